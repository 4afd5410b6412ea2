"""`python main.py replay SAVE`: the window opened straight into the replay viewer of a save.

The save is opened (and checked, as loading it would be) before any window: a refusal prints the reason and
returns 2. Esc in the viewer closes the window; Branch here and What if…? work as from the load screen.
"""

from __future__ import annotations

import sys


def main(args, max_frames: int | None = None, store=None) -> int:
    """Open `args.save` in the replay viewer and run the window until it is closed; 2 if the save is refused."""
    from game import i18n
    from game.session.replay import Replay
    from game.session.saves import SaveError
    from game.ui.settings import Store

    store = store or Store.default()
    lang = i18n.resolve(getattr(args, "lang", None), store.load_settings().language)
    try:
        with i18n.use(lang):  # a save is replayed when it is opened: its reports are worded then
            replay = Replay.open(args.save)
    except (SaveError, ValueError, OSError) as exc:
        print(f"replay: {exc}", file=sys.stderr)
        return 2
    import pygame

    from game.ui.app import App
    from game.ui.scenes.replay import ReplayScene

    app = App(store=store, lang=lang)
    try:
        app.switch(ReplayScene(app, replay, back=app.quit))
        return app.run(max_frames)
    finally:
        pygame.quit()
