"""The dashboard: the game's core measures and the supporting tracks, each with its value, its last change
and its history as a sparkline. Drawn with the app's fonts; values may be animated (the report scene
passes values part way between before and after)."""

from __future__ import annotations

import pygame

from game.ui.app import INK, MUTED, PANEL
from game.ui.board import dashboard_tracks, track_name
from game.ui.charts import sparkline

SCROLL_KEYS = {pygame.K_LEFTBRACKET: -1, pygame.K_RIGHTBRACKET: +1}  # the keyboard's mouse wheel


class Dashboard:
    """Rows of `name  value  change  sparkline` in one or two columns; the headline rows come first."""

    def __init__(self, app, rules):
        self.app = app
        self.rules = rules
        self.headline, self.support = dashboard_tracks(rules)
        self.scroll = 0  # first supporting row shown (mouse wheel over the dashboard)
        self.rect = pygame.Rect(0, 0, 0, 0)

    def rows_fit(self, rect: pygame.Rect) -> int:
        return max(1, rect.height // self.app.px(30))

    def handle(self, event: pygame.event.Event) -> None:
        step = 0
        if event.type == pygame.MOUSEWHEEL and self.rect.collidepoint(pygame.mouse.get_pos()):
            step = -event.y
        elif event.type == pygame.KEYDOWN and event.key in SCROLL_KEYS:
            step = SCROLL_KEYS[event.key]
        self.scroll = max(0, min(len(self.support) - 1, self.scroll + step))

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, values: dict[str, float],
             histories: dict[str, list[float]], changes: dict[str, float] | None = None) -> None:
        """values: track -> value shown; histories: track -> values so far; changes: track -> last change."""
        app, px = self.app, self.app.px
        self.rect = rect
        pygame.draw.rect(surface, PANEL, rect, border_radius=px(4))
        inner = rect.inflate(-px(16), -px(12))
        row_h = px(30)
        columns = 2 if inner.width >= px(620) else 1
        col_w = (inner.width - px(16) * (columns - 1)) // columns
        per_column = max(1, (inner.height - px(16)) // row_h)  # a line at the bottom for the scroll note
        shown = [t for t in self.headline if t in values]
        support = [t for t in self.support if t in values]
        capacity = per_column * columns
        room = max(0, capacity - len(shown))
        start = min(self.scroll, max(0, len(support) - room))
        shown += support[start:start + room]
        for k, track in enumerate(shown):
            col, row = divmod(k, per_column)
            cell = pygame.Rect(inner.x + col * (col_w + px(16)), inner.y + row * row_h, col_w, row_h)
            self._row(surface, cell, track, values[track], histories.get(track, []),
                      (changes or {}).get(track, 0.0), bold=track in self.headline)
        hidden = len(support) - room
        if hidden > 0 and room > 0:
            app.text(surface, f"{start + 1}–{start + room} of {len(support)} supporting tracks (mouse wheel or "
                     "[ and ])", 12, (rect.right - px(8), rect.bottom - px(2)), MUTED, anchor="bottomright")

    def _row(self, surface, cell: pygame.Rect, track: str, value: float, history: list[float], change: float,
             bold: bool) -> None:
        app, px = self.app, self.app.px
        spark_w = min(px(70), cell.width // 5)
        value_w = px(84)
        name_w = cell.width - spark_w - value_w - px(8)
        name = track_name(self.rules, track)
        font = app.font(14, bold)
        while font.size(name)[0] > name_w and len(name) > 4:
            name = name[:-2].rstrip() + "…" if not name.endswith("…") else name[:-2] + "…"
        app.text(surface, name, 14, (cell.x, cell.centery), INK if bold else MUTED, anchor="midleft", bold=bold)
        shown = f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}"
        sign = "+" if change > 0.05 else "−" if change < -0.05 else ""
        delta = f"  {sign}{abs(change):.1f}" if sign else ""
        app.text(surface, shown + delta, 14, (cell.x + name_w + value_w, cell.centery), INK, anchor="midright",
                 bold=bold)
        spark = pygame.Rect(cell.right - spark_w, cell.y + px(5), spark_w, cell.height - px(10))
        info = self.rules.tracks[self.rules.track_index[track]]
        lo, hi = (info.min, info.max) if info.max - info.min <= 300 else (None, None)
        sparkline(surface, spark, history, (86, 180, 233), lo, hi)
