"""The search policy in the kernel: regret matching over batched rollouts, at the root of a simultaneous turn.

Orders are simultaneous and secret, so the search treats the coming turn as a one-shot game
between the three factions, each choosing among a few candidate order sets, and looks for its
equilibrium by regret matching (Hart & Mas-Colell 2000, in its "plus" form, RM+: Tammelin 2014),
the root of simultaneous-move Monte Carlo search (Lanctot et al. 2013):

1. **Candidates.** For every faction, from the public state: the order sets of each of its
   doctrines, the greedy one-turn lookahead's set, and greedy completions that start from each of
   the `seeds` single orders with the best one-turn margin. Duplicates are dropped.
2. **Iterations.** Each faction samples a candidate from its current strategy (its positive
   regrets, normalised). Then, for every faction and every one of its candidates, a rollout plays
   the turn with that candidate against the others' samples and `horizon - 1` more turns with
   each faction following a doctrine drawn for the iteration, and scores the faction's margin over
   its best rival (a war is a heavy loss for all, SEARCH_WAR_MARGIN). All rollouts of an iteration share its dice
   (common random numbers), so candidates are compared on the same luck. Regrets grow by each
   candidate's margin minus the sampled one's and are floored at zero.
3. **Choice.** The candidate played most in the iteration-weighted average strategy (its margin
   breaks ties).

Every rollout resolves with `kernel.resolve_game`, the one implementation of the rules, and with
dice from the bot's own lookahead seed, never the game's. The functions that play never allocate;
`search_memory` allocates a search's working memory once.
"""

from __future__ import annotations

import numpy as np
from numba import njit, uint64

from game.engine.doctrine import doctrine_orders
from game.engine.kernel import (
    _committed, _fits, prerequisites, random_orders, resolve_game, rules_jit, scores_game, scratch,
)
from game.engine.layout import EMPTY, STATUS, TURN, Legality, Status
from game.engine.policies import _margin, greedy_orders, lookahead_memory
from game.engine.rng import draw, mix64, stream
from game.engine.tables import (
    FACTION_ACT_LIST, FACTION_ACT_START, FACTION_DOC_START, FACTION_MIN_AP, N_FACTIONS, N_TRACKS, WI_PREREQS, geti,
)

_RUNNING, _WAR, _OK = int(Status.RUNNING), int(Status.WAR), int(Legality.OK)
MAX_CANDIDATES = 24  # order sets per faction: its doctrines, the greedy set and up to `seeds` completions
ROLLOUT_SALT = 0x5851F42D4C957F2D  # moves each iteration's rollout dice away from the lookahead seed
PURPOSE_SEARCH = 11  # the search's own draws (samples and doctrines), apart from the rules' purposes
# A rollout that ends in war scores this margin for every faction: worse than any margin of scores, yet finite, so
# one unlucky rollout cannot swamp the regrets.
SEARCH_WAR_MARGIN = -100.0
# where search_memory's tuple holds each array
(CAND, N_CAND, REGRET, AVG, UTIL, PICK, DOC, JOINT, RX, RINTS, MARGINS, BASE_M, SCORES, SLOTS, TOP_A, TOP_M, RWF, RWI,
 COUNTS, WARS) = range(20)


@njit(cache=True)
def search_memory(ti, n_slots, n_ints):
    """A search's working memory (reusable across games and factions)."""
    n_f, n_t = ti[N_FACTIONS], ti[N_TRACKS]
    cand = np.full((n_f, MAX_CANDIDATES, n_slots), EMPTY, dtype=np.int64)
    n_cand = np.zeros(n_f, dtype=np.int64)
    regret = np.zeros((n_f, MAX_CANDIDATES))
    avg = np.zeros((n_f, MAX_CANDIDATES))
    util = np.zeros((n_f, MAX_CANDIDATES))
    pick = np.zeros(n_f, dtype=np.int64)
    doc = np.zeros(n_f, dtype=np.int64)
    joint = np.full((n_f, n_slots), EMPTY, dtype=np.int64)
    rx = np.empty(n_t)
    rints = np.empty(n_ints, dtype=np.int64)
    margins = np.empty(n_f)
    base_m = np.empty(n_f)
    scores = np.empty(n_f)
    slots = np.empty(n_slots, dtype=np.int64)
    top_a = np.empty(MAX_CANDIDATES, dtype=np.int64)
    top_m = np.empty(MAX_CANDIDATES)
    rwf, rwi = scratch(ti)
    counts = np.zeros(3, dtype=np.int64)  # iterations done, rollouts played, whether the last rollout ended in war
    wars = np.zeros((n_f, MAX_CANDIDATES), dtype=np.int64)  # rollouts of each candidate that ended in war
    return (cand, n_cand, regret, avg, util, pick, doc, joint, rx, rints, margins, base_m, scores, slots, top_a,
            top_m, rwf, rwi, counts, wars)


@rules_jit
def _same(cand, p, c, slots):
    """Whether candidate c of faction p orders the same actions as `slots` (in any slot order)."""
    for k in range(slots.shape[0]):
        a = slots[k]
        found = False
        for j in range(slots.shape[0]):
            if cand[p, c, j] == a:
                found = True
        if not found:
            return False
    n1, n2 = 0, 0
    for k in range(slots.shape[0]):
        n1 += slots[k] >= 0
        n2 += cand[p, c, k] >= 0
    return n1 == n2


@rules_jit
def _add_candidate(mem, p, slots):
    cand, n_cand = mem[CAND], mem[N_CAND]
    n = n_cand[p]
    for c in range(n):
        if _same(cand, p, c, slots):
            return
    if n < MAX_CANDIDATES:
        for k in range(slots.shape[0]):
            cand[p, n, k] = slots[k]
        n_cand[p] = n + 1


@rules_jit
def _copy_slots(src, dst):
    for k in range(dst.shape[0]):
        dst[k] = src[k]


@rules_jit
def candidates(ti, tf, x, ints, look, p, base, seeds, wf, wi, sim, mem):
    """Faction p's candidate order sets (each keeps `base`, its orders so far): its doctrines' sets,
    the greedy set, and greedy completions of the `seeds` best single additions. Call
    `kernel.prerequisites` first for this state."""
    slots, top_a, top_m = mem[SLOTS], mem[TOP_A], mem[TOP_M]
    mem[N_CAND][p] = 0
    for d in range(geti(ti, FACTION_DOC_START, p), geti(ti, FACTION_DOC_START, p + 1)):
        _copy_slots(base, slots)
        doctrine_orders(ti, tf, x, ints, look, p, d, slots, wf, wi)
        _add_candidate(mem, p, slots)
    _copy_slots(base, slots)
    greedy_orders(ti, tf, x, ints, look, p, slots, wf, wi, sim)
    _add_candidate(mem, p, slots)
    # the best single additions by one-turn margin, kept sorted in top_a/top_m
    n_top = 0
    free = -1
    for k in range(base.shape[0]):
        if base[k] < 0:
            free = k
            break
    if free < 0 or seeds <= 0:
        return
    ap_left, spent, purse = _committed(ti, tf, x, base, p)
    if ap_left < geti(ti, FACTION_MIN_AP, p):
        return
    keep = min(seeds, MAX_CANDIDATES)
    for j in range(geti(ti, FACTION_ACT_START, p), geti(ti, FACTION_ACT_START, p + 1)):
        a = geti(ti, FACTION_ACT_LIST, j)
        if wi[ti[WI_PREREQS] + a] == 0 or _fits(ti, tf, base, a, ap_left, spent, purse) != _OK:
            continue
        _copy_slots(base, slots)
        slots[free] = a
        m = _margin(ti, tf, x, ints, look, p, slots, sim)
        if n_top < keep:
            n_top += 1
        elif not m > top_m[n_top - 1]:
            continue
        i = n_top - 1
        while i > 0 and m > top_m[i - 1]:
            top_a[i], top_m[i] = top_a[i - 1], top_m[i - 1]
            i -= 1
        top_a[i], top_m[i] = a, m
    for i in range(n_top):
        _copy_slots(base, slots)
        slots[free] = top_a[i]
        greedy_orders(ti, tf, x, ints, look, p, slots, wf, wi, sim)
        _add_candidate(mem, p, slots)


@rules_jit
def rollout(ti, tf, x, ints, seed, horizon, mem, sim_e):
    """Play mem's joint orders for one turn, then horizon - 1 turns of each faction's doctrine (mem's doc), on
    `seed`'s dice; every faction's margin over its best rival goes to mem's margins (SEARCH_WAR_MARGIN on war)."""
    joint, rx, rints, margins, scores = mem[JOINT], mem[RX], mem[RINTS], mem[MARGINS], mem[SCORES]
    rwf, rwi, counts, doc = mem[RWF], mem[RWI], mem[COUNTS], mem[DOC]
    ei, ef, en = sim_e
    for t in range(rx.shape[0]):
        rx[t] = x[t]
    for c in range(rints.shape[0]):
        rints[c] = ints[c]
    resolve_game(ti, tf, rx, rints, seed, joint, rwf, rwi, False, ei, ef, en)
    for _ in range(1, horizon):  # later turns reuse the joint rows (the caller sets them again before a rollout)
        if rints[STATUS] != _RUNNING:
            break
        prerequisites(ti, tf, rx, rints, rwf, rwi)
        joint[:, :] = EMPTY
        for q in range(joint.shape[0]):
            if doc[q] >= 0:
                doctrine_orders(ti, tf, rx, rints, seed, q, doc[q], joint[q], rwf, rwi)
            else:  # a faction without doctrines plays random legal orders
                random_orders(ti, tf, rx, rints, seed, q, joint[q], rwf, rwi)
        resolve_game(ti, tf, rx, rints, seed, joint, rwf, rwi, False, ei, ef, en)
    counts[1] += 1
    counts[2] = rints[STATUS] == _WAR
    if counts[2]:
        for q in range(margins.shape[0]):
            margins[q] = SEARCH_WAR_MARGIN
        return
    scores_game(ti, tf, rx, rints, rwf, rwi, scores)
    for q in range(margins.shape[0]):
        rival = -np.inf
        for r in range(scores.shape[0]):
            if r != q and scores[r] > rival:
                rival = scores[r]
        margins[q] = scores[q] - rival


@rules_jit
def _set_joint(mem, p, c):
    """mem's joint orders: every faction's sampled candidate, faction p's candidate c instead (p = -1: none)."""
    cand, pick, joint = mem[CAND], mem[PICK], mem[JOINT]
    for q in range(joint.shape[0]):
        k = c if q == p else pick[q]
        for s in range(joint.shape[1]):
            joint[q, s] = cand[q, k, s]


@rules_jit
def iterate(ti, tf, x, ints, look, horizon, lo, hi, mem, sim_e):
    """Regret-matching iterations lo..hi-1 (see the module docstring)."""
    n_cand, regret, avg, util, wars = mem[N_CAND], mem[REGRET], mem[AVG], mem[UTIL], mem[WARS]
    pick, doc, margins, base_m, counts = mem[PICK], mem[DOC], mem[MARGINS], mem[BASE_M], mem[COUNTS]
    n_f = n_cand.shape[0]
    for it in range(lo, hi):
        key = stream(look, ints[TURN] * 4096 + it, PURPOSE_SEARCH)
        dice = mix64(uint64(look) ^ (uint64(it + 1) * uint64(ROLLOUT_SALT)))
        for p in range(n_f):
            total = 0.0
            for c in range(n_cand[p]):
                total += max(regret[p, c], 0.0)
            r = draw(key, p)
            k = 0
            if total > 0.0:
                r *= total
                for c in range(n_cand[p]):
                    k = c
                    r -= max(regret[p, c], 0.0)
                    if r < 0.0:
                        break
            else:
                k = min(int(r * n_cand[p]), n_cand[p] - 1)
            pick[p] = k
            weight = float(it + 1)  # RM+ averages with linearly growing weights
            for c in range(n_cand[p]):
                share = max(regret[p, c], 0.0) / total if total > 0.0 else 1.0 / n_cand[p]
                avg[p, c] += weight * share
            n_docs = geti(ti, FACTION_DOC_START, p + 1) - geti(ti, FACTION_DOC_START, p)
            doc[p] = geti(ti, FACTION_DOC_START, p) + min(int(draw(key, 64 + p) * n_docs), n_docs - 1) if n_docs else -1
        _set_joint(mem, -1, 0)
        rollout(ti, tf, x, ints, dice, horizon, mem, sim_e)
        base_war = counts[2]
        for q in range(n_f):
            base_m[q] = margins[q]
        for p in range(n_f):
            for c in range(n_cand[p]):
                if c == pick[p]:
                    u, war = base_m[p], base_war
                else:
                    _set_joint(mem, p, c)
                    rollout(ti, tf, x, ints, dice, horizon, mem, sim_e)
                    u, war = margins[p], counts[2]
                if war:
                    wars[p, c] += 1
                else:
                    util[p, c] += u
                regret[p, c] = max(regret[p, c] + u - base_m[p], 0.0)
        counts[0] = it + 1


@rules_jit
def begin(ti, tf, x, ints, look, f, orders_f, seeds, wf, wi, sim, mem):
    """Prepare a search for faction f: clear mem and list every faction's candidates (f's keep its orders so far)."""
    cand, n_cand, regret, avg, util, slots, counts = mem[CAND], mem[N_CAND], mem[REGRET], mem[AVG], mem[UTIL], \
        mem[SLOTS], mem[COUNTS]
    cand[:, :, :] = EMPTY
    regret[:, :] = 0.0
    avg[:, :] = 0.0
    util[:, :] = 0.0
    mem[WARS][:, :] = 0
    counts[:] = 0
    prerequisites(ti, tf, x, ints, wf, wi)
    base = mem[JOINT][0]  # a free row to hold each faction's starting orders
    for p in range(n_cand.shape[0]):
        for k in range(base.shape[0]):
            base[k] = orders_f[k] if p == f else EMPTY
        candidates(ti, tf, x, ints, look, p, base, seeds, wf, wi, sim, mem)
        if n_cand[p] == 0:  # nothing legal beyond the orders so far
            for k in range(slots.shape[0]):
                cand[p, 0, k] = base[k]
            n_cand[p] = 1


@rules_jit
def best(mem, f):
    """The index of faction f's chosen candidate: most weight in the average strategy, then best mean margin."""
    n_cand, avg, util = mem[N_CAND], mem[AVG], mem[UTIL]
    top = 0
    for c in range(1, n_cand[f]):
        if avg[f, c] > avg[f, top] + 1e-9 or (abs(avg[f, c] - avg[f, top]) <= 1e-9 and util[f, c] > util[f, top]):
            top = c
    return top


@rules_jit
def search_orders(ti, tf, x, ints, look, f, orders_f, seeds, iterations, horizon, wf, wi, sim, mem, sim_e):
    """Fill faction f's empty slots by the whole search (begin, every iteration, best); returns orders added."""
    if ints[STATUS] != _RUNNING:
        return 0
    begin(ti, tf, x, ints, look, f, orders_f, seeds, wf, wi, sim, mem)
    iterate(ti, tf, x, ints, look, horizon, 0, iterations, mem, sim_e)
    c = best(mem, f)
    added = 0
    for k in range(orders_f.shape[0]):
        if orders_f[k] < 0 and mem[CAND][f, c, k] >= 0:
            added += 1
        orders_f[k] = mem[CAND][f, c, k]
    return added


@njit(cache=True)
def search_memories(ti, n_slots, n_ints):
    """Everything a search needs besides the game's own scratch: (greedy sim memory, search memory, explain stubs)."""
    return lookahead_memory(ti, n_slots), search_memory(ti, n_slots, n_ints), \
        (np.zeros((1, 4), dtype=np.int64), np.zeros(1), np.zeros(1, dtype=np.int64))

