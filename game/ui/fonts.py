"""The window's fonts for each language: Noto Sans has no Japanese, so Japanese uses Noto Sans JP (which has
Latin letters too); pygame_gui ships both. The map keeps pygame's own font in English."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame_gui

from game.i18n import current

FONT_DIR = Path(pygame_gui.__file__).resolve().parent / "data"
LANGUAGE_FONTS = {
    "en": {False: FONT_DIR / "NotoSans-Regular.ttf", True: FONT_DIR / "NotoSans-Bold.ttf"},
    "ja": {False: FONT_DIR / "NotoSansJP-Regular.otf", True: FONT_DIR / "NotoSansJP-Bold.otf"},
}
# pygame_gui's name for each language's font (its font dictionary knows the files for the manager's locale)
THEME_FONTS = {"en": "noto_sans", "ja": "noto_sans_jp"}


def font_file(bold: bool = False, language: str | None = None) -> Path:
    """The font file for text in `language` (default the one in use); English's for a language without one."""
    fonts = LANGUAGE_FONTS.get(language or current(), LANGUAGE_FONTS["en"])
    return fonts[bool(bold)]


def theme_font(language: str | None = None) -> str:
    """pygame_gui's font name for `language` (default the one in use)."""
    return THEME_FONTS.get(language or current(), THEME_FONTS["en"])



def _face(language: str):
    """A freetype face of the language's font (made anew: pygame.quit() invalidates every face made before)."""
    import pygame.freetype

    if not pygame.freetype.get_init():
        pygame.freetype.init()
    return pygame.freetype.Font(str(font_file(False, language)), 12)


def missing_glyphs(text: str, language: str | None = None) -> str:
    """The characters of `text` the font of `language` (default the one in use) has no glyph for ("" if none):
    Noto Sans has no kana and no arrow, Noto Sans JP has both. (pygame.font gives a missing glyph the box's
    metrics, so this asks freetype, which says None.)"""
    if text.isascii():
        return ""
    metrics = _face(language or current()).get_metrics(text)
    return "".join(dict.fromkeys(c for c, m in zip(text, metrics) if m is None and not c.isspace()))


def has_glyph(char: str, language: str | None = None) -> bool:
    """Whether the font of `language` (default the one in use) draws `char` (asked once per character)."""
    return _has_glyph(char, language or current())


@lru_cache(maxsize=None)
def _has_glyph(char: str, language: str) -> bool:
    return not missing_glyphs(char, language)
