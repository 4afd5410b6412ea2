"""`main.py analyze`: many games of a scenario as one batch; outcome distributions, A/B comparisons, balance;
with --from SAVE --turn K, continuations of a played game from turn K (game.analysis.whatif)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TextIO

from game.analysis import AnalysisError, Stopped, WhatIf, balance, compare, record, run, start_of, what_if
from game.analysis.compare import SEARCH_SHARE
from game.analysis.requests import FORCE_FORMAT
from game.analysis.strength import strength
from game.cli.analysis_text import balance_lines, comparison_lines, run_lines, strength_lines
from game.cli.play import parse_seats, shown_number
from game.i18n import N_, _, ngettext
from game.rules.compiled import Rules
from game.rules.problems import ContentError
from game.scenarios import load_rules

DEFAULT_GAMES = 1000
CLI_MAX_GAMES = 100_000  # one batch from the command line: ~160 MB of track values for crossroads_2025; the
# library's own ceiling (game.analysis.runner.MAX_GAMES) needs gigabytes a machine may not have
USAGE, INTERRUPTED = 2, 130  # exit statuses of a bad request (as argparse uses) and of Ctrl-C
PROGRESS_SECONDS = 5.0  # at most one progress line this often (after the first)
GAMES_RANGE = N_("--games {games} is out of range: one batch is 1 to {limit:,} games (more needs gigabytes of memory); "
                 "run several batches with different --seed values")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", default=None, help=_("scenario id or path to a scenario YAML file"))
    parser.add_argument("--games", type=int, default=DEFAULT_GAMES,
                        help=_("games to play, 1 to {limit:,} (default {default}; run more as batches with --seed)",
                               limit=CLI_MAX_GAMES, default=DEFAULT_GAMES))
    parser.add_argument("--seed", type=int, default=0, help=_("first seed: the games use seeds S..S+N-1 (default 0)"))
    parser.add_argument("--seats", default="", help=_("faction=bot pairs, e.g. us=search:normal,jp=doctrine:proactive_"
                        "leader (bots: random, greedy, doctrine[:NAME], search[:easy|normal|hard]; a seat not named "
                        "is random)"))
    parser.add_argument("--force", action="append", default=[], metavar="SPEC",
                        help=_("{format}: that faction gives that order on that turn in every game where it is "
                               "legal (its bot fills its other slots); repeatable", format=FORCE_FORMAT))
    parser.add_argument("--against", action="append", default=[], metavar="SPEC",
                        help=_("forced orders of an arm B run on the same seeds (repeatable); arm A has the --force "
                        "orders; prints both arms and B − A"))
    parser.add_argument("--turns", type=int, default=None,
                        help=_("stop after this many turns to see a short-term effect (default: play to the end; "
                        "games stopped early have no winner yet)"))
    parser.add_argument("--balance", action="store_true",
                        help=_("every seat mix the setup offers on the same seeds (every seat random, greedy, doctrine, "
                        "search:normal; each other personality against the defaults): a balance table"))
    parser.add_argument("--search-games", type=int, default=None, metavar="N",
                        help=_("with --balance: games of the search:normal mix (default: {share:.0%} of --games; 0 "
                        "leaves it out)", share=SEARCH_SHARE))
    parser.add_argument("--strength", action="append", default=[], metavar="BOT,OTHER",
                        help=_("how often BOT beats OTHER in paired games, BOT in each seat in turn (e.g. "
                        "search:normal,doctrine); repeatable; --games is the number of seeds a seat"))
    parser.add_argument("--all-tracks", action="store_true", help=_("list every track (default: core and tension)"))
    parser.add_argument("--json", action="store_true", help=_("print one JSON object instead of text"))
    parser.add_argument("--no-proposals", dest="proposals", action="store_false",
                        help=_("the bots do not negotiate joint moves (allies who may not coordinate)"))
    parser.add_argument("--from", dest="from_save", default=None, metavar="SAVE",
                        help=_("continue a played game: N continuations from the state before --turn K, each with its "
                        "own seed from then on (arm A: the --force orders on turn K or later; arm B: turn K as "
                        "played, or the --against orders); bots play the later turns (the save's bots, the stand-in "
                        "bot for a seat people played; override with --seats)"))
    parser.add_argument("--turn", type=int, default=None, metavar="K",
                        help=_("with --from: the turn the continuations begin at (1 to the resolved turns + 1)"))
    parser.add_argument("--record", action="store_true",
                        help=_("with --from: keep the result beside the save (SAVE.what-if.json) for `report SAVE`"))


def pair_of(text: str) -> tuple[str, str]:
    """(bot, other) from `BOT,OTHER`; raises AnalysisError."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise AnalysisError(_("strength {text!r}: write BOT,OTHER, e.g. search:normal,doctrine", text=text))
    return parts[0], parts[1]


class Progress:
    """Progress lines on stderr while a batch of more than one chunk plays: after its first chunk, then at most
    one every PROGRESS_SECONDS (a line, not a redrawn counter, so that a log or a pipe reads it too)."""

    def __init__(self, what: str = "games"):
        self.what, self.last = what, None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or (self.last is not None and now - self.last < PROGRESS_SECONDS):
            return
        self.last = now
        print(f"analyze: {done:,} of {total:,} {self.what} played (Ctrl-C stops and reports those)", file=sys.stderr,
              flush=True)


def run_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run the requested analysis; returns the exit status (0, 2 for a bad request, 130 stopped by Ctrl-C)."""
    out = sys.stdout if out is None else out  # looked up at call time, so redirection (and capsys) works
    if args.from_save is not None or args.turn is not None or args.record:
        return run_from(args, out)
    pairings: list = []  # --strength's pairings as they finish (Ctrl-C prints those done)
    rules = None
    stopped = ""  # the line that says what a Ctrl-C left out of the figures printed
    try:
        if not args.scenario:
            raise AnalysisError(_("give --scenario ID (see `python main.py scenarios`) or a path to a scenario file"))
        if args.balance and (args.seats or args.force or args.against or args.turns):
            raise AnalysisError(_("--balance plays whole games with its own seats and forces nothing: "
                                  "drop --seats, --force, --against and --turns"))
        if args.search_games is not None and not args.balance:
            raise AnalysisError(_("--search-games sizes the search mix of --balance: give --balance too"))
        if args.search_games is not None and not 0 <= args.search_games <= CLI_MAX_GAMES:
            raise AnalysisError(_("--search-games {n} is out of range: 0 (no search mix) to {limit:,}",
                                  n=shown_number(args.search_games), limit=CLI_MAX_GAMES))
        if args.strength and (args.balance or args.seats or args.force or args.against or args.turns):
            raise AnalysisError(_("--strength seats its own bots and plays whole games: "
                                  "drop --balance, --seats, --force, --against and --turns"))
        if not 1 <= args.games <= CLI_MAX_GAMES:
            raise AnalysisError(_(GAMES_RANGE, games=shown_number(args.games), limit=CLI_MAX_GAMES))
        rules = load_rules(args.scenario)
        try:
            seats = parse_seats(args.seats)
        except ValueError as exc:
            raise AnalysisError(str(exc)) from None
        try:
            doc, lines = analysis(args, rules, seats, pairings)
        except Stopped as stop:
            doc, lines, stopped = stopped_figures(args, rules, stop, pairings)
    except (AnalysisError, LookupError, ContentError) as exc:
        print(_("analyze: {reason}", reason=exc), file=sys.stderr)
        return USAGE
    except MemoryError:
        print(_("analyze: not enough memory for {n:,} games at once; run fewer (--games) in several batches",
                n=args.games), file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:  # before a batch began (reading the scenario), or between two of --strength's
        doc, lines, stopped = (stopped_figures(args, rules, Stopped(None, 0, args.games), pairings) if rules else
                               (None, None, _("analyze: stopped (Ctrl-C) before the first chunk of games finished; "
                                              "nothing to report yet")))
    if doc is None:
        print(f"\n{stopped}", file=sys.stderr)
        return INTERRUPTED
    if args.json:
        if stopped:
            doc["stopped"] = True  # the figures' own "games" say how many games each covers
        json.dump(doc, out, indent=1)
        out.write("\n")
    else:
        print("\n".join(lines), file=out)
    if stopped:
        print(stopped, file=sys.stderr)
        return INTERRUPTED
    return 0


def analysis(args: argparse.Namespace, rules: Rules, seats: dict[str, str], pairings: list) -> tuple[dict, list[str]]:
    """The requested analysis as (JSON document, text lines); Stopped on Ctrl-C (--strength's finished pairings are
    in `pairings`)."""
    progress = Progress()
    if args.strength:
        for k, text in enumerate(args.strength, 1):
            pairings.append(strength(rules, *pair_of(text), args.games, args.seed,
                                     progress=Progress(f"games of pairing {k} of {len(args.strength)} ({text})"),
                                     proposals=args.proposals))
        return {"pairings": [p.to_json() for p in pairings]}, strength_lines(rules, pairings)
    if args.balance:
        result = balance(rules, args.games, args.seed, progress=Progress("games of the seat mixes"),
                         proposals=args.proposals, search_games=args.search_games)
        return result.to_json(), balance_lines(rules, result)
    if args.against:
        result = compare(rules, args.games, seats, args.seed, a=args.force, b=args.against, turns=args.turns,
                         progress=Progress("games of each arm"), proposals=args.proposals)
        return result.to_json(), comparison_lines(rules, result, args.all_tracks)
    result = run(rules, args.games, seats, args.seed, args.force, args.turns, progress=progress,
                 proposals=args.proposals)
    return result.to_json(), run_lines(rules, result, args.all_tracks)


def stopped_figures(args: argparse.Namespace, rules: Rules, stop: Stopped,
                    pairings: list) -> tuple[dict | None, list[str] | None, str]:
    """What a Ctrl-C leaves: (JSON document, text lines, the closing line); the document is None when nothing was
    done."""
    if args.strength:
        if not pairings:
            return None, None, _("analyze: stopped (Ctrl-C) during the first pairing; a pairing half played has no "
                                 "result, nothing to report")
        doc = {"pairings": [p.to_json() for p in pairings], "requested_pairings": len(args.strength)}
        return doc, strength_lines(rules, pairings), _(
            "analyze: stopped (Ctrl-C) after {done} of {asked} pairings; those above are complete",
            done=len(pairings), asked=len(args.strength))
    if stop.partial is None:
        return None, None, _("analyze: stopped (Ctrl-C) before the first chunk of games finished; nothing to report yet")
    if args.balance:
        bal = stop.partial
        doc = bal.to_json() | {"requested": args.games}
        last = bal.mixes[-1]
        return doc, balance_lines(rules, bal), _(
            "analyze: stopped (Ctrl-C) in mix {mix} of {mixes} ({label}), after {games} of its games; the mixes "
            "before it are complete, those after it were not played", mix=len(bal.mixes), mixes=len(bal.planned),
            label=last.label, games=f"{last.outcome.games:,}")
    if args.against:
        doc = stop.partial.to_json() | {"requested": args.games}
        return doc, comparison_lines(rules, stop.partial, args.all_tracks), _(
            "analyze: stopped (Ctrl-C) after {done} of {games} games in each arm; the figures above cover those, "
            "paired", done=f"{stop.done:,}", games=f"{args.games:,}")
    doc = stop.partial.to_json() | {"requested": args.games}
    return doc, run_lines(rules, stop.partial, args.all_tracks), _(
        "analyze: stopped (Ctrl-C) after {done} of {games} games; the figures above cover those only",
        done=f"{stop.done:,}", games=f"{args.games:,}")


def check_from(args: argparse.Namespace) -> None:
    """Raise AnalysisError unless --from, --turn and --record are asked for together with what they allow."""
    if args.from_save is None:
        raise AnalysisError(_("--turn and --record continue a played game: give --from SAVE too"))
    if args.turn is None:
        raise AnalysisError(_("--from SAVE needs --turn K: the turn the continuations begin at"))
    extra = [name for name, given in (("--scenario", args.scenario), ("--balance", args.balance),
                                      ("--strength", args.strength), ("--turns", args.turns)) if given]
    if extra:
        raise AnalysisError(_("--from plays the save's own scenario to its end: drop {options}", options=", ".join(extra)))
    if not 1 <= args.games <= CLI_MAX_GAMES:
        raise AnalysisError(_(GAMES_RANGE, games=shown_number(args.games), limit=CLI_MAX_GAMES))


def what_if_lines(rules: Rules, result: WhatIf, all_tracks: bool) -> list[str]:
    """A what-if as text: where it starts, its notes, the arms' figures (and B − A), and the placements."""
    head = ngettext("What if, from {source} at turn {turn} ({label}): {n:,} continuation per arm, each with its own "
                    "seed from turn {turn} on; the turns before it as played",
                    "What if, from {source} at turn {turn} ({label}): {n:,} continuations per arm, each with its own "
                    "seed from turn {turn} on; the turns before it as played", result.games, source=result.source,
                    turn=result.turn, label=rules.turn_label(result.turn))
    lines = [head]
    if result.comparison is not None:
        lines.append(_("arm A: {label} (that faction's bot fills its other orders of the turn; the others "
                       "play theirs as played)", label=result.labels[0]))
        lines.append(_("arm B: {label}", label=result.labels[1]))
        body = comparison_lines(rules, result.comparison, all_tracks)
        arms = (_("arm A: {label}", label=""), _("arm B: {label}", label=""))
        body = [line for line in body if not line.startswith(arms)]
    else:
        lines.append(_("one arm: turn {turn} {label}, then bots (give --force for an alternative)", turn=result.turn,
                       label=result.labels[0]))
        body = run_lines(rules, result.arms[0], all_tracks)
    lines += [_("note: {note}", note=n) for n in result.notes]
    lines += body
    lines.append(_("Where the played game falls:"))
    lines += [f"  {p}" for p in result.placements]
    return lines


def run_from(args: argparse.Namespace, out: TextIO) -> int:
    """`analyze --from SAVE --turn K`: continuations of a played game; returns the exit status."""
    from game.session.saves import SaveError

    try:
        check_from(args)
        try:
            seats = parse_seats(args.seats)
        except ValueError as exc:
            raise AnalysisError(str(exc)) from None
        start = start_of(args.from_save, args.turn)
        result = what_if(start, args.turn, args.games, seats or None, args.force, args.against, args.seed,
                         progress=Progress("continuations of each arm"), proposals=args.proposals)
        stopped = ""
    except (AnalysisError, SaveError, LookupError, ContentError) as exc:
        print(_("analyze: {reason}", reason=exc), file=sys.stderr)
        return USAGE
    except MemoryError:
        print(_("analyze: not enough memory for {n:,} games at once; run fewer (--games) in several batches",
                n=args.games), file=sys.stderr)
        return USAGE
    except Stopped as stop:
        if stop.partial is None:
            print("\n" + _("analyze: stopped (Ctrl-C) before the first chunk of continuations finished; nothing to "
                          "report yet"), file=sys.stderr)
            return INTERRUPTED
        result, stopped = stop.partial, _("analyze: stopped (Ctrl-C) after {done:,} of {n:,} continuations; the "
                                          "figures above cover those only", done=stop.done, n=stop.total)
    if args.json:
        json.dump(result.to_json(per_game=False), out, indent=1)
        out.write("\n")
    else:
        print("\n".join(what_if_lines(start.rules, result, args.all_tracks)), file=out)
    if stopped:
        print(stopped, file=sys.stderr)
        return INTERRUPTED
    if args.record:
        try:
            record(args.from_save, result)
        except SaveError as exc:
            print(_("analyze: the result above was not recorded: {reason}", reason=exc), file=sys.stderr)
            return 1
        print(_("analyze: recorded in {save}.what-if.json; `python main.py report {save}` includes it",
                save=args.from_save), file=sys.stderr)
    return 0
