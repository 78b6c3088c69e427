"""The `facilitator` command: scriptable output, one-line errors, no Textual for non-TUI commands."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import HOSTILE

from facilitator.cli import main
from facilitator.roster_people import clean_cell

DEMO_ROSTER = Path(__file__).parent.parent / "exercises" / "_demo" / "roster.csv"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_agendas_and_sessions_are_scriptable(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "agendas", "--json")
    agendas = json.loads(out)
    assert code == 0 and {"id", "title"} <= set(agendas[0])
    code, out, _ = run(
        capsys,
        "new",
        "taking-messages-that-matter",
        "--title",
        "Front desk",
        "--date",
        "2026-12-01",
    )
    session_id = out.strip()
    assert code == 0 and out == f"{session_id}\n" and session_id.startswith("2026-12-01-")
    code, out, _ = run(capsys, "sessions")
    assert out.splitlines()[0].split("\t")[0] == session_id
    code, out, _ = run(capsys, "sessions", "--json")
    assert json.loads(out)[0]["id"] == session_id


def test_roster_import_and_export(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "new", "taking-messages-that-matter", "--title", "T", "--roster", str(DEMO_ROSTER)
    )
    session_id = out.strip()
    code, out, _ = run(capsys, "export", session_id, "--format", "json")
    doc = json.loads(out)
    assert code == 0 and len(doc["participants"]) == 12
    assert {"id", "name", "team"} <= set(doc["participants"][0]) and doc["actions"] == []
    code, out, _ = run(capsys, "roster", "import", session_id, str(DEMO_ROSTER))
    assert code == 0 and len(out.splitlines()) == 12 and out.startswith("p13\t")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "no-such-session"], "no session 'no-such-session'"),
        (["export", "../../etc/passwd"], "is not a session id"),
        (["new", "nope", "--title", "x"], "no agenda 'nope'"),
        (
            ["new", "taking-messages-that-matter", "--title", "x", "--date", "someday"],
            "--date: write a date",
        ),
        (
            ["new", "taking-messages-that-matter", "--title", "x", "--roster", "/nope.csv"],
            "nope.csv",
        ),
        (["check", "/nope/dir"], "/nope/dir: no such file or folder"),
    ],
)
def test_user_mistakes_are_one_line_and_exit_1(
    data: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_bad_roster_imports_nothing(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "new", "taking-messages-that-matter", "--title", "T")
    session_id = out.strip()
    bad = tmp_path / "bad.csv"
    bad.write_text("Name;Team\nAda;A\n;B\n", encoding="utf-8")
    code, _, err = run(capsys, "roster", "import", session_id, str(bad))
    assert code == 1 and "row 3" in err
    _, out, _ = run(capsys, "export", session_id)
    assert json.loads(out)["participants"] == []


def test_check_reports_file_and_line(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text(
        'id = "mine"\ntitle = "Mine"\npurpose = "p"\nminutes = "ten"\n[[steps]]\n', encoding="utf-8"
    )
    code, _, err = run(capsys, "check", str(bad))
    assert code == 1 and f"{bad}:4: minutes: expected a whole number, got text in quotes" in err
    code, out, _ = run(capsys, "check")
    assert code == 0 and out.startswith("ok:")


def test_hostile_strings_through_roster_and_export(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = [h for h in HOSTILE if h.strip() == h and h.strip()]
    roster = tmp_path / "hostile.csv"
    with roster.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Name", "Team"])
        writer.writerows([[n, n] for n in names])
    _, out, _ = run(
        capsys, "new", "taking-messages-that-matter", "--title", HOSTILE[0], "--roster", str(roster)
    )
    session_id = out.strip()
    _, out, _ = run(capsys, "export", session_id, "--format", "json")
    # Names arrive as typed, less what the roster importer cleans (line breaks, escapes, NUL).
    assert [p["name"] for p in json.loads(out)["participants"]] == [clean_cell(n)[0] for n in names]
    code, out, _ = run(capsys, "export", session_id, "--format", "csv")
    assert code == 0 and next(iter(csv.reader(io.StringIO(out))))[0] == "participant"


def _python(code: str, env: dict[str, str]) -> str:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    ).stdout


def test_non_tui_commands_never_import_textual(tmp_path: Path) -> None:
    env = {**os.environ, "FACILITATOR_DATA_DIR": str(tmp_path)}
    probe = """
import contextlib, io, sys
from facilitator.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    main(["check"]); main(["agendas"]); main(["sessions"])
    main(["new", "taking-messages-that-matter", "--title", "x"])
sid = out.getvalue().strip().splitlines()[-1]
with contextlib.redirect_stdout(io.StringIO()):
    main(["export", sid, "--format", "csv"]); main(["export", sid, "--format", "ics"])
    with contextlib.suppress(SystemExit):
        main(["--help"])
print("TEXTUAL" if "textual" in sys.modules else "CLEAN")
"""
    assert _python(probe, env).strip() == "CLEAN"


def test_core_modules_never_import_textual() -> None:
    """Every module outside the views, found by walking the package, so a new one cannot slip past."""
    import pkgutil

    import facilitator

    core = [
        m.name.removeprefix("facilitator.")
        for m in pkgutil.walk_packages(facilitator.__path__, "facilitator.")
        if not m.name.startswith(("facilitator.tui", "facilitator.web", "facilitator.__main__"))
    ]
    assert "engine.session" in core and "storage" in core
    probe = "import sys\n" + "".join(f"import facilitator.{m}\n" for m in core)
    probe += "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN')\n"
    assert _python(probe, dict(os.environ)).strip() == "CLEAN"
