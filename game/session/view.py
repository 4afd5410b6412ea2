"""What one faction may see, as plain data: public tracks, its own private tracks and orders, never another's.

A `View` holds no game, rules or arrays: it is what a team's device receives (`to_json`) and
rebuilds (`View.from_json`). It never holds the faction's lookahead seed: splitmix64 can be
inverted, so that seed would give away the game's seed and every future draw. Checking orders,
previews and a bot's lookahead are the order desk's (`game.session.desk`), which stays with the game.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from game.engine.layout import FIRED, Status
from game.session.briefing import Briefing, briefing
from game.session.facilitation import Intervention, InterventionFormatError, of_turn
from game.session.orders import Order
from game.session.proposals import Proposal
from game.session.report import EventInfo, TurnReport
from game.session.report_json import event_from_json, event_to_json, report_from_json, report_to_json
from game.session.scoring import ScoreLine, score_breakdown, score_rank

if TYPE_CHECKING:
    from game.rules.compiled import Rules
    from game.session.game import Game

STATUS_WORDS = {Status.RUNNING: "running", Status.FINISHED: "finished", Status.WAR: "war"}


class ViewFormatError(ValueError):
    """A view document that is not the shape `View.to_json` writes; the message names the part."""


@dataclass(frozen=True)
class View:
    """A faction's view of a game. Bots, the hot-seat screens and a team's device read only this."""

    faction: str
    turn: int
    n_turns: int
    label: str
    status: str  # running, finished or war
    over: bool
    event: EventInfo | None  # the turn's event, revealed at the briefing
    tracks: dict[str, float]  # only the tracks this faction may see
    counters: dict[str, int]  # how often each event has fired (public; with turn, status and event: the kernel's ints)
    own_orders: tuple[Order, ...]
    committed: frozenset[str]  # who has committed (not what they ordered)
    seats: dict[str, str]  # faction -> "human" or its bot's seat spec (public)
    partner_orders: dict[str, dict[str, str | None]]  # joint move -> partner -> target it ordered it with
    history: tuple[TurnReport, ...]  # resolved turns are public
    bot_seed: int  # a per-faction, per-turn seed for a bot's own choices; reveals nothing of the game's draws
    briefing: Briefing  # the turn's event and what it will do, what comes next, a change of government
    scores: dict[str, float]  # every faction's score now (scores are public)
    score_breakdown: dict[str, tuple[ScoreLine, ...]]  # faction -> its scoring terms' values and points
    rank: dict[str, str]  # faction -> "1st", "2nd", "tied 1st", ...
    interventions: tuple[Intervention, ...] = ()  # the facilitator's actions so far this turn (public)
    proposals: tuple[Proposal, ...] = ()  # this turn's joint-move proposals this faction is party to (never public)

    @property
    def public(self) -> bool:
        """The view everyone may see (a projector's, a facilitator's): no faction, no orders."""
        return self.faction == ""

    def to_json(self, history: bool = True) -> dict:
        """The view as JSON types only, keys in a fixed order; without `history`, the resolved turns' reports are
        left out (a classroom sends each report once, not with every update)."""
        doc = {
            "faction": self.faction,
            "turn": self.turn,
            "n_turns": self.n_turns,
            "label": self.label,
            "status": self.status,
            "over": self.over,
            "event": event_to_json(self.event),
            "tracks": dict(self.tracks),
            "counters": dict(self.counters),
            "own_orders": [str(o) for o in self.own_orders],
            "committed": sorted(self.committed),
            "seats": dict(self.seats),
            "partner_orders": {m: dict(p) for m, p in self.partner_orders.items()},
            "history": [report_to_json(r) for r in self.history] if history else None,
            "bot_seed": self.bot_seed,
            "briefing": self.briefing.to_json(),
            "scores": dict(self.scores),
            "score_breakdown": {f: [line.to_json() for line in lines] for f, lines in self.score_breakdown.items()},
            "rank": dict(self.rank),
            "interventions": [i.to_json() for i in self.interventions],
            "proposals": [p.to_json() for p in self.proposals],
        }
        if not history:
            del doc["history"]
        return doc

    @classmethod
    def from_json(cls, doc: dict) -> "View":
        """The View `to_json` wrote; raises ViewFormatError naming a missing, unknown or malformed key."""
        if not isinstance(doc, dict):
            raise ViewFormatError(f"a view is a JSON object, not {type(doc).__name__}")
        names = [f.name for f in fields(cls)]
        missing = [n for n in names if n not in doc]
        unknown = [k for k in doc if k not in names]
        if missing or unknown:
            raise ViewFormatError("view: " + "; ".join(
                ([f"missing {', '.join(map(repr, missing))}"] if missing else [])
                + ([f"unknown {', '.join(map(repr, unknown))}"] if unknown else [])))
        if doc["status"] not in STATUS_WORDS.values():
            raise ViewFormatError(f"view: status {doc['status']!r} is not one of {', '.join(STATUS_WORDS.values())}")
        try:
            return cls(
                str(doc["faction"]), int(doc["turn"]), int(doc["n_turns"]), str(doc["label"]), doc["status"],
                bool(doc["over"]), event_from_json(doc["event"], "view: event"),
                {str(t): float(v) for t, v in doc["tracks"].items()},
                {str(e): int(n) for e, n in doc["counters"].items()},
                tuple(Order.parse(str(o)) for o in doc["own_orders"]), frozenset(str(f) for f in doc["committed"]),
                {str(f): str(s) for f, s in doc["seats"].items()},
                {str(m): {str(p): (None if t is None else str(t)) for p, t in by.items()}
                 for m, by in doc["partner_orders"].items()},
                tuple(report_from_json(r, f"view: history[{k}]") for k, r in enumerate(doc["history"])),
                int(doc["bot_seed"]),
                Briefing.from_json(doc["briefing"]),
                {str(f): float(v) for f, v in doc["scores"].items()},
                {str(f): tuple(ScoreLine.from_json(line) for line in lines)
                 for f, lines in doc["score_breakdown"].items()},
                {str(f): str(r) for f, r in doc["rank"].items()},
                tuple(Intervention.from_json(item, f"view: interventions[{k}]")
                      for k, item in enumerate(doc["interventions"])),
                tuple(Proposal.from_json(item, f"view: proposals[{k}]") for k, item in enumerate(doc["proposals"])),
            )
        except InterventionFormatError as exc:
            raise ViewFormatError(str(exc)) from None
        except (AttributeError, TypeError, KeyError, ValueError) as exc:
            raise ViewFormatError(f"view: a value has the wrong type ({exc})") from None


def visible(track_id: str, public: bool, faction: str) -> bool:
    """A private track `<faction>.…` is visible only to that faction."""
    return public or track_id.startswith(faction + ".")


def partner_orders(rules: "Rules", pending: dict[str, list[Order]], faction: str) -> dict[str, dict[str, str | None]]:
    """For each joint move of `faction`: which of its partners have it among their pending orders, with the target.

    Allies see each other's orders of the joint moves they share, nothing else; a faction that is
    no partner of a joint move never sees it.
    """
    shared = {}
    for move in rules.moves_of(faction):
        if len(move.partners) < 2:
            continue
        shared[move.id] = {p: o.target for p in move.partners if p != faction
                           for o in pending.get(p, ()) if o.move == move.id}
    return shared


def _copy(report: TurnReport) -> TurnReport:
    """A report whose dicts are the view's own (front ends add bot reasons to the game's after resolving)."""
    return replace(report, orders=dict(report.orders), bot_reasons=dict(report.bot_reasons))


def make_view(game: "Game", faction: str) -> View:
    """`faction`'s view, or with faction "" the public one (public tracks only, no orders, no bot seed)."""
    rules = game.rules
    x, ints = game.state.x[0], game.state.ints[0]
    public = faction == ""
    tracks = {t.id: float(v) for t, v in zip(rules.tracks, x) if visible(t.id, t.public, faction)}
    counters = {ev.id: int(ints[FIRED + k]) for k, ev in enumerate(rules.events)}
    scores = game.scores()
    digest = hashlib.sha256(f"bot|{game.seed}|{faction}|{game.turn}".encode()).digest()
    return View(faction, game.turn, rules.n_turns, rules.turn_label(min(game.turn, rules.n_turns)),
                STATUS_WORDS[game.status], game.is_over, game.event, tracks, counters,
                () if public else tuple(game.pending[faction]), frozenset(game.committed), dict(game.seats),
                {} if public else partner_orders(rules, game.pending, faction),
                tuple(_copy(r) for r in game.reports()), 0 if public else int.from_bytes(digest[:8], "little") >> 1,
                briefing(game), scores, {f: tuple(lines) for f, lines in score_breakdown(game).items()},
                score_rank(scores), of_turn(game.interventions, game.turn),
                () if public else game.negotiation.of(faction))
