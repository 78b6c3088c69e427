"""The typed session: version-1 files migrate, clocks stop when the room leaves, listeners hear changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from factories import FULL_AGENDA, FakeClock, make_workshop

from facilitator.engine import SessionError, Workspace
from facilitator.engine.ids import parse_owner, parse_step_key, resolve_ref, team_owner
from facilitator.engine.state import StepState


def _as_version_1(tables: dict[str, Any]) -> dict[str, Any]:
    """The layout the first release wrote: one flat meta record carrying the exercises."""
    meta = next(iter(tables["meta"].values()))
    details = meta.pop("details")
    steps = meta.pop("steps")
    slots = {}
    for key, state in steps.items():
        state = dict(state)
        if "points_shown" in state:
            state["revealed"] = state.pop("points_shown")
        if "tally_shown" in state:
            state["revealed"] = state.pop("tally_shown")
        slots[key] = state
    exercises = {doc["id"]: doc for doc in tables.pop("exercises").values()}
    flat = {**details, **meta, "slots": slots, "exercises": exercises, "version": 1}
    return {**tables, "meta": {"1": flat}}


def test_a_version_1_file_opens_and_is_rewritten_in_todays_layout(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    story = w.add_entry("service-stories/stories", "p1", {"title": "Old", "category": "poor"})
    w.reveal_points("message-taking/why-messages", 2)
    w.show_tally("service-stories/best-award", True)
    w.jump(3)
    sid = w.id
    w.close()
    path = tmp_path / "sessions" / f"{sid}.json"
    path.write_text(json.dumps(_as_version_1(json.loads(path.read_text("utf-8")))), encoding="utf-8")
    path.with_name(path.name + ".bak").unlink()

    again = Workspace(tmp_path).open(sid)
    assert again.position == 3 and again.entry(story.id).data["title"] == "Old"
    assert again.state("message-taking/why-messages").points_shown == 2
    assert again.state("service-stories/best-award").tally_shown is True
    again.close()
    tables = json.loads(path.read_text("utf-8"))
    assert "exercises" in tables and next(iter(tables["meta"].values()))["version"] == 2


def test_leaving_a_step_pauses_its_countdown_and_finishing_stops_every_clock(tmp_path: Path) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    w.begin()
    w.start_timer()
    clock.advance(minutes=2)
    first = w.current.key
    w.next()
    clock.advance(minutes=5)
    assert not w.timer(first).running and w.timer(first).elapsed == 120, "paused on leaving"
    w.start_timer()
    clock.advance(minutes=1)
    w.finish()
    spent = w.actual_minutes()
    timers = [w.timer(s.key) for s in w.plan]
    clock.advance(minutes=30)
    assert w.actual_minutes() == spent, "minutes spent do not drift after Finish"
    assert not any(t.running for t in timers) and [w.timer(s.key) for s in w.plan] == timers


def test_quitting_keeps_the_countdown_running_for_the_room(tmp_path: Path) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    w.begin()
    w.start_timer()
    w.close()
    clock.advance(minutes=1)
    again = Workspace(tmp_path).open(w.id, clock=clock)
    assert again.timer().running and again.timer().elapsed == 60
    again.close()


def test_listeners_hear_each_saved_change_and_not_a_refused_one(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    heard: list[str] = []
    stop = w.subscribe(heard.append)
    w.add_entry("service-stories/stories", "p1", {"title": "A", "category": "poor"})
    w.next()
    with pytest.raises(SessionError):
        w.add_entry("service-stories/stories", "p1", {"title": "", "category": "meh"})
    w.set_blanked(True)
    stop()
    w.set_blanked(False)
    assert heard == ["entries", "step", "blank"]


def test_anonymous_dots_stop_at_people_times_dots_each(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA, people=5)
    w.add_entry("service-stories/stories", "p1", {"title": "A", "category": "excellent"})
    target = w.candidates("service-stories/best-award")[0].id
    for _ in range(15):
        w.cast_vote("service-stories/best-award", target)
    with pytest.raises(SessionError, match="all 15 dots are placed"):
        w.cast_vote("service-stories/best-award", target)
    assert w.progress("service-stories/best-award") == (15, 15)


def test_ids_have_one_parse_each() -> None:
    assert parse_owner("group").kind == "group"
    assert parse_owner(team_owner("Front Desk")).team == "Front Desk"
    assert parse_owner("p12").kind == "participant"
    assert parse_step_key("break-3").is_break
    assert parse_step_key("close/feedback").exercise == "close"
    assert resolve_ref("service-stories/awards", "stories") == "service-stories/stories"
    assert resolve_ref("x/y", "other/z") == "other/z"


def test_step_state_defaults_are_not_written() -> None:
    import msgspec

    assert msgspec.to_builtins(StepState()) == {}


def test_drafts_survive_a_reopen_and_go_when_emptied(tmp_path: Path) -> None:
    from facilitator.engine.drafts import CONSOLE

    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    key = "service-stories/stories"
    w.drafts.keep(key, CONSOLE, {"who": "gus", "title": "Half a sto"})
    w.drafts.keep(key, "p2", {"title": "Mine"})
    w.close()
    again = Workspace(tmp_path).open(w.id)
    kept = again.drafts.get(key, CONSOLE)
    assert kept is not None and kept.fields == {"who": "gus", "title": "Half a sto"}
    assert {d.owner for d in again.drafts.of_step(key)} == {CONSOLE, "p2"}
    again.drafts.keep(key, CONSOLE, {"who": "", "title": "  "})
    assert again.drafts.get(key, CONSOLE) is None
    again.close()
    assert Workspace(tmp_path).open(w.id, readonly=True).drafts.get(key, CONSOLE) is None


def test_someone_leaving_leaves_no_round_without_a_caller_or_a_taker(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, people=6)
    key = "message-taking/calls"
    step = w.step(key)
    roles = list(step.roles)  # type: ignore[union-attr]
    first = w.deal(key, 1)
    w.set_round(key, 2)
    played = w.deal(key, 1)
    leaver = first.groups[0].seats[0].participant
    w.set_status(leaver, "left")
    assert w.deal(key, 1) == played == first, "a round already played is never rewritten"
    for rnd in range(2, step.rounds + 1):  # type: ignore[union-attr]
        dealt = w.deal(key, rnd)
        seated = [s.participant for g in dealt.groups for s in g.seats]
        assert leaver not in seated and len(seated) == 5
        for group in dealt.groups:
            assert {s.role for s in group.seats} == set(roles), (rnd, group)
    checklist = "message-taking/observer-checklist"
    subjects = w.checklist_subjects(checklist, 2)
    assert subjects and leaver not in subjects
    _, expected = w.progress(checklist)
    assert expected == len(subjects) > 0
