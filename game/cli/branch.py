"""`main.py branch SAVE --turn K --out NEW.json [--seats ...]`: a new game from a past turn of a save."""

from __future__ import annotations

import argparse
import sys

from game.ai import UnknownBotError, check_seat
from game.cli.play import parse_seats
from game.session import saves
from game.i18n import _
from game.session.branch import branch
from game.session.words import faction_name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("save", metavar="SAVE", help=_("the saved game to branch from (it is never changed)"))
    parser.add_argument("--turn", type=int, required=True,
                        help=_("the turn to branch at: the new game starts before that turn's orders"))
    parser.add_argument("--out", required=True, metavar="NEW.json", help=_("where to save the new game"))
    parser.add_argument("--seats", default="", help=_("faction=player pairs to change, e.g. us=greedy,jp=human "
                        "(default: the seats as they were held at that turn)"))


def run(args: argparse.Namespace) -> int:
    """Branch and save; exit 0, or 2 with the reason on stderr."""
    try:
        seats = parse_seats(args.seats)
        probe = branch(args.save, args.turn, seats)  # seats checked against the scenario before anything is written
        for faction, spec in seats.items():
            check_seat(spec, probe.rules, faction)
        game = branch(args.save, args.turn, seats, args.out)
    except (saves.SaveError, UnknownBotError, ValueError) as exc:
        print(_("branch: {reason}", reason=exc), file=sys.stderr)
        return 2
    seats_text = " · ".join(f"{faction_name(game.rules, f.id)} {saves.seat_words(game.seats[f.id], game.rules, f.id)}"
                            for f in game.rules.factions)
    print(_("{file}: {provenance}; {label} (turn {turn} of {n}) is next; seats: {seats}", file=args.out,
            provenance=game.provenance, label=game.rules.turn_label(game.turn), turn=game.turn, n=game.rules.n_turns,
            seats=seats_text))
    return 0
