"""Exports: CSV one row per action (formula-safe), JSON the whole session, ICS one reminder per due action.

Each format is read back with the library a user's tools would use (csv,
json, icalendar), not compared as text, so the tests check what a
spreadsheet or calendar would actually show.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from factories import SHORT_AGENDA, make_workshop
from handout_fixtures import filled
from hostile import HOSTILE
from icalendar import Calendar

from facilitator import cli, export
from facilitator.engine import Session

ACTIONS = "action-plan/my-actions"


@pytest.fixture
def session(tmp_path: Path) -> Session:
    """Three people; Ada has two actions (one without a date is impossible: due is required)."""
    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=3)
    w.add_entry(ACTIONS, "p1", {"action": "Read back numbers", "due": "2026-12-01", "support": "Hana"})
    w.add_entry(ACTIONS, "p1", {"action": '=HYPERLINK("http://x","csv")', "due": "2026-12-02"})
    w.add_entry(ACTIONS, "p2", {"action": "Ask when suits", "due": "2026-12-03", "measure": "-5 complaints"})
    return w


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# ----- CSV -----------------------------------------------------------------------------------------


def test_csv_has_one_row_per_action_with_owner_and_team(session: Session) -> None:
    got = rows(export.to_csv(session))
    assert [r["participant"] for r in got] == ["Ada Brennan", "Ada Brennan", "Bilal Chaudhry"]
    assert list(got[0]) == ["participant", "team", "action", "due", "support", "measure"]
    assert got[0] == {
        "participant": "Ada Brennan",
        "team": "Front Desk",
        "action": "Read back numbers",
        "due": "2026-12-01",
        "support": "Hana",
        "measure": "",
    }


def test_csv_neutralises_formula_cells(session: Session) -> None:
    got = rows(export.to_csv(session))
    assert got[1]["action"] == '\'=HYPERLINK("http://x","csv")'
    assert got[2]["measure"] == "'-5 complaints"
    for cell in ("=1+1", "+SUM(1,2)", "-2", "@import", "  =1", "\t=1"):
        assert export.neutralise(cell).startswith("'"), cell
    assert export.neutralise("Plain words") == "Plain words"


def test_csv_survives_hostile_names_teams_and_actions(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=0)
    for i, text in enumerate(HOSTILE):
        person = w.add_participant(
            text if text.strip() else f"Blank {i}", team=HOSTILE[(i + 5) % len(HOSTILE)]
        )
        action = text if text.strip() else "x"
        w.add_entry(ACTIONS, person.id, {"action": action, "due": "2026-12-01", "support": text})
    got = rows(export.to_csv(w))
    assert len(got) == len(HOSTILE)
    for row in got:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@")), cell
            assert "\x00" not in cell and "\x1b" not in cell
    assert any(r["action"] == "<script>alert('x')</script>" for r in got)
    assert any(r["participant"] == "李小龍" for r in got)
    assert any(r["action"] == "line one\nline two" for r in got)


# ----- JSON ----------------------------------------------------------------------------------------


def test_json_is_the_whole_session_with_participants_and_actions(session: Session) -> None:
    doc = json.loads(export.to_json(session))
    assert doc["id"] == session.id and doc["title"] == "Front desk refresher"
    assert [{k: p[k] for k in ("id", "name", "team")} for p in doc["participants"]] == [
        {"id": "p1", "name": "Ada Brennan", "team": "Front Desk"},
        {"id": "p2", "name": "Bilal Chaudhry", "team": "Front Desk"},
        {"id": "p3", "name": "Chen Wei", "team": "Accounts"},
    ]
    assert [(a["participant_id"], a["text"]) for a in doc["actions"]] == [
        ("p1", "Read back numbers"),
        ("p1", '=HYPERLINK("http://x","csv")'),
        ("p2", "Ask when suits"),
    ]
    assert len(doc["plan"]) == len(session.plan)
    assert len(doc["entries"]) == 3


def test_json_keeps_every_character(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=0)
    person = w.add_participant("NUL\x00byte")
    w.add_entry(ACTIONS, person.id, {"action": "\x1b[31mred\x1b[0m", "due": "2026-12-01"})
    doc = json.loads(export.to_json(w))
    assert doc["participants"][0]["name"] == "NUL\x00byte"
    assert doc["actions"][0]["text"] == "\x1b[31mred\x1b[0m"


def test_json_of_a_full_day(tmp_path: Path) -> None:
    w = filled(tmp_path, people=4)
    doc = json.loads(export.to_json(w))
    assert len(doc["actions"]) == 12
    assert {a["participant_id"] for a in doc["actions"]} == {"p1", "p2", "p3", "p4"}
    assert all(slot["actual_minutes"] > 0 for slot in doc["plan"])


# ----- iCalendar ---------------------------------------------------------------------------------


def test_ics_has_one_all_day_reminder_per_action(session: Session) -> None:
    cal = Calendar.from_ical(export.to_ics(session))
    events = cal.walk("VEVENT")
    assert len(events) == 3
    first = events[0]
    assert first.decoded("dtstart") == date(2026, 12, 1)
    assert first.decoded("dtend") == date(2026, 12, 2)
    assert str(first["summary"]) == "Action: Read back numbers"
    assert "Who or what will help: Hana" in str(first["description"])
    assert first.get("dtstamp") is not None
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == 3 and all(u.startswith(session.id) for u in uids)
    alarm = first.walk("VALARM")[0]
    assert alarm.decoded("trigger") == timedelta(hours=9)


def test_ics_survives_hostile_actions(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=0)
    for i, text in enumerate(HOSTILE):
        person = w.add_participant(f"P{i}")
        w.add_entry(
            ACTIONS,
            person.id,
            {"action": text if text.strip() else "x", "due": "2026-12-01", "measure": text},
        )
    ics = export.to_ics(w)
    assert "\x00" not in ics and "\x1b" not in ics
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert len(events) == len(HOSTILE)
    summaries = [str(e["summary"]) for e in events]
    assert "Action: <script>alert('x')</script>" in summaries
    assert all("\n" not in s and len(s) <= len("Action: ") + export.SUMMARY_CHARS for s in summaries)


# ----- the command ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "ics"])
def test_cli_export_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    w = make_workshop(tmp_path / "data", agenda=SHORT_AGENDA, people=2)
    w.add_entry(ACTIONS, "p1", {"action": "Read back numbers", "due": "2026-12-01"})
    sid = w.id
    w.close()
    out = tmp_path / f"actions.{fmt}"
    code = cli.main(["--data-dir", str(tmp_path / "data"), "export", sid, "--format", fmt, "--out", str(out)])
    assert code == 0 and capsys.readouterr().out.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        assert rows(text)[0]["action"] == "Read back numbers"
    elif fmt == "json":
        assert json.loads(text)["actions"][0]["text"] == "Read back numbers"
    else:
        assert len(Calendar.from_ical(text).walk("VEVENT")) == 1
