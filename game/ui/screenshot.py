"""`python main.py screenshot`: render one real frame of a scene headless and save it as a PNG.

The scene is reached the way a player reaches it, through the same session and hot-seat flow: the
orders and hand-off scenes are the first human faction's on turn 1 (every seat human), the report
is turn 1's after bots played every seat, the debrief ends a whole game of bots. Settings and saves
go to a temporary folder, so a screenshot never changes the player's own.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SCENES = ("menu", "setup", "settings", "load", "handoff", "orders", "report", "debrief")


def parse_size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit() or int(width) < 320 or int(height) < 240:
        raise ValueError(f"--size must look like 1280x800 (at least 320x240), not {text!r}")
    return int(width), int(height)


def build_scene(app, scene: str, scenario: str, seed: int):
    """Put `app` on `scene`, reached through the real flow."""
    from game.session.game import Game
    from game.ui.flow import HotSeat, Phase
    from game.ui.scenes.menu import LoadScene, SettingsScene, SetupScene, TitleScene
    from game.ui.scenes.play import READY_DELAY, scene_for
    from game.ui.scenes.report import ANIMATION

    if scene == "menu":
        return app.switch(TitleScene(app))
    if scene == "setup":
        return app.switch(SetupScene(app, scenario))
    if scene == "settings":
        return app.switch(SettingsScene(app))
    if scene == "load":
        return app.switch(LoadScene(app))
    rules = app.rules(scenario)
    factions = [f.id for f in rules.factions]
    if scene in ("handoff", "orders"):
        flow = HotSeat(Game(rules, seed, {f: "human" for f in factions}))
        if scene == "orders":
            flow.advance()
    else:
        bots = ["search:normal", "doctrine", "greedy"]  # a report shows each kind of bot's reasons
        flow = HotSeat(Game(rules, seed, {f: bots[k % len(bots)] for k, f in enumerate(factions)}))
        flow.advance()  # the bots choose and the first turn resolves (the window would do it in a worker)
        while scene == "debrief" and flow.step.phase != Phase.DEBRIEF:
            flow.advance()
    app.switch(scene_for(app, flow))
    if scene == "report":
        app.scene.elapsed = ANIMATION
    if scene == "handoff":
        app.scene.update(READY_DELAY)  # the cover as the players see it once it takes their key


def screenshot(scene: str, out: Path, scenario: str = "crossroads_2025", seed: int = 1,
               size: tuple[int, int] = (1280, 800), scale: int = 100) -> Path:
    """Render `scene` at `size` and `scale` percent and save it to `out`."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game.ui.app import App
    from game.ui.settings import Settings, Store

    if scene not in SCENES:
        raise ValueError(f"unknown scene {scene!r} (scenes: {', '.join(SCENES)})")
    with tempfile.TemporaryDirectory() as home:
        app = App(store=Store(Path(home)), size=size, settings=Settings(ui_scale=scale, window=size))
        try:
            build_scene(app, scene, scenario, seed)
            for _ in range(3):  # let widgets settle (text boxes finish their layout)
                app.frame(events=[])
            out.parent.mkdir(parents=True, exist_ok=True)
            pygame.image.save(app.screen, str(out))
        finally:
            pygame.quit()
    return out


def add_arguments(parser) -> None:
    parser.add_argument("--scenario", default="crossroads_2025", help="scenario id or YAML path")
    parser.add_argument("--scene", required=True, choices=SCENES)
    parser.add_argument("--out", required=True, type=Path, help="PNG file to write")
    parser.add_argument("--size", default="1280x800", help="window size WxH (default 1280x800)")
    parser.add_argument("--scale", type=int, default=100, help="UI scale in percent, 100-200 (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="game seed (default 1)")


def run(args) -> int:
    import sys

    try:
        size = parse_size(args.size)
        if not 100 <= args.scale <= 200:
            raise ValueError(f"--scale must be from 100 to 200 (percent), not {args.scale}")
        path = screenshot(args.scene, args.out, args.scenario, args.seed, size, args.scale)
    except (ValueError, LookupError, OSError) as exc:
        print(f"screenshot: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0
