"""Turning stored values into printable text: control characters out, dates in words.

Participants' words are printed as typed, with one exception: control
characters (NUL, ESC, ...) are not text, break XML-based PDF engines and
show as boxes on paper, so they are dropped here, once, before any template
sees the value. Escaping for HTML or Markdown is the templates' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache


@dataclass(frozen=True)
class Empty:
    """How every page says that nothing is there: one wording, everywhere."""

    sentence: str = "Nothing recorded."
    team: str = "Nothing recorded for your team."
    not_run: str = "Not run."


EMPTY = Empty()
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(value: object) -> str:
    """A value as printable text: controls removed, lone surrogates replaced, line ends normalised."""
    text = "" if value is None else str(value)
    if text.isascii() and text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return text.encode("utf-8", "replace").decode("utf-8")


def one_line(value: object) -> str:
    """Clean text with every run of whitespace (newlines too) turned into one space."""
    return " ".join(clean(value).split())


def parse_iso(value: object) -> date | None:
    """An ISO date from the session, or None when it is missing or not a date."""
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


@lru_cache(maxsize=512)
def long_date(value: object) -> str:
    """ "Tuesday 24 November 2026"; anything that is not an ISO date is shown as given."""
    day = parse_iso(value)
    if day is None:
        return one_line(value)
    return f"{day:%A} {day.day} {day:%B %Y}"


@lru_cache(maxsize=512)
def short_date(value: object) -> str:
    """ "Fri 4 Dec 2026", for due dates in narrow columns."""
    day = parse_iso(value)
    if day is None:
        return one_line(value)
    return f"{day:%a} {day.day} {day:%b %Y}"


def value_label(value: str) -> str:
    """A stored choice as a label: "poor" -> "Poor", "keeping in touch" -> "Keeping in touch"."""
    return value[:1].upper() + value[1:]


def minutes(value: float) -> str:
    """Whole minutes for the agenda table ("0" rather than "0.4")."""
    return str(round(value))
