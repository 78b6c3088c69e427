"""The Run screen read from the back of the room: the big clock, and a footer that never cuts a key.

Pilot tests at 80x24 (a big projector font) and 160x45 (a room-sized
terminal). What is checked is what the room sees: the rendered rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import FULL_AGENDA, FakeClock, make_workshop
from step_harness import screen_text
from test_tui_app import make_app
from textual.screen import Screen

from facilitator.tui.screens.help import HelpScreen
from facilitator.tui.screens.run import RunScreen
from facilitator.tui.widgets.big_clock import BigClock, render_lines
from facilitator.tui.widgets.clock_view import ClockView
from facilitator.tui.widgets.room_footer import FooterItem, RoomFooter, footer_items

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]
BLOCKS = set("█▀▄")


def clock_rows(text: str) -> int:
    """Rows of the screen drawn with block characters (the big digits)."""
    return sum(1 for row in text.splitlines() if BLOCKS & set(row))


@pytest.mark.parametrize("size", SIZES)
async def test_c_shows_the_countdown_over_the_whole_window(tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        assert isinstance(screen, RunScreen)
        screen.set_focus(None)
        await pilot.press("c")
        await pilot.pause()
        view = screen.query_one(ClockView)
        assert view.display and not screen.query_one("#run-body").display
        height = size[1]
        rows = clock_rows(screen_text(app))
        assert rows >= height / 3, f"digits {rows} rows tall in a {height}-row window"
        if size == (160, 45):
            assert rows >= 12
        assert view.digit_rows == rows
        assert "step" not in screen_text(app).splitlines()[0], "the strip is off while the clock is up"
        await pilot.press("c")
        await pilot.pause()
        assert not view.display and "step 1 of 13" in screen_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_a_break_opens_on_the_big_clock(tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, agenda=FULL_AGENDA, clock=clock)
    before = next(i for i, s in enumerate(w.plan) if s.is_break) - 1
    w.jump(before)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=size) as pilot:
        app.screen.set_focus(None)
        assert clock_rows(screen_text(app)) == 0
        await pilot.press("pagedown")
        await pilot.pause(0.2)
        text = screen_text(app)
        assert "Morning break" in text and "After the break: Taking a message that matters" in text
        assert clock_rows(text) >= size[1] / 3
        await pilot.press("c")  # the trainer can put it away during a break
        await pilot.pause(0.2)
        text = screen_text(app)
        assert clock_rows(text) == 0 and "step 13 of 40" in text and "After the break" in text
        await pilot.press("pagedown")  # the next step starts on its own view
        await pilot.pause(0.2)
        assert clock_rows(screen_text(app)) == 0


async def test_big_clock_flashes_rings_once_and_counts_up_in_the_warning_colour(tmp_path: Path) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    app = make_app(tmp_path, w, clock)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, RunScreen)
        screen.set_focus(None)
        await pilot.press("c", "space")
        digits = screen.query_one(BigClock)
        clock.advance(seconds=299)
        screen.tick()
        assert digits.text == "00:01" and digits.has_class("-running") and rings == []
        clock.advance(seconds=2)
        screen.tick()
        assert digits.text == "+00:01" and digits.has_class("-overtime") and digits.has_class("-flash")
        assert rings == [1]
        assert "over time" in screen_text(app)
        clock.advance(seconds=30)
        screen.tick()
        assert rings == [1] and digits.text == "+00:31"


def test_block_font_scales_by_whole_pixels() -> None:
    small, big = render_lines("12:34", 40, 8), render_lines("12:34", 160, 40)
    assert 0 < len(small) < len(big) and len(big) >= 12
    assert all(set(line) <= BLOCKS | {" "} for line in big)
    assert render_lines("12:34", 10, 2) == [], "too small for one pixel a cell: the widget shows plain text"


def footer_row(text: str) -> str:
    return text.splitlines()[-1]


def whole(item: FooterItem, description: str | None = None) -> str:
    return f"{item.keys} {item.description if description is None else description}".strip()


def assert_whole_keys(row: str, screen: Screen[Any]) -> None:
    """Every key in the footer row is a whole item of the screen's keys, and `?` is there."""
    rest = row.replace("^p Commands", "")
    for item in footer_items(screen):
        for text in (whole(item), whole(item, "More keys")):
            if text in rest:
                rest = rest.replace(text, "", 1)
                break
    assert not rest.strip(), f"cut key in {row!r}: {rest.strip()!r} is no whole key"
    # In a form `?` is typed into the field, so help is on F1 there.
    assert any(f"{key} {what}" in row for key in ("?", "F1") for what in ("Help", "More keys"))


@pytest.mark.parametrize("size", SIZES)
async def test_footer_shows_whole_keys_and_question_mark_lists_the_rest(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, agenda=FULL_AGENDA, clock=clock)
    app = make_app(tmp_path, w, clock)
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        for _ in range(len(w.plan)):
            await pilot.pause(0.1)
            row = footer_row(screen_text(app)).replace("▏^p Commands", "")
            assert_whole_keys(row, screen)
            if w.position + 1 < len(w.plan):
                screen.go_to(w.position + 1)
            await pilot.pause(0.1)
        screen.set_focus(None)
        await pilot.pause()
        shown = screen.query_one(RoomFooter).shown_text()
        left_out = [
            item
            for item in footer_items(screen)
            if whole(item) not in shown and whole(item, "More keys") not in shown  # help itself is there
        ]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = screen_text(app)
        for item in left_out:
            assert item.description in listed, f"{item.description} is neither in the footer nor in help"


async def test_hostile_titles_roles_and_card_names_show_literally(tmp_path: Path) -> None:
    from hostile import HOSTILE
    from step_harness import custom

    hostile = [h for h in HOSTILE if h.strip()]
    workshop = custom(
        tmp_path,
        {"kind": "timer", "id": "work", "title": hostile[0], "instructions": hostile[3]},
        {
            "kind": "pairing",
            "id": "pairs",
            "title": hostile[1],
            "instructions": "\n".join(hostile[:12]),
            "roles": [hostile[2], hostile[4]],
            "cards": [{"name": h[:60], "reason": "secret reason"} for h in hostile[:6]],
        },
        people=7,
    )
    app = make_app(tmp_path, workshop, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, RunScreen)
        screen.set_focus(None)
        await pilot.press("c")
        await pilot.pause()
        assert "[bold red]Eve[/]" in screen_text(app), "a title is shown as written, never as markup"
        await pilot.press("c", "pagedown")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "secret reason" not in text and "Round 1 of 3" in text
        assert "\x1b" not in text
