"""Two analyses side by side: an A/B comparison on the same seeds, and a scenario's balance table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

from game.analysis.outcome import CRISIS_DEFINITION, Outcome
from game.analysis.requests import AnalysisError, seat_policies
from game.analysis.runner import (CHUNK, ForceLike, Progress, Stopped, check_batch, check_turns, forces_of, outcome_of,
                                  play_arms, rules_of, run)
from game.rules.compiled import Rules

BALANCED_WINS = (0.20, 0.50)  # a faction winning less or more often than this is flagged
DOMINANT_MOVE = 0.60  # a move taking more of a winner's orders than this is flagged
TOP_MOVES = 5  # moves listed per faction in the balance table


@dataclass(frozen=True)
class Difference:
    """B − A of a per-game figure: the difference of the means and the standard error of that difference
    (the games are paired: game k of each arm has the same seed)."""

    mean: float
    se: float

    def to_json(self) -> dict[str, float]:
        return {"mean": self.mean, "se": self.se}


def paired(a: np.ndarray, b: np.ndarray) -> Difference:
    """The paired difference b − a over the games (axis 0)."""
    d = np.asarray(b, dtype=np.float64) - np.asarray(a, dtype=np.float64)
    se = float(d.std(ddof=1) / np.sqrt(d.shape[0])) if d.shape[0] > 1 else 0.0
    return Difference(float(d.mean()), se)


@dataclass(frozen=True)
class Comparison:
    """Arm A and arm B run on the same seeds, and their differences (B − A)."""

    a: Outcome
    b: Outcome
    win_share: dict[str, Difference]
    war_rate: Difference
    crisis_rate: Difference
    tracks: dict[str, Difference]

    def to_json(self) -> dict:
        return {
            "scenario": self.a.scenario, "games": self.a.games, "seed": self.a.seed, "seats": self.a.seats,
            "a": self.a.to_json(), "b": self.b.to_json(),
            "difference": {
                "of": "b - a",
                "win_share": {f: d.mean for f, d in self.win_share.items()},
                "war_rate": self.war_rate.mean,
                "crisis_rate": self.crisis_rate.mean,
                "tracks": {t: d.to_json() for t, d in self.tracks.items()},
            },
        }


def compare(scenario: Rules | str | Path, games: int, seats: Mapping[str, str] | None = None, seed: int = 0,
            a: Iterable[ForceLike] = (), b: Iterable[ForceLike] = (), turns: int | None = None,
            progress: Progress | None = None, chunk: int | None = CHUNK, proposals: bool = True) -> Comparison:
    """Run arm A (forced orders `a`) and arm B (forced orders `b`) on the same seeds, for `turns` turns
    (default: to the end); raises AnalysisError. The arms are played chunk by chunk side by side:
    progress(done, total) after each chunk of both, and Ctrl-C raises Stopped with the Comparison of the
    chunks done in both arms (None if none was)."""
    rules = rules_of(scenario)
    a, b = list(a), list(b)
    check_batch(games, seed)
    last = check_turns(rules, turns)
    names, policies = seat_policies(rules, seats)
    arms = [forces_of(rules, a), forces_of(rules, b, "against")]  # every part is checked before either arm runs
    try:
        played = play_arms(rules, games, seed, policies, arms, last, None, progress, chunk, proposals)
    except Stopped as stop:
        partial = None
        if stop.partial is not None:
            partial = _compared(rules, [outcome_of(rules, p, seed, names, f, last) for p, f in zip(stop.partial, arms)])
        raise Stopped(partial, stop.done, games) from None
    return _compared(rules, [outcome_of(rules, p, seed, names, f, last) for p, f in zip(played, arms)])


def _compared(rules: Rules, outcomes: list[Outcome]) -> Comparison:
    """The comparison of two arms; AnalysisError if a game of either faulted."""
    for arm, outcome in zip("AB", outcomes):
        if outcome.faulted:  # the arms are compared game by game: every game of both must count
            raise AnalysisError(f"arm {arm}: {outcome.faulted} of {outcome.games} games faulted, so the arms cannot "
                                f"be compared game by game: {outcome.fault}")
    return comparison(rules, *outcomes)


def comparison(rules: Rules, one: Outcome, two: Outcome) -> Comparison:
    """Arm A and arm B, played on the same seeds with no game faulted, and their paired differences B − A."""
    return Comparison(
        one, two,
        win_share={f.id: paired(one.winner == k, two.winner == k) for k, f in enumerate(rules.factions)},
        war_rate=paired(one.war, two.war),
        crisis_rate=paired(one.crisis, two.crisis),
        tracks={t.id: paired(one.final[:, i], two.final[:, i]) for i, t in enumerate(rules.tracks)},
    )


@dataclass(frozen=True)
class Balance:
    """A scenario's balance: the same seeds played with every seat random and with every seat greedy.

    A balance stopped by Ctrl-C (Stopped.partial) may hold fewer games in a mix than asked for, and no greedy
    mix (None) if it was stopped before one of its chunks was done; `games` of each mix says how many."""

    random: Outcome
    greedy: Outcome | None
    flags: tuple[str, ...]

    def top_moves(self, faction: str) -> dict[str, float]:
        """The moves taking the largest shares of the faction's orders in the greedy games it won."""
        if self.greedy is None:
            return {}
        return dict(list(self.greedy.winner_moves[faction].items())[:TOP_MOVES])

    def to_json(self) -> dict:
        arms: dict = {}
        for name, o in (("random", self.random), ("greedy", self.greedy)):
            if o is not None:
                arms[name] = {"games": o.games, "win_share": o.win_share, "war_rate": o.war_rate,
                              "crisis_rate": o.crisis_rate}
        if self.greedy is not None:
            arms["greedy"]["winner_moves"] = {f: self.top_moves(f) for f in self.greedy.win_share}
        return {"scenario": self.random.scenario, "games": self.random.games, "seed": self.random.seed,
                "crisis_definition": CRISIS_DEFINITION, **arms,
                "flags": list(self.flags)}


def balance_flags(random: Outcome, greedy: Outcome, names: Mapping[str, str]) -> tuple[str, ...]:
    """Factions winning outside BALANCED_WINS, war in no game or in most, and moves above DOMINANT_MOVE of a
    greedy winner's orders."""
    lo, hi = BALANCED_WINS
    flags = []
    for label, outcome in (("random", random), ("greedy", greedy)):
        for faction, share in outcome.win_share.items():
            if not lo <= share <= hi:
                flags.append(f"{label}: {names[faction]} wins {share:.1%} of games, outside {lo:.0%}–{hi:.0%}")
        if outcome.war_rate == 0:
            flags.append(f"{label}: war in none of the {outcome.games:,} games")
        elif outcome.war_rate > 0.5:
            flags.append(f"{label}: war in {outcome.war_rate:.1%} of games, most of them")
    for faction, moves in greedy.winner_moves.items():
        for move, share in moves.items():
            if share > DOMINANT_MOVE:
                flags.append(f"greedy: {move} is {share:.1%} of the orders {names[faction]} gave in the games it "
                             f"won, above {DOMINANT_MOVE:.0%}")
    return tuple(flags)


def balance(scenario: Rules | str | Path, games: int, seed: int = 0, progress: Progress | None = None,
            chunk: int | None = CHUNK, proposals: bool = True) -> Balance:
    """Play `games` games with every seat random and the same seeds with every seat greedy; flag imbalances.

    progress(done, total) after each chunk, counting the games of both mixes (total 2 x games); Ctrl-C raises
    Stopped with the Balance of the mixes done and the chunks done of the one under way (None if none was)."""
    rules = rules_of(scenario)
    check_batch(games, seed)
    names = {f.id: f.name for f in rules.factions}
    mixes: list[Outcome] = []
    for k, bot in enumerate(("random", "greedy")):
        step = None if progress is None else (lambda done, total, k=k: progress(k * games + done, 2 * games))
        try:
            mixes.append(run(rules, games, {f.id: bot for f in rules.factions}, seed, progress=step, chunk=chunk,
                             proposals=proposals))
        except KeyboardInterrupt as stop:  # Stopped from within the mix, or a Ctrl-C between the mixes
            under_way = getattr(stop, "partial", None)
            done = mixes + ([under_way] if under_way is not None else [])
            partial = Balance(done[0], done[1] if len(done) > 1 else None,
                              balance_flags(*done, names) if len(done) > 1 else ()) if done else None
            raise Stopped(partial, k * games + getattr(stop, "done", 0), 2 * games) from None
    return Balance(mixes[0], mixes[1], balance_flags(mixes[0], mixes[1], names))
