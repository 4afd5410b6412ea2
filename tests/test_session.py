"""The session API: orders refused with their reason and nothing changed, undo/commit, views, joint moves."""

import copy

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.session.game import Game
from game.session.orders import IllegalOrderError, Order, Reason, SessionError
from tests.conftest import MINI


def snapshot(game: Game):
    return (game.state.x.copy(), game.state.ints.copy(), copy.deepcopy(game.pending), set(game.committed),
            len(game.history))


def same(a, b) -> bool:
    return np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]) and a[2:] == b[2:]


@pytest.fixture
def game():
    return Game.new(MINI, seed=7)


@pytest.mark.parametrize("faction, orders, reason, message", [
    ("us", ["us.nonsense"], Reason.UNKNOWN_MOVE, "United States: unknown move 'us.nonsense'"),
    ("us", ["us.press_defence"], Reason.UNKNOWN_MOVE, "did you mean 'us.press_defense'?"),
    ("us", ["jp.reform"], Reason.NOT_YOURS, "United States: Reform is a move of Japan, not United States"),
    ("us", ["us.trade_deal"], Reason.TARGET, "Trade deal needs a region target, one of Vietnam (got no target)"),
    ("us", ["us.trade_deal@narnia"], Reason.TARGET, "unknown target 'narnia' for Trade deal (one of Vietnam)"),
    ("us", ["us.trade_deal@vietnm"], Reason.TARGET, "unknown target 'vietnm' for Trade deal — did you mean 'vietnam'?"),
    ("jp", ["jp.lobby@vietnam"], Reason.TARGET, "Japan: Lobby takes no target (got 'vietnam')"),
    ("us", ["us.press_defense", "us.press_defense"], Reason.DUPLICATE,
     "United States: Press Japan on defense is already among this turn's orders"),
    ("us", ["us.press_defense", "us.big_push"], Reason.ACTION_POINTS,
     "United States: Big push costs 2 action points but only 1 of 2 are left this turn"),
    ("us", ["us.big_push", "us.press_defense"], Reason.ACTION_POINTS,
     "Press Japan on defense costs 1 action point but only 0 of 2 are left this turn"),
    ("cn", ["cn.bid", "cn.bid"], Reason.DUPLICATE, "China: CPTPP bid is already among"),
    ("xx", ["us.press_defense"], Reason.UNKNOWN_FACTION, "unknown faction 'xx' (factions: us, jp, cn)"),
])
def test_illegal_orders_are_refused_with_the_reason_and_change_nothing(game, faction, orders, reason, message):
    *first, last = orders
    for order in first:
        game.submit(faction, order)
    before = snapshot(game)
    with pytest.raises(IllegalOrderError) as info:
        game.submit(faction, last)
    assert info.value.reason == reason
    assert message in str(info.value)
    assert same(before, snapshot(game))


def test_budget_and_prerequisite_refusals(game):
    game.state.x[0, game.rules.track_index["cn.budget"]] = 2
    with pytest.raises(IllegalOrderError, match=r"^China: CPTPP bid costs 3 budget but only 2 of Chinese budget is left$") \
            as info:
        game.submit("cn", "cn.bid")
    assert info.value.reason == Reason.BUDGET
    game.state.x[0, game.rules.track_index["jp.stability"]] = 20
    with pytest.raises(IllegalOrderError, match="^Japan: Reform is not available: needs stability of at least 30$") \
            as info:
        game.submit("jp", "jp.reform")
    assert info.value.reason == Reason.PREREQUISITE


def test_undo_commit_and_phase_errors(game):
    with pytest.raises(IllegalOrderError, match="no order to undo") as info:
        game.undo("us")
    assert info.value.reason == Reason.NOTHING_TO_UNDO
    game.submit("us", "us.press_defense")
    assert game.undo("us") == Order("us.press_defense")
    game.submit("us", "us.press_defense")
    game.commit("us")
    with pytest.raises(IllegalOrderError, match="already committed") as info:
        game.submit("us", "us.trade_deal@vietnam")
    assert info.value.reason == Reason.PHASE
    with pytest.raises(IllegalOrderError, match="already committed"):
        game.undo("us")
    with pytest.raises(SessionError, match="waiting for jp, cn to commit"):
        game.resolve()
    game.commit("jp")
    game.commit("cn")
    report = game.resolve()
    assert report.orders["us"] == (Order("us.press_defense"),)
    assert game.turn == 2 and game.committed == set() and game.orders_of("us") == ()


def test_play_turn_is_all_or_nothing(game):
    before = snapshot(game)
    with pytest.raises(IllegalOrderError, match="unknown move"):
        game.play_turn({"us": ["us.press_defense"], "jp": ["jp.nope"]})
    assert same(before, snapshot(game))


def test_views_never_show_another_factions_pending_orders(game):
    game.submit("us", "us.press_defense")
    game.submit("jp", "jp.lobby")
    game.commit("jp")
    view = game.view("cn")
    assert view.own_orders == ()
    assert view.committed == frozenset({"jp"})
    text = repr(view.__dict__.get("own_orders")) + repr(view.history) + repr(view.tracks)
    assert "press_defense" not in text and "lobby" not in text
    assert game.view("us").own_orders == (Order("us.press_defense"),)
    legal = game.desk("cn").legal_orders()
    assert legal and all(o.move.startswith(("cn.",)) for o in legal)


def test_private_tracks_are_visible_to_their_owner_only(game):
    from game.session.view import visible

    assert visible("jp.secret", False, "jp") and not visible("jp.secret", False, "us")
    assert visible("alliance", True, "cn")


def test_joint_move_needs_every_partner(game):
    alone = game.play_turn({"us": ["joint.framework"]})
    assert alone.change("vietnam.us.trade") is None
    assert any("United States ordered it but Japan did not" in note for note in alone.notes), alone.notes
    both = game.play_turn({"us": ["joint.framework"], "jp": ["joint.framework"]})
    change = both.change("vietnam.us.trade")
    assert change is not None and change.delta == 6
    assert change.causes[0].cause == "Framework (United States + Japan)"


def test_report_explains_each_change_and_its_sources(game):
    game.state.ints[0, 2] = -1  # no event
    report = game.play_turn({"us": ["us.press_defense"]})
    change = report.change("jp.stability")
    assert change.delta == -8
    assert [(c.cause, c.amount, c.sources) for c in change.causes] == [
        ("Press Japan on defense (United States)", -8.0, ("S0-17",))]


def test_a_track_held_at_its_bound_says_so(game):
    game.state.x[0, game.rules.track_index["alliance"]] = 99
    game.state.ints[0, 2] = -1
    report = game.play_turn({"us": ["us.press_defense"]})
    change = report.change("alliance")
    assert change.after == 100
    assert [c.kind for c in change.causes] == ["order", "limit"]
    assert sum(c.amount for c in change.causes) == pytest.approx(change.delta)


def test_seed_must_be_a_valid_number():
    with pytest.raises(ValueError, match="seed must be a whole number from 0"):
        Game.new(MINI, seed=-1)


# ---- property: legal_orders and submit agree; refusals never change the game ---------------

ACTIONS = st.lists(st.tuples(st.sampled_from(["us", "jp", "cn"]), st.sampled_from(["submit", "undo", "commit"]),
                             st.integers(0, 40)), max_size=25)


@given(ACTIONS, st.integers(0, 2**32))
def test_order_validation_agrees_with_legal_orders(steps, seed):
    game = Game.new(MINI, seed=seed)
    every = [Order(a.move.id, a.target) for a in game.rules.actions] + [Order("us.trade_deal"), Order("nope")]
    for faction, what, k in steps:
        before = snapshot(game)
        legal = game.legal_orders(faction)
        try:
            if what == "submit":
                order = every[k % len(every)]
                game.submit(faction, order)
                assert order in legal, f"{order} was accepted but not listed as legal"
            elif what == "undo":
                game.undo(faction)
            else:
                game.commit(faction)
        except IllegalOrderError as error:
            assert str(error)
            assert same(before, snapshot(game))
            if what == "submit":
                assert every[k % len(every)] not in legal
        # pending orders always respect action points and budgets
        for f in game.rules.factions:
            moves = [game.rules.moves[game.rules.move_index[o.move]] for o in game.pending[f.id]]
            assert sum(m.cost.ap for m in moves) <= f.action_points
            assert sum(m.cost.budget for m in moves) <= game.track(f.budget_track) + 1e-9
        if len(game.committed) == 3:
            game.resolve()


def test_a_rule_that_yields_nan_stops_the_turn_with_its_track_rule_and_expression(overflowing):
    from game.session.faults import RulesFaultError

    game = Game.new(overflowing, seed=3)
    game.play_turn({})
    turn, x, ints, history = game.turn, game.state.x.copy(), game.state.ints.copy(), len(game.history)
    for _ in range(2):  # explained or not, and again: the same refusal
        with pytest.raises(RulesFaultError) as err:
            game.play_turn({})
        assert str(err.value) == (
            "turn 2 cannot be resolved: track 'alliance' became nan, from rule 'rule.blowup' (Blow-up) "
            "('when: turn >= 2'; 'add: 1e308 * 1e308 - 1e308 * 1e308') added nan; an expression overflows or divides "
            "infinities — fix the rule (`validate --warnings` flags expressions that can overflow); the game is left "
            "as it was before the turn")
        assert isinstance(err.value, SessionError)
        assert game.turn == turn and len(game.history) == history
        assert (game.state.x == x).all() and (game.state.ints == ints).all()
        assert all(np.isfinite(v) for v in game.scores().values())
    with pytest.raises(RulesFaultError):
        game.resolve(explain=False)
    assert (game.state.x == x).all()


def test_a_derived_track_that_yields_nan_names_its_formula(tmp_path):
    from game.session.faults import RulesFaultError
    from tests.conftest import OVERFLOW, overflowing_copy

    game = Game.new(overflowing_copy(tmp_path, derive=OVERFLOW), seed=3)
    game.play_turn({})
    with pytest.raises(RulesFaultError, match=r"^turn 2 cannot be resolved: track 'calm' became nan, from its derive "
                       r"formula '100 - ecs.tension \+ \(1e308 \* 1e308 - 1e308 \* 1e308 if turn >= 2 else 0\)' gave nan"):
        game.play_turn({})
