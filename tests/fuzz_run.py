"""Run an accepted exercise or agenda the way a workshop would, and look for leaks and crashes.

This is the one place the checker's fuzz test touches the engine, the
handouts and the TUI, so adapting it to a new engine means editing this file
only. What it does for one session:

1. builds it from the loader's `Library` (the exercises a fuzzed file uses
   come first, so every "exercise-id/step-id" reference has run);
2. walks every step through the engine with four people in two teams,
   making an entry, a score, a tick, a dot or a deal wherever the kind allows;
   words typed into private steps are marked with a per-person secret;
3. builds every step's view in one headless Textual app, as the Run screen
   would pick it, and reads the screen;
4. renders the handouts as Markdown.

It then asserts that no secret appears in any chart, any screen, the
report, or anyone else's plan.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from factories import FakeClock
from step_harness import screen_text
from textual.app import App, ComposeResult
from textual.widgets import Static

from facilitator.engine import GROUP, Session, SessionError, Workspace, create_session
from facilitator.engine.aggregates import ChartData
from facilitator.loader import Library
from facilitator.loader_refs import references
from facilitator.model import (
    Agenda,
    AgendaItem,
    Brief,
    Capture,
    Checklist,
    Debrief,
    Field,
    Pairing,
    Rating,
    Vote,
    is_private,
)
from facilitator.roster import RosterRow

PEOPLE = [
    RosterRow("Ada Brennan", "Front Desk"),
    RosterRow("Bilal Chaudhry", "Front Desk"),
    RosterRow("Chen Wei", "Accounts"),
    RosterRow("Dana Okoro", "Accounts"),
]
SIZE = (80, 24)  # the projector size that matters most


def secret(owner: str) -> str:
    """What `owner` types into a private step: findable anywhere it should not be."""
    return f"SECRET-{owner}-xyzzy"


@dataclass
class Outcome:
    """What one run saw: each view's screen, each chart, the report and every plan."""

    screens: dict[str, str] = field(default_factory=dict)
    charts: list[str] = field(default_factory=list)
    report: str = ""
    plans: dict[str, str] = field(default_factory=dict)
    secrets: set[str] = field(default_factory=set)


def solo_agenda(lib: Library, exercise_id: str) -> Agenda:
    """The exercise on its own, after whatever exercises it names in its references."""
    order: list[str] = []

    def visit(ex_id: str) -> None:
        if ex_id in order:
            return
        for ref in references(lib.exercises[ex_id]):
            other, _ = ref.target(ex_id)
            if other != ex_id:
                visit(other)
        order.append(ex_id)

    visit(exercise_id)
    items = [AgendaItem(exercise=e, minutes=max(1, lib.exercises[e].minutes)) for e in order]
    return Agenda(id="fuzz", title="Fuzz", minutes=sum(i.minutes for i in items), items=items)


def session(lib: Library, root: Path, agenda: Agenda) -> Session:
    """A fresh session of `agenda` with four people in two teams."""
    library = Library(exercises=lib.exercises, agendas={agenda.id: agenda})
    return create_session(
        Workspace(root), library, agenda.id, "Fuzz", "2026-11-24", roster=PEOPLE, seed=3, clock=FakeClock()
    )


def _value(f: Field, words: str, n: int) -> object:
    if f.kind == "choice":
        return f.choices[n % len(f.choices)]
    if f.kind == "score":
        return f.min + n % (f.max - f.min + 1)
    if f.kind == "date":
        return "2026-12-15"
    return f"{words} {n}"


def walk(w: Session, out: Outcome) -> None:
    """Every step through the engine, doing what its kind allows."""
    w.begin()
    for index, slot in enumerate(w.plan):
        w.jump(index)
        if slot.is_break:
            continue
        step = w.step(slot.key)
        w.start_timer()
        if isinstance(step, Brief):
            w.reveal_points(slot.key, len(step.points))
        elif isinstance(step, Pairing):
            for rnd in range(1, step.rounds + 1):
                w.deal(slot.key, rnd)
        elif isinstance(step, Capture):
            for n, owner in enumerate(w.owners_for(slot.key)):
                words = secret(owner) if is_private(step) else f"said by {owner}"
                if is_private(step):
                    out.secrets.add(secret(owner))
                w.add_entry(slot.key, owner, {f.id: _value(f, words, n) for f in step.fields})
        elif isinstance(step, Rating):
            owners = [GROUP] if step.per == "group" else [p.id for p in w.participants()]
            for n, owner in enumerate(owners):
                for item in step.items:
                    for aspect in list(range(len(step.aspects))) or [None]:
                        w.set_score(
                            slot.key, owner, item.id, step.min + n % (step.max - step.min + 1), aspect
                        )
        elif isinstance(step, Checklist):
            for subject in w.checklist_subjects(slot.key, 1):
                for m, item in enumerate(step.items):
                    w.set_tick(slot.key, subject, item.id, m % 2 == 0, 1)
        elif isinstance(step, Vote):
            candidates = w.candidates(slot.key)
            for n, person in enumerate(w.participants()):
                for k in range(min(step.votes_each, len(candidates))):
                    target = candidates[(n + k) % len(candidates)].id
                    try:
                        w.cast_vote(slot.key, target, None if step.anonymous else person.id)
                    except SessionError:
                        break  # a named voter out of dots: the engine's own limit
            w.show_tally(slot.key, True)
        elif isinstance(step, Debrief):
            out.charts.extend(_chart_text(w.chart(slot.key, chart)) for chart in step.charts)
        w.pause_timer()


def _chart_text(data: ChartData) -> str:
    parts = [data.title, data.note, *data.lines, *(f"{b.label} {b.text}" for b in data.bars)]
    return "\n".join(parts)


class EveryView(App[None]):
    """Mounts each slot's view in turn, as the Run screen would choose it."""

    def __init__(self, workshop: Session) -> None:
        super().__init__()
        self.workshop = workshop
        self.said: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="placeholder")

    async def show(self, key: str) -> str:
        from facilitator.tui.widgets.private_step import view_for_slot

        await self.query("#view").remove()
        await self.query("#placeholder").remove()
        view = view_for_slot(self.workshop, key, lambda text, _severity: self.said.append(text))
        view.id = "view"
        await self.mount(view)
        return key


async def build_every_view(w: Session, out: Outcome, keys: Collection[str] | None = None) -> None:
    """Each slot's view (or those in `keys`), built headlessly; its screen kept for the leak check."""
    app = EveryView(w)
    async with app.run_test(size=SIZE) as pilot:
        app.animation_level = "none"
        for slot in w.plan:
            if keys is not None and slot.key not in keys:
                continue
            await app.show(slot.key)
            await pilot.pause()
            out.screens[slot.key] = screen_text(app)
    assert not app.said, app.said  # a view that failed to build fell back to its instructions


def handouts(w: Session, out: Outcome) -> None:
    """The report and every plan, as Markdown."""
    from facilitator.handouts.documents import PLANS_DIR, REPORT, markdown_documents, prepare

    prep = prepare(w)
    docs = dict(markdown_documents(prep))
    out.report = docs[REPORT]
    for plan in prep.plans:
        out.plans[plan.id] = docs[f"{PLANS_DIR}/{plan.slug}"]


def assert_no_leak(out: Outcome) -> None:
    """No secret on any screen, in any chart or the report; in a plan, only its owner's."""
    for key, screen in out.screens.items():
        assert not _found(out.secrets, screen), f"{key}: private words on the screen"
    for chart in out.charts:
        assert not _found(out.secrets, chart), f"private words in a chart: {chart[:200]}"
    assert not _found(out.secrets, out.report), "private words in the report"
    for owner, plan in out.plans.items():
        others = {s for s in out.secrets if s != secret(owner)}
        assert not _found(others, plan), f"someone else's private words in {owner}'s plan"


def _found(secrets: Iterable[str], text: str) -> list[str]:
    flat = " ".join(text.split())
    return [s for s in secrets if s in flat]


def views_to_build(w: Session, exercise_id: str | None) -> set[str]:
    """Every step of the exercise under test; for an agenda, each exercise's first step and the breaks.

    An agenda's own mistakes change only minutes and order, not what a step
    view shows, and a full day has some thirty views at ~0.15 s each.
    """
    if exercise_id is not None:
        return {s.key for s in w.plan if s.key.startswith(f"{exercise_id}/")}
    firsts = {s.key.partition("/")[0]: s.key for s in reversed(w.plan)}
    return set(firsts.values()) | {s.key for s in w.plan if s.is_break}


async def run_through(
    lib: Library, root: Path, agenda: Agenda, exercise_id: str | None = None, views: bool = True
) -> Outcome:
    """The whole check for one session: engine, the views that matter, handouts, no leaks."""
    out = Outcome()
    w = session(lib, root, agenda)
    try:
        walk(w, out)
        if views:
            await build_every_view(w, out, views_to_build(w, exercise_id))
        handouts(w, out)
    finally:
        w.close()
    assert_no_leak(out)
    return out


def assert_private_stays_private(lib: Library) -> None:
    """The privacy rule on the model: no loaded vote or chart reads a private step, however it names it."""
    for ex in lib.exercises.values():
        for step in ex.steps:
            if is_private(step):
                assert step.visibility == "private", f"{ex.id}/{step.id}: personal handout, not private"
        for ref in references(ex):
            ex_id, step_id = ref.target(ex.id)
            other = lib.exercises.get(ex_id)
            target = other.step(step_id) if other else None
            assert target is not None, f"{ex.id}: {ref.ref} dangles"
            if not ref.where.endswith(".pairing"):
                assert not is_private(target), f"{ex.id}: {ref.where} = {ref.ref} reads a private step"
