"""The orders screen's detail box: one move explained as pygame_gui HTML (no pygame)."""

from __future__ import annotations

from html import escape

from game.rules.concepts import CONCEPTS
from game.session.orders import Order
from game.ui.board import place_name


def move_status(desk, move) -> str | None:
    """None if some target (or no target) of the move can be ordered now, else the reason it cannot."""
    targets = move.target.options if move.target else [None]
    reasons = [desk.refusal(Order(move.id, t)) for t in targets]
    if any(r is None for r in reasons):
        return None
    return reasons[0]


def _signed(delta: float) -> str:
    return f"{round(delta, 1) or 0.0:+.1f}"  # one decimal, and no "-0.0"


def _changes(changes) -> str:
    return ", ".join(f"{escape(c.name)} {_signed(c.delta)}" for c in changes)


def _partner(p) -> str:
    who = f"{p.seat} bot" if p.bot else "people"
    return f"{escape(p.name)} ({escape(who)}) " + ("has ordered it" if p.ordered else "has not ordered it yet")


def detail_html(rules, desk, faction: str, names: dict[str, str], move, preview) -> str:
    """Name, kind, cost, targets, text, availability, expected effect (`preview(order)`, a Preview) and sources."""
    partners = [names[p] for p in move.partners if p != faction]
    kind = move.category + (f", joint with {', '.join(partners)}" if partners else "")
    lines = [f"<b>{escape(move.name)}</b>  <i>({kind})</i>",
             f"Cost: {move.cost.ap} action point{'s' if move.cost.ap != 1 else ''}, {move.cost.budget:g} budget"]
    if move.target:
        lines.append("Target: " + ", ".join(escape(place_name(rules, t)) for t in move.target.options))
    if move.text:
        lines.append(escape(move.text))
    why = move_status(desk, move)
    if why:
        lines.append(f"<font color='#E69F00'><b>Unavailable:</b> {escape(why)}</font>")
    elif move.requires_text:
        lines.append(f"<i>Requires: {escape(move.requires_text)}</i>")
    if not why:
        target = None if move.target is None else next(
            (t for t in move.target.options if desk.refusal(Order(move.id, t)) is None), move.target.options[0])
        effect = preview(Order(move.id, target))
        where = f" (target {escape(place_name(rules, effect.target))})" if effect.target else ""
        joined = f" with {', '.join(escape(p.name) for p in effect.partners)}" if effect.partners else ""
        lines.append(f"<b>Expected effect this turn{where}{joined}:</b> {_changes(effect.headline)}")
        if effect.others:
            lines.append(f"Also: {_changes(effect.others)}")
        if effect.without is not None:
            alone = ", ".join(escape(p.name) for p in effect.partners)
            lines.append(f"<b>Without {alone}:</b> {_changes(effect.without)}")
            lines.append("; ".join(_partner(p) for p in effect.partners) + " this turn")
    sources = ", ".join(escape(f"{s} {CONCEPTS.get(s, '')}".strip()) for s in move.sources)
    lines.append(f"<i>Sources: {sources}</i>")
    return "<br>".join(lines)
