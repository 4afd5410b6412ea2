"""The orders screen's "Goals & score" panel as pygame_gui HTML (no pygame): what this faction is scored
on, every faction's running total, its rank, and what each term gives now when the session can say.

Scores are public. `breakdown` is `game.session.scoring.score_breakdown(game)` when the session has it
(faction -> lines with `term`, `value`, `points`); without it each term is shown with its weight.
"""

from __future__ import annotations

from html import escape as _escape


def escape(text: str) -> str:
    """Text safe inside pygame_gui HTML (quotes kept as they are)."""
    return _escape(text, quote=False)


ORDINALS = ("1st", "2nd", "3rd", "4th", "5th", "6th")


def session_breakdown(game) -> dict | None:
    """The session's points per scoring term, or None where the session does not offer them yet."""
    try:
        from game.session.scoring import score_breakdown
    except ImportError:
        return None
    return score_breakdown(game)


def rank_text(faction: str, scores: dict[str, float], names: dict[str, str]) -> str:
    """`1st of 3, leading Japan by +2.0`, `2nd of 3; United States leads by 2.0`, or `tied for 1st of 3`."""
    mine = round(scores[faction], 1)
    rank = 1 + sum(1 for f, s in scores.items() if f != faction and round(s, 1) > mine)
    place = f"{ORDINALS[rank - 1] if rank <= len(ORDINALS) else f'{rank}th'} of {len(scores)}"
    rivals = {f: s for f, s in scores.items() if f != faction}
    if not rivals:
        return place
    if any(round(s, 1) == mine for s in rivals.values()):
        return f"tied for {place}"
    best = max(rivals, key=lambda f: rivals[f])
    gap = mine - round(rivals[best], 1)
    if rank == 1:
        return f"{place}, leading {names[best]} by {gap:+.1f}"
    return f"{place}; {names[best]} leads by {-gap:.1f}"


def term_name(term) -> str:
    return getattr(term, "name", term)


def goals_html(rules, faction: str, names: dict[str, str], scores: dict[str, float],
               breakdown: dict | None = None) -> str:
    """The scoring terms in plain words (with the points each gives now, if known), the totals and the rank."""
    lines = [f"<b>Goals & score — {escape(names[faction])}</b>",
             f"<b>Now:</b> {escape(rank_text(faction, scores, names))}",
             "<b>Running totals:</b> " + ", ".join(
                 f"{escape(names[f])} {scores[f]:.1f}" for f in sorted(scores, key=lambda f: -scores[f])),
             "<b>Scored on</b> (the final score is the sum):"]
    mine = (breakdown or {}).get(faction)
    if mine:
        for line in mine:
            lines.append(f"• {escape(term_name(line.term))}: {line.value:.1f} → <b>{line.points:+.1f}</b> points")
    else:
        for owner, term in rules.score_terms:
            if owner == faction:
                lines.append(f"• {escape(term.name)} <i>× {term.weight:g}</i>")
    return "<br>".join(lines)
