"""What each phone form does: the engine call behind it, and the answer.

Every handler here runs in the phone's turn (see `routes.form_route` and
`pacer`), after the form passed the CSRF check and the phone's cookie named
a person. A handler accepts a form only for the step the room is on now, and
only entry ids of that person's own entries there; a refusal comes back as
the page again with the reason on top and what was typed still in the form.
"""

from __future__ import annotations

import contextlib
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from facilitator.engine import Session, SessionError
from facilitator.model import Capture, Rating, Vote
from facilitator.web import cookies
from facilitator.web.forms import FormProblem, field_values, number, score_cells, typed_scores
from facilitator.web.phone_view import offered, own_entries, phone_form
from facilitator.web.routes import Refused, back, base_of, join_page, site_of, step_page


def join(request: Request, _: str, form: dict[str, str]) -> Response:
    """Claim a name: the phone keeps the secret in a cookie."""
    session = site_of(request).session
    try:
        secret = session.phones.claim(form.get("person", "")[:20])
    except SessionError as exc:
        return join_page(request, 409, str(exc), problem=True)
    response = back(request, "joined")
    cookies.remember_person(response, secret, base_of(request))
    return response


def leave(request: Request, pid: str, _: dict[str, str]) -> Response:
    """This phone lets its name go (it picked the wrong one)."""
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
    if not isinstance(step, want) or offered(session, session.current.key) == "screen":
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


def save_entry(request: Request, pid: str, form: dict[str, str]) -> Response:
    """A new entry on a capture step, or a change to one of the person's own."""
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


def delete_entry(request: Request, pid: str, form: dict[str, str]) -> Response:
    """Delete one of the person's own entries."""
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


def vote(request: Request, pid: str, form: dict[str, str]) -> Response:
    """Place a dot, or take one back: the person's own, within their dots and the room's."""
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


def scores(request: Request, pid: str, form: dict[str, str]) -> Response:
    """A whole rating at once; refused (and shown as it is now) if the laptop changed it since."""
    site = site_of(request)
    session = site.session
    try:
        step: Rating = current(request, pid, form, Rating)
        cells = score_cells(step, form)
        session.scoring.set_scores(session.current.key, pid, cells, based_on=number(form, "based_on"))
    except Moved:
        return moved(request, pid)
    except FormProblem as exc:
        typed = typed_scores(session.step(), form)  # type: ignore[arg-type]
        return step_page(request, pid, status=409, message=str(exc), problem=True, typed=typed)
    except SessionError as exc:
        return step_page(request, pid, status=409, message=str(exc), problem=True)
    site.changed()
    return back(request, "scored")
