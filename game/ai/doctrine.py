"""The doctrine bot: a personality written as data (the content pack's doctrines) plays the faction.

A doctrine (`game.rules.doctrines`) gives each action of its faction a base weight; each of its
rules adds to some actions' weights while its condition (a program of the scenario's native
code) holds. The kernel policy (`doctrine_orders`) fills the faction's empty slots one at a time
with the legal action of highest weight, while that weight is above zero; ties are broken by draws
from the seed it is given (a bot's own lookahead seed, never the game's), so the choice is
reproducible. The adapter (`DoctrineBot`) runs it on its faction's view and names the doctrine's
reasons.

Seats name it `doctrine` (the faction's default doctrine) or `doctrine:<name>`, e.g.
`doctrine:alliance_builder` for the U.S. or `doctrine:coercive` for China.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.ai import BotKind, register
from game.ai.deals import ACCEPT, DECLINE, DRAWS, NONE, is_joint, joint_fits, partners_with
from game.ai.replies import action_of, order_of, proposal_text, reply
from game.engine import kernel
from game.engine.jit import rules_jit
from game.engine.layout import EMPTY, STATUS, TURN, Legality, Status
from game.engine.margins import TIE, committed, fits
from game.engine.native_calls import holds, run
from game.engine.rng import PURPOSE_BOT, draw, lookahead_seed, stream
from game.engine.tables import FloatField, IntField, Slot, getf, geti, lowered
from game.i18n import _, content
from game.rules.compiled import Rules
from game.rules.schema import PLACEHOLDER, Doctrine
from game.session.desk import OrderDesk
from game.session.orders import Order
from game.session.proposals import Proposal, Reply
from game.session.view import View
from game.session.words import action_name, clauses

_RUNNING, _OK = int(Status.RUNNING), int(Legality.OK)


@rules_jit
def rule_holds(ti, tf, x, ints, r, wf, wi):
    """Whether doctrine rule r's condition holds now (the played table must be clear)."""
    when = geti(ti, IntField.DOC_RULE_WHEN, r)
    return when < 0 or holds(run(ti, tf, when, x, ints[TURN], wf, wi))


@rules_jit
def doctrine_weights(ti, tf, x, ints, d, f, wf, wi):
    """Doctrine d's weight of each of faction f's actions now, into wf[ti[Slot.WF_ACTS] + action].

    Call `kernel.prerequisites` first (it also clears the played table the conditions read).
    """
    acts, n_a = ti[Slot.WF_ACTS], ti[Slot.N_ACTIONS]
    for j in range(geti(ti, IntField.FACTION_ACT_START, f), geti(ti, IntField.FACTION_ACT_START, f + 1)):
        a = geti(ti, IntField.FACTION_ACT_LIST, j)
        wf[acts + a] = getf(ti, tf, FloatField.DOC_WEIGHT, d * n_a + a)
    for r in range(geti(ti, IntField.DOC_RULE_START, d), geti(ti, IntField.DOC_RULE_START, d + 1)):
        if not rule_holds(ti, tf, x, ints, r, wf, wi):
            continue
        add = getf(ti, tf, FloatField.DOC_RULE_ADD, r)
        for k in range(geti(ti, IntField.DOC_RULE_ACT_START, r), geti(ti, IntField.DOC_RULE_ACT_START, r + 1)):
            wf[acts + geti(ti, IntField.DOC_RULE_ACT, k)] += add


@rules_jit
def negotiation_weights(ti, tf, x, ints, d, f, wf, wi):
    """Doctrine d's weights to negotiate with, into wf[ti[Slot.WF_ACTS] + action]: its order weights now plus its
    negotiation rules that hold. Call `kernel.prerequisites` first."""
    doctrine_weights(ti, tf, x, ints, d, f, wf, wi)
    acts = ti[Slot.WF_ACTS]
    for r in range(geti(ti, IntField.DOC_NEG_RULE_START, d), geti(ti, IntField.DOC_NEG_RULE_START, d + 1)):
        when = geti(ti, IntField.DOC_NEG_RULE_WHEN, r)
        if when >= 0 and not holds(run(ti, tf, when, x, ints[TURN], wf, wi)):
            continue
        add = getf(ti, tf, FloatField.DOC_NEG_RULE_ADD, r)
        for k in range(geti(ti, IntField.DOC_NEG_RULE_ACT_START, r), geti(ti, IntField.DOC_NEG_RULE_ACT_START, r + 1)):
            wf[acts + geti(ti, IntField.DOC_NEG_RULE_ACT, k)] += add


@rules_jit
def top_joint(ti, tf, x, wi, wf, f, other, skip, orders_f, tie_key, index):
    """f's joint action with `other` among its partners (any: other < 0), not `skip`, legal and fitting its orders,
    of highest weight in wf's action area (ties by a draw); (-1, -inf) if none."""
    acts = ti[Slot.WF_ACTS]
    top, pick, n_top = -np.inf, -1, 0
    for j in range(geti(ti, IntField.FACTION_ACT_START, f), geti(ti, IntField.FACTION_ACT_START, f + 1)):
        a = geti(ti, IntField.FACTION_ACT_LIST, j)
        if a == skip or not is_joint(ti, a) or (other >= 0 and not partners_with(ti, a, f, other)) \
                or not joint_fits(ti, tf, x, wi, orders_f, f, a):
            continue
        w = wf[acts + a]
        if w > top + TIE:
            top, pick, n_top = w, a, 1
        elif w >= top - TIE:
            n_top += 1
            if draw(tie_key, index + n_top) * n_top < 1.0:  # reservoir sampling: each tied action alike
                pick = a
    return pick, top


@rules_jit
def doctrine_propose(ti, tf, x, ints, seed, f, d, orders_f, wf, wi):
    """The joint action doctrine d weighs highest to negotiate, when it reaches the doctrine's `propose`; else NONE."""
    if ints[STATUS] != _RUNNING or d < 0 or geti(ti, IntField.DOC_NEG, d) == 0:
        return NONE
    negotiation_weights(ti, tf, x, ints, d, f, wf, wi)
    a, w = top_joint(ti, tf, x, wi, wf, f, -1, -1, orders_f, stream(seed, ints[TURN], PURPOSE_BOT), DRAWS + f * 64)
    return a if a >= 0 and w >= getf(ti, tf, FloatField.DOC_NEG_PROPOSE, d) - TIE else NONE


@rules_jit
def doctrine_answer(ti, tf, x, ints, seed, q, d, orders_q, a, proposer, wf, wi):
    """Accept joint action a when doctrine d weighs it at least its `accept`; else counter with its own best joint
    move with the proposer if that one reaches `accept`; else decline."""
    if ints[STATUS] != _RUNNING or d < 0 or geti(ti, IntField.DOC_NEG, d) == 0:
        return DECLINE
    negotiation_weights(ti, tf, x, ints, d, q, wf, wi)
    bar = getf(ti, tf, FloatField.DOC_NEG_ACCEPT, d) - TIE
    if joint_fits(ti, tf, x, wi, orders_q, q, a) and wf[ti[Slot.WF_ACTS] + a] >= bar:
        return ACCEPT
    c, w = top_joint(ti, tf, x, wi, wf, q, proposer, a, orders_q, stream(seed, ints[TURN], PURPOSE_BOT),
                     DRAWS + 4096 + q * 64)
    return c if c >= 0 and w >= bar else DECLINE


@rules_jit
def doctrine_orders(ti, tf, x, ints, seed, f, d, orders_f, wf, wi):
    """Fill faction f's empty slots by doctrine d; returns how many orders it added.

    Call `kernel.prerequisites` first for this state; legality is tested as `kernel.check_order` does.
    """
    return doctrine_fill(ti, tf, x, ints, seed, f, d, orders_f, wf, wi, False)


@rules_jit
def doctrine_fill(ti, tf, x, ints, seed, f, d, orders_f, wf, wi, agreed_only):
    """doctrine_orders; with `agreed_only` (allies negotiate) it adds no joint move: the deals already in its slots
    are the only joint moves it orders."""
    if ints[STATUS] != _RUNNING:
        return 0
    doctrine_weights(ti, tf, x, ints, d, f, wf, wi)
    acts, base, cand = ti[Slot.WF_ACTS], ti[Slot.WI_PREREQS], ti[Slot.WI_CAND]
    lo, hi = geti(ti, IntField.FACTION_ACT_START, f), geti(ti, IntField.FACTION_ACT_START, f + 1)
    tie_key = stream(seed, ints[TURN], PURPOSE_BOT)
    variety = getf(ti, tf, FloatField.DOC_VARIETY, d)
    added = 0
    for k in range(orders_f.shape[0]):
        if orders_f[k] >= 0:
            continue
        ap_left, spent, purse = committed(ti, tf, x, orders_f, f)
        if ap_left < geti(ti, IntField.FACTION_MIN_AP, f):
            break
        top, n_top = 0.0, 0
        for j in range(lo, hi):
            a = geti(ti, IntField.FACTION_ACT_LIST, j)
            w = wf[acts + a]
            if not w > top - TIE or wi[base + a] == 0 or fits(ti, tf, orders_f, a, ap_left, spent, purse) != _OK \
                    or (agreed_only and is_joint(ti, a)):
                continue
            if w > top + TIE or n_top == 0:
                top, n_top = w, 1
                wi[cand] = a
            else:
                wi[cand + n_top] = a
                n_top += 1
        if n_top == 0 or not top > TIE:
            break
        if variety > 0.0:  # the near-top moves too: every legal one above zero within `variety` of the top
            n_top = 0
            for j in range(lo, hi):
                a = geti(ti, IntField.FACTION_ACT_LIST, j)
                w = wf[acts + a]
                if w > TIE and w >= top - variety - TIE and wi[base + a] != 0 and (not agreed_only or not is_joint(
                        ti, a)) and fits(ti, tf, orders_f, a, ap_left, spent, purse) == _OK:
                    wi[cand + n_top] = a
                    n_top += 1
        orders_f[k] = wi[cand + min(int(draw(tie_key, 4096 + f * 64 + k) * n_top), n_top - 1)]
        added += 1
    return added


@rules_jit
def batch_policy(ti, tf, x, ints, seed, f, params, orders_f, wf, wi, memory):
    """The batch's doctrine seat (`game.ai.batch`): doctrine params[1] with the faction's lookahead seed (with
    proposals on, no joint move but its deals)."""
    doctrine_fill(ti, tf, x, ints, lookahead_seed(seed, f), f, params[1], orders_f, wf, wi, memory[3][1][0] != 0)


@rules_jit
def batch_propose(ti, tf, x, ints, seed, f, params, orders_f, wf, wi, memory):
    """The batch's doctrine proposal (`game.ai.batch.bot_round`)."""
    return doctrine_propose(ti, tf, x, ints, lookahead_seed(seed, f), f, params[1], orders_f, wf, wi)


@rules_jit
def batch_answer(ti, tf, x, ints, seed, q, params, orders_q, a, proposer, wf, wi, memory):
    """The batch's doctrine answer (`game.ai.batch.bot_round`)."""
    return doctrine_answer(ti, tf, x, ints, lookahead_seed(seed, q), q, params[1], orders_q, a, proposer, wf, wi)


@dataclass(frozen=True)
class DoctrineChoice:
    """What a doctrine chose for one faction of one game, and why."""

    slots: np.ndarray  # the faction's slots after choosing
    added: tuple[int, ...]  # the actions it added, in order
    weights: dict[int, float]  # each action's weight now (the faction's actions only)
    held: tuple[int, ...]  # the doctrine's rules (indices into its `rules`) whose condition holds now


def doctrine_choice(rules: Rules, x: np.ndarray, ints: np.ndarray, look_seed: int, faction: int, doctrine: int,
                    slots: np.ndarray | None = None, agreed_only: bool = False) -> DoctrineChoice:
    """The doctrine policy for one game's state and one faction (the kernel function a batch runs); with
    `agreed_only` (allies negotiate), no joint move but the deals already in its slots."""
    slots = np.full(rules.max_orders, EMPTY, dtype=np.int64) if slots is None else np.array(slots, dtype=np.int64)
    before = slots.copy()
    x, ints = np.ascontiguousarray(x, dtype=np.float64), np.ascontiguousarray(ints, dtype=np.int64)
    ti, tf = lowered(rules)
    wf, wi = kernel.scratch(ti)
    kernel.prerequisites(ti, tf, x, ints, wf, wi)
    doctrine_fill(ti, tf, x, ints, np.uint64(look_seed), faction, doctrine, slots, wf, wi, agreed_only)
    doctrine_weights(ti, tf, x, ints, doctrine, faction, wf, wi)
    fid = rules.factions[faction].id
    weights = {a.index: float(wf[ti[Slot.WF_ACTS] + a.index]) for a in rules.actions if fid in a.move.partners}
    first = int(rules.tables.doc_rule_start[doctrine])
    n_rules = int(rules.tables.doc_rule_start[doctrine + 1]) - first
    held = tuple(j for j in range(n_rules) if rule_holds(ti, tf, x, ints, first + j, wf, wi))
    added = tuple(int(a) for a, b in zip(slots, before) if a != b)
    return DoctrineChoice(slots, added, weights, held)


@dataclass(frozen=True)
class DoctrineTalk:
    """What a doctrine's negotiation weighed for one faction of one game: the kernel's answer and why."""

    code: int  # the proposal (an action, or NONE), or the answer (ACCEPT, DECLINE or the counter's action)
    weights: dict[int, float]  # each of its actions' weight to negotiate with
    held: tuple[int, ...]  # its negotiation rules (indices into negotiation.rules) whose condition holds now


def doctrine_talk(rules: Rules, x: np.ndarray, ints: np.ndarray, look_seed: int, faction: int, doctrine: int,
                  slots: np.ndarray, proposal: int = -1, proposer: int = -1) -> DoctrineTalk:
    """The kernel's doctrine proposal (proposal < 0) or answer to `proposal` by `proposer` for one game's state."""
    slots = np.array(slots, dtype=np.int64)
    x, ints = np.ascontiguousarray(x, dtype=np.float64), np.ascontiguousarray(ints, dtype=np.int64)
    ti, tf = lowered(rules)
    wf, wi = kernel.scratch(ti)
    kernel.prerequisites(ti, tf, x, ints, wf, wi)
    look = np.uint64(look_seed)
    if proposal < 0:
        code = doctrine_propose(ti, tf, x, ints, look, faction, doctrine, slots, wf, wi)
    else:
        code = doctrine_answer(ti, tf, x, ints, look, faction, doctrine, slots, proposal, proposer, wf, wi)
    negotiation_weights(ti, tf, x, ints, doctrine, faction, wf, wi)
    fid = rules.factions[faction].id
    weights = {a.index: float(wf[ti[Slot.WF_ACTS] + a.index]) for a in rules.actions if fid in a.move.partners}
    t = rules.tables
    first = int(t.doc_neg_rule_start[doctrine])
    held = []
    for j in range(int(t.doc_neg_rule_start[doctrine + 1]) - first):
        when = int(t.doc_neg_rule_when[first + j])
        if when < 0 or holds(kernel.value_game(ti, tf, when, x, ints, wf, wi)):
            held.append(j)
    return DoctrineTalk(int(code), weights, tuple(held))


def filled(rules: Rules, text: str, x: np.ndarray) -> str:
    """A negotiation `why` with each `{track}` replaced by the track's value now."""
    return PLACEHOLDER.sub(lambda m: f"{x[rules.track_index[m.group(1)]]:.0f}" if m.group(1) in rules.track_index
                           else m.group(0), text)


def talk_words(rules: Rules, d: int, talk: DoctrineTalk, a: int, x: np.ndarray, raised: bool) -> str:
    """Why doctrine d weighs action a as it does: its negotiation rules that hold and raise (`raised`) or lower it,
    else its weight against its threshold."""
    doctrine = rules.doctrines[d]
    t = rules.tables
    first = int(t.doc_neg_rule_start[d])
    whys = []
    for j in talk.held:
        rule = doctrine.negotiation.rules[j]
        acts = t.doc_neg_rule_act[t.doc_neg_rule_act_start[first + j]: t.doc_neg_rule_act_start[first + j + 1]]
        if a in acts and (rule.add > 0) == raised:
            whys.append(filled(rules, content.name(rules, doctrine.id, f"negotiation.rules.{j}.why"), x))
    if whys:
        return clauses(whys)
    name = content.name(rules, doctrine.id)
    if a not in talk.weights:
        return _("{doctrine} cannot order it", doctrine=name)
    bar = doctrine.negotiation.accept if doctrine.negotiation else 0.0
    return _("{doctrine} weighs it {weight} (it accepts from {bar})", doctrine=name,
             weight=f"{talk.weights[a]:g}", bar=f"{bar:g}")


def doctrine_index(rules: Rules, faction: str, level: str) -> int:
    """The index in `rules.doctrines` of the faction's doctrine named `level` (its default for "")."""
    for d, doc in enumerate(rules.doctrines):
        if doc.faction == faction and (doc.id == f"{faction}.{level}" or not level):
            return d
    raise LookupError(f"{faction} has no doctrine {level!r}")


@register("doctrine")
class DoctrineBot(BotKind):
    """Orders the legal moves its doctrine weighs highest, the weights shifted by the doctrine's rules.

    Information it uses, all through its view and desk: every track it may see and its own pending orders
    (`OrderDesk.lookahead`); ties between equal weights are broken by its own lookahead seed.
    """

    summary = "a personality written as data: weights over moves, shifted by the state"
    missing = "its content pack writes no doctrine for it (add one to a doctrines list)"
    kernel = staticmethod(batch_policy)
    propose_kernel = staticmethod(batch_propose)
    answer_kernel = staticmethod(batch_answer)

    @classmethod
    def levels(cls, rules, faction):
        return [(d.id.removeprefix(f"{faction}."), content.name(rules, d.id)) for d in rules.doctrines_of(faction)]

    @classmethod
    def params(cls, rules, faction, level):
        return (doctrine_index(rules, faction, level),)

    @classmethod
    def check_params(cls, rules, rows):
        if not ((rows[:, 1] >= 0) & (rows[:, 1] < len(rules.doctrines))).all():
            raise ValueError(f"doctrine index out of range in {rows[:, 1].tolist()} ({len(rules.doctrines)} doctrines)")

    def choose(self, view: View, desk: OrderDesk) -> tuple[list[Order], str]:
        if view.over:
            return [], _("the game is over")
        look = desk.lookahead()
        rules = look.rules
        if not rules.doctrines_of(view.faction):
            return [], _("no doctrine is written for {faction} in this content, so it orders nothing",
                         faction=view.faction)
        d = doctrine_index(rules, view.faction, self.level)
        choice = doctrine_choice(rules, look.x, look.ints, look.seed, rules.faction_index[view.faction], d, look.slots,
                                 agreed_only=True)  # a single game negotiates: joint moves only by agreement
        orders = [Order(rules.actions[a].move.id, rules.actions[a].target) for a in choice.added]
        return orders, reason(rules, rules.doctrines[d], choice)

    def propose(self, view: View, desk: OrderDesk) -> tuple[Order, str] | None:
        look = desk.lookahead()
        rules = look.rules
        if view.over or not rules.doctrines_of(view.faction):
            return None
        d = doctrine_index(rules, view.faction, self.level)
        talk = doctrine_talk(rules, look.x, look.ints, look.seed, rules.faction_index[view.faction], d, look.slots)
        if talk.code < 0:
            return None
        return order_of(rules, talk.code), proposal_text(rules, view.faction, talk.code,
                                                         talk_words(rules, d, talk, talk.code, look.x, True))

    def answer(self, view: View, desk: OrderDesk, proposal: Proposal) -> Reply:
        look = desk.lookahead()
        rules = look.rules
        if not rules.doctrines_of(view.faction):
            return super().answer(view, desk, proposal)
        d = doctrine_index(rules, view.faction, self.level)
        a = action_of(rules, proposal.order)
        talk = doctrine_talk(rules, look.x, look.ints, look.seed, rules.faction_index[view.faction], d, look.slots, a,
                             rules.faction_index[proposal.by])
        if rules.doctrines[d].negotiation is None:
            return reply(rules, view.faction, proposal, talk.code,
                         _("{doctrine} does not negotiate", doctrine=content.name(rules, rules.doctrines[d].id)))
        return reply(rules, view.faction, proposal, talk.code,
                     talk_words(rules, d, talk, a, look.x, talk.code == ACCEPT),
                     talk_words(rules, d, talk, talk.code, look.x, True) if talk.code >= 0 else "")


def reason(rules: Rules, doctrine: Doctrine, choice: DoctrineChoice) -> str:
    """The choice in plain language: each order with its weight and the doctrine's reasons that raised it."""
    name = content.name(rules, doctrine.id)
    if not choice.added:
        return _("{doctrine}: nothing it values is affordable or allowed now", doctrine=name)
    first = int(rules.tables.doc_rule_start[rules.doctrines.index(doctrine)])
    act_start = rules.tables.doc_rule_act_start

    def why(j: int) -> str:
        return content.name(rules, doctrine.id, f"rules.{j}.why")
    parts = []
    for a in choice.added:
        whys = [why(j) for j in choice.held
                if a in rules.tables.doc_rule_act[act_start[first + j]: act_start[first + j + 1]]
                and doctrine.rules[j].add > 0]
        order = action_name(rules, a)
        parts.append(_("{order} ({why})", order=order, why=clauses(whys)) if whys else order)
    held_down = [why(j) for j in choice.held if doctrine.rules[j].add < 0]
    chosen = _(", then ").join(parts)
    if held_down:
        return _("{doctrine}: {orders}. Holding back: {held}", doctrine=name, orders=chosen, held=clauses(held_down))
    return _("{doctrine}: {orders}", doctrine=name, orders=chosen)
