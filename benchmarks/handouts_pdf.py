"""PDF handouts for a room of 40: WeasyPrint (what the app uses) and Chromium (what a trainer prints from).

The session is a full day (every exercise) for 40 people with three
actions each, checklists, relationship maps, team suggestions and
feedback, built once through the engine and cached like the HTML
benchmark's. Figures, each the best of `--runs`:

- WeasyPrint: `build(workshop, out, ("pdf",))`, i.e. measuring every plan
  (laying it out in the style the estimate guesses, then one style larger
  or smaller until the largest that fits one sheet is known), laying out
  the report and the cards once each, and writing the combined PDF plus one
  PDF per person, the report and the cards from those pages;
- the baseline, measured in the same run: what printing cost before plans
  were fitted by measurement, i.e. styles from the estimate alone, the
  combined document laid out once and sliced, the report laid out again
  for its own page numbers (`baseline` below, the old `write_pdfs`);
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
from facilitator.handouts import build, documents, fitting, pdf, render
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
    if not data.data.exists(sid):
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


def pages(path: Path) -> int:
    """Page count, read the way `pdfinfo` would, without needing poppler."""
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def baseline(w: Session, out: Path, paper: str = "a4") -> int:
    """Printing as it was before measurement: estimated styles, one layout of everything, sliced.

    Returns the number of plans laid out (one each).
    """
    import copy

    out.mkdir(parents=True, exist_ok=True)
    weasyprint = pdf.load()
    prep = documents.prepare(w)
    docs = documents.html_documents(
        prep, paper, fitting.estimated(prep.plans, render.PAPERS[paper].plan_budget_mm).styles
    )
    html = {d.stem: render.page(d.title, list(d.fragments), paper, d.parts, fonts=False) for d in docs}
    combined = pdf.render(weasyprint, html[documents.ALL_IN_ONE])
    combined.write_pdf(out / "all-in-one.pdf")
    starts: dict[str, int] = {}
    for index, page in enumerate(combined.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, index)
    singles = sorted((d for d in docs[1:] if d.anchor in starts), key=lambda d: starts[d.anchor])
    bounds = [starts[d.anchor] for d in singles] + [len(combined.pages)]
    for n, (doc, end) in enumerate(zip(singles, bounds[1:], strict=True)):
        if doc.stem == documents.REPORT:
            pdf.render(weasyprint, html[doc.stem]).write_pdf(out / "report.pdf")
            continue
        piece = combined.copy(combined.pages[starts[doc.anchor] : end])
        piece.metadata = copy.copy(combined.metadata)
        piece.write_pdf(out / f"{n}.pdf")
    return len(prep.plans)


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
        weasy, base = [], []
        for run in range(args.runs):
            # Interleaved, so a busy neighbour slows both alike.
            started = time.perf_counter()
            baseline(w, out / f"baseline-{run}")
            base.append(time.perf_counter() - started)
            started = time.perf_counter()
            written = build(w, out / f"weasy-{run}", ("pdf",))
            weasy.append(time.perf_counter() - started)
        prep = documents.prepare(w)
        fitted = documents.fit_plans(prep, "a4")
        html = next(p for p in build(w, out / "html", ("html",)) if p.name == "all-in-one.html")
    finally:
        w.close()
    combined = next(p for p in written if p.name == "all-in-one.pdf")
    chosen = {style or "normal": 0 for style in fitting.STYLES}
    for style in fitted.styles.values():
        chosen[style or "normal"] = chosen.get(style or "normal", 0) + 1
    print(f"participants:          {args.people} (full-day agenda)")
    print(f"WeasyPrint build:      {min(weasy):.2f} s for {len(written)} PDFs (aim: <= 10 s)")
    print(
        f"  baseline (estimate): {min(base):.2f} s for the same PDFs before measuring; "
        f"build / baseline {min(weasy) / min(base):.2f}x (aim: <= 2x)"
    )
    print(f"  plans laid out:      {fitted.laid_out} for {len(prep.plans)} plans; styles {chosen}")
    print(f"  combined PDF:        {pages(combined)} pages, {combined.stat().st_size / 1e6:.1f} MB")
    print(f"  per page:            {1000 * min(weasy) / pages(combined):.0f} ms")
    chromium = shutil.which("chromium")
    if chromium is None:
        print("Chromium:              skipped (no chromium on PATH)")
        return
    times = []
    for run in range(args.runs):
        printed = out / f"chromium-{run}.pdf"
        profile = out / f"profile-{run}"
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={printed}",
            str(html),
        ]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=600)
        times.append(time.perf_counter() - started)
    print(f"Chromium print:        {min(times):.2f} s for the combined HTML (process start included)")
    print(f"  combined PDF:        {pages(printed)} pages, {printed.stat().st_size / 1e6:.1f} MB")
    print(f"  per page:            {1000 * min(times) / pages(printed):.0f} ms")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
