"""Pilot tests for every step view: press keys as a trainer would, then check engine and screen."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from factories import FULL_AGENDA, FakeClock, library, make_workshop, roster
from hostile import HOSTILE
from step_harness import StepHarness, screen_text
from textual.pilot import Pilot

from facilitator.engine import GROUP, Workshop, create_session, team_owner
from facilitator.loader import Library
from facilitator.model import Agenda, Exercise
from facilitator.store import DataDir
from facilitator.tui.widgets.capture import CaptureView, EntryTable
from facilitator.tui.widgets.step_common import one_line

SIZE = (80, 24)


async def typed(pilot: Pilot[None], text: str) -> None:
    """Type text key by key, as the scribe would."""
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def full(tmp_path: Path, people: int = 7) -> Workshop:
    """The full-day agenda with a fixed seed and clock."""
    return make_workshop(tmp_path, FULL_AGENDA, people=people)


# ----- brief and timer ---------------------------------------------------------------------------


async def test_brief_reveals_points_one_at_a_time_and_resumes(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "message-taking/why-messages"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        assert "Four details: name" not in screen_text(app)
        await pilot.press("down", "down", "down", "up")
        text = screen_text(app)
        assert workshop.state(key)["revealed"] == 2
        assert "A message is a small promise" in text
        assert "Four details: name, organisation" in text
        assert "Read the details back" not in text
        assert "2 of 7 points shown" in text
        assert app.changes == ["revealed"] * 4
    resumed = StepHarness(workshop, key)
    async with resumed.run_test(size=SIZE) as pilot:
        text = screen_text(resumed)
        assert "Four details: name" in text and "Read the details back" not in text
        for _ in range(10):
            await pilot.press("down")
        assert workshop.state(key)["revealed"] == 7
        assert "All 7 points shown" in screen_text(resumed)


async def test_timer_shows_the_instructions(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    app = StepHarness(workshop, "promises/list-vague")
    async with app.run_test(size=SIZE):
        text = screen_text(app)
        assert "List the vague promises you hear or make at work." in text
        assert "One per sticky note." in text


# ----- pairing -----------------------------------------------------------------------------------


async def test_pairing_rounds_rotate_roles_and_reshuffle_needs_two_presses(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "message-taking/calls"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        text = screen_text(app)
        assert "Round 1 of 3" in text
        for person in workshop.participants():
            assert person.name in text
        first = workshop.deal(key, 1)
        await pilot.press("]")
        assert workshop.state(key)["round"] == 2
        assert "Round 2 of 3" in screen_text(app)
        second = workshop.deal(key, 2)
        assert [g.seats for g in first.groups] != [g.seats for g in second.groups]
        await pilot.press("]", "]")
        assert workshop.state(key)["round"] == 3
        await pilot.press("[")
        assert workshop.state(key)["round"] == 2
        await pilot.press("R")
        assert "shuffle" not in workshop.state(key)
        assert "Press R again" in screen_text(app)
        await pilot.press("down")
        await pilot.press("R")
        assert "shuffle" not in workshop.state(key)
        await pilot.press("R")
        assert workshop.state(key)["shuffle"] == 1
        assert "New groups dealt." in screen_text(app)


async def test_pairing_shows_the_card_of_the_highlighted_group(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "message-taking/calls"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        dealt = workshop.deal(key)
        await pilot.press("down")
        card = dealt.groups[1].card
        assert card is not None
        text = screen_text(app)
        assert card.phone in text
        assert f"Reason: {card.reason}"[:60] in text


async def test_pairing_leaves_out_absent_people(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "message-taking/calls"
    workshop.set_status("p3", "absent")
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        text = screen_text(app)
        assert "Chen Wei" not in text
        assert "6 people" in text
        workshop.set_status("p5", "left")
        app.view.refresh_view()
        await pilot.pause()
        text = screen_text(app)
        assert "Eli Marsh" not in text and "5 people" in text
        assert all(workshop.deal(key).role_of(p) is None for p in ("p3", "p5"))


async def test_pairing_with_forty_people_scrolls_at_80x24(tmp_path: Path) -> None:
    workshop = full(tmp_path, people=9)
    for n in range(31):
        workshop.add_participant(f"Extra Person {n:02}", team="Field Service")
    app = StepHarness(workshop, "message-taking/calls")
    async with app.run_test(size=SIZE) as pilot:
        assert "13 groups" in screen_text(app)
        for _ in range(12):
            await pilot.press("down")
        last = workshop.deal("message-taking/calls").groups[-1]
        assert last.card is not None and last.card.name in screen_text(app)


# ----- capture -----------------------------------------------------------------------------------


async def test_capture_by_typing_a_name_then_edit_delete_and_undo(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "service-stories/stories"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "bil")
        await pilot.press("enter")
        await typed(pilot, "Rude waiter")
        await pilot.press("tab")
        await typed(pilot, "A cafe")
        await pilot.press("tab", "p", "enter")
        entries = workshop.entries(key)
        assert [(e.owner, e.data["title"], e.data["category"]) for e in entries] == [
            ("p2", "Rude waiter", "poor")
        ]
        text = screen_text(app)
        assert "Saved for Bilal Chaudhry." in text
        assert "Rude waiter" in text and "A cafe" in text
        assert "1 of 7 people have entered" in text

        # The cursor is back on the name: the next person is a few letters away.
        await typed(pilot, "dan")
        await pilot.press("enter")
        await typed(pilot, "Kind nurse")
        await pilot.press("tab", "tab", "e", "x", "enter")
        assert workshop.entries(key)[-1].owner == "p4"
        assert workshop.entries(key)[-1].data["category"] == "excellent"

        # Edit the highlighted (newest) entry.
        app.view.query_one(EntryTable).focus()
        await pilot.press("e")
        assert "Editing Dana Okoro's entry" in screen_text(app)
        await pilot.press("ctrl+e")
        await typed(pilot, " at night")
        await pilot.press("enter")
        assert workshop.entries(key)[-1].data["title"] == "Kind nurse at night"
        assert "Kind nurse at night" in screen_text(app)

        # Delete it, then undo brings it back.
        app.view.query_one(EntryTable).focus()
        await pilot.press("d")
        assert [e.data["title"] for e in workshop.entries(key)] == ["Rude waiter"]
        assert "Kind nurse at night" not in screen_text(app)
        await pilot.press("ctrl+z")
        assert [e.data["title"] for e in workshop.entries(key)] == ["Rude waiter", "Kind nurse at night"]
        assert "Kind nurse at night" in screen_text(app)
        assert "entry" in app.changes and "delete" in app.changes and "undo" in app.changes


async def test_capture_errors_are_one_line_in_the_form(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "service-stories/stories"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "ada")
        await pilot.press("enter")
        await pilot.press("tab", "tab")
        await typed(pilot, "awful")
        await pilot.press("enter")
        text = screen_text(app)
        assert "Title is needed" in text
        assert workshop.entries(key) == []
        await pilot.press("shift+tab", "shift+tab")
        await typed(pilot, "Lost parcel")
        await pilot.press("enter")
        assert "Category: choose one of excellent, good, poor" in screen_text(app)
        assert workshop.entries(key) == []


async def test_capture_needs_a_name_before_saving(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    app = StepHarness(workshop, "service-stories/stories")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        await typed(pilot, "No owner")
        await pilot.press("enter")
        assert "Pick who this is for first" in screen_text(app)
        assert workshop.entries("service-stories/stories") == []


async def test_capture_for_the_whole_group_and_per_team(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    app = StepHarness(workshop, "complaint-turnaround/what-happened")
    async with app.run_test(size=SIZE) as pilot:
        assert "For the whole group" in screen_text(app)
        await typed(pilot, "Parcel left in the rain")
        await pilot.press("enter")
        assert [(e.owner, e.data) for e in workshop.entries("complaint-turnaround/what-happened")] == [
            (GROUP, {"fact": "Parcel left in the rain"})
        ]
    key = "promises/rewrite"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        assert "Team" in screen_text(app)
        await typed(pilot, "acc")
        await pilot.press("enter")
        await typed(pilot, "Soon")
        await pilot.press("tab")
        await typed(pilot, "By 4 pm")
        await pilot.press("enter")
        assert workshop.entries(key)[0].owner == team_owner("Accounts")
        assert "Accounts" in screen_text(app)


async def test_single_owner_capture_shows_nothing_of_anyone_else(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "action-plan/my-actions"
    workshop.add_entry(key, "p1", {"action": "SECRET-OF-ADA call the bank", "due": "2026-12-01"})
    dones: list[str] = []

    class Harness(StepHarness):
        def on_capture_view_done(self, message: CaptureView.Done) -> None:
            dones.append(message.owner)

    app = Harness(workshop, key, owner="p3")
    async with app.run_test(size=SIZE) as pilot:
        text = screen_text(app)
        assert "SECRET-OF-ADA" not in text
        assert "Ada Brennan" not in text and "Bilal" not in text
        assert "Your entries, Chen Wei" in text
        await typed(pilot, "Read back every number")
        await pilot.press("tab")
        await typed(pilot, "2026-12-15")
        await pilot.press("enter")
        mine = [e for e in workshop.entries(key) if e.owner == "p3"]
        assert [e.data["due"] for e in mine] == ["2026-12-15"]
        text = screen_text(app)
        assert "Read back every number" in text and "SECRET-OF-ADA" not in text
        # Undo takes back only Chen's own change, never Ada's.
        await pilot.press("ctrl+z", "ctrl+z")
        assert [e.owner for e in workshop.entries(key)] == ["p1"]
        assert "SECRET-OF-ADA" not in screen_text(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert dones == ["p3"]


async def test_private_step_without_owner_shows_progress_only(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "action-plan/my-actions"
    workshop.add_entry(key, "p1", {"action": "SECRET-OF-ADA", "due": "2026-12-01"})
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        text = screen_text(app)
        assert "SECRET-OF-ADA" not in text and "Ada Brennan" not in text
        assert "1 of 7 have entered" in text
        await pilot.press("e", "d", "ctrl+z")
        assert len(workshop.entries(key)) == 1


# ----- rating ------------------------------------------------------------------------------------


def custom(tmp_path: Path, *steps: dict[str, object], people: int = 7) -> Workshop:
    """A one-exercise session built from step dicts, for shapes the bundled files don't have."""
    exercise = msgspec.convert(
        {"id": "custom", "title": "Custom", "purpose": "Test", "minutes": 30, "steps": list(steps)}, Exercise
    )
    agenda = msgspec.convert(
        {
            "id": "custom-day",
            "title": "Custom",
            "minutes": 30,
            "items": [{"exercise": "custom", "minutes": 30}],
        },
        Agenda,
    )
    lib = Library(exercises={**library().exercises, "custom": exercise}, agendas={"custom-day": agenda})
    return create_session(
        DataDir(tmp_path),
        lib,
        "custom-day",
        "Custom",
        "2026-11-24",
        roster=roster(people),
        seed=42,
        clock=FakeClock(),
    )


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
        assert workshop.state(key)["round"] == 2
        await pilot.press("3")
        second = workshop.checklist_subjects(key, 2)
        assert [(e.owner, e.round) for e in workshop.ticks(key) if e.round == 2] == [(second[0], 2)]
        assert "Round 2 of 3" in screen_text(app)


async def test_checklist_round_follows_the_pairing_until_chosen(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    workshop.set_state("message-taking/calls", round=3)
    assert workshop.checklist_round("message-taking/observer-checklist") == 3
    app = StepHarness(workshop, "message-taking/observer-checklist")
    async with app.run_test(size=SIZE) as pilot:
        assert "Round 3 of 3" in screen_text(app)
        await pilot.press("[")
        assert workshop.checklist_round("message-taking/observer-checklist") == 2


# ----- vote --------------------------------------------------------------------------------------


def stories(workshop: Workshop) -> None:
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
        assert workshop.state(key)["revealed"] is True
        text = screen_text(app)
        assert "Best Service Award: Boiler fixed on a Sunday" in text
        await pilot.press("a")
        assert len(workshop.entries(key, "vote")) == 4
    resumed = StepHarness(workshop, key)
    async with resumed.run_test(size=SIZE) as pilot:
        assert "Best Service Award: Boiler fixed on a Sunday" in screen_text(resumed)
        await pilot.press("v")
        assert workshop.state(key)["revealed"] is False
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
        assert workshop.state(key)["chart"] == 1
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


# ----- engine additions used by the views ---------------------------------------------------------


def test_undo_for_one_owner_leaves_other_owners_alone(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "action-plan/my-actions"
    workshop.add_entry(key, "p2", {"action": "Mine", "due": "2026-12-01"})
    workshop.add_entry(key, "p1", {"action": "Theirs", "due": "2026-12-01"})
    assert workshop.undo(key, "p2") == "removed the last entry"
    assert workshop.undo(key, "p2") is None
    assert [e.owner for e in workshop.entries(key)] == ["p1"]


# ----- hostile text ------------------------------------------------------------------------------

BIG = (220, 120)
VISIBLE = [s for s in HOSTILE if s.strip()]


def shown(value: str) -> str:
    """The start of a hostile string as the views draw it: literally, control characters made visible."""
    return one_line(value).strip()[:8]


@pytest.fixture(scope="module")
def hostile_workshop(tmp_path_factory: pytest.TempPathFactory) -> Workshop:
    """Every hostile line as a participant's name, a team and an entry, in one session."""
    workshop = make_workshop(tmp_path_factory.mktemp("hostile"), FULL_AGENDA, people=3)
    people = [workshop.add_participant(value, team=value) for value in VISIBLE]
    for person, value in zip(people, VISIBLE, strict=True):
        workshop.add_entry("service-stories/stories", person.id, {"title": value, "category": "excellent"})
        workshop.add_entry("promises/rewrite", team_owner(value), {"vague": value, "specific": value})
        workshop.set_score("complaints-health-check/mistakes", person.id, "no-owner", 3)
    for candidate in workshop.candidates("service-stories/best-award")[:5]:
        workshop.cast_vote("service-stories/best-award", candidate.id)
    workshop.set_state("service-stories/best-award", revealed=True)
    return workshop


def assert_literal(text: str, values: list[str]) -> None:
    missing = [v for v in values if shown(v) not in text]
    assert not missing, missing


@pytest.mark.parametrize(
    ("key", "expect_all"),
    [
        ("message-taking/calls", True),
        ("service-stories/stories", True),
        ("promises/rewrite", True),
        ("complaints-health-check/mistakes", True),
        ("message-taking/observer-checklist", False),
        ("service-stories/best-award", True),
        ("service-stories/awards", False),
        ("promises/promise-check", True),
    ],
)
async def test_hostile_text_is_drawn_literally_everywhere(
    hostile_workshop: Workshop, key: str, expect_all: bool
) -> None:
    app = StepHarness(hostile_workshop, key)
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]Eve[/]" in text or not expect_all
        assert "␛[31mred␛[0m" in text or not expect_all
        if expect_all:
            assert_literal(text, VISIBLE)
        else:
            drawn = [v for v in VISIBLE if shown(v) in text]
            assert drawn, "no hostile text drawn at all"
        await pilot.press("down", "down", "1", "x", "a", "]", "v")
    small = StepHarness(hostile_workshop, key)
    async with small.run_test(size=SIZE) as pilot:
        await pilot.press("down", "tab", "down")
        assert screen_text(small)


async def test_hostile_strings_typed_into_a_capture_form(tmp_path: Path) -> None:
    workshop = full(tmp_path, people=3)
    key = "complaint-turnaround/what-happened"
    app = StepHarness(workshop, key)
    async with app.run_test(size=BIG) as pilot:
        for value in ["[bold]Eve[/", "[@click=app.quit]quit[/]", "Robert'); DROP TABLE participants;--"]:
            await typed(pilot, value)
            await pilot.press("enter")
        assert [e.data["fact"] for e in workshop.entries(key)] == [
            "[bold]Eve[/",
            "[@click=app.quit]quit[/]",
            "Robert'); DROP TABLE participants;--",
        ]
        text = screen_text(app)
        assert "[bold]Eve[/" in text and "[@click=app.quit]quit[/]" in text
