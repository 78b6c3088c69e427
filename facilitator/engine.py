"""The session engine: one workshop's state, and every change the room makes to it.

The TUI and the CLI only ever talk to a `Workshop`. Each method that changes
something writes it to the session file before it returns, so whatever the
screen showed a moment before a crash is on disk. Writes are few and whole:
timers, position and per-step state live in the one meta record; each entry
is one record that carries its own undo log, so a save is one write.
"""

from __future__ import annotations

import itertools
import random
import secrets
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec
from tinydb import Query

from facilitator import aggregates
from facilitator.aggregates import ChartData, cell_key
from facilitator.database import OpenedDB
from facilitator.entries import EntryError, clean_entry
from facilitator.loader import Library
from facilitator.model import Capture, Chart, Checklist, Exercise, Pairing, Rating, Step, Vote
from facilitator.pairing import Deal, Group, Seat, deal
from facilitator.plan import Slot, build_plan, exercise_slots
from facilitator.roster import RosterRow
from facilitator.store import DataDir
from facilitator.timing import TimerState, schedule_delta, schedule_text, spent_seconds, timer_state

Clock = Callable[[], datetime]
PRESENT = ("present", "late")
STATUSES = ("present", "absent", "late", "left")
GROUP = "group"
LOG_LIMIT = 20


def utc_now() -> datetime:
    """The real clock; tests and snapshots pass a fixed one instead."""
    return datetime.now(UTC)


class WorkshopError(ValueError):
    """A request the session cannot carry out; str() is one line for the user."""


@dataclass(frozen=True)
class Participant:
    """Someone in the room (or expected in it)."""

    id: str
    name: str
    team: str = ""
    role: str = ""
    email: str = ""
    status: str = "present"

    @property
    def present(self) -> bool:
        """Late arrivals are present once they arrive; absentees and leavers are not."""
        return self.status in PRESENT


@dataclass(frozen=True)
class Entry:
    """One contribution: a captured entry, a row of scores, a checklist or a dot vote."""

    id: str
    step: str
    kind: str
    owner: str
    data: dict[str, Any]
    round: int = 0
    seq: int = 0


def team_owner(team: str) -> str:
    """Entries made per team are owned by `team:<name>`."""
    return f"team:{team}"


class Workshop:
    """One open session. Create with `create_session` or `open_session`."""

    def __init__(self, opened: OpenedDB, data: DataDir | None = None, clock: Clock = utc_now) -> None:
        self.opened = opened
        self.data = data
        self.clock = clock
        self._meta_table = opened.db.table("meta")
        self._people = opened.db.table("participants")
        self._entries = opened.db.table("entries")
        docs = self._meta_table.all()
        if not docs:
            raise WorkshopError(f"{opened.path} holds no session")
        self._meta_id = docs[0].doc_id
        self.meta: dict[str, Any] = dict(docs[0])
        self.exercises: dict[str, Exercise] = {
            k: msgspec.convert(v, Exercise) for k, v in self.meta["exercises"].items()
        }
        self._seq = itertools.count(max((int(d.get("seq", 0)) for d in self._entries.all()), default=0) + 1)

    # ----- lifecycle -------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The session id, as typed after `facilitator run`."""
        return str(self.meta["id"])

    @property
    def title(self) -> str:
        """The workshop's title as the trainer gave it."""
        return str(self.meta["title"])

    @property
    def readonly(self) -> bool:
        """True when another window holds the session: look, don't touch."""
        return self.opened.readonly

    @property
    def recovered(self) -> str | None:
        """A one-line message if opening had to fall back to the backup."""
        return self.opened.recovered

    def close(self) -> None:
        """Stop the clock on the current slot and release the file."""
        if not self.readonly:
            self._leave_slot()
            self._save_meta()
        self.opened.close()

    def _save_meta(self) -> None:
        if self.readonly:
            raise WorkshopError("this session is open in another window; changes are not saved here")
        self._meta_table.update(self.meta, doc_ids=[self._meta_id])

    def set_details(self, **changes: str) -> None:
        """Change the title, date, trainer or client shown on handouts."""
        for key in ("title", "date", "trainer", "client", "venue", "follow_up"):
            if key in changes:
                self.meta[key] = changes[key]
        self._save_meta()
        if self.data is not None:
            self.data.update_index(self.meta)

    # ----- plan and position -------------------------------------------------------------

    @property
    def plan(self) -> list[Slot]:
        """The running order, breaks included."""
        return [Slot.from_dict(s) for s in self.meta["plan"]]

    @property
    def position(self) -> int:
        """Index of the current slot in `plan`."""
        return int(self.meta["position"])

    @property
    def current(self) -> Slot:
        """The slot on screen now."""
        return self.plan[self.position]

    def step(self, key: str | None = None) -> Step | None:
        """The exercise step behind a slot key (current slot by default); None for breaks."""
        key = key or self.current.key
        exercise_id, _, step_id = key.partition("/")
        exercise = self.exercises.get(exercise_id)
        return exercise.step(step_id) if exercise else None

    def exercise(self, key: str | None = None) -> Exercise | None:
        """The exercise a slot belongs to."""
        return self.exercises.get((key or self.current.key).partition("/")[0])

    def _slot_state(self, key: str) -> dict[str, Any]:
        states: dict[str, dict[str, Any]] = self.meta.setdefault("slots", {})
        return states.setdefault(key, {})

    def state(self, key: str | None = None) -> dict[str, Any]:
        """Per-step view state (points revealed, round, votes revealed), read-only copy."""
        return dict(self._slot_state(key or self.current.key))

    def set_state(self, key: str | None = None, **values: Any) -> None:
        """Remember per-step view state so a resumed session looks the same."""
        self._slot_state(key or self.current.key).update(values)
        self._save_meta()

    def jump(self, index: int) -> Slot:
        """Go to any slot; time spent is booked to the slot being left."""
        if not 0 <= index < len(self.meta["plan"]):
            raise WorkshopError(f"there is no step {index + 1}; the plan has {len(self.meta['plan'])}")
        if index != self.position or "entered_at" not in self._slot_state(self.current.key):
            self._leave_slot()
            self.meta["position"] = index
            self._slot_state(self.current.key)["entered_at"] = self.clock().isoformat()
            started = self.meta.get("status") == "setup"
            if started:
                self.meta["status"] = "running"
            self._save_meta()
            if started and self.data is not None:
                self.data.update_index(self.meta)
        return self.current

    def next(self) -> Slot:
        """Move on; at the last slot, stay there."""
        return self.jump(min(self.position + 1, len(self.meta["plan"]) - 1))

    def previous(self) -> Slot:
        """Go back one slot; at the first slot, stay there."""
        return self.jump(max(self.position - 1, 0))

    def begin(self) -> Slot:
        """Start (or resume) the clock on the current slot, e.g. when the Run screen opens."""
        return self.jump(self.position)

    def _leave_slot(self) -> None:
        state = self._slot_state(self.current.key)
        if "entered_at" in state:
            state["spent"] = spent_seconds(state, self.clock())
            del state["entered_at"]

    def finish(self) -> None:
        """Mark the session finished (wrap-up reached)."""
        self._leave_slot()
        self.meta["status"] = "finished"
        self._save_meta()
        if self.data is not None:
            self.data.update_index(self.meta)

    # ----- agenda edits (Setup) --------------------------------------------------------------

    def exercise_minutes(self) -> list[tuple[str, int]]:
        """Each exercise in the running order with its planned minutes."""
        totals: dict[str, int] = {}
        for slot in self.plan:
            if slot.exercise:
                totals[slot.exercise] = totals.get(slot.exercise, 0) + slot.minutes
        return list(totals.items())

    def _replace_plan(self, slots: list[Slot]) -> None:
        current = self.current.key
        self.meta["plan"] = [s.to_dict() for s in slots]
        keys = [s.key for s in slots]
        self.meta["position"] = keys.index(current) if current in keys else 0
        self._save_meta()

    def set_exercise_minutes(self, exercise_id: str, minutes: int) -> None:
        """Give an exercise a new length; its steps are scaled to fit."""
        if minutes < 1:
            raise WorkshopError("an exercise needs at least 1 minute")
        new = exercise_slots(self.exercises[exercise_id], minutes)
        self._splice(exercise_id, new)

    def drop_exercise(self, exercise_id: str) -> None:
        """Take an exercise out of today's plan (its entries, if any, stay stored)."""
        slots = [s for s in self.plan if s.exercise != exercise_id]
        if not slots:
            raise WorkshopError("the plan needs at least one step")
        self._replace_plan(slots)

    def move_exercise(self, exercise_id: str, offset: int) -> None:
        """Move an exercise (with its steps) earlier or later past whole exercises and breaks."""
        blocks: list[list[Slot]] = []
        for slot in self.plan:
            if blocks and slot.exercise and blocks[-1][0].exercise == slot.exercise:
                blocks[-1].append(slot)
            else:
                blocks.append([slot])
        index = next(i for i, b in enumerate(blocks) if b[0].exercise == exercise_id)
        target = max(0, min(len(blocks) - 1, index + offset))
        blocks.insert(target, blocks.pop(index))
        self._replace_plan([s for b in blocks for s in b])

    def _splice(self, exercise_id: str, new: list[Slot]) -> None:
        out: list[Slot] = []
        done = False
        for slot in self.plan:
            if slot.exercise == exercise_id:
                if not done:
                    out.extend(new)
                    done = True
            else:
                out.append(slot)
        self._replace_plan(out)

    # ----- timing ------------------------------------------------------------------------------

    def timer(self, key: str | None = None) -> TimerState:
        """The countdown of a slot (the current one by default)."""
        key = key or self.current.key
        slot = next(s for s in self.plan if s.key == key)
        return timer_state(self._slot_state(key), slot.minutes, self.clock())

    def start_timer(self) -> None:
        """Start or resume the countdown."""
        state = self._slot_state(self.current.key)
        if not state.get("running_since"):
            state["running_since"] = self.clock().isoformat()
            self._save_meta()

    def pause_timer(self) -> None:
        """Freeze the countdown where it is."""
        state = self._slot_state(self.current.key)
        if state.get("running_since"):
            state["elapsed"] = self.timer().elapsed
            state["running_since"] = None
            self._save_meta()

    def toggle_timer(self) -> None:
        """Space bar: start when stopped, pause when running."""
        if self.timer().running:
            self.pause_timer()
        else:
            self.start_timer()

    def adjust_timer(self, minutes: int) -> None:
        """Add or take away whole minutes (never below zero in total)."""
        state = self._slot_state(self.current.key)
        planned = self.current.minutes * 60
        state["adjust"] = max(-planned, float(state.get("adjust", 0.0)) + minutes * 60)
        self._save_meta()

    def reset_timer(self) -> None:
        """Back to the planned time, stopped."""
        state = self._slot_state(self.current.key)
        for key in ("elapsed", "running_since", "adjust"):
            state.pop(key, None)
        self._save_meta()

    def spent(self, key: str) -> float:
        """Wall-clock seconds the room has spent on a slot."""
        return spent_seconds(self._slot_state(key), self.clock())

    def schedule_minutes(self) -> int:
        """Minutes behind (positive) or ahead (negative) of the plan."""
        slots = self.plan
        return schedule_delta([s.minutes for s in slots], [self.spent(s.key) for s in slots], self.position)

    def schedule(self) -> str:
        """The strip's words: "7 min behind", "3 min ahead" or "on time"."""
        return schedule_text(self.schedule_minutes())

    def actual_minutes(self) -> dict[str, float]:
        """Minutes actually spent per exercise (and per break key), for the report."""
        out: dict[str, float] = {}
        for slot in self.plan:
            name = slot.exercise or slot.key
            out[name] = out.get(name, 0.0) + self.spent(slot.key) / 60
        return out

    # ----- roster --------------------------------------------------------------------------------

    def participants(self, *, present_only: bool = False) -> list[Participant]:
        """Everyone on the roster in the order they were added."""
        people = [_participant(d) for d in sorted(self._people.all(), key=lambda d: d.get("order", 0))]
        return [p for p in people if p.present] if present_only else people

    def participant(self, pid: str) -> Participant:
        """One participant by id."""
        doc = self._people.get(Query().id == pid)
        if doc is None or isinstance(doc, list):
            raise WorkshopError(f"no participant {pid!r} in this session")
        return _participant(doc)

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
        return _participant(doc)

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
        return [_participant(d) for d in new]

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
        if any(e.owner == pid or e.data.get("voter") == pid for e in self._all_entries()):
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

    # ----- entries -------------------------------------------------------------------------------

    def _all_entries(self) -> list[Entry]:
        return [_entry(d) for d in self._entries.all() if not d.get("deleted")]

    def entries(self, key: str | None = None, kind: str | None = None) -> list[Entry]:
        """Live entries of a step in the order they were made."""
        key = key or self.current.key
        found = [_entry(d) for d in self._entries.search(Query().step == key) if not d.get("deleted")]
        return [e for e in found if kind is None or e.kind == kind]

    def entry(self, entry_id: str) -> Entry:
        """One live entry by id."""
        doc = self._entries.get(Query().id == entry_id)
        if doc is None or isinstance(doc, list) or doc.get("deleted"):
            raise WorkshopError("that entry no longer exists")
        return _entry(doc)

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
        return _entry(doc)

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

    def _capture_step(self, key: str) -> Capture:
        step = self.step(key)
        if not isinstance(step, Capture):
            raise WorkshopError(f"{key} is not a capture step")
        return step

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
        step = self._capture_step(key)
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
            cleaned = clean_entry(self._capture_step(entry.step), data)
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
            self._entries.update({"deleted": True, "log": log, "seq": 0}, Query().id == doc["id"])
            return "removed the last entry"
        # The entry goes back to where it stood in the order of changes, so the next
        # undo reaches the change made before this one, wherever that was.
        restored = {"data": last["data"], "deleted": last["deleted"], "log": log, "seq": last.get("seq", 0)}
        self._entries.update(restored, Query().id == doc["id"])
        return "restored the deleted entry" if last["op"] == "delete" else "undid the last change"

    def section_entries(self, section: str) -> list[Entry]:
        """Entries of every capture step routed to a handout section ("actions", ...), in plan order."""
        keys = [
            s.key for s in self.plan if isinstance(st := self.step(s.key), Capture) and st.handout == section
        ]
        return [e for key in keys for e in self.entries(key, "capture")]

    # ----- ratings and checklists -------------------------------------------------------------

    def _rating(self, key: str) -> Rating:
        step = self.step(key)
        if not isinstance(step, Rating):
            raise WorkshopError(f"{key} is not a rating step")
        return step

    def set_score(
        self, key: str, owner: str, item: str, score: int | None, aspect: int | None = None
    ) -> None:
        """Score one cell of the rating grid; None clears it."""
        step = self._rating(key)
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

    def _checklist(self, key: str) -> Checklist:
        step = self.step(key)
        if not isinstance(step, Checklist):
            raise WorkshopError(f"{key} is not a checklist step")
        return step

    def set_tick(self, key: str, subject: str, item: str, ticked: bool, rnd: int = 0) -> None:
        """Tick or untick one checklist item for the participant observed in a round."""
        step = self._checklist(key)
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
        step = self._checklist(key)
        state = self._slot_state(key)
        if "round" in state:
            return int(state["round"])
        if step.pairing:
            return int(self._slot_state(self.resolve(key, step.pairing)).get("round", 1))
        return 1

    def checklist_subjects(self, key: str, rnd: int) -> list[str]:
        """Who is observed in a round: the pairing's subject role, or everyone present."""
        step = self._checklist(key)
        if step.pairing:
            pairing_key = self.resolve(key, step.pairing)
            return [p for g in self.deal(pairing_key, rnd).groups for p in g.with_role(step.subject_role)]
        return [p.id for p in self.participants(present_only=True)]

    # ----- pairing ---------------------------------------------------------------------------------

    def _pairing(self, key: str) -> Pairing:
        step = self.step(key)
        if not isinstance(step, Pairing):
            raise WorkshopError(f"{key} is not a pairing step")
        return step

    def deal(self, key: str, rnd: int | None = None) -> Deal:
        """Groups, roles and cards of a round; absentees drop out, newcomers join small groups."""
        step = self._pairing(key)
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

    def _vote(self, key: str) -> Vote:
        step = self.step(key)
        if not isinstance(step, Vote):
            raise WorkshopError(f"{key} is not a vote step")
        return step

    def candidates(self, key: str) -> list[Entry]:
        """The entries a vote chooses among, after its filter."""
        step = self._vote(key)
        among = self.resolve(key, step.among)
        found = self.entries(among, "capture")
        if step.where_field:
            wanted = {v.casefold() for v in step.where_values}
            found = [e for e in found if str(e.data.get(step.where_field, "")).casefold() in wanted]
        return found

    def cast_vote(self, key: str, target: str, voter: str | None = None) -> None:
        """Place one dot on a candidate; a named voter has `votes_each` dots."""
        step = self._vote(key)
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

    def resolve(self, key: str, ref: str) -> str:
        """Turn a step reference ("step" or "exercise/step") into a slot key."""
        return ref if "/" in ref else f"{key.partition('/')[0]}/{ref}"

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


def _participant(doc: dict[str, Any]) -> Participant:
    return Participant(
        id=str(doc["id"]),
        name=str(doc["name"]),
        team=str(doc.get("team", "")),
        role=str(doc.get("role", "")),
        email=str(doc.get("email", "")),
        status=str(doc.get("status", "present")),
    )


def _entry(doc: dict[str, Any]) -> Entry:
    return Entry(
        id=str(doc["id"]),
        step=str(doc["step"]),
        kind=str(doc["kind"]),
        owner=str(doc["owner"]),
        data=dict(doc["data"]),
        round=int(doc.get("round", 0)),
        seq=int(doc.get("seq", 0)),
    )


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


def create_session(
    data: DataDir,
    library: Library,
    agenda_id: str,
    title: str,
    date: str,
    trainer: str = "",
    roster: Iterable[RosterRow] = (),
    seed: int | None = None,
    clock: Clock = utc_now,
    session_id: str | None = None,
) -> Workshop:
    """Create a session from an agenda, copying the agenda and its exercises into it.

    The copy means editing an exercise file later never changes a past session.
    """
    agenda = library.agendas.get(agenda_id)
    if agenda is None:
        known = ", ".join(sorted(library.agendas)) or "none"
        raise WorkshopError(f"no agenda {agenda_id!r} (known: {known})")
    if not title.strip():
        raise WorkshopError("a session needs a title")
    used = {item.exercise for item in agenda.items if item.exercise}
    exercises = {ex_id: library.exercises[ex_id] for ex_id in used}
    meta = {
        "id": session_id or data.new_id(title, date),
        "title": title,
        "date": date,
        "trainer": trainer,
        "agenda": agenda.id,
        "agenda_title": agenda.title,
        "created": clock().isoformat(),
        "seed": seed if seed is not None else random.SystemRandom().randrange(1, 2**31),
        "status": "setup",
        "position": 0,
        "plan": [s.to_dict() for s in build_plan(agenda, library.exercises)],
        "exercises": {k: msgspec.to_builtins(v) for k, v in exercises.items()},
        "slots": {},
        "version": 1,
    }
    workshop = Workshop(data.create(meta), data, clock)
    rows = list(roster)
    if rows:
        workshop.import_roster(rows)
    return workshop


def open_session(
    data: DataDir, session_id: str, *, readonly: bool = False, clock: Clock = utc_now
) -> Workshop:
    """Open an existing session by id (raises `StorageError` subclasses with one-line messages)."""
    return Workshop(data.open(session_id, readonly=readonly), data, clock)
