"""The boxes the Run screen opens over the room's view: people, pass the keyboard, finish, room display.

Each opens a screen of its own and, when it closes, tells the Run screen
what to redraw; kept apart so the Run screen's file stays about drawing the
step and moving through the day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitator.tui.screens.run import RunScreen


def room_display(screen: RunScreen) -> None:
    """The exact `facilitator room` line for a second window, and buttons to open one."""
    from facilitator.tui.room_launch import openers, room_command, shown
    from facilitator.tui.screens.room_launch import RoomLaunchScreen

    argv = room_command(screen.workshop)
    screen.app.push_screen(RoomLaunchScreen(shown(argv), openers(argv)))


def people(screen: RunScreen) -> None:
    """Who is here: late arrivals and leavers without leaving the room view."""
    from facilitator.tui.screens.people import PeopleScreen

    def closed(changed: bool | None) -> None:
        if changed:
            screen.refresh_step()

    screen.app.push_screen(PeopleScreen(screen.workshop), closed)


def pass_keyboard(screen: RunScreen) -> None:
    """Each participant types their private entry on a screen of their own."""
    from facilitator.tui.screens.pass_keyboard import PassKeyboardScreen

    def back(_: object) -> None:
        screen.refresh_step()

    screen.app.push_screen(PassKeyboardScreen(screen.workshop, screen.workshop.current.key), back)


def finish(screen: RunScreen) -> None:
    """After a yes, book the time and show the wrap-up."""
    from facilitator.tui.screens.confirm import ConfirmScreen
    from facilitator.tui.screens.wrapup import WrapUpScreen

    def answer(yes: bool | None) -> None:
        if yes and screen.command(screen.workshop.finish):
            screen.app.switch_screen(WrapUpScreen(screen.workshop))

    screen.app.push_screen(
        ConfirmScreen(
            "Finish the workshop?",
            "The timer stops and the wrap-up opens. You can come back.",
            yes="Finish",
        ),
        answer,
    )
