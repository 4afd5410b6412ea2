"""The orders screen's briefing strip, as plain lines (no pygame): the turn's event and, when the session
offers a briefing, what the event will do, what is scheduled next turn and a change of government.

The session's `briefing` (on the view, when present) has `event` (id, name, text), `effect` (plain
words), `upcoming` (next turn's schedule) and `banner` (a change of government, else None); without it
the strip shows the view's `event` alone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BriefLine:
    """One line of the briefing: what it is ("Event", "Next turn", …), its text, and whether it warns."""

    label: str
    text: str
    warn: bool = False


def words(value) -> str:
    """A briefing field as one plain string: text as it is, an event as `name — text`, a list joined."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if hasattr(value, "name") and hasattr(value, "text"):
        return f"{value.name} — {value.text}".strip(" —")
    if isinstance(value, (list, tuple)):
        return "; ".join(w for w in (words(v) for v in value) if w)
    return str(value).strip()


def briefing_lines(view) -> list[BriefLine]:
    """What the teams should know before ordering, most urgent first (an empty list: nothing to tell)."""
    briefing = getattr(view, "briefing", None)
    event = getattr(briefing, "event", None) if briefing is not None else view.event
    lines = []
    if briefing is not None and words(getattr(briefing, "banner", None)):
        lines.append(BriefLine("Government", words(briefing.banner), warn=True))
    if event is not None:
        lines.append(BriefLine("Event", words(event)))
    if briefing is not None:
        for label, field in (("What it will do", "effect"), ("Next turn", "upcoming")):
            text = words(getattr(briefing, field, None))
            if text:
                lines.append(BriefLine(label, text))
    return lines


def one_line(lines: list[BriefLine]) -> str:
    """The whole briefing on one line (the strip shortens it to fit; expanding shows every line whole)."""
    if not lines:
        return "No event this turn"
    return " · ".join(f"{line.label}: {line.text}" for line in lines)
