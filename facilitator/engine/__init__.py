"""The session engine: one workshop's typed state, and every change the room makes to it.

The views (the trainer's console, the room display, the phone pages, the
handouts and exports) only ever talk to a `Session`, opened or created
through a `Workspace`. Each method that changes something writes it to the
session file before it returns, so whatever a screen showed a moment before a
crash is on disk. Whatever goes wrong reaches a view as a `SessionError`
carrying one line for the trainer. See docs/architecture.md for the parts.
"""

from __future__ import annotations

from collections.abc import Iterable

from facilitator.engine.aggregates import Bar, ChartData
from facilitator.engine.errors import (
    DiskFull,
    SessionDamaged,
    SessionError,
    SessionLocked,
    SessionNotFound,
    SessionReadOnly,
)
from facilitator.engine.ids import GROUP, parse_owner, team_owner
from facilitator.engine.ledger import Clock, utc_now
from facilitator.engine.pairing import Deal, Group, Seat
from facilitator.engine.plan import Slot
from facilitator.engine.roster_files import read_roster_file
from facilitator.engine.session import Session
from facilitator.engine.state import (
    EDITABLE_DETAILS,
    PRESENT,
    STATUSES,
    Details,
    Entry,
    Participant,
    StepState,
)
from facilitator.engine.timing import TimerState, clock_text
from facilitator.engine.workspace import Workspace
from facilitator.loader import Library
from facilitator.roster import RosterRow
from facilitator.store import SessionInfo

__all__ = [
    "EDITABLE_DETAILS",
    "GROUP",
    "PRESENT",
    "STATUSES",
    "Bar",
    "ChartData",
    "Clock",
    "Deal",
    "Details",
    "DiskFull",
    "Entry",
    "Group",
    "Library",
    "Participant",
    "RosterRow",
    "Seat",
    "Session",
    "SessionDamaged",
    "SessionError",
    "SessionInfo",
    "SessionLocked",
    "SessionNotFound",
    "SessionReadOnly",
    "Slot",
    "StepState",
    "TimerState",
    "Workspace",
    "clock_text",
    "create_session",
    "open_session",
    "parse_owner",
    "read_roster_file",
    "team_owner",
    "utc_now",
]


def create_session(
    workspace: Workspace,
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
    """Create a session in `workspace` (see `Workspace.create`)."""
    return workspace.create(
        library, agenda_id, title, date, trainer, roster, seed, clock, session_id, follow_up
    )


def open_session(
    workspace: Workspace,
    session_id: str,
    *,
    readonly: bool = False,
    restore_backup: bool = False,
    clock: Clock = utc_now,
) -> Session:
    """Open a session in `workspace` (see `Workspace.open`)."""
    return workspace.open(session_id, readonly=readonly, restore_backup=restore_backup, clock=clock)
