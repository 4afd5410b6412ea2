"""The random bot: uniformly random legal orders until none is left (a baseline and a test driver).

In a batch its kernel policy is the kernel's own `random_orders` with the game's seed, so a batch
of random seats draws exactly what `kernel.random_orders_batch` draws.
"""

from __future__ import annotations

import numpy as np

from game.ai import BotKind, register
from game.ai.deals import ACCEPT, DECLINE, DRAWS, NONE, joint_actions, joint_fits
from game.engine.jit import rules_jit
from game.ai.replies import action_of, order_of, proposal_text, reply
from game.engine.kernel import prerequisites, random_orders, scratch
from game.engine.tables import lowered
from game.engine.layout import STATUS, TURN, Legality, Status
from game.engine.margins import committed, fits
from game.engine.rng import PURPOSE_BOT, draw, lookahead_seed, stream
from game.engine.tables import Slot
from game.i18n import _
from game.session.desk import OrderDesk
from game.session.orders import Order
from game.session.proposals import Proposal, Reply
from game.session.view import View

_RUNNING, _OK = int(Status.RUNNING), int(Legality.OK)


PROPOSE_CHANCE = 0.5  # how often it proposes a joint move, when one is open to it
ACCEPT_CHANCE = 0.5  # how often it accepts one it can order


@rules_jit
def batch_policy(ti, tf, x, ints, seed, f, params, orders_f, wf, wi, memory):
    """The batch's random seat (`game.ai.batch`): random legal orders from the game's own bot stream."""
    random_orders(ti, tf, x, ints, seed, f, orders_f, wf, wi)


@rules_jit
def random_propose(ti, tf, x, ints, look, f, orders_f, wi, joint_start, joint_list):
    """With probability PROPOSE_CHANCE, a joint action open to f drawn uniformly (its own dice: `look` is its
    lookahead seed); else NONE. It walks only f's joint actions (`deals.joint_actions`)."""
    if ints[STATUS] != _RUNNING or joint_start[f] == joint_start[f + 1]:
        return NONE
    key = stream(look, ints[TURN], PURPOSE_BOT)
    if not draw(key, DRAWS + f * 64) < PROPOSE_CHANCE:
        return NONE
    ap_left, spent, purse = committed(ti, tf, x, orders_f, f)
    prereqs = ti[Slot.WI_PREREQS]
    n = 0
    for j in range(joint_start[f], joint_start[f + 1]):
        a = joint_list[j]
        if wi[prereqs + a] != 0 and fits(ti, tf, orders_f, a, ap_left, spent, purse) == _OK:
            n += 1
    if n == 0:
        return NONE
    k = min(int(draw(key, DRAWS + f * 64 + 1) * n), n - 1)  # one draw: the k-th of the n open to it, each alike
    for j in range(joint_start[f], joint_start[f + 1]):
        a = joint_list[j]
        if wi[prereqs + a] != 0 and fits(ti, tf, orders_f, a, ap_left, spent, purse) == _OK:
            if k == 0:
                return a
            k -= 1
    return NONE


@rules_jit
def random_answer(ti, tf, x, ints, look, q, orders_q, a, wi):
    """Accept with probability ACCEPT_CHANCE a joint action q can order (its own dice); else decline."""
    if ints[STATUS] != _RUNNING or not joint_fits(ti, tf, x, wi, orders_q, q, a):
        return DECLINE
    return ACCEPT if draw(stream(look, ints[TURN], PURPOSE_BOT), DRAWS + 4096 + q * 64) < ACCEPT_CHANCE else DECLINE


@rules_jit
def batch_propose(ti, tf, x, ints, seed, f, params, orders_f, wf, wi, memory):
    """The batch's random proposal (`game.ai.batch.bot_round`)."""
    return random_propose(ti, tf, x, ints, lookahead_seed(seed, f), f, orders_f, wi, memory[3][2], memory[3][3])


@rules_jit
def batch_answer(ti, tf, x, ints, seed, q, params, orders_q, a, proposer, wf, wi, memory):
    """The batch's random answer (`game.ai.batch.bot_round`)."""
    return random_answer(ti, tf, x, ints, lookahead_seed(seed, q), q, orders_q, a, wi)


@register("random")
class RandomBot(BotKind):
    """Picks legal orders uniformly at random, one at a time, until no legal order remains."""

    summary = "legal orders at random: a baseline"
    kernel = staticmethod(batch_policy)
    propose_kernel = staticmethod(batch_propose)
    answer_kernel = staticmethod(batch_answer)

    def choose(self, view: View, desk: OrderDesk) -> tuple[list[Order], str]:
        rng = np.random.default_rng(view.bot_seed)
        chosen: list[Order] = []
        while True:
            legal = desk.legal_orders(list(desk.orders) + chosen)  # after the orders its agreements hold
            if not legal:
                break
            chosen.append(legal[int(rng.integers(len(legal)))])
        return chosen, _("random legal orders")

    def propose(self, view: View, desk: OrderDesk) -> tuple[Order, str] | None:
        if view.over:
            return None
        look = desk.lookahead()
        rules = look.rules
        a = _kernel_call(rules, look, rules.faction_index[view.faction], -1)
        return None if a < 0 else (order_of(rules, a), proposal_text(rules, view.faction, a, _("a throw of its dice")))

    def answer(self, view: View, desk: OrderDesk, proposal: Proposal) -> Reply:
        look = desk.lookahead()
        rules = look.rules
        code = _kernel_call(rules, look, rules.faction_index[view.faction], action_of(rules, proposal.order))
        return reply(rules, view.faction, proposal, code, _("a throw of its dice"))


def _kernel_call(rules, look, f: int, proposal: int) -> int:
    """The kernel's random proposal (proposal < 0) or answer for a desk's lookahead."""
    ti, tf = lowered(rules)
    wf, wi = scratch(ti)
    x, ints = np.ascontiguousarray(look.x), np.ascontiguousarray(look.ints)
    prerequisites(ti, tf, x, ints, wf, wi)
    slots, seed = np.array(look.slots, dtype=np.int64), np.uint64(look.seed)
    if proposal < 0:
        start, listed = joint_actions(ti)
        return int(random_propose(ti, tf, x, ints, seed, f, slots, wi, start, listed))
    return int(random_answer(ti, tf, x, ints, seed, f, slots, proposal, wi))
