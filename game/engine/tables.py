"""Flat packing of the compiled tables for the kernel.

numba passes a tuple of arrays to every inner call as hundreds of scalars and unboxes each array
from Python separately, so the kernel takes the rules as two flat arrays instead: `ti` (int64) and
`tf` (float64). `ti` starts with a header giving, for each named field below, its start and length
in `ti` or `tf`; then come scalars and the work-area layout. Field numbers are constants the
kernel reads with `geti` / `getf`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# int fields, in header order (the number is the field's slot)
DERIVED_TRACK, DERIVED_PROG, PROG_START, PROG_LEN, CODE_OP, CODE_I = 0, 1, 2, 3, 4, 5
EFF_TRACK, EFF_MODE, EFF_AMOUNT, EFF_WHEN = 6, 7, 8, 9
ACT_MOVE, ACT_PARTNERS, ACT_AP, ACT_REQUIRES, ACT_EFF_LO, ACT_EFF_HI = 10, 11, 12, 13, 14, 15
FACTION_AP, FACTION_BUDGET = 16, 17
EV_KIND, EV_WEIGHT, EV_WHEN, EV_ONCE, EV_EFF_LO, EV_EFF_HI, SCHED = 18, 19, 20, 21, 22, 23, 24
RULE_WHEN, RULE_EFF_LO, RULE_EFF_HI = 25, 26, 27
SCORE_FACTION, SCORE_PROG = 28, 29
DEP_START, DEP_LIST = 30, 31  # track -> derived entries reading it (CSR)
FACTION_ACT_START, FACTION_ACT_LIST = 32, 33  # faction -> actions it may order (CSR)
DERIVED_LIVE = 34  # 1 if some expression reads the derived entry during a turn (else: recomputed at turn end)
INT_FIELDS = (
    "derived_track", "derived_prog", "prog_start", "prog_len", "code_op", "code_i",
    "eff_track", "eff_mode", "eff_amount", "eff_when",
    "act_move", "act_partners", "act_ap", "act_requires", "act_eff_lo", "act_eff_hi",
    "faction_ap", "faction_budget",
    "ev_kind", "ev_weight", "ev_when", "ev_once", "ev_eff_lo", "ev_eff_hi", "sched",
    "rule_when", "rule_eff_lo", "rule_eff_hi",
    "score_faction", "score_prog",
    "dep_start", "dep_list",
    "faction_act_start", "faction_act_list",
    "derived_live",
)
# float fields, numbered after the int fields
TRACK_MIN, TRACK_MAX, TRACK_START, CODE_F, EFF_CHANCE, ACT_BUDGET, SCORE_WEIGHT = 35, 36, 37, 38, 39, 40, 41
FLOAT_FIELDS = ("track_min", "track_max", "track_start", "code_f", "eff_chance", "act_budget", "score_weight")
N_FIELDS = len(INT_FIELDS) + len(FLOAT_FIELDS)

# scalars after the field header: slot numbers into ti
_S = 2 * N_FIELDS
N_TURNS, N_MOVES, N_TRACKS, N_FACTIONS, N_ACTIONS, N_EVENTS, N_DERIVED = (_S + k for k in range(7))
# work-area layout: offsets into the float work array wf and the int work array wi
WF_X0, WF_STACK, WF_WEIGHTS, WF_SIZE = (_S + 7 + k for k in range(4))
WI_PLAYED, WI_MARK, WI_DIRTY, WI_CAND, WI_DMARK, WI_BASE, WI_SIZE = (_S + 11 + k for k in range(7))
NATIVE_EVAL = _S + 18  # address of the native code for the expression programs (game.engine.native)
HEADER = _S + 19
STACK = 32


def derived_dependencies(derived_track: np.ndarray, derived_prog: np.ndarray, prog_start: np.ndarray,
                         prog_len: np.ndarray, code_op: np.ndarray, code_i: np.ndarray, n_tracks: int):
    """CSR lists: for each track, the derived entries whose program loads it."""
    from game.rules.expressions import loaded_track

    readers: list[list[int]] = [[] for _ in range(n_tracks)]
    for d, prog in enumerate(derived_prog):
        lo = int(prog_start[prog])
        for pc in range(lo, lo + int(prog_len[prog])):
            track = loaded_track(int(code_op[pc]), int(code_i[pc]))
            if track is not None and d not in readers[track]:
                readers[track].append(d)
    start = np.zeros(n_tracks + 1, dtype=np.int64)
    for t in range(n_tracks):
        start[t + 1] = start[t] + len(readers[t])
    flat = np.array([d for r in readers for d in r], dtype=np.int64)
    return start, flat


def program_reads(tables, prog: int) -> set[int]:
    """Tracks a program reads."""
    from game.rules.expressions import loaded_track

    lo = int(tables.prog_start[prog])
    reads = {loaded_track(int(tables.code_op[pc]), int(tables.code_i[pc])) for pc in range(lo, lo + int(tables.prog_len[prog]))}
    reads.discard(None)
    return reads


def live_derived(tables) -> np.ndarray:
    """For each derived entry, 1 if an expression evaluated during a turn reads it, directly or through
    another live derived track; the others only need recomputing once, at the end of the turn."""
    derived = [int(t) for t in tables.derived_track]
    position = {t: d for d, t in enumerate(derived)}
    skip = {int(p) for p in tables.derived_prog} | {int(p) for p in tables.score_prog}
    live = np.zeros(len(derived), dtype=np.int64)
    for prog in range(len(tables.prog_start)):
        if prog not in skip:
            for track in program_reads(tables, prog) & set(position):
                live[position[track]] = 1
    for d in range(len(derived) - 1, -1, -1):  # dependency order: inputs come earlier
        if live[d]:
            for track in program_reads(tables, int(tables.derived_prog[d])) & set(position):
                live[position[track]] = 1
    return live


def faction_actions(act_partners: np.ndarray, n_factions: int) -> tuple[np.ndarray, np.ndarray]:
    """CSR lists: for each faction, the actions it may order (joint ones in every partner's list)."""
    lists = [[a for a in range(len(act_partners)) if (int(act_partners[a]) >> f) & 1] for f in range(n_factions)]
    start = np.zeros(n_factions + 1, dtype=np.int64)
    for f in range(n_factions):
        start[f + 1] = start[f] + len(lists[f])
    return start, np.array([a for fl in lists for a in fl], dtype=np.int64)


def native_programs(tables) -> int:
    """Address of the native code evaluating every program of these tables (compiled once per process)."""
    import hashlib

    from game.engine.native import compile_programs

    key = hashlib.sha256(b"".join(np.ascontiguousarray(a).tobytes() for a in (
        tables.code_op, tables.code_i, tables.code_f, tables.prog_start, tables.prog_len))).hexdigest()
    programs = []
    for p in range(len(tables.prog_start)):
        lo, n = int(tables.prog_start[p]), int(tables.prog_len[p])
        programs.append([(int(tables.code_op[pc]), int(tables.code_i[pc]), float(tables.code_f[pc]))
                         for pc in range(lo, lo + n)])
    return compile_programs(key, programs)


def pack(tables) -> tuple[np.ndarray, np.ndarray]:
    """(ti, tf) for the kernel from a `game.rules.compiled.Tables`."""
    start, flat = faction_actions(tables.act_partners, len(tables.faction_ap))
    tables = tables._replace(faction_act_start=start, faction_act_list=flat, derived_live=live_derived(tables))
    ints = [np.asarray(getattr(tables, name), dtype=np.int64) for name in INT_FIELDS]
    floats = [np.asarray(getattr(tables, name), dtype=np.float64) for name in FLOAT_FIELDS]
    n_tracks = len(tables.track_min)
    n_factions = len(tables.faction_ap)
    n_actions = len(tables.act_move)
    n_events = len(tables.ev_kind)
    n_derived = len(tables.derived_track)
    head = np.zeros(HEADER, dtype=np.int64)
    at = HEADER
    for k, arr in enumerate(ints):
        head[2 * k], head[2 * k + 1] = at, len(arr)
        at += len(arr)
    at_f = 0
    for k, arr in enumerate(floats):
        slot = len(INT_FIELDS) + k
        head[2 * slot], head[2 * slot + 1] = at_f, len(arr)
        at_f += len(arr)
    head[N_TURNS], head[N_MOVES], head[N_TRACKS] = tables.n_turns, tables.n_moves, n_tracks
    head[N_FACTIONS], head[N_ACTIONS], head[N_EVENTS], head[N_DERIVED] = n_factions, n_actions, n_events, n_derived
    head[WF_X0] = 0
    head[WF_STACK] = n_tracks
    head[WF_WEIGHTS] = n_tracks + STACK
    head[WF_SIZE] = n_tracks + STACK + max(n_events, 1)
    head[WI_PLAYED] = 0
    head[WI_MARK] = n_factions * max(tables.n_moves, 1)
    head[WI_DIRTY] = head[WI_MARK] + n_tracks
    head[WI_CAND] = head[WI_DIRTY] + n_tracks
    head[WI_DMARK] = head[WI_CAND] + max(n_actions, 1)
    head[WI_BASE] = head[WI_DMARK] + max(n_derived, 1)
    head[WI_SIZE] = head[WI_BASE] + max(n_actions, 1)
    ti = np.concatenate([head, *ints]) if ints else head
    tf = np.concatenate(floats) if floats else np.zeros(0)
    ti[NATIVE_EVAL] = native_programs(tables)
    ti.setflags(write=False)
    tf.setflags(write=False)
    return ti, tf


@njit(cache=True, inline="always")
def geti(ti, field, i):
    """Element i of int field `field`."""
    return ti[ti[2 * field] + i]


@njit(cache=True, inline="always")
def getf(ti, tf, field, i):
    """Element i of float field `field`."""
    return tf[ti[2 * field] + i]


@njit(cache=True, inline="always")
def size(ti, field):
    return ti[2 * field + 1]
