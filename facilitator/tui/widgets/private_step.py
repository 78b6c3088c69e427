"""What the room sees for a step with no view of its own, and for private steps.

`InstructionsView` shows a step's title and instructions: it is the Run
screen's view for a step kind no widget has registered for. `PrivateStepView`
is shown for every step marked `visibility = "private"` (action plans, the
relationship map): the instructions and how many have entered, and never a
word of anyone's entry. Entering happens on the pass-the-keyboard screen.
`view_for_slot` picks the Run screen's widget for any slot.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from facilitator.engine import Session
from facilitator.model import Capture, kind_of
from facilitator.tui.text import one_line, paragraph
from facilitator.tui.widgets.base import StepView, view_for


class InstructionsView(StepView):
    """The step's title and instructions, as the exercise file wrote them."""

    def compose(self) -> ComposeResult:
        step = self.workshop.step(self.key)
        with VerticalScroll(classes="instructions"):
            yield Static(Content(one_line(step.title if step else self.key, 120)), classes="step-title")
            if step is not None and step.instructions.strip():
                yield Static(paragraph(step.instructions), classes="step-instructions")
            yield from self.compose_extra()

    def compose_extra(self) -> ComposeResult:
        """Subclasses add below the instructions."""
        yield from ()


def can_pass_keyboard(view_step: object) -> bool:
    """Pass-the-keyboard is for private capture steps filled in per participant."""
    return isinstance(view_step, Capture) and view_step.per == "participant"


class PrivateStepView(InstructionsView):
    """A private step as projected: instructions and "12 of 19 entered", nothing else."""

    def compose_extra(self) -> ComposeResult:
        yield Static("", classes="private-progress", markup=False)
        yield Static("", classes="private-hint", markup=False)

    def on_mount(self) -> None:
        """Fill in the progress."""
        self.show_progress()

    def show_progress(self) -> None:
        """Re-read the count from the engine."""
        done, expected = self.workshop.progress(self.key)
        self.query_one(".private-progress", Static).update(Content(f"{done} of {expected} entered"))
        if can_pass_keyboard(self.workshop.step(self.key)):
            hint = (
                "Private: entries are never shown here. Press k to pass the keyboard; "
                "each person picks their name and types their own."
            )
        else:
            hint = "Private: entries are never shown here."
        self.query_one(".private-hint", Static).update(Content(hint))

    def refresh_view(self) -> None:
        """After a roster change or a round of pass-the-keyboard."""
        self.show_progress()


def view_for_slot(workshop: Session, key: str, say: Callable[[str, str], object]) -> Widget:
    """The Run screen's widget for a slot: a break, a private step, the registered view, or instructions.

    A view that fails to build is replaced by the instructions and `say`
    reports it: a broken widget must not stop the workshop.
    """
    from facilitator.tui.widgets.break_view import BreakView

    slot = next(s for s in workshop.plan if s.key == key)
    if slot.is_break:
        return BreakView(workshop, key)
    step = workshop.step(key)
    if step is not None and step.visibility == "private":
        return PrivateStepView(workshop, key)
    try:
        view = view_for(kind_of(step))
    except ImportError:
        view = None
    if view is None:
        return InstructionsView(workshop, key)
    try:
        return view(workshop, key)
    except Exception as exc:
        say(f"This step's view failed ({exc}); showing its instructions.", "error")
        return InstructionsView(workshop, key)
