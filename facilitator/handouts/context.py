"""What a participant's action plan shows, prepared from a `Session` as plain data.

Templates only lay out; every decision about *what* a person sees is made
here, where it can be tested without HTML. Above all privacy: a person's
actions and relationship map are read only for that person, so no template
can leak them into someone else's page by accident.

`Snapshot` reads the session once (one query per step), because the same
workshop yields up to 40 plans in a room and 1,000 in the benchmark, and the
store answers every query by scanning its records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from facilitator.engine import GROUP, Entry, Participant, Session, team_owner
from facilitator.engine import details as session_details
from facilitator.engine.plan import Slot
from facilitator.handouts import layout
from facilitator.handouts.filenames import unique_slugs
from facilitator.handouts.text import clean, long_date, one_line, short_date, value_label
from facilitator.handouts.views import (
    Action,
    Cell,
    ChecklistView,
    Details,
    EntryGroup,
    Labelled,
    ParticipantPlan,
    Table,
    TickRow,
)
from facilitator.model import Capture, Checklist, Exercise, Field, Step

KEY_POINT_LINES = 5
SUGGESTION_DETAIL_LIMIT = 6
ENTRY_KINDS = ("capture", "rating", "checklist", "vote")


@dataclass
class Snapshot:
    """The session read once: people, plan, and every step's live entries."""

    workshop: Session
    people: list[Participant]
    plan: tuple[Slot, ...]
    steps: dict[str, Step]
    entries: dict[str, list[Entry]]
    details: Details
    info: session_details.SessionDetails
    key_points: tuple[str, ...] = ()
    slugs: dict[str, str] = field(default_factory=dict)

    def keys(self, kind: type[Step]) -> list[str]:
        """Slot keys of every step of one kind, in plan order."""
        return [k for k, s in self.steps.items() if isinstance(s, kind)]

    def section(self, name: str) -> list[tuple[str, Capture]]:
        """Capture steps routed to a handout section, in plan order."""
        return [(k, s) for k, s in self.steps.items() if isinstance(s, Capture) and s.handout == name]


def kind_of(step: Step) -> str:
    """A step's kind as written in its file ("capture", "vote", ...)."""
    return str(type(step).__struct_config__.tag)


def snapshot(workshop: Session, taken_slugs: tuple[str, ...] = ()) -> Snapshot:
    """Read the whole session once; the basis for every page."""
    plan = workshop.plan
    steps: dict[str, Step] = {}
    for slot in plan:
        step = workshop.step(slot.key) if slot.exercise else None
        if step is not None:
            steps[slot.key] = step
    entries = {key: workshop.entries(key) for key, step in steps.items() if kind_of(step) in ENTRY_KINDS}
    people = workshop.participants()
    info = session_details.read(workshop)
    follow = info.follow_up_date
    details = Details(
        title=one_line(info.title),
        date=long_date(info.date),
        trainer=one_line(info.trainer),
        client=one_line(info.client),
        venue=one_line(info.venue),
        agenda=one_line(info.agenda_title),
        follow_up=long_date(follow.isoformat()) if follow else "",
    )
    snap = Snapshot(workshop, people, plan, steps, entries, details, info)
    snap.key_points = key_points(snap)
    snap.slugs = unique_slugs(((p.id, p.name) for p in people), taken_slugs)
    return snap


def exercises_run(snap: Snapshot) -> list[Exercise]:
    """Exercises in plan order that the room actually did (time spent or entries made).

    A session printed before anything ran (a dry run) counts every planned exercise.
    """
    planned: dict[str, bool] = {}
    for slot in snap.plan:
        if slot.exercise:
            done = snap.workshop.spent(slot.key) > 0 or bool(snap.entries.get(slot.key))
            planned[slot.exercise] = planned.get(slot.exercise, False) or done
    chosen = [ex for ex, done in planned.items() if done] or list(planned)
    return [snap.workshop.exercises[ex] for ex in chosen if ex in snap.workshop.exercises]


def key_points(snap: Snapshot) -> tuple[str, ...]:
    """A few lines that sum up the day: each exercise's first point, then its second, ...

    Taking points round-robin keeps every exercise represented when the budget
    (`KEY_POINT_LINES`) is smaller than all the points of a full day.
    """
    lists = [[one_line(p) for p in ex.key_points if p.strip()] for ex in exercises_run(snap)]
    chosen: list[str] = []
    depth = 0
    while len(chosen) < KEY_POINT_LINES and any(len(points) > depth for points in lists):
        chosen.extend(points[depth] for points in lists if len(points) > depth)
        depth += 1
    return tuple(chosen[:KEY_POINT_LINES])


def labelled(step: Capture, entry: Entry, owner: str = "") -> Labelled:
    """An entry as a headline and labelled details.

    The headline is what the exercise made compulsory, in words: its required
    text fields joined by an arrow ("I'll get back to you" -> "I'll ring by 4
    pm"); without any, the first filled field. Choices, scores and dates stay
    in the details, labelled, because alone they mean nothing.
    """
    values = [(f, field_value(f, entry.data.get(f.id, ""))) for f in step.fields]
    main = [v for f, v in values if v and f.required and f.kind in ("text", "long")]
    if not main:
        main = [v for _, v in values if v][:1]
    if not main:
        return Labelled("", (), owner)
    details = tuple((one_line(f.label), v) for f, v in values if v and v not in main)
    return Labelled(" → ".join(main), details, owner)


def field_value(f: Field, raw: object) -> str:
    if f.kind == "date":
        return short_date(raw) if raw else ""
    if f.kind == "score":
        return f"{raw} of {f.max}" if raw != "" else ""
    if f.kind == "choice":
        return value_label(clean(raw).strip())
    return clean(raw).strip()


def _by_owner(snap: Snapshot, keys: list[str]) -> dict[str, dict[str, list[Entry]]]:
    grouped: dict[str, dict[str, list[Entry]]] = {}
    for key in keys:
        owners: dict[str, list[Entry]] = defaultdict(list)
        for entry in snap.entries.get(key, []):
            owners[entry.owner].append(entry)
        grouped[key] = owners
    return grouped


def _actions(entries: list[Entry]) -> tuple[Action, ...]:
    return tuple(
        Action(
            what=clean(e.data.get("action", "")).strip(),
            due=short_date(e.data["due"]) if e.data.get("due") else "",
            support=clean(e.data.get("support", "")).strip(),
            measure=clean(e.data.get("measure", "")).strip(),
        )
        for e in entries
    )


def _checklist(step: Checklist, exercise: str, entries: list[Entry]) -> ChecklistView:
    ordered = sorted(entries, key=lambda e: e.round)
    rows = tuple(
        TickRow(one_line(item.label), tuple(bool(e.data.get(item.id)) for e in ordered))
        for item in step.items
    )
    if ordered:
        last = ordered[-1]
        ticked = sum(1 for item in step.items if last.data.get(item.id))
        summary = f"{ticked} of {len(step.items)} heard"
        if len(ordered) > 1:
            summary += f" in round {last.round}" if last.round else " in the last checklist"
    else:
        summary = "Not observed today: use the list on your next call."
    return ChecklistView(
        title=one_line(step.title),
        exercise=exercise,
        rounds=tuple(e.round for e in ordered),
        rows=rows,
        summary=summary,
    )


def _table(step: Capture, entries: list[Entry]) -> Table:
    rows = tuple(
        tuple(
            Cell("", int(v), f.max)
            if f.kind == "score" and isinstance(v := e.data.get(f.id), int)
            else Cell(field_value(f, e.data.get(f.id, "")))
            for f in step.fields
        )
        for e in entries
    )
    return Table(
        title=one_line(step.title),
        columns=tuple(one_line(f.label) for f in step.fields),
        score_columns=tuple(f.kind == "score" for f in step.fields),
        rows=rows,
    )


class PlanBuilder:
    """Builds every participant's plan from one `Snapshot`, grouping entries once."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.actions = _by_owner(snap, [k for k, _ in snap.section("actions")])
        self.relationships = _by_owner(snap, [k for k, _ in snap.section("relationships")])
        self.rel_plan = _by_owner(snap, [k for k, _ in snap.section("relationship-plan")])
        self.checklists = _by_owner(snap, snap.keys(Checklist))
        self.suggestions = _by_owner(snap, [k for k, _ in snap.section("team-suggestions")])
        self._team_cache: dict[str, tuple[EntryGroup, ...]] = {}

    def plan(self, person: Participant) -> ParticipantPlan:
        """One person's plan; only their own private entries are read."""
        snap, pid = self.snap, person.id
        actions = [e for owners in self.actions.values() for e in owners.get(pid, [])]
        checklists = []
        for key, owners in self.checklists.items():
            step = snap.steps[key]
            assert isinstance(step, Checklist)
            exercise = snap.workshop.exercises[key.partition("/")[0]]
            checklists.append(_checklist(step, one_line(exercise.title), owners.get(pid, [])))
        maps = []
        for key, owners in self.relationships.items():
            step = snap.steps[key]
            assert isinstance(step, Capture)
            maps.append(_table(step, owners.get(pid, [])))
        rel_plan: list[tuple[str, str]] = []
        for key, owners in self.rel_plan.items():
            step = snap.steps[key]
            assert isinstance(step, Capture)
            for entry in owners.get(pid, []):
                for f in step.fields:
                    value = field_value(f, entry.data.get(f.id, ""))
                    if value:
                        rel_plan.append((one_line(f.label), value))
        suggestions = self._suggestions(person)
        columns = layout.balance(suggestions)
        name = clean(person.name).strip() or pid
        has_relationships = bool(self.relationships or self.rel_plan)
        action_views = _actions(actions)
        estimate = layout.estimate_mm(
            name,
            action_views,
            checklists,
            snap.key_points,
            columns,
            bool(self.suggestions),
            maps,
            rel_plan,
            has_relationships,
        )
        return ParticipantPlan(
            id=pid,
            name=name,
            team=clean(person.team).strip(),
            slug=snap.slugs[pid],
            actions=action_views,
            checklists=tuple(checklists),
            relationship_maps=tuple(maps),
            relationship_plan=tuple(rel_plan),
            has_relationships=has_relationships,
            suggestions=suggestions,
            suggestion_columns=columns,
            suggestions_heading="My team's suggestions" if person.team else "Our suggestions",
            has_suggestions=bool(self.suggestions),
            estimated_mm=estimate,
        )

    def _suggestions(self, person: Participant) -> tuple[EntryGroup, ...]:
        """The person's team's entries, plus any the whole group made together (once per team)."""
        if person.team not in self._team_cache:
            self._team_cache[person.team] = self._team_suggestions(person.team)
        return self._team_cache[person.team]

    def _team_suggestions(self, team: str) -> tuple[EntryGroup, ...]:
        wanted = (team_owner(team), GROUP) if team else (GROUP,)
        groups = []
        for key, owners in self.suggestions.items():
            step = self.snap.steps[key]
            assert isinstance(step, Capture)
            found = [labelled(step, e) for owner in wanted for e in owners.get(owner, [])]
            found = [f for f in found if f.headline]
            if found:
                groups.append(EntryGroup(one_line(step.title), tuple(found)))
        if sum(len(g.entries) for g in groups) > SUGGESTION_DETAIL_LIMIT:
            # A full day gives a team a dozen suggestions: headlines keep the page to one sheet.
            groups = [
                EntryGroup(g.title, tuple(Labelled(e.headline, (), e.owner) for e in g.entries))
                for g in groups
            ]
        return tuple(groups)


def handout_people(snap: Snapshot) -> list[Participant]:
    """Who gets a plan: everyone on the roster except those absent all day with nothing recorded."""
    owners = {e.owner for entries in snap.entries.values() for e in entries}
    return [p for p in snap.people if p.status != "absent" or p.id in owners]
