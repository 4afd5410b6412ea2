"""The classroom in two languages at once, on a real server on 127.0.0.1: each device gets what it reads in the
language its hello asked for (a team page in Japanese while the projector reads English), the English exactly as
before; states are built once per audience and language and reports retold once per turn and language; the
pages' own words come from the classroom catalog (`/static/i18n/ja.json`)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from browser import Browser, chromium_path
from classroom_kit import Device, phase, run, running
from i18n_kit import english_words

from game import i18n
from game.ai import BOTS
from game.classroom import room as room_module
from game.classroom.pages import page_messages
from game.classroom.retell import retold_report
from game.classroom.room import Room
from game.classroom.server import page_catalog
from game.scenarios import load_rules
from game.session.debrief import debrief
from game.session.report_json import report_to_json

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana and kanji


@pytest.fixture(scope="module")
def tutorial():
    return load_rules("tutorial")


def japanese(text: str) -> bool:
    return bool(JAPANESE.search(text))


def as_sent(message: dict) -> dict:
    """A state as the server sent it: without seq, and without the history the test device put back in."""
    out = {k: v for k, v in message.items() if k != "seq"}
    for part in ("view", "public"):
        if part in out:
            out[part] = {k: v for k, v in out[part].items() if k != "history"}
    return out


async def _two_languages(address: str, room: Room) -> None:
    codes = room.codes.by_role
    jp = await Device(address, "jp-ja").open({"type": "hello", "code": codes["jp"], "lang": "ja"})
    us = await Device(address, "us-en").open({"type": "hello", "code": codes["us"], "lang": "en"})
    cn = await Device(address, "cn-default").open({"type": "hello", "code": codes["cn"]})  # no lang: the room's
    public_en = await Device(address, "public-en").open({"type": "hello", "role": "public", "lang": "en"})
    public_ja = await Device(address, "public-ja").open({"type": "hello", "role": "public", "lang": "ja"})
    fac = await Device(address, "facilitator").open({"type": "hello", "code": codes["facilitator"], "lang": "ja"})
    assert jp.messages[0] == {"type": "welcome", "seq": 1, "role": "team", "faction": "jp", "lang": "ja"}
    assert us.messages[0]["lang"] == "en" and cn.messages[0]["lang"] == "en"
    await fac.now(lambda s: all(t["devices"] == 1 for t in s["room"]["teams"].values()))

    # refusals in each device's language
    assert (await jp.error({"type": "commit"}))["message"] == "今は指示を確定できません：ゲームはまだ始まっていません"
    assert (await us.error({"type": "commit"}))["message"] == "cannot commit now: the game has not started yet"
    assert (await jp.error({"type": "dance"}))["message"].startswith("不明なメッセージの種類 'dance' です")

    # the lobby: the same room, told in two languages; the English exactly what the room says in English
    en_state, ja_state = await us.now(phase("lobby")), await jp.now(phase("lobby"))
    with i18n.use("en"):
        assert as_sent(en_state) == json.loads(json.dumps(room.team_state("us", history=False)))
        jp_in_english = room.team_state("jp", history=False)
    assert ja_state["room"]["title"] == "チュートリアル：圧力か、パートナーシップか"
    assert ja_state["room"]["teams"]["jp"]["name"] == "日本" and en_state["room"]["teams"]["jp"]["name"] == "Japan"
    assert ja_state["room"]["teams"]["jp"]["status"] == en_state["room"]["teams"]["jp"]["status"] == "choosing"
    assert all(japanese(m["name"]) for m in ja_state["moves"]), [m["name"] for m in ja_state["moves"]]
    assert not any(japanese(m["name"]) for m in en_state["moves"])
    assert [m["move"] for m in ja_state["moves"]] == [m["move"] for m in jp_in_english["moves"]]

    # an announcement: composed for each language when it is shown
    await fac.send({"type": "start"})
    await fac.send({"type": "pause"})
    paused = lambda s: s["room"]["paused"]  # noqa: E731
    assert (await public_ja.state(paused))["room"]["message"] == "ファシリテーターが一時停止しました"
    assert (await public_en.state(paused))["room"]["message"] == "Paused by the facilitator"
    assert (await cn.state(paused))["room"]["message"] == "Paused by the facilitator"
    await fac.send({"type": "resume"})
    await us.state(lambda s: s["room"]["phase"] == "orders" and not s["room"]["paused"])

    # a turn: each team commits; the report comes in each language, with the same numbers
    for device in (jp, us, cn):
        await device.send({"type": "commit"})
    reported = lambda s: s["room"]["phase"] == "report"  # noqa: E731
    en_report = (await us.state(reported))["view"]["history"][-1]
    ja_report = (await jp.state(reported))["view"]["history"][-1]
    public_report = (await public_ja.state(reported))["public"]["history"][-1]
    assert en_report == report_to_json(room.game.history[-1].report)  # the English as the game made it
    assert ja_report == public_report
    assert all(japanese(item["text"]) for item in ja_report["summary"]), ja_report["summary"]
    assert not any(japanese(item["text"]) for item in en_report["summary"])
    assert ja_report["label"] == "2025年上半期" and en_report["label"] == "2025 H1"
    numbers = lambda r: [(c["track"], c["before"], c["after"]) for c in r["changes"]]  # noqa: E731
    assert numbers(ja_report) == numbers(en_report) and ja_report["scores_after"] == en_report["scores_after"]
    for device in (jp, us, cn, public_en, public_ja, fac):
        await device.close()


def test_each_device_reads_its_own_language(tutorial):
    room = Room(tutorial, 3)
    with running(room) as (address, _):
        run(_two_languages(address, room))


async def _counted(address: str, room: Room, calls: dict[str, int]) -> None:
    codes = room.codes.by_role
    ja = [await Device(address, f"ja{k}").open({"type": "hello", "role": "public", "lang": "ja"}) for k in range(4)]
    en = [await Device(address, f"en{k}").open({"type": "hello", "role": "public", "lang": "en"}) for k in range(4)]
    fac = await Device(address, "facilitator").open({"type": "hello", "code": codes["facilitator"]})
    await asyncio.sleep(0.5)  # every connection's first state is out
    calls.clear()
    await fac.send({"type": "pause"})
    for device in ja + en:
        await device.state(lambda s: s["room"]["paused"])
    assert calls.get("public") == 2  # one public state per language, for eight devices
    await fac.send({"type": "resume"})
    await fac.send({"type": "seat", "faction": "us", "who": "random"})
    await fac.send({"type": "seat", "faction": "jp", "who": "random"})
    await fac.send({"type": "seat", "faction": "cn", "who": "random"})
    await fac.send({"type": "start"})
    for device in ja + en:
        await device.state(lambda s: s["room"]["phase"] == "report", timeout=60)
    assert calls.get("retold") == 1  # the turn's report retold once, in Japanese, for four devices
    for device in ja + en + [fac]:
        await device.close()


def test_states_and_reports_are_composed_once_per_language(tutorial, monkeypatch):
    room = Room(tutorial, 4)
    calls: dict[str, int] = {}
    snapshot, retell = room.snapshot_public, room_module.retold_report

    def counted_snapshot(*args, **kwargs):
        calls["public"] = calls.get("public", 0) + 1
        return snapshot(*args, **kwargs)

    def counted_retell(*args, **kwargs):
        calls["retold"] = calls.get("retold", 0) + 1
        return retell(*args, **kwargs)

    monkeypatch.setattr(room, "snapshot_public", counted_snapshot)
    monkeypatch.setattr(room_module, "retold_report", counted_retell)
    with running(room) as (address, _):
        run(_counted(address, room, calls))


async def _hellos(address: str, room: Room) -> None:
    device = await Device(address, "fr").open({"type": "hello", "role": "public", "lang": "fr"}, welcome=False)
    assert await device.next() == {"type": "error", "seq": 1, "about": "hello",  # in the room's language
                                   "message": "hello：'lang' は en, ja のいずれかにしてください（'fr' は使えません）"}
    await device.send({"type": "hello", "role": "public", "lang": "ja"})  # the connection stays open for a right one
    assert (await device.next())["lang"] == "ja"
    await device.close()
    default = await Device(address, "room's").open({"type": "hello", "code": room.codes.by_role["us"]})
    assert default.messages[0]["lang"] == "ja"  # no lang: the room's (--lang ja)
    assert (await default.error({"type": "undo"}))["message"] == "今は取り消せません：ゲームはまだ始まっていません"
    await default.close()
    wrong = await Device(address, "wrong").open({"type": "hello", "code": "ZZZZZZZZ", "lang": "en"}, welcome=False)
    assert (await wrong.next())["message"] == "that code is not one of this game's codes; check it with your teacher"


def test_a_room_in_japanese_and_the_hellos_language(tutorial):
    room = Room(tutorial, 3, lang="ja")
    assert room.lang == "ja"
    with running(room) as (address, _):
        run(_hellos(address, room))
    with pytest.raises(i18n.LanguageError, match="unknown language 'xx': choose one of en, ja"):
        Room(tutorial, 3, lang="xx")
    with i18n.use("ja"):
        assert Room(tutorial, 3).lang == "ja"  # by default the language in use where it is made


def test_http_answers_and_the_pages_catalog(tutorial):
    room = Room(tutorial, 3)
    with running(room) as (address, _):
        base = f"http://{address}"
        assert httpx.get(f"{base}/languages.json").json() == {
            "default": "en", "languages": {"en": "English", "ja": "日本語"}, "cookie": "pacific_trilemma_lang"}
        catalog = httpx.get(f"{base}/static/i18n/ja.json").json()
        assert catalog["lang"] == "ja"
        assert catalog["messages"]["Commit orders"] == "指示を確定"
        assert catalog["messages"]["{n} device"] == ["端末 {n}台"]  # a plural: its forms
        assert catalog["messages"]["cannot commit now: {why}"] == "今は指示を確定できません：{why}"
        assert httpx.get(f"{base}/static/i18n/en.json").json() == {"lang": "en", "messages": {}}
        missing = httpx.get(f"{base}/static/i18n/fr.json")
        assert missing.status_code == 404
        assert missing.json() == {"error": "unknown language 'fr': choose one of en, ja"}
        # HTTP answers: the body's lang, else the pages' cookie, else the room's
        wrong = httpx.post(f"{base}/join", json={"code": "ZZZZZZZZ", "lang": "ja"})
        assert wrong.json() == {"error": "このゲームのコードではありません。先生にコードを確認してください"}
        assert httpx.post(f"{base}/join", json={"code": " "}).json() == {
            "error": "type the code your teacher gave your team"}
        crossed = httpx.get(f"{base}/console/{room.codes.by_role['us']}", follow_redirects=False,
                            cookies={"pacific_trilemma_lang": "ja"})
        assert crossed.headers["location"] == "/?error=" + httpx.URL(
            "", params={"e": "これはチームのコードです。チームの画面を開いてください"}).query.decode()[2:]
        font = httpx.get(f"{base}/fonts/NotoSansJP-Regular.otf")
        assert font.status_code == 200 and font.headers["content-type"] == "font/otf" and len(font.content) > 10**6
        assert httpx.get(f"{base}/fonts/secret.txt").status_code == 404
        assert httpx.get(f"{base}/health").json()["ok"] is True


def test_every_page_message_has_a_japanese_entry():
    """What the scripts look up (t, tn) and the HTML marks (data-i18n) is in classroom.po, and the catalog the
    pages get has each one (the plural forms of a plural)."""
    messages = page_messages()
    assert "Commit orders" in messages and "Type the code your teacher gave your team." in messages
    assert ("{n} device", "{n} devices") in messages and "event to inject" in messages  # tn, data-i18n-attrs
    served = page_catalog("ja")["messages"]
    missing = [f"{m!r} ({where[0]})" for m, where in messages.items()
               if not served.get(m[0] if isinstance(m, tuple) else m)]
    assert missing == [], "page messages without a Japanese entry in classroom.po:\n" + "\n".join(missing)


def test_a_retold_report_is_the_same_turn(tutorial):
    """Retold in English, a turn's report is the one the game made; in Japanese the same numbers in Japanese."""
    room = Room(tutorial, 6, bot="greedy")
    room.act({"type": "seat", "faction": "us", "who": "random"})
    room.act({"type": "seat", "faction": "jp", "who": "cautious"})
    room.act({"type": "seat", "faction": "cn", "who": "random"})
    room.act({"type": "start"})
    while room.phase != "over":
        assert room.act({"type": "next"}) is None
    assert len(room.game.history) == tutorial.n_turns
    for record in room.game.history:
        with i18n.use("en"):
            assert retold_report(room.game, record) == record.report
        with i18n.use("ja"):
            told = retold_report(room.game, record)
        assert [(c.track, c.before, c.after) for c in told.changes] == \
            [(c.track, c.before, c.after) for c in record.report.changes]
        assert told.scores_after == record.report.scores_after and told.orders == record.report.orders
        assert japanese(told.summary[0].text) and not japanese(record.report.summary[0].text)
    # a whole state with its history (the projector window's), in Japanese: every report retold
    with i18n.use("ja"):
        history = room.snapshot_public()["public"]["history"]
    assert [r["label"] for r in history] == [r.label.replace(" H1", "年上半期").replace(" H2", "年下半期")
                                             for r in room.game.reports()]
    assert all(japanese(r["summary"][0]["text"]) for r in history)
    # the debrief, from the reports in each language
    with i18n.use("en"):
        english = room.snapshot_public()["debrief"]
    with i18n.use("ja"):
        told = room.snapshot_public()["debrief"]
    assert english == debrief(room.game).to_json() and told["key_events"]
    assert [k["label"] for k in told["key_events"]] == [k["label"].replace(" H1", "年上半期").replace(" H2", "年下半期")
                                                        for k in english["key_events"]]
    assert told["winner"] == english["winner"] and japanese(told["outcome"]), told["outcome"]


# ---- the pages in a real browser, in Japanese ----------------------------------------------------

SHOTS = Path(os.environ.get("PACIFIC_TRILEMMA_SCREENSHOTS") or Path(tempfile.gettempdir()) / "pacific-trilemma-shots")
PHONE, LAPTOP, PROJECTOR = (390, 844), (1366, 768), (1920, 1080)
FIRST_MOVE = "document.querySelector('#moves .move:not(.unavailable) .act button')"
# the words a Japanese page shows as they are: the game's name, the switch's "English", the bots' names (seat ids), the
# join address's "http"
ALLOW = {"Pacific", "Trilemma", "English", "http", *BOTS}
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"


def in_japanese(page) -> None:
    """This tab's browser says it reads Japanese (navigator.language "ja-JP"), as a phone set to Japanese does."""
    page.call("Emulation.setUserAgentOverride", userAgent=UA, acceptLanguage="ja-JP")


def text(page, selector: str) -> str:
    return page.evaluate(f"document.querySelector({json.dumps(selector)}).textContent")


def english_left(page) -> list[str]:
    """The English words in everything the page shows, its folded parts opened."""
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    return english_words(page.evaluate("document.body.innerText"), ALLOW)


def fonts_in(page) -> None:
    page.evaluate("document.fonts.ready.then(() => true)")


@pytest.mark.skipif(chromium_path() is None, reason="chromium is not on PATH (apt-get install chromium)")
def test_a_team_page_in_japanese_while_the_projector_reads_english():
    room = Room(load_rules("tutorial"), 5)
    codes = room.codes.to_json()
    with running(room) as (address, _app), Browser() as browser:
        base = f"http://{address}"

        # Japan's phone reads Japanese: the join page, its refusal and the team page are in Japanese
        jp = browser.page()
        in_japanese(jp)
        jp.viewport(*PHONE, mobile=True)
        jp.navigate(base + "/")
        jp.wait_for("document.documentElement.lang === 'ja'", what="the join page in Japanese")
        assert text(jp, "label[for=code]") == "コード" and text(jp, "#go") == "参加"
        jp.evaluate("document.querySelector('#code').value = 'WRONG-CODE'; document.querySelector('#go').click()")
        assert jp.wait_for("document.querySelector('#error').textContent", what="the refusal") == \
            "このゲームのコードではありません。先生にコードを確認してください"
        fonts_in(jp)
        jp.screenshot(SHOTS / "ja-join-phone-390x844.png")
        jp.evaluate(f"document.querySelector('#code').value = {json.dumps(codes['jp'])};"
                    " document.querySelector('#go').click()")
        jp.wait_for("location.pathname.startsWith('/team/') && document.querySelector('#orders')", what="the team page")
        assert text(jp, "#orders h2") == "このターンの指示"
        assert text(jp, "#orders p") == "先生がゲームを始めるのを待っています。"
        assert text(jp, "#who") == "日本"

        # the United States' laptop and the projector read English, as before
        us = browser.page()
        us.viewport(*LAPTOP)
        us.navigate(f"{base}/team/{codes['us']}")
        us.wait_for("document.querySelector('#orders')", what="the U.S. page")
        assert text(us, "#orders h2") == "Your orders this turn"
        assert us.evaluate("document.documentElement.lang") == "en"
        public = browser.page()
        public.viewport(*PROJECTOR)
        public.navigate(base + "/public")
        public.wait_for("document.querySelector('#teams') && document.querySelector('#map svg')",
                        what="the public screen")
        assert text(public, "#teams h2") == "Teams" and text(public, "#title") == room.rules.scenario.title

        # the facilitator's console in Japanese starts the game (China has no device: a bot plays it)
        console = browser.page()
        in_japanese(console)
        console.viewport(*LAPTOP)
        console.navigate(f"{base}/console/{codes['facilitator']}")
        console.wait_for("document.querySelector('#start')", what="the console's start button")
        assert text(console, "#start") == "ゲームを開始" and text(console, "#timer-panel h2") == "ターンのタイマー"
        console.click("#start")
        console.wait_for("document.querySelector('#pause')", what="the console in the orders phase")
        console.evaluate("document.querySelector('#minutes').value = '5'")
        console.click("#timer-set")
        assert jp.wait_for("/^残り [45]:[0-9]{2}$/.test(document.querySelector('#timer').textContent)"
                           " && document.querySelector('#timer').textContent", what="the timer in Japanese")
        assert public.wait_for("/^[45]:[0-9]{2} left$/.test(document.querySelector('#timer').textContent)",
                               what="the timer")

        jp.wait_for(FIRST_MOVE, what="Japan's moves")
        jp.wait_for("document.querySelector('#map svg [data-region]')", what="the map")
        assert text(jp, "#moves h2") == "施策" and japanese(text(jp, "#moves .move .name"))
        assert japanese(text(jp, ".briefing")), text(jp, ".briefing")
        fonts_in(jp)
        jp.screenshot(SHOTS / "ja-team-phone-390x844.png")
        jp.viewport(*LAPTOP)
        fonts_in(jp)
        jp.screenshot(SHOTS / "ja-team-laptop-1366x768.png")
        jp.viewport(*PHONE, mobile=True)
        console.evaluate("window.scrollTo(0, 0)")
        fonts_in(console)
        console.screenshot(SHOTS / "ja-console-orders-1366x768.png")
        assert english_left(jp) == []

        # a refusal, in Japanese
        jp.evaluate("window.classroom.send({type: 'dance'})")
        assert jp.wait_for("!document.querySelector('#error').classList.contains('hidden') && "
                           "document.querySelector('#error').textContent", what="the refusal").startswith("不明なメッセージの種類")

        # both teams order and commit: the report in each page's language, the same turn
        for page in (jp, us):
            page.wait_for(FIRST_MOVE, what="a move that can be ordered")
            page.evaluate(f"{FIRST_MOVE}.click()")
            page.wait_for("document.querySelectorAll('#orders ol li').length === 1", what="the order")
            page.wait_for("!document.querySelector('#commit').disabled", what="the commit button")
            page.click("#commit")
        for page in (jp, us, public):
            page.wait_for("document.querySelector('#report .summary li')", what="the report")
        with i18n.use("en"):
            english = room.snapshot_public()["public"]["history"][-1]["summary"][0]["text"]
        assert text(us, "#report .summary li") == english and text(public, "#report .summary li") == english
        assert japanese(text(jp, "#report .summary li")) and text(jp, "#report h2") == "ターン報告 — 2025年上半期"
        fonts_in(jp)
        jp.screenshot(SHOTS / "ja-team-report-phone-390x844.png")
        public_ja = browser.page()
        in_japanese(public_ja)
        public_ja.viewport(*PROJECTOR)
        public_ja.navigate(base + "/public")
        public_ja.wait_for("document.querySelector('#report .summary li')", what="the public report in Japanese")
        assert text(public_ja, "#report h2") == "起きたこと — 2025年上半期"
        time.sleep(2.6)  # the map moves from before the turn to after it
        fonts_in(public_ja)
        public_ja.screenshot(SHOTS / "ja-public-report-1920x1080.png")
        assert english_left(public_ja) == [] and english_left(jp) == []

        # the language switch: the U.S. laptop chooses 日本語; the page comes back in it and keeps it
        us.evaluate("const s = document.querySelector('#language'); s.value = 'ja';"
                    " s.dispatchEvent(new Event('change'))")
        us.wait_for("document.documentElement.lang === 'ja' && document.querySelector('#report h2')", what="the switch")
        assert text(us, "#report h2") == "ターン報告 — 2025年上半期"
        assert us.evaluate("localStorage.getItem('pacific-trilemma.lang')") == "ja"
        assert text(public, "#report h2").startswith("What happened")  # the projector's page is not reloaded

        # the facilitator ends the game: the debrief in each page's language
        console.evaluate("window.confirm = () => true")
        console.click("#end")
        for page in (jp, public):
            page.wait_for("document.querySelector('.debrief')", what="the debrief")
        assert text(jp, ".debrief h2") == "振り返り — ゲーム終了" and japanese(text(jp, ".debrief .outcome"))
        assert text(public, ".debrief h2") == "Debrief — the game is over"
        assert not japanese(public.evaluate("document.querySelector('.debrief').innerText"))
        jp.evaluate("window.scrollTo(0, 0)")
        fonts_in(jp)
        jp.screenshot(SHOTS / "ja-team-debrief-phone-390x844.png")

        for page in (jp, us, public, console, public_ja):
            assert page.errors == []



def test_the_facilitators_actions_in_each_language(tutorial):
    """An inject announced from a Japanese console: each language reads it in its own words, and the game (its
    saves and reports) keeps the English."""
    room = Room(tutorial, 3)
    room.attach("us")
    room.attach("jp")
    room.act({"type": "seat", "faction": "cn", "who": "random"})
    room.act({"type": "start"})
    event = tutorial.injects[0]
    with i18n.use("ja"):
        assert room.act({"type": "inject", "event": event, "reason": "授業の展開"}) is None
        assert room.act({"type": "assume", "track": "alliance", "value": 70, "reason": "演習の前提"}) is None
        japanese_log = room.console_json()["log"]
    with i18n.use("en"):
        english_log = room.console_json()["log"]
    name = tutorial.events[tutorial.event_index[event]].name
    assert english_log == [f"Inject by the facilitator: {name} (授業の展開)",
                           "Assumption: U.S.–Japan alliance strength set to 70 (演習の前提)"]
    assert [a.words for a in room.game.interventions] == english_log
    with i18n.use("ja"):
        assert japanese_log == [f"ファシリテーターによる状況付与：{i18n.content.name(tutorial, event)}（授業の展開）",
                                "想定：日米同盟の強さを70に設定（演習の前提）"]
        assert room.message == "想定：日米同盟の強さを70に設定（演習の前提）"
    assert room.message == "Assumption: U.S.–Japan alliance strength set to 70 (演習の前提)"
