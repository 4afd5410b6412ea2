"""A yes/no question over the current scene: Enter or Y answers yes, Esc or N answers no (or the buttons).

The dialog has its own pygame_gui manager, drawn above a veil over the scene; while it is open the
App hands it every event, so nothing behind it can be clicked or typed into. Its layout is computed
from the window size and UI scale like a scene's, and rebuilt with them.
"""

from __future__ import annotations

from game.i18n import _

from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton

from game.ui.app import ACCENT, BACKGROUND, INK, PANEL

YES_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_y)
NO_KEYS = (pygame.K_ESCAPE, pygame.K_n)


class Confirm:
    """A question with a yes and a no button; `on_yes` runs if the players confirm, nothing if they do not."""

    def __init__(self, app, title: str, text: str, yes: str, no: str, on_yes: Callable[[], None]):
        self.app = app
        self.title = title
        self.text = text
        self.yes_text, self.no_text = _("{answer} (Enter)", answer=yes), _("{answer} (Esc)", answer=no)
        self.on_yes = on_yes
        self.panel = pygame.Rect(0, 0, 0, 0)
        self._veil: pygame.Surface | None = None

    def build(self, manager: pygame_gui.UIManager) -> None:
        """Lay out the panel for the current window size and scale, and its buttons in `manager`."""
        app, px = self.app, self.app.px
        width, height = app.size
        pad = px(20)
        panel_w = min(width - px(40), px(640))
        self.lines = app.wrap(self.text, 17, panel_w - 2 * pad)
        bh = px(46)
        panel_h = pad + px(40) + len(self.lines) * px(26) + px(18) + bh + pad
        self.panel = pygame.Rect((width - panel_w) // 2, max(px(10), (height - panel_h) // 2), panel_w, panel_h)
        widths = [min((panel_w - 3 * pad) // 2, app.font(16, bold).size(t)[0] + px(40))
                  for t, bold in ((self.yes_text, True), (self.no_text, False))]
        y = self.panel.bottom - pad - bh
        x = self.panel.right - pad - widths[0]
        self.yes = UIButton(pygame.Rect(x, y, widths[0], bh), self.yes_text, manager,
                            object_id=ObjectID(class_id="@primary"))
        self.no = UIButton(pygame.Rect(x - pad - widths[1], y, widths[1], bh), self.no_text, manager)

    def handle(self, event: pygame.event.Event) -> bool | None:
        """True if the players confirmed, False if they declined, None if the event was neither."""
        if event.type == pygame.KEYDOWN:
            if event.key in YES_KEYS:
                return True
            if event.key in NO_KEYS:
                return False
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.yes:
                return True
            if event.ui_element is self.no:
                return False
        return None

    def draw(self, surface: pygame.Surface) -> None:
        """The veil over the scene, the panel, the question and the text (the buttons are the manager's)."""
        app, px = self.app, self.app.px
        if self._veil is None or self._veil.get_size() != surface.get_size():
            self._veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            self._veil.fill((*BACKGROUND, 200))
        surface.blit(self._veil, (0, 0))
        pygame.draw.rect(surface, PANEL, self.panel, border_radius=px(6))
        pygame.draw.rect(surface, ACCENT, self.panel, width=max(1, px(2)), border_radius=px(6))
        pad = px(20)
        app.text(surface, self.title, 22, (self.panel.x + pad, self.panel.y + pad), bold=True)
        y = self.panel.y + pad + px(40)
        for line in self.lines:
            app.text(surface, line, 17, (self.panel.x + pad, y), INK)
            y += px(26)
