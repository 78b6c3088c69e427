"""Pass-the-keyboard: one participant at a time types a private entry.

Action plans and relationship maps are personal. The keyboard goes round the
room; each person types the first letters of their name, picks it, and says
yes to "You are Priya Sharma (Accounts)?" before anything of theirs is shown:
nobody's form opens by default, and Enter on an empty box opens nothing.
Namesakes are told apart by what people know of each other (team, company,
email), never by an internal id.

Their form is the capture view in single-owner mode, which shows nobody
else's entries. Done (ctrl+n, F10 or the button) hands the screen back to
the room view, asking first if something typed is not saved; Esc hands it
back keeping what was typed as a draft. A form left alone for `idle_after`
seconds (90 unless FACILITATOR_PRIVATE_IDLE says otherwise) goes back to the
room view by itself, keeping the draft: the next person to pick that name is
asked "You are ...?" again before it is shown. This is a full screen, not a
dialog, so nothing of the Run screen (or anyone's text) shows around it, and
a typing zone (see `keyboard`): no letter typed here reaches the app's keys.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from time import monotonic
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from facilitator.engine import Participant, Session
from facilitator.tui.app import RoomFooter, app_of
from facilitator.tui.keyboard import TypingZone
from facilitator.tui.screens.confirm import ConfirmScreen
from facilitator.tui.text import one_line, plain
from facilitator.tui.widgets.capture import CaptureView
from facilitator.tui.widgets.capture_form import EntryForm

#: Seconds a private form may sit untouched before the room view comes back.
IDLE_SECONDS = 90.0
IDLE_ENV = "FACILITATOR_PRIVATE_IDLE"
PICK_HINT = "Type the first letters of your name, choose it with ↑↓, then press Enter."


def matches(person: Participant, typed: str) -> bool:
    """Whether `typed` picks out this person: the name or one of its words starts with it.

    From three letters on, letters inside a word count too ("ana" finds
    "Ana Lúcia" and "Juliana"), but one letter must not list half the room.
    """
    wanted = " ".join(typed.casefold().split())
    if not wanted:
        return True
    name = " ".join(person.name.casefold().split())
    starts = name.startswith(wanted) or any(w.startswith(wanted) for w in name.split())
    return starts or (len(wanted) >= 3 and wanted in name)


def idle_seconds() -> float:
    """The idle time a trainer set in the environment, or 90 seconds."""
    try:
        return max(5.0, float(os.environ.get(IDLE_ENV, IDLE_SECONDS)))
    except ValueError:
        return IDLE_SECONDS


class PassKeyboardScreen(TypingZone, Screen[None]):
    """Pick your name, say it is you, fill in your own entry, hand back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f10", "done", "Done", id="pass.finish", priority=True, show=False),
        Binding("escape", "leave", "Back to the room", id="pass.escape"),
        Binding("down", "move(1)", "Next name", id="pass.down", show=False),
        Binding("up", "move(-1)", "Previous name", id="pass.up", show=False),
    ]

    def __init__(
        self,
        workshop: Session,
        key: str,
        *,
        idle_after: float | None = None,
        clock: Callable[[], float] = monotonic,
    ) -> None:
        super().__init__()
        self.workshop = workshop
        self.key = key
        self.owner: str | None = None
        self.leaving = False
        self.idle_after = idle_seconds() if idle_after is None else idle_after
        self.clock = clock
        self.last_activity = clock()
        self.people = workshop.participants(present_only=True)
        self.names = workshop.display_names()
        self.shown: list[Participant] = list(self.people)

    def compose(self) -> ComposeResult:
        step = self.workshop.step(self.key)
        title = step.title if step else self.key
        yield Static(Content.assemble("Pass the keyboard · ", plain(title, 60)), classes="screen-title")
        with Container(id="pass-body"), Vertical(id="pass-pick"):
            yield Static(Content(PICK_HINT), classes="pass-prompt", id="pass-prompt")
            yield Input(placeholder="Your name", id="pass-name", compact=True)
            yield OptionList(id="pass-names")
        yield RoomFooter()

    def on_mount(self) -> None:
        """Everyone present is listed; nobody is chosen until a name is typed or picked."""
        self.fill("")
        self.query_one("#pass-name", Input).focus()
        self.set_interval(1.0, self.check_idle)

    def label(self, person: Participant) -> str:
        """A person as the room knows them: namesakes get their team (or company, or email)."""
        return self.names.get(person.id) or person.name

    def fill(self, typed: str) -> None:
        """The names that match what has been typed; a match is highlighted only once something is typed."""
        entered = {e.owner for e in self.workshop.entries(self.key, "capture")}
        self.shown = [p for p in self.people if matches(p, typed)]
        names = self.query_one("#pass-names", OptionList)
        names.clear_options()
        for person in self.shown:
            mark = "  ✓ entered" if person.id in entered else ""
            shown = one_line(self.label(person), 60, "(no name)") + mark
            names.add_option(Option(Content(shown), id=person.id))
        names.highlighted = 0 if self.shown and typed.strip() else None

    # ----- being used -------------------------------------------------------------------------

    def active(self) -> None:
        """Someone is at the keyboard: the idle countdown starts again."""
        self.last_activity = self.clock()

    def on_key(self, event: events.Key) -> None:
        self.active()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.active()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.active()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Every letter narrows the list (and counts as someone being here)."""
        self.active()
        if event.input.id == "pass-name":
            self.fill(event.value)

    def check_idle(self) -> None:
        """Nobody has typed for `idle_after` seconds: back to the room, what was typed kept as a draft."""
        if self.leaving or self not in self.app.screen_stack:
            return
        if self.clock() - self.last_activity < self.idle_after:
            return
        while self.app.screen is not self:
            self.app.pop_screen()  # a question left open goes too
        if self.owner is not None:
            app_of(self).say("The private form went back to the room view; what was typed is kept for later.")
        self.action_leave()

    # ----- picking a name -----------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter takes the highlighted name, after a yes to "You are ...?"; an empty box takes nobody."""
        if event.input.id != "pass-name":
            return
        event.stop()
        names = self.query_one("#pass-names", OptionList)
        if names.highlighted is None or not self.shown:
            self.query_one("#pass-prompt", Static).update(Content(PICK_HINT))
            return
        self.ask(self.shown[names.highlighted])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click (or Enter in the list) takes that name, after the same question."""
        event.stop()
        person = next((p for p in self.shown if p.id == event.option.id), None)
        if person is not None:
            self.ask(person)

    def action_move(self, step: int) -> None:
        """Arrow keys walk the list while the name field keeps the focus."""
        names = self.query_one("#pass-names", OptionList)
        if self.owner is None and self.shown:
            current = names.highlighted
            moved = 0 if current is None else current + step
            names.highlighted = max(0, min(len(self.shown) - 1, moved))

    def ask(self, person: Participant) -> None:
        """ "You are Ada Brennan?" y shows her form; n goes back to the names."""
        label = one_line(self.label(person), 60)
        note = "Only your own entries will be on the screen."
        if self.workshop.drafts.get(self.key, person.id) is not None:
            note += " What you typed last time and did not save comes back."

        def answer(yes: bool | None) -> None:
            if yes:
                self.choose(person.id)
            else:
                names = self.query_one("#pass-name", Input)
                names.value = ""
                names.focus()

        question = ConfirmScreen(f"You are {label}?", note, yes="Yes, it's me", no="No", enter_says_yes=False)
        self.app.push_screen(question, answer)

    def choose(self, pid: str) -> None:
        """Swap the name list for this person's own form; nothing else stays on screen."""
        self.owner = pid
        self.active()
        body = self.query_one("#pass-body", Container)
        body.remove_children()
        header = Static(Content("Private: nobody else's entries are on this screen."), classes="pass-owner")
        body.mount(header, CaptureView(self.workshop, self.key, owner=pid))
        self.refresh_bindings()

    # ----- handing back ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Up/down pick names only while picking."""
        if action == "move":
            return self.owner is None
        return True

    def on_capture_view_done(self, message: CaptureView.Done) -> None:
        """The form's own Done (ctrl+n or its button)."""
        message.stop()
        self.action_done()

    def keep_draft(self) -> None:
        """What the person typed stays in the session as their draft."""
        for view in self.query(CaptureView).results(CaptureView):
            view.keep_draft()

    def action_done(self) -> None:
        """Done: hand the keyboard on; something typed and not saved is asked about first."""
        views = self.query(CaptureView)
        view = views.first(CaptureView) if views else None
        if view is None or not view.query_one(EntryForm).has_content:
            self.action_leave()
            return

        def answer(save: bool | None) -> None:
            if save:
                view.save()  # a refusal stays on the form, with its one line saying why
                if view.query_one(EntryForm).has_content:
                    return
            self.action_leave()

        question = ConfirmScreen(
            "Save what you typed before handing on?",
            "No keeps it for you as a draft: only you see it again, after saying who you are.",
            yes="Save it",
            no="Keep as a draft",
            enter_says_yes=False,
        )
        self.app.push_screen(question, answer)

    def action_leave(self) -> None:
        """Back to the room view (which shows progress only); what was typed is kept as a draft."""
        if self.leaving:
            return
        self.leaving = True
        self.keep_draft()
        self.dismiss(None)
