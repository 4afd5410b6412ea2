"""The one implementation of the rules: resolve a turn, check an order, pick random orders, score.

Every function works on one game's rows; the batch entry points loop over games in parallel
blocks. A single game is a batch of one, so the game, the bots and the analysis share this code.
Resolution order: orders against the start-of-turn state, summed -> the turn's event
-> rules -> triggered events; bounds and derived tracks after each phase. The effect lists and
expressions themselves run as the scenario's native code (`game.engine.native_calls`, `game.engine.native`).

The rules arrive packed as `ti` (int64) and `tf` (float64), see `game.engine.tables`; each game
works in two scratch arrays `wf` (float) and `wi` (int) laid out by the same header.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit, prange, uint64

from game.engine.layout import EVENT, FIRED, STATUS, TURN, Cause, Explain, Legality, Status
from game.engine.rng import PURPOSE_BOT, PURPOSE_EVENT, draw, stream, uniform
from game.engine.tables import FloatField, IntField, Slot, ValueGroup, getf, geti, size
from game.engine.jit import rules_jit, rules_jit_inline
from game.engine.margins import committed, fits
from game.engine.native_calls import apply, derive_native, event_values, holds, prerequisites_native, run

_RUNNING, _FINISHED, _WAR = int(Status.RUNNING), int(Status.FINISHED), int(Status.WAR)
_C_ORDER, _C_COST, _C_EVENT, _C_RULE, _C_TRIGGER = int(Cause.ORDER), int(Cause.COST), int(Cause.EVENT), int(Cause.RULE), int(Cause.TRIGGER)
_C_LIMIT, _C_UNMATCHED, _C_FIRED = int(Cause.LIMIT), int(Cause.UNMATCHED), int(Cause.FIRED)
_OK, _GAME_OVER, _NOT_YOURS, _DUPLICATE, _NO_AP, _NO_BUDGET, _PREREQ, _PREREQ_NAN = (
    int(Legality.OK), int(Legality.GAME_OVER), int(Legality.NOT_YOURS), int(Legality.DUPLICATE),
    int(Legality.NO_ACTION_POINTS), int(Legality.NO_BUDGET), int(Legality.PREREQUISITE),
    int(Legality.REQUIREMENT_NOT_A_NUMBER))
_TRIES = 6  # random-order draws per slot before listing every legal action

_BLOCK = 64  # games per parallel block: scratch arrays are allocated once a block


@njit(cache=True)
def scratch(ti):
    """A game's working memory (reusable across games): (wf, wi)."""
    return np.zeros(ti[Slot.WF_SIZE]), np.zeros(ti[Slot.WI_SIZE], dtype=np.int64)


@njit(cache=True)
def _record(explain, log, kind, ref, faction, track, amount):
    if not explain:
        return
    n = log.count[0]
    if n < log.amounts.shape[0]:
        log.entries[n, 0] = kind
        log.entries[n, 1] = ref
        log.entries[n, 2] = faction
        log.entries[n, 3] = track
        log.amounts[n] = amount
        log.count[0] = n + 1


@rules_jit_inline
def _touch(ti, wi, t, nd):
    """Note that track t changed this phase; returns the new count of changed tracks."""
    if wi[ti[Slot.WI_MARK] + t] == 0:
        wi[ti[Slot.WI_MARK] + t] = 1
        wi[ti[Slot.WI_DIRTY] + nd] = t
        nd += 1
    return nd


@rules_jit_inline
def _copy(src, dst):
    for i in range(dst.shape[0]):  # a loop, not dst[:] = src: slice assignment may allocate a temporary
        dst[i] = src[i]


@rules_jit
def _set_played(ti, orders, wi):
    base = ti[Slot.WI_PLAYED]
    n_m = ti[Slot.N_MOVES]
    _clear_played(ti, wi)
    for f in range(orders.shape[0]):
        for k in range(orders.shape[1]):
            a = orders[f, k]
            if a >= 0:
                wi[base + f * n_m + geti(ti, IntField.ACT_MOVE, a)] = 1


@rules_jit
def _settle(ti, tf, x, turn, wf, wi, nd, final, explain, log):
    """Clamp the tracks a phase changed, then recompute derived tracks.

    Between phases only the derived tracks some expression reads during a turn are recomputed;
    the rest wait for the turn's final settle, as nothing can see them before.
    """
    mark, dirty = ti[Slot.WI_MARK], ti[Slot.WI_DIRTY]
    o_min, o_max = ti[2 * FloatField.TRACK_MIN], ti[2 * FloatField.TRACK_MAX]
    for j in range(nd):
        t = wi[dirty + j]
        wi[mark + t] = 0
        v = x[t]
        lo, hi = tf[o_min + t], tf[o_max + t]
        if v < lo:
            x[t] = lo
        elif v > hi:
            x[t] = hi
        if explain and x[t] != v:
            _record(explain, log, _C_LIMIT, -1, -1, t, x[t] - v)
    derive_native(ti, x, turn, wi, final, explain, log)


@rules_jit
def derive(ti, tf, x, wf, wi):
    """Recompute every derived track from its inputs (at the start of a game or after a manual set)."""
    _clear_played(ti, wi)
    derive_native(ti, x, 0, wi, True, False, Explain(wi, wf, wi))  # never written: explaining is off


@rules_jit
def begin_turn(ti, tf, x, ints, seed, wf, wi):
    """Reveal the turn's event: the scheduled one, else one drawn by weight from the eligible deck."""
    turn = ints[TURN]
    ints[EVENT] = -1
    if ints[STATUS] != _RUNNING or turn > ti[Slot.N_TURNS]:
        return
    if geti(ti, IntField.SCHED, turn) >= 0:
        ints[EVENT] = geti(ti, IntField.SCHED, turn)
        return
    _clear_played(ti, wi)
    weights = ti[Slot.WF_WEIGHTS]
    n_ev = ti[Slot.N_EVENTS]
    event_values(ti, ValueGroup.DRAWN_WEIGHTS, x, turn, wf, wi)  # each drawn event's weight, 0 when its `when` is false
    total = 0.0
    for v in range(n_ev):
        once_fired = geti(ti, IntField.EV_ONCE, v) != 0 and ints[FIRED + v] > 0
        if geti(ti, IntField.EV_KIND, v) != 1 or once_fired or not wf[weights + v] > 0.0:
            wf[weights + v] = 0.0
            continue
        total += wf[weights + v]
    if total <= 0.0:
        return
    r = uniform(seed, turn, PURPOSE_EVENT, 0) * total
    last = -1
    for v in range(n_ev):
        if wf[weights + v] > 0.0:
            last = v
            r -= wf[weights + v]
            if r < 0.0:
                ints[EVENT] = v
                return
    ints[EVENT] = last  # rounding left r at ~0: take the last eligible


@rules_jit
def resolve_game(ti, tf, x, ints, seed, orders, wf, wi, explain, log):
    """Resolve one game's turn in place: x[tracks], ints[columns], orders[factions, slots]."""
    if ints[STATUS] != _RUNNING:
        return
    turn = ints[TURN]
    n_f = orders.shape[0]
    n_t = ti[Slot.N_TRACKS]
    x0 = wf[ti[Slot.WF_X0] : ti[Slot.WF_X0] + n_t]
    _set_played(ti, orders, wi)
    war = False
    # 1. orders, all against the start-of-turn state
    _copy(x, x0)
    nd = 0
    for f in range(n_f):
        for k in range(orders.shape[1]):
            a = orders[f, k]
            if a < 0:
                continue
            cost = getf(ti, tf, FloatField.ACT_BUDGET, a)
            if cost != 0.0:
                b = geti(ti, IntField.FACTION_BUDGET, f)
                x[b] -= cost
                nd = _touch(ti, wi, b, nd)
                if explain:
                    _record(explain, log, _C_COST, a, f, b, -cost)
            mask = geti(ti, IntField.ACT_PARTNERS, a)
            if mask == 1 << f:  # a faction's own move: no partner to wait for
                nd, hit = apply(ti, a, _C_ORDER, f, x, turn, seed, wf, wi, nd, explain, log)
                war = war or hit
                continue
            lead = -1
            matched = True
            for p in range(n_f):
                if (mask >> p) & 1:
                    if lead < 0:
                        lead = p
                    found = False
                    for j in range(orders.shape[1]):
                        if orders[p, j] == a:
                            found = True
                    matched = matched and found
            if not matched:
                if explain:
                    _record(explain, log, _C_UNMATCHED, a, f, -1, 0.0)
                continue
            if f != lead:
                continue
            nd, hit = apply(ti, a, _C_ORDER, f, x, turn, seed, wf, wi, nd, explain, log)
            war = war or hit
    _settle(ti, tf, x, turn, wf, wi, nd, False, explain, log)
    # 2. the turn's event
    v = ints[EVENT]
    if v >= 0 and not war:
        ints[FIRED + v] += 1
        if explain:
            _record(explain, log, _C_FIRED, v, -1, -1, 0.0)
        _copy(x, x0)
        nd, hit = apply(ti, ti[Slot.N_ACTIONS] + v, _C_EVENT, -1, x, turn, seed, wf, wi, 0, explain, log)
        war = war or hit
        _settle(ti, tf, x, turn, wf, wi, nd, False, explain, log)
    # 3. rules, evaluated together
    if not war:
        _copy(x, x0)
        nd, hit = apply(ti, ti[Slot.N_ACTIONS] + ti[Slot.N_EVENTS], _C_RULE, -1, x, turn, seed, wf, wi, 0, explain,
                        log)
        war = war or hit
        _settle(ti, tf, x, turn, wf, wi, nd, False, explain, log)
    # 4. triggered events, evaluated together on the state after the rules
    if not war:
        _copy(x, x0)
        nd = 0
        whens = ti[Slot.WF_WEIGHTS]
        event_values(ti, ValueGroup.TRIGGER_WHENS, x0, turn, wf, wi)
        for v in range(ti[Slot.N_EVENTS]):
            if geti(ti, IntField.EV_KIND, v) != 2 or (geti(ti, IntField.EV_ONCE, v) != 0 and ints[FIRED + v] > 0):
                continue
            if not holds(wf[whens + v]):
                continue
            ints[FIRED + v] += 1
            if explain:
                _record(explain, log, _C_FIRED, v, -1, -1, 0.0)
            nd, hit = apply(ti, ti[Slot.N_ACTIONS] + v, _C_TRIGGER, -1, x, turn, seed, wf, wi, nd, explain, log)
            war = war or hit
        _settle(ti, tf, x, turn, wf, wi, nd, False, explain, log)
    _settle(ti, tf, x, turn, wf, wi, 0, True, explain, log)
    ints[TURN] = turn + 1
    if war:
        ints[STATUS] = _WAR
    elif turn + 1 > ti[Slot.N_TURNS]:
        ints[STATUS] = _FINISHED
    begin_turn(ti, tf, x, ints, seed, wf, wi)


@rules_jit
def resolve_explained(ti, tf, x, ints, seed, orders, wf, wi, explain, entries, amounts, count):
    """`resolve_game` called from Python, the explanation buffers given as arrays: numba types each array argument in
    its C fast path but a tuple of arrays in Python, which costs a microsecond a call."""
    resolve_game(ti, tf, x, ints, seed, orders, wf, wi, explain, Explain(entries, amounts, count))


@rules_jit
def _clear_played(ti, wi):
    wi[ti[Slot.WI_PLAYED] : ti[Slot.WI_PLAYED] + ti[Slot.N_FACTIONS] * ti[Slot.N_MOVES]] = 0


@rules_jit
def _prerequisite(ti, tf, x, ints, a, wf, wi):
    """_OK if action a's `requires` holds, _PREREQ if it is zero, _PREREQ_NAN if it is NaN (the played table must be
    clear: nothing is ordered yet). What `pt_prereqs` writes for every action, with the reason."""
    req = geti(ti, IntField.ACT_REQUIRES, a)
    if req < 0:
        return _OK
    value = run(ti, tf, req, x, ints[TURN], wf, wi)
    return _PREREQ_NAN if value != value else _OK if value != 0.0 else _PREREQ


@rules_jit
def check_order(ti, tf, x, ints, orders_f, f, a, wf, wi):
    """Legality code of adding action `a` to faction f's orders (orders_f: its slots)."""
    if ints[STATUS] != _RUNNING:
        return _GAME_OVER
    if (geti(ti, IntField.ACT_PARTNERS, a) >> f) & 1 == 0:
        return _NOT_YOURS
    ap_left, spent, purse = committed(ti, tf, x, orders_f, f)
    code = fits(ti, tf, orders_f, a, ap_left, spent, purse)
    if code != _OK:
        return code
    _clear_played(ti, wi)
    return _prerequisite(ti, tf, x, ints, a, wf, wi)


@rules_jit
def prerequisites(ti, tf, x, ints, wf, wi):
    """Evaluate every action's `requires` once (they depend only on the state) into the work area."""
    _clear_played(ti, wi)
    prerequisites_native(ti, x, ints[TURN], wi)


@rules_jit
def random_orders(ti, tf, x, ints, seed, f, orders_f, wf, wi):
    """Fill faction f's empty slots with uniformly random legal actions until none is legal.

    Call `prerequisites` first for this state. Each slot tries a few actions drawn uniformly from
    the faction's list and keeps the first legal one (rejection sampling); after _TRIES misses it
    lists every legal action and draws among them. Both ways pick each legal action with the same
    probability, and legality is tested exactly as check_order tests it.
    """
    if ints[STATUS] != _RUNNING:
        return
    base, cand = ti[Slot.WI_PREREQS], ti[Slot.WI_CAND]
    bot = stream(seed, ints[TURN], PURPOSE_BOT)
    lo, hi = geti(ti, IntField.FACTION_ACT_START, f), geti(ti, IntField.FACTION_ACT_START, f + 1)
    n_all = hi - lo
    if n_all == 0:
        return
    for k in range(orders_f.shape[0]):
        if orders_f[k] >= 0:
            continue
        ap_left, spent, purse = committed(ti, tf, x, orders_f, f)
        if ap_left < geti(ti, IntField.FACTION_MIN_AP, f):
            return  # no action fits in the points left: what the full listing below would find, sooner
        key = (f * 64 + k) * 64
        chosen = -1
        for attempt in range(_TRIES):
            a = geti(ti, IntField.FACTION_ACT_LIST, lo + min(int(draw(bot, key + attempt) * n_all), n_all - 1))
            if wi[base + a] != 0 and fits(ti, tf, orders_f, a, ap_left, spent, purse) == _OK:
                chosen = a
                break
        if chosen < 0:
            n = 0
            for j in range(lo, hi):
                a = geti(ti, IntField.FACTION_ACT_LIST, j)
                if wi[base + a] != 0 and fits(ti, tf, orders_f, a, ap_left, spent, purse) == _OK:
                    wi[cand + n] = a
                    n += 1
            if n == 0:
                return
            chosen = wi[cand + min(int(draw(bot, key + _TRIES) * n), n - 1)]
        orders_f[k] = chosen


@rules_jit
def random_orders_all(ti, tf, x, ints, seed, orders, wf, wi):
    """Random legal orders for every faction of one game (orders[factions, slots] is cleared first)."""
    orders[:, :] = -1
    if ints[STATUS] != _RUNNING:
        return
    prerequisites(ti, tf, x, ints, wf, wi)
    for f in range(orders.shape[0]):
        random_orders(ti, tf, x, ints, seed, f, orders[f], wf, wi)


@rules_jit_inline
def _term(ti, tf, s, x, ints, wf, wi):
    """The value of scoring term s (before its weight); the played table must be clear."""
    return run(ti, tf, geti(ti, IntField.SCORE_PROG, s), x, ints[TURN], wf, wi)


@rules_jit
def scores_game(ti, tf, x, ints, wf, wi, out):
    """Each faction's score: the sum of weight x term over its scoring terms, in term order."""
    _clear_played(ti, wi)
    out[:] = 0.0
    for s in range(size(ti, IntField.SCORE_PROG)):
        weight = getf(ti, tf, FloatField.SCORE_WEIGHT, s)
        out[geti(ti, IntField.SCORE_FACTION, s)] += weight * _term(ti, tf, s, x, ints, wf, wi)


@rules_jit
def value_game(ti, tf, prog, x, ints, wf, wi):
    """The value of expression program `prog` on a game's state with nothing played (as at a briefing)."""
    _clear_played(ti, wi)
    return run(ti, tf, prog, x, ints[TURN], wf, wi)


@rules_jit
def score_terms_game(ti, tf, x, ints, wf, wi, out):
    """Each scoring term's value before its weight, into out[terms] (the terms scores_game sums)."""
    _clear_played(ti, wi)
    for s in range(size(ti, IntField.SCORE_PROG)):
        out[s] = _term(ti, tf, s, x, ints, wf, wi)


# ---- batch entry points -------------------------------------------------------------------------
# Each operation has a serial body over a range of games, run directly for small batches and per
# block of _BLOCK games in parallel for large ones. Each block gets its own working memory (`_work`)
# from the entry point, which may allocate; the bodies, like the rules, never do.


class Work(NamedTuple):
    """A block's memory: the game's scratch, an orders buffer [factions, slots], unused explanation buffers."""

    wf: np.ndarray
    wi: np.ndarray
    orders: np.ndarray
    log: Explain


@njit(cache=True)
def no_explain():
    """Explanation buffers for a caller that never explains (one row: nothing is written)."""
    return Explain(np.zeros((1, 4), dtype=np.int64), np.zeros(1), np.zeros(1, dtype=np.int64))


@njit(cache=True)
def _work(ti, n_slots):
    """A block's `Work`, its orders buffer with n_slots slots per faction."""
    wf, wi = scratch(ti)
    return Work(wf, wi, np.empty((ti[Slot.N_FACTIONS], n_slots), dtype=np.int64), no_explain())


class Games(NamedTuple):
    """A batch's state as the range bodies take it: x[games, tracks], ints[games, columns], seeds[games]."""

    x: np.ndarray
    ints: np.ndarray
    seeds: np.ndarray


@rules_jit
def _begin_range(ti, tf, games, lo, hi, work):
    for g in range(lo, hi):
        derive(ti, tf, games.x[g], work.wf, work.wi)
        begin_turn(ti, tf, games.x[g], games.ints[g], uint64(games.seeds[g]), work.wf, work.wi)


@rules_jit
def _resolve_range(ti, tf, games, orders, lo, hi, work):
    for g in range(lo, hi):
        resolve_game(ti, tf, games.x[g], games.ints[g], uint64(games.seeds[g]), orders[g], work.wf, work.wi, False,
                     work.log)


@rules_jit
def _random_orders_range(ti, tf, games, orders, lo, hi, work):
    for g in range(lo, hi):
        random_orders_all(ti, tf, games.x[g], games.ints[g], uint64(games.seeds[g]), orders[g], work.wf, work.wi)


@rules_jit
def _rollout_range(ti, tf, games, max_turns, lo, hi, work):
    played = 0
    for g in range(lo, hi):
        x, ints, seed = games.x[g], games.ints[g], uint64(games.seeds[g])
        for _ in range(max_turns):
            if ints[STATUS] != _RUNNING:
                break
            random_orders_all(ti, tf, x, ints, seed, work.orders, work.wf, work.wi)
            resolve_game(ti, tf, x, ints, seed, work.orders, work.wf, work.wi, False, work.log)
            played += 1
    return played


@rules_jit
def _scores_range(ti, tf, X, INTS, OUT, lo, hi, work):
    for g in range(lo, hi):
        scores_game(ti, tf, X[g], INTS[g], work.wf, work.wi, OUT[g])


@njit(cache=True, parallel=True)
def begin_batch(ti, tf, X, INTS, SEEDS):
    """Derive tracks and draw the first turn's event for every game."""
    games, n = Games(X, INTS, SEEDS), X.shape[0]
    if n <= _BLOCK:
        _begin_range(ti, tf, games, 0, n, _work(ti, 1))
        return
    for blk in prange((n + _BLOCK - 1) // _BLOCK):
        _begin_range(ti, tf, games, blk * _BLOCK, min(n, (blk + 1) * _BLOCK), _work(ti, 1))


@njit(cache=True, parallel=True)
def resolve_batch(ti, tf, X, INTS, SEEDS, ORDERS):
    """Resolve one turn of every game (ORDERS[games, factions, slots])."""
    games, n = Games(X, INTS, SEEDS), X.shape[0]
    if n <= _BLOCK:
        _resolve_range(ti, tf, games, ORDERS, 0, n, _work(ti, 1))
        return
    for blk in prange((n + _BLOCK - 1) // _BLOCK):
        _resolve_range(ti, tf, games, ORDERS, blk * _BLOCK, min(n, (blk + 1) * _BLOCK), _work(ti, 1))


@njit(cache=True, parallel=True)
def random_orders_batch(ti, tf, X, INTS, SEEDS, ORDERS):
    """Random legal orders for every faction of every game (ORDERS is overwritten)."""
    games, n = Games(X, INTS, SEEDS), X.shape[0]
    if n <= _BLOCK:
        _random_orders_range(ti, tf, games, ORDERS, 0, n, _work(ti, 1))
        return
    for blk in prange((n + _BLOCK - 1) // _BLOCK):
        _random_orders_range(ti, tf, games, ORDERS, blk * _BLOCK, min(n, (blk + 1) * _BLOCK), _work(ti, 1))


@njit(cache=True, parallel=True)
def rollout_batch(ti, tf, X, INTS, SEEDS, max_turns, n_slots):
    """Play up to max_turns turns of random legal orders in every game; returns game-turns played."""
    games, n = Games(X, INTS, SEEDS), X.shape[0]
    if n <= _BLOCK:
        return _rollout_range(ti, tf, games, max_turns, 0, n, _work(ti, n_slots))
    n_blocks = (n + _BLOCK - 1) // _BLOCK
    played = np.zeros(n_blocks, dtype=np.int64)
    for blk in prange(n_blocks):
        played[blk] = _rollout_range(ti, tf, games, max_turns, blk * _BLOCK, min(n, (blk + 1) * _BLOCK),
                                     _work(ti, n_slots))
    return played.sum()


@njit(cache=True, parallel=True)
def scores_batch(ti, tf, X, INTS, OUT):
    """Scores of every game into OUT[games, factions]."""
    n = X.shape[0]
    if n <= _BLOCK:
        _scores_range(ti, tf, X, INTS, OUT, 0, n, _work(ti, 1))
        return
    for blk in prange((n + _BLOCK - 1) // _BLOCK):
        _scores_range(ti, tf, X, INTS, OUT, blk * _BLOCK, min(n, (blk + 1) * _BLOCK), _work(ti, 1))


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
