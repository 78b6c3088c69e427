"""One open session: the thin front the views talk to.

A `Session` composes the parts that each do one job (see docs/architecture.md)
over one shared `Ledger`, and forwards each request to the part that owns it,
adding only "the current step" when a view names none. Every method that
changes something has written it to disk before it returns; a failure is a
`SessionError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from facilitator.engine.agenda_edits import AgendaEditor
from facilitator.engine.aggregates import ChartData
from facilitator.engine.captures import Captures
from facilitator.engine.drafts import Drafts
from facilitator.engine.entry_log import EntryLog
from facilitator.engine.figures import Figures
from facilitator.engine.ids import resolve_ref
from facilitator.engine.ledger import Clock, Ledger
from facilitator.engine.pairing import Deal
from facilitator.engine.pairings import Pairings
from facilitator.engine.people import Roster
from facilitator.engine.phones import Phones
from facilitator.engine.plan import Slot
from facilitator.engine.room_view import RoomView
from facilitator.engine.scores import Scores
from facilitator.engine.state import Details, Entry, EntryKind, Participant, Status, StepState
from facilitator.engine.timeline import Timeline
from facilitator.engine.timing import TimerState
from facilitator.engine.votes import Votes
from facilitator.model import Chart, Exercise, Step
from facilitator.roster import RosterRow

if TYPE_CHECKING:
    from facilitator.engine.workspace import Workspace


class Session:
    """One open session. Create with `Workspace.create` or open with `Workspace.open`."""

    def __init__(self, ledger: Ledger, workspace: Workspace, recovered: str | None = None) -> None:
        self.ledger = ledger
        self.workspace = workspace
        #: One line for the trainer when opening had to fall back to the backup.
        self.recovered = recovered
        self.roster = Roster(ledger)
        self.log = EntryLog(ledger)
        self.captures = Captures(ledger, self.roster, self.log)
        self.pairings = Pairings(ledger, self.roster)
        self.scoring = Scores(ledger, self.roster, self.log, self.pairings)
        self.votes = Votes(ledger, self.roster, self.log)
        self.timeline = Timeline(ledger)
        self.agenda = AgendaEditor(ledger)
        self.room = RoomView(ledger)
        self.figures = Figures(ledger, self.roster, self.log, self.captures, self.scoring, self.votes)
        #: Half-typed forms; views use the part directly (`session.drafts.keep(...)`).
        self.drafts = Drafts(ledger)
        #: Who joined from which phone, while join is on (memory only; `session.phones.claim(...)`).
        self.phones = Phones(ledger, self.roster)

    @property
    def id(self) -> str:
        """The session id, as typed after `facilitator run`."""
        return self.ledger.meta.details.id

    @property
    def title(self) -> str:
        """The workshop's title as the trainer gave it."""
        return self.ledger.meta.details.title

    @property
    def details(self) -> Details:
        """Title, date, trainer, client, venue, follow-up date."""
        return self.ledger.meta.details

    @property
    def status(self) -> Status:
        """ "setup" until the room starts, "running", then "finished"."""
        return self.ledger.meta.status

    @property
    def readonly(self) -> bool:
        """True when this window may only look (another window has the session)."""
        return self.ledger.readonly

    @property
    def clock(self) -> Clock:
        """The clock this session reads (a fixed one in tests)."""
        return self.ledger.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self.ledger.clock = clock

    @property
    def revision(self) -> int:
        """Goes up with every change; a view redraws when it has moved."""
        return self.ledger.revision

    @property
    def exercises(self) -> dict[str, Exercise]:
        """The session's own copy of its exercises."""
        return self.ledger.state.exercises

    def subscribe(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """Be told after each change; returns the function that stops it."""
        return self.ledger.subscribe(listener)

    def follow(self) -> bool:
        """A read-only window: pick up what another window saved; True if anything changed."""
        return self.ledger.follow()

    def batch(self) -> AbstractContextManager[None]:
        """Many changes, one write at the end: for building a session in bulk (the demo) only.

        A crash inside the block loses everything changed in it, so the room's
        own work never goes through here.
        """
        return self.ledger.records.batch()

    def close(self) -> None:
        """Book the time spent on the current step and release the file."""
        try:
            if not self.readonly:
                self.timeline.leave()
        finally:
            self.ledger.records.close()

    @property
    def plan(self) -> tuple[Slot, ...]:
        """The running order, breaks included."""
        return self.ledger.plan

    @property
    def position(self) -> int:
        """Index of the current slot in `plan`."""
        return self.timeline.position

    @property
    def current(self) -> Slot:
        """The slot on screen now."""
        return self.timeline.current

    def _key(self, key: str | None) -> str:
        return key or self.timeline.current.key

    def step(self, key: str | None = None) -> Step | None:
        """The exercise step behind a slot key (current slot by default); None for breaks."""
        return self.ledger.step(self._key(key))

    def exercise(self, key: str | None = None) -> Exercise | None:
        """The exercise a slot belongs to."""
        return self.ledger.exercise(self._key(key))

    def resolve(self, key: str, ref: str) -> str:
        """Turn a step reference ("step" or "exercise/step") into a slot key."""
        return resolve_ref(key, ref)

    def state(self, key: str | None = None) -> StepState:
        """What has happened on a slot: time, countdown, points shown, round."""
        return self.room.state(self._key(key))

    def jump(self, index: int) -> Slot:
        """Go to any slot."""
        return self.timeline.jump(index)

    def go(self, index: int) -> Slot:
        """This window's move: saved, or only looked at in a read-only window."""
        return self.timeline.go(index)

    def next(self) -> Slot:
        return self.timeline.next()

    def previous(self) -> Slot:
        return self.timeline.previous()

    def begin(self) -> Slot:
        """Start (or resume) the clock on the current slot."""
        return self.timeline.begin()

    def finish(self) -> None:
        """Mark the session finished; every clock stops."""
        self.timeline.finish()

    def timer(self, key: str | None = None) -> TimerState:
        """The countdown of a slot (the current one by default)."""
        return self.timeline.timer(key)

    def start_timer(self) -> None:
        self.timeline.start_timer()

    def pause_timer(self) -> None:
        self.timeline.pause_timer()

    def toggle_timer(self) -> None:
        """Start when stopped, pause when running."""
        self.timeline.toggle_timer()

    def adjust_timer(self, minutes: int) -> None:
        """Add or take away whole minutes."""
        self.timeline.adjust_timer(minutes)

    def reset_timer(self) -> None:
        self.timeline.reset_timer()

    def spent(self, key: str) -> float:
        """Seconds the room has spent on a slot."""
        return self.timeline.spent(key)

    def schedule_minutes(self) -> int:
        """Minutes behind (positive) or ahead (negative) of the plan."""
        return self.timeline.schedule_minutes()

    def schedule(self) -> str:
        """ "7 min behind", "3 min ahead" or "on time"."""
        return self.timeline.schedule()

    def actual_minutes(self) -> dict[str, float]:
        """Minutes spent per exercise (and per break key)."""
        return self.timeline.actual_minutes()

    def set_details(self, **changes: str) -> None:
        """Change title, date, trainer, client, venue or follow-up date."""
        self.agenda.set_details(**changes)

    def exercise_minutes(self) -> list[tuple[str, int]]:
        """Each exercise in the running order with its minutes."""
        return self.agenda.exercise_minutes()

    def set_exercise_minutes(self, exercise_id: str, minutes: int) -> None:
        """Give an exercise a new length."""
        self.agenda.set_exercise_minutes(exercise_id, minutes)

    def drop_exercise(self, exercise_id: str) -> None:
        self.agenda.drop_exercise(exercise_id)

    def move_exercise(self, exercise_id: str, offset: int) -> None:
        self.agenda.move_exercise(exercise_id, offset)

    def participants(self, *, present_only: bool = False) -> list[Participant]:
        return self.roster.participants(present_only=present_only)

    def participant(self, pid: str) -> Participant:
        return self.roster.participant(pid)

    def teams(self) -> list[str]:
        return self.roster.teams()

    def add_participant(
        self, name: str, team: str = "", role: str = "", email: str = "", status: str = "present"
    ) -> Participant:
        """Add someone to the roster."""
        return self.roster.add_participant(name, team, role, email, status)

    def import_roster(self, rows: Iterable[RosterRow]) -> list[Participant]:
        """Add every row of a checked roster, in one write."""
        return self.roster.import_roster(rows)

    def edit_participant(self, pid: str, **changes: str) -> Participant:
        """Change someone's name, team, role, email, company or status."""
        return self.roster.edit_participant(pid, **changes)

    def set_status(self, pid: str, status: str) -> Participant:
        """Mark someone present, absent, late or left."""
        return self.roster.set_status(pid, status)

    def remove_participant(self, pid: str) -> None:
        """Take someone off the roster (refused once they have entries)."""
        self.roster.remove_participant(pid)

    def owner_label(self, owner: str) -> str:
        """A readable name for an entry's owner."""
        return self.roster.owner_label(owner)

    def display_names(self) -> dict[str, str]:
        """A name per participant that tells namesakes apart."""
        return self.roster.display_names()

    def entries(self, key: str | None = None, kind: EntryKind | None = None) -> list[Entry]:
        """Live entries of a step in the order they were made."""
        return self.log.entries(self._key(key), kind)

    def entry(self, entry_id: str) -> Entry:
        return self.log.entry(entry_id)

    def owners_for(self, key: str) -> list[str]:
        """Who a capture step's entries can belong to."""
        return self.captures.owners_for(key)

    def add_entry(self, key: str, owner: str, data: dict[str, object]) -> Entry:
        """Save a captured entry."""
        return self.captures.add_entry(key, owner, data)

    def edit_entry(self, entry_id: str, data: dict[str, object], based_on: int | None = None) -> Entry:
        """Replace a captured entry's fields; `based_on` (the `seq` the form saw) refuses a stale edit."""
        return self.captures.edit_entry(entry_id, data, based_on)

    def delete_entry(self, entry_id: str, based_on: int | None = None) -> None:
        """Delete an entry (undo brings it back); `based_on` refuses deleting a changed one."""
        self.captures.delete_entry(entry_id, based_on)

    def undo(self, key: str | None = None, owner: str | None = None) -> str | None:
        """Revert the latest change to an entry; None if there is none."""
        return self.log.undo(key, owner)

    def section_entries(self, section: str) -> list[Entry]:
        """Entries routed to a handout section, in plan order."""
        return self.captures.section_entries(section)

    def set_score(
        self, key: str, owner: str, item: str, score: int | None, aspect: int | None = None
    ) -> None:
        """Score (or clear) one cell of a rating grid."""
        self.scoring.set_score(key, owner, item, score, aspect)

    def scores(self, key: str) -> dict[str, dict[str, int]]:
        return self.scoring.scores(key)

    def set_tick(self, key: str, subject: str, item: str, ticked: bool, rnd: int = 0) -> None:
        """Tick or untick a checklist item."""
        self.scoring.set_tick(key, subject, item, ticked, rnd)

    def ticks(self, key: str, subject: str | None = None) -> list[Entry]:
        return self.scoring.ticks(key, subject)

    def checklist_round(self, key: str) -> int:
        """The round a checklist is filled in for."""
        return self.scoring.checklist_round(key)

    def checklist_subjects(self, key: str, rnd: int) -> list[str]:
        """Who is observed in a round."""
        return self.scoring.checklist_subjects(key, rnd)

    def deal(self, key: str, rnd: int | None = None) -> Deal:
        """Groups, roles and cards of a round."""
        return self.pairings.deal(key, rnd)

    def reshuffle(self, key: str | None = None) -> Deal:
        """New groups from the people present now."""
        return self.pairings.reshuffle(self._key(key))

    def candidates(self, key: str) -> list[Entry]:
        """The entries a vote chooses among."""
        return self.votes.candidates(key)

    def cast_vote(self, key: str, target: str, voter: str | None = None) -> None:
        self.votes.cast_vote(key, target, voter)

    def remove_vote(self, key: str, target: str, voter: str | None = None) -> None:
        self.votes.remove_vote(key, target, voter)

    def tally(self, key: str) -> list[tuple[Entry, int]]:
        """Candidates with their dots, most first."""
        return self.votes.tally(key)

    def progress(self, key: str | None = None) -> tuple[int, int]:
        """(done, expected) for "12 of 19 entered"."""
        return self.figures.progress(self._key(key))

    def chart(self, key: str, chart: Chart) -> ChartData:
        """The figures for one debrief chart."""
        return self.figures.chart(key, chart)

    def reveal_points(self, key: str, count: int) -> None:
        """Show the first `count` talking points."""
        self.room.reveal_points(key, count)

    def show_tally(self, key: str, shown: bool) -> None:
        """Reveal or hide a vote's tally."""
        self.room.show_tally(key, shown)

    def set_round(self, key: str, rnd: int) -> None:
        """Move a role play or checklist to another round."""
        self.room.set_round(key, rnd)

    def show_chart(self, key: str, index: int) -> None:
        """Which debrief chart a small screen shows."""
        self.room.show_chart(key, index)

    @property
    def blanked(self) -> bool:
        """Whether the projector is blanked."""
        return self.room.blanked

    def set_blanked(self, blanked: bool) -> None:
        """Blank the projector or bring it back."""
        self.room.set_blanked(blanked)
