"""Import a participant list from whatever CSV the trainer was sent.

Rosters arrive from HR systems, booking tools and hand-edited spreadsheets, so
the importer accepts the shapes those really produce: a UTF-8 byte-order mark,
`;` instead of `,` (Excel in European locales), tabs, quoted cells that span
lines, blank lines, trailing empty columns, and a handful of header spellings.

It is deliberately all-or-nothing. A roster with one bad row is rejected whole
with every problem listed by row number, because a half-imported group is
worse in a live workshop than a clear message the trainer can fix in a minute.
Cell contents are never "cleaned" beyond trimming outer whitespace: whatever a
participant is called, that is what they are called, and escaping for display
is the display's job.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RosterError", "RosterRow", "parse_roster", "read_roster"]

#: How many problems `str(RosterError)` spells out before summarising the rest;
#: the message is read off a projector, so it has to stay one short line.
MAX_SHOWN_PROBLEMS = 5

#: Candidate delimiters, most specific first: on a tie the later ones lose,
#: because a comma is the likeliest of the three to appear in header text.
_DELIMITERS = ("\t", ";", ",")

_NAME, _FIRST, _LAST, _TEAM, _ROLE, _EMAIL = "name", "first", "last", "team", "role", "email"

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
    "team": _TEAM,
    "department": _TEAM,
    "group": _TEAM,
    "dept": _TEAM,
    "role": _ROLE,
    "jobtitle": _ROLE,
    "position": _ROLE,
    "email": _EMAIL,
    "emailaddress": _EMAIL,
}

_EXPECTED_NAME_HEADERS = "Name, Full name, Participant, Attendee, or First name + Last name"

#: Excel honours a first line `sep=;` and hides it; some exports write one. It is
#: removed before parsing, so rows are numbered as Excel shows them.
_SEP_LINE = re.compile(r"\Asep=([^\r\n\"])[ \t]*(?:\r\n|\r|\n|\Z)", re.IGNORECASE)

_ZIP_MAGIC = b"PK\x03\x04"  # .xlsx / .ods
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


@dataclass(frozen=True)
class RosterRow:
    """One participant as found in the file.

    `line` is the spreadsheet row number (the header is usually row 1), kept so
    later messages about this person can point back at the file.
    """

    name: str
    team: str = ""
    role: str = ""
    email: str = ""
    line: int = 0


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
    return parse_roster(_decode(data, source), source)


def parse_roster(text: str, source: str = "roster") -> list[RosterRow]:
    """Parse roster text into rows, or raise `RosterError` listing every problem.

    Pure: nothing is returned unless the whole file is good. Rows are numbered
    the way a spreadsheet shows them (every record, blank ones included,
    counts once, so a cell with line breaks does not shift later numbers).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter, text = _pick_delimiter(text)
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
        if _ends_inside_quotes(text, delimiter):
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
    problems: list[str] = []
    rows: list[RosterRow] = []
    for number, cells in body:
        used = _used_width(cells)
        if used > width:
            problems.append(f"row {number}: {used} columns, the header has {width}")
            continue
        row = _build_row(cells, columns, number)
        if row is None:
            problems.append(f"row {number}: no name")
        else:
            rows.append(row)

    problems.extend(read_problems)
    if problems:
        raise RosterError(source, problems)
    return rows


def _decode(data: bytes, source: str) -> str:
    """Bytes to text, trying the encodings real exports use (see `read_roster`)."""
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        raise RosterError(
            source,
            ["is a spreadsheet workbook, not CSV: save it as 'CSV UTF-8' and import that"],
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise RosterError(source, ["is not valid UTF-16 text"]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise RosterError(
            source,
            ["is not UTF-8 or Windows-1252 text: save it as 'CSV UTF-8' and import that"],
        ) from None


def _pick_delimiter(text: str) -> tuple[str, str]:
    """The delimiter to parse with, and the text with any `sep=` line removed.

    Counted in the header line, outside quotes, rather than with
    `csv.Sniffer`, which guesses wrong when a data cell contains a tab or
    more commas than the header has. With no candidate in the header (a
    one-column file) the standard comma is assumed.
    """
    match = _SEP_LINE.match(text)
    if match:
        return match.group(1), text[match.end() :]
    header = _first_line(text)
    counts = {d: _count_outside_quotes(header, d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: (counts[d], -_DELIMITERS.index(d)))
    return (best if counts[best] else ","), text


def _first_line(text: str) -> str:
    """The first non-blank line, where line breaks inside quotes do not count."""
    in_quotes = False
    start = 0
    for index, char in enumerate(text):
        if char == '"':
            in_quotes = not in_quotes
        elif char in "\r\n" and not in_quotes:
            line = text[start:index]
            if line.strip():
                return line
            start = index + 1
    return text[start:]


def _count_outside_quotes(line: str, delimiter: str) -> int:
    """How often `delimiter` occurs in `line` outside double-quoted stretches."""
    count = 0
    in_quotes = False
    for char in line:
        if char == '"':
            in_quotes = not in_quotes
        elif char == delimiter and not in_quotes:
            count += 1
    return count


def _ends_inside_quotes(text: str, delimiter: str) -> bool:
    """Whether the text ends inside a quoted cell, following the csv module's rules.

    The csv module (non-strict) silently accepts that and returns everything
    after the stray quote as one cell, which would import five people as one
    oddly named participant. A quote opens a cell only at the start of a
    field; inside, `""` is a literal quote and a lone `"` closes it.
    """
    in_quotes = False
    at_field_start = True
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if in_quotes:
            if char == '"':
                if index + 1 < length and text[index + 1] == '"':
                    index += 1
                else:
                    in_quotes = False
                    at_field_start = False
        elif char == delimiter or char in "\r\n":
            at_field_start = True
        elif char == '"' and at_field_start:
            in_quotes = True
        else:
            at_field_start = False
        index += 1
    return in_quotes


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


def _build_row(cells: list[str], columns: dict[str, int], number: int) -> RosterRow | None:
    """One participant from one record, or None when the row has no name.

    Rows shorter than the header are read as if the missing trailing cells
    were empty, as spreadsheet tools do: some exporters drop trailing empty
    cells, and a hand-typed row often leaves out an optional email.
    A full-name column wins; a blank one falls back to first + last name.
    """

    def cell(field: str) -> str:
        index = columns.get(field)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    name = cell(_NAME) or " ".join(part for part in (cell(_FIRST), cell(_LAST)) if part)
    if not name:
        return None
    return RosterRow(name=name, team=cell(_TEAM), role=cell(_ROLE), email=cell(_EMAIL), line=number)


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
