"""A condition whose value is NaN at run time never holds: a `when:` is false, a `requires:` makes the move
unavailable — in the native code, the kernel's legality test, the Python evaluator, the bots and their rollouts."""

from pathlib import Path

import numpy as np
import pytest

from game.ai import seat_policy
from game.ai.batch import Policy, policy_orders
from game.engine import state as engine
from game.engine.kernel import prerequisites, scratch
from game.engine.layout import FIRED, Cause, Legality
from game.engine.tables import Slot, lowered
from game.rules import expressions as ex
from game.scenarios import load_rules
from game.session.game import Game
from game.session.orders import IllegalOrderError, Reason

NAN_SCENARIO = Path(__file__).parent / "fixtures" / "nan_scenario.yaml"


@pytest.fixture(scope="module")
def rules():
    return load_rules(NAN_SCENARIO)


def _action(rules, move):
    return rules.action_index[(move, None)]


def test_the_fixtures_conditions_are_nan_when_evaluated(rules):
    gamble = rules.actions[_action(rules, "jp.gamble")]
    prog = int(rules.tables.act_requires[gamble.index])
    x = np.array(rules.tables.track_start, dtype=np.float64)
    value = ex.evaluate(rules.tables.programs[prog], x, np.zeros(64), 1.0)
    assert value != value  # NaN
    assert not ex.holds(value) and ex.holds(1.0) and ex.holds(-0.5) and not ex.holds(0.0)
    single = engine.SingleGame(rules)
    native = single.value(engine.new_state(rules, [0]), prog)
    assert native != native  # the native code computes the same NaN


def test_a_nan_requires_makes_the_move_unavailable_in_the_kernel(rules):
    state = engine.new_state(rules, np.arange(200))
    single = engine.SingleGame(rules)
    jp, gamble = rules.faction_index["jp"], _action(rules, "jp.gamble")
    free = np.full(rules.max_orders, -1, dtype=np.int64)
    assert single.check(state.game(0), jp, free, gamble) == Legality.REQUIREMENT_NOT_A_NUMBER
    assert single.check(state.game(0), jp, free, _action(rules, "jp.reform")) == Legality.OK  # a number: it holds
    ti, tf = lowered(rules)
    wf, wi = scratch(ti)
    prerequisites(ti, tf, state.x[0], state.ints[0], wf, wi)
    assert wi[ti[Slot.WI_PREREQS] + gamble] == 0 and wi[ti[Slot.WI_PREREQS] + _action(rules, "jp.reform")] == 1
    orders = engine.empty_orders(rules, state.games)
    codes = engine.add_order(rules, state, orders, jp, gamble)
    assert (codes == Legality.REQUIREMENT_NOT_A_NUMBER).all() and (orders == -1).all()
    for _ in range(rules.n_turns):  # random legal orders never pick it
        chosen = engine.random_orders(rules, state)
        assert not (chosen == gamble).any()
        engine.resolve(rules, state, chosen)
    assert np.isfinite(state.x).all()


def test_a_nan_when_is_false_for_an_effect_a_rule_and_a_triggered_event(rules):
    single = engine.SingleGame(rules)
    us, hedge = rules.faction_index["us"], _action(rules, "us.hedge")
    guarded = next(e for e, info in enumerate(rules.effects) if info.owner_id == "us.hedge" and info.track == "alliance")
    game = engine.new_state(rules, [3])
    before = game.x[0].copy()
    orders = engine.empty_orders(rules)
    orders[0, us, 0] = hedge
    entries, amounts = single.resolve(game, orders, explain=True)
    refs = {(int(kind), int(ref)) for kind, ref, _, _ in entries}
    assert (int(Cause.ORDER), guarded) not in refs  # the effect whose `when` is NaN did not apply
    assert any(kind == Cause.ORDER and rules.effects[ref].owner_id == "us.hedge" for kind, ref in refs)  # its sibling did
    rule_rows = {e for e, info in enumerate(rules.effects) if info.owner_id == "rule.undefined"}
    assert not {ref for kind, ref in refs if kind == Cause.RULE} & rule_rows
    soft = rules.track_index["cn.soft_power"]
    assert game.x[0, soft] == before[soft]  # rule.undefined would have added 30
    state = engine.new_state(rules, np.arange(300))
    engine.rollout(rules, state)
    assert (state.ints[:, FIRED + rules.event_index["ev.undefined"]] == 0).all()
    assert (state.ints[:, FIRED + rules.event_index["ev.crisis"]] > 0).any()  # triggered events with a number do fire


def test_the_session_refuses_the_move_saying_its_requirement_is_not_a_number():
    game = Game.new(NAN_SCENARIO, seed=1)
    with pytest.raises(IllegalOrderError, match=r"^Japan: Gamble is not available: its requirement cannot be evaluated "
                                                r"now \(its value is not a number\)$") as info:
        game.submit("jp", "jp.gamble")
    assert info.value.reason == Reason.PREREQUISITE
    assert "jp.gamble" not in {o.move for o in game.desk("jp").legal_orders()}


# a search whose rollouts play three turns (the later two with every faction greedy), with few dice samples to stay
# quick
SEARCH_3_TURNS = (int(Policy.SEARCH), 2, 4, 3)


@pytest.mark.parametrize("spec", ["search", "greedy", "random"])  # the mini pack writes no doctrines
def test_bots_and_the_searchs_rollouts_never_order_a_move_whose_requires_is_nan(rules, spec):
    chosen = [SEARCH_3_TURNS if spec == "search" else seat_policy(spec, rules, f.id) for f in rules.factions]
    state = engine.new_state(rules, np.arange(6 if spec == "search" else 200))
    gamble = _action(rules, "jp.gamble")
    for _ in range(rules.n_turns):
        orders = policy_orders(rules, state, chosen)
        assert not (orders == gamble).any()
        engine.resolve(rules, state, orders)
    assert np.isfinite(state.x).all()
