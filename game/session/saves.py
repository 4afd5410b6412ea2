"""Saves: versioned JSON, written atomically; loading validates, replays and checks every snapshot.

A save is the game's scenario (id + content hash), seed, seats and order history; the per-turn
snapshots are a check on the replay, not the source of truth. Orders still pending in the current
turn are not saved (they are secret and not yet final).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.rules.compiled import Rules
from game.rules.compiler import compile_file
from game.rules.files import content_hash, pack_files
from game.rules.problems import ContentError, field_path
from game.scenarios import UnknownScenarioError, find_scenario, load_rules
from game.session.game import Game
from game.session.orders import IllegalOrderError, Order

FORMAT = "pacific-trilemma-save"
VERSION = 1


class SaveError(ValueError):
    """A save that cannot be loaded (or written), with the reason."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class SavedTurn(_Strict):
    turn: int = Field(ge=1)
    orders: dict[str, list[str]]
    tracks: list[float]
    counters: list[int]


class SaveFile(_Strict):
    format: Literal["pacific-trilemma-save"]
    version: int
    scenario: str
    scenario_file: str
    content_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    seed: int = Field(ge=0, lt=2**63)
    seats: dict[str, str]
    turns: list[SavedTurn]


def to_json(game: Game) -> dict:
    """The save document of a game."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "scenario": game.rules.id,
        "scenario_file": str(game.rules.scenario_path),
        "content_hash": game.rules.content_hash,
        "seed": game.seed,
        "seats": dict(game.seats),
        "turns": [
            {"turn": r.turn, "orders": {f: [str(o) for o in orders] for f, orders in r.orders.items()},
             "tracks": [float(v) for v in r.x], "counters": [int(v) for v in r.ints]}
            for r in game.history
        ],
    }


def save(game: Game, path: str | Path) -> Path:
    """Write the save atomically (temp file, fsync, rename): a failure never destroys the previous save."""
    return write_atomic(Path(path), json.dumps(to_json(game), indent=1))


def write_atomic(path: Path, text: str) -> Path:
    """Write text to path through a temp file, fsync and rename; raises SaveError, leaving any old file intact."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SaveError(f"cannot save to {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SaveError(f"cannot save to {path}: {exc.strerror or exc}; the previous save is untouched") from None
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # some filesystems cannot fsync a directory; the rename itself is atomic
    return path


def load(path: str | Path) -> Game:
    """Load, validate and replay a save; raises SaveError saying exactly what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SaveError(f"cannot read save {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SaveError(f"{path} is not a save: it is not text") from None
    if text.strip() and not text.lstrip().startswith("{"):
        raise SaveError(f"{path} is not a save: a save is a JSON object, and this file does not start with '{{'")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SaveError(f"{path} is truncated or corrupted: invalid JSON at line {exc.lineno}, column {exc.colno} "
                        f"({exc.msg})") from None
    return from_json(raw, str(path))


def from_json(raw: object, where: str = "save") -> Game:
    """Rebuild a game from a save document, replaying and checking it."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise SaveError(f"{where} is not a Pacific Trilemma save (no '\"format\": \"{FORMAT}\"')")
    version = raw.get("version")
    if isinstance(version, int) and version > VERSION:
        raise SaveError(f"{where} was written by a newer version of the game (save format {version}; this version "
                        f"reads up to {VERSION}). Update the game to open it.")
    if isinstance(version, int) and version < VERSION:
        raise SaveError(f"{where} uses save format {version}, which this version no longer reads (it reads {VERSION})")
    try:
        doc = SaveFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{field_path(e['loc']) or 'top level'}: {e['msg']}" for e in exc.errors(include_url=False))
        raise SaveError(f"{where} is damaged or hand-edited: {problems}") from None
    rules = _rules_now(doc, where)
    if rules.content_hash != doc.content_hash:
        raise SaveError(f"{where} was played with different rules for scenario {doc.scenario!r}: its content has "
                        "changed since (content hash differs), so the game cannot be replayed faithfully")
    try:
        game = Game(rules, doc.seed, doc.seats)
    except (IllegalOrderError, ValueError) as exc:
        raise SaveError(f"{where} has bad seats or seed: {exc}") from None
    for k, turn in enumerate(doc.turns):
        if turn.turn != game.turn:
            raise SaveError(f"{where} is damaged: entry {k + 1} is turn {turn.turn} but the replay is at turn {game.turn}")
        if game.is_over:
            raise SaveError(f"{where} is damaged: it has orders for turn {turn.turn} after the game ended")
        try:
            game.play_turn({f: [Order.parse(o) for o in orders] for f, orders in turn.orders.items()})
        except IllegalOrderError as exc:
            raise SaveError(f"{where} is hand-edited or damaged: turn {turn.turn}: {exc}") from None
        _check_snapshot(game, turn, where)
    return game


def _rules_now(doc: SaveFile, where: str) -> Rules:
    """The save's scenario compiled from its files as they are now (a cached compile may predate an edit)."""
    try:
        path = find_scenario(doc.scenario)
    except UnknownScenarioError:
        try:
            path = find_scenario(doc.scenario_file)
        except UnknownScenarioError:
            raise SaveError(f"{where} is a game of scenario {doc.scenario!r}, which is not installed") from None
    try:
        rules = load_rules(path)
        if content_hash([rules.scenario_path, *pack_files(rules.pack.root)]) != rules.content_hash:
            rules = compile_file(rules.scenario_path)
    except ContentError as exc:
        raise SaveError(f"{where} is a game of scenario {doc.scenario!r}, whose files now have problems: {exc}") from None
    return rules


def _check_snapshot(game: Game, turn: SavedTurn, where: str) -> None:
    record = game.history[-1]
    saved = np.asarray(turn.tracks, dtype=np.float64)
    if saved.shape != record.x.shape:
        raise SaveError(f"{where} is damaged: turn {turn.turn} has {saved.size} track values, the scenario has "
                        f"{record.x.size}")
    diff = np.flatnonzero(saved != record.x)
    if diff.size:
        t = int(diff[0])
        name = game.rules.tracks[t].id
        raise SaveError(f"{where} is hand-edited or damaged: after turn {turn.turn} it says {name} = {float(saved[t])!r} "
                        f"but replaying its orders gives {float(record.x[t])!r}")
    if list(turn.counters) != [int(v) for v in record.ints]:
        raise SaveError(f"{where} is hand-edited or damaged: turn {turn.turn}'s counters do not match the replay")
