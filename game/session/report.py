"""What a resolved turn did: every track change with its causes, decoded from the kernel's record."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.engine.layout import Cause as Kind
from game.rules.compiled import Rules
from game.session.orders import Order


@dataclass(frozen=True)
class Cause:
    """One contribution to a track's change."""

    cause: str  # e.g. "Press Japan on defense (United States)"
    amount: float
    sources: tuple[str, ...]
    kind: str  # order, cost, event, rule, trigger, limit, derived
    faction: str | None = None

    def to_json(self) -> dict:
        return {"cause": self.cause, "amount": round(self.amount, 6), "sources": list(self.sources), "kind": self.kind,
                "faction": self.faction}


@dataclass(frozen=True)
class TrackChange:
    track: str
    name: str
    before: float
    after: float
    causes: tuple[Cause, ...]

    @property
    def delta(self) -> float:
        return self.after - self.before

    def to_json(self) -> dict:
        return {"track": self.track, "before": self.before, "after": self.after, "delta": round(self.delta, 6),
                "causes": [c.to_json() for c in self.causes]}


@dataclass(frozen=True)
class EventInfo:
    id: str
    name: str
    text: str
    sources: tuple[str, ...]

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "text": self.text, "sources": list(self.sources)}


@dataclass(frozen=True)
class TurnReport:
    """The report of one resolved turn."""

    turn: int
    label: str
    event: EventInfo | None
    orders: dict[str, tuple[Order, ...]]
    changes: tuple[TrackChange, ...]
    triggered: tuple[EventInfo, ...] = ()
    notes: tuple[str, ...] = ()  # failed chances, unmatched joint moves
    war: bool = False
    bot_reasons: dict[str, str] = field(default_factory=dict)

    def change(self, track: str) -> TrackChange | None:
        return next((c for c in self.changes if c.track == track), None)

    def to_json(self) -> dict:
        return {
            "turn": self.turn,
            "label": self.label,
            "event": self.event.to_json() if self.event else None,
            "triggered": [e.to_json() for e in self.triggered],
            "orders": {f: [str(o) for o in orders] for f, orders in self.orders.items()},
            "changes": [c.to_json() for c in self.changes],
            "notes": list(self.notes),
            "war": self.war,
            "bot_reasons": dict(self.bot_reasons),
        }


def event_info(rules: Rules, index: int) -> EventInfo:
    ev = rules.events[index]
    return EventInfo(ev.id, ev.name, ev.text, tuple(ev.sources))


_KIND_WORD = {Kind.ORDER: "order", Kind.COST: "cost", Kind.EVENT: "event", Kind.RULE: "rule",
              Kind.TRIGGER: "trigger", Kind.LIMIT: "limit", Kind.DERIVED: "derived"}


def build_report(rules: Rules, turn: int, event: int, orders: dict[str, tuple[Order, ...]],
                 before: np.ndarray, after: np.ndarray, entries: np.ndarray, amounts: np.ndarray) -> TurnReport:
    """Decode the kernel's explanation entries into a TurnReport."""
    orders_by_index = {rules.faction_index[f]: {rules.action_index[(o.move, o.target)] for o in items}
                       for f, items in orders.items()}
    causes: dict[int, list[Cause]] = {}
    notes: list[str] = []
    triggered: list[EventInfo] = []
    war = False
    for (kind, ref, fidx, track), amount in zip(entries.tolist(), amounts.tolist()):
        kind = Kind(kind)
        faction = rules.factions[fidx].id if fidx >= 0 else None
        fname = rules.factions[fidx].name if fidx >= 0 else ""
        if kind == Kind.FIRED:
            if ref != event:
                triggered.append(event_info(rules, ref))
            continue
        if kind == Kind.MISSED:
            eff = rules.effects[ref]
            notes.append(f"{eff.cause}: the roll failed ({eff.chance:.0%} chance), no effect on {eff.track}")
            continue
        if kind == Kind.UNMATCHED:
            action = rules.actions[ref]
            ordered = {rules.factions[f].id for f in range(len(rules.factions)) if (ref in orders_by_index.get(f, ()))}
            missing = ", ".join(rules.factions[rules.faction_index[p]].name for p in action.move.partners
                                if p not in ordered)
            notes.append(f"{action.move.name}: {fname} ordered it but {missing} did not; a joint move needs every "
                         "partner the same turn, so it had no effect")
            continue
        if kind == Kind.END:
            war = True
            notes.append(f"{rules.effects[ref].cause}: the game ends in war; every faction loses")
            continue
        if kind == Kind.COST:
            action = rules.actions[ref]
            cause = Cause(f"{action.move.name} (cost)", amount, tuple(action.move.sources), "cost", faction)
        elif kind in (Kind.LIMIT, Kind.DERIVED):
            word = "held at the track's limit" if kind == Kind.LIMIT else "derived from other tracks"
            cause = Cause(word, amount, (), _KIND_WORD[kind])
        else:
            eff = rules.effects[ref]
            if eff.owner_kind == "move":
                partners = rules.moves[rules.move_index[eff.owner_id]].partners
                fname = " + ".join(rules.factions[rules.faction_index[p]].name for p in partners)
            label = f"{eff.cause} ({fname})" if faction else eff.cause
            if eff.note:
                label += f": {eff.note}"
            cause = Cause(label, amount, eff.sources, _KIND_WORD[kind], faction)
        merged = causes.setdefault(track, [])
        same = next((k for k, c in enumerate(merged) if (c.cause, c.kind, c.faction, c.sources)
                     == (cause.cause, cause.kind, cause.faction, cause.sources)), None)
        if same is None:
            merged.append(cause)
        else:  # one line per cause: e.g. a derived track recomputed after several phases
            old = merged[same]
            merged[same] = Cause(old.cause, old.amount + cause.amount, old.sources, old.kind, old.faction)
    changes = []
    for t, info in enumerate(rules.tracks):
        if before[t] != after[t] or (t in causes and any(c.amount for c in causes[t])):
            changes.append(TrackChange(info.id, info.name, float(before[t]), float(after[t]), tuple(causes.get(t, ()))))
    return TurnReport(turn, rules.turn_label(turn), event_info(rules, event) if event >= 0 else None, orders,
                      tuple(changes), tuple(triggered), tuple(notes), war)
