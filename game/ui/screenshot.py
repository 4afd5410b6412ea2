"""`python main.py screenshot`: render one real frame of a scene headless and save it as a PNG.

The scene is reached the way a player reaches it, through the same session and hot-seat flow: the
orders and hand-off scenes are the first human faction's on turn 1 (every seat human), the report
is turn 1's after bots played every seat, the debrief ends a whole game of bots, the replay shows turn 2 of that
game's save and the what-if the answer of a small what-if on its turn 1. Settings and saves
go to a temporary folder, so a screenshot never changes the player's own.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from game.i18n import _

SCENES = ("menu", "setup", "settings", "load", "handoff", "orders", "report", "debrief", "replay", "whatif")
WHAT_IF_GAMES = 20  # continuations per arm of the what-if screenshot (the least the window offers)
MAX_SIZE = (7680, 4320)  # an 8K display; a frame is width x height x 4 bytes in memory, twice over


def parse_size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    shown = repr(text) if len(text) <= 40 else repr(text[:40]) + "…"
    if not sep or not (width.isascii() and width.isdigit()) or not (height.isascii() and height.isdigit()) or \
            len(width) > 6 or len(height) > 6 or int(width) < 320 or int(height) < 240:
        raise ValueError(_("--size must look like 1280x800 (at least 320x240), not {size}", size=shown))
    if int(width) > MAX_SIZE[0] or int(height) > MAX_SIZE[1]:
        raise ValueError(_("--size {size} is too big: at most {most} (an 8K display)", size=shown,
                             most="x".join(map(str, MAX_SIZE))))
    return int(width), int(height)


def check_out(out: Path) -> None:
    """Raise ValueError unless `out` can be a PNG file (not a folder, not something else already there)."""
    if out.is_dir():
        raise ValueError(_("--out {out} is a folder; give a file name in it, e.g. {example}", out=out,
                             example=out / "menu.png"))
    if out.exists() and not out.is_file():
        raise ValueError(_("--out {out} is not a regular file; give the name of a PNG file to write", out=out))
    if out.suffix.lower() != ".png":
        raise ValueError(_("--out {out}: the file must end in .png (a screenshot is written as a PNG)", out=out))


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
        while scene in ("debrief", "replay", "whatif") and flow.step.phase != Phase.DEBRIEF:
            flow.advance()
    if scene in ("replay", "whatif"):
        return _replay_scene(app, scene, flow.game)
    app.switch(scene_for(app, flow))
    if scene == "report":
        app.scene.elapsed = ANIMATION
    if scene == "handoff":
        app.scene.update(READY_DELAY)  # the cover as the players see it once it takes their key


def _replay_scene(app, scene: str, game) -> None:
    """The replay viewer on turn 2 of the game's save, or the answer of a what-if on its turn 1."""
    from game.session import saves
    from game.session.replay import Replay
    from game.ui.scenes.replay import ReplayScene
    from game.ui.scenes.whatif import WhatIfScene

    path = saves.save(game, app.store.saves_dir / f"{game.rules.id}-seed{game.seed}.json")
    replay = Replay.open(path)
    viewer = ReplayScene(app, replay, turn=2)
    if scene == "replay":
        return app.switch(viewer)
    from game.analysis.requests import Force
    from game.analysis.whatif import what_if

    asking = WhatIfScene(app, replay, 1, back=lambda: app.switch(viewer))
    faction = asking.faction
    played = set(replay.frame(1).orders.get(faction, ()))
    order = next((o for o in asking.options() if o not in played), asking.options()[0])  # something else
    asking.result = what_if(path, 1, WHAT_IF_GAMES, force=[Force(faction, order.move, order.target, 1)])
    asking.phase = "done"
    app.switch(asking)


def screenshot(scene: str, out: Path, scenario: str = "crossroads_2025", seed: int = 1,
               size: tuple[int, int] = (1280, 800), scale: int = 100, lang: str | None = None) -> Path:
    """Render `scene` at `size` and `scale` percent, in `lang` (default English: a screenshot does not follow the
    player's settings or system locale), and save it to `out`."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game import i18n
    from game.ui.app import App
    from game.ui.settings import MIN_WINDOW, Settings, Store

    if scene not in SCENES:
        raise ValueError(_("unknown scene {scene} (scenes: {scenes})", scene=repr(scene), scenes=", ".join(SCENES)))
    check_out(out)
    with tempfile.TemporaryDirectory() as home:
        app = App(store=Store(Path(home)), size=size, settings=Settings(ui_scale=scale, window=(
            max(size[0], MIN_WINDOW[0]), max(size[1], MIN_WINDOW[1]))), lang=lang or "en")  # the window is `size`
        try:
            with i18n.use(app.language):
                build_scene(app, scene, scenario, seed)
            for _frame in range(3):  # let widgets settle (text boxes finish their layout)
                app.frame(events=[])
            out.parent.mkdir(parents=True, exist_ok=True)
            _save_png(pygame, app.screen, out)
        finally:
            pygame.quit()
    return out


def _save_png(pygame, surface, out: Path) -> None:
    """Write the PNG through a temp file beside `out`, renamed only once it is whole: never a 0-byte 'wrote'."""
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".png", dir=out.parent)
    os.close(fd)
    try:
        try:
            pygame.image.save(surface, tmp)
        except (pygame.error, MemoryError) as exc:
            raise OSError(_("cannot write {out}: {why}", out=out, why=exc) if str(exc)
                          else _("cannot write {out}: out of memory", out=out)) from None
        if os.path.getsize(tmp) == 0:
            raise OSError(_("cannot write {out}: the PNG came out empty (out of memory or disk space?)", out=out))
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as any new file (mkstemp makes it private)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)


def add_arguments(parser) -> None:
    parser.add_argument("--scenario", default="crossroads_2025", help=_("scenario id or YAML path"))
    parser.add_argument("--scene", required=True, choices=SCENES)
    parser.add_argument("--out", required=True, type=Path, help=_("PNG file to write"))
    parser.add_argument("--size", default="1280x800", help=_("window size WxH (default 1280x800)"))
    parser.add_argument("--scale", type=int, default=100, help=_("UI scale in percent, 100-200 (default 100)"))
    parser.add_argument("--seed", type=int, default=1, help=_("game seed (default 1)"))


def run(args) -> int:
    import sys

    try:
        size = parse_size(args.size)
        if not 100 <= args.scale <= 200:
            raise ValueError(_("--scale must be from 100 to 200 (percent), not {scale}", scale=args.scale))
        path = screenshot(args.scene, args.out, args.scenario, args.seed, size, args.scale, getattr(args, "lang", None))
    except (ValueError, LookupError, OSError) as exc:
        print(f"screenshot: {exc}", file=sys.stderr)
        return 2
    except MemoryError:
        print(_("screenshot: not enough memory for a {size} frame; try a smaller --size", size=args.size),
              file=sys.stderr)
        return 2
    print(_("wrote {path}", path=path))
    return 0
