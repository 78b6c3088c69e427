"""The running order as the trainer reviews it: move, drop and resize exercises.

An agenda is a plan, and plans change: the client wants the promises
exercise first, the room starts 20 minutes late. Each row is an exercise (or
a break) with its minutes; the engine rescales an exercise's steps when its
minutes change, so the trainer thinks in exercises, not steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from facilitator.engine import Session
from facilitator.tui.app import app_of
from facilitator.tui.text import cell, one_line

STEP_MINUTES = 5


@dataclass(frozen=True)
class Block:
    """One row: an exercise with its steps, or a break."""

    exercise: str
    title: str
    minutes: int
    steps: int


def blocks(workshop: Session) -> list[Block]:
    """The plan grouped into exercises and breaks, in running order."""
    out: list[Block] = []
    for slot in workshop.plan:
        if slot.exercise and out and out[-1].exercise == slot.exercise:
            last = out[-1]
            out[-1] = Block(last.exercise, last.title, last.minutes + slot.minutes, last.steps + 1)
            continue
        ex = workshop.exercises.get(slot.exercise) if slot.exercise else None
        title = ex.title if ex else f"Break: {slot.title}"
        out.append(Block(slot.exercise, title, slot.minutes, 1 if slot.exercise else 0))
    return out


class AgendaPanel(Vertical):
    """The exercises of the plan with keys to reorder, drop and change minutes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("shift+up,u", "move(-1)", "Move up", id="agenda.up", key_display="u"),
        Binding("shift+down,d", "move(1)", "Move down", id="agenda.down", key_display="d"),
        Binding("plus,equals_sign", "minutes(5)", "+5 min", id="agenda.longer", key_display="+"),
        Binding("minus", "minutes(-5)", "-5 min", id="agenda.shorter", key_display="-"),
        Binding("m", "set_minutes", "Minutes", id="agenda.minutes"),
        Binding("x,delete", "drop", "Drop", id="agenda.drop"),
    ]

    class Changed(Message):
        """The plan changed."""

    def __init__(self, workshop: Session) -> None:
        super().__init__()
        self.workshop = workshop
        self.rows: list[Block] = []

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", zebra_stripes=True, id="agenda-table")
        yield Static("", classes="hint", markup=False, id="agenda-hint")

    def on_mount(self) -> None:
        """Columns once."""
        table = self.query_one(DataTable)
        table.add_column("#", key="n")
        table.add_column("Exercise", key="title")
        table.add_column("Steps", key="steps")
        table.add_column("Minutes", key="minutes")
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        """Redraw, keeping the cursor on the same exercise."""
        table = self.query_one(DataTable)
        if keep is None:
            current = self.current()
            keep = current.exercise if current else None
        self.rows = blocks(self.workshop)
        table.clear()
        for n, block in enumerate(self.rows, 1):
            table.add_row(
                cell(str(n), 3),
                cell(block.title, 44),
                cell(str(block.steps or ""), 5),
                cell(f"{block.minutes} min", 8),
                key=f"{n}:{block.exercise}",
            )
        ids = [b.exercise for b in self.rows]
        if keep and keep in ids:
            table.move_cursor(row=ids.index(keep))
        self.query_one("#agenda-hint", Static).update(
            Content("u/d move an exercise · +/- change its minutes by 5 · m types them · x drops it")
        )

    def current(self) -> Block | None:
        """The highlighted row."""
        if not self.is_mounted or not self.rows:
            return None
        row = self.query_one(DataTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def exercise_row(self) -> Block | None:
        """The highlighted exercise; breaks stay where the agenda put them."""
        block = self.current()
        if block is None:
            return None
        if not block.exercise:
            app_of(self).say("Breaks stay in place; move the exercises around them.", "warning")
            return None
        return block

    def changed(self, keep: str) -> None:
        """Redraw and tell the screen."""
        self.reload(keep)
        self.post_message(self.Changed())

    def action_move(self, offset: int) -> None:
        """Move the exercise one place earlier or later."""
        block = self.exercise_row()
        if block is not None:
            app_of(self).attempt(self.workshop.move_exercise, block.exercise, offset)
            self.changed(block.exercise)

    def action_minutes(self, delta: int) -> None:
        """Lengthen or shorten the exercise by five minutes."""
        block = self.exercise_row()
        if block is not None:
            app_of(self).attempt(self.workshop.set_exercise_minutes, block.exercise, block.minutes + delta)
            self.changed(block.exercise)

    def action_set_minutes(self) -> None:
        """Type the exercise's minutes."""
        from facilitator.tui.screens.prompt import PromptScreen

        block = self.exercise_row()
        if block is None:
            return

        def check(text: str) -> str | None:
            if not text.strip().isdigit() or int(text) < 1:
                return "Type a whole number of minutes, 1 or more."
            app_of(self).attempt(self.workshop.set_exercise_minutes, block.exercise, int(text))
            self.changed(block.exercise)
            return None

        self.app.push_screen(
            PromptScreen(
                f"Minutes for {one_line(block.title, 40)}",
                "The steps are scaled to fit:",
                str(block.minutes),
                check=check,
            )
        )

    def action_drop(self) -> None:
        """Take the exercise out of today's plan (after a yes)."""
        from facilitator.tui.screens.confirm import ConfirmScreen

        block = self.exercise_row()
        if block is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                app_of(self).attempt(self.workshop.drop_exercise, block.exercise)
                self.changed("")

        self.app.push_screen(
            ConfirmScreen(
                f"Drop {one_line(block.title, 40)} from today's plan?",
                "Anything already entered for it stays in the session file.",
                yes="Drop",
            ),
            answer,
        )
