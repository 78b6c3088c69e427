"""A real phone-sized browser joins the running app on loopback, writes a plan and casts a dot.

Debian's Chromium driven by Selenium through Debian's chromium-driver (no
download). The app runs under Pilot with join on, bound to 127.0.0.1; the
browser is driven from a thread, because Selenium blocks and the server
answers on the app's own event loop. The page follows the room by itself
(its script polls): when the trainer moves on to the vote, the phone shows
it without a tap. Then the engine holds both, and the printed plan shows
the action. Skipped when chromium or chromedriver is missing; CI installs both.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
from factories import FULL_AGENDA, FakeClock, make_workshop
from phones import go_to
from test_tui_app import screen_text
from test_web_server import LOOPBACK, app_for, wait_for

from facilitator.handouts import build
from facilitator.tui.screens.run import RunScreen

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None or DRIVER is None, reason="needs Debian's chromium and chromium-driver"
    ),
]
ACTIONS = "action-plan/my-actions"
STORIES = "service-stories/stories"
BEST = "service-stories/best-award"
ACTION = "Call every customer back the same day <b>no excuses</b>"
#: A phone: an iPhone 12's CSS viewport.
PHONE_SIZE = (390, 844)


def browser(profile: Path) -> Any:
    """Headless Chromium at phone size, with nothing that would reach past loopback."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--no-first-run",
        "--no-proxy-server",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    # Headless windows are at least 500 px wide: emulate the phone's screen instead.
    metrics = {"width": PHONE_SIZE[0], "height": PHONE_SIZE[1], "pixelRatio": 3.0, "touch": True}
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    return webdriver.Chrome(service=Service(str(DRIVER)), options=options)


def shows(driver: Any, css: str, text: str, seconds: float = 20) -> None:
    """Wait until the element `css` holds `text` (a tap's page load is not instant under load)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def found(d: Any) -> bool:
        try:
            return text in d.find_element(By.CSS_SELECTOR, css).text
        except (NoSuchElementException, StaleElementReferenceException):
            return False

    try:
        WebDriverWait(driver, seconds).until(found)
    except Exception as exc:
        page = driver.find_element(By.TAG_NAME, "body").text[:600]
        raise AssertionError(f"never saw {text!r} in {css!r}; the page says: {page!r}") from exc


def join_and_write_plan(driver: Any, url: str) -> None:
    """Open the link, pick Ada, type an action with its date, save."""
    from selenium.webdriver.common.by import By

    driver.get(url)
    shows(driver, "h1", "Who are you?")
    names = driver.find_elements(By.CSS_SELECTOR, "button.name")
    next(b for b in names if b.text == "Ada Brennan").click()
    shows(driver, ".who", "You are Ada Brennan")
    assert driver.execute_script("return window.innerWidth") <= PHONE_SIZE[0]
    driver.find_element(By.ID, "new-action").send_keys(ACTION)
    # A date input's typing order follows the browser's locale; a phone's picker sets the value.
    driver.execute_script("document.getElementById('new-due').value = '2026-12-15'")
    driver.find_element(By.ID, "new-support").send_keys("My team leader")
    driver.find_element(By.CSS_SELECTOR, "form.entry button.primary").click()
    shows(driver, ".message", "Saved.")
    shows(driver, ".entries", ACTION)


def follow_to_the_vote_and_cast_a_dot(driver: Any) -> None:
    """Without a tap, the page moves to the vote when the trainer does; then one dot."""
    from selenium.webdriver.common.by import By

    shows(driver, "h1", "Best Service Award", seconds=30)
    shows(driver, ".dots", "3 of 3 dots left")
    driver.find_element(By.CSS_SELECTOR, ".candidates button.primary").click()
    shows(driver, ".message", "Dot placed.")
    shows(driver, ".candidates", "Your dots: 1")


async def test_a_phone_joins_writes_its_plan_and_votes_and_the_printed_plan_shows_it(tmp_path: Path) -> None:
    clock = FakeClock()
    w = make_workshop(tmp_path / "data", agenda=FULL_AGENDA, people=4, clock=clock)
    w.begin()
    story = w.add_entry(STORIES, "p2", {"title": "The hotel that remembered me", "category": "excellent"})
    go_to(w, ACTIONS)
    app = app_for(tmp_path / "data", w, clock, join=True, join_host=LOOPBACK)
    driver = await asyncio.to_thread(browser, tmp_path / "profile")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: app.join.on)
            url = app.join.url or ""
            assert url.startswith(f"http://{LOOPBACK}:")
            await asyncio.to_thread(join_and_write_plan, driver, url)
            await wait_for(pilot, lambda: "1 of 4 entered" in screen_text(app))  # the projector follows
            screen = app.screen
            assert isinstance(screen, RunScreen)
            screen.go_to(next(i for i, s in enumerate(w.plan) if s.key == BEST))
            await wait_for(pilot, lambda: w.current.key == BEST)
            await asyncio.to_thread(follow_to_the_vote_and_cast_a_dot, driver)

            [entry] = w.entries(ACTIONS)
            assert entry.owner == "p1" and entry.data["action"] == ACTION
            assert entry.data["due"] == "2026-12-15" and entry.data["support"] == "My team leader"
            [dot] = w.entries(BEST, "vote")
            assert dot.owner == "p1" and dot.data["target"] == story.id
            written = build(w, tmp_path / "handouts", ("html",), "A4")
    finally:
        await asyncio.to_thread(driver.quit)
    plans = [p for p in written if p.suffix == ".html" and "ada" in p.name.lower()]
    assert plans, [p.name for p in written]
    printed = plans[0].read_text("utf-8")
    assert "Call every customer back the same day &lt;b&gt;no excuses&lt;/b&gt;" in printed
    assert "My team leader" in printed
