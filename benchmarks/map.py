"""Map drawing benchmark: what a frame costs with and without the cached map surface.

    python benchmarks/map.py [--size 1280x800] [--scale 2] [--repeat 30]

Prints the median milliseconds of
  (a) a full redraw: the map re-scaled and drawn from scratch (what a window resize costs),
  (b) a redraw after the fills or tensions change (same scale, every polygon drawn again),
  (c) a cached frame: blit the cached map, draw the hovered and selected outlines and a tooltip.
Runs headless (SDL's dummy video driver) onto a surface of that size, the map's print at the given UI scale
(at 2, the crowded map where labels shrink, shorten and move the most).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame  # noqa: E402

from game.ui.map_view import MapView  # noqa: E402

FILLS = {"japan": ("jp", 45), "china": ("cn", 60), "south_korea": ("us", 22), "taiwan": ("us", 8),
         "philippines": ("us", 14), "vietnam": ("cn", 6), "myanmar": ("cn", 35), "asean": ("jp", 3),
         "india": ("us", 11), "australia": (None, 0)}
TENSIONS = {"ecs": 64, "taiwan_strait": 82, "scs": 35}


def median_ms(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="map drawing benchmark")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--scale", type=float, default=1.0, help="UI scale of the map's print (2 = 200%%)")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    pygame.init()
    try:
        screen = pygame.display.set_mode((width, height))
        view = MapView()
        view.text_scale = args.scale
        view.set_fills(FILLS)
        view.set_tensions(TENSIONS)
        view.draw(screen)  # fonts and hatch patterns are created once, outside the timing
        vertices = sum(len(p) for shapes in (view._regions, view._seas) for s in shapes.values() for p in s.polygons)
        vertices += sum(len(p) for p in view._land.polygons)
        view.hover, view.selected = "vietnam", "taiwan"
        tooltip_at = view.to_screen(view.asset.regions["vietnam"].label)
        lines = view.influence_lines({"us": (38, {"trade": 55, "investment": 15}), "cn": (44, {"trade": 65})})

        def full():
            view._rect = pygame.Rect(0, 0, 0, 0)  # forget the layout, as a resize does
            view.draw(screen)

        def refill():
            view._dirty = True
            view.draw(screen)

        def cached():
            view.draw(screen)
            view.draw_tooltip(screen, tooltip_at, "Vietnam", lines)

        results = {
            "full redraw (resize)": median_ms(full, args.repeat),
            "redraw after fills change": median_ms(refill, args.repeat),
            "cached blit + overlays": median_ms(cached, args.repeat * 10),
        }
    finally:
        pygame.quit()
    print(f"map at {width}x{height}, {args.scale:.0%} print, {vertices} vertices on screen; "
          f"median of {args.repeat} runs")
    for name, ms in results.items():
        print(f"  {name:28s} {ms:7.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
