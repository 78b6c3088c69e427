"""Keystroke latency: key press to the frame that shows its effect, in a real terminal.

A session with 40 participants and 2,000 saved entries (the full-day agenda)
is opened with `facilitator run` in an 80x24 pseudo-terminal; the script
types as a trainer would and times each key from the moment it is written to
the terminal until the screen output shows the result:

- next step (PgDn): until the agenda strip reads "step N of 40" (the room sees
  the move), and until the terminal goes quiet (the step's own view drawn too);
- save an entry (Enter in a capture form): until the entries count goes up,
  which is drawn after the engine has written the session file.

A save rewrites the session file (fsync included), so its cost grows with the
session; that is why the session is big. Baseline in the same run: the minimal
Textual app's echo of a key into an `Input` (one frame, nothing saved).
Facilitator runs with FACILITATOR_STILL=1 (no blinking cursor) and every key
waits until the app has been idle for a second, so keys never queue behind
the previous one.

Usage: `.venv/bin/python benchmarks/keystroke.py [--steps N] [--saves N]`. Prints figures only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import msgspec
from startup import PYTHON, Terminal, facilitator_argv

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitator.engine import GROUP, Session, Workspace, create_session
from facilitator.loader import Library, load_library
from facilitator.paths import exercise_dirs
from facilitator.roster import RosterRow

AGENDA = "delivering-excellent-service"
SAVE_STEP = "complaint-turnaround/what-happened"
PEOPLE = 40
#: Seconds without output that count as "the screen is drawn".
QUIET = 1.0
#: No blinking cursor, so "quiet" means the app is idle.
STILL = {"FACILITATOR_STILL": "1"}
ECHO_APP = """
from textual.app import App
from textual.widgets import Input
class Echo(App):
    def compose(self):
        yield Input(id="i")
Echo().run()
"""


def roomy_library() -> Library:
    """The bundled library with higher entry limits, so 2,000 entries fit a real agenda."""
    lib = load_library(exercise_dirs([]))
    limits = {"service-stories/stories": 30, "relationship-map/my-relationships": 14, SAVE_STEP: 100}
    for ex_id, exercise in list(lib.exercises.items()):
        steps = [
            msgspec.structs.replace(s, max_entries=limits[f"{ex_id}/{s.id}"])
            if f"{ex_id}/{s.id}" in limits
            else s
            for s in exercise.steps
        ]
        lib.exercises[ex_id] = msgspec.structs.replace(exercise, steps=steps)
    return lib


def build_session(root: Path) -> tuple[str, int, int]:
    """40 people, 2,000 entries; returns (session id, slots in the plan, entries already in SAVE_STEP)."""
    rows = [RosterRow(name=f"Person {n:02d}", team=f"Team {n % 4 + 1}") for n in range(PEOPLE)]
    w = create_session(
        Workspace(root), roomy_library(), AGENDA, "Benchmark day", "2026-11-24", "Sam", rows, seed=1
    )
    people = [p.id for p in w.participants()]
    started = time.perf_counter()
    with w.batch():  # building the fixture, not measuring saves: one write at the end
        _fill(w, people)
    print(f"built 2,000 entries for 40 people in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    count = len(w.entries(SAVE_STEP))
    w.jump(0)
    plan = len(w.plan)
    session = w.id
    w.close()
    return session, plan, count


def _fill(w: Session, people: list[str]) -> None:
    made = 0
    for n, pid in enumerate(people):
        for k in range(30):
            category = ("excellent", "good", "poor")[(n + k) % 3]
            w.add_entry(
                "service-stories/stories", pid, {"title": f"Story {k} of {pid}", "category": category}
            )
        for k in range(14):
            w.add_entry("relationship-map/my-relationships", pid, {"stakeholder": f"Contact {k}", "trust": 3})
        for k in range(3):
            w.add_entry("action-plan/my-actions", pid, {"action": f"Action {k}", "due": "2026-12-15"})
        w.add_entry("close/feedback", pid, {"recommend": n % 11})
        made += 48
    for k in range(2000 - made):
        w.add_entry(SAVE_STEP, GROUP, {"fact": f"Fact {k}"})


def next_step(data: Path, session: str, steps: int, plan: int) -> tuple[list[float], list[float]]:
    """PgDn `steps` times from step 1: (to the strip's change, to the view drawn) in seconds.

    "Drawn" is the last output before the terminal goes quiet for QUIET
    seconds; the next key waits for that, so each key starts from rest.
    """
    term = Terminal(facilitator_argv(data, "run", session), env=STILL)
    strip, settled = [], []
    try:
        term.read_until([b"step 1 of", b"Timer"])
        term.drain(QUIET)
        for n in range(2, min(plan, steps + 2)):
            mark = len(term.output)
            sent = term.send(b"\x1b[6~")
            strip.append(term.read_until([f"step {n} of".encode()], since=mark) - sent)
            settled.append(term.drain(QUIET) - sent)
    finally:
        term.close()
    return strip, settled


def save_entries(data: Path, session: str, saves: int, count: int) -> list[float]:
    """Type an entry and press Enter `saves` times; Enter to the count going up, in seconds."""
    term = Terminal(facilitator_argv(data, "run", session), env=STILL)
    times = []
    try:
        term.read_until([b"Timer", f"{count} entries".encode()])
        term.drain(QUIET)
        for n in range(saves):
            for ch in f"bench fact {n:02d}":
                term.send(ch.encode())
            term.drain(QUIET)
            mark = len(term.output)
            sent = term.send(b"\r")
            count += 1
            times.append(term.read_until([f"{count} entries".encode()], since=mark) - sent)
            term.drain(QUIET)
    finally:
        term.close()
    return times


def echo_baseline(folder: Path, keys: int) -> list[float]:
    """The minimal app: a key typed into an Input until it is echoed."""
    script = folder / "echo.py"
    script.write_text(ECHO_APP, encoding="utf-8")
    term = Terminal([PYTHON, str(script)])
    times = []
    try:
        term.read_until([b"\x1b[?1049h"])
        term.drain(0.5)
        for n in range(keys):
            ch = "abcdefghijklmnopqrstuvwxyz"[n % 26]
            mark = len(term.output)
            sent = term.send(ch.encode())
            times.append(term.read_until([ch.encode()], since=mark) - sent)
            term.drain(0.1)
    finally:
        term.close()
    return times


def report(label: str, seconds: list[float], base: float) -> None:
    """One line: median, 90th percentile, ratio to the baseline median."""
    ms = sorted(s * 1000 for s in seconds)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    print(
        f"  {label:<46} median {statistics.median(ms):6.1f} ms   p90 {p90:6.1f} ms   "
        f"{statistics.median(ms) / base:5.2f}x   (n={len(ms)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--saves", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="facilitator-keys-") as tmp:
        folder = Path(tmp)
        data = folder / "data"
        session, plan, count = build_session(data)
        base = echo_baseline(folder, 30)
        strip, settled = next_step(data, session, args.steps, plan)
        jump = _at_save_step(data, session)
        saves = save_entries(data, session, args.saves, count) if jump else []
    base_ms = statistics.median(base) * 1000
    print(f"keystroke to updated frame at 80x24, {PEOPLE} participants, 2,000 entries")
    report("baseline: minimal app echoes a key", base, base_ms)
    report("next step: strip shows the new step", strip, base_ms)
    report("next step: output settled (view drawn)", settled, base_ms)
    if saves:
        report("save an entry: count goes up", saves, base_ms)
    print("aim: median <= 16 ms (one frame)")


def _at_save_step(data: Path, session: str) -> bool:
    """Put the session on the capture step the save benchmark types into."""
    from facilitator.engine import open_session

    w = open_session(Workspace(data), session)
    try:
        w.jump([s.key for s in w.plan].index(SAVE_STEP))
    finally:
        w.close()
    return True


if __name__ == "__main__":
    main()
