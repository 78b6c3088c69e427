"""The bundled exercises, agendas and authoring guide: they load, and they are fit to project.

These tests read only files in this repository. (The check that no sentence was
copied from the source articles was run once by hand, outside the test suite.)
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

import msgspec
import pytest

from facilitator import model
from facilitator.loader import Library, find_files, load_file, load_library
from facilitator.model import (
    Agenda,
    Brief,
    Capture,
    Chart,
    Checklist,
    Debrief,
    Exercise,
    Field,
    Pairing,
    Rating,
    Vote,
)

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
AGENDAS = EXERCISES / "agendas"
EXAMPLES = ROOT / "docs" / "examples"
GUIDE = ROOT / "docs" / "authoring-exercises.md"
EXAMPLE = EXAMPLES / "example-exercise.toml"

# The nine bundled exercises, in the order of their file names.
NINE = [
    "message-taking",
    "service-stories",
    "complaint-turnaround",
    "relationship-map",
    "walk-the-talk",
    "complaints-health-check",
    "promises",
    "action-plan",
    "close",
]
FULL_DAY = "delivering-excellent-service"
SHORT = "taking-messages-that-matter"

# Projected text must be readable from the back row on an 80-column screen.
MAX_LINE = 80
MAX_INSTRUCTION_LINES = 6

BUNDLED_FILES = find_files([EXERCISES, EXAMPLES])  # the files the app loads (skips _demo/)


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([EXERCISES, EXAMPLES])


def _bundled_exercises() -> list[Exercise]:
    found = []
    for path in sorted(EXERCISES.glob("*.toml")):
        obj = load_file(path)
        assert isinstance(obj, Exercise)
        found.append(obj)
    return found


def _all_exercises() -> list[Exercise]:
    example = load_file(EXAMPLE)
    assert isinstance(example, Exercise)
    return [*_bundled_exercises(), example]


def _exercise(exercise_id: str) -> Exercise:
    return next(e for e in _bundled_exercises() if e.id == exercise_id)


def _agenda(agenda_id: str) -> Agenda:
    for path in AGENDAS.glob("*.toml"):
        obj = load_file(path)
        if isinstance(obj, Agenda) and obj.id == agenda_id:
            return obj
    raise AssertionError(f"no agenda {agenda_id!r}")


# ----- everything loads --------------------------------------------------------------------------


def test_there_are_files_to_check() -> None:
    assert len(list(EXERCISES.glob("*.toml"))) == 9
    assert len(list(AGENDAS.glob("*.toml"))) == 2
    assert EXAMPLE.is_file()


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=_rel)
def test_each_file_loads_on_its_own(path: Path) -> None:
    load_file(path)  # raises FileError, naming every problem, if the file is wrong


def test_library_loads_without_problems(library: Library) -> None:
    assert [str(p) for p in library.problems] == []
    assert sorted(library.exercises) == sorted([*NINE, "example-first-seconds"])
    assert sorted(library.agendas) == sorted([FULL_DAY, SHORT])


def test_file_names_follow_the_numbering() -> None:
    names = [p.stem for p in sorted(EXERCISES.glob("*.toml"))]
    assert names == [f"{n:02d}-{ex_id}" for n, ex_id in enumerate(NINE, start=1)]


# ----- content lint ------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", _all_exercises(), ids=lambda e: e.id)
def test_exercise_has_every_part_a_trainer_needs(exercise: Exercise) -> None:
    for name in ("purpose", "invitation", "notes", "notes_small_group", "notes_large_group"):
        assert getattr(exercise, name).strip(), f"{exercise.id}: {name} is empty"
    assert exercise.materials, f"{exercise.id}: no materials"
    assert exercise.debrief_questions, f"{exercise.id}: no debrief questions"
    assert 2 <= len(exercise.key_points) <= 4, f"{exercise.id}: key_points needs 2 to 4 lines"
    for point in exercise.key_points:
        assert point.strip() and len(point) <= 100, f"{exercise.id}: key point too long: {point!r}"


@pytest.mark.parametrize("exercise", _all_exercises(), ids=lambda e: e.id)
def test_steps_have_instructions_minutes_and_add_up(exercise: Exercise) -> None:
    for step in exercise.steps:
        assert step.instructions.strip(), f"{exercise.id}/{step.id}: no instructions"
        assert step.title.strip(), f"{exercise.id}/{step.id}: no title"
        assert step.minutes > 0, f"{exercise.id}/{step.id}: no minutes"
    assert sum(s.minutes for s in exercise.steps) == exercise.minutes


@pytest.mark.parametrize("exercise", _all_exercises(), ids=lambda e: e.id)
def test_projected_text_is_short(exercise: Exercise) -> None:
    for step in exercise.steps:
        where = f"{exercise.id}/{step.id}"
        lines = step.instructions.strip().splitlines()
        assert len(lines) <= MAX_INSTRUCTION_LINES, f"{where}: too many instruction lines"
        for line in lines:
            assert len(line) <= MAX_LINE, f"{where}: instruction line too long: {line!r}"
        projected: list[str] = []
        if isinstance(step, Brief):
            assert step.points, f"{where}: a brief with no points"
            projected.extend(step.points)
        if isinstance(step, Debrief):
            assert step.questions or step.charts, f"{where}: a debrief with nothing to show"
            projected.extend(step.questions)
        for text in projected:
            assert "\n" not in text and len(text) <= MAX_LINE, f"{where}: too long to project: {text!r}"


@pytest.mark.parametrize("exercise", _all_exercises(), ids=lambda e: e.id)
def test_private_steps_stay_private(exercise: Exercise) -> None:
    private = {s.id for s in exercise.steps if s.visibility == "private"}
    for step in exercise.steps:
        if step.id in private:
            assert step.grouping == "alone", f"{exercise.id}/{step.id}: private work is done alone"
        if isinstance(step, Debrief):
            for chart in step.charts:
                assert chart.step not in private, f"{exercise.id}/{step.id}: charts a private step"
        if isinstance(step, Vote):
            assert step.among not in private, f"{exercise.id}/{step.id}: votes on private entries"


@pytest.mark.parametrize("exercise", _all_exercises(), ids=lambda e: e.id)
def test_charts_name_the_right_kind_of_step_and_field(exercise: Exercise) -> None:
    wants = {
        "tally": Capture,
        "share": Capture,
        "entries": Capture,
        "missed": Checklist,
        "votes": Vote,
        "average": Rating,
        "gap": Rating,
        "lowest": Rating,
    }
    for step in exercise.steps:
        if not isinstance(step, Debrief):
            continue
        for chart in step.charts:
            target = exercise.step(chart.step)
            assert isinstance(target, wants[chart.kind]), f"{exercise.id}: {chart.kind} on {chart.step}"
            if chart.kind in ("tally", "share"):
                assert isinstance(target, Capture)
                field = next((f for f in target.fields if f.id == chart.field), None)
                kind = "choice" if chart.kind == "tally" else "score"
                assert field is not None and field.kind == kind, f"{exercise.id}: {chart.kind} field"
            if chart.kind == "gap":
                assert isinstance(target, Rating) and len(target.aspects) == 2


def test_action_plan_handouts_have_all_four_fields() -> None:
    for exercise in _all_exercises():
        for step in exercise.steps:
            if isinstance(step, Capture) and step.handout == "actions":
                assert [f.id for f in step.fields] == ["action", "due", "support", "measure"]
                assert step.visibility == "private"


# ----- agendas -----------------------------------------------------------------------------------


@pytest.mark.parametrize("agenda_id", [FULL_DAY, SHORT])
def test_agenda_adds_up_and_names_existing_exercises(agenda_id: str, library: Library) -> None:
    agenda = _agenda(agenda_id)
    assert sum(item.minutes for item in agenda.items) == agenda.minutes
    assert agenda.description.strip()
    for item in agenda.items:
        assert bool(item.exercise) != bool(item.break_title)
        if item.exercise:
            assert item.exercise in library.exercises
            planned = library.exercises[item.exercise].minutes
            # An agenda may shorten an exercise, but only a little.
            assert planned * 0.75 <= item.minutes <= planned, f"{agenda_id}: {item.exercise}"


def test_full_day_uses_all_nine_with_three_breaks() -> None:
    agenda = _agenda(FULL_DAY)
    assert agenda.title == "Delivering excellent service"
    used = [item.exercise for item in agenda.items if item.exercise]
    assert sorted(used) == sorted(NINE)
    assert 330 <= agenda.minutes <= 390
    breaks = [item.break_title for item in agenda.items if item.break_title]
    assert len(breaks) == 3 and "Lunch" in breaks


def test_short_session_is_ninety_minutes_on_exercises_1_7_8_9() -> None:
    agenda = _agenda(SHORT)
    assert agenda.title == "Taking messages that matter"
    assert agenda.minutes == 90
    used = [item.exercise for item in agenda.items if item.exercise]
    assert used == [NINE[0], NINE[6], NINE[7], NINE[8]]


# ----- the message-taking role play --------------------------------------------------------------

FICTIONAL_PHONE = re.compile(r"^(01632 960\d{3}|020 7946 0\d{3}|07700 900\d{3}|(\+1 \d{3} )?555[- ]01\d{2})$")


def _calls() -> Pairing:
    step = _exercise("message-taking").step("calls")
    assert isinstance(step, Pairing)
    return step


def test_message_taking_rotates_three_roles_over_three_rounds() -> None:
    calls = _calls()
    assert calls.roles == ["caller", "message-taker", "observer"]
    assert calls.rounds == 3
    assert calls.grouping == "trios"


def test_message_taking_deck_is_full_distinct_and_fictional() -> None:
    cards = _calls().cards
    assert len(cards) >= 12
    for card in cards:
        for name in ("name", "organisation", "phone", "reason", "urgency", "twist"):
            assert getattr(card, name).strip(), f"{card.name}: no {name}"
        assert FICTIONAL_PHONE.match(card.phone), f"{card.name}: {card.phone} may be a real number"
    for name in ("name", "phone", "reason", "twist"):
        values = [getattr(c, name) for c in cards]
        assert len(set(values)) == len(values), f"two cards share a {name}"
    urgencies = {c.urgency.split(":")[0] for c in cards}
    assert {"High", "Medium", "Low"} <= urgencies


def test_message_taking_checklist_and_debrief() -> None:
    exercise = _exercise("message-taking")
    checklist = exercise.step("observer-checklist")
    assert isinstance(checklist, Checklist)
    assert checklist.pairing == "calls" and checklist.subject_role == "message-taker"
    assert len(checklist.items) == 6
    debrief = exercise.step("debrief")
    assert isinstance(debrief, Debrief)
    assert [(c.kind, c.step) for c in debrief.charts] == [("missed", "observer-checklist")]


# ----- the authoring guide -----------------------------------------------------------------------


def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_guide_contains_the_example_file_verbatim() -> None:
    text = _guide()
    section = text.split("## A complete worked example", 1)[1]
    block = re.search(r"```toml\n(.*?)```", section, re.S)
    assert block is not None
    assert block.group(1) == EXAMPLE.read_text(encoding="utf-8")


def test_guide_snippets_are_valid_toml() -> None:
    import tomllib

    for snippet in re.findall(r"```toml\n(.*?)```", _guide(), re.S):
        tomllib.loads(snippet)


def _literal_values(struct: type, name: str) -> tuple[str, ...]:
    hints = typing.get_type_hints(struct, include_extras=True)
    return typing.get_args(hints[name])


def test_guide_documents_every_kind() -> None:
    text = _guide()
    for kind in model.STEP_KINDS:
        assert f"### {kind}:" in text, f"step kind {kind} is not documented"
    for kind in _literal_values(Chart, "kind"):
        assert f"**{kind}**" in text, f"chart kind {kind} is not documented"
    for kind in _literal_values(Field, "kind"):
        assert f'"{kind}"' in text, f"field kind {kind} is not documented"
    for handout in [h for h in _literal_values(Capture, "handout") if h]:
        assert f'"{handout}"' in text, f"handout {handout!r} is not documented"


@pytest.mark.parametrize(
    "struct",
    [
        model.Exercise,
        model.Brief,
        model.Timer,
        model.Pairing,
        model.Capture,
        model.Rating,
        model.Checklist,
        model.Vote,
        model.Debrief,
        model.Field,
        model.Item,
        model.Card,
        model.Chart,
        model.Agenda,
        model.AgendaItem,
    ],
    ids=lambda s: s.__name__,
)
def test_guide_documents_every_setting(struct: type) -> None:
    text = _guide()
    for field in msgspec.structs.fields(struct):
        assert f"`{field.encode_name}`" in text, f"{struct.__name__}.{field.encode_name} undocumented"


def test_guide_explains_check_and_private() -> None:
    text = _guide()
    assert "facilitator check" in text
    assert "--exercises" in text and "FACILITATOR_EXERCISES" in text
    assert "file:line: message" in text
    assert "pass-the-keyboard" in text


def _rule_ids_in_source() -> set[str]:
    """Every rule id the checker's code raises a problem under, read from the code itself."""
    found: set[str] = set()
    for path in (ROOT / "facilitator").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found.update(re.findall(r'(?:\bissue\(|\bTextProblem\(|\brule=)\s*"([a-z0-9-]+)"', text))
    return found


def test_every_rule_in_the_code_is_registered() -> None:
    from facilitator.rules import RULES

    assert _rule_ids_in_source() == set(RULES)


def test_guide_explains_every_rule_the_checker_has() -> None:
    from facilitator.rules import RULES

    text = _guide()
    section = text.split("### Every rule the checker applies", 1)[1].split("\n## ", 1)[0]
    missing = [rule for rule in sorted({*RULES, *_rule_ids_in_source()}) if f"| `{rule}` |" not in section]
    assert not missing, f"rules not in the guide's table: {missing}"


def test_guide_states_the_rules_the_issue_asked_for() -> None:
    """The rules trainers tripped over, each in words where a trainer would look for it."""
    text = " ".join(_guide().split())
    for phrase in (
        "no two with the same `id`",
        "At most four, all different",
        "With exactly two aspects, a `gap` chart",
        "The checker refuses a vote `among` a private step and a chart of one",
        "cards and blank message slips for every role play that has cards",
        "Anonymous dots carry no name",
        "each exercise at most once",
    ):
        assert phrase in text, phrase
