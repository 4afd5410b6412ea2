"""Every `_()`/`ngettext()` literal in game/ has a Japanese entry in its domain's catalog, and no entry is unused.

One domain per front end (each part runs its own: `python -m pytest tests/test_i18n_catalogs.py -q -k ui`);
messages are found with Babel's extractor, the same one `pybabel extract -k _ -k ngettext:1,2 -k N_` uses.
"""

import ast
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from game import i18n

ROOT = Path(__file__).parent.parent
GAME = ROOT / "game"
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}
# domain -> the folders of game/ whose messages it holds
DOMAINS = {
    "session": ("session", "ai", "export", "analysis"),
    "ui": ("ui",),
    "classroom": ("classroom",),
    "cli": ("cli", "i18n", "rules", "scenarios", "engine"),
}
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE]


def sources(domain: str) -> list[Path]:
    return sorted(p for folder in DOMAINS[domain] for p in (GAME / folder).rglob("*.py"))


def extracted(domain: str) -> dict[str | tuple[str, str], list[str]]:
    """message (a tuple for a plural) -> where it is used (`game/cli/play.py:40`)."""
    found: dict = {}
    for path in sources(domain):
        for line, message, _comments, _context in extract_from_file("python", path, keywords=KEYWORDS):
            if isinstance(message, tuple) and all(isinstance(part, str) for part in message[:2]):
                message = message[:2]
            elif not isinstance(message, str):
                continue
            found.setdefault(message, []).append(f"{path.relative_to(ROOT)}:{line}")
    if domain == "classroom":  # the pages' own words (static/*.js and the HTML's data-i18n texts)
        from game.classroom.pages import page_messages

        for message, where in page_messages().items():
            found.setdefault(message, []).extend(where)
    return found


def catalog(lang: str, domain: str) -> dict:
    """message id -> translation (a tuple of forms for a plural) of one domain's catalog ({} if it has none)."""
    path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return {}
    return {m.id: m.string for m in i18n.read_catalog(path) if m.id and not m.fuzzy}


def test_every_folder_of_game_with_messages_belongs_to_a_domain():
    covered = {folder for folders in DOMAINS.values() for folder in folders}
    loose = sorted(p.name for p in GAME.iterdir() if p.is_dir() and p.name not in covered and p.name != "__pycache__"
                   and any(extract_from_file("python", f, keywords=KEYWORDS) for f in p.rglob("*.py")))
    assert loose == [], f"add these folders of game/ to a domain in DOMAINS: {loose}"


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_every_message_has_a_translation_and_every_entry_is_used(domain, lang):
    used, entries = extracted(domain), catalog(lang, domain)
    missing = [f"  {m!r}  ({', '.join(used[m][:3])})" for m in used
               if not (entries.get(m) if isinstance(m, str) else all(entries.get(m) or ()))]
    unused = [f"  {m!r}" for m in entries if m not in used]
    report = []
    if missing:
        report.append(f"{len(missing)} message(s) of domain {domain!r} without a {lang} entry in "
                      f"game/i18n/locale/{lang}/LC_MESSAGES/{domain}.po:\n" + "\n".join(missing))
    if unused:
        report.append(f"{len(unused)} entry(ies) of {domain}.po that no `_()` in {', '.join(DOMAINS[domain])} uses:\n"
                      + "\n".join(unused))
    assert not report, "\n".join(report)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_a_translation_names_the_fields_of_its_message(domain, lang):
    wrong = []
    for message, translated in catalog(lang, domain).items():
        sources_, forms = (message, translated) if isinstance(message, tuple) else ((message,), (translated,))
        expected = set().union(*map(_fields, sources_))
        for form in forms:
            try:
                got = _fields(form) if form else expected
            except ValueError as exc:
                wrong.append(f"  {message!r}: {form!r} is not a valid template ({exc})")
                continue
            if got - expected:
                wrong.append(f"  {message!r}: {form!r} names {sorted(got - expected)}, which the message has not")
    assert wrong == [], f"{domain}.po ({lang}) entries with the wrong fields:\n" + "\n".join(wrong)


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_messages_are_literals_whole_sentences_not_glued(domain):
    """`_(f"...")` or `_("a" + b)` cannot be looked up: the catalog has the template, the fields go in as keywords."""
    wrong = []
    for path in sources(domain):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext") \
                    and node.args and isinstance(node.args[0], (ast.JoinedStr, ast.BinOp)):
                wrong.append(f"  {path.relative_to(ROOT)}:{node.lineno}")
    assert wrong == [], "messages built in code (use one literal with {named} fields):\n" + "\n".join(wrong)


def test_a_catalog_that_does_not_parse_fails_naming_the_file_and_line(tmp_path):
    broken = tmp_path / "ui.po"
    broken.write_text('msgid ""\nmsgstr ""\n\nmsgid "Play"\nmsgtsr "プレイ"\n', encoding="utf-8")
    with pytest.raises(i18n.CatalogError) as caught:
        i18n.read_catalog(broken)
    assert str(caught.value) == f'{broken}: line 5: unknown or misformatted keyword: msgtsr "プレイ"'


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalog_parses(lang):
    for path in i18n.catalog_files(lang):
        i18n.read_catalog(path)  # raises CatalogError naming the file and line
