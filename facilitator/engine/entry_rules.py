"""Checking what a scribe typed against an exercise's fields.

The scribe types fast in front of a room, so mistakes come back as one short
line naming the field, and text is stored exactly as typed: a participant's
words are theirs, brackets, emoji and all.
"""

from __future__ import annotations

from datetime import date, datetime

from facilitator.model import Capture, Field

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%d.%m.%Y")


class EntryError(ValueError):
    """A value the step cannot accept; str() is one line for the screen."""


def parse_date(text: str) -> date:
    """Read a due date in the forms trainers actually type."""
    cleaned = " ".join(text.replace(",", " ").split())
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise EntryError(f"write a date like 2026-12-15, not {text!r}")


def clean_value(field: Field, value: object) -> str | int:
    """One field's value, normalised (dates to ISO, scores to int, choices to their spelling)."""
    if field.kind == "score":
        try:
            score = int(str(value).strip())
        except ValueError:
            raise EntryError(f"{field.label}: give a whole number from {field.min} to {field.max}") from None
        if not field.min <= score <= field.max:
            raise EntryError(f"{field.label}: give a whole number from {field.min} to {field.max}")
        return score
    text = "" if value is None else str(value)
    if not text.strip():
        return text if field.kind in ("text", "long") else ""
    if field.kind == "choice":
        for choice in field.choices:
            if choice.casefold() == text.strip().casefold():
                return choice
        raise EntryError(f"{field.label}: choose one of {', '.join(field.choices)}")
    if field.kind == "date":
        try:
            return parse_date(text).isoformat()
        except EntryError as exc:
            raise EntryError(f"{field.label}: {exc}") from None
    return text


def clean_entry(step: Capture, data: dict[str, object]) -> dict[str, str | int]:
    """Validate a whole entry; blank optional fields are stored as empty strings."""
    known = {f.id: f for f in step.fields}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise EntryError(f"this step has no field {unknown[0]!r}")
    cleaned: dict[str, str | int] = {}
    for field in step.fields:
        raw = data.get(field.id)
        if field.kind == "score" and (raw is None or str(raw).strip() == ""):
            if field.required:
                raise EntryError(f"{field.label} is needed")
            cleaned[field.id] = ""
            continue
        value = clean_value(field, raw)
        if field.required and str(value).strip() == "":
            raise EntryError(f"{field.label} is needed")
        cleaned[field.id] = value
    if all(str(v).strip() == "" for v in cleaned.values()):
        raise EntryError("the entry is empty")
    return cleaned
