"""What the trainer's report to the client shows, prepared as plain data.

The report walks the session's steps generically, by kind, so a trainer's
own exercises appear without any code knowing them: captures list their
entries, ratings and checklists become charts, votes name their award
winners, debriefs contribute the charts the trainer chose for the room.

Privacy rule: a private step (visibility "private", or one routed to a
personal handout section such as actions or the relationship map) is shown
as counts only. No content and no aggregate of its values reaches the
report. Entries made by individual participants are not attributed by name
either; team entries carry their team, which is the point of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from facilitator.engine import GROUP, Entry
from facilitator.engine.aggregates import Bar, ChartData
from facilitator.handouts.context import PRIVATE_SECTIONS, Snapshot, exercises_run, labelled
from facilitator.handouts.text import clean, minutes, one_line
from facilitator.handouts.views import Details, Labelled
from facilitator.model import Capture, Chart, Checklist, Debrief, Rating, Step, Vote, kind_of

STATUS_LABELS = {
    "present": "Present",
    "late": "Arrived late",
    "left": "Left early",
    "absent": "Absent",
}


@dataclass(frozen=True)
class Figure:
    """One "at a glance" number with what it counts."""

    value: str
    label: str


@dataclass(frozen=True)
class AttendanceRow:
    """People with one attendance status."""

    label: str
    count: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class AgendaRow:
    """An exercise or break with planned and actual minutes."""

    title: str
    planned: int
    actual: str
    difference: str
    is_break: bool


@dataclass(frozen=True)
class Block:
    """What one step contributes to the report."""

    title: str
    kind: str
    note: str = ""
    charts: tuple[ChartData, ...] = ()
    entries: tuple[Labelled, ...] = ()
    awards: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ExerciseReport:
    """One exercise's section of the report."""

    title: str
    purpose: str
    ran: bool
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    """The whole trainer's report."""

    details: Details
    glance: tuple[Figure, ...]
    attendance: tuple[AttendanceRow, ...]
    roster_size: int
    agenda: tuple[AgendaRow, ...]
    planned_total: int
    actual_total: str
    exercises: tuple[ExerciseReport, ...]


def clean_chart(chart: ChartData) -> ChartData:
    """The same chart with every label cleaned: vote labels are participants' words."""
    return replace(
        chart,
        title=one_line(chart.title),
        note=one_line(chart.note),
        bars=tuple(Bar(one_line(b.label), b.value, one_line(b.text)) for b in chart.bars),
        lines=tuple(one_line(line) for line in chart.lines),
    )


def is_private(step: Step | None) -> bool:
    """Whether a step's content must stay out of the report."""
    if step is None:
        return False
    if step.visibility == "private":
        return True
    return isinstance(step, Capture) and step.handout in PRIVATE_SECTIONS


def _private_note(entries: list[Entry]) -> str:
    people = {e.owner for e in entries if e.owner != GROUP}
    if not entries:
        return "Private step: nothing was recorded."
    who = f" from {len(people)} {'person' if len(people) == 1 else 'people'}" if people else ""
    kept = "; each person's entries appear only in their own handout" if people else ""
    return f"Private step: {len(entries)} {_plural(len(entries), 'entry', 'entries')}{who}{kept}."


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


class ReportBuilder:
    """Walks the plan once and turns each step into a `Block`."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.charted: set[str] = set()
        for key, step in snap.steps.items():
            if isinstance(step, Debrief):
                self.charted.update(snap.workshop.resolve(key, c.step) for c in step.charts)

    def build(self) -> Report:
        """The report for the whole session."""
        snap = self.snap
        agenda, planned_total, actual_total = self._agenda()
        exercises = self._exercises()
        return Report(
            details=snap.details,
            glance=self._glance(exercises),
            attendance=self._attendance(),
            roster_size=len(snap.people),
            agenda=agenda,
            planned_total=planned_total,
            actual_total=actual_total,
            exercises=exercises,
        )

    # ----- attendance and agenda --------------------------------------------------------

    def _attendance(self) -> tuple[AttendanceRow, ...]:
        rows = []
        for status, label in STATUS_LABELS.items():
            names = tuple(one_line(p.name) or p.id for p in self.snap.people if p.status == status)
            rows.append(AttendanceRow(label, len(names), names))
        return tuple(rows)

    def _agenda(self) -> tuple[tuple[AgendaRow, ...], int, str]:
        snap = self.snap
        actual = snap.workshop.actual_minutes()
        planned: dict[str, int] = {}
        titles: dict[str, tuple[str, bool]] = {}
        for slot in snap.plan:
            name = slot.exercise or slot.key
            planned[name] = planned.get(name, 0) + slot.minutes
            if slot.exercise:
                ex = snap.workshop.exercises.get(slot.exercise)
                titles[name] = (one_line(ex.title if ex else slot.exercise), False)
            else:
                titles[name] = (one_line(slot.title), True)
        ran = {slot.exercise for slot in snap.plan if snap.entries.get(slot.key)}
        rows = []
        for name, plan_min in planned.items():
            spent = actual.get(name, 0.0)
            title, is_break = titles[name]
            if spent < 0.5:
                # Entries typed in without the clock running (a co-trainer catching up) still mean it ran.
                status = "–" if is_break else ("not timed" if name in ran else "not run")
                rows.append(AgendaRow(title, plan_min, "–", status, is_break))
                continue
            diff = round(spent) - plan_min
            text = "on time" if diff == 0 else f"{diff:+d} min".replace("-", "−")
            rows.append(AgendaRow(title, plan_min, minutes(spent), text, is_break))
        total = sum(actual.values())
        return tuple(rows), sum(planned.values()), minutes(total) if total >= 0.5 else "–"

    def _glance(self, exercises: tuple[ExerciseReport, ...]) -> tuple[Figure, ...]:
        snap = self.snap
        attended = sum(1 for p in snap.people if p.status != "absent")
        figures = [
            Figure(f"{attended} of {len(snap.people)}", "took part"),
            Figure(str(sum(1 for e in exercises if e.ran)), "exercises run"),
        ]
        actions = sum(len(snap.entries.get(k, [])) for k, _ in snap.section("actions"))
        if snap.section("actions"):
            figures.append(Figure(str(actions), _plural(actions, "personal action", "personal actions")))
        share = self._first_share()
        if share is not None:
            figures.append(Figure(f"{round(share.bars[0].value)}%", "would recommend"))
        return tuple(figures)

    def _first_share(self) -> ChartData | None:
        for key, step in self.snap.steps.items():
            if not isinstance(step, Debrief):
                continue
            for chart in step.charts:
                target = self.snap.workshop.resolve(key, chart.step)
                if chart.kind == "share" and not is_private(self.snap.steps.get(target)):
                    data = self.snap.workshop.chart(key, chart)
                    if data.bars:
                        return data
        return None

    # ----- exercises, step by step --------------------------------------------------------

    def _exercises(self) -> tuple[ExerciseReport, ...]:
        snap = self.snap
        ran = {ex.id for ex in exercises_run(snap)}
        order: dict[str, list[str]] = {}
        for slot in snap.plan:
            if slot.exercise and slot.key in snap.steps:
                order.setdefault(slot.exercise, []).append(slot.key)
        out = []
        for ex_id, keys in order.items():
            ex = snap.workshop.exercises[ex_id]
            blocks = tuple(b for key in keys if (b := self.block(key)) is not None)
            out.append(ExerciseReport(one_line(ex.title), clean(ex.purpose).strip(), ex_id in ran, blocks))
        return tuple(out)

    def block(self, key: str) -> Block | None:
        """The report block for one step; None for steps with nothing to report."""
        step = self.snap.steps[key]
        title = one_line(step.title)
        entries = self.snap.entries.get(key, [])
        if is_private(step):
            return Block(title, kind_of(step), note=_private_note(entries))
        if isinstance(step, Capture):
            return self._capture(key, step, title, entries)
        if isinstance(step, Rating | Checklist):
            return self._charted(key, step, title, entries)
        if isinstance(step, Vote):
            return self._vote(key, step, title)
        if isinstance(step, Debrief):
            return self._debrief(key, step, title)
        return None

    def _capture(self, key: str, step: Capture, title: str, entries: list[Entry]) -> Block:
        owner = (lambda e: self.snap.workshop.owner_label(e.owner)) if step.per == "team" else None
        items = tuple(
            lab for e in entries if (lab := labelled(step, e, one_line(owner(e)) if owner else "")).headline
        )
        note = "" if items else "Nothing was recorded."
        return Block(title, kind_of(step), note=note, entries=items)

    def _charted(self, key: str, step: Rating | Checklist, title: str, entries: list[Entry]) -> Block:
        chart = Chart(kind="missed", step=key)
        if isinstance(step, Checklist):
            note = f"{len(entries)} {_plural(len(entries), 'checklist', 'checklists')} recorded."
        else:
            who = (
                "the whole group"
                if step.per == "group"
                else f"{len(entries)} {_plural(len(entries), 'person', 'people')}"
            )
            note = f"Scored by {who}."
            chart = Chart(kind="average", step=key)
        charts: tuple[ChartData, ...] = ()
        if key not in self.charted and entries:
            charts = (clean_chart(self.snap.workshop.chart(key, chart)),)
        return Block(title, kind_of(step), note=note, charts=charts)

    def _vote(self, key: str, step: Vote, title: str) -> Block:
        workshop = self.snap.workshop
        among = self.snap.steps.get(workshop.resolve(key, step.among))
        dots = self.snap.entries.get(key, [])
        if is_private(among):
            return Block(title, kind_of(step), note=f"{len(dots)} dots placed among private entries.")
        tally = workshop.tally(key)
        awards: tuple[tuple[str, str], ...] = ()
        top = tally[0][1] if tally else 0
        if step.award and top > 0:
            winners = [
                one_line(c.data.get(step.label_field, "")) or "(untitled)" for c, n in tally if n == top
            ]
            label = "Winner" if one_line(step.award) == title else one_line(step.award)
            awards = tuple((label, f"{w} ({top} {_plural(top, 'dot', 'dots')})") for w in winners)
        charts: tuple[ChartData, ...] = ()
        if key not in self.charted and dots:
            charts = (clean_chart(workshop.chart(key, Chart(kind="votes", step=key))),)
        note = "" if dots else "No votes were recorded."
        return Block(title, kind_of(step), note=note, charts=charts, awards=awards)

    def _debrief(self, key: str, step: Debrief, title: str) -> Block | None:
        workshop = self.snap.workshop
        charts: list[ChartData] = []
        notes: list[str] = []
        for chart in step.charts:
            target = workshop.resolve(key, chart.step)
            if is_private(self.snap.steps.get(target)):
                count = len(self.snap.entries.get(target, []))
                notes.append(
                    f"{one_line(chart.title) or 'A chart'}: drawn from a private step ({count} entries)."
                )
                continue
            if chart.kind == "entries" and target in self.snap.steps:
                continue
            charts.append(clean_chart(workshop.chart(key, chart)))
        if not charts and not notes:
            return None
        return Block(title, kind_of(step), note=" ".join(notes), charts=tuple(charts))
