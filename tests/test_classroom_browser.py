"""The classroom pages in a real browser: headless Chromium loads each page from the real server, three team
pages play a turn by clicking (order, commit), the report appears on every screen, and the screenshots of
the team page (phone and laptop), the public screen and the console are saved (SHOTS: a temporary folder,
or the README's screenshots folder when they are being renewed).

Skips, saying why, when Chromium is not installed (`apt-get install chromium`)."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import pytest
from browser import Browser, chromium_path
from classroom_kit import running

from game.classroom.room import Room
from game.scenarios import load_rules

# where the screenshots go: a temporary folder, or the README's when they are being renewed
# (PACIFIC_TRILEMMA_SCREENSHOTS=docs/screenshots/classroom python -m pytest tests/test_classroom_browser.py)
SHOTS = Path(os.environ.get("PACIFIC_TRILEMMA_SCREENSHOTS") or Path(tempfile.gettempdir()) / "pacific-trilemma-shots")
PHONE, LAPTOP, PROJECTOR = (390, 844), (1366, 768), (1920, 1080)

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium is not on PATH (apt-get install chromium)")

FIRST_MOVE = "document.querySelector('#moves .move:not(.unavailable) .act button')"


def order(page) -> str:
    """Click the first move that can be ordered and wait for it in the team's orders; the move's name."""
    page.wait_for(FIRST_MOVE, what="a move that can be ordered")
    name = page.evaluate(f"{FIRST_MOVE}.closest('.move').querySelector('.name').textContent")
    page.evaluate(f"{FIRST_MOVE}.click()")
    page.wait_for("document.querySelectorAll('#orders ol li').length === 1", what=f"{name} in the team's orders")
    return name


def order_and_commit(page) -> str:
    """Order the first move that can be ordered and commit; the move's name."""
    name = order(page)
    page.wait_for("!document.querySelector('#commit').disabled", what="the commit button")
    page.click("#commit")
    return name


def test_pages_play_a_turn_in_a_browser():
    room = Room(load_rules("tutorial"), 5)
    codes = room.codes.to_json()
    with running(room) as (address, _app), Browser() as browser:
        base = f"http://{address}"

        # the join page: a wrong code is refused with the server's words, the right one opens the team page
        us = browser.page()
        us.viewport(*PHONE, mobile=True)
        us.navigate(base + "/")
        us.evaluate("document.querySelector('#code').value = 'WRONG-CODE'; document.querySelector('#go').click()")
        assert "not one of this game's codes" in us.wait_for("document.querySelector('#error').textContent", what="the refusal")
        us.screenshot(SHOTS / "join-phone-390x844.png")
        us.evaluate(f"document.querySelector('#code').value = {json.dumps(codes['us'].lower())}; document.querySelector('#go').click()")
        us.wait_for("location.pathname.startsWith('/team/') && document.querySelector('#orders')", what="the team page")
        assert us.evaluate("localStorage.getItem('pacific-trilemma.code')") == codes["us"]
        assert "Waiting for the teacher" in us.evaluate("document.querySelector('#orders').textContent")
        # a wrong code in the address goes back to the join page with the reason
        probe = browser.page()
        probe.navigate(base + "/team/NOPE")
        assert "not one of this game's codes" in probe.wait_for("document.querySelector('#error').textContent", what="the refusal")

        teams = {"us": us}
        for faction in ("jp", "cn"):
            teams[faction] = browser.page()
            teams[faction].viewport(*LAPTOP)
            teams[faction].navigate(f"{base}/team/{codes[faction]}")
            teams[faction].wait_for("document.querySelector('#orders')", what=f"{faction}'s page")
        public = browser.page()
        public.viewport(*PROJECTOR)
        public.navigate(base + "/public")
        public.wait_for("document.querySelector('#teams') && document.querySelector('#map svg')", what="the public screen")
        console = browser.page()
        console.viewport(*LAPTOP)
        console.navigate(f"{base}/console/{codes['facilitator']}")
        console.wait_for("document.querySelector('#start')", what="the console's start button")
        console.wait_for("[...document.querySelectorAll('#teams .status')].every(s => s.textContent === 'choosing')",
                         what="every team joined")
        console.screenshot(SHOTS / "console-lobby-1366x768.png")
        public.screenshot(SHOTS / "public-lobby-1920x1080.png")
        console.click("#start")
        # the teacher sets a five-minute timer: every screen counts down
        console.wait_for("document.querySelector('#pause')", what="the console in the orders phase")
        console.evaluate("document.querySelector('#minutes').value = '5'")
        console.click("#timer-set")
        for page in (public, us):
            assert page.wait_for("/^[45]:[0-9]{2} left$/.test(document.querySelector('#timer').textContent)"
                                 " && document.querySelector('#timer').textContent", what="the timer")

        for faction, page in teams.items():
            page.wait_for("document.querySelector('#moves')", what=f"{faction}'s moves")
        us.wait_for("document.querySelector('#map svg [data-region]')", what="the map")
        us.screenshot(SHOTS / "team-phone-390x844.png")
        us.viewport(*LAPTOP)
        us.screenshot(SHOTS / "team-laptop-1366x768.png")
        us.viewport(*PHONE, mobile=True)

        # the teacher injects the scenario's first inject and pauses: every screen announces it; then resumes
        event = console.evaluate("document.querySelector('#inject').selectedOptions[0].textContent")
        console.click("#inject-go")
        public.wait_for("!document.querySelector('#message').classList.contains('hidden')", what="the inject's announcement")
        assert event.split(" (")[0] in public.evaluate("document.querySelector('#right').innerText")
        console.wait_for("document.querySelector('#pause')", what="the pause button")
        console.click("#pause")
        us.wait_for("document.querySelector('#commit').disabled", what="the team's commit held while paused")
        console.wait_for("document.querySelector('#resume')", what="the resume button")
        console.click("#resume")
        us.wait_for("!document.querySelector('#commit').disabled", what="play to resume")

        # a refused message shows the server's reason on the page
        us.evaluate("window.classroom.send({type: 'order', order: 'us.no_such_move'})")
        assert us.wait_for("!document.querySelector('#error').classList.contains('hidden') && document.querySelector('#error').textContent",
                           what="the refusal")

        # the first team commits; everyone sees its status, nobody sees what it chose
        chosen = {"us": order_and_commit(us)}
        public.wait_for("document.querySelector('[data-faction=us] .status').textContent === 'committed'",
                        what="the public screen to show the U.S. committed")
        console.wait_for("document.querySelector('[data-faction=us] .status').textContent === 'committed'",
                         what="the console to show the U.S. committed")
        public.screenshot(SHOTS / "public-orders-1920x1080.png")
        console.evaluate("window.scrollTo(0, 0)")
        console.screenshot(SHOTS / "console-orders-1366x768.png")
        for screen in (public, console):
            assert chosen["us"] not in screen.evaluate("document.body.innerText")

        # Japan orders, then its connection drops: the page says so, reconnects by itself and gets its state
        # back, the pending order included
        jp = teams["jp"]
        chosen["jp"] = order(jp)
        jp.evaluate("window.classroom.socket.close()")
        jp.wait_for("document.querySelector('.banner.reconnect').textContent === 'Reconnecting…'", what="the banner")
        jp.wait_for("document.querySelector('.banner.reconnect').classList.contains('hidden')", what="the reconnection")
        jp.wait_for("document.querySelector('#orders ol li')", what="Japan's pending order after reconnecting")
        assert chosen["jp"] in jp.evaluate("document.querySelector('#orders ol li').textContent")
        jp.click("#commit")
        chosen["cn"] = order_and_commit(teams["cn"])
        for faction, page in teams.items():
            page.wait_for("document.querySelector('#report .summary li')", what=f"{faction}'s report")
            # the report's headline summary comes first, right under its title
            assert page.evaluate("document.querySelector('#report h2').nextElementSibling.className") == "summary"
        public.wait_for("document.querySelector('#report .summary li')", what="the public report")
        console.wait_for("document.querySelector('#next')", what="the console's next button")
        headline = room.snapshot_public()["public"]["history"][-1]["summary"][0]["text"]
        assert us.evaluate("document.querySelector('#report .summary li').textContent") == headline
        assert public.evaluate("document.querySelector('#report .summary li').textContent") == headline
        us.screenshot(SHOTS / "team-report-phone-390x844.png")
        time.sleep(2.6)  # the public map moves from before the turn to after it
        public.screenshot(SHOTS / "public-report-1920x1080.png")
        console.evaluate("window.scrollTo(0, 0)")
        console.screenshot(SHOTS / "console-report-1366x768.png")

        # the teacher ends the game: the debrief on every screen
        console.evaluate("window.confirm = () => true")
        console.click("#end")
        for page in (us, public):
            page.wait_for("document.querySelector('.debrief')", what="the debrief")
        assert "Debrief" in public.evaluate("document.querySelector('.debrief h2').textContent")
        public.screenshot(SHOTS / "public-debrief-1920x1080.png")
        us.screenshot(SHOTS / "team-debrief-phone-390x844.png")

        for page in (us, *teams.values(), public, console, probe):
            assert page.errors == []
