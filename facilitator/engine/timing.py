"""Countdown and schedule arithmetic, kept pure so it can be tested with a fake clock.

A timer is stored as what happened (accumulated seconds, and since when it has
been running) rather than as a ticking number, so a crash or a closed lid
resumes at the right place: the time that passed while the lid was shut still
counts, as it did for the room.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from facilitator.engine.state import StepState


@dataclass(frozen=True)
class TimerState:
    """A step's countdown at one moment."""

    planned: float
    adjust: float
    elapsed: float
    running: bool

    @property
    def total(self) -> float:
        """Planned seconds plus the trainer's +/- minute adjustments."""
        return max(0.0, self.planned + self.adjust)

    @property
    def remaining(self) -> float:
        """Seconds left; negative once the activity runs over."""
        return self.total - self.elapsed

    @property
    def overtime(self) -> bool:
        """True once the countdown has passed zero (and it has been started)."""
        return self.elapsed > 0 and self.remaining < 0

    @property
    def started(self) -> bool:
        """Whether the timer has ever run for this step."""
        return self.running or self.elapsed > 0


def timer_state(state: StepState, planned_minutes: int, now: datetime) -> TimerState:
    """Rebuild a timer from its stored record."""
    elapsed = state.elapsed
    if state.running_since is not None:
        elapsed += max(0.0, (now - state.running_since).total_seconds())
    return TimerState(
        planned=planned_minutes * 60.0,
        adjust=state.adjust,
        elapsed=elapsed,
        running=state.running_since is not None,
    )


def clock_text(seconds: float) -> str:
    """MM:SS for the big countdown; overtime counts up with the same digits."""
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))
    minutes, secs = divmod(whole, 60)
    return f"{minutes:02d}:{secs:02d}"


def schedule_text(delta_minutes: int) -> str:
    """The agenda strip's words for how far the room is from the plan."""
    if delta_minutes > 0:
        return f"{delta_minutes} min behind"
    if delta_minutes < 0:
        return f"{-delta_minutes} min ahead"
    return "on time"


def spent_seconds(state: StepState, now: datetime) -> float:
    """Wall-clock seconds the room has spent on a slot so far."""
    spent = state.spent
    if state.entered_at is not None:
        spent += max(0.0, (now - state.entered_at).total_seconds())
    return spent


def schedule_delta(planned: list[int], spent: list[float], position: int) -> int:
    """Minutes behind (positive) or ahead (negative) of the plan.

    Finished slots count their real duration against their plan; the current
    slot only counts once it runs over, because being halfway through a
    ten-minute step after five minutes is exactly on time. Slots skipped
    without being visited are not counted either way.
    """
    delta = 0.0
    for i in range(min(position, len(planned))):
        if spent[i] > 0:
            delta += spent[i] - planned[i] * 60
    if 0 <= position < len(planned):
        delta += max(0.0, spent[position] - planned[position] * 60)
    return round(delta / 60)
