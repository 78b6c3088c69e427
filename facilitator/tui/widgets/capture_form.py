"""The fields of a capture step as one compact row each, so a five-field card fits in five lines.

Every short field is a one-line `LineInput`: a scribe types, Tab moves on,
Enter saves from anywhere in the form. A long answer (`kind = "long"`) is a
`LongText` of up to four lines, where Enter starts a new line and ctrl+s (or
Enter in a short field) saves. Choices complete as you type (a greyed
suggestion) and a unique start is enough ("p" for "poor"), which beats
opening a dropdown in front of forty people. Scores accept digits only;
dates accept the forms trainers type (the engine parses them and explains a
bad one in one line).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Static

from facilitator.model import Field
from facilitator.tui.text import content, one_line, safe
from facilitator.tui.widgets.line_input import LineInput, LongText

#: A field's box: one line, or a few for a long answer.
FieldBox = LineInput | LongText

#: Widest label column; longer labels wrap onto a second line rather than lose words.
LABEL_MAX = 24


def expand_choice(field: Field, text: str) -> str:
    """A choice typed in full, or by a start that fits exactly one choice; else as typed."""
    typed = text.strip().casefold()
    if not typed or field.kind != "choice":
        return text
    exact = [c for c in field.choices if c.casefold() == typed]
    if exact:
        return exact[0]
    starts = [c for c in field.choices if c.casefold().startswith(typed)]
    return starts[0] if len(starts) == 1 else text


def placeholder(field: Field) -> str:
    """What an empty field shows: its help, or how to fill it in."""
    if field.kind == "choice":
        hint = " / ".join(field.choices)
    elif field.kind == "score":
        hint = f"a number from {field.min} to {field.max}"
    elif field.kind == "date":
        hint = "a date, e.g. 2026-12-15 or 15/12/2026"
    elif field.kind == "long":
        hint = f"{field.help} · Enter: new line" if field.help else "Enter: new line · Tab: next field"
    else:
        hint = field.help
    if field.kind != "text" and field.kind != "long" and field.help:
        hint = f"{hint} · {field.help}"
    return one_line(hint)


class EntryForm(Vertical):
    """One labelled one-line input per field of the step."""

    DEFAULT_CSS = """
    EntryForm { height: auto; }
    EntryForm > .form--row { height: auto; }
    EntryForm .form--label { height: auto; padding-right: 1; }
    EntryForm .form--label { color: $text-muted; text-style: bold; }
    EntryForm .form--label.-current { color: $accent; }
    EntryForm .capture-field { width: 1fr; }
    EntryForm .capture-field:focus { background: $primary 25%; }
    EntryForm .form--choices { display: none; height: auto; color: $text-muted; }
    EntryForm .form--choices.-shown { display: block; }
    """

    def __init__(self, fields: list[Field], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fields = fields
        labels = [self._label(f) for f in fields]
        self.label_width = min(LABEL_MAX, max((cell_len(lbl) for lbl in labels), default=8)) + 1
        self._loaded: dict[str, tuple[str, str]] = {}
        #: The field that last had the focus: typing in the list beside the form goes back there.
        self.last_field: FieldBox | None = None

    @staticmethod
    def _label(field: Field) -> str:
        mark = " *" if field.required else ""
        return one_line(field.label) + mark

    def compose(self) -> ComposeResult:
        for field in self.fields:
            with Horizontal(classes="form--row"):
                label = Static(content(self._label(field)), classes="form--label")
                label.styles.width = self.label_width
                yield label
                if field.kind == "long":
                    box = f"field-{field.id}"
                    yield LongText(placeholder=placeholder(field), id=box, classes="capture-field")
                    continue
                suggester = SuggestFromList(field.choices, case_sensitive=False) if field.choices else None
                yield LineInput(
                    placeholder=placeholder(field),
                    compact=True,
                    id=f"field-{field.id}",
                    classes="capture-field",
                    suggester=suggester,
                    type="integer" if field.kind == "score" else "text",
                )
            if field.kind == "choice":
                # The choices again on a line of their own, shown when the box is too narrow for them.
                choices = Static(
                    content(placeholder(field)), classes="form--choices", id=f"choices-{field.id}"
                )
                choices.styles.margin = (0, 0, 0, self.label_width)
                yield choices

    def on_resize(self) -> None:
        """A choice field whose choices do not fit its box lists them whole on the line below."""
        for field in self.fields:
            if field.kind == "choice":
                box = self.input_for(field)
                wide_enough = cell_len(placeholder(field)) <= max(0, box.size.width - 1)
                self.query_one(f"#choices-{field.id}", Static).set_class(not wide_enough, "-shown")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # A class on the row's label (not :focus-within, which does not restyle the label
        # when focus moves between rows; not on the row, which would restyle its input too).
        if isinstance(event.widget, (LineInput, LongText)):
            self.last_field = event.widget
        for label in self.query(".form--label"):
            label.set_class(label.parent is event.widget.parent, "-current")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        for label in self.query(".form--label.-current"):
            if label.parent is event.widget.parent:
                label.set_class(False, "-current")

    def input_for(self, field: Field) -> FieldBox:
        """The box of one field."""
        box = self.query_one(f"#field-{field.id}", Widget)
        assert isinstance(box, (LineInput, LongText))
        return box

    def typed(self) -> dict[str, str]:
        """Each field's text as it stands, for a draft."""
        return {field.id: self.input_for(field).value for field in self.fields}

    @property
    def has_content(self) -> bool:
        """Whether anything is typed (or left from a loaded entry) in any field."""
        return any(value.strip() for value in self.typed().values())

    def fill(self, texts: dict[str, str]) -> None:
        """Put a draft's texts back (an edit's stored values stay as `load` left them)."""
        for field in self.fields:
            if field.id in texts:
                self.input_for(field).value = texts[field.id]

    def values(self) -> dict[str, object]:
        """What was typed, with choices expanded from their first letters.

        A loaded value the scribe left alone is returned exactly as stored,
        even if it held control characters that the input showed as symbols.
        """
        out: dict[str, object] = {}
        for field in self.fields:
            typed = self.input_for(field).value
            shown, original = self._loaded.get(field.id, (None, ""))
            out[field.id] = original if typed == shown else expand_choice(field, typed)
        return out

    def load(self, data: dict[str, object]) -> None:
        """Fill the form from a saved entry (for editing), control characters made visible."""
        self._loaded = {}
        for field in self.fields:
            value = data.get(field.id, "")
            original = "" if value is None else str(value)
            shown = safe(original) if field.kind == "long" else safe(original).replace("\n", " ")
            self._loaded[field.id] = (shown, original)
            self.input_for(field).value = shown

    def clear(self) -> None:
        """Empty every field, ready for the next entry."""
        self._loaded = {}
        for field in self.fields:
            self.input_for(field).value = ""

    def focus_first(self) -> None:
        """Put the cursor in the first field."""
        if self.fields:
            self.input_for(self.fields[0]).focus()

    def focus_field_named_in(self, message: str) -> None:
        """Put the cursor in the field an error names ("Title is needed"), ready to fix."""
        for field in sorted(self.fields, key=lambda f: -len(f.label)):
            if message.startswith(one_line(field.label)):
                self.input_for(field).focus()
                return

    def type_back(self, character: str) -> None:
        """A character typed in the list beside the form: into the field the scribe came from."""
        box = self.last_field or (self.input_for(self.fields[0]) if self.fields else None)
        if box is None:
            return
        if isinstance(box, LongText):
            box.insert(character)
        else:
            box.insert_text_at_cursor(character)
        box.focus()
