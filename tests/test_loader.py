"""Exercise and agenda files: validation messages, references, and fuzzed input."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.loader import FileError, load_library, parse_text
from facilitator.model import Agenda, Exercise
from facilitator.paths import bundled_exercises

GOOD = """\
id = "sample"
title = "Sample"
purpose = "Try the loader."
minutes = 10

[[steps]]
id = "stories"
kind = "capture"
title = "Stories"
instructions = "Tell one."
minutes = 6
[[steps.fields]]
id = "title"
label = "Title"
[[steps.fields]]
id = "category"
label = "Category"
kind = "choice"
choices = ["good", "poor"]

[[steps]]
id = "pick"
kind = "vote"
title = "Pick"
instructions = "Vote."
minutes = 4
among = "stories"
label_field = "title"
"""


def problems(text: str) -> list[str]:
    with pytest.raises(FileError) as info:
        parse_text(Path("my.toml"), text)
    return [str(p) for p in info.value.problems]


def test_good_file_loads() -> None:
    ex = parse_text(Path("my.toml"), GOOD)
    assert isinstance(ex, Exercise) and [s.id for s in ex.steps] == ["stories", "pick"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('kind = "choice"', 'kind = "choic"'),
            "my.toml:18: steps[0].fields[1].kind: invalid enum value 'choic'",
        ),
        (
            ("minutes = 4", "minutes = 4\ncolour = 1"),
            "my.toml:27: steps[1]: unknown field 'colour'",
        ),
        (("minutes = 6", 'minutes = "six"'), "my.toml:11: steps[0].minutes: expected int, got str"),
        (
            ('among = "stories"', 'among = "nope"'),
            "steps[1].among: 'nope' names no step in this exercise",
        ),
        (
            ('label_field = "title"', 'label_field = "headline"'),
            "'stories' has no field 'headline'",
        ),
        (
            ("minutes = 10", "minutes = 12"),
            "my.toml:4: minutes: steps add up to 10 min but the exercise says 12",
        ),
        (('id = "pick"', 'id = "stories"'), "duplicate step id 'stories'"),
        (('choices = ["good", "poor"]', ""), "a choice field needs choices"),
        (('instructions = "Vote."', 'instructions = "  "'), "every step needs instructions"),
        (('purpose = "Try the loader."\n', ""), "my.toml: object missing required field 'purpose'"),
        (('title = "Sample"', "title = ["), "my.toml:3: not valid TOML"),
    ],
)
def test_each_mistake_is_one_clear_line(change: tuple[str, str], expected: str) -> None:
    found = problems(GOOD.replace(*change, 1))
    assert any(expected in line for line in found), found
    assert all("\n" not in line for line in found)


def test_later_references_are_rejected() -> None:
    swapped = GOOD.replace('among = "stories"', 'among = "pick"')
    assert any("must name an earlier step" in p for p in problems(swapped))


def test_library_collects_problems_and_keeps_good_files(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "c.toml").write_text("nonsense = 1\n", encoding="utf-8")
    (tmp_path / "agenda.toml").write_text(
        'id = "day"\ntitle = "Day"\nminutes = 25\n[[items]]\nexercise = "sample"\nminutes = 10\n'
        '[[items]]\nbreak = "Tea"\nminutes = 5\n[[items]]\nexercise = "ghost"\nminutes = 10\n',
        encoding="utf-8",
    )
    lib = load_library([tmp_path])
    assert set(lib.exercises) == {"sample"} and set(lib.agendas) == {"day"}
    text = "\n".join(str(p) for p in lib.problems)
    assert "duplicate id 'sample'" in text
    assert "an exercise needs [[steps]]" in text
    assert "items[2].exercise: unknown exercise 'ghost'" in text


def test_cross_exercise_references(tmp_path: Path) -> None:
    other = GOOD.replace('id = "sample"', 'id = "other"').replace(
        'among = "stories"', 'among = "sample/stories"'
    )
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(other.replace("sample/stories", "sample/nope"), encoding="utf-8")
    lib = load_library([tmp_path])
    assert any("'sample/nope' names no known step" in str(p) for p in lib.problems)


def test_bom_and_crlf_files_load(tmp_path: Path) -> None:
    path = tmp_path / "win.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    assert not load_library([path]).problems


def test_unreadable_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "latin.toml").write_bytes(b'id = "caf\xe9"\n')
    lib = load_library([tmp_path, tmp_path / "missing.toml"])
    text = [str(p) for p in lib.problems]
    assert any("latin.toml: cannot be read" in t for t in text)
    assert any("missing.toml: no such file" in t for t in text)


BUNDLED = sorted(bundled_exercises().rglob("*.toml"))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_files_load_or_fail_clearly(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from([GOOD, *(p.read_text(encoding="utf-8") for p in BUNDLED[:3])]))
    lines = source.splitlines()
    i = data.draw(st.integers(0, len(lines) - 1))
    action = data.draw(st.sampled_from(["delete", "duplicate", "garble", "truncate", "swap"]))
    if action == "delete":
        del lines[i]
    elif action == "duplicate":
        lines.insert(i, lines[i])
    elif action == "garble":
        lines[i] = data.draw(st.text(max_size=30))
    elif action == "truncate":
        lines = lines[:i]
    else:
        j = data.draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    try:
        obj = parse_text(Path("m.toml"), "\n".join(lines))
    except FileError as exc:
        assert exc.problems and all(str(p).startswith("m.toml") for p in exc.problems)
    else:
        assert isinstance(obj, Exercise | Agenda)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=20,
    )
)
def test_random_documents_load_or_fail_clearly(doc: object) -> None:
    import json

    text = f"steps = {json.dumps(doc)}\n" if not isinstance(doc, dict) else ""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        text = "steps = []\n"
    try:
        parse_text(Path("r.toml"), text)
    except FileError as exc:
        assert exc.problems
