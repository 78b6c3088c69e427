"""The day's figures: one function each, the same on the wrap-up screen and on paper, honest about state.

Also the Setup screen's follow-up date, which the figures and every
handout read: validated there, and moving with the workshop's date while
it is still the default.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import FULL_AGENDA, SHORT_AGENDA, FakeClock, library, make_workshop
from handout_fixtures import fill
from textual.widgets import Input

from facilitator.engine import Session, Workspace
from facilitator.engine import day_figures as figures
from facilitator.handouts import build
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.setup import SetupScreen
from facilitator.tui.screens.wrapup import figures as wrapup_figures


def running(root: Path, upto: str = "action-plan/my-actions") -> tuple[Session, FakeClock]:
    """A full day run up to (and into) one step, a participant left early, one absent."""
    clock = FakeClock()
    w = make_workshop(root, agenda=FULL_AGENDA, people=6, clock=clock)
    w.set_status("p5", "left")
    w.set_status("p6", "absent")
    keys = [s.key for s in w.plan]
    for index in range(keys.index(upto) + 1):
        w.jump(index)
        clock.advance(minutes=w.plan[index].minutes)
    return w, clock


def test_attendance_counts_leavers_as_having_taken_part_on_screen_and_paper(tmp_path: Path) -> None:
    w, _ = running(tmp_path / "data")
    assert figures.attendance(w.participants(), started=True).took_part == 5
    assert wrapup_figures(w)[0].startswith("5 of 6 people took part")
    build(w, tmp_path / "out", ("html",))
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert '<div class="value">5 of 6</div><div class="small">took part</div>' in report


def test_team_ideas_do_not_count_rewritten_promises(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=SHORT_AGENDA, people=4)
    w.add_entry("promises/rewrite", "team:Front Desk", {"vague": "Soon", "specific": "By 4 pm"})
    w.add_entry("promises/rewrite", "team:Accounts", {"vague": "Later", "specific": "By noon"})
    w.add_entry("action-plan/team-ideas", "team:Front Desk", {"suggestion": "A cover rota"})
    teams = figures.team_outputs(w)
    assert (teams.ideas, teams.rewrites, teams.rewrite_title) == (1, 2, "Make them specific")
    assert "1 team idea · 2 rewrites" in wrapup_figures(w)[1]


def test_an_unstarted_session_claims_nobody_took_part_and_nothing_ran(tmp_path: Path) -> None:
    w = make_workshop(tmp_path / "data", agenda=FULL_AGENDA, people=5)
    assert figures.exercises_run(w) == []
    assert wrapup_figures(w)[0] == "0 of 5 people took part · 0 of 9 exercises run"
    build(w, tmp_path / "out", ("html", "md"))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "not started" in html and "has not started" in html
    assert "took part" not in html and "exercises run" not in html and "weakest" not in html
    assert '<div class="value">5</div><div class="small">on the roster</div>' in html
    assert "not run" in html and "(in progress)" not in html
    assert "(not started)" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_an_unfinished_session_is_interim_with_the_current_exercise_in_progress(tmp_path: Path) -> None:
    w, _ = running(tmp_path / "data", upto="action-plan/my-actions")
    states = figures.exercise_states(w)
    assert states["action-plan"] == figures.IN_PROGRESS and states["close"] == figures.NOT_RUN
    assert "action-plan" not in figures.exercises_run(w) and len(figures.exercises_run(w)) == 7
    build(w, tmp_path / "out", ("html",))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "interim" in html.lower() and "during “My action plan”" in html
    row = html.split("My action plan</td>")[1].split("</tr>")[0]
    assert "in progress" in row and "−" not in row
    assert '<div class="value">7 of 9</div><div class="small">exercises run</div>' in html
    assert 'My action plan <span class="not-run">(in progress)</span>' in html
    not_run = html.split('class="not-run-line"')[1].split("</p>")[0]
    assert "Close: would you recommend it?" in not_run
    assert html.count("<h3>Close: would you recommend it?") == 0  # collapsed into the one line


def test_agenda_total_is_the_sum_of_the_rows_shown(tmp_path: Path) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path / "data", agenda=FULL_AGENDA, people=4, clock=clock)
    fill(w, clock)
    lines = figures.agenda(w)
    planned, actual = figures.agenda_totals(lines)
    assert actual == sum(line.actual or 0 for line in lines)
    assert planned == sum(line.planned for line in lines) == 360
    build(w, tmp_path / "out", ("html",))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    table = html.split("Agenda: planned and actual minutes")[1].split("</table>")[0]
    cells = [row.split('<td class="num">')[2].split("<")[0] for row in table.split("<tr")[2:-1]]
    total = table.split("<tfoot>")[1].split('<td class="num">')[2].split("<")[0]
    assert sum(int(c) for c in cells if c.isdigit()) == int(total)
    assert "interim" not in html.lower()


async def test_setup_sets_and_checks_the_follow_up_date(tmp_path: Path) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, clock=clock)
    w.set_details(follow_up="2026-12-24")
    app = FacilitatorApp(
        workspace=Workspace(tmp_path), library=library(), workshop=None, clock=clock, still=True
    )
    async with app.run_test(size=(100, 30)) as pilot:
        app.adopt(w, SetupScreen(w))
        await pilot.pause()
        await pilot.press("1")
        screen = app.screen
        date, follow = screen.query_one("#detail-date", Input), screen.query_one("#detail-follow_up", Input)
        assert follow.value == "2026-12-24"
        date.value = "2026-11-26"
        screen.save_detail(date)  # type: ignore[attr-defined]
        assert w.details.date == "2026-11-26"
        assert w.details.follow_up == follow.value == "2026-12-28"  # the default moves with it
        follow.value = "someday"
        screen.save_detail(follow)  # type: ignore[attr-defined]
        assert w.details.follow_up == "2026-12-28"
        follow.value = "2026-11-01"
        screen.save_detail(follow)  # type: ignore[attr-defined]
        assert w.details.follow_up == "2026-12-28"
        follow.value = "15/01/2027"
        screen.save_detail(follow)  # type: ignore[attr-defined]
        assert w.details.follow_up == "2027-01-15" and follow.value == "2027-01-15"
        date.value = "2026-11-27"
        screen.save_detail(date)  # type: ignore[attr-defined]
        assert w.details.follow_up == "2027-01-15"  # the trainer's own date stays


@pytest.mark.parametrize("agenda", [SHORT_AGENDA, FULL_AGENDA])
def test_recommend_share_is_the_same_figure_everywhere(tmp_path: Path, agenda: str) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path / "data", agenda=agenda, people=5, clock=clock)
    fill(w, clock)
    score = figures.recommend(w)
    assert score is not None and score.answers == 5
    assert f"{score.share}% would recommend ({score.yes} of 5)" in wrapup_figures(w)
    build(w, tmp_path / "out", ("html",))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert f"{score.share}% would recommend it ({score.yes} of 5)" in html
