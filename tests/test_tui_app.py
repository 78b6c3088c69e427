"""Pilot tests of the app shell: home, setup, the Run screen, pass-the-keyboard, resume.

Each test drives the app the way the trainer does (keys first) and checks what
is on screen (the rendered text, not widget internals) or in the session file.
Time is a `FakeClock` moved by hand; `screen.tick()` is what the 0.2 s
interval calls, so tests call it after moving the clock.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from factories import SHORT_AGENDA, FakeClock, library, make_workshop
from rich.console import Console
from textual.app import App
from textual.command import CommandPalette
from textual.widgets import Digits, Select, Static

from facilitator.engine import Session, Workspace, open_session
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.confirm import ConfirmScreen
from facilitator.tui.screens.help import HelpScreen
from facilitator.tui.screens.home import HomeScreen
from facilitator.tui.screens.new_session import NewSessionScreen
from facilitator.tui.screens.pass_keyboard import PassKeyboardScreen
from facilitator.tui.screens.people import PeopleScreen
from facilitator.tui.screens.roster_edit import RosterEditScreen
from facilitator.tui.screens.run import RunScreen
from facilitator.tui.screens.setup import SetupScreen
from facilitator.tui.screens.wrapup import WrapUpScreen
from facilitator.tui.widgets.countdown import Countdown

PRIVATE_KEY = "action-plan/my-actions"


def screen_text(app: App[Any]) -> str:
    """What the terminal shows now, as plain text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def make_app(root: Path, workshop: Session | None = None, clock: FakeClock | None = None) -> FacilitatorApp:
    """The app as the CLI builds it, with a fake clock and nothing blinking."""
    return FacilitatorApp(
        workspace=Workspace(root),
        library=library(),
        workshop=workshop,
        clock=clock or FakeClock(),
        still=True,
    )


async def type_text(pilot: Any, text: str) -> None:
    """Type into whatever has the focus, one key at a time."""
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


def index_of(workshop: Session, key: str) -> int:
    """The plan position of a slot key."""
    return [s.key for s in workshop.plan].index(key)


def digits(app: App[Any]) -> str:
    """The big countdown's value."""
    return app.screen.query_one(Countdown).query_one(Digits).value


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# ----- home → new session → setup → run -----


async def test_home_new_session_setup_run(tmp_path: Path, clock: FakeClock) -> None:
    roster = tmp_path / "people.csv"
    roster.write_text("Name,Team\nAda Brennan,Front Desk\nBilal Chaudhry,Accounts\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Team\n,Front Desk\n", encoding="utf-8")
    app = make_app(tmp_path / "data", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert "No sessions yet" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, NewSessionScreen)
        app.screen.query_one("#agenda", Select).value = SHORT_AGENDA
        await type_text(pilot, "Front desk")
        await pilot.press("tab", "tab", "tab")  # date, trainer, roster
        assert app.focused is not None and app.focused.id == "roster"
        await type_text(pilot, str(bad))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewSessionScreen), "a bad roster keeps the form open"
        assert "row 2" in screen_text(app)
        app.focused.value = str(roster)  # type: ignore[union-attr]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert "F3 Roster (2)" in screen_text(app)
        assert "Ada Brennan" in screen_text(app)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        text = screen_text(app)
        assert "step 1 of 13" in text and "Taking a message that matters" in text
    assert app.workshop is None, "quitting the app releases the session"
    session = Workspace(tmp_path / "data").sessions()[0]
    assert session.title == "Front desk" and session.status == "running"


async def test_home_lists_sessions_and_resumes(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    w.jump(3)
    w.close()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Front desk refresher" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert "step 4 of 13" in screen_text(app)


# ----- navigation -----


async def test_next_previous_and_jump(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, RunScreen)
        await pilot.press("pagedown")
        assert w.position == 1 and "step 2 of 13" in screen_text(app)
        await pilot.press("pagedown", "pagedown", "pageup")
        assert w.position == 2
        app.screen.set_focus(None)
        await pilot.press("right")
        assert w.position == 3
        await pilot.press("left")
        assert w.position == 2
        await pilot.press("g")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "specific")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, RunScreen)
        assert w.current.key == "promises/rewrite"
        assert f"step {w.position + 1} of 13" in screen_text(app)


async def test_previous_is_disabled_on_the_first_step(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("pageup")
        assert w.position == 0
        assert app.screen.check_action("previous", ()) is None


async def test_last_step_offers_wrap_up(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    w.jump(len(w.plan) - 1)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("pagedown")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, WrapUpScreen)
        assert w.status == "finished"
        assert "people took part" in screen_text(app)
        await pilot.press("pageup")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)


# ----- the countdown -----


async def test_timer_start_pause_adjust_reset_and_overtime(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    app = make_app(tmp_path, w, clock)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, RunScreen)
        screen.set_focus(None)
        assert digits(app) == "05:00"
        await pilot.press("space")
        assert w.timer().running
        clock.advance(seconds=60)
        screen.tick()
        assert digits(app) == "04:00"
        await pilot.press("space")
        assert not w.timer().running
        clock.advance(seconds=60)
        screen.tick()
        assert digits(app) == "04:00", "paused: time passing does not count"
        await pilot.press("plus")
        assert digits(app) == "05:00"
        await pilot.press("minus", "minus")
        assert digits(app) == "03:00"
        await pilot.press("r")
        assert digits(app) == "05:00" and not w.timer().started
        await pilot.press("space")
        clock.advance(seconds=299)
        screen.tick()
        assert rings == [] and digits(app) == "00:01"
        clock.advance(seconds=11)
        screen.tick()
        countdown = screen.query_one(Countdown)
        assert digits(app) == "+00:10"
        assert countdown.has_class("-overtime") and countdown.has_class("-flash")
        assert rings == [1], "the bell rings once at zero"
        clock.advance(seconds=30)
        screen.tick()
        assert digits(app) == "+00:40" and rings == [1], "and keeps counting, without ringing again"
        assert "over time" in screen_text(app)


async def test_break_shows_its_own_countdown(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, agenda="delivering-excellent-service", clock=clock)
    w.jump(next(i for i, s in enumerate(w.plan) if s.is_break))
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)):
        text = screen_text(app)
        assert "Morning break" in text and "After the break: Taking a message that matters" in text
        assert app.screen.query_one("#clock").display, "a break shows the full-window clock"
        assert not app.screen.query_one("#run-top").display


# ----- blank -----


async def test_b_blanks_the_screen_and_brings_it_back(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.set_focus(None)
        before = screen_text(app)
        await pilot.press("b")
        assert screen_text(app).strip() == "", "nothing at all is readable, the footer included"
        await pilot.press("pagedown", "space")
        assert w.position == 0 and not w.timer().running, "keys wait while the screen is blank"
        await pilot.press("b")
        assert screen_text(app).splitlines()[:-1] == before.splitlines()[:-1], "all back as it was"


# ----- private steps and pass-the-keyboard -----


async def test_pass_the_keyboard_shows_only_ones_own_form(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    people = {p.name: p.id for p in w.participants()}
    w.add_entry(PRIVATE_KEY, people["Bilal Chaudhry"], {"action": "SECRET-BILAL", "due": "2026-12-15"})
    w.jump(index_of(w, PRIVATE_KEY))
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        text = screen_text(app)
        assert "1 of 7 entered" in text and "SECRET-BILAL" not in text
        await pilot.press("k")
        assert isinstance(app.screen, PassKeyboardScreen)
        await type_text(pilot, "ada")
        await pilot.press("enter")
        await pilot.pause()
        assert "You are Ada Brennan?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        text = screen_text(app)
        assert "SECRET-BILAL" not in text and "Bilal" not in text, "nobody else's name or entry"
        assert "Ada Brennan" in text
        await type_text(pilot, "Read every number back")
        await pilot.press("tab")
        await type_text(pilot, "2026-12-15")
        await pilot.press("enter")
        await pilot.pause()
        assert "Read every number back" in screen_text(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        text = screen_text(app)
        assert "2 of 7 entered" in text
        assert "Read every number back" not in text and "SECRET-BILAL" not in text
    ada = [e for e in w.entries(PRIVATE_KEY) if e.owner == people["Ada Brennan"]]
    assert [e.data["action"] for e in ada] == ["Read every number back"]


async def test_pass_keyboard_is_offered_only_on_private_steps(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.set_focus(None)
        await pilot.press("k")
        assert isinstance(app.screen, RunScreen)
        assert "Pass keyboard" not in screen_text(app)


# ----- mid-workshop roster changes -----


async def test_late_arrival_and_leaver_without_leaving_the_run_screen(
    tmp_path: Path, clock: FakeClock
) -> None:
    w = make_workshop(tmp_path, clock=clock)
    w.jump(index_of(w, PRIVATE_KEY))
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "0 of 7 entered" in screen_text(app)
        await pilot.press("p")
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("n")
        assert isinstance(app.screen, RosterEditScreen)
        await type_text(pilot, "Jo Late")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        assert "Jo Late" in screen_text(app) and "Arrived late" in screen_text(app)
        await pilot.press(*["up"] * 8)  # first row: Ada
        await pilot.press("a")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert "0 of 7 entered" in screen_text(app), "one in, one out: the count follows"
        statuses = {p.name: p.status for p in w.participants()}
        assert statuses["Jo Late"] == "late" and statuses["Ada Brennan"] == "absent"


async def test_late_arrival_from_the_palette(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "late arrival")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RosterEditScreen)
        await pilot.press("enter")
        assert "needs a name" in screen_text(app), "a blank name is refused in the box"
        await type_text(pilot, "Kim")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert [p.name for p in w.participants()][-1] == "Kim"


# ----- quit and resume -----


async def test_quit_and_resume_return_to_the_same_step_and_timer(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    session = w.id
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.set_focus(None)
        await pilot.press("pagedown", "pagedown")
        await pilot.press("space")
        clock.advance(seconds=90)
        app.screen.tick()  # type: ignore[attr-defined]
        await pilot.press("space")  # paused at 4:30 left of 6
        assert digits(app) == "04:30"
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, RunScreen), "no: carry on"
        await pilot.press("q", "y")
        await pilot.pause()
    assert app.return_code == 0
    clock.advance(minutes=30)
    again = open_session(Workspace(tmp_path), session, clock=clock)
    app2 = make_app(tmp_path, again, clock)
    async with app2.run_test(size=(80, 24)):
        assert isinstance(app2.screen, RunScreen)
        assert again.position == 2 and "step 3 of 13" in screen_text(app2)
        assert digits(app2) == "04:30", "a paused timer resumes exactly"


# ----- help, themes, handouts, read-only -----


async def test_help_lists_the_keys_of_the_screen_below(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.set_focus(None)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in ("PgDn", "Blank", "run.blank", "People", "Everywhere"):
            assert words in text
        assert "keys.toml" in str(app.screen.query_one(".help-remap", Static).content)
        await pilot.press("escape")
        assert isinstance(app.screen, RunScreen)


async def test_projector_themes(tmp_path: Path, clock: FakeClock) -> None:
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "projector-dark"
        assert {"projector-dark", "projector-light", "textual-dark"} <= set(app.available_themes)
        await pilot.press("t")
        assert app.theme == "projector-light"
        await pilot.press("ctrl+t")
        assert isinstance(app.screen, CommandPalette)


async def test_handouts_run_in_a_worker(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import facilitator.handouts

    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(facilitator.handouts, "build", lambda *args: calls.append(args) or tmp_path / "out")
    w = make_workshop(tmp_path, clock=clock)
    w.finish()
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WrapUpScreen)
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert calls and calls[0][0] is w and calls[0][2] == ("html", "pdf")


async def test_handouts_without_pdf_say_the_html_is_ready(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import facilitator.handouts
    from facilitator.handouts import PdfUnavailable

    def no_pdf(*args: Any) -> None:
        raise PdfUnavailable("Pango is missing", tmp_path / "all-in-one.html")

    monkeypatch.setattr(facilitator.handouts, "build", no_pdf)
    w = make_workshop(tmp_path, clock=clock)
    w.finish()
    app = make_app(tmp_path, w, clock)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.say = lambda text, *a, **k: said.append(text)  # type: ignore[method-assign]
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert any(text.startswith("HTML handouts ready") and "Pango is missing" in text for text in said)


async def test_read_only_and_recovered_sessions_say_so(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    w.jump(2)  # the other window is on step 3
    viewer = open_session(Workspace(tmp_path), w.id, readonly=True, clock=clock)
    app = make_app(tmp_path, viewer, clock)
    said: list[str] = []
    app.say = lambda text, *a, **k: said.append(text)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, RunScreen)
        assert any("Read-only" in s for s in said)
        await pilot.press("pagedown")
        assert "step 4 of 13" in screen_text(app), "looking around is fine"
        assert app.screen.check_action("timer_toggle", ()) is None
    w.close()


async def test_keymap_file_remaps_a_binding(tmp_path: Path, clock: FakeClock) -> None:
    (tmp_path / "keys.toml").write_text('[keys]\n"run.next" = "f8"\n', encoding="utf-8")
    w = make_workshop(tmp_path, clock=clock)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        assert w.position == 1
        await pilot.press("pagedown")
        assert w.position == 1, "the old key is gone"


# ----- setup -----


async def test_setup_roster_and_agenda(tmp_path: Path, clock: FakeClock) -> None:
    w = make_workshop(tmp_path, clock=clock)
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.adopt(w, SetupScreen(w))
        await pilot.pause()
        await pilot.press("n")
        await type_text(pilot, "Nia")
        await pilot.press("enter")
        await pilot.pause()
        assert "F3 Roster (8)" in screen_text(app)
        await pilot.press(*["up"] * 8, "s")
        assert w.participants()[0].status == "absent"
        await pilot.press(*["down"] * 8, "x")
        assert "Nia" not in [p.name for p in w.participants()]
        await pilot.press("f4")
        assert "Promises you can keep" in screen_text(app)
        await pilot.press("down", "u")
        assert next(e for e, _ in w.exercise_minutes()) == "promises"
        await pilot.press("plus")
        assert dict(w.exercise_minutes())["promises"] == 25
        await pilot.press("x", "y")
        await pilot.pause()
        assert "promises" not in dict(w.exercise_minutes())
        await pilot.press("f2")
        assert app.focused is not None and app.focused.id == "detail-title"
        app.focused.value = "Renamed"  # type: ignore[union-attr]
        await pilot.press("enter")
        assert w.title == "Renamed" and "Setup · Renamed" in screen_text(app)


# ----- a whole small workshop -----


async def test_drive_a_small_workshop_from_new_session_to_its_last_step(
    tmp_path: Path, clock: FakeClock
) -> None:
    roster = tmp_path / "seven.csv"
    names = [
        "Ada Brennan",
        "Bilal Chaudhry",
        "Chen Wei",
        "Dana Okoro",
        "Eli Marsh",
        "Farah Haddad",
        "Gus Lind",
    ]
    teams = ["Front Desk", "Front Desk", "Accounts", "Accounts", "Field", "Field", "Field"]
    roster.write_text("Name,Team\n" + "".join(f"{n},{t}\n" for n, t in zip(names, teams, strict=True)))
    data_root = tmp_path / "data"
    app = make_app(data_root, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        app.screen.query_one("#agenda", Select).value = SHORT_AGENDA
        await type_text(pilot, "Front desk")
        app.screen.query_one("#roster").value = str(roster)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        w = app.workshop
        assert isinstance(app.screen, RunScreen) and w is not None and w.id
        session = w.id
        people = [p.id for p in w.participants()]
        for _ in range(len(w.plan) - 1):
            key = w.current.key
            step = w.step(key)
            kind = type(step).__struct_config__.tag if step else "break"
            app.screen.set_focus(None)
            await pilot.press("space")
            clock.advance(minutes=w.current.minutes)
            if key == PRIVATE_KEY:
                for pid in people:
                    w.add_entry(key, pid, {"action": f"action of {pid}", "due": "2026-12-15"})
            elif kind == "capture" and getattr(step, "per", "") == "team":
                for team in w.teams():
                    w.add_entry(key, f"team:{team}", {f.id: "idea" for f in step.fields})  # type: ignore[union-attr]
            elif key == "close/feedback":
                for n, pid in enumerate(people):
                    w.add_entry(key, pid, {"recommend": 10 - n % 3, "keep": "pace", "change": ""})
            await pilot.press("pagedown")
        assert w.position == len(w.plan) - 1
        clock.advance(minutes=w.current.minutes)
        await pilot.press("pagedown", "y")
        await pilot.pause()
        assert isinstance(app.screen, WrapUpScreen)
        await pilot.press("q", "y")
        await pilot.pause()
    reopened = open_session(Workspace(data_root), session, clock=clock)
    try:
        assert reopened.status == "finished"
        assert len(reopened.participants()) == 7
        assert len(reopened.entries(PRIVATE_KEY)) == 7
        assert len(reopened.entries("close/feedback")) == 7
        assert reopened.position == len(reopened.plan) - 1
        assert all(reopened.spent(s.key) > 0 for s in reopened.plan)
    finally:
        reopened.close()
    raw = json.loads((data_root / "sessions" / f"{session}.json").read_text(encoding="utf-8"))
    entries = raw["entries"].values()
    assert sum(1 for e in entries if e["step"] == PRIVATE_KEY) == 7
    assert raw["meta"]["1"]["status"] == "finished"
    assert {e["step"] for e in entries} >= {PRIVATE_KEY, "close/feedback", "promises/rewrite"}


def test_short_agenda_is_the_one_driven() -> None:
    assert SHORT_AGENDA == "taking-messages-that-matter"
