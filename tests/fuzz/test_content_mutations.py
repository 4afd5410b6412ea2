"""Truncated shipped files and randomly broken items: compiling gives problems naming a file, never a traceback."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz.conftest import mini_copy, within
from game.rules.files import CONTENT_ROOT, display_path, pack_files
from game.rules.problems import ContentError
from game.scenarios import SCENARIO_DIR, load_rules


def shipped_copy(folder: Path) -> tuple[Path, list[Path]]:
    """The crossroads scenario and a copy of the base pack beside it: (scenario, every file)."""
    shutil.copytree(CONTENT_ROOT / "base", folder / "base")
    scenario = folder / "crossroads.yaml"
    text = (SCENARIO_DIR / "crossroads_2025.yaml").read_text(encoding="utf-8")
    scenario.write_text(text.replace("content: base", "content: ./base"), encoding="utf-8")
    return scenario, [scenario, *pack_files(folder / "base")]


def compile_or_problems(scenario: Path, files: list[Path]) -> list:
    """Compile; the only failure allowed is a ContentError whose every problem names one of `files` and says why."""
    with within(30, f"compiling {scenario}"):
        try:
            load_rules(scenario)
        except ContentError as exc:
            shown = {display_path(f) for f in files} | {"./base", "./mini"}  # pack-wide problems name the pack
            packs = {display_path(f.parent) + "/" for f in files[1:]}  # or the pack's file where a missing item goes
            assert all((p.file in shown or p.file.startswith(tuple(packs))) and p.message for p in exc.problems), exc
            return exc.problems
    return []


def truncations(count: int, seed: int) -> list[tuple[int, float]]:
    rng = random.Random(seed)
    return [(rng.randrange(12), rng.random()) for _ in range(count)]


def run_truncations(tmp_path: Path, count: int, seed: int) -> int:
    scenario, files = shipped_copy(tmp_path)
    originals = {f: f.read_bytes() for f in files}
    refused = 0
    for which, fraction in truncations(count, seed):
        target = files[which % len(files)]
        data = originals[target]
        target.write_bytes(data[: int(len(data) * fraction)])
        refused += bool(compile_or_problems(scenario, files))
        target.write_bytes(data)
    return refused


def test_truncated_shipped_files_are_refused_with_their_file(tmp_path):
    assert run_truncations(tmp_path, 8, seed=16) >= 4  # most cuts break something; none raises


@pytest.mark.fuzz
def test_truncated_shipped_files_long(tmp_path):
    assert run_truncations(tmp_path, 300, seed=1) > 150


def test_a_cut_inside_a_utf8_character_names_the_byte(tmp_path):
    scenario, files = shipped_copy(tmp_path)
    target = next(f for f in files if "—".encode() in f.read_bytes())
    data = target.read_bytes()
    cut = data.index("—".encode()) + 1
    target.write_bytes(data[:cut])
    problems = compile_or_problems(scenario, files)
    assert f"{display_path(target)}: is not UTF-8 text: byte 0xe2 at position {cut - 1:,} cannot be decoded; save it " \
           "as UTF-8" in [str(p) for p in problems]


# ---- random damage to one field of the mini pack ------------------------------------------------------

HOSTILE = [None, True, -1, 0, 10**400, 1e308, float("inf"), float("nan"), "", "x" * 6_000, "{target}",
           "__import__('os').system('true')", "1" * 309, "-" * 300 + "1", [], {}, [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]],
           {"a": {"b": {"c": None}}}, ["a"] * 300, "é\u202e", "!!python/object:os.system", "*alias"]


@st.composite
def damage(draw):
    """(a path into the mini pack's content, a hostile value to put there)."""
    return draw(st.lists(st.integers(0, 50), min_size=1, max_size=4)), draw(st.sampled_from(HOSTILE))


def _apply(data, path: list[int], value) -> None:
    node = data
    for step in path:
        keys = list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
        if not keys:
            break
        key = keys[step % len(keys)]
        if not isinstance(node[key], (dict, list)) or step == path[-1]:
            node[key] = value
            return
        node = node[key]
    if isinstance(node, dict):
        node["extra"] = value


@settings(max_examples=40)
@given(damage())
def test_damaged_items_give_problems_not_tracebacks(tmp_path_factory, change):
    scenario, content = mini_copy(tmp_path_factory.mktemp("damage"))
    data = yaml.safe_load(content.read_text(encoding="utf-8"))
    _apply(data, *change)
    content.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    compile_or_problems(scenario, [scenario, content])


@pytest.mark.fuzz
@settings(max_examples=1_000)
@given(damage())
def test_damaged_items_long(tmp_path_factory, change):
    test_damaged_items_give_problems_not_tracebacks.hypothesis.inner_test(tmp_path_factory, change)
