"""Capture: a scribe types what the room says (or a participant types their own, privately).

Speed in front of a room is the point: type a few letters of a name and
Enter, fill the fields, Enter saves, and the cursor is back on the name
ready for the next person. Whatever the engine refuses (a missing required
field, a third story from the same person, a Who box that names nobody)
comes back as one line under the form; nothing the scribe types can crash
the view, and nothing typed is lost: what is in the form is kept as a draft
in the session a moment after each pause in typing and whenever the form
closes, and comes back when it opens again. The form is a typing zone (see
`keyboard`): the Run screen's letter keys do nothing while the cursor is in
it or in the list of entries beside it; Esc steps out.

With `owner=` the view is in single-owner mode for pass-the-keyboard: it
shows only that owner's form and entries and nothing of anyone else's, and
"Done" posts `CaptureView.Done` for the screen that hands the keyboard on.
A private step shown without an owner shows progress only, so a projected
screen can never leak a personal action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Button, Input, Static

from facilitator.engine import GROUP, Entry
from facilitator.model import Capture
from facilitator.tui.keyboard import TypingZone
from facilitator.tui.text import content, one_line
from facilitator.tui.widgets.base import register
from facilitator.tui.widgets.capture_drafts import DraftKeeping
from facilitator.tui.widgets.capture_form import EntryForm
from facilitator.tui.widgets.entry_table import EntryTable
from facilitator.tui.widgets.line_input import LineInput
from facilitator.tui.widgets.room_entries import RoomEntries
from facilitator.tui.widgets.step_common import NamePicker, StatusLine, attempt

__all__ = ["CaptureView", "EntryTable"]

#: The line above the list while it has the focus: its own mode, and its keys (fits 80 columns).
LIST_MODE = "List: ↑↓ choose · Enter edit · Del delete · letters go back to the form"


@register
class CaptureView(TypingZone, DraftKeeping):
    """Pick who, fill the fields, Enter saves; the entries so far underneath."""

    kind = "capture"

    DEFAULT_CSS = """
    CaptureView { padding: 0 1; }
    CaptureView .capture--instructions { color: $text-muted; max-height: 3; }
    CaptureView .capture--who { height: 1; text-style: bold; color: $text-accent; }
    CaptureView .capture--private { padding: 1 2; text-style: bold; height: auto; }
    CaptureView .capture--count { height: 1; color: $text-muted; }
    /* The status line keeps its line, so a note never moves the list (a relayout per save). */
    CaptureView StatusLine { display: block; height: 1; }
    CaptureView.-short StatusLine { display: none; }
    CaptureView.-short StatusLine.-shown { display: block; }
    CaptureView .capture--count.-list { color: $text; background: $accent 30%; text-style: bold; }
    CaptureView.-narrow StatusLine, CaptureView.-narrow .capture--count { height: auto; max-height: 2; }
    CaptureView EntryTable { height: 1fr; min-height: 3; }
    CaptureView #capture-done { width: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save (or Enter)", id="capture.save"),
        Binding("ctrl+z", "undo", "Undo", id="capture.undo"),
        Binding("escape", "cancel_edit", "Cancel edit", id="capture.cancel_edit"),
        Binding("escape", "leave_form", "Leave form", id="capture.leave_form"),
        Binding("ctrl+n", "done", "Done", id="capture.done"),
    ]

    class Done(Message):
        """The participant in single-owner mode has finished; hand the keyboard on."""

        def __init__(self, view: CaptureView, owner: str) -> None:
            super().__init__()
            self.view = view
            self.owner = owner

        @property
        def control(self) -> CaptureView:
            """The view that finished."""
            return self.view

    @property
    def capture(self) -> Capture:
        """The step, typed."""
        step = self.step
        assert isinstance(step, Capture)
        return step

    @property
    def hidden(self) -> bool:
        """A private step with no owner given: show progress only."""
        return self.capture.visibility == "private" and self.owner is None

    def choices(self) -> list[tuple[str, str]]:
        """(owner id, label) for the picker; namesakes as the engine tells them apart, never by id."""
        names = self.workshop.display_names()
        return [(o, names.get(o) or self.workshop.owner_label(o)) for o in self.workshop.owners_for(self.key)]

    def compose(self) -> ComposeResult:
        step = self.capture
        if self.hidden:
            yield Static(classes="capture--private")
            return
        if step.instructions.strip():
            yield Static(content(step.instructions.strip()), classes="capture--instructions")
        if self.room:  # the room display: the entries so far, never the form or what is typed in it
            yield Static(classes="capture--count")
            yield RoomEntries(id="capture-entries")
            return
        form = EntryForm(list(step.fields), id="capture-form")
        if self.owner is not None:
            label = self.workshop.owner_label(self.owner)
            yield Static(content(f"Your entries, {label}"), classes="capture--who")
        elif self.workshop.owners_for(self.key) == [GROUP]:
            yield Static(content("For the whole group"), classes="capture--who")
        else:
            yield NamePicker(
                "Team" if step.per == "team" else "Who",
                self.choices(),
                placeholder="type a few letters, Enter picks",
                label_width=form.label_width,
                id="capture-who",
            )
        yield form
        yield StatusLine()
        yield Static(classes="capture--count")
        yield EntryTable(id="capture-entries")
        if self.owner is not None:
            done = "Done: pass the keyboard on (Ctrl+N)"
            yield Button(done, id="capture-done", variant="primary", compact=True)

    def on_mount(self) -> None:
        if self.hidden:
            self._fill()
            return
        show_owner = self.owner is None and self.workshop.owners_for(self.key) != [GROUP]
        heading = "Team" if self.capture.per == "team" else "Who"
        self.entries_list.setup(self.capture.fields, self._names() if show_owner else None, heading)
        self._fill()
        if self.room:
            return
        self.restore_draft()
        pickers = self.query(NamePicker)
        if pickers and not self.editing and not self.query_one(EntryForm).has_content:
            pickers.first().focus_input()
        else:
            self.query_one(EntryForm).focus_first()

    def on_resize(self) -> None:
        """Instructions get the lines the form and a few rows of entries leave over."""
        self.set_class(self.size.height < 18, "-short")
        self.set_class(self.size.width < 76, "-narrow")  # beside the notes: messages wrap, not cut
        if self.hidden:
            return
        for block in self.query(".capture--instructions").results(Static):
            form_rows = len(self.capture.fields) + (0 if self.owner is not None else 1)
            spare = self.size.height - form_rows - 2 - 2 - 6
            block.styles.max_height = max(1, spare)

    # ----- drawing ------------------------------------------------------------------------

    @property
    def table(self) -> EntryTable:
        """The console's list of entries, beside the form."""
        return self.query_one(EntryTable)

    @property
    def entries_list(self) -> EntryTable | RoomEntries:
        """The list in either form: the console's table, or the room's paragraphs."""
        return self.query_one(RoomEntries) if self.room else self.table

    def _names(self) -> Callable[[str], str]:
        """Owner ids to names, namesakes told apart, from one read of the roster."""
        names = self.workshop.display_names()
        label = self.workshop.owner_label
        return lambda owner: names.get(owner) or label(owner)

    def visible_entries(self) -> list[Entry]:
        """What this view may show: everything, or only the single owner's entries."""
        entries = self.workshop.entries(self.key, "capture")
        if self.owner is not None:
            entries = [e for e in entries if e.owner == self.owner]
        return entries

    def _fill(self) -> None:
        """Everything from the engine again: after a roster change, an undo, or on opening."""
        if self.hidden:
            done, expected = self.workshop.progress(self.key)
            text = (
                f"{self.capture.title}: private.\n\n"
                "Each person types their own entries in pass-the-keyboard mode; nothing is shown here.\n\n"
                f"{done} of {expected} have entered so far."
            )
            self.query_one(".capture--private", Static).update(content(text))
            return
        self.entries_list.show(list(reversed(self.visible_entries())))
        self._count()

    def _count(self) -> None:
        line = self.query_one(".capture--count", Static)
        if line.has_class("-list"):
            line.update(content(LIST_MODE))
            return
        shown = self.entries_list.listed
        if self.owner is not None:
            text = f"Your entries: {shown} of up to {self.capture.max_entries}"
        else:
            done, expected = self.workshop.progress(self.key)
            who = "teams" if self.capture.per == "team" else "people"
            text = f"{shown} {'entry' if shown == 1 else 'entries'}"
            if expected > 1:
                text += f"  ·  {done} of {expected} {who} have entered"
        if self.room:
            text += "  ·  newest first" if shown > 1 else ""
        elif shown:
            text += "  ·  list: Enter edit, Del delete"
        line.update(content(text))

    # ----- events -------------------------------------------------------------------------

    @on(NamePicker.Picked)
    def _picked(self, event: NamePicker.Picked) -> None:
        event.stop()
        self.query_one(StatusLine).clear()
        self.query_one(EntryForm).focus_first()

    @on(NamePicker.Unmatched)
    def _unmatched(self, event: NamePicker.Unmatched) -> None:
        event.stop()
        if event.reason:
            self.query_one(StatusLine).show_error(event.reason)

    @on(Input.Submitted, ".capture-field")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    @on(LineInput.Joined)
    def _joined(self, event: LineInput.Joined) -> None:
        event.stop()
        self.query_one(StatusLine).show_note(
            f"The pasted text had {event.lines} lines; this one-line field keeps them joined with spaces."
        )

    @on(EntryTable.Act)
    def _act(self, event: EntryTable.Act) -> None:
        event.stop()
        if event.what == "edit":
            self.start_edit(event.entry_id)
        else:
            self.delete(event.entry_id)

    @on(EntryTable.Typed)
    def _typed_in_list(self, event: EntryTable.Typed) -> None:
        event.stop()
        self.query_one(EntryForm).type_back(event.character)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The list has its own visible mode while it has the focus: its keys, on the line above it."""
        self._list_mode(isinstance(event.widget, EntryTable))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, EntryTable):
            self._list_mode(False)

    def _list_mode(self, on: bool) -> None:
        # The class goes on the line itself: on the view it would restyle every widget in the form.
        line = self.query_one(".capture--count", Static)
        if line.has_class("-list") != on:
            line.set_class(on, "-list")
            self._count()

    @on(Button.Pressed, "#capture-done")
    def _done_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_done()

    # ----- actions ------------------------------------------------------------------------

    def who(self) -> str | None:
        """Whom a new entry is for: the owner, the group, or exactly the one person the Who box names."""
        if self.owner is not None:
            return self.owner
        pickers = self.query(NamePicker)
        if not pickers:
            return GROUP
        picker = pickers.first(NamePicker)
        found = picker.resolve()
        if isinstance(found, str):
            self.query_one(StatusLine).show_error(found)
            picker.focus_input()
            return None
        if picker.value != found[0]:
            picker.set_value(found[0])
        return found[0]

    def save(self) -> None:
        """Add the entry in the form (or save the edit); errors stay in the form."""
        status = self.query_one(StatusLine)
        form = self.query_one(EntryForm)
        data = form.values()
        editing = self.editing
        if editing is not None:
            seen = self.editing_seq
            ok, entry = attempt(status, lambda: self.workshop.edit_entry(editing, data, based_on=seen))
            note = "Changes saved."
        else:
            owner = self.who()
            if owner is None:
                return
            ok, entry = attempt(status, lambda: self.workshop.add_entry(self.key, owner, data))
            note = f"Saved for {one_line(self.workshop.owner_label(owner), 40)}."
        if not ok or entry is None:
            form.focus_field_named_in(status.message)
            return
        if editing is not None:
            self.table.put_edited(entry)
        else:
            self.table.put_new(entry)
        self._end_edit()
        form.clear()
        # The form is empty now, so its draft goes: after this frame, not before it.
        self.call_after_refresh(self.keep_draft)
        status.show_note(note)
        self._count()
        self.saved("entry")
        if self.query(NamePicker):
            self.query_one(NamePicker).focus_input()
        else:
            form.focus_first()

    def action_save(self) -> None:
        """Ctrl+S, or a click on Save in the footer: the same as Enter in a field."""
        self.save()

    def action_leave_form(self) -> None:
        """Esc: step out of the form (what is typed stays, as a draft) so the Run screen's keys work."""
        self.keep_draft()
        self.screen.set_focus(None)
        self.query_one(StatusLine).show_note("Out of the form: the room's keys work again. Tab goes back in.")

    def delete(self, entry_id: str) -> None:
        """Delete one entry; Ctrl+Z brings it back."""
        status = self.query_one(StatusLine)
        ok, _ = attempt(status, lambda: self.workshop.delete_entry(entry_id))
        if ok:
            if self.editing == entry_id:
                self._drop_edit()
            status.show_note("Entry deleted. Ctrl+Z brings it back.")
            self.table.drop(entry_id)
            self._count()
            self.saved("delete")

    def action_undo(self) -> None:
        """Undo the last change to this step's entries (in single-owner mode, only one's own)."""
        status = self.query_one(StatusLine)
        ok, note = attempt(status, lambda: self.workshop.undo(self.key, self.owner))
        if ok:
            status.show_note(f"Undone: {note}." if note else "Nothing to undo.")
            self._fill()
            if note:
                self.saved("undo")

    def action_done(self) -> None:
        """Single-owner mode: tell the pass-the-keyboard screen this person has finished."""
        if self.owner is not None:
            self.post_message(self.Done(self, self.owner))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            return self.owner is not None
        if action == "cancel_edit":
            return self.editing is not None
        if action == "leave_form":
            # Only the Run screen has keys to get back to; pass-the-keyboard uses Esc itself.
            focused = self.screen.focused
            inside = focused is not None and self in focused.ancestors_with_self
            return self.owner is None and self.editing is None and inside
        if action in ("undo", "save"):
            return not self.hidden
        return True

    def refresh_view(self) -> None:
        """After a roster change: new names to pick from, and the list and progress again."""
        for picker in self.query(NamePicker).results(NamePicker):
            picker.set_choices(self.choices())
        if not self.hidden:
            self.entries_list.owner_label = self._names() if self.entries_list.owner_label else None
        self._fill()
