"""SIGKILL a process that is saving contributions, many times; nothing acknowledged may be lost.

"Acknowledged" means the writer printed the save after `insert` or `update`
returned, the moment the app would tell the room it is saved. The writer also
edits earlier entries, so the file shrinks as well as grows. After each kill
the session is reopened as the app would (`open_db`): it must open without a
lock error and without recovery, hold every acknowledged insert and edit, and
both the file and its backup must be valid JSON. benchmarks/crash_kill.py does
the same 200 times.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from crash_writer import kill_round, missing_saves

from facilitator.database import open_db
from facilitator.storage import backup_path

KILLS = 30


@pytest.mark.slow
def test_sigkill_loses_no_acknowledged_write(tmp_path: Path) -> None:
    session = tmp_path / "sessions" / "2026-05-09-morning.json"
    rng = random.Random(20260509)
    acknowledged: dict[int, int] = {}  # doc id -> highest acknowledged rev
    kills_among_saves = 0
    for round_no in range(KILLS):
        # Mostly among the saves; every fifth round at spawn, which can land while opening.
        wait_ready = round_no % 5 != 4
        delay = rng.uniform(0.0, 0.2) if wait_ready else rng.uniform(0.0, 0.3)
        saves = kill_round(session, delay, wait_ready=wait_ready)
        for doc_id, rev in saves:
            acknowledged[doc_id] = max(rev, acknowledged.get(doc_id, 0))
        kills_among_saves += bool(saves)

        with open_db(session) as opened:
            assert opened.recovered is None
            docs = opened.db.table("contributions").all()
        stored = {doc.doc_id: int(doc["rev"]) for doc in docs}
        missing = missing_saves(acknowledged, stored)
        assert not missing, f"round {round_no}: acknowledged saves lost (id: rev): {missing}"
        assert all(doc["kind"] == "capture" for doc in docs)
        json.loads(session.read_text(encoding="utf-8"))
        if backup_path(session).exists():
            json.loads(backup_path(session).read_text(encoding="utf-8"))
        leftovers = [p.name for p in session.parent.iterdir() if ".tmp-" in p.name]
        assert not leftovers, f"temporary files survived a reopen: {leftovers}"

    # The test is only worth something if most kills hit a writer mid-stream.
    assert kills_among_saves >= KILLS // 2
    assert len(acknowledged) > KILLS
    assert any(rev > 0 for rev in acknowledged.values())  # edits were killed too
