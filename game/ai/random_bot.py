"""The random bot: uniformly random legal orders until none is left (a baseline and a test driver)."""

from __future__ import annotations

import numpy as np

from game.ai import register
from game.session.orders import Order
from game.session.view import View


@register("random")
class RandomBot:
    """Picks legal orders uniformly at random, one at a time, until no legal order remains."""

    def __init__(self, level: str = ""):
        self.level = level

    def choose(self, view: View) -> tuple[list[Order], str]:
        rng = np.random.default_rng(view.bot_seed)
        chosen: list[Order] = []
        while True:
            legal = view.legal_orders(chosen)
            if not legal:
                break
            chosen.append(legal[int(rng.integers(len(legal)))])
        return chosen, "random legal orders"
