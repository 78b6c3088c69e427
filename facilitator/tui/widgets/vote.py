"""Vote: dot votes among earlier entries, the tally hidden until the trainer reveals it.

Before the reveal the room sees the candidates and how many dots have been
cast, never who is ahead, so late voters are not swayed. The reveal (v) draws
the tally as bars and, for an award vote, names the winner in a line the back
row can read. Whether the tally is revealed is kept in the step's state, so a
resumed session does not give the result away early or hide it again.

Anonymous votes count dots only. Named votes pick the voter first (type a few
letters, Enter), and the engine holds each voter to `votes_each` dots.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.widgets import DataTable, Static

from facilitator.engine import Entry, Session
from facilitator.engine.aggregates import counted
from facilitator.model import Chart, Vote
from facilitator.tui.text import content, literal, one_line
from facilitator.tui.widgets.bars import BarChart, with_no_choice
from facilitator.tui.widgets.base import StepView, register
from facilitator.tui.widgets.step_common import NamePicker, RowTable, StatusLine, attempt

WIDE = 120
#: Candidates listed in the first frame; the rest follow in the next one (1,200 stories took
#: most of a second to list before the room saw anything).
FIRST_ROWS = 60


def candidate_label(entry: Entry, field: str) -> str:
    """What a candidate is called on screen: its label field, or "(untitled)"."""
    return str(entry.data.get(field, "")).strip() or "(untitled)"


def winner_line(award: str, tally: list[tuple[str, int]]) -> str:
    """ "Best Service Award: <title>", a tie, or a note that nobody has voted yet."""
    top = max((n for _, n in tally), default=0)
    if top == 0:
        return f"{award}: no dots cast yet"
    winners = [label for label, n in tally if n == top]
    if len(winners) == 1:
        return f"{award}: {winners[0]}"
    return f"{award}: a tie between " + ", ".join(winners[:-1]) + f" and {winners[-1]}"


@register
class VoteView(StepView):
    """Candidates to put dots on; the tally and the winner once revealed."""

    kind = "vote"

    DEFAULT_CSS = """
    VoteView { padding: 0 1; }
    VoteView .vote--instructions { color: $text-muted; height: auto; }
    VoteView .vote--head { height: auto; text-style: bold; color: $text-accent; }
    VoteView #vote-body { height: 1fr; }
    VoteView.-wide #vote-body { layout: horizontal; }
    VoteView #vote-list-box { height: 1fr; }
    VoteView.-wide #vote-list-box { width: 1fr; }
    VoteView RowTable { height: 1fr; }
    VoteView.-revealed #vote-list-box { display: none; }
    VoteView.-revealed.-wide #vote-list-box { display: block; }
    VoteView #vote-result { display: none; height: auto; }
    VoteView.-revealed #vote-result { display: block; }
    VoteView.-wide #vote-result { width: 1fr; }
    VoteView .vote--award {
        height: auto; text-style: bold; color: $text-success; background: $success-muted;
        padding: 1 2; margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "dot(1)", "Add dot", id="vote.add"),
        Binding("backspace,delete", "dot(-1)", "Take back", key_display="⌫", id="vote.remove"),
        Binding("v", "reveal", "Reveal/hide", id="vote.reveal"),
    ]

    def __init__(self, workshop: Session, key: str, *, id: str | None = None, room: bool = False) -> None:
        super().__init__(workshop, key, id=id, room=room)
        self.voter: str | None = None
        self._candidates: list[Entry] = []

    @property
    def vote(self) -> Vote:
        """The step, typed."""
        step = self.step
        assert isinstance(step, Vote)
        return step

    @property
    def revealed(self) -> bool:
        """Whether the room may see the tally (kept in the step's state)."""
        return self.workshop.state(self.key).tally_shown

    def compose(self) -> ComposeResult:
        step = self.vote
        if step.instructions.strip():
            yield Static(content(step.instructions.strip()), classes="vote--instructions")
        if not step.anonymous and not self.room:
            voters = [(p.id, p.name) for p in self.workshop.participants(present_only=True)]
            yield NamePicker("Voter", voters, placeholder="type a few letters, Enter picks", label_width=8)
        yield Static(classes="vote--head")
        with Container(id="vote-body"):
            with Vertical(id="vote-list-box"):
                yield RowTable(id="vote-list")
                yield StatusLine()
            with Vertical(id="vote-result"):
                yield Static(classes="vote--award")
                yield BarChart(id="vote-chart", show_title=False)

    def on_mount(self) -> None:
        self.set_class(self.app.size.width >= WIDE, "-wide")
        self._fill()
        if self.room:
            return
        if not self.vote.anonymous:
            self.query_one(NamePicker).focus_input()
        else:
            self.query_one(RowTable).focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    # ----- drawing ------------------------------------------------------------------------

    def _fill(self) -> None:
        status = self.query_one(StatusLine)
        _, found = attempt(status, lambda: self.workshop.candidates(self.key))
        self._candidates = found or []
        table = self.query_one(RowTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column(Text("#"), key="n")
        table.add_column(Text("Candidate"), key="label")
        self._add_rows(0, max(FIRST_ROWS, row + 1))
        if len(self._candidates) > table.row_count:
            self.call_after_refresh(self._add_rows, table.row_count, len(self._candidates))
        if self._candidates:
            table.move_cursor(row=min(row, len(self._candidates) - 1))
        self._show()

    def _add_rows(self, start: int, end: int) -> None:
        """List candidates `start` to `end` (unless the list was rebuilt meanwhile)."""
        table = self.query_one(RowTable)
        if table.row_count != start:
            return
        for number, entry in enumerate(self._candidates[start:end], start + 1):
            label = literal(one_line(candidate_label(entry, self.vote.label_field), 70))
            table.add_row(Text(str(number)), label, key=entry.id)

    def _show(self) -> None:
        revealed = self.revealed
        self.set_class(revealed, "-revealed")
        dots = len(self.workshop.entries(self.key, "vote"))
        present = len(self.workshop.participants(present_only=True))
        parts = [
            f"{counted(dots, 'dot')} cast",
            f"{self.vote.votes_each} each, {counted(present, 'person', 'people')}",
        ]
        if not self._candidates:
            parts.append("no candidates yet: they come from the earlier step's entries")
        if self.voter is not None:
            mine = sum(1 for d in self.workshop.entries(self.key, "vote") if d.owner == self.voter)
            who = one_line(self.workshop.owner_label(self.voter), 30)
            parts.append(f"{who}: {mine} of {self.vote.votes_each} used")
        parts.append("revealed" if revealed else "tally hidden" if self.room else "tally hidden until v")
        self.query_one(".vote--head", Static).update(content("  ·  ".join(parts)))
        if revealed:
            chart = self.workshop.chart(self.key, Chart(kind="votes", step=self.vote.id))
            self.query_one(BarChart).update(with_no_choice(chart, ("dot", "dots")))
            award = self.query_one(".vote--award", Static)
            tally = [(candidate_label(c, self.vote.label_field), n) for c, n in self.workshop.tally(self.key)]
            award.display = bool(self.vote.award)
            if self.vote.award:
                award.update(content(one_line(winner_line(self.vote.award, tally))))
        self.refresh_bindings()

    # ----- actions ------------------------------------------------------------------------

    @on(NamePicker.Picked)
    def _picked(self, event: NamePicker.Picked) -> None:
        event.stop()
        self.voter = event.value
        self.query_one(StatusLine).clear()
        self._show()
        self.query_one(RowTable).focus()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_dot(1)

    def action_dot(self, change: int) -> None:
        """Put a dot on (or take one back from) the highlighted candidate."""
        status = self.query_one(StatusLine)
        if self.revealed or not self._candidates:
            return
        if not self.vote.anonymous and self.voter is None:
            status.show_error("Pick the voter first: type a few letters of the name, then Enter.")
            self.query_one(NamePicker).focus_input()
            return
        target = self._candidates[min(self.query_one(RowTable).cursor_row, len(self._candidates) - 1)]
        voter = None if self.vote.anonymous else self.voter
        if change > 0:
            ok, _ = attempt(status, lambda: self.workshop.cast_vote(self.key, target.id, voter))
        else:
            ok, _ = attempt(status, lambda: self.workshop.remove_vote(self.key, target.id, voter))
        if ok:
            # Name the candidate only once the tally is public: before the reveal the
            # room must not learn who is ahead, not even dot by dot.
            status.show_note("Dot added." if change > 0 else "Dot taken back.")
            self._show()
            self.saved("vote")

    def action_reveal(self) -> None:
        """Show the tally (and the winner), or hide it again."""
        ok, _ = attempt(
            self.query_one(StatusLine), lambda: self.workshop.show_tally(self.key, not self.revealed)
        )
        if ok:
            self._show()
            self.saved("reveal")
            if not self.revealed:
                self.query_one(RowTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dot":
            return None if self.revealed else True
        return True

    def refresh_view(self) -> None:
        """After a roster change: the voters to pick from, the candidates and the counts."""
        for picker in self.query(NamePicker).results(NamePicker):
            picker.set_choices([(p.id, p.name) for p in self.workshop.participants(present_only=True)])
        self._fill()
