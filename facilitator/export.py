"""Session exports: JSON (the session, labelled), CSV (one row per action), iCalendar (see `reminders`).

CSV is opened in spreadsheets, which run a cell as a formula when it starts
with `=`, `@`, `+` or `-`; participants' words that would run are prefixed
with an apostrophe. A number or a phone number (`+44 20 7946 0958`, `-5`)
runs as nothing but itself, so it is left alone: an apostrophe there would
turn a trainer's phone list into text for no gain. `--excel` adds what
Excel needs to open the file right by double-click: a UTF-8 BOM (else it
guesses the legacy code page) and `;` between cells where the locale writes
decimals with a comma (else every row lands in one column).

JSON keeps every character, escaped, because it is the faithful copy, and
carries labels next to ids (items, aspects, fields) so it reads without the
exercise files. Private relationship ratings stay out of it unless asked for.
"""

from __future__ import annotations

import csv
import io
import json
import locale
import re
from typing import Any

from facilitator.engine import GROUP, Entry, Session
from facilitator.engine import details as session_details
from facilitator.model import Capture, Checklist, Rating, Step, Vote, is_private

FORMULA_STARTS = ("=", "@", "+", "-", "\t", "\r")
CSV_COLUMNS = ("participant", "team", "action", "due", "support", "measure")
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "comma": ",", "semicolon": ";"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER_LIKE = re.compile(r"[+-]?[\d(][\d\s().\-/]*")
EXPORT_FORMATS = ("json", "csv", "ics")


def printable(text: str) -> str:
    """Text without control characters (newlines and tabs are kept)."""
    return _CONTROL.sub("", text)


def runs_as_formula(cell: str) -> bool:
    """Whether a spreadsheet would evaluate the cell rather than show it.

    `=` and `@` always start a formula (and tab or CR ahead of one hides it);
    `+` and `-` do too, unless what follows is only digits and the
    punctuation of numbers and phone numbers, which evaluates to itself.
    """
    text = cell.lstrip(" ")
    if not text.startswith(FORMULA_STARTS):
        return False
    if text[0] in "+-":
        return _NUMBER_LIKE.fullmatch(text.rstrip()) is None
    return True


def neutralise(cell: str) -> str:
    """Prefix an apostrophe where a spreadsheet would run the cell; controls removed."""
    cell = printable(cell)
    return "'" + cell if runs_as_formula(cell) else cell


def action_rows(workshop: Session) -> list[dict[str, str]]:
    """One row per personal action, with its owner's name, team and email, in plan order."""
    people = {p.id: p for p in workshop.participants()}
    rows = []
    for entry in workshop.section_entries("actions"):
        person = people.get(entry.owner)
        rows.append(
            {
                "participant_id": entry.owner,
                "participant": person.name if person else workshop.owner_label(entry.owner),
                "team": person.team if person else "",
                "email": person.email if person else "",
                "action": str(entry.data.get("action", "")),
                "due": str(entry.data.get("due", "")),
                "support": str(entry.data.get("support", "")),
                "measure": str(entry.data.get("measure", "")),
                "entry_id": entry.id,
            }
        )
    return rows


def excel_delimiter() -> str:
    """`;` where the user's locale writes decimals with a comma (Excel's list separator there), else `,`."""
    saved = locale.setlocale(locale.LC_NUMERIC)
    try:
        locale.setlocale(locale.LC_NUMERIC, "")
        point = locale.localeconv().get("decimal_point")
    except locale.Error:
        point = "."
    finally:
        locale.setlocale(locale.LC_NUMERIC, saved)
    return ";" if point == "," else ","


def to_csv(workshop: Session, *, excel: bool = False, delimiter: str | None = None) -> str:
    """One row per action, safe to open in a spreadsheet; `excel` adds the BOM and the locale's separator."""
    sep = DELIMITERS.get(delimiter or "", "") or (excel_delimiter() if excel else ",")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in action_rows(workshop):
        writer.writerow([neutralise(row[c]) for c in CSV_COLUMNS])
    return ("\ufeff" if excel else "") + out.getvalue()


def step_description(step: Step) -> dict[str, Any]:
    """A step's labels: what each id in an entry's data means."""
    doc: dict[str, Any] = {"title": step.title, "kind": str(type(step).__struct_config__.tag)}
    if isinstance(step, Capture):
        doc["fields"] = [
            {
                "id": f.id,
                "label": f.label,
                "kind": f.kind,
                **({"choices": list(f.choices)} if f.choices else {}),
            }
            for f in step.fields
        ]
    if isinstance(step, Rating):
        doc["items"] = [{"id": i.id, "label": i.label} for i in step.items]
        doc["aspects"] = list(step.aspects)
        doc["scale"] = {"min": step.min, "max": step.max, "low": step.low_label, "high": step.high_label}
    if isinstance(step, Checklist):
        doc["items"] = [{"id": i.id, "label": i.label} for i in step.items]
    return doc


def labelled_values(step: Step | None, entry: Entry) -> list[dict[str, Any]]:
    """The entry's values, each with the label of its field, item or aspect beside the id."""
    values: list[dict[str, Any]] = []
    if isinstance(step, Capture):
        fields = {f.id: f for f in step.fields}
        for key, value in entry.data.items():
            field = fields.get(key)
            labelled: dict[str, Any] = {"id": key, "label": field.label if field else key, "value": value}
            if field is not None and field.kind == "choice" and isinstance(value, str) and value:
                labelled["value_label"] = value[:1].upper() + value[1:]
            values.append(labelled)
    elif isinstance(step, Rating | Checklist):
        items = {i.id: i.label for i in step.items}
        aspects = step.aspects if isinstance(step, Rating) else []
        for key, value in entry.data.items():
            item, _, aspect = key.partition("#")
            row: dict[str, Any] = {"id": key, "item": item, "label": items.get(item, item), "value": value}
            if aspect.isdigit() and int(aspect) < len(aspects):
                row["aspect"] = aspects[int(aspect)]
            values.append(row)
    elif isinstance(step, Vote):
        values.append({"id": "target", "label": "Dot for", "value": entry.data.get("target", "")})
    return values


def _shared(step: Step | None) -> bool:
    """Whether a step's entries go in an export without `--include-private`.

    Actions are private to the room but are the reason the trainer exports
    (follow-up, reminders), so they stay; the relationship map does not.
    """
    return not is_private(step) or (isinstance(step, Capture) and step.handout == "actions")


def _owner_name(workshop: Session, names: dict[str, str], owner: str) -> str:
    return names[owner] if owner in names else workshop.owner_label(owner)


def to_json(workshop: Session, *, include_private: bool = False) -> str:
    """The whole session: details, plan, steps with labels, roster, entries and the actions list."""
    info = session_details.read(workshop)
    people = workshop.participants()
    names = {p.id: p.name for p in people}
    follow_up = info.follow_up_date
    steps = {s.key: step for s in workshop.plan if s.exercise and (step := workshop.step(s.key)) is not None}
    entries: list[dict[str, Any]] = []
    left_out: dict[str, int] = {}
    for slot in workshop.plan:
        step = steps.get(slot.key)
        found = workshop.entries(slot.key)
        if found and not include_private and not _shared(step):
            left_out[slot.key] = len(found)
            continue
        secret_ballot = isinstance(step, Vote) and step.anonymous
        entries.extend(
            {
                "id": e.id,
                "step": e.step,
                "kind": e.kind,
                # A phone's dot on an anonymous vote records its voter (to cap their dots): never exported.
                "owner": GROUP if secret_ballot else e.owner,
                "owner_name": _owner_name(workshop, names, GROUP if secret_ballot else e.owner),
                "round": e.round,
                "data": e.data,
                "values": labelled_values(step, e),
            }
            for e in found
        )
    doc: dict[str, Any] = {
        "id": info.id,
        "title": info.title,
        "date": info.date,
        "trainer": info.trainer,
        "client": info.client,
        "venue": info.venue,
        "follow_up": follow_up.isoformat() if follow_up else "",
        "agenda": info.agenda,
        "agenda_title": info.agenda_title,
        "status": info.status,
        "plan": [
            {**slot.to_dict(), "actual_minutes": round(workshop.spent(slot.key) / 60, 1)}
            for slot in workshop.plan
        ],
        "steps": {key: step_description(step) for key, step in steps.items()},
        "participants": [
            {"id": p.id, "name": p.name, "team": p.team, "role": p.role, "email": p.email, "status": p.status}
            for p in people
        ],
        "entries": entries,
        "private_entries_left_out": left_out,
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


def render(
    workshop: Session,
    fmt: str,
    *,
    excel: bool = False,
    delimiter: str | None = None,
    include_private: bool = False,
) -> str:
    """Export in one of the formats the CLI offers."""
    if fmt == "json":
        return to_json(workshop, include_private=include_private)
    if fmt == "csv":
        return to_csv(workshop, excel=excel, delimiter=delimiter)
    if fmt == "ics":
        from facilitator.reminders import to_ics

        return to_ics(workshop)
    raise ValueError(f"unknown export format {fmt!r}")
