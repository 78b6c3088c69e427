"""A roster file's bytes to CSV text: the encoding, the delimiter, and quotes left open.

Rosters come out of Excel in several encodings and with `,`, `;` or tabs;
these helpers find out which, from the file itself, before `roster` reads
the rows.
"""

from __future__ import annotations

import codecs
import re

#: Candidate delimiters, most specific first: on a tie the later ones lose,
#: because a comma is the likeliest of the three to appear in header text.
_DELIMITERS = ("\t", ";", ",")

#: Excel honours a first line `sep=;` and hides it; some exports write one. It is
#: removed before parsing, so rows are numbered as Excel shows them.
_SEP_LINE = re.compile(r"\Asep=([^\r\n\"])[ \t]*(?:\r\n|\r|\n|\Z)", re.IGNORECASE)

_ZIP_MAGIC = b"PK\x03\x04"  # .xlsx / .ods
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


class UndecodableError(ValueError):
    """Bytes that are not a text file we can read; the message says what to do."""


def decode(data: bytes) -> str:
    """Bytes to text, trying the encodings real exports use (see `roster.read_roster_report`)."""
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        raise UndecodableError("is a spreadsheet workbook, not CSV: save it as 'CSV UTF-8' and import that")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UndecodableError("is not valid UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise UndecodableError(
            "is not UTF-8 or Windows-1252 text: save it as 'CSV UTF-8' and import that"
        ) from None


def pick_delimiter(text: str) -> tuple[str, str]:
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


def ends_inside_quotes(text: str, delimiter: str) -> bool:
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
