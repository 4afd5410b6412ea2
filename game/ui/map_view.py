"""The Indo-Pacific map: regions filled by who leads there, sea zones shaded by tension.

The geometry is `assets/map/indo_pacific.json`, built from Natural Earth by `tools/build_map.py`
(its docstring documents the format); reading it needs `json` alone. The view knows nothing of
the rules engine: it is handed plain values,

    view.set_fills({"vietnam": ("cn", 12.0), "japan": ("jp", 40.0), "taiwan": (None, 0.0)})
    view.set_tensions({"ecs": 64, "taiwan_strait": 48, "scs": 71})

and draws onto the surface and rectangle it is given. Everything that does not change from frame
to frame (sea, land, fills, borders, labels, legend) is drawn once onto a cached surface, redrawn
only when the rectangle's size, the fills or the tensions change; each frame blits that surface
and draws the overlays (hovered and selected region). A redraw after a new layout (a resize) costs some
200 ms on a slow shared machine, most of it the label placer's geometry, which is kept for the layout, so
a redraw after the fills or tensions change costs some 60 ms, and a cached frame with its overlays under
1 ms (`python benchmarks/map.py --scale 2`).

Colour is never the only signal: every region's label names its leader and the margin, each
faction also has a hatch pattern (on by default), and each sea zone prints its tension.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygame
import yaml

from game.i18n import N_, _, current
from game.rules.files import CONTENT_ROOT
from game.ui import map_legend
from game.assets import find_asset
from game.ui.fonts import font_file
from game.ui.map_labels import Label, Line, leader, line_rect, place_all

ASSET = find_asset("map/indo_pacific.json")  # the checkout's assets/, or an installed wheel's copy
MARKER_NAMES = {"senkakus": N_("Senkaku Is.")}  # the asset's marker names (English), to translate where drawn

Colour = tuple[int, int, int]
Fill = tuple[str | None, float]  # (leading faction id or None, margin in influence points)

FACTION_NAMES: dict[str, str] = {"us": "U.S.", "jp": "Japan", "cn": "China"}
PATTERNS: dict[str, str] = {"us": "diagonal", "jp": "dots", "cn": "crosshatch"}  # cycled for other ids

SEA = (24, 38, 60)
LAND = (74, 80, 90)  # countries that are not game regions
UNLED = (118, 124, 134)  # a game region nobody leads
COAST = (14, 18, 26)
# Sea tension darkens the sea towards a dark brick red: apart from every faction colour (Japan's vermillion
# is far lighter) and low from high, under each colour-vision deficiency (tests/test_palette.py).
TENSION = (160, 32, 0)
TENSION_INK = (255, 196, 170)  # the printed tension, a light tint of the same red
INK = (240, 242, 246)
SHADOW = (8, 10, 16)
HOVER = (255, 255, 255)
SELECTED = (86, 180, 233)  # Okabe-Ito sky blue
SEA_SHIFTS = sorted(((dx, dy) for dx in (-6, -4, -2, 0, 2, 4, 6) for dy in (-3, -1.5, 0, 1.5, 3) if dx or dy),
                    key=lambda d: d[0] ** 2 + (2 * d[1]) ** 2)  # in map units, nearest first
# where a region's label may move, in map units, nearest first: near (on the region or beside it), then
# further off at sea or over neutral land, with a leader line back to the region
NEAR_SHIFTS = sorted(((dx, dy) for dx in (-3, -1.5, 0, 1.5, 3) for dy in (-2, -1, 0, 1, 2) if dx or dy),
                     key=lambda d: d[0] ** 2 + (2 * d[1]) ** 2)
FAR_SHIFTS = sorted(((dx, dy) for dx in (-9, -7, -5, -3, 0, 3, 5, 7, 9) for dy in (-5, -3.5, -2, 0, 2, 3.5, 5)
                     if abs(dx) > 3 or abs(dy) > 2), key=lambda d: d[0] ** 2 + (2 * d[1]) ** 2)
PRINT = 1.25  # the map's small print at 100% UI scale, a quarter above its base unit: readable on a projector
# a label that does not fit tries smaller type in these steps of its print (never below the 100% small print)
# before its short name or a move: a name in smaller type still reads, one left out does not
STEPS = (1.0, 0.85, 0.7, 0.6)
FULL_MARGIN = 30.0  # a lead of this many points or more is drawn at full strength


@dataclass(frozen=True)
class Shape:
    """A named area in design units: its polygons (lists of (x, y)) and its label anchor."""

    id: str
    name: str
    label: tuple[int, int]
    polygons: tuple[tuple[tuple[int, int], ...], ...]
    anchor: tuple[int, int] | None = None  # a label outside its shape points here
    short: str | None = None  # a shorter name for a crowded map


@dataclass(frozen=True)
class MapAsset:
    size: tuple[int, int]
    focus: tuple[int, int, int, int]
    regions: dict[str, Shape]
    seas: dict[str, Shape]
    land: tuple[tuple[tuple[int, int], ...], ...]
    markers: dict[str, tuple[str, tuple[int, int]]]
    source: str


def _points(flat: list[int]) -> tuple[tuple[int, int], ...]:
    return tuple(zip(flat[::2], flat[1::2]))


def _shapes(block: dict) -> dict[str, Shape]:
    return {
        sid: Shape(sid, item["name"], tuple(item["label"]), tuple(_points(p) for p in item["polygons"]),
                   tuple(item["anchor"]) if "anchor" in item else None, item.get("short"))
        for sid, item in block.items()
    }


def load_asset(path: Path | str = ASSET) -> MapAsset:
    """Read the map asset. :raises ValueError: if it is not a format-1 map asset."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != 1:
        raise ValueError(f"{path}: not a format-1 map asset (rebuild it with python tools/build_map.py)")
    return MapAsset(
        size=tuple(data["size"]),
        focus=tuple(data["focus"]),
        regions=_shapes(data["regions"]),
        seas=_shapes(data["seas"]),
        land=tuple(_points(p) for p in data["land"]),
        markers={mid: (m["name"], tuple(m["at"])) for mid, m in data.get("markers", {}).items()},
        source=data.get("source", ""),
    )


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    t = min(1.0, max(0.0, t))
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def _colour(value) -> Colour:
    if isinstance(value, str):
        value = value.lstrip("#")
        return tuple(int(value[k:k + 2], 16) for k in (0, 2, 4))
    return tuple(value)[:3]


def content_colours() -> dict[str, Colour]:
    """The base content's faction colours (game/rules/content/base/factions.yaml, where they are declared)."""
    factions = yaml.safe_load((CONTENT_ROOT / "base" / "factions.yaml").read_text(encoding="utf-8"))["factions"]
    return {f["id"]: _colour(f["colour"]) for f in factions}


# the base content's colours, for a view handed none; a scene passes its rules' own
FACTION_COLOURS: dict[str, Colour] = content_colours()


def tension_colour(tension: float | None) -> Colour:
    """A sea zone's shade for a tension of 0..100 (None: a sea with no tension track)."""
    if tension is None:
        return _mix(SEA, INK, 0.06)
    return _mix(SEA, TENSION, 0.12 + 0.6 * min(100.0, max(0.0, tension)) / 100)


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """text in lines no wider than width, broken at spaces (a single word wider than width is cut)."""
    lines: list[str] = []
    for word in text.split(" "):
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and font.size(trial)[0] <= width:
            lines[-1] = trial
            continue
        while font.size(word)[0] > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and font.size(word[:cut])[0] > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return lines or [""]


def shrink(px: int, floor: int) -> list[int]:
    """The type sizes a label of print px may take, largest first: px, then STEPS of it, none below floor."""
    return list(dict.fromkeys([px] + [max(min(px, floor), round(px * step)) for step in STEPS]))


def _inside(x: float, y: float, poly) -> bool:
    """Even-odd ray casting."""
    hit = False
    x0, y0 = poly[-1]
    for x1, y1 in poly:
        if (y1 > y) != (y0 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
        x0, y0 = x1, y1
    return hit


class _Scaled:
    """One shape's polygons in surface pixels, with bounding boxes for culling and picking."""

    def __init__(self, polygons, scale: float, ox: float, oy: float, view: pygame.Rect):
        self.polygons: list[list[tuple[float, float]]] = []
        self.boxes: list[pygame.Rect] = []
        for poly in polygons:
            pts = [(x * scale + ox, y * scale + oy) for x, y in poly]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            box = pygame.Rect(math.floor(min(xs)), math.floor(min(ys)),
                              math.ceil(max(xs) - min(xs)) + 1, math.ceil(max(ys) - min(ys)) + 1)
            if box.colliderect(view):
                self.polygons.append(pts)
                self.boxes.append(box)
        self.box = self.boxes[0].unionall(self.boxes[1:]) if self.boxes else pygame.Rect(0, 0, 0, 0)

    def contains(self, x: float, y: float) -> bool:
        return any(box.collidepoint(x, y) and _inside(x, y, poly) for box, poly in zip(self.boxes, self.polygons))


class MapView:
    """Draws the map into a rectangle, caches what does not change, and answers `region_at`."""

    def __init__(self, asset: MapAsset | None = None, *, colours: dict | None = None,
                 names: dict[str, str] | None = None, patterns: bool = True, labels: bool = True,
                 legend: bool = True):
        self.asset = asset or load_asset()
        self.colours = {**FACTION_COLOURS, **{k: _colour(v) for k, v in (colours or {}).items()}}
        self.names = {**FACTION_NAMES, **(names or {})}
        self.place_names: dict[str, str] = {}  # region and sea id -> its name in the language shown (the asset's: English)
        self.patterns = patterns
        self.labels = labels
        self.legend = legend
        self.legend_open: bool | None = None  # None: open unless it would hide a region (map_legend.choose)
        self._legend: tuple[tuple, pygame.Rect, bool] | None = None  # (layout key, local rect, open)
        self.placed_labels: list = []  # (Label, wording index) drawn last (tests read it)
        self._text_scale = 1.0
        self.fills: dict[str, Fill] = {}
        self.tensions: dict[str, float] = {}
        self.hover: str | None = None
        self.selected: str | None = None
        self._rect = pygame.Rect(0, 0, 0, 0)
        self._cache: pygame.Surface | None = None
        self._dirty = True
        self._regions: dict[str, _Scaled] = {}
        self._seas: dict[str, _Scaled] = {}
        self._land: _Scaled | None = None
        self._fonts: dict[tuple[int, str], pygame.font.Font] = {}
        self._patterns: dict[tuple, pygame.Surface] = {}
        self._scale = 1.0
        self._offset = (0.0, 0.0)
        self._owners: tuple[np.ndarray, list[str]] | None = None  # (one byte a pixel, rows first; region ids)
        self._places: dict[str, list[tuple[float, float]]] | None = None
        self._inner: dict[tuple[str, bool], np.ndarray] | None = None  # where each region's leader lines may end
        self._memo: dict[tuple, object] = {}  # the placer's geometry answers for this layout (not fills)

    # ------------------------------------------------------------------ inputs

    @property
    def text_scale(self) -> float:
        """Labels, markers, legend and tooltips grow in proportion to it: the window's UI scale (1 = 100%)."""
        return self._text_scale

    @text_scale.setter
    def text_scale(self, value: float) -> None:
        if value != self._text_scale:
            self._text_scale, self._dirty = float(value), True

    def set_fills(self, fills: dict[str, Fill]) -> None:
        """Region id -> (leading faction id or None, margin >= 0). Unknown ids are ignored."""
        fills = {rid: (leader, float(margin)) for rid, (leader, margin) in fills.items()}
        if fills != self.fills:
            self.fills, self._dirty = fills, True

    def set_tensions(self, tensions: dict[str, float]) -> None:
        """Sea zone id -> tension 0..100."""
        tensions = {sid: float(value) for sid, value in tensions.items()}
        if tensions != self.tensions:
            self.tensions, self._dirty = tensions, True

    def handle_event(self, event: pygame.event.Event) -> str | None:
        """Track the hovered region; on a left click select it and return its id (None elsewhere). A click on
        the legend opens or folds it."""
        if event.type == pygame.MOUSEMOTION:
            self.hover = None if self.legend_rect.collidepoint(event.pos) else self.region_at(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.legend_rect.collidepoint(event.pos):
            self.toggle_legend()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            picked = self.region_at(event.pos)
            if picked is not None:
                self.selected = picked
            return picked
        return None

    def toggle_legend(self) -> None:
        """Open the legend if it is folded, fold it if it is open (the L key, a click on it)."""
        opened = self._legend[2] if self._legend is not None else True
        self.legend_open, self._dirty, self._legend = not opened, True, None

    @property
    def legend_rect(self) -> pygame.Rect:
        """Where the legend (or its folded tab) was last drawn, in window pixels; empty if it was not."""
        if not self.legend or self._legend is None:
            return pygame.Rect(0, 0, 0, 0)
        return self._legend[1].move(self._rect.topleft)

    @property
    def legend_opened(self) -> bool:
        return bool(self.legend and self._legend is not None and self._legend[2])

    # ------------------------------------------------------------------ geometry

    def layout(self, rect: pygame.Rect) -> None:
        """Fit the asset's focus into rect (keeping its aspect), showing past the data's edge only if it must."""
        rect = pygame.Rect(rect)
        if rect.size == self._rect.size and self._cache is not None:
            self._rect = rect
            return
        self._rect, self._dirty = rect, True
        w, h = max(1, rect.width), max(1, rect.height)
        fx0, fy0, fx1, fy1 = self.asset.focus
        width, height = self.asset.size
        scale = min(w / (fx1 - fx0), h / (fy1 - fy0))  # the focus always fits whole

        def offset(length: float, lo: float, hi: float, extent: float) -> float:
            if scale * extent <= length:  # the data is narrower than the rectangle: centre it
                return (length - scale * extent) / 2
            # centre the focus, but slide so that no edge of the data shows if it can be helped
            return min(0.0, max(length - scale * extent, length / 2 - scale * (lo + hi) / 2))

        ox, oy = offset(w, fx0, fx1, width), offset(h, fy0, fy1, height)
        self._scale, self._offset = scale, (ox, oy)
        view = pygame.Rect(0, 0, w, h)
        self._owners, self._places, self._inner, self._memo = None, None, None, {}  # the placer's lookups
        self._regions = {rid: _Scaled(s.polygons, scale, ox, oy, view) for rid, s in self.asset.regions.items()}
        self._seas = {sid: _Scaled(s.polygons, scale, ox, oy, view) for sid, s in self.asset.seas.items()}
        self._land = _Scaled(self.asset.land, scale, ox, oy, view)

    def to_screen(self, point: tuple[float, float]) -> tuple[int, int]:
        """A design-space point in window pixels (after layout)."""
        return (round(point[0] * self._scale + self._offset[0]) + self._rect.x,
                round(point[1] * self._scale + self._offset[1]) + self._rect.y)

    def region_at(self, pos: tuple[int, int]) -> str | None:
        """The region or sea zone under a window position, or None (neutral land, open sea, outside)."""
        if not self._rect.collidepoint(pos) or self._land is None:
            return None
        x, y = pos[0] - self._rect.x + 0.5, pos[1] - self._rect.y + 0.5
        for rid, shape in self._regions.items():
            if shape.box.collidepoint(x, y) and shape.contains(x, y):
                return rid
        for sid, shape in self._seas.items():
            if shape.box.collidepoint(x, y) and shape.contains(x, y):
                return None if self._land.contains(x, y) else sid
        return None

    # ------------------------------------------------------------------ drawing

    def draw(self, surface: pygame.Surface, rect: pygame.Rect | None = None) -> None:
        """Blit the cached map into rect (default: the whole surface), then hover and selection."""
        rect = pygame.Rect(rect) if rect is not None else surface.get_rect()
        if rect.width < 2 or rect.height < 2:
            return
        self.layout(rect)
        if self._dirty or self._cache is None:
            self._cache = self.render(rect.size, like=surface)
            self._dirty = False
        surface.blit(self._cache, rect.topleft)
        self.draw_overlays(surface)

    def draw_overlays(self, surface: pygame.Surface) -> None:
        clip = surface.get_clip()
        surface.set_clip(self._rect.clip(clip))
        for rid, colour, width in ((self.selected, SELECTED, 3), (self.hover, HOVER, 2)):
            shape = self._regions.get(rid) or self._seas.get(rid)
            if shape is None:
                continue
            for poly in shape.polygons:
                pygame.draw.polygon(surface, colour, [(x + self._rect.x, y + self._rect.y) for x, y in poly], width)
        surface.set_clip(clip)

    def render(self, size: tuple[int, int], like: pygame.Surface | None = None) -> pygame.Surface:
        """Draw the whole map (no overlays) onto a new surface of this size. Call layout() first.

        With `like`, the new surface has like's pixel format, so blitting it there is a plain copy.
        """
        surface = pygame.Surface(size, 0, like) if like is not None else pygame.Surface(size)
        surface.fill(SEA)
        unit = self.unit(size)
        for sid, shape in self._seas.items():
            fill = tension_colour(self.tensions.get(sid))
            for poly in shape.polygons:
                pygame.draw.polygon(surface, fill, poly)
                pygame.draw.polygon(surface, _mix(fill, INK, 0.25), poly, 1)
        for poly in self._land.polygons:
            pygame.draw.polygon(surface, LAND, poly)
        for rid, shape in self._regions.items():
            leader, margin = self.fills.get(rid, (None, 0.0))
            for poly in shape.polygons:
                pygame.draw.polygon(surface, self.fill_colour(leader, margin), poly)
            if self.patterns and leader in self.colours:
                self._hatch(surface, shape, leader, unit)
        for poly in self._land.polygons:
            pygame.draw.polygon(surface, COAST, poly, 1)
        for shape in self._regions.values():
            for poly in shape.polygons:
                pygame.draw.polygon(surface, COAST, poly, 1)
        legend = self._place_legend(size, unit) if self.legend else None
        if self.labels:
            self._draw_labels(surface, unit, [legend] if legend is not None else [])
        if legend is not None:
            if self._legend[2]:
                map_legend.draw_legend(self, surface, legend, unit)
            else:
                map_legend.draw_chip(self, surface, legend, unit)
        return surface

    def _place_legend(self, size: tuple[int, int], unit: int) -> pygame.Rect:
        """The legend's rectangle on a surface of this size (worked out once per layout)."""
        key = (size, unit, self._scale, self._offset, self.legend_open, tuple(self.colours), tuple(self.names.items()))
        if self._legend is None or self._legend[0] != key:
            rect, opened = map_legend.choose(self, size, unit, self.legend_open)
            self._legend = (key, rect, opened)
        return self._legend[1]

    def fill_colour(self, leader: str | None, margin: float) -> Colour:
        """The leader's colour, paler the narrower its lead; grey when nobody leads."""
        if leader not in self.colours:
            return UNLED
        return _mix(UNLED, self.colours[leader], 0.4 + 0.6 * min(1.0, max(0.0, margin) / FULL_MARGIN))

    def unit(self, size: tuple[int, int], scale: float | None = None) -> int:
        """The map's text and marker unit in pixels: a fiftieth of the shorter side (at least 10) times PRINT,
        times the UI scale (default text_scale)."""
        return round(max(10, min(size) // 50) * PRINT * (self.text_scale if scale is None else scale))

    def font(self, px: int) -> pygame.font.Font:
        if not pygame.font.get_init():
            pygame.font.init()
        lang = current()
        if (px, lang) not in self._fonts:  # pygame's own font in English; it has no Japanese (Noto Sans JP has)
            self._fonts[px, lang] = pygame.font.Font(None if lang == "en" else str(font_file(False, lang)), px)
        return self._fonts[px, lang]

    def shape_names(self, shape: Shape) -> list[str]:
        """A region's or sea's names, longest first: the asset's name and short name, or its translated name."""
        translated = self.place_names.get(shape.id)
        if translated and translated != shape.name:  # a name of two parts ("East China Sea & Senkakus") is shortened
            # to its first part, as the asset's short name is
            first = translated.split("・")[0] if "・" in translated else ""
            return [translated] + ([first] if first else [])
        return [shape.name] + ([shape.short] if shape.short and shape.short != shape.name else [])

    def _pattern(self, faction: str, size: tuple[int, int], spacing: int) -> pygame.Surface:
        """A transparent surface of this size with the faction's hatch in dark ink (tiled, cached)."""
        key = (faction, size, spacing)
        if key not in self._patterns:
            kinds = sorted(set(PATTERNS.values()))
            kind = PATTERNS.get(faction) or kinds[sum(map(ord, faction)) % len(kinds)]
            side = 4 * spacing  # a whole number of periods, so the tiles join seamlessly
            tile = pygame.Surface((side, side), pygame.SRCALPHA)
            ink = (12, 14, 20, 150)
            if kind in ("diagonal", "crosshatch"):
                for k in range(-side, 2 * side + 1, spacing):
                    pygame.draw.line(tile, ink, (k, side), (k + side, 0), 1)
                    if kind == "crosshatch":
                        pygame.draw.line(tile, ink, (k, 0), (k + side, side), 1)
            else:
                r = max(1, spacing // 5)
                for row, y in enumerate(range(spacing // 2, side, spacing)):
                    for x in range(spacing // 2 * (row % 2), side, spacing):
                        pygame.draw.circle(tile, ink, (x, y), r)
            surface = pygame.Surface(size, pygame.SRCALPHA)
            for y in range(0, size[1], side):
                for x in range(0, size[0], side):
                    surface.blit(tile, (x, y))
            if len(self._patterns) > 32:
                self._patterns.clear()
            self._patterns[key] = surface
        return self._patterns[key]

    def _hatch(self, surface: pygame.Surface, shape: _Scaled, faction: str, unit: int) -> None:
        box = shape.box.clip(surface.get_rect())
        if box.width < 1 or box.height < 1:
            return
        spacing = max(6, unit // 2 + 2) if PATTERNS.get(faction) != "crosshatch" else max(8, unit)
        layer = pygame.Surface(box.size, pygame.SRCALPHA)
        for poly in shape.polygons:
            pygame.draw.polygon(layer, (255, 255, 255, 255), [(x - box.x, y - box.y) for x, y in poly])
        # one pattern as large as the surface, so neighbouring regions' hatches line up
        pattern = self._pattern(faction, surface.get_size(), spacing)
        layer.blit(pattern, (0, 0), area=box, special_flags=pygame.BLEND_RGBA_MULT)
        surface.blit(layer, box.topleft)

    def text(self, surface: pygame.Surface, text: str, px: int, center: tuple[float, float],
             colour: Colour = INK) -> pygame.Rect:
        """Text with a dark halo, legible on any fill."""
        font = self.font(px)
        ink = font.render(text, True, colour)
        halo = font.render(text, True, SHADOW)
        rect = ink.get_rect(center=(round(center[0]), round(center[1])))
        rect.clamp_ip(surface.get_rect().inflate(-2, -2))
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1)):
            surface.blit(halo, rect.move(dx, dy))
        surface.blit(ink, rect)
        return rect

    def _to_local(self, point: tuple[int, int]) -> tuple[float, float]:
        return point[0] * self._scale + self._offset[0], point[1] * self._scale + self._offset[1]

    def labels_for(self, unit: int, height: int, floor: int | None = None) -> list[Label]:
        """Every label with its candidate wordings and spots, best first, in the order they claim room: regions,
        seas, markers. floor: the smallest type a crowded label may shrink to (default the small print)."""
        big, small = round(unit * 1.4), max(12, round(unit * 1.15))
        floor = small if floor is None else floor
        labels = [self._region_label(rid, shape, unit, big, small, height, floor)
                  for rid, shape in self.asset.regions.items()]
        labels += [self._sea_label(sid, shape, unit, big, small, floor) for sid, shape in self.asset.seas.items()]
        r = max(3, unit // 3)
        for mid, (name, at) in self.asset.markers.items():
            name = _(MARKER_NAMES[mid]) if mid in MARKER_NAMES else name
            x, y = self._to_local(at)
            px = max(11, round(unit * 1.0))
            half = self.font(px).size(name)[0] / 2
            beside = (x + r + 4 + half, y), (x - r - 4 - half, y), (x, y - r - px * 0.6), (x, y + r + px * 0.6)
            labels.append(Label(mid, tuple((Line(name, px, INK, centre),) for centre in beside), rank=2))
        return labels

    def _region_label(self, rid: str, shape: Shape, unit: int, big: int, small: int, height: int,
                      floor: int) -> Label:
        """A region's name, with its leader and margin below while there is room: at its place or nearby, in
        its print then smaller type; then shortened; then further off with a leader line."""
        leader_id, margin = self.fills.get(rid, (None, 0.0))
        below: list[str | None] = []
        if leader_id in self.colours:
            full = self.names.get(leader_id, leader_id)
            short = FACTION_NAMES.get(leader_id, full) if len(FACTION_NAMES.get(leader_id, full)) < len(full) else full
            below = list(dict.fromkeys([f"{full} +{round(margin)}", f"{short} +{round(margin)}"]))
        elif rid in self.fills:
            below = [_("no lead")]
        home, far, loose = self._label_spots(rid, unit, big, small, height)
        sizes = shrink(big, floor)
        names = self.shape_names(shape)
        short_name = names[1] if len(names) > 1 else None
        # (spots, [(name, line below or None, name's px)]): a crowded name shrinks before it is shortened, and is
        # shortened before it moves away; last, a spot nearer a neighbour's place is allowed too, its leader
        # line (to the nearest point of the region, crossing no other) saying whose name it is
        tiers = [(home, [(names[0], text, big) for text in below] + [(names[0], None, px) for px in sizes])]
        if short_name:
            tiers.append((home, [(short_name, text, big) for text in below[-1:]]
                          + [(short_name, None, px) for px in sizes]))
        tiers.append((far, [(name, None, px) for name in names for px in sizes]))
        tiers.append((loose, [(name, None, px) for name in names for px in sizes]))
        wordings, pointers = [], []
        for spots, texts in tiers:
            for x, y, end in spots:
                for name, text, px in texts:
                    lines = (Line(name, px, INK, (x, y)),)
                    if text is not None:
                        lines += (Line(text, small, INK, (x, y + unit * 1.05)),)
                    if end is not None and self._covers(rid, lines):
                        continue
                    if spots is loose and not self._points_out(lines[0], end, unit):
                        continue  # the region's nearest point is under its text: nothing says whose name it is
                    wordings.append(lines)
                    pointers.append(end)
        # a region without a fill has no tooltip either (the scenes explain the regions they fill): its name
        # outranks every other label
        return Label(rid, tuple(wordings), tuple(pointers), rank=0 if rid not in self.fills else 1)

    def _label_spots(self, rid: str, unit: int, big: int, small: int, height: int) -> tuple[list, list, list]:
        """Where a region's label may go, as (x, y, leader line's end or None), nearest first: its own place and
        nearby, further off, and last the spots nearer a neighbour's place (each leader to the nearest point of
        the region). Depends on the layout alone, so it is worked out once per layout and print, not per fill."""
        key = ("spots", rid, unit, big, small, height)
        if key in self._memo:
            return self._memo[key]
        x0, y0 = self._to_local(self.asset.regions[rid].label)
        pointer = self._inner_point(rid, (x0, y0))
        strict: set[tuple[float, float]] = set()  # spots already offered under the strict rule
        found: list[list] = [[], [], []]
        tiers = ((0, [(x0, y0)] + self._region_spots(rid, x0, y0, unit, NEAR_SHIFTS)),
                 (1, self._region_spots(rid, x0, y0, unit, FAR_SHIFTS)))
        for tier, spots in tiers:
            for x, y in spots:
                y = min(max(y, big * 0.5), height - unit * 1.05 - small * 0.5)  # keep both lines whole
                off = (x, y) != (x0, y0) and self._owner(x, y) != rid
                if not off or (self._clear_path(rid, (x, y), pointer) and self._nearest(rid, x, y)):
                    strict.add((x, y))
                    found[tier].append((x, y, pointer if off else None))
        for x, y in [spot for _, spots in tiers for spot in spots][1:]:
            y = min(max(y, big * 0.5), height - unit * 1.05 - small * 0.5)
            if (x, y) in strict or self._owner(x, y) == rid:
                continue
            end = self._inner_point(rid, (x, y), nearest=True)
            if self._clear_path(rid, (x, y), end):
                found[2].append((x, y, end))
        self._memo[key] = tuple(found)
        return self._memo[key]

    def _points_out(self, line: Line, end: tuple[float, float], unit: int) -> bool:
        """Whether a leader line from this line's text to end shows: end lies at least half a unit off the text."""
        box = pygame.Rect((0, 0), self.font(line.px).size(line.text))
        box.center = (round(line.centre[0]), round(line.centre[1]))
        return not box.inflate(unit, unit).collidepoint(end)

    def _region_spots(self, rid: str, x: float, y: float, unit: int, shifts) -> list[tuple[float, float]]:
        """The shifted spots for a region's label that lie on the region itself, at sea or over neutral land:
        never on another region, whose own label it would seem to be."""
        spots = []
        for dx, dy in shifts:
            sx, sy = x + dx * unit, y + dy * unit
            if self._owner(sx, sy) in (None, rid):
                spots.append((sx, sy))
        return spots

    def _owner(self, x: float, y: float) -> str | None:
        """The region under a local point, or None (sea, neutral land, off the map); read from a picture of the
        regions drawn once per layout, as the label placer asks this thousands of times."""
        if self._owners is None:
            ids = list(self._regions)
            picture = pygame.Surface(self._rect.size)
            picture.fill((0, 0, 0))
            for k, rid in enumerate(ids):
                for poly in self._regions[rid].polygons:
                    pygame.draw.polygon(picture, (k + 1, 0, 0), poly)
            self._owners = (pygame.surfarray.pixels_red(picture).T.copy(), ids)
        grid, ids = self._owners
        px, py = int(x), int(y)
        if not (0 <= px < grid.shape[1] and 0 <= py < grid.shape[0]):
            return None
        k = grid[py, px]
        return ids[k - 1] if k else None

    def _covers(self, rid: str | None, lines: tuple[Line, ...]) -> bool:
        """Whether these lines' text lies over a region other than rid (sampled at each box's corners, edge
        middles and centre)."""
        key = ("covers", rid, lines)
        if key not in self._memo:
            self._memo[key] = self._covered(rid, lines)
        return self._memo[key]

    def _covered(self, rid: str | None, lines: tuple[Line, ...]) -> bool:
        for line in lines:
            w, h = self.font(line.px).size(line.text)
            x, y = line.centre
            for fx in (-0.5, 0, 0.5):
                for fy in (-0.5, 0, 0.5):
                    if self._owner(x + fx * w, y + fy * h) not in (None, rid):
                        return True
        return False

    def _nearest(self, key: str, x: float, y: float) -> bool:
        """Whether a spot is nearer to key's own place than to any other region's or sea's: a label moved off its
        shape must still read as its own, not a neighbour's."""
        if self._places is None:
            places: dict[str, list[tuple[float, float]]] = {}
            for k, shape in self.asset.regions.items():
                anchor = self._to_local(shape.label)
                places[k] = [anchor, self._inner_point(k, anchor)]
            for k, shape in self.asset.seas.items():
                places[k] = [self._to_local(shape.anchor or shape.label)]
            self._places = places
        kind = self.asset.regions if key in self.asset.regions else self.asset.seas  # regions vie with regions
        mine = min(math.dist((x, y), at) for at in self._places[key])
        return all(mine <= math.dist((x, y), at) for k in kind if k != key for at in self._places[k])

    def _clear_path(self, rid: str, start: tuple[float, float], end: tuple[float, float]) -> bool:
        """Whether a leader line from start to end crosses no region but rid: a label moved off its region
        goes into open room beside it, never over a neighbour."""
        steps = max(2, round(math.dist(start, end) / 4))
        self._owner(*start)  # the picture, made once per layout
        grid, ids = self._owners
        t = np.arange(steps + 1) / steps
        xs = (start[0] + (end[0] - start[0]) * t).astype(int)
        ys = (start[1] + (end[1] - start[1]) * t).astype(int)
        on = (xs >= 0) & (xs < grid.shape[1]) & (ys >= 0) & (ys < grid.shape[0])
        under = grid[ys[on], xs[on]]
        return bool(np.all((under == 0) | (under == ids.index(rid) + 1))) if rid in ids else not under.any()

    def _inner_point(self, rid: str, near: tuple[float, float], nearest: bool = False) -> tuple[float, float]:
        """A point on the region's largest visible polygon (with nearest, on any of its polygons) nearest to
        `near`: where its leader line ends."""
        shape = self._regions[rid]
        if shape.contains(*near):
            return near
        if not shape.polygons:
            return near
        if self._inner is None:
            self._inner = {}
        if (rid, nearest) not in self._inner:
            if nearest:  # every other pixel of the region (a sliver of an island may have none)
                self._owner(*near)
                grid, ids = self._owners
                ys, xs = np.nonzero(grid[::2, ::2] == ids.index(rid) + 1)
                points = np.stack([xs * 2 + 0.5, ys * 2 + 0.5], axis=1)
            else:
                k = max(range(len(shape.boxes)), key=lambda i: shape.boxes[i].width * shape.boxes[i].height)
                box, poly = shape.boxes[k], shape.polygons[k]
                grid = [(box.x + box.w * (i + 0.5) / 9, box.y + box.h * (j + 0.5) / 9)
                        for i in range(9) for j in range(9)]
                points = np.array([p for p in grid if _inside(p[0], p[1], poly)] or [poly[0]], dtype=float)
            self._inner[(rid, nearest)] = points if len(points) else np.array([shape.polygons[0][0]], dtype=float)
        points = self._inner[(rid, nearest)]
        x, y = points[int(np.argmin((points[:, 0] - near[0]) ** 2 + (points[:, 1] - near[1]) ** 2))]
        return float(x), float(y)

    def _sea_label(self, sid: str, shape: Shape, unit: int, big: int, small: int, floor: int) -> Label:
        """A sea's name with its tension below, on the sea; then name and tension on one line, in its print then
        smaller type; then the same with its shorter name; then off the sea with a leader line, nearer its own
        place than another sea's, then anywhere open; last the tension alone. A sea whose own place is outside it
        (the strait) always points to its anchor."""
        x0, y0 = self._to_local(shape.label)
        anchor = self._to_local(shape.anchor) if shape.anchor is not None else None
        names = self.shape_names(shape)
        target = anchor or (x0, y0)
        key = ("sea spots", sid, unit)
        if key not in self._memo:  # the layout's alone: worked out once per layout and print
            home = self._sea_spots(sid, x0, y0, unit, anchor is not None)
            clear = [(x, y) for dx, dy in FAR_SHIFTS + SEA_SHIFTS
                     if self._owner(x := x0 + dx * unit, y := y0 + dy * unit) is None
                     and (x, y) not in home and self._clear_path(None, (x, y), target)]
            far = [spot for spot in clear if self._nearest(sid, *spot)]
            # last, open sea nearer another sea's place: the leader line says whose name it is
            self._memo[key] = home, far, [spot for spot in clear if spot not in far]
        home, far, loose = self._memo[key]
        tension = round(self.tensions[sid]) if sid in self.tensions else None
        shade = (205, 215, 230)

        def two(name: str, x: float, y: float) -> tuple[Line, ...]:
            if tension is None:
                return (Line(name, small, shade, (x, y)),)
            return Line(name, small, shade, (x, y)), Line(_("tension {value}", value=tension), big, TENSION_INK,
                                                          (x, y + unit * 1.1))

        def one(name: str, x: float, y: float, px: int) -> tuple[Line, ...]:
            return (Line(name if tension is None else f"{name} {tension}", px, TENSION_INK, (x, y)),)

        wordings, pointers = [], []
        for spots, pointed in ((home, anchor), (far, target), (loose, target)):
            for name in names:
                for make in [two] + [lambda n, x, y, px=px: one(n, x, y, px) for px in shrink(small, floor)]:
                    for x, y in spots:
                        lines = make(name, x, y)
                        if spots is not home and self._covers(None, lines):
                            continue  # moved off its sea, a sea's name lies over no region
                        wordings.append(lines)
                        pointers.append(pointed)
        named = len(wordings)
        if tension is not None:
            for x, y in home:
                wordings.append((Line(_("tension {value}", value=tension), big, TENSION_INK, (x, y + unit * 1.1)),))
                pointers.append(anchor)
        return Label(sid, tuple(wordings), tuple(pointers), rank=1, nameless=frozenset(range(named, len(wordings))))

    def _sea_spots(self, sid: str, x: float, y: float, unit: int, pointed: bool) -> list[tuple[float, float]]:
        """Where a sea's label may go: its own place, then nearby places still on that sea (a label with a
        pointer line stays near its place), nearest first; a crowded sea's tension moves rather than vanish."""
        shape = self._seas.get(sid)
        spots = [(x, y)]
        for dx, dy in SEA_SHIFTS:
            sx, sy = x + dx * unit, y + dy * unit
            if (pointed and abs(dx) <= 2) or (shape is not None and shape.contains(sx, sy)
                                              and shape.contains(sx, sy + unit * 1.1)):
                spots.append((sx, sy))
        return spots

    def _draw_labels(self, surface: pygame.Surface, unit: int, blocked: list[pygame.Rect]) -> None:
        """Markers, then every label that fits without touching another (or the legend), in its best wording;
        leader lines first, so that no line crosses a label's text."""
        r = max(3, unit // 3)
        diamonds = []
        for _, at in self.asset.markers.values():
            x, y = self._to_local(at)
            diamond = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
            pygame.draw.polygon(surface, INK, diamond)
            pygame.draw.polygon(surface, SHADOW, diamond, 1)
            diamonds.append(pygame.Rect(round(x - r), round(y - r), 2 * r + 1, 2 * r + 1))
        bounds = surface.get_rect().inflate(-2, -2)

        def measure(line: Line) -> tuple[int, int]:
            return self.font(line.px).size(line.text)

        # a crowded label's type shrinks no smaller than the small print at 100%, the map's least type
        floor = max(12, round(self.unit(surface.get_size(), 1.0) * 1.15))
        labels = self.labels_for(unit, surface.get_height(), floor)
        placed = place_all(labels, measure, bounds, blocked + diamonds)
        self.placed_labels = placed
        width = max(1, unit // 10)
        for label, k in placed:
            pointer = label.pointer(k)
            if pointer is None:
                continue
            first = label.wordings[k][0]
            line = leader(line_rect(first, measure(first), bounds), pointer)
            if line is not None:
                pygame.draw.line(surface, SHADOW, *line, width + 2)
                pygame.draw.line(surface, (205, 215, 230), *line, width)
                pygame.draw.circle(surface, (205, 215, 230), pointer, max(2, r // 2))
        for label, k in placed:
            for line in label.wordings[k]:
                self.text(surface, line.text, line.px, line.centre, line.colour)

    # ------------------------------------------------------------------ tooltip

    def draw_tooltip(self, surface: pygame.Surface, pos: tuple[int, int], title: str, lines: list[str]) -> pygame.Rect:
        """A box of text below and right of pos, flipped to the left and/or above it near the surface's edges and
        kept inside the surface at any scale (long lines wrap at words); returns where it was drawn."""
        unit = self.unit(surface.get_size())
        bounds = surface.get_rect()
        pad, gap = unit // 2, max(2, unit // 8)
        room = max(unit, min(bounds.width - 2 * pad - 2, 28 * unit))  # a long line wraps rather than run off
        head, body = self.font(round(unit * 1.2)), self.font(max(10, round(unit * 1.0)))
        rendered = [head.render(part, True, INK) for part in wrap(head, title, room)]
        rendered += [body.render(part, True, INK) for line in lines for part in wrap(body, line, room)]
        width = min(bounds.width, max(r.get_width() for r in rendered) + 2 * pad)
        height = min(bounds.height, sum(r.get_height() for r in rendered) + 2 * pad + (len(rendered) - 1) * gap)
        rect = pygame.Rect(0, 0, width, height)
        rect.left = pos[0] + unit if pos[0] + unit + width <= bounds.right else pos[0] - unit - width
        rect.top = pos[1] + unit if pos[1] + unit + height <= bounds.bottom else pos[1] - unit - height
        rect.clamp_ip(bounds)
        panel = pygame.Surface(rect.size, pygame.SRCALPHA)
        panel.fill((10, 14, 24, 230))
        surface.blit(panel, rect)
        pygame.draw.rect(surface, INK, rect, 1)
        clip = surface.get_clip()
        surface.set_clip(rect.inflate(-2, -2).clip(clip))  # a box as tall as the window cuts its last lines
        y = rect.y + pad
        for r in rendered:
            surface.blit(r, (rect.x + pad, y))
            y += r.get_height() + gap
        surface.set_clip(clip)
        return rect

    def influence_lines(self, influence: dict[str, tuple[float, dict[str, float]]]) -> list[str]:
        """Tooltip lines from faction -> (influence, {channel: value}), strongest first."""
        lines = []
        for faction, (total, channels) in sorted(influence.items(), key=lambda kv: -kv[1][0]):
            parts = _(", ").join(f"{channel} {round(value)}" for channel, value in channels.items())
            lines.append(f"{self.names.get(faction, faction)} {round(total)}" + (f"  ({parts})" if parts else ""))
        return lines
