"""What to print before the workshop: caller cards to cut out and blank message slips.

Cards come from every role-play (pairing) step that has scenario cards, in
the order the deck was written. Each group needs its own set, so the page
says how many copies to print for today's roster; the app does not print
the sets itself because groups are only dealt on the day.

Slips are counted, not guessed: every group makes one call per round, and
every call needs one slip. The count is rounded up to whole pages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from facilitator.handouts.context import Snapshot
from facilitator.handouts.text import clean, one_line
from facilitator.model import Pairing

SLIPS_PER_PAGE = 4
CARDS_PER_PAGE = 6
SLIP_FIELDS = (
    "For",
    "Taken by",
    "Date and time",
    "Caller's name",
    "Organisation",
    "Phone number",
)


@dataclass(frozen=True)
class CardView:
    """One caller card, ready to print."""

    name: str
    organisation: str
    phone: str
    reason: str
    urgency: str
    twist: str


@dataclass(frozen=True)
class CardSet:
    """The deck of one role-play step."""

    exercise: str
    step: str
    first_role: str
    cards: tuple[CardView, ...]
    groups: int
    pages: tuple[tuple[CardView, ...], ...]


@dataclass(frozen=True)
class Materials:
    """Everything to print before the day."""

    card_sets: tuple[CardSet, ...]
    slips: int
    slip_pages: int
    slip_fields: tuple[str, ...]
    calls: int

    @property
    def empty(self) -> bool:
        """No role play with cards in this session: nothing to print beforehand."""
        return not self.card_sets


def _groups(people: int, roles: int) -> int:
    """How many groups the deal will form: `people // roles`, at least one."""
    return max(1, people // roles)


def materials(snap: Snapshot) -> Materials:
    """Cards and slips for every role play with scenario cards."""
    expected = sum(1 for p in snap.people if p.status != "absent") or len(snap.people)
    sets = []
    calls = 0
    for key, step in snap.steps.items():
        if not isinstance(step, Pairing) or not step.cards:
            continue
        exercise = snap.workshop.exercises[key.partition("/")[0]]
        cards = tuple(
            CardView(
                name=one_line(c.name),
                organisation=one_line(c.organisation),
                phone=one_line(c.phone),
                reason=clean(c.reason).strip(),
                urgency=one_line(c.urgency),
                twist=clean(c.twist).strip(),
            )
            for c in step.cards
        )
        groups = _groups(expected, len(step.roles))
        calls += groups * step.rounds
        pages = tuple(cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE))
        sets.append(
            CardSet(
                exercise=one_line(exercise.title),
                step=one_line(step.title),
                first_role=one_line(step.roles[0]),
                cards=cards,
                groups=groups,
                pages=pages,
            )
        )
    slip_pages = math.ceil(calls / SLIPS_PER_PAGE) if sets else 0
    return Materials(
        card_sets=tuple(sets),
        slips=slip_pages * SLIPS_PER_PAGE,
        slip_pages=slip_pages,
        slip_fields=SLIP_FIELDS,
        calls=calls,
    )
