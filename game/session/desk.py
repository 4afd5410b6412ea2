"""A faction's order desk: the server-side helper that checks, previews and simulates its orders on copies.

Made by `Game.desk(faction)` from copies of the game's arrays, with every track hidden from the
faction at its start value: changing anything it holds or returns changes nothing in the game.
It holds the faction's lookahead seed, which the View must never carry (see game.session.view).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.engine.state import lookahead_seed
from game.engine.state import SingleGame
from game.rules.compiled import Rules
from game.session import checks
from game.session.orders import IllegalOrderError, Order
from game.session.preview import Preview, preview
from game.session.view import partner_orders, visible

if TYPE_CHECKING:
    from game.session.game import Game


@dataclass(frozen=True)
class Lookahead:
    """What a bot that simulates the turn may use (fresh copies; changing them changes nothing)."""

    rules: Rules  # the scenario's compiled rules (read-only, public)
    x: np.ndarray  # every track's value; a track private to another faction at its start value
    ints: np.ndarray  # turn, status, the revealed event, how often each event has fired (all public)
    slots: np.ndarray  # this faction's own pending orders as action indices, EMPTY where free
    seed: int  # this faction's lookahead seed: derived from the game's seed, so simulated dice are not the game's
    deals: np.ndarray  # this turn's agreements it is party to, as action indices, in the order they were agreed


class OrderDesk:
    """One faction's orders at one moment: which it may add, why not, what one would do, a bot's lookahead."""

    def __init__(self, rules: Rules, engine: SingleGame, faction: str, x: np.ndarray, ints: np.ndarray,
                 orders: tuple[Order, ...], seed: int, committed: bool, seats: dict[str, str],
                 partners: dict[str, dict[str, str | None]], deals: tuple[Order, ...] = ()):
        self.rules = rules
        self.faction = faction
        self.orders = tuple(orders)
        self.committed = committed
        self._engine = engine  # scratch memory only; it keeps no state between calls
        self._x, self._ints = np.array(x, dtype=np.float64), np.array(ints, dtype=np.int64)  # copies
        self._slots = checks.slots_of(rules, orders)
        self._seed = int(seed)
        self._seats = dict(seats)
        self._partners = {m: dict(p) for m, p in partners.items()}
        self._shown = np.array([visible(t.id, t.public, faction) for t in rules.tracks])
        self._deals = np.array([rules.action_index[(o.move, o.target)] for o in deals], dtype=np.int64)

    def _slots_for(self, already: tuple[Order, ...] | list[Order] | None) -> np.ndarray:
        return self._slots if already is None else checks.slots_of(self.rules, already)

    def legal_orders(self, already: tuple[Order, ...] | list[Order] | None = None) -> list[Order]:
        """Orders this faction could add on top of `already` (default: its current orders)."""
        return checks.legal_orders(self.rules, self._engine, self._x, self._ints, self._slots_for(already),
                                   self.faction, self.committed)

    def refusal(self, order: Order) -> str | None:
        """Why `order` cannot be added to this faction's orders now (the game's own message), or None."""
        refused = checks.refusal(self.rules, self._engine, self._x, self._ints, self._slots, self.faction, order,
                                 self.committed)
        return None if refused is None else refused.message

    def preview(self, order: Order) -> Preview:
        """The expected effect of adding `order` this turn; raises IllegalOrderError if it cannot be added."""
        refused = checks.refusal(self.rules, self._engine, self._x, self._ints, self._slots, self.faction, order,
                                 self.committed)
        if refused is not None:
            raise IllegalOrderError(refused.reason, refused.message, self.faction, order)
        return preview(self.rules, self._engine, self._x, self._ints, self._slots, self._seed, self.faction,
                       self._shown, order, self._seats, self._partners)

    def lookahead(self) -> Lookahead:
        """The arrays a simulating bot resolves copies of, with this faction's lookahead seed."""
        return Lookahead(self.rules, self._x.copy(), self._ints.copy(), self._slots.copy(), self._seed,
                         self._deals.copy())


def make_desk(game: "Game", faction: str) -> OrderDesk:
    rules = game.rules
    x = game.state.x[0].copy()
    for i, track in enumerate(rules.tracks):
        if not visible(track.id, track.public, faction):
            x[i] = track.start
    return OrderDesk(rules, game.engine, faction, x, game.state.ints[0], tuple(game.pending[faction]),
                     lookahead_seed(game.seed, rules.faction_index[faction]), faction in game.committed, game.seats,
                     partner_orders(rules, game.pending, faction), tuple(p.order for p in game.negotiation.deals(faction)))
