"""The mistakes scenario authors make are refused (or warned about) with file, item, field and what to do.

Each test edits a copy of the mini pack and scenario (`PackCopy` of tests/test_content_errors.py) and asserts
the message word for word. The YAML-level checks run once with libyaml and once with the pure-Python loader
(`loader`), which must agree.
"""

from pathlib import Path

import pytest

from game.cli.commands import main
from game.rules import files
from game.rules.compiler import check_paths, compile_file
from game.rules.files import display_path
from game.rules.problems import ContentError
from game.scenarios import SCENARIO_DIR
from game.rules.files import CONTENT_ROOT
from test_content_errors import PackCopy


@pytest.fixture
def pack(tmp_path) -> PackCopy:
    return PackCopy(tmp_path)


@pytest.fixture(params=["libyaml", "python"])
def loader(request, monkeypatch):
    """Run the test with libyaml's loader (checked on its events) and with the pure-Python `_BoundedLoader`."""
    if request.param == "libyaml" and files._C_LOADER is None:
        pytest.skip("PyYAML was built without libyaml")
    if request.param == "python":
        monkeypatch.setattr(files, "_C_LOADER", None)
    monkeypatch.setattr(files, "_PARSED", {})
    monkeypatch.setattr(files, "_MODELS", {})
    return request.param


def edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refusal(pack: PackCopy) -> list:
    """The problems of the copy's files as they are on disk (`PackCopy.problems` writes its parsed data back first)."""
    with pytest.raises(ContentError) as info:
        compile_file(pack.scenario_path)
    return info.value.problems


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


# ---- YAML ---------------------------------------------------------------------------------------


def test_a_key_written_twice_is_refused_with_both_lines(pack, loader):
    edit_text(pack.content_path, "    cost: {budget: 2}\n", "    cost: {budget: 2}\n    cost: {budget: 40}\n")
    first = line_of(pack.content_path, "    cost: {budget: 2}")
    problems, _ = check_paths([pack.content_path])
    assert [str(p) for p in problems] == [f"{pack.content_file}: move us.trade_deal, cost: key 'cost' appears twice "
                                          f"(lines {first} and {first + 1}); keep one"]


def test_a_key_written_twice_in_a_flow_mapping_and_in_a_scenario(pack, loader):
    edit_text(pack.content_path, "      - {track: alliance, add: 4}", "      - {track: alliance, add: 4, add: 40}")
    edit_text(pack.scenario_path, "turns: 4\n", "turns: 4\nturns: 6\n")
    line = line_of(pack.content_path, "      - {track: alliance, add: 4, add: 40}")
    turns = line_of(pack.scenario_path, "turns: 4")
    texts = [str(p) for p in check_paths([pack.root])[0]]
    assert f"{pack.content_file}: move us.press_defense, effects[0].add: key 'add' appears twice (on line {line}); " \
           "keep one" in texts
    assert f"{pack.scenario_file}: turns: key 'turns' appears twice (lines {turns} and {turns + 1}); keep one" in texts


def test_a_key_written_three_times(pack, loader):
    edit_text(pack.content_path, "    name: Trade deal\n", "    name: Trade deal\n    name: B\n    name: C\n")
    first = line_of(pack.content_path, "    name: Trade deal")
    (problem,) = check_paths([pack.content_path])[0]
    assert problem.message == f"key 'name' appears 3 times (lines {first}, {first + 1} and {first + 2}); keep one"


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_an_empty_scenario_or_content_file_is_empty_not_ok(pack, capsys, text, loader):
    pack.scenario_path.write_text(text, encoding="utf-8")
    empty_content = pack.root / "mini" / "extra.yaml"
    empty_content.write_text(text, encoding="utf-8")
    assert main(["validate", str(pack.scenario_path), str(empty_content)]) == 1
    out = capsys.readouterr().out
    assert "ok:" not in out
    for path in (pack.scenario_path, empty_content):
        assert f"{display_path(path)}: is empty: it holds no keys, only blank lines or comments" in out


@pytest.mark.parametrize("where", ["scenario", "content"])
def test_a_byte_that_is_not_utf8_is_named_with_its_position_not_a_traceback(pack, capsys, where):
    path = pack.scenario_path if where == "scenario" else pack.content_path
    data = path.read_bytes()
    at = data.index(b"Mini" if where == "scenario" else b"Trade deal")
    path.write_bytes(data[:at] + b"\xe9" + data[at + 1:])
    assert main(["validate", str(pack.root)]) == 1
    out, err = capsys.readouterr()
    assert f"{display_path(path)}: is not UTF-8 text: byte 0xe9 at position {at:,} cannot be decoded; save it as " \
           "UTF-8" in out
    assert "Traceback" not in out + err


# ---- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["yes", "no", "true", "On"])
def test_a_yaml_boolean_where_a_number_goes_is_refused(pack, word, loader):
    edit_text(pack.content_path, "    cost: {budget: 2}", f"    cost: {{budget: {word}}}")
    (problem,) = refusal(pack)
    assert (problem.file, problem.item, problem.field) == (pack.content_file, "move us.trade_deal", "cost.budget")
    assert problem.message == f"a number is expected, not the YAML boolean {word!r}"


def test_a_yaml_boolean_as_an_effect_amount_a_whole_number_or_a_turn(pack):
    edit_text(pack.content_path, "      - {track: alliance, add: 4}", "      - {track: alliance, add: yes}")
    edit_text(pack.scenario_path, "turns: 4", "turns: on")
    found = {(p.item, p.field): p.message for p in refusal(pack)}
    assert found[("move us.press_defense", "effects[0].add")] == "a number is expected, not the YAML boolean 'yes'"
    assert found[("scenario mini", "turns")] == "a number is expected, not the YAML boolean 'on'"


def test_whole_numbers_and_decimals_still_work_where_numbers_go(pack):
    pack.move("us.trade_deal")["cost"] = {"budget": 2.5, "ap": 1}
    pack.track("alliance")["start"] = 50.0
    assert compile_file(pack.write()).id == "mini"


def test_an_expression_over_the_length_limit_states_the_limit(pack):
    pack.move("us.press_defense")["requires"] = "alliance + " * 45 + "1"
    problem = pack.problem()
    assert (problem.item, problem.field) == ("move us.press_defense", "requires")
    assert problem.message == ("the expression is 496 characters long, over the limit of 400 characters for an "
                               "expression (docs/limits.md); move a part of it into a derived track (`derive:`) and "
                               "name that track")


# ---- effects and events -------------------------------------------------------------------------


def test_add_and_set_together_say_to_use_one(pack):
    pack.move("us.press_defense")["effects"][0] = {"track": "alliance", "add": 4, "set": 50}
    problem = pack.problem()
    assert (problem.item, problem.field) == ("move us.press_defense", "effects[0].set")
    assert problem.message == "use one of add or set (an effect does one thing; write two effects for both)"


@pytest.mark.parametrize("weight, words", [
    pytest.param(-2, "the weight -2 is negative", id="negative"),
    pytest.param(0, "the weight 0 can only be 0", id="zero"),
    pytest.param("2 - 3 * 1", "the weight '2 - 3 * 1', always -1, is negative", id="negative-expression"),
    pytest.param("0 * 5 if 1 > 2 else 0", "the weight '0 * 5 if 1 > 2 else 0', always 0, can only be 0", id="zero-expr"),
])
def test_a_drawn_event_that_can_never_be_drawn(pack, weight, words):
    next(e for e in pack.content["events"] if e["id"] == "ev.shock")["weight"] = weight
    problem = pack.problem()
    assert (problem.file, problem.item, problem.field) == (pack.content_file, "event ev.shock", "weight")
    assert problem.message == (f"{words}: a drawn event is drawn with a chance in proportion to its weight, so this "
                               "one never happens; give it a weight above 0, or disable: it")


def test_a_weight_that_reads_the_state_is_not_folded(pack):
    next(e for e in pack.content["events"] if e["id"] == "ev.shock")["weight"] = "alliance - 200"
    assert compile_file(pack.write()).id == "mini"  # negative at every state, but only a simulation could tell


def test_a_drawn_event_named_in_a_schedule(pack):
    pack.scenario["schedule"] = {"ev.shock": [2]}
    problem = pack.problem()
    assert (problem.file, problem.item, problem.field) == (pack.scenario_file, "scenario mini", "schedule.ev.shock")
    assert problem.message == ("ev.shock is a drawn event; only scheduled events can be scheduled (make it kind: "
                               "scheduled with turns:, or leave it out of schedule:)")


def test_a_scheduled_turn_after_the_last(pack):
    pack.scenario["schedule"] = {"ev.election": [3, 9]}
    problem = pack.problem()
    assert (problem.file, problem.item, problem.field) == (pack.scenario_file, "scenario mini", "schedule.ev.election[1]")
    assert problem.message == ("turn 9 is after the scenario's last turn (4 turns): the event would never happen; "
                               "schedule it on turns 1 to 4")


def test_a_packs_scheduled_event_after_a_short_scenarios_last_turn_is_a_warning(pack):
    next(e for e in pack.content["events"] if e["id"] == "ev.election")["turns"] = [6]
    rules = compile_file(pack.write())
    assert [str(w) for w in rules.warnings] == [
        f"{pack.content_file}: event ev.election, turns: scheduled on turn 6, after scenario mini's last turn (4): it "
        "never happens there; move it with the scenario's schedule:, or disable: it"]


# ---- a faction's moves --------------------------------------------------------------------------


def _without_cn_moves(pack: PackCopy) -> None:
    pack.content["moves"] = [m for m in pack.content["moves"] if not m["id"].startswith("cn.")]
    pack.scenario["disable"] = ["cn.patrol"]  # a follow-on: the id is unknown because the moves are gone
    pack.content["rules"][1]["when"] = "ecs.tension > 0 and not played(cn, cn.bid)"  # another


def test_an_empty_moves_file_is_named_as_the_cause_once(pack, loader):
    _without_cn_moves(pack)
    (pack.root / "mini" / "moves").mkdir()
    empty = pack.root / "mini" / "moves" / "cn.yaml"
    empty.write_text("# China's moves\n", encoding="utf-8")
    assert [str(p) for p in pack.problems()] == [f"{display_path(empty)}: is empty: China has no moves"]


def test_missing_moves_are_named_once_without_follow_ons(pack):
    _without_cn_moves(pack)
    missing = display_path(pack.root / "mini" / "moves" / "cn.yaml")
    assert [str(p) for p in pack.problems()] == [
        f"{missing}: faction cn: is missing: China has no moves (no move of the pack has faction: cn); its moves go "
        "in this file"]


def test_an_empty_moves_file_beside_the_moves_of_another_file_is_only_empty(pack):
    (pack.root / "mini" / "moves").mkdir()
    (pack.root / "mini" / "moves" / "cn.yaml").write_text("", encoding="utf-8")
    (problem,) = pack.problems()
    assert problem.message == "is empty: it holds no keys, only blank lines or comments"  # China's moves are elsewhere


# ---- scenarios ----------------------------------------------------------------------------------


def test_two_scenarios_with_one_id(pack):
    copy = pack.root / "copy.yaml"
    copy.write_text(pack.scenario_path.read_text(encoding="utf-8"), encoding="utf-8")
    problems, _ = check_paths([pack.root])
    first, second = sorted([pack.scenario_path, copy])
    assert [str(p) for p in problems] == [
        f"{display_path(second)}: scenario mini, id: scenario id 'mini' is already the id of {display_path(first)}; "
        "give each scenario its own id (--scenario, the window's list and saves find a scenario by it)"]


def test_the_shipped_scenarios_have_distinct_ids():
    from game.scenarios import check_paths as check_with_translations  # the folder's lang/ holds translations

    assert check_with_translations([SCENARIO_DIR])[0] == []


# ---- validate --warnings: what the players can reach -----------------------------------------------


def test_a_scoring_term_no_move_can_change(pack):
    pack.content["tracks"].append({"id": "heritage", "name": "Heritage", "start": 30})
    pack.content["tracks"].append({"id": "heritage_shown", "name": "Heritage shown", "derive": "heritage * 2"})
    pack.scenario["scoring"]["us"] += [{"name": "Heritage", "expr": "heritage_shown + 1"},
                                       {"name": "Calm", "expr": "calm"},  # derived from a track moves change
                                       {"name": "Played", "expr": "played(us, us.big_push)"},
                                       {"name": "Time", "expr": "turn"}]
    rules = compile_file(pack.write())
    assert [str(w) for w in rules.warnings] == [
        f"{pack.scenario_file}: scenario mini, scoring.us[1].expr: no move can change the term 'Heritage': its tracks "
        "(heritage_shown) are changed by no move's or event's effect, directly or through rules and derived tracks; "
        "it shifts every game's score alike",
        f"{pack.scenario_file}: scenario mini, scoring.us[4].expr: no move can change the term 'Time': it reads no "
        "track; it shifts every game's score alike"]


def test_a_track_fed_by_a_rule_from_a_move_changed_track_counts_as_changeable(pack):
    pack.content["tracks"].append({"id": "memory", "name": "Memory", "start": 0})
    pack.content["rules"].append({"id": "rule.memory", "name": "Memory", "sources": ["S2-01"],
                                  "effects": [{"track": "memory", "add": "alliance / 100"}]})
    pack.scenario["scoring"]["us"].append({"name": "Memory", "expr": "memory"})
    assert compile_file(pack.write()).warnings == ()


def test_moves_no_bot_will_ever_order(pack):
    pack.move("us.trade_deal")["cost"] = {"budget": 25}
    pack.move("jp.reform")["requires"] = "1 > 2 and jp.stability >= 30"
    pack.move("jp.lobby")["requires"] = "jp.stability > 200 - 300"  # reads the state: not folded
    rules = compile_file(pack.write())
    assert [str(w) for w in rules.warnings] == [
        f"{pack.content_file}: move us.trade_deal, cost.budget: no bot will ever order it: it costs 25 budget, more "
        "than us's budget track us.budget can hold (20)",
        f"{pack.content_file}: move jp.reform, requires: no bot will ever order it: its requires: '1 > 2 and "
        "jp.stability >= 30' is always false"]


def test_the_shipped_content_raises_no_warning(capsys):
    assert main(["validate", "--warnings", str(SCENARIO_DIR), str(CONTENT_ROOT)]) == 0
    out, err = capsys.readouterr()
    assert "warning" not in out + err
