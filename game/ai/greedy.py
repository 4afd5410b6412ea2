"""The greedy bot: a one-turn lookahead that adds, one at a time, the order that most improves its lead.

The kernel policy (`greedy_orders`) fills a faction's empty slots one at a time. For each slot it
simulates the turn once per legal action (on a copy of the game, every other faction ordering
nothing, since orders are simultaneous and secret), scores the result as its margin over the best
rival (`game.engine.margins`), and adds the best action if it beats adding nothing more. The
lookahead never sees the game's own chance rolls or its next drawn event: it resolves with the
faction's *lookahead seed* (`game.engine.rng.lookahead_seed`), so its simulated dice are
independent of the real ones. Ties are broken by draws from that seed's bot stream, so the policy
is deterministic per seed. Like the kernel, the functions that play never allocate.

The adapter (`GreedyBot`) runs the same function on its faction's view and says why in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from game.ai import BotKind, register
from game.ai.deals import ACCEPT, DECLINE, DRAWS, NONE, is_joint, joint_fits, partners_with, place
from game.ai.replies import action_of, order_of, proposal_text, reply
from game.engine import kernel
from game.engine.jit import rules_jit, rules_jit_inline
from game.engine.kernel import no_explain, prerequisites, resolve_game, scores_game, scratch
from game.engine.layout import EMPTY, INT_COLUMNS, STATUS, TURN, Legality, Status
from game.engine.margins import TIE, WAR_LOSS, committed, fits, margin_over_rival
from game.engine.rng import PURPOSE_BOT, draw, lookahead_seed, stream
from game.engine.tables import IntField, Slot, geti, lowered
from game.i18n import _
from game.rules.compiled import Rules
from game.session.desk import OrderDesk
from game.session.orders import Order
from game.session.proposals import Proposal, Reply
from game.session.view import View
from game.session.words import action_name, faction_name, listed

_RUNNING, _WAR, _OK = int(Status.RUNNING), int(Status.WAR), int(Legality.OK)


@njit(cache=True)
def lookahead_memory(ti, n_slots):
    """A lookahead's memory (reusable across games): a game copy, its scratch, orders, scores, margins, the deals
    the deciding faction knows (`known`), and the negotiation round's cache of margins and plans."""
    wf, wi = scratch(ti)
    x = np.empty(ti[Slot.N_TRACKS])
    ints = np.empty(INT_COLUMNS + ti[Slot.N_EVENTS], dtype=np.int64)
    orders = np.empty((ti[Slot.N_FACTIONS], n_slots), dtype=np.int64)
    scores = np.empty(ti[Slot.N_FACTIONS])
    trace = np.empty(n_slots + 1)
    known = np.full(n_slots, EMPTY, dtype=np.int64)
    cache = np.empty((ti[Slot.N_FACTIONS], 3, ti[Slot.N_ACTIONS] + 1))
    cached = np.zeros(ti[Slot.N_FACTIONS], dtype=np.int64)
    plan = np.full((ti[Slot.N_FACTIONS], 3, n_slots), EMPTY, dtype=np.int64)
    n_f = ti[Slot.N_FACTIONS]
    return (x, ints, wf, wi, orders, scores, trace, no_explain(), known, cache, cached, plan,
            np.empty(n_f), np.empty(n_slots, dtype=np.int64),
            np.full((n_f, n_f, n_slots), EMPTY, dtype=np.int64), np.full((n_f, n_slots), EMPTY, dtype=np.int64),
            np.empty((n_f, n_f)), np.zeros(n_f, dtype=np.int64))


TRACE = 6  # where lookahead_memory's tuple holds the margins greedy_orders traces
KNOWN = 8  # ... the deals the deciding faction is party to: each counts as ordered by every partner
CACHE, CACHED = 9, 10  # ... per faction, [0] each single addition's margin (then ordering nothing), [1] each joint
# action's gain as a deal and [2] how far it moves f against its partners (`deal_margins`); CACHED[f] has bit
# SINGLES, DEALS, PLANNED, PREDICTS set while those rows, its plan and its partners' expected plans hold for f's
# orders as they stand
PLAN, PLAN_MARGIN = 11, 12  # ... per faction, its greedy plan without a new deal (`plan_margin`): the orders and the
# deals it starts from and the orders it fills; and its margin
TRIAL = 13  # ... a plan being weighed
DEAL_SLACK = 0.1  # how much further a deal may put a partner ahead of greedy than the partner's own orders would
PREDICTED = 14  # ... per deciding faction f and other faction g, the plan f expects g to fill (`predict_partners`)
TRIALS = 15  # ... per faction, the orders a lookahead of several factions' orders plays (`partners_margin`)
BAR, BAR_MASK = 16, 17  # ... per faction, the scores a deal is weighed against (`deal_bar`; NaN: war), and the
# partners they were made for
SINGLES, DEALS, PLANNED, PREDICTS = 1, 2, 4, 8


@rules_jit
def lookahead_margin(ti, tf, x, ints, look, f, orders_f, sim):
    """Faction f's margin over its best rival after a simulated turn with only f's orders and the deals it knows
    (sim's `known`, each ordered by every partner), WAR_LOSS on war."""
    return orders_margin(ti, tf, x, ints, look, f, orders_f, sim[TRIALS], 0, sim)


@rules_jit
def orders_margin(ti, tf, x, ints, look, f, orders_f, others, mask, sim):
    """lookahead_margin with, beside f's orders, others[g] for every faction g in `mask`."""
    sx, sints, swf, swi, sorders, sscores, log, known = sim[0], sim[1], sim[2], sim[3], sim[4], sim[5], sim[7], \
        sim[KNOWN]
    for t in range(x.shape[0]):
        sx[t] = x[t]
    for c in range(ints.shape[0]):
        sints[c] = ints[c]
    sorders[:, :] = EMPTY
    for k in range(orders_f.shape[0]):
        sorders[f, k] = orders_f[k]
    for g in range(sorders.shape[0]):
        if g != f and (mask >> g) & 1:
            for k in range(orders_f.shape[0]):
                sorders[g, k] = others[g, k]
    for i in range(known.shape[0]):
        a = known[i]
        if a >= 0:
            mask = geti(ti, IntField.ACT_PARTNERS, a)
            for q in range(sorders.shape[0]):
                if q != f and (mask >> q) & 1:
                    place(sorders[q], a)
    resolve_game(ti, tf, sx, sints, look, sorders, swf, swi, False, log)
    if sints[STATUS] == _WAR:
        return WAR_LOSS
    scores_game(ti, tf, sx, sints, swf, swi, sscores)
    return margin_over_rival(sscores, f)


@rules_jit
def greedy_orders(ti, tf, x, ints, look, f, orders_f, wf, wi, sim):
    """Fill faction f's empty slots greedily by a one-turn lookahead; returns how many orders it added.

    Call `kernel.prerequisites` first for this state (as for `kernel.random_orders`); legality is
    tested exactly as there. `look` is the lookahead seed, `sim` the memory from `lookahead_memory`;
    its `trace` receives the lookahead margin of the orders as they stood (trace[0]) and after each
    added order (trace[1..]). The deals in sim's `known` count as ordered by every partner.
    """
    return greedy_fill(ti, tf, x, ints, look, f, orders_f, wf, wi, sim, False)


@rules_jit
def single_margins(ti, tf, x, ints, look, f, orders_f, wf, wi, sim):
    """Into sim's cache row [f, 0]: the margin of f's orders as they stand (at the end) and, for each of f's
    actions, with it added in the first empty slot (NaN where it is not legal): the first step of greedy_fill."""
    cache, cached = sim[CACHE], sim[CACHED]
    if cached[f] & SINGLES:
        return
    row = cache[f, 0]
    row[:] = np.nan
    row[row.shape[0] - 1] = lookahead_margin(ti, tf, x, ints, look, f, orders_f, sim)
    cached[f] |= SINGLES
    k = first_free(orders_f)
    if k < 0:
        return
    ap_left, spent, purse = committed(ti, tf, x, orders_f, f)
    if ap_left < geti(ti, IntField.FACTION_MIN_AP, f):
        return
    for j in range(geti(ti, IntField.FACTION_ACT_START, f), geti(ti, IntField.FACTION_ACT_START, f + 1)):
        a = geti(ti, IntField.FACTION_ACT_LIST, j)
        if wi[ti[Slot.WI_PREREQS] + a] == 0 or fits(ti, tf, orders_f, a, ap_left, spent, purse) != _OK:
            continue
        orders_f[k] = a
        row[a] = lookahead_margin(ti, tf, x, ints, look, f, orders_f, sim)
        orders_f[k] = EMPTY


@rules_jit_inline
def first_free(orders_f):
    for k in range(orders_f.shape[0]):
        if orders_f[k] < 0:
            return k
    return -1


@rules_jit
def greedy_fill(ti, tf, x, ints, look, f, orders_f, wf, wi, sim, use_cache):
    """greedy_orders; with `use_cache`, its first step reads the margins single_margins left for f's orders as they
    stand (the same numbers, computed once for the negotiation round)."""
    trace = sim[TRACE]
    trace[0] = 0.0
    if ints[STATUS] != _RUNNING:
        return 0
    row = sim[CACHE][f, 0]
    base, cand = ti[Slot.WI_PREREQS], ti[Slot.WI_CAND]
    lo, hi = geti(ti, IntField.FACTION_ACT_START, f), geti(ti, IntField.FACTION_ACT_START, f + 1)
    best = row[row.shape[0] - 1] if use_cache else lookahead_margin(ti, tf, x, ints, look, f, orders_f, sim)
    trace[0] = best
    tie_key = stream(look, ints[TURN], PURPOSE_BOT)
    added = 0
    for k in range(orders_f.shape[0]):
        if orders_f[k] >= 0:
            continue
        ap_left, spent, purse = committed(ti, tf, x, orders_f, f)
        if ap_left < geti(ti, IntField.FACTION_MIN_AP, f):
            break
        top, n_top = -np.inf, 0
        for j in range(lo, hi):
            a = geti(ti, IntField.FACTION_ACT_LIST, j)
            if wi[base + a] == 0 or fits(ti, tf, orders_f, a, ap_left, spent, purse) != _OK:
                continue
            if use_cache and added == 0:
                m = row[a]
            else:
                orders_f[k] = a
                m = lookahead_margin(ti, tf, x, ints, look, f, orders_f, sim)
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


@rules_jit
def plan_margin(ti, tf, x, ints, look, f, orders_f, wf, wi, sim):
    """The margin of f's greedy plan: its orders so far filled by greedy_fill. Made once a round for the orders and
    deals it starts from and kept for f's own fill (`planned`); call single_margins first."""
    if _holds(sim, f, orders_f):
        return sim[PLAN_MARGIN][f]
    start, known_then, plan, known = sim[PLAN][f, 0], sim[PLAN][f, 1], sim[PLAN][f, 2], sim[KNOWN]
    for k in range(orders_f.shape[0]):
        start[k], known_then[k], plan[k] = orders_f[k], known[k], orders_f[k]
    n = greedy_fill(ti, tf, x, ints, look, f, plan, wf, wi, sim, sim[CACHED][f] & SINGLES != 0)
    sim[CACHED][f] |= PLANNED
    sim[PLAN_MARGIN][f] = sim[TRACE][n]
    return sim[PLAN_MARGIN][f]


@rules_jit
def _holds(sim, f, orders_f):
    """Whether f's plan of this round starts from orders_f and the deals f knows now."""
    if sim[CACHED][f] & PLANNED == 0:
        return False
    start, known_then, known = sim[PLAN][f, 0], sim[PLAN][f, 1], sim[KNOWN]
    for k in range(orders_f.shape[0]):
        if start[k] != orders_f[k] or known_then[k] != known[k]:
            return False
    return True


@rules_jit
def planned(sim, f, orders_f):
    """Fill orders_f with f's plan of this round if it starts from orders_f and f's known deals; whether it did."""
    if not _holds(sim, f, orders_f):
        return False
    plan = sim[PLAN][f, 2]
    for k in range(orders_f.shape[0]):
        orders_f[k] = plan[k]
    return True


@rules_jit
def deal_start(ti, known, g, orders_g):
    """The orders a deciding faction knows partner g has: the deals of theirs (sim's `known`) g is party to."""
    orders_g[:] = EMPTY
    for i in range(known.shape[0]):
        a = known[i]
        if a >= 0 and (geti(ti, IntField.ACT_PARTNERS, a) >> g) & 1:
            place(orders_g, a)


@rules_jit
def partners_of(ti, f):
    """The mask of the factions that share one of f's joint actions with it (f not included)."""
    mask = 0
    for j in range(geti(ti, IntField.FACTION_ACT_START, f), geti(ti, IntField.FACTION_ACT_START, f + 1)):
        a = geti(ti, IntField.FACTION_ACT_LIST, j)
        if is_joint(ti, a):
            mask |= geti(ti, IntField.ACT_PARTNERS, a)
    return mask & ~(1 << f)


@rules_jit
def predict_partners(ti, tf, x, ints, look, f, wf, wi, sim):
    """Into sim's PREDICTED[f]: for each faction sharing a joint action with f, the greedy plan f expects it to fill
    from the public state and their deals (`deal_start`), with f's own dice: what the partner would do without a
    new deal. Kept while f's deals hold."""
    if sim[CACHED][f] & PREDICTS:
        return
    mask, predicted = partners_of(ti, f), sim[PREDICTED][f]
    for g in range(predicted.shape[0]):
        if (mask >> g) & 1:
            deal_start(ti, sim[KNOWN], g, predicted[g])
            greedy_fill(ti, tf, x, ints, look, g, predicted[g], wf, wi, sim, False)
    sim[CACHED][f] |= PREDICTS
    sim[BAR_MASK][f] = 0


@rules_jit
def with_deal(ti, tf, x, start, plan, a, g, trial):
    """Into `trial`: g's orders `start`, joint action a, then the orders of g's plan not in `start`, in order, while
    they fit beside them: the deal takes the place of the plan's last orders it leaves no room for."""
    for k in range(start.shape[0]):
        trial[k] = start[k]
    place(trial, a)
    for k in range(start.shape[0]):
        b = plan[k]
        if start[k] >= 0 or b < 0:
            continue  # an order g had already, or a slot its plan left empty
        ap_left, spent, purse = committed(ti, tf, x, trial, g)
        if fits(ti, tf, trial, b, ap_left, spent, purse) != _OK:
            break
        place(trial, b)


@rules_jit
def deal_bar(ti, tf, x, ints, look, f, a, sim):
    """Into sim's BAR[f]: the scores a deal on joint action a is weighed against for greedy faction f (NaN if it
    ends in war): after
    its plan (`plan_margin`) with each partner of a filling the plan f expects of it (`predict_partners`). Kept for
    the partners last asked for."""
    mask, bar = geti(ti, IntField.ACT_PARTNERS, a) & ~(1 << f), sim[BAR][f]
    if sim[BAR_MASK][f] != mask:
        war = orders_margin(ti, tf, x, ints, look, f, sim[PLAN][f, 2], sim[PREDICTED][f], mask, sim) <= WAR_LOSS
        for g in range(bar.shape[0]):
            bar[g] = np.nan if war else sim[5][g]
        sim[BAR_MASK][f] = mask


@rules_jit_inline
def lead_outside(ti, scores, f, a):
    """f's score minus the best score among the factions outside joint action a (its own score when none is)."""
    mask = geti(ti, IntField.ACT_PARTNERS, a)
    rival = -np.inf
    for g in range(scores.shape[0]):
        if g != f and (mask >> g) & 1 == 0 and scores[g] > rival:
            rival = scores[g]
    return scores[f] - rival if rival > -np.inf else scores[f]


@rules_jit
def deal_shift(ti, f, a, scores, bar):
    """How far joint action a as a deal moves f against its partners, from the scores with it and without
    (`deal_bar`): the least, over the deal's partners, of f's lead over the partner with it less without it."""
    mask, shift = geti(ti, IntField.ACT_PARTNERS, a), np.inf
    for g in range(scores.shape[0]):
        if g != f and (mask >> g) & 1:
            shift = min(shift, (scores[f] - scores[g]) - (bar[f] - bar[g]))
    return shift


@rules_jit
def deal_gain(ti, f, a, scores, bar):
    """What joint action a as a deal gains greedy faction f, from the scores with it and without (`deal_bar`; NaN:
    war): its lead over the factions outside the deal, with it less without, if the deal puts no partner more than
    DEAL_SLACK further ahead of f (`deal_shift`); below zero if it does (by how much more); WAR_LOSS if only the deal
    ends in war, -WAR_LOSS if only the plan without it does."""
    if np.isnan(scores[f]):
        return WAR_LOSS
    if np.isnan(bar[f]):
        return -WAR_LOSS
    shift = deal_shift(ti, f, a, scores, bar)
    if shift < -DEAL_SLACK:
        return shift + DEAL_SLACK
    return lead_outside(ti, scores, f, a) - lead_outside(ti, bar, f, a)


@rules_jit
def deal_margins(ti, tf, x, ints, look, f, orders_f, wf, wi, sim):
    """Into sim's cache rows [f, 1] and [f, 2]: for each joint action a of f that is legal and fits its orders and
    each partner's known ones, what a as a deal gains f (`deal_gain`) and how far it moves f against its partners
    (`deal_shift`): the scores with the deal in f's plan and in each partner's expected plan (`with_deal`) against
    `deal_bar`, the same plans without it. A deal is weighed against what the partner would do with its order
    otherwise, not against the partner ordering nothing. NaN for the others. Call plan_margin and predict_partners
    first."""
    cache, cached, known = sim[CACHE], sim[CACHED], sim[KNOWN]
    if cached[f] & DEALS:
        return
    row, shifts = cache[f, 1], cache[f, 2]
    row[:] = np.nan
    shifts[:] = np.nan
    cached[f] |= DEALS
    i = first_free(known)
    if first_free(orders_f) < 0 or i < 0:
        return
    plan, trial, trials, predicted, start = sim[PLAN][f, 2], sim[TRIAL], sim[TRIALS], sim[PREDICTED][f], sim[4][0]
    for j in range(geti(ti, IntField.FACTION_ACT_START, f), geti(ti, IntField.FACTION_ACT_START, f + 1)):
        a = geti(ti, IntField.FACTION_ACT_LIST, j)
        if not is_joint(ti, a) or not joint_fits(ti, tf, x, wi, orders_f, f, a):
            continue
        mask, open_to_all = geti(ti, IntField.ACT_PARTNERS, a) & ~(1 << f), True
        for g in range(trials.shape[0]):
            if (mask >> g) & 1:
                deal_start(ti, known, g, start)
                if not joint_fits(ti, tf, x, wi, start, g, a):
                    open_to_all = False
                    break
                with_deal(ti, tf, x, start, predicted[g], a, g, trials[g])
        if not open_to_all:
            continue
        deal_bar(ti, tf, x, ints, look, f, a, sim)
        bar = sim[BAR][f]
        with_deal(ti, tf, x, orders_f, plan, a, f, trial)
        known[i] = a
        scores = sim[5]
        if orders_margin(ti, tf, x, ints, look, f, trial, trials, mask, sim) <= WAR_LOSS:
            scores[f] = np.nan
        row[a] = deal_gain(ti, f, a, scores, bar)
        shifts[a] = deal_shift(ti, f, a, scores, bar)
        known[i] = EMPTY


@rules_jit
def best_deal(ti, sim, f, other, skip, tie_key, index):
    """f's joint action with `other` among its partners (any partner: other < 0) of highest gain as a deal, not
    `skip`; ties by a draw; -1 if none is open to it. Returns (action, gain)."""
    row = sim[CACHE][f, 1]
    top, pick, n_top = -np.inf, -1, 0
    for j in range(geti(ti, IntField.FACTION_ACT_START, f), geti(ti, IntField.FACTION_ACT_START, f + 1)):
        a = geti(ti, IntField.FACTION_ACT_LIST, j)
        m = row[a]
        if a == skip or np.isnan(m) or (other >= 0 and not partners_with(ti, a, f, other)):
            continue
        if m > top + TIE:
            top, pick, n_top = m, a, 1
        elif m >= top - TIE:
            n_top += 1
            if draw(tie_key, index + n_top) * n_top < 1.0:  # reservoir sampling: each tied action alike
                pick = a
    return pick, top


# How greedy weighs a deal (`deal_margins`): its plan with the deal against its plan without, each beside the plan
# it expects its partner to fill with and without it (`predict_partners`), since the partner would otherwise use
# that order on something of its own. The deal must widen its lead over the factions outside it — what the sources
# ask the allies to coordinate for (Article II, S2-01; the CSIS joint agenda, S2-02) — and may not put the partner
# more than DEAL_SLACK further ahead of it than the partner's own orders would: the allies also compete for the
# lead. Measured on 1,000 seeds with every seat greedy, proposals on against off: crossroads_2025 final alliance
# +1.32 ± 0.07, U.S.+Japan wins +5.1 ± 1.3 points, 1.43 joint moves a game; article_ii_2018 +0.55 ± 0.04, +6.8 ±
# 0.9, 0.47 a game. The rules tried before: weighed against a partner ordering nothing, every deal looked like a
# gift to the partner (0.00 joint moves a game); by the lead over China alone, or with a slack of 0.5, the U.S. won
# 77–87% of the crossroads_2025 games, Japan's minority cabinet paying for the deals with the domestic orders that
# keep it standing (S0-14: mandate 69 -> 52 at the end); a slack of 0 made no deals.


@rules_jit
def _weigh(ti, tf, x, ints, look, f, orders_f, wf, wi, sim):
    single_margins(ti, tf, x, ints, look, f, orders_f, wf, wi, sim)
    plan_margin(ti, tf, x, ints, look, f, orders_f, wf, wi, sim)
    predict_partners(ti, tf, x, ints, look, f, wf, wi, sim)
    deal_margins(ti, tf, x, ints, look, f, orders_f, wf, wi, sim)


@rules_jit
def greedy_propose(ti, tf, x, ints, look, f, orders_f, wf, wi, sim):
    """The joint action of highest gain as a deal (`deal_margins`), when it gains; else NONE."""
    if ints[STATUS] != _RUNNING:
        return NONE
    _weigh(ti, tf, x, ints, look, f, orders_f, wf, wi, sim)
    a, m = best_deal(ti, sim, f, -1, -1, stream(look, ints[TURN], PURPOSE_BOT), DRAWS + f * 64)
    return a if a >= 0 and m > TIE else NONE


@rules_jit
def greedy_answer(ti, tf, x, ints, look, q, orders_q, a, proposer, wf, wi, sim):
    """Accept joint action a as a deal when it gains q (`deal_margins`); else counter with q's best deal with the
    proposer if that one gains, else decline."""
    if ints[STATUS] != _RUNNING:
        return DECLINE
    _weigh(ti, tf, x, ints, look, q, orders_q, wf, wi, sim)
    m = sim[CACHE][q, 1][a]
    if not np.isnan(m) and m > TIE:
        return ACCEPT
    c, mc = best_deal(ti, sim, q, proposer, a, stream(look, ints[TURN], PURPOSE_BOT), DRAWS + 4096 + q * 64)
    return c if c >= 0 and mc > TIE else DECLINE


@rules_jit
def batch_policy(ti, tf, x, ints, seed, f, params, orders_f, wf, wi, memory):
    """The batch's greedy seat (`game.ai.batch`): greedy_orders with the faction's lookahead seed (the plan the
    negotiation round made, or its first step from the round's margins, when they still hold)."""
    sim = memory[0]
    if not planned(sim, f, orders_f):
        greedy_fill(ti, tf, x, ints, lookahead_seed(seed, f), f, orders_f, wf, wi, sim, sim[CACHED][f] & SINGLES != 0)
    sim[CACHED][f] = 0


@rules_jit
def batch_propose(ti, tf, x, ints, seed, f, params, orders_f, wf, wi, memory):
    """The batch's greedy proposal (`game.ai.batch.bot_round`)."""
    return greedy_propose(ti, tf, x, ints, lookahead_seed(seed, f), f, orders_f, wf, wi, memory[0])


@rules_jit
def batch_answer(ti, tf, x, ints, seed, q, params, orders_q, a, proposer, wf, wi, memory):
    """The batch's greedy answer (`game.ai.batch.bot_round`)."""
    return greedy_answer(ti, tf, x, ints, lookahead_seed(seed, q), q, orders_q, a, proposer, wf, wi, memory[0])


@dataclass(frozen=True)
class GreedyChoice:
    """What the greedy lookahead chose for one faction of one game."""

    slots: np.ndarray  # the faction's slots after choosing (EMPTY = -1 where nothing was added)
    added: tuple[int, ...]  # the actions it added, in order
    margins: tuple[float, ...]  # lookahead margin over the best rival: before adding, then after each addition

    @property
    def war(self) -> bool:
        """Whether the chosen orders still led to war in the lookahead."""
        return self.margins[-1] <= WAR_LOSS


def greedy_choice(rules: Rules, x: np.ndarray, ints: np.ndarray, look_seed: int, faction: int,
                  slots: np.ndarray | None = None, deals: np.ndarray | None = None) -> GreedyChoice:
    """The greedy policy for one game's state (x[tracks], ints[columns]) and one faction, given its lookahead seed.

    `slots` are the faction's orders so far (default: none); they are not changed. This is the
    kernel function the batch runs for every greedy seat.
    """
    slots = np.full(rules.max_orders, EMPTY, dtype=np.int64) if slots is None else np.array(slots, dtype=np.int64)
    before = slots.copy()
    x, ints = np.ascontiguousarray(x, dtype=np.float64), np.ascontiguousarray(ints, dtype=np.int64)
    ti, tf = lowered(rules)
    wf, wi = kernel.scratch(ti)
    sim = lookahead_memory(ti, slots.shape[0])
    if deals is not None:
        sim[KNOWN][: len(deals)] = deals
    prerequisites(ti, tf, x, ints, wf, wi)
    n = greedy_orders(ti, tf, x, ints, np.uint64(look_seed), faction, slots, wf, wi, sim)
    added = tuple(int(a) for a, b in zip(slots, before) if a != b)
    trace = sim[TRACE]
    return GreedyChoice(slots, added, tuple(float(m) for m in trace[: n + 1]))


@dataclass(frozen=True)
class GreedyTalk:
    """What the greedy negotiation weighed for one faction of one game: the kernel's answer and its figures."""

    code: int  # the proposal (an action, or NONE), or the answer (ACCEPT, DECLINE or the counter's action)
    deals: dict[int, float]  # each joint action open to it -> its gain as a deal (`deal_gain`)
    shifts: dict[int, float]  # ... -> how far it moves the faction against its partners (`deal_shift`)
    leads: dict[int, float]  # ... -> the faction's lead without it over the factions outside it (NaN: war)
    partners: dict[int, tuple[str, ...]]  # ... -> the ids of its other partners
    outside: dict[int, tuple[str, ...]]  # ... -> the ids of the factions outside it


def greedy_talk(rules: Rules, x: np.ndarray, ints: np.ndarray, look_seed: int, faction: int, slots: np.ndarray,
                deals: np.ndarray, proposal: int = -1, proposer: int = -1) -> GreedyTalk:
    """The kernel's greedy proposal (proposal < 0) or answer to `proposal` by `proposer`, for one game's state, with
    the faction's orders so far and the deals it is party to."""
    slots = np.array(slots, dtype=np.int64)
    x, ints = np.ascontiguousarray(x, dtype=np.float64), np.ascontiguousarray(ints, dtype=np.int64)
    ti, tf = lowered(rules)
    wf, wi = kernel.scratch(ti)
    sim = lookahead_memory(ti, slots.shape[0])
    sim[KNOWN][: len(deals)] = deals
    prerequisites(ti, tf, x, ints, wf, wi)
    look = np.uint64(look_seed)
    if proposal < 0:
        code = greedy_propose(ti, tf, x, ints, look, faction, slots, wf, wi, sim)
    else:
        code = greedy_answer(ti, tf, x, ints, look, faction, slots, proposal, proposer, wf, wi, sim)
    gains, shifts, leads = {}, {}, {}
    for a in range(len(rules.actions)):
        if not np.isnan(sim[CACHE][faction, 1, a]):
            deal_bar(ti, tf, x, ints, look, faction, a, sim)
            gains[a], shifts[a] = float(sim[CACHE][faction, 1, a]), float(sim[CACHE][faction, 2, a])
            leads[a] = float(lead_outside(ti, sim[BAR][faction], faction, a))
    me = rules.factions[faction].id
    partners = {a: tuple(p for p in rules.actions[a].move.partners if p != me) for a in gains}
    outside = {a: tuple(f.id for f in rules.factions if f.id != me and f.id not in rules.actions[a].move.partners)
               for a in gains}
    return GreedyTalk(int(code), gains, shifts, leads, partners, outside)


def _deal_words(rules: Rules, talk: GreedyTalk, a: int) -> str:
    if a not in talk.deals:
        return _("it cannot order it now")
    gain, without = talk.deals[a], talk.leads[a]
    if abs(gain) >= -WAR_LOSS or np.isnan(without):
        return _("as a deal it would end in war") if gain < 0 else _("without a deal it would end in war")
    if talk.shifts[a] < -DEAL_SLACK:
        return _("it would put {partners} {shift} further ahead of it than without the deal",
                 partners=listed(faction_name(rules, p) for p in talk.partners[a]), shift=f"{-talk.shifts[a]:.2f}")
    return _("as a deal its lead over {rivals} would be {lead}, against {without} without",
             rivals=listed(faction_name(rules, f) for f in talk.outside[a]), lead=f"{without + gain:+.2f}",
             without=f"{without:+.2f}")


def greedy_proposal(rules: Rules, view: View, desk: OrderDesk) -> tuple[Order, str] | None:
    """The greedy (and the search's) proposal for a faction's view, in words."""
    if view.over:
        return None
    look = desk.lookahead()
    talk = greedy_talk(rules, look.x, look.ints, look.seed, rules.faction_index[view.faction], look.slots, look.deals)
    if talk.code < 0:
        return None
    words = _deal_words(rules, talk, talk.code)
    return order_of(rules, talk.code), proposal_text(rules, view.faction, talk.code, words)


def greedy_reply(rules: Rules, view: View, desk: OrderDesk, proposal: Proposal) -> Reply:
    """The greedy (and the search's) answer to a proposal, in words."""
    look = desk.lookahead()
    a = action_of(rules, proposal.order)
    talk = greedy_talk(rules, look.x, look.ints, look.seed, rules.faction_index[view.faction], look.slots, look.deals,
                       a, rules.faction_index[proposal.by])
    return reply(rules, view.faction, proposal, talk.code, _deal_words(rules, talk, a),
                 _deal_words(rules, talk, talk.code) if talk.code >= 0 else "")


@register("greedy")
class GreedyBot(BotKind):
    """Fills its slots one order at a time with the legal order whose simulated turn leaves the widest margin
    between its own score and the best rival's; stops when ordering nothing more is as good.

    Information it uses, all through its view and desk (`OrderDesk.lookahead`): the current state of every track it
    may see (a track private to another faction is taken at its start value; the shipped scenarios
    have none), the turn, the revealed event and which events have fired, and its own pending orders.
    It assumes every other faction orders nothing (their orders are secret), and it simulates with
    its own lookahead seed, derived from the game's seed and its faction, so it never sees the game's
    chance rolls or its next drawn event. Its choice is the kernel's (`greedy_orders`), so a
    greedy seat plays the same orders here as in a batch analysis (which reads the whole state: the
    two agree as long as no track is private).
    """

    summary = "one-turn lookahead: the orders that most widen its lead this turn"
    kernel = staticmethod(batch_policy)
    propose_kernel = staticmethod(batch_propose)
    answer_kernel = staticmethod(batch_answer)

    def choose(self, view: View, desk: OrderDesk) -> tuple[list[Order], str]:
        if view.over:
            return [], _("the game is over")
        look = desk.lookahead()
        rules = look.rules
        choice = greedy_choice(rules, look.x, look.ints, look.seed, rules.faction_index[view.faction], look.slots,
                               look.deals)
        orders = [Order(rules.actions[a].move.id, rules.actions[a].target) for a in choice.added]
        return orders, reason(choice, [action_name(rules, a) for a in choice.added])

    def propose(self, view: View, desk: OrderDesk) -> tuple[Order, str] | None:
        return greedy_proposal(desk.lookahead().rules, view, desk)

    def answer(self, view: View, desk: OrderDesk, proposal: Proposal) -> Reply:
        return greedy_reply(desk.lookahead().rules, view, desk, proposal)


def reason(choice: GreedyChoice, orders: list[str]) -> str:
    """The bot's choice in plain language: what it ordered and the margin over its best rival it expects."""
    nothing = _("ordering nothing: {margin}", margin=f"{choice.margins[0]:+.2f}")
    if choice.war:
        return _("greedy lookahead: every option it tried ended in war in its simulation; it ordered {orders}",
                 orders=listed(orders) or _("nothing"))
    if not orders:
        return _("greedy lookahead: no order improved its score minus the best rival's ({nothing})", nothing=nothing)
    steps = _(", then ").join(_("{order} {margin}", order=order, margin=f"{m:+.2f}")
                              for order, m in zip(orders, choice.margins[1:]))
    return _("greedy one-turn lookahead, its score minus the best rival's: {steps} ({nothing})", steps=steps,
             nothing=nothing)
