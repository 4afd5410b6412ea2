"""The subcommands of `main.py`, registered by name, and the handler every command runs under.

A command's module is imported only when that command runs (or its arguments are read), so
`validate` and `scenarios` never load the engine's machine code or the window.

Nothing reaches the user as a traceback: a known kind of bad request (an unknown scenario, broken content, a
save that cannot be read) is one line and exit status 2; Ctrl-C is one line and status 130; output that
cannot be written (`> /dev/full`) is one line; anything unexpected is one paragraph naming the command, its
input and the log file with the traceback (in the user's cache folder, or $PACIFIC_TRILEMMA_LOGS), status 3.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shlex
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable

import platformdirs

from game.rules.files import CONTENT_ROOT
from game.rules.problems import ContentError, shorten
from game.scenarios import SCENARIO_DIR, UnknownScenarioError, check_paths, list_scenarios


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
    parser.add_argument("--warnings", action="store_true",
                        help="also list expressions that can yield NaN or infinity at run time (a constant part "
                             "whose value is not finite, or a multiplication by a constant above 1e154), scoring "
                             "terms no move can change, moves no bot will ever order, scheduled events after a "
                             "scenario's last turn, and the items an extending pack replaces")


def validate_run(args: argparse.Namespace) -> int:
    """Report every problem in the given files; exit 1 if any."""
    paths = args.paths or [SCENARIO_DIR, CONTENT_ROOT]
    warnings: list | None = [] if args.warnings else None
    problems, count = check_paths(paths, warnings)
    for problem in problems:
        print(problem)
    for warning in warnings or ():
        print(f"warning: {warning}")
    if warnings:
        print(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}", file=sys.stderr)
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


def replay_add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("save", metavar="SAVE", help="a saved game, finished or not (it is never changed)")


COMMANDS = {
    "play": ("play a game (with --headless: in the terminal)", _lazy("game.cli.play", "add_arguments"), play_run),
    "scenarios": ("list the shipped scenarios", scenarios_add, scenarios_run),
    "validate": ("check scenario and content files, reporting every problem", validate_add, validate_run),
    "analyze": ("play many games as one batch: outcome distributions, A/B comparisons, balance",
                _lazy("game.cli.analyze", "add_arguments"), _lazy("game.cli.analyze", "run_command")),
    "concepts": ("list the source articles' concepts and the content that models each",
                 _lazy("game.cli.concepts", "add_arguments"), _lazy("game.cli.concepts", "run")),
    "classroom": ("host a lesson: teams play from their browsers, the projector shows the public screen",
                  _lazy("game.cli.classroom", "add_arguments"), _lazy("game.cli.classroom", "run")),
    "replay": ("step through a saved game turn by turn in the window", replay_add,
               _lazy("game.ui.replay_window", "main")),
    "branch": ("start a new game from a past turn of a save (the save is never changed)",
               _lazy("game.cli.branch", "add_arguments"), _lazy("game.cli.branch", "run")),
    "report": ("write a saved game's debrief report: one HTML file that prints on A4 and Letter",
               _lazy("game.cli.report", "add_arguments"), _lazy("game.cli.report", "run")),
    "screenshot": ("render one scene of the game window headless to a PNG", _lazy("game.ui.screenshot", "add_arguments"),
                   _lazy("game.ui.screenshot", "run")),
}


USAGE, CRASHED, INTERRUPTED = 2, 3, 130  # exit statuses: a bad request, an unexpected error, Ctrl-C
LOGS_VARIABLE = "PACIFIC_TRILEMMA_LOGS"  # the folder for crash logs (tests point it at a temporary folder)
SHOWN_INPUT = 300  # characters of the command line quoted in a crash message


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="main.py", description="Pacific Trilemma: run with no command to open the game.")
    sub = parser.add_subparsers(dest="command")
    argv = sys.argv[1:] if argv is None else argv
    chosen = next((word for word in argv if not word.startswith("-")), None)
    for name, (help_text, add, _) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:  # only the command that runs needs its arguments (and its module)
            add(command)
    try:
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        return _interrupted("main.py")
    command = args.command or "main.py"
    try:
        if args.command is None:
            from game.ui.app import run_app

            code = run_app()
        else:
            code = COMMANDS[args.command][2](args)
        sys.stdout.flush()  # here, where a full device can still be reported (not at Python's exit)
        return code
    except BrokenPipeError:  # the reader stopped early (`... | head`): not an error of ours
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return _interrupted(command)
    except MemoryError as exc:
        detail = f" ({shorten(str(exc), 200)})" if str(exc) else ""
        print(f"{command}: not enough memory for this request{detail}; ask for less (fewer --games, a smaller "
              "--size)", file=sys.stderr)
        return USAGE
    except OSError as exc:
        if _stdout_failed():
            _silence_stdout()
            print(f"{command}: cannot write the output: {os.strerror(exc.errno) if exc.errno else exc}",
                  file=sys.stderr)
            return 1
        return _crashed(command, argv, exc)
    except Exception as exc:
        if isinstance(exc, _known_errors()):  # a bad request of a kind that explains itself
            print(f"{command}: {shorten(str(exc))}", file=sys.stderr)
            return USAGE
        return _crashed(command, argv, exc)  # the last line of defence: a paragraph and a log, never a traceback


def _known_errors() -> tuple[type[Exception], ...]:
    """The errors that are a bad request, not a fault: an unknown scenario, broken content, a save that cannot be
    read (looked up only if the saves were loaded, so that `validate` never imports the session)."""
    saves = sys.modules.get("game.session.saves")
    return (UnknownScenarioError, ContentError) + ((saves.SaveError,) if saves is not None else ())


def _interrupted(command: str) -> int:
    print(f"\n{command}: stopped (Ctrl-C)", file=sys.stderr)
    return INTERRUPTED


def _stdout_failed() -> bool:
    """True if standard output cannot take what is written to it (a full device, a closed pipe): a failed write
    leaves nothing buffered, so one more character is the test (only on this error path)."""
    try:
        sys.stdout.write("\n")
        sys.stdout.flush()
        return False
    except (OSError, ValueError):
        return True


def _silence_stdout() -> None:
    """Point standard output at the null device, so Python's exit flush cannot fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def logs_dir() -> Path:
    """Where crash logs go: $PACIFIC_TRILEMMA_LOGS, or `logs` in the user's cache folder."""
    chosen = os.environ.get(LOGS_VARIABLE)
    return Path(chosen) if chosen else Path(platformdirs.user_cache_dir("pacific-trilemma")) / "logs"


def _crashed(command: str, argv: list[str], exc: BaseException) -> int:
    """One paragraph for an unexpected error, with the traceback in a log file; exit status 3."""
    line = shlex.join(["main.py", *argv])
    shown = line if len(line) <= SHOWN_INPUT else f"{line[:SHOWN_INPUT]}… ({len(line):,} characters)"
    what = shorten(f"{type(exc).__name__}: {exc}", 300)
    try:
        folder = logs_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        log.write_text(f"command: {line}\n\n{''.join(traceback.format_exception(exc))}", encoding="utf-8")
        where = f"the details are in {log}"
    except OSError as problem:
        where = f"the details could not be written to a log ({problem.strerror or problem})"
    print(f"{command}: an unexpected error stopped the command ({what}). The input was: {shown}. This is a fault "
          f"of the game, not of the input; {where} — please send that file with a report.", file=sys.stderr)
    return CRASHED
