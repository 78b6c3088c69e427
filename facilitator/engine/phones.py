"""Which phone is which person, while joining from phones is on.

Claims live in memory only, never in the session file: they are worth
nothing once join is off. Turning join on draws a new join token, so a
phone that scanned an earlier code, or an old cookie, opens nothing; and a
quit or a crash leaves no secret behind on disk. The session's entries are
what matter, and those go through the engine like the keyboard's.

The views never see a secret's owner except through `who`; a person is
named on screen the way the roster names them (`Roster.display_names`),
never by an internal id.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from facilitator.engine.errors import SessionError
from facilitator.engine.ledger import Ledger
from facilitator.engine.people import Roster

#: 16 random bytes: 128 bits, written as 22 URL-safe characters.
TOKEN_BYTES = 16
#: A person's secret is never typed, so it can be long: 256 bits.
SECRET_BYTES = 32


@dataclass(frozen=True)
class Claim:
    """One person's phone: the secret its cookie carries, and when it joined."""

    pid: str
    secret: str
    since: datetime


class Phones:
    """The join token, and who has claimed which name."""

    def __init__(self, ledger: Ledger, roster: Roster) -> None:
        self.ledger = ledger
        self.roster = roster
        self._token: str | None = None
        self._claims: dict[str, Claim] = {}
        self._by_secret: dict[str, str] = {}
        #: When join was last turned on (None while off).
        self.opened_at: datetime | None = None
        #: When a phone last reached the laptop with the right token (None: not since join was on).
        self.last_seen: datetime | None = None

    # ----- the token ---------------------------------------------------------------------------

    def open(self) -> str:
        """Turn join on with a new token; every earlier claim is forgotten."""
        self._token = secrets.token_urlsafe(TOKEN_BYTES)
        self._claims.clear()
        self._by_secret.clear()
        self.opened_at = self.ledger.clock()
        self.last_seen = None
        self.ledger.changed("phones")
        return self._token

    def close(self) -> None:
        """Turn join off: the token and every claim stop working at once."""
        was_open = self._token is not None
        self._token = None
        self._claims.clear()
        self._by_secret.clear()
        self.opened_at = None
        if was_open:
            self.ledger.changed("phones")

    @property
    def token(self) -> str | None:
        """The token in the join URL, or None while join is off."""
        return self._token

    @property
    def is_open(self) -> bool:
        """Whether phones may join now."""
        return self._token is not None

    def admits(self, token: str) -> bool:
        """Whether `token` is the current one (compared in constant time)."""
        current = self._token
        return current is not None and secrets.compare_digest(token.encode(), current.encode())

    def seen(self) -> None:
        """A phone reached the laptop: the network lets phones through."""
        self.last_seen = self.ledger.clock()

    # ----- claims ------------------------------------------------------------------------------

    def claim(self, pid: str) -> str:
        """Give `pid`'s name to the phone asking; returns the secret its cookie keeps.

        A name can be claimed once: a second phone is refused, and the
        trainer releases the first claim if it was a mistake.
        """
        if self._token is None:
            raise SessionError("joining from phones is off; ask the trainer")
        person = self.roster.participant(pid)
        name = self.roster.display_names().get(pid, person.name)
        if not person.present:
            raise SessionError(f"{name} is not marked as here; ask the trainer")
        if pid in self._claims:
            taken = f"{name} has already joined from a phone"
            raise SessionError(f"{taken}; if that was not you, ask the trainer")
        secret = secrets.token_urlsafe(SECRET_BYTES)
        self._claims[pid] = Claim(pid, secret, self.ledger.clock())
        self._by_secret[secret] = pid
        self.ledger.changed("phones")
        return secret

    def who(self, secret: str) -> str | None:
        """The participant id a phone's secret stands for; None if it stands for nobody now.

        Someone taken off the roster, or marked absent or gone, loses their
        claim: their phone asks for a name again.
        """
        pid = self._by_secret.get(secret)
        if pid is None:
            return None
        person = self.ledger.state.people.get(pid)
        if person is None or not person.present:
            self.release(pid)
            return None
        return pid

    def release(self, pid: str) -> bool:
        """The trainer frees a name (someone picked the wrong one); False if it was not claimed."""
        claim = self._claims.pop(pid, None)
        if claim is None:
            return False
        self._by_secret.pop(claim.secret, None)
        self.ledger.changed("phones")
        return True

    def claimed(self) -> list[str]:
        """The participant ids with a phone, in the order they joined."""
        return list(self._claims)

    def joined(self) -> int:
        """How many phones have joined, for "12 phones joined"."""
        return len(self._claims)
