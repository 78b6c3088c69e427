"""The checker's rule book: every rule an exercise or agenda file must keep, with a stable id.

The id is printed at the end of each problem line (`[unique-item-ids]`), and
`docs/authoring-exercises.md` explains every one of them (a test derives the
list from here and makes sure), so a trainer can look up any line the checker
prints. A problem raised under an id not listed here is a bug, stopped by
`issue`.
"""

from __future__ import annotations

#: Every rule the checker enforces: id -> what it asks for, in a trainer's words.
RULES: dict[str, str] = {
    "utf-8": "The file is saved as UTF-8 text.",
    "toml-syntax": "The file follows the TOML rules: quotes and lists closed, one setting per line.",
    "file-kind": "An exercise file has [[steps]]; an agenda file has [[items]].",
    "known-settings": "Every setting is one the app knows, spelt as in this guide.",
    "required-settings": "Every setting marked as needed is there.",
    "setting-type": "Text is in quotes, numbers are not, lists are in [ ].",
    "allowed-values": "Settings with a fixed set of values (kind, grouping, per, ...) use one of them.",
    "id-format": "Ids use lower-case letters, digits and hyphens, at most 60 characters.",
    "value-range": "Numbers and list lengths stay within the limits this guide gives.",
    "unique-ids": "No two exercises, and no two agendas, share an id.",
    "text-not-empty": "Titles, labels, choices, roles, points, questions and card names are not blank.",
    "instructions-not-empty": "Every step has instructions.",
    "brief-needs-points": "A brief has at least one talking point.",
    "exercise-needs-minutes": "An exercise takes at least one minute.",
    "minutes-add-up": "The steps' minutes add up to the exercise's; the items' to the agenda's.",
    "unique-step-ids": "No two steps of an exercise share an id.",
    "unique-field-ids": "No two fields of a capture step share an id.",
    "choice-fields": "A choice field lists its choices, all different; other fields have none.",
    "score-range": "max is above min; a rating's scale runs within 0 to 10.",
    "action-plan-fields": "A capture for the actions handout has the fields action and due.",
    "unique-roles": "A pairing's roles are all different.",
    "pairing-grouping": "A pairing in pairs has two roles, in trios three; a pairing is never alone.",
    "unique-item-ids": "No two items of a rating or checklist share an id.",
    "aspects-max-4": "A rating has at most four aspects, all different.",
    "step-reference": "A reference names a step that exists and, in the same exercise, comes earlier.",
    "checklist-pairing": "A checklist's pairing is a pairing step and its subject_role one of its roles.",
    "vote-among-capture": "A vote chooses among the entries of a capture step.",
    "vote-fields": "label_field and where_field are fields of that capture; where_values fit them.",
    "vote-among-private": "A vote never chooses among a private step's entries.",
    "chart-fits-step": "A chart's kind fits the kind of step it summarises.",
    "chart-field": "tally needs a choice field, share a score field; other charts take no field.",
    "share-threshold": "A share chart's threshold lies above the field's min and at most its max.",
    "gap-needs-two-aspects": "A gap chart summarises a rating with exactly two aspects.",
    "chart-of-private": "No chart summarises a private step.",
    "private-capture-only": "Only a capture step filled in per participant can be private.",
    "private-handout": "Captures for the personal handouts are private; team suggestions are not.",
    "self-entry-per-participant": "Only a capture step filled in per participant can be entered from phones.",
    "break-or-exercise": "Each agenda item is either an exercise or a break.",
    "agenda-item-minutes": "Every agenda item takes at least one minute.",
    "agenda-needs-exercise": "An agenda runs at least one exercise.",
    "exercise-once-per-agenda": "An agenda runs each exercise once.",
    "known-exercise": "An agenda names exercises that exist and pass the checks.",
    "reference-order": "An exercise that uses another's step comes after it in the agenda.",
}

#: (rule id, where in the file, message)
Issue = tuple[str, str, str]


def issue(rule: str, where: str, message: str) -> Issue:
    """An issue under a registered rule (an unregistered id is a bug, caught here)."""
    if rule not in RULES:
        raise ValueError(f"unregistered rule id {rule!r}")
    return rule, where, message
