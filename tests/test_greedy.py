"""The greedy one-turn-lookahead policy: legal, deterministic, the same in a batch as alone and in the
session's bot, blind to the game's own chance rolls, and better than random play."""

import numpy as np
import pytest

from game.ai import make_bot, play_bot_seats, seat_policy
from game.cli.commands import main
from game.engine import state as engine
from game.engine.layout import EMPTY, STATUS, Legality, Status
from game.ai.batch import Policy, policy_orders
from game.ai.greedy import greedy_choice
from game.engine.state import lookahead_seed
from game.engine.margins import WAR_LOSS
from game.engine.rng import PURPOSE_EFFECT, uniform
from game.scenarios import load_rules
from game.session.game import Game
from game.session.orders import Order
from tests.conftest import MINI

CROSSROADS = "crossroads_2025"
GREEDY_ALL = [Policy.GREEDY] * 3
BATCH = 130  # more than one parallel block of 64 games, so the parallel path runs too


@pytest.fixture(scope="module")
def crossroads():
    return load_rules(CROSSROADS)


def play_policies(rules, seeds, chosen, proposals=True):
    """Play a batch to the end with the given policies; yields (state before the turn, orders) each turn."""
    state = engine.new_state(rules, seeds)
    for _ in range(rules.n_turns):
        if not (state.ints[:, STATUS] == Status.RUNNING).any():
            return
        orders = policy_orders(rules, state, chosen, proposals=proposals)
        yield state.copy(), orders
        engine.resolve(rules, state, orders)


@pytest.mark.parametrize("scenario", [str(MINI), CROSSROADS])
def test_greedy_orders_are_legal(scenario):
    """Every greedy order passes the session's own legality check, added one at a time in slot order."""
    rules = load_rules(scenario)
    single = engine.SingleGame(rules)
    checked = 0
    for state, orders in play_policies(rules, np.arange(40), GREEDY_ALL):
        for g in range(state.games):
            game = state.game(g)
            for f in range(len(rules.factions)):
                slots = np.full(rules.max_orders, EMPTY, dtype=np.int64)
                for k, a in enumerate(orders[g, f]):
                    if a == EMPTY:
                        assert (orders[g, f, k:] == EMPTY).all(), "greedy fills slots in order"
                        break
                    assert single.check(game, f, slots, int(a)) == Legality.OK
                    slots[k] = a
                    checked += 1
    assert checked > 0


def test_all_random_policies_draw_exactly_what_random_orders_draws(crossroads):
    state = engine.new_state(crossroads, np.arange(BATCH))
    for _ in range(crossroads.n_turns):
        expected = engine.random_orders(crossroads, state)
        assert np.array_equal(policy_orders(crossroads, state, [Policy.RANDOM] * 3, proposals=False), expected)
        engine.resolve(crossroads, state, expected)


def test_keep_leaves_the_given_orders_and_fills_nothing(mini_rules):
    state = engine.new_state(mini_rules, np.arange(5))
    orders = engine.empty_orders(mini_rules, 5)
    orders[:, 0, 0] = mini_rules.action_index[("us.press_defense", None)]
    kept = policy_orders(mini_rules, state, [Policy.KEEP] * 3, orders.copy())
    assert np.array_equal(kept, orders)


def test_a_greedy_batch_equals_each_game_alone(crossroads):
    """Game k of a batch gets the orders the kernel's single-game greedy function gives it alone (without
    negotiating: the greedy fill by itself)."""
    chosen = [Policy.GREEDY, Policy.RANDOM, Policy.GREEDY]
    seeds = np.arange(7, 7 + BATCH)
    for state, orders in play_policies(crossroads, seeds, chosen, proposals=False):
        for g in range(0, state.games, 13):
            alone = policy_orders(crossroads, state.game(g), chosen, proposals=False)
            assert np.array_equal(alone[0], orders[g])
            for f in (0, 2):
                if state.status(g) != Status.RUNNING:
                    continue
                choice = greedy_choice(crossroads, state.x[g], state.ints[g], lookahead_seed(int(seeds[g]), f), f)
                assert np.array_equal(choice.slots, orders[g, f])


def test_the_greedy_bot_plays_what_the_batch_plays(crossroads):
    game = Game(crossroads, 5, {"us": "greedy", "jp": "doctrine", "cn": "greedy"})  # a partner that negotiates
    seats = [Policy.GREEDY, seat_policy("doctrine", crossroads, "jp"), Policy.GREEDY]  # as the kernel does
    while not game.is_over:
        expected = policy_orders(crossroads, game.state, seats)[0]
        reasons = play_bot_seats(game)
        for f in ("us", "cn"):
            slots = game._slots(f)
            assert np.array_equal(slots, expected[crossroads.faction_index[f]]), f"turn {game.turn}, {f}"
            assert reasons[f].startswith("greedy")
        game.resolve()


def test_greedy_is_deterministic_per_seed(mini_rules):
    runs = [[o for _, o in play_policies(mini_rules, np.arange(20), GREEDY_ALL)] for _ in range(2)]
    assert all(np.array_equal(a, b) for a, b in zip(*runs))


def test_each_added_order_raises_the_lookahead_margin(crossroads):
    """Greedy adds an order only if it beats adding nothing more: the margins rise strictly."""
    state = engine.new_state(crossroads, np.arange(30))
    for g in range(state.games):
        for f in range(3):
            choice = greedy_choice(crossroads, state.x[g], state.ints[g], lookahead_seed(g, f), f)
            assert len(choice.margins) == len(choice.added) + 1
            assert all(b > a for a, b in zip(choice.margins, choice.margins[1:]))
            assert all(m > WAR_LOSS for m in choice.margins)


# ---- fairness: the lookahead never sees the game's own dice ------------------------------------------


def test_the_lookahead_seed_is_a_mix_of_game_seed_and_faction():
    seeds = [0, 1, 2**40 + 3]
    looks = {lookahead_seed(s, f) for s in seeds for f in range(3)}
    assert len(looks) == 9, "each (seed, faction) pair gets its own lookahead seed"
    assert not looks & set(seeds), "never the game seed itself"


def test_the_game_seed_reaches_greedy_only_through_the_lookahead_seed(crossroads):
    """Two games in identical states but with different seeds: each gets exactly the orders the single-game
    function gives for its lookahead seed, and handing game 2's lookahead seed to game 1's state reproduces
    game 2's orders. So nothing else of the game seed (its effect rolls, its next event) enters the choice."""
    start = engine.new_state(crossroads, [11])
    for _ in range(2):
        engine.resolve(crossroads, start, engine.random_orders(crossroads, start))
    seeds = np.array([11, 987654321], dtype=np.uint64)
    twins = engine.BatchState(np.repeat(start.x, 2, axis=0), np.repeat(start.ints, 2, axis=0), seeds)
    orders = policy_orders(crossroads, twins, GREEDY_ALL)
    for f in range(3):
        for g in range(2):
            choice = greedy_choice(crossroads, twins.x[0], twins.ints[0], lookahead_seed(int(seeds[g]), f), f)
            assert np.array_equal(choice.slots, orders[g, f])
    turn = twins.turn(0)
    real_dice = [[uniform(s, turn, PURPOSE_EFFECT, e) for e in range(len(crossroads.effects))] for s in seeds]
    assert real_dice[0] != real_dice[1], "the two games' own chance rolls differ"


def test_greedy_follows_its_own_dice_not_the_games(mini_rules):
    """In the mini scenario China's CPTPP bid succeeds with chance 0.4 and is worth 10 points, so greedy China
    bids exactly when the bid succeeds in its lookahead. If it saw the game's dice it would bid exactly when
    the real bid succeeds; it does not: its bids and the real successes disagree both ways."""
    cn, bid = mini_rules.faction_index["cn"], mini_rules.action_index[("cn.bid", None)]
    member = mini_rules.track_index["cptpp.member.cn"]
    single = engine.SingleGame(mini_rules)
    seeds = np.arange(200)
    state = engine.new_state(mini_rules, seeds)
    orders = policy_orders(mini_rules, state, [Policy.KEEP, Policy.KEEP, Policy.GREEDY])

    def bid_succeeds(seed: int, dice_seed: int) -> bool:
        game = state.game(seed)
        game.seeds[0] = dice_seed
        alone = engine.empty_orders(mini_rules)
        alone[0, cn, 0] = bid
        single.resolve(game, alone)
        return game.x[0, member] == 1

    bids = np.array([bid in orders[s, cn] for s in seeds])
    real = np.array([bid_succeeds(s, s) for s in seeds])
    looked = np.array([bid_succeeds(s, lookahead_seed(s, cn)) for s in seeds])
    assert np.array_equal(bids, looked), "greedy bids exactly when its lookahead's bid succeeds"
    assert (bids & ~real).any() and (~bids & real).any(), "the real dice do not steer it"
    assert 0.2 < bids.mean() < 0.6, "about the bid's chance (0.4), as for any independent dice"


# ---- strength, and the bot in a headless game ----------------------------------------------------------


def test_greedy_beats_random_in_crossroads(crossroads):
    """Seated among random players, a greedy faction scores more and wins more often than a random one."""
    from game.analysis import run

    baseline = run(crossroads, 120, {}, seed=500)
    for f in ("us", "jp", "cn"):
        greedy = run(crossroads, 120, {f: "greedy"}, seed=500)
        assert greedy.scores[f] > baseline.scores[f] + 3, f
        assert greedy.win_share[f] > baseline.win_share[f] + 0.2, f


def test_the_greedy_bot_explains_its_choice(mini_rules):
    game = Game(mini_rules, 2, {"us": "greedy"})
    orders, reason = make_bot("greedy").choose(game.view("us"), game.desk("us"))
    assert orders and all(isinstance(o, Order) for o in orders)
    assert reason.startswith("greedy one-turn lookahead, its score minus the best rival's: ")
    first = game.rules.action_index[(orders[0].move, orders[0].target)]
    assert game.rules.action_name(first) in reason and "(ordering nothing: " in reason


def test_headless_play_with_a_greedy_seat(capsys):
    status = main(["play", "--headless", "--scenario", str(MINI), "--seed", "4", "--seats", "us=greedy,cn=greedy"])
    out, err = capsys.readouterr()
    assert status == 0 and err == ""
    assert "United States (greedy): " in out and "China (greedy): " in out and "Japan (random): " in out
    assert "== Game over ==" in out
