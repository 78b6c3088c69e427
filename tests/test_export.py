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
from factories import FULL_AGENDA, SHORT_AGENDA, make_workshop
from handout_fixtures import filled
from hostile import HOSTILE
from icalendar import Calendar

from facilitator import cli, export
from facilitator.engine import Session
from facilitator.reminders import SUMMARY_CHARS, to_ics, write_per_participant

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
    for cell in ("=1+1", "+SUM(1,2)", "-2+3+cmd|' /C calc'!A0", "@import", "  =1", "\t=1", "+1+1", "-A1"):
        assert export.neutralise(cell).startswith("'"), cell
    for cell in ("Plain words", "+44 20 7946 0958", "-2", "+1 (312) 555-0147", "020 7946 0813", "1+1"):
        assert export.neutralise(cell) == cell, cell


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


def test_ics_has_one_all_day_reminder_per_action_naming_its_participant(session: Session) -> None:
    cal = Calendar.from_ical(to_ics(session))
    events = [e for e in cal.walk("VEVENT") if "follow-up" not in str(e["uid"])]
    assert len(events) == 3
    first = events[0]
    assert first.decoded("dtstart") == date(2026, 12, 1)
    assert first.decoded("dtend") == date(2026, 12, 2)
    assert str(first["summary"]) == "Action for Ada Brennan: Read back numbers"
    assert "For: Ada Brennan" in str(first["description"])
    assert str(events[2]["summary"]).startswith("Action for Bilal Chaudhry:")
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
    ics = to_ics(w)
    assert "\x00" not in ics and "\x1b" not in ics
    events = [e for e in Calendar.from_ical(ics).walk("VEVENT") if "follow-up" not in str(e["uid"])]
    assert len(events) == len(HOSTILE)
    summaries = [str(e["summary"]) for e in events]
    assert any(s.endswith(": <script>alert('x')</script>") for s in summaries)
    assert all("\n" not in s and len(s) <= len("Action for : ") + 60 + SUMMARY_CHARS for s in summaries)


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
        assert len(Calendar.from_ical(text).walk("VEVENT")) == 2  # the action and the follow-up


# ----- Excel, labels, privacy, follow-up, per-participant calendars ------------------------------


def excel_rows(raw: bytes, delimiter: str) -> list[dict[str, str]]:
    """Read the bytes the way Excel does: UTF-8 with its BOM, the excel dialect, the given separator."""
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), dialect="excel", delimiter=delimiter))


@pytest.mark.parametrize("delimiter", [";", ","])
def test_excel_csv_has_a_bom_and_reads_back_in_the_excel_dialect(session: Session, delimiter: str) -> None:
    session.add_entry(ACTIONS, "p3", {"action": "Ring +44 20 7946 0958; then -5", "due": "2026-12-04",
                                      "support": "+44 20 7946 0958"})  # fmt: skip
    raw = export.to_csv(session, excel=True, delimiter=delimiter).encode("utf-8")
    got = excel_rows(raw, delimiter)
    assert [r["participant"] for r in got] == ["Ada Brennan", "Ada Brennan", "Bilal Chaudhry", "Chen Wei"]
    assert got[3]["support"] == "+44 20 7946 0958"  # a phone number is not turned into text
    assert got[3]["action"] == "Ring +44 20 7946 0958; then -5"
    assert got[1]["action"].startswith("'=")


def test_excel_separator_follows_the_locales_decimal_comma(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export.locale, "localeconv", lambda: {"decimal_point": ","})
    assert export.excel_delimiter() == ";"
    assert (
        export.to_csv(session, excel=True).splitlines()[0]
        == "\ufeffparticipant;team;action;due;support;measure"
    )
    monkeypatch.setattr(export.locale, "localeconv", lambda: {"decimal_point": "."})
    assert export.to_csv(session, excel=True).splitlines()[0].startswith("\ufeffparticipant,team")
    assert not export.to_csv(session).startswith("\ufeff")


def test_json_carries_labels_and_the_follow_up_and_leaves_private_ratings_out(tmp_path: Path) -> None:
    w = filled(tmp_path, people=3)
    w.set_details(follow_up="2027-01-15")
    doc = json.loads(export.to_json(w))
    assert doc["follow_up"] == "2027-01-15"
    assert doc["steps"]["walk-the-talk/standards"]["aspects"] == ["With customers", "With colleagues"]
    rating = next(e for e in doc["entries"] if e["step"] == "walk-the-talk/standards")
    value = next(v for v in rating["values"] if v["id"] == "expectations#1")
    assert value["label"] == "We agree expectations up front" and value["aspect"] == "With colleagues"
    story = next(e for e in doc["entries"] if e["step"] == "service-stories/stories")
    category = next(v for v in story["values"] if v["id"] == "category")
    assert category["label"] == "Category" and category["value"] == story["data"]["category"]
    assert category["value_label"] == story["data"]["category"].capitalize()
    assert not any(e["step"].startswith("relationship-map/") for e in doc["entries"])
    assert doc["private_entries_left_out"]["relationship-map/my-relationships"] == 9
    assert "My team leader" not in json.dumps(doc)
    assert len(doc["actions"]) == 9  # actions are what a follow-up is for: they stay
    full = json.loads(export.to_json(w, include_private=True))
    assert any(e["step"] == "relationship-map/my-relationships" for e in full["entries"])
    assert full["private_entries_left_out"] == {}


def test_json_follow_up_defaults_to_thirty_days_later_on_a_weekday(session: Session) -> None:
    assert json.loads(export.to_json(session))["follow_up"] == "2026-12-24"  # a Thursday


def test_ics_carries_the_follow_up_and_is_valid_with_no_dated_actions(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=2)
    w.set_details(follow_up="2027-01-15")
    cal = Calendar.from_ical(to_ics(w))
    events = cal.walk("VEVENT")
    assert len(events) == 1 and events[0].decoded("dtstart") == date(2027, 1, 15)
    assert str(cal["version"]) == "2.0" and cal.get("prodid")


def test_ics_per_participant_writes_one_valid_file_each(session: Session, tmp_path: Path) -> None:
    written = write_per_participant(session, tmp_path / "ics")
    assert [p.name for p in written] == ["ada-brennan.ics", "bilal-chaudhry.ics", "chen-wei.ics"]
    counts = {}
    for path in written:
        cal = Calendar.from_ical(path.read_text(encoding="utf-8"))
        actions = [e for e in cal.walk("VEVENT") if "follow-up" not in str(e["uid"])]
        counts[path.stem] = len(actions)
        assert len(cal.walk("VEVENT")) == len(actions) + 1
    assert counts == {"ada-brennan": 2, "bilal-chaudhry": 1, "chen-wei": 0}
    ada = written[0].read_text(encoding="utf-8")
    assert "Bilal" not in ada


def test_cli_export_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    w = make_workshop(tmp_path / "data", agenda=SHORT_AGENDA, people=2)
    w.add_entry(ACTIONS, "p1", {"action": "Read back numbers", "due": "2026-12-01"})
    sid = w.id
    w.close()
    base = ["--data-dir", str(tmp_path / "data"), "export", sid]
    out = tmp_path / "excel.csv"
    assert cli.main([*base, "--format", "csv", "--excel", "--delimiter", ";", "--out", str(out)]) == 0
    assert excel_rows(out.read_bytes(), ";")[0]["action"] == "Read back numbers"
    capsys.readouterr()
    assert cli.main([*base, "--format", "ics", "--per-participant", str(tmp_path / "ics")]) == 0
    assert capsys.readouterr().out.splitlines() == [str(tmp_path / "ics" / "ada-brennan.ics"),
                                                    str(tmp_path / "ics" / "bilal-chaudhry.ics")]  # fmt: skip
    assert cli.main([*base, "--format", "json", "--excel"]) == 1
    assert "--excel" in capsys.readouterr().err


def test_json_never_names_who_placed_a_dot_on_an_anonymous_vote(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    w.add_entry("service-stories/stories", "p1", {"title": "Kind words", "category": "excellent"})
    target = w.candidates("service-stories/best-award")[0].id
    w.cast_vote("service-stories/best-award", target, voter="p2")  # a phone's dot: capped per person
    doc = json.loads(export.to_json(w))
    dots = [e for e in doc["entries"] if e["kind"] == "vote"]
    assert dots and all(e["owner"] == "group" for e in dots)
    assert "p2" not in json.dumps(dots)
