"""The stated limits (game.rules.limits): each refused with the file, the item or field and the limit, quickly.

Also checks that docs/limits.md states the same numbers as the code.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from fuzz.conftest import mini_copy, problem_texts, within, write_rules
from game.rules import expressions as ex
from game.rules import limits
from game.rules.compiler import check_paths
from game.rules.files import display_path
from game.rules.problems import SHOWN_PROBLEMS, ContentError
from game.scenarios import load_rules

DOCS = Path(__file__).parent.parent.parent / "docs" / "limits.md"


def compile_refusal(scenario: Path, seconds: float = 20) -> ContentError:
    with within(seconds, f"compiling {scenario}"), pytest.raises(ContentError) as info:
        load_rules(scenario)
    return info.value


def edit(content: Path, change) -> None:
    """Apply `change` to the parsed content file and write it back."""
    data = yaml.safe_load(content.read_text(encoding="utf-8"))
    change(data)
    content.write_text(yaml.safe_dump(data, sort_keys=False, width=10_000), encoding="utf-8")


# ---- items per kind ------------------------------------------------------------------------------

def test_50000_rule_pack_is_refused_by_the_item_count_in_seconds(tmp_path):
    scenario, content = mini_copy(tmp_path)
    for k in range(50):
        write_rules(content.parent / f"rules_{k:02}.yaml", k * 1_000, 1_000)
    started = time.perf_counter()
    error = compile_refusal(scenario, seconds=30)
    took = time.perf_counter() - started
    pack = display_path(content.parent)
    assert [str(p) for p in error.problems] == [
        f"{pack}: rules: more than 1,000 rules in the pack (the limit), counting up to "
        f"{display_path(content.parent / 'rules_00.yaml')}"]
    assert took < 10, f"refusing the 50,000-rule pack took {took:.1f} s"


def test_50000_rules_in_one_file_are_refused_by_the_file_size(tmp_path):
    scenario, content = mini_copy(tmp_path)
    big = content.parent / "rules.yaml"
    write_rules(big, 0, 50_000)
    started = time.perf_counter()
    error = compile_refusal(scenario)
    assert f"{display_path(big)}: is {big.stat().st_size:,} bytes, over the limit of 1,048,576 bytes" in str(error)
    assert time.perf_counter() - started < 5


def test_one_file_over_the_item_limit_stops_reading_at_the_limit(tmp_path):
    path = tmp_path / "rules.yaml"
    write_rules(path, 0, 5_000)
    with within(5, "5,000 rules"):
        problems, _ = check_paths([path])
    assert problem_texts(problems) == f"{display_path(path)}: rules: more than 1,000 entries (the limit) (at line 1002)"


@pytest.mark.parametrize("count", [500, 2_000])
def test_hundreds_of_channels_are_refused_by_the_channel_limit(tmp_path, count):
    scenario, content = mini_copy(tmp_path)
    edit(content, lambda d: d["channels"].extend({"id": f"ch{i}", "name": f"Channel {i}"} for i in range(count)))
    error = compile_refusal(scenario)
    assert str(error).startswith(f"1 problem in content:\n  {display_path(content)}: channels: more than 40 entries "
                                 "(the limit) (at line ")


def test_channels_over_the_limit_across_files(tmp_path):
    scenario, content = mini_copy(tmp_path)
    (content.parent / "more.yaml").write_text(
        "channels:\n" + "".join(f"  - {{id: c{i}, name: C{i}}}\n" for i in range(39)), encoding="utf-8")
    error = compile_refusal(scenario)
    assert str(error.problems[-1]) == (f"{display_path(content.parent)}: channels: more than 40 channels in the pack "
                                       f"(the limit), counting up to {display_path(content.parent / 'more.yaml')}")


def test_40_channels_compile(tmp_path):
    scenario, content = mini_copy(tmp_path)
    edit(content, lambda d: d["channels"].extend({"id": f"ch{i}", "name": f"C{i}"} for i in range(38)))
    rules = load_rules(scenario)
    assert "vietnam.us.ch37" in rules.track_index


def test_a_pack_making_too_many_tracks_is_refused_before_building_them(tmp_path):
    scenario, content = mini_copy(tmp_path)

    def grow(d):
        d["channels"].extend({"id": f"ch{i}", "name": f"C{i}"} for i in range(38))
        d["regions"].extend({"id": f"r{i}", "name": f"R{i}", "kind": "country", "contested": True} for i in range(198))
    edit(content, grow)
    error = compile_refusal(scenario)
    assert [str(p) for p in error.problems] == [
        "./mini: regions: the pack makes 24,491 tracks (its own, one per faction and channel "
        "in each contested region, and the institutions'), over the limit of 20,000"]


def test_lists_inside_an_item_are_limited(tmp_path):
    scenario, content = mini_copy(tmp_path)
    edit(content, lambda d: d["moves"][0]["effects"].extend([{"track": "alliance", "add": 1}] * 200))
    error = compile_refusal(scenario)
    assert f"{display_path(content)}: move us.press_defense, effects: List should have at most 200 items after " \
           "validation, not 202" in str(error)


def test_too_many_files_in_a_pack(tmp_path):
    scenario, content = mini_copy(tmp_path)
    for k in range(200):
        (content.parent / f"empty_{k:03}.yaml").write_text("{}\n", encoding="utf-8")
    error = compile_refusal(scenario)
    assert str(error.problems[0]) == f"{display_path(content.parent)}: has 201 YAML files, over the limit of 200 files " \
                                     "for one pack"


def test_too_many_bytes_in_a_pack(tmp_path):
    scenario, content = mini_copy(tmp_path)
    for k in range(9):
        (content.parent / f"notes_{k}.yaml").write_text("#" * (limits.MIB - 10) + "\n", encoding="utf-8")
    started = time.perf_counter()
    error = compile_refusal(scenario)
    assert re.fullmatch(rf"{re.escape(display_path(content.parent))}: has [\d,]+ bytes of YAML, over the limit of "
                        r"8,388,608 bytes for one pack", str(error.problems[0]))
    assert time.perf_counter() - started < 2


def test_thousands_of_problems_give_a_short_message(tmp_path):
    scenario, content = mini_copy(tmp_path)
    edit(content, lambda d: d["moves"].extend({**d["moves"][0], "id": f"us.m{i}", "requires": f"nowhere{i} > 1"}
                                              for i in range(900)))
    error = compile_refusal(scenario)
    assert len(error.problems) == 900
    text = str(error)
    assert text.startswith("900 problems in content:\n")
    assert text.endswith(f"  … and {900 - SHOWN_PROBLEMS} more (`python main.py validate` lists them all)")
    assert text.count("\n") == SHOWN_PROBLEMS + 1


# ---- text ------------------------------------------------------------------------------------------

def test_a_1000_character_scenario_id_and_title(tmp_path):
    scenario, _ = mini_copy(tmp_path)
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("id: mini", "id: " + "m" * 1_000).replace("title: Mini test scenario",
                                                                                "title: " + "T" * 1_000),
                        encoding="utf-8")
    found = str(compile_refusal(scenario))
    assert f"{display_path(scenario)}: scenario {'m' * 40}… (1,000 characters), id: String should have at most 80 " \
           "characters" in found
    assert "m" * 41 not in found  # the id is not quoted whole
    assert "title: String should have at most 200 characters" in found


@pytest.mark.parametrize("key, value, expected", [
    ("name", "N" * 201, "move us.press_defense, name: String should have at most 200 characters"),
    ("text", "T" * 5_001, "move us.press_defense, text: String should have at most 5000 characters"),
    ("id", "us." + "x" * 78, "id: String should have at most 80 characters"),
])
def test_long_names_texts_and_ids(tmp_path, key, value, expected):
    scenario, content = mini_copy(tmp_path)
    edit(content, lambda d: d["moves"][0].update({key: value}))
    assert expected in str(compile_refusal(scenario))


# ---- expressions --------------------------------------------------------------------------------------

@pytest.mark.parametrize("digits", [31, 309])
def test_long_numbers_in_an_expression(tmp_path, digits):
    scenario, content = mini_copy(tmp_path)
    number = "1" * digits
    edit(content, lambda d: d["moves"][0].update(requires=f"alliance < {number}"))
    error = compile_refusal(scenario)
    shown = number if digits <= 24 else f"{number[:12]}…{number[-6:]}"
    assert f"{display_path(content)}: move us.press_defense, requires: the number {shown} has {digits:,} digits, over " \
           f"the limit of 30, in " in str(error)


def test_a_400_digit_number_is_over_both_limits(tmp_path):
    scenario, content = mini_copy(tmp_path)
    edit(content, lambda d: d["moves"][0].update(requires="1" * 400))
    assert "move us.press_defense, requires: the number 111111111111…111111 has 400 digits, over the limit of 30" \
           in str(compile_refusal(scenario))
    with pytest.raises(ex.ExprError, match="has 4,000 digits, over the limit of 30"):
        ex.parse("1" * 4_000)  # past the schema's length: the expression language has its own limit
    with pytest.raises(ex.ExprError, match="a number has thousands of digits, over the limit of 30"):
        ex.parse("1" * 5_000)  # past Python's own limit on digits


def test_30_digits_are_allowed():
    assert ex.parse("1" * 30) == ex.Num(float("1" * 30))


def test_an_expression_over_400_characters(tmp_path):
    scenario, content = mini_copy(tmp_path)
    edit(content, lambda d: d["moves"][0].update(requires="alliance + " * 40 + "1"))
    assert ("move us.press_defense, requires: the expression is 441 characters long, over the limit of 400 characters "
            "for an expression (docs/limits.md)") in str(compile_refusal(scenario))


@pytest.mark.parametrize("text", ["-" * 399 + "1", "not " * 99 + "1", "+".join(["a"] * 70),
                                  "abs(" * 66 + "1" + ")" * 66])
def test_deeply_nested_expressions_are_refused_by_depth(text):
    with pytest.raises(ex.ExprError) as info:
        ex.parse(text)
    assert str(info.value).startswith("expression nested more than 64 levels deep (the limit) in ")


def test_generated_expressions_far_past_the_limits_never_raise_recursion_error():
    for text in ["+".join(["x"] * 5_000), "(" * 5_000 + "1" + ")" * 5_000, "-" * 100_000 + "1"]:
        with pytest.raises(ex.ExprError):
            ex.parse(text)


# ---- the documented limits ---------------------------------------------------------------------------

def test_docs_state_the_limits_of_the_code():
    text = DOCS.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([\w\[\]]+)` \| ([\d,]+) \|", text, re.M))
    stated = {name: int(value.replace(",", "")) for name, value in rows.items()}
    expected = {name: value for name, value in vars(limits).items() if name.isupper() and isinstance(value, int)
                and name != "MIB"}
    expected.update({f"ITEMS[{k}]": v for k, v in limits.ITEMS.items()})
    assert stated == expected


def test_docs_state_the_limits_of_saves_settings_and_commands_as_their_modules_have_them():
    import importlib

    modules = {"saves": "game.session.saves", "game": "game.session.game", "whatif": "game.analysis.whatif",
               "settings": "game.ui.settings", "analyze": "game.cli.analyze", "runner": "game.analysis.runner",
               "play": "game.cli.play"}
    rows = re.findall(r"^\| `(\w+)\.(\w+)` \| ([^|]+) \|", DOCS.read_text(encoding="utf-8"), re.M)
    assert {m for m, _, _ in rows} == set(modules) and len(rows) >= 20
    for module, name, value in rows:
        actual = getattr(importlib.import_module(modules[module]), name)
        numbers = tuple(int(v) for v in re.findall(r"[\d,]+", value.replace(",", "")))
        assert numbers == (actual if isinstance(actual, tuple) else (actual,)), (module, name, value)
