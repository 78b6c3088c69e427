"""The big countdown the back row reads: MM:SS in `Digits`, and a word on its state.

It only draws a `TimerState`; the Run screen reads the engine and calls
`show`, so the countdown is always what the session file says (a resumed
session shows exactly what the room last saw). Past zero it keeps counting,
upwards with a "+", in the warning colour; `flash` makes the zero moment
impossible to miss.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Digits, Static

from facilitator.engine.timing import TimerState, clock_text

FLASH_SECONDS = 2.0


def timer_words(state: TimerState, *, room: bool = False) -> str:
    """The line under the digits: what the timer is doing, in words.

    The trainer's console names the key that starts it; the room display,
    which nobody there can start, does not.
    """
    planned = int(state.total // 60)
    if state.overtime:
        return f"over time · {'running' if state.running else 'paused'}"
    if state.running:
        return f"running · {planned} min"
    if state.started:
        return "paused" if room else "paused · space resumes"
    return f"{planned} min" if room else f"{planned} min · space starts"


def digits_text(state: TimerState) -> str:
    """MM:SS left, or +MM:SS over."""
    text = clock_text(state.remaining)
    return f"+{text}" if state.overtime else text


class Countdown(Vertical):
    """Digits plus a status line; classes `-running`, `-overtime`, `-flash` drive the colours."""

    def __init__(self, *, id: str | None = None, room: bool = False) -> None:
        super().__init__(id=id)
        #: On the room display: no key names in the words.
        self.room = room

    def compose(self) -> ComposeResult:
        yield Digits("00:00", id="countdown-digits")
        yield Static("", id="countdown-words", markup=False)

    def show(self, state: TimerState) -> None:
        """Draw `state` (cheap when nothing changed: called several times a second)."""
        digits = self.query_one(Digits)
        text = digits_text(state)
        if digits.value != text:
            digits.update(text)
        words = self.query_one("#countdown-words", Static)
        new_words = timer_words(state, room=self.room)
        if str(words.content) != new_words:
            words.update(Content(new_words))
        self.set_class(state.running, "-running")
        self.set_class(state.overtime, "-overtime")
        self.set_class(not state.started, "-idle")

    def flash(self) -> None:
        """Time is up: invert the colours for a moment."""
        self.add_class("-flash")
        self.set_timer(FLASH_SECONDS, lambda: self.remove_class("-flash"))
