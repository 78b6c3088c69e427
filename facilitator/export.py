"""Session exports: JSON (everything), CSV (one row per action), iCalendar (reminders).

CSV is opened in spreadsheets, where a cell starting with `=`, `+`, `-` or `@`
runs as a formula (even after leading spaces, in some); participants' words
are neutralised before they get there. CSV and iCalendar also drop control
characters (NUL, ESC, ...): spreadsheets cut text at a NUL and RFC 5545
forbids them, so a stray one would lose or break the reminder. JSON keeps
every character, escaped, because it is the faithful copy.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from facilitator.engine import Session

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("participant", "team", "action", "due", "support", "measure")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SUMMARY_CHARS = 120


def printable(text: str) -> str:
    """Text without control characters (newlines and tabs are kept)."""
    return _CONTROL.sub("", text)


def neutralise(cell: str) -> str:
    """Prefix a quote so a spreadsheet shows the text instead of evaluating it."""
    cell = printable(cell)
    return "'" + cell if cell.lstrip(" ").startswith(FORMULA_STARTS) else cell


def action_rows(workshop: Session) -> list[dict[str, str]]:
    """One row per personal action, with its owner's name and team, in plan order."""
    people = {p.id: p for p in workshop.participants()}
    rows = []
    for entry in workshop.section_entries("actions"):
        person = people.get(entry.owner)
        rows.append(
            {
                "participant_id": entry.owner,
                "participant": person.name if person else workshop.owner_label(entry.owner),
                "team": person.team if person else "",
                "action": str(entry.data.get("action", "")),
                "due": str(entry.data.get("due", "")),
                "support": str(entry.data.get("support", "")),
                "measure": str(entry.data.get("measure", "")),
                "entry_id": entry.id,
            }
        )
    return rows


def to_json(workshop: Session) -> str:
    """The whole session: details, plan, roster, every entry, and the actions list."""
    people = workshop.participants()
    names = {p.id: p.name for p in people}
    doc: dict[str, Any] = {
        "id": workshop.id,
        "title": workshop.title,
        "date": workshop.details.date,
        "trainer": workshop.details.trainer,
        "client": workshop.details.client,
        "venue": workshop.details.venue,
        "follow_up": workshop.details.follow_up,
        "agenda": workshop.details.agenda,
        "status": workshop.status,
        "plan": [
            {**slot.to_dict(), "actual_minutes": round(workshop.spent(slot.key) / 60, 1)}
            for slot in workshop.plan
        ],
        "participants": [
            {
                "id": p.id,
                "name": p.name,
                "team": p.team,
                "role": p.role,
                "email": p.email,
                "status": p.status,
            }
            for p in people
        ],
        "entries": [
            {
                "id": e.id,
                "step": e.step,
                "kind": e.kind,
                "owner": e.owner,
                "owner_name": names[e.owner] if e.owner in names else workshop.owner_label(e.owner),
                "round": e.round,
                "data": e.data,
            }
            for slot in workshop.plan
            for e in workshop.entries(slot.key)
        ],
        "actions": [
            {
                "participant_id": r["participant_id"],
                "participant": r["participant"],
                "team": r["team"],
                "text": r["action"],
                "due": r["due"],
                "support": r["support"],
                "measure": r["measure"],
            }
            for r in action_rows(workshop)
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_csv(workshop: Session) -> str:
    """One row per action, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in action_rows(workshop):
        writer.writerow([neutralise(row[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def _due(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _one_line(text: str, limit: int = SUMMARY_CHARS) -> str:
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def to_ics(workshop: Session) -> str:
    """One all-day reminder per action that has a due date, with an alarm at 9:00 that day."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Facilitator//workshop actions//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _one_line(f"Actions: {workshop.title}"))
    stamp = workshop.details.created or datetime(2000, 1, 1, tzinfo=UTC)
    for row in action_rows(workshop):
        due = _due(row["due"])
        if due is None:
            continue
        event = Event()
        event.add("uid", f"{workshop.id}-{row['entry_id']}@facilitator")
        event.add("dtstamp", stamp)
        event.add("summary", f"Action: {_one_line(row['action'])}")
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        details = [f"From the workshop: {workshop.title}", f"Action: {row['action']}"]
        if row["support"]:
            details.append(f"Who or what will help: {row['support']}")
        if row["measure"]:
            details.append(f"How I will know it worked: {row['measure']}")
        event.add("description", printable("\n".join(details)))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Workshop action due: {_one_line(row['action'])}")
        alarm.add("trigger", timedelta(hours=9))
        event.add_component(alarm)
        cal.add_component(event)
    return str(cal.to_ical().decode("utf-8"))


def render(workshop: Session, fmt: str) -> str:
    """Export in one of the formats the CLI offers."""
    if fmt == "json":
        return to_json(workshop)
    if fmt == "csv":
        return to_csv(workshop)
    if fmt == "ics":
        return to_ics(workshop)
    raise ValueError(f"unknown export format {fmt!r}")
