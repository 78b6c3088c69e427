"""What the Run screen offers in the command palette (ctrl+p).

Kept apart from the screen so the screen's file stays about drawing and
keys; every command here calls one of the screen's own actions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from facilitator.tui.commands import PaletteCommand

if TYPE_CHECKING:
    from facilitator.tui.screens.run import RunScreen


def run_screen_commands(screen: RunScreen) -> Iterator[PaletteCommand]:
    """The Run screen's commands, then every step and exercise to jump to (found by typing)."""
    yield PaletteCommand("Go to step…", "Jump to any step or exercise (g)", screen.action_jump)
    yield PaletteCommand("Blank the screen", "Black screen; B brings it back", screen.action_blank)
    yield PaletteCommand("Start or pause the timer", "space", screen.action_timer_toggle)
    yield PaletteCommand("Big clock", "The countdown over the whole window, or back (c)", screen.action_clock)
    yield PaletteCommand("Reset the timer", "Back to the planned minutes (r)", screen.action_timer_reset)
    yield PaletteCommand("Add a late arrival", "They join the groups from now on", screen.add_late_arrival)
    yield PaletteCommand("People: mark absent or left", "Who is in the room (p)", screen.action_people)
    if screen.private_capture():
        yield PaletteCommand(
            "Pass the keyboard",
            "Each person types their own private entry (k)",
            screen.action_pass_keyboard,
        )
    yield PaletteCommand("Review the agenda (Setup)", "Reorder, drop or shorten exercises", screen.open_setup)
    yield PaletteCommand("Finish the workshop", "Go to the wrap-up", screen.action_finish)
    yield from screen.jump_commands(discover=False)
