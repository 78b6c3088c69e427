"""The phone's pages, and what every form goes through before its handler (in `actions`).

One page shows either the names to pick from or, once a phone has a name,
the room's current step with its form. Every form is posted, checked (CSRF,
the person's cookie), handed in its turn to a handler that calls the same
engine method the keyboard uses, and answered with a redirect (so a reload
never posts twice) or, when refused, with the page again: the one-line reason
on top and what was typed still in the form.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from facilitator.engine import Session
from facilitator.web import cookies
from facilitator.web.forms import MAX_FIELDS, plain
from facilitator.web.guard import BASE, Limits
from facilitator.web.pacer import Pacer
from facilitator.web.pages import Pages
from facilitator.web.phone_view import build

#: Short notes after a save, by code: the URL never carries text a person typed.
NOTES = {
    "joined": "You're in. This page follows the room.",
    "saved": "Saved.",
    "deleted": "Deleted.",
    "voted": "Dot placed.",
    "unvoted": "Dot taken back.",
    "scored": "Scores saved.",
    "left": "You have let your name go. Pick yours below.",
}


class Refused(Exception):
    """A request that cannot go on: answered with a message page and `status`."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status


@dataclass
class Site:
    """What every route needs: the session, the pages, the limits, and whom to tell of a change."""

    session: Session
    pages: Pages
    limits: Limits
    csrf_key: bytes
    changed: Callable[[], None]
    pacer: Pacer = field(default_factory=Pacer)


def site_of(request: Request) -> Site:
    """The site the app was built for."""
    site: Site = request.app.state.site
    return site


def base_of(request: Request) -> str:
    """The token's path, "/j/<token>", as the guard found it."""
    return str(request.scope[BASE])


def person(request: Request) -> str | None:
    """The participant this phone has claimed, if any."""
    secret = request.cookies.get(cookies.PERSON, "")
    return site_of(request).session.phones.who(secret) if secret else None


def version(session: Session, pid: str | None) -> str:
    """What a page shows, in a few characters: a phone reloads when it changes."""
    if pid is not None:
        text = f"{pid}|{session.current.key}|{session.status}"
    else:
        names = session.display_names()
        here = [names.get(p.id, p.name) for p in session.participants(present_only=True)]
        text = f"{here}|{sorted(session.phones.claimed())}|{session.status}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def render(
    request: Request, template: str, status: int = 200, pid: str | None = None, **context: Any
) -> Response:
    """A page with what every page needs: paths, the CSRF token, who this is, the version."""
    site = site_of(request)
    browser, new = cookies.browser_id(request)
    base = base_of(request)
    session = site.session
    who = session.display_names().get(pid, "") if pid else ""
    response = site.pages.response(
        template,
        status,
        base=base,
        csrf=cookies.csrf_token(site.csrf_key, browser),
        version=version(session, pid),
        workshop=session.title,
        who=who,
        **context,
    )
    if new:
        cookies.remember_browser(response, browser, base)
    return response


def back(request: Request, note: str) -> Response:
    """After a save: the page again by GET, with a short note."""
    return RedirectResponse(f"{base_of(request)}/?m={note}", status_code=303)


async def posted(request: Request, need_person: bool = True) -> tuple[str | None, dict[str, str]]:
    """The form of a POST that passed the CSRF check, and who sent it."""
    site = site_of(request)
    form = plain(await request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=site.limits.body_bytes))
    if not cookies.same_origin(request) or not cookies.csrf_ok(site.csrf_key, request, form.get("csrf", "")):
        raise Refused(403, "This page is out of date. Open it again, then send it.")
    pid = person(request)
    if need_person and pid is None:
        raise Refused(403, "Pick your name first.")
    return pid, form


def step_page(
    request: Request,
    pid: str,
    *,
    status: int = 200,
    message: str = "",
    problem: bool = False,
    editing: str = "",
    typed: dict[str, str] | None = None,
) -> Response:
    """The page for the room's current step, for this person."""
    view = build(site_of(request).session, pid, editing=editing, typed=typed)
    return render(
        request,
        "step.html",
        status,
        pid,
        view=view,
        message=message,
        problem=problem,
        limits=site_of(request).limits,
    )


async def home(request: Request) -> Response:
    """The one page: pick a name, or the room's current step once this phone has one.

    Drawing it takes a few milliseconds of the loop the TUI shares, so it
    takes its turn like a save (forty phones reload together after a move).
    """
    async with site_of(request).pacer:
        return page_for(request)


def page_for(request: Request) -> Response:
    """The page `home` answers with."""
    pid = person(request)
    note = NOTES.get(request.query_params.get("m", ""), "")
    edit = request.query_params.get("edit", "")[:40]
    if pid is None:
        return join_page(request, message=note if note == NOTES["left"] else "")
    return step_page(request, pid, message=note, editing=edit)


def join_page(request: Request, status: int = 200, message: str = "", problem: bool = False) -> Response:
    """Everyone here, by the name the room knows them; names already on a phone cannot be picked."""
    session = site_of(request).session
    names = session.display_names()
    taken = set(session.phones.claimed())
    people = [(p.id, names.get(p.id, p.name), p.id in taken) for p in session.participants(present_only=True)]
    return render(request, "join.html", status, people=people, message=message, problem=problem)


FormHandler = Callable[[Request, str, dict[str, str]], Response]


def form_route(handler: FormHandler, need_person: bool = True) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint for a form: read and check it, then run `handler` in its turn (see `pacer`).

    `handler` is plain (not async): the engine call and the answer happen
    in one go, while this phone holds its turn.
    """

    async def endpoint(request: Request) -> Response:
        pid, form = await posted(request, need_person)
        async with site_of(request).pacer:
            return handler(request, pid or "", form)

    return endpoint


async def now(request: Request) -> Response:
    """For the page's script: what the page would show now, as a version to compare."""
    return JSONResponse({"v": version(site_of(request).session, person(request))})


async def static(request: Request) -> Response:
    """The stylesheet and the script, and nothing else."""
    found = site_of(request).pages.static(request.path_params["name"])
    if found is None:
        raise HTTPException(404)
    body, media = found
    return Response(body, media_type=media, headers={"cache-control": "private, max-age=600"})
