"""Where the room is: exercise, step, "step 3 of 19", and plan against actual.

The strip is the trainer's dashboard as much as the room's: a glance says
which exercise is on, how far through the day we are, and whether the day is
running late ("7 min behind"), which is when a trainer starts cutting.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from facilitator.engine import Session
from facilitator.tui.text import one_line


def strip_lines(workshop: Session, index: int | None = None) -> tuple[str, str, str]:
    """The three lines: exercise (or break), step with its place, schedule with what is next.

    `index` shows another slot than the engine's current one (a move not saved yet).
    """
    plan = workshop.plan
    position = workshop.position if index is None else index
    slot = plan[position]
    exercise = workshop.exercise(slot.key)
    place = f"step {position + 1} of {len(plan)}"
    if slot.is_break:
        first = one_line(slot.title, 80, "Break")
        second = f"Break · {place}"
    else:
        first = one_line(exercise.title if exercise else slot.exercise, 80)
        second = f"{place} · {one_line(slot.title, 80)}"
    upcoming = plan[position + 1] if position + 1 < len(plan) else None
    if upcoming is None:
        after = "last step"
    else:
        following = workshop.exercise(upcoming.key)
        name = following.title if following and following.id != slot.exercise else upcoming.title
        after = f"next: {one_line(name, 60)}"
    return first, second, f"{workshop.schedule()} · {after}"


class AgendaStrip(Vertical):
    """Three lines at the top of the Run screen; `-behind` colours the schedule.

    On the room display (`room=True`) only the first two: how late the day
    runs and what comes next are the trainer's business.
    """

    def __init__(self, *, id: str | None = None, room: bool = False) -> None:
        super().__init__(id=id)
        self.room = room
        #: On the console: how many room displays follow it (said on the third line).
        self.rooms = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="strip-exercise", markup=False)
        yield Static("", id="strip-step", markup=False)
        yield Static("", id="strip-schedule", markup=False)

    def show(self, workshop: Session, index: int | None = None) -> None:
        """Redraw from the engine (slot `index` if given); only changed lines are touched."""
        lines = strip_lines(workshop, index)
        if self.room:
            lines = (lines[0], lines[1], "")
        elif self.rooms:
            shown = "room display attached" if self.rooms == 1 else f"{self.rooms} room displays attached"
            lines = (lines[0], lines[1], f"{shown} · {lines[2]}")
        for widget_id, text in zip(("strip-exercise", "strip-step", "strip-schedule"), lines, strict=True):
            widget = self.query_one(f"#{widget_id}", Static)
            if str(widget.content) != text:
                widget.update(Content(text))
        self.set_class(not self.room and workshop.schedule_minutes() > 0, "-behind")


def outline_rows(workshop: Session) -> list[tuple[str, str, str]]:
    """(text, minutes, state) rows of the day: exercises and breaks, the current one opened up.

    `state` is "done", "current" or "" and becomes a CSS class, so the theme
    decides the colours.
    """
    plan = workshop.plan
    here = workshop.position
    current_exercise = plan[here].exercise
    rows: list[tuple[str, str, str]] = []
    index = 0
    while index < len(plan):
        slot = plan[index]
        end = index + 1
        while slot.exercise and end < len(plan) and plan[end].exercise == slot.exercise:
            end += 1
        block = plan[index:end]
        exercise = workshop.exercise(slot.key) if slot.exercise else None
        title = exercise.title if exercise else slot.title
        minutes = str(sum(s.minutes for s in block))
        state = "current" if index <= here < end else "done" if end <= here else ""
        mark = {"current": "▶ ", "done": "✓ "}.get(state, "  ")
        rows.append((mark + one_line(title, 32), minutes, state))
        if slot.exercise and slot.exercise == current_exercise:
            for offset, step in enumerate(block):
                at = index + offset
                sub = "current" if at == here else "done" if at < here else ""
                sub_mark = {"current": "▶ ", "done": "✓ "}.get(sub, "  ")
                rows.append(
                    ("    " + sub_mark + one_line(step.title, 28), str(step.minutes), f"step {sub}".strip())
                )
        index = end
    return rows


#: Theme-aware styles for the outline's rows, by state.
OUTLINE_STYLES = {
    "": "",
    "done": "$text-muted",
    "current": "bold $primary",
    "step": "$text-muted",
    "step done": "$text-muted",
    "step current": "bold $foreground on $panel",
}


class AgendaOutline(Static):
    """The whole day down the right-hand side, on screens wide enough to spare the room.

    One `Static` drawn from one `Content`, not a widget per row: it is redrawn
    on every step change, which has to stay quick.
    """

    def show(self, workshop: Session, *, trainer: bool = False) -> None:
        """Redraw the rows; with `trainer` (a room display shows the room's view) the notes first."""
        parts: list[Content] = []
        if trainer:
            for heading, text in trainer_notes(workshop):
                parts.append(Content.styled(f"{heading}\n", "bold $primary"))
                parts.append(Content(f"{text}\n\n"))
        parts.append(Content.styled("Today\n\n", "bold $primary"))
        for text, minutes, state in outline_rows(workshop):
            parts.append(Content.styled(f"{text:<38} {minutes:>3}\n", OUTLINE_STYLES.get(state, "")))
        self.update(Content("").join(parts))


#: Up to this many people present, an exercise's notes for a small group apply; from `LARGE`, for a large one.
SMALL, LARGE = 12, 24


def trainer_notes(workshop: Session) -> list[tuple[str, str]]:
    """What only the trainer reads, once the projector shows the room display: notes and what is next."""
    out: list[tuple[str, str]] = []
    plan = workshop.plan
    here = workshop.position
    exercise = workshop.exercise(plan[here].key) if plan[here].exercise else None
    if exercise is not None:
        present = len(workshop.participants(present_only=True))
        notes = [exercise.notes.strip()]
        if present <= SMALL:
            notes.append(exercise.notes_small_group.strip())
        elif present >= LARGE:
            notes.append(exercise.notes_large_group.strip())
        text = "\n".join(n for n in notes if n)
        if text:
            out.append(("Notes (not on the projector)", text))
    if here + 1 < len(plan):
        upcoming = plan[here + 1]
        out.append(("Next", f"{one_line(upcoming.title, 60)} · {upcoming.minutes} min"))
    out.append(("Schedule", workshop.schedule()))
    return out
