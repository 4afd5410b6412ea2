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


UNIFORM_BOTS = ("random", "greedy", "doctrine", "search:normal")  # the setup's seat choices, every seat alike
SEARCH_SHARE = 0.3  # the search mix plays this share of the games asked for (it looks ahead: slow), unless told
SEARCH_BOT = "search:normal"
WAR_MIXES = ("random", "greedy")  # mixes whose war share is flagged: none at all, or in most games
PERSONALITY_WINS = (0.10, 0.70)  # a faction winning less or more often than this against a personality is flagged


@dataclass(frozen=True)
class Mix:
    """One seat mix of a balance table and its games: `label` is the bot of every seat for a uniform mix
    ("greedy"), else the personality's seat ("us=doctrine:america_first", every other seat its default doctrine)."""

    label: str
    personality: str  # the faction whose non-default doctrine plays against the defaults; "" for a uniform mix
    outcome: Outcome

    @property
    def band(self) -> tuple[float, float]:
        """The win shares a faction should stay within in this mix."""
        return PERSONALITY_WINS if self.personality else BALANCED_WINS

    def to_json(self) -> dict:
        o = self.outcome
        return {"mix": self.label, "kind": "personality" if self.personality else "uniform",
                "personality": self.personality or None, "seats": o.seats, "games": o.games,
                "win_share": o.win_share, "war_rate": o.war_rate, "crisis_rate": o.crisis_rate, "scores": o.scores}


@dataclass(frozen=True)
class Balance:
    """A scenario's balance: the same seeds played with every seat mix the setup offers (`mixes`, in the order of
    `balance_mixes`).

    A balance stopped by Ctrl-C (Stopped.partial) holds the mixes done and the games done of the one under way
    (`games` of each mix's outcome says how many); `planned` lists every mix that was asked for."""

    mixes: tuple[Mix, ...]
    flags: tuple[str, ...]
    planned: tuple[str, ...] = ()

    def mix(self, label: str) -> Outcome | None:
        """The outcome of the mix `label` (None if it was not played)."""
        return next((m.outcome for m in self.mixes if m.label == label), None)

    @property
    def random(self) -> Outcome | None:
        return self.mix("random")

    @property
    def greedy(self) -> Outcome | None:
        return self.mix("greedy")

    def top_moves(self, faction: str) -> dict[str, float]:
        """The moves taking the largest shares of the faction's orders in the greedy games it won."""
        if self.greedy is None:
            return {}
        return dict(list(self.greedy.winner_moves[faction].items())[:TOP_MOVES])

    def to_json(self) -> dict:
        first = self.mixes[0].outcome
        arms: dict = {}
        for name in WAR_MIXES:  # the two uniform mixes of before, under their own keys
            o = self.mix(name)
            if o is not None:
                arms[name] = {"games": o.games, "win_share": o.win_share, "war_rate": o.war_rate,
                              "crisis_rate": o.crisis_rate}
        if self.greedy is not None:
            arms["greedy"]["winner_moves"] = {f: self.top_moves(f) for f in self.greedy.win_share}
        return {"scenario": first.scenario, "games": first.games, "seed": first.seed,
                "crisis_definition": CRISIS_DEFINITION, "planned": list(self.planned),
                "mixes": [m.to_json() for m in self.mixes], **arms, "flags": list(self.flags)}


def balance_mixes(rules: Rules) -> list[tuple[str, str, dict[str, str]]]:
    """Every seat mix the setup offers, as (label, personality faction or "", seats): every seat random, greedy,
    its default doctrine and search:normal, then each faction's non-default doctrines against the others' defaults.
    The doctrine mixes need a doctrine for every faction (a pack may write none)."""
    factions = [f.id for f in rules.factions]
    doctrines = all(rules.doctrines_of(f) for f in factions)
    mixes = [(bot, "", {f: bot for f in factions}) for bot in UNIFORM_BOTS if bot != "doctrine" or doctrines]
    if doctrines:
        for f in factions:
            for doc in rules.doctrines_of(f)[1:]:  # the default comes first
                seat = f"doctrine:{doc.id.removeprefix(f + '.')}"
                mixes.append((f"{f}={seat}", f, {g: seat if g == f else "doctrine" for g in factions}))
    return mixes


def mix_flags(mix: Mix, names: Mapping[str, str]) -> list[str]:
    """A mix's flags: a faction winning outside the mix's band; for WAR_MIXES, war in no game or in most."""
    lo, hi = mix.band
    o, flags = mix.outcome, []
    for faction, share in o.win_share.items():
        if not lo <= share <= hi:
            flags.append(f"{mix.label}: {names[faction]} wins {share:.1%} of games, outside {lo:.0%}–{hi:.0%}")
    if mix.label in WAR_MIXES:
        if o.war_rate == 0:
            flags.append(f"{mix.label}: war in none of the {o.games:,} games")
        elif o.war_rate > 0.5:
            flags.append(f"{mix.label}: war in {o.war_rate:.1%} of games, most of them")
    if mix.label == "greedy":
        for faction, moves in o.winner_moves.items():
            for move, share in moves.items():
                if share > DOMINANT_MOVE:
                    flags.append(f"greedy: {move} is {share:.1%} of the orders {names[faction]} gave in the games it "
                                 f"won, above {DOMINANT_MOVE:.0%}")
    return flags


def balance_flags(mixes: Iterable[Mix], names: Mapping[str, str]) -> tuple[str, ...]:
    """Every mix's flags (`mix_flags`), mix by mix."""
    return tuple(flag for mix in mixes for flag in mix_flags(mix, names))


def search_games_of(games: int, search_games: int | None) -> int:
    """The games of the search mix: `search_games` if given (0: no search mix), else SEARCH_SHARE of `games`."""
    if search_games is None:
        return max(1, round(games * SEARCH_SHARE))
    if search_games < 0:
        raise AnalysisError(f"search games {search_games}: give 0 (no search mix) or more")
    return search_games


def balance(scenario: Rules | str | Path, games: int, seed: int = 0, progress: Progress | None = None,
            chunk: int | None = CHUNK, proposals: bool = True, search_games: int | None = None) -> Balance:
    """Play `games` games (seeds seed..) with every seat mix of `balance_mixes` (the search mix `search_games`,
    by default SEARCH_SHARE of them; 0 leaves it out); flag imbalances.

    progress(done, total) after each chunk, counting the games of every mix; Ctrl-C raises Stopped with the
    Balance of the mixes done and the chunks done of the one under way (None if none was)."""
    rules = rules_of(scenario)
    check_batch(games, seed)
    n_search = search_games_of(games, search_games)
    if n_search:
        check_batch(n_search, seed)
    names = {f.id: f.name for f in rules.factions}
    plan = [(label, who, seats, n_search if label == SEARCH_BOT else games)
            for label, who, seats in balance_mixes(rules) if label != SEARCH_BOT or n_search]
    total = sum(n for *_, n in plan)
    mixes: list[Mix] = []
    before = 0
    for label, who, seats, n in plan:
        step = None if progress is None else (lambda done, _t, before=before: progress(before + done, total))
        try:
            mixes.append(Mix(label, who, run(rules, n, seats, seed, progress=step, chunk=chunk, proposals=proposals)))
        except KeyboardInterrupt as stop:  # Stopped from within the mix, or a Ctrl-C between the mixes
            under_way = getattr(stop, "partial", None)
            done = mixes + ([Mix(label, who, under_way)] if under_way is not None else [])
            partial = Balance(tuple(done), balance_flags(done, names), tuple(p[0] for p in plan)) if done else None
            raise Stopped(partial, before + getattr(stop, "done", 0), total) from None
        before += n
    return Balance(tuple(mixes), balance_flags(mixes, names), tuple(p[0] for p in plan))
