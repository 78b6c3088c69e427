"""Which widget the room display shows for a slot: the console's views in their room form.

A break shows its title and what follows; a private step only how many have
entered (never a word of it); any other step the view registered for its
kind, built with `room=True`: the same figures the console shows, without
its forms, cursor or keys.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from facilitator.engine import Session
from facilitator.model import is_private, kind_of
from facilitator.tui.widgets.base import StepView, view_for
from facilitator.tui.widgets.break_view import BreakView
from facilitator.tui.widgets.private_step import InstructionsView


class RoomPrivateView(InstructionsView):
    """A private step on the wall: its instructions and "9 of 12 entered", nothing else."""

    def compose_extra(self) -> ComposeResult:
        yield Static("", classes="private-progress", markup=False)
        yield Static(Content("Private: entries are never shown here."), classes="private-hint")

    def on_mount(self) -> None:
        """Fill in the progress."""
        self.refresh_view()

    def refresh_view(self) -> None:
        """Re-read the count (the console saved an entry, someone arrived or left)."""
        done, expected = self.workshop.progress(self.key)
        self.query_one(".private-progress", Static).update(Content(f"{done} of {expected} entered"))


def room_view_for_slot(workshop: Session, key: str) -> Widget:
    """The room display's widget for slot `key`."""
    slot = next(s for s in workshop.plan if s.key == key)
    if slot.is_break:
        return BreakView(workshop, key, room=True)
    step = workshop.step(key)
    if is_private(step):
        return RoomPrivateView(workshop, key, room=True)
    view: type[StepView] | None = view_for(kind_of(step))
    return (view or InstructionsView)(workshop, key, room=True)
