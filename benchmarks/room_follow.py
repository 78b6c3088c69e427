"""Room display latency: a key on the trainer's console to the room display's updated frame.

Two real processes on two 80x24 pseudo-terminals, over one session of 40
participants and 2,000 entries (the full-day agenda, built through the
engine, as `keystroke.py` builds it): `facilitator run` (the console) and
`facilitator room` (the room display). Everything each writes is fed into a
small terminal screen (`vt.py`). For every slot of the day the console gets
PgDn, and the time is taken from the key until the room display's screen
shows that slot: its place in the strip ("step N of 40") and a text of the
step's own view that was not on screen before (so the view is drawn, not
just the strip) or, on a break or a timer step, the slot's title over the
big clock. Then, on a capture step,
entries typed and saved on the console, until the room display lists them.

Both terminals are read all the time, so neither program ever waits for its
output to be read. Aim (issue 10): median <= 150 ms, p90 <= 300 ms.

Usage: `.venv/bin/python benchmarks/room_follow.py [--saves N]`. Prints figures only.
"""

from __future__ import annotations

import argparse
import os
import select
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from keystroke import SAVE_STEP, STILL, TOP, build_session, view_needles
from startup import Terminal, byte_compile, facilitator_argv
from vt import VirtualScreen

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitator.engine import Workspace, open_session
from facilitator.model import Capture, Timer


def pump(
    console: Terminal, room: Terminal, shown: Callable[[VirtualScreen], bool], timeout: float = 20
) -> float:
    """Read both terminals until the room's screen passes `shown`; when the chunk that did it came."""
    deadline = time.perf_counter() + timeout
    if shown(room.screen):
        return time.perf_counter()
    while (left := deadline - time.perf_counter()) > 0:
        ready, _, _ = select.select([console.master, room.master], [], [], left)
        for fd in ready:
            chunk = os.read(fd, 65536)
            arrived = time.perf_counter()
            term = room if fd == room.master else console
            term.screen.feed(chunk)
            if term is room and shown(room.screen):
                return arrived
    raise TimeoutError("the room display never showed it:\n" + room.screen.text())


def quiet(console: Terminal, room: Terminal, seconds: float = 0.4) -> None:
    """Read both until neither has written for `seconds`."""
    while select.select([console.master, room.master], [], [], seconds)[0]:
        for fd in select.select([console.master, room.master], [], [], 0)[0]:
            (room if fd == room.master else console).screen.feed(os.read(fd, 65536))


def slot_marks(data: Path, session: str) -> list[tuple[str, list[str]]]:
    """What the room display shows for each slot: its place and texts of its view, or its clock's title.

    The view's texts are `keystroke.py`'s (instructions first), less a capture
    form's labels, which the room display never shows.
    """
    w = open_session(Workspace(data), session, readonly=True)
    try:
        marks: list[tuple[str, list[str]]] = []
        needles = view_needles(w)
        for index, slot in enumerate(w.plan):
            if slot.is_break or isinstance(w.step(slot.key), Timer):
                marks.append((slot.title[:30], []))
                continue
            step = w.step(slot.key)
            labels = {f.label[:20] for f in step.fields} if isinstance(step, Capture) else set()
            marks.append(
                (f"step {index + 1} of {len(w.plan)}", [n for n in needles[index] if n not in labels])
            )
        return marks
    finally:
        w.close()


def put_on(data: Path, session: str, key: str | None) -> None:
    """Put the session on slot `key` (None: the first) before the programs start."""
    w = open_session(Workspace(data), session)
    try:
        w.jump([s.key for s in w.plan].index(key) if key else 0)
    finally:
        w.close()


def next_steps(data: Path, session: str, marks: list[tuple[str, list[str]]]) -> list[float]:
    """PgDn on the console through the whole day; seconds until the room display shows each slot."""
    put_on(data, session, None)
    console = Terminal(facilitator_argv(data, "run", session), env=STILL)
    room = Terminal(facilitator_argv(data, "room", session), env=STILL)
    times = []
    try:
        pump(console, room, lambda screen: screen.shows(marks[0][0]), timeout=60)
        for number in range(2, len(marks) + 1):
            quiet(console, room)
            place, needles = marks[number - 1]
            before = room.screen.text(TOP)
            fresh = [n for n in needles if n not in before] or needles

            def drawn(screen: VirtualScreen, place: str = place, fresh: list[str] = fresh) -> bool:
                return screen.shows(place) and (not fresh or any(screen.shows(n, TOP) for n in fresh))

            sent = console.send(b"\x1b[6~")
            try:
                times.append(pump(console, room, drawn) - sent)
            except TimeoutError:
                print(f"  slot {number}: never shown", file=sys.stderr)
                times.append(float("nan"))
    finally:
        console.close()
        room.close()
    return times


def saves(data: Path, session: str, count: int) -> list[float]:
    """Type an entry on the console's capture step and save it; seconds until the room lists it."""
    put_on(data, session, SAVE_STEP)
    console = Terminal(facilitator_argv(data, "run", session), env=STILL)
    room = Terminal(facilitator_argv(data, "room", session), env=STILL)
    times = []
    try:
        pump(console, room, lambda screen: screen.shows("entries"), timeout=60)
        for n in range(count):
            quiet(console, room)
            text = f"room bench {n:02d}"
            for ch in text:
                console.send(ch.encode())
            quiet(console, room, 0.2)
            sent = console.send(b"\r")

            def listed(screen: VirtualScreen, text: str = text) -> bool:
                return screen.shows(text)

            try:
                times.append(pump(console, room, listed) - sent)
            except TimeoutError:
                times.append(float("nan"))
    finally:
        console.close()
        room.close()
    return times


def report(label: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds if s == s)
    if not ms:
        print(f"{label}: nothing measured")
        return
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    print(
        f"{label}: median {statistics.median(ms):.0f} ms, p90 {p90:.0f} ms, "
        f"slowest {ms[-1]:.0f} ms ({len(ms)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10)
    args = parser.parse_args()
    byte_compile()
    with tempfile.TemporaryDirectory(prefix="facilitator-room-") as tmp:
        data = Path(tmp) / "data"
        session, _, _ = build_session(data)
        marks = slot_marks(data, session)
        steps = next_steps(data, session, marks)
        saved = saves(data, session, args.saves) if args.saves else []
    print("console key to the room display's updated frame, 80x24 each, 40 participants, 2,000 entries")
    report(f"next step (all {len(steps)} moves)", steps)
    if saved:
        report("an entry saved on the console, listed on the room display", saved)
    print("aim: median <= 150 ms, p90 <= 300 ms")


if __name__ == "__main__":
    main()
