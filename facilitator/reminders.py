"""iCalendar reminders: one all-day event per dated action, and the follow-up date.

Each event names its participant, so the trainer's combined calendar reads
"Action for Ada Brennan: ..." and a forwarded invite still says whose it
is. A calendar file must hold at least one component (RFC 5545), so the
follow-up date is always in it, which also means a person with no dated
actions still gets a valid file that reminds them of the follow-up.
Control characters are dropped: RFC 5545 forbids them, and a stray one
would lose the reminder in some calendar apps.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from facilitator.engine import Session
from facilitator.engine import details as session_details
from facilitator.export import action_rows, printable

SUMMARY_CHARS = 120
ALARM_AT = timedelta(hours=9)


def _due(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def one_line(text: str, limit: int = SUMMARY_CHARS) -> str:
    """A summary line: controls out, whitespace folded, cut with an ellipsis."""
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def to_ics(workshop: Session, participant: str | None = None) -> str:
    """The session's action reminders (or one participant's) and the follow-up, as one calendar."""
    from icalendar import Alarm, Calendar, Event, Todo

    info = session_details.read(workshop)
    cal = Calendar()
    cal.add("prodid", "-//Facilitator//workshop actions//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", one_line(f"Actions: {info.title}"))
    try:
        stamp = datetime.fromisoformat(info.created or "2000-01-01T00:00:00+00:00")
    except ValueError:
        stamp = datetime.fromisoformat("2000-01-01T00:00:00+00:00")
    rows = [r for r in action_rows(workshop) if participant is None or r["participant_id"] == participant]
    for row in rows:
        due = _due(row["due"])
        if due is None:
            continue
        name = one_line(row["participant"], 60)
        event = Event()
        event.add("uid", f"{info.id}-{row['entry_id']}@facilitator")
        event.add("dtstamp", stamp)
        event.add("summary", f"Action for {name}: {one_line(row['action'])}")
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("description", printable("\n".join(_details(info.title, row))))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Workshop action due: {one_line(row['action'])}")
        alarm.add("trigger", ALARM_AT)
        event.add_component(alarm)
        cal.add_component(event)
    follow_up = info.follow_up_date
    suffix = f"-{participant}" if participant else ""
    if follow_up is not None:
        event = Event()
        event.add("uid", f"{info.id}-follow-up{suffix}@facilitator")
        event.add("dtstamp", stamp)
        event.add("summary", one_line(f"Workshop follow-up: {info.title}"))
        event.add("dtstart", follow_up)
        event.add("dtend", follow_up + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add(
            "description", printable(f"Look back at your actions from {info.title}: what worked, what next?")
        )
        cal.add_component(event)
    else:
        todo = Todo()
        todo.add("uid", f"{info.id}-follow-up{suffix}@facilitator")
        todo.add("dtstamp", stamp)
        todo.add("summary", one_line(f"Look back at your actions from {info.title}"))
        cal.add_component(todo)
    return str(cal.to_ical().decode("utf-8"))


def _details(title: str, row: dict[str, str]) -> list[str]:
    lines = [f"From the workshop: {title}", f"For: {row['participant']}", f"Action: {row['action']}"]
    if row["support"]:
        lines.append(f"Who or what will help: {row['support']}")
    if row["measure"]:
        lines.append(f"How I will know it worked: {row['measure']}")
    return lines


def write_per_participant(workshop: Session, out_dir: Path, people: Sequence[str] = ()) -> list[Path]:
    """One `.ics` per person (everyone given a plan, or the ids in `people`); returns the paths.

    Files are named like the plans ("ada-brennan.ics"), through the same
    slugs, so they can never leave `out_dir`.
    """
    from facilitator.handouts.filenames import OutputFolder, unique_slugs

    owners = {r["participant_id"] for r in action_rows(workshop)}
    everyone = workshop.participants()
    chosen = [p for p in everyone if (p.id in people if people else p.status != "absent" or p.id in owners)]
    slugs = unique_slugs((p.id, p.name) for p in chosen)
    folder = OutputFolder(out_dir)
    return [folder.write(slugs[p.id], ".ics", to_ics(workshop, p.id)) for p in chosen]
