"""The orders screen's "Goals & score" panel as pygame_gui HTML (no pygame): what this faction is scored
on, each term's value and the points it gives now, every faction's running total and place, and its rank.

Everything comes from the faction's view (`scores`, `score_breakdown`, `rank`): scores are public.
"""

from __future__ import annotations

import re
from html import escape as _escape

from game.i18n import _
from game.session.words import number, signed


def escape(text: str) -> str:
    """Text safe inside pygame_gui HTML (quotes kept as they are)."""
    return _escape(text, quote=False)


def _place(rank: str) -> str:
    return rank.removeprefix("tied ")


def _order(rank: str) -> int:
    """1 for "1st" or "tied 1st", 2 for "2nd", ..."""
    return int(re.search(r"\d+", rank).group())


def rank_text(faction: str, scores: dict[str, float], rank: dict[str, str], names: dict[str, str]) -> str:
    """`1st of 3, leading Japan by +2`, `2nd of 3; United States leads by 2`, or `tied for 1st of 3` (also when
    the lead shown would be +0: a tie to the one decimal players read)."""
    n, mine = len(scores), scores[faction]
    rivals = {f: s for f, s in scores.items() if f != faction}
    if not rivals:
        return _("{place} of {n}", place=_place(rank[faction]), n=n)
    level = [f for f, s in rivals.items() if number(s - mine) == "0"]
    if rank[faction].startswith("tied ") or level:
        best = min((rank[f] for f in level + [faction]), key=_order)
        return _("tied for {place} of {n}", place=_place(best), n=n)
    best = max(rivals, key=lambda f: rivals[f])
    gap = mine - rivals[best]
    if gap > 0:
        return _("{place} of {n}, leading {rival} by {gap}", place=_place(rank[faction]), n=n, rival=names[best],
                 gap=signed(gap))
    return _("{place} of {n}; {rival} leads by {gap}", place=_place(rank[faction]), n=n, rival=names[best],
             gap=number(-gap))


def goals_html(faction: str, names: dict[str, str], view) -> str:
    """The scoring terms in plain words with each one's value and points now, the totals and the rank."""
    scores, rank = view.scores, view.rank
    totals = _(", ").join(f"{escape(names[f])} {number(scores[f])} ({rank[f]})"
                          for f in sorted(scores, key=lambda f: -scores[f]))
    lines = [_("<b>Goals & score — {faction}</b>", faction=escape(names[faction])),
             _("<b>Now:</b> {rank}", rank=escape(rank_text(faction, scores, rank, names))),
             _("<b>Running totals:</b> {totals}", totals=totals),
             _("<b>Scored on</b> (the score is the sum of the points):")]
    terms = view.score_breakdown.get(faction, ())
    for line in terms:
        lines.append(_("• {term}: {value}, giving <b>{points}</b> points", term=escape(line.term),
                       value=number(line.value), points=signed(line.points)))
    if not terms:
        lines.append("<i>" + _("no scoring terms in this scenario") + "</i>")
    return "<br>".join(lines)
