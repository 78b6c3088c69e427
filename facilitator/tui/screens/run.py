"""The Run screen: what the room sees, and the trainer's controls for the day.

Top band: the agenda strip and the countdown; below, the current step's
view (see `run_keys` for the keys, `run_dialogs` for the boxes it opens).
The full-window clock takes the screen during breaks and at a key, for the
back row. With a room display attached (`facilitator room`) the projector
shows the room's view and this screen adds what only the trainer reads.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.containers import Container, Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from facilitator.engine import Session, SessionError
from facilitator.tui.app import RoomFooter, app_of
from facilitator.tui.commands import JumpCommands, PaletteCommand, jump_targets
from facilitator.tui.screens import run_dialogs
from facilitator.tui.screens.run_keys import RUN_KEYS
from facilitator.tui.widgets.agenda_strip import AgendaOutline, AgendaStrip
from facilitator.tui.widgets.base import StepView
from facilitator.tui.widgets.blank import Blank
from facilitator.tui.widgets.break_view import BreakView, after_break_line, break_title
from facilitator.tui.widgets.clock_view import ClockView
from facilitator.tui.widgets.countdown import Countdown
from facilitator.tui.widgets.join_panel import JoinPanel
from facilitator.tui.widgets.private_step import can_pass_keyboard, view_for_slot
from facilitator.tui.widgets.step_problem import problem_panel

TICK_SECONDS = 0.2
#: How often the console looks for room displays (a directory listing).
ROOM_SECONDS = 2.0
READ_ONLY_NOTE = "READ-ONLY: another window runs this session; this one follows it and saves nothing."
#: How long a replaced step view stays (hidden) before it is removed.
RETIRE_SECONDS = 2.0
#: From this size (columns, rows) the Run screen shows the day's outline beside the step.
WIDE = (130, 36)


class RunScreen(Screen[None]):
    """One workshop, projected."""

    BINDINGS: ClassVar[list[BindingType]] = RUN_KEYS

    #: Actions that still work while the screen is blank (everything else waits).
    WHILE_BLANK = frozenset({"blank", "quit", "help", "command_palette"})

    #: The big clock: None follows the slot (on during breaks), True or False is the trainer's choice.
    clock_choice: bool | None = None

    #: How many room displays follow this session (see `look_for_rooms`).
    rooms: int = 0

    def __init__(self, workshop: Session) -> None:
        super().__init__()
        self.workshop = workshop
        self.blanked = False
        self._before_blank: Widget | None = None
        self._last_remaining: float | None = None
        self._view: Widget | None = None
        self._generation = 0
        self._target: int | None = None

    def compose(self) -> ComposeResult:
        if self.workshop.readonly:
            yield Static(Content(READ_ONLY_NOTE), id="readonly-note")
        with Horizontal(id="run-top"):
            yield AgendaStrip(id="strip")
            yield Countdown(id="countdown")
        with Horizontal(id="run-body"):
            yield Container(id="step-area")
            yield AgendaOutline(id="outline")
        yield ClockView(id="clock")
        yield Blank(id="blank")
        yield JoinPanel(id="join-panel")  # issue 11: QR code and "N phones joined" while join is on
        yield RoomFooter()

    def on_mount(self) -> None:
        """Start the clock on the current step (resume: exactly where it was) and draw it."""
        if not self.workshop.readonly:
            app_of(self).attempt(self.workshop.begin)
        if self.workshop.blanked:
            self.blanked = True
            self.set_class(True, "-blank")
        self.show_slot()
        self.set_interval(TICK_SECONDS, self.tick)
        self.look_for_rooms()
        self.set_interval(ROOM_SECONDS, self.look_for_rooms)

    def on_resize(self) -> None:
        """Big screens get the day's outline; narrow ones keep every column for the step."""
        self.set_class(self.size.width >= WIDE[0] and self.size.height >= WIDE[1], "-wide")
        self.show_outline()

    def step_view(self) -> Widget | None:
        """The view in the step area now."""
        return self._view

    def show_slot(self) -> None:
        """Redraw everything for the current slot: on opening, and when a read-only window follows."""
        self._generation += 1
        self._last_remaining = None
        self.show_clock(self.workshop.position)
        self.show_outline()
        self.hide_views()
        self.tick()
        self.call_later(self.mount_view, self._generation, self.workshop.current.key)

    def hide_views(self) -> None:
        """Hide the step view at once; it is removed a moment later (see `retire`).

        A view may still have work queued for after the next refresh, and
        removing it under that work would crash.
        """
        self._view = None
        for widget in self.query_one("#step-area", Container).children:
            widget.display = False

    def show_outline(self) -> None:
        """The day's outline, drawn only where it is shown (wide screens, or beside a room display)."""
        if self.has_class("-wide") or self.rooms:
            self.query_one(AgendaOutline).show(self.workshop, trainer=bool(self.rooms))

    def look_for_rooms(self) -> None:
        """Count the room displays following this session; the console changes its role with them.

        With one attached, the projector shows the room's view, so this
        screen can show what is only for the trainer: notes, what is next,
        the time plan.
        """
        rooms = app_of(self).workspace.rooms_attached(self.workshop.id)
        if rooms != self.rooms:
            self.rooms = rooms
            self.set_class(bool(rooms), "-attached")
            self.query_one(AgendaStrip).rooms = rooms
            self.show_outline()
            self.tick()

    async def mount_view(self, generation: int, key: str) -> None:
        """Build and show slot `key`'s view, once, unless the trainer has moved on again."""
        if generation != self._generation or not self.is_attached:
            return
        area = self.query_one("#step-area", Container)
        old = list(area.children)
        view = view_for_slot(self.workshop, key, app_of(self).say)
        await area.mount(view)
        if getattr(view, "failed", False):
            return  # `on_step_view_failed` has put a problem panel in its place
        if generation != self._generation:
            view.display = False
            old.append(view)
        else:
            self._view = view
            self.tick()
            if view.can_focus:
                view.focus()
            elif self.focused is not None and self.focused not in view.query("*"):
                self.set_focus(None)
            self.refresh_bindings()
        self.set_timer(RETIRE_SECONDS, partial(self.retire, old))

    def retire(self, views: list[Widget]) -> None:
        """Remove step views that were replaced a moment ago."""
        for widget in views:
            if widget.is_attached and widget is not self._view:
                widget.remove()

    def on_step_view_failed(self, message: StepView.Failed) -> None:
        """A step view raised: one line in its place, the details in the problems log."""
        message.stop()
        view = message.view
        problem = problem_panel(app_of(self).workspace, self.workshop, view.key, message.error)
        if view is self._view or self._view is None:
            self._view = problem
        self.query_one("#step-area", Container).mount(problem)
        view.remove()
        self.set_focus(None)
        self.refresh_bindings()

    def tick(self) -> None:
        """Read the timer and schedule from the engine; ring once when the time runs out.

        A read-only window also picks up what the other window saved, and
        redraws the step when the room has moved on or something was entered.
        """
        if self._target is not None:
            return  # a move is on screen but not saved yet: keep showing it
        if self.workshop.readonly and self.workshop.follow():
            self.show_slot()
            return
        state = self.workshop.timer()
        self.query_one(Countdown).show(state)
        clock = self.query_one(ClockView)
        if self.has_class("-clock"):
            clock.show(state)
        self.query_one(AgendaStrip).show(self.workshop)
        last, self._last_remaining = self._last_remaining, state.remaining
        if last is not None and state.running and last > 0 >= state.remaining:
            self.app.bell()
            self.query_one(Countdown).flash()
            clock.flash()

    def refresh_step(self) -> None:
        """After a roster change: the view re-reads the engine, the strip too."""
        view = self.step_view()
        if isinstance(view, (StepView, BreakView)):
            view.refresh_view()
        self.tick()

    def on_step_view_changed(self, message: StepView.Changed) -> None:
        """A step widget saved something: progress and schedule may have moved."""
        self.tick()
        self.refresh_bindings()

    def private_capture(self) -> bool:
        """Whether the current step is entered by passing the keyboard round."""
        step = self.workshop.step()
        return step is not None and step.visibility == "private" and can_pass_keyboard(step)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Blank hides every key but B; pass-keyboard only on private steps; read-only can look only."""
        if self.blanked:
            return action in self.WHILE_BLANK
        if action == "pass_keyboard":
            return self.private_capture() and not self.workshop.readonly
        if action == "previous" and self.workshop.position == 0:
            return None
        if action.startswith("timer") or action == "people":
            return None if self.workshop.readonly else True
        return True

    def command(self, call: object, *args: object) -> bool:
        """Run an engine command; in a read-only window the refusal to save is not news."""
        assert callable(call)
        if self.workshop.readonly:
            with contextlib.suppress(SessionError):
                call(*args)
            return True
        done = app_of(self).attempt(lambda: call(*args) or True)
        return bool(done)

    def place(self) -> int:
        """Where the trainer is heading: a move shown but not yet saved counts."""
        return self._target if self._target is not None else self.workshop.position

    def action_next(self) -> None:
        """Next step; past the last one, offer the wrap-up."""
        if self.place() >= len(self.workshop.plan) - 1:
            self.action_finish()
            return
        self.go_to(self.place() + 1)

    def action_previous(self) -> None:
        """Previous step."""
        if self.place() > 0:
            self.go_to(self.place() - 1)

    def go_to(self, index: int) -> None:
        """Move to slot `index`: the strip, countdown and the step's view in the next frame, saved after it.

        The engine's save (a whole-file write with fsync) takes longer than a
        frame on a big session, and a view does not depend on where the
        engine stands, so the view is built at once and the move committed
        after the frame that shows it. Paging fast builds only the view the
        trainer stops on: a view whose move was overtaken is never mounted.
        With a room display attached the save comes first: the projector,
        which follows the saves, is what the room is looking at.
        """
        if not 0 <= index < len(self.workshop.plan):
            return
        self._target = index
        self._generation += 1
        self.preview(index)
        if self.rooms:
            # The room display on the projector waits for the save: it goes first.
            self.call_later(self.commit, index, self._generation)
        self.call_later(self.mount_view, self._generation, self.workshop.plan[index].key)
        if not self.rooms:
            self.call_after_refresh(self.commit, index, self._generation)

    def preview(self, index: int) -> None:
        """The strip and countdown of slot `index`, before the engine has moved."""
        slot = self.workshop.plan[index]
        self.hide_views()
        self.query_one(AgendaStrip).show(self.workshop, index)
        state = self.workshop.timer(slot.key)
        self.query_one(Countdown).show(state)
        self.clock_choice = None
        if self.show_clock(index):
            self.query_one(ClockView).show(state)

    def commit(self, index: int, generation: int) -> None:
        """Save the move (unless a newer one replaced it); then the schedule and the keys follow."""
        if generation != self._generation or not self.is_attached:
            return
        self._target = None
        self.command(self.workshop.go, index)
        self._last_remaining = None
        self.show_outline()
        self.tick()
        self.refresh_bindings()

    def action_jump(self) -> None:
        """A searchable list of every step and exercise."""
        self.app.push_screen(CommandPalette(providers=[JumpCommands], placeholder="Go to step or exercise…"))

    def jump_commands(self, discover: bool = True) -> Iterable[PaletteCommand]:
        """Every exercise (to its first step) and every step, for `g` and the palette."""
        return jump_targets(self.workshop, self.go_to, discover)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """The Run screen's commands for ctrl+p (listed in `run_commands`)."""
        from facilitator.tui.screens.run_commands import run_screen_commands

        return run_screen_commands(self)

    # ----- timer --------------------------------------------------------------------------------------

    def show_clock(self, index: int) -> bool:
        """Show or hide the full-window clock for slot `index`; whether it is shown."""
        slot = self.workshop.plan[index]
        shown = slot.is_break if self.clock_choice is None else self.clock_choice
        self.set_class(slot.is_break, "-break")
        if shown:
            clock = self.query_one(ClockView)
            if slot.is_break:
                clock.label(break_title(self.workshop, slot.key), after_break_line(self.workshop, slot.key))
            else:
                exercise = self.workshop.exercise(slot.key)
                clock.label(f"{exercise.title if exercise else slot.exercise} · {slot.title}")
        self.set_class(shown, "-clock")
        return shown

    def action_clock(self) -> None:
        """c: the countdown over the whole window, or back to the step (breaks start with it on)."""
        self.clock_choice = not self.has_class("-clock")
        if self.show_clock(self.place()):
            self.query_one(ClockView).show(self.workshop.timer(self.workshop.plan[self.place()].key))
        self.refresh_bindings()

    def action_timer_toggle(self) -> None:
        """Space: start or pause the countdown."""
        self.command(self.workshop.toggle_timer)
        self.tick()

    def action_timer_adjust(self, minutes: int) -> None:
        """+ and -: a minute more or less."""
        self.command(self.workshop.adjust_timer, minutes)
        self.tick()

    def action_timer_reset(self) -> None:
        """r: back to the planned time, stopped."""
        self.command(self.workshop.reset_timer)
        self._last_remaining = None
        self.tick()

    def action_blank(self) -> None:
        """B: everything off; B again: everything back, focus included (room displays follow)."""
        self.blanked = not self.blanked
        if not self.workshop.readonly:
            app_of(self).attempt(self.workshop.set_blanked, self.blanked)
        if self.blanked:
            self._before_blank = self.focused
            self.set_focus(None)
        self.set_class(self.blanked, "-blank")
        if not self.blanked and self._before_blank is not None and self._before_blank.is_attached:
            self._before_blank.focus()
        self.refresh_bindings()

    def action_room_display(self) -> None:
        """o: the line that starts a room display, and a new window for it where the terminal allows."""
        run_dialogs.room_display(self)

    def action_people(self) -> None:
        """p: who is here; late arrivals and leavers without leaving the room view."""
        run_dialogs.people(self)

    def action_pass_keyboard(self) -> None:
        """k: each participant types their private entry on a screen of their own."""
        if self.private_capture():
            run_dialogs.pass_keyboard(self)

    def action_finish(self) -> None:
        """End of the day: after a yes, book the time and show the wrap-up."""
        run_dialogs.finish(self)
