"""A resolved turn's report told again in the language in use, for the devices that read another language.

The game keeps each turn's report as it was made, in English: saves, replays and the English pages read
those. A report's sentences are composed from the kernel's explanation of the turn, which the report does
not keep, so a page in another language gets the same turn resolved again from the state it was resolved
from (the turn record keeps it), with the same orders and the same seed, and its report built inside the
caller's `game.i18n.use(lang)`: the same numbers, composed in that language. The facilitator's actions of the
turn are put in words again; the bots' reasons stay as they were written (the room writes them in its own
language).
"""

from __future__ import annotations

from dataclasses import replace

from game.engine.state import empty_orders, new_state
from game.session import checks
from game.session.game import Game, TurnRecord
from game.session.report import TurnReport, build_report


def retold_report(game: Game, record: TurnRecord) -> TurnReport:
    """`record`'s report composed in the language in use (a record without the state it was resolved from, from
    an old save, is told as it was)."""
    if record.x_before is None or record.ints_before is None:
        return record.report
    rules = game.rules
    state = new_state(rules, [game.seed])
    state.x[0], state.ints[0] = record.x_before, record.ints_before
    orders = empty_orders(rules)
    for faction, items in record.orders.items():
        orders[0, rules.faction_index[faction]] = checks.slots_of(rules, list(items))
    event = state.event()
    entries, amounts = game.engine.resolve(state, orders, explain=True)
    old = record.report
    actions = tuple(replace(action, words=action.text(rules)) for action in old.interventions)
    report = build_report(rules, record.turn, event, dict(record.orders), record.x_before, state.x[0], entries,
                          amounts, (old.scores_before, old.scores_after), actions, record.negotiation)
    report.bot_reasons.update(old.bot_reasons)
    return report
