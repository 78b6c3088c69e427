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
    acknowledged: dict[str, int] = {}  # doc id -> highest acknowledged rev
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
        stored = {str(doc.doc_id): int(doc["rev"]) for doc in docs}
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


@pytest.mark.slow
def test_sigkill_through_the_engine_loses_no_acknowledged_entry(tmp_path: Path) -> None:
    """The same, saving as the app does: `add_entry` and `edit_entry` on a real session."""
    from crash_writer import ENGINE_SESSION, engine_revs

    rng = random.Random(7)
    acknowledged: dict[str, int] = {}
    for round_no in range(KILLS):
        wait_ready = round_no % 5 != 4
        delay = rng.uniform(0.0, 0.25) if wait_ready else rng.uniform(0.0, 0.6)
        for entry_id, rev in kill_round(tmp_path, delay, wait_ready=wait_ready, engine=True):
            acknowledged[entry_id] = max(rev, acknowledged.get(entry_id, 0))
        if not (tmp_path / "sessions" / f"{ENGINE_SESSION}.json").exists():
            continue  # killed while the session was being made: nothing was acknowledged
        stored, recovered = engine_revs(tmp_path)
        assert recovered is None, f"round {round_no}: {recovered}"
        missing = missing_saves(acknowledged, stored)
        assert not missing, f"round {round_no}: acknowledged entries lost (id: rev): {missing}"
    assert len(acknowledged) > KILLS and any(rev > 0 for rev in acknowledged.values())
