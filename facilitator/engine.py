"""The session engine: one workshop's state, and every change the room makes to it.

The TUI and the CLI only ever talk to a `Workshop`. Each method that changes
something writes it to the session file before it returns, so whatever the
screen showed a moment before a crash is on disk. Writes are few and whole:
timers, position and per-step state live in the one meta record; each entry
is one record that carries its own undo log, so a save is one write.

The class is layered (see `session_core`): this module adds navigation,
timing and agenda edits on top of the roster and contributions layers, and
creates and opens sessions.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

import msgspec

from facilitator.contributions import Contributions
from facilitator.loader import Library
from facilitator.plan import Slot, build_plan, exercise_slots
from facilitator.roster import RosterRow
from facilitator.session_core import (
    GROUP,
    PRESENT,
    STATUSES,
    Clock,
    Entry,
    Participant,
    WorkshopError,
    team_owner,
    utc_now,
)
from facilitator.store import DataDir
from facilitator.timing import TimerState, schedule_delta, schedule_text, spent_seconds, timer_state

__all__ = [
    "GROUP",
    "PRESENT",
    "STATUSES",
    "Clock",
    "Entry",
    "Participant",
    "Workshop",
    "WorkshopError",
    "create_session",
    "open_session",
    "team_owner",
    "utc_now",
]


class Workshop(Contributions):
    """One open session. Create with `create_session` or `open_session`."""

    def close(self) -> None:
        """Stop the clock on the current slot and release the file."""
        if not self.readonly:
            self._leave_slot()
            self._save_meta()
        self.opened.close()

    def set_details(self, **changes: str) -> None:
        """Change the title, date, trainer or client shown on handouts."""
        for key in ("title", "date", "trainer", "client", "venue", "follow_up"):
            if key in changes:
                self.meta[key] = changes[key]
        self._save_meta()
        if self.data is not None:
            self.data.update_index(self.meta)

    def jump(self, index: int) -> Slot:
        """Go to any slot; time spent is booked to the slot being left."""
        if not 0 <= index < len(self.meta["plan"]):
            raise WorkshopError(f"there is no step {index + 1}; the plan has {len(self.meta['plan'])}")
        if index != self.position or "entered_at" not in self._slot_state(self.current.key):
            self._leave_slot()
            self.meta["position"] = index
            self._slot_state(self.current.key)["entered_at"] = self.clock().isoformat()
            started = self.meta.get("status") == "setup"
            if started:
                self.meta["status"] = "running"
            self._save_meta()
            if started and self.data is not None:
                self.data.update_index(self.meta)
        return self.current

    def next(self) -> Slot:
        """Move on; at the last slot, stay there."""
        return self.jump(min(self.position + 1, len(self.meta["plan"]) - 1))

    def previous(self) -> Slot:
        """Go back one slot; at the first slot, stay there."""
        return self.jump(max(self.position - 1, 0))

    def begin(self) -> Slot:
        """Start (or resume) the clock on the current slot, e.g. when the Run screen opens."""
        return self.jump(self.position)

    def _leave_slot(self) -> None:
        state = self._slot_state(self.current.key)
        if "entered_at" in state:
            state["spent"] = spent_seconds(state, self.clock())
            del state["entered_at"]

    def finish(self) -> None:
        """Mark the session finished (wrap-up reached)."""
        self._leave_slot()
        self.meta["status"] = "finished"
        self._save_meta()
        if self.data is not None:
            self.data.update_index(self.meta)

    # ----- agenda edits (Setup) --------------------------------------------------------------

    def exercise_minutes(self) -> list[tuple[str, int]]:
        """Each exercise in the running order with its planned minutes."""
        totals: dict[str, int] = {}
        for slot in self.plan:
            if slot.exercise:
                totals[slot.exercise] = totals.get(slot.exercise, 0) + slot.minutes
        return list(totals.items())

    def _replace_plan(self, slots: list[Slot]) -> None:
        current = self.current.key
        self.meta["plan"] = [s.to_dict() for s in slots]
        keys = [s.key for s in slots]
        self.meta["position"] = keys.index(current) if current in keys else 0
        self._save_meta()

    def set_exercise_minutes(self, exercise_id: str, minutes: int) -> None:
        """Give an exercise a new length; its steps are scaled to fit."""
        if minutes < 1:
            raise WorkshopError("an exercise needs at least 1 minute")
        new = exercise_slots(self.exercises[exercise_id], minutes)
        self._splice(exercise_id, new)

    def drop_exercise(self, exercise_id: str) -> None:
        """Take an exercise out of today's plan (its entries, if any, stay stored)."""
        slots = [s for s in self.plan if s.exercise != exercise_id]
        if not slots:
            raise WorkshopError("the plan needs at least one step")
        self._replace_plan(slots)

    def move_exercise(self, exercise_id: str, offset: int) -> None:
        """Move an exercise (with its steps) earlier or later past whole exercises and breaks."""
        blocks: list[list[Slot]] = []
        for slot in self.plan:
            if blocks and slot.exercise and blocks[-1][0].exercise == slot.exercise:
                blocks[-1].append(slot)
            else:
                blocks.append([slot])
        index = next(i for i, b in enumerate(blocks) if b[0].exercise == exercise_id)
        target = max(0, min(len(blocks) - 1, index + offset))
        blocks.insert(target, blocks.pop(index))
        self._replace_plan([s for b in blocks for s in b])

    def _splice(self, exercise_id: str, new: list[Slot]) -> None:
        out: list[Slot] = []
        done = False
        for slot in self.plan:
            if slot.exercise == exercise_id:
                if not done:
                    out.extend(new)
                    done = True
            else:
                out.append(slot)
        self._replace_plan(out)

    # ----- timing ------------------------------------------------------------------------------

    def timer(self, key: str | None = None) -> TimerState:
        """The countdown of a slot (the current one by default)."""
        key = key or self.current.key
        slot = next(s for s in self.plan if s.key == key)
        return timer_state(self._slot_state(key), slot.minutes, self.clock())

    def start_timer(self) -> None:
        """Start or resume the countdown."""
        state = self._slot_state(self.current.key)
        if not state.get("running_since"):
            state["running_since"] = self.clock().isoformat()
            self._save_meta()

    def pause_timer(self) -> None:
        """Freeze the countdown where it is."""
        state = self._slot_state(self.current.key)
        if state.get("running_since"):
            state["elapsed"] = self.timer().elapsed
            state["running_since"] = None
            self._save_meta()

    def toggle_timer(self) -> None:
        """Space bar: start when stopped, pause when running."""
        if self.timer().running:
            self.pause_timer()
        else:
            self.start_timer()

    def adjust_timer(self, minutes: int) -> None:
        """Add or take away whole minutes (never below zero in total)."""
        state = self._slot_state(self.current.key)
        planned = self.current.minutes * 60
        state["adjust"] = max(-planned, float(state.get("adjust", 0.0)) + minutes * 60)
        self._save_meta()

    def reset_timer(self) -> None:
        """Back to the planned time, stopped."""
        state = self._slot_state(self.current.key)
        for key in ("elapsed", "running_since", "adjust"):
            state.pop(key, None)
        self._save_meta()

    def spent(self, key: str) -> float:
        """Wall-clock seconds the room has spent on a slot."""
        return spent_seconds(self._slot_state(key), self.clock())

    def schedule_minutes(self) -> int:
        """Minutes behind (positive) or ahead (negative) of the plan."""
        slots = self.plan
        return schedule_delta([s.minutes for s in slots], [self.spent(s.key) for s in slots], self.position)

    def schedule(self) -> str:
        """The strip's words: "7 min behind", "3 min ahead" or "on time"."""
        return schedule_text(self.schedule_minutes())

    def actual_minutes(self) -> dict[str, float]:
        """Minutes actually spent per exercise (and per break key), for the report."""
        out: dict[str, float] = {}
        for slot in self.plan:
            name = slot.exercise or slot.key
            out[name] = out.get(name, 0.0) + self.spent(slot.key) / 60
        return out


def create_session(
    data: DataDir,
    library: Library,
    agenda_id: str,
    title: str,
    date: str,
    trainer: str = "",
    roster: Iterable[RosterRow] = (),
    seed: int | None = None,
    clock: Clock = utc_now,
    session_id: str | None = None,
) -> Workshop:
    """Create a session from an agenda, copying the agenda and its exercises into it.

    The copy means editing an exercise file later never changes a past session.
    """
    agenda = library.agendas.get(agenda_id)
    if agenda is None:
        known = ", ".join(sorted(library.agendas)) or "none"
        raise WorkshopError(f"no agenda {agenda_id!r} (known: {known})")
    if not title.strip():
        raise WorkshopError("a session needs a title")
    used = {item.exercise for item in agenda.items if item.exercise}
    exercises = {ex_id: library.exercises[ex_id] for ex_id in used}
    meta = {
        "id": session_id or data.new_id(title, date),
        "title": title,
        "date": date,
        "trainer": trainer,
        "agenda": agenda.id,
        "agenda_title": agenda.title,
        "created": clock().isoformat(),
        "seed": seed if seed is not None else random.SystemRandom().randrange(1, 2**31),
        "status": "setup",
        "position": 0,
        "plan": [s.to_dict() for s in build_plan(agenda, library.exercises)],
        "exercises": {k: msgspec.to_builtins(v) for k, v in exercises.items()},
        "slots": {},
        "version": 1,
    }
    workshop = Workshop(data.create(meta), data, clock)
    rows = list(roster)
    if rows:
        workshop.import_roster(rows)
    return workshop


def open_session(
    data: DataDir, session_id: str, *, readonly: bool = False, clock: Clock = utc_now
) -> Workshop:
    """Open an existing session by id (raises `StorageError` subclasses with one-line messages)."""
    return Workshop(data.open(session_id, readonly=readonly), data, clock)
