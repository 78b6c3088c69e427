"""After the day: every action that falls due, across all sessions, by date and participant.

A trainer runs many workshops and follows them all up from one list, so
this reads every session in the data folder (read-only: a session open in
the room is not disturbed). A session file that cannot be read is named in
`problems` and skipped, never a reason to show nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from facilitator.engine import details as session_details

if TYPE_CHECKING:
    from facilitator.engine import Session, Workspace

_WITHIN = re.compile(r"\s*(\d{1,4})\s*([dw]?)\s*", re.IGNORECASE)


class FollowUpError(ValueError):
    """A follow-up request that cannot be met; str() is one line for the user."""


@dataclass(frozen=True)
class DueAction:
    """One person's action, with where it came from and who to write to."""

    due: str
    participant: str
    participant_id: str
    email: str
    team: str
    action: str
    support: str
    measure: str
    session: str
    session_title: str
    follow_up: str

    def to_dict(self) -> dict[str, str]:
        """A plain dict for `--json`."""
        return asdict(self)


def parse_within(text: str) -> int:
    """Days in "14d", "2w" or "14"; FollowUpError for anything else."""
    match = _WITHIN.fullmatch(text)
    if match is None:
        raise FollowUpError(f"--due-within: write a number of days or weeks like 14d or 2w, not {text!r}")
    n = int(match.group(1))
    return n * 7 if match.group(2).lower() == "w" else n


def session_actions(workshop: Session) -> list[DueAction]:
    """Every action of one session, with its follow-up date."""
    from facilitator.export import action_rows

    info = session_details.read(workshop)
    follow_up = info.follow_up_date
    return [
        DueAction(
            due=r["due"],
            participant=r["participant"],
            participant_id=r["participant_id"],
            email=r["email"],
            team=r["team"],
            action=r["action"],
            support=r["support"],
            measure=r["measure"],
            session=info.id,
            session_title=info.title,
            follow_up=follow_up.isoformat() if follow_up else "",
        )
        for r in action_rows(workshop)
    ]


def due_actions(
    data: Workspace,
    *,
    today: date,
    within_days: int | None = None,
    session: str | None = None,
) -> tuple[list[DueAction], list[str]]:
    """Actions due (from `today` to `today + within_days`, or all), by date then participant.

    Returns the actions and one line per session that could not be read.
    Actions without a date sort last.
    """
    from facilitator.engine import open_session
    from facilitator.errors import user_errors

    ids = [session] if session else [s.id for s in data.sessions()]
    found: list[DueAction] = []
    problems: list[str] = []
    for sid in ids:
        try:
            workshop = open_session(data, sid, readonly=True)
        except user_errors() as exc:
            if session:
                raise
            problems.append(f"{sid}: {exc}")
            continue
        try:
            found.extend(session_actions(workshop))
        finally:
            workshop.close()
    if within_days is not None:
        last = today + timedelta(days=within_days)
        found = [
            a for a in found if (d := session_details.parse_iso(a.due)) is not None and today <= d <= last
        ]
    found.sort(key=lambda a: (a.due or "9999", a.participant.casefold(), a.session))
    return found, problems


def lines(actions: Sequence[DueAction]) -> list[str]:
    """One tab-separated line per action: due, participant, session, action (each on one line)."""
    return [
        "\t".join(_flat(x) for x in (a.due or "no date", a.participant, a.session, a.action)) for a in actions
    ]


def _flat(text: str) -> str:
    """One line for a terminal: control characters (an ESC would restyle it) out, whitespace folded."""
    from facilitator.export import printable

    return " ".join(printable(text).split()) or "–"
