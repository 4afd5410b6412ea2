"""The random bot: uniformly random legal orders until none is left (a baseline and a test driver)."""

from __future__ import annotations

import numpy as np

from game.ai import BotKind, register
from game.engine.policies import Policy
from game.session.orders import Order
from game.session.desk import OrderDesk
from game.session.view import View


@register("random")
class RandomBot(BotKind):
    """Picks legal orders uniformly at random, one at a time, until no legal order remains."""

    summary = "legal orders at random: a baseline"

    @classmethod
    def policy(cls, rules, faction, level):
        return Policy.RANDOM

    def choose(self, view: View, desk: OrderDesk) -> tuple[list[Order], str]:
        rng = np.random.default_rng(view.bot_seed)
        chosen: list[Order] = []
        while True:
            legal = desk.legal_orders(chosen)
            if not legal:
                break
            chosen.append(legal[int(rng.integers(len(legal)))])
        return chosen, "random legal orders"
