"""Add or edit one participant: name, team, role, email and whether they are here.

Used from Setup (add, edit) and from the Run screen (a late arrival). The
caller passes `save`, which calls the engine and returns a problem line or
None, so a refused name (blank, say) is explained in the box and nothing
the trainer typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from facilitator.engine import STATUSES
from facilitator.tui.text import editable
from facilitator.tui.widgets.line_input import LineInput

#: Calls the engine with the form's values; returns None on success or a one-line problem.
Save = Callable[[dict[str, str]], str | None]

STATUS_LABELS = {
    "present": "Present",
    "absent": "Absent",
    "late": "Arrived late",
    "left": "Left early",
}

FIELDS = (("name", "Name"), ("team", "Team"), ("role", "Role"), ("email", "Email"))


class RosterEditScreen(ModalScreen[bool]):
    """Dismisses with True when saved, False when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="person.cancel"),
        Binding("ctrl+s", "save", "Save", id="person.save", priority=True),
    ]

    def __init__(self, title: str, values: dict[str, str], save: Save) -> None:
        super().__init__()
        self.title_text = title
        self.values = values
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Content(self.title_text), classes="dialog-title")
            with Grid(classes="form"):
                for key, label in FIELDS:
                    yield Label(label)
                    yield LineInput(editable(self.values.get(key, "")), id=f"field-{key}", compact=True)
                yield Label("Status")
                yield Select(
                    [(Content(STATUS_LABELS[s]), s) for s in STATUSES],
                    id="field-status",
                    value=self.values.get("status", "present"),
                    allow_blank=False,
                    compact=True,
                )
            yield Static("", id="problem", classes="problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Save (Enter)"), variant="primary", id="save", compact=True)
                yield Button(Content("Cancel (Esc)"), id="cancel", compact=True)

    def on_mount(self) -> None:
        """The name is what the trainer types first."""
        self.query_one("#field-name", Input).focus()

    def form(self) -> dict[str, str]:
        """The values as typed; a field left as shown keeps its stored text exactly."""
        out = {}
        for key, _ in FIELDS:
            typed = self.query_one(f"#field-{key}", Input).value
            original = self.values.get(key, "")
            out[key] = original if typed == editable(original) else typed.strip()
        status = self.query_one("#field-status", Select).value
        out["status"] = status if isinstance(status, str) else "present"
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in any field saves."""
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Mouse path."""
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Hand the values to the caller's engine call; stay open on a problem."""
        problem = self.save(self.form())
        if problem:
            self.query_one("#problem", Static).update(Content(" ".join(problem.split())))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close without saving (after a yes, if something was typed)."""
        from facilitator.tui.screens.confirm import ask_before_dropping

        typed = any(self.form()[key] != self.values.get(key, "") for key, _ in FIELDS)
        ask_before_dropping(self, typed, lambda: self.dismiss(False))
