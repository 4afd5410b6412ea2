"""Orders and the typed errors for refusing them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class Order:
    """A move a faction orders this turn, with its target where the move needs one."""

    move: str
    target: str | None = None

    def __str__(self) -> str:
        return f"{self.move} @ {self.target}" if self.target else self.move

    @classmethod
    def parse(cls, text: str) -> "Order":
        """`us.trade_deal@vietnam` or `us.trade_deal` as an Order."""
        move, _, target = text.strip().partition("@")
        return cls(move.strip(), target.strip() or None)


class Reason(str, Enum):
    """Why an order or request is refused."""

    UNKNOWN_MOVE = "unknown move"
    NOT_YOURS = "not this faction's move"
    TARGET = "target"
    DUPLICATE = "already ordered"
    ACTION_POINTS = "cost: action points"
    BUDGET = "cost: budget"
    PREREQUISITE = "prerequisite"
    PHASE = "wrong phase"
    GAME_OVER = "game over"
    NOTHING_TO_UNDO = "nothing to undo"
    UNKNOWN_FACTION = "unknown faction"
    NOT_JOINT = "not a joint move"
    NO_PROPOSAL = "no such proposal"
    HELD = "held by a proposal"


class IllegalOrderError(ValueError):
    """An order the rules refuse here; the game is left exactly as it was."""

    def __init__(self, reason: Reason, message: str, faction: str | None = None, order: Order | None = None):
        self.reason = reason
        self.faction = faction
        self.order = order
        super().__init__(message)


class SessionError(RuntimeError):
    """A request that cannot be carried out in the game's current phase (e.g. resolving before all commit)."""
