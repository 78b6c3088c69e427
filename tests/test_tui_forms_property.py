"""Property: whatever is typed into a form changes nothing outside that form (issue 9).

Random streams of keys a person types (letters, digits, punctuation, space,
Tab, Shift+Tab, Enter, Backspace, arrows, Delete, and the form's own ctrl
keys) go into each form: the scribe's capture form and its list, the
pass-the-keyboard screen, Setup's details, the People dialog and the
add-a-person box. Attendance (except in the roster forms, whose job it is),
the countdown, the step, the theme, the votes and blanking stay as they
were, and no other step's entries change. Keys are fed until the form
closes itself (Done, Save, Start): after that they are not typed into it.
Esc, PgUp/PgDn and ctrl+q are left out: they are how a trainer leaves a form
on purpose.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from factories import FakeClock, make_workshop
from form_harness import PRIVATE_KEY, STORIES, index_of, make_app, settle
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual.screen import Screen

from facilitator.engine import Session
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.people import PeopleScreen
from facilitator.tui.screens.roster_edit import RosterEditScreen
from facilitator.tui.screens.setup import SetupScreen

TYPED = [
    *"abcdefghijklmnopqrstuvwxyzABKRT0123456789",
    "space",
    "plus",
    "minus",
    "equals_sign",
    "question_mark",
    "full_stop",
    "left_square_bracket",
    "right_square_bracket",
]
MOVES = ["tab", "shift+tab", "enter", "backspace", "delete", "up", "down", "left", "right", "home", "end"]
OWN = ["ctrl+z", "ctrl+s"]
KEYS = st.lists(
    st.one_of(st.sampled_from(TYPED), st.sampled_from(TYPED), st.sampled_from(MOVES), st.sampled_from(OWN)),
    min_size=1,
    max_size=24,
)
SETTINGS = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def outside(w: Session, app: FacilitatorApp, *, attendance: bool, step: str | None) -> tuple[Any, ...]:
    """What no key typed into a form may change."""
    timer = w.timer()
    return (
        tuple((p.id, p.status) for p in w.participants()) if attendance else (),
        timer.running,
        round(timer.remaining),
        w.position,
        app.theme,
        w.blanked,
        len(w.entries(kind="vote")),
        tuple(sorted((e.id, str(e.data)) for e in w.entries() if e.step != step)),
    )


Opener = Callable[[FacilitatorApp, Session, Any], Awaitable[Screen[Any]]]


async def open_capture(app: FacilitatorApp, w: Session, pilot: Any) -> Screen[Any]:
    return app.screen


async def open_pass_keyboard(app: FacilitatorApp, w: Session, pilot: Any) -> Screen[Any]:
    await pilot.press("k")
    await settle(pilot)
    return app.screen


async def open_setup(app: FacilitatorApp, w: Session, pilot: Any) -> Screen[Any]:
    app.switch_screen(SetupScreen(w))
    await settle(pilot)
    await pilot.press("f2")
    return app.screen


async def open_people(app: FacilitatorApp, w: Session, pilot: Any) -> Screen[Any]:
    app.screen.set_focus(None)
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(app.screen, PeopleScreen)
    return app.screen


async def open_roster_edit(app: FacilitatorApp, w: Session, pilot: Any) -> Screen[Any]:
    await open_people(app, w, pilot)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(app.screen, RosterEditScreen)
    return app.screen


async def typed_into(opener: Opener, key: str, keys: list[str], *, roster_form: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock()
        w = make_workshop(Path(tmp), "delivering-excellent-service", clock=clock)
        w.jump(index_of(w, key))
        w.add_entry(STORIES, "p2", {"title": "Kind nurse", "category": "excellent"})
        app = make_app(Path(tmp), w, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            form = await opener(app, w, pilot)
            before = outside(w, app, attendance=not roster_form, step=key)
            for name in keys:
                if form not in app.screen_stack:
                    break  # the form closed itself (Done, Save, Start): later keys are not typed into it
                await pilot.press(name)
            await settle(pilot)
            assert not isinstance(app.screen, PeopleScreen) or roster_form, keys
            assert outside(w, app, attendance=not roster_form, step=key) == before, keys


#: The issue's own keys: Tab past the last field into the list, then "pace" and "t".
PACE = ["tab"] * 6 + ["p", "a", "c", "e", "space", "t", "question_mark", "right"]


@SETTINGS
@example(keys=PACE)
@given(keys=KEYS)
def test_keys_typed_into_the_scribe_form_change_nothing_else(keys: list[str]) -> None:
    asyncio.run(typed_into(open_capture, STORIES, keys))


@SETTINGS
@example(keys=["tab"] * 4 + ["t", "question_mark", "right"])
@example(keys=["tab"] * 5 + ["t"])
@given(keys=KEYS)
def test_keys_typed_into_pass_the_keyboard_change_nothing_else(keys: list[str]) -> None:
    asyncio.run(typed_into(open_pass_keyboard, PRIVATE_KEY, ["a", "d", "a", "enter", "y", *keys]))


@SETTINGS
@example(keys=["1", "3", "t", "tab", "2", "a"])
@given(keys=KEYS)
def test_keys_typed_into_setup_details_change_nothing_else(keys: list[str]) -> None:
    asyncio.run(typed_into(open_setup, STORIES, keys))


@SETTINGS
@given(keys=KEYS)
def test_keys_typed_into_the_people_dialog_change_nothing_else(keys: list[str]) -> None:
    asyncio.run(typed_into(open_people, STORIES, keys, roster_form=True))


@SETTINGS
@given(keys=KEYS)
def test_keys_typed_into_the_add_a_person_box_change_nothing_else(keys: list[str]) -> None:
    asyncio.run(typed_into(open_roster_edit, STORIES, keys, roster_form=True))
