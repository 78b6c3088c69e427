"""Read exercise and agenda files into validated model objects.

A trainer edits these files by hand, so every problem comes back as one line
that says which file, which line, what is wrong in plain words, and the id of
the rule it breaks (explained in docs/authoring-exercises.md). Reading and
parser messages live in `loader_text`; the rules beyond types, in
`loader_rules`. A broken file never stops the good ones from loading, and a
file the checker refuses is never offered to a session: an exercise whose
references fail is left out of the library, and so is an agenda that needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from facilitator.loader_refs import agenda_library_issues, reference_issues, references
from facilitator.loader_rules import agenda_issues, exercise_issues
from facilitator.loader_text import (
    SourceError,
    TextProblem,
    decode,
    line_index,
    locate,
    parse_toml,
    schema_problem,
)
from facilitator.model import Agenda, Exercise
from facilitator.rules import RULES, Issue, issue


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, printable as a single `file:line: ...` line."""

    path: Path
    message: str
    line: int | None = None
    where: str = ""
    rule: str = ""

    def __post_init__(self) -> None:
        if self.rule and self.rule not in RULES:
            raise ValueError(f"unregistered rule id {self.rule!r}")

    def __str__(self) -> str:
        head = f"{self.path}:{self.line}" if self.line else str(self.path)
        body = f"{self.where}: {self.message}" if self.where else self.message
        text = f"{head}: {body} [{self.rule}]" if self.rule else f"{head}: {body}"
        # A setting's name or a file name may hold a line break or an escape: keep to one line.
        return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass
class Library:
    """Every exercise and agenda found, plus the problems that kept others out."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    agendas: dict[str, Agenda] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class FileError(Exception):
    """A file that could not be read or validated; carries its `Problem`s."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _hidden(path: Path, root: Path) -> bool:
    """Folders starting with `_` or `.` hold other data (the demo group, drafts) and are skipped."""
    return any(part.startswith(("_", ".")) for part in path.relative_to(root).parts[:-1])


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Every `.toml` file under the given files and folders, in a stable order."""
    found: dict[Path, Path] = {}
    for path in paths:
        candidates = (
            sorted(p for p in path.rglob("*.toml") if p.is_file() and not _hidden(p, path))
            if path.is_dir()
            else [path]
        )
        for candidate in candidates:
            found.setdefault(candidate.resolve(), candidate)  # a file named twice is loaded once
    return list(found.values())


def load_file(path: Path) -> Exercise | Agenda:
    """Parse and validate one file; raise `FileError` with every problem found."""
    return _load(path)[0]


def _load(path: Path) -> tuple[Exercise | Agenda, str]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileError([Problem(path, "no such file")]) from None
    except IsADirectoryError:
        raise FileError([Problem(path, "is a folder, not a file")]) from None
    except OSError as exc:
        raise FileError([Problem(path, f"cannot be read ({exc.strerror or exc})")]) from None
    try:
        text = decode(data)
    except SourceError as exc:
        raise FileError([_text_problem(path, exc.problem)]) from None
    return _parse(path, text)


def parse_text(path: Path, text: str) -> Exercise | Agenda:
    """Validate the text of one file; `path` is only used in messages."""
    return _parse(path, text)[0]


def _text_problem(path: Path, found: TextProblem, text: str = "") -> Problem:
    line = found.line or locate(line_index(text), found.where)
    return Problem(path, found.message, line, found.where, found.rule)


def _parse(path: Path, text: str) -> tuple[Exercise | Agenda, str]:
    try:
        raw = parse_toml(text)
    except SourceError as exc:
        raise FileError([_text_problem(path, exc.problem)]) from None
    if "steps" in raw:
        target: type[Exercise | Agenda] = Exercise
    elif "items" in raw:
        target = Agenda
    else:
        message = "an exercise needs [[steps]] and an agenda needs [[items]]"
        raise FileError([Problem(path, message, 1, rule="file-kind")])
    try:
        obj = msgspec.convert(raw, target, strict=True)
    except msgspec.ValidationError as exc:
        raise FileError([_text_problem(path, schema_problem(raw, target, str(exc)), text)]) from None
    issues = exercise_issues(obj) if isinstance(obj, Exercise) else agenda_issues(obj)
    if issues:
        raise FileError(_problems(path, text, issues))
    return obj, text


def _problems(path: Path, text: str, issues: Iterable[Issue]) -> list[Problem]:
    """Problems at their lines; the index is built only here, as most files have none."""
    index = line_index(text)
    return [Problem(path, message, locate(index, where), where, rule) for rule, where, message in issues]


def load_library(paths: Iterable[Path]) -> Library:
    """Load every file found; problems are collected, never raised."""
    lib = Library()
    texts: dict[str, str] = {}
    refused: set[str] = set()
    for path in find_files(paths):
        try:
            obj, text = _load(path)
        except FileError as exc:
            lib.problems.extend(exc.problems)
            refused.add(_declared_id(path))
            continue
        key = obj.id if isinstance(obj, Exercise) else f"agenda:{obj.id}"
        if key in lib.sources:
            used = issue("unique-ids", "id", f"duplicate id {obj.id!r}, already used by {lib.sources[key]}")
            lib.problems.extend(_problems(path, text, [used]))
            continue
        lib.sources[key] = path
        texts[key] = text
        if isinstance(obj, Exercise):
            lib.exercises[obj.id] = obj
        else:
            lib.agendas[obj.id] = obj
    _check_across_files(lib, texts, refused)
    return lib


def _declared_id(path: Path) -> str:
    """The id a refused file gives itself, if it can be read, for messages about what uses it."""
    try:
        found = re.search(r'(?m)^id\s*=\s*"([^"]*)"', path.read_text(encoding="utf-8-sig", errors="replace"))
    except OSError:
        return ""
    return found.group(1) if found else ""


def _check_across_files(lib: Library, texts: Mapping[str, str], refused: set[str]) -> None:
    """References between files; whatever fails is taken out, and the rest checked again.

    Taking a refused exercise out can break an agenda or another exercise that
    used it, hence the loop; it ends because every round removes something.
    """
    while True:
        failed: dict[str, list[Issue]] = {}
        for ex in lib.exercises.values():
            found = [
                i for ref in references(ex) for i in reference_issues(ex, ref, False, lib.exercises, refused)
            ]
            if found:
                failed[ex.id] = found
        for agenda in lib.agendas.values():
            found = agenda_library_issues(agenda, lib.exercises, refused)
            if found:
                failed[f"agenda:{agenda.id}"] = found
        if not failed:
            return
        for key, found in failed.items():
            lib.problems.extend(_problems(lib.sources[key], texts[key], found))
            if key.startswith("agenda:"):
                del lib.agendas[key.removeprefix("agenda:")]
            else:
                del lib.exercises[key]
                refused.add(key)
