"""Replaying a save: every resolved turn's frame is the turn as it was played (orders, bots' reasons, seats,
facilitator actions, report), a game rebuilt before any turn is the game as it stood then, and nothing of a
turn not yet resolved (an autosave's pending orders, commits, reasons and facilitator actions) is in any frame
or rebuilt game. Save format 4 keeps what a replay needs, within limits; older formats replay as before."""

import json
from pathlib import Path

import numpy as np
import pytest

from game.ai import play_bot_seats
from game.session import saves
from game.session.game import Game
from game.session.replay import Replay
from game.ui.flow import HotSeat

SEATS = {"us": "human", "jp": "greedy", "cn": "random"}


def played(tmp_path: Path) -> tuple[Game, Path]:
    """A tutorial game: turn 1 with a seat change, turn 2 with an assumption, turn 3 pending (the bots have chosen,
    the U.S. has one secret order and a facilitator inject of its own) — autosaved."""
    game = Game.new("tutorial", seed=5, seats=SEATS)
    play_bot_seats(game)
    game.submit("us", game.legal_orders("us")[0])
    game.commit("us")
    game.resolve()
    game.set_seat("cn", "greedy", "the China team left early")
    game.assume("us.polarization", 70, "a contested election")
    play_bot_seats(game)
    game.commit("us")
    game.resolve()
    game.inject("ev.inject_allied_tariff", "a surprise")
    play_bot_seats(game)
    game.submit("us", "us.press_defense")
    path = saves.save(game, tmp_path / "auto.json", pending=True)
    return game, path


def test_every_frame_is_the_turn_as_played(tmp_path):
    game, path = played(tmp_path)
    replay = Replay.open(path)
    assert (replay.turns, replay.finished, replay.seed, replay.seats) == (2, False, 5, game.seats)
    assert replay.rules.content_hash == game.rules.content_hash and replay.provenance is None
    for record, frame in zip(game.history, replay.frames(), strict=True):
        assert frame.turn == record.turn
        assert frame.orders == record.orders
        assert frame.reasons == record.report.bot_reasons and set(frame.reasons) == {"jp", "cn"}
        assert frame.seats == record.seats
        assert frame.interventions == record.report.interventions
        assert frame.report.to_json() == record.report.to_json()
    assert replay.frame(1).seats["cn"] == "random" and replay.frame(2).seats["cn"] == "greedy"
    assert [i.kind for i in replay.frame(2).interventions] == ["seat", "assume"]


def test_nothing_of_the_pending_turn_is_in_any_frame_or_rebuilt_game(tmp_path):
    game, path = played(tmp_path)
    assert "us.press_defense" in path.read_text() and game.reasons, "the autosave keeps the pending turn"
    replay = Replay.open(path)
    for turn in range(1, replay.turns + 1):
        frame = replay.frame(turn)
        assert frame.orders == game.history[turn - 1].orders, "a frame's orders are its own turn's, never the pending"
    for turn in range(1, replay.turns + 2):
        before = replay.game_before(turn)
        assert before.committed == set() and not any(before.pending.values()) and before.reasons == {}
        assert len(before.history) == turn - 1
        assert all(i.turn < turn for i in before.interventions)
    now = replay.game_before(3)
    assert now.event is None or now.event.id != "ev.inject_allied_tariff", "the pending turn's inject is left out"
    final = replay.final()
    assert final.turn == 3 and not any(final.pending.values()) and final.committed == set()
    assert np.array_equal(final.state.x, now.state.x)


def test_a_game_rebuilt_before_a_turn_is_the_game_as_it_stood(tmp_path):
    game, path = played(tmp_path)
    replay = Replay.open(path)
    first = replay.game_before(1)
    assert first.turn == 1 and first.history == [] and first.seats == replay.frame(1).seats
    fresh = Game(game.rules, 5, SEATS)
    assert np.array_equal(first.state.x, fresh.state.x) and np.array_equal(first.state.ints, fresh.state.ints)
    second = replay.game_before(2)  # the facilitator's actions of turn 2 came after its start: not carried out
    assert np.array_equal(second.state.x[0], game.history[0].x)
    assert second.seats == replay.frame(2).seats
    third = replay.game_before(3)
    assert np.array_equal(third.state.x[0], game.history[1].x)
    assert [r.report.to_json() for r in third.history] == [r.report.to_json() for r in game.history]
    third.seats["us"] = "random"
    assert replay.game_before(3).seats["us"] == "human", "each call gives a fresh game"


def test_turns_out_of_range_are_refused_with_the_range(tmp_path):
    _, path = played(tmp_path)
    replay = Replay.open(path)
    for bad in (0, 3, -1):
        with pytest.raises(ValueError, match=rf"^turn {bad} is out of range: auto.json has 2 resolved turns, so "
                                             "give 1 to 2$"):
            replay.frame(bad)
    with pytest.raises(ValueError, match="^turn 4 is out of range: auto.json has 2 resolved turns, so give 1 to 3$"):
        replay.game_before(4)
    with pytest.raises(ValueError, match="^a turn to replay is a whole number, not '2'$"):
        replay.frame("2")
    empty = saves.save(Game.new("tutorial", 1), tmp_path / "new.json")
    with pytest.raises(ValueError, match="^new.json has no resolved turn yet, so there is no turn 1 to replay$"):
        Replay.open(empty).frame(1)
    assert Replay.open(empty).turns == 0 and Replay.open(empty).game_before(1).turn == 1


def edited(path: Path, edit) -> Path:
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc)
    out = path.with_name("edited.json")
    out.write_text(json.dumps(doc), encoding="utf-8")
    return out


def refused(path: Path) -> str:
    with pytest.raises(saves.SaveError) as info:
        Replay.open(path)
    return str(info.value)


def test_saves_that_cannot_be_replayed_are_refused_as_load_refuses_them(tmp_path):
    _, path = played(tmp_path)
    text = path.read_text()
    damaged = tmp_path / "damaged.json"
    damaged.write_text(text[: len(text) // 2])
    assert refused(damaged).startswith(f"{damaged} is truncated or corrupted: invalid JSON at line ")
    message = refused(edited(path, lambda d: d.__setitem__("content_hash", "0" * 64)))
    assert "was played with different rules for scenario 'tutorial': its content has changed since" in message
    message = refused(edited(path, lambda d: d.__setitem__("version", 6)))
    assert "was written by a newer version of the game (save format 6; this version reads up to 5)" in message
    message = refused(edited(path, lambda d: d["pending"]["orders"]["us"].append("us.press_defense")))
    assert "pending orders for turn 3: United States: Press Japan" in message, "a damaged pending part is refused too"


def test_format_4_keeps_reasons_seats_and_provenance_within_limits(tmp_path):
    game, path = played(tmp_path)
    doc = json.loads(path.read_text())
    assert doc["version"] == 5
    assert doc["turns"][0]["seats"] == SEATS and set(doc["turns"][0]["reasons"]) == {"jp", "cn"}
    assert set(doc["pending"]["reasons"]) == {"jp", "cn"}
    loaded = saves.load(path)
    assert loaded.reasons == game.reasons and loaded.history[1].seats == game.history[1].seats
    assert [r.report.bot_reasons for r in loaded.history] == [r.report.bot_reasons for r in game.history]
    loaded.commit("us")
    assert set(loaded.resolve().bot_reasons) == {"jp", "cn"}, "reasons of a turn chosen before the save stay"
    message = str(pytest.raises(saves.SaveError, saves.load, edited(
        path, lambda d: d["turns"][0]["reasons"].__setitem__("jp", "x" * 2001))).value)
    assert "turns[0].reasons.jp: String should have at most 2000 characters" in message
    message = str(pytest.raises(saves.SaveError, saves.load, edited(
        path, lambda d: d["turns"][0]["reasons"].__setitem__("xx", "because"))).value)
    assert "turn 1: a bot's reason for unknown faction 'xx' (factions: us, jp, cn)" in message
    message = str(pytest.raises(saves.SaveError, saves.load, edited(
        path, lambda d: d.__setitem__("provenance", "p" * 2001))).value)
    assert "provenance: String should have at most 2000 characters" in message
    message = str(pytest.raises(saves.SaveError, saves.load, edited(
        path, lambda d: d["turns"][1]["seats"].__setitem__("zz", "human"))).value)
    assert "has bad seats (turn 2): unknown faction 'zz'" in message
    message = str(pytest.raises(saves.SaveError, saves.load, edited(path, lambda d: d.__setitem__("version", 3))).value)
    assert "save format 3 has no bots' reasons, seats per turn or provenance (they came with format 4)" in message
    long = Game.new("tutorial", 1)
    long.note_reasons("jp", "y" * 5000)
    assert len(long.reasons["jp"]) == 2000 and long.reasons["jp"].endswith("…")


def test_an_older_save_replays_with_the_saves_seats_and_no_reasons(tmp_path):
    game, path = played(tmp_path)

    def downgrade(doc):
        doc["version"] = 3
        del doc["pending"]["reasons"]
        doc["pending"].pop("negotiation", None)  # proposals came with format 5
        for turn in doc["turns"]:
            del turn["reasons"], turn["seats"]
            turn.pop("negotiation", None)

    replay = Replay.open(edited(path, downgrade))
    assert replay.turns == 2
    for frame in replay.frames():
        assert frame.reasons == {} and frame.seats == game.seats
        assert frame.orders == game.history[frame.turn - 1].orders


def test_a_turn_handed_to_the_bot_keeps_its_reason_in_the_autosave(tmp_path):
    game = Game.new("tutorial", seed=2, seats=SEATS)
    auto = tmp_path / "auto.json"
    flow = HotSeat(game, autosave=auto)
    flow.hand_to_bot("us")
    assert "us" in saves.load(auto).reasons, "the autosave of the pending turn holds the stand-in's reason"
    report = flow.think()
    flow.settle(report)
    frame = Replay.open(auto).frame(1)
    assert frame.seats["us"] == "human" and {"us", "jp", "cn"} == set(frame.reasons)
