"""Role-play groups of a session: who plays which role with whom, round by round.

The deal itself is pure (`pairing.deal`, from the session's seed); this part
fixes who it was dealt from the first time it is shown, follows the room as
people arrive and leave, and reshuffles on request.
"""

from __future__ import annotations

import zlib

from facilitator.engine.ledger import Ledger
from facilitator.engine.pairing import Deal, Group, Seat, deal
from facilitator.engine.people import Roster
from facilitator.model import Pairing

#: Spreads reshuffles of one step far apart in the seed space.
SHUFFLE_STRIDE = 7919


class Pairings:
    """Deals of the session's role plays."""

    def __init__(self, ledger: Ledger, roster: Roster) -> None:
        self.ledger = ledger
        self.roster = roster

    def round(self, key: str) -> int:
        """The round on screen (1 until the trainer moves on)."""
        return self.ledger.step_state(key).round or 1

    def deal(self, key: str, rnd: int | None = None) -> Deal:
        """Groups, roles and cards of a round; absentees drop out, newcomers join small groups."""
        step = self.ledger.step_of(key, Pairing)
        state = self.ledger.step_state(key)
        present = [p.id for p in self.roster.participants(present_only=True)]
        dealt_from = list(state.people) if state.people is not None else present
        if state.people is None and not self.ledger.readonly:
            # Fixed the first time the groups are shown, so later arrivals don't reshuffle everyone.
            self.ledger.save_step(key, "step", people=tuple(present))
        rnd = rnd or state.round or 1
        seed = self.ledger.meta.seed + zlib.crc32(key.encode()) + SHUFFLE_STRIDE * state.shuffle
        dealt = deal(dealt_from, list(step.roles), list(step.cards), rnd, seed)
        newcomers = [p for p in present if p not in dealt_from]
        return _adjust_deal(dealt, set(present), newcomers, step)

    def reshuffle(self, key: str) -> Deal:
        """New groups from the people present now."""
        state = self.ledger.step_state(key)
        present = tuple(p.id for p in self.roster.participants(present_only=True))
        self.ledger.save_step(key, "step", shuffle=state.shuffle + 1, people=present)
        return self.deal(key)


def _adjust_deal(dealt: Deal, present: set[str], newcomers: list[str], step: Pairing) -> Deal:
    """Drop people who have left since the deal; add newcomers to the smallest groups as observers."""
    groups = [
        Group(g.number, tuple(s for s in g.seats if s.participant in present), g.card) for g in dealt.groups
    ]
    groups = [g for g in groups if g.seats]
    for person in newcomers:
        if not groups:
            groups.append(Group(1, (Seat(person, step.roles[0]),), None))
            continue
        smallest = min(range(len(groups)), key=lambda i: len(groups[i].seats))
        g = groups[smallest]
        groups[smallest] = Group(g.number, (*g.seats, Seat(person, step.roles[-1])), g.card)
    return Deal(dealt.round, tuple(groups))
