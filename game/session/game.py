"""One game: seats, secret orders, resolution, history, explanations, scores.

This is the only way the UI, bots, CLI and tests touch a game. A refused request raises a typed
error and leaves the game exactly as it was — also for an argument of the wrong type (None, a number or a
dict for an order, a list for a faction): IllegalOrderError for factions and orders, InterventionError for
the facilitator's requests, ArgumentError (a ValueError) for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from game.engine.layout import EVENT, Status
from game.i18n import _
from game.engine.state import BatchState, SingleGame, empty_orders, new_state
from game.rules.compiled import Rules
from game.scenarios import load_rules
from game.rules.problems import did_you_mean
from game.session import checks, faults
from game.session.facilitation import Intervention, InterventionError, clean_reason, of_turn, undo_later
from game.session.orders import IllegalOrderError, Order, Reason, SessionError
from game.session.proposals import Answer, Negotiation, Proposal, Standing
from game.session.report import TurnReport, build_report, event_info
from game.session.words import faction_name, order_name, standing_word, track_name

HUMAN = "human"
SHOWN = 60  # characters of a wrongly typed argument quoted in a refusal
REASON_CHARS = 2000  # characters of a bot's reason kept (a search bot's runs to a few hundred)


class ArgumentError(ValueError):
    """A request given an argument of the wrong type (a seed that is not a whole number, seats that are not a
    mapping); the message says what it should be."""


def _shown(value: object) -> str:
    """A wrongly typed argument in a refusal: its type and its start."""
    text = repr(value)
    text = text if len(text) <= SHOWN else text[:SHOWN] + "…"
    return f"{type(value).__name__} {text}" if value is not None else "None"


def _order_of(faction: str, order: object) -> Order:
    """`order` as an Order (a text is parsed); raises IllegalOrderError for anything that is neither."""
    if isinstance(order, str):
        return Order.parse(order)
    if isinstance(order, Order) and isinstance(order.move, str) and (order.target is None or
                                                                     isinstance(order.target, str)):
        return order
    raise IllegalOrderError(Reason.UNKNOWN_MOVE, "an order is an Order or a text such as 'us.trade_deal@vietnam' "
                            f"(move@target), not {_shown(order)}", faction if isinstance(faction, str) else None)


@dataclass(frozen=True)
class TurnRecord:
    """A resolved turn as history keeps it: the orders, the state after it and the state it was resolved from."""

    turn: int
    orders: dict[str, tuple[Order, ...]]
    x: np.ndarray
    ints: np.ndarray
    report: TurnReport
    x_before: np.ndarray | None = None  # the state when it was resolved (facilitator actions included): undo
    ints_before: np.ndarray | None = None
    seats: dict[str, str] | None = None  # who held each seat when it resolved (None: not known, an old save)
    negotiation: tuple[Proposal, ...] = ()  # the turn's proposals as they stood when it resolved


class Game:
    """A game of one scenario with a seed and seats (faction -> "human" or a bot name)."""

    def __init__(self, rules: Rules, seed: int, seats: dict[str, str] | None = None):
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
            raise ArgumentError(f"seed must be a whole number from 0 to 2**63 - 1, not {_shown(seed)}")
        if seats is not None and not isinstance(seats, dict):
            raise ArgumentError(f"seats are a mapping of faction id to seat (e.g. {{'us': 'random'}}), not "
                                f"{_shown(seats)}")
        if not 0 <= int(seed) < 2**63:
            raise ValueError(f"seed must be a whole number from 0 to 2**63 - 1, not {seed}")
        self.rules = rules
        self.seed = int(seed)
        self.seats = self._check_seats(seats or {})
        self.engine = SingleGame(rules)
        self.state: BatchState = new_state(rules, [self.seed])
        self.history: list[TurnRecord] = []
        self.pending: dict[str, list[Order]] = {f.id: [] for f in rules.factions}
        self.committed: set[str] = set()
        self.interventions: list[Intervention] = []  # every facilitator action, in order (game.session.facilitation)
        self.reasons: dict[str, str] = {}  # the bots' reasons for this turn's orders, into its report at resolution
        self.negotiation = Negotiation()  # this turn's joint-move proposals (game.session.proposals)
        self.provenance: str | None = None  # where the game came from, e.g. "branched from a.json at turn 3"

    @classmethod
    def new(cls, scenario: str | Path, seed: int = 0, seats: dict[str, str] | None = None) -> "Game":
        """A new game of a scenario given by id or path."""
        if not isinstance(scenario, (str, Path)):
            raise ArgumentError(f"a scenario is given by its id or the path to its file, not {_shown(scenario)}")
        return cls(load_rules(scenario), seed, seats)

    def _check_seats(self, seats: dict[str, str]) -> dict[str, str]:
        full = {f.id: self.rules.scenario.seats.get(f.id, HUMAN) for f in self.rules.factions}
        for faction, who in seats.items():
            self._faction(faction)
            if not isinstance(who, str):
                raise ArgumentError(f"the seat of {faction} is 'human' or a bot's name, not {_shown(who)}")
            full[faction] = who
        return full

    # ---- facts -----------------------------------------------------------------------------

    @property
    def factions(self) -> list[str]:
        return [f.id for f in self.rules.factions]

    @property
    def turn(self) -> int:
        return self.state.turn()

    @property
    def status(self) -> Status:
        return self.state.status()

    @property
    def is_over(self) -> bool:
        return self.status != Status.RUNNING

    @property
    def event(self):
        """The current turn's event (revealed at the briefing), or None."""
        index = self.state.event()
        return event_info(self.rules, index) if index >= 0 else None

    def track(self, track_id: str) -> float:
        """Current value of a track; raises KeyError naming the track if unknown."""
        if not isinstance(track_id, str):
            raise ArgumentError(f"a track is given by its id, a text such as 'alliance', not {_shown(track_id)}")
        if track_id not in self.rules.track_index:
            raise KeyError(f"unknown track {track_id!r}")
        return float(self.state.x[0, self.rules.track_index[track_id]])

    def tracks(self) -> dict[str, float]:
        return {t.id: float(v) for t, v in zip(self.rules.tracks, self.state.x[0])}

    def scores(self) -> dict[str, float]:
        """Each faction's score on the current state."""
        values = self.engine.scores(self.state)
        return {f.id: float(v) for f, v in zip(self.rules.factions, values)}

    def winner(self) -> str | None:
        """The faction with the highest score once the game has finished; None while running or after a war."""
        if self.status != Status.FINISHED:
            return None
        scores = self.scores()
        return max(scores, key=lambda f: scores[f])

    def reports(self) -> list[TurnReport]:
        return [r.report for r in self.history]

    def view(self, faction: str):
        """What `faction` may see (game.session.view.View)."""
        from game.session.view import make_view

        self._faction(faction)
        return make_view(self, faction)

    def public_view(self):
        """What everyone may see (a View with faction ""): public tracks, who has committed, never any orders."""
        from game.session.view import make_view

        return make_view(self, "")

    # ---- orders ----------------------------------------------------------------------------

    def _faction(self, faction: str) -> int:
        if not isinstance(faction, str):
            raise IllegalOrderError(Reason.UNKNOWN_FACTION, "a faction is given by its id, a text such as "
                                    f"{self.factions[0]!r}, not {_shown(faction)}")
        refused = checks.faction_refusal(self.rules, faction)
        if refused is not None:
            raise IllegalOrderError(refused.reason, refused.message, faction)
        return self.rules.faction_index[faction]

    def _name(self, faction: str) -> str:
        return self.rules.factions[self._faction(faction)].name

    def _slots(self, faction: str) -> np.ndarray:
        return checks.slots_of(self.rules, self.pending[faction])

    def check(self, faction: str, order: Order) -> None:
        """Raise IllegalOrderError with the reason if `order` cannot be added to the faction's orders now."""
        name = self._name(faction)
        order = _order_of(faction, order)
        refused = checks.refusal(self.rules, self.engine, self.state.x[0], self.state.ints[0], self._slots(faction),
                                 faction, order, faction in self.committed)
        if refused is not None:
            raise IllegalOrderError(refused.reason, f"{name}: {refused.message}", faction, order)

    def legal_orders(self, faction: str) -> list[Order]:
        """Every order the faction could add to its current orders."""
        self._faction(faction)
        return checks.legal_orders(self.rules, self.engine, self.state.x[0], self.state.ints[0], self._slots(faction),
                                   faction, faction in self.committed)

    def desk(self, faction: str):
        """The faction's order desk (game.session.desk.OrderDesk): checks, previews and a bot's lookahead on copies."""
        from game.session.desk import make_desk

        self._faction(faction)
        return make_desk(self, faction)

    def submit(self, faction: str, order: Order | str) -> None:
        """Add an order to the faction's (secret) orders; raises IllegalOrderError, changing nothing."""
        self._faction(faction)
        order = _order_of(faction, order)
        self.check(faction, order)
        self.pending[faction].append(order)

    def undo(self, faction: str) -> Order:
        """Take back the faction's last uncommitted order."""
        name = self._name(faction)
        if self.is_over:
            raise IllegalOrderError(Reason.GAME_OVER, f"{name}: the game is over", faction)
        if faction in self.committed:
            raise IllegalOrderError(Reason.PHASE, f"{name}: orders are already committed", faction)
        if not self.pending[faction]:
            raise IllegalOrderError(Reason.NOTHING_TO_UNDO, f"{name}: no order to undo", faction)
        held = self.negotiation.holding(faction, self.pending[faction][-1])
        if held is not None:
            raise IllegalOrderError(Reason.HELD, self._held_words(faction, held), faction, held.order)
        return self.pending[faction].pop()

    def commit(self, faction: str) -> None:
        """Lock the faction's orders for this turn; a proposal it has not answered lapses."""
        name = self._name(faction)
        if self.is_over:
            raise IllegalOrderError(Reason.GAME_OVER, f"{name}: the game is over", faction)
        for proposal in self.negotiation.open_to(faction):
            if faction not in proposal.accepted:
                self._close(proposal, Standing.LAPSED, faction)
        self.committed.add(faction)

    def note_reasons(self, faction: str, reason: str) -> None:
        """Keep a bot's plain-words reason for the faction's orders this turn (its report and the saves carry it)."""
        self._faction(faction)
        if not isinstance(reason, str):
            raise ArgumentError(f"a bot's reason is text, not {_shown(reason)}")
        self.reasons[faction] = reason if len(reason) <= REASON_CHARS else reason[:REASON_CHARS - 1] + "…"

    # ---- proposals between allies (game.session.proposals) -----------------------------------

    def proposals(self, faction: str) -> tuple[Proposal, ...]:
        """This turn's proposals `faction` is a party to (front ends must only show these to that faction)."""
        self._faction(faction)
        return self.negotiation.of(faction)

    def propose(self, faction: str, order: Order | str, reason: str = "") -> Proposal:
        """Propose a joint move (with its target) to its other partners; the order joins the faction's pending
        orders at once, so its cost is held. Raises IllegalOrderError with the reason, changing nothing."""
        name = self._name(faction)
        order = _order_of(faction, order)
        self.check(faction, order)
        partners = self.rules.moves[self.rules.move_index[order.move]].partners
        if len(partners) < 2:
            raise IllegalOrderError(Reason.NOT_JOINT, _("{faction}: {order} is not a joint move; only joint moves "
                                                        "are proposed to partners", faction=name,
                                                        order=order_name(self.rules, order.move, order.target)),
                                    faction, order)
        waiting = next((p for p in self.negotiation if p.by == faction and p.standing == Standing.OPEN), None)
        if waiting is not None:
            raise IllegalOrderError(Reason.PHASE, _("{faction}: its proposal {number} is still waiting for an answer; "
                                                    "withdraw it before proposing another", faction=name,
                                                    number=waiting.number), faction, order)
        to = tuple(p for p in self.factions if p in partners and p != faction)
        done = [p for p in to if p in self.committed]
        if done:
            raise IllegalOrderError(Reason.PHASE, _("{faction}: {partner} has already committed its orders this "
                                                    "turn, so it cannot answer a proposal", faction=name,
                                                    partner=faction_name(self.rules, done[0])), faction, order)
        proposal = Proposal(self.negotiation.next_number(), self.turn, faction, to, order,
                            reason=self._words(reason))
        self.pending[faction].append(order)
        return self.negotiation.add(proposal)

    def answer(self, faction: str, number: int, answer: Answer | str, reason: str = "",
               counter: Order | str | None = None) -> Proposal:
        """Answer an open proposal addressed to `faction`: accept (the order joins its orders too), decline, or
        counter with another joint move (returned: the new proposal, open for the first proposer's answer).
        Raises IllegalOrderError with the reason, changing nothing."""
        proposal = self._open_to(faction, number)
        try:
            answer = Answer(answer)
        except ValueError:
            raise ArgumentError(_("an answer is {choices}, not {what}", choices="accept, decline, counter",
                                  what=_shown(answer))) from None
        words = self._words(reason)
        if answer == Answer.ACCEPT:
            self.check(faction, proposal.order)
            self.pending[faction].append(proposal.order)
            accepted = (*proposal.accepted, faction)
            done = all(p in accepted for p in proposal.to)
            return self.negotiation.update(proposal, accepted=accepted, answered_by=faction, answer_reason=words,
                                           standing=Standing.ACCEPTED if done else Standing.OPEN)
        if answer == Answer.DECLINE:
            return self._close(proposal, Standing.DECLINED, faction, words)
        if counter is None:
            raise ArgumentError(_("a counter-proposal names the joint move offered instead"))
        offer = self._counter_offer(faction, proposal, _order_of(faction, counter))
        closed = self._close(proposal, Standing.COUNTERED, faction, words)
        partners = self.rules.moves[self.rules.move_index[offer.move]].partners
        made = self.negotiation.add(Proposal(self.negotiation.next_number(), self.turn, faction,
                                             tuple(p for p in self.factions if p in partners and p != faction),
                                             offer, reason=words, counters=proposal.number))
        self.negotiation.update(closed, countered_by=made.number)
        self.pending[faction].append(offer)
        return made

    def withdraw(self, faction: str, number: int, reason: str = "") -> Proposal:
        """Withdraw an open proposal of one's own or an agreement one is party to: its order leaves every party's
        orders, and the others see it at once. Raises IllegalOrderError with the reason, changing nothing."""
        name = self._name(faction)
        self._orders_open(faction)
        proposal = self.negotiation.get(number) if isinstance(number, int) else None
        if proposal is None or faction not in proposal.parties:
            raise IllegalOrderError(Reason.NO_PROPOSAL, _("{faction}: no proposal {number} this turn that it is "
                                                          "party to", faction=name, number=number), faction)
        if proposal.standing == Standing.OPEN and proposal.by != faction:
            raise IllegalOrderError(Reason.NO_PROPOSAL, _("{faction}: proposal {number} is waiting for its answer; "
                                                          "decline it instead of withdrawing", faction=name,
                                                          number=number), faction)
        if not proposal.holds_orders:
            raise IllegalOrderError(Reason.NO_PROPOSAL, _("{faction}: proposal {number} is {standing}; only an "
                                                          "open proposal or an agreement can be withdrawn",
                                                          faction=name, number=number,
                                                          standing=standing_word(proposal.standing)), faction)
        return self._close(proposal, Standing.WITHDRAWN, faction, self._words(reason))

    def _orders_open(self, faction: str) -> None:
        """Refuse a request of `faction` once the game is over or its orders are committed."""
        name = self._name(faction)
        if self.is_over:
            raise IllegalOrderError(Reason.GAME_OVER, f"{name}: the game is over", faction)
        if faction in self.committed:
            raise IllegalOrderError(Reason.PHASE, f"{name}: orders are already committed", faction)

    def _open_to(self, faction: str, number: object) -> Proposal:
        """The open proposal `number` addressed to `faction`; refuses naming the open ones otherwise."""
        name = self._name(faction)
        self._orders_open(faction)
        proposal = self.negotiation.get(number) if isinstance(number, int) and not isinstance(number, bool) else None
        if proposal is None or faction not in proposal.to or proposal.standing != Standing.OPEN \
                or faction in proposal.accepted:
            waiting = [str(p.number) for p in self.negotiation.open_to(faction) if faction not in p.accepted]
            raise IllegalOrderError(Reason.NO_PROPOSAL, _("{faction}: no open proposal {number} waits for its answer "
                                                          "({waiting})", faction=name,
                                                          number=number if isinstance(number, int) else _shown(number),
                                                          waiting=_("open: {numbers}", numbers=", ".join(waiting))
                                                          if waiting else _("none is open")), faction)
        return proposal

    def _counter_offer(self, faction: str, proposal: Proposal, offer: Order) -> Order:
        """`offer` checked as a counter to `proposal`: a joint move of both, other than the one proposed."""
        name = self._name(faction)
        refused = checks.order_refusal(self.rules, faction, offer)
        if refused is not None:
            raise IllegalOrderError(refused.reason, f"{name}: {refused.message}", faction, offer)
        partners = self.rules.moves[self.rules.move_index[offer.move]].partners
        if len(partners) < 2 or proposal.by not in partners:
            raise IllegalOrderError(Reason.NOT_JOINT, _("{faction}: a counter-proposal is a joint move with "
                                                        "{partner}; {order} is not", faction=name,
                                                        partner=faction_name(self.rules, proposal.by),
                                                        order=order_name(self.rules, offer.move, offer.target)),
                                    faction, offer)
        if offer == proposal.order:
            raise IllegalOrderError(Reason.DUPLICATE, _("{faction}: that is the move proposed; accept it instead",
                                                        faction=name), faction, offer)
        self.check(faction, offer)
        return offer

    def _close(self, proposal: Proposal, standing: Standing, by: str, words: str = "") -> Proposal:
        """End `proposal` (declined, countered, withdrawn or lapsed): its order leaves every pending list."""
        for holder in proposal.holders():
            if proposal.order in self.pending[holder]:
                self.pending[holder].remove(proposal.order)
        return self.negotiation.update(proposal, standing=standing, answered_by=by, answer_reason=words)

    def _held_words(self, faction: str, proposal: Proposal) -> str:
        """Why `faction` cannot take back the order `proposal` holds."""
        name, order = self._name(faction), order_name(self.rules, proposal.order.move, proposal.order.target)
        others = ", ".join(faction_name(self.rules, p) for p in proposal.parties if p != faction)
        if proposal.standing == Standing.ACCEPTED:
            return _("{faction}: {order} is its agreement with {others}; withdraw the agreement to drop it",
                     faction=name, order=order, others=others)
        return _("{faction}: {order} is its proposal to {others}; withdraw the proposal to drop it", faction=name,
                 order=order, others=others)

    @staticmethod
    def _words(reason: object) -> str:
        """A proposal's or answer's reason as kept: one line, at most REASON_CHARS characters."""
        if not isinstance(reason, str):
            raise ArgumentError(_("a reason is text, not {what}", what=_shown(reason)))
        text = " ".join(reason.split())
        return text if len(text) <= REASON_CHARS else text[:REASON_CHARS - 1] + "…"

    def orders_of(self, faction: str) -> tuple[Order, ...]:
        """A faction's own pending orders (front ends must only show these to that faction)."""
        self._faction(faction)
        return tuple(self.pending[faction])

    # ---- resolution ------------------------------------------------------------------------

    def resolve(self, explain: bool = True) -> TurnReport:
        """Resolve the turn once every faction has committed; returns its report."""
        if self.is_over:
            raise SessionError(_("the game is over; nothing to resolve"))
        waiting = [f for f in self.factions if f not in self.committed]
        if waiting:
            raise SessionError(_("cannot resolve turn {turn}: waiting for {factions} to commit", turn=self.turn,
                                 factions=", ".join(waiting)))
        lapsing = [p for p in self.negotiation if p.standing == Standing.OPEN]
        kept = ({f: list(v) for f, v in self.pending.items()}, Negotiation(self.negotiation))
        for proposal in lapsing:
            self._close(proposal, Standing.LAPSED, "")
        try:
            return self._resolve(explain)
        except BaseException:
            self.pending, self.negotiation = kept
            raise

    def _resolve(self, explain: bool) -> TurnReport:
        orders = empty_orders(self.rules)
        for f in self.factions:
            orders[0, self.rules.faction_index[f]] = self._slots(f)
        turn, event = self.turn, self.state.event()
        before, ints_before, scores = self.state.x[0].copy(), self.state.ints[0].copy(), self.scores()
        raw = self.engine.resolve(self.state, orders, explain=explain)
        entries, amounts = raw if raw is not None else (np.zeros((0, 4), np.int64), np.zeros(0))
        self._refuse_fault(turn, orders, before, ints_before, entries, amounts, explain)
        submitted = {f: tuple(self.pending[f]) for f in self.factions}
        report = build_report(self.rules, turn, event, submitted, before, self.state.x[0], entries, amounts,
                              (scores, self.scores()), of_turn(self.interventions, turn), tuple(self.negotiation))
        report.bot_reasons.update(self.reasons)
        self.history.append(TurnRecord(turn, submitted, self.state.x[0].copy(), self.state.ints[0].copy(), report,
                                       before, ints_before, dict(self.seats), tuple(self.negotiation)))
        self.pending = {f: [] for f in self.factions}
        self.committed = set()
        self.reasons = {}
        self.negotiation = Negotiation()
        return report

    def _refuse_fault(self, turn: int, orders: np.ndarray, before: np.ndarray, ints_before: np.ndarray,
                      entries: np.ndarray, amounts: np.ndarray, explained: bool) -> None:
        """If the turn left a track or score NaN or infinite, put the state back and raise RulesFaultError."""
        if np.isfinite(self.state.x[0]).all() and all(np.isfinite(v) for v in self.scores().values()):
            return
        after = self.state.x[0].copy()
        if not explained:  # resolve again, explaining, to name the cause
            self.state.x[0], self.state.ints[0] = before, ints_before
            entries, amounts = self.engine.resolve(self.state, orders, explain=True)
            after = self.state.x[0].copy()
        scores = self.scores()
        self.state.x[0], self.state.ints[0] = before, ints_before
        faults.check_finite(self.rules, turn, after, entries, amounts)
        faults.check_scores(self.rules, turn, scores)

    def play_turn(self, orders: dict[str, list[Order | str]]) -> TurnReport:
        """Submit and commit every faction's orders (missing factions order nothing), then resolve.

        All-or-nothing: if any order is refused, the error is raised and the game is unchanged.
        """
        if not isinstance(orders, dict):
            raise IllegalOrderError(Reason.UNKNOWN_MOVE, "a turn's orders are a mapping of faction id to a list of "
                                    f"orders, not {_shown(orders)}")
        for faction, items in orders.items():
            self._faction(faction)
            if not isinstance(items, (list, tuple)):
                raise IllegalOrderError(Reason.UNKNOWN_MOVE, f"the orders of {faction} are a list of orders, not "
                                        f"{_shown(items)}", faction)
        saved = ({f: list(v) for f, v in self.pending.items()}, set(self.committed), Negotiation(self.negotiation))
        try:
            for faction, items in orders.items():
                self._faction(faction)
                for order in items:
                    self.submit(faction, order)
            for faction in self.factions:
                self.commit(faction)
        except (IllegalOrderError, SessionError):
            self.pending, self.committed, self.negotiation = saved
            raise
        return self.resolve()

    # ---- the facilitator -------------------------------------------------------------------

    def inject(self, event_id: str, reason: str = "") -> Intervention:
        """Bring in an event for this turn in place of the one revealed; it takes effect when the turn resolves."""
        self._running(_("the game is over; cannot inject an event"))
        if not isinstance(event_id, str):
            raise InterventionError(_("an event is given by its id, not {what}", what=_shown(event_id)))
        if event_id not in self.rules.event_index:
            hint = did_you_mean(str(event_id), self.rules.event_index)
            raise InterventionError(_("unknown event {event!r} — did you mean {hint!r}?", event=event_id, hint=hint)
                                    if hint else _("unknown event {event!r}", event=event_id))
        return self._intervene(Intervention(self.turn, "inject", event_id, None, self._reason(reason)))

    def assume(self, track_id: str, value: float, reason: str) -> Intervention:
        """Set a track now, for the rest of the game (moves and rules go on from the new value), with the reason."""
        self._running(_("the game is over; cannot change a track"))
        if not isinstance(track_id, str):
            raise InterventionError(_("a track is given by its id, not {what}", what=_shown(track_id)))
        if track_id not in self.rules.track_index:
            hint = did_you_mean(str(track_id), self.rules.track_index)
            raise InterventionError(_("unknown track {track!r} — did you mean {hint!r}?", track=track_id, hint=hint)
                                    if hint else _("unknown track {track!r}", track=track_id))
        info = self.rules.tracks[self.rules.track_index[track_id]]
        name = track_name(self.rules, track_id)
        if info.derived:
            raise InterventionError(_("{track} is worked out from other tracks each turn; set one of those instead",
                                      track=name))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(value, float) and not np.isfinite(value)):
            raise InterventionError(_("a value for {track} is a number, not {value!r}", track=name, value=value))
        if not info.min <= value <= info.max:  # a whole number of any size compares exactly
            shown = f"{value:g}" if abs(value) < 1e300 else _("a number of over 300 digits")
            raise InterventionError(_("{track} runs from {low} to {high}; {value} is outside", track=name,
                                      low=f"{info.min:g}", high=f"{info.max:g}", value=shown))
        why = self._reason(reason)
        if not why:
            raise InterventionError(_("say why {track} changes: an assumption is reported with its reason", track=name))
        return self._intervene(Intervention(self.turn, "assume", track_id, float(value), why))

    def set_seat(self, faction: str, who: str, reason: str = "") -> Intervention:
        """Hand a seat to a bot (its seat spec) or to people ("human"); front ends check that the bot exists."""
        if not isinstance(faction, str):
            raise InterventionError(_("a faction is given by its id, not {what}", what=_shown(faction)))
        self._faction(faction)
        self._running(_("the game is over; cannot change a seat"))
        if not isinstance(who, str) or not who.strip():
            raise InterventionError(_("a seat is {human!r} or a bot's name, not {what}", human=HUMAN,
                                      what=_shown(who) if not isinstance(who, str) else repr(who)))
        return self._intervene(Intervention(self.turn, "seat", faction, who.strip(), self._reason(reason)))

    def undo_turn(self, reason: str = "") -> Intervention:
        """Take back the last resolved turn: the game is as it was just before it resolved, with each faction's
        orders of that turn back as pending and uncommitted; injects and assumptions made since are undone."""
        if not self.history:
            raise InterventionError(_("no turn has been resolved yet, so there is none to take back"))
        why = self._reason(reason)
        last = self.history.pop()
        self.state.x[0] = last.x_before
        self.state.ints[0] = last.ints_before
        self.pending = {f: list(last.orders.get(f, ())) for f in self.factions}
        self.committed = set()
        self.negotiation = Negotiation(last.negotiation)  # its agreements hold their orders again
        # a bot seat's orders come back with its reason (a front end may commit them again); a team's are its own
        self.reasons = {f: r for f, r in last.report.bot_reasons.items() if self.seats.get(f, HUMAN) != HUMAN}
        self.interventions = undo_later(self.interventions, last.turn)
        record = Intervention(last.turn, "undo", "", last.turn, why)
        record = replace(record, words=record.text(self.rules))
        self.interventions.append(record)
        return record

    def replay(self, record: Intervention) -> None:
        """Carry out a saved inject or assumption again without recording it (loading a save keeps the list itself)."""
        if record.kind == "inject":
            self.state.ints[0, EVENT] = self.rules.event_index[record.subject]
        elif record.kind == "assume":
            self.state.x[0, self.rules.track_index[record.subject]] = record.value
            self.engine.derive(self.state)
        elif record.kind == "seat":
            self.seats[record.subject] = str(record.value)

    def _running(self, refusal: str) -> None:
        """Refuse a facilitator action with `refusal` (the whole sentence) once the game is over."""
        if self.is_over:
            raise InterventionError(refusal)

    @staticmethod
    def _reason(reason: object) -> str:
        try:
            return clean_reason(reason)
        except ValueError as exc:
            raise InterventionError(str(exc)) from None

    def _intervene(self, record: Intervention) -> Intervention:
        """Carry out a facilitator action, refusing it (and changing nothing) if a pending order would become illegal."""
        record = replace(record, words=record.text(self.rules))
        saved = self.state.copy(), dict(self.seats)
        self.replay(record)
        problem = self._pending_problem()
        if problem:
            self.state, self.seats = saved
            raise InterventionError(_("{action} would make {problem}; that team should take the order back first",
                                      action=record.words, problem=problem))
        self.interventions.append(record)
        return record

    def _pending_problem(self) -> str | None:
        """The first pending order the current state no longer allows, in words, or None."""
        x, ints = self.state.x[0], self.state.ints[0]
        for faction in self.factions:
            orders = self.pending[faction]
            for k, order in enumerate(orders):
                slots = checks.slots_of(self.rules, orders[:k])
                refused = checks.refusal(self.rules, self.engine, x, ints, slots, faction, order, False)
                if refused is not None:
                    name = order_name(self.rules, order.move, order.target)
                    return _("{faction}'s order {order!r} illegal ({why})", faction=faction_name(self.rules, faction),
                             order=name, why=refused.message)
        return None
