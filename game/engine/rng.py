"""Counter-based random numbers: a pure function of (game seed, turn, purpose, index).

A game draws the same numbers whether it runs alone or inside a batch, on one thread or two,
because no generator state is carried between draws (splitmix64 finaliser over a mixed key).
"""

from __future__ import annotations

from numba import njit, uint64

# Purposes keep independent streams apart.
PURPOSE_EVENT = 1
PURPOSE_EFFECT = 2
PURPOSE_BOT = 3

# splitmix64's finaliser: (shift, multiplier) twice, then a last shift
MIX = ((30, 0xBF58476D1CE4E5B9), (27, 0x94D049BB133111EB))
MIX_LAST = 31
# odd constants that spread the seed, turn, purpose and index over all 64 bits
SEED_SALT, TURN_KEY, PURPOSE_KEY, INDEX_KEY = 0x9E3779B97F4A7C15, 0xD1B54A32D192ED03, 0xABC98388FB8FAC03, 0x8CB92BA72F3D8DD7
UNIT = 1.0 / 9007199254740992.0  # 2**-53: the top 53 bits as a float in [0, 1)
_S1, _M1 = MIX[0]
_S2, _M2 = MIX[1]


@njit(cache=True, inline="always")
def mix64(z: uint64) -> uint64:
    """splitmix64's finaliser: a bijective avalanche of 64 bits."""
    z = (z ^ (z >> uint64(_S1))) * uint64(_M1)
    z = (z ^ (z >> uint64(_S2))) * uint64(_M2)
    return z ^ (z >> uint64(MIX_LAST))


@njit(cache=True, inline="always")
def stream(seed: uint64, turn: int, purpose: int) -> uint64:
    """The key of the (seed, turn, purpose) stream: `draw(stream(s, t, p), i) == uniform(s, t, p, i)`."""
    z = mix64(seed + uint64(SEED_SALT))
    z = mix64(z ^ (uint64(turn) * uint64(TURN_KEY)))
    return mix64(z ^ (uint64(purpose) * uint64(PURPOSE_KEY)))


@njit(cache=True, inline="always")
def draw(key: uint64, index: int) -> float:
    """Number `index` of the stream `key`, a float in [0, 1)."""
    z = mix64(key ^ (uint64(index) * uint64(INDEX_KEY)))
    return float(z >> uint64(11)) * UNIT


@njit(cache=True)
def uniform(seed: uint64, turn: int, purpose: int, index: int) -> float:
    """A float in [0, 1) keyed by (seed, turn, purpose, index)."""
    return draw(stream(seed, turn, purpose), index)


# An odd constant, distinct from the keys above, that moves a bot's lookahead seed away from the game seed.
LOOKAHEAD_SALT = 0xC2B2AE3D27D4EB4F


@njit(cache=True, inline="always")
def lookahead_seed(seed, f):
    """The seed faction f's bot simulates with: (game seed, faction) mixed by splitmix64's finaliser, so its draws
    are unrelated to the game's own draws and differ from faction to faction."""
    return mix64(mix64(uint64(seed) ^ uint64(LOOKAHEAD_SALT)) + uint64(f))
