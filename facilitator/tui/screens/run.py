"""The Run screen: what the room sees, and the trainer's controls for the day.

Top band: the agenda strip (where we are, how late we run) and the big
countdown. Below: the current step's view, from the step widget registered
for its kind; private steps show progress only; breaks show their own
countdown. Keys are chosen for one hand and a presentation clicker: PgDn/PgUp
(what clickers send) move on and back, and stay usable while a step's text
field has the focus; arrows do too when nothing else wants them. Letters and
digits, Enter, up/down and Tab are left to the step widgets.
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
from facilitator.tui.screens.run_keys import RUN_KEYS
from facilitator.tui.widgets.agenda_strip import AgendaOutline, AgendaStrip
from facilitator.tui.widgets.base import StepView
from facilitator.tui.widgets.blank import Blank
from facilitator.tui.widgets.break_view import BreakView
from facilitator.tui.widgets.countdown import Countdown
from facilitator.tui.widgets.join_panel import JoinPanel
from facilitator.tui.widgets.private_step import can_pass_keyboard, view_for_slot
from facilitator.tui.widgets.step_problem import StepProblem, details

TICK_SECONDS = 0.2
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
        yield Blank(id="blank")
        yield JoinPanel(id="join-panel")  # issue 11: QR code and "N phones joined" while join is on
        yield RoomFooter()

    def on_mount(self) -> None:
        """Start the clock on the current step (resume: exactly where it was) and draw it."""
        if not self.workshop.readonly:
            app_of(self).attempt(self.workshop.begin)
        self.show_slot()
        self.set_interval(TICK_SECONDS, self.tick)

    def on_resize(self) -> None:
        """Big screens get the day's outline; narrow ones keep every column for the step."""
        self.set_class(self.size.width >= WIDE[0] and self.size.height >= WIDE[1], "-wide")

    # ----- drawing ------------------------------------------------------------------------------

    def step_view(self) -> Widget | None:
        """The view in the step area now."""
        return self._view

    def make_view(self) -> Widget:
        """The widget for the current slot: break, private, registered or instructions."""
        return view_for_slot(self.workshop, self.workshop.current.key, app_of(self).say)

    def show_slot(self) -> None:
        """Redraw everything for the current slot.

        The strip, countdown and outline change at once and the room sees the
        move in the very next frame; the step view, which can take a while to
        build, is mounted after that frame (see `mount_view`). The old view is
        hidden at once but removed a moment later: a view may still have work
        queued for after the next refresh, and removing it under that work
        would crash.
        """
        self._generation += 1
        self._last_remaining = None
        self._view = None
        self.set_class(self.workshop.current.is_break, "-break")
        self.query_one(AgendaOutline).show(self.workshop)
        for widget in self.query_one("#step-area", Container).children:
            widget.display = False
        self.tick()
        self.refresh_bindings()
        self.call_after_refresh(self.mount_view, self._generation)

    async def mount_view(self, generation: int) -> None:
        """Build and show the current slot's view, unless the trainer has moved on again."""
        if generation != self._generation or not self.is_attached:
            return
        area = self.query_one("#step-area", Container)
        old = list(area.children)
        view = self.make_view()
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
        where = f"step {view.key} of {self.workshop.id}"
        log = app_of(self).workspace.log_problem(where, details(message.error))
        title = next((s.title for s in self.workshop.plan if s.key == view.key), view.key)
        problem = StepProblem(title, message.error, log)
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
        view = self.step_view()
        if isinstance(view, BreakView):
            view.show_timer(state)
        else:
            self.query_one(Countdown).show(state)
        self.query_one(AgendaStrip).show(self.workshop)
        last, self._last_remaining = self._last_remaining, state.remaining
        if last is not None and state.running and last > 0 >= state.remaining:
            self.app.bell()
            (view if isinstance(view, BreakView) else self.query_one(Countdown)).flash()

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

    # ----- what the footer offers ------------------------------------------------------------------

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

    # ----- navigation --------------------------------------------------------------------------------

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
        """Move to slot `index`: shown in the next frame, saved right after it.

        The engine's save (a whole-file write with fsync) takes longer than a
        frame on a big session, so the strip and countdown show the new step
        first and the move is committed after that frame is drawn.
        """
        if not 0 <= index < len(self.workshop.plan):
            return
        self._target = index
        self._generation += 1
        self.preview(index)
        self.call_after_refresh(self.commit, index, self._generation)

    def preview(self, index: int) -> None:
        """The strip and countdown of slot `index`, before the engine has moved."""
        slot = self.workshop.plan[index]
        self.set_class(slot.is_break, "-break")
        for widget in self.query_one("#step-area", Container).children:
            widget.display = False
        self._view = None
        self.query_one(AgendaStrip).show(self.workshop, index)
        self.query_one(Countdown).show(self.workshop.timer(slot.key))

    def commit(self, index: int, generation: int) -> None:
        """Save the move (unless a newer one replaced it) and build the step's view."""
        if generation != self._generation or not self.is_attached:
            return
        self._target = None
        self.command(self.workshop.go, index)
        self.show_slot()

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

    # ----- blank, people, pass the keyboard ------------------------------------------------------------

    def action_blank(self) -> None:
        """B: everything off; B again: everything back, focus included."""
        self.blanked = not self.blanked
        if self.blanked:
            self._before_blank = self.focused
            self.set_focus(None)
        self.set_class(self.blanked, "-blank")
        if not self.blanked and self._before_blank is not None and self._before_blank.is_attached:
            self._before_blank.focus()
        self.refresh_bindings()

    def action_people(self) -> None:
        """p: who is here; late arrivals and leavers without leaving the room view."""
        from facilitator.tui.screens.people import PeopleScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.refresh_step()

        self.app.push_screen(PeopleScreen(self.workshop), closed)

    def add_late_arrival(self) -> None:
        """From the palette: straight to the late-arrival form."""
        from facilitator.tui.screens.roster_edit import RosterEditScreen

        def save(values: dict[str, str]) -> str | None:
            try:
                self.workshop.add_participant(
                    values["name"], values["team"], values["role"], values["email"], values["status"]
                )
            except SessionError as exc:
                return str(exc)
            self.refresh_step()
            return None

        self.app.push_screen(RosterEditScreen("Late arrival", {"status": "late"}, save))

    def action_pass_keyboard(self) -> None:
        """k: each participant types their private entry on a screen of their own."""
        from facilitator.tui.screens.pass_keyboard import PassKeyboardScreen

        if not self.private_capture():
            return

        def back(_: object) -> None:
            self.refresh_step()

        self.app.push_screen(PassKeyboardScreen(self.workshop, self.workshop.current.key), back)

    def open_setup(self) -> None:
        """Agenda and roster changes in the middle of the day."""
        from facilitator.tui.screens.setup import SetupScreen

        self.app.switch_screen(SetupScreen(self.workshop))

    def action_finish(self) -> None:
        """End of the day: after a yes, book the time and show the wrap-up."""
        from facilitator.tui.screens.confirm import ConfirmScreen
        from facilitator.tui.screens.wrapup import WrapUpScreen

        def answer(yes: bool | None) -> None:
            if yes and self.command(self.workshop.finish):
                self.app.switch_screen(WrapUpScreen(self.workshop))

        self.app.push_screen(
            ConfirmScreen(
                "Finish the workshop?",
                "The timer stops and the wrap-up opens. You can come back.",
                yes="Finish",
            ),
            answer,
        )
