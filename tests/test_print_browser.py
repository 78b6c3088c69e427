"""Print the handouts the way a trainer does: Chromium's "Save as PDF", then count and read pages.

WeasyPrint's output is checked in `test_handouts.py`; this file checks that
the same HTML, opened in a real browser, also gives one page per
participant (page N is participant N's), then the report, and that a long
action wraps instead of running off the page. Skipped only when no
`chromium` is on PATH; CI installs it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from factories import SHORT_AGENDA, make_workshop
from handout_fixtures import filled
from pypdf import PdfReader

from facilitator.engine import Workspace, open_session
from facilitator.engine.demo import prepare_demo
from facilitator.handouts import build
from facilitator.loader import load_library
from facilitator.paths import bundled_exercises

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not on PATH (CI installs Debian's chromium)"),
]
NAMES = ["Ada Brennan", "Bilal Chaudhry", "Chen Wei", "Dana Okoro", "Eli Marsh", "Farah Haddad"]
LONG_ACTION = " ".join(f"word{n:04d}" for n in range(1, 223))[:2000]


def print_to_pdf(html: Path, tmp: Path) -> Path:
    """Chromium's headless print, with everything that could reach the network turned off."""
    assert CHROMIUM is not None
    out = tmp / f"{html.stem}-chromium.pdf"
    profile = tmp / f"profile-{html.stem}"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--print-to-pdf={out}",
            str(html),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


def page_count(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def page_text(pdf: Path, page: int) -> str:
    """Text of page `page` (1-based), as `pdftotext -f N -l N` reads it (pypdf without poppler)."""
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, check=True
        )
        return done.stdout.decode("utf-8")
    return PdfReader(pdf).pages[page - 1].extract_text() or ""


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A full day for six people, printed in one go with Chromium; (output folder, PDF)."""
    root = tmp_path_factory.mktemp("browser")
    w = filled(root / "data", people=len(NAMES))
    out = root / "out"
    build(w, out, ("html",))
    return out, print_to_pdf(out / "all-in-one.html", root)


@pytest.mark.slow
def test_combined_print_is_one_page_per_participant_then_the_report(printed, tmp_path: Path) -> None:
    out, pdf = printed
    report = page_count(print_to_pdf(out / "report.html", tmp_path))
    materials = page_count(print_to_pdf(out / "cards-and-slips.html", tmp_path))
    assert page_count(pdf) == len(NAMES) + report + materials
    for n, name in enumerate(NAMES, start=1):
        text = page_text(pdf, n)
        assert name in text, (n, name)
        assert "MY ACTION PLAN" in text.upper()
        assert all(other not in text for other in NAMES if other != name)
    assert "WORKSHOP REPORT" in page_text(pdf, len(NAMES) + 1).upper()
    assert "CALLER CARDS" in page_text(pdf, len(NAMES) + report + 1).upper()


@pytest.mark.slow
def test_each_participant_file_prints_on_one_page(printed, tmp_path: Path) -> None:
    out, _ = printed
    for plan in sorted((out / "plans").glob("*.html")):
        assert page_count(print_to_pdf(plan, tmp_path)) == 1, plan.name


@pytest.mark.slow
def test_letter_paper_plan_is_one_letter_page(tmp_path: Path) -> None:
    w = filled(tmp_path / "data", people=3)
    build(w, tmp_path / "out", ("html",), paper="letter")
    pdf = print_to_pdf(tmp_path / "out" / "plans" / "ada-brennan.html", tmp_path)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    assert abs(float(reader.pages[0].mediabox.width) - 612) < 2


@pytest.mark.slow
def test_a_2000_character_action_wraps_in_the_browser(tmp_path: Path) -> None:
    w = make_workshop(tmp_path / "data", agenda=SHORT_AGENDA, people=2)
    key = "action-plan/my-actions"
    w.add_entry(key, "p1", {"action": LONG_ACTION, "due": "2026-12-01", "support": "Hana"})
    w.add_entry(key, "p2", {"action": "Read back every number", "due": "2026-12-01"})
    build(w, tmp_path / "out", ("html",))
    long_pdf = print_to_pdf(tmp_path / "out" / "plans" / "ada-brennan.html", tmp_path)
    count = page_count(long_pdf)
    assert count <= 2
    text = " ".join(" ".join(page_text(long_pdf, n).split()) for n in range(1, count + 1))
    assert [w for w in LONG_ACTION.split() if w not in text] == []
    assert page_count(print_to_pdf(tmp_path / "out" / "plans" / "bilal-chaudhry.html", tmp_path)) == 1


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_demo_prints_one_sheet_per_person_in_the_browser(tmp_path: Path, paper: str) -> None:
    """The demo's fuller plans (set in the compact style) still take one sheet each in Chromium."""
    data = Workspace(tmp_path / "data")
    w = open_session(data, prepare_demo(data, load_library([bundled_exercises()])), readonly=True)
    people = [p.name for p in w.participants()]
    build(w, tmp_path / "out", ("html",), paper=paper)
    pdf = print_to_pdf(tmp_path / "out" / "all-in-one.html", tmp_path)
    report = page_count(print_to_pdf(tmp_path / "out" / "report.html", tmp_path))
    materials = page_count(print_to_pdf(tmp_path / "out" / "cards-and-slips.html", tmp_path))
    assert page_count(pdf) == len(people) + report + materials
    for n, name in enumerate(people, start=1):
        assert name in page_text(pdf, n), (n, name)


def fonts(pdf: Path) -> str:
    """The font names a PDF embeds, as `pdffonts` lists them (raw bytes without poppler)."""
    if shutil.which("pdffonts"):
        return subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    return pdf.read_bytes().decode("latin-1")


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_stress_plan_prints_on_one_sheet_in_the_browser_in_the_shipped_font(
    tmp_path: Path, paper: str
) -> None:
    """Twelve relationships and three long actions: measured in WeasyPrint, one sheet in Chromium too."""
    from handout_fixtures import STRESS_RELATIONSHIPS, stress_session

    w = stress_session(tmp_path / "data")
    build(w, tmp_path / "out", ("html",), paper=paper)
    for plan in sorted((tmp_path / "out" / "plans").glob("*.html")):
        pdf = print_to_pdf(plan, tmp_path)
        assert page_count(pdf) == 1, (paper, plan.name)
    ada = print_to_pdf(tmp_path / "out" / "plans" / "ada-brennan.html", tmp_path)
    text = " ".join(page_text(ada, 1).split())
    assert all(who in text for who in STRESS_RELATIONSHIPS)
    assert "Open-Sans" in fonts(ada) or "OpenSans" in fonts(ada)
