"""Flat packing of the compiled tables for the kernel, and the native code built from them.

numba passes a tuple of arrays to every inner call as hundreds of scalars and unboxes each array
from Python separately, so the kernel takes the rules as two flat arrays instead: `ti` (int64) and
`tf` (float64). `ti` starts with a header giving, for each named field below, its start and length
in `ti` or `tf`; then come scalars, the work-area layout and the addresses of the scenario's
native code. Field numbers are constants the kernel reads with `geti` / `getf`.

Effects, derived tracks and prerequisites run as native code (`game.engine.native`) built here
from the same tables, so they are not packed: `ti` holds what the kernel's own loops read.
"""

from __future__ import annotations

import hashlib
import threading
from typing import NamedTuple

import numpy as np
from numba import njit

# int fields, in header order (the number is the field's slot)
INT_FIELDS = (
    "act_move", "act_partners", "act_ap", "act_requires",
    "faction_ap", "faction_budget",
    "faction_act_start", "faction_act_list",  # faction -> actions it may order (CSR)
    "faction_min_ap",  # the fewest action points any of the faction's actions costs
    "ev_kind", "ev_weight", "ev_when", "ev_once", "sched",
    "score_faction", "score_prog",
    "doc_faction", "doc_rule_start", "doc_rule_when", "doc_rule_act_start", "doc_rule_act", "faction_doc_start",
)
(ACT_MOVE, ACT_PARTNERS, ACT_AP, ACT_REQUIRES, FACTION_AP, FACTION_BUDGET, FACTION_ACT_START, FACTION_ACT_LIST,
 FACTION_MIN_AP, EV_KIND, EV_WEIGHT, EV_WHEN, EV_ONCE, SCHED, SCORE_FACTION, SCORE_PROG,
 DOC_FACTION, DOC_RULE_START, DOC_RULE_WHEN, DOC_RULE_ACT_START, DOC_RULE_ACT, FACTION_DOC_START) = range(len(INT_FIELDS))
# float fields, numbered after the int fields
FLOAT_FIELDS = ("track_min", "track_max", "act_budget", "score_weight", "doc_weight", "doc_rule_add")
TRACK_MIN, TRACK_MAX, ACT_BUDGET, SCORE_WEIGHT, DOC_WEIGHT, DOC_RULE_ADD = range(
    len(INT_FIELDS), len(INT_FIELDS) + len(FLOAT_FIELDS))
N_FIELDS = len(INT_FIELDS) + len(FLOAT_FIELDS)

# scalars after the field header: slot numbers into ti
_S = 2 * N_FIELDS
N_TURNS, N_MOVES, N_TRACKS, N_FACTIONS, N_ACTIONS, N_EVENTS = range(_S, _S + 6)
# work-area layout: offsets into the float work array wf and the int work array wi
WF_X0, WF_WEIGHTS, WF_ACTS, WF_SIZE = range(_S + 6, _S + 10)
WI_PLAYED, WI_MARK, WI_DIRTY, WI_CAND, WI_PREREQS, WI_SIZE = range(_S + 10, _S + 16)
# addresses of the scenario's native code (game.engine.native.NAMES)
NATIVE_EVAL, NATIVE_APPLY, NATIVE_DERIVE, NATIVE_PREREQS, NATIVE_VALUES = range(_S + 16, _S + 21)
HEADER = _S + 21
# groups of `pt_values`, written per event: drawn events' weights (0 unless `when` holds); triggered events' `when`
DRAWN_WEIGHTS, TRIGGER_WHENS = 0, 1


def program_reads(tables, prog: int) -> set[int]:
    """Tracks a program reads."""
    from game.rules.expressions import loaded_track

    reads = {loaded_track(op, arg) for op, arg, _ in tables.programs[prog]}
    reads.discard(None)
    return reads


def live_derived(tables) -> np.ndarray:
    """For each derived entry, 1 if an expression evaluated during a turn reads it, directly or through
    another live derived track; the others only need recomputing once, at the end of the turn."""
    derived = [int(t) for t in tables.derived_track]
    position = {t: d for d, t in enumerate(derived)}
    skip = {int(p) for p in tables.derived_prog} | {int(p) for p in tables.score_prog} | {
        int(p) for p in tables.doc_rule_when}  # doctrines read the settled state between turns
    live = np.zeros(len(derived), dtype=np.int64)
    for prog in range(len(tables.programs)):
        if prog not in skip:
            for track in program_reads(tables, prog) & set(position):
                live[position[track]] = 1
    for d in range(len(derived) - 1, -1, -1):  # dependency order: inputs come earlier
        if live[d]:
            for track in program_reads(tables, int(tables.derived_prog[d])) & set(position):
                live[position[track]] = 1
    return live


def faction_actions(act_partners: np.ndarray, act_ap: np.ndarray, n_factions: int):
    """CSR lists: for each faction, the actions it may order (joint ones in every partner's list);
    and the fewest action points one of them costs."""
    lists = [[a for a in range(len(act_partners)) if (int(act_partners[a]) >> f) & 1] for f in range(n_factions)]
    start = np.zeros(n_factions + 1, dtype=np.int64)
    for f in range(n_factions):
        start[f + 1] = start[f] + len(lists[f])
    min_ap = np.array([min((int(act_ap[a]) for a in fl), default=0) for fl in lists], dtype=np.int64)
    return start, np.array([a for fl in lists for a in fl], dtype=np.int64), min_ap


def native_source(tables, head: np.ndarray):
    """What the native code for these tables and work-area layout is built from (`game.engine.native.Source`).

    `pt_apply`'s blocks: one per action, one per event, then the rules phase.
    """
    from game.engine.native import Derived, Effect, Layout, Source

    programs = list(tables.programs)  # plain tuples already: the generator reads them as they are
    effects = [Effect(int(t), int(m), int(a), int(w), float(c)) for t, m, a, w, c in zip(
        tables.eff_track, tables.eff_mode, tables.eff_amount, tables.eff_when, tables.eff_chance)]
    blocks = [[(-1, int(lo), int(hi))] for lo, hi in zip(tables.act_eff_lo, tables.act_eff_hi)]
    blocks += [[(-1, int(lo), int(hi))] for lo, hi in zip(tables.ev_eff_lo, tables.ev_eff_hi)]
    blocks.append([(int(w), int(lo), int(hi)) for w, lo, hi in zip(tables.rule_when, tables.rule_eff_lo,
                                                                   tables.rule_eff_hi)])
    derived = [Derived(int(t), int(p), bool(live), float(tables.track_min[t]), float(tables.track_max[t]))
               for t, p, live in zip(tables.derived_track, tables.derived_prog, live_derived(tables))]
    layout = Layout(x0=int(head[WF_X0]), played=int(head[WI_PLAYED]), mark=int(head[WI_MARK]),
                    dirty=int(head[WI_DIRTY]), prereqs=int(head[WI_PREREQS]))
    kinds = [int(k) for k in tables.ev_kind]
    groups = [[(v, int(tables.ev_when[v]), int(tables.ev_weight[v])) for v in range(len(kinds)) if kinds[v] == 1],
              [(v, -1, int(tables.ev_when[v])) for v in range(len(kinds)) if kinds[v] == 2]]
    return Source(programs, effects, blocks, derived, [int(r) for r in tables.act_requires], groups, layout)


def native_code(tables, head: np.ndarray) -> tuple[int, ...]:
    """Addresses of the native code for these tables and work-area layout (compiled once, kept on disk)."""
    from game.engine.native import compile_rules

    src = native_source(tables, head)
    return compile_rules(hashlib.sha256(repr(src).encode()).hexdigest(), src)


def pack(tables) -> tuple[np.ndarray, np.ndarray]:
    """(ti, tf) for the kernel from a `game.rules.compiled.Tables`."""
    n_tracks = len(tables.track_min)
    n_factions = len(tables.faction_ap)
    n_actions = len(tables.act_move)
    n_events = len(tables.ev_kind)
    start, flat, min_ap = faction_actions(tables.act_partners, tables.act_ap, n_factions)
    fields = tables._asdict() | {"faction_act_start": start, "faction_act_list": flat, "faction_min_ap": min_ap}
    if len(tables.faction_doc_start) == 0:  # no doctrines
        fields["faction_doc_start"] = np.zeros(n_factions + 1, dtype=np.int64)
    ints = [np.asarray(fields[name], dtype=np.int64) for name in INT_FIELDS]
    floats = [np.asarray(fields[name], dtype=np.float64) for name in FLOAT_FIELDS]
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
    head[N_FACTIONS], head[N_ACTIONS], head[N_EVENTS] = n_factions, n_actions, n_events
    head[WF_X0] = 0
    head[WF_WEIGHTS] = n_tracks
    head[WF_ACTS] = n_tracks + max(n_events, 1)
    head[WF_SIZE] = head[WF_ACTS] + max(n_actions, 1)
    head[WI_PLAYED] = 0
    head[WI_MARK] = n_factions * max(tables.n_moves, 1)
    head[WI_DIRTY] = head[WI_MARK] + n_tracks
    head[WI_CAND] = head[WI_DIRTY] + n_tracks
    head[WI_PREREQS] = head[WI_CAND] + max(n_actions, 1)
    head[WI_SIZE] = head[WI_PREREQS] + max(n_actions, 1)
    ti = np.concatenate([head, *ints])
    tf = np.concatenate(floats)
    ti[NATIVE_EVAL : NATIVE_VALUES + 1] = native_code(tables, head)
    ti.setflags(write=False)
    tf.setflags(write=False)
    return ti, tf


class Lowered(NamedTuple):
    """A scenario's rules as the kernel takes them: the packed tables, their native code's addresses in `ti`."""

    ti: np.ndarray
    tf: np.ndarray


_lowered: dict[str, Lowered] = {}  # content hash -> the kernel's tables
_lowering = threading.Lock()


def lowered(rules) -> Lowered:
    """The kernel's (ti, tf) for compiled rules (`game.rules.compiled.Rules`), built the first time something needs them.

    Lowering (packing the tables and building their native code) happens once per content hash in
    a process; the machine code itself is also kept on disk between runs (`game.engine.native`).
    Compiling or validating content never gets here.
    """
    found = _lowered.get(rules.content_hash)
    if found is None:
        with _lowering:
            found = _lowered.get(rules.content_hash)
            if found is None:
                found = _lowered[rules.content_hash] = Lowered(*pack(rules.tables))
    return found


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
