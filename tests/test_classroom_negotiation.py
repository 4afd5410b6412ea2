"""Proposals in the classroom, on a real server on 127.0.0.1 with real websocket clients: teams propose, accept,
decline, counter and withdraw joint moves; a proposal lapses when its addressee commits; a bot partner answers at
once, its own proposals wait for the team, and the bot seats choose their orders only once every team has
committed; every refusal comes with its message, and a malformed message with every problem it has."""

from __future__ import annotations

import asyncio

import pytest
from classroom_kit import Device, phase, run, running

from game.ai import BOTS, BotKind, register
from game.classroom.room import Room
from game.scenarios import load_rules
from game.session.orders import Order
from game.session.proposals import Answer, Reply

PROPOSE = "joint.trusted_partners@vietnam"
OTHER = "joint.settle_friction"


@pytest.fixture(scope="module")
def tutorial():
    return load_rules("tutorial")


def shown(order: str) -> str:
    move, _, target = order.partition("@")
    return f"{move} @ {target}" if target else move


def proposals(state: dict) -> list[dict]:
    return state["view"]["proposals"]


def standing(number: int, value: str):
    """A state in which proposal `number` stands as `value`."""
    return lambda s: any(p["number"] == number and p["standing"] == value for p in proposals(s))


async def seated(address: str, room: Room, factions=("us", "jp", "cn")) -> tuple[Device, dict[str, Device]]:
    """The facilitator and one device per named team, the game started (seats no device holds get the bot)."""
    codes = room.codes.by_role
    fac = await Device(address, "facilitator").open({"type": "hello", "code": codes["facilitator"]})
    teams = {f: await Device(address, f).open({"type": "hello", "code": codes[f]}) for f in factions}
    await fac.state(lambda s: all(s["room"]["teams"][f]["devices"] == 1 for f in factions))
    await fac.send({"type": "start"})
    for device in teams.values():
        await device.state(phase("orders"))
    return fac, teams


def test_teams_propose_accept_withdraw_decline_counter_and_a_proposal_lapses(tutorial):
    room = Room(tutorial, 21)
    with running(room) as (address, _):
        async def play():
            fac, teams = await seated(address, room)
            us, jp, cn = teams["us"], teams["jp"], teams["cn"]
            offers = {o["order"] for o in us.last_state()["negotiation"]["offers"]}
            assert shown(PROPOSE) in offers and shown(OTHER) in offers and "us.worker_relief" not in offers

            # turn 1: the U.S. proposes; Japan sees it, named, with the reason; China sees nothing
            await us.send({"type": "propose", "order": PROPOSE, "reason": "  trade with friends  "})
            state = await jp.state(lambda s: proposals(s))
            [made] = proposals(state)
            assert (made["number"], made["by"], made["to"], made["order"], made["standing"], made["reason"]) == \
                (1, "us", ["jp"], shown(PROPOSE), "open", "trade with friends")
            assert state["negotiation"]["names"] == {shown(PROPOSE): "Trusted-partner trade framework in Vietnam"}
            state = await us.now(lambda s: proposals(s))
            assert state["view"]["own_orders"] == [shown(PROPOSE)] and state["negotiation"]["proposed"] is True
            assert proposals(cn.last_state()) == [] and cn.last_state()["negotiation"]["names"] == {}
            assert (await us.error({"type": "undo"}))["message"] == (
                "United States: Trusted-partner trade framework in Vietnam is its proposal to Japan; withdraw the "
                "proposal to drop it")

            # Japan accepts: the order is placed for both; then the U.S. withdraws the agreement, and Japan sees why
            await jp.send({"type": "answer", "number": 1, "answer": "accept"})
            state = await jp.state(standing(1, "accepted"))
            assert state["view"]["own_orders"] == [shown(PROPOSE)]
            await us.state(standing(1, "accepted"))
            await us.send({"type": "withdraw", "number": 1, "reason": "new instructions"})
            state = await jp.state(standing(1, "withdrawn"))
            [gone] = proposals(state)
            assert (gone["answered_by"], gone["answer_reason"]) == ("us", "new instructions")
            assert state["view"]["own_orders"] == []

            # Japan proposes the other joint move; the U.S. declines with a reason
            await jp.send({"type": "propose", "order": OTHER, "reason": "settle it"})
            await us.state(standing(2, "open"))
            await us.send({"type": "answer", "number": 2, "answer": "decline", "reason": "not this turn"})
            state = await jp.state(standing(2, "declined"))
            assert proposals(state)[1]["answer_reason"] == "not this turn" and state["view"]["own_orders"] == []
            for device in (us, jp, cn):
                await device.send({"type": "commit"})
            state = await fac.state(phase("report"))
            assert state["public"]["history"][-1]["orders"]["us"] == []

            # turn 2: the U.S. proposes, Japan counters with the other joint move, the U.S. accepts the counter
            await fac.send({"type": "next"})
            await us.state(lambda s: s["room"]["turn"] == 2 and s["room"]["phase"] == "orders")
            await us.send({"type": "propose", "order": PROPOSE})
            await jp.state(standing(1, "open"))
            await jp.send({"type": "answer", "number": 1, "answer": "counter", "counter": OTHER,
                           "reason": "rather this"})
            state = await us.state(standing(2, "open"))
            first, counter = proposals(state)
            assert (first["standing"], first["countered_by"], counter["by"], counter["to"], counter["counters"],
                    counter["reason"]) == ("countered", 2, "jp", ["us"], 1, "rather this")
            assert state["view"]["own_orders"] == [] and state["negotiation"]["names"][shown(OTHER)] == \
                "Settle bilateral trade disputes"
            await us.send({"type": "answer", "number": 2, "answer": "accept"})
            state = await jp.state(standing(2, "accepted"))
            assert state["view"]["own_orders"] == [OTHER]
            for device in (us, jp, cn):
                await device.send({"type": "commit"})
            state = await fac.state(lambda s: s["room"]["phase"] == "report" and len(s["public"]["history"]) == 2)
            report = state["public"]["history"][-1]
            assert report["orders"]["us"] == [OTHER] == report["orders"]["jp"]

            # turn 3: Japan proposes; the U.S. commits without answering, so the proposal lapses
            await fac.send({"type": "next"})
            await jp.state(lambda s: s["room"]["turn"] == 3 and s["room"]["phase"] == "orders")
            await jp.send({"type": "propose", "order": PROPOSE})
            await us.state(standing(1, "open"))
            await us.send({"type": "commit"})
            state = await jp.state(standing(1, "lapsed"))
            assert state["view"]["own_orders"] == []
            assert (await jp.error({"type": "propose", "order": OTHER}))["message"] == \
                "Japan: United States has already committed its orders this turn, so it cannot answer a proposal"
            for device in (fac, us, jp, cn):
                await device.close()
        run(play())


class Quiet(BotKind):
    """A bot seat that proposes nothing, declines what it is offered and orders nothing."""

    def choose(self, view, desk):
        return [], "quiet"


@pytest.fixture
def quiet_bot():
    register("test-quiet")(Quiet)
    yield "test-quiet"
    BOTS.pop("test-quiet")


def test_refusals_say_why_and_a_malformed_message_lists_every_problem(tutorial, quiet_bot):
    room = Room(tutorial, 22, bot=quiet_bot)  # the U.S. bot proposes nothing: the numbers below are Japan's alone
    with running(room) as (address, _):
        async def check():
            codes = room.codes.by_role
            us = await Device(address, "us").open({"type": "hello", "code": codes["us"]})
            assert (await us.error({"type": "propose", "order": PROPOSE}))["message"] == \
                "cannot propose now: the game has not started yet"
            await us.close()  # the U.S. seat gets the bot at the start
            while room.devices["us"]:
                await asyncio.sleep(0.05)
            fac, teams = await seated(address, room, ("jp", "cn"))
            jp, cn = teams["jp"], teams["cn"]
            before = room.version
            open_to_jp = [str(p.number) for p in room.game.negotiation.open_to("jp")]  # the U.S. bot's proposal, if any
            waiting = "open: " + ", ".join(open_to_jp) if open_to_jp else "none is open"
            cases = [
                ({"type": "propose"}, "propose: 'order' is missing: it must be a joint move such as "
                                      "joint.trusted_partners@vietnam"),
                ({"type": "propose", "order": 7, "reason": ["x"], "to": "jp"},
                 "propose: 'order' must be a joint move such as joint.trusted_partners@vietnam, not 7; 'reason' must "
                 "be text, in words, not [\"x\"]; 'to' is not part of propose (its parts: order, reason)"),
                ({"type": "answer", "number": "one", "answer": "maybe"},
                 "answer: 'number' must be the number of a proposal, such as 1, not \"one\"; 'answer' must be one of "
                 "accept, decline, counter, not \"maybe\""),
                ({"type": "answer", "answer": "counter"},
                 "answer: 'number' is missing: it must be the number of a proposal, such as 1; 'counter' is missing: "
                 "it must be the joint move offered instead, such as joint.settle_friction"),
                ({"type": "answer", "number": 1, "answer": "accept", "counter": OTHER},
                 "answer: 'counter' goes only with the answer 'counter'"),
                ({"type": "withdraw", "number": True}, "withdraw: 'number' must be the number of a proposal, such as "
                                                       "1, not true"),
                ({"type": "answer", "number": 4, "answer": "accept"},
                 "Japan: no open proposal 4 waits for its answer (none is open)"),
                ({"type": "withdraw", "number": 1}, "Japan: no proposal 1 this turn that it is party to"),
                ({"type": "propose", "order": "jp.anti_inflation"},
                 "Japan: Anti-inflation package is not a joint move; only joint moves are proposed to partners"),
                ({"type": "propose", "order": "joint.nope"}, "Japan: unknown move 'joint.nope'"),
            ]
            for message, text in cases:
                got = await jp.error(message)
                assert (got["about"], got["message"]) == (message["type"], text)
            assert room.version == before and len(room.game.negotiation) == 0
            # China is no party to the allies' joint moves
            assert (await cn.error({"type": "propose", "order": PROPOSE}))["message"].startswith("China: ")
            # Japan proposes to the bot U.S. (it answers at once); China cannot withdraw it, Japan cannot answer it
            await jp.send({"type": "propose", "order": PROPOSE})
            await jp.state(lambda s: proposals(s) and proposals(s)[0]["standing"] != "open")
            assert (await cn.error({"type": "withdraw", "number": 1}))["message"] == \
                "China: no proposal 1 this turn that it is party to"
            assert (await jp.error({"type": "answer", "number": 1, "answer": "accept"}))["message"] == \
                "Japan: no open proposal 1 waits for its answer (none is open)"
            await fac.send({"type": "pause"})
            await jp.state(lambda s: s["room"]["paused"])
            assert (await jp.error({"type": "answer", "number": 1, "answer": "decline"}))["message"] == \
                "cannot answer a proposal now: the facilitator has paused the game"
            assert (await jp.error({"type": "withdraw", "number": 1}))["message"] == \
                "cannot withdraw now: the facilitator has paused the game"
            await fac.send({"type": "resume"})
            await jp.state(lambda s: not s["room"]["paused"])
            await jp.send({"type": "commit"})
            await jp.state(lambda s: "jp" in s["view"]["committed"])
            assert (await jp.error({"type": "withdraw", "number": 1}))["message"] == \
                "Japan: orders are already committed"
            for device in (fac, jp, cn):
                await device.close()
        run(check())


class Partner(BotKind):
    """A test bot: proposes the trusted-partner framework in Vietnam when it can, accepts every proposal."""

    def choose(self, view, desk):
        return [], "it keeps to its deals"

    def propose(self, view, desk):
        order = Order.parse(PROPOSE)
        return (order, "shall we trade with friends?") if order in desk.legal_orders() else None

    def answer(self, view, desk, proposal):
        return Reply(Answer.ACCEPT, "gladly")


@pytest.fixture
def partner_bot():
    register("test-partner")(Partner)
    yield "test-partner"
    BOTS.pop("test-partner")


def test_a_bot_partner_answers_at_once_and_chooses_once_the_teams_have_committed(tutorial):
    # the default bot: whatever it answers, it answers at once, in words, and has not chosen its orders yet
    room = Room(tutorial, 23)
    with running(room) as (address, _):
        async def play():
            fac, teams = await seated(address, room, ("us", "cn"))
            us = teams["us"]
            assert (await fac.now(phase("orders")))["room"]["teams"]["jp"]["status"] == "bot"
            assert room.game.committed == set()
            await us.send({"type": "propose", "order": OTHER, "reason": "let us settle"})
            state = await us.state(lambda s: proposals(s) and proposals(s)[0]["standing"] != "open")
            [answered] = proposals(state)
            assert answered["answered_by"] == "jp" and answered["standing"] in ("accepted", "declined", "countered")
            assert answered["standing"] == "accepted" or answered["answer_reason"]
            assert "jp" not in room.game.committed
            for device in teams.values():
                await device.send({"type": "commit"})
            state = await fac.state(phase("report"))
            assert set(state["public"]["history"][-1]["bot_reasons"]) == {"jp"}
            for device in (fac, *teams.values()):
                await device.close()
        run(play())


def test_a_bot_proposes_to_the_team_and_takes_a_deal(tutorial, partner_bot):
    room = Room(tutorial, 24, bot=partner_bot)
    with running(room) as (address, _):
        async def play():
            fac, teams = await seated(address, room, ("us", "cn"))
            us = teams["us"]
            # the bot's proposal waits for the team's answer
            state = await us.now(lambda s: proposals(s))
            [offer] = proposals(state)
            assert (offer["by"], offer["order"], offer["standing"], offer["reason"]) == \
                ("jp", shown(PROPOSE), "open", "shall we trade with friends?")
            # the team counters; the bot accepts the counter at once
            await us.send({"type": "answer", "number": 1, "answer": "counter", "counter": OTHER})
            state = await us.state(standing(2, "accepted"))
            assert proposals(state)[1]["answer_reason"] == "gladly" and state["view"]["own_orders"] == [OTHER]
            assert room.game.pending["jp"] == [Order.parse(OTHER)] and "jp" not in room.game.committed
            for device in teams.values():
                await device.send({"type": "commit"})
            state = await fac.state(phase("report"))
            report = state["public"]["history"][-1]
            assert report["orders"]["us"] == [OTHER] == report["orders"]["jp"]
            assert report["bot_reasons"]["jp"] == "it keeps to its deals"
            for device in (fac, *teams.values()):
                await device.close()
        run(play())
