"""`?`: every key that works on the screen underneath, and what it does.

Built from the live bindings (keymap applied), so it can never disagree with
the keys: the footer only has room for the common ones, this lists them all,
with the binding ids a `keys.toml` in the data folder can remap.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from facilitator.tui.keys import KEYMAP_FILE


class KeyRow(NamedTuple):
    """One line of the help: the keys, what they do, the id to remap them, and whether app-wide."""

    keys: str
    description: str
    ident: str
    everywhere: bool


def key_rows(screen: Screen[Any]) -> list[KeyRow]:
    """Every remappable binding that applies on `screen` now, keys of one action together.

    Textual's own plumbing (tab, copy) has no id and is left out: it is not
    what a trainer looks for here.
    """
    app = screen.app
    grouped: dict[tuple[str, str], tuple[list[str], str, bool]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or not binding.id:
            continue
        action = binding.action.removeprefix("app.")
        everywhere = isinstance(active.node, App)
        keys, _, _ = grouped.setdefault((action, binding.description), ([], binding.id, everywhere))
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    return [
        KeyRow(" / ".join(keys), description, ident, everywhere)
        for (_, description), (keys, ident, everywhere) in grouped.items()
    ]


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, then the ones that work everywhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close"),
    ]

    def __init__(self, below: Screen[Any]) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        rows = key_rows(self.below)
        width = max([len(r.keys) for r in rows] + [6]) + 2
        said = max([len(r.description) for r in rows] + [10]) + 2
        with Vertical(classes="dialog help-dialog"):
            yield Static(Content("Keys on this screen"), classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                for everywhere in (False, True):
                    if everywhere:
                        yield Static(Content("Everywhere"), classes="help-heading")
                    for row in (r for r in rows if r.everywhere == everywhere):
                        yield Static(
                            Content.assemble(
                                (row.keys.ljust(width), "bold"),
                                row.description.ljust(said),
                                (row.ident, "dim"),
                            ),
                            classes="help-row",
                        )
                yield Static(
                    Content(
                        f"Remap a key by its id (on the right) in {KEYMAP_FILE} in the data folder, "
                        'for example:  [keys]  "run.next" = "pagedown,space"'
                    ),
                    classes="hint help-remap",
                )
            yield Static(Content("Esc closes · ctrl+p finds any command by name"), classes="dialog-hint")

    def action_close(self) -> None:
        """Back to where the trainer was."""
        self.dismiss(None)
