"""A yes/no question in a small box: quitting, dropping an exercise, finishing.

y says yes, n or Escape says no; the mouse can click either button. Enter
says yes too, except for questions where a second Enter pressed out of habit
must not answer (`enter_says_yes=False`: "You are Ada Brennan?"): there only
y does, and no button has the focus for Enter to press. The question is
ours, but `note` may quote user text, so both are literal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True (yes) or False (no)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", priority=True),
        Binding("enter", "enter", "Yes", id="confirm.enter", priority=True, show=False),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", priority=True),
    ]

    def __init__(
        self,
        question: str,
        note: str = "",
        *,
        yes: str = "Yes",
        no: str = "Cancel",
        enter_says_yes: bool = True,
    ) -> None:
        super().__init__()
        self.question = question
        self.note = note
        self.yes_label = yes
        self.no_label = no
        self.enter_says_yes = enter_says_yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question), classes="dialog-title")
            if self.note:
                yield Static(Content(self.note), classes="dialog-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(f"{self.yes_label} (y)"), variant="primary", id="yes", compact=True)
                yield Button(Content(f"{self.no_label} (n)"), id="no", compact=True)

    def on_mount(self) -> None:
        """Where Enter must not answer, no button has the focus for it to press either."""
        if not self.enter_says_yes:
            self.set_focus(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Mouse answers."""
        self.dismiss(event.button.id == "yes")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter answers only where it is safe to."""
        if action == "enter":
            return self.enter_says_yes
        return True

    def action_enter(self) -> None:
        """Enter: yes, for questions where that is safe."""
        self.dismiss(True)

    def action_answer(self, yes: bool) -> None:
        """Keyboard answers."""
        self.dismiss(yes)


def ask_before_dropping(screen: Screen[Any], typed: bool, drop: Callable[[], object]) -> None:
    """Esc in a box with something typed in it: drop it only after a yes (a stray Esc loses nothing)."""
    if not typed:
        drop()
        return

    def answer(yes: bool | None) -> None:
        if yes:
            drop()

    question = ConfirmScreen("Drop what you typed?", "No goes back to it.", yes="Drop it", no="No")
    screen.app.push_screen(question, answer)
