"""Chart helpers: round ticks, sparklines, line charts and markers draw where they should and nowhere else.

Runs under SDL's dummy video driver (tests/conftest.py). Pixels are checked with masks: a surface is
filled with a sentinel colour first, so anything a helper drew shows as a changed pixel.
"""

import itertools
import math
import statistics
import time

import pygame
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.ui.charts import (
    MARKERS,
    Series,
    _legend_items,
    _marker_size,
    _sample_width,
    draw_marker,
    line_chart,
    nice_ticks,
    sparkline,
)

BACKGROUND = (16, 24, 40)
SENTINEL = (255, 0, 255)  # a colour no helper draws, so changed pixels are the drawn ones
BLUE, VERMILION, PINK = (0, 114, 178), (213, 94, 0), (204, 121, 167)
ORANGE, SKY, GREEN = (230, 159, 0), (86, 180, 233), (0, 158, 115)
NICE_BASES = (1.0, 2.0, 2.5, 5.0)


@pytest.fixture(scope="module")
def font():
    pygame.font.init()
    return pygame.font.Font(None, 16)


def exact_mask(surface: pygame.Surface, colour) -> pygame.Mask:
    """The pixels of exactly this colour."""
    return pygame.mask.from_threshold(surface, colour, (1, 1, 1, 255))


def drawn_mask(surface: pygame.Surface, background) -> pygame.Mask:
    """The pixels that are no longer the background."""
    mask = exact_mask(surface, background)
    mask.invert()
    return mask


def changed_outside(surface: pygame.Surface, rect: pygame.Rect, background) -> int:
    """How many pixels outside rect are not the background any more."""
    outside = pygame.Mask(surface.get_size(), fill=True)
    outside.erase(pygame.Mask(rect.size, fill=True), rect.topleft)
    return outside.overlap_area(drawn_mask(surface, background), (0, 0))


def count_in(mask: pygame.Mask, rect: pygame.Rect) -> int:
    """How many set pixels of mask lie inside rect."""
    return mask.overlap_area(pygame.Mask(rect.size, fill=True), rect.topleft)


def filled(size, colour=SENTINEL) -> pygame.Surface:
    surface = pygame.Surface(size)
    surface.fill(colour)
    return surface


def six_series(turns: int = 9) -> list[Series]:
    colours = (BLUE, VERMILION, PINK, ORANGE, SKY, GREEN)
    return [
        Series(f"Track {i}", [(i * 17 + t * 9) % 101 for t in range(turns)], colour, MARKERS[i % 5], dashed=i % 2 == 1)
        for i, colour in enumerate(colours)
    ]


# --- nice_ticks -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lo", "hi", "expected"),
    [
        (0, 100, [0, 25, 50, 75, 100]),
        (-5, 105, [0, 25, 50, 75, 100]),
        (0, 1, [0, 0.25, 0.5, 0.75, 1]),
        (0, 250, [0, 100, 200]),
        (100, 0, [0, 25, 50, 75, 100]),
        (-1, 1, [-1, -0.5, 0, 0.5, 1]),
        (7, 7, [7]),
    ],
)
def test_nice_ticks_examples(lo, hi, expected):
    assert nice_ticks(lo, hi) == pytest.approx(expected)


def test_nice_ticks_has_no_float_noise():
    assert nice_ticks(0, 0.3, 3) == [0.0, 0.1, 0.2, 0.3]
    assert all(str(tick) in {"0.0", "0.1", "0.2", "0.3"} for tick in nice_ticks(0, 0.3, 3))


def test_nice_ticks_rejects_infinite_ranges():
    with pytest.raises(ValueError):
        nice_ticks(0, math.inf)


@given(
    lo=st.floats(-1000, 1000, allow_nan=False),
    span=st.floats(0.01, 5000, allow_nan=False),
    count=st.integers(2, 8),
)
def test_nice_ticks_are_round_increasing_and_cover_the_range(lo, span, count):
    hi = lo + span
    ticks = nice_ticks(lo, hi, count)
    assert len(ticks) >= 2
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    assert any(math.isclose(mantissa, base, rel_tol=1e-6) for base in NICE_BASES), (ticks, mantissa)
    tolerance = step * 1e-6
    for a, b in itertools.pairwise(ticks):
        assert b - a == pytest.approx(step, rel=1e-6)
    assert all(math.isclose(tick / step, round(tick / step), abs_tol=1e-6) for tick in ticks)
    assert lo - tolerance <= ticks[0] < lo + step
    assert hi - step < ticks[-1] <= hi + tolerance
    if count == 4:
        assert 3 <= len(ticks) <= 5, ticks


# --- sparkline ------------------------------------------------------------------------------------

SPARK = pygame.Rect(20, 10, 100, 30)


def test_sparkline_rising_goes_from_lower_left_to_upper_right():
    surface = filled((140, 60))
    sparkline(surface, SPARK, list(range(10)), ORANGE)
    ink = exact_mask(surface, ORANGE)
    half_w, half_h = SPARK.width // 2, SPARK.height // 2
    lower_left = pygame.Rect(SPARK.x, SPARK.centery, half_w, half_h)
    upper_right = pygame.Rect(SPARK.centerx, SPARK.y, half_w, half_h)
    upper_left = pygame.Rect(SPARK.x, SPARK.y, half_w // 2, half_h // 2)
    lower_right = pygame.Rect(SPARK.right - half_w // 2, SPARK.bottom - half_h // 2, half_w // 2, half_h // 2)
    assert count_in(ink, lower_left) > 10
    assert count_in(ink, upper_right) > 10
    assert count_in(ink, upper_left) == 0
    assert count_in(ink, lower_right) == 0
    assert changed_outside(surface, SPARK, SENTINEL) == 0


def test_sparkline_flat_series_is_a_horizontal_line_in_the_middle():
    surface = filled((140, 60))
    sparkline(surface, SPARK, [5, 5, 5, 5, 5], SKY, width=1)
    ink = drawn_mask(surface, SENTINEL)
    box = ink.get_bounding_rects()[0]
    assert abs(box.centery - SPARK.centery) <= 1
    assert box.height <= 7  # the line and the dot at its end
    assert box.width > SPARK.width * 0.8


def test_sparkline_respects_a_given_range():
    surface = filled((140, 60))
    sparkline(surface, SPARK, [50, 50], GREEN, lo=0, hi=100)
    middle = exact_mask(surface, GREEN).get_bounding_rects()[0]
    assert abs(middle.centery - SPARK.centery) <= 1
    low = filled((140, 60))
    sparkline(low, SPARK, [50, 50], GREEN, lo=0, hi=1000)
    assert exact_mask(low, GREEN).get_bounding_rects()[0].centery > middle.centery + 5


def test_sparkline_with_no_values_draws_nothing():
    surface = filled((140, 60))
    sparkline(surface, SPARK, [], ORANGE)
    assert drawn_mask(surface, SENTINEL).count() == 0


def test_sparkline_with_one_value_is_a_dot_at_the_right_edge():
    surface = filled((140, 60))
    sparkline(surface, SPARK, [3], ORANGE)
    box = drawn_mask(surface, SENTINEL).get_bounding_rects()[0]
    assert box.right >= SPARK.right - 2
    assert box.width <= 8
    assert abs(box.centery - SPARK.centery) <= 1


# --- line_chart -----------------------------------------------------------------------------------


def test_line_chart_returns_title_ticks_and_legend(font):
    surface = filled((520, 320), BACKGROUND)
    series = six_series()
    drawn = line_chart(surface, pygame.Rect(10, 10, 500, 300), "Tracks over the game", series, font, lo=0, hi=100)
    assert drawn[0] == "Tracks over the game"
    assert drawn[1:6] == ["0", "25", "50", "75", "100"]
    assert drawn[6:15] == [str(turn) for turn in range(9)]
    assert drawn[15:] == [one.name for one in series]


def test_line_chart_default_range_is_padded_and_labelled(font):
    surface = filled((400, 260), BACKGROUND)
    drawn = line_chart(surface, pygame.Rect(0, 0, 400, 260), "", [Series("a", [10, 20, 30, 40], BLUE)], font)
    y_labels = [float(label) for label in drawn[: drawn.index("0")]]
    assert 3 <= len(y_labels) <= 5
    assert y_labels == sorted(y_labels)
    assert y_labels[0] >= 10 - 1.5 and y_labels[-1] <= 40 + 1.5  # within the 5% padding


def test_line_chart_labels_a_track_of_0_and_1_with_at_most_one_decimal(font):
    """0, 0.5, 1 rather than 0, 0.25, 0.5, 0.75, 1: players read one decimal everywhere."""
    surface = filled((400, 260), BACKGROUND)
    drawn = line_chart(surface, pygame.Rect(0, 0, 400, 260), "", [Series("a", [0, 0, 1, 1], BLUE)], font, lo=0, hi=1)
    assert drawn[:7] == ["0", "0.5", "1", "0", "1", "2", "3"]  # the y labels, then the turns


def test_line_chart_thins_crowded_turn_labels(font):
    surface = filled((260, 200), BACKGROUND)
    series = [Series("Long", list(range(60)), ORANGE, "square")]
    drawn = line_chart(surface, pygame.Rect(0, 0, 260, 200), "T", series, font)
    x_start = len(drawn) - 1 - drawn[::-1].index("0")  # the x labels run from the last "0" to the legend
    turns = [int(label) for label in drawn[x_start:-1]]
    stride = turns[1] - turns[0]
    assert stride > 1
    assert turns == list(range(0, 60, stride))


def test_line_chart_never_draws_outside_rect(font):
    surface = filled((420, 320))
    rect = pygame.Rect(60, 50, 260, 180)
    wild = [Series("A very long legend name that cannot fit on one row", [-50, 180, 40, 300], BLUE, "cross")]
    title = "A title far too long to fit in this small chart at all"
    line_chart(surface, rect, title, six_series() + wild, font, lo=0, hi=100)
    assert changed_outside(surface, rect, SENTINEL) == 0
    assert count_in(drawn_mask(surface, SENTINEL), rect) > 1000


def test_line_chart_keeps_within_and_restores_the_callers_clip(font):
    surface = filled((420, 320))
    clip = pygame.Rect(100, 80, 120, 90)
    surface.set_clip(clip)
    line_chart(surface, pygame.Rect(60, 50, 260, 180), "Clipped", six_series(), font, lo=0, hi=100)
    assert surface.get_clip() == clip
    assert changed_outside(surface, clip, SENTINEL) == 0


@given(
    values=st.lists(st.lists(st.floats(0, 250), max_size=30), max_size=6),
    width=st.integers(40, 400),
    height=st.integers(30, 300),
    dashed=st.booleans(),
)
def test_line_chart_stays_inside_any_rect(font, values, width, height, dashed):
    surface = filled((width + 40, height + 40))
    rect = pygame.Rect(20, 20, width, height)
    series = [Series(f"S{i}", v, SKY, MARKERS[i % len(MARKERS)], dashed) for i, v in enumerate(values)]
    drawn = line_chart(surface, rect, "Chart", series, font)
    assert drawn[0] == "Chart"
    assert changed_outside(surface, rect, SENTINEL) == 0


def test_line_chart_with_no_series_or_one_value_does_not_raise(font):
    surface = filled((300, 200), BACKGROUND)
    assert line_chart(surface, pygame.Rect(0, 0, 300, 200), "Empty", [], font) == ["Empty", "No data"]
    assert line_chart(surface, pygame.Rect(0, 0, 300, 200), "", [Series("none", [], BLUE)], font) == ["No data"]
    drawn = line_chart(surface, pygame.Rect(0, 0, 300, 200), "One", [Series("Only", [42], BLUE)], font)
    assert drawn[0] == "One" and drawn[-1] == "Only"
    assert drawn[-2] == "0"  # the single turn


def test_dashed_series_draw_fewer_pixels_than_solid(font):
    def blue_pixels(dashed: bool) -> int:
        surface = filled((400, 260), BACKGROUND)
        series = [Series("a", [0, 100, 0, 100], BLUE, "circle", dashed)]
        line_chart(surface, pygame.Rect(0, 0, 400, 260), "", series, font)
        return exact_mask(surface, BLUE).count()

    solid, dashed = blue_pixels(False), blue_pixels(True)
    assert 0 < dashed < solid * 0.85


def test_legend_wraps_to_the_width(font):
    names = ["U.S. influence", "Japan influence", "China influence", "Tension", "Alliance trust", "Trade"]
    series = [Series(name, [1, 2], BLUE) for name in names]
    items = _legend_items(series, font, (255, 255, 255), 200)
    sample = _sample_width(_marker_size(font))  # the line and marker before each name
    assert max(item.row for item in items) >= 2
    assert all(item.x + sample + item.text.get_width() <= 200 for item in items)
    assert [item.series.name for item in items] == names


def test_line_chart_is_fast(font):
    surface = filled((520, 320), BACKGROUND)
    rect, series = pygame.Rect(10, 10, 500, 300), six_series()
    line_chart(surface, rect, "Warm up", series, font, 0, 100)
    times = []
    for _ in range(30):
        start = time.perf_counter()
        line_chart(surface, rect, "Warm up", series, font, 0, 100)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.005  # about 0.5 ms when written; a tenfold margin for slow machines


# --- markers --------------------------------------------------------------------------------------


def marker_pattern(kind: str, size: int = 5) -> bytes:
    surface = filled((24, 24), BACKGROUND)
    draw_marker(surface, kind, (12, 12), size, ORANGE)
    return pygame.image.tobytes(surface, "RGB")


def test_markers_differ_from_one_another():
    patterns = {kind: marker_pattern(kind) for kind in MARKERS}
    assert len(set(patterns.values())) == len(MARKERS)


@pytest.mark.parametrize("kind", MARKERS)
def test_marker_is_filled_outlined_and_about_its_size(kind):
    surface = filled((30, 30), (200, 200, 200))
    draw_marker(surface, kind, (15, 15), 5, ORANGE)
    assert surface.get_at((15, 15))[:3] == ORANGE
    fill = exact_mask(surface, ORANGE).get_bounding_rects()[0]
    assert fill.width == pytest.approx(11, abs=1)
    drawn = drawn_mask(surface, (200, 200, 200)).get_bounding_rects()[0]
    assert drawn.contains(fill) and drawn.width > fill.width  # the outline goes around the fill
    left_rim = [surface.get_at((x, drawn.bottom - 1))[:3] for x in range(drawn.left, drawn.right)]
    assert min(sum(pixel) for pixel in left_rim) < 100  # and it is dark


def test_unknown_marker_is_an_error():
    with pytest.raises(ValueError):
        draw_marker(filled((10, 10)), "star", (5, 5), 3, BLUE)
