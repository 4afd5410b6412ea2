"""The orders screen's briefing strip, as plain lines (no pygame): from the view's briefing, a change of
government, the turn's event, what it will do and what is scheduled next turn."""

from __future__ import annotations

from dataclasses import dataclass

from game.i18n import _
from game.session.briefing import Briefing


@dataclass(frozen=True)
class BriefLine:
    """One line of the briefing: what it is ("Event", "Next turn", …), its text, and whether it warns."""

    label: str
    text: str
    warn: bool = False


def briefing_lines(briefing: Briefing) -> list[BriefLine]:
    """What the teams should know before ordering, most urgent first (an empty list: nothing to tell)."""
    lines = []
    if briefing.banner:
        lines.append(BriefLine(_("Government"), briefing.banner, warn=True))
    if briefing.event is not None:
        event = briefing.event
        lines.append(BriefLine(_("Event"), f"{event.name} — {event.text}" if event.text else event.name))
        if briefing.effect:
            lines.append(BriefLine(_("What it will do"), briefing.effect))
    if briefing.upcoming is not None:
        upcoming = briefing.upcoming
        lines.append(BriefLine(_("Next turn"), _("{event} ({turn})", event=upcoming.event.name, turn=upcoming.label)))
    return lines


def one_line(lines: list[BriefLine]) -> str:
    """The whole briefing on one line (the strip shortens it to fit; expanding shows every line whole)."""
    if not lines:
        return _("No event this turn")
    return " · ".join(_("{label}: {text}", label=line.label, text=line.text) for line in lines)
