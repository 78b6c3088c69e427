"""A session's details (date, trainer, client, follow-up, status) as printed and exported views read them.

Handouts, exports and the follow-up commands read these through `read`,
which flattens the typed `Details` and the session's status into the plain
values a page or a file prints. The follow-up date's default (30 days after the workshop, moved off a
weekend) is a rule of the day, not of storage, so it lives here too, as a
pure function the CLI and the Setup screen call when they store a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitator.engine import Session

FOLLOW_UP_DAYS = 30
SATURDAY = 5
STATUSES = ("setup", "running", "finished")


@dataclass(frozen=True)
class SessionDetails:
    """What a session says about itself; values as stored (ISO dates, raw text)."""

    id: str
    title: str
    date: str
    trainer: str
    client: str
    venue: str
    follow_up: str
    status: str
    agenda: str
    agenda_title: str
    created: str

    @property
    def started(self) -> bool:
        """Whether anyone has pressed Start: a session in setup has produced nothing yet."""
        return self.status != "setup"

    @property
    def finished(self) -> bool:
        """Whether the wrap-up was reached; anything else is printed as interim."""
        return self.status == "finished"

    @property
    def follow_up_date(self) -> dt.date | None:
        """The trainer's follow-up date, else the default one from the workshop's date."""
        return parse_iso(self.follow_up) or default_follow_up(parse_iso(self.date))


def read(workshop: Session) -> SessionDetails:
    """The session's details as printed: ISO dates and plain text, read from the typed state."""
    d = workshop.details
    return SessionDetails(
        id=d.id,
        title=d.title,
        date=d.date,
        trainer=d.trainer,
        client=d.client,
        venue=d.venue,
        follow_up=d.follow_up,
        status=workshop.status,
        agenda=d.agenda,
        agenda_title=d.agenda_title,
        created=d.created.isoformat() if d.created else "",
    )


def parse_iso(value: object) -> date | None:
    """An ISO date, or None when it is missing or not a date."""
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def default_follow_up(workshop_date: date | None, days: int = FOLLOW_UP_DAYS) -> date | None:
    """`days` after the workshop, moved forward to the Monday when that falls on a weekend.

    A follow-up call on a Saturday is one nobody makes; Monday keeps the
    promise within a couple of days of the month people were told.
    """
    if workshop_date is None:
        return None
    day = workshop_date + timedelta(days=days)
    if day.weekday() >= SATURDAY:
        day += timedelta(days=7 - day.weekday())
    return day
