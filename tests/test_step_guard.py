"""A step whose view fails costs that step only: a one-line panel, a log, every other step usable.

The broken shapes are the ones the issue found (duplicate item ids, more than
four aspects), built straight into a session the way an old session file or a
hand edit would carry them, past the loader's checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from step_harness import custom, screen_text

from facilitator.engine import Session, Workspace, open_session
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.run import RunScreen
from facilitator.tui.widgets.step_problem import StepProblem

BRIEF = {"kind": "brief", "id": "intro", "title": "Welcome", "instructions": "Hello.", "points": ["One"]}
ITEMS = [{"id": "same", "label": "First"}, {"id": "same", "label": "Second"}]
BROKEN = {
    "duplicate rating items": {
        "kind": "rating",
        "id": "scores",
        "title": "Broken scores",
        "instructions": "Score it.",
        "items": ITEMS,
    },
    "duplicate checklist items": {
        "kind": "checklist",
        "id": "ticks",
        "title": "Broken ticks",
        "instructions": "Tick it.",
        "items": ITEMS,
    },
    "five aspects": {
        "kind": "rating",
        "id": "aspects",
        "title": "Five aspects",
        "instructions": "Score it.",
        "items": [{"id": "a", "label": "A"}],
        "aspects": ["one", "two", "three", "four", "five"],
    },
}
TAIL = {"kind": "timer", "id": "after", "title": "Still works", "instructions": "Carry on."}


def app_on(workshop: Session, root: Path) -> FacilitatorApp:
    return FacilitatorApp(workspace=Workspace(root), library=None, workshop=workshop, still=True)  # type: ignore[arg-type]


@pytest.mark.parametrize("shape", list(BROKEN))
async def test_a_broken_step_shows_one_line_and_the_day_goes_on(tmp_path: Path, shape: str) -> None:
    w = custom(tmp_path, BRIEF, BROKEN[shape], TAIL)
    w.jump(1)
    session_id = w.id
    async with app_on(w, tmp_path).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(pilot.app.screen, RunScreen)
        await pilot.press("1", "2", "x", "enter", "down", "3")  # whatever the room presses next
        await pilot.pause()
        text = screen_text(pilot.app)
        assert pilot.app.screen.query(StepProblem), "the broken view was replaced"
        assert "can't be shown" in text
        log = tmp_path / "logs" / "problems.log"
        assert log.exists() and "Traceback" in log.read_text(encoding="utf-8")
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.pause()
        assert "Still works" in screen_text(pilot.app)
        await pilot.press("pageup")
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.is_running
    # Reopening returns to the broken step without crashing again.
    again = open_session(Workspace(tmp_path), session_id)
    again.jump(1)
    async with app_on(again, tmp_path).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.is_running and isinstance(pilot.app.screen, RunScreen)
