"""`main.py report SAVE --out REPORT.html`: the self-contained debrief report of a saved game."""

from __future__ import annotations

import argparse
import sys

from game.export.report import recorded_what_ifs, write_report
from game.i18n import _, ngettext
from game.session import saves


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("save", metavar="SAVE", help=_("a saved game, finished or not"))
    parser.add_argument("--out", required=True, metavar="REPORT.html", help=_("the HTML file to write"))


def run(args: argparse.Namespace) -> int:
    """Write the report (with the what-if comparisons kept beside the save); exit 0, or 2 with the reason."""
    try:
        what_ifs = recorded_what_ifs(args.save)
        path = write_report(args.save, args.out, what_ifs)
    except (saves.SaveError, ValueError) as exc:
        print(_("report: {reason}", reason=exc), file=sys.stderr)
        return 2
    print(ngettext("{file}: the debrief report of {save}, with {n} what-if comparison",
                   "{file}: the debrief report of {save}, with {n} what-if comparisons", len(what_ifs), file=path,
                   save=args.save) if what_ifs else _("{file}: the debrief report of {save}", file=path, save=args.save))
    return 0
