"""The doctrine bot: a personality written as data (the content pack's doctrines) plays the faction.

Seats name it `doctrine` (the faction's default doctrine) or `doctrine:<name>`, e.g.
`doctrine:alliance_builder` for the U.S. or `doctrine:coercive` for China.
"""

from __future__ import annotations

from game.ai import BotKind, register
from game.engine.play import DoctrineChoice, doctrine_choice
from game.engine.policies import Policy
from game.rules.compiled import Rules
from game.rules.schema import Doctrine
from game.session.orders import Order
from game.session.desk import OrderDesk
from game.session.view import View


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

    @classmethod
    def levels(cls, rules, faction):
        return [(d.id.removeprefix(f"{faction}."), d.name) for d in rules.doctrines_of(faction)]

    @classmethod
    def policy(cls, rules, faction, level):
        return Policy.DOCTRINE, doctrine_index(rules, faction, level)

    def choose(self, view: View, desk: OrderDesk) -> tuple[list[Order], str]:
        if view.over:
            return [], "the game is over"
        look = desk.lookahead()
        rules = look.rules
        if not rules.doctrines_of(view.faction):
            return [], f"no doctrine is written for {view.faction} in this content, so it orders nothing"
        d = doctrine_index(rules, view.faction, self.level)
        choice = doctrine_choice(rules, look.x, look.ints, look.seed, rules.faction_index[view.faction], d, look.slots)
        orders = [Order(rules.actions[a].move.id, rules.actions[a].target) for a in choice.added]
        return orders, reason(rules, rules.doctrines[d], choice)


def reason(rules: Rules, doctrine: Doctrine, choice: DoctrineChoice) -> str:
    """The choice in plain language: each order with its weight and the doctrine's reasons that raised it."""
    if not choice.added:
        return f"{doctrine.name}: nothing it values is affordable or allowed now"
    first = int(rules.tables.doc_rule_start[rules.doctrines.index(doctrine)])
    act_start = rules.tables.doc_rule_act_start
    parts = []
    for a in choice.added:
        whys = [doctrine.rules[j].why for j in choice.held
                if a in rules.tables.doc_rule_act[act_start[first + j]: act_start[first + j + 1]]
                and doctrine.rules[j].add > 0]
        parts.append(rules.action_name(a) + (f" ({'; '.join(whys)})" if whys else ""))
    held_down = [doctrine.rules[j].why for j in choice.held if doctrine.rules[j].add < 0]
    tail = f". Holding back: {'; '.join(held_down)}" if held_down else ""
    return f"{doctrine.name}: " + ", then ".join(parts) + tail
