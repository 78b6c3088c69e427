"""Role-play groups of a session: who plays which role with whom, round by round.

The deal itself is pure (`pairing.deal`, from the session's seed); this part
fixes who it was dealt from the first time it is shown, follows the room as
people arrive and leave, and reshuffles on request.
"""

from __future__ import annotations

import zlib

from facilitator.engine.ledger import Ledger
from facilitator.engine.pairing import Deal, Group, deal, seats_for
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
        """Groups, roles and cards of a round.

        Rounds already played stay as they were dealt, leavers included: the
        room played them. The round on screen and the ones to come are dealt
        from the people here now: leavers drop out and their groups' roles are
        filled again (a group left too small joins another), and late arrivals
        join the smallest groups.
        """
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
        if rnd < (state.round or 1):
            return dealt
        newcomers = [p for p in present if p not in dealt_from]
        return refill(dealt, set(present), newcomers, list(step.roles))

    def reshuffle(self, key: str) -> Deal:
        """New groups from the people present now."""
        state = self.ledger.step_state(key)
        present = tuple(p.id for p in self.roster.participants(present_only=True))
        self.ledger.save_step(key, "step", shuffle=state.shuffle + 1, people=present)
        return self.deal(key)


def refill(dealt: Deal, present: set[str], newcomers: list[str], roles: list[str]) -> Deal:
    """A round dealt again for the people here: every group keeps its number and card, and has every role.

    Members keep their order, so a group nobody left keeps exactly its seats;
    a group left with fewer people than roles joins the smallest other group;
    newcomers join the smallest groups, last in line (so they observe first).
    """
    groups = [
        (g.number, [s.participant for s in g.seats if s.participant in present], g.card) for g in dealt.groups
    ]
    groups = [g for g in groups if g[1]]
    while len(groups) > 1 and (short := next((g for g in groups if len(g[1]) < len(roles)), None)):
        groups.remove(short)
        min(groups, key=lambda g: len(g[1]))[1].extend(short[1])
    for person in newcomers:
        if not groups:
            groups.append((1, [], None))
        min(groups, key=lambda g: len(g[1]))[1].append(person)
    seated = (Group(number, seats_for(members, roles, dealt.round), card) for number, members, card in groups)
    return Deal(dealt.round, tuple(seated))
