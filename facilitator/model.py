"""The shape of exercise and agenda files.

These structs are the single source of truth for what a file may contain:
the loader validates against them, the engine copies them into a session,
and `docs/authoring-exercises.md` documents them field by field. msgspec
rejects unknown keys and wrong types for us, so there are no hand-written
checks here beyond the few rules a type cannot express (see `loader`).
"""

from __future__ import annotations

import typing
from typing import Annotated, Literal

import msgspec

Grouping = Literal["alone", "pairs", "trios", "teams", "room"]
Visibility = Literal["projected", "private"]
Per = Literal["participant", "team", "group"]

Id = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
Minutes = Annotated[int, msgspec.Meta(ge=0, le=600)]
Text = Annotated[str, msgspec.Meta(max_length=10_000)]


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """Base for every file struct: unknown keys are a mistake, not an extension."""


class Field(_Strict, kw_only=True, frozen=True):
    """One input of a capture step, such as an action's "by when"."""

    id: Id
    label: str
    kind: Literal["text", "long", "choice", "date", "score"] = "text"
    choices: list[str] = []
    min: int = 0
    max: int = 10
    required: bool = False
    help: str = ""


class Item(_Strict, kw_only=True, frozen=True):
    """One line of a rating scale or an observer's checklist."""

    id: Id
    label: str


class Card(_Strict, kw_only=True, frozen=True):
    """A scenario card dealt to the person who starts a role play (the caller)."""

    name: str
    reason: str
    organisation: str = ""
    phone: str = ""
    urgency: str = ""
    twist: str = ""


class Chart(_Strict, kw_only=True, frozen=True):
    """One aggregate a debrief shows.

    `step` names an earlier step as "step-id" (same exercise) or
    "exercise-id/step-id". The kinds:
    - tally: how many entries chose each value of a choice `field`;
    - missed: checklist items ordered by how often they were not ticked;
    - votes: the vote tally, winner first;
    - average: mean score per rating item (and per aspect);
    - gap: for ratings with two aspects, the difference per item;
    - lowest: the `top` rating items with the lowest average;
    - share: the share of entries whose score `field` is at least `threshold`;
    - entries: the captured entries themselves, listed.
    """

    kind: Literal["tally", "missed", "votes", "average", "gap", "lowest", "share", "entries"]
    step: str
    field: str = ""
    top: Annotated[int, msgspec.Meta(ge=1, le=20)] = 3
    threshold: int = 9
    title: str = ""


class _Step(_Strict, tag_field="kind", kw_only=True, frozen=True):
    """What every step has, whatever its kind."""

    id: Id
    title: str
    instructions: Text
    minutes: Minutes = 0
    grouping: Grouping = "room"
    visibility: Visibility = "projected"


class Brief(_Step, tag="brief", kw_only=True, frozen=True):
    """Talking points the trainer reveals one at a time."""

    points: list[Text]


class Timer(_Step, tag="timer", kw_only=True, frozen=True):
    """A timed activity with nothing to record."""


class Pairing(_Step, tag="pairing", kw_only=True, frozen=True):
    """Role rotation in pairs or trios; everyone plays every role over the rounds."""

    roles: Annotated[list[str], msgspec.Meta(min_length=2, max_length=4)]
    rounds: Annotated[int, msgspec.Meta(ge=1, le=10)] = 3
    cards: list[Card] = []


class Capture(_Step, tag="capture", kw_only=True, frozen=True):
    """Structured entries, recorded per participant, per team or for the group.

    `handout` routes the entries into a printed section: "actions" (the personal
    action plan; fields `action`, `due`, `support`, `measure`), "team-suggestions",
    "relationships" or "relationship-plan". `self_entry` offers the step's form
    on the phones of people who joined, for their own entries (private steps
    per participant are always offered).
    """

    fields: Annotated[list[Field], msgspec.Meta(min_length=1)]
    per: Per = "participant"
    max_entries: Annotated[int, msgspec.Meta(ge=1, le=100)] = 20
    handout: Literal["", "actions", "team-suggestions", "relationships", "relationship-plan"] = ""
    self_entry: bool = False


class Rating(_Step, tag="rating", kw_only=True, frozen=True):
    """Scale items scored per participant or once by the group.

    With `aspects` (for example "with customers", "with colleagues") every item
    is scored once per aspect, which lets a debrief show the gap between them.
    """

    items: Annotated[list[Item], msgspec.Meta(min_length=1)]
    per: Literal["participant", "group"] = "participant"
    min: int = 1
    max: int = 5
    low_label: str = ""
    high_label: str = ""
    aspects: list[str] = []


class Checklist(_Step, tag="checklist", kw_only=True, frozen=True):
    """An observer ticks items for a participant.

    With `pairing`, the checklist follows that step's rounds and is filled in
    for whoever plays `subject_role` in each group.
    """

    items: Annotated[list[Item], msgspec.Meta(min_length=1)]
    pairing: str = ""
    subject_role: str = ""


class Vote(_Step, tag="vote", kw_only=True, frozen=True):
    """Dot votes among the entries of an earlier capture step.

    `label_field` names the field shown for each candidate; `where_field` and
    `where_values` narrow the candidates (for example only "poor" stories).
    """

    among: str
    label_field: str
    votes_each: Annotated[int, msgspec.Meta(ge=1, le=10)] = 3
    anonymous: bool = True
    where_field: str = ""
    where_values: list[str] = []
    award: str = ""


class Debrief(_Step, tag="debrief", kw_only=True, frozen=True):
    """Questions for the room, next to aggregates of earlier steps."""

    questions: list[Text] = []
    charts: list[Chart] = []


Step = Brief | Timer | Pairing | Capture | Rating | Checklist | Vote | Debrief
#: Every step kind, named once: the `kind` tags above. The loader, the TUI's view
#: registry and the handouts all derive theirs from this.
STEP_TYPES: tuple[type[_Step], ...] = typing.get_args(Step)
STEP_KINDS: tuple[str, ...] = tuple(str(t.__struct_config__.tag) for t in STEP_TYPES)


def kind_of(step: object) -> str:
    """A step's kind as its file writes it ("capture", "vote", ...); "" for anything else."""
    config = getattr(type(step), "__struct_config__", None)
    return str(getattr(config, "tag", "") or "") if isinstance(step, STEP_TYPES) else ""


#: Handout sections that belong to one person: their entries are printed only in
#: that person's own plan, so the step that collects them must be private.
PRIVATE_HANDOUTS: tuple[str, ...] = ("actions", "relationships", "relationship-plan")


def is_private(step: Step | None) -> bool:
    """Whether a step's entries belong to one person and must never reach the room or the report.

    Marked private, or routed to a personal handout section: either is enough,
    so a file that forgets one of the two still keeps its promise.
    """
    if step is None:
        return False
    if step.visibility == "private":
        return True
    return isinstance(step, Capture) and step.handout in PRIVATE_HANDOUTS


class Exercise(_Strict, kw_only=True, frozen=True):
    """One exercise file: a method with its invitation, materials and timed steps."""

    id: Id
    title: str
    purpose: Text
    minutes: Minutes
    invitation: Text = ""
    materials: list[str] = []
    notes: Text = ""
    notes_small_group: Text = ""
    notes_large_group: Text = ""
    debrief_questions: list[Text] = []
    key_points: list[Text] = []
    steps: Annotated[list[Step], msgspec.Meta(min_length=1)]

    def step(self, step_id: str) -> Step | None:
        """The step with this id, or None."""
        return next((s for s in self.steps if s.id == step_id), None)


class AgendaItem(_Strict, kw_only=True, frozen=True):
    """A slot in an agenda: an exercise, or a break when `break_title` is set."""

    minutes: Minutes
    exercise: str = ""
    break_title: str = msgspec.field(default="", name="break")


class Agenda(_Strict, kw_only=True, frozen=True):
    """An ordered plan of exercises and breaks for one kind of workshop."""

    id: Id
    title: str
    minutes: Minutes
    description: Text = ""
    items: Annotated[list[AgendaItem], msgspec.Meta(min_length=1)]
