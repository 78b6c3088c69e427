"""What a phone shows for the room's current step, for one person: plain data for a template.

A phone offers a form only where a person enters something of their own:
a private step filled in per participant, a capture step marked
`self_entry`, a dot vote, a rating scored per participant. Everything a
phone is given is that person's own, or what the projector shows anyway
(a vote's candidates); never another person's private entry, never a
tally before the trainer reveals it, never a half-typed draft but their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from facilitator.engine import Entry, Session
from facilitator.engine.aggregates import cell_key
from facilitator.model import Capture, Field, Rating, Step, Vote

Form = Literal["capture", "vote", "rating", "screen", "break", "finished"]


@dataclass(frozen=True)
class FieldView:
    """One input of a capture form, with what it holds now."""

    id: str
    label: str
    kind: str
    help: str
    required: bool
    choices: tuple[str, ...]
    scale: tuple[int, ...]
    value: str


@dataclass(frozen=True)
class EntryView:
    """One of the person's own entries: a one-line summary and its version for a safe edit."""

    id: str
    seq: int
    summary: str


@dataclass(frozen=True)
class Candidate:
    """One choice in a dot vote, and how many of this person's dots it has."""

    id: str
    label: str
    mine: int
    #: The person's own entry (a vote may ask people not to vote for their own).
    own: bool = False


@dataclass(frozen=True)
class Cell:
    """One score to give in a rating: an item, or an item under one aspect."""

    name: str
    label: str
    value: int | None


@dataclass
class PhoneStep:
    """Everything a phone page needs about the step the room is on."""

    key: str
    title: str
    form: Form
    instructions: str = ""
    private: bool = False
    fields: list[FieldView] = field(default_factory=list)
    entries: list[EntryView] = field(default_factory=list)
    max_entries: int = 0
    editing: str = ""
    editing_seq: int = 0
    candidates: list[Candidate] = field(default_factory=list)
    dots_left: int = 0
    dots_each: int = 0
    room_full: bool = False
    cells: list[Cell] = field(default_factory=list)
    scale: tuple[int, ...] = ()
    low_label: str = ""
    high_label: str = ""
    based_on: int = 0


def phone_form(step: Step | None) -> Form:
    """Which form a step offers on a phone ("screen": none, look at the projector)."""
    if isinstance(step, Capture) and step.per == "participant":
        return "capture" if step.visibility == "private" or step.self_entry else "screen"
    if isinstance(step, Vote):
        return "vote"
    if isinstance(step, Rating) and step.per == "participant":
        return "rating"
    return "screen"


def offered(session: Session, key: str) -> Form:
    """The form the step behind `key` offers on phones, in this session ("screen": none)."""
    step = session.step(key)
    if isinstance(step, Vote) and not _vote_is_public(session, key, step):
        return "screen"
    return phone_form(step)


def build(session: Session, pid: str, *, editing: str = "", typed: dict[str, str] | None = None) -> PhoneStep:
    """The page for `pid` on the current step; `typed` refills a form that was refused."""
    slot = session.current
    if session.status == "finished":
        return PhoneStep(slot.key, "The workshop has finished", "finished")
    if slot.is_break:
        return PhoneStep(slot.key, slot.title, "break")
    step = session.step(slot.key)
    form = offered(session, slot.key)
    view = PhoneStep(slot.key, step.title if step else slot.title, form)
    if isinstance(step, Capture) and form == "capture":
        _capture(session, view, step, pid, editing, typed)
    elif isinstance(step, Vote) and form == "vote":
        _vote(session, view, step, pid)
    elif isinstance(step, Rating) and form == "rating":
        _rating(session, view, step, pid, typed)
    if form != "screen" and step is not None:
        view.instructions = step.instructions.strip()
        view.private = step.visibility == "private"
    return view


def own_entries(session: Session, key: str, pid: str) -> list[Entry]:
    """This person's live entries on a step, nobody else's."""
    return [e for e in session.entries(key) if e.owner == pid]


def _capture(
    session: Session, view: PhoneStep, step: Capture, pid: str, editing: str, typed: dict[str, str] | None
) -> None:
    mine = own_entries(session, view.key, pid)
    view.max_entries = step.max_entries
    view.entries = [EntryView(e.id, e.seq, summary(step, e)) for e in mine]
    edited = next((e for e in mine if e.id == editing), None)
    draft = session.drafts.get(view.key, pid)
    values: dict[str, str] = {}
    if edited is not None:
        view.editing, view.editing_seq = edited.id, edited.seq
        values = {k: str(v) for k, v in edited.data.items()}
        if draft is not None and draft.entry == edited.id:
            values = dict(draft.fields)
    elif draft is not None and not draft.entry:
        values = dict(draft.fields)
    if typed is not None:
        values = typed
    view.fields = [_field(f, values.get(f.id, "")) for f in step.fields]


def _field(f: Field, value: str) -> FieldView:
    scale = tuple(range(f.min, f.max + 1)) if f.kind == "score" else ()
    return FieldView(f.id, f.label, f.kind, f.help, f.required, tuple(f.choices), scale, value)


def summary(step: Capture, entry: Entry) -> str:
    """An entry in one line: its fields' values, in the step's order, blanks left out."""
    parts = [str(entry.data.get(f.id, "")).strip() for f in step.fields]
    return " · ".join(p for p in parts if p) or "(empty)"


def _vote_is_public(session: Session, key: str, step: Vote) -> bool:
    """A vote among a private step's entries would show them on phones: those stay on the screen."""
    among = session.step(session.resolve(key, step.among))
    return among is not None and among.visibility != "private"


def _vote(session: Session, view: PhoneStep, step: Vote, pid: str) -> None:
    dots = session.entries(view.key, "vote")
    mine = [d for d in dots if d.owner == pid]
    view.dots_each = step.votes_each
    view.dots_left = max(0, step.votes_each - len(mine))
    view.room_full = len(dots) >= session.votes.cap(view.key)
    view.candidates = [
        Candidate(
            c.id,
            str(c.data.get(step.label_field, "")).strip() or "(untitled)",
            sum(1 for d in mine if d.data.get("target") == c.id),
            c.owner == pid,
        )
        for c in session.candidates(view.key)
    ]


def _rating(session: Session, view: PhoneStep, step: Rating, pid: str, typed: dict[str, str] | None) -> None:
    row = next((e for e in session.entries(view.key) if e.owner == pid), None)
    view.based_on = row.seq if row is not None else 0
    view.scale = tuple(range(step.min, step.max + 1))
    view.low_label, view.high_label = step.low_label, step.high_label
    aspects: list[tuple[int | None, str]] = list(enumerate(step.aspects)) or [(None, "")]
    for item in step.items:
        for index, aspect in aspects:
            name = item.id if index is None else f"{item.id}@{index}"
            label = item.label if index is None else f"{item.label}: {aspect}"
            if typed is not None:
                text = typed.get(name, "")
                value = int(text) if text.lstrip("-").isdigit() else None
            else:
                value = _score(row, item.id, index)
            view.cells.append(Cell(name, label, value))


def _score(row: Entry | None, item: str, aspect: int | None) -> int | None:
    if row is None:
        return None
    value = row.data.get(cell_key(item, aspect))
    return value if isinstance(value, int) and not isinstance(value, bool) else None
