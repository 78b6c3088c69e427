"""Every phone route and every phone form, through Starlette's TestClient and the real engine."""

from __future__ import annotations

from pathlib import Path

from phones import Phone, go_to, room, texts

from facilitator.engine.entry_log import CHANGED_SINCE

ACTIONS = "action-plan/my-actions"
ACTION = {"f.action": "Call back every customer the same day", "f.due": "2026-12-15"}
STORIES = "service-stories/stories"
BEST = "service-stories/best-award"
GOOD_STORY = {"title": "The bill", "category": "excellent"}


def joined(tmp_path: Path, step: str = ACTIONS, people: int = 4):  # type: ignore[no-untyped-def]
    workshop, app, token = room(tmp_path, people, step)
    phone = Phone(app, token)
    assert phone.join("p1").status_code == 200
    return workshop, app, token, phone


# ----- joining -----------------------------------------------------------------------------------


def test_the_join_page_lists_the_people_here_by_names_that_tell_namesakes_apart(tmp_path: Path) -> None:
    workshop, app, token = room(tmp_path)
    workshop.add_participant("Sam Lee", team="Accounts")
    workshop.add_participant("Sam Lee", team="Front Desk")
    workshop.set_status("p4", "absent")
    page = Phone(app, token).get()
    assert page.status_code == 200 and "Who are you?" in page.text
    names = texts(page.text, "name")
    assert "Sam Lee (Accounts)" in names and "Sam Lee (Front Desk)" in names
    assert "Dana Okoro" not in page.text  # p4, absent
    assert ">p1<" not in page.text and "(p1)" not in page.text


def test_picking_a_name_keeps_it_in_a_cookie_and_shows_the_rooms_step(tmp_path: Path) -> None:
    workshop, app, token = room(tmp_path)
    phone = Phone(app, token)
    page = phone.join("p1")
    assert page.url.path == f"/j/{token}/" and "You are <strong>Ada Brennan</strong>" in page.text
    assert "My actions" in page.text and "You&#39;re in" in page.text
    assert phone.client.cookies.get("fp") and workshop.phones.joined() == 1


def test_a_name_on_a_phone_cannot_be_picked_on_another(tmp_path: Path) -> None:
    workshop, app, token, _ = joined(tmp_path)
    other = Phone(app, token)
    page = other.get()
    assert "Ada Brennan <small>(already joined)</small>" in page.text
    refused = other.join("p1")
    assert refused.status_code == 409 and "already joined from a phone" in refused.text
    assert workshop.phones.joined() == 1


def test_a_late_arrival_appears_on_the_phones_and_the_page_knows_it_changed(tmp_path: Path) -> None:
    workshop, app, token = room(tmp_path)
    phone = Phone(app, token)
    before = phone.get("/now").json()["v"]
    workshop.add_participant("Zoe Late", team="Accounts", status="late")
    assert phone.get("/now").json()["v"] != before
    assert "Zoe Late" in phone.get().text


def test_not_you_lets_the_name_go(tmp_path: Path) -> None:
    workshop, _, _, phone = joined(tmp_path)
    page = phone.post("/leave", {})
    assert "Who are you?" in page.text and "let your name go" in page.text
    assert workshop.phones.joined() == 0 and not phone.client.cookies.get("fp")


def test_the_trainer_releasing_a_name_sends_the_phone_back_to_the_names(tmp_path: Path) -> None:
    workshop, _, _, phone = joined(tmp_path)
    mine = phone.get("/now").json()["v"]
    workshop.phones.release("p1")
    assert phone.get("/now").json()["v"] != mine
    assert "Who are you?" in phone.get().text


# ----- the capture form ------------------------------------------------------------------------------


def test_an_action_goes_through_the_engine_for_that_person_and_is_listed(tmp_path: Path) -> None:
    workshop, _, _, phone = joined(tmp_path)
    page = phone.post("/entry", {"step": ACTIONS, **ACTION})
    assert page.status_code == 200 and "Saved." in page.text
    [entry] = workshop.entries(ACTIONS)
    assert entry.owner == "p1" and entry.data["action"] == ACTION["f.action"]
    assert "Yours so far (1 of 3)" in page.text and ACTION["f.action"] in page.text
    assert workshop.undo(ACTIONS, "p1") == "removed the last entry"  # the keyboard's undo covers phones


def test_a_refused_entry_says_why_and_keeps_what_was_typed(tmp_path: Path) -> None:
    workshop, _, _, phone = joined(tmp_path)
    page = phone.post("/entry", {"step": ACTIONS, "f.action": "Ring the depot", "f.due": "someday"})
    assert page.status_code == 409 and "write a date like" in page.text
    assert ">Ring the depot</textarea>" in page.text and workshop.entries(ACTIONS) == []


def test_the_steps_limit_applies_to_phones_too(tmp_path: Path) -> None:
    _, _, _, phone = joined(tmp_path)
    for n in range(3):
        phone.post("/entry", {"step": ACTIONS, "f.action": f"Action {n}", "f.due": "2026-12-15"})
    page = phone.get()
    assert "That's all 3" in page.text and 'action="' + phone.base + '/entry"' not in page.text
    refused = phone.post("/entry", {"step": ACTIONS, "f.action": "Fourth", "f.due": "2026-12-15"})
    assert refused.status_code == 409 and "already has 3 entries" in refused.text


def test_an_entry_is_changed_from_its_own_form(tmp_path: Path) -> None:
    workshop, _, _, phone = joined(tmp_path)
    phone.post("/entry", {"step": ACTIONS, **ACTION})
    entry = workshop.entries(ACTIONS)[0]
    form = phone.get(f"/?edit={entry.id}")
    assert "Change this entry" in form.text and f'name="based_on" value="{entry.seq}"' in form.text
    page = phone.post(
        f"/entry/{entry.id}",
        {"step": ACTIONS, "based_on": str(entry.seq), "f.action": "Call back by noon", "f.due": "2026-12-16"},
    )
    assert "Saved." in page.text and workshop.entry(entry.id).data["due"] == "2026-12-16"


def test_a_phone_edit_after_a_keyboard_edit_is_refused_and_sees_the_keyboards_version(tmp_path: Path) -> None:
    workshop, _, _, phone = joined(tmp_path)
    phone.post("/entry", {"step": ACTIONS, **ACTION})
    entry = workshop.entries(ACTIONS)[0]
    phone.get(f"/?edit={entry.id}")
    workshop.edit_entry(entry.id, {"action": "Typed at the laptop", "due": "2026-12-15"})
    late = {"step": ACTIONS, "based_on": str(entry.seq), "f.action": "Typed on the phone"}
    late["f.due"] = "2026-12-15"
    page = phone.post(f"/entry/{entry.id}", late)
    assert page.status_code == 409 and CHANGED_SINCE.split(";")[0] in page.text
    assert "Typed at the laptop" in page.text and ">Typed on the phone</textarea>" in page.text
    assert workshop.entry(entry.id).data["action"] == "Typed at the laptop"
    now = workshop.entry(entry.id).seq
    assert f'name="based_on" value="{now}"' in page.text  # saving again is a choice made seeing it
    phone.post(f"/entry/{entry.id}", {**late, "based_on": str(now)})
    assert workshop.entry(entry.id).data["action"] == "Typed on the phone"


def test_an_entry_is_deleted_from_its_form_and_undo_brings_it_back(tmp_path: Path) -> None:
    workshop, _, _, phone = joined(tmp_path)
    phone.post("/entry", {"step": ACTIONS, **ACTION})
    entry = workshop.entries(ACTIONS)[0]
    page = phone.post(f"/entry/{entry.id}/delete", {"step": ACTIONS, "based_on": str(entry.seq)})
    assert "Deleted." in page.text and workshop.entries(ACTIONS) == []
    workshop.undo(ACTIONS, "p1")
    assert [e.id for e in workshop.entries(ACTIONS)] == [entry.id]


def test_text_sent_after_the_room_moved_on_is_kept_as_a_draft_for_when_it_comes_back(tmp_path: Path) -> None:
    workshop, _, _, phone = joined(tmp_path)
    phone.get()
    go_to(workshop, "action-plan/team-ideas")
    page = phone.post("/entry", {"step": ACTIONS, "f.action": "Half a thought", "f.due": ""})
    assert page.status_code == 409 and "moved on" in page.text and "Look at the screen" in page.text
    assert workshop.entries(ACTIONS) == []
    assert workshop.drafts.get(ACTIONS, "p1").fields["action"] == "Half a thought"  # type: ignore[union-attr]
    go_to(workshop, ACTIONS)
    assert ">Half a thought</textarea>" in phone.get().text
    phone.post("/entry", {"step": ACTIONS, "f.action": "A whole thought", "f.due": "2026-12-15"})
    assert workshop.drafts.get(ACTIONS, "p1") is None


def test_a_self_entry_step_takes_the_closes_score_and_comments(tmp_path: Path) -> None:
    workshop, _, _, phone = joined(tmp_path, step="close/feedback")
    page = phone.get()
    assert 'name="f.recommend" value="10"' in page.text and "One thing to keep" in page.text
    phone.post("/entry", {"step": "close/feedback", "f.recommend": "9", "f.keep": "The role plays"})
    [entry] = workshop.entries("close/feedback")
    assert entry.owner == "p1" and entry.data["recommend"] == 9 and entry.data["keep"] == "The role plays"


def test_steps_with_nothing_for_a_phone_say_look_at_the_screen(tmp_path: Path) -> None:
    workshop, _, _, phone = joined(tmp_path)
    for key in ("action-plan/team-ideas", "action-plan/from-ideas-to-actions", "message-taking/calls"):
        go_to(workshop, key)
        page = phone.get()
        assert "Look at the screen" in page.text and '<form class="entry"' not in page.text
        refused = phone.post("/entry", {"step": key, "f.suggestion": "x"})
        assert refused.status_code == 409
    go_to(workshop, next(s.key for s in workshop.plan if s.is_break))
    assert "Break." in phone.get().text
    workshop.finish()
    assert "Thank you for taking part" in phone.get().text


# ----- votes and ratings -----------------------------------------------------------------------------


def test_dots_are_the_persons_own_within_their_dots_and_can_be_taken_back(tmp_path: Path) -> None:
    workshop, app, token = room(tmp_path, step=STORIES)
    story = workshop.add_entry(STORIES, "p2", GOOD_STORY)
    go_to(workshop, BEST)
    phone = Phone(app, token)
    phone.join("p1")
    assert "The bill" in phone.get().text and "<strong>3</strong> of 3 dots left" in phone.get().text
    for _ in range(3):
        assert "Dot placed." in phone.post("/vote", {"step": BEST, "target": story.id}).text
    refused = phone.post("/vote", {"step": BEST, "target": story.id})
    assert refused.status_code == 409 and "has used all 3 dots" in refused.text
    dots = workshop.entries(BEST, "vote")
    assert len(dots) == 3 and {d.owner for d in dots} == {"p1"}
    taken = phone.post("/vote", {"step": BEST, "target": story.id, "op": "take"})
    assert "Dot taken back." in taken.text and len(workshop.entries(BEST, "vote")) == 2
    wrong = phone.post("/vote", {"step": BEST, "target": "nope"})
    assert wrong.status_code == 409 and "not a candidate" in wrong.text


def test_a_phone_cannot_go_past_the_rooms_cap_of_dots(tmp_path: Path) -> None:
    workshop, app, token = room(tmp_path, people=2, step=STORIES)
    story = workshop.add_entry(STORIES, "p2", GOOD_STORY)
    go_to(workshop, BEST)
    for _ in range(5):
        workshop.cast_vote(BEST, story.id)  # the keyboard's anonymous dots
    phone = Phone(app, token)
    phone.join("p1")
    phone.post("/vote", {"step": BEST, "target": story.id})
    refused = phone.post("/vote", {"step": BEST, "target": story.id})
    assert refused.status_code == 409 and "all 6 dots are placed" in refused.text
    assert "All the room's dots are placed." in refused.text


def test_a_rating_is_scored_whole_and_not_over_the_laptops_change(tmp_path: Path) -> None:
    key = "walk-the-talk/standards"
    workshop, _, _, phone = joined(tmp_path, step=key)
    page = phone.get()
    assert "We agree expectations up front: With customers" in page.text
    step = workshop.step(key)
    items = [i.id for i in step.items]  # type: ignore[union-attr]
    scores = {f"s.{items[0]}@0": "4", f"s.{items[0]}@1": "2", "based_on": "0", "step": key}
    assert "Scores saved." in phone.post("/scores", scores).text
    assert workshop.scores(key)["p1"] == {f"{items[0]}#0": 4, f"{items[0]}#1": 2}
    seen = workshop.entries(key)[0].seq
    workshop.set_score(key, "p1", items[1], 5, 0)
    refused = phone.post("/scores", {**scores, "based_on": str(seen), f"s.{items[0]}@0": "1"})
    assert refused.status_code == 409 and "changed elsewhere" in refused.text
    assert workshop.scores(key)["p1"][f"{items[0]}#0"] == 4
    assert f'name="s.{items[1]}@0" value="5" checked' in refused.text  # the laptop's score, shown
    bad = phone.post("/scores", {**scores, f"s.{items[0]}@0": "lots"})
    assert bad.status_code == 409 and "Give" in bad.text
    now = str(workshop.entries(key)[0].seq)
    out = phone.post("/scores", {**scores, "based_on": now, f"s.{items[0]}@0": "9"})
    assert out.status_code == 409 and "scores run from 1 to 5" in out.text


# ----- the small routes ----------------------------------------------------------------------------


def test_now_follows_the_step_the_room_is_on(tmp_path: Path) -> None:
    workshop, _, _, phone = joined(tmp_path)
    first = phone.get("/now")
    assert first.headers["content-type"] == "application/json"
    assert first.headers["cache-control"] == "no-store"
    go_to(workshop, "action-plan/team-ideas")
    assert phone.get("/now").json()["v"] != first.json()["v"]


def test_the_stylesheet_and_script_are_served_and_nothing_else_under_static(tmp_path: Path) -> None:
    _, app, token = room(tmp_path)
    phone = Phone(app, token)
    css = phone.get("/static/phone.css")
    js = phone.get("/static/phone.js")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "http" not in css.text and "http" not in js.text.replace("https://", "")
    assert phone.get("/static/app.py").status_code == 404
    assert phone.get("/static/..%2fapp.py").status_code == 404


def test_an_unknown_page_and_a_wrong_method_get_a_plain_page(tmp_path: Path) -> None:
    _, app, token = room(tmp_path)
    phone = Phone(app, token)
    missing = phone.get("/admin")
    assert missing.status_code == 404 and "There is nothing here." in missing.text
    wrong = phone.client.get(f"{phone.base}/join")
    assert wrong.status_code == 405 and "Traceback" not in wrong.text
    slash = phone.client.get(phone.base, follow_redirects=False)
    assert slash.status_code == 308 and slash.headers["location"] == f"{phone.base}/"


def test_a_vote_among_private_entries_stays_on_the_screen(tmp_path: Path) -> None:
    import msgspec

    workshop, app, token = room(tmp_path, step=STORIES)
    story = workshop.add_entry(STORIES, "p2", GOOD_STORY)
    exercise = workshop.exercises["service-stories"]
    steps = [
        msgspec.structs.replace(s, visibility="private") if s.id == "stories" else s for s in exercise.steps
    ]
    workshop.exercises["service-stories"] = msgspec.structs.replace(exercise, steps=steps)
    go_to(workshop, BEST)
    phone = Phone(app, token)
    page = phone.join("p1")
    assert "Look at the screen" in page.text and "The bill" not in page.text
    refused = phone.post("/vote", {"step": BEST, "target": story.id})
    assert refused.status_code == 409 and workshop.entries(BEST, "vote") == []
