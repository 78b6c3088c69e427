"""The gate in front of every request: rate limit, join token, body size, security headers.

It is the outermost layer, so nothing reaches a route, and nothing leaves
the laptop, without passing it: a client over its rate gets 429; a path
outside `/j/<token>/` (or a stale token) gets the same bare 404 as a page
that does not exist; a form bigger than the limit gets 413 before a byte
of it is read; and every response, errors included, carries the strict
headers. An exception in a route becomes one plain page, never a traceback.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from facilitator.engine.phones import Phones

PREFIX = "/j/"
#: Where the routes find the token's path ("/j/<token>"), in the ASGI scope.
BASE = "facilitator.base"

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)

#: (status, title, one line) -> an HTML page.
PageMaker = Callable[[int, str, str], bytes]


@dataclass(frozen=True)
class Limits:
    """How much one phone may send: per request, per field, per second."""

    body_bytes: int = 128 * 1024
    field_chars: int = 2_000
    burst: int = 60
    per_second: float = 10.0


class RateLimiter:
    """A token bucket per client address: `burst` requests at once, `per_second` after that."""

    #: Past this many clients, those idle for a minute are forgotten (memory stays small).
    PRUNE_AT = 4_096

    def __init__(self, burst: int, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = burst
        self.per_second = per_second
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> bool:
        """Take one request from `client`'s bucket; False when it is empty."""
        now = self.clock()
        tokens, last = self._buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.per_second)
        if len(self._buckets) >= self.PRUNE_AT:
            self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}
        if tokens < 1:
            self._buckets[client] = (tokens, now)
            return False
        self._buckets[client] = (tokens - 1, now)
        return True


class Guard:
    """ASGI middleware wrapping the phone routes; see the module docstring."""

    def __init__(
        self, app: ASGIApp, phones: Phones, page: PageMaker, limits: Limits, on_error: Callable[[], None]
    ) -> None:
        self.app = app
        self.phones = phones
        self.page = page
        self.limits = limits
        self.on_error = on_error
        self.limiter = RateLimiter(limits.burst, limits.per_second)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return  # no websockets, and lifespan is off
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [h for h in HEADERS if h[0] not in names]
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        refusal = self.refusal(scope)
        if refusal is not None:
            status, title, text, extra = refusal
            await self.respond(send_secured, status, title, text, extra)
            return
        try:
            await self.app(self.inner_scope(scope), receive, send_secured)
        except Exception:
            self.on_error()
            if not started:
                await self.respond(
                    send_secured, 500, "Something went wrong", "Nothing was saved. Try again in a moment."
                )

    def refusal(self, scope: Scope) -> tuple[int, str, str, list[tuple[bytes, bytes]]] | None:
        """Why this request stops here, if it does: (status, title, line, extra headers)."""
        client = scope.get("client")
        if not self.limiter.allow(str(client[0]) if client else "?"):
            wait = max(1, round(1 / self.limits.per_second))
            line = "Too many taps in a short time. Wait a few seconds, then try again."
            return 429, "Slow down a little", line, [(b"retry-after", str(wait).encode())]
        path: str = scope["path"]
        token, _, _ = path[len(PREFIX) :].partition("/") if path.startswith(PREFIX) else ("", "", "")
        if not token or not self.phones.admits(token):
            return 404, "Not found", "There is nothing here.", []
        self.phones.seen()
        if path == f"{PREFIX}{token}":
            return (
                308,
                "Moved",
                "Open the page with a slash at the end.",
                [(b"location", f"{path}/".encode())],
            )
        if scope["method"] == "POST":
            length = dict(scope["headers"]).get(b"content-length")
            if length is None or not length.isdigit():
                return 411, "Could not read that", "Send the form from its page.", []
            if int(length) > self.limits.body_bytes:
                line = (
                    f"That was more than {self.limits.body_bytes // 1024} KB at once. "
                    f"Keep each answer under {self.limits.field_chars:,} characters."
                )
                return 413, "Too much text", line, []
        return None

    def inner_scope(self, scope: Scope) -> Scope:
        """The request as the routes see it: the token's prefix taken off, and kept aside."""
        path: str = scope["path"]
        token = path[len(PREFIX) :].partition("/")[0]
        base = f"{PREFIX}{token}"
        rest = path[len(base) :] or "/"
        return {**scope, "path": rest, "raw_path": rest.encode(), "root_path": "", BASE: base}

    async def respond(
        self, send: Send, status: int, title: str, text: str, extra: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        """A small page of our own, with the headers every response carries."""
        body = self.page(status, title, text)
        headers = [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            *(extra or []),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
