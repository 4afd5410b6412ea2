"""The faction View as plain, JSON-serializable data; the order desk; the one order checker; honest previews."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from game.ai import make_bot
from game.analysis.requests import AnalysisError, Force, check_force
from game.engine.state import lookahead_seed
from game.scenarios import list_scenarios
from game.session import checks
from game.session.game import Game
from game.session.orders import IllegalOrderError, Order, Reason
from game.session.report import Cause, EventInfo, SummaryItem, TrackChange, TurnReport
from game.session.briefing import Briefing, Upcoming
from game.session.scoring import ScoreLine
from game.session.view import View, ViewFormatError

from conftest import MINI

SCENARIOS = [s.id for s in list_scenarios()]
BIG_SEED = 7_345_678_901_234_567_891  # long enough that finding it in a view's text cannot be a coincidence
PLAIN = (str, int, float, bool, type(None), View, Order, EventInfo, TurnReport, TrackChange, Cause, SummaryItem,
         Briefing, Upcoming, ScoreLine)


def plain(value) -> bool:
    """Whether a value is made of JSON-like data and the session's own frozen records only."""
    if isinstance(value, (tuple, list, frozenset)):
        return all(plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if dataclasses.is_dataclass(value):
        return isinstance(value, PLAIN) and all(plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    return isinstance(value, PLAIN) and not isinstance(value, np.generic)


def check_views(game: Game, secrets: list[str], history: bool = True) -> None:
    """Every faction's view: plain data, a JSON round trip, no secret, no other faction's pending orders.

    `history=False` round-trips all but the history (unchanged since the last resolve, where it was checked).
    """
    for viewer in game.factions:
        view = game.view(viewer)
        doc = view.to_json()
        text = json.dumps(doc)
        trip = view if history else dataclasses.replace(view, history=())
        assert plain(trip), f"{viewer}'s view holds something that is not plain data"
        again = View.from_json(json.loads(text) if history else {**json.loads(text), "history": []})
        assert again == trip
        assert json.dumps(again.to_json()) == (text if history else json.dumps({**doc, "history": []}))  # key order
        for secret in secrets:
            assert secret not in text, f"{viewer}'s view gives away {secret}"
        pending = json.dumps({k: v for k, v in doc.items() if k != "history"})  # resolved turns are public
        shared = {m.id for m in game.rules.moves_of(viewer) if len(m.partners) > 1}
        for other in game.factions:
            if other == viewer:
                continue
            for order in game.orders_of(other):
                if order.move in shared:
                    assert view.partner_orders[order.move][other] == order.target
                else:
                    assert order.move not in pending, f"{viewer} sees {other}'s pending {order}"
        for move, by in view.partner_orders.items():
            assert move in shared and all(Order(move, t) in game.orders_of(p) for p, t in by.items())
        assert view.own_orders == game.orders_of(viewer)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_view_at_every_step_is_plain_json_and_keeps_every_secret(scenario):
    game = Game.new(scenario, BIG_SEED, {"us": "random", "jp": "greedy", "cn": "greedy"})
    secrets = [str(game.seed)] + [str(lookahead_seed(game.seed, k)) for k in range(len(game.factions))]
    check_views(game, secrets)
    while not game.is_over:
        for faction in game.factions:
            orders, _ = make_bot(game.seats[faction], game.rules, faction).choose(game.view(faction),
                                                                                 game.desk(faction))
            for order in orders:
                game.submit(faction, order)
                check_views(game, secrets, history=False)
            if orders:
                game.undo(faction)
                check_views(game, secrets, history=False)
                game.submit(faction, orders[-1])
            game.commit(faction)
            check_views(game, secrets, history=False)
        game.resolve()
        check_views(game, secrets)
    assert game.view("us").status in ("finished", "war") and game.view("us").over


def test_allies_see_their_shared_joint_orders_and_china_sees_none():
    game = Game.new("crossroads_2025", 12)
    game.submit("us", "joint.trusted_partners@vietnam")
    game.submit("jp", "joint.settle_friction")
    game.submit("jp", "jp.coalition_deal")
    game.submit("cn", "cn.coast_guard")
    us, jp, cn = (game.view(f) for f in ("us", "jp", "cn"))
    assert us.partner_orders["joint.settle_friction"] == {"jp": None}
    assert us.partner_orders["joint.trusted_partners"] == {}
    assert jp.partner_orders["joint.trusted_partners"] == {"us": "vietnam"}
    assert "jp.coalition_deal" not in json.dumps(us.to_json()) and "cn.coast_guard" not in json.dumps(us.to_json())
    china = json.dumps(cn.to_json())
    assert cn.partner_orders == {} and "joint." not in china and "vietnam\"" not in json.dumps(cn.partner_orders)
    assert "jp.coalition_deal" not in china


def test_a_view_is_a_copy_that_later_play_does_not_change():
    game = Game.new("tutorial", 3)
    game.submit("us", "us.press_defense")
    view = game.view("us")
    before = json.dumps(view.to_json())
    assert not any(isinstance(getattr(view, f.name), (Game, np.ndarray)) for f in dataclasses.fields(view))
    game.submit("us", "us.quad_exercise")
    for f in game.factions:
        game.commit(f)
    report = game.resolve()
    report.bot_reasons["us"] = "added after the view was taken"
    game.state.x[:] = 0
    assert json.dumps(view.to_json()) == before
    assert view.own_orders == (Order("us.press_defense"),) and view.turn == 1 and view.history == ()


def test_a_view_carries_what_rebuilds_the_simulation_state():
    game = Game.new("crossroads_2025", 5)
    game.play_turn({})
    view = game.view("cn")
    assert view.counters == {ev.id: int(game.state.ints[0, 3 + k]) for k, ev in enumerate(game.rules.events)}
    assert view.tracks == game.tracks() and view.n_turns == 8 and view.status == "running"
    assert view.seats == game.seats and view.event == game.event


def test_a_bad_view_document_is_refused_by_name():
    doc = Game.new("tutorial", 1).view("us").to_json()
    with pytest.raises(ViewFormatError, match="view: missing 'bot_seed'"):
        View.from_json({k: v for k, v in doc.items() if k != "bot_seed"})
    with pytest.raises(ViewFormatError, match="view: unknown 'seed'"):
        View.from_json({**doc, "seed": 1})
    with pytest.raises(ViewFormatError, match="status 'lost' is not one of running, finished, war"):
        View.from_json({**doc, "status": "lost"})


# ---- the order desk -----------------------------------------------------------------------------------


def test_the_desk_works_on_copies():
    game = Game.new("tutorial", 4)
    x = game.state.x.copy()
    desk = game.desk("us")
    look = desk.lookahead()
    look.x[:] = 0
    look.ints[:] = 0
    look.slots[:] = 0
    assert np.array_equal(game.state.x, x)
    assert desk.refusal(Order("us.press_defense")) is None  # its own copies are untouched too
    game.submit("us", "us.press_defense")
    assert desk.refusal(Order("us.press_defense")) is None  # a snapshot: the game went on without it
    assert game.desk("us").refusal(Order("us.press_defense")) == "Press Japan to spend more on defense is already " \
                                                                  "among this turn's orders"


def test_the_desk_lists_exactly_the_orders_the_game_accepts():
    game = Game.new("crossroads_2025", 8)
    for faction in game.factions:
        assert game.desk(faction).legal_orders() == game.legal_orders(faction)
        legal = game.legal_orders(faction)
        for order in legal[:3]:
            assert game.desk(faction).refusal(order) is None
        assert game.desk(faction).legal_orders(legal[:1]) == checks.legal_orders(
            game.rules, game.engine, game.state.x[0], game.state.ints[0], checks.slots_of(game.rules, legal[:1]),
            faction)


# ---- the one order checker ----------------------------------------------------------------------------


def refused(game: Game, faction: str, order: Order) -> tuple[Reason, str]:
    """The desk's message, checked against the game's (which only adds who was refused)."""
    message = game.desk(faction).refusal(order)
    with pytest.raises(IllegalOrderError) as info:
        game.check(faction, order)
    name = game.rules.factions[game.rules.faction_index[faction]].name
    assert str(info.value) == f"{name}: {message}"
    return info.value.reason, message


def test_action_points_are_refused_in_plain_words():
    game = Game.new("tutorial", 2)
    game.state.x[0, game.rules.track_index["us.budget"]] = 40
    for order in ("us.quad_exercise", "us.worker_relief", "us.universal_tariff"):
        game.submit("us", order)
    assert refused(game, "us", Order("us.press_defense")) == (
        Reason.ACTION_POINTS, "Press Japan to spend more on defense costs 1 action point but only 0 of 3 are left "
                              "this turn")


def test_budget_is_refused_with_at_most_one_decimal():
    game = Game.new("tutorial", 2)
    game.state.x[0, game.rules.track_index["us.budget"]] = 1.8999999999
    move = next(m for m in game.rules.moves_of("us") if m.cost.budget == 4 and m.target is None)
    assert refused(game, "us", Order(move.id)) == (
        Reason.BUDGET, f"{move.name} costs 4 budget but only 1.9 of U.S. budget is left")


@pytest.mark.parametrize("order, reason, message", [
    (Order("us.press_defence"), Reason.UNKNOWN_MOVE, "unknown move 'us.press_defence' — did you mean "
                                                     "'us.press_defense'?"),
    (Order("jp.coalition_deal"), Reason.NOT_YOURS, "Deal with opposition parties is a move of Japan, not United States"),
    (Order("us.trilateral"), Reason.TARGET, "Trilateral with Japan and a partner needs a region target, one of "
                                            "South Korea, Australia, Philippines (got no target)"),
    (Order("us.trilateral", "south_kora"), Reason.TARGET, "unknown target 'south_kora' for Trilateral with Japan and "
                                                          "a partner — did you mean 'south_korea'?"),
    (Order("us.press_defense", "japan"), Reason.TARGET, "Press Japan to spend more on defense takes no target "
                                                        "(got 'japan')"),
])
def test_each_kind_of_bad_order_has_its_message(order, reason, message):
    game = Game.new("tutorial", 2)
    got_reason, got = refused(game, "us", order)
    assert got_reason == reason and got.startswith(message), got


def test_the_analysis_refuses_a_forced_order_with_the_same_words():
    game = Game.new("tutorial", 2)
    for order in (Order("jp.coalition_deal"), Order("us.trilateral", "south_kora"), Order("us.press_defence")):
        with pytest.raises(AnalysisError) as info:
            check_force(game.rules, Force("us", order.move, order.target, 1))
        assert str(info.value).endswith(": " + game.desk("us").refusal(order))


def test_duplicate_prerequisite_committed_and_game_over():
    game = Game.new(MINI, seed=7)
    game.submit("us", "us.press_defense")
    assert refused(game, "us", Order("us.press_defense")) == (
        Reason.DUPLICATE, "Press Japan on defense is already among this turn's orders")
    game.state.x[0, game.rules.track_index["jp.stability"]] = 20
    assert refused(game, "jp", Order("jp.reform")) == (Reason.PREREQUISITE,
                                                       "Reform is not available: needs stability of at least 30")
    game.commit("cn")
    assert refused(game, "cn", Order("cn.bid")) == (Reason.PHASE, "orders are already committed for turn 1")
    assert game.desk("cn").legal_orders() == []
    while not game.is_over:
        game.play_turn({})
    assert refused(game, "us", Order("us.big_push")) == (Reason.GAME_OVER, "the game is over; no more orders")


def test_numbers_have_at_most_one_decimal():
    assert [checks.number(v) for v in (4, 4.0, 1.8999999, -0.04, 2.25, 10.0 / 3)] == ["4", "4", "1.9", "0", "2.2",
                                                                                       "3.3"]


# ---- previews ----------------------------------------------------------------------------------------


def test_a_preview_always_shows_the_headline_tracks_and_the_score():
    game = Game.new("tutorial", 2)
    x = game.state.x.copy()
    effect = game.desk("us").preview(Order("us.press_defense"))
    assert [c.track for c in effect.headline] == ["alliance", "jp.stability", "us.influence", "score"]
    names = {c.track: c.name for c in effect.headline}
    assert names["alliance"] == "U.S.–Japan alliance strength" and names["score"] == "United States score"
    heads = {c.track: c.delta for c in effect.headline}
    assert heads["alliance"] > 0 > heads["jp.stability"]  # the tutorial's lesson: a quick gain, a price in Tokyo
    assert heads["us.influence"] == pytest.approx(0)  # unchanged, and shown all the same
    assert 0 < len(effect.others) <= 8 and not {c.track for c in effect.others} & set(heads)
    sizes = [abs(c.delta) for c in effect.others]
    assert sizes == sorted(sizes, reverse=True)
    assert effect.without is None and effect.partners == ()
    assert np.array_equal(game.state.x, x)  # previewing changes nothing in the game
    json.dumps(effect.to_json())
    cn = game.desk("cn").preview(game.desk("cn").legal_orders()[0])
    assert [c.track for c in cn.headline] == ["alliance", "jp.stability", "cn.influence", "score"]


def test_a_preview_is_computed_for_its_target():
    desk = Game.new("tutorial", 2).desk("us")
    korea = desk.preview(Order("joint.trusted_partners", "south_korea"))
    taiwan = desk.preview(Order("joint.trusted_partners", "taiwan"))
    assert korea.target == "south_korea" and taiwan.target == "taiwan"
    assert "south_korea.us.trade" in {c.track for c in korea.others}
    assert "taiwan.us.trade" in {c.track for c in taiwan.others}
    assert "taiwan.us.trade" not in {c.track for c in korea.others}


def test_a_joint_preview_shows_the_effect_with_and_without_its_partners():
    game = Game.new("tutorial", 2, {"jp": "greedy"})
    order = Order("joint.trusted_partners", "south_korea")
    effect = game.desk("us").preview(order)
    with_, alone = {c.track: c.delta for c in effect.headline + effect.others}, {c.track: c.delta for c in effect.without}
    assert with_["alliance"] > 0 and alone["alliance"] == 0
    assert [c.track for c in effect.without[:4]] == ["alliance", "jp.stability", "us.influence", "score"]
    assert alone["us.budget"] < 0 and "south_korea.us.trade" not in alone  # alone it costs and does nothing
    [partner] = effect.partners
    assert (partner.faction, partner.name, partner.seat, partner.bot, partner.ordered) == \
        ("jp", "Japan", "greedy", True, False)
    game.submit("jp", order)
    assert game.desk("us").preview(order).partners[0].ordered
    assert not game.desk("us").preview(Order("joint.trusted_partners", "taiwan")).partners[0].ordered
    people = Game.new("tutorial", 2).desk("us").preview(order).partners[0]
    assert (people.seat, people.bot) == ("human", False)


def test_a_preview_of_a_refused_order_says_why():
    with pytest.raises(IllegalOrderError, match="unknown target 'narnia' for Trusted-partner trade framework"):
        Game.new("tutorial", 2).desk("us").preview(Order("joint.trusted_partners", "narnia"))


def test_the_view_carries_the_briefing_and_the_public_scores_by_term():
    game = Game.new("crossroads_2025", seed=3)
    view = game.view("jp")
    assert view.briefing.event is not None and view.briefing.event.id == view.event.id
    assert view.scores == game.scores()
    for faction, lines in view.score_breakdown.items():
        assert abs(sum(line.points for line in lines) - view.scores[faction]) < 0.01
    assert sorted(view.rank.values())[0].endswith("1st")
    doc = json.loads(json.dumps(view.to_json()))
    assert doc["briefing"]["event"]["name"] == view.event.name
    assert View.from_json(doc) == view
