"""The engine's side of joining from phones: claims, tokens, and edits that cannot overwrite each other."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import FULL_AGENDA, make_workshop

from facilitator.engine import Session, SessionError
from facilitator.engine.entry_log import CHANGED_SINCE
from facilitator.loader import load_library
from facilitator.model import Capture
from facilitator.paths import bundled_exercises

ACTIONS = "action-plan/my-actions"
HEALTH = "complaints-health-check/mistakes"


@pytest.fixture
def workshop(tmp_path: Path) -> Session:
    return make_workshop(tmp_path, agenda=FULL_AGENDA, people=4)


def test_a_token_is_128_bits_or_more_and_new_each_time_join_is_turned_on(workshop: Session) -> None:
    phones = workshop.phones
    assert not phones.is_open and phones.token is None
    first = phones.open()
    assert len(first) >= 22 and phones.admits(first)
    second = phones.open()
    assert second != first and not phones.admits(first) and phones.admits(second)
    phones.close()
    assert not phones.admits(second) and not phones.is_open


def test_a_name_is_claimed_once_and_the_trainer_can_release_it(workshop: Session) -> None:
    phones = workshop.phones
    phones.open()
    secret = phones.claim("p1")
    assert phones.who(secret) == "p1" and phones.joined() == 1
    with pytest.raises(SessionError, match="already joined"):
        phones.claim("p1")
    assert phones.release("p1") is True
    assert phones.who(secret) is None and phones.joined() == 0
    again = phones.claim("p1")
    assert again != secret and phones.release("p9") is False


def test_claims_are_forgotten_when_join_is_turned_off_or_on_again(workshop: Session) -> None:
    phones = workshop.phones
    phones.open()
    secret = phones.claim("p2")
    phones.open()
    assert phones.who(secret) is None and phones.joined() == 0
    phones.close()
    with pytest.raises(SessionError, match="off"):
        phones.claim("p2")


def test_only_people_here_can_claim_and_leaving_ends_a_claim(workshop: Session) -> None:
    phones = workshop.phones
    phones.open()
    workshop.set_status("p3", "absent")
    with pytest.raises(SessionError, match="not marked as here"):
        phones.claim("p3")
    with pytest.raises(SessionError, match="not on this session's roster"):
        phones.claim("p99")
    secret = phones.claim("p2")
    workshop.set_status("p2", "left")
    assert phones.who(secret) is None and phones.joined() == 0


def test_changes_to_claims_are_announced_to_listeners(workshop: Session) -> None:
    heard: list[str] = []
    workshop.subscribe(heard.append)
    workshop.phones.open()
    workshop.phones.claim("p1")
    workshop.phones.release("p1")
    assert heard == ["phones", "phones", "phones"]


def test_an_edit_based_on_an_old_version_is_refused_not_written_over(workshop: Session) -> None:
    entry = workshop.add_entry(ACTIONS, "p1", {"action": "Call back", "due": "2026-12-01"})
    seen = entry.seq
    keyboard = workshop.edit_entry(entry.id, {"action": "Call back today", "due": "2026-12-01"})
    with pytest.raises(SessionError) as refused:
        workshop.edit_entry(entry.id, {"action": "Phone's text", "due": "2026-12-01"}, based_on=seen)
    assert str(refused.value) == CHANGED_SINCE
    assert workshop.entry(entry.id).data["action"] == "Call back today"
    with pytest.raises(SessionError):
        workshop.delete_entry(entry.id, based_on=seen)
    workshop.edit_entry(entry.id, {"action": "Phone's text", "due": "2026-12-01"}, based_on=keyboard.seq)
    assert workshop.entry(entry.id).data["action"] == "Phone's text"
    assert workshop.undo(ACTIONS, "p1") == "undid the last change"
    assert workshop.entry(entry.id).data["action"] == "Call back today"


def test_a_delete_based_on_the_current_version_goes_through(workshop: Session) -> None:
    entry = workshop.add_entry(ACTIONS, "p1", {"action": "Call back", "due": "2026-12-01"})
    workshop.delete_entry(entry.id, based_on=entry.seq)
    assert workshop.entries(ACTIONS) == []


def test_a_whole_rating_is_one_save_and_refused_when_the_row_changed_since(workshop: Session) -> None:
    step = workshop.step(HEALTH)
    items = [i.id for i in step.items]  # type: ignore[union-attr]
    heard: list[str] = []
    workshop.subscribe(heard.append)
    workshop.scoring.set_scores(HEALTH, "p1", {(items[0], None): 4, (items[1], None): 2}, based_on=0)
    assert heard == ["entries"]
    assert workshop.scores(HEALTH)["p1"] == {items[0]: 4, items[1]: 2}
    row = workshop.entries(HEALTH)[0]
    workshop.set_score(HEALTH, "p1", items[0], 5)  # the keyboard, meanwhile
    with pytest.raises(SessionError, match="changed elsewhere"):
        workshop.scoring.set_scores(HEALTH, "p1", {(items[0], None): 1}, based_on=row.seq)
    with pytest.raises(SessionError, match="changed elsewhere"):
        workshop.scoring.set_scores(HEALTH, "p2", {(items[0], None): 1}, based_on=7)
    with pytest.raises(SessionError, match="scores run"):
        workshop.scoring.set_scores(HEALTH, "p1", {(items[0], None): 99})
    assert workshop.scores(HEALTH)["p1"][items[0]] == 5


def test_self_entry_is_a_capture_field_the_bundled_close_and_stories_use(tmp_path: Path) -> None:
    lib = load_library([bundled_exercises()])
    marked = {
        f"{ex.id}/{s.id}"
        for ex in lib.exercises.values()
        for s in ex.steps
        if isinstance(s, Capture) and s.self_entry
    }
    assert marked == {"close/feedback", "service-stories/stories"}


def test_the_checker_refuses_self_entry_on_a_team_step(tmp_path: Path) -> None:
    text = (bundled_exercises() / "08-action-plan.toml").read_text("utf-8")
    text = text.replace('per = "team"\n', 'per = "team"\nself_entry = true\n', 1)
    (tmp_path / "mine.toml").write_text(text.replace('id = "action-plan"', 'id = "my-plan"', 1), "utf-8")
    lib = load_library([tmp_path])
    assert any("self_entry" in str(p) for p in lib.problems), [str(p) for p in lib.problems]
