"""Flat packing of the compiled tables for the kernel, and the native code built from them.

numba passes a tuple of arrays to every inner call as hundreds of scalars and unboxes each array
from Python separately, so the kernel takes the rules as two flat arrays instead: `ti` (int64) and
`tf` (float64). `ti` starts with a header giving, for each field (`IntField`, `FloatField`), its
start and length in `ti` or `tf`; then come the `Slot`s: scalars, the work-area layout and the
addresses of the scenario's native code. Each layout is declared once, as an IntEnum whose members
are the numbers the kernel reads (`geti(ti, IntField.ACT_AP, a)`, `ti[Slot.N_TRACKS]`): numba
takes an IntEnum member as the integer constant it stands for.

Effects, derived tracks and prerequisites run as native code (`game.engine.native`) built here
from the same tables, so they are not packed: `ti` holds what the kernel's own loops read.
"""

from __future__ import annotations

import hashlib
import threading
from enum import IntEnum, auto
from typing import NamedTuple

import numpy as np
from numba import njit

def _numbered_from(first: int):
    """An enum's `_generate_next_value_`: its members are numbered first, first + 1, ... in the order declared."""
    return staticmethod(lambda name, start, count, last_values: first + count)


class IntField(IntEnum):
    """The int fields of `ti`, in header order: a member's value is its field number, its lowercase name the
    `game.rules.compiled.Tables` field it is packed from (or one of PACKED_HERE)."""

    _generate_next_value_ = _numbered_from(0)
    ACT_MOVE = auto()
    ACT_PARTNERS = auto()
    ACT_AP = auto()
    ACT_REQUIRES = auto()
    FACTION_AP = auto()
    FACTION_BUDGET = auto()
    FACTION_ACT_START = auto()  # faction -> actions it may order (CSR)
    FACTION_ACT_LIST = auto()
    FACTION_MIN_AP = auto()  # the fewest action points any of the faction's actions costs
    EV_KIND = auto()
    EV_WEIGHT = auto()
    EV_WHEN = auto()
    EV_ONCE = auto()
    SCHED = auto()
    SCORE_FACTION = auto()
    SCORE_PROG = auto()
    DOC_FACTION = auto()
    DOC_RULE_START = auto()
    DOC_RULE_WHEN = auto()
    DOC_RULE_ACT_START = auto()
    DOC_RULE_ACT = auto()
    FACTION_DOC_START = auto()
    DOC_NEG = auto()
    DOC_NEG_RULE_START = auto()
    DOC_NEG_RULE_WHEN = auto()
    DOC_NEG_RULE_ACT_START = auto()
    DOC_NEG_RULE_ACT = auto()


class FloatField(IntEnum):
    """The float fields of `tf`, numbered after the int fields (their start and length are in `ti`'s header too)."""

    _generate_next_value_ = _numbered_from(len(IntField))
    TRACK_MIN = auto()
    TRACK_MAX = auto()
    ACT_BUDGET = auto()
    SCORE_WEIGHT = auto()
    DOC_WEIGHT = auto()
    DOC_RULE_ADD = auto()
    DOC_NEG_PROPOSE = auto()
    DOC_NEG_ACCEPT = auto()
    DOC_NEG_RULE_ADD = auto()
    DOC_VARIETY = auto()


N_FIELDS = len(IntField) + len(FloatField)
# the fields `pack` computes from the others: every other field's name is a `Tables` field
PACKED_HERE = ("faction_act_start", "faction_act_list", "faction_min_ap")


class Slot(IntEnum):
    """The header's slots after the field table (two per field: start, length): scalars, the work-area layout
    and the addresses of the scenario's native code. A member's value is its index in `ti`."""

    _generate_next_value_ = _numbered_from(2 * N_FIELDS)
    N_TURNS = auto()
    N_MOVES = auto()
    N_TRACKS = auto()
    N_FACTIONS = auto()
    N_ACTIONS = auto()
    N_EVENTS = auto()
    # work-area layout: offsets into the float work array wf, its areas in this order, then its size
    WF_X0 = auto()  # [tracks] the phase's start values
    WF_WEIGHTS = auto()  # [events] the drawn events' weights, or the triggered events' `when`
    WF_ACTS = auto()  # [actions] a doctrine's weight of each action
    WF_SIZE = auto()
    # offsets into the int work array wi, its areas in this order, then its size
    WI_PLAYED = auto()  # [factions x moves] 1 per move ordered this turn
    WI_MARK = auto()  # [tracks] 1 per track changed this phase
    WI_DIRTY = auto()  # [tracks] the changed tracks, in order
    WI_CAND = auto()  # [actions] candidate list
    WI_PREREQS = auto()  # [actions] 1 per action whose `requires` holds
    WI_SIZE = auto()
    # addresses of the scenario's native code, in the order of game.engine.native.NAMES
    NATIVE_EVAL = auto()
    NATIVE_APPLY = auto()
    NATIVE_DERIVE = auto()
    NATIVE_PREREQS = auto()
    NATIVE_VALUES = auto()


HEADER = 2 * N_FIELDS + len(Slot)


class ValueGroup(IntEnum):
    """The groups of `pt_values`, each written per event."""

    DRAWN_WEIGHTS = 0  # drawn events' weights (0 unless `when` holds)
    TRIGGER_WHENS = 1  # triggered events' `when`


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
    # doctrines read the settled state between turns
    skip = {int(p) for p in tables.derived_prog} | {int(p) for p in tables.score_prog} | {
        int(p) for p in tables.doc_rule_when} | {int(p) for p in tables.doc_neg_rule_when}
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
    layout = Layout(x0=int(head[Slot.WF_X0]), played=int(head[Slot.WI_PLAYED]), mark=int(head[Slot.WI_MARK]),
                    dirty=int(head[Slot.WI_DIRTY]), prereqs=int(head[Slot.WI_PREREQS]))
    kinds = [int(k) for k in tables.ev_kind]
    by_group = {
        ValueGroup.DRAWN_WEIGHTS: [(v, int(tables.ev_when[v]), int(tables.ev_weight[v])) for v in range(len(kinds))
                                   if kinds[v] == 1],
        ValueGroup.TRIGGER_WHENS: [(v, -1, int(tables.ev_when[v])) for v in range(len(kinds)) if kinds[v] == 2],
    }
    groups = [by_group[g] for g in ValueGroup]
    return Source(programs, effects, blocks, derived, [int(r) for r in tables.act_requires], groups, layout)


def native_code(tables, head: np.ndarray) -> tuple[int, ...]:
    """Addresses of the native code for these tables and work-area layout (compiled once, kept on disk)."""
    from game.engine.native import compile_rules

    src = native_source(tables, head)
    return compile_rules(hashlib.sha256(repr(src).encode()).hexdigest(), src)


def _work_areas(head: np.ndarray, sizes: dict[Slot, int]) -> None:
    """Each work array's areas one after another in `Slot` order (offsets into head), then the array's size."""
    for prefix, total in (("WF_", Slot.WF_SIZE), ("WI_", Slot.WI_SIZE)):
        at = 0
        for slot in Slot:
            if slot.name.startswith(prefix) and slot != total:
                head[slot] = at
                at += sizes[slot]
        head[total] = at


def pack(tables) -> tuple[np.ndarray, np.ndarray]:
    """(ti, tf) for the kernel from a `game.rules.compiled.Tables`."""
    n_tracks = len(tables.track_min)
    n_factions = len(tables.faction_ap)
    n_actions = len(tables.act_move)
    n_events = len(tables.ev_kind)
    start, flat, min_ap = faction_actions(tables.act_partners, tables.act_ap, n_factions)
    computed = dict(zip(PACKED_HERE, (start, flat, min_ap)))
    fields = tables._asdict() | computed
    if len(tables.faction_doc_start) == 0:  # no doctrines
        fields["faction_doc_start"] = np.zeros(n_factions + 1, dtype=np.int64)
    ints = [np.asarray(fields[f.name.lower()], dtype=np.int64) for f in IntField]
    floats = [np.asarray(fields[f.name.lower()], dtype=np.float64) for f in FloatField]
    head = np.zeros(HEADER, dtype=np.int64)
    at = HEADER
    for field, arr in zip(IntField, ints):
        head[2 * field], head[2 * field + 1] = at, len(arr)
        at += len(arr)
    at_f = 0
    for field, arr in zip(FloatField, floats):
        head[2 * field], head[2 * field + 1] = at_f, len(arr)
        at_f += len(arr)
    head[Slot.N_TURNS], head[Slot.N_MOVES], head[Slot.N_TRACKS] = tables.n_turns, tables.n_moves, n_tracks
    head[Slot.N_FACTIONS], head[Slot.N_ACTIONS], head[Slot.N_EVENTS] = n_factions, n_actions, n_events
    _work_areas(head, {
        Slot.WF_X0: n_tracks, Slot.WF_WEIGHTS: max(n_events, 1), Slot.WF_ACTS: max(n_actions, 1),
        Slot.WI_PLAYED: n_factions * max(tables.n_moves, 1), Slot.WI_MARK: n_tracks, Slot.WI_DIRTY: n_tracks,
        Slot.WI_CAND: max(n_actions, 1), Slot.WI_PREREQS: max(n_actions, 1),
    })
    ti = np.concatenate([head, *ints])
    tf = np.concatenate(floats)
    ti[Slot.NATIVE_EVAL : Slot.NATIVE_VALUES + 1] = native_code(tables, head)
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
