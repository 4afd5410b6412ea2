"""The bots' negotiation round in the kernel: proposals, answers and counters by every bot, the proposals switch,
deals counted as completed, single games equal to batches, fairness, the doctrine `negotiation:` block's problems,
and the coordination A/B of issue 13 at a CI-sized seed count."""

import numpy as np
import pytest

from game.ai import make_bot, negotiate, play_bot_seats, seat_policy
from game.ai.batch import Policy, policy_orders
from game.ai.deals import ACCEPT, DECLINE, is_joint
from game.ai.doctrine import doctrine_index, doctrine_talk
from game.ai.greedy import greedy_choice
from game.engine import kernel, state as engine
from game.engine.layout import EMPTY
from game.engine.tables import lowered
from game.rules.problems import Problem
from game.scenarios import find_scenario as scenario_path, load_rules
from game.session.game import Game
from game.session.proposals import Answer, Standing

from tests.test_content_errors import PackCopy


@pytest.fixture(scope="module")
def crossroads():
    return load_rules(scenario_path("crossroads_2025"))


def action(rules, move, target=None):
    return rules.action_index[(move, target)]


def start(rules, seed=0):
    state = engine.new_state(rules, np.arange(seed, seed + 1))
    return state.x[0].copy(), state.ints[0].copy()


def jp_talk(rules, x, ints, proposal, slots=None):
    d = doctrine_index(rules, "jp", "")
    slots = np.full(rules.max_orders, EMPTY, dtype=np.int64) if slots is None else slots
    return doctrine_talk(rules, x, ints, 7, rules.faction_index["jp"], d, slots, proposal, rules.faction_index["us"])


def test_a_doctrine_accepts_a_joint_move_it_weighs_at_its_threshold(crossroads):
    x, ints = start(crossroads)
    assert jp_talk(crossroads, x, ints, action(crossroads, "joint.settle_friction")).code == ACCEPT


def test_a_weak_cabinet_counters_costly_joint_work_with_a_cheap_one(crossroads):
    x, ints = start(crossroads)
    x[crossroads.track_index["jp.stability"]] = 30
    talk = jp_talk(crossroads, x, ints, action(crossroads, "joint.infra_finance", "vietnam"))
    assert talk.code >= 0 and crossroads.actions[talk.code].move.id in {"joint.settle_friction",
                                                                      "joint.economic_dialogue", "joint.g7_standards"}


def test_a_doctrine_declines_what_it_cannot_afford_and_has_nothing_to_counter_with(crossroads):
    x, ints = start(crossroads)
    x[crossroads.track_index["jp.budget"]] = 0
    assert jp_talk(crossroads, x, ints, action(crossroads, "joint.settle_friction")).code == DECLINE


def test_the_reply_in_words_names_the_cabinets_reason_with_the_tracks_value(crossroads):
    game = Game.new("crossroads_2025", 3, {"us": "human", "jp": "doctrine", "cn": "human"})
    game.state.x[0, crossroads.track_index["jp.stability"]] = 38
    proposal = game.propose("us", next(o for o in game.legal_orders("us") if o.move == "joint.infra_finance"))
    reply = make_bot("doctrine", game.rules, "jp").answer(game.view("jp"), game.desk("jp"), proposal)
    assert reply.answer == Answer.COUNTER and reply.counter is not None
    assert "with stability at 38 the cabinet can't take on the cost" in reply.reason
    assert reply.reason.startswith("Japan declines")


def test_proposals_off_plays_as_before_and_a_doctrine_orders_joint_moves_alone(crossroads):
    state = engine.new_state(crossroads, np.arange(20))
    chosen = [seat_policy("doctrine", crossroads, f.id) for f in crossroads.factions]
    off = policy_orders(crossroads, state, chosen, proposals=False)
    us, jp = crossroads.faction_index["us"], crossroads.faction_index["jp"]
    lone = [(a in off[g, us]) != (a in off[g, jp]) for g in range(20) for a in off[g, us] if a >= 0
            and is_joint(lowered(crossroads).ti, a)]
    assert any(lone)  # the unmatched orders of issue 13
    on = policy_orders(crossroads, state, chosen)
    for g in range(20):
        for a in on[g, us]:
            if a >= 0 and crossroads.actions[a].move.id.startswith("joint."):
                assert a in on[g, jp]  # with proposals only agreed joint moves are ordered


def test_random_seats_with_proposals_off_draw_what_the_kernel_draws(crossroads):
    state = engine.new_state(crossroads, np.arange(50))
    expected = engine.random_orders(crossroads, state)
    assert np.array_equal(policy_orders(crossroads, state, [Policy.RANDOM] * 3, proposals=False), expected)


def test_a_keep_partner_neither_answers_nor_makes_a_deal(crossroads):
    state = engine.new_state(crossroads, np.arange(20))
    chosen = [seat_policy("doctrine", crossroads, "us"), Policy.KEEP, Policy.KEEP]
    orders = policy_orders(crossroads, state, chosen)
    assert (orders[:, 1:] == EMPTY).all()
    assert not any(crossroads.actions[a].move.id.startswith("joint.") for a in orders[:, 0].ravel() if a >= 0)


def test_at_most_one_deal_a_proposer_and_deals_placed_for_both(crossroads):
    state = engine.new_state(crossroads, np.arange(40))
    orders = policy_orders(crossroads, state, [seat_policy("doctrine", crossroads, f.id) for f in crossroads.factions])
    joint = np.vectorize(lambda a: a >= 0 and crossroads.actions[a].move.id.startswith("joint."))(orders)
    assert joint[:, 0].sum(axis=1).max() <= 2  # one proposal each: the U.S.'s and Japan's
    assert joint[:, 0].sum() == joint[:, 1].sum() > 0 and not joint[:, 2].any()


def _talkers(tmp_path):
    """The mini pack with a second joint move and doctrines that each propose the joint move the other weighs
    lowest: the U.S. proposes the framework, Japan counters with the summit, the U.S. counters back."""
    pack = PackCopy(tmp_path)
    summit = dict(pack.move("joint.framework"), id="joint.summit", name="Summit",
                  effects=[{"track": "vietnam.us.trade", "add": 2}])
    pack.content["moves"].append(summit)
    talk = {"propose": 1, "accept": 3}
    pack.content["doctrines"] = [
        {"id": "us.framer", "name": "Framer", "faction": "us", "sources": ["S0-19"], "otherwise": 1,
         "weights": {"joint.framework": 5, "joint.summit": 0}, "negotiation": talk},
        {"id": "jp.summiteer", "name": "Summiteer", "faction": "jp", "sources": ["S0-19"], "otherwise": 1,
         "weights": {"joint.framework": 0, "joint.summit": 5}, "negotiation": talk}]
    from game.rules.compiler import compile_file
    return compile_file(pack.write())


def test_a_counter_to_a_counter_is_a_decline_and_makes_no_deal(tmp_path):
    rules = _talkers(tmp_path)
    us, jp = rules.faction_index["us"], rules.faction_index["jp"]
    framework, summit = action(rules, "joint.framework"), action(rules, "joint.summit")
    state = engine.new_state(rules, np.arange(10))
    empty = np.full(rules.max_orders, EMPTY, dtype=np.int64)
    du, dj = doctrine_index(rules, "us", ""), doctrine_index(rules, "jp", "")
    x, ints = state.x[0], state.ints[0]
    assert doctrine_talk(rules, x, ints, 1, us, du, empty).code == framework
    assert doctrine_talk(rules, x, ints, 1, jp, dj, empty, framework, us).code == summit  # Japan counters
    assert doctrine_talk(rules, x, ints, 1, us, du, empty, summit, jp).code == framework  # the U.S. counters back
    orders = policy_orders(rules, state, [seat_policy("doctrine", rules, "us"), seat_policy("doctrine", rules, "jp"),
                                          Policy.KEEP])
    assert not np.isin(orders[:, [us, jp]], [framework, summit]).any()  # no deal, and no joint move ordered alone
    off = policy_orders(rules, state, [seat_policy("doctrine", rules, "us"), seat_policy("doctrine", rules, "jp"),
                                       Policy.KEEP], proposals=False)
    assert (off[:, us] == framework).any(axis=1).all()  # without proposals the U.S. orders it alone


def test_the_search_answers_in_a_single_game_as_in_the_batch(crossroads):
    answered = 0
    for seed in range(6):
        game = Game.new("crossroads_2025", seed, {"us": "doctrine", "jp": "search:easy", "cn": "human"})
        state = game.state.copy()
        negotiate(game)
        chosen = [seat_policy("doctrine", crossroads, "us"), seat_policy("search:easy", crossroads, "jp"), Policy.KEEP]
        orders = policy_orders(crossroads, state, chosen)
        us, jp = crossroads.faction_index["us"], crossroads.faction_index["jp"]
        for p in game.negotiation:
            a = crossroads.action_index[(p.order.move, p.order.target)]
            both = a in orders[0, us] and a in orders[0, jp]
            assert both == (p.standing == Standing.ACCEPTED), (seed, p)
            answered += p.answered_by == "jp"
    assert answered


def test_greedy_counts_a_deal_as_completed_in_its_lookahead(crossroads):
    x, ints = start(crossroads)
    us = crossroads.faction_index["us"]
    a = action(crossroads, "joint.settle_friction")
    slots = np.full(crossroads.max_orders, EMPTY, dtype=np.int64)
    slots[0] = a
    alone = greedy_choice(crossroads, x, ints, 11, us, slots)
    agreed = greedy_choice(crossroads, x, ints, 11, us, slots, np.array([a]))
    assert agreed.margins[0] != alone.margins[0]


@pytest.mark.parametrize("seats, deals", [(("doctrine", "doctrine", "doctrine"), True),
                                          (("greedy", "greedy", "doctrine"), False),  # no deal pays a greedy ally here
                                          (("doctrine", "greedy", "greedy"), False)])
def test_a_single_game_of_bots_plays_what_the_batch_plays(crossroads, seats, deals):
    game = Game.new("crossroads_2025", 6, dict(zip(("us", "jp", "cn"), seats)))
    state = game.state.copy()
    chosen = [seat_policy(s, crossroads, f.id) for s, f in zip(seats, crossroads.factions)]
    for _ in range(3):
        play_bot_seats(game)
        game.resolve(explain=False)
        engine.resolve(crossroads, state, policy_orders(crossroads, state, chosen))
    assert np.array_equal(state.x, game.state.x) and np.array_equal(state.ints, game.state.ints)
    made = [p for record in game.history for p in record.negotiation]
    assert any(p.standing == Standing.ACCEPTED for p in made) == deals


def test_bots_negotiate_deterministically_by_seed():
    def played(seed):
        game = Game.new("crossroads_2025", seed, {"us": "greedy", "jp": "doctrine", "cn": "greedy"})
        play_bot_seats(game)
        return [(p.by, p.order, p.standing, p.answer_reason) for p in game.negotiation]
    assert played(4) == played(4)


def test_an_answer_is_unchanged_when_chinas_pending_orders_change():
    replies = []
    for k in (0, 1):
        game = Game.new("crossroads_2025", 2, {"us": "human", "jp": "greedy", "cn": "human"})
        game.submit("cn", game.legal_orders("cn")[k])
        proposal = game.propose("us", next(o for o in game.legal_orders("us") if o.move == "joint.trusted_partners"))
        reply = make_bot("greedy", game.rules, "jp").answer(game.view("jp"), game.desk("jp"), proposal)
        replies.append((reply.answer, reply.reason, reply.counter))
    assert replies[0] == replies[1]


@pytest.mark.parametrize("edit, field, message, suggestion", [
    pytest.param(lambda d: d.update(negotiation={"propose": 1, "accept": 1, "rules": [
        {"moves": ["us.press_defense"], "add": 1, "why": "x"}]}), "negotiation.rules[0].moves[0]",
        "us.press_defense is not a joint move: a doctrine negotiates only moves with partners", None, id="not-joint"),
    pytest.param(lambda d: d.update(negotiation={"propose": 1, "accept": 1, "rules": [
        {"moves": ["joint.framwork"], "add": 1, "why": "x"}]}), "negotiation.rules[0].moves[0]",
        "unknown move 'joint.framwork'", "joint.framework", id="unknown-move"),
    pytest.param(lambda d: d.update(negotiation={"propose": 1, "accept": 1, "rules": [
        {"moves": ["joint.framework"], "add": 1, "why": "with stability at {jp.stabilty}"}]}),
        "negotiation.rules[0].why", "{jp.stabilty} names no track (a placeholder is filled with a track's value)",
        "jp.stability", id="placeholder"),
])
def test_negotiation_block_problems(tmp_path, edit, field, message, suggestion):
    pack = PackCopy(tmp_path)
    doctrine = {"id": "us.talker", "name": "Talker", "faction": "us", "sources": ["S0-19"]}
    edit(doctrine)
    pack.content["doctrines"] = [doctrine]
    assert pack.problem() == Problem(pack.content_file, "doctrine us.talker", field, message, suggestion)


def test_a_joint_move_of_other_partners_is_a_problem(tmp_path):
    pack = PackCopy(tmp_path)
    pack.content["doctrines"] = [{"id": "cn.talker", "name": "Talker", "faction": "cn", "sources": ["S0-19"],
                                  "negotiation": {"propose": 1, "accept": 1, "rules": [
                                      {"moves": ["joint.framework"], "add": 1, "why": "x"}]}}]
    assert pack.problem() == Problem(pack.content_file, "doctrine cn.talker", "negotiation.rules[0].moves[0]",
                                     "joint.framework is a joint move of us and jp; cn is not a partner")


def test_an_unknown_key_in_the_negotiation_block_is_refused(tmp_path):
    pack = PackCopy(tmp_path)
    pack.content["doctrines"] = [{"id": "us.talker", "name": "Talker", "faction": "us", "sources": ["S0-19"],
                                  "negotiation": {"propose": 1, "acept": 1}}]
    assert pack.problems() == [
        Problem(pack.content_file, "doctrine us.talker", "negotiation.accept", "required field is missing"),
        Problem(pack.content_file, "doctrine us.talker", "negotiation.acept", "unknown key 'acept'", "accept")]


def _ab(rules, seats, n):
    """Paired (proposals on - off) final alliance and U.S.+Japan win, per game."""
    chosen = [seat_policy(s, rules, f.id) for s, f in zip(seats, rules.factions)]
    out = []
    for proposals in (False, True):
        state = engine.new_state(rules, np.arange(n))
        for _ in range(rules.n_turns):
            engine.resolve(rules, state, policy_orders(rules, state, chosen, proposals=proposals))
        scores = engine.scores(rules, state)
        out.append((state.x[:, rules.track_index["alliance"]], (scores.argmax(axis=1) <= 1).astype(float)))
    return out[1][0] - out[0][0], out[1][1] - out[0][1]


@pytest.mark.parametrize("scenario", ["crossroads_2025", "article_ii_2018"])
def test_coordination_pays_with_doctrine_seats(scenario):
    rules = load_rules(scenario_path(scenario))
    alliance, allied = _ab(rules, ["doctrine"] * 3, 200)
    for diff in (alliance, allied):
        assert diff.mean() > 2 * diff.std() / np.sqrt(len(diff))


@pytest.mark.parametrize("scenario", ["crossroads_2025", "article_ii_2018"])
def test_coordination_pays_with_greedy_seats(scenario):
    """Greedy allies who may negotiate end with a stronger alliance and win more games between them than greedy
    allies who may not, on the same 1,000 seeds (a greedy batch is fast enough for that many)."""
    rules = load_rules(scenario_path(scenario))
    alliance, allied = _ab(rules, ["greedy"] * 3, 1000)
    for diff in (alliance, allied):
        assert diff.mean() > 2 * diff.std() / np.sqrt(len(diff))


def test_greedy_agrees_to_a_deal_that_widens_its_lead_over_china_without_putting_its_partner_ahead(crossroads):
    """A greedy seat weighs a deal beside the plan it expects its partner to fill without it: at the start of
    crossroads_2025 the U.S. proposes its best trusted-partner framework, which would put the U.S. further ahead of
    Japan than the U.S.'s own orders would, so Japan declines it, and says so."""
    from game.ai.greedy import DEAL_SLACK, _deal_words, greedy_talk
    x, ints = start(crossroads)
    us, jp = crossroads.faction_index["us"], crossroads.faction_index["jp"]
    empty, none = np.full(crossroads.max_orders, EMPTY, dtype=np.int64), np.array([], dtype=np.int64)
    talk = greedy_talk(crossroads, x, ints, 5, us, empty, none)
    assert talk.code >= 0 and talk.deals[talk.code] == max(talk.deals.values()) > 0
    assert crossroads.actions[talk.code].move.id == "joint.trusted_partners"
    assert _deal_words(crossroads, talk, talk.code).startswith("as a deal its lead over China would be +")
    answered = 0
    for a in sorted(talk.deals, key=talk.deals.get, reverse=True)[:6]:
        answer = greedy_talk(crossroads, x, ints, 5, jp, empty, none, a, us)
        gain, shift = answer.deals[a], answer.shifts[a]
        assert (answer.code == ACCEPT) == (gain > 0)
        assert (shift < -DEAL_SLACK) == (gain < 0 and gain == pytest.approx(shift + DEAL_SLACK))
        assert shift == pytest.approx(-talk.shifts[a], abs=0.3)  # what one ally gains on the other, the other loses
        if shift < -DEAL_SLACK:
            answered += 1
            assert _deal_words(crossroads, answer, a) == (
                f"it would put United States {-shift:.2f} further ahead of it than without the deal")
    assert answered


def test_greedy_seats_that_make_no_deal_play_as_without_proposals(crossroads):
    """The round's plans are the ones the seats fill with: where no deal was made the orders are the same."""
    state = engine.new_state(crossroads, np.arange(40))
    for _ in range(3):
        on = policy_orders(crossroads, state, [Policy.GREEDY] * 3)
        off = policy_orders(crossroads, state, [Policy.GREEDY] * 3, proposals=False)
        joint = np.vectorize(lambda a: a >= 0 and crossroads.actions[a].move.id.startswith("joint."))(on)
        quiet = ~joint.any(axis=(1, 2))
        assert quiet.any() and np.array_equal(on[quiet], off[quiet])
        engine.resolve(crossroads, state, on)
