"""Python entry points for choosing orders by policy: random, greedy or kept, for a batch or one game.

The choosing itself runs in the kernel (`game.engine.policies`); these wrappers take and return
the plain arrays of `game.engine.state`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from game.engine import kernel, policies
from game.engine.layout import EMPTY
from game.engine.policies import Policy
from game.engine.state import BatchState, empty_orders
from game.rules.compiled import Rules

__all__ = ["Policy", "GreedyChoice", "policy_orders", "add_order", "lookahead_seed", "greedy_choice"]


def _codes(rules: Rules, chosen: Sequence[Policy | int]) -> np.ndarray:
    codes = np.asarray([int(p) for p in chosen], dtype=np.int64)
    if codes.shape != (len(rules.factions),):
        raise ValueError(f"need one policy per faction ({len(rules.factions)}), got {len(codes)}")
    if not np.isin(codes, [int(p) for p in Policy]).all():
        known = ", ".join(f"{p.value} {p.name}" for p in Policy)
        raise ValueError(f"unknown policy code in {codes.tolist()} (codes: {known})")
    return codes


def policy_orders(rules: Rules, state: BatchState, chosen: Sequence[Policy | int],
                  orders: np.ndarray | None = None) -> np.ndarray:
    """Orders [games, factions, slots] with each faction's empty slots filled by its policy.

    `orders` (default: all empty) is filled in place and returned; a KEEP faction's slots stay as given.
    """
    orders = empty_orders(rules, state.games) if orders is None else orders
    policies.policy_orders_batch(rules.ti, rules.tf, state.x, state.ints, state.seeds, orders, _codes(rules, chosen))
    return orders


def add_order(rules: Rules, state: BatchState, orders: np.ndarray, faction: int, action: int) -> np.ndarray:
    """Add `action` to `faction`'s orders in every game where it is legal; returns each game's Legality code."""
    codes = np.zeros(state.games, dtype=np.int64)
    policies.add_order_batch(rules.ti, rules.tf, state.x, state.ints, orders, faction, action, codes)
    return codes


def lookahead_seed(seed: int, faction: int) -> int:
    """The seed a faction's greedy lookahead resolves with in a game of this seed (never the seed itself)."""
    return int(policies.lookahead_seed(np.uint64(seed), faction))


@dataclass(frozen=True)
class GreedyChoice:
    """What the greedy lookahead chose for one faction of one game."""

    slots: np.ndarray  # the faction's slots after choosing (EMPTY = -1 where nothing was added)
    added: tuple[int, ...]  # the actions it added, in order
    margins: tuple[float, ...]  # lookahead margin over the best rival: before adding, then after each addition

    @property
    def war(self) -> bool:
        """Whether the chosen orders still led to war in the lookahead."""
        return self.margins[-1] <= policies.WAR_MARGIN


def greedy_choice(rules: Rules, x: np.ndarray, ints: np.ndarray, look_seed: int, faction: int,
                  slots: np.ndarray | None = None) -> GreedyChoice:
    """The greedy policy for one game's state (x[tracks], ints[columns]) and one faction, given its lookahead seed.

    `slots` are the faction's orders so far (default: none); they are not changed. This is the
    kernel function the batch runs for every greedy seat.
    """
    slots = np.full(rules.max_orders, EMPTY, dtype=np.int64) if slots is None else np.array(slots, dtype=np.int64)
    before = slots.copy()
    x, ints = np.ascontiguousarray(x, dtype=np.float64), np.ascontiguousarray(ints, dtype=np.int64)
    wf, wi = kernel.scratch(rules.ti)
    sim = policies.lookahead_memory(rules.ti, slots.shape[0])
    kernel.prerequisites(rules.ti, rules.tf, x, ints, wf, wi)
    n = policies.greedy_orders(rules.ti, rules.tf, x, ints, np.uint64(look_seed), faction, slots, wf, wi, sim)
    added = tuple(int(a) for a, b in zip(slots, before) if a != b)
    trace = sim[policies.TRACE]
    return GreedyChoice(slots, added, tuple(float(m) for m in trace[: n + 1]))
