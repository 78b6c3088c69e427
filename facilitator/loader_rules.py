"""The rules an exercise or agenda file must keep beyond its types, checked one file at a time.

msgspec checks what a type can say (a number is a number, a kind is one of
eight). These are the rules that span fields and steps: ids that must be
unique, minutes that must add up, lists that must not hold blanks, and which
steps may be private. References to other steps are checked in
`loader_refs`; the ids and their wording live in `rules`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from facilitator.loader_refs import reference_issues, references
from facilitator.model import (
    PRIVATE_HANDOUTS,
    Agenda,
    Brief,
    Capture,
    Checklist,
    Debrief,
    Exercise,
    Item,
    Pairing,
    Rating,
    Step,
    Vote,
)
from facilitator.rules import Issue, issue

_RATING_SCALE = (0, 10)  # scores are typed as digits, "1 then 0" for 10
_MAX_ASPECTS = 4
_GROUP_ROLES = {"pairs": 2, "trios": 3}


def _blank(text: str) -> bool:
    return not text.strip()


def _blanks(texts: Iterable[str], where: str, what: str) -> list[Issue]:
    return [
        issue("text-not-empty", f"{where}[{n}]", f"{what} {n + 1} is blank")
        for n, t in enumerate(texts)
        if _blank(t)
    ]


def _duplicates(values: list[str]) -> list[int]:
    """Positions of values already seen earlier in the list."""
    return [n for n, v in enumerate(values) if v in values[:n]]


# ----- one exercise --------------------------------------------------------------------------------


def exercise_issues(ex: Exercise) -> list[Issue]:
    """Every rule one exercise file can be checked against on its own."""
    out: list[Issue] = []
    for name in ("title", "purpose"):
        if _blank(getattr(ex, name)):
            out.append(issue("text-not-empty", name, f"the exercise's {name} is blank"))
    for name in ("materials", "debrief_questions", "key_points"):
        out.extend(_blanks(getattr(ex, name), name, name.replace("_", " ").rstrip("s") + " line"))
    if ex.minutes == 0:
        out.append(issue("exercise-needs-minutes", "minutes", "an exercise needs at least 1 minute"))
    planned = sum(s.minutes for s in ex.steps)
    if planned != ex.minutes:
        out.append(
            issue(
                "minutes-add-up",
                "minutes",
                f"steps add up to {planned} min but the exercise says {ex.minutes}",
            )
        )
    ids = [s.id for s in ex.steps]
    for n in _duplicates(ids):
        out.append(issue("unique-step-ids", f"steps[{n}].id", f"duplicate step id {ids[n]!r}"))
    for n, step in enumerate(ex.steps):
        out.extend((rule, f"steps[{n}].{where}", msg) for rule, where, msg in _step_issues(step))
    for ref in references(ex):
        out.extend(reference_issues(ex, ref, local=True))
    return out


def _step_issues(step: Step) -> list[Issue]:
    out: list[Issue] = []
    if _blank(step.title):
        out.append(issue("text-not-empty", "title", "the step's title is blank"))
    if _blank(step.instructions):
        out.append(issue("instructions-not-empty", "instructions", "every step needs instructions"))
    out.extend(_privacy_issues(step))
    kind_rules: dict[type, Callable[[Step], list[Issue]]] = {
        Capture: _capture_issues,
        Rating: _rating_issues,
        Checklist: _checklist_issues,
        Pairing: _pairing_issues,
        Vote: _vote_issues,
    }
    check = kind_rules.get(type(step))
    if check is not None:
        out.extend(check(step))
    if isinstance(step, Brief):
        if not step.points:
            out.append(issue("brief-needs-points", "points", "a brief needs at least one talking point"))
        out.extend(_blanks(step.points, "points", "point"))
    if isinstance(step, Debrief):
        out.extend(_blanks(step.questions, "questions", "question"))
    return out


def _privacy_issues(step: Step) -> list[Issue]:
    if step.visibility == "private" and not (isinstance(step, Capture) and step.per == "participant"):
        return [
            issue(
                "private-capture-only",
                "visibility",
                'only a capture step with per = "participant" can be private: each person types their '
                "own entries at the keyboard, and nothing else about the step is hidden",
            )
        ]
    if not isinstance(step, Capture):
        return []
    if step.self_entry and step.per != "participant":
        return [
            issue(
                "self-entry-per-participant",
                "self_entry",
                'people enter their own entries on their phones only on a step with per = "participant"',
            )
        ]
    if step.handout in PRIVATE_HANDOUTS and step.visibility != "private":
        return [
            issue(
                "private-handout",
                "visibility",
                f'entries for the {step.handout!r} handout are personal: add visibility = "private" '
                "so they are never projected or put in the report",
            )
        ]
    if step.handout == "team-suggestions" and step.visibility == "private":
        return [
            issue(
                "private-handout",
                "handout",
                "team suggestions are printed in everyone's handout, so they cannot come from a private step",
            )
        ]
    return []


def _capture_issues(step: Step) -> list[Issue]:
    assert isinstance(step, Capture)
    out: list[Issue] = []
    ids = [f.id for f in step.fields]
    for n in _duplicates(ids):
        out.append(issue("unique-field-ids", f"fields[{n}].id", f"duplicate field id {ids[n]!r}"))
    for n, f in enumerate(step.fields):
        at = f"fields[{n}]"
        if _blank(f.label):
            out.append(issue("text-not-empty", f"{at}.label", f"the label of field {f.id!r} is blank"))
        if f.kind == "choice" and not f.choices:
            out.append(issue("choice-fields", f"{at}.choices", "a choice field needs choices"))
        if f.kind != "choice" and f.choices:
            out.append(
                issue(
                    "choice-fields", f"{at}.choices", f"only a choice field has choices; this is {f.kind!r}"
                )
            )
        out.extend(_blanks(f.choices, f"{at}.choices", "choice"))
        for m in _duplicates([c.strip().casefold() for c in f.choices]):
            out.append(
                issue("choice-fields", f"{at}.choices[{m}]", f"the choice {f.choices[m]!r} is listed twice")
            )
        if f.kind == "score" and f.min >= f.max:
            out.append(issue("score-range", f"{at}.max", "max must be above min"))
    if step.handout == "actions":
        missing = [name for name in ("action", "due") if name not in ids]
        if missing:
            out.append(
                issue("action-plan-fields", "handout", f"an action plan needs fields {', '.join(missing)}")
            )
    return out


def _items_issues(items: list[Item]) -> list[Issue]:
    ids = [item.id for item in items]
    out = [
        issue("unique-item-ids", f"items[{n}].id", f"duplicate item id {ids[n]!r}") for n in _duplicates(ids)
    ]
    out.extend(
        issue("text-not-empty", f"items[{n}].label", f"the label of item {item.id!r} is blank")
        for n, item in enumerate(items)
        if _blank(item.label)
    )
    return out


def _rating_issues(step: Step) -> list[Issue]:
    assert isinstance(step, Rating)
    out = _items_issues(step.items)
    low, high = _RATING_SCALE
    if step.min >= step.max:
        out.append(issue("score-range", "max", "max must be above min"))
    elif step.min < low or step.max > high:
        out.append(
            issue(
                "score-range",
                "max",
                f"a rating's scale runs within {low} to {high} (scores are typed as digits)",
            )
        )
    if len(step.aspects) > _MAX_ASPECTS:
        out.append(
            issue(
                "aspects-max-4",
                "aspects",
                f"{len(step.aspects)} aspects: a rating has at most {_MAX_ASPECTS}",
            )
        )
    out.extend(_blanks(step.aspects, "aspects", "aspect"))
    for n in _duplicates([a.strip().casefold() for a in step.aspects]):
        out.append(issue("aspects-max-4", f"aspects[{n}]", f"the aspect {step.aspects[n]!r} is listed twice"))
    return out


def _checklist_issues(step: Step) -> list[Issue]:
    assert isinstance(step, Checklist)
    out = _items_issues(step.items)
    if step.subject_role and not step.pairing:
        out.append(
            issue(
                "checklist-pairing",
                "subject_role",
                'subject_role needs pairing = "..." (the role play it follows)',
            )
        )
    return out


def _pairing_issues(step: Step) -> list[Issue]:
    assert isinstance(step, Pairing)
    out = _blanks(step.roles, "roles", "role")
    if _duplicates([r.strip().casefold() for r in step.roles]):
        out.append(issue("unique-roles", "roles", "role names must differ"))
    wanted = _GROUP_ROLES.get(step.grouping)
    if step.grouping == "alone":
        out.append(
            issue(
                "pairing-grouping", "grouping", "a role play is never done alone: use pairs, trios or teams"
            )
        )
    elif wanted is not None and wanted != len(step.roles):
        out.append(
            issue(
                "pairing-grouping",
                "grouping",
                f"grouping {step.grouping!r} means {wanted} roles, but there are {len(step.roles)}",
            )
        )
    for n, card in enumerate(step.cards):
        for name in ("name", "reason"):
            if _blank(getattr(card, name)):
                out.append(issue("text-not-empty", f"cards[{n}].{name}", f"card {n + 1} has a blank {name}"))
    return out


def _vote_issues(step: Step) -> list[Issue]:
    assert isinstance(step, Vote)
    if bool(step.where_field) != bool(step.where_values):
        return [
            issue("vote-fields", "where_values", "give where_field and where_values together, or neither")
        ]
    return []


# ----- agendas -------------------------------------------------------------------------------------


def agenda_issues(agenda: Agenda) -> list[Issue]:
    """Agenda rules that need no other file."""
    out: list[Issue] = []
    if _blank(agenda.title):
        out.append(issue("text-not-empty", "title", "the agenda's title is blank"))
    seen: dict[str, int] = {}
    for n, item in enumerate(agenda.items):
        at = f"items[{n}]"
        if bool(item.exercise) == bool(item.break_title.strip()):
            out.append(issue("break-or-exercise", at, "give either exercise = ... or break = ..."))
        if item.minutes == 0:
            out.append(issue("agenda-item-minutes", f"{at}.minutes", "every item needs at least 1 minute"))
        if item.exercise and item.exercise in seen:
            out.append(
                issue(
                    "exercise-once-per-agenda",
                    f"{at}.exercise",
                    f"{item.exercise!r} already runs as item {seen[item.exercise] + 1}: an exercise runs "
                    "once per agenda (its entries are kept per step)",
                )
            )
        seen.setdefault(item.exercise, n)
    if not any(item.exercise for item in agenda.items):
        out.append(issue("agenda-needs-exercise", "items", "an agenda needs at least one exercise"))
    planned = sum(item.minutes for item in agenda.items)
    if planned != agenda.minutes:
        out.append(
            issue(
                "minutes-add-up",
                "minutes",
                f"items add up to {planned} min but the agenda says {agenda.minutes}",
            )
        )
    return out
