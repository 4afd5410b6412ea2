"""Every seat of a batch of games filled by its bot's kernel policy, in one kernel pass per turn.

A seat is a row of `POLICIES[factions, 5]`: the bot's code (`Policy`) and up to four parameters
(the doctrine's index; the search's seeds, samples, horizon and the others' model). The codes come from
`BATCH_BOTS`, the registry of batch-capable bots: code 0 keeps the orders given, and bot number i
of the tuple has code i + 1. The dispatch (`policy_orders_game`) walks the same tuple, so a bot
joins the batch by its entry there and nothing else (see `game.ai` for adding one).

With proposals on (the default), each game's turn starts with the bots' negotiation round
(`bot_round`, the protocol of the negotiation specification): every seat but a KEEP one proposes
and answers through its bot's `propose_kernel` and `answer_kernel`, the deals go into the partners'
slots and into the bot memory, and then every seat fills its empty slots knowing its deals. With
proposals off the round is skipped and every result is what it was before bots negotiated.
"""

from __future__ import annotations

import warnings
from enum import IntEnum
from typing import Sequence

import numpy as np
from numba import literal_unroll, njit, prange, uint64
from numba.core.errors import NumbaExperimentalFeatureWarning

# in the registry's order, which is also the order bots are offered in (`game.ai.seat_choices`)
from game.ai.random_bot import RandomBot  # isort: skip
from game.ai.greedy import GreedyBot  # isort: skip
from game.ai.doctrine import DoctrineBot  # isort: skip
from game.ai.search import SearchBot, search_memories  # isort: skip
from game.ai.deals import ACCEPT, DECLINE, NONE, deal_memory, record
from game.ai.greedy import CACHED, KNOWN, PLANNED
from game.engine.jit import rules_jit
from game.engine.kernel import _BLOCK, prerequisites, scratch
from game.engine.layout import EMPTY, STATUS, Status
from game.engine.tables import IntField, geti
from game.engine.state import BatchState, empty_orders
from game.engine.tables import lowered
from game.rules.compiled import Rules

__all__ = ["BATCH_BOTS", "Policy", "SeatPolicy", "PARAMS", "policy_rows", "policy_orders", "bot_memory",
           "policy_orders_batch"]

# The batch-capable bots, in the order of their codes. Each names its kernel policy (`kernel`), a jitted
# (ti, tf, x, ints, seed, f, params, orders_f, wf, wi, memory) that fills faction f's empty slots, and its
# negotiation: `propose_kernel` (same arguments) returns a joint action or deals.NONE, `answer_kernel`
# (ti, tf, x, ints, seed, q, params, orders_q, a, proposer, wf, wi, memory) returns deals.ACCEPT, deals.DECLINE
# or its counter's action.
BATCH_BOTS = (RandomBot, GreedyBot, DoctrineBot, SearchBot)

Policy = IntEnum("Policy", [("KEEP", 0)] + [(kind.name.upper(), i + 1) for i, kind in enumerate(BATCH_BOTS)])
Policy.__doc__ = "A seat's code in a POLICIES row: KEEP leaves its orders as given, the others name a bot."
for _code, _kind in enumerate(BATCH_BOTS, start=1):
    _kind.code = Policy(_code)

SeatPolicy = Policy | int | Sequence[int]  # a code, or (code, parameters...)
PARAMS = 5  # columns of a POLICIES row: code, then four parameters
_KERNELS = tuple(kind.kernel for kind in BATCH_BOTS)
_PROPOSE = tuple(kind.propose_kernel for kind in BATCH_BOTS)
_ANSWER = tuple(kind.answer_kernel for kind in BATCH_BOTS)
_RUNNING = int(Status.RUNNING)
KEEP = 0  # Policy.KEEP, as the kernel reads it
# numba calls a tuple of kernel policies through first-class function types, which it calls experimental; they
# compile and cache like any other call.
warnings.filterwarnings("ignore", ".*First-class function type", NumbaExperimentalFeatureWarning)


def policy_rows(rules: Rules, chosen: Sequence[SeatPolicy]) -> np.ndarray:
    """The kernel's POLICIES[factions, 5] from one policy per faction: a code, or (code, up to four parameters)."""
    if len(chosen) != len(rules.factions):
        raise ValueError(f"need one policy per faction ({len(rules.factions)}), got {len(chosen)}")
    rows = np.zeros((len(chosen), PARAMS), dtype=np.int64)
    for f, p in enumerate(chosen):
        row = [int(p)] if isinstance(p, (int, np.integer)) else [int(v) for v in p]
        if not 1 <= len(row) <= PARAMS:
            raise ValueError(f"policy {p!r}: a code and at most {PARAMS - 1} parameters")
        rows[f, : len(row)] = row
    if not np.isin(rows[:, 0], [int(p) for p in Policy]).all():
        known = ", ".join(f"{p.value} {p.name}" for p in Policy)
        raise ValueError(f"unknown policy code in {rows[:, 0].tolist()} (codes: {known})")
    for kind in BATCH_BOTS:
        seated = rows[:, 0] == int(kind.code)
        if seated.any():
            kind.check_params(rules, rows[seated])
    return rows


def policy_orders(rules: Rules, state: BatchState, chosen: Sequence[SeatPolicy],
                  orders: np.ndarray | None = None, proposals: bool = True) -> np.ndarray:
    """Orders [games, factions, slots] with each faction's empty slots filled by its policy.

    `orders` (default: all empty) is filled in place and returned; a KEEP faction's slots stay as given (it neither
    proposes nor answers). With `proposals` the bots' negotiation round runs first in every game.
    """
    orders = empty_orders(rules, state.games) if orders is None else orders
    policy_orders_batch(*lowered(rules), state.x, state.ints, state.seeds, orders, policy_rows(rules, chosen),
                        int(bool(proposals)))
    return orders


@njit(cache=True)
def bot_memory(ti, n_slots, n_ints):
    """The working memory every kernel policy is handed beside the game's scratch (reusable across games):
    (greedy's lookahead memory, the search's memory, explain stubs, the negotiation round's `deals.deal_memory`).
    A bot that needs memory of its own adds it here."""
    sim, mem, log = search_memories(ti, n_slots, n_ints)
    return sim, mem, log, deal_memory(ti, n_slots)


@rules_jit
def _propose(ti, tf, x, ints, seed, f, policies, orders, wf, wi, memory):
    code = policies[f, 0]
    found = NONE
    i = 1
    for propose in literal_unroll(_PROPOSE):
        if code == i:
            found = propose(ti, tf, x, ints, seed, f, policies[f], orders[f], wf, wi, memory)
        i += 1
    return found


@rules_jit
def _answer(ti, tf, x, ints, seed, q, policies, orders, a, proposer, wf, wi, memory):
    code = policies[q, 0]
    found = DECLINE
    i = 1
    for answer in literal_unroll(_ANSWER):
        if code == i:
            found = answer(ti, tf, x, ints, seed, q, policies[q], orders[q], a, proposer, wf, wi, memory)
        i += 1
    return found


@rules_jit
def _know(memory, q):
    """Before faction q's bot decides: the deals it knows are its own; its cached margins hold for its orders."""
    known, deals = memory[0][KNOWN], memory[3][0]
    for k in range(known.shape[0]):
        known[k] = deals[q, k]


@rules_jit
def _agree(ti, orders, memory, a):
    """A deal on action a: placed for every partner and remembered; their cached margins no longer hold (their plans
    are checked against the orders and deals they start from when used)."""
    record(ti, orders, memory[3][0], a)
    mask, cached = geti(ti, IntField.ACT_PARTNERS, a), memory[0][CACHED]
    for q in range(orders.shape[0]):
        if (mask >> q) & 1:
            cached[q] &= PLANNED


@rules_jit
def bot_round(ti, tf, x, ints, seed, orders, policies, wf, wi, memory):
    """The bots' negotiation round of one game's turn (the negotiation specification's protocol): in faction order
    each negotiating seat (not KEEP) may propose a joint action; its partners answer in faction order; all accept:
    a deal; a counter: the proposer answers it at once, and accepting makes a deal on it (a counter to a counter
    is a decline). Call `prerequisites` first."""
    deals, cached = memory[3][0], memory[0][CACHED]
    deals[:, :] = EMPTY
    cached[:] = 0
    n_f, joint_start = orders.shape[0], memory[3][2]
    for f in range(n_f):
        if policies[f, 0] == KEEP or joint_start[f] == joint_start[f + 1]:
            continue  # a KEEP seat does not negotiate; a faction with no joint action has nothing to propose
        _know(memory, f)
        a = _propose(ti, tf, x, ints, seed, f, policies, orders, wf, wi, memory)
        if a < 0:
            continue
        mask = geti(ti, IntField.ACT_PARTNERS, a)
        agreed, counter, by = True, -1, -1
        for q in range(n_f):
            if q == f or (mask >> q) & 1 == 0:
                continue
            if policies[q, 0] == KEEP:
                agreed = False
                break
            _know(memory, q)
            r = _answer(ti, tf, x, ints, seed, q, policies, orders, a, f, wf, wi, memory)
            if r != ACCEPT:
                agreed = False
                if r >= 0:
                    counter, by = r, q
                break
        if agreed:
            _agree(ti, orders, memory, a)
        elif counter >= 0:
            _know(memory, f)
            if _answer(ti, tf, x, ints, seed, f, policies, orders, counter, by, wf, wi, memory) == ACCEPT:
                _agree(ti, orders, memory, counter)


@rules_jit
def policy_orders_game(ti, tf, x, ints, seed, orders, policies, wf, wi, memory):
    """Fill one game's orders[factions, slots] by each faction's policy (a finished game is left as it is)."""
    if ints[STATUS] != _RUNNING:
        return
    prerequisites(ti, tf, x, ints, wf, wi)
    talk = memory[3][1][0] != 0
    if talk:
        bot_round(ti, tf, x, ints, seed, orders, policies, wf, wi, memory)
    for f in range(orders.shape[0]):
        code = policies[f, 0]
        if talk:
            _know(memory, f)
        i = 1
        for choose in literal_unroll(_KERNELS):
            if code == i:
                choose(ti, tf, x, ints, seed, f, policies[f], orders[f], wf, wi, memory)
            i += 1


@rules_jit
def _policy_range(ti, tf, X, INTS, SEEDS, ORDERS, POLICIES, lo, hi, wf, wi, memory):
    for g in range(lo, hi):
        policy_orders_game(ti, tf, X[g], INTS[g], uint64(SEEDS[g]), ORDERS[g], POLICIES, wf, wi, memory)


@njit(cache=True, parallel=True)
def policy_orders_batch(ti, tf, X, INTS, SEEDS, ORDERS, POLICIES, proposals):
    """Fill the empty slots of ORDERS[games, factions, slots] by POLICIES[faction] in every game, after the bots'
    negotiation round when `proposals` is 1.

    With ORDERS empty, proposals 0 and every policy RANDOM this draws exactly what kernel.random_orders_batch draws.
    """
    n = X.shape[0]
    n_slots, n_ints = ORDERS.shape[2], INTS.shape[1]
    if n <= _BLOCK:
        wf, wi = scratch(ti)
        memory = bot_memory(ti, n_slots, n_ints)
        memory[3][1][0] = proposals
        _policy_range(ti, tf, X, INTS, SEEDS, ORDERS, POLICIES, 0, n, wf, wi, memory)
        return
    for blk in prange((n + _BLOCK - 1) // _BLOCK):
        wf, wi = scratch(ti)
        memory = bot_memory(ti, n_slots, n_ints)
        memory[3][1][0] = proposals
        _policy_range(ti, tf, X, INTS, SEEDS, ORDERS, POLICIES, blk * _BLOCK, min(n, (blk + 1) * _BLOCK), wf, wi,
                      memory)
