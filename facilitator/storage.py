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

import contextlib
import errno
import json
import logging
import os
import shutil
import stat
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
from tinydb.storages import Storage

from facilitator.files import (  # re-exported: callers of the storage know these names
    CorruptDatabase,
    Data,
    DatabaseLocked,
    DatabaseNotFound,
    ReadOnlyDatabase,
    StorageError,
    backup_path,
    decode_database,
    fsync_dir,
    is_utf8,
    json_kind,
    lock_path,
    remove_stray_temp_files,
    show_path,
    stat_key,
    temp_path,
    write_atomic,
)

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
      doubles a save: at 40 people and 2,000 entries a save through the
      engine takes 2.2x as long without it (`benchmarks/save_latency.py`,
      p50). It is the one cache below the engine's typed state. TinyDB changes the returned dict in
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
        self._fast = not kwargs and (self._binary or is_utf8(encoding))
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
                current = stat_key(os.stat(self._path))
            except OSError:
                current = None
            if current == self._cache_key:
                return self._cache
            self._cache = self._cache_key = None
        try:
            if self._binary or self._fast:
                with open(self._path, "rb") as bfh:
                    key = stat_key(os.fstat(bfh.fileno()))
                    raw: str | bytes = bfh.read()
            else:
                with open(self._path, encoding=self._encoding) as tfh:
                    key = stat_key(os.fstat(tfh.fileno()))
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
        data = decode_database(raw, self._path, self._encoding)
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
        tmp = temp_path(self._path)
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
            self._cache, self._cache_key = data, stat_key(new_stat)

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
        link = temp_path(self._path, ".bak")
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
