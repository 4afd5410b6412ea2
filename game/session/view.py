"""What one faction may see: public tracks, its own private tracks and orders, never another's pending orders."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.engine.layout import EMPTY, Legality
from game.engine.play import lookahead_seed
from game.session.orders import Order
from game.session.report import EventInfo, TurnReport

if TYPE_CHECKING:
    from game.rules.compiled import Rules
    from game.session.game import Game


@dataclass(frozen=True)
class View:
    """A faction's view of a game. Bots and the hot-seat screens read only this."""

    faction: str
    turn: int
    label: str
    over: bool
    event: EventInfo | None
    tracks: dict[str, float]
    own_orders: tuple[Order, ...]
    committed: frozenset[str]  # who has committed (not what they ordered)
    history: tuple[TurnReport, ...]  # resolved turns are public
    bot_seed: int  # a per-faction, per-turn seed for a bot's own choices; reveals nothing of the game's draws
    _game: "Game"

    def legal_orders(self, already: tuple[Order, ...] | list[Order] | None = None) -> list[Order]:
        """Orders this faction could add on top of `already` (default: its current orders)."""
        game = self._game
        rules = game.rules
        chosen = list(self.own_orders if already is None else already)
        slots = np.full(rules.max_orders, EMPTY, dtype=np.int64)
        for k, order in enumerate(chosen):
            slots[k] = rules.action_index[(order.move, order.target)]
        f = rules.faction_index[self.faction]
        if self.over:
            return []
        return [Order(a.move.id, a.target) for a in rules.actions
                if self.faction in a.move.partners and game.engine.check(game.state, f, slots, a.index) == Legality.OK]

    def refusal(self, order: Order) -> str | None:
        """Why `order` cannot be added to this faction's orders now (the session's own message), or None."""
        from game.session.orders import IllegalOrderError

        try:
            self._game.check(self.faction, order)
        except IllegalOrderError as exc:
            return str(exc).removeprefix(f"{self.faction}: ")
        return None

    def preview(self, order: Order) -> dict[str, float]:
        """The expected effect of adding `order`: each track's change between a simulated turn with this
        faction's orders plus `order` and one without it. Only this faction orders (a joint move's partner is
        assumed to join), on this faction's own simulated dice, so the game and its real draws are untouched."""
        from game.engine.state import BatchState, empty_orders

        look = self.lookahead()
        rules = look.rules
        action = rules.action_index[(order.move, order.target)]
        f = rules.faction_index[self.faction]

        def simulate(extra: bool) -> np.ndarray:
            state = BatchState(look.x[None].copy(), look.ints[None].copy(), np.array([look.seed], dtype=np.uint64))
            orders = empty_orders(rules)
            orders[0, f] = look.slots
            if extra:
                for partner in rules.actions[action].move.partners:
                    row = orders[0, rules.faction_index[partner]]
                    free = np.flatnonzero(row == EMPTY)
                    if len(free):
                        row[free[0]] = action
            self._game.engine.resolve(state, orders)
            return state.x[0]

        delta = simulate(True) - simulate(False)
        return {t.id: float(d) for t, d in zip(rules.tracks, delta)
                if abs(d) > 1e-6 and visible(t.id, t.public, self.faction)}

    def lookahead(self) -> Lookahead:
        """The state arrays a simulating bot (game.ai.greedy_bot) resolves copies of, with its lookahead seed."""
        game = self._game
        rules = game.rules
        x = game.state.x[0].copy()
        for i, track in enumerate(rules.tracks):
            if not visible(track.id, track.public, self.faction):
                x[i] = track.start
        slots = np.full(rules.max_orders, EMPTY, dtype=np.int64)
        for k, order in enumerate(self.own_orders):
            slots[k] = rules.action_index[(order.move, order.target)]
        return Lookahead(rules, x, game.state.ints[0].copy(), slots,
                         lookahead_seed(game.seed, rules.faction_index[self.faction]))


@dataclass(frozen=True)
class Lookahead:
    """What a bot that simulates the turn may use (copies; changing them changes nothing in the game)."""

    rules: "Rules"  # the scenario's compiled rules (read-only, public)
    x: np.ndarray  # every track's value; a track private to another faction at its start value
    ints: np.ndarray  # turn, status, the revealed event, how often each event has fired (all public)
    slots: np.ndarray  # this faction's own pending orders as action indices, EMPTY where free
    seed: int  # this faction's lookahead seed: derived from the game's seed, so simulated dice are not the game's


def visible(track_id: str, public: bool, faction: str) -> bool:
    """A private track `<faction>.…` is visible only to that faction."""
    return public or track_id.startswith(faction + ".")


def make_view(game: "Game", faction: str) -> View:
    rules = game.rules
    tracks = {t.id: float(v) for t, v in zip(rules.tracks, game.state.x[0]) if visible(t.id, t.public, faction)}
    digest = hashlib.sha256(f"bot|{game.seed}|{faction}|{game.turn}".encode()).digest()
    return View(faction, game.turn, rules.turn_label(min(game.turn, rules.n_turns)), game.is_over, game.event, tracks,
                tuple(game.pending[faction]), frozenset(game.committed), tuple(game.reports()),
                int.from_bytes(digest[:8], "little") >> 1, game)
