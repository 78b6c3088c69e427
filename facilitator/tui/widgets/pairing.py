"""Pairing: who works with whom, in which role, this round, and whose call it is.

One row per group keeps forty people (fourteen trios) readable on an 80x24
projector: the table scrolls, and the columns are the group, one per role,
and the name on the caller's card. That name is all the wall shows of a
card: the projector faces the message-taker, who must get the organisation,
number, reason and twist from the call itself, so those stay on the printed
cards (facilitator/handouts) in the caller's hand.

Under the instructions a line says what the rotation really gives this
room: with as many rounds as roles and groups of exactly that size everyone
plays every role; a group of five, or fewer rounds than roles, means some
people miss a role, and the line says so rather than repeating a promise the
deal cannot keep.

The round is kept in the step's state: a resumed session shows the round the
room was on. Reshuffling asks for a second press, because new groups in the
middle of a role play are rarely what a trainer meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static

from facilitator.engine import Session
from facilitator.engine.aggregates import counted
from facilitator.engine.pairing import Deal, Group
from facilitator.model import Pairing
from facilitator.tui.text import content, literal, one_line
from facilitator.tui.widgets.base import StepView, register
from facilitator.tui.widgets.step_common import RowTable, StatusLine, attempt

NAME_WIDTH = 24
#: What the wall says about the cards: the rest is on the printed card, for the caller only.
CARD_NOTE = "Callers: take the card with your row's name from your set and keep it out of sight."


def rotation_line(roles: Sequence[str], deals: Sequence[Deal]) -> str:
    """What the rounds dealt really give: everyone plays every role, or who misses out, and why."""
    rounds = len(deals)
    played: dict[str, set[str]] = {}
    for dealt in deals:
        for group in dealt.groups:
            for seat in group.seats:
                played.setdefault(seat.participant, set()).add(seat.role)
    people = len(played)
    if people == 0:
        return ""
    everyone = sum(1 for roles_played in played.values() if set(roles) <= roles_played)
    head = counted(rounds, "round")
    if everyone == people:
        return f"{head}: everyone plays every role."
    if rounds < len(roles):
        why = f"{counted(rounds, 'round')} for {len(roles)} roles"
    else:
        why = f"groups larger than {len(roles)} share the {roles[-1]}'s turn"
    others = people - everyone
    if everyone == 0:
        return f"{head}: nobody plays every role ({why})."
    return (
        f"{head}: {everyone} of {counted(people, 'person', 'people')} play every role; "
        f"the other {others} miss at least one ({why})."
    )


@register
class PairingView(StepView):
    """The groups of the current round as a table, and the highlighted group's card."""

    kind = "pairing"

    DEFAULT_CSS = """
    PairingView { padding: 0 1; }
    PairingView > .pairing--head { height: 1; text-style: bold; color: $text-accent; }
    PairingView > .pairing--instructions { color: $text-muted; height: auto; }
    PairingView > .pairing--rotation { height: auto; text-style: bold; }
    PairingView > RowTable { height: 1fr; max-height: 100%; }
    PairingView > .pairing--card { height: auto; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("]", "round(1)", "Next round", key_display="]", id="pairing.next_round"),
        Binding("[", "round(-1)", "Prev round", key_display="[", id="pairing.previous_round"),
        Binding("R", "reshuffle", "Reshuffle", key_display="R", id="pairing.reshuffle"),
    ]

    def __init__(self, workshop: Session, key: str, *, id: str | None = None, room: bool = False) -> None:
        super().__init__(workshop, key, id=id, room=room)
        self._confirm_reshuffle = False
        self._deal: Deal | None = None
        self._filled_widths: tuple[int, int] | None = None

    @property
    def pairing(self) -> Pairing:
        """The step, typed."""
        step = self.step
        assert isinstance(step, Pairing)
        return step

    @property
    def round(self) -> int:
        """The round on screen, 1-based (kept in the step's state)."""
        value = self.workshop.state(self.key).round or 1
        return max(1, min(value, self.pairing.rounds))

    def compose(self) -> ComposeResult:
        yield Static(classes="pairing--head")
        if self.pairing.instructions.strip():
            yield Static(content(self.pairing.instructions.strip()), classes="pairing--instructions")
        yield Static(classes="pairing--rotation")
        yield RowTable(id="pairing-table")
        if self.pairing.cards:
            yield Static(content(CARD_NOTE), classes="pairing--card")
        yield StatusLine()

    def on_mount(self) -> None:
        self._fill()
        self._rotation()
        self.query_one(RowTable).focus()

    def on_resize(self) -> None:
        """Refill only when the columns would change: building the table twice per step costs a frame."""
        if self._deal is None or self._widths(self._deal) != self._filled_widths:
            self._fill()

    # ----- drawing ------------------------------------------------------------------------

    def _names(self, group: Group, role: str, width: int) -> list[str]:
        return [one_line(self.workshop.owner_label(pid), width) for pid in group.with_role(role)]

    def _widths(self, dealt: Deal) -> tuple[int, int]:
        """Cells for each role column and for the card column: as wide as the longest
        name needs, and never so wide that an 80-column projector has to scroll."""
        step = self.pairing
        # Before the first layout the view has no size yet: its parent's, less the padding, so
        # the table is filled once, at the width it will have.
        parent = self.parent.size.width - 2 if isinstance(self.parent, Widget) else 0
        width = (self.size.width or parent or self.app.size.width) - 2
        longest_card = max((cell_len(one_line(g.card.name)) for g in dealt.groups if g.card), default=4)
        card = min(longest_card, 16 if width < 120 else 24) if step.cards else 0
        longest_name = max(
            (
                cell_len(one_line(self.workshop.owner_label(s.participant)))
                for g in dealt.groups
                for s in g.seats
            ),
            default=10,
        )
        spare = width - 4 - (card + 2 if card else 0) - 2 * len(step.roles) - 2
        names = min(longest_name, NAME_WIDTH, spare // len(step.roles))
        return max(10, names, *(len(role) for role in step.roles)), card

    def _fill(self) -> None:
        ok, dealt = attempt(self.query_one(StatusLine), lambda: self.workshop.deal(self.key, self.round))
        if not ok or dealt is None:
            return
        self._deal = dealt
        table = self.query_one(RowTable)
        row = table.cursor_row
        table.clear(columns=True)
        step = self.pairing
        name_width, card_width = self._filled_widths = self._widths(dealt)
        table.add_column(Text("#"), key="group")
        for role in step.roles:
            table.add_column(
                literal(one_line(role.capitalize(), name_width)), key=f"role-{role}", width=name_width
            )
        if step.cards:
            table.add_column(Text("Calls as"), key="card", width=max(8, card_width))
        for group in dealt.groups:
            cells = [Text(str(group.number), style="bold")]
            names = [self._names(group, role, name_width) for role in step.roles]
            cells += [literal("\n".join(people)) for people in names]
            if step.cards:
                card = group.card
                cells.append(literal(one_line(card.name, max(8, card_width)) if card else "–", style="bold"))
            height = max(1, *(len(people) for people in names))
            table.add_row(*cells, key=str(group.number), height=height)
        if dealt.groups:
            table.move_cursor(row=min(row, len(dealt.groups) - 1))
        self._head(dealt)
        self.refresh_bindings()

    def _head(self, dealt: Deal) -> None:
        people = sum(len(g.seats) for g in dealt.groups)
        present = len(self.workshop.participants(present_only=True))
        text = (
            f"Round {self.round} of {self.pairing.rounds}  ·  {counted(len(dealt.groups), 'group')}  ·  "
            f"{counted(people, 'person', 'people')}"
        )
        if people < present:
            text += f"  ·  {present - people} not yet in a group (R reshuffles)"
        self.query_one(".pairing--head", Static).update(content(text))

    def _rotation(self) -> None:
        """The line that says who plays which roles over the rounds dealt now."""
        status = self.query_one(StatusLine)
        rounds = range(1, self.pairing.rounds + 1)
        ok, deals = attempt(status, lambda: [self.workshop.deal(self.key, r) for r in rounds])
        line = rotation_line(self.pairing.roles, deals or []) if ok else ""
        widget = self.query_one(".pairing--rotation", Static)
        widget.update(content(line))
        widget.display = bool(line)

    # ----- actions ------------------------------------------------------------------------

    def action_round(self, step: int) -> None:
        """Go to the next or previous round (roles rotate, groups stay)."""
        self._confirm_reshuffle = False
        target = max(1, min(self.pairing.rounds, self.round + step))
        if target == self.round:
            return
        ok, _ = attempt(self.query_one(StatusLine), lambda: self.workshop.set_round(self.key, target))
        if ok:
            self.query_one(StatusLine).clear()
            self._fill()
            self.saved("round")

    def action_reshuffle(self) -> None:
        """First press warns; the second makes new groups from the people present now."""
        status = self.query_one(StatusLine)
        if not self._confirm_reshuffle:
            self._confirm_reshuffle = True
            status.show_note("New groups for everyone present? Press R again to reshuffle.")
            return
        self._confirm_reshuffle = False
        ok, _ = attempt(status, lambda: self.workshop.reshuffle(self.key))
        if ok:
            status.show_note("New groups dealt.")
            self._fill()
            self._rotation()
            self.saved("reshuffle")

    def on_key(self, event: events.Key) -> None:
        if self._confirm_reshuffle and event.key not in ("R", "shift+r"):
            self._confirm_reshuffle = False
            self.query_one(StatusLine).clear()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "round" and parameters:
            step = int(str(parameters[0]))
            target = self.round + step
            return True if 1 <= target <= self.pairing.rounds else None
        return True

    def refresh_view(self) -> None:
        self._fill()
        self._rotation()
