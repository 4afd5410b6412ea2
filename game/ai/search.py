"""The search bot: the rollout algorithm over the greedy lookahead, at three levels.

It improves on a base policy, the greedy lookahead (`game.ai.greedy`), by one step of policy
iteration: the rollout algorithm (Bertsekas, "Rollout, Policy Iteration, and Distributed
Reinforcement Learning", 2020; Tesauro & Galperin 1996). For the faction it plays:

1. **Plans.** From the public state: the greedy plan (the orders the greedy lookahead would give),
   each shorter start of it, the plans of the faction's doctrines, and greedy completions that start
   from each of the `seeds` single orders with the best one-turn margin. Duplicates are dropped;
   every plan keeps the faction's orders so far (its agreed deals among them).
2. **Samples.** Each sample draws its own dice from the bot's lookahead seed. With them it plays the
   other factions' coming turn as greedy seats play it (their negotiation round among themselves
   included, each partner keeping the deals the faction made with it), from the public state alone.
   Then, for every plan, a rollout plays the turn with that plan against those orders and
   `horizon - 1` more turns with every faction greedy (negotiating as greedy seats do), and scores
   the faction's margin over its best rival (a war is a heavy loss, SEARCH_WAR_MARGIN). All plans of
   a sample share its dice (common random numbers), so they are compared on the same luck.
3. **Choice.** The plan with the highest mean margin; a tie goes to the greedy plan.

A level may model the others one step further (`model`, search:hard): before its samples it runs,
for each other faction, the same search (with `model` samples and the first sample's dice) from
that faction's side, and every sample then plays the orders that search chooses for it in place of
its greedy ones: a best reply to opponents who search as search:normal does (level-k reasoning:
Stahl & Wilson 1995; Camerer, Ho & Chong's cognitive hierarchy, 2004). The later turns stay greedy.

Every rollout resolves with `kernel.resolve_game`, the one implementation of the rules, and with
dice from the bot's own lookahead seed, never the game's. The functions that play never allocate;
`search_memory` allocates a search's working memory once. It proposes and answers joint moves as
the greedy lookahead does (`greedy_propose`, `greedy_answer`).

Seats name it `search:easy`, `search:normal` (the default) or `search:hard`. A level is a number
of completions, of dice samples, a rollout depth, the others' model and a time budget. The bot
models the others first, then runs its samples one at a time and checks the clock between them: it
stops early only if the time budget runs out first, and says so. On this machine every level
finishes its samples well inside its time budget, so its choice depends only on its view and its
seed, exactly as in a batch analysis.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np
from numba import njit, uint64

from game.ai import BotKind, register
from game.ai.deals import ACCEPT, place, record
from game.ai.doctrine import doctrine_fill
from game.ai.greedy import (CACHED, KNOWN, PLANNED, SINGLES, greedy_answer, greedy_fill, greedy_orders,
                            greedy_propose, greedy_proposal, greedy_reply, lookahead_margin, lookahead_memory, planned)
from game.engine.jit import rules_jit
from game.engine.kernel import no_explain, prerequisites, resolve_game, scores_game, scratch
from game.engine.layout import EMPTY, STATUS, TURN, Legality, Status
from game.engine.margins import SEARCH_WAR_MARGIN, TIE, committed, fits, margin_over_rival
from game.engine.rng import lookahead_seed, mix64
from game.engine.tables import IntField, Slot, geti, lowered
from game.i18n import _, ngettext
from game.rules.compiled import Rules
from game.session.desk import OrderDesk
from game.session.orders import Order
from game.session.proposals import Proposal, Reply
from game.session.view import View
from game.session.words import action_name, clauses, faction_name, listed



_RUNNING, _WAR, _OK = int(Status.RUNNING), int(Status.WAR), int(Legality.OK)
MAX_CANDIDATES = 24  # the faction's plans: greedy's, its doctrines', up to `seeds` completions and greedy's prefixes
ROLLOUT_SALT = 0x5851F42D4C957F2D  # moves each sample's rollout dice away from the lookahead seed


class SearchMemory(NamedTuple):
    """A search's working memory (`search_memory`), F factions, C = MAX_CANDIDATES plans, S slots."""

    cand: np.ndarray  # [C, S] the deciding faction's candidate plans (greedy's first)
    n_cand: np.ndarray  # [1] how many it has
    util: np.ndarray  # [C] summed margins over the samples (a war counts SEARCH_WAR_MARGIN)
    wars: np.ndarray  # [C] rollouts of each plan that ended in war
    known: np.ndarray  # [S] the deals the deciding faction is party to (each ordered by every partner)
    others: np.ndarray  # [F, S] this sample's coming orders of the other factions, as greedy plays them
    odeals: np.ndarray  # [F, S] the deals each faction is party to in that turn
    expect: np.ndarray  # [F, S] the first sample's `others`: what the bot expects the others to order
    model: np.ndarray  # [F, S] each other faction's coming orders as a search of its own chooses them (`model_others`)
    modelled: np.ndarray  # [1] 1 when `model` stands for the others' greedy orders in every sample
    joint: np.ndarray  # [F, S] the joint orders a rollout plays
    rdeals: np.ndarray  # [F, S] a rollout turn's deals
    rx: np.ndarray  # [tracks] a rollout's game copy
    rints: np.ndarray  # [columns]
    scores: np.ndarray  # [F]
    slots: np.ndarray  # [S] a plan being built
    top_a: np.ndarray  # [C] the best single additions, by one-turn margin
    top_m: np.ndarray  # [C] their margins
    rwf: np.ndarray  # a rollout's scratch
    rwi: np.ndarray
    rsim: tuple  # the greedy lookahead's memory (`lookahead_memory`) for the factions a rollout plays
    counts: np.ndarray  # [2] samples done, rollouts played
    talk: np.ndarray  # [1] 1 when allies negotiate: rollouts' greedy factions negotiate as greedy seats do


@njit(cache=True)
def search_memory(ti, n_slots, n_ints):
    """A search's working memory (reusable across games and factions)."""
    n_f, n_t = ti[Slot.N_FACTIONS], ti[Slot.N_TRACKS]
    rwf, rwi = scratch(ti)
    rows = np.full((6, n_f, n_slots), EMPTY, dtype=np.int64)  # others, odeals, expect, model, joint, rdeals
    return SearchMemory(np.full((MAX_CANDIDATES, n_slots), EMPTY, dtype=np.int64), np.zeros(1, dtype=np.int64),
                        np.zeros(MAX_CANDIDATES), np.zeros(MAX_CANDIDATES, dtype=np.int64),
                        np.full(n_slots, EMPTY, dtype=np.int64), rows[0], rows[1], rows[2], rows[3],
                        np.zeros(1, dtype=np.int64), rows[4], rows[5], np.empty(n_t), np.empty(n_ints, dtype=np.int64),
                        np.empty(n_f), np.empty(n_slots, dtype=np.int64), np.empty(MAX_CANDIDATES, dtype=np.int64),
                        np.empty(MAX_CANDIDATES), rwf, rwi, lookahead_memory(ti, n_slots), np.zeros(2, dtype=np.int64),
                        np.zeros(1, dtype=np.int64))


@rules_jit
def _same(cand, c, slots):
    """Whether plan c orders the same actions as `slots` (in any slot order)."""
    for k in range(slots.shape[0]):
        a = slots[k]
        found = False
        for j in range(slots.shape[0]):
            if cand[c, j] == a:
                found = True
        if not found:
            return False
    n1, n2 = 0, 0
    for k in range(slots.shape[0]):
        n1 += slots[k] >= 0
        n2 += cand[c, k] >= 0
    return n1 == n2


@rules_jit
def _add_candidate(mem, slots):
    cand, n_cand = mem.cand, mem.n_cand
    n = n_cand[0]
    for c in range(n):
        if _same(cand, c, slots):
            return
    if n < MAX_CANDIDATES:
        for k in range(slots.shape[0]):
            cand[n, k] = slots[k]
        n_cand[0] = n + 1


@rules_jit
def _copy_slots(src, dst):
    for k in range(dst.shape[0]):
        dst[k] = src[k]


@rules_jit
def candidates(ti, tf, x, ints, look, p, base, seeds, wf, wi, sim, mem):
    """Faction p's candidate plans (each keeps `base`, its orders so far): the greedy plan first, then each shorter
    start of it (ordering less), its doctrines' plans, and greedy completions of the `seeds` best single additions.
    Call `kernel.prerequisites` first for this state."""
    slots, top_a, top_m = mem.slots, mem.top_a, mem.top_m
    mem.n_cand[0] = 0
    _copy_slots(base, slots)
    greedy_orders(ti, tf, x, ints, look, p, slots, wf, wi, sim)
    _add_candidate(mem, slots)
    for k in range(slots.shape[0] - 1, -1, -1):  # greedy's plan without its last orders, one at a time
        if base[k] < 0 and slots[k] >= 0:
            slots[k] = EMPTY
            _add_candidate(mem, slots)
    for d in range(geti(ti, IntField.FACTION_DOC_START, p), geti(ti, IntField.FACTION_DOC_START, p + 1)):
        _copy_slots(base, slots)
        doctrine_fill(ti, tf, x, ints, look, p, d, slots, wf, wi, mem.talk[0] != 0)
        _add_candidate(mem, slots)
    # the best single additions by one-turn margin, kept sorted in top_a/top_m
    n_top = 0
    free = -1
    for k in range(base.shape[0]):
        if base[k] < 0:
            free = k
            break
    if free < 0 or seeds <= 0:
        return
    ap_left, spent, purse = committed(ti, tf, x, base, p)
    if ap_left < geti(ti, IntField.FACTION_MIN_AP, p):
        return
    keep = min(seeds, MAX_CANDIDATES)
    for j in range(geti(ti, IntField.FACTION_ACT_START, p), geti(ti, IntField.FACTION_ACT_START, p + 1)):
        a = geti(ti, IntField.FACTION_ACT_LIST, j)
        if wi[ti[Slot.WI_PREREQS] + a] == 0 or fits(ti, tf, base, a, ap_left, spent, purse) != _OK:
            continue
        _copy_slots(base, slots)
        slots[free] = a
        m = lookahead_margin(ti, tf, x, ints, look, p, slots, sim)
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
        _add_candidate(mem, slots)


@rules_jit
def _know(rsim, deals, q):
    """Before greedy faction q decides in a rollout: the deals it knows are its own."""
    known = rsim[KNOWN]
    for k in range(known.shape[0]):
        known[k] = deals[q, k]


@rules_jit
def _agree(ti, orders, deals, rsim, a):
    """A deal on action a in a rollout, as the batch makes one (`game.ai.batch.bot_round`)."""
    record(ti, orders, deals, a)
    mask, cached = geti(ti, IntField.ACT_PARTNERS, a), rsim[CACHED]
    for q in range(orders.shape[0]):
        if (mask >> q) & 1:
            cached[q] &= PLANNED


@rules_jit
def greedy_turn(ti, tf, x, ints, seed, orders, deals, skip, talk, wf, wi, rsim):
    """Every faction but `skip` plays one turn's orders as a greedy seat of a batch whose game seed is `seed`: with
    `talk`, the negotiation round first (`game.ai.batch.bot_round`, `skip` a seat that neither proposes nor answers),
    then each fills its empty slots knowing its deals. orders and deals hold what is already agreed; call
    `prerequisites` first."""
    n_f = orders.shape[0]
    cached = rsim[CACHED]
    cached[:] = 0
    if talk:
        for f in range(n_f):
            if f == skip:
                continue
            _know(rsim, deals, f)
            a = greedy_propose(ti, tf, x, ints, lookahead_seed(seed, f), f, orders[f], wf, wi, rsim)
            if a < 0:
                continue
            mask = geti(ti, IntField.ACT_PARTNERS, a)
            agreed, counter, by = True, -1, -1
            for q in range(n_f):
                if q == f or (mask >> q) & 1 == 0:
                    continue
                if q == skip:
                    agreed = False
                    break
                _know(rsim, deals, q)
                r = greedy_answer(ti, tf, x, ints, lookahead_seed(seed, q), q, orders[q], a, f, wf, wi, rsim)
                if r != ACCEPT:
                    agreed = False
                    if r >= 0:
                        counter, by = r, q
                    break
            if agreed:
                _agree(ti, orders, deals, rsim, a)
            elif counter >= 0:
                _know(rsim, deals, f)
                if greedy_answer(ti, tf, x, ints, lookahead_seed(seed, f), f, orders[f], counter, by, wf, wi,
                                 rsim) == ACCEPT:
                    _agree(ti, orders, deals, rsim, counter)
    for q in range(n_f):
        if q == skip:
            continue
        _know(rsim, deals, q)
        if not planned(rsim, q, orders[q]):
            greedy_fill(ti, tf, x, ints, lookahead_seed(seed, q), q, orders[q], wf, wi, rsim, cached[q] & SINGLES != 0)
        cached[q] = 0


@rules_jit
def _dice(look, s):
    """Sample s's rollout seed: the game seed its rollouts resolve with, and their greedy factions plan with."""
    return mix64(uint64(look) ^ (uint64(s + 1) * uint64(ROLLOUT_SALT)))


@rules_jit
def others_turn(ti, tf, x, ints, dice, f, mem):
    """This sample's coming orders of every faction but f (mem's others): greedy seats of a game seeded `dice`,
    negotiating among themselves, each partner of f keeping the deals f made with it."""
    others, odeals, known = mem.others, mem.odeals, mem.known
    others[:, :] = EMPTY
    odeals[:, :] = EMPTY
    for i in range(known.shape[0]):
        a = known[i]
        if a >= 0:
            mask = geti(ti, IntField.ACT_PARTNERS, a)
            for q in range(others.shape[0]):
                if (mask >> q) & 1:
                    place(odeals[q], a)
                    if q != f:
                        place(others[q], a)
    prerequisites(ti, tf, x, ints, mem.rwf, mem.rwi)
    greedy_turn(ti, tf, x, ints, dice, others, odeals, f, mem.talk[0] != 0, mem.rwf, mem.rwi, mem.rsim)


@rules_jit
def rollout(ti, tf, x, ints, dice, f, c, horizon, mem, log):
    """Faction f's margin over its best rival (SEARCH_WAR_MARGIN on war) after plan c against this sample's others
    for the coming turn, then horizon - 1 turns of every faction playing greedy, all on `dice`."""
    joint, rx, rints, rwf, rwi, scores = mem.joint, mem.rx, mem.rints, mem.rwf, mem.rwi, mem.scores
    for t in range(rx.shape[0]):
        rx[t] = x[t]
    for k in range(rints.shape[0]):
        rints[k] = ints[k]
    for q in range(joint.shape[0]):
        for s in range(joint.shape[1]):
            joint[q, s] = mem.cand[c, s] if q == f else mem.others[q, s]
    resolve_game(ti, tf, rx, rints, dice, joint, rwf, rwi, False, log)
    talk = mem.talk[0] != 0
    for _turn in range(1, horizon):
        if rints[STATUS] != _RUNNING:
            break
        prerequisites(ti, tf, rx, rints, rwf, rwi)
        joint[:, :] = EMPTY
        mem.rdeals[:, :] = EMPTY
        greedy_turn(ti, tf, rx, rints, dice, joint, mem.rdeals, -1, talk, rwf, rwi, mem.rsim)
        resolve_game(ti, tf, rx, rints, dice, joint, rwf, rwi, False, log)
    mem.counts[1] += 1
    if rints[STATUS] == _WAR:
        return SEARCH_WAR_MARGIN, True
    scores_game(ti, tf, rx, rints, rwf, rwi, scores)
    return margin_over_rival(scores, f), False


@rules_jit
def sample(ti, tf, x, ints, look, f, horizon, lo, hi, mem, log):
    """Samples lo..hi-1: each draws its dice, plays the others' coming turn, and one rollout of every plan."""
    for s in range(lo, hi):
        dice = _dice(look, s)
        others_turn(ti, tf, x, ints, dice, f, mem)
        if mem.modelled[0]:
            for q in range(mem.others.shape[0]):
                if q != f:
                    _copy_slots(mem.model[q], mem.others[q])
        if s == 0:
            for q in range(mem.others.shape[0]):
                _copy_slots(mem.others[q], mem.expect[q])
        for c in range(mem.n_cand[0]):
            m, war = rollout(ti, tf, x, ints, dice, f, c, horizon, mem, log)
            mem.util[c] += m
            mem.wars[c] += war
        mem.counts[0] = s + 1


@rules_jit
def begin(ti, tf, x, ints, look, f, orders_f, seeds, wf, wi, sim, mem):
    """Prepare a search for faction f: clear mem and list f's plans (each keeps its orders so far). sim's `known`
    holds the deals f is party to."""
    mem.cand[:, :] = EMPTY
    mem.util[:] = 0.0
    mem.wars[:] = 0
    mem.counts[:] = 0
    mem.expect[:, :] = EMPTY
    mem.modelled[0] = 0
    _copy_slots(sim[KNOWN], mem.known)
    prerequisites(ti, tf, x, ints, wf, wi)
    candidates(ti, tf, x, ints, look, f, orders_f, seeds, wf, wi, sim, mem)
    if mem.n_cand[0] == 0:  # nothing legal beyond the orders so far
        _copy_slots(orders_f, mem.cand[0])
        mem.n_cand[0] = 1


@rules_jit
def best(mem):
    """The index of the chosen plan: the highest summed margin; a tie goes to the earlier plan (greedy's first)."""
    top = 0
    for c in range(1, mem.n_cand[0]):
        if mem.util[c] > mem.util[top] + TIE:
            top = c
    return top


@rules_jit
def model_others(ti, tf, x, ints, look, f, seeds, samples, horizon, mem, inner, log):
    """After `begin`: each other faction's coming orders as a search of `samples` dice samples (with f's `seeds`
    and `horizon`) would choose them for it, from the public state and the dice of f's first sample, each keeping
    the deals it has in that sample; every sample then plays those orders for it instead of its greedy ones."""
    if samples <= 0:
        return
    dice = _dice(look, 0)
    others_turn(ti, tf, x, ints, dice, f, mem)
    base, known = mem.slots, mem.rsim[KNOWN]
    inner.talk[0] = mem.talk[0]
    for q in range(mem.others.shape[0]):
        if q == f:
            continue
        base[:] = EMPTY
        for k in range(base.shape[0]):
            known[k] = mem.odeals[q, k]
            if known[k] >= 0:
                place(base, known[k])
        look_q = lookahead_seed(dice, q)
        begin(ti, tf, x, ints, look_q, q, base, seeds, mem.rwf, mem.rwi, mem.rsim, inner)
        sample(ti, tf, x, ints, look_q, q, horizon, 0, samples, inner, log)
        _copy_slots(inner.cand[best(inner)], mem.model[q])
    mem.modelled[0] = 1


@rules_jit
def search_orders(ti, tf, x, ints, look, f, orders_f, seeds, samples, horizon, model, wf, wi, sim, mem, inner, log):
    """Fill faction f's empty slots by the whole search (begin, the others' model, every sample, best); returns
    orders added."""
    if ints[STATUS] != _RUNNING:
        return 0
    begin(ti, tf, x, ints, look, f, orders_f, seeds, wf, wi, sim, mem)
    model_others(ti, tf, x, ints, look, f, seeds, model, horizon, mem, inner, log)
    sample(ti, tf, x, ints, look, f, horizon, 0, samples, mem, log)
    c = best(mem)
    added = 0
    for k in range(orders_f.shape[0]):
        if orders_f[k] < 0 and mem.cand[c, k] >= 0:
            added += 1
        orders_f[k] = mem.cand[c, k]
    return added


@rules_jit
def batch_policy(ti, tf, x, ints, seed, f, params, orders_f, wf, wi, memory):
    """The batch's search seat (`game.ai.batch`): params[1:5] are seeds, samples, horizon and the others' model's
    samples; the faction's lookahead seed rolls the dice."""
    sim, mem, inner, log = memory[0], memory[1][0], memory[1][1], memory[2]
    mem.talk[0] = memory[3][1][0]
    search_orders(ti, tf, x, ints, lookahead_seed(seed, f), f, orders_f, params[1], params[2], params[3], params[4],
                  wf, wi, sim, mem, inner, log)


@rules_jit
def batch_propose(ti, tf, x, ints, seed, f, params, orders_f, wf, wi, memory):
    """The batch's search proposal (`game.ai.batch.bot_round`): its greedy building block's (`greedy_propose`)."""
    return greedy_propose(ti, tf, x, ints, lookahead_seed(seed, f), f, orders_f, wf, wi, memory[0])


@rules_jit
def batch_answer(ti, tf, x, ints, seed, q, params, orders_q, a, proposer, wf, wi, memory):
    """The batch's search answer (`game.ai.batch.bot_round`): its greedy building block's (`greedy_answer`)."""
    return greedy_answer(ti, tf, x, ints, lookahead_seed(seed, q), q, orders_q, a, proposer, wf, wi, memory[0])


@njit(cache=True)
def search_memories(ti, n_slots, n_ints):
    """Everything a search needs besides the game's own scratch: (greedy sim memory, (search memory, the memory of
    the searches that model the others), explain stubs)."""
    return lookahead_memory(ti, n_slots), (search_memory(ti, n_slots, n_ints), search_memory(ti, n_slots, n_ints)), \
        no_explain()


@dataclass(frozen=True)
class SearchResult:
    """What the search chose for one faction, with what it learned on the way."""

    slots: np.ndarray  # the faction's slots after choosing
    candidates: list[np.ndarray]  # its candidate plans (action indices, EMPTY where free), the greedy plan first
    margin: np.ndarray  # each plan's mean margin over its best rival in the rollouts (a war at SEARCH_WAR_MARGIN)
    war: np.ndarray  # the share of each plan's rollouts that ended in war
    chosen: int  # the index of the chosen plan
    expected: np.ndarray  # [factions, slots] the others' coming orders it expects (its first sample's)
    samples: int  # dice samples played
    rollouts: int  # rollouts played


class Search:
    """One search for one faction of one game, run in steps so a caller can stop it at a time budget.

    `begin` lists the plans, `step(n)` plays n more dice samples, `result()` picks. A search
    that plays all its samples chooses exactly what the batch policy (`batch_policy`) chooses.
    """

    def __init__(self, rules: Rules, x: np.ndarray, ints: np.ndarray, look_seed: int, faction: int, seeds: int,
                 horizon: int, slots: np.ndarray | None = None, deals: np.ndarray | None = None,
                 proposals: bool = True, model: int = 0):
        self.rules, self.faction, self.horizon = rules, faction, horizon
        self.look = np.uint64(look_seed)
        self.x = np.ascontiguousarray(x, dtype=np.float64)
        self.ints = np.ascontiguousarray(ints, dtype=np.int64)
        self.slots = np.full(rules.max_orders, EMPTY, dtype=np.int64) if slots is None else np.array(slots, dtype=np.int64)
        self.ti, self.tf = lowered(rules)
        self.wf, self.wi = scratch(self.ti)
        self.sim, (self.mem, inner), self.log = search_memories(self.ti, rules.max_orders, self.ints.shape[0])
        if deals is not None:  # the deals it is party to: every partner keeps them
            self.sim[KNOWN][: len(deals)] = deals
        self.mem.talk[0] = int(proposals)
        begin(self.ti, self.tf, self.x, self.ints, self.look, faction, self.slots, seeds, self.wf, self.wi,
              self.sim, self.mem)
        model_others(self.ti, self.tf, self.x, self.ints, self.look, faction, seeds, model, horizon, self.mem, inner,
                     self.log)

    @property
    def samples(self) -> int:
        return int(self.mem.counts[0])

    def step(self, n: int) -> None:
        """Play n more dice samples."""
        done = self.samples
        sample(self.ti, self.tf, self.x, self.ints, self.look, self.faction, self.horizon, done, done + n, self.mem,
               self.log)

    def result(self) -> SearchResult:
        """The choice so far (its slots keep the faction's orders given at the start)."""
        mem = self.mem
        n = int(mem.n_cand[0])
        chosen = int(best(mem))
        runs = max(self.samples, 1)
        return SearchResult(mem.cand[chosen].copy(), [mem.cand[c].copy() for c in range(n)], mem.util[:n] / runs,
                            mem.wars[:n] / runs, chosen, mem.expect.copy(), self.samples, int(mem.counts[1]))


@dataclass(frozen=True)
class Level:
    """A search level's budgets."""

    label: str
    seeds: int  # greedy completions of the best single orders among the plans
    samples: int  # dice samples (each plays one rollout per plan)
    horizon: int  # turns a rollout plays: the coming one, then horizon - 1 with every faction greedy (up to the end)
    model: int  # 0: it expects the others to play their coming turn as greedy; else as a search of this many samples
    seconds: float  # the time budget the bot checks between steps


LEVELS = {
    "easy": Level("easy", seeds=2, samples=2, horizon=3, model=0, seconds=0.25),
    "normal": Level("normal", seeds=6, samples=4, horizon=8, model=0, seconds=1.0),
    "hard": Level("hard", seeds=6, samples=8, horizon=8, model=4, seconds=4.0),
}
DEFAULT = "normal"
STEP = 1  # samples between clock checks


@register("search")
class SearchBot(BotKind):
    """Plays each of a few plans on through rollouts in which every faction follows the greedy lookahead, and orders
    the plan that ends best: one step of policy improvement over greedy.

    Information it uses, all through its view and desk (`OrderDesk.lookahead`): every track it may see, the turn,
    the revealed event, which events have fired, its own pending orders and the deals it made. It models the other
    factions from the same public state (as greedy seats, with its own dice), never from their pending orders,
    and its rollouts roll its own lookahead dice, never the game's.
    """

    summary = "rollouts of its plans with every faction then playing greedy: the plan that ends best"
    kernel = staticmethod(batch_policy)
    propose_kernel = staticmethod(batch_propose)
    answer_kernel = staticmethod(batch_answer)

    def __init__(self, level: str = "", clock: Callable[[], float] = time.perf_counter):
        super().__init__(level or DEFAULT)
        self.clock = clock

    @classmethod
    def levels(cls, rules, faction):
        return [(name, name) for name in LEVELS]

    @classmethod
    def default_level(cls, rules, faction):
        return DEFAULT

    @classmethod
    def params(cls, rules, faction, level):
        lv = LEVELS[level or DEFAULT]
        return lv.seeds, lv.samples, lv.horizon, lv.model

    @classmethod
    def check_params(cls, rules, rows):
        if not ((rows[:, 2] >= 0) & (rows[:, 3] >= 1) & (rows[:, 4] >= 0)).all():
            raise ValueError("a search needs samples >= 0, a horizon of at least 1 turn and a model of samples >= 0")

    def propose(self, view: View, desk: OrderDesk) -> tuple[Order, str] | None:
        return greedy_proposal(desk.lookahead().rules, view, desk)

    def answer(self, view: View, desk: OrderDesk, proposal: Proposal) -> Reply:
        return greedy_reply(desk.lookahead().rules, view, desk, proposal)

    def choose(self, view: View, desk: OrderDesk) -> tuple[list[Order], str]:
        if view.over:
            return [], _("the game is over")
        level = LEVELS[self.level]
        look = desk.lookahead()
        rules = look.rules
        f = rules.faction_index[view.faction]
        search = Search(rules, look.x, look.ints, look.seed, f, level.seeds, level.horizon, look.slots, look.deals,
                        model=level.model)
        search.step(0)  # the first use in a process loads (or compiles) the kernel: not the search's time
        started = self.clock()
        while search.samples < level.samples and self.clock() - started < level.seconds:
            search.step(min(STEP, level.samples - search.samples))
        result = search.result()
        added = [int(a) for a, b in zip(result.slots, look.slots) if a != b]
        orders = [Order(rules.actions[a].move.id, rules.actions[a].target) for a in added]
        return orders, reason(rules, level, f, result, look.slots, rules.n_turns - int(look.ints[TURN]) + 1)


def _set_text(rules: Rules, slots: np.ndarray, keep: np.ndarray | None = None) -> str:
    names = [action_name(rules, int(a)) for k, a in enumerate(slots) if a >= 0 and (keep is None or keep[k] < 0)]
    return listed(names) or _("nothing")


def level_words(label: str) -> str:
    """A search level's label in the current language."""
    if label == "easy":
        return _("easy")
    if label == "normal":
        return _("normal")
    if label == "hard":
        return _("hard")
    return label


def _ahead(margin: float) -> str:
    if margin >= 0.05:
        return _("about {margin} ahead of the best rival", margin=f"{margin:.1f}")
    if margin <= -0.05:
        return _("about {margin} behind the best rival", margin=f"{-margin:.1f}")
    return _("about level with the best rival")


def reason(rules: Rules, level: Level, f: int, result: SearchResult, before: np.ndarray, turns_left: int) -> str:
    """The choice in plain words: what it ordered, the margin it expects, greedy's plan's, what it expects of the
    others. `turns_left` counts the coming turn."""
    chosen = result.chosen
    depth = min(level.horizon, turns_left)
    text = ngettext("search ({level}): {orders}. Of the {plans} plans it weighed, this one ends best when every "
                    "faction then plays the greedy lookahead: in {rollouts} rollouts {n} turn deep it ends {ahead}",
                    "search ({level}): {orders}. Of the {plans} plans it weighed, this one ends best when every "
                    "faction then plays the greedy lookahead: in {rollouts} rollouts {n} turns deep it ends {ahead}",
                    depth, level=level_words(level.label), orders=_set_text(rules, result.slots, before),
                    plans=len(result.candidates), rollouts=f"{result.rollouts:,}",
                    ahead=_ahead(float(result.margin[chosen])))
    if result.war[chosen] > 0:
        text = _("{text}; {share} of those rollouts ended in war", text=text, share=f"{result.war[chosen]:.0%}")
    if chosen != 0:
        text = _("{text}, where the greedy plan ({orders}) ends {ahead}", text=text,
                 orders=_set_text(rules, result.candidates[0], before), ahead=_ahead(float(result.margin[0])))
    if result.samples < level.samples:
        text = _("{text}. It stopped at its time budget of {seconds} s after {done} of {samples} dice samples",
                 text=text, seconds=f"{level.seconds:g}", done=result.samples, samples=level.samples)
    others = [_("{faction}: {orders}", faction=faction_name(rules, faction.id),
                orders=_set_text(rules, result.expected[p]))
              for p, faction in enumerate(rules.factions) if p != f]
    return _("{text}. It expects {others}", text=text, others=clauses(others))
