"""The subcommands of `main.py`, registered by name.

A command's module is imported only when that command runs (or its arguments are read), so
`validate` and `scenarios` never load the engine's machine code or the window.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from typing import Any, Callable

from game.rules.files import CONTENT_ROOT
from game.scenarios import SCENARIO_DIR, check_paths, list_scenarios


def _lazy(module: str, name: str) -> Callable[..., Any]:
    """`module.name`, imported when first called."""
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return call


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
        from game.cli import play

        return play.run(args)
    from game.ui.app import run_app

    return run_app(scenario=args.scenario)


COMMANDS = {
    "play": ("play a game (with --headless: in the terminal)", _lazy("game.cli.play", "add_arguments"), play_run),
    "scenarios": ("list the shipped scenarios", scenarios_add, scenarios_run),
    "validate": ("check scenario and content files, reporting every problem", validate_add, validate_run),
    "analyze": ("play many games as one batch: outcome distributions, A/B comparisons, balance",
                _lazy("game.cli.analyze", "add_arguments"), _lazy("game.cli.analyze", "run_command")),
    "concepts": ("list the source articles' concepts and the content that models each",
                 _lazy("game.cli.concepts", "add_arguments"), _lazy("game.cli.concepts", "run")),
    "screenshot": ("render one scene of the game window headless to a PNG", _lazy("game.ui.screenshot", "add_arguments"),
                   _lazy("game.ui.screenshot", "run")),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="main.py", description="Pacific Trilemma: run with no command to open the game.")
    sub = parser.add_subparsers(dest="command")
    words = sys.argv[1:] if argv is None else argv
    chosen = next((word for word in words if not word.startswith("-")), None)
    for name, (help_text, add, _) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:  # only the command that runs needs its arguments (and its module)
            add(command)
    args = parser.parse_args(argv)
    if args.command is None:
        from game.ui.app import run_app

        return run_app()
    try:
        return COMMANDS[args.command][2](args)
    except BrokenPipeError:  # the reader stopped early (`... | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so Python's exit flush cannot fail again
        return 0
