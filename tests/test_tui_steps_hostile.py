"""Every hostile string as a name, a team and an entry, in every view: no crash, drawn literally.

"Literally" means as typed, with control characters shown as visible symbols
(an escape character as ␛) so nothing reaches the real terminal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import FULL_AGENDA, make_workshop
from hostile import HOSTILE
from step_harness import StepHarness, full, screen_text, typed

from facilitator.engine import Session, team_owner
from facilitator.tui.text import one_line

SIZE = (80, 24)

BIG = (220, 120)
VISIBLE = [s for s in HOSTILE if s.strip()]


def shown(value: str) -> str:
    """The start of a hostile string as the views draw it: literally, control characters made visible."""
    return one_line(value).strip()[:8]


@pytest.fixture(scope="module")
def hostile_workshop(tmp_path_factory: pytest.TempPathFactory) -> Session:
    """Every hostile line as a participant's name, a team and an entry, in one session."""
    workshop = make_workshop(tmp_path_factory.mktemp("hostile"), FULL_AGENDA, people=3)
    people = [workshop.add_participant(value, team=value) for value in VISIBLE]
    for person, value in zip(people, VISIBLE, strict=True):
        workshop.add_entry("service-stories/stories", person.id, {"title": value, "category": "excellent"})
        workshop.add_entry("promises/rewrite", team_owner(value), {"vague": value, "specific": value})
        workshop.set_score("complaints-health-check/mistakes", person.id, "no-owner", 3)
    for candidate in workshop.candidates("service-stories/best-award")[:5]:
        workshop.cast_vote("service-stories/best-award", candidate.id)
    workshop.show_tally("service-stories/best-award", True)
    return workshop


def assert_literal(text: str, values: list[str]) -> None:
    missing = [v for v in values if shown(v) not in text]
    assert not missing, missing


@pytest.mark.parametrize(
    ("key", "expect_all"),
    [
        ("message-taking/calls", True),
        ("service-stories/stories", True),
        ("promises/rewrite", True),
        ("complaints-health-check/mistakes", True),
        ("message-taking/observer-checklist", False),
        ("service-stories/best-award", True),
        ("service-stories/awards", False),
        ("promises/promise-check", True),
    ],
)
async def test_hostile_text_is_drawn_literally_everywhere(
    hostile_workshop: Session, key: str, expect_all: bool
) -> None:
    app = StepHarness(hostile_workshop, key)
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]Eve[/]" in text or not expect_all
        assert "␛[31mred␛[0m" in text or not expect_all
        if expect_all:
            assert_literal(text, VISIBLE)
        else:
            drawn = [v for v in VISIBLE if shown(v) in text]
            assert drawn, "no hostile text drawn at all"
        await pilot.press("down", "down", "1", "x", "a", "]", "v")
    small = StepHarness(hostile_workshop, key)
    async with small.run_test(size=SIZE) as pilot:
        await pilot.press("down", "tab", "down")
        assert screen_text(small)


async def test_hostile_strings_typed_into_a_capture_form(tmp_path: Path) -> None:
    workshop = full(tmp_path, people=3)
    key = "complaint-turnaround/what-happened"
    app = StepHarness(workshop, key)
    async with app.run_test(size=BIG) as pilot:
        for value in ["[bold]Eve[/", "[@click=app.quit]quit[/]", "Robert'); DROP TABLE participants;--"]:
            await typed(pilot, value)
            await pilot.press("enter")
        assert [e.data["fact"] for e in workshop.entries(key)] == [
            "[bold]Eve[/",
            "[@click=app.quit]quit[/]",
            "Robert'); DROP TABLE participants;--",
        ]
        text = screen_text(app)
        assert "[bold]Eve[/" in text and "[@click=app.quit]quit[/]" in text
