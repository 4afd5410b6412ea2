"""The kernel's packed tables: each layout is declared once (an IntEnum) and everything else follows from it."""

import numpy as np

from game.engine import native
from game.engine.tables import (
    HEADER, N_FIELDS, PACKED_HERE, FloatField, IntField, Slot, ValueGroup, lowered, pack,
)
from game.rules.compiled import Tables


def test_every_packed_field_is_a_tables_field_or_computed_by_pack():
    packed = {f.name.lower() for f in (*IntField, *FloatField)}
    assert packed - set(Tables._fields) == set(PACKED_HERE)
    assert set(PACKED_HERE) & set(Tables._fields) == set()


def test_the_header_numbers_follow_the_declarations():
    assert [int(f) for f in IntField] == list(range(len(IntField)))
    assert [int(f) for f in FloatField] == list(range(len(IntField), N_FIELDS))
    assert [int(s) for s in Slot] == list(range(2 * N_FIELDS, HEADER))
    native_slots = [s.name for s in Slot if s.name.startswith("NATIVE_")]
    assert native_slots == ["NATIVE_" + name.removeprefix("pt_").upper() for name in native.NAMES]
    assert [g.value for g in ValueGroup] == list(range(len(ValueGroup)))


def test_each_field_is_packed_whole_in_declaration_order(mini_rules):
    ti, tf = pack(mini_rules.tables)
    fields = mini_rules.tables._asdict()
    at = HEADER
    for field in IntField:
        start, length = ti[2 * field], ti[2 * field + 1]
        assert start == at
        if field.name.lower() in fields and field != IntField.FACTION_DOC_START:
            assert ti[start : start + length].tolist() == [int(v) for v in fields[field.name.lower()]], field.name
        at += length
    assert at == len(ti)
    at = 0
    for field in FloatField:
        start, length = ti[2 * field], ti[2 * field + 1]
        assert start == at and tf[start : start + length].tolist() == [float(v) for v in fields[field.name.lower()]]
        at += length
    assert at == len(tf)
    assert np.array_equal(lowered(mini_rules).ti[:HEADER], ti[:HEADER])


def test_work_areas_follow_one_another_in_slot_order_without_overlap(mini_rules):
    ti, _ = pack(mini_rules.tables)
    for prefix, size in (("WF_", Slot.WF_SIZE), ("WI_", Slot.WI_SIZE)):
        areas = [s for s in Slot if s.name.startswith(prefix) and s != size]
        offsets = [int(ti[s]) for s in areas] + [int(ti[size])]
        assert offsets[0] == 0 and offsets == sorted(offsets), prefix
    n_tracks, n_factions = len(mini_rules.tracks), len(mini_rules.factions)
    assert ti[Slot.WF_WEIGHTS] - ti[Slot.WF_X0] == n_tracks
    assert ti[Slot.WI_MARK] - ti[Slot.WI_PLAYED] == n_factions * len(mini_rules.moves)
    assert ti[Slot.WI_CAND] - ti[Slot.WI_DIRTY] == n_tracks


def test_pack_and_the_native_code_read_tables_of_plain_tuples_to_the_same_bits(mini_rules):
    """The engine makes its own arrays: rules holding plain frozen tuples would lower to the very same tables."""
    arrays = mini_rules.tables
    plain = arrays._replace(**{k: tuple(v.tolist()) for k, v in arrays._asdict().items() if isinstance(v, np.ndarray)})
    assert not any(isinstance(v, np.ndarray) for v in plain)
    ti, tf = pack(plain)
    ti0, tf0 = pack(arrays)
    assert ti.tobytes() == ti0.tobytes() and tf.tobytes() == tf0.tobytes()  # native code addresses included
