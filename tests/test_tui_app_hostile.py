"""Every hostile string through every shell screen that shows user text.

A session title, a participant's name and a team take each line of the
shared hostile list (plus a 10,000-character one). The app must not crash,
must show the text literally (markup brackets and all), and must never let a
control character reach the terminal. Screens: home, setup (details and
roster), the person editor, the Run screen's people dialog, pass-the-keyboard
and the wrap-up.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import FakeClock, make_workshop
from hostile import HOSTILE
from test_tui_app import PRIVATE_KEY, make_app, screen_text
from textual.widgets import Input

from facilitator.tui.screens.pass_keyboard import PassKeyboardScreen
from facilitator.tui.screens.people import PeopleScreen
from facilitator.tui.screens.roster_edit import RosterEditScreen
from facilitator.tui.screens.run import RunScreen
from facilitator.tui.screens.setup import SetupScreen
from facilitator.tui.screens.wrapup import WrapUpScreen
from facilitator.tui.text import editable, one_line


def visible_prefix(text: str) -> str | None:
    """What of `text` an assertion can look for on screen: a short ASCII start, or None."""
    flat = one_line(text)[:12]
    return flat if flat.strip() and flat.isascii() else None


def check(text: str, hostile: str) -> None:
    """The screen shows the hostile text literally and no control character leaks."""
    assert "\x1b" not in text and "\x00" not in text
    expected = visible_prefix(hostile)
    if expected is not None:
        assert expected in text, (expected, text)


@pytest.mark.parametrize("hostile", HOSTILE, ids=[f"line{n}" for n in range(len(HOSTILE))])
async def test_hostile_text_on_every_shell_screen(tmp_path: Path, hostile: str) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock, title=hostile if hostile.strip() else "placeholder")
    w.set_details(title=hostile)
    name = hostile if hostile.strip() else "Named Person"
    person = w.add_participant(name, team=hostile)
    w.close()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        check(screen_text(app), hostile)  # home
        await pilot.press("s")
        assert isinstance(app.screen, SetupScreen)
        workshop = app.screen.workshop
        await pilot.press(*["down"] * 8)
        check(screen_text(app), hostile)  # roster tab: name and team
        await pilot.press("enter")
        assert isinstance(app.screen, RosterEditScreen)
        assert app.screen.query_one("#field-name", Input).value == editable(name)
        assert app.screen.query_one("#field-team", Input).value == editable(hostile)
        await pilot.press("escape")
        await pilot.press("f2")
        assert app.screen.query_one("#detail-title", Input).value == editable(hostile)
        check(screen_text(app), hostile)  # title line and details
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        await pilot.press("p")
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press(*["down"] * 8)
        check(screen_text(app), hostile)
        await pilot.press("escape")
        await app.push_screen(PassKeyboardScreen(workshop, PRIVATE_KEY))
        await pilot.pause()
        check(screen_text(app), name)
        await pilot.press(*["down"] * 8, "enter")  # the first ↓ highlights the first name
        await pilot.pause()
        check(screen_text(app), name)  # "You are <name>?"
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PassKeyboardScreen) and app.screen.owner == person.id
        await pilot.press("f10")
        await app.push_screen(WrapUpScreen(workshop))
        await pilot.pause()
        check(screen_text(app), hostile)
        assert workshop.title == hostile, "looking at a title never rewrites it"
        assert workshop.participant(person.id).name == name
