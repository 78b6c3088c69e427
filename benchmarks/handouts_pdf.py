"""PDF handouts for a room of 40: WeasyPrint (what the app uses) and Chromium (what a trainer prints from).

The session is a full day (every exercise) for 40 people with three
actions each, checklists, relationship maps, team suggestions and
feedback, built once through the engine and cached like the HTML
benchmark's. Figures, each the best of `--runs`:

- WeasyPrint: `build(workshop, out, ("pdf",))`, i.e. laying out the combined
  document once and writing it plus one PDF per person, the report and the
  cards (slices of the same layout);
- Chromium: `chromium --headless --print-to-pdf` of the combined HTML that
  `build(..., ("html",))` writes, process start included (that is what a
  trainer's "print" costs), skipped when no `chromium` is on PATH.

Usage: `.venv/bin/python benchmarks/handouts_pdf.py [--people N] [--runs N] [--rebuild]`.
Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handouts_html import CACHE, FULL_AGENDA, no_fsync, roster

from facilitator.engine import GROUP, Session, Workspace, create_session, open_session, team_owner
from facilitator.handouts import build
from facilitator.loader import load_library
from facilitator.model import Capture, Checklist, Rating, Vote
from facilitator.paths import bundled_exercises

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-pdf-header-footer",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def fill(w: Session, rng: random.Random) -> None:
    """Every step of the day gets entries, the way `tests/handout_fixtures.fill` does it."""
    people = [p.id for p in w.participants()]
    for index, slot in enumerate(w.plan):
        w.jump(index)
        step, key = w.step(slot.key), slot.key
        if isinstance(step, Capture):
            owners = {"group": [GROUP], "team": [team_owner(t) for t in w.teams()]}.get(step.per, people)
            count = 3 if step.handout in ("actions", "relationships") else 1
            for n, owner in enumerate(owners):
                for k in range(min(count, step.max_entries)):
                    data: dict[str, object] = {}
                    for f in step.fields:
                        if f.kind == "choice":
                            data[f.id] = f.choices[(n + k) % len(f.choices)]
                        elif f.kind == "score":
                            data[f.id] = rng.randint(max(f.min, f.max - 4), f.max)
                        elif f.kind == "date":
                            data[f.id] = f"2026-12-{1 + (n + k) % 28:02d}"
                        else:
                            data[f.id] = f"{f.label} ({n + 1}.{k + 1}): a sentence of the length people write"
                    w.add_entry(key, owner, data)
        elif isinstance(step, Checklist):
            for rnd in (1, 2, 3):
                for subject in w.checklist_subjects(key, rnd):
                    for item in step.items:
                        w.set_tick(key, subject, item.id, rng.random() < 0.7, rnd)
        elif isinstance(step, Rating):
            owners = [GROUP] if step.per == "group" else people
            aspects: list[int | None] = list(range(len(step.aspects))) if step.aspects else [None]
            for item in step.items:
                for aspect in aspects:
                    for owner in owners:
                        w.set_score(key, owner, item.id, rng.randint(step.min, step.max), aspect)
        elif isinstance(step, Vote):
            candidates = w.candidates(key)
            for _ in people if candidates else ():
                w.cast_vote(key, rng.choice(candidates).id)


def session(people: int, rebuild: bool) -> tuple[Workspace, str]:
    """The cached full-day session for `people`."""
    data = Workspace(CACHE / f"{FULL_AGENDA}-{people}")
    sid = f"bench-{people}"
    if rebuild and data.root.exists():
        shutil.rmtree(data.root)
    if not data.exists(sid):
        started = time.perf_counter()
        library = load_library([bundled_exercises()])
        with no_fsync():
            w = create_session(
                data, library, FULL_AGENDA, "Benchmark day", "2026-11-24", "Sam Trainer", roster(people),
                seed=1, session_id=sid,
            )  # fmt: skip
            fill(w, random.Random(1))
            w.close()
        print(f"built the {people}-person session in {time.perf_counter() - started:.0f} s (cached)")
    return data, sid


def pages(pdf: Path) -> int:
    """Page count, read the way `pdfinfo` would, without needing poppler."""
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> None:
    """Print WeasyPrint and Chromium figures for the same session."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    data, sid = session(args.people, args.rebuild)
    out = Path(tempfile.mkdtemp(prefix="handouts-pdf-"))
    w = open_session(data, sid, readonly=True)
    try:
        weasy = []
        for run in range(args.runs):
            started = time.perf_counter()
            written = build(w, out / f"weasy-{run}", ("pdf",))
            weasy.append(time.perf_counter() - started)
        html = next(p for p in build(w, out / "html", ("html",)) if p.name == "all-in-one.html")
    finally:
        w.close()
    combined = next(p for p in written if p.name == "all-in-one.pdf")
    print(f"participants:          {args.people} (full-day agenda)")
    print(f"WeasyPrint build:      {min(weasy):.2f} s for {len(written)} PDFs")
    print(f"  combined PDF:        {pages(combined)} pages, {combined.stat().st_size / 1e6:.1f} MB")
    print(f"  per page:            {1000 * min(weasy) / pages(combined):.0f} ms")
    chromium = shutil.which("chromium")
    if chromium is None:
        print("Chromium:              skipped (no chromium on PATH)")
        return
    times = []
    for run in range(args.runs):
        pdf = out / f"chromium-{run}.pdf"
        profile = out / f"profile-{run}"
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf}",
            str(html),
        ]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=600)
        times.append(time.perf_counter() - started)
    print(f"Chromium print:        {min(times):.2f} s for the combined HTML (process start included)")
    print(f"  combined PDF:        {pages(pdf)} pages, {pdf.stat().st_size / 1e6:.1f} MB")
    print(f"  per page:            {1000 * min(times) / pages(pdf):.0f} ms")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
