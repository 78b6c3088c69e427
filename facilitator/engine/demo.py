"""The demo: a fictional group of 12 partway through a full-day workshop.

A newcomer should see every kind of step with believable content within a
minute, so the demo session is built through the same engine calls a real
workshop makes: the roster comes from a CSV, the words people "said" from
`exercises/demo/entries.toml`, and the scores, ticks, dots and timings from a
seeded random generator, so every demo is identical and snapshot-friendly.
"""

from __future__ import annotations

import random
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from facilitator.engine import GROUP, Session, Workspace, create_session, team_owner
from facilitator.loader import Library
from facilitator.model import Brief, Capture, Checklist, Pairing, Rating, Vote
from facilitator.paths import bundled_exercises
from facilitator.roster import read_roster

DEMO_AGENDA = "delivering-excellent-service"
DEMO_TITLE = "Brightwell Facilities: delivering excellent service"
DEMO_TRAINER = "Jordan Avery"
STOP_AT = "action-plan/my-actions"
SEED = 2026
LATE = "Mei-Ling Chen"


class DemoClock:
    """A clock the demo moves forward as the 'day' goes by."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def demo_folder() -> Path:
    """Where the demo's roster and entries are shipped."""
    return bundled_exercises() / "_demo"


def prepare_demo(data: Workspace, library: Library, today: datetime | None = None) -> str:
    """Create the demo session in `data` and return its id."""
    start = (today or datetime.now(UTC)).replace(hour=8, minute=30, second=0, microsecond=0)
    clock = DemoClock(start)
    rows = read_roster(demo_folder() / "roster.csv")
    workshop = create_session(
        data,
        library,
        DEMO_AGENDA,
        DEMO_TITLE,
        start.date().isoformat(),
        DEMO_TRAINER,
        rows,
        seed=SEED,
        clock=clock,
    )
    try:
        # Hundreds of entries go in before anyone looks: one write at the end, not one each.
        with workshop.batch():
            _fill(workshop, clock, _load_entries())
    finally:
        workshop.close()
    return workshop.id


def _load_entries() -> dict[str, dict[str, list[dict[str, Any]]]]:
    raw = tomllib.loads((demo_folder() / "entries.toml").read_text(encoding="utf-8"))
    capture: dict[str, dict[str, list[dict[str, Any]]]] = raw.get("capture", {})
    return capture


def _fill(w: Session, clock: DemoClock, words: dict[str, dict[str, list[dict[str, Any]]]]) -> None:
    rng = random.Random(SEED)
    by_name = {p.name: p.id for p in w.participants()}
    if LATE in by_name:
        w.set_status(by_name[LATE], "late")
    keys = [slot.key for slot in w.plan]
    stop = keys.index(STOP_AT)
    for index, key in enumerate(keys):
        step = w.step(key)
        if isinstance(step, Capture):
            # Written pre-work (team ideas) may sit after the stop; spoken work stops there.
            _captures(w, key, step, words.get(key, {}), by_name)
        if index > stop:
            continue
        w.jump(index)
        if isinstance(step, Brief):
            w.reveal_points(key, len(step.points))
        elif isinstance(step, Pairing):
            w.set_round(key, step.rounds)
        elif isinstance(step, Checklist):
            _checklist(w, key, step, rng)
        elif isinstance(step, Rating):
            _ratings(w, key, step, rng)
        elif isinstance(step, Vote):
            _votes(w, key, step, rng)
        if index < stop:
            clock.now += timedelta(seconds=w.current.minutes * 60 * rng.uniform(0.85, 1.2))
    w.jump(stop)


def _owner(w: Session, step: Capture, name: str, by_name: dict[str, str]) -> str:
    if step.per == "group":
        return GROUP
    if step.per == "team":
        return team_owner(name)
    return by_name[name]


def _captures(
    w: Session,
    key: str,
    step: Capture,
    entries: dict[str, list[dict[str, Any]]],
    by_name: dict[str, str],
) -> None:
    for name, items in entries.items():
        for data in items:
            w.add_entry(key, _owner(w, step, name, by_name), data)


# How likely observers were to tick each message-taking item: the misses a real room makes.
TICK_ODDS = {"no-promise": 0.45, "preferred-time": 0.4, "realistic-return": 0.55}


def _checklist(w: Session, key: str, step: Checklist, rng: random.Random) -> None:
    rounds = 1
    if step.pairing:
        pairing = w.step(w.resolve(key, step.pairing))
        rounds = pairing.rounds if isinstance(pairing, Pairing) else 1
    for rnd in range(1, rounds + 1):
        for subject in w.checklist_subjects(key, rnd):
            for item in step.items:
                odds = TICK_ODDS.get(item.id, 0.85) + 0.1 * (rnd - 1)
                w.set_tick(key, subject, item.id, rng.random() < odds, rnd)
    w.set_round(key, rounds)


def _ratings(w: Session, key: str, step: Rating, rng: random.Random) -> None:
    owners = [GROUP] if step.per == "group" else [p.id for p in w.participants(present_only=True)]
    if step.per == "participant" and len(owners) > 3:
        owners = owners[:-2]  # a couple still scoring: the room sees "10 of 12"
    aspects: list[int | None] = list(range(len(step.aspects))) if step.aspects else [None]
    for n, item in enumerate(step.items):
        centre = step.min + (step.max - step.min) * (0.35 + 0.5 * ((n * 37) % 10) / 10)
        for aspect in aspects:
            shift = -0.8 * (aspect or 0)  # colleagues get served worse than customers
            for owner in owners:
                score = round(rng.gauss(centre + shift, 0.8))
                w.set_score(key, owner, item.id, max(step.min, min(step.max, score)), aspect)


def _votes(w: Session, key: str, step: Vote, rng: random.Random) -> None:
    candidates = w.candidates(key)
    if not candidates:
        return
    weights = [rng.uniform(0.5, 3.0) for _ in candidates]
    for person in w.participants(present_only=True):
        for _ in range(step.votes_each):
            target = rng.choices(candidates, weights)[0]
            w.cast_vote(key, target.id, None if step.anonymous else person.id)
    w.show_tally(key, True)
