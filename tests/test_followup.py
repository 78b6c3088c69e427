"""After the day: the follow-up date rule, `facilitator followup` across sessions, and email drafts.

Drafts are parsed back with `email.parser`, the way a mail client reads
them, and their attachments opened (the PDF with pypdf, the calendar with
icalendar), so the test checks what the participant would receive.
"""

from __future__ import annotations

import json
from datetime import date
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from io import BytesIO
from pathlib import Path

import pytest
from factories import SHORT_AGENDA, make_workshop
from hostile import HOSTILE
from icalendar import Calendar
from pypdf import PdfReader

from facilitator import cli
from facilitator.email_drafts import write_drafts
from facilitator.engine import Workspace, open_session
from facilitator.engine.details import default_follow_up
from facilitator.followup import FollowUpError, due_actions, parse_within

ACTIONS = "action-plan/my-actions"


@pytest.mark.parametrize(
    ("workshop", "expected"),
    [
        (date(2026, 11, 24), date(2026, 12, 24)),  # a Thursday: kept
        (date(2026, 11, 30), date(2026, 12, 30)),  # a Wednesday
        (date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 11, 26), date(2026, 12, 28)),  # Saturday 26 December -> Monday
        (date(2026, 11, 27), date(2026, 12, 28)),  # Sunday 27 December -> Monday
    ],
)
def test_follow_up_defaults_to_thirty_days_later_off_a_weekend(workshop: date, expected: date) -> None:
    assert default_follow_up(workshop) == expected
    assert default_follow_up(workshop).weekday() < 5  # type: ignore[union-attr]
    assert default_follow_up(None) is None


def test_new_sets_the_follow_up_given_or_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path)]
    new = [*data, "new", SHORT_AGENDA, "--title", "Desk", "--date", "2026-11-26"]
    assert cli.main([*new, "--follow-up", "2027-01-15"]) == 0
    given = capsys.readouterr().out.strip()
    assert cli.main(new) == 0
    default = capsys.readouterr().out.strip()
    for sid, expected in ((given, "2027-01-15"), (default, "2026-12-28")):
        w = open_session(Workspace(tmp_path), sid, readonly=True)
        assert w.details.follow_up == expected
        w.close()
    assert cli.main([*new, "--follow-up", "2026-11-01"]) == 1
    assert "before the workshop" in capsys.readouterr().err
    assert cli.main([*new, "--follow-up", "someday"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_parse_within() -> None:
    assert parse_within("14d") == 14 and parse_within("2w") == 14 and parse_within("7") == 7
    with pytest.raises(FollowUpError):
        parse_within("soon")


def _two_sessions(root: Path) -> tuple[str, str]:
    first = make_workshop(root, agenda=SHORT_AGENDA, people=3, title="Morning desk")
    first.add_entry(ACTIONS, "p1", {"action": "Read back numbers", "due": "2026-12-10"})
    first.add_entry(ACTIONS, "p2", {"action": "Ask when suits", "due": "2026-12-02"})
    second = make_workshop(root, agenda=SHORT_AGENDA, people=2, title="Afternoon desk")
    second.add_entry(ACTIONS, "p1", {"action": "Give a time", "due": "2027-03-01"})
    ids = first.id, second.id
    first.close()
    second.close()
    return ids


def test_followup_lists_every_due_action_across_sessions_by_date(tmp_path: Path) -> None:
    first, second = _two_sessions(tmp_path)
    found, problems = due_actions(Workspace(tmp_path), today=date(2026, 12, 1))
    assert problems == []
    assert [(a.due, a.participant, a.session) for a in found] == [
        ("2026-12-02", "Bilal Chaudhry", first),
        ("2026-12-10", "Ada Brennan", first),
        ("2027-03-01", "Ada Brennan", second),
    ]
    soon, _ = due_actions(Workspace(tmp_path), today=date(2026, 12, 1), within_days=14)
    assert [a.action for a in soon] == ["Ask when suits", "Read back numbers"]
    only, _ = due_actions(Workspace(tmp_path), today=date(2026, 12, 1), session=second)
    assert [a.action for a in only] == ["Give a time"] and only[0].follow_up == "2026-12-24"


def test_followup_command_prints_lines_or_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _two_sessions(tmp_path)
    assert cli.main(["--data-dir", str(tmp_path), "followup", "--session", first]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:3] for line in lines] == [
        ["2026-12-02", "Bilal Chaudhry", first],
        ["2026-12-10", "Ada Brennan", first],
    ]
    assert cli.main(["--data-dir", str(tmp_path), "followup", second, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(a["due"], a["participant"], a["action"], a["follow_up"]) for a in doc] == [
        ("2027-03-01", "Ada Brennan", "Give a time", "2026-12-24")
    ]
    assert cli.main(["--data-dir", str(tmp_path), "followup", "--due-within", "soon"]) == 1
    assert cli.main(["--data-dir", str(tmp_path), "followup", "--eml", str(tmp_path / "eml")]) == 1
    assert "needs a session" in capsys.readouterr().err


def read_eml(path: Path) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


def test_eml_drafts_carry_actions_plan_pdf_and_reminders(tmp_path: Path) -> None:
    w = make_workshop(tmp_path / "data", agenda=SHORT_AGENDA, people=3)
    w.edit_participant("p1", email="ada@example.com")
    w.edit_participant("p2", email="not an address")
    w.set_details(follow_up="2027-01-15")
    w.add_entry(ACTIONS, "p1", {"action": "Read back numbers", "due": "2026-12-10", "support": "Hana"})
    w.add_entry(ACTIONS, "p2", {"action": "Bilal's secret action", "due": "2026-12-11"})
    drafts = write_drafts(w, tmp_path / "eml")
    assert [p.name for p in drafts.written] == ["ada-brennan.eml"]
    assert [(p.id, why) for p, why in drafts.without_email] == [
        ("p2", "email address unusable"),
        ("p3", "no email address"),
    ]
    message = read_eml(drafts.written[0])
    assert message["To"].addresses[0].addr_spec == "ada@example.com"
    assert message["To"].addresses[0].display_name == "Ada Brennan"
    assert message["X-Unsent"] == "1" and "Front desk refresher" in message["Subject"]
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Read back numbers" in text and "2026-12-10" in text and "Hana" in text
    assert "Friday 15 January 2027" in text and "Bilal" not in text
    parts = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(parts) == {"action-plan.pdf", "reminders.ics"}
    pdf = PdfReader(BytesIO(parts["action-plan.pdf"].get_content()))
    assert len(pdf.pages) == 1 and "Ada Brennan" in (pdf.pages[0].extract_text() or "")
    assert "secret" not in (pdf.pages[0].extract_text() or "")
    cal = Calendar.from_ical(parts["reminders.ics"].get_content())
    summaries = sorted(str(e["summary"]) for e in cal.walk("VEVENT"))
    assert summaries == [
        "Action for Ada Brennan: Read back numbers",
        "Workshop follow-up: Front desk refresher",
    ]


def test_eml_drafts_survive_hostile_names_and_actions(tmp_path: Path) -> None:
    w = make_workshop(tmp_path / "data", agenda=SHORT_AGENDA, people=0)
    for i, text in enumerate(HOSTILE):
        person = w.add_participant(text if text.strip() else f"Blank {i}", email=f"p{i}@example.com")
        w.add_entry(ACTIONS, person.id, {"action": text if text.strip() else "x", "due": "2026-12-01"})
    drafts = write_drafts(w, tmp_path / "eml")
    assert len(drafts.written) == len(HOSTILE) and drafts.without_email == []
    assert {p.parent for p in drafts.written} == {tmp_path / "eml"}
    for path in drafts.written:
        message = read_eml(path)
        assert "\n" not in str(message["Subject"]) and "\x00" not in str(message["To"])
        assert len(message["To"].addresses) == 1
        assert {p.get_filename() for p in message.iter_attachments()} == {"action-plan.pdf", "reminders.ics"}


def test_followup_lines_and_excel_csv_survive_hostile_strings(tmp_path: Path) -> None:
    import csv
    import io

    from facilitator import export
    from facilitator.followup import lines

    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=0)
    for i, text in enumerate(HOSTILE):
        person = w.add_participant(
            text if text.strip() else f"Blank {i}", team=HOSTILE[(i + 3) % len(HOSTILE)]
        )
        w.add_entry(ACTIONS, person.id, {"action": text if text.strip() else "x", "due": "2026-12-01",
                                         "support": text, "measure": text})  # fmt: skip
    sid = w.id
    w.close()
    found, problems = due_actions(Workspace(tmp_path), today=date(2026, 11, 1), within_days=60)
    assert problems == [] and len(found) == len(HOSTILE)
    for line in lines(found):
        assert line.count("\t") == 3 and "\n" not in line and "\x00" not in line
    json.dumps([a.to_dict() for a in found], ensure_ascii=False)
    w = open_session(Workspace(tmp_path), sid, readonly=True)
    text = export.to_csv(w, excel=True, delimiter=";")
    w.close()
    got = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert len(got) == len(HOSTILE)
    for row in got:
        assert all(not export.runs_as_formula(cell) for cell in row.values())
