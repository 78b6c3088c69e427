"""Every bundled exercise runs end to end through the engine with a scripted group of 7."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from factories import FakeClock, library, roster

from facilitator.engine import Session, Workspace, create_session, open_session
from facilitator.model import (
    Agenda,
    AgendaItem,
    Brief,
    Capture,
    Checklist,
    Debrief,
    Field,
    Pairing,
    Rating,
    Timer,
    Vote,
)

SAMPLE = {"text": "Called back by 3 pm", "long": "A longer answer.", "date": "2026-12-15"}


def sample(field: Field, n: int) -> str | int:
    if field.kind == "choice":
        return field.choices[n % len(field.choices)]
    if field.kind == "score":
        return field.min + n % (field.max - field.min + 1)
    return SAMPLE[field.kind] if field.kind == "date" else f"{SAMPLE[field.kind]} ({n})"


def solo_session(tmp_path: Path, exercise_id: str, clock: FakeClock) -> Session:
    lib = library()
    ex = lib.exercises[exercise_id]
    agenda = Agenda(
        id="solo",
        title=ex.title,
        minutes=ex.minutes,
        items=[AgendaItem(exercise=ex.id, minutes=ex.minutes)],
    )
    lib = replace(lib, agendas={"solo": agenda})
    return create_session(
        Workspace(tmp_path),
        lib,
        "solo",
        "Run-through",
        "2026-11-24",
        roster=roster(7),
        seed=7,
        clock=clock,
    )


@pytest.mark.parametrize("exercise_id", sorted(library().exercises))
def test_exercise_runs_end_to_end_with_seven(tmp_path: Path, exercise_id: str) -> None:
    clock = FakeClock()
    w = solo_session(tmp_path, exercise_id, clock)
    w.begin()
    for index, slot in enumerate(w.plan):
        w.jump(index)
        step = w.step(slot.key)
        w.start_timer()
        clock.advance(minutes=slot.minutes)
        if isinstance(step, Brief):
            w.reveal_points(w.current.key, len(step.points))
        elif isinstance(step, Pairing):
            for rnd in range(1, step.rounds + 1):
                seated = [s.participant for g in w.deal(slot.key, rnd).groups for s in g.seats]
                assert sorted(seated) == sorted(p.id for p in w.participants())
        elif isinstance(step, Capture):
            for n, owner in enumerate(w.owners_for(slot.key)):
                w.add_entry(slot.key, owner, {f.id: sample(f, n) for f in step.fields})
            done, expected = w.progress(slot.key)
            assert done == expected > 0
        elif isinstance(step, Rating):
            owners = ["group"] if step.per == "group" else [p.id for p in w.participants()]
            aspects: list[int | None] = list(range(len(step.aspects))) or [None]
            for n, owner in enumerate(owners):
                for item in step.items:
                    for aspect in aspects:
                        w.set_score(
                            slot.key,
                            owner,
                            item.id,
                            step.min + n % (step.max - step.min + 1),
                            aspect,
                        )
            assert w.progress(slot.key)[0] == len(owners)
        elif isinstance(step, Checklist):
            rounds = 3 if step.pairing else 1
            for rnd in range(1, rounds + 1):
                for n, subject in enumerate(w.checklist_subjects(slot.key, rnd)):
                    for m, item in enumerate(step.items):
                        w.set_tick(slot.key, subject, item.id, (n + m) % 3 != 0, rnd)
        elif isinstance(step, Vote):
            candidates = w.candidates(slot.key)
            assert candidates, f"{slot.key} has nothing to vote on"
            for n, person in enumerate(w.participants()):
                for k in range(step.votes_each):
                    target = candidates[(n + k) % len(candidates)].id
                    w.cast_vote(slot.key, target, None if step.anonymous else person.id)
            assert sum(count for _, count in w.tally(slot.key)) == 7 * step.votes_each
        elif isinstance(step, Debrief):
            assert step.questions or step.charts
            for chart in step.charts:
                data = w.chart(slot.key, chart)
                assert not data.empty, f"{slot.key}: chart {chart.kind} of {chart.step} is empty"
        else:
            assert isinstance(step, Timer)
        w.pause_timer()
    w.next()
    saved = len([e for s in w.plan for e in w.entries(s.key)])
    w.close()
    again = open_session(Workspace(tmp_path), w.id)
    assert len([e for s in again.plan for e in again.entries(s.key)]) == saved
    assert again.position == len(again.plan) - 1
    again.close()
