"""What an analysis is asked to run: seats (bots that can play a batch) and forced orders, checked against the rules.

Every refusal is an `AnalysisError` naming the bad part, why, and where it can, the likely fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping


from game.ai.batch import SeatPolicy
from game.rules.compiled import Rules
from game.rules.problems import did_you_mean
from game.session.checks import faction_refusal, order_refusal
from game.session.orders import Order

DEFAULT_BOT = "random"  # a seat the request does not name, as in headless play
FORCE_FORMAT = "FACTION:MOVE[@TARGET]@TURN"
FORCE_EXAMPLE = "us:us.universal_tariff@1"


class AnalysisError(ValueError):
    """A request the analysis cannot run (unknown name, turn out of range, bad format): the message says which part."""


def _hint(name: str, known: Iterable[str]) -> str:
    match = did_you_mean(name, list(known))
    return f" — did you mean {match!r}?" if match else ""


@dataclass(frozen=True)
class Force:
    """An order one faction is made to give on one turn of every game (when legal there)."""

    faction: str
    move: str
    target: str | None
    turn: int

    def __str__(self) -> str:
        return f"{self.faction}:{self.move}" + (f"@{self.target}" if self.target else "") + f"@{self.turn}"


def parse_force(rules: Rules, text: str, label: str = "force") -> Force:
    """A Force from `FACTION:MOVE[@TARGET]@TURN`, checked against the rules; raises AnalysisError.

    The move may be written without its faction's prefix (`us:universal_tariff@1`).
    """
    where = f"{label} {text!r}"
    faction, sep, rest = text.strip().partition(":")
    parts = [p.strip() for p in rest.split("@")]
    if not sep and faction.partition("@")[0] in rules.move_index:  # the faction was left out
        move = rules.moves[rules.move_index[faction.partition("@")[0]]]
        fixed = f"{move.partners[0]}:{text.strip()}"
        raise AnalysisError(f"{where}: name the faction first — did you mean {fixed!r}?")
    if not sep or not faction.strip() or len(parts) not in (2, 3) or not all(parts):
        raise AnalysisError(f"{where}: write {FORCE_FORMAT}, e.g. {FORCE_EXAMPLE}")
    move, target, turn_text = parts[0], (parts[1] if len(parts) == 3 else None), parts[-1]
    if not (turn_text.isascii() and turn_text.isdigit()):  # '²'.isdigit() too, but int('²') fails
        raise AnalysisError(f"{where}: {turn_text!r} is not a turn number (write {FORCE_FORMAT}, e.g. {FORCE_EXAMPLE})")
    force = Force(faction.strip(), move, target, int(turn_text))
    if force.faction in rules.faction_index and force.move not in rules.move_index:
        prefixed = f"{force.faction}.{force.move}"
        if prefixed in rules.move_index:
            force = Force(force.faction, prefixed, force.target, force.turn)
    check_force(rules, force, where)
    return force


def check_force(rules: Rules, force: Force, where: str | None = None) -> int:
    """The action index a Force orders; raises AnalysisError if its faction, move, target or turn is wrong.

    Faction, move and target are checked by the session's order checker (`game.session.checks`), so a
    forced order is refused exactly when a player's would be, with the same words.
    """
    where = where or f"force {str(force)!r}"
    order = Order(force.move, force.target)
    refused = faction_refusal(rules, force.faction) or order_refusal(rules, force.faction, order)
    if refused is not None:
        move = rules.moves[rules.move_index[force.move]] if force.move in rules.move_index else None
        fix = (f"; write {force.faction}:{move.id}@TARGET@{force.turn}"
               if move is not None and move.target is not None and force.target is None else "")
        raise AnalysisError(f"{where}: {refused.message}{fix}")
    if not 1 <= force.turn <= rules.n_turns:
        raise AnalysisError(f"{where}: turn {force.turn} is out of range: {rules.id} has turns 1 to {rules.n_turns}")
    return rules.action_index[(force.move, force.target)]


def seat_policies(rules: Rules, seats: Mapping[str, str] | None) -> tuple[dict[str, str], list[SeatPolicy]]:
    """Every faction's bot (DEFAULT_BOT where unnamed) and the policies the kernel runs; raises AnalysisError.

    Any registered bot can fill a seat (`game.ai.BOTS`), with its level: `doctrine:coercive`, `search:hard`.
    """
    from game.ai import BOTS, UnknownBotError, seat_policy

    factions = [f.id for f in rules.factions]
    full = {f: DEFAULT_BOT for f in factions}
    for faction, bot in (seats or {}).items():
        where = f"seat {faction}={bot}"
        if faction not in rules.faction_index:
            raise AnalysisError(f"{where}: unknown faction {faction!r}{_hint(faction, factions)} "
                                f"(factions: {', '.join(factions)})")
        if bot == "human":
            raise AnalysisError(f"{where}: a person cannot play a batch of games; choose a bot "
                                f"({', '.join(BOTS)})")
        full[faction] = bot
    policies = []
    for faction in factions:
        try:
            policies.append(seat_policy(full[faction], rules, faction))
        except (UnknownBotError, NotImplementedError) as exc:
            raise AnalysisError(f"seat {faction}={full[faction]}: {exc}") from None
    return full, policies
