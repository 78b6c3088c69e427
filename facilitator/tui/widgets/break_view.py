"""A break on the projector, when the trainer has put the big clock away.

During a break the Run screen shows the full-window clock (see
`clock_view`) on its own; this view is what is under it: the break's name
and what comes after, with the small countdown in the top band as on any
step, and a hint that the clock key brings the big digits back.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from facilitator.engine import Session
from facilitator.tui.text import one_line, plain


def after_break_line(workshop: Session, key: str) -> str:
    """ "After the break: <exercise>", or the end of the day."""
    plan = workshop.plan
    keys = [s.key for s in plan]
    index = keys.index(key) if key in keys else len(plan)
    if index + 1 >= len(plan):
        return "After the break: wrap-up"
    after = plan[index + 1]
    exercise = workshop.exercise(after.key)
    return f"After the break: {one_line(exercise.title if exercise else after.title)}"


def break_title(workshop: Session, key: str) -> str:
    """The break's name as the agenda gives it."""
    slot = next((s for s in workshop.plan if s.key == key), None)
    return one_line(slot.title if slot else "", 0, "Break")


class BreakView(Vertical):
    """The break's name and what comes next."""

    def __init__(self, workshop: Session, key: str, *, room: bool = False) -> None:
        super().__init__()
        self.workshop = workshop
        self.key = key
        #: On the room display there is no key to mention.
        self.room = room

    def compose(self) -> ComposeResult:
        yield Static(plain(break_title(self.workshop, self.key)), classes="break-title")
        yield Static(plain(after_break_line(self.workshop, self.key)), classes="break-next")
        if not self.room:
            yield Static(plain("c shows the big clock again"), classes="break-hint")

    def refresh_view(self) -> None:
        """Nothing on a break depends on the roster."""
