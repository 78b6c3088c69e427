"""Timer: a timed activity with nothing to record, so the instructions fill the space.

The Run screen draws the countdown; this view only has to make the task
readable from the back row while people work (lists, sticky notes, talking
in pairs). Lines starting with "- " in the file are shown as bullets.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from facilitator.tui.text import content
from facilitator.tui.widgets.base import StepView, register
from facilitator.tui.widgets.more import MoreScroll


def instruction_lines(text: str) -> list[str]:
    """The instructions split into the lines the author wrote, bullets tidied."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return ["•  " + line[2:] if line.startswith("- ") else line for line in lines if line]


@register
class TimerView(StepView):
    """The instructions, large and spaced, one line of the file per paragraph."""

    kind = "timer"
    can_focus = True

    DEFAULT_CSS = """
    TimerView { padding: 1 2; }
    TimerView MoreScroll { height: 1fr; }
    TimerView .timer--line { text-style: bold; color: $foreground; margin-bottom: 1; }
    TimerView .timer--line.-first { color: $text-accent; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "scroll(1)", "More", key_display="↓", id="timer.scroll_down"),
        Binding("up", "scroll(-1)", "Back up", key_display="↑", id="timer.scroll_up"),
    ]

    def compose(self) -> ComposeResult:
        step = self.step
        lines = instruction_lines(step.instructions) if step is not None else []
        with MoreScroll():
            for index, line in enumerate(lines):
                yield Static(content(line), classes="timer--line" + (" -first" if index == 0 else ""))

    def on_mount(self) -> None:
        if self.app.focused is None:
            self.focus()

    def on_resize(self) -> None:
        self.refresh_keys_later()

    def action_scroll(self, lines: int) -> None:
        """Scroll instructions too long for the screen."""
        scroller = self.query_one(MoreScroll)
        scroller.scroll_to(y=scroller.scroll_y + 3 * lines, animate=False)
        self.refresh_keys_later()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "scroll":
            scroller = self.query_one(MoreScroll)
            if int(str(parameters[0])) > 0:
                return scroller.scroll_y < scroller.max_scroll_y
            return scroller.scroll_y > 0
        return True
