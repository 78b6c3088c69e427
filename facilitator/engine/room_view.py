"""What the room has been shown of each step: points revealed, tallies, rounds, blanking.

These are saved like any entry, for two reasons: a resumed session looks as
it did, and a room display in another window shows exactly what the
trainer's console decided to show, and nothing more.
"""

from __future__ import annotations

from facilitator.engine.errors import SessionError
from facilitator.engine.ledger import Ledger
from facilitator.engine.state import StepState
from facilitator.model import Brief, Pairing


class RoomView:
    """The trainer's decisions about what the room sees."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def state(self, key: str) -> StepState:
        """What has happened on a slot so far (time, countdown, reveals)."""
        return self.ledger.step_state(key)

    def reveal_points(self, key: str, count: int) -> None:
        """Show the first `count` talking points of a brief."""
        step = self.ledger.step_of(key, Brief)
        self.ledger.save_step(key, "view", points_shown=max(0, min(count, len(step.points))))

    def show_tally(self, key: str, shown: bool) -> None:
        """Reveal (or hide again) a vote's tally and its award."""
        self.ledger.save_step(key, "view", tally_shown=shown)

    def set_round(self, key: str, rnd: int) -> None:
        """Move a role play or a checklist to another round."""
        step = self.ledger.step(key)
        rounds = step.rounds if isinstance(step, Pairing) else None
        if rnd < 1 or (rounds is not None and rnd > rounds):
            raise SessionError(f"there is no round {rnd} here")
        self.ledger.save_step(key, "view", round=rnd)

    def show_chart(self, key: str, index: int) -> None:
        """Which debrief chart a small screen shows."""
        self.ledger.save_step(key, "view", chart=max(0, index))

    @property
    def blanked(self) -> bool:
        """Whether the trainer has blanked the projector."""
        return self.ledger.meta.blanked

    def set_blanked(self, blanked: bool) -> None:
        """Blank the projector, or bring it back (room displays follow)."""
        if self.ledger.meta.blanked != blanked:
            self.ledger.update_meta("blank", blanked=blanked)
