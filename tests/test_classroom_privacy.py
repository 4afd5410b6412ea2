"""Point 5 of the classroom issue: every message the server sends, to every connection, through whole seeded games.

No team's message holds another faction's orders of the turn being played (an ally sees the joint moves
they share: that is the rule of joint moves), the facilitator and the public screen get no orders at all
before resolution, and no message holds the game's seed or any faction's lookahead seed. The allies propose,
answer and withdraw joint moves with reasons each turn: China's team, the facilitator and the public screen
never get a proposal, its order or its words before the turn resolves (then its report is public).
"""

from __future__ import annotations

import asyncio
import json
import random

import pytest
from classroom_kit import Device, phase, run, running

from game.classroom.room import Room
from game.engine.state import lookahead_seed
from game.scenarios import load_rules
from game.session.view import visible


def strip_history(message: dict) -> dict:
    """The message without the resolved turns (their orders are public once resolved)."""
    out = json.loads(json.dumps(message))
    for part in ("public", "view"):
        if part in out:
            out[part]["history"] = []
    return out


class Ledger:
    """Every order each faction had accepted during each turn, as the test played them."""

    def __init__(self):
        self.orders: dict[int, dict[str, set[str]]] = {}
        self.words: dict[int, list[tuple[tuple[str, ...], str]]] = {}  # turn -> (parties, words of a proposal)

    def said(self, turn: int, parties: tuple[str, ...], words: str) -> None:
        self.words.setdefault(turn, []).append((parties, words))

    def add(self, turn: int, faction: str, order: str) -> None:
        self.orders.setdefault(turn, {}).setdefault(faction, set()).add(order.partition("@")[0])

    def secret(self, rules, turn: int, reader: str | None) -> set[str]:
        """The move ids of turn `turn` that `reader` (a faction, or None for the facilitator and public) may not see."""
        hidden = set()
        for faction, moves in self.orders.get(turn, {}).items():
            for move in moves:
                partners = rules.moves[rules.move_index[move]].partners
                if faction != reader and (reader is None or reader not in partners):
                    hidden.add(move)
        return hidden


def check_message(rules, seeds: list[str], ledger: Ledger, audience: tuple[str, ...], raw: str) -> None:
    for seed in seeds:
        assert seed not in raw, f"{audience}: a message carries a seed"
    message = json.loads(raw)
    if message["type"] != "state":
        return
    room = message["room"]
    playing = room["turn"] if room["phase"] in ("lobby", "orders") else None
    reader = audience[1] if audience[0] == "team" else None
    public = message["public"]
    assert public["faction"] == "" and public["own_orders"] == [] and public["partner_orders"] == {}
    assert all(rules.tracks[rules.track_index[t]].public for t in public["tracks"])
    if audience[0] != "team":
        assert "view" not in message and "moves" not in message
    else:
        view = message["view"]
        assert view["faction"] == reader
        assert all(visible(t, rules.tracks[rules.track_index[t]].public, reader) for t in view["tracks"])
        assert {m["move"] for m in message["moves"]} == {m.id for m in rules.moves_of(reader)}
    if playing is None:
        return
    text = json.dumps(strip_history(message))
    for parties, words in ledger.words.get(playing, []):
        if reader not in parties:
            assert words not in raw, f"{audience}: turn {playing}'s proposal words shown before resolution"
    if reader is None or reader == "cn":
        assert "proposals" not in message["public"] or message["public"]["proposals"] == []
        if reader == "cn":
            assert message["view"]["proposals"] == [] and message["negotiation"]["names"] == {}
    for move in ledger.secret(rules, playing, reader):
        assert f'"{move}' not in text and f"{move} @" not in text, \
            f"{audience}: turn {playing}'s {move} shown before resolution"


async def negotiate(teams: dict[str, list[Device]], room: Room, rng: random.Random, ledger: Ledger, turn: int) -> None:
    """The allies' proposals of the turn, each with words only they may read: the U.S. proposes, Japan accepts,
    declines or counters (and the U.S. answers a counter), and an agreement is sometimes withdrawn."""
    if any(room.game.seats[f] != "human" for f in ("us", "jp")):
        return
    us, jp = teams["us"][0], teams["jp"][1]
    playing = lambda s: s["room"]["turn"] == turn and s["room"]["phase"] == "orders"  # noqa: E731
    offers = (await us.now(playing))["negotiation"]["offers"]
    if not offers:
        return
    offer = rng.choice(offers)["order"].replace(" ", "")
    words = f"between allies {turn}-{rng.randrange(10**9)}"
    ledger.add(turn, "us", offer)
    ledger.said(turn, ("us", "jp"), words)
    await us.send({"type": "propose", "order": offer, "reason": words})
    state = await jp.now(lambda s: playing(s) and any(p["standing"] == "open" for p in s["view"]["proposals"]))
    number = state["view"]["proposals"][-1]["number"]
    counters = [o["order"].replace(" ", "") for o in state["negotiation"]["offers"]
                if "us" in o["partners"] and o["order"].replace(" ", "") != offer]
    answer = rng.choice(["accept", "decline"] + (["counter"] if counters else []))
    reply = f"an ally's answer {turn}-{rng.randrange(10**9)}"
    if answer != "accept":  # the game keeps the words of a decline or a counter (an acceptance's go unsaid)
        ledger.said(turn, ("us", "jp"), reply)
    message = {"type": "answer", "number": number, "answer": answer, "reason": reply}
    if answer == "counter":
        message["counter"] = rng.choice(counters)
        ledger.add(turn, "jp", message["counter"])
    await jp.send(message)
    answered = lambda n: lambda s: any(p["number"] == n and p["standing"] != "open"  # noqa: E731
                                       for p in s["view"]["proposals"])
    state = await us.state(answered(number))
    if answer == "counter":
        await us.send({"type": "answer", "number": number + 1, "answer": rng.choice(["accept", "decline"])})
        state = await us.state(answered(number + 1))
    deals = [p for p in state["view"]["proposals"] if p["standing"] == "accepted"]
    if deals and rng.random() < 0.4:
        withdrawn = f"withdrawn by an ally {turn}-{rng.randrange(10**9)}"
        ledger.said(turn, ("us", "jp"), withdrawn)
        await us.send({"type": "withdraw", "number": deals[0]["number"], "reason": withdrawn})
        await us.state(lambda s: any(p["number"] == deals[0]["number"] and p["standing"] == "withdrawn"
                                     for p in s["view"]["proposals"]))


async def play_game(address: str, room: Room, rng: random.Random, ledger: Ledger) -> list[Device]:
    codes = room.codes.by_role
    factions = room.factions
    public = await Device(address, "public").open({"type": "hello", "role": "public"})
    fac = await Device(address, "facilitator").open({"type": "hello", "code": codes["facilitator"]})
    teams = {f: [await Device(address, f).open({"type": "hello", "code": codes[f]}) for _ in range(2)]
             for f in factions}
    devices = [public, fac] + [d for pair in teams.values() for d in pair]
    await fac.state(lambda s: all(t["devices"] == 2 for t in s["room"]["teams"].values()))
    await fac.send({"type": "start"})
    while True:
        state = await fac.state(lambda s: s["room"]["phase"] in ("orders", "over"))
        if state["room"]["phase"] == "over":
            break
        turn = state["room"]["turn"]
        if turn == 2:
            await fac.send({"type": "inject", "event": rng.choice(room.rules.events).id, "reason": "a test"})
            await fac.state(lambda s: bool(s["public"]["interventions"]))
        if turn == 3:
            await fac.send({"type": "seat", "faction": factions[-1], "who": "greedy"})
            await fac.state(lambda s: s["room"]["teams"][factions[-1]]["status"] == "bot")
        await negotiate(teams, room, rng, ledger, turn)
        for faction in factions:
            if room.game.seats[faction] != "human":
                continue
            first, second = teams[faction]
            held = len(room.game.pending[faction])  # the orders its proposals and agreements hold
            for k in range(held, held + rng.randint(0, 3)):
                device = (first, second)[k % 2]
                orders = [str(o) for o in room.game.pending[faction]]  # a state of now, not one queued before a deal
                state = await device.now(lambda s: s["room"]["turn"] == turn and s["room"]["phase"] == "orders"
                                         and s["view"]["own_orders"] == orders)
                menu = [m for m in state["moves"] if m["available"]]
                if not menu:
                    break
                move = rng.choice(menu)
                target = rng.choice([t["id"] for t in move["targets"] if t["available"]]) if move["targets"] else None
                order = move["move"] + (f"@{target}" if target else "")
                after = orders + [f"{move['move']} @ {target}" if target else move["move"]]
                await device.send({"type": "order", "order": order})
                ledger.add(turn, faction, order)
                # the exact orders, not only how many: a device may still hold states queued before a deal changed
                await device.state(lambda s: s["view"]["own_orders"] == after)
                if rng.random() < 0.2:
                    await device.send({"type": "undo"})
                    await device.state(lambda s: s["view"]["own_orders"] == orders)
                    await device.send({"type": "order", "order": order})
                    await device.state(lambda s: s["view"]["own_orders"] == after)
            await rng.choice((first, second)).send({"type": "commit"})
        await fac.state(phase("report"))
        await fac.send({"type": "next"})
    for device in devices:
        await device.now(phase("over"))
        await device.close()
    return devices


@pytest.mark.parametrize("scenario, seed", [("tutorial", 8_761_234_509_871_234_567), ("tutorial", 424_242_424_242),
                                            ("crossroads_2025", 6_102_030_405_060_708_090)])
def test_no_message_leaks_orders_or_seeds(scenario, seed):
    rules = load_rules(scenario)
    room = Room(rules, seed)
    seeds = [str(seed)] + [str(lookahead_seed(seed, i)) for i in range(len(rules.factions))]
    ledger = Ledger()
    with running(room, record=True) as (address, app):
        devices = run(play_game(address, room, random.Random(seed), ledger))
        recorded = app.state.classroom.recorded
        for _ in range(50):
            if len(recorded) == len(devices):
                break
            run(asyncio.sleep(0.1))
    assert len(recorded) == len(devices)
    # every device got a beginning of what the server sent one connection (the rest was on its way as it closed)
    for device in devices:
        assert any(messages[:len(device.raw)] == device.raw for _, messages in recorded), device.name
    assert sum(len(messages) for _, messages in recorded) > 100
    for audience, messages in recorded:
        for raw in messages:
            check_message(rules, seeds, ledger, audience, raw)
    assert ledger.orders, "the game ordered nothing: the check would prove nothing"
    assert sum(map(len, ledger.words.values())) >= 4, "the allies hardly negotiated: the check would prove little"
    said = [words for items in ledger.words.values() for _, words in items]
    to_japan = " ".join(raw for audience, messages in recorded if audience == ("team", "jp") for raw in messages)
    assert [w for w in said if w not in to_japan] == [], "words a party never got: their absence elsewhere proves nothing"
    assert room.game.is_over
