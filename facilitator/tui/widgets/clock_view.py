"""The full-window countdown: a title, the big digits, a word on the timer, and one line under it.

The Run screen shows it during breaks (people glance at the wall from the
coffee queue) and whenever the trainer presses the clock key during a timed
activity; the room display reuses it as is. It draws what it is given (a
`TimerState` and two lines of text) and reads nothing itself.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from facilitator.engine.timing import TimerState
from facilitator.tui.text import plain
from facilitator.tui.widgets.big_clock import BigClock
from facilitator.tui.widgets.countdown import timer_words


class ClockView(Vertical):
    """Title, `BigClock`, the timer in words, and a caption such as "After the break: …"."""

    DEFAULT_CSS = """
    ClockView { height: 1fr; width: 1fr; padding: 0 1; }
    ClockView > .clock--title {
        height: 1; width: 1fr; text-align: center; text-style: bold; color: $primary;
    }
    ClockView > BigClock { margin: 1 0 0 0; }
    ClockView > .clock--words { height: 1; width: 1fr; text-align: center; color: $text-muted; }
    ClockView > .clock--caption { height: auto; width: 1fr; text-align: center; text-style: bold; }
    ClockView.-overtime > .clock--words { color: $warning; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None, room: bool = False) -> None:
        super().__init__(id=id)
        #: On the room display: no key names in the words.
        self.room = room

    def compose(self) -> ComposeResult:
        yield Static("", classes="clock--title", markup=False)
        yield BigClock()
        yield Static("", classes="clock--words", markup=False)
        yield Static("", classes="clock--caption", markup=False)

    def label(self, title: str, caption: str = "") -> None:
        """The line above the digits and the one below them (user text, shown literally)."""
        width = max(10, (self.size.width or self.app.size.width) - 2)
        self.query_one(".clock--title", Static).update(plain(title, width))
        caption_line = self.query_one(".clock--caption", Static)
        caption_line.update(plain(caption, 3 * width))
        caption_line.display = bool(caption.strip())

    def show(self, state: TimerState) -> None:
        """Draw `state` (cheap when nothing changed: called several times a second)."""
        self.query_one(BigClock).show(state)
        words = self.query_one(".clock--words", Static)
        text = timer_words(state, room=self.room)
        if str(words.content) != text:
            words.update(plain(text))
        self.set_class(state.overtime, "-overtime")

    def flash(self) -> None:
        """Time is up."""
        self.query_one(BigClock).flash()

    @property
    def digit_rows(self) -> int:
        """How many rows the digits take now (for tests and the room display)."""
        return len(self.query_one(BigClock).lines())
