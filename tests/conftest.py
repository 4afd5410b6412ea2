import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini_scenario.yaml"


@pytest.fixture(scope="session")
def mini_rules():
    from game.scenarios import load_rules

    return load_rules(MINI)


OVERFLOW = "1e308 * 1e308 - 1e308 * 1e308"  # NaN at run time: inf - inf


def overflowing_copy(folder: Path, rule: str = "", derive: str = "") -> Path:
    """The mini scenario copied into `folder`, with a rule (from turn 2) or a derived track's formula that yields NaN."""
    import shutil

    shutil.copytree(FIXTURES / "mini", folder / "mini")
    scenario = folder / "mini_scenario.yaml"
    scenario.write_text(MINI.read_text().replace("id: mini", "id: mini_overflow"))
    content = folder / "mini" / "content.yaml"
    text = content.read_text()
    if rule:
        text = text.replace("  - {id: rule.cooling,", "  - {id: rule.blowup, name: Blow-up, when: \"turn >= 2\", "
                            f"sources: [S2-01], effects: [{{track: alliance, add: \"{rule}\"}}]}}\n"
                            "  - {id: rule.cooling,")
    if derive:
        text = text.replace('derive: "100 - ecs.tension"', f'derive: "100 - ecs.tension + ({derive} if turn >= 2 else 0)"')
    content.write_text(text)
    return scenario


@pytest.fixture
def overflowing(tmp_path):
    """A copy of the mini scenario whose rule `rule.blowup` makes `alliance` NaN on turn 2."""
    return overflowing_copy(tmp_path, rule=OVERFLOW)


@pytest.fixture
def store(tmp_path):
    """The window's settings and saves, in a folder of the test's own."""
    from game.ui.settings import Store

    return Store(tmp_path / "home")


@pytest.fixture
def app(store):
    """A 1280x800 window (SDL's dummy driver) on the title screen."""
    import pygame

    from game.ui.app import App
    from game.ui.scenes.menu import TitleScene
    from game.ui.settings import Settings

    window = App(store=store, size=(1280, 800), settings=Settings(window=(1280, 800)))
    window.switch(TitleScene(window))
    window.frame(events=[])
    yield window
    pygame.quit()


@pytest.fixture
def native_loader(tmp_path, monkeypatch, mini_rules):
    """(load, compiled): load() loads mini_rules' native code as a fresh process would (from the cache that
    $PACIFIC_TRILEMMA_CACHE names, set it first) and evaluates a score; compiled counts the compilations. The
    cache's signing key is kept under tmp_path/config."""
    import ctypes

    import numpy as np

    from game.engine import native
    from game.engine.tables import HEADER, lowered, native_source

    monkeypatch.setenv("PACIFIC_TRILEMMA_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(native, "_warned", set())
    src = native_source(mini_rules.tables, lowered(mini_rules).ti[:HEADER])
    compiled = []
    real = native.object_code
    monkeypatch.setattr(native, "object_code", lambda s, m: compiled.append(1) or real(s, m))
    x = np.array(mini_rules.tables.track_start, dtype=np.float64)
    played = np.zeros(64, dtype=np.int64)
    prog = int(mini_rules.tables.score_prog[0])

    def load() -> float:
        monkeypatch.setattr(native, "_engines", {})
        address = native.compile_rules("test" * 16, src)[0]
        pt_eval = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_int64, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_double)
        return pt_eval(address)(prog, x.ctypes.data, played.ctypes.data, 1.0)

    return load, compiled
