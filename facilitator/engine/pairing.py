"""Who plays which role with whom, round by round, and which card each caller holds.

Groups stay together for the whole role play and rotate roles each round, so
with as many rounds as roles everyone plays every role. Numbers rarely divide
evenly: leftover people join existing groups as extra observers (the last
role) rather than being left alone, and a room smaller than one group still
gets one group. Everything is derived from a seed, so a deal can be made again
identically after a crash or on another laptop.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from facilitator.model import Card


@dataclass(frozen=True)
class Seat:
    """One person's role in one round."""

    participant: str
    role: str


@dataclass(frozen=True)
class Group:
    """A pair or trio (or a slightly larger group) in one round."""

    number: int
    seats: tuple[Seat, ...]
    card: Card | None

    def with_role(self, role: str) -> list[str]:
        """Participant ids playing `role` in this group."""
        return [s.participant for s in self.seats if s.role == role]


@dataclass(frozen=True)
class Deal:
    """Every group of one round."""

    round: int
    groups: tuple[Group, ...]

    def role_of(self, participant: str) -> str | None:
        """The role `participant` plays this round, if they are in the deal."""
        for group in self.groups:
            for seat in group.seats:
                if seat.participant == participant:
                    return seat.role
        return None


def form_groups(people: list[str], size: int, rng: random.Random) -> list[list[str]]:
    """Shuffle and cut into groups of `size`, spreading leftovers over the groups."""
    order = list(people)
    rng.shuffle(order)
    if not order:
        return []
    count = max(1, len(order) // size)
    groups: list[list[str]] = [order[i * size : (i + 1) * size] for i in range(count)]
    for i, extra in enumerate(order[count * size :]):
        groups[i % count].append(extra)
    return groups


def seats_for(members: list[str], roles: list[str], round_number: int) -> tuple[Seat, ...]:
    """Rotate roles by one place per round; extra members share the last role."""
    padded = list(roles) + [roles[-1]] * max(0, len(members) - len(roles))
    size = len(members)
    seats = []
    for i, person in enumerate(members):
        role = padded[(i - (round_number - 1)) % size] if size else roles[0]
        seats.append(Seat(person, role))
    return tuple(seats)


def deal(
    people: list[str],
    roles: list[str],
    cards: list[Card],
    round_number: int,
    seed: int,
) -> Deal:
    """The groups, roles and cards of one round (rounds count from 1).

    The same seed gives the same groups in every round, so only the roles
    rotate; cards are drawn without replacement across rounds from one
    shuffled deck, starting again from the top when it runs out.
    """
    rng = random.Random(seed)
    groups = form_groups(sorted(people), len(roles), rng)
    deck = list(cards)
    random.Random(seed + 1).shuffle(deck)
    first_card = (round_number - 1) * len(groups)
    dealt = []
    for n, members in enumerate(groups):
        card = deck[(first_card + n) % len(deck)] if deck else None
        dealt.append(Group(number=n + 1, seats=seats_for(members, roles, round_number), card=card))
    return Deal(round=round_number, groups=tuple(dealt))
