"""What the trainer's report shows, prepared as plain data: a one-page briefing, the detail, an appendix.

The report walks the session's steps generically, by kind, so a trainer's
own exercises appear without any code knowing them: captures list their
entries, ratings and checklists become charts (each with its scale's
meaning), votes name their award winners, debriefs contribute the charts
the trainer chose for the room. Long stories and rewritten sentences go to
the appendix as fields, so the detail stays readable.

It is honest about the session's state (see `figures`): not started,
interim (the exercise under way is "in progress", not late and not run),
or final. Exercises that did not run collapse into one line.

Privacy rule: a private step (visibility "private", or one routed to a
personal handout section such as actions or the relationship map) is shown
as counts only. No content and no aggregate of its values reaches the
report. Entries made by individual participants are not attributed by name
either; team entries carry their team, which is the point of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from facilitator.engine import GROUP, Entry
from facilitator.engine import day_figures as figures
from facilitator.engine.aggregates import Bar, ChartData
from facilitator.handouts.appendix import AppendixSection, appendix, in_appendix
from facilitator.handouts.briefing import Briefing, briefing, scale_meaning
from facilitator.handouts.context import Snapshot, kind_of, labelled
from facilitator.handouts.text import EMPTY, clean, one_line, value_label
from facilitator.handouts.views import Details, Labelled
from facilitator.model import Capture, Chart, Checklist, Debrief, Rating, Step, Vote, is_private

STATUS_LABELS = {"present": "Present", "late": "Arrived late", "left": "Left early", "absent": "Absent"}


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
    in_progress: bool = False


@dataclass(frozen=True)
class Pair:
    """One item of a paired chart: its two aspects' averages (None when unscored)."""

    label: str
    first: float | None
    second: float | None


@dataclass(frozen=True)
class ChartView:
    """A chart as printed: the figures, what its scale means, and for two aspects the pairs."""

    data: ChartData
    meaning: str
    pairs: tuple[Pair, ...] = ()
    aspects: tuple[str, str] = ("", "")
    maximum: float = 0.0


@dataclass(frozen=True)
class Block:
    """What one step contributes to the report."""

    title: str
    kind: str
    note: str = ""
    charts: tuple[ChartView, ...] = ()
    entries: tuple[Labelled, ...] = ()
    awards: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ExerciseReport:
    """One exercise's section of the report."""

    title: str
    purpose: str
    in_progress: bool
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    """The whole trainer's report."""

    details: Details
    state: str
    state_note: str
    glance: tuple[Figure, ...]
    briefing: Briefing
    attendance: tuple[AttendanceRow, ...]
    roster_size: int
    agenda: tuple[AgendaRow, ...]
    planned_total: int
    actual_total: str
    exercises: tuple[ExerciseReport, ...]
    not_run: tuple[str, ...]
    appendix: tuple[AppendixSection, ...]


def clean_chart(chart: ChartData) -> ChartData:
    """The same chart with every label cleaned: vote labels are participants' words."""
    return replace(
        chart,
        title=one_line(chart.title),
        note=one_line(chart.note),
        bars=tuple(Bar(one_line(b.label), b.value, one_line(b.text)) for b in chart.bars),
        lines=tuple(one_line(line) for line in chart.lines),
    )


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _people(n: int) -> str:
    return f"{n} {_plural(n, 'person', 'people')}"


def _private_note(entries: list[Entry]) -> str:
    people = {e.owner for e in entries if e.owner != GROUP}
    if not entries:
        return f"Private step. {EMPTY.sentence}"
    who = f" from {len(people)} {_plural(len(people), 'person', 'people')}" if people else ""
    kept = "; each person's entries appear only in their own handout" if people else ""
    return f"Private step: {len(entries)} {_plural(len(entries), 'entry', 'entries')}{who}{kept}."


def vote_awards(snap: Snapshot, key: str) -> tuple[tuple[str, str], ...]:
    """(award, "winner (n dots)") for a vote step with an award, ties all named; () otherwise."""
    step = snap.steps.get(key)
    if (
        not isinstance(step, Vote)
        or not step.award
        or is_private(snap.steps.get(snap.workshop.resolve(key, step.among)))
    ):
        return ()
    tally = snap.workshop.tally(key)
    top = tally[0][1] if tally else 0
    if top == 0:
        return ()
    award = one_line(step.award)
    winners = [one_line(c.data.get(step.label_field, "")) or "(untitled)" for c, n in tally if n == top]
    return tuple((award, f"{w} ({top} {_plural(top, 'dot', 'dots')})") for w in winners)


def meaning(step: Step | None, kind: str) -> str:
    """What a chart's bars mean, printed with it: which way is better, and the scale's words."""
    if isinstance(step, Rating):
        base = f"Scale {scale_meaning(step)}"
        if kind == "gap":
            return f"{base}. Each bar: {one_line(step.aspects[0])} minus {one_line(step.aspects[1])}."
        return f"{base}. The longer the bar, the nearer to {step.max}."
    if isinstance(step, Checklist):
        return "Share of observed calls in which it was not heard: the longer the bar, the more often missed."
    if isinstance(step, Vote) or kind == "votes":
        return "Dots each entry received."
    if kind == "share":
        return "Share of answers in each band."
    if kind == "tally":
        return "Number of entries with each answer."
    return ""


class ReportBuilder:
    """Walks the plan once and turns each step into a `Block`."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.charted: set[str] = set()
        for key, step in snap.steps.items():
            if isinstance(step, Debrief):
                self.charted.update(snap.workshop.resolve(key, c.step) for c in step.charts)
        self.paired: set[str] = set()

    def build(self) -> Report:
        """The report for the whole session."""
        snap, info = self.snap, self.snap.info
        states = figures.exercise_states(snap.workshop)
        state = "final" if info.finished else ("interim" if info.started else "not started")
        note = ""
        if state == "interim":
            current = snap.workshop.current
            where = snap.workshop.exercises.get(current.exercise) if current.exercise else None
            doing = one_line(where.title) if where else one_line(current.title)
            note = f"Interim report: printed while the workshop is under way, during “{doing}”."
        elif state == "not started":
            note = "The workshop has not started: this report shows the plan and the roster only."
        agenda, planned_total, actual_total = self._agenda()
        shown = [ex for ex, s in states.items() if ex in snap.workshop.exercises and s != figures.NOT_RUN]
        not_run = [ex for ex, s in states.items() if ex in snap.workshop.exercises and s == figures.NOT_RUN]
        return Report(
            details=snap.details,
            state=state,
            state_note=note,
            glance=self._glance(),
            briefing=briefing(snap),
            attendance=self._attendance(),
            roster_size=len(snap.people),
            agenda=agenda,
            planned_total=planned_total,
            actual_total=actual_total,
            exercises=tuple(self._exercise(ex, states[ex] == figures.IN_PROGRESS) for ex in shown),
            not_run=tuple(one_line(snap.workshop.exercises[ex].title) for ex in not_run),
            appendix=appendix(snap, set(shown)),
        )

    # ----- the figures -----------------------------------------------------------------------

    def _attendance(self) -> tuple[AttendanceRow, ...]:
        rows = []
        for status, label in STATUS_LABELS.items():
            names = tuple(one_line(p.name) or p.id for p in self.snap.people if p.status == status)
            rows.append(AttendanceRow(label, len(names), names))
        return tuple(rows)

    def _agenda(self) -> tuple[tuple[AgendaRow, ...], int, str]:
        lines = figures.agenda(self.snap.workshop)
        rows = tuple(
            AgendaRow(
                one_line(line.title),
                line.planned,
                str(line.actual) if line.actual is not None else "–",
                line.difference,
                line.is_break,
                line.state == figures.IN_PROGRESS,
            )
            for line in lines
        )
        planned, actual = figures.agenda_totals(lines)
        return rows, planned, str(actual) if actual is not None else "–"

    def _glance(self) -> tuple[Figure, ...]:
        workshop, info = self.snap.workshop, self.snap.info
        people = figures.attendance(self.snap.people, info.started)
        planned = len(dict.fromkeys(s.exercise for s in workshop.plan if s.exercise))
        if not info.started:
            return (Figure(str(people.roster), "on the roster"), Figure(str(planned), "exercises planned"))
        ran = len(figures.exercises_run(workshop))
        count, owners = figures.actions(workshop)
        out = [
            Figure(f"{people.took_part} of {people.roster}", "took part"),
            Figure(f"{ran} of {planned}", "exercises run"),
            Figure(
                str(count),
                f"personal {_plural(count, 'action', 'actions')} by {_people(owners)}",
            ),
        ]
        score = figures.recommend(workshop)
        if score is not None:
            out.append(Figure(f"{score.share}%", f"would recommend it ({score.yes} of {score.answers})"))
        return tuple(out)

    # ----- exercises, step by step ----------------------------------------------------------------

    def _exercise(self, ex_id: str, in_progress: bool) -> ExerciseReport:
        ex = self.snap.workshop.exercises[ex_id]
        keys = [s.key for s in self.snap.plan if s.exercise == ex_id and s.key in self.snap.steps]
        blocks = tuple(b for key in keys if (b := self.block(key)) is not None)
        return ExerciseReport(one_line(ex.title), clean(ex.purpose).strip(), in_progress, blocks)

    def block(self, key: str) -> Block | None:
        """The report block for one step; None for steps with nothing to report."""
        step = self.snap.steps[key]
        title = one_line(step.title)
        entries = self.snap.entries.get(key, [])
        if is_private(step):
            return Block(title, kind_of(step), note=_private_note(entries))
        if isinstance(step, Capture):
            if in_appendix(step):
                n = len(entries)
                note = f"{n} {_plural(n, 'entry', 'entries')}: see the appendix." if n else EMPTY.sentence
                return Block(title, kind_of(step), note=note)
            return self._capture(step, title, entries)
        if isinstance(step, Rating | Checklist):
            return self._charted(key, step, title, entries)
        if isinstance(step, Vote):
            return self._vote(key, step, title)
        if isinstance(step, Debrief):
            return self._debrief(key, step, title)
        return None

    def _capture(self, step: Capture, title: str, entries: list[Entry]) -> Block:
        owner = (lambda e: self.snap.workshop.owner_label(e.owner)) if step.per == "team" else None
        items = tuple(
            lab for e in entries if (lab := labelled(step, e, one_line(owner(e)) if owner else "")).headline
        )
        return Block(title, kind_of(step), note="" if items else EMPTY.sentence, entries=items)

    def _charted(self, key: str, step: Rating | Checklist, title: str, entries: list[Entry]) -> Block:
        if isinstance(step, Checklist):
            note = f"{len(entries)} {_plural(len(entries), 'checklist', 'checklists')} recorded."
            chart = Chart(kind="missed", step=key)
        else:
            who = (
                "the whole group"
                if step.per == "group"
                else f"{len(entries)} {_plural(len(entries), 'person', 'people')}"
            )
            note = f"Scored by {who}." if entries else EMPTY.sentence
            chart = Chart(kind="average", step=key)
        views = (self._view(key, key, chart),) if key not in self.charted and entries else ()
        return Block(title, kind_of(step), note=note, charts=tuple(c for c in views if c is not None))

    def _vote(self, key: str, step: Vote, title: str) -> Block:
        among = self.snap.steps.get(self.snap.workshop.resolve(key, step.among))
        dots = self.snap.entries.get(key, [])
        if is_private(among):
            return Block(title, kind_of(step), note=f"{len(dots)} dots placed among private entries.")
        views = (
            (self._view(key, key, Chart(kind="votes", step=key)),) if key not in self.charted and dots else ()
        )
        note = "" if dots else EMPTY.sentence
        awards = vote_awards(self.snap, key)
        charts = tuple(c for c in views if c is not None)
        return Block(title, kind_of(step), note=note, charts=charts, awards=awards)

    def _debrief(self, key: str, step: Debrief, title: str) -> Block | None:
        charts: list[ChartView] = []
        notes: list[str] = []
        for chart in step.charts:
            target = self.snap.workshop.resolve(key, chart.step)
            if is_private(self.snap.steps.get(target)):
                count = len(self.snap.entries.get(target, []))
                notes.append(
                    f"{one_line(chart.title) or 'A chart'}: drawn from a private step ({count} entries)."
                )
                continue
            if chart.kind == "entries" and target in self.snap.steps:
                continue
            view = self._view(key, target, chart)
            if view is not None:
                charts.append(view)
        if not charts and not notes:
            return None
        return Block(title, kind_of(step), note=" ".join(notes), charts=tuple(charts))

    def _view(self, key: str, target: str, chart: Chart) -> ChartView | None:
        """A chart with its meaning; a rating's two aspects become one paired chart, drawn once."""
        step = self.snap.steps.get(target)
        if isinstance(step, Rating) and len(step.aspects) >= 2 and chart.kind in ("gap", "average"):
            if target in self.paired:
                return None
            self.paired.add(target)
            return self._paired(step, target, chart)
        data = clean_chart(self.snap.workshop.chart(key, chart))
        if chart.kind == "tally" and isinstance(step, Capture):
            data = replace(data, bars=tuple(replace(b, label=value_label(b.label)) for b in data.bars))
        return ChartView(data, meaning(step, chart.kind))

    def _paired(self, step: Rating, target: str, chart: Chart) -> ChartView:
        entries = self.snap.entries.get(target, [])

        def avg(item: str, aspect: int) -> float | None:
            values = [v for e in entries if isinstance(v := e.data.get(f"{item}#{aspect}"), int)]
            return sum(values) / len(values) if values else None

        pairs = tuple(Pair(one_line(i.label), avg(i.id, 0), avg(i.id, 1)) for i in step.items)
        title = one_line(chart.title) if chart.kind == "average" and chart.title else one_line(step.title)
        names = (one_line(step.aspects[0]), one_line(step.aspects[1]))
        data = ChartData(title, (), step.max, f"{len(entries)} rated", count=len(entries))
        return ChartView(data, f"Scale {scale_meaning(step)}.", pairs, names, float(step.max))
