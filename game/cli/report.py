"""`main.py report SAVE --out REPORT.html`: the self-contained debrief report of a saved game."""

from __future__ import annotations

import argparse
import sys

from game.export.report import recorded_what_ifs, write_report
from game.session import saves


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("save", metavar="SAVE", help="a saved game, finished or not")
    parser.add_argument("--out", required=True, metavar="REPORT.html", help="the HTML file to write")


def run(args: argparse.Namespace) -> int:
    """Write the report (with the what-if comparisons kept beside the save); exit 0, or 2 with the reason."""
    try:
        what_ifs = recorded_what_ifs(args.save)
        path = write_report(args.save, args.out, what_ifs)
    except (saves.SaveError, ValueError) as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    print(f"{path}: the debrief report of {args.save}" + (f", with {len(what_ifs)} what-if comparison"
                                                          f"{'s' if len(what_ifs) != 1 else ''}" if what_ifs else ""))
    return 0
