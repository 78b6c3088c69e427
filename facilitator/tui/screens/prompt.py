"""One line of input in a small box: a CSV path, an exercise's minutes.

The caller checks the answer (with `check`), so a mistake stays on screen as
one line under the field instead of closing the box and losing the typing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from facilitator.tui.widgets.line_input import LineInput

#: Returns None when the answer is fine, else the one-line problem to show.
Check = Callable[[str], str | None]


class PromptScreen(ModalScreen[str | None]):
    """Dismisses with the accepted text, or None on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self,
        title: str,
        label: str,
        value: str = "",
        *,
        check: Check | None = None,
        placeholder: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.value = value
        self.check = check
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(Content(self.label), classes="dialog-note")
            yield LineInput(self.value, placeholder=self.placeholder, id="answer", compact=True)
            yield Static("", id="problem", classes="problem", markup=False)
            yield Static(Content("Enter to accept · Esc to cancel"), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Accept unless the caller's check finds a problem."""
        event.stop()
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one("#problem", Static).update(Content(" ".join(problem.split())))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Leave without an answer (after a yes, if something was typed)."""
        from facilitator.tui.screens.confirm import ask_before_dropping

        typed = self.query_one("#answer", Input).value != self.value
        ask_before_dropping(self, typed, lambda: self.dismiss(None))
