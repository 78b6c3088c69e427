"""How long saving an entry takes through the engine, and whether it grows with the trainer's history.

A "save" is `Session.add_entry`: the scribe's Enter on a capture step, as the
TUI calls it: validation, the typed record, TinyDB, the crash-safe storage
(temporary file, fsync, `.bak`, rename, folder fsync). It is measured on a
live session of 40 people and 2,000 entries, inside data folders holding 0,
100 and 1,000 archived sessions (copies of a real session file with its
`.bak`), next to, in the same run:

- bare: writing the same bytes with open/write/fsync/rename and nothing else,
  the floor any crash-safe save has to pay;
- no cache: the same save with the storage's read cache off (TinyDB reads
  the whole file back before each write): the figure that justifies the cache.

The configurations take turns save by save, in a shuffled order, so a slow
patch of the disk hits all of them alike.

Targets: p95 with 1,000 sessions <= 1.2 x p95 with 0, and <= 2 x the bare write.

Usage: .venv/bin/python benchmarks/save_latency.py [--saves N] [--entries N] [--dir FOLDER]
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from roomy import roomy_library

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from facilitator import database  # noqa: E402
from facilitator.engine import Session, Workspace, create_session  # noqa: E402
from facilitator.roster import RosterRow  # noqa: E402
from facilitator.storage import AtomicJSONStorage  # noqa: E402

AGENDA = "delivering-excellent-service"
KEY = "service-stories/stories"
PEOPLE = 40
WARMUP = 20
BARE = "bare write+fsync+rename"


def build(root: Path, entries: int, rng: random.Random) -> str:
    """A session of 40 people with `entries` stories, built in one write; returns its id."""
    rows = [RosterRow(name=f"Person {n}", team=f"Team {n % 5}") for n in range(PEOPLE)]
    w = create_session(
        Workspace(root),
        roomy_library({KEY: 100}),  # a day's 2,000 stories in one step
        AGENDA,
        "Bench",
        "2026-11-24",
        roster=rows,
        seed=1,
    )
    people = [p.id for p in w.participants()]
    with w.batch():
        for n in range(entries):
            w.add_entry(
                KEY,
                people[n % PEOPLE],
                {
                    "title": f"Story {n} " + "x" * rng.randrange(20, 80),
                    "category": rng.choice(["poor", "good"]),
                },
            )
    sid = w.id
    w.close()
    return sid


def archive(root: Path, template: Path, count: int) -> None:
    """`count` old sessions beside the live one: copies of a real file and its backup."""
    for i in range(count):
        target = root / "sessions" / f"2025-{i:04d}.json"
        shutil.copyfile(template, target)
        shutil.copyfile(template, target.with_name(target.name + ".bak"))


def bare_write(path: Path, payload: bytes) -> None:
    """The floor: write, fsync, rename; no backup, no folder fsync, no TinyDB."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=200, help="measured saves per configuration")
    parser.add_argument("--entries", type=int, default=2000, help="entries in the live session")
    parser.add_argument("--dir", type=Path, default=None, help="where to build the data folders")
    args = parser.parse_args()
    rng = random.Random(7)
    base = Path(tempfile.mkdtemp(prefix="facilitator-bench-", dir=args.dir))
    sessions: dict[str, Session] = {}
    try:
        started = time.perf_counter()
        template_root = base / "template"
        sid = build(template_root, args.entries, rng)
        for label, archived in (("0 sessions", 0), ("100 sessions", 100), ("1,000 sessions", 1000)):
            root = base / label.replace(" ", "-").replace(",", "")
            shutil.copytree(template_root, root)
            archive(root, template_root / "sessions" / f"{sid}.json", archived)
            sessions[label] = Workspace(root).open(sid)
        nocache_root = base / "nocache"
        shutil.copytree(template_root, nocache_root)
        plain = AtomicJSONStorage
        database.AtomicJSONStorage = functools.partial(AtomicJSONStorage, cache=False)  # type: ignore[attr-defined,assignment]
        try:
            sessions["0 sessions, no cache"] = Workspace(nocache_root).open(sid)
        finally:
            database.AtomicJSONStorage = plain  # type: ignore[attr-defined]
        setup_s = time.perf_counter() - started
        live = base / "0-sessions" / "sessions" / f"{sid}.json"
        names = [*sessions, BARE]
        times: dict[str, list[float]] = {name: [] for name in names}
        people = [p.id for p in sessions["0 sessions"].participants()]
        for i in range(WARMUP + args.saves):
            rng.shuffle(names)
            for name in names:
                if name == BARE:
                    payload = live.read_bytes()
                    t0 = time.perf_counter()
                    bare_write(live.with_name("bare.json"), payload)
                else:
                    data: dict[str, object] = {"title": f"Measured {i}", "category": "good"}
                    t0 = time.perf_counter()
                    sessions[name].add_entry(KEY, people[i % PEOPLE], data)
                if i >= WARMUP:
                    times[name].append((time.perf_counter() - t0) * 1000)
        size_kb = live.stat().st_size / 1024
    finally:
        for s in sessions.values():
            s.close()
        shutil.rmtree(base, ignore_errors=True)

    print(f"Save latency through the engine: add_entry, {args.saves} saves per row ({WARMUP} warm-up)")
    print(
        f"live session: {PEOPLE} people, {args.entries:,}+ entries, {size_kb:.0f} KB (setup {setup_s:.1f} s)"
    )
    print()
    print(f"{'':26} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'max ms':>8}")
    for name in [*sorted(n for n in times if n != BARE), BARE]:
        v = times[name]
        print(
            f"{name:26} {percentile(v, 50):8.2f} {percentile(v, 95):8.2f} "
            f"{statistics.fmean(v):8.2f} {max(v):8.2f}"
        )
    p95 = {name: percentile(v, 95) for name, v in times.items()}
    p50 = {name: percentile(v, 50) for name, v in times.items()}
    growth = p95["1,000 sessions"] / p95["0 sessions"]
    over_bare = p95["1,000 sessions"] / p95[BARE]
    print()
    print(f"1,000 vs 0 sessions, p95: {growth:.2f}x (aim <= 1.2x) {'ok' if growth <= 1.2 else 'MISSED'}")
    print(
        f"against a bare write, p95: {over_bare:.2f}x (aim <= 2x) {'ok' if over_bare <= 2 else 'MISSED'}"
        f" (p50 {p50['1,000 sessions'] / p50[BARE]:.2f}x)"
    )
    gain = p50["0 sessions, no cache"] / p50["0 sessions"]
    print(f"the storage's read cache: a save without it takes {gain:.2f}x as long (p50)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
