"""Saves: a round trip replays to the same game, and every damaged, edited, foreign or outdated save
is refused with a message saying what is wrong. A failed save never destroys the previous one."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from game.ai import play_bot_seats
from game.session import saves
from game.session.game import Game

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini_scenario.yaml"
ALL_RANDOM = {"us": "random", "jp": "random", "cn": "random"}
# two fixed turns: turn 2 spends all of the U.S. action points on us.big_push
FIXED_TURNS = [
    {"us": ["us.press_defense"], "jp": ["jp.reform"], "cn": ["cn.patrol"]},
    {"us": ["us.big_push"], "jp": ["jp.lobby"], "cn": []},
]


def play_bots(game: Game, turns: int) -> None:
    for _ in range(turns):
        if game.is_over:
            return
        play_bot_seats(game)
        game.resolve()


def assert_same_game(a: Game, b: Game) -> None:
    assert (a.turn, a.status, a.seed, a.seats) == (b.turn, b.status, b.seed, b.seats)
    assert a.tracks() == b.tracks()
    assert np.array_equal(a.state.ints, b.state.ints)
    assert [(r.turn, r.orders) for r in a.history] == [(r.turn, r.orders) for r in b.history]


@pytest.fixture
def fixed_save(tmp_path) -> tuple[Game, Path]:
    """A game of two fixed turns and its save."""
    game = Game.new(MINI, seed=4)
    for orders in FIXED_TURNS:
        game.play_turn(orders)
    path = saves.save(game, tmp_path / "game.json")
    return game, path


def edited(path: Path, edit) -> Path:
    """Write a copy of the save after `edit(document)`."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc)
    out = path.with_name("edited.json")
    out.write_text(json.dumps(doc), encoding="utf-8")
    return out


def refusal(path: Path) -> str:
    with pytest.raises(saves.SaveError) as info:
        saves.load(path)
    return str(info.value)


# ---- round trips --------------------------------------------------------------------------------


def test_round_trip_mid_game_then_both_games_continue_alike(tmp_path):
    game = Game.new(MINI, seed=21, seats=ALL_RANDOM)
    play_bots(game, 2)
    assert not game.is_over, "the mini scenario lasts 4 turns"
    loaded = saves.load(saves.save(game, tmp_path / "mid.json"))
    assert_same_game(game, loaded)
    assert loaded.turn == 3
    while not game.is_over:
        play_bot_seats(game)
        game.resolve()
        loaded.play_turn({f: list(o) for f, o in game.history[-1].orders.items()})
        assert np.array_equal(game.state.x, loaded.state.x)
    assert_same_game(game, loaded)
    assert loaded.is_over and loaded.scores() == game.scores()


def test_a_finished_game_round_trips(tmp_path):
    game = Game.new(MINI, seed=2, seats=ALL_RANDOM)
    play_bots(game, 10)
    loaded = saves.load(saves.save(game, tmp_path / "done.json"))
    assert loaded.is_over and loaded.winner() == game.winner()
    assert_same_game(game, loaded)


def test_pending_orders_are_not_saved(tmp_path):
    game = Game.new(MINI, seed=4)
    game.play_turn({"jp": ["jp.reform"]})
    game.submit("us", "us.press_defense")
    game.submit("cn", "cn.patrol")
    game.commit("cn")
    text = saves.save(game, tmp_path / "pending.json").read_text(encoding="utf-8")
    assert "us.press_defense" not in text and "cn.patrol" not in text
    loaded = saves.load(tmp_path / "pending.json")
    assert loaded.turn == 2
    assert loaded.orders_of("us") == () and loaded.orders_of("cn") == ()
    assert loaded.committed == set()
    assert game.orders_of("us") != (), "saving leaves the live game's pending orders alone"


def test_save_document_holds_what_the_readme_says(fixed_save):
    game, path = fixed_save
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert set(doc) == {"format", "version", "scenario", "scenario_file", "content_hash", "seed", "seats", "turns"}
    assert (doc["format"], doc["version"], doc["scenario"], doc["seed"]) == ("pacific-trilemma-save", 5, "mini", 4)
    assert doc["content_hash"] == game.rules.content_hash
    assert [t["orders"] for t in doc["turns"]] == FIXED_TURNS
    assert len(doc["turns"][0]["tracks"]) == len(game.rules.tracks)


# ---- refusals -----------------------------------------------------------------------------------


def test_truncated_save(fixed_save):
    _, path = fixed_save
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    message = refusal(path)
    assert message.startswith(f"{path} is truncated or corrupted: invalid JSON at line ")


def test_empty_file_is_truncated(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("", encoding="utf-8")
    assert "is truncated or corrupted" in refusal(path)


@pytest.mark.parametrize("content, words", [
    pytest.param("id: mini\nturns: 4\n", "is not a save: a save is a JSON object", id="yaml"),
    pytest.param("[1, 2, 3]", "is not a save: a save is a JSON object", id="json-list"),
    pytest.param('{"version": 1}', "is not a Pacific Trilemma save (no '\"format\": \"pacific-trilemma-save\"')",
                 id="no-format"),
    pytest.param('{"format": "chess-pgn", "version": 1}', "is not a Pacific Trilemma save", id="other-format"),
])
def test_not_a_save(tmp_path, content, words):
    path = tmp_path / "other.json"
    path.write_text(content, encoding="utf-8")
    assert words in refusal(path)


def test_binary_file_is_not_a_save(tmp_path):
    path = tmp_path / "picture.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    assert refusal(path) == f"{path} is not a save: it is not text"


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.json"
    assert refusal(path) == f"cannot read save {path}: No such file or directory"


def test_hand_edited_snapshot_names_the_track_and_both_values(fixed_save):
    game, path = fixed_save
    index = game.rules.track_index["jp.mandate"]
    real = game.history[0].x[index]
    message = refusal(edited(path, lambda d: d["turns"][0]["tracks"].__setitem__(index, 99.0)))
    assert ("is hand-edited or damaged: after turn 1 it says jp.mandate = 99.0 but replaying its orders gives "
            f"{float(real)!r}") in message


def test_hand_edited_counters(fixed_save):
    _, path = fixed_save
    message = refusal(edited(path, lambda d: d["turns"][1]["counters"].__setitem__(0, 7)))
    assert "is hand-edited or damaged: turn 2's counters do not match the replay" in message


def test_hand_edited_illegal_order_gives_turn_and_reason(fixed_save):
    _, path = fixed_save
    message = refusal(edited(path, lambda d: d["turns"][1]["orders"]["us"].append("us.press_defense")))
    assert ("is hand-edited or damaged: turn 2: United States: Press Japan on defense costs 1 action point but only "
            "0 of 2 are left this turn") in message


def test_hand_edited_unknown_move(fixed_save):
    _, path = fixed_save
    message = refusal(edited(path, lambda d: d["turns"][0]["orders"].__setitem__("jp", ["jp.reforms"])))
    assert "is hand-edited or damaged: turn 1: Japan: unknown move 'jp.reforms' — did you mean 'jp.reform'?" in message


def test_turns_out_of_order(fixed_save):
    _, path = fixed_save
    message = refusal(edited(path, lambda d: d["turns"][1].__setitem__("turn", 3)))
    assert "is damaged: entry 2 is turn 3 but the replay is at turn 2" in message


def test_missing_track_values(fixed_save):
    game, path = fixed_save
    message = refusal(edited(path, lambda d: d["turns"][0]["tracks"].pop()))
    n = len(game.rules.tracks)
    assert f"is damaged: turn 1 has {n - 1} track values, the scenario has {n}" in message


def test_newer_version(fixed_save):
    _, path = fixed_save
    message = refusal(edited(path, lambda d: d.__setitem__("version", 99)))
    assert "was written by a newer version of the game (save format 99; this version reads up to 5)" in message
    assert "Update the game" in message


def test_older_version(fixed_save):
    _, path = fixed_save
    message = refusal(edited(path, lambda d: d.__setitem__("version", 0)))
    assert "uses save format 0, which this version no longer reads (it reads 1 to 5)" in message


def test_different_content_hash(fixed_save):
    _, path = fixed_save
    message = refusal(edited(path, lambda d: d.__setitem__("content_hash", "0" * 64)))
    assert "was played with different rules for scenario 'mini'" in message
    assert "content hash differs" in message


def test_content_changed_since_the_save(tmp_path):
    shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    scenario = shutil.copy(FIXTURES / "mini_scenario.yaml", tmp_path / "mini_scenario.yaml")
    game = Game.new(scenario, seed=1)
    game.play_turn(FIXED_TURNS[0])
    path = saves.save(game, tmp_path / "game.json")
    content = tmp_path / "mini" / "content.yaml"
    content.write_text(content.read_text(encoding="utf-8").replace("add: 4}", "add: 5}"), encoding="utf-8")
    assert "was played with different rules for scenario 'mini'" in refusal(path)


def test_content_broken_since_the_save(tmp_path):
    shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    scenario = shutil.copy(FIXTURES / "mini_scenario.yaml", tmp_path / "mini_scenario.yaml")
    game = Game.new(scenario, seed=1)
    path = saves.save(game, tmp_path / "game.json")
    content = tmp_path / "mini" / "content.yaml"
    content.write_text(content.read_text(encoding="utf-8").replace("add: 4}", "add: four}"), encoding="utf-8")
    message = refusal(path)
    assert "is a game of scenario 'mini', whose files now have problems: 1 problem in content:" in message
    assert "move us.press_defense, effects[0].add: unknown track 'four'" in message


def test_scenario_not_installed(fixed_save, tmp_path):
    _, path = fixed_save

    def elsewhere(doc):
        doc["scenario"] = "atlantis_2031"
        doc["scenario_file"] = str(tmp_path / "gone" / "atlantis_2031.yaml")

    message = refusal(edited(path, elsewhere))
    assert message.endswith("is a game of scenario 'atlantis_2031', which is not installed")


@pytest.mark.parametrize("edit, words", [
    pytest.param(lambda d: d.__setitem__("cheat", True), "is damaged or hand-edited: cheat: Extra inputs are not permitted",
                 id="top-level"),
    pytest.param(lambda d: d["turns"][0].__setitem__("pending", {"us": ["us.big_push"]}),
                 "is damaged or hand-edited: turns[0].pending: Extra inputs are not permitted", id="in-a-turn"),
    pytest.param(lambda d: d.pop("seed"), "is damaged or hand-edited: seed: Field required", id="missing-seed"),
    pytest.param(lambda d: d.__setitem__("seed", -1), "is damaged or hand-edited: seed: Input should be greater than or "
                 "equal to 0", id="negative-seed"),
    pytest.param(lambda d: d.__setitem__("seats", {"xx": "random"}), "has bad seats or seed: unknown faction 'xx'",
                 id="unknown-seat"),
])
def test_malformed_documents(fixed_save, edit, words):
    _, path = fixed_save
    assert words in refusal(edited(path, edit))


# ---- writing ----------------------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "game.json")


@pytest.mark.parametrize("broken", ["replace", "fsync"])
def test_a_failed_save_keeps_the_previous_one(fixed_save, monkeypatch, broken):
    game, path = fixed_save
    before = path.read_bytes()
    game.play_turn({"us": ["us.press_defense"]})

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(saves.os, broken, fail)
    with pytest.raises(saves.SaveError) as info:
        saves.save(game, path)
    monkeypatch.undo()
    assert str(info.value) == f"cannot save to {path}: No space left on device; the previous save is untouched"
    assert path.read_bytes() == before
    assert leftovers(path.parent) == [], "no temporary file is left behind"
    assert saves.load(path).turn == 3, "the previous save still loads"


def test_a_save_that_cannot_start_names_the_path(fixed_save, monkeypatch):
    game, path = fixed_save
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(saves.tempfile, "mkstemp", fail)
    with pytest.raises(saves.SaveError) as info:
        saves.save(game, path)
    assert str(info.value) == f"cannot save to {path}: Permission denied"
    assert path.read_bytes() == before


def test_saving_again_replaces_the_file_and_leaves_no_temporary_files(fixed_save):
    game, path = fixed_save
    game.play_turn({})
    saves.save(game, path)
    assert leftovers(path.parent) == []
    assert saves.load(path).turn == 4


# ---- the autosave's pending orders (format 2) ------------------------------------------------------


def mid_turn(seed: int = 4) -> Game:
    """Turn 2 under way: Japan and China committed, the United States has one order pending."""
    game = Game.new(MINI, seed=seed)
    game.play_turn(FIXED_TURNS[0])
    game.submit("jp", "jp.lobby")
    game.commit("jp")
    game.commit("cn")
    game.submit("us", "us.press_defense")
    return game


def test_pending_orders_and_commits_round_trip(tmp_path):
    game = mid_turn()
    path = saves.save(game, tmp_path / "auto.json", pending=True)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == 5
    assert doc["pending"] == {"turn": 2, "orders": {"us": ["us.press_defense"], "jp": ["jp.lobby"]},
                              "committed": ["jp", "cn"]}
    loaded = saves.load(path)
    assert_same_game(game, loaded)
    assert loaded.committed == {"jp", "cn"}
    assert loaded.orders_of("us") == game.orders_of("us") and loaded.orders_of("jp") == game.orders_of("jp")
    loaded.commit("us")
    game.commit("us")
    assert loaded.resolve().orders == game.resolve().orders, "the resumed turn resolves as the live one"
    assert np.array_equal(loaded.state.x, game.state.x)


def test_a_turn_with_nothing_pending_writes_no_pending_part(fixed_save, tmp_path):
    game, _ = fixed_save
    doc = saves.to_json(game, pending=True)
    assert "pending" not in doc


def test_an_illegal_saved_pending_order_is_refused_with_the_reason(tmp_path):
    path = saves.save(mid_turn(), tmp_path / "auto.json", pending=True)
    message = refusal(edited(path, lambda d: d["pending"]["orders"]["us"].append("us.press_defense")))
    assert message.endswith("is hand-edited or damaged: pending orders for turn 2: United States: Press Japan on "
                            "defense is already among this turn's orders")


def test_a_saved_pending_order_of_another_faction_is_refused(tmp_path):
    path = saves.save(mid_turn(), tmp_path / "auto.json", pending=True)
    message = refusal(edited(path, lambda d: d["pending"]["orders"].__setitem__("cn", ["jp.reform"])))
    assert "pending orders for turn 2: China: Reform is a move of Japan, not China" in message


def test_pending_orders_for_another_turn_or_an_unknown_committer_are_refused(tmp_path):
    path = saves.save(mid_turn(), tmp_path / "auto.json", pending=True)
    message = refusal(edited(path, lambda d: d["pending"].__setitem__("turn", 3)))
    assert "is damaged: its pending orders are for turn 3 but the replay is at turn 2" in message
    message = refusal(edited(path, lambda d: d["pending"]["committed"].append("xx")))
    assert "pending orders for turn 2: unknown faction 'xx' (factions: us, jp, cn)" in message


def test_version_1_saves_load_as_before(fixed_save):
    game, path = fixed_save
    old = edited(path, lambda d: (d.__setitem__("version", 1), [(t.pop("reasons"), t.pop("seats")) for t in d["turns"]]))
    loaded = saves.load(old)
    assert_same_game(game, loaded)
    assert loaded.committed == set() and all(not v for v in loaded.pending.values())
    message = refusal(edited(path, lambda d: d.update(version=1, pending={"turn": 3, "orders": {}, "committed": ["jp"]})))
    assert "save format 1 has no pending orders (they came with format 2)" in message


# ---- summaries ---------------------------------------------------------------------------------------


def test_summary_reads_scenario_progress_and_seats_without_replaying(tmp_path, monkeypatch):
    game = Game.new("tutorial", seed=3, seats={"jp": "search:normal", "cn": "doctrine"})
    game.play_turn({})
    path = saves.save(game, tmp_path / "game.json")
    monkeypatch.setattr(saves, "from_json", lambda *a: pytest.fail("a summary must not replay the save"))
    found = saves.summary(path)
    assert found.problem is None
    assert (found.scenario, found.title, found.turns, found.n_turns) == ("tutorial", "Tutorial: pressure or "
                                                                         "partnership?", 1, 3)
    assert found.progress() == "turn 2 of 3" and not found.finished
    assert found.seats_text() == "U.S. human · Japan search (normal) · China doctrine"
    assert found.saved_at == path.stat().st_mtime


def test_summary_of_finished_and_war_games(tmp_path):
    game = Game.new(MINI, seed=2, seats=ALL_RANDOM)
    play_bots(game, 10)
    found = saves.summary(saves.save(game, tmp_path / "done.json"))
    assert found.finished and found.progress() == {1: "finished", 2: "ended in war"}[int(game.status)]
    war = edited(tmp_path / "done.json", lambda d: d["turns"][-1]["counters"].__setitem__(1, 2))
    assert saves.summary(war).progress() == "ended in war"


@pytest.mark.parametrize("content, words", [
    pytest.param("not a save", "broken.json is not a save: a save is a JSON object", id="text"),
    pytest.param('{"format": "pacific-trilemma-save"', "broken.json is truncated or corrupted", id="truncated"),
    pytest.param('{"format": "pacific-trilemma-save", "version": 2}', "broken.json is damaged or hand-edited: scenario: "
                 "Field required", id="fields-missing"),
])
def test_summary_of_a_damaged_file_gives_the_reason(tmp_path, content, words):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    found = saves.summary(path)
    assert found.problem is not None and found.problem.startswith(words)


def test_summary_of_a_scenario_not_installed(fixed_save):
    _, path = fixed_save

    def elsewhere(doc):
        doc["scenario"] = "atlantis_2031"
        doc["scenario_file"] = "/nowhere/atlantis_2031.yaml"

    found = saves.summary(edited(path, elsewhere))
    assert found.problem is None and found.title == "atlantis_2031 (not installed)"
    assert found.seats_text() == "us human · jp human · cn human"


def test_seat_words_name_the_bots_in_the_language_in_use():
    from game.i18n import use
    from game.scenarios import load_rules
    from game.session.saves import seat_words

    assert [seat_words(s) for s in ("greedy", "search:normal", "doctrine:proactive_leader", "human")] == \
        ["greedy", "search (normal)", "doctrine (proactive_leader)", "human"]
    rules = load_rules("crossroads_2025")
    with use("ja"):
        assert [seat_words(s) for s in ("random", "greedy", "search:normal", "search:hard")] == \
            ["ランダム", "一手先読み", "探索（ふつう）", "探索（むずかしい）"]
        named = seat_words("doctrine:proactive_leader", rules, "jp")
        assert named.startswith("行動方針（") and "proactive" not in named
