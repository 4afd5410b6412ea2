"""Calling the scenario's native code from the kernel.

The rules are compiled to native code once per scenario (`game.engine.native`, addresses in the
table header): `run` evaluates one expression program, `apply` applies an effect block,
`derive_native` recomputes derived tracks, `prerequisites_native` tests every action's `requires`
and `event_values` evaluates a group of event expressions.
"""

from __future__ import annotations

from numba import njit

from game.engine.native import call_apply, call_derive, call_eval, call_prereqs, call_values
from game.engine.tables import Slot

_ND_MASK = (1 << 32) - 1


@njit(cache=True, inline="always")
def run(ti, tf, prog, x, turn, wf, wi):
    """Value of program `prog` on track values `x` (wi holds the played table)."""
    return call_eval(ti[Slot.NATIVE_EVAL], prog, x.ctypes.data, wi.ctypes.data + 8 * ti[Slot.WI_PLAYED], float(turn))


@njit(cache=True, inline="always")
def holds(value):
    """Whether a condition's value (`when:`, `requires:`) holds: a non-zero number; NaN never holds, as in the native
    code's `when:` tests."""
    return value != 0.0 and value == value


@njit(cache=True, inline="always")
def apply(ti, block, kind, faction, x, turn, seed, wf, wi, nd, explain, log):
    """Apply effect block `block` (its conditions and amounts read the start values in wf) to x,
    recording each change in `log` (a `game.engine.layout.Explain`) when `explain` is set.

    Returns (count of changed tracks noted in wi, whether an effect ended the game).
    """
    r = call_apply(ti[Slot.NATIVE_APPLY], block, x.ctypes.data, wf.ctypes.data, wi.ctypes.data, turn, seed, nd, kind,
                   faction, 1 if explain else 0, log.entries.ctypes.data, log.amounts.ctypes.data,
                   log.count.ctypes.data, log.amounts.shape[0])
    return r & _ND_MASK, (r >> 32) != 0


@njit(cache=True, inline="always")
def prerequisites_native(ti, x, turn, wi):
    """Whether each action's `requires` holds, into wi (the played table must be clear)."""
    call_prereqs(ti[Slot.NATIVE_PREREQS], x.ctypes.data, wi.ctypes.data, float(turn))


@njit(cache=True, inline="always")
def derive_native(ti, x, turn, wi, final, explain, log):
    """Recompute the derived tracks in x: all of them if `final`, else those read during a turn."""
    call_derive(ti[Slot.NATIVE_DERIVE], x.ctypes.data, wi.ctypes.data, float(turn), 1 if final else 0,
                1 if explain else 0, log.entries.ctypes.data, log.amounts.ctypes.data, log.count.ctypes.data,
                log.amounts.shape[0])


@njit(cache=True, inline="always")
def event_values(ti, group, x, turn, wf, wi):
    """Evaluate `group` (a game.engine.tables.ValueGroup) on x into wf, one value per event."""
    call_values(ti[Slot.NATIVE_VALUES], group, x.ctypes.data, wi.ctypes.data + 8 * ti[Slot.WI_PLAYED], float(turn),
                wf.ctypes.data + 8 * ti[Slot.WF_WEIGHTS])
