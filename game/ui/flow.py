"""Hot-seat play on one screen: whose turn it is to look, and what comes next (no drawing, no pygame).

A turn goes: for each human seat in faction order, a hand-off (the screen is covered until only
that faction's players are looking), then its orders until it commits; then the bot seats choose,
the turn resolves and everyone sees the report; after the last turn, the debrief. The UI shows
`step` and calls `advance()` when the players are done with it; nothing here draws anything.

    flow = HotSeat(Game.new("crossroads_2025", seed=7, seats={"cn": "greedy"}), autosave=path)
    flow.step          # Step(Phase.HANDOFF, "us")
    flow.advance()     # -> Step(Phase.ORDERS, "us"); the UI submits orders through flow.game
    flow.game.commit("us"); flow.advance()   # -> the next hand-off, or the report once all are in
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from game.ai import play_bot_seats
from game.session import saves
from game.session.game import HUMAN, Game
from game.session.orders import SessionError
from game.session.report import TurnReport


class Phase(str, Enum):
    HANDOFF = "handoff"  # cover screen: pass to `faction`
    ORDERS = "orders"  # `faction` gives its secret orders
    REPORT = "report"  # the resolved turn, for everyone
    DEBRIEF = "debrief"  # the game is over


@dataclass(frozen=True)
class Step:
    phase: Phase
    faction: str | None = None
    report: TurnReport | None = None


class HotSeat:
    """Drives a Game through hand-offs, orders, reports and the debrief; autosaves after every turn."""

    def __init__(self, game: Game, autosave: Path | None = None):
        self.game = game
        self.autosave = autosave
        self.save_problem: str | None = None  # the last autosave failure, shown by the UI
        self.step = self._turn_start() if not game.is_over else Step(Phase.DEBRIEF)

    @property
    def humans(self) -> list[str]:
        return [f for f in self.game.factions if self.game.seats[f] == HUMAN]

    def _turn_start(self) -> Step:
        waiting = [f for f in self.humans if f not in self.game.committed]
        if waiting:
            return Step(Phase.HANDOFF, waiting[0])
        return self._resolve()

    def _resolve(self) -> Step:
        reasons = play_bot_seats(self.game)
        report = self.game.resolve()
        report.bot_reasons.update(reasons)
        self._autosave()
        return Step(Phase.REPORT, report=report)

    def _autosave(self) -> None:
        if self.autosave is None:
            return
        try:
            saves.save(self.game, self.autosave)
            self.save_problem = None
        except saves.SaveError as exc:
            self.save_problem = str(exc)

    def advance(self) -> Step:
        """Move on from the current step (the players pressed Space, committed, or read the report)."""
        step = self.step
        if step.phase == Phase.HANDOFF:
            self.step = Step(Phase.ORDERS, step.faction)
        elif step.phase == Phase.ORDERS:
            if step.faction not in self.game.committed:
                raise SessionError(f"{step.faction} has not committed its orders yet")
            self.step = self._turn_start()
        elif step.phase == Phase.REPORT:
            self.step = Step(Phase.DEBRIEF) if self.game.is_over else self._turn_start()
        return self.step

    def reports(self) -> list[TurnReport]:
        return self.game.reports()
