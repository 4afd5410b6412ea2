"""Saves: versioned JSON, written atomically; loading validates, replays and checks every snapshot.

A save is the game's scenario (id + content hash), seed, seats, order history and the facilitator's
actions (format 3: `interventions`, each replayed before the resolution of the turn it was made in);
the per-turn snapshots are a check on the replay, not the source of truth. A named save keeps only resolved
turns; the window's autosave (`save(..., pending=True)`, format 2) also keeps the current turn's
pending orders and who has committed, which `load` checks with the game's own rules and restores
(front ends must still show each faction only its own). Format-1 saves load as before.

`summary(path)` reads what a load screen lists (scenario, turn, seats) without replaying anything.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.engine.layout import STATUS, Status
from game.rules.compiled import Rules
from game.rules.compiler import compile_file
from game.rules.files import content_hash, pack_files, pack_root, read_yaml
from game.rules.problems import ContentError, field_path
from game.scenarios import UnknownScenarioError, find_scenario, load_rules
from game.session.facilitation import REPLAYED, Intervention, InterventionFormatError, of_turn
from game.session.game import Game
from game.session.orders import IllegalOrderError, Order

FORMAT = "pacific-trilemma-save"
VERSION = 3  # 2 added the optional `pending` part, 3 the facilitator's `interventions`
OLDEST = 1  # the oldest format this version reads


class SaveError(ValueError):
    """A save that cannot be loaded (or written), with the reason."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class SavedTurn(_Strict):
    turn: int = Field(ge=1)
    orders: dict[str, list[str]]
    tracks: list[float]
    counters: list[int]


class SavedPending(_Strict):
    """The current turn's orders so far: every faction's pending orders and who has committed."""

    turn: int = Field(ge=1)
    orders: dict[str, list[str]]
    committed: list[str]


class SaveFile(_Strict):
    format: Literal["pacific-trilemma-save"]
    version: int
    scenario: str
    scenario_file: str
    content_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    seed: int = Field(ge=0, lt=2**63)
    seats: dict[str, str]
    turns: list[SavedTurn]
    pending: SavedPending | None = None
    interventions: list[dict] = []  # Intervention.to_json documents, checked by Intervention.from_json


def to_json(game: Game, pending: bool = False) -> dict:
    """The save document of a game; with `pending`, the current turn's orders and commits too."""
    doc = {
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
    if game.interventions:
        doc["interventions"] = [i.to_json() for i in game.interventions]
    orders = {f: [str(o) for o in game.pending[f]] for f in game.factions if game.pending[f]}
    if pending and not game.is_over and (orders or game.committed):
        doc["pending"] = {"turn": game.turn, "orders": orders,
                          "committed": [f for f in game.factions if f in game.committed]}
    return doc


def save(game: Game, path: str | Path, pending: bool = False) -> Path:
    """Write the save atomically (temp file, fsync, rename): a failure never destroys the previous save.
    With `pending`, the current turn's pending orders and commits are kept too (the autosave)."""
    return write_atomic(Path(path), json.dumps(to_json(game, pending), indent=1))


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
    return from_json(_read(path), str(path))


def _read(path: Path, where: str | None = None) -> object:
    """The JSON document in a save file; raises SaveError if it is unreadable or not JSON."""
    where = where or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SaveError(f"cannot read save {where}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SaveError(f"{where} is not a save: it is not text") from None
    if text.strip() and not text.lstrip().startswith("{"):
        raise SaveError(f"{where} is not a save: a save is a JSON object, and this file does not start with '{{'")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SaveError(f"{where} is truncated or corrupted: invalid JSON at line {exc.lineno}, column {exc.colno} "
                        f"({exc.msg})") from None


def _document(raw: object, where: str) -> SaveFile:
    """The validated save document (format, version and schema checked; nothing replayed)."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise SaveError(f"{where} is not a Pacific Trilemma save (no '\"format\": \"{FORMAT}\"')")
    version = raw.get("version")
    if isinstance(version, int) and version > VERSION:
        raise SaveError(f"{where} was written by a newer version of the game (save format {version}; this version "
                        f"reads up to {VERSION}). Update the game to open it.")
    if isinstance(version, int) and version < OLDEST:
        raise SaveError(f"{where} uses save format {version}, which this version no longer reads (it reads "
                        f"{OLDEST} to {VERSION})")
    if isinstance(version, int) and version < 3 and "interventions" in raw:
        raise SaveError(f"{where} is damaged or hand-edited: save format {version} has no facilitator actions (they "
                        "came with format 3)")
    if version == 1 and "pending" in raw:
        raise SaveError(f"{where} is damaged or hand-edited: save format 1 has no pending orders (they came with "
                        "format 2)")
    try:
        return SaveFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{field_path(e['loc']) or 'top level'}: {e['msg']}" for e in exc.errors(include_url=False))
        raise SaveError(f"{where} is damaged or hand-edited: {problems}") from None


def from_json(raw: object, where: str = "save") -> Game:
    """Rebuild a game from a save document, replaying and checking it."""
    doc = _document(raw, where)
    rules = _rules_now(doc, where)
    if rules.content_hash != doc.content_hash:
        raise SaveError(f"{where} was played with different rules for scenario {doc.scenario!r}: its content has "
                        "changed since (content hash differs), so the game cannot be replayed faithfully")
    try:
        game = Game(rules, doc.seed, doc.seats)
    except (IllegalOrderError, ValueError) as exc:
        raise SaveError(f"{where} has bad seats or seed: {exc}") from None
    game.interventions = _interventions(doc, rules, where)
    for k, turn in enumerate(doc.turns):
        _replay_interventions(game)
        if turn.turn != game.turn:
            raise SaveError(f"{where} is damaged: entry {k + 1} is turn {turn.turn} but the replay is at turn {game.turn}")
        if game.is_over:
            raise SaveError(f"{where} is damaged: it has orders for turn {turn.turn} after the game ended")
        try:
            game.play_turn({f: [Order.parse(o) for o in orders] for f, orders in turn.orders.items()})
        except IllegalOrderError as exc:
            raise SaveError(f"{where} is hand-edited or damaged: turn {turn.turn}: {exc}") from None
        _check_snapshot(game, turn, where)
    if not game.is_over:
        _replay_interventions(game)
    if doc.pending is not None:
        _restore_pending(game, doc.pending, where)
    return game


def _interventions(doc: SaveFile, rules: Rules, where: str) -> list[Intervention]:
    """The save's facilitator actions, each checked against the scenario's events, tracks and factions."""
    records = []
    for k, item in enumerate(doc.interventions):
        what = f"{where}: interventions[{k}]"
        try:
            record = Intervention.from_json(item, what)
        except InterventionFormatError as exc:
            raise SaveError(f"{exc} (the save is damaged or hand-edited)") from None
        known = {"inject": rules.event_index, "assume": rules.track_index, "seat": rules.faction_index}.get(record.kind)
        if known is not None and record.subject not in known:
            raise SaveError(f"{what} names {record.subject!r}, which scenario {rules.id!r} does not have (the save is "
                            "damaged or hand-edited)")
        records.append(record)
    return records


def _replay_interventions(game: Game) -> None:
    """Carry out again the injects and assumptions in effect for the turn about to be replayed (the seats are the
    save's own)."""
    for record in of_turn(game.interventions, game.turn):
        if record.kind in REPLAYED:
            game.replay(record)


def _restore_pending(game: Game, pending: SavedPending, where: str) -> None:
    """Submit the saved pending orders and commits through the game's own checks."""
    if game.is_over:
        raise SaveError(f"{where} is damaged: it has pending orders for turn {pending.turn} after the game ended")
    if pending.turn != game.turn:
        raise SaveError(f"{where} is damaged: its pending orders are for turn {pending.turn} but the replay is at "
                        f"turn {game.turn}")
    try:
        for faction, orders in pending.orders.items():
            for text in orders:
                game.submit(faction, Order.parse(text))
        for faction in pending.committed:
            game.commit(faction)
    except IllegalOrderError as exc:
        raise SaveError(f"{where} is hand-edited or damaged: pending orders for turn {pending.turn}: {exc}") from None


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


# ------------------------------------------------------------------------------------------ summaries


@dataclass(frozen=True)
class SaveSummary:
    """What a load screen lists about a save file, read without replaying it."""

    path: Path
    saved_at: float  # the file's modification time, seconds since the epoch
    problem: str | None = None  # why the file cannot be loaded (then nothing below is known)
    scenario: str = ""
    title: str = ""
    turns: int = 0  # resolved turns
    n_turns: int = 0  # the scenario's length (0 if it is not installed)
    status: Status = Status.RUNNING
    seats: tuple[tuple[str, str], ...] = ()  # (faction's short name, seat) in faction order

    @property
    def finished(self) -> bool:
        return self.status != Status.RUNNING

    def progress(self) -> str:
        """'turn 3 of 8' (the turn being played), 'finished' or 'ended in war'."""
        if self.status == Status.WAR:
            return "ended in war"
        if self.status == Status.FINISHED:
            return "finished"
        return f"turn {self.turns + 1} of {self.n_turns}" if self.n_turns else f"turn {self.turns + 1}"

    def seats_text(self) -> str:
        """'U.S. human · Japan search (normal) · China doctrine'."""
        return " · ".join(f"{name} {seat_words(seat)}" for name, seat in self.seats)


def seat_words(seat: str) -> str:
    """A seat as a person reads it: `search:normal` -> 'search (normal)'."""
    name, _, level = seat.partition(":")
    return f"{name} ({level})" if level else name


def summary(path: str | Path) -> SaveSummary:
    """The scenario, progress and seats of a save file, from its JSON alone (no replay, no compiling); a file
    that cannot be a save is summarised with the reason in `problem`."""
    path = Path(path)
    try:
        saved_at = path.stat().st_mtime
    except OSError as exc:
        return SaveSummary(path, 0.0, f"cannot read save {path.name}: {exc.strerror or exc}")
    try:
        doc = _document(_read(path, path.name), path.name)
        status = Status(doc.turns[-1].counters[STATUS]) if doc.turns else Status.RUNNING
    except SaveError as exc:
        return SaveSummary(path, saved_at, str(exc))
    except (IndexError, ValueError):
        return SaveSummary(path, saved_at, f"{path.name} is damaged: its last turn's counters have no game status")
    title, n_turns, names = _scenario_facts(doc.scenario, doc.scenario_file)
    seats = tuple((names.get(f, f), seat) for f, seat in doc.seats.items())
    return SaveSummary(path, saved_at, None, doc.scenario, title, len(doc.turns), n_turns, status, seats)


@lru_cache(maxsize=64)
def _scenario_facts(scenario: str, scenario_file: str) -> tuple[str, int, dict[str, str]]:
    """(title, turns, faction -> short name) of a save's scenario from its YAML files (once per process: a
    load screen lists many saves of the same few scenarios)."""
    for ref in (scenario, scenario_file):
        try:
            return _facts_of(find_scenario(ref))
        except UnknownScenarioError:
            continue
    return f"{scenario} (not installed)", 0, {}


def _facts_of(path: Path) -> tuple[str, int, dict[str, str]]:
    """The facts of one scenario file and the factions of its content pack."""
    raw, _ = read_yaml(path)
    raw = raw if isinstance(raw, dict) else {}
    title = str(raw.get("title") or raw.get("id") or path.stem)
    turns = raw.get("turns") if isinstance(raw.get("turns"), int) else 0
    names: dict[str, str] = {}
    content = raw.get("content")
    root = pack_root(content, path.parent) if isinstance(content, str) else None
    for file in pack_files(root) if root is not None and root.is_dir() else ():
        try:
            if "factions:" not in file.read_text(encoding="utf-8"):
                continue  # only the files that define factions are worth parsing
        except (OSError, UnicodeDecodeError):
            continue
        data, _ = read_yaml(file)
        for item in data.get("factions", []) if isinstance(data, dict) else ():
            if isinstance(item, dict) and "id" in item:
                words = [str(item[k]) for k in ("name", "adjective") if item.get(k)]
                names[str(item["id"])] = min(words, key=len) if words else str(item["id"])
    return title, turns, names
