"""Window benchmark: frame times of the orders and report scenes, and the time to the first title screen.

    python benchmarks/ui.py [--frames 600] [--scenario crossroads_2025] [--json]

Each scene is reached through the real game flow (`game.ui.screenshot.build_scene`) on a fresh `App`
at 1280x800 and at 1920x1080, UI scale 100%, under SDL's dummy video and audio drivers, with settings
and saves in a temporary folder. One frame is `App.frame(events, dt=1/60)`: events, update, the
scene's drawing, pygame_gui's widgets, flip. Per scene and size it prints the median, 95th percentile
and worst wall-clock time of `--frames` timed frames, the median and 95th percentile of the frames'
CPU time (on a busy machine the wall-clock tail also counts time spent waiting for a CPU), and
(separately) the time to build the scene, its first frame and the warm-up frames before the timing.

  orders  every frame moves the pointer one step along a path (pygame.mouse.set_pos, so pygame_gui
          and the tooltip see it, plus the MOUSEMOTION event handed to the frame) that runs down the
          move buttons on the left, then across the map on the right from each region's and sea's
          label to the nearest next one, and back: one lap per five seconds (about 900 px a second at
          1920x1080). Button hovering, the detail box's text changing and map tooltips are included.
          Events pygame_gui posts (hover, unhover) are passed on to the next frame as the real loop does.
  report  the timing starts with the turn's animation (the scene's `elapsed` at 0; it lasts
          `ANIMATION` seconds), so the map cross-fade and the animated dashboard are in the figures.

Targets: median at most 5 ms and 95th percentile at most 12 ms at both sizes.

It also measures how long `python main.py` takes to draw its first title screen: `main.py` is run in a
child process (dummy drivers, PACIFIC_TRILEMMA_HOME set to a temporary folder so the player's own
settings are neither read nor changed) whose App.frame is wrapped to print the wall-clock time right
after the first frame is drawn and flipped, and then to close the window. It prints, for each of 3
runs, the time from launching the process to that first drawn frame (Python start-up and every
import included), the same time counted from the first line of the child's script (imports onward),
and the process's whole wall time to exit. The first run may be slower (cold caches); the target,
under 2 seconds, is for the warm runs. (Where PYTHONDONTWRITEBYTECODE is set, Python's bytecode cache
could never be warm, so these runs keep it in a temporary PYTHONPYCACHEPREFIX, filled by the first run.)

With --json only one JSON object is printed:
  {"orders": {"1280x800": {"median_ms": .., "p95_ms": ..}, "1920x1080": {..}}, "report": {..},
   "first_title_s": ..}
where first_title_s is the median of the warm runs' launch-to-first-frame times (null if it failed).
The benchmark only reports: its exit status is 0 whatever the numbers.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pygame  # noqa: E402

from game.ui.app import App  # noqa: E402
from game.ui.screenshot import build_scene  # noqa: E402
from game.ui.settings import Settings, Store  # noqa: E402

SIZES = ((1280, 800), (1920, 1080))
SCENES = ("orders", "report")
WARMUP = 10  # frames drawn before the timing starts (the first of them is reported on its own)
LAP_FRAMES = 300  # frames for the pointer to go once around its path in the orders scene (5 s at 60 fps)
TARGET_MEDIAN_MS = 5.0
TARGET_P95_MS = 12.0
TARGET_TITLE_S = 2.0
TITLE_RUNS = 3
SEED = 1


# ------------------------------------------------------------------------------------------ statistics


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0..100), interpolated between the nearest ranks (numpy's default)."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    lo = math.floor(rank)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (rank - lo)


# ------------------------------------------------------------------------------------------ pointer path


def pointer_path(scene) -> list[tuple[int, int]]:
    """Waypoints of a closed path over the orders scene: down the move buttons, then across the map from
    one region or sea label to the nearest next one, and back to the first button."""
    points: list[tuple[int, int]] = []
    buttons = [scene.buttons[k] for k in sorted(scene.buttons)]
    for button in buttons:
        rect = button.rect
        points.append((rect.x + rect.width // 3, rect.centery))
    if buttons:  # along the last button to its right-hand end, then over to the map
        points.append((buttons[-1].rect.right - buttons[-1].rect.width // 4, buttons[-1].rect.centery))
    m = scene.map_rect
    spots = []
    if scene.map is not None:  # every region's and sea zone's label, as a player reads the map
        shapes = [*scene.map.asset.regions.values(), *scene.map.asset.seas.values()]
        spots = [scene.map.to_screen(shape.label) for shape in shapes]
        spots = [(min(max(x, m.left + 2), m.right - 3), min(max(y, m.top + 2), m.bottom - 3)) for x, y in spots]
    if not spots:
        spots = [(m.x + int(fx * m.width), m.y + int(fy * m.height))
                 for fx, fy in ((0.2, 0.15), (0.7, 0.1), (0.95, 0.3), (0.5, 0.7), (0.1, 0.9), (0.9, 0.9))]
    at = (m.left, m.centery)  # enter from the left, then always on to the nearest spot not yet visited
    while spots:
        at = min(spots, key=lambda p: math.dist(p, at))
        spots.remove(at)
        points.append(at)
    if not points:
        points.append((scene.app.size[0] // 2, scene.app.size[1] // 2))
    return points


def walk(points: list[tuple[int, int]], steps: int) -> list[tuple[int, int]]:
    """`steps` positions at an even speed around the closed polyline through `points`."""
    legs = list(zip(points, points[1:] + points[:1]))
    lengths = [math.dist(a, b) for a, b in legs]
    total = sum(lengths) or 1.0
    out = []
    for k in range(steps):
        at = total * k / steps
        for (a, b), length in zip(legs, lengths):
            if at <= length or length == total:
                f = at / length if length else 0.0
                out.append((round(a[0] + (b[0] - a[0]) * f), round(a[1] + (b[1] - a[1]) * f)))
                break
            at -= length
        else:
            out.append(points[0])
    return out


# ------------------------------------------------------------------------------------------ frames


def measure_scene(scene_name: str, size: tuple[int, int], frames: int, scenario: str) -> dict:
    """Build `scene_name` at `size` on a fresh App and time its frames (milliseconds)."""
    from game.ui.scenes.report import ANIMATION

    with tempfile.TemporaryDirectory() as home:
        app = App(store=Store(Path(home)), size=size, settings=Settings(ui_scale=100, window=size))
        try:
            t0 = time.perf_counter()
            build_scene(app, scene_name, scenario, SEED)
            build_ms = (time.perf_counter() - t0) * 1000
            scene = app.scene
            if scene_name == "report":
                scene.elapsed = 0.0  # build_scene skips the animation (for screenshots); we time it
                positions = None
                app_w, app_h = app.size
                pygame.mouse.set_pos((app_w // 2, app_h // 2))  # resting on the report text, off the buttons
            else:
                positions = walk(pointer_path(scene), LAP_FRAMES)
            pygame.event.clear()

            def one(k: int) -> float:
                """One frame with the pointer at step k; returns its milliseconds."""
                motion = []
                if positions is not None:
                    pos = positions[k % len(positions)]
                    pygame.mouse.set_pos(pos)
                    motion = [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))]
                start, cpu = time.perf_counter(), time.thread_time()
                # what the real loop gets from the queue (pygame_gui's own hover events among them),
                # minus the motion SDL queued for set_pos, which `motion` stands for
                events = [e for e in pygame.event.get() if e.type != pygame.MOUSEMOTION] + motion
                app.frame(events=events, dt=1 / 60)
                cpu_ms.append((time.thread_time() - cpu) * 1000)
                return (time.perf_counter() - start) * 1000

            cpu_ms: list[float] = []
            warm = [one(k) for k in range(WARMUP)]
            del cpu_ms[:]
            if scene_name == "report":
                scene.elapsed = 0.0  # the timed frames start with the animation again
                if app.scene is not scene:
                    raise RuntimeError("the report scene was left during the warm-up")
            samples = [one(WARMUP + k) for k in range(frames)]
            if app.scene is not scene:
                raise RuntimeError(f"the {scene_name} scene was left while it was being timed")
        finally:
            pygame.quit()
    return {"build_ms": build_ms, "first_ms": warm[0], "warmup_ms": warm[1:], "samples": samples,
            "median_ms": statistics.median(samples), "p95_ms": percentile(samples, 95), "max_ms": max(samples),
            "cpu_median_ms": statistics.median(cpu_ms), "cpu_p95_ms": percentile(cpu_ms, 95),
            "fade_frames": min(frames, math.ceil(ANIMATION * 60)) if scene_name == "report" else 0}


# ------------------------------------------------------------------------------------------ first title

CHILD = r"""
import time
_t0 = time.perf_counter()
import runpy, sys
import game.ui.app as _ui

_frame = _ui.App.frame
def _first(self, *args, **kwargs):
    _frame(self, *args, **kwargs)
    if not getattr(_ui, "_bench_marked", False):
        _ui._bench_marked = True
        print(f"BENCH-FIRST-FRAME {time.time():.6f} {time.perf_counter() - _t0:.6f} "
              f"{type(self.scene).__name__}", flush=True)
        self.running = False  # close the window after the first drawn frame
_ui.App.frame = _first
sys.argv = ["main.py"]
runpy.run_path("main.py", run_name="__main__")
"""


def first_title_once(pycache: str | None = None) -> dict:
    """Launch `python main.py` (with the first-frame probe) once; times in seconds. With `pycache`, Python
    writes and reads its bytecode cache there (see first_title)."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PACIFIC_TRILEMMA_HOME=home,
                   PYGAME_HIDE_SUPPORT_PROMPT="1")
        if pycache is not None:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = pycache
        launched = time.time()
        start = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True,
                                  text=True, timeout=300)
        except subprocess.TimeoutExpired:
            return {"error": "timed out after 300 s"}
        wall = time.perf_counter() - start
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-FIRST-FRAME "):
            _, at, inside, scene = line.split()
            return {"launch_to_frame_s": float(at) - launched, "script_to_frame_s": float(inside),
                    "wall_s": wall, "scene": scene, "returncode": done.returncode}
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": f"no first frame (exit {done.returncode}): {tail}"}


def first_title(runs: int) -> tuple[list[dict], float | None, bool]:
    """`runs` launches; the median launch-to-first-frame time of the warm ones (all but the first).

    If PYTHONDONTWRITEBYTECODE is set, Python's bytecode cache would never be warm, so the runs use a
    temporary PYTHONPYCACHEPREFIX instead (nothing is written into the project): the first run fills it.
    Returns (runs, warm median or None, whether that redirection was used)."""
    redirect = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
    with tempfile.TemporaryDirectory() as pycache:
        results = [first_title_once(pycache if redirect else None) for _ in range(runs)]
    good = [r["launch_to_frame_s"] for r in results[1:] if "error" not in r] or \
        [r["launch_to_frame_s"] for r in results if "error" not in r]
    return results, (statistics.median(good) if good else None), redirect


# ------------------------------------------------------------------------------------------ report


def verdict(ok: bool) -> str:
    return "yes" if ok else "NO"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="window frame-time and start-up benchmark")
    parser.add_argument("--frames", type=int, default=600, help="timed frames per scene and size (default 600)")
    parser.add_argument("--scenario", default="crossroads_2025", help="scenario id or YAML path")
    parser.add_argument("--json", action="store_true", help="print only one JSON object with the figures")
    args = parser.parse_args(argv)
    frames = max(1, args.frames)

    results: dict[str, dict[str, dict]] = {}
    failures: list[str] = []
    for scene_name in SCENES:
        results[scene_name] = {}
        for size in SIZES:
            key = f"{size[0]}x{size[1]}"
            try:
                results[scene_name][key] = measure_scene(scene_name, size, frames, args.scenario)
            except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not fail
                failures.append(f"{scene_name} {key}: {type(exc).__name__}: {exc}")
    titles, title_s, redirected = first_title(TITLE_RUNS)

    if args.json:
        doc: dict[str, object] = {
            scene: {size: {"median_ms": round(r["median_ms"], 3), "p95_ms": round(r["p95_ms"], 3)}
                    for size, r in by_size.items()}
            for scene, by_size in results.items()}
        doc["first_title_s"] = None if title_s is None else round(title_s, 3)
        print(json.dumps(doc))
        return 0

    print(f"window frame times: {args.scenario}, seed {SEED}, UI scale 100%, SDL video driver "
          f"{os.environ['SDL_VIDEODRIVER']}, {frames} timed frames after {WARMUP} warm-up frames")
    print(f"targets: median <= {TARGET_MEDIAN_MS:g} ms, 95th percentile <= {TARGET_P95_MS:g} ms\n")
    header = (f"{'scene':8s} {'size':10s} {'median ms':>9s} {'p95 ms':>8s} {'max ms':>8s} {'median ok':>9s} "
              f"{'p95 ok':>7s}   {'cpu median':>10s} {'cpu p95':>8s}   {'build ms':>8s} {'first frame ms':>14s} "
              f"{'warm-up median ms':>17s}")
    print(header)
    print("-" * len(header))
    for scene_name, by_size in results.items():
        for key, r in by_size.items():
            warm = statistics.median(r["warmup_ms"]) if r["warmup_ms"] else float("nan")
            print(f"{scene_name:8s} {key:10s} {r['median_ms']:9.2f} {r['p95_ms']:8.2f} {r['max_ms']:8.2f} "
                  f"{verdict(r['median_ms'] <= TARGET_MEDIAN_MS):>9s} {verdict(r['p95_ms'] <= TARGET_P95_MS):>7s}   "
                  f"{r['cpu_median_ms']:10.2f} {r['cpu_p95_ms']:8.2f}   "
                  f"{r['build_ms']:8.1f} {r['first_ms']:14.1f} {warm:17.2f}")
    notes = []
    for scene_name, by_size in results.items():
        for key, r in by_size.items():
            if r["first_ms"] > max(3 * r["median_ms"], r["median_ms"] + 10):
                notes.append(f"  {scene_name} {key}: first frame {r['first_ms']:.1f} ms, "
                             f"{r['first_ms'] / r['median_ms']:.0f}x the median (one-off work: caches, layout)")
            if r["fade_frames"]:
                fade = r["samples"][:r["fade_frames"]]
                rest = r["samples"][r["fade_frames"]:]
                line = (f"  {scene_name} {key}: during the {len(fade)}-frame animation median "
                        f"{statistics.median(fade):.2f} ms, p95 {percentile(fade, 95):.2f} ms")
                if rest:
                    line += f"; after it median {statistics.median(rest):.2f} ms, p95 {percentile(rest, 95):.2f} ms"
                notes.append(line)
    print("\nmedian, p95 and max are wall-clock frame times (the targets); cpu median and cpu p95 count only "
          "this thread's CPU time,\nso a p95 well above its cpu p95 means the frames were waiting for a busy "
          "machine, not working.")
    if notes:
        print("\nnotes:")
        print("\n".join(notes))
    for failure in failures:
        print(f"\nnot measured: {failure}")

    print("\ntime from `python main.py` to the first drawn title screen (dummy drivers, settings in a temporary "
          "folder):")
    if redirected:
        print("  (PYTHONDONTWRITEBYTECODE is set here: the runs keep their bytecode cache in a temporary "
              "PYTHONPYCACHEPREFIX instead, so the runs after the first are warm)")
    for k, r in enumerate(titles, 1):
        label = "first" if k == 1 else "warm"
        if "error" in r:
            print(f"  run {k} ({label}): failed: {r['error']}")
            continue
        print(f"  run {k} ({label}): {r['launch_to_frame_s']:.2f} s from launch to the first drawn frame "
              f"({r['scene']}); {r['script_to_frame_s']:.2f} s of it after Python start-up; "
              f"{r['wall_s']:.2f} s wall, process start to exit")
    if title_s is None:
        print("  time to first drawn title screen: not measured")
    else:
        print(f"  time to first drawn title screen: {title_s:.2f} s (median of the warm runs, launch to first "
              f"drawn frame; target under {TARGET_TITLE_S:g} s: {verdict(title_s < TARGET_TITLE_S)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
