"""The team page's proposals panel in headless Chromium, on the real server: the U.S. page (English) proposes a
joint move from its card, the Japanese page (日本語) sees it arrive and counters with another joint move, the U.S.
accepts the counter, Japan withdraws the agreement with a reason, and each page shows where things stand, live.
Screenshots at phone (390x844) and laptop (1366x768) sizes in both languages go to SHOTS.

Skips, saying why, when Chromium is not installed (`apt-get install chromium`)."""

from __future__ import annotations

import json
import time

import pytest
from browser import Browser, chromium_path
from classroom_kit import running
from test_classroom_browser import LAPTOP, PHONE, SHOTS
from test_classroom_ja import fonts_in, in_japanese, japanese

from game.classroom.room import Room
from game.scenarios import load_rules
from game.session.orders import Order
from game.session.words import order_name

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium is not on PATH (apt-get install chromium)")

PANEL = "document.querySelector('#proposals')"


def text(page, selector: str) -> str:
    return page.evaluate(f"document.querySelector({json.dumps(selector)}).textContent")


def type_in(page, selector: str, words: str) -> None:
    """Type `words` into a text box as a person does (its input event keeps them on the device)."""
    page.evaluate(f"(() => {{ const box = document.querySelector({json.dumps(selector)}); box.focus();"
                  f" box.value = {json.dumps(words)}; box.dispatchEvent(new Event('input')); }})()")


def shot(page, name: str, size: tuple[int, int], mobile: bool = False) -> None:
    """A screenshot of the proposals panel's part of the page at `size`."""
    page.viewport(*size, mobile=mobile)
    page.evaluate(f"{PANEL}.scrollIntoView({{block: 'start'}}); window.scrollBy(0, -110)")
    fonts_in(page)
    time.sleep(0.2)
    page.screenshot(SHOTS / name)


def test_the_proposals_panel_in_english_and_japanese():
    room = Room(load_rules("tutorial"), 5)
    codes = room.codes.to_json()
    with running(room) as (address, _app), Browser() as browser:
        base = f"http://{address}"
        us = browser.page()
        us.viewport(*PHONE, mobile=True)
        us.navigate(f"{base}/team/{codes['us']}")
        jp = browser.page()
        in_japanese(jp)
        jp.viewport(*LAPTOP)
        jp.navigate(f"{base}/team/{codes['jp']}")
        for page in (us, jp):
            page.wait_for("document.querySelector('#orders')", what="the team page")
        while not (room.devices["us"] and room.devices["jp"]):
            time.sleep(0.05)
        assert room.act({"type": "start"}) is None  # China's seat gets the bot
        for page in (us, jp):
            page.wait_for(PANEL, what="the proposals panel")
        assert "press “Propose to Japan” on its card" in text(us, "#proposals")

        # the U.S. proposes from a joint move's card, with its words
        type_in(us, "[data-draft=propose-reason]", "Let us build trade with friends")
        us.wait_for("document.querySelector('#moves .move .act button.propose')", what="a Propose button")
        card = "document.querySelector('#moves .move .act button.propose').closest('.move')"
        proposed = us.evaluate(f"{card}.querySelector('.name').textContent")
        assert us.evaluate(f"{card}.querySelector('button.propose').textContent") == "Propose to Japan"
        us.evaluate(f"{card}.querySelector('button.propose').click()")
        us.wait_for("document.querySelector('#proposals .proposal.outgoing')", what="the U.S. proposal")
        assert text(us, "#proposals .proposal.outgoing strong").startswith(f"Proposed to Japan: {proposed}")
        proposed = text(us, "#proposals .proposal.outgoing strong").removeprefix("Proposed to Japan: ")  # with its target
        assert "proposed" in text(us, "#orders ol li .tag")
        assert not us.evaluate("document.querySelector('#moves button.propose')")  # one proposal a turn

        # Japan's page, in Japanese, shows it arrive with the words
        jp.wait_for("document.querySelector('#proposals .proposal.incoming')", what="the proposal on Japan's page")
        head = text(jp, "#proposals .proposal.incoming strong")
        assert head.startswith("米国からの提案：") and japanese(text(jp, "#proposals h2"))
        assert text(jp, "#proposals .proposal.incoming blockquote") == "Let us build trade with friends"
        assert "回答待ち 1件" in text(jp, "#proposals h2")
        shot(jp, "proposals-ja-incoming-laptop-1366x768.png", LAPTOP)
        shot(jp, "proposals-ja-incoming-phone-390x844.png", PHONE, mobile=True)
        shot(us, "proposals-en-outgoing-phone-390x844.png", PHONE, mobile=True)

        # Japan counters with another joint move, giving its reason; the U.S. page sees the counter
        order = Order.parse(jp.evaluate("document.querySelector('#proposals .counter select').value"))
        offered = order_name(room.rules, order.move, order.target)  # in English, as the U.S. page reads it
        type_in(jp, "#proposals .proposal.incoming input", "こちらの方が効果的です")
        jp.click("#proposals [data-act=counter]")
        us.wait_for("document.querySelector('#proposals .proposal.incoming')", what="the counter on the U.S. page")
        assert text(us, "#proposals .proposal.incoming strong") == \
            f"Japan answers with a counter-proposal: {offered}"
        assert text(us, "#proposals .closed li").startswith(f"Japan answered {proposed} with a counter-proposal")
        assert text(us, "#proposals .closed blockquote") == "こちらの方が効果的です"
        shot(us, "proposals-en-incoming-phone-390x844.png", PHONE, mobile=True)
        shot(us, "proposals-en-incoming-laptop-1366x768.png", LAPTOP)

        # the U.S. accepts: both pages show the agreement and the order in their orders
        us.click("#proposals [data-act=accept]")
        for page in (us, jp):
            page.wait_for("document.querySelector('#proposals .proposal.agreed')", what="the agreement")
        assert text(us, "#proposals .proposal.agreed strong") == f"Agreed with Japan: {offered}"
        assert text(jp, "#proposals .proposal.agreed strong").startswith("米国と合意：")
        assert jp.evaluate("document.querySelectorAll('#orders ol li').length") == 1
        assert text(jp, "#orders ol li .tag") == "合意済み"
        shot(jp, "proposals-ja-agreed-phone-390x844.png", PHONE, mobile=True)
        shot(jp, "proposals-ja-agreed-laptop-1366x768.png", LAPTOP)
        shot(us, "proposals-en-agreed-laptop-1366x768.png", LAPTOP)

        # Japan withdraws the agreement with a reason: the U.S. page says so at once, and its order is gone
        type_in(jp, "#proposals .proposal.agreed input", "予算が足りません")
        jp.click("#proposals [data-act=withdraw]")
        us.wait_for("[...document.querySelectorAll('#proposals .closed li')].some(li => li.textContent.startsWith('Japan withdrew'))",
                    what="the withdrawal on the U.S. page")
        assert "予算が足りません" in text(us, "#proposals .closed")
        assert not us.evaluate("document.querySelector('#proposals .proposal.agreed')")
        assert room.game.pending["us"] == [] and room.game.pending["jp"] == []
        shot(us, "proposals-en-withdrawn-phone-390x844.png", PHONE, mobile=True)
        shot(jp, "proposals-ja-withdrawn-laptop-1366x768.png", LAPTOP)

        # a refusal shows the server's reason: the U.S. has made its proposal, and Japan's words survive a redraw
        type_in(jp, "[data-draft=propose-reason]", "次は")
        us.evaluate("window.classroom.send({type: 'answer', number: 9, answer: 'accept'})")
        assert us.wait_for("!document.querySelector('#error').classList.contains('hidden') && "
                           "document.querySelector('#error').textContent", what="the refusal") == \
            "United States: no open proposal 9 waits for its answer (none is open)"
        room.act({"type": "pause"})
        jp.wait_for("document.querySelector('#commit').disabled", what="the pause")
        assert jp.evaluate("document.querySelector('[data-draft=propose-reason]') === null || "
                           "document.querySelector('[data-draft=propose-reason]').value === '次は'")
        for page in (us, jp):
            assert page.errors == []
