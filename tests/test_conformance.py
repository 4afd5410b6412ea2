"""Generic checks over every scenario (shipped and test fixture): seeded random play keeps every
track in bounds and finite, replays identically, agrees bit for bit between a batch and a game
alone, survives a save/load round trip mid-game, and refuses orders once finished."""

import numpy as np
import pytest

from game.ai import play_bot_seats
from game.engine import state as engine
from game.engine.layout import Status
from game.scenarios import list_scenarios, load_rules
from game.session import saves
from game.session.game import Game
from game.session.orders import IllegalOrderError, Order, Reason
from tests.conftest import MINI

SCENARIOS = [str(MINI)] + [e.id for e in list_scenarios()]
ALL_RANDOM = {"us": "random", "jp": "random", "cn": "random"}


def play_out(game: Game, turns: int | None = None) -> None:
    played = 0
    while not game.is_over and (turns is None or played < turns):
        play_bot_seats(game)
        game.resolve()
        played += 1


@pytest.fixture(params=SCENARIOS)
def rules(request):
    return load_rules(request.param)


def test_random_batch_stays_in_bounds_and_finite(rules):
    state = engine.new_state(rules, np.arange(400))
    lo, hi = rules.tables.track_min, rules.tables.track_max
    for _ in range(rules.n_turns + 1):
        assert np.isfinite(state.x).all()
        assert (state.x >= lo).all() and (state.x <= hi).all()
        engine.resolve(rules, state, engine.random_orders(rules, state))
    assert (state.ints[:, 1] != Status.RUNNING).all(), "every game ends within its turn count"
    scores = engine.scores(rules, state)
    assert np.isfinite(scores).all()


def test_derived_tracks_always_equal_their_definition(rules):
    """Derived tracks are recomputed incrementally; after every turn they equal a full recomputation."""
    state = engine.new_state(rules, np.arange(50))
    single = engine.SingleGame(rules)
    derived = rules.tables.derived_track
    assert len(derived) == sum(t.derived for t in rules.tracks)
    for _ in range(rules.n_turns):
        engine.resolve(rules, state, engine.random_orders(rules, state))
        for k in range(state.games):
            game = state.game(k)
            single.derive(game)
            assert np.array_equal(game.x[0, derived], state.x[k, derived]), "a derived track went stale"


def test_same_seed_and_orders_give_the_same_trajectory(rules):
    one = Game(rules, 11, ALL_RANDOM)
    two = Game(rules, 11, ALL_RANDOM)
    play_out(one)
    play_out(two)
    assert len(one.history) == len(two.history)
    for a, b in zip(one.history, two.history):
        assert a.orders == b.orders
        assert np.array_equal(a.x, b.x) and np.array_equal(a.ints, b.ints)
    assert one.scores() == two.scores()


def test_game_k_of_a_batch_equals_the_same_game_alone(rules):
    seeds = np.array([5, 17, 2**40 + 3, 99, 12345678901])
    batch = engine.new_state(rules, seeds)
    alone = [engine.new_state(rules, [s]) for s in seeds]
    single = engine.SingleGame(rules)
    for _ in range(rules.n_turns):
        orders = engine.random_orders(rules, batch)
        for k, game in enumerate(alone):
            assert np.array_equal(game.x[0], batch.x[k]) and np.array_equal(game.ints[0], batch.ints[k])
            single.resolve(game, orders[k : k + 1], explain=(k % 2 == 0))
        engine.resolve(rules, batch, orders)
    for k, game in enumerate(alone):
        assert np.array_equal(game.x[0], batch.x[k]), f"game {k} diverged from its batch twin"


def test_the_explanation_of_a_turn_adds_up_to_every_change(rules):
    """Per track, the recorded amounts (orders, costs, events, rules, bounds, derivation) sum to the change."""
    state = engine.new_state(rules, np.arange(30, 36))
    single = engine.SingleGame(rules)
    for _ in range(rules.n_turns):
        orders = engine.random_orders(rules, state)
        for k in range(state.games):
            game = state.game(k)
            if game.status() != Status.RUNNING:
                continue
            before = game.x[0].copy()
            entries, amounts = single.resolve(game, orders[k : k + 1], explain=True)
            explained = np.zeros_like(before)
            tracked = entries[:, 3] >= 0
            np.add.at(explained, entries[tracked, 3], amounts[tracked])
            change = game.x[0] - before
            assert np.allclose(explained, change, rtol=0, atol=1e-9), [
                (rules.tracks[t].id, change[t], explained[t]) for t in np.flatnonzero(~np.isclose(explained, change))]
        engine.resolve(rules, state, orders)


def test_rollout_matches_turn_by_turn_random_play(rules):
    seeds = np.arange(20, 40)
    a = engine.new_state(rules, seeds)
    b = engine.new_state(rules, seeds)
    turns = engine.rollout(rules, a)
    count = 0
    for _ in range(rules.n_turns):
        running = int((b.ints[:, 1] == Status.RUNNING).sum())
        engine.resolve(rules, b, engine.random_orders(rules, b))
        count += running
    assert turns == count
    assert np.array_equal(a.x, b.x) and np.array_equal(a.ints, b.ints)


def test_save_and_load_mid_game_round_trip(rules, tmp_path):
    game = Game(rules, 21, ALL_RANDOM)
    play_out(game, turns=max(1, rules.n_turns // 2))
    path = saves.save(game, tmp_path / "mid.json")
    loaded = saves.load(path)
    assert loaded.turn == game.turn and np.array_equal(loaded.state.x, game.state.x)
    assert np.array_equal(loaded.state.ints, game.state.ints)
    play_out(game)
    play_out(loaded)
    assert np.array_equal(loaded.state.x, game.state.x)
    assert loaded.scores() == game.scores() and loaded.winner() == game.winner()


def test_finished_game_accepts_no_orders(rules):
    game = Game(rules, 3, ALL_RANDOM)
    play_out(game)
    assert game.is_over
    assert game.legal_orders("us") == []
    move = rules.moves_of("us")[0]
    target = move.target.options[0] if move.target else None
    with pytest.raises(IllegalOrderError, match="the game is over") as info:
        game.submit("us", Order(move.id, target))
    assert info.value.reason == Reason.GAME_OVER
    if game.status == Status.FINISHED:
        assert game.winner() in game.factions
    else:
        assert game.winner() is None


def test_every_move_and_event_of_the_scenario_can_be_explained(rules):
    """Each move played alone yields a report whose causes name the move and its sources."""
    for move in rules.moves:
        if len(move.partners) > 1:
            continue
        game = Game(rules, 1)
        target = move.target.options[0] if move.target else None
        if Order(move.id, target) not in game.legal_orders(move.partners[0]):
            continue
        game.state.ints[0, 2] = -1  # no event: only the move acts
        report = game.play_turn({move.partners[0]: [Order(move.id, target)]})
        named = [c for ch in report.changes for c in ch.causes if c.cause.startswith(move.name)]
        missed = [n for n in report.notes if n.startswith(move.name)]
        assert named or missed, f"{move.id} left no trace in its turn report"
        assert all(c.sources for c in named if c.kind == "order")
