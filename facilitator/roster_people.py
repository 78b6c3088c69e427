"""What a roster says about the people in it, and what the trainer should hear about it.

`roster` turns a CSV into cells; this module decides what those cells mean
for a live room: names cleaned of characters that would garble the projector
(terminal escapes, NUL, line breaks) or refused when absurdly long; "Smith,
John" turned round only when the rest of the file shows which way round
names go; two people with one name kept apart by what the file knows of
them; and which column, if any, says who is in which team. Every such
decision becomes a short note for the trainer, naming the rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

#: Longest cell accepted, in characters. A name over 200 characters is not a
#: name; an email address is at most 254 (RFC 5321).
MAX_LENGTHS = {"name": 200, "team": 100, "role": 200, "company": 200, "email": 254}

# Terminal escape sequences (CSI, OSC) are dropped whole, so "\x1b[31mred" reads "red".
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")
# Invisible characters that change how a name looks or compares without being seen:
# zero-width space, word joiner, byte-order mark, bidirectional overrides and isolates.
# (Zero-width joiners stay: emoji and several scripts need them.)
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


def clean_cell(value: str) -> tuple[str, bool]:
    """The cell as it should be shown, and whether anything had to be removed.

    Line breaks and tabs become a space; escapes, other control characters and
    invisible formatting are removed; outer whitespace is trimmed; the text is
    put in NFC, so the same name typed two ways compares equal.
    """
    text = _ESCAPES.sub("", value)
    text = _LINE_BREAKS.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cc")
    text = unicodedata.normalize("NFC", text).strip()
    return text, text != unicodedata.normalize("NFC", value).strip()


def too_long(field: str, value: str) -> str | None:
    """Why a cell is refused for length, or None."""
    limit = MAX_LENGTHS[field]
    if len(value) <= limit:
        return None
    return f"the {field} is {len(value):,} characters long (at most {limit})"


# ----- "Last, First" -------------------------------------------------------------------------------

# A name part: words of letters joined by spaces, hyphens, apostrophes or full stops.
_NAME_PART = re.compile(r"^[^\W\d_]+(?:[ '’.-]+[^\W\d_]+)*\.?$")


def _last_first(name: str) -> tuple[str, str] | None:
    """("Smith", "John") for "Smith, John"; None unless both sides look like parts of a name."""
    if name.count(",") != 1:
        return None
    last, first = (part.strip() for part in name.split(","))
    if not (_NAME_PART.match(last) and _NAME_PART.match(first)):
        return None
    if len(last.split()) > 3 or len(first.split()) > 3:
        return None
    return last, first


def name_order(names: Sequence[tuple[int, str]]) -> tuple[dict[int, str], list[str]]:
    """New names for "Last, First" rows, by row number, and the notes that explain them.

    A name is turned round only when most of the file's names have no comma
    (so the file writes first names first) and there are at least two such
    names to go by. Otherwise it is left as it is, with a note: a comma might
    also be part of a name, and a wrong guess would misname someone.
    """
    flipped = {row: pair for row, name in names if (pair := _last_first(name)) is not None}
    commas = [row for row, name in names if "," in name]
    plain = len(names) - len(commas)
    if not commas:
        return {}, []
    if plain < 2 or plain <= len(commas):
        return {}, [
            f"{rows_text(commas)}: a name with a comma was left as written; check which is the first name"
        ]
    notes = []
    if flipped:
        example = _example(names, flipped)
        turned = (
            example
            if len(flipped) == 1
            else f"{len(flipped)} 'Last, First' names turned round ({example}, ...)"
        )
        notes.append(
            f"{rows_text(sorted(flipped))}: {turned}, as the file's other names give the first name first"
        )
    unsure = [row for row in commas if row not in flipped]
    if unsure:
        notes.append(f"{rows_text(unsure)}: a name with a comma was left as written")
    return {row: f"{first} {last}" for row, (last, first) in flipped.items()}, notes


def _example(names: Sequence[tuple[int, str]], flipped: dict[int, tuple[str, str]]) -> str:
    row = min(flipped)
    before = next(name for r, name in names if r == row)
    last, first = flipped[row]
    return f"'{before}' read as '{first} {last}'"


# ----- duplicates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """What duplicate detection needs to know about one imported row."""

    line: int
    name: str
    team: str = ""
    email: str = ""
    company: str = ""


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def duplicate_notes(people: Sequence[Person]) -> list[str]:
    """One note per name shared by several rows: both are imported, and here is what tells them apart."""
    groups: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        groups[_key(person.name)].append(person)
    notes = []
    for same in groups.values():
        if len(same) < 2:
            continue
        where = rows_text([p.line for p in same])
        apart = _told_apart_by(same)
        tail = (
            f"told apart by {apart}"
            if apart
            else "nothing in the file tells them apart: add an email or a team"
        )
        notes.append(f"{where}: {len(same)} people named '{same[0].name}', all imported; {tail}")
    return notes


def _told_apart_by(same: Sequence[Person]) -> str:
    for label, values in (
        ("email", [p.email.casefold() for p in same]),
        ("company", [p.company.casefold() for p in same]),
        ("team", [p.team.casefold() for p in same]),
    ):
        if all(values) and len(set(values)) == len(values):
            return label
    return ""


# ----- teams ---------------------------------------------------------------------------------------


def team_note(
    chosen: str, others: Sequence[str], blank_rows: Sequence[int], say_column: bool = True
) -> list[str]:
    """Which column gave the teams, what else could have, and who was left without one."""
    if not chosen:
        return [
            "no team column (Team, Group, Department, Site, Location, Company or Organisation): "
            "team steps will need teams assigned in setup"
        ]
    notes = []
    if say_column:
        also = f" (also found: {', '.join(repr(o) for o in others)})" if others else ""
        notes.append(f"teams come from the {chosen!r} column{also}")
    if blank_rows:
        notes.append(f"{rows_text(blank_rows)}: no team given; assign one in setup")
    return notes


def assign_teams(count: int, size: int) -> list[str]:
    """Team labels for `count` people in teams of about `size`, in roster order.

    The number of teams is the one whose team sizes come closest to `size`
    (10 people in teams of 4 make 3 teams, 4 + 3 + 3, not 2 of 5); people are
    dealt round the teams in turn, so neighbours on the roster, often from
    the same department, end up in different teams.
    """
    if size < 1:
        raise ValueError("a team has at least one person")
    if count <= 0:
        return []
    low = max(1, count // size)
    teams = min((low, low + 1), key=lambda k: (abs(count / k - size), -k))
    return [f"Team {n % teams + 1}" for n in range(count)]


def rows_text(rows: Sequence[int]) -> str:
    """`row 4`, `rows 4 and 9`, `rows 4, 9 and 12`, `rows 4, 9, 12 and 3 more`."""
    numbers = [str(r) for r in sorted(rows)]
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    if len(numbers) > 4:
        return f"rows {', '.join(numbers[:3])} and {len(numbers) - 3} more"
    return f"rows {', '.join(numbers[:-1])} and {numbers[-1]}"
