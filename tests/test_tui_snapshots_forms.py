"""SVG snapshots of the forms' new states (issue 9): the entry list's own mode, "You are ...?".

At 80x24 and 160x45, like the other snapshots; review `snapshot_report.html`
before `pytest --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import FakeClock, make_workshop
from step_harness import StepHarness
from test_tui_snapshots_shell import PRIVATE_KEY, SIZES, Snap, app_for, index_of
from test_tui_snapshots_steps import realistic

from facilitator.tui.widgets.capture import EntryTable


@pytest.mark.parametrize("size", SIZES)
def test_capture_list_mode(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    async def into_the_list(pilot: Any) -> None:
        pilot.app.query_one(EntryTable).focus()

    app = StepHarness(realistic(tmp_path), "service-stories/stories")
    assert snap_compare(app, run_before=into_the_list, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_pass_keyboard_asks_who_you_are(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    w.jump(index_of(w, PRIVATE_KEY))
    assert snap_compare(app_for(tmp_path, w, clock), press=["k", "a", "d", "a", "enter"], terminal_size=size)
