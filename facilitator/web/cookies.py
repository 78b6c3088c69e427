"""The two cookies a phone keeps, and the CSRF token every form carries.

- `fb` (browser): a random id given on the first page, so a form can prove
  it came from a page this server rendered for this browser (the CSRF token
  is an HMAC of it under a key that lives only in the server's memory).
- `fp` (person): the secret the engine's `Phones` handed out when this
  phone claimed a name; it is the only thing that says who a phone is.

Both are HttpOnly, SameSite=Strict and scoped to the join token's path, so
they are never sent anywhere else and die with the token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

BROWSER = "fb"
PERSON = "fp"
#: A phone keeps its name for a working day; join turned off ends it sooner (a new token).
PERSON_SECONDS = 16 * 3600


def browser_id(request: Request) -> tuple[str, bool]:
    """This browser's id, and whether it is new (then the response must set it)."""
    known = request.cookies.get(BROWSER, "")
    if 16 <= len(known) <= 64:
        return known, False
    return secrets.token_urlsafe(16), True


def csrf_token(key: bytes, browser: str) -> str:
    """The token a form of this browser must send back."""
    return hmac.new(key, browser.encode(), hashlib.sha256).hexdigest()


def csrf_ok(key: bytes, request: Request, sent: str) -> bool:
    """Whether a posted form carries the token of the browser that posts it."""
    browser = request.cookies.get(BROWSER, "")
    if not browser or not sent:
        return False
    return hmac.compare_digest(csrf_token(key, browser), sent)


def same_origin(request: Request) -> bool:
    """A browser that names the site a form came from must name this one.

    Under `Referrer-Policy: no-referrer` browsers send `Origin: null` for our
    own forms, so "null" (and no Origin) pass; the CSRF token is the real check.
    """
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


def _set(response: Response, name: str, value: str, path: str, max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, path=path, httponly=True, samesite="strict")


def remember_browser(response: Response, browser: str, base: str) -> None:
    """Give the browser its id (kept for the day)."""
    _set(response, BROWSER, browser, f"{base}/", PERSON_SECONDS)


def remember_person(response: Response, secret: str, base: str) -> None:
    """Keep the claim's secret on the phone."""
    _set(response, PERSON, secret, f"{base}/", PERSON_SECONDS)


def forget_person(response: Response, base: str) -> None:
    """The phone let its name go."""
    response.delete_cookie(PERSON, path=f"{base}/", httponly=True, samesite="strict")
