"""Text boxes for forms: one line that keeps every pasted line, and a box for long answers.

Textual's `Input` keeps only the first line of a paste: three lines pasted
into a title silently lost two. `LineInput` keeps them all, joined with
spaces, and says so (`Joined`), since a one-line field cannot hold line
breaks. Both boxes show a pasted control character (an escape) as its
visible symbol, as every view does, so it never reaches the terminal.
Long answers (`kind = "long"` fields) use `LongText`, a TextArea in
which lines make sense: Enter starts a new line and a paste keeps its lines.
Neither selects its text when it gets the focus, so the next key typed adds
to what is there instead of replacing it.
"""

from __future__ import annotations

import re

from textual import events
from textual.message import Message
from textual.widgets import Input, TextArea

from facilitator.tui.text import safe

_LINE_BREAKS = re.compile(r"\r\n|\r")


class LineInput(Input):
    """An `Input` that joins pasted lines instead of dropping all but the first."""

    class Joined(Message):
        """A paste of several lines was joined into one; the form says so."""

        def __init__(self, field: LineInput, lines: int) -> None:
            super().__init__()
            self.field = field
            self.lines = lines

        @property
        def control(self) -> LineInput:
            """The field pasted into."""
            return self.field

    def __init__(self, value: str = "", **kwargs: object) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value, **kwargs)  # type: ignore[arg-type]

    def _on_paste(self, event: events.Paste) -> None:
        # Every line kept, joined; control characters (an escape, say) shown, never sent on.
        event.stop()
        event.prevent_default()
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        text = safe(" ".join(lines) if len(lines) > 1 else event.text.replace("\n", "").replace("\r", ""))
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)
        if len(lines) > 1:
            self.post_message(self.Joined(self, len(lines)))


class LongText(TextArea):
    """A few lines for a long answer; grows to its `max-height`, then scrolls."""

    DEFAULT_CSS = """
    LongText { height: auto; min-height: 1; max-height: 4; padding: 0; }
    """

    def __init__(
        self, text: str = "", *, placeholder: str = "", id: str | None = None, classes: str = ""
    ) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            compact=True,
            highlight_cursor_line=False,
            placeholder=placeholder,
            id=id,
            classes=classes,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+z is the form's "undo the last entry", as in every other field; not undo typing."""
        if action in ("undo", "redo"):
            return False
        return super().check_action(action, parameters)

    @property
    def value(self) -> str:
        """The text, under the name every other field uses."""
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text)
        self.move_cursor(self.document.end)

    async def _on_paste(self, event: events.Paste) -> None:
        # Every line is kept; control characters (an escape, say) are shown, never sent on.
        event.stop()
        event.prevent_default()
        lines = _LINE_BREAKS.sub("\n", event.text).split("\n")
        if result := self._replace_via_keyboard("\n".join(safe(line) for line in lines), *self.selection):
            self.move_cursor(result.end_location)
