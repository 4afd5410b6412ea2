"""The facts of the state layout shared by the kernel and everything that reads its arrays."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

import numpy as np

# Columns of the integer state array `ints[games, INT_COLUMNS + events]`.
TURN = 0  # the turn being played, 1-based; n_turns + 1 once finished
STATUS = 1  # a Status
EVENT = 2  # the turn's event (index into rules.events), -1 for none
FIRED = 3  # FIRED + v: how many times event v has fired
INT_COLUMNS = 3

EMPTY = -1  # an unused order slot


class Status(IntEnum):
    RUNNING = 0
    FINISHED = 1
    WAR = 2


class Legality(IntEnum):
    """Why the kernel refuses an order (0 = legal)."""

    OK = 0
    GAME_OVER = 1
    NOT_YOURS = 2
    DUPLICATE = 3
    NO_ACTION_POINTS = 4
    NO_BUDGET = 5
    PREREQUISITE = 6
    REQUIREMENT_NOT_A_NUMBER = 7  # its `requires` is NaN on this state: it cannot be evaluated, so it does not hold


class Cause(IntEnum):
    """Kinds of explanation entries the kernel records in single-game mode."""

    ORDER = 1  # ref: effect row; faction: who ordered it
    COST = 2  # ref: action; faction: who paid
    EVENT = 3  # ref: effect row of the turn's event
    RULE = 4  # ref: effect row of a rule
    TRIGGER = 5  # ref: effect row of a triggered event
    LIMIT = 6  # ref: -1; a value pushed back inside its bounds
    DERIVED = 7  # ref: -1; recomputed from other tracks
    MISSED = 8  # ref: effect row whose chance roll failed (amount 0)
    UNMATCHED = 9  # ref: action; a joint move a partner did not order
    FIRED = 10  # ref: event index that fired this turn
    END = 11  # ref: effect row that ended the game


EXPLAIN_CAPACITY = 8192


class Explain(NamedTuple):
    """Where single-game mode records its explanation (`Cause` entries): entries[capacity, 4] (kind, ref,
    faction, track), amounts[capacity] and count[1], the number recorded so far."""

    entries: np.ndarray
    amounts: np.ndarray
    count: np.ndarray
