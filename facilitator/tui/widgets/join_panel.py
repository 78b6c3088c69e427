"""The join panel: a QR code the room scans, the short URL, and "N phones joined".

It draws a `JoinStatus` and nothing else, so any screen can show it: the
Run screen reads it from the app's join control, and a room display can
build one from what it knows. The QR code is drawn with half blocks, dark
modules on a white ground whatever the theme: phone cameras read a
light-on-dark code badly, and a projector washes out grey.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

#: How often the panel asks for news (the count of phones, a warning).
SYNC_SECONDS = 1.0
#: Modules of white around the code: the quiet zone phone cameras need.
QUIET = 2


@dataclass(frozen=True)
class JoinStatus:
    """What the panel shows: the URL (None: join is off), phones joined, a warning, code shown."""

    url: str | None
    joined: int = 0
    warning: str = ""
    show_code: bool = True


def qr_text(url: str) -> str:
    """`url` as a QR code in half blocks: each character is two modules, top and bottom."""
    import segno  # only once join is on: the Run screen should not wait for it

    rows = [list(row) for row in segno.make(url, error="l").matrix_iter(scale=1, border=QUIET)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    glyphs = {(0, 0): " ", (1, 0): "▀", (0, 1): "▄", (1, 1): "█"}
    return "\n".join(
        "".join(glyphs[(bool(a), bool(b))] for a, b in zip(top, bottom, strict=True))
        for top, bottom in zip(rows[::2], rows[1::2], strict=True)
    )


def joined_text(count: int) -> str:
    """ "1 phone joined", "12 phones joined"."""
    return f"{count} phone joined" if count == 1 else f"{count} phones joined"


class JoinPanel(Vertical):
    """Docked at the side while join is on; hidden while it is off."""

    DEFAULT_CSS = """
    JoinPanel {
        dock: right;
        display: none;
        width: auto;
        max-width: 50%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border-left: solid $primary;
        overflow-y: auto;
    }
    JoinPanel.-on { display: block; }
    JoinPanel #join-title { text-style: bold; color: $primary; }
    JoinPanel #join-qr { width: auto; color: black; background: white; }
    JoinPanel.-no-code #join-qr { display: none; }
    JoinPanel #join-url { width: auto; max-width: 40; text-style: bold; }
    JoinPanel #join-count { color: $success; text-style: bold; }
    JoinPanel #join-warning { color: $warning; max-width: 40; }
    """

    def __init__(
        self, source: Callable[[], JoinStatus | None] | None = None, *, id: str | None = None
    ) -> None:
        """`source` gives the status to draw; by default the app's join control (`app.join`)."""
        super().__init__(id=id)
        self.source = source
        self._shown: JoinStatus | None = None
        self._code_for = ""

    def compose(self) -> ComposeResult:
        yield Static("Join from your phone", id="join-title")
        yield Static("", id="join-qr", markup=False)
        yield Static("", id="join-url", markup=False)
        yield Static("", id="join-count", markup=False)
        yield Static("", id="join-warning", markup=False)

    def on_mount(self) -> None:
        """Draw now, then follow."""
        self.sync()
        self.set_interval(SYNC_SECONDS, self.sync)

    def current(self) -> JoinStatus | None:
        """The status to draw now."""
        if self.source is not None:
            return self.source()
        control = getattr(self.app, "join", None)
        status = getattr(control, "status", None)
        found = status() if callable(status) else None
        return found if isinstance(found, JoinStatus) else None

    def sync(self) -> None:
        """Redraw only what changed (called every second)."""
        self.show(self.current())

    def show(self, status: JoinStatus | None) -> None:
        """Draw `status`; None or no URL hides the panel."""
        if status == self._shown:
            return
        self._shown = status
        on = status is not None and status.url is not None
        self.set_class(on, "-on")
        if status is None or status.url is None:
            return
        self.set_class(not status.show_code, "-no-code")
        if status.url != self._code_for:
            self._code_for = status.url
            self.query_one("#join-qr", Static).update(Content(qr_text(status.url)))
            self.query_one("#join-url", Static).update(Content(status.url))
        self.query_one("#join-count", Static).update(Content(joined_text(status.joined)))
        warning = self.query_one("#join-warning", Static)
        warning.update(Content(status.warning))
        warning.display = bool(status.warning)
