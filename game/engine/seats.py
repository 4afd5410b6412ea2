"""Fill every faction's orders by its policy, for one game or a batch: random, greedy, doctrine or search.

A seat is a row of `POLICIES[factions, 4]`: the policy code (`game.engine.policies.Policy`) and
up to three parameters (the doctrine's index; the search's seeds, iterations and horizon).
Greedy, doctrine and search seats decide with their faction's lookahead seed, never the game's.
"""

from __future__ import annotations

from numba import njit, prange, uint64

from game.engine.doctrine import doctrine_orders
from game.engine.kernel import _BLOCK, prerequisites, random_orders, rules_jit, scratch
from game.engine.layout import STATUS, Status
from game.engine.policies import Policy, greedy_orders, lookahead_seed
from game.engine.search import search_memories, search_orders

_RANDOM, _GREEDY, _DOCTRINE, _SEARCH = int(Policy.RANDOM), int(Policy.GREEDY), int(Policy.DOCTRINE), int(Policy.SEARCH)
_RUNNING = int(Status.RUNNING)
PARAMS = 4  # columns of a POLICIES row: code, then three parameters


@rules_jit
def policy_orders_game(ti, tf, x, ints, seed, orders, policies, wf, wi, sim, mem, sim_e):
    """Fill one game's orders[factions, slots] by each faction's policy (a finished game is left as it is)."""
    if ints[STATUS] != _RUNNING:
        return
    prerequisites(ti, tf, x, ints, wf, wi)
    for f in range(orders.shape[0]):
        p = policies[f, 0]
        if p == _RANDOM:
            random_orders(ti, tf, x, ints, seed, f, orders[f], wf, wi)
        elif p == _GREEDY:
            greedy_orders(ti, tf, x, ints, lookahead_seed(seed, f), f, orders[f], wf, wi, sim)
        elif p == _DOCTRINE:
            doctrine_orders(ti, tf, x, ints, lookahead_seed(seed, f), f, policies[f, 1], orders[f], wf, wi)
        elif p == _SEARCH:
            search_orders(ti, tf, x, ints, lookahead_seed(seed, f), f, orders[f], policies[f, 1], policies[f, 2],
                          policies[f, 3], wf, wi, sim, mem, sim_e)


@rules_jit
def _policy_range(ti, tf, X, INTS, SEEDS, ORDERS, POLICIES, lo, hi, wf, wi, sim, mem, sim_e):
    for g in range(lo, hi):
        policy_orders_game(ti, tf, X[g], INTS[g], uint64(SEEDS[g]), ORDERS[g], POLICIES, wf, wi, sim, mem, sim_e)


@njit(cache=True, parallel=True)
def policy_orders_batch(ti, tf, X, INTS, SEEDS, ORDERS, POLICIES):
    """Fill the empty slots of ORDERS[games, factions, slots] by POLICIES[faction] in every game.

    With ORDERS empty and every policy RANDOM this draws exactly what kernel.random_orders_batch draws.
    """
    n = X.shape[0]
    n_slots, n_ints = ORDERS.shape[2], INTS.shape[1]
    if n <= _BLOCK:
        wf, wi = scratch(ti)
        sim, mem, sim_e = search_memories(ti, n_slots, n_ints)
        _policy_range(ti, tf, X, INTS, SEEDS, ORDERS, POLICIES, 0, n, wf, wi, sim, mem, sim_e)
        return
    for blk in prange((n + _BLOCK - 1) // _BLOCK):
        wf, wi = scratch(ti)
        sim, mem, sim_e = search_memories(ti, n_slots, n_ints)
        _policy_range(ti, tf, X, INTS, SEEDS, ORDERS, POLICIES, blk * _BLOCK, min(n, (blk + 1) * _BLOCK), wf, wi,
                      sim, mem, sim_e)
