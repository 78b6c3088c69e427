"""The demo session: a group of 12 partway through the day, with content in every kind of step."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from factories import library

from facilitator.engine import Workspace, open_session
from facilitator.engine.demo import STOP_AT, prepare_demo
from facilitator.model import Capture, Checklist, Debrief, Rating, Vote


def test_demo_is_partway_with_content_in_every_kind(tmp_path: Path) -> None:
    data = Workspace(tmp_path)
    session_id = prepare_demo(data, library(), today=datetime(2026, 11, 24, tzinfo=UTC))
    w = open_session(data, session_id)
    assert w.current.key == STOP_AT
    assert len(w.participants()) == 12 and len(w.teams()) == 3
    assert w.progress() == (9, 12), "the private action plan is partly entered"
    before = [s.key for s in w.plan[: w.position] if not s.is_break]
    kinds = {type(w.step(k)).__name__ for k in before}
    assert {"Brief", "Pairing", "Checklist", "Capture", "Rating", "Vote", "Debrief", "Timer"} <= kinds
    for key in before:
        step = w.step(key)
        if isinstance(step, Capture | Rating | Checklist | Vote):
            assert w.entries(key), f"{key} has no demo content"
        if isinstance(step, Debrief):
            assert all(not w.chart(key, c).empty for c in step.charts), key
    assert w.schedule().endswith(("behind", "ahead", "on time"))
    w.close()


def test_demo_prepare_uses_a_temporary_folder_unless_told(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k != "FACILITATOR_DATA_DIR"}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"))
    out = subprocess.run(
        [sys.executable, "-m", "facilitator", "demo", "--prepare"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    assert out.stdout.strip() and not (home / ".local" / "share" / "facilitator").exists()
    chosen = tmp_path / "chosen"
    out = subprocess.run(
        [sys.executable, "-m", "facilitator", "--data-dir", str(chosen), "demo", "--prepare"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    assert (chosen / "sessions" / f"{out.stdout.strip()}.json").exists()
