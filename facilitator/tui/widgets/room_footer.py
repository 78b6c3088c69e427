"""The footer every screen uses: the keys that fit, whole, and `?` for the rest.

Textual's `Footer` rebuilds a widget per key each time the bindings change,
which on the Run screen happened about six times per step (85 ms of a
step change), and at 80 columns it cut the last key in half ("? Hel"). This
one is a single line of text drawn once per frame at most: a change of
bindings only marks it stale. Keys are laid out in the order Textual gives
them (the step's own keys first, then the screen's, then the app's); a key
that does not fit is left out whole, never cut, and `?` stays at the right
end, saying "More keys" when some were left out (the help screen lists them
all). A click on a key presses it, as with Textual's footer.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

#: From this width the footer also shows the ctrl+p hint.
PALETTE_HINT_WIDTH = 100
HELP_ACTIONS = frozenset({"help", "app.help"})
MORE = "More keys"


class FooterItem(NamedTuple):
    """One entry of the footer: the keys shown, what they do, whether they work now, the key a click sends."""

    keys: str
    description: str
    enabled: bool
    key: str
    action: str = ""

    @property
    def width(self) -> int:
        """Cells it takes, without the space after it."""
        return cell_len(self.keys) + (1 + cell_len(self.description) if self.description else 0)


def footer_items(screen: Screen[Any]) -> list[FooterItem]:
    """The keys `screen` shows now, one per action, bindings of one group run together."""
    app = screen.app
    seen: dict[str, tuple[Binding, bool]] = {}
    helps = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.action in HELP_ACTIONS:
            helps.append((binding, active.enabled))
        if binding.show and binding.action not in seen:
            seen[binding.action] = (binding, active.enabled)
    if helps and not any(action in HELP_ACTIONS for action in seen):
        # In a form `?` is typed into the field: help is F1 there, and the footer says so.
        binding, enabled = helps[0]
        seen[binding.action] = (binding, enabled)
    items: list[FooterItem] = []
    runs: list[list[tuple[Binding, bool]]] = []
    for binding, enabled in seen.values():
        if runs and binding.group is not None and runs[-1][0][0].group is binding.group:
            runs[-1].append((binding, enabled))
        else:
            runs.append([(binding, enabled)])
    for run in runs:
        first, enabled = run[0]
        if len(run) > 1 and first.group is not None:
            keys = " ".join(app.get_key_display(b) for b, _ in run)
            items.append(FooterItem(keys, first.group.description, any(e for _, e in run), first.key))
        else:
            items.append(
                FooterItem(app.get_key_display(first), first.description, enabled, first.key, first.action)
            )
    return items


def fit(items: list[FooterItem], width: int) -> tuple[list[FooterItem], FooterItem | None]:
    """(keys that fit, in order; the help key for the right end, saying "More keys" if any was left out)."""
    help_item = next((i for i in items if i.action in HELP_ACTIONS), None)
    rest = [i for i in items if i is not help_item]
    room = width - (help_item._replace(description=MORE).width + 1 if help_item else 0)
    shown: list[FooterItem] = []
    used = 1  # a leading space
    for item in rest:
        if used + item.width + 1 <= room:
            shown.append(item)
            used += item.width + 1
    if help_item is not None and len(shown) < len(rest):
        help_item = help_item._replace(description=MORE)
    return shown, help_item


class RoomFooter(Widget):
    """One line of keys at the bottom of the screen; redrawn when the screen's bindings change."""

    DEFAULT_CSS = """
    RoomFooter {
        dock: bottom; height: 1; width: 1fr;
        background: $footer-background; color: $footer-description-foreground;
    }
    RoomFooter > .room-footer--key { color: $footer-key-foreground; text-style: bold; }
    RoomFooter > .room-footer--disabled { text-style: dim; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"room-footer--key", "room-footer--disabled"}

    def __init__(self) -> None:
        super().__init__()
        self._items: list[FooterItem] | None = None
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """The keys may have changed: read them again when the next frame is drawn."""
        self._items = None
        self.refresh()

    def items(self) -> list[FooterItem]:
        """The screen's keys now (read once per change of bindings)."""
        if self._items is None:
            self._items = footer_items(self.screen)
        return self._items

    def render(self) -> Text:
        width = self.size.width
        palette = self._palette_hint() if width >= PALETTE_HINT_WIDTH else None
        room = width - (palette.width + 2 if palette else 0)
        shown, help_item = fit(self.items(), room)
        line = Text(" ", no_wrap=True, overflow="crop", end="")
        self._spans = []
        for item in shown:
            self._append(line, item)
        if help_item is not None:
            line.append(" " * max(0, room - line.cell_len - help_item.width - 1))
            self._append(line, help_item)
        if palette is not None:
            line.append(" " * max(1, width - line.cell_len - palette.width - 1))
            self._append(line, palette)
        return line

    def _append(self, line: Text, item: FooterItem) -> None:
        key_style = self.get_component_rich_style("room-footer--key", partial=True)
        start = line.cell_len
        style = (
            self.get_component_rich_style("room-footer--disabled", partial=True) if not item.enabled else None
        )
        line.append(item.keys, key_style + style if style else key_style)
        if item.description:
            line.append(" " + item.description, style or "")
        self._spans.append((start, line.cell_len, item.key))
        line.append(" ")

    def _palette_hint(self) -> FooterItem | None:
        app = self.app
        if not app.ENABLE_COMMAND_PALETTE:
            return None
        active = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if active is None:
            return None
        return FooterItem(app.get_key_display(active.binding), "Commands", active.enabled, active.binding.key)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key.split(",")[0])
                return

    def shown_text(self) -> str:
        """The footer's text as drawn now (for tests)."""
        return self.render().plain
