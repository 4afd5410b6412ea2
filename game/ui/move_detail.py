"""The orders screen's detail box: one move explained as pygame_gui HTML (no pygame)."""

from __future__ import annotations

from html import escape

from game.session.menu import cost_text, place_name, players_text  # noqa: F401 (the screens import them here)
from game.i18n import N_, _, content, join
from game.session.orders import Order
from game.session.words import move_name
from game.session.words import signed, sources_text


def move_status(desk, move) -> str | None:
    """None if some target (or no target) of the move can be ordered now, else the reason it cannot."""
    targets = move.target.options if move.target else [None]
    reasons = [desk.refusal(Order(move.id, t)) for t in targets]
    if any(r is None for r in reasons):
        return None
    return reasons[0]


def _changes(changes) -> str:
    return _(", ").join(f"{escape(c.name)} {signed(c.delta)}" for c in changes)


def _partner(p) -> str:
    who = _("{seat} bot", seat=p.seat) if p.bot else _("people")
    if p.ordered:
        return _("{faction} ({who}) has ordered it", faction=escape(p.name), who=escape(who))
    return _("{faction} ({who}) has not ordered it yet", faction=escape(p.name), who=escape(who))


CATEGORIES = {"economic": N_("economic"), "security": N_("security"), "diplomatic": N_("diplomatic")}


def kind_text(move, faction: str, names: dict[str, str]) -> str:
    partners = [names[p] for p in move.partners if p != faction]
    category = _(CATEGORIES.get(move.category, move.category))
    return _("{category}, joint with {partners}", category=category, partners=join(partners)) if partners \
        else category


def plain_lines(rules, faction: str, names: dict[str, str], move, targets: bool = True) -> tuple[list[str], list[str]]:
    """The detail's lines as plain text without the availability and the expected effect: (lines at the box's
    own size, lines in its small size); what the layout measures to give the box room for a whole move."""
    lines = [f"{move_name(rules, move.id)}  ({kind_text(move, faction, names)}) · {cost_text(move)}"]
    if move.text:
        lines.append(players_text(rules, content.name(rules, move.id, "text")))
    if move.requires_text:
        lines.append(_("Requires: {what}", what=content.name(rules, move.id, "requires_text")))
    small = [_("Sources: {sources}", sources=sources_text(move.sources))]
    if move.target and targets:
        small.insert(0, targets_text(rules, move))
    return lines, small


def targets_text(rules, move) -> str:
    return _("Targets: {targets}", targets=_(", ").join(place_name(rules, t) for t in move.target.options))


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
    lines = [f"<b>{escape(move_name(rules, move.id))}</b>  <i>({escape(kind_text(move, faction, names))})</i> · "
             f"{cost_text(move)}"]
    if move.target and targets:
        lines.append(f"<font pixel_size={small}>{escape(targets_text(rules, move))}</font>")
    if move.text:
        lines.append(escape(players_text(rules, content.name(rules, move.id, "text"))))
    if target is not None and move.target is not None:
        why = desk.refusal(Order(move.id, target))
    else:
        why = move_status(desk, move)
    if why:
        if target is not None:
            head = _("<b>Unavailable ({target}):</b> {why}", target=escape(place_name(rules, target)), why=escape(why))
        else:
            head = _("<b>Unavailable:</b> {why}", why=escape(why))
        lines.append(f"<font color='#E69F00'>{head}</font>")
    elif move.requires_text:
        lines.append("<i>" + _("Requires: {what}", what=escape(content.name(rules, move.id, "requires_text"))) + "</i>")
    if not why:
        target = target if target is not None else first_usable(desk, move)
        effect = preview(Order(move.id, target))
        where = escape(place_name(rules, effect.target)) if effect.target else ""
        partners = join([escape(p.name) for p in effect.partners])
        changes = _changes(effect.headline)
        if where and partners:
            head = _("<b>Expected effect this turn (target {target}) with {partners}:</b> {changes}", target=where,
                     partners=partners, changes=changes)
        elif where:
            head = _("<b>Expected effect this turn (target {target}):</b> {changes}", target=where, changes=changes)
        elif partners:
            head = _("<b>Expected effect this turn with {partners}:</b> {changes}", partners=partners, changes=changes)
        else:
            head = _("<b>Expected effect this turn:</b> {changes}", changes=changes)
        lines.append(head)
        if effect.others:
            lines.append(f"<font pixel_size={small}>" + _("Also: {changes}", changes=_changes(effect.others)) + "</font>")
        if effect.without is not None:
            lines.append(_("<b>Without {partners}:</b> {changes}", partners=partners, changes=_changes(effect.without)))
            lines.append(_("{partners} this turn", partners=_("; ").join(_partner(p) for p in effect.partners)))
    lines.append(f"<font pixel_size={small} color='#AEB8CC'><i>" +
                 _("Sources: {sources}", sources=escape(sources_text(move.sources))) + "</i></font>")
    return "<br>".join(lines)
