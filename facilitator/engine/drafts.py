"""What someone has typed into a form and not saved yet.

A draft is kept per step and per form owner (a participant on their own
form, `CONSOLE` for the scribe's form on the trainer's console), so a step
change, a quit or a crash costs nothing half-typed. Drafts are private by
nature: half-typed words are nobody's business until they are saved, so no
export, handout or room display reads them; only the form they came from.
"""

from __future__ import annotations

from facilitator.engine.errors import SessionError
from facilitator.engine.ledger import Ledger
from facilitator.engine.state import Draft

#: The owner of the scribe's form on the trainer's console.
CONSOLE = "console"

#: The key under which a scribe's draft keeps what the Who box said (no field id starts with "@").
WHO = "@who"


class Drafts:
    """Keeping, reading and dropping drafts."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def get(self, key: str, owner: str) -> Draft | None:
        """The draft of one form, if anything is kept."""
        return self.ledger.state.drafts.get((key, owner))

    def keep(self, key: str, owner: str, fields: dict[str, str], entry: str = "") -> None:
        """Keep what is typed now; an empty form drops its draft instead.

        Writes only when something changed, so a view may call this as often
        as it likes (on every pause in typing, on leaving the form).
        """
        if not any(value.strip() for name, value in fields.items() if name != WHO):
            self.drop(key, owner)
            return
        self._check_open()
        old = self.get(key, owner)
        if old is not None and old.fields == fields and old.entry == entry:
            return
        draft = Draft(step=key, owner=owner, entry=entry, fields=dict(fields), updated=self.ledger.clock())
        self.ledger.records.save_draft(draft)
        self.ledger.state.drafts[(key, owner)] = draft
        self.ledger.changed("draft")

    def drop(self, key: str, owner: str) -> None:
        """Forget a draft (its entry was saved, or the person cleared the form)."""
        if (key, owner) not in self.ledger.state.drafts:
            return
        self._check_open()
        self.ledger.records.drop_draft(key, owner)
        del self.ledger.state.drafts[(key, owner)]
        self.ledger.changed("draft")

    def all(self) -> list[Draft]:
        """Every draft kept in the session (for "2 half-typed forms are kept")."""
        return list(self.ledger.state.drafts.values())

    def _check_open(self) -> None:
        # A form that closes after its session (the app quitting) must not write to a closed file.
        if self.ledger.records.opened.closed:
            raise SessionError("the session is closed; nothing more can be kept in it")

    def of_step(self, key: str) -> list[Draft]:
        """Every draft kept on one step (for "3 people have unsaved words here")."""
        return [d for (step, _), d in self.ledger.state.drafts.items() if step == key]
