"""Words and numbers for players: values with at most one decimal, changes that add up as shown, concept labels,
display names, and other modules' text (ids, long decimals) put in those words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from game.rules.compiled import Rules
from game.rules.concepts import CONCEPTS


def number(value: float) -> str:
    """A value as players read it, with at most one decimal: 41.5, 40, -3 (never "-0")."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


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
    return f"{concept} · {CONCEPTS[concept]}"


def sources_text(concepts: Iterable[str]) -> str:
    """Several concepts' labels, separated by semicolons ("" for none)."""
    return "; ".join(source_label(c) for c in concepts)


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
    return rules.tracks[rules.track_index[track]].name


def faction_name(rules: Rules, faction: str) -> str:
    """A faction's display name; raises KeyError naming an unknown faction."""
    if faction not in rules.faction_index:
        raise KeyError(f"unknown faction {faction!r}")
    return rules.factions[rules.faction_index[faction]].name


def order_name(rules: Rules, move: str, target: str | None) -> str:
    """An order in words: the move's name with its target's (`Trade deal in Vietnam`)."""
    return rules.action_name(rules.action_index[(move, target)])


def names_list(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
