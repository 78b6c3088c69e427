"""The Facilitator app: which screen is up, the open workshop, themes and keys.

The app owns the one open `Session` and the screens show it. Screens change
it only through the engine, wrapped in `attempt`, so a refused command (a
read-only session, a step that does not exist) becomes a one-line
notification instead of a traceback in front of the room.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

from facilitator.engine import (
    Clock,
    DiskFull,
    Library,
    Session,
    SessionDamaged,
    SessionError,
    SessionLocked,
    Workspace,
    utc_now,
)
from facilitator.tui.commands import FacilitatorCommands
from facilitator.tui.join import JoinControl
from facilitator.tui.keyboard import KeyGate
from facilitator.tui.keys import KEYMAP_FILE, load_keymap
from facilitator.tui.themes import DEFAULT_THEME, PROJECTOR_THEMES, VARIABLE_DEFAULTS, next_projector_theme
from facilitator.tui.widgets.room_footer import RoomFooter

__all__ = ["FacilitatorApp", "RoomFooter", "app_of"]

T = TypeVar("T")

#: Set to 1 for no animations and no blinking cursor (recordings, benchmarks).
STILL_ENV = "FACILITATOR_STILL"

#: Where handouts go, inside the data folder: one folder per session.
HANDOUTS_DIR = "handouts"


class FacilitatorApp(App[int]):
    """The projected workshop app. `return_code` is the exit status for the CLI."""

    CSS_PATH = "app.tcss"
    TITLE = "Facilitator"
    COMMANDS = App.COMMANDS | {FacilitatorCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False),
        Binding("ctrl+p", "command_palette", "Commands", id="app.command_palette", priority=True, show=False),
        Binding("question_mark", "help", "Help", id="app.help", key_display="?"),
        # F1 too, for forms, where ? is typed into the field rather than opening help.
        Binding("f1", "help", "Help", id="app.help_f1", key_display="F1", show=False),
        Binding("t", "toggle_theme", "Dark/light", id="app.theme", show=False),
        Binding("ctrl+t", "change_theme", "All themes", id="app.themes", show=False),
    ]

    def __init__(
        self,
        workspace: Workspace,
        library: Library | Callable[[], Library],
        workshop: Session | None = None,
        *,
        clock: Clock = utc_now,
        still: bool | None = None,
        damaged: tuple[str, str] | None = None,
        demo: bool = False,
        join: bool = False,
        join_host: str | None = None,
        join_port: int | None = None,
    ) -> None:
        """`library` may be a function that loads it (called when first needed);
        `clock` is passed to every session this app opens or creates; `still`
        turns off animations and blinking cursors (tests, snapshots, screen
        recordings); by default it follows the FACILITATOR_STILL=1 environment variable.
        `damaged` is (session id, what is wrong) for a session whose backup to offer;
        `demo` says the session lives in a temporary folder, gone after quitting.
        `join` turns joining from phones on as the session opens, on `join_host`
        (default: the laptop's LAN address) and `join_port` (default: the first free from 8765)."""
        super().__init__()
        #: Joining from phones: off until the trainer turns it on (see `tui/join.py`).
        self.join = JoinControl(self, join_host, join_port)
        self._join_at_start = join
        self.workspace = workspace
        self._library = library
        self.workshop = workshop
        self.damaged = damaged
        self.demo = demo
        self.clock = clock
        self.still = os.environ.get(STILL_ENV) == "1" if still is None else still
        if workshop is not None:
            workshop.clock = clock if clock is not utc_now else workshop.clock
        for theme in PROJECTOR_THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME
        if self.still:
            self.animation_level = "none"
        #: Holds keys typed while the app still acts on one that moves the focus.
        self.key_gate = KeyGate(self, super().on_event)

    @property
    def library(self) -> Library:
        """The exercise library, loaded the first time a screen needs it.

        `facilitator run` never does (a session holds its own copy of its
        exercises), so its first frame does not wait for the files to load.
        """
        if callable(self._library):
            self._library = self._library()
        return self._library

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Our own stylesheet variables, so they exist under Textual's themes too."""
        return dict(VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        """Load the trainer's keymap, then open the first screen."""
        keymap, problem = load_keymap(self.workspace.root / KEYMAP_FILE)
        if keymap:
            self.set_keymap(keymap)
        if problem:
            self.say(problem, "warning")
        if self.workshop is not None:
            self.push_screen(self.screen_for(self.workshop, run=True))
            self.announce(self.workshop)
            if self._join_at_start:
                self.action_toggle_join()
        elif self.damaged is not None:
            from facilitator.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())
            self.offer_backup(*self.damaged, run=True)
        else:
            from facilitator.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())

    async def on_event(self, event: events.Event) -> None:
        """Keys typed faster than the app acts on them wait their turn (see `keyboard.KeyGate`)."""
        if not await self.key_gate.take(event):
            await super().on_event(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """In still mode no cursor blinks, so snapshots and recordings are stable."""
        if self.still and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    # ----- talking to the trainer --------------------------------------------------------

    def say(self, text: str, severity: str = "information", timeout: float = 6) -> None:
        """A one-line notification of text that may contain user input: never markup."""
        level = severity if severity in ("information", "warning", "error") else "information"
        self.notify(" ".join(text.split()), markup=False, severity=level, timeout=timeout)  # type: ignore[arg-type]

    def attempt(self, command: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run an engine command; a refusal becomes one line on screen and None.

        This is where the app handles the engine's one error type. A full disk
        asks to retry the same command once space is free (Enter retries).
        """
        try:
            return command(*args, **kwargs)
        except DiskFull as exc:
            self.offer_retry(str(exc), lambda: self.attempt(command, *args, **kwargs))
            return None
        except SessionError as exc:
            self.say(str(exc), "error")
            return None

    def offer_retry(self, problem: str, retry: Callable[[], object]) -> None:
        """A change was not saved for lack of space: say so until the trainer retries or gives up."""
        from facilitator.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                retry()

        self.push_screen(
            ConfirmScreen("The change was not saved", problem, yes="Retry", no="Not now"), answer
        )

    def announce(self, workshop: Session) -> None:
        """Tell the trainer, once, that this session is read-only or was recovered."""
        if workshop.recovered:
            self.say(workshop.recovered, "warning", timeout=15)
        if workshop.readonly:
            self.say(
                "Read-only: this session is open in another window; nothing you do here is saved.",
                "warning",
                timeout=15,
            )

    # ----- sessions and screens ------------------------------------------------------------

    def open_session(self, session_id: str) -> Session | None:
        """Open a session; if another window has it, open it read-only and say so.

        A damaged file with a good backup is not opened: the trainer is asked
        whether to restore the backup (see `offer_backup`).
        """
        try:
            return self.workspace.open(session_id, clock=self.clock)
        except SessionLocked:
            return self.attempt(self.workspace.open, session_id, readonly=True, clock=self.clock)
        except SessionDamaged as exc:
            if exc.backup_saved is not None:
                self.offer_backup(session_id, str(exc))
            else:
                self.say(str(exc), "error", timeout=20)
            return None
        except SessionError as exc:
            self.say(str(exc), "error")
            return None

    def offer_backup(self, session_id: str, problem: str, *, run: bool = False) -> None:
        """Ask before restoring a damaged session's backup; the damaged file is kept, set aside."""
        from facilitator.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            workshop = self.attempt(self.workspace.open, session_id, restore_backup=True, clock=self.clock)
            if workshop is not None:
                self.adopt(workshop, self.screen_for(workshop, run=run))

        self.push_screen(
            ConfirmScreen(
                "This session's file is damaged",
                f"{problem}. Restore the backup? The damaged file is kept beside it, renamed.",
                yes="Restore the backup",
            ),
            answer,
        )

    def adopt(self, workshop: Session, screen: Screen[Any] | None = None) -> None:
        """Make `workshop` the open one (closing any other) and show `screen` or its own."""
        if self.workshop is not None and self.workshop is not workshop:
            self.close_workshop()
        self.workshop = workshop
        self.switch_screen(screen or self.screen_for(workshop))
        self.announce(workshop)

    def screen_for(self, workshop: Session, *, run: bool = False) -> Screen[Any]:
        """Wrap-up for a finished session, Setup for one not started (unless `run`), else Run.

        `facilitator run SESSION` and the demo pass `run=True`: the trainer asked for the room view.
        """
        status = workshop.status
        if status == "setup" and not run and not workshop.readonly:
            from facilitator.tui.screens.setup import SetupScreen

            return SetupScreen(workshop)
        if status == "finished":
            from facilitator.tui.screens.wrapup import WrapUpScreen

            return WrapUpScreen(workshop)
        from facilitator.tui.screens.run import RunScreen

        return RunScreen(workshop)

    def go_home(self) -> None:
        """Close the session and show the list of sessions."""
        from facilitator.tui.screens.home import HomeScreen

        self.close_workshop()
        self.switch_screen(HomeScreen())

    def keep_drafts(self) -> None:
        """Every open form keeps what is typed in it (before a quit or closing the session).

        A capture form keeps a draft; Setup saves its details, as leaving a field would.
        """
        from facilitator.tui.screens.setup import SetupScreen
        from facilitator.tui.widgets.capture_drafts import DraftKeeping

        for screen in self.screen_stack:
            if isinstance(screen, SetupScreen):
                screen.save_details()
            for form in screen.query(DraftKeeping).results(DraftKeeping):
                form.keep_draft()

    def close_workshop(self) -> None:
        """Release the session file (the engine books the time spent on the current step).

        Joining from phones ends with the session: its token stops working at once.
        """
        self.join.halt()
        if self.workshop is not None:
            self.keep_drafts()
            workshop, self.workshop = self.workshop, None
            try:
                workshop.close()
            except SessionError as exc:
                self.say(str(exc), "error")

    # ----- actions --------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Ask first: a stray ctrl+q in front of the room should not end the workshop."""
        from facilitator.tui.screens.confirm import ConfirmScreen

        if isinstance(self.screen, ConfirmScreen):
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.close_workshop()
                self.exit(0)

        self.keep_drafts()
        if self.demo:
            note = "This is the demo: it lives in a temporary folder and is gone once you quit."
        elif self.workshop is not None:
            note = f"Everything is saved; `facilitator run {self.workshop.id}` brings you back here."
            kept = len(self.workshop.drafts.all())
            if kept:
                forms = "form is" if kept == 1 else "forms are"
                note += f" {kept} half-typed {forms} not saved as an entry yet: kept as a draft for later."
        else:
            note = ""
        self.push_screen(ConfirmScreen("Quit Facilitator?", note, yes="Quit"), done)

    def action_help(self) -> None:
        """The keys of the screen underneath, and what they do."""
        from facilitator.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_join(self) -> None:
        """Turn joining from phones on or off (palette, `--join`); the server starts in the background."""
        self.run_worker(self.join.toggle(), group="join")

    def action_toggle_theme(self) -> None:
        """Flip between the dark and light projector themes."""
        self.theme = next_projector_theme(self.theme)

    def action_handouts(self) -> None:
        """Build the handouts of the open session in a thread; the room keeps going."""
        if self.workshop is None:
            self.say("Open a session first; handouts are made from its entries.", "warning")
            return
        from facilitator import handouts  # imported here: its templates are not needed to start

        out_dir = self.workspace.root / HANDOUTS_DIR / self.workshop.id
        self.say(f"Making handouts in {out_dir} …")
        self._build_handouts(handouts.build, self.workshop, out_dir)

    @work(thread=True, exclusive=True, group="handouts")
    def _build_handouts(self, build: Callable[..., Any], workshop: Session, out_dir: Path) -> None:
        """Rendering PDFs takes seconds: never on the UI thread."""
        from facilitator.handouts import PdfUnavailable

        try:
            result = build(workshop, out_dir, ("html", "pdf"), "A4")
        except PdfUnavailable as exc:  # the HTML is written; only the PDF step is missing here
            self.call_from_thread(self.say, f"HTML handouts ready in {out_dir}. {exc}", "warning", 20)
            return
        except Exception as exc:
            self.call_from_thread(self.say, f"Handouts failed: {exc}", "error", 15)
            return
        where = result if isinstance(result, (str, Path)) else out_dir
        self.call_from_thread(self.say, f"Handouts ready in {where}", "information", 15)

    async def on_unmount(self) -> None:
        """A closed terminal still stops the phone server, releases the lock and books the time."""
        await self.join.stop()
        self.close_workshop()


def app_of(widget: Widget | Screen[Any]) -> FacilitatorApp:
    """The running FacilitatorApp, typed, for screens and widgets that need its services."""
    app = widget.app
    assert isinstance(app, FacilitatorApp)
    return app
