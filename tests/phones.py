"""A simulated phone for the HTTP tests: Starlette's TestClient with its own address and cookies."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from factories import FULL_AGENDA, make_workshop
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from facilitator.engine import Session
from facilitator.web.app import build_app
from facilitator.web.guard import Limits

CSRF = re.compile(r'name="csrf" value="([^"]*)"')
_ADDRESSES = itertools.count(2)


class Phone:
    """One phone: a browser with its own cookie jar and its own address on the room's network."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        number = next(_ADDRESSES)
        self.client = TestClient(
            app, base_url="http://192.168.1.10:8765", client=(f"192.168.1.{number % 250 + 2}", 50000 + number)
        )
        self.base = f"/j/{token}"
        self.csrf = ""

    def get(self, path: str = "/", **kwargs: object):  # type: ignore[no-untyped-def]
        """GET a page under the token (remembering the CSRF token it carries)."""
        response = self.client.get(f"{self.base}{path}", **kwargs)  # type: ignore[arg-type]
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def post(self, path: str, data: dict[str, str], *, csrf: bool = True, **kwargs: object):  # type: ignore[no-untyped-def]
        """POST a form under the token, with the CSRF token of the last page unless told not to."""
        if csrf:
            if not self.csrf:
                self.get()
            data = {"csrf": self.csrf, **data}
        response = self.client.post(f"{self.base}{path}", data=data, **kwargs)  # type: ignore[arg-type]
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def join(self, pid: str):  # type: ignore[no-untyped-def]
        """Pick a name."""
        return self.post("/join", {"person": pid})


def room(
    tmp_path: Path, people: int = 4, step: str = "action-plan/my-actions"
) -> tuple[Session, ASGIApp, str]:
    """A running session on `step` with join open, and its phone site (generous rate limit)."""
    workshop = make_workshop(tmp_path, agenda=FULL_AGENDA, people=people)
    workshop.begin()
    go_to(workshop, step)
    token = workshop.phones.open()
    return workshop, build_app(workshop, limits=Limits(burst=10_000, per_second=10_000)), token


def go_to(workshop: Session, key: str) -> None:
    """Move the room to the step with this key."""
    workshop.go(next(i for i, slot in enumerate(workshop.plan) if slot.key == key))


def texts(html: str, css_class: str) -> list[str]:
    """The text of each element with this class (a rough look, enough for tests)."""
    return re.findall(rf'class="{css_class}"[^>]*>(.*?)</', html, flags=re.S)
