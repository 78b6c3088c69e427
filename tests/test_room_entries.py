"""The room display's entries: every hostile string drawn literally, whole (up to its cap), newest first."""

from __future__ import annotations

from hostile import HOSTILE
from step_harness import screen_text
from textual.app import App, ComposeResult

from facilitator.engine import Entry
from facilitator.model import Field
from facilitator.tui.text import one_line
from facilitator.tui.widgets.room_entries import FIELD_CELLS, SHOWN, RoomEntries

FIELDS = [Field(id="idea", label="Idea"), Field(id="why", label="Why")]


class Wall(App[None]):
    def compose(self) -> ComposeResult:
        yield RoomEntries(id="wall")


def entry(n: int, idea: str, why: str = "") -> Entry:
    return Entry(id=f"e{n}", step="x/y", kind="capture", owner=f"p{n}", data={"idea": idea, "why": why})


async def test_hostile_text_is_drawn_literally_and_never_as_markup_or_control_codes() -> None:
    app = Wall()
    async with app.run_test(size=(160, 200)) as pilot:
        wall = app.query_one(RoomEntries)
        for start in range(0, len(HOSTILE), 20):
            batch = HOSTILE[start : start + 20]
            wall.setup(FIELDS, lambda owner: f"Owner {owner}", "Who")
            wall.show([entry(n, text, text) for n, text in enumerate(batch)])
            await pilot.pause()
            text = screen_text(app)
            assert "\x1b" not in text and "\x00" not in text
            flat = " ".join(text.split())
            for text_in in batch:
                start_of = " ".join(one_line(text_in)[:12].split())
                if start_of and start_of.isascii():
                    assert start_of in flat, text_in


async def test_whole_fields_up_to_the_cap_and_only_the_newest_drawn() -> None:
    app = Wall()
    async with app.run_test(size=(80, 200)) as pilot:
        wall = app.query_one(RoomEntries)
        wall.setup(FIELDS, None, "Who")
        long_idea = " ".join(f"word{n}" for n in range(60))  # about 400 cells
        many = [entry(0, long_idea, "because")] + [entry(n, f"idea {n}") for n in range(1, SHOWN + 5)]
        wall.show(many)
        await pilot.pause()
        assert wall.listed == SHOWN + 5
        flat = " ".join(screen_text(app).split())
        assert one_line(long_idea, FIELD_CELLS) in flat and "because" in flat
        assert f"idea {SHOWN - 1}" in flat and f"idea {SHOWN}" not in flat, "the newest SHOWN, no more"
