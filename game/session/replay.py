"""A saved game, turn by turn, as it was played: each resolved turn's orders, reasons, seats and report.

`Replay.open(path)` reads and checks a save as `load` does (the same refusals) and replays it once;
`frame(turn)` is one resolved turn, `game_before(turn)` a fresh game at the state before that turn's
orders (the history before it, the facilitator's actions of earlier turns carried out again), and
`final()` the game with every resolved turn. Nothing of a turn not yet resolved is ever part of any of
them: an autosave's pending orders, commits, bots' reasons, proposals and facilitator actions of the current
turn are left out (a replay shows what happened, and a pending turn has not happened yet).

Each is built from the save document cut at that turn and loaded by `saves.from_json`, so a replayed
game goes through the same checks, and gives the same state arrays, as loading the save would.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from game.rules.compiled import Rules
from game.rules.problems import shorten
from game.session import saves
from game.session.facilitation import Intervention
from game.session.game import Game
from game.session.orders import Order
from game.session.proposals import Proposal
from game.session.report import TurnReport


@dataclass(frozen=True)
class ReplayFrame:
    """One resolved turn as it was played."""

    turn: int
    orders: dict[str, tuple[Order, ...]]  # every faction's orders of that turn
    reasons: dict[str, str]  # bots' plain-words reasons (none for a seat people played)
    seats: dict[str, str]  # who held each seat when the turn resolved
    interventions: tuple[Intervention, ...]  # the facilitator's actions during the turn
    report: TurnReport  # with bot_reasons filled
    negotiation: tuple[Proposal, ...] = ()  # the turn's proposals as they stood when it resolved (also report.negotiation)


class Replay:
    """A save opened for replaying: its facts, its resolved turns as frames, and games rebuilt at any turn."""

    def __init__(self, path: Path, doc: dict, game: Game):
        self.path = path
        self._doc = doc  # the save document without its pending part
        self._final = game
        self.rules: Rules = game.rules
        self.seed: int = game.seed
        self.seats: dict[str, str] = dict(game.seats)
        self.provenance: str | None = game.provenance
        self.turns: int = len(game.history)
        self.finished: bool = game.is_over

    @classmethod
    def open(cls, path: str | Path) -> "Replay":
        """Read and check a save (raises SaveError with the reason, as `load` does) and replay its resolved turns."""
        path = Path(path)
        where = str(path)
        try:
            raw = saves._read(path)
            saves.from_json(raw, where)  # the whole save, pending part included, must load to be replayed
            doc = _cut(raw, None)
            game = saves.from_json(doc, where)
        except saves.SaveError as exc:
            raise saves.SaveError(shorten(str(exc))) from None
        return cls(path, doc, game)

    @classmethod
    def of_game(cls, game: Game, name: str = "this game") -> "Replay":
        """A game in play (or over) replayed as its save would be: its resolved turns, never its pending orders."""
        doc = _cut(saves.to_json(game), None)
        try:
            replayed = saves.from_json(doc, name)
        except saves.SaveError as exc:
            raise saves.SaveError(shorten(str(exc))) from None
        return cls(Path(name), doc, replayed)

    def _check(self, turn: object, last: int, what: str) -> int:
        if isinstance(turn, bool) or not isinstance(turn, int):
            raise ValueError(f"a turn {what} is a whole number, not {turn!r}")
        if not 1 <= turn <= last:
            if last < 1:
                raise ValueError(f"{self.path.name} has no resolved turn yet, so there is no turn {turn} {what}")
            raise ValueError(f"turn {turn} is out of range: {self.path.name} has {self._resolved()}, so give 1 to "
                             f"{last}")
        return turn

    def _resolved(self) -> str:
        return f"{self.turns} resolved turn{'s' if self.turns != 1 else ''}"

    def frame(self, turn: int) -> ReplayFrame:
        """Resolved turn `turn` (1..turns) as it was played; ValueError with the range otherwise."""
        record = self._final.history[self._check(turn, self.turns, "to replay") - 1]
        report = record.report
        return ReplayFrame(turn, dict(record.orders), dict(report.bot_reasons), dict(record.seats or self.seats),
                           tuple(report.interventions), report, tuple(record.negotiation))

    def frames(self) -> list[ReplayFrame]:
        """Every resolved turn's frame, in order."""
        return [self.frame(turn) for turn in range(1, self.turns + 1)]

    def game_before(self, turn: int) -> Game:
        """A fresh game at the state before `turn`'s orders (1..turns+1): history 1..turn-1, the facilitator's
        actions of earlier turns carried out again, the seats as they were held that turn; never pending orders."""
        self._check(turn, self.turns + 1, "to start from")
        record = self._final.history[turn - 1] if turn <= self.turns else None
        seats = record.seats if record is not None and record.seats is not None else self.seats
        return self._load(_cut(self._doc, turn - 1, seats))

    def final(self) -> Game:
        """The game with every resolved turn and nothing pending (e.g. for the debrief); a fresh copy each call."""
        return self._load(self._doc)

    def _load(self, doc: dict) -> Game:
        try:
            return saves.from_json(doc, str(self.path))
        except saves.SaveError as exc:  # loaded once already: only a changed installation gets here
            raise saves.SaveError(shorten(str(exc))) from None


def _cut(raw: object, turns: int | None, seats: dict[str, str] | None = None) -> dict:
    """The save document with its first `turns` resolved turns (all if None), the facilitator's actions of those
    turns only, and no pending part; `seats` replace its seats."""
    doc = copy.deepcopy(raw) if isinstance(raw, dict) else {}
    doc.pop("pending", None)
    kept = doc.get("turns", []) if turns is None else doc.get("turns", [])[:turns]
    doc["turns"] = kept
    last = len(kept)
    if isinstance(doc.get("interventions"), list):
        doc["interventions"] = [i for i in doc["interventions"] if isinstance(i, dict) and
                                isinstance(i.get("turn"), int) and i["turn"] <= last]
        if not doc["interventions"]:
            del doc["interventions"]
    if seats is not None:
        doc["seats"] = dict(seats)
    return doc
