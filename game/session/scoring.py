"""Scores by term: what each scoring term is worth to its faction now, and the factions' places."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.margins import TIE  # scores closer than this are tied (they differ only by float rounding)
from game.i18n import _, content
from game.rules.compiled import Rules
from game.session.game import Game


@dataclass(frozen=True)
class ScoreLine:
    """One scoring term of one faction: its value, its weight and the points it gives (value x weight)."""

    term: str
    value: float
    weight: float
    points: float

    def to_json(self) -> dict:
        return {"term": self.term, "value": self.value, "weight": self.weight, "points": self.points}

    @classmethod
    def from_json(cls, raw: dict) -> "ScoreLine":
        return cls(str(raw["term"]), float(raw["value"]), float(raw["weight"]), float(raw["points"]))


def score_breakdown(game: Game) -> dict[str, list[ScoreLine]]:
    """Each faction's scoring terms on the current state, evaluated by the engine; the points sum to its score."""
    return score_lines(game.rules, game.engine.score_terms(game.state))


def score_lines(rules: Rules, values) -> dict[str, list[ScoreLine]]:
    """The engine's term values (`SingleGame.score_terms`) as each faction's score lines."""
    lines: dict[str, list[ScoreLine]] = {f.id: [] for f in rules.factions}
    for (faction, term), value in zip(rules.score_terms, values):
        name = content.name(rules, rules.id, f"scoring.{faction}.{len(lines[faction])}.name")
        lines[faction].append(ScoreLine(name, float(value), float(term.weight), float(term.weight * value)))
    return lines


def place_word(place: int) -> str:
    """`1st`, `2nd`, `3rd`, `4th` in the current language."""
    if place == 1:
        return _("1st")
    if place == 2:
        return _("2nd")
    if place == 3:
        return _("3rd")
    return _("{place}th", place=place)


def score_rank(scores: dict[str, float]) -> dict[str, str]:
    """Each faction's place, best first: "1st", "2nd", ..., or "tied 1st" when it shares the place."""
    order = sorted(scores, key=lambda f: -scores[f])
    ranks: dict[str, str] = {}
    for faction in order:
        place = 1 + sum(1 for other in order if scores[other] > scores[faction] + TIE)
        tied = any(abs(scores[other] - scores[faction]) <= TIE for other in order if other != faction)
        ranks[faction] = _("tied {place}", place=place_word(place)) if tied else place_word(place)
    return ranks


def leaders(scores: dict[str, float]) -> list[str]:
    """The factions sharing the highest score (one unless tied)."""
    best = max(scores.values())
    return [f for f, v in scores.items() if v >= best - TIE]
