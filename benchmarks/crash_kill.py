"""SIGKILL a saving process 200 times: how many acknowledged saves were lost?

Each round starts tests/crash_writer.py on a session file, lets it save
entries and edit earlier ones (it prints each save once `insert` or `update`
has returned, the moment the room is told "saved") and kills it with SIGKILL
at a random moment: mostly among the
saves, every fifth round soon after start, which can land while opening. Then
the file is opened as the app would and checked: every acknowledged insert and
edit must be there, and the file and its backup must load. A new session file is started
every 20 rounds, so the kills land in files of every size from empty to a
full day's.

The answer must be: 0 lost, every file loaded, no recovery needed.

`--compare` runs the same rounds against TinyDB's own JSONStorage (no lock, in
place writes) to show what the test catches; the guide measured 3 files of
200 left unreadable there.

Usage: .venv/bin/python benchmarks/crash_kill.py [--kills N] [--compare]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from crash_writer import ENGINE_SESSION, engine_revs, kill_round, missing_saves  # noqa: E402

from facilitator.database import open_db  # noqa: E402
from facilitator.engine import SessionError  # noqa: E402
from facilitator.storage import StorageError, backup_path  # noqa: E402

ROUNDS_PER_FILE = 20


def stored_saves(path: Path, *, plain: bool, engine: bool) -> tuple[dict[str, int] | None, str | None]:
    """id -> rev of the entries in the file (None if it cannot be read), and any recovery message."""
    if engine:
        if not (path / "sessions" / f"{ENGINE_SESSION}.json").exists():
            return {}, None  # killed while the session was being made: nothing was acknowledged
        try:
            return engine_revs(path)
        except SessionError:
            return None, None
    if not path.exists():
        return {}, None  # killed before the file was made: nothing was acknowledged
    if plain:
        try:
            data = json.loads(path.read_text(encoding="utf-8") or "{}")
        except ValueError:
            return None, None
        return {str(i): int(d["rev"]) for i, d in data.get("contributions", {}).items()}, None
    try:
        with open_db(path) as opened:
            docs = opened.db.table("contributions").all()
            return {str(doc.doc_id): int(doc["rev"]) for doc in docs}, opened.recovered
    except StorageError:
        return None, None


def run(kills: int, *, plain: bool, rng: random.Random, engine: bool = False) -> dict[str, int]:
    """`kills` rounds on fresh files; returns the counts to print."""
    folder = Path(tempfile.mkdtemp(prefix="facilitator-crash-"))
    counts = {
        "kills": 0,
        "acknowledged": 0,
        "lost": 0,
        "unreadable": 0,
        "recovered": 0,
        "backup unreadable": 0,
    }
    try:
        acknowledged: dict[str, int] = {}
        session = folder / "session-0.json"
        for round_no in range(kills):
            if round_no % ROUNDS_PER_FILE == 0:
                name = f"session-{round_no // ROUNDS_PER_FILE}"
                session = folder / (name if engine else f"{name}.json")
                acknowledged = {}
            wait_ready = round_no % 5 != 4
            delay = rng.uniform(0.0, 0.12) if wait_ready else rng.uniform(0.0, 0.25)
            saves = kill_round(session, delay, wait_ready=wait_ready, plain=plain, engine=engine)
            counts["kills"] += 1
            counts["acknowledged"] += len(saves)
            for doc_id, rev in saves:
                acknowledged[doc_id] = max(rev, acknowledged.get(doc_id, 0))

            present, recovered = stored_saves(session, plain=plain, engine=engine)
            if present is None:
                counts["unreadable"] += 1
                counts["lost"] += len(acknowledged)
                # Start afresh so the next rounds measure something.
                session = folder / f"session-{round_no}-fresh.json"
                acknowledged = {}
                continue
            counts["recovered"] += recovered is not None
            lost = missing_saves(acknowledged, present)
            counts["lost"] += len(lost)
            for doc_id in lost:  # count each loss once
                acknowledged[doc_id] = present.get(doc_id, -1)
            bak = backup_path(session / "sessions" / f"{ENGINE_SESSION}.json" if engine else session)
            if bak.exists():
                try:
                    json.loads(bak.read_text(encoding="utf-8"))
                except ValueError:
                    counts["backup unreadable"] += 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--compare", action="store_true", help="also run TinyDB's JSONStorage")
    args = parser.parse_args()

    ok = True
    modes = [
        ("the engine (add_entry, edit_entry)", False, True),
        ("open_db (AtomicJSONStorage)", False, False),
    ]
    if args.compare:
        modes.append(("TinyDB JSONStorage", True, False))
    for label, plain, engine in modes:
        started = time.perf_counter()
        c = run(args.kills, plain=plain, rng=random.Random(20260509), engine=engine)
        took = time.perf_counter() - started
        print(f"{label}: {c['kills']} SIGKILLs in {took:.0f} s")
        print(f"  acknowledged saves:        {c['acknowledged']}")
        print(f"  acknowledged saves lost:   {c['lost']}")
        print(f"  files that did not load:   {c['unreadable']}")
        if not plain:
            print(f"  opens that needed recovery: {c['recovered']}")
            print(f"  backups that did not load: {c['backup unreadable']}")
            ok = ok and c["lost"] == 0 and c["unreadable"] == 0 and c["recovered"] == 0
            ok = ok and c["backup unreadable"] == 0
    print("every acknowledged save kept and every file loaded" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
