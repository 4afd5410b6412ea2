"""Map labels that never overlap: which wording and spot of each label to draw, or whether to leave it out.

Each label offers candidates from the best to the last resort: a wording (a region's name and its leader
with the margin; the leader's short name; the name alone; the map's shorter name) at a spot (its own place,
a nearby one still on its shape or at sea, then one further off with a leader line back to its shape).
Labels are placed in priority order; each takes its first candidate whose text boxes touch nothing placed
before it and nothing blocked (the legend, the markers), or is left out. When one is left out, it is moved
to the front and the whole map placed again (a few rounds), keeping the placing that leaves out the fewest
regions and seas, then the fewest labels, then uses the fullest wordings. Nothing is lost: the colours and
hatches still show every leader and tension, and the hover tooltip names every region and sea in full.
Pure geometry on rectangles; the map view measures the text and draws what is placed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

Colour = tuple[int, int, int]
Point = tuple[float, float]
HALO = 2  # pixels kept clear around each text box (the text's dark halo, and a hair of air)


@dataclass(frozen=True)
class Line:
    """One line of a label: its text, its size in pixels, its colour and its centre."""

    text: str
    px: int
    colour: Colour
    centre: Point


@dataclass(frozen=True)
class Label:
    """A label's candidate wordings, best first; `pointers[k]`, if given and not None, is the point wording k's
    leader line goes to. When labels compete for room a lower rank wins: one placed label of rank 0 outweighs
    any number of rank 1."""

    key: str
    wordings: tuple[tuple[Line, ...], ...]
    pointers: tuple[Point | None, ...] = ()
    rank: int = 0

    def pointer(self, k: int) -> Point | None:
        """Where wording k's leader line goes, or None if it has none."""
        return self.pointers[k] if k < len(self.pointers) else None


def line_rect(line: Line, size: tuple[int, int], bounds: pygame.Rect) -> pygame.Rect:
    """Where a line of this text size lands: centred on its centre, kept inside bounds."""
    rect = pygame.Rect((0, 0), size)
    rect.center = (round(line.centre[0]), round(line.centre[1]))
    rect.clamp_ip(bounds)
    return rect


def leader(rect: pygame.Rect, pointer: Point) -> tuple[Point, Point] | None:
    """The leader line from the edge of a label's box to its pointer; None if the pointer is under the box."""
    x = min(max(pointer[0], rect.left), rect.right)
    y = min(max(pointer[1], rect.top), rect.bottom)
    if rect.collidepoint(pointer):
        return None
    return (x, y), pointer


def trace(line: tuple[Point, Point], step: int = 4) -> list[pygame.Rect]:
    """Small squares along a leader line, for the placer to keep text off it."""
    (x0, y0), (x1, y1) = line
    n = max(1, round(max(abs(x1 - x0), abs(y1 - y0)) / step))
    return [pygame.Rect(round(x0 + (x1 - x0) * t / n) - 1, round(y0 + (y1 - y0) * t / n) - 1, 3, 3)
            for t in range(1, n + 1)]


def footprint(label: Label, k: int, measure, bounds: pygame.Rect) -> list[pygame.Rect] | None:
    """The rectangles wording k of a label keeps to itself (its text with a halo, its leader line), or None if
    its own lines would touch each other."""
    boxes = [line_rect(line, measure(line), bounds) for line in label.wordings[k]]
    if not all(a.collidelist(boxes[n + 1:]) < 0 for n, a in enumerate(boxes)):
        return None
    rects = [box.inflate(2 * HALO, 2 * HALO) for box in boxes]
    pointer = label.pointer(k)
    if pointer is not None:  # its leader line crosses no text, and no text placed later crosses it
        line = leader(boxes[0], pointer)
        rects += trace(line) if line is not None else []
    return rects


def _fits(rects: list[pygame.Rect] | None, taken: list[pygame.Rect]) -> bool:
    return rects is not None and not any(r.collidelist(taken) >= 0 for r in rects)


def place(labels: list[Label], measure, bounds: pygame.Rect, blocked: list[pygame.Rect]) -> list[tuple[Label, int]]:
    """(label, index of the wording used) for every label that fits, in the order given (one greedy pass).

    measure(line) -> (width, height) of its text; bounds: where text may go; blocked: rectangles no text may touch.
    """
    taken = [pygame.Rect(r) for r in blocked]
    placed = []
    for label in labels:
        for k in range(len(label.wordings)):
            rects = footprint(label, k, measure, bounds)
            if _fits(rects, taken):
                taken += rects
                placed.append((label, k))
                break
    return placed


def _by_rank(placed: list[tuple[Label, int]], labels: list[Label]) -> tuple[int, ...]:
    """How many labels of each rank were placed, the most important rank first (a placing's merit)."""
    return tuple(sum(label.rank == rank for label, _ in placed) for rank in sorted({lb.rank for lb in labels}))


def _promoted(labels: list[Label], measure, bounds: pygame.Rect, blocked: list[pygame.Rect],
              rounds: int) -> list[tuple[Label, int]]:
    """Greedy passes, each with the first left-out label moved to the front; the one placing the most labels
    rank by rank (most important first), then using the earliest wordings, wins."""
    order = list(labels)
    best: tuple[tuple, list] | None = None
    seen: set[tuple[str, ...]] = set()
    for _ in range(1 + rounds):
        seen.add(tuple(label.key for label in order))
        placed = place(order, measure, bounds, blocked)
        score = (_by_rank(placed, labels), -sum(k for _, k in placed))
        if best is None or score > best[0]:
            best = (score, placed)
        keys = {label.key for label, _ in placed}
        missing = [label for label in order if label.key not in keys]
        if not missing:
            break
        first = min(missing, key=lambda label: label.rank)
        order.remove(first)
        order.insert(0, first)
        if tuple(label.key for label in order) in seen:
            break
    return best[1] if best is not None else []


def place_all(labels: list[Label], measure, bounds: pygame.Rect, blocked: list[pygame.Rect],
              rounds: int | None = None) -> list[tuple[Label, int]]:
    """(label, index of the wording used) for as many labels as fit, in the order given.

    First every label is placed in its most compact form (its one-line wordings before its two-line ones, each
    kind in the label's own order), by greedy passes that move a left-out label to the front (up to `rounds`,
    default twice the labels), starting from the given order and from the labels with the fewest candidates
    first; then, in priority order, each label takes the best wording that now fits around
    the others, and a left-out one any that fits. So room goes to every name first, then to the extra lines.
    """
    sizes: dict[tuple[str, int], tuple[int, int]] = {}

    def measured(line: Line) -> tuple[int, int]:
        key = (line.text, line.px)
        if key not in sizes:
            sizes[key] = measure(line)
        return sizes[key]

    perms = {label.key: sorted(range(len(label.wordings)), key=lambda k, lb=label: (len(lb.wordings[k]), k))
             for label in labels}
    compact = [Label(label.key, tuple(label.wordings[k] for k in perms[label.key]),
                     tuple(label.pointer(k) for k in perms[label.key]), label.rank) for label in labels]
    rounds = 2 * len(labels) if rounds is None else rounds
    starts = [compact, sorted(compact, key=lambda label: (label.rank, len(label.wordings)))]  # as given; tightest first
    tries = [_promoted(start, measured, bounds, blocked, rounds) for start in starts]
    first = max(tries, key=lambda placed: _by_rank(placed, labels))
    chosen = {label.key: perms[label.key][k] for label, k in first}
    held = {label.key: footprint(label, chosen[label.key], measured, bounds) for label in labels
            if label.key in chosen}
    for _ in range(3):
        changed = False
        for label in labels:
            current = chosen.get(label.key, len(label.wordings))
            taken = [pygame.Rect(r) for r in blocked] + [r for key, rects in held.items() if key != label.key
                                                         for r in rects]
            for k in range(current):
                rects = footprint(label, k, measured, bounds)
                if _fits(rects, taken):
                    chosen[label.key], held[label.key], changed = k, rects, True
                    break
        if not changed:
            break
    return [(label, chosen[label.key]) for label in labels if label.key in chosen]
