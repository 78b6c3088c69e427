"""From bytes on disk to TOML data, and from parser jargon to a trainer's words.

The parsers we stand on (tomllib, msgspec) report problems in their own terms:
"Illegal character '\\n'", "Expected `int` >= 0 - at `$.steps[0].minutes`",
"'utf-8' codec can't decode byte 0xeb in position 1836". A trainer reads
these off a terminal with the file open beside it, so each one is turned into
plain words and given the line to look at. Line numbers come from a small
index of the file's tables and keys (`line_index`), because neither parser
tells us where a value came from once it has been read.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import msgspec

from facilitator import model


@dataclass(frozen=True)
class TextProblem:
    """A problem found before the file's meaning is known: rule id, line, where, message."""

    rule: str
    line: int
    message: str
    where: str = ""


class SourceError(Exception):
    """The file's text could not be turned into data; carries one `TextProblem`."""

    def __init__(self, problem: TextProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


# ----- bytes to text -----------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is allowed), or a `SourceError` saying where it is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data[:start].count(b"\n") + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        byte = data[start : start + 1].hex()
        raise SourceError(
            TextProblem(
                "utf-8",
                line,
                f"this line is not UTF-8 text (byte 0x{byte} at column {column}): save the file as "
                "UTF-8 (in Notepad or Excel: Save as, Encoding: UTF-8)",
            )
        ) from None


# ----- TOML ------------------------------------------------------------------------------------

_TOML_WORDS: tuple[tuple[str, str], ...] = (
    (r"^Illegal character '\\n'", 'a quote opened on this line is not closed: end the text with "'),
    (r"^Illegal character '(.+)'", "an invisible control character ({0}) is in the text: delete it"),
    (r"^Cannot overwrite a value", "this setting is given twice: keep one"),
    (r"^Cannot declare \((.*)\) twice", "this table is declared twice: keep one"),
    (r"^Unclosed inline table", "a { ... } on this line is not closed with }"),
    (r"^Unclosed array", "a list is not closed with ], or a comma is missing between its entries"),
    (r"^Unescaped '\\' in a string", "a backslash in text must be written \\\\ (or use '...' quotes)"),
    (r"^Expected '=' after a key", "expected a setting as name = value"),
    (
        r"^Expected newline or end of document after a statement",
        'something follows the value on this line; a " inside text must be written \\"',
    ),
    (
        r"^Invalid value",
        "this value cannot be read: text goes in double quotes, numbers without, yes/no as true or false",
    ),
    (r"^Expected '\]\]' at the end of an array declaration", "a [[ ... ]] header is not closed with ]]"),
    (r"^Expected '\]' at the end of a table declaration", "a [ ... ] header is not closed with ]"),
)


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document, or a `SourceError` in plain words at the line to look at."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(_toml_problem(text, str(exc))) from None


def _toml_problem(text: str, message: str) -> TextProblem:
    match = re.search(r"\s*\(at (?:line (\d+), column \d+|end of document)\)", message)
    bare = message[: match.start()] if match else message
    line = int(match.group(1)) if match and match.group(1) else 0
    if not line:
        opened = unclosed_opening(text)
        if opened:
            return TextProblem("toml-syntax", opened[0], opened[1])
        line = max(1, len(text.splitlines()))
    elif bare.startswith("Invalid value"):
        # `title = [` then a new setting: the list opened above is the mistake.
        opened = unclosed_opening("\n".join(text.splitlines()[: line - 1]))
        if opened and "list" in opened[1]:
            return TextProblem("toml-syntax", opened[0], opened[1])
    for pattern, words in _TOML_WORDS:
        found = re.match(pattern, bare)
        if found:
            return TextProblem("toml-syntax", line, words.format(*found.groups()))
    bare = bare.rstrip(".")
    return TextProblem("toml-syntax", line, f"this line cannot be read ({bare[:1].lower()}{bare[1:]})")


def unclosed_opening(text: str) -> tuple[int, str] | None:
    """Where a string or list that runs to the end of the file was opened, and what it is.

    tomllib only says "at end of document" for these; the line that opened
    them is the one to fix.
    """
    state = ""  # the delimiter of the open string, if any
    started = 0
    depth: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        i = 0
        while i < len(line):
            if state:
                if line.startswith(state, i):
                    state, i = "", i + len(state)
                    continue
                i += 2 if state in ('"""', '"') and line[i] == "\\" else 1
                continue
            char = line[i]
            if char == "#":
                break
            for quote in ('"""', "'''", '"', "'"):
                if line.startswith(quote, i):
                    state, started, i = quote, number, i + len(quote)
                    break
            else:
                if char == "[" and (depth or "=" in line[:i]):
                    depth.append(number)
                elif char == "]" and depth:
                    depth.pop()
                i += 1
        if state in ('"', "'"):
            return number, f"a quote opened on this line is not closed: end the text with {state}"
    if state:
        return started, f"a text opened here with {state} is never closed with {state}"
    if depth:
        return depth[0], "a list opened here with [ is never closed with ]"
    return None


# ----- where things are ---------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


def line_index(text: str) -> dict[str, int]:
    """1-based lines of every table and key, by path: `steps[2]`, `steps[2].fields[0].kind`.

    Lines inside multi-line strings are skipped, so instructions that happen to
    contain `kind = ...` cannot be mistaken for a setting.
    """
    index: dict[str, int] = {}
    counts: dict[str, int] = {}
    current = ""
    in_string = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            if line.count(in_string) % 2:
                in_string = ""
            continue
        header = _HEADER.match(line)
        if header and not _KEY.match(line):
            current = _table_path(header.group(2), header.group(1) == "[[", index, counts)
            index.setdefault(current, number)
            continue
        key = _KEY.match(line)
        if key:
            name = next(g for g in key.groups() if g)
            index.setdefault(f"{current}.{name}" if current else name, number)
        for quote in ('"""', "'''"):
            if line.count(quote) % 2:
                in_string = quote
                break
    return index


def _table_path(dotted: str, array: bool, index: dict[str, int], counts: dict[str, int]) -> str:
    """`steps.fields` under the latest `[[steps]]` becomes `steps[3].fields[n]`."""
    path = ""
    names = [part.strip().strip("\"'") for part in dotted.split(".")]
    for n, name in enumerate(names):
        path = f"{path}.{name}" if path else name
        last = n == len(names) - 1
        if last and array:
            counts[path] = counts.get(path, -1) + 1
            path = f"{path}[{counts[path]}]"
        elif not last and path in counts:
            path = f"{path}[{counts[path]}]"
    return path


def locate(index: Mapping[str, int], where: str) -> int:
    """The line of `where`, or of the nearest enclosing table that has one; 1 at worst."""
    path = where
    while path:
        if path in index:
            return index[path]
        if f"{path}[0]" in index:  # a list of tables named as a whole: its first one
            return index[f"{path}[0]"]
        path = re.sub(r"(\[\d+\]|\.?[^.\[\]]+)$", "", path)
    return 1


# ----- msgspec's messages ---------------------------------------------------------------------------

_TYPE_WORDS = {
    "int": "a whole number",
    "str": "text in quotes",
    "array": "a list in [ ]",
    "object": "a table",
    "bool": "true or false",
    "float": "a decimal number",
    "null": "nothing",
}


def schema_problem(raw: Mapping[str, Any], target: type, message: str) -> TextProblem:
    """One msgspec validation message as a rule, a path and plain words (line filled in later)."""
    where = ""
    match = re.search(r" - at `\$\.?(.*)`$", message)
    if match:
        where = match.group(1)
        message = message[: match.start()]
    struct = struct_at(raw, target, where)
    missing = re.match(r"Object missing required field `([^`]+)`", message)
    if missing:
        what = f" (every {_struct_words(struct)} needs it)" if struct else ""
        if struct is None and re.fullmatch(r"steps\[\d+\]", where):
            what = " (every step needs it)"
        return TextProblem(
            "required-settings", 0, f"the setting {missing.group(1)!r} is missing{what}", where
        )
    unknown = re.match(r"Object contains unknown field `([^`]+)`", message)
    if unknown:
        name = unknown.group(1)
        words = f"{name!r} is not a setting the app knows"
        known = [f.encode_name for f in msgspec.structs.fields(struct)] if struct else []
        close = difflib.get_close_matches(name, known, n=1)
        words += f": did you mean {close[0]!r}?" if close else ""
        return TextProblem("known-settings", 0, words, f"{where}.{name}" if where else name)
    return _value_problem(raw, target, where, message)


def _value_problem(raw: Mapping[str, Any], target: type, where: str, message: str) -> TextProblem:
    parent, _, leaf = where.rpartition(".")
    name = re.sub(r"\[\d+\]$", "", leaf)
    invalid = re.match(r"Invalid (?:enum )?value (.+)$", message)
    if invalid:
        step_kind = re.fullmatch(r"steps\[\d+\]", parent) and name == "kind"
        allowed = model.STEP_KINDS if step_kind else _allowed(struct_at(raw, target, parent), name)
        rest = f": use one of {', '.join(repr(a) for a in allowed)}" if allowed else ""
        return TextProblem("allowed-values", 0, f"{invalid.group(1)} is not allowed here{rest}", where)
    typed = re.match(r"Expected `(\w+)`, got `(\w+)`", message)
    if typed:
        want, got = (_TYPE_WORDS.get(t, t) for t in typed.groups())
        return TextProblem("setting-type", 0, f"expected {want}, got {got}", where)
    if "matching regex" in message:
        return TextProblem(
            "id-format",
            0,
            "an id uses lower-case letters, digits and hyphens only, starting with a letter or digit",
            where,
        )
    ranged = re.match(r"Expected `(\w+)`(?: of length)? (>=|<=) (\d+)", message)
    if ranged:
        kind, op, limit = ranged.groups()
        bound = "at least" if op == ">=" else "at most"
        unit = {"array": " entries", "str": " characters"}.get(kind, "")
        return TextProblem("value-range", 0, f"must be {bound} {limit}{unit}", where)
    return TextProblem("setting-type", 0, message.replace("`", "'"), where)


_NESTED: dict[str, type] = {
    "fields": model.Field,
    "cards": model.Card,
    "charts": model.Chart,
}


def struct_at(raw: Mapping[str, Any], target: type, where: str) -> type | None:
    """The model struct that the table at `where` is read into, following the raw data."""
    struct: type | None = target
    node: Any = raw
    for name, index in re.findall(r"([A-Za-z_][\w-]*)(?:\[(\d+)\])?", where):
        node = node.get(name) if isinstance(node, dict) else None
        if index:
            node = node[int(index)] if isinstance(node, list) and int(index) < len(node) else None
        if name == "steps":
            kind = node.get("kind") if isinstance(node, dict) else None
            struct = _step_struct(kind)
        elif name == "items":
            struct = model.AgendaItem if struct is model.Agenda else model.Item
        else:
            struct = _NESTED.get(name)
        if struct is None:
            return None
    return struct


def _step_struct(kind: object) -> type | None:
    for struct in typing.get_args(model.Step):
        if struct.__struct_config__.tag == kind:
            return typing.cast(type, struct)
    return None


def _allowed(struct: type | None, name: str) -> tuple[str, ...]:
    if struct is None:
        return ()
    hints = typing.get_type_hints(struct, include_extras=True)
    field = next((f for f in msgspec.structs.fields(struct) if f.encode_name == name), None)
    hint = hints.get(field.name) if field else None
    return typing.get_args(hint) if typing.get_origin(hint) is typing.Literal else ()


def _struct_words(struct: type) -> str:
    tag = getattr(getattr(struct, "__struct_config__", None), "tag", None)
    if isinstance(tag, str):
        return f"{tag} step"
    return {"AgendaItem": "agenda item"}.get(struct.__name__, struct.__name__.lower())
