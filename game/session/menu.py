"""A faction's moves as a menu in players' words: cost, targets, why unavailable, expected effect, sources.

Pure session code (no web, no pygame): the classroom server sends it to a team's devices as each
move's MOVE entry, and any front end can draw it. The words are the window's orders screen's:
the expected effect is the order desk's preview for the first target that can be ordered now.
"""

from __future__ import annotations

import re

from game.rules.compiled import Rules
from game.session.desk import OrderDesk
from game.session.orders import Order
from game.session.preview import Change, Preview
from game.session.words import number, signed, source_label, track_name

ID = re.compile(r"\b[a-z][a-z_]*\.[a-z_.]*[a-z_]\b")  # an event's or a track's id written into a move's text


def place_name(rules: Rules, target: str) -> str:
    """A move target's display name: a region, an institution or a faction (its id if none has it)."""
    for key in ("regions", "institutions", "factions"):
        for item in rules.pack.items(key):
            if item.id == target:
                return item.name
    return target


def players_text(rules: Rules, text: str) -> str:
    """A move's text with the event and track ids its author wrote in it named as players read them."""
    events = {e.id: e.name for e in rules.events}

    def name(found: re.Match) -> str:
        word = found.group()
        if word in events:
            return events[word]
        return track_name(rules, word) if word in rules.track_index else word
    return ID.sub(name, text)


def cost_text(move, short: bool = False) -> str:
    """`1 AP, 4 budget` (or, short, `1 AP · 4`): what ordering the move spends."""
    budget = number(move.cost.budget)
    return f"{move.cost.ap} AP · {budget}" if short else f"{move.cost.ap} AP, {budget} budget"


def changes_text(changes: tuple[Change, ...]) -> str:
    """`Japan stability +2, China score -1`."""
    return ", ".join(f"{c.name} {signed(c.delta)}" for c in changes)


def effect_lines(rules: Rules, effect: Preview) -> list[str]:
    """A preview in the orders screen's words: the headline, the other changes, a joint move alone and its partners."""
    where = f" (target {place_name(rules, effect.target)})" if effect.target else ""
    joined = f" with {', '.join(p.name for p in effect.partners)}" if effect.partners else ""
    lines = [f"Expected effect this turn{where}{joined}: {changes_text(effect.headline)}"]
    if effect.others:
        lines.append(f"Also: {changes_text(effect.others)}")
    if effect.without is not None:
        lines.append(f"Without {', '.join(p.name for p in effect.partners)}: {changes_text(effect.without)}")
        lines.append("; ".join(f"{p.name} ({p.seat + ' bot' if p.bot else 'people'}) "
                               + ("has ordered it" if p.ordered else "has not ordered it yet")
                               for p in effect.partners) + " this turn")
    return lines


def move_entry(rules: Rules, desk: OrderDesk, move) -> dict:
    """One move's MOVE entry (JSON types only) for the faction whose desk this is."""
    targets = None
    if move.target is not None:
        targets = []
        for t in move.target.options:
            why = desk.refusal(Order(move.id, t))
            targets.append({"id": t, "name": place_name(rules, t), "available": why is None, "why": why})
        usable = [t["id"] for t in targets if t["available"]]
        why = None if usable else targets[0]["why"] if targets else "this move has no target"
        first = usable[0] if usable else None
    else:
        why = desk.refusal(Order(move.id))
        first = None
    effect = [] if why else effect_lines(rules, desk.preview(Order(move.id, first)))
    return {
        "move": move.id,
        "name": move.name,
        "category": move.category,
        "description": players_text(rules, move.text) if move.text else "",
        "requires": move.requires_text or "",
        "partners": [p for p in move.partners if p != desk.faction],
        "cost": {"ap": int(move.cost.ap), "budget": float(move.cost.budget)},
        "cost_text": cost_text(move),
        "targets": targets,
        "available": why is None,
        "why": why,
        "ordered": any(o.move == move.id for o in desk.orders),
        "effect": effect,
        "sources": [source_label(c) for c in move.sources],
    }


def menu(rules: Rules, desk: OrderDesk) -> list[dict]:
    """Every move of the desk's faction as a MOVE entry, in the scenario's order."""
    return [move_entry(rules, desk, move) for move in rules.moves_of(desk.faction)]
