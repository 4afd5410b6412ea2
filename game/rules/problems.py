"""Content problems: every one carries its file, item id, field path and, where possible, a suggestion."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

QUOTE = 80  # characters of a value quoted in a message
MESSAGE_CHARS = 2000  # a refusal longer than this is cut, saying by how much


def quote(value: object, limit: int = QUOTE) -> str:
    """repr(value), cut to `limit` characters with the full length said: a message never quotes megabytes."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def shorten(message: str, limit: int = MESSAGE_CHARS) -> str:
    """A message cut to `limit` characters, saying how much was left out."""
    return message if len(message) <= limit else f"{message[:limit]}… (message cut: {len(message):,} characters)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content or scenario file."""

    file: str
    item: str
    field: str
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.item, self.field) if part)
        text = f"{self.file}: {where}: {self.message}" if where else f"{self.file}: {self.message}"
        if self.suggestion:
            text += f" — did you mean {self.suggestion!r}?"
        return text


SHOWN_PROBLEMS = 50  # a ContentError's message lists this many; `validate` prints them all


class ContentError(Exception):
    """Malformed content or scenario: holds every problem found, not just the first.

    Its message lists the first SHOWN_PROBLEMS and counts the rest, so a pack with thousands of
    mistakes gives a message that can still be read (and shown in a window).
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems[:SHOWN_PROBLEMS])
        if count > SHOWN_PROBLEMS:
            lines += f"\n  … and {count - SHOWN_PROBLEMS:,} more (`python main.py validate` lists them all)"
        super().__init__(f"{count:,} problem{'s' if count != 1 else ''} in content:\n{lines}")


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """The closest known name to a misspelt one, or None."""
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def field_path(loc: Iterable[object]) -> str:
    """A pydantic error location as `effects[2].track`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text
