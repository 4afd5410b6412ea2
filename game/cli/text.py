"""Plain-text rendering of briefings, turn reports and results for the terminal, in players' words."""

from __future__ import annotations

from game.session.briefing import Briefing
from game.session.debrief import debrief
from game.session.game import Game
from game.session.report import TurnReport
from game.session.scoring import score_breakdown, score_rank
from game.session.words import number, order_name, signed


def sources(ids) -> str:
    return f" [{', '.join(ids)}]" if ids else ""


def order_line(game: Game, order) -> str:
    """An order as a menu line: id (what to type), the order in words, its cost and the concepts it models."""
    move = game.rules.moves[game.rules.move_index[order.move]]
    cost = f"{move.cost.ap} AP" + (f", budget {number(move.cost.budget)}" if move.cost.budget else "")
    return f"{order} — {order_name(game.rules, order.move, order.target)} ({cost}){sources(move.sources)}"


def briefing_lines(brief: Briefing) -> list[str]:
    """The briefing before a turn's orders: news from Tokyo, the event and what it will do, what comes next."""
    lines = [f"== Briefing, turn {brief.turn} ({brief.label}) =="]
    if brief.banner:
        lines.append(f"News: {brief.banner}")
    if brief.event:
        lines.append(f"Event: {brief.event.name}{sources(brief.event.sources)}")
        if brief.event.text:
            lines.append(f"  {brief.event.text.strip()}")
        if brief.effect:
            lines.append(f"  It {brief.effect}.")
    else:
        lines.append("Event: none this turn")
    if brief.upcoming:
        lines.append(brief.upcoming.text)
    return lines


def report_lines(game: Game, report: TurnReport) -> list[str]:
    """The report of one turn, a line each: headlines, orders, every change with its causes, notes."""
    rules = game.rules
    lines = [f"== Turn {report.turn} ({report.label}) =="]
    if report.summary:
        lines.append("Headlines:")
        lines += [f"  {item.text}" for item in report.summary]
    lines.append("Orders:")
    for f in rules.factions:
        orders = report.orders.get(f.id, ())
        shown = "; ".join(order_name(rules, o.move, o.target) for o in orders) or "(none)"
        reason = report.bot_reasons.get(f.id)
        lines.append(f"  {f.name} ({game.seats[f.id]}): {shown}" + (f" — {reason}" if reason else ""))
    lines.append("Changes:")
    major, folded = report.split_changes()
    for change in major:
        causes = "; ".join(f"{c.cause} {signed(c.amount)}{sources(c.sources)}" for c in change.causes
                           if abs(c.amount) >= 0.05)
        lines.append(f"  {change.name} {number(change.before)} -> {number(change.after)} ({signed(change.delta)})"
                     + (f": {causes}" if causes else ""))
    if folded.count:
        lines.append(f"  and {folded.count} smaller changes (under 0.5 each, {number(folded.total)} in all)")
    for note in report.notes:
        lines.append(f"Note: {note}")
    return lines


def result_lines(game: Game) -> list[str]:
    """Scores by term with places, the winner (or the war or a tie) and why."""
    scores = game.scores()
    names = {f.id: f.name for f in game.rules.factions}
    ranks = score_rank(scores)
    lines = ["== Game over ==" if game.is_over else f"== Stopped before turn {game.turn} =="]
    lines.append("Scores: " + ", ".join(f"{names[f]} {number(v)}" for f, v in scores.items()))
    for faction, terms in score_breakdown(game).items():
        lines.append(f"  {names[faction]} ({ranks[faction]}, {number(scores[faction])}):")
        lines += [f"    {line.term}: {number(line.value)}, {signed(line.points)} points" for line in terms]
    facts = debrief(game)
    if game.status.name == "WAR":
        lines.append("Winner: none — the game ended in war, and every faction loses")
    elif facts.tied and game.is_over:
        lines.append(f"Winner: none — {facts.outcome}")
    elif game.is_over:
        lines.append(f"Winner: {names[game.winner()]}")
    if not game.is_over:
        return lines
    if facts.causes:
        lines.append("Why:")
        lines += [f"  {c}" for c in facts.causes]
    if facts.key_events:
        lines.append("Key events:")
        lines += [f"  {e.label}: {e.text}" for e in facts.key_events]
    return lines
