"""Reading a session file's tables into the typed state, or saying in words why not.

A session file is a TinyDB database: tables of documents keyed by number.
This module decodes those documents into `state` structs. Anything that does
not decode (a missing table, a plan that is a string, an entry whose data is
a list, a position past the end of the plan, `{}`) is damage, reported as
one line naming the table and the field, so the file can be set aside and
its backup offered instead of the app failing in front of the room.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

import msgspec

from facilitator.engine.ids import parse_step_key
from facilitator.engine.state import (
    SCHEMA_VERSION,
    Draft,
    Entry,
    Participant,
    SessionMeta,
    SessionState,
)
from facilitator.model import Exercise

T = TypeVar("T")

META, EXERCISES, PARTICIPANTS, ENTRIES, DRAFTS = "meta", "exercises", "participants", "entries", "drafts"
#: Tables a version-2 session always has, even when empty.
TABLES = (META, EXERCISES, PARTICIPANTS, ENTRIES)

_DETAIL_KEYS = ("id", "title", "date", "trainer", "client", "venue", "follow_up", "agenda", "agenda_title")


class DamagedState(ValueError):
    """The tables do not read as a session; `str()` says where, in words."""


@dataclass
class DocIds:
    """Which TinyDB document holds which record, so a change updates that document."""

    meta: int = 0
    exercises: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    entries: dict[str, int] = field(default_factory=dict)
    drafts: dict[tuple[str, str], int] = field(default_factory=dict)
    #: True when the file is version 1 and needs writing in today's layout.
    migrate: bool = False


def decode_tables(tables: dict[str, Any] | None) -> tuple[SessionState, DocIds]:
    """The typed state of a whole session file, and where each record lives."""
    if not tables:
        raise DamagedState("the file holds no session (it is empty)")
    meta_docs = _table(tables, META)
    if len(meta_docs) != 1:
        raise DamagedState(f"the meta table holds {len(meta_docs)} records where a session has one")
    ids = DocIds()
    ((meta_id, raw_meta),) = meta_docs.items()
    ids.meta = meta_id
    version = raw_meta.get("version", 1) if isinstance(raw_meta, dict) else None
    if version == 1:
        raw_meta, raw_exercises = _from_version_1(raw_meta)
        exercises_docs = {n: doc for n, doc in enumerate(raw_exercises.values(), 1)}
        ids.migrate = True
        optional = True
    else:
        exercises_docs = _table(tables, EXERCISES)
        optional = False
    meta = _convert(raw_meta, SessionMeta, "the meta record")
    exercises: dict[str, Exercise] = {}
    for doc_id, doc in exercises_docs.items():
        exercise = _convert(doc, Exercise, f"exercise record {doc_id}")
        exercises[exercise.id] = exercise
        ids.exercises[exercise.id] = doc_id
    people = _records(tables, PARTICIPANTS, Participant, optional, ids.people)
    entries = _records(tables, ENTRIES, Entry, optional, ids.entries)
    drafts = [_convert(doc, Draft, f"draft {n}") for n, doc in _table(tables, DRAFTS, True).items()]
    ids.drafts = {(d.step, d.owner): n for n, d in zip(_table(tables, DRAFTS, True), drafts, strict=True)}
    _check_plan(meta, exercises)
    return SessionState(meta, exercises, people, entries, drafts), ids


class _File(msgspec.Struct):
    """A version-2 session file's tables, for decoding straight from bytes."""

    meta: dict[str, SessionMeta]
    exercises: dict[str, Exercise]
    participants: dict[str, Participant]
    entries: dict[str, Entry]
    drafts: dict[str, Draft] = {}


def decode_bytes(raw: bytes) -> tuple[SessionState, DocIds]:
    """The typed state straight from a file's bytes: how a room display rereads a busy session.

    One pass of msgspec from JSON to structs is three times quicker than
    parsing to dicts and converting (`decode_tables`); anything it does not
    take (a version-1 file, an odd shape) goes the long way, which explains
    itself.
    """
    try:
        file = msgspec.json.decode(raw, type=_File)
    except (msgspec.DecodeError, msgspec.ValidationError):
        try:
            tables = msgspec.json.decode(raw)
        except msgspec.DecodeError as exc:
            raise DamagedState(f"it is not readable JSON ({exc})") from None
        return decode_tables(tables if isinstance(tables, dict) else None)
    if len(file.meta) != 1:
        raise DamagedState(f"the meta table holds {len(file.meta)} records where a session has one")
    ids = DocIds()
    ((meta_key, meta),) = file.meta.items()
    ids.meta = _number(meta_key, META)
    exercises = {}
    for key, exercise in file.exercises.items():
        exercises[exercise.id] = exercise
        ids.exercises[exercise.id] = _number(key, EXERCISES)
    for name, table, where in (
        (PARTICIPANTS, file.participants, ids.people),
        (ENTRIES, file.entries, ids.entries),
    ):
        for key, record in table.items():
            if record.id in where:
                raise DamagedState(f"the {name} table holds the id {record.id!r} twice")
            where[record.id] = _number(key, name)
    for key, draft in file.drafts.items():
        ids.drafts[(draft.step, draft.owner)] = _number(key, DRAFTS)
    _check_plan(meta, exercises)
    state = SessionState(
        meta, exercises, file.participants.values(), file.entries.values(), file.drafts.values()
    )
    return state, ids


def _number(key: str, table: str) -> int:
    if not (key.isascii() and key.isdigit()):
        raise DamagedState(f"the {table} table has a record numbered {key!r}")
    return int(key)


def session_problem(raw: bytes) -> tuple[str | None, tuple[int, int]]:
    """Why a file's bytes are not a session (None if they are), and its record counts."""
    try:
        state, _ = decode_bytes(raw)
    except DamagedState as exc:
        return str(exc), (0, 0)
    except (ValueError, RecursionError) as exc:
        return f"it is not readable JSON ({exc})", (0, 0)
    return None, state.counts()


def _table(tables: dict[str, Any], name: str, optional: bool = False) -> dict[int, Any]:
    raw = tables.get(name)
    if raw is None:
        if optional:
            return {}
        raise DamagedState(f"the {name} table is missing")
    if not isinstance(raw, dict):
        raise DamagedState(f"the {name} table is not a table")
    out: dict[int, Any] = {}
    for key, doc in raw.items():
        if not (isinstance(key, str) and key.isascii() and key.isdigit()):
            raise DamagedState(f"the {name} table has a record numbered {key!r}")
        out[int(key)] = doc
    return out


def _records(
    tables: dict[str, Any], name: str, kind: type[T], optional: bool, where: dict[str, int]
) -> list[T]:
    records: list[T] = []
    for doc_id, doc in _table(tables, name, optional).items():
        record = _convert(doc, kind, f"{name} record {doc_id}")
        key = str(getattr(record, "id"))  # noqa: B009 - Participant and Entry both have an id
        if key in where:
            raise DamagedState(f"the {name} table holds the id {key!r} twice")
        where[key] = doc_id
        records.append(record)
    return records


def _convert(doc: Any, kind: type[T], what: str) -> T:
    try:
        return msgspec.convert(doc, kind)
    except msgspec.ValidationError as exc:
        raise DamagedState(f"{what}: {_plain(str(exc))}") from None


def _plain(message: str) -> str:
    """msgspec's "Expected `int`, got `str` - at `$.position`" as "position: expected int, got str"."""
    text, _, where = message.partition(" - at `")
    text = text.replace("`", "")
    where = where.rstrip("`").removeprefix("$").lstrip(".")
    text = text[:1].lower() + text[1:]
    return f"{where}: {text}" if where else text


def _check_plan(meta: SessionMeta, exercises: dict[str, Exercise]) -> None:
    """What types cannot say: the position is on the plan, every slot's step exists."""
    if meta.position >= len(meta.plan):
        raise DamagedState(
            f"the meta record: position {meta.position} is past the end of a {len(meta.plan)}-step plan"
        )
    keys: set[str] = set()
    for slot in meta.plan:
        if slot.key in keys:
            raise DamagedState(f"the plan lists the step {slot.key!r} twice")
        keys.add(slot.key)
        if slot.minutes < 0:
            raise DamagedState(f"the plan gives {slot.key!r} {slot.minutes} minutes")
        part = parse_step_key(slot.key)
        if part.is_break:
            continue
        exercise = exercises.get(part.exercise)
        if exercise is None or exercise.step(part.step) is None:
            raise DamagedState(f"the plan's step {slot.key!r} is not among the session's exercises")


def _from_version_1(meta: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Version 1's flat meta record in today's shape, and its exercises."""
    details = {k: meta[k] for k in _DETAIL_KEYS if k in meta}
    if meta.get("created"):
        details["created"] = meta["created"]
    steps: dict[str, Any] = {}
    slots = meta.get("slots", {})
    if isinstance(slots, dict):
        for key, raw in slots.items():
            steps[key] = _step_from_version_1(raw)
    new = {
        "details": details,
        "seed": meta.get("seed"),
        "status": meta.get("status", "setup"),
        "position": meta.get("position", 0),
        "plan": meta.get("plan"),
        "steps": steps if isinstance(slots, dict) else slots,
        "version": SCHEMA_VERSION,
    }
    exercises = meta.get("exercises")
    if not isinstance(exercises, dict):
        raise DamagedState("the meta record: exercises: expected object")
    return new, exercises


def _step_from_version_1(raw: Any) -> Any:
    """Version 1 used one "revealed" key for a brief's points (a number) and a vote's tally (a flag)."""
    if not isinstance(raw, dict):
        return raw
    step = {k: v for k, v in raw.items() if k != "revealed" and v is not None}
    revealed = raw.get("revealed")
    if isinstance(revealed, bool):
        step["tally_shown"] = revealed
    elif isinstance(revealed, int):
        step["points_shown"] = revealed
    return step
