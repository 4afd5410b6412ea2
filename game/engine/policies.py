"""Order policies in the kernel: the policy codes, and the greedy one-turn lookahead.

The greedy policy fills a faction's empty slots one at a time. For each slot it simulates the turn
once per legal action (on a copy of the game, every other faction ordering nothing, since orders
are simultaneous and secret), scores the result as its own score minus the best rival's, and adds
the best action if it beats adding nothing more. The lookahead never sees the game's own chance
rolls or its next drawn event: it resolves with a *lookahead seed* derived from (game seed,
faction), so its simulated dice are independent of the real ones. Ties are broken by draws from
the lookahead seed's bot stream, so the policy is deterministic per seed.

Like the kernel, the functions that play the rules never allocate (`rules_jit`). The batch entry
point that runs every policy is `game.engine.seats`.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from numba import njit, uint64

from game.engine.kernel import (
    _committed, _fits, check_order, resolve_game, rules_jit, rules_jit_inline,
    scores_game, scratch,
)
from game.engine.layout import EMPTY, INT_COLUMNS, STATUS, TURN, Legality, Status
from game.engine.rng import PURPOSE_BOT, draw, mix64, stream
from game.engine.tables import (
    FACTION_ACT_LIST, FACTION_ACT_START, FACTION_MIN_AP, N_EVENTS, N_FACTIONS, N_TRACKS, WI_CAND, WI_PREREQS, geti,
)


class Policy(IntEnum):
    """How a faction's orders are chosen in `game.engine.seats.policy_orders_batch` (one code per faction)."""

    KEEP = 0  # leave the orders already in ORDERS as they are
    RANDOM = 1  # fill the empty slots with uniformly random legal actions (kernel.random_orders)
    GREEDY = 2  # fill the empty slots by a one-turn lookahead (greedy_orders)
    DOCTRINE = 3  # by a doctrine's weights (game.engine.doctrine); parameter: the doctrine's index
    SEARCH = 4  # by regret matching over rollouts (game.engine.search); parameters: seeds, iterations, horizon


_RUNNING, _WAR, _OK = int(Status.RUNNING), int(Status.WAR), int(Legality.OK)

# An odd constant, distinct from game.engine.rng's keys, that moves the lookahead seed away from the game seed.
LOOKAHEAD_SALT = 0xC2B2AE3D27D4EB4F
# The margin of a lookahead that ends in war: everyone loses, so it is below any difference of scores.
WAR_MARGIN = -1.0e9
# Margins closer than this are a tie: sums of the same terms in another order differ in the last bits.
TIE = 1e-9


@rules_jit_inline
def lookahead_seed(seed, f):
    """The seed faction f's lookahead resolves with: (game seed, faction) mixed by splitmix64's finaliser, so its
    draws are unrelated to the game's own draws and differ from faction to faction."""
    return mix64(mix64(uint64(seed) ^ uint64(LOOKAHEAD_SALT)) + uint64(f))


@njit(cache=True)
def lookahead_memory(ti, n_slots):
    """A lookahead's memory (reusable across games): a game copy, its scratch, orders, scores, margins."""
    wf, wi = scratch(ti)
    x = np.empty(ti[N_TRACKS])
    ints = np.empty(INT_COLUMNS + ti[N_EVENTS], dtype=np.int64)
    orders = np.empty((ti[N_FACTIONS], n_slots), dtype=np.int64)
    scores = np.empty(ti[N_FACTIONS])
    trace = np.empty(n_slots + 1)
    return x, ints, wf, wi, orders, scores, trace, np.zeros((1, 4), dtype=np.int64), np.zeros(1), \
        np.zeros(1, dtype=np.int64)


TRACE = 6  # where lookahead_memory's tuple holds the margins greedy_orders traces


@rules_jit
def _margin(ti, tf, x, ints, look, f, orders_f, sim):
    """Faction f's score minus the best rival's after a simulated turn with only f's orders (WAR_MARGIN on war)."""
    sx, sints, swf, swi, sorders, sscores, _, ei, ef, en = sim
    for t in range(x.shape[0]):
        sx[t] = x[t]
    for c in range(ints.shape[0]):
        sints[c] = ints[c]
    sorders[:, :] = EMPTY
    for k in range(orders_f.shape[0]):
        sorders[f, k] = orders_f[k]
    resolve_game(ti, tf, sx, sints, look, sorders, swf, swi, False, ei, ef, en)
    if sints[STATUS] == _WAR:
        return WAR_MARGIN
    scores_game(ti, tf, sx, sints, swf, swi, sscores)
    rival = -np.inf
    for g in range(sscores.shape[0]):
        if g != f and sscores[g] > rival:
            rival = sscores[g]
    return sscores[f] - rival if rival > -np.inf else sscores[f]


@rules_jit
def greedy_orders(ti, tf, x, ints, look, f, orders_f, wf, wi, sim):
    """Fill faction f's empty slots greedily by a one-turn lookahead; returns how many orders it added.

    Call `kernel.prerequisites` first for this state (as for `kernel.random_orders`); legality is
    tested exactly as there. `look` is the lookahead seed (`lookahead_seed`), `sim` the memory from
    `lookahead_memory`; its `trace` receives the lookahead margin of the orders as they stood
    (trace[0]) and after each added order (trace[1..]).
    """
    trace = sim[TRACE]
    trace[0] = 0.0
    if ints[STATUS] != _RUNNING:
        return 0
    base, cand = ti[WI_PREREQS], ti[WI_CAND]
    lo, hi = geti(ti, FACTION_ACT_START, f), geti(ti, FACTION_ACT_START, f + 1)
    best = _margin(ti, tf, x, ints, look, f, orders_f, sim)
    trace[0] = best
    tie_key = stream(look, ints[TURN], PURPOSE_BOT)
    added = 0
    for k in range(orders_f.shape[0]):
        if orders_f[k] >= 0:
            continue
        ap_left, spent, purse = _committed(ti, tf, x, orders_f, f)
        if ap_left < geti(ti, FACTION_MIN_AP, f):
            break
        top, n_top = -np.inf, 0
        for j in range(lo, hi):
            a = geti(ti, FACTION_ACT_LIST, j)
            if wi[base + a] == 0 or _fits(ti, tf, orders_f, a, ap_left, spent, purse) != _OK:
                continue
            orders_f[k] = a
            m = _margin(ti, tf, x, ints, look, f, orders_f, sim)
            orders_f[k] = EMPTY
            if m > top + TIE:
                top, n_top = m, 1
                wi[cand] = a
            elif m >= top - TIE:
                wi[cand + n_top] = a
                n_top += 1
        if n_top == 0 or not top > best + TIE:
            break  # adding nothing more is at least as good
        orders_f[k] = wi[cand + min(int(draw(tie_key, f * 64 + k) * n_top), n_top - 1)]
        best = top
        added += 1
        trace[added] = top
    return added


@njit(cache=True)
def add_order_batch(ti, tf, X, INTS, ORDERS, f, a, CODES):
    """Add action a to faction f's orders in every game where it is legal; CODES[g] gets its Legality code.

    A legal action always finds an empty slot: each costs at least one action point, and a faction
    has at least as many slots as action points.
    """
    wf, wi = scratch(ti)
    for g in range(X.shape[0]):
        orders_f = ORDERS[g, f]
        code = check_order(ti, tf, X[g], INTS[g], orders_f, f, a, wf, wi)
        CODES[g] = code
        if code != _OK:
            continue
        for k in range(orders_f.shape[0]):
            if orders_f[k] < 0:
                orders_f[k] = a
                break
