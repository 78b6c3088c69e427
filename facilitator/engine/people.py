"""The roster part of a session: who is in the room, late, absent or gone.

Participants get short stable ids (p1, p2...) so two people with the same
name stay distinguishable in entries, exports and handouts; on screen they
are told apart by something a person knows (team, company, email), never by
that id. Nobody is ever deleted from the file: taking someone off the roster
marks them removed, so a later version of a session never holds fewer people
than its backup.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from facilitator.engine.errors import SessionError
from facilitator.engine.ids import parse_owner, participant_id, participant_number
from facilitator.engine.ledger import Ledger
from facilitator.engine.state import STATUSES, Participant
from facilitator.roster import RosterRow
from facilitator.roster_people import assign_teams

EDITABLE = ("name", "team", "role", "email", "company", "status")


class Roster:
    """Adding, editing and marking participants, and naming them on screen."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def participants(self, *, present_only: bool = False) -> list[Participant]:
        """Everyone on the roster in the order they were added."""
        people = [p for p in self.ledger.state.people.values() if not p.removed]
        return [p for p in people if p.present] if present_only else people

    def participant(self, pid: str) -> Participant:
        """One participant by id."""
        person = self.ledger.state.people.get(pid)
        if person is None or person.removed:
            raise SessionError(f"that person is not on this session's roster ({pid!r})")
        return person

    def teams(self) -> list[str]:
        """Team names in roster order; people without a team are left out."""
        seen: dict[str, None] = {}
        for person in self.participants():
            if person.team:
                seen.setdefault(person.team)
        return list(seen)

    def _next_number(self) -> int:
        numbers = (participant_number(pid) or 0 for pid in self.ledger.state.people)
        return 1 + max(numbers, default=0)

    def _new(self, number: int, name: str, **fields: str) -> Participant:
        status = fields.get("status") or "present"
        if status not in STATUSES:
            raise SessionError(f"status must be one of {', '.join(STATUSES)}")
        person = Participant(id=participant_id(number), name=_clean_name(name), order=number)
        return msgspec.structs.replace(person, **{k: str(v) for k, v in fields.items() if k in EDITABLE})

    def add_participant(
        self, name: str, team: str = "", role: str = "", email: str = "", status: str = "present"
    ) -> Participant:
        """Add someone; two people may share a name and still get different ids."""
        person = self._new(self._next_number(), name, team=team, role=role, email=email, status=status)
        self.ledger.records.save_person(person)
        self.ledger.state.people[person.id] = person
        self.ledger.changed("roster")
        return person

    def import_roster(self, rows: Iterable[RosterRow]) -> list[Participant]:
        """Add every row of an already validated roster, in one write."""
        start = self._next_number()
        new = [
            self._new(
                n,
                row.name,
                team=row.team,
                role=row.role,
                email=row.email,
                company=row.company,
            )
            for n, row in enumerate(rows, start)
        ]
        if new:
            self.ledger.records.add_people(new)
            self.ledger.state.people.update((p.id, p) for p in new)
            self.ledger.changed("roster")
        return new

    def edit_participant(self, pid: str, **changes: str) -> Participant:
        """Change name, team, role, email, company or status."""
        person = self.participant(pid)
        allowed = {k: str(v) for k, v in changes.items() if k in EDITABLE}
        if "name" in allowed:
            allowed["name"] = _clean_name(allowed["name"])
        if "status" in allowed and allowed["status"] not in STATUSES:
            raise SessionError(f"status must be one of {', '.join(STATUSES)}")
        return self._save(msgspec.structs.replace(person, **allowed))

    def set_status(self, pid: str, status: str) -> Participant:
        """Mark someone present, absent, late (arrived) or left (early)."""
        return self.edit_participant(pid, status=status)

    def remove_participant(self, pid: str) -> None:
        """Take someone off the roster; refused once they have entries (mark them absent instead)."""
        person = self.participant(pid)
        if any(e.owner == pid and not e.deleted for e in self.ledger.state.entries.values()):
            raise SessionError("this person has entries; mark them absent or left instead")
        self._save(msgspec.structs.replace(person, removed=True))

    def assign_teams(self, size: int) -> list[Participant]:
        """Put everyone without a team into teams of about `size`, in one write.

        For a roster that came without a team column: team steps need teams.
        People who already have a team keep it.
        """
        if size < 1:
            raise SessionError("a team needs at least one person")
        loose = [p for p in self.participants() if not p.team]
        changed = [
            msgspec.structs.replace(person, team=team)
            for person, team in zip(loose, assign_teams(len(loose), size), strict=True)
        ]
        if changed:
            with self.ledger.records.batch():
                for person in changed:
                    self.ledger.records.save_person(person)
            self.ledger.state.people.update((p.id, p) for p in changed)
            self.ledger.changed("roster")
        return changed

    def _save(self, person: Participant) -> Participant:
        self.ledger.records.save_person(person)
        self.ledger.state.people[person.id] = person
        self.ledger.changed("roster")
        return person

    # ----- names on screen ---------------------------------------------------------------------

    def display_names(self) -> dict[str, str]:
        """A name per participant that a person can tell apart from every other.

        Two "Sam Lee"s become "Sam Lee (Accounts)" and "Sam Lee (Front Desk)";
        where the team does not tell them apart either, the company or the
        email's local part does, and only as a last resort a number.
        """
        people = self.participants()
        by_name: dict[str, list[Participant]] = {}
        for person in people:
            by_name.setdefault(" ".join(person.name.split()).casefold(), []).append(person)
        names: dict[str, str] = {}
        for same in by_name.values():
            if len(same) == 1:
                names[same[0].id] = same[0].name
                continue
            for person, label in zip(same, _distinguish(same), strict=True):
                names[person.id] = f"{person.name} ({label})"
        return names

    def owner_label(self, owner: str) -> str:
        """A readable name for an entry's owner: a person, a team or the whole group."""
        parsed = parse_owner(owner)
        if parsed.kind == "group":
            return "Whole group"
        if parsed.kind == "team":
            return parsed.name
        person = self.ledger.state.people.get(owner)
        if person is None:
            return "someone no longer on the roster"
        return self.display_names().get(owner, person.name)


def _distinguish(same: list[Participant]) -> list[str]:
    """What tells namesakes apart: team, company or email local part, alone or team with one of them.

    Only where none of those does (same team, nothing else on file) is a
    count added, "Accounts, 1 of 2", so two labels are never the same.
    """
    for attributes in (("team",), ("company",), ("email",), ("team", "email"), ("team", "company")):
        if not all(_detail(p, a) for p in same for a in attributes):
            continue
        values = [", ".join(_detail(p, a) for a in attributes) for p in same]
        if len(set(values)) == len(values):
            return values
    labels = [_detail(p, "team") or _detail(p, "company") or _detail(p, "email") for p in same]
    return [
        label
        if label and labels.count(label) == 1
        else ", ".join(filter(None, (label, f"{n} of {len(same)}")))
        for n, label in enumerate(labels, 1)
    ]


def _detail(person: Participant, attribute: str) -> str:
    value = str(getattr(person, attribute))
    return value.partition("@")[0] if attribute == "email" else value


def _clean_name(name: str) -> str:
    """A name is kept exactly as typed (views show control characters as pictures), but not blank."""
    if not str(name).strip():
        raise SessionError("a participant needs a name")
    return str(name)
