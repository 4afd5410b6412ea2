"""Content in the language in use: an item's name or text from the translation files, else the English.

The files that apply to a compiled scenario are, later ones winning: game/rules/lang/<lang>.yaml (the concepts),
the `lang/<lang>.yaml` of each pack in its chain (parent first), then that of the scenario's folder. Each file is
read again only when it changes (its modification time or size); a file that cannot be read is left out here, so
the game shows English for it, and `validate` names what is wrong with it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from game.i18n import SOURCE, _, current
from game.rules.compiled import Rules
from game.rules.files import pack_chain
from game.rules.translations import RULES_DIR, Source, concept_source, lang_file, pack_source, read_translation, \
    scenario_source

Texts = dict[str, dict[str, str]]  # item id -> field -> text
RECHECK = 1.0  # seconds between looks at the files' modification times (a frame asks for hundreds of names)

_LOCK = threading.Lock()
_FILES: dict[Path, tuple[tuple[int, int], Texts]] = {}  # path -> ((mtime_ns, size), its texts)
_MERGED: dict[tuple, tuple[Rules | None, float, tuple, Texts]] = {}  # (id(rules), lang) -> (rules, checked at,
# stamps, texts); the rules are kept so that a new Rules at a freed one's address is not taken for it
_ENGLISH: dict[int, tuple[Rules, Source]] = {}  # id(rules) -> (rules, its English texts)
_CONCEPTS = concept_source()


def translation_files(rules: Rules | None, lang: str) -> list[Path]:
    """The translation files that apply to `rules` in `lang`, the weakest first (rules None: the concepts' only)."""
    owners = [RULES_DIR]
    if rules is not None:
        owners += pack_chain(rules.pack.root) + [rules.scenario_path.parent]
    return [lang_file(owner, lang) for owner in owners]


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _file_texts(path: Path, stamp: tuple[int, int]) -> Texts:
    """One file's texts, read again only when its stamp changes (nothing for a file that does not read)."""
    kept = _FILES.get(path)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    model, _problems = read_translation(path)
    texts = {ident: dict(fields) for ident, fields in model.items.items()} if model is not None else {}
    _FILES[path] = (stamp, texts)
    return texts


def texts(rules: Rules | None, lang: str) -> Texts:
    """Every translated text that applies to `rules` in `lang`, merged (English: none)."""
    if lang == SOURCE:
        return {}
    key = (None if rules is None else id(rules), lang)
    with _LOCK:
        kept = _MERGED.get(key)
        if kept is not None and kept[0] is not rules:
            kept = None
        now = time.monotonic()
        if kept is not None and now - kept[1] < RECHECK:
            return kept[3]
        paths = translation_files(rules, lang)
        stamps = tuple(_stamp(p) for p in paths)
        if kept is not None and kept[2] == stamps:
            _MERGED[key] = (rules, now, stamps, kept[3])
            return kept[3]
        merged: Texts = {}
        for path, stamp in zip(paths, stamps):
            if stamp is not None:
                for ident, fields in _file_texts(path, stamp).items():
                    merged.setdefault(ident, {}).update(fields)
        if len(_MERGED) > 64:  # rules compiled again after an edit leave their old entries
            _MERGED.clear()
        _MERGED[key] = (rules, now, stamps, merged)
        return merged


def english(rules: Rules | None) -> Source:
    """The English texts of a scenario's items (its pack, the scenario, its injects and the concepts)."""
    if rules is None:
        return _CONCEPTS
    with _LOCK:
        kept = _ENGLISH.get(id(rules))
        if kept is not None and kept[0] is rules:
            return kept[1]
        source = Source(f"scenario {rules.id}")
        source.items |= _CONCEPTS.items
        source.items |= pack_source(rules.pack).items
        source.items |= scenario_source([rules.scenario], "").items
        for track in rules.tracks:  # the tracks the compiler makes for regions and institutions
            source.items.setdefault(track.id, (f"track {track.id}", {"name": track.name, "text": track.text}))
        if len(_ENGLISH) > 32:
            _ENGLISH.clear()
        _ENGLISH[id(rules)] = (rules, source)
        return source


def name(rules: Rules | None, item_id: str, field: str = "name") -> str:
    """An item's text in the language in use (`field`: name, text, … or a dotted path like `effects.0.note`), else
    the English; raises KeyError naming an unknown item or field. `rules` None: the concepts and articles only."""
    item = english(rules).items.get(item_id)
    if item is None:
        raise KeyError(f"unknown item {item_id!r}" + ("" if rules is not None else " (without rules: concepts only)"))
    label, fields = item
    if field not in fields:
        raise KeyError(f"{label} has no text field {field!r} (its text fields: {', '.join(sorted(fields))})")
    lang = current()
    if lang == SOURCE:
        return fields[field]
    translated = texts(rules, lang).get(item_id, {}).get(field)
    if translated:
        return translated
    if rules is not None and field == "name" and item_id in rules.track_index:
        return _made_track_name(rules, item_id) or fields[field]
    return fields[field]


def _made_track_name(rules: Rules, track_id: str) -> str | None:
    """The name of a track the compiler makes (a region's tension, a faction's influence or channel there, an
    institution's strength or membership) from its parts' names in the language in use; None for another track."""
    info = rules.tracks[rules.track_index[track_id]]
    parts = track_id.split(".")
    try:
        if info.group == "tension":
            return _("{region} tension", region=name(rules, parts[0]))
        if info.group == "influence":
            return _("{adjective} influence in {region}", adjective=name(rules, parts[1], "adjective"),
                     region=name(rules, parts[0]))
        if info.group == "channel":
            return _("{adjective} {channel} in {region}", adjective=name(rules, parts[1], "adjective"),
                     channel=name(rules, parts[2]), region=name(rules, parts[0]))
        if info.group == "institution":
            return _("{institution} strength", institution=name(rules, parts[0]))
        if info.group == "membership":
            return _("{faction} in {institution}", faction=name(rules, parts[2]), institution=name(rules, parts[0]))
    except (KeyError, IndexError):  # an id shaped otherwise: the compiler's English name
        return None
    return None


def scenario_text(path: Path, scenario_id: str, field: str, english: str) -> str:
    """A scenario's title or description in the language in use before it is compiled (the scenario list), from
    its folder's translation file; `english` if there is none."""
    lang = current()
    if lang == SOURCE:
        return english
    file = lang_file(path.parent, lang)
    with _LOCK:
        stamp = _stamp(file)
        translated = _file_texts(file, stamp).get(scenario_id, {}).get(field) if stamp is not None else None
    return translated or english
