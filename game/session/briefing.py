"""The briefing at the start of a turn: the event revealed, what it will do, what is scheduled next, news from Tokyo."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.layout import Status
from game.rules.schema import AddEffect, EndGameEffect, SetEffect
from game.session.game import Game
from game.session.report import EventInfo, event_info
from game.session.words import number


@dataclass(frozen=True)
class Upcoming:
    """The event scheduled for a later turn."""

    turn: int
    label: str
    event: EventInfo

    @property
    def text(self) -> str:
        return f"Next turn ({self.label}): {self.event.name}"

    def to_json(self) -> dict:
        return {"turn": self.turn, "label": self.label, "event": self.event.to_json(), "text": self.text}

    @classmethod
    def from_json(cls, raw: dict) -> "Upcoming":
        return cls(int(raw["turn"]), str(raw["label"]), _event_from_json(raw["event"]))


@dataclass(frozen=True)
class Briefing:
    """What every faction learns before ordering: the turn's event and its effect in words, what comes next."""

    turn: int
    label: str
    event: EventInfo | None
    effect: str  # what the event will do, in plain words ("" without an event)
    upcoming: Upcoming | None
    banner: str | None  # a change of government announced in the last resolved turn

    def to_json(self) -> dict:
        return {"turn": self.turn, "label": self.label, "event": self.event.to_json() if self.event else None,
                "effect": self.effect, "upcoming": self.upcoming.to_json() if self.upcoming else None,
                "banner": self.banner}

    @classmethod
    def from_json(cls, raw: dict) -> "Briefing":
        return cls(int(raw["turn"]), str(raw["label"]), _event_from_json(raw["event"]) if raw.get("event") else None,
                   str(raw.get("effect", "")), Upcoming.from_json(raw["upcoming"]) if raw.get("upcoming") else None,
                   raw.get("banner"))


def _event_from_json(raw: dict) -> EventInfo:
    return EventInfo(str(raw["id"]), str(raw["name"]), str(raw.get("text", "")), tuple(raw.get("sources", ())))


def briefing(game: Game) -> Briefing:
    """The briefing for the game's current turn (no event, nothing upcoming once the game is over)."""
    rules = game.rules
    index = game.state.event()
    event = event_info(rules, index) if index >= 0 else None
    effect = effect_text(game, index) if index >= 0 else ""
    upcoming = None
    nxt = game.turn + 1
    if game.status == Status.RUNNING and nxt <= rules.n_turns and rules.tables.sched[nxt] >= 0:
        upcoming = Upcoming(nxt, rules.turn_label(nxt), event_info(rules, int(rules.tables.sched[nxt])))
    banner = None
    if game.history:
        news = [item.text for item in game.history[-1].report.summary if item.kind == "government"]
        banner = "; ".join(news) or None
    return Briefing(game.turn, rules.turn_label(game.turn), event, effect, upcoming, banner)


def effect_text(game: Game, index: int) -> str:
    """What event `index` will do, effect by effect, with track names; amounts that depend on the state are
    given on today's values (the event applies after this turn's orders)."""
    rules, tables = game.rules, game.rules.tables
    parts = []
    lo = int(tables.ev_eff_lo[index])
    for k, eff in enumerate(rules.events[index].effects):
        row = lo + k
        if isinstance(eff, EndGameEffect):
            text = "can end the game in war"
        else:
            track = rules.tracks[int(tables.eff_track[row])]
            fixed = isinstance(eff.add if isinstance(eff, AddEffect) else eff.set, (int, float))
            value = game.engine.value(game.state, int(tables.eff_amount[row]))
            today = "" if fixed else " on today's values"
            if isinstance(eff, SetEffect):
                now = game.track(track.id)
                if fixed or value != now:
                    text = f"sets {track.name} to {number(value)}{today}" + ("" if fixed else f" (now {number(now)})")
                else:
                    text = f"may change {track.name} (no change on today's values)"
            elif value == 0:
                text = f"may change {track.name} (no change on today's values)"
            else:
                text = f"{'raises' if value > 0 else 'lowers'} {track.name} by {number(abs(value))}{today}"
        when = int(tables.eff_when[row])
        if when >= 0:
            holds = game.engine.value(game.state, when) != 0.0
            text += f" if its condition holds (it {'does' if holds else 'does not'} now)"
        if eff.chance < 1:
            text = f"with a {eff.chance:.0%} chance, {text}"
        parts.append(text)
    return "; ".join(parts)
