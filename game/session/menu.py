"""A faction's moves as a menu in players' words: cost, targets, why unavailable, expected effect, sources.

Pure session code (no web, no pygame): the classroom server sends it to a team's devices as each
move's MOVE entry, and any front end can draw it. The words are the window's orders screen's:
the expected effect is the order desk's preview for the first target that can be ordered now.
"""

from __future__ import annotations

import re

from game.i18n import _, content
from game.rules.compiled import Rules
from game.session.checks import requirement
from game.session.desk import OrderDesk
from game.session.orders import Order
from game.session.preview import Change, Preview
from game.session.words import clauses, event_name, listed, move_name, number, signed, source_label, target_name, \
    track_name

ID = re.compile(r"\b[a-z][a-z_]*\.[a-z_.]*[a-z_]\b")  # an event's or a track's id written into a move's text


def place_name(rules: Rules, target: str) -> str:
    """A move target's display name: a region, an institution or a faction (its id if none has it)."""
    return target_name(rules, target)


def players_text(rules: Rules, text: str) -> str:
    """A move's text with the event and track ids its author wrote in it named as players read them."""
    events = {e.id for e in rules.events}

    def name(found: re.Match) -> str:
        word = found.group()
        if word in events:
            return event_name(rules, word)
        return track_name(rules, word) if word in rules.track_index else word
    return ID.sub(name, text)


def cost_text(move, short: bool = False) -> str:
    """`1 AP, 4 budget` (or, short, `1 AP · 4`): what ordering the move spends."""
    budget = number(move.cost.budget)
    if short:
        return _("{ap} AP · {budget}", ap=move.cost.ap, budget=budget)
    return _("{ap} AP, {budget} budget", ap=move.cost.ap, budget=budget)


def changes_text(changes: tuple[Change, ...]) -> str:
    """`Japan stability +2, China score -1`."""
    return listed(_("{track} {amount}", track=c.name, amount=signed(c.delta)) for c in changes)


def effect_lines(rules: Rules, effect: Preview) -> list[str]:
    """A preview in the orders screen's words: the headline, the other changes, a joint move alone and its partners."""
    partners = listed(p.name for p in effect.partners)
    changes = changes_text(effect.headline)
    if effect.target and effect.partners:
        head = _("Expected effect this turn (target {target}) with {partners}: {changes}",
                 target=place_name(rules, effect.target), partners=partners, changes=changes)
    elif effect.target:
        head = _("Expected effect this turn (target {target}): {changes}", target=place_name(rules, effect.target),
                 changes=changes)
    elif effect.partners:
        head = _("Expected effect this turn with {partners}: {changes}", partners=partners, changes=changes)
    else:
        head = _("Expected effect this turn: {changes}", changes=changes)
    lines = [head]
    if effect.others:
        lines.append(_("Also: {changes}", changes=changes_text(effect.others)))
    if effect.without is not None:
        lines.append(_("Without {partners}: {changes}", partners=partners, changes=changes_text(effect.without)))
        lines.append(_("{partners} this turn", partners=clauses(_partner_status(p) for p in effect.partners)))
    return lines


def _partner_status(p) -> str:
    """`Japan (greedy bot) has ordered it`: a joint move's partner, who plays it and whether it has ordered it."""
    if p.bot:
        who = _("{seat} bot", seat=p.seat)
    else:
        who = _("people")
    if p.ordered:
        return _("{faction} ({who}) has ordered it", faction=p.name, who=who)
    return _("{faction} ({who}) has not ordered it yet", faction=p.name, who=who)


def move_entry(rules: Rules, desk: OrderDesk, move) -> dict:
    """One move's MOVE entry (JSON types only) for the faction whose desk this is."""
    targets = None
    if move.target is not None:
        targets = []
        for t in move.target.options:
            why = desk.refusal(Order(move.id, t))
            targets.append({"id": t, "name": place_name(rules, t), "available": why is None, "why": why})
        usable = [t["id"] for t in targets if t["available"]]
        why = None if usable else targets[0]["why"] if targets else _("this move has no target")
        first = usable[0] if usable else None
    else:
        why = desk.refusal(Order(move.id))
        first = None
    effect = [] if why else effect_lines(rules, desk.preview(Order(move.id, first)))
    return {
        "move": move.id,
        "name": move_name(rules, move.id),
        "category": move.category,
        "description": players_text(rules, content.name(rules, move.id, "text")) if move.text else "",
        "requires": requirement(rules, move),
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
