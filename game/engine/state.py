"""Batch state and the engine's Python entry points (a single game is a batch of one)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine import kernel, rng
from game.engine.tables import lowered
from game.engine.layout import EMPTY, EVENT, EXPLAIN_CAPACITY, INT_COLUMNS, STATUS, TURN, Explain, Status
from game.rules.compiled import Rules


@dataclass
class BatchState:
    """Plain arrays: x[games, tracks] float64, ints[games, columns] int64, seeds[games] uint64."""

    x: np.ndarray
    ints: np.ndarray
    seeds: np.ndarray

    @property
    def games(self) -> int:
        return self.x.shape[0]

    def copy(self) -> "BatchState":
        return BatchState(self.x.copy(), self.ints.copy(), self.seeds.copy())

    def game(self, k: int) -> "BatchState":
        """Game k alone, as a batch of one (a copy)."""
        return BatchState(self.x[k : k + 1].copy(), self.ints[k : k + 1].copy(), self.seeds[k : k + 1].copy())

    def turn(self, k: int = 0) -> int:
        return int(self.ints[k, TURN])

    def status(self, k: int = 0) -> Status:
        return Status(int(self.ints[k, STATUS]))

    def event(self, k: int = 0) -> int:
        return int(self.ints[k, EVENT])


def new_state(rules: Rules, seeds) -> BatchState:
    """Start-of-game state for each seed, with the first turn's event revealed."""
    seeds = np.atleast_1d(np.asarray(seeds, dtype=np.uint64))
    n = seeds.shape[0]
    x = np.tile(np.asarray(rules.tables.track_start, dtype=np.float64), (n, 1))
    ints = np.zeros((n, INT_COLUMNS + len(rules.events)), dtype=np.int64)
    ints[:, TURN] = 1
    ints[:, EVENT] = -1
    state = BatchState(x, ints, seeds.copy())
    kernel.begin_batch(*lowered(rules), state.x, state.ints, state.seeds)
    return state


def empty_orders(rules: Rules, games: int = 1) -> np.ndarray:
    """An orders array [games, factions, slots] with every slot empty."""
    return np.full((games, len(rules.factions), rules.max_orders), EMPTY, dtype=np.int64)


def resolve(rules: Rules, state: BatchState, orders: np.ndarray) -> None:
    """Resolve one turn of every game in place."""
    kernel.resolve_batch(*lowered(rules), state.x, state.ints, state.seeds, orders)


def random_orders(rules: Rules, state: BatchState) -> np.ndarray:
    """Uniformly random legal orders for every faction of every game."""
    orders = empty_orders(rules, state.games)
    kernel.random_orders_batch(*lowered(rules), state.x, state.ints, state.seeds, orders)
    return orders


def add_order(rules: Rules, state: BatchState, orders: np.ndarray, faction: int, action: int) -> np.ndarray:
    """Add `action` to `faction`'s orders in every game where it is legal; returns each game's Legality code."""
    codes = np.zeros(state.games, dtype=np.int64)
    kernel.add_order_batch(*lowered(rules), state.x, state.ints, orders, faction, action, codes)
    return codes


def lookahead_seed(seed: int, faction: int) -> int:
    """The seed a faction's bot simulates with in a game of this seed (never the seed itself)."""
    return int(rng.lookahead_seed(np.uint64(seed), faction))


def rollout(rules: Rules, state: BatchState, turns: int | None = None) -> int:
    """Play random legal orders for `turns` turns (default: to the end) in place; returns game-turns played."""
    turns = rules.n_turns + 1 if turns is None else turns
    return int(kernel.rollout_batch(*lowered(rules), state.x, state.ints, state.seeds, turns, rules.max_orders))


def scores(rules: Rules, state: BatchState) -> np.ndarray:
    """Scores [games, factions]."""
    out = np.zeros((state.games, len(rules.factions)))
    kernel.scores_batch(*lowered(rules), state.x, state.ints, out)
    return out



class SingleGame:
    """Low-latency calls for one game (no thread pool), with optional explanation recording."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.ti, self.tf = lowered(rules)
        self.wf, self.wi = kernel.scratch(self.ti)
        self.log = Explain(np.zeros((EXPLAIN_CAPACITY, 4), dtype=np.int64), np.zeros(EXPLAIN_CAPACITY),
                           np.zeros(1, dtype=np.int64))

    def resolve(self, state: BatchState, orders: np.ndarray, explain: bool = False):
        """Resolve game 0's turn in place; returns (int entries, amounts) when explaining, else None."""
        self.log.count[0] = 0
        kernel.resolve_explained(self.ti, self.tf, state.x[0], state.ints[0], np.uint64(state.seeds[0]), orders[0],
                                 self.wf, self.wi, explain, *self.log)
        if explain:
            n = int(self.log.count[0])
            return self.log.entries[:n].copy(), self.log.amounts[:n].copy()
        return None

    def check(self, state: BatchState, faction: int, slots: np.ndarray, action: int) -> int:
        """Legality code (game.engine.layout.Legality) of adding `action` to `slots`."""
        return int(kernel.check_order(self.ti, self.tf, state.x[0], state.ints[0], slots, faction, action, self.wf,
                                      self.wi))

    def scores(self, state: BatchState) -> np.ndarray:
        out = np.zeros(len(self.rules.factions))
        kernel.scores_game(self.ti, self.tf, state.x[0], state.ints[0], self.wf, self.wi, out)
        return out

    def value(self, state: BatchState, prog: int) -> float:
        """The value of compiled expression program `prog` on game 0's state, nothing played yet."""
        return float(kernel.value_game(self.ti, self.tf, prog, state.x[0], state.ints[0], self.wf, self.wi))

    def score_terms(self, state: BatchState) -> np.ndarray:
        """Each scoring term's value before its weight, in `rules.score_terms` order."""
        out = np.zeros(len(self.rules.score_terms))
        kernel.score_terms_game(self.ti, self.tf, state.x[0], state.ints[0], self.wf, self.wi, out)
        return out

    def derive(self, state: BatchState) -> None:
        """Recompute game 0's derived tracks (after tracks were set by hand)."""
        kernel.derive(self.ti, self.tf, state.x[0], self.wf, self.wi)
