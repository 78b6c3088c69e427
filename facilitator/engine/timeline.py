"""Where the room is in the day, and its clocks.

Two clocks per slot: time spent (wall-clock time the room was on the slot,
for the schedule and the report) and the countdown the trainer starts and
pauses. Both are stored as what happened (seconds so far, and since when
running), so a crash or a closed lid resumes at the right place. Leaving a
slot books its time and pauses its countdown; finishing the day stops every
clock, so nothing counts on while nobody is there.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from facilitator.engine.errors import SessionError
from facilitator.engine.ledger import Ledger
from facilitator.engine.plan import Slot
from facilitator.engine.state import StepState
from facilitator.engine.timing import TimerState, schedule_delta, schedule_text, spent_seconds, timer_state


class Timeline:
    """Navigation through the plan, the countdown, and the schedule."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    @property
    def position(self) -> int:
        """Index of the current slot in the plan."""
        return self.ledger.meta.position

    @property
    def current(self) -> Slot:
        """The slot on screen now."""
        return self.ledger.plan[self.position]

    # ----- moving --------------------------------------------------------------------------------

    def jump(self, index: int) -> Slot:
        """Go to any slot; the slot being left books its time and pauses its countdown."""
        plan = self.ledger.plan
        if not 0 <= index < len(plan):
            raise SessionError(f"there is no step {index + 1}; the plan has {len(plan)}")
        here = self.ledger.step_state(self.current.key)
        if index == self.position and here.entered_at is not None:
            return self.current
        now = self.ledger.clock()
        steps = dict(self.ledger.meta.steps)
        if index != self.position:
            steps[self.current.key] = _left(here, now)
        target = plan[index].key
        steps[target] = msgspec.structs.replace(steps.get(target) or StepState(), entered_at=now)
        status = "running" if self.ledger.meta.status == "setup" else self.ledger.meta.status
        self.ledger.update_meta("step", position=index, steps=steps, status=status)
        return self.current

    def go(self, index: int) -> Slot:
        """This window's move: saved for the room, or, in a read-only window, only looked at.

        A read-only window (another window runs the room) may still page
        through the day; its position lives in memory until the other
        window's next save is picked up.
        """
        if not self.ledger.readonly:
            return self.jump(index)
        if not 0 <= index < len(self.ledger.plan):
            raise SessionError(f"there is no step {index + 1}; the plan has {len(self.ledger.plan)}")
        self.ledger.browse(msgspec.structs.replace(self.ledger.meta, position=index))
        return self.current

    def next(self) -> Slot:
        """Move on; at the last slot, stay there."""
        return self.jump(min(self.position + 1, len(self.ledger.plan) - 1))

    def previous(self) -> Slot:
        """Go back one slot; at the first slot, stay there."""
        return self.jump(max(self.position - 1, 0))

    def begin(self) -> Slot:
        """Start (or resume) the clock on the current slot, e.g. when the Run screen opens."""
        return self.jump(self.position)

    def leave(self) -> None:
        """The app closes: book the time spent so far.

        The countdown keeps running: the room goes on with the activity while
        the trainer reopens the session, and finds the countdown where it is.
        """
        here = self.ledger.step_state(self.current.key)
        if here.entered_at is None:
            return
        now = self.ledger.clock()
        booked = msgspec.structs.replace(here, entered_at=None, spent=spent_seconds(here, now))
        self.ledger.update_meta("step", steps={**self.ledger.meta.steps, self.current.key: booked})

    def finish(self) -> None:
        """Mark the session finished: every clock stops, so the figures stay as they are."""
        now = self.ledger.clock()
        steps = {key: _left(state, now) for key, state in self.ledger.meta.steps.items()}
        self.ledger.update_meta("status", steps=steps, status="finished")

    # ----- the countdown ------------------------------------------------------------------------

    def timer(self, key: str | None = None) -> TimerState:
        """The countdown of a slot (the current one by default)."""
        slot = self.ledger.slot(key) if key else self.current
        return timer_state(self.ledger.step_state(slot.key), slot.minutes, self.ledger.clock())

    def start_timer(self) -> None:
        """Start or resume the countdown."""
        if self.ledger.step_state(self.current.key).running_since is None:
            self.ledger.save_step(self.current.key, "timer", running_since=self.ledger.clock())

    def pause_timer(self) -> None:
        """Freeze the countdown where it is."""
        if self.ledger.step_state(self.current.key).running_since is not None:
            elapsed = self.timer().elapsed
            self.ledger.save_step(self.current.key, "timer", elapsed=elapsed, running_since=None)

    def toggle_timer(self) -> None:
        """Space bar: start when stopped, pause when running."""
        if self.timer().running:
            self.pause_timer()
        else:
            self.start_timer()

    def adjust_timer(self, minutes: int) -> None:
        """Add or take away whole minutes (never below zero in total)."""
        planned = self.current.minutes * 60
        adjust = max(-planned, self.ledger.step_state(self.current.key).adjust + minutes * 60)
        self.ledger.save_step(self.current.key, "timer", adjust=float(adjust))

    def reset_timer(self) -> None:
        """Back to the planned time, stopped."""
        self.ledger.save_step(self.current.key, "timer", elapsed=0.0, running_since=None, adjust=0.0)

    # ----- the schedule -------------------------------------------------------------------------

    def spent(self, key: str) -> float:
        """Wall-clock seconds the room has spent on a slot."""
        return spent_seconds(self.ledger.step_state(key), self.ledger.clock())

    def schedule_minutes(self) -> int:
        """Minutes behind (positive) or ahead (negative) of the plan."""
        slots = self.ledger.plan
        return schedule_delta([s.minutes for s in slots], [self.spent(s.key) for s in slots], self.position)

    def schedule(self) -> str:
        """The strip's words: "7 min behind", "3 min ahead" or "on time"."""
        return schedule_text(self.schedule_minutes())

    def actual_minutes(self) -> dict[str, float]:
        """Minutes actually spent per exercise (and per break key), for the report."""
        out: dict[str, float] = {}
        for slot in self.ledger.plan:
            name = slot.exercise or slot.key
            out[name] = out.get(name, 0.0) + self.spent(slot.key) / 60
        return out


def _left(state: StepState, now: datetime) -> StepState:
    """A slot's state once the room has left it: time booked, countdown paused."""
    spent = spent_seconds(state, now)
    elapsed = state.elapsed
    if state.running_since is not None:
        elapsed += max(0.0, (now - state.running_since).total_seconds())
    return msgspec.structs.replace(state, entered_at=None, spent=spent, running_since=None, elapsed=elapsed)
