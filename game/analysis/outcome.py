"""The outcome of a batch of finished games: distributions of every track, wins, wars and crises.

Definitions (also printed with the figures):

- a game's **winner** is the faction with the highest score once the game has finished, as in
  `game.session.game.Game.winner` (a tie goes to the faction listed first); a game that ended in
  **war** has no winner: win shares and the war rate add up to 1;
- the **crisis rate** is the share of games in which at least one crisis event (an event the content
  flags `crisis: true`, such as a Taiwan Strait crisis or a no-confidence vote; `Rules.crisis_events`)
  fired at least once. Other triggered events (a CPTPP accession) are no crisis: each triggered
  event's own share is listed all the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.analysis.requests import AnalysisError, Force
from game.engine.layout import EMPTY, FIRED, STATUS, Legality, Status
from game.engine.state import BatchState, scores
from game.rules.compiled import Rules

CRISIS_DEFINITION = ("share of games in which at least one crisis event (flagged crisis: true in the content, such as a Taiwan Strait crisis or a no-confidence vote) fired")
PERCENTILES = (10, 50, 90)
NO_WINNER = -1


@dataclass(frozen=True)
class TrackStats:
    """A final track value across the games: mean and 10th, 50th, 90th percentiles."""

    mean: float
    p10: float
    p50: float
    p90: float

    def to_json(self) -> dict[str, float]:
        return {"mean": self.mean, "p10": self.p10, "p50": self.p50, "p90": self.p90}


@dataclass(frozen=True)
class ForceResult:
    """How often a forced order was given: legal and applied, illegal and skipped, or the game already over."""

    force: Force
    applied: int
    illegal: int
    over: int  # games that had ended (in war) before the forced turn
    reasons: dict[str, int]  # illegal games by reason (Legality name, lower case)

    def to_json(self) -> dict:
        return {"spec": str(self.force), "faction": self.force.faction, "move": self.force.move,
                "target": self.force.target, "turn": self.force.turn, "applied": self.applied,
                "illegal": self.illegal, "game_over": self.over, "illegal_reasons": self.reasons}


def force_result(force: Force, codes: np.ndarray) -> ForceResult:
    """Count a forced order's Legality codes over the games."""
    over = int((codes == Legality.GAME_OVER).sum())
    applied = int((codes == Legality.OK).sum())
    reasons = {Legality(c).name.lower(): int(n) for c, n in zip(*np.unique(codes, return_counts=True))
               if c not in (Legality.OK, Legality.GAME_OVER)}
    return ForceResult(force, applied, int(codes.size) - applied - over, over, reasons)


@dataclass(frozen=True)
class MoveCount:
    """How often a move was ordered per game. For a joint move `orders` counts completed ones (every partner ordered
    it, same target, same turn: one each) and `unmatched` those some partners ordered but not all; a move of one
    faction is never unmatched."""

    orders: float
    unmatched: float

    def to_json(self) -> dict[str, float]:
        return {"orders_per_game": self.orders, "unmatched_per_game": self.unmatched}


@dataclass(frozen=True)
class Outcome:
    """A batch of games played to the end: summary figures, plus the per-game arrays they came from."""

    scenario: str
    games: int  # games played, faulted ones included (the figures and arrays cover the others)
    seed: int
    turns: int  # turns played: the scenario's length, or fewer when the games were stopped early
    seats: dict[str, str]
    forces: tuple[ForceResult, ...]
    win_share: dict[str, float]
    war_rate: float
    crisis_rate: float
    triggered: dict[str, float]  # triggered event id -> share of games in which it fired, crisis or not
    scores: dict[str, float]  # mean final score per faction
    tracks: dict[str, TrackStats]
    winner_moves: dict[str, dict[str, float]]  # faction -> move -> share of its orders in the games it won
    final: np.ndarray = field(repr=False)  # [games, tracks] final values
    winner: np.ndarray = field(repr=False)  # [games] winning faction index, NO_WINNER after a war
    war: np.ndarray = field(repr=False)  # [games] whether the game ended in war
    crisis: np.ndarray = field(repr=False)  # [games] whether a crisis event fired
    faulted: int = 0  # games stopped because the rules made a track or score NaN or infinite: in no figure
    fault: str = ""  # why the first of them faulted, naming the track and the expression
    crises: dict[str, float] = field(default_factory=dict)  # crisis event id (any kind) -> share of games it fired in
    moves: dict[str, MoveCount] = field(default_factory=dict)  # move id -> orders per game (`move_counts`)

    def joint_per_game(self, rules: Rules) -> MoveCount:
        """Joint moves completed and left unmatched per game, over every joint move."""
        joint = joint_moves(rules)
        counts = [c for m, c in self.moves.items() if m in joint]
        return MoveCount(sum(c.orders for c in counts), sum(c.unmatched for c in counts))

    def to_json(self) -> dict:
        """The figures as plain JSON types."""
        return {
            "scenario": self.scenario,
            "games": self.games,
            "seed": self.seed,
            "turns": self.turns,
            "seats": self.seats,
            "force": [f.to_json() for f in self.forces],
            "win_share": self.win_share,
            "war_rate": self.war_rate,
            "crisis_rate": self.crisis_rate,
            "crisis_definition": CRISIS_DEFINITION,
            "crises": self.crises,
            "triggered": self.triggered,
            "scores": self.scores,
            "tracks": {t: s.to_json() for t, s in self.tracks.items()},
            "faulted": self.faulted,
            "fault": self.fault,
            "moves": {m: c.to_json() for m, c in self.moves.items()},
        }


def winner_moves(rules: Rules, history: np.ndarray, winner: np.ndarray) -> dict[str, dict[str, float]]:
    """For each faction, the share of its orders (over every turn of the games it won) taken by each move,
    largest first. history: [turns, games, factions, slots] of action indices."""
    won = np.flatnonzero(winner != NO_WINNER)
    acts = history[:, won, winner[won], :]  # [turns, won games, slots]: the winner's orders
    who = np.broadcast_to(winner[won][None, :, None], acts.shape)
    given = acts != EMPTY
    moves = np.asarray(rules.tables.act_move, dtype=np.int64)[acts[given]]
    n_moves = len(rules.moves)
    counts = np.bincount(who[given] * n_moves + moves, minlength=len(rules.factions) * n_moves)
    counts = counts.reshape(len(rules.factions), n_moves)
    table = {}
    for f, faction in enumerate(rules.factions):
        total = counts[f].sum()
        order = np.argsort(-counts[f], kind="stable")
        table[faction.id] = {rules.moves[m].id: float(counts[f, m] / total) for m in order if counts[f, m]}
    return table


def joint_moves(rules: Rules) -> set[str]:
    """The ids of the moves that need more than one faction."""
    move_of, partners = rules.tables.act_move, rules.tables.act_partners
    return {rules.moves[m].id for m, mask in zip(move_of, partners) if bin(int(mask)).count("1") > 1}


def move_counts(rules: Rules, history: np.ndarray) -> dict[str, MoveCount]:
    """Each move ordered in the games, in the content's order, per game: a joint move counts once when every partner
    ordered it (same target, same turn) and as unmatched when only some did. history: [turns, games, factions,
    slots] of action indices."""
    n_actions, games = len(rules.actions), history.shape[1]
    partners = np.asarray(rules.tables.act_partners, dtype=np.int64)
    need = np.array([bin(int(m)).count("1") for m in partners], dtype=np.int64)
    done, unmatched = np.zeros(n_actions, dtype=np.int64), np.zeros(n_actions, dtype=np.int64)
    for orders in history:  # a turn at a time: [games, factions, slots]
        g = np.broadcast_to(np.arange(games)[:, None, None], orders.shape)
        given = orders != EMPTY
        keys, counts = np.unique(g[given] * n_actions + orders[given], return_counts=True)  # (game, action): by how many
        acts = keys % n_actions
        full = counts >= need[acts]
        done += np.bincount(acts[full], minlength=n_actions)
        unmatched += np.bincount(acts[~full], minlength=n_actions)
    move_of = np.asarray(rules.tables.act_move, dtype=np.int64)
    by_move = np.bincount(move_of, weights=done, minlength=len(rules.moves))
    left = np.bincount(move_of, weights=unmatched, minlength=len(rules.moves))
    n = max(games, 1)
    return {m.id: MoveCount(float(by_move[i] / n), float(left[i] / n)) for i, m in enumerate(rules.moves)
            if by_move[i] or left[i]}


def summarize(rules: Rules, state: BatchState, seed: int, seats: dict[str, str], forces: tuple[ForceResult, ...],
              history: np.ndarray, turns: int, faulted: np.ndarray | None = None, fault: str = "") -> Outcome:
    """The Outcome of a batch played for `turns` turns (history: [turns, games, factions, slots]).

    Games in `faulted` (or whose scores are NaN or infinite) are counted but left out of every figure;
    raises AnalysisError if that leaves none."""
    points, total = scores(rules, state), state.games
    bad = ~np.isfinite(points).all(axis=1) | ~np.isfinite(state.x).all(axis=1)
    if faulted is not None:
        bad |= faulted
    if bad.any():
        if not fault:
            fault = (f"game {seed + int(np.flatnonzero(bad)[0])}: a score became NaN or infinite; a score term's "
                     "expression overflows")
        if bad.all():
            raise AnalysisError(f"every game of the batch faulted, so there is nothing to report: {fault}")
        keep = ~bad
        state = BatchState(state.x[keep], state.ints[keep], state.seeds[keep])
        points, history = points[keep], history[:, keep]
    games = state.games
    finished = state.ints[:, STATUS] == Status.FINISHED
    winner = np.where(finished, np.argmax(points, axis=1), NO_WINNER)  # argmax: the first faction on a tie
    ever = state.ints[:, FIRED:FIRED + len(rules.events)] > 0  # [games, events] whether each event fired
    triggered_ids = [v for v, e in enumerate(rules.events) if e.kind == "triggered"]
    crisis_ids = [v for v, e in enumerate(rules.events) if e.crisis]
    crisis = ever[:, crisis_ids].any(axis=1)
    war = state.ints[:, STATUS] == Status.WAR
    pct = np.percentile(state.x, PERCENTILES, axis=0)
    means = state.x.mean(axis=0)
    return Outcome(
        scenario=rules.id,
        games=total,
        seed=seed,
        turns=turns,
        seats=dict(seats),
        forces=forces,
        win_share={f.id: float((winner == k).mean()) for k, f in enumerate(rules.factions)},
        war_rate=float(war.mean()),
        crisis_rate=float(crisis.mean()),
        triggered={rules.events[v].id: float(ever[:, v].mean()) for v in triggered_ids},
        crises={rules.events[v].id: float(ever[:, v].mean()) for v in crisis_ids},
        scores={f.id: float(points[:, k].mean()) for k, f in enumerate(rules.factions)},
        tracks={t.id: TrackStats(float(means[i]), float(pct[0, i]), float(pct[1, i]), float(pct[2, i]))
                for i, t in enumerate(rules.tracks)},
        winner_moves=winner_moves(rules, history, winner),
        moves=move_counts(rules, history),
        final=state.x.copy(),
        winner=winner,
        war=war,
        crisis=crisis,
        faulted=int(bad.sum()),
        fault=fault,
    )
