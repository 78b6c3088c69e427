"""Who is in the room: the roster panel, and the dialog the Run screen opens with `p`.

People arrive late and leave early in every workshop. The trainer handles
that without leaving the Run screen: `p` opens this dialog, `n` adds a late
arrival, `a`/`o` mark someone absent or gone, and the step on screen is
redrawn so pairings and "12 of 19 entered" count the right people. Setup
uses the same panel (plus remove and CSV import) for the roster before the
day starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from facilitator.engine import Participant, Session, SessionError, read_roster_file
from facilitator.tui.app import RoomFooter, app_of
from facilitator.tui.screens.roster_edit import STATUS_LABELS, RosterEditScreen
from facilitator.tui.text import cell, one_line

T = TypeVar("T")

#: Every key of the People dialog, on screen: the footer has room for only a few.
PEOPLE_KEYS = (
    "n late arrival · Enter edit · s next status · a absent · l late · o left early · p present · Esc back"
)


class RosterTable(DataTable[object]):
    """Participants with team, role and status; Enter edits the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Edit", id="roster.edit"),
    ]


class RosterPanel(Vertical):
    """The roster with keys to add, edit and mark people; posts `Changed` after each change."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "Add", id="roster.add"),
        Binding("s", "cycle_status", "Status", id="roster.status"),
        Binding("p", "mark('present')", "Present", id="roster.present", show=False),
        Binding("a", "mark('absent')", "Absent", id="roster.absent", show=False),
        Binding("l", "mark('late')", "Late", id="roster.late", show=False),
        Binding("o", "mark('left')", "Left", id="roster.left", show=False),
        Binding("x,delete", "remove", "Remove", id="roster.remove"),
        Binding("i", "import_csv", "Import CSV", id="roster.import"),
        Binding("t", "teams", "Teams", id="roster.teams"),
    ]

    class Changed(Message):
        """The roster changed; whoever shows people should redraw."""

    def __init__(self, workshop: Session, *, setup: bool, id: str | None = None) -> None:
        """`setup=True` adds remove and CSV import, which belong before the day, not during it."""
        super().__init__(id=id)
        self.workshop = workshop
        self.setup = setup
        self.people: list[Participant] = []

    def compose(self) -> ComposeResult:
        yield RosterTable(cursor_type="row", zebra_stripes=True)
        yield Static("", classes="roster-summary", markup=False)

    def on_mount(self) -> None:
        """Columns once, rows on every change."""
        table = self.query_one(RosterTable)
        for label in ("Name", "Team", "Role", "Status"):
            table.add_column(label, key=label.lower())
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        """Re-read the roster, keeping the cursor on the same person."""
        table = self.query_one(RosterTable)
        current = keep or self.current_id()
        self.people = self.workshop.participants()
        table.clear()
        for person in self.people:
            table.add_row(
                cell(person.name, 30, "(no name)"),
                cell(person.team, 20),
                cell(person.role, 16),
                cell(STATUS_LABELS.get(person.status, person.status), 12),
                key=person.id,
            )
        ids = [p.id for p in self.people]
        if current in ids:
            table.move_cursor(row=ids.index(current))
        here = sum(1 for p in self.people if p.present)
        summary = f"{len(self.people)} on the roster · {here} here"
        if not self.people:
            summary = "Nobody on the roster yet: n adds a person" + (
                ", i imports a CSV" if self.setup else ""
            )
        self.query_one(".roster-summary", Static).update(Content(summary))

    def current_id(self) -> str | None:
        """The id of the highlighted person."""
        table = self.query_one(RosterTable)
        if not self.people or not 0 <= table.cursor_row < len(self.people):
            return None
        return self.people[table.cursor_row].id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Remove and import only in Setup; marking needs someone highlighted."""
        if action in ("remove", "import_csv") and not self.setup:
            return False
        if action in ("mark", "cycle_status", "remove") and not self.people:
            return None
        return True

    def changed(self, keep: str | None = None) -> None:
        """Redraw and tell the screen."""
        self.reload(keep)
        self.post_message(self.Changed())

    def action_add(self) -> None:
        """A new person; during a workshop they count as a late arrival."""
        status = "present" if self.setup else "late"
        title = "Add a participant" if self.setup else "Late arrival"

        def save(values: dict[str, str]) -> str | None:
            added = self._try(
                lambda: self.workshop.add_participant(
                    values["name"], values["team"], values["role"], values["email"], values["status"]
                )
            )
            if isinstance(added, str):
                return added
            self.changed(added.id)
            return None

        self.app.push_screen(RosterEditScreen(title, {"status": status}, save))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter or a click: edit that person."""
        event.stop()
        pid = str(event.row_key.value)
        person = next((p for p in self.people if p.id == pid), None)
        if person is None:
            return

        def save(values: dict[str, str]) -> str | None:
            edited = self._try(lambda: self.workshop.edit_participant(pid, **values))
            if isinstance(edited, str):
                return edited
            self.changed(pid)
            return None

        values = {
            "name": person.name,
            "team": person.team,
            "role": person.role,
            "email": person.email,
            "status": person.status,
        }
        self.app.push_screen(RosterEditScreen(f"Edit {one_line(person.name, 40)}", values, save))

    def _try(self, call: Callable[[], T]) -> T | str:
        """Run an engine call for the edit box: the result, or the problem as a string."""
        try:
            return call()
        except SessionError as exc:
            return str(exc)

    def action_mark(self, status: str) -> None:
        """Mark the highlighted person present, absent, late or left."""
        pid = self.current_id()
        if pid is None:
            return
        marked = app_of(self).attempt(self.workshop.set_status, pid, status)
        if marked is not None:
            self.changed(pid)

    def action_cycle_status(self) -> None:
        """s: present → absent → late → left → present, for whoever is highlighted."""
        pid = self.current_id()
        person = next((p for p in self.people if p.id == pid), None)
        if person is not None:
            order = list(STATUS_LABELS)
            following = (
                order[(order.index(person.status) + 1) % len(order)] if person.status in order else "present"
            )
            self.action_mark(following)

    def action_remove(self) -> None:
        """Take someone off the roster (refused once they have entries)."""
        pid = self.current_id()
        if pid is None:
            return
        app_of(self).attempt(self.workshop.remove_participant, pid)
        self.changed()

    def action_import_csv(self) -> None:
        """Ask for a CSV path; all rows or none, with the problem shown in the box."""
        from facilitator.tui.screens.prompt import PromptScreen

        def check(text: str) -> str | None:
            if not text.strip():
                return "Type the path of a .csv file."
            try:
                report = read_roster_file(text.strip())
            except SessionError as exc:
                return str(exc)
            added = app_of(self).attempt(self.workshop.import_roster, report.rows)
            for note in report.notes:
                app_of(self).say(note, "warning", timeout=12)
            if added is not None:
                app_of(self).say(f"Imported {len(added)} people.")
                self.changed()
            return None

        self.app.push_screen(
            PromptScreen(
                "Import a roster",
                "Path of the CSV file (Name, Team, Role, Email columns):",
                check=check,
                placeholder="~/Downloads/participants.csv",
            )
        )

    def action_teams(self) -> None:
        """Teams of a chosen size for everyone without one (a roster with no team column)."""
        from facilitator.tui.screens.prompt import PromptScreen

        def check(text: str) -> str | None:
            if not text.strip().isdigit() or int(text) < 1:
                return "Type how many people a team should have, e.g. 4."
            try:
                changed = self.workshop.roster.assign_teams(int(text))
            except SessionError as exc:
                return str(exc)
            if not changed:
                app_of(self).say("Everyone already has a team.")
            else:
                teams = len({p.team for p in changed})
                app_of(self).say(f"{len(changed)} people put into {teams} teams of about {int(text)}.")
                self.changed()
            return None

        self.app.push_screen(
            PromptScreen(
                "Teams for everyone without one",
                "People per team (team steps need teams; people who have one keep it):",
                check=check,
                placeholder="4",
            )
        )


class PeopleScreen(ModalScreen[bool]):
    """The roster during a workshop; dismisses with True if anything changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back to the room", id="people.close"),
    ]

    def __init__(self, workshop: Session) -> None:
        super().__init__()
        self.workshop = workshop
        self.dirty = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog roster-dialog"):
            yield Static(Content("Who is here"), classes="dialog-title")
            yield RosterPanel(self.workshop, setup=False)
            yield Static(Content(PEOPLE_KEYS), classes="dialog-hint people-keys")
        yield RoomFooter()

    def on_roster_panel_changed(self, event: RosterPanel.Changed) -> None:
        """Remember to redraw the step when this closes."""
        self.dirty = True

    def action_close(self) -> None:
        """Back to the Run screen."""
        self.dismiss(self.dirty)
