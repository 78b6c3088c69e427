"""The report's appendix: stories and rewritten sentences, laid out as fields to read at leisure.

A story prints its choices as tags (a category: "Poor"), its fields with
their labels, and its last text field (the lesson) in bold, instead of one
grey run-on line joined by "·". A rewrite prints the sentence it replaced,
struck through, above the new one.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.engine import Entry
from facilitator.engine import day_figures as figures
from facilitator.handouts.context import Snapshot, field_value
from facilitator.handouts.text import one_line
from facilitator.model import Capture, Step, is_private


@dataclass(frozen=True)
class Story:
    """An appendix entry laid out as fields: tags, the fields, and its last word in bold."""

    headline: str
    before: str
    tags: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]
    lesson: tuple[str, str] | None
    owner: str


@dataclass(frozen=True)
class AppendixSection:
    """The stories or rewrites of one step."""

    title: str
    exercise: str
    rewrite: bool
    stories: tuple[Story, ...]


def in_appendix(step: Step) -> bool:
    """Stories (a long text field) and rewrites are read at leisure: they go to the appendix."""
    return isinstance(step, Capture) and (
        figures.is_rewrite(step.fields) or any(f.kind == "long" for f in step.fields)
    )


def appendix(snap: Snapshot, shown: set[str]) -> tuple[AppendixSection, ...]:
    """Every story and rewrite step of the exercises shown, as fields, in plan order."""
    out = []
    for key, step in snap.steps.items():
        ex_id = key.partition("/")[0]
        if ex_id not in shown or is_private(step) or not isinstance(step, Capture) or not in_appendix(step):
            continue
        stories = tuple(s for e in snap.entries.get(key, []) if (s := story(snap, step, e)) is not None)
        if stories:
            ex = snap.workshop.exercises[ex_id]
            out.append(
                AppendixSection(
                    one_line(step.title), one_line(ex.title), figures.is_rewrite(step.fields), stories
                )
            )
    return tuple(out)


def story(snap: Snapshot, step: Capture, entry: Entry) -> Story | None:
    """One entry laid out as fields; None when it holds nothing."""
    owner = one_line(snap.workshop.owner_label(entry.owner)) if step.per == "team" else ""
    values = [(f, field_value(f, entry.data.get(f.id, ""))) for f in step.fields]
    filled = [(f, v) for f, v in values if v]
    if not filled:
        return None
    texts = [(f, v) for f, v in filled if f.kind in ("text", "long")]
    tags = tuple(v for f, v in filled if f.kind == "choice")
    if figures.is_rewrite(step.fields):
        required = [(f, v) for f, v in texts if f.required]
        before, after = (required[0][1], required[1][1]) if len(required) >= 2 else ("", texts[0][1])
        rest = tuple(
            (one_line(f.label), v) for f, v in filled if v not in (before, after) and f.kind != "choice"
        )
        return Story(after, before, tags, rest, None, owner)
    headline = texts[0][1] if texts else filled[0][1]
    lesson_field = texts[-1] if len(texts) > 1 else None
    rest = tuple(
        (one_line(f.label), v)
        for f, v in filled
        if v != headline and f.kind != "choice" and (lesson_field is None or f is not lesson_field[0])
    )
    lesson = (one_line(lesson_field[0].label), lesson_field[1]) if lesson_field else None
    return Story(headline, "", tags, rest, lesson, owner)
