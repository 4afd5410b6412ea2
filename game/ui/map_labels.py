"""Map labels that never overlap: which wording of each label to draw, or whether to leave it out.

Each label offers wordings from the fullest to the shortest (a region's name and its leader with the
margin; then the leader's short name; then the name alone). Labels are placed in priority order (regions,
then the seas' tension, then markers); each takes its fullest wording whose text boxes touch nothing
placed before it and nothing blocked (the legend), or is left out. Nothing is lost: the map's colours and
hatches still show every leader and tension, and the hover tooltip names every region and sea in full.
Pure geometry on rectangles; the map view measures the text and draws what is placed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

Colour = tuple[int, int, int]
HALO = 2  # pixels kept clear around each text box (the text's dark halo, and a hair of air)


@dataclass(frozen=True)
class Line:
    """One line of a label: its text, its size in pixels, its colour and its centre."""

    text: str
    px: int
    colour: Colour
    centre: tuple[float, float]


@dataclass(frozen=True)
class Label:
    """A label's wordings, fullest first; `pointer` is a point a leader line goes to when it is drawn."""

    key: str
    wordings: tuple[tuple[Line, ...], ...]
    pointer: tuple[float, float] | None = None


def line_rect(line: Line, size: tuple[int, int], bounds: pygame.Rect) -> pygame.Rect:
    """Where a line of this text size lands: centred on its centre, kept inside bounds."""
    rect = pygame.Rect((0, 0), size)
    rect.center = (round(line.centre[0]), round(line.centre[1]))
    rect.clamp_ip(bounds)
    return rect


def place(labels: list[Label], measure, bounds: pygame.Rect, blocked: list[pygame.Rect]) -> list[tuple[Label, int]]:
    """(label, index of the wording used) for every label that fits, in the order given.

    measure(line) -> (width, height) of its text; bounds: where text may go; blocked: rectangles no text may touch.
    """
    taken = [pygame.Rect(r) for r in blocked]
    placed = []
    for label in labels:
        for k, wording in enumerate(label.wordings):
            rects = [line_rect(line, measure(line), bounds).inflate(2 * HALO, 2 * HALO) for line in wording]
            if not any(r.collidelist(taken) >= 0 for r in rects):
                taken += rects
                placed.append((label, k))
                break
    return placed
