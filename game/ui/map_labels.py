"""Map labels that never overlap: which wording and spot of each label to draw, or whether to leave it out.

Each label offers candidates from the best to the last resort: a wording (a region's name and its leader
with the margin; the leader's short name; the name alone, in its print then smaller type; the map's shorter
name) at a spot (its own place, a nearby one still on its shape or at sea, then one further off with a leader
line back to its shape). The map view builds the candidates; the same rule serves every label.
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
    any number of rank 1. Wordings listed in `nameless` leave the label's name out (a sea's tension alone):
    placed, they count as the next rank."""

    key: str
    wordings: tuple[tuple[Line, ...], ...]
    pointers: tuple[Point | None, ...] = ()
    rank: int = 0
    nameless: frozenset[int] = frozenset()

    def pointer(self, k: int) -> Point | None:
        """Where wording k's leader line goes, or None if it has none."""
        return self.pointers[k] if k < len(self.pointers) else None

    def rank_of(self, k: int) -> int:
        """The rank wording k counts as when placed."""
        return self.rank + (k in self.nameless)


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


def place(labels: list[Label], measure, bounds: pygame.Rect, blocked: list[pygame.Rect],
          footprints=None) -> list[tuple[Label, int]]:
    """(label, index of the wording used) for every label that fits, in the order given (one greedy pass).

    measure(line) -> (width, height) of its text; bounds: where text may go; blocked: rectangles no text may touch;
    footprints(label, k), if given, stands for footprint(label, k, measure, bounds) (a cache of it).
    """
    footprints = footprints or (lambda label, k: footprint(label, k, measure, bounds))
    taken = [pygame.Rect(r) for r in blocked]
    placed = []
    for label in labels:
        for k in range(len(label.wordings)):
            rects = footprints(label, k)
            if _fits(rects, taken):
                taken += rects
                placed.append((label, k))
                break
    return placed


def _by_rank(placed: list[tuple[Label, int]], labels: list[Label]) -> tuple[int, ...]:
    """How many labels of each rank were placed, the most important rank first (a placing's merit)."""
    ranks = sorted({lb.rank for lb in labels} | {lb.rank + 1 for lb in labels if lb.nameless})
    return tuple(sum(label.rank_of(k) == rank for label, k in placed) for rank in ranks)


def _promoted(labels: list[Label], measure, bounds: pygame.Rect, blocked: list[pygame.Rect],
              rounds: int, footprints=None) -> list[tuple[Label, int]]:
    """Greedy passes, each with the first left-out label moved to the front; the one placing the most labels
    rank by rank (most important first), then using the earliest wordings, wins."""
    order = list(labels)
    best: tuple[tuple, list] | None = None
    seen: set[tuple[str, ...]] = set()
    for _ in range(1 + rounds):
        seen.add(tuple(label.key for label in order))
        placed = place(order, measure, bounds, blocked, footprints)
        score = (_by_rank(placed, labels), -sum(k for _, k in placed))
        if best is None or score > best[0]:
            best = (score, placed)
        keys = {label.key for label, _ in placed}
        named = {label.key for label, k in placed if k not in label.nameless}
        missing = [label for label in order if label.key not in keys]
        missing += [label for label in order if label.key in keys and label.key not in named]  # its name is
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
    kind smallest first, then in the label's own order), by greedy passes that move a left-out (or nameless)
    label to the front (up to `rounds`, default twice the labels), starting from the given order and from the
    labels with the fewest candidates first; then, in priority order, each label takes the best wording that
    now fits around the others (first among its one-line wordings, then among all), and a left-out one any that
    fits. So room goes to every name first, then to bigger type, then to the extra lines.
    """
    sizes: dict[tuple[str, int], tuple[int, int]] = {}

    def measured(line: Line) -> tuple[int, int]:
        key = (line.text, line.px)
        if key not in sizes:
            sizes[key] = measure(line)
        return sizes[key]

    memo: dict[tuple[int, Point | None], list[pygame.Rect] | None] = {}

    def footprints(label: Label, k: int) -> list[pygame.Rect] | None:
        # the same wording at the same spot keeps the same footprint in every pass (the tuples live as long as
        # this call, so their ids are stable keys)
        key = (id(label.wordings[k]), label.pointer(k))
        if key not in memo:
            memo[key] = footprint(label, k, measured, bounds)
        return memo[key]

    def area(wording: tuple[Line, ...]) -> int:
        return sum(w * h for w, h in map(measured, wording))

    # the smallest footprints first, so that every label finds room before any grows (smaller type before
    # a two-line wording); the pass after gives each the best wording that then fits
    perms = {label.key: sorted(range(len(label.wordings)),
                               key=lambda k, lb=label: (len(lb.wordings[k]), area(lb.wordings[k]), k))
             for label in labels}
    compact = [Label(label.key, tuple(label.wordings[k] for k in perms[label.key]),
                     tuple(label.pointer(k) for k in perms[label.key]), label.rank,
                     frozenset(n for n, k in enumerate(perms[label.key]) if k in label.nameless)) for label in labels]
    rounds = 2 * len(labels) if rounds is None else rounds
    starts = [compact, sorted(compact, key=lambda label: (label.rank, len(label.wordings)))]  # as given; tightest first
    tries = [_promoted(start, measured, bounds, blocked, rounds, footprints) for start in starts]
    first = max(tries, key=lambda placed: _by_rank(placed, labels))
    chosen = {label.key: perms[label.key][k] for label, k in first}
    held = {label.key: footprints(label, chosen[label.key]) for label in labels
            if label.key in chosen}
    for sweep in range(4):  # the first sweep grows names only (one-line wordings), the later ones all
        changed = False
        for label in labels:
            current = chosen.get(label.key, len(label.wordings))
            taken = [pygame.Rect(r) for r in blocked] + [r for key, rects in held.items() if key != label.key
                                                         for r in rects]
            for k in range(current):
                if sweep == 0 and len(label.wordings[k]) > 1:
                    continue
                rects = footprints(label, k)
                if _fits(rects, taken):
                    chosen[label.key], held[label.key], changed = k, rects, True
                    break
        if not changed and sweep > 0:
            break
    return [(label, chosen[label.key]) for label in labels if label.key in chosen]
