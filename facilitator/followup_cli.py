"""The `facilitator followup` command, registered by `facilitator.cli`.

Without `--eml` it lists actions due, one per line (due date, participant,
session, action), so a script can cut columns; `--json` gives the same as
objects. With `--eml DIR` it writes one email draft per participant of one
session and prints their paths; people without an address are listed on
standard error, because the trainer must reach them another way.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add `followup [SESSION] [--session ID] [--due-within 14d] [--json] [--eml DIR] [--paper]`."""
    help_text = "list actions due across sessions, or write follow-up email drafts for one session"
    p: argparse.ArgumentParser = sub.add_parser("followup", help=help_text, description=help_text)
    p.add_argument("session", nargs="?", help="only this session (needed with --eml)")
    p.add_argument("--session", dest="session_option", metavar="ID", help="only this session")
    p.add_argument(
        "--due-within", metavar="14d", help="only actions due from today to N days (or Nw weeks) on"
    )
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--eml", metavar="DIR", type=Path, help="write one .eml draft per participant into DIR")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size of the attached plans")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """List due actions, or write drafts."""
    from facilitator.cli import UserError, _data
    from facilitator.followup import FollowUpError, due_actions, lines, parse_within

    session = args.session or args.session_option
    if args.session and args.session_option and args.session != args.session_option:
        raise UserError("give the session once, either as SESSION or with --session")
    try:
        within = parse_within(args.due_within) if args.due_within else None
    except FollowUpError as exc:
        raise UserError(str(exc)) from None
    data = _data(args)
    if args.eml is not None:
        if not session:
            raise UserError("--eml needs a session: facilitator followup SESSION --eml DIR")
        return _drafts(data, session, args.eml, args.paper)
    found, problems = due_actions(data, today=date.today(), within_days=within, session=session)
    for problem in problems:
        print(f"facilitator: skipped {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps([a.to_dict() for a in found], ensure_ascii=False, indent=2))
    else:
        for line in lines(found):
            print(line)
    return 0


def _drafts(data: Any, session: str, out: Path, paper: str) -> int:
    from facilitator.email_drafts import write_drafts
    from facilitator.engine import open_session

    workshop = open_session(data, session, readonly=True)
    try:
        drafts = write_drafts(workshop, out, paper)
    finally:
        workshop.close()
    for path in drafts.written:
        print(path)
    for person, why in drafts.without_email:
        name = " ".join(person.name.split()) or person.id
        print(f"facilitator: no draft for {name} ({person.id}): {why}", file=sys.stderr)
    return 0
