"""A seeded mutator for exercise and agenda files: one plausible trainer's mistake at a time.

Mistakes come in the shapes people make them: a line deleted, duplicated or
moved; a value swapped for a neighbour's (another step's id, a private step
named as "exercise-id/step-id", a kind that does not fit); a setting added
where it does not belong; text left blank, filled with a hostile string or
10,000 characters; a quote left open; a byte from another encoding. Each
mutation says what it did, so a failure can be reproduced from its seed.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass

from hostile import HOSTILE

from facilitator.model import STEP_KINDS

CHART_KINDS = ("tally", "missed", "votes", "average", "gap", "lowest", "share", "entries")
FIELD_KINDS = ("text", "long", "choice", "date", "score")
CROSS_REFS = (
    "action-plan/my-actions",
    "relationship-map/my-relationships",
    "relationship-map/my-relationship-plan",
    "service-stories/stories",
    "service-stories/best-award",
    "walk-the-talk/standards",
    "message-taking/calls",
    "message-taking/observer-checklist",
    "complaints-health-check/mistakes",
    "close/feedback",
    "ghost/step",
)
EXERCISE_IDS = (
    "message-taking",
    "service-stories",
    "complaint-turnaround",
    "relationship-map",
    "walk-the-talk",
    "complaints-health-check",
    "promises",
    "action-plan",
    "close",
    "ghost",
)
TEXTY = {"title", "label", "name", "reason", "instructions", "purpose", "invitation", "award", "break"}
LISTY = {"points", "choices", "questions", "where_values", "materials", "key_points", "debrief_questions"}
NUMBERS = {"minutes", "rounds", "votes_each", "max_entries", "top", "threshold", "min", "max"}
INSERTS = (
    'visibility = "private"',
    'visibility = "projected"',
    'aspects = ["A", "B", "C", "D", "E"]',
    'aspects = ["Customers", "Colleagues"]',
    'aspects = ["Only one"]',
    'field = "category"',
    'field = "recommend"',
    'per = "team"',
    'per = "group"',
    'handout = "actions"',
    'handout = "relationships"',
    'handout = "team-suggestions"',
    'subject_role = "observer"',
    'pairing = "calls"',
    'where_field = "category"',
    'where_values = ["poor"]',
    "anonymous = false",
    'choices = ["a", "b"]',
    'kind = "gap"',
    "colour = 1",
    "minutes = 0",
    'among = "action-plan/my-actions"',
    'step = "action-plan/my-actions"',
    'label_field = "action"',
    'grouping = "alone"',
)


@dataclass(frozen=True)
class Mutation:
    """One changed file and what was done to it."""

    text: str
    raw: bytes | None
    what: str


def toml_value(value: object) -> str:
    """A Python value written as TOML (JSON's strings and lists are valid TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def _key_lines(lines: list[str]) -> list[tuple[int, str]]:
    found = []
    for n, line in enumerate(lines):
        match = re.match(r"^([a-z_]+) = ", line)
        if match:
            found.append((n, match.group(1)))
    return found


def _ids(text: str) -> list[str]:
    return re.findall(r'(?m)^id = "([^"]+)"', text)


def _value_for(rng: random.Random, key: str, text: str, own: str) -> object:
    ids = _ids(text)
    hostile = rng.choice([h for h in HOSTILE if h])
    if key in ("among", "step", "pairing"):
        pool: list[object] = [*ids, *CROSS_REFS, f"{own}/{rng.choice(ids)}", ""]
        return rng.choice(pool)
    if key in ("field", "label_field", "where_field"):
        return rng.choice([*ids, "nope", ""])
    if key == "id":
        return rng.choice([*ids, "Bad Id", "", "x"])
    if key == "kind":
        return rng.choice([*STEP_KINDS, *CHART_KINDS, *FIELD_KINDS, "nonsense"])
    if key == "visibility":
        return rng.choice(["private", "projected", "secret"])
    if key == "handout":
        return rng.choice(["", "actions", "relationships", "relationship-plan", "team-suggestions", "x"])
    if key == "per":
        return rng.choice(["participant", "team", "group"])
    if key == "grouping":
        return rng.choice(["alone", "pairs", "trios", "teams", "room"])
    if key == "exercise":
        return rng.choice(EXERCISE_IDS)
    if key in NUMBERS:
        return rng.choice([0, 1, -1, 2, 3, 5, 9, 10, 11, 100, 601, "5"])
    if key == "aspects":
        return [f"Aspect {n}" for n in range(rng.choice([0, 1, 2, 3, 5]))]
    if key == "roles":
        return rng.choice([[], ["a"], ["a", "a"], ["a", ""], ["a", "b"], ["a", "b", "c", "d"], list("abcde")])
    if key in LISTY:
        return rng.choice([[], [""], ["x", "x"], [hostile], ["poor"], ["good", "poor"]])
    if key in TEXTY:
        return rng.choice(["", "   ", hostile, "Long " * 2000, "x"])
    if key in ("required", "anonymous"):
        return rng.choice([True, False, "yes"])
    return rng.choice(["", 0, "x", [], True, hostile])


def mutate(rng: random.Random, text: str) -> Mutation:
    """One random mistake in `text`."""
    lines = text.split("\n")
    own = (_ids(text) or ["x"])[0]
    keyed = _key_lines(lines)
    op = rng.choice(["value"] * 8 + ["insert"] * 4 + ["delete", "duplicate", "swap", "truncate", "bytes"])
    if op == "value" and keyed:
        n, key = rng.choice(keyed)
        value = _value_for(rng, key, text, own)
        lines[n] = f"{key} = {toml_value(value)}"
        return Mutation("\n".join(lines), None, f"line {n + 1}: {key} = {toml_value(value)[:60]}")
    if op == "insert":
        n = rng.randrange(len(lines))
        new = rng.choice(INSERTS)
        lines.insert(n + 1, new)
        return Mutation("\n".join(lines), None, f"after line {n + 1}: {new}")
    n = rng.randrange(len(lines))
    if op == "delete":
        del lines[n]
    elif op == "duplicate":
        lines.insert(n, lines[n])
    elif op == "swap" and n + 1 < len(lines):
        lines[n], lines[n + 1] = lines[n + 1], lines[n]
    elif op == "truncate":
        lines = lines[:n]
    elif op == "bytes":
        return _bytes(rng, lines, n)
    return Mutation("\n".join(lines), None, f"{op} line {n + 1}")


def _bytes(rng: random.Random, lines: list[str], n: int) -> Mutation:
    """Mistakes below the level of settings: an encoding, a lost quote, a control character."""
    line = lines[n]
    kind = rng.choice(["latin-1", "unclosed", "stray-quote", "control", "crlf-bom"])
    if kind == "latin-1":
        raw = "\n".join(lines).encode("utf-8")
        at = len("\n".join(lines[:n]).encode("utf-8")) + (1 if n else 0)
        return Mutation("", raw[:at] + b"caf\xe9 " + raw[at:], f"line {n + 1}: a Latin-1 byte")
    if kind == "unclosed" and line.rstrip().endswith('"'):
        lines[n] = line.rstrip()[:-1]
    elif kind == "stray-quote":
        lines[n] = line + ' "'
    elif kind == "control":
        lines[n] = line.replace('"', '"\x1b', 1)
    elif kind == "crlf-bom":
        return Mutation("\ufeff" + "\r\n".join(lines), None, "BOM and CRLF (harmless)")
    return Mutation("\n".join(lines), None, f"line {n + 1}: {kind}")
