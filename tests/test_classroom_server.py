"""The classroom server, run for real on 127.0.0.1: HTTP with httpx, the websocket with the `websockets` client."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from classroom_kit import Device, FakeClock, phase, run, running

from game.assets import find_asset
from game.classroom.codes import FREE_GUESSES, Codes
from game.classroom.room import Room
from game.scenarios import load_rules


@pytest.fixture(scope="module")
def tutorial():
    return load_rules("tutorial")


def first_order(state: dict, skip: tuple[str, ...] = ()) -> str:
    """The first move the team's menu says it can order now, with its first usable target."""
    for move in state["moves"]:
        if move["available"] and not move["ordered"] and move["move"] not in skip and not move["partners"]:
            if move["targets"] is None:
                return move["move"]
            target = next(t["id"] for t in move["targets"] if t["available"])
            return f"{move['move']}@{target}"
    raise AssertionError("no move available")


def reported(n: int):
    """A state showing the report of turn n."""
    return lambda s: s["room"]["phase"] == "report" and len(s["public"]["history"]) == n


def shown(order: str) -> str:
    """An order as a View writes it (`move @ target`)."""
    move, _, target = order.partition("@")
    return f"{move} @ {target}" if target else move


def test_pages_map_qr_and_join(tutorial):
    room = Room(tutorial, 3)
    with running(room) as (address, _):
        base = f"http://{address}"
        codes = room.codes.by_role
        answer = httpx.post(f"{base}/join", json={"code": codes["jp"].lower()})
        assert answer.status_code == 200
        assert answer.json() == {"role": "team", "faction": "jp", "url": f"/team/{codes['jp']}"}
        answer = httpx.post(f"{base}/join", data={"code": codes["facilitator"]})
        assert answer.json() == {"role": "facilitator", "faction": None, "url": f"/console/{codes['facilitator']}"}
        answer = httpx.post(f"{base}/join", json={"code": "ABCDEFGH"})
        assert answer.status_code == 403
        assert answer.json() == {"error": "that code is not one of this game's codes; check it with your teacher"}
        assert httpx.post(f"{base}/join", json={"code": " "}).json() == {
            "error": "type the code your teacher gave your team"}
        wrong = httpx.get(f"{base}/team/ABCDEFGH", follow_redirects=False)
        assert wrong.status_code == 303
        assert wrong.headers["location"].startswith("/?error=that%20code%20is%20not")
        crossed = httpx.get(f"{base}/console/{codes['us']}", follow_redirects=False)
        assert crossed.headers["location"] == "/?error=that%20is%20a%20team%27s%20code%3A%20open%20the%20team%20page"
        for path in (f"/team/{codes['us']}", f"/console/{codes['facilitator']}", "/public", "/"):
            page = httpx.get(base + path, follow_redirects=False)
            assert page.status_code in (200, 500), path  # 500 only while the pages are not in the tree
            if page.status_code == 200:
                assert page.headers["content-type"].startswith("text/html")
        assert httpx.get(f"{base}/map.json").json() == json.loads(find_asset("map/indo_pacific.json").read_text())
        svg = httpx.get(f"{base}/qr.svg")
        assert svg.headers["content-type"].startswith("image/svg+xml") and "<svg" in svg.text
        assert f"Join: {room.join_url}" in svg.text
        assert httpx.get(f"{base}/health").json() == {"ok": True, "phase": "lobby", "connections": 0}


def test_wrong_guesses_are_slowed_then_forgiven(tutorial):
    room, clock = Room(tutorial, 3), FakeClock()
    with running(room, clock) as (address, _):
        base = f"http://{address}"
        for _ in range(FREE_GUESSES):
            assert httpx.post(f"{base}/join", json={"code": "ZZZZZZZZ"}).status_code == 403
        slowed = httpx.post(f"{base}/join", json={"code": room.codes.by_role["us"]})
        assert slowed.status_code == 429  # not even a right code is looked at while it waits
        assert slowed.headers["Retry-After"] == "1"
        clock.advance(1.5)
        assert httpx.post(f"{base}/join", json={"code": "ZZZZZZZZ"}).status_code == 403  # the wait doubles
        slowed = httpx.post(f"{base}/join", json={"code": room.codes.by_role["us"]})
        assert slowed.status_code == 429
        assert slowed.headers["Retry-After"] == "2"
        assert slowed.json() == {"error": "too many wrong codes from this address; try again in 2 seconds"}

        async def hello_refused():
            device = await Device(address).open({"type": "hello", "code": room.codes.by_role["us"]}, welcome=False)
            got = await device.next()
            assert got == {"type": "error", "about": "hello", "seq": 1,
                           "message": "too many wrong codes from this address; try again in 2 seconds"}
            with pytest.raises(Exception):
                await device.next(5)
            assert device.ws.close_code == 4003
        run(hello_refused())
        clock.advance(2.5)
        assert httpx.post(f"{base}/join", json={"code": room.codes.by_role["us"]}).status_code == 200
        assert httpx.post(f"{base}/join", json={"code": "ZZZZZZZZ"}).status_code == 403  # forgiven


def test_codes_are_long_distinct_and_round_trip():
    codes = Codes.new(["us", "jp", "cn"])
    assert len(set(codes.by_role.values())) == 4 and all(len(c) == 8 for c in codes.by_role.values())
    assert Codes.from_json(codes.to_json(), ["us", "jp", "cn"]).to_json() == codes.to_json()
    assert codes.role_of(codes.by_role["cn"].lower()[:4] + "-" + codes.by_role["cn"][4:]) == "cn"
    with pytest.raises(ValueError, match="codes must name exactly cn, facilitator, jp, us, not facilitator, us"):
        Codes.from_json({"us": "AAAAAAAA", "facilitator": "BBBBBBBB"}, ["us", "jp", "cn"])


async def _whole_game(address: str, room: Room, clock: FakeClock) -> None:
    codes = room.codes.by_role
    public = await Device(address, "public").open({"type": "hello", "role": "public"})
    fac = await Device(address, "facilitator").open({"type": "hello", "code": codes["facilitator"]})
    teams = {f: [await Device(address, f"{f}{k}").open({"type": "hello", "code": codes[f]}) for k in (1, 2)]
             for f in ("us", "jp", "cn")}
    everyone = [public, fac] + [d for pair in teams.values() for d in pair]
    us1, us2 = teams["us"]
    seen = await fac.state(lambda s: all(t["devices"] == 2 for t in s["room"]["teams"].values()))
    assert {t["status"] for t in seen["room"]["teams"].values()} == {"choosing"}

    assert (await us1.error({"type": "order", "order": "us.worker_relief"}))["message"] == \
        "cannot order now: the game has not started yet"
    await fac.send({"type": "timer", "seconds": 60, "on_expiry": "commit"})
    await fac.state(lambda s: s["room"]["timer"] == {"seconds": 60, "left": None, "running": False,
                                                     "on_expiry": "commit"})
    await fac.send({"type": "start"})
    state = await us1.state(phase("orders"))
    assert state["room"]["timer"]["running"] and state["room"]["timer"]["left"] == 60

    # turn 1: two devices of one team see each other's orders live; everyone commits by hand
    order = first_order(state)
    await us1.send({"type": "order", "order": order})
    await us2.state(lambda s: s["view"]["own_orders"] == [shown(order)])
    await us2.send({"type": "undo"})
    await us1.state(lambda s: s["view"]["own_orders"] == [])
    await us2.send({"type": "order", "order": order})
    await us1.state(lambda s: s["view"]["own_orders"] == [shown(order)])
    jp_state = teams["jp"][0].last_state()
    jp_order = first_order(jp_state)
    await teams["jp"][0].send({"type": "order", "order": jp_order})
    await teams["jp"][1].state(lambda s: s["view"]["own_orders"] == [shown(jp_order)])
    await teams["jp"][1].send({"type": "commit"})
    await teams["cn"][0].send({"type": "commit"})
    seen = await fac.state(lambda s: s["room"]["teams"]["cn"]["status"] == "committed"
                           and s["room"]["teams"]["jp"]["status"] == "committed")
    assert seen["room"]["teams"]["us"]["status"] == "choosing"
    assert (await teams["jp"][0].error({"type": "order", "order": "jp.anti_inflation"}))["message"] == \
        "Japan: orders are already committed for turn 1"
    await us2.send({"type": "commit"})
    for device in everyone:
        state = await device.state(reported(1))
        assert state["public"]["history"][-1]["orders"]["us"] == [shown(order)]
        assert state["public"]["history"][-1]["orders"]["jp"] == [shown(jp_order)]
    assert state["room"]["timer"]["running"] is False

    # turn 2: inject, assumption, then the timer runs out and each team's orders so far are committed
    assert (await fac.error({"type": "inject", "event": "ev.inject_allied_tariff"}))["message"] == \
        "cannot inject an event now: the turn's report is showing"
    await fac.send({"type": "next"})
    state = await us1.state(lambda s: s["room"]["phase"] == "orders" and s["room"]["turn"] == 2)
    assert state["room"]["turn"] == 2 and state["room"]["timer"]["running"]
    await fac.send({"type": "inject", "event": room.rules.injects[0]})
    seen = await public.state(lambda s: (s["room"]["message"] or "").startswith("Inject by the facilitator"))
    assert seen["public"]["interventions"][0]["kind"] == "inject"
    await fac.send({"type": "assume", "track": "alliance", "value": 50, "reason": "a summit went well"})
    seen = await fac.state(lambda s: (s["room"]["message"] or "").startswith("Assumption"))
    assert seen["room"]["message"] == "Assumption: U.S.–Japan alliance strength set to 50 (a summit went well)"
    assert next(t for t in seen["console"]["tracks"] if t["id"] == "alliance")["value"] == 50
    assert seen["console"]["log"] == [
        "Inject by the facilitator: Washington announces tariffs on allies' cars",
        "Assumption: U.S.–Japan alliance strength set to 50 (a summit went well)"]
    state = await us1.state(lambda s: s["public"]["tracks"]["alliance"] == 50)
    order2 = first_order(state)
    await us1.send({"type": "order", "order": order2})
    await us2.state(lambda s: s["view"]["own_orders"] == [shown(order2)])
    clock.advance(61)
    for device in everyone:
        state = await device.state(reported(2))
    assert state["room"]["message"] == "Time is up: orders so far committed for United States, Japan, China"
    report = state["public"]["history"][-1]
    assert report["turn"] == 2 and report["orders"]["us"] == [shown(order2)] and report["orders"]["cn"] == []
    assert [i["kind"] for i in report["interventions"]] == ["inject", "assume"]

    # turn 3: a bot takes Japan's seat at once; on expiry the bot fills every seat still choosing
    await fac.send({"type": "timer", "seconds": 30, "on_expiry": "bot"})
    await fac.send({"type": "next"})
    await fac.state(lambda s: s["room"]["phase"] == "orders" and s["room"]["turn"] == 3)
    assert (await fac.error({"type": "seat", "faction": "jp", "who": "grety"}))["message"].startswith(
        "unknown bot 'grety' — did you mean 'greedy'?")
    await fac.send({"type": "seat", "faction": "jp", "who": "greedy"})
    seen = await fac.state(lambda s: s["room"]["teams"]["jp"]["status"] == "bot")
    assert seen["room"]["teams"]["jp"]["seat"] == "greedy"
    assert (await teams["jp"][0].error({"type": "undo"}))["message"] == \
        "a bot plays Japan now; the facilitator can hand the seat back to your team"
    clock.advance(31)
    for device in everyone:
        state = await device.state(reported(3))
    assert state["room"]["message"] == "Time is up: bots played for United States, China"
    bot_orders = state["public"]["history"][-1]["orders"]
    assert state["public"]["history"][-1]["bot_reasons"].keys() == {"us", "jp", "cn"}

    # take the last turn back: its orders return as pending, uncommitted (the bot's seat commits again)
    await fac.send({"type": "undo_turn"})
    state = await us2.state(lambda s: s["room"]["phase"] == "orders" and (s["room"]["message"] or "").startswith("Turn 3"))
    assert state["view"]["own_orders"] == bot_orders["us"]
    assert state["room"]["message"] == "Turn 3 taken back by the facilitator: its orders are open again"
    assert state["room"]["teams"]["jp"]["status"] == "bot" and state["room"]["teams"]["us"]["status"] == "choosing"
    await us2.send({"type": "commit"})
    await teams["cn"][1].send({"type": "commit"})
    state = await public.state(reported(3))
    assert state["public"]["over"] is True
    await fac.send({"type": "next"})
    for device in everyone:
        await device.state(phase("over"))
    assert (await fac.error({"type": "start"}))["message"] == "cannot start now: the game is over"
    for device in everyone:
        await device.close()


def test_whole_tutorial_game_with_two_devices_per_team_and_the_facilitator(tutorial):
    clock = FakeClock()
    room = Room(tutorial, 11, clock=clock)
    with running(room) as (address, _):
        run(_whole_game(address, room, clock))
    assert room.game.is_over and len(room.game.history) == 3


def test_absent_teams_get_the_bot_and_a_device_rejoins_with_its_pending_orders(tutorial, tmp_path):
    room = Room(tutorial, 4, autosave=tmp_path / "autosave.json")
    with running(room) as (address, _):
        async def play():
            codes = room.codes.by_role
            fac = await Device(address).open({"type": "hello", "code": codes["facilitator"]})
            us = await Device(address).open({"type": "hello", "code": codes["us"]})
            await fac.state(lambda s: s["room"]["teams"]["us"]["status"] == "choosing")
            assert fac.last_state()["room"]["teams"]["jp"]["status"] == "not joined"
            await fac.send({"type": "start"})
            state = await us.state(phase("orders"))
            assert {f: t["status"] for f, t in state["room"]["teams"].items()} == {
                "us": "choosing", "jp": "bot", "cn": "bot"}
            order = first_order(state)
            await us.send({"type": "order", "order": order})
            await us.state(lambda s: s["view"]["own_orders"] == [shown(order)])
            await us.close()  # the phone sleeps
            await fac.state(lambda s: s["room"]["teams"]["us"]["devices"] == 0)
            again = await Device(address).open({"type": "hello", "code": codes["us"].lower()})
            state = again.last_state()
            assert state["view"]["own_orders"] == [shown(order)] and state["room"]["phase"] == "orders"
            assert state["room"]["teams"]["us"]["devices"] == 1
            await again.send({"type": "commit"})
            await again.state(phase("report"))
            saved = json.loads((tmp_path / "autosave.json").read_text())
            assert saved["phase"] == "report" and len(saved["game"]["turns"]) == 1
        run(play())


def test_refused_messages_get_their_reason_and_change_nothing(tutorial):
    room = Room(tutorial, 5)
    with running(room) as (address, _):
        async def check():
            codes = room.codes.by_role
            us = await Device(address).open({"type": "hello", "code": codes["us"]})
            before = room.version
            cases = [
                ("{not json", None, "a message is JSON, and this one is not"),
                ("[1, 2]", None, "a message is a JSON object, not list"),
                ('{"order": "x"}', None, "a message needs a 'type'"),
                ("x" * 17000, None, "a message may have at most 16 KB (16384 bytes); this one has 17000 bytes"),
                ({"type": "dance"}, "dance", "unknown message type 'dance' (a team sends order, undo, commit, propose, answer, withdraw, ping)"),
                ({"type": "start"}, "start", "unknown message type 'start' (a team sends order, undo, commit, propose, answer, withdraw, ping)"),
                ({"type": "hello", "code": codes["jp"]}, "hello", "this connection has already said hello"),
                ({"type": "commit"}, "commit", "cannot commit now: the game has not started yet"),
            ]
            for message, about, text in cases:
                got = await us.error(message)
                assert (got["about"], got["message"]) == (about, text)
            fac = await Device(address).open({"type": "hello", "code": codes["facilitator"]})
            assert (await fac.error({"type": "next"}))["message"] == \
                "cannot go to the next turn now: the game has not started yet"
            assert (await fac.error({"type": "timer", "seconds": 5}))["message"] == \
                "timer: 'seconds' must be from 10 to 14400, not 5"
            assert (await fac.error({"type": "timer", "seconds": 60, "on_expiry": "wait"}))["message"] == \
                "timer: 'on_expiry' must be one of commit, bot, not 'wait'"
            assert (await fac.error({"type": "seat", "faction": "fr", "who": "greedy"}))["message"] == \
                "unknown faction 'fr' (factions: us, jp, cn)"
            assert (await fac.error({"type": "resume"}))["message"] == "the game is not paused"
            await fac.send({"type": "start"})
            state = await us.state(phase("orders"))
            assert (await fac.error({"type": "assume", "track": "alliance", "value": 50}))["message"] == \
                "assume needs 'reason'"
            assert (await fac.error({"type": "assume", "track": "alliance", "value": "high", "reason": "x"}))[
                "message"] == "assume: 'value' must be a number"
            assert (await fac.error({"type": "inject", "event": "ev.nope"}))["message"].startswith(
                "unknown event 'ev.nope'")
            assert (await us.error({"type": "order"}))["message"] == "order needs 'order'"
            assert (await us.error({"type": "order", "order": "cn.wedge_diplomacy"}))["message"].startswith(
                "United States: ")
            assert (await us.error({"type": "undo"}))["message"] == "United States: no order to undo"
            await fac.send({"type": "pause"})
            await us.state(lambda s: s["room"]["paused"])
            assert (await us.error({"type": "order", "order": first_order(state)}))["message"] == \
                "cannot order now: the facilitator has paused the game"
            assert room.game.pending["us"] == [] and room.game.committed == set()  # the bots wait for the U.S.
            public = await Device(address).open({"type": "hello", "role": "public"})
            assert (await public.error({"type": "order", "order": "us.worker_relief"}))["message"] == \
                "the public screen only watches: it sends nothing but ping"
            await public.send({"type": "ping"})
            while (await public.next(5))["type"] != "pong":
                pass
            assert room.version > before
            stranger = await Device(address).open({"type": "commit"}, welcome=False)
            got = await stranger.next()
            assert got["message"] == "say hello first, with your code (not 'commit')"
        run(check())


def test_a_flooding_device_is_cut_off_and_slows_no_one(tutorial):
    room = Room(tutorial, 6)
    with running(room) as (address, _):
        async def flood():
            codes = room.codes.by_role
            fac = await Device(address).open({"type": "hello", "code": codes["facilitator"]})
            flooder = await Device(address).open({"type": "hello", "code": codes["cn"]})
            us = await Device(address).open({"type": "hello", "code": codes["us"]})
            await fac.send({"type": "start"})
            state = await us.state(phase("orders"))
            for _ in range(400):
                await flooder.ws.send('{"type": "undo"}')
            loop = asyncio.get_running_loop()
            started = loop.time()
            order = first_order(state)
            await us.send({"type": "order", "order": order})
            await us.state(lambda s: s["view"]["own_orders"] == [shown(order)])
            assert loop.time() - started < 2.0
            texts = []
            try:
                while True:
                    texts.append((await flooder.next(5)).get("message"))
            except Exception:
                pass
            assert "too many messages: slow down" in texts
            assert flooder.ws.close_code == 1008
            await us.send({"type": "ping"})
            while (await us.next(5))["type"] != "pong":  # a state may come first (the flooder left)
                pass
        run(flood())
