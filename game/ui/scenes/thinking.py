"""The screen shown while the bot seats choose and the turn resolves, in a worker thread.

A search bot takes seconds (half a minute the first time a session loads its native code), so
`HotSeat.think()` runs in a thread and the window keeps drawing who is choosing, a moving bar and the
seconds so far. The worker owns the game until it returns: everything this screen shows or asks
(the seats, what leaving keeps) is read from the game before the thread starts. When it ends, the
report follows (the flow autosaves the turn on this thread); a failure changes nothing in the game
and goes back to the last human faction's hand-off with the reason. Esc asks before leaving; the
autosave written at the last commit is what leaving keeps, and the bots choose again on Resume.
"""

from __future__ import annotations

import pygame

from game.i18n import _
from game.session.report import TurnReport
from game.session.words import faction_name
from game.ui.app import INK, MUTED, WARN, Scene
from game.ui.flow import HotSeat, Phase
from game.ui.scenes.preparing import PreparingScene

SLOW = 3.0  # seconds after which the screen says why a first turn can take long


class ThinkingScene(PreparingScene[TurnReport]):
    """'Bots are choosing — United States (search, normal)…' while the flow thinks in a thread."""

    def __init__(self, app, flow: HotSeat):
        self.flow = flow
        game = flow.game
        self.seats = flow.thinking()  # (faction, label), in the order the bots choose
        self.names = {f.id: faction_name(game.rules, f.id) for f in game.rules.factions}
        self.label = game.rules.turn_label(game.turn)
        warning = flow.leave_warning()
        self.warning = warning and _("{warning} The bots' choices for this turn are not kept: they choose again.",
                                     warning=warning)
        self.choosing: str | None = None  # the faction whose bot is choosing; written by the worker
        self.error: str | None = None  # why the bots failed, when there is no human seat to go back to
        super().__init__(app, self.label, lambda: flow.think(self._started), done=self._done_turn,
                         failed=self._failed_turn, back=lambda: None, thread="bots-think")

    def _started(self, faction: str) -> None:
        self.choosing = faction  # one assignment: the UI thread reads it, never the game

    def _done_turn(self, report: TurnReport) -> None:
        from game.ui.scenes.play import scene_for

        self.flow.settle(report)
        self.app.switch(scene_for(self.app, self.flow))

    def _failed_turn(self, reason: str) -> None:
        from game.ui.scenes.play import scene_for

        step = self.flow.reopen(reason)
        if step.phase == Phase.BOTS:  # no human seat to go back to: say so here; Enter tries again
            self.error = reason
            return
        self.app.switch(scene_for(self.app, self.flow))

    # ------------------------------------------------------------------ words

    def titles(self) -> list[str]:
        if self.error is not None:
            return [_("The bots could not choose")]
        if not self.seats:
            return [_("Resolving {turn}…", turn=self.label)]
        names = dict(self.seats)
        if self.choosing in names:
            name = self.names[self.choosing]
            return [_("Bots are choosing — {seat}…", seat=names[self.choosing]), _("Bots are choosing — {seat}…", seat=name),
                    _("Bots are choosing…")]
        return [_("Bots are choosing for {turn}…", turn=self.label), _("Bots are choosing…")]

    def lines(self) -> list[tuple[str, tuple[int, int, int]]]:
        if self.error is not None:
            return [(self.error, WARN), (_("Nothing is lost: the game is as it was before the bots began."), MUTED)]
        order = [f for f, _label in self.seats]
        now = order.index(self.choosing) if self.choosing in order else (-1 if not self.finished else len(order))
        lines = []
        for k, (faction, label) in enumerate(self.seats):
            state = (_("{seat}: done", seat=label) if k < now else _("{seat}: choosing…", seat=label) if k == now
                     else _("{seat}: waiting", seat=label))
            lines.append((state, INK if k == now else MUTED))
        if self.elapsed >= SLOW:
            lines.append((_("The first turn of a session also loads the bots' native code, which can take half a "
                            "minute; later turns are quicker."), MUTED))
        return lines

    def hint(self) -> str:
        return _("Enter tries again · Esc leaves the game") if self.error is not None else _("Esc leaves the game")

    # ------------------------------------------------------------------ leaving

    def leave_warning(self) -> str | None:
        if self.error is not None:
            return self.flow.leave_warning()  # the worker has ended: the game is the UI's again
        return self.warning

    def back(self) -> None:
        """Esc: ask, as on every screen of a game, then go to the title screen."""
        Scene.back(self)

    def keep(self) -> None:
        """Leaving while the bots choose: the autosave of the last commit stays as it is (the worker still owns
        the game; nothing may touch it or its file); a turn the worker has finished is autosaved as well."""
        self._cancelled = True  # whatever the worker returns is not shown
        if self.error is not None:
            self.flow.keep()
        elif self.finished and self._error is None:
            self.flow.settle(self._result)

    def handle(self, event: pygame.event.Event) -> None:
        if self.error is not None and event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN,
                                                                                     pygame.K_KP_ENTER):
            self.app.switch(ThinkingScene(self.app, self.flow))
