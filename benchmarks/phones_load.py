"""Phones under load: 40 simulated phones join and submit entries while the TUI runs, on loopback only.

`facilitator run SESSION --join --host 127.0.0.1` runs in a 120x36
pseudo-terminal on a session of 40 people and 820 earlier entries, on the
story step (a capture step people fill in from their phones; the scribe's
form has the focus on the laptop). A second process plays the phones: each
has its own loopback address (127.0.0.10 to 127.0.0.49, as each phone in a
room has its own), opens the join link, picks its name, asks every 3 s whether
the room has moved on (as the page's script does), and submits stories in
two phases:

- "busy room": each phone waits 1 to 3 s between submits (about 20 a second
  for the room; a real room, typing on phones, sends one or two a second);
- "flat out": each phone submits the next as soon as the last is answered.

Meanwhile this process types into the scribe's form and times each key
until its echo reaches the terminal; the same is measured before the load
and for a minimal Textual app, as baselines. Afterwards the session file is
read: every submit the server acknowledged (303) must be there.

Bounded: 40 phones x 20 entries per phase, 10 s per request, 180 s per
phase at most; traffic goes to 127.0.0.0/8 only.

Usage: `.venv/bin/python benchmarks/phones_load.py [--phones 40] [--entries 20]`. Prints figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from keystroke import LIMITS, echo_baseline, report
from roomy import roomy_library
from startup import PYTHON, Terminal, facilitator_argv

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitator.engine import GROUP, Workspace, create_session
from facilitator.roster import RosterRow

AGENDA = "delivering-excellent-service"
STEP = "service-stories/stories"
FACTS = "complaint-turnaround/what-happened"
PEOPLE = 40
COLS, ROWS = 120, 36
PHASES = ("busy room", "flat out")
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]")
URL = re.compile(rb"http://127\.0\.0\.1:\d+/j/[A-Za-z0-9_-]{22}/")
CSRF = re.compile(r'name="csrf" value="([^"]*)"')
PERSON = re.compile(r'name="person" value="(p\d+)"')
#: Typed (unmeasured) first, so each measured key's echo is a string found nowhere else on screen.
PREFIX = "Bench"
KEYS = "qxzjvkwy"


# ----- the session -------------------------------------------------------------------------------


def build_session(root: Path, entries: int) -> str:
    """40 people and 820 entries in other steps; stories may take both phases' entries."""
    lib = roomy_library({**LIMITS, STEP: 2 * entries, FACTS: 100})
    rows = [RosterRow(name=f"Person {n:02d}", team=f"Team {n % 4 + 1}") for n in range(PEOPLE)]
    w = create_session(Workspace(root), lib, AGENDA, "Phones day", "2026-11-24", "Sam", rows, seed=1)
    with w.batch():
        for pid in [p.id for p in w.participants()]:
            for k in range(14):
                w.add_entry("relationship-map/my-relationships", pid, {"stakeholder": f"C{k}", "trust": 3})
            for k in range(3):
                w.add_entry("action-plan/my-actions", pid, {"action": f"Action {k}", "due": "2026-12-15"})
            w.add_entry("close/feedback", pid, {"recommend": 8})
        for k in range(100):
            w.add_entry(FACTS, GROUP, {"fact": f"Fact {k}"})
    w.jump([s.key for s in w.plan].index(STEP))
    session = w.id
    w.close()
    return session


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ----- the phones (a process of their own) ----------------------------------------------------------


async def one_phone(n: int, url: str, entries: int, starts: list[asyncio.Event], out: dict[str, Any]) -> None:
    import httpx2

    transport = httpx2.AsyncHTTPTransport(local_address=f"127.0.0.{10 + n}")
    async with httpx2.AsyncClient(transport=transport, base_url=url, timeout=10) as phone:
        page = await phone.get("")
        people = PERSON.findall(page.text)
        pid = f"p{n + 1}" if f"p{n + 1}" in people else people[0]
        await phone.post("join", data={"csrf": CSRF.findall(page.text)[0], "person": pid})
        page = await phone.get("")
        csrf = CSRF.findall(page.text)[0]
        out["joined"] += 1
        poller = asyncio.create_task(follow(phone))
        for phase, start in zip(PHASES, starts, strict=True):
            await start.wait()
            stats = out[phase]
            for k in range(entries):
                if phase == "busy room":
                    await asyncio.sleep(random.uniform(1.0, 3.0))
                form = {
                    "csrf": csrf,
                    "step": STEP,
                    "f.title": f"{pid} story {phase[0]}{k}",
                    "f.category": "good",
                }
                sent = time.perf_counter()
                try:
                    answer = await phone.post("entry", data=form)
                except httpx2.HTTPError as exc:
                    stats["errors"].append(type(exc).__name__)
                    continue
                stats["submit"].append(time.perf_counter() - sent)
                if answer.status_code != 303:
                    stats["errors"].append(str(answer.status_code))
                    continue
                stats["acknowledged"] += 1
                await phone.get(answer.headers["location"])
                stats["round_trip"].append(time.perf_counter() - sent)
        poller.cancel()


async def follow(phone: Any) -> None:
    """What a real phone's page does: ask every 3 s whether the room has moved on."""
    while True:
        await asyncio.sleep(3)
        await phone.get("now")


async def phones(url: str, count: int, entries: int) -> dict[str, Any]:
    """Join `count` phones, then run each phase with all of them at once."""
    out: dict[str, Any] = {"joined": 0}
    for phase in PHASES:
        out[phase] = {"submit": [], "round_trip": [], "errors": [], "acknowledged": 0}
    starts = [asyncio.Event() for _ in PHASES]
    tasks = [asyncio.create_task(one_phone(n, url, entries, starts, out)) for n in range(count)]
    for _ in range(300):
        if out["joined"] == count or any(t.done() for t in tasks):
            break
        await asyncio.sleep(0.1)
    for phase, start in zip(PHASES, starts, strict=True):
        out[phase]["start"] = time.time()
        start.set()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not _phase_done(out[phase], count * entries):
            if all(t.done() for t in tasks):
                break
            await asyncio.sleep(0.05)
        out[phase]["end"] = time.time()
    for task in tasks:
        task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    out["crashed"] = [
        repr(r) for r in results if isinstance(r, Exception) and not isinstance(r, asyncio.CancelledError)
    ]
    return out


def _phase_done(stats: dict[str, Any], total: int) -> bool:
    return (
        len(stats["submit"]) + len(stats["errors"]) >= total
        and len(stats["round_trip"]) >= stats["acknowledged"]
    )


# ----- the keys, measured in the trainer's terminal ----------------------------------------------------


def wait_text(term: Terminal, text: bytes, since: int, timeout: float = 10.0) -> float:
    """Read until `text` is on screen after offset `since`, escape sequences aside; the time then.

    Textual writes a changed line in pieces with cursor moves between them, so
    the text is looked for with the escape sequences taken out.
    """
    deadline = time.perf_counter() + timeout
    while text not in ANSI.sub(b"", term.output[since:]):
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError(f"never saw {text!r}")
        ready, _, _ = select.select([term.master], [], [], left)
        if ready:
            chunk = os.read(term.master, 65536)
            if not chunk:
                raise TimeoutError("the app ended")
            term.output += chunk
    return time.perf_counter()


class Typist:
    """Types into the focused field and times each key until its echo; keeps the field short."""

    def __init__(self, term: Terminal) -> None:
        self.term = term
        self.typed = ""

    def keys(self, count: int) -> list[tuple[float, float]]:
        """Type `count` keys: (wall time sent, seconds to the echo) for each."""
        times: list[tuple[float, float]] = []
        for _ in range(count):
            if len(self.typed) == len(KEYS):
                self.term.send(b"\x7f" * len(self.typed))
                self.term.drain(0.2, limit=3)
                self.typed = ""
            key = KEYS[len(self.typed)]
            mark = len(self.term.output)
            wall = time.time()
            sent = self.term.send(key.encode())
            self.typed += key
            times.append((wall, wait_text(self.term, (PREFIX + self.typed).encode(), mark) - sent))
            self.term.drain(0.05, limit=0.3)
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=PEOPLE)
    parser.add_argument("--entries", type=int, default=20, help="entries per phone per phase")
    parser.add_argument("--load", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        print(json.dumps(asyncio.run(phones(args.load, args.phones, args.entries))))
        return
    with tempfile.TemporaryDirectory(prefix="facilitator-phones-") as tmp:
        folder = Path(tmp)
        data = folder / "data"
        session = build_session(data, args.entries)
        base = echo_baseline(folder, 30)
        port = free_port()
        argv = facilitator_argv(data, "run", session, "--join", "--host", "127.0.0.1", "--port", str(port))
        term = Terminal(argv, cols=COLS, rows=ROWS, env={"FACILITATOR_STILL": "1"})
        try:
            try:
                term.read_until([b"Join from your phone", b"phones joined"], timeout=60)
            except TimeoutError:
                print(term.output[-3000:].decode("utf-8", "replace"), file=sys.stderr)
                raise
            wait_text(term, b"/j/", 0, timeout=30)  # the notification with the whole URL
            term.drain(0.3)
            url = URL.search(ANSI.sub(b"", term.output))
            assert url is not None, "no join URL on screen"
            term.drain(1.0)
            term.send(PREFIX.encode())
            wait_text(term, PREFIX.encode(), 0)
            term.drain(0.5)
            typist = Typist(term)
            idle = typist.keys(40)
            load = subprocess.Popen(
                [
                    PYTHON,
                    __file__,
                    "--load",
                    url.group(0).decode(),
                    "--phones",
                    str(args.phones),
                    "--entries",
                    str(args.entries),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            during: list[tuple[float, float]] = []
            give_up = time.monotonic() + 2 * 180 + 60
            while load.poll() is None and time.monotonic() < give_up:
                during.extend(typist.keys(1))
                time.sleep(0.1)
            out, _ = load.communicate(timeout=60)
        finally:
            term.close()
        figures = json.loads(out)
        w = Workspace(data).open(session, readonly=True)
        stored = len(w.entries(STEP))
        w.close()
    print_figures(args, base, idle, during, figures, stored)


def ms(values: list[float]) -> str:
    if not values:
        return "none"
    got = sorted(v * 1000 for v in values)
    p95 = got[min(len(got) - 1, int(len(got) * 0.95))]
    middle = statistics.median(got)
    return f"median {middle:6.1f} ms   p95 {p95:6.1f} ms   max {got[-1]:6.1f} ms   (n={len(got)})"


def print_figures(
    args: argparse.Namespace,
    base: list[float],
    idle: list[tuple[float, float]],
    during: list[tuple[float, float]],
    figures: dict[str, Any],
    stored: int,
) -> None:
    acknowledged = sum(figures[p]["acknowledged"] for p in PHASES)
    print(
        f"{figures['joined']} of {args.phones} phones joined; "
        f"{args.entries} entries each per phase; loopback only"
    )
    base_ms = statistics.median(base) * 1000
    report("baseline: minimal app echoes a key", base, base_ms)
    report("facilitator, scribe's field, no phones", [t for _, t in idle], base_ms)
    for phase in PHASES:
        stats = figures[phase]
        seconds = stats["end"] - stats["start"]
        keys = [t for wall, t in during if stats["start"] <= wall <= stats["end"]]
        print(
            f"{phase}: {len(stats['submit'])} submits in {seconds:.1f} s "
            f"({len(stats['submit']) / seconds:.0f}/s), "
            f"errors {len(stats['errors'])} {sorted(set(stats['errors']))[:5]}"
        )
        print(f"  submit (POST to its 303)                       {ms(stats['submit'])}")
        print(f"  submit and the page again                      {ms(stats['round_trip'])}")
        if keys:
            report(f"facilitator key echo during {phase}", keys, base_ms)
    print(f"entries acknowledged {acknowledged}, in the session file {stored}: lost {acknowledged - stored}")
    if figures["crashed"]:
        print(f"phone tasks that failed: {figures['crashed'][:3]}")
    print("aim: 0 lost, p95 submit <= 100 ms, key echo median <= 16 ms during the load")


if __name__ == "__main__":
    main()
