"""Evaluating an expression program inside the kernel.

The programs (postfix instruction lists from `game.rules.expressions`) are compiled to native
code once per scenario (`game.engine.native`); `run` calls that code with the game's track row
and the table of moves ordered this turn.
"""

from __future__ import annotations

from numba import njit

from game.engine.native import call_eval
from game.engine.tables import NATIVE_EVAL, WI_PLAYED


@njit(cache=True, inline="always")
def run(ti, tf, prog, x, turn, wf, wi):
    """Value of program `prog` on track values `x` (wi holds the played table)."""
    return call_eval(ti[NATIVE_EVAL], prog, x.ctypes.data, wi.ctypes.data + 8 * ti[WI_PLAYED], float(turn))
