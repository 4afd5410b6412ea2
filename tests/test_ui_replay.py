"""The replay viewer as players use it: every turn of a save renders with no internal id and no glyph the font
lacks, at 100% and 200%; keys and buttons step back and forth; nothing of an unresolved turn is shown; Branch here
writes a new save with its provenance and leaves the original as it was; the load screen's Replay and
`replay SAVE` open it (a bad save is refused before any window); Export report writes an HTML file.

Driven by posted events through `App.frame`, under SDL's dummy driver, on the tutorial (three turns).
"""

import hashlib
import re
import time
from argparse import Namespace

import pygame
import pygame_gui
import pytest

from game.ai import play_bot_seats
from game.session import saves
from game.session.game import Game
from game.session.replay import Replay
from game.ui.app import App
from game.ui.board import order_label
from game.ui.scenes.menu import LoadScene
from game.ui.scenes.preparing import PreparingScene
from game.ui.scenes.replay import ReplayScene
from game.ui.scenes.whatif import BranchScene
from game.ui.settings import Settings, Store
from test_ui_orders import missing_glyphs

SIZE = (1280, 800)
BOTS = {"us": "greedy", "jp": "doctrine", "cn": "random"}
INTERNAL_ID = re.compile(r"\b[a-z][a-z_]*\.[a-z_.]+\b")
NOT_IDS = {"e.g.", "i.e.", "U.S.", "etc."}


def played(store: Store, name: str = "class-3b.json", seed: int = 11) -> "saves.Path":
    """A whole tutorial game of bots, saved by name."""
    game = Game.new("tutorial", seed, BOTS)
    while not game.is_over:
        play_bot_seats(game)
        game.resolve()
    return saves.save(game, store.saves_dir / name)


def window(store: Store, size=SIZE, scale: int = 100) -> App:
    return App(store=store, size=size, settings=Settings(ui_scale=scale, window=size))


@pytest.fixture
def store(tmp_path):
    yield Store(tmp_path / "home")
    pygame.quit()


def key(app, k, frames=2, mod=0):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    for _ in range(frames):
        app.frame()


def texts(app) -> list[str]:
    app.frame(events=[])
    return app.drawn + app.widget_texts()


def viewer(app, path, turn=1) -> ReplayScene:
    app.switch(ReplayScene(app, Replay.open(path), turn=turn))
    app.frame(events=[])
    return app.scene


def ids_in(seen: list[str]) -> list[str]:
    return [m for t in seen for m in INTERNAL_ID.findall(t) if m not in NOT_IDS and not m.endswith(".")
            and not m.endswith(".json") and not m.endswith(".html")]


@pytest.mark.parametrize("scale", [100, 200])
def test_every_turn_renders_readably_before_and_after(store, scale):
    path = played(store)
    app = window(store, scale=scale)
    scene = viewer(app, path)
    seen = []
    for turn in range(1, scene.replay.turns + 1):
        assert scene.turn == turn and f"turn {turn} of 3" in " ".join(texts(app))
        seen += texts(app)
        key(app, pygame.K_t)  # the map and dashboard before the turn
        assert scene.side == "before"
        seen += texts(app)
        key(app, pygame.K_t)
        key(app, pygame.K_m)  # the folded changes unfolded
        seen += texts(app)
        key(app, pygame.K_RIGHT)
    box = " ".join(seen)
    assert "Briefing" in box and "Seats:" in box and "Orders" in box and "bot: greedy" in box
    assert "(bot: " in box, "the bots' reasons are shown with their orders"
    assert not missing_glyphs(seen), missing_glyphs(seen)
    assert not ids_in(seen), ids_in(seen)
    assert not [t for t in seen if re.search(r"\d\.\d\d", t)], "no number with two decimals"


def test_keys_and_buttons_step_back_and_forth(store):
    path = played(store)
    app = window(store)
    scene = viewer(app, path)
    assert "Replay: class-3b.json — turn 1 of 3 (2025 H1)" in texts(app)
    assert not scene.buttons["prev"].is_enabled
    key(app, pygame.K_RIGHT)
    assert scene.turn == 2 and "Replay: class-3b.json — turn 2 of 3 (2025 H2)" in texts(app)
    key(app, pygame.K_PAGEDOWN)
    assert scene.turn == 3 and not scene.buttons["next"].is_enabled
    key(app, pygame.K_RIGHT)
    assert scene.turn == 3, "no turn past the last"
    key(app, pygame.K_LEFT)
    key(app, pygame.K_PAGEUP)
    assert scene.turn == 1
    key(app, pygame.K_END)
    assert scene.turn == 3
    key(app, pygame.K_HOME)
    assert scene.turn == 1
    app.frame(events=[pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=scene.buttons["next"])])
    assert scene.turn == 2
    app.frame(events=[pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=scene.buttons["prev"])])
    assert scene.turn == 1
    record = scene.final.history[0]
    assert scene.values("after") == {t.id: float(v) for t, v in zip(scene.rules.tracks, record.x)}
    assert scene.values("before") != scene.values("after"), "the dashboard before the turn is the state then"


def test_an_autosaves_pending_orders_never_appear(store):
    game = Game.new("tutorial", 3, {"us": "human", "jp": "human", "cn": "greedy"})
    game.play_turn({"us": [], "jp": []})
    played_then = set(game.history[0].orders["us"])
    secret = next(o for o in game.legal_orders("us") if o not in played_then)
    game.submit("us", secret)
    game.commit("us")
    path = saves.save(game, store.autosaves_dir / "20250101-000000-tutorial.json", pending=True)
    app = window(store)
    scene = viewer(app, path)
    seen = texts(app)
    assert scene.replay.turns == 1 and "Replay: 20250101-000000-tutorial.json — turn 1 of 1 (2025 H1)" in seen
    assert "The game stopped after turn 1 of 3" in seen
    label = order_label(scene.rules, secret)
    key(app, pygame.K_m)
    key(app, pygame.K_RIGHT)
    assert scene.turn == 1, "the pending turn is not a turn of the replay"
    assert not any(label in t for t in texts(app)), f"the pending order {label!r} is shown"


def test_branch_here_writes_a_new_save_with_provenance_and_leaves_the_original(store):
    path = played(store)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    app = window(store)
    scene = viewer(app, path, turn=2)
    key(app, pygame.K_b)
    branch = app.scene
    assert isinstance(branch, BranchScene) and branch.turn == 2
    assert "Branch class-3b.json at turn 2 (2025 H2)" in texts(app)
    menu = branch.dropdowns["us"]
    app.frame(events=[pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=menu, text="Human")])
    assert branch.seats["us"] == "human"
    key(app, pygame.K_RETURN, frames=1)
    deadline = time.time() + 120
    while isinstance(app.scene, PreparingScene) and time.time() < deadline:
        app.scene.thread.join(1)
        app.frame(events=[])
    flow = app.scene.flow
    assert flow is not None, getattr(app.scene, "error", None)
    assert flow.game.provenance == "branched from class-3b.json at turn 2"
    assert flow.game.turn == 2 and len(flow.game.history) == 1 and flow.game.seats["us"] == "human"
    assert flow.autosave.parent == store.autosaves_dir and flow.autosave.is_file()
    assert saves.load(flow.autosave).provenance == "branched from class-3b.json at turn 2"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, "the original save is unchanged"
    branched = viewer(app, flow.autosave)
    assert branched.subtitle().startswith("Branched from class-3b.json at turn 2"), "the replay says where it came from"
    assert any(t.startswith("Branched from class-3b.json at turn 2") for t in texts(app))


def test_the_load_screen_replays_the_chosen_save_and_esc_comes_back(store):
    played(store)
    app = window(store)
    app.switch(LoadScene(app))
    app.frame(events=[])
    assert not app.scene.action_buttons["replay"].is_enabled, "nothing chosen yet"
    key(app, pygame.K_DOWN)
    load = app.scene
    app.frame(events=[pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=load.action_buttons["replay"])])
    assert isinstance(app.scene, ReplayScene) and app.scene.turn == 1
    key(app, pygame.K_ESCAPE)
    assert app.scene is load
    key(app, pygame.K_p)
    assert isinstance(app.scene, ReplayScene)


def test_a_damaged_save_is_refused_on_the_load_screen_and_by_replay_save(store, capsys):
    from game.ui.replay_window import main

    store.saves_dir.mkdir(parents=True)
    bad = store.saves_dir / "broken.json"
    bad.write_text('{"format": "pacific-trilemma-save", "version": 2, "seed": -1}', encoding="utf-8")
    app = window(store)
    app.switch(LoadScene(app))
    app.frame(events=[])
    app.scene.replay(0)
    assert isinstance(app.scene, LoadScene) and "broken.json is damaged or hand-edited" in app.scene.error
    pygame.quit()
    assert main(Namespace(save=str(bad))) == 2
    err = capsys.readouterr().err
    assert err.startswith("replay: ") and "broken.json is damaged or hand-edited" in err
    assert not pygame.display.get_init(), "no window was opened"
    assert main(Namespace(save=str(store.saves_dir / "missing.json"))) == 2
    assert "missing.json" in capsys.readouterr().err


def test_replay_save_opens_the_viewer_and_esc_closes_the_window(store, monkeypatch):
    from game.ui import replay_window

    path = played(store)
    seen = {}
    run = App.run

    def keys_then_run(app, max_frames=None):  # the players press Right, then Esc, once the window is open
        for k in (pygame.K_RIGHT, pygame.K_ESCAPE):
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
        app.frame()
        seen["scene"], seen["turn"] = type(app.scene).__name__, app.scene.turn
        return run(app, max_frames)

    monkeypatch.setattr(App, "run", keys_then_run)
    assert replay_window.main(Namespace(save=str(path)), max_frames=50, store=store) == 0
    assert seen == {"scene": "ReplayScene", "turn": 2}


def test_export_report_writes_an_html_file_and_says_where(store):
    pytest.importorskip("game.export.report")
    path = played(store)
    app = window(store)
    scene = viewer(app, path)
    key(app, pygame.K_e)
    out = store.saves_dir / "reports" / "class-3b-report.html"
    assert scene.message == f"Report written to {out} (open it in a browser to read or print it).", scene.message
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert any(f"Report written to {out}" in t for t in texts(app))


def test_export_report_says_why_it_failed(store):
    pytest.importorskip("game.export.report")
    path = played(store)
    (store.saves_dir / "reports").write_text("a file where the folder would be", encoding="utf-8")
    app = window(store)
    scene = viewer(app, path)
    key(app, pygame.K_e)
    assert scene.message.startswith("The report could not be written: "), scene.message
