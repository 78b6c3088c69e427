"""Read exercise and agenda files into validated model objects.

A trainer edits these files by hand, so every problem must come back as one
line that says which file, where in it, and what is wrong. Types and unknown
keys are checked by msgspec against `model`; the rules that span several
fields or files (references to earlier steps, duplicate ids, timings that add
up) are checked here. A broken file never stops the good ones from loading.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from facilitator.model import (
    Agenda,
    Capture,
    Chart,
    Checklist,
    Debrief,
    Exercise,
    Pairing,
    Rating,
    Step,
    Vote,
)

ACTION_FIELDS = ("action", "due", "support", "measure")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, printable as a single line."""

    path: Path
    message: str
    line: int | None = None
    where: str = ""

    def __str__(self) -> str:
        head = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{head}: {self.where}: {self.message}" if self.where else f"{head}: {self.message}"


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
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileError([Problem(path, "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FileError([Problem(path, f"cannot be read: {exc}")]) from None
    return parse_text(path, text)


def parse_text(path: Path, text: str) -> Exercise | Agenda:
    """Validate the text of one file; `path` is only used in messages."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else None
        if line is None and "end of document" in message:
            line = max(1, len(text.splitlines()))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        raise FileError([Problem(path, f"not valid TOML: {message}", line)]) from None
    if "steps" in raw:
        target: type[Exercise | Agenda] = Exercise
    elif "items" in raw:
        target = Agenda
    else:
        raise FileError([Problem(path, "an exercise needs [[steps]] and an agenda needs [[items]]")])
    try:
        obj = msgspec.convert(raw, target, strict=True)
    except msgspec.ValidationError as exc:
        raise FileError([_validation_problem(path, text, str(exc))]) from None
    problems = exercise_problems(obj) if isinstance(obj, Exercise) else agenda_shape_problems(obj)
    if problems:
        raise FileError([Problem(path, msg, _locate(text, where), where) for where, msg in problems])
    return obj


def _validation_problem(path: Path, text: str, message: str) -> Problem:
    """Turn msgspec's "... - at `$.steps[0].kind`" into a trainer-readable line."""
    where = ""
    match = re.search(r" - at `\$\.?(.*)`$", message)
    if match:
        where = match.group(1)
        message = message[: match.start()]
    message = message.replace("`", "'")
    message = message[:1].lower() + message[1:]
    message = message.replace("object contains unknown field", "unknown field")
    message = re.sub(r"expected '([^']+)', got '([^']+)'", r"expected \1, got \2", message)
    unknown = re.match(r"unknown field '([^']+)'", message)
    key_path = f"{where}.{unknown.group(1)}" if unknown and where else where
    return Problem(path, message, _locate(text, key_path), where)


def _locate(text: str, where: str) -> int | None:
    """Best-effort line number for a path like `steps[2].fields[0].kind`."""
    if not where:
        return None
    lines = text.splitlines()
    start, end = 0, len(lines)
    table = ""
    parts = re.findall(r"([A-Za-z_][\w-]*)(?:\[(\d+)\])?", where)
    for name, index in parts:
        table = f"{table}.{name}" if table else name
        if index:
            header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
            hits = [i for i in range(start, end) if header.match(lines[i])]
            if int(index) < len(hits):
                start = hits[int(index)]
                nxt = [i for i in range(start + 1, end) if re.match(r"^\s*\[", lines[i])]
                following = [i for i in nxt if not lines[i].strip().startswith(f"[[{table}.")]
                end = following[0] if following else end
                continue
        key = re.compile(rf"^\s*{re.escape(name)}\s*=")
        for i in range(start, end):
            if key.match(lines[i]):
                return i + 1
        return start + 1 if start else None
    return start + 1


def _ref(exercise: Exercise, ref: str, before: int) -> tuple[Step | None, str]:
    """Resolve a same-exercise reference; cross-exercise ones are checked later."""
    if "/" in ref:
        return None, "cross"
    for i, step in enumerate(exercise.steps):
        if step.id == ref:
            return (step, "") if i < before else (None, "must name an earlier step")
    return None, "names no step in this exercise"


def exercise_problems(ex: Exercise) -> list[tuple[str, str]]:
    """Rules a type cannot express, as (where, message) pairs."""
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, step in enumerate(ex.steps):
        at = f"steps[{i}]"
        if step.id in seen:
            problems.append((f"{at}.id", f"duplicate step id {step.id!r}"))
        seen.add(step.id)
        if not step.instructions.strip():
            problems.append((f"{at}.instructions", "every step needs instructions"))
        problems.extend((f"{at}.{w}", m) for w, m in _step_problems(ex, i, step))
    planned = sum(s.minutes for s in ex.steps)
    if planned != ex.minutes:
        problems.append(("minutes", f"steps add up to {planned} min but the exercise says {ex.minutes}"))
    return problems


def _step_problems(ex: Exercise, index: int, step: Step) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []

    def ref(where: str, name: str, want: type | None = None) -> Step | None:
        target, why = _ref(ex, name, index)
        if why and why != "cross":
            out.append((where, f"{name!r} {why}"))
        elif target is not None and want is not None and not isinstance(target, want):
            out.append((where, f"{name!r} is a {target.__class__.__name__.lower()} step"))
            return None
        return target

    if isinstance(step, Capture):
        ids = [f.id for f in step.fields]
        for j, f in enumerate(step.fields):
            if f.kind == "choice" and not f.choices:
                out.append((f"fields[{j}].choices", "a choice field needs choices"))
            if f.kind == "score" and f.min >= f.max:
                out.append((f"fields[{j}].max", "max must be above min"))
            if ids.count(f.id) > 1:
                out.append((f"fields[{j}].id", f"duplicate field id {f.id!r}"))
        if step.self_entry and step.per != "participant":
            out.append(("self_entry", 'people enter their own only on a step with per = "participant"'))
        if step.handout == "actions":
            missing = [a for a in ACTION_FIELDS[:2] if a not in ids]
            if missing:
                out.append(("handout", f"an action plan needs fields {', '.join(missing)}"))
    elif isinstance(step, Rating):
        if step.min >= step.max:
            out.append(("max", "max must be above min"))
    elif isinstance(step, Pairing):
        if len(set(step.roles)) != len(step.roles):
            out.append(("roles", "role names must differ"))
    elif isinstance(step, Checklist):
        if step.pairing:
            target = ref("pairing", step.pairing, Pairing)
            if isinstance(target, Pairing) and step.subject_role not in target.roles:
                out.append(("subject_role", f"{step.subject_role!r} is not a role of {target.id!r}"))
    elif isinstance(step, Vote):
        target = ref("among", step.among, Capture)
        if isinstance(target, Capture):
            fields = {f.id: f for f in target.fields}
            if step.label_field not in fields:
                out.append(("label_field", f"{step.among!r} has no field {step.label_field!r}"))
            if step.where_field and step.where_field not in fields:
                out.append(("where_field", f"{step.among!r} has no field {step.where_field!r}"))
    elif isinstance(step, Debrief):
        for j, chart in enumerate(step.charts):
            out.extend(
                (f"charts[{j}].{w}", m)
                for w, m in _chart_problems(chart, ref(f"charts[{j}].step", chart.step))
            )
    return out


CHART_TARGETS: dict[str, tuple[type, ...]] = {
    "tally": (Capture,),
    "share": (Capture,),
    "entries": (Capture,),
    "missed": (Checklist,),
    "votes": (Vote,),
    "average": (Rating,),
    "gap": (Rating,),
    "lowest": (Rating,),
}


def _chart_problems(chart: Chart, target: Step | None) -> list[tuple[str, str]]:
    """A chart must fit the step it summarises; private words never reach the room."""
    if target is None:
        return []
    if not isinstance(target, CHART_TARGETS[chart.kind]):
        return [("kind", f"a {chart.kind} chart cannot summarise a {type(target).__name__.lower()} step")]
    if isinstance(target, Capture):
        fields = {f.id: f for f in target.fields}
        wanted = {"tally": "choice", "share": "score"}.get(chart.kind)
        if wanted and (chart.field not in fields or fields[chart.field].kind != wanted):
            return [("field", f"a {chart.kind} chart needs a {wanted} field of {target.id!r}")]
        if chart.kind == "entries" and target.visibility == "private":
            return [("kind", f"{target.id!r} is private: its entries are never shown to the room")]
    return []


def agenda_shape_problems(agenda: Agenda) -> list[tuple[str, str]]:
    """Agenda rules that need no other file."""
    problems: list[tuple[str, str]] = []
    for i, item in enumerate(agenda.items):
        if bool(item.exercise) == bool(item.break_title):
            problems.append((f"items[{i}]", "give either exercise = ... or break = ..."))
    planned = sum(item.minutes for item in agenda.items)
    if planned != agenda.minutes:
        problems.append(("minutes", f"items add up to {planned} min but the agenda says {agenda.minutes}"))
    return problems


def _cross_problems(lib: Library) -> list[Problem]:
    """References between files: agenda items and "exercise/step" citations."""
    problems: list[Problem] = []
    for agenda in lib.agendas.values():
        for i, item in enumerate(agenda.items):
            if item.exercise and item.exercise not in lib.exercises:
                problems.append(
                    Problem(
                        lib.sources[f"agenda:{agenda.id}"],
                        f"unknown exercise {item.exercise!r}",
                        where=f"items[{i}].exercise",
                    )
                )
    for ex in lib.exercises.values():
        for where, ref in _cross_refs(ex):
            ex_id, _, step_id = ref.partition("/")
            other = lib.exercises.get(ex_id)
            if other is None or other.step(step_id) is None:
                problems.append(Problem(lib.sources[ex.id], f"{ref!r} names no known step", where=where))
    return problems


def _cross_refs(ex: Exercise) -> list[tuple[str, str]]:
    refs: list[tuple[str, str]] = []
    for i, step in enumerate(ex.steps):
        if isinstance(step, Vote):
            refs.append((f"steps[{i}].among", step.among))
        elif isinstance(step, Checklist) and step.pairing:
            refs.append((f"steps[{i}].pairing", step.pairing))
        elif isinstance(step, Debrief):
            refs.extend((f"steps[{i}].charts[{j}].step", c.step) for j, c in enumerate(step.charts))
    return [(w, r) for w, r in refs if "/" in r]


def load_library(paths: Iterable[Path]) -> Library:
    """Load every file found; problems are collected, never raised."""
    lib = Library()
    for path in find_files(paths):
        try:
            obj = load_file(path)
        except FileError as exc:
            lib.problems.extend(exc.problems)
            continue
        key = obj.id if isinstance(obj, Exercise) else f"agenda:{obj.id}"
        if key in lib.sources:
            lib.problems.append(
                Problem(path, f"duplicate id {obj.id!r}, already used by {lib.sources[key]}", where="id")
            )
            continue
        lib.sources[key] = path
        if isinstance(obj, Exercise):
            lib.exercises[obj.id] = obj
        else:
            lib.agendas[obj.id] = obj
    lib.problems.extend(_cross_problems(lib))
    return lib
