"""Rosters as people export them: which column makes the teams, two people with one name,
"Last, First" names, what is cleaned or refused, and the notes the trainer reads about it.

The fixtures in `data/rosters/` copy the shapes of real exports: a spreadsheet
saved as CSV in a European locale (`;`, BOM, CRLF), an event-registration
export (Order #, First Name, Last Name, Email, Company, ...), an HR export
(tab separated, "Full name", Department, Site, Company).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import HOSTILE
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.roster import RosterError, RosterRow, parse_roster_report, read_roster, read_roster_report
from facilitator.roster_people import assign_teams

ROSTERS = Path(__file__).parent / "data" / "rosters"


def notes_of(text: str) -> list[str]:
    return parse_roster_report(text, "r.csv").notes


# ----- the three export shapes ---------------------------------------------------------------------


def test_spreadsheet_export_with_bom_and_semicolons() -> None:
    path = ROSTERS / "spreadsheet-semicolon-bom.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfName;Team") and b"\r\n" in path.read_bytes()
    report = read_roster_report(path)
    assert [(r.name, r.team, r.email) for r in report.rows] == [
        ("Anna Kowalski", "Front Desk", "anna.kowalski@example.com"),
        ("Ben Osei", "Accounts", "ben.osei@example.com"),
        ("Sam Lee", "Front Desk", "sam.lee@example.com"),
        ("John Smith", "Accounts", "john.smith@example.com"),
        ("Sam Lee", "Accounts", "samuel.lee@example.com"),
        ("Maria da Silva", "Field Service", "maria.dasilva@example.com"),
        ("Zoë Ångström", "Field Service", "zoe.angstrom@example.com"),
    ]
    assert report.team_column == "Team"
    assert report.notes == [
        "row 5: 'Smith, John' read as 'John Smith', as the file's other names give the first name first",
        "row 7: line breaks, control or invisible characters removed",
        "rows 4 and 6: 2 people named 'Sam Lee', all imported; told apart by email",
    ]
    assert read_roster(path) == report.rows  # the old entry point gives the same rows


def test_event_registration_export_takes_teams_from_company() -> None:
    report = read_roster_report(ROSTERS / "event-registration.csv")
    assert report.team_column == "Company"
    assert [(r.name, r.team, r.company, r.role) for r in report.rows][:4] == [
        ("Priya Sharma", "Brightwell Hotels", "Brightwell Hotels", "Front office manager"),
        ("Tom Becker", "Brightwell Hotels", "Brightwell Hotels", "Night porter"),
        ("Sam Lee", "Harbour Dental", "Harbour Dental", "Receptionist"),
        ("Sam Lee", "Northgate Housing", "Northgate Housing", "Housing officer"),
    ]
    sams = [r for r in report.rows if r.name == "Sam Lee"]
    assert [(s.email, s.company) for s in sams] == [
        ("sam.lee@harbourdental.example", "Harbour Dental"),
        ("s.lee@northgate.example", "Northgate Housing"),
    ]
    assert report.notes == [
        "teams come from the 'Company' column",
        "rows 4 and 5: 2 people named 'Sam Lee', all imported; told apart by email",
    ]


def test_hr_export_with_tabs_and_full_name() -> None:
    report = read_roster_report(ROSTERS / "hr-export.tsv")
    assert report.team_column == "Department"
    assert [(r.name, r.team, r.company) for r in report.rows] == [
        ("Amara Okafor", "Front Desk", "Brightwell Group"),
        ("Luis Fernández", "Front Desk", "Brightwell Group"),
        ("Chen Wei", "Accounts", "Brightwell Group"),
        ("Dana Okoro", "Accounts", "Brightwell Group"),
        ("Gus Lindqvist", "", "Brightwell Group"),
    ]
    assert report.notes == [
        "teams come from the 'Department' column (also found: 'Site', 'Company')",
        "row 6: no team given; assign one in setup",
        "row 2: 'Okafor, Amara' read as 'Amara Okafor', as the file's other names give the first name first",
    ]


# ----- team columns ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["Company", "Organisation", "Organization", "Department", "Site", "Location"]
)
def test_each_team_column_is_offered(header: str) -> None:
    report = parse_roster_report(f"Name,{header}\nAda,North\nBo,South\n")
    assert [r.team for r in report.rows] == ["North", "South"] and report.team_column == header
    assert report.notes == [f"teams come from the {header!r} column"]


def test_the_most_specific_column_that_splits_the_group_wins() -> None:
    # Everyone works for one company, so the department splits the group, even listed later.
    report = parse_roster_report(
        "Name,Company,Location,Department\nAda,Acme,Leeds,Sales\nBo,Acme,Leeds,Support\n"
    )
    assert report.team_column == "Department" and [r.team for r in report.rows] == ["Sales", "Support"]
    assert report.notes[0] == "teams come from the 'Department' column (also found: 'Location', 'Company')"
    # With only one company for everyone and nothing else, that company still names the team.
    report = parse_roster_report("Name,Company\nAda,Acme\nBo,Acme\n")
    assert [r.team for r in report.rows] == ["Acme", "Acme"]


def test_an_empty_team_column_gives_way_to_one_with_values() -> None:
    report = parse_roster_report("Name,Team,Company\nAda,,Acme\nBo,,Initech\n")
    assert report.team_column == "Company" and [r.team for r in report.rows] == ["Acme", "Initech"]


def test_a_plain_team_column_needs_no_note() -> None:
    assert notes_of("Name,Team\nAda,A\nBo,B\n") == []


def test_no_team_column_says_teams_must_be_assigned() -> None:
    report = read_roster_report(ROSTERS / "no-team.csv")
    assert report.team_column == "" and all(r.team == "" for r in report.rows)
    assert [r.email for r in report.rows] == ["ada@example.com", "bilal@example.com", "chen@example.com"]
    assert report.notes == [
        "no team column (Team, Group, Department, Site, Location, Company or Organisation): "
        "team steps will need teams assigned in setup"
    ]


# ----- two people with one name ----------------------------------------------------------------------


def test_duplicates_are_all_imported_and_told_apart_by_what_the_file_knows() -> None:
    by_email = "Name,Email,Company\nSam Lee,a@x.example,Acme\nsam  LEE,b@x.example,Acme\n"
    by_company = "Name,Company\nSam Lee,Acme\nSam Lee,Initech\n"
    by_team = "Name,Team\nSam Lee,A\nSam Lee,B\n"
    nothing = "Name\nSam Lee\nAda\nSam Lee\nSam Lee\n"
    assert (
        notes_of(by_email)[-1] == "rows 2 and 3: 2 people named 'Sam Lee', all imported; told apart by email"
    )
    assert notes_of(by_company)[-1].endswith("told apart by company")
    assert notes_of(by_team) == ["rows 2 and 3: 2 people named 'Sam Lee', all imported; told apart by team"]
    assert notes_of(nothing)[-1] == (
        "rows 2, 4 and 5: 3 people named 'Sam Lee', all imported; nothing in the file tells them apart: "
        "add an email or a team"
    )
    assert [r.name for r in parse_roster_report(nothing).rows] == ["Sam Lee", "Ada", "Sam Lee", "Sam Lee"]


# ----- "Last, First" ---------------------------------------------------------------------------------


def test_last_first_is_turned_round_only_among_first_name_first_names() -> None:
    report = parse_roster_report(
        'Name\nAda Brennan\nBo Li\n"Smith, John"\n"O\'Neil-Hart, Mary Ann"\nCy Dee\n'
    )
    assert [r.name for r in report.rows] == [
        "Ada Brennan",
        "Bo Li",
        "John Smith",
        "Mary Ann O'Neil-Hart",
        "Cy Dee",
    ]
    assert report.notes[1:] == [
        "rows 4 and 5: 2 'Last, First' names turned round ('Smith, John' read as 'John Smith', ...), "
        "as the file's other names give the first name first"
    ]


def test_last_first_is_left_alone_when_unsure() -> None:
    report = read_roster_report(ROSTERS / "last-first.csv")  # every name is "Last, First"
    assert [r.name for r in report.rows] == ["Okafor, Amara", "Fernández, Luis", "Chen, Wei"]
    assert (
        report.notes[-1]
        == "rows 2, 3 and 4: a name with a comma was left as written; check which is the first name"
    )
    # One other name is not enough to go by.
    assert [r.name for r in parse_roster_report('Name\nAda Brennan\n"Smith, John"\n').rows] == [
        "Ada Brennan",
        "Smith, John",
    ]


def test_a_comma_that_is_not_last_first_is_left_alone() -> None:
    text = (
        'Name\nAda Brennan\nBo Li\nCy Dee\nDi Fox\n"Smith, John, Jr."\n"Acme Ltd, 2nd floor"\n"=SUM(1,2)"\n'
    )
    report = parse_roster_report(text)
    assert [r.name for r in report.rows][4:] == ["Smith, John, Jr.", "Acme Ltd, 2nd floor", "=SUM(1,2)"]
    assert report.notes[1:] == ["rows 6, 7 and 8: a name with a comma was left as written"]


def test_last_first_is_never_split_into_two_people() -> None:
    for text in (
        "Name;Team\nAda Li;A\nBo Wu;A\nSmith, John;B\n",
        'Name,Team\nAda Li,A\nBo Wu,A\n"Smith, John",B\n',
    ):
        report = parse_roster_report(text)
        assert len(report.rows) == 3 and report.rows[2] == RosterRow("John Smith", "B", line=4)


# ----- cleaned or refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("Eve\x00 Adams", "Eve Adams"),
        ("\x1b[31mEve\x1b[0m Adams", "Eve Adams"),
        ("Eve\nAdams", "Eve Adams"),
        ("Eve\r\n\tAdams", "Eve Adams"),
        ("Eve\u200b Adams", "Eve Adams"),
        ("Eve \u202eAdams", "Eve Adams"),
        ("\x07Eve Adams\x7f", "Eve Adams"),
    ],
)
def test_control_characters_are_cleaned_with_a_note(cell: str, name: str) -> None:
    quoted = cell.replace('"', '""')
    report = parse_roster_report(f'Name,Team\nAda,A\n"{quoted}",B\n')
    assert report.rows[1].name == name
    assert "row 3: line breaks, control or invisible characters removed" in report.notes


def test_names_too_long_or_only_control_characters_are_refused_by_row() -> None:
    text = f'Name,Team,Email\nAda,A,a@x\n{"y" * 201},B,\n"\x1b\x00",C,\nBo,{"t" * 101},{"e" * 300}\n'
    with pytest.raises(RosterError) as info:
        parse_roster_report(text)
    assert info.value.problems == [
        "row 3: the name is 201 characters long (at most 200)",
        "row 4: no name",
        "row 5: the team is 101 characters long (at most 100)",
        "row 5: the email is 300 characters long (at most 254)",
    ]


def test_hostile_names_leave_notes_on_one_line() -> None:
    usable = [h for h in HOSTILE if len(h) < 100]
    rows = "\n".join('"{}",T'.format(h.replace('"', '""')) for h in usable if h.strip(" \t\n"))
    try:
        report = parse_roster_report("Name,Team\n" + rows + "\n" + rows + "\n")
    except RosterError as error:
        assert all("no name" in p for p in error.problems)
    else:
        assert report.notes
        assert not [n for n in report.notes if any(c in n for c in "\n\r\x1b\x00\u200b")]


# ----- teams of a chosen size ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "size", "sizes"),
    [
        (10, 4, [4, 3, 3]),
        (12, 4, [4, 4, 4]),
        (5, 4, [5]),
        (6, 4, [3, 3]),
        (7, 3, [4, 3]),
        (3, 5, [3]),
        (1, 1, [1]),
    ],
)
def test_assign_teams_of_about_the_size_asked(count: int, size: int, sizes: list[int]) -> None:
    labels = assign_teams(count, size)
    assert len(labels) == count
    assert sorted((labels.count(t) for t in set(labels)), reverse=True) == sizes
    assert labels[:2] != [labels[0]] * 2 or len(set(labels)) == 1  # neighbours go to different teams


@settings(deadline=None)
@given(st.integers(0, 200), st.integers(1, 20))
def test_assign_teams_is_balanced(count: int, size: int) -> None:
    labels = assign_teams(count, size)
    counts = [labels.count(t) for t in set(labels)]
    assert len(labels) == count
    assert not counts or max(counts) - min(counts) <= 1
    assert all(label.startswith("Team ") for label in labels)


def test_assign_teams_refuses_a_size_below_one() -> None:
    with pytest.raises(ValueError):
        assign_teams(5, 0)
    assert assign_teams(0, 4) == []


def test_the_cli_passes_on_the_notes_and_assigns_teams(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitator.cli import main
    from facilitator.engine import Workspace

    data = tmp_path / "data"
    roster = Path(__file__).parent / "data" / "rosters" / "no-team.csv"
    assert (
        main(
            [
                "--data-dir",
                str(data),
                "new",
                "taking-messages-that-matter",
                "--title",
                "T",
                "--roster",
                str(roster),
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    session_id = out.strip()
    assert "facilitator: note:" in err and "team" in err
    assert main(["--data-dir", str(data), "roster", "teams", session_id, "--size", "3"]) == 0
    capsys.readouterr()
    session = Workspace(data).open(session_id, readonly=True)
    people = session.participants()
    assert all(p.team for p in people) and len(set(p.team for p in people)) == max(1, round(len(people) / 3))
    session.close()


async def test_setup_puts_everyone_without_a_team_into_teams_of_a_chosen_size(tmp_path: Path) -> None:
    from factories import FakeClock, library, make_workshop

    from facilitator.engine import Workspace
    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.screens.setup import SetupScreen

    w = make_workshop(tmp_path, people=0)
    for n in range(10):
        w.add_participant(f"Person {n}")
    app = FacilitatorApp(workspace=Workspace(tmp_path), library=library(), clock=FakeClock(), still=True)
    async with app.run_test(size=(100, 30)) as pilot:
        app.adopt(w, SetupScreen(w))
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("4", "enter")
        await pilot.pause()
        teams = [p.team for p in w.participants()]
        assert all(teams) and sorted(teams.count(t) for t in set(teams)) == [3, 3, 4]
