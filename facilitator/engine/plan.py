"""The running order of a session: one slot per step, plus breaks.

An agenda names exercises and minutes; a session needs a flat list it can step
through with next/previous, where each slot knows its planned minutes. When
the agenda (or the trainer in Setup) gives an exercise fewer or more minutes
than its file plans, the steps are scaled so the plan still adds up.
"""

from __future__ import annotations

import msgspec

from facilitator.engine.ids import break_key, step_key
from facilitator.model import Agenda, Exercise


class Slot(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One stop in the running order: a step of an exercise, or a break."""

    key: str
    title: str
    minutes: int
    exercise: str = ""
    step: str = ""

    @property
    def is_break(self) -> bool:
        """Breaks have no exercise: the room is away, the clock still runs."""
        return not self.exercise

    def to_dict(self) -> dict[str, object]:
        """A plain dict, for exports."""
        return msgspec.structs.asdict(self)


def scale_minutes(planned: list[int], total: int) -> list[int]:
    """Share `total` minutes among steps in proportion to their plan.

    Whole minutes only (a projected countdown in seconds-precise fractions
    helps nobody); rounding errors go to the longest steps so the sum is exact.
    """
    if not planned:
        return []
    base = sum(planned)
    if base == total:
        return list(planned)
    if base == 0:
        shares = [total // len(planned)] * len(planned)
        shares[-1] += total - sum(shares)
        return shares
    exact = [m * total / base for m in planned]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(planned)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def exercise_slots(exercise: Exercise, minutes: int | None = None) -> list[Slot]:
    """The slots of one exercise, scaled to `minutes` when given."""
    total = exercise.minutes if minutes is None else minutes
    shares = scale_minutes([s.minutes for s in exercise.steps], total)
    return [
        Slot(
            key=step_key(exercise.id, step.id),
            title=step.title,
            minutes=share,
            exercise=exercise.id,
            step=step.id,
        )
        for step, share in zip(exercise.steps, shares, strict=True)
    ]


def build_plan(agenda: Agenda, exercises: dict[str, Exercise]) -> list[Slot]:
    """Flatten an agenda into slots; unknown exercises were rejected by the loader."""
    slots: list[Slot] = []
    for n, item in enumerate(agenda.items):
        if item.break_title:
            slots.append(Slot(key=break_key(n), title=item.break_title, minutes=item.minutes))
        else:
            slots.extend(exercise_slots(exercises[item.exercise], item.minutes))
    return slots


def exercise_order(slots: list[Slot]) -> list[str]:
    """Exercise ids in running order, each once."""
    seen: list[str] = []
    for slot in slots:
        if slot.exercise and slot.exercise not in seen:
            seen.append(slot.exercise)
    return seen
