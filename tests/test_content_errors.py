"""Malformed content and scenarios are refused with every problem listed, each with its file, item,
field path and, for a misspelt name, a did-you-mean suggestion.

Each test edits a copy of the small fixture pack (tests/fixtures/mini + mini_scenario.yaml) in a
temporary folder, then compiles it (`compile_file`), checks it (`check_paths`) or validates it from
the command line (`main.py validate`).
"""

import shutil
from pathlib import Path

import pytest
import yaml

from game.cli.commands import main
from game.rules.compiler import check_paths, compile_file
from game.rules.files import display_path
from game.rules.problems import ContentError, Problem
from game.scenarios import SCENARIO_DIR

FIXTURES = Path(__file__).parent / "fixtures"


class PackCopy:
    """An editable copy of the mini pack and scenario: edit `.content` / `.scenario`, then compile."""

    def __init__(self, root: Path):
        shutil.copytree(FIXTURES / "mini", root / "mini")
        shutil.copy(FIXTURES / "mini_scenario.yaml", root / "scenario.yaml")
        self.root = root
        self.content_path = root / "mini" / "content.yaml"
        self.scenario_path = root / "scenario.yaml"
        self.content = yaml.safe_load(self.content_path.read_text(encoding="utf-8"))
        self.scenario = yaml.safe_load(self.scenario_path.read_text(encoding="utf-8"))
        self.content_file = display_path(self.content_path)  # as messages show it
        self.scenario_file = display_path(self.scenario_path)

    def move(self, move_id: str) -> dict:
        return next(m for m in self.content["moves"] if m["id"] == move_id)

    def track(self, track_id: str) -> dict:
        return next(t for t in self.content["tracks"] if t["id"] == track_id)

    def write(self) -> Path:
        self.content_path.write_text(yaml.safe_dump(self.content, sort_keys=False), encoding="utf-8")
        self.scenario_path.write_text(yaml.safe_dump(self.scenario, sort_keys=False), encoding="utf-8")
        return self.scenario_path

    def problems(self) -> list[Problem]:
        """Write the copy and compile it, which must fail; every problem it reports."""
        path = self.write()
        with pytest.raises(ContentError) as info:
            compile_file(path)
        return info.value.problems

    def problem(self) -> Problem:
        """The one problem the copy has."""
        found = self.problems()
        assert len(found) == 1, "\n".join(map(str, found))
        return found[0]


@pytest.fixture
def pack(tmp_path) -> PackCopy:
    return PackCopy(tmp_path)


def test_the_unedited_copy_compiles(pack):
    rules = compile_file(pack.write())
    assert rules.id == "mini" and rules.n_turns == 4


# ---- malformed files ----------------------------------------------------------------------------


def test_yaml_syntax_error_names_its_line(pack):
    lines = pack.content_path.read_text(encoding="utf-8").splitlines()
    line = lines.index("    name: Trade deal") + 1
    lines[line - 1] = "    name: Trade deal: with a colon"
    pack.content_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        compile_file(pack.scenario_path)
    (problem,) = info.value.problems
    assert problem.file == pack.content_file
    assert problem.message.startswith(f"malformed YAML at line {line}, column ")
    assert "mapping values are not allowed here" in problem.message
    assert f"{pack.content_file}: malformed YAML at line {line}" in str(info.value)


def test_a_list_at_the_top_of_a_file_is_refused(pack):
    pack.content_path.write_text("- factions\n- tracks\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        compile_file(pack.scenario_path)
    assert info.value.problems == [
        Problem(pack.content_file, "", "", "expected a mapping of keys at the top, found list")]


# ---- shape: keys, types, ranges, numbers ---------------------------------------------------------


def test_unknown_key_suggests_the_known_one(pack):
    move = pack.move("us.press_defense")
    move["efects"] = move.pop("effects")
    found = pack.problems()
    assert Problem(pack.content_file, "move us.press_defense", "efects", "unknown key 'efects'", "effects") in found
    assert Problem(pack.content_file, "move us.press_defense", "effects", "required field is missing") in found
    assert len(found) == 2
    assert ("move us.press_defense, efects: unknown key 'efects' — did you mean 'effects'?") in str(found[1])


def test_unknown_key_in_an_end_game_effect_is_not_suggested_as_itself(pack):
    pack.content["events"][-1]["effects"] = [{"end_game": "war", "track": "alliance"}]
    problem = pack.problem()
    assert (problem.item, problem.field, problem.message) == ("event ev.war", "effects[0].track", "unknown key 'track'")
    assert problem.suggestion is None


def test_wrong_type_names_the_field_and_what_was_written(pack):
    pack.content["factions"][0]["action_points"] = "two"
    problem = pack.problem()
    assert (problem.file, problem.item, problem.field) == (pack.content_file, "faction us", "action_points")
    assert "valid integer" in problem.message and "(got 'two')" in problem.message


@pytest.mark.parametrize("edit, item, field, words", [
    pytest.param(lambda p: p.move("cn.patrol")["effects"][1].update(chance=1.5),
                 "move cn.patrol", "effects[1].chance", ["less than or equal to 1", "(got 1.5)"], id="chance-above-1"),
    pytest.param(lambda p: p.move("cn.patrol")["effects"][1].update(chance=0),
                 "move cn.patrol", "effects[1].chance", ["greater than 0", "(got 0)"], id="chance-zero"),
    pytest.param(lambda p: p.track("alliance").update(start=150),
                 "track alliance", "", ["start (150.0) must lie within [0, 100]"], id="start-above-max"),
    pytest.param(lambda p: p.track("us.budget").update(start=-1),
                 "track us.budget", "", ["start (-1.0) must lie within [0, 20"], id="start-below-min"),
    pytest.param(lambda p: p.track("alliance").update(min=100),
                 "track alliance", "", ["min (100.0) must be below max (100"], id="min-equals-max"),
    pytest.param(lambda p: p.content["factions"][1].update(action_points=9),
                 "faction jp", "action_points", ["less than or equal to 6", "(got 9)"], id="action-points"),
    pytest.param(lambda p: p.content["institutions"][0].update(strength=101),
                 "institution cptpp", "strength", ["less than or equal to 100"], id="institution-strength"),
    pytest.param(lambda p: p.content["factions"][2].update(colour="pink"),
                 "faction cn", "colour", ["'pink' is not a colour like '#0072B2'"], id="colour"),
    pytest.param(lambda p: p.move("jp.lobby").update(sources=["S9-1"]),
                 "move jp.lobby", "sources[0]", ["'S9-1' is not a source id like 'S0-17'"], id="source-id"),
    pytest.param(lambda p: p.move("jp.lobby").update(sources=["S2-R5", "S2-J11"]),
                 "move jp.lobby", "sources[1]", ["unknown concept 'S2-J11' — did you mean 'S2-J1'?", "game/rules/concepts.py"],
                 id="unknown-concept"),
    pytest.param(lambda p: p.move("jp.lobby").update(id="JP Lobby"),
                 "move JP Lobby", "id", ["'JP Lobby' is not a valid id"], id="bad-id"),
])
def test_out_of_range_and_malformed_values(pack, edit, item, field, words):
    edit(pack)
    problem = pack.problem()
    assert (problem.file, problem.item, problem.field) == (pack.content_file, item, field)
    for word in words:
        assert word in problem.message, problem.message


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")], ids=["nan", "inf", "-inf"])
def test_nan_and_infinity_are_refused_where_numbers_go(pack, value):
    pack.track("alliance")["start"] = value
    pack.move("jp.lobby")["effects"][0]["add"] = value  # number-or-expression: reported once, at `.add`
    pack.content["events"][1]["weight"] = value
    found = pack.problems()
    places = [(p.item, p.field) for p in found]
    assert places == [("track alliance", "start"), ("move jp.lobby", "effects[0].add"), ("event ev.shock", "weight")]
    for p in found:
        assert p.message.startswith("Input should be a finite number (got "), p


def test_nan_written_as_yaml_dot_nan(pack):
    text = pack.content_path.read_text(encoding="utf-8")
    pack.content_path.write_text(text.replace("{id: alliance, name: Alliance, start: 50,",
                                              "{id: alliance, name: Alliance, start: .nan,"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        compile_file(pack.scenario_path)
    assert [(p.item, p.field, p.message) for p in info.value.problems] == [
        ("track alliance", "start", "Input should be a finite number (got nan)")]


def test_a_value_of_neither_branch_of_a_union_is_one_problem(pack):
    pack.move("jp.lobby")["faction"] = 5
    pack.move("jp.reform")["effects"][0] = {"track": "jp.stability", "add": [3]}
    found = pack.problems()
    assert [(p.item, p.field, p.message) for p in found] == [
        ("move jp.reform", "effects[0].add", "Input should be a valid number or a valid string"),
        ("move jp.lobby", "faction", "Input should be a valid string or a valid list (got 5)"),
    ]


# ---- ids and references ----------------------------------------------------------------------------


def test_duplicate_move_id(pack):
    pack.content["moves"].append(dict(pack.move("jp.lobby")))
    assert pack.problem() == Problem(pack.content_file, "move jp.lobby", "id", "duplicate id 'jp.lobby' (2 moves use it)")


def test_duplicate_track_id_is_reported_once(pack):
    pack.content["tracks"].append({"id": "alliance", "name": "Alliance again"})
    assert pack.problem() == Problem(pack.content_file, "track alliance", "id", "duplicate id 'alliance' (2 tracks use it)")


def test_declared_track_colliding_with_a_region_track(pack):
    pack.content["tracks"].append({"id": "vietnam.us.trade", "name": "U.S. trade"})
    assert pack.problem() == Problem(pack.content_file, "region vietnam", "id",
                                     "duplicate track id 'vietnam.us.trade' (already declared in tracks)")


def _reference_cases():
    """(edit, item, field, message, suggestion): one cross-reference problem each, exact text."""
    return [
        pytest.param(lambda p: p.move("jp.lobby")["effects"][0].update(track="aliance"),
                     "move jp.lobby", "effects[0].track", "unknown track 'aliance'", "alliance", id="effect-track"),
        pytest.param(lambda p: p.move("jp.reform").update(requires="jp.stabilty >= 30"),
                     "move jp.reform", "requires", "unknown track 'jp.stabilty'", "jp.stability", id="expression-track"),
        pytest.param(lambda p: p.content["rules"][1].update(when="ecs.tensoin > 0"),
                     "rule rule.cooling", "when", "unknown track 'ecs.tensoin'", "ecs.tension", id="rule-when"),
        pytest.param(lambda p: p.move("jp.reform").update(requires="played(us, us.press_defence)"),
                     "move jp.reform", "requires", "played(): unknown move 'us.press_defence'", "us.press_defense",
                     id="played-move"),
        pytest.param(lambda p: p.move("jp.reform").update(requires="played(usa, us.press_defense)"),
                     "move jp.reform", "requires", "played(): unknown faction 'usa'", "us", id="played-faction"),
        pytest.param(lambda p: p.move("us.trade_deal")["target"].update(options=["vietnam", "vietnum"]),
                     "move us.trade_deal", "target.options[1]", "unknown region 'vietnum'", "vietnam",
                     id="target-option"),
        pytest.param(lambda p: p.move("jp.lobby")["effects"][0].update(track="calm"),
                     "move jp.lobby", "effects[0].track",
                     "track 'calm' is derived from other tracks; change one of its inputs instead", None,
                     id="derived-track"),
        pytest.param(lambda p: p.move("jp.lobby").update(faction="jpn"),
                     "move jp.lobby", "faction", "unknown faction 'jpn'", "jp", id="move-faction"),
        pytest.param(lambda p: p.move("joint.framework").update(faction=["us", "jpn"]),
                     "move joint.framework", "faction", "unknown faction 'jpn'", "jp", id="joint-partner"),
        pytest.param(lambda p: p.move("jp.lobby")["effects"][0].update(track="{target}.alliance"),
                     "move jp.lobby", "effects[0].track", "uses {target} but the move has no target", None,
                     id="target-in-track-without-target"),
        pytest.param(lambda p: p.move("jp.lobby")["effects"][0].update(add="2 * {target}.wariness"),
                     "move jp.lobby", "effects[0].add", "uses {target} but move jp.lobby has no target", None,
                     id="target-in-amount-without-target"),
        pytest.param(lambda p: p.content["events"].append(
                         {"id": "ev.summit", "name": "Summit", "kind": "scheduled", "turns": [2], "sources": ["S0-14"],
                          "effects": [{"track": "alliance", "add": 1}]}),
                     "event ev.summit", "turns", "turn 2 already has scheduled event 'ev.election'", None,
                     id="two-scheduled-events-one-turn"),
        pytest.param(lambda p: p.track("calm").update(derive="100 - start(alliance)"),
                     "track calm", "derive", "start() cannot be used in a derived track's formula: the start state is "
                     "computed from the derived tracks", None, id="start-in-derived-track"),
        pytest.param(lambda p: p.content["factions"][0].update(budget_track="us.budjet"),
                     "faction us", "budget_track", "unknown track 'us.budjet'", "us.budget", id="budget-track"),
    ]


@pytest.mark.parametrize("edit, item, field, message, suggestion", _reference_cases())
def test_unknown_and_misused_references(pack, edit, item, field, message, suggestion):
    edit(pack)
    assert pack.problem() == Problem(pack.content_file, item, field, message, suggestion)


@pytest.mark.parametrize("text, words", [
    pytest.param("jp.stability >=", ["syntax error in 'jp.stability >='"], id="syntax"),
    pytest.param("__import__('os')", ["unknown function '__import__'", "allowed: min, max, abs, clamp, played"],
                 id="import"),
    pytest.param("jp.stability.bit_length() > 1", ["unknown function 'jp.stability.bit_length'", "allowed: min"],
                 id="attribute-call"),
    pytest.param("'yes' == 'yes'", ["only numbers are allowed as constants, not 'yes'"], id="string-constant"),
    pytest.param("lambda: 1", ["lambda is not allowed in expressions"], id="lambda"),
    pytest.param("[jp.stability][0] > 1", ["not allowed in expressions"], id="subscript"),
    pytest.param("jp.stability ** 2 > 1", ["binop is not allowed in expressions"], id="power"),
    pytest.param("jp.stability in (1, 2)", ["only < <= > >= == != comparisons are allowed"], id="in"),
    pytest.param("min(jp.stability)", ["min() needs at least two arguments"], id="min-arity"),
])
def test_forbidden_expressions_say_what_is_not_allowed(pack, text, words):
    pack.move("jp.reform")["requires"] = text
    problem = pack.problem()
    assert (problem.file, problem.item, problem.field) == (pack.content_file, "move jp.reform", "requires")
    for word in words:
        assert word in problem.message, problem.message


# ---- scenarios ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("edit, field, message, suggestion", [
    pytest.param(lambda s: s["start"].update(alliannce=60), "start.alliannce", "unknown track 'alliannce'", "alliance",
                 id="start-unknown-track"),
    pytest.param(lambda s: s["start"].update(alliance=300), "start.alliance",
                 "300 is outside the track's bounds [0, 100]", None, id="start-out-of-bounds"),
    pytest.param(lambda s: s["start"].update({"us.budget": 20.5}), "start.us.budget",
                 "20.5 is outside the track's bounds [0, 20]", None, id="start-above-a-declared-max"),
    pytest.param(lambda s: s["start"].update(calm=10), "start.calm",
                 "is derived from other tracks; set its inputs instead", None, id="start-derived"),
    pytest.param(lambda s: s["scoring"].pop("cn"), "scoring", "faction 'cn' has no scoring terms", None,
                 id="scoring-missing-faction"),
    pytest.param(lambda s: s["scoring"]["us"][0].update(expr="alliance + jp.stabilty"), "scoring.us[0].expr",
                 "unknown track 'jp.stabilty'", "jp.stability", id="scoring-expression"),
    pytest.param(lambda s: s["scoring"]["us"][0].update(expr="alliance - start(aliance)"), "scoring.us[0].expr",
                 "unknown track 'aliance'", "alliance", id="scoring-start-unknown-track"),
    pytest.param(lambda s: s["scoring"]["us"][0].update(expr="start(alliance, 2)"), "scoring.us[0].expr",
                 "start() takes one expression in 'start(alliance, 2)'", None, id="scoring-start-arity"),
    pytest.param(lambda s: s.update(disable=["jp.lobyy"]), "disable[0]", "unknown move, event or rule 'jp.lobyy'",
                 "jp.lobby", id="disable-unknown"),
    pytest.param(lambda s: s.update(schedule={"ev.elections": [3]}), "schedule.ev.elections",
                 "unknown scheduled event 'ev.elections'", "ev.election", id="schedule-unknown"),
])
def test_scenario_problems_name_the_scenario_file(pack, edit, field, message, suggestion):
    edit(pack.scenario)
    problem = pack.problem()
    assert (problem.file, problem.item, problem.field) == (pack.scenario_file, "scenario mini", field)
    assert (problem.message, problem.suggestion) == (message, suggestion)


def test_scenario_schema_problems_name_the_scenario(pack):
    pack.scenario["turns"] = "four"
    pack.scenario["start"]["alliance"] = float("nan")
    pack.scenario["turnz"] = 3
    found = pack.problems()
    assert {(p.file, p.item) for p in found} == {(pack.scenario_file, "scenario mini")}
    by_field = {p.field: p for p in found}
    assert set(by_field) == {"turns", "start.alliance", "turnz"}
    assert "(got 'four')" in by_field["turns"].message
    assert by_field["start.alliance"].message == "Input should be a finite number (got nan)"
    assert (by_field["turnz"].message, by_field["turnz"].suggestion) == ("unknown key 'turnz'", "turns")


def test_scenario_schema_problems_do_not_hide_its_unknown_names(pack):
    pack.scenario["turns"] = "four"
    pack.scenario["start"] = {"aliance": 60, "jp.stability": 500}
    found = pack.problems()
    assert [(p.field, p.message, p.suggestion) for p in found][1:] == [
        ("start.aliance", "unknown track 'aliance'", "alliance"),
        ("start.jp.stability", "500 is outside the track's bounds [0, 100]", None),
    ]
    assert found[0].field == "turns" and "(got 'four')" in found[0].message


def test_a_scenario_naming_a_missing_pack(pack):
    pack.scenario["content"] = "./minni"
    assert pack.problem() == Problem(pack.scenario_file, "scenario mini", "content", "unknown content pack './minni'")


def test_a_scenario_naming_a_misspelt_shipped_pack(pack):
    pack.scenario["content"] = "bsae"
    assert pack.problem() == Problem(pack.scenario_file, "scenario mini", "content", "unknown content pack 'bsae'", "base")


# ---- every problem at once ----------------------------------------------------------------------------


def test_every_reference_problem_is_reported_at_once(pack):
    pack.move("jp.lobby")["effects"][0]["track"] = "aliance"
    pack.move("jp.reform")["faction"] = "jpn"
    pack.move("us.trade_deal")["target"]["options"] = ["vietnum"]
    pack.move("cn.patrol")["effects"][0]["add"] = "__import__('os')"
    pack.move("us.big_push")["effects"][0]["track"] = "calm"
    pack.scenario["start"]["alliannce"] = 60
    del pack.scenario["scoring"]["cn"]
    found = pack.problems()
    c, s = pack.content_file, pack.scenario_file
    expected = [
        Problem(c, "move jp.lobby", "effects[0].track", "unknown track 'aliance'", "alliance"),
        Problem(c, "move jp.reform", "faction", "unknown faction 'jpn'", "jp"),
        Problem(c, "move us.trade_deal", "target.options[0]", "unknown region 'vietnum'", "vietnam"),
        Problem(c, "move us.big_push", "effects[0].track",
                "track 'calm' is derived from other tracks; change one of its inputs instead"),
        Problem(s, "scenario mini", "start.alliannce", "unknown track 'alliannce'", "alliance"),
        Problem(s, "scenario mini", "scoring", "faction 'cn' has no scoring terms"),
    ]
    for problem in expected:
        assert problem in found, f"missing: {problem}"
    patrol = [p for p in found if p.item == "move cn.patrol"]
    assert [(p.field, "unknown function '__import__'" in p.message) for p in patrol] == [("effects[0].add", True)]
    assert len(found) == len(expected) + 1
    text = str(pytest.raises(ContentError, compile_file, pack.scenario_path).value)
    assert text.startswith("7 problems in content:\n")
    for problem in found:
        assert f"  {problem}" in text


def test_every_schema_problem_in_a_file_is_reported_at_once(pack):
    pack.content["factions"][0]["action_points"] = "two"
    pack.move("cn.patrol")["effects"][1]["chance"] = 1.5
    pack.track("jp.mandate")["start"] = float("nan")
    pack.track("jp.stability")["strat"] = 50
    pack.content["events"][0]["kind"] = "sheduled"
    found = pack.problems()
    assert [(p.item, p.field) for p in found] == [
        ("faction us", "action_points"),
        ("track jp.stability", "strat"),
        ("track jp.mandate", "start"),
        ("move cn.patrol", "effects[1].chance"),
        ("event ev.election", "kind"),
    ]
    assert found[1].suggestion == "start"
    assert "'scheduled'" in found[4].message and "(got 'sheduled')" in found[4].message


# ---- check_paths and `main.py validate` -----------------------------------------------------------------


def test_check_paths_searches_folders_and_counts_files(pack):
    pack.move("jp.lobby")["effects"][0]["track"] = "aliance"
    pack.write()
    problems, count = check_paths([pack.root])
    assert count == 2
    assert problems == [Problem(pack.content_file, "move jp.lobby", "effects[0].track", "unknown track 'aliance'",
                                "alliance")]


def test_check_paths_reports_a_missing_path(tmp_path):
    missing = tmp_path / "nope.yaml"
    problems, count = check_paths([missing])
    assert (problems, count) == ([Problem(str(missing), "", "", "no such file or directory")], 0)


def test_validate_prints_every_problem_and_exits_1(pack, capsys):
    pack.move("jp.lobby")["effects"][0]["track"] = "aliance"
    pack.move("jp.reform")["requires"] = "jp.stabilty >= 30"
    pack.write()
    assert main(["validate", str(pack.scenario_path)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{pack.content_file}: move jp.reform, requires: unknown track 'jp.stabilty' — did you mean 'jp.stability'?",
        f"{pack.content_file}: move jp.lobby, effects[0].track: unknown track 'aliance' — did you mean 'alliance'?",
    ]
    assert err.strip() == "2 problems in 1 file"


def test_validate_a_folder_with_a_broken_yaml_file(pack, capsys):
    pack.write()
    (pack.root / "mini" / "extra.yaml").write_text("moves: [\n", encoding="utf-8")
    assert main(["validate", str(pack.root)]) == 1
    out, err = capsys.readouterr()
    shown = display_path(pack.root / "mini" / "extra.yaml")
    assert out.count(f"{shown}: malformed YAML at line 2") == 1
    assert err.strip().endswith("in 3 files")


def test_validate_clean_files_exits_0_with_an_ok_line(pack, capsys):
    pack.write()
    assert main(["validate", str(pack.scenario_path), str(pack.root / "mini")]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "ok: 2 files checked, no problems"
    assert err == ""


def test_every_shipped_scenario_validates_clean(capsys):
    if not list(SCENARIO_DIR.glob("*.yaml")):
        pytest.skip("no shipped scenario yet (game/scenarios/*.yaml is being written)")
    status = main(["validate"])
    out, err = capsys.readouterr()
    assert status == 0, out + err
    assert out.startswith("ok: ")
