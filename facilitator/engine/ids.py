"""The ids the engine hands out, each with one parse.

Three kinds of id travel between the engine and its views:

- a participant id, `p1`, `p2`, ... : short, stable, never shown to a person;
- an owner, which says whose an entry is: a participant id, `team:<name>`
  for a team's entry, or `group` for the whole room's;
- a step key, `<exercise-id>/<step-id>` for an exercise's step or
  `break-<n>` for a break in the running order.

Each is taken apart here and nowhere else, so a change of form is a change
to one function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

GROUP = "group"
TEAM_PREFIX = "team:"
PARTICIPANT_ID = re.compile(r"^p[1-9][0-9]{0,8}$")

OwnerKind = Literal["participant", "team", "group"]


def participant_id(number: int) -> str:
    """The id of the `number`-th person added to a session."""
    return f"p{number}"


def participant_number(pid: str) -> int | None:
    """The number inside a participant id, or None when `pid` is not one."""
    return int(pid[1:]) if PARTICIPANT_ID.match(pid) else None


def team_owner(team: str) -> str:
    """The owner of an entry made for a team."""
    return f"{TEAM_PREFIX}{team}"


@dataclass(frozen=True)
class Owner:
    """Whose an entry is, taken apart: `kind` and the participant id or team name."""

    kind: OwnerKind
    name: str

    @property
    def team(self) -> str | None:
        """The team's name for a team owner, else None."""
        return self.name if self.kind == "team" else None


def parse_owner(owner: str) -> Owner:
    """Read an owner id; anything that is neither a team nor the group is a participant id."""
    if owner == GROUP:
        return Owner("group", GROUP)
    if owner.startswith(TEAM_PREFIX):
        return Owner("team", owner[len(TEAM_PREFIX) :])
    return Owner("participant", owner)


@dataclass(frozen=True)
class StepKey:
    """A slot key taken apart. Breaks have no exercise and no step."""

    exercise: str
    step: str

    @property
    def is_break(self) -> bool:
        """Breaks are keyed `break-<n>`, with no exercise part."""
        return not self.exercise


def parse_step_key(key: str) -> StepKey:
    """Split `exercise/step`; a key without a slash (a break) has neither part."""
    exercise, slash, step = key.partition("/")
    return StepKey(exercise, step) if slash else StepKey("", "")


def step_key(exercise: str, step: str) -> str:
    """The key of an exercise's step."""
    return f"{exercise}/{step}"


def break_key(position: int) -> str:
    """The key of a break at `position` in an agenda."""
    return f"break-{position}"


def resolve_ref(key: str, ref: str) -> str:
    """Turn a reference written in an exercise file ("step" or "exercise/step") into a key.

    A bare step id names a step of the same exercise as `key`.
    """
    return ref if "/" in ref else step_key(parse_step_key(key).exercise, ref)
