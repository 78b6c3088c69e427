"""A break on the projector: what it is called, how long is left, what comes after.

People glance at the screen from the coffee queue, so the countdown here is
the biggest thing on it, and the Run screen hides its own small one.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Static

from facilitator.engine import Session
from facilitator.engine.timing import TimerState
from facilitator.tui.text import one_line
from facilitator.tui.widgets.countdown import Countdown


class BreakView(Vertical):
    """Title, countdown and the next exercise; `show_timer` is fed by the Run screen."""

    def __init__(self, workshop: Session, key: str) -> None:
        super().__init__()
        self.workshop = workshop
        self.key = key

    def compose(self) -> ComposeResult:
        slot = next((s for s in self.workshop.plan if s.key == self.key), None)
        title = slot.title if slot else "Break"
        yield Static(Content(one_line(title, 60, "Break")), classes="break-title")
        with Center():
            yield Countdown(classes="break-countdown")
        yield Static(Content(self.next_line()), classes="break-next")

    def next_line(self) -> str:
        """ "After the break: <exercise>", or the end of the day."""
        plan = self.workshop.plan
        keys = [s.key for s in plan]
        index = keys.index(self.key) if self.key in keys else len(plan)
        if index + 1 >= len(plan):
            return "After the break: wrap-up"
        after = plan[index + 1]
        exercise = self.workshop.exercise(after.key)
        return f"After the break: {one_line(exercise.title if exercise else after.title, 60)}"

    def show_timer(self, state: TimerState) -> None:
        """Draw the countdown."""
        self.query_one(Countdown).show(state)

    def flash(self) -> None:
        """Time is up."""
        self.query_one(Countdown).flash()

    def refresh_view(self) -> None:
        """Nothing on a break depends on the roster."""
