"""What a resolved turn did: every track change with its causes, decoded from the kernel's record, and its headlines."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.engine.layout import Cause as Kind
from game.i18n import _, content
from game.rules.compiled import Rules
from game.session.facilitation import Intervention
from game.session.orders import Order
from game.session.proposal_words import proposal_text
from game.session.proposals import Proposal, Standing
from game.session.words import action_name, event_name, faction_name, from_to, listed, move_name, names_list, signed, \
    track_name

CORE_GROUPS = ("core", "influence", "tension")  # the tracks a headline may name (TrackInfo.group)
MAJOR = 0.5  # a change at least this big is shown on its own; smaller ones fold into one line
HEADLINE_CHANGES = (5, 8)  # the summary names at least 5 (when they moved) and at most 8 core changes


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
class SummaryItem:
    """One headline of a turn: kind is facilitator, event, crisis, government, milestone, war, joint, proposal,
    change or score (joint: a joint move done, agreed or failed; proposal: one that did not end in an agreement)."""

    kind: str
    text: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Folded:
    """The changes too small to show one by one: how many, and how much they moved in all."""

    count: int
    total: float  # sum of |delta|


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
    summary: tuple[SummaryItem, ...] = ()
    scores_before: dict[str, float] = field(default_factory=dict)
    scores_after: dict[str, float] = field(default_factory=dict)
    interventions: tuple[Intervention, ...] = ()  # the facilitator's actions during the turn
    negotiation: tuple[Proposal, ...] = ()  # the turn's proposals as they stood when it resolved (public from then)

    def change(self, track: str) -> TrackChange | None:
        return next((c for c in self.changes if c.track == track), None)

    def split_changes(self, threshold: float = MAJOR) -> tuple[tuple[TrackChange, ...], Folded]:
        """(changes with |delta| >= threshold, the rest folded into a count and total) for a compact list."""
        major = tuple(c for c in self.changes if abs(c.delta) >= threshold)
        rest = [c for c in self.changes if abs(c.delta) < threshold]
        return major, Folded(len(rest), sum(abs(c.delta) for c in rest))

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
            "summary": [item.to_json() for item in self.summary],
            "scores_before": dict(self.scores_before),
            "scores_after": dict(self.scores_after),
            "interventions": [i.words for i in self.interventions],
            "negotiation": [p.to_json() for p in self.negotiation],
        }


def event_info(rules: Rules, index: int) -> EventInfo:
    ev = rules.events[index]
    return EventInfo(ev.id, event_name(rules, ev.id), content.name(rules, ev.id, "text") if ev.text else ev.text,
                     tuple(ev.sources))


def effect_cause(rules: Rules, ref: int) -> str:
    """The name of what made effect row `ref`: its move's, event's or standing rule's, in the current language."""
    return content.name(rules, rules.effects[ref].owner_id)


def effect_note(rules: Rules, ref: int) -> str:
    """Effect row `ref`'s note in the current language ("" without one): `effects.N.note` of its item."""
    eff = rules.effects[ref]
    if not eff.note:
        return ""
    first = next(k for k, e in enumerate(rules.effects) if (e.owner_kind, e.owner_id) == (eff.owner_kind, eff.owner_id))
    owner = {"move": rules.moves, "event": rules.events, "rule": rules.standing_rules}[eff.owner_kind]
    item = next((i for i in owner if i.id == eff.owner_id), None)
    if item is None or not item.effects:
        return eff.note
    return content.name(rules, eff.owner_id, f"effects.{(ref - first) % len(item.effects)}.note")


def owned_by(cause: str, faction: str) -> str:
    """`Press Japan on defense (United States)`: a cause with the faction (or partners) it came from."""
    return _("{cause} ({faction})", cause=cause, faction=faction)


def announcement(rules: Rules, track: str, k: int) -> str:
    """The track's k-th announcement (a headline for reaching a value) in the current language."""
    return content.name(rules, track, f"announce.{k}.text")


_KIND_WORD = {Kind.ORDER: "order", Kind.COST: "cost", Kind.EVENT: "event", Kind.RULE: "rule",
              Kind.TRIGGER: "trigger", Kind.LIMIT: "limit", Kind.DERIVED: "derived"}


def build_report(rules: Rules, turn: int, event: int, orders: dict[str, tuple[Order, ...]],
                 before: np.ndarray, after: np.ndarray, entries: np.ndarray, amounts: np.ndarray,
                 scores: tuple[dict[str, float], dict[str, float]] = ({}, {}),
                 interventions: tuple[Intervention, ...] = (), negotiation: tuple[Proposal, ...] = ()) -> TurnReport:
    """Decode the kernel's explanation entries into a TurnReport; `scores` are each faction's before and after,
    `interventions` the facilitator's actions during the turn (headlined first), `negotiation` its proposals."""
    orders_by_index = {rules.faction_index[f]: {rules.action_index[(o.move, o.target)] for o in items}
                       for f, items in orders.items()}
    causes: dict[int, list[Cause]] = {}
    notes: list[str] = []
    triggered: list[EventInfo] = []
    war = False
    unmatched: dict[int, set[str]] = {}  # joint action -> the partners who ordered it alone
    ended: list[str] = []
    for (kind, ref, fidx, track), amount in zip(entries.tolist(), amounts.tolist()):
        kind = Kind(kind)
        faction = rules.factions[fidx].id if fidx >= 0 else None
        fname = faction_name(rules, faction) if faction else ""
        if kind == Kind.FIRED:
            if ref != event:
                triggered.append(event_info(rules, ref))
            continue
        if kind == Kind.MISSED:
            eff = rules.effects[ref]
            name = track_name(rules, eff.track) if eff.track else _("the game")
            notes.append(_("{cause}: the roll failed ({chance} chance), no effect on {track}",
                           cause=effect_cause(rules, ref), chance=f"{eff.chance:.0%}", track=name))
            continue
        if kind == Kind.UNMATCHED:
            action = rules.actions[ref]
            ordered = {rules.factions[f].id for f in range(len(rules.factions)) if (ref in orders_by_index.get(f, ()))}
            missing = listed(faction_name(rules, p) for p in action.move.partners if p not in ordered)
            notes.append(_("{move}: {faction} ordered it but {missing} did not; a joint move needs every partner the "
                           "same turn, so it had no effect", move=move_name(rules, action.move.id), faction=fname,
                           missing=missing))
            unmatched.setdefault(ref, set()).add(fname)
            continue
        if kind == Kind.END:
            war = True
            notes.append(_("{cause}: the game ends in war; every faction loses", cause=effect_cause(rules, ref)))
            ended.append(effect_cause(rules, ref))
            continue
        if kind == Kind.COST:
            action = rules.actions[ref]
            cause = Cause(_("{move} (cost)", move=move_name(rules, action.move.id)), amount, tuple(action.move.sources),
                          "cost", faction)
        elif kind in (Kind.LIMIT, Kind.DERIVED):
            word = _("held at the track's limit") if kind == Kind.LIMIT else _("derived from other tracks")
            cause = Cause(word, amount, (), _KIND_WORD[kind])
        else:
            eff = rules.effects[ref]
            if eff.owner_kind == "move":
                partners = rules.moves[rules.move_index[eff.owner_id]].partners
                fname = " + ".join(faction_name(rules, p) for p in partners)
            label = owned_by(effect_cause(rules, ref), fname) if faction else effect_cause(rules, ref)
            if eff.note:
                label = _("{cause}: {note}", cause=label, note=effect_note(rules, ref))
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
            changes.append(TrackChange(info.id, track_name(rules, info.id), float(before[t]), float(after[t]), tuple(causes.get(t, ()))))
    ev = event_info(rules, event) if event >= 0 else None
    summary = build_summary(rules, ev, orders, tuple(changes), tuple(triggered), unmatched, ended, scores,
                            tuple(negotiation))
    summary = tuple(SummaryItem("facilitator", i.words) for i in interventions) + summary
    return TurnReport(turn, rules.turn_label(turn), ev, orders, tuple(changes), tuple(triggered), tuple(notes), war,
                      summary=summary, scores_before=dict(scores[0]), scores_after=dict(scores[1]),
                      interventions=tuple(interventions), negotiation=tuple(negotiation))


def build_summary(rules: Rules, event: EventInfo | None, orders: dict[str, tuple[Order, ...]],
                  changes: tuple[TrackChange, ...], triggered: tuple[EventInfo, ...], unmatched: dict[int, set[str]],
                  ended: list[str], scores: tuple[dict[str, float], dict[str, float]],
                  negotiation: tuple[Proposal, ...] = ()) -> tuple[SummaryItem, ...]:
    """The turn's headlines in plain words: event, crises, announcements, war, joint moves (an agreed one says so),
    the proposals that did not end in an agreement, big changes, scores.

    A triggered event is headlined as a crisis only when the content flags it `crisis: true`; any other
    (a CPTPP accession) is headlined as an event."""
    items: list[SummaryItem] = []
    if event is not None:
        items.append(SummaryItem("event", _("Event: {event}", event=event.name)))
    for ev in triggered:
        crisis = rules.is_crisis(ev.id)
        items.append(SummaryItem("crisis" if crisis else "event", _("Crisis: {event}", event=ev.name) if crisis
                                 else _("Event: {event}", event=ev.name)))
    by_track = {c.track: c for c in changes}
    for info in rules.tracks:
        change = by_track.get(info.id)
        for k, a in enumerate(info.announce):
            if change is not None and change.before != a.becomes and change.after == a.becomes:
                items.append(SummaryItem(a.kind, announcement(rules, info.id, k)))
    for cause in ended:
        items.append(SummaryItem("war", _("War: {cause} ends the game, and every faction loses", cause=cause)))
    items += _joint_items(rules, orders, unmatched, negotiation)
    items += [SummaryItem("proposal", proposal_text(rules, p, negotiation)) for p in negotiation
              if p.standing != Standing.ACCEPTED]
    budgets = {f.budget_track for f in rules.factions}  # each turn's income is routine, not news
    core = [c for c in changes if rules.tracks[rules.track_index[c.track]].group in CORE_GROUPS
            and c.track not in budgets and abs(c.delta) >= 0.05]
    core.sort(key=lambda c: -abs(c.delta))
    low, high = HEADLINE_CHANGES
    shown = [c for k, c in enumerate(core[:high]) if k < low or abs(c.delta) >= MAJOR]
    for c in shown:
        items.append(SummaryItem("change", change_text(c)))
    before, after = scores
    for f in rules.factions:
        if f.id in before and f.id in after:
            items.append(SummaryItem("score", _("{faction} score {change}", faction=faction_name(rules, f.id),
                                                change=from_to(before[f.id], after[f.id]))))
    return tuple(items)


def _joint_items(rules: Rules, orders: dict[str, tuple[Order, ...]], unmatched: dict[int, set[str]],
                 negotiation: tuple[Proposal, ...] = ()) -> list[SummaryItem]:
    """A line per joint move ordered this turn: agreed or done when every partner ordered it, else who did and who
    did not."""
    agreed = {rules.action_index[(p.order.move, p.order.target)]: p for p in negotiation
              if p.standing == Standing.ACCEPTED}
    items = []
    seen: set[int] = set()
    for faction, items_of in orders.items():
        for order in items_of:
            action = rules.action_index[(order.move, order.target)]
            move = rules.actions[action].move
            if len(move.partners) < 2 or action in seen:
                continue
            seen.add(action)
            partners = [faction_name(rules, p) for p in move.partners]
            if action in unmatched:
                alone = sorted(unmatched[action])
                missing = [p for p in partners if p not in alone]
                items.append(SummaryItem("joint", _("Joint move failed: {move} — {alone} ordered it, {missing} did not",
                                                    move=action_name(rules, action), alone=names_list(alone),
                                                    missing=names_list(missing))))
            elif action in agreed:
                items.append(SummaryItem("joint", proposal_text(rules, agreed[action], negotiation)))
            else:
                items.append(SummaryItem("joint", _("Joint move done: {move} ({partners})",
                                                    move=action_name(rules, action), partners=names_list(partners))))
    return items


def change_text(change: TrackChange, causes: int = 2) -> str:
    """`Alliance strength 52 → 55 (+3): mainly Joint exercises (United States + Japan) +2, ...`."""
    text = _("{track} {change}", track=change.name, change=from_to(change.before, change.after))
    main = sorted((c for c in change.causes if abs(c.amount) >= 0.05), key=lambda c: -abs(c.amount))[:causes]
    if main:
        text = _("{change}: mainly {causes}", change=text,
                 causes=listed(_("{cause} {amount}", cause=c.cause, amount=signed(c.amount)) for c in main))
    return text
