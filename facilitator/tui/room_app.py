"""`facilitator room SESSION`: the room display, a second window for the projector.

It never opens the session for writing, so it can start before or after the
trainer's console and either can quit and come back while the other carries
on. Its only keys change the display itself (theme, big clock) or quit.
While it runs it leaves a beacon in the data folder, which the console
counts to say "room display attached".
"""

from __future__ import annotations

import os
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from facilitator.engine import Session, Workspace
from facilitator.engine.presence import Beacon
from facilitator.tui.screens.room import RoomScreen
from facilitator.tui.themes import DEFAULT_THEME, PROJECTOR_THEMES, VARIABLE_DEFAULTS, next_projector_theme

STILL_ENV = "FACILITATOR_STILL"


class RoomApp(App[int]):
    """A read-only session on the projector, following the trainer's console."""

    CSS_PATH = "app.tcss"
    TITLE = "Facilitator: room display"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="room.app_quit", priority=True, show=False),
        Binding("t", "toggle_theme", "Dark/light", id="room.theme"),
        Binding("ctrl+t", "change_theme", "All themes", id="room.themes", show=False),
    ]

    def __init__(self, workspace: Workspace, workshop: Session, *, still: bool | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.workshop = workshop
        self.still = os.environ.get(STILL_ENV) == "1" if still is None else still
        self.beacon: Beacon | None = None
        for theme in PROJECTOR_THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME
        if self.still:
            self.animation_level = "none"

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Our own stylesheet variables, so they exist under Textual's themes too."""
        return dict(VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        """Show the room what the console shows it, and let the console know this display is here."""
        self.beacon = self.workspace.announce_room(self.workshop.id)
        self.push_screen(RoomScreen(self.workshop, self.beacon))
        if self.workshop.recovered:
            self.notify(" ".join(self.workshop.recovered.split()), markup=False, severity="warning")

    def action_toggle_theme(self) -> None:
        """Flip between the dark and light projector themes (this display only)."""
        self.theme = next_projector_theme(self.theme)

    def on_unmount(self) -> None:
        """The console stops counting this display at once."""
        if self.beacon is not None:
            self.beacon.close()
        self.workshop.close()
