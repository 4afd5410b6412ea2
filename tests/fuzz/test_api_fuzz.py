"""The Python API under hostile use: wrongly typed arguments get typed errors with a clear message, and a
randomized stateful driver (hypothesis) checks that every refused request changes nothing, bot seats
included (a seat handed to a bot mid-turn, with orders pending).

The default run is CI-sized; `python -m pytest -m fuzz tests/fuzz` runs the long profile.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from game.ai import play_bot_seats
from game.session.facilitation import InterventionError
from game.session.game import ArgumentError, Game
from game.session.orders import IllegalOrderError, Order, SessionError

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "mini_scenario.yaml"
LONG = "the long profile: python -m pytest -m fuzz tests/fuzz"
BAD = [None, 3, 1.5, {"move": "us.big_push"}, ["us"], b"us", Order(None), Order(3), Order("us.big_push", 5)]


def long_run(request) -> bool:
    return "fuzz" in (request.config.getoption("-m") or "")


@pytest.fixture(scope="module")
def rules():
    return Game.new(MINI, seed=1).rules


def snapshot(game: Game) -> tuple:
    return (game.turn, {f: list(v) for f, v in game.pending.items()}, set(game.committed), game.state.x.copy(),
            game.state.ints.copy(), dict(game.seats), len(game.history), len(game.interventions))


def same(a: tuple, b: tuple) -> bool:
    return all(np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y for x, y in zip(a, b))


REQUESTS = [
    ("submit an order of the wrong type", lambda g, v: g.submit("us", v), IllegalOrderError, "an order is an Order or a text"),
    ("check an order of the wrong type", lambda g, v: g.check("us", v), IllegalOrderError, "an order is an Order or a text"),
    ("submit for a faction of the wrong type", lambda g, v: g.submit(v, "us.big_push"), IllegalOrderError,
     "a faction is given by its id"),
    ("undo", lambda g, v: g.undo(v), IllegalOrderError, "a faction is given by its id"),
    ("commit", lambda g, v: g.commit(v), IllegalOrderError, "a faction is given by its id"),
    ("orders_of", lambda g, v: g.orders_of(v), IllegalOrderError, "a faction is given by its id"),
    ("legal_orders", lambda g, v: g.legal_orders(v), IllegalOrderError, "a faction is given by its id"),
    ("view", lambda g, v: g.view(v), IllegalOrderError, "a faction is given by its id"),
    ("desk", lambda g, v: g.desk(v), IllegalOrderError, "a faction is given by its id"),
    ("track", lambda g, v: g.track(v), ArgumentError, "a track is given by its id"),
    ("play_turn with orders of the wrong type", lambda g, v: g.play_turn(v), IllegalOrderError,
     "a turn's orders are a mapping"),
    ("play_turn with a faction's orders of the wrong type", lambda g, v: g.play_turn({"us": v}), IllegalOrderError,
     "the orders of us are a list"),
    ("inject", lambda g, v: g.inject(v), InterventionError, "an event is given by its id"),
    ("assume a track of the wrong type", lambda g, v: g.assume(v, 1, "why"), InterventionError,
     "a track is given by its id"),
    ("assume a value of the wrong type", lambda g, v: g.assume("jp.stability", v, "why"), InterventionError,
     "a value for"),
    ("set_seat of a faction of the wrong type", lambda g, v: g.set_seat(v, "random"), InterventionError,
     "a faction is given by its id"),
    ("set_seat to a seat of the wrong type", lambda g, v: g.set_seat("us", v), InterventionError,
     "a seat is 'human' or a bot's name"),
    ("a reason of the wrong type", lambda g, v: g.assume("jp.stability", 40, v), InterventionError, "a reason is text"),
    ("a seed of the wrong type", lambda g, v: Game(g.rules, v), ArgumentError, "seed must be a whole number"),
    ("seats of the wrong type", lambda g, v: Game(g.rules, 1, v), ArgumentError, "seats are a mapping"),
    ("a scenario of the wrong type", lambda g, v: Game.new(v), ArgumentError, "a scenario is given by its id"),
]

# the values of BAD that are of a right type for a request (a number is a seed, a dict is a turn's orders...)
RIGHT = {
    "play_turn with orders of the wrong type": lambda v: isinstance(v, dict),
    "play_turn with a faction's orders of the wrong type": lambda v: isinstance(v, list),
    "assume a value of the wrong type": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "a reason of the wrong type": lambda v: v is None,
    "a seed of the wrong type": lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)),
    "seats of the wrong type": lambda v: v is None or isinstance(v, dict),
}


def cases():
    for name, call, error, words in REQUESTS:
        for value in BAD:
            if isinstance(value, Order) and not name.startswith(("submit an order", "check an order")):
                continue  # an Order is refused there as any other object: once per request is enough
            if RIGHT.get(name, lambda v: False)(value):
                continue
            yield pytest.param(call, value, error, words, id=f"{name}: {value!r:.30}")


@pytest.mark.parametrize("call, value, error, words", list(cases()))
def test_wrongly_typed_arguments_get_typed_errors_and_change_nothing(rules, call, value, error, words):
    game = Game(rules, 1)
    game.submit("us", "us.press_defense")
    before = snapshot(game)
    with pytest.raises(error) as info:
        call(game, value)
    assert isinstance(info.value, (ValueError, SessionError))
    assert words in str(info.value), str(info.value)
    assert len(str(info.value)) < 300
    assert same(snapshot(game), before), "a refused request changes nothing"


def test_the_requests_of_the_issue_are_all_covered():
    assert len(list(cases())) >= 33


# ---- a randomized stateful driver -------------------------------------------------------------------------

TEXTS = st.one_of(st.sampled_from(["us.press_defense", "us.big_push", "jp.reform", "jp.lobby", "cn.patrol",
                                   "us.trade_deal@vietnam", "us.trade_deal@laos", "nope", "", "@", "us.big_push@x"]),
                  st.text(max_size=12))
FACTIONS = st.one_of(st.sampled_from(["us", "jp", "cn"]), st.sampled_from(["xx", "", "US"]))
ANYTHING = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.lists(st.integers(), max_size=2),
                     st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


class Session(RuleBasedStateMachine):
    """Random requests against one game; a refused one must leave the game exactly as it was."""

    def __init__(self):
        super().__init__()
        self.game = Game.new(MINI, seed=7)
        self.refused = 0

    def attempt(self, request) -> None:
        before = snapshot(self.game)
        try:
            request()
        except (IllegalOrderError, SessionError, ValueError) as exc:
            assert str(exc), "a refusal says why"
            assert same(snapshot(self.game), before), f"refused ({exc}) but the game changed"
            self.refused += 1

    @rule(faction=FACTIONS, text=TEXTS)
    def submit(self, faction, text):
        self.attempt(lambda: self.game.submit(faction, text))

    @rule(faction=FACTIONS, value=ANYTHING)
    def submit_garbage(self, faction, value):
        self.attempt(lambda: self.game.submit(faction, value))

    @rule(faction=FACTIONS)
    def undo(self, faction):
        self.attempt(lambda: self.game.undo(faction))

    @rule(faction=FACTIONS)
    def commit(self, faction):
        self.attempt(lambda: self.game.commit(faction))

    @rule()
    def resolve(self):
        self.attempt(self.game.resolve)

    @rule(faction=st.sampled_from(["us", "jp", "cn"]), bot=st.sampled_from(["random", "greedy", "doctrine"]))
    def hand_to_a_bot(self, faction, bot):
        """A facilitator hands a seat to a bot mid-turn, orders pending; the bot plays it all-or-nothing."""
        self.attempt(lambda: self.game.set_seat(faction, bot, "the team left"))
        if self.game.seats[faction] == bot:
            self.attempt(lambda: play_bot_seats(self.game, factions=[faction]))

    @rule(orders=st.dictionaries(FACTIONS, st.lists(TEXTS, max_size=3), max_size=3))
    def play_turn(self, orders):
        self.attempt(lambda: self.game.play_turn(orders))

    @rule(track=st.sampled_from(["jp.stability", "alliance", "nope"]), value=st.floats(-1e9, 1e9) | ANYTHING)
    def assume(self, track, value):
        self.attempt(lambda: self.game.assume(track, value, "a classroom's assumption"))

    @invariant()
    def pending_orders_are_legal(self):
        for faction in self.game.factions:
            assert len(self.game.orders_of(faction)) == len(set(self.game.orders_of(faction)))


def test_random_api_sequences_refuse_without_changing_anything():
    run_state_machine_as_test(Session, settings=settings(max_examples=25, stateful_step_count=30, deadline=None,
                                                         suppress_health_check=[HealthCheck.too_slow]))


@pytest.mark.fuzz
def test_random_api_sequences_long(request):
    if not long_run(request):
        pytest.skip(LONG)
    run_state_machine_as_test(Session, settings=settings(max_examples=800, stateful_step_count=60, deadline=None,
                                                         suppress_health_check=[HealthCheck.too_slow]))
