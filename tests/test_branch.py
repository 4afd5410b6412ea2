"""Branching a save at a past turn: the new game starts before that turn's orders with the same seed, the history
before it, the chosen seats and its provenance; the source save is never written; replaying the original's
orders (and facilitator actions) from the branch reproduces the original game bit for bit; and every request
that cannot be met is refused with the reason, leaving no file behind. Also `main.py branch`."""

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pytest

from game.ai import play_bot_seats
from game.cli.commands import main
from game.session import saves
from game.session.branch import branch
from game.session.game import Game
from game.session.replay import Replay
from game.session.proposals import Standing

SEATS = {"us": "greedy", "jp": "random", "cn": "greedy"}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> tuple[Game, Path]:
    """A finished 8-turn crossroads game played by bots, with an assumption in turn 4 and an inject in turn 6."""
    game = Game.new("crossroads_2025", seed=11, seats=SEATS)
    while not game.is_over:
        if game.turn == 4:
            game.assume("us.polarization", 70, "a contested election")
        if game.turn == 6:
            game.inject(next(e for e in game.rules.event_index if "inject" in e), "a surprise")
        play_bot_seats(game)
        game.resolve()
    path = saves.save(game, tmp_path_factory.mktemp("saves") / "class-3.json")
    return game, path


def replay_negotiation(game: Game, book) -> None:
    """Make a turn's proposals again, as they ended (the bots negotiated them in the original): proposed, then
    accepted, declined, countered (the counter played out in turn) or withdrawn; a lapsed one is left open for
    the commit that lapsed it."""
    by_number = {p.number: p for p in book}

    def settle(p, made):
        if p.standing == Standing.ACCEPTED or p.accepted:
            for partner in p.accepted or p.to:
                game.answer(partner, made.number, "accept", p.answer_reason if p.standing == Standing.ACCEPTED else "")
        if p.standing == Standing.DECLINED:
            game.answer(p.answered_by, made.number, "decline", p.answer_reason)
        elif p.standing == Standing.COUNTERED:
            counter = by_number[p.countered_by]
            settle(counter, game.answer(p.answered_by, made.number, "counter", p.answer_reason, counter.order))
        elif p.standing == Standing.WITHDRAWN:
            game.withdraw(p.answered_by, made.number, p.answer_reason)

    for p in book:
        if p.counters is None:
            settle(p, game.propose(p.by, p.order, p.reason))


def not_yet_placed(game: Game, orders) -> dict:
    """Each faction's orders still to submit: those its replayed agreements have not placed already."""
    rest = {}
    for faction, items in orders.items():
        placed, rest[faction] = list(game.pending[faction]), []
        for order in items:
            if order in placed:
                placed.remove(order)
            else:
                rest[faction].append(order)
    return rest


def replay_rest(original: Game, branched: Game) -> None:
    """Play the original's facilitator actions and orders from the branch's turn on, checking every turn."""
    for record in original.history[branched.turn - 1:]:
        for i in original.interventions:
            if i.turn == record.turn and not i.undone and i.kind == "assume":
                branched.assume(i.subject, i.value, i.reason)
            elif i.turn == record.turn and not i.undone and i.kind == "inject":
                branched.inject(i.subject, i.reason)
        replay_negotiation(branched, record.negotiation)
        report = branched.play_turn(not_yet_placed(branched, record.orders))
        mine, theirs = report.to_json(), record.report.to_json()
        mine.pop("bot_reasons"), theirs.pop("bot_reasons")  # the orders were replayed, not chosen by the bots
        assert mine == theirs, f"turn {record.turn}'s report differs"
        last = branched.history[-1]
        assert np.array_equal(last.x, record.x) and np.array_equal(last.ints, record.ints), f"turn {record.turn}"


@pytest.mark.parametrize("turn", [1, 4, 6, 8])
def test_a_branch_replaying_the_same_orders_is_the_original_bit_for_bit(finished, tmp_path, turn):
    game, path = finished
    before = digest(path)
    branched = branch(path, turn, out=tmp_path / "b.json")
    assert digest(path) == before, "the source save is never written"
    assert branched.turn == turn and len(branched.history) == turn - 1 and branched.seed == game.seed
    assert branched.provenance == f"branched from class-3.json at turn {turn}"
    replay_rest(game, branched)
    assert np.array_equal(branched.state.x, game.state.x) and np.array_equal(branched.state.ints, game.state.ints)
    assert branched.scores() == game.scores() and branched.status == game.status
    assert digest(path) == before


def test_the_branch_is_saved_with_its_provenance_and_chosen_seats(finished, tmp_path):
    game, path = finished
    out = tmp_path / "what-if.json"
    branched = branch(path, 3, {"jp": "human", "cn": "random"}, out)
    assert branched.seats == {"us": "greedy", "jp": "human", "cn": "random"}
    doc = json.loads(out.read_text())
    assert doc["provenance"] == "branched from class-3.json at turn 3" and doc["seats"] == branched.seats
    assert doc["seed"] == game.seed and len(doc["turns"]) == 2 and "pending" not in doc
    loaded = saves.load(out)
    assert loaded.provenance == branched.provenance and loaded.turn == 3
    assert np.array_equal(loaded.state.x, branched.state.x)
    assert [r.report.bot_reasons for r in loaded.history] == [r.report.bot_reasons for r in game.history[:2]]
    again = branch(out, 2, out=tmp_path / "again.json")
    assert again.provenance == "branched from what-if.json at turn 2 (what-if.json was branched from class-3.json " \
                               "at turn 3)"
    assert Replay.open(tmp_path / "again.json").provenance == again.provenance


def test_default_seats_are_those_held_at_that_turn(tmp_path):
    game = Game.new("tutorial", seed=3, seats={"us": "human", "jp": "random", "cn": "random"})
    play_bot_seats(game)
    game.commit("us")
    game.resolve()
    game.set_seat("us", "greedy", "the U.S. team left")
    play_bot_seats(game)
    game.resolve()
    path = saves.save(game, tmp_path / "g.json")
    assert branch(path, 1).seats["us"] == "human"
    assert branch(path, 2).seats["us"] == "greedy"
    assert branch(path, 3).seats["us"] == "greedy", "after the last resolved turn: the save's seats"


def test_refusals_name_the_reason_and_leave_no_file(finished, tmp_path):
    _, path = finished
    before = digest(path)
    with pytest.raises(ValueError, match=r"^turn 9 is out of range: class-3.json has 8 resolved turns and the game "
                                         r"is over, so give 1 to 8$"):
        branch(path, 9, out=tmp_path / "x.json")
    with pytest.raises(ValueError, match="^turn 0 is out of range"):
        branch(path, 0)
    with pytest.raises(ValueError, match="^a turn to branch at is a whole number, not '3'$"):
        branch(path, "3")
    with pytest.raises(saves.SaveError, match="that is the save it branches from, which is never changed"):
        branch(path, 3, out=path)
    link = tmp_path / "link.json"
    link.symlink_to(path)
    with pytest.raises(saves.SaveError, match="that is the save it branches from"):
        branch(path, 3, out=link)
    with pytest.raises(saves.SaveError, match=r"it is a folder; the game saves only to regular files"):
        branch(path, 3, out=tmp_path)
    with pytest.raises(saves.SaveError, match=r"the folder .*missing does not exist; nothing was written"):
        branch(path, 3, out=tmp_path / "missing" / "b.json")
    assert not (tmp_path / "missing").exists()
    locked = tmp_path / "locked.json"
    locked.write_text("{}")
    os.chmod(locked, 0o444)
    with pytest.raises(saves.SaveError, match="the file is read-only"):
        branch(path, 3, out=locked)
    assert locked.read_text() == "{}"
    with pytest.raises(saves.SaveError, match=r"has bad seats \(the seats asked for\): unknown faction 'xx'"):
        branch(path, 3, {"xx": "greedy"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "locked.json"], "no partial file is left"
    assert digest(path) == before


def test_saves_that_cannot_be_replayed_are_refused(finished, tmp_path):
    _, path = finished
    doc = json.loads(path.read_text())
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**doc, "version": 9}))
    with pytest.raises(saves.SaveError, match=r"save format 9; this version reads up to 5\)"):
        branch(newer, 2, out=tmp_path / "b.json")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**doc, "content_hash": "1" * 64}))
    with pytest.raises(saves.SaveError, match="content hash differs"):
        branch(other, 2)
    broken = tmp_path / "broken.json"
    broken.write_text(path.read_text()[:500])
    with pytest.raises(saves.SaveError, match="is truncated or corrupted"):
        branch(broken, 2)
    assert not (tmp_path / "b.json").exists()


def test_the_branch_command(finished, tmp_path, capsys):
    _, path = finished
    out = tmp_path / "new.json"
    assert main(["branch", str(path), "--turn", "5", "--out", str(out), "--seats", "us=random,jp=human"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"{out}: branched from class-3.json at turn 5; 2027 H1 (turn 5 of 8) is next; seats: ")
    assert "U.S. random" in printed or "United States random" in printed
    assert saves.load(out).seats["jp"] == "human"
    assert main(["branch", str(path), "--turn", "5", "--out", str(tmp_path / "n2.json"), "--seats", "us=gredy"]) == 2
    assert "branch: unknown bot 'gredy' — did you mean 'greedy'?" in capsys.readouterr().err
    assert main(["branch", str(path), "--turn", "12", "--out", str(tmp_path / "n2.json")]) == 2
    assert capsys.readouterr().err == ("branch: turn 12 is out of range: class-3.json has 8 resolved turns and the "
                                       "game is over, so give 1 to 8\n")
    assert not (tmp_path / "n2.json").exists()
