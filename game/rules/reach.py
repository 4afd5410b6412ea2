"""What the players can reach, found statically for `validate --warnings`: scoring terms no move can change and
moves no bot will ever order.

Nothing is simulated. A track is *reachable* when a move's or an event's effect targets it, or a rule's effect or a
derived track reads a reachable track (or asks `played()`), followed to a fixed point. A scoring term none of whose
tracks is reachable, and that asks no `played()`, shifts every game's score alike. A move is never ordered when no
order of it can ever be legal: its `requires:` folds to a constant false (or an `and` of one) for every target, or its budget cost is
above the most a partner's budget track can hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.rules import expressions as ex
from game.rules.problems import Problem
from game.rules.schema import AddEffect, SetEffect

if TYPE_CHECKING:
    from game.rules.compiler import Compiler


def _reads(text: str | float | None) -> tuple[set[str], bool]:
    """The names an expression reads and whether it asks played() (a number reads nothing)."""
    if not isinstance(text, str):
        return set(), False
    try:
        tree = ex.parse(text)
    except ex.ExprError:
        return set(), False  # reported as a problem elsewhere
    return ex.names(tree), bool(ex.played_refs(tree))


def always_false(node: ex.Node) -> bool:
    """Whether a condition can never hold: it folds to 0, or it is an `and` with a part that can never hold."""
    folded = ex.fold(node)
    if isinstance(folded, ex.Num):
        return folded.value == 0.0
    return isinstance(folded, ex.Binary) and folded.op == ex.Op.AND and (always_false(folded.left) or
                                                                            always_false(folded.right))


def reachable(compiler: Compiler) -> set[str]:
    """The tracks a move can change: targeted by a move's or event's effect, or fed by one through rules and
    derived tracks."""
    found = {e.track for e in compiler.effects if e.owner_kind in ("move", "event") and e.track is not None}
    feeds: list[tuple[set[str], bool, str]] = []  # (tracks read, asks played(), the track written)
    for rule in compiler.rules:
        rule_reads, rule_played = _reads(rule.when)
        for eff in rule.effects:
            if not isinstance(eff, (AddEffect, SetEffect)):
                continue
            when_reads, when_played = _reads(eff.when)
            amount_reads, amount_played = _reads(eff.add if isinstance(eff, AddEffect) else eff.set)
            feeds.append((rule_reads | when_reads | amount_reads, rule_played or when_played or amount_played,
                          eff.track))
    for track, expr, _, _ in compiler.derived:
        reads, played = _reads(expr)
        feeds.append((reads, played, compiler.tracks[track].id))
    grew = True
    while grew:
        grew = False
        for reads, played, written in feeds:
            if written not in found and (played or reads & found):
                found.add(written)
                grew = True
    return found


def term_warnings(compiler: Compiler, changed: set[str]) -> list[Problem]:
    """A warning for each scoring term whose value no move or event can change."""
    found = []
    for fid, terms in compiler.scenario.scoring.items():
        for j, term in enumerate(terms):
            reads, played = _reads(term.expr)
            tracks = sorted(n for n in reads if n in compiler.track_index)
            if played or set(tracks) & changed:
                continue
            why = (f"its tracks ({', '.join(tracks)}) are changed by no move's or event's effect, directly or through "
                   "rules and derived tracks" if tracks else "it reads no track")
            found.append(Problem(compiler.scenario_file, f"scenario {compiler.scenario.id}", f"scoring.{fid}[{j}].expr",
                                 f"no move can change the term {term.name!r}: {why}; it shifts every game's score "
                                 "alike"))
    return found


def move_warnings(compiler: Compiler) -> list[Problem]:
    """A warning for each move that can never be ordered legally, so no bot (and no player) will order it."""
    found = []
    for move in compiler.moves:
        file, item = compiler.origin("moves", move.id), f"move {move.id}"
        for partner in move.partners:
            faction = compiler.factions[compiler.faction_index[partner]] if partner in compiler.faction_index else None
            budget = compiler.track_index.get(faction.budget_track) if faction else None
            if budget is not None and move.cost.budget > compiler.tracks[budget].max:
                found.append(Problem(file, item, "cost.budget", (
                    f"no bot will ever order it: it costs {move.cost.budget:g} budget, more than {partner}'s budget "
                    f"track {faction.budget_track} can hold ({compiler.tracks[budget].max:g})")))
        if move.requires is None:
            continue
        targets = move.target.options if move.target is not None else [None]
        never = []
        for target in targets:
            text = move.requires.replace("{target}", target) if target else move.requires
            try:
                never.append(always_false(ex.parse(text)))
            except ex.ExprError:
                break  # reported as a problem elsewhere
        if len(never) == len(targets) and all(never):
            found.append(Problem(file, item, "requires", f"no bot will ever order it: its requires: "
                                 f"{move.requires!r} is always false"))
    return found


def reach_warnings(compiler: Compiler) -> list[Problem]:
    """Scoring terms no move can change and moves no bot will ever order."""
    return term_warnings(compiler, reachable(compiler)) + move_warnings(compiler)
