"""The day's figures, computed once for the wrap-up screen and the printed report alike.

Each figure has exactly one function here, so the room's screen and the
manager's paper can never disagree again (they did: "5 of 6 took part" on
screen, "6 of 6" on paper). Every function is honest about the session's
state: nothing "took part" or "ran" in a session that has not started, and
the exercise under way is "in progress", neither run nor late.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facilitator.engine import details as session_details
from facilitator.model import Capture, Chart, Debrief, Field, is_private

if TYPE_CHECKING:
    from facilitator.engine import Participant, Session
    from facilitator.engine.aggregates import ChartData

DONE, IN_PROGRESS, NOT_RUN, NOT_TIMED = "done", "in progress", "not run", "not timed"
RAN_AFTER_MINUTES = 0.5


@dataclass(frozen=True)
class Attendance:
    """The roster by status; `took_part` counts anyone not absent, once the day has started."""

    roster: int
    took_part: int
    present: int
    late: int
    left: int
    absent: int


@dataclass(frozen=True)
class AgendaLine:
    """One exercise or break with planned and actual whole minutes; `actual` is None when not timed."""

    key: str
    title: str
    planned: int
    actual: int | None
    state: str
    is_break: bool

    @property
    def difference(self) -> str:
        """ "+3 min", "on time", or the state when there is no honest difference to show."""
        if self.state == IN_PROGRESS:
            return IN_PROGRESS
        if self.actual is None:
            return "–" if self.is_break else self.state
        diff = self.actual - self.planned
        return "on time" if diff == 0 else f"{diff:+d} min".replace("-", "−")


@dataclass(frozen=True)
class Recommend:
    """The close's "would you recommend" score: the share at or above the threshold."""

    share: int
    yes: int
    answers: int
    net: int


@dataclass(frozen=True)
class TeamOutputs:
    """What teams wrote for their suggestion lists, split so a promise is never counted as an idea.

    A rewrite step (two compulsory text fields: "the vague promise" becomes
    "the specific promise") improves a sentence; an idea step proposes a change.
    """

    ideas: int
    rewrites: int
    rewrite_title: str


def attendance(people: Sequence[Participant], started: bool) -> Attendance:
    """Who was there; before the start nobody has taken part yet."""
    counts = {s: sum(1 for p in people if p.status == s) for s in ("present", "late", "left", "absent")}
    took_part = len(people) - counts["absent"] if started else 0
    return Attendance(
        len(people), took_part, counts["present"], counts["late"], counts["left"], counts["absent"]
    )


def exercise_states(workshop: Session) -> dict[str, str]:
    """Each planned exercise (and break key) as done, in progress, not timed or not run.

    Entries typed in without the clock running (a co-trainer catching up)
    still mean an exercise ran: "not timed". The slot on screen in an
    unfinished session is in progress, whatever its clock says.
    """
    info = session_details.read(workshop)
    current = workshop.current if info.started and not info.finished else None
    states: dict[str, str] = {}
    for slot in workshop.plan:
        name = slot.exercise or slot.key
        spent = workshop.spent(slot.key) / 60 if info.started else 0.0
        has_entries = bool(slot.exercise) and bool(workshop.entries(slot.key))
        if current is not None and (current.exercise or current.key) == name:
            state = IN_PROGRESS
        elif spent >= RAN_AFTER_MINUTES:
            state = DONE
        elif has_entries:
            state = NOT_TIMED
        else:
            state = NOT_RUN
        previous = states.get(name, NOT_RUN)
        states[name] = _stronger(previous, state)
    return states


def _stronger(a: str, b: str) -> str:
    order = (NOT_RUN, NOT_TIMED, DONE, IN_PROGRESS)
    return a if order.index(a) >= order.index(b) else b


def exercises_run(workshop: Session) -> list[str]:
    """Ids of exercises that ran (timed or not), in plan order; never the one in progress."""
    states = exercise_states(workshop)
    ordered = dict.fromkeys(s.exercise for s in workshop.plan if s.exercise)
    return [ex for ex in ordered if states.get(ex) in (DONE, NOT_TIMED)]


def agenda(workshop: Session) -> list[AgendaLine]:
    """Planned against actual per exercise and break, in plan order; rows are whole minutes.

    Totals are sums of these rows (see `agenda_totals`), so the column adds up on paper.
    """
    states = exercise_states(workshop)
    planned: dict[str, int] = {}
    spent: dict[str, float] = {}
    titles: dict[str, tuple[str, bool]] = {}
    for slot in workshop.plan:
        name = slot.exercise or slot.key
        planned[name] = planned.get(name, 0) + slot.minutes
        spent[name] = spent.get(name, 0.0) + workshop.spent(slot.key) / 60
        if slot.exercise:
            ex = workshop.exercises.get(slot.exercise)
            titles[name] = (ex.title if ex else slot.exercise, False)
        else:
            titles[name] = (slot.title, True)
    lines = []
    for name, minutes in planned.items():
        state = states[name]
        timed = state in (DONE, IN_PROGRESS) and spent[name] >= RAN_AFTER_MINUTES
        title, is_break = titles[name]
        lines.append(AgendaLine(name, title, minutes, round(spent[name]) if timed else None, state, is_break))
    return lines


def agenda_totals(lines: Sequence[AgendaLine]) -> tuple[int, int | None]:
    """(planned, actual) totals: the sums of the rows as printed; actual None when nothing was timed."""
    actual = [line.actual for line in lines if line.actual is not None]
    return sum(line.planned for line in lines), sum(actual) if actual else None


def team_outputs(workshop: Session) -> TeamOutputs:
    """Team suggestion entries, ideas and rewrites counted apart."""
    ideas = rewrites = 0
    title = ""
    for slot in workshop.plan:
        step = workshop.step(slot.key) if slot.exercise else None
        if not isinstance(step, Capture) or step.handout != "team-suggestions":
            continue
        count = len(workshop.entries(slot.key, "capture"))
        if is_rewrite(step.fields):
            rewrites += count
            title = title or step.title
        else:
            ideas += count
    return TeamOutputs(ideas, rewrites, title)


def is_rewrite(fields: Sequence[Field]) -> bool:
    """A step whose entries turn one sentence into another: two compulsory text fields."""
    return sum(1 for f in fields if f.required and f.kind in ("text", "long")) >= 2


def recommend(workshop: Session) -> Recommend | None:
    """The first "would recommend" score of the day over a non-private step, if anyone scored."""
    source = _recommend_source(workshop)
    if source is None:
        return None
    key, chart = source
    target = workshop.resolve(key, chart.step)
    step = workshop.step(target)
    if not isinstance(step, Capture):
        return None
    field = next((f for f in step.fields if f.id == chart.field), None)
    if field is None:
        return None
    values = [v for e in workshop.entries(target, "capture") if isinstance(v := e.data.get(field.id), int)]
    if not values:
        return None
    yes = sum(1 for v in values if v >= chart.threshold)
    no = sum(1 for v in values if v < chart.threshold - 2)
    n = len(values)
    return Recommend(round(100 * yes / n), yes, n, round(100 * (yes - no) / n))


def recommend_chart(workshop: Session) -> ChartData | None:
    """The chart behind `recommend`, for pages that draw it."""
    source = _recommend_source(workshop)
    return workshop.chart(*source) if source is not None else None


def _recommend_source(workshop: Session) -> tuple[str, Chart] | None:
    for slot in workshop.plan:
        step = workshop.step(slot.key) if slot.exercise else None
        if not isinstance(step, Debrief):
            continue
        for chart in step.charts:
            target = workshop.step(workshop.resolve(slot.key, chart.step))
            if chart.kind == "share" and not is_private(target):
                return slot.key, chart
    return None


def entries_saved(workshop: Session) -> int:
    """Every live entry of every step (scores, ticks and dots included)."""
    return sum(len(workshop.entries(s.key)) for s in workshop.plan if s.exercise)


def actions(workshop: Session) -> tuple[int, int]:
    """(personal actions, people who wrote at least one)."""
    found = workshop.section_entries("actions")
    return len(found), len({e.owner for e in found})


def wrapup_lines(workshop: Session) -> list[str]:
    """The wrap-up screen's headline figures, one short line each, from the same functions as the report."""
    info = session_details.read(workshop)
    people = attendance(workshop.participants(), info.started)
    ran = len(exercises_run(workshop))
    planned_exercises = len(dict.fromkeys(s.exercise for s in workshop.plan if s.exercise))
    count, _ = actions(workshop)
    teams = team_outputs(workshop)
    lines_ = agenda(workshop)
    planned, actual = agenda_totals(lines_)
    team_text = f"{teams.ideas} team {_plural(teams.ideas, 'idea', 'ideas')}"
    if teams.rewrites:
        team_text += f" · {teams.rewrites} {_plural(teams.rewrites, 'rewrite', 'rewrites')}"
    score = recommend(workshop)
    first = (
        f"{people.took_part} of {people.roster} people took part · {ran} of {planned_exercises} exercises run"
    )
    lines = [
        first,
        f"{entries_saved(workshop)} entries saved · {count} personal "
        f"{_plural(count, 'action', 'actions')} · {team_text}",
        f"{planned} min planned · {actual if actual is not None else 0} min spent · {workshop.schedule()}",
    ]
    if score is not None:
        lines.append(f"{score.share}% would recommend ({score.yes} of {score.answers})")
    return lines


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many
