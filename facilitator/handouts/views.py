"""The plain data a participant's plan is made of: what templates read, nothing they compute.

Kept apart from `context` (which builds these from a session) and `layout`
(which measures them), so both can use the types without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Details:
    """The workshop's header, the same on every page."""

    title: str
    date: str
    trainer: str
    client: str
    venue: str
    agenda: str
    follow_up: str


@dataclass(frozen=True)
class Action:
    """One row of "My actions"."""

    what: str
    due: str
    support: str
    measure: str


@dataclass(frozen=True)
class TickRow:
    """A checklist item and, per round shown, whether the observer ticked it."""

    label: str
    marks: tuple[bool, ...]


@dataclass(frozen=True)
class ChecklistView:
    """One checklist step as seen by the person observed in it.

    Every round in which the person was observed is shown, side by side, so
    progress from one call to the next is visible; the summary counts the
    last round, which is where the person got to.
    """

    title: str
    exercise: str
    rounds: tuple[int, ...]
    rows: tuple[TickRow, ...]
    summary: str


@dataclass(frozen=True)
class Labelled:
    """A captured entry: its first field as a headline, the rest labelled."""

    headline: str
    details: tuple[tuple[str, str], ...]
    owner: str = ""


@dataclass(frozen=True)
class EntryGroup:
    """The entries of one capture step, under that step's title."""

    title: str
    entries: tuple[Labelled, ...]


@dataclass(frozen=True)
class Cell:
    """A table cell: text, or a score out of `maximum` (drawn as dots)."""

    text: str
    score: int | None = None
    maximum: int = 0


@dataclass(frozen=True)
class Table:
    """A captured step shown as a grid, one row per entry (the relationship map)."""

    title: str
    columns: tuple[str, ...]
    score_columns: tuple[bool, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class ParticipantPlan:
    """Everything on one person's action plan."""

    id: str
    name: str
    team: str
    slug: str
    actions: tuple[Action, ...]
    checklists: tuple[ChecklistView, ...]
    relationship_maps: tuple[Table, ...]
    relationship_plan: tuple[tuple[str, str], ...]
    has_relationships: bool
    suggestions: tuple[EntryGroup, ...]
    suggestion_columns: tuple[tuple[EntryGroup, ...], tuple[EntryGroup, ...]]
    suggestions_heading: str
    has_suggestions: bool
    estimated_mm: float
