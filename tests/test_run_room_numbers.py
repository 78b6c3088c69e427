"""What the room reads is true: the caller's card seen from the message-taker's side, the rotation
the deal really gives, plurals, and tallies that account for every entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from step_harness import StepHarness, custom, full, screen_text

from facilitator.engine import GROUP
from facilitator.engine.aggregates import Bar, ChartData
from facilitator.tui.widgets.bars import NO_CHOICE, counted, with_no_choice
from facilitator.tui.widgets.pairing import rotation_line

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]
CALLS = "message-taking/calls"


@pytest.mark.parametrize("size", SIZES)
async def test_the_wall_shows_who_calls_never_the_callers_side_of_the_card(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    workshop = full(tmp_path, people=9)
    app = StepHarness(workshop, CALLS)
    async with app.run_test(size=size) as pilot:
        for round_number in (1, 2, 3):
            await pilot.pause()
            text = screen_text(app)
            dealt = workshop.deal(CALLS, round_number)
            for group in dealt.groups:
                card = group.card
                assert card is not None
                assert card.name in text, "the caller finds their printed card by this name"
                for secret in (card.reason, card.twist, card.phone, card.organisation, card.urgency):
                    assert not secret or secret[:20] not in text, f"{secret!r} is for the caller only"
            await pilot.press("down", "down", "]")


def test_rotation_line_says_what_the_deal_gives(tmp_path: Path) -> None:
    roles = ["caller", "message-taker", "observer"]
    six = full(tmp_path / "six", people=6)
    assert rotation_line(roles, [six.deal(CALLS, r) for r in (1, 2, 3)]) == (
        "3 rounds: everyone plays every role."
    )
    five = full(tmp_path / "five", people=5)
    line = rotation_line(roles, [five.deal(CALLS, r) for r in (1, 2, 3)])
    assert "everyone" not in line
    assert line.startswith("3 rounds: 2 of 5 people play every role; the other 3 miss at least one")
    assert "groups larger than 3" in line
    two_rounds = rotation_line(roles, [six.deal(CALLS, r) for r in (1, 2)])
    assert "nobody plays every role (2 rounds for 3 roles)" in two_rounds


async def test_five_people_are_not_told_everyone_plays_every_role(tmp_path: Path) -> None:
    workshop = full(tmp_path, people=5)
    app = StepHarness(workshop, CALLS)
    async with app.run_test(size=(80, 24)):
        text = screen_text(app)
        assert "everyone plays every role" not in text
        assert "2 of 5 people play every role" in text
        assert "1 group  ·  5 people" in text, "one group, not '1 groups'"


def test_counted_agrees_in_number() -> None:
    assert counted(1, "group") == "1 group" and counted(2, "group") == "2 groups"
    assert counted(1, "person", "people") == "1 person" and counted(0, "dot") == "0 dots"


def test_a_tally_shows_entries_without_a_choice() -> None:
    data = ChartData("Mix", (Bar("good", 4, "4"), Bar("poor", 3, "3")), 4, "8 entries", count=8)
    shown = with_no_choice(data)
    assert shown.bars[-1] == Bar(NO_CHOICE, 1, "1")
    assert sum(b.value for b in shown.bars) == 8 and shown.note == "8 entries"
    whole = ChartData("Mix", (Bar("good", 1, "1"),), 1, "1 entries", count=1)
    assert with_no_choice(whole).bars == whole.bars and with_no_choice(whole).note == "1 entry"


async def test_debrief_tally_and_vote_count_every_entry_and_dot(tmp_path: Path) -> None:
    workshop = custom(
        tmp_path,
        {
            "kind": "capture",
            "id": "calls",
            "title": "Calls",
            "instructions": "Log each call.",
            "per": "group",
            "fields": [
                {"id": "what", "label": "What", "required": True},
                {"id": "kind", "label": "Kind", "kind": "choice", "choices": ["praise", "complaint"]},
            ],
        },
        {
            "kind": "vote",
            "id": "pick",
            "title": "Pick",
            "instructions": "Vote.",
            "among": "calls",
            "label_field": "what",
            "votes_each": 1,
        },
        {
            "kind": "debrief",
            "id": "look",
            "title": "Look",
            "instructions": "Talk.",
            "questions": ["What stands out?"],
            "charts": [
                {"kind": "tally", "step": "calls", "field": "kind", "title": "Calls by kind"},
                {"kind": "votes", "step": "pick", "title": "Votes"},
            ],
        },
    )
    workshop.add_entry("custom/calls", GROUP, {"what": "Thanks for the fix", "kind": "praise"})
    workshop.add_entry("custom/calls", GROUP, {"what": "Nobody rang back", "kind": "complaint"})
    entry = workshop.add_entry("custom/calls", GROUP, {"what": "Asked for a quote"})
    workshop.cast_vote("custom/pick", entry.id)
    app = StepHarness(workshop, "custom/look")
    async with app.run_test(size=(160, 45)):
        text = screen_text(app)
        assert NO_CHOICE in text and "3 entries" in text
        assert "1 dot" in text and "1 dots" not in text
    app = StepHarness(workshop, "custom/pick")
    async with app.run_test(size=(80, 24)) as pilot:
        assert "1 dot cast" in screen_text(app)
        await pilot.press("v")
        assert "1 dots" not in screen_text(app)
