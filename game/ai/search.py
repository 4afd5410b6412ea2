"""The search bot: regret matching over batched rollouts, at the root of a simultaneous turn, at three levels.

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

Seats name it `search:easy`, `search:normal` (the default) or `search:hard`. A level is an
iteration budget, a rollout depth and a time budget. The bot runs its iterations in small
steps and checks the clock between steps: it stops early only if the time budget runs out
first, and says so. On this machine every level finishes its iterations well inside its time
budget, so its choice depends only on its view and its seed, exactly as in a batch analysis.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np
from numba import njit, uint64

from game.ai import BotKind, register
from game.ai.deals import place
from game.ai.doctrine import doctrine_fill, doctrine_round
from game.ai.greedy import (KNOWN, greedy_answer, greedy_orders, greedy_propose, greedy_proposal, greedy_reply,
                            lookahead_margin, lookahead_memory)
from game.engine.jit import rules_jit
from game.engine.kernel import no_explain, prerequisites, random_orders, resolve_game, scores_game, scratch
from game.engine.layout import EMPTY, STATUS, TURN, Legality, Status
from game.engine.margins import SEARCH_WAR_MARGIN, TIE, committed, fits, margin_over_rival
from game.engine.rng import draw, lookahead_seed, mix64, stream
from game.engine.tables import IntField, Slot, geti, lowered
from game.i18n import _, ngettext
from game.rules.compiled import Rules
from game.session.desk import OrderDesk
from game.session.orders import Order
from game.session.proposals import Proposal, Reply
from game.session.view import View
from game.session.words import action_name, clauses, faction_name, listed



_RUNNING, _WAR, _OK = int(Status.RUNNING), int(Status.WAR), int(Legality.OK)
MAX_CANDIDATES = 24  # order sets per faction: its doctrines, the greedy set and up to `seeds` completions
ROLLOUT_SALT = 0x5851F42D4C957F2D  # moves each iteration's rollout dice away from the lookahead seed
PURPOSE_SEARCH = 11  # the search's own draws (samples and doctrines), apart from the rules' purposes


class SearchMemory(NamedTuple):
    """A search's working memory (`search_memory`), F factions, C = MAX_CANDIDATES candidates, S slots."""

    cand: np.ndarray  # [F, C, S] each faction's candidate order sets
    n_cand: np.ndarray  # [F] how many candidates each has
    regret: np.ndarray  # [F, C]
    avg: np.ndarray  # [F, C] the iteration-weighted average strategy
    util: np.ndarray  # [F, C] summed margins of rollouts without war
    pick: np.ndarray  # [F] each faction's sampled candidate this iteration
    doc: np.ndarray  # [F] each faction's doctrine for this iteration's later turns, -1 none
    joint: np.ndarray  # [F, S] the joint orders a rollout plays
    rx: np.ndarray  # [tracks] a rollout's game copy
    rints: np.ndarray  # [columns]
    margins: np.ndarray  # [F] the last rollout's margins
    base_m: np.ndarray  # [F] the sampled joint orders' margins
    scores: np.ndarray  # [F]
    slots: np.ndarray  # [S] a candidate being built
    top_a: np.ndarray  # [C] the best single additions, by one-turn margin
    top_m: np.ndarray  # [C] their margins
    rwf: np.ndarray  # a rollout's scratch
    rwi: np.ndarray
    counts: np.ndarray  # [3] iterations done, rollouts played, whether the last rollout ended in war
    wars: np.ndarray  # [F, C] rollouts of each candidate that ended in war
    talk: np.ndarray  # [1] 1 when allies negotiate: candidates keep the deals, rollouts' doctrines negotiate
    rdeals: np.ndarray  # [F, S] a rollout turn's deals


@njit(cache=True)
def search_memory(ti, n_slots, n_ints):
    """A search's working memory (reusable across games and factions)."""
    n_f, n_t = ti[Slot.N_FACTIONS], ti[Slot.N_TRACKS]
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
    counts = np.zeros(3, dtype=np.int64)
    wars = np.zeros((n_f, MAX_CANDIDATES), dtype=np.int64)
    talk = np.zeros(1, dtype=np.int64)
    rdeals = np.full((n_f, n_slots), EMPTY, dtype=np.int64)
    return SearchMemory(cand, n_cand, regret, avg, util, pick, doc, joint, rx, rints, margins, base_m, scores, slots,
                        top_a, top_m, rwf, rwi, counts, wars, talk, rdeals)


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
    cand, n_cand = mem.cand, mem.n_cand
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
    slots, top_a, top_m = mem.slots, mem.top_a, mem.top_m
    mem.n_cand[p] = 0
    for d in range(geti(ti, IntField.FACTION_DOC_START, p), geti(ti, IntField.FACTION_DOC_START, p + 1)):
        _copy_slots(base, slots)
        doctrine_fill(ti, tf, x, ints, look, p, d, slots, wf, wi, mem.talk[0] != 0)
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
        _add_candidate(mem, p, slots)


@rules_jit
def rollout(ti, tf, x, ints, seed, horizon, mem, log):
    """Play mem's joint orders for one turn, then horizon - 1 turns of each faction's doctrine (mem's doc), on
    `seed`'s dice; every faction's margin over its best rival goes to mem's margins (SEARCH_WAR_MARGIN on war)."""
    joint, rx, rints, margins, scores = mem.joint, mem.rx, mem.rints, mem.margins, mem.scores
    rwf, rwi, counts, doc = mem.rwf, mem.rwi, mem.counts, mem.doc
    for t in range(rx.shape[0]):
        rx[t] = x[t]
    for c in range(rints.shape[0]):
        rints[c] = ints[c]
    resolve_game(ti, tf, rx, rints, seed, joint, rwf, rwi, False, log)
    for _turn in range(1, horizon):  # later turns reuse the joint rows (the caller sets them again before a rollout)
        if rints[STATUS] != _RUNNING:
            break
        prerequisites(ti, tf, rx, rints, rwf, rwi)
        joint[:, :] = EMPTY
        talk = mem.talk[0] != 0
        if talk:  # the doctrines it plays there negotiate as the bots of a batch do
            doctrine_round(ti, tf, rx, rints, seed, doc, joint, mem.rdeals, rwf, rwi)
        for q in range(joint.shape[0]):
            if doc[q] >= 0:
                doctrine_fill(ti, tf, rx, rints, seed, q, doc[q], joint[q], rwf, rwi, talk)
            else:  # a faction without doctrines plays random legal orders
                random_orders(ti, tf, rx, rints, seed, q, joint[q], rwf, rwi)
        resolve_game(ti, tf, rx, rints, seed, joint, rwf, rwi, False, log)
    counts[1] += 1
    counts[2] = rints[STATUS] == _WAR
    if counts[2]:
        for q in range(margins.shape[0]):
            margins[q] = SEARCH_WAR_MARGIN
        return
    scores_game(ti, tf, rx, rints, rwf, rwi, scores)
    for q in range(margins.shape[0]):
        margins[q] = margin_over_rival(scores, q)


@rules_jit
def _set_joint(mem, p, c):
    """mem's joint orders: every faction's sampled candidate, faction p's candidate c instead (p = -1: none)."""
    cand, pick, joint = mem.cand, mem.pick, mem.joint
    for q in range(joint.shape[0]):
        k = c if q == p else pick[q]
        for s in range(joint.shape[1]):
            joint[q, s] = cand[q, k, s]


@rules_jit
def iterate(ti, tf, x, ints, look, horizon, lo, hi, mem, log):
    """Regret-matching iterations lo..hi-1 (see the module docstring)."""
    n_cand, regret, avg, util, wars = mem.n_cand, mem.regret, mem.avg, mem.util, mem.wars
    pick, doc, margins, base_m, counts = mem.pick, mem.doc, mem.margins, mem.base_m, mem.counts
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
            first = geti(ti, IntField.FACTION_DOC_START, p)
            n_docs = geti(ti, IntField.FACTION_DOC_START, p + 1) - first
            doc[p] = first + min(int(draw(key, 64 + p) * n_docs), n_docs - 1) if n_docs else -1
        _set_joint(mem, -1, 0)
        rollout(ti, tf, x, ints, dice, horizon, mem, log)
        base_war = counts[2]
        for q in range(n_f):
            base_m[q] = margins[q]
        for p in range(n_f):
            for c in range(n_cand[p]):
                if c == pick[p]:
                    u, war = base_m[p], base_war
                else:
                    _set_joint(mem, p, c)
                    rollout(ti, tf, x, ints, dice, horizon, mem, log)
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
    cand, n_cand, regret, avg, util, slots, counts = mem.cand, mem.n_cand, mem.regret, mem.avg, mem.util, \
        mem.slots, mem.counts
    cand[:, :, :] = EMPTY
    regret[:, :] = 0.0
    avg[:, :] = 0.0
    util[:, :] = 0.0
    mem.wars[:, :] = 0
    counts[:] = 0
    prerequisites(ti, tf, x, ints, wf, wi)
    base = mem.joint[0]  # a free row to hold each faction's starting orders
    known = sim[KNOWN]  # f's deals: every partner's candidates keep them
    for p in range(n_cand.shape[0]):
        for k in range(base.shape[0]):
            base[k] = orders_f[k] if p == f else EMPTY
        if p != f:
            for i in range(known.shape[0]):
                if known[i] >= 0 and (geti(ti, IntField.ACT_PARTNERS, known[i]) >> p) & 1:
                    place(base, known[i])
        candidates(ti, tf, x, ints, look, p, base, seeds, wf, wi, sim, mem)
        if n_cand[p] == 0:  # nothing legal beyond the orders so far
            for k in range(slots.shape[0]):
                cand[p, 0, k] = base[k]
            n_cand[p] = 1


@rules_jit
def best(mem, f):
    """The index of faction f's chosen candidate: most weight in the average strategy, then best mean margin."""
    n_cand, avg, util = mem.n_cand, mem.avg, mem.util
    top = 0
    for c in range(1, n_cand[f]):
        if avg[f, c] > avg[f, top] + TIE or (abs(avg[f, c] - avg[f, top]) <= TIE and util[f, c] > util[f, top]):
            top = c
    return top


@rules_jit
def search_orders(ti, tf, x, ints, look, f, orders_f, seeds, iterations, horizon, wf, wi, sim, mem, log):
    """Fill faction f's empty slots by the whole search (begin, every iteration, best); returns orders added."""
    if ints[STATUS] != _RUNNING:
        return 0
    begin(ti, tf, x, ints, look, f, orders_f, seeds, wf, wi, sim, mem)
    iterate(ti, tf, x, ints, look, horizon, 0, iterations, mem, log)
    c = best(mem, f)
    added = 0
    for k in range(orders_f.shape[0]):
        if orders_f[k] < 0 and mem.cand[f, c, k] >= 0:
            added += 1
        orders_f[k] = mem.cand[f, c, k]
    return added


@rules_jit
def batch_policy(ti, tf, x, ints, seed, f, params, orders_f, wf, wi, memory):
    """The batch's search seat (`game.ai.batch`): params[1:4] are seeds, iterations, horizon; the faction's
    lookahead seed rolls the dice."""
    sim, mem, log = memory[0], memory[1], memory[2]
    mem.talk[0] = memory[3][1][0]
    search_orders(ti, tf, x, ints, lookahead_seed(seed, f), f, orders_f, params[1], params[2], params[3], wf, wi, sim,
                  mem, log)


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
    """Everything a search needs besides the game's own scratch: (greedy sim memory, search memory, explain stubs)."""
    return lookahead_memory(ti, n_slots), search_memory(ti, n_slots, n_ints), no_explain()


@dataclass(frozen=True)
class SearchResult:
    """What the search chose for one faction, with what it learned on the way."""

    slots: np.ndarray  # the faction's slots after choosing
    candidates: list[list[np.ndarray]]  # per faction, its candidate order sets (action indices, EMPTY where free)
    strategy: list[np.ndarray]  # per faction, its average strategy over its candidates (sums to 1)
    margin: list[np.ndarray]  # per faction, each candidate's mean margin over its best rival in rollouts without war
    war: list[np.ndarray]  # per faction, the share of each candidate's rollouts that ended in war
    chosen: int  # the index of the faction's chosen candidate
    iterations: int  # regret-matching iterations run
    rollouts: int  # rollouts played


class Search:
    """One search for one faction of one game, run in steps so a caller can stop it at a time budget.

    `begin` lists the candidates, `step(n)` runs n more iterations, `result()` picks. A search
    that runs all its iterations chooses exactly what the batch policy (`batch_policy`) chooses.
    """

    def __init__(self, rules: Rules, x: np.ndarray, ints: np.ndarray, look_seed: int, faction: int, seeds: int,
                 horizon: int, slots: np.ndarray | None = None, deals: np.ndarray | None = None,
                 proposals: bool = True):
        self.rules, self.faction, self.horizon = rules, faction, horizon
        self.look = np.uint64(look_seed)
        self.x = np.ascontiguousarray(x, dtype=np.float64)
        self.ints = np.ascontiguousarray(ints, dtype=np.int64)
        self.slots = np.full(rules.max_orders, EMPTY, dtype=np.int64) if slots is None else np.array(slots, dtype=np.int64)
        self.ti, self.tf = lowered(rules)
        self.wf, self.wi = scratch(self.ti)
        self.sim, self.mem, self.log = search_memories(self.ti, rules.max_orders, self.ints.shape[0])
        if deals is not None:  # the deals it is party to: every partner's candidates keep them
            self.sim[KNOWN][: len(deals)] = deals
        self.mem.talk[0] = int(proposals)
        begin(self.ti, self.tf, self.x, self.ints, self.look, faction, self.slots, seeds, self.wf, self.wi,
              self.sim, self.mem)

    @property
    def iterations(self) -> int:
        return int(self.mem.counts[0])

    def step(self, n: int) -> None:
        """Run n more regret-matching iterations."""
        done = self.iterations
        iterate(self.ti, self.tf, self.x, self.ints, self.look, self.horizon, done, done + n, self.mem, self.log)

    def result(self) -> SearchResult:
        """The choice so far (its slots keep the faction's orders given at the start)."""
        mem = self.mem
        cand, n_cand, avg, util, wars = mem.cand, mem.n_cand, mem.avg, mem.util, mem.wars
        chosen = int(best(mem, self.faction))
        runs = max(self.iterations, 1)
        strategy, margin, war, sets = [], [], [], []
        for p in range(len(n_cand)):
            n = int(n_cand[p])
            total = avg[p, :n].sum()
            strategy.append(avg[p, :n] / total if total > 0 else np.full(n, 1.0 / n))
            margin.append(util[p, :n] / np.maximum(runs - wars[p, :n], 1))
            war.append(wars[p, :n] / runs)
            sets.append([cand[p, c].copy() for c in range(n)])
        return SearchResult(cand[self.faction, chosen].copy(), sets, strategy, margin, war, chosen, self.iterations,
                            int(mem.counts[1]))


@dataclass(frozen=True)
class Level:
    """A search level's budgets."""

    label: str
    seeds: int  # greedy completions of the best single orders, per faction, among the candidates
    iterations: int  # regret-matching iterations (each plays one rollout per candidate of every faction)
    horizon: int  # turns a rollout plays: the coming one, then horizon - 1 by doctrines (capped by the game's end)
    seconds: float  # the time budget the bot checks between steps


LEVELS = {
    "easy": Level("easy", seeds=2, iterations=20, horizon=1, seconds=0.25),
    "normal": Level("normal", seeds=6, iterations=100, horizon=3, seconds=1.0),
    "hard": Level("hard", seeds=10, iterations=400, horizon=40, seconds=4.0),
}
DEFAULT = "normal"
STEP = 10  # iterations between clock checks


@register("search")
class SearchBot(BotKind):
    """Plays the turn as a one-shot game among the three factions and looks for its equilibrium by regret matching
    over rollouts; orders the candidate set its average strategy plays most.

    Information it uses, all through its view and desk (`OrderDesk.lookahead`): every track it may see, the turn,
    the revealed event, which events have fired, and its own pending orders. It models the other
    factions from the same public state (their candidates are their doctrines' and greedy sets),
    never from their pending orders, and its rollouts roll its own lookahead dice, never the game's.
    """

    summary = "regret matching over rollouts: looks for the best reply to what the others are likely to do"
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
        return lv.seeds, lv.iterations, lv.horizon

    @classmethod
    def check_params(cls, rules, rows):
        if not ((rows[:, 2] >= 0) & (rows[:, 3] >= 1)).all():
            raise ValueError("a search needs iterations >= 0 and a horizon of at least 1 turn")

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
        search = Search(rules, look.x, look.ints, look.seed, f, level.seeds, level.horizon, look.slots, look.deals)
        search.step(0)  # the first use in a process loads (or compiles) the kernel: not the search's time
        started = self.clock()
        while search.iterations < level.iterations and self.clock() - started < level.seconds:
            search.step(min(STEP, level.iterations - search.iterations))
        result = search.result()
        added = [int(a) for a, b in zip(result.slots, look.slots) if a != b]
        orders = [Order(rules.actions[a].move.id, rules.actions[a].target) for a in added]
        return orders, reason(rules, level, f, result, look.slots)


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


def reason(rules: Rules, level: Level, f: int, result: SearchResult, before: np.ndarray) -> str:
    """The choice in plain words: what it ordered, the margin it expects, what it expects of the others."""
    chosen = result.chosen
    margin = result.margin[f][chosen]
    depth = min(level.horizon, rules.n_turns)
    n_plans = len(result.candidates[f])
    if margin >= 0.05:
        ahead = _("about {margin} ahead of the best rival", margin=f"{margin:.1f}")
    elif margin <= -0.05:
        ahead = _("about {margin} behind the best rival", margin=f"{-margin:.1f}")
    else:
        ahead = _("about level with the best rival")
    text = ngettext("search ({level}): {orders}. Of the {plans} plans it weighed, this one holds up best against what "
                    "it expects the others to do: in {rollouts} rollouts {n} turn deep it ends {ahead} (it plays this "
                    "plan in {share} of its equilibrium mix)",
                    "search ({level}): {orders}. Of the {plans} plans it weighed, this one holds up best against what "
                    "it expects the others to do: in {rollouts} rollouts {n} turns deep it ends {ahead} (it plays this "
                    "plan in {share} of its equilibrium mix)", depth, level=level_words(level.label),
                    orders=_set_text(rules, result.slots, before), plans=n_plans, rollouts=f"{result.rollouts:,}",
                    ahead=ahead, share=f"{result.strategy[f][chosen]:.0%}")
    if result.war[f][chosen] > 0:
        text = _("{text}; {share} of those rollouts ended in war", text=text, share=f"{result.war[f][chosen]:.0%}")
    others = []
    for p, faction in enumerate(rules.factions):
        if p == f:
            continue
        likely = int(np.argmax(result.strategy[p]))
        others.append(_("{faction}: {orders}", faction=faction_name(rules, faction.id),
                        orders=_set_text(rules, result.candidates[p][likely])))
    if result.iterations < level.iterations:
        text = _("{text}. It stopped at its time budget of {seconds} s after {done} of {iterations} iterations",
                 text=text, seconds=f"{level.seconds:g}", done=result.iterations, iterations=level.iterations)
    return _("{text}. It expects {others}", text=text, others=clauses(others))
