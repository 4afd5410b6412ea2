"""What if…? as players use it: from the replay viewer and the debrief, a small what-if runs in a worker thread
while the window keeps drawing its progress, ends with the two distributions charted, the A − B differences and
is recorded for the report; Esc cancels between chunks; a number of games out of range is refused in words; the
distribution chart draws what it says, at 100% and 200%.

Driven by posted events through `App.frame`, under SDL's dummy driver, on the tutorial with few games.
"""

import time

import numpy as np
import pygame
import pytest

from game.analysis.whatif import recorded
from game.ui.app import App
from game.ui.charts import Series, distribution_chart
from game.ui.flow import HotSeat, Phase
from game.ui.scenes.report import DebriefScene
from game.ui.scenes.whatif import WhatIfScene
from game.ui.settings import Settings, Store
from test_ui_orders import missing_glyphs
from test_ui_replay import ids_in, key, played, texts, viewer, window


@pytest.fixture
def store(tmp_path):
    yield Store(tmp_path / "home")
    pygame.quit()


def ask(app, path, scale=100) -> WhatIfScene:
    viewer(app, path)
    key(app, pygame.K_w)
    assert isinstance(app.scene, WhatIfScene)
    return app.scene


def type_games(app, scene, text: str) -> None:
    scene.games_box.set_text(text)
    scene.games_text = text


def wait(app, scene, until, timeout=120) -> int:
    """Frames drawn until `until()` holds (the window keeps drawing while the games are played)."""
    frames, deadline = 0, time.time() + timeout
    while not until() and time.time() < deadline:
        app.frame(events=[])
        frames += 1
        time.sleep(0.01)
    assert until(), f"still {scene.phase} after {timeout} s"
    return frames


@pytest.mark.parametrize("scale", [100, 200])
def test_a_small_what_if_runs_to_the_end_draws_both_arms_and_is_recorded(store, scale):
    path = played(store)
    app = window(store, scale=scale)
    scene = ask(app, path)
    seen = texts(app)
    assert scene.faction == "us" and "1 United States" in seen
    key(app, pygame.K_2)
    assert scene.faction == "jp"
    key(app, pygame.K_DOWN)
    chosen = scene.options()[1]
    assert scene.choice == 1
    type_games(app, scene, "20")
    key(app, pygame.K_RETURN, frames=1)
    assert scene.phase == "running"
    frames = wait(app, scene, lambda: scene.phase == "done")
    assert frames >= 1, "the window drew while the games were played"
    result = scene.result
    assert result.games == 20 and result.turn == 1
    assert "Japan" in result.labels[0] and result.labels[1] == "as played"
    seen = texts(app)
    metrics = scene.metrics()
    assert metrics[0][0] == "score:jp" and not any(m.startswith("score:us") for m, _ in metrics)
    assert metrics[0][1] in seen, "the first chart's title is drawn"
    assert any(t.startswith("A (") for t in seen) and any(t.startswith("B (") for t in seen), "both arms' legends"
    answer = scene.text_box.html_text
    assert "difference of the means" in answer and result.labels[0] in answer.replace("&#x27;", "'")
    assert all(p.split(":")[0][:20] in answer for p in result.placements[:1])
    kept = recorded(path)
    assert len(kept) == 1 and kept[0].labels == result.labels, "the answer is kept for the report"
    assert not missing_glyphs(seen), missing_glyphs(seen)
    assert not ids_in(seen), ids_in(seen)
    pages = scene.pages()
    key(app, pygame.K_RIGHT)
    assert scene.page == (1 if pages > 1 else 0)
    key(app, pygame.K_n)
    assert scene.phase == "ask" and scene.faction == "jp"
    key(app, pygame.K_ESCAPE)
    assert type(app.scene).__name__ == "ReplayScene", "Esc goes back to the viewer"
    assert chosen is not None


def test_esc_cancels_between_chunks_and_nothing_is_kept(store):
    path = played(store)
    app = window(store)
    scene = ask(app, path)
    type_games(app, scene, "2000")
    key(app, pygame.K_RETURN, frames=1)
    wait(app, scene, lambda: scene.done > 0 or scene.phase != "running")
    key(app, pygame.K_ESCAPE, frames=1)
    assert isinstance(app.scene, WhatIfScene), "Esc while running cancels, it does not leave"
    wait(app, scene, lambda: scene.phase != "running")
    assert scene.phase == "ask" and scene.error.startswith("Cancelled after ") and "of 2000 games" in scene.error
    assert scene.done < 2000 and recorded(path) == []
    assert any(t.startswith("Cancelled after ") for t in texts(app))


def test_a_number_of_games_out_of_range_is_refused(store):
    path = played(store)
    app = window(store)
    scene = ask(app, path)
    for text in ("5", "2001", ""):
        type_games(app, scene, text)
        key(app, pygame.K_RETURN)
        assert scene.phase == "ask"
        assert scene.error == f"The number of games must be a whole number from 20 to 2000; got {text or 'nothing'}."
        assert scene.error in texts(app)


def test_the_debrief_offers_what_if_and_export(store):
    path = played(store)
    from game.session import saves

    flow = HotSeat(saves.load(path), autosave=path)
    assert flow.step.phase == Phase.DEBRIEF
    app = window(store)
    app.switch(DebriefScene(app, flow))
    app.frame(events=[])
    seen = texts(app)
    assert "What if…? (W)" in seen and "Export report (E)" in seen
    key(app, pygame.K_e)
    out = store.saves_dir / "reports" / "class-3b-report.html"
    assert out.is_file() and f"Report written to {out}" in app.scene.message
    key(app, pygame.K_w)
    assert isinstance(app.scene, WhatIfScene) and app.scene.turn == 1
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, DebriefScene)


def test_the_debrief_of_a_game_without_a_save_says_what_if_needs_one(store):
    from game.session import saves

    flow = HotSeat(saves.load(played(store)))
    app = window(store)
    app.switch(DebriefScene(app, flow))
    key(app, pygame.K_w)
    assert isinstance(app.scene, DebriefScene) and app.scene.message == \
        "What if needs the game's autosave, and this game has none"


def test_the_distribution_chart_draws_both_arms_their_axis_and_no_data(store):
    app = App(store=store, size=(1280, 800), settings=Settings(window=(1280, 800)))
    surface = pygame.Surface((400, 260))
    rng = np.random.default_rng(1)
    a, b = rng.normal(50, 5, 200), rng.normal(55, 5, 200)
    arms = [Series("A", list(a), (86, 180, 233), "circle"), Series("B", list(b), (230, 159, 0), "square", dashed=True)]
    drawn = distribution_chart(surface, surface.get_rect(), "Alliance", arms, app.font(12), played=52.0)
    assert drawn[0] == "Alliance" and drawn[-2:] == ["A", "B"]
    assert any(t.endswith("%") for t in drawn), "the share of games on the y axis"
    assert any(t in drawn for t in ("40", "50", "60")), "values on the x axis"
    blue = pygame.transform.average_color(surface, pygame.Rect(0, 0, 400, 260))
    assert blue != (0, 0, 0, 0)
    empty = pygame.Surface((200, 120))
    assert distribution_chart(empty, empty.get_rect(), "Nothing", [Series("A", [], (1, 2, 3))], app.font(12)) == \
        ["Nothing", "No data"]
