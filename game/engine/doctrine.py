"""The doctrine policy in the kernel: order the legal moves a bot personality weighs highest.

A doctrine (`game.rules.doctrines`) gives each action of its faction a base weight; each of its
rules adds to some actions' weights while its condition (a program of the scenario's native
code) holds. The policy fills the faction's empty slots one at a time with the legal action of
highest weight, while that weight is above zero; ties are broken by draws from the seed it is
given (a bot's own lookahead seed, never the game's), so the choice is reproducible.
"""

from __future__ import annotations

from game.engine.kernel import _committed, _fits, rules_jit
from game.engine.layout import STATUS, TURN, Legality, Status
from game.engine.rng import PURPOSE_BOT, draw, stream
from game.engine.tables import (
    DOC_RULE_ACT, DOC_RULE_ACT_START, DOC_RULE_ADD, DOC_RULE_START, DOC_RULE_WHEN, DOC_WEIGHT, FACTION_ACT_LIST,
    FACTION_ACT_START, FACTION_MIN_AP, N_ACTIONS, WF_ACTS, WI_CAND, WI_PREREQS, getf, geti,
)
from game.engine.vm import run

_RUNNING, _OK = int(Status.RUNNING), int(Legality.OK)
TIE = 1e-9  # weights closer than this are equal


@rules_jit
def rule_holds(ti, tf, x, ints, r, wf, wi):
    """Whether doctrine rule r's condition holds now (the played table must be clear)."""
    when = geti(ti, DOC_RULE_WHEN, r)
    return when < 0 or run(ti, tf, when, x, ints[TURN], wf, wi) != 0.0


@rules_jit
def doctrine_weights(ti, tf, x, ints, d, f, wf, wi):
    """Doctrine d's weight of each of faction f's actions now, into wf[ti[WF_ACTS] + action].

    Call `kernel.prerequisites` first (it also clears the played table the conditions read).
    """
    acts, n_a = ti[WF_ACTS], ti[N_ACTIONS]
    for j in range(geti(ti, FACTION_ACT_START, f), geti(ti, FACTION_ACT_START, f + 1)):
        a = geti(ti, FACTION_ACT_LIST, j)
        wf[acts + a] = getf(ti, tf, DOC_WEIGHT, d * n_a + a)
    for r in range(geti(ti, DOC_RULE_START, d), geti(ti, DOC_RULE_START, d + 1)):
        if not rule_holds(ti, tf, x, ints, r, wf, wi):
            continue
        add = getf(ti, tf, DOC_RULE_ADD, r)
        for k in range(geti(ti, DOC_RULE_ACT_START, r), geti(ti, DOC_RULE_ACT_START, r + 1)):
            wf[acts + geti(ti, DOC_RULE_ACT, k)] += add


@rules_jit
def doctrine_orders(ti, tf, x, ints, seed, f, d, orders_f, wf, wi):
    """Fill faction f's empty slots by doctrine d; returns how many orders it added.

    Call `kernel.prerequisites` first for this state; legality is tested as `kernel.check_order` does.
    """
    if ints[STATUS] != _RUNNING:
        return 0
    doctrine_weights(ti, tf, x, ints, d, f, wf, wi)
    acts, base, cand = ti[WF_ACTS], ti[WI_PREREQS], ti[WI_CAND]
    lo, hi = geti(ti, FACTION_ACT_START, f), geti(ti, FACTION_ACT_START, f + 1)
    tie_key = stream(seed, ints[TURN], PURPOSE_BOT)
    added = 0
    for k in range(orders_f.shape[0]):
        if orders_f[k] >= 0:
            continue
        ap_left, spent, purse = _committed(ti, tf, x, orders_f, f)
        if ap_left < geti(ti, FACTION_MIN_AP, f):
            break
        top, n_top = 0.0, 0
        for j in range(lo, hi):
            a = geti(ti, FACTION_ACT_LIST, j)
            w = wf[acts + a]
            if not w > top - TIE or wi[base + a] == 0 or _fits(ti, tf, orders_f, a, ap_left, spent, purse) != _OK:
                continue
            if w > top + TIE or n_top == 0:
                top, n_top = w, 1
                wi[cand] = a
            else:
                wi[cand + n_top] = a
                n_top += 1
        if n_top == 0 or not top > TIE:
            break
        orders_f[k] = wi[cand + min(int(draw(tie_key, 4096 + f * 64 + k) * n_top), n_top - 1)]
        added += 1
    return added
