"""Engine facts not covered by the conformance tests: chance rolls use the documented generator."""

import numpy as np

from game.engine import state as engine
from game.engine.layout import Cause
from game.engine.rng import PURPOSE_EFFECT, uniform


def test_a_chance_effect_happens_exactly_when_its_roll_is_below_the_chance(mini_rules):
    rules = mini_rules
    row = next(e for e, info in enumerate(rules.effects) if info.owner_id == "cn.patrol" and info.chance < 1.0)
    chance = rules.effects[row].chance
    patrol = rules.action_index[("cn.patrol", None)]
    cn = rules.faction_index["cn"]
    single = engine.SingleGame(rules)
    outcomes = []
    for seed in range(40):
        game = engine.new_state(rules, [seed])
        orders = engine.empty_orders(rules)
        orders[0, cn, 0] = patrol
        entries, _ = single.resolve(game, orders, explain=True)
        kinds = {int(kind) for kind, ref, _, _ in entries if ref == row and kind in (Cause.ORDER, Cause.MISSED)}
        assert len(kinds) == 1
        happened = kinds == {int(Cause.ORDER)}
        assert happened == (uniform(np.uint64(seed), 1, PURPOSE_EFFECT, row) < chance), f"seed {seed}"
        outcomes.append(happened)
    assert 0 < sum(outcomes) < len(outcomes)  # both outcomes occur: the test can tell them apart


def test_compiled_rules_are_kept_on_disk_and_a_damaged_file_is_compiled_again(tmp_path, monkeypatch, native_loader):
    monkeypatch.setenv("PACIFIC_TRILEMMA_CACHE", str(tmp_path))  # read when loading
    fresh_load, compiled = native_loader
    first = fresh_load()
    assert len(compiled) == 1 and len(list(tmp_path.glob("*.o"))) == 1
    assert fresh_load() == first and len(compiled) == 1  # loaded, not compiled
    cached = next(tmp_path.glob("*.o"))
    cached.write_bytes(cached.read_bytes()[:-100] + b"\0" * 100)  # damaged on disk
    assert fresh_load() == first and len(compiled) == 2  # compiled again
    monkeypatch.setenv("PACIFIC_TRILEMMA_CACHE", "")  # caching off
    assert fresh_load() == first and len(compiled) == 3
