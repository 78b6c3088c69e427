"""A new session: pick an agenda, give it a title and a date, maybe a roster CSV.

One compact form that fits 80x24. Nothing is written until every field is
good; a roster CSV with a bad row is refused whole, and its problem (with
row numbers) stays on screen as one line so the trainer can fix the file
and press Enter again without retyping anything.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from facilitator.engine import RosterRow, Session, SessionError, read_roster_file
from facilitator.engine.entry_rules import EntryError, parse_date
from facilitator.tui.app import app_of
from facilitator.tui.text import one_line


class NewSessionScreen(ModalScreen[Session | None]):
    """Dismisses with the created `Session`, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
        Binding("ctrl+s", "create", "Create", id="new.create", priority=True),
    ]

    def compose(self) -> ComposeResult:
        app = app_of(self)
        agendas = [
            (Content(one_line(f"{a.title} · {a.minutes} min", 60)), a.id)
            for a in app.library.agendas.values()
        ]
        with Vertical(classes="dialog wide", id="new-session"):
            yield Static(Content("New session"), classes="dialog-title")
            with Grid(classes="form"):
                yield Label("Agenda")
                yield Select(
                    agendas,
                    id="agenda",
                    compact=True,
                    allow_blank=not agendas,
                    value=agendas[0][1] if agendas else Select.NULL,
                )
                yield Label("Title")
                yield Input(placeholder="e.g. Front desk team", id="title", compact=True)
                yield Label("Date")
                yield Input(app.clock().date().isoformat(), id="date", compact=True)
                yield Label("Trainer")
                yield Input(placeholder="optional", id="trainer", compact=True)
                yield Label("Roster CSV")
                yield Input(placeholder="optional: path to a .csv file", id="roster", compact=True)
            yield Static("", id="problem", classes="problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Create (ctrl+s)"), variant="primary", id="create", compact=True)
                yield Button(Content("Cancel (Esc)"), id="cancel", compact=True)

    def on_mount(self) -> None:
        """Start on the title: the agenda is usually the one already chosen."""
        self.query_one("#title", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Mouse path."""
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in any field creates, as in any short form."""
        event.stop()
        self.action_create()

    def problem(self, text: str) -> None:
        """Show what is wrong as one line and keep the form as typed."""
        self.query_one("#problem", Static).update(Content(" ".join(text.split())))

    def action_create(self) -> None:
        """Validate, read the roster, create the session."""
        app = app_of(self)
        agenda = self.query_one("#agenda", Select).value
        title = self.query_one("#title", Input).value
        date_text = self.query_one("#date", Input).value.strip()
        trainer = self.query_one("#trainer", Input).value.strip()
        roster_path = self.query_one("#roster", Input).value.strip()
        if not isinstance(agenda, str):
            self.problem("Choose an agenda first.")
            return
        if not title.strip():
            self.problem("A session needs a title.")
            self.query_one("#title", Input).focus()
            return
        try:
            when = parse_date(date_text).isoformat() if date_text else app.clock().date().isoformat()
        except EntryError as exc:
            self.problem(f"Date: {exc}")
            return
        rows: list[RosterRow] = []
        try:
            if roster_path:
                report = read_roster_file(roster_path)
                rows = report.rows
                for note in report.notes:
                    app.say(note, "warning", timeout=12)
            workshop = app.workspace.create(app.library, agenda, title, when, trainer, rows, clock=app.clock)
        except SessionError as exc:
            self.problem(str(exc))
            return
        self.dismiss(workshop)

    def action_cancel(self) -> None:
        """Back to the list, nothing created."""
        self.dismiss(None)
