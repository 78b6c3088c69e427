"""A tiny app that shows one step view with a footer, for Pilot and snapshot tests.

It stands in for the Run screen so the step views can be tested (and looked
at in tmux) on their own: one title line where the Run screen's agenda strip
would be, the view, and a Footer listing the keys that apply now. Blinking
cursors and animations are off so snapshots are stable.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import msgspec
from factories import FULL_AGENDA, FakeClock, library, make_workshop, roster
from rich.console import Console
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Footer, Input, Static, TextArea

from facilitator.engine import Session, Workspace, create_session
from facilitator.loader import Library
from facilitator.model import Agenda, Exercise
from facilitator.tui.keyboard import KeyGate
from facilitator.tui.text import content
from facilitator.tui.widgets.base import StepView, view_for


class StepHarness(App[None]):
    """Mount the registered view for `key`'s step kind; remember every `Changed` note."""

    CSS = """
    #harness-title { height: 1; background: $panel; color: $foreground; text-style: bold; padding: 0 1; }
    """

    def __init__(self, workshop: Session, key: str, **view_options: Any) -> None:
        super().__init__()
        self.workshop = workshop
        self.key = key
        self.view_options = view_options
        self.changes: list[str] = []
        self.key_gate = KeyGate(self, super().on_event)  # as the real app: fast keys wait their turn

    async def on_event(self, event: events.Event) -> None:
        if not await self.key_gate.take(event):
            await super().on_event(event)

    def compose(self) -> ComposeResult:
        step = self.workshop.step(self.key)
        assert step is not None, self.key
        kind = str(type(step).__struct_config__.tag)
        view = view_for(kind)
        assert view is not None, kind
        yield Static(content(f"{step.title}  ({kind})"), id="harness-title")
        yield view(self.workshop, self.key, id="view", **self.view_options)
        yield Footer()

    def on_mount(self) -> None:
        self.animation_level = "none"

    @property
    def view(self) -> StepView:
        """The step view under test."""
        return self.query_one("#view", StepView)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, (Input, TextArea)):  # a long answer's box blinks too
            event.widget.cursor_blink = False

    def on_step_view_changed(self, message: StepView.Changed) -> None:
        self.changes.append(message.note)

    def on_step_view_failed(self, message: StepView.Failed) -> None:
        """The Run screen contains a failing view; a test must see the error."""
        raise message.error


def screen_text(app: App[Any]) -> str:
    """What the terminal shows now, as plain text (one line per row), for assertions."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def typed(pilot: Pilot[None], text: str) -> None:
    """Type text key by key, as the scribe would."""
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def full(tmp_path: Path, people: int = 7) -> Session:
    """The full-day agenda with a fixed seed and clock."""
    return make_workshop(tmp_path, FULL_AGENDA, people=people)


def custom(tmp_path: Path, *steps: dict[str, object], people: int = 7) -> Session:
    """A one-exercise session built from step dicts, for shapes the bundled files don't have."""
    exercise = msgspec.convert(
        {"id": "custom", "title": "Custom", "purpose": "Test", "minutes": 30, "steps": list(steps)}, Exercise
    )
    agenda = msgspec.convert(
        {
            "id": "custom-day",
            "title": "Custom",
            "minutes": 30,
            "items": [{"exercise": "custom", "minutes": 30}],
        },
        Agenda,
    )
    lib = Library(exercises={**library().exercises, "custom": exercise}, agendas={"custom-day": agenda})
    return create_session(
        Workspace(tmp_path),
        lib,
        "custom-day",
        "Custom",
        "2026-11-24",
        roster=roster(people),
        seed=42,
        clock=FakeClock(),
    )


def main() -> None:
    """`python tests/step_harness.py DATA_DIR SESSION KEY [OWNER]`: look at one view in a terminal."""
    from facilitator.engine import open_session

    data, session, key, *rest = sys.argv[1:]
    workshop = open_session(Workspace(Path(data)), session)
    options = {"owner": rest[0]} if rest else {}
    StepHarness(workshop, key, **options).run()


if __name__ == "__main__":
    main()
