"""What the room sees for a step with no view of its own, and for private steps.

`InstructionsView` shows a step's title and instructions: it is the Run
screen's view for a step kind no widget has registered for. `PrivateStepView`
is shown for every step marked `visibility = "private"` (action plans, the
relationship map): the instructions and how many have entered, and never a
word of anyone's entry. Entering happens on the pass-the-keyboard screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from facilitator.model import Capture
from facilitator.tui.text import one_line, paragraph
from facilitator.tui.widgets.base import StepView


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
