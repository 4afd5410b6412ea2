"""Reading content and scenario YAML files into models, turning every schema error into a Problem."""

from __future__ import annotations

import codecs
import errno
import hashlib
import itertools
import os
import stat
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from game.rules import limits
from game.rules.problems import Problem, did_you_mean, field_path
from game.rules.schema import ID_PATTERN, ContentFile, PackFile, Scenario

CONTENT_ROOT = Path(__file__).parent / "content"
# libyaml's parser when PyYAML has it (ten times faster), building the same safe Python values
M = TypeVar("M", bound=BaseModel)

# list key -> how an item of it is named in messages
ITEM_WORDS = {
    "factions": "faction",
    "tracks": "track",
    "channels": "channel",
    "regions": "region",
    "institutions": "institution",
    "moves": "move",
    "events": "event",
    "rules": "rule",
    "doctrines": "doctrine",
    "scoring": "scoring of",
}
# parts of a pydantic location that name a union branch (`number | expression`, `id | [ids]`) rather than a field
_TYPE_BRANCHES = {"float", "str", "int", "constrained-str", "str-pattern"}
# an effect's kind tag, which pydantic puts between the effect's index and its field
_EFFECT_TAGS = {"add", "set", "end_game"}
# what a value failing one of the schema's patterns should look like
_PATTERN_WORDS = {
    ID_PATTERN: "is not a valid id (lowercase letters, digits, _ and dots)",
    r"^S[02]-[A-Z]?\d+$": "is not a source id like 'S0-17' or 'S2-R5'",
    r"^#[0-9a-fA-F]{6}$": "is not a colour like '#0072B2'",
}


def display_path(path: Path) -> str:
    """A path as shown in messages: relative to the working directory when it is below it."""
    try:
        return str(resolved(path).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):  # not below it, or the working directory is gone
        return str(path)


class UnreadableFile(ValueError):
    """A file refused before its text is parsed: not a regular file, too big, or not UTF-8 text."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    return next((word for test, word in _KINDS if test(mode)), "not a regular file")


def read_bounded(path: Path, limit: int = limits.FILE_BYTES, what: str = "a content or scenario file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; raises UnreadableFile with the reason.

    Anything else (a folder, a FIFO, a device, a link to one) is refused without a blocking read:
    the file is opened non-blocking and checked again on the open handle, then read with a bound.
    """
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise UnreadableFile(f"cannot read file: {getattr(exc, 'strerror', None) or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(f"is {_kind(info.st_mode)}, not a file")
    if info.st_size > limit:
        raise UnreadableFile(f"is {info.st_size:,} bytes, over the limit of {limit:,} bytes for {what}")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):  # replaced between the check and the open
            raise UnreadableFile(f"is {_kind(mode)}, not a file")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise UnreadableFile(f"is over the limit of {limit:,} bytes for {what}")
    return data


def decode_text(data: bytes) -> str:
    """UTF-8 text (a leading byte-order mark is allowed); raises UnreadableFile naming the first bad byte."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data.startswith((codecs.BOM_UTF32_LE,
                                                                                         codecs.BOM_UTF32_BE)):
        raise UnreadableFile("is UTF-16 or UTF-32 text (it starts with a byte-order mark); save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = " (it has NUL bytes: UTF-16 text or a binary file?)" if b"\0" in data[:4096] else ""
        raise UnreadableFile(f"is not UTF-8 text: byte 0x{data[exc.start]:02x} at position {exc.start:,} "
                             f"cannot be decoded{hint}; save it as UTF-8") from None
    if "\0" in text:
        raise UnreadableFile(f"is not UTF-8 text: a NUL byte at position {data.index(0):,} (UTF-16 text or a binary "
                             f"file?); save it as UTF-8")
    return text.removeprefix("\ufeff")


class _OverLimit(yaml.YAMLError):
    """A YAML file over one of the limits: the field it is in (or ''), the reason and where."""

    def __init__(self, field: str, reason: str, mark: Any):
        super().__init__(reason)
        self.field, self.reason, self.mark = field, reason, mark


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the nesting, size and list-length limits enforced while composing.

    The composer recurses once per level, so depth is checked before descending (100,000 `[` are
    refused at the 33rd); a value's size counts every use of an alias in full, so a few lines of
    anchors cannot stand for billions of values; a top-level list stops at its limit, so a pack of
    50,000 rules is refused after reading the first few thousand.
    """

    def __init__(self, text: str):
        super().__init__(text)
        self._depth = 0
        self._sizes: dict[int, int] = {}
        self._key = ""  # the top-level key being composed
        self._path: list[Any] = []  # keys and list indexes down to the value being composed (None: a mapping's key)
        self.duplicates: list[Duplicate] = []

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        mark = self.peek_event().start_mark
        if self._depth >= limits.YAML_DEPTH:
            raise _OverLimit(self._key, f"nested more than {limits.YAML_DEPTH} levels deep (the limit)", mark)
        if self._depth == 1 and isinstance(index, yaml.ScalarNode):
            self._key = str(index.value)
        limit = limits.ITEMS.get(self._key)
        if self._depth == 2 and limit is not None and isinstance(parent, (yaml.SequenceNode, yaml.MappingNode)):
            if len(parent.value) >= limit and (isinstance(parent, yaml.SequenceNode) or index is None):
                raise _OverLimit(self._key, f"more than {limit:,} entries (the limit)", mark)
        if self.check_event(yaml.AliasEvent):
            anchor = self.peek_event().anchor
            if anchor in self.anchors and id(self.anchors[anchor]) not in self._sizes:
                raise _OverLimit(self._key, f"the alias *{anchor} stands for a value that contains it", mark)
        self._depth += 1
        self._path.append(index.value if isinstance(index, yaml.ScalarNode) else index)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._path.pop()
        if isinstance(node, yaml.MappingNode) and id(node) not in self._sizes:
            lines: dict[str, list[int]] = {}
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode):
                    lines.setdefault(key.value, []).append(key.start_mark.line + 1)
            where = tuple(p for p in self._path[1:] if p is not None) + ((index.value,) if isinstance(
                index, yaml.ScalarNode) else (index,) if isinstance(index, int) else ())
            self.duplicates += [Duplicate(where + (key,), tuple(at)) for key, at in lines.items() if len(at) > 1]
        size = self._sizes.get(id(node))
        if size is None:
            if isinstance(node, yaml.SequenceNode):
                children = node.value
            elif isinstance(node, yaml.MappingNode):
                children = [n for pair in node.value for n in pair]
            else:
                children = []
            size = 1 + sum(self._sizes[id(c)] for c in children)
            self._sizes[id(node)] = size
        if size > limits.YAML_NODES:
            raise _OverLimit(self._key if self._depth >= 1 else "",
                             f"more than {limits.YAML_NODES:,} values (the limit; each use of an alias counts "
                             f"every value it stands for)", mark)
        return node


@dataclass(frozen=True)
class Duplicate:
    """A key written more than once in one mapping (YAML keeps the last): where it is and on which lines."""

    loc: tuple  # keys and list indexes from the top of the file down to the key
    lines: tuple[int, ...]


_C_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it: about ten times faster


def _check_events(text: str) -> list[Duplicate]:
    """Raise _OverLimit if the text breaks a limit `_BoundedLoader` enforces, reading libyaml's events (no values
    are built): depth, values counted with every use of an alias in full, entries of a top-level list. Returns the
    keys written twice in a mapping, as `_BoundedLoader.duplicates` does."""
    # per open collection: [is_mapping, size so far, anchor, start mark, entries, expecting_key, where it is,
    #                       children so far (a list) or the key being read (a mapping), key -> lines (a mapping)]
    open_: list[list] = []
    anchors: dict[str, int] = {}
    duplicates: list[Duplicate] = []
    key = ""  # the top-level key whose value is being read
    for event in yaml.parse(text, Loader=_C_LOADER):
        if isinstance(event, (yaml.CollectionEndEvent)):
            _, size, anchor, mark, _, _, where, _, lines = open_.pop()
            if anchor:
                anchors[anchor] = size
            if lines:
                duplicates += [Duplicate(where + (k,), tuple(at)) for k, at in lines.items() if len(at) > 1]
            _add(open_, size, key, mark)
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        depth, mark = len(open_), event.start_mark
        if depth >= limits.YAML_DEPTH:
            raise _OverLimit(key, f"nested more than {limits.YAML_DEPTH} levels deep (the limit)", mark)
        where: tuple = ()
        if open_:
            parent = open_[-1]
            as_key = parent[0] and parent[5]
            if parent[0]:
                parent[5] = not parent[5]
                if as_key and isinstance(event, yaml.ScalarEvent):
                    parent[7] = event.value
                    parent[8].setdefault(event.value, []).append(mark.line + 1)
                elif as_key:
                    parent[7] = None  # a mapping or list as a key: not a place a content file uses
                where = parent[6] + (parent[7],)
            else:
                where = parent[6] + (parent[7],)
                parent[7] += 1
            if depth == 1 and parent[0] and not as_key:
                key = str(pending_key)
            if depth == 1 and as_key:
                pending_key = event.value if isinstance(event, yaml.ScalarEvent) else ""
            limit = limits.ITEMS.get(key)
            if depth == 2 and limit is not None and (not parent[0] or as_key):
                if parent[4] >= limit:
                    raise _OverLimit(key, f"more than {limit:,} entries (the limit)", mark)
                parent[4] += 1
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in (c[2] for c in open_):
                raise _OverLimit(key, f"the alias *{event.anchor} stands for a value that contains it", mark)
            _add(open_, anchors.get(event.anchor, 1), key, mark)
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                anchors[event.anchor] = 1
            _add(open_, 1, key, mark)
        else:
            is_map = isinstance(event, yaml.MappingStartEvent)
            open_.append([is_map, 1, event.anchor, mark, 0, True, where, None if is_map else 0, {} if is_map else None])
    return duplicates


def _add(open_: list[list], size: int, key: str, mark: Any) -> None:
    """Count a finished value into the collection that holds it; refuse past the values limit."""
    if size > limits.YAML_NODES or (open_ and open_[-1][1] + size > limits.YAML_NODES):
        raise _OverLimit(key if len(open_) > 1 else "", f"more than {limits.YAML_NODES:,} values (the limit; each "
                         "use of an alias counts every value it stands for)", open_[-1][3] if open_ else mark)
    if open_:
        open_[-1][1] += size


def _load(text: str) -> tuple[Any, list[Duplicate]]:
    """The YAML text's values within the limits, and the keys written twice: checked on libyaml's events and built
    by libyaml where it is installed; a syntax error, and every file without libyaml, goes through the pure-Python
    `_BoundedLoader`, whose messages authors know (libyaml words some errors differently)."""
    if _C_LOADER is not None:
        try:
            duplicates = _check_events(text)
            loader = _C_LOADER(text)  # libyaml's safe loader: plain values only, no Python objects
            try:
                return loader.get_single_data(), duplicates
            finally:
                loader.dispose()
        except _OverLimit:
            raise
        except yaml.YAMLError:
            pass
    loader = _BoundedLoader(text)  # the reader checks every character here
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


EMPTY = "is empty: it holds no keys, only blank lines or comments"


def _duplicate_problem(shown: str, data: Any, dup: Duplicate) -> Problem:
    """A key written twice, named by the item it is in: `move us.x, cost: key 'cost' appears twice (…)`."""
    item, rest = _item_label(data, dup.loc)
    times = "twice" if len(dup.lines) == 2 else f"{len(dup.lines)} times"
    lines = ", ".join(map(str, dup.lines[:-1])) + f" and {dup.lines[-1]}"
    at = f"on line {dup.lines[0]}" if len(set(dup.lines)) == 1 else f"lines {lines}"
    return Problem(shown, item, field_path(rest), f"key {str(dup.loc[-1])!r} appears {times} ({at}); keep one")


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Safely load one YAML file within the limits; any refusal becomes a Problem (with its line for YAML)."""
    shown = display_path(path)
    try:
        text = decode_text(read_bounded(path))
    except UnreadableFile as exc:
        return None, [Problem(shown, "", "", str(exc))]
    try:
        if text in _PARSED:  # validating every shipped scenario reads each pack file often
            data = _PARSED[text]
        else:
            data, duplicates = _load(text)
            if duplicates:  # refused (YAML would keep the last silently); not kept, so a second read says it again
                return data, [_duplicate_problem(shown, data, d) for d in sorted(duplicates, key=lambda d: d.lines)]
            _keep(text, data)
        return data, [] if data is not None else [Problem(shown, "", "", EMPTY)]
    except _OverLimit as exc:
        where = f" (at line {exc.mark.line + 1})" if exc.mark else ""
        return None, [Problem(shown, "", exc.field, exc.reason + where)]
    except yaml.reader.ReaderError as exc:
        return None, [Problem(shown, "", "", f"is not YAML text: character #x{exc.character:04x} at position "
                              f"{exc.position:,} is not allowed (a control character)")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(shown, "", "", f"malformed YAML{where}: {reason}")]
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. a date PyYAML cannot build
        return None, [Problem(shown, "", "", f"malformed YAML: {exc}")]


def shown_id(value: Any) -> str:
    """An item's id as messages name it: shortened past the id limit, so a 1,000-character id is not quoted whole."""
    text = str(value)
    return text if len(text) <= limits.ID_CHARS else f"{text[:40]}… ({len(text):,} characters)"


_PARSED: dict[str, Any] = {}  # file text -> its values (validating every shipped scenario reads each pack file often)
_MODELS: dict[tuple[type, str, str], tuple[Any, Any, list[Problem]]] = {}  # (model, shown path, text) -> read_model
_KEPT = 256  # entries in each cache: more than every shipped file


def _keep(text: str, data: Any) -> Any:
    """Keep YAML text's values for the rest of the process (shared: callers only read them); returns them."""
    if len(_PARSED) >= _KEPT:
        _PARSED.clear()
    _PARSED[text] = data
    return data


def _item_label(raw: Any, loc: tuple) -> tuple[str, tuple]:
    """Split a location into the item it is in (`move us.tariff`) and the rest."""
    if len(loc) >= 2 and loc[0] in ITEM_WORDS and isinstance(loc[1], int) and isinstance(raw, dict):
        items = raw.get(loc[0])
        entry = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        ident = entry.get("id") if isinstance(entry, dict) else None
        word = ITEM_WORDS[loc[0]]
        return (f"{word} {shown_id(ident)}" if ident else f"{word} #{loc[1] + 1}"), loc[2:]
    if len(loc) >= 2 and loc[0] == "scoring":
        return f"scoring of {shown_id(loc[1])}", loc[2:]
    return "", loc


def _clean(loc: tuple) -> tuple:
    """Drop the union-branch parts of a location: `effects, 0, add, add, float` -> `effects, 0, add`."""
    kept = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and (part in _TYPE_BRANCHES or "[" in part):
            continue
        if part in _EFFECT_TAGS and i > 0 and isinstance(loc[i - 1], int):
            continue
        kept.append(part)
    return tuple(kept)


def _is_branch(loc: tuple) -> bool:
    return any(isinstance(part, str) and (part in _TYPE_BRANCHES or "[" in part) for part in loc)


def _shown_input(err: dict) -> str:
    """` (got 'two')` for a scalar input, so the message says what was written."""
    value = err.get("input")
    if err["type"] in ("missing", "extra_forbidden") or not isinstance(value, (str, int, float, bool)):
        return ""
    if isinstance(value, str) and len(value) > limits.ID_CHARS:  # a long value is not quoted whole
        return f" (got {value[:40]!r}… of {len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**limits.EXPR_DIGITS:
        return f" (got a number of {len(str(abs(value))):,} digits)"
    return f" (got {value!r})"


def _merge_branches(errors: list[dict]) -> list[dict]:
    """One error per place for a union: the branch the input was meant for, or 'should be A or B'."""
    by_place: dict[tuple, list[dict]] = {}
    for err in errors:
        by_place.setdefault(_clean(tuple(err["loc"])), []).append(err)
    merged = []
    for group in by_place.values():
        branches = [e for e in group if _is_branch(tuple(e["loc"]))]
        if len(branches) < 2:
            merged += group
            continue
        merged += [e for e in group if e not in branches]
        fitting = [e for e in branches if not e["type"].endswith("_type")]
        if fitting:  # the input had the right type for this branch but a bad value (e.g. inf)
            merged += fitting
        else:
            kinds = " or ".join(e["msg"].removeprefix("Input should be ") for e in branches)
            merged.append({**branches[0], "msg": f"Input should be {kinds}"})
    return merged


def _written(path: Path | None, loc: tuple) -> str | None:
    """The scalar at `loc` as written in the file (`yes` for a value read as True); None if it cannot be found.

    Only called for a refused value, so the file is composed again (node values keep their text) at no cost to
    files without mistakes.
    """
    try:
        node = yaml.compose(decode_text(read_bounded(path)), Loader=_C_LOADER or yaml.SafeLoader) if path else None
    except (UnreadableFile, yaml.YAMLError, RecursionError):
        return None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node.value if isinstance(node, yaml.ScalarNode) else None


def schema_problems(shown: str, raw: Any, error: ValidationError, model: type[BaseModel],
                    path: Path | None = None) -> list[Problem]:
    """Every pydantic error as a Problem, with a suggestion for unknown keys."""
    problems: dict[tuple[str, str, str], Problem] = {}
    for err in _merge_branches(error.errors(include_url=False)):
        item, rest = _item_label(raw, tuple(err["loc"]))
        if not item and model is Scenario and isinstance(raw.get("id"), str):
            item = f"scenario {shown_id(raw['id'])}"  # as the compiler names it
        rest = _clean(rest)
        message = err["msg"].removeprefix("Value error, ") + _shown_input(err)
        suggestion = None
        tags = [part for i, part in enumerate(err["loc"]) if part in _EFFECT_TAGS and i and isinstance(err["loc"][i - 1], int)]
        if isinstance(err.get("input"), bool) and err["type"] in ("float_type", "int_type"):
            # strict numbers (schema.Model): YAML reads yes/no, true/false and on/off as booleans
            word = _written(path, _clean(tuple(err["loc"]))) or str(err["input"]).lower()
            message = f"a number is expected, not the YAML boolean {word!r}"
        elif err["type"] == "string_too_long" and err.get("ctx", {}).get("max_length") == limits.EXPR_CHARS:
            message = (f"the expression is {len(str(err.get('input', ''))):,} characters long, over the limit of "
                       f"{limits.EXPR_CHARS} characters for an expression (docs/limits.md); move a part of it into a "
                       "derived track (`derive:`) and name that track")
        elif err["type"] == "extra_forbidden" and rest and tags and str(rest[-1]) in _EFFECT_TAGS:
            message = f"use one of {tags[0]} or {rest[-1]} (an effect does one thing; write two effects for both)"
        elif err["type"] == "extra_forbidden" and rest:
            key = str(rest[-1])
            suggestion = did_you_mean(key, [k for k in _known_keys(model, err["loc"]) if k != key])
            message = f"unknown key {key!r}"
        elif err["type"] == "missing":
            message = "required field is missing"
        elif err["type"].startswith("string_pattern") and "input" in err:
            pattern = err.get("ctx", {}).get("pattern", "")
            message = f"{err['input']!r} " + _PATTERN_WORDS.get(pattern, f"does not match the pattern {pattern}")
        problem = Problem(shown, item, field_path(rest), message, suggestion)
        # a union reports each branch; keep one message per place
        problems.setdefault((item, problem.field, message), problem)
    return list(problems.values())


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type can hold, through list, dict, Optional, Union and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed where an unknown key was found (every model's keys if that cannot be told)."""
    candidates = [model]
    for i, part in enumerate(loc[:-1]):
        if part in _EFFECT_TAGS and i > 0 and isinstance(loc[i - 1], int):
            candidates = [m for m in candidates if part in m.model_fields]  # the effect's kind
            continue
        fields = [m.model_fields[part] for m in candidates if isinstance(part, str) and part in m.model_fields]
        if fields:
            candidates = [m for f in fields for m in _models_in(f.annotation)]
        # otherwise a list index or a dict key: the models stay the same
    if candidates:
        return sorted({name for m in candidates for name in m.model_fields})
    from game.rules import schema

    every = [v for v in vars(schema).values() if isinstance(v, type) and issubclass(v, BaseModel)]
    return sorted({name for m in every for name in m.model_fields})


def read_model(path: Path, model: type[M]) -> tuple[M | None, Any, list[Problem]]:
    """Load a YAML file as `model`: (model or None, the raw data, problems).

    Results are kept per file text, so a pack's files are validated once however many scenarios
    use them; models are frozen and the raw data is shared, for reading only.
    """
    shown = display_path(path)
    try:
        key = (model, shown, decode_text(read_bounded(path)))
    except UnreadableFile:
        key = None  # read_yaml says why
    if key in _MODELS:
        return _MODELS[key]
    found = _read_model(path, shown, model)
    if key is not None:
        if len(_MODELS) >= _KEPT:
            _MODELS.clear()
        _MODELS[key] = found
    return found


def _read_model(path: Path, shown: str, model: type[M]) -> tuple[M | None, Any, list[Problem]]:
    raw, problems = read_yaml(path)
    if problems:
        return None, raw, problems
    return validate_model(path, raw, model)


def validate_model(path: Path, raw: Any, model: type[M]) -> tuple[M | None, Any, list[Problem]]:
    """The data read from `path` checked as `model`: (model or None, the raw data, problems)."""
    shown = display_path(path)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return None, raw, [Problem(shown, "", "", f"expected a mapping of keys at the top, found {type(raw).__name__}")]
    try:
        return model.model_validate(raw), raw, []
    except ValidationError as exc:
        return None, raw, schema_problems(shown, raw, exc, model, path)


PACK_FILE = "pack.yaml"  # in a pack's folder: the pack it extends and the items it removes (schema.PackFile)


@dataclass
class Pack:
    """The content of one pack: every item with the file it came from (a pack that extends another: the whole chain)."""

    name: str
    root: Path
    files: list[Path] = field(default_factory=list)  # every file of the chain, the parent's first
    content: dict[str, list] = field(default_factory=dict)  # list key -> models, in file order
    origin: dict[tuple[str, str], str] = field(default_factory=dict)  # (list key, id) -> shown file
    notes: list[Problem] = field(default_factory=list)  # items replacing a parent's (`validate --warnings`)
    removed: dict[str, str] = field(default_factory=dict)  # id -> list key of a parent's item `remove:` left out

    def items(self, key: str) -> list:
        return self.content.get(key, [])


LANG_FOLDER = "lang"  # in a pack's folder: its translations (game/rules/translations.py), not rules


def is_translation(root: Path, path: Path) -> bool:
    """Whether `path` lies in the `lang/` folder of the pack folder `root` (a translation file, not content)."""
    try:
        return path.relative_to(root).parts[0] == LANG_FOLDER
    except (ValueError, IndexError):
        return False


def _own_files(root: Path) -> list[Path]:
    """The YAML files in one pack folder, its `pack.yaml` included, in a stable order; the translations in `lang/`
    are not rules, so editing one changes neither the content hash nor the compiled-rules cache."""
    return sorted(p for p in root.rglob("*.yaml") if p.is_file() and not is_translation(root, p))


def parent_name(root: Path) -> str | None:
    """The `extends:` of the pack folder's `pack.yaml` as written (None without one, or if it cannot be read)."""
    if not (root / PACK_FILE).is_file():
        return None
    raw, problems = read_yaml(root / PACK_FILE)
    parent = raw.get("extends") if isinstance(raw, dict) and not problems else None
    return parent if isinstance(parent, str) and parent else None


def pack_files(root: Path) -> list[Path]:
    """Every YAML file a game of the pack reads, in a stable order: the chain of packs it extends first (parent
    before child), then its own (regular files only; links to folders are not followed).

    The content hash, the compiled-rules cache and saves all use this list, so an edit anywhere in the chain
    counts. A chain that loops or runs past PACK_CHAIN stops there (`read_pack` refuses it).
    """
    chain = pack_chain(root)
    found: list[Path] = []
    for folder in chain[:-1]:
        found += _own_files(folder)
    return found + _own_files(root)


def pack_chain(root: Path) -> list[Path]:
    """The pack folder and the folders of the packs it extends, parent before child (the folder itself last)."""
    chain = [resolved(root)]
    while len(chain) <= limits.PACK_CHAIN:
        parent = parent_name(chain[-1])
        if parent is None or content_problem(parent) is not None:
            break
        parent_root = pack_root(parent, chain[-1])
        if not parent_root.is_dir() or resolved(parent_root) in chain:
            break
        chain.append(resolved(parent_root))
    return chain[::-1]


def _folder_yaml(folder: Path, unsearchable: list[Problem]) -> tuple[list[Path], str | None]:
    """The `*.yaml` entries below `folder` (links to folders not followed), or why it is not a pack or scenario folder.

    The search stops at the first of the FOLDER_* limits it meets, so `/` or a home folder is refused
    after a bounded look rather than walked. A subfolder that cannot be listed goes to `unsearchable`.
    """
    found: list[Path] = []
    seen = 0
    level = [folder]
    for depth in range(limits.FOLDER_DEPTH + 1):
        below: list[Path] = []
        for current in level:
            try:
                with os.scandir(current) as listing:
                    # read before use: a listing can fail part way (a /proc folder), not only when opened
                    entries = list(itertools.islice(listing, limits.FOLDER_ENTRIES - seen + 1))
            except OSError as exc:
                if current == folder:
                    raise
                unsearchable.append(Problem(display_path(current), "", "", f"cannot search folder: "
                                                                           f"{exc.strerror or exc}"))
                continue
            for entry in entries:
                seen += 1
                if seen > limits.FOLDER_ENTRIES:
                    return [], f"holds more than {limits.FOLDER_ENTRIES:,} files and folders"
                if entry.is_dir(follow_symlinks=False):
                    below.append(Path(entry.path))
                if entry.name.endswith(".yaml"):
                    found.append(Path(entry.path))
                    if len(found) > limits.FOLDER_FILES:
                        return [], f"holds more than {limits.FOLDER_FILES:,} YAML files"
        if not below:
            break
        if depth == limits.FOLDER_DEPTH:
            return [], f"has folders more than {limits.FOLDER_DEPTH} levels deep (like {display_path(below[0])})"
        level = below
    return sorted(p for p in found if not p.is_dir()), None


def files_to_check(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The YAML files named by `validate`'s arguments, a folder searched within the FOLDER_* limits.

    A name that is not a file is kept, so reading it reports why (a FIFO, a device, a link loop).
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            if path.is_dir():
                unsearchable: list[Problem] = []
                found, refused = _folder_yaml(path, unsearchable)
                if refused:
                    problems.append(Problem(display_path(path), "", "", (
                        f"is not a pack or scenario folder: it {refused} (validate searches a folder at most "
                        f"{limits.FOLDER_DEPTH} levels deep, through {limits.FOLDER_ENTRIES:,} files and folders, for "
                        f"{limits.FOLDER_FILES:,} YAML files); name a pack or scenario folder, or the files")))
                elif not found:
                    problems.append(Problem(display_path(path), "", "", "is a folder with no YAML files in it"))
                problems += [] if refused else unsearchable
                files += found
            elif path.exists() or path.is_symlink():
                files.append(path)
            else:
                problems.append(Problem(display_path(path), "", "", "no such file or directory"))
        except (OSError, RuntimeError, ValueError) as exc:
            problems.append(Problem(str(path)[:200], "", "", f"cannot read file: {getattr(exc, 'strerror', None) or exc}"))
    return files, problems


def _odd_entries(root: Path) -> list[Path]:
    """The `*.yaml` entries of a pack that are neither files nor folders (FIFOs, devices, broken links)."""
    return sorted(p for p in root.rglob("*.yaml") if not p.is_file() and not p.is_dir() and not is_translation(root, p))


def _why_unreadable(path: Path) -> str:
    """Why an entry that is not a regular file cannot be read."""
    try:
        read_bounded(path, 0)
    except UnreadableFile as exc:
        return str(exc)
    return "is not a file"


def resolved(path: Path) -> Path:
    """`path` made absolute with its links followed as far as they go (a link loop stays as written)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: RuntimeError before Python 3.13
        return path.absolute()


def pack_root(name: str, scenario_dir: Path | None = None) -> Path:
    """A pack's folder: a shipped pack by name, or a folder relative to the scenario file.

    This only maps the name; `content_problem` says whether the name is allowed.
    """
    if scenario_dir is not None and ("/" in name or name.startswith(".")):
        return resolved(scenario_dir / name)
    return CONTENT_ROOT / name


def content_problem(name: str, scenario_dir: Path | None = None) -> str | None:
    """Why a scenario's `content:` is refused, or None: it must name an installed pack or a folder in the scenario's own."""
    if len(name) > limits.NAME_CHARS:
        return f"is {len(name):,} characters long, over the limit of {limits.NAME_CHARS}"
    if "\0" in name:
        return "holds a NUL character"
    if Path(name).is_absolute() or name.startswith("~"):
        return (f"{name!r} is an absolute path or a home folder: name an installed pack or a folder beside the "
                f"scenario file (like ./my_pack)")
    if scenario_dir is None or not ("/" in name or name.startswith(".")):
        return None
    base = resolved(scenario_dir)
    root = pack_root(name, scenario_dir)
    try:
        os.stat(root)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{name!r} is a symbolic link loop"
    if root != base and base not in root.parents:
        return f"{name!r} leads outside the scenario's folder ({display_path(base)}); a pack must lie in it or below it"
    return None


def _over(what: str, count: int, limit: int, unit: str) -> str:
    return f"has {count:,} {what}, over the limit of {limit:,} {unit}"


def read_pack(name: str, scenario_dir: Path | None = None, _chain: tuple[Path, ...] = (),
              _root: Path | None = None) -> tuple[Pack, list[Problem]]:
    """Read every file of a content pack within the limits, collecting all schema problems.

    The pack's size is checked before any file is parsed, and reading stops at the first file that
    takes a kind of item over its limit. A pack whose `pack.yaml` says `extends:` is its parent's
    content (read the same way, so chains work) with the items of `remove:` left out, each of its
    own items replacing the parent's item of the same kind and id, or added after them.
    """
    root = _root or pack_root(name, scenario_dir)  # _root: a parent in a chain, already checked by _extend
    pack = Pack(name, root)
    refused = None if _root else content_problem(name, scenario_dir)
    if refused:
        return pack, [Problem(name, "", "content", refused)]
    if not root.is_dir():
        known = sorted(p.name for p in CONTENT_ROOT.iterdir() if p.is_dir())
        return pack, [Problem(name, "", "content", f"unknown content pack {name!r}", did_you_mean(name, known))]
    shown_root = display_path(root)
    try:
        paths = _own_files(root)
        odd = _odd_entries(root)
        sizes = [p.stat().st_size for p in paths]
    except (OSError, RuntimeError) as exc:
        return pack, [Problem(shown_root, "", "", f"cannot list the pack's files: {exc}")]
    problems = [Problem(display_path(p), "", "", _why_unreadable(p)) for p in odd]
    if len(paths) > limits.PACK_FILES:
        return pack, problems + [Problem(shown_root, "", "", _over("YAML files", len(paths), limits.PACK_FILES, "files "
                                                                    "for one pack"))]
    if sum(sizes) > limits.PACK_BYTES:
        return pack, problems + [Problem(shown_root, "", "", _over("bytes of YAML", sum(sizes), limits.PACK_BYTES,
                                                                    "bytes for one pack"))]
    resolved_root = resolved(root)
    own = Pack(name, root)
    counts: dict[str, int] = {}
    settings: PackFile | None = None
    for path in paths:
        shown = display_path(path)
        if resolved_root not in resolved(path).parents:
            problems.append(Problem(shown, "", "", f"links outside the pack's folder ({shown_root})"))
            continue
        own.files.append(path)
        if path.parent == root and path.name == PACK_FILE:
            settings, _, found = read_model(path, PackFile)
            problems += found
            continue
        model, _, found = read_model(path, ContentFile)
        problems += found
        if model is None:
            continue
        over = []
        for key in ContentFile.model_fields:
            for item in getattr(model, key):
                own.content.setdefault(key, []).append(item)
                own.origin.setdefault((key, item.id), shown)
            counts[key] = counts.get(key, 0) + len(getattr(model, key))
            if counts[key] > limits.ITEMS[key]:
                over.append(Problem(shown_root, "", key, f"more than {limits.ITEMS[key]:,} {key} in the pack (the limit),"
                                                         f" counting up to {shown}"))
        if over:  # the rest of the files are not read: the pack is refused whatever they hold
            return own, problems + over
    if settings is None or (settings.extends is None and not settings.remove):
        return own, problems
    return _extend(own, settings, scenario_dir, _chain + (resolved_root,), problems)


def _extend(own: Pack, settings: PackFile, scenario_dir: Path | None, chain: tuple[Path, ...],
            problems: list[Problem]) -> tuple[Pack, list[Problem]]:
    """The pack `own` on top of the parent its `pack.yaml` names: removals, replacements (noted) and additions."""
    shown = display_path(own.root / PACK_FILE)
    parent = settings.extends
    if parent is None:
        return own, problems + [Problem(shown, "", "remove", "removes items but extends no pack: add `extends: base` "
                                        "(or the pack it builds on)")]
    relative = "/" in parent or parent.startswith(".")
    where = own.root if relative else scenario_dir
    refused = content_problem(parent)
    if refused is None and relative and scenario_dir is not None:
        allowed = resolved(scenario_dir)  # like `content:`, a parent folder lies in the scenario's folder or below it
        target = resolved(pack_root(parent, own.root))
        if target != allowed and allowed not in target.parents:
            refused = (f"{parent!r} leads outside the scenario's folder ({display_path(allowed)}); a pack must lie in "
                       "it or below it")
    if refused:
        return own, problems + [Problem(shown, "", "extends", refused)]
    parent_root = resolved(pack_root(parent, where))
    if parent_root in chain:
        names = " → ".join(display_path(p) for p in chain[chain.index(parent_root):] + (parent_root,))
        return own, problems + [Problem(shown, "", "extends", f"{parent!r} leads back to this pack ({names}): packs "
                                        "cannot extend each other in a cycle; one of them must extend base")]
    if len(chain) >= limits.PACK_CHAIN:
        return own, problems + [Problem(shown, "", "extends", f"a chain of more than {limits.PACK_CHAIN} packs "
                                        f"extending each other (the limit), reaching {parent!r}")]
    if not parent_root.is_dir():
        known = sorted(p.name for p in CONTENT_ROOT.iterdir() if p.is_dir())
        what = f"no pack folder {parent!r} from {display_path(own.root)}" if relative else f"unknown content pack {parent!r}"
        return own, problems + [Problem(shown, "", "extends", what, None if relative else did_you_mean(parent, known))]
    base, found = read_pack(parent, scenario_dir, chain, parent_root)
    problems += found
    pack = Pack(own.name, own.root, base.files + own.files, notes=list(base.notes), removed=dict(base.removed))
    kind_of = {item.id: key for key, items in base.content.items() for item in items}
    removed: set[str] = set()
    for i, ident in enumerate(settings.remove):
        if ident not in kind_of:
            problems.append(Problem(shown, "", f"remove[{i}]", f"{parent} has no item {ident!r} to remove",
                                    did_you_mean(ident, kind_of)))
        elif (kind_of[ident], ident) in own.origin:
            problems.append(Problem(shown, "", f"remove[{i}]", f"{ident!r} is both removed and replaced (in "
                                    f"{own.origin[kind_of[ident], ident]}); keep one"))
        removed.add(ident)
        if ident in kind_of:
            pack.removed[ident] = kind_of[ident]
    replaced: dict[tuple[str, str], Any] = {}
    for key, items in own.content.items():
        for item in items:
            other = kind_of.get(item.id)
            if other is not None and other != key:
                problems.append(Problem(own.origin[key, item.id], f"{ITEM_WORDS[key]} {item.id}", "id",
                                        f"{parent} has {ITEM_WORDS[other]} {item.id!r}: an item replaces one of its "
                                        f"own kind (list it under {other}:), or give it a new id"))
            elif other is not None and (key, item.id) not in replaced:
                replaced[key, item.id] = item
                pack.notes.append(Problem(own.origin[key, item.id], f"{ITEM_WORDS[key]} {item.id}", "",
                                          f"replaces the {parent} item of the same id (from "
                                          f"{base.origin.get((key, item.id), parent)})"))
    for key in ContentFile.model_fields:
        merged = [replaced.get((key, item.id), item) for item in base.items(key) if item.id not in removed]
        merged += [item for item in own.items(key) if replaced.get((key, item.id)) is not item]
        if merged:
            pack.content[key] = merged
        if len(merged) > limits.ITEMS[key]:
            problems.append(Problem(display_path(own.root), "", key, f"more than {limits.ITEMS[key]:,} {key} with "
                                    f"those of {parent} (the limit)"))
    pack.origin = {k: v for k, v in base.origin.items() if k[1] not in removed} | own.origin
    return pack, problems


def read_scenario(path: Path) -> tuple[Scenario | None, list[Problem]]:
    """Read a scenario file (schema only)."""
    model, _, problems = read_model(path, Scenario)
    return model, problems


def content_hash(paths: list[Path]) -> str:
    """sha256 over the files' names and bytes: a save names the exact content it was played with.

    A file that cannot be read within the limits is hashed as its reason, so the hash differs
    (and the save is refused as played with other rules) rather than blocking or raising.
    """
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(b"\0")
        try:
            digest.update(read_bounded(path))
        except UnreadableFile as exc:
            digest.update(f"unreadable: {exc}".encode())
        digest.update(b"\0")
    return digest.hexdigest()
