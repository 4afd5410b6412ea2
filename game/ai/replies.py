"""A bot's negotiation in words: the kernel's proposal or answer (`game.ai.deals`) as an Order, a Reply and a reason.

Every bot's `propose` and `answer` run their kernel functions on the desk's lookahead and hand the
result here with the reason in their own words, so every bot says the same thing the same way.
"""

from __future__ import annotations

from game.ai.deals import ACCEPT, DECLINE
from game.i18n import _
from game.rules.compiled import Rules
from game.session.orders import Order
from game.session.proposals import Answer, Proposal, Reply
from game.session.words import action_name, faction_name


def order_of(rules: Rules, a: int) -> Order:
    """The order of action index a."""
    action = rules.actions[a]
    return Order(action.move.id, action.target)


def action_of(rules: Rules, order: Order) -> int:
    """The action index of an order (a proposal's)."""
    return rules.action_index[(order.move, order.target)]


def proposal_text(rules: Rules, faction: str, a: int, why: str) -> str:
    """`Japan proposes joint infrastructure finance in Vietnam: …`."""
    return _("{faction} proposes {order}: {why}", faction=faction_name(rules, faction), order=action_name(rules, a),
             why=why)


def reply(rules: Rules, faction: str, proposal: Proposal, code: int, why: str, counter_why: str = "") -> Reply:
    """The Reply for a kernel answer `code` (ACCEPT, DECLINE or a counter's action) with the answering faction's
    reasons: `why` about the proposal, `counter_why` about its counter."""
    name, order = faction_name(rules, faction), action_name(rules, action_of(rules, proposal.order))
    if code == ACCEPT:
        return Reply(Answer.ACCEPT, _("{faction} accepts {order}: {why}", faction=name, order=order, why=why))
    if code == DECLINE:
        return Reply(Answer.DECLINE, _("{faction} declines {order}: {why}", faction=name, order=order, why=why))
    return Reply(Answer.COUNTER, _("{faction} declines {order}: {why}; it would accept {counter} instead ({reason})",
                                   faction=name, order=order, why=why, counter=action_name(rules, code),
                                   reason=counter_why), order_of(rules, code))
