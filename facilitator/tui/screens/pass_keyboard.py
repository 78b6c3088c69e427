"""Pass-the-keyboard: one participant at a time types a private entry.

Action plans and relationship maps are personal. The keyboard goes round the
room; each person picks their name (typing a few letters narrows the list)
and sees only their own form: the capture view in single-owner mode, which
shows nobody else's entries. The form's Done (ctrl+n), F10 or Escape hands
the screen back to the room view, which shows progress only. This is a full screen, not a dialog, so
nothing of the Run screen (or anyone's text) shows around it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.engine import Participant, Session
from facilitator.tui.app import RoomFooter
from facilitator.tui.text import one_line, plain


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


class PassKeyboardScreen(Screen[None]):
    """Pick a name, fill in your own entry, hand back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f10", "finish", "Done", id="pass.finish", priority=True, show=False),
        Binding("escape", "finish", "Back", id="pass.escape"),
        Binding("down", "move(1)", "Next name", id="pass.down", show=False),
        Binding("up", "move(-1)", "Previous name", id="pass.up", show=False),
    ]

    def __init__(self, workshop: Session, key: str) -> None:
        super().__init__()
        self.workshop = workshop
        self.key = key
        self.owner: str | None = None
        self.people = workshop.participants(present_only=True)
        self.shown: list[Participant] = list(self.people)

    def compose(self) -> ComposeResult:
        step = self.workshop.step(self.key)
        title = step.title if step else self.key
        yield Static(Content.assemble("Pass the keyboard · ", plain(title, 60)), classes="screen-title")
        with Container(id="pass-body"), Vertical(id="pass-pick"):
            yield Static(
                Content("Type the first letters of your name, then press Enter."), classes="pass-prompt"
            )
            yield Input(placeholder="Your name", id="pass-name", compact=True)
            yield OptionList(id="pass-names")
        yield RoomFooter()

    def on_mount(self) -> None:
        """List everyone present; entered ones are marked so the queue knows who is left."""
        self.fill("")
        self.query_one("#pass-name", Input).focus()

    def fill(self, typed: str) -> None:
        """The names that match what has been typed."""
        entered = {e.owner for e in self.workshop.entries(self.key, "capture")}
        self.shown = [p for p in self.people if matches(p, typed)]
        names = self.query_one("#pass-names", OptionList)
        names.clear_options()
        for person in self.shown:
            mark = "  ✓ entered" if person.id in entered else ""
            names.add_option(Option(Content(one_line(person.name, 50, "(no name)") + mark), id=person.id))
        if self.shown:
            names.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        """Every letter narrows the list."""
        if event.input.id == "pass-name":
            self.fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter takes the highlighted name."""
        if event.input.id != "pass-name":
            return
        event.stop()
        names = self.query_one("#pass-names", OptionList)
        if names.highlighted is not None and self.shown:
            self.choose(self.shown[names.highlighted].id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click (or Enter in the list) takes that name."""
        event.stop()
        if event.option.id:
            self.choose(event.option.id)

    def action_move(self, step: int) -> None:
        """Arrow keys walk the list while the name field keeps the focus."""
        names = self.query_one("#pass-names", OptionList)
        if self.owner is None and self.shown:
            current = names.highlighted or 0
            names.highlighted = max(0, min(len(self.shown) - 1, current + step))

    def choose(self, pid: str) -> None:
        """Swap the name list for this person's own form; nothing else stays on screen."""
        from facilitator.tui.app import app_of

        self.owner = pid
        body = self.query_one("#pass-body", Container)
        body.remove_children()
        header = Static(Content("Private: nobody else's entries are on this screen."), classes="pass-owner")
        try:
            from facilitator.tui.widgets.capture import CaptureView
        except ImportError:
            app_of(self).say("The entry form is not available in this installation.", "error")
            body.mount(header)
            return
        body.mount(header, CaptureView(self.workshop, self.key, owner=pid))
        self.call_after_refresh(self.focus_form)
        self.refresh_bindings()

    def focus_form(self) -> None:
        """The participant's first field gets the cursor."""
        for widget in self.query_one("#pass-body").query("*"):
            if widget.focusable:
                widget.focus()
                return

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Up/down pick names only while picking."""
        if action == "move":
            return self.owner is None
        return True

    def on_capture_view_done(self, message: Message) -> None:
        """The form's own Done (ctrl+n or its button): hand the screen back."""
        message.stop()
        self.action_finish()

    def action_finish(self) -> None:
        """Back to the room view (which shows progress only)."""
        self.dismiss(None)
