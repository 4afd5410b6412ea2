"""The greedy bot: a one-turn lookahead that adds, one at a time, the order that most improves its lead."""

from __future__ import annotations

from game.ai import BotKind, register
from game.engine.play import GreedyChoice, greedy_choice
from game.engine.policies import Policy
from game.session.orders import Order
from game.session.desk import OrderDesk
from game.session.view import View


@register("greedy")
class GreedyBot(BotKind):
    """Fills its slots one order at a time with the legal order whose simulated turn leaves the widest margin
    between its own score and the best rival's; stops when ordering nothing more is as good.

    Information it uses, all through its view and desk (`OrderDesk.lookahead`): the current state of every track it
    may see (a track private to another faction is taken at its start value; the shipped scenarios
    have none), the turn, the revealed event and which events have fired, and its own pending orders.
    It assumes every other faction orders nothing (their orders are secret), and it simulates with
    its own lookahead seed, derived from the game's seed and its faction, so it never sees the game's
    chance rolls or its next drawn event. Its choice is the kernel's (`game.engine.policies`), so a
    greedy seat plays the same orders here as in a batch analysis (which reads the whole state: the
    two agree as long as no track is private).
    """

    summary = "one-turn lookahead: the orders that most widen its lead this turn"

    @classmethod
    def policy(cls, rules, faction, level):
        return Policy.GREEDY

    def choose(self, view: View, desk: OrderDesk) -> tuple[list[Order], str]:
        if view.over:
            return [], "the game is over"
        look = desk.lookahead()
        rules = look.rules
        choice = greedy_choice(rules, look.x, look.ints, look.seed, rules.faction_index[view.faction], look.slots)
        orders = [Order(rules.actions[a].move.id, rules.actions[a].target) for a in choice.added]
        return orders, reason(choice, [rules.action_name(a) for a in choice.added])


def reason(choice: GreedyChoice, orders: list[str]) -> str:
    """The bot's choice in plain language: what it ordered and the margin over its best rival it expects."""
    nothing = f"ordering nothing: {choice.margins[0]:+.2f}"
    if choice.war:
        return ("greedy lookahead: every option it tried ended in war in its simulation; it ordered "
                + (", ".join(orders) or "nothing"))
    if not orders:
        return f"greedy lookahead: no order improved its score minus the best rival's ({nothing})"
    steps = ", then ".join(f"{order} {m:+.2f}" for order, m in zip(orders, choice.margins[1:]))
    return f"greedy one-turn lookahead, its score minus the best rival's: {steps} ({nothing})"
