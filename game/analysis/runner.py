"""Run a batch of games to the end: bots in every seat, forced orders on given turns, then summarize.

A batch is played in chunks, each a batch of its own (every draw is keyed by its game's seed, so the figures
do not depend on the chunk size): FIRST_CHUNK games first, so that progress shows at once, then chunks sized
to take about CHUNK_SECONDS each (a kernel call's fixed cost is paid per chunk and turn, so small
chunks all the way would make a large batch several times slower). `progress(done, total)` is called after
each chunk, and a Ctrl-C between chunks raises `Stopped` carrying the figures of the chunks done. A batch may begin from a
played game's state (`Start`, see game.analysis.whatif) instead of the scenario's start.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

import numpy as np

from game.analysis.outcome import Outcome, force_result, summarize
from game.analysis.requests import AnalysisError, Force, check_force, parse_force, seat_policies
from game.ai.batch import Policy, SeatPolicy, policy_orders
from game.engine.layout import EMPTY, STATUS, Legality, Status
from game.engine.state import BatchState, SingleGame, add_order, empty_orders, new_state, resolve
from game.rules.compiled import Rules
from game.scenarios import load_rules
from game.session import faults
from game.session.orders import Order

MAX_GAMES = 1_000_000  # ~1.6 GB of track values for the crossroads scenario: beyond that, run several batches
MAX_SEED = 2**63 - 1  # the largest seed a game accepts (game.session.game.Game)
CHUNK: int | None = None  # the default chunk: None grows from FIRST_CHUNK (an int plays that many at a time)
FIRST_CHUNK = 100  # games of the first chunk: progress is reported, and Ctrl-C taken, between chunks
CHUNK_SECONDS = 1.0  # a chunk that took less than this is followed by a larger one, sized to take about this long
GROWTH = 8  # a chunk is at most this many times the last
MAX_CHUNK = 65_536  # the largest chunk: about 100 MB of track values for crossroads_2025

ForceLike = Force | str
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Start:
    """Where a batch begins when not at the scenario's start: a played game's state before turn `turn`'s orders.

    `kept` holds orders given exactly as played (turn -> faction -> orders): that faction plays those orders
    and nothing else on that turn, no bot filling its other slots. The rest describe the played game for the
    what-if (game.analysis.whatif.start_of builds a Start).
    """

    rules: Rules
    source: str  # the save's path, or "the game" for a Game passed in
    turn: int  # K: the first turn the batch plays
    x: np.ndarray = field(repr=False)  # [tracks] before turn K's orders (the facilitator's actions of turn K included)
    ints: np.ndarray = field(repr=False)  # [columns]: turn K, its revealed event, events fired so far
    seed: int  # the played game's seed
    seats: dict[str, str]  # who held each seat in the played game (its save's seats)
    played: tuple[dict[str, tuple[Order, ...]], ...] = ()  # every faction's orders of turns K, K+1, ... as played
    kept: Mapping[int, Mapping[str, tuple[Order, ...]]] = field(default_factory=dict)
    final_x: np.ndarray | None = field(default=None, repr=False)  # the played game's last state, if it has finished
    final_ints: np.ndarray | None = field(default=None, repr=False)
    later_interventions: int = 0  # facilitator actions the played game had after turn K (not replayed)

    @property
    def finished(self) -> bool:
        return self.final_x is not None

    def replaying(self, turns: int = 1, without: Iterable[str] = ()) -> "Start":
        """This start with the played orders of its first `turns` turns kept (factions in `without` left to
        their bots on turn K)."""
        left = set(without)
        kept = {self.turn + k: {f: o for f, o in orders.items() if not (k == 0 and f in left)}
                for k, orders in enumerate(self.played[:turns])}
        return Start(self.rules, self.source, self.turn, self.x, self.ints, self.seed, self.seats, self.played,
                     kept, self.final_x, self.final_ints, self.later_interventions)


class Stopped(KeyboardInterrupt):
    """Ctrl-C between chunks: `partial` holds the figures of the chunks done (None if none was)."""

    def __init__(self, partial: object, done: int, total: int):
        super().__init__(f"stopped after {done:,} of {total:,} games")
        self.partial, self.done, self.total = partial, done, total


@dataclass
class Played:
    """Games played to the end, before they are summarized (the arrays of one or more chunks)."""

    state: BatchState
    history: np.ndarray  # [turns, games, factions, slots]
    codes: list[np.ndarray]  # per forced order, each game's Legality code
    faulted: np.ndarray  # [games] stopped on a NaN or infinite track
    fault_turn: np.ndarray  # [games] the turn it faulted on (0 if none)

    @property
    def games(self) -> int:
        return self.state.games


def rules_of(scenario: Rules | str | Path) -> Rules:
    """Compiled rules from Rules, a scenario id or a path (raises UnknownScenarioError or ContentError)."""
    return scenario if isinstance(scenario, Rules) else load_rules(scenario)


def check_batch(games: int, seed: int) -> None:
    """Raise AnalysisError unless `games` games from `seed` are a batch that can be run."""
    if not 1 <= games <= MAX_GAMES:
        raise AnalysisError(f"games: {games} is out of range: run 1 to {MAX_GAMES:,} games at once")
    if not 0 <= seed or seed + games - 1 > MAX_SEED:
        raise AnalysisError(f"seed: {seed} is out of range: seeds {seed}..{seed + games - 1} must lie in 0..2**63 - 1")


def forces_of(rules: Rules, force: Iterable[ForceLike], label: str = "force",
              start: Start | None = None) -> list[tuple[Force, int]]:
    """Each forced order (a Force or its text) with the action it orders; raises AnalysisError (also for a turn
    before a start's turn K, which is history)."""
    checked = []
    for item in force:
        spec = parse_force(rules, item, label) if isinstance(item, str) else item
        checked.append((spec, check_force(rules, spec)))
        if start is not None and spec.turn < start.turn:
            raise AnalysisError(f"{label} {str(spec)!r}: turn {spec.turn} is before turn {start.turn}, where the "
                                f"continuations begin; turns before it are history: force an order on turn "
                                f"{start.turn} or later ({start.turn} to {rules.n_turns})")
    return checked


def check_turns(rules: Rules, turns: int | None) -> int:
    """The number of turns to play: all of them for None; raises AnalysisError outside 1..the scenario's turns."""
    if turns is None:
        return rules.n_turns
    if not 1 <= turns <= rules.n_turns:
        raise AnalysisError(f"turns: {turns} is out of range: {rules.id} has turns 1 to {rules.n_turns}")
    return turns


def check_start(rules: Rules, start: Start | None, turns: int | None) -> None:
    """Raise AnalysisError unless `start` is a state of these rules from which `turns` turns can be played."""
    if start is None:
        return
    if start.rules.content_hash != rules.content_hash:
        raise AnalysisError(f"start: the played game is of {start.rules.id}, not of this version of {rules.id}")
    if turns is not None and turns < start.turn:
        raise AnalysisError(f"turns: {turns} is before turn {start.turn}, where the continuations begin")


def first_state(rules: Rules, seeds: np.ndarray, start: Start | None) -> BatchState:
    """The state the games begin from: the scenario's start, or the played game's state with each game's own seed
    for every draw from turn K on."""
    if start is None:
        return new_state(rules, seeds)
    n = seeds.shape[0]
    return BatchState(np.tile(start.x, (n, 1)), np.tile(start.ints, (n, 1)), seeds.astype(np.uint64).copy())


def play(rules: Rules, seeds: np.ndarray, policies: list[SeatPolicy], forced: list[tuple[Force, int]], last: int,
         start: Start | None = None, proposals: bool = True) -> Played:
    """Play the games of `seeds` (one chunk) from the start to turn `last` or their end (with `proposals`, the bot
    seats negotiate joint moves first each turn)."""
    games = seeds.shape[0]
    state = first_state(rules, seeds, start)
    history = np.full((rules.n_turns, games, len(rules.factions), rules.max_orders), EMPTY, dtype=np.int64)
    codes = [np.full(games, int(Legality.GAME_OVER), dtype=np.int64) for _ in forced]
    faulted = np.zeros(games, dtype=bool)
    fault_turn = np.zeros(games, dtype=np.int64)
    kept = start.kept if start is not None else {}
    for turn in range(start.turn if start is not None else 1, last + 1):
        if not (state.ints[:, STATUS] == Status.RUNNING).any():
            break
        orders = empty_orders(rules, games)
        chosen = list(policies)
        for faction, given in kept.get(turn, {}).items():
            f = rules.faction_index[faction]
            chosen[f] = int(Policy.KEEP)
            for order in given:  # skipped where illegal (a later turn in a game that went otherwise)
                add_order(rules, state, orders, f, rules.action_index[(order.move, order.target)])
        for k, (spec, action) in enumerate(forced):
            if spec.turn == turn:
                codes[k] = add_order(rules, state, orders, rules.faction_index[spec.faction], action)
        policy_orders(rules, state, chosen, orders, proposals)
        history[turn - 1] = orders
        resolve(rules, state, orders)
        bad = ~faulted & ~np.isfinite(state.x).all(axis=1)
        if bad.any():  # stopped where they are and left out of every figure (summarize)
            faulted |= bad
            fault_turn[bad] = turn
            state.ints[bad, STATUS] = Status.FINISHED
    return Played(state, history, codes, faulted, fault_turn)


def spans(games: int, chunk: int | None = CHUNK) -> Iterator[tuple[int, int]]:
    """(lo, hi) of each chunk of games 0..games-1: `chunk` at a time, or for None FIRST_CHUNK first and then
    chunks sized from how long the last took the caller (timed from one span to the next) to take about
    CHUNK_SECONDS, at most GROWTH times the last."""
    if chunk is not None and chunk < 1:
        raise AnalysisError(f"chunk: {chunk} games at a time is not a chunk; give 1 or more")
    lo, size = 0, chunk or FIRST_CHUNK
    while lo < games:
        hi = min(games, lo + size)
        began = time.perf_counter()
        yield lo, hi
        took = time.perf_counter() - began
        if chunk is None and took < CHUNK_SECONDS:  # aim the next chunk at CHUNK_SECONDS, growing at most GROWTH-fold
            size = min(MAX_CHUNK, int(size * min(GROWTH, CHUNK_SECONDS / max(took, 1e-6))))
        lo = hi


def play_paired(games: int, seed: int, arms: list[Callable[[np.ndarray], Played]], progress: Progress | None = None,
                chunk: int | None = CHUNK) -> list[Played]:
    """Every arm's games of seeds seed..seed+games-1 (each arm plays the seeds of a chunk it is given), chunk by
    chunk: chunk i of every arm before chunk i + 1, so a Ctrl-C keeps the arms paired. progress(done, total)
    after each chunk of every arm; Ctrl-C raises Stopped whose `partial` is the arms' Played of the chunks done
    in all of them (None if none was)."""
    parts: list[list[Played]] = [[] for _ in arms]
    try:
        for lo, hi in spans(games, chunk):
            seeds = np.arange(seed + lo, seed + hi, dtype=np.uint64)
            for k, arm in enumerate(arms):
                parts[k].append(arm(seeds))
            if progress is not None:
                progress(hi, games)
    except KeyboardInterrupt:
        whole = min(len(arm) for arm in parts)
        done = sum(p.games for p in parts[0][:whole])
        raise Stopped([joined(arm[:whole]) for arm in parts] if whole else None, done, games) from None
    return [joined(arm) for arm in parts]


def joined(parts: list[Played]) -> Played:
    """Chunks as one batch, in seed order."""
    if len(parts) == 1:
        return parts[0]
    state = BatchState(np.concatenate([p.state.x for p in parts]), np.concatenate([p.state.ints for p in parts]),
                       np.concatenate([p.state.seeds for p in parts]))
    codes = [np.concatenate([p.codes[k] for p in parts]) for k in range(len(parts[0].codes))]
    return Played(state, np.concatenate([p.history for p in parts], axis=1), codes,
                  np.concatenate([p.faulted for p in parts]), np.concatenate([p.fault_turn for p in parts]))


def outcome_of(rules: Rules, played: Played, seed: int, names: dict[str, str], forced: list[tuple[Force, int]],
               last: int, start: Start | None = None) -> Outcome:
    """The summary of games played (seeds from `seed`)."""
    fault = ""
    if played.faulted.any():
        g = int(np.flatnonzero(played.faulted)[0])
        fault = fault_text(rules, seed + g, played.history[:, g], int(played.fault_turn[g]), start)
    results = tuple(force_result(spec, c) for (spec, _), c in zip(forced, played.codes))
    return summarize(rules, played.state, seed, names, results, played.history, last, played.faulted, fault)


def play_arms(rules: Rules, games: int, seed: int, policies: list[SeatPolicy], arms: list[list[tuple[Force, int]]],
              last: int, start: Start | None = None, progress: Progress | None = None,
              chunk: int | None = CHUNK, proposals: bool = True) -> list[Played]:
    """Every arm's games (the same seeds, one list of forced orders an arm), paired chunk by chunk (play_paired)."""
    players = [lambda seeds, forced=forced: play(rules, seeds, policies, forced, last, start, proposals)
               for forced in arms]
    return play_paired(games, seed, players, progress, chunk)


def run(scenario: Rules | str | Path, games: int, seats: Mapping[str, str] | None = None, seed: int = 0,
        force: Iterable[ForceLike] = (), turns: int | None = None, start: Start | None = None,
        progress: Progress | None = None, chunk: int | None = CHUNK, proposals: bool = True) -> Outcome:
    """Play `games` games (seeds seed..seed+games-1) and summarize them (with `proposals`, allies' bots negotiate
    joint moves; without, as before they could).

    seats: faction -> bot ("random" or "greedy"; unnamed seats are random). force: orders given on a
    turn in every game where legal, before the faction's bot fills its other slots, as Force objects or
    `FACTION:MOVE[@TARGET]@TURN` text. turns: stop after that many turns (default: play to the end) to
    see a short-term effect; games stopped early have no winner yet. start: begin every game from a played
    game's state before turn K (game.analysis.whatif.start_of), each with its own seed for every draw from
    then on. progress(done, total) is called after each chunk of games (`spans`); Ctrl-C between chunks raises
    Stopped with the Outcome of the games done. Raises AnalysisError naming the bad part of the request.
    """
    rules = rules_of(scenario)
    check_batch(games, seed)
    last = check_turns(rules, turns)
    check_start(rules, start, turns)
    names, policies = seat_policies(rules, seats)
    forced = forces_of(rules, force, start=start)
    try:
        [played] = play_arms(rules, games, seed, policies, [forced], last, start, progress, chunk, proposals)
    except Stopped as stop:
        partial = None if stop.partial is None else outcome_of(rules, stop.partial[0], seed, names, forced, last, start)
        raise Stopped(partial, stop.done, games) from None
    return outcome_of(rules, played, seed, names, forced, last, start)


def fault_text(rules: Rules, seed: int, orders: np.ndarray, turn: int, start: Start | None = None) -> str:
    """Why the game of `seed` faulted on `turn`: replayed alone with its orders (orders: [turns, factions, slots])
    and explained, the single game's RulesFaultError message (batch and single games compute alike)."""
    state = first_state(rules, np.array([seed], dtype=np.uint64), start)
    single = SingleGame(rules)
    for t in range(start.turn if start is not None else 1, turn):
        single.resolve(state, orders[t - 1][None])
    entries, amounts = single.resolve(state, orders[turn - 1][None], explain=True)
    try:
        faults.check_finite(rules, turn, state.x[0], entries, amounts)
    except faults.RulesFaultError as err:
        return f"game {seed}: {err}".replace("; the game is left as it was before the turn", "")
    return f"game {seed}: turn {turn} made a track NaN or infinite"
