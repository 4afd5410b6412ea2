"""The random bot: uniformly random legal orders until none is left (a baseline and a test driver).

In a batch its kernel policy is the kernel's own `random_orders` with the game's seed, so a batch
of random seats draws exactly what `kernel.random_orders_batch` draws.
"""

from __future__ import annotations

import numpy as np

from game.ai import BotKind, register
from game.engine.jit import rules_jit
from game.engine.kernel import random_orders
from game.i18n import _
from game.session.desk import OrderDesk
from game.session.orders import Order
from game.session.view import View


@rules_jit
def batch_policy(ti, tf, x, ints, seed, f, params, orders_f, wf, wi, memory):
    """The batch's random seat (`game.ai.batch`): random legal orders from the game's own bot stream."""
    random_orders(ti, tf, x, ints, seed, f, orders_f, wf, wi)


@register("random")
class RandomBot(BotKind):
    """Picks legal orders uniformly at random, one at a time, until no legal order remains."""

    summary = "legal orders at random: a baseline"
    kernel = staticmethod(batch_policy)

    def choose(self, view: View, desk: OrderDesk) -> tuple[list[Order], str]:
        rng = np.random.default_rng(view.bot_seed)
        chosen: list[Order] = []
        while True:
            legal = desk.legal_orders(chosen)
            if not legal:
                break
            chosen.append(legal[int(rng.integers(len(legal)))])
        return chosen, _("random legal orders")
