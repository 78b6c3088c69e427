"""Page one of the trainer's report: what the trainer's manager reads in a minute.

Attendance, time against plan, the three weakest points the room found,
the award winners, what each team committed to (with owner and date), the
recommend score and the follow-up date. Everything here is drawn from the
same figures and steps as the detail that follows it, so the summary can
never say something the detail does not back up.

Weak points are found generically: every rating the room scored for itself
(per participant; a group's score of one case study is not a finding about
the organisation) gives its weakest item, every observer checklist its most
missed item, and a rating with two aspects its widest gap. Each is measured
as a share of its own scale, and the three weakest are shown, one per step.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from facilitator.engine import GROUP, Entry
from facilitator.engine import day_figures as figures
from facilitator.engine.aggregates import cell_key
from facilitator.handouts.context import Snapshot
from facilitator.handouts.text import long_date, one_line, short_date
from facilitator.model import Checklist, Field, Rating, is_private

WEAK_POINTS = 3
COMMITMENTS_SHOWN = 8
OWNER_WORDS = ("owner", "who", "first step")


@dataclass(frozen=True)
class WeakPoint:
    """One weak spot: where it was found, what, and the figure that says so, with its scale's meaning."""

    source: str
    label: str
    figure: str
    meaning: str
    weakness: float


@dataclass(frozen=True)
class Commitment:
    """A team's suggestion as a commitment: what, who owns the first step, by when."""

    team: str
    text: str
    owner: str
    due: str


@dataclass(frozen=True)
class Briefing:
    """Page one."""

    weak_points: tuple[WeakPoint, ...]
    awards: tuple[tuple[str, str], ...]
    commitments: tuple[Commitment, ...]
    more_commitments: int
    recommend: str
    follow_up: str
    time: str


def scale_meaning(step: Rating) -> str:
    """ "1 = We make this mistake, 5 = We avoid it completely", or the bare scale."""
    low = f"{step.min} = {one_line(step.low_label)}" if step.low_label.strip() else str(step.min)
    high = f"{step.max} = {one_line(step.high_label)}" if step.high_label.strip() else str(step.max)
    return f"{low}, {high}" if step.low_label.strip() or step.high_label.strip() else f"scale {low} to {high}"


def _scores(entries: list[Entry], key: str) -> list[int]:
    return [v for e in entries if isinstance(v := e.data.get(key), int) and not isinstance(v, bool)]


def rating_weak_point(source: str, step: Rating, entries: list[Entry]) -> WeakPoint | None:
    """The lowest-scored item, or with two aspects the widest gap between them."""
    span = max(1, step.max - step.min)
    found: list[WeakPoint] = []
    for item in step.items:
        label = one_line(item.label)
        if len(step.aspects) >= 2:
            first = _scores(entries, cell_key(item.id, 0))
            second = _scores(entries, cell_key(item.id, 1))
            if not first or not second:
                continue
            a, b = mean(first), mean(second)
            names = [one_line(x).lower() for x in step.aspects[:2]]
            figure = f"{a:.1f} {names[0]}, {b:.1f} {names[1]}"
            found.append(WeakPoint(source, label, figure, scale_meaning(step), abs(a - b) / span))
        else:
            values = _scores(entries, cell_key(item.id))
            if values:
                avg = mean(values)
                weakness = (step.max - avg) / span
                found.append(
                    WeakPoint(source, label, f"{avg:.1f} of {step.max}", scale_meaning(step), weakness)
                )
    return max(found, key=lambda w: w.weakness, default=None)


def checklist_weak_point(source: str, step: Checklist, entries: list[Entry]) -> WeakPoint | None:
    """The item observers most often did not hear."""
    if not entries:
        return None
    worst = max(step.items, key=lambda i: sum(1 for e in entries if not e.data.get(i.id)))
    missed = sum(1 for e in entries if not e.data.get(worst.id))
    if missed == 0:
        return None
    figure = f"missed in {missed} of {len(entries)} observed calls"
    return WeakPoint(
        source, one_line(worst.label), figure, "observers ticked what they heard", missed / len(entries)
    )


def weak_points(snap: Snapshot) -> tuple[WeakPoint, ...]:
    """The three weakest points across the room's own ratings and the checklists."""
    found: list[WeakPoint] = []
    for key, step in snap.steps.items():
        if is_private(step):
            continue
        exercise = snap.workshop.exercises.get(key.partition("/")[0])
        source = one_line(exercise.title) if exercise else one_line(step.title)
        entries = snap.entries.get(key, [])
        point = None
        if isinstance(step, Rating) and step.per == "participant":
            point = rating_weak_point(source, step, entries)
        elif isinstance(step, Checklist):
            point = checklist_weak_point(source, step, entries)
        if point is not None:
            found.append(point)
    found.sort(key=lambda w: w.weakness, reverse=True)
    return tuple(found[:WEAK_POINTS])


def _owner_field(fields: list[Field]) -> Field | None:
    return next((f for f in fields if any(w in f.label.lower() or w in f.id for w in OWNER_WORDS)), None)


def commitments(snap: Snapshot) -> list[Commitment]:
    """Every team suggestion that proposes a change (not a rewritten sentence), in plan order."""
    out = []
    for key, step in snap.section("team-suggestions"):
        if figures.is_rewrite(step.fields) or is_private(step):
            continue
        main = next((f for f in step.fields if f.required), step.fields[0])
        owner_field = _owner_field(step.fields)
        date_field = next((f for f in step.fields if f.kind == "date"), None)
        for entry in snap.entries.get(key, []):
            text = one_line(entry.data.get(main.id, ""))
            if not text:
                continue
            team = "Whole group" if entry.owner == GROUP else one_line(snap.workshop.owner_label(entry.owner))
            owner = one_line(entry.data.get(owner_field.id, "")) if owner_field else ""
            due = (
                short_date(entry.data.get(date_field.id))
                if date_field and entry.data.get(date_field.id)
                else ""
            )
            out.append(Commitment(team, text, owner, due))
    return out


def awards(snap: Snapshot) -> tuple[tuple[str, str], ...]:
    """(award, winner and dots) for every vote with an award and at least one dot."""
    from facilitator.handouts.report import vote_awards

    return tuple(a for key in snap.steps for a in vote_awards(snap, key))


def briefing(snap: Snapshot) -> Briefing:
    """Page one, from the same figures as the rest of the report."""
    workshop = snap.workshop
    score = figures.recommend(workshop) if snap.info.started else None
    recommend = (
        f"{score.share}% would recommend it ({score.yes} of {score.answers}); net score {score.net:+d}"
        if score
        else ""
    )
    lines = figures.agenda(workshop)
    planned, actual = figures.agenda_totals(lines)
    if actual is None:
        time = f"{planned} minutes planned"
    elif snap.info.finished:
        diff = actual - planned
        how = "as planned" if diff == 0 else f"{abs(diff)} min {'over' if diff > 0 else 'under'}"
        time = f"{actual} of {planned} planned minutes ({how})"
    else:
        time = f"{actual} minutes so far of {planned} planned; {workshop.schedule()}"
    found = commitments(snap)
    follow = snap.info.follow_up_date
    return Briefing(
        weak_points=weak_points(snap) if snap.info.started else (),
        awards=awards(snap),
        commitments=tuple(found[:COMMITMENTS_SHOWN]),
        more_commitments=max(0, len(found) - COMMITMENTS_SHOWN),
        recommend=recommend,
        follow_up=long_date(follow.isoformat()) if follow else "",
        time=time,
    )
