"""Small, clean inline SVG charts for the exported report: lines over turns and two distributions side by side.

Every chart is one `<svg>` element with a viewBox (it scales to the page and never needs a file, a font or a
script), a title for screen readers, and series told apart by marker shape and dash as well as colour (the
Okabe-Ito palette, readable in grey print too). Text is escaped; numbers are drawn with at most one decimal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from game.i18n import _
from game.session.words import number

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")  # Okabe-Ito
MARKERS = ("circle", "square", "triangle", "diamond", "cross")
DASHES = ("", "6 3", "2 2", "8 3 2 3")
WIDTH, HEIGHT = 640, 250  # user units of a line chart (the page scales it to its width)
LEFT, RIGHT, TOP, BOTTOM = 44, 26, 26, 30
NICE = (1.0, 2.0, 2.5, 5.0)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]


def nice_range(lo: float, hi: float, ticks: int = 5) -> tuple[float, float, float]:
    """(low, high, step) covering lo..hi with round tick steps."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in NICE + (10.0,) if s * power >= raw)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step, step


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    r = 3.2
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}" stroke="#111" stroke-width="0.6"/>'
    if kind == "square":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}" '
                'stroke="#111" stroke-width="0.6"/>')
    if kind == "triangle":
        pts = f"{x:.1f},{y - r - 0.6:.1f} {x - r - 0.4:.1f},{y + r:.1f} {x + r + 0.4:.1f},{y + r:.1f}"
        return f'<polygon points="{pts}" fill="{colour}" stroke="#111" stroke-width="0.6"/>'
    if kind == "diamond":
        pts = f"{x:.1f},{y - r - 0.8:.1f} {x + r + 0.8:.1f},{y:.1f} {x:.1f},{y + r + 0.8:.1f} {x - r - 0.8:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}" stroke="#111" stroke-width="0.6"/>'
    return (f'<path d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}M{x - r:.1f},{y + r:.1f}L{x + r:.1f},{y - r:.1f}" '
            f'stroke="{colour}" stroke-width="2"/>')


def _legend(series: Sequence[Series], y0: float) -> tuple[list[str], float]:
    """Legend rows under the plot (several entries a row), and the height they take."""
    parts, x, y = [], LEFT, y0
    for k, s in enumerate(series):
        label = s.label if len(s.label) <= 44 else s.label[:43] + "…"
        width = 34 + 6.2 * len(label)
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, y = LEFT, y + 16
        colour, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
        parts.append(f'<line x1="{x}" y1="{y:.1f}" x2="{x + 22}" y2="{y:.1f}" stroke="{colour}" stroke-width="2"'
                     + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        parts.append(_marker(MARKERS[k % len(MARKERS)], x + 11, y, colour))
        parts.append(f'<text x="{x + 27}" y="{y + 4:.1f}">{escape(label)}</text>')
        x += width
    return parts, y - y0 + 16


def line_chart(title: str, x_labels: Sequence[str], series: Sequence[Series], lo: float | None = None,
               hi: float | None = None) -> str:
    """Tracks (or scores) over turns: one line and marker shape per series, x labels under the points."""
    values = [v for s in series for v in s.values if math.isfinite(v)]
    low, high, step = nice_range(min(values, default=0.0) if lo is None else lo,
                                 max(values, default=1.0) if hi is None else hi)
    n = max(len(x_labels), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def py(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / (high - low))

    parts = [f'<text x="{LEFT}" y="16" class="t">{escape(title)}</text>']
    ticks = int(round((high - low) / step))
    for k in range(ticks + 1):
        v = low + k * step
        y = py(v)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 5}" y="{y + 4:.1f}" text-anchor="end">{number(v)}</text>')
    stride = next(s for s in (1, 2, 3, 4, 5, 10, 20, 50, 100, 10**9) if n / s <= 12)
    for i, label in enumerate(x_labels):
        if i % stride == 0 or i == n - 1:
            anchor = "end" if i == n - 1 and n > 1 else "middle"  # the last label ends at the plot's edge, uncut
            x = px(i) + (6 if anchor == "end" else 0)
            parts.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="{anchor}">{escape(label)}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#555"/>')
    for k, s in enumerate(series):
        colour, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
        points = [(px(i), py(v)) for i, v in enumerate(s.values) if math.isfinite(v)]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"'
                         + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        parts += [_marker(MARKERS[k % len(MARKERS)], x, y, colour) for x, y in points]
    legend, extra = _legend(series, HEIGHT + 4)
    return _svg(title, HEIGHT + extra + 6, parts + legend)


def distributions(title: str, labels: Sequence[str], arms: Sequence[Sequence[float]],
                  actual: float | None = None, bins: int = 16) -> str:
    """One or two arms' values as histograms on one axis (arm A above, arm B mirrored below), the played value
    marked."""
    arms, labels = tuple(arms)[:2], tuple(labels)[:2]
    values = [float(v) for arm in arms for v in arm if math.isfinite(float(v))]
    extra = [actual] if actual is not None and math.isfinite(actual) else []
    low, high, step = nice_range(min(values + extra, default=0.0), max(values + extra, default=1.0))
    plot_w, half = WIDTH - LEFT - RIGHT, 80
    mid = TOP + 90
    below = half if len(arms) > 1 else 0
    width = (high - low) / bins
    counts = []
    for arm in arms:
        row = [0] * bins
        for v in arm:
            v = float(v)
            if math.isfinite(v):
                row[min(int((v - low) / width), bins - 1)] += 1
        counts.append(row)
    top = max((c for row in counts for c in row), default=1) or 1

    def px(v: float) -> float:
        return LEFT + plot_w * (v - low) / (high - low)

    parts = [f'<text x="{LEFT}" y="16" class="t">{escape(title)}</text>']
    for a, (row, sign) in enumerate(zip(counts, (-1, 1))):
        colour = PALETTE[a]
        for b, c in enumerate(row):
            if c:
                h = half * c / top
                x = px(low + b * width)
                y = mid - h if sign < 0 else mid
                parts.append(f'<rect x="{x + 0.5:.1f}" y="{y:.1f}" width="{plot_w / bins - 1:.1f}" height="{h:.1f}" '
                             f'fill="{colour}"' + (' fill-opacity="0.55" stroke="#111" stroke-width="0.5"'
                                                   if a else "") + "/>")
    parts.append(f'<line x1="{LEFT}" y1="{mid}" x2="{WIDTH - RIGHT}" y2="{mid}" stroke="#555"/>')
    ticks = int(round((high - low) / step))
    for k in range(ticks + 1):
        v = low + k * step
        parts.append(f'<text x="{px(v):.1f}" y="{mid + below + 16}" text-anchor="middle">{number(v)}</text>')
    if extra:
        x = px(extra[0])
        parts.append(f'<line x1="{x:.1f}" y1="{mid - half}" x2="{x:.1f}" y2="{mid + below}" stroke="#000" '
                     'stroke-width="1.5" stroke-dasharray="4 2"/>')
        parts.append(f'<text x="{x + 4:.1f}" y="{mid - half + 10}">'
                     f'{escape(_("played: {value}", value=number(extra[0])))}</text>')
    y = mid + below + 34
    for a, label in enumerate(labels):
        parts.append(f'<rect x="{LEFT}" y="{y - 9 + 16 * a}" width="12" height="10" fill="{PALETTE[a]}"'
                     + (' fill-opacity="0.55" stroke="#111" stroke-width="0.5"' if a else "") + "/>")
        games = _("{arm} ({n} games)", arm=label, n=len(arms[a]))
        if len(arms) > 1:
            games = _("above: {arm}", arm=games) if a == 0 else _("below: {arm}", arm=games)
        parts.append(f'<text x="{LEFT + 18}" y="{y + 16 * a}">{escape(games)}</text>')
    return _svg(title, y + 10 + 16 * len(arms), parts)


def _svg(title: str, height: float, parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
            f'class="chart"><title>{escape(title)}</title>' + "".join(parts) + "</svg>")
