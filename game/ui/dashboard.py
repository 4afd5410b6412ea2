"""The dashboard: the game's core measures and the supporting tracks, each with its value, its last change
and its history as a sparkline. Drawn with the app's fonts; values may be animated (the report scene
passes values part way between before and after).

Every track's name is shown whole: a name too long for its column wraps onto a second line (that row is
taller). Only when even two lines are too few (a big UI scale on a small window) is the name shortened
with "…", and then pointing at the row shows the whole name. Rows never leave the dashboard's rectangle:
when they do not all fit, the headline rows stay and the supporting rows scroll (mouse wheel, [ and ]).
If the headline rows do not all fit so, the dashboard takes its compact form (each name on one line in a
smaller size, shortened with "…" if need be, no sparkline) and all the rows scroll together, the headline
rows first; `headline_height` says how high a dashboard must be to show every headline row that way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pygame

from game.i18n import _
from game.ui.app import INK, MUTED, PANEL
from game.session.words import number, signed, track_name
from game.ui.board import dashboard_tracks
from game.ui.charts import sparkline
from game.ui.fit import first_fit, fit_lines

SCROLL_KEYS = {pygame.K_LEFTBRACKET: -1, pygame.K_RIGHTBRACKET: +1}  # the keyboard's mouse wheel
NAME_SIZE = 14  # the rows' text size (times the UI scale)
NAME_LINES = 2  # a name wraps onto at most this many lines before it is shortened
COMPACT_SIZE = 12  # the names' size in the compact form: one line each, no sparkline (times the UI scale)
COMPACT_ROW = 17  # a compact row's height (unscaled)
WIDEST_VALUE = "100.5  -10.5"  # the value column is as wide as this


@dataclass(frozen=True)
class Row:
    """One row as drawn: its track, where it is, and its name's lines (shortened: the name lost letters)."""

    track: str
    rect: pygame.Rect
    lines: tuple[str, ...]
    shortened: bool
    size: int = NAME_SIZE  # the name's text size (smaller in the compact form)


class Dashboard:
    """Rows of `name  value  change  sparkline` in one or two columns; the headline rows come first."""

    def __init__(self, app, rules):
        self.app = app
        self.rules = rules
        self.headline, self.support = dashboard_tracks(rules)
        self.scroll = 0  # first scrolling row shown (mouse wheel over the dashboard, [ and ])
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.rows: list[Row] = []  # the rows drawn last (tests and the tooltip read them)
        self.pointer: tuple[int, int] | None = None
        self._limit = len(self.headline) + len(self.support) - 1  # the largest useful scroll, set by layout
        self.compact = False  # the rows drawn last were in the compact form
        self._lines: dict[tuple, tuple[tuple[str, ...], bool]] = {}
        self._layout: tuple[tuple, list[Row], str | None] | None = None
        self._image: tuple[tuple, pygame.Surface, list[str]] | None = None  # (what it shows, the panel, its strings)

    def handle(self, event: pygame.event.Event) -> None:
        step = 0
        if event.type == pygame.MOUSEMOTION:
            self.pointer = event.pos
        elif event.type == pygame.MOUSEWHEEL and self.rect.collidepoint(pygame.mouse.get_pos()):
            step = -event.y
        elif event.type == pygame.KEYDOWN and event.key in SCROLL_KEYS:
            step = SCROLL_KEYS[event.key]
        self.scroll = max(0, min(self._limit, self.scroll + step))

    # ------------------------------------------------------------------ layout

    def name_lines(self, track: str, width: int, bold: bool, compact: bool = False) -> tuple[tuple[str, ...], bool]:
        """A track's name in lines that fit width, and whether it had to be shortened."""
        key = (track, width, bold, self.app.scale, compact)
        if key not in self._lines:
            name = track_name(self.rules, track)
            size, most = (COMPACT_SIZE, 1) if compact else (NAME_SIZE, NAME_LINES)
            lines = tuple(fit_lines(self.app, name, width, size, bold, most))
            self._lines[key] = (lines, " ".join(lines) != name)
        return self._lines[key]

    def columns(self, rect: pygame.Rect) -> tuple[pygame.Rect, int, int]:
        """(the area inside the padding, number of columns, column width)."""
        px = self.app.px
        inner = rect.inflate(-px(16), -px(12))
        columns = 2 if inner.width >= px(620) else 1
        return inner, columns, (inner.width - px(16) * (columns - 1)) // columns

    def widths(self, col_w: int, compact: bool = False) -> tuple[int, int, int]:
        """(name, value, sparkline) widths in a column col_w wide (compact: no sparkline)."""
        px = self.app.px
        spark_w = 0 if compact else min(px(50), col_w // 6)  # enough for a game's turns; the names need the room more
        value_w = self.app.font(NAME_SIZE, True).size(WIDEST_VALUE)[0] + px(4)
        return col_w - spark_w - value_w - px(8), value_w, spark_w

    def row_height(self, lines: int, compact: bool = False) -> int:
        px = self.app.px
        if compact:
            return px(COMPACT_ROW)
        return px(30) if lines <= 1 else lines * self.line_step() + px(6)

    def headline_height(self, width: int) -> int:
        """The least height of a dashboard `width` wide that shows every headline row (compact) and its note."""
        columns = self.columns(pygame.Rect(0, 0, width, 1))[1]
        per_column = -(-len(self.headline) // columns)
        return per_column * self.row_height(1, True) + self.app.px(12) + self.app.px(16)

    def line_step(self) -> int:
        return round(self.app.font(NAME_SIZE, True).get_linesize() * 0.92)

    def _fill(self, tracks: list[str], inner: pygame.Rect, columns: int, col_w: int, bottom: int,
              compact: bool = False) -> list[Row]:
        """Rows for tracks, column by column from the top, up to the first that does not fit."""
        px = self.app.px
        name_w = self.widths(col_w, compact)[0]
        rows, col, y = [], 0, inner.y
        for track in tracks:
            lines, shortened = self.name_lines(track, name_w, track in self.headline, compact)
            h = self.row_height(len(lines), compact)
            if y + h > bottom and y > inner.y:
                col, y = col + 1, inner.y
            if col >= columns or (y + h > bottom and rows):
                break
            rows.append(Row(track, pygame.Rect(inner.x + col * (col_w + px(16)), y, col_w, h), lines, shortened,
                            COMPACT_SIZE if compact else NAME_SIZE))
            y += h
        return rows

    def layout(self, rect: pygame.Rect, present: set[str]) -> tuple[list[Row], str | None]:
        """The rows that fit in rect from the current scroll, and the note saying which are shown (or None)."""
        key = (tuple(rect), self.scroll, frozenset(present), self.app.scale)
        if self._layout is not None and self._layout[0] == key:
            return self._layout[1], self._layout[2]
        inner, columns, col_w = self.columns(rect)
        bottom = inner.bottom - self.app.px(16)  # a line at the bottom for the scroll note
        headline = [t for t in self.headline if t in present]
        support = [t for t in self.support if t in present]
        everything = headline + support
        self.compact = compact = len(self._fill(headline, inner, columns, col_w, bottom)) < len(headline)

        def fill(tracks: list[str], end: int = bottom) -> list[Row]:
            return self._fill(tracks, inner, columns, col_w, end, compact)
        if len(fill(everything)) == len(everything):
            rows, note, self._limit = fill(everything, inner.bottom), None, 0
        else:
            pinned = not compact and len(fill(headline + support[:1])) == len(headline) + 1
            fixed, moving = (headline, support) if pinned else ([], everything)
            # the last start that still fills the dashboard: scrolling further would only leave it empty
            last = len(moving) - 1
            while last > 0 and len(fill(fixed + moving[last - 1:])) == len(fixed) + len(moving) - last + 1:
                last -= 1
            self._limit = last
            self.scroll = start = min(self.scroll, last)
            rows = fill(fixed + moving[start:])
            shown = len(rows) - len(fixed)
            span = _("{first}–{last} of {n}", first=start + 1, last=start + shown, n=len(moving))
            if pinned:
                wordings = [_("{span} supporting tracks (mouse wheel or [ and ])", span=span),
                            _("{span} supporting tracks ([ and ])", span=span)]
            else:
                wordings = [_("{span} tracks (mouse wheel or [ and ])", span=span), _("{span} tracks ([ and ])", span=span)]
            note = first_fit(self.app, wordings + [f"{span} ([ and ])", span], rect.width - self.app.px(16), 12)
        key = (tuple(rect), self.scroll, frozenset(present), self.app.scale)
        self._layout = (key, rows, note)
        return rows, note

    # ------------------------------------------------------------------ drawing

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, values: dict[str, float],
             histories: dict[str, list[float]], changes: dict[str, float] | None = None) -> None:
        """values: track -> value shown; histories: track -> values so far; changes: track -> last change.
        The panel is drawn again only when what it shows changes (on the orders screen it never does while
        a faction gives its orders, so a frame only blits it); its strings still count as drawn."""
        app = self.app
        self.rect = rect
        self.rows, note = self.layout(rect, set(values))
        key = (tuple(rect), self.scroll, app.scale, tuple(values.items()),
               tuple((t, tuple(h)) for t, h in histories.items()), tuple((changes or {}).items()))
        if self._image is None or self._image[0] != key:
            start = len(app.drawn)
            image = self._image[1] if self._image is not None and self._image[1].get_size() == rect.size else \
                pygame.Surface(rect.size, pygame.SRCALPHA)
            self._paint(image, rect, note, values, histories, changes or {})
            self._image = (key, image, app.drawn[start:])
        else:
            app.drawn.extend(self._image[2])
        surface.blit(self._image[1], rect)
        self._tooltip(surface)

    def _paint(self, image: pygame.Surface, rect: pygame.Rect, note: str | None, values: dict[str, float],
               histories: dict[str, list[float]], changes: dict[str, float]) -> None:
        """The panel, its rows and its note on `image` (rect's size; it cuts a row taller than the panel)."""
        app, px = self.app, self.app.px
        image.fill((0, 0, 0, 0))
        local = image.get_rect()
        pygame.draw.rect(image, PANEL, local, border_radius=px(4))
        for row in self.rows:
            self._row(image, replace(row, rect=row.rect.move(-rect.x, -rect.y)), values[row.track],
                      histories.get(row.track, []), changes.get(row.track, 0.0), bold=row.track in self.headline)
        if note:
            app.text(image, note, 12, (local.right - px(8), local.bottom - px(2)), MUTED, anchor="bottomright")

    def _row(self, surface, row: Row, value: float, history: list[float], change: float, bold: bool) -> None:
        app, px = self.app, self.app.px
        cell = row.rect
        name_w, value_w, spark_w = self.widths(cell.width, row.size != NAME_SIZE)
        step = self.line_step()
        y = cell.centery - step * (len(row.lines) - 1) / 2
        for k, line in enumerate(row.lines):
            app.text(surface, line, row.size, (cell.x, round(y + k * step)), INK if bold else MUTED,
                     anchor="midleft", bold=bold)
        delta = signed(change)
        app.text(surface, number(value) + ("" if delta == "0" else f"  {delta}"), NAME_SIZE, (cell.x + name_w + value_w, cell.centery), INK,
                 anchor="midright", bold=bold)
        if not spark_w:
            return
        spark = pygame.Rect(cell.right - spark_w, cell.centery - px(10), spark_w, px(20))
        info = self.rules.tracks[self.rules.track_index[row.track]]
        lo, hi = (info.min, info.max) if info.max - info.min <= 300 else (None, None)
        sparkline(surface, spark, history, (86, 180, 233), lo, hi)

    def _tooltip(self, surface: pygame.Surface) -> None:
        """The whole name of a shortened row under the pointer."""
        if self.pointer is None or not self.rect.collidepoint(self.pointer):
            return
        row = next((r for r in self.rows if r.shortened and r.rect.collidepoint(self.pointer)), None)
        if row is None:
            return
        app, px = self.app, self.app.px
        lines = app.wrap(track_name(self.rules, row.track), NAME_SIZE, surface.get_width() - px(24))
        step = app.font(NAME_SIZE).get_linesize()
        box = pygame.Rect(0, 0, max(app.font(NAME_SIZE).size(line)[0] for line in lines) + px(16),
                          step * len(lines) + px(10))
        box.bottomleft = (self.pointer[0], self.pointer[1] - px(8))
        box.clamp_ip(surface.get_rect())
        pygame.draw.rect(surface, (10, 14, 24), box)
        pygame.draw.rect(surface, INK, box, 1)
        for k, line in enumerate(lines):
            app.text(surface, line, NAME_SIZE, (box.x + px(8), box.y + px(5) + k * step), INK)
