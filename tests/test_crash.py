"""SIGKILL a process that is saving contributions, many times; nothing acknowledged may be lost.

"Acknowledged" means the writer printed the id after `insert` returned, the
moment the app would tell the room the entry is saved. After each kill the
session is reopened as the app would (`open_db`): it must open without a lock
error and without recovery, hold every acknowledged id, and both the file and
its backup must be valid JSON. benchmarks/crash_kill.py does the same 200 times.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from crash_writer import kill_round

from facilitator.storage import backup_path, open_db

KILLS = 30


@pytest.mark.slow
def test_sigkill_loses_no_acknowledged_write(tmp_path: Path) -> None:
    session = tmp_path / "sessions" / "2026-05-09-morning.json"
    rng = random.Random(20260509)
    acknowledged: set[int] = set()
    kills_among_saves = 0
    for round_no in range(KILLS):
        # Mostly among the saves; every fifth round at spawn, which can land while opening.
        wait_ready = round_no % 5 != 4
        delay = rng.uniform(0.0, 0.2) if wait_ready else rng.uniform(0.0, 0.3)
        ids = kill_round(session, delay, wait_ready=wait_ready)
        acknowledged.update(ids)
        kills_among_saves += bool(ids)

        with open_db(session) as opened:
            assert opened.recovered is None
            stored = {doc.doc_id: doc for doc in opened.db.table("contributions").all()}
        missing = sorted(acknowledged - stored.keys())
        assert not missing, f"round {round_no}: acknowledged ids lost: {missing[:20]}"
        assert all(doc["kind"] == "capture" for doc in stored.values())
        json.loads(session.read_text(encoding="utf-8"))
        if backup_path(session).exists():
            json.loads(backup_path(session).read_text(encoding="utf-8"))
        leftovers = [p.name for p in session.parent.iterdir() if ".tmp-" in p.name]
        assert not leftovers, f"temporary files survived a reopen: {leftovers}"

    # The test is only worth something if most kills hit a writer mid-stream.
    assert kills_among_saves >= KILLS // 2
    assert len(acknowledged) > KILLS
