"""A small kit for testing rules in pytest, for scenario authors and the project alike.

    from game.testing import scenario

    def test_pressing_a_weak_government_costs_stability():
        game = scenario("crossroads_2025", seed=1).set({"jp.mandate": 30})
        turn = game.play(us=["us.press_defense"])
        assert turn.delta("jp.stability") < 0
        assert turn.caused("jp.stability", by="us.press_defense") < 0

The kit (every method, its arguments and what it returns; docs/testing-kit.md is generated from this code):

- `scenario(ref, seed=0, event=None) -> RulesGame`: a game of a scenario id or path, its first turn without an
  event unless `event` names one (`"drawn"` keeps the seed's draw).
- `RulesGame.set(values=None, **tracks) -> RulesGame`: set track values; `RulesGame.event(event_id) -> RulesGame`:
  choose this turn's event; `RulesGame.play(**orders) -> Turn`: play one turn; `RulesGame.track(name) -> float`.
- `Turn.delta(track) -> float`, `Turn.causes(track) -> list[(cause, amount, sources)]`,
  `Turn.caused(track, by) -> float`, and the properties `Turn.event -> str | None`, `Turn.triggered -> list[str]`.

The kit is strict so a test cannot pass by testing nothing: an unknown track, move, event or rule is refused
with a did-you-mean (`UnknownName`, a KeyError), and a value of the wrong type with the reason (`KitError`, a
ValueError): `.set({"x": "sixty"})` says "set: the value of x must be a number, not 'sixty'".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from game.engine.layout import EVENT
from game.rules.problems import did_you_mean
from game.scenarios import load_rules
from game.session.game import Game
from game.session.orders import Order
from game.session.report import TurnReport


class KitError(ValueError):
    """A rules test asked the kit something it cannot answer: the message names the method, the thing and why."""


class UnknownName(KitError, KeyError):
    """A track, move, event or rule the scenario does not have (a KeyError too, as a dict lookup would raise)."""

    def __str__(self) -> str:  # a KeyError shows its message quoted; this one reads as a sentence
        return str(self.args[0]) if self.args else ""


def _unknown(method: str, what: str, name: object, known: Iterable[str]) -> UnknownName:
    """An UnknownName for `name`, with the closest known name when there is one."""
    if not isinstance(name, str):
        return UnknownName(f"{method}: a {what} is given by its id, a text, not {name!r}")
    hint = did_you_mean(name, list(known))
    return UnknownName(f"{method}: unknown {what} {name!r}" + (f" — did you mean {hint!r}?" if hint else ""))


def _track_index(game: Game, method: str, track: object) -> int:
    """The index of a track of the game's scenario; raises UnknownName for any other."""
    index = game.rules.track_index.get(track) if isinstance(track, str) else None
    if index is None:
        raise _unknown(method, "track", track, game.rules.track_index)
    return index


class Turn:
    """One played turn: its report, with helpers to ask about a track's change and its causes."""

    def __init__(self, game: Game, report: TurnReport):
        self.game = game
        self.report = report

    def delta(self, track: str) -> float:
        """Returns how much `track` changed this turn (0.0 if it did not); an unknown track is refused."""
        _track_index(self.game, "delta", track)
        change = self.report.change(track)
        return change.delta if change else 0.0

    def causes(self, track: str) -> list[tuple[str, float, tuple[str, ...]]]:
        """Returns (cause, amount, sources) for every contribution to `track`'s change ([] if it did not change)."""
        _track_index(self.game, "causes", track)
        change = self.report.change(track)
        return [(c.cause, c.amount, c.sources) for c in change.causes] if change else []

    def caused(self, track: str, by: str) -> float:
        """Returns the part of `track`'s change caused by a move, event or rule, given by id or display name
        (0.0 if it did not contribute); an unknown track or cause is refused, so a misspelt id never reads as 0."""
        _track_index(self.game, "caused", track)
        rules = self.game.rules
        items = (*rules.moves, *rules.events, *rules.standing_rules)
        names = {item.name for item in items if by in (item.id, item.name)}
        if not names:
            raise _unknown("caused", "move, event or rule", by, [i.id for i in items] + [i.name for i in items])
        change = self.report.change(track)
        if change is None:
            return 0.0
        return sum(c.amount for c in change.causes if c.cause.split(" (")[0].split(":")[0] in names)

    @property
    def event(self) -> str | None:
        """Returns the id of this turn's event, or None when there was none."""
        return self.report.event.id if self.report.event else None

    @property
    def triggered(self) -> list[str]:
        """Returns the ids of the events triggered this turn (by a threshold), in the order they fired."""
        return [e.id for e in self.report.triggered]


class RulesGame:
    """A game set up for a rules test: set tracks, choose the event, play turns of given orders."""

    def __init__(self, game: Game):
        self.game = game

    def set(self, values: dict[str, float] | None = None, **tracks: float) -> "RulesGame":
        """Set track values ({"jp.stability": 40} or alliance=60) before the next turn; derived tracks follow
        their inputs. Returns this game, so calls chain. Nothing is set if any value is refused."""
        if values is not None and not isinstance(values, dict):
            raise KitError(f"set: the values are a mapping of track id to number, not {values!r}")
        rules = self.game.rules
        checked = []
        for name, value in {**(values or {}), **tracks}.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise KitError(f"set: the value of {name} must be a number, not {value!r}")
            if not math.isfinite(value):
                raise KitError(f"set: the value of {name} must be a finite number, not {value!r}")
            index = _track_index(self.game, "set", name)
            info = rules.tracks[index]
            if info.derived:
                raise KitError(f"set: {name} is derived from other tracks; set its inputs instead")
            if not info.min <= value <= info.max:
                raise KitError(f"set: {name} = {value:g} is outside its bounds [{info.min:g}, {info.max:g}]")
            checked.append((index, float(value)))
        for index, value in checked:
            self.game.state.x[0, index] = value
        self.game.engine.derive(self.game.state)
        return self

    def event(self, event_id: str | None) -> "RulesGame":
        """Make `event_id` this turn's event (None: no event). Returns this game, so calls chain."""
        rules = self.game.rules
        if event_id is not None and event_id not in rules.event_index:
            raise _unknown("event", "event", event_id, rules.event_index)
        self.game.state.ints[0, EVENT] = -1 if event_id is None else rules.event_index[event_id]
        return self

    def play(self, **orders: list[str]) -> Turn:
        """Play one turn: faction=[orders like "us.trade_deal@vietnam"]; others order nothing. Returns the Turn;
        a refused order raises the session's IllegalOrderError and the game is unchanged."""
        for faction, items in orders.items():
            if isinstance(items, str) or not isinstance(items, (list, tuple)):
                raise KitError(f"play: the orders of {faction} are a list such as [{items!r}], not {items!r}")
        return Turn(self.game, self.game.play_turn({f: [Order.parse(o) if isinstance(o, str) else o for o in v]
                                                    for f, v in orders.items()}))

    def track(self, name: str) -> float:
        """Returns a track's current value; an unknown track is refused."""
        return float(self.game.state.x[0, _track_index(self.game, "track", name)])

    def __getattr__(self, name: str):
        return getattr(self.game, name)


def scenario(ref: str | Path, seed: int = 0, event: str | None = None) -> RulesGame:
    """Returns a game of scenario `ref` (id or path) for a rules test.

    The first turn has no event (so a test sees only its own orders' effects) unless `event` names
    one; `event="drawn"` keeps the event the seed drew. An unknown event is refused with a did-you-mean.
    """
    game = Game(load_rules(ref), seed)
    if event is not None and event != "drawn" and event not in game.rules.event_index:
        raise _unknown("scenario", "event", event, [*game.rules.event_index, "drawn"])
    kit = RulesGame(game)
    return kit if event == "drawn" else kit.event(event)


# the kit's public surface, in the order docs/testing-kit.md lists it (tools/build_reference.py)
KIT = (scenario, RulesGame, Turn, KitError, UnknownName)

__all__ = ["scenario", "RulesGame", "Turn", "KitError", "UnknownName"]
