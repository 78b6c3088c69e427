"""The room display: what the projector shows when the trainer's console is on the laptop.

It opens the session read-only and follows the console's saves (a `stat` of
the session file every few hundredths of a second, a reread when it changed):
steps, reveals, rounds, countdowns, entries, votes and blanking. It draws the
same step views as the console, in their room form: no forms, no cursor, no
keys that change anything, and never a private step's content or a
half-typed entry, which stay on the laptop. During a timer step or a break
the countdown fills the window.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widget import Widget

from facilitator.engine import Session
from facilitator.engine.presence import Beacon
from facilitator.model import Timer
from facilitator.tui.widgets.agenda_strip import AgendaStrip
from facilitator.tui.widgets.base import StepView
from facilitator.tui.widgets.blank import Blank
from facilitator.tui.widgets.break_view import after_break_line, break_title
from facilitator.tui.widgets.clock_view import ClockView
from facilitator.tui.widgets.countdown import Countdown
from facilitator.tui.widgets.room_views import room_view_for_slot

#: How often the display looks for the console's saves: a `stat` each time.
FOLLOW_SECONDS = 0.02
#: How often the countdown is redrawn.
TICK_SECONDS = 0.2


class RoomScreen(Screen[None]):
    """One session, as the room sees it."""

    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "clock", "Big clock", id="room.clock"),
        Binding("q", "app.quit", "Quit", id="room.quit"),
    ]

    #: None: the clock follows the step (timer steps and breaks); True/False: this display's choice.
    clock_choice: bool | None = None

    def __init__(self, workshop: Session, beacon: Beacon | None = None) -> None:
        super().__init__()
        self.workshop = workshop
        self.beacon = beacon
        self._view: Widget | None = None
        self._shown_at: tuple[int, str] | None = None
        self._last_remaining: float | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="run-top"):
            yield AgendaStrip(id="strip", room=True)
            yield Countdown(id="countdown", room=True)
        with Container(id="run-body"):
            yield Container(id="step-area")
        yield ClockView(id="clock", room=True)
        yield Blank(id="blank")

    def on_mount(self) -> None:
        """Draw where the console is, then keep following it."""
        self.show_slot()
        self.set_interval(FOLLOW_SECONDS, self.follow)
        self.set_interval(TICK_SECONDS, self.tick)

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        """Nothing on the room display takes the keyboard: only its own few keys work."""
        super().set_focus(None, scroll_visible, from_app_focus)

    def follow(self) -> None:
        """Pick up the console's last save; a new step is drawn anew, anything else redrawn in place."""
        if not self.workshop.follow():
            return
        if self._shown_at != (self.workshop.position, self.workshop.current.key):
            self.show_slot()
            return
        view = self._view
        if isinstance(view, StepView) and not view.failed:
            view.refresh_view()
        self.tick()

    def show_slot(self) -> None:
        """Replace the step's view with the current slot's."""
        self._shown_at = (self.workshop.position, self.workshop.current.key)
        self._last_remaining = None
        area = self.query_one("#step-area", Container)
        area.remove_children()
        self._view = room_view_for_slot(self.workshop, self.workshop.current.key)
        area.mount(self._view)
        self.show_clock()
        self.tick()

    def big_clock(self) -> bool:
        """The clock fills the window on a timer step or a break, unless this display chose otherwise."""
        if self.clock_choice is not None:
            return self.clock_choice
        slot = self.workshop.current
        return slot.is_break or isinstance(self.workshop.step(slot.key), Timer)

    def show_clock(self) -> None:
        """Put the full-window clock up or down, with the slot's title and what comes after it."""
        on = self.big_clock()
        self.set_class(on, "-clock")
        if on:
            slot = self.workshop.current
            if slot.is_break:
                self.query_one(ClockView).label(
                    break_title(self.workshop, slot.key), after_break_line(self.workshop, slot.key)
                )
            else:
                self.query_one(ClockView).label(slot.title)

    def tick(self) -> None:
        """The countdown, the blanking, and the beacon that tells the console this display is here."""
        state = self.workshop.timer()
        self.query_one(Countdown).show(state)
        clock = self.query_one(ClockView)
        if self.has_class("-clock"):
            clock.show(state)
        self.query_one(AgendaStrip).show(self.workshop)
        self.set_class(self.workshop.blanked, "-blank")
        last, self._last_remaining = self._last_remaining, state.remaining
        if last is not None and state.running and last > 0 >= state.remaining:
            self.query_one(Countdown).flash()
            clock.flash()
        if self.beacon is not None:
            self.beacon.refresh()

    def on_step_view_failed(self, message: StepView.Failed) -> None:
        """A view that cannot be drawn here shows the step's title only; the console says why."""
        message.stop()
        message.view.display = False

    def action_clock(self) -> None:
        """This display's own choice: the big clock, or the step."""
        self.clock_choice = not self.big_clock()
        self.show_clock()
        self.tick()
