"""Counter-based random numbers: a pure function of (game seed, turn, purpose, index).

A game draws the same numbers whether it runs alone or inside a batch, on one thread or two,
because no generator state is carried between draws (splitmix64 finaliser over a mixed key).
"""

from __future__ import annotations

import numpy as np
from numba import njit, uint64

# Purposes keep independent streams apart.
PURPOSE_EVENT = 1
PURPOSE_EFFECT = 2
PURPOSE_BOT = 3

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


@njit(cache=True, inline="always")
def mix64(z: uint64) -> uint64:
    """splitmix64's finaliser: a bijective avalanche of 64 bits."""
    z = (z ^ (z >> uint64(30))) * uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> uint64(27))) * uint64(0x94D049BB133111EB)
    return z ^ (z >> uint64(31))


@njit(cache=True)
def uniform(seed: uint64, turn: int, purpose: int, index: int) -> float:
    """A float in [0, 1) keyed by (seed, turn, purpose, index)."""
    z = mix64(seed + uint64(0x9E3779B97F4A7C15))
    z = mix64(z ^ (uint64(turn) * uint64(0xD1B54A32D192ED03)))
    z = mix64(z ^ (uint64(purpose) * uint64(0xABC98388FB8FAC03)))
    z = mix64(z ^ (uint64(index) * uint64(0x8CB92BA72F3D8DD7)))
    return float(z >> uint64(11)) * (1.0 / 9007199254740992.0)
