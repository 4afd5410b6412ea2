"""Rules faults: a value that is not a number (NaN) or infinite, produced while a turn resolves.

The kernel computes in IEEE doubles, so an expression such as `1e308 * 1e308 - 1e308 * 1e308`
yields NaN or infinity at run time and no bound holds it. The check is made on the kernel's result
(outside the machine code, so single games and batches compute exactly as before): the game refuses
the turn, and the message names the track and, from the explanation entries, the move, event, rule
or derived formula and its expression text.
"""

from __future__ import annotations

import numpy as np

from game.engine.layout import Cause as Kind
from game.rules.compiled import Rules
from game.session.orders import SessionError

SHOWN = 120  # characters of an expression quoted in a fault


class RulesFaultError(SessionError):
    """A turn whose rules produced NaN or infinity on a track or a score; the game is left as before the turn."""


def _quoted(text: str) -> str:
    text = " ".join(str(text).split())
    return repr(text if len(text) <= SHOWN else text[:SHOWN] + "…")


def _owner(rules: Rules, kind: str, owner_id: str):
    if kind == "move":
        return rules.moves[rules.move_index[owner_id]]
    if kind == "event":
        return rules.events[rules.event_index[owner_id]]
    return next((r for r in rules.standing_rules if r.id == owner_id), None)


def _effect_exprs(rules: Rules, row: int) -> list[str]:
    """The amount expressions (and conditions) of the content effects that compiled to effect row `row`."""
    eff = rules.effects[row]
    owner = _owner(rules, eff.owner_kind, eff.owner_id)
    texts = [f"when: {owner.when}"] if getattr(owner, "when", None) else []
    for e in getattr(owner, "effects", ()):
        track = getattr(e, "track", None)
        if track is None or (eff.track not in (track, None) and "{target}" not in track):
            continue
        amount = getattr(e, "add", None) if hasattr(e, "add") else getattr(e, "set", None)
        texts.append(f"{'add' if hasattr(e, 'add') else 'set'}: {amount}")
        if e.when:
            texts.append(f"when: {e.when}")
    return texts


def _derive_expr(rules: Rules, track: str) -> str | None:
    for t in list(rules.pack.items("tracks")) + list(getattr(rules.scenario, "tracks", None) or ()):
        if getattr(t, "id", None) == track and getattr(t, "derive", None):
            return t.derive
    return None


def _culprit(rules: Rules, t: int, entries: np.ndarray, amounts: np.ndarray) -> str:
    """What made track `t` not finite, from the explanation entries: the first entry that did."""
    info = rules.tracks[t]
    for (kind, ref, _, track), amount in zip(entries.tolist(), amounts.tolist()):
        if track != t or np.isfinite(amount):
            continue
        kind = Kind(kind)
        if kind in (Kind.ORDER, Kind.EVENT, Kind.RULE, Kind.TRIGGER) and 0 <= ref < len(rules.effects):
            eff = rules.effects[ref]
            exprs = _effect_exprs(rules, ref)
            shown = f" ({'; '.join(_quoted(x) for x in exprs)})" if exprs else ""
            return f"{eff.owner_kind} {eff.owner_id!r} ({eff.cause}){shown} added {amount}"
        if kind == Kind.DERIVED:
            expr = _derive_expr(rules, info.id)
            return "its derive formula" + (f" {_quoted(expr)}" if expr else "") + f" gave {amount}"
    if info.derived:
        expr = _derive_expr(rules, info.id)
        return "its derive formula" + (f" {_quoted(expr)}" if expr else "")
    return "an expression of this turn"


def check_finite(rules: Rules, turn: int, x: np.ndarray, entries: np.ndarray, amounts: np.ndarray) -> None:
    """Raise RulesFaultError if any track in `x` is NaN or infinite, naming the first and its cause."""
    bad = np.flatnonzero(~np.isfinite(x))
    if bad.size == 0:
        return
    t = int(bad[0])
    more = f" (and {bad.size - 1} more track{'s' if bad.size > 2 else ''})" if bad.size > 1 else ""
    raise RulesFaultError(f"turn {turn} cannot be resolved: track {rules.tracks[t].id!r} became {x[t]}{more}, "
                          f"from {_culprit(rules, t, entries, amounts)}; an expression overflows or divides "
                          "infinities — fix the rule (`validate --warnings` flags expressions that can "
                          "overflow); the game is left as it was before the turn")


def check_scores(rules: Rules, turn: int, scores: dict[str, float]) -> None:
    """Raise RulesFaultError if a faction's score is NaN or infinite (a score term that overflows)."""
    for faction, value in scores.items():
        if not np.isfinite(value):
            raise RulesFaultError(f"turn {turn} cannot be resolved: the score of {faction} became {value}; a score "
                                  "term's expression overflows — fix it (`validate --warnings` flags expressions "
                                  "that can overflow); the game is left as it was before the turn")
