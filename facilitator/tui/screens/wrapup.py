"""Wrap-up: the day in figures, and the way to the handouts.

After the last step the room sees what it produced (people, entries, the
actions everyone takes away) and the trainer sees plan against actual per
exercise, which is what they tune the next run of the agenda by. `h` makes
the handouts in the background while people pack up.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, Static

from facilitator.engine import Session
from facilitator.engine import day_figures as day
from facilitator.tui.app import RoomFooter, app_of
from facilitator.tui.text import cell, plain


def figures(workshop: Session) -> list[str]:
    """The headline numbers, one short line each: the same functions the printed report uses."""
    return day.wrapup_lines(workshop)


class WrapUpScreen(Screen[None]):
    """Summary figures, plan against actual, handouts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "app.handouts", "Handouts", id="wrapup.handouts"),
        Binding("pageup", "back", "Last step", id="wrapup.back", key_display="PgUp"),
        Binding("escape", "home", "Home", id="wrapup.home"),
        Binding("q", "app.quit", "Quit", id="wrapup.quit"),
    ]

    def __init__(self, workshop: Session) -> None:
        super().__init__()
        self.workshop = workshop

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble("Wrap-up · ", plain(self.workshop.title, 60, "(untitled)")),
            classes="screen-title",
        )
        with VerticalScroll(id="wrapup-body"):
            for line in figures(self.workshop):
                yield Static(Content(line), classes="wrapup-figure")
            yield DataTable(id="wrapup-table", cursor_type="none", zebra_stripes=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Handouts (h)"), variant="primary", id="handouts", compact=True)
                yield Button(Content("Back to the last step (PgUp)"), id="back", compact=True)
        yield RoomFooter()

    def on_mount(self) -> None:
        """Plan against actual per exercise and break."""
        table = self.query_one(DataTable)
        table.add_column("Exercise", key="title")
        table.add_column("Planned", key="planned")
        table.add_column("Actual", key="actual")
        for line in day.agenda(self.workshop):
            title = f"Break: {line.title}" if line.is_break else line.title
            table.add_row(
                cell(title, 44),
                cell(f"{line.planned} min", 8),
                cell(f"{line.actual} min" if line.actual is not None else line.difference, 11),
                key=line.key,
            )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Mouse path."""
        if event.button.id == "handouts":
            app_of(self).action_handouts()
        elif event.button.id == "back":
            self.action_back()

    def action_back(self) -> None:
        """Back to the Run screen at the last step (the clock runs again there)."""
        from facilitator.tui.screens.run import RunScreen

        self.app.switch_screen(RunScreen(self.workshop))

    def action_home(self) -> None:
        """Close the session and list the others."""
        app_of(self).go_home()
