"""Pilot tests for the brief, timer, pairing and capture views: press keys as a trainer would,
then check both the engine and what the screen shows."""

from __future__ import annotations

from pathlib import Path

from step_harness import StepHarness, full, screen_text, typed

from facilitator.engine import GROUP, Workspace, open_session, team_owner
from facilitator.tui.widgets.capture import CaptureView, EntryTable

SIZE = (80, 24)


# ----- brief and timer ---------------------------------------------------------------------------


async def test_brief_reveals_points_one_at_a_time_and_resumes(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "message-taking/why-messages"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        assert "Four details: name" not in screen_text(app)
        await pilot.press("down", "down", "down", "up")
        text = screen_text(app)
        assert workshop.state(key).points_shown == 2
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
        assert workshop.state(key).points_shown == 7
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
        assert workshop.state(key).round == 2
        assert "Round 2 of 3" in screen_text(app)
        second = workshop.deal(key, 2)
        assert [g.seats for g in first.groups] != [g.seats for g in second.groups]
        await pilot.press("]", "]")
        assert workshop.state(key).round == 3
        await pilot.press("[")
        assert workshop.state(key).round == 2
        await pilot.press("R")
        assert workshop.state(key).shuffle == 0
        assert "Press R again" in screen_text(app)
        await pilot.press("down")
        await pilot.press("R")
        assert workshop.state(key).shuffle == 0
        await pilot.press("R")
        assert workshop.state(key).shuffle == 1
        assert "New groups dealt." in screen_text(app)


async def test_pairing_names_each_groups_card_and_keeps_its_details_off_the_wall(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "message-taking/calls"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        dealt = workshop.deal(key)
        await pilot.press("down")
        card = dealt.groups[1].card
        assert card is not None
        text = screen_text(app)
        assert card.name in text
        assert card.phone not in text and card.reason[:30] not in text


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

        # Edit the highlighted (newest) entry: Enter in the list (letters there go back to the form).
        app.view.query_one(EntryTable).focus()
        await pilot.press("enter")
        assert "Editing Dana Okoro's entry" in screen_text(app)
        await pilot.press("ctrl+e")
        await typed(pilot, " at night")
        await pilot.press("enter")
        assert workshop.entries(key)[-1].data["title"] == "Kind nurse at night"
        assert "Kind nurse at night" in screen_text(app)

        # Delete it with Del, then undo brings it back.
        app.view.query_one(EntryTable).focus()
        await pilot.press("delete")
        assert [e.data["title"] for e in workshop.entries(key)] == ["Rude waiter"]
        assert "Kind nurse at night" not in screen_text(app)
        await pilot.press("ctrl+z")
        assert [e.data["title"] for e in workshop.entries(key)] == ["Rude waiter", "Kind nurse at night"]
        assert "Kind nurse at night" in screen_text(app)
        assert "entry" in app.changes and "delete" in app.changes and "undo" in app.changes


async def test_capture_picks_up_a_late_arrival_after_refresh(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "service-stories/stories"
    app = StepHarness(workshop, key)
    async with app.run_test(size=SIZE) as pilot:
        workshop.add_participant("Zainab Yusuf", team="Accounts")
        app.view.refresh_view()
        await typed(pilot, "zai")
        await pilot.press("enter")
        await typed(pilot, "Train refund in a day")
        await pilot.press("tab", "tab", "g", "enter")
        assert [(e.owner, e.data["category"]) for e in workshop.entries(key)] == [("p8", "good")]
        assert "1 of 8 people have entered" in screen_text(app)


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
        # The cursor is already in the field the message names.
        await typed(pilot, "Lost parcel")
        await pilot.press("enter")
        assert "Category: choose one of excellent, good, poor" in screen_text(app)
        assert workshop.entries(key) == []


async def test_capture_saves_with_ctrl_s_too(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    app = StepHarness(workshop, "complaint-turnaround/what-happened")
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "Nobody rang back")
        await pilot.press("ctrl+s")
        assert [e.data["fact"] for e in workshop.entries("complaint-turnaround/what-happened")] == [
            "Nobody rang back"
        ]
        assert "Save" in screen_text(app).splitlines()[-1]


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


# ----- engine additions used by the views ---------------------------------------------------------


def test_undo_for_one_owner_leaves_other_owners_alone(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    key = "action-plan/my-actions"
    workshop.add_entry(key, "p2", {"action": "Mine", "due": "2026-12-01"})
    workshop.add_entry(key, "p1", {"action": "Theirs", "due": "2026-12-01"})
    assert workshop.undo(key, "p2") == "removed the last entry"
    assert workshop.undo(key, "p2") is None
    assert [e.owner for e in workshop.entries(key)] == ["p1"]


async def test_a_read_only_session_refuses_in_one_line(tmp_path: Path) -> None:
    workshop = full(tmp_path)
    session = workshop.id
    workshop.close()
    readonly = open_session(Workspace(tmp_path), session, readonly=True)
    for key, keys in [
        ("service-stories/stories", ["a", "d", "enter", "x", "tab", "tab", "g", "enter"]),
        ("complaints-health-check/mistakes", ["3"]),
        ("message-taking/observer-checklist", ["1"]),
        ("service-stories/best-award", ["v"]),
        ("message-taking/why-messages", ["down"]),
    ]:
        app = StepHarness(readonly, key)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*keys)
            text = screen_text(app)
            assert "read-only" in text or "open in another window" in text, key
