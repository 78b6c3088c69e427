"""The blanked screen: nothing at all, like B in slide software.

When the trainer wants the room's eyes on them, not on the screen, the Run
screen hides everything (the footer too) and shows only this. It draws no
text, so nothing can be read from it however bright the projector.
"""

from __future__ import annotations

from textual.widget import Widget


class Blank(Widget):
    """An empty, black area that fills the screen."""

    def render(self) -> str:
        """Nothing."""
        return ""
