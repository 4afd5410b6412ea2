"""Small pure drawing helpers for charts of tracks over the turns of a game.

Every function draws onto the surface and rectangle it is handed, never outside that rectangle,
and keeps no state between calls beyond small caches of rendered labels and markers. Colours come from the
caller (the Okabe-Ito palette in the game); colour is never the only signal, so each series of a
line chart also has its own marker shape and may be dashed:

    series = [Series("Tension", tension, (213, 94, 0), "square"),
              Series("Trust", trust, (0, 114, 178), "triangle", dashed=True)]
    drawn = line_chart(surface, rect, "Tracks", series, font, lo=0, hi=100)

A chart of 6 series x 9 turns draws in about 0.3-0.5 ms (dashed series cost the most: pygame has
no dashed line, so each dash is its own call), a sparkline in about 0.01 ms.
"""

from __future__ import annotations

import functools
import itertools
import math
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import pygame

from game.i18n import _
from game.ui.linebreak import pieces

Colour = tuple[int, int, int]
Point = tuple[float, float]

MARKERS = ("circle", "square", "triangle", "diamond", "cross")  # cycled per series index

OUTLINE: Colour = (12, 16, 24)  # the dark edge around every marker
DASH_ON, DASH_OFF = 6.0, 4.0  # pixels drawn, then skipped, along a dashed line
NICE_STEPS = (1.0, 2.0, 2.5, 5.0)  # tick steps are one of these times a power of ten
LABEL_STRIDES = (1, 2, 5)  # x labels go on every 1, 2, 5, 10, 20, ... turns
TEXT_CACHE_LIMIT = 256  # rendered labels kept per font


@dataclass(frozen=True)
class Series:
    """One line of a chart: a value per turn, starting at turn 0 (the start state)."""

    name: str
    values: Sequence[float]
    colour: Colour
    marker: str = "circle"  # one of MARKERS
    dashed: bool = False


# --- ticks and ranges -----------------------------------------------------------------------------


def nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering lo..hi, about `count` of them.

    Every tick lies within lo..hi and they spread across it: the first is less than one step above
    lo and the last less than one step below hi. Of the round steps giving at least two ticks, the
    one giving the number nearest `count` wins, and of those the step nearest (hi - lo) / count, so
    0..100 gives 0, 25, 50, 75, 100. An empty range gives the single value lo.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"tick range must be finite, got {lo}..{hi}")
    lo, hi = min(lo, hi), max(lo, hi)
    if hi == lo:
        return [lo]
    count = max(1, count)
    rough = (hi - lo) / count

    def badness(step: float) -> tuple[bool, int, float]:
        first, last = _tick_span(lo, hi, step)
        return last <= first, abs(last - first + 1 - count), abs(math.log(step / rough))

    step = min(_candidate_steps(rough), key=badness)
    first, last = _tick_span(lo, hi, step)
    digits = max(0, 2 - math.floor(math.log10(step)))  # enough decimals for 2.5e-3 and the like
    return [round(k * step, digits) + 0.0 for k in range(first, last + 1)]  # + 0.0 turns -0.0 into 0.0


def _candidate_steps(rough: float) -> list[float]:
    """The round steps from a tenth of `rough` to ten times it."""
    power = math.floor(math.log10(rough))
    return [base * 10.0**exponent for exponent in (power - 1, power, power + 1) for base in NICE_STEPS]


def _tick_span(lo: float, hi: float, step: float) -> tuple[int, int]:
    """The first and last multiples of step within lo..hi (with a little slack for rounding), as multipliers."""
    return math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)


def _value_range(values: Sequence[float], lo: float | None, hi: float | None, pad: float) -> tuple[float, float]:
    """lo..hi with the missing ends taken from the values (padded by `pad` of their span), at least 1 wide."""
    data_lo, data_hi = min(values), max(values)
    margin = (data_hi - data_lo) * pad
    low = float(lo) if lo is not None else data_lo - margin
    high = float(hi) if hi is not None else data_hi + margin
    low, high = min(low, high), max(low, high)
    shortfall = 1.0 - (high - low)
    if shortfall > 0:
        if lo is not None and hi is None:
            high += shortfall
        elif hi is not None and lo is None:
            low -= shortfall
        else:
            low, high = low - shortfall / 2, high + shortfall / 2
    return low, high


def _label(value: float) -> str:
    """A tick value as short text: 25 rather than 25.0, 2.5 as is."""
    return str(int(value)) if value == int(value) else f"{value:g}"


# --- drawing primitives ---------------------------------------------------------------------------


@contextmanager
def _clipped(surface: pygame.Surface, rect: pygame.Rect) -> Iterator[None]:
    """Limit drawing to rect (within any clip already set) for the duration of the block."""
    previous = surface.get_clip()
    surface.set_clip(previous.clip(rect))
    try:
        yield
    finally:
        surface.set_clip(previous)


def draw_marker(surface: pygame.Surface, kind: str, centre: tuple[int, int], size: int, colour: Colour) -> None:
    """A filled marker of the given kind (MARKERS), size = its half-width in pixels, with a 1 px dark outline.

    The outline goes around the fill (so the marker reaches size + 1 from its centre) rather than
    over its edge, which would leave small markers almost all outline.
    """
    sprite = _marker_sprite(kind, max(1, size), _rgb(colour))
    surface.blit(sprite, sprite.get_rect(center=centre))


@functools.lru_cache(maxsize=256)
def _marker_sprite(kind: str, size: int, colour: Colour) -> pygame.Surface:
    """The marker on a transparent square, drawn once: a blit costs a fifth of drawing the shapes again."""
    if kind not in MARKERS:
        raise ValueError(f"unknown marker {kind!r}; expected one of {', '.join(MARKERS)}")
    reach = size + 2  # the fill, its outline, and a pixel more for the slanted sides' corners
    sprite = pygame.Surface((2 * reach + 1, 2 * reach + 1), pygame.SRCALPHA)
    _marker_shape(sprite, kind, (reach, reach), size, 1, OUTLINE)
    _marker_shape(sprite, kind, (reach, reach), size, 0, colour)
    return sprite


def _marker_shape(
    surface: pygame.Surface, kind: str, centre: tuple[int, int], size: int, grow: int, colour: Colour
) -> None:
    """One marker shape in a single colour, `grow` pixels larger all round than its fill."""
    x, y = centre
    if kind == "circle":
        pygame.draw.circle(surface, colour, centre, size + grow)
        return
    if kind == "cross":
        arm = max(1, size // 3) + grow  # half the thickness of the bars
        reach = size + grow
        points = [(x - arm, y - reach), (x + arm, y - reach), (x + arm, y - arm), (x + reach, y - arm),
                  (x + reach, y + arm), (x + arm, y + arm), (x + arm, y + reach), (x - arm, y + reach),
                  (x - arm, y + arm), (x - reach, y + arm), (x - reach, y - arm), (x - arm, y - arm)]  # fmt: skip
    elif kind == "square":
        reach = size + grow
        points = [(x - reach, y - reach), (x + reach, y - reach), (x + reach, y + reach), (x - reach, y + reach)]
    elif kind == "triangle":  # its slanted sides need the corners to move twice as far for a 1 px rim
        reach = size + 2 * grow
        points = [(x, y - reach), (x + reach, y + size + grow), (x - reach, y + size + grow)]
    else:  # diamond; its slanted sides too
        reach = size + 2 * grow
        points = [(x, y - reach), (x + reach, y), (x, y + reach), (x - reach, y)]
    pygame.draw.polygon(surface, colour, points)


def _polyline(surface: pygame.Surface, colour: Colour, points: Sequence[Point], width: int, dashed: bool) -> None:
    """A solid or dashed line through the points."""
    if len(points) < 2:
        return
    if dashed:
        for dash in _dashes(points):
            pygame.draw.lines(surface, colour, False, dash, width)
    elif width == 1:
        pygame.draw.aalines(surface, colour, False, points)
    else:
        pygame.draw.lines(surface, colour, False, points, width)


def _dashes(points: Sequence[Point]) -> list[list[Point]]:
    """Split a polyline into DASH_ON-pixel pieces DASH_OFF pixels apart; the pattern runs on round corners."""
    dashes: list[list[Point]] = []
    drawing, left = True, DASH_ON  # whether the pen is down, and how far it stays so
    current: list[Point] = [points[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0)
        done = 0.0
        while length - done > left:
            done += left
            t = done / length
            point = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
            if drawing:
                current.append(point)
                dashes.append(current)
            current = [point]
            drawing = not drawing
            left = DASH_ON if drawing else DASH_OFF
        left -= length - done
        if drawing:
            current.append((x1, y1))
    if drawing and len(current) > 1:
        dashes.append(current)
    return dashes


_text_cache: weakref.WeakKeyDictionary[pygame.font.Font, dict[tuple[str, Colour], pygame.Surface]] = (
    weakref.WeakKeyDictionary()
)


def _text(font: pygame.font.Font, text: str, colour: Colour) -> pygame.Surface:
    """The rendered text, kept per font so a chart redrawn every frame does not render its labels again."""
    cache = _text_cache.setdefault(font, {})
    key = (text, _rgb(colour))
    if key not in cache:
        if len(cache) >= TEXT_CACHE_LIMIT:
            cache.clear()
        cache[key] = font.render(text, True, colour)
    return cache[key]


def _rgb(colour: Colour) -> Colour:
    """The colour as a plain (r, g, b) tuple, fit for a cache key even if a pygame.Color was passed."""
    return (colour[0], colour[1], colour[2])


def _mix(a: Colour, b: Colour, share: float) -> Colour:
    """`share` of b blended into a."""
    return (round(a[0] + (b[0] - a[0]) * share), round(a[1] + (b[1] - a[1]) * share),
            round(a[2] + (b[2] - a[2]) * share))  # fmt: skip


# --- sparkline ------------------------------------------------------------------------------------


def sparkline(
    surface: pygame.Surface,
    rect: pygame.Rect,
    values: Sequence[float],
    colour: Colour,
    lo: float | None = None,
    hi: float | None = None,
    width: int = 2,
) -> None:
    """A small line of values across rect (oldest left, newest right), range lo..hi.

    The range defaults to the values' own min..max, widened to at least 1 so a flat series is a
    flat line in the middle. The last point gets a dot. No values draws nothing; one value draws
    just the dot at the right edge. Values outside lo..hi are cut off at rect's edge.
    """
    if not values:
        return
    low, high = _value_range(values, lo, hi, pad=0.0)
    radius = width + 1  # of the dot; the line keeps that far from rect's edges so the dot fits
    inner = pygame.Rect(rect).inflate(-2 * radius, -2 * radius)
    left, right = inner.left, max(inner.left, inner.right - 1)
    top, bottom = inner.top, max(inner.top, inner.bottom - 1)
    count = len(values)
    xs = [float(right)] if count == 1 else [left + i * (right - left) / (count - 1) for i in range(count)]
    y_scale = (bottom - top) / (high - low)
    points = [(x, bottom - (value - low) * y_scale) for x, value in zip(xs, values)]
    with _clipped(surface, rect):
        _polyline(surface, colour, points, width, dashed=False)
        pygame.draw.circle(surface, colour, points[-1], radius)


# --- line chart -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """Where the parts of a line chart go, and where a value at a turn lands.

    The axes sit one marker width left of and below the data area, so markers on the lowest value
    or the first turn do not cover them.
    """

    plot: pygame.Rect  # the data area: turn 0 on its left edge, low and high on its bottom and top rows
    low: float
    high: float
    turns: int
    ticks: list[float]  # the y values that get a gridline and a label
    line: int  # the font's line height
    pad: int
    marker: int  # half-width of the markers

    @property
    def axis_x(self) -> int:
        return self.plot.left - self.marker - 1

    @property
    def axis_y(self) -> int:
        return self.plot.bottom + self.marker

    def x_of(self, turn: int) -> float:
        """The pixel column of a turn; a single turn sits in the middle."""
        if self.turns == 1:
            return self.plot.centerx
        return self.plot.left + turn * (self.plot.width - 1) / (self.turns - 1)

    def y_of(self, value: float) -> float:
        """The pixel row of a value."""
        return self.plot.bottom - 1 - (value - self.low) * (self.plot.height - 1) / (self.high - self.low)


def line_chart(
    surface: pygame.Surface,
    rect: pygame.Rect,
    title: str,
    series: Sequence[Series],
    font: pygame.font.Font,
    lo: float | None = None,
    hi: float | None = None,
    ink: Colour = (235, 238, 245),
    grid: Colour = (70, 80, 100),
) -> list[str]:
    """A titled chart of series over turns, drawn inside rect; returns every string it drew.

    It has y gridlines with value labels (3-5 round ticks, fewer if rect is too short for them), x
    ticks for turns (labelled 0..n-1, only every 2nd, 5th, 10th... when they would crowd), each
    series as a polyline (dashed if asked) with its marker at every point, and a legend (line
    sample, marker and name) along the bottom that wraps to fit rect's width. The range lo..hi
    defaults to all values' min..max padded by 5% and widened to at least 1; values outside it are
    cut off. Everything is clipped to rect. The strings returned (title, y labels, x labels, legend
    names, in that order) let callers check what is on screen. With no values at all it draws the
    title and "No data".
    """
    rect = pygame.Rect(rect)
    values = [value for one in series for value in one.values]
    with _clipped(surface, rect):
        drawn = _draw_title(surface, rect, title, font, ink)
        if not values:
            message = _text(font, _("No data"), ink)
            surface.blit(message, message.get_rect(center=rect.center))
            return [*drawn, _("No data")]
        low, high = _value_range(values, lo, hi, pad=0.05)
        turns = max(len(one.values) for one in series)
        legend = _legend_items(series, font, ink, rect.width - 2 * _pad(font))
        title_lines = len(_wrap(font, title, rect.width - 2 * _pad(font))) if title else 0
        layout = _layout(rect, font, title_lines, low, high, turns, _legend_rows(legend))
        drawn += _draw_y_axis(surface, layout, font, ink, grid)
        drawn += _draw_x_axis(surface, layout, font, ink, grid)
        with _clipped(surface, layout.plot.inflate(2 * layout.marker + 2, 2 * layout.marker + 2)):
            for one in series:
                _draw_series(surface, layout, one)
        drawn += _draw_legend(surface, rect, legend, layout)
    return drawn


def _pad(font: pygame.font.Font) -> int:
    """The space kept between the parts of a chart and around its edge."""
    return max(2, font.get_linesize() // 4)


def _marker_size(font: pygame.font.Font) -> int:
    """The half-width of a chart's markers, in step with its text (4 px at least, below which circles look square)."""
    return max(4, font.get_linesize() // 4)


def _draw_title(
    surface: pygame.Surface, rect: pygame.Rect, title: str, font: pygame.font.Font, ink: Colour
) -> list[str]:
    """The title at the top left, if there is one, wrapped to rect's width."""
    if not title:
        return []
    pad = _pad(font)
    for k, line in enumerate(_wrap(font, title, rect.width - 2 * pad)):
        surface.blit(_text(font, line, ink), (rect.x + pad, rect.y + pad + k * font.get_linesize()))
    return [title]


def _layout(
    rect: pygame.Rect, font: pygame.font.Font, title_lines: int, low: float, high: float, turns: int,
    legend_rows: int,
) -> _Layout:
    """Fit the data area between the title, the y labels, the x labels and the legend."""
    line, pad, marker = font.get_linesize(), _pad(font), _marker_size(font)
    top = rect.y + pad + (title_lines * line + pad if title_lines else 0) + max(line // 2, marker)
    x_labels = 4 + line  # a tick 3 px long, then a row of labels
    bottom = rect.bottom - pad - legend_rows * line - pad - x_labels - marker
    height = max(1, bottom - top)
    ticks = _y_ticks(low, high, height, line)
    label_width = max(font.size(_label(tick))[0] for tick in ticks)
    left = rect.x + pad + label_width + pad + marker + 1
    right = rect.right - pad - max(marker, font.size(str(turns - 1))[0] // 2 + 1)
    plot = pygame.Rect(left, top, max(1, right - left), height)
    return _Layout(plot, low, high, turns, ticks, line, pad, marker)


def _y_ticks(low: float, high: float, height: int, line: int) -> list[float]:
    """About 4 round values, fewer if their labels would be closer than a line apart; just one in a tiny plot.

    Values with at most one decimal win over more of them (0, 0.5, 1 rather than 0, 0.25, ... 1): players
    read one decimal everywhere else in the game."""
    fitting = []
    for count in (4, 3, 2, 1):
        ticks = nice_ticks(low, high, count)
        if len(ticks) < 2 or (height - 1) * (ticks[1] - ticks[0]) / (high - low) >= line:
            fitting.append(ticks)
    readable = [ticks for ticks in fitting if len(ticks) > 1 and all(round(t, 1) == t for t in ticks)]
    return (readable or fitting or [nice_ticks(low, high, 1)[:1]])[0]


def _draw_y_axis(
    surface: pygame.Surface, layout: _Layout, font: pygame.font.Font, ink: Colour, grid: Colour
) -> list[str]:
    """The vertical axis, and a gridline across the data area for each tick, labelled left of the axis."""
    plot, axis_x = layout.plot, layout.axis_x
    labels = []
    for tick in layout.ticks:
        y = round(layout.y_of(tick))
        pygame.draw.line(surface, grid, (axis_x, y), (plot.right - 1, y))
        label = _label(tick)
        text = _text(font, label, ink)
        surface.blit(text, text.get_rect(midright=(axis_x - layout.pad, y)))
        labels.append(label)
    pygame.draw.line(surface, _mix(grid, ink, 0.4), (axis_x, plot.top), (axis_x, layout.axis_y))
    return labels


def _draw_x_axis(
    surface: pygame.Surface, layout: _Layout, font: pygame.font.Font, ink: Colour, grid: Colour
) -> list[str]:
    """The horizontal axis with a tick and a label for every turn, or every 2nd, 5th, 10th... if they would crowd."""
    plot, axis_y, turns = layout.plot, layout.axis_y, layout.turns
    axis = _mix(grid, ink, 0.4)
    pygame.draw.line(surface, axis, (layout.axis_x, axis_y), (plot.right - 1, axis_y))
    spacing = (plot.width - 1) / max(1, turns - 1)
    stride = _label_stride(font.size(str(turns - 1))[0] + 2 * layout.pad, spacing, turns)
    labels = []
    for turn in range(0, turns, stride):
        x = round(layout.x_of(turn))
        pygame.draw.line(surface, axis, (x, axis_y), (x, axis_y + 3))
        label = str(turn)
        text = _text(font, label, ink)
        surface.blit(text, text.get_rect(midtop=(x, axis_y + 4)))
        labels.append(label)
    return labels


def _label_stride(label_width: float, spacing: float, turns: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... turns between labels that keeps labels apart.

    If even that leaves no room (a chart squeezed to nothing), the stride is all the turns, so
    only turn 0 is labelled.
    """
    scale = 1
    while scale < turns:
        for stride in LABEL_STRIDES:
            if stride * scale * spacing >= label_width:
                return stride * scale
        scale *= 10
    return max(1, turns)


def _draw_series(surface: pygame.Surface, layout: _Layout, series: Series) -> None:
    """One series: its polyline, then its marker on every point."""
    points = [(layout.x_of(turn), layout.y_of(value)) for turn, value in enumerate(series.values)]
    _polyline(surface, series.colour, points, 2, series.dashed)
    sprite = _marker_sprite(series.marker, layout.marker, _rgb(series.colour))
    half = sprite.get_width() // 2
    surface.blits([(sprite, (round(x) - half, round(y) - half)) for x, y in points], doreturn=False)


# --- legend ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _LegendItem:
    """One legend entry: its series, its rendered name (wrapped onto `rows` lines if it must be), and where it
    goes (x from the legend's left, first row)."""

    series: Series
    text: pygame.Surface
    x: int
    row: int
    rows: int = 1


def _sample_width(marker: int) -> int:
    """The line sample before a legend name: a dash, a gap, the marker, a gap, a dash."""
    return round(2 * (DASH_ON + DASH_OFF)) + 2 * marker + 1


def _wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """text split into lines no wider than width, at spaces and where Japanese may break (game.ui.linebreak); a
    piece wider than width alone is split letter by letter."""
    lines: list[str] = []
    line = ""
    for word in (piece if k else f" {piece}" for whole in text.split() for k, piece in enumerate(pieces(whole))):
        joined = not word.startswith(" ")  # a piece of the same word as the one before: no space between
        word = word.lstrip(" ")
        trial = (line + word if joined else f"{line} {word}") if line else word
        if font.size(trial)[0] <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        line = word
        while len(line) > 1 and font.size(line)[0] > width:  # a word longer than the width: break it
            cut = len(line) - 1
            while cut > 1 and font.size(line[:cut])[0] > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line or not lines:
        lines.append(line)
    return lines


def _text_block(font: pygame.font.Font, lines: list[str], ink: Colour) -> pygame.Surface:
    """Lines of text one under the other, a line height apart (one line: the plain rendered text)."""
    if len(lines) == 1:
        return _text(font, lines[0], ink)
    step = font.get_linesize()
    rendered = [_text(font, line, ink) for line in lines]
    block = pygame.Surface((max(r.get_width() for r in rendered), step * (len(lines) - 1) + rendered[-1].get_height()),
                           pygame.SRCALPHA)
    for k, image in enumerate(rendered):
        block.blit(image, (0, k * step))
    return block


def _legend_items(series: Sequence[Series], font: pygame.font.Font, ink: Colour, width: int) -> list[_LegendItem]:
    """Place the entries left to right, starting a new row when the next would not fit in width; a name too
    long for a row of its own is wrapped onto several rows, so every name is shown whole."""
    sample, gap, spacing = _sample_width(_marker_size(font)), _pad(font), 3 * _pad(font)
    items: list[_LegendItem] = []
    x, row, free = 0, 0, 1  # where the next entry goes, and the first row below every entry so far
    for one in series:
        lines = _wrap(font, one.name, max(1, width - sample - gap))
        text = _text_block(font, lines, ink)
        item_width = sample + gap + text.get_width()
        if x > 0 and (len(lines) > 1 or x + item_width > width):
            x, row = 0, free
        items.append(_LegendItem(one, text, x, row, len(lines)))
        free = max(free, row + len(lines))
        x += item_width + spacing
        if len(lines) > 1:  # nothing beside a wrapped name
            x, row = 0, free
    return items


def _legend_rows(items: list[_LegendItem]) -> int:
    """How many text rows the legend takes."""
    return max((item.row + item.rows for item in items), default=0)


def _draw_legend(surface: pygame.Surface, rect: pygame.Rect, items: list[_LegendItem], layout: _Layout) -> list[str]:
    """Each entry as a line sample (broken into two dashes if the series is dashed) with its marker, then its name."""
    line, pad, marker = layout.line, layout.pad, layout.marker
    sample = _sample_width(marker)
    top = rect.bottom - pad - _legend_rows(items) * line
    for item in items:
        x, y = rect.x + pad + item.x, top + item.row * line + line // 2
        colour = item.series.colour
        if item.series.dashed:
            pygame.draw.line(surface, colour, (x, y), (x + DASH_ON, y), 2)
            pygame.draw.line(surface, colour, (x + sample - DASH_ON, y), (x + sample, y), 2)
        else:
            pygame.draw.line(surface, colour, (x, y), (x + sample, y), 2)
        draw_marker(surface, item.series.marker, (x + sample // 2, y), marker, colour)
        if item.rows == 1:
            surface.blit(item.text, item.text.get_rect(midleft=(x + sample + pad, y)))
        else:
            surface.blit(item.text, (x + sample + pad, y - line // 2 + (line - layout.line) // 2))
    return [item.series.name for item in items]


def legend_lines(series: Sequence[Series], font: pygame.font.Font, width: int) -> list[tuple[str, int]]:
    """Every line of the legend line_chart draws in a rect `width` wide, as (text, x of its right end from the
    rect's left): a check that each name is shown whole and inside the chart."""
    pad = _pad(font)
    inner = width - 2 * pad
    sample, gap = _sample_width(_marker_size(font)), _pad(font)
    out = []
    for item in _legend_items(series, font, (255, 255, 255), inner):
        for text in _wrap(font, item.series.name, max(1, inner - sample - gap)):
            out.append((text, pad + item.x + sample + pad + font.size(text)[0]))
    return out


# --- distribution chart ---------------------------------------------------------------------------

DIST_BINS = (20, 12, 8, 5)  # bins of a distribution chart, the most that leave each bar at least 2 px a side


def _bins(low: float, high: float, width: int, arms: int) -> int:
    """The most bins of DIST_BINS whose bars (one per arm, side by side) stay at least 2 px wide."""
    return next((n for n in DIST_BINS if width / n / arms >= 2), DIST_BINS[-1])


def _bar_ticks(low: float, high: float, width: int, font: pygame.font.Font) -> list[float]:
    """Round x tick values across low..high, as many as fit with their labels a gap apart."""
    for count in (5, 4, 3, 2):
        ticks = nice_ticks(low, high, count)
        room = max(font.size(_label(t))[0] for t in ticks) + 2 * _pad(font)
        if len(ticks) < 2 or width * (ticks[1] - ticks[0]) / (high - low) >= room:
            return ticks
    return nice_ticks(low, high, 1)[:1]


def distribution_chart(
    surface: pygame.Surface,
    rect: pygame.Rect,
    title: str,
    arms: Sequence[Series],
    font: pygame.font.Font,
    played: float | None = None,
    ink: Colour = (235, 238, 245),
    grid: Colour = (70, 80, 100),
) -> list[str]:
    """Histograms of per-game values, one per arm (each Series' `values` are the games' final values), drawn
    inside rect; returns every string it drew.

    The arms share the bins and stand side by side in each; a dashed arm's bars are outlined, not filled, so
    colour is never the only signal. The y axis is the share of games in each bin (in %); each arm's mean is a
    vertical line topped by its marker; `played`, if given, is a dotted ink line (the played game's value).
    The legend (line sample, marker, name) goes along the bottom as in line_chart. No values: "No data".
    """
    rect = pygame.Rect(rect)
    values = [float(v) for one in arms for v in one.values]
    with _clipped(surface, rect):
        drawn = _draw_title(surface, rect, title, font, ink)
        if not values:
            message = _text(font, _("No data"), ink)
            surface.blit(message, message.get_rect(center=rect.center))
            return [*drawn, _("No data")]
        low, high = _value_range(values + ([played] if played is not None else []), None, None, pad=0.02)
        legend = _legend_items(arms, font, ink, rect.width - 2 * _pad(font))
        title_lines = len(_wrap(font, title, rect.width - 2 * _pad(font))) if title else 0
        line, pad, marker = font.get_linesize(), _pad(font), _marker_size(font)
        top = rect.y + pad + (title_lines * line + pad if title_lines else 0) + max(line // 2, marker) + marker
        bottom = rect.bottom - pad - _legend_rows(legend) * line - pad - (4 + line)
        height = max(1, bottom - top)
        bins = _bins(low, high, rect.width, len(arms))
        edges = [low + (high - low) * k / bins for k in range(bins + 1)]
        shares = []
        for one in arms:
            counts = [0] * bins
            for v in one.values:
                counts[min(bins - 1, max(0, int((float(v) - low) / (high - low) * bins)))] += 1
            shares.append([100 * c / max(1, len(one.values)) for c in counts])
        top_share = max(max(s) for s in shares)
        y_ticks = _y_ticks(0.0, max(1.0, top_share * 1.05), height, line)
        y_high = max(max(1.0, top_share * 1.05), y_ticks[-1])
        label_width = max(font.size(f"{_label(t)}%")[0] for t in y_ticks)
        left = rect.x + pad + label_width + pad + 2
        right = rect.right - pad - font.size(_label(high))[0] // 2 - 1
        plot = pygame.Rect(left, top, max(1, right - left), height)

        def x_of(value: float) -> float:
            return plot.left + (value - low) * (plot.width - 1) / (high - low)

        def y_of(share: float) -> float:
            return plot.bottom - 1 - share * (plot.height - 1) / y_high

        for tick in y_ticks:  # gridlines and the share labels
            y = round(y_of(tick))
            pygame.draw.line(surface, grid, (plot.left - 2, y), (plot.right - 1, y))
            label = f"{_label(tick)}%"
            text = _text(font, label, ink)
            surface.blit(text, text.get_rect(midright=(plot.left - 2 - pad, y)))
            drawn.append(label)
        axis = _mix(grid, ink, 0.4)
        for k, (one, share) in enumerate(zip(arms, shares)):  # the bars, side by side in each bin
            for b in range(bins):
                x0, x1 = x_of(edges[b]), x_of(edges[b + 1])
                width = (x1 - x0 - 1) / len(arms)
                bar = pygame.Rect(round(x0 + k * width), round(y_of(share[b])), max(1, round(width)),
                                  max(0, round(y_of(0)) - round(y_of(share[b]))))
                if bar.height <= 0:
                    continue
                if one.dashed:
                    pygame.draw.rect(surface, one.colour, bar, width=max(1, min(2, bar.width // 3)))
                else:
                    pygame.draw.rect(surface, one.colour, bar)
        pygame.draw.line(surface, axis, (plot.left - 2, plot.bottom), (plot.right - 1, plot.bottom))
        for tick in _bar_ticks(low, high, plot.width, font):  # the value axis
            x = round(x_of(tick))
            pygame.draw.line(surface, axis, (x, plot.bottom), (x, plot.bottom + 3))
            label = _label(tick)
            text = _text(font, label, ink)
            surface.blit(text, text.get_rect(midtop=(x, plot.bottom + 4)))
            drawn.append(label)
        for one in arms:  # each arm's mean: a line up the plot, its marker on top
            if not one.values:
                continue
            x = round(x_of(sum(float(v) for v in one.values) / len(one.values)))
            pygame.draw.line(surface, one.colour, (x, plot.top), (x, plot.bottom - 1), 2)
            draw_marker(surface, one.marker, (x, plot.top - marker), marker, one.colour)
        if played is not None:
            x = round(x_of(played))
            for y in range(plot.top, plot.bottom, 6):
                pygame.draw.line(surface, ink, (x, y), (x, min(plot.bottom - 1, y + 2)), 1)
        layout = _Layout(plot, 0.0, y_high, 1, y_ticks, line, pad, marker)
        drawn += _draw_legend(surface, rect, legend, layout)
    return drawn
