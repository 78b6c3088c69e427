"""The room display follows the trainer's console, shows only what the room may see, and writes nothing.

Two real apps over one data folder, as on the day: the console
(`FacilitatorApp`, the session open for writing) and the room display
(`RoomApp`, read-only), both driven with Pilot in one event loop. Every
assertion is on what the room display has drawn.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from factories import FULL_AGENDA, FakeClock, library, make_workshop
from step_harness import screen_text, typed

from facilitator.engine import Session, Workspace
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.room_app import RoomApp
from facilitator.tui.screens.room import RoomScreen
from facilitator.tui.screens.run import RunScreen

SIZE = (100, 30)
#: Long enough for the room display's poll, its reread and a frame, on a loaded machine.
FOLLOW = 0.6


def apps(tmp_path: Path, workshop: Session) -> tuple[FacilitatorApp, RoomApp]:
    workspace = Workspace(tmp_path)
    console = FacilitatorApp(workspace=workspace, library=library(), workshop=workshop, still=True)
    return console, RoomApp(workspace, workspace.open(workshop.id, readonly=True), still=True)


async def until(check: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait for the other app's poll; fail after `seconds`."""
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    assert check()


def on(workshop: Session, key: str) -> None:
    workshop.jump([s.key for s in workshop.plan].index(key))


async def test_the_room_display_follows_entries_moves_reveals_timer_and_blanking(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    on(w, "service-stories/stories")
    console, room = apps(tmp_path, w)
    async with console.run_test(size=SIZE) as cp, room.run_test(size=SIZE):
        await until(lambda: "Tell it, then write it" in screen_text(room))
        await typed(cp, "ada")
        await cp.press("enter")
        await typed(cp, "The parcel that came twice")
        await cp.press("tab", "tab")
        await typed(cp, "poor")
        await asyncio.sleep(FOLLOW)
        assert "The parcel that came twice" not in screen_text(room), "half-typed stays on the laptop"
        await cp.press("enter")
        await until(lambda: "The parcel that came twice" in screen_text(room))

        await cp.press("escape")
        on_brief = [s.key for s in w.plan].index("message-taking/why-messages")
        while w.position < on_brief:
            await cp.press("pagedown")
            await cp.pause()
        place = f"step {on_brief + 1} of {len(w.plan)}"
        await until(lambda: place in screen_text(room))
        points = w.step("message-taking/why-messages").points  # type: ignore[union-attr]
        assert points[0][:30] not in screen_text(room)
        await cp.press("down")  # the console reveals a talking point
        await until(lambda: points[0][:30] in screen_text(room))

        await cp.press("space")  # the console starts the countdown
        await until(lambda: "running" in screen_text(room))

        await cp.press("b")  # blank
        await until(lambda: w.blanked)
        await until(lambda: screen_text(room).strip() == "")
        await cp.press("b")
        await until(lambda: "step" in screen_text(room))


async def test_a_private_step_typed_on_the_console_never_shows_on_the_room_display(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA, people=4)
    on(w, "action-plan/my-actions")
    console, room = apps(tmp_path, w)
    secret = "Ring Mrs Okafor back by four"
    async with console.run_test(size=SIZE) as cp, room.run_test(size=SIZE):
        await until(lambda: "0 of 4 entered" in screen_text(room))
        await cp.press("k")
        await cp.pause()
        await typed(cp, "Ada")
        await cp.press("enter")
        await cp.pause()
        await cp.press("y")
        await cp.pause()
        await typed(cp, secret)
        await asyncio.sleep(FOLLOW)  # half-typed: kept as a draft on the laptop
        assert secret not in screen_text(room) and "Ring Mrs" not in screen_text(room)
        await cp.press("tab")
        await typed(cp, "15/12/2026")
        await cp.press("enter")
        await until(lambda: "1 of 4 entered" in screen_text(room))
        assert secret not in screen_text(room) and "Ring Mrs" not in screen_text(room)
        assert isinstance(room.screen, RoomScreen)
        assert secret in screen_text(console)  # it is on the laptop, where it belongs


def _room_actions(room: RoomApp) -> set[str]:
    """Every action a key can reach on the room display now: the app's, the screen's, the focus chain's."""
    actions = {b.action for b in room.BINDINGS if hasattr(b, "action")}  # type: ignore[union-attr]
    actions |= {b.action for b in RoomScreen.BINDINGS if hasattr(b, "action")}  # type: ignore[union-attr]
    actions |= {binding.action for _, binding, _, _ in room.screen.active_bindings.values()}
    return actions


async def test_the_room_display_has_no_binding_that_writes(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    file = tmp_path / "sessions" / f"{w.id}.json"
    room = RoomApp(Workspace(tmp_path), Workspace(tmp_path).open(w.id, readonly=True), still=True)
    # Textual's own Tab, Shift+Tab and Ctrl+C (focus, copy) are there too: none writes.
    allowed = {"quit", "app.quit", "toggle_theme", "change_theme", "clock", "command_palette"}
    allowed |= {"app.focus_next", "app.focus_previous", "screen.copy_text"}
    kinds: dict[str, int] = {}  # one slot of each kind of step, a break and a private step
    for index, slot in enumerate(w.plan):
        step = w.step(slot.key)
        kind = "break" if step is None else f"{type(step).__name__}-{step.visibility}"
        kinds.setdefault(kind, index)
    async with room.run_test(size=SIZE) as rp:
        for index in sorted(kinds.values()):
            w.jump(index)
            await until(lambda i=index: room.workshop.position == i)
            await rp.pause()
            assert room.screen.focused is None
            assert _room_actions(room) <= allowed, _room_actions(room) - allowed
            before = file.stat().st_mtime_ns
            await rp.press("x", "1", "a", "enter", "down", "space", "v", "R", "]", "backspace", "ctrl+z")
            await rp.pause()
            assert file.stat().st_mtime_ns == before, f"a key on the room display wrote at slot {index + 1}"


async def test_the_console_says_a_room_display_is_attached_and_shows_the_trainers_notes(
    tmp_path: Path,
) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    on(w, "message-taking/calls")
    console, room = apps(tmp_path, w)
    async with console.run_test(size=(140, 40)) as cp:
        await cp.pause()
        assert "room display attached" not in screen_text(console)
        async with room.run_test(size=SIZE):
            assert isinstance(console.screen, RunScreen)
            await until(lambda: "room display attached" in screen_text(console))
            text = screen_text(console)
            assert "room display attached" in text and "Notes (not on the projector)" in text
            assert "Notes (not on the projector)" not in screen_text(room)
            assert "min behind" not in screen_text(room) and "next:" not in screen_text(room)
        await until(lambda: "room display attached" not in screen_text(console))


async def test_either_side_can_quit_and_come_back(tmp_path: Path) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path, agenda=FULL_AGENDA, clock=clock)
    workspace = Workspace(tmp_path)
    room = RoomApp(workspace, workspace.open(w.id, readonly=True), still=True)
    async with room.run_test(size=SIZE):  # started before the console
        w.close()
        console = FacilitatorApp(
            workspace=workspace,
            library=library(),
            still=True,
            clock=clock,
            workshop=workspace.open(w.id, clock=clock),
        )
        async with console.run_test(size=SIZE) as cp:
            await cp.press("pagedown")
            await until(lambda: "step 2 of" in screen_text(room))
        again = FacilitatorApp(
            workspace=workspace,
            library=library(),
            still=True,
            clock=clock,
            workshop=workspace.open(w.id, clock=clock),
        )
        async with again.run_test(size=SIZE) as ap:  # the console comes back; the room carried on
            await ap.press("pagedown")
            await until(lambda: "step 3 of" in screen_text(room))
            room2 = RoomApp(workspace, workspace.open(w.id, readonly=True), still=True)
            async with room2.run_test(size=SIZE):  # a second projector
                await ap.press("pagedown")
                await until(lambda: "step 4 of" in screen_text(room2) and "step 4 of" in screen_text(room))


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_the_countdown_fills_the_room_display_on_a_timer_step(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    timer = next(s.key for s in w.plan if type(w.step(s.key)).__name__ == "Timer")
    on(w, timer)
    room = RoomApp(Workspace(tmp_path), Workspace(tmp_path).open(w.id, readonly=True), still=True)
    async with room.run_test(size=size) as rp:
        await rp.pause()
        rows = [line for line in screen_text(room).splitlines() if "█" in line or "▀" in line or "▄" in line]
        assert len(rows) >= size[1] // 3
        if size == (160, 45):
            assert len(rows) >= 12


async def test_the_room_display_shows_each_entry_whole_at_80x24(tmp_path: Path) -> None:
    """The console's table cuts long cells (the scribe can open them); the wall cannot, so it wraps them."""
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    on(w, "service-stories/stories")
    people = w.participants()
    story = (
        "The courier rang before coming, waited while I checked every box, "
        "and took the broken one back the same afternoon"
    )
    w.add_entry("service-stories/stories", people[0].id, {"title": story, "category": "good"})
    w.add_entry("service-stories/stories", people[1].id, {"title": "A short one", "category": "poor"})
    console, room = apps(tmp_path, w)
    async with console.run_test(size=(80, 24)), room.run_test(size=(80, 24)):
        await until(lambda: "A short one" in screen_text(room))
        squeezed = " ".join(screen_text(room).split())
        assert story in squeezed
        assert f"{people[0].name} {story}" in squeezed, "the owner's name comes first"
        assert "2 entries" in squeezed and "newest first" in squeezed
        assert squeezed.index("A short one") < squeezed.index(story), "newest first"


async def test_beside_the_notes_the_consoles_form_messages_wrap_instead_of_being_cut(tmp_path: Path) -> None:
    """With a room display attached the notes take a third of an 80-column console; no message is cut."""
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    on(w, "service-stories/stories")
    w.add_entry("service-stories/stories", w.participants()[0].id, {"title": "Kept", "category": "good"})
    console, room = apps(tmp_path, w)
    async with console.run_test(size=(80, 24)) as cp, room.run_test(size=SIZE):
        await until(lambda: "Notes (not on the projector)" in screen_text(console))
        await cp.press("escape")  # out of the form: the note says how to get back in
        await cp.pause()
        flat = " ".join(screen_text(console).split())
        assert "Tab goes back in." in flat
        assert "list: Enter edit, Del delete" in flat
