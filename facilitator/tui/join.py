"""Turning joining from phones on and off, from the app: the server's life and what the panel shows.

This is the one door from the TUI to `facilitator.web`, and it is opened
only when the trainer turns join on (Starlette and uvicorn cost a few
tenths of a second to import; a room without phones never pays it). The
server runs on the app's own event loop. Turning join off, closing the
session or quitting revokes the token at once (every request then gets
404) and closes the listening socket; requests in flight finish or are cut
off within a few seconds.

A phone's save reaches the engine directly; what is left for here is to
redraw the Run screen's step view soon after (the projector shows "9 of 12
entered", the new story in the list). Step views redraw in place
(`refresh_view`), keeping whatever the trainer is typing.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from facilitator.engine import Session
from facilitator.tui.widgets.join_panel import JoinStatus

if TYPE_CHECKING:
    from facilitator.tui.app import FacilitatorApp

#: After this long with join on and not one phone through, the panel suggests the hotspot.
NO_PHONE_MINUTES = 3
#: Phones' saves arriving together cost the trainer's screen one redraw.
REDRAW_AFTER = 0.3
#: Redraws after phones' saves (a long list rebuilt and laid out) take this share of the time at most.
REDRAW_SHARE = 0.1


class JoinControl:
    """The app's switch for joining from phones, with the address and port the trainer chose."""

    def __init__(self, app: FacilitatorApp, host: str | None = None, port: int | None = None) -> None:
        self.app = app
        #: The address to listen on; None: the laptop's LAN address, found when join is turned on.
        self.host = host
        self.port = port
        self.url: str | None = None
        self.problem = ""
        self.show_code = True
        self._server: Any = None
        self._session: Session | None = None
        self._redraw_pending = False
        self._next_redraw = 0.0
        self._busy = False

    @property
    def on(self) -> bool:
        """Whether phones can join now."""
        return self._server is not None

    async def toggle(self) -> None:
        """The palette's and the key's action; a second press while the server starts is ignored."""
        if self._busy:
            return
        self._busy = True
        try:
            if self.on:
                await self.stop()
                self.app.say("Joining from phones is off; the join link no longer works.")
            else:
                await self.start()
        finally:
            self._busy = False

    async def start(self) -> bool:
        """Serve the phone pages for the open session with a new token; False (and a line) if not."""
        workshop = self.app.workshop
        if self.on:
            return True
        if workshop is None:
            self.app.say("Open a session first: phones join a session.", "warning")
            return False
        if workshop.readonly:
            self.app.say(
                "This window is read-only: turn join on in the window that runs the session.", "warning"
            )
            return False
        from facilitator.web.app import build_app
        from facilitator.web.network import address_problem, lan_address, url_host
        from facilitator.web.server import PhoneServer, ServeError

        host = self.host or lan_address()
        token = workshop.phones.open()
        server = PhoneServer(build_app(workshop, on_change=self.phone_changed), host, self.port)
        try:
            port = await server.start()
        except ServeError as exc:
            workshop.phones.close()
            self.app.say(f"Phones cannot join: {exc}", "error", timeout=15)
            return False
        self._server, self._session = server, workshop
        shown = url_host(host)
        self.url = f"http://{shown}:{port}/j/{token}/"
        self.problem = address_problem(shown) or ""
        self.show_code = True
        self.app.say(f"Phones can join: scan the code or open {self.url}", timeout=10)
        if self.problem:
            self.app.say(self.problem, "warning", timeout=20)
        return True

    def halt(self) -> None:
        """Stop at once, without waiting: the token dies and nothing new is accepted.

        For the places that cannot wait (closing the session, a terminal that
        went away); `stop` also waits for the server task to end.
        """
        server, session = self._server, self._session
        self._server, self._session, self.url, self.problem = None, None, None, ""
        if session is not None:
            session.phones.close()
        if server is not None:
            server.halt()

    async def stop(self) -> None:
        """Turn join off and wait until the server has stopped."""
        server = self._server
        self.halt()
        if server is not None:
            await server.stop()

    # ----- what the panel shows -------------------------------------------------------------------

    def status(self) -> JoinStatus | None:
        """The panel's data: the URL, phones joined, and a warning when phones seem blocked."""
        session = self._session
        if not self.on or session is None or self.url is None:
            return None
        phones = session.phones
        warning = self.problem
        opened = phones.opened_at
        waited = session.clock() - opened if opened is not None else timedelta(0)
        if not warning and phones.last_seen is None and waited >= timedelta(minutes=NO_PHONE_MINUTES):
            from facilitator.web.network import no_phone_warning

            warning = no_phone_warning(NO_PHONE_MINUTES)
        return JoinStatus(self.url, phones.joined(), warning, self.show_code)

    def toggle_code(self) -> None:
        """Hide the QR code once the room has joined (the count stays), or show it again."""
        self.show_code = not self.show_code

    def release(self, pid: str) -> None:
        """Free a name someone claimed by mistake; their phone asks for a name again."""
        if self._session is not None and self._session.phones.release(pid):
            name = self._session.display_names().get(pid, "that person")
            self.app.say(f"{name}'s name is free again on the phones.")

    # ----- the trainer's screen follows the phones ---------------------------------------------

    def phone_changed(self) -> None:
        """A phone saved something: redraw the step view shortly (many phones, one redraw).

        Redrawing a long list takes a while (rebuilding and laying out the
        table); when it does, the next redraw waits long enough that redraws
        take at most `REDRAW_SHARE` of the time, so a room full of phones
        cannot make the trainer's keys wait behind them.
        """
        if not self._redraw_pending:
            self._redraw_pending = True
            delay = max(REDRAW_AFTER, self._next_redraw - time.perf_counter())
            self.app.set_timer(delay, self._redraw)

    def _redraw(self) -> None:
        self._redraw_pending = False
        run = next(
            (s for s in reversed(self.app.screen_stack) if callable(getattr(s, "refresh_step", None))), None
        )
        if run is None or not self.on:
            return
        started = time.perf_counter()
        run.refresh_step()
        self.app.call_after_refresh(self._redrawn, started)

    def _redrawn(self, started: float) -> None:
        """The redraw reached the screen: space the next by what it cost."""
        now = time.perf_counter()
        self._next_redraw = now + (now - started) * (1 / REDRAW_SHARE - 1)
