"""A move's expected effect this turn: the headline tracks always, then the largest other changes; a joint move's
effect with and without its partners, and whether each partner has ordered it.

Computed on a faction's lookahead (its own simulated dice, other factions ordering nothing), so the
game and its real draws are untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine.layout import EMPTY
from game.engine.state import BatchState, SingleGame, empty_orders
from game.i18n import _
from game.rules.compiled import Rules
from game.session.game import HUMAN
from game.session.orders import Order
from game.session.words import faction_name, track_name

OTHERS = 8  # other changes a preview lists, largest first
SCORE = "score"  # the `track` of the headline item that is the faction's own score
TINY = 1e-6  # a change smaller than this is no change


@dataclass(frozen=True)
class Change:
    """One expected change: a track (or the faction's score) by id and name, and by how much."""

    track: str
    name: str
    delta: float

    def to_json(self) -> dict:
        return {"track": self.track, "name": self.name, "delta": self.delta}


@dataclass(frozen=True)
class PartnerStatus:
    """A joint move's partner: who plays it and whether it has ordered this move (with this target) this turn."""

    faction: str
    name: str
    seat: str  # HUMAN ("human") or the bot's seat spec
    ordered: bool

    @property
    def bot(self) -> bool:
        return self.seat != HUMAN

    def to_json(self) -> dict:
        return {"faction": self.faction, "name": self.name, "seat": self.seat, "bot": self.bot,
                "ordered": self.ordered}


@dataclass(frozen=True)
class Preview:
    """The expected effect of adding `order` to a faction's orders this turn."""

    order: Order  # the move and the target it was computed for
    headline: tuple[Change, ...]  # the headline tracks and the faction's score, even when unchanged
    others: tuple[Change, ...]  # the largest other changes, largest first
    without: tuple[Change, ...] | None  # a joint move ordered by this faction alone (headline first); None if not joint
    partners: tuple[PartnerStatus, ...]  # a joint move's other partners; () if not joint

    @property
    def target(self) -> str | None:
        return self.order.target

    def to_json(self) -> dict:
        return {"move": self.order.move, "target": self.order.target,
                "headline": [c.to_json() for c in self.headline], "others": [c.to_json() for c in self.others],
                "without": None if self.without is None else [c.to_json() for c in self.without],
                "partners": [p.to_json() for p in self.partners]}


def _changes(rules: Rules, headline: list[str], shown: np.ndarray, delta: np.ndarray, score: float,
             score_name: str) -> tuple[tuple[Change, ...], tuple[Change, ...]]:
    heads = [Change(t, track_name(rules, t), float(delta[rules.track_index[t]]))
             for t in headline if shown[rules.track_index[t]]]
    heads.append(Change(SCORE, score_name, float(score)))
    skip = {rules.track_index[t] for t in headline}
    rest = [i for i in np.flatnonzero(shown & (np.abs(delta) > TINY)) if i not in skip]
    rest.sort(key=lambda i: (-abs(delta[i]), i))
    return tuple(heads), tuple(Change(rules.tracks[i].id, track_name(rules, rules.tracks[i].id), float(delta[i]))
                               for i in rest[:OTHERS])


def preview(rules: Rules, engine: SingleGame, x: np.ndarray, ints: np.ndarray, slots: np.ndarray, seed: int,
            faction: str, shown: np.ndarray, order: Order, seats: dict[str, str],
            partner_orders: dict[str, dict[str, str | None]]) -> Preview:
    """The Preview of a legal `order` on a lookahead (x, ints, the faction's slots, its lookahead seed).

    `shown` marks the tracks the faction may see; `seats` and `partner_orders` are the view's.
    """
    action = rules.action_index[(order.move, order.target)]
    move = rules.actions[action].move
    f = rules.faction_index[faction]

    def simulate(who: tuple[str, ...]) -> tuple[np.ndarray, float]:
        state = BatchState(x[None].copy(), ints[None].copy(), np.array([seed], dtype=np.uint64))
        orders = empty_orders(rules)
        orders[0, f] = slots
        for p in who:
            row = orders[0, rules.faction_index[p]]
            row[np.flatnonzero(row == EMPTY)[0]] = action
        engine.resolve(state, orders)
        return state.x[0], float(engine.scores(state)[f])

    headline = rules.headline_tracks(faction)
    score_name = _("{faction} score", faction=faction_name(rules, faction))
    base_x, base_score = simulate(())
    with_x, with_score = simulate(tuple(move.partners))
    heads, others = _changes(rules, headline, shown, with_x - base_x, with_score - base_score, score_name)
    if len(move.partners) < 2:
        return Preview(order, heads, others, None, ())
    alone_x, alone_score = simulate((faction,))
    alone = _changes(rules, headline, shown, alone_x - base_x, alone_score - base_score, score_name)
    ordered = partner_orders.get(move.id, {})
    partners = tuple(PartnerStatus(p, faction_name(rules, p), seats.get(p, HUMAN),
                                   p in ordered and ordered[p] == order.target)
                     for p in move.partners if p != faction)
    return Preview(order, heads, others, alone[0] + alone[1], partners)
