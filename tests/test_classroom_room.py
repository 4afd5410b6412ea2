"""The classroom Room without the web: timer and pause on an injected clock, seats, the classroom file, autosave."""

from __future__ import annotations

import json

import pytest
from classroom_kit import FakeClock

from game.classroom.room import Room, RoomError
from game.scenarios import load_rules


@pytest.fixture(scope="module")
def tutorial():
    return load_rules("tutorial")


def test_pause_freezes_the_timer_and_resume_goes_on_from_there(tutorial):
    clock = FakeClock()
    room = Room(tutorial, 2, clock=clock)
    room.attach("us")
    assert room.act({"type": "timer", "seconds": 120, "on_expiry": "commit"}) is None
    assert room.act({"type": "start"}) is None
    clock.advance(50)
    assert room.room_json()["timer"] == {"seconds": 120, "left": 70, "running": True, "on_expiry": "commit"}
    assert room.act({"type": "pause"}) is None
    clock.advance(500)
    assert room.tick() is False
    assert room.room_json()["timer"]["left"] == 70 and room.message == "Paused by the facilitator"
    assert room.act({"type": "pause"}) == "the game is already paused"
    assert room.act({"type": "resume"}) is None
    clock.advance(69)
    assert room.tick() is False
    clock.advance(2)
    assert room.tick() is True
    assert room.phase == "report" and room.message == "Time is up: orders so far committed for United States"


def test_lobby_seats_and_start(tutorial):
    room = Room(tutorial, 2)
    room.attach("us")
    room.attach("jp")
    assert room.act({"type": "seat", "faction": "jp", "who": "random"}) is None
    assert room.act({"type": "seat", "faction": "jp", "who": "random"}) == "jp is already played by random"
    assert room.act({"type": "start"}) is None
    assert room.game.seats == {"us": "human", "jp": "random", "cn": "greedy"}
    # the bot seats choose once every team has committed, so a team can still make a deal with them
    assert room.game.committed == set() and room.game.interventions == []
    assert room.team_act("jp", {"type": "commit"}) == \
        "a bot plays Japan now; the facilitator can hand the seat back to your team"
    assert room.act({"type": "seat", "faction": "jp", "who": "human"}) is None
    assert room.message == "Japan is now played by a team"
    assert room.room_json()["teams"]["jp"]["status"] == "choosing"  # the bot had not chosen yet: the team does
    assert room.team_act("us", {"type": "commit"}) is None and room.team_act("jp", {"type": "commit"}) is None
    assert room.phase == "report" and set(room.game.history[-1].report.bot_reasons) == {"cn"}


def test_the_classroom_file_round_trips(tutorial, tmp_path):
    clock = FakeClock()
    room = Room(tutorial, 9, clock=clock, autosave=tmp_path / "a.json")
    room.attach("us")
    room.attach("cn")
    room.act({"type": "timer", "seconds": 90, "on_expiry": "bot"})
    room.act({"type": "start"})
    room.team_act("us", {"type": "order", "order": "us.worker_relief"})
    room.team_act("us", {"type": "commit"})
    clock.advance(30)
    room.team_act("cn", {"type": "order", "order": "cn.wedge_diplomacy"})
    doc = json.loads((tmp_path / "a.json").read_text())
    assert doc["format"] == "pacific-trilemma-classroom" and doc["version"] == 1
    again = Room.from_doc(doc, clock=clock)
    assert again.codes.to_json() == room.codes.to_json()
    assert again.phase == "orders" and again.game.committed == {"us"}  # the bot Japan waits for China's team
    assert [str(o) for o in again.game.pending["cn"]] == ["cn.wedge_diplomacy"]
    assert again.room_json()["timer"] == {"seconds": 90, "left": 60, "running": True, "on_expiry": "bot"}
    with pytest.raises(RoomError, match="is not a classroom file"):
        Room.from_doc({"format": "pacific-trilemma-save"})
    with pytest.raises(RoomError, match="has version 7; this game reads version 1"):
        Room.from_doc({**doc, "version": 7})


def test_a_failed_autosave_is_announced_and_the_order_stands(tutorial, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    room = Room(tutorial, 1, autosave=blocker / "autosave.json")  # a folder that cannot be made
    room.attach("us")
    assert room.act({"type": "start"}) is None
    assert room.message.startswith("The autosave failed: cannot save to ")
    assert room.team_act("us", {"type": "order", "order": "us.worker_relief"}) is None
    assert [str(o) for o in room.game.pending["us"]] == ["us.worker_relief"]
