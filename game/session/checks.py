"""The one order checker: whether an order may be added to a faction's orders, and why not, in plain words.

Functions over the compiled rules, the engine and one game's arrays (x[tracks], ints[columns], the
faction's slots), so the game, a faction's order desk and the analysis all refuse the same orders
with the same message. Messages name moves, factions, targets and tracks by their names (only what
the player typed is echoed as typed) and carry no faction prefix: the caller adds who was refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

from game.engine.layout import EMPTY, STATUS, TURN, Legality, Status
from game.engine.state import BatchState, SingleGame
from game.i18n import _, content, ngettext
from game.rules.compiled import Rules
from game.rules.problems import did_you_mean
from game.session.orders import Order, Reason
from game.session.words import faction_name, listed, move_name, names_list, target_name, track_name


@dataclass(frozen=True)
class Refusal:
    """Why an order is refused: the reason and a message for people."""

    reason: Reason
    message: str


def number(value: float) -> str:
    """A number with at most one decimal: 4, 1.9, -0.3."""
    text = f"{round(float(value), 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _hint(name: str, known: Iterable[str]) -> str:
    match = did_you_mean(name, list(known))
    return _(" — did you mean {match}?", match=repr(match)) if match else ""


def _names(rules: Rules, factions: Iterable[str]) -> str:
    return names_list([faction_name(rules, f) for f in factions])


def _kind(kind: str) -> str:
    """A target kind in words."""
    if kind == "region":
        return _("a region target")
    if kind == "institution":
        return _("a institution target")  # the English as it always read
    return _("a faction target")


def faction_refusal(rules: Rules, faction: str) -> Refusal | None:
    """A refusal if `faction` is not one of the rules' factions."""
    if faction in rules.faction_index:
        return None
    known = [f.id for f in rules.factions]
    return Refusal(Reason.UNKNOWN_FACTION, _("unknown faction {faction}{hint} (factions: {known})", faction=repr(faction),
                                             hint=_hint(faction, known), known=", ".join(known)))


def order_refusal(rules: Rules, faction: str, order: Order) -> Refusal | None:
    """A refusal if the order names no move, a move of other factions, or a missing, unknown or needless target.

    These depend on the rules alone; `faction` must be known.
    """
    if order.move not in rules.move_index:
        own = [m.id for m in rules.moves_of(faction)]
        return Refusal(Reason.UNKNOWN_MOVE, _("unknown move {move}{hint}", move=repr(order.move),
                                              hint=_hint(order.move, own or rules.move_index)))
    move = rules.moves[rules.move_index[order.move]]
    name = move_name(rules, move.id)
    if faction not in move.partners:
        return Refusal(Reason.NOT_YOURS, _("{move} is a move of {owners}, not {faction}", move=name,
                                           owners=_names(rules, move.partners), faction=_names(rules, [faction])))
    if move.target is None and order.target is not None:
        return Refusal(Reason.TARGET, _("{move} takes no target (got {target})", move=name, target=repr(order.target)))
    if move.target is not None and order.target not in move.target.options:
        options = listed(target_name(rules, t) for t in move.target.options)
        if order.target is None:
            return Refusal(Reason.TARGET, _("{move} needs {kind}, one of {options} (got no target)", move=name,
                                            kind=_kind(move.target.kind), options=options))
        return Refusal(Reason.TARGET, _("unknown target {target} for {move}{hint} (one of {options})",
                                        target=repr(order.target), move=name,
                                        hint=_hint(order.target, move.target.options), options=options))
    return None


def slots_of(rules: Rules, orders: Iterable[Order]) -> np.ndarray:
    """A faction's orders as kernel slots: action indices, EMPTY where free (the orders must be valid)."""
    slots = np.full(rules.max_orders, EMPTY, dtype=np.int64)
    for k, order in enumerate(orders):
        slots[k] = rules.action_index[(order.move, order.target)]
    return slots


def _legality(engine: SingleGame, x: np.ndarray, ints: np.ndarray, f: int, slots: np.ndarray, action: int) -> Legality:
    state = BatchState(x[None], ints[None], np.zeros(1, dtype=np.uint64))  # views: the kernel only reads them
    return Legality(engine.check(state, f, slots, action))


def refusal(rules: Rules, engine: SingleGame, x: np.ndarray, ints: np.ndarray, slots: np.ndarray, faction: str,
            order: Order, committed: bool = False) -> Refusal | None:
    """Why `order` cannot be added to the faction's orders (`slots`) in the game whose arrays are x and ints, or None.

    Checked in this order: game over, already committed, the order itself (`order_refusal`), then the
    kernel's test of it next to the other orders (duplicate, action points, budget, prerequisite).
    """
    if Status(int(ints[STATUS])) != Status.RUNNING:
        return Refusal(Reason.GAME_OVER, _("the game is over; no more orders"))
    if committed:
        return Refusal(Reason.PHASE, _("orders are already committed for turn {turn}", turn=int(ints[TURN])))
    static = order_refusal(rules, faction, order)
    if static is not None:
        return static
    action = rules.action_index[(order.move, order.target)]
    code = _legality(engine, x, ints, rules.faction_index[faction], slots, action)
    return None if code == Legality.OK else _explain(rules, code, x, slots, faction, action)


def _explain(rules: Rules, code: Legality, x: np.ndarray, slots: np.ndarray, faction: str, action: int) -> Refusal:
    move = rules.actions[action].move
    name = move_name(rules, move.id)
    fac = rules.factions[rules.faction_index[faction]]
    ordered = [rules.actions[int(a)].move for a in slots if a != EMPTY]
    if code == Legality.DUPLICATE:
        return Refusal(Reason.DUPLICATE, _("{move} is already among this turn's orders", move=name))
    if code == Legality.NO_ACTION_POINTS:
        left = fac.action_points - sum(m.cost.ap for m in ordered)
        return Refusal(Reason.ACTION_POINTS, ngettext(
            "{move} costs {n} action point but only {left} of {total} are left this turn",
            "{move} costs {n} action points but only {left} of {total} are left this turn", move.cost.ap, move=name,
            left=left, total=fac.action_points))
    if code == Legality.NO_BUDGET:
        budget = rules.track_index[fac.budget_track]
        have = float(x[budget]) - sum(m.cost.budget for m in ordered)
        return Refusal(Reason.BUDGET, _("{move} costs {cost} budget but only {have} of {track} is left", move=name,
                                        cost=number(move.cost.budget), have=number(have),
                                        track=track_name(rules, fac.budget_track)))
    if code == Legality.PREREQUISITE:
        why = requirement(rules, move) or _("its requirement does not hold now")
        return Refusal(Reason.PREREQUISITE, _("{move} is not available: {why}", move=name, why=why))
    if code == Legality.REQUIREMENT_NOT_A_NUMBER:
        return Refusal(Reason.PREREQUISITE, _("{move} is not available: its requirement cannot be evaluated now "
                                              "(its value is not a number)", move=name))
    if code == Legality.GAME_OVER:
        return Refusal(Reason.GAME_OVER, _("the game is over; no more orders"))
    return Refusal(Reason.NOT_YOURS, _("{move} is not a move of {faction}", move=name,
                                       faction=faction_name(rules, faction)))


def requirement(rules: Rules, move) -> str:
    """A move's requirement in words, in the current language ("" if it names none)."""
    return content.name(rules, move.id, "requires_text") if move.requires_text else ""


def legal_orders(rules: Rules, engine: SingleGame, x: np.ndarray, ints: np.ndarray, slots: np.ndarray, faction: str,
                 committed: bool = False) -> list[Order]:
    """Every order the faction could add to `slots` now, in the rules' action order."""
    if committed or Status(int(ints[STATUS])) != Status.RUNNING:
        return []
    f = rules.faction_index[faction]
    return [Order(a.move.id, a.target) for a in rules.actions
            if faction in a.move.partners and _legality(engine, x, ints, f, slots, a.index) == Legality.OK]
