"""What every part of a session shares: its file, its meta record, its plan and steps.

A `Workshop` is built in layers, each in its own module so none grows into a
god class: this core (the open file, the meta record, step lookup), the
roster (`roster_book`), the room's contributions (`contributions`), and the
engine proper (`engine`: navigation, timing, agenda edits, creating and
opening sessions). Callers only ever use `facilitator.engine.Workshop`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import msgspec

from facilitator.database import OpenedDB
from facilitator.model import Exercise, Step
from facilitator.plan import Slot
from facilitator.store import DataDir

Clock = Callable[[], datetime]
StepT = TypeVar("StepT")

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


class SessionCore:
    """The open session file and the meta record every other layer reads and writes."""

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
        #: Live entries by step, rebuilt after each write. This process holds the
        #: session's lock, so nobody else changes the file behind it; a read-only
        #: view (another window writes) keeps it only while the file is unchanged.
        self._by_step: dict[str, list[Entry]] | None = None
        self._by_step_version: tuple[int, int, int, int] | None = None

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

    def _all_entries(self) -> list[Entry]:
        return [entry_from_doc(d) for d in self._entries.all() if not d.get("deleted")]

    def _save_meta(self) -> None:
        if self.readonly:
            raise WorkshopError("this session is open in another window; changes are not saved here")
        self._meta_table.update(self.meta, doc_ids=[self._meta_id])

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

    def resolve(self, key: str, ref: str) -> str:
        """Turn a step reference ("step" or "exercise/step") into a slot key."""
        return ref if "/" in ref else f"{key.partition('/')[0]}/{ref}"

    def step_of(self, key: str, kind: type[StepT]) -> StepT:
        """The step behind `key`, insisting on its kind (a capture, a rating...)."""
        step = self.step(key)
        if not isinstance(step, kind):
            raise WorkshopError(f"{key} is not a {kind.__name__.lower()} step")
        return step


def participant_from_doc(doc: dict[str, Any]) -> Participant:
    return Participant(
        id=str(doc["id"]),
        name=str(doc["name"]),
        team=str(doc.get("team", "")),
        role=str(doc.get("role", "")),
        email=str(doc.get("email", "")),
        status=str(doc.get("status", "present")),
    )


def entry_from_doc(doc: dict[str, Any]) -> Entry:
    return Entry(
        id=str(doc["id"]),
        step=str(doc["step"]),
        kind=str(doc["kind"]),
        owner=str(doc["owner"]),
        data=dict(doc["data"]),
        round=int(doc.get("round", 0)),
        seq=int(doc.get("seq", 0)),
    )
