"""Test helpers for translated output: find English words left in a text meant to be in another language.

A word is a run of three or more ASCII letters; proper names, acronyms and ids the game shows as they are
(CPTPP, ASEAN, seeds, file names) are allowed by ALLOWED or by the caller's own `allow`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WORD = re.compile(r"(?<![A-Za-z0-9_.\-])[A-Za-z]{3,}(?![A-Za-z0-9_])")
ID = re.compile(r"\b[a-z_][a-z0-9_]*(?:[.:][a-z0-9_]+)+\b")  # an id such as jp.stability or search:normal
PATHLIKE = re.compile(r"\S+\.(?:json|html|yaml|png|txt)\b")  # a save's or report's file name

ALLOWED = frozenset({
    # proper names and acronyms as Japanese writing uses them
    "CPTPP", "TPP", "ASEAN", "RCEP", "WTO", "USMCA", "GDP", "CSIS", "APEC", "NATO", "QUAD", "Quad", "AUKUS", "IPEF",
    "Trump", "Rodrik", "Article", "Mandate", "FOIP", "ODA", "EEZ", "LNG", "FTA", "EPA", "IMF", "AIIB", "BRI",
    "ADB", "KORUS", "TIFA", "Boix", "ASEAN", "OECD", "JETRO", "JICA", "JBIC", "USTR", "DFC",
    "Noto", "Sans", "Hiragino", "Yu", "Gothic", "sans", "serif",
})


def english_words(text: str, allow: Iterable[str] = ()) -> list[str]:
    """The English words left in `text` (in order, each once), ignoring ids, file names and allowed names."""
    allowed = ALLOWED | set(allow)
    text = PATHLIKE.sub(" ", ID.sub(" ", text))
    found: list[str] = []
    for match in WORD.finditer(text):
        word = match.group()
        if word not in allowed and word not in found:
            found.append(word)
    return found


def assert_no_english(text: str, where: str = "text", allow: Iterable[str] = ()) -> None:
    """Fail naming `where` and the English words (with a little context) if `text` still has any."""
    words = english_words(text, allow)
    if words:
        samples = []
        for word in words[:12]:
            at = text.find(word)
            samples.append(f"{word!r} in …{text[max(0, at - 30): at + len(word) + 30]}…")
        raise AssertionError(f"English left in {where} ({len(words)} words): " + "; ".join(samples))
