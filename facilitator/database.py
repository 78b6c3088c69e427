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
import os
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import msgspec
from filelock import BaseFileLock, FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Document, Table

from facilitator.storage import (
    AtomicJSONStorage,
    CorruptDatabase,
    DatabaseLocked,
    DatabaseNotFound,
    StorageError,
    backup_path,
    fsync_dir,
    json_kind,
    lock_path,
    show_path,
    write_atomic,
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


def open_db(path: Path, *, readonly: bool = False, create: bool = False) -> OpenedDB:
    """Open the session database at `path`.

    Writable (the default): takes `<name>.lock` without waiting, so a second
    window gets `DatabaseLocked` instead of silently interleaving its writes;
    then checks the file. A damaged file (empty, truncated, garbage, not a
    TinyDB database) is renamed to `<stem>.corrupt-<UTC time>.json` (never
    overwritten or deleted) and `<name>.bak` restored in its place, with a
    message in `recovered`; with no usable backup, `CorruptDatabase`. A
    missing file raises `DatabaseNotFound` unless `create`, which makes it
    (and its folder).

    `readonly=True`: no lock, no change on disk at all (so it works while the
    session is open in another window, and on a folder it cannot write); the
    storage re-reads the file on every operation so it follows the writer. A
    damaged file is read from its backup instead, and left where it is.
    """
    path = Path(path)
    bak = backup_path(path)
    if readonly:
        return _open_readonly(path, bak)
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists() and not bak.exists():
        # Checked before locking, which would create a lock file (and folders).
        raise DatabaseNotFound(f"{show_path(path)} does not exist", path)
    lock = FileLock(lock_path(path), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise DatabaseLocked(
            f"{show_path(path)} is open in another Facilitator window; close it there, or open it read-only",
            path,
        ) from None
    except OSError as exc:  # a folder we may not write to, say
        raise StorageError(
            f"{show_path(path)} cannot be opened for writing ({exc.strerror or exc}); "
            "try opening it read-only",
            path,
        ) from exc
    try:
        recovered = _prepare(path, bak, create=create)
        db = SessionDB(str(path), storage=AtomicJSONStorage, encoding="utf-8", access_mode="r+")
    except BaseException:
        lock.release()
        raise
    return OpenedDB(db=db, path=path, readonly=False, recovered=recovered, _lock=lock)


def _open_readonly(path: Path, bak: Path) -> OpenedDB:
    """The read-only half of `open_db`: read the file, or its backup, and change nothing."""
    if not path.exists() and not bak.exists():
        raise DatabaseNotFound(f"{show_path(path)} does not exist", path)
    problem = _problem(path) if path.exists() else "the file is missing"
    source, recovered = path, None
    if problem is not None:
        bak_problem = _problem(bak) if bak.exists() else "does not exist"
        if bak_problem is not None:
            raise CorruptDatabase(
                f"{show_path(path)} could not be read ({problem}) and its backup {show_path(bak.name)} "
                f"{_bak_phrase(bak_problem)}; nothing on disk was changed",
                path,
            )
        source = bak
        recovered = (
            f"{show_path(path)} could not be read ({problem}); showing its backup "
            f"{show_path(bak.name)} ({_saved_at(bak)}), read-only; nothing on disk was changed"
        )
    db = SessionDB(str(source), storage=AtomicJSONStorage, encoding="utf-8", access_mode="r")
    return OpenedDB(db=db, path=path, readonly=True, recovered=recovered)


def _prepare(path: Path, bak: Path, *, create: bool) -> str | None:
    """Under the lock: make `path` a readable database, recovering it if need be.

    Returns the `recovered` message, or None when the file was fine (or new).
    """
    if path.exists():
        problem = _problem(path)
        if problem is None:
            return None
        aside = _set_aside(path, "corrupt")
        damage = (
            f"{show_path(path)} could not be read ({problem}); it was set aside as {show_path(aside.name)}"
        )
    else:
        problem, damage = "missing", f"{show_path(path)} was missing"

    bak_problem = _problem(bak) if bak.exists() else "does not exist"
    if bak_problem is None:
        write_atomic(path, bak.read_bytes())
        return (
            f"{damage} and the session was restored from its backup {show_path(bak.name)} ({_saved_at(bak)})"
        )

    if bak.exists():
        # A bad backup is set aside too, or the next save would overwrite it.
        bak_aside = _set_aside(bak, "backup-corrupt")
        bak_note = f"is damaged too ({bak_problem}; set aside as {show_path(bak_aside.name)})"
    else:
        bak_note = "does not exist"
    if problem == "missing":
        if create:
            write_atomic(path, b"{}")  # never leave a new session as an empty file
            return None
        raise DatabaseNotFound(f"{show_path(path)} does not exist", path)
    raise CorruptDatabase(
        f"{damage}, and its backup {show_path(bak.name)} {bak_note}, so there is nothing to restore",
        path,
    )


def _bak_phrase(bak_problem: str) -> str:
    return bak_problem if bak_problem == "does not exist" else f"is damaged too ({bak_problem})"


def _saved_at(file: Path) -> str:
    """When a file was last written, in the trainer's local time."""
    try:
        when = datetime.fromtimestamp(os.stat(file).st_mtime).astimezone()
    except OSError:
        return "time unknown"
    return "saved " + when.strftime("%Y-%m-%d %H:%M:%S")


def _problem(file: Path) -> str | None:
    """Why `file` is not a usable TinyDB database, in a few words; None if it is.

    Stricter than `AtomicJSONStorage.read()`: a session must also have TinyDB's
    shape (tables of documents keyed by integer ids), or TinyDB would fail on
    it later, mid-workshop, instead of now.
    """
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return "the file is missing"
    except OSError as exc:
        raise StorageError(f"{show_path(file)} cannot be read ({exc.strerror or exc})", file) from exc
    if not raw.strip():
        return "the file is empty"
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return "the file is not UTF-8 text"
    except json.JSONDecodeError as exc:
        cut = " (it ends too soon)" if exc.pos >= len(exc.doc.rstrip()) else ""
        return f"invalid JSON{cut}: {exc.msg} at line {exc.lineno} column {exc.colno}"
    except (ValueError, RecursionError) as exc:
        return f"unreadable JSON: {show_path(exc)}"
    if not isinstance(data, dict):
        return f"it holds a JSON {json_kind(data)}, not a database"
    for table_name, table in data.items():
        if not isinstance(table, dict):
            return f"table {show_path(table_name)!r} is a JSON {json_kind(table)}, not a table"
        for doc_id, doc in table.items():
            if not (doc_id.isascii() and doc_id.isdigit()):
                return f"table {show_path(table_name)!r} has a document id {show_path(doc_id)!r}"
            if not isinstance(doc, dict):
                return f"document {doc_id} in table {show_path(table_name)!r} is not a JSON object"
    return None


def _set_aside(file: Path, label: str) -> Path:
    """Rename a damaged file to `<stem>.<label>-<UTC time>[-N].json`; never overwrite anything.

    A link then an unlink, because `os.link` refuses an existing target where
    `os.rename` would silently replace it; a rename after a check where links
    are not supported.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    stem = file.name[: -len(".json.bak")] if file.name.endswith(".json.bak") else file.stem
    n = 1
    while True:
        suffix = "" if n == 1 else f"-{n}"
        target = file.with_name(f"{stem}.{label}-{stamp}{suffix}.json")
        n += 1
        try:
            os.link(file, target)
        except FileExistsError:
            continue
        except (OSError, AttributeError):
            if target.exists():
                continue
            os.rename(file, target)
        else:
            os.unlink(file)
        fsync_dir(file.parent)
        return target
