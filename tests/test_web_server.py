"""The phone server for real, on loopback only: inside the running TUI, turned on and off, gone on quit."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import httpx2
import pytest
from factories import FULL_AGENDA, FakeClock, library, make_workshop
from phones import go_to
from test_tui_app import screen_text

from facilitator.cli import build_parser
from facilitator.engine import Session, Workspace
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.commands import phone_commands
from facilitator.tui.widgets.join_panel import JoinPanel, JoinStatus, qr_text
from facilitator.web.app import build_app
from facilitator.web.network import address_problem, url_host
from facilitator.web.server import PhoneServer, ServeError

LOOPBACK = "127.0.0.1"
ACTIONS = "action-plan/my-actions"
CSRF = re.compile(r'name="csrf" value="([^"]*)"')


def refused(port: int) -> bool:
    """Whether nothing listens on loopback `port` any more."""
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((LOOPBACK, port)) != 0


def workshop_on(tmp_path: Path, key: str = ACTIONS, clock: FakeClock | None = None) -> Session:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA, people=4, clock=clock)
    w.begin()
    go_to(w, key)
    return w


def app_for(tmp_path: Path, w: Session | None, clock: FakeClock, **join: Any) -> FacilitatorApp:
    return FacilitatorApp(
        workspace=Workspace(tmp_path), library=library(), workshop=w, clock=clock, still=True, **join
    )


async def phone_joins(url: str, pid: str) -> httpx2.AsyncClient:
    """A phone on loopback that opened the join link and picked a name."""
    phone = httpx2.AsyncClient(base_url=url, timeout=5, follow_redirects=True)
    page = await phone.get("")
    csrf = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    joined = await phone.post("join", data={"csrf": csrf, "person": pid})
    assert joined.status_code == 200 and "You are" in joined.text
    return phone


async def wait_for(pilot: Any, check: Any, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.1)):
        if check():
            return
        await pilot.pause(0.1)
    assert check()


# ----- the server alone ------------------------------------------------------------------------------


async def test_the_server_reports_its_port_serves_and_stops_listening(tmp_path: Path) -> None:
    w = workshop_on(tmp_path)
    token = w.phones.open()
    server = PhoneServer(build_app(w), LOOPBACK)
    port = await server.start()
    assert port and server.running
    async with httpx2.AsyncClient(timeout=5) as client:
        assert (await client.get(f"http://{LOOPBACK}:{port}/j/{token}/")).status_code == 200
        assert (await client.get(f"http://{LOOPBACK}:{port}/")).status_code == 404
    await server.stop()
    assert not server.running and refused(port)


async def test_a_port_in_use_is_one_line_for_the_trainer(tmp_path: Path) -> None:
    w = workshop_on(tmp_path)
    w.phones.open()
    with socket.socket() as taken:
        taken.bind((LOOPBACK, 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServeError, match=rf"could not listen on 127.0.0.1 port {port}: .*in use"):
            await PhoneServer(build_app(w), LOOPBACK, port).start()


def test_addresses_that_keep_phones_away_are_named() -> None:
    assert "Only this laptop" in (address_problem("127.0.0.1") or "")
    assert "not a private network address" in (address_problem("8.8.8.8") or "")
    assert "no network address" in (address_problem("169.254.3.4") or "")
    assert address_problem("192.168.1.23") is None and address_problem("10.0.0.5") is None
    assert url_host("::1") == "[::1]" and url_host("192.168.1.23") == "192.168.1.23"


def test_the_qr_code_in_half_blocks_is_segnos_matrix() -> None:
    import segno

    url = "http://192.168.1.23:8765/j/AbCdEfGhIjKlMnOpQrStUv/"
    text = qr_text(url)
    rows = [list(r) for r in segno.make(url, error="l").matrix_iter(scale=1, border=2)]
    lines = text.split("\n")
    assert len(lines) == (len(rows) + 1) // 2 and {len(line) for line in lines} == {len(rows[0])}
    for y, line in enumerate(lines):
        for x, glyph in enumerate(line):
            top = rows[2 * y][x]
            bottom = rows[2 * y + 1][x] if 2 * y + 1 < len(rows) else 0
            assert glyph == {(0, 0): " ", (1, 0): "▀", (0, 1): "▄", (1, 1): "█"}[(top, bottom)]


def test_run_takes_join_host_and_port() -> None:
    args = build_parser().parse_args(["run", "s1", "--join", "--host", "127.0.0.1", "--port", "9000"])
    assert (args.join, args.host, args.port) == (True, "127.0.0.1", 9000)
    assert build_parser().parse_args(["run", "s1"]).join is False
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "s1", "--port", "99999"])


# ----- inside the TUI --------------------------------------------------------------------------------


async def test_join_from_the_start_shows_the_code_and_a_phones_entry_reaches_the_room_view(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    w = workshop_on(tmp_path, clock=clock)
    app = app_for(tmp_path, w, clock, join=True, join_host=LOOPBACK)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.join.on)
        url = app.join.url or ""
        assert url.startswith(f"http://{LOOPBACK}:") and w.phones.token in url  # type: ignore[operator]
        panel = app.screen.query_one(JoinPanel)
        await wait_for(pilot, lambda: panel.has_class("-on"))
        text = screen_text(app)
        assert "Join from your phone" in text and "0 phones joined" in text and "▀" in text
        assert "Only this laptop can open 127.0.0.1" in text  # loopback: phones could not reach it
        assert "0 of 4 entered" in text
        phone = await phone_joins(url, "p1")
        saved = await phone.post(
            "entry",
            data={
                "csrf": CSRF.search((await phone.get("")).text).group(1),  # type: ignore[union-attr]
                "step": ACTIONS,
                "f.action": "Call back the same day",
                "f.due": "2026-12-15",
            },
        )
        assert "Saved." in saved.text and w.entries(ACTIONS)[0].owner == "p1"
        await wait_for(pilot, lambda: "1 of 4 entered" in screen_text(app))
        await wait_for(pilot, lambda: "1 phone joined" in screen_text(app))
        await phone.aclose()
        port = app.join._server.port
    assert refused(port), "quitting the app stops the server"
    assert not w.phones.is_open


async def test_the_palette_turns_join_on_and_off_with_a_new_token_each_time(tmp_path: Path) -> None:
    clock = FakeClock()
    w = workshop_on(tmp_path, clock=clock)
    app = app_for(tmp_path, w, clock, join_host=LOOPBACK)
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.join.on and not app.screen.query_one(JoinPanel).has_class("-on")
        assert "Phones: turn join on" in [c.name for c in phone_commands(app)]
        await pilot.press("ctrl+p")
        for key in "phones join on":
            await pilot.press(key if key != " " else "space")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.join.on)
        first, port = w.phones.token, app.join._server.port
        phone = await phone_joins(app.join.url or "", "p2")
        commands = [c.name for c in phone_commands(app)]
        assert "Phones: turn join off" in commands and "Phones: free the name Bilal Chaudhry" in commands
        next(c for c in phone_commands(app) if c.name.startswith("Phones: free")).run()
        assert w.phones.joined() == 0
        next(c for c in phone_commands(app) if c.name == "Phones: hide the join code").run()
        assert app.join.status() == JoinStatus(app.join.url, 0, app.join.problem, show_code=False)
        app.action_toggle_join()
        await wait_for(pilot, lambda: not app.join.on)
        await pilot.pause(0.2)
        assert refused(port) and w.phones.token is None
        await phone.aclose()
        app.action_toggle_join()
        await wait_for(pilot, lambda: app.join.on)
        assert w.phones.token not in (None, first)


async def test_going_home_ends_join(tmp_path: Path) -> None:
    clock = FakeClock()
    w = workshop_on(tmp_path, clock=clock)
    app = app_for(tmp_path, w, clock, join=True, join_host=LOOPBACK)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.join.on)
        port = app.join._server.port
        app.go_home()
        await pilot.pause(0.3)
        assert not app.join.on and refused(port) and not w.phones.is_open


async def test_a_read_only_window_cannot_turn_join_on(tmp_path: Path) -> None:
    clock = FakeClock()
    w = workshop_on(tmp_path, clock=clock)
    look = Workspace(tmp_path).open(w.id, readonly=True)
    app = app_for(tmp_path, look, clock, join=True, join_host=LOOPBACK)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause(0.3)
        assert not app.join.on and not look.phones.is_open
        assert any("read-only" in str(n.message) for n in app._notifications)


async def test_no_phone_after_three_minutes_points_the_trainer_at_the_hotspot(tmp_path: Path) -> None:
    clock = FakeClock()
    w = workshop_on(tmp_path, clock=clock)
    app = app_for(tmp_path, w, clock, join=True, join_host=LOOPBACK)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.join.on)
        app.join.problem = ""  # as on a private LAN address

        def warning() -> str:
            return (app.join.status() or JoinStatus(None)).warning

        assert warning() == ""
        clock.advance(minutes=3)
        assert "No phone has reached the laptop in 3 minutes" in warning()
        async with httpx2.AsyncClient(timeout=5) as client:
            await client.get(app.join.url or "")
        assert warning() == ""


async def test_phones_save_one_at_a_time_and_leave_the_loop_free_between_saves() -> None:
    import asyncio
    import itertools
    import time

    from facilitator.web.pacer import Pacer

    pacer = Pacer(share=0.5)
    inside: list[int] = []
    spans: list[tuple[float, float]] = []
    busy = 0

    async def phone() -> None:
        nonlocal busy
        async with pacer:
            busy += 1
            inside.append(busy)
            start = time.perf_counter()
            while time.perf_counter() - start < 0.01:  # a 10 ms save holds the loop
                pass
            spans.append((start, time.perf_counter()))
            busy -= 1

    await asyncio.gather(*(phone() for _ in range(6)))
    assert inside == [1] * 6
    gaps = [later[0] - earlier[1] for earlier, later in itertools.pairwise(spans)]
    assert all(gap >= 0.008 for gap in gaps), gaps  # about as long free as the save took


async def test_a_story_from_a_phone_joins_the_scribes_list_and_the_scribes_typing_stays(
    tmp_path: Path,
) -> None:
    from textual.widgets import Input

    clock = FakeClock()
    w = workshop_on(tmp_path, "service-stories/stories", clock=clock)
    app = app_for(tmp_path, w, clock, join=True, join_host=LOOPBACK)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.join.on)
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        for key in "Bil":
            await pilot.press(key)
        phone = await phone_joins(app.join.url or "", "p1")
        csrf = CSRF.search((await phone.get("")).text).group(1)  # type: ignore[union-attr]
        form = {
            "csrf": csrf,
            "step": "service-stories/stories",
            "f.title": "Typed on a phone",
            "f.category": "good",
        }
        assert (await phone.post("entry", data=form)).status_code == 200
        await phone.aclose()
        await wait_for(pilot, lambda: "Typed on a phone" in screen_text(app))
        assert isinstance(app.focused, Input) and app.focused.value == "Bil"
