"""Brief: talking points revealed one at a time.

The trainer talks to each point as it appears, so the room reads along rather
than ahead. How many points are showing is kept in the step's state, so a
resumed session (after a crash, or coming back from the break) shows exactly
what the room last saw.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from facilitator.model import Brief
from facilitator.tui.text import content
from facilitator.tui.widgets.base import StepView, register
from facilitator.tui.widgets.more import MoreScroll
from facilitator.tui.widgets.step_common import StatusLine, attempt


@register
class BriefView(StepView):
    """The step's instructions, then its points, revealed with ↓ and taken back with ↑."""

    kind = "brief"
    can_focus = True

    DEFAULT_CSS = """
    BriefView { padding: 0 1; }
    BriefView > .brief--instructions { color: $text-muted; text-style: italic; margin-bottom: 1; }
    BriefView > MoreScroll { height: 1fr; }
    BriefView .brief--point { padding: 0 1 0 4; color: $foreground; text-style: bold; }
    BriefView.-roomy .brief--point { margin-bottom: 1; }
    BriefView .brief--point.-hidden { display: none; }
    BriefView .brief--point.-latest { text-style: bold; color: $text-accent; background: $boost; }
    BriefView > .brief--count { color: $text-muted; height: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "reveal", "Next point", id="brief.reveal"),
        Binding("up", "hide", "Hide point", id="brief.hide"),
    ]

    @property
    def points(self) -> list[str]:
        """The points in the exercise file's order."""
        step = self.step
        return list(step.points) if isinstance(step, Brief) else []

    @property
    def revealed(self) -> int:
        """How many points the room can see now (kept in the step's state)."""
        count = self.workshop.state(self.key).points_shown
        return max(0, min(count, len(self.points)))

    def compose(self) -> ComposeResult:
        step = self.step
        if step is not None and step.instructions.strip():
            yield Static(content(step.instructions.strip()), classes="brief--instructions")
        with MoreScroll():
            for number, point in enumerate(self.points, 1):
                yield Static(content(f"{number}.  {point}"), classes="brief--point")
        yield Static(classes="brief--count")
        yield StatusLine()

    def on_mount(self) -> None:
        self._show()
        if self.app.focused is None:
            self.focus()

    def on_resize(self) -> None:
        self.set_class(self.size.height >= 2 * len(self.points) + 6, "-roomy")

    def _show(self) -> None:
        shown = self.revealed
        widgets = list(self.query(".brief--point").results(Static))
        for index, widget in enumerate(widgets):
            widget.set_class(index >= shown, "-hidden")
            widget.set_class(index == shown - 1, "-latest")
        if shown and widgets:
            widgets[shown - 1].scroll_visible(animate=False)
        total = len(self.points)
        if total == 0:
            note = "No points in this brief."
        elif shown == 0:
            note = f"{total} points to come" + ("." if self.room else ": press ↓ to show the first.")
        elif shown < total:
            note = f"{shown} of {total} points shown"
        else:
            note = f"All {total} points shown"
        self.query_one(".brief--count", Static).update(content(note))

    def _set(self, count: int) -> None:
        ok, _ = attempt(self.query_one(StatusLine), lambda: self.workshop.reveal_points(self.key, count))
        if ok:
            self._show()
            self.saved("revealed")

    def action_reveal(self) -> None:
        """Show the next point."""
        if self.revealed < len(self.points):
            self._set(self.revealed + 1)

    def action_hide(self) -> None:
        """Take the last shown point back (a mis-press in front of the room)."""
        if self.revealed > 0:
            self._set(self.revealed - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return True if self.revealed < len(self.points) else None
        if action == "hide":
            return True if self.revealed > 0 else None
        return True

    def refresh_view(self) -> None:
        self._show()
        self.refresh_bindings()
