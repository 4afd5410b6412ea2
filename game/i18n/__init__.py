"""The language players read: which one is in use, the message catalogs, and numbers, turn labels and lists in it.

English is the source language: a message is written in English in the code, wrapped in `_()`, and looked up in the
current language's gettext catalogs (`locale/<lang>/LC_MESSAGES/<domain>.po`, one domain per front end, read at run
time with Babel). Anything a catalog leaves out is shown in English. No pygame and no engine here: every layer above
the rules may import this.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import os
import re
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE = "en"  # the language the messages are written in; it has no catalog
LANGUAGES: tuple[str, ...] = (SOURCE,) + tuple(sorted(p.name for p in LOCALE_DIR.iterdir()
                                                      if (p / "LC_MESSAGES").is_dir() and p.name != SOURCE))
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order for the system locale

_LANG: ContextVar[str] = ContextVar("game_language", default=SOURCE)  # per thread and per asyncio task


class LanguageError(ValueError):
    """A language the game has no catalogs for."""


class CatalogError(ValueError):
    """A catalog file that does not parse: the file and the line."""


def check(lang: str) -> str:
    """`lang` if the game has it; raises LanguageError listing the choices."""
    if lang not in LANGUAGES:
        raise LanguageError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return lang


@contextlib.contextmanager
def use(lang: str) -> Iterator[str]:
    """Show messages in `lang` inside the block, for this thread or asyncio task only."""
    token = _LANG.set(check(lang))
    try:
        yield lang
    finally:
        _LANG.reset(token)


def current() -> str:
    """The language in use ("en" unless a `use()` block says otherwise)."""
    return _LANG.get()


def system_language(environ: dict[str, str] | None = None) -> str | None:
    """The system locale's language if the game has it (`ja_JP.UTF-8` -> "ja"), else None."""
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if not value:
            continue
        for part in value.split(":"):  # LANGUAGE may list several: ja:en
            lang = re.split(r"[_.@-]", part.strip(), maxsplit=1)[0].lower()
            if lang in LANGUAGES:
                return lang
            if lang in ("c", "posix"):
                return None
        return None  # the first variable set decides, as for gettext
    return None


def resolve(explicit: str | None = None, settings: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The language to show: `--lang`, then the settings' language, then the system locale, else English.

    An explicit or saved language the game does not have raises LanguageError listing the choices.
    """
    for chosen in (explicit, settings):
        if chosen:
            return check(chosen)
    return system_language(environ) or SOURCE


def catalog_files(lang: str) -> list[Path]:
    """The `.po` files of a language, one per domain, in name order."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    return sorted(folder.glob("*.po")) if folder.is_dir() else []


def read_catalog(path: Path):
    """A `.po` file as a Babel catalog; raises CatalogError naming the file and the line."""
    try:
        with open(path, "rb") as handle:
            return read_po(handle, abort_invalid=True)
    except PoFileError as exc:
        raise CatalogError(f"{path}: {_po_reason(path, str(exc))}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CatalogError(f"{path}: cannot be read as a message catalog: {exc}") from None


def _po_reason(path: Path, text: str) -> str:
    """Babel's `<reason> on <line from 0>` as `line N: <reason>: <the line>`."""
    found = re.fullmatch(r"(?s)(.*) on (\d+)(?:: .*)?", text)
    if not found:
        return text
    number = int(found.group(2)) + 1
    try:
        line = path.read_text(encoding="utf-8", errors="replace").splitlines()[number - 1].strip()
    except (OSError, IndexError):
        line = ""
    return f"line {number}: {found.group(1).lower()}" + (f": {line[:80]}" if line else "")


_LOCK = threading.Lock()
_TRANSLATIONS: dict[str, gettext.NullTranslations] = {}


def translations(lang: str) -> gettext.NullTranslations:
    """Every domain of `lang` as one gettext object (English for what none has), read once per process."""
    with _LOCK:
        if lang not in _TRANSLATIONS:
            chain: gettext.NullTranslations = gettext.NullTranslations()
            for path in reversed(catalog_files(lang)) if lang != SOURCE else []:
                buffer = io.BytesIO()
                write_mo(buffer, read_catalog(path))  # translated, non-fuzzy messages only
                buffer.seek(0)
                domain = gettext.GNUTranslations(buffer)
                domain.add_fallback(chain)
                chain = domain
            _TRANSLATIONS[lang] = chain
        return _TRANSLATIONS[lang]


def reload() -> None:
    """Forget the catalogs read so far (after editing a `.po` file in a running process, and in tests)."""
    with _LOCK:
        _TRANSLATIONS.clear()


def _filled(translated: str, source: str, fields: dict) -> str:
    """The translation with its fields filled in; the English if a translation names a field it is not given."""
    if not fields:
        return translated
    try:
        return translated.format(**fields)
    except (KeyError, IndexError, ValueError):  # a damaged catalog entry: tests/test_i18n_catalogs.py names it
        return source.format(**fields)


def _(message: str, **fields) -> str:
    """`message` in the current language, then `str.format(**fields)` (only when fields are given).

    Fields are the numbers and names already in the target language; a whole sentence goes in one message.
    """
    if not message:
        return message
    return _filled(translations(current()).gettext(message), message, fields)


def ngettext(singular: str, plural: str, n: int, **fields) -> str:
    """The singular or plural message for `n` in the current language, formatted with `n` and `fields`."""
    fields = {"n": n, **fields}
    return _filled(translations(current()).ngettext(singular, plural, n), singular if n == 1 else plural, fields)


def N_(message: str) -> str:
    """Mark a message for the catalogs where it is defined; `_()` translates it where it is shown."""
    return message


def turn_label(year: int, half: int) -> str:
    """A half-year turn: "2025 H1" / "2025年上半期"."""
    if half not in (1, 2):
        raise ValueError(f"a turn's half is 1 or 2, not {half!r}")
    return _("{year} H1", year=year) if half == 1 else _("{year} H2", year=year)


def number(value: float) -> str:
    """A value as players read it, with at most one decimal: 41.5, 40, -3 (never "-0"); Japanese writes the same."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def join(items: list[str]) -> str:
    """A list in a sentence: `a, b and c` / `a、b、c`."""
    if len(items) <= 1:
        return "".join(items)
    rest = _(", ").join(items[:-1])
    return _("{rest} and {last}", rest=rest, last=items[-1])
