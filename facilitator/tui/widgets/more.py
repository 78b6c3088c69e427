"""A scrolling area that says so: "more ↓" on its last line while anything is below the fold.

On an 80x24 projector a step's text does not always fit, and a scroll bar
one cell wide is invisible from the back of the room: the room (and the
trainer) must see that there is more. The marker is docked over the area's
last line and disappears once the end is in view; the step's own key (or
the mouse wheel) scrolls.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

MORE = "more ↓"


class MoreScroll(VerticalScroll, can_focus=False):
    """A `VerticalScroll` with a "more ↓" marker while content is hidden below."""

    DEFAULT_CSS = """
    MoreScroll > .more--marker {
        dock: bottom; height: 1; width: 100%; text-align: right;
        background: $panel; color: $text-accent; text-style: bold; padding: 0 1;
        display: none;
    }
    MoreScroll > .more--marker.-shown { display: block; }
    """

    def on_mount(self) -> None:
        self.mount(Static(MORE, classes="more--marker", markup=False))
        self.call_after_refresh(self.update_marker)

    @property
    def hidden_below(self) -> bool:
        """Whether some content is below the visible part."""
        return self.scroll_y < self.max_scroll_y

    def update_marker(self) -> None:
        """Show the marker when there is more below (after a scroll, resize or new content)."""
        for marker in self.query_children(".more--marker"):
            marker.set_class(self.hidden_below, "-shown")

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.update_marker()

    def on_resize(self) -> None:
        self.update_marker()

    def scroll_lines(self, lines: int) -> None:
        """Scroll by `lines` (negative: up), at once (no animation in front of the room)."""
        self.scroll_to(y=self.scroll_y + lines, animate=False)
