"""What the Run screen offers in the command palette (ctrl+p).

Kept apart from the screen so the screen's file stays about drawing and
keys; every command here calls one of the screen's own actions, or one of
the two palette-only commands below.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from facilitator.engine import SessionError
from facilitator.tui.commands import PaletteCommand

if TYPE_CHECKING:
    from facilitator.tui.screens.run import RunScreen


def run_screen_commands(screen: RunScreen) -> Iterator[PaletteCommand]:
    """The Run screen's commands, then every step and exercise to jump to (found by typing)."""
    yield PaletteCommand("Go to step…", "Jump to any step or exercise (g)", screen.action_jump)
    yield PaletteCommand("Blank the screen", "Black screen; B brings it back", screen.action_blank)
    yield PaletteCommand(
        "Room display on the projector",
        "A second window that shows only what the room may see",
        screen.action_room_display,
    )
    yield PaletteCommand("Start or pause the timer", "space", screen.action_timer_toggle)
    yield PaletteCommand("Big clock", "The countdown over the whole window, or back (c)", screen.action_clock)
    yield PaletteCommand("Reset the timer", "Back to the planned minutes (r)", screen.action_timer_reset)
    yield PaletteCommand(
        "Add a late arrival", "They join the groups from now on", lambda: add_late_arrival(screen)
    )
    yield PaletteCommand("People: mark absent or left", "Who is in the room (p)", screen.action_people)
    if screen.private_capture():
        yield PaletteCommand(
            "Pass the keyboard",
            "Each person types their own private entry (k)",
            screen.action_pass_keyboard,
        )
    yield PaletteCommand(
        "Review the agenda (Setup)", "Reorder, drop or shorten exercises", lambda: open_setup(screen)
    )
    yield PaletteCommand("Finish the workshop", "Go to the wrap-up", screen.action_finish)
    yield from screen.jump_commands(discover=False)


def add_late_arrival(screen: RunScreen) -> None:
    """Straight to the late-arrival form; they join the groups from now on."""
    from facilitator.tui.screens.roster_edit import RosterEditScreen

    def save(values: dict[str, str]) -> str | None:
        try:
            screen.workshop.add_participant(
                values["name"], values["team"], values["role"], values["email"], values["status"]
            )
        except SessionError as exc:
            return str(exc)
        screen.refresh_step()
        return None

    screen.app.push_screen(RosterEditScreen("Late arrival", {"status": "late"}, save))


def open_setup(screen: RunScreen) -> None:
    """Agenda and roster changes in the middle of the day."""
    from facilitator.tui.screens.setup import SetupScreen

    screen.app.switch_screen(SetupScreen(screen.workshop))
