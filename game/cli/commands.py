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
import json
import os
import shlex
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable

import platformdirs

from game import i18n
from game.cli.argparse_words import LiteralHelp, translated
from game.i18n import N_, _, ngettext
from game.rules import translations
from game.rules.files import CONTENT_ROOT, UnreadableFile, read_bounded
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
    from game.i18n.content import scenario_text

    for entry in list_scenarios():
        title = scenario_text(entry.path, entry.id, "title", entry.title)
        print(ngettext("{id}\t{title}\t{n} turn", "{id}\t{title}\t{n} turns", entry.turns, id=entry.id, title=title))
    return 0


def validate_add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path,
                        help=_("scenario, content or translation files or folders (default: every shipped scenario, "
                               "pack and translation)"))
    parser.add_argument("--warnings", action="store_true",
                        help=_("also list expressions that can yield NaN or infinity at run time (a constant part "
                               "whose value is not finite, or a multiplication by a constant above 1e154), scoring "
                               "terms no move can change, moves no bot will ever order, scheduled events after a "
                               "scenario's last turn, and the items an extending pack replaces"))
    parser.add_argument("--untranslated", metavar="LANG",
                        help=_("also list the items and fields the language's translation files leave untranslated "
                               "(they show in English)"))


def validate_run(args: argparse.Namespace) -> int:
    """Report every problem in the given files (translation files checked against their content); exit 1 if any."""
    if args.untranslated is not None and (args.untranslated == i18n.SOURCE
                                          or not translations.is_language_code(args.untranslated)):
        print(_("validate: --untranslated takes a language code other than {source}, like ja (got {lang!r})",
                source=i18n.SOURCE, lang=args.untranslated), file=sys.stderr)
        return USAGE
    paths = args.paths or [SCENARIO_DIR, CONTENT_ROOT, translations.RULES_DIR / "lang"]
    warnings: list | None = [] if args.warnings else None
    problems, count = check_paths(paths, warnings)
    for problem in problems:
        print(problem)
    for warning in warnings or ():
        print(_("warning: {warning}", warning=warning))
    if args.untranslated:
        _print_untranslated(paths, args.untranslated)
    if warnings:
        print(ngettext("{n} warning", "{n} warnings", len(warnings)), file=sys.stderr)
    if problems:
        print(ngettext("{problems} in {n} file", "{problems} in {n} files", count,
                       problems=ngettext("{n} problem", "{n} problems", len(problems))), file=sys.stderr)
        return 1
    print(ngettext("ok: {n} file checked, no problems", "ok: {n} files checked, no problems", count))
    return 0


def _print_untranslated(paths: list[Path], lang: str) -> None:
    """One line per item with texts the language leaves in English, then the count."""
    items = [u for owner in translations.owners(paths) for u in translations.untranslated(owner, lang)]
    for item in items:
        print(_("untranslated: {file}: {item}: {fields}", file=item.file, item=item.item, fields=", ".join(item.fields)))
    texts = sum(len(item.fields) for item in items)
    print(ngettext("{lang}: {n} item leaves {texts} untranslated", "{lang}: {n} items leave {texts} untranslated",
                   len(items), lang=lang, texts=ngettext("{n} text", "{n} texts", texts)))


def play_run(args: argparse.Namespace) -> int:
    if args.headless:
        from game.cli import play

        return play.run(args)
    from game.ui.app import run_app

    return run_app(scenario=args.scenario, lang=args.lang)


def replay_add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("save", metavar="SAVE", help="a saved game, finished or not (it is never changed)")


COMMANDS = {
    "play": (N_("play a game (with --headless: in the terminal)"), _lazy("game.cli.play", "add_arguments"), play_run),
    "scenarios": (N_("list the shipped scenarios"), scenarios_add, scenarios_run),
    "validate": (N_("check scenario and content files, reporting every problem"), validate_add, validate_run),
    "analyze": (N_("play many games as one batch: outcome distributions, A/B comparisons, balance"),
                _lazy("game.cli.analyze", "add_arguments"), _lazy("game.cli.analyze", "run_command")),
    "concepts": (N_("list the source articles' concepts and the content that models each"),
                 _lazy("game.cli.concepts", "add_arguments"), _lazy("game.cli.concepts", "run")),
    "classroom": (N_("host a lesson: teams play from their browsers, the projector shows the public screen"),
                  _lazy("game.cli.classroom", "add_arguments"), _lazy("game.cli.classroom", "run")),
    "replay": (N_("step through a saved game turn by turn in the window"), replay_add,
               _lazy("game.ui.replay_window", "main")),
    "branch": (N_("start a new game from a past turn of a save (the save is never changed)"),
               _lazy("game.cli.branch", "add_arguments"), _lazy("game.cli.branch", "run")),
    "report": (N_("write a saved game's debrief report: one HTML file that prints on A4 and Letter"),
               _lazy("game.cli.report", "add_arguments"), _lazy("game.cli.report", "run")),
    "screenshot": (N_("render one scene of the game window headless to a PNG"), _lazy("game.ui.screenshot", "add_arguments"),
                   _lazy("game.ui.screenshot", "run")),
}


USAGE, CRASHED, INTERRUPTED = 2, 3, 130  # exit statuses: a bad request, an unexpected error, Ctrl-C
LOGS_VARIABLE = "PACIFIC_TRILEMMA_LOGS"  # the folder for crash logs (tests point it at a temporary folder)
SHOWN_INPUT = 300  # characters of the command line quoted in a crash message


SETTINGS_FILE = "settings.json"  # game/ui/settings.py's file, in its folder; read here without the window
SETTINGS_BYTES = 64_000  # as game/ui/settings.py reads it


def saved_language() -> str | None:
    """The window settings' `language` (None if unset, unknown or the file cannot be read: the window says why)."""
    home = os.environ.get("PACIFIC_TRILEMMA_HOME")
    folder = Path(home) if home else Path(platformdirs.user_config_dir("pacific-trilemma"))
    try:
        data = json.loads(read_bounded(folder / SETTINGS_FILE, SETTINGS_BYTES, "a settings file"))
    except (UnreadableFile, ValueError, RecursionError):
        return None
    lang = data.get("language") if isinstance(data, dict) else None
    return lang if isinstance(lang, str) and lang in i18n.LANGUAGES else None


def _lang_option(argv: list[str]) -> tuple[str | None, list[str]]:
    """The `--lang` given anywhere on the command line (before or after the command), and the words without it."""
    found, rest, words = None, [], iter(argv)
    for word in words:
        if word == "--":
            rest += [word, *words]
        elif word == "--lang":
            found = next(words, "")
        elif word.startswith("--lang="):
            found = word.removeprefix("--lang=")
        else:
            rest.append(word)
    return found, rest


def _add_lang(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default,
                        help=_("the language of the game and of this command's output (default: the language in the "
                               "settings, then the system's, then English)"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    explicit, words = _lang_option(argv)
    try:
        lang = i18n.resolve(explicit, saved_language())
    except i18n.LanguageError as exc:
        print(f"main.py: --lang: {exc}", file=sys.stderr)
        return USAGE
    with i18n.use(lang), translated():
        return _main(argv, words)


def _main(argv: list[str], words: list[str]) -> int:
    """Parse the command line (messages in the language in use) and run the command under the one handler."""
    parser = argparse.ArgumentParser(prog="main.py", formatter_class=LiteralHelp,
                                     description=_("Pacific Trilemma: run with no command to open the game."))
    _add_lang(parser, None)
    sub = parser.add_subparsers(dest="command")
    chosen = next((word for word in words if not word.startswith("-")), None)
    for name, (help_text, add, _run) in COMMANDS.items():
        command = sub.add_parser(name, help=_(help_text), description=_(help_text), formatter_class=LiteralHelp)
        _add_lang(command, argparse.SUPPRESS)  # after the command too: `main.py play --lang ja`
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

            code = run_app(lang=args.lang)
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
        print(_("{command}: not enough memory for this request{detail}; ask for less (fewer --games, a smaller "
                "--size)", command=command, detail=detail), file=sys.stderr)
        return USAGE
    except OSError as exc:
        if _stdout_failed():
            _silence_stdout()
            print(_("{command}: cannot write the output: {reason}", command=command,
                    reason=os.strerror(exc.errno) if exc.errno else exc), file=sys.stderr)
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
    print("\n" + _("{command}: stopped (Ctrl-C)", command=command), file=sys.stderr)
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
        where = _("the details are in {log}", log=log)
    except OSError as problem:
        where = _("the details could not be written to a log ({reason})", reason=problem.strerror or problem)
    print(_("{command}: an unexpected error stopped the command ({what}). The input was: {shown}. This is a fault "
            "of the game, not of the input; {where} — please send that file with a report.", command=command,
            what=what, shown=shown, where=where), file=sys.stderr)
    return CRASHED
