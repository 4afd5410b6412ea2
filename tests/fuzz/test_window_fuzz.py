"""The window against damaged files: it starts with the defaults and a notice whatever the settings file or
the autosaves hold, Load and Resume of a save it cannot play say why (no crash), and a long list of problems
is shortened with a count. Runs on SDL's dummy driver.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pygame
import pytest

from game.session import saves
from game.session.game import Game
from game.ui.app import App
from game.ui.scenes.menu import LoadScene, TitleScene
from game.ui.scenes.preparing import PreparingScene
from game.ui.settings import Settings, Store

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "mini_scenario.yaml"

SETTINGS = [
    ('{"window": [-5, -5]}', "window.0: Input should be greater than or equal to 800; using the defaults"),
    ('{"window": [1, 1]}', "window.1: Input should be greater than or equal to 560; using the defaults"),
    ('{"window": [1280.5, 800]}', "window.0: Input should be a valid integer"),
    ('{"ui_scale": "150"}', "ui_scale: Input should be a valid integer; using the defaults"),
    ('{"patterns": 1}', "patterns: Input should be a valid boolean; using the defaults"),
    ('{"ui_scale": ' + "9" * 5000 + "}", "a number has 5,000 digits (at most 40 are allowed); using the defaults"),
    ('{"window": ' + "[" * 20_000 + "]" * 20_000 + "}", "its lists and objects nest 20,001 deep"),
    ('{"window": ' + "[" * 100_000 + "]" * 100_000 + "}", "is too big for a settings file: a settings file is at most "
     "64,000 bytes"),
    ("[1, 2]", "is not a settings file: a settings file is a JSON object, and this file does not start with '{'"),
    ("\xff\xfe", "is not a settings file: it is not text"),
    ('{"fullscreen": NaN}', "NaN is not a number a file of the game holds"),
    ("{" + ", ".join(f'"k{i}": {i}' for i in range(800)) + "}", "…and 790 more problems in"),
]


def window(store: Store) -> App:
    app = App(store=store, size=(1280, 800))
    app.switch(TitleScene(app))
    app.frame(events=[])
    return app


@pytest.mark.parametrize("text, words", SETTINGS, ids=[w[:40] for _, w in SETTINGS])
def test_the_window_starts_with_the_defaults_and_a_notice_whatever_the_settings_hold(store, text, words):
    store.root.mkdir(parents=True)
    store.settings_path.write_bytes(text.encode("utf-8", "surrogateescape") if text != "\xff\xfe" else b"\xff\xfe")
    started = time.perf_counter()
    app = window(store)
    try:
        assert app.settings == Settings()
        assert app.notice is not None and words in app.notice, app.notice
        assert len(app.notice) <= 1600
        assert time.perf_counter() - started < 20
    finally:
        pygame.quit()


def test_a_settings_file_that_is_a_fifo_or_a_folder_does_not_block_the_start(store):
    store.root.mkdir(parents=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(store.settings_path)
        kind = "a named pipe (FIFO)"
    else:
        store.settings_path.mkdir()
        kind = "a folder"
    app = window(store)
    try:
        assert app.settings == Settings()
        assert f"is not a settings file: it is {kind}, not a regular file; using the defaults" in app.notice
    finally:
        pygame.quit()


def autosave(store: Store, name: str, text: str) -> Path:
    store.autosaves_dir.mkdir(parents=True, exist_ok=True)
    path = store.autosaves_dir / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", ['{"format": "pacific-trilemma-save", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                  '{"format": "pacific-trilemma-save", "version": ' + "1" * 5000 + "}",
                                  '{"format": "pacific-trilemma-save", "version": true}', "{" * 3])
def test_a_damaged_autosave_never_stops_the_start(store, text):
    autosave(store, "20250101-000000-mini.json", text)
    app = window(store)
    try:
        assert isinstance(app.scene, TitleScene) and app.scene.resume is None
        app.switch(LoadScene(app))
        app.frame(events=[])
        assert app.scene.summaries[0].problem is not None
    finally:
        pygame.quit()


def finish(app: App) -> None:
    while isinstance(app.scene, PreparingScene):
        app.scene.thread.join(120)
        app.frame(events=[])


def unknown_bot_save(store: Store) -> Path:
    game = Game.new(MINI, seed=2, seats={"us": "human", "jp": "alien:strong", "cn": "random"})
    game.play_turn({})
    return saves.save(game, store.autosaves_dir / "20250101-000000-mini.json", pending=True)


def test_resume_of_a_save_with_an_unknown_bot_seat_says_why(store):
    store.autosaves_dir.mkdir(parents=True)
    path = unknown_bot_save(store)
    app = window(store)
    try:
        assert app.scene.resume is not None
        app.scene.choose("resume")
        finish(app)
        assert isinstance(app.scene, TitleScene)
        assert app.notice.startswith(f"Cannot open the autosave: {path.name}: the seat of Japan is 'alien:strong', "
                                     "which this version cannot play: "), app.notice
    finally:
        pygame.quit()


def test_load_of_a_save_with_an_unknown_bot_seat_says_why(store):
    store.autosaves_dir.mkdir(parents=True)
    path = unknown_bot_save(store)
    app = window(store)
    try:
        app.switch(LoadScene(app))
        app.frame(events=[])
        app.scene.load(0)
        finish(app)
        assert isinstance(app.scene, LoadScene)
        assert app.scene.error.startswith(f"{path.name}: the seat of Japan is 'alien:strong'"), app.scene.error
    finally:
        pygame.quit()


def test_a_save_with_800_problems_is_listed_at_once_and_shortened(store):
    game = Game.new(MINI, seed=2)
    path = saves.save(game, store.saves_dir / "many.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc.update({f"extra{k}": k for k in range(800)})
    path.write_text(json.dumps(doc), encoding="utf-8")
    app = window(store)
    try:
        started = time.perf_counter()
        app.switch(LoadScene(app))
        app.frame(events=[])
        app.scene.load(0)
        app.frame(events=[])
        assert time.perf_counter() - started < 10
        assert "…and 790 more" in app.scene.error and len(app.scene.error) <= 700
    finally:
        pygame.quit()


def test_a_custom_scenario_path_is_honoured_by_the_window(store, tmp_path):
    from game.ui.scenes.menu import SetupScene

    app = window(store)
    try:
        app.switch(SetupScene(app, str(MINI)))
        app.frame(events=[])
        entry = app.scene.entries[app.scene.selected]
        assert (entry.id, entry.path) == ("mini", MINI)
        assert [f for f, _ in app.scene.factions] == ["us", "jp", "cn"]
    finally:
        pygame.quit()
