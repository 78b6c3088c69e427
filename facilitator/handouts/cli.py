"""The `facilitator handouts` command, registered by `facilitator.cli`.

It prints the paths it wrote, one per line, so a script can pick them up.
When PDF is impossible here it still writes the HTML, says in one line how
to print it from a browser, and fails (exit 1) only if PDF was all that
was asked for: the other formats asked for were delivered.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add `handouts SESSION [--out DIR] [--format html,pdf,md] [--paper a4|letter]`."""
    help_text = "print action plans, the trainer's report, caller cards and message slips"
    p: argparse.ArgumentParser = sub.add_parser("handouts", help=help_text, description=help_text)
    p.add_argument("session", help="session id (see `facilitator sessions`)")
    p.add_argument("--out", metavar="DIR", type=Path, help="folder to write to (default: ./handouts-SESSION)")
    p.add_argument(
        "--format",
        default="html",
        metavar="html,pdf,md",
        help="one or more formats, comma-separated (default: html)",
    )
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default: a4)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Write the handouts and print their paths."""
    from facilitator.cli import _data, warn_recovered
    from facilitator.engine import open_session
    from facilitator.handouts import HandoutError, PdfUnavailable, build

    formats = [f.strip().lower() for f in str(args.format).split(",") if f.strip()]
    out = args.out or Path(f"handouts-{args.session}")
    workshop = open_session(_data(args), args.session, readonly=True)
    warn_recovered(workshop.recovered)
    try:
        written = build(workshop, out, formats, args.paper)
    except HandoutError as exc:
        print(f"facilitator: {exc}", file=sys.stderr)
        return 1
    except PdfUnavailable as exc:
        for path in exc.written:
            print(path)
        print(f"facilitator: {exc}", file=sys.stderr)
        return 1 if set(formats) == {"pdf"} else 0
    finally:
        workshop.close()
    for path in written:
        print(path)
    return 0
