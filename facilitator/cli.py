"""The `facilitator` command.

Everything except the commands that open the TUI stays free of Textual, so
`--help`, `check` and `export` answer instantly and can run in scripts. Lists
print one item per line starting with its id; `--json` gives machine output;
a user's mistake is one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator import __version__
from facilitator.paths import DATA_ENV, EXERCISES_ENV, data_dir, exercise_dirs

if TYPE_CHECKING:
    from facilitator.engine import Workspace
    from facilitator.loader import Library

EXIT_USER_ERROR = 1


class UserError(Exception):
    """A mistake the user can fix; printed as one line."""


def _library(args: argparse.Namespace) -> Library:
    from facilitator.loader import load_library

    return load_library(exercise_dirs(args.exercises))


def _data(args: argparse.Namespace) -> Workspace:
    from facilitator.engine import Workspace

    return Workspace(data_dir(args.data_dir))


def cmd_agendas(args: argparse.Namespace) -> int:
    """List the agendas a new session can be made from."""
    lib = _library(args)
    rows = [
        {
            "id": a.id,
            "title": a.title,
            "minutes": a.minutes,
            "exercises": [i.exercise for i in a.items if i.exercise],
        }
        for a in lib.agendas.values()
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print(f"{row['id']}\t{row['title']}\t{row['minutes']} min")
    _warn_problems(lib)
    return 0


def _warn_problems(lib: Library) -> None:
    if lib.problems:
        print(
            f"note: {len(lib.problems)} exercise file problem(s); run `facilitator check`",
            file=sys.stderr,
        )


def cmd_sessions(args: argparse.Namespace) -> int:
    """List sessions in the data folder, newest first."""
    sessions = _data(args).sessions()
    if args.json:
        print(json.dumps([s.to_dict() for s in sessions], ensure_ascii=False, indent=2))
    else:
        for s in sessions:
            print(f"{s.id}\t{s.date}\t{_one_line(s.title)}\t{s.status}")
    return 0


def _one_line(text: str) -> str:
    """User text printed in a one-item-per-line listing must stay on its line."""
    return " ".join(text.split()) if text.strip() else "(untitled)"


def cmd_new(args: argparse.Namespace) -> int:
    """Create a session and print only its id, so scripts can capture it."""
    from facilitator.engine import create_session
    from facilitator.engine.details import default_follow_up

    when = _parse_date(args.date, "--date") if args.date else date.today().isoformat()
    if args.follow_up:
        follow_up = _parse_date(args.follow_up, "--follow-up")
        if follow_up < when:
            raise UserError(f"--follow-up: {follow_up} is before the workshop ({when})")
    else:
        default = default_follow_up(date.fromisoformat(when))
        follow_up = default.isoformat() if default else ""
    rows = _roster_rows(args.roster) if args.roster else []
    lib = _library(args)
    workshop = create_session(
        _data(args), lib, args.agenda, args.title, when, args.trainer, rows, follow_up=follow_up
    )
    print(workshop.id)
    workshop.close()
    return 0


def _parse_date(text: str, option: str) -> str:
    from facilitator.engine.entry_rules import EntryError, parse_date

    try:
        return parse_date(text).isoformat()
    except EntryError as exc:
        raise UserError(f"{option}: {exc}") from None


def cmd_roster(args: argparse.Namespace) -> int:
    """Import a CSV into a session; all rows or none."""
    from facilitator.engine import open_session

    rows = _roster_rows(args.csv)
    workshop = open_session(_data(args), args.session)
    try:
        added = workshop.import_roster(rows)
    finally:
        workshop.close()
    for person in added:
        print(f"{person.id}\t{_one_line(person.name)}\t{_one_line(person.team) if person.team else ''}")
    return 0


def _roster_rows(path: str) -> list[Any]:
    """The rows of a roster file; what the trainer should know about it goes to stderr."""
    from facilitator.roster import read_roster_report

    report = read_roster_report(Path(path))
    for note in report.notes:
        print(f"facilitator: note: {note}", file=sys.stderr)
    return list(report.rows)


def cmd_teams(args: argparse.Namespace) -> int:
    """Put everyone without a team into teams of about --size people."""
    from facilitator.engine import open_session

    workshop = open_session(_data(args), args.session)
    try:
        changed = workshop.roster.assign_teams(args.size)
    finally:
        workshop.close()
    for person in changed:
        print(f"{person.id}\t{_one_line(person.name)}\t{_one_line(person.team)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate exercise and agenda files; one line per problem, then one line on what was checked.

    Checking a trainer's own file still loads the bundled library (and any
    --exercises folders), because their references may point there; but only
    the named files are reported on and counted.
    """
    from facilitator.loader import find_files, load_library

    targets = [Path(p) for p in args.paths]
    missing = [p for p in targets if not p.exists()]
    for path in missing:
        print(f"{path}: no such file or folder", file=sys.stderr)
    present = [p for p in targets if p.exists()]
    lib = load_library([*exercise_dirs(args.exercises), *present])
    chosen = {p.resolve() for p in find_files(present)} if targets else None
    empty = [p for p in present if p.is_dir() and not find_files([p])]
    for path in empty:
        print(f"{path}: no .toml files in this folder", file=sys.stderr)
    problems = [p for p in lib.problems if chosen is None or p.path.resolve() in chosen]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems or missing or empty:
        return EXIT_USER_ERROR
    print(_checked_summary(lib, chosen))
    return 0


def _checked_summary(lib: Library, chosen: set[Path] | None) -> str:
    """`ok: ...` naming what was checked: the file itself, or how many of each kind."""
    kept = [(key, path) for key, path in lib.sources.items() if chosen is None or path.resolve() in chosen]
    exercises = sum(1 for key, _ in kept if not key.startswith("agenda:"))
    agendas = len(kept) - exercises

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    what = f"{count(exercises, 'exercise')}, {count(agendas, 'agenda')}"
    if chosen is not None and len(kept) == 1:
        key, path = kept[0]
        kind = "agenda" if key.startswith("agenda:") else "exercise"
        return f"ok: {path}: {kind} {key.removeprefix('agenda:')!r}"
    return f"ok: {what}" + ("" if chosen is None else f" in {count(len(kept), 'file')}")


def cmd_export(args: argparse.Namespace) -> int:
    """Write a session's data as JSON, CSV or iCalendar to stdout or a file."""
    from facilitator import export
    from facilitator.engine import open_session

    if args.per_participant is not None:
        if args.format != "ics":
            raise UserError("--per-participant writes calendars: use it with --format ics")
        return _per_participant(args)
    if (args.excel or args.delimiter) and args.format != "csv":
        raise UserError("--excel and --delimiter are for --format csv")
    if args.include_private and args.format != "json":
        raise UserError("--include-private is for --format json")
    workshop = open_session(_data(args), args.session, readonly=True)
    warn_recovered(workshop.recovered)
    try:
        text = export.render(
            workshop,
            args.format,
            excel=args.excel,
            delimiter=args.delimiter,
            include_private=args.include_private,
        )
    finally:
        workshop.close()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8", newline="")
        print(args.out)
    else:
        sys.stdout.write(text)
    return 0


def warn_recovered(note: str | None) -> None:
    """Say on stderr when what follows was read from a backup, not the session file."""
    if note:
        print(f"facilitator: note: {note}", file=sys.stderr)


def _per_participant(args: argparse.Namespace) -> int:
    """One calendar file per person, paths printed one per line."""
    from facilitator.engine import open_session
    from facilitator.reminders import write_per_participant

    workshop = open_session(_data(args), args.session, readonly=True)
    try:
        for path in write_per_participant(workshop, Path(args.per_participant)):
            print(path)
    finally:
        workshop.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; kept separate so tests can inspect it."""
    from facilitator import cli_windows

    parser = argparse.ArgumentParser(
        prog="facilitator",
        description="Run a customer-service training workshop from a projected terminal.",
        epilog=f"Data folder: --data-dir or ${DATA_ENV}. Extra exercises: --exercises or ${EXERCISES_ENV}.",
    )
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="where sessions are stored")
    parser.add_argument(
        "--exercises",
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help="a folder of your own exercise and agenda files (repeatable)",
    )
    parser.set_defaults(func=cli_windows.cmd_home)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = add("demo", cli_windows.cmd_demo, "open a demo workshop with a fictional group of 12")
    p.add_argument(
        "--prepare",
        action="store_true",
        help="create the demo session, print its id, don't open it",
    )
    cli_windows.add_join(p)
    p = add("agendas", cmd_agendas, "list the agendas you can run")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p = add("new", cmd_new, "create a session from an agenda; prints its id")
    p.add_argument("agenda", help="agenda id (see `facilitator agendas`)")
    p.add_argument("--title", required=True, help="the workshop's title, e.g. the client's team")
    p.add_argument("--date", help="the workshop's date (default: today)")
    p.add_argument("--trainer", default="", help="the trainer's name for handouts")
    p.add_argument("--roster", metavar="CSV", help="import participants from a CSV file")
    p.add_argument(
        "--follow-up",
        metavar="DATE",
        help="when to follow up on actions (default: 30 days after the workshop, on a weekday)",
    )
    p = add("sessions", cmd_sessions, "list sessions, newest first")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p = add("roster", cmd_roster, "manage a session's participants")
    roster_sub = p.add_subparsers(title="roster commands", metavar="ACTION", required=True)
    imp = roster_sub.add_parser("import", help="import participants from a CSV file")
    imp.add_argument("session")
    imp.add_argument("csv")
    imp.set_defaults(func=cmd_roster)
    teams = roster_sub.add_parser("teams", help="put everyone without a team into teams of about N people")
    teams.add_argument("session")
    teams.add_argument("--size", type=int, required=True, metavar="N", help="people per team")
    teams.set_defaults(func=cmd_teams)
    p = add("run", cli_windows.cmd_run, "run a session on the projected screen")
    p.add_argument("session")
    p.add_argument(
        "--read-only",
        action="store_true",
        help="look without changing anything (another window has it, or the folder is read-only)",
    )
    cli_windows.add_join(p)
    p = add(
        "room", cli_windows.cmd_room, "the room display: show a running session on the projector (read-only)"
    )
    p.add_argument("session")
    p = add("check", cmd_check, "check exercise and agenda files; one line per problem")
    p.add_argument("paths", nargs="*", help="files or folders (default: every exercise folder)")
    p = add("export", cmd_export, "export a session's data")
    p.add_argument("session")
    p.add_argument("--format", choices=("json", "csv", "ics"), default="json")
    p.add_argument("--out", metavar="FILE", help="write to a file instead of standard output")
    p.add_argument(
        "--excel",
        action="store_true",
        help="CSV for Excel: a UTF-8 BOM, and ; between cells where your locale writes 1,5",
    )
    p.add_argument("--delimiter", choices=(",", ";", "tab"), help="CSV cell separator (overrides --excel's)")
    p.add_argument(
        "--include-private", action="store_true", help="JSON: include private relationship ratings"
    )
    p.add_argument("--per-participant", metavar="DIR", help="ICS: write one calendar per person into DIR")
    _add_handouts(sub)
    _add_followup(sub)
    return parser


def _add_handouts(sub: Any) -> None:
    """The handouts command lives with the handouts code; registered here."""
    try:
        from facilitator.handouts.cli import add_parser
    except ImportError:
        return
    add_parser(sub)


def _add_followup(sub: Any) -> None:
    """The followup command lives beside the follow-up code; registered here."""
    from facilitator.followup_cli import add_parser

    add_parser(sub)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    from facilitator.errors import user_errors

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `facilitator export X | head` closed the pipe early: not an error worth a message.
        sys.stderr.close()
        return 0
    except user_errors() as exc:
        print(f"facilitator: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except UserError as exc:
        print(f"facilitator: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
