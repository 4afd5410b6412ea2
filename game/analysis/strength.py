"""How strong one bot is against another: paired games with seats rotated across factions.

The factions are not alike, so a bot's raw win rate says as much about its seat as about the bot.
`strength` compares like with like: for each faction and each seed it plays one game with `bot`
in that faction's seat and `against` in the other two, and one with `against` in all three. The
bot wins that seed if its margin over the best rival (score minus the best other score) beats
the margin `against` got in the same seat, on the same seed, facing the same opponents; a tie
counts half, and a war is the worst margin for everyone (two wars tie). The share of wins over
every faction and seed is the pairing's score: 50% means the bots are equally strong.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.analysis.requests import AnalysisError, seat_policies
from game.analysis.runner import CHUNK, Progress, Stopped, check_batch, rules_of, spans
from game.ai.batch import policy_orders
from game.engine.layout import STATUS, Status
from game.engine.margins import SEARCH_WAR_MARGIN as WAR_MARGIN  # a war: the same heavy loss the search counts
from game.engine.margins import TIE, margins_over_rivals
from game.engine.state import new_state, resolve, scores
from game.rules.compiled import Rules



@dataclass(frozen=True)
class Pairing:
    """The result of `strength`: the share of paired games `bot` won against `against`, per faction and overall."""

    scenario: str
    bot: str
    against: str
    games: int  # seeds per faction: the pairing played 3 x games with the bot seated, plus games as baseline
    seed: int
    wins: dict[str, float]  # faction -> share of seeds won (ties half) with the bot in that seat
    overall: float  # over every faction and seed
    stderr: float  # standard error of `overall` (the factions' seeds counted as independent)
    margin: dict[str, tuple[float, float]]  # faction -> (bot's mean margin, against's), wars counted at the war margin
    war: dict[str, tuple[float, float]]  # faction -> (war rate with the bot seated, in the baseline)

    def to_json(self) -> dict:
        return {"scenario": self.scenario, "bot": self.bot, "against": self.against, "games": self.games,
                "seed": self.seed, "wins": self.wins, "overall": self.overall, "stderr": self.stderr,
                "margin": {f: list(m) for f, m in self.margin.items()},
                "war": {f: list(w) for f, w in self.war.items()}}




def margins(rules: Rules, seats: dict[str, str], games: int, seed: int, progress: Progress | None = None,
            chunk: int | None = CHUNK, proposals: bool = True) -> np.ndarray:
    """Every faction's final margin over its best rival in `games` games (seeds seed..), [games, factions].

    Played in chunks (game.analysis.runner.spans: a kernel call cannot stop for a signal, so a Ctrl-C is taken
    between chunks, seconds apart even for a search bot); progress(done, games) after each chunk."""
    _, policies = seat_policies(rules, seats)
    parts = []
    for lo, hi in spans(games, chunk):
        parts.append(_play_chunk(rules, seats, policies, seed, lo, hi, proposals))
        if progress is not None:
            progress(hi, games)
    return np.concatenate(parts)


def _play_chunk(rules: Rules, seats: dict[str, str], policies: list, seed: int, lo: int, hi: int,
                proposals: bool = True) -> np.ndarray:
    """The games of seeds seed+lo..seed+hi-1 played to the end: each faction's margin over its best rival."""
    state = new_state(rules, np.arange(seed + lo, seed + hi, dtype=np.uint64))
    for _ in range(rules.n_turns):
        if not (state.ints[:, STATUS] == Status.RUNNING).any():
            break
        resolve(rules, state, policy_orders(rules, state, policies, proposals=proposals))
    score = scores(rules, state)
    bad = np.flatnonzero(~np.isfinite(score).all(axis=1) | ~np.isfinite(state.x).all(axis=1))
    if bad.size:  # the pairing compares seed by seed: a faulted game leaves nothing to compare
        shown = ", ".join(f"{f}={b}" for f, b in seats.items())
        raise AnalysisError(f"{bad.size} of the {hi - lo} games of seeds {seed + lo}..{seed + hi - 1} faulted (seats "
                            f"{shown}): in game "
                            f"{seed + lo + bad[0]} the rules made a track or score NaN or infinite; play that seed to "
                            "see the expression (`validate --warnings` flags expressions that can overflow)")
    return margins_over_rivals(score, state.ints[:, STATUS] == Status.WAR, WAR_MARGIN)


def strength(scenario: Rules | str, bot: str, against: str, games: int = 1000, seed: int = 0,
             progress: Progress | None = None, chunk: int | None = CHUNK, proposals: bool = True) -> Pairing:
    """Play `bot` against `against` in every seat over `games` seeds each (see the module docstring).

    Bots are seat specs (`search:normal`, `doctrine`, `random`); raises AnalysisError for a bad one.
    progress(done, total) after each chunk of games (total: games x (factions + 1)); Ctrl-C raises Stopped
    (a pairing half played has no result: its `partial` is None).
    """
    rules = rules_of(scenario)
    check_batch(games, seed)
    factions = [f.id for f in rules.factions]
    total = games * (len(factions) + 1)
    played = [0]  # games played so far, for Stopped

    def step(k: int) -> Progress:
        def report(done: int, _: int) -> None:
            played[0] = k * games + done
            if progress is not None:
                progress(played[0], total)
        return report

    try:
        base = margins(rules, {f: against for f in factions}, games, seed, step(0), chunk, proposals)
        base_war = (base[:, 0] == WAR_MARGIN).mean()
        wins, margin, war, outcomes = {}, {}, {}, []
        for f, fid in enumerate(factions):
            seated = margins(rules, {g: bot if g == fid else against for g in factions}, games, seed, step(f + 1),
                             chunk, proposals)
            mine, theirs = seated[:, f], base[:, f]
            won = np.where(np.abs(mine - theirs) <= TIE, 0.5, (mine > theirs).astype(float))
            outcomes.append(won)
            wins[fid] = float(won.mean())
            margin[fid] = (float(mine.mean()), float(theirs.mean()))
            war[fid] = (float((seated[:, 0] == WAR_MARGIN).mean()), float(base_war))
    except KeyboardInterrupt:
        raise Stopped(None, played[0], total) from None
    every = np.concatenate(outcomes)
    stderr = float(every.std(ddof=1) / np.sqrt(len(every))) if len(every) > 1 else 0.0
    return Pairing(rules.id, bot, against, games, seed, wins, float(every.mean()), stderr, margin, war)
