"""Entries and their undo: the one way any contribution is written.

Captured entries, rating rows, checklist ticks and dot votes are all entries:
one record each, carrying its own undo log, so every save is one write and
undo never needs a second table. Deleting only marks an entry deleted (undo
brings it back, and a file never holds fewer records than its backup).
"""

from __future__ import annotations

import secrets

import msgspec

from facilitator.engine.errors import SessionError
from facilitator.engine.ledger import Ledger
from facilitator.engine.state import Change, Entry, EntryKind, Value

#: How many earlier versions of one entry undo can walk back through.
LOG_LIMIT = 20


class EntryLog:
    """Reading, writing and undoing entries."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def entries(self, key: str, kind: EntryKind | None = None) -> list[Entry]:
        """Live entries of a step in the order they were made."""
        found = self.ledger.state.by_step.get(key, [])
        return [e for e in found if kind is None or e.kind == kind]

    def entry(self, entry_id: str) -> Entry:
        """One live entry by id."""
        entry = self.ledger.state.entries.get(entry_id)
        if entry is None or entry.deleted:
            raise SessionError("that entry no longer exists")
        return entry

    def add(self, key: str, kind: EntryKind, owner: str, data: dict[str, Value], rnd: int = 0) -> Entry:
        """Write a new entry."""
        now = self.ledger.clock()
        entry = Entry(
            id=secrets.token_hex(5),
            step=key,
            kind=kind,
            owner=owner,
            round=rnd,
            data=dict(data),
            created=now,
            updated=now,
            seq=self.ledger.state.take_seq(),
            log=(Change(op="add"),),
        )
        return self.ledger.save_entry(entry)

    def change(
        self, entry_id: str, op: str, data: dict[str, Value] | None = None, based_on: int | None = None
    ) -> Entry:
        """Edit or delete an entry, remembering what it was for undo.

        `based_on` is the entry's `seq` as the form showed it. Two views can
        edit one entry (a phone and the keyboard, for the same person): if it
        changed since, the later save is refused rather than silently writing
        over the earlier one.
        """
        old = self.ledger.state.entries.get(entry_id)
        if old is None:
            raise SessionError("that entry no longer exists")
        check_unchanged(old, based_on)
        before = Change(
            op="delete" if op == "delete" else "edit", data=old.data, deleted=old.deleted, seq=old.seq
        )
        new = msgspec.structs.replace(
            old,
            log=(*old.log[-LOG_LIMIT:], before),
            seq=self.ledger.state.take_seq(),
            updated=self.ledger.clock(),
            deleted=True if op == "delete" else old.deleted,
            data=dict(data) if data is not None else old.data,
        )
        return self.ledger.save_entry(new)

    def undo(self, key: str | None = None, owner: str | None = None) -> str | None:
        """Revert the most recent change to an entry (of one step, and one owner's, if given).

        None if nothing to undo. `owner` keeps pass-the-keyboard undo from touching
        the previous person's entries.
        """
        candidates = [
            e
            for e in self.ledger.state.entries.values()
            if e.log and (key is None or e.step == key) and (owner is None or e.owner == owner)
        ]
        if not candidates:
            return None
        entry = max(candidates, key=lambda e: e.seq)
        last = entry.log[-1]
        rest = entry.log[:-1]
        if last.op == "add":
            self.ledger.save_entry(msgspec.structs.replace(entry, deleted=True, log=rest, seq=0))
            return "removed the last entry"
        # The entry goes back to where it stood in the order of changes, so the next
        # undo reaches the change made before this one, wherever that was.
        restored = msgspec.structs.replace(
            entry, data=last.data, deleted=last.deleted, log=rest, seq=last.seq
        )
        self.ledger.save_entry(restored)
        return "restored the deleted entry" if last.op == "delete" else "undid the last change"


#: The one line for an edit that lost the race with another view's.
CHANGED_SINCE = "this entry was changed elsewhere since you opened it; look at it again, then save"


def check_unchanged(entry: Entry | None, based_on: int | None) -> None:
    """Refuse a change made from an out-of-date view of `entry` (None: the view saw no entry).

    `based_on` None skips the check; 0 means "there was no entry when the form opened".
    """
    if based_on is None:
        return
    now = 0 if entry is None or entry.deleted else entry.seq
    if now != based_on:
        raise SessionError(CHANGED_SINCE)
