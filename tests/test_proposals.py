"""Joint-move proposals between allies in a single game: propose, accept, decline, counter, withdraw, lapse,
who sees them, and every refusal with its message."""

import json
import re

import pytest

from game.ai import negotiate, play_bot_seats
from game.session.game import ArgumentError, Game
from game.session.orders import IllegalOrderError, Order, Reason
from game.session.proposals import Answer, Reply, Standing
from game.session.view import View
from bot_kit import Scripted

PEOPLE = {"us": "human", "jp": "human", "cn": "human"}


@pytest.fixture
def game():
    return Game.new("crossroads_2025", 3, PEOPLE)


def joint(game, k=0, faction="us"):
    return [o for o in game.legal_orders(faction) if o.move.startswith("joint.")][k]


def test_a_proposal_holds_the_proposers_order_and_only_the_partners_see_it(game):
    order = joint(game)
    made = game.propose("us", order, "  shore up   the alliance ")
    assert made.number == 1 and made.to == ("jp",) and made.standing == Standing.OPEN
    assert made.reason == "shore up the alliance"
    assert game.pending["us"] == [order] and game.pending["jp"] == []
    assert game.view("jp").proposals == (made,) and game.view("us").proposals == (made,)
    assert game.view("cn").proposals == () and game.public_view().proposals == ()
    text = json.dumps(game.view("cn").to_json()) + json.dumps(game.public_view().to_json())
    assert order.move not in text and "shore up" not in text
    assert View.from_json(game.view("jp").to_json()).proposals == (made,)


def test_accepting_places_the_order_for_both_and_the_deal_reaches_the_lookahead(game):
    order = joint(game)
    game.propose("us", order)
    done = game.answer("jp", 1, "accept")
    assert done.standing == Standing.ACCEPTED and done.answered_by == "jp"
    assert game.pending["us"] == [order] == game.pending["jp"]
    action = game.rules.action_index[(order.move, order.target)]
    assert game.desk("jp").lookahead().deals.tolist() == [action] == game.desk("us").lookahead().deals.tolist()
    assert game.desk("cn").lookahead().deals.tolist() == []
    report = game.play_turn({})
    assert "unmatched" not in " ".join(report.notes) and game.history[-1].negotiation[0].standing == Standing.ACCEPTED


def test_declining_takes_the_order_back_out_with_the_reason(game):
    game.propose("us", joint(game))
    done = game.answer("jp", 1, Answer.DECLINE, "the cabinet can't take on the cost")
    assert done.standing == Standing.DECLINED and done.answer_reason == "the cabinet can't take on the cost"
    assert game.pending["us"] == []


def test_a_counter_answers_the_proposal_and_opens_one_the_other_way(game):
    first, other = joint(game, 0), joint(game, 1)
    game.propose("us", first)
    counter = game.answer("jp", 1, "counter", "rather this", other)
    assert (counter.number, counter.by, counter.to, counter.counters) == (2, "jp", ("us",), 1)
    assert game.negotiation.get(1).standing == Standing.COUNTERED and game.negotiation.get(1).countered_by == 2
    assert game.pending == {"us": [], "jp": [other], "cn": []}
    game.answer("us", 2, "accept")
    assert game.pending["us"] == [other] == game.pending["jp"]


def test_withdrawing_an_agreement_drops_the_order_for_both_and_the_other_sees_it(game):
    game.propose("us", joint(game))
    game.answer("jp", 1, "accept")
    game.withdraw("jp", 1, "new instructions from Tokyo")
    assert game.pending == {"us": [], "jp": [], "cn": []}
    seen = game.view("us").proposals[0]
    assert seen.standing == Standing.WITHDRAWN and seen.answered_by == "jp"
    assert seen.answer_reason == "new instructions from Tokyo"


def test_a_proposal_lapses_when_the_addressee_commits_and_at_resolution(game):
    game.propose("us", joint(game))
    game.commit("jp")
    assert game.negotiation.get(1).standing == Standing.LAPSED and game.pending["us"] == []
    game2 = Game.new("crossroads_2025", 3, PEOPLE)
    game2.propose("us", joint(game2))
    game2.commit("us")  # the proposer may commit and wait for the answer
    assert game2.negotiation.get(1).standing == Standing.OPEN
    game2.answer("jp", 1, "accept")
    assert game2.pending["us"] == game2.pending["jp"] != []
    game3 = Game.new("crossroads_2025", 3, PEOPLE)
    game3.propose("jp", joint(game3, faction="jp"))
    for f in ("jp", "cn"):
        game3.commit(f)
    game3.committed.add("us")  # everyone committed without the United States answering: resolution lapses it
    game3.resolve()
    assert game3.history[-1].negotiation[0].standing == Standing.LAPSED
    assert game3.history[-1].orders["jp"] == ()


def test_undo_will_not_drop_a_proposed_or_agreed_order(game):
    order = joint(game)
    game.propose("us", order)
    with pytest.raises(IllegalOrderError, match="its proposal to Japan; withdraw the proposal to drop it") as err:
        game.undo("us")
    assert err.value.reason == Reason.HELD
    game.answer("jp", 1, "accept")
    with pytest.raises(IllegalOrderError, match="its agreement with United States; withdraw the agreement"):
        game.undo("jp")


@pytest.mark.parametrize("call, message, reason", [
    (lambda g: g.propose("us", "us.press_defense"), "is not a joint move; only joint moves are proposed",
     Reason.NOT_JOINT),
    (lambda g: g.propose("cn", joint(g)), "China: ", Reason.NOT_YOURS),
    (lambda g: g.answer("jp", 7, "accept"), "no open proposal 7 waits for its answer (none is open)",
     Reason.NO_PROPOSAL),
    (lambda g: g.withdraw("cn", 1), "no proposal 1 this turn that it is party to", Reason.NO_PROPOSAL),
])
def test_refusals_name_the_reason_and_change_nothing(game, call, message, reason):
    before = ({f: list(v) for f, v in game.pending.items()}, list(game.negotiation))
    with pytest.raises(IllegalOrderError, match=re.escape(message)) as err:
        call(game)
    assert err.value.reason == reason
    assert ({f: list(v) for f, v in game.pending.items()}, list(game.negotiation)) == before


def test_answering_the_wrong_way_is_refused_with_the_choices(game):
    order = joint(game)
    game.propose("us", order)
    with pytest.raises(IllegalOrderError, match=r"no open proposal 1 waits for its answer \(none is open\)"):
        game.answer("us", 1, "accept")  # the proposer does not answer its own
    with pytest.raises(ArgumentError, match="an answer is accept, decline, counter, not str 'maybe'"):
        game.answer("jp", 1, "maybe")
    with pytest.raises(ArgumentError, match="a counter-proposal names the joint move"):
        game.answer("jp", 1, "counter")
    with pytest.raises(IllegalOrderError, match="that is the move proposed; accept it instead"):
        game.answer("jp", 1, "counter", "", order)
    with pytest.raises(IllegalOrderError, match="proposal 1 is waiting for its answer; decline it instead"):
        game.withdraw("jp", 1)
    game.commit("us")
    with pytest.raises(IllegalOrderError, match="Japan has already committed|orders are already committed"):
        game.withdraw("us", 1)
    game.answer("jp", 1, "decline")
    with pytest.raises(IllegalOrderError, match="proposal 1 is declined; only an open proposal or an agreement"):
        game.withdraw("jp", 1)


def test_a_proposal_to_a_partner_that_has_committed_is_refused(game):
    game.commit("jp")
    with pytest.raises(IllegalOrderError, match="Japan has already committed its orders this turn, so it cannot "
                                                "answer a proposal"):
        game.propose("us", joint(game))
    assert game.pending["us"] == []


def test_taking_a_turn_back_brings_its_agreements_back(game):
    order = joint(game)
    game.propose("us", order)
    game.answer("jp", 1, "accept")
    game.play_turn({})
    game.undo_turn("try again")
    assert game.negotiation.get(1).standing == Standing.ACCEPTED
    with pytest.raises(IllegalOrderError, match="withdraw the agreement"):
        game.undo("us")


def test_bots_answer_a_persons_proposal_at_once_and_keep_the_deal_when_they_fill():
    game = Game.new("crossroads_2025", 3, {"us": "human", "jp": "greedy", "cn": "greedy"})
    order = joint(game)
    jp = Scripted(reply=Reply(Answer.ACCEPT, "yes"))
    game.propose("us", order)
    negotiate(game, {"jp": jp, "cn": Scripted()})
    assert jp.asked == [1] and game.negotiation.get(1).standing == Standing.ACCEPTED
    play_bot_seats(game, {"jp": jp, "cn": Scripted()})
    assert game.pending["jp"] == [order] and "jp" in game.committed


def test_a_bot_counter_to_a_bots_counter_is_a_decline():
    game = Game.new("crossroads_2025", 3, {"us": "random", "jp": "random", "cn": "human"})
    first, second, third = joint(game, 0), joint(game, 1), joint(game, 2)
    us = Scripted(offer=(first, "first"), reply=Reply(Answer.COUNTER, "no, the third", third))
    jp = Scripted(reply=Reply(Answer.COUNTER, "rather the second", second))
    negotiate(game, {"us": us, "jp": jp})
    standings = [(p.number, p.by, p.standing) for p in game.negotiation]
    assert standings == [(1, "us", Standing.COUNTERED), (2, "jp", Standing.DECLINED)]
    assert game.negotiation.get(2).answer_reason == "no, the third"
    assert game.pending["us"] == game.pending["jp"] == []


def test_a_bot_proposal_to_a_person_waits_for_their_answer():
    game = Game.new("crossroads_2025", 3, {"us": "random", "jp": "human", "cn": "human"})
    order = joint(game)
    us = Scripted(offer=(order, "let's build trust"))
    negotiate(game, {"us": us})
    negotiate(game, {"us": us})  # a bot proposes once a turn
    assert [p.standing for p in game.negotiation] == [Standing.OPEN]
    assert game.view("jp").proposals[0].reason == "let's build trust"


def test_one_open_proposal_at_a_time_then_another_after_an_answer(game):
    game.propose("us", joint(game, 0))
    with pytest.raises(IllegalOrderError, match="its proposal 1 is still waiting for an answer; withdraw it before"):
        game.propose("us", joint(game, 0))
    game.answer("jp", 1, "decline")
    assert game.propose("us", joint(game, 0)).number == 2


def test_a_bot_does_not_propose_to_a_partner_that_has_committed():
    game = Game.new("crossroads_2025", 3, {"us": "random", "jp": "human", "cn": "human"})
    game.commit("jp")
    negotiate(game, {"us": Scripted(offer=(joint(game), "too late"))})
    assert list(game.negotiation) == [] and game.pending["us"] == []
