"""Content packs that extend another: `pack.yaml` names the parent and the items removed; the pack's own files
hold only what it adds or replaces.

tests/fixtures/summit_pack extends base with one move added (us.alliance_summit), one replaced
(us.worker_relief) and one removed (us.trade_dialogue); tests/fixtures/summit_scenario.yaml plays it. The
refusals build small chains of packs in a temporary folder.
"""

import shutil
from pathlib import Path

import pytest
import yaml

from game.cli.commands import main
from game.rules.compiler import compile_file
from game.rules.files import CONTENT_ROOT, content_hash, display_path, pack_files
from game.rules.problems import ContentError
from game.scenarios import SCENARIO_DIR, load_rules
from game.testing import scenario

FIXTURES = Path(__file__).parent / "fixtures"
SUMMIT = FIXTURES / "summit_scenario.yaml"
BASE = CONTENT_ROOT / "base"


@pytest.fixture(scope="module")
def summit():
    return load_rules(SUMMIT)


def test_the_extension_adds_replaces_and_removes_one_move_each(summit):
    base = load_rules("crossroads_2025")
    assert set(summit.move_index) == set(base.move_index) - {"us.trade_dialogue"} | {"us.alliance_summit"}
    relief = summit.moves[summit.move_index["us.worker_relief"]]
    assert relief.cost.budget == 7 and base.moves[base.move_index["us.worker_relief"]].cost.budget == 5
    assert [e.track for e in summit.effects if e.owner_id == "us.worker_relief"] == ["us.insecurity", "us.discontent"]
    assert summit.pack.origin["moves", "us.worker_relief"] == display_path(FIXTURES / "summit_pack/moves/us.yaml")
    assert summit.pack.origin["moves", "us.press_defense"] == display_path(BASE / "moves/us.yaml")
    # everything else is base's, in base's order
    assert [m.id for m in summit.moves if m.id != "us.alliance_summit"] == [
        m.id for m in base.moves if m.id != "us.trade_dialogue"]


def test_a_game_of_the_extension_plays_the_new_move_and_not_the_removed_one():
    game = scenario(SUMMIT).set({"us.budget": 20})
    turn = game.play(us=["us.alliance_summit", "us.worker_relief"])
    assert turn.caused("alliance", by="us.alliance_summit") == 3
    assert turn.caused("us.discontent", by="us.worker_relief") == -5
    assert turn.caused("us.polarization", by="us.worker_relief") == 0  # base's relief also lowered polarization
    with pytest.raises(Exception, match="us.trade_dialogue"):
        scenario(SUMMIT).play(us=["us.trade_dialogue@vietnam"])


def test_validate_notes_the_replacement_with_warnings(capsys):
    assert main(["validate", str(SUMMIT), str(FIXTURES / "summit_pack")]) == 0
    assert capsys.readouterr().out.startswith("ok: 3 files checked, no problems")
    assert main(["validate", "--warnings", str(SUMMIT), str(FIXTURES / "summit_pack")]) == 0
    out = capsys.readouterr().out
    assert (f"warning: {display_path(FIXTURES / 'summit_pack/moves/us.yaml')}: move us.worker_relief: replaces the base "
            f"item of the same id (from {display_path(BASE / 'moves/us.yaml')})") in out


def _rules_files(root: Path) -> list[Path]:
    """A pack folder's YAML files but its translations (`lang/`, not rules: outside the content hash)."""
    return sorted(p for p in root.rglob("*.yaml") if p.relative_to(root).parts[0] != "lang")


def test_the_content_hash_covers_every_file_of_the_chain(summit):
    own = _rules_files(FIXTURES / "summit_pack")
    chain = _rules_files(BASE) + own
    assert pack_files(FIXTURES / "summit_pack") == chain
    assert summit.content_hash == content_hash([SUMMIT.resolve(), *chain])


def test_the_shipped_packs_files_and_hash_are_as_before():
    rules = load_rules("crossroads_2025")
    assert rules.content_hash == content_hash([rules.scenario_path, *_rules_files(BASE)])
    assert rules.pack.notes == [] and rules.pack.removed == {}


# ---- chains built in a temporary folder -----------------------------------------------------------


class Chain:
    """Packs in a folder, each written as {file: data}, and a scenario on one of them."""

    def __init__(self, root: Path):
        self.root = root

    def pack(self, name: str, files: dict[str, dict]) -> Path:
        for rel, data in files.items():
            path = self.root / name / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return self.root / name

    def scenario(self, pack: str, **changes) -> Path:
        data = yaml.safe_load(SUMMIT.read_text(encoding="utf-8")) | {"content": f"./{pack}"} | changes
        path = self.root / "scenario.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path

    def problems(self, pack: str) -> list[str]:
        with pytest.raises(ContentError) as info:
            compile_file(self.scenario(pack))
        return [str(p) for p in info.value.problems]

    def shown(self, rel: str) -> str:
        return display_path(self.root / rel)


@pytest.fixture
def chain(tmp_path) -> Chain:
    return Chain(tmp_path)


def summit_move(**changes) -> dict:
    move = yaml.safe_load((FIXTURES / "summit_pack/moves/us.yaml").read_text(encoding="utf-8"))["moves"][0]
    return move | changes


def test_a_chain_of_three_packs(chain):
    chain.pack("middle", {"pack.yaml": {"extends": "base", "remove": ["us.trade_dialogue"]},
                          "moves.yaml": {"moves": [summit_move()]}})
    chain.pack("top", {"pack.yaml": {"extends": "../middle", "remove": ["us.worker_relief"]},
                       "moves.yaml": {"moves": [summit_move(name="Grand summit", cost={"budget": 1})]}})
    rules = compile_file(chain.scenario("top"))
    assert "us.trade_dialogue" not in rules.move_index and "us.worker_relief" not in rules.move_index
    top = rules.moves[rules.move_index["us.alliance_summit"]]
    assert (top.name, top.cost.budget) == ("Grand summit", 1)
    assert [str(n) for n in rules.pack.notes] == [f"{chain.shown('top/moves.yaml')}: move us.alliance_summit: replaces "
                                                   f"the ../middle item of the same id (from "
                                                   f"{chain.shown('middle/moves.yaml')})"]
    assert pack_files(chain.root / "top") == (_rules_files(BASE) + _rules_files(chain.root / "middle")
                                              + _rules_files(chain.root / "top"))


def test_an_edit_anywhere_in_the_chain_changes_the_hash(chain):
    shutil.copytree(BASE, chain.root / "copy")
    chain.pack("mine", {"pack.yaml": {"extends": "../copy"}, "moves.yaml": {"moves": [summit_move()]}})
    before = compile_file(chain.scenario("mine")).content_hash
    path = chain.root / "copy" / "moves" / "us.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("budget: 5}", "budget: 6}", 1), encoding="utf-8")
    assert compile_file(chain.scenario("mine")).content_hash != before


def test_packs_extending_each_other_in_a_cycle(chain):
    chain.pack("a", {"pack.yaml": {"extends": "../b"}})
    chain.pack("b", {"pack.yaml": {"extends": "../a"}})
    a, b = chain.root / "a", chain.root / "b"
    assert chain.problems("a") == [f"{chain.shown('b/pack.yaml')}: extends: '../a' leads back to this pack "
                                   f"({display_path(a)} → {display_path(b)} → {display_path(a)}): packs cannot extend "
                                   "each other in a cycle; one of them must extend base"]
    assert pack_files(a) == [a / "pack.yaml", b / "pack.yaml"][::-1]  # the hash's list stops at the loop


def test_an_unknown_parent_is_suggested(chain):
    chain.pack("mine", {"pack.yaml": {"extends": "bsae"}})
    assert chain.problems("mine") == [f"{chain.shown('mine/pack.yaml')}: extends: unknown content pack 'bsae' — did "
                                      "you mean 'base'?"]


def test_a_missing_parent_folder(chain):
    chain.pack("mine", {"pack.yaml": {"extends": "../nowhere"}})
    assert chain.problems("mine") == [f"{chain.shown('mine/pack.yaml')}: extends: no pack folder '../nowhere' from "
                                      f"{chain.shown('mine')}"]


def test_a_parent_outside_the_scenarios_folder_is_refused(chain):
    (chain.root / "inner").mkdir()
    chain.root = chain.root / "inner"
    chain.pack("mine", {"pack.yaml": {"extends": "../../elsewhere"}})
    (problem,) = chain.problems("mine")
    assert problem.endswith("extends: '../../elsewhere' leads outside the scenario's folder "
                            f"({display_path(chain.root)}); a pack must lie in it or below it")


def test_removing_an_item_the_parent_lacks(chain):
    chain.pack("mine", {"pack.yaml": {"extends": "base", "remove": ["us.trade_dialog"]}})
    assert chain.problems("mine") == [f"{chain.shown('mine/pack.yaml')}: remove[0]: base has no item 'us.trade_dialog' "
                                      "to remove — did you mean 'us.trade_dialogue'?"]


def test_removing_and_replacing_one_item(chain):
    chain.pack("mine", {"pack.yaml": {"extends": "base", "remove": ["us.alliance_summit", "us.worker_relief"]},
                        "moves.yaml": {"moves": [summit_move(id="us.worker_relief")]}})
    found = chain.problems("mine")
    assert any(p.startswith(f"{chain.shown('mine/pack.yaml')}: remove[0]: base has no item 'us.alliance_summit' to "
                            "remove") for p in found)
    assert (f"{chain.shown('mine/pack.yaml')}: remove[1]: 'us.worker_relief' is both removed and replaced (in "
            f"{chain.shown('mine/moves.yaml')}); keep one") in found


def test_replacing_across_item_types_is_refused(chain):
    chain.pack("mine", {"pack.yaml": {"extends": "base"},
                        "tracks.yaml": {"tracks": [{"id": "us.worker_relief", "name": "Relief"}]}})
    assert chain.problems("mine") == [f"{chain.shown('mine/tracks.yaml')}: track us.worker_relief, id: base has move "
                                      "'us.worker_relief': an item replaces one of its own kind (list it under moves:), "
                                      "or give it a new id"]


def test_remove_without_extends(chain):
    chain.pack("mine", {"pack.yaml": {"remove": ["us.worker_relief"]}, "moves.yaml": {"moves": [summit_move()]}})
    assert [p for p in chain.problems("mine") if "pack.yaml" in p] == [
        f"{chain.shown('mine/pack.yaml')}: remove: removes items but extends no pack: add `extends: base` (or the pack "
        "it builds on)"]


def test_an_unknown_key_in_pack_yaml(chain, capsys):
    path = chain.pack("mine", {"pack.yaml": {"extend": "base"}}) / "pack.yaml"
    assert main(["validate", str(path)]) == 1
    assert f"{display_path(path)}: extend: unknown key 'extend' — did you mean 'extends'?" in capsys.readouterr().out


def test_a_removed_move_may_still_be_named_by_the_parents_doctrines_and_played(chain):
    # base's doctrines weigh us.worker_relief and us.trade_dialogue; removing them is not a follow-on error
    chain.pack("mine", {"pack.yaml": {"extends": "base", "remove": ["us.worker_relief", "us.trade_dialogue"]}})
    rules = compile_file(chain.scenario("mine", disable=["us.trade_dialogue"]))
    assert "us.worker_relief" not in rules.move_index


def test_the_shipped_scenarios_still_use_base_unextended():
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        assert load_rules(path).pack.files == _rules_files(BASE)
