"""How the kernel's functions are compiled: the two numba decorators every jitted module of the rules uses.

The functions that play the rules never allocate, so they are compiled without numba's reference
counting: otherwise every call, view and inlined helper increments and decrements the arrays'
shared counters with atomic instructions, which cost more than the rules themselves and make the
two threads of a batch contend for the same cache lines. Only the allocating helpers (`scratch`,
the memories) and the batch entry points use plain `njit`.
"""

from __future__ import annotations

from numba import njit

rules_jit = njit(cache=True, _nrt=False)
rules_jit_inline = njit(cache=True, inline="always", _nrt=False)
