"""HTML handouts for a big room: `handouts.build` against a bare Jinja2 render of the same pages.

The session (1,000 people by default, the short agenda: message-taking
checklists, promises, three actions each, team ideas, feedback) is built
once through the engine and kept in a cache folder, because saving ~10,000
entries one by one takes minutes; fsync is switched off while building it
(only then) since durability is not what is measured.

Two figures, each the best of `--runs`:

- build: `build(workshop, out, ("html",))`, the whole path from the open
  session to files on disk (reading entries, preparing every page, rendering,
  writing one file per person plus the report, cards and the combined file);
- bare render: the same templates rendered with the same data already
  prepared in memory, wrapped into the same documents, written nowhere.

The ratio is what the app adds on top of Jinja2 itself (aim: at most 2x).
Both use the plans' estimated styles (`build(..., measure=False)`): measuring
every plan with WeasyPrint, which `facilitator handouts` does, costs a PDF
layout per plan (see `handouts_pdf.py`), so with `--measure N` the script
also times the measured HTML build for the first N people's session
(default 40), against the estimate-only build of the same session.
Files go to a RAM folder (/dev/shm) by default: 22 MB written over and over
to a shared disk measures the kernel's write-back throttling, not the app
(on this machine the same build took 1 to 4 s on disk). Pass `--out DIR` to
include a real disk.
Usage: `.venv/bin/python benchmarks/handouts_html.py [--people N] [--runs N] [--rebuild]`.
Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from facilitator.engine import (  # noqa: E402
    GROUP,
    Session,
    Workspace,
    create_session,
    open_session,
    team_owner,
)
from facilitator.handouts import build, fitting, render  # noqa: E402
from facilitator.handouts.documents import html_documents, prepare  # noqa: E402
from facilitator.handouts.filenames import OutputFolder  # noqa: E402
from facilitator.loader import load_library  # noqa: E402
from facilitator.model import Checklist  # noqa: E402
from facilitator.paths import bundled_exercises  # noqa: E402
from facilitator.roster import RosterRow  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "facilitator-bench-handouts"
AGENDA = "taking-messages-that-matter"
FULL_AGENDA = "delivering-excellent-service"
TEAMS = ["Front Desk", "Accounts", "Field Service", "Sales", "Warehouse", "Billing", "Support", "Admin"]
FIRST = ["Ada", "Bilal", "Chen", "Dana", "Eli", "Farah", "Gus", "Hana", "Ivan", "Jo", "Kemi", "Luis"]
LAST = ["Brennan", "Chaudhry", "Wei", "Okoro", "Marsh", "Haddad", "Lindqvist", "Sato", "Petrov", "Lee"]


@contextmanager
def no_fsync() -> Iterator[None]:
    """Skip fsync while building the fixture session (durability is not what is measured)."""
    real = os.fsync
    os.fsync = lambda fd: None
    try:
        yield
    finally:
        os.fsync = real


def roster(people: int) -> list[RosterRow]:
    """A believable roster; names repeat, as they do in big organisations."""
    return [
        RosterRow(
            name=f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}", team=TEAMS[i % len(TEAMS)]
        )
        for i in range(people)
    ]


def fill(w: Session, rng: random.Random) -> None:
    """Three actions each, every checklist, two ideas per team, everyone's feedback."""
    people = [p.id for p in w.participants()]
    for index, slot in enumerate(w.plan):
        w.jump(index)
        step = w.step(slot.key)
        if isinstance(step, Checklist):
            for rnd in (1, 2, 3):
                for subject in w.checklist_subjects(slot.key, rnd):
                    for item in step.items:
                        w.set_tick(slot.key, subject, item.id, rng.random() < 0.7, rnd)
    for pid in people:
        for n in range(3):
            w.add_entry(
                "action-plan/my-actions",
                pid,
                {
                    "action": f"Read back every phone number before I hang up ({n + 1})",
                    "due": f"2026-12-{1 + n:02d}",
                    "support": "The team huddle on Mondays",
                    "measure": "No wrong numbers on slips for a month",
                },
            )
        w.add_entry("close/feedback", pid, {"recommend": rng.randint(6, 10), "keep": "The role play"})
    for team in w.teams():
        for n in range(2):
            w.add_entry(
                "action-plan/team-ideas", team_owner(team), {"suggestion": f"Idea {n + 1} for {team}"}
            )
            w.add_entry(
                "promises/rewrite",
                team_owner(team),
                {"vague": "I'll get back to you soon", "specific": "I'll ring you by 4 pm today"},
            )
    w.add_entry("action-plan/team-ideas", GROUP, {"suggestion": "A shared inbox someone checks at noon"})


def session(people: int, rebuild: bool, agenda: str = AGENDA) -> tuple[Workspace, str]:
    """The cached benchmark session for `people`, built on first use."""
    data = Workspace(CACHE / f"{agenda}-{people}")
    sid = f"bench-{people}"
    if rebuild and data.root.exists():
        shutil.rmtree(data.root)
    if not data.data.exists(sid):
        started = time.perf_counter()
        library = load_library([bundled_exercises()])
        with no_fsync():
            w = create_session(
                data,
                library,
                agenda,
                "Benchmark day",
                "2026-11-24",
                "Sam Trainer",
                roster(people),
                seed=1,
                session_id=sid,
            )
            fill(w, random.Random(1))
            w.close()
        took = time.perf_counter() - started
        print(f"built the {people}-person session in {took:.0f} s (cached in {data.root})")
    return data, sid


def interleaved(runs: int, actions: dict[str, Callable[[], object]]) -> dict[str, float]:
    """The fastest of `runs` timings of each action, in seconds, taking turns.

    Taking turns spreads a busy moment on the machine over every figure
    instead of one, and the minimum is the run least disturbed.
    """
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - started)
    return {name: min(values) for name, values in times.items()}


def main() -> None:
    """Print the build and bare-render figures and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="build the cached session again")
    parser.add_argument(
        "--measure", type=int, default=40, metavar="N", help="also time measuring N people's plans"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("/dev/shm") if Path("/dev/shm").is_dir() else None,
        help="where to write (default: /dev/shm, a RAM folder, else the temp folder)",
    )
    args = parser.parse_args()

    data, sid = session(args.people, args.rebuild)
    out = Path(tempfile.mkdtemp(prefix="handouts-html-", dir=args.out))
    w = open_session(data, sid, readonly=True)
    try:
        prep = prepare(w)
        estimated = fitting.estimated(prep.plans, render.PAPERS["a4"].plan_budget_mm).styles
        docs = html_documents(prep, "a4", estimated)
        pages = {doc.stem: render.page(doc.title, list(doc.fragments), "a4", doc.parts) for doc in docs}
        folder = OutputFolder(out / "write-only")

        def bare() -> None:
            for doc in html_documents(prep, "a4", estimated):
                render.page(doc.title, list(doc.fragments), "a4", doc.parts)

        def write() -> None:
            for stem, text in pages.items():
                folder.write(stem, ".html", text)

        figures = interleaved(
            args.runs,
            {
                "build": lambda: build(w, out / "build", ("html",), measure=False),
                "bare": bare,
                "prepare": lambda: prepare(w),
                "write": write,
            },
        )
    finally:
        w.close()
    size = sum(len(text.encode()) for text in pages.values()) / 1e6
    per = 1000 / args.people
    print(f"participants:             {args.people}")
    print(f"files written:            {len(pages)} ({size:.1f} MB of HTML) in {out}")
    print(
        f"build (session -> files): {figures['build']:.3f} s  ({per * figures['build']:.2f} ms a participant)"
    )
    print(f"  preparing alone:        {figures['prepare']:.3f} s  (reading the session, deciding every page)")
    print(f"  writing alone:          {figures['write']:.3f} s  (the same files, already rendered)")
    print(
        f"bare Jinja2 render:       {figures['bare']:.3f} s  ({per * figures['bare']:.2f} ms a participant)"
    )
    print(f"ratio build / bare:       {figures['build'] / figures['bare']:.2f}x  (aim: at most 2x)")
    if args.measure:
        small, small_id = session(args.measure, args.rebuild)
        w = open_session(small, small_id, readonly=True)
        try:
            timed = interleaved(
                1,
                {
                    "estimate": lambda: build(w, out / "estimate", ("html",), measure=False),
                    "measured": lambda: build(w, out / "measured", ("html",)),
                },
            )
        finally:
            w.close()
        print(
            f"HTML for {args.measure}, plans measured: {timed['measured']:.2f} s against "
            f"{timed['estimate']:.3f} s estimated (one WeasyPrint layout or two per plan)"
        )
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
