"""The map asset and its view: every region has a shape, picking works, fills show, the cache holds.

Runs under SDL's dummy video driver (tests/conftest.py). Places are given as (lon, lat) and
projected with the asset's own documented Mercator parameters, so a wrong projection fails here.
"""

import json
import math
from pathlib import Path

import pygame
import pytest
import yaml

from game.ui.map_view import ASSET, FACTION_COLOURS, MapView, load_asset

CONTENT = Path(__file__).resolve().parent.parent / "game" / "rules" / "content" / "base"
SIZE = (1280, 800)
FILLS = {"japan": ("jp", 40), "china": ("cn", 60), "taiwan": ("us", 10), "vietnam": (None, 0)}


def regions_yaml() -> list[dict]:
    return yaml.safe_load((CONTENT / "regions.yaml").read_text(encoding="utf-8"))["regions"]


@pytest.fixture(scope="module")
def asset():
    return load_asset()


@pytest.fixture()
def screen():
    pygame.init()
    try:
        yield pygame.Surface(SIZE)
    finally:
        pygame.quit()


def view_on(surface, asset, **options) -> MapView:
    view = MapView(asset, **options)
    view.set_fills(FILLS)
    view.set_tensions({"ecs": 70, "taiwan_strait": 40, "scs": 55})
    view.draw(surface)
    return view


def at(view: MapView, asset, lon: float, lat: float) -> tuple[int, int]:
    """A (lon, lat) place in window pixels, by the asset's Mercator projection."""
    data = json.loads(ASSET.read_text(encoding="utf-8"))
    assert data["projection"] == "mercator"
    lon0, _, _, lat1 = data["frame"]

    def northing(phi):
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(phi) / 2)))

    design = ((lon - lon0) * data["scale"], (northing(lat1) - northing(lat)) * data["scale"])
    return view.to_screen(design)


def test_asset_has_every_mapped_region_and_sea_zone(asset):
    on_map = {r["id"] for r in regions_yaml() if r.get("kind") in ("country", "group")}
    seas = {r["id"] for r in regions_yaml() if r.get("kind") == "sea"}
    assert on_map >= {"japan", "china", "taiwan", "asean"} and seas == {"ecs", "taiwan_strait", "scs"}
    assert on_map == set(asset.regions), "map regions differ from regions.yaml: rebuild with tools/build_map.py"
    assert seas == set(asset.seas)
    for shape in [*asset.regions.values(), *asset.seas.values()]:
        assert shape.polygons and all(len(p) >= 3 for p in shape.polygons), shape.id
    assert ASSET.stat().st_size < 400_000, "the map asset should stay compact"


def test_a_bad_asset_is_refused(tmp_path):
    bad = tmp_path / "map.json"
    bad.write_text('{"format": 99}', encoding="utf-8")
    with pytest.raises(ValueError, match="format-1"):
        load_asset(bad)


@pytest.mark.parametrize("place, lon, lat", [
    ("japan", 138.5, 36.2),            # inland Honshu
    ("japan", 142.8, 43.4),            # Hokkaido
    ("china", 104.0, 33.0),
    ("taiwan", 120.95, 23.7),
    ("south_korea", 128.0, 36.3),
    ("philippines", 121.0, 16.5),      # Luzon
    ("asean", 114.5, 0.5),             # Borneo
    ("india", 78.5, 21.0),
    ("ecs", 123.5, 28.5),
    ("taiwan_strait", 119.6, 24.2),
    ("scs", 114.0, 12.0),
    (None, 150.0, 30.0),               # the open Pacific
    (None, 85.3, 27.7),                # Nepal: land, but no game region
    (None, 88.0, -5.0),                # Indian Ocean
])
def test_region_at(screen, asset, place, lon, lat):
    view = view_on(screen, asset)
    assert view.region_at(at(view, asset, lon, lat)) == place


def test_region_at_outside_the_map_rect(screen, asset):
    view = MapView(asset)
    view.draw(screen, pygame.Rect(100, 100, 600, 400))
    assert view.region_at((50, 50)) is None
    tokyo = at(view, asset, 138.5, 36.2)
    assert pygame.Rect(100, 100, 600, 400).collidepoint(tokyo)
    assert view.region_at(tokyo) == "japan"


def test_region_interior_shows_the_leaders_colour(screen, asset):
    view = view_on(screen, asset, patterns=False, labels=False, legend=False)
    assert screen.get_at(at(view, asset, 138.5, 36.2))[:3] == view.fill_colour("jp", 40)
    assert screen.get_at(at(view, asset, 104.0, 33.0))[:3] == view.fill_colour("cn", 60)
    assert screen.get_at(at(view, asset, 105.0, 21.5))[:3] == view.fill_colour(None, 0)  # northern Vietnam
    assert view.fill_colour("jp", 40) == FACTION_COLOURS["jp"]  # a wide lead: full colour
    assert view.fill_colour("jp", 5) != view.fill_colour("jp", 40)  # a narrow one: paler


def test_hatching_marks_the_leader_beyond_colour(screen, asset):
    view = view_on(screen, asset, labels=False, legend=False)
    x, y = at(view, asset, 104.0, 33.0)
    patch = {screen.get_at((x + dx, y + dy))[:3] for dx in range(-12, 13) for dy in range(-12, 13)}
    assert view.fill_colour("cn", 60) in patch and len(patch) > 1, "China's fill carries no hatch"


def test_the_map_surface_is_cached(screen, asset, monkeypatch):
    view = view_on(screen, asset)
    calls = []
    original = view.render
    monkeypatch.setattr(view, "render", lambda *a, **k: calls.append(1) or original(*a, **k))
    view.hover, view.selected = "japan", "taiwan"
    view.draw(screen)
    view.set_fills(dict(FILLS))
    view.set_tensions({"ecs": 70, "taiwan_strait": 40, "scs": 55})
    view.draw(screen)
    assert calls == [], "an unchanged map was drawn again"
    view.set_tensions({"ecs": 71, "taiwan_strait": 40, "scs": 55})
    view.draw(screen)
    view.draw(pygame.Surface((900, 700)))
    assert len(calls) == 2, "a change of tension or size must redraw the map"


def test_scripted_input_and_resizes_never_raise(screen, asset):
    view = MapView(asset)
    view.set_fills(FILLS)
    clicked = set()
    for size in [(1280, 800), (640, 480), (1920, 600), (500, 1200), (3, 3), (1, 1)]:
        surface = pygame.Surface(size)
        view.draw(surface)
        for x in range(0, size[0], max(1, size[0] // 23)):
            for y in range(0, size[1], max(1, size[1] // 17)):
                view.handle_event(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(0, 0), buttons=(0, 0, 0)))
                picked = view.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1))
                clicked.add(picked)
                view.draw(surface)
    assert {"china", "india", "scs", None} <= clicked
    assert view.selected is not None


def test_clicking_a_region_selects_it(screen, asset):
    view = view_on(screen, asset)
    taipei = at(view, asset, 120.95, 23.7)
    assert view.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=taipei, button=1)) == "taiwan"
    assert view.selected == "taiwan"
    open_sea = at(view, asset, 150.0, 30.0)
    assert view.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=open_sea, button=1)) is None
    assert view.selected == "taiwan", "a click on open sea keeps the choice"


START_FILLS = {"south_korea": ("us", 21), "taiwan": ("us", 15), "philippines": ("us", 2), "vietnam": ("jp", 9),
               "myanmar": ("cn", 18), "asean": ("us", 2), "india": ("us", 1), "australia": ("us", 16)}


SCENE_NAMES = {"us": "United States", "jp": "Japan", "cn": "China"}  # the rules' names, as the scenes pass them


def placed_view(asset, size, scale, names=None) -> MapView:
    """A view of this map size at this UI scale, filled like the first turn, drawn once."""
    view = MapView(asset, names=names)
    view.text_scale = scale
    view.set_fills(START_FILLS)
    view.set_tensions({"ecs": 55, "taiwan_strait": 55, "scs": 60})
    view.draw(pygame.Surface(size))
    return view


def name_px(view: MapView, key: str) -> int:
    label, k = next((label, k) for label, k in view.placed_labels if label.key == key)
    return label.wordings[k][0].px


def test_the_label_print_doubles_at_200_percent(screen, asset):
    small, large = placed_view(asset, (984, 436), 1.0), placed_view(asset, (984, 436), 2.0)
    for key in ("china", "india", "australia"):
        assert 1.8 <= name_px(large, key) / name_px(small, key) <= 2.2, key
    assert 1.8 <= large.unit((984, 436)) / small.unit((984, 436)) <= 2.2  # markers and hatches grow alike


def names_of(view: MapView, key: str) -> set[str]:
    """The wordings that name a region or sea: its name or short name, alone or with a sea's tension."""
    shape = view.asset.regions.get(key) or view.asset.seas[key]
    return {shape.name, shape.short or shape.name}


# the report's map at 200% UI scale (tests/test_ui.py shows the same rectangles in the real scene), the
# orders screen's smaller map at 1920x1080 and its map at 1280x800
@pytest.mark.parametrize("names", [None, SCENE_NAMES])
@pytest.mark.parametrize("size", [(568, 296), (984, 436), (560, 300), (466, 324)])
def test_every_name_shows_at_200_percent_inside_the_map_and_apart(screen, asset, size, names):
    from game.ui.map_labels import HALO, line_rect

    view = placed_view(asset, size, 2.0, names)
    named = set()
    for label, k in view.placed_labels:
        first = label.wordings[k][0].text
        if label.key in set(asset.regions) | set(asset.seas) and any(
                first == name or first.startswith(f"{name} ") for name in names_of(view, label.key)):
            named.add(label.key)
    shapes = set(asset.regions) | set(asset.seas)
    assert shapes - named == set(), f"names left out at {size}: {sorted(shapes - named)}"
    bounds = pygame.Rect((0, 0), size).inflate(-2, -2)
    boxes = [(line.text, line_rect(line, view.font(line.px).size(line.text), bounds))
             for label, k in view.placed_labels for line in label.wordings[k]]
    for n, (text, box) in enumerate(boxes):
        assert pygame.Rect((0, 0), size).contains(box), f"{text!r} runs off the map: {box}"
        assert not box.colliderect(view.legend_rect), f"{text!r} under the legend"
        for other, second in boxes[n + 1:]:
            assert not box.inflate(HALO, HALO).colliderect(second.inflate(HALO, HALO)), (text, other)


def test_a_crowded_name_shrinks_no_smaller_than_the_print_at_100_percent(screen, asset):
    from game.ui.map_view import STEPS, shrink

    assert shrink(35, 14) == [35, 30, 24, 21] and shrink(17, 14) == [17, 14] and shrink(12, 14) == [12]
    view = placed_view(asset, (568, 296), 2.0)
    small = placed_view(asset, (568, 296), 1.0)
    least = min(line.px for _, line in small_lines(small))
    for label, k in view.placed_labels:
        for line in label.wordings[k]:
            assert line.px >= least, (label.key, line.text, line.px)
    assert min(line.px for _, line in small_lines(view)) < name_px(view, "china"), "something shrank at 200%"
    assert min(STEPS) >= 0.6


def small_lines(view: MapView):
    return [(label.key, line) for label, k in view.placed_labels for line in label.wordings[k]]


def test_the_extra_line_goes_before_a_name(screen, asset):
    """On the crowded map every name shows, though some margins and tensions make room for them."""
    view = placed_view(asset, (568, 296), 2.0)
    lines = {label.key: label.wordings[k] for label, k in view.placed_labels}
    assert set(asset.regions) <= set(lines)
    assert any(len(lines[rid]) == 1 and rid in view.fills for rid in asset.regions), "no extra line was dropped"


def test_a_label_that_fits_nowhere_is_left_out_and_still_picked(screen, asset):
    """On a map too small for every name, labels are left out rather than overlap; a left-out region is still
    found under the pointer, which is what brings up its tooltip."""
    from game.ui.map_labels import HALO, line_rect

    view = placed_view(asset, (260, 140), 2.0)
    placed = {label.key for label, _ in view.placed_labels}
    left_out = sorted(set(asset.regions) - placed)
    assert left_out, "a 260x140 map at 200% has room for every region's name"
    bounds = pygame.Rect(0, 0, 260, 140).inflate(-2, -2)
    boxes = [line_rect(line, view.font(line.px).size(line.text), bounds) for _, line in small_lines(view)]
    assert all(a.inflate(HALO, HALO).collidelist([b.inflate(HALO, HALO) for b in boxes[n + 1:]]) < 0
               for n, a in enumerate(boxes))
    for rid in left_out:
        shape = view._regions[rid]
        spots = [(x, y) for box in shape.boxes for x in range(box.left, box.right) for y in range(box.top, box.bottom)
                 if view.region_at((x, y)) == rid]
        assert spots or not shape.boxes, f"{rid} cannot be pointed at"


def test_every_name_shows_on_a_big_map(screen, asset):
    view = placed_view(asset, (1020, 736), 1.0)
    assert {label.key for label, _ in view.placed_labels} >= set(asset.regions) | set(asset.seas)


@pytest.mark.parametrize("names", [None, SCENE_NAMES])
@pytest.mark.parametrize("size", [(568, 296), (466, 324), (560, 300)])
def test_a_moved_label_points_home_and_never_sits_on_a_neighbour(screen, asset, size, names):
    from game.ui.map_labels import leader, line_rect

    view = placed_view(asset, size, 2.0, names)
    bounds = pygame.Rect((0, 0), size).inflate(-2, -2)
    for label, k in view.placed_labels:
        pointer, first = label.pointer(k), label.wordings[k][0]
        if pointer is None or label.key not in asset.regions:
            continue
        box = line_rect(first, view.font(first.px).size(first.text), bounds)
        # a label whose leader line is hidden under its text reads as the nearest region's: so it must be
        assert leader(box, pointer) is not None or view._nearest(label.key, *box.center), label.key
    for label, k in view.placed_labels:
        pointer = label.pointer(k)
        if pointer is None or label.key not in asset.regions:
            continue
        assert view._owner(*pointer) == label.key, f"{label.key}'s leader line ends on its own land"
        first = label.wordings[k][0]
        box = line_rect(first, view.font(first.px).size(first.text), bounds)
        assert view._owner(*box.center) in (None, label.key), f"{label.key}'s label sits on another region"


@pytest.mark.parametrize("scale", [1.0, 2.0])
@pytest.mark.parametrize("corner", ["topleft", "topright", "bottomleft", "bottomright", "center"])
def test_tooltips_stay_inside_the_window_at_every_corner(screen, asset, scale, corner):
    view = view_on(screen, asset)
    view.text_scale = scale
    bounds = screen.get_rect()
    pos = getattr(bounds.inflate(-2, -2), corner)
    long = "United States 38  (trade 55, investment 15, aid 10, security 85, soft power 40, and a long tail " * 2
    rect = view.draw_tooltip(screen, pos, "Rest of ASEAN", [long, "China 44  (trade 65)"])
    assert bounds.contains(rect), (corner, rect)
    assert not rect.collidepoint(pos), "the tooltip hides the pointer"
    assert rect.width < bounds.width, "a long line wraps"


def test_wrap_breaks_at_words_and_cuts_only_a_word_too_long():
    from game.ui.map_view import wrap

    pygame.font.init()
    font = pygame.font.Font(None, 20)
    width = font.size("United States 38")[0]
    assert wrap(font, "United States 38 trade 55", width) == ["United States 38", "trade 55"]
    parts = wrap(font, "W" * 40, width)
    assert len(parts) > 1 and "".join(parts) == "W" * 40 and all(font.size(p)[0] <= width for p in parts)


def test_tooltip_stays_on_screen(screen, asset):
    view = view_on(screen, asset)
    lines = view.influence_lines({"us": (38, {"trade": 55, "investment": 15}), "cn": (44, {"trade": 65})})
    assert lines[0].startswith("China 44")
    for pos in [(5, 5), (1275, 795), (640, 400)]:
        rect = view.draw_tooltip(screen, pos, "Vietnam", lines)
        assert screen.get_rect().contains(rect) and not rect.collidepoint(pos)
