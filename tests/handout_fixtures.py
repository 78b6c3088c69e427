"""Filled sessions for the handout and export tests, built only through the engine.

`fill` walks the plan like a real day: every capture gets believable words,
checklists are ticked for whoever the deal puts in the subject role, ratings
and dots are seeded, and the fake clock moves so the report has actual
minutes. `text` lets a test swap every word for a hostile string.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from factories import FULL_AGENDA, FakeClock, make_workshop

from facilitator.engine import GROUP, Session, team_owner
from facilitator.model import Capture, Checklist, Pairing, Rating, Vote

TextFor = Callable[[str, int], str]

ACTIONS = [
    (
        "Read back every phone number before I hang up",
        "Hana on the front desk",
        "No wrong numbers on slips for a month",
    ),
    (
        "Change my voicemail greeting to give a date and a time I will reply by",
        "",
        "Callers stop asking when I'll be back",
    ),
    (
        "Ask each caller when suits them for a call-back",
        "The team huddle on Mondays",
        "Fewer missed call-backs in the log",
    ),
]
WORDS = {
    "title": [
        "The phone shop that never listened",
        "A uniform swapped with a smile",
        "Lost parcel, found by one person",
    ],
    "where": ["High street phone shop", "School outfitters", "Courier depot"],
    "story": [
        "Nobody would take ownership until the bills arrived.",
        "No receipt, no fuss.",
        "She rang back when she said.",
    ],
    "lesson": ["One person can turn it round.", "Small touches count.", "Say when, then do it."],
    "fact": ["The customer called four times in a week"],
    "cause": ["Nobody owned the complaint"],
    "change": ["One named owner for every complaint"],
    "owner": ["Team leader"],
    "stakeholder": ["My team leader", "Accounts", "The warehouse"],
    "keep": ["Weekly chat with accounts"],
    "repair": ["The warehouse night shift"],
    "feedback": ["Tell the warehouse what their late notes cost us, kindly."],
    "suggestion": [
        "A shared inbox someone checks at noon",
        "A cover rota for lunchtimes",
        "Call-back times on every slip",
    ],
    "first-step": ["Dana asks IT on Monday"],
    "benefit": ["Callers get an answer the same day"],
    "vague": ["I'll get back to you soon", "Someone will be in touch"],
    "specific": ["I'll ring you by 4 pm today with the answer or where it has got to"],
    "must-be-true": ["Somebody covers the phone at lunch"],
    "mistake": ["Nobody owns complaints handling"],
}


def plain(field_id: str, n: int) -> str:
    """Ordinary words for a field; `n` picks a variant."""
    options = WORDS.get(field_id, [f"{field_id} {n}"])
    return options[n % len(options)]


def fill(w: Session, clock: FakeClock, text: TextFor = plain, actions: int = 3, seed: int = 7) -> None:
    """Run the whole plan, entering something at every step."""
    rng = random.Random(seed)
    people = [p.id for p in w.participants(present_only=True)]
    for index, slot in enumerate(w.plan):
        w.jump(index)
        step = w.step(slot.key)
        key = slot.key
        if isinstance(step, Capture):
            _capture(w, key, step, people, text, actions)
        elif isinstance(step, Checklist):
            rounds = 1
            if step.pairing:
                pairing = w.step(w.resolve(key, step.pairing))
                rounds = pairing.rounds if isinstance(pairing, Pairing) else 1
            for rnd in range(1, rounds + 1):
                for subject in w.checklist_subjects(key, rnd):
                    for item in step.items:
                        w.set_tick(key, subject, item.id, rng.random() < 0.7, rnd)
        elif isinstance(step, Rating):
            owners = [GROUP] if step.per == "group" else people
            aspects: list[int | None] = list(range(len(step.aspects))) if step.aspects else [None]
            for item in step.items:
                for aspect in aspects:
                    for owner in owners:
                        w.set_score(key, owner, item.id, rng.randint(step.min, step.max), aspect)
        elif isinstance(step, Vote):
            candidates = w.candidates(key)
            for _ in people:
                if candidates:
                    w.cast_vote(key, rng.choice(candidates).id)
        clock.advance(minutes=slot.minutes * rng.uniform(0.8, 1.3))
    w.finish()


def _capture(w: Session, key: str, step: Capture, people: list[str], text: TextFor, actions: int) -> None:
    if step.per == "group":
        owners = [GROUP, GROUP]
    elif step.per == "team":
        owners = [team_owner(t) for t in w.teams()] * 2 or [GROUP]
    else:
        owners = people
    for n, owner in enumerate(owners):
        count = actions if step.handout == "actions" else (3 if step.handout == "relationships" else 1)
        for k in range(min(count, step.max_entries)):
            data: dict[str, object] = {}
            for f in step.fields:
                if f.kind == "choice":
                    data[f.id] = f.choices[(n + k) % len(f.choices)]
                elif f.kind == "score":
                    data[f.id] = f.max - (n + k) % min(5, f.max - f.min + 1)
                elif f.kind == "date":
                    data[f.id] = f"2026-12-{1 + (n + k) % 28:02d}"
                elif step.handout == "actions":
                    row = ACTIONS[k % len(ACTIONS)]
                    default = {"action": row[0], "support": row[1], "measure": row[2]}.get(f.id, "")
                    data[f.id] = text(f.id, n + k) if text is not plain else default
                else:
                    data[f.id] = text(f.id, n + k)
            if all(str(v).strip() == "" for v in data.values()):
                data[step.fields[0].id] = "x"
            w.add_entry(key, owner, data)


def filled(root: Path, agenda: str = FULL_AGENDA, people: int = 9, **kwargs: object) -> Session:
    """A finished full-day session with everyone's entries."""
    clock = FakeClock()
    w = make_workshop(root, agenda=agenda, people=people, clock=clock)
    fill(w, clock, **kwargs)  # type: ignore[arg-type]
    return w


def hostile_text(strings: list[str]) -> TextFor:
    """Every field's words taken from the hostile list, cycling."""
    return lambda field_id, n: strings[n % len(strings)]


def hostile_session(root: Path, strings: list[str], agenda: str = FULL_AGENDA) -> Session:
    """A full day whose every name, team and entry is a hostile string.

    The engine rightly refuses a blank name or an empty entry, so blank
    strings appear as teams and entries only; the rest appear everywhere.
    """
    clock = FakeClock()
    w = make_workshop(root, agenda=agenda, people=0, clock=clock, title=strings[0])
    w.set_details(trainer=strings[4], client=strings[5], venue=strings[6])
    named = [s for s in strings if s.strip()]
    for i, name in enumerate(named):
        w.add_participant(name, team=strings[(i * 7 + 3) % len(strings)])
    fill(w, clock, text=_tolerant(hostile_text(strings)))
    return w


def _tolerant(text: TextFor) -> TextFor:
    """Required fields cannot be blank: give them a visible placeholder instead."""

    def pick(field_id: str, n: int) -> str:
        value = text(field_id, n)
        return value if value.strip() else f"[{field_id} {n}]"

    return pick


STRESS_ACTIONS = [
    (
        "Set up a shared call-back log with the front desk and Field Service, agree who checks it at "
        "noon and at four every day, and walk the whole team through it at Monday's huddle",
        "Hana on the front desk, and Kwame for Field Service, who already keeps a paper list",
        "Every call-back in the log has a name against it by 4 pm, for four weeks running",
    ),
    (
        "Rewrite our voicemail greeting and out-of-office reply so both give the date I am back and a "
        "named colleague to call instead, and check them every time I am away for more than a day",
        "The team leader, who can record the greeting with me on Thursday afternoon",
        "Callers stop asking when I will be back, and nobody rings twice about the same thing",
    ),
    (
        "Ask the three clients who complained this quarter what one change would have helped most, "
        "write down their exact words, and bring them to the February service review with a proposal",
        "Accounts, for the list of complaints and the people who handled each one",
        "A proposal on the review's agenda, in the clients' own words, by the end of February",
    ),
]
STRESS_RELATIONSHIPS = [
    "My manager (Operations Director)", "Field Service dispatch", "Night-shift cleaners' supervisor",
    "Key client: Harbour Clinic", "Accounts payable", "The warehouse team", "Reception cover staff",
    "IT helpdesk", "Sales team lead", "Facilities contractor", "HR business partner", "Regional director",
]  # fmt: skip


def stress_session(root: Path, agenda: str = FULL_AGENDA) -> Session:
    """A full day where the first person has 12 relationships and three long actions: the fullest plan."""
    w = filled(root, agenda=agenda, people=6)
    ada = w.participants()[0].id
    key = "action-plan/my-actions"
    for entry in [e for e in w.entries(key) if e.owner == ada]:
        w.delete_entry(entry.id)
    for n, (what, support, measure) in enumerate(STRESS_ACTIONS):
        w.add_entry(
            key, ada, {"action": what, "due": f"2027-01-{10 + n:02d}", "support": support, "measure": measure}
        )
    rel = "relationship-map/my-relationships"
    for entry in [e for e in w.entries(rel) if e.owner == ada]:
        w.delete_entry(entry.id)
    for n, who in enumerate(STRESS_RELATIONSHIPS):
        scores = {f: 1 + (n + i) % 5 for i, f in enumerate(("trust", "candour", "respect", "communication"))}
        w.add_entry(rel, ada, {"stakeholder": who, **scores})
    return w
