"""Setup: the session's details, its roster and its running order, before (or during) the day.

Three tabs, reachable with F2, F3, F4 (from any field: nobody types an F-key)
or a click: the details printed on the handouts, the people, and the agenda
with its minutes. F5 starts the workshop, as it starts a slide show.
Everything is saved as it is changed, so there is no "save" to forget; a
change the engine refuses (a date of "3") is explained under the fields and
stays in its field to be fixed. The screen is a typing zone (see `keyboard`):
no letter typed here reaches the app's own keys.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static, TabbedContent, TabPane

from facilitator.engine import DiskFull, Session, SessionError
from facilitator.tui.app import RoomFooter, app_of
from facilitator.tui.keyboard import TypingZone
from facilitator.tui.screens.agenda_review import AgendaPanel
from facilitator.tui.screens.people import RosterPanel
from facilitator.tui.text import editable, plain
from facilitator.tui.widgets.line_input import LineInput

DETAILS = (
    ("title", "Title"),
    ("date", "Date"),
    ("trainer", "Trainer"),
    ("client", "Client"),
    ("venue", "Venue"),
    ("follow_up", "Follow-up"),
)
DATES = ("date", "follow_up")


class SetupScreen(TypingZone, Screen[None]):
    """Details, roster and agenda of one session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "start", "Start", id="setup.start", priority=True, key_display="F5"),
        # The tabs themselves say "F2 Details" ..., so the footer keeps its room for the tab's keys.
        Binding("f2", "tab('details')", "Details", id="setup.details", key_display="F2", show=False),
        Binding("f3", "tab('roster')", "Roster", id="setup.roster", key_display="F3", show=False),
        Binding("f4", "tab('agenda')", "Agenda", id="setup.agenda", key_display="F4", show=False),
        Binding("escape", "home", "Home", id="setup.home"),
    ]

    def __init__(self, workshop: Session) -> None:
        super().__init__()
        self.workshop = workshop

    @property
    def started(self) -> bool:
        """A running workshop comes back here to change the plan; the button says so."""
        return self.workshop.status != "setup"

    def compose(self) -> ComposeResult:
        yield Static(self.heading(), id="setup-title", classes="screen-title")
        with TabbedContent(initial="roster", id="setup-tabs"):
            with TabPane("F2 Details", id="details"):
                with Grid(classes="form"):
                    for key, label in DETAILS:
                        yield Label(label)
                        yield LineInput(
                            editable(str(getattr(self.workshop.details, key))),
                            id=f"detail-{key}",
                            compact=True,
                        )
                yield Static("", id="details-note", classes="problem", markup=False)
                yield Static(
                    Content(
                        "Changes are saved when you press Enter or leave a field. "
                        "They are printed on the handouts."
                    ),
                    classes="hint",
                )
            with TabPane(self.roster_label(), id="roster"):
                yield RosterPanel(self.workshop, setup=True, id="roster-panel")
            with TabPane("F4 Agenda", id="agenda"):
                yield AgendaPanel(self.workshop)
        with Horizontal(id="setup-actions"):
            yield Static("", id="setup-summary", markup=False)
            label = "Back to the room (F5)" if self.started else "Start the workshop (F5)"
            yield Button(Content(label), variant="primary", id="start", compact=True)
        yield RoomFooter()

    def heading(self) -> Content:
        """The screen's title line, with the session title shown literally."""
        return Content.assemble("Setup · ", plain(self.workshop.title, 60, "(untitled)"))

    def roster_label(self) -> str:
        """The roster tab says how many people there are."""
        return f"F3 Roster ({len(self.workshop.participants())})"

    def on_mount(self) -> None:
        """Focus the roster: it is what most often needs a look before the day."""
        self.update_summary()
        self.query_one("#roster-panel RosterTable").focus()

    def update_summary(self) -> None:
        """The line above the footer: people and minutes at a glance."""
        people = self.workshop.participants()
        here = sum(1 for p in people if p.present)
        minutes = sum(s.minutes for s in self.workshop.plan)
        self.query_one("#setup-summary", Static).update(
            Content(f"{here} of {len(people)} here · {len(self.workshop.plan)} steps · {minutes} min planned")
        )

    def on_roster_panel_changed(self, event: RosterPanel.Changed) -> None:
        """Keep the tab label and the summary true."""
        self.query_one(TabbedContent).get_tab("roster").label = Content(self.roster_label())
        self.update_summary()

    def on_agenda_panel_changed(self, event: AgendaPanel.Changed) -> None:
        """Minutes changed: the summary follows."""
        self.update_summary()

    def action_tab(self, tab: str) -> None:
        """F2, F3, F4 switch tabs, from any field."""
        tabs = self.query_one(TabbedContent)
        tabs.active = tab
        pane = tabs.get_pane(tab)
        focusable = [w for w in pane.query("*") if w.focusable]
        if focusable:
            focusable[0].focus()

    def save_detail(self, field: Input) -> None:
        """Write one detail if it changed; a title may not be blank."""
        key = (field.id or "").removeprefix("detail-")
        if editable(str(getattr(self.workshop.details, key))) == field.value:
            return  # untouched: the stored text stays exactly as it was
        note = self.query_one("#details-note", Static)
        if key == "title" and not field.value.strip():
            note.update(Content("A session needs a title; the old one is kept."))
            return
        value = field.value
        if key in DATES:
            checked = self.check_date(key, value)
            if checked is None:
                return
            value = checked
        if key == "date":
            self.follow_date(value)  # before the date changes: is the follow-up still its default?
        try:
            self.workshop.set_details(**{key: value})
        except DiskFull:
            app_of(self).attempt(self.workshop.set_details, **{key: value})  # offers a retry
            return
        except SessionError as exc:
            # Refused (a date of "3"): say why, and leave the typing in the field to fix.
            note.update(Content(f"Not saved: {' '.join(str(exc).split())}"))
            return
        stored = editable(str(getattr(self.workshop.details, key)))
        if stored != field.value:
            field.value = stored  # the engine's own spelling: "15/12/2026" is stored as 2026-12-15
        note.update(Content(f"Saved {key.replace('_', '-')}."))
        if key == "title":
            self.query_one("#setup-title", Static).update(self.heading())

    def check_date(self, key: str, value: str) -> str | None:
        """The date as stored (ISO), or None with a word on the screen when it is not a usable date."""
        from facilitator.engine.entry_rules import EntryError, parse_date

        note = self.query_one("#details-note", Static)
        if not value.strip():
            return ""
        try:
            day = parse_date(value).isoformat()
        except EntryError as exc:
            note.update(Content(f"{exc}; the old {key.replace('_', '-')} is kept."))
            return None
        start = self.workshop.details.date
        if key == "follow_up" and start and day < start:
            note.update(Content("The follow-up must come after the workshop; the old date is kept."))
            return None
        return day

    def follow_date(self, new_date: str) -> None:
        """A follow-up still on its default moves with the workshop's date (30 days on, off a weekend)."""
        from facilitator.engine.details import default_follow_up, parse_iso

        old = default_follow_up(parse_iso(self.workshop.details.date))
        current = self.workshop.details.follow_up
        if current and (old is None or current != old.isoformat()):
            return
        new = default_follow_up(parse_iso(new_date))
        follow = new.isoformat() if new else ""
        app_of(self).attempt(self.workshop.set_details, follow_up=follow)
        self.query_one("#detail-follow_up", Input).value = follow

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves the field."""
        if (event.input.id or "").startswith("detail-"):
            event.stop()
            self.save_detail(event.input)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        """Leaving a field saves it too."""
        if (event.input.id or "").startswith("detail-"):
            self.save_detail(event.input)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The Start button."""
        if event.button.id == "start":
            event.stop()
            self.action_start()

    def save_details(self) -> None:
        """Save every detail field that changed: leaving the screen or quitting loses nothing typed."""
        for field in self.query(Input):
            if (field.id or "").startswith("detail-"):
                self.save_detail(field)

    def action_start(self) -> None:
        """Go to the Run screen (after a word if nobody is on the roster)."""
        self.save_details()
        if self.workshop.participants() or self.started:
            self.run_workshop()
            return
        from facilitator.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.run_workshop()

        self.app.push_screen(
            ConfirmScreen(
                "Nobody is on the roster yet.",
                "Start anyway? You can add people from the Run screen with p.",
                yes="Start",
            ),
            answer,
        )

    def run_workshop(self) -> None:
        """Switch to the Run screen for this session."""
        from facilitator.tui.screens.run import RunScreen

        self.app.switch_screen(RunScreen(self.workshop))

    def action_home(self) -> None:
        """Back to the list of sessions (what is typed in the details is saved first)."""
        self.save_details()
        app_of(self).go_home()
