"""The window's fonts for each language: Noto Sans has no Japanese, so Japanese uses Noto Sans JP (which has
Latin letters too); pygame_gui ships both. The map keeps pygame's own font in English."""

from __future__ import annotations

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
