"""The briefing at the start of a turn: the event revealed, what it will do, what is scheduled next, news from Tokyo."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.layout import Status
from game.i18n import _
from game.rules.expressions import holds
from game.rules.schema import AddEffect, EndGameEffect, SetEffect
from game.session.game import Game
from game.session.report import EventInfo, event_info
from game.session.words import clauses, number, track_name


@dataclass(frozen=True)
class Upcoming:
    """The event scheduled for a later turn."""

    turn: int
    label: str
    event: EventInfo

    @property
    def text(self) -> str:
        return _("Next turn ({turn}): {event}", turn=self.label, event=self.event.name)

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
        banner = clauses(news) or None
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
            text = _("can end the game in war")
        else:
            track = rules.tracks[int(tables.eff_track[row])]
            name = track_name(rules, track.id)
            fixed = isinstance(eff.add if isinstance(eff, AddEffect) else eff.set, (int, float))
            value = game.engine.value(game.state, int(tables.eff_amount[row]))
            if isinstance(eff, SetEffect):
                now = game.track(track.id)
                if fixed:
                    text = _("sets {track} to {value}", track=name, value=number(value))
                elif value != now:
                    text = _("sets {track} to {value} on today's values (now {now})", track=name, value=number(value),
                             now=number(now))
                else:
                    text = _("may change {track} (no change on today's values)", track=name)
            elif value == 0:
                text = _("may change {track} (no change on today's values)", track=name)
            elif value > 0:
                text = _("raises {track} by {amount}", track=name, amount=number(abs(value))) if fixed else \
                    _("raises {track} by {amount} on today's values", track=name, amount=number(abs(value)))
            else:
                text = _("lowers {track} by {amount}", track=name, amount=number(abs(value))) if fixed else \
                    _("lowers {track} by {amount} on today's values", track=name, amount=number(abs(value)))
        when = int(tables.eff_when[row])
        if when >= 0:
            if holds(game.engine.value(game.state, when)):  # NaN never holds, as in the kernel
                text = _("{effect} if its condition holds (it does now)", effect=text)
            else:
                text = _("{effect} if its condition holds (it does not now)", effect=text)
        if eff.chance < 1:
            text = _("with a {chance} chance, {effect}", chance=f"{eff.chance:.0%}", effect=text)
        parts.append(text)
    return clauses(parts)
