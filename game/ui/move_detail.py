"""The orders screen's detail box: one move explained as pygame_gui HTML (no pygame)."""

from __future__ import annotations

from html import escape

from game.session.menu import cost_text, place_name, players_text  # noqa: F401 (the screens import them here)
from game.session.orders import Order
from game.session.words import signed, sources_text


def move_status(desk, move) -> str | None:
    """None if some target (or no target) of the move can be ordered now, else the reason it cannot."""
    targets = move.target.options if move.target else [None]
    reasons = [desk.refusal(Order(move.id, t)) for t in targets]
    if any(r is None for r in reasons):
        return None
    return reasons[0]


def _changes(changes) -> str:
    return ", ".join(f"{escape(c.name)} {signed(c.delta)}" for c in changes)


def _partner(p) -> str:
    who = f"{p.seat} bot" if p.bot else "people"
    return f"{escape(p.name)} ({escape(who)}) " + ("has ordered it" if p.ordered else "has not ordered it yet")


def kind_text(move, faction: str, names: dict[str, str]) -> str:
    partners = [names[p] for p in move.partners if p != faction]
    return move.category + (f", joint with {', '.join(partners)}" if partners else "")


def plain_lines(rules, faction: str, names: dict[str, str], move, targets: bool = True) -> tuple[list[str], list[str]]:
    """The detail's lines as plain text without the availability and the expected effect: (lines at the box's
    own size, lines in its small size); what the layout measures to give the box room for a whole move."""
    lines = [f"{move.name}  ({kind_text(move, faction, names)}) · {cost_text(move)}"]
    if move.text:
        lines.append(players_text(rules, move.text))
    if move.requires_text:
        lines.append(f"Requires: {move.requires_text}")
    small = [f"Sources: {sources_text(move.sources)}"]
    if move.target and targets:
        small.insert(0, targets_text(rules, move))
    return lines, small


def targets_text(rules, move) -> str:
    return "Targets: " + ", ".join(place_name(rules, t) for t in move.target.options)


def first_usable(desk, move) -> str | None:
    """The target the detail previews when none is pointed at: the first that can be ordered now."""
    if move.target is None:
        return None
    return next((t for t in move.target.options if desk.refusal(Order(move.id, t)) is None), move.target.options[0])


def detail_html(rules, desk, faction: str, names: dict[str, str], move, preview, target: str | None = None,
                small: int = 13, targets: bool = True) -> str:
    """Name, kind, cost, targets, text, availability, expected effect (`preview(order)`, a Preview) for
    `target` (default: the first usable one), and sources; the targets, the smaller changes ("Also") and the
    sources in `small` pixels (`targets` False: without the list of targets, for a short window)."""
    lines = [f"<b>{escape(move.name)}</b>  <i>({escape(kind_text(move, faction, names))})</i> · {cost_text(move)}"]
    if move.target and targets:
        lines.append(f"<font pixel_size={small}>{escape(targets_text(rules, move))}</font>")
    if move.text:
        lines.append(escape(players_text(rules, move.text)))
    if target is not None and move.target is not None:
        why = desk.refusal(Order(move.id, target))
    else:
        why = move_status(desk, move)
    if why:
        where = f" ({escape(place_name(rules, target))})" if target is not None else ""
        lines.append(f"<font color='#E69F00'><b>Unavailable{where}:</b> {escape(why)}</font>")
    elif move.requires_text:
        lines.append(f"<i>Requires: {escape(move.requires_text)}</i>")
    if not why:
        target = target if target is not None else first_usable(desk, move)
        effect = preview(Order(move.id, target))
        where = f" (target {escape(place_name(rules, effect.target))})" if effect.target else ""
        joined = f" with {', '.join(escape(p.name) for p in effect.partners)}" if effect.partners else ""
        lines.append(f"<b>Expected effect this turn{where}{joined}:</b> {_changes(effect.headline)}")
        if effect.others:
            lines.append(f"<font pixel_size={small}>Also: {_changes(effect.others)}</font>")
        if effect.without is not None:
            alone = ", ".join(escape(p.name) for p in effect.partners)
            lines.append(f"<b>Without {alone}:</b> {_changes(effect.without)}")
            lines.append("; ".join(_partner(p) for p in effect.partners) + " this turn")
    lines.append(f"<font pixel_size={small} color='#AEB8CC'><i>Sources: {escape(sources_text(move.sources))}</i></font>")
    return "<br>".join(lines)
