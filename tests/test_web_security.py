"""Each point of docs/security.md, tested: what a phone, a stranger or a hostile page can and cannot do."""

from __future__ import annotations

from pathlib import Path

import markupsafe
import pytest
from hostile import HOSTILE
from phones import Phone, room

from facilitator.web.app import build_app
from facilitator.web.guard import HEADERS, Limits, RateLimiter

ACTIONS = "action-plan/my-actions"
SECRET = "My private plan: ask for a transfer"


# ----- the join token -----------------------------------------------------------------------------


def test_the_token_has_at_least_128_bits_and_everything_without_it_is_404(tmp_path: Path) -> None:
    _, app, token = room(tmp_path)
    assert len(token) >= 22  # 16 random bytes, URL-safe base64
    phone = Phone(app, token)
    near = token[:-1] + ("A" if token[-1] != "A" else "B")
    for path in ("/", "/j/", "/j", f"/j/{near}/", f"/j/{token.upper()}/", "/static/phone.css", "/now"):
        page = phone.client.get(path)
        assert page.status_code == 404, path
        assert page.text.count("There is nothing here.") == 1 and token not in page.text


def test_nothing_is_served_outside_the_tokens_routes(tmp_path: Path) -> None:
    _, app, token = room(tmp_path)
    phone = Phone(app, token)
    for path in (
        "/favicon.ico",
        "/robots.txt",
        "/docs",
        "/openapi.json",
        "/j/../etc/passwd",
        f"/x/j/{token}/",
        f"/j/{token}/templates/base.html",
        f"/j/{token}/static/../routes.py",
        f"/j/{token}/static/%2e%2e/pages.py",
        f"/j/{token}/entry/1/delete/2",
    ):
        assert phone.client.get(path).status_code == 404, path
    assert phone.client.post("/join", data={"person": "p1"}).status_code == 404


def test_the_token_changes_each_time_join_is_turned_on_and_old_links_and_cookies_die(tmp_path: Path) -> None:
    workshop, app, token = room(tmp_path)
    phone = Phone(app, token)
    phone.join("p1")
    workshop.phones.close()
    assert phone.get().status_code == 404
    again = workshop.phones.open()
    assert again != token
    assert phone.get().status_code == 404  # the old link
    fresh = Phone(app, again)
    fresh.client.cookies.update(phone.client.cookies)
    assert "Who are you?" in fresh.get().text  # the old claim's cookie opens nothing


# ----- one person, one phone ----------------------------------------------------------------------


def test_the_persons_secret_is_a_strict_http_only_cookie_scoped_to_the_token(tmp_path: Path) -> None:
    _, app, token = room(tmp_path)
    phone = Phone(app, token)
    phone.get()
    response = phone.post("/join", {"person": "p1"}, follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("fp=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert f"Path=/j/{token}/" in cookie
    assert len(cookie.split(";")[0]) > 40  # 256 random bits


def test_a_participant_never_reads_anothers_entries(tmp_path: Path) -> None:
    workshop, app, token = room(tmp_path)
    ada, bilal = Phone(app, token), Phone(app, token)
    ada.join("p1")
    bilal.join("p2")
    ada.post("/entry", {"step": ACTIONS, "f.action": SECRET, "f.due": "2026-12-15"})
    entry = workshop.entries(ACTIONS)[0]
    for path in ("/", f"/?edit={entry.id}", "/now"):
        assert SECRET not in bilal.get(path).text
        assert "transfer" not in bilal.get(path).text
    assert "Change this entry" not in bilal.get(f"/?edit={entry.id}").text
    assert SECRET in ada.get().text


def test_a_participant_never_changes_or_deletes_anothers_entries(tmp_path: Path) -> None:
    workshop, app, token = room(tmp_path)
    ada, bilal = Phone(app, token), Phone(app, token)
    ada.join("p1")
    bilal.join("p2")
    ada.post("/entry", {"step": ACTIONS, "f.action": SECRET, "f.due": "2026-12-15"})
    entry = workshop.entries(ACTIONS)[0]
    form = {"step": ACTIONS, "based_on": str(entry.seq), "f.action": "Hijacked", "f.due": "2026-12-15"}
    edit = bilal.post(f"/entry/{entry.id}", form)
    delete = bilal.post(f"/entry/{entry.id}/delete", {"step": ACTIONS, "based_on": str(entry.seq)})
    assert edit.status_code == delete.status_code == 404
    assert "no such entry of yours" in edit.text and SECRET not in edit.text
    assert workshop.entry(entry.id).data["action"] == SECRET and workshop.entries(ACTIONS) == [entry]


def test_a_made_up_cookie_is_nobody(tmp_path: Path) -> None:
    workshop, app, token = room(tmp_path)
    phone = Phone(app, token)
    phone.client.cookies.set("fp", "x" * 43, path=f"/j/{token}/")
    assert "Who are you?" in phone.get().text
    refused = phone.post("/entry", {"step": ACTIONS, "f.action": "Sneaky", "f.due": "2026-12-15"})
    assert refused.status_code == 403 and workshop.entries(ACTIONS) == []


# ----- CSRF ---------------------------------------------------------------------------------------


FORMS = [
    ("/join", {"person": "p2"}),
    ("/leave", {}),
    ("/entry", {"step": ACTIONS, "f.action": "Forged", "f.due": "2026-12-15"}),
    ("/entry/ENTRY", {"step": ACTIONS, "based_on": "SEQ", "f.action": "Forged", "f.due": "2026-12-15"}),
    ("/entry/ENTRY/delete", {"step": ACTIONS, "based_on": "SEQ"}),
    ("/vote", {"step": ACTIONS, "target": "ENTRY"}),
    ("/scores", {"step": ACTIONS, "based_on": "0"}),
]


@pytest.mark.parametrize("how", ["no token", "another browser's token", "another site's origin"])
@pytest.mark.parametrize(("path", "form"), FORMS, ids=[p for p, _ in FORMS])
def test_every_form_is_refused_without_its_own_csrf_token(
    tmp_path: Path, path: str, form: dict[str, str], how: str
) -> None:
    workshop, app, token = room(tmp_path)
    ada, other = Phone(app, token), Phone(app, token)
    ada.join("p1")
    ada.post("/entry", {"step": ACTIONS, "f.action": SECRET, "f.due": "2026-12-15"})
    entry = workshop.entries(ACTIONS)[0]
    before = (workshop.revision, workshop.phones.claimed())
    data = {k: v.replace("ENTRY", entry.id).replace("SEQ", str(entry.seq)) for k, v in form.items()}
    path = path.replace("ENTRY", entry.id)
    if how == "no token":
        response = ada.post(path, data, csrf=False)
    elif how == "another browser's token":
        other.get()
        response = ada.post(path, {**data, "csrf": other.csrf}, csrf=False)
    else:
        response = ada.post(path, data, headers={"origin": "http://evil.example"})
    assert response.status_code == 403 and "out of date" in response.text
    assert (workshop.revision, workshop.phones.claimed()) == before


# ----- sizes and rates ----------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_before_it_is_read_with_a_clear_message(tmp_path: Path) -> None:
    workshop, app, token = room(tmp_path)
    phone = Phone(app, token)
    phone.join("p1")
    huge = phone.post("/entry", {"step": ACTIONS, "f.action": "x" * 200_000, "f.due": "2026-12-15"})
    assert huge.status_code == 413 and "more than 128 KB at once" in huge.text
    assert workshop.entries(ACTIONS) == []
    bare = phone.client.post(f"{phone.base}/entry", content=b"step=x", headers={"content-length": ""})
    assert bare.status_code in (400, 411)


def test_a_field_over_the_limit_is_refused_with_its_size_and_the_text_kept(tmp_path: Path) -> None:
    workshop, app, token = room(tmp_path)
    phone = Phone(app, token)
    phone.join("p1")
    long = "word " * 500  # 2,500 characters
    page = phone.post("/entry", {"step": ACTIONS, "f.action": long, "f.due": "2026-12-15"})
    assert page.status_code == 409 and "“What I will do” is too long: 2,500 characters" in page.text
    assert "Keep it under 2,000" in page.text and long in page.text and workshop.entries(ACTIONS) == []


def test_too_many_fields_are_refused(tmp_path: Path) -> None:
    _, app, token = room(tmp_path)
    phone = Phone(app, token)
    phone.join("p1")
    page = phone.post("/entry", {f"x{n}": "1" for n in range(200)})
    assert page.status_code == 400 and "Traceback" not in page.text


def test_a_client_over_its_rate_is_told_to_slow_down_and_others_are_not(tmp_path: Path) -> None:
    workshop, _, token = room(tmp_path)
    app = build_app(workshop, limits=Limits(burst=5, per_second=0.5))
    greedy, calm = Phone(app, token), Phone(app, token)
    codes = [greedy.get("/now").status_code for _ in range(25)]
    assert codes[:5] == [200] * 5 and codes.count(429) >= 15
    slow = greedy.get("/now")
    assert slow.status_code == 429 and slow.headers["retry-after"] == "2" and "Slow down" in slow.text
    assert calm.get("/now").status_code == 200


def test_the_default_rate_lets_a_phone_work_and_stops_a_flood() -> None:
    now = [0.0]
    limits = Limits()
    limiter = RateLimiter(limits.burst, limits.per_second, clock=lambda: now[0])
    assert all(limiter.allow("phone") for _ in range(limits.burst))  # a page, its files, a few taps
    assert not limiter.allow("phone")
    now[0] += 1.0
    assert sum(limiter.allow("phone") for _ in range(100)) == int(limits.per_second)
    assert limiter.allow("another phone")


# ----- headers ------------------------------------------------------------------------------------


def test_every_response_carries_the_strict_headers(tmp_path: Path) -> None:
    _, app, token = room(tmp_path)
    phone = Phone(app, token)
    responses = [
        phone.get(),
        phone.get("/now"),
        phone.get("/static/phone.css"),
        phone.client.get("/nowhere"),
        phone.get("/missing"),
        phone.post("/join", {"person": "p1"}, csrf=False),
    ]
    for response in responses:
        for name, value in HEADERS:
            assert response.headers[name.decode()] == value.decode(), (response.url, name)
    csp = responses[0].headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    assert responses[0].headers["referrer-policy"] == "no-referrer"
    assert responses[0].headers["x-content-type-options"] == "nosniff"
    assert responses[0].headers["cache-control"] == "no-store"


def test_pages_load_nothing_from_anywhere_else_and_have_no_inline_script_or_style(tmp_path: Path) -> None:
    _, app, token = room(tmp_path)
    phone = Phone(app, token)
    phone.join("p1")
    for page in (phone.get().text, Phone(app, token).get().text):
        assert "http://" not in page and "https://" not in page and "//" not in page.replace("<!doctype", "")
        assert "<script>" not in page and "style=" not in page and "<style" not in page
        assert "onclick" not in page and "javascript:" not in page


# ----- hostile text -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_comes_back_escaped(tmp_path: Path, text: str) -> None:
    workshop, app, token = room(tmp_path)
    if text.strip():
        workshop.edit_participant("p2", name=text)
    phone = Phone(app, token)
    names = phone.get().text
    phone.join("p1")
    page = phone.post("/entry", {"step": ACTIONS, "f.action": text, "f.due": "2026-12-15"})
    assert page.status_code in (200, 409) and "Traceback" not in page.text
    escaped = str(markupsafe.escape(text))
    shown = page.text
    if workshop.entries(ACTIONS):
        entry = workshop.entries(ACTIONS)[0]
        assert entry.data["action"] == text  # stored exactly as typed
        shown = phone.get(f"/?edit={entry.id}").text
    if text.strip():
        assert escaped in shown and escaped in names
    if "<" in text:
        assert text not in shown and text not in names.replace(escaped, "")
    assert ">49<" not in shown and " 49 " not in shown  # {{ 7*7 }} stays text, never a template


MALFORMED = [
    (b"\xff\xfe=\xff", "application/x-www-form-urlencoded", 403),
    (b"--x\r\n", "multipart/form-data", 400),
    (
        b'--x\r\nContent-Disposition: form-data; name="f.action"; filename="a.txt"\r\n\r\nabc\r\n--x--\r\n',
        "multipart/form-data; boundary=x",
        400,
    ),
    (b"{}", "application/json", 403),
]


@pytest.mark.parametrize(
    ("body", "kind", "status"), MALFORMED, ids=["bad bytes", "no boundary", "upload", "json"]
)
def test_a_malformed_request_gets_one_plain_page(tmp_path: Path, body: bytes, kind: str, status: int) -> None:
    workshop, app, token = room(tmp_path)
    phone = Phone(app, token)
    phone.join("p1")
    page = phone.client.post(f"{phone.base}/entry", content=body, headers={"content-type": kind})
    assert page.status_code == status and "Traceback" not in page.text and "<h1>" in page.text
    assert workshop.entries(ACTIONS) == []
    odd = phone.get("/?m=%ff%fe&edit=" + "%00" * 3000)
    assert odd.status_code == 200 and "My actions" in odd.text


# ----- errors -------------------------------------------------------------------------------------


def test_a_failure_inside_a_route_is_one_plain_page_and_the_details_go_to_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop, app, token = room(tmp_path)
    phone = Phone(app, token)
    phone.join("p1")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(workshop, "add_entry", broken)
    page = phone.post("/entry", {"step": ACTIONS, "f.action": "x", "f.due": "2026-12-15"})
    assert page.status_code == 500 and "Something went wrong" in page.text
    assert "disk on fire" not in page.text and "Traceback" not in page.text
    assert "disk on fire" in (tmp_path / "logs" / "problems.log").read_text("utf-8")
