"""The session engine: navigation, timing, roster, entries, undo, votes, pairing, persistence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import FULL_AGENDA, FakeClock, library, make_workshop
from hostile import HOSTILE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.engine import (
    GROUP,
    Session,
    SessionError,
    SessionLocked,
    SessionNotFound,
    Workspace,
    open_session,
    team_owner,
)
from facilitator.model import Capture, Checklist, Pairing, Rating, Vote


def first_key(w: Session, kind: type, **where: object) -> str:
    for slot in w.plan:
        step = w.step(slot.key)
        if isinstance(step, kind) and all(getattr(step, k) == v for k, v in where.items()):
            return slot.key
    raise AssertionError(f"no {kind.__name__} step")


def reopen(w: Session, clock: FakeClock | None = None) -> Session:
    w.close()
    return open_session(Workspace(w.workspace.root), w.id, clock=clock or FakeClock())  # type: ignore[union-attr]


def test_new_session_copies_agenda_and_lists_in_index(tmp_path: Path) -> None:
    w = make_workshop(tmp_path)
    assert [s.title for s in Workspace(tmp_path).sessions()] == ["Front desk refresher"]
    assert sum(s.minutes for s in w.plan) == library().agendas["taking-messages-that-matter"].minutes
    assert len(w.participants()) == 7 and w.status == "setup"


def test_index_is_rebuilt_from_session_files(tmp_path: Path) -> None:
    make_workshop(tmp_path).close()
    (tmp_path / "index.json").write_text("{broken", encoding="utf-8")
    assert [s.id for s in Workspace(tmp_path).sessions()] == ["2026-11-24-front-desk-refresher"]


def test_navigation_and_resume_keep_position_and_timer(tmp_path: Path) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    w.begin()
    w.next()
    w.next()
    w.previous()
    assert w.position == 1
    w.start_timer()
    clock.advance(minutes=2)
    w.adjust_timer(+1)
    w = reopen(w, clock)
    assert w.position == 1
    state = w.timer()
    assert state.running and state.elapsed == 120 and state.adjust == 60
    clock.advance(minutes=1)
    w.pause_timer()
    assert w.timer().elapsed == 180 and not w.timer().running
    w.reset_timer()
    assert not w.timer().started
    with pytest.raises(SessionError, match="no step 99"):
        w.jump(98)


def test_schedule_reports_minutes_behind(tmp_path: Path) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    w.begin()
    planned = w.current.minutes
    clock.advance(minutes=planned + 7)
    w.next()
    assert w.schedule() == "7 min behind"
    assert w.actual_minutes()["message-taking"] == pytest.approx(planned + 7)


def test_roster_changes_and_duplicate_names(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, people=0)
    a = w.add_participant("Sam Lee", "Accounts")
    b = w.add_participant("Sam Lee", "Accounts")
    assert a.id != b.id
    w.set_status(a.id, "absent")
    assert [p.id for p in w.participants(present_only=True)] == [b.id]
    w.edit_participant(b.id, team="Front Desk")
    assert w.teams() == ["Accounts", "Front Desk"]
    w.remove_participant(a.id)
    assert [p.id for p in w.participants()] == [b.id]
    with pytest.raises(SessionError, match="needs a name"):
        w.add_participant("   ")


def test_entries_edit_delete_and_undo(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    key = first_key(w, Capture, id="stories")
    p = w.participants()[0].id
    e = w.add_entry(key, p, {"title": "Overcharged", "category": "poor"})
    w.edit_entry(e.id, {"title": "Overcharged for texts", "category": "poor"})
    w.delete_entry(e.id)
    assert w.entries(key) == []
    assert w.undo(key) == "restored the deleted entry"
    assert w.entry(e.id).data["title"] == "Overcharged for texts"
    assert w.undo(key) == "undid the last change"
    assert w.entry(e.id).data["title"] == "Overcharged"
    assert w.undo(key) == "removed the last entry"
    assert w.entries(key) == [] and w.undo(key) is None
    with pytest.raises(SessionError, match="choose one of"):
        w.add_entry(key, p, {"title": "x", "category": "meh"})


def test_undo_walks_back_across_entries_in_order(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    key = first_key(w, Capture, id="stories")
    a, b = (p.id for p in w.participants()[:2])
    first = w.add_entry(key, a, {"title": "First", "category": "poor"})
    second = w.add_entry(key, b, {"title": "Second", "category": "good"})
    w.edit_entry(first.id, {"title": "First, edited", "category": "poor"})
    assert w.undo(key) == "undid the last change"
    assert w.undo(key) == "removed the last entry"
    assert [e.id for e in w.entries(key)] == [first.id]
    assert w.entry(first.id).data["title"] == "First"
    assert second.id not in {e.id for e in w.entries(key)}


def test_team_and_group_owners(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    team_key = first_key(w, Capture, per="team")
    assert w.owners_for(team_key) == [team_owner(t) for t in w.teams()]
    group_key = first_key(w, Capture, per="group")
    assert w.owners_for(group_key) == [GROUP]
    with pytest.raises(SessionError, match="whole group"):
        w.add_entry(group_key, w.participants()[0].id, {})


def test_rating_grid_and_progress(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    key = first_key(w, Rating, per="participant")
    step = w.step(key)
    assert isinstance(step, Rating)
    aspects = [None] if not step.aspects else list(range(len(step.aspects)))
    first = w.participants()[0].id
    for item in step.items:
        for aspect in aspects:
            w.set_score(key, first, item.id, step.max, aspect)
    assert w.progress(key) == (1, 7)
    with pytest.raises(SessionError, match="scores run"):
        w.set_score(key, first, step.items[0].id, step.max + 1)
    w.set_score(key, first, step.items[0].id, None, aspects[0])
    assert w.progress(key) == (0, 7)


def test_pairing_leaves_out_absentees_and_seats_late_arrivals(tmp_path: Path) -> None:
    w = make_workshop(tmp_path)
    key = first_key(w, Pairing)
    before = w.deal(key, 1)
    gone = before.groups[0].seats[0].participant
    w.set_status(gone, "absent")
    late = w.add_participant("Zara Late", "Accounts")
    after = w.deal(key, 1)
    seated = {s.participant for g in after.groups for s in g.seats}
    assert gone not in seated and late.id in seated
    assert after.role_of(late.id) == "observer"
    reshuffled = w.reshuffle(key)
    assert {s.participant for g in reshuffled.groups for s in g.seats} == seated


def test_checklist_follows_pairing_rounds(tmp_path: Path) -> None:
    w = make_workshop(tmp_path)
    key = first_key(w, Checklist)
    step = w.step(key)
    assert isinstance(step, Checklist)
    subjects = w.checklist_subjects(key, 1)
    assert len(subjects) == len(w.deal(w.resolve(key, step.pairing), 1).groups)
    w.set_tick(key, subjects[0], step.items[0].id, True, 1)
    w.set_tick(key, subjects[0], step.items[1].id, False, 1)
    assert w.ticks(key, subjects[0])[0].data == {step.items[0].id: True, step.items[1].id: False}


def test_votes_limit_dots_and_tally(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    stories = first_key(w, Capture, id="stories")
    people = w.participants()
    for i, p in enumerate(people[:4]):
        w.add_entry(stories, p.id, {"title": f"Story {i}", "category": "poor" if i % 2 else "excellent"})
    key = first_key(w, Vote, award="Worst Service Award")
    candidates = w.candidates(key)
    assert {c.data["title"] for c in candidates} == {"Story 1", "Story 3"}
    step = w.step(key)
    assert isinstance(step, Vote)
    for _ in range(step.votes_each):
        w.cast_vote(key, candidates[1].id, voter=people[0].id)
    with pytest.raises(SessionError, match="used all"):
        w.cast_vote(key, candidates[0].id, voter=people[0].id)
    w.cast_vote(key, candidates[0].id)
    w.remove_vote(key, candidates[0].id)
    assert w.tally(key)[0] == (candidates[1], step.votes_each)


def test_session_is_a_snapshot_of_the_files(tmp_path: Path) -> None:
    w = make_workshop(tmp_path)
    raw = json.loads((tmp_path / "sessions" / f"{w.id}.json").read_text(encoding="utf-8"))
    copied = {doc["id"] for doc in raw["exercises"].values()}
    assert copied == {"message-taking", "promises", "action-plan", "close"}


def test_second_window_is_refused_or_read_only(tmp_path: Path) -> None:
    w = make_workshop(tmp_path)
    with pytest.raises(SessionLocked, match="another"):
        open_session(Workspace(tmp_path), w.id)
    viewer = open_session(Workspace(tmp_path), w.id, readonly=True)
    assert viewer.readonly and viewer.title == w.title
    with pytest.raises(SessionError, match="another window"):
        viewer.next()
    viewer.close()
    w.close()


def test_unknown_session_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(SessionNotFound, match="facilitator sessions"):
        open_session(Workspace(tmp_path), "nope")
    with pytest.raises(SessionNotFound):
        open_session(Workspace(tmp_path), "../../etc/passwd")


def test_agenda_edits_scale_and_reorder(tmp_path: Path) -> None:
    w = make_workshop(tmp_path)
    w.set_exercise_minutes("promises", 10)
    assert dict(w.exercise_minutes())["promises"] == 10
    w.move_exercise("close", -10)
    assert w.exercise_minutes()[0][0] == "close"
    w.drop_exercise("promises")
    assert "promises" not in dict(w.exercise_minutes())


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_round_trips_through_roster_and_entries(tmp_path: Path, text: str) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA, people=0)
    name = text if text.strip() else "Blank-named"
    p = w.add_participant(name, team=text, role=text, email=text)
    key = first_key(w, Capture, id="stories")
    e = w.add_entry(
        key,
        p.id,
        {"title": text if text.strip() else "x", "where": text, "story": text, "category": "poor"},
    )
    w = reopen(w)
    assert w.participant(p.id).name == name and w.participant(p.id).team == text
    assert w.entry(e.id).data["where"] == text
    w.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.sampled_from(["add", "edit", "delete", "undo"]), min_size=1, max_size=25))
def test_entry_index_matches_the_file_after_any_changes(tmp_path: Path, ops: list[str]) -> None:
    root = tmp_path / f"run-{len(list(tmp_path.iterdir()))}"
    w = make_workshop(root, agenda=FULL_AGENDA)
    key = first_key(w, Capture, id="stories")
    people = [p.id for p in w.participants()]
    for n, op in enumerate(ops):
        live = w.entries(key)
        if op == "add" or not live:
            owner = people[n % len(people)]
            if len([e for e in live if e.owner == owner]) < 2:
                w.add_entry(key, owner, {"title": f"Story {n}", "category": "good"})
        elif op == "edit":
            w.edit_entry(live[n % len(live)].id, {"title": f"Edited {n}", "category": "poor"})
        elif op == "delete":
            w.delete_entry(live[n % len(live)].id)
        else:
            w.undo(key)
    seen = [(e.id, e.data) for e in w.entries(key)]
    w.close()
    again = open_session(Workspace(root), w.id)
    assert [(e.id, e.data) for e in again.entries(key)] == seen
    again.close()
