"""SVG snapshots of every step view at 80x24 (a big projector font) and 160x45.

Each test builds the full-day session with nine people, a fixed seed and a
fixed clock, enters a realistic morning's worth of data through the engine,
and shows one step in the test harness. Review `snapshot_report.html` before
running with `--snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import FULL_AGENDA, make_workshop
from step_harness import StepHarness

from facilitator.engine import GROUP, Session, team_owner

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]

STORIES = [
    ("p1", "The bill nobody would fix", "A phone company", "poor"),
    ("p2", "The pharmacist who rang at 4.30", "Local pharmacy", "excellent"),
    ("p3", "Laptop left on the doorstep", "Parcel delivery", "poor"),
    ("p4", "Rebooked before I reached the desk", "Airline desk", "excellent"),
    ("p5", "Two days off for a no-show", "Boiler repair", "poor"),
    ("p6", "School trousers swapped, no fuss", "Clothes shop", "good"),
    ("p7", "The ten-hour appointment window", "Broadband", "poor"),
    ("p8", "Quoted over an hour, done in 45", "Tyre garage", "good"),
]


def realistic(tmp_path: Path) -> Session:
    """The full day with nine people and the morning's work entered."""
    w = make_workshop(tmp_path, FULL_AGENDA, people=9)
    w.set_status("p9", "absent")
    for owner, title, where, category in STORIES:
        w.add_entry("service-stories/stories", owner, {"title": title, "where": where, "category": category})
    best = w.candidates("service-stories/best-award")
    for index, dots in enumerate((7, 9, 4, 3)):
        for _ in range(dots):
            w.cast_vote("service-stories/best-award", best[index % len(best)].id)
    worst = w.candidates("service-stories/worst-award")
    for index in range(14):
        w.cast_vote("service-stories/worst-award", worst[index % 3].id)
    w.show_tally("service-stories/best-award", True)
    for fact in (
        "Booked a double room; given a single",
        "Night manager could not refund",
        "No reply for 9 days",
    ):
        w.add_entry("complaint-turnaround/what-happened", GROUP, {"fact": fact})
    for item, score in (("care", 2), ("help", 4), ("trust", 2)):
        w.set_score("complaint-turnaround/trust-questions", GROUP, item, score)
    w.reveal_points("message-taking/why-messages", 3)
    w.set_round("message-taking/calls", 2)
    checklist = "message-taking/observer-checklist"
    items = [
        "captured-details",
        "read-back",
        "no-promise",
        "realistic-return",
        "preferred-time",
        "listened-first",
    ]
    for rnd in (1, 2):
        for n, subject in enumerate(w.checklist_subjects(checklist, rnd)):
            for i, item in enumerate(items):
                w.set_tick(checklist, subject, item, (i + n + rnd) % 3 != 0, rnd)
    w.set_round(checklist, 2)
    mistakes = [
        "hard-to-complain", "no-owner", "escalation-blocked", "seniors-hidden",
        "no-free-number", "messages-outsourced", "phone-menu", "exit-threats",
    ]  # fmt: skip
    for n, person in enumerate(["p1", "p2", "p3", "p4", "p5", "p6"]):
        for i, item in enumerate(mistakes):
            w.set_score("complaints-health-check/mistakes", person, item, 1 + (n * 3 + i * 2) % 5)
    for n, person in enumerate(["p1", "p2", "p3", "p4", "p5"]):
        for i, item in enumerate(["expectations", "check-in", "measure"]):
            w.set_score("walk-the-talk/standards", person, item, 3 + (n + i) % 3, 0)
            w.set_score("walk-the-talk/standards", person, item, 1 + (n * i) % 3, 1)
    promises = [
        ("Front Desk", "I'll get back to you soon.", "I'll call you by 4 pm today, even to say where it is."),
        ("Accounts", "It's all in hand.", "Your credit is raised; you'll have an email by Thursday."),
        (
            "Field Service",
            "Someone will be in touch.",
            "Our lead engineer will ring you before noon tomorrow.",
        ),
    ]
    for team, vague, specific in promises:
        w.add_entry("promises/rewrite", team_owner(team), {"vague": vague, "specific": specific})
    w.add_entry("action-plan/my-actions", "p1", {"action": "Ada's private action", "due": "2026-12-01"})
    w.add_entry(
        "action-plan/my-actions", "p3", {"action": "Read back every phone number", "due": "2026-12-05"}
    )
    return w


def snap(snap_compare: Any, tmp_path: Path, key: str, size: tuple[int, int], **options: Any) -> bool:
    """Show `key` in the harness over the realistic session and compare the screenshot."""
    press = options.pop("press", [])
    app = StepHarness(realistic(tmp_path), key, **options)
    return bool(snap_compare(app, press=press, terminal_size=size))


@pytest.mark.parametrize("size", SIZES)
def test_brief(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "message-taking/why-messages", size)


@pytest.mark.parametrize("size", SIZES)
def test_timer(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "promises/list-vague", size)


@pytest.mark.parametrize("size", SIZES)
def test_pairing(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "message-taking/calls", size, press=["down"])


@pytest.mark.parametrize("size", SIZES)
def test_capture_picking_a_name(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "service-stories/stories", size, press=["h", "a"])


@pytest.mark.parametrize("size", SIZES)
def test_capture_error_line(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    press = ["h", "a", "enter", "tab", "tab", "x", "enter"]
    assert snap(snap_compare, tmp_path, "service-stories/stories", size, press=press)


@pytest.mark.parametrize("size", SIZES)
def test_capture_single_owner(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "action-plan/my-actions", size, owner="p3")


@pytest.mark.parametrize("size", SIZES)
def test_capture_private_without_owner(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "action-plan/my-actions", size)


@pytest.mark.parametrize("size", SIZES)
def test_rating(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "complaints-health-check/mistakes", size, press=["down", "3"])


@pytest.mark.parametrize("size", SIZES)
def test_rating_with_aspects(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "walk-the-talk/standards", size)


@pytest.mark.parametrize("size", SIZES)
def test_checklist(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "message-taking/observer-checklist", size, press=["down", "4"])


@pytest.mark.parametrize("size", SIZES)
def test_vote_hidden(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "service-stories/worst-award", size, press=["down", "a"])


@pytest.mark.parametrize("size", SIZES)
def test_vote_revealed_with_award(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "service-stories/best-award", size)


@pytest.mark.parametrize("size", SIZES)
def test_debrief_gap(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "walk-the-talk/gap", size)


@pytest.mark.parametrize("size", SIZES)
def test_debrief_tally(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "service-stories/story-mix", size)


@pytest.mark.parametrize("size", SIZES)
def test_debrief_entries(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "promises/promise-check", size)


@pytest.mark.parametrize("size", SIZES)
def test_debrief_missed(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "message-taking/debrief", size)


@pytest.mark.parametrize("size", SIZES)
def test_debrief_nothing_entered_yet(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap(snap_compare, tmp_path, "close/closing-round", size)
