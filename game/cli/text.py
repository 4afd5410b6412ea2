"""Plain-text rendering of turn reports and results for the terminal."""

from __future__ import annotations

from game.session.game import Game
from game.session.report import TurnReport


def number(value: float) -> str:
    """A track value or change as people read it: 41.5, 40, -3.25."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def signed(value: float) -> str:
    text = number(value)
    return text if text.startswith("-") or text == "0" else "+" + text


def sources(ids) -> str:
    return f" [{', '.join(ids)}]" if ids else ""


def order_line(game: Game, order) -> str:
    """An order as a menu line: id, the move's name, its cost and the concepts it models."""
    move = game.rules.moves[game.rules.move_index[order.move]]
    cost = f"{move.cost.ap} AP" + (f", budget {number(move.cost.budget)}" if move.cost.budget else "")
    return f"{order} — {move.name} ({cost}){sources(move.sources)}"


def report_lines(game: Game, report: TurnReport) -> list[str]:
    """The report of one turn, a line each: event, orders, every change with its causes, notes."""
    rules = game.rules
    lines = [f"== Turn {report.turn} ({report.label}) =="]
    if report.event:
        lines.append(f"Event: {report.event.name}{sources(report.event.sources)}")
        if report.event.text:
            lines.append(f"  {report.event.text.strip()}")
    for ev in report.triggered:
        lines.append(f"Triggered: {ev.name}{sources(ev.sources)}")
    lines.append("Orders:")
    for f in rules.factions:
        orders = report.orders.get(f.id, ())
        shown = "; ".join(str(o) for o in orders) or "(none)"
        reason = report.bot_reasons.get(f.id)
        lines.append(f"  {f.name} ({game.seats[f.id]}): {shown}" + (f" — {reason}" if reason else ""))
    lines.append("Changes:")
    for change in report.changes:
        causes = "; ".join(f"{c.cause} {signed(c.amount)}{sources(c.sources)}" for c in change.causes if c.amount)
        lines.append(f"  {change.track} {number(change.before)} -> {number(change.after)} ({signed(change.delta)})"
                     + (f": {causes}" if causes else ""))
    for note in report.notes:
        lines.append(f"Note: {note}")
    return lines


def result_lines(game: Game) -> list[str]:
    """Scores and winner (or the war that ended the game)."""
    scores = game.scores()
    names = {f.id: f.name for f in game.rules.factions}
    lines = ["== Game over ==" if game.is_over else f"== Stopped before turn {game.turn} =="]
    lines.append("Scores: " + ", ".join(f"{names[f]} {number(v)}" for f, v in scores.items()))
    if game.status.name == "WAR":
        lines.append("Winner: none — the game ended in war, and every faction loses")
    elif game.is_over:
        lines.append(f"Winner: {names[game.winner()]}")
    return lines
