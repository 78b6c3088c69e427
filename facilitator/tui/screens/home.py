"""Home: the trainer's sessions, newest first, and the ways to start one.

This is what the trainer sees before the room arrives, so it answers one
question: which workshop am I running? Enter resumes a session where it was
left (Setup if it has not started, Wrap-up if it is over), `n` starts a new
one from an agenda, `d` opens the demo with a fictional group.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from facilitator.engine import Session, SessionInfo
from facilitator.tui.app import RoomFooter, app_of
from facilitator.tui.text import cell

STATUS_WORDS = {"setup": "not started", "running": "in progress", "finished": "finished"}


class SessionTable(DataTable[object]):
    """The list of sessions; Enter opens the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="home.open"),
    ]


class HomeScreen(Screen[None]):
    """The list of sessions, with new, demo and setup."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New session", id="home.new"),
        Binding("s", "setup", "Setup", id="home.setup"),
        Binding("d", "demo", "Demo", id="home.demo"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[SessionInfo] = []

    def compose(self) -> ComposeResult:
        yield Static(Content("Facilitator · your workshops"), classes="screen-title")
        yield SessionTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="home-hint", classes="hint", markup=False)
        yield RoomFooter()

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one(SessionTable)
        table.add_column("Date", key="date")
        table.add_column("Title", key="title")
        table.add_column("Agenda", key="agenda")
        table.add_column("Status", key="status")
        self.reload()

    def on_screen_resume(self) -> None:
        """Back from a dialog: the list may have grown."""
        self.reload()

    def reload(self) -> None:
        """Read the data folder again (a session may have been made from the CLI)."""
        self.sessions = app_of(self).workspace.sessions()
        table = self.query_one(SessionTable)
        row = table.cursor_row
        table.clear()
        title_width, agenda_width = self.text_widths()
        for info in self.sessions:
            table.add_row(
                cell(info.date, 10),
                cell(info.title, title_width, "(untitled)"),
                cell(info.agenda, agenda_width),
                cell(STATUS_WORDS.get(info.status, info.status), 11),
                key=info.id,
            )
        if self.sessions:
            table.move_cursor(row=min(max(row, 0), len(self.sessions) - 1))
        hint = self.query_one("#home-hint", Static)
        if self.sessions:
            hint.update(Content("Enter resumes a session where you left it. n starts a new one."))
        else:
            hint.update(
                Content("No sessions yet. Press n to start one from an agenda, or d to open the demo.")
            )
        self.refresh_bindings()

    def text_widths(self) -> tuple[int, int]:
        """Title and agenda column widths that fit the terminal (date and status are fixed)."""
        free = max(30, (self.size.width or 80) - 10 - 11 - 8 - 2)
        return free * 3 // 5, free - free * 3 // 5

    def on_resize(self) -> None:
        """Wider terminal, longer titles."""
        if self.is_mounted:
            self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Setup needs a session to be highlighted."""
        if action == "setup":
            return bool(self.sessions)
        return True

    def selected(self) -> SessionInfo | None:
        """The highlighted session."""
        table = self.query_one(SessionTable)
        if not self.sessions or table.cursor_row < 0:
            return None
        return self.sessions[min(table.cursor_row, len(self.sessions) - 1)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter or a click on a row: resume that session."""
        event.stop()
        info = next((s for s in self.sessions if s.id == event.row_key.value), None)
        if info is not None:
            self.open(info.id)

    def open(self, session_id: str, setup: bool = False) -> None:
        """Open a session on its own screen, or on Setup when asked."""
        app = app_of(self)
        workshop = app.open_session(session_id)
        if workshop is None:
            return
        if setup and not workshop.readonly:
            from facilitator.tui.screens.setup import SetupScreen

            app.adopt(workshop, SetupScreen(workshop))
        else:
            app.adopt(workshop)

    def action_setup(self) -> None:
        """Open the highlighted session's details, roster and agenda."""
        info = self.selected()
        if info is not None:
            self.open(info.id, setup=True)

    def action_new(self) -> None:
        """Ask for an agenda and a title, then go to Setup."""
        from facilitator.tui.screens.new_session import NewSessionScreen

        def created(workshop: Session | None) -> None:
            if workshop is not None:
                from facilitator.tui.screens.setup import SetupScreen

                app_of(self).adopt(workshop, SetupScreen(workshop))

        self.app.push_screen(NewSessionScreen(), created)

    def action_demo(self) -> None:
        """Make (or reuse) the demo session and open it on the Run screen."""
        app = app_of(self)
        try:
            from facilitator.engine.demo import prepare_demo
        except ImportError:
            app.say("The demo is not available in this installation.", "warning")
            return
        session_id = app.attempt(prepare_demo, app.workspace, app.library)
        if session_id is not None:
            self.open(session_id)
