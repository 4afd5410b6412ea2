"""What if: continuations of a played game from the state before one of its turns, as a batch.

    from game.analysis import start_of, what_if, record, recorded

    w = what_if("class.json", 3, 500, force=["jp:jp.settle_trade@3"])   # arm A: Japan settles on turn 3
    w.labels, w.arms, w.placements        # arm B: turn 3 as played; then bots to the end in both
    w.values("alliance"), w.values("score:jp")
    record("class.json", w)               # beside the save, for the exported report

The start is the state turn K was resolved from (its event revealed, the facilitator's actions of turn K
included); the history before K is fixed. Continuation k uses seed `seed + k` in place of the game's seed for
every draw from turn K's resolution on (chance effects, later events, the bots' lookahead seeds), so the
continuation with the game's own seed and the orders as played is the played game, bit for bit. On turn K the
factions replay their orders as played, exactly (no bot fills a slot a team left empty); a faction with a forced
order on turn K plays the forced order(s) and its bot's fill instead. Later turns: bots in the seats (the
save's bots; the stand-in bot for a seat people played). The facilitator's actions after turn K are not
replayed (they answered what happened in the played game).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

from game.analysis.compare import Comparison, Difference, comparison
from game.analysis.outcome import ForceResult, MoveCount, Outcome, TrackStats
from game.analysis.requests import AnalysisError, Force, seat_policies
from game.analysis.runner import (CHUNK, ForceLike, Played, Progress, Start, Stopped, check_batch, forces_of,
                                  outcome_of, play, play_paired)
from game.engine.layout import STATUS, Status
from game.engine.state import BatchState, scores
from game.i18n import N_, SOURCE, _, current
from game.rules.compiled import Rules
from game.session.words import action_name, clauses, faction_name, track_name

PLAYED = N_("as played")  # the label of an arm without forced orders (translated where it is made)
FILE_SUFFIX = ".what-if.json"
FILE_FORMAT = "pacific-trilemma-what-if"
FILE_VERSION = 1
MAX_FILE_BYTES = 20_000_000  # as a save: about thirty what-ifs of 1,000 games with every value kept
DIGITS = 6  # significant digits of a per-game value kept in the file (a chart's resolution, far beyond it)
TAIL = 0.10  # a core track is placed in words when the played game lies in the bottom or top tenth


def _game_of(source):
    """(game, where) from a save path, a Replay or a Game; raises SaveError for a save that cannot be read."""
    from game.session.game import Game
    from game.session.replay import Replay

    if isinstance(source, Game):
        return source, "the game"
    if isinstance(source, Replay):
        return source.final(), str(source.path)
    if isinstance(source, (str, Path)):
        return Replay.open(source).final(), str(source)
    raise AnalysisError(f"a what-if starts from a save's path or a Game, not {type(source).__name__}")


def start_of(source, turn: int) -> Start:
    """The state of a played game before turn `turn`'s orders (1..resolved turns + 1, or + 0 once it finished);
    raises SaveError for a save that cannot be read, AnalysisError for a turn out of range."""
    if isinstance(source, Start):
        return source
    game, where = _game_of(source)
    resolved = len(game.history)
    last = resolved if game.is_over else resolved + 1
    if isinstance(turn, bool) or not isinstance(turn, (int, np.integer)):
        raise AnalysisError(f"turn: a turn is a whole number, not {turn!r}")
    if not 1 <= turn <= last:
        why = (f"the game finished after turn {resolved}, so there is no later turn to play"
               if game.is_over else f"turn {resolved + 1} is the one being played")
        raise AnalysisError(f"turn {turn} is out of range: {where} has {resolved} resolved "
                            f"turn{'s' if resolved != 1 else ''} ({why}); give 1 to {last}")
    turn = int(turn)
    if turn <= resolved:
        record = game.history[turn - 1]
        x, ints = record.x_before, record.ints_before
        seats = dict(record.seats) if record.seats else dict(game.seats)
    else:
        x, ints, seats = game.state.x[0], game.state.ints[0], dict(game.seats)
    played = tuple(dict(r.orders) for r in game.history[turn - 1:])
    later = sum(1 for i in game.interventions if i.turn > turn and i.kind in ("inject", "assume"))
    final_x = game.state.x[0].copy() if game.is_over else None
    final_ints = game.state.ints[0].copy() if game.is_over else None
    return Start(game.rules, where, turn, np.array(x, dtype=np.float64), np.array(ints, dtype=np.int64), game.seed,
                 seats, played, {}, final_x, final_ints, later)


@dataclass(frozen=True)
class WhatIf:
    """Continuations of a played game from turn K, in one arm or two (A with the forced orders, B as played or
    with --against), with where the played game's actual outcome falls in each."""

    source: str
    turn: int
    games: int  # continuations per arm (those done, if stopped early)
    labels: tuple[str, ...]  # each arm in plain words; one arm (as played) without a forced order, else A and B
    arms: tuple[Outcome, ...]
    placements: tuple[str, ...]  # where the played game's outcome falls in each arm (empty: not finished)
    scenario: str = ""
    seed: int = 0  # continuation k used seed seed + k
    seats: dict[str, str] = field(default_factory=dict)  # the bots that played the turns after K
    notes: tuple[str, ...] = ()  # stand-in bots, facilitator actions left out, a stop before the end
    comparison: Comparison | None = field(default=None, repr=False)  # B − A, with two arms
    samples: dict[str, tuple[np.ndarray, ...]] = field(default_factory=dict, repr=False)  # metric -> per-arm values
    chart: tuple[tuple[str, str], ...] = ()  # (metric, label) of each sampled metric
    actual: dict[str, float] = field(default_factory=dict)  # the played game's final value of each metric
    finished: bool = False  # whether the played game has a final outcome
    requested: int = 0  # continuations asked for (games < requested: stopped early)

    def values(self, metric: str) -> tuple[np.ndarray, ...]:
        """Per-game final values per arm of a metric: a track id or "score:FACTION"; KeyError naming it otherwise."""
        if metric not in self.samples:
            raise KeyError(f"unknown metric {metric!r}: give a core track's id or score:FACTION "
                           f"({', '.join(m for m, _ in self.chart[:4])}, …)")
        return self.samples[metric]

    def metrics(self) -> list[tuple[str, str]]:
        """(metric, label) worth charting: the core tracks and every faction's score."""
        return list(self.chart)

    def played(self, metric: str) -> float | None:
        """The played game's final value of a metric, or None while it is unfinished."""
        return self.actual.get(metric) if self.finished else None

    def to_json(self, per_game: bool = True) -> dict:
        """As `analyze --json` prints a run (one arm) or a comparison (two), plus from, turn, placements and the
        labels; with `per_game`, each metric's per-game values (rounded to DIGITS significant digits)."""
        if self.comparison is not None:
            doc = self.comparison.to_json()
        else:
            doc = self.arms[0].to_json()
        doc.update({"from": self.source, "turn": self.turn, "labels": list(self.labels),
                    "placements": list(self.placements), "notes": list(self.notes), "finished": self.finished,
                    "requested": self.requested or self.games})
        if per_game:
            doc["metrics"] = [[m, label] for m, label in self.chart]
            doc["actual"] = dict(self.actual)
            doc["values"] = {m: [[float(f"{v:.{DIGITS}g}") for v in arm] for arm in arms]
                             for m, arms in self.samples.items()}
            doc["per_game"] = [{"winner": [int(w) for w in o.winner], "war": [bool(v) for v in o.war],
                                "crisis": [bool(v) for v in o.crisis]} for o in self.arms]
        return doc

    @classmethod
    def from_json(cls, doc: dict) -> "WhatIf":
        """A WhatIf as to_json wrote it (with per-game values); ValueError, KeyError or TypeError if it is not one.
        Its arms' `final` arrays hold the sampled metrics' columns only (NaN elsewhere)."""
        two = "a" in doc
        arm_docs = [doc["a"], doc["b"]] if two else [doc]
        per_game = doc["per_game"]
        values = {m: tuple(np.asarray(arm, dtype=np.float64) for arm in arms) for m, arms in doc["values"].items()}
        arms = tuple(_outcome_from(d, g, values, k) for k, (d, g) in enumerate(zip(arm_docs, per_game)))
        if len(per_game) != len(arms) or any(len(v) != len(arms) for v in values.values()):
            raise ValueError("the arms' per-game values do not match the arms")
        cmp = None
        if two:
            diff = doc["difference"]
            cmp = Comparison(arms[0], arms[1],
                             win_share={f: Difference(float(v), 0.0) for f, v in diff["win_share"].items()},
                             war_rate=Difference(float(diff["war_rate"]), 0.0),
                             crisis_rate=Difference(float(diff["crisis_rate"]), 0.0),
                             tracks={t: Difference(float(d["mean"]), float(d["se"])) for t, d in diff["tracks"].items()})
        return cls(str(doc["from"]), int(doc["turn"]), int(arms[0].games), tuple(str(s) for s in doc["labels"]), arms,
                   tuple(str(s) for s in doc["placements"]), str(doc["scenario"]), int(doc["seed"]),
                   {str(k): str(v) for k, v in doc["seats"].items()}, tuple(str(s) for s in doc.get("notes", ())),
                   cmp, values, tuple((str(m), str(label)) for m, label in doc["metrics"]),
                   {str(k): float(v) for k, v in doc["actual"].items()}, bool(doc["finished"]),
                   int(doc.get("requested", arms[0].games)))


def _outcome_from(doc: dict, per_game: dict, values: dict[str, tuple[np.ndarray, ...]], arm: int) -> Outcome:
    """An arm's Outcome from its JSON figures and per-game values."""
    tracks = {t: TrackStats(float(s["mean"]), float(s["p10"]), float(s["p50"]), float(s["p90"]))
              for t, s in doc["tracks"].items()}
    games = len(per_game["winner"])
    final = np.full((games, len(tracks)), np.nan)
    for i, t in enumerate(tracks):
        if t in values:
            final[:, i] = values[t][arm]
    forces = tuple(ForceResult(Force(str(f["faction"]), str(f["move"]), f["target"], int(f["turn"])), int(f["applied"]),
                               int(f["illegal"]), int(f["game_over"]), {str(k): int(v) for k, v in
                                                                        f["illegal_reasons"].items()})
                   for f in doc["force"])
    return Outcome(str(doc["scenario"]), int(doc["games"]), int(doc["seed"]), int(doc["turns"]),
                   {str(k): str(v) for k, v in doc["seats"].items()}, forces,
                   {str(k): float(v) for k, v in doc["win_share"].items()}, float(doc["war_rate"]),
                   float(doc["crisis_rate"]), {str(k): float(v) for k, v in doc["triggered"].items()},
                   {str(k): float(v) for k, v in doc["scores"].items()}, tracks, {}, final,
                   np.asarray(per_game["winner"], dtype=np.int64), np.asarray(per_game["war"], dtype=bool),
                   np.asarray(per_game["crisis"], dtype=bool), int(doc["faulted"]), str(doc["fault"]),
                   crises={str(k): float(v) for k, v in doc.get("crises", {}).items()},
                   moves={str(k): MoveCount(float(v["orders_per_game"]), float(v["unmatched_per_game"]))
                          for k, v in doc.get("moves", {}).items()})


# ---- running -----------------------------------------------------------------------------------------------


def force_words(rules: Rules, forces: list[tuple[Force, int]]) -> str:
    """Forced orders in words: `Japan: Settle the trade dispute in 2026 H1`."""
    return clauses(_("{faction}: {order} in {turn}", faction=faction_name(rules, spec.faction),
                     order=action_name(rules, action), turn=rules.turn_label(spec.turn)) for spec, action in forces)


def continuation_seats(start: Start, seats: Mapping[str, str] | None) -> tuple[dict[str, str], list[str]]:
    """The bots for the turns after K: the played game's bot seats, the stand-in bot for a seat people played,
    then `seats` over them; with a note for each stand-in."""
    from game.ai import DEFAULT_STAND_IN
    from game.session.game import HUMAN
    from game.session.saves import seat_words

    chosen, notes = {}, []
    for faction, who in start.seats.items():
        if faction in (seats or {}):
            continue
        if who == HUMAN:
            name = faction_name(start.rules, faction)
            chosen[faction] = DEFAULT_STAND_IN
            notes.append(_("{owner} seat was played by people: the stand-in bot {bot} plays it in the continuations "
                           "(choose another with --seats)", owner=_owner(name),
                           bot=_("'{bot}'", bot=seat_words(DEFAULT_STAND_IN))))
        else:
            chosen[faction] = who
    chosen.update(seats or {})
    return chosen, notes


def what_if(source, turn: int, games: int, seats: Mapping[str, str] | None = None,
            force: Iterable[ForceLike] = (), against: Iterable[ForceLike] = (), seed: int = 0,
            progress: Progress | None = None, chunk: int | None = CHUNK, proposals: bool = True) -> WhatIf:
    """Play `games` continuations of a played game from the state before turn `turn` (seeds seed..seed+games-1),
    in arm A (the `force` orders) and arm B (the turn as played, or the `against` orders), or in one arm as played
    without a force. progress(done, total) after each chunk; Ctrl-C between chunks raises Stopped with the
    WhatIf of the chunks done. Raises SaveError or AnalysisError naming the bad part."""
    start = start_of(source, turn)
    rules = start.rules
    check_batch(games, seed)
    force, against = list(force), list(against)
    if against and not force:
        raise AnalysisError("against: give arm A's orders with force too (without a force, the one arm is the turn "
                            "as played)")
    if start.final_x is None and not start.played and start.turn > rules.n_turns:
        raise AnalysisError(f"turn {start.turn}: the game has no turn left to play")
    chosen, notes = continuation_seats(start, seats)
    names, policies = seat_policies(rules, chosen)
    arms_forced = [forces_of(rules, force, "force", start)] if force else []
    if force:
        arms_forced.append(forces_of(rules, against, "against", start))
    else:
        arms_forced.append([])
    starts, labels = [], []
    for forced in arms_forced:
        on_k = {spec.faction for spec, _ in forced if spec.turn == start.turn}
        starts.append(start.replaying(1, without=on_k))
        labels.append(force_words(rules, forced) if forced else _(PLAYED))
    if start.later_interventions:
        notes.append(_("the facilitator's {n} action(s) after turn {turn} in the played game are not replayed in the "
                       "continuations", n=start.later_interventions, turn=start.turn))
    last = rules.n_turns
    players = [lambda seeds, forced=forced, s=s: play(rules, seeds, policies, forced, last, s, proposals)
               for forced, s in zip(arms_forced, starts)]
    try:
        played = play_paired(games, seed, players, progress, chunk)
    except Stopped as stop:
        partial = None
        if stop.partial is not None:
            partial = _result(start, stop.partial, seed, names, arms_forced, labels,
                              notes + [_("stopped (Ctrl-C) after {done:,} of {n:,} continuations: the figures cover "
                                         "those", done=stop.done, n=games)], games)
        raise Stopped(partial, stop.done, games) from None
    return _result(start, played, seed, names, arms_forced, labels, notes, games)


def _result(start: Start, played: list[Played], seed: int, names: dict[str, str],
            arms_forced: list[list[tuple[Force, int]]], labels: list[str], notes: list[str], requested: int) -> WhatIf:
    rules = start.rules
    outcomes = tuple(outcome_of(rules, p, seed, names, f, rules.n_turns, s) for p, f, s in
                     zip(played, arms_forced, [start.replaying(1)] * len(played)))
    if len(outcomes) == 2:
        for arm, outcome in zip("AB", outcomes):
            if outcome.faulted:
                raise AnalysisError(f"arm {arm}: {outcome.faulted} of {outcome.games} games faulted, so the arms "
                                    f"cannot be compared game by game: {outcome.fault}")
    chart = metric_list(rules)
    samples = {m: tuple(_per_game(rules, p, m) for p in played) for m, _ in chart}
    actual = _actual(rules, start) if start.finished else {}
    cmp = comparison(rules, *outcomes) if len(outcomes) == 2 else None
    result = WhatIf(start.source, start.turn, outcomes[0].games, tuple(labels), outcomes, (),
                    rules.id, seed, dict(names), tuple(notes), cmp, samples, tuple(chart), actual, start.finished,
                    requested)
    return _with_placements(rules, result, start)


def metric_list(rules: Rules) -> list[tuple[str, str]]:
    """The metrics worth charting: the core tracks, then every faction's score."""
    return ([(t.id, track_name(rules, t.id)) for t in rules.tracks if t.group == "core"]
            + [(f"score:{f.id}", _("{owner} score", owner=_owner(faction_name(rules, f.id))))
               for f in rules.factions])


def _kept(rules: Rules, played: Played) -> np.ndarray:
    """The games that count in the figures (as summarize keeps them)."""
    points = scores(rules, played.state)
    return ~played.faulted & np.isfinite(points).all(axis=1) & np.isfinite(played.state.x).all(axis=1)


def _per_game(rules: Rules, played: Played, metric: str) -> np.ndarray:
    keep = _kept(rules, played)
    if metric.startswith("score:"):
        return scores(rules, played.state)[keep, rules.faction_index[metric.partition(":")[2]]]
    return played.state.x[keep, rules.track_index[metric]].copy()


def _actual(rules: Rules, start: Start) -> dict[str, float]:
    """The played game's final value of every metric."""
    state = BatchState(start.final_x[None].copy(), start.final_ints[None].copy(), np.array([start.seed], np.uint64))
    points = scores(rules, state)[0]
    out = {t.id: float(start.final_x[i]) for i, t in enumerate(rules.tracks) if t.group == "core"}
    out.update({f"score:{f.id}": float(points[k]) for k, f in enumerate(rules.factions)})
    return out


# ---- placements ----------------------------------------------------------------------------------------------


def rank(values: np.ndarray, actual: float) -> float:
    """The share of values below `actual` (ties count half): 0 the lowest, 1 the highest."""
    if values.size == 0:
        return math.nan
    return float(((values < actual).sum() + 0.5 * (values == actual).sum()) / values.size)


def where(share: float) -> str:
    """A rank in words: `in the bottom 10%`, `in the top 30%`, `at the middle`."""
    if share < 0.5:
        return _("in the bottom {pct}%", pct=max(10, math.ceil(share * 10) * 10))
    if share > 0.5:
        return _("in the top {pct}%", pct=max(10, math.ceil((1 - share) * 10) * 10))
    return _("at the middle")


def _owner(name: str) -> str:
    """`Japan's`, `United States'`; `日本の` in Japanese."""
    if current() != SOURCE:
        return _("{name}'s", name=name)
    return name + ("'" if name.endswith("s") else "'s")


def _value(v: float) -> str:
    return f"{v:.0f}" if abs(v) >= 10 else f"{v:.2g}" if v else "0"


def _with_placements(rules: Rules, result: WhatIf, start: Start) -> WhatIf:
    if not result.finished:
        return _replace(result, placements=(_("the game has no final outcome yet (it is unfinished), so it is not "
                                              "placed in the continuations"),))
    lines = []
    final = BatchState(start.final_x[None], start.final_ints[None], np.array([start.seed], np.uint64))
    status = int(start.final_ints[STATUS])
    points = scores(rules, final)[0]
    winner = int(np.argmax(points)) if status == Status.FINISHED else -1
    for k, (label, outcome) in enumerate(zip(result.labels, result.arms)):
        arm = (_("continuations with the same orders") if not outcome.forces
               else _("continuations with {label}", label=label))
        n = f"{outcome.games - outcome.faulted:,}"
        if winner < 0:
            lines.append(_("The played game ended in war, as {share:.0%} of the {n} {arm} do.",
                           share=outcome.war_rate, n=n, arm=arm))
        else:
            faction = rules.factions[winner]
            lines.append(_("The played game was won by {faction}, as {share:.0%} of the {n} {arm} are.",
                           faction=faction_name(rules, faction.id), share=outcome.win_share[faction.id], n=n, arm=arm))
        for f in rules.factions:
            metric = f"score:{f.id}"
            share = rank(result.values(metric)[k], result.actual[metric])
            lines.append(_("{owner} score of {value} is {where} of the {arm}.", owner=_owner(faction_name(rules, f.id)),
                           value=_value(result.actual[metric]), where=where(share), arm=arm))
        middle = 0
        for metric, name in result.chart:
            if metric.startswith("score:"):
                continue
            share = rank(result.values(metric)[k], result.actual[metric])
            if TAIL < share < 1 - TAIL:
                middle += 1
                continue
            lines.append(_("The played game's {track} of {value} is {where} of the {arm}.", track=name,
                           value=_value(result.actual[metric]), where=where(share), arm=arm))
        if middle:
            lines.append(_("Its other {n} core tracks lie within the middle {share:.0%} of the {arm}.", n=middle,
                           share=1 - 2 * TAIL, arm=arm))
    return _replace(result, placements=tuple(lines))


def _replace(result: WhatIf, **changes) -> WhatIf:
    from dataclasses import replace

    return replace(result, **changes)


# ---- the what-if file beside a save ----------------------------------------------------------------------------


def file_of(save: str | Path) -> Path:
    """The what-if file kept beside a save: `SAVE.what-if.json`."""
    save = Path(save)
    return save.with_name(save.name + FILE_SUFFIX)


def _entries(path: Path) -> list[dict]:
    """The what-if file's entries as JSON, each checked to read as a WhatIf; SaveError naming the file and the
    reason for a damaged one."""
    from game.session.saves import SaveError, parse_json, read_limited

    doc = parse_json(read_limited(path, MAX_FILE_BYTES, "what-if file"), "what-if file", str(path))
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
        raise SaveError(f"{path} is not a what-if file (no '\"format\": \"{FILE_FORMAT}\"')")
    if doc.get("version") != FILE_VERSION:
        raise SaveError(f"{path} is of what-if format {doc.get('version')!r}; this version reads {FILE_VERSION}")
    entries = doc.get("what_ifs")
    if not isinstance(entries, list):
        raise SaveError(f"{path} is damaged or hand-edited: 'what_ifs' is not a list")
    for k, entry in enumerate(entries):
        try:
            if not isinstance(entry, dict):
                raise TypeError(f"an entry is a JSON object, not {type(entry).__name__}")
            WhatIf.from_json(entry)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise SaveError(f"{path} is damaged or hand-edited: what-if {k + 1} cannot be read "
                            f"({type(exc).__name__}: {exc})") from None
    return entries


def recorded(save: str | Path) -> list[WhatIf]:
    """The what-ifs recorded beside a save, oldest first ([] when none); SaveError naming the file and the reason
    for a damaged one."""
    path = file_of(save)
    if not os.path.lexists(path):
        return []
    return [WhatIf.from_json(entry) for entry in _entries(path)]


def record(save: str | Path, result: WhatIf) -> None:
    """Append a what-if to the file beside the save, atomically (the old file stays whole on any failure); SaveError
    for a damaged file (left as it is), or one that would grow past MAX_FILE_BYTES."""
    from game.session.saves import SaveError, write_atomic

    path = file_of(save)
    entries = _entries(path) if os.path.lexists(path) else []
    entries.append(result.to_json())
    text = json.dumps({"format": FILE_FORMAT, "version": FILE_VERSION, "what_ifs": entries})
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise SaveError(f"cannot record the what-if in {path}: the file would be {size:,} bytes, past its limit of "
                        f"{MAX_FILE_BYTES:,} bytes; delete the file to start again, or run fewer games")
    write_atomic(path, text)
