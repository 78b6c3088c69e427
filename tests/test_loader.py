"""Exercise and agenda files: validation messages, references, and fuzzed input."""

from __future__ import annotations

import re
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
            "my.toml:18: steps[0].fields[1].kind: 'choic' is not allowed here: use one of 'text', 'long', "
            "'choice', 'date', 'score' [allowed-values]",
        ),
        (
            ("minutes = 4", "minutes = 4\ncolour = 1"),
            "my.toml:27: steps[1].colour: 'colour' is not a setting the app knows [known-settings]",
        ),
        (
            ("minutes = 6", 'minutes = "six"'),
            "my.toml:11: steps[0].minutes: expected a whole number, got text in quotes [setting-type]",
        ),
        (
            ("minutes = 4", "minutes = 4\ninstruction = 1"),
            "my.toml:27: steps[1].instruction: 'instruction' is not a setting the app knows: "
            "did you mean 'instructions'?",
        ),
        (
            ('among = "stories"', 'among = "nope"'),
            "my.toml:27: steps[1].among: 'nope' names no step in this exercise [step-reference]",
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
        (
            ('purpose = "Try the loader."\n', ""),
            "my.toml:1: the setting 'purpose' is missing (every exercise needs it) [required-settings]",
        ),
        (
            ('label = "Title"\n', ""),
            "my.toml:12: steps[0].fields[0]: the setting 'label' is missing (every field needs it)",
        ),
        (
            ('kind = "capture"\n', ""),
            "my.toml:6: steps[0]: the setting 'kind' is missing (every step needs it)",
        ),
        (('title = "Sample"', "title = ["), "my.toml:2: a list opened here with [ is never closed with ]"),
        (
            ('title = "Sample"', 'title = "Sample'),
            'my.toml:2: a quote opened on this line is not closed: end the text with " [toml-syntax]',
        ),
        (('title = "Sample"', 'title = """Sample'), 'my.toml:2: a text opened here with """ is never closed'),
        (('title = "Sample"', 'title = "Say "hi""'), "my.toml:2: something follows the value on this line"),
        (('title = "Sample"', 'title = "C:\\qx"'), "my.toml:2: a backslash in text must be written"),
        (('title = "Sample"', 'title = "Sa\x1bmple"'), "my.toml:2: an invisible control character (\\x1b)"),
        (("minutes = 6", "minutes = 6\nminutes = 7"), "my.toml:12: this setting is given twice"),
        (('id = "sample"', 'id = "My Sample"'), "my.toml:1: id: an id uses lower-case letters"),
    ],
)
def test_each_mistake_is_one_clear_line(change: tuple[str, str], expected: str) -> None:
    found = problems(GOOD.replace(*change, 1))
    assert any(expected in line for line in found), found
    assert all("\n" not in line for line in found)


def test_later_references_are_rejected() -> None:
    swapped = GOOD.replace('among = "stories"', 'among = "pick"')
    assert any("must name an earlier step" in p for p in problems(swapped))


def test_parser_words_never_reach_the_trainer() -> None:
    """No "at at", no "codec", no backquoted type names: whatever breaks, the words are ours."""
    broken = [
        GOOD.replace('title = "Sample"', 'title = "Sample'),
        GOOD.replace('title = "Sample"', 'title = """Sample'),
        GOOD + "\nx = [1,\n",
        GOOD + '\nx = "',
        GOOD.replace("minutes = 6", "minutes = 6.5"),
        GOOD.replace("minutes = 6", "minutes = -1"),
    ]
    for text in broken:
        for line in problems(text):
            assert re.match(r"^my\.toml:\d+: ", line), line
            for jargon in ("at at", "codec", "`", "$.", "end of document"):
                assert jargon not in line, line


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
    # The agenda names an exercise nobody has, so it is not offered either.
    assert set(lib.exercises) == {"sample"} and set(lib.agendas) == set()
    text = "\n".join(str(p) for p in lib.problems)
    assert "b.toml:1: id: duplicate id 'sample'" in text
    assert "c.toml:1: an exercise needs [[steps]]" in text
    assert "agenda.toml:11: items[2].exercise: unknown exercise 'ghost'" in text


def test_cross_exercise_references(tmp_path: Path) -> None:
    other = GOOD.replace('id = "sample"', 'id = "other"').replace(
        'among = "stories"', 'among = "sample/stories"'
    )
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(other.replace("sample/stories", "sample/nope"), encoding="utf-8")
    lib = load_library([tmp_path])
    assert any("b.toml:27: steps[1].among: 'sample/nope' names no known step" in str(p) for p in lib.problems)


def test_bom_and_crlf_files_load(tmp_path: Path) -> None:
    path = tmp_path / "win.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    assert not load_library([path]).problems


def test_unreadable_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "latin.toml").write_bytes(GOOD.replace("Tell one.", "Tell one caf\xe9.").encode("cp1252"))
    lib = load_library([tmp_path, tmp_path / "missing.toml"])
    text = [str(p) for p in lib.problems]
    assert any(
        t.endswith(
            "latin.toml:10: this line is not UTF-8 text (byte 0xe9 at column 29): save the file as "
            "UTF-8 (in Notepad or Excel: Save as, Encoding: UTF-8) [utf-8]"
        )
        for t in text
    ), text
    assert any("missing.toml: no such file" in t for t in text)


def test_utf16_file_is_told_to_save_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "wide.toml"
    path.write_bytes(GOOD.encode("utf-16"))
    [problem] = load_library([path]).problems
    assert str(problem).startswith(f"{path}:1: this line is not UTF-8 text") and problem.rule == "utf-8"


def test_cross_references_get_the_same_checks_as_local_ones(tmp_path: Path) -> None:
    """The "exercise-id/step-id" form once skipped the kind checks: a vote among a brief passed."""
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    brief = 'id = "other"\ntitle = "O"\npurpose = "p"\nminutes = 1\n[[steps]]\nkind = "brief"\nid = "b"\n'
    brief += 'title = "B"\ninstructions = "Say."\nminutes = 1\npoints = ["x"]\n'
    (tmp_path / "b.toml").write_text(brief, encoding="utf-8")
    (tmp_path / "c.toml").write_text(
        GOOD.replace('id = "sample"', 'id = "third"').replace('among = "stories"', 'among = "other/b"'),
        encoding="utf-8",
    )
    lib = load_library([tmp_path])
    assert [str(p).removeprefix(str(tmp_path) + "/") for p in lib.problems] == [
        "c.toml:27: steps[1].among: 'other/b' is a brief step, not a capture [vote-among-capture]"
    ]
    assert "third" not in lib.exercises


BUNDLED = sorted(bundled_exercises().rglob("*.toml"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
        assert exc.problems and all(re.match(r"^m\.toml:\d+: ", str(p)) for p in exc.problems)
    else:
        assert isinstance(obj, Exercise | Agenda)


@settings(deadline=None)
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


@pytest.mark.parametrize(
    "change",
    [
        ('purpose = "Try the loader."', 'purpose = "Try the loader."\n"a\\nb" = 1'),
        ('kind = "capture"', 'kind = "cap\\nture"'),
        ('kind = "capture"', 'kind = "\\u001b[31mcapture"'),
    ],
)
def test_escapes_in_the_file_never_break_the_line(change: tuple[str, str]) -> None:
    [line] = problems(GOOD.replace(*change, 1))
    assert line.isprintable() and re.match(r"^my\.toml:\d+: ", line), line
