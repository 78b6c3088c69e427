"""Every checker rule, broken on purpose once: the right rule id, at a line, in plain words.

The base is `data/checker/`: one exercise with every step and chart kind, one
that looks back at it with "exercise-id/step-id" references, and an agenda
running both. Each case edits one file and expects its rule id; a test makes
sure every id in `rules.RULES` has a case, so a new rule cannot go untested.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fuzz_run import assert_private_stays_private

from facilitator.loader import Library, Problem, load_library
from facilitator.rules import RULES

BASE = Path(__file__).parent / "data" / "checker"
EVERY, LATER, DAY = "every-kind.toml", "later.toml", "day.toml"

ONLY_BREAK = 'id = "day"\ntitle = "A day"\nminutes = 10\n\n[[items]]\nbreak = "Tea"\nminutes = 10\n'
LATER_FIRST = (
    'id = "day"\ntitle = "A day"\nminutes = 24\n\n[[items]]\nexercise = "later"\nminutes = 4\n\n'
    '[[items]]\nexercise = "every-kind"\nminutes = 20\n'
)

# (rule, file, old text, new text); old "" means: replace the whole file.
CASES: list[tuple[str, str, str, str]] = [
    ("utf-8", EVERY, 'title = "Intro"', 'title = "Intro caf\udce9"'),
    ("toml-syntax", EVERY, 'title = "Intro"', 'title = "Intro'),
    ("toml-syntax", EVERY, "points = [", "points = [[["),
    ("file-kind", DAY, "", 'id = "day"\ntitle = "A day"\nminutes = 1\n'),
    ("known-settings", EVERY, "rounds = 3", 'rounds = 3\ncolour = "red"'),
    ("required-settings", EVERY, 'label_field = "title"\n', ""),
    ("setting-type", EVERY, "rounds = 3", 'rounds = "3"'),
    (
        "allowed-values",
        EVERY,
        'grouping = "trios"\ninstructions = "Play',
        'grouping = "duo"\ninstructions = "Play',
    ),
    ("allowed-values", EVERY, 'kind = "brief"', 'kind = "breif"'),
    ("id-format", EVERY, 'id = "intro"', 'id = "Intro step"'),
    ("value-range", EVERY, "rounds = 3", "rounds = 11"),
    ("unique-ids", LATER, "", (BASE / EVERY).read_text(encoding="utf-8")),
    ("text-not-empty", EVERY, 'title = "Intro"', 'title = "  "'),
    ("text-not-empty", EVERY, '"caller", "taker"', '"caller", ""'),
    ("text-not-empty", EVERY, 'label = "We listen"', 'label = ""'),
    ("text-not-empty", EVERY, '"Second point."', '" "'),
    ("text-not-empty", EVERY, 'choices = ["good", "poor"]', 'choices = ["good", ""]'),
    ("instructions-not-empty", EVERY, 'instructions = "Listen."', 'instructions = " "'),
    ("brief-needs-points", EVERY, 'points = ["First point.", "Second point."]', "points = []"),
    ("exercise-needs-minutes", EVERY, "", ""),  # built below: every minute set to 0
    ("minutes-add-up", EVERY, "minutes = 20", "minutes = 21"),
    ("minutes-add-up", DAY, "minutes = 34", "minutes = 35"),
    ("unique-step-ids", EVERY, 'id = "heard"', 'id = "calls"'),
    ("unique-field-ids", EVERY, 'id = "score"', 'id = "title"'),
    ("choice-fields", EVERY, 'choices = ["good", "poor"]', 'choices = ["good", "Good"]'),
    ("choice-fields", EVERY, 'label = "Title"', 'label = "Title"\nchoices = ["a"]'),
    ("choice-fields", EVERY, 'choices = ["good", "poor"]\n', ""),
    ("score-range", EVERY, 'aspects = ["With', 'min = 5\naspects = ["With'),
    ("score-range", EVERY, 'aspects = ["With', 'max = 100\naspects = ["With'),
    ("score-range", EVERY, "min = 0\nmax = 10", "min = 10\nmax = 10"),
    ("action-plan-fields", EVERY, 'id = "due"', 'id = "when"'),
    ("unique-roles", EVERY, '"caller", "taker", "observer"', '"caller", "taker", "Caller"'),
    (
        "pairing-grouping",
        EVERY,
        'grouping = "trios"\ninstructions = "Play',
        'grouping = "pairs"\ninstructions = "Play',
    ),
    (
        "pairing-grouping",
        EVERY,
        'grouping = "trios"\ninstructions = "Play',
        'grouping = "alone"\ninstructions = "Play',
    ),
    ("unique-item-ids", EVERY, 'id = "read-back"', 'id = "greet"'),
    ("unique-item-ids", EVERY, 'id = "listen"', 'id = "promise"'),
    ("aspects-max-4", EVERY, '"With colleagues"]', '"With colleagues", "A", "B", "C"]'),
    ("aspects-max-4", EVERY, '"With colleagues"]', '"with customers"]'),
    ("step-reference", EVERY, 'among = "stories"', 'among = "debrief"'),
    ("step-reference", EVERY, 'step = "heard"', 'step = "nope"'),
    ("step-reference", LATER, 'step = "every-kind/standards"', 'step = "every-kind/nope"'),
    ("step-reference", LATER, 'step = "every-kind/standards"', 'step = "ghost/standards"'),
    ("checklist-pairing", EVERY, 'subject_role = "taker"', 'subject_role = "boss"'),
    ("checklist-pairing", EVERY, 'pairing = "calls"', 'pairing = "intro"'),
    ("checklist-pairing", EVERY, 'pairing = "calls"\n', ""),
    ("vote-among-capture", EVERY, 'among = "stories"', 'among = "intro"'),
    ("vote-among-capture", LATER, 'among = "every-kind/stories"', 'among = "every-kind/intro"'),
    ("vote-fields", EVERY, 'where_values = ["good"]', 'where_values = ["great"]'),
    ("vote-fields", EVERY, 'label_field = "title"', 'label_field = "headline"'),
    ("vote-fields", EVERY, 'where_values = ["good"]\n', ""),
    ("vote-fields", LATER, 'label_field = "title"', 'label_field = "headline"'),
    ("vote-among-private", EVERY, 'among = "stories"', 'among = "my-actions"'),
    ("vote-among-private", EVERY, 'among = "stories"', 'among = "every-kind/my-actions"'),
    ("vote-among-private", LATER, 'among = "every-kind/stories"', 'among = "every-kind/my-actions"'),
    ("chart-fits-step", EVERY, 'kind = "missed"', 'kind = "average"'),
    ("chart-fits-step", LATER, 'kind = "average"', 'kind = "missed"'),
    ("chart-field", EVERY, 'kind = "missed"\nstep = "heard"', 'kind = "missed"\nstep = "heard"\nfield = "x"'),
    ("chart-field", EVERY, '\nfield = "category"', '\nfield = "title"'),
    ("chart-field", EVERY, 'field = "score"', 'field = "category"'),
    ("share-threshold", EVERY, "threshold = 9", "threshold = 11"),
    ("gap-needs-two-aspects", EVERY, 'aspects = ["With customers", "With colleagues"]\n', ""),
    ("gap-needs-two-aspects", EVERY, '"With colleagues"]', '"With colleagues", "With managers"]'),
    (
        "chart-of-private",
        EVERY,
        'kind = "entries"\nstep = "stories"',
        'kind = "entries"\nstep = "my-actions"',
    ),
    ("chart-of-private", EVERY, 'step = "stories"\nfield = "category"', 'step = "every-kind/my-actions"'),
    ("chart-of-private", LATER, 'step = "every-kind/standards"', 'step = "every-kind/my-actions"'),
    ("private-capture-only", EVERY, 'id = "standards"', 'id = "standards"\nvisibility = "private"'),
    ("private-capture-only", EVERY, 'id = "stories"', 'id = "stories"\nvisibility = "private"\nper = "team"'),
    (
        "self-entry-per-participant",
        EVERY,
        'id = "stories"',
        'id = "stories"\nself_entry = true\nper = "team"',
    ),
    ("private-handout", EVERY, 'visibility = "private"\n', ""),
    ("private-handout", EVERY, 'handout = "actions"', 'handout = "team-suggestions"'),
    ("break-or-exercise", DAY, 'break = "Tea"', 'break = "Tea"\nexercise = "ghost"'),
    ("agenda-item-minutes", DAY, "minutes = 34", "minutes = 30"),  # with the break at 0, below
    ("agenda-needs-exercise", DAY, "", ONLY_BREAK),
    ("exercise-once-per-agenda", DAY, 'exercise = "later"', 'exercise = "every-kind"'),
    ("known-exercise", DAY, 'exercise = "later"', 'exercise = "ghost"'),
    ("reference-order", DAY, "", LATER_FIRST),
]


def edit(folder: Path, name: str, old: str, new: str, rule: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    if rule == "exercise-needs-minutes":
        text = re.sub(r"(?m)^minutes = \d+", "minutes = 0", text)
    elif rule == "agenda-item-minutes":
        text = text.replace("minutes = 34", "minutes = 24").replace("minutes = 10", "minutes = 0")
    elif not old:
        text = new
    else:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_bytes(text.encode("utf-8", "surrogateescape"))


def checked(tmp_path: Path, *edits: tuple[str, str, str, str]) -> Library:
    folder = tmp_path / "files"
    shutil.copytree(BASE, folder)
    for rule, name, old, new in edits:
        edit(folder, name, old, new, rule)
    return load_library([folder])


LINE = re.compile(r"^\S+\.toml:\d+: \S.* \[[a-z0-9-]+\]$")


def assert_one_line_each(problems: list[Problem]) -> None:
    for problem in problems:
        text = str(problem)
        assert LINE.match(text), text
        assert problem.line and problem.rule in RULES, text


def test_the_base_files_pass() -> None:
    lib = load_library([BASE])
    assert not lib.problems, [str(p) for p in lib.problems]
    assert sorted(lib.exercises) == ["every-kind", "later"] and list(lib.agendas) == ["day"]


@pytest.mark.parametrize(
    ("rule", "name", "old", "new"), CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)]
)
def test_each_rule_is_caught_with_its_id_and_line(
    tmp_path: Path, rule: str, name: str, old: str, new: str
) -> None:
    lib = checked(tmp_path, (rule, name, old, new))
    assert lib.problems, "accepted"
    assert_one_line_each(lib.problems)
    assert rule in {p.rule for p in lib.problems}, [str(p) for p in lib.problems]
    assert any(p.path.name == name for p in lib.problems if p.rule == rule)


def test_every_rule_has_a_case() -> None:
    assert sorted(RULES) == sorted({rule for rule, *_ in CASES})


def test_refused_files_never_reach_a_session(tmp_path: Path) -> None:
    """An exercise refused for a cross-file reason is left out, and so is the agenda that runs it."""
    lib = checked(
        tmp_path,
        ("vote-among-private", LATER, 'among = "every-kind/stories"', 'among = "every-kind/my-actions"'),
    )
    assert "later" not in lib.exercises and "day" not in lib.agendas
    assert "every-kind" in lib.exercises
    messages = [str(p) for p in lib.problems]
    assert any("later.toml:13: steps[0].among: 'every-kind/my-actions' is private" in m for m in messages), (
        messages
    )
    assert any("day.toml:" in m and "[known-exercise]" in m for m in messages), messages


def test_no_accepted_file_routes_private_entries_to_the_room() -> None:
    """The privacy rule, stated on the model: in what loads, no vote or chart reads a private step."""
    lib = load_library([BASE, Path(__file__).resolve().parent.parent / "exercises"])
    assert_private_stays_private(lib)
