"""A trainer's data folder as the views see it: list, create and open sessions.

Creating a session writes it whole (details, plan, exercises and roster) in
one write to a file whose id was claimed atomically, so twelve `facilitator
new` commands at once make twelve complete sessions, never a half-made one.
Opening decodes the file into the typed state; a file that does not decode,
or holds fewer records than its backup, is damaged: its backup is offered
(`SessionDamaged.backup_saved`) or, when asked, restored, and the damaged
file is set aside, never deleted.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from facilitator.engine.decode import DamagedState, DocIds, decode_tables, session_problem
from facilitator.engine.errors import SessionDamaged, SessionError, from_storage
from facilitator.engine.ledger import Clock, Ledger, utc_now
from facilitator.engine.plan import build_plan
from facilitator.engine.presence import Beacon, attached
from facilitator.engine.records import Records
from facilitator.engine.session import Session
from facilitator.engine.state import Details, SessionMeta, SessionState
from facilitator.loader import Library
from facilitator.recovery import BackupOffer
from facilitator.roster import RosterRow
from facilitator.storage import StorageError
from facilitator.store import DataDir, SessionInfo

#: Changes that alter how a session is listed.
LISTED = frozenset({"details", "status", "step"})


def _check(raw: bytes) -> tuple[str | None, Mapping[str, int]]:
    problem, (people, entries) = session_problem(raw)
    return problem, {"participants": people, "entries": entries}


class Workspace:
    """The sessions in one data folder."""

    def __init__(self, root: Path | str) -> None:
        self.data = DataDir(Path(root))

    @property
    def root(self) -> Path:
        """The data folder itself."""
        return self.data.root

    @property
    def presence(self) -> Path:
        """Where room displays leave their beacons (see `presence`)."""
        return self.root / "presence"

    def announce_room(self, session_id: str) -> Beacon:
        """A room display starts following a session: the console can count it."""
        return Beacon(self.presence, session_id)

    def rooms_attached(self, session_id: str) -> int:
        """How many room displays follow the session now."""
        return attached(self.presence, session_id)

    def log_problem(self, context: str, details: str) -> Path | None:
        """Append a problem's details (a traceback) to `logs/problems.log`; None if that fails too."""
        log = self.root / "logs" / "problems.log"
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as out:
                out.write(f"--- {stamp} {context}\n{details}\n")
        except OSError:
            return None
        return log

    def sessions(self) -> list[SessionInfo]:
        """Every session, newest date first; sessions the index lacks are read from their files."""
        listed = self.data.listed()
        present = self.data.session_ids()
        for missing in sorted(present - set(listed)):
            info = self._read_info(missing)
            if info is not None:
                listed[missing] = info
                self.data.register(info)
        return sorted(
            (info for sid, info in listed.items() if sid in present),
            key=lambda i: (i.date, i.id),
            reverse=True,
        )

    def _read_info(self, session_id: str) -> SessionInfo | None:
        try:
            with self.data.open(session_id, readonly=True, check=_check) as opened:
                state, _ = decode_tables(opened.db.storage.read())
        except (StorageError, DamagedState, OSError):
            return None
        return info_of(state.meta)

    def create(
        self,
        library: Library,
        agenda_id: str,
        title: str,
        date: str,
        trainer: str = "",
        roster: Iterable[RosterRow] = (),
        seed: int | None = None,
        clock: Clock = utc_now,
        session_id: str | None = None,
        follow_up: str = "",
    ) -> Session:
        """A new session from an agenda, with its own copy of the agenda's exercises.

        The copy means editing an exercise file later never changes a past session.
        """
        agenda = library.agendas.get(agenda_id)
        if agenda is None:
            known = ", ".join(sorted(library.agendas)) or "none"
            raise SessionError(f"no agenda {agenda_id!r} (known: {known})")
        if not title.strip():
            raise SessionError("a session needs a title")
        exercises = {i.exercise: library.exercises[i.exercise] for i in agenda.items if i.exercise}
        try:
            new_id = self.data.reserve(title, date, session_id)
            opened = self.data.open(new_id, create=True)
        except (StorageError, OSError) as exc:
            raise from_storage(exc) from exc
        details = Details(
            id=new_id,
            title=title,
            date=date,
            trainer=trainer,
            agenda=agenda.id,
            agenda_title=agenda.title,
            follow_up=follow_up,
            created=clock(),
        )
        meta = SessionMeta(
            details=details,
            seed=seed if seed is not None else random.SystemRandom().randrange(1, 2**31),
            plan=tuple(build_plan(agenda, library.exercises)),
        )
        state = SessionState(meta, exercises, [], [])
        records = Records(opened, DocIds())
        session = self._adopt(records, state, clock, None)
        try:
            with records.batch():  # the whole session, roster included, in one write
                records.write_new(state)
                session.import_roster(roster)
        except BaseException:
            opened.close()
            self.data.session_path(new_id).unlink(missing_ok=True)
            raise
        self.data.register(info_of(meta))
        return session

    def open(
        self,
        session_id: str,
        *,
        readonly: bool = False,
        restore_backup: bool = False,
        clock: Clock = utc_now,
    ) -> Session:
        """Open a session, locked for this window unless read-only.

        A damaged file with a good backup raises `SessionDamaged` (nothing
        changed) unless `restore_backup`; read-only opens read the backup
        instead and say so in `Session.recovered`.
        """
        try:
            opened = self.data.open(session_id, readonly=readonly, check=_check, restore=restore_backup)
        except BackupOffer as offer:
            raise SessionDamaged(str(offer), offer.saved) from offer
        except (StorageError, OSError) as exc:
            raise from_storage(exc) from exc
        try:
            state, ids = decode_tables(opened.db.storage.read())
            records = Records(opened, ids)
            if ids.migrate and not readonly:
                records.write_new(state)
        except DamagedState as exc:  # only a file changed since it was checked gets here
            opened.close()
            raise SessionDamaged(f"{session_id}: {exc}") from exc
        except BaseException:
            opened.close()
            raise
        return self._adopt(records, state, clock, opened.recovered)

    def _adopt(self, records: Records, state: SessionState, clock: Clock, recovered: str | None) -> Session:
        ledger = Ledger(records, state, clock)
        session = Session(ledger, self, recovered)
        if not records.readonly:
            listed = info_of(state.meta)

            def relist(what: str) -> None:
                nonlocal listed
                now = info_of(ledger.meta)
                if what in LISTED and now != listed:
                    listed = now
                    self.data.register(now)

            ledger.subscribe(relist)
        return session


def info_of(meta: SessionMeta) -> SessionInfo:
    """How a session is listed."""
    d = meta.details
    return SessionInfo(
        id=d.id,
        title=d.title,
        date=d.date,
        agenda=d.agenda_title or d.agenda,
        trainer=d.trainer,
        status=meta.status,
    )
