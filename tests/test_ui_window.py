"""The window opens, draws the title screen with the scenario list, and quits cleanly (dummy driver)."""

import pygame

from game.scenarios import list_scenarios
from game.ui.app import TitleScene, run_app


def test_window_runs_a_few_frames():
    assert run_app(max_frames=3) == 0


def test_title_scene_draws_and_handles_keys():
    pygame.init()
    try:
        surface = pygame.Surface((1280, 800))
        scene = TitleScene(list_scenarios())
        scene.draw(surface)
        colours = {surface.get_at((x, y))[:3] for x in range(0, 1280, 16) for y in range(0, 800, 16)}
        assert len(colours) > 2, "the title screen drew nothing but background"
        scene.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN))
        if scene.entries:
            assert scene.selected == (1 % len(scene.entries))
    finally:
        pygame.quit()
