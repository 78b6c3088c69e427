"""Keystroke latency: key press to the frame that shows its effect, in a real terminal.

A session with 40 participants and 2,000 saved entries (the full-day agenda,
built through the engine) is opened with `facilitator run` in an 80x24
pseudo-terminal. Everything the app writes is fed into a small terminal
screen (`vt.py`), and each key is timed from the moment it is written until
the chunk of output after which the screen shows its effect:

- next step, for EVERY slot of the day (PgUp onto step 1, then PgDn through
  steps 2 to 40): until the agenda strip reads "step N of 40" AND the step's
  own view shows its content below the strip (its first instruction line,
  rating scale, vote count, break line...: a text the previous screen did not
  show). Nothing else counts: not the strip alone, not unrelated output.
- save an entry (Enter in a capture form): until the list shows the new row
  and the count has gone up; the save includes the engine's atomic write.

The baseline, measured in the same run, is a minimal Textual app's echo of a
key typed into an `Input`. Every key waits for the app to go quiet first, so
keys never queue behind the previous one. Facilitator runs with
FACILITATOR_STILL=1 (no blinking cursor). The package is byte-compiled first.

Usage: `.venv/bin/python benchmarks/keystroke.py [--saves N]`. Prints figures only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from roomy import roomy_library
from startup import PYTHON, Terminal, byte_compile, facilitator_argv
from vt import VirtualScreen

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitator.engine import GROUP, Session, Workspace, create_session, open_session
from facilitator.model import Brief, Capture, Debrief, Pairing, Rating, Vote
from facilitator.roster import RosterRow

AGENDA = "delivering-excellent-service"
SAVE_STEP = "complaint-turnaround/what-happened"
PEOPLE = 40
#: Entry limits raised so 2,000 entries fit the agenda.
LIMITS = {"service-stories/stories": 30, "relationship-map/my-relationships": 14, SAVE_STEP: 100}
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


def build_session(root: Path) -> tuple[str, int, int]:
    """40 people, 2,000 entries; returns (session id, slots in the plan, entries already in SAVE_STEP)."""
    rows = [RosterRow(name=f"Person {n:02d}", team=f"Team {n % 4 + 1}") for n in range(PEOPLE)]
    w = create_session(
        Workspace(root), roomy_library(LIMITS), AGENDA, "Benchmark day", "2026-11-24", "Sam", rows, seed=1
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


#: Rows of the agenda strip at the top of the Run screen, and the footer at the bottom.
TOP, BOTTOM = 5, 1
#: Marks a needle that replaces "step N of M" at the top (the break's title over its clock).
BREAK = "break:"


def view_needles(workshop: Session) -> list[list[str]]:
    """For each slot, texts its view shows below the strip, best first (one must be new on screen).

    A break opens on the full-window clock: its title takes the strip's place, and the
    line under the digits says what comes after.
    """
    out = []
    for slot in workshop.plan:
        if slot.is_break:
            out.append([f"{BREAK}{slot.title}", "After the break"])
            continue
        step = workshop.step(slot.key)
        assert step is not None, slot.key
        lines = [line.strip().removeprefix("- ") for line in step.instructions.strip().splitlines()]
        needles = [line[:24] for line in lines if line]
        if isinstance(step, Rating):
            needles.insert(0, f"Scores {step.min} ({step.low_label}"[:24])
        elif isinstance(step, Vote):
            needles.insert(0, "cast")
        elif isinstance(step, Pairing):
            needles.insert(0, f"Round 1 of {step.rounds}")
        elif isinstance(step, Debrief):
            needles += [q[:24] for q in step.questions]
        elif isinstance(step, Brief):
            needles += [point[:24] for point in step.points]
        elif isinstance(step, Capture):
            needles += [field.label[:20] for field in step.fields]
        out.append(needles)
    return out


def body(screen: VirtualScreen) -> list[str]:
    """The rows between the strip and the footer."""
    return screen.lines(TOP, screen.rows - BOTTOM)


def move(term: Terminal, key: bytes, number: int, plan: int, needles: list[str]) -> float:
    """Press `key`; seconds until the strip says `step NUMBER` and the view shows a needle new on screen."""
    term.drain(0.3)
    before = "\n".join(body(term.screen))
    place, top = f"step {number} of {plan}", TOP
    if needles and needles[0].startswith(BREAK):
        place, top, needles = needles[0].removeprefix(BREAK), 1, needles[1:]
    fresh = [n for n in needles if n not in before] or needles

    def drawn(screen: VirtualScreen) -> bool:
        rows = body(screen)
        return screen.shows(place, 0, top) and any(n in row for n in fresh for row in rows)

    sent = term.send(key)
    try:
        return term.wait_for(drawn, timeout=20) - sent
    except TimeoutError:
        print(f"  step {number}: never showed any of {fresh!r}", file=sys.stderr)
        return float("nan")


def next_step(data: Path, session: str, plan: int, needles: list[list[str]]) -> list[float]:
    """PgUp onto step 1, then PgDn through every other step: seconds per slot, in plan order."""
    term = Terminal(facilitator_argv(data, "run", session), env=STILL)
    times = []
    try:
        term.wait_for(lambda screen: screen.shows(f"step 2 of {plan}"))
        times.append(move(term, b"\x1b[5~", 1, plan, needles[0]))
        for n in range(2, plan + 1):
            times.append(move(term, b"\x1b[6~", n, plan, needles[n - 1]))
    finally:
        term.close()
    return times


def save_entries(data: Path, session: str, saves: int, count: int) -> list[float]:
    """Type an entry and press Enter `saves` times; Enter to the count going up, in seconds."""
    term = Terminal(facilitator_argv(data, "run", session), env=STILL)
    times = []
    try:
        term.wait_for(lambda screen: screen.shows(f"{count:,} entries") or screen.shows(f"{count} entries"))
        term.drain(QUIET)
        for n in range(saves):
            text = f"bench fact {n:02d}"
            for ch in text:
                term.send(ch.encode())
            term.drain(QUIET)
            sent = term.send(b"\r")
            count += 1
            counted = (f"{count:,} entries", f"{count} entries")

            def saved(screen: VirtualScreen, text: str = text, counted: tuple[str, str] = counted) -> bool:
                rows = body(screen)
                return any(c in row for c in counted for row in rows) and any(text in row for row in rows)

            times.append(term.wait_for(saved) - sent)
            term.drain(QUIET)
    finally:
        term.close()
    return times


def echo_baseline(folder: Path, keys: int) -> list[float]:
    """The minimal app: a key typed into an Input until the screen shows it, timed the same way."""
    script = folder / "echo.py"
    script.write_text(ECHO_APP, encoding="utf-8")
    term = Terminal([PYTHON, str(script)])
    times = []
    typed = ""
    try:
        term.wait_for(lambda screen: screen.shows("▔▔▔") or screen.shows("▁▁▁"))
        term.drain(0.5)
        for n in range(keys):
            ch = "abcdefghijklmnopqrstuvwxyz"[n % 26]
            typed = (typed + ch)[-20:]
            sent = term.send(ch.encode())
            shown = typed

            def echoed(screen: VirtualScreen, shown: str = shown) -> bool:
                return screen.shows(shown)

            times.append(term.wait_for(echoed) - sent)
            term.drain(0.1)
    finally:
        term.close()
    return times


def report(label: str, seconds: list[float], base: float) -> None:
    """One line: median, 90th percentile, ratio to the baseline median."""
    ms = sorted(s * 1000 for s in seconds if s == s)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    print(
        f"  {label:<46} median {statistics.median(ms):6.1f} ms   p90 {p90:6.1f} ms   "
        f"{statistics.median(ms) / base:5.2f}x   (n={len(ms)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=15)
    args = parser.parse_args()
    byte_compile()
    with tempfile.TemporaryDirectory(prefix="facilitator-keys-") as tmp:
        folder = Path(tmp)
        data = folder / "data"
        session, plan, count = build_session(data)
        needles, titles = _on_step_two(data, session)
        base = echo_baseline(folder, 30)
        steps = next_step(data, session, plan, needles)
        saves = save_entries(data, session, args.saves, count) if _at_save_step(data, session) else []
    base_ms = statistics.median(base) * 1000
    print(f"keystroke to updated frame at 80x24, {PEOPLE} participants, 2,000 entries")
    report("baseline: minimal app echoes a key", base, base_ms)
    report(f"next step, the step's view drawn (all {plan} slots)", steps, base_ms)
    order = sorted(range(len(steps)), key=lambda i: steps[i] if steps[i] == steps[i] else float("inf"))
    slowest = order[-1]
    print(f"  slowest step: {slowest + 1} ({titles[slowest]}) {steps[slowest] * 1000:.1f} ms")
    print("  next slowest: " + ", ".join(f"{i + 1} {steps[i] * 1000:.0f} ms" for i in reversed(order[-6:-1])))
    missed = sum(1 for t in steps if t != t)
    if missed:
        print(f"  {missed} steps never showed their view within 20 s")
    if saves:
        report("save an entry: new row and count shown", saves, base_ms)
    print("aim: median <= 16 ms (one frame)")


def _on_step_two(data: Path, session: str) -> tuple[list[list[str]], list[str]]:
    """Put the session on step 2 (so the first key measured is PgUp onto step 1); each slot's needles."""
    w = open_session(Workspace(data), session)
    try:
        w.jump(1)
        return view_needles(w), [slot.title for slot in w.plan]
    finally:
        w.close()


def _at_save_step(data: Path, session: str) -> bool:
    """Put the session on the capture step the save benchmark types into."""
    w = open_session(Workspace(data), session)
    try:
        w.jump([s.key for s in w.plan].index(SAVE_STEP))
    finally:
        w.close()
    return True


if __name__ == "__main__":
    main()
