"""Pass-the-keyboard keeps each person's form private (issue 9, privacy).

Nobody's form opens by default; a person picks their own name and says yes
to "You are ...?"; a form left alone goes back to the room view after a set
time, keeping what was typed as a draft that is shown again only after the
same question. Two people with one name are told apart by what a person
knows (their team, company or email), never by an internal id.
"""

from __future__ import annotations

from pathlib import Path

from factories import FakeClock, make_workshop
from form_harness import PRIVATE_KEY, STORIES, index_of, keys_of, make_app, screen_text, settle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from step_harness import StepHarness
from step_harness import screen_text as harness_text

from facilitator.engine import Session
from facilitator.tui.screens.confirm import ConfirmScreen
from facilitator.tui.screens.pass_keyboard import PassKeyboardScreen
from facilitator.tui.screens.run import RunScreen
from facilitator.tui.widgets.capture import CaptureView


class Ticker:
    """A monotonic clock the test moves by hand, for the idle timeout."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def on_private_step(tmp_path: Path) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    w.jump(index_of(w, PRIVATE_KEY))
    return w, clock


def ids(w: Session) -> dict[str, str]:
    return {p.name: p.id for p in w.participants()}


async def test_enter_with_no_name_typed_opens_nobodys_form(tmp_path: Path) -> None:
    w, clock = on_private_step(tmp_path)
    w.add_entry(PRIVATE_KEY, ids(w)["Ada Brennan"], {"action": "SECRET-ADA", "due": "2026-12-15"})
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k")
        assert isinstance(app.screen, PassKeyboardScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PassKeyboardScreen) and app.screen.owner is None
        assert not app.screen.query(CaptureView), "no form opens without a name"
        text = screen_text(app)
        assert "SECRET-ADA" not in text and "Your entries" not in text
        assert "name" in text.lower()


async def test_a_person_confirms_who_they_are_before_their_form_opens(tmp_path: Path) -> None:
    w, clock = on_private_step(tmp_path)
    w.add_entry(PRIVATE_KEY, ids(w)["Ada Brennan"], {"action": "SECRET-ADA", "due": "2026-12-15"})
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k", *keys_of("ada"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "asked first"
        text = screen_text(app)
        assert "You are Ada Brennan?" in text
        assert "SECRET-ADA" not in text
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PassKeyboardScreen) and app.screen.owner is None
        assert "SECRET-ADA" not in screen_text(app)
        await pilot.press(*keys_of("ada"), "enter", "y")
        await settle(pilot)
        assert isinstance(app.screen, PassKeyboardScreen) and app.screen.owner == ids(w)["Ada Brennan"]
        assert "SECRET-ADA" in screen_text(app) and "Your entries, Ada Brennan" in screen_text(app)


async def test_an_idle_form_goes_back_to_the_room_and_keeps_a_draft(tmp_path: Path) -> None:
    w, clock = on_private_step(tmp_path)
    ada = ids(w)["Ada Brennan"]
    app = make_app(tmp_path, w, clock)
    ticker = Ticker()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k")
        screen = app.screen
        assert isinstance(screen, PassKeyboardScreen)
        assert screen.idle_after == 90, "90 seconds unless set otherwise"
        screen.clock = ticker
        await pilot.press(*keys_of("ada"), "enter", "y")
        await settle(pilot)
        await pilot.press(*keys_of("Call the bank"))
        await settle(pilot)
        ticker.now += 60
        await pilot.press("space")  # typing counts as activity: the 90 s start again
        ticker.now += 89
        screen.check_idle()
        await settle(pilot)
        assert app.screen is screen, "89 s after the last key: still open"
        ticker.now += 2
        screen.check_idle()
        await settle(pilot)
        assert isinstance(app.screen, RunScreen), "back to the room view"
        assert "Call the bank" not in screen_text(app)
        draft = w.drafts.get(PRIVATE_KEY, ada)
        assert draft is not None and draft.fields["action"] == "Call the bank "
        assert w.entries(PRIVATE_KEY) == [], "a draft, not an entry"

        # Back for Ada: the question comes before her words are shown again.
        await pilot.press("k", *keys_of("ada"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Call the bank" not in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.query_one("#field-action").text == "Call the bank "  # type: ignore[attr-defined]


async def test_the_idle_time_can_be_set(tmp_path: Path) -> None:
    w, clock = on_private_step(tmp_path)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        ticker = Ticker()
        screen = PassKeyboardScreen(w, PRIVATE_KEY, idle_after=5, clock=ticker)
        app.push_screen(screen)
        await settle(pilot)
        ticker.now += 6
        screen.check_idle()
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)


def namesakes(tmp_path: Path) -> Session:
    w = make_workshop(tmp_path, "delivering-excellent-service", people=3)
    w.add_participant("Sam Lee", team="Accounts")
    w.add_participant("Sam Lee", team="Front Desk")
    w.add_participant("Kim Ode", team="Field Service")
    w.add_participant("Kim Ode", team="Field Service")
    return w


async def test_namesakes_are_told_apart_by_what_people_know_in_pass_the_keyboard(tmp_path: Path) -> None:
    w = namesakes(tmp_path)
    w.jump(index_of(w, PRIVATE_KEY))
    app = make_app(tmp_path, w)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("k", *keys_of("sam"))
        await settle(pilot)
        text = screen_text(app)
        assert "Sam Lee (Accounts)" in text and "Sam Lee (Front Desk)" in text
        await pilot.press("backspace", "backspace", "backspace", *keys_of("kim"))
        await settle(pilot)
        text = screen_text(app)
        kims = [line.strip() for line in text.splitlines() if "Kim Ode" in line]
        assert len(kims) == 2 and len(set(kims)) == 2, kims
        assert "(p" not in text, "never an internal id"
        await pilot.press("down", "enter")
        await settle(pilot)
        question = screen_text(app)
        assert "You are Kim Ode (" in question and "(p" not in question


async def test_namesakes_in_the_scribe_picker_never_show_an_id(tmp_path: Path) -> None:
    w = namesakes(tmp_path)
    app = StepHarness(w, STORIES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*keys_of("sam"))
        text = harness_text(app)
        assert "Sam Lee (Accounts)" in text and "Sam Lee (Front Desk)" in text
        await pilot.press(*["backspace"] * 3, *keys_of("kim"))
        text = harness_text(app)
        kims = [line.strip() for line in text.splitlines() if "Kim Ode" in line and "Who" not in line]
        assert len(kims) == 2 and len(set(kims)) == 2, kims
        assert "(p" not in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(
        st.tuples(st.sampled_from(["", "Accounts", "Front Desk"]), st.sampled_from(["", "sam", "s.lee"])),
        min_size=2,
        max_size=5,
    )
)
def test_namesakes_always_get_different_labels(tmp_path: Path, people: list[tuple[str, str]]) -> None:
    w = make_workshop(tmp_path / f"run-{len(list(tmp_path.iterdir()))}", people=1)
    for team, email in people:
        w.add_participant("Sam Lee", team=team, email=f"{email}@example.com" if email else "")
    labels = [label for pid, label in w.display_names().items() if pid != "p1"]
    assert len(set(labels)) == len(labels), labels
    assert all(label.startswith("Sam Lee (") and "(p" not in label for label in labels), labels
    w.close()
