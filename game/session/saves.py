"""Saves: versioned JSON, written atomically; loading validates, replays and checks every snapshot.

A save is the game's scenario (id + content hash), seed, seats, order history and the facilitator's
actions (format 3: `interventions`, each replayed before the resolution of the turn it was made in) and what a
replay needs (format 4: each turn's bots' `reasons` and the `seats` who held each seat when it resolved, and the
game's `provenance`, e.g. "branched from a.json at turn 3"), and each turn's joint-move proposals as they stood
when it resolved (format 5: `negotiation`, game.session.proposals); the per-turn snapshots are a check on the replay,
not the source of truth. A named save keeps only resolved
turns; the window's autosave (`save(..., pending=True)`, format 2) also keeps the current turn's
pending orders, who has committed, the reasons of the bots that already chose and the turn's proposals so far (open
ones and agreements holding their orders), which `load` checks with the game's own rules and restores
(front ends must still show each faction only its own). Format-1 saves load as before.

`summary(path)` reads what a load screen lists (scenario, turn, seats) without replaying anything.

Limits, each refused with a message naming the file and the limit: anything that is not a regular file is
refused before it is opened (a FIFO or a device never blocks a read), a save is at most MAX_SAVE_BYTES,
its JSON nests at most MAX_DEPTH deep, its numbers have at most MAX_DIGITS digits, its order texts at most
ORDER_CHARS characters, its bots' reasons at most REASON_CHARS (game.session.game), its provenance at most
PROVENANCE_CHARS. A save's `scenario_file` is used only if it is a scenario file of the save's
scenario id (a `.yaml` that reads as a scenario); values quoted in messages are cut to QUOTE characters (game.rules.problems).
Writing never goes through a device, a directory or a read-only file, and leaves no temporary file.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from game.engine.layout import STATUS, Status
from game import i18n
from game.i18n import N_, _, content
from game.rules.compiled import Rules
from game.rules.compiler import compile_file
from game.rules.files import (UnreadableFile, content_hash, content_problem, decode_text, pack_files, pack_root,
                              read_bounded, read_yaml)
from game.rules.problems import MESSAGE_CHARS, QUOTE, ContentError, field_path, quote, shorten  # noqa: F401 (QUOTE, MESSAGE_CHARS: the limits tests read here)
from game.scenarios import UnknownScenarioError, find_scenario, load_rules
from game.session.facilitation import REPLAYED, Intervention, InterventionFormatError, of_turn
from game.session.game import REASON_CHARS, Game
from game.session.orders import IllegalOrderError, Order
from game.session.proposals import Negotiation, Proposal, Standing

FORMAT = "pacific-trilemma-save"
VERSION = 5  # 2 added the optional `pending` part, 3 the facilitator's `interventions`, 4 reasons, seats, provenance,
# 5 each turn's (and the pending turn's) `negotiation`
OLDEST = 1  # the oldest format this version reads
MAX_SAVE_BYTES = 20_000_000  # ten times the largest realistic save (a long game with every track kept each turn)
MAX_DEPTH = 64  # nesting of JSON lists and objects; a save nests 5 deep
MAX_DIGITS = 40  # digits in one JSON number; a seed has at most 19, a track value fewer than 20
ORDER_CHARS = 400  # characters in one saved order text (`move@target`); ids are far shorter
NAME_CHARS = 400  # characters in the saved scenario id, a faction id or a seat
PROVENANCE_CHARS = 2000  # characters of a game's provenance (a branch of a branch names both)
PATH_CHARS = 4096  # characters in the saved scenario file's path
SCENARIO_BYTES = 2_000_000  # a scenario file named by a save (the shipped ones are about 12 KB)
SHOWN_ERRORS = 10  # problems of a save listed in its refusal; the rest are counted


class SaveError(ValueError):
    """A save that cannot be loaded (or written), with the reason."""


class _Strict(BaseModel):
    # strict: a number is a JSON number ("1", true and 1.0 are not the integer 1), a text is a JSON string
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=True)


Name = Annotated[str, StringConstraints(max_length=NAME_CHARS)]
OrderText = Annotated[str, StringConstraints(max_length=ORDER_CHARS)]
ReasonText = Annotated[str, StringConstraints(max_length=REASON_CHARS)]


class SavedProposal(_Strict):
    """One joint-move proposal as Proposal.to_json writes it."""

    number: int = Field(ge=1)
    turn: int = Field(ge=1)
    by: Name
    to: list[Name]
    order: OrderText
    standing: Literal["open", "accepted", "declined", "countered", "withdrawn", "lapsed"]
    reason: ReasonText
    answer_reason: ReasonText
    answered_by: Name
    counters: int | None
    countered_by: int | None
    accepted: list[Name]


class SavedTurn(_Strict):
    turn: int = Field(ge=1)
    orders: dict[Name, list[OrderText]]
    tracks: list[float]
    counters: list[int]
    reasons: dict[Name, ReasonText] = {}  # format 4: the bots' reasons for their orders
    seats: dict[Name, Name] = None  # type: ignore[assignment]  # format 4: who held each seat when it resolved (absent: not known; null is refused)
    negotiation: list[SavedProposal] = []  # format 5: the turn's proposals as they stood when it resolved


class SavedPending(_Strict):
    """The current turn's orders so far: every faction's pending orders and who has committed."""

    turn: int = Field(ge=1)
    orders: dict[Name, list[OrderText]]
    committed: list[Name]
    reasons: dict[Name, ReasonText] = {}  # format 4: the reasons of the bots that have chosen
    negotiation: list[SavedProposal] = []  # format 5: the turn's proposals so far, open ones included


class SaveFile(_Strict):
    format: Literal["pacific-trilemma-save"]
    version: int
    scenario: Name
    scenario_file: Annotated[str, StringConstraints(max_length=PATH_CHARS)]
    content_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    seed: int = Field(ge=0, lt=2**63)
    seats: dict[Name, Name]
    turns: list[SavedTurn]
    pending: SavedPending | None = None
    interventions: list[dict] = []  # Intervention.to_json documents, checked by Intervention.from_json
    provenance: Annotated[str, StringConstraints(max_length=PROVENANCE_CHARS)] = None  # type: ignore[assignment]  # format 4 (absent: none; null is refused)


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
        "turns": [_turn_json(r) for r in game.history],
    }
    if game.interventions:
        doc["interventions"] = [i.to_json() for i in game.interventions]
    if game.provenance:
        doc["provenance"] = game.provenance
    orders = {f: [str(o) for o in game.pending[f]] for f in game.factions if game.pending[f]}
    if pending and not game.is_over and (orders or game.committed or len(game.negotiation)):
        doc["pending"] = {"turn": game.turn, "orders": orders,
                          "committed": [f for f in game.factions if f in game.committed]}
        if game.reasons:
            doc["pending"]["reasons"] = {f: _cut(r) for f, r in game.reasons.items()}
        if len(game.negotiation):
            doc["pending"]["negotiation"] = game.negotiation.to_json()
    return doc


def _cut(reason: str) -> str:
    """A bot's reason within REASON_CHARS (a front end may have added a longer one to a report)."""
    return reason if len(reason) <= REASON_CHARS else reason[:REASON_CHARS - 1] + "…"


def _turn_json(record) -> dict:
    """One resolved turn as a save keeps it: orders, snapshot, the bots' reasons and who held the seats."""
    doc = {"turn": record.turn, "orders": {f: [str(o) for o in orders] for f, orders in record.orders.items()},
           "tracks": [float(v) for v in record.x], "counters": [int(v) for v in record.ints],
           "reasons": {f: _cut(r) for f, r in record.report.bot_reasons.items()}}
    if record.seats is not None:
        doc["seats"] = dict(record.seats)
    if record.negotiation:
        doc["negotiation"] = [p.to_json() for p in record.negotiation]
    return doc


def save(game: Game, path: str | Path, pending: bool = False, folders: bool = True) -> Path:
    """Write the save atomically (temp file, fsync, checked, rename): a failure never destroys the previous save.
    With `pending`, the current turn's pending orders and commits are kept too (the autosave); without `folders`,
    a missing folder is refused rather than made (a path typed on the command line)."""
    return write_atomic(Path(path), json.dumps(to_json(game, pending), indent=1), folders=folders)


_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")  # tempfile.mkstemp(prefix=".NAME.", suffix=".tmp")


def clean_leftovers(folder: Path, name: str | None = None) -> list[Path]:
    """Remove the temporary files interrupted saves left in `folder` (of the file `name` only, if given): only
    regular files named as write_atomic names them. Returns what was removed; a file that cannot be removed stays."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _LEFTOVER.match(entry.name)
        if found is None or (name is not None and found["name"] != name):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass  # another user's file, or gone already: nothing of ours to lose
    return removed


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    for test, words in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                        (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                        (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return words
    return "not a regular file"


def _write_target(path: Path) -> Path:
    """The regular file a save to `path` replaces (a symbolic link's target), or `path` if nothing is there yet;
    raises SaveError for a folder, a device, a FIFO, a broken link or a read-only file."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise SaveError(f"cannot save to {path}: {exc.strerror or exc}") from None
    target = path
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
            info = os.stat(target)
        except (OSError, RuntimeError):
            raise SaveError(f"cannot save to {path}: it is a symbolic link to {quote(os.readlink(path))}, which does "
                            "not lead to a file") from None
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(f"cannot save to {path}: it is a symbolic link to {target}, which is {_kind(info.st_mode)}; "
                            "the game saves only to regular files")
    elif not stat.S_ISREG(info.st_mode):
        raise SaveError(f"cannot save to {path}: it is {_kind(info.st_mode)}; the game saves only to regular files")
    if not info.st_mode & stat.S_IWUSR or not os.access(target, os.W_OK):
        raise SaveError(f"cannot save to {path}: the file is read-only, so the game leaves it as it is (save under "
                        "another name, or make it writable)")
    return target


def write_atomic(path: Path, text: str, check: Callable[[str], object] | None = json.loads,
                 folders: bool = True) -> Path:
    """Write text to path through a temp file, fsync, a check that the file reads back whole (and parses with
    `check`), then a rename; raises SaveError, leaving any old file byte for byte. A symbolic link to a regular
    file has its target replaced; the temp files of interrupted saves of the same file are removed first. A
    missing folder is made, or with `folders=False` refused."""
    target = _write_target(path)
    if not folders and not target.parent.is_dir():
        raise SaveError(f"cannot save to {path}: the folder {target.parent} does not exist; nothing was written")
    data = text.encode("utf-8")
    existed = target.exists()
    kept = "; the previous save is untouched" if existed else "; nothing was written"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(target.parent, target.name)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise SaveError(f"cannot save to {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if existed:
                os.fchmod(handle.fileno(), stat.S_IMODE(os.stat(target).st_mode))  # a save keeps its permissions
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _check_written(Path(tmp), data, check)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SaveError(f"cannot save to {path}: {exc.strerror or exc}{kept}") from None
    except SaveError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SaveError(f"cannot save to {path}: {exc}{kept}") from None
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # some filesystems cannot fsync a directory; the rename itself is atomic
    return path


def _check_written(tmp: Path, data: bytes, check: Callable[[str], object] | None) -> None:
    """Raise SaveError unless the temp file holds exactly `data` (and it parses): a short write is never renamed."""
    size = os.stat(tmp).st_size
    if size != len(data):
        raise SaveError(f"only {size:,} of {len(data):,} bytes were written")
    with open(tmp, "rb") as handle:
        back = handle.read(len(data) + 1)
    if back != data:
        raise SaveError("the file read back differs from what was written")
    if check is not None:
        try:
            check(back.decode("utf-8"))
        except ValueError as exc:
            raise SaveError(f"the file written does not read back ({exc})") from None


def read_limited(path: Path, limit: int, what: str, where: str | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; raises SaveError for anything else, before opening a
    FIFO or a device (which could block or never end) and without reading more than the limit."""
    where = where or str(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(f"{where} is not a {what}: it is {_kind(info.st_mode)}, not a regular file")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced between the two looks
                raise SaveError(f"{where} is not a {what}: it is not a regular file")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise SaveError(f"cannot read {what} {where}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise SaveError(f"{where} is too big for a {what}: a {what} is at most {limit:,} bytes "
                        f"({limit / 1e6:g} MB), and this file is {max(len(data), info.st_size):,} bytes")
    return data


class _Refused(ValueError):
    """A JSON number or constant refused while parsing (its message is ours)."""


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise _Refused(f"a number has {digits:,} digits (at most {MAX_DIGITS} are allowed)")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_DIGITS + 10:
        raise _Refused(f"a number is written with {len(text):,} characters (at most {MAX_DIGITS + 10})")
    return float(text)


def _constant(name: str) -> float:
    raise _Refused(f"{name} is not a number a file of the game holds")


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def json_depth(text: str) -> int:
    """How deep the lists and objects of a JSON text nest (strings skipped), counted without recursion."""
    bare = _STRING.sub("", text).encode("utf-8", "replace")
    steps = np.frombuffer(bare, dtype=np.uint8)
    change = np.isin(steps, (91, 123)).astype(np.int32) - np.isin(steps, (93, 125)).astype(np.int32)
    return int(np.cumsum(change).max()) if change.size else 0


def parse_json(data: bytes, what: str, where: str) -> Any:
    """A JSON document within the limits (depth, digits, no NaN), or SaveError in the game's words."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError(f"{where} is not a {what}: it is not text") from None
    if text.strip() and not text.lstrip().startswith("{"):
        raise SaveError(f"{where} is not a {what}: a {what} is a JSON object, and this file does not start with '{{'")
    depth = json_depth(text)
    if depth > MAX_DEPTH:
        raise SaveError(f"{where} is damaged: its lists and objects nest {depth:,} deep (a {what} nests at most "
                        f"{MAX_DEPTH} deep)")
    try:
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except _Refused as exc:
        raise SaveError(f"{where} is damaged or hand-edited: {exc}") from None
    except json.JSONDecodeError as exc:
        raise SaveError(f"{where} is truncated or corrupted: invalid JSON at line {exc.lineno}, column {exc.colno} "
                        f"({exc.msg})") from None
    except (RecursionError, ValueError) as exc:  # a limit of Python's json the checks above did not foresee
        raise SaveError(f"{where} is damaged: it cannot be read as JSON ({type(exc).__name__})") from None


def load(path: str | Path) -> Game:
    """Load, validate and replay a save; raises SaveError saying exactly what is wrong."""
    path = Path(path)
    try:
        return from_json(_read(path), str(path))
    except SaveError as exc:
        raise SaveError(shorten(str(exc))) from None


def _read(path: Path, where: str | None = None) -> object:
    """The JSON document in a save file; raises SaveError if it is not a regular file, too big, unreadable or
    not JSON within the limits."""
    where = where or str(path)
    data = read_limited(path, MAX_SAVE_BYTES, "save", where)
    return parse_json(data, "save", where)


def _document(raw: object, where: str) -> SaveFile:
    """The validated save document (format, version and schema checked; nothing replayed)."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise SaveError(f"{where} is not a Pacific Trilemma save (no '\"format\": \"{FORMAT}\"')")
    version = raw.get("version")
    if type(version) is not int:  # true is not 1, nor "1" or 1.0
        raise SaveError(f"{where} is damaged or hand-edited: version: the save format is a whole number, not "
                        f"{quote(version)}")
    if version > VERSION:
        raise SaveError(f"{where} was written by a newer version of the game (save format {version}; this version "
                        f"reads up to {VERSION}). Update the game to open it.")
    if version < OLDEST:
        raise SaveError(f"{where} uses save format {version}, which this version no longer reads (it reads "
                        f"{OLDEST} to {VERSION})")
    if version < 3 and "interventions" in raw:
        raise SaveError(f"{where} is damaged or hand-edited: save format {version} has no facilitator actions (they "
                        "came with format 3)")
    if version == 1 and "pending" in raw:
        raise SaveError(f"{where} is damaged or hand-edited: save format 1 has no pending orders (they came with "
                        "format 2)")
    if version < 4 and _has_format_4(raw):
        raise SaveError(f"{where} is damaged or hand-edited: save format {version} has no bots' reasons, seats per "
                        "turn or provenance (they came with format 4)")
    if version < 5 and _has_format_5(raw):
        raise SaveError(f"{where} is damaged or hand-edited: save format {version} has no proposals between allies "
                        "(they came with format 5)")
    try:
        return SaveFile.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems = "; ".join(f"{field_path(e['loc']) or 'top level'}: {e['msg']}" for e in errors[:SHOWN_ERRORS])
        more = f"; …and {len(errors) - SHOWN_ERRORS:,} more" if len(errors) > SHOWN_ERRORS else ""
        raise SaveError(f"{where} is damaged or hand-edited: {problems}{more}") from None


def _has_format_4(raw: dict) -> bool:
    """Whether a save document holds any of format 4's parts."""
    turns = raw.get("turns") if isinstance(raw.get("turns"), list) else []
    pending = raw.get("pending") if isinstance(raw.get("pending"), dict) else {}
    return "provenance" in raw or "reasons" in pending or any(
        isinstance(t, dict) and ("reasons" in t or "seats" in t) for t in turns)


def _has_format_5(raw: dict) -> bool:
    """Whether a save document holds any of format 5's parts."""
    turns = raw.get("turns") if isinstance(raw.get("turns"), list) else []
    pending = raw.get("pending") if isinstance(raw.get("pending"), dict) else {}
    return "negotiation" in pending or any(isinstance(t, dict) and "negotiation" in t for t in turns)


def from_json(raw: object, where: str = "save") -> Game:
    """Rebuild a game from a save document, replaying and checking it."""
    doc = _document(raw, where)
    rules = _rules_now(doc, where)
    try:
        game = Game(rules, doc.seed, doc.seats)
    except (IllegalOrderError, ValueError) as exc:
        raise SaveError(f"{where} has bad seats or seed: {exc}") from None
    game.interventions = _interventions(doc, rules, where)
    game.provenance = doc.provenance
    books = _negotiations(rules, doc, where)
    for k, turn in enumerate(doc.turns):
        _replay_interventions(game)
        if turn.turn != game.turn:
            raise SaveError(f"{where} is damaged: entry {k + 1} is turn {turn.turn} but the replay is at turn {game.turn}")
        if game.is_over:
            raise SaveError(f"{where} is damaged: it has orders for turn {turn.turn} after the game ended")
        game.reasons = _reasons(game, turn.reasons, f"turn {turn.turn}", where)
        if turn.seats is not None:
            game.seats = _seats(game, turn.seats, f"turn {turn.turn}", where)
        game.negotiation = Negotiation(books[k])  # as it stood at resolution: nothing open, so nothing lapses again
        try:
            game.play_turn({f: [Order.parse(o) for o in orders] for f, orders in turn.orders.items()})
        except IllegalOrderError as exc:
            raise SaveError(f"{where} is hand-edited or damaged: turn {turn.turn}: {exc}") from None
        _check_snapshot(game, turn, where)
    game.seats = _seats(game, doc.seats, "seats", where)
    if not game.is_over:
        _replay_interventions(game)
    if doc.pending is not None:
        _restore_pending(game, doc.pending, books[-1], where)
        game.reasons = _reasons(game, doc.pending.reasons, f"pending orders for turn {doc.pending.turn}", where)
    return game


def _reasons(game: Game, reasons: dict[str, str], what: str, where: str) -> dict[str, str]:
    """Saved bots' reasons, each of a faction of the scenario."""
    for faction in reasons:
        if faction not in game.rules.faction_index:
            raise SaveError(f"{where} is hand-edited or damaged: {what}: a bot's reason for unknown faction "
                            f"{quote(faction)} (factions: {', '.join(game.factions)})")
    return dict(reasons)


def _seats(game: Game, seats: dict[str, str], what: str, where: str) -> dict[str, str]:
    """Saved seats, each of a faction of the scenario (the others get the scenario's)."""
    try:
        return game._check_seats(seats)
    except (IllegalOrderError, ValueError) as exc:
        raise SaveError(f"{where} has bad seats ({what}): {exc}") from None


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


def _restore_pending(game: Game, pending: SavedPending, book: tuple[Proposal, ...], where: str) -> None:
    """Submit the saved pending orders and commits through the game's own checks, with the turn's proposals (checked
    against those orders by `_negotiations`)."""
    if game.is_over:
        raise SaveError(f"{where} is damaged: it has pending orders for turn {pending.turn} after the game ended")
    if pending.turn != game.turn:
        raise SaveError(f"{where} is damaged: its pending orders are for turn {pending.turn} but the replay is at "
                        f"turn {game.turn}")
    try:
        for faction, orders in pending.orders.items():
            for text in orders:
                game.submit(faction, Order.parse(text))
        game.negotiation = Negotiation(book)
        for faction in pending.committed:
            game.commit(faction)
    except IllegalOrderError as exc:
        raise SaveError(f"{where} is hand-edited or damaged: pending orders for turn {pending.turn}: {exc}") from None


def _negotiations(rules: Rules, doc: SaveFile, where: str) -> list[tuple[Proposal, ...]]:
    """Each resolved turn's proposals, then the pending turn's, checked against the rules and that turn's orders;
    raises SaveError listing every problem (turn, item, field)."""
    problems: list[str] = []
    books = []
    parts = [(t.turn, t.negotiation, t.orders, None) for t in doc.turns]
    if doc.pending is not None:
        parts.append((doc.pending.turn, doc.pending.negotiation, doc.pending.orders, set(doc.pending.committed)))
    for k, (turn, items, orders, committed) in enumerate(parts):
        what = "pending.negotiation" if committed is not None else f"turns[{k}].negotiation"
        books.append(tuple(_proposal(rules, item, j, turn, items, orders, committed, f"{what}[{j}]", problems)
                           for j, item in enumerate(items)))
    if problems:
        more = f"; …and {len(problems) - SHOWN_ERRORS:,} more" if len(problems) > SHOWN_ERRORS else ""
        raise SaveError(f"{where} is damaged or hand-edited: {'; '.join(problems[:SHOWN_ERRORS])}{more}")
    return books


def _proposal(rules: Rules, item: SavedProposal, k: int, turn: int, book: list[SavedProposal],
              orders: dict[str, list[str]], committed: set[str] | None, what: str, problems: list[str]):
    """One saved proposal as a Proposal, adding to `problems` what is wrong with it (None then); `committed` is
    None for a resolved turn, else who has committed in the pending one."""
    found = len(problems)
    at = f"{what} (turn {turn})"
    factions = set(rules.faction_index)
    if item.turn != turn:
        problems.append(f"{at}.turn: {item.turn}, but it is among turn {turn}'s proposals")
    if item.number != k + 1:
        problems.append(f"{at}.number: {item.number}, but proposals are numbered in order (this is number {k + 1})")
    for key in ("by", "answered_by"):
        value = getattr(item, key)
        if value not in factions and (value or key == "by"):
            problems.append(f"{at}.{key}: unknown faction {quote(value)} (factions: {', '.join(rules.faction_index)})")
    for key in ("to", "accepted"):
        unknown = [f for f in getattr(item, key) if f not in factions]
        if unknown:
            problems.append(f"{at}.{key}: unknown faction {quote(unknown[0])} (factions: "
                            f"{', '.join(rules.faction_index)})")
    try:
        order = Order.parse(item.order)
    except ValueError as exc:
        problems.append(f"{at}.order: {exc}")
        order = None
    if order is not None:
        move = rules.moves[rules.move_index[order.move]] if order.move in rules.move_index else None
        if move is None or (order.move, order.target) not in rules.action_index:
            problems.append(f"{at}.order: {quote(item.order)} is not a move (with its target) of scenario "
                            f"{quote(rules.id)}")
        elif len(move.partners) < 2:
            problems.append(f"{at}.order: {quote(item.order)} is not a joint move")
        else:
            partners = [f.id for f in rules.factions if f.id in move.partners]
            if item.by not in partners:
                problems.append(f"{at}.by: {quote(item.by)} is not a partner of {quote(order.move)} "
                                f"({', '.join(partners)})")
            elif list(item.to) != [f for f in partners if f != item.by]:
                problems.append(f"{at}.to: {item.to} should be the move's other partners, "
                                f"{[f for f in partners if f != item.by]}")
    if any(f not in item.to for f in item.accepted):
        problems.append(f"{at}.accepted: {item.accepted} names a faction the proposal was not made to")
    if item.standing == "accepted" and set(item.accepted) != set(item.to):
        problems.append(f"{at}.accepted: an agreement is accepted by all of {item.to}, not {item.accepted}")
    if item.standing == "open" and committed is None:
        problems.append(f"{at}.standing: 'open' in a resolved turn (an open proposal lapses when the turn resolves)")
    numbers = {p.number for p in book}
    for key in ("counters", "countered_by"):
        value = getattr(item, key)
        if value is not None and (value not in numbers or value == item.number):
            problems.append(f"{at}.{key}: {value} is not the number of another proposal of the turn")
    if item.standing == "countered" and item.countered_by is None:
        problems.append(f"{at}.countered_by: a countered proposal names the counter that answered it")
    if order is not None and len(problems) == found:
        proposal = Proposal(item.number, item.turn, item.by, tuple(item.to), order, Standing(item.standing),
                            item.reason, item.answer_reason, item.answered_by, item.counters, item.countered_by,
                            tuple(item.accepted))
        holders = proposal.parties if committed is None and proposal.standing == Standing.ACCEPTED else \
            proposal.holders() if committed is not None else ()
        for holder in holders:
            if item.order not in orders.get(holder, []):
                problems.append(f"{at}: {quote(item.order)} is {'agreed' if proposal.standing == Standing.ACCEPTED else 'proposed'} "
                                f"but not among {holder}'s orders of the turn")
        waiting = [f for f in proposal.to if f not in proposal.accepted and f in (committed or ())]
        if proposal.standing == Standing.OPEN and waiting:
            problems.append(f"{at}.standing: 'open', but {waiting[0]} has committed without answering (it lapsed then)")
        return proposal if len(problems) == found else None
    return None


def scenario_file_of(scenario: str, scenario_file: str) -> Path | None:
    """The save's recorded scenario file if it is a scenario file of that id (a regular `.yaml` file of at most
    SCENARIO_BYTES that reads as a scenario: a mapping with that `id`, `content` and `turns`), else None — so a
    save never makes the game read any other file on disk."""
    path = Path(scenario_file)
    if path.suffix not in (".yaml", ".yml"):
        return None
    try:
        read_limited(path, SCENARIO_BYTES, "scenario file")
    except SaveError:
        return None
    raw, problems = read_yaml(path)
    if problems or not isinstance(raw, dict) or raw.get("id") != scenario or "content" not in raw or \
            "turns" not in raw:
        return None
    return path


def _hash_of(path: Path) -> str | None:
    """The content hash a game of the scenario file would have now (scenario and pack files), without compiling."""
    try:
        raw, _ = read_yaml(path)
        content = raw.get("content") if isinstance(raw, dict) else None
        if not isinstance(content, str) or content_problem(content, path.resolve().parent):
            return None
        root = pack_root(content, path.resolve().parent)
        if not root.is_dir():
            return None
        return content_hash([path.resolve(), *pack_files(root)])
    except (OSError, ValueError):
        return None


def _rules_now(doc: SaveFile, where: str) -> Rules:
    """The save's scenario compiled from its files as they are now (a cached compile may predate an edit): its own
    recorded file first when that is a scenario file whose content hash matches (a customised copy that kept a
    shipped id), then the shipped scenario of its id."""
    candidates: list[Path] = []
    own = scenario_file_of(doc.scenario, doc.scenario_file)
    try:
        shipped = find_scenario(doc.scenario)
    except (UnknownScenarioError, OSError, ValueError):
        shipped = None
    if own is not None and _hash_of(own) == doc.content_hash:
        candidates.append(own)
    if shipped is not None:
        candidates.append(shipped)
    if own is not None and own not in candidates:
        candidates.append(own)
    if not candidates:
        raise SaveError(f"{where} is a game of scenario {quote(doc.scenario)}, which is not installed")
    rules = None
    for path in candidates:
        try:
            rules = load_rules(path)
            if content_hash([rules.scenario_path, *pack_files(rules.pack.root)]) != rules.content_hash:
                rules = compile_file(rules.scenario_path)
        except ContentError as exc:
            raise SaveError(f"{where} is a game of scenario {quote(doc.scenario)}, whose files now have problems: "
                            f"{exc}") from None
        if rules.content_hash == doc.content_hash:
            return rules
    raise SaveError(f"{where} was played with different rules for scenario {quote(doc.scenario)}: its content has "
                    "changed since (content hash differs), so the game cannot be replayed faithfully")


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


BOT_WORDS = {"human": N_("human"), "random": N_("random"), "greedy": N_("greedy"), "doctrine": N_("doctrine"),
             "search": N_("search")}  # a seat's bot as players read it (an unknown name is shown as it is)
LEVEL_WORDS = {"easy": N_("easy"), "normal": N_("normal"), "hard": N_("hard")}  # the search bot's levels


def seat_words(seat: str, rules: Rules | None = None, faction: str | None = None) -> str:
    """A seat as a person reads it: `search:normal` -> 'search (normal)' (探索（ふつう）); with the rules and the
    faction, a doctrine's level is the doctrine's name in the language in use, else its id."""
    name, _sep, level = seat.partition(":")
    bot = _(BOT_WORDS[name]) if name in BOT_WORDS else name
    if not level:
        return bot
    if level in LEVEL_WORDS:
        level = _(LEVEL_WORDS[level])
    elif name == "doctrine" and rules is not None and faction is not None \
            and f"{faction}.{level}" in {d.id for d in rules.doctrines}:
        level = content.name(rules, f"{faction}.{level}")
    return _("{bot} ({level})", bot=bot, level=level)


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
        return SaveSummary(path, saved_at, shorten(str(exc)))
    except (IndexError, ValueError):
        return SaveSummary(path, saved_at, f"{path.name} is damaged: its last turn's counters have no game status")
    title, n_turns, names = _scenario_facts(doc.scenario, doc.scenario_file, i18n.current())
    seats = tuple((names.get(f, f), seat) for f, seat in doc.seats.items())
    return SaveSummary(path, saved_at, None, doc.scenario, title, len(doc.turns), n_turns, status, seats)


@lru_cache(maxsize=64)
def _scenario_facts(scenario: str, scenario_file: str, lang: str) -> tuple[str, int, dict[str, str]]:
    """(title in `lang`, turns, faction -> short name) of a save's scenario from its YAML files (once per process
    and language: a load screen lists many saves of the same few scenarios)."""
    own = scenario_file_of(scenario, scenario_file)
    if own is not None:
        return _facts_of(own)
    try:
        return _facts_of(find_scenario(scenario))
    except (UnknownScenarioError, OSError, ValueError):
        return f"{scenario[:QUOTE]} (not installed)", 0, {}


def _facts_of(path: Path) -> tuple[str, int, dict[str, str]]:
    """The facts of one scenario file and the factions of its content pack."""
    raw, _ = read_yaml(path)
    raw = raw if isinstance(raw, dict) else {}
    title = str(raw.get("title") or raw.get("id") or path.stem)
    if isinstance(raw.get("id"), str):
        title = content.scenario_text(path, raw["id"], "title", title)
    turns = raw.get("turns") if isinstance(raw.get("turns"), int) else 0
    names: dict[str, str] = {}
    pack = raw.get("content")
    allowed = isinstance(pack, str) and content_problem(pack, path.parent) is None  # `content: /` is not walked
    root = pack_root(pack, path.parent) if allowed else None
    for file in pack_files(root) if root is not None and root.is_dir() else ():
        try:
            if "factions:" not in decode_text(read_bounded(file)):
                continue  # only the files that define factions are worth parsing
        except UnreadableFile:
            continue
        data, _ = read_yaml(file)
        for item in data.get("factions", []) if isinstance(data, dict) else ():
            if isinstance(item, dict) and "id" in item:
                words = [str(item[k]) for k in ("name", "adjective") if item.get(k)]
                names[str(item["id"])] = min(words, key=len) if words else str(item["id"])
    return title, turns, names
