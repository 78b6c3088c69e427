"""The box that starts a room display: the line to run in a second window, or a button that opens one."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from facilitator.tui.room_launch import Opener, launch


class RoomLaunchScreen(ModalScreen[None]):
    """The command, whole and selectable for copying, and one button per way to open a window here.

    The line wraps rather than scrolls: a trainer copying it by eye from the
    laptop to another window must see every character of it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close", id="room_launch.close")]

    def __init__(self, command: str, openers: list[Opener]) -> None:
        super().__init__()
        self.command = command
        self.openers = openers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Content("Room display on the projector"), classes="dialog-title")
            yield Static(
                Content(
                    "Open a terminal window on the projector's screen and run this line there. "
                    "It follows this window; entries typed here never show on it."
                ),
                classes="dialog-note",
            )
            yield Static(self.command, id="room-command", markup=False)
            yield Static("", id="room-launch-problem", classes="problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for number, opener in enumerate(self.openers):
                    yield Button(Content(opener.label), id=f"open-{number}", compact=True)
                yield Button(Content("Close (Esc)"), id="close", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Open a window, or close the box."""
        button = event.button.id or ""
        if button == "close":
            self.dismiss(None)
            return
        problem = launch(self.openers[int(button.removeprefix("open-"))])
        if problem:
            self.query_one("#room-launch-problem", Static).update(Content(problem))
            return
        self.app.notify("The room display is opening in a new window.", markup=False)
        self.dismiss(None)
