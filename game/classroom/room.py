"""The classroom: one Game, the seats teams hold from their devices, the lesson's phase, pause and timer.

No web imports: the server (game.classroom.server) and the projector window both drive a Room, from
different threads, so every public method takes the room's lock. A change calls every listener
(`room.listen(fn)`) after the lock is released; the server rebuilds and sends each connection's state.

What each role sees is built here, each from its own data only: a team's state from its faction's
View and order desk, the public and the facilitator's from the public View (who has committed,
never what). The classroom file (`to_doc` / `Room.from_doc`) keeps the codes, phase, pause, the
timer's time left and the game with its pending orders.

Every text a role is shown is composed in the language in use (`game.i18n.use`), so the server builds a
state once per audience and language: the room keeps no composed sentence, only what to compose (an
announcement is a function of the language in use). Turn reports are stored as the game made them, in
English (saves and the English pages read those); another language's report is the same turn's resolution
told again in that language (`game.classroom.retell`), once per turn and language.
"""

from __future__ import annotations

import copy
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from game.ai import UnknownBotError, check_seat, negotiate, play_bot_seats, seat_choices
from game.classroom.codes import Codes
from game.classroom.retell import retold_report
from game.i18n import _, content, current, use
from game.i18n import check as check_language
from game.rules.compiled import Rules
from game.session import saves
from game.session.facilitation import InterventionError
from game.session.game import HUMAN, Game, TurnRecord
from game.session.debrief import debrief
from game.session.menu import menu
from game.session.proposals import Standing
from game.session.report import TurnReport
from game.session.report_json import report_to_json
from game.session.tracks import dashboard_tracks
from game.session.words import order_name, track_name
from game.session.game import ArgumentError
from game.session.orders import IllegalOrderError, Order, SessionError
from game.session.proposals import Answer

FORMAT = "pacific-trilemma-classroom"
VERSION = 1
PHASES = ("lobby", "orders", "report", "over")
EXPIRY = ("commit", "bot")
MAX_TIMER = 4 * 3600  # seconds: no turn of a lesson is longer
SOURCE = "en"  # the language reports and saves are kept in
log = logging.getLogger("game.classroom")


def phase_words(phase: str) -> str:
    """What the lesson is doing, in words (the pages show their own copy of these)."""
    return {"lobby": _("the game has not started yet"), "orders": _("the teams are choosing their orders"),
            "report": _("the turn's report is showing"), "over": _("the game is over")}[phase]


# "cannot <do this> now: <why>", one whole sentence per thing a device may try (word order differs by language)
CANNOT = {
    "order": lambda why: _("cannot order now: {why}", why=why),
    "propose": lambda why: _("cannot propose now: {why}", why=why),
    "answer": lambda why: _("cannot answer a proposal now: {why}", why=why),
    "withdraw": lambda why: _("cannot withdraw now: {why}", why=why),
    "undo": lambda why: _("cannot undo now: {why}", why=why),
    "commit": lambda why: _("cannot commit now: {why}", why=why),
    "start": lambda why: _("cannot start now: {why}", why=why),
    "next": lambda why: _("cannot go to the next turn now: {why}", why=why),
    "pause": lambda why: _("cannot pause now: {why}", why=why),
    "timer": lambda why: _("cannot set the timer now: {why}", why=why),
    "inject": lambda why: _("cannot inject an event now: {why}", why=why),
    "assume": lambda why: _("cannot change a track now: {why}", why=why),
    "undo_turn": lambda why: _("cannot take back a turn now: {why}", why=why),
    "seat": lambda why: _("cannot change a seat now: {why}", why=why),
    "end": lambda why: _("cannot end the game now: {why}", why=why),
}
TEAM_TYPES = ("order", "undo", "commit", "propose", "answer", "withdraw", "ping")
NEGOTIATION_TYPES = ("propose", "answer", "withdraw")
FACILITATOR_TYPES = ("start", "next", "pause", "resume", "timer", "inject", "assume", "undo_turn", "seat", "end")


class RoomError(ValueError):
    """A classroom file that cannot be read back, with the reason."""


class Refused(Exception):
    """A message the room will not carry out; the text says why in plain words, and nothing changed."""


def _field(message: dict, name: str, kinds: type | tuple[type, ...], what: str):
    """`message[name]`, checked to be of `kinds`; raises Refused naming the field (`what` it must be, in words)."""
    if name not in message:
        raise Refused(_("{kind} needs {field}", kind=message["type"], field=repr(name)))
    value = message[name]
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in (
            kinds if isinstance(kinds, tuple) else (kinds,))):
        raise Refused(_("{kind}: {field} must be {what}", kind=message["type"], field=repr(name), what=what))
    return value


def _shown(value: object) -> str:
    """A message's value as JSON, cut short: what the device sent, in a refusal."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _check_fields(message: dict, fields: dict[str, tuple[bool, Callable[[object], bool], str]],
                  more: tuple[str, ...] = ()) -> None:
    """Check every field of `message` at once: `fields` maps a name to (required, test, what it must be, in words);
    raises Refused listing every problem (a missing, a wrong or an unknown field, and `more`), so a device fixes them
    all at once."""
    kind = message["type"]
    problems = []
    for name, (required, test, what) in fields.items():
        if name not in message:
            if required:
                problems.append(_("{field} is missing: it must be {what}", field=repr(name), what=what))
        elif not test(message[name]):
            problems.append(_("{field} must be {what}, not {value}", field=repr(name), what=what,
                              value=_shown(message[name])))
    for name in message:
        if name not in fields and name != "type":
            problems.append(_("{field} is not part of {kind} (its parts: {fields})", field=repr(name), kind=kind,
                              fields=", ".join(fields)))
    problems += more
    if problems:
        raise Refused(_("{kind}: {problems}", kind=kind, problems=_("; ").join(problems)))


class Timer:
    """A turn's countdown on a monotonic clock: seconds per turn, time left, running or stopped."""

    def __init__(self, clock: Callable[[], float]):
        self._clock = clock
        self.seconds: float | None = None  # None: no timer
        self.on_expiry = "commit"
        self._left: float | None = None  # when stopped
        self._deadline: float | None = None  # when running

    @property
    def running(self) -> bool:
        return self._deadline is not None

    def left(self) -> float | None:
        if self._deadline is not None:
            return max(0.0, self._deadline - self._clock())
        return self._left

    def start(self, left: float | None = None) -> None:
        """Run from `left` seconds (default: the whole turn); nothing if there is no timer."""
        if self.seconds is None:
            self._left = self._deadline = None
            return
        self._left = None
        self._deadline = self._clock() + (self.seconds if left is None else left)

    def stop(self) -> None:
        self._left, self._deadline = self.left(), None

    def clear(self) -> None:
        self._left = self._deadline = None

    def hold(self, left: float | None) -> None:
        """Stopped with `left` seconds to go (a resumed classroom's, or a timer set while it cannot run)."""
        self._left, self._deadline = left, None

    def expired(self) -> bool:
        return self._deadline is not None and self._clock() >= self._deadline

    def to_json(self) -> dict | None:
        if self.seconds is None:
            return None
        left = self.left()
        return {"seconds": self.seconds, "left": None if left is None else round(left, 1), "running": self.running,
                "on_expiry": self.on_expiry}


class Room:
    """One lesson: the game, who holds each seat, phase, pause, timer, announcements; thread-safe."""

    def __init__(self, rules: Rules, seed: int, codes: Codes | None = None, join_url: str = "",
                 bot: str = "greedy", clock: Callable[[], float] = time.monotonic, autosave: Path | None = None,
                 lang: str | None = None):
        self.rules = rules
        self.lang = check_language(lang) if lang is not None else current()  # the pages' default (`--lang`)
        self.seed = int(seed)
        self.codes = codes or Codes.new([f.id for f in rules.factions])
        self.join_url = join_url
        for faction in self.factions:
            check_seat(bot, rules, faction)
        self.bot = bot
        self.autosave = autosave
        self.game = Game(rules, self.seed, {f: HUMAN for f in self.factions})
        self.phase = "lobby"
        self.paused = False
        self.timer = Timer(clock)
        self.devices = {f: 0 for f in self.factions}
        self._message: Callable[[], str] | None = None  # the latest announcement, composed when shown
        self.version = 0  # increases with every change anyone may see
        self.save_error: str | None = None  # why the last autosave failed, if it did
        self._dirty: set[tuple[str, ...]] | None = set()  # audiences whose state changed since `take_dirty`; None: all
        self._reasons: dict[str, str] = {}  # bots' reasons this turn, added to its report once it resolves
        self._dashboards: dict[str, tuple[list[dict], dict[str, str]]] = {}  # language -> (dashboard, regions)
        self._lock = threading.RLock()
        # stamp -> (turn record, language -> (its report in that language, the `report` message body))
        self._report_texts: dict[int, tuple[TurnRecord, dict[str, tuple[TurnReport, str]]]] = {}
        self._listeners: list[Callable[[], None]] = []

    @property
    def factions(self) -> list[str]:
        return [f.id for f in self.rules.factions]

    @property
    def message(self) -> str | None:
        """The latest announcement in the language in use (None: none)."""
        return None if self._message is None else self._message()

    @message.setter
    def message(self, text: str | Callable[[], str] | None) -> None:
        """Announce `text`: a function composing it in the language in use, or a text shown as it is (None: none)."""
        self._message = text if text is None or callable(text) else (lambda: text)

    def _name(self, faction: str) -> str:
        return content.name(self.rules, faction)

    def listen(self, callback: Callable[[], None]) -> None:
        """Call `callback()` (from whichever thread made it) after every change."""
        self._listeners.append(callback)

    def _changed(self, only: set[tuple[str, ...]] | None = None) -> None:
        """Count a change (seen by the audiences in `only`, default everyone) and autosave; a failed autosave is
        announced (the lesson goes on) rather than refusing what the team did."""
        self._mark(only)
        try:
            self.save()
            self.save_error = None
        except saves.SaveError as exc:
            if self.save_error is None:
                why = str(exc)
                self.message = lambda: _("The autosave failed: {why}", why=why)
                self._mark()
            self.save_error = str(exc)

    def _mark(self, only: set[tuple[str, ...]] | None = None) -> None:
        self.version += 1
        if only is None or self._dirty is None:
            self._dirty = None
        else:
            self._dirty |= only

    def take_dirty(self) -> set[tuple[str, ...]] | None:
        """The audiences (("team", f), ("facilitator",), ("public",)) whose state changed since the last call; None
        for every one. A team's order changes only its own state and its partners' in that move."""
        with self._lock:
            dirty, self._dirty = self._dirty, set()
            return dirty

    def save(self) -> None:
        """Write the classroom file to the autosave path (if any), atomically; raises SaveError with the reason."""
        if self.autosave is not None:
            with self._lock:
                saves.write_atomic(self.autosave, json.dumps(self.to_doc()))

    def _notify(self) -> None:
        for callback in list(self._listeners):
            callback()

    # ---- devices ---------------------------------------------------------------------------

    def role_of(self, code: str) -> str | None:
        """The faction or FACILITATOR whose code this is, or None."""
        return self.codes.role_of(code)

    def attach(self, faction: str) -> None:
        """A device of this faction's team connected."""
        with self._lock:
            self.devices[faction] += 1
            self._mark()
        self._notify()

    def detach(self, faction: str) -> None:
        with self._lock:
            self.devices[faction] = max(0, self.devices[faction] - 1)
            self._mark()
        self._notify()

    # ---- what each role sees ---------------------------------------------------------------

    def _status(self, faction: str) -> str:
        if self.game.seats[faction] != HUMAN:
            return "bot"
        if faction in self.game.committed:
            return "committed"
        return "not joined" if self.devices[faction] == 0 else "choosing"

    def _map_words(self) -> tuple[list[dict], dict[str, str]]:
        """The dashboard's rows and the regions' names in the language in use, made once per language."""
        lang = current()
        if lang not in self._dashboards:
            headline, support = dashboard_tracks(self.rules)
            dashboard = [{"id": t, "name": track_name(self.rules, t), "headline": t in headline}
                         for t in headline + support]
            regions = {r.id: content.name(self.rules, r.id) for r in self.rules.pack.items("regions")}
            self._dashboards[lang] = (dashboard, regions)
        return self._dashboards[lang]

    def room_json(self) -> dict:
        """ROOM: the lesson's facts that everyone may see, in the language in use."""
        with self._lock:
            game = self.game
            dashboard, regions = self._map_words()
            return {
                "scenario": self.rules.id, "title": content.name(self.rules, self.rules.id, "title"),
                "phase": self.phase,
                "paused": self.paused, "turn": game.turn, "n_turns": self.rules.n_turns,
                "label": self.rules.turn_label(min(game.turn, self.rules.n_turns)), "timer": self.timer.to_json(),
                "join_url": self.join_url,
                "teams": {f.id: {"name": self._name(f.id), "colour": f.colour, "seat": game.seats[f.id],
                                 "devices": self.devices[f.id], "status": self._status(f.id)}
                          for f in self.rules.factions},
                "message": self.message,
                "dashboard": dashboard,
                "regions": regions,
            }

    @property
    def lock(self) -> threading.RLock:
        """The room's lock: hold it to read several parts of the room as of one moment."""
        return self._lock

    def snapshot_public(self, history: bool = True) -> dict:
        """The public `state` message without seq: ROOM and the public View, nothing of any team's orders. Without
        `history` the Views leave out the resolved turns' reports and `reports` counts them (see `reports`)."""
        with self._lock:
            return {"type": "state", "role": "public", "room": self.room_json(),
                    "public": self._view(self.game.public_view(), history), "debrief": self._debrief(),
                    "reports": len(self.game.history)}

    def team_state(self, faction: str, history: bool = True) -> dict:
        """A team's `state` without seq: ROOM, the public View, its own View and its moves."""
        with self._lock:
            return {"type": "state", "role": "team", "room": self.room_json(),
                    "public": self._view(self.game.public_view(), history),
                    "view": self._view(self.game.view(faction), history),
                    "moves": menu(self.rules, self.game.desk(faction)), "negotiation": self._deals(faction),
                    "debrief": self._debrief(), "reports": len(self.game.history)}

    def _deals(self, faction: str) -> dict:
        """NEGOTIATION, a team's own: whether a proposal of its own is waiting for an answer, the joint moves it could propose
        or offer as a counter now (each with its name and the partners who would answer), and the names of the
        orders of the proposals it is party to (the View lists those), in the language in use."""
        game, rules = self.game, self.rules
        offers = []
        if self.phase == "orders" and faction not in game.committed and not game.is_over:
            for order in game.legal_orders(faction):
                partners = rules.moves[rules.move_index[order.move]].partners
                if len(partners) > 1:
                    offers.append({"order": str(order), "name": order_name(rules, order.move, order.target),
                                   "partners": [p for p in self.factions if p in partners and p != faction]})
        names = {str(p.order): order_name(rules, p.order.move, p.order.target) for p in game.proposals(faction)}
        waiting = any(p.by == faction and p.standing == Standing.OPEN for p in game.negotiation)
        return {"proposed": waiting, "offers": offers, "names": names}

    def facilitator_state(self, history: bool = True) -> dict:
        """The facilitator's `state` without seq: ROOM, the public View and the console (who committed, not what)."""
        with self._lock:
            return {"type": "state", "role": "facilitator", "room": self.room_json(),
                    "public": self._view(self.game.public_view(), history), "console": self.console_json(),
                    "debrief": self._debrief(), "reports": len(self.game.history)}

    def _view(self, view, history: bool) -> dict:
        """A View's JSON; with `history`, its resolved turns' reports in the language in use (the projector's)."""
        doc = view.to_json(history)
        if history and current() != SOURCE:
            doc["history"] = [report_to_json(self._told(k, record)[0]) for k, record in enumerate(self.game.history)]
        return doc

    def reports(self) -> list[tuple[int, str]]:
        """Each resolved turn's report in the language in use, as the body of a `report` message (JSON without
        seq), with a stamp that changes when the turn is taken back and played again. Reports never change once
        made, so each is composed and serialized once per language; the server sends a device each one it has
        not had, before the state that counts it."""
        with self._lock:
            out = []
            kept = {}
            for index, record in enumerate(self.game.history):
                out.append((id(record), self._told(index, record)[1]))
                kept[id(record)] = self._report_texts[id(record)]
            self._report_texts = kept
            return out

    def _told(self, index: int, record: TurnRecord) -> tuple[TurnReport, str]:
        """Resolved turn `index`'s report in the language in use and its `report` message body, made once each."""
        lang = current()
        stamp = id(record)
        if stamp not in self._report_texts:  # holding the record keeps its id from being reused
            self._report_texts[stamp] = (record, {})
        told = self._report_texts[stamp][1]
        if lang not in told:
            report = record.report if lang == SOURCE else retold_report(self.game, record)
            body = {"type": "report", "index": index, "report": report_to_json(report)}
            told[lang] = (report, json.dumps(body, ensure_ascii=lang == SOURCE))
        return told[lang]

    def _debrief(self) -> dict | None:
        """The debrief once the game is over (from resolved turns only: an ended turn's orders stay unsaid), from
        the turns' reports in the language in use."""
        if self.phase != "over":
            return None
        if current() == SOURCE:
            return debrief(self.game).to_json()
        told = copy.copy(self.game)  # the same game, its history told in this language
        told.history = [replace(record, report=self._told(k, record)[0]) for k, record in enumerate(self.game.history)]
        return debrief(told).to_json()

    def console_json(self) -> dict:
        """CONSOLE: the events to inject, the public tracks to set, the bots for each seat, the log."""
        rules = self.rules
        return {
            "events": [{"id": e.id, "name": content.name(rules, e.id), "kind": e.kind} for e in rules.events],
            "injects": list(rules.injects),
            "tracks": [{"id": t.id, "name": track_name(rules, t.id), "value": self.game.track(t.id), "low": t.min,
                        "high": t.max, "derived": bool(t.derived)} for t in rules.tracks if t.public],
            "bots": {f: [[spec, label] for spec, label in seat_choices(rules, f)] for f in self.factions},
            "log": [_("{action} (taken back)", action=i.text(rules)) if i.undone else i.text(rules)
                    for i in self.game.interventions],
        }

    # ---- team messages ---------------------------------------------------------------------

    def team_act(self, faction: str, message: dict) -> str | None:
        """Carry out a team's message (order, undo, commit, ping); returns the error text or None."""
        try:
            with self._lock:
                changed = self._team(faction, message)
        except Refused as exc:
            return str(exc)
        if changed:
            self._notify()
        return None

    def _team(self, faction: str, message: dict) -> bool:
        kind = message.get("type")
        if kind not in TEAM_TYPES:
            raise Refused(_("unknown message type {kind} (a team sends {types})", kind=repr(kind),
                            types=", ".join(TEAM_TYPES)))
        if kind == "ping":
            return False
        name = self._name(faction)
        if self.phase != "orders":
            raise Refused(CANNOT[kind](phase_words(self.phase)))
        if self.paused:
            raise Refused(CANNOT[kind](_("the facilitator has paused the game")))
        if self.game.seats[faction] != HUMAN:
            raise Refused(_("a bot plays {faction} now; the facilitator can hand the seat back to your team",
                            faction=name))
        only = None  # a commit changes what everyone sees (the team's status)
        try:
            if kind == "order":
                text = _field(message, "order", str, _("a move such as us.trade_deal@vietnam"))
                order = Order.parse(text)
                self.game.submit(faction, order)
                only = self._seen_by(faction, order)
            elif kind == "undo":
                only = self._seen_by(faction, self.game.undo(faction))
            elif kind in NEGOTIATION_TYPES:
                only = self._negotiation(faction, message)
            else:
                if faction in self.game.committed:
                    raise Refused(_("{faction}: orders are already committed", faction=name))
                self.game.commit(faction)
                self._resolve_if_ready()
        except (IllegalOrderError, SessionError, ArgumentError) as exc:
            raise Refused(str(exc)) from None
        self._changed(only)
        return True

    def _negotiation(self, faction: str, message: dict) -> set[tuple[str, ...]]:
        """A team's propose, answer or withdraw, checked field by field and then by the game, and the bots' round
        after it (a bot partner answers at once); returns the teams that see a change: every party to a proposal
        that changed or began (nobody else sees a proposal before the turn resolves)."""
        kind = message["type"]
        text = (False, lambda v: isinstance(v, str), _("text, in words"))
        joint = _("a joint move such as {example}", example="joint.trusted_partners@vietnam")
        number = (True, _whole, _("the number of a proposal, such as 1"))
        order = lambda v: isinstance(v, str) and bool(v.strip())  # noqa: E731
        answers = tuple(a.value for a in Answer)
        if kind == "propose":
            _check_fields(message, {"order": (True, order, joint), "reason": text})
        elif kind == "withdraw":
            _check_fields(message, {"number": number, "reason": text})
        else:
            countering = message.get("answer") == Answer.COUNTER.value
            stray = "counter" in message and message.get("answer") in answers and not countering
            _check_fields(message, {"number": number,
                                    "answer": (True, lambda v: v in answers, _("one of {choices}",
                                                                               choices=", ".join(answers))),
                                    "reason": text,
                                    "counter": (countering, order, _("the joint move offered instead, such as "
                                                                     "{example}", example="joint.settle_friction"))},
                          (_("{field} goes only with the answer {counter}", field=repr("counter"),
                             counter=repr(Answer.COUNTER.value)),) if stray else ())
        before = list(self.game.negotiation)
        reason = message.get("reason", "")
        if kind == "propose":
            self.game.propose(faction, Order.parse(message["order"]), reason)
        elif kind == "answer":
            counter = message.get("counter")
            self.game.answer(faction, message["number"], message["answer"], reason,
                             None if counter is None else Order.parse(counter))
        else:
            self.game.withdraw(faction, message["number"], reason)
        self._negotiate()
        return {("team", faction)} | {("team", party) for proposal in self.game.negotiation
                                      if proposal not in before for party in proposal.parties}

    def _negotiate(self) -> None:
        """The bots' round of proposals (`game.ai.negotiate`): bot seats answer what waits for them and make their
        own, in the room's language, as `_bots` writes their reasons. A bot that fails is logged and the lesson
        goes on: what the team did stands."""
        try:
            with use(self.lang):
                negotiate(self.game)
        except Exception:  # noqa: BLE001 - a bot's bug must not refuse a team's proposal that the game took
            log.exception("classroom: the bots' round of proposals failed")

    def _seen_by(self, faction: str, order: Order) -> set[tuple[str, ...]]:
        """Who sees a pending order: its faction's team, and the partners of a joint move."""
        move = self.rules.moves[self.rules.move_index[order.move]]
        return {("team", faction)} | {("team", p) for p in move.partners}

    # ---- the facilitator -------------------------------------------------------------------

    def act(self, message: dict) -> str | None:
        """Carry out a facilitator's message as the console sends it; returns the error text or None."""
        try:
            with self._lock:
                self._facilitate(message)
                self._changed()
        except Refused as exc:
            return str(exc)
        self._notify()
        return None

    def _need(self, kind: str, *phases: str) -> None:
        """Refuse message `kind` (a key of CANNOT) unless the lesson is in one of `phases`."""
        if self.phase not in phases:
            raise Refused(CANNOT[kind](phase_words(self.phase)))

    def _facilitate(self, message: dict) -> None:
        kind = message.get("type")
        if kind not in FACILITATOR_TYPES:
            raise Refused(_("unknown message type {kind} (the facilitator sends {types})", kind=repr(kind),
                            types=", ".join(FACILITATOR_TYPES)))
        try:
            getattr(self, f"_do_{kind}")(message)
        except (IllegalOrderError, SessionError, UnknownBotError) as exc:
            raise Refused(str(exc)) from None

    def _do_start(self, message: dict) -> None:
        self._need("start", "lobby")
        seats = {f: (HUMAN if self.game.seats[f] == HUMAN and self.devices[f] else
                     self.game.seats[f] if self.game.seats[f] != HUMAN else self.bot) for f in self.factions}
        self.game = Game(self.rules, self.seed, seats)
        self.message = None
        self._open_turn()

    def _do_next(self, message: dict) -> None:
        self._need("next", "report")
        if self.game.is_over:
            self.phase = "over"
            self.timer.clear()
            return
        self.message = None
        self._open_turn()

    def _open_turn(self) -> None:
        """The orders phase of the game's current turn: the bots' round of proposals, the timer starts. The bot
        seats choose their orders only once every team has committed (`_resolve_if_ready`), so that a team can
        still make a deal with a bot partner: a committed faction can answer nothing."""
        self.phase = "orders"
        self._reasons = {}
        self._negotiate()
        self.timer.start()
        if self.paused:
            self.timer.stop()
        self._resolve_if_ready()

    def _resolve_if_ready(self) -> None:
        """Once every team's seat has committed, the bot seats choose (last, knowing their deals) and the turn
        resolves."""
        game = self.game
        if self.phase != "orders" or any(f not in game.committed and game.seats[f] == HUMAN for f in self.factions):
            return
        if any(f not in game.committed for f in self.factions):
            self._reasons.update(self._bots())
        if any(f not in self.game.committed for f in self.factions):
            return
        with use(SOURCE):  # the game keeps its reports in English; other languages retell them (see reports)
            report = self.game.resolve()
        report.bot_reasons.update(self._reasons)
        self._reasons = {}
        self.timer.stop()
        self.phase = "report"

    def _do_pause(self, message: dict) -> None:
        self._need("pause", "lobby", "orders", "report")
        if self.paused:
            raise Refused(_("the game is already paused"))
        self.paused = True
        self.timer.stop()
        self.message = lambda: _("Paused by the facilitator")

    def _do_resume(self, message: dict) -> None:
        if not self.paused:
            raise Refused(_("the game is not paused"))
        self.paused = False
        if self.phase == "orders" and self.timer.seconds is not None:
            self.timer.start(self.timer.left())
        self.message = lambda: _("Play resumes")

    def _do_timer(self, message: dict) -> None:
        self._need("timer", "lobby", "orders", "report")
        seconds = _field(message, "seconds", (int, float, type(None)), _("a number of seconds or null"))
        on_expiry = message.get("on_expiry", self.timer.on_expiry)
        if on_expiry not in EXPIRY:
            raise Refused(_("timer: 'on_expiry' must be one of {choices}, not {value}", choices=", ".join(EXPIRY),
                            value=repr(on_expiry)))
        if seconds is not None and not 10 <= seconds <= MAX_TIMER:
            raise Refused(_("timer: 'seconds' must be from 10 to {most}, not {value}", most=MAX_TIMER,
                            value=seconds))
        self.timer.seconds = None if seconds is None else float(seconds)
        self.timer.on_expiry = on_expiry
        if self.phase == "orders" and not self.paused:
            self.timer.start()
        else:
            self.timer.hold(float(seconds) if self.phase == "orders" and seconds is not None else None)

    def _do_inject(self, message: dict) -> None:
        self._need("inject", "orders")
        event = _field(message, "event", str, _("an event id such as ev.x"))
        self._announce(self.game.inject(event, self._reason(message)))

    def _do_assume(self, message: dict) -> None:
        self._need("assume", "orders")
        track = _field(message, "track", str, _("a track id"))
        value = _field(message, "value", (int, float), _("a number"))
        reason = _field(message, "reason", str, _("the reason, in words"))
        if track in self.rules.track_index and not self.rules.tracks[self.rules.track_index[track]].public:
            raise Refused(_("{track} is a team's private track; an assumption sets a public one", track=repr(track)))
        self._announce(self.game.assume(track, value, reason))

    def _announce(self, action) -> None:
        """A facilitator's action (game.session.facilitation.Intervention) as the announcement, in each language;
        the game keeps its words in English, as it keeps its reports (the console may have spoken Japanese)."""
        rules = self.rules
        with use(SOURCE):
            english = action.text(rules)
        actions = self.game.interventions
        for k in range(len(actions) - 1, -1, -1):
            if actions[k] is action:
                actions[k] = action = replace(action, words=english)
                break
        self.message = lambda: action.text(rules)

    def _do_undo_turn(self, message: dict) -> None:
        self._need("undo_turn", "orders", "report", "over")
        record = self.game.undo_turn(self._reason(message))
        for faction, spec in self.game.seats.items():
            if spec != HUMAN:
                self.game.commit(faction)  # a bot stands by the orders it gave that turn
        self.phase = "orders"
        self._reasons = {}
        self.timer.start()
        if self.paused:
            self.timer.stop()
        self._announce(record)

    def _do_seat(self, message: dict) -> None:
        self._need("seat", "lobby", "orders", "report")
        faction = _field(message, "faction", str, _("a faction id"))
        who = _field(message, "who", str, _("{human} or a bot", human=repr(HUMAN)))
        if faction not in self.rules.faction_index:
            raise Refused(_("unknown faction {faction} (factions: {factions})", faction=repr(faction),
                            factions=", ".join(self.factions)))
        check_seat(who, self.rules, faction)
        if self.game.seats[faction] == who:
            raise Refused(_("{faction} is already played by {who}", faction=faction, who=who))
        if self.phase == "lobby":
            self.game = Game(self.rules, self.seed, {**self.game.seats, faction: who})
            return
        self._announce(self.game.set_seat(faction, who, self._reason(message)))
        if self.phase == "orders" and who != HUMAN:
            self._negotiate()  # the bot answers what waits for it at once; it chooses when the teams have committed
            self._resolve_if_ready()

    def _bots(self, factions: list[str] | None = None) -> dict[str, str]:
        """The bot seats' orders for this turn; their reasons are written in the room's language (`--lang`), the
        one the game keeps them in."""
        with use(self.lang):
            return play_bot_seats(self.game) if factions is None else play_bot_seats(self.game, factions=factions)

    def _do_end(self, message: dict) -> None:
        self._need("end", "lobby", "orders", "report")
        self.phase = "over"
        self.timer.clear()
        self.message = lambda: _("The facilitator has ended the game")

    @staticmethod
    def _reason(message: dict) -> str:
        reason = message.get("reason", "")
        if not isinstance(reason, str):
            raise Refused(_("{kind}: 'reason' must be text", kind=message["type"]))
        return reason

    # ---- the clock -------------------------------------------------------------------------

    def tick(self) -> bool:
        """Act on the timer's expiry (each team's orders so far committed, or its bot fills the seat); True if it did."""
        with self._lock:
            if self.phase != "orders" or self.paused or not self.timer.expired():
                return False
            waiting = [f for f in self.factions if f not in self.game.committed and self.game.seats[f] == HUMAN]
            bots = self.timer.on_expiry == "bot"
            if bots:
                self._reasons.update(self._bots(waiting))
            else:
                for faction in waiting:
                    self.game.commit(faction)
            self.message = lambda: self._time_up(waiting, bots)
            self.timer.clear()
            self._resolve_if_ready()
            self._changed()
        self._notify()
        return True

    def _time_up(self, waiting: list[str], bots: bool) -> str:
        """The announcement when the timer runs out, naming the teams it played or committed for."""
        if not waiting:
            return _("Time is up")
        teams = _(", ").join(self._name(f) for f in waiting)
        if bots:
            return _("Time is up: bots played for {teams}", teams=teams)
        return _("Time is up: orders so far committed for {teams}", teams=teams)

    # ---- the classroom file ----------------------------------------------------------------

    def to_doc(self) -> dict:
        """The classroom file: codes, phase, pause, the timer with its time left, the game with pending orders."""
        with self._lock, use(SOURCE):  # the file keeps the announcement in English, as the game keeps its reports
            timer = None
            if self.timer.seconds is not None:
                timer = {"seconds": self.timer.seconds, "on_expiry": self.timer.on_expiry, "left": self.timer.left(),
                         "running": self.timer.running}
            return {"format": FORMAT, "version": VERSION, "codes": self.codes.to_json(), "phase": self.phase,
                    "paused": self.paused, "bot": self.bot, "timer": timer, "message": self.message,
                    "game": saves.to_json(self.game, pending=True)}

    @classmethod
    def from_doc(cls, doc: object, where: str = "classroom file", join_url: str = "",
                 clock: Callable[[], float] = time.monotonic, autosave: Path | None = None,
                 lang: str | None = None) -> "Room":
        """The room `to_doc` wrote; raises RoomError naming what is wrong."""
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise RoomError(f"{where} is not a classroom file (its format is not {FORMAT!r})")
        if doc.get("version") != VERSION:
            raise RoomError(f"{where} has version {doc.get('version')!r}; this game reads version {VERSION}")
        try:
            game = saves.from_json(doc["game"], f"{where}: game")
            codes = Codes.from_json(doc["codes"], game.factions)
            room = cls(game.rules, game.seed, codes, join_url, str(doc.get("bot", "greedy")), clock, autosave, lang)
            if doc["phase"] not in PHASES:
                raise RoomError(f"{where}: phase {doc['phase']!r} is not one of {', '.join(PHASES)}")
            room.game, room.phase, room.paused = game, doc["phase"], bool(doc["paused"])
            room.message = doc.get("message")
            timer = doc.get("timer")
            if timer is not None:
                room.timer.seconds = float(timer["seconds"])
                room.timer.on_expiry = timer["on_expiry"] if timer["on_expiry"] in EXPIRY else "commit"
                if timer["running"] and timer["left"] is not None:
                    room.timer.start(float(timer["left"]))
                else:
                    room.timer.hold(None if timer["left"] is None else float(timer["left"]))
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, RoomError):
                raise
            raise RoomError(f"{where}: {exc}") from None
        return room

    @classmethod
    def load(cls, path: Path, **kwargs) -> "Room":
        """The room saved at `path`; raises RoomError with the reason."""
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise RoomError(f"cannot read {path}: {exc.strerror or exc}") from None
        except json.JSONDecodeError as exc:
            raise RoomError(f"{path} is not JSON: {exc}") from None
        return cls.from_doc(doc, str(path), **kwargs)
