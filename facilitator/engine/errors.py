"""The one error type that crosses the engine's edge.

Whatever goes wrong below the engine (a refused request, a locked or damaged
file, a full disk) reaches a view as a `SessionError` whose `str()` is the
one line a trainer reads. Views catch this one type in one place; the
subclasses exist for the few cases where a view offers a way out (open
read-only, restore the backup, free space and retry).
"""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path

from facilitator.storage import (
    CorruptDatabase,
    DatabaseLocked,
    DatabaseNotFound,
    ReadOnlyDatabase,
    StorageError,
    show_path,
)


class SessionError(Exception):
    """A request the session cannot carry out; `str()` is one line for the trainer."""

    def __str__(self) -> str:
        text = str(self.args[0]) if self.args else ""
        return " ".join(text.split())


class SessionNotFound(SessionError):
    """No session by that id in the data folder."""


class SessionLocked(SessionError):
    """Another window has the session open for writing; this one may look, read-only."""


class SessionReadOnly(SessionError):
    """This window may only look: another window writes, or the folder is read-only."""


class DiskFull(SessionError):
    """The last change was not saved for lack of space; the file on disk is intact."""


class SessionDamaged(SessionError):
    """The session file does not read as a session.

    `backup_saved` is when the backup was saved, if there is a usable one to
    offer; opening again with `restore_backup=True` sets the damaged file
    aside (never deleting it) and carries on from that backup.
    """

    def __init__(self, message: str, backup_saved: datetime | None = None) -> None:
        super().__init__(message)
        self.backup_saved = backup_saved


DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def disk_full_line() -> str:
    """The one line for a failed save on a full disk."""
    return "The disk is full: the last change was not saved. Free some space, then press Enter to retry."


def from_storage(exc: BaseException, path: Path | None = None) -> SessionError:
    """The `SessionError` for an error raised by storage or the operating system."""
    if isinstance(exc, SessionError):
        return exc
    if isinstance(exc, OSError) and exc.errno in DISK_FULL:
        return DiskFull(disk_full_line())
    if isinstance(exc, DatabaseLocked):
        return SessionLocked(str(exc))
    if isinstance(exc, ReadOnlyDatabase):
        return SessionReadOnly(str(exc))
    if isinstance(exc, DatabaseNotFound):
        return SessionNotFound(str(exc))
    if isinstance(exc, CorruptDatabase):
        return SessionDamaged(str(exc))
    if isinstance(exc, StorageError):
        return SessionError(str(exc))
    if isinstance(exc, PermissionError):
        where = f" {show_path(path)}" if path is not None else ""
        return SessionReadOnly(f"The folder of{where} cannot be written to; open the session read-only.")
    if isinstance(exc, OSError):
        where = show_path(path) if path is not None else "the session file"
        return SessionError(f"{where} could not be saved ({exc.strerror or exc}); nothing was changed")
    return SessionError(str(exc))
