"""Helpers for the form tests: the real app on a chosen step, and keys typed at full speed.

`burst` hands every key to the driver at once, the way a fast typist or a
keyboard macro does: nothing waits for the app between keys (Pilot's `press`
waits until the app is idle after each key, which hides exactly the races
these tests are about). `settle` then waits until every key has been handled.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

from factories import FakeClock, library
from rich.console import Console
from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from facilitator.engine import Session, Workspace
from facilitator.tui.app import FacilitatorApp

PRIVATE_KEY = "action-plan/my-actions"
STORIES = "service-stories/stories"


def make_app(root: Path, workshop: Session | None = None, clock: FakeClock | None = None) -> FacilitatorApp:
    """The app as the CLI builds it, with a fake clock and nothing blinking."""
    return FacilitatorApp(
        workspace=Workspace(root),
        library=library(),
        workshop=workshop,
        clock=clock or FakeClock(),
        still=True,
    )


def screen_text(app: App[Any]) -> str:
    """What the terminal shows now, as plain text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def index_of(workshop: Session, key: str) -> int:
    """The plan position of a slot key."""
    return [s.key for s in workshop.plan].index(key)


def keys_of(text: str) -> list[str]:
    """Text as key names, one per character."""
    return ["space" if ch == " " else ch for ch in text]


def burst(app: App[Any], *keys: str) -> None:
    """Send every key to the app at once, 0 ms apart, as the terminal driver would."""
    assert app._driver is not None
    for name in keys:
        key = _character_to_key(name) if len(name) == 1 and not name.isalnum() else name
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def settle(pilot: Pilot[Any], rounds: int = 2) -> None:
    """Let the app handle everything sent so far, keys held back while it settles included.

    Waits until the app's key gate has been empty `rounds` times running (at
    most 10 s: a loaded test machine is slow, but a stuck gate must fail).
    """
    gate = getattr(pilot.app, "key_gate", None)
    calm = 0
    for _ in range(200):
        await pilot.pause(0.05)
        busy = gate is not None and (gate.settling or gate.waiting)
        calm = 0 if busy else calm + 1
        if calm >= rounds:
            return


def field_values(app: App[Any], ids: list[str]) -> dict[str, str]:
    """What the capture form's fields hold now, by field id."""
    out = {}
    for field_id in ids:
        widget = app.screen.query_one(f"#field-{field_id}")
        out[field_id] = str(getattr(widget, "value", None) or getattr(widget, "text", ""))
    return out
