"""Bots: a registry of players that choose orders from a faction's view, and a driver for bot seats."""

from __future__ import annotations

from typing import Callable, Protocol

from game.rules.problems import did_you_mean
from game.session.game import HUMAN, Game
from game.session.orders import Order
from game.session.view import View


class Bot(Protocol):
    """A player: given its faction's view, the orders it commits and a plain-language reason."""

    def choose(self, view: View) -> tuple[list[Order], str]: ...


BOTS: dict[str, Callable[[str], Bot]] = {}


def register(name: str):
    """Class decorator adding a bot to the registry under `name`."""

    def add(cls):
        BOTS[name] = cls
        return cls

    return add


class UnknownBotError(ValueError):
    """A seat names a bot the registry does not have."""


def make_bot(spec: str) -> Bot:
    """A bot from a seat spec like `random` or `random:easy` (the part after ':' is the bot's level)."""
    name, _, level = spec.partition(":")
    if name not in BOTS:
        hint = did_you_mean(name, BOTS)
        raise UnknownBotError(f"unknown bot {name!r}" + (f" — did you mean {hint!r}?" if hint else "")
                              + f" (bots: {', '.join(sorted(BOTS))}, or {HUMAN!r} for a person)")
    return BOTS[name](level)


def check_seat(spec: str) -> None:
    """Raise UnknownBotError unless `spec` is 'human' or a registered bot."""
    if spec != HUMAN:
        make_bot(spec)


def play_bot_seats(game: Game, bots: dict[str, Bot] | None = None) -> dict[str, str]:
    """Let every bot seat that has not committed choose, submit and commit; returns their reasons."""
    reasons = {}
    for faction, spec in game.seats.items():
        if spec == HUMAN or faction in game.committed or game.is_over:
            continue
        bot = (bots or {}).get(faction) or make_bot(spec)
        orders, reason = bot.choose(game.view(faction))
        for order in orders:
            game.submit(faction, order)
        game.commit(faction)
        reasons[faction] = reason
    return reasons


from game.ai import random_bot  # noqa: E402,F401  (registers itself)
from game.ai import greedy_bot  # noqa: E402,F401  (registers itself)
