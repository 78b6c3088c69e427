"""Crash-safe storage for session files: TinyDB on atomic, fsynced, backed-up JSON.

The product's one rule is that nothing the room produced is ever lost: not to a
crash, not to a closed laptop lid, not to a damaged file. TinyDB's own
`JSONStorage` breaks that rule: it rewrites the file in place, so a kill in the
middle of a write can leave a file that does not load (13 of 200 kills in
`benchmarks/crash_kill.py --compare`, none with this module), and it lets two
processes write the same file. This module replaces it:

- `AtomicJSONStorage` writes every version to a temporary file, fsyncs it, keeps
  the previous version as `<name>.bak` and swaps the new one in with
  `os.replace`, so the file on disk is always one complete version or the
  other. It is a drop-in replacement for `JSONStorage` (it passes TinyDB's own
  test suite, see `tests/tinydb_suite/`).
- `facilitator.database.open_db` builds on it to open a session: a lock, and
  recovery from a damaged file (see that module).

Layout (others rely on it): every session is one small file, so a save costs
the same whether the data folder holds 0 or 1,000 old sessions. Nothing here
lists the folder on a write; opening a database lists it once, to remove
temporary files a crash left behind.

This module must not import Textual: the CLI and the exports use it too.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import json
import logging
import os
import secrets
import shutil
import stat
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
from tinydb.storages import Storage

__all__ = [
    "AtomicJSONStorage",
    "CorruptDatabase",
    "DatabaseLocked",
    "DatabaseNotFound",
    "ReadOnlyDatabase",
    "StorageError",
    "backup_path",
    "fsync_dir",
    "json_kind",
    "lock_path",
    "remove_stray_temp_files",
    "show_path",
    "write_atomic",
]

_log = logging.getLogger(__name__)

#: What TinyDB hands a storage and gets back: table name -> doc id -> document.
Data = dict[str, dict[str, Any]]

#: The access modes JSONStorage accepts without a warning.
_SAFE_MODES = ("r", "rb", "r+", "rb+")

#: errno values that mean "this filesystem does not do hard links" (FAT, exFAT,
#: some network shares): the backup then falls back to a copy.
_NO_LINK_ERRNOS = frozenset(
    {
        errno.EPERM,
        errno.EACCES,
        errno.EXDEV,
        errno.EMLINK,
        errno.ENOSYS,
        errno.ENOTSUP,
        errno.EOPNOTSUPP,
    }
)

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


def _temp_path(path: Path, suffix: str = "") -> Path:
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
    tmp = _temp_path(path)
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


def _pid_alive(pid: int) -> bool:
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
        return not _pid_alive(pid)
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


def _stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
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


# --------------------------------------------------------------------------- the storage


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never leaves a half-written file.

    Same constructor as `tinydb.storages.JSONStorage` (`path`, `create_dirs`,
    `encoding`, `access_mode`, and `**kwargs` for `json.dumps`), plus:

    - `backup`: keep the version each write replaces as `<name>.bak`, so a file
      damaged by something outside this program (a sync tool, a full disk, a
      hand edit) can be restored by `open_db`.
    - `cache`: keep the last version read or written in memory and return it
      from `read()`. TinyDB calls `read()` for every table operation (each
      insert, search, count, `all()`), and parsing the whole file each time
      is what makes a busy screen slow. TinyDB changes the returned dict in
      place and hands it back to `write()`, which keeps it as the new cache
      (parsing the bytes just written instead would double a save's CPU
      cost). So, as with TinyDB's CachingMiddleware, the cache holds values
      as the caller gave them: a tuple stays a tuple until the file is
      reopened. `open_db` closes that gap with `SessionDB`, whose tables
      store a JSON-normal copy of every document. The cache is checked
      against the file's identity (device, inode, size, mtime) on every read,
      one `stat` call, so a file replaced behind our back is re-read. Always
      off for read-only modes, whose point is to follow a file another
      process is writing.

    A write serialises, writes `.<name>.tmp-<pid>-<random>`, fsyncs it, moves
    the current file to `<name>.bak` (a hard link, so no bytes are copied),
    `os.replace`s the temporary file onto the real name and fsyncs the folder.
    On any failure the temporary file is removed, the cache dropped (TinyDB has
    already changed the cached dict in place) and the error re-raised.

    Fast path: with `encoding="utf-8"` (what `open_db` uses) and no `json.dumps`
    options, the file is written and parsed with msgspec, about ten times
    faster than `json.dumps` and twice as fast as `json.loads`; the output is
    compact UTF-8 JSON. Anything msgspec will not encode (a lone surrogate, a
    key that is not a string or number) falls back to `json.dumps`, as does
    any file msgspec will not parse (`NaN` tokens, a byte-order mark). Unlike
    `json.dumps`, msgspec writes NaN and infinities as `null` (as standard
    JSON and browsers do) and encodes datetimes, sets and the like instead of
    raising `TypeError` (`SessionDB` makes the same conversion on the way in,
    so the app sees it at once). Pass any `json.dumps` option to get
    `json.dumps` throughout.

    Not safe for two processes writing one file: `open_db` locks; use it.
    Not thread-safe, like TinyDB itself.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        create_dirs: bool = False,
        encoding: str | None = None,
        access_mode: str = "r+",
        *,
        backup: bool = True,
        cache: bool = True,
        **kwargs: Any,
    ) -> None:
        """Open (and, in a writing mode, create) the file at `path`.

        Like JSONStorage: a writing mode creates a missing file (empty, which
        `read()` reports as `None`); `create_dirs` creates missing folders;
        `access_mode="r"` on a missing file raises `FileNotFoundError` now.
        """
        super().__init__()
        if access_mode not in _SAFE_MODES:
            warnings.warn(
                "Using an `access_mode` other than 'r', 'rb', 'r+' or 'rb+' can cause data loss "
                "or corruption",
                stacklevel=2,
            )
        self._path = Path(path)
        self._mode = access_mode
        self._binary = "b" in access_mode
        self._encoding = encoding
        self._writable = any(ch in access_mode for ch in "+wa")
        self._fast = not kwargs and (self._binary or _is_utf8(encoding))
        self._backup = backup
        self._use_cache = cache and self._writable
        self.kwargs: dict[str, Any] = kwargs
        self._cache: Data | None = None
        self._cache_key: tuple[int, int, int, int] | None = None
        self._pending: Data | None = None
        self._deferring = 0
        self._hardlinks = hasattr(os, "link")
        self._closed = False
        self._file_mode: int | None = None

        if self._writable:
            if create_dirs:
                self._path.parent.mkdir(parents=True, exist_ok=True)
            # Creates a missing file without touching an existing one (as JSONStorage does).
            with open(self._path, "ab"):
                pass
            with contextlib.suppress(OSError):
                self._file_mode = stat.S_IMODE(os.stat(self._path).st_mode)
            remove_stray_temp_files(self._path)
        else:
            with open(self._path, "rb"):
                pass  # fail now, as JSONStorage does, if the file is missing or unreadable

    @property
    def path(self) -> Path:
        """The file this storage reads and replaces."""
        return self._path

    @property
    def writable(self) -> bool:
        """False for `access_mode="r"`: every write raises `ReadOnlyDatabase`."""
        return self._writable

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError(f"{show_path(self._path)}: the database was closed")

    # ------------------------------------------------------------------ read

    def read(self) -> Data | None:
        """The whole database, or None for a missing or empty (brand new) file.

        Raises `CorruptDatabase` (a `json.JSONDecodeError`) when the file holds
        anything but a JSON object.
        """
        self._check_open()
        if self._pending is not None:
            return self._pending
        if self._cache is not None:
            try:
                current = _stat_key(os.stat(self._path))
            except OSError:
                current = None
            if current == self._cache_key:
                return self._cache
            self._cache = self._cache_key = None
        try:
            if self._binary or self._fast:
                with open(self._path, "rb") as bfh:
                    key = _stat_key(os.fstat(bfh.fileno()))
                    raw: str | bytes = bfh.read()
            else:
                with open(self._path, encoding=self._encoding) as tfh:
                    key = _stat_key(os.fstat(tfh.fileno()))
                    raw = tfh.read()
        except FileNotFoundError:
            return None
        except UnicodeDecodeError as exc:
            raise CorruptDatabase(
                f"{show_path(self._path)} is not readable text ({exc.reason} at byte {exc.start})",
                self._path,
            ) from exc
        if not raw:
            return None
        data = _decode(raw, self._path, self._encoding)
        if self._use_cache:
            self._cache, self._cache_key = data, key
        return data

    # ------------------------------------------------------------------ write

    def write(self, data: Data) -> None:
        """Replace the file with `data`, atomically and durably; see the class docstring."""
        self._check_open()
        if not self._writable:
            raise ReadOnlyDatabase(
                f"{show_path(self._path)} is open read-only "
                f"(access mode {self._mode!r}); nothing was written",
                self._path,
            )
        if self._deferring:
            self._pending = data
            return
        # TinyDB changed the cached dict in place before calling us: until this
        # write is on disk, the disk is the truth.
        self._cache = self._cache_key = None
        tmp = _temp_path(self._path)
        try:
            payload = self._serialise(data)
            new_stat = self._write_temp(tmp, payload)
            if self._backup:
                self._keep_backup()
            os.replace(tmp, self._path)
            fsync_dir(self._path.parent)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if self._use_cache:
            self._cache, self._cache_key = data, _stat_key(new_stat)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold writes in memory and write the result once, when the block ends.

        For building a session in bulk (the demo writes hundreds of entries
        before anyone looks at it), never for the room's own work: a crash
        inside the block loses everything written since it began.
        """
        self._deferring += 1
        try:
            yield
        finally:
            self._deferring -= 1
            if not self._deferring and self._pending is not None:
                data, self._pending = self._pending, None
                self.write(data)

    def _serialise(self, data: Data) -> bytes | str:
        """msgspec's bytes on the fast path, else `json.dumps` as JSONStorage does."""
        if self._fast:
            try:
                return msgspec.json.encode(data)
            except Exception:  # json.dumps below decides, and raises if it must
                pass
        text = json.dumps(data, **self.kwargs)
        return text.encode("utf-8") if self._binary or self._fast else text

    def _write_temp(self, tmp: Path, payload: bytes | str) -> os.stat_result:
        """Write and fsync the temporary file; return its stat (the new version's identity)."""
        if isinstance(payload, bytes):
            with open(tmp, "xb") as bfh:
                bfh.write(payload)
                return self._sync(bfh.fileno(), bfh.flush)
        with open(tmp, "x", encoding=self._encoding) as tfh:
            tfh.write(payload)
            return self._sync(tfh.fileno(), tfh.flush)

    def _sync(self, fd: int, flush: Any) -> os.stat_result:
        flush()
        if self._file_mode is not None and hasattr(os, "fchmod"):
            # Keep the file's permissions (a 0600 file of names stays 0600).
            os.fchmod(fd, self._file_mode)
        os.fsync(fd)
        return os.fstat(fd)

    def _keep_backup(self) -> None:
        """Make the current file `<name>.bak` before it is replaced.

        A hard link to a temporary name, then `os.replace` onto `.bak`: no bytes
        copied, and `.bak` is at every moment one complete version. Where links
        are not supported, a copy. A failure here is logged, not raised: losing
        the save because its backup failed would be the worse outcome.
        """
        try:
            if os.stat(self._path).st_size == 0:
                return  # a brand-new empty file is no version worth keeping
        except FileNotFoundError:
            return
        link = _temp_path(self._path, ".bak")
        try:
            if self._hardlinks:
                try:
                    os.link(self._path, link)
                except OSError as exc:
                    if exc.errno not in _NO_LINK_ERRNOS:
                        raise
                    self._hardlinks = False
            if not self._hardlinks:
                shutil.copyfile(self._path, link)
                with open(link, "rb+") as fh:
                    os.fsync(fh.fileno())
            os.replace(link, backup_path(self._path))
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(link)
            _log.warning("Could not keep a backup of %s (%s); saving without it", self._path, exc)

    def drop_cache(self) -> None:
        """Make the next `read()` go to the disk.

        For callers that know the cached dict was changed without a write
        following: TinyDB's `update` changes documents in place, so an update
        function that raises half-way leaves the cache ahead of the file.
        """
        self._cache = self._cache_key = None

    def close(self) -> None:
        """Forget the cache. There is no handle to close: each read and write opens its own."""
        self._closed = True
        self._cache = self._cache_key = None


def _is_utf8(encoding: str | None) -> bool:
    if encoding is None:
        return False
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _decode(raw: str | bytes, path: Path, encoding: str | None = None) -> Data:
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
            raw = raw.decode("utf-8-sig" if encoding is None or _is_utf8(encoding) else encoding)
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
