"""Dot votes among the entries of an earlier capture step, and their tally.

A dot is an entry on the vote step whose data names its target. Anonymous
votes are owned by the group, named ones by the voter, who has
`votes_each` dots to place.
"""

from __future__ import annotations

from facilitator.engine.entry_log import EntryLog
from facilitator.engine.errors import SessionError
from facilitator.engine.ids import GROUP, resolve_ref
from facilitator.engine.ledger import Ledger
from facilitator.engine.people import Roster
from facilitator.engine.state import Entry
from facilitator.model import Vote


class Votes:
    """Casting and taking back dots, and counting them."""

    def __init__(self, ledger: Ledger, roster: Roster, log: EntryLog) -> None:
        self.ledger = ledger
        self.roster = roster
        self.log = log

    def candidates(self, key: str) -> list[Entry]:
        """The entries a vote chooses among, after its filter."""
        step = self.ledger.step_of(key, Vote)
        found = self.log.entries(resolve_ref(key, step.among), "capture")
        if step.where_field:
            wanted = {v.casefold() for v in step.where_values}
            found = [e for e in found if str(e.data.get(step.where_field, "")).casefold() in wanted]
        return found

    def cast_vote(self, key: str, target: str, voter: str | None = None) -> None:
        """Place one dot on a candidate; a named voter has `votes_each` dots."""
        step = self.ledger.step_of(key, Vote)
        if target not in {c.id for c in self.candidates(key)}:
            raise SessionError("that entry is not a candidate in this vote")
        dots = self.log.entries(key, "vote")
        if voter is not None:
            self.roster.participant(voter)
            if sum(1 for d in dots if d.owner == voter) >= step.votes_each:
                raise SessionError(f"{self.roster.owner_label(voter)} has used all {step.votes_each} dots")
        cap = self.cap(key)
        if len(dots) >= cap:
            raise SessionError(f"all {cap} dots are placed: {_dots(cap)} for the people here")
        self.log.add(key, "vote", voter or GROUP, {"target": target})

    def cap(self, key: str) -> int:
        """How many dots the room has: the people present times the dots each."""
        step = self.ledger.step_of(key, Vote)
        return step.votes_each * len(self.roster.participants(present_only=True))

    def remove_vote(self, key: str, target: str, voter: str | None = None) -> None:
        """Take back one dot from a candidate."""
        owner = voter or GROUP
        dots = [
            d for d in self.log.entries(key, "vote") if d.data.get("target") == target and d.owner == owner
        ]
        if not dots:
            raise SessionError("there is no dot to take back there")
        self.log.change(dots[-1].id, "delete")

    def tally(self, key: str) -> list[tuple[Entry, int]]:
        """Candidates with their dots, most first."""
        dots = self.log.entries(key, "vote")
        counts = [(c, sum(1 for d in dots if d.data.get("target") == c.id)) for c in self.candidates(key)]
        return sorted(counts, key=lambda pair: pair[1], reverse=True)


def _dots(count: int) -> str:
    return "1 dot" if count == 1 else f"{count} dots"
