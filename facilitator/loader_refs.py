"""References between steps, and the privacy promise they must keep.

A checklist names its role play, a vote the capture it chooses among, a chart
the step it summarises; each may write "step" (same exercise, earlier) or
"exercise-id/step-id". Both forms get the same checks here, once the target
is found: the kind must fit, the fields must exist, and a private step's
entries (see `model.is_private`) are never carried into a vote or a chart,
because both are projected and printed in the report.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from facilitator.model import (
    Agenda,
    Capture,
    Chart,
    Checklist,
    Debrief,
    Exercise,
    Pairing,
    Rating,
    Step,
    Vote,
    is_private,
)
from facilitator.rules import Issue, issue


@dataclass(frozen=True)
class Reference:
    """A setting that names another step: a checklist's pairing, a vote's among, a chart's step."""

    index: int  # the referring step's position
    where: str  # the setting, e.g. "steps[4].charts[1].step"
    ref: str  # as written
    user: Checklist | Vote | Chart

    def target(self, own: str) -> tuple[str, str]:
        """(exercise id, step id) that the reference names."""
        ex_id, slash, step_id = self.ref.partition("/")
        return (ex_id, step_id) if slash else (own, self.ref)

    @property
    def base(self) -> str:
        """Where the referring block's other settings are."""
        return self.where.rsplit(".", 1)[0]


def references(ex: Exercise) -> Iterator[Reference]:
    """Every reference in the exercise, in file order."""
    for n, step in enumerate(ex.steps):
        if isinstance(step, Checklist) and step.pairing:
            yield Reference(n, f"steps[{n}].pairing", step.pairing, step)
        elif isinstance(step, Vote):
            yield Reference(n, f"steps[{n}].among", step.among, step)
        elif isinstance(step, Debrief):
            for m, chart in enumerate(step.charts):
                yield Reference(n, f"steps[{n}].charts[{m}].step", chart.step, chart)


def reference_issues(
    ex: Exercise,
    ref: Reference,
    local: bool,
    others: Mapping[str, Exercise] | None = None,
    refused: Collection[str] = (),
) -> list[Issue]:
    """Problems with one reference: local ones (same exercise) or, with `others`, the rest.

    `refused` holds the ids of exercises whose files have problems of their
    own, so a reference to one says so instead of claiming it does not exist.
    """
    ex_id, step_id = ref.target(ex.id)
    if (ex_id == ex.id) != local:
        return []
    if local:
        position = next((n for n, s in enumerate(ex.steps) if s.id == step_id), None)
        if position is None:
            return [issue("step-reference", ref.where, f"{ref.ref!r} names no step in this exercise")]
        if position >= ref.index:
            return [issue("step-reference", ref.where, f"{ref.ref!r} must name an earlier step")]
        target: Step | None = ex.steps[position]
    else:
        other = (others or {}).get(ex_id)
        target = other.step(step_id) if other else None
        if other is None and ex_id in refused:
            why = f"{ref.ref!r} cannot be used: the file of exercise {ex_id!r} has problems of its own"
            return [issue("step-reference", ref.where, why)]
        if target is None:
            return [issue("step-reference", ref.where, f"{ref.ref!r} names no known step")]
    assert target is not None
    return target_issues(ref, target)


def target_issues(ref: Reference, target: Step) -> list[Issue]:
    """Whether the named step is one the referring setting can use."""
    user, name, kind = ref.user, ref.ref, type(target).__name__.lower()
    if isinstance(user, Checklist):
        if not isinstance(target, Pairing):
            return [issue("checklist-pairing", ref.where, f"{name!r} is a {kind} step, not a pairing")]
        if user.subject_role not in target.roles:
            return [
                issue(
                    "checklist-pairing",
                    f"steps[{ref.index}].subject_role",
                    f"{user.subject_role!r} is not a role of {name!r}",
                )
            ]
        return []
    if is_private(target):
        if isinstance(user, Vote):
            return [issue("vote-among-private", ref.where, f"{name!r} is private: {_SHOWN.format('a vote')}")]
        return [issue("chart-of-private", ref.where, f"{name!r} is private: {_SHOWN.format('a chart')}")]
    if isinstance(user, Vote):
        return _among_issues(ref, user, target)
    return _chart_issues(ref, user, target)


def _among_issues(ref: Reference, vote: Vote, target: Step) -> list[Issue]:
    if not isinstance(target, Capture):
        return [
            issue(
                "vote-among-capture",
                ref.where,
                f"{ref.ref!r} is a {type(target).__name__.lower()} step, not a capture",
            )
        ]
    fields = {f.id: f for f in target.fields}
    at = f"steps[{ref.index}]"
    out = []
    if vote.label_field not in fields:
        out.append(
            issue("vote-fields", f"{at}.label_field", f"{ref.ref!r} has no field {vote.label_field!r}")
        )
    if vote.where_field and vote.where_field not in fields:
        out.append(
            issue("vote-fields", f"{at}.where_field", f"{ref.ref!r} has no field {vote.where_field!r}")
        )
    elif vote.where_field and fields[vote.where_field].kind == "choice":
        choices = {c.casefold() for c in fields[vote.where_field].choices}
        wrong = [v for v in vote.where_values if v.casefold() not in choices]
        if wrong:
            out.append(
                issue(
                    "vote-fields",
                    f"{at}.where_values",
                    f"{wrong[0]!r} is not a choice of {vote.where_field!r}",
                )
            )
    return out


_SHOWN = "{} would show its entries to the room"

_CHART_TARGETS: dict[str, type] = {
    "tally": Capture,
    "share": Capture,
    "entries": Capture,
    "missed": Checklist,
    "votes": Vote,
    "average": Rating,
    "gap": Rating,
    "lowest": Rating,
}
_CHART_FIELD = {"tally": "choice", "share": "score"}


def _chart_issues(ref: Reference, chart: Chart, target: Step) -> list[Issue]:
    want = _CHART_TARGETS[chart.kind]
    if not isinstance(target, want):
        return [
            issue(
                "chart-fits-step",
                f"{ref.base}.kind",
                f"{_a(chart.kind)} chart summarises a {want.__name__.lower()} step; "
                f"{ref.ref!r} is a {type(target).__name__.lower()} step",
            )
        ]
    field_kind = _CHART_FIELD.get(chart.kind)
    if field_kind is None:
        if chart.field:
            return [issue("chart-field", f"{ref.base}.field", f"{_a(chart.kind)} chart takes no field")]
        if isinstance(target, Rating) and chart.kind == "gap" and len(target.aspects) != 2:
            return [
                issue(
                    "gap-needs-two-aspects",
                    f"{ref.base}.kind",
                    f"a gap chart needs a rating with two aspects; {ref.ref!r} has {len(target.aspects)}",
                )
            ]
        return []
    assert isinstance(target, Capture)
    field = next((f for f in target.fields if f.id == chart.field), None)
    if field is None or field.kind != field_kind:
        return [
            issue(
                "chart-field",
                f"{ref.base}.field",
                f"a {chart.kind} chart needs a {field_kind} field of {ref.ref!r}",
            )
        ]
    if chart.kind == "share" and not field.min < chart.threshold <= field.max:
        return [
            issue(
                "share-threshold",
                f"{ref.base}.threshold",
                f"threshold {chart.threshold} is outside the scale of {field.id!r} "
                f"(use {field.min + 1} to {field.max})",
            )
        ]
    return []


def agenda_library_issues(
    agenda: Agenda, exercises: Mapping[str, Exercise], refused: Collection[str] = ()
) -> list[Issue]:
    """Agenda rules that need the exercises: they exist, and what one uses of another ran before it."""
    out: list[Issue] = []
    order = [item.exercise for item in agenda.items]
    for n, ex_id in enumerate(order):
        if not ex_id:
            continue
        ex = exercises.get(ex_id)
        if ex is None and ex_id in refused:
            why = f"exercise {ex_id!r} cannot be used: its file has problems of its own"
            out.append(issue("known-exercise", f"items[{n}].exercise", why))
            continue
        if ex is None:
            out.append(
                issue(
                    "known-exercise",
                    f"items[{n}].exercise",
                    f"unknown exercise {ex_id!r}: no file that passes the checks has this id",
                )
            )
            continue
        for ref in references(ex):
            other, _ = ref.target(ex.id)
            if other != ex.id and other not in order[:n]:
                out.append(
                    issue(
                        "reference-order",
                        f"items[{n}].exercise",
                        f"{ex_id!r} uses {ref.ref!r}, so {other!r} must run earlier in this agenda",
                    )
                )
                break
    return out


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"
