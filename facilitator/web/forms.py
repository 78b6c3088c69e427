"""Reading what a phone sent into the engine's terms, with the web's own size limits.

The engine checks every value the way it checks the keyboard's (fields,
choices, dates, scores, limits per person); what is added here is only what
a network needs: no field longer than `Limits.field_chars`, no number that
is not a number, and a refusal that keeps what the person typed so they can
fix it rather than type it again.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import FormData

from facilitator.model import Capture, Rating

FIELD = "f."
SCORE = "s."
#: Most form fields a phone may send: a capture step's fields plus a few of our own.
MAX_FIELDS = 120


class FormProblem(Exception):
    """What a person sent cannot be used; `str()` is one line for them."""


def plain(form: FormData) -> dict[str, str]:
    """The form's text values (the first of each name); uploads are never accepted."""
    values: dict[str, str] = {}
    for name, value in form.multi_items():
        if isinstance(value, str) and name not in values:
            values[name] = value
    return values


def number(form: Mapping[str, str], name: str) -> int:
    """A whole number our own page put in the form (a version, say)."""
    text = form.get(name, "").strip()
    if not text.isdigit() or len(text) > 12:
        raise FormProblem("This page is out of date. Open it again.")
    return int(text)


def field_values(step: Capture, form: Mapping[str, str], limit: int) -> dict[str, str]:
    """The capture step's fields as typed (the engine cleans them), each within `limit` characters."""
    values = {f.id: form.get(FIELD + f.id, "") for f in step.fields}
    for f in step.fields:
        size = len(values[f.id])
        if size > limit:
            raise FormProblem(
                f"“{f.label}” is too long: {size:,} characters. Keep it under {limit:,}, then save again."
            )
    return values


def cell_name(item: str, aspect: int | None) -> str:
    """A rating cell's name in the form: the item, or item@aspect."""
    return item if aspect is None else f"{item}@{aspect}"


def score_cells(step: Rating, form: Mapping[str, str]) -> dict[tuple[str, int | None], int | None]:
    """Every cell of the rating, scored or left empty (None clears it)."""
    aspects: list[int | None] = list(range(len(step.aspects))) or [None]
    cells: dict[tuple[str, int | None], int | None] = {}
    for item in step.items:
        for aspect in aspects:
            raw = form.get(SCORE + cell_name(item.id, aspect), "").strip()
            if raw == "":
                cells[(item.id, aspect)] = None
                continue
            try:
                cells[(item.id, aspect)] = int(raw)
            except ValueError:
                raise FormProblem(f"Give {item.label!r} a score from {step.min} to {step.max}.") from None
    return cells


def typed_scores(step: Rating, form: Mapping[str, str]) -> dict[str, str]:
    """The scores as tapped, keyed like the page's cells, to show them again after a refusal."""
    aspects: list[int | None] = list(range(len(step.aspects))) or [None]
    return {
        cell_name(i.id, a): form.get(SCORE + cell_name(i.id, a), "")[:12] for i in step.items for a in aspects
    }
