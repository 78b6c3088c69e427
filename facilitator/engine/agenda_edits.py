"""Changing the day's plan and details in Setup: reorder, drop, lengthen; title and date.

Edits change the running order only. Entries of a dropped exercise stay
stored, and the room stays on the step it was on wherever that step moves.
"""

from __future__ import annotations

import msgspec

from facilitator.engine.entry_rules import EntryError, parse_date
from facilitator.engine.errors import SessionError
from facilitator.engine.ledger import Ledger
from facilitator.engine.plan import Slot, exercise_slots
from facilitator.engine.state import EDITABLE_DETAILS

DATE_DETAILS = ("date", "follow_up")


class AgendaEditor:
    """Setup's changes to the plan and the session's details."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def set_details(self, **changes: str) -> None:
        """Change the title, date, trainer, client, venue or follow-up date shown on handouts.

        Dates are checked and stored as ISO dates, so "3" is refused rather than printed.
        """
        allowed = {k: str(v) for k, v in changes.items() if k in EDITABLE_DETAILS}
        for key in DATE_DETAILS:
            if allowed.get(key, "").strip():
                try:
                    allowed[key] = parse_date(allowed[key]).isoformat()
                except EntryError as exc:
                    raise SessionError(f"{key.replace('_', '-')}: {exc}") from None
        details = msgspec.structs.replace(self.ledger.meta.details, **allowed)
        self.ledger.update_meta("details", details=details)

    def exercise_minutes(self) -> list[tuple[str, int]]:
        """Each exercise in the running order with its planned minutes."""
        totals: dict[str, int] = {}
        for slot in self.ledger.plan:
            if slot.exercise:
                totals[slot.exercise] = totals.get(slot.exercise, 0) + slot.minutes
        return list(totals.items())

    def _replace_plan(self, slots: list[Slot]) -> None:
        current = self.ledger.plan[self.ledger.meta.position].key
        keys = [s.key for s in slots]
        position = keys.index(current) if current in keys else 0
        self.ledger.update_meta("plan", plan=tuple(slots), position=position)

    def set_exercise_minutes(self, exercise_id: str, minutes: int) -> None:
        """Give an exercise a new length; its steps are scaled to fit."""
        if minutes < 1:
            raise SessionError("an exercise needs at least 1 minute")
        exercise = self.ledger.state.exercises.get(exercise_id)
        if exercise is None:
            raise SessionError(f"there is no exercise {exercise_id!r} in this session")
        new = exercise_slots(exercise, minutes)
        out: list[Slot] = []
        for slot in self.ledger.plan:
            if slot.exercise != exercise_id:
                out.append(slot)
            elif not any(s.exercise == exercise_id for s in out):
                out.extend(new)
        self._replace_plan(out)

    def drop_exercise(self, exercise_id: str) -> None:
        """Take an exercise out of today's plan (its entries, if any, stay stored)."""
        slots = [s for s in self.ledger.plan if s.exercise != exercise_id]
        if not slots:
            raise SessionError("the plan needs at least one step")
        self._replace_plan(slots)

    def move_exercise(self, exercise_id: str, offset: int) -> None:
        """Move an exercise (with its steps) earlier or later past whole exercises and breaks."""
        blocks: list[list[Slot]] = []
        for slot in self.ledger.plan:
            if blocks and slot.exercise and blocks[-1][0].exercise == slot.exercise:
                blocks[-1].append(slot)
            else:
                blocks.append([slot])
        index = next((i for i, b in enumerate(blocks) if b[0].exercise == exercise_id), None)
        if index is None:
            raise SessionError(f"there is no exercise {exercise_id!r} in today's plan")
        target = max(0, min(len(blocks) - 1, index + offset))
        blocks.insert(target, blocks.pop(index))
        self._replace_plan([s for b in blocks for s in b])
