"""Shared builders for tests: a fake clock, the bundled library, ready-made sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from facilitator.engine import Session, Workspace, create_session
from facilitator.loader import Library, load_library
from facilitator.paths import bundled_exercises
from facilitator.roster import RosterRow

START = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
SHORT_AGENDA = "taking-messages-that-matter"
FULL_AGENDA = "delivering-excellent-service"
NAMES = [
    ("Ada Brennan", "Front Desk"),
    ("Bilal Chaudhry", "Front Desk"),
    ("Chen Wei", "Accounts"),
    ("Dana Okoro", "Accounts"),
    ("Eli Marsh", "Field Service"),
    ("Farah Haddad", "Field Service"),
    ("Gus Lindqvist", "Field Service"),
    ("Hana Sato", "Front Desk"),
    ("Ivan Petrov", "Accounts"),
]


@dataclass
class FakeClock:
    """A clock tests move by hand, so timers and schedules are exact."""

    now: datetime = field(default_factory=lambda: START)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float = 0, minutes: float = 0) -> None:
        self.now += timedelta(seconds=seconds + 60 * minutes)


_LIBRARY: Library | None = None


def library() -> Library:
    """The bundled exercises and agendas, loaded once per test run."""
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = load_library([bundled_exercises()])
        assert not _LIBRARY.problems, [str(p) for p in _LIBRARY.problems]
    return _LIBRARY


def roster(people: int = 7) -> list[RosterRow]:
    """A small fictional group; an odd 7 by default to exercise odd-number pairing."""
    return [RosterRow(name=n, team=t) for n, t in NAMES[:people]]


def make_workshop(
    root: Path,
    agenda: str = SHORT_AGENDA,
    people: int = 7,
    clock: FakeClock | None = None,
    title: str = "Front desk refresher",
) -> Session:
    """A fresh session in `root` with a fixed seed and a fake clock."""
    return create_session(
        Workspace(root),
        library(),
        agenda,
        title,
        "2026-11-24",
        trainer="Sam Trainer",
        roster=roster(people),
        seed=42,
        clock=clock or FakeClock(),
    )
