"""Nothing on the projector is cut without a sign.

For every step of both bundled agendas and of the demo, at 80x24 and
160x45, the Run screen is shown as the room sees it and every instruction
line and every item label (talking points, checklist and rating items,
debrief questions, roles, field labels and choices) must be readable in full
inside one widget's visible area, or a "more ↓" marker must be on screen to
say there is more to scroll to. Wrapped text counts as whole: each widget's
visible rows are read as one run of words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import FULL_AGENDA, SHORT_AGENDA, FakeClock, library, make_workshop
from step_harness import screen_text
from test_tui_app import make_app
from textual.app import App

from facilitator.engine import Session, Workspace, open_session
from facilitator.engine.demo import prepare_demo
from facilitator.model import Brief, Capture, Checklist, Debrief, Pairing, Rating
from facilitator.tui.screens.run import RunScreen
from facilitator.tui.widgets.more import MORE

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]
SOURCES = ["demo", FULL_AGENDA, SHORT_AGENDA]


def words(text: str) -> str:
    return " ".join(text.split())


def expected_texts(workshop: Session, index: int, forms: bool = False) -> list[str]:
    """What the room must be able to read on slot `index`: instruction lines and item labels.

    With `forms`, only the capture forms' field labels and choices instead.
    """
    slot = workshop.plan[index]
    step = workshop.step(slot.key)
    if forms:
        if not isinstance(step, Capture) or step.visibility == "private":
            return []
        return [words(t) for field in step.fields for t in (field.label, *field.choices)]
    if slot.is_break:
        return [slot.title]
    assert step is not None
    texts = [line.strip().removeprefix("- ") for line in step.instructions.strip().splitlines()]
    if isinstance(step, Brief):
        texts += step.points
    elif isinstance(step, (Checklist, Rating)):
        texts += [item.label for item in step.items]
        if isinstance(step, Rating):
            texts += step.aspects
    elif isinstance(step, Debrief):
        texts += step.questions
    elif isinstance(step, Pairing):
        texts += [role.capitalize() for role in step.roles]
    return [words(t) for t in texts if t.strip()]


def widget_texts(app: App[Any], screen: RunScreen) -> tuple[list[str], str]:
    """Each visible widget's rows in the step area as one run of words; and the whole area's text."""
    rows = screen_text(app).splitlines()
    area = screen.query_one("#step-area").region
    if screen.has_class("-clock"):
        area = screen.query_one("#clock").region
    out = []
    for region, clip in screen._compositor.visible_widgets.values():
        visible = region.intersection(clip).intersection(area)
        if not visible.area:
            continue
        block = [row[visible.x : visible.right] for row in rows[visible.y : visible.bottom]]
        out.append(words(" ".join(block)))
    whole = "\n".join(row[area.x : area.right] for row in rows[area.y : area.bottom])
    return out, whole


async def settle(pilot: Any, screen: RunScreen, key: str) -> None:
    """Until the slot's view is mounted and laid out."""
    for _ in range(50):
        await pilot.pause(0.05)
        view = screen.step_view()
        if view is not None and getattr(view, "key", None) == key:
            break
    for _ in range(3):
        await pilot.pause(0.05)


def session_for(source: str, root: Path, clock: FakeClock) -> Session:
    """The demo, or a fresh session of an agenda with twelve people and every talking point shown."""
    if source == "demo":
        session_id = prepare_demo(Workspace(root), library())
        return open_session(Workspace(root), session_id, clock=clock)
    workshop = make_workshop(root, agenda=source, people=9, clock=clock)
    for slot in workshop.plan:
        step = workshop.step(slot.key)
        if isinstance(step, Brief):
            workshop.reveal_points(slot.key, len(step.points))
    workshop.jump(0)
    return workshop


async def cut_texts(tmp_path: Path, size: tuple[int, int], source: str, forms: bool) -> list[str]:
    """Each step whose expected texts are not all whole on screen and has no "more" marker."""
    clock = FakeClock()
    workshop = session_for(source, tmp_path, clock)
    app = make_app(tmp_path, workshop, clock)
    problems = []
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        assert isinstance(screen, RunScreen)
        for index, slot in enumerate(workshop.plan):
            expected = expected_texts(workshop, index, forms)
            if not expected:
                continue
            screen.go_to(index)
            await settle(pilot, screen, slot.key)
            texts, whole = widget_texts(app, screen)
            missing = [t for t in expected if not any(t in w for w in texts)]
            if missing and MORE not in whole:
                problems.append(f"step {index + 1} {slot.key}: {missing}\n{whole}")
    return problems


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("size", SIZES)
async def test_every_instruction_and_item_is_whole_or_marked_more(
    tmp_path: Path, size: tuple[int, int], source: str
) -> None:
    problems = await cut_texts(tmp_path, size, source, forms=False)
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("source", SOURCES)
async def test_every_form_label_and_choice_is_whole_or_marked_more(tmp_path: Path, source: str) -> None:
    problems = await cut_texts(tmp_path, (80, 24), source, forms=True)
    assert not problems, "\n\n".join(problems)
