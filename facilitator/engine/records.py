"""The session's TinyDB tables, written from typed records.

TinyDB is the database; this module is the only one that calls it. Each
method encodes a record and writes it through the crash-safe storage, and
turns whatever the storage or the operating system raises into the one
`SessionError` a view handles. A record's document id is only remembered
once its write has reached the disk, so a failed save leaves nothing behind
that the disk does not have.
"""

from __future__ import annotations

import contextlib
import copy
import os
from collections.abc import Iterator
from typing import Any

import msgspec
from tinydb.table import Table

from facilitator.database import OpenedDB
from facilitator.engine.decode import (
    DRAFTS,
    ENTRIES,
    EXERCISES,
    META,
    PARTICIPANTS,
    TABLES,
    DamagedState,
    DocIds,
    decode_bytes,
)
from facilitator.engine.errors import SessionReadOnly, from_storage
from facilitator.engine.state import Draft, Entry, Participant, SessionMeta, SessionState
from facilitator.model import Exercise
from facilitator.storage import StorageError

FileVersion = tuple[int, int, int, int]


def _doc(record: msgspec.Struct) -> dict[str, Any]:
    doc = msgspec.to_builtins(record)
    assert isinstance(doc, dict)
    return doc


class Records:
    """Typed reads and writes of one open session file."""

    def __init__(self, opened: OpenedDB, ids: DocIds) -> None:
        self.opened = opened
        self.ids = ids
        self._version = self.file_version()

    @property
    def readonly(self) -> bool:
        """True when this window may only look."""
        return self.opened.readonly

    def _table(self, name: str) -> Table:
        return self.opened.db.table(name)

    # ----- reading ---------------------------------------------------------------------------

    def read(self) -> SessionState:
        """The whole session as it is on disk now (a read-only window following another)."""
        self._version = self.file_version()
        try:
            raw = self.opened.path.read_bytes()
        except OSError as exc:
            raise DamagedState(str(exc)) from None
        state, self.ids = decode_bytes(raw)
        return state

    def file_version(self) -> FileVersion | None:
        """What identifies the file's current version (every save makes a new inode)."""
        try:
            st = os.stat(self.opened.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    def changed_on_disk(self) -> bool:
        """Whether another window has saved since this one last read (one `stat`)."""
        return self.file_version() != self._version

    # ----- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Turn the storage's and the system's errors into `SessionError`s."""
        if self.readonly:
            raise SessionReadOnly("This window is read-only: another window has this session open.")
        try:
            yield
        except (StorageError, OSError) as exc:
            raise from_storage(exc, self.opened.path) from exc

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Several records in one write: all of them reach the disk, or none.

        Document ids given out inside the block are forgotten again if the
        write fails, so the next save does not update a record the disk lacks.
        """
        before = copy.deepcopy(self.ids)
        try:
            with self.writing(), self.opened.deferred():
                yield
        except BaseException:
            self.ids = before
            raise

    def _put(self, table: str, where: dict[Any, int], key: Any, doc: dict[str, Any]) -> None:
        with self.writing():
            doc_id = where.get(key)
            if doc_id is None:
                where[key] = self._table(table).insert(doc)
            else:
                self._table(table).update(_replace_with(doc), doc_ids=[doc_id])

    def save_meta(self, meta: SessionMeta) -> None:
        """Write the meta record (details, plan, position, step states)."""
        with self.writing():
            self._table(META).update(_replace_with(_doc(meta)), doc_ids=[self.ids.meta])

    def save_person(self, person: Participant) -> None:
        """Write one participant (new or changed)."""
        self._put(PARTICIPANTS, self.ids.people, person.id, _doc(person))

    def add_people(self, people: list[Participant]) -> None:
        """Write several new participants in one go."""
        with self.batch():
            for person in people:
                self.save_person(person)

    def save_entry(self, entry: Entry) -> None:
        """Write one entry (new or changed)."""
        self._put(ENTRIES, self.ids.entries, entry.id, _doc(entry))

    def save_draft(self, draft: Draft) -> None:
        """Write what someone has typed so far into a form."""
        self._put(DRAFTS, self.ids.drafts, (draft.step, draft.owner), _doc(draft))

    def drop_draft(self, step: str, owner: str) -> None:
        """Forget a draft once its entry is saved or the form is emptied."""
        doc_id = self.ids.drafts.get((step, owner))
        if doc_id is None:
            return
        with self.writing():
            self._table(DRAFTS).remove(doc_ids=[doc_id])
        self.ids.drafts.pop((step, owner), None)

    def write_new(self, state: SessionState) -> None:
        """Write a whole session in today's layout, in one write (a new or migrated session)."""
        with self.batch():
            for name in (*TABLES, DRAFTS):
                self._table(name).truncate()
            self.ids = DocIds()
            self.ids.meta = self._table(META).insert(_doc(state.meta))
            for exercise in state.exercises.values():
                self._save_exercise(exercise)
            for person in state.people.values():
                self.save_person(person)
            for entry in state.entries.values():
                self.save_entry(entry)
            for draft in state.drafts.values():
                self.save_draft(draft)

    def _save_exercise(self, exercise: Exercise) -> None:
        self._put(EXERCISES, self.ids.exercises, exercise.id, _doc(exercise))

    def close(self) -> None:
        """Release the file (and the lock that keeps other windows out)."""
        self.opened.close()


def _replace_with(doc: dict[str, Any]) -> Any:
    """An update that makes a document exactly `doc` (TinyDB's merge would keep stale keys)."""

    def replace(current: dict[str, Any]) -> None:
        current.clear()
        current.update(doc)

    return replace
