"""The classroom projector: real frames of a real room's public state (lobby, orders, report mid-animation, over)
at 100% and 200%, no team's orders on the screen, the facilitator's keys and their messages, refusals shown."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.ai import seat_choices
from game.classroom.room import Room
from game.scenarios import load_rules
from game.ui.app import App
from game.ui.board import order_label
from game.ui.classroom import (NotPublicError, clock, hint_parts, public_view, spaced, status_text, timer_face,
                               track_histories)
from game.ui.scenes.projector import ANIMATION, KEYFRAMES, POLL, TOAST, ProjectorScene, draw_qr, run_projector
from game.ui.settings import Settings, Store

URL = "http://192.168.1.23:8000/"
SHOTS = Path("/tmp/projector")


class Recorder:
    """The room as the projector sees it: a real room's public state; the facilitator's messages are recorded and
    answered with `reply` (or, with `forward`, carried out by the real room)."""

    def __init__(self, room: Room, forward: bool = False):
        self.room = room
        self.codes = room.codes
        self.forward = forward
        self.sent: list[dict] = []
        self.reply: str | None = None
        self.state: dict | None = None  # a state to serve instead of the room's

    def snapshot_public(self) -> dict:
        return self.state if self.state is not None else self.room.snapshot_public()

    def act(self, message: dict) -> str | None:
        self.sent.append(message)
        return self.room.act(message) if self.forward else self.reply


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture(scope="module")
def rules():
    return load_rules("tutorial")


def new_room(rules, clock=None) -> Room:
    room = Room(rules, 7, join_url=URL, **({"clock": clock} if clock else {}))
    room.attach("us")
    room.attach("us")
    room.attach("jp")
    return room


def open_app(tmp_path, size=(1280, 800), scale=100) -> App:
    return App(store=Store(tmp_path / "home"), size=size, settings=Settings(window=size, ui_scale=scale))


def show(app, room) -> ProjectorScene:
    scene = ProjectorScene(app, room, URL)
    app.switch(scene)
    app.frame(events=[])
    return scene


def press(app, *keys, dt=1 / 60) -> None:
    for k in keys:
        app.frame(events=[pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)], dt=dt)


def drawn(app) -> str:
    return "\n".join(app.drawn)


def pending_orders(room: Room, rules) -> list[str]:
    """Give every human seat some orders (uncommitted); the names of every pending order of any faction."""
    for faction in ("us", "jp"):
        for order in room.game.legal_orders(faction)[:6]:
            room.team_act(faction, {"type": "order", "order": str(order)})
    names = []
    for faction, orders in room.game.pending.items():
        for order in orders:
            names += [order_label(rules, order), rules.moves[rules.move_index[order.move]].name]
    return names


def to_over(room: Room) -> None:
    while room.phase != "over":
        if room.phase == "report":
            assert room.act({"type": "next"}) is None
        else:
            for faction in ("us", "jp"):
                if faction not in room.game.committed:
                    assert room.team_act(faction, {"type": "commit"}) is None


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("scale", [100, 200])
def test_frames_of_every_phase(tmp_path, rules, size, scale):
    SHOTS.mkdir(exist_ok=True)
    clock = Clock()
    room = new_room(rules, clock)
    app = open_app(tmp_path, size, scale)
    try:
        scene = show(app, room)
        text = drawn(app)
        assert URL in text.replace("\n", "") and "Join the game" in text
        assert "United States" in text and "not joined" in text and "joined" in text
        assert not any(code in text.replace(" ", "") for code in room.codes.to_json().values())  # hidden by default
        press(app, pygame.K_c)
        text = drawn(app).replace(" ", "")
        assert all(room.codes.to_json()[f] in text for f in ("us", "jp", "cn"))
        assert room.codes.to_json()["facilitator"] not in text  # never the facilitator's
        pygame.image.save(app.screen, SHOTS / f"lobby-{size[0]}-{scale}.png")

        room.act({"type": "timer", "seconds": 300, "on_expiry": "commit"})
        room.act({"type": "start"})
        assert room.team_act("jp", {"type": "commit"}) is None
        clock.t += 61
        app.frame(events=[], dt=POLL)
        text = drawn(app)
        assert "3:59" in text and "committed" in text and "bot (greedy" in text and "choosing" in text
        assert room.game.event.name in text  # the briefing
        assert not scene.show_codes and not any(c in text.replace(" ", "") for c in room.codes.to_json().values())
        pygame.image.save(app.screen, SHOTS / f"orders-{size[0]}-{scale}.png")

        assert room.team_act("us", {"type": "commit"}) is None
        app.frame(events=[], dt=POLL)
        for _ in range(5):
            app.frame(events=[], dt=ANIMATION / 10)
        assert 0 < scene.progress() < 1 and len(scene._frames) >= 2  # mid-animation: keyframes before and after
        text = drawn(app)
        assert "Report: 2025 H1" in text and "EVENT" in text
        pygame.image.save(app.screen, SHOTS / f"report-{size[0]}-{scale}.png")

        to_over(room)
        app.frame(events=[], dt=POLL)
        text = drawn(app)
        assert "Final scores" in text or "wins" in text
        assert all(name in text for name in ("China", "Japan")) and "points" in text
        pygame.image.save(app.screen, SHOTS / f"over-{size[0]}-{scale}.png")
    finally:
        pygame.quit()


def test_no_team_orders_ever_reach_the_screen(tmp_path, rules):
    room = new_room(rules)
    room.act({"type": "start"})
    names = pending_orders(room, rules)
    assert names and room.game.pending["us"]
    app = open_app(tmp_path)
    try:
        recorder = Recorder(room)
        scene = show(app, recorder)
        press(app, pygame.K_b)  # the seats menu too
        text = drawn(app)
        assert not [name for name in names if name in text]
        assert scene.view.own_orders == () and scene.view.partner_orders == {}
        # a state whose view is a team's is refused whole: nothing of it is drawn
        recorder.state = {**room.snapshot_public(), "public": room.team_state("us")["view"]}
        app.frame(events=[], dt=POLL)
        app.frame(events=[], dt=1 / 60)
        text = drawn(app)
        assert "Not shown" in text and "not the public one" in text
        assert not [name for name in names if name in text]
    finally:
        pygame.quit()


def test_public_view_refuses_a_team_view(rules):
    room = new_room(rules)
    room.act({"type": "start"})
    pending_orders(room, rules)
    assert public_view(room.snapshot_public()).faction == ""
    with pytest.raises(NotPublicError, match="not the public one"):
        public_view({"public": room.team_state("jp")["view"]})
    doc = room.snapshot_public()["public"]
    with pytest.raises(NotPublicError, match="holds orders"):
        public_view({"public": {**doc, "own_orders": ["us.trade_deal@vietnam"]}})
    with pytest.raises(NotPublicError, match="no public view"):
        public_view({"room": {}})


def test_keys_send_the_facilitator_messages(tmp_path, rules):
    room = new_room(rules)
    app = open_app(tmp_path)
    try:
        recorder = Recorder(room)
        show(app, recorder)
        press(app, pygame.K_s)  # China has no device: the app asks first
        assert recorder.sent == [] and app.dialog is not None and "China" in app.dialog.text
        press(app, pygame.K_ESCAPE)
        assert recorder.sent == [] and app.dialog is None and app.running
        press(app, pygame.K_s, pygame.K_RETURN)
        assert recorder.sent == [{"type": "start"}]
        press(app, pygame.K_n, pygame.K_p)
        assert recorder.sent[1:] == [{"type": "next"}, {"type": "pause"}]

        recorder.sent.clear()
        press(app, pygame.K_t, pygame.K_PLUS, pygame.K_PLUS, pygame.K_o)
        assert recorder.sent == [] and "7 minutes a turn" in drawn(app)
        press(app, pygame.K_RETURN)
        assert recorder.sent == [{"type": "timer", "seconds": 420, "on_expiry": "bot"}]
        press(app, pygame.K_t, pygame.K_MINUS, pygame.K_ESCAPE)  # Esc leaves the timer as it was
        assert len(recorder.sent) == 1 and app.running
        press(app, pygame.K_t, pygame.K_0, pygame.K_RETURN)
        assert recorder.sent[-1] == {"type": "timer", "seconds": None, "on_expiry": "commit"}

        recorder.sent.clear()
        press(app, pygame.K_b, pygame.K_RIGHT, pygame.K_RETURN)  # the first bot for the first team
        assert recorder.sent == [{"type": "seat", "faction": "us", "who": seat_choices(rules, "us")[0][0]}]
        press(app, pygame.K_b, pygame.K_ESCAPE)  # Esc closes the menu
        press(app, pygame.K_b, pygame.K_b, pygame.K_LEFT, pygame.K_RETURN)  # B again: the next team; Left: the last bot
        assert recorder.sent[1:] == [{"type": "seat", "faction": "jp", "who": seat_choices(rules, "jp")[-1][0]}]
        press(app, pygame.K_b, pygame.K_RETURN)  # the seat as it is: nothing to send
        assert len(recorder.sent) == 2 and "already played by the team" in drawn(app)
        press(app, pygame.K_ESCAPE)

        recorder.sent.clear()
        press(app, pygame.K_e)
        assert recorder.sent == [] and app.dialog is not None
        press(app, pygame.K_n)  # N answers the dialog no: it is not "next turn" behind it
        assert recorder.sent == []
        press(app, pygame.K_e, pygame.K_y)
        assert recorder.sent == [{"type": "end"}]
        press(app, pygame.K_x, pygame.K_1, pygame.K_SPACE)  # stray keys send nothing
        assert recorder.sent == [{"type": "end"}]
        press(app, pygame.K_ESCAPE)  # Esc asks before closing the projector (and the classroom with it)
        assert app.running and app.dialog is not None and "--resume" in app.dialog.text
        press(app, pygame.K_ESCAPE)
        assert app.running and app.dialog is None
        press(app, pygame.K_ESCAPE, pygame.K_RETURN)
        assert not app.running
    finally:
        pygame.quit()


def test_undo_turn_asks_first_and_the_real_room_takes_the_turn_back(tmp_path, rules):
    room = new_room(rules)
    room.attach("cn")
    app = open_app(tmp_path)
    try:
        recorder = Recorder(room, forward=True)
        scene = show(app, recorder)
        press(app, pygame.K_s)  # every team has a device: no question
        assert room.phase == "orders" and app.dialog is None
        for faction in ("us", "jp", "cn"):
            room.team_act(faction, {"type": "commit"})
        app.frame(events=[], dt=POLL)
        assert scene.phase == "report" and scene.elapsed < ANIMATION
        press(app, pygame.K_u)
        assert app.dialog is not None and "2025 H1" in app.dialog.text
        press(app, pygame.K_ESCAPE)
        assert room.phase == "report"
        press(app, pygame.K_u, pygame.K_RETURN)
        assert room.phase == "orders" and room.game.turn == 1 and recorder.sent[-1] == {"type": "undo_turn"}
        app.frame(events=[], dt=1 / 60)
        assert scene.banner_lines and room.message.startswith(scene.banner_lines[0])
        press(app, pygame.K_p)
        assert room.paused and "Paused" in drawn(app)
        press(app, pygame.K_p)
        assert not room.paused and recorder.sent[-2:] == [{"type": "pause"}, {"type": "resume"}]
    finally:
        pygame.quit()


def test_refusals_show_as_a_toast_and_change_nothing(tmp_path, rules):
    room = new_room(rules)
    app = open_app(tmp_path)
    try:
        recorder = Recorder(room, forward=True)
        scene = show(app, recorder)
        press(app, pygame.K_n)
        press(app, pygame.K_n)  # the toast is drawn on the frame after the key
        assert recorder.sent == [{"type": "next"}, {"type": "next"}]
        assert "cannot go to the next turn now: the game has not started yet" in drawn(app)
        assert room.phase == "lobby"
        app.frame(events=[], dt=TOAST)
        app.frame(events=[], dt=1 / 60)
        assert "cannot go to the next turn" not in drawn(app)
        recorder.forward, recorder.reply = False, "the server says no"
        press(app, pygame.K_p, pygame.K_LSHIFT)
        assert "the server says no" in drawn(app)
        room.act({"type": "start"})
        app.frame(events=[], dt=POLL)
        press(app, pygame.K_c, pygame.K_LSHIFT)
        assert "Codes show only in the lobby" in drawn(app) and not scene.show_codes
    finally:
        pygame.quit()


def test_the_state_is_read_again_only_when_it_changed(tmp_path, rules):
    room = new_room(rules)
    app = open_app(tmp_path)
    try:
        scene = show(app, room)
        built = []
        original = scene.build
        scene.build = lambda: (built.append(1), original())[1]
        for _ in range(10):
            app.frame(events=[], dt=POLL)
        assert built == []  # nothing changed: no new layout
        room.attach("cn")
        app.frame(events=[], dt=POLL)
        assert built == [1] and "China" in drawn(app)
    finally:
        pygame.quit()


def test_an_announcement_shows_as_a_banner(tmp_path, rules):
    room = new_room(rules)
    room.act({"type": "start"})
    event = next(e.id for e in rules.events if e.id != room.game.event.id)
    assert room.act({"type": "inject", "event": event, "reason": "to show a crisis"}) is None
    app = open_app(tmp_path, scale=200)
    try:
        scene = show(app, room)
        assert scene.banner.height > 0
        assert any(room.message.startswith(line) for line in scene.banner_lines)
    finally:
        pygame.quit()


def test_run_projector_opens_and_closes(tmp_path, rules):
    room = new_room(rules)
    assert run_projector(room, URL, max_frames=3, size=(1280, 800), store=Store(tmp_path / "home")) == 0


def test_qr_code_is_drawn_with_its_quiet_zone():
    pygame.init()
    try:
        from game.classroom.qr import matrix

        modules = matrix(URL)
        surface = pygame.Surface((400, 400))
        box = draw_qr(surface, pygame.Rect(0, 0, 400, 400), modules)
        cell = box.width // (len(modules) + 8)
        assert cell >= 1 and box.width == cell * (len(modules) + 8)
        assert surface.get_at((box.x + cell, box.y + cell))[:3] == (255, 255, 255)  # quiet zone
        assert surface.get_at((box.x + 4 * cell, box.y + 4 * cell))[:3] == (0, 0, 0)  # a finder pattern's corner
    finally:
        pygame.quit()


def test_helpers(rules):
    assert clock(0) == "0:00" and clock(59.2) == "1:00" and clock(600) == "10:00" and clock(3723) == "1:02:03"
    room = {"phase": "orders", "paused": False, "timer": {"seconds": 300, "left": 120.0, "running": True,
                                                          "on_expiry": "bot"}}
    assert timer_face(room, 30) == ("1:30", "then bots play")
    assert timer_face({**room, "paused": True}, 30)[0] == "Paused"
    assert timer_face({**room, "timer": None}, 0) == ("", "no turn timer")
    assert status_text("lobby", {"status": "choosing", "devices": 2, "seat": "human"}) == "joined (2 devices)"
    assert status_text("orders", {"status": "bot", "devices": 0, "seat": "greedy"}, "greedy (normal)") == \
        "bot (greedy (normal))"
    assert status_text("orders", {"status": "committed", "devices": 1, "seat": "human"}) == "committed"
    assert spaced("J4YZ8P3H") == "J4YZ 8P3H"
    parts = hint_parts("report", False, False)
    assert parts[0] == (0, "N: next turn") and (2, "Esc: close") in parts
    assert (0, "P: resume") in hint_parts("orders", True, False)


def test_track_histories_replay_the_game(rules):
    room = new_room(rules)
    room.act({"type": "start"})
    to_over(room)
    view = public_view(room.snapshot_public())
    tracks = ["alliance", "ecs.tension", "us.influence"]
    histories = track_histories(view, tracks)
    for track in tracks:
        i = rules.track_index[track]
        assert histories[track][1:] == pytest.approx([float(r.x[i]) for r in room.game.history])
        assert len(histories[track]) == len(room.game.history) + 1
    assert KEYFRAMES >= 2


def test_the_debrief_pages_its_charts_and_reads_the_outcome_when_the_state_has_it(tmp_path, rules):
    from game.session.debrief import debrief

    room = new_room(rules)
    room.act({"type": "start"})
    to_over(room)
    app = open_app(tmp_path, scale=200)
    try:
        recorder = Recorder(room)
        scene = show(app, recorder)
        assert scene.chart_pages > 1 and "Charts 1 of" in drawn(app)
        first = [t for t in app.drawn if t in ("Alliance and Japanese stability", "Regional influence", "Sea tension")]
        press(app, pygame.K_RIGHT)
        second = [t for t in app.drawn if t in ("Alliance and Japanese stability", "Regional influence", "Sea tension")]
        assert first and second and first != second and "Charts 2 of" in drawn(app)
        facts = debrief(room.game).to_json()
        recorder.state = {**room.snapshot_public(), "debrief": facts}
        app.frame(events=[], dt=POLL)
        text = drawn(app).replace("\n", " ")
        assert "wins" in facts["outcome"] or "Tied" in facts["outcome"] or "war" in facts["outcome"]
        assert facts["outcome"].split()[0] in text and "What decided the game" in text
    finally:
        pygame.quit()
