"""A form's unsaved work: half-typed text kept in the session, and an edit in progress.

A form view builds on `DraftKeeping`: a moment after each pause in typing,
when it is hidden (the room moved on) and when it goes, what is in its
fields (and its Who box) is kept with `session.drafts.keep`, per step and
per form owner (the participant on their own form, the console for the
scribe's). When the form opens again the draft comes back. A draft is
dropped by keeping an empty form, which is what the view does once the
entry is saved. Writing happens only when the text changed, and once per
pause rather than once per key: a save rewrites the session file.

An edit in progress is unsaved work too: the entry's own person shows in the
Who box (locked: an edit never moves an entry to someone else), Esc asks
before dropping changes, and a draft of an edit comes back as that edit.
"""

from __future__ import annotations

from time import monotonic

from textual.timer import Timer
from textual.widgets import Input, TextArea

from facilitator.engine import Session, SessionError
from facilitator.engine.drafts import CONSOLE, WHO
from facilitator.tui.text import one_line
from facilitator.tui.widgets.base import StepView
from facilitator.tui.widgets.capture_form import EntryForm
from facilitator.tui.widgets.step_common import NamePicker, StatusLine, attempt

#: Seconds without typing after which the form is kept as a draft.
DRAFT_PAUSE = 0.4


class DraftKeeping(StepView):
    """The unsaved half of a form view: drafts (`keep_draft`, `restore_draft`) and edits."""

    def __init__(
        self,
        workshop: Session,
        key: str,
        *,
        owner: str | None = None,
        id: str | None = None,
        room: bool = False,
    ) -> None:
        super().__init__(workshop, key, id=id, room=room)
        self.owner = owner
        self.editing: str | None = None
        #: The entry's version when the edit began: a change made meanwhile (from a phone) is not overwritten.
        self.editing_seq: int | None = None
        self._typed_at: float | None = None
        self._draft_timer: Timer | None = None

    @property
    def hidden(self) -> bool:
        """A form that shows nothing keeps nothing (the view says when)."""
        return False

    @property
    def draft_owner(self) -> str:
        """Whose draft this form keeps: the participant's own, or the console's."""
        return self.owner or CONSOLE

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing in a field or the Who box."""
        self.typed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Typing in a long answer."""
        self.typed()

    def typed(self) -> None:
        """Keep a draft once the typing pauses: one timer per pause, not one per key."""
        self._typed_at = monotonic()
        if self._draft_timer is None:
            self._draft_timer = self.set_timer(DRAFT_PAUSE, self._keep_after_pause)

    def _keep_after_pause(self) -> None:
        self._draft_timer = None
        if self._typed_at is None:
            return
        wait = DRAFT_PAUSE - (monotonic() - self._typed_at)
        if wait > 0.02:
            self._draft_timer = self.set_timer(wait, self._keep_after_pause)
            return
        self.keep_draft()

    def on_hide(self) -> None:
        """Leaving the step (or the screen): keep what was typed since the last pause."""
        if self._typed_at is not None:
            self.keep_draft()

    def on_unmount(self) -> None:
        """The last chance to keep what was typed (a form removed before it was hidden)."""
        self.on_hide()

    def keep_draft(self) -> None:
        """Keep the form's text in the session (an empty or unchanged form keeps nothing)."""
        self._typed_at = None
        if self.hidden or self.room or self.workshop.readonly or not self.query(EntryForm):
            return
        form = self.query_one(EntryForm)
        texts = form.typed() if self.editing is None or self.edit_changed() else {}
        for picker in self.query(NamePicker).results(NamePicker):
            texts[WHO] = picker.input.value
        attempt(
            self.query_one(StatusLine),
            lambda: self.workshop.drafts.keep(self.key, self.draft_owner, texts, self.editing or ""),
        )

    def start_edit(self, entry_id: str, *, announce: bool = True) -> bool:
        """Load an entry into the form, its own person in the Who box; Enter saves, Esc cancels."""
        ok, entry = attempt(self.query_one(StatusLine), lambda: self.workshop.entry(entry_id))
        if not ok or entry is None or entry.deleted or entry.step != self.key:
            return False
        if self.owner is not None and entry.owner != self.owner:
            return False
        self.editing = entry_id
        self.editing_seq = entry.seq
        for picker in self.query(NamePicker).results(NamePicker):
            picker.set_value(entry.owner)
            picker.input.disabled = True  # an edit keeps its person; Esc first to enter for someone else
        form = self.query_one(EntryForm)
        form.load(dict(entry.data))
        if announce:
            who = one_line(self.workshop.owner_label(entry.owner), 40)
            self.query_one(StatusLine).show_note(f"Editing {who}'s entry: Enter saves, Esc cancels.")
        form.focus_first()
        self.refresh_bindings()
        return True

    def _end_edit(self) -> None:
        if self.editing is None:
            return
        self.editing = None
        for picker in self.query(NamePicker).results(NamePicker):
            picker.input.disabled = False
        self.refresh_bindings()

    def action_cancel_edit(self) -> None:
        """Esc while editing: ask before dropping changes; an untouched edit just closes."""
        if self.editing is None:
            return
        if not self.edit_changed():
            self._drop_edit()
            return
        from facilitator.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self._drop_edit()

        question = ConfirmScreen("Drop the changes to this entry?", "It stays as saved.", yes="Drop them")
        self.app.push_screen(question, answer)

    def _drop_edit(self) -> None:
        self._end_edit()
        self.query_one(EntryForm).clear()
        self.keep_draft()
        self.query_one(StatusLine).show_note("Edit cancelled.")

    def edit_changed(self) -> bool:
        """Whether the form now differs from the entry being edited."""
        if self.editing is None:
            return False
        try:
            entry = self.workshop.entry(self.editing)
        except SessionError:
            return True
        form = self.query_one(EntryForm)
        typed = {k: str(v) for k, v in form.values().items()}
        return typed != {f.id: str(entry.data.get(f.id, "")) for f in form.fields}

    def restore_draft(self) -> None:
        """Bring back what was typed here before and not saved (after a step change, a quit, a crash)."""
        draft = self.workshop.drafts.get(self.key, self.draft_owner)
        if draft is None:
            return
        texts = dict(draft.fields)
        who = texts.pop(WHO, "")
        if not (draft.entry and self.start_edit(draft.entry, announce=False)):
            for picker in self.query(NamePicker).results(NamePicker):
                picker.restore(who)
        self.query_one(EntryForm).fill(texts)
        self.query_one(StatusLine).show_note("Brought back what was typed here before. It is not saved yet.")
        self._typed_at = None
