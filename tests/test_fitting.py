"""Page fitting by measurement: each demo plan and a 12-relationship plan on one sheet, largest style.

"Largest" is checked the way the app decides it: the plan is laid out by
WeasyPrint one style larger, and must not fit there. The browser half of
the page counts is in `test_print_browser.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from handout_fixtures import STRESS_RELATIONSHIPS, stress_session
from pypdf import PdfReader

from facilitator.engine import Session, Workspace, open_session
from facilitator.engine.demo import prepare_demo
from facilitator.handouts import build, documents, fitting, pdf, render
from facilitator.loader import load_library
from facilitator.paths import bundled_exercises

PAPERS = ["a4", "letter"]


def demo(root: Path) -> Session:
    data = Workspace(root)
    return open_session(data, prepare_demo(data, load_library([bundled_exercises()])), readonly=True)


def styles(out: Path) -> dict[str, str]:
    """Each plan file's chosen style, read from the HTML a person prints."""
    found = {}
    for path in sorted((out / "plans").glob("*.html")):
        match = re.search(r'class="sheet plan ([^"]*)"', path.read_text(encoding="utf-8"))
        assert match is not None, path
        found[path.stem] = match.group(1).strip()
    return found


def fits_in(workshop: Session, paper: str, style: str) -> dict[str, bool]:
    """Whether each plan fits one sheet in `style`, measured as the app measures."""
    prep = documents.prepare(workshop)
    fragments = [documents.plan_fragment(prep, p, style, measure=True) for p in prep.plans]
    rendered = pdf.render(pdf.load(), render.page("test", fragments, paper, ("plan",), fonts=False))
    pages = fitting._split(rendered.pages, [f"plan-{p.id}" for p in prep.plans])
    return {p.slug: fitting.fits_one_sheet(p.id, mine) for p, mine in zip(prep.plans, pages, strict=True)}


def assert_largest(workshop: Session, paper: str, chosen: dict[str, str]) -> None:
    """No plan would have fitted one style larger than the one it got."""
    by_style: dict[str, list[str]] = {}
    for slug, style in chosen.items():
        index = fitting.STYLES.index(style)
        if index > 0:
            by_style.setdefault(fitting.STYLES[index - 1], []).append(slug)
    for larger, slugs in by_style.items():
        fitted = fits_in(workshop, paper, larger)
        assert [s for s in slugs if fitted[s]] == [], (paper, larger)


@pytest.mark.slow
@pytest.mark.parametrize("paper", PAPERS)
def test_every_demo_plan_is_one_sheet_in_the_largest_style_that_fits(tmp_path: Path, paper: str) -> None:
    w = demo(tmp_path / "data")
    written = build(w, tmp_path / "out", ("html", "pdf"), paper=paper)
    plans = [p for p in written if p.parent.name == "plans" and p.suffix == ".pdf"]
    assert len(plans) == len(w.participants()) == 12
    assert {p.stem: len(PdfReader(p).pages) for p in plans} == {p.stem: 1 for p in plans}
    chosen = styles(tmp_path / "out")
    assert all(s in fitting.STYLES for s in chosen.values()), chosen
    assert_largest(w, paper, chosen)


@pytest.mark.slow
@pytest.mark.parametrize("paper", PAPERS)
def test_a_twelve_relationship_plan_with_long_actions_is_one_sheet(tmp_path: Path, paper: str) -> None:
    w = stress_session(tmp_path / "data")
    written = build(w, tmp_path / "out", ("html", "pdf"), paper=paper)
    ada = tmp_path / "out" / "plans" / "ada-brennan.pdf"
    assert ada in written and len(PdfReader(ada).pages) == 1
    text = " ".join((PdfReader(ada).pages[0].extract_text() or "").split())
    assert all(who in text for who in STRESS_RELATIONSHIPS)
    assert "walk the whole team through it at Monday's huddle" in text
    chosen = styles(tmp_path / "out")
    assert chosen["ada-brennan"] in fitting.STYLES
    assert_largest(w, paper, {"ada-brennan": chosen["ada-brennan"]})
    assert all(
        len(PdfReader(p).pages) == 1 for p in written if p.parent.name == "plans" and p.suffix == ".pdf"
    )


def test_a_sparse_plan_gets_the_roomy_style_and_its_follow_up_box_at_the_foot(tmp_path: Path) -> None:
    from factories import SHORT_AGENDA, make_workshop

    w = make_workshop(tmp_path / "data", agenda=SHORT_AGENDA, people=2)
    w.add_entry("action-plan/my-actions", "p1", {"action": "Read back numbers", "due": "2026-12-01"})
    build(w, tmp_path / "out", ("html", "pdf"))
    assert styles(tmp_path / "out") == {"ada-brennan": "roomy", "bilal-chaudhry": "roomy"}
    prep = documents.prepare(w)
    html = render.page(
        "t", [documents.plan_fragment(prep, prep.plans[0], "roomy", True)], "a4", ("plan",), False
    )
    page = pdf.render(pdf.load(), html).pages[0]
    foot = page.anchors["foot-p1"]
    assert abs(foot[3] - (297 - render.PLAN_MARGIN_BOTTOM - 1) / 25.4 * 96) < 2  # its bottom at the page's
    html_out = (tmp_path / "out" / "plans" / "ada-brennan.html").read_text(encoding="utf-8")
    assert 'class="done"' in html_out and "slack" not in html_out.split("<body>")[1]


def test_a_plan_too_long_for_any_style_runs_onto_a_second_sheet_with_every_word(tmp_path: Path) -> None:
    from factories import SHORT_AGENDA, make_workshop

    w = make_workshop(tmp_path / "data", agenda=SHORT_AGENDA, people=1)
    words = " ".join(f"word{n:04d}" for n in range(1, 700))
    for n in range(3):
        w.add_entry("action-plan/my-actions", "p1", {"action": f"{n} {words}", "due": "2026-12-01"})
    build(w, tmp_path / "out", ("html", "pdf"))
    assert styles(tmp_path / "out") == {"ada-brennan": f"{fitting.STYLES[-1]} {fitting.SPILL}"}
    reader = PdfReader(tmp_path / "out" / "plans" / "ada-brennan.pdf")
    assert len(reader.pages) >= 2
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "word0699" in text and "Follow-up" in text.replace("FOLLOW-UP", "Follow-up")


def test_without_weasyprint_the_estimate_still_chooses_a_style(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sys

    from factories import SHORT_AGENDA, make_workshop

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    w = make_workshop(tmp_path / "data", agenda=SHORT_AGENDA, people=2)
    build(w, tmp_path / "out", ("html",))
    assert set(styles(tmp_path / "out").values()) <= set(fitting.STYLES)
