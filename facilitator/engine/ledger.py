"""What every part of a session shares: the typed state, its records and the clock.

The parts of a session (roster, entries, votes, timeline, ...) each do one
job; they share this ledger rather than a base class. A change goes through
it in one order: build the new record, write it, and only after the write
succeeded put it in memory and tell whoever listens (the room display, the
phone server, a second view). That order is what makes a full disk cost the
last change only, with memory and disk still agreeing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import msgspec

from facilitator.engine.decode import DamagedState
from facilitator.engine.errors import SessionError
from facilitator.engine.ids import parse_step_key
from facilitator.engine.plan import Slot
from facilitator.engine.records import Records
from facilitator.engine.state import Entry, SessionMeta, SessionState, StepState
from facilitator.model import Exercise, Step

Clock = Callable[[], datetime]
StepT = TypeVar("StepT")
Listener = Callable[[str], None]


def utc_now() -> datetime:
    """The real clock; tests and snapshots pass a fixed one instead."""
    return datetime.now(UTC)


class Ledger:
    """The open session's state, the file behind it, and who to tell about changes."""

    def __init__(self, records: Records, state: SessionState, clock: Clock = utc_now) -> None:
        self.records = records
        self.state = state
        self.clock = clock
        self._listeners: list[Listener] = []
        #: Goes up by one with every change saved or read from disk; views compare it.
        self.revision = 0

    @property
    def meta(self) -> SessionMeta:
        """The meta record as saved."""
        return self.state.meta

    @property
    def readonly(self) -> bool:
        """True when this window may only look."""
        return self.records.readonly

    # ----- telling others ------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(what)` after every change; returns a function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def changed(self, what: str) -> None:
        """Count a change and tell the listeners ("step", "entries", "roster", "timer", ...)."""
        self.revision += 1
        for listener in list(self._listeners):
            listener(what)

    # ----- steps ----------------------------------------------------------------------------

    @property
    def plan(self) -> tuple[Slot, ...]:
        """The running order, breaks included."""
        return self.meta.plan

    def slot(self, key: str) -> Slot:
        """The slot with this key."""
        found = next((s for s in self.meta.plan if s.key == key), None)
        if found is None:
            raise SessionError(f"there is no step {key!r} in this session's plan")
        return found

    def step(self, key: str) -> Step | None:
        """The exercise step behind a slot key; None for breaks and unknown keys."""
        part = parse_step_key(key)
        exercise = self.state.exercises.get(part.exercise)
        return exercise.step(part.step) if exercise else None

    def exercise(self, key: str) -> Exercise | None:
        """The exercise a slot key belongs to."""
        return self.state.exercises.get(parse_step_key(key).exercise)

    def step_of(self, key: str, kind: type[StepT]) -> StepT:
        """The step behind `key`, insisting on its kind (a capture, a rating...)."""
        step = self.step(key)
        if not isinstance(step, kind):
            raise SessionError(f"{key} is not a {kind.__name__.lower()} step")
        return step

    def step_state(self, key: str) -> StepState:
        """What has happened on a slot so far."""
        return self.meta.steps.get(key) or StepState()

    # ----- saving ----------------------------------------------------------------------------

    def save_meta(self, meta: SessionMeta, what: str) -> None:
        """Write a new meta record, then adopt it."""
        self.records.save_meta(meta)
        self.state.meta = meta
        self.changed(what)

    def browse(self, meta: SessionMeta) -> None:
        """A read-only window looks elsewhere: memory only, never the disk."""
        assert self.readonly, "a writable window saves its moves"
        self.state.meta = meta
        self.changed("step")

    def update_meta(self, what: str, **changes: Any) -> None:
        """Change some fields of the meta record."""
        self.save_meta(msgspec.structs.replace(self.meta, **changes), what)

    def save_step(self, key: str, what: str, **changes: Any) -> None:
        """Change some fields of one slot's state."""
        state = msgspec.structs.replace(self.step_state(key), **changes)
        self.update_meta(what, steps={**self.meta.steps, key: state})

    def save_entry(self, entry: Entry) -> Entry:
        """Write an entry (new or changed), then adopt it."""
        self.records.save_entry(entry)
        self.state.put_entry(entry)
        self.changed("entries")
        return entry

    # ----- following another window --------------------------------------------------------

    def follow(self) -> bool:
        """Re-read the file if another window saved since; True when something changed.

        Only a read-only view needs this: a writer holds the lock, so nobody
        else can change its file. A version that does not decode (the other
        window is mid-recovery, a hand edit) is skipped and the last good
        state stays on screen.
        """
        if not self.readonly or not self.records.changed_on_disk():
            return False
        try:
            self.state = self.records.read()
        except (DamagedState, OSError):
            return False
        self.changed("reload")
        return True
