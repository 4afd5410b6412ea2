"""Translation files: the texts of content in another language, read and checked like content, kept out of the rules.

A pack's `lang/<language>.yaml` translates its items (and those of the packs it extends), a scenario folder's
`lang/<language>.yaml` its scenarios and their injects, and `game/rules/lang/<language>.yaml` the source concepts.
Each file is `language:` and `items:`, item id -> field -> text, where a field is an item's text field by its
English name (`name`, `text`, …) or a dotted path to a nested one (`effects.0.note`, `rules.2.why`,
`scoring.us.0.name`). They are not rules: no content hash, no compiled-rules cache, no engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, ValidationError

from game.rules import limits
from game.rules.concepts import ARTICLES, CONCEPTS
from game.rules.files import (CONTENT_ROOT, LANG_FOLDER, ITEM_WORDS, PACK_FILE, Pack, display_path, read_pack,
                              read_scenario, read_yaml, resolved, shown_id)
from game.rules.problems import Problem, did_you_mean, quote
from game.rules.schema import ContentFile, Model, Scenario

RULES_DIR = Path(__file__).parent  # its lang/ folder translates the concepts (game/rules/concepts.py)
TEXT_FIELDS = frozenset({"name", "adjective", "text", "others", "requires_text", "title", "description", "note",
                         "why", "label"})  # the player-facing text fields; the others are rules
TRANSLATED_ITEMS = 5_000  # items in one translation file (shipped: about 250)
FIELD_PATTERN = r"^[a-z_]+(\.[a-z0-9_]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"  # ISO 639: ja, en, ko, fil
_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_.]*\}")  # `{target}` in a move's note, `{jp.stability}` in a
# negotiation rule's why: filled in by the game in every language

ItemId = Annotated[str, Field(pattern=r"^([a-z][a-z0-9_]*(\.[a-z0-9_]+)*|S[02](-[A-Z]?\d+)?)$",
                              max_length=limits.ID_CHARS)]
FieldPath = Annotated[str, Field(pattern=FIELD_PATTERN, max_length=limits.NAME_CHARS)]
Translated = Annotated[str, Field(min_length=1, max_length=limits.TEXT_CHARS)]


def is_language_code(text: str) -> bool:
    """Whether `text` is written as a language code of a translation file's name (ja, ko, fil)."""
    return re.fullmatch(LANGUAGE_PATTERN, text) is not None


class TranslationFile(Model):
    """One language's texts for the items of a pack, a scenario folder or the concepts."""

    language: str = Field(pattern=LANGUAGE_PATTERN, description="the file's language, as its name says (ja.yaml: ja)")
    items: dict[ItemId, Annotated[dict[FieldPath, Translated], Field(max_length=limits.LIST_ITEMS)]] = Field(
        default_factory=dict, max_length=TRANSLATED_ITEMS, description="item id -> field -> text")


@dataclass
class Source:
    """The English texts a translation file may translate: item id -> (how messages name it, field -> text)."""

    what: str  # `pack base`, `the scenarios of game/scenarios`, `the source concepts`
    items: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # the content could not be read (validate says why)


def texts_of(value: Any, prefix: str = "") -> dict[str, str]:
    """An item's text fields by their dotted paths: `name`, `effects.0.note`, `scoring.us.1.name`."""
    found: dict[str, str] = {}
    if isinstance(value, BaseModel):
        pairs = [(key, getattr(value, key)) for key in type(value).model_fields]
    elif isinstance(value, dict):
        pairs = list(value.items())
    else:
        return found
    for key, inner in pairs:
        path = f"{prefix}{key}"
        if isinstance(inner, str) and key in TEXT_FIELDS:
            found[path] = inner
        elif isinstance(inner, (dict, BaseModel)):
            found |= texts_of(inner, path + ".")
        elif isinstance(inner, (list, tuple)):
            for i, entry in enumerate(inner):
                found |= texts_of(entry, f"{path}.{i}.")
    return found


def pack_source(pack: Pack) -> Source:
    """The items of a pack (with those of the packs it extends)."""
    source = Source(f"pack {pack.name}")
    for key in ContentFile.model_fields:
        for item in pack.items(key):
            source.items[item.id] = (f"{ITEM_WORDS[key]} {item.id}", texts_of(item))
    return source


def scenario_source(scenarios: list[Scenario], what: str) -> Source:
    """Scenarios (title, description, scoring term names) and their injects (by inject id)."""
    source = Source(what)
    for scenario in scenarios:
        texts = texts_of({k: getattr(scenario, k) for k in Scenario.model_fields if k != "injects"})
        source.items[scenario.id] = (f"scenario {scenario.id}", texts)
        for inject in scenario.injects:
            source.items.setdefault(inject.id, (f"inject {inject.id}", texts_of(inject)))
    return source


def concept_source() -> Source:
    """The source concepts' labels and the articles' titles."""
    source = Source("the source concepts")
    source.items |= {ident: (f"concept {ident}", {"label": label}) for ident, label in CONCEPTS.items()}
    source.items |= {ident: (f"article {ident}", {"title": title}) for ident, title in ARTICLES.items()}
    return source


def lang_file(owner: Path, lang: str) -> Path:
    """Where a pack, a scenario folder or game/rules keeps its texts in `lang`."""
    return owner / LANG_FOLDER / f"{lang}.yaml"


def is_translation_file(path: Path) -> bool:
    """Whether a YAML file is a translation file: it lies in a `lang/` folder."""
    return path.parent.name == LANG_FOLDER


def _scenario_files(folder: Path) -> list[Path]:
    """The scenario files in a folder (files with a scenario's keys at the top)."""
    found = []
    for path in sorted(folder.glob("*.yaml")):
        raw, problems = read_yaml(path)
        if not problems and isinstance(raw, dict) and {"turns", "scoring", "title"} & set(raw):
            found.append(path)
    return found


def owner_of(path: Path) -> Path | None:
    """The folder a translation file's texts belong to: a pack, a scenario folder or game/rules (None: neither)."""
    owner = resolved(path.parent.parent)
    if owner == resolved(RULES_DIR) or is_pack(owner) or _scenario_files(owner):
        return owner
    return None


def is_pack(folder: Path) -> bool:
    """A content pack's folder: one under game/rules/content, one with a pack.yaml, or one a scenario beside it
    names as its content (`content: ./name`)."""
    folder = resolved(folder)
    if folder.parent == resolved(CONTENT_ROOT) or (folder / PACK_FILE).is_file():
        return True
    for path in _scenario_files(folder.parent):
        raw, _ = read_yaml(path)
        content = raw.get("content") if isinstance(raw, dict) else None
        if isinstance(content, str) and resolved(folder.parent / content) == folder:
            return True
    return False


def source_of(owner: Path) -> Source:
    """The English texts the translation files of `owner` may translate."""
    owner = resolved(owner)
    if owner == resolved(RULES_DIR):
        return concept_source()
    if is_pack(owner):
        if owner.parent == resolved(CONTENT_ROOT):
            pack, problems = read_pack(owner.name)
        else:  # a pack beside its scenarios, named as a scenario names it
            pack, problems = read_pack(f"./{owner.name}", owner.parent)
        source = pack_source(pack)
        source.problems = problems
        return source
    scenarios, problems = [], []
    for path in _scenario_files(owner):
        scenario, found = read_scenario(path)
        problems += found
        if scenario is not None:
            scenarios.append(scenario)
    shown = display_path(owner)
    source = scenario_source(scenarios, f"the scenarios of {owner if shown == '.' else shown}")
    source.problems = problems
    return source


def read_translation(path: Path) -> tuple[TranslationFile | None, list[Problem]]:
    """A translation file within the content limits; a refusal becomes Problems naming the item and the field."""
    shown = display_path(path)
    raw, problems = read_yaml(path)
    if problems:
        return None, problems
    if not isinstance(raw, dict):
        return None, [Problem(shown, "", "", f"expected a mapping of keys at the top (language:, items:), found "
                              f"{type(raw).__name__}")]
    try:
        model = TranslationFile.model_validate(raw)
    except ValidationError as exc:
        return None, [_schema_problem(shown, err) for err in exc.errors(include_url=False)]
    if model.language != path.stem:
        return None, [Problem(shown, "", "language", f"says {model.language!r} but the file is named "
                              f"{path.name}: name it {model.language}.yaml, or correct `language:`")]
    return model, []


def _schema_problem(shown: str, err: dict) -> Problem:
    """A schema error as `file: <item id>, <field>: what is wrong`."""
    loc = tuple(err["loc"])
    item = shown_id(loc[1]) if len(loc) >= 2 and loc[0] == "items" else ""
    where = str(loc[2]) if len(loc) >= 3 and loc[0] == "items" else ".".join(map(str, loc if not item else ()))
    value = err.get("input")
    kind = err["type"]
    if kind == "extra_forbidden":
        message = f"unknown key {str(loc[-1])!r} (a translation file has `language:` and `items:`)"
        return Problem(shown, "", "", message, did_you_mean(str(loc[-1]), ["language", "items"]))
    if kind == "missing":
        message = "required field is missing"
    elif kind == "string_pattern_mismatch" and loc[-1] == "[key]" and len(loc) == 3:
        message = f"{quote(value)} is not an item id"
    elif kind == "string_pattern_mismatch" and loc[-1] == "[key]":
        message = f"{quote(value)} is not a field name like 'name' or 'effects.0.note'"
    elif kind == "string_too_short":
        message = "the text is empty: leave the field out to show the English"
    elif kind == "string_type":
        message = f"a text is expected, not {type(value).__name__} {quote(value)} (quote it)"
    elif kind == "dict_type" and item:
        message = f"expected the item's fields (name: …, text: …), found {type(value).__name__}"
    else:
        message = err["msg"]
    return Problem(shown, item, where if where != "[key]" else "", message)


def check_translation(path: Path, source: Source) -> list[Problem]:
    """Every problem of one translation file: unreadable, a schema error, an id or a field its content lacks."""
    model, problems = read_translation(path)
    if model is None:
        return problems
    shown = display_path(path)
    for ident, fields in model.items.items():
        if ident not in source.items:
            problems.append(Problem(shown, shown_id(ident), "", f"no item {shown_id(ident)!r} in {source.what}",
                                    did_you_mean(ident, source.items)))
            continue
        label, english = source.items[ident]
        for name, text in fields.items():
            if name not in english:
                known = ", ".join(sorted(english)) or "none"
                problems.append(Problem(shown, label, name, f"{label} has no text field {name!r} (its text fields: "
                                        f"{known})", did_you_mean(name, english)))
                continue
            lost = sorted(set(_PLACEHOLDER.findall(english[name])) - set(_PLACEHOLDER.findall(text)))
            if lost:
                problems.append(Problem(shown, label, name, f"the English has {', '.join(lost)}, which the game fills "
                                        "in; keep it in the translation, as written"))
    return problems


def check_translation_files(paths: list[Path]) -> list[Problem]:
    """The problems of translation files, each checked against the content of the folder it belongs to."""
    problems: list[Problem] = []
    sources: dict[Path, Source] = {}
    for path in paths:
        owner = owner_of(path)
        if owner is None:
            problems.append(Problem(display_path(path), "", "", (
                f"is in a {LANG_FOLDER}/ folder, but not one of a content pack, a scenario folder or game/rules: "
                "a translation file goes in <pack>/lang/, <scenario folder>/lang/ or game/rules/lang/")))
            continue
        if owner not in sources:
            sources[owner] = source_of(owner)
        problems += check_translation(path, sources[owner])
    return problems


@dataclass(frozen=True)
class Untranslated:
    """An item with English text a language leaves untranslated: the file that would hold it, the item, the fields."""

    file: str
    item: str
    fields: tuple[str, ...]


def untranslated(owner: Path, lang: str) -> list[Untranslated]:
    """The items of `owner` with text fields the language's file does not translate (every field if it has none)."""
    path = lang_file(owner, lang)
    model, problems = read_translation(path) if path.exists() else (None, [])
    done = model.items if model is not None else {}
    found = []
    for ident, (label, english) in source_of(owner).items.items():
        missing = tuple(name for name, text in english.items() if text.strip() and name not in done.get(ident, {}))
        if missing:
            found.append(Untranslated(display_path(path), label, missing))
    return found


def owners(paths: list[Path]) -> list[Path]:
    """The folders whose translations the given paths concern: game/rules always, every pack of a content root."""
    found = [resolved(RULES_DIR)]
    for path in paths:
        folder = resolved(path if path.is_dir() else path.parent)
        if folder.name == LANG_FOLDER:
            folder = folder.parent
        if folder == resolved(CONTENT_ROOT):
            found += sorted(resolved(p) for p in CONTENT_ROOT.iterdir() if p.is_dir())
            continue
        for _ in range(limits.FOLDER_DEPTH):  # a file deep in a pack (moves/us.yaml) belongs to the pack
            if folder == resolved(RULES_DIR) or is_pack(folder) or _scenario_files(folder):
                found.append(folder)
                break
            if folder.parent == folder:
                break
            folder = folder.parent
    return list(dict.fromkeys(found))
