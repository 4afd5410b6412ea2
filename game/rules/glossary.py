"""The glossary of the game's words (trilemma, mandate, leverage...), kept as data in glossary.yaml.

Plain definitions for players and teachers, two sentences each; the window shows them on its
glossary page, from `glossary.<lang>.yaml` in a language that has one (else the English). A malformed file is a
ContentError naming the file, the entry and the field.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from game.i18n import SOURCE, current
from game.rules.files import read_model
from game.rules.problems import ContentError, Problem
from game.rules.schema import Model

GLOSSARY_FILE = Path(__file__).with_name("glossary.yaml")  # beside this module, not in a pack: no rule reads it


def glossary_file(lang: str | None = None) -> Path:
    """The glossary of `lang` (default: the language in use): `glossary.<lang>.yaml` if there is one, else English."""
    lang = current() if lang is None else lang
    translated = GLOSSARY_FILE.with_name(f"glossary.{lang}.yaml")
    return translated if lang != SOURCE and translated.is_file() else GLOSSARY_FILE


class Term(Model):
    """One word of the glossary and what it means."""

    term: str = Field(min_length=1, max_length=60)
    text: str = Field(min_length=1, max_length=400)


class GlossaryFile(Model):
    terms: list[Term] = Field(min_length=1)


def load_glossary(path: Path | None = None) -> list[Term]:
    """The glossary's terms in file order (default: the file of the language in use); a ContentError if the file is
    malformed, names a term twice, or is a translation that lists another number of terms than the English."""
    path = glossary_file() if path is None else path
    model, _, problems = read_model(path, GlossaryFile)
    if model is None:
        raise ContentError(problems)
    seen: set[str] = set()
    for k, entry in enumerate(model.terms):
        if entry.term.lower() in seen:
            problems.append(Problem(str(path.name), f"term {entry.term!r}", f"terms[{k}].term", "is listed twice"))
        seen.add(entry.term.lower())
    if path.name != GLOSSARY_FILE.name and not problems:
        english = load_glossary(GLOSSARY_FILE)
        if len(model.terms) != len(english):
            problems.append(Problem(str(path.name), "terms", "terms", f"lists {len(model.terms)} terms; the English "
                                    f"{GLOSSARY_FILE.name} lists {len(english)}, and a translation lists each once"))
    if problems:
        raise ContentError(problems)
    return list(model.terms)
