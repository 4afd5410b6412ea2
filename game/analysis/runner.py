"""Run a batch of games to the end: bots in every seat, forced orders on given turns, then summarize."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

from game.analysis.outcome import Outcome, force_result, summarize
from game.analysis.requests import AnalysisError, Force, check_force, parse_force, seat_policies
from game.ai.batch import policy_orders
from game.engine.layout import EMPTY, STATUS, Legality, Status
from game.engine.state import SingleGame, add_order, empty_orders, new_state, resolve
from game.rules.compiled import Rules
from game.scenarios import load_rules
from game.session import faults

MAX_GAMES = 1_000_000  # ~1.6 GB of track values for the crossroads scenario: beyond that, run several batches
MAX_SEED = 2**63 - 1  # the largest seed a game accepts (game.session.game.Game)

ForceLike = Force | str


def rules_of(scenario: Rules | str | Path) -> Rules:
    """Compiled rules from Rules, a scenario id or a path (raises UnknownScenarioError or ContentError)."""
    return scenario if isinstance(scenario, Rules) else load_rules(scenario)


def check_batch(games: int, seed: int) -> None:
    """Raise AnalysisError unless `games` games from `seed` are a batch that can be run."""
    if not 1 <= games <= MAX_GAMES:
        raise AnalysisError(f"games: {games} is out of range: run 1 to {MAX_GAMES:,} games at once")
    if not 0 <= seed or seed + games - 1 > MAX_SEED:
        raise AnalysisError(f"seed: {seed} is out of range: seeds {seed}..{seed + games - 1} must lie in 0..2**63 - 1")


def forces_of(rules: Rules, force: Iterable[ForceLike], label: str = "force") -> list[tuple[Force, int]]:
    """Each forced order (a Force or its text) with the action it orders; raises AnalysisError."""
    checked = []
    for item in force:
        spec = parse_force(rules, item, label) if isinstance(item, str) else item
        checked.append((spec, check_force(rules, spec)))
    return checked


def check_turns(rules: Rules, turns: int | None) -> int:
    """The number of turns to play: all of them for None; raises AnalysisError outside 1..the scenario's turns."""
    if turns is None:
        return rules.n_turns
    if not 1 <= turns <= rules.n_turns:
        raise AnalysisError(f"turns: {turns} is out of range: {rules.id} has turns 1 to {rules.n_turns}")
    return turns


def run(scenario: Rules | str | Path, games: int, seats: Mapping[str, str] | None = None, seed: int = 0,
        force: Iterable[ForceLike] = (), turns: int | None = None) -> Outcome:
    """Play `games` games (seeds seed..seed+games-1) as one batch and summarize them.

    seats: faction -> bot ("random" or "greedy"; unnamed seats are random). force: orders given on a
    turn in every game where legal, before the faction's bot fills its other slots, as Force objects or
    `FACTION:MOVE[@TARGET]@TURN` text. turns: stop after that many turns (default: play to the end) to
    see a short-term effect; games stopped early have no winner yet. Raises AnalysisError naming the
    bad part of the request.
    """
    rules = rules_of(scenario)
    check_batch(games, seed)
    last = check_turns(rules, turns)
    names, policies = seat_policies(rules, seats)
    forced = forces_of(rules, force)
    state = new_state(rules, np.arange(seed, seed + games, dtype=np.uint64))
    history = np.full((rules.n_turns, games, len(rules.factions), rules.max_orders), EMPTY, dtype=np.int64)
    codes = [np.full(games, int(Legality.GAME_OVER), dtype=np.int64) for _ in forced]
    faulted = np.zeros(games, dtype=bool)
    first: tuple[int, int] | None = None  # (game, turn) of the first fault
    for turn in range(1, last + 1):
        if not (state.ints[:, STATUS] == Status.RUNNING).any():
            break
        orders = empty_orders(rules, games)
        for k, (spec, action) in enumerate(forced):
            if spec.turn == turn:
                codes[k] = add_order(rules, state, orders, rules.faction_index[spec.faction], action)
        policy_orders(rules, state, policies, orders)
        history[turn - 1] = orders
        resolve(rules, state, orders)
        bad = ~faulted & ~np.isfinite(state.x).all(axis=1)
        if bad.any():  # stopped where they are and left out of every figure (summarize)
            faulted |= bad
            state.ints[bad, STATUS] = Status.FINISHED
            first = first or (int(np.flatnonzero(bad)[0]), turn)
    fault = fault_text(rules, seed + first[0], history[:, first[0]], first[1]) if first else ""
    results = tuple(force_result(spec, c) for (spec, _), c in zip(forced, codes))
    return summarize(rules, state, seed, names, results, history, last, faulted, fault)


def fault_text(rules: Rules, seed: int, orders: np.ndarray, turn: int) -> str:
    """Why the game of `seed` faulted on `turn`: replayed alone with its orders (orders: [turns, factions, slots])
    and explained, the single game's RulesFaultError message (batch and single games compute alike)."""
    state = new_state(rules, np.array([seed], dtype=np.uint64))
    single = SingleGame(rules)
    for t in range(1, turn):
        single.resolve(state, orders[t - 1][None])
    entries, amounts = single.resolve(state, orders[turn - 1][None], explain=True)
    try:
        faults.check_finite(rules, turn, state.x[0], entries, amounts)
    except faults.RulesFaultError as err:
        return f"game {seed}: {err}".replace("; the game is left as it was before the turn", "")
    return f"game {seed}: turn {turn} made a track NaN or infinite"
