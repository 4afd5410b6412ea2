"""The subcommands of `main.py`, registered by name."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.cli import analyze, classroom, concepts, play
from game.rules.compiler import check_paths
from game.rules.files import CONTENT_ROOT
from game.scenarios import SCENARIO_DIR, list_scenarios
from game.ui import screenshot


def scenarios_add(parser: argparse.ArgumentParser) -> None:
    pass


def scenarios_run(args: argparse.Namespace) -> int:
    """One line per shipped scenario: id, title, turns."""
    for entry in list_scenarios():
        print(f"{entry.id}\t{entry.title}\t{entry.turns} turns")
    return 0


def validate_add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path,
                        help="scenario or content files or folders (default: every shipped scenario and pack)")


def validate_run(args: argparse.Namespace) -> int:
    """Report every problem in the given files; exit 1 if any."""
    paths = args.paths or [SCENARIO_DIR, CONTENT_ROOT]
    problems, count = check_paths(paths)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {count} file{'s' if count != 1 else ''}",
              file=sys.stderr)
        return 1
    print(f"ok: {count} file{'s' if count != 1 else ''} checked, no problems")
    return 0


def play_run(args: argparse.Namespace) -> int:
    if args.headless:
        return play.run(args)
    from game.ui.app import run_app

    return run_app(scenario=args.scenario)


COMMANDS = {
    "play": ("play a game (with --headless: in the terminal)", play.add_arguments, play_run),
    "scenarios": ("list the shipped scenarios", scenarios_add, scenarios_run),
    "validate": ("check scenario and content files, reporting every problem", validate_add, validate_run),
    "analyze": ("play many games as one batch: outcome distributions, A/B comparisons, balance",
                analyze.add_arguments, analyze.run_command),
    "concepts": ("list the source articles' concepts and the content that models each", concepts.add_arguments,
                 concepts.run),
    "classroom": ("host a lesson: teams play from their browsers, the projector shows the public screen",
                  classroom.add_arguments, classroom.run),
    "screenshot": ("render one scene of the game window headless to a PNG", screenshot.add_arguments,
                   screenshot.run),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="main.py", description="Pacific Trilemma: run with no command to open the game.")
    sub = parser.add_subparsers(dest="command")
    for name, (help_text, add, _) in COMMANDS.items():
        add(sub.add_parser(name, help=help_text, description=help_text))
    args = parser.parse_args(argv)
    if args.command is None:
        from game.ui.app import run_app

        return run_app()
    try:
        return COMMANDS[args.command][2](args)
    except BrokenPipeError:  # the reader stopped early (`... | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so Python's exit flush cannot fail again
        return 0
