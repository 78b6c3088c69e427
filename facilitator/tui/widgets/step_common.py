"""Small pieces every step view shares: literal text, one-line messages, a name picker.

Everything a participant, a trainer or an exercise file wrote reaches the
screen through `safe` / `one_line` / `literal`, never through markup: a name
like ``[bold]Eve[/`` must show as typed, and an escape character in a
pasted name must not reach the real terminal, where it would recolour or
move the cursor for the whole room. Control characters are therefore shown
as their visible "control picture" (``\\x1b`` becomes ``␛``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.engine import SessionError
from facilitator.tui.text import content, literal, one_line

T = TypeVar("T")


class RowTable(DataTable[Text], inherit_bindings=False):
    """A row-cursor table that leaves left/right alone for the Run screen's step keys."""

    DEFAULT_CSS = """
    RowTable { height: auto; max-height: 100%; }
    RowTable > .datatable--header { text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_top", "Top", show=False),
        Binding("end", "scroll_bottom", "Bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)


class StatusLine(Static):
    """One line under a form: the engine's last complaint, or a quiet note."""

    DEFAULT_CSS = """
    StatusLine { height: auto; max-height: 2; color: $text-muted; display: none; }
    StatusLine.-shown { display: block; }
    StatusLine.-error { color: $text-error; background: $error-muted; text-style: bold; }
    """

    #: The last message shown, as plain text ("" when clear).
    message: str = ""

    def show_error(self, message: str) -> None:
        """Show an engine error (one line, literal)."""
        self.message = message
        self.set_class(True, "-error", "-shown")
        self.update(content(one_line(message)))

    def show_note(self, message: str) -> None:
        """Show a neutral note such as "Saved." (one line, literal)."""
        self.message = message
        self.set_class(False, "-error")
        self.set_class(True, "-shown")
        self.update(content(one_line(message)))

    def clear(self) -> None:
        """Show nothing."""
        self.message = ""
        self.set_class(False, "-error", "-shown")
        self.update("")


def attempt(status: StatusLine, action: Callable[[], T]) -> tuple[bool, T | None]:
    """Run one engine call; a refusal becomes the status line, never a crash.

    Storage errors are refusals too: a session opened read-only (it is open in
    another window) says so in one line when someone tries to type into it.
    """
    try:
        result = action()
    except SessionError as exc:
        status.show_error(str(exc))
        return False, None
    return True, result


def matches(query: str, choices: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Choices whose label contains the typed letters; name and word starts come first."""
    typed = query.strip().casefold()
    if not typed:
        return list(choices)
    starts, words, inside = [], [], []
    for value, label in choices:
        folded = label.casefold()
        if folded.startswith(typed):
            starts.append((value, label))
        elif any(word.startswith(typed) for word in folded.split()):
            words.append((value, label))
        elif typed in folded:
            inside.append((value, label))
    return starts + words + inside


class NamePicker(Vertical):
    """Type a few letters of a name, Enter picks the highlighted match.

    Up and down move the highlight without leaving the input, so picking
    "Bilal" in a room of forty is "bi", Enter. The list shows only while the
    input has focus, to keep the form short on a 24-line screen. What counts
    is what the box says: a box left with "gus" in it (Tab instead of Enter)
    means Gus if only Gus fits, and nobody if several people or nobody do
    (see `resolve`); an empty box never picks anyone.
    """

    DEFAULT_CSS = """
    NamePicker { height: auto; }
    NamePicker > .picker--row { height: 1; }
    NamePicker Input { width: 1fr; }
    NamePicker Input:focus { background: $primary 25%; }
    NamePicker OptionList { display: none; max-height: 5; border: none; padding: 0; }
    NamePicker OptionList.-open { display: block; }
    NamePicker .picker--label { color: $text-muted; text-style: bold; }
    NamePicker .picker--label.-current { color: $accent; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next name", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Previous name", show=False, id="picker.up"),
    ]

    class Picked(Message):
        """Someone was picked; `value` is the owner id (or voter id)."""

        def __init__(self, picker: NamePicker, value: str, label: str) -> None:
            super().__init__()
            self.picker = picker
            self.value = value
            self.label = label

        @property
        def control(self) -> NamePicker:
            """The picker that sent this."""
            return self.picker

    class Unmatched(Message):
        """Enter in a box that names nobody: `reason` is the line to show."""

        def __init__(self, picker: NamePicker, reason: str) -> None:
            super().__init__()
            self.picker = picker
            self.reason = reason

        @property
        def control(self) -> NamePicker:
            """The picker that sent this."""
            return self.picker

    def __init__(
        self,
        label: str,
        choices: Sequence[tuple[str, str]],
        *,
        placeholder: str = "",
        label_width: int = 14,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.label = label
        self.label_width = label_width
        self.choices = list(choices)
        self.placeholder = placeholder
        self.value: str | None = None
        self._shown: list[tuple[str, str]] = list(self.choices)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="picker--row"):
            label = Static(content(self.label), classes="picker--label")
            label.styles.width = self.label_width
            yield label
            yield Input(placeholder=self.placeholder, compact=True, id="picker-input")
        options = OptionList(id="picker-list")
        options.can_focus = False
        options.styles.margin = (0, 0, 0, self.label_width)
        yield options

    def on_mount(self) -> None:
        self._fill("")

    @property
    def input(self) -> Input:
        """The text box the scribe types into."""
        return self.query_one("#picker-input", Input)

    def _fill(self, query: str) -> None:
        self._shown = matches(query, self.choices)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(literal(one_line(label, 60))) for _, label in self._shown])
        if self._shown:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        """Move the highlight in the list of matching names."""
        options = self.query_one(OptionList)
        if self._shown:
            current = options.highlighted or 0
            options.highlighted = max(0, min(len(self._shown) - 1, current + step))

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """New people to pick from (someone arrived late, or left): keeps what was typed."""
        self.choices = list(choices)
        self._fill(self.input.value if self.value is None else "")

    def focus_input(self) -> None:
        """Put the cursor in the name box with its text selected, ready to retype."""
        self.input.focus()

    def set_value(self, value: str | None) -> None:
        """Select someone without typing (for example after an edit)."""
        self.value = value
        label = next((lbl for v, lbl in self.choices if v == value), "")
        with self.input.prevent(Input.Changed):
            self.input.value = one_line(label)
        self._fill("")

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        # Not stopped: the form around keeps a draft of the Who box too.
        self._fill(event.value)
        self._open(self.input.has_focus)

    def resolve(self) -> tuple[str, str] | str:
        """The one choice the box names, as (value, label); else why not, as a line for the form."""
        typed = self.input.value
        current = next((lbl for v, lbl in self.choices if v == self.value), None)
        if current is not None and typed == one_line(current):
            return str(self.value), current
        if not typed.strip():
            return "Pick who this is for first: type a few letters of the name, then Enter."
        wanted = " ".join(typed.casefold().split())
        exact = [c for c in self.choices if " ".join(one_line(c[1]).casefold().split()) == wanted]
        found = exact or matches(typed, self.choices)
        if len(found) == 1:
            return found[0]
        shown = one_line(typed, 30)
        if not found:
            return f"{self.label}: “{shown}” names nobody here. Type a few letters of a name, then Enter."
        return f"{self.label}: “{shown}” fits {len(found)} names. Type more of it, or pick with ↑↓ and Enter."

    def restore(self, typed: str) -> None:
        """Put back what the box said (from a draft), picking the person if it names one."""
        with self.input.prevent(Input.Changed):
            self.input.value = typed
        found = self.resolve()
        if isinstance(found, tuple):
            self.set_value(found[0])

    @on(Input.Submitted, "#picker-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        current = next((lbl for v, lbl in self.choices if v == self.value), None)
        if current is not None and event.value == one_line(current):
            self._open(False)
            self.post_message(self.Picked(self, str(self.value), current))
            return
        index = self.query_one(OptionList).highlighted
        if not event.value.strip() or not self._shown or index is None:
            # An empty box picks nobody, and a box that names nobody says so.
            found = self.resolve()
            self.post_message(self.Unmatched(self, found if isinstance(found, str) else ""))
            return
        self._pick(index)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option_index)

    def _pick(self, index: int) -> None:
        value, label = self._shown[index]
        self.set_value(value)
        self._open(False)
        self.post_message(self.Picked(self, value, label))

    def _open(self, shown: bool) -> None:
        # Classes on the list and the label, not on the picker: restyling the picker
        # restyles all forty names in its list, which cost a frame on every save.
        # (A query, not query_one: a picker being removed has no children left.)
        self.query(OptionList).set_class(shown, "-open")

    def _current(self, current: bool) -> None:
        self.query(".picker--label").set_class(current, "-current")

    def on_descendant_focus(self) -> None:
        self._current(True)
        # The list opens once the scribe types: on a 24-line projector an
        # always-open list of names would push the entries off the screen.
        self._open(False)

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self._close_if_left)

    def _close_if_left(self) -> None:
        if not self.is_attached or self.has_focus_within or not self.query("#picker-input"):
            return
        self._open(False)
        self._current(False)
        found = self.resolve()
        if isinstance(found, tuple) and found[0] != self.value:
            self.set_value(found[0])  # "gus" then Tab: the box now says whom it means
