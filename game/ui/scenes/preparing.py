"""The screen shown while a game is made ready in a worker thread.

The first game of a session compiles its scenario's rules to native code, which takes seconds; the
work runs in a thread so the loop keeps drawing (a moving bar and the seconds so far) instead of
freezing on the screen the players came from. When the work ends, `done(result)` or `failed(reason)`
runs on the main thread; Esc gives up waiting and goes back (the thread's result is then dropped). The work runs
in the window's language (a new thread would start in the default one), so the words it makes (a bot's reasons,
a refusal) are in the language shown.
The bots' thinking screen (game.ui.scenes.thinking) is the same screen with its own words.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

import pygame

from game import i18n
from game.i18n import N_, _
from game.ui.app import ACCENT, BACKGROUND, MUTED, PANEL, Scene

T = TypeVar("T")
SWEEP = 1.4  # seconds for the bar's moving segment to cross once
NOTE = N_("The first game of a session compiles the scenario's rules, which takes a few seconds; later games start "
        "at once.")


class PreparingScene(Scene, Generic[T]):
    """'Preparing …' with a moving bar while `work()` runs in a thread."""

    def __init__(self, app, what: str, work: Callable[[], T], done: Callable[[T], None],
                 failed: Callable[[str], None], back: Callable[[], None], thread: str = "prepare-game"):
        super().__init__(app)
        self.what = what
        self.elapsed = 0.0
        self._done, self._failed, self._back = done, failed, back
        self._result: T | None = None
        self._error: str | None = None
        self._finished = threading.Event()
        self._cancelled = False
        self.language = app.language
        self.thread = threading.Thread(target=contextvars.copy_context().run, args=(self._run, work), name=thread,
                                       daemon=True)
        self.thread.start()

    def _run(self, work: Callable[[], T]) -> None:
        try:
            with i18n.use(self.language):
                self._result = work()
        except Exception as exc:  # any failure must reach the players, not end the thread silently
            self._error = str(exc) or type(exc).__name__
        finally:
            self._finished.set()

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def update(self, dt: float) -> None:
        self.elapsed += dt
        if not self.finished or self._cancelled or self.app.scene is not self or self.app.dialog is not None:
            return  # (a question open over the screen is answered before the result replaces it)
        self._cancelled = True  # hand over once
        if self._error is not None:
            self._failed(self._error)
        else:
            self._done(self._result)

    def back(self) -> None:
        """Esc: stop waiting and go back."""
        self._cancelled = True
        self._back()

    def titles(self) -> list[str]:
        """The title, then shorter ones for a narrow window (the first that fits is drawn)."""
        return [_("Preparing {what}", what=self.what), _("Preparing the game")]

    def lines(self) -> list[tuple[str, tuple[int, int, int]]]:
        """The lines under the title, with their colours."""
        return [(_(NOTE), MUTED)]

    def hint(self) -> str:
        return _("Esc goes back")

    def draw(self, surface: pygame.Surface) -> None:
        app, px = self.app, self.app.px
        surface.fill(BACKGROUND)
        width, height = surface.get_size()
        lines = [(line, colour) for text, colour in self.lines()
                 for line in app.wrap(text, 17, min(width - px(40), px(720)))]
        cx, y = width // 2, height // 2 - px(90) - px(13) * max(0, len(lines) - 2)
        titles = self.titles()
        font = app.font(28, bold=True)
        title = next((t for t in titles if font.size(t)[0] <= width - px(40)), titles[-1])
        app.text(surface, title, 28, (cx, y), anchor="midtop", bold=True)
        y += px(56)
        for line, colour in lines:
            app.text(surface, line, 17, (cx, y), colour, anchor="midtop")
            y += px(26)
        bar = pygame.Rect(0, 0, min(width - px(80), px(520)), px(16))
        bar.midtop = (cx, y + px(16))
        pygame.draw.rect(surface, PANEL, bar, border_radius=px(8))
        segment = bar.width // 4
        phase = (self.elapsed % SWEEP) / SWEEP  # the segment sweeps across: work is going on, length unknown
        left = bar.x - segment + round(phase * (bar.width + segment))
        moving = pygame.Rect(left, bar.y, segment, bar.height).clip(bar)
        if moving.width > 0:
            pygame.draw.rect(surface, ACCENT, moving, border_radius=px(8))
        app.text(surface, _("{seconds} s · {hint}", seconds=format(self.elapsed, ".0f"), hint=self.hint()), 15, (cx, bar.bottom + px(14)), MUTED,
                 anchor="midtop")
