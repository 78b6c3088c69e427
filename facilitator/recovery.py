"""Telling a damaged session file from a good one, and recovering without losing either.

A file is damaged when it is not JSON, not TinyDB's shape, fails the
caller's content check (a session that does not decode), or holds fewer
records than its backup: the engine never removes a record, so a later
version with fewer records has lost some (a table deleted by hand, a sync
tool's half-copy). A damaged file is never deleted or overwritten: it is
renamed aside, and the backup is offered or restored in its place. A backup
is only ever replaced by a version at least as full as itself.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from facilitator.storage import (
    CorruptDatabase,
    DatabaseNotFound,
    StorageError,
    fsync_dir,
    json_kind,
    show_path,
    write_atomic,
)

#: Why a file's bytes are not a usable database (None if they are), and its
#: record counts by name ({"participants": 12, "entries": 33}).
Check = Callable[[bytes], tuple[str | None, Mapping[str, int]]]


class BackupOffer(CorruptDatabase):
    """The file is damaged and its backup is good; nothing on disk was changed.

    The caller asks the trainer, then opens again with `restore=True`.
    """

    def __init__(self, message: str, path: Path, saved: datetime | None) -> None:
        super().__init__(message, path)
        #: When the backup was written (local time), or None if unknown.
        self.saved = saved


@dataclass(frozen=True)
class Verdict:
    """What reading a file found: a problem in words (or None) and its record counts."""

    problem: str | None
    counts: Mapping[str, int]


def verdict(file: Path, check: Check | None = None) -> Verdict:
    """Whether `file` is a usable database; raises `StorageError` if it cannot be read at all."""
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return Verdict("the file is missing", {})
    except OSError as exc:
        raise StorageError(f"{show_path(file)} cannot be read ({exc.strerror or exc})", file) from exc
    problem = shape_problem(raw)
    if problem is not None or check is None:
        return Verdict(problem, {})
    problem, counts = check(raw)
    return Verdict(problem, counts)


def shape_problem(raw: bytes) -> str | None:
    """Why bytes are not a TinyDB database (tables of documents keyed by number); None if they are.

    Stricter than the storage's own read: TinyDB would otherwise fail on a
    wrong shape later, mid-workshop, instead of now.
    """
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


def judge(path: Path, bak: Path, check: Check | None) -> tuple[str | None, Verdict | None]:
    """The file's problem (None if fine) and the backup's verdict (None if there is no backup)."""
    mine = verdict(path, check) if path.exists() else Verdict("the file is missing", {})
    theirs = verdict(bak, check) if bak.exists() else None
    problem = mine.problem
    if problem is None and theirs is not None and theirs.problem is None:
        fewer = [name for name, n in theirs.counts.items() if n > mine.counts.get(name, 0)]
        if fewer:
            problem = (
                "it holds fewer records than its backup ("
                + ", ".join(
                    f"{mine.counts.get(name, 0)} {name} against {theirs.counts[name]}" for name in fewer
                )
                + ")"
            )
    return problem, theirs


def prepare(path: Path, bak: Path, *, create: bool, check: Check | None, restore: bool) -> str | None:
    """Under the lock: make `path` a usable database, recovering it if need be.

    Returns the `recovered` message, or None when the file was fine (or new).
    With `restore=False`, a damaged file with a good backup raises
    `BackupOffer` and changes nothing.
    """
    if create and not bak.exists() and path.exists() and path.stat().st_size == 0:
        write_atomic(path, b"{}")  # an id just reserved (see `DataDir.reserve`), not damage
        return None
    problem, backup = judge(path, bak, check)
    if problem is None:
        return None
    usable = backup is not None and backup.problem is None
    missing = not path.exists()
    if usable and not restore and not missing:
        raise BackupOffer(
            f"{show_path(path.name)} could not be read ({problem}); its backup was {saved_at(bak)}",
            path,
            saved_time(bak),
        )
    if missing:
        damage = f"{show_path(path)} was missing"
    else:
        aside = set_aside(path, "corrupt")
        damage = (
            f"{show_path(path)} could not be read ({problem}); it was set aside as {show_path(aside.name)}"
        )
    if usable:
        write_atomic(path, bak.read_bytes())
        return (
            f"{damage} and the session was restored from its backup {show_path(bak.name)} ({saved_at(bak)})"
        )
    if backup is not None:
        # A bad backup is set aside too, or the next save would overwrite it.
        bak_aside = set_aside(bak, "backup-corrupt")
        bak_note = f"is damaged too ({backup.problem}; set aside as {show_path(bak_aside.name)})"
    else:
        bak_note = "does not exist"
    if missing:
        if create:
            write_atomic(path, b"{}")  # never leave a new session as an empty file
            return None
        raise DatabaseNotFound(f"{show_path(path)} does not exist", path)
    raise CorruptDatabase(
        f"{damage}, and its backup {show_path(bak.name)} {bak_note}, so there is nothing to restore", path
    )


def readable_source(path: Path, bak: Path, check: Check | None) -> tuple[Path, str | None]:
    """For a read-only open: the file to read (the session or its backup) and a note; changes nothing."""
    if not path.exists() and not bak.exists():
        raise DatabaseNotFound(f"{show_path(path)} does not exist", path)
    problem, backup = judge(path, bak, check)
    if problem is None:
        return path, None
    if backup is None or backup.problem is not None:
        bak_phrase = "does not exist" if backup is None else f"is damaged too ({backup.problem})"
        raise CorruptDatabase(
            f"{show_path(path)} could not be read ({problem}) and its backup {show_path(bak.name)} "
            f"{bak_phrase}; nothing on disk was changed",
            path,
        )
    return bak, (
        f"{show_path(path)} could not be read ({problem}); showing its backup "
        f"{show_path(bak.name)} ({saved_at(bak)}), read-only; nothing on disk was changed"
    )


def saved_time(file: Path) -> datetime | None:
    """When a file was last written, in the trainer's local time."""
    try:
        return datetime.fromtimestamp(os.stat(file).st_mtime).astimezone()
    except OSError:
        return None


def saved_at(file: Path) -> str:
    """ "saved 2026-12-01 14:02:11", or "time unknown"."""
    when = saved_time(file)
    return "saved " + when.strftime("%Y-%m-%d %H:%M:%S") if when else "time unknown"


def set_aside(file: Path, label: str) -> Path:
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
