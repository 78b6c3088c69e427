"""The data folder: one TinyDB file per session, plus a small index.

One file per session keeps every save proportional to today's workshop, not to
the trainer's whole history. The index only changes when a session is created
or renamed, never on a save; if it is lost or damaged, listing rebuilds it
from the session files themselves, so the index can never hide a session.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slugify import slugify

from facilitator.database import OpenedDB, open_db
from facilitator.storage import CorruptDatabase, DatabaseNotFound, StorageError

SESSION_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")


class SessionNotFound(DatabaseNotFound):
    """No session by that id in this data folder."""


class SessionExists(StorageError):
    """A session with the id asked for is already there."""


#: Seconds `register` waits for another process updating the index.
INDEX_WAIT = 10.0
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SessionInfo:
    """What the home screen and `facilitator sessions` list for a session."""

    id: str
    title: str
    date: str
    agenda: str
    trainer: str = ""
    status: str = "setup"

    def to_dict(self) -> dict[str, str]:
        """A plain dict for `--json` output and the index."""
        return dict(self.__dict__)


class DataDir:
    """A trainer's data folder: `sessions/<id>.json` files and `index.json`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sessions_dir = root / "sessions"
        self.index_path = root / "index.json"

    def session_path(self, session_id: str) -> Path:
        """The file of a session; ids are slugs, so no id can point outside the folder."""
        if not SESSION_ID.match(session_id):
            raise SessionNotFound(f"{session_id!r} is not a session id (see `facilitator sessions`)")
        return self.sessions_dir / f"{session_id}.json"

    def exists(self, session_id: str) -> bool:
        """Whether a session file is present."""
        try:
            return self.session_path(session_id).exists()
        except SessionNotFound:
            return False

    def reserve(self, title: str, date: str, wanted: str | None = None) -> str:
        """Claim a new, unique id such as `2026-11-24-front-desk-team` by creating its empty file.

        Creating the file with O_EXCL is what makes the id unique: twelve
        `facilitator new` commands started at once get twelve different ids.
        """
        base = wanted or slugify(f"{date} {title}", max_length=60, word_boundary=True) or f"{date}-session"
        self.sessions_dir.mkdir(parents=True, exist_ok=True)
        for n in range(1, 10_000):
            candidate = base if n == 1 else f"{base}-{n}"
            path = self.session_path(candidate)
            if path.with_name(path.name + ".bak").exists():
                continue  # a session whose file is missing still owns its id
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                if wanted:
                    raise SessionExists(f"there is already a session {candidate!r}", path) from None
                continue
            os.close(fd)
            return candidate
        raise StorageError(f"no free session id near {base!r}", self.sessions_dir)

    def open(self, session_id: str, **options: Any) -> OpenedDB:
        """Open a session file (see `open_db` for the options), locked for this process unless read-only."""
        path = self.session_path(session_id)
        if not path.exists() and not path.with_name(path.name + ".bak").exists():
            raise SessionNotFound(f"no session {session_id!r} in {self.root} (see `facilitator sessions`)")
        return open_db(path, **options)

    def register(self, info: SessionInfo) -> None:
        """List (or re-list) a session in the index; never fails the caller.

        The index only speeds up the list of sessions; `listed()` plus the
        session files themselves are the truth, so when the index cannot be
        written (busy for too long, damaged beyond its backup) it is rebuilt
        from what is listed and the session files on the next listing.
        """
        for _attempt in range(2):
            try:
                with open_db(self.index_path, create=True, wait=INDEX_WAIT) as index:
                    table = index.db.table("sessions")
                    table.remove(lambda doc: doc.get("id") == info.id)
                    table.insert(info.to_dict())
                return
            except CorruptDatabase:
                continue  # the damaged index was set aside; the second attempt starts a new one
            except (StorageError, OSError) as exc:
                _log.warning("the session index was not updated (%s); it is rebuilt when listed", exc)
                return

    def listed(self) -> dict[str, SessionInfo]:
        """What the index says, or nothing if it cannot be read."""
        listed: dict[str, SessionInfo] = {}
        if not self.index_path.exists():
            return listed
        try:
            with open_db(self.index_path, readonly=True) as index:
                for doc in index.db.table("sessions").all():
                    info = SessionInfo(**{k: str(v) for k, v in doc.items() if k in INFO_KEYS})
                    listed[info.id] = info
        except (StorageError, TypeError, OSError):
            return {}
        return listed

    def session_ids(self) -> set[str]:
        """Ids of the session files present; set-aside `*.corrupt-*.json` files are not sessions."""
        if not self.sessions_dir.exists():
            return set()
        return {p.stem for p in self.sessions_dir.glob("*.json") if SESSION_ID.match(p.stem)}


INFO_KEYS = ("id", "title", "date", "agenda", "trainer", "status")
