"""pygame_gui's text boxes break Japanese lines where Japanese allows it.

pygame_gui (0.6) splits a text box's line only at spaces; a line with none is cut at the box edge with a
dash added on both sides ("日本の防-" / "-衛費"), which is wrong in Japanese. `install()` makes the split
points of its text chunks the spaces plus game.ui.linebreak's places between Japanese characters, so a
UITextBox wraps Japanese as the window's own wrap does. English text keeps exactly the spaces it had.
"""

from __future__ import annotations

from pygame_gui.core.text.text_line_chunk import TextLineChunkFTFont

from game.ui.linebreak import break_points


def split_points(text: str) -> list[int]:
    """pygame_gui's split points (after each space) and the Japanese break points, in order."""
    spaces = {pos + 1 for pos, char in enumerate(text) if char == " "}
    if text.isascii():
        return sorted(spaces)
    return sorted(spaces.union(break_points(text)))


def _get(chunk) -> list[int]:
    cached = chunk.__dict__.get("_split_cache")
    if cached is None or cached[0] != chunk.text:
        cached = (chunk.text, split_points(chunk.text))
        chunk.__dict__["_split_cache"] = cached
    return cached[1]


def _set(chunk, value) -> None:
    """pygame_gui assigns the list after each change of text; it is derived from the text instead."""


def install() -> None:
    """Derive every text chunk's split points from its text (idempotent)."""
    if not isinstance(TextLineChunkFTFont.__dict__.get("split_points"), property):
        TextLineChunkFTFont.split_points = property(_get, _set)
