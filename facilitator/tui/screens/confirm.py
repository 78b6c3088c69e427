"""A yes/no question in a small box: quitting, dropping an exercise, finishing.

Enter or y says yes, Escape or n says no; the mouse can click either button.
The question is ours, but `note` may quote user text, so both are literal.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True (yes) or False (no)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes", priority=True),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", priority=True),
    ]

    def __init__(self, question: str, note: str = "", *, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.question = question
        self.note = note
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question), classes="dialog-title")
            if self.note:
                yield Static(Content(self.note), classes="dialog-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(f"{self.yes_label} (y)"), variant="primary", id="yes", compact=True)
                yield Button(Content(f"{self.no_label} (n)"), id="no", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Mouse answers."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Keyboard answers."""
        self.dismiss(yes)
