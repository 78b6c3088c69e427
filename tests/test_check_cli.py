"""`facilitator check`: reports on the files it was given, in `file:line:` lines, and says what it checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facilitator.cli import main

CHECKER = Path(__file__).parent / "data" / "checker"
EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "example-exercise.toml"


@pytest.fixture(autouse=True)
def only_bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACILITATOR_EXERCISES", raising=False)
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(tmp_path / "data"))


def check(
    capsys: pytest.CaptureFixture[str], *paths: Path | str, extra: Path | None = None
) -> tuple[int, str, list[str]]:
    code = main([*(["--exercises", str(extra)] if extra else []), "check", *map(str, paths)])
    out, err = capsys.readouterr()
    return code, out.strip(), err.splitlines()


def test_one_file_is_reported_on_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check(capsys, EXAMPLE)
    assert (code, err) == (0, [])
    assert out == f"ok: {EXAMPLE}: exercise 'example-first-seconds'"


def test_a_folder_is_counted_on_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check(capsys, CHECKER)
    assert (code, err) == (0, [])
    assert out == "ok: 2 exercises, 1 agenda in 3 files"


def test_no_paths_checks_the_whole_library(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys)
    assert code == 0 and out == "ok: 9 exercises, 2 agendas"


def test_a_file_may_use_the_bundled_exercises(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """References reach the bundled library, and its privacy: voting on the action plan is refused."""
    mine = tmp_path / "mine.toml"
    text = (
        (CHECKER / "later.toml")
        .read_text(encoding="utf-8")
        .replace("every-kind/standards", "walk-the-talk/standards")
    )
    mine.write_text(text.replace("every-kind/stories", "service-stories/stories"), encoding="utf-8")
    code, out, err = check(capsys, mine)
    assert (code, err) == (0, []) and out == f"ok: {mine}: exercise 'later'"
    mine.write_text(
        text.replace("every-kind/stories", "action-plan/my-actions").replace('"title"', '"action"')
    )
    code, out, err = check(capsys, mine)
    assert code == 1 and out == ""
    assert err == [
        f"{mine}:13: steps[0].among: 'action-plan/my-actions' is private: a vote would show its entries "
        "to the room [vote-among-private]"
    ]


def test_problems_elsewhere_are_not_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "files"
    shutil.copytree(CHECKER, folder)
    broken = folder / "every-kind.toml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("minutes = 20", "minutes = 21"), encoding="utf-8"
    )
    # later.toml and day.toml now fail too (they use every-kind), but only the file asked about is reported.
    code, out, err = check(capsys, folder / "later.toml", extra=folder)
    assert code == 1 and out == ""
    assert err == [
        f"{folder / 'later.toml'}:13: steps[0].among: 'every-kind/stories' cannot be used: the file of "
        "exercise 'every-kind' has problems of its own [step-reference]",
        f"{folder / 'later.toml'}:25: steps[1].charts[0].step: 'every-kind/standards' cannot be used: "
        "the file of exercise 'every-kind' has problems of its own [step-reference]",
    ]
    code, _, err = check(capsys, broken)
    assert code == 1 and err == [
        f"{broken}:5: minutes: steps add up to 20 min but the exercise says 21 [minutes-add-up]"
    ]


def test_missing_and_empty_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check(capsys, tmp_path / "nope.toml", tmp_path)
    assert code == 1 and out == ""
    assert err == [
        f"{tmp_path / 'nope.toml'}: no such file or folder",
        f"{tmp_path}: no .toml files in this folder",
    ]


def test_every_line_is_file_line_words_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for n, text in enumerate(['id = "x"\n', 'a = "\n', "\xff\xfe", "[[steps]]\nkind = 3\n", ""]):
        path = tmp_path / f"f{n}.toml"
        path.write_bytes(text.encode("latin-1"))
    code, _, err = check(capsys, tmp_path)
    assert code == 1 and len(err) == 5
    for line in err:
        assert line.startswith(str(tmp_path)) and ".toml:" in line and line.endswith("]"), line
