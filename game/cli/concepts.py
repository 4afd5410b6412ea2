"""`python main.py concepts`: each concept of the source articles and the content that models it."""

from __future__ import annotations

import argparse
import json
import sys

from game.i18n import _
from game.i18n.content import name
from game.rules.concepts import CONCEPTS, concept_index
from game.rules.problems import ContentError
from game.scenarios import list_scenarios, load_rules


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", help=_("only this scenario's content (default: every shipped scenario)"))
    parser.add_argument("--json", action="store_true", help=_("print one JSON object: concept id -> list of item ids"))


def merged_index(scenario_ids: list[str]) -> dict[str, list[str]]:
    """The concept index over several scenarios, each item listed once, in first-seen order."""
    merged: dict[str, list[str]] = {c: [] for c in CONCEPTS}
    for scenario_id in scenario_ids:
        for concept, items in concept_index(load_rules(scenario_id)).items():
            merged[concept] += [i for i in items if i not in merged[concept]]
    return merged


def run(args: argparse.Namespace) -> int:
    scenario_ids = [args.scenario] if args.scenario is not None else [e.id for e in list_scenarios()]
    try:
        index = merged_index(scenario_ids)
    except (LookupError, ContentError) as exc:
        print(_("concepts: {reason}", reason=exc), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(index, indent=1, ensure_ascii=False))
        return 0
    article = ""
    for concept, items in index.items():
        if concept[:2] != article:
            article = concept[:2]
            print(f"\n{article}: {name(None, article, 'title')}")
        print(f"  {concept:<7} {name(None, concept, 'label')}")
        for line in _wrap(items or [_("(not modelled)")], width=100, indent=10):
            print(line)
    return 0


def _wrap(items: list[str], width: int, indent: int) -> list[str]:
    """Items joined by commas into indented lines, never splitting an item."""
    lines, line = [], ""
    for k, item in enumerate(items):
        piece = item + ("," if k < len(items) - 1 else "")
        if line and indent + len(line) + 1 + len(piece) > width:
            lines.append(" " * indent + line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    return lines + [" " * indent + line]
