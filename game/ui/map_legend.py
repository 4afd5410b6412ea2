"""The map's legend: what the fills, hatches and sea shades mean, placed where it hides no land that matters.

The legend goes in whichever corner or edge of the map covers the least of the game's regions and their
labels (and, after that, the least land): over open ocean when there is some, usually the Indian Ocean or
the Pacific. On a small map, where every spot would hide a region, it folds into a small "Legend (L)" tab
in the least harmful spot; the L key or a click on the tab opens it (and closes it again).

Which spot, and whether it folds, depends only on the map's layout (not on fills or tensions), so it is
worked out once per layout from two masks: the regions with their labels, and all land.
"""

from __future__ import annotations

import pygame

from game.i18n import N_, _

AREA_SHARE = 0.22  # the open legend may cover at most this share of the map before it folds
REGION_WEIGHT = 100  # a pixel of a region (or its label) hidden counts as much as this many pixels of other land
HINT = N_("Legend (L)")  # translated where drawn


def _rows(view) -> list[tuple[str, str]]:
    return [(f, view.names.get(f, f)) for f in view.colours]


def metrics(view, unit: int) -> tuple[int, int, int]:
    """(text px, swatch side, gap) for this text unit."""
    return max(10, round(unit * 1.0)), unit + 4, unit // 2


def legend_size(view, unit: int) -> tuple[int, int]:
    px, box, gap = metrics(view, unit)
    texts = [_("Leads: narrow - wide"), _("No lead"), _("Sea tension 0-100")] + [name for _f, name in _rows(view)]
    width = box * 3 + gap * 5 + max(view.font(px).size(t)[0] for t in texts)
    return width, gap * 2 + (len(_rows(view)) + 3) * (box + gap)


def chip_px(unit: int) -> int:
    """The folded tab's text size: as large as the map's sea names."""
    return max(12, round(unit * 1.15))


def chip_size(view, unit: int) -> tuple[int, int]:
    gap = metrics(view, unit)[2]
    w, h = view.font(chip_px(unit)).size(_(HINT))
    return w + 2 * gap, h + gap


def _mask(size: tuple[int, int], polygons, rects=()) -> pygame.mask.Mask:
    surface = pygame.Surface(size)
    surface.fill((0, 0, 0))
    for poly in polygons:
        if len(poly) >= 3:
            pygame.draw.polygon(surface, (255, 255, 255), poly)
    for rect in rects:
        pygame.draw.rect(surface, (255, 255, 255), rect)
    surface.set_colorkey((0, 0, 0))
    return pygame.mask.from_surface(surface)


def masks(view, size: tuple[int, int], unit: int) -> tuple[pygame.mask.Mask, pygame.mask.Mask]:
    """(regions and their labels, all land) in the view's current layout."""
    regions = [poly for shape in view._regions.values() for poly in shape.polygons]
    labels = []
    for shape in view.asset.regions.values():
        x, y = view._to_local(shape.label)
        labels.append(pygame.Rect(round(x - 3 * unit), round(y - unit), 6 * unit, round(2.6 * unit)))
    land = list(view._land.polygons) if view._land is not None else []
    return _mask(size, regions, labels), _mask(size, land)


def spots(size: tuple[int, int], box: tuple[int, int], margin: int) -> list[pygame.Rect]:
    """Where a box may go: the four corners, then the middles of the bottom and the right edge."""
    w, h = size
    rect = pygame.Rect((0, 0), box)
    out = []
    for anchor, point in (("bottomleft", (margin, h - margin)), ("bottomright", (w - margin, h - margin)),
                          ("topright", (w - margin, margin)), ("topleft", (margin, margin)),
                          ("midbottom", (w // 2, h - margin)), ("midright", (w - margin, h // 2))):
        spot = rect.copy()
        setattr(spot, anchor, point)
        out.append(spot)
    return out


def cost(rect: pygame.Rect, regions: pygame.mask.Mask, land: pygame.mask.Mask) -> tuple[int, int]:
    """(pixels of regions and their labels, pixels of land) under rect."""
    cover = pygame.mask.Mask(rect.size, fill=True)
    return regions.overlap_area(cover, rect.topleft), land.overlap_area(cover, rect.topleft)


def choose(view, size: tuple[int, int], unit: int, opened: bool | None) -> tuple[pygame.Rect, bool]:
    """(where the legend goes, whether it is open) on a map of this size; opened None: open if it hides no region."""
    regions, land = masks(view, size, unit)

    def best(box: tuple[int, int]) -> tuple[pygame.Rect, int]:
        ranked = [(cost(spot, regions, land), k, spot) for k, spot in enumerate(spots(size, box, unit))
                  if pygame.Rect((0, 0), size).contains(spot)]
        if not ranked:
            return pygame.Rect((0, 0), box), 1
        (hidden, other), _rank, spot = min(ranked, key=lambda r: (r[0][0] * REGION_WEIGHT + r[0][1], r[1]))
        return spot, hidden

    full = legend_size(view, unit)
    spot, hidden = best(full)
    fits = full[0] * full[1] <= AREA_SHARE * size[0] * size[1] and spot.w <= size[0] and spot.h <= size[1]
    if opened or (opened is None and fits and hidden == 0):
        return spot, True
    return best(chip_size(view, unit))[0], False


def draw_chip(view, surface: pygame.Surface, rect: pygame.Rect, unit: int) -> None:
    panel = pygame.Surface(rect.size, pygame.SRCALPHA)
    panel.fill((10, 14, 24, 215))
    surface.blit(panel, rect)
    pygame.draw.rect(surface, (205, 215, 230), rect, 1)
    label = view.font(chip_px(unit)).render(_(HINT), True, (240, 242, 246))
    surface.blit(label, label.get_rect(center=rect.center))


def draw_legend(view, surface: pygame.Surface, rect: pygame.Rect, unit: int) -> None:
    from game.ui.map_view import COAST, FULL_MARGIN, INK, UNLED, tension_colour

    px, box, gap = metrics(view, unit)
    panel = pygame.Surface(rect.size, pygame.SRCALPHA)
    panel.fill((10, 14, 24, 200))
    surface.blit(panel, rect)
    x0, y = rect.x + gap, rect.y + gap

    def caption(text: str, at_y: int, x: int) -> None:
        label = view.font(px).render(text, True, INK)
        surface.blit(label, (x, at_y + (box - label.get_height()) // 2))

    caption(_("Leads: narrow - wide"), y, x0)
    y += box + gap
    for faction, name in _rows(view):
        for k, margin in enumerate((5, 15, FULL_MARGIN)):
            cell = pygame.Rect(x0 + k * (box + 2), y, box, box)
            pygame.draw.rect(surface, view.fill_colour(faction, margin), cell)
            if view.patterns:
                surface.blit(view._pattern(faction, cell.size, max(5, box // 3)), cell)
            pygame.draw.rect(surface, COAST, cell, 1)
        caption(name, y, x0 + 3 * (box + 2) + gap)
        y += box + gap
    cell = pygame.Rect(x0, y, box, box)
    pygame.draw.rect(surface, UNLED, cell)
    pygame.draw.rect(surface, COAST, cell, 1)
    caption(_("No lead"), y, x0 + 3 * (box + 2) + gap)
    y += box + gap
    for k, tension in enumerate((0, 50, 100)):
        cell = pygame.Rect(x0 + k * (box + 2), y, box, box)
        pygame.draw.rect(surface, tension_colour(tension), cell)
        pygame.draw.rect(surface, COAST, cell, 1)
    caption(_("Sea tension 0-100"), y, x0 + 3 * (box + 2) + gap)
