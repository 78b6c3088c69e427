"""Capture: a scribe types what the room says (or a participant types their own, privately).

Speed in front of a room is the point: type a few letters of a name and
Enter, fill the one-line fields, Enter saves, and the cursor is back on the
name ready for the next person. Whatever the engine refuses (a missing
required field, a third story from the same person) comes back as one line
under the form; nothing the scribe types can crash the view.

With `owner=` the view is in single-owner mode for pass-the-keyboard: it
shows only that owner's form and entries and nothing of anyone else's, and
"Done" posts `CaptureView.Done` for the screen that hands the keyboard on.
A private step shown without an owner shows progress only, so a projected
screen can never leak a personal action.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Button, Input, Static

from facilitator.engine import GROUP, Entry, Session
from facilitator.model import Capture
from facilitator.tui.text import content, literal, one_line
from facilitator.tui.widgets.base import StepView, register
from facilitator.tui.widgets.capture_form import EntryForm
from facilitator.tui.widgets.step_common import NamePicker, RowTable, StatusLine, attempt

#: Rows in the entries list; older entries stay saved and in every export and handout.
LIST_LIMIT = 200


class EntryTable(RowTable):
    """The saved entries, newest first; edit and delete act on the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", id="capture.edit"),
        Binding("d,delete", "delete", "Delete", key_display="d", id="capture.delete"),
    ]

    class Act(Message):
        """Edit or delete the highlighted entry."""

        def __init__(self, what: str, entry_id: str) -> None:
            super().__init__()
            self.what = what
            self.entry_id = entry_id

    def _act(self, what: str) -> None:
        if self.row_count:
            row_key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
            if row_key.value:
                self.post_message(self.Act(what, row_key.value))

    def action_edit(self) -> None:
        """Load the highlighted entry into the form."""
        self._act("edit")

    def action_delete(self) -> None:
        """Delete the highlighted entry (Ctrl+Z brings it back)."""
        self._act("delete")


@register
class CaptureView(StepView):
    """Pick who, fill the fields, Enter saves; the entries so far underneath."""

    kind = "capture"

    DEFAULT_CSS = """
    CaptureView { padding: 0 1; }
    CaptureView .capture--instructions { color: $text-muted; max-height: 3; }
    CaptureView .capture--who { height: 1; text-style: bold; color: $text-accent; }
    CaptureView .capture--private { padding: 1 2; text-style: bold; height: auto; }
    CaptureView .capture--count { height: 1; color: $text-muted; margin-top: 1; }
    CaptureView.-short .capture--count { margin-top: 0; }
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

    def __init__(
        self, workshop: Session, key: str, *, owner: str | None = None, id: str | None = None
    ) -> None:
        super().__init__(workshop, key, id=id)
        self.owner = owner
        self.picked: str | None = owner
        self.editing: str | None = None

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
        """(owner id, label) for the picker; clashing names get their team added."""
        owners = self.workshop.owners_for(self.key)
        labels = {o: self.workshop.owner_label(o) for o in owners}
        counts: dict[str, int] = {}
        for label in labels.values():
            counts[label] = counts.get(label, 0) + 1
        out = []
        for owner in owners:
            label = labels[owner]
            if counts[label] > 1 and not owner.startswith("team:") and owner != GROUP:
                team = self.workshop.participant(owner).team
                label = f"{label} ({team or owner})"
            out.append((owner, label))
        return out

    def compose(self) -> ComposeResult:
        step = self.capture
        if self.hidden:
            yield Static(classes="capture--private")
            return
        if step.instructions.strip():
            yield Static(content(step.instructions.strip()), classes="capture--instructions")
        owners = self.workshop.owners_for(self.key)
        form = EntryForm(list(step.fields), id="capture-form")
        if self.owner is not None:
            self.picked = self.owner
            yield Static(
                content(f"Your entries, {self.workshop.owner_label(self.owner)}"), classes="capture--who"
            )
        elif owners == [GROUP]:
            self.picked = GROUP
            yield Static(content("For the whole group"), classes="capture--who")
        else:
            label = "Team" if step.per == "team" else "Who"
            yield NamePicker(
                label,
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
            yield Button("Done: pass the keyboard on (Ctrl+N)", id="capture-done", variant="primary")

    def on_mount(self) -> None:
        self._fill()
        if self.hidden:
            return
        if self.picked is None:
            self.query_one(NamePicker).focus_input()
        else:
            self.query_one(EntryForm).focus_first()

    def on_resize(self) -> None:
        """Instructions get the lines the form and a few rows of entries leave over."""
        self.set_class(self.size.height < 18, "-short")
        if self.hidden:
            return
        for block in self.query(".capture--instructions").results(Static):
            form_rows = len(self.capture.fields) + (0 if self.owner is not None else 1)
            spare = self.size.height - form_rows - 2 - 2 - 6
            block.styles.max_height = max(1, spare)

    # ----- drawing ------------------------------------------------------------------------

    def visible_entries(self) -> list[Entry]:
        """What this view may show: everything, or only the single owner's entries."""
        entries = self.workshop.entries(self.key, "capture")
        if self.owner is not None:
            entries = [e for e in entries if e.owner == self.owner]
        return entries

    def _fill(self) -> None:
        if self.hidden:
            done, expected = self.workshop.progress(self.key)
            text = (
                f"{self.capture.title}: private.\n\n"
                "Each person types their own entries in pass-the-keyboard mode; nothing is shown here.\n\n"
                f"{done} of {expected} have entered so far."
            )
            self.query_one(".capture--private", Static).update(content(text))
            return
        table = self.query_one(EntryTable)
        row = table.cursor_row
        table.clear(columns=True)
        show_owner = self.owner is None and self.workshop.owners_for(self.key) != [GROUP]
        if show_owner:
            table.add_column(Text("Team" if self.capture.per == "team" else "Who"), key="who", width=18)
        for field in self.capture.fields:
            table.add_column(literal(one_line(field.label, 24)), key=field.id)
        everything = list(reversed(self.visible_entries()))
        # Newest first, and only as many as anyone can scroll through: a scribe edits
        # recent entries, and building thousands of rows would stall the projector.
        entries = everything[:LIST_LIMIT]
        # One roster read for the whole table, not one per row: 2,000 rows must redraw in a frame.
        names = {p.id: p.name for p in self.workshop.participants()}
        for entry in entries:
            label = names.get(entry.owner) or self.workshop.owner_label(entry.owner)
            cells = [literal(one_line(label, 18))] if show_owner else []
            cells += [literal(one_line(entry.data.get(f.id, ""), 36)) for f in self.capture.fields]
            table.add_row(*cells, key=entry.id)
        if entries:
            table.move_cursor(row=min(row, len(entries) - 1))
        self._count(len(everything), len(entries))

    def _count(self, shown: int, listed: int | None = None) -> None:
        if self.owner is not None:
            text = f"Your entries: {shown} of up to {self.capture.max_entries}"
        else:
            done, expected = self.workshop.progress(self.key)
            who = "teams" if self.capture.per == "team" else "people"
            text = f"{shown} {'entry' if shown == 1 else 'entries'}"
            if expected > 1:
                text += f"  ·  {done} of {expected} {who} have entered"
        if listed is not None and listed < shown:
            text += f"  ·  newest {listed} listed"
        text += "  ·  in the list: e edit, d delete" if shown else ""
        self.query_one(".capture--count", Static).update(content(text))

    # ----- events -------------------------------------------------------------------------

    @on(NamePicker.Picked)
    def _picked(self, event: NamePicker.Picked) -> None:
        event.stop()
        self.picked = event.value
        self.query_one(StatusLine).clear()
        self.query_one(EntryForm).focus_first()

    @on(Input.Submitted, ".capture-field")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    @on(EntryTable.Act)
    def _act(self, event: EntryTable.Act) -> None:
        event.stop()
        if event.what == "edit":
            self.start_edit(event.entry_id)
        else:
            self.delete(event.entry_id)

    @on(Button.Pressed, "#capture-done")
    def _done_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_done()

    # ----- actions ------------------------------------------------------------------------

    def save(self) -> None:
        """Add the entry in the form (or save the edit); errors stay in the form."""
        status = self.query_one(StatusLine)
        form = self.query_one(EntryForm)
        data = form.values()
        editing = self.editing
        if editing is not None:
            ok, _ = attempt(status, lambda: self.workshop.edit_entry(editing, data))
            note = "Changes saved."
        else:
            owner = self.picked
            if owner is None:
                status.show_error("Pick who this is for first: type a few letters of the name, then Enter.")
                self.query_one(NamePicker).focus_input()
                return
            ok, _ = attempt(status, lambda: self.workshop.add_entry(self.key, owner, data))
            note = f"Saved for {one_line(self.workshop.owner_label(owner), 40)}."
        if not ok:
            self._focus_field_named_in(status.message)
            return
        self.editing = None
        form.clear()
        status.show_note(note)
        self._fill()
        self.saved("entry")
        if self.owner is None and self.picked != GROUP and self.query(NamePicker):
            self.query_one(NamePicker).focus_input()
        else:
            form.focus_first()

    def _focus_field_named_in(self, message: str) -> None:
        """Put the cursor in the field an error names ("Title is needed"), ready to fix."""
        form = self.query_one(EntryForm)
        for field in sorted(form.fields, key=lambda f: -len(f.label)):
            if message.startswith(one_line(field.label)):
                form.input_for(field).focus()
                return

    def action_save(self) -> None:
        """Ctrl+S, or a click on Save in the footer: the same as Enter in a field."""
        self.save()

    def start_edit(self, entry_id: str) -> None:
        """Load an entry into the form; Enter saves the change, Esc cancels."""
        ok, entry = attempt(self.query_one(StatusLine), lambda: self.workshop.entry(entry_id))
        if not ok or entry is None or (self.owner is not None and entry.owner != self.owner):
            return
        self.editing = entry_id
        form = self.query_one(EntryForm)
        form.load(dict(entry.data))
        who = one_line(self.workshop.owner_label(entry.owner), 40)
        self.query_one(StatusLine).show_note(f"Editing {who}'s entry: Enter saves, Esc cancels.")
        form.focus_first()
        self.refresh_bindings()

    def action_cancel_edit(self) -> None:
        """Leave the form without saving the edit."""
        if self.editing is None:
            return
        self.editing = None
        self.query_one(EntryForm).clear()
        self.query_one(StatusLine).show_note("Edit cancelled.")
        self.refresh_bindings()

    def action_leave_form(self) -> None:
        """Esc: step out of the text boxes so the Run screen's letter keys work again."""
        table = self.query_one(EntryTable)
        if table.row_count:
            table.focus()
        else:
            self.screen.set_focus(None)

    def delete(self, entry_id: str) -> None:
        """Delete one entry; Ctrl+Z brings it back."""
        status = self.query_one(StatusLine)
        ok, _ = attempt(status, lambda: self.workshop.delete_entry(entry_id))
        if ok:
            if self.editing == entry_id:
                self.action_cancel_edit()
            status.show_note("Entry deleted. Ctrl+Z brings it back.")
            self._fill()
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
            return self.owner is None and self.editing is None and isinstance(self.screen.focused, Input)
        if action in ("undo", "save"):
            return not self.hidden
        return True

    def refresh_view(self) -> None:
        """After a roster change: new names to pick from, and the progress line."""
        for picker in self.query(NamePicker).results(NamePicker):
            picker.set_choices(self.choices())
        self._fill()
