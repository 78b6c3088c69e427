"""Unit tests for the pure core: plan scaling, pairing rotation, timing, entries, aggregates."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.engine import aggregates
from facilitator.engine.entry_rules import EntryError, clean_entry, parse_date
from facilitator.engine.pairing import deal, form_groups
from facilitator.engine.plan import scale_minutes
from facilitator.engine.state import StepState
from facilitator.engine.timing import clock_text, schedule_delta, schedule_text, timer_state
from facilitator.model import Capture, Card, Field, Item

ROLES = ["caller", "message-taker", "observer"]


@given(st.lists(st.integers(0, 60), min_size=1, max_size=12), st.integers(0, 400))
def test_scaled_minutes_always_add_up(planned: list[int], total: int) -> None:
    shares = scale_minutes(planned, total)
    assert sum(shares) == total
    assert all(s >= 0 for s in shares)


def test_scaling_keeps_proportions() -> None:
    assert scale_minutes([10, 20, 10], 20) == [5, 10, 5]
    assert scale_minutes([5, 5], 10) == [5, 5]


@pytest.mark.parametrize("people", [3, 6, 7, 8, 9, 40])
def test_trios_rotate_so_everyone_plays_every_role(people: int) -> None:
    ids = [f"p{i}" for i in range(people)]
    roles_played: dict[str, set[str]] = {p: set() for p in ids}
    for rnd in (1, 2, 3):
        dealt = deal(ids, ROLES, [], rnd, seed=5)
        seated = [s.participant for g in dealt.groups for s in g.seats]
        assert sorted(seated) == sorted(ids), "everyone is seated exactly once"
        for g in dealt.groups:
            assert g.with_role("caller"), "every group has a caller"
            for seat in g.seats:
                roles_played[seat.participant].add(seat.role)
    for person in [p for p in ids if _group_size(ids, p) == 3]:
        assert roles_played[person] == set(ROLES)


def _group_size(ids: list[str], person: str) -> int:
    dealt = deal(ids, ROLES, [], 1, seed=5)
    return next(len(g.seats) for g in dealt.groups if any(s.participant == person for s in g.seats))


def test_groups_are_stable_across_rounds_and_reproducible() -> None:
    ids = [f"p{i}" for i in range(10)]
    first = [frozenset(s.participant for s in g.seats) for g in deal(ids, ROLES, [], 1, 9).groups]
    third = [frozenset(s.participant for s in g.seats) for g in deal(ids, ROLES, [], 3, 9).groups]
    assert first == third
    assert deal(ids, ROLES, [], 2, 9) == deal(ids, ROLES, [], 2, 9)


def test_leftovers_join_groups_instead_of_being_alone() -> None:
    import random

    groups = form_groups([f"p{i}" for i in range(7)], 3, random.Random(1))
    assert sorted(len(g) for g in groups) == [3, 4]
    assert len(form_groups(["a", "b"], 3, random.Random(1))) == 1


def test_cards_are_not_repeated_until_the_deck_runs_out() -> None:
    cards = [Card(name=f"Caller {i}", reason="r") for i in range(12)]
    ids = [f"p{i}" for i in range(12)]
    dealt = [g.card for r in (1, 2, 3) for g in deal(ids, ROLES, cards, r, 3).groups]
    assert len(dealt) == 12 and len({c.name for c in dealt if c}) == 12


def test_timer_counts_running_time_and_overtime() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    raw = StepState(elapsed=30.0, running_since=start, adjust=60.0)
    state = timer_state(raw, 5, start + timedelta(seconds=300))
    assert state.total == 360 and state.elapsed == 330 and state.remaining == 30
    late = timer_state(raw, 5, start + timedelta(seconds=400))
    assert late.overtime and clock_text(late.remaining) == "01:10"
    assert clock_text(59.2) == "01:00" and clock_text(0) == "00:00"


def test_schedule_counts_finished_steps_and_overrun_of_current() -> None:
    assert schedule_delta([10, 10, 10], [900, 0, 0], 1) == 5
    assert schedule_delta([10, 10, 10], [300, 300, 0], 2) == -10
    assert schedule_delta([10, 10], [600, 700], 1) == 2
    assert schedule_text(7) == "7 min behind" and schedule_text(-3) == "3 min ahead"
    assert schedule_text(0) == "on time"


STEP = Capture(
    id="plan",
    title="Plan",
    instructions="Write.",
    handout="actions",
    fields=[
        Field(id="action", label="What I will do", required=True),
        Field(id="due", label="By when", kind="date"),
        Field(id="kind", label="Kind", kind="choice", choices=["Good", "Poor"]),
        Field(id="score", label="Score", kind="score", min=0, max=10),
    ],
)


def test_entries_are_cleaned_and_text_kept_verbatim() -> None:
    cleaned = clean_entry(STEP, {"action": "[bold]x[/", "due": "15/12/2026", "kind": "poor", "score": "9"})
    assert cleaned == {"action": "[bold]x[/", "due": "2026-12-15", "kind": "Poor", "score": 9}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": ""}, "What I will do is needed"),
        ({"action": "x", "due": "soon"}, "By when"),
        ({"action": "x", "kind": "meh"}, "choose one of Good, Poor"),
        ({"action": "x", "score": "11"}, "0 to 10"),
        ({"action": "x", "nope": "1"}, "no field 'nope'"),
    ],
)
def test_bad_entries_get_one_clear_line(data: dict[str, object], message: str) -> None:
    with pytest.raises(EntryError, match=message):
        clean_entry(STEP, data)


def test_dates_in_common_forms() -> None:
    assert parse_date("2026-12-15").isoformat() == "2026-12-15"
    assert parse_date("15 Dec 2026").isoformat() == "2026-12-15"


def test_aggregates() -> None:
    field = Field(id="c", label="C", kind="choice", choices=["good", "poor"])
    tally = aggregates.tally("t", field, [{"c": "poor"}, {"c": "poor"}, {"c": "good"}])
    assert [(b.label, b.value) for b in tally.bars] == [("good", 1), ("poor", 2)]
    items = [Item(id="a", label="A"), Item(id="b", label="B")]
    missed = aggregates.missed("m", items, [{"a": True, "b": False}, {"a": True}])
    assert missed.bars[0].label == "B" and missed.bars[0].value == 100
    gap = aggregates.gap("g", items, ["cust", "coll"], [{"a#0": 5, "a#1": 2}, {"a#0": 4, "a#1": 3}], (1, 5))
    assert gap.bars[0].value == pytest.approx(2.0) and gap.signed
    low = aggregates.lowest("l", items, [{"a": 2, "b": 4}, {"a": 1, "b": 5}], (1, 5), 1)
    assert [b.label for b in low.bars] == ["A"]
    score = Field(id="r", label="R", kind="score", min=0, max=10)
    share = aggregates.share("s", score, [{"r": 10}, {"r": 9}, {"r": 7}, {"r": 3}], 9)
    assert share.note.startswith("50% would recommend") and "net score +25" in share.note
    assert Counter(b.label for b in share.bars) == Counter(["9 or more", "7 to 8", "below 7"])
