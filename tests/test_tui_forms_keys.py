"""No key typed into a form changes anything else, and nothing typed goes astray (issue 9).

The room's one-letter commands (p people, space timer, t theme, ...) must
not fire while someone is typing into a form or has tabbed past its last
field into the list beside it. Keys typed at full speed (0 ms apart) land in
the field they were typed into, in order. The Who box saves for the person
it names, or refuses; editing shows the entry's own person.
"""

from __future__ import annotations

from pathlib import Path

from factories import FakeClock, make_workshop
from form_harness import (
    PRIVATE_KEY,
    STORIES,
    burst,
    field_values,
    index_of,
    keys_of,
    make_app,
    screen_text,
    settle,
)
from step_harness import StepHarness, full
from step_harness import screen_text as harness_text
from textual.widgets import Input, TabbedContent

from facilitator.engine import Session
from facilitator.tui.screens.people import PeopleScreen
from facilitator.tui.screens.run import RunScreen
from facilitator.tui.screens.setup import SetupScreen
from facilitator.tui.widgets.capture import CaptureView, EntryTable

FIELDS = ["title", "where", "category", "story", "lesson"]


def on_stories(tmp_path: Path) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    w = make_workshop(tmp_path, "delivering-excellent-service", clock=clock)
    w.jump(index_of(w, STORIES))
    return w, clock


def state(w: Session, app: object) -> tuple[object, ...]:
    """Everything outside the form that a stray key could change."""
    return (
        tuple((p.id, p.status) for p in w.participants()),
        w.timer().running,
        w.position,
        getattr(app, "theme", None),
        w.blanked,
        len(w.entries()),
    )


async def test_typing_pace_in_the_list_beside_the_form_changes_nothing_else(tmp_path: Path) -> None:
    w, clock = on_stories(tmp_path)
    w.add_entry(STORIES, "p1", {"title": "Kind nurse", "category": "excellent"})
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = state(w, app)
        await pilot.press(*keys_of("ada"), "enter", *keys_of("Lost parcel"))
        await pilot.press("tab", "tab", "tab", "tab", "tab")  # past the last field, into the list
        assert isinstance(app.focused, EntryTable)
        await pilot.press(*keys_of("pace t"))
        await settle(pilot)
        assert isinstance(app.screen, RunScreen), "p did not open People"
        assert state(w, app) == before, "no absence, no timer, no theme, no step change"
        assert "pace t" in "".join(field_values(app, FIELDS).values()), "nothing typed is lost"


async def test_the_entry_list_has_its_own_visible_mode(tmp_path: Path) -> None:
    w, clock = on_stories(tmp_path)
    w.add_entry(STORIES, "p1", {"title": "Kind nurse", "category": "excellent"})
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(EntryTable).focus()
        await settle(pilot)
        text = screen_text(app)
        assert "Enter edit" in text and "Del delete" in text
        footer = text.splitlines()[-1]
        assert "People" not in footer and "Timer" not in footer, "letter keys are not offered here"


async def test_run_screen_letters_still_work_outside_the_form(tmp_path: Path) -> None:
    w, clock = on_stories(tmp_path)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # out of the form: the room's keys are back
        await pilot.press("space")
        assert w.timer().running
        await pilot.press("p")
        assert isinstance(app.screen, PeopleScreen)


async def test_setup_tabs_switch_from_every_field_with_keys_that_cannot_be_typed(tmp_path: Path) -> None:
    w = make_workshop(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.adopt(w, SetupScreen(w))
        await settle(pilot)
        await pilot.press("f2")
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == "details"
        assert isinstance(app.focused, Input) and app.focused.id == "detail-title"
        title = app.focused.value
        await pilot.press("f4")
        assert tabs.active == "agenda"
        await pilot.press("f2", "tab", "f3")
        assert tabs.active == "roster"
        assert w.title == title and app.screen.query_one("#detail-title", Input).value == title
        tab_line = screen_text(app).splitlines()[1]
        assert "F2 Details" in tab_line and "F3 Roster" in tab_line and "F4 Agenda" in tab_line


async def test_setup_shows_why_a_date_is_refused_and_keeps_it_in_the_field(tmp_path: Path) -> None:
    w = make_workshop(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.adopt(w, SetupScreen(w))
        await settle(pilot)
        await pilot.press("f2", "tab")
        assert app.focused is not None and app.focused.id == "detail-date"
        await pilot.press("ctrl+a", "ctrl+k", "3", "enter")
        await settle(pilot)
        assert w.details.date == "2026-11-24", "refused"
        note = str(app.screen.query_one("#details-note").render())
        assert "date" in note.lower() and "Saved" not in note
        assert app.screen.query_one("#detail-date", Input).value == "3", "what was typed stays to fix"


async def test_keys_typed_at_full_speed_land_in_their_own_fields(tmp_path: Path) -> None:
    w = full(tmp_path)
    app = StepHarness(w, STORIES)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, *keys_of("ada"), "enter", *keys_of("aaa"), "tab", *keys_of("bbbccc"), "tab", "p")
        burst(app, "tab", *keys_of("xy"), "backspace", "z", "ctrl+s")  # Enter in a long answer: a new line
        await settle(pilot)
        assert [(e.owner, dict(e.data)) for e in w.entries(STORIES)] == [
            ("p1", {"title": "aaa", "where": "bbbccc", "category": "poor", "story": "xz", "lesson": ""})
        ]


async def test_the_first_letters_after_opening_pass_the_keyboard_are_kept(tmp_path: Path) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    w.jump(index_of(w, PRIVATE_KEY))
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, "k", *keys_of("ada"), "enter", "y", *keys_of("Call back"), "tab", *keys_of("2026-12-15"))
        burst(app, "enter")
        await settle(pilot)
        assert [(e.owner, e.data["action"], e.data["due"]) for e in w.entries(PRIVATE_KEY)] == [
            ("p1", "Call back", "2026-12-15")
        ]


async def test_a_who_box_that_names_someone_else_saves_for_them(tmp_path: Path) -> None:
    w = full(tmp_path)
    app = StepHarness(w, STORIES)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys_of("eli"), "enter", *keys_of("First"), "tab", "tab", "g", "enter")
        assert [e.owner for e in w.entries(STORIES)] == ["p5"]
        await pilot.press(*keys_of("gus"), "tab", *keys_of("Second"), "tab", "tab", "g", "enter")
        assert [e.owner for e in w.entries(STORIES)] == ["p5", "p7"], "saved for Gus, as the box says"
        assert "Saved for Gus Lindqvist" in harness_text(app)


async def test_a_who_box_that_names_nobody_or_several_blocks_the_save(tmp_path: Path) -> None:
    w = full(tmp_path)
    app = StepHarness(w, STORIES)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys_of("eli"), "enter", *keys_of("First"), "tab", "tab", "g", "enter")
        await pilot.press(*keys_of("zz"), "tab", *keys_of("Second"), "tab", "tab", "g", "enter")
        assert len(w.entries(STORIES)) == 1
        assert "zz" in harness_text(app) and "names nobody" in harness_text(app)
        assert field_values(app, ["title"]) == {"title": "Second"}, "the typing stays"
        app.view.query_one("#picker-input", Input).value = "a"
        await pilot.press("enter")
        await settle(pilot)
        assert len(w.entries(STORIES)) == 1


async def test_edit_shows_the_entrys_own_person_in_the_who_box(tmp_path: Path) -> None:
    w = full(tmp_path)
    app = StepHarness(w, STORIES)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys_of("bil"), "enter", *keys_of("Bilal's"), "tab", "tab", "g", "enter")
        await pilot.press(*keys_of("dan"), "enter", *keys_of("Dana's"), "tab", "tab", "g", "enter")
        table = app.view.query_one(EntryTable)
        table.focus()
        await pilot.press("down", "enter")  # the older entry: Bilal's
        await settle(pilot)
        assert "Editing Bilal Chaudhry's entry" in harness_text(app)
        assert app.view.query_one("#picker-input", Input).value == "Bilal Chaudhry"
        assert isinstance(app.view, CaptureView)


async def test_keys_typed_right_after_next_step_land_in_the_new_steps_form(tmp_path: Path) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, "delivering-excellent-service", clock=clock)
    w.jump(index_of(w, STORIES) - 1)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.set_focus(None)
        burst(app, "pagedown", *keys_of("bil "), "enter")
        await settle(pilot)
        assert w.position == index_of(w, STORIES)
        assert not w.timer().running, "the space went into the Who box, not to the timer"
        assert isinstance(app.focused, Input) and app.focused.id == "field-title", "Enter picked Bilal"
        burst(app, "pagedown", "pagedown", "pagedown")
        await settle(pilot)
        assert w.position == index_of(w, STORIES) + 3, "a clicker's presses are never lost"
