"""Rendering the phone pages: Jinja2 with autoescape, and the two static files.

Templates end in `.html`, which `select_autoescape` escapes: every word a
person or an exercise file wrote reaches the page as text, never as markup.
The stylesheet and the script are read once and served from memory; there
is nothing else to serve, so nothing can be asked for by path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from starlette.responses import HTMLResponse

HERE = Path(__file__).parent
STATIC = {"phone.css": "text/css; charset=utf-8", "phone.js": "text/javascript; charset=utf-8"}


class Pages:
    """The template environment and the static files of the phone pages."""

    def __init__(self) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._static = {
            name: ((HERE / "static" / name).read_bytes(), media) for name, media in STATIC.items()
        }

    def render(self, template: str, **context: Any) -> str:
        """A page as text."""
        return self.env.get_template(template).render(**context)

    def response(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A page as a response."""
        return HTMLResponse(self.render(template, **context), status_code=status)

    def message(self, status: int, title: str, text: str, base: str = "") -> bytes:
        """A one-line page for a refusal or an error, with a way back when there is one."""
        return self.render("message.html", status=status, title=title, text=text, base=base).encode()

    def static(self, name: str) -> tuple[bytes, str] | None:
        """A static file's bytes and type, if it is one of ours."""
        return self._static.get(name)
