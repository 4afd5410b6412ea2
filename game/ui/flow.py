"""Hot-seat play on one screen: whose turn it is to look, and what comes next (no drawing, no pygame).

A turn goes: for each human seat in faction order, a hand-off (the screen is covered until only
that faction's players are looking), then its orders until it commits; then the bot seats choose
and the turn resolves (`Phase.BOTS`) and everyone sees the report; after the last turn, the debrief.
The UI shows `step` and calls `advance()` when the players are done with it; nothing here draws
anything. The bots' step can take seconds, so the window does it in two halves: `think()` in a
worker thread (it touches only the game, which nobody else may touch until it returns), then
`settle(report)` on the UI thread; if `think()` fails it changes nothing, and `reopen(reason)` gives
the last human faction its orders back, uncommitted, to commit again. `hand_to_bot(faction)` lets the
stand-in bot play a human faction's turn from its cover or its orders (the players are away, or stuck):
the bot replaces the pending orders and commits, all or nothing; the seat is a human one again next turn.

The autosave is written after every commit and every turn, with the turn's pending orders and who
has committed, so a resumed game continues with the first human faction that has not committed
(its own orders so far restored, the others' never shown). `leave_warning()` says what leaving now
would keep or lose; `keep()` writes the autosave before the players leave.

    flow = HotSeat(Game.new("crossroads_2025", seed=7, seats={"cn": "greedy"}), autosave=path)
    flow.step          # Step(Phase.HANDOFF, "us")
    flow.advance()     # -> Step(Phase.ORDERS, "us"); the UI submits orders through flow.game
    flow.game.commit("us"); flow.advance()   # -> the next hand-off, or the report once all are in
"""

from __future__ import annotations

from game.i18n import _, current, join, ngettext
from game.session.words import faction_name

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from game.ai import Bot, bot_kind, check_level, make_bot, negotiate, play_bot_seats, split_spec
from game.session import saves
from game.session.game import HUMAN, Game
from game.session.orders import SessionError
from game.session.report import TurnReport


class Phase(str, Enum):
    HANDOFF = "handoff"  # cover screen: pass to `faction`
    ORDERS = "orders"  # `faction` gives its secret orders
    BOTS = "bots"  # the bot seats choose and the turn resolves (seconds for a search bot)
    REPORT = "report"  # the resolved turn, for everyone
    DEBRIEF = "debrief"  # the game is over


@dataclass(frozen=True)
class Step:
    phase: Phase
    faction: str | None = None
    report: TurnReport | None = None


class HotSeat:
    """Drives a Game through hand-offs, orders, reports and the debrief; autosaves after every commit and turn."""

    def __init__(self, game: Game, autosave: Path | None = None, after_save: Callable[[Path], None] | None = None,
                 bots: dict[str, Bot] | None = None):
        self.game = game
        self.bots = bots  # faction -> the bot that plays that seat (default: one of the seat's kind, made when needed)
        self.autosave = autosave
        self.after_save = after_save  # called with the path after each autosave written (the store prunes old ones)
        self.save_problem: str | None = None  # the last autosave failure, shown by the UI
        self.problem: str | None = None  # why the bots' step failed, shown on the next hand-off
        self.handed: dict[str, str] = {}  # human faction -> the reason its stand-in bot gave this turn
        self.step = self._turn_start() if not game.is_over else Step(Phase.DEBRIEF)

    @property
    def humans(self) -> list[str]:
        return [f for f in self.game.factions if self.game.seats[f] == HUMAN]

    def _turn_start(self) -> Step:
        waiting = [f for f in self.humans if f not in self.game.committed]
        if waiting:
            if len(waiting) == len(self.humans):  # the turn's orders begin: the bots' proposals wait for the people
                self.negotiate()
            return Step(Phase.HANDOFF, waiting[0])
        return Step(Phase.BOTS)

    def negotiate(self) -> None:
        """The bot seats' round of proposals now (game.ai.negotiate): they answer what people proposed to them
        and make their own proposals; called as each turn's orders begin and after every proposal, answer or
        withdrawal made at the screen, so a bot's answer is there at once."""
        if not self.game.is_over:
            negotiate(self.game, self._bots())

    def _bots(self) -> dict[str, Bot] | None:
        """The bots given for the seats, if any (otherwise each seat's own kind is made as it is needed)."""
        return dict(self.bots) if self.bots else None

    def thinking(self) -> list[tuple[str, str]]:
        """(faction, "United States (search, normal)") for each bot seat still to choose this turn."""
        game = self.game
        names = {f.id: faction_name(game.rules, f.id) for f in game.rules.factions}
        return [(f, _("{faction} ({seat})", faction=names[f], seat=seat_label(game, f))) for f in game.factions
                if game.seats[f] != HUMAN and f not in game.committed]

    def think(self, choosing: Callable[[str], None] | None = None) -> TurnReport:
        """The bot seats choose and commit, and the turn resolves; `choosing(faction)` is called as each bot
        starts. All or nothing: if a bot or the resolution fails, the game is left as it was and the error
        raised. Safe in a worker thread as long as nothing else touches the game until it returns."""
        game = self.game
        if self.step.phase != Phase.BOTS:
            raise SessionError(f"the bots choose once every human faction has committed, not at {self.step.phase.value}")
        saved = ({f: list(v) for f, v in game.pending.items()}, set(game.committed), game.state.copy(), len(game.history))
        try:
            given = self.bots or {}
            bots = {f: _Announced(given.get(f) or make_bot(game.seats[f], game.rules, f), f, choosing)
                    for f, _ in self.thinking()} if choosing is not None else self._bots()
            reasons = play_bot_seats(game, bots)
            report = game.resolve()
        except BaseException:
            game.pending, game.committed, game.state, turns = saved  # the bots' half-made choices go with the failure
            del game.history[turns:]
            raise
        report.bot_reasons.update({**self.handed, **reasons})
        return report

    def settle(self, report: TurnReport) -> Step:
        """After `think()`: autosave the resolved turn and show its report."""
        self.problem = None
        self.handed = {}
        self._autosave()
        self.step = Step(Phase.REPORT, report=report)
        return self.step

    def reopen(self, reason: str) -> Step:
        """After a failed `think()`: the last human faction's commit is taken back (its orders stay) so it can
        look again and commit to let the bots retry; without a human seat, the bots' step stays to be retried."""
        self.problem = reason
        humans = self.humans
        if humans:
            self.game.committed.discard(humans[-1])
            self._autosave()
            self.step = Step(Phase.HANDOFF, humans[-1])
        return self.step

    def hand_to_bot(self, faction: str) -> Step:
        """The stand-in bot plays `faction`'s turn (at its cover or its orders): its pending orders are replaced by
        the bot's, committed, and the flow moves on; the seat is human again next turn. All or nothing: if the
        bot's orders are refused, the faction keeps its orders, uncommitted, and the error is raised."""
        step = self.step
        if step.phase not in (Phase.HANDOFF, Phase.ORDERS) or step.faction != faction:
            raise SessionError(f"{faction} can be handed to a bot only at its own cover or orders, not at "
                               f"{step.phase.value}" + (f" for {step.faction}" if step.faction else ""))
        self.handed.update(play_bot_seats(self.game, factions=[faction]))
        self.problem = None
        self._autosave()
        self.step = self._turn_start()
        return self.step

    def _autosave(self) -> None:
        if self.autosave is None:
            return
        try:
            saves.save(self.game, self.autosave, pending=True)
            self.save_problem = None
        except saves.SaveError as exc:
            self.save_problem = str(exc)
            return
        if self.after_save is not None:
            self.after_save(self.autosave)

    @property
    def started(self) -> bool:
        """Whether anything would be lost with the game: a resolved turn, a commit or a pending order."""
        game = self.game
        return bool(game.history or game.committed or any(game.pending.values()))

    def keep(self) -> None:
        """Write the autosave now (the players are leaving), if there is anything to keep."""
        if self.started and not self.game.is_over:
            self._autosave()

    def leave_warning(self) -> str | None:
        """What leaving the game now keeps and what it loses, in words; None once the game is over."""
        game = self.game
        if game.is_over:
            return None
        if not self.started:
            return _("This game has no resolved turn yet: leaving loses it.")
        if self.autosave is None:
            return _("This game is not autosaved: leaving loses it.")
        names = {f.id: faction_name(game.rules, f.id) for f in game.rules.factions}
        kept = []
        if game.history:
            kept.append(ngettext("the resolved turn", "the {n} resolved turns", len(game.history)))
        committed = [names[f] for f in game.factions if f in game.committed]
        if committed:
            kept.append(_("{factions} committed orders for {turn}", factions=_join([possessive(n) for n in committed]),
                          names=_join(committed), turn=game.rules.turn_label(game.turn)))
        for f in game.factions:
            count = len(game.pending[f])
            if f not in game.committed and count:
                kept.append(ngettext("{faction} {n} pending order", "{faction} {n} pending orders", count,
                                     faction=possessive(names[f]), name=names[f]))
        text = _("{kept} will be kept in the autosave; Resume on the title screen continues the game.",
                 kept=_capital(_join(kept)))
        if not game.history:
            text = _("This game has no resolved turn yet. {text}", text=text)
        if self.save_problem:
            text = _("The last autosave failed ({why}): leaving may lose everything since. {text}",
                     why=self.save_problem, text=text)
        return text

    def advance(self) -> Step:
        """Move on from the current step (the players pressed Space, committed, or read the report)."""
        step = self.step
        if step.phase == Phase.HANDOFF:
            self.problem = None  # read on the cover; the faction now sees its orders
            self.step = Step(Phase.ORDERS, step.faction)
        elif step.phase == Phase.ORDERS:
            if step.faction not in self.game.committed:
                raise SessionError(f"{step.faction} has not committed its orders yet")
            self._autosave()  # the commit survives a closed window; the orders stay secret in the file
            self.step = self._turn_start()
        elif step.phase == Phase.BOTS:
            self.settle(self.think())
        elif step.phase == Phase.REPORT:
            self.step = Step(Phase.DEBRIEF) if self.game.is_over else self._turn_start()
        return self.step

    def reports(self) -> list[TurnReport]:
        return self.game.reports()


class _Announced:
    """A bot that says when it starts choosing (the window shows who is thinking)."""

    def __init__(self, bot: Bot, faction: str, choosing: Callable[[str], None]):
        self.bot, self.faction, self.choosing = bot, faction, choosing

    def choose(self, view, desk):
        self.choosing(self.faction)
        return self.bot.choose(view, desk)

    def propose(self, view, desk):
        return self.bot.propose(view, desk)

    def answer(self, view, desk, proposal):
        return self.bot.answer(view, desk, proposal)


def seat_label(game: Game, faction: str) -> str:
    """A bot seat in words: "search, normal", "greedy" (the level's label as the setup screen lists it)."""
    spec = game.seats[faction]
    kind = bot_kind(spec)
    level = check_level(spec, game.rules, faction)
    label = dict(kind.levels(game.rules, faction)).get(level, level)
    return _("{bot}, {level}", bot=split_spec(spec)[0], level=label) if label else split_spec(spec)[0]


def possessive(name: str) -> str:
    """"Japan's", "the United States'" (a plural name takes 'the' and a bare apostrophe); "日本の" in Japanese."""
    if current() != "en":
        return _("{name}'s", name=name)
    return f"the {name}'" if name.endswith("s") else f"{name}'s"


def _join(parts: list[str]) -> str:
    return join(parts)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
