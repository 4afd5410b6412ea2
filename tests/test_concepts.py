"""Every concept of the two source articles is modelled by content that acts in play, and a
teacher can list where (`python main.py concepts`)."""

import json

import pytest

from game.cli.commands import main
from game.rules.concepts import CONCEPTS, acting_items, concept_index
from game.scenarios import list_scenarios, load_rules

# Our own copy of the source articles' concept ids, so that dropping one from the game's list fails a test too.
CONTENT_MD_IDS = """
S0-01 S0-02 S0-03 S0-04 S0-05 S0-06 S0-07 S0-08 S0-09 S0-10 S0-11 S0-12 S0-13 S0-14 S0-15 S0-16
S0-17 S0-18 S0-19 S0-20 S0-21 S0-22 S0-23 S0-24 S0-25 S0-26 S0-27
S2-01 S2-02 S2-03 S2-04 S2-05 S2-06 S2-07
S2-M1 S2-M2 S2-M3 S2-M4 S2-M5 S2-M6
S2-V1 S2-V2 S2-V3 S2-V4 S2-V5
S2-I1 S2-I2 S2-I3 S2-I4
S2-K1 S2-K2 S2-K3 S2-K4
S2-R1 S2-R2 S2-R3 S2-R4 S2-R5 S2-R6 S2-R7 S2-R8
S2-G1 S2-G2 S2-G3 S2-G4
S2-J1 S2-J2 S2-J3 S2-J4 S2-J5 S2-J6 S2-J7 S2-J8 S2-J9 S2-J10
S2-F1 S2-F2 S2-F3 S2-F4
""".split()


def test_the_game_knows_exactly_the_concepts_of_content_md():
    assert len(CONTENT_MD_IDS) == 79
    assert sorted(CONCEPTS) == sorted(CONTENT_MD_IDS)


@pytest.mark.parametrize("scenario", [e.id for e in list_scenarios() if e.turns > 3])
def test_every_concept_acts_in_every_full_scenario(scenario):
    """Each id is cited by a move, event, rule, scoring term or region: something that changes numbers."""
    index = concept_index(load_rules(scenario))
    missing = [c for c in CONTENT_MD_IDS if not acting_items(index.get(c, []))]
    assert not missing, f"{scenario}: no move, event, rule, scoring term or region models {', '.join(missing)}"


def test_concepts_command_lists_each_concept_with_its_items(capsys):
    assert main(["concepts", "--scenario", "crossroads_2025"]) == 0
    out = capsys.readouterr().out
    assert "S0-06   Option one: a universal tariff and trade wars" in out
    assert "move us.universal_tariff" in out
    assert "(not modelled)" not in out


def test_concepts_json_maps_each_id_to_item_ids(capsys):
    assert main(["concepts", "--json"]) == 0
    index = json.loads(capsys.readouterr().out)
    assert sorted(index) == sorted(CONTENT_MD_IDS)
    assert "move us.universal_tariff" in index["S0-06"]
    assert all(isinstance(items, list) and items for items in index.values())


@pytest.mark.parametrize("text, problem", [
    ("id: x\ntitle: 5\nturns: abc\n", "scenario x, turns: Input should be a valid integer"),
    ("a: [\n", "malformed YAML at line 2, column 1"),
    ("- 1\n- 2\n", "expected a mapping of keys at the top, found list"),
    ("id: x\ntitle: t\nturns: 3\nstart_year: 2000\nscoring: {}\ncontent: /\n",
     "scenario x, content: '/' is an absolute path or a home folder"),
])
def test_concepts_of_a_broken_scenario_file_prints_its_problems(tmp_path, capsys, text, problem):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["concepts", "--scenario", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("concepts: ") and " problem" in captured.err.splitlines()[0]
    assert f"bad.yaml: {problem}" in captured.err
    assert "Traceback" not in captured.err


def test_concepts_of_an_empty_scenario_name_is_refused(capsys):
    assert main(["concepts", "--scenario", ""]) == 2
    assert capsys.readouterr().err.startswith("concepts: ")
