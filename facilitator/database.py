"""Opening a session database: one window at a time, and recovery from a damaged file.

`open_db` is how the app opens a session. It takes `<name>.lock` so a second
window cannot interleave its writes (it gets `DatabaseLocked`, or a read-only
view if it asks), removes temporary files a crash left behind, and when the
main file is damaged (empty, truncated, garbage) it sets it aside under a new
name, never deleting it, and restores `<name>.bak`, saying so in one line.

The tables it returns store JSON-normal copies (see `SessionTable`), so a
session reads the same before and after a crash.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import msgspec
from filelock import BaseFileLock, FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Document, Table

from facilitator.recovery import Check, prepare, readable_source
from facilitator.storage import (
    AtomicJSONStorage,
    DatabaseLocked,
    DatabaseNotFound,
    ReadOnlyDatabase,
    backup_path,
    lock_path,
    show_path,
)

__all__ = ["OpenedDB", "SessionDB", "SessionTable", "json_normal", "open_db"]


# --------------------------------------------------------------------------- JSON-normal tables


def json_normal(document: Mapping[Any, Any]) -> dict[str, Any]:
    """A fresh copy of `document` as it will read back from the file.

    Tuples become lists, number keys strings, NaN null, datetimes ISO text
    (msgspec's rules, the ones the fast path writes with); what JSON cannot
    hold at all raises `TypeError`, as `json.dumps` would.
    """
    plain = dict(document)
    try:
        normal = msgspec.json.decode(msgspec.json.encode(plain))
    except Exception:  # what msgspec refuses, json decides (lone surrogates, bool keys)
        normal = json.loads(json.dumps(plain))
    if not isinstance(normal, dict):  # pragma: no cover - a dict encodes to an object
        raise TypeError("a document must be a JSON object")
    return normal


class SessionTable(Table):
    """A TinyDB table that stores a JSON-normal copy of whatever it is given.

    With the storage's read cache, a stored value is what the caller passed
    until the file is reopened; this table makes it what the file will hold
    from the start, so a session behaves the same before and after a crash,
    and a caller changing an object after saving it cannot change the
    database behind TinyDB's back. One document's round trip through msgspec:
    microseconds.
    """

    def _normal(self, document: Mapping[Any, Any]) -> Mapping[Any, Any]:
        if not isinstance(document, Mapping):
            return document  # TinyDB raises its own ValueError
        normal = json_normal(document)
        if isinstance(document, Document):
            return Document(normal, document.doc_id)
        return normal

    def _normal_fields(self, fields: Any) -> Any:
        if not callable(fields):
            return json_normal(fields)
        change = fields

        def change_then_normalise(doc: MutableMapping[str, Any]) -> None:
            change(doc)
            normal = json_normal(doc)
            doc.clear()
            doc.update(normal)

        return change_then_normalise

    def insert(self, document: Mapping[Any, Any]) -> int:
        """Insert a JSON-normal copy of `document` (see the class docstring)."""
        return super().insert(self._normal(document))

    def insert_multiple(self, documents: Iterable[Mapping[Any, Any]]) -> list[int]:
        """Insert JSON-normal copies of `documents`."""
        return super().insert_multiple(self._normal(d) for d in documents)

    def update(self, fields: Any, cond: Any = None, doc_ids: Any = None) -> list[int]:
        """Update with JSON-normal `fields` (or normalise what a callable changed)."""
        try:
            return super().update(self._normal_fields(fields), cond, doc_ids)
        except BaseException:
            self._forget_changes()
            raise

    def update_multiple(self, updates: Iterable[tuple[Any, Any]]) -> list[int]:
        """`update` for several (fields, condition) pairs."""
        pairs = [(self._normal_fields(fields), cond) for fields, cond in updates]
        try:
            return super().update_multiple(pairs)
        except BaseException:
            self._forget_changes()
            raise

    def _forget_changes(self) -> None:
        """After a failed update: TinyDB may have changed some cached documents in
        place without writing them, so the next read must come from the file."""
        drop = getattr(self.storage, "drop_cache", None)
        if callable(drop):
            drop()


class SessionDB(TinyDB):
    """The TinyDB that `open_db` returns: tables are `SessionTable`s."""

    table_class = SessionTable


# --------------------------------------------------------------------------- opening a session


@dataclass(eq=False)
class OpenedDB:
    """An open session database and what happened while opening it.

    Close it (or use it as a context manager) to release the lock, or the
    session stays "open in another window" until this process exits.
    """

    #: The database: a `SessionDB` (a TinyDB) on an `AtomicJSONStorage`.
    db: TinyDB
    #: The session file asked for (a read-only open may be reading its backup).
    path: Path
    #: True when every write raises `ReadOnlyDatabase`.
    readonly: bool
    #: One line for the trainer when the file had to be recovered, else None.
    recovered: str | None = None
    _lock: BaseFileLock | None = field(default=None, repr=False)
    _closed: bool = field(default=False, repr=False)

    @property
    def closed(self) -> bool:
        """Whether `close()` has run."""
        return self._closed

    def deferred(self) -> contextlib.AbstractContextManager[None]:
        """Write once when the block ends; see `AtomicJSONStorage.deferred` (bulk builds only)."""
        storage = self.db.storage
        if not isinstance(storage, AtomicJSONStorage):
            raise TypeError("deferred writes need an AtomicJSONStorage")
        return storage.deferred()

    def close(self) -> None:
        """Close the database and release the lock. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            self.db.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_db(
    path: Path,
    *,
    readonly: bool = False,
    create: bool = False,
    check: Check | None = None,
    restore: bool = True,
    wait: float = 0,
) -> OpenedDB:
    """Open the session database at `path`.

    Writable (the default): takes `<name>.lock` without waiting, so a second
    window gets `DatabaseLocked` instead of silently interleaving its writes;
    then checks the file (see `recovery`: JSON, TinyDB's shape, the caller's
    `check`, and no fewer records than the backup). A damaged file is renamed
    to `<stem>.corrupt-<UTC time>.json` (never overwritten or deleted) and
    `<name>.bak` restored in its place, with a message in `recovered`; with
    `restore=False` a good backup is offered instead (`BackupOffer`, nothing
    changed); with no usable backup, `CorruptDatabase`. A missing file raises
    `DatabaseNotFound` unless `create`, which makes it (and its folder).

    `wait`: seconds to wait for another process's lock (the index, which
    `facilitator new` in several terminals at once all update); 0 for a
    session, where a second window must be told at once.

    `readonly=True`: no lock, no change on disk at all (so it works while the
    session is open in another window, and on a folder it cannot write); the
    storage re-reads the file on every operation so it follows the writer. A
    damaged file is read from its backup instead, and left where it is.
    """
    path = Path(path)
    bak = backup_path(path)
    if readonly:
        source, note = readable_source(path, bak, check)
        db = SessionDB(str(source), storage=AtomicJSONStorage, encoding="utf-8", access_mode="r")
        return OpenedDB(db=db, path=path, readonly=True, recovered=note)
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists() and not bak.exists():
        # Checked before locking, which would create a lock file (and folders).
        raise DatabaseNotFound(f"{show_path(path)} does not exist", path)
    lock = FileLock(lock_path(path), timeout=wait, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise DatabaseLocked(
            f"{show_path(path)} is open in another Facilitator window; close it there, or open it read-only",
            path,
        ) from None
    except OSError as exc:  # a folder we may not write to, say
        raise ReadOnlyDatabase(
            f"{show_path(path)} cannot be opened for writing ({exc.strerror or exc}); "
            "try opening it read-only",
            path,
        ) from exc
    try:
        recovered = prepare(path, bak, create=create, check=check, restore=restore)
        db = SessionDB(str(path), storage=AtomicJSONStorage, encoding="utf-8", access_mode="r+")
    except BaseException:
        lock.release()
        raise
    return OpenedDB(db=db, path=path, readonly=False, recovered=recovered, _lock=lock)
