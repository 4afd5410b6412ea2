"""The kernel's pieces of the bots' negotiation round: answers as numbers, joint actions, deals placed and remembered.

The round itself (docs: the negotiation specification; `game.ai.batch.bot_round`) asks each
negotiating seat in faction order for a proposal, its partners for an answer, and the proposer for
its answer to a counter. A bot's `propose` kernel returns an action index or NONE; its `answer`
kernel returns ACCEPT, DECLINE or the action index of its counter. A deal goes into the first empty
slot of every partner and into each partner's row of `deals`, the memory of the deals a faction is
party to this turn, in the order they were agreed (a bot that simulates the turn counts them as
ordered by every partner). Negotiating draws come from the bot's lookahead seed at indices from
DRAWS on, apart from those any fill uses.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from game.engine.jit import rules_jit, rules_jit_inline
from game.engine.layout import EMPTY, Legality
from game.engine.margins import committed, fits
from game.engine.tables import IntField, Slot, geti

__all__ = ["NONE", "ACCEPT", "DECLINE", "DRAWS", "deal_memory", "joint_actions", "is_joint", "partners_with", "joint_fits",
           "place", "record", "clear_deals"]

NONE = -1  # no proposal
DECLINE = -1  # an answer: no
ACCEPT = -2  # an answer: yes (a counter is the counter's action index, >= 0)
DRAWS = 1 << 16  # negotiating draws use indices DRAWS + ... of the bot's own stream, apart from any fill's
_OK = int(Legality.OK)


@njit(cache=True)
def deal_memory(ti, n_slots):
    """The round's memory: (deals[factions, slots], EMPTY where none; switch[1], 1 when the seats negotiate; then
    `joint_actions`: each faction's joint actions, so a proposal walks those alone)."""
    start, listed = joint_actions(ti)
    return np.full((ti[Slot.N_FACTIONS], n_slots), EMPTY, dtype=np.int64), np.zeros(1, dtype=np.int64), start, listed


@njit(cache=True)
def joint_actions(ti):
    """Each faction's joint actions, in its action order: faction f's are listed[start[f]:start[f + 1]]."""
    n_f = ti[Slot.N_FACTIONS]
    start = np.zeros(n_f + 1, dtype=np.int64)
    listed = np.empty(geti(ti, IntField.FACTION_ACT_START, n_f), dtype=np.int64)
    n = 0
    for f in range(n_f):
        start[f] = n
        for j in range(geti(ti, IntField.FACTION_ACT_START, f), geti(ti, IntField.FACTION_ACT_START, f + 1)):
            a = geti(ti, IntField.FACTION_ACT_LIST, j)
            if is_joint(ti, a):
                listed[n] = a
                n += 1
    start[n_f] = n
    return start, listed


@rules_jit_inline
def is_joint(ti, a):
    """Whether action a needs more than one faction (its partners' mask has two bits or more)."""
    mask = geti(ti, IntField.ACT_PARTNERS, a)
    return mask & (mask - 1) != 0


@rules_jit_inline
def partners_with(ti, a, f, q):
    """Whether factions f and q are both partners of action a."""
    mask = geti(ti, IntField.ACT_PARTNERS, a)
    return (mask >> f) & 1 == 1 and (mask >> q) & 1 == 1


@rules_jit
def joint_fits(ti, tf, x, wi, orders_f, f, a):
    """Whether joint action a is legal now (its prerequisite holds) and fits faction f's orders so far."""
    if wi[ti[Slot.WI_PREREQS] + a] == 0:
        return False
    ap_left, spent, purse = committed(ti, tf, x, orders_f, f)
    return fits(ti, tf, orders_f, a, ap_left, spent, purse) == _OK


@rules_jit_inline
def place(orders_f, a):
    """Put action a into the first empty slot (nothing if it is there already or no slot is free)."""
    for k in range(orders_f.shape[0]):
        if orders_f[k] == a:
            return
    for k in range(orders_f.shape[0]):
        if orders_f[k] < 0:
            orders_f[k] = a
            return


@rules_jit
def record(ti, orders, deals, a):
    """A deal on action a: placed for every partner, in faction order, and remembered in each partner's deals."""
    mask = geti(ti, IntField.ACT_PARTNERS, a)
    for q in range(orders.shape[0]):
        if (mask >> q) & 1:
            place(orders[q], a)
            place(deals[q], a)


@rules_jit_inline
def clear_deals(deals):
    deals[:, :] = EMPTY


def answer_code(code: int) -> str:
    """`accept`, `decline` or `counter`: a kernel answer in words of `game.session.proposals.Answer`."""
    return "accept" if code == ACCEPT else "decline" if code == DECLINE else "counter"
