"""The arithmetic every bot shares, once: what orders leave, whether one more fits, a margin over the best rival,
the value of a war and when two numbers tie.

A bot compares outcomes by its *margin*: its own score minus the best rival's. A war ends the game
badly for everyone, so it is worth a fixed margin below any difference of scores; two bots count
it differently, on purpose, and each keeps its own constant here:

- `WAR_LOSS` (-1e9): the greedy lookahead *ranks* outcomes, so a war must lose to every peaceful one;
- `SEARCH_WAR_MARGIN` (-100): the search and the strength pairing *average* margins over many
  rollouts, so a war is a heavy but finite loss, and one unlucky rollout cannot swamp the others.

`committed` and `fits` are the legality of an order next to a faction's other orders; the kernel's
`check_order` and every bot's choice use them, so all test legality alike.
"""

from __future__ import annotations

import numpy as np

from game.engine.jit import rules_jit, rules_jit_inline
from game.engine.layout import Legality
from game.engine.tables import FloatField, IntField, getf, geti

__all__ = ["TIE", "WAR_LOSS", "SEARCH_WAR_MARGIN", "BUDGET_SLACK", "committed", "fits", "margin_over_rival",
           "margin_over_outsiders", "margins_over_rivals"]

# Numbers closer than this are equal: sums of the same terms in another order differ in the last bits.
TIE = 1e-9
# The margin of a greedy lookahead that ends in war: below any difference of scores, so it ranks last.
WAR_LOSS = -1.0e9
# The margin of a search rollout (and of a strength game) that ends in war: worse than any margin of scores, yet
# finite, so an average over rollouts stays meaningful.
SEARCH_WAR_MARGIN = -100.0
# Budget a faction may overspend by float rounding: its purse is its budget track plus this.
BUDGET_SLACK = 1e-9

_OK, _DUPLICATE, _NO_AP, _NO_BUDGET = (int(Legality.OK), int(Legality.DUPLICATE), int(Legality.NO_ACTION_POINTS),
                                       int(Legality.NO_BUDGET))


@rules_jit
def committed(ti, tf, x, orders_f, f):
    """What faction f's orders leave: (action points left, budget spent summed in slot order, purse)."""
    ap, spent = 0, 0.0
    for k in range(orders_f.shape[0]):
        b = orders_f[k]
        if b >= 0:
            ap += geti(ti, IntField.ACT_AP, b)
            spent += getf(ti, tf, FloatField.ACT_BUDGET, b)
    return geti(ti, IntField.FACTION_AP, f) - ap, spent, x[geti(ti, IntField.FACTION_BUDGET, f)] + BUDGET_SLACK


@rules_jit_inline
def fits(ti, tf, orders_f, a, ap_left, spent, purse):
    """Legality code of action a next to a faction's other orders (`committed` gives the rest); not its prerequisite."""
    m = geti(ti, IntField.ACT_MOVE, a)
    for k in range(orders_f.shape[0]):
        b = orders_f[k]
        if b >= 0 and geti(ti, IntField.ACT_MOVE, b) == m:
            return _DUPLICATE
    if geti(ti, IntField.ACT_AP, a) > ap_left:
        return _NO_AP
    if spent + getf(ti, tf, FloatField.ACT_BUDGET, a) > purse:
        return _NO_BUDGET
    return _OK


@rules_jit_inline
def margin_over_rival(scores, f):
    """Faction f's score minus the best other faction's (its own score when it has no rival)."""
    return margin_over_outsiders(scores, f, 0)


@rules_jit_inline
def margin_over_outsiders(scores, f, mask):
    """Faction f's score minus the best score among the factions other than f outside `mask` (a bit per faction:
    the partners of a joint move, say); its own score when there is none."""
    rival = -np.inf
    for g in range(scores.shape[0]):
        if g != f and (mask >> g) & 1 == 0 and scores[g] > rival:
            rival = scores[g]
    return scores[f] - rival if rival > -np.inf else scores[f]


def margins_over_rivals(scores: np.ndarray, war: np.ndarray, war_margin: float = SEARCH_WAR_MARGIN) -> np.ndarray:
    """Every faction's margin over its best rival in a batch, [games, factions] from scores[games, factions];
    games where `war` is true score `war_margin` for everyone."""
    out = np.empty_like(scores)
    for f in range(scores.shape[1]):
        out[:, f] = scores[:, f] - np.delete(scores, f, axis=1).max(axis=1)
    out[war] = war_margin
    return out
