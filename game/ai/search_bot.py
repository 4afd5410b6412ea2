"""The search bot: regret matching over batched rollouts (`game.engine.search`), at three levels.

Seats name it `search:easy`, `search:normal` (the default) or `search:hard`. A level is an
iteration budget, a rollout depth and a time budget. The bot runs its iterations in small
steps and checks the clock between steps: it stops early only if the time budget runs out
first, and says so. On this machine every level finishes its iterations well inside its time
budget, so its choice depends only on its view and its seed, exactly as in a batch analysis.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from game.ai import BotKind, register
from game.engine.play import Search, SearchResult
from game.engine.policies import Policy
from game.rules.compiled import Rules
from game.session.orders import Order
from game.session.desk import OrderDesk
from game.session.view import View


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
    def policy(cls, rules, faction, level):
        lv = LEVELS[level or DEFAULT]
        return Policy.SEARCH, lv.seeds, lv.iterations, lv.horizon

    def choose(self, view: View, desk: OrderDesk) -> tuple[list[Order], str]:
        if view.over:
            return [], "the game is over"
        level = LEVELS[self.level]
        look = desk.lookahead()
        rules = look.rules
        f = rules.faction_index[view.faction]
        search = Search(rules, look.x, look.ints, look.seed, f, level.seeds, level.horizon, look.slots)
        search.step(0)  # the first use in a process loads (or compiles) the kernel: not the search's time
        started = self.clock()
        while search.iterations < level.iterations and self.clock() - started < level.seconds:
            search.step(min(STEP, level.iterations - search.iterations))
        result = search.result()
        added = [int(a) for a, b in zip(result.slots, look.slots) if a != b]
        orders = [Order(rules.actions[a].move.id, rules.actions[a].target) for a in added]
        return orders, reason(rules, level, f, result, look.slots)


def _set_text(rules: Rules, slots: np.ndarray, keep: np.ndarray | None = None) -> str:
    names = [rules.action_name(int(a)) for k, a in enumerate(slots) if a >= 0 and (keep is None or keep[k] < 0)]
    return ", ".join(names) or "nothing"


def reason(rules: Rules, level: Level, f: int, result: SearchResult, before: np.ndarray) -> str:
    """The choice in plain words: what it ordered, the margin it expects, what it expects of the others."""
    chosen = result.chosen
    margin = result.margin[f][chosen]
    depth = min(level.horizon, rules.n_turns)
    n_plans = len(result.candidates[f])
    ahead = f"{margin:.1f} ahead of" if margin >= 0.05 else f"{-margin:.1f} behind" if margin <= -0.05 else "level with"
    text = (f"search ({level.label}): {_set_text(rules, result.slots, before)}. Of the {n_plans} plans it weighed, "
            f"this one holds up best against what it expects the others to do: in {result.rollouts:,} rollouts "
            f"{depth} turn{'s' if depth > 1 else ''} deep it ends about {ahead} the best rival "
            f"(it plays this plan in {result.strategy[f][chosen]:.0%} of its equilibrium mix)")
    if result.war[f][chosen] > 0:
        text += f"; {result.war[f][chosen]:.0%} of those rollouts ended in war"
    others = []
    for p, faction in enumerate(rules.factions):
        if p == f:
            continue
        likely = int(np.argmax(result.strategy[p]))
        others.append(f"{faction.name}: {_set_text(rules, result.candidates[p][likely])}")
    if result.iterations < level.iterations:
        text += f". It stopped at its time budget of {level.seconds:g} s after {result.iterations} of " \
                f"{level.iterations} iterations"
    return text + ". It expects " + "; ".join(others)
