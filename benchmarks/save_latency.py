"""How long one save takes, and whether it grows with the trainer's history.

A "save" is what the app does when a participant's contribution is entered:
insert one entry (shaped like the engine's) into the `entries` table of the
session file, opened with `open_db` (atomic write, fsync, `.bak`, folder
fsync). It is measured in a live session of a full day's size (200 entries;
each measured entry is removed again, untimed, so every save sees that size)
inside data folders holding 0, 100 and 1,000 archived sessions (each a
realistic file plus its `.bak`), next to:

- bare: writing the same bytes with open/write/fsync/rename and nothing else,
  the floor any crash-safe save has to pay;
- no cache: the same save with AtomicJSONStorage's read cache off;
- JSONStorage: TinyDB's own storage (rewrites in place, not crash-safe), for
  reference;
- refresh: reading every entry back (`all()`), as a screen does after a save,
  with and without the read cache: that is where the cache pays.

The configurations take turns save by save, in a shuffled order, so a slow
patch of the disk hits all of them alike. On a shared machine the p95 follows
the other tenants' disk traffic; the p50 ratios are printed too.

Targets: p95 with 1,000 sessions <= 1.2 x p95 with 0, and <= 2 x the bare write.

Usage: .venv/bin/python benchmarks/save_latency.py [--saves N] [--entries N] [--dir FOLDER]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tinydb import TinyDB  # noqa: E402
from tinydb.storages import JSONStorage  # noqa: E402

from facilitator.database import OpenedDB, open_db  # noqa: E402
from facilitator.storage import AtomicJSONStorage  # noqa: E402

#: An archived full-day session: ~250 entries (about 110 KB).
ARCHIVED_ENTRIES = 250
#: The live session's size while measuring: a full day's work. Each measured
#: save adds one entry, which is removed again (untimed) so every save sees the
#: same size.
LIVE_ENTRIES = 200
WARMUP = 20
BARE = "bare write+fsync+rename"

_TEXT = (
    "customer called twice about the late delivery and nobody rang back so offer a "
    "callback window repeat the promise write it in the ticket thank them for waiting "
    "Zoë Ångström Øster محمد 李小龍 escalate sooner check the order number first"
)
WORDS = _TEXT.split()


def contribution(rng: random.Random, n: int) -> dict[str, Any]:
    """One entry shaped like the engine's: a capture with its fields and undo log."""
    at = f"2026-05-09T{9 + n // 60 % 8:02d}:{n % 60:02d}:00+00:00"
    return {
        "id": f"{rng.getrandbits(40):010x}",
        "step": f"0{n % 9 + 1}-message-taking/round-{n % 3 + 1}",
        "kind": "capture",
        "owner": f"p{n % 18 + 1}" if n % 4 else f"team:Team {n % 6 + 1}",
        "round": n % 3,
        "data": {
            "what": " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 25))),
            "who": f"Participant {n % 18 + 1}",
            "score": rng.randint(1, 5),
        },
        "created": at,
        "updated": at,
        "seq": n + 1,
        "log": [{"op": "add"}],
    }


def session_doc(rng: random.Random, entries: int) -> dict[str, dict[str, Any]]:
    """A whole session file's content, as TinyDB stores it."""
    meta = {"id": "2025-session", "title": "Front desk team", "date": "2025-03-01"}
    return {
        "meta": {"1": meta},
        "participants": {
            str(i + 1): {"id": f"p{i + 1}", "name": f"Participant {i + 1}", "team": f"Team {i % 6}"}
            for i in range(18)
        },
        "entries": {str(i + 1): contribution(rng, i) for i in range(entries)},
    }


def make_data_dir(root: Path, archived: int, live_entries: int, rng: random.Random) -> Path:
    """A data folder with `archived` old sessions; returns the live session's path."""
    sessions = root / "sessions"
    sessions.mkdir(parents=True)
    index = {"sessions": {}}
    templates = [json.dumps(session_doc(rng, ARCHIVED_ENTRIES)) for _ in range(5)]
    for i in range(archived):
        body = templates[i % len(templates)]
        (sessions / f"2025-{i:04d}.json").write_text(body, encoding="utf-8")
        (sessions / f"2025-{i:04d}.json.bak").write_text(body[: len(body) // 2] + "}}}")
        index["sessions"][str(i + 1)] = {"id": f"2025-{i:04d}", "date": "2025-01-01"}
    (root / "index.json").write_text(json.dumps(index), encoding="utf-8")
    live = sessions / "2026-05-09-live.json"
    live.write_text(json.dumps(session_doc(rng, live_entries)), encoding="utf-8")
    return live


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
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=300, help="measured saves per configuration")
    parser.add_argument("--entries", type=int, default=LIVE_ENTRIES, help="entries in the live session")
    parser.add_argument("--dir", type=Path, default=None, help="where to build the data folders")
    args = parser.parse_args()

    rng = random.Random(7)
    base = Path(tempfile.mkdtemp(prefix="facilitator-bench-", dir=args.dir))
    opened: list[OpenedDB] = []
    try:
        started = time.perf_counter()
        lives = {n: make_data_dir(base / f"data-{n}", n, args.entries, rng) for n in (0, 100, 1000)}
        nocache_live = make_data_dir(base / "data-nocache", 0, args.entries, rng)
        plain_live = make_data_dir(base / "data-plain", 0, args.entries, rng)
        setup_s = time.perf_counter() - started

        # name -> the `entries` table a save goes to.
        tables: dict[str, Any] = {}
        for n, live in lives.items():
            o = open_db(live)
            opened.append(o)
            tables[f"{n:,} sessions"] = o.db.table("entries")
        nocache_db = TinyDB(str(nocache_live), storage=AtomicJSONStorage, encoding="utf-8", cache=False)
        tables["0 sessions, no cache"] = nocache_db.table("entries")
        plain_db = TinyDB(str(plain_live), storage=JSONStorage)
        tables["JSONStorage (in place)"] = plain_db.table("entries")
        bare_path = lives[0].with_name("bare.json")
        names = [*tables, BARE]

        times: dict[str, list[float]] = {name: [] for name in names}
        refresh: dict[str, list[float]] = {"cache": [], "no cache": []}
        for i in range(WARMUP + args.saves):
            rng.shuffle(names)
            for name in names:
                if name == BARE:
                    payload = lives[0].read_bytes()  # the same bytes a save just wrote
                    t0 = time.perf_counter()
                    bare_write(bare_path, payload)
                    elapsed = time.perf_counter() - t0
                else:
                    doc = contribution(rng, args.entries + i)
                    t0 = time.perf_counter()
                    doc_id = tables[name].insert(doc)
                    elapsed = time.perf_counter() - t0
                    tables[name].remove(doc_ids=[doc_id])  # back to LIVE_ENTRIES, untimed
                if i >= WARMUP:
                    times[name].append(elapsed * 1000)
            # A screen refresh after a save: every entry of the session, read back.
            for label, name in (("cache", "0 sessions"), ("no cache", "0 sessions, no cache")):
                t0 = time.perf_counter()
                tables[name].all()
                if i >= WARMUP:
                    refresh[label].append((time.perf_counter() - t0) * 1000)
        size_kb = lives[0].stat().st_size / 1024
        archived_kb = (lives[1000].parent / "2025-0000.json").stat().st_size / 1024
        nocache_db.close()
        plain_db.close()
    finally:
        for o in opened:
            o.close()
        shutil.rmtree(base, ignore_errors=True)

    print(f"Save latency: one entry inserted, {args.saves} saves per row ({WARMUP} warm-up)")
    print(
        f"live session: {args.entries} entries, {size_kb:.0f} KB; archived sessions: "
        f"{archived_kb:.0f} KB each, with .bak; folder: {base.parent} (setup {setup_s:.1f} s)"
    )
    print()
    print(f"{'':26} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'max ms':>8}")
    for name in [*sorted(n for n in times if n != BARE), BARE]:
        values = times[name]
        print(
            f"{name:26} {percentile(values, 50):8.2f} {percentile(values, 95):8.2f} "
            f"{statistics.fmean(values):8.2f} {max(values):8.2f}"
        )

    p95 = {name: percentile(values, 95) for name, values in times.items()}
    growth = p95["1,000 sessions"] / p95["0 sessions"]
    over_bare = p95["1,000 sessions"] / p95["bare write+fsync+rename"]
    cache_gain = p95["0 sessions, no cache"] / p95["0 sessions"]
    for label, values in refresh.items():
        print(
            f"{'refresh, ' + label:26} {percentile(values, 50):8.2f} "
            f"{percentile(values, 95):8.2f} {statistics.fmean(values):8.2f} {max(values):8.2f}"
        )
    print()
    print(f"p95 1,000 sessions / p95 0 sessions: {growth:.2f}x  (target <= 1.2x) ", end="")
    print("OK" if growth <= 1.2 else "MISSED")
    print(f"p95 1,000 sessions / p95 bare write: {over_bare:.2f}x  (target <= 2x) ", end="")
    print("OK" if over_bare <= 2.0 else "MISSED")
    p50 = {name: percentile(values, 50) for name, values in times.items()}
    print(
        f"(p50, for a steadier view: 1,000 / 0 sessions {p50['1,000 sessions'] / p50['0 sessions']:.2f}x, "
        f"1,000 sessions / bare write {p50['1,000 sessions'] / p50[BARE]:.2f}x)"
    )
    print(f"save p95 without the read cache / with it: {cache_gain:.2f}x")
    r50 = percentile(refresh["no cache"], 50) / max(percentile(refresh["cache"], 50), 1e-9)
    print(f"refresh p50 without the read cache / with it: {r50:.1f}x")
    return 0 if growth <= 1.2 and over_bare <= 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
