"""Branching a saved game at a past turn: a new game from the state before that turn's orders.

The branch has the save's seed and its history up to the turn, the seats chosen (by default as they were held
that turn) and its provenance ("branched from class-3.json at turn 3"). Playing the original's orders from
there reproduces the original game bit for bit: the branch is the save cut at that turn, loaded as any save
is. The source save is only read, never written; the branch is saved to `out` when given.
"""

from __future__ import annotations

import os
from pathlib import Path

from game.session import saves
from game.session.game import ArgumentError, Game
from game.session.replay import Replay
from game.session.saves import PROVENANCE_CHARS, SaveError


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (a link or another spelling of the source counts)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def provenance_of(source: Path, turn: int, earlier: str | None) -> str:
    """'branched from NAME at turn K', with the source's own provenance after it (a branch of a branch)."""
    text = f"branched from {source.name} at turn {turn}"
    if earlier:
        text += f" ({source.name} was {earlier})"
    return text if len(text) <= PROVENANCE_CHARS else text[:PROVENANCE_CHARS - 1] + "…"


def branch(path: str | Path, turn: int, seats: dict[str, str] | None = None, out: str | Path | None = None) -> Game:
    """A new game at the state before `turn`'s orders of the save at `path`, with the same seed, history 1..turn-1,
    `seats` over the seats held that turn and its provenance set; saved to `out` if given. Raises SaveError for a
    save that cannot be replayed or an `out` that cannot be written (or is the source), ValueError for a turn out
    of range; the source file is never written."""
    path = Path(path)
    if out is not None and _same_file(path, Path(out)):
        raise SaveError(f"cannot save the branch to {out}: that is the save it branches from, which is never "
                        "changed; give another file")
    if seats is not None and not isinstance(seats, dict):
        raise ArgumentError(f"seats are a mapping of faction id to seat, not {type(seats).__name__}")
    replay = Replay.open(path)
    last = replay.turns if replay.finished else replay.turns + 1
    if isinstance(turn, bool) or not isinstance(turn, int):
        raise ValueError(f"a turn to branch at is a whole number, not {turn!r}")
    if not 1 <= turn <= last:
        ended = " and the game is over" if replay.finished else ""
        raise ValueError(f"turn {turn} is out of range: {path.name} has {replay._resolved()}{ended}, so "
                         f"give 1 to {last}")
    game = replay.game_before(turn)
    if seats:
        game.seats = saves._seats(game, {**game.seats, **seats}, "the seats asked for", "the branch")
    game.provenance = provenance_of(path, turn, replay.provenance)
    if out is not None:
        saves.save(game, out, folders=False)
    return game
