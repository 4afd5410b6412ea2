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
