"""The roster importer against the files trainers are actually sent.

Each fixture is a small copy of a real export shape; the hostile and property
tests make sure nothing a participant can be called breaks the import or is
silently changed by it.
"""

from __future__ import annotations

import csv
import io
import pickle
from pathlib import Path

import pytest
from hostile import HOSTILE
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.roster import RosterError, RosterRow, parse_roster, parse_roster_report, read_roster
from facilitator.roster_people import MAX_LENGTHS, clean_cell

DEMO = Path(__file__).resolve().parent.parent / "exercises" / "_demo" / "roster.csv"
DELIMITERS = [",", ";", "\t"]


def write_csv(rows: list[list[str]], delimiter: str = ",") -> str:
    """Text exactly as Python's csv.writer (and so Excel, near enough) would save it."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue()


def names(rows: list[RosterRow]) -> list[str]:
    return [row.name for row in rows]


def rejected(text: str, source: str = "roster.csv") -> RosterError:
    with pytest.raises(RosterError) as info:
        parse_roster(text, source)
    return info.value


# --- real-world shapes -------------------------------------------------------


def test_excel_export_with_bom_semicolons_and_crlf() -> None:
    text = (
        "\ufeffName;Team;Role;Email\r\n"
        "Anna Kowalski;Front Desk;Receptionist;anna@example.com\r\n"
        "Ben Osei;Accounts;Clerk;ben@example.com\r\n"
    )
    assert parse_roster(text) == [
        RosterRow("Anna Kowalski", "Front Desk", "Receptionist", "anna@example.com", line=2),
        RosterRow("Ben Osei", "Accounts", "Clerk", "ben@example.com", line=3),
    ]


def test_utf8_bom_file_read_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes("Name;Team\r\nZoë Ångström;Accounts\r\n".encode("utf-8-sig"))
    assert read_roster(path) == [RosterRow("Zoë Ångström", "Accounts", line=2)]


def test_tab_separated_with_commas_in_cells() -> None:
    text = "Full name\tDepartment\tJob title\nOkafor, Amara\tSales, North\tLead\n"
    assert parse_roster(text) == [RosterRow("Okafor, Amara", "Sales, North", "Lead", line=2)]


def test_comma_separated_with_semicolons_in_cells() -> None:
    text = 'Name,Team\n"Lee; Jo",A;B\n'
    assert parse_roster(text) == [RosterRow("Lee; Jo", "A;B", line=2)]


def test_delimiter_comes_from_header_not_from_data() -> None:
    # More tabs in the data than semicolons: the header decides, unlike csv.Sniffer.
    # (The tabs inside the name are then cleaned to spaces.)
    text = 'Name;Team\n"a\tb\tc\td";x\n'
    assert parse_roster(text) == [RosterRow("a b c d", "x", line=2)]


def test_quoted_multiline_field_keeps_later_row_numbers() -> None:
    text = 'Name,Team,Role\n"Maria\nda Silva",Field Service,"Tech,\nnights"\n,Accounts,\n'
    error = rejected(text)
    # Row 3 in a spreadsheet although it is line 4 in a text editor.
    assert error.problems == ["row 3: no name"]
    rows = parse_roster(text.replace(",Accounts,", "Jo,Accounts,"))
    # A line break inside a cell would break the projector's one-line lists: it becomes a space.
    assert rows[0] == RosterRow("Maria da Silva", "Field Service", "Tech, nights", line=2)
    assert rows[1].line == 3


def test_first_and_last_name_columns_are_combined() -> None:
    text = "Given name,Family Name,Group\n Ana ,  Lima ,A\nSolo,,B\n,Only-Last,C\n"
    assert parse_roster(text) == [
        RosterRow("Ana Lima", "A", line=2),
        RosterRow("Solo", "B", line=3),
        RosterRow("Only-Last", "C", line=4),
    ]


def test_full_name_wins_and_falls_back_to_first_and_last() -> None:
    text = "First name,Surname,Participant\nA,B,Chosen Name\nC,D,\n"
    assert names(parse_roster(text)) == ["Chosen Name", "C D"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Full name", "name"),
        ("  PARTICIPANT ", "name"),
        ("Attendee", "name"),
        ("FullName", "name"),
        ("Dept", "team"),
        ("Group", "team"),
        ("department", "team"),
        ("Job Title", "role"),
        ("Position", "role"),
        ("E-mail", "email"),
        ("Email Address", "email"),
        ("e_mail", "email"),
    ],
)
def test_header_aliases(header: str, field: str) -> None:
    base = {"name": "Name", "team": "Team", "role": "Role", "email": "Email"}
    base[field] = header
    text = write_csv([list(base.values()), ["N", "T", "R", "E"]])
    assert parse_roster(text) == [RosterRow("N", "T", "R", "E", line=2)]


def test_unknown_columns_are_ignored() -> None:
    text = "ID,Name,Shoe size,Team,Notes\n7,Ivo,44,Accounts,likes tea\n"
    assert parse_roster(text) == [RosterRow("Ivo", "Accounts", line=2)]


def test_blank_lines_and_empty_rows_are_skipped() -> None:
    text = "\n\nName;Team\n\nAda;X\n   \n;;\n\r\nBo;Y\n\n"
    rows = parse_roster(text)
    assert [(r.name, r.line) for r in rows] == [("Ada", 5), ("Bo", 9)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_any_line_ending(newline: str) -> None:
    text = newline.join(["Name;Team", "Ada;X", '"Bo\nBo";Y', ""])
    assert parse_roster(text) == [RosterRow("Ada", "X", line=2), RosterRow("Bo Bo", "Y", line=3)]


def test_trailing_empty_columns() -> None:
    text = "Name;Team;;;\r\nAda;X;;;\r\nBo;Y;;;;;;\r\nCy;Z\r\n"
    assert names(parse_roster(text)) == ["Ada", "Bo", "Cy"]


def test_duplicate_names_are_both_kept() -> None:
    text = "Name,Team\nSam Lee,A\nSam Lee,A\nSam Lee,B\n"
    rows = parse_roster(text)
    assert names(rows) == ["Sam Lee"] * 3
    assert [r.line for r in rows] == [2, 3, 4]


def test_outer_whitespace_trimmed_inner_kept() -> None:
    text = "Name,Team\n\u00a0  Jo  Ann \t,  Front  Desk \n"
    assert parse_roster(text) == [RosterRow("Jo  Ann", "Front  Desk", line=2)]


def test_cp1252_file_from_old_excel(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes("Name;Team\r\nJosé Müller;Café “Nord”\r\n".encode("cp1252"))
    assert read_roster(path) == [RosterRow("José Müller", "Café “Nord”", line=2)]


def test_utf16_unicode_text_export(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes("Name\tTeam\r\n李小龍\tA\r\n".encode("utf-16"))
    assert read_roster(path) == [RosterRow("李小龍", "A", line=2)]


def test_sep_line_sets_the_delimiter() -> None:
    text = "sep=,\r\nName,Team\r\nA;B,C\r\n"
    assert parse_roster(text) == [RosterRow("A;B", "C", line=2)]


def test_single_column_file() -> None:
    assert names(parse_roster("Name\nAda\nBo\n")) == ["Ada", "Bo"]


def test_demo_roster() -> None:
    rows = read_roster(DEMO)
    assert DEMO.read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(rows) == 12
    assert {r.team for r in rows} == {"Front Desk", "Accounts", "Field Service"}
    assert all(r.name and r.role and r.email.endswith("@example.com") for r in rows)


# --- rejection ---------------------------------------------------------------


def test_bad_rows_reject_the_whole_file_with_row_numbers() -> None:
    text = "Name,Team,Role,Email\nA,T,R,E\n,T,R,E\nB,T\n\nC,T,R,E,extra\n   ,T\n"
    error = rejected(text)
    assert error.problems == [
        "row 3: no name",
        "row 6: 5 columns, the header has 4",
        "row 7: no name",
    ]
    assert str(error) == ("roster.csv: row 3: no name; row 6: 5 columns, the header has 4; row 7: no name")


def test_many_problems_are_summarised_on_one_line() -> None:
    text = "Name,Team\n" + ",T\n" * 17
    error = rejected(text)
    assert len(error.problems) == 17
    message = str(error)
    assert "\n" not in message
    assert message.startswith("roster.csv: row 2: no name; row 3: no name;")
    assert message.endswith("row 6: no name; …and 12 more")


def test_no_name_column_names_the_headers_found() -> None:
    error = rejected("Team;Email;Phone\nA;a@example.com;1\n")
    assert len(error.problems) == 1
    message = str(error)
    assert message.startswith("roster.csv: no name column")
    for header in ("'Team'", "'Email'", "'Phone'"):
        assert header in message


def test_hostile_headers_stay_on_one_line() -> None:
    error = rejected(write_csv([["Who\nis", "\x1b[31mTeam"], ["a", "b"]]), "evil\nname.csv")
    assert "\n" not in str(error) and "\x1b" not in str(error)
    assert str(error).startswith("evil\\nname.csv: no name column")
    assert "'Who\\nis'" in str(error)


def test_header_wrapped_over_two_lines_still_matches() -> None:
    # Spreadsheet headers are often wrapped ("Full⏎name"); whitespace inside is ignored.
    assert names(parse_roster('"Full\nname",Team\nAda,X\n')) == ["Ada"]


def test_unclosed_quote_is_not_silently_merged() -> None:
    text = 'Name;Team\nAda;X\n"Bo;Y\nCy;Z\nDi;W\n'
    error = rejected(text)
    assert error.problems == [
        'row 3: a quote (") opened in this row is never closed, so the rest of the file was read as one cell'
    ]


def test_oversized_cell_is_a_roster_error() -> None:
    error = rejected("Name\n" + "x" * 200_000 + "\n")
    assert error.problems[0].startswith("row 2: not readable as CSV")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "the file is empty"),
        ("\ufeff \r\n\r\n", "the file is empty"),
        ("Name,Team\n", "no participants below the header row"),
    ],
)
def test_empty_files(text: str, problem: str) -> None:
    assert rejected(text).problems == [problem]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RosterError) as info:
        read_roster(tmp_path / "nope.csv")
    assert str(info.value) == "nope.csv: file not found"


def test_folder_instead_of_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(RosterError, match=r"^folder: is a folder"):
        read_roster(folder)


def test_workbook_saved_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00binary stuff\xff\xfe")
    with pytest.raises(RosterError, match="workbook, not CSV"):
        read_roster(path)


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"Name\n\x81\x8d\xff\n")  # invalid UTF-8, undefined in cp1252
    with pytest.raises(RosterError, match="not UTF-8 or Windows-1252"):
        read_roster(path)


def test_error_survives_pickling() -> None:
    error = rejected("Name,Team\n,A\n")
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error) and copy.problems == error.problems


# --- hostile input -----------------------------------------------------------


FIELDS = ["name", "team", "role", "email"]


@pytest.mark.parametrize("delimiter", DELIMITERS, ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("column", [0, 1, 2, 3], ids=FIELDS)
@pytest.mark.parametrize("value", HOSTILE, ids=[f"h{i}" for i in range(len(HOSTILE))])
def test_hostile_strings_round_trip(value: str, column: int, delimiter: str) -> None:
    """Every hostile string in every column: kept as typed, cleaned, or refused with its row."""
    cells = ["Ada", "Front Desk", "Agent", "ada@example.com"]
    cells[column] = value
    text = write_csv([["Name", "Team", "Role", "Email"], cells], delimiter)
    shown, _ = clean_cell(value)
    if column == 0 and not shown:
        assert rejected(text).problems == ["row 2: no name"]
        return
    if len(shown) > MAX_LENGTHS[FIELDS[column]]:
        [problem] = rejected(text).problems
        assert problem.startswith(f"row 2: the {FIELDS[column]} is {len(shown):,} characters long")
        return
    [row] = parse_roster(text)
    expected = [clean_cell(c)[0] for c in cells]
    assert [row.name, row.team, row.role, row.email] == expected
    assert row.line == 2
    for cell in expected:  # nothing that can garble a terminal or a one-line list survives
        assert cell == cell.strip() and not any(c in cell for c in "\x00\x1b\n\r\t\u200b")


def test_every_hostile_name_in_one_file() -> None:
    usable = [v for v in HOSTILE if clean_cell(v)[0] and len(v) <= 100]
    for delimiter in DELIMITERS:
        rows = [["Name", "Team"], *([v, v] for v in usable)]
        report = parse_roster_report(write_csv(rows, delimiter))
        cleaned = [clean_cell(v)[0] for v in usable]
        assert [(r.name, r.team) for r in report.rows] == [(c, c) for c in cleaned]
        assert [r.line for r in report.rows] == list(range(2, len(usable) + 2))
        assert all("\n" not in note and "\x1b" not in note for note in report.notes)


def test_a_10000_character_name_is_refused_with_its_row() -> None:
    error = rejected(write_csv([["Name"], ["Ada"], ["x" * 10_000], ["Bo"]]))
    assert error.problems == ["row 3: the name is 10,000 characters long (at most 200)"]


# --- properties --------------------------------------------------------------

CSVISH = st.text(alphabet=st.sampled_from(list('Name,;\t"\r\n \ufeffTeam\x00é=')), max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), CSVISH, CSVISH.map(lambda t: "Name;Team\n" + t)))
def test_any_text_parses_or_raises_roster_error(text: str) -> None:
    try:
        rows = parse_roster(text)
    except RosterError as error:
        assert error.problems
        assert "\n" not in str(error) and "\r" not in str(error)
    else:
        assert rows and all(r.name and r.name == r.name.strip() for r in rows)
        assert all(clean_cell(r.name)[0] == r.name for r in rows)


NAMEISH = st.text(max_size=60).filter(lambda s: bool(clean_cell(s)[0]) and "," not in s)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(NAMEISH, st.text(max_size=60), st.text(max_size=60)), min_size=1, max_size=8),
    st.sampled_from(DELIMITERS),
)
def test_written_rows_come_back(people: list[tuple[str, str, str]], delimiter: str) -> None:
    """Whatever is written comes back, cleaned the one documented way (commas in names aside)."""
    text = write_csv([["Name", "Team", "Email"], *map(list, people)], delimiter)
    rows = parse_roster(text)
    assert [(r.name, r.team, r.email) for r in rows] == [
        (clean_cell(n)[0], clean_cell(t)[0], clean_cell(e)[0]) for n, t, e in people
    ]
