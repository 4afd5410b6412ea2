"""The debrief once a game is over: who won and why, by term and by cause; key events; a turn-by-turn timeline."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.engine.state import BatchState
from game.engine.tables import program_reads
from game.engine.layout import TURN, Status
from game.i18n import _
from game.rules.compiled import Rules
from game.session.game import Game
from game.session.proposals import Standing
from game.session.report import CORE_GROUPS, TurnReport
from game.session.scoring import ScoreLine, leaders, score_breakdown, score_lines
from game.session.words import faction_name, listed, names_list, number, order_name, signed

DECISIVE = (3, 5)  # at least and at most this many decisive causes
EFFECTS = 3  # the biggest track changes a timeline turn names for each faction's orders


@dataclass(frozen=True)
class KeyEvent:
    turn: int
    label: str
    kind: str  # government, crisis (an event flagged crisis: true), event (any other triggered event), war
    text: str

    def to_json(self) -> dict:
        return {"turn": self.turn, "label": self.label, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class TimelineTurn:
    """One turn in brief: its event, each faction's orders by name with the biggest changes they made, triggered
    events and government changes."""

    turn: int
    label: str
    orders: dict[str, tuple[str, ...]]  # faction name -> order names
    triggered: tuple[str, ...]  # the names of every triggered event of the turn, crisis or not
    government: tuple[str, ...]
    event: str | None = None
    effects: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)  # faction name -> (track, amount)
    crises: tuple[str, ...] = ()  # the names of those triggered events that are crises (flagged crisis: true)

    def to_json(self) -> dict:
        return {"turn": self.turn, "label": self.label, "orders": {f: list(o) for f, o in self.orders.items()},
                "triggered": list(self.triggered), "crises": list(self.crises), "government": list(self.government),
                "event": self.event,
                "effects": {f: [[t, round(a, 6)] for t, a in e] for f, e in self.effects.items()}}


@dataclass(frozen=True)
class Negotiated:
    """What one faction's negotiation came to over the game: agreements it was party to (carried out; withdrawn ones
    are not counted), its proposals partners declined, and proposals to it that lapsed unanswered."""

    agreements: int = 0
    declined: int = 0  # its own proposals (counters included) a partner declined
    lapsed: int = 0  # proposals addressed to it that got no answer before it committed or the turn resolved

    def to_json(self) -> dict:
        return {"agreements": self.agreements, "declined": self.declined, "lapsed": self.lapsed}


def negotiated(game: Game) -> dict[str, Negotiated]:
    """Each faction's count of agreements, declined proposals and lapsed ones, over the resolved turns."""
    counts = {f: [0, 0, 0] for f in game.factions}
    for record in game.history:
        for p in record.negotiation:
            if p.standing == Standing.ACCEPTED:
                for f in p.parties:
                    counts[f][0] += 1
            elif p.standing == Standing.DECLINED:
                counts[p.by][1] += 1
            elif p.standing == Standing.LAPSED:
                for f in p.to:
                    if f not in p.accepted:
                        counts[f][2] += 1
    return {f: Negotiated(*c) for f, c in counts.items()}


@dataclass(frozen=True)
class Debrief:
    """The facts of a finished (or stopped) game for the end screen."""

    outcome: str  # "China wins with 55.3 points", a tie, or the war
    winner: str | None  # None after a war, a tie or while running
    tied: tuple[str, ...]  # the factions sharing first place (more than one only in a tie)
    war: bool
    scores: dict[str, float]
    breakdown: dict[str, list[ScoreLine]]
    causes: tuple[str, ...]
    key_events: tuple[KeyEvent, ...]
    timeline: tuple[TimelineTurn, ...]
    negotiation: dict[str, Negotiated] = field(default_factory=dict)  # faction -> its agreements, declined, lapsed

    def to_json(self) -> dict:
        return {"outcome": self.outcome, "winner": self.winner, "tied": list(self.tied), "war": self.war,
                "scores": dict(self.scores),
                "breakdown": {f: [line.to_json() for line in lines] for f, lines in self.breakdown.items()},
                "causes": list(self.causes), "key_events": [e.to_json() for e in self.key_events],
                "timeline": [t.to_json() for t in self.timeline],
                "negotiation": {f: n.to_json() for f, n in self.negotiation.items()}}


def core_tracks(rules: Rules) -> list[str]:
    """The tracks a player follows first: declared ones, influence averages and sea tension."""
    return [t.id for t in rules.tracks if t.group in CORE_GROUPS]


def start_values(game: Game) -> np.ndarray:
    """The tracks as the game began (before its first resolved turn)."""
    if not game.history:
        return game.state.x[0].copy()
    x = game.history[0].x.copy()
    for change in game.history[0].report.changes:
        x[game.rules.track_index[change.track]] = change.before
    return x


def moved_tracks(game: Game, threshold: float) -> list[str]:
    """Tracks whose value ranged over more than `threshold` during the game (charts of the rest are flat)."""
    rows = np.array([start_values(game)] + [r.x for r in game.history])
    spread = rows.max(axis=0) - rows.min(axis=0)
    return [t.id for t, s in zip(game.rules.tracks, spread) if s > threshold]


def _start_breakdown(game: Game) -> dict[str, list[ScoreLine]]:
    """The score breakdown on the start state, evaluated by the engine like the final one."""
    ints = game.state.ints.copy()
    ints[0, TURN] = 1
    start = BatchState(start_values(game)[None, :], ints, game.state.seeds.copy())
    return score_lines(game.rules, game.engine.score_terms(start))


def _inputs(rules: Rules, tracks: set[int]) -> set[int]:
    """The tracks given, with derived ones replaced by the tracks they are computed from."""
    tables = rules.tables
    derived = {int(t): int(p) for t, p in zip(tables.derived_track, tables.derived_prog)}
    out: set[int] = set()
    todo = list(tracks)
    while todo:
        t = todo.pop()
        if t in derived:
            todo += [r for r in program_reads(tables, derived[t]) if r not in out]
        out.add(t)
    return out


def _term_causes(game: Game, term: int) -> list[tuple[str, float]]:
    """(cause, total amount) over the game on the tracks scoring term `term` reads, biggest first."""
    rules = game.rules
    reads = _inputs(rules, program_reads(rules.tables, int(rules.tables.score_prog[term])))
    names = {rules.tracks[t].id for t in reads}
    totals: dict[str, float] = {}
    for record in game.history:
        for change in record.report.changes:
            if change.track in names:
                for c in change.causes:
                    if c.kind not in ("limit", "derived"):
                        totals[c.cause] = totals.get(c.cause, 0.0) + c.amount
    return sorted(totals.items(), key=lambda kv: -abs(kv[1]))


def _decisive(game: Game, first: str, second: str, end: dict, begin: dict) -> tuple[str, ...]:
    """The terms that moved most in the leader's favour against the runner-up, each with its main causes."""
    rules = game.rules
    swings = []
    for faction in (first, second):
        rows = [k for k, (f, _) in enumerate(rules.score_terms) if f == faction]  # end[faction][j] is term rows[j]
        for j, k in enumerate(rows):
            gain = end[faction][j].points - begin[faction][j].points
            swings.append((gain if faction == first else -gain, k, faction, end[faction][j].term, gain))
    swings.sort(key=lambda s: -s[0])
    low, high = DECISIVE
    texts = []
    for edge, k, faction, name, gain in swings[:high]:
        if edge <= 0.05 and len(texts) >= low:
            break
        causes = [(c, v) for c, v in _term_causes(game, k) if abs(v) >= 0.05][:2]
        fname = faction_name(rules, faction)
        if causes:
            texts.append(_("{term}: {points} points for {faction} over the game; its tracks moved mainly by {causes}",
                           term=name, points=signed(gain), faction=fname,
                           causes=listed(_("{cause} {amount}", cause=c, amount=signed(v)) for c, v in causes)))
        else:
            texts.append(_("{term}: {points} points for {faction} over the game", term=name, points=signed(gain),
                           faction=fname))
    return tuple(texts)


def order_effects(report: TurnReport, most: int = EFFECTS) -> dict[str, tuple[tuple[str, float], ...]]:
    """Each faction's biggest track changes made by its own orders this turn, as (track name, amount)."""
    totals: dict[str, dict[str, float]] = {}
    for change in report.changes:
        for cause in change.causes:
            if cause.kind == "order" and cause.faction:
                by_track = totals.setdefault(cause.faction, {})
                by_track[change.name] = by_track.get(change.name, 0.0) + cause.amount
    return {f: tuple(sorted(((t, a) for t, a in by_track.items() if abs(a) >= 0.05), key=lambda ta: -abs(ta[1]))[:most])
            for f, by_track in totals.items()}


def debrief(game: Game) -> Debrief:
    """Winner (or war or tie), scores by term, the decisive causes, key events and the timeline."""
    rules = game.rules
    scores = game.scores()
    end = score_breakdown(game)
    begin = _start_breakdown(game)
    war = game.status == Status.WAR
    top = leaders(scores)
    ranked = sorted(scores, key=lambda f: -scores[f])
    if war:
        label = game.history[-1].report.label if game.history else rules.turn_label(game.turn)
        outcome, winner = _("The game ended in war in {turn}: every faction loses", turn=label), None
    elif len(top) > 1:
        outcome, winner = _("Tied: {factions} with {points} points",
                            factions=names_list([faction_name(rules, f) for f in top]),
                            points=number(scores[top[0]])), None
    elif game.status == Status.FINISHED:
        outcome, winner = _("{faction} wins with {points} points", faction=faction_name(rules, top[0]),
                            points=number(scores[top[0]])), top[0]
    else:
        outcome, winner = _("{faction} leads with {points} points", faction=faction_name(rules, top[0]),
                            points=number(scores[top[0]])), None
    first, second = (ranked + ranked)[:2] if len(top) == 1 else (top[0], top[1])
    causes = _decisive(game, first, second, end, begin) if game.history else ()
    key: list[KeyEvent] = []
    timeline: list[TimelineTurn] = []
    for record in game.history:
        report = record.report
        gov = tuple(i.text for i in report.summary if i.kind == "government")
        key += [KeyEvent(report.turn, report.label, "government", t) for t in gov]
        key += [KeyEvent(report.turn, report.label, "crisis" if rules.is_crisis(e.id) else "event", e.name)
                for e in report.triggered]
        key += [KeyEvent(report.turn, report.label, "war", i.text) for i in report.summary if i.kind == "war"]
        orders = {faction_name(rules, f): tuple(order_name(rules, o.move, o.target) for o in items)
                  for f, items in report.orders.items()}
        effects = {faction_name(rules, f): e for f, e in order_effects(report).items()}
        crises = tuple(e.name for e in report.triggered if rules.is_crisis(e.id))
        timeline.append(TimelineTurn(report.turn, report.label, orders, tuple(e.name for e in report.triggered), gov,
                                     report.event.name if report.event else None, effects, crises))
    return Debrief(outcome, winner, tuple(top) if len(top) > 1 else (), war, scores, end, causes, tuple(key),
                   tuple(timeline), negotiated(game))
