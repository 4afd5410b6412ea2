"""The one implementation of the rules: resolve a turn, check an order, pick random orders, score.

Every function works on one game's rows; the batch entry points loop over games in parallel
blocks. A single game is a batch of one, so the game, the bots and the analysis share this code.
Resolution order (DESIGN.md): orders against the start-of-turn state, summed -> the turn's event
-> rules -> triggered events; bounds and derived tracks after each phase.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange, uint64

from game.engine.layout import EVENT, FIRED, STATUS, TURN, Cause, Legality, Status
from game.engine.rng import PURPOSE_BOT, PURPOSE_EFFECT, PURPOSE_EVENT, uniform
from game.engine.vm import run

_RUNNING, _FINISHED, _WAR = int(Status.RUNNING), int(Status.FINISHED), int(Status.WAR)
_C_ORDER, _C_COST, _C_EVENT, _C_RULE, _C_TRIGGER = int(Cause.ORDER), int(Cause.COST), int(Cause.EVENT), int(Cause.RULE), int(Cause.TRIGGER)
_C_LIMIT, _C_DERIVED, _C_MISSED, _C_UNMATCHED, _C_FIRED, _C_END = (
    int(Cause.LIMIT), int(Cause.DERIVED), int(Cause.MISSED), int(Cause.UNMATCHED), int(Cause.FIRED), int(Cause.END))
_OK, _GAME_OVER, _NOT_YOURS, _DUPLICATE, _NO_AP, _NO_BUDGET, _PREREQ = (
    int(Legality.OK), int(Legality.GAME_OVER), int(Legality.NOT_YOURS), int(Legality.DUPLICATE),
    int(Legality.NO_ACTION_POINTS), int(Legality.NO_BUDGET), int(Legality.PREREQUISITE))
_STACK = 32
_BLOCK = 256  # games per parallel block: scratch buffers are allocated once a block


@njit(cache=True)
def scratch(tab):
    """Per-game working memory, reused across games of a block."""
    n_tracks = tab.track_min.shape[0]
    x0 = np.empty(n_tracks)
    stack = np.empty(_STACK)
    played = np.zeros(tab.faction_ap.shape[0] * max(tab.n_moves, 1), dtype=np.uint8)
    mark = np.zeros(n_tracks, dtype=np.uint8)
    dirty = np.empty(n_tracks, dtype=np.int64)
    weights = np.empty(max(tab.ev_kind.shape[0], 1))
    cand = np.empty(max(tab.act_move.shape[0], 1), dtype=np.int64)
    return x0, stack, played, mark, dirty, weights, cand


@njit(cache=True)
def _record(explain, exp_i, exp_f, exp_n, kind, ref, faction, track, amount):
    if not explain:
        return
    n = exp_n[0]
    if n < exp_f.shape[0]:
        exp_i[n, 0] = kind
        exp_i[n, 1] = ref
        exp_i[n, 2] = faction
        exp_i[n, 3] = track
        exp_f[n] = amount
        exp_n[0] = n + 1


@njit(cache=True)
def _touch(t, mark, dirty, nd):
    if mark[t] == 0:
        mark[t] = 1
        dirty[nd] = t
        nd += 1
    return nd


@njit(cache=True)
def _apply(tab, lo, hi, kind, faction, x0, x, played, turn, seed, stack, mark, dirty, nd, explain, exp_i, exp_f, exp_n):
    """Apply effect rows [lo, hi) evaluated on x0 into x. Returns (dirty count, war flag)."""
    war = False
    for e in range(lo, hi):
        w = tab.eff_when[e]
        if w >= 0 and run(tab, w, x0, played, turn, stack) == 0.0:
            continue
        if tab.eff_chance[e] < 1.0 and uniform(seed, turn, PURPOSE_EFFECT, e) >= tab.eff_chance[e]:
            _record(explain, exp_i, exp_f, exp_n, _C_MISSED, e, faction, tab.eff_track[e], 0.0)
            continue
        mode = tab.eff_mode[e]
        if mode == 2:
            war = True
            _record(explain, exp_i, exp_f, exp_n, _C_END, e, faction, -1, 0.0)
            continue
        t = tab.eff_track[e]
        amount = run(tab, tab.eff_amount[e], x0, played, turn, stack)
        if mode == 1:
            amount -= x0[t]
        x[t] += amount
        nd = _touch(t, mark, dirty, nd)
        _record(explain, exp_i, exp_f, exp_n, kind, e, faction, t, amount)
    return nd, war


@njit(cache=True)
def _settle(tab, x, played, turn, stack, mark, dirty, nd, explain, exp_i, exp_f, exp_n):
    """Clamp the tracks a phase touched and recompute derived tracks."""
    if nd == 0:
        return
    for j in range(nd):
        t = dirty[j]
        mark[t] = 0
        v = x[t]
        if v < tab.track_min[t]:
            x[t] = tab.track_min[t]
        elif v > tab.track_max[t]:
            x[t] = tab.track_max[t]
        if x[t] != v:
            _record(explain, exp_i, exp_f, exp_n, _C_LIMIT, -1, -1, t, x[t] - v)
    for d in range(tab.derived_track.shape[0]):
        t = tab.derived_track[d]
        old = x[t]
        v = run(tab, tab.derived_prog[d], x, played, turn, stack)
        x[t] = min(max(v, tab.track_min[t]), tab.track_max[t])
        if explain and x[t] != old:
            _record(explain, exp_i, exp_f, exp_n, _C_DERIVED, -1, -1, t, x[t] - old)


@njit(cache=True)
def derive(tab, x, work):
    """Recompute every derived track from its inputs."""
    stack, played = work[1], work[2]
    played[:] = 0
    for d in range(tab.derived_track.shape[0]):
        t = tab.derived_track[d]
        x[t] = min(max(run(tab, tab.derived_prog[d], x, played, 0, stack), tab.track_min[t]), tab.track_max[t])


@njit(cache=True)
def begin_turn(tab, x, ints, seed, work):
    """Reveal the turn's event: the scheduled one, else one drawn by weight from the eligible deck."""
    x0, stack, played, mark, dirty, weights, cand = work
    turn = ints[TURN]
    ints[EVENT] = -1
    if ints[STATUS] != _RUNNING or turn > tab.n_turns:
        return
    if tab.sched[turn] >= 0:
        ints[EVENT] = tab.sched[turn]
        return
    played[:] = 0
    total = 0.0
    for v in range(tab.ev_kind.shape[0]):
        weights[v] = 0.0
        if tab.ev_kind[v] != 1 or (tab.ev_once[v] != 0 and ints[FIRED + v] > 0):
            continue
        if tab.ev_when[v] >= 0 and run(tab, tab.ev_when[v], x, played, turn, stack) == 0.0:
            continue
        w = run(tab, tab.ev_weight[v], x, played, turn, stack)
        if w > 0.0:
            weights[v] = w
            total += w
    if total <= 0.0:
        return
    r = uniform(seed, turn, PURPOSE_EVENT, 0) * total
    for v in range(tab.ev_kind.shape[0]):
        if weights[v] > 0.0:
            r -= weights[v]
            if r < 0.0:
                ints[EVENT] = v
                return
    for v in range(tab.ev_kind.shape[0] - 1, -1, -1):  # rounding left r at ~0: take the last eligible
        if weights[v] > 0.0:
            ints[EVENT] = v
            return


@njit(cache=True)
def resolve_game(tab, x, ints, seed, orders, work, explain, exp_i, exp_f, exp_n):
    """Resolve one game's turn in place: x[tracks], ints[columns], orders[factions, slots]."""
    if ints[STATUS] != _RUNNING:
        return
    x0, stack, played, mark, dirty, weights, cand = work
    turn = ints[TURN]
    n_f = orders.shape[0]
    n_m = tab.n_moves
    played[:] = 0
    for f in range(n_f):
        for k in range(orders.shape[1]):
            a = orders[f, k]
            if a >= 0:
                played[f * n_m + tab.act_move[a]] = 1
    war = False
    # 1. orders, all against the start-of-turn state
    x0[:] = x
    nd = 0
    for f in range(n_f):
        for k in range(orders.shape[1]):
            a = orders[f, k]
            if a < 0:
                continue
            cost = tab.act_budget[a]
            if cost != 0.0:
                b = tab.faction_budget[f]
                x[b] -= cost
                nd = _touch(b, mark, dirty, nd)
                _record(explain, exp_i, exp_f, exp_n, _C_COST, a, f, b, -cost)
            mask = tab.act_partners[a]
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
                _record(explain, exp_i, exp_f, exp_n, _C_UNMATCHED, a, f, -1, 0.0)
                continue
            if f != lead:
                continue
            nd, hit = _apply(tab, tab.act_eff_lo[a], tab.act_eff_hi[a], _C_ORDER, f, x0, x, played, turn, seed,
                             stack, mark, dirty, nd, explain, exp_i, exp_f, exp_n)
            war = war or hit
    _settle(tab, x, played, turn, stack, mark, dirty, nd, explain, exp_i, exp_f, exp_n)
    # 2. the turn's event
    v = ints[EVENT]
    if v >= 0 and not war:
        ints[FIRED + v] += 1
        _record(explain, exp_i, exp_f, exp_n, _C_FIRED, v, -1, -1, 0.0)
        x0[:] = x
        nd, hit = _apply(tab, tab.ev_eff_lo[v], tab.ev_eff_hi[v], _C_EVENT, -1, x0, x, played, turn, seed,
                         stack, mark, dirty, 0, explain, exp_i, exp_f, exp_n)
        war = war or hit
        _settle(tab, x, played, turn, stack, mark, dirty, nd, explain, exp_i, exp_f, exp_n)
    # 3. rules, evaluated together
    if not war:
        x0[:] = x
        nd = 0
        for r in range(tab.rule_when.shape[0]):
            w = tab.rule_when[r]
            if w >= 0 and run(tab, w, x0, played, turn, stack) == 0.0:
                continue
            nd, hit = _apply(tab, tab.rule_eff_lo[r], tab.rule_eff_hi[r], _C_RULE, -1, x0, x, played, turn, seed,
                             stack, mark, dirty, nd, explain, exp_i, exp_f, exp_n)
            war = war or hit
        _settle(tab, x, played, turn, stack, mark, dirty, nd, explain, exp_i, exp_f, exp_n)
    # 4. triggered events, evaluated together on the state after the rules
    if not war:
        x0[:] = x
        nd = 0
        for v in range(tab.ev_kind.shape[0]):
            if tab.ev_kind[v] != 2 or (tab.ev_once[v] != 0 and ints[FIRED + v] > 0):
                continue
            if run(tab, tab.ev_when[v], x0, played, turn, stack) == 0.0:
                continue
            ints[FIRED + v] += 1
            _record(explain, exp_i, exp_f, exp_n, _C_FIRED, v, -1, -1, 0.0)
            nd, hit = _apply(tab, tab.ev_eff_lo[v], tab.ev_eff_hi[v], _C_TRIGGER, -1, x0, x, played, turn, seed,
                             stack, mark, dirty, nd, explain, exp_i, exp_f, exp_n)
            war = war or hit
        _settle(tab, x, played, turn, stack, mark, dirty, nd, explain, exp_i, exp_f, exp_n)
    ints[TURN] = turn + 1
    if war:
        ints[STATUS] = _WAR
    elif turn + 1 > tab.n_turns:
        ints[STATUS] = _FINISHED
    begin_turn(tab, x, ints, seed, work)


@njit(cache=True)
def check_order(tab, x, ints, orders_f, f, a, work):
    """Legality code of adding action `a` to faction f's orders (orders_f: its slots)."""
    x0, stack, played, mark, dirty, weights, cand = work
    if ints[STATUS] != _RUNNING:
        return _GAME_OVER
    if (tab.act_partners[a] >> f) & 1 == 0:
        return _NOT_YOURS
    m = tab.act_move[a]
    ap = tab.act_ap[a]
    budget = tab.act_budget[a]
    for k in range(orders_f.shape[0]):
        b = orders_f[k]
        if b >= 0:
            if tab.act_move[b] == m:
                return _DUPLICATE
            ap += tab.act_ap[b]
            budget += tab.act_budget[b]
    if ap > tab.faction_ap[f]:
        return _NO_AP
    if budget > x[tab.faction_budget[f]] + 1e-9:
        return _NO_BUDGET
    req = tab.act_requires[a]
    if req >= 0:
        played[:] = 0
        if run(tab, req, x, played, ints[TURN], stack) == 0.0:
            return _PREREQ
    return _OK


@njit(cache=True)
def random_orders(tab, x, ints, seed, f, orders_f, work):
    """Fill faction f's empty slots with uniformly random legal actions until none is legal."""
    cand = work[6]
    turn = ints[TURN]
    for k in range(orders_f.shape[0]):
        if orders_f[k] >= 0:
            continue
        n = 0
        for a in range(tab.act_move.shape[0]):
            if check_order(tab, x, ints, orders_f, f, a, work) == _OK:
                cand[n] = a
                n += 1
        if n == 0:
            return
        pick = int(uniform(seed, turn, PURPOSE_BOT, f * 64 + k) * n)
        orders_f[k] = cand[min(pick, n - 1)]


@njit(cache=True)
def scores_game(tab, x, ints, work, out):
    """Each faction's score: the sum of weight x term over its scoring terms."""
    stack, played = work[1], work[2]
    played[:] = 0
    out[:] = 0.0
    for s in range(tab.score_prog.shape[0]):
        out[tab.score_faction[s]] += tab.score_weight[s] * run(tab, tab.score_prog[s], x, played, ints[TURN], stack)


# ---- batch entry points: parallel over blocks of games -----------------------------------------

_NO_EXPLAIN_I = np.zeros((1, 4), dtype=np.int64)
_NO_EXPLAIN_F = np.zeros(1)
_NO_EXPLAIN_N = np.zeros(1, dtype=np.int64)


@njit(cache=True, parallel=True)
def begin_batch(tab, X, INTS, SEEDS):
    """Draw the first turn's event for every game."""
    n = X.shape[0]
    for blk in prange((n + _BLOCK - 1) // _BLOCK):
        work = scratch(tab)
        for g in range(blk * _BLOCK, min(n, (blk + 1) * _BLOCK)):
            begin_turn(tab, X[g], INTS[g], uint64(SEEDS[g]), work)


@njit(cache=True, parallel=True)
def resolve_batch(tab, X, INTS, SEEDS, ORDERS):
    """Resolve one turn of every game (ORDERS[games, factions, slots])."""
    n = X.shape[0]
    ei, ef, en = np.zeros((1, 4), dtype=np.int64), np.zeros(1), np.zeros(1, dtype=np.int64)
    for blk in prange((n + _BLOCK - 1) // _BLOCK):
        work = scratch(tab)
        for g in range(blk * _BLOCK, min(n, (blk + 1) * _BLOCK)):
            resolve_game(tab, X[g], INTS[g], uint64(SEEDS[g]), ORDERS[g], work, False, ei, ef, en)


@njit(cache=True, parallel=True)
def random_orders_batch(tab, X, INTS, SEEDS, ORDERS):
    """Random legal orders for every faction of every game (ORDERS is cleared first)."""
    n = X.shape[0]
    for blk in prange((n + _BLOCK - 1) // _BLOCK):
        work = scratch(tab)
        for g in range(blk * _BLOCK, min(n, (blk + 1) * _BLOCK)):
            ORDERS[g, :, :] = -1
            for f in range(ORDERS.shape[1]):
                random_orders(tab, X[g], INTS[g], uint64(SEEDS[g]), f, ORDERS[g, f], work)


@njit(cache=True, parallel=True)
def rollout_batch(tab, X, INTS, SEEDS, max_turns, n_slots):
    """Play up to max_turns turns of random legal orders in every game; returns game-turns played."""
    n = X.shape[0]
    n_f = tab.faction_ap.shape[0]
    played_turns = np.zeros(n, dtype=np.int64)
    ei, ef, en = np.zeros((1, 4), dtype=np.int64), np.zeros(1), np.zeros(1, dtype=np.int64)
    for blk in prange((n + _BLOCK - 1) // _BLOCK):
        work = scratch(tab)
        orders = np.empty((n_f, n_slots), dtype=np.int64)
        for g in range(blk * _BLOCK, min(n, (blk + 1) * _BLOCK)):
            seed = uint64(SEEDS[g])
            for _ in range(max_turns):
                if INTS[g, 1] != _RUNNING:
                    break
                orders[:, :] = -1
                for f in range(n_f):
                    random_orders(tab, X[g], INTS[g], seed, f, orders[f], work)
                resolve_game(tab, X[g], INTS[g], seed, orders, work, False, ei, ef, en)
                played_turns[g] += 1
    return played_turns.sum()


@njit(cache=True, parallel=True)
def scores_batch(tab, X, INTS, OUT):
    """Scores of every game into OUT[games, factions]."""
    n = X.shape[0]
    for blk in prange((n + _BLOCK - 1) // _BLOCK):
        work = scratch(tab)
        for g in range(blk * _BLOCK, min(n, (blk + 1) * _BLOCK)):
            scores_game(tab, X[g], INTS[g], work, OUT[g])
