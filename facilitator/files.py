"""Files that survive a crash: atomic replacement, fsync, stray temporary files, one-line errors.

The building blocks `storage` (TinyDB's storage) and `recovery` (damaged
sessions) share. Error messages name the file on one line that is safe to
print in a terminal, because a file name can hold a newline or an escape
sequence like any other user text.

This module must not import Textual: the CLI and the exports use it too.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

import msgspec

#: What TinyDB hands a storage and gets back: table name -> doc id -> document.
Data = dict[str, dict[str, Any]]

#: errno values some filesystems give for fsync on a directory, meaning "not
#: supported here" rather than "your data is in danger".
_DIR_FSYNC_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF})

#: Where no process table can be asked (Windows), a temporary file this old is
#: taken as a crash's leftover: no single write takes anywhere near this long.
_STRAY_AGE_SECONDS = 3600.0


# --------------------------------------------------------------------------- errors


def show_path(value: object) -> str:
    """A path or name as one printable line.

    Error messages must be one line and safe to print in a terminal, and a file
    name can hold a newline or an escape sequence like any other user text.
    """
    text = str(value)
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class StorageError(Exception):
    """Base of every error this module raises on purpose.

    `str()` is always one line that names the file, so the UI can show it as
    it is (in a notification or on stderr) without knowing which kind it is.
    """

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        super().__init__(message)
        #: The file the error is about, when there is one.
        self.path: Path | None = Path(path) if path is not None else None

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class DatabaseNotFound(StorageError):
    """The session file does not exist (and `create` was not asked for)."""


class DatabaseLocked(StorageError):
    """The session is open for writing in another process (another window)."""


class ReadOnlyDatabase(StorageError, PermissionError):
    """A write was attempted on a storage opened read-only.

    It is a `PermissionError` (an `OSError`) because `JSONStorage` raises an
    `IOError` there and callers written for it catch that.
    """

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        PermissionError.__init__(self, message)
        self.path = Path(path) if path is not None else None

    def __str__(self) -> str:
        return str(self.args[0])


class CorruptDatabase(StorageError, json.JSONDecodeError):
    """A file is not a readable database: empty, truncated, garbage or the wrong shape.

    It is also a `json.JSONDecodeError` (so a `ValueError`) because that is what
    `JSONStorage.read()` raises on a bad file, and code written against TinyDB
    catches that. `doc` and `pos` are the decoder's when it came from one.
    """

    def __init__(self, message: str, path: Path | str | None = None, *, doc: str = "", pos: int = 0) -> None:
        json.JSONDecodeError.__init__(self, message, doc, pos)
        self.args = (message,)
        self.path = Path(path) if path is not None else None

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        # JSONDecodeError pickles as (msg, doc, pos); ours takes (message, path).
        return (type(self), (self.args[0], self.path), None)


# --------------------------------------------------------------------------- low-level file helpers


def backup_path(path: Path) -> Path:
    """Where the previous good version of `path` is kept: `<name>.bak`."""
    return path.with_name(path.name + ".bak")


def lock_path(path: Path) -> Path:
    """The lock file that says a window has `path` open for writing: `<name>.lock`."""
    return path.with_name(path.name + ".lock")


def _temp_prefix(path: Path) -> str:
    """Temporary files are `.<name>.tmp-<pid>-<random>`: hidden, recognisable, and
    carrying the writer's pid so a later open can tell a crash's leftover from a
    file another live process is still writing."""
    return f".{path.name}.tmp-"


def temp_path(path: Path, suffix: str = "") -> Path:
    name = f"{_temp_prefix(path)}{os.getpid()}-{secrets.token_hex(4)}{suffix}"
    return path.with_name(name)


def fsync_dir(folder: Path) -> None:
    """Make renames and new names in `folder` durable.

    Without it a power cut after `os.replace` can bring back the old version of
    a file whose save was already acknowledged. Windows cannot open a folder,
    and there `os.replace` is durable through the file's own flush.
    """
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _DIR_FSYNC_UNSUPPORTED:
            raise
    finally:
        os.close(fd)


def write_atomic(path: Path, payload: bytes) -> None:
    """Put `payload` at `path` so that a crash leaves either the old file or the new one."""
    tmp = temp_path(path)
    try:
        with open(tmp, "xb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (POSIX only; see `_is_stray`)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def _is_stray(entry: os.DirEntry[str], prefix: str) -> bool:
    """Whether a temporary file was left by a writer that is gone.

    A file from a live process must be left alone, or that process's
    `os.replace` would fail. On POSIX the pid in the name tells; elsewhere
    (signal 0 means Ctrl-C on Windows) the file's age does.
    """
    pid_text = entry.name[len(prefix) :].split("-", 1)[0]
    if not (pid_text.isascii() and pid_text.isdigit()):
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # another storage in this process may be mid-write
    if os.name == "posix":
        return not pid_alive(pid)
    try:
        return time.time() - entry.stat().st_mtime > _STRAY_AGE_SECONDS
    except OSError:
        return False


def remove_stray_temp_files(path: Path) -> list[Path]:
    """Delete the temporary files of `path` that a crashed writer left behind.

    They hold nothing that was acknowledged (a save is acknowledged only after
    its temporary file has replaced the real one), so deleting them is safe.
    Runs once when a database is opened, never on a write.
    """
    prefix = _temp_prefix(path)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        if entry.name.startswith(prefix) and _is_stray(entry, prefix):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    """What identifies one version of the file: every save makes a new inode."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def json_kind(value: object) -> str:
    """The JSON name of a value's type, for messages a trainer may read."""
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return "object"


def is_utf8(encoding: str | None) -> bool:
    if encoding is None:
        return False
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def decode_database(raw: str | bytes, path: Path, encoding: str | None = None) -> Data:
    """Parse a whole file; anything but a JSON object is a `CorruptDatabase`.

    Bytes go to msgspec first; whatever it refuses goes to `json.loads`, which
    has the last word (it accepts NaN, and raises the errors JSONStorage would).
    """
    data: Any
    if isinstance(raw, bytes):
        try:
            data = msgspec.json.decode(raw)
        except (msgspec.DecodeError, UnicodeDecodeError):
            pass
        else:
            if isinstance(data, dict):
                return data
            raw = raw.decode("utf-8-sig" if encoding is None or is_utf8(encoding) else encoding)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CorruptDatabase(
            f"{show_path(path)} is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})",
            path,
            doc=exc.doc,
            pos=exc.pos,
        ) from exc
    except UnicodeDecodeError as exc:
        raise CorruptDatabase(
            f"{show_path(path)} is not readable text ({exc.reason} at byte {exc.start})", path
        ) from exc
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, nesting 100,000 deep
        raise CorruptDatabase(f"{show_path(path)} is not a readable database ({exc})", path) from exc
    if not isinstance(data, dict):
        raise CorruptDatabase(
            f"{show_path(path)} holds a JSON {json_kind(data)} where a database (a JSON object) was expected",
            path,
        )
    return data
