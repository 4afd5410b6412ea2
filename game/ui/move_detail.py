"""The orders screen's detail box: one move explained as pygame_gui HTML (no pygame)."""

from __future__ import annotations

from html import escape

from game.rules.concepts import CONCEPTS
from game.session.orders import Order
from game.ui.board import place_name, track_name


def move_status(view, move) -> str | None:
    """None if some target (or no target) of the move can be ordered now, else the reason it cannot."""
    targets = move.target.options if move.target else [None]
    reasons = [view.refusal(Order(move.id, t)) for t in targets]
    if any(r is None for r in reasons):
        return None
    return reasons[0]


def detail_html(rules, view, faction: str, names: dict[str, str], move, preview) -> str:
    """Name, kind, cost, targets, text, availability, expected effect (`preview(order)`) and sources."""
    partners = [names[p] for p in move.partners if p != faction]
    kind = move.category + (f", joint with {', '.join(partners)}" if partners else "")
    lines = [f"<b>{escape(move.name)}</b>  <i>({kind})</i>",
             f"Cost: {move.cost.ap} action point{'s' if move.cost.ap != 1 else ''}, {move.cost.budget:g} budget"]
    if move.target:
        lines.append("Target: " + ", ".join(escape(place_name(rules, t)) for t in move.target.options))
    if move.text:
        lines.append(escape(move.text))
    why = move_status(view, move)
    if why:
        lines.append(f"<font color='#E69F00'><b>Unavailable:</b> {escape(why)}</font>")
    elif move.requires_text:
        lines.append(f"<i>Requires: {escape(move.requires_text)}</i>")
    if not why:
        target = None if move.target is None else next(
            (t for t in move.target.options if view.refusal(Order(move.id, t)) is None), move.target.options[0])
        effect = preview(Order(move.id, target))
        top = sorted(effect.items(), key=lambda kv: -abs(kv[1]))[:6]
        if top:
            where = f" (target {escape(place_name(rules, target))})" if target else ""
            parts = ", ".join(f"{escape(track_name(rules, t))} {d:+.1f}" for t, d in top)
            lines.append(f"<b>Expected effect this turn{where}:</b> {parts}")
    sources = ", ".join(escape(f"{s} {CONCEPTS.get(s, '')}".strip()) for s in move.sources)
    lines.append(f"<i>Sources: {sources}</i>")
    return "<br>".join(lines)
