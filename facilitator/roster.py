"""Import a participant list from whatever CSV the trainer was sent.

Rosters arrive from HR systems, booking tools and hand-edited spreadsheets, so
the importer accepts the shapes those really produce: a UTF-8 byte-order mark,
`;` instead of `,` (Excel in European locales), tabs, quoted cells that span
lines, blank lines, trailing empty columns, and a handful of header spellings.

It is deliberately all-or-nothing. A roster with one bad row is rejected whole
with every problem listed by row number, because a half-imported group is
worse in a live workshop than a clear message the trainer can fix in a minute.
Whatever a participant is called, that is what they are called: a cell loses
only what no one can see or type on purpose (line breaks, terminal escapes,
control and invisible characters), and every such change, like every guess
about teams, name order or two people with one name, comes back as a note
for the trainer (`read_roster_report`). What the cells mean for people and
teams is decided in `roster_people`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.roster_people import (
    Person,
    assign_teams,
    clean_cell,
    duplicate_notes,
    name_order,
    rows_text,
    team_note,
    too_long,
)
from facilitator.roster_text import UndecodableError, decode, ends_inside_quotes, pick_delimiter

__all__ = [
    "RosterError",
    "RosterImport",
    "RosterRow",
    "assign_teams",
    "parse_roster",
    "parse_roster_report",
    "read_roster",
    "read_roster_report",
]

#: How many problems `str(RosterError)` spells out before summarising the rest;
#: the message is read off a projector, so it has to stay one short line.
MAX_SHOWN_PROBLEMS = 5

_NAME, _FIRST, _LAST, _ROLE, _EMAIL = "name", "first", "last", "role", "email"

#: Header spellings, normalised by `_header_key` (case, spaces, `-`, `_`, `.` ignored).
_ALIASES: dict[str, str] = {
    "name": _NAME,
    "fullname": _NAME,
    "participant": _NAME,
    "attendee": _NAME,
    "firstname": _FIRST,
    "givenname": _FIRST,
    "forename": _FIRST,
    "lastname": _LAST,
    "surname": _LAST,
    "familyname": _LAST,
    "role": _ROLE,
    "jobtitle": _ROLE,
    "position": _ROLE,
    "email": _EMAIL,
    "emailaddress": _EMAIL,
    "workemail": _EMAIL,
}

#: Columns that can say who is in which team, most specific first: a file with
#: both Department and Company (an HR export) is split by department, a
#: registration export with only Company by company.
_TEAM_HEADERS: dict[str, int] = {
    "team": 0,
    "teamname": 0,
    "group": 1,
    "department": 2,
    "dept": 2,
    "site": 3,
    "location": 4,
    "company": 5,
    "companyname": 5,
    "organisation": 6,
    "organization": 6,
    "org": 6,
}
#: Columns kept as the person's company, which tells two people with one name apart.
_COMPANY_HEADERS = {"company", "companyname", "organisation", "organization", "org", "employer"}

_EXPECTED_NAME_HEADERS = "Name, Full name, Participant, Attendee, or First name + Last name"


@dataclass(frozen=True)
class RosterRow:
    """One participant as found in the file.

    `line` is the spreadsheet row number (the header is usually row 1), kept so
    later messages about this person can point back at the file. `company`
    (from a Company or Organisation column, whether or not it made the teams)
    and `email` are what tell two people with one name apart on screen; the
    follow-up email drafts use `email` too.
    """

    name: str
    team: str = ""
    role: str = ""
    email: str = ""
    line: int = 0
    company: str = ""


@dataclass(frozen=True)
class RosterImport:
    """A roster ready to import, and what the trainer should be told about it.

    `notes` are one-line sentences naming rows ("rows 4 and 9: 2 people named
    'Sam Lee', all imported; told apart by email"); `team_column` is the
    header the teams came from, or "" when the file has none.
    """

    rows: list[RosterRow]
    notes: list[str] = field(default_factory=list)
    team_column: str = ""


class RosterError(Exception):
    """A roster that cannot be imported, with every reason found.

    `str()` is always a single line, `'<file>: row 4: no name; row 9: ...'`,
    so it fits a status bar or a CLI error; `problems` keeps the full list
    (each without the file name) for anything that wants to show them all.
    """

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems: list[str] = [_one_line(p) for p in problems] or ["cannot be imported"]
        # Both arguments go to Exception so the error survives pickling (workers).
        super().__init__(source, list(problems))

    def _summary(self) -> str:
        shown = self.problems[:MAX_SHOWN_PROBLEMS]
        text = "; ".join(shown)
        hidden = len(self.problems) - len(shown)
        if hidden:
            text += f"; …and {hidden} more"
        return f"{_one_line(self.source)}: {text}"

    def __str__(self) -> str:
        return self._summary()


def read_roster(path: Path) -> list[RosterRow]:
    """The rows of a roster file (see `read_roster_report` for the notes that go with them)."""
    return read_roster_report(path).rows


def parse_roster(text: str, source: str = "roster") -> list[RosterRow]:
    """The rows of roster text (see `parse_roster_report`)."""
    return parse_roster_report(text, source).rows


def read_roster_report(path: Path) -> RosterImport:
    """Read, decode and parse a roster file; any failure is a one-line `RosterError`.

    Decoding tries, in order: a UTF-16 byte-order mark (Excel's "Unicode
    Text" export), UTF-8 with or without a BOM, then Windows-1252, which is
    what older Excel versions write for "CSV (Comma delimited)". A workbook
    saved under a `.csv` name is recognised and explained instead of being
    decoded into gibberish headers.
    """
    source = path.name or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterError(source, ["file not found"]) from None
    except IsADirectoryError:
        raise RosterError(source, ["is a folder, not a file"]) from None
    except PermissionError:
        raise RosterError(source, ["cannot be read (permission denied)"]) from None
    except OSError as exc:
        raise RosterError(source, [f"cannot be read ({exc.strerror or exc})"]) from None
    try:
        text = decode(data)
    except UndecodableError as exc:
        raise RosterError(source, [str(exc)]) from None
    return parse_roster_report(text, source)


def parse_roster_report(text: str, source: str = "roster") -> RosterImport:
    """Parse roster text into rows and notes, or raise `RosterError` listing every problem.

    Pure: nothing is returned unless the whole file is good. Rows are numbered
    the way a spreadsheet shows them (every record, blank ones included,
    counts once, so a cell with line breaks does not shift later numbers).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter, text = pick_delimiter(text)
    if not text.strip():
        raise RosterError(source, ["the file is empty"])

    records: list[tuple[int, list[str]]] = []
    read_problems: list[str] = []  # reported after the row problems, which come earlier
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows_read = 0
    try:
        for cells in reader:
            rows_read += 1
            if any(cell.strip() for cell in cells):
                records.append((rows_read, cells))
    except csv.Error as exc:
        read_problems.append(f"row {rows_read + 1}: not readable as CSV ({exc})")
    else:
        if ends_inside_quotes(text, delimiter):
            read_problems.append(
                f'row {rows_read}: a quote (") opened in this row is never closed, '
                "so the rest of the file was read as one cell"
            )

    if not records:
        raise RosterError(source, read_problems or ["the file is empty"])

    (_, header), body = records[0], records[1:]
    columns = _map_columns(header)
    if _NAME not in columns and _FIRST not in columns and _LAST not in columns:
        found = _describe_headers(header)
        raise RosterError(
            source,
            [f"no name column (expected {_EXPECTED_NAME_HEADERS}; found {found})", *read_problems],
        )
    if not body:
        raise RosterError(source, read_problems or ["no participants below the header row"])

    width = _used_width(header)
    problems: list[tuple[int, str]] = []
    fitting: list[tuple[int, list[str]]] = []
    for number, cells in body:
        used = _used_width(cells)
        if used > width:
            problems.append((number, f"row {number}: {used} columns, the header has {width}"))
        else:
            fitting.append((number, cells))
    team, team_header, other_teams = _team_column(header, fitting)
    columns["team"] = team if team is not None else -1
    company = next((i for i, cell in enumerate(header) if _header_key(cell) in _COMPANY_HEADERS), None)
    columns["company"] = company if company is not None else -1
    rows: list[RosterRow] = []
    cleaned: list[int] = []
    for number, cells in fitting:
        row, changed, why = _build_row(cells, columns, number)
        problems.extend((number, f"row {number}: {reason}") for reason in why)
        if row is not None and not why:
            rows.append(row)
            if changed:
                cleaned.append(number)
    if problems or read_problems:
        raise RosterError(source, [text for _, text in sorted(problems, key=lambda p: p[0])] + read_problems)
    return _with_notes(rows, cleaned, team_header if team is not None else "", other_teams)


def _with_notes(rows: list[RosterRow], cleaned: list[int], team: str, other_teams: list[str]) -> RosterImport:
    """The rows after the name-order decision, with every note the trainer should read."""
    renamed, name_notes = name_order([(row.line, row.name) for row in rows])
    rows = [RosterRow(renamed.get(r.line, r.name), r.team, r.role, r.email, r.line, r.company) for r in rows]
    blank = [row.line for row in rows if not row.team] if team else []
    # A lone column headed "Team" needs no word; any other choice is worth one.
    notes = team_note(team, other_teams, blank, say_column=bool(other_teams) or _header_key(team) != "team")
    notes.extend(name_notes)
    if cleaned:
        notes.append(f"{rows_text(cleaned)}: line breaks, control or invisible characters removed")
    notes.extend(duplicate_notes([Person(r.line, r.name, r.team, r.email, r.company) for r in rows]))
    return RosterImport(rows, notes, team)


def _team_column(header: list[str], body: list[tuple[int, list[str]]]) -> tuple[int | None, str, list[str]]:
    """The column teams come from, its header, and the other team-like headers that have values.

    The most specific column that splits the group (two or more different
    values) wins; failing that, the most specific one with any value at all.
    """
    found = sorted(
        (_TEAM_HEADERS[_header_key(cell)], index, cell.strip())
        for index, cell in enumerate(header)
        if _header_key(cell) in _TEAM_HEADERS
    )
    values = {
        index: {clean_cell(cells[index])[0].casefold() for _, cells in body if index < len(cells)} - {""}
        for _, index, _ in found
    }
    usable = [(i, name) for _, i, name in found if values[i]]
    splitting = [(i, name) for i, name in usable if len(values[i]) > 1]
    if not usable:
        return None, "", []
    index, name = (splitting or usable)[0]
    return index, name, [other for i, other in usable if i != index]


def _header_key(cell: str) -> str:
    """A header cell reduced to what identifies it: `' E-Mail Address '` -> `emailaddress`."""
    return re.sub(r"[\s_.\-\ufeff\u200b]+", "", cell.casefold())


def _map_columns(header: list[str]) -> dict[str, int]:
    """Which column index holds each known field; the first matching column wins."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        field = _ALIASES.get(_header_key(cell))
        if field is not None and field not in columns:
            columns[field] = index
    return columns


def _used_width(cells: list[str]) -> int:
    """The number of columns up to the last non-blank one (trailing empties don't count)."""
    for index in range(len(cells) - 1, -1, -1):
        if cells[index].strip():
            return index + 1
    return 0


def _build_row(
    cells: list[str], columns: dict[str, int], number: int
) -> tuple[RosterRow | None, bool, list[str]]:
    """One participant from one record, whether a cell was cleaned, and why the row is refused.

    Rows shorter than the header are read as if the missing trailing cells
    were empty, as spreadsheet tools do: some exporters drop trailing empty
    cells, and a hand-typed row often leaves out an optional email.
    A full-name column wins; a blank one falls back to first + last name.
    """

    changed = False

    def cell(field: str) -> str:
        nonlocal changed
        index = columns.get(field, -1)
        text, was_changed = clean_cell(cells[index]) if 0 <= index < len(cells) else ("", False)
        changed = changed or was_changed
        return text

    name = cell(_NAME) or " ".join(part for part in (cell(_FIRST), cell(_LAST)) if part)
    if not name:
        return None, changed, ["no name"]
    values = {
        "name": name,
        "team": cell("team"),
        "role": cell(_ROLE),
        "email": cell(_EMAIL),
        "company": cell("company"),
    }
    why = [reason for key, value in values.items() if (reason := too_long(key, value))]
    return RosterRow(line=number, **values), changed, why


def _describe_headers(header: list[str]) -> str:
    """The headers that were found, short and on one line, for the "no name column" error."""
    names = [cell.strip() for cell in header if cell.strip()]
    if not names:
        return "no headers"
    shown = ", ".join(f"'{_shorten(_one_line(n), 30)}'" for n in names[:8])
    more = f" and {len(names) - 8} more" if len(names) > 8 else ""
    return f"{shown}{more}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_line(text: str) -> str:
    """`text` with line breaks and other invisible characters written as escapes.

    Messages quote file content (header names) and file names, which may hold
    anything; escaping keeps every message on the single line it promises.
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
