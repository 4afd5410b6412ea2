"""The orders screen's "Goals & score" panel as pygame_gui HTML (no pygame): what this faction is scored
on, each term's value and the points it gives now, every faction's running total and place, and its rank.

Everything comes from the faction's view (`scores`, `score_breakdown`, `rank`): scores are public.
"""

from __future__ import annotations

from html import escape as _escape

from game.session.words import number, signed


def escape(text: str) -> str:
    """Text safe inside pygame_gui HTML (quotes kept as they are)."""
    return _escape(text, quote=False)


def _place(rank: str) -> str:
    return rank.removeprefix("tied ")


def _order(rank: str) -> int:
    """1 for "1st" or "tied 1st", 2 for "2nd", ..."""
    return int(_place(rank).rstrip("stndrh"))


def rank_text(faction: str, scores: dict[str, float], rank: dict[str, str], names: dict[str, str]) -> str:
    """`1st of 3, leading Japan by +2`, `2nd of 3; United States leads by 2`, or `tied for 1st of 3` (also when
    the lead shown would be +0: a tie to the one decimal players read)."""
    n, mine = len(scores), scores[faction]
    rivals = {f: s for f, s in scores.items() if f != faction}
    if not rivals:
        return f"{_place(rank[faction])} of {n}"
    level = [f for f, s in rivals.items() if number(s - mine) == "0"]
    if rank[faction].startswith("tied ") or level:
        best = min((rank[f] for f in level + [faction]), key=_order)
        return f"tied for {_place(best)} of {n}"
    best = max(rivals, key=lambda f: rivals[f])
    gap = mine - rivals[best]
    if gap > 0:
        return f"{_place(rank[faction])} of {n}, leading {names[best]} by {signed(gap)}"
    return f"{_place(rank[faction])} of {n}; {names[best]} leads by {number(-gap)}"


def goals_html(faction: str, names: dict[str, str], view) -> str:
    """The scoring terms in plain words with each one's value and points now, the totals and the rank."""
    scores, rank = view.scores, view.rank
    lines = [f"<b>Goals & score — {escape(names[faction])}</b>",
             f"<b>Now:</b> {escape(rank_text(faction, scores, rank, names))}",
             "<b>Running totals:</b> " + ", ".join(
                 f"{escape(names[f])} {number(scores[f])} ({rank[f]})" for f in sorted(scores, key=lambda f: -scores[f])),
             "<b>Scored on</b> (the score is the sum of the points):"]
    terms = view.score_breakdown.get(faction, ())
    for line in terms:
        lines.append(f"• {escape(line.term)}: {number(line.value)}, giving <b>{signed(line.points)}</b> points")
    if not terms:
        lines.append("<i>no scoring terms in this scenario</i>")
    return "<br>".join(lines)
