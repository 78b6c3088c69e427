"""Pairing: who works with whom, in which role, this round, and which card the caller holds.

One row per group keeps forty people (fourteen trios) readable on an 80x24
projector: the table scrolls, the columns the room needs first (group, one
column per role, the card's name) come first, and the card's organisation,
phone and urgency follow where the screen is wide enough. The highlighted
group's whole card, reason and twist included, is spelled out under the
table, so the trainer can read it to a group that lost its printout.

The round is kept in the step's state: a resumed session shows the round the
room was on. Reshuffling asks for a second press, because new groups in the
middle of a role play are rarely what a trainer meant.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from facilitator.engine import Session
from facilitator.engine.pairing import Deal, Group
from facilitator.model import Card, Pairing
from facilitator.tui.text import content, literal, one_line
from facilitator.tui.widgets.base import StepView, register
from facilitator.tui.widgets.step_common import RowTable, StatusLine, attempt

NAME_WIDTH = 24
WIDE = 120


def card_lines(card: Card | None) -> list[str]:
    """A scenario card as the few short lines a caller needs.

    The phone number starts a line of its own so it is never split across two.
    """
    if card is None:
        return ["no card: the caller makes up a reason."]
    head = ", ".join(part for part in (card.name, card.organisation) if part.strip())
    lines = [head]
    details = [
        f"Phone {card.phone}" if card.phone.strip() else "",
        f"Urgency: {card.urgency}" if card.urgency.strip() else "",
    ]
    if any(details):
        lines.append("  ·  ".join(d for d in details if d))
    lines.append(f"Reason: {card.reason}")
    if card.twist.strip():
        lines.append(f"Twist: {card.twist}")
    return lines


@register
class PairingView(StepView):
    """The groups of the current round as a table, and the highlighted group's card."""

    kind = "pairing"

    DEFAULT_CSS = """
    PairingView { padding: 0 1; }
    PairingView > .pairing--head { height: 1; text-style: bold; color: $text-accent; }
    PairingView > .pairing--instructions { color: $text-muted; max-height: 4; }
    PairingView > RowTable { height: auto; }
    PairingView > .pairing--card {
        height: auto; border-left: thick $accent; padding: 0 1; margin-top: 1;
    }
    PairingView.-short > .pairing--instructions { max-height: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("]", "round(1)", "Next round", key_display="]", id="pairing.next_round"),
        Binding("[", "round(-1)", "Prev round", key_display="[", id="pairing.previous_round"),
        Binding("R", "reshuffle", "Reshuffle", key_display="R", id="pairing.reshuffle"),
    ]

    def __init__(self, workshop: Session, key: str, *, id: str | None = None) -> None:
        super().__init__(workshop, key, id=id)
        self._confirm_reshuffle = False
        self._wide = False
        self._deal: Deal | None = None
        self._rows = 0
        self._show_all = False

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
        yield RowTable(id="pairing-table")
        yield Static(classes="pairing--card")
        yield StatusLine()

    def on_mount(self) -> None:
        self._wide = self.app.size.width >= WIDE
        self._fill()
        self.query_one(RowTable).focus()

    def on_resize(self) -> None:
        self._wide = self.size.width >= WIDE
        self.set_class(self.size.height < 20, "-short")
        self._fill()

    # ----- drawing ------------------------------------------------------------------------

    def _names(self, group: Group, role: str, width: int) -> list[str]:
        return [one_line(self.workshop.owner_label(pid), width) for pid in group.with_role(role)]

    def _widths(self, dealt: Deal) -> tuple[int, int]:
        """Cells for each role column and for the card column: as wide as the longest
        name needs, and never so wide that an 80-column projector has to scroll."""
        step = self.pairing
        width = (self.size.width or self.app.size.width) - 2
        longest_card = max((cell_len(one_line(g.card.name)) for g in dealt.groups if g.card), default=4)
        card = min(longest_card, 16 if width < WIDE else 24) if step.cards else 0
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

    def _room(self) -> int:
        """Lines below the round line and the instructions, for the table and the cards."""
        height = self.size.height or self.app.size.height
        instructions = 2 if self.has_class("-short") else 4
        lines = self.pairing.instructions.strip().count("\n") + 1 if self.pairing.instructions.strip() else 0
        return height - 1 - min(lines, instructions)

    def _group_card(self, group: Group) -> list[str]:
        role = self.pairing.roles[0]
        callers = ", ".join(self._names(group, role, NAME_WIDTH)) or "nobody"
        head, *rest = card_lines(group.card)
        return [one_line(line) for line in (f"Group {group.number}: {role} {callers} holds {head}", *rest)]

    def _all_cards_fit(self, dealt: Deal) -> bool:
        """Whether the table and every group's card fit on the screen together."""
        if not self.pairing.cards or len(dealt.groups) < 2:
            return False
        lines = [line for g in dealt.groups for line in [*self._group_card(g), ""]][:-1]
        return self._rows + 2 + self._wrapped(lines) <= self._room()

    def _wrapped(self, lines: list[str]) -> int:
        width = max(20, (self.size.width or self.app.size.width) - 6)
        return sum(max(1, -(-cell_len(line) // width)) for line in lines)

    def _fill(self) -> None:
        ok, dealt = attempt(self.query_one(StatusLine), lambda: self.workshop.deal(self.key, self.round))
        if not ok or dealt is None:
            return
        self._deal = dealt
        table = self.query_one(RowTable)
        row = table.cursor_row
        table.clear(columns=True)
        step = self.pairing
        name_width, card_width = self._widths(dealt)
        rows = sum(max(1, *(len(g.with_role(r)) for r in step.roles)) for g in dealt.groups)
        self._rows = rows
        self._show_all = self._all_cards_fit(dealt)
        # Wide screens that cannot list every card spell out the card in the table instead.
        extra = self._wide and not self._show_all
        table.add_column(Text("#"), key="group")
        for role in step.roles:
            table.add_column(
                literal(one_line(role.capitalize(), name_width)), key=f"role-{role}", width=name_width
            )
        if step.cards:
            table.add_column(Text("Card"), key="card", width=card_width)
            if extra:
                for name, width in (("Organisation", 30), ("Phone", 16), ("Urgency", 34)):
                    table.add_column(Text(name), key=name.lower(), width=width)
        for group in dealt.groups:
            cells = [Text(str(group.number), style="bold")]
            names = [self._names(group, role, name_width) for role in step.roles]
            cells += [literal("\n".join(people)) for people in names]
            if step.cards:
                card = group.card
                cells.append(literal(one_line(card.name, card_width) if card else "–", style="bold"))
                if extra:
                    cells += [
                        literal(one_line(card.organisation, 30) if card else ""),
                        literal(one_line(card.phone, 16) if card else ""),
                        literal(one_line(card.urgency, 34) if card else ""),
                    ]
            height = max(1, *(len(people) for people in names))
            table.add_row(*cells, key=str(group.number), height=height)
        if dealt.groups:
            table.move_cursor(row=min(row, len(dealt.groups) - 1))
        self._head(dealt)
        self._card()
        self.refresh_bindings()

    def _head(self, dealt: Deal) -> None:
        people = sum(len(g.seats) for g in dealt.groups)
        present = len(self.workshop.participants(present_only=True))
        text = (
            f"Round {self.round} of {self.pairing.rounds}  ·  {len(dealt.groups)} groups  ·  {people} people"
        )
        if people < present:
            text += f"  ·  {present - people} not yet in a group (R reshuffles)"
        self.query_one(".pairing--head", Static).update(content(text))

    def _card(self) -> None:
        """The highlighted group's card; every group's card when the screen has room for them all."""
        panel = self.query_one(".pairing--card", Static)
        dealt = self._deal
        table = self.query_one(RowTable)
        if not self.pairing.cards or dealt is None or not dealt.groups:
            panel.display = False
            return
        room = self._room()
        table_lines = self._rows + 1
        every = [self._group_card(g) for g in dealt.groups]
        everything = [line for lines in every for line in [*lines, ""]][:-1]
        show_all = self._show_all
        lines = everything if show_all else every[min(table.cursor_row, len(dealt.groups) - 1)]
        card = min(self._wrapped(lines), room - 5) if not show_all else self._wrapped(lines)
        table.styles.height = "auto"
        table.styles.max_height = max(4, room - 1 - card)
        panel.styles.max_height = max(2, room - 1 - min(table_lines, max(4, room - 1 - card)))
        panel.display = True
        panel.update(content("\n".join(lines)))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._card()

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
