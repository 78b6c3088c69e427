"""SVG snapshots of the app shell: home, setup, run (brief, break, private), wrap-up, help.

Each screen at 80x24 (a big projector font) and 160x45 (a room-sized
terminal). Stable by construction: a `FakeClock`, a fixed seed, no blinking
cursor, no animations. After a deliberate change, review
`snapshot_report.html` before `pytest --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from factories import FULL_AGENDA, FakeClock, library, make_workshop

from facilitator.engine import Session, Workspace
from facilitator.tui.app import FacilitatorApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]
PRIVATE_KEY = "action-plan/my-actions"

Snap = Callable[..., bool]


def app_for(root: Path, workshop: Session | None, clock: FakeClock) -> FacilitatorApp:
    """The app as the CLI makes it, still (no animation, no blinking)."""
    return FacilitatorApp(
        workspace=Workspace(root), library=library(), workshop=workshop, clock=clock, still=True
    )


def index_of(workshop: Session, key: str) -> int:
    """The plan position of a slot key."""
    return [s.key for s in workshop.plan].index(key)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    make_workshop(tmp_path, clock=clock).close()
    other = make_workshop(tmp_path, agenda=FULL_AGENDA, clock=clock, title="Accounts team, full day")
    other.jump(4)
    other.close()
    assert snap_compare(app_for(tmp_path, None, clock), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_setup_roster(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    make_workshop(tmp_path, clock=clock).close()
    assert snap_compare(app_for(tmp_path, None, clock), press=["s"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_run_brief(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    assert snap_compare(app_for(tmp_path, w, clock), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_run_break(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, agenda=FULL_AGENDA, clock=clock)
    w.jump(next(i for i, s in enumerate(w.plan) if s.is_break))
    w.start_timer()
    clock.advance(minutes=3, seconds=20)
    assert snap_compare(app_for(tmp_path, w, clock), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_run_private_step(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    for person in w.participants()[:2]:
        w.add_entry(PRIVATE_KEY, person.id, {"action": "PRIVATE TEXT", "due": "2026-12-15"})
    w.jump(index_of(w, PRIVATE_KEY))
    assert snap_compare(app_for(tmp_path, w, clock), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_run_overtime(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    w.start_timer()
    clock.advance(minutes=6, seconds=5)
    assert snap_compare(app_for(tmp_path, w, clock), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_wrap_up(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    for slot in w.plan:
        w.jump(index_of(w, slot.key))
        clock.advance(minutes=slot.minutes + 1)
    for person in w.participants():
        w.add_entry(PRIVATE_KEY, person.id, {"action": "Read numbers back", "due": "2026-12-15"})
    w.finish()
    assert snap_compare(app_for(tmp_path, w, clock), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)

    async def unfocus(pilot: Any) -> None:
        pilot.app.screen.set_focus(None)
        await pilot.press("question_mark")

    assert snap_compare(app_for(tmp_path, w, clock), run_before=unfocus, terminal_size=size)
