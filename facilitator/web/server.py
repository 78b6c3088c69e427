"""uvicorn serving the phone pages inside the app's own event loop.

The server runs as a task on the loop Textual already runs, so every
request handler runs between the TUI's own events: engine calls from the
web need no locks, and a phone's save and a keypress never interleave
halfway. uvicorn is told to leave the process alone: no signal handlers
(Textual owns ctrl+c), no logging to the terminal (it would scribble over
the screen), no trusted proxy headers (a phone could otherwise pretend to
be another client and dodge the rate limit).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Generator

import uvicorn
from starlette.types import ASGIApp

#: The port tried first when the trainer names none, then the next few, then any free one.
DEFAULT_PORT = 8765
PORTS_TRIED = 10
#: Seconds a stop waits for requests in flight before cutting them off.
STOP_SECONDS = 3


class ServeError(Exception):
    """The server could not start; `str()` is one line for the trainer."""


class _Quiet(uvicorn.Server):
    """A uvicorn server that installs no signal handlers: the app it lives in owns them."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def _silence_uvicorn() -> None:
    """uvicorn's log lines would be printed over the TUI: drop them."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.propagate = False
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


def bind(host: str, port: int | None) -> socket.socket:
    """A socket bound to `host` and `port` (or the first free default port), not yet listening.

    Binding here rather than inside uvicorn turns "port in use" into one
    line for the trainer; uvicorn itself would exit the whole process.
    """
    ports = [port] if port is not None else [*range(DEFAULT_PORT, DEFAULT_PORT + PORTS_TRIED), 0]
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:
        raise ServeError(f"{host!r} is not an address of this laptop ({exc})") from None
    family, _, _, _, address = infos[0]
    problem: OSError | None = None
    for candidate in ports:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((address[0], candidate, *address[2:]))
        except OSError as exc:
            sock.close()
            problem = exc
            continue
        return sock
    what = f"port {port}" if port is not None else f"ports {DEFAULT_PORT}-{DEFAULT_PORT + PORTS_TRIED - 1}"
    reason = problem.strerror if problem is not None and problem.strerror else str(problem)
    raise ServeError(f"could not listen on {host} {what}: {reason}")


class PhoneServer:
    """One run of the server: `start` binds and serves, `stop` ends it; not restartable."""

    def __init__(self, app: ASGIApp, host: str, port: int | None = None) -> None:
        self.app = app
        self.host = host
        self.requested_port = port
        #: The port it listens on, once started.
        self.port = 0
        self._server: _Quiet | None = None
        self._serving: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        """Whether it is serving now."""
        return self._serving is not None and not self._serving.done()

    async def start(self) -> int:
        """Bind, start serving on the running loop, and return the port once it listens."""
        _silence_uvicorn()
        sock = bind(self.host, self.requested_port)
        self.port = int(sock.getsockname()[1])
        config = uvicorn.Config(
            self.app,
            log_config=None,
            access_log=False,
            lifespan="off",
            http="h11",
            ws="none",
            proxy_headers=False,
            server_header=False,
            date_header=False,
            limit_concurrency=256,
            timeout_keep_alive=5,
            timeout_graceful_shutdown=STOP_SECONDS,
        )
        server = _Quiet(config)
        self._server = server
        self._serving = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
        for _ in range(100):
            if server.started or self._serving.done():
                break
            await asyncio.sleep(0.02)
        if not server.started:
            await self.stop()
            sock.close()
            raise ServeError(f"the phone server did not start on {self.host} port {self.port}")
        return self.port

    def halt(self) -> None:
        """Stop listening now, without waiting: no new connection from this moment on."""
        server = self._server
        if server is None:
            return
        server.should_exit = True
        for listener in getattr(server, "servers", []):
            listener.close()

    async def stop(self) -> None:
        """Stop listening at once, let requests in flight finish briefly, then cut them off."""
        server, serving = self._server, self._serving
        if server is None or serving is None:
            return
        self.halt()
        try:
            await asyncio.wait_for(asyncio.shield(serving), STOP_SECONDS + 1)
        except (TimeoutError, asyncio.CancelledError):
            server.force_exit = True
            serving.cancel()
            with contextlib.suppress(BaseException):
                await serving
        except Exception:  # a failure on the way down must not stop the app quitting
            pass
