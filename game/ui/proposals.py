"""The orders screen's proposals panel: a faction's joint-move proposals this turn, and its answers to them.

It lists what the faction proposed, what its partners proposed to it (with their reasons), its agreements,
and what a partner declined, countered, withdrew or let lapse, newest first; under the list, a row of
buttons for each proposal the faction can act on: Accept (A), Decline (D) or Counter (C) one waiting for its
answer, Withdraw (W) its own open proposal or an agreement. Declining, withdrawing and proposing ask for
an optional reason first (Enter does it, Esc cancels, nothing is changed until then); Counter opens a
picker of the joint moves the two share (1-9, Left/Right pages, Esc closes), then asks for the reason.
Every request goes through the game (its refusal is shown as the game words it), and then the bot seats
answer at once (`HotSeat.negotiate`). The panel only ever reads `game.proposals(faction)`: the proposals
this faction is a party to.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UITextBox, UITextEntryLine

from game.i18n import _, current, join, ngettext
from game.session.orders import IllegalOrderError, Order, SessionError
from game.session.proposals import Answer, Proposal, Standing
from game.ui.board import faction_names, order_label
from game.ui.fit import first_fit, inner_width, text_width

PANEL = ObjectID(class_id="@panel")
ACTION_KEYS = {pygame.K_a: "accept", pygame.K_d: "decline", pygame.K_c: "counter", pygame.K_w: "withdraw"}


# ---------------------------------------------------------------------------------------- words


def others(rules, proposal: Proposal, faction: str) -> str:
    """The parties to `proposal` other than `faction`, in words ("Japan")."""
    names = faction_names(rules)
    return join([names[p] for p in proposal.parties if p != faction])


def partner_words(rules, move, faction: str) -> str:
    """A joint move's partners other than `faction`, in words: whom a proposal of it goes to."""
    names = faction_names(rules)
    return join([names[p] for p in move.partners if p != faction])


def proposal_line(rules, faction: str, p: Proposal) -> str:
    """One proposal as `faction` reads it: who proposed what, where it stands, and the words given."""
    names = faction_names(rules)
    order = order_label(rules, p.order)
    mine, by = p.by == faction, names[p.by]
    who = names.get(p.answered_by, "")
    answered_here = p.answered_by == faction
    if p.standing == Standing.OPEN:
        if mine:
            text = _("{number}. You proposed {order} to {partners}: waiting for the answer", number=p.number,
                     order=order, partners=others(rules, p, faction))
        elif p.counters is not None:
            text = _("{number}. {faction} counters proposal {counters} with {order}: waiting for your answer",
                     number=p.number, faction=by, counters=p.counters, order=order)
        else:
            text = _("{number}. {faction} proposes {order}: waiting for your answer", number=p.number, faction=by,
                     order=order)
    elif p.standing == Standing.ACCEPTED:
        text = _("{number}. Agreed with {partners}: {order}", number=p.number, partners=others(rules, p, faction),
                 order=order)
    elif p.standing == Standing.DECLINED:
        text = _("{number}. You declined {order}", number=p.number, order=order) if answered_here else \
            _("{number}. {faction} declined {order}", number=p.number, faction=who, order=order)
    elif p.standing == Standing.COUNTERED:
        text = _("{number}. You answered {order} with proposal {counter}", number=p.number, order=order,
                 counter=p.countered_by) if answered_here else \
            _("{number}. {faction} answered {order} with proposal {counter}", number=p.number, faction=who,
              order=order, counter=p.countered_by)
    elif p.standing == Standing.WITHDRAWN:
        text = _("{number}. You withdrew {order}", number=p.number, order=order) if answered_here else \
            _("{number}. {faction} withdrew {order}", number=p.number, faction=who, order=order)
    else:
        text = _("{number}. {order} lapsed: {faction} committed without answering", number=p.number, order=order,
                 faction=who or _("a partner"))
    words = p.reason if p.standing == Standing.OPEN else p.answer_reason or (
        p.reason if p.standing == Standing.ACCEPTED else "")  # an agreement: the acceptance's words, if kept
    return _("{line} — “{words}”", line=text, words=words) if words else text


def subject(name: str) -> str:
    """A faction's name as the subject of a sentence: "the United States" in English (a plural name), else as is."""
    return f"the {name}" if current() == "en" and name.endswith("s") else name


def waiting(game, faction: str) -> tuple[Proposal, ...]:
    """The open proposals waiting for `faction`'s answer."""
    return tuple(p for p in game.proposals(faction) if p.standing == Standing.OPEN and faction in p.to
                 and faction not in p.accepted)


def cover_text(game, faction: str) -> str | None:
    """What the hand-off cover may say to the whole room: how many proposals wait, and from whom, never what."""
    open_ = waiting(game, faction)
    if not open_:
        return None
    names = faction_names(game.rules)
    senders = join([subject(names[f]) for f in game.factions if any(p.by == f for p in open_)])
    return ngettext("{n} proposal from {factions} is waiting for your answer",
                    "{n} proposals from {factions} are waiting for your answer", len(open_), factions=senders)


def actions(faction: str, p: Proposal) -> tuple[str, ...]:
    """What `faction` can do with `p` now: accept, decline, counter (waiting for it) or withdraw."""
    if p.standing == Standing.OPEN and faction in p.to and faction not in p.accepted:
        return ("accept", "decline", "counter")
    if (p.standing == Standing.OPEN and p.by == faction) or p.standing == Standing.ACCEPTED:
        return ("withdraw",)
    return ()


def counter_moves(game, faction: str, p: Proposal) -> list:
    """The joint moves `faction` may offer instead of `p` (shared with its proposer), each with a usable target."""
    rules, desk = game.rules, game.desk(faction)
    moves = []
    for move in rules.moves:
        if len(move.partners) < 2 or faction not in move.partners or p.by not in move.partners:
            continue
        if counter_targets(game, faction, p, move, desk):
            moves.append(move)
    return moves


def counter_targets(game, faction: str, p: Proposal, move, desk=None) -> list[str | None]:
    """The targets (None: the move has none) of `move` that `faction` could order as a counter to `p`."""
    desk = desk or game.desk(faction)
    options = list(move.target.options) if move.target else [None]
    return [t for t in options if Order(move.id, t) != p.order and desk.refusal(Order(move.id, t)) is None]


# ---------------------------------------------------------------------------------------- the panel


@dataclass
class Ask:
    """A request waiting for its optional reason: propose `order`, or decline / withdraw / counter proposal `number`."""

    kind: str  # "propose", "decline", "withdraw", "counter"
    number: int | None = None
    order: Order | None = None
    text: str = ""  # the reason typed so far (kept across rebuilds)


class ProposalsPanel:
    """The proposals of one faction's orders screen; the scene lays it out in a rect and passes it events."""

    def __init__(self, scene):
        self.scene = scene
        self.app, self.flow, self.faction = scene.app, scene.flow, scene.faction
        self.ask: Ask | None = None
        self.countering: Proposal | None = None  # the counter picker is open for this proposal
        self.counter_move = None  # the picker's chosen move, while it lists the move's targets
        self.counter_page = 0
        self.per_page = 9  # the picker's rows a page, as laid out
        self.message: str | None = None  # the last refusal, or what the bots answered
        self.rows: list[tuple[Proposal, dict[str, UIButton]]] = []
        self.picks: dict[int, UIButton] = {}
        self.entry: UITextEntryLine | None = None
        self.confirm_button = self.cancel_button = self.close_button = None
        self.prev_button = self.next_button = None
        self.box: UITextBox | None = None

    @property
    def game(self):
        return self.flow.game

    @property
    def rules(self):
        return self.game.rules

    def proposals(self) -> tuple[Proposal, ...]:
        return self.game.proposals(self.faction)

    @property
    def busy(self) -> bool:
        """Whether a reason is being asked or the counter picker is open (every key goes to the panel)."""
        return self.ask is not None or self.countering is not None

    def title(self) -> str:
        partners = join(sorted({n for p in self.proposals() for n in [others(self.rules, p, self.faction)]})) or \
            join(self.scene.partners())
        return _("Proposals with {partners}", partners=partners) if partners else _("Proposals")

    # ------------------------------------------------------------------ layout

    def build(self, rect: pygame.Rect) -> None:
        app, px = self.app, self.app.px
        manager = app.manager
        self.rows, self.picks, self.entry = [], {}, None
        self.confirm_button = self.cancel_button = self.prev_button = self.next_button = None
        row_h, gap = px(32), px(6)
        close = _("Close (N)")
        bw = text_width(app, close) + px(24)
        self.close_button = UIButton(pygame.Rect(rect.right - bw, rect.y, bw, row_h - px(4)), close, manager)
        UILabel(pygame.Rect(rect.x, rect.y, rect.width - bw - gap, row_h - px(4)),
                first_fit(app, [self.title(), _("Proposals")], rect.width - bw - gap - px(4), bold=True), manager,
                object_id=ObjectID(class_id="@muted"))
        y = rect.y + row_h
        if self.countering is not None:
            y = self._picker(rect, y, row_h)
        elif self.ask is not None:
            y = self._asking(rect, y, row_h)
        else:
            y = self._actions(rect, y, row_h)
        html = "<br>".join(self._lines()) or "<i>" + escape(_("No proposals this turn yet. A joint move's "
                                                                "Propose button (P) offers it to its partners.")) + "</i>"
        self.box = None
        if rect.bottom - y >= px(40):  # the picker may take the whole panel; the list is back once it closes
            self.box = UITextBox(html, pygame.Rect(rect.x, y, rect.width, rect.bottom - y), manager, object_id=PANEL)

    def _lines(self) -> list[str]:
        lines = []
        if self.message:
            lines.append(f"<font color='#E69F00'>{escape(self.message)}</font>")
        lines += [escape(proposal_line(self.rules, self.faction, p)) for p in reversed(self.proposals())]
        return lines

    def _actions(self, rect: pygame.Rect, y: int, row_h: int) -> int:
        """A row for each proposal the faction can act on: its number and move, and its buttons."""
        app, px = self.app, self.app.px
        labels = {"accept": (_("Accept (A)"), _("Accept")), "decline": (_("Decline (D)"), _("Decline")),
                  "counter": (_("Counter (C)"), _("Counter")), "withdraw": (_("Withdraw (W)"), _("Withdraw"))}
        for p in self.proposals():
            can = actions(self.faction, p)
            if not can:
                continue
            keyed = self.first(can[0]) is p  # the keys act on the first proposal of their kind
            for form in ((0, 1) if keyed else (1,)):  # with the key if it fits, else the bare word
                texts = [labels[a][form] for a in can]
                widths = [text_width(app, t) + px(20) for t in texts]
                span = sum(widths) + px(4) * (len(widths) - 1)
                if span <= rect.width:
                    break
            if span > rect.width:  # still too wide: the buttons share the row equally
                widths = [(rect.width - px(4) * (len(can) - 1)) // len(can)] * len(can)
                texts = [first_fit(app, [t], inner_width(app, w, 4)) for t, w in zip(texts, widths)]
                span = rect.width
            order = order_label(self.rules, p.order)
            own_row = rect.width - span - px(8) < text_width(app, f"{p.number}. {order}"[:24])
            x = rect.right
            by = y + (row_h if own_row else 0)  # a narrow panel: the move on a row, its buttons on the next
            buttons = {}
            for action, text, w in reversed(list(zip(can, texts, widths))):
                x -= w
                buttons[action] = UIButton(pygame.Rect(x, by, w, row_h - px(4)), text, app.manager,
                                           object_id=ObjectID(class_id="@primary") if action == "accept" else None)
                x -= px(4)
            room = rect.width if own_row else x - rect.x - px(4)
            UILabel(pygame.Rect(rect.x, y, room, row_h - px(4)),
                    first_fit(app, [f"{p.number}. {order}"], room - px(8)), app.manager)
            self.rows.append((p, buttons))
            y = by + row_h
        return y + px(2)

    def _asking(self, rect: pygame.Rect, y: int, row_h: int) -> int:
        """The request waiting for its reason: what it does, the reason field, Do it (Enter) and Cancel (Esc)."""
        app, px = self.app, self.app.px
        ask = self.ask
        UILabel(pygame.Rect(rect.x, y, rect.width, row_h - px(4)),
                first_fit(app, self._ask_words(), inner_width(app, rect.width, 2)), app.manager)
        y += row_h
        verbs = {"propose": _("Propose (Enter)"), "decline": _("Decline (Enter)"), "withdraw": _("Withdraw (Enter)"),
                 "counter": _("Counter (Enter)")}
        cancel = _("Cancel (Esc)")
        cw, vw = text_width(app, cancel) + px(20), text_width(app, verbs[ask.kind], bold=True) + px(20)
        entry_w = max(px(80), rect.width - cw - vw - px(12))
        self.entry = UITextEntryLine(pygame.Rect(rect.x, y, entry_w, row_h - px(2)), app.manager,
                                     placeholder_text=_("Reason (optional)"))
        self.entry.set_text(ask.text)
        app.manager.set_focus_set(self.entry)  # the players type at once; Enter does it, Esc cancels
        self.confirm_button = UIButton(pygame.Rect(rect.right - cw - vw - px(4), y, vw, row_h - px(2)),
                                       verbs[ask.kind], app.manager, object_id=ObjectID(class_id="@primary"))
        self.cancel_button = UIButton(pygame.Rect(rect.right - cw, y, cw, row_h - px(2)), cancel, app.manager)
        return y + row_h + px(4)

    def _ask_words(self) -> list[str]:
        """What the request waiting for its reason will do, longest wording first."""
        ask, rules = self.ask, self.rules
        if ask.kind == "propose":
            move = rules.moves[rules.move_index[ask.order.move]]
            order = order_label(rules, ask.order)
            return [_("Propose {order} to {partners}: why (optional)?", order=order,
                      partners=partner_words(rules, move, self.faction)),
                    _("Propose {order}", order=order), _("Propose")]
        p = self.game.negotiation.get(ask.number)
        order = order_label(rules, p.order)
        if ask.kind == "counter":
            offer = order_label(rules, ask.order)
            return [_("Answer proposal {number} with {offer}: why (optional)?", number=p.number, offer=offer),
                    _("Counter with {offer}", offer=offer), _("Counter")]
        if ask.kind == "decline":
            return [_("Decline proposal {number}, {order}: why (optional)?", number=p.number, order=order),
                    _("Decline {order}", order=order), _("Decline")]
        return [_("Withdraw {number}, {order}: why (optional)?", number=p.number, order=order),
                _("Withdraw {order}", order=order), _("Withdraw")]

    def _picker(self, rect: pygame.Rect, y: int, row_h: int) -> int:
        """The counter picker: the joint moves shared with the proposer, or the chosen move's targets (1-9)."""
        app, px = self.app, self.app.px
        items = self.pick_items()
        self.per_page = max(1, min(9, (rect.bottom - y - row_h) // row_h))  # the rows under the picker's title
        pages = max(1, -(-len(items) // self.per_page))
        self.counter_page = min(self.counter_page, pages - 1)
        cancel = _("Cancel (Esc)")
        cw = text_width(app, cancel) + px(20)
        x = rect.x
        if pages > 1:
            self.prev_button = UIButton(pygame.Rect(x, y, px(40), row_h - px(4)), "<", app.manager)
            self.next_button = UIButton(pygame.Rect(x + px(44), y, px(40), row_h - px(4)), ">", app.manager)
            x += px(92)
        self.cancel_button = UIButton(pygame.Rect(rect.right - cw, y, cw, row_h - px(4)), cancel, app.manager)
        p = self.countering
        room = rect.right - cw - px(8) - x
        if self.counter_move is None:
            words = [_("Counter proposal {number} with: pick a joint move (1-9)", number=p.number),
                     _("Counter with: 1-9"), _("Counter")]
        else:
            name = order_label(self.rules, Order(self.counter_move.id, None))
            words = [_("{move}: pick its target (1-9)", move=name), _("Target: 1-9"), _("Target")]
        if pages > 1:
            words = [_("{words} · page {page} of {pages} (Left/Right)", words=w, page=self.counter_page + 1,
                       pages=pages) for w in words[:1]] + words
        UILabel(pygame.Rect(x, y, room, row_h - px(4)), first_fit(app, words, room - px(4)), app.manager,
                object_id=ObjectID(class_id="@muted"))
        y += row_h
        for k, (text, _value) in enumerate(self.page_items()):
            self.picks[k] = UIButton(pygame.Rect(rect.x, y, rect.width, row_h - px(4)),
                                     first_fit(app, [f"{k + 1}  {text}"], inner_width(app, rect.width)), app.manager,
                                     object_id=ObjectID(class_id="@move"))
            y += row_h
        return y + px(2)

    def pick_items(self) -> list[tuple[str, object]]:
        """What the counter picker lists now: (label, move) for the moves, or (label, target) for a move's targets."""
        from game.session.words import move_name
        from game.ui.board import place_name

        p = self.countering
        if self.counter_move is None:
            return [(move_name(self.rules, m.id), m) for m in counter_moves(self.game, self.faction, p)]
        return [(place_name(self.rules, t) if t else move_name(self.rules, self.counter_move.id), t)
                for t in counter_targets(self.game, self.faction, p, self.counter_move)]

    def page_items(self) -> list[tuple[str, object]]:
        return self.pick_items()[self.counter_page * self.per_page:(self.counter_page + 1) * self.per_page]

    # ------------------------------------------------------------------ actions

    def first(self, action: str) -> Proposal | None:
        """The first proposal `action` applies to (what its key acts on)."""
        return next((p for p in self.proposals() if action in actions(self.faction, p)), None)

    def act(self, action: str, p: Proposal | None) -> None:
        """Accept at once; decline and withdraw ask for the reason first; counter opens the picker."""
        if p is None:
            return
        self.message = None
        if action == "accept":
            self._call(lambda: self.game.answer(self.faction, p.number, Answer.ACCEPT))
        elif action == "counter":
            if not counter_moves(self.game, self.faction, p):
                self.message = _("No other joint move with {faction} can be ordered now.",
                                 faction=faction_names(self.rules)[p.by])
            else:
                self.countering, self.counter_move, self.counter_page = p, None, 0
        else:
            self.ask = Ask(action, p.number)
        self.app.rebuild()

    def propose(self, order: Order) -> None:
        """Ask for the reason of a proposal of `order` (made when the players confirm)."""
        self.message = None
        self.ask = Ask("propose", order=order)
        self.countering = None

    def pick(self, k: int) -> None:
        items = self.page_items()
        if k >= len(items):
            return
        value = items[k][1]
        if self.counter_move is None:
            targets = counter_targets(self.game, self.faction, self.countering, value)
            if len(targets) == 1:
                return self._counter_with(Order(value.id, targets[0]))
            self.counter_move, self.counter_page = value, 0
        else:
            return self._counter_with(Order(self.counter_move.id, value))
        self.app.rebuild()

    def _counter_with(self, order: Order) -> None:
        self.ask = Ask("counter", self.countering.number, order)
        self.countering = self.counter_move = None
        self.app.rebuild()

    def confirm(self) -> None:
        """Enter: carry out the request waiting for its reason."""
        ask, game, faction = self.ask, self.game, self.faction
        if ask is None:
            return
        reason = self.entry.get_text() if self.entry is not None else ask.text
        self.ask = None
        if ask.kind == "propose":
            self._call(lambda: game.propose(faction, ask.order, reason))
        elif ask.kind == "decline":
            self._call(lambda: game.answer(faction, ask.number, Answer.DECLINE, reason))
        elif ask.kind == "counter":
            self._call(lambda: game.answer(faction, ask.number, Answer.COUNTER, reason, ask.order))
        else:
            self._call(lambda: game.withdraw(faction, ask.number, reason))
        self.app.manager.set_focus_set(None)
        self.app.rebuild()

    def cancel(self) -> bool:
        """Esc: close the counter picker or drop the request waiting for its reason; False if neither was open."""
        if not self.busy:
            return False
        self.ask = self.countering = self.counter_move = None
        self.app.manager.set_focus_set(None)
        self.app.rebuild()
        return True

    def _call(self, request) -> None:
        """Make a request of the game, then let the bot seats answer at once; a refusal is shown in the game's words."""
        try:
            request()
        except IllegalOrderError as exc:
            self.message = str(exc).removeprefix(f"{faction_names(self.rules)[self.faction]}: ")
            return
        try:
            self.flow.negotiate()
        except (IllegalOrderError, SessionError) as exc:  # a bot's refused answer: what the players made stands
            self.message = _("A bot could not answer: {why}", why=exc)

    # ------------------------------------------------------------------ events

    def pressed(self, element) -> bool:
        """A button of the panel; False if the element is not the panel's."""
        if element is None:
            return False
        if element is self.close_button:
            self.scene.toggle_proposals()
            return True
        if element is self.confirm_button:
            self.confirm()
            return True
        if element is self.cancel_button:
            self.cancel()
            return True
        if element in (self.prev_button, self.next_button):
            self.turn_page(-1 if element is self.prev_button else +1)
            return True
        for k, button in self.picks.items():
            if element is button:
                self.pick(k)
                return True
        for p, buttons in self.rows:
            for action, button in buttons.items():
                if element is button:
                    self.act(action, p)
                    return True
        return False

    def turn_page(self, step: int) -> None:
        pages = max(1, -(-len(self.pick_items()) // self.per_page))
        self.counter_page = (self.counter_page + step) % pages
        self.app.rebuild()

    def key(self, event: pygame.event.Event) -> bool:
        """A key while the panel is shown; True if the panel took it (a busy panel takes every key)."""
        if self.ask is not None:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.confirm()
            return True  # nothing else acts while a reason is asked: no stray key commits or drops anything
        if self.countering is not None:
            if pygame.K_1 <= event.key <= pygame.K_9:
                self.pick(event.key - pygame.K_1)
            elif pygame.K_KP1 <= event.key <= pygame.K_KP9:
                self.pick(event.key - pygame.K_KP1)
            elif event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.turn_page(-1 if event.key == pygame.K_LEFT else +1)
            return True
        if event.key in ACTION_KEYS and not event.mod & pygame.KMOD_CTRL:
            action = ACTION_KEYS[event.key]
            self.act(action, self.first(action))
            return True
        return False

    def text_event(self, event: pygame.event.Event) -> None:
        """Typing in the reason field: kept across rebuilds; Enter in it carries the request out."""
        if self.entry is None or getattr(event, "ui_element", None) is not self.entry or self.ask is None:
            return
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            self.ask.text = self.entry.get_text()
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            self.confirm()
