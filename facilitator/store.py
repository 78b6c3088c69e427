"""The data folder: one TinyDB file per session, plus a small index.

One file per session keeps every save proportional to today's workshop, not to
the trainer's whole history. The index only changes when a session is created
or renamed, never on a save; if it is lost or damaged, listing rebuilds it
from the session files themselves, so the index can never hide a session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from slugify import slugify

from facilitator.database import OpenedDB, open_db
from facilitator.storage import StorageError

SESSION_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")


class SessionNotFound(StorageError):
    """No session by that id in this data folder."""


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


def now_iso() -> str:
    """UTC timestamps everywhere in storage; the UI converts for display."""
    return datetime.now(UTC).isoformat(timespec="seconds")


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

    def new_id(self, title: str, date: str) -> str:
        """A readable, unique id such as `2026-11-24-front-desk-team`."""
        base = slugify(f"{date} {title}", max_length=60, word_boundary=True) or f"{date}-session"
        candidate, n = base, 2
        while self.exists(candidate):
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def create(self, meta: dict[str, Any]) -> OpenedDB:
        """Write a new session file holding `meta` and register it; returns it open."""
        session_id = str(meta["id"])
        self.sessions_dir.mkdir(parents=True, exist_ok=True)
        opened = open_db(self.session_path(session_id), create=True)
        opened.db.table("meta").insert(meta)
        self._register(meta)
        return opened

    def open(self, session_id: str, *, readonly: bool = False) -> OpenedDB:
        """Open a session, locked for this process unless read-only."""
        path = self.session_path(session_id)
        if not path.exists() and not path.with_name(path.name + ".bak").exists():
            raise SessionNotFound(f"no session {session_id!r} in {self.root} (see `facilitator sessions`)")
        return open_db(path, readonly=readonly)

    def _register(self, meta: dict[str, Any]) -> None:
        info = info_from_meta(meta)
        with open_db(self.index_path, create=True) as index:
            table = index.db.table("sessions")
            table.remove(lambda doc: doc.get("id") == info.id)
            table.insert(info.to_dict())

    def update_index(self, meta: dict[str, Any]) -> None:
        """Refresh a session's listing after a rename or a status change."""
        self._register(meta)

    def list_sessions(self) -> list[SessionInfo]:
        """Every session, newest date first; the index is repaired from the files if needed."""
        listed: dict[str, SessionInfo] = {}
        if self.index_path.exists():
            try:
                with open_db(self.index_path, readonly=True) as index:
                    for doc in index.db.table("sessions").all():
                        info = SessionInfo(**{k: str(v) for k, v in doc.items() if k in INFO_KEYS})
                        listed[info.id] = info
            except (StorageError, TypeError):
                listed = {}
        present = self._session_ids()
        for missing in sorted(present - set(listed)):
            meta = self.read_meta(missing)
            if meta is not None:
                listed[missing] = info_from_meta(meta)
        return sorted(
            (info for sid, info in listed.items() if sid in present),
            key=lambda i: (i.date, i.id),
            reverse=True,
        )

    def _session_ids(self) -> set[str]:
        """Ids of the session files present; set-aside `*.corrupt-*.json` files are not sessions."""
        if not self.sessions_dir.exists():
            return set()
        return {p.stem for p in self.sessions_dir.glob("*.json") if SESSION_ID.match(p.stem)}

    def read_meta(self, session_id: str) -> dict[str, Any] | None:
        """A session's meta record, read-only; None if the file cannot be read."""
        try:
            with self.open(session_id, readonly=True) as opened:
                docs = opened.db.table("meta").all()
        except StorageError:
            return None
        return dict(docs[0]) if docs else None


INFO_KEYS = ("id", "title", "date", "agenda", "trainer", "status")


def info_from_meta(meta: dict[str, Any]) -> SessionInfo:
    """The listing fields of a session's meta record."""
    return SessionInfo(
        id=str(meta["id"]),
        title=str(meta.get("title", "")),
        date=str(meta.get("date", "")),
        agenda=str(meta.get("agenda_title", meta.get("agenda", ""))),
        trainer=str(meta.get("trainer", "")),
        status=str(meta.get("status", "setup")),
    )
