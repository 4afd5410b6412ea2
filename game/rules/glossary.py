"""The glossary of the game's words (trilemma, mandate, leverage...), kept as data in glossary.yaml.

Plain definitions for players and teachers, two sentences each; the window shows them on its
glossary page. A malformed file is a ContentError naming the file, the entry and the field.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from game.rules.files import read_model
from game.rules.problems import ContentError, Problem
from game.rules.schema import Model

GLOSSARY_FILE = Path(__file__).with_name("glossary.yaml")  # beside this module, not in a pack: no rule reads it


class Term(Model):
    """One word of the glossary and what it means."""

    term: str = Field(min_length=1, max_length=60)
    text: str = Field(min_length=1, max_length=400)


class GlossaryFile(Model):
    terms: list[Term] = Field(min_length=1)


def load_glossary(path: Path = GLOSSARY_FILE) -> list[Term]:
    """The glossary's terms in file order; a ContentError if the file is malformed or names a term twice."""
    model, _, problems = read_model(path, GlossaryFile)
    if model is None:
        raise ContentError(problems)
    seen: set[str] = set()
    for k, entry in enumerate(model.terms):
        if entry.term.lower() in seen:
            problems.append(Problem(str(path.name), f"term {entry.term!r}", f"terms[{k}].term", "is listed twice"))
        seen.add(entry.term.lower())
    if problems:
        raise ContentError(problems)
    return list(model.terms)
