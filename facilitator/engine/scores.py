"""Rating grids and observer checklists: one entry per owner (and per round for checklists).

A rating entry holds one score per cell (item, or item and aspect); a
checklist entry holds one tick per item for the person observed in a round.
Both are entries, so undo, drafts and the room display treat them like any
other contribution.
"""

from __future__ import annotations

from facilitator.engine.aggregates import cell_key
from facilitator.engine.entry_log import EntryLog, check_unchanged
from facilitator.engine.errors import SessionError
from facilitator.engine.ids import GROUP, resolve_ref
from facilitator.engine.ledger import Ledger
from facilitator.engine.pairings import Pairings
from facilitator.engine.people import Roster
from facilitator.engine.state import Entry
from facilitator.model import Checklist, Rating


class Scores:
    """Scoring rating cells and ticking checklist items."""

    def __init__(self, ledger: Ledger, roster: Roster, log: EntryLog, pairings: Pairings) -> None:
        self.ledger = ledger
        self.roster = roster
        self.log = log
        self.pairings = pairings

    # ----- ratings ---------------------------------------------------------------------------

    def set_score(
        self, key: str, owner: str, item: str, score: int | None, aspect: int | None = None
    ) -> None:
        """Score one cell of the rating grid; None clears it."""
        self.set_scores(key, owner, {(item, aspect): score})

    def set_scores(
        self,
        key: str,
        owner: str,
        cells: dict[tuple[str, int | None], int | None],
        based_on: int | None = None,
    ) -> None:
        """Score (None: clear) several cells of one owner's row, checked first, in one save.

        A phone sends a whole rating at once; one write for it keeps the room's
        other saves quick. `based_on` is the `seq` of the row the form showed
        (0 for none): a row changed since (on the keyboard) is not written over.
        """
        step = self.ledger.step_of(key, Rating)
        if step.per == "group" and owner != GROUP:
            raise SessionError("this rating is scored once by the whole group")
        if step.per == "participant":
            self.roster.participant(owner)
        items = {i.id for i in step.items}
        for (item, aspect), score in cells.items():
            if item not in items:
                raise SessionError(f"no item {item!r} in this rating")
            if aspect is not None and not 0 <= aspect < max(1, len(step.aspects)):
                raise SessionError("no such aspect in this rating")
            if score is not None and not step.min <= score <= step.max:
                raise SessionError(f"scores run from {step.min} to {step.max}")
        existing = next((e for e in self.log.entries(key) if e.owner == owner), None)
        check_unchanged(existing, based_on)
        data = dict(existing.data) if existing is not None else {}
        for (item, aspect), score in cells.items():
            if score is None:
                data.pop(cell_key(item, aspect), None)
            else:
                data[cell_key(item, aspect)] = score
        if existing is None:
            if data:
                self.log.add(key, "rating", owner, data)
        elif data != existing.data:
            self.log.change(existing.id, "edit", data)

    def scores(self, key: str) -> dict[str, dict[str, int]]:
        """Each owner's scores for a rating step."""
        return {
            e.owner: {cell: int(v) for cell, v in e.data.items() if isinstance(v, int)}
            for e in self.log.entries(key, "rating")
        }

    # ----- checklists ------------------------------------------------------------------------

    def set_tick(self, key: str, subject: str, item: str, ticked: bool, rnd: int = 0) -> None:
        """Tick or untick one checklist item for the participant observed in a round."""
        step = self.ledger.step_of(key, Checklist)
        self.roster.participant(subject)
        if item not in {i.id for i in step.items}:
            raise SessionError(f"no item {item!r} in this checklist")
        existing = next((e for e in self.log.entries(key) if e.owner == subject and e.round == rnd), None)
        if existing is None:
            self.log.add(key, "checklist", subject, {item: ticked}, rnd)
        else:
            self.log.change(existing.id, "edit", {**existing.data, item: ticked})

    def ticks(self, key: str, subject: str | None = None) -> list[Entry]:
        """Checklist entries of a step, optionally for one subject."""
        return [e for e in self.log.entries(key, "checklist") if subject is None or e.owner == subject]

    def checklist_round(self, key: str) -> int:
        """The round a checklist is filled in for: its own, else its pairing's current round, else 1."""
        step = self.ledger.step_of(key, Checklist)
        own = self.ledger.step_state(key).round
        if own is not None:
            return own
        if step.pairing:
            return self.pairings.round(resolve_ref(key, step.pairing))
        return 1

    def checklist_subjects(self, key: str, rnd: int) -> list[str]:
        """Who is observed in a round: the pairing's subject role, or everyone present."""
        step = self.ledger.step_of(key, Checklist)
        if step.pairing:
            deal = self.pairings.deal(resolve_ref(key, step.pairing), rnd)
            return [p for g in deal.groups for p in g.with_role(step.subject_role)]
        return [p.id for p in self.roster.participants(present_only=True)]
