"""Saving an entry on a scribe step: Enter to the frame that shows it, split into its parts.

In-process and headless, so the parts can be told apart: the save handler
(the view's own work; the engine's write apart), restyling, then Textual's
layout and render of the frames that follow, until the app is idle. "frame"
is wall-clock from the key to the first frame drawn after the save (the one
that shows the new row and count); "total" to the last frame (the footer
redraws itself after a focus change); the parts are CPU time of the
UI thread (each counted once: render inside a layout is render), so another
process's load inflates "total" but much less the parts; "all cpu" is the
UI thread's CPU from the key until 0.4 s later (the parts plus the rest, such
as the footer and message passing). A session of 40
people and 2,000 entries, 1,200 of them on the step being typed into (the
service stories, per person, with a name picker), is opened in the real app
at 80x24. Each save types a name and a title first (not timed), then times
Enter. `keystroke.py` times the same thing in a real terminal; this one says
where the time goes.

Usage: `.venv/bin/python benchmarks/capture_save.py [--saves N]`. Prints figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from roomy import roomy_library
from textual._compositor import Compositor
from textual.screen import Screen

from facilitator.engine import GROUP, Session, Workspace, create_session, open_session
from facilitator.loader import Library
from facilitator.roster import RosterRow

AGENDA = "delivering-excellent-service"
STEP = "service-stories/stories"
PEOPLE = 40


def build(root: Path, lib: Library) -> str:
    """40 people, 2,000 entries, the room on the stories step; returns the session id."""
    rows = [RosterRow(name=f"Person {n:02d}", team=f"Team {n % 4 + 1}") for n in range(PEOPLE)]
    w = create_session(Workspace(root), lib, AGENDA, "Benchmark day", "2026-11-24", "Sam", rows, seed=1)
    people = [p.id for p in w.participants()]
    with w.batch():
        for n, pid in enumerate(people):
            for k in range(30):
                category = ("excellent", "good", "poor")[(n + k) % 3]
                w.add_entry(STEP, pid, {"title": f"Story {k} of {pid}", "category": category})
            for k in range(14):
                w.add_entry("relationship-map/my-relationships", pid, {"stakeholder": f"C {k}", "trust": 3})
            for k in range(3):
                w.add_entry("action-plan/my-actions", pid, {"action": f"Action {k}", "due": "2026-12-15"})
            w.add_entry("close/feedback", pid, {"recommend": n % 11})
        for k in range(2000 - 48 * PEOPLE):
            w.add_entry("complaint-turnaround/what-happened", GROUP, {"fact": f"Fact {k}"})
    w.jump([s.key for s in w.plan].index(STEP))
    session = w.id
    w.close()
    return session


class Probe:
    """CPU time of the UI thread in each part, nested parts not counted twice (render inside layout)."""

    def __init__(self) -> None:
        self.spans: list[tuple[str, float, float, float]] = []
        self._inner: list[float] = []

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)
        probe = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            start, cpu = time.perf_counter(), time.thread_time()
            probe._inner.append(0.0)
            try:
                return original(*args, **kwargs)
            finally:
                used = time.thread_time() - cpu
                inner = probe._inner.pop()
                if probe._inner:
                    probe._inner[-1] += used
                probe.spans.append((label, start, time.perf_counter(), used - inner))

        setattr(owner, name, timed)


async def measure(root: Path, session: str, lib: Library, saves: int) -> dict[str, list[float]]:
    from textual import events
    from textual.app import App
    from textual.widgets import Input

    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.widgets.capture import CaptureView

    probe = Probe()
    probe.wrap(CaptureView, "save", "handler")
    probe.wrap(Session, "add_entry", "engine")
    probe.wrap(Screen, "_refresh_layout", "layout")
    probe.wrap(Compositor, "render_update", "render")
    probe.wrap(App, "update_styles", "styles")
    workshop = open_session(Workspace(root), session)
    app = FacilitatorApp(Workspace(root), lib, workshop, still=True)
    labels = ("handler", "engine", "styles", "layout", "render")
    kinds = ("frame", "total", "all cpu", *labels, "layouts", "renders")
    out: dict[str, list[float]] = {k: [] for k in kinds}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        for n in range(saves):
            who = f"person {n % PEOPLE:02d}"
            picker = app.screen.query_one("#picker-input", Input)
            picker.focus()
            await pilot.pause()
            picker.value = who
            await pilot.press("enter")
            await pilot.pause()
            title = app.screen.query_one("#field-title", Input)
            title.value = f"Bench story {n}"
            app.screen.query_one("#field-category", Input).value = "good"
            title.focus()
            await pilot.pause(0.3)
            probe.spans.clear()
            start, cpu = time.perf_counter(), time.thread_time()
            key = events.Key("enter", "\r")
            app.post_message(key)
            await pilot.pause(0.4)
            spans = list(probe.spans)
            ends = [end for _, _, end, _ in spans]
            out["total"].append((max(ends) - start) * 1000 if ends else 0.0)
            out["all cpu"].append((time.thread_time() - cpu) * 1000)
            handled = max((end for lbl, _, end, _ in spans if lbl == "handler"), default=start)
            frames = [end for lbl, _, end, _ in spans if lbl == "render" and end > handled]
            out["frame"].append((min(frames) - start) * 1000 if frames else 0.0)
            for label in labels:
                # CPU time of the UI thread: the machine's other load does not count.
                out[label].append(sum(cpu * 1000 for lbl, _, _, cpu in spans if lbl == label))
            out["layouts"].append(sum(1 for lbl, *_ in spans if lbl == "layout"))
            out["renders"].append(sum(1 for lbl, *_ in spans if lbl == "render"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=15)
    args = parser.parse_args()
    lib = roomy_library(
        {STEP: 40, "relationship-map/my-relationships": 14, "complaint-turnaround/what-happened": 100}
    )
    with tempfile.TemporaryDirectory(prefix="facilitator-save-") as tmp:
        root = Path(tmp)
        session = build(root, lib)
        figures = asyncio.run(measure(root, session, lib, args.saves))
    print(f"saving an entry at 80x24: {PEOPLE} people, 2,000 entries, 1,200 on the step (n={args.saves})")
    for label, values in figures.items():
        values = sorted(values)
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        unit = "" if label in ("layouts", "renders") else " ms"
        print(f"  {label:<8} median {statistics.median(values):6.1f}{unit}   p90 {p90:6.1f}{unit}")


if __name__ == "__main__":
    main()
