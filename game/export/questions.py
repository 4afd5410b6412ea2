"""Discussion questions for each team, drawn from what its own game touched.

Method. Every question is built from the game's record, never from a fixed list:

1. Its orders with the largest effects: each of the faction's orders is credited with the track changes its
   own causes made that turn (the report's causes of kind "order" of that faction), and the orders whose
   biggest single change is largest (one per move, one per track) each give a question naming the order, its
   turn and the track it moved most: "Your government chose Press Japan on defense in 2025 H1: Japanese
   stability went 45 → 39.1 (-5.9) that turn. What happened to it afterwards, and why?"
2. The tracks it moved: the track its orders moved most over the whole game, and whether it ended where the
   team wanted (asked against the faction's scoring terms that read it).
3. What others did to it: the other faction whose orders moved one of this faction's scored tracks most.
4. Its score: the turn its score fell (or rose) most, and the scoring term that changed most over the game.
5. Its proposals and answers (when it had any): the first proposal it declined or let lapse ("You declined the
   United States' proposal of … in 2026 H1. What would have changed if you had accepted?"), and the first of its own
   that a partner declined, or else its first agreement.
6. The concepts cited: the source concepts most often behind the changes its orders made, with their labels
   and the article each comes from, asking whether the game bore out the article's argument.

Questions are in plain words (display names, at most one decimal); a team with no orders at all gets the
questions about what happened to it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from game.engine.tables import program_reads
from game.i18n import _, content
from game.rules.concepts import ARTICLES, CONCEPTS
from game.session.game import Game
from game.session.proposal_words import possessive
from game.session.proposals import Standing
from game.session.report import TurnReport, owned_by
from game.session.scoring import score_breakdown
from game.session.words import concept_label, faction_name, from_to, names_list, number, order_name, signed

ORDER_QUESTIONS = 3  # questions about the faction's own most effective orders
SMALL = 0.05  # changes smaller than this are not worth a question


@dataclass(frozen=True)
class OrderEffect:
    turn: int
    label: str
    order: str  # the cause's name, e.g. "Press Japan to spend more on defense"
    track: str  # display name
    track_id: str
    amount: float  # the part of the change the order caused
    before: float
    after: float
    sources: tuple[str, ...]


def _cause_name(cause: str, faction: str) -> str:
    """A cause's name without the faction added after it: 'Press Japan on defense (United States)' -> '...'."""
    suffix = owned_by("", faction)
    head = cause.split(_("{cause}: {note}", cause="", note=""))[0]
    return head[: -len(suffix)] if head.endswith(suffix) else head


def order_effects(game: Game, faction: str) -> list[OrderEffect]:
    """Every (order, track) change the faction's orders caused, over the game."""
    name = faction_name(game.rules, faction)
    effects = []
    for record in game.history:
        report: TurnReport = record.report
        totals: dict[tuple[str, str], list] = {}
        for change in report.changes:
            for cause in change.causes:
                if cause.kind != "order" or cause.faction != faction:
                    continue
                key = (_cause_name(cause.cause, name), change.track)
                entry = totals.setdefault(key, [0.0, change, set()])
                entry[0] += cause.amount
                entry[2].update(cause.sources)
        for (order, _), (amount, change, sources) in totals.items():
            if abs(amount) >= SMALL:
                effects.append(OrderEffect(report.turn, report.label, order, change.name, change.track, amount,
                                           change.before, change.after, tuple(sorted(sources))))
    return effects


def scored_tracks(game: Game, faction: str) -> dict[str, list[str]]:
    """Track id -> the names of the faction's scoring terms that read it."""
    rules = game.rules
    out: dict[str, list[str]] = {}
    j = 0
    for k, (owner, term) in enumerate(rules.score_terms):
        if owner != faction:
            continue
        name = content.name(rules, rules.id, f"scoring.{faction}.{j}.name")
        j += 1
        for t in program_reads(rules.tables, int(rules.tables.score_prog[k])):
            out.setdefault(rules.tracks[t].id, []).append(name)
    return out


def concept_words(concept: str) -> str:
    """'S0-17 · U.S. pressure on defense spending can backfire (The U.S. at a crossroads (trilemma view))'."""
    article = concept.split("-")[0]
    label = f"{concept} · {concept_label(concept) if concept in CONCEPTS else concept}"
    return _("{concept} ({article})", concept=label, article=content.name(None, article, "title")) \
        if article in ARTICLES else label


def questions(game: Game, faction: str) -> list[str]:
    """The discussion questions for one faction's team (see the module docstring for the method)."""
    rules = game.rules
    who = faction_name(rules, faction)
    found: list[str] = []
    effects = order_effects(game, faction)
    seen_moves: set[str] = set()
    seen_tracks: set[str] = set()
    for e in sorted(effects, key=lambda e: -abs(e.amount)):
        if len(seen_moves) >= ORDER_QUESTIONS:
            break
        if e.order in seen_moves or e.track_id in seen_tracks:
            continue
        seen_moves.add(e.order)
        seen_tracks.add(e.track_id)
        found.append(_("Your government chose “{order}” in {turn}: {track} went {change} that turn, {amount} of it "
                       "from your order. What happened to {track} afterwards, and why?", order=e.order, turn=e.label,
                       track=e.track, change=from_to(e.before, e.after), amount=signed(e.amount)))
    scored = scored_tracks(game, faction)
    by_track: dict[str, float] = {}
    names: dict[str, str] = {}
    for e in effects:
        by_track[e.track_id] = by_track.get(e.track_id, 0.0) + e.amount
        names[e.track_id] = e.track
    if by_track:
        track = max(by_track, key=lambda t: abs(by_track[t]))
        terms = scored.get(track)
        if terms:
            found.append(_("Over the game your orders moved {track} by {amount} in all. It counts in your score through "
                           "“{term}”: did it end where you wanted it?", track=names[track],
                           amount=signed(by_track[track]), term=terms[0]))
        else:
            found.append(_("Over the game your orders moved {track} by {amount} in all. It is not in your score: why "
                           "did your team spend its actions on it?", track=names[track],
                           amount=signed(by_track[track])))
    others = _others_on(game, faction, scored)
    if others is not None:
        other, track, amount = others
        found.append(_("{faction}'s orders moved {track}, which your score counts, by {amount} over the game. How did "
                       "your team read and answer those moves?", faction=faction_name(rules, other), track=track,
                       amount=signed(amount)))
    found += _score_questions(game, faction, who)
    found += _negotiation_questions(game, faction)
    concepts = Counter(c for e in effects for c in e.sources)
    if concepts:
        concept = concepts.most_common(1)[0][0]
        found.append(_("Your orders drew most often on {concept}. What does the article argue there, and did your "
                       "game bear it out?", concept=concept_words(concept)))
    if not effects:
        found.append(_("Your team's orders changed no track the report records. Why, and what would you try now?"))
    return found


def _others_on(game: Game, faction: str, scored: dict[str, list[str]]) -> tuple[str, str, float] | None:
    """(other faction, track name, total) for the biggest total another faction's orders made on a scored track."""
    best: tuple[str, str, float] | None = None
    for other in game.factions:
        if other == faction:
            continue
        totals: dict[str, float] = {}
        names: dict[str, str] = {}
        for e in order_effects(game, other):
            if e.track_id in scored:
                totals[e.track_id] = totals.get(e.track_id, 0.0) + e.amount
                names[e.track_id] = e.track
        for track, amount in totals.items():
            if abs(amount) >= SMALL and (best is None or abs(amount) > abs(best[2])):
                best = (other, names[track], amount)
    return best


def _negotiation_questions(game: Game, faction: str) -> list[str]:
    """A question on the first proposal the faction declined or let lapse, and one on its own first proposal that a
    partner declined (else its first agreement); none for a team that never negotiated."""
    rules = game.rules
    name = lambda f: faction_name(rules, f)  # noqa: E731
    answered = mine = None
    for record in game.history:
        label = record.report.label
        for p in record.negotiation:
            order = order_name(rules, p.order.move, p.order.target)
            if answered is None and p.answered_by == faction and p.by != faction:
                if p.standing == Standing.DECLINED:
                    answered = _("You declined {owner} proposal of {order} in {turn}. What would have changed if you "
                                 "had accepted?", owner=possessive(name(p.by)), order=order, turn=label)
                elif p.standing == Standing.LAPSED:
                    answered = _("{owner} proposal of {order} in {turn} got no answer from your team before it "
                                 "committed. Why not, and what would you have answered?", owner=possessive(name(p.by)),
                                 order=order, turn=label)
            if p.by == faction and (mine is None or mine[0] != Standing.DECLINED):
                if p.standing == Standing.DECLINED:
                    reason = _(" (“{reason}”)", reason=p.answer_reason) if p.answer_reason else ""
                    mine = (p.standing, _("{faction} declined your proposal of {order} in {turn}{reason}. What could "
                                          "you have offered that it would accept?", faction=name(p.answered_by),
                                          order=order, turn=label, reason=reason))
                elif p.standing == Standing.ACCEPTED and mine is None:
                    mine = (p.standing, _("You and {others} agreed on {order} in {turn}. Did the joint move do what "
                                          "each of you hoped, and would you agree to it again?",
                                          others=names_list([name(f) for f in p.to]), order=order, turn=label))
    return [q for q in (answered, mine[1] if mine else None) if q]


def _score_questions(game: Game, faction: str, who: str) -> list[str]:
    """The turn the faction's score moved most, and its scoring term that ended highest or lowest."""
    found = []
    moves = [(r.report.scores_after.get(faction, 0.0) - r.report.scores_before.get(faction, 0.0), r.report)
             for r in game.history if faction in r.report.scores_before]
    if moves:
        delta, report = max(moves, key=lambda m: abs(m[0]))
        if abs(delta) >= SMALL:
            change = from_to(report.scores_before[faction], report.scores_after[faction])
            found.append(_("Your score fell most in {turn}: {change}. What happened that turn, and what would "
                           "{faction} do differently?", turn=report.label, change=change, faction=who) if delta < 0
                         else _("Your score rose most in {turn}: {change}. Which decision earned it, and could it have "
                                "been repeated?", turn=report.label, change=change))
    lines = score_breakdown(game).get(faction, [])
    if lines:
        line = max(lines, key=lambda line: abs(line.points))
        found.append(_("“{term}” gave you {points} points at the end (value {value} × weight {weight}). Which "
                       "decisions, yours and others', moved it most?", term=line.term, points=number(line.points),
                       value=number(line.value), weight=number(line.weight)))
    return found
