"""Words and numbers for players: values with at most one decimal, changes that add up as shown, concept labels,
display names, and other modules' text (ids, long decimals) put in those words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from game import i18n
from game.i18n import _, content, join
from game.rules.compiled import Rules
from game.rules.concepts import CONCEPTS


def number(value: float) -> str:
    """A value as players read it, with at most one decimal: 41.5, 40, -3 (never "-0")."""
    return i18n.number(value)


def signed(value: float) -> str:
    """A change with its sign: +2, -1.5, 0."""
    text = number(value)
    return text if text.startswith("-") or text == "0" else "+" + text


def shown_delta(before: float, after: float) -> float:
    """The change between two values as players read them (54.24 -> 50.66 shows 54.2 -> 50.7, a change of -3.5)."""
    return float(number(after)) - float(number(before))


def from_to(before: float, after: float) -> str:
    """`54.2 → 50.7 (-3.5)`: the change is that of the rounded values, so the three numbers agree."""
    return f"{number(before)} → {number(after)} ({signed(shown_delta(before, after))})"


def source_label(concept: str) -> str:
    """`S0-17 · U.S. pressure on defense spending can backfire`; raises KeyError naming an unknown concept."""
    if concept not in CONCEPTS:
        raise KeyError(f"unknown concept {concept!r} (the ids are listed in game/rules/concepts.py)")
    return f"{concept} · {concept_label(concept)}"


def concept_label(concept: str) -> str:
    """A concept's label in the current language (the English of game/rules/concepts.py when untranslated)."""
    return content.name(None, concept, "label")


def sources_text(concepts: Iterable[str]) -> str:
    """Several concepts' labels, separated by semicolons ("" for none)."""
    return clauses([source_label(c) for c in concepts])


def clauses(items: Iterable[str]) -> str:
    """Clauses one after another, separated by semicolons (`a; b`)."""
    return _("; ").join(items)


def listed(items: Iterable[str]) -> str:
    """Items in a plain list, separated by commas (`a, b, c`: no "and")."""
    return _(", ").join(items)


ID = re.compile(r"\b[a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)+\b")  # an internal id such as jp.stability
LONG_DECIMAL = re.compile(r"(?<![\d.])-?\d+\.\d{2,}")  # 1.96, 0.437: more decimals than players need


def plain(rules: Rules, text: str) -> str:
    """Text from another module or a bot in players' words: track ids become track names, long decimals one."""
    text = ID.sub(lambda m: track_name(rules, m.group()) if m.group() in rules.track_index else m.group(), text)
    return LONG_DECIMAL.sub(lambda m: number(float(m.group())), text)


def track_name(rules: Rules, track: str) -> str:
    """A track's display name; raises KeyError naming an unknown track."""
    if track not in rules.track_index:
        raise KeyError(f"unknown track {track!r}")
    return content.name(rules, track)


def faction_name(rules: Rules, faction: str) -> str:
    """A faction's display name; raises KeyError naming an unknown faction."""
    if faction not in rules.faction_index:
        raise KeyError(f"unknown faction {faction!r}")
    return content.name(rules, faction)


def target_name(rules: Rules, target: str) -> str:
    """A move target's display name: a region's, institution's or faction's (its id if none has it)."""
    return content.name(rules, target) if rules.target_name(target) != target else target


def move_name(rules: Rules, move: str) -> str:
    """A move's display name."""
    return content.name(rules, move)


def event_name(rules: Rules, event: str) -> str:
    """An event's display name."""
    return content.name(rules, event)


def action_name(rules: Rules, action: int) -> str:
    """`Belt-and-Road infrastructure loans in Myanmar`: a move's name with its target's."""
    info = rules.actions[action]
    if info.target is None:
        return move_name(rules, info.move.id)
    return _("{move} in {target}", move=move_name(rules, info.move.id), target=target_name(rules, info.target))


def order_name(rules: Rules, move: str, target: str | None) -> str:
    """An order in words: the move's name with its target's (`Trade deal in Vietnam`)."""
    return action_name(rules, rules.action_index[(move, target)])


def names_list(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c` (in the current language's way of listing)."""
    return join(list(items))


def standing_word(standing) -> str:
    """`accepted`, `lapsed`: where a proposal (game.session.proposals.Standing) stands, in the language in use."""
    return {"open": _("open"), "accepted": _("accepted"), "declined": _("declined"), "countered": _("countered"),
            "withdrawn": _("withdrawn"), "lapsed": _("lapsed")}[getattr(standing, "value", standing)]
