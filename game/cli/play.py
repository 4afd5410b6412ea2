"""`main.py play --headless`: play a game in the terminal, bots and people alike, text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from game.ai import DEFAULT_STAND_IN, UnknownBotError, check_seat, negotiate, play_bot_seats
from game.i18n import _
from game.cli.text import briefing_lines, order_line, proposal_lines, report_lines, result_lines
from game.rules.problems import ContentError
from game.session import saves
from game.session.briefing import briefing
from game.session.debrief import debrief
from game.session.game import HUMAN, Game
from game.session.orders import IllegalOrderError, Order
from game.session.proposals import Answer
from game.session.replay import Replay
from game.session.scoring import score_breakdown
from game.session.words import faction_name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--headless", action="store_true",
                        help=_("play in the terminal (no window); a human seat types orders by number or id, 'undo', "
                               "'{bot}' to let the stand-in bot ({stand_in}) play that turn, its orders replacing "
                               "those typed, or a blank line to commit; a joint move is proposed to its partners "
                               "with 'propose MOVE@TARGET [reason]' and answered with 'accept N', 'decline N "
                               "[reason]', 'counter N MOVE@TARGET [reason]' or 'withdraw N [reason]' (bots answer at "
                               "once); Ctrl-C stops after printing the turns played",
                               bot=HAND_OVER, stand_in=DEFAULT_STAND_IN))
    parser.add_argument("--scenario", default=None, help=_("scenario id or path to a scenario YAML file"))
    parser.add_argument("--seed", type=int, default=0, help=_("random seed (same seed and orders give the same game)"))
    parser.add_argument("--seats", default="", help=_("faction=player pairs, e.g. us=search:normal,jp=human,"
                        "cn=doctrine:coercive (human, random, greedy, doctrine[:NAME], search[:easy|normal|hard]; "
                        "default in headless play: every seat random)"))
    parser.add_argument("--load", metavar="FILE", help=_("continue a saved game"))
    parser.add_argument("--save", metavar="FILE", help=_("save the game after every turn"))
    parser.add_argument("--turns", type=int, default=None,
                        help=_("stop after this many turns, 1 to the scenario's length (then --save to continue)"))
    parser.add_argument("--json", action="store_true", help=_("print one JSON document instead of text (with --load, "
                        "every turn the save had resolved comes first)"))


def parse_seats(text: str) -> dict[str, str]:
    """`us=random,jp=human` as a dict; raises ValueError with the bad part."""
    seats = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        faction, sep, who = part.partition("=")
        if not sep or not faction.strip() or not who.strip():
            raise ValueError(_("bad seat {part!r}: write faction=player, e.g. us=random", part=part))
        seats[faction.strip()] = who.strip()
    return seats


LINE_CHARS = 400  # characters of one typed line of orders; longer lines are refused unread
HAND_OVER = "bot"  # typed by a person: the seat's stand-in bot plays this turn for them
INTERRUPTED = 130  # exit status of Ctrl-C


def shown_number(value: int) -> str:
    """A number as a message quotes it: a huge one by its digit count."""
    text = str(value)
    return text if len(text) <= 20 else _("{start}… ({n} digits)", start=text[:12], n=len(text))


def run(args: argparse.Namespace, out: TextIO | None = None, inp: TextIO | None = None) -> int:
    """Play in the terminal; returns the exit status (0 done or stopped by --turns, 1 out of input, 2 bad request)."""
    out = sys.stdout if out is None else out  # looked up at call time, so redirection (and capsys) works
    inp = sys.stdin if inp is None else inp
    err = sys.stderr
    try:
        if args.load:
            game = saves.load(args.load)
            for faction, who in parse_seats(args.seats).items():
                if faction not in game.factions:
                    raise ValueError(_("unknown faction {faction!r} (factions: {known})", faction=faction,
                                       known=", ".join(game.factions)))
                game.seats[faction] = who
        else:
            if not args.scenario:
                print(_("play: give --scenario ID (see `python main.py scenarios`) or --load FILE"), file=err)
                return 2
            game = Game.new(args.scenario, args.seed)
            seats = {f: "random" for f in game.factions}
            seats.update(parse_seats(args.seats))
            game = Game(game.rules, args.seed, seats)
        for faction, spec in game.seats.items():
            check_seat(spec, game.rules, faction)
        if args.turns is not None and not 1 <= args.turns <= game.rules.n_turns:
            raise ValueError(_("--turns {turns} is out of range: {scenario} has {n} turns, so give 1 to {n}",
                               turns=shown_number(args.turns), scenario=game.rules.id, n=game.rules.n_turns))
        if args.save:
            saves.clean_leftovers(Path(args.save).parent, Path(args.save).name)  # of saves a kill interrupted
    except (saves.SaveError, UnknownBotError, IllegalOrderError, ValueError, LookupError, ContentError) as exc:
        print(_("play: {reason}", reason=exc), file=err)
        return 2
    reports = loaded_reports(args.load) if args.load and args.json else []
    try:
        return play_turns(game, args, reports, out, inp)
    except KeyboardInterrupt:  # between two requests of the game: the turns resolved stand, the one under way is dropped
        saved = f"; {args.save} holds the game as of the last turn played" if args.save and reports else ""
        finish(game, args, reports, out, INTERRUPTED, stopped=True)
        print(f"play: stopped (Ctrl-C) before turn {game.turn} was resolved; the turns played are above{saved}",
              file=err)
        return INTERRUPTED


def play_turns(game: Game, args: argparse.Namespace, reports: list, out: TextIO, inp: TextIO) -> int:
    """Play turns to the end or to --turns, printing each (or the JSON at the end); returns the exit status."""
    err = sys.stderr
    played = 0
    while not game.is_over and (args.turns is None or played < args.turns):
        brief = briefing(game)
        if not args.json:
            print("\n".join(briefing_lines(brief)), file=out)
        reasons: dict[str, str] = {}
        for faction, spec in game.seats.items():  # people first: a bot seat stays open to their proposals
            if spec != HUMAN:
                continue
            handed = ask_human(game, faction, out, inp)
            if handed is None:
                print(_("play: no more input for {faction}'s orders; stopping before turn {turn}", faction=faction,
                        turn=game.turn), file=err)
                return finish(game, args, reports, out, 1)
            reasons.update(handed)
        reasons.update(play_bot_seats(game))
        report = game.resolve()
        report.bot_reasons.update(reasons)
        reports.append((brief, report))
        played += 1
        if not args.json:
            print("\n".join(report_lines(game, report)), file=out)
        if args.save:
            try:
                saves.save(game, args.save)
            except saves.SaveError as exc:
                print(_("play: {reason}; stopping after turn {turn}", reason=exc, turn=report.turn), file=err)
                return finish(game, args, reports, out, 1)
    return finish(game, args, reports, out, 0)


def loaded_reports(path: str) -> list:
    """(briefing, report) of every turn a save has resolved, replayed as they were (bots' reasons included)."""
    replay = Replay.open(path)
    return [(briefing(replay.game_before(frame.turn)), frame.report) for frame in replay.frames()]


def finish(game: Game, args, reports, out: TextIO, code: int, stopped: bool = False) -> int:
    """Print the game's result (text) or the whole game (JSON; `stopped` marks one cut short by Ctrl-C)."""
    if args.json:
        doc = {
            "scenario": game.rules.id,
            "seed": game.seed,
            "seats": game.seats,
            "provenance": game.provenance,
            "turns": [report.to_json() | {"briefing": brief.to_json()} for brief, report in reports],
            "status": game.status.name.lower(),
            "scores": game.scores(),
            "score_breakdown": {f: [{"term": line.term, "value": line.value, "points": line.points} for line in lines]
                                for f, lines in score_breakdown(game).items()},
            "winner": game.winner(),
            "debrief": debrief(game).to_json(),
        }
        if stopped:
            doc["stopped"] = True
        json.dump(doc, out, indent=1)
        out.write("\n")
    else:
        print("\n".join(result_lines(game)), file=out)
    return code


def ask_human(game: Game, faction: str, out: TextIO, inp: TextIO) -> dict[str, str] | None:
    """Read one faction's orders from the terminal until committed; returns the stand-in bot's reason by faction if
    `bot` handed the turn to it ({} otherwise), None when input runs out."""
    name = faction_name(game.rules, faction)
    print(_("-- {faction}, turn {turn}: enter orders by number or id (move@target), 'undo', '{bot}' to let the "
            "{stand_in} bot play this turn instead, or a blank line to commit", faction=name, turn=game.turn,
            bot=HAND_OVER, stand_in=DEFAULT_STAND_IN), file=out)
    print(_("   to a partner: 'propose MOVE@TARGET [reason]'; to a proposal: 'accept N', 'decline N [reason]', "
            "'counter N MOVE@TARGET [reason]', 'withdraw N [reason]'"), file=out)
    negotiate(game)  # the bots' proposals of the turn, and their answers to any already made
    while True:
        legal = game.legal_orders(faction)
        mine = ", ".join(str(o) for o in game.orders_of(faction)) or _("none yet")
        print(_("   your orders: {orders}", orders=mine), file=out)
        for line in proposal_lines(game, faction):
            print(f"   {line}", file=out)
        for k, order in enumerate(legal, 1):
            print(f"   {k:>2}. {order_line(game, order)}", file=out)
        line = inp.readline(LINE_CHARS + 1)
        if not line:
            return None
        if len(line) > LINE_CHARS and not line.endswith("\n"):
            while line and not line.endswith("\n"):  # the rest of the overlong line, read in bounded pieces
                line = inp.readline(LINE_CHARS + 1)
            print(_("   refused: a line of orders has at most {n} characters; type a number from the list "
                    "or an order id (move@target)", n=LINE_CHARS), file=out)
            continue
        line = line.strip()
        if not line:
            game.commit(faction)
            return {}
        if line == HAND_OVER:
            return hand_over(game, faction, out)
        word = line.split(maxsplit=1)[0]
        if word in NEGOTIATING:
            refused = negotiation_refusal(game, faction, line, legal)
            if refused:
                print(_("   refused: {reason}", reason=refused), file=out)
            continue
        refused = typed_refusal(line, len(legal))
        if refused:
            print(_("   refused: {reason}", reason=refused), file=out)
            continue
        try:
            if line == "undo":
                game.undo(faction)
            elif line.isdigit():
                game.submit(faction, legal[int(line) - 1])
            else:
                game.submit(faction, Order.parse(line))
        except IllegalOrderError as exc:
            print(_("   refused: {reason}", reason=exc), file=out)


def hand_over(game: Game, faction: str, out: TextIO) -> dict[str, str]:
    """The stand-in bot plays the faction's turn, its orders replacing any typed ones (all or nothing: the seat stays
    a person's for the next turn); prints what it ordered and why."""
    dropped = len(game.orders_of(faction))
    reasons = play_bot_seats(game, factions=[faction])
    orders = ", ".join(str(o) for o in game.orders_of(faction)) or "no orders"
    replaced = f" (replacing the {dropped} order{'s' if dropped != 1 else ''} typed)" if dropped else ""
    print(f"   the {DEFAULT_STAND_IN} bot plays this turn{replaced}: {orders}", file=out)
    print(f"   its reason: {reasons.get(faction, '')}", file=out)
    return reasons


NEGOTIATING = ("propose", "accept", "decline", "counter", "withdraw")  # the words of a proposal or an answer


def negotiation_refusal(game: Game, faction: str, line: str, legal: list[Order]) -> str | None:
    """Carry out a typed proposal or answer (the bots answer it at once); returns why it was refused, or None."""
    if not line.isprintable():
        return _("the line holds control characters: type e.g. 'accept 1' or 'propose MOVE@TARGET reason'")
    word, _sep, rest = line.partition(" ")
    parts = rest.split(maxsplit=1)
    usage = {"propose": _("write 'propose MOVE@TARGET [reason]' (a joint move by its id or its number in the list)"),
             "accept": _("write 'accept N' with the number of the proposal"),
             "decline": _("write 'decline N [reason]' with the number of the proposal"),
             "counter": _("write 'counter N MOVE@TARGET [reason]': the proposal's number and the joint move offered "
                          "instead"),
             "withdraw": _("write 'withdraw N [reason]' with the number of the proposal or agreement")}[word]
    try:
        if word == "propose":
            if not parts:
                return usage
            game.propose(faction, _typed_order(parts[0], legal), parts[1] if len(parts) > 1 else "")
        else:
            if not parts or not parts[0].isascii() or not parts[0].isdigit():
                return usage
            number = int(parts[0]) if len(parts[0]) <= 20 else -1
            words = parts[1] if len(parts) > 1 else ""
            if word == "accept":
                if words:
                    return usage
                game.answer(faction, number, Answer.ACCEPT)
            elif word == "decline":
                game.answer(faction, number, Answer.DECLINE, words)
            elif word == "counter":
                offer, _sep, why = words.partition(" ")
                if not offer:
                    return usage
                game.answer(faction, number, Answer.COUNTER, why.strip(), _typed_order(offer, legal))
            else:
                game.withdraw(faction, number, words)
    except (IllegalOrderError, ValueError) as exc:
        return str(exc)
    negotiate(game)  # bots answer at once
    return None


def _typed_order(text: str, legal: list[Order]) -> Order:
    """An order typed as its number in the list or as its id; raises ValueError for a number off the list."""
    if text.isascii() and text.isdigit():
        if len(text) > 20 or not 1 <= int(text) <= len(legal):
            raise ValueError(_("{number} is not in the list: type 1 to {n}, or an order id (move@target)",
                               number=shown_number(int(text)), n=len(legal)))
        return legal[int(text) - 1]
    return Order.parse(text)


def typed_refusal(line: str, choices: int) -> str | None:
    """Why a typed line is not an order, with a hint; None if it may be one (the game checks the rest)."""
    if line.isdigit():
        if not line.isascii():  # '²' and '٣' are digits to Python but not numbers anyone means here
            return _("{line!r} is not a number of the list: type digits 0-9 (1 to {n}) or an order id", line=line[:20],
                     n=choices)
        if not 1 <= int(line) <= choices:
            return _("{number} is not in the list: type 1 to {n}, or an order id (move@target)",
                     number=shown_number(int(line)), n=choices)
        return None
    if not line.isprintable():
        return _("the line holds control characters: type a number from the list or an order id (move@target)")
    if not line.isascii():
        return _("{line!r} is not an order: order ids are plain letters, digits, '.', '_' and '@' (type a number "
                 "from the list, or e.g. the id shown before the dash)", line=line[:40])
    return None
