"""No typed work is lost (issue 9): a half-typed entry is kept as a draft in the session.

Per step and per form owner (the scribe's console, or a participant), so it
survives moving on and back, Esc, Done, quitting and a crash, comes back
when the form opens again and goes once the entry is saved. Pasted lines
are kept where lines make sense and joined, with a warning, where not.
"""

from __future__ import annotations

from pathlib import Path

from factories import FakeClock, make_workshop
from form_harness import (
    PRIVATE_KEY,
    STORIES,
    field_values,
    index_of,
    keys_of,
    make_app,
    screen_text,
    settle,
)
from hostile import HOSTILE
from step_harness import StepHarness, full
from step_harness import screen_text as harness_text
from textual import events
from textual.widgets import Input

from facilitator.engine import Session, Workspace, open_session
from facilitator.engine.drafts import CONSOLE, WHO
from facilitator.tui.screens.confirm import ConfirmScreen
from facilitator.tui.screens.people import PeopleScreen
from facilitator.tui.screens.roster_edit import RosterEditScreen
from facilitator.tui.screens.run import RunScreen
from facilitator.tui.screens.setup import SetupScreen

#: How long the tests wait for the typing pause that saves a draft.
DEBOUNCE = 1.0


def on_step(tmp_path: Path, key: str) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    w = make_workshop(tmp_path, "delivering-excellent-service", clock=clock)
    w.jump(index_of(w, key))
    return w, clock


async def test_next_then_back_keeps_the_half_typed_entry(tmp_path: Path) -> None:
    w, clock = on_step(tmp_path, STORIES)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*keys_of("bil"), "enter", *keys_of("Cold soup"), "tab", *keys_of("Cafe"))
        await pilot.press("pagedown")
        await settle(pilot)
        await pilot.press("pageup")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        assert field_values(app, ["title", "where"]) == {"title": "Cold soup", "where": "Cafe"}
        assert "Bilal Chaudhry" in screen_text(app)
        assert w.entries(STORIES) == []


async def test_a_draft_is_saved_while_typing_so_a_crash_loses_nothing(tmp_path: Path) -> None:
    w, clock = on_step(tmp_path, STORIES)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*keys_of("bil"), "enter", *keys_of("Cold soup"))
        await pilot.pause(DEBOUNCE)
        # What another process reads from disk now, as after a crash:
        on_disk = open_session(Workspace(tmp_path), w.id, readonly=True)
        draft = on_disk.drafts.get(STORIES, CONSOLE)
        assert draft is not None and draft.fields["title"] == "Cold soup"
        on_disk.close()


async def test_quit_keeps_drafts_and_says_so_then_they_come_back(tmp_path: Path) -> None:
    w, clock = on_step(tmp_path, STORIES)
    session = w.id
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*keys_of("bil"), "enter", *keys_of("Cold soup"), "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(app)
        assert "not saved as an entry" in text or "draft" in text, "the dialog tells the truth"
        await pilot.press("y")
        await settle(pilot)
    again = open_session(Workspace(tmp_path), session, clock=clock)
    draft = again.drafts.get(STORIES, CONSOLE)
    assert draft is not None and draft.fields["title"] == "Cold soup"
    app2 = make_app(tmp_path, again, clock)
    async with app2.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert field_values(app2, ["title"]) == {"title": "Cold soup"}
        assert "Bilal Chaudhry" in screen_text(app2)


async def test_saving_the_entry_drops_its_draft(tmp_path: Path) -> None:
    w = full(tmp_path)
    app = StepHarness(w, STORIES)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys_of("bil"), "enter", *keys_of("Cold soup"))
        await pilot.pause(DEBOUNCE)
        assert w.drafts.get(STORIES, CONSOLE) is not None
        await pilot.press("tab", "tab", "p", "enter")
        await settle(pilot)
        assert len(w.entries(STORIES)) == 1
        await pilot.pause(DEBOUNCE)
        assert w.drafts.get(STORIES, CONSOLE) is None


async def pass_to_ada(pilot: object, app: object) -> None:
    await pilot.press("k", *keys_of("ada"), "enter", "y")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_esc_on_the_private_form_keeps_a_draft(tmp_path: Path) -> None:
    w, clock = on_step(tmp_path, PRIVATE_KEY)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pass_to_ada(pilot, app)
        await pilot.press(*keys_of("Call the bank"), "escape")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        draft = w.drafts.get(PRIVATE_KEY, "p1")
        assert draft is not None and draft.fields["action"] == "Call the bank"
        await pass_to_ada(pilot, app)
        assert app.screen.query_one("#field-action").text == "Call the bank"  # type: ignore[attr-defined]


async def test_done_with_a_filled_form_asks_before_handing_on(tmp_path: Path) -> None:
    w, clock = on_step(tmp_path, PRIVATE_KEY)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pass_to_ada(pilot, app)
        await pilot.press(*keys_of("Call the bank"), "shift+tab")  # round to the Done button
        assert app.focused is not None and app.focused.id == "capture-done"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "asked, not discarded"
        await pilot.press("n")  # not now: keep it as a draft
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        draft = w.drafts.get(PRIVATE_KEY, "p1")
        assert draft is not None and draft.fields["action"] == "Call the bank"
        assert w.entries(PRIVATE_KEY) == []


async def test_pasted_lines_are_kept_in_a_long_field(tmp_path: Path) -> None:
    w = full(tmp_path)
    app = StepHarness(w, PRIVATE_KEY, owner="p3")
    async with app.run_test(size=(80, 24)) as pilot:
        app.post_message(events.Paste("Call the bank\nthen write it down\nthen tell Sam"))
        await settle(pilot)
        await pilot.press("tab", *keys_of("2026-12-15"), "enter")
        await settle(pilot)
        assert [e.data["action"] for e in w.entries(PRIVATE_KEY)] == [
            "Call the bank\nthen write it down\nthen tell Sam"
        ]


async def test_pasted_lines_in_a_one_line_field_are_joined_with_a_warning(tmp_path: Path) -> None:
    w = full(tmp_path)
    app = StepHarness(w, STORIES)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys_of("bil"), "enter")
        app.post_message(events.Paste("Cold soup\nat the station"))
        await settle(pilot)
        assert field_values(app, ["title"]) == {"title": "Cold soup at the station"}
        assert "lines" in harness_text(app)


async def test_hostile_strings_pasted_and_kept_as_drafts_come_back_literally(tmp_path: Path) -> None:
    w = full(tmp_path, people=3)
    values = [v for v in HOSTILE if v.strip()]
    app = StepHarness(w, STORIES)
    async with app.run_test(size=(120, 40)) as pilot:
        for n, value in enumerate(values):
            await pilot.press(*keys_of(["ada", "bil", "che"][n % 3]), "enter")
            app.post_message(events.Paste(value))  # into the title (one line)
            await pilot.press("tab", "tab", "g", "tab")
            app.post_message(events.Paste(value))  # into the story (a long answer)
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            saved = w.entries(STORIES)
            assert len(saved) == 1, (value, harness_text(app))
            assert "\x1b" not in str(saved[0].data), "a pasted escape is shown as ␛, never kept raw"
            w.delete_entry(saved[0].id)  # room for the next: a few stories a person at most
    # A draft holding every hostile string (in the Who box too) comes back without a crash.
    for chunk in range(0, len(values), 4):
        texts = dict(zip(["title", "where", "story", "lesson"], values[chunk : chunk + 4], strict=False))
        w.drafts.keep(STORIES, CONSOLE, {**texts, WHO: values[chunk]})
        app = StepHarness(w, STORIES)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "Brought back" in harness_text(app)
            shown = field_values(app, list(texts))
            assert all(shown[k] == v or "\n" in v or "\t" in v for k, v in texts.items()), shown


async def test_esc_in_the_add_a_person_box_asks_before_dropping_a_typed_name(tmp_path: Path) -> None:
    w, clock = on_step(tmp_path, STORIES)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "p", "n", *keys_of("Jo Late"), "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "asked, not dropped"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, RosterEditScreen)
        assert app.screen.query_one("#field-name", Input).value == "Jo Late"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("n", "escape")  # nothing typed: no question
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)


async def test_setup_details_typed_then_left_or_quit_are_saved(tmp_path: Path) -> None:
    w = make_workshop(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.adopt(w, SetupScreen(w))
        await settle(pilot)
        await pilot.press("f2", "tab", "tab", *keys_of("Jo Trainer"), "escape")
        await settle(pilot)
        assert w.details.trainer.endswith("Jo Trainer"), "Esc to Home saves what was typed"
    again = open_session(Workspace(tmp_path), w.id)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.adopt(again, SetupScreen(again))
        await settle(pilot)
        await pilot.press("f2", *keys_of("!"), "ctrl+q", "y")
        await settle(pilot)
    assert open_session(Workspace(tmp_path), w.id).title.endswith("!"), "quitting saves it too"
