"""The exportable debrief report: one self-contained HTML file a teacher can grade from, on screen or on paper.

`report_html(source)` builds it from a save (any save, finished or not: it is replayed as `Replay` replays
it, so nothing of a turn not yet resolved is in it) or from a Game; `write_report(source, out)` writes it
atomically (no partial file on failure). The file needs nothing else: CSS inline, charts as inline SVG
(game.export.svg), no scripts, fonts, images or links to anything outside it. It prints on A4 and Letter
alike (`@page` margins and a width both fit, each section starting on a new page, charts and table rows never cut).

Sections: the scenario and its description; teams and seats (and who stood in); the outcome with each
faction's score by term and the winner (none for a game that stopped early, which says after which turn);
the decisive causes (game.session.debrief); the core charts (headline tracks, scores, other moved tracks);
the decision timeline; each turn's briefing, facilitator actions, orders with the bots' reasons, the allies'
proposals with their answers and reasons, headlines and headline changes with their causes and source concepts (labels and the article each comes from); any
what-if comparisons; a page of discussion questions per team (game.export.questions); the concepts the game touched.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from game.engine.layout import Status
from game.i18n import N_, _, content, current, ngettext
from game.rules.compiled import Rules
from game.rules.concepts import ARTICLES, CONCEPTS
from game.session import saves
from game.session.briefing import briefing
from game.session.debrief import debrief, moved_tracks, start_values
from game.session.game import HUMAN, Game
from game.session.proposal_words import proposal_reason, proposal_text
from game.session.replay import Replay
from game.session.report import CORE_GROUPS, TurnReport
from game.session.saves import SaveError, seat_words
from game.session.scoring import score_breakdown, score_rank
from game.session.tracks import dashboard_tracks
from game.session.words import clauses, concept_label, faction_name, from_to, listed, number, order_name, plain, \
    signed, track_name
from game.export.questions import questions
from game.export.svg import Series, distributions, line_chart

HEADLINE_CHANGES = 6  # core changes a turn's table lists, biggest first
CAUSES = 3  # causes listed per change
OTHER_TRACKS = 6  # supporting tracks in the third chart
WHATIF_CHARTS = 4  # distributions charted per what-if comparison
MOVED = 1.0  # a supporting track that ranged less than this over the game is left out of the charts


# the report's labels and sentences (translated with `_()` where they are shown)
L_DEBRIEF_REPORT = N_('Debrief report — {scenario}')
L_THIS_GAME_WAS = N_('This game was {provenance}.')
L_THE_SCENARIO = N_('The scenario')
L_TEAMS_AND_SEATS = N_('Teams and seats')
L_FACTION = N_('Faction')
L_FIRST_TURN = N_('First turn')
L_NOW = N_('Now')
L_CHANGES = N_('Changes')
L_OUTCOME_AND_SCORES = N_('Outcome and scores')
L_FMT = N_('{outcome}.')
L_SCORING_TERM = N_('Scoring term')
L_VALUE = N_('Value')
L_WEIGHT = N_('Weight')
L_POINTS = N_('Points')
L_SCORE = N_('Score')
L_THE_DECISIVE_CAUSES = N_('The decisive causes')
L_KEY_EVENTS = N_('Key events')
L_FMT_2 = N_('{turn}: {event}')
L_THE_GAME_IN_CHARTS = N_('The game in charts')
L_NO_TURN_WAS_RESOLVED_SO_THER = N_('No turn was resolved, so there is nothing to chart yet.')
L_NO_ORDERS = N_('no orders')
L_DECISION_TIMELINE = N_('Decision timeline')
L_TURN = N_('Turn')
L_EVENTS = N_('Events')
L_TURN_BY_TURN = N_('Turn by turn')
L_PROPOSALS = N_('Proposals between allies')
L_TURN_2 = N_('Turn {turn} · {label}')
L_NEWS = N_('News:')
L_EVENT = N_('Event: {event}.')
L_IT = N_('It {effect}.')
L_SOURCES = N_('Sources:')
L_NO_EVENT_WAS_SCHEDULED = N_('No event was scheduled.')
L_BRIEFING = N_('Briefing')
L_FACILITATOR_ACTIONS = N_('Facilitator actions')
L_ORDERS = N_('Orders')
L_HEADLINES = N_('Headlines')
L_NOTES = N_('Notes')
L_HEADLINE_CHANGES = N_('Headline changes')
L_NO_CORE_TRACK_MOVED = N_('No core track moved.')
L_FMT_3 = N_('{cause} {amount}')
L_CONCEPTS_ARTICLES = N_('Concepts: {concepts}. Articles: {articles}.')
L_TRACK = N_('Track')
L_CHANGE = N_('Change')
L_CAUSES_SOURCE_CONCEPTS = N_('Causes [source concepts]')
L_WHAT_IF_COMPARISONS = N_('What-if comparisons')
L_VS = N_('vs')
L_DISCUSSION_QUESTIONS = N_('Discussion questions: {faction}')
L_CONCEPTS_THE_GAME_TOUCHED = N_('Concepts the game touched')
L_CONCEPT = N_('Concept')
L_LABEL = N_('Label')
L_ARTICLE = N_('Article')
L_CITED = N_('Cited')
FONTS = {"ja": '"Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif'}  # the body's fonts by language
CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.42 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #111; background: #fff; max-width: 182mm; margin: 0 auto; padding: 10mm 6mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; line-height: 1.15; }
h2 { font-size: 15pt; margin: 0 0 3mm; padding-bottom: 1mm; border-bottom: 2px solid #0072B2; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; }
h4 { font-size: 10.5pt; margin: 3mm 0 1mm; }
p { margin: 1.5mm 0; }
.sub, .muted { color: #555; }
.status { font-weight: 600; font-size: 12pt; }
.lead { font-size: 11pt; }
section { margin: 0 0 9mm; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; font-size: 9.5pt; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 1.6mm; border-bottom: 1px solid #ccc; }
th { background: #eef3f8; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; border-top: 1.5px solid #333; }
ul, ol { margin: 1mm 0 2mm; padding-left: 6mm; }
li { margin: 0.6mm 0; }
.reason { color: #333; font-style: italic; font-size: 9pt; }
.src { color: #555; font-size: 8.5pt; }
.src .id { white-space: nowrap; }
.box { border: 1px solid #ccd; border-radius: 2mm; padding: 2mm 3mm; margin: 2mm 0; background: #f8f9fb; }
.winner { color: #005a8c; }
figure { margin: 3mm 0 5mm; }
figcaption { font-size: 9pt; color: #444; margin-top: 1mm; }
svg.chart { display: block; width: 100%; max-width: 170mm; height: auto; }
svg.chart text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #222; }
svg.chart text.t { font-size: 13px; font-weight: 600; }
.questions li { margin: 3mm 0 12mm; }
.turn-head { display: flex; justify-content: space-between; align-items: baseline; }
@page { margin: 14mm 13mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .page { break-before: page; page-break-before: always; }
  figure, tr, .box, .keep, h3, h4 { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  th { background: #eef3f8 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(text: object) -> str:
    return escape(str(text))


def _seat(who: str, rules: Rules | None = None, faction: str | None = None) -> str:
    """Who held a seat: "a team" or "bot: doctrine (Alliance Builder)" (a doctrine by its name, given the rules)."""
    return _("a team") if who == HUMAN else _("bot: {bot}", bot=seat_words(who, rules, faction))


def _sources(ids: Sequence[str]) -> str:
    """Concept ids for a bracket, each kept on one line (escaped here: the caller inserts it as HTML)."""
    return ", ".join(f"<span class=\"id\">{_e(i)}</span>" for i in ids)


def _status(game: Game) -> str:
    rules = game.rules
    played = len(game.history)
    if game.status == Status.WAR:
        return _("The game ended in war in {turn}, after turn {played} of {turns}.",
                 turn=game.history[-1].report.label, played=played, turns=rules.n_turns)
    if game.status == Status.FINISHED:
        return _("The game is finished: all {played} turns were played.", played=played)
    if not played:
        return _("The game stopped before its first turn was resolved (of {turns}); there is no winner.",
                 turns=rules.n_turns)
    return _("The game stopped after turn {played} of {turns}; there is no winner.", played=played,
             turns=rules.n_turns)


def _css() -> str:
    """The style sheet, with the current language's fonts first where it needs its own."""
    fonts = FONTS.get(current())
    if fonts is None:
        return CSS
    return (CSS.replace('system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif', fonts)
            .replace('system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', fonts))


def _scenario_text(rules, field: str) -> str:
    """The scenario's title or description in the current language."""
    return content.name(rules, rules.id, field) if getattr(rules.scenario, field, None) else ""


class _Builder:
    """Builds the report's sections from a replay and the game with every resolved turn."""

    def __init__(self, replay: Replay, name: str, what_ifs: Sequence[Any]):
        self.replay = replay
        self.game = replay.final()
        self.rules = self.game.rules
        self.name = name
        self.what_ifs = list(what_ifs)
        self.debrief = debrief(self.game)
        self.frames = replay.frames()
        self.concepts: Counter[str] = Counter()

    def fname(self, faction: str) -> str:
        return faction_name(self.rules, faction)

    def html(self) -> str:
        rules = self.rules
        title = _("Debrief report — {scenario}", scenario=_scenario_text(rules, "title"))
        body = [self.cover(), self.teams(), self.outcome(), self.charts(), self.timeline(), self.turns(),
                self.whatifs(), self.questions(), self.concept_list()]
        return (f"<!DOCTYPE html>\n<html lang=\"{_e(current())}\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                f"<title>{_e(title)}</title><style>{_css()}</style></head><body>\n"
                + "\n".join(part for part in body if part) + "\n</body></html>\n")

    # ---- sections ----------------------------------------------------------------------------------

    def cover(self) -> str:
        rules, game = self.rules, self.game
        description = " ".join(_scenario_text(rules, "description").split())
        facts = [_("Scenario {scenario}", scenario=rules.id), _("{turns} turns from {turn}", turns=rules.n_turns,
                                                                 turn=rules.turn_label(1)),
                 _("seed {seed}", seed=game.seed), _("from {source}", source=self.name)]
        parts = [f"<header><h1>{_e(_(L_DEBRIEF_REPORT, scenario=_scenario_text(rules, 'title')))}</h1>",
                 f"<p class=\"sub\">{' · '.join(_e(f) for f in facts)}</p>",
                 f"<p class=\"status\" id=\"status\">{_e(_status(game))}</p>"]
        if self.replay.provenance:
            parts.append(f"<p class=\"muted\">{_e(_(L_THIS_GAME_WAS, provenance=self.replay.provenance))}"
                         "</p>")
        if description:
            parts.append(f"<h3>{_e(_(L_THE_SCENARIO))}</h3><p class=\"lead\">{_e(description)}</p>")
        return "<section id=\"scenario\">" + "".join(parts) + "</header></section>"

    def teams(self) -> str:
        rows = []
        for f in self.game.factions:
            held = [fr.seats.get(f, self.replay.seats[f]) for fr in self.frames]
            changes = []
            for a, b, fr in zip(held, held[1:], self.frames[1:]):
                if a != b:
                    changes.append(_("{turn}: {seat}", turn=fr.report.label, seat=_seat(b, self.rules, f)))
            stood = [fr.report.label for fr in self.frames if fr.seats.get(f) == HUMAN and f in fr.reasons]
            notes = changes + ([_("the stand-in bot played {turns}", turns=listed(stood))] if stood else [])
            first = held[0] if held else self.replay.seats[f]
            now = _seat(self.replay.seats[f], self.rules, f)
            rows.append(f"<tr><td>{_e(self.fname(f))}</td><td>{_e(_seat(first, self.rules, f))}</td>"
                        f"<td>{_e(now)}</td><td>{_e(clauses(notes)) or '—'}</td></tr>")
        return (f"<section id=\"teams\"><h2>{_e(_(L_TEAMS_AND_SEATS))}</h2><table><thead><tr>"
                f"<th>{_e(_(L_FACTION))}</th><th>{_e(_(L_FIRST_TURN))}</th><th>{_e(_(L_NOW))}</th>"
                f"<th>{_e(_(L_CHANGES))}</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></section>")

    def outcome(self) -> str:
        game, d = self.game, self.debrief
        over = game.status == Status.FINISHED
        ranks = score_rank(d.scores)
        parts = [f"<section id=\"outcome\" class=\"page\"><h2>{_e(_(L_OUTCOME_AND_SCORES))}</h2>"]
        if over and d.winner:
            parts.append(f"<p class=\"status winner\" id=\"winner\">{_e(_(L_FMT, outcome=d.outcome))}</p>")
        else:
            parts.append(f"<p class=\"status\" id=\"winner\">{_e(_(L_FMT, outcome=d.outcome))} "
                         f"{_e(_status(game))}</p>")
        for f in sorted(game.factions, key=lambda f: -d.scores[f]):
            lines = d.breakdown[f]
            rows = "".join(f"<tr><td>{_e(line.term)}</td><td class=\"num\">{number(line.value)}</td>"
                           f"<td class=\"num\">× {number(line.weight)}</td><td class=\"num\">{number(line.points)}"
                           "</td></tr>" for line in lines)
            head = _("{faction}: {points} points ({place})", faction=self.fname(f), points=number(d.scores[f]),
                     place=ranks[f])
            parts.append(f"<div class=\"keep score\" data-faction=\"{_e(f)}\"><h3>{_e(head)}</h3><table><thead><tr>"
                         f"<th>{_e(_(L_SCORING_TERM))}</th><th class=\"num\">{_e(_(L_VALUE))}</th>"
                         f"<th class=\"num\">{_e(_(L_WEIGHT))}</th><th class=\"num\">{_e(_(L_POINTS))}</th></tr>"
                         f"</thead><tbody>{rows}<tr class=\"total\"><td>{_e(_(L_SCORE))}</td><td></td><td></td>"
                         f"<td class=\"num\">{number(d.scores[f])}</td></tr></tbody></table></div>")
        if d.causes:
            parts.append(f"<h3>{_e(_(L_THE_DECISIVE_CAUSES))}</h3><ol id=\"causes\">"
                         + "".join(f"<li>{_e(plain(self.rules, c))}</li>" for c in d.causes) + "</ol>")
        if d.key_events:
            parts.append(f"<h3>{_e(_(L_KEY_EVENTS))}</h3><ul>" + "".join(
                f"<li>{_e(_(L_FMT_2, turn=k.label, event=k.text))}</li>" for k in d.key_events) + "</ul>")
        return "".join(parts) + "</section>"

    def charts(self) -> str:
        game, rules = self.game, self.rules
        if not game.history:
            return (f"<section id=\"charts\" class=\"page\"><h2>{_e(_(L_THE_GAME_IN_CHARTS))}</h2>"
                    f"<p>{_e(_(L_NO_TURN_WAS_RESOLVED_SO_THER))}</p></section>")
        labels = [_("start")] + [r.report.label for r in game.history]
        rows = [start_values(game)] + [r.x for r in game.history]
        headline, support = dashboard_tracks(rules)

        def series(ids: list[str]) -> list[Series]:
            return [Series(track_name(rules, t), [float(x[rules.track_index[t]]) for x in rows])
                    for t in ids]

        figures = [(line_chart(_("Headline tracks"), labels, series(headline)),
                    _("The dashboard's headline tracks after each turn."))]
        first = game.history[0].report.scores_before
        scores = [Series(self.fname(f), [first.get(f, float("nan"))] +
                         [r.report.scores_after.get(f, float("nan")) for r in game.history]) for f in game.factions]
        figures.append((line_chart(_("Scores"), labels, scores), _("Each faction's score after each turn.")))
        moving = set(moved_tracks(game, MOVED))
        others = [t for t in support if t in moving]
        spread = {t: max(x[rules.track_index[t]] for x in rows) - min(x[rules.track_index[t]] for x in rows)
                  for t in others}
        others = sorted(others, key=lambda t: -spread[t])[:OTHER_TRACKS]
        if others:
            figures.append((line_chart(_("Other tracks that moved most"), labels, series(others)),
                            _("The supporting tracks that ranged most over the game.")))
        body = "".join(f"<figure>{svg}<figcaption>{_e(caption)}</figcaption></figure>" for svg, caption in figures)
        return f"<section id=\"charts\" class=\"page\"><h2>{_e(_(L_THE_GAME_IN_CHARTS))}</h2>{body}</section>"

    def timeline(self) -> str:
        if not self.debrief.timeline:
            return ""
        names = [self.fname(f) for f in self.game.factions]
        head = "".join(f"<th>{_e(n)}</th>" for n in names)
        rows = []
        for t in self.debrief.timeline:
            cells = []
            for n in names:
                orders = "".join(f"<li>{_e(o)}</li>" for o in t.orders.get(n, ())) or \
                    f"<li class=\"muted\">{_e(_(L_NO_ORDERS))}</li>"
                effects = _e(listed(_("{track} {amount}", track=track, amount=signed(a)) for track, a in t.effects.get(n, ())))
                cells.append(f"<td><ul>{orders}</ul>" + (f"<span class=\"src\">{effects}</span>" if effects else "")
                             + "</td>")
            events = [t.event] if t.event else []
            events += [_("Crisis: {event}", event=c) for c in t.triggered] + list(t.government)
            cells.append(f"<td>{'<br>'.join(_e(e) for e in events) or '—'}</td>")
            rows.append(f"<tr><td><b>{_e(t.label)}</b></td>{''.join(cells)}</tr>")
        intro = _("Each turn's orders, with the biggest changes each faction's own orders made.")
        return (f"<section id=\"timeline\" class=\"page\"><h2>{_e(_(L_DECISION_TIMELINE))}</h2><p class=\"muted\">"
                f"{_e(intro)}</p><table><thead><tr><th>{_e(_(L_TURN))}</th>"
                f"{head}<th>{_e(_(L_EVENTS))}</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>")

    def turns(self) -> str:
        if not self.frames:
            return ""
        parts = [f"<section id=\"turns\" class=\"page\"><h2>{_e(_(L_TURN_BY_TURN))}</h2>"]
        for k, frame in enumerate(self.frames):
            parts.append(self.turn(frame, first=k == 0))
        return "".join(parts) + "</section>"

    def turn(self, frame, first: bool) -> str:
        rules, report = self.rules, frame.report
        brief = briefing(self.replay.game_before(frame.turn))
        parts = [f"<article class=\"turn{'' if first else ' page'}\" id=\"turn-{frame.turn}\" "
                 f"data-turn=\"{frame.turn}\"><h3>{_e(_(L_TURN_2, turn=frame.turn, label=report.label))}"
                 "</h3>"]
        box = []
        if brief.banner:
            box.append(f"<p><b>{_e(_(L_NEWS))}</b> {_e(brief.banner)}</p>")
        if brief.event is not None:
            box.append(f"<p><b>{_e(_(L_EVENT, event=brief.event.name))}</b> {_e(brief.event.text)}</p>")
            if brief.effect:
                box.append(f"<p class=\"muted\">{_e(_(L_IT, effect=plain(rules, brief.effect)))}</p>")
            if brief.event.sources:
                self.concepts.update(brief.event.sources)
                box.append(f"<p class=\"src\">{_e(_(L_SOURCES))} {_sources(brief.event.sources)}</p>")
        else:
            box.append(f"<p>{_e(_(L_NO_EVENT_WAS_SCHEDULED))}</p>")
        if brief.upcoming is not None:
            box.append(f"<p class=\"muted\">{_e(brief.upcoming.text)}</p>")
        parts.append(f"<h4>{_e(_(L_BRIEFING))}</h4><div class=\"box briefing\">" + "".join(box) + "</div>")
        if frame.interventions:
            parts.append(f"<h4>{_e(_(L_FACILITATOR_ACTIONS))}</h4><ul class=\"facilitator\">" + "".join(
                f"<li>{_e(i.words or i.text(rules))}</li>" for i in frame.interventions) + "</ul>")
        rows = []
        for f in self.game.factions:
            orders = frame.orders.get(f, ())
            items = "".join(f"<li>{_e(order_name(rules, o.move, o.target))}</li>" for o in orders) or \
                f"<li class=\"muted\">{_e(_(L_NO_ORDERS))}</li>"
            who = frame.seats.get(f, HUMAN)
            seat = _("{seat} (stand-in bot)", seat=_seat(who)) if who == HUMAN and f in frame.reasons \
                else _seat(who, rules, f)
            reason = frame.reasons.get(f)
            why = ""
            if reason:
                said = _("Bot's reason: {reason}", reason=plain(rules, reason))
                why = f"<div class=\"reason\">{_e(said)}</div>"
            rows.append(f"<tr><td>{_e(self.fname(f))}<div class=\"src\">{_e(seat)}</div></td>"
                        f"<td><ul>{items}</ul>{why}</td></tr>")
        parts.append(f"<h4>{_e(_(L_ORDERS))}</h4><table class=\"orders\"><thead><tr><th style=\"width:22%\">"
                     f"{_e(_(L_FACTION))}</th><th>{_e(_(L_ORDERS))}</th></tr></thead><tbody>{''.join(rows)}</tbody>"
                     "</table>")
        if frame.negotiation:  # public once the turn resolved: who proposed what, the answers and their reasons
            items = []
            for p in frame.negotiation:
                line = _("Proposal {number}: {text}", number=p.number, text=proposal_text(rules, p, frame.negotiation))
                said = f"<div class=\"reason\">{_e(proposal_reason(p))}</div>" if p.reason else ""
                items.append(f"<li>{_e(line)}{said}</li>")
            parts.append(f"<h4>{_e(_(L_PROPOSALS))}</h4><ul class=\"proposals\">{''.join(items)}</ul>")
        headlines = [i for i in report.summary if i.kind != "change"]
        if headlines:
            parts.append(f"<h4>{_e(_(L_HEADLINES))}</h4><ul>" + "".join(f"<li>{_e(i.text)}</li>" for i in headlines)
                         + "</ul>")
        parts.append(self.changes(report))
        if report.notes:
            parts.append(f"<h4>{_e(_(L_NOTES))}</h4><ul>" + "".join(f"<li>{_e(n)}</li>" for n in report.notes)
                         + "</ul>")
        return "".join(parts) + "</article>"

    def changes(self, report: TurnReport) -> str:
        rules = self.rules
        budgets = {f.budget_track for f in rules.factions}
        core = [c for c in report.changes if rules.tracks[rules.track_index[c.track]].group in CORE_GROUPS
                and c.track not in budgets and abs(c.delta) >= 0.05]
        core = sorted(core, key=lambda c: -abs(c.delta))[:HEADLINE_CHANGES]
        if not core:
            return f"<h4>{_e(_(L_HEADLINE_CHANGES))}</h4><p class=\"muted\">{_e(_(L_NO_CORE_TRACK_MOVED))}</p>"
        rows, cited = [], []
        for change in core:
            causes = sorted((c for c in change.causes if abs(c.amount) >= 0.05), key=lambda c: -abs(c.amount))
            items = []
            for c in causes[:CAUSES]:
                src = f" <span class=\"src\">[{_sources(c.sources)}]</span>" if c.sources else ""
                items.append(f"<li>{_e(_(L_FMT_3, cause=c.cause, amount=signed(c.amount)))}{src}</li>")
                cited += [s for s in c.sources if s not in cited]
                self.concepts.update(c.sources)
            more = len(causes) - CAUSES
            if more > 0:
                smaller = ngettext("and {n} smaller cause", "and {n} smaller causes", more)
                items.append(f"<li class=\"muted\">{_e(smaller)}</li>")
            rows.append(f"<tr><td>{_e(change.name)}</td><td class=\"num\">{_e(from_to(change.before, change.after))}"
                        f"</td><td><ul>{''.join(items) or '<li class=muted>—</li>'}</ul></td></tr>")
        legend = ""
        if cited:
            articles = sorted({c.split("-")[0] for c in cited} & set(ARTICLES))
            concepts = clauses(f"{c} {_label(c)}" for c in sorted(cited, key=_concept_order))
            titles = clauses(f"{a} {_article(a)}" for a in articles)
            legend = f"<p class=\"src concepts\">{_e(_(L_CONCEPTS_ARTICLES, concepts=concepts, articles=titles))}</p>"
        return (f"<h4>{_e(_(L_HEADLINE_CHANGES))}</h4><table class=\"changes\"><thead><tr><th style=\"width:26%\">"
                f"{_e(_(L_TRACK))}</th><th class=\"num\" style=\"width:20%\">{_e(_(L_CHANGE))}</th>"
                f"<th>{_e(_(L_CAUSES_SOURCE_CONCEPTS))}</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>{legend}")

    def whatifs(self) -> str:
        if not self.what_ifs:
            return ""
        parts = [f"<section id=\"whatif\" class=\"page\"><h2>{_e(_(L_WHAT_IF_COMPARISONS))}</h2>"]
        for w in self.what_ifs:
            labels = [str(x) for x in w.labels]
            title = f"{_e(labels[0])} <span class=\"muted\">{_e(_(L_VS))}</span> {_e(labels[1])}" \
                if len(labels) > 1 else _e(labels[0])
            if len(labels) > 1:
                games = ngettext("From turn {turn} of {source}, {games} continuation each.",
                                 "From turn {turn} of {source}, {games} continuations each.", w.games, turn=w.turn,
                                 source=w.source, games=f"{w.games:,}")
            else:
                games = ngettext("From turn {turn} of {source}, {games} continuation.",
                                 "From turn {turn} of {source}, {games} continuations.", w.games, turn=w.turn,
                                 source=w.source, games=f"{w.games:,}")
            parts.append(f"<div class=\"whatif\"><h3>{title}</h3><p class=\"muted\">{_e(games)}</p>")
            if w.placements:
                parts.append("<ul>" + "".join(f"<li>{_e(p)}</li>" for p in w.placements) + "</ul>")
            notes = getattr(w, "notes", ())
            if notes:
                parts.append("<p class=\"src\">" + " ".join(_e(n) for n in notes) + "</p>")
            metrics = sorted(w.metrics(), key=lambda m: not str(m[0]).startswith("score:"))  # scores first
            for metric, label in metrics[:WHATIF_CHARTS]:
                values = [list(v) for v in w.values(metric)]
                played = getattr(w, "played", None)
                actual = played(metric) if callable(played) else self.actual(metric)
                parts.append(f"<figure>{distributions(str(label), labels, values, actual)}</figure>")
            parts.append("</div>")
        return "".join(parts) + "</section>"

    def actual(self, metric: str) -> float | None:
        """The played game's final value of a what-if metric (a track id or score:FACTION), once it is over."""
        if not self.game.is_over:
            return None
        if metric.startswith("score:"):
            return self.game.scores().get(metric.split(":", 1)[1])
        return self.game.tracks().get(metric)

    def questions(self) -> str:
        parts = []
        for k, f in enumerate(self.game.factions):
            items = "".join(f"<li>{_e(plain(self.rules, q))}</li>" for q in questions(self.game, f))
            intro = _("Drawn from this team's own orders with the largest effects, the tracks they moved and the "
                      "concepts they cited. Answer in the space below each.")
            parts.append(f"<section class=\"questions page\" id=\"questions-{_e(f)}\" data-faction=\"{_e(f)}\">"
                         f"<h2>{_e(_(L_DISCUSSION_QUESTIONS, faction=self.fname(f)))}</h2>"
                         f"<p class=\"muted\">{_e(intro)}</p><ol>{items}</ol></section>")
        return "".join(parts)

    def concept_list(self) -> str:
        if not self.concepts:
            return ""
        rows = "".join(f"<tr><td>{_e(c)}</td><td>{_e(_label(c) or c)}</td>"
                       f"<td>{_e(_article(c.split('-')[0]))}</td><td class=\"num\">{n}</td></tr>"
                       for c, n in sorted(self.concepts.items(), key=lambda cn: _concept_order(cn[0])))
        intro = _("The source articles' concepts behind this game's events and headline changes, with how often each "
                  "was cited.")
        return (f"<section id=\"concepts\" class=\"page\"><h2>{_e(_(L_CONCEPTS_THE_GAME_TOUCHED))}</h2>"
                f"<p class=\"muted\">{_e(intro)}</p><table><thead><tr><th>{_e(_(L_CONCEPT))}</th>"
                f"<th>{_e(_(L_LABEL))}</th><th>{_e(_(L_ARTICLE))}</th><th class=\"num\">{_e(_(L_CITED))}"
                f"</th></tr></thead><tbody>{rows}</tbody></table></section>")


def _label(concept: str) -> str:
    """A concept's label in the current language ("" for an id the table does not have)."""
    return concept_label(concept) if concept in CONCEPTS else ""


def _article(article: str) -> str:
    """A source article's title in the current language ("" for an id the table does not have)."""
    return content.name(None, article, "title") if article in ARTICLES else ""


def _concept_order(concept: str) -> int:
    order = list(CONCEPTS)
    return order.index(concept) if concept in CONCEPTS else len(order)


def _replay_of(source: str | Path | Game) -> tuple[Replay, str]:
    if isinstance(source, Game):
        return Replay.of_game(source), _("a game of {scenario}", scenario=source.rules.id)
    if not isinstance(source, (str, Path)):
        raise TypeError(f"a report is made from a save's path or a Game, not {type(source).__name__}")
    replay = Replay.open(source)
    return replay, Path(source).name


def report_html(source: str | Path | Game, what_ifs: Sequence[Any] = ()) -> str:
    """The whole report as one HTML document; raises SaveError for a save that cannot be replayed."""
    replay, name = _replay_of(source)
    return _Builder(replay, name, what_ifs).html()


def write_report(source: str | Path | Game, out: str | Path, what_ifs: Sequence[Any] = ()) -> Path:
    """Write the report to `out` atomically (no partial file on failure); raises SaveError for an `out` that cannot
    be written (a folder, a missing folder, a read-only file, the save itself) or a save that cannot be replayed."""
    out = Path(out)
    if isinstance(source, (str, Path)) and out.exists() and _same(Path(source), out):
        raise SaveError(f"cannot write the report to {out}: that is the save it reports on; give another file")
    if not out.parent.is_dir():
        raise SaveError(f"cannot write the report to {out}: the folder {out.parent} does not exist; nothing was "
                        "written")
    text = report_html(source, what_ifs)
    existed = out.exists()
    try:
        saves.write_atomic(out, text, check=None, folders=False)
    except SaveError as exc:
        raise SaveError(str(exc).replace("cannot save to", "cannot write the report to", 1)
                        .replace("the game saves only", "a report is written only")) from None
    if not existed:  # a report is for sharing: readable as any new file is (a save's temp file starts private)
        mask = os.umask(0)
        os.umask(mask)
        try:
            os.chmod(out, 0o666 & ~mask)
        except OSError:
            pass
    return out


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def recorded_what_ifs(save: str | Path) -> list[Any]:
    """The what-if comparisons kept beside a save (game.analysis.whatif.recorded), [] while that module is absent."""
    try:
        from game.analysis.whatif import recorded
    except ImportError:
        return []
    return list(recorded(save))
