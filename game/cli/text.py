"""Plain-text rendering of briefings, turn reports and results for the terminal, in players' words."""

from __future__ import annotations

from game.i18n import _, ngettext
from game.session.briefing import Briefing
from game.session.debrief import debrief
from game.session.game import Game
from game.session.proposal_words import proposal_reason, proposal_text
from game.session.report import TurnReport
from game.session.scoring import score_breakdown, score_rank
from game.session.words import faction_name, number, order_name, signed


def sources(ids) -> str:
    return f" [{', '.join(ids)}]" if ids else ""


def order_line(game: Game, order) -> str:
    """An order as a menu line: id (what to type), the order in words, its cost and the concepts it models."""
    move = game.rules.moves[game.rules.move_index[order.move]]
    cost = (_("{ap} AP, budget {budget}", ap=move.cost.ap, budget=number(move.cost.budget)) if move.cost.budget
            else _("{ap} AP", ap=move.cost.ap))
    return _("{order} — {name} ({cost}){sources}", order=order, name=order_name(game.rules, order.move, order.target),
             cost=cost, sources=sources(move.sources))


def proposal_lines(game: Game, faction: str) -> list[str]:
    """This turn's proposals `faction` is a party to, numbered, each with where it stands and the proposer's words."""
    book = game.proposals(faction)
    lines = []
    for proposal in book:
        lines.append(_("proposal {number}: {text}", number=proposal.number, text=proposal_text(game.rules, proposal,
                                                                                                game.negotiation)))
        if proposal.reason:
            lines.append(f"   {proposal_reason(proposal)}")
    return lines


def briefing_lines(brief: Briefing) -> list[str]:
    """The briefing before a turn's orders: news from Tokyo, the event and what it will do, what comes next."""
    lines = [_("== Briefing, turn {turn} ({label}) ==", turn=brief.turn, label=brief.label)]
    if brief.banner:
        lines.append(_("News: {news}", news=brief.banner))
    if brief.event:
        lines.append(_("Event: {event}{sources}", event=brief.event.name, sources=sources(brief.event.sources)))
        if brief.event.text:
            lines.append(f"  {brief.event.text.strip()}")
        if brief.effect:
            lines.append(_("  It {effect}.", effect=brief.effect))
    else:
        lines.append(_("Event: none this turn"))
    if brief.upcoming:
        lines.append(brief.upcoming.text)
    return lines


def report_lines(game: Game, report: TurnReport) -> list[str]:
    """The report of one turn, a line each: headlines, orders, every change with its causes, notes."""
    rules = game.rules
    lines = [_("== Turn {turn} ({label}) ==", turn=report.turn, label=report.label)]
    if report.summary:
        lines.append(_("Headlines:"))
        lines += [f"  {item.text}" for item in report.summary]
    lines.append(_("Orders:"))
    for f in rules.factions:
        orders = report.orders.get(f.id, ())
        shown = "; ".join(order_name(rules, o.move, o.target) for o in orders) or _("(none)")
        reason = report.bot_reasons.get(f.id)
        fields = dict(faction=faction_name(rules, f.id), seat=game.seats[f.id], orders=shown, reason=reason)
        lines.append(_("  {faction} ({seat}): {orders} — {reason}", **fields) if reason
                     else _("  {faction} ({seat}): {orders}", **fields))
    lines.append(_("Changes:"))
    major, folded = report.split_changes()
    for change in major:
        causes = "; ".join(f"{c.cause} {signed(c.amount)}{sources(c.sources)}" for c in change.causes
                           if abs(c.amount) >= 0.05)
        fields = dict(track=change.name, before=number(change.before), after=number(change.after),
                      delta=signed(change.delta), causes=causes)
        lines.append(_("  {track} {before} -> {after} ({delta}): {causes}", **fields) if causes
                     else _("  {track} {before} -> {after} ({delta})", **fields))
    if folded.count:
        lines.append(ngettext("  and {n} smaller change (under 0.5 each, {total} in all)",
                              "  and {n} smaller changes (under 0.5 each, {total} in all)", folded.count,
                              total=number(folded.total)))
    for note in report.notes:
        lines.append(_("Note: {note}", note=note))
    return lines


def result_lines(game: Game) -> list[str]:
    """Scores by term with places, the winner (or the war or a tie) and why."""
    scores = game.scores()
    names = {f.id: faction_name(game.rules, f.id) for f in game.rules.factions}
    ranks = score_rank(scores)
    lines = [_("== Game over ==") if game.is_over else _("== Stopped before turn {turn} ==", turn=game.turn)]
    lines.append(_("Scores: {scores}", scores=_(", ").join(_("{faction} {score}", faction=names[f], score=number(v))
                                                           for f, v in scores.items())))
    facts = debrief(game)
    for faction, terms in score_breakdown(game).items():
        lines.append(_("  {faction} ({rank}, {score}):", faction=names[faction], rank=ranks[faction],
                       score=number(scores[faction])))
        lines += [_("    {term}: {value}, {points} points", term=line.term, value=number(line.value),
                    points=signed(line.points)) for line in terms]
        counts = facts.negotiation.get(faction)
        if counts is not None and (counts.agreements or counts.declined or counts.lapsed):
            lines.append(_("    proposals: {agreements} agreed, {declined} of its own declined, {lapsed} to it "
                           "lapsed unanswered", agreements=counts.agreements, declined=counts.declined,
                           lapsed=counts.lapsed))
    if game.status.name == "WAR":
        lines.append(_("Winner: none — the game ended in war, and every faction loses"))
    elif facts.tied and game.is_over:
        lines.append(_("Winner: none — {outcome}", outcome=facts.outcome))
    elif game.is_over:
        lines.append(_("Winner: {faction}", faction=names[game.winner()]))
    if not game.is_over:
        return lines
    if facts.causes:
        lines.append(_("Why:"))
        lines += [f"  {c}" for c in facts.causes]
    if facts.key_events:
        lines.append(_("Key events:"))
        lines += [f"  {e.label}: {e.text}" for e in facts.key_events]
    return lines
