"""Follow-up email drafts: one `.eml` per participant, for the trainer to open and send.

Nothing is sent from the app: there are no accounts and no network. Each
draft is a standard MIME message (Python's `email` package) that any mail
client opens: the person's actions and the follow-up date in the body,
their action plan as a PDF and their reminders as an `.ics` attached.
`X-Unsent: 1` makes Outlook open it as a draft with Send ready; other
clients open it as a message to forward or "edit as new".

A person without a usable address gets no draft and is listed, so the
trainer knows whom to reach another way. Names go into headers through
`email.headerregistry.Address`, which encodes them, so a name cannot
inject a header; control characters are dropped first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from facilitator.engine import Participant, Session
from facilitator.engine import details as session_details
from facilitator.export import printable
from facilitator.followup import DueAction, session_actions
from facilitator.reminders import to_ics

SUBJECT_CHARS = 120


@dataclass(frozen=True)
class Drafts:
    """What was written, and who could not be written to (with why)."""

    written: list[Path]
    without_email: list[tuple[Participant, str]]


def _line(text: str) -> str:
    return " ".join(printable(text).split())


def address(person: Participant) -> Address | None:
    """The person as a To: address, or None when the roster has no usable email for them."""
    email = person.email.strip()
    if email.count("@") != 1 or any(c.isspace() or ord(c) < 32 for c in email):
        return None
    user, _, domain = email.partition("@")
    if not user or "." not in domain:
        return None
    try:
        return Address(display_name=_line(person.name)[:120], username=user, domain=domain)
    except (ValueError, IndexError):
        return None


def body(person: Participant, title: str, trainer: str, follow_up: str, actions: Sequence[DueAction]) -> str:
    """The message text: plain, short, readable in any client."""
    first = _line(person.name).split(" ")[0] or "there"
    out = [
        f"Hello {first},",
        "",
        f"Thank you for taking part in {_line(title)}. Here are the actions you chose:",
        "",
    ]
    if not actions:
        out.append("(No actions were typed in on the day: the attached plan has room to write yours.)")
    for n, a in enumerate(actions, start=1):
        out.append(f"{n}. {_line(a.action)}")
        out.append(f"   By when: {a.due or 'no date set'}")
        if a.support.strip():
            out.append(f"   Who or what will help: {_line(a.support)}")
        if a.measure.strip():
            out.append(f"   How you'll know it worked: {_line(a.measure)}")
        out.append("")
    if follow_up:
        out += ["", f"We'll follow up on {follow_up}: what worked, and what is next?"]
    out += ["", "Your action plan is attached, with calendar reminders for your due dates.", ""]
    out += ["Best wishes,", _line(trainer) or "Your trainer", ""]
    return "\n".join(printable(line) for line in out)


def draft(
    workshop: Session,
    person: Participant,
    to: Address,
    plan: Path | None,
    actions: Sequence[DueAction],
) -> EmailMessage:
    """One participant's draft, with the plan (PDF, or HTML when no PDF could be made) and reminders."""
    info = session_details.read(workshop)
    follow = info.follow_up_date
    follow_text = f"{follow:%A} {follow.day} {follow:%B %Y}" if follow else ""
    msg = EmailMessage()
    msg["To"] = to
    msg["Subject"] = _line(f"Your actions from {info.title}")[:SUBJECT_CHARS]
    msg["X-Unsent"] = "1"
    msg.set_content(body(person, info.title, info.trainer, follow_text, actions))
    if plan is not None and plan.is_file():
        kind = ("application", "pdf") if plan.suffix == ".pdf" else ("text", "html")
        msg.add_attachment(
            plan.read_bytes(), maintype=kind[0], subtype=kind[1], filename=f"action-plan{plan.suffix}"
        )
    ics = to_ics(workshop, person.id).encode("utf-8")
    msg.add_attachment(ics, maintype="text", subtype="calendar", filename="reminders.ics")
    return msg


def write_drafts(workshop: Session, out_dir: Path, paper: str = "a4") -> Drafts:
    """Make every plan once, then write one draft per person with an email address."""
    import tempfile

    from facilitator.handouts import PdfUnavailable, build
    from facilitator.handouts.filenames import OutputFolder, unique_slugs

    people = workshop.participants()
    actions = session_actions(workshop)
    owners = {a.participant_id for a in actions}
    chosen = [p for p in people if p.status != "absent" or p.id in owners]
    slugs = unique_slugs((p.id, p.name) for p in people)
    folder = OutputFolder(out_dir)
    written: list[Path] = []
    missing: list[tuple[Participant, str]] = []
    with tempfile.TemporaryDirectory(prefix="facilitator-plans-") as tmp:
        suffix = ".pdf"
        try:
            build(workshop, Path(tmp), ("pdf",), paper)
        except PdfUnavailable:
            suffix = ".html"  # build wrote the HTML anyway; a browser prints it
        for person in chosen:
            to = address(person)
            if to is None:
                missing.append(
                    (person, "no email address" if not person.email.strip() else "email address unusable")
                )
                continue
            plan = Path(tmp) / "plans" / f"{slugs[person.id]}{suffix}"
            mine = [a for a in actions if a.participant_id == person.id]
            msg = draft(workshop, person, to, plan, mine)
            path = folder.path(slugs[person.id], ".eml")
            path.write_bytes(msg.as_bytes(policy=SMTP))
            written.append(path)
    return Drafts(written, missing)
