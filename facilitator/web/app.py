"""The phone site as one ASGI app: the routes behind the guard, over one open session.

`build_app` is all the TUI needs: give it the session (join must be open on
it, `session.phones.open()`) and, optionally, what to call after each
change a phone made so the trainer's screen can redraw. The app keeps no
state of its own beyond a CSRF key that lives as long as it does.
"""

from __future__ import annotations

import secrets
import traceback
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from facilitator.engine import Session
from facilitator.web import actions, routes
from facilitator.web.guard import BASE, Guard, Limits
from facilitator.web.pages import Pages
from facilitator.web.routes import form_route

TITLES = {400: "Could not read that", 403: "Not allowed", 404: "Not found", 405: "Not allowed"}


def build_app(
    session: Session, *, limits: Limits | None = None, on_change: Callable[[], None] = lambda: None
) -> ASGIApp:
    """The phone pages for `session`, guarded (see `guard`)."""
    pages = Pages()
    limits = limits or Limits()

    def message(request: Request, status: int, text: str) -> Response:
        title = TITLES.get(status, "Not saved")
        base = str(request.scope.get(BASE, ""))
        return HTMLResponse(pages.message(status, title, text, base), status_code=status)

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, routes.Refused)
        return message(request, exc.status, str(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        text = "There is nothing here." if exc.status_code in (404, 405) else "Send the form from its page."
        return message(request, exc.status_code, text)

    async def server_error(request: Request, exc: Exception) -> Response:
        return message(request, 500, "Something went wrong; that was not saved. Try again in a moment.")

    def log_error() -> None:
        session.workspace.log_problem(f"phone page of {session.id}", traceback.format_exc())

    site = Starlette(
        routes=[
            Route("/", routes.home, methods=["GET"]),
            Route("/join", form_route(actions.join, need_person=False), methods=["POST"]),
            Route("/leave", form_route(actions.leave), methods=["POST"]),
            Route("/entry", form_route(actions.save_entry), methods=["POST"]),
            Route("/entry/{entry_id}", form_route(actions.save_entry), methods=["POST"]),
            Route("/entry/{entry_id}/delete", form_route(actions.delete_entry), methods=["POST"]),
            Route("/vote", form_route(actions.vote), methods=["POST"]),
            Route("/scores", form_route(actions.scores), methods=["POST"]),
            Route("/now", routes.now, methods=["GET"]),
            Route("/static/{name}", routes.static, methods=["GET"]),
        ],
        exception_handlers={routes.Refused: refused, HTTPException: http_error, Exception: server_error},
    )
    site.state.site = routes.Site(session, pages, limits, secrets.token_bytes(32), on_change)
    return Guard(site, session.phones, pages.message, limits, log_error)
