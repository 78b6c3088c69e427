"""The contributions layer: what the room produces in each step.

Captured entries, rating rows, checklist ticks and dot votes are all entries:
one record each, carrying its own undo log, so every save is one write. Role
play deals and the debrief's figures are derived from them here too.
"""

from __future__ import annotations

import os
import secrets
import zlib
from typing import Any

from tinydb import Query

from facilitator import aggregates
from facilitator.aggregates import ChartData, cell_key
from facilitator.entries import EntryError, clean_entry
from facilitator.model import Capture, Chart, Checklist, Pairing, Rating, Vote
from facilitator.pairing import Deal, Group, Seat, deal
from facilitator.roster_book import RosterBook
from facilitator.session_core import GROUP, LOG_LIMIT, Entry, WorkshopError, entry_from_doc, team_owner


class Contributions(RosterBook):
    """Entries, undo, ratings, checklists, pairings, votes, progress and charts."""

    def entries(self, key: str | None = None, kind: str | None = None) -> list[Entry]:
        """Live entries of a step in the order they were made."""
        key = key or self.current.key
        found = self._entry_index().get(key, [])
        return [e for e in found if kind is None or e.kind == kind]

    def _entry_index(self) -> dict[str, list[Entry]]:
        """One pass over the entries per change, not one query per question.

        A keystroke asks for several steps' entries (the list, the progress
        line, the vote's candidates); with 2,000 entries a query each cost
        more than a frame.
        """
        version = self._file_version() if self.readonly else None
        unchanged = not self.readonly or (version is not None and version == self._by_step_version)
        if self._by_step is not None and unchanged:
            return self._by_step
        index: dict[str, list[Entry]] = {}
        for doc in self._entries.all():
            if not doc.get("deleted"):
                index.setdefault(str(doc["step"]), []).append(entry_from_doc(doc))
        self._by_step, self._by_step_version = index, version
        return index

    def _file_version(self) -> tuple[int, int, int, int] | None:
        """What identifies the file's current version (every save is a new inode); None if unreadable.

        A read-only view keeps its index while this is unchanged, so printing
        handouts from a second window reads the file once, not once a step.
        """
        try:
            st = os.stat(self.opened.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    def entry(self, entry_id: str) -> Entry:
        """One live entry by id."""
        doc = self._entries.get(Query().id == entry_id)
        if doc is None or isinstance(doc, list) or doc.get("deleted"):
            raise WorkshopError("that entry no longer exists")
        return entry_from_doc(doc)

    def _write_new(self, key: str, kind: str, owner: str, data: dict[str, Any], rnd: int = 0) -> Entry:
        now = self.clock().isoformat()
        doc = {
            "id": secrets.token_hex(5),
            "step": key,
            "kind": kind,
            "owner": owner,
            "round": rnd,
            "data": data,
            "created": now,
            "updated": now,
            "seq": next(self._seq),
            "log": [{"op": "add"}],
        }
        self._entries.insert(doc)
        entry = entry_from_doc(doc)
        if self._by_step is not None and not self.readonly:
            self._by_step.setdefault(key, []).append(entry)
        return entry

    def _write_change(self, entry_id: str, op: str, data: dict[str, Any] | None = None) -> None:
        doc = self._entries.get(Query().id == entry_id)
        if doc is None or isinstance(doc, list):
            raise WorkshopError("that entry no longer exists")
        log = list(doc.get("log", []))[-LOG_LIMIT:]
        log.append(
            {"op": op, "data": doc["data"], "deleted": bool(doc.get("deleted")), "seq": doc.get("seq", 0)}
        )
        changes: dict[str, Any] = {
            "log": log,
            "seq": next(self._seq),
            "updated": self.clock().isoformat(),
        }
        if op == "delete":
            changes["deleted"] = True
        if data is not None:
            changes["data"] = data
        self._entries.update(changes, Query().id == entry_id)
        self._reindex({**doc, **changes})

    def _reindex(self, doc: dict[str, Any]) -> None:
        """Bring the entry index up to date with one changed entry instead of rereading every entry.

        Called after the write succeeded, so a failed write leaves the index
        as the file is. An entry brought back by undo needs its old place in
        the order, so that one case reads everything again.
        """
        if self._by_step is None or self.readonly:
            return
        found = self._by_step.setdefault(str(doc["step"]), [])
        for i, entry in enumerate(found):
            if entry.id == doc["id"]:
                if doc.get("deleted"):
                    del found[i]
                else:
                    found[i] = entry_from_doc(doc)
                return
        if not doc.get("deleted"):
            self._by_step = None

    def owners_for(self, key: str) -> list[str]:
        """Who entries of a capture step can belong to: present people, teams, or the group."""
        step = self.step(key)
        per = getattr(step, "per", "participant")
        if per == "team":
            return [team_owner(t) for t in self.teams()] or [GROUP]
        if per == "group":
            return [GROUP]
        return [p.id for p in self.participants(present_only=True)]

    def add_entry(self, key: str, owner: str, data: dict[str, Any]) -> Entry:
        """Save a captured entry for a participant, a team or the group."""
        step = self.step_of(key, Capture)
        self._check_owner(step.per, owner)
        try:
            cleaned = clean_entry(step, data)
        except EntryError as exc:
            raise WorkshopError(str(exc)) from None
        mine = [e for e in self.entries(key) if e.owner == owner]
        if len(mine) >= step.max_entries:
            raise WorkshopError(f"{self.owner_label(owner)} already has {step.max_entries} entries here")
        return self._write_new(key, "capture", owner, dict(cleaned))

    def _check_owner(self, per: str, owner: str) -> None:
        if per == "group" and owner != GROUP:
            raise WorkshopError("this step is filled in once for the whole group")
        if per == "team" and not (owner.startswith("team:") or owner == GROUP):
            raise WorkshopError("this step is filled in per team")
        if per == "participant":
            self.participant(owner)

    def edit_entry(self, entry_id: str, data: dict[str, Any]) -> Entry:
        """Replace a captured entry's fields."""
        entry = self.entry(entry_id)
        try:
            cleaned = clean_entry(self.step_of(entry.step, Capture), data)
        except EntryError as exc:
            raise WorkshopError(str(exc)) from None
        self._write_change(entry_id, "edit", dict(cleaned))
        return self.entry(entry_id)

    def delete_entry(self, entry_id: str) -> None:
        """Delete an entry (undo brings it back)."""
        self.entry(entry_id)
        self._write_change(entry_id, "delete")

    def undo(self, key: str | None = None, owner: str | None = None) -> str | None:
        """Revert the most recent change to an entry (of one step, and one owner's, if given).

        None if nothing to undo. `owner` keeps pass-the-keyboard undo from touching
        the previous person's entries.
        """
        docs = [
            d
            for d in self._entries.all()
            if d.get("log") and (key is None or d["step"] == key) and (owner is None or d["owner"] == owner)
        ]
        if not docs:
            return None
        doc = max(docs, key=lambda d: int(d.get("seq", 0)))
        log = list(doc["log"])
        last = log.pop()
        if last["op"] == "add":
            removed = {"deleted": True, "log": log, "seq": 0}
            self._entries.update(removed, Query().id == doc["id"])
            self._reindex({**doc, **removed})
            return "removed the last entry"
        # The entry goes back to where it stood in the order of changes, so the next
        # undo reaches the change made before this one, wherever that was.
        restored = {"data": last["data"], "deleted": last["deleted"], "log": log, "seq": last.get("seq", 0)}
        self._entries.update(restored, Query().id == doc["id"])
        self._reindex({**doc, **restored})
        return "restored the deleted entry" if last["op"] == "delete" else "undid the last change"

    def section_entries(self, section: str) -> list[Entry]:
        """Entries of every capture step routed to a handout section ("actions", ...), in plan order."""
        keys = [
            s.key for s in self.plan if isinstance(st := self.step(s.key), Capture) and st.handout == section
        ]
        return [e for key in keys for e in self.entries(key, "capture")]

    # ----- ratings and checklists -------------------------------------------------------------

    def set_score(
        self, key: str, owner: str, item: str, score: int | None, aspect: int | None = None
    ) -> None:
        """Score one cell of the rating grid; None clears it."""
        step = self.step_of(key, Rating)
        if step.per == "group" and owner != GROUP:
            raise WorkshopError("this rating is scored once by the whole group")
        if step.per == "participant":
            self.participant(owner)
        if item not in {i.id for i in step.items}:
            raise WorkshopError(f"no item {item!r} in this rating")
        if score is not None and not step.min <= score <= step.max:
            raise WorkshopError(f"scores run from {step.min} to {step.max}")
        cell = cell_key(item, aspect)
        existing = next((e for e in self.entries(key) if e.owner == owner), None)
        if existing is None:
            if score is not None:
                self._write_new(key, "rating", owner, {cell: score})
            return
        data = dict(existing.data)
        if score is None:
            data.pop(cell, None)
        else:
            data[cell] = score
        self._write_change(existing.id, "edit", data)

    def scores(self, key: str) -> dict[str, dict[str, int]]:
        """Each owner's scores for a rating step."""
        return {e.owner: dict(e.data) for e in self.entries(key, "rating")}

    def set_tick(self, key: str, subject: str, item: str, ticked: bool, rnd: int = 0) -> None:
        """Tick or untick one checklist item for the participant observed in a round."""
        step = self.step_of(key, Checklist)
        self.participant(subject)
        if item not in {i.id for i in step.items}:
            raise WorkshopError(f"no item {item!r} in this checklist")
        existing = next((e for e in self.entries(key) if e.owner == subject and e.round == rnd), None)
        if existing is None:
            self._write_new(key, "checklist", subject, {item: ticked}, rnd)
        else:
            self._write_change(existing.id, "edit", {**existing.data, item: ticked})

    def ticks(self, key: str, subject: str | None = None) -> list[Entry]:
        """Checklist entries of a step, optionally for one subject."""
        return [e for e in self.entries(key, "checklist") if subject is None or e.owner == subject]

    def checklist_round(self, key: str) -> int:
        """The round a checklist is filled in for: its own, else its pairing's current round, else 1."""
        step = self.step_of(key, Checklist)
        state = self._slot_state(key)
        if "round" in state:
            return int(state["round"])
        if step.pairing:
            return int(self._slot_state(self.resolve(key, step.pairing)).get("round", 1))
        return 1

    def checklist_subjects(self, key: str, rnd: int) -> list[str]:
        """Who is observed in a round: the pairing's subject role, or everyone present."""
        step = self.step_of(key, Checklist)
        if step.pairing:
            pairing_key = self.resolve(key, step.pairing)
            return [p for g in self.deal(pairing_key, rnd).groups for p in g.with_role(step.subject_role)]
        return [p.id for p in self.participants(present_only=True)]

    # ----- pairing ---------------------------------------------------------------------------------

    def deal(self, key: str, rnd: int | None = None) -> Deal:
        """Groups, roles and cards of a round; absentees drop out, newcomers join small groups."""
        step = self.step_of(key, Pairing)
        state = self._slot_state(key)
        present = [p.id for p in self.participants(present_only=True)]
        if "people" not in state:
            state["people"] = present
            if not self.readonly:
                self._save_meta()
        rnd = rnd or int(state.get("round", 1))
        seed = int(self.meta["seed"]) + zlib.crc32(key.encode()) + 7919 * int(state.get("shuffle", 0))
        dealt = deal(list(state["people"]), list(step.roles), list(step.cards), rnd, seed)
        return _adjust_deal(dealt, set(present), [p for p in present if p not in state["people"]], step)

    def reshuffle(self, key: str | None = None) -> Deal:
        """New groups from the people present now."""
        key = key or self.current.key
        state = self._slot_state(key)
        state["shuffle"] = int(state.get("shuffle", 0)) + 1
        state["people"] = [p.id for p in self.participants(present_only=True)]
        self._save_meta()
        return self.deal(key)

    # ----- votes -------------------------------------------------------------------------------------

    def candidates(self, key: str) -> list[Entry]:
        """The entries a vote chooses among, after its filter."""
        step = self.step_of(key, Vote)
        among = self.resolve(key, step.among)
        found = self.entries(among, "capture")
        if step.where_field:
            wanted = {v.casefold() for v in step.where_values}
            found = [e for e in found if str(e.data.get(step.where_field, "")).casefold() in wanted]
        return found

    def cast_vote(self, key: str, target: str, voter: str | None = None) -> None:
        """Place one dot on a candidate; a named voter has `votes_each` dots."""
        step = self.step_of(key, Vote)
        if target not in {c.id for c in self.candidates(key)}:
            raise WorkshopError("that entry is not a candidate in this vote")
        dots = self.entries(key, "vote")
        if voter is not None:
            self.participant(voter)
            if sum(1 for d in dots if d.owner == voter) >= step.votes_each:
                raise WorkshopError(f"{self.owner_label(voter)} has used all {step.votes_each} dots")
        self._write_new(key, "vote", voter or GROUP, {"target": target})

    def remove_vote(self, key: str, target: str, voter: str | None = None) -> None:
        """Take back one dot from a candidate."""
        owner = voter or GROUP
        dots = [d for d in self.entries(key, "vote") if d.data.get("target") == target and d.owner == owner]
        if not dots:
            raise WorkshopError("there is no dot to take back there")
        self._write_change(dots[-1].id, "delete")

    def tally(self, key: str) -> list[tuple[Entry, int]]:
        """Candidates with their dots, most first."""
        dots = self.entries(key, "vote")
        counts = [(c, sum(1 for d in dots if d.data.get("target") == c.id)) for c in self.candidates(key)]
        return sorted(counts, key=lambda pair: pair[1], reverse=True)

    # ----- references, progress and charts ------------------------------------------------------------

    def progress(self, key: str | None = None) -> tuple[int, int]:
        """(done, expected) for the room's "12 of 19 entered"."""
        key = key or self.current.key
        step = self.step(key)
        present = [p.id for p in self.participants(present_only=True)]
        if isinstance(step, Capture):
            owners = self.owners_for(key)
            done = {e.owner for e in self.entries(key, "capture")}
            return len(done & set(owners)), len(owners)
        if isinstance(step, Rating):
            cells = len(step.items) * max(1, len(step.aspects))
            owners = [GROUP] if step.per == "group" else present
            full = {o for o, s in self.scores(key).items() if len(s) >= cells}
            return len(full & set(owners)), len(owners)
        if isinstance(step, Checklist):
            rnd = self.checklist_round(key)
            subjects = self.checklist_subjects(key, rnd)
            done = {e.owner for e in self.ticks(key) if e.round == rnd}
            return len(done & set(subjects)), len(subjects)
        if isinstance(step, Vote):
            return len(self.entries(key, "vote")), step.votes_each * len(present)
        return 0, 0

    def chart(self, key: str, chart: Chart) -> ChartData:
        """The figures for one debrief chart."""
        target = self.resolve(key, chart.step)
        step = self.step(target)
        title = chart.title or (step.title if step else chart.step)
        if isinstance(step, Capture):
            field = next((f for f in step.fields if f.id == chart.field), None)
            if field is None:
                field = next((f for f in step.fields if f.kind in ("choice", "score")), step.fields[0])
            data = [e.data for e in self.entries(target, "capture")]
            if chart.kind == "share":
                return aggregates.share(title, field, data, chart.threshold)
            if chart.kind == "entries":
                if step.visibility == "private":
                    return ChartData(title, (), 1, f"{len(data)} private entries", count=len(data))
                lines = tuple(" · ".join(str(v) for v in d.values() if v != "") for d in data)
                return ChartData(title, (), 1, f"{len(data)} entries", lines=lines, count=len(data))
            return aggregates.tally(title, field, data)
        if isinstance(step, Checklist):
            return aggregates.missed(title, step.items, [e.data for e in self.ticks(target)])
        if isinstance(step, Vote):
            label = step.label_field
            counts = [(str(c.data.get(label, "")) or "(untitled)", n) for c, n in self.tally(target)]
            return aggregates.votes(title, counts)
        if isinstance(step, Rating):
            scores = list(self.scores(target).values())
            scale = (step.min, step.max)
            if chart.kind == "gap":
                return aggregates.gap(title, step.items, step.aspects, scores, scale)
            if chart.kind == "lowest":
                return aggregates.lowest(title, step.items, scores, scale, chart.top)
            return aggregates.average(title, step.items, step.aspects, scores, scale)
        return ChartData(title, (), 1, "nothing to show for this step")


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
