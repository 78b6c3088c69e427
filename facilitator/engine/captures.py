"""Captured entries: what a scribe, a participant or a phone types into a capture step.

Every entry is checked against its step's fields (`entry_rules`) and its
owner against the step's `per` before it is written, whichever view sent it,
so the keyboard, pass-the-keyboard and a phone all obey the same limits.
"""

from __future__ import annotations

from facilitator.engine.entry_log import EntryLog
from facilitator.engine.entry_rules import EntryError, clean_entry
from facilitator.engine.errors import SessionError
from facilitator.engine.ids import GROUP, parse_owner, team_owner
from facilitator.engine.ledger import Ledger
from facilitator.engine.people import Roster
from facilitator.engine.state import Entry, Value
from facilitator.model import Capture


class Captures:
    """Adding, editing and deleting captured entries."""

    def __init__(self, ledger: Ledger, roster: Roster, log: EntryLog) -> None:
        self.ledger = ledger
        self.roster = roster
        self.log = log

    def owners_for(self, key: str) -> list[str]:
        """Who entries of a capture step can belong to: present people, teams, or the group."""
        per = getattr(self.ledger.step(key), "per", "participant")
        if per == "team":
            return [team_owner(t) for t in self.roster.teams()] or [GROUP]
        if per == "group":
            return [GROUP]
        return [p.id for p in self.roster.participants(present_only=True)]

    def check_owner(self, per: str, owner: str) -> None:
        """Refuse an owner the step does not take (a person on a team step, say)."""
        kind = parse_owner(owner).kind
        if per == "group" and kind != "group":
            raise SessionError("this step is filled in once for the whole group")
        if per == "team" and kind == "participant":
            raise SessionError("this step is filled in per team")
        if per == "participant":
            self.roster.participant(owner)

    def add_entry(self, key: str, owner: str, data: dict[str, object]) -> Entry:
        """Save a captured entry for a participant, a team or the group."""
        step = self.ledger.step_of(key, Capture)
        self.check_owner(step.per, owner)
        cleaned = _clean(step, data)
        mine = [e for e in self.log.entries(key) if e.owner == owner]
        if len(mine) >= step.max_entries:
            raise SessionError(
                f"{self.roster.owner_label(owner)} already has {step.max_entries} entries here"
            )
        return self.log.add(key, "capture", owner, cleaned)

    def edit_entry(self, entry_id: str, data: dict[str, object], based_on: int | None = None) -> Entry:
        """Replace a captured entry's fields; with `based_on` (the `seq` the form saw), only if unchanged."""
        entry = self.log.entry(entry_id)
        cleaned = _clean(self.ledger.step_of(entry.step, Capture), data)
        return self.log.change(entry_id, "edit", cleaned, based_on)

    def delete_entry(self, entry_id: str, based_on: int | None = None) -> None:
        """Delete an entry (undo brings it back); with `based_on`, only if unchanged since."""
        self.log.entry(entry_id)
        self.log.change(entry_id, "delete", based_on=based_on)

    def section_entries(self, section: str) -> list[Entry]:
        """Entries of every capture step routed to a handout section ("actions", ...), in plan order."""
        keys = [
            slot.key
            for slot in self.ledger.plan
            if isinstance(step := self.ledger.step(slot.key), Capture) and step.handout == section
        ]
        return [e for key in keys for e in self.log.entries(key, "capture")]


def _clean(step: Capture, data: dict[str, object]) -> dict[str, Value]:
    try:
        return dict(clean_entry(step, data))
    except EntryError as exc:
        raise SessionError(str(exc)) from None
