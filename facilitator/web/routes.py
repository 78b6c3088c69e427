"""The phone's routes: pick a name, then follow the room and fill in the step's own form.

Every form is posted, checked (CSRF, the person's cookie, the step still
being the room's), handed to the same engine method the keyboard uses, and
answered with a redirect (so a reload never posts twice) or, when refused,
with the page again: the one-line reason on top and what was typed still in
the form. A phone can only ever name its own entries: every entry id it
sends is looked up among that person's entries on the current step.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from facilitator.engine import Session, SessionError
from facilitator.model import Capture, Rating, Vote
from facilitator.web import cookies
from facilitator.web.forms import (
    MAX_FIELDS,
    FormProblem,
    field_values,
    number,
    plain,
    score_cells,
    typed_scores,
)
from facilitator.web.guard import BASE, Limits
from facilitator.web.pages import Pages
from facilitator.web.phone_view import build, own_entries, phone_form

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
    """The one page: pick a name, or the room's current step once this phone has one."""
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


async def join(request: Request) -> Response:
    """Claim a name: the phone keeps the secret in a cookie."""
    _, form = await posted(request, need_person=False)
    session = site_of(request).session
    try:
        secret = session.phones.claim(form.get("person", "")[:20])
    except SessionError as exc:
        return join_page(request, 409, str(exc), problem=True)
    response = back(request, "joined")
    cookies.remember_person(response, secret, base_of(request))
    return response


async def leave(request: Request) -> Response:
    """This phone lets its name go (it picked the wrong one)."""
    pid, _ = await posted(request)
    assert pid is not None
    site_of(request).session.phones.release(pid)
    response = back(request, "left")
    cookies.forget_person(response, base_of(request))
    return response


def current(request: Request, pid: str, form: dict[str, str], want: type, entry_id: str = "") -> Any:
    """The room's current step if the form was for it and this person may use its form there."""
    session = site_of(request).session
    step = session.step()
    if form.get("step") != session.current.key:
        keep_draft(session, pid, form, entry_id)
        raise Moved()
    if not isinstance(step, want) or phone_form(step) == "screen":
        raise Refused(409, "This step has nothing to fill in on a phone. Look at the screen.")
    return step


class Moved(Exception):
    """The trainer moved on between showing the form and its sending."""


def keep_draft(session: Session, pid: str, form: dict[str, str], entry_id: str = "") -> None:
    """Text sent for a step the room has left is kept as that person's draft there, not lost."""
    key = form.get("step", "")
    if key not in {s.key for s in session.plan}:
        return
    step = session.step(key)
    if isinstance(step, Capture) and phone_form(step) == "capture":
        values = {f.id: form.get(f"f.{f.id}", "")[:2_000] for f in step.fields}
        with contextlib.suppress(SessionError):  # a draft that cannot be kept costs only the draft
            session.drafts.keep(key, pid, values, entry=entry_id)


async def save_entry(request: Request) -> Response:
    """A new entry on a capture step, or a change to one of the person's own."""
    pid, form = await posted(request)
    assert pid is not None
    site = site_of(request)
    session = site.session
    entry_id = request.path_params.get("entry_id", "")
    try:
        step: Capture = current(request, pid, form, Capture, entry_id)
        values: dict[str, object] = dict(field_values(step, form, site.limits.field_chars))
        if entry_id:
            mine(session, pid, entry_id)
            session.edit_entry(entry_id, values, based_on=number(form, "based_on"))
        else:
            session.add_entry(session.current.key, pid, values)
        settle_draft(session, pid, entry_id)
    except Moved:
        return moved(request, pid)
    except (FormProblem, SessionError) as exc:
        typed = {f.id: form.get(f"f.{f.id}", "") for f in session.step().fields}  # type: ignore[union-attr]
        return step_page(
            request, pid, status=409, message=str(exc), problem=True, editing=entry_id, typed=typed
        )
    site.changed()
    return back(request, "saved")


def settle_draft(session: Session, pid: str, entry_id: str) -> None:
    """Saved: a draft kept for this very form (new entry, or this entry) has served its turn."""
    key = session.current.key
    draft = session.drafts.get(key, pid)
    if draft is not None and draft.entry == entry_id:
        session.drafts.drop(key, pid)


def mine(session: Session, pid: str, entry_id: str) -> None:
    """Refuse any entry id that is not this person's on the current step."""
    if entry_id not in {e.id for e in own_entries(session, session.current.key, pid)}:
        raise Refused(404, "There is no such entry of yours on this step.")


def moved(request: Request, pid: str) -> Response:
    """The form was for a step the room has left."""
    line = (
        "The trainer moved on before that was sent. Anything you typed is kept for when the room comes back."
    )
    return step_page(request, pid, status=409, message=line, problem=True)


async def delete_entry(request: Request) -> Response:
    """Delete one of the person's own entries."""
    pid, form = await posted(request)
    assert pid is not None
    site = site_of(request)
    entry_id = request.path_params["entry_id"]
    try:
        current(request, pid, form, Capture)
        mine(site.session, pid, entry_id)
        site.session.delete_entry(entry_id, based_on=number(form, "based_on"))
    except Moved:
        return moved(request, pid)
    except (FormProblem, SessionError) as exc:
        return step_page(request, pid, status=409, message=str(exc), problem=True)
    site.changed()
    return back(request, "deleted")


async def vote(request: Request) -> Response:
    """Place a dot, or take one back: the person's own, within their dots and the room's."""
    pid, form = await posted(request)
    assert pid is not None
    site = site_of(request)
    session = site.session
    take = form.get("op") == "take"
    try:
        current(request, pid, form, Vote)
        target = form.get("target", "")[:40]
        if take:
            session.remove_vote(session.current.key, target, voter=pid)
        else:
            session.cast_vote(session.current.key, target, voter=pid)
    except Moved:
        return moved(request, pid)
    except SessionError as exc:
        return step_page(request, pid, status=409, message=str(exc), problem=True)
    site.changed()
    return back(request, "unvoted" if take else "voted")


async def scores(request: Request) -> Response:
    """A whole rating at once; refused (and shown as it is now) if the laptop changed it since."""
    pid, form = await posted(request)
    assert pid is not None
    site = site_of(request)
    session = site.session
    try:
        step: Rating = current(request, pid, form, Rating)
        cells = score_cells(step, form)
        session.set_scores(session.current.key, pid, cells, based_on=number(form, "based_on"))
    except Moved:
        return moved(request, pid)
    except FormProblem as exc:
        typed = typed_scores(session.step(), form)  # type: ignore[arg-type]
        return step_page(request, pid, status=409, message=str(exc), problem=True, typed=typed)
    except SessionError as exc:
        return step_page(request, pid, status=409, message=str(exc), problem=True)
    site.changed()
    return back(request, "scored")


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
