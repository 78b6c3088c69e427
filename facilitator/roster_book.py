"""The roster layer of a session: who is in the room, late, absent or gone.

Participants get short stable ids (p1, p2...) so two people with the same
name stay distinguishable in entries, exports and handouts.
"""

from __future__ import annotations

from collections.abc import Iterable

from tinydb import Query

from facilitator.roster import RosterRow
from facilitator.session_core import (
    GROUP,
    STATUSES,
    Participant,
    SessionCore,
    WorkshopError,
    participant_from_doc,
)


class RosterBook(SessionCore):
    """Adding, editing and marking participants."""

    def participants(self, *, present_only: bool = False) -> list[Participant]:
        """Everyone on the roster in the order they were added."""
        people = [
            participant_from_doc(d) for d in sorted(self._people.all(), key=lambda d: d.get("order", 0))
        ]
        return [p for p in people if p.present] if present_only else people

    def participant(self, pid: str) -> Participant:
        """One participant by id."""
        doc = self._people.get(Query().id == pid)
        if doc is None or isinstance(doc, list):
            raise WorkshopError(f"no participant {pid!r} in this session")
        return participant_from_doc(doc)

    def teams(self) -> list[str]:
        """Team names in roster order; people without a team are left out."""
        seen: list[str] = []
        for person in self.participants():
            if person.team and person.team not in seen:
                seen.append(person.team)
        return seen

    def add_participant(
        self, name: str, team: str = "", role: str = "", email: str = "", status: str = "present"
    ) -> Participant:
        """Add someone; two people may share a name and still get different ids."""
        if not name.strip():
            raise WorkshopError("a participant needs a name")
        if status not in STATUSES:
            raise WorkshopError(f"status must be one of {', '.join(STATUSES)}")
        docs = self._people.all()
        number = 1 + max((int(str(d["id"])[1:]) for d in docs), default=0)
        doc = {
            "id": f"p{number}",
            "name": name,
            "team": team,
            "role": role,
            "email": email,
            "status": status,
            "order": number,
        }
        self._people.insert(doc)
        return participant_from_doc(doc)

    def import_roster(self, rows: Iterable[RosterRow]) -> list[Participant]:
        """Add every row of an already validated roster, in one write."""
        docs = self._people.all()
        start = 1 + max((int(str(d["id"])[1:]) for d in docs), default=0)
        new = [
            {
                "id": f"p{n}",
                "name": r.name,
                "team": r.team,
                "role": r.role,
                "email": r.email,
                "status": "present",
                "order": n,
            }
            for n, r in enumerate(rows, start)
        ]
        if new:
            self._people.insert_multiple(new)
        return [participant_from_doc(d) for d in new]

    def edit_participant(self, pid: str, **changes: str) -> Participant:
        """Change name, team, role, email or status."""
        self.participant(pid)
        allowed = {k: v for k, v in changes.items() if k in ("name", "team", "role", "email", "status")}
        if "name" in allowed and not allowed["name"].strip():
            raise WorkshopError("a participant needs a name")
        if "status" in allowed and allowed["status"] not in STATUSES:
            raise WorkshopError(f"status must be one of {', '.join(STATUSES)}")
        self._people.update(allowed, Query().id == pid)
        return self.participant(pid)

    def set_status(self, pid: str, status: str) -> Participant:
        """Mark someone present, absent, late (arrived) or left (early)."""
        return self.edit_participant(pid, status=status)

    def remove_participant(self, pid: str) -> None:
        """Take someone off the roster; refused once they have entries (mark them absent instead)."""
        self.participant(pid)
        if any(e.owner == pid for e in self._all_entries()):
            raise WorkshopError("this person has entries; mark them absent or left instead")
        self._people.remove(Query().id == pid)

    def owner_label(self, owner: str) -> str:
        """A readable name for an entry's owner."""
        if owner == GROUP:
            return "Whole group"
        if owner.startswith("team:"):
            return owner[5:]
        try:
            return self.participant(owner).name
        except WorkshopError:
            return owner
