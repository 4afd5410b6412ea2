"""A small kit for testing rules in pytest, for scenario authors and the project alike.

    from game.testing import scenario

    def test_pressing_a_weak_government_costs_stability():
        game = scenario("crossroads_2025", seed=1).set({"jp.mandate": 30})
        turn = game.play(us=["us.press_defense"])
        assert turn.delta("jp.stability") < 0
        assert turn.caused("jp.stability", by="us.press_defense") < 0
"""

from __future__ import annotations

from pathlib import Path

from game.engine.layout import EVENT
from game.scenarios import load_rules
from game.session.game import Game
from game.session.orders import Order
from game.session.report import TurnReport


class Turn:
    """One played turn: its report, with helpers to ask about a track's change and its causes."""

    def __init__(self, game: Game, report: TurnReport):
        self.game = game
        self.report = report

    def delta(self, track: str) -> float:
        """How much `track` changed this turn (0 if it did not)."""
        self.game.track(track)  # raises KeyError naming an unknown track
        change = self.report.change(track)
        return change.delta if change else 0.0

    def causes(self, track: str) -> list[tuple[str, float, tuple[str, ...]]]:
        """(cause, amount, sources) for every contribution to `track`'s change."""
        change = self.report.change(track)
        return [(c.cause, c.amount, c.sources) for c in change.causes] if change else []

    def caused(self, track: str, by: str) -> float:
        """The part of `track`'s change caused by a move, event or rule id (or its display name)."""
        rules = self.game.rules
        names = {by}
        for item in (*rules.moves, *rules.events, *rules.rules):
            if item.id == by:
                names.add(item.name)
        change = self.report.change(track)
        if change is None:
            return 0.0
        return sum(c.amount for c in change.causes if c.cause.split(" (")[0].split(":")[0] in names)

    @property
    def event(self) -> str | None:
        return self.report.event.id if self.report.event else None

    @property
    def triggered(self) -> list[str]:
        return [e.id for e in self.report.triggered]


class RulesGame:
    """A game set up for a rules test: set tracks, choose the event, play turns of given orders."""

    def __init__(self, game: Game):
        self.game = game

    def set(self, values: dict[str, float] | None = None, **tracks: float) -> "RulesGame":
        """Set track values ({"jp.stability": 40} or alliance=60); derived tracks follow their inputs."""
        rules = self.game.rules
        for name, value in {**(values or {}), **tracks}.items():
            index = rules.track_index.get(name)
            if index is None:
                raise KeyError(f"unknown track {name!r}")
            info = rules.tracks[index]
            if info.derived:
                raise ValueError(f"{name} is derived from other tracks; set its inputs instead")
            if not info.min <= value <= info.max:
                raise ValueError(f"{name} = {value} is outside its bounds [{info.min}, {info.max}]")
            self.game.state.x[0, index] = value
        self.game.engine.derive(self.game.state)
        return self

    def event(self, event_id: str | None) -> "RulesGame":
        """Make `event_id` this turn's event (None: no event)."""
        rules = self.game.rules
        if event_id is not None and event_id not in rules.event_index:
            raise KeyError(f"unknown event {event_id!r}")
        self.game.state.ints[0, EVENT] = -1 if event_id is None else rules.event_index[event_id]
        return self

    def play(self, **orders: list[str]) -> Turn:
        """Play one turn: faction=[orders like "us.trade_deal@vietnam"]; others order nothing."""
        return Turn(self.game, self.game.play_turn({f: [Order.parse(o) for o in v] for f, v in orders.items()}))

    def track(self, name: str) -> float:
        return self.game.track(name)

    def __getattr__(self, name: str):
        return getattr(self.game, name)


def scenario(ref: str | Path, seed: int = 0, event: str | None = None) -> RulesGame:
    """A game of scenario `ref` (id or path) for a rules test.

    The first turn has no event (so a test sees only its own orders' effects) unless `event` names
    one; `event="drawn"` keeps the event the seed drew.
    """
    game = RulesGame(Game(load_rules(ref), seed))
    return game if event == "drawn" else game.event(event)


__all__ = ["scenario", "RulesGame", "Turn"]
