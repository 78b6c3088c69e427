"""A session's state, typed: what a session file holds once it has been read.

Every TinyDB document decodes into one of these structs when a session is
opened (see `decode`) and is encoded from them on save (see `records`), so
nothing outside the engine sees a raw dict, and a file that does not decode
is damaged rather than half-read. The structs are frozen: a change builds a
new one, saves it, and only then replaces the old one in memory, so a save
that fails (a full disk) leaves memory as the disk is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from facilitator.engine.plan import Slot
from facilitator.model import Exercise

#: Version 1 kept every detail in one flat meta record; `decode` migrates it.
SCHEMA_VERSION = 2

Status = Literal["setup", "running", "finished"]
Attendance = Literal["present", "absent", "late", "left"]
EntryKind = Literal["capture", "rating", "checklist", "vote"]
#: A captured field's text or score, a rating cell's score, a checklist tick, a vote's target.
Value = str | int | bool

STATUSES: tuple[Attendance, ...] = ("present", "absent", "late", "left")
PRESENT: tuple[Attendance, ...] = ("present", "late")

SessionId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,80}$")]
ParticipantId = Annotated[str, msgspec.Meta(pattern=r"^p[1-9][0-9]{0,8}$")]
NonNegative = Annotated[int, msgspec.Meta(ge=0)]


class _Record(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every stored struct: frozen, so a change is a new value."""


class Details(_Record, frozen=True, kw_only=True):
    """What the trainer says about the session; printed on every handout."""

    id: SessionId
    title: str
    date: str = ""
    trainer: str = ""
    client: str = ""
    venue: str = ""
    follow_up: str = ""
    agenda: str = ""
    agenda_title: str = ""
    created: datetime | None = None


#: The details a trainer may edit, in the order Setup shows them.
EDITABLE_DETAILS = ("title", "date", "trainer", "client", "venue", "follow_up")


class StepState(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """What has happened on one slot: time spent, its countdown, and what the room has seen."""

    #: The room has been on this slot since then (None while elsewhere).
    entered_at: datetime | None = None
    #: Seconds spent on the slot before `entered_at`.
    spent: float = 0.0
    #: The countdown runs since then (None while stopped).
    running_since: datetime | None = None
    #: Seconds the countdown ran before `running_since`.
    elapsed: float = 0.0
    #: Seconds the trainer added (+) or took away (-).
    adjust: float = 0.0
    #: The role-play or checklist round on screen (None: follow the default).
    round: int | None = None
    #: How often the role-play groups were reshuffled (part of the deal's seed).
    shuffle: NonNegative = 0
    #: Who the role-play groups were dealt from, fixed when first dealt.
    people: tuple[str, ...] | None = None
    #: Talking points revealed so far.
    points_shown: NonNegative = 0
    #: Whether a vote's tally is on screen.
    tally_shown: bool = False
    #: Which debrief chart a small screen shows.
    chart: NonNegative = 0


class SessionMeta(_Record, frozen=True, kw_only=True):
    """The session's one meta record: details, the running order and where the room is."""

    details: Details
    seed: int
    status: Status = "setup"
    position: NonNegative = 0
    plan: Annotated[tuple[Slot, ...], msgspec.Meta(min_length=1)]
    steps: dict[str, StepState] = {}
    #: The trainer blanked the projector (the room display follows it).
    blanked: bool = False
    version: int = SCHEMA_VERSION


class Participant(_Record, frozen=True, kw_only=True):
    """Someone in the room, or expected in it."""

    id: ParticipantId
    name: str
    team: str = ""
    role: str = ""
    email: str = ""
    company: str = ""
    status: Attendance = "present"
    order: int = 0
    #: Taken off the roster; kept so a file never has fewer people than its backup.
    removed: bool = False

    @property
    def present(self) -> bool:
        """Late arrivals are present once they arrive; absentees and leavers are not."""
        return self.status in PRESENT and not self.removed


class Change(_Record, frozen=True, kw_only=True):
    """One undoable change to an entry: what it was before."""

    op: Literal["add", "edit", "delete"]
    data: dict[str, Value] = {}
    deleted: bool = False
    seq: int = 0


class Entry(_Record, frozen=True, kw_only=True):
    """One contribution: a captured entry, a row of scores, a checklist or a dot vote."""

    id: Annotated[str, msgspec.Meta(min_length=1)]
    step: str
    kind: EntryKind
    owner: str
    data: dict[str, Value]
    round: int = 0
    seq: int = 0
    created: datetime | None = None
    updated: datetime | None = None
    deleted: bool = False
    log: tuple[Change, ...] = ()


class Draft(_Record, frozen=True, kw_only=True):
    """What someone typed into a form and has not saved yet, kept so nothing typed is lost."""

    step: str
    owner: str
    #: The entry being edited, or "" for a new one.
    entry: str = ""
    fields: dict[str, str] = {}
    updated: datetime | None = None


class SessionState:
    """Everything a session holds, in memory, as the disk has it.

    Entries are kept by step in the order they were made, because every
    question the room asks ("12 of 19 entered", the tally, the list) is about
    one step. `entries` must come in the file's order.
    """

    def __init__(
        self,
        meta: SessionMeta,
        exercises: dict[str, Exercise],
        people: Iterable[Participant],
        entries: Iterable[Entry],
        drafts: Iterable[Draft] = (),
    ) -> None:
        self.meta = meta
        self.exercises = exercises
        self.people: dict[str, Participant] = {p.id: p for p in sorted(people, key=lambda p: p.order)}
        self.entries: dict[str, Entry] = {}
        self.by_step: dict[str, list[Entry]] = {}
        #: Where each entry stands in the order entries were made (the file's order).
        self._made: dict[str, int] = {}
        self._seq = 0
        for entry in entries:
            self._seq = max(self._seq, entry.seq)
            self._made[entry.id] = len(self._made)
            self.entries[entry.id] = entry
            if not entry.deleted:
                self.by_step.setdefault(entry.step, []).append(entry)
        self.drafts: dict[tuple[str, str], Draft] = {(d.step, d.owner): d for d in drafts}

    def put_entry(self, entry: Entry) -> None:
        """Bring memory in line with an entry just saved."""
        old = self.entries.get(entry.id)
        self.entries[entry.id] = entry
        self._made.setdefault(entry.id, len(self._made))
        listed = self.by_step.setdefault(entry.step, [])
        if old is None:
            listed.append(entry)  # a new entry: the common case, no search
            return
        where = next((i for i in range(len(listed) - 1, -1, -1) if listed[i].id == entry.id), None)
        if entry.deleted:
            if where is not None:
                del listed[where]
        elif where is not None:
            listed[where] = entry
        else:
            # Brought back by undo: back to its place among the step's entries.
            listed.append(entry)
            listed.sort(key=lambda e: self._made[e.id])

    def take_seq(self) -> int:
        """The order number of the next change to an entry (undo walks back by it)."""
        self._seq += 1
        return self._seq

    def counts(self) -> tuple[int, int]:
        """(participants, entries) records held, removed and deleted ones included.

        The engine never removes a record, so a later version of a file never
        holds fewer than an earlier one: the test for a backup worth keeping.
        """
        return len(self.people), len(self.entries)
