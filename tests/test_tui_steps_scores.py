"""Pilot tests for the views that count: rating, checklist, vote and debrief charts."""

from __future__ import annotations

from pathlib import Path

from step_harness import StepHarness, custom, full, screen_text, typed

from facilitator.engine import GROUP, Session, team_owner

SIZE = (80, 24)


# ----- rating ------------------------------------------------------------------------------------


async def test_rating_digits_fill_the_grid_and_the_chart_follows(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "complaints-health-check/mistakes"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "2", "5")
        assert workshop.scores(key) == {"p1": {"hard-to-complain": 4, "no-owner": 2, "escalation-blocked": 5}}
        assert "4.0" in screen_text(app) and "2.0" in screen_text(app)
        await pilot.press("down", "left", "left", "left")
        await pilot.press("2")
        assert workshop.scores(key)["p2"] == {"hard-to-complain": 2}
        assert "3.0" in screen_text(app)  # (4 + 2) / 2 for item 1
        await pilot.press("left", "backspace")
        assert workshop.scores(key)["p2"] == {}
        await pilot.press("9")
        assert "scores run from 1 to 5" in screen_text(app)
        assert workshop.scores(key)["p2"] == {}


async def test_rating_per_group_has_one_row(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "complaint-turnaround/trust-questions"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        assert "Whole group" in screen_text(app)
        await pilot.press("2", "4", "3")
        assert workshop.scores(key) == {GROUP: {"care": 2, "help": 4, "trust": 3}}


async def test_rating_with_aspects_and_a_zero_to_ten_scale(tmp_path: Path) -> None:
    items = [{"id": "speed", "label": "Speed"}, {"id": "care", "label": "Care"}]
    workshop = custom(
        tmp_path,
        {
            "kind": "rating",
            "id": "r",
            "title": "Rate",
            "instructions": "Rate us.",
            "min": 0,
            "max": 10,
            "items": items,
            "aspects": ["Customers", "Colleagues"],
        },
    )
    key = "custom/r"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        assert "1a" in screen_text(app) and "2b" in screen_text(app)
        await pilot.press("1", "0", "7", "1")
        await pilot.pause(0.2)
        await pilot.press("enter", "0")
        assert workshop.scores(key)["p1"] == {"speed#0": 10, "speed#1": 7, "care#0": 1, "care#1": 0}
        await pilot.press("1")
        await pilot.pause(1.3)
        await pilot.press("5")
        assert workshop.scores(key)["p2"] == {"speed#0": 1, "speed#1": 5}


# ----- checklist ---------------------------------------------------------------------------------


async def test_checklist_ticks_per_round_with_a_live_percentage(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "message-taking/observer-checklist"
    subjects = workshop.checklist_subjects(key, 1)
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        assert "Round 1 of 3" in screen_text(app)
        await pilot.press("1", "2")
        await pilot.press("down", "right", "x")
        ticks = {e.owner: e.data for e in workshop.ticks(key) if e.round == 1}
        assert ticks == {
            subjects[0]: {"captured-details": True, "read-back": True},
            subjects[1]: {"read-back": True},
        }
        text = screen_text(app)
        assert "50%" in text and "100%" in text
        assert f"2 of {len(subjects)} entered" in text
        await pilot.press("x")
        assert workshop.ticks(key, subjects[1])[0].data == {"read-back": False}
        await pilot.press("]")
        assert workshop.state(key).round == 2
        await pilot.press("3")
        second = workshop.checklist_subjects(key, 2)
        assert [(e.owner, e.round) for e in workshop.ticks(key) if e.round == 2] == [(second[0], 2)]
        assert "Round 2 of 3" in screen_text(app)


async def test_checklist_round_follows_the_pairing_until_chosen(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    workshop.set_round("message-taking/calls", 3)
    assert workshop.checklist_round("message-taking/observer-checklist") == 3
    app = StepHarness(workshop, "message-taking/observer-checklist")
    async with app.run_test(size=SIZE) as pilot:
        assert "Round 3 of 3" in screen_text(app)
        await pilot.press("[")
        assert workshop.checklist_round("message-taking/observer-checklist") == 2


# ----- vote --------------------------------------------------------------------------------------


def stories(workshop: Session) -> None:
    """Four story cards, three of them eligible for the best service award."""
    key = "service-stories/stories"
    for owner, title, category in [
        ("p1", "Kind nurse", "excellent"),
        ("p2", "Boiler fixed on a Sunday", "good"),
        ("p3", "Rude waiter", "poor"),
        ("p4", "Quick refund", "excellent"),
    ]:
        workshop.add_entry(key, owner, {"title": title, "category": category})


async def test_vote_dots_hidden_until_revealed_then_the_award(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    stories(workshop)
    key = "service-stories/best-award"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        text = screen_text(app)
        assert "Kind nurse" in text and "Rude waiter" not in text
        await pilot.press("a", "down", "a", "a", "enter", "down", "a", "backspace")
        counts = {c.data["title"]: n for c, n in workshop.tally(key)}
        assert counts == {"Kind nurse": 1, "Boiler fixed on a Sunday": 3, "Quick refund": 0}
        text = screen_text(app)
        assert "4 dots cast" in text and "tally hidden" in text
        assert "Best Service Award:" not in text
        await pilot.press("v")
        assert workshop.state(key).tally_shown is True
        text = screen_text(app)
        assert "Best Service Award: Boiler fixed on a Sunday" in text
        await pilot.press("a")
        assert len(workshop.entries(key, "vote")) == 4
    resumed = StepHarness(workshop, key)
    async with resumed.run_test(size=SIZE) as pilot:
        assert "Best Service Award: Boiler fixed on a Sunday" in screen_text(resumed)
        await pilot.press("v")
        assert workshop.state(key).tally_shown is False
        assert "Best Service Award:" not in screen_text(resumed)


async def test_named_vote_picks_the_voter_and_keeps_to_their_dots(tmp_path: Path) -> None:
    workshop = custom(
        tmp_path,
        {
            "kind": "capture",
            "id": "ideas",
            "title": "Ideas",
            "instructions": "Ideas.",
            "per": "group",
            "fields": [{"id": "idea", "label": "Idea"}],
        },
        {
            "kind": "vote",
            "id": "pick",
            "title": "Pick",
            "instructions": "Vote.",
            "among": "ideas",
            "label_field": "idea",
            "votes_each": 2,
            "anonymous": False,
        },
    )
    for idea in ("Shorter hold music", "Call back by noon"):
        workshop.add_entry("custom/ideas", GROUP, {"idea": idea})
    key = "custom/pick"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        await pilot.press("a")
        assert "Pick the voter first" in screen_text(app)
        await typed(pilot, "far")
        await pilot.press("enter", "a", "a", "a")
        assert [d.owner for d in workshop.entries(key, "vote")] == ["p6", "p6"]
        assert "has used all 2 dots" in screen_text(app)
        assert "Farah Haddad: 2 of 2 used" in screen_text(app)


# ----- debrief -----------------------------------------------------------------------------------


async def test_debrief_draws_its_charts_one_at_a_time_on_a_small_screen(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    stories(workshop)
    key = "service-stories/awards"
    for _ in range(3):
        workshop.cast_vote(
            "service-stories/best-award", workshop.candidates("service-stories/best-award")[0].id
        )
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        text = screen_text(app)
        assert "1.  What did the best service winner do" in text
        assert "Chart 1 of 2" in text and "Kind nurse" in text and "3 dots" in text
        await pilot.press("]")
        assert workshop.state(key).chart == 1
        text = screen_text(app)
        assert "Chart 2 of 2" in text and "Worst Service Award" in text and "Nothing entered yet" in text
    wide = StepHarness(workshop, key)
    async with wide.run_test(size=(160, 45)):
        text = screen_text(wide)
        assert "Kind nurse" in text and "Worst Service Award" in text and "Chart 1 of 2" not in text


async def test_debrief_gap_tally_and_entries_charts(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    stories(workshop)
    for person, (customers, colleagues) in zip(("p1", "p2"), ((5, 2), (4, 3)), strict=True):
        workshop.set_score("walk-the-talk/standards", person, "expectations", customers, 0)
        workshop.set_score("walk-the-talk/standards", person, "expectations", colleagues, 1)
    workshop.add_entry("promises/rewrite", team_owner("Accounts"), {"vague": "Soon", "specific": "By 4 pm"})
    app = StepHarness(workshop, "walk-the-talk/gap")
    async with app.run_test(size=SIZE):
        text = screen_text(app)
        assert "+2.0" in text and "│" in text
    app = StepHarness(workshop, "service-stories/story-mix")
    async with app.run_test(size=SIZE):
        text = screen_text(app)
        assert "excellent" in text and "4 entries" in text
    app = StepHarness(workshop, "promises/promise-check")
    async with app.run_test(size=SIZE):
        assert "• Soon · By 4 pm" in screen_text(app)
    app = StepHarness(workshop, "complaints-health-check/fix-first")
    async with app.run_test(size=SIZE):
        assert "Nothing entered yet" in screen_text(app)


async def test_signed_bars_use_the_whole_width_unless_something_is_negative() -> None:
    from textual.app import App, ComposeResult

    from facilitator.engine.aggregates import Bar, ChartData
    from facilitator.tui.widgets.bars import BarChart, bar_cells

    assert bar_cells(2, 4, 10) == "█████"
    assert bar_cells(0.5, 4, 2) == "▎"
    positive = ChartData("Gap", (Bar("a", 2.0, "+2.0"), Bar("b", 1.0, "+1.0")), 4, signed=True, count=2)
    mixed = ChartData("Gap", (Bar("a", 2.0, "+2.0"), Bar("b", -2.0, "-2.0")), 4, signed=True, count=2)

    class Charts(App[None]):
        def compose(self) -> ComposeResult:
            yield BarChart(positive, id="positive")
            yield BarChart(mixed, id="mixed")

    app = Charts()
    async with app.run_test(size=(40, 12)):
        lines = screen_text(app).splitlines()
        # 38 cells inside the padding: label 1 + space, bar 31 with the axis, space, value 4.
        assert lines[1].startswith(" a │" + "█" * 15 + " " * 15 + " +2.0")
        assert "a " + " " * 15 + "│" + "███████▌" in lines[4]
        assert "b " + " " * 7 + "████████│" in lines[5]
