"""The game window. For now a title screen listing the shipped scenarios over the map; the full UI builds on it.

The app owns the loop (events -> update -> draw -> flip); a scene only handles events and draws
onto the surface it is handed.
"""

from __future__ import annotations

import pygame

from game.scenarios import ScenarioEntry, list_scenarios
from game.ui.map_view import MapView, load_asset

BACKGROUND = (16, 24, 40)
INK = (235, 238, 245)
MUTED = (150, 165, 190)
ACCENT = (86, 180, 233)  # Okabe-Ito sky blue
DEFAULT_SIZE = (1280, 800)


class TitleScene:
    """Title and the list of scenarios; arrow keys move the highlight."""

    def __init__(self, entries: list[ScenarioEntry]):
        self.entries = entries
        self.selected = 0
        try:  # the map as a quiet backdrop; a missing asset only costs the backdrop
            self.backdrop: MapView | None = MapView(load_asset(), patterns=False, labels=False, legend=False)
        except (OSError, ValueError):
            self.backdrop = None
        self._veil: pygame.Surface | None = None

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and self.entries:
            if event.key == pygame.K_DOWN:
                self.selected = (self.selected + 1) % len(self.entries)
            elif event.key == pygame.K_UP:
                self.selected = (self.selected - 1) % len(self.entries)

    def draw(self, surface: pygame.Surface) -> None:
        width, height = surface.get_size()
        unit = max(12, min(width, height) // 32)
        surface.fill(BACKGROUND)
        if self.backdrop is not None:
            self.backdrop.draw(surface)
            if self._veil is None or self._veil.get_size() != (width, height):
                self._veil = pygame.Surface((width, height), pygame.SRCALPHA)
                self._veil.fill((*BACKGROUND, 170))
            surface.blit(self._veil, (0, 0))
        title = pygame.font.Font(None, unit * 4).render("Pacific Trilemma", True, INK)
        surface.blit(title, title.get_rect(midtop=(width // 2, unit * 3)))
        sub = pygame.font.Font(None, unit * 2).render("United States · Japan · China in the Indo-Pacific", True, MUTED)
        surface.blit(sub, sub.get_rect(midtop=(width // 2, unit * 7)))
        font = pygame.font.Font(None, int(unit * 1.6))
        y = unit * 11
        label = font.render("Scenarios", True, MUTED)
        surface.blit(label, (width // 6 + unit * 1.5, y))
        y += unit * 2
        if not self.entries:
            surface.blit(font.render("No scenarios found.", True, INK), (width // 6, y))
        left = width // 6
        for k, entry in enumerate(self.entries):
            chosen = k == self.selected
            text = font.render(f"{entry.title}  ({entry.turns} turns)  —  {entry.id}", True, ACCENT if chosen else INK)
            if chosen:  # a drawn marker, so the choice never rests on colour alone
                mid = y + text.get_height() // 2
                half = max(4, text.get_height() // 3)
                pygame.draw.polygon(surface, ACCENT, [(left, mid - half), (left, mid + half), (left + half + 2, mid)])
            surface.blit(text, (left + unit * 1.5, y))
            y += int(unit * 1.8)
        hint = font.render("Up/Down: choose   Esc: quit   (headless play: python main.py play --headless)", True, MUTED)
        surface.blit(hint, hint.get_rect(midbottom=(width // 2, height - unit)))


def run_app(scenario: str | None = None, max_frames: int | None = None, size: tuple[int, int] = DEFAULT_SIZE) -> int:
    """Open the window and run until it is closed (or for max_frames frames, for tests)."""
    pygame.init()
    try:
        screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.display.set_caption("Pacific Trilemma")
        scene = TitleScene(list_scenarios())
        clock = pygame.time.Clock()
        frames = 0
        running = True
        while running and (max_frames is None or frames < max_frames):
            for event in pygame.event.get():
                if event.type == pygame.QUIT or (event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE):
                    running = False
                else:
                    scene.handle_event(event)
            scene.draw(screen)
            pygame.display.flip()
            clock.tick(60)
            frames += 1
        return 0
    finally:
        pygame.quit()
