"""Bots: a registry of players that choose orders from a faction's view, and a driver for bot seats.

A seat names a bot as `NAME` or `NAME:LEVEL`: `random`, `greedy`, `doctrine:alliance_builder`,
`search:normal`. Every bot decides from its faction's `View` and order desk alone (the desk
checks orders and simulates on copies, with the faction's own lookahead dice) and explains its choice in
plain words. Each bot is one module here holding both halves: its kernel policy (the jitted
decision a batch of games runs, `kernel`) and its adapter (view -> the same decision -> a reason),
so the game, the command line and the analysis play the same bots. The arithmetic they share
(margins over the best rival, the value of a war, ties, legality) is `game.engine.margins`.

Adding a batch-capable bot is one new module and one registry entry:

1. a module `game/ai/<name>.py` with a jitted kernel policy
   `batch_policy(ti, tf, x, ints, seed, f, params, orders_f, wf, wi, memory)` that fills faction
   f's empty slots (`seed` is the game's: derive `game.engine.rng.lookahead_seed(seed, f)` for the
   bot's own dice; `params` is the seat's POLICIES row; `memory` is `game.ai.batch.bot_memory`),
   and a `BotKind` subclass decorated `@register("NAME")` with `kernel = staticmethod(batch_policy)`,
   a `choose(view, desk)` that makes the same decision for one game and says why, and, if it has
   parameters, `params` and `check_params`;
2. its class added to `BATCH_BOTS` in `game/ai/batch.py`: its code (`Policy.NAME`) and its place in
   the batch dispatch follow from that entry.

A bot that only plays single games (no `kernel`) needs just the module and an import at the end of this file.

Allies negotiate joint moves (`game.session.proposals`): a bot may propose one joint move a turn
(`propose`) and answers every proposal addressed to it at once (`answer`). `negotiate(game)` runs the
bots' round in the same order as a batch's kernel does for every game: each bot seat in faction order
proposes, its bot partners answer, and a counter is answered by the proposer; a person's answer comes
when they give it. `play_bot_seats` runs that round before the seats fill their orders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from game.rules.problems import did_you_mean
from game.session.game import HUMAN, Game
from game.i18n import _
from game.session.orders import Order
from game.session.desk import OrderDesk
from game.session.proposals import Answer, Proposal, Reply, Standing
from game.session.view import View

if TYPE_CHECKING:
    import numpy as np

    from game.ai.batch import SeatPolicy
    from game.rules.compiled import Rules


class Bot(Protocol):
    """A player: given its faction's view and order desk, the orders it commits and a plain-language reason."""

    def choose(self, view: View, desk: OrderDesk) -> tuple[list[Order], str]: ...

    def propose(self, view: View, desk: OrderDesk) -> tuple[Order, str] | None: ...

    def answer(self, view: View, desk: OrderDesk, proposal: Proposal) -> Reply: ...


class BotKind:
    """The base of every registered bot: built from a level, it lists its levels and its batch policy."""

    name = ""  # set by `register`
    summary = ""  # one line for menus and help
    missing = ""  # why a faction may have no levels of this bot (when `levels` can be empty)
    kernel = None  # its jitted kernel policy, for a bot that can play a batch of games (staticmethod)
    propose_kernel = None  # its jitted proposal, `game.ai.batch` (staticmethod), for a batch-capable bot
    answer_kernel = None  # its jitted answer to a proposal (staticmethod)
    code = 0  # its code in the batch's POLICIES rows, given by its place in `game.ai.batch.BATCH_BOTS`

    def __init__(self, level: str = ""):
        self.level = level

    @classmethod
    def levels(cls, rules: "Rules", faction: str) -> list[tuple[str, str]]:
        """(level, label) pairs a seat of this faction may name; [("", "")] for a bot without levels, [] if the bot
        cannot play this faction here."""
        return [("", "")]

    @classmethod
    def default_level(cls, rules: "Rules", faction: str) -> str:
        """The level a seat that names only the bot gets: the first one listed, unless the bot says otherwise."""
        return cls.levels(rules, faction)[0][0]

    @classmethod
    def params(cls, rules: "Rules", faction: str, level: str) -> tuple[int, ...]:
        """The parameters its kernel policy reads from a POLICIES row after the code (at most three)."""
        return ()

    @classmethod
    def check_params(cls, rules: "Rules", rows: "np.ndarray") -> None:
        """Raise ValueError naming the fault if any of these POLICIES rows (all of this bot) is out of range."""

    @classmethod
    def policy(cls, rules: "Rules", faction: str, level: str) -> "SeatPolicy":
        """The kernel policy that makes this bot's choice for a batch of games: its code, then its parameters."""
        if not cls.code:
            raise NotImplementedError(f"bot {cls.name!r} cannot play a batch of games")
        params = cls.params(rules, faction, level)
        return (cls.code, *params) if params else cls.code

    def choose(self, view: View, desk: OrderDesk) -> tuple[list[Order], str]:
        raise NotImplementedError

    def propose(self, view: View, desk: OrderDesk) -> tuple[Order, str] | None:
        """The joint move (with its target) it proposes to its partners now and why, or None; at most once a turn."""
        return None

    def answer(self, view: View, desk: OrderDesk, proposal: Proposal) -> Reply:
        """Its answer, at once, to a proposal addressed to it: accept, decline (why) or counter."""
        return Reply(Answer.DECLINE, _("this bot does not negotiate"))


BOTS: dict[str, type[BotKind]] = {}
DEFAULT_STAND_IN = "greedy"  # the bot that plays a person's seat when asked to stand in for them


def register(name: str):
    """Class decorator adding a bot to the registry under `name`."""

    def add(cls):
        cls.name = name
        BOTS[name] = cls
        return cls

    return add


class UnknownBotError(ValueError):
    """A seat names a bot (or a bot's level) the registry does not have."""


def split_spec(spec: str) -> tuple[str, str]:
    """(name, level) of a seat spec like `search:normal`."""
    name, _, level = spec.strip().partition(":")
    return name, level


def bot_kind(spec: str) -> type[BotKind]:
    """The registered bot a seat spec names; raises UnknownBotError with the known names."""
    name, _ = split_spec(spec)
    if name not in BOTS:
        hint = did_you_mean(name, BOTS)
        raise UnknownBotError(f"unknown bot {name!r}" + (f" — did you mean {hint!r}?" if hint else "")
                              + f" (bots: {', '.join(sorted(BOTS))}, or {HUMAN!r} for a person)")
    return BOTS[name]


def check_level(spec: str, rules: "Rules", faction: str) -> str:
    """The level a seat spec names, checked for this faction of these rules (the default if none); raises
    UnknownBotError listing the levels."""
    kind = bot_kind(spec)
    _, level = split_spec(spec)
    known = [lv for lv, _ in kind.levels(rules, faction)]
    if not known:
        raise UnknownBotError(f"{kind.name} cannot play {faction} in {rules.id}: {kind.missing}")
    if not level:
        return kind.default_level(rules, faction)
    if level not in known:
        if known == [""]:
            raise UnknownBotError(f"bot {kind.name!r} has no levels; write just {kind.name!r}")
        hint = did_you_mean(level, known)
        raise UnknownBotError(f"{kind.name} has no level {level!r} for {faction}"
                              + (f" — did you mean {kind.name}:{hint}?" if hint else "")
                              + f" (levels: {', '.join(known)})")
    return level


def make_bot(spec: str, rules: "Rules | None" = None, faction: str | None = None) -> Bot:
    """A bot from a seat spec; with `rules` and `faction` its level is checked first (raises UnknownBotError)."""
    kind = bot_kind(spec)
    level = check_level(spec, rules, faction) if rules is not None and faction is not None else split_spec(spec)[1]
    return kind(level)


def check_seat(spec: str, rules: "Rules | None" = None, faction: str | None = None) -> None:
    """Raise UnknownBotError unless `spec` is 'human' or a registered bot (and, given rules and faction, its level)."""
    if spec != HUMAN:
        make_bot(spec, rules, faction)


def seat_policy(spec: str, rules: "Rules", faction: str) -> "SeatPolicy":
    """The kernel policy for a bot seat in a batch of games; raises UnknownBotError."""
    kind = bot_kind(spec)
    return kind.policy(rules, faction, check_level(spec, rules, faction))


def seat_choices(rules: "Rules", faction: str) -> list[tuple[str, str]]:
    """Every bot seat a faction can have in these rules, as (spec, label): `("search:normal", "search (normal)")`."""
    choices = []
    for name in BOTS:
        for level, label in BOTS[name].levels(rules, faction):
            choices.append((f"{name}:{level}" if level else name, f"{name} ({label})" if label else name))
    return choices


def _seat_bots(game: Game, bots: dict[str, Bot] | None, factions: list[str] | None) -> dict[str, Bot]:
    """The bot of every seat to play that has not committed, in faction order (a person's seat named in
    `factions` gets its stand-in bot)."""
    chosen = {}
    for faction in game.factions:
        spec = game.seats[faction]
        if faction in game.committed or (factions is None and spec == HUMAN) or (
                factions is not None and faction not in factions):
            continue
        chosen[faction] = (bots or {}).get(faction) or make_bot(spec if spec != HUMAN else DEFAULT_STAND_IN,
                                                               game.rules, faction)
    return chosen


def _reply(game: Game, faction: str, bot: Bot, proposal: Proposal) -> Proposal:
    """`faction`'s bot answers `proposal` in the game; returns the proposal as it then stands (a counter: the
    new one)."""
    reply = _answer_of(bot, game, faction, proposal)
    return game.answer(faction, proposal.number, reply.answer, reply.reason, reply.counter)


def _answer_of(bot: Bot, game: Game, faction: str, proposal: Proposal) -> Reply:
    """`bot`'s reply to `proposal` (a bot written before proposals existed, with only `choose`, declines)."""
    if not hasattr(bot, "answer"):
        return BotKind.answer(bot, game.view(faction), game.desk(faction), proposal)
    return bot.answer(game.view(faction), game.desk(faction), proposal)


def negotiate(game: Game, bots: dict[str, Bot] | None = None, factions: list[str] | None = None) -> None:
    """The bots' round of proposals: each bot seat that has not committed (or each of `factions`) answers the
    open proposals addressed to it, then, in faction order, makes its proposal of the turn if it has not;
    its bot partners answer at once, and a counter from a bot goes back to the proposer's bot at once.
    A person's seat answers when its team does (front ends call this again after each of their proposals
    or answers)."""
    if game.is_over:
        return
    seated = _seat_bots(game, bots, factions)
    for faction, bot in seated.items():
        for proposal in game.negotiation.open_to(faction):
            if faction not in proposal.accepted:
                _settle(game, seated, _reply(game, faction, bot, proposal))
    for faction, bot in seated.items():
        if game.negotiation.proposed_by(faction) or faction in game.committed:
            continue
        offer = bot.propose(game.view(faction), game.desk(faction)) if hasattr(bot, "propose") else None
        if offer is None:
            continue
        order, reason = offer
        partners = game.rules.moves[game.rules.move_index[order.move]].partners
        if any(p in game.committed for p in partners if p != faction):
            continue  # a partner that has committed can no longer answer: as in the kernel, no deal this turn
        proposal = game.propose(faction, order, reason)
        for partner in proposal.to:
            if partner not in seated or proposal.standing != Standing.OPEN:
                break  # a person answers later; a proposal answered by a counter or a decline is done
            now = _reply(game, partner, seated[partner], proposal)
            if now.number != proposal.number:  # countered: the proposer's bot answers the counter at once
                _settle(game, seated, now, counter=True)
                break
            proposal = now


def _settle(game: Game, seated: dict[str, Bot], proposal: Proposal, counter: bool = False) -> None:
    """A proposal (or counter) just made by a bot to bot seats: they answer at once. A counter to a counter is
    taken as a decline, as in a batch's kernel."""
    for partner in proposal.to:
        if proposal.standing != Standing.OPEN or partner not in seated or partner in proposal.accepted:
            return
        reply = _answer_of(seated[partner], game, partner, proposal)
        if reply.answer == Answer.COUNTER and counter:
            reply = Reply(Answer.DECLINE, reply.reason)
        now = game.answer(partner, proposal.number, reply.answer, reply.reason, reply.counter)
        if now.number != proposal.number:
            _settle(game, seated, now, counter=True)
            return
        proposal = now


def play_bot_seats(game: Game, bots: dict[str, Bot] | None = None,
                   factions: list[str] | None = None) -> dict[str, str]:
    """Let every bot seat that has not committed negotiate, choose, submit and commit; returns their reasons.

    `factions` names the seats to play instead (any seat, a team's too: a classroom's timer fills an absent
    team's seat with its bot). The bots' round of proposals (`negotiate`) comes first. A seat's bot then
    replaces whatever orders the seat had pending (a bot plans a whole turn) except those its proposals and
    agreements hold, and it is all-or-nothing: if the bot's orders are refused, the seat keeps the orders it
    had and the error is raised.
    """
    negotiate(game, bots, factions)
    reasons = {}
    for faction, bot in _seat_bots(game, bots, factions).items():
        if game.is_over:
            break
        kept = list(game.pending[faction])
        game.pending[faction] = [o for o in kept if game.negotiation.holding(faction, o) is not None]
        try:
            orders, reason = bot.choose(game.view(faction), game.desk(faction))
            for order in orders:
                game.submit(faction, order)
        except Exception:
            game.pending[faction] = kept
            raise
        game.commit(faction)
        game.note_reasons(faction, reason)  # the game keeps it too: its report and saves carry it for every front end
        reasons[faction] = reason
    return reasons


from game.ai import batch  # noqa: E402,F401  (imports every batch-capable bot; each registers itself)
