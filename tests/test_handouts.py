"""Handouts: what each page shows, privacy, hostile input, file names, PDF page counts, the CLI.

Sessions are built through the engine (see `handout_fixtures`), and the
expensive outputs (a full day as HTML, Markdown and PDF) are built once per
module and shared by the tests that read them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from factories import FULL_AGENDA, SHORT_AGENDA, FakeClock, make_workshop
from handout_fixtures import filled, hostile_session
from hostile import HOSTILE
from pypdf import PdfReader

from facilitator import cli
from facilitator.engine import Session, Workspace, create_session, open_session
from facilitator.engine.aggregates import Bar, ChartData
from facilitator.engine.demo import prepare_demo
from facilitator.handouts import HandoutError, PdfUnavailable, build
from facilitator.handouts.context import KEY_POINT_LINES
from facilitator.handouts.filenames import OutputFolder, safe_slug, unique_slugs
from facilitator.handouts.layout import balance, fit_class
from facilitator.handouts.render import environment, font_faces, md_escape, stylesheet
from facilitator.handouts.svg import bar_chart
from facilitator.handouts.views import EntryGroup, Labelled
from facilitator.loader import load_library
from facilitator.paths import bundled_exercises

NAMES = [
    "Ada Brennan",
    "Bilal Chaudhry",
    "Chen Wei",
    "Dana Okoro",
    "Eli Marsh",
    "Farah Haddad",
    "Gus Lindqvist",
    "Hana Sato",
    "Ivan Petrov",
]


# ----- shared builds ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> tuple[Session, Path, list[Path]]:
    """A finished full day for nine people, as HTML, Markdown and PDF."""
    root = tmp_path_factory.mktemp("day")
    w = filled(root / "data")
    out = root / "out"
    return w, out, build(w, out, ("html", "md", "pdf"))


@pytest.fixture(scope="module")
def hostile_day(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    """A full day whose every name, team and entry is a hostile string, in every format."""
    root = tmp_path_factory.mktemp("hostile")
    w = hostile_session(root / "data", HOSTILE)
    out = root / "out"
    return root, out, build(w, out, ("html", "md", "pdf"))


def pdf_text(path: Path, page: int | None = None) -> str:
    """Text of one page (0-based) or all; poppler's pdftotext when present, as a reader would see it."""
    if shutil.which("pdftotext"):
        span = [] if page is None else ["-f", str(page + 1), "-l", str(page + 1)]
        done = subprocess.run(["pdftotext", *span, str(path), "-"], capture_output=True, check=True)
        return done.stdout.decode("utf-8")
    reader = PdfReader(path)
    pages = reader.pages if page is None else [reader.pages[page]]
    return " ".join(p.extract_text() or "" for p in pages)


def pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def squash(text: str) -> str:
    return " ".join(text.split())


# ----- files and layout -------------------------------------------------------------------------


def test_build_writes_one_plan_per_participant_plus_report_cards_and_combined(day) -> None:
    _, out, written = day
    stems = {p.relative_to(out).with_suffix("").as_posix() for p in written}
    expected_plans = {f"plans/{n.lower().replace(' ', '-')}" for n in NAMES}
    assert stems == {"all-in-one", "report", "cards-and-slips"} | expected_plans
    assert {p.suffix for p in written} == {".html", ".md", ".pdf"}
    assert len(written) == 3 * (len(NAMES) + 3)
    assert all(p.is_file() and out.resolve() in p.resolve().parents for p in written)


def test_html_is_self_contained_with_print_css(day) -> None:
    _, out, _ = day
    html = (out / "all-in-one.html").read_text(encoding="utf-8")
    html = html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # a namespace name, never fetched
    assert "@page" in html and "size: A4" in html
    assert "break-before: page" in html
    for remote in ("<link", "<script", "src=", "@import", "http://", "https://"):
        assert remote not in html, remote
    fonts = html.count("url(")
    assert fonts == 3 and html.count("url(data:font/woff2;base64,") == fonts  # the font, embedded
    assert html.count('class="sheet plan') == len(NAMES)
    assert html.index("plan-p1") < html.index('id="report"') < html.index('id="materials"')


def test_letter_paper_changes_the_page_size(tmp_path: Path) -> None:
    w = filled(tmp_path / "data", agenda=SHORT_AGENDA, people=3)
    build(w, tmp_path / "out", paper="Letter")
    assert "size: letter" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    with pytest.raises(HandoutError):
        build(w, tmp_path / "out", paper="a5")
    with pytest.raises(HandoutError):
        build(w, tmp_path / "out", formats=("docx",))


def test_templates_ship_inside_the_package() -> None:
    templates = resources.files("facilitator.handouts") / "templates"
    names = {p.name for p in templates.iterdir()}
    assert {"plan.html.j2", "report.html.j2", "materials.html.j2", "print.css.j2", "plan.md.j2"} <= names


def test_the_font_the_css_names_ships_inside_the_package_with_its_licence() -> None:
    fonts = resources.files("facilitator.handouts") / "fonts"
    names = {p.name for p in fonts.iterdir()}
    assert {"OpenSans-Regular.woff2", "OpenSans-Semibold.woff2", "OpenSans-Bold.woff2"} <= names
    assert "Apache License" in (fonts / "LICENSE-Apache-2.0.txt").read_text(encoding="utf-8")
    assert "Modified" in (fonts / "README.md").read_text(encoding="utf-8")
    css = str(stylesheet("a4"))
    assert 'font-family: "Open Sans"' in css
    assert all(f"font-weight: {w}" in font_faces() for w in (400, 600, 700))


def test_autoescape_is_on_for_html_j2_templates() -> None:
    env = environment()
    assert env.autoescape("plan.html.j2") if callable(env.autoescape) else env.autoescape
    assert not (env.autoescape("plan.md.j2") if callable(env.autoescape) else False)


# ----- the participant's plan -----------------------------------------------------------------


def test_plan_shows_header_actions_checklist_map_suggestions_points_and_follow_up(day) -> None:
    _, out, _ = day
    html = (out / "plans" / "ada-brennan.html").read_text(encoding="utf-8")
    for text in (
        "Ada Brennan",
        "Front Desk",
        "Front desk refresher",
        "Tuesday 24 November 2026",
        "Sam Trainer",
        "Read back every phone number before I hang up",
        "Tue 1 Dec 2026",
        "Hana on the front desk",
        "No wrong numbers on slips for a month",
        "My checklist",
        "Read the details back to the caller",
        "My relationship map",
        "My team leader",
        "My team&#39;s suggestions",
        "Key points from the workshop",
        "Thursday 24 December 2026",
        "Notes",
    ):
        assert text in html, text
    assert html.count('<li class="action">') == 3


def test_plan_lists_only_own_team_suggestions(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=4)
    key = "action-plan/team-ideas"
    w.add_entry(key, "team:Front Desk", {"suggestion": "Front desk idea"})
    w.add_entry(key, "team:Accounts", {"suggestion": "Accounts idea"})
    build(w, tmp_path / "out")
    ada = (tmp_path / "out" / "plans" / "ada-brennan.html").read_text(encoding="utf-8")
    chen = (tmp_path / "out" / "plans" / "chen-wei.html").read_text(encoding="utf-8")
    assert "Front desk idea" in ada and "Accounts idea" not in ada
    assert "Accounts idea" in chen and "Front desk idea" not in chen


def test_private_entries_reach_only_their_owner(tmp_path: Path) -> None:
    w = filled(tmp_path / "data", people=5)
    people = w.participants()
    for p in people:
        w.add_entry("relationship-map/my-relationships", p.id, {"stakeholder": f"secret-rel-{p.id}"})
    written = build(w, tmp_path / "out", ("html", "md"))
    for path in written:
        text = path.read_text(encoding="utf-8")
        owners = {m for m in re.findall(r"secret-rel-(p\d+)", text)}
        if path.parent.name == "plans":
            person = next(p for p in people if path.stem == p.name.lower().replace(" ", "-"))
            assert owners == {person.id}, path
        elif path.stem == "report":
            assert owners == set(), path
            assert "Private step" in text
    actions = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Read back every phone number" not in actions


def test_checklist_shows_every_round_the_person_was_observed(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=3)
    key = "message-taking/observer-checklist"
    w.set_tick(key, "p1", "read-back", False, 1)
    w.set_tick(key, "p1", "read-back", True, 2)
    w.set_tick(key, "p1", "no-promise", True, 2)
    build(w, tmp_path / "out", ("html", "md"))
    html = (tmp_path / "out" / "plans" / "ada-brennan.html").read_text(encoding="utf-8")
    assert "Round 1" in html and "Round 2" in html
    assert "2 of 6 heard in round 2" in html
    bilal = (tmp_path / "out" / "plans" / "bilal-chaudhry.html").read_text(encoding="utf-8")
    assert "Not observed today" in bilal and "Round 1" not in bilal


def test_no_actions_leaves_blank_rows_to_write_in(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=2)
    build(w, tmp_path / "out")
    html = (tmp_path / "out" / "plans" / "ada-brennan.html").read_text(encoding="utf-8")
    assert html.count('class="action blank"') == 2


def test_follow_up_uses_the_trainers_date_when_set(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=2)
    w.set_details(follow_up="2027-01-15")
    build(w, tmp_path / "out")
    assert "Friday 15 January 2027" in (tmp_path / "out" / "plans" / "ada-brennan.html").read_text()


def test_key_points_take_a_few_lines_from_every_exercise_that_ran(day) -> None:
    w, out, _ = day
    html = (out / "plans" / "ada-brennan.html").read_text(encoding="utf-8")
    points = re.findall(r"<li>(.*?)</li>", html.split("Key points from the workshop")[1].split("</ul>")[0])
    assert len(points) == KEY_POINT_LINES
    firsts = [ex.key_points[0] for ex in w.exercises.values() if ex.key_points]
    assert all(p in [f.replace("'", "&#39;") for f in firsts] for p in points)


def test_absent_people_without_entries_get_no_plan(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=3)
    w.set_status("p2", "absent")
    written = build(w, tmp_path / "out")
    assert not any("bilal" in p.name for p in written)


def test_a_read_only_window_reads_once_and_still_sees_new_entries(tmp_path: Path) -> None:
    """Handouts printed from a second window: one read per file version, and following saves."""
    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=2)
    viewer = open_session(Workspace(tmp_path), w.id, readonly=True)
    key = "action-plan/my-actions"
    assert viewer.entries(key) == []
    assert not viewer.follow(), "nothing saved since it was read: no second read"
    w.add_entry(key, "p1", {"action": "Read back numbers", "due": "2026-12-01"})
    assert viewer.follow()
    assert [e.data["action"] for e in viewer.entries(key)] == ["Read back numbers"]
    viewer.close()


# ----- the trainer's report -------------------------------------------------------------------


def test_report_has_attendance_agenda_awards_charts_and_feedback(tmp_path: Path) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path / "data", agenda=FULL_AGENDA, people=6, clock=clock)
    w.set_status("p2", "late")
    w.set_status("p3", "left")
    w.set_status("p4", "absent")
    from handout_fixtures import fill

    fill(w, clock)
    build(w, tmp_path / "out", ("html", "md"))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    for text in (
        "Attendance",
        "Arrived late",
        "Bilal Chaudhry",
        "Left early",
        "Chen Wei",
        "Absent",
        "Dana Okoro",
        "Agenda: planned and actual minutes",
        "Morning break",
        "Service stories and awards",
        "Best Service Award",
        "Worst Service Award",
        "What happened?",
        "The customer called four times in a week",
        "Most often missed",
        "Our three weakest spots",
        "With customers",
        "With colleagues",
        "gap ",
        "Scale 1 = We make this mistake, 5 = We avoid it completely",
        '<span class="tag">Poor</span>',
        "The lesson for us",
        "Appendix",
        "Would recommend (9 or 10)",
        "would recommend",
        "A shared inbox someone checks at noon",
    ):
        assert text in html, text
    assert html.count("<svg") >= 6
    assert html.count('class="chart-box"') == html.count('class="meaning"')  # every chart says what it means
    assert "Customers minus colleagues" not in html  # one paired chart, not a gap chart beside the averages
    assert "Nothing was recorded" not in html and "No votes were recorded" not in html
    assert "Private step" in html
    agenda = html.split("Agenda: planned and actual minutes")[1].split("</table>")[0]
    assert re.search(
        r"Service stories and awards</td><td class=\"num\">40</td><td class=\"num\">\d+</td>", agenda
    )
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| Arrived late | 1 | Bilal Chaudhry |" in md
    assert "Best Service Award" in md


EXERCISE = """
id = "my-own"
title = "My own exercise"
purpose = "A trainer's exercise the app has never seen."
minutes = 20

[[steps]]
kind = "capture"
id = "ideas"
title = "Bright ideas"
instructions = "One idea each."
minutes = 5
[[steps.fields]]
id = "idea"
label = "Idea"
required = true
[[steps.fields]]
id = "size"
label = "Size"
kind = "choice"
choices = ["small", "big"]

[[steps]]
kind = "capture"
id = "worries"
title = "Secret worries"
visibility = "private"
instructions = "Private."
minutes = 5
[[steps.fields]]
id = "worry"
label = "Worry"

[[steps]]
kind = "rating"
id = "energy"
title = "Energy check"
instructions = "Score it."
minutes = 5
[[steps.items]]
id = "energy"
label = "How much energy do you have?"

[[steps]]
kind = "vote"
id = "pick"
title = "Pick one"
instructions = "Dots."
among = "ideas"
label_field = "idea"
award = "Idea of the day"
minutes = 5
"""

AGENDA = """
id = "my-agenda"
title = "My agenda"
minutes = 20
[[items]]
exercise = "my-own"
minutes = 20
"""


def test_report_walks_a_trainers_own_exercise_by_step_kind(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "my-own.toml").write_text(EXERCISE, encoding="utf-8")
    (folder / "my-agenda.toml").write_text(AGENDA, encoding="utf-8")
    library = load_library([bundled_exercises(), folder])
    assert not library.problems, [str(p) for p in library.problems]
    w = create_session(Workspace(tmp_path / "data"), library, "my-agenda", "Custom", "2026-11-24", seed=1)
    a = w.add_participant("Ann")
    b = w.add_participant("Bob")
    idea = w.add_entry("my-own/ideas", a.id, {"idea": "Free coffee", "size": "small"})
    w.add_entry("my-own/ideas", b.id, {"idea": "Longer lunch", "size": "big"})
    w.add_entry("my-own/worries", a.id, {"worry": "top-secret-worry"})
    w.set_score("my-own/energy", a.id, "energy", 4)
    w.cast_vote("my-own/pick", idea.id)
    written = build(w, tmp_path / "out", ("html", "md"))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    for text in ("My own exercise", "Bright ideas", "Free coffee", "Energy check", "Idea of the day"):
        assert text in html, text
    assert "Free coffee (1 dot)" in html
    assert "top-secret-worry" not in html and "Private step: 1 entry from 1 person" in html
    assert "not timed" in html  # entries, but the clock never ran
    assert not (tmp_path / "out" / "cards-and-slips.html").exists()
    assert all("cards-and-slips" not in p.name for p in written)


# ----- cards and slips ---------------------------------------------------------------------------


def test_cards_and_slips_for_the_role_play(day) -> None:
    w, out, _ = day
    html = (out / "cards-and-slips.html").read_text(encoding="utf-8")
    pairing = w.step("message-taking/calls")
    assert pairing is not None
    cards = pairing.cards  # type: ignore[union-attr]
    assert html.count('<article class="card">') == len(cards)
    assert all(c.name in html for c in cards)
    slips = html.count('<article class="slip">')
    assert slips % 4 == 0 and slips >= 9  # three trios, three rounds: nine calls
    assert "Print 3 copies" in html


# ----- hostile input ----------------------------------------------------------------------------

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "section", "header", "div", "h1", "h2", "h3",
    "h4", "h5", "p", "span", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "ol", "ul", "li",
    "article", "svg", "rect", "text", "line", "polyline",
}  # fmt: skip


class TagCollector(HTMLParser):
    """Every start tag and attribute name, plus the text outside tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_hostile_strings_stay_text_in_html(hostile_day) -> None:
    _, out, written = hostile_day
    html_files = [p for p in written if p.suffix == ".html"]
    assert len(html_files) > 20
    for path in html_files:
        raw = path.read_text(encoding="utf-8")
        parser = TagCollector()
        parser.feed(raw)
        assert set(parser.tags) <= ALLOWED_TAGS, (path, set(parser.tags) - ALLOWED_TAGS)
        assert not {a for a in parser.attrs if a.startswith("on")}, path
        assert parser.tags.count("style") == 1 and parser.tags.count("script") == 0
        assert "<script" not in raw and "<img" not in raw
        assert "\x00" not in raw and "\x1b" not in raw
    combined = TagCollector()
    combined.feed((out / "all-in-one.html").read_text(encoding="utf-8"))
    text = "".join(combined.text)
    assert "<script>alert('x')</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "{{ 7*7 }} {% raw %}" in text


def test_hostile_strings_in_markdown_cannot_become_markup(hostile_day) -> None:
    _, out, written = hostile_day
    for path in (p for p in written if p.suffix == ".md"):
        md = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<!\\)<[a-z/]", md), path  # every < is escaped as \<
        assert "\x00" not in md
    report = (out / "report.md").read_text(encoding="utf-8")
    assert r"{{ 7\*7 }} {% raw %}" in report
    assert r"\<script\>alert('x')\</script\>" in report


def test_hostile_files_stay_inside_the_output_folder(hostile_day) -> None:
    root, out, written = hostile_day
    everything = [p for p in root.rglob("*") if p.is_file()]
    outside = [p for p in everything if out not in p.parents and (root / "data") not in p.parents]
    assert outside == []
    assert {p.parent for p in written} <= {out, out / "plans"}
    stems = [p.stem for p in written if p.parent.name == "plans" and p.suffix == ".html"]
    assert len(stems) == len(set(stems)) == len([s for s in HOSTILE if s.strip()])
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", s) for s in stems)


def test_hostile_pdf_has_a_plan_for_everyone(hostile_day) -> None:
    _, out, written = hostile_day
    plans = [p for p in written if p.suffix == ".pdf" and p.parent.name == "plans"]
    assert len(plans) == len([s for s in HOSTILE if s.strip()])
    assert "Zoë Ångström-Øster" in pdf_text(out / "plans" / "zoe-angstrom-oster.pdf")
    assert "<script>alert('x')</script>" in pdf_text(out / "plans" / "script-alert-x-script.pdf")


# ----- file names ---------------------------------------------------------------------------------


def test_slugs_are_unique_safe_and_never_empty() -> None:
    people = [
        ("p1", "Sam Lee"),
        ("p2", "Sam Lee"),
        ("p3", "李小龍"),
        ("p4", "👩🏽‍💼"),
        ("p5", "CON"),
        ("p6", "../../etc/passwd"),
        ("p7", "com1"),
        ("p8", "Trailing dots... "),
        ("p9", "sam-lee-2"),
    ]
    slugs = unique_slugs(people)
    assert slugs["p1"] == "sam-lee" and slugs["p2"] == "sam-lee-2"
    assert slugs["p3"] == "li-xiao-long"
    assert slugs["p4"] == "p4"
    assert slugs["p5"] == "con-p5" and slugs["p7"] == "com1-p7"
    assert slugs["p6"] == "etc-passwd"
    assert slugs["p8"] == "trailing-dots"
    assert slugs["p9"] == "sam-lee-2-2"
    assert len(set(slugs.values())) == len(people)
    assert safe_slug("   ", "p1") == "p1"


def test_output_folder_refuses_paths_that_leave_it(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path / "out")
    assert folder.path("plans/ada", ".html") == tmp_path / "out" / "plans" / "ada.html"
    with pytest.raises(ValueError):
        folder.path("../escape", ".html")


# ----- PDF ------------------------------------------------------------------------------------------


def test_weasyprint_pdf_has_one_page_per_participant_then_the_report(day) -> None:
    _, out, _ = day
    combined = out / "all-in-one.pdf"
    report_pages = pages(out / "report.pdf")
    materials_pages = pages(out / "cards-and-slips.pdf")
    assert pages(combined) == len(NAMES) + report_pages + materials_pages
    for n, name in enumerate(NAMES):
        assert pages(out / "plans" / f"{name.lower().replace(' ', '-')}.pdf") == 1, name
        assert name in pdf_text(combined, n), name
    assert "workshop report" in pdf_text(combined, len(NAMES)).lower()
    assert f"Page 1 of {report_pages}" in pdf_text(out / "report.pdf", 0)


def test_typical_plan_fits_one_letter_page_too(tmp_path: Path) -> None:
    w = filled(tmp_path / "data", people=3)
    build(w, tmp_path / "out", ("pdf",), paper="letter")
    for plan in (tmp_path / "out" / "plans").glob("*.pdf"):
        assert pages(plan) == 1, plan
        assert abs(float(PdfReader(plan).pages[0].mediabox.height) - 792) < 1


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_demo_plan_fits_one_sheet(tmp_path: Path, paper: str) -> None:
    """The demo's people write like real ones (two-line actions, ten team suggestions): one sheet each."""
    data = Workspace(tmp_path / "data")
    w = open_session(data, prepare_demo(data, load_library([bundled_exercises()])), readonly=True)
    written = build(w, tmp_path / "out", ("pdf",), paper=paper)
    plans = [p for p in written if p.parent.name == "plans"]
    assert len(plans) == len(w.participants())
    assert {p.name: pages(p) for p in plans} == {p.name: 1 for p in plans}


LONG_ACTION = " ".join(f"word{n:04d}" for n in range(1, 223))[:2000]


def test_a_2000_character_action_wraps_and_spills_only_when_it_must(tmp_path: Path) -> None:
    w = make_workshop(tmp_path / "data", agenda=SHORT_AGENDA, people=2)
    key = "action-plan/my-actions"
    w.add_entry(key, "p1", {"action": LONG_ACTION, "due": "2026-12-01", "support": "Hana"})
    w.add_entry(key, "p2", {"action": "Read back every number", "due": "2026-12-01"})
    build(w, tmp_path / "out", ("pdf",))
    long_pdf = tmp_path / "out" / "plans" / "ada-brennan.pdf"
    assert pages(long_pdf) <= 2
    text = squash(pdf_text(long_pdf))
    missing = [word for word in LONG_ACTION.split() if word not in text]
    assert missing == []
    assert pages(tmp_path / "out" / "plans" / "bilal-chaudhry.pdf") == 1


def test_without_weasyprint_the_html_is_written_and_the_error_says_how_to_print(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    w = make_workshop(tmp_path / "data", agenda=SHORT_AGENDA, people=2)
    with pytest.raises(PdfUnavailable) as caught:
        build(w, tmp_path / "out", ("pdf",))
    assert (tmp_path / "out" / "all-in-one.html").exists()
    assert caught.value.html == tmp_path / "out" / "all-in-one.html"
    assert any(p.suffix == ".html" for p in caught.value.written)
    assert "browser" in str(caught.value) and "\n" not in str(caught.value)


# ----- CLI --------------------------------------------------------------------------------------------


def _session_on_disk(root: Path) -> str:
    w = make_workshop(root, agenda=SHORT_AGENDA, people=3)
    sid = w.id
    w.close()
    return sid


def test_cli_prints_one_path_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sid = _session_on_disk(tmp_path / "data")
    out = tmp_path / "out"
    code = cli.main(
        ["--data-dir", str(tmp_path / "data"), "handouts", sid, "--out", str(out), "--format", "html,md"]
    )
    printed = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(printed) == 2 * (3 + 3) and all(Path(line).is_file() for line in printed)
    assert printed[0] == str(out / "all-in-one.html")


def test_cli_rejects_unknown_format_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sid = _session_on_disk(tmp_path / "data")
    code = cli.main(["--data-dir", str(tmp_path / "data"), "handouts", sid, "--format", "html,docx"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "docx" in err


def test_cli_unknown_session_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["--data-dir", str(tmp_path), "handouts", "no-such-session"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1


@pytest.mark.parametrize(("formats", "status"), [("pdf", 1), ("html,pdf", 0), ("md,pdf", 0)])
def test_cli_without_pdf_engine(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    formats: str,
    status: int,
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    sid = _session_on_disk(tmp_path / "data")
    out = tmp_path / "out"
    code = cli.main(
        ["--data-dir", str(tmp_path / "data"), "handouts", sid, "--out", str(out), "--format", formats]
    )
    captured = capsys.readouterr()
    assert code == status
    assert captured.err.count("\n") == 1 and "browser" in captured.err
    assert str(out / "all-in-one.html") in captured.out.splitlines()


# ----- pieces -----------------------------------------------------------------------------------------


def test_svg_chart_escapes_labels_and_draws_signed_bars() -> None:
    chart = ChartData(
        "<b>t</b>",
        (Bar("<script>alert(1)</script>", 2.0, "+2.0"), Bar("x" * 500, -1.0, "−1.0")),
        4,
        signed=True,
    )
    svg = str(bar_chart(chart))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 4 and "<line" in svg
    assert "…" in svg
    assert str(bar_chart(ChartData("empty", (), 1))) == ""


def test_markdown_escape_keeps_words_and_disarms_syntax() -> None:
    assert md_escape("[link](x) <b> *bold* | pipe") == r"\[link\](x) \<b\> \*bold\* \| pipe"
    assert md_escape("line one\nline two") == "line one line two"
    assert md_escape("{{ 7*7 }}") == r"{{ 7\*7 }}"


def test_suggestions_are_split_into_two_balanced_columns_in_reading_order() -> None:
    short = Labelled("short", ())
    long = Labelled("x" * 300, ())
    groups = (EntryGroup("A", (long, short)), EntryGroup("B", (short, short, short)))
    left, right = balance(groups)
    assert [g.title for g in left] == ["A"] and [len(g.entries) for g in left] == [1]
    assert [g.title for g in right] == ["A", "B"] and [len(g.entries) for g in right] == [1, 3]
    assert balance((EntryGroup("A", (short,)),)) == ((EntryGroup("A", (short,)),), ())


def test_fit_class_tightens_only_what_does_not_fit() -> None:
    assert fit_class(200, 272) == ""
    assert fit_class(300, 272) == "compact"
    assert fit_class(400, 272) == "compact dense"


def test_private_words_reach_only_their_owner_in_every_rendered_output(tmp_path: Path) -> None:
    """Actions, relationships, relationship plan: only in the owner's plan, in HTML, Markdown and PDF."""
    w = make_workshop(tmp_path / "data", agenda=FULL_AGENDA, people=3)
    for p in w.participants():
        w.add_entry("action-plan/my-actions", p.id, {"action": f"secret-act-{p.id}", "due": "2026-12-01"})
        w.add_entry(
            "relationship-map/my-relationships", p.id, {"stakeholder": f"secret-rel-{p.id}", "trust": 2}
        )
        w.add_entry("relationship-map/my-relationship-plan", p.id, {"keep": f"secret-keep-{p.id}"})
    written = build(w, tmp_path / "out", ("html", "md", "pdf"))
    for path in written:
        text = pdf_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        owners = set(re.findall(r"secret-(?:act|rel|keep)-(p\d+)", text))
        if path.parent.name == "plans":
            person = next(p for p in w.participants() if path.stem == p.name.lower().replace(" ", "-"))
            assert owners == {person.id}, path
            assert {f"secret-{k}-{person.id}" for k in ("act", "rel", "keep")} <= set(
                re.findall(r"secret-\w+-p\d+", text)
            )
        elif path.stem in ("report", "cards-and-slips"):
            assert owners == set(), path
