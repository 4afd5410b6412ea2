"""What if from a played game (game.analysis.whatif, `analyze --from`): continuations from turn K, the
bit-for-bit property, chunk independence, the JSON, placements, the what-if file and every refusal."""

import json

import numpy as np
import pytest

from game.ai import play_bot_seats
from game.analysis import AnalysisError, Stopped, record, recorded, run, start_of, what_if
from game.analysis.whatif import MAX_FILE_BYTES, file_of
from game.cli.commands import main
from game.engine.layout import STATUS
from game.session import saves
from game.session.game import Game
from game.session.saves import SaveError

SEATS = {"us": "greedy", "jp": "random", "cn": "greedy"}


def played(path, scenario="tutorial", seed=7, turns=None, seats=SEATS) -> Game:
    """A game of bots, played to its end (or `turns` turns) and saved to `path`."""
    game = Game.new(scenario, seed=seed, seats=dict(seats))
    while not game.is_over and (turns is None or len(game.history) < turns):
        play_bot_seats(game)
        game.resolve()
    saves.save(game, path)
    return game


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    path = tmp_path_factory.mktemp("whatif") / "class.json"
    return path, played(path)


@pytest.fixture(scope="module")
def long_game(tmp_path_factory):
    path = tmp_path_factory.mktemp("whatif") / "crossroads.json"
    return path, played(path, "crossroads_2025", seed=11, seats={"us": "random", "jp": "random", "cn": "random"})


def analyze(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["analyze", *argv])
    out, err = capsys.readouterr()
    return status, out, err


# ---- the bit-for-bit property -----------------------------------------------------------------------


@pytest.mark.parametrize("turn", [1, 3, 6])
def test_the_continuation_with_the_games_seed_and_its_orders_is_the_played_game(long_game, turn):
    path, game = long_game
    start = start_of(path, turn)
    assert start.seed == game.seed and start.turn == turn and start.finished
    assert np.array_equal(start.x, game.history[turn - 1].x_before)
    outcome = run(start.rules, 1, seats=SEATS, seed=game.seed, start=start.replaying(len(start.played)))
    assert np.array_equal(outcome.final[0], game.state.x[0]), "every track of the final state"
    winner = game.winner()
    assert (game.rules.factions[outcome.winner[0]].id if outcome.winner[0] >= 0 else None) == winner
    # the ints too: a batch of one replayed the same way leaves the same counters
    from game.analysis.runner import play
    from game.analysis.requests import seat_policies
    piece = play(start.rules, np.array([game.seed], dtype=np.uint64), seat_policies(start.rules, SEATS)[1], [],
                 start.rules.n_turns, start.replaying(len(start.played)))
    assert np.array_equal(piece.state.ints[0], game.state.ints[0])
    assert np.array_equal(piece.state.x[0], game.state.x[0])


def test_other_seeds_give_other_continuations_and_turn_k_is_kept_as_played(long_game):
    path, game = long_game
    result = what_if(path, 4, 20)
    assert result.labels == ("as played",) and len(result.arms) == 1
    finals = result.arms[0].final
    assert len({tuple(row) for row in finals}) > 1, "each continuation has its own seed"
    start = start_of(path, 4)
    kept = start.replaying(1).kept
    assert kept == {4: dict(game.history[3].orders)}


# ---- chunks, progress, Ctrl-C -------------------------------------------------------------------------


def test_results_do_not_depend_on_the_chunk_size_and_progress_is_called_after_each(long_game):
    path, _ = long_game
    calls = []
    one = what_if(path, 5, 30, force=["jp:jp.coast_guard@5"], chunk=30)
    two = what_if(path, 5, 30, force=["jp:jp.coast_guard@5"], chunk=7, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(7, 30), (14, 30), (21, 30), (28, 30), (30, 30)]
    assert one.to_json() == two.to_json()
    for k in range(2):
        assert np.array_equal(one.arms[k].final, two.arms[k].final)


def test_ctrl_c_between_chunks_keeps_the_paired_chunks_done(long_game):
    path, _ = long_game

    def stop(done, total):
        if done >= 20:
            raise KeyboardInterrupt

    with pytest.raises(Stopped) as caught:
        what_if(path, 5, 50, force=["jp:jp.coast_guard@5"], chunk=10, progress=stop)
    partial = caught.value.partial
    assert (caught.value.done, caught.value.total) == (20, 50)
    assert partial.games == 20 and all(o.games == 20 for o in partial.arms)
    assert any("stopped (Ctrl-C) after 20 of 50" in n for n in partial.notes)
    whole = what_if(path, 5, 20, force=["jp:jp.coast_guard@5"])
    assert np.array_equal(partial.arms[0].final, whole.arms[0].final)


# ---- arms, placements, the JSON ----------------------------------------------------------------------------


def test_a_force_makes_arm_a_and_the_turn_as_played_arm_b(long_game):
    path, game = long_game
    result = what_if(path, 5, 20, force=["jp:jp.coast_guard@5"])
    assert result.labels[1] == "as played" and result.labels[0].startswith("Japan: ")
    assert result.arms[0].forces[0].applied + result.arms[0].forces[0].illegal == 20
    a, b = result.values("alliance")
    assert a.shape == b.shape == (20,)
    assert ("score:jp", "Japan's score") in result.metrics()
    assert result.played("alliance") == pytest.approx(game.track("alliance"))
    against = what_if(path, 5, 20, force=["jp:jp.coast_guard@5"], against=["jp:joint.settle_friction@5"])
    assert against.labels[1].startswith("Japan: ") and against.comparison is not None


def test_placements_say_where_the_played_game_falls(finished):
    path, game = finished
    result = what_if(path, 2, 40)
    text = "\n".join(result.placements)
    assert f"The played game was won by {game.rules.factions[game.rules.faction_index[game.winner()]].name}" in text
    for faction in game.rules.factions:
        assert f"score of {game.scores()[faction.id]:.0f} is in the " in text
    assert "of the continuations with the same orders" in text


def test_an_unfinished_game_has_no_placements(tmp_path):
    path = tmp_path / "half.json"
    played(path, turns=1)
    result = what_if(path, 2, 5)
    assert not result.finished and result.played("alliance") is None
    assert result.placements == ("the game has no final outcome yet (it is unfinished), so it is not placed in the "
                                 "continuations",)


def test_the_json_has_the_analyze_keys_and_from_turn_placements(capsys, finished):
    path, _ = finished
    status, out, err = analyze(capsys, "--from", str(path), "--turn", "2", "--games", "20", "--force",
                               "jp:jp.coast_guard@2", "--json")
    assert status == 0, err
    doc = json.loads(out)
    assert {"scenario", "games", "seed", "seats", "a", "b", "difference"} <= set(doc)
    assert (doc["from"], doc["turn"], doc["games"]) == (str(path), 2, 20)
    assert doc["placements"] and doc["seats"] == SEATS
    status, out, err = analyze(capsys, "--from", str(path), "--turn", "2", "--games", "20", "--json")
    doc = json.loads(out)
    assert {"win_share", "war_rate", "crisis_rate", "tracks", "from", "turn", "placements"} <= set(doc)


def test_text_output_names_the_stand_in_bot_for_people(capsys, tmp_path):
    path = tmp_path / "people.json"
    game = Game.new("tutorial", seed=3, seats={"us": "greedy", "jp": "human", "cn": "random"})
    for _ in range(2):  # the people of Japan's seat give no order
        play_bot_seats(game)
        game.commit("jp")
        game.resolve()
    saves.save(game, path)
    status, out, err = analyze(capsys, "--from", str(path), "--turn", "2", "--games", "10")
    assert status == 0, err
    assert "note: Japan's seat was played by people: the stand-in bot 'greedy' plays it" in out
    assert "Where the played game falls:" in out and "no final outcome yet" in out


def test_in_japanese_the_labels_notes_and_placements_have_no_english(finished, tmp_path):
    from game.i18n import use
    from i18n_kit import assert_no_english

    path, game = finished
    people = tmp_path / "people.json"
    mixed = Game.new("tutorial", seed=3, seats={"us": "greedy", "jp": "human", "cn": "random"})
    while not mixed.is_over:
        play_bot_seats(mixed)
        mixed.commit("jp")
        mixed.resolve()
    saves.save(mixed, people)
    with use("ja"):
        forced = what_if(path, 2, 20, force=["jp:jp.coast_guard@2"])
        stand_in = what_if(people, 2, 10)
        half = tmp_path / "half.json"
        played(half, turns=1)
        unfinished = what_if(half, 2, 5)
    for result in (forced, stand_in, unfinished):
        for where, texts in (("labels", result.labels), ("notes", result.notes), ("placements", result.placements),
                             ("chart", [label for _, label in result.chart])):
            assert texts or where == "notes"
            assert_no_english("\n".join(texts), f"the what-if's {where}")
    assert forced.labels[1] == "実際のプレイどおり" and forced.labels[0].startswith("日本：")
    assert any("代役のボット「一手先読み」" in n for n in stand_in.notes)
    assert any("の勝利でした" in p for p in forced.placements)
    assert "同じ指示での続き" in "\n".join(stand_in.placements)


# ---- the what-if file -----------------------------------------------------------------------------------------


def test_record_appends_and_recorded_reads_back(finished, tmp_path):
    path = tmp_path / "copy.json"
    path.write_bytes(finished[0].read_bytes())
    assert recorded(path) == []
    one = what_if(path, 2, 10, force=["jp:jp.coast_guard@2"])
    record(path, one)
    record(path, what_if(path, 3, 10))
    back = recorded(path)
    assert [w.turn for w in back] == [2, 3] and file_of(path).name == "copy.json.what-if.json"
    assert back[0].labels == one.labels and back[0].placements == one.placements
    assert np.allclose(back[0].values("alliance")[0], one.values("alliance")[0], rtol=1e-5)
    assert back[0].to_json() == json.loads(json.dumps(one.to_json()))
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file left"


def test_analyze_record_writes_the_file_beside_the_save(capsys, finished, tmp_path):
    path = tmp_path / "rec.json"
    path.write_bytes(finished[0].read_bytes())
    status, out, err = analyze(capsys, "--from", str(path), "--turn", "2", "--games", "10", "--record")
    assert status == 0 and "recorded in" in err
    assert len(recorded(path)) == 1


def test_a_damaged_what_if_file_is_refused_with_the_reason(capsys, finished, tmp_path):
    path = tmp_path / "dmg.json"
    path.write_bytes(finished[0].read_bytes())
    file_of(path).write_text('{"format": "pacific-trilemma-what-if", "version": 1, "what_ifs": [{"turn": 2}]}')
    with pytest.raises(SaveError, match=r"is damaged or hand-edited: what-if 1 cannot be read \(KeyError"):
        recorded(path)
    before = file_of(path).read_bytes()
    status, out, err = analyze(capsys, "--from", str(path), "--turn", "2", "--games", "5", "--record")
    assert status == 1 and "the result above was not recorded" in err and "damaged" in err
    assert file_of(path).read_bytes() == before, "a damaged file is left as it is"
    file_of(path).write_text("{")
    with pytest.raises(SaveError, match="truncated or corrupted"):
        recorded(path)
    file_of(path).write_text('{"format": "other"}')
    with pytest.raises(SaveError, match="is not a what-if file"):
        recorded(path)


def test_a_what_if_file_past_its_limit_is_refused(finished, tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    path.write_bytes(finished[0].read_bytes())
    monkeypatch.setattr("game.analysis.whatif.MAX_FILE_BYTES", 1000)
    with pytest.raises(SaveError, match="past its limit of 1,000 bytes"):
        record(path, what_if(path, 2, 5))
    assert not file_of(path).exists()
    assert MAX_FILE_BYTES >= 1_000_000


# ---- refusals -------------------------------------------------------------------------------------------------


def test_refusals_name_the_reason(capsys, finished, tmp_path):
    path, _ = finished
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    cases = [
        (["--from", str(bad), "--turn", "1"], "bad.json is truncated or corrupted: invalid JSON at line 1"),
        (["--from", str(path), "--turn", "4"], "turn 4 is out of range: " + str(path) + " has 3 resolved turns (the "
         "game finished after turn 3, so there is no later turn to play); give 1 to 3"),
        (["--from", str(path), "--turn", "0"], "turn 0 is out of range"),
        (["--from", str(path), "--turn", "2", "--force", "jp:jp.coast_guard@1"],
         "turn 1 is before turn 2, where the continuations begin; turns before it are history: force an order on "
         "turn 2 or later (2 to 3)"),
        (["--from", str(path)], "--from SAVE needs --turn K"),
        (["--turn", "2"], "give --from SAVE too"),
        (["--from", str(path), "--turn", "2", "--scenario", "tutorial"], "drop --scenario"),
        (["--from", str(path), "--turn", "2", "--against", "jp:jp.coast_guard@2"], "give arm A's orders with force"),
        (["--from", str(path), "--turn", "2", "--seats", "jp=human"], "a person cannot play a batch"),
    ]
    for argv, message in cases:
        status, out, err = analyze(capsys, *argv, "--games", "5")
        assert status == 2 and message in err, (argv, err)


def test_an_unfinished_games_range_includes_the_turn_being_played(tmp_path):
    path = tmp_path / "half.json"
    played(path, turns=1)
    assert start_of(path, 2).turn == 2
    with pytest.raises(AnalysisError, match=r"has 1 resolved turn \(turn 2 is the one being played\); give 1 to 2"):
        start_of(path, 3)
