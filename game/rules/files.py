"""Reading content and scenario YAML files into models, turning every schema error into a Problem."""

from __future__ import annotations

import hashlib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from game.rules.problems import Problem, did_you_mean, field_path
from game.rules.schema import ID_PATTERN, ContentFile, Scenario

CONTENT_ROOT = Path(__file__).parent / "content"
# libyaml's parser when PyYAML has it (ten times faster), building the same safe Python values
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Safely load one YAML file; a syntax error becomes a Problem with its line."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, [Problem(shown, "", "", f"cannot read file: {exc.strerror or exc}")]
    try:
        return _parsed(text), []
    except yaml.YAMLError:
        pass
    try:  # the pure-Python parser again, for its messages (libyaml words some errors differently)
        return yaml.safe_load(text), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(shown, "", "", f"malformed YAML{where}: {reason}")]


_PARSED: dict[str, Any] = {}  # file text -> its values (validating every shipped scenario reads each pack file often)
_MODELS: dict[tuple[type, str, str], tuple[Any, Any, list[Problem]]] = {}  # (model, shown path, text) -> read_model
_KEPT = 256  # entries in each cache: more than every shipped file


def _parsed(text: str) -> Any:
    """YAML text's values, parsed once per process; shared, so callers only read them."""
    if text not in _PARSED:
        if len(_PARSED) >= _KEPT:
            _PARSED.clear()
        _PARSED[text] = yaml.load(text, Loader=_FAST_LOADER)
    return _PARSED[text]


def _item_label(raw: Any, loc: tuple) -> tuple[str, tuple]:
    """Split a location into the item it is in (`move us.tariff`) and the rest."""
    if len(loc) >= 2 and loc[0] in ITEM_WORDS and isinstance(loc[1], int) and isinstance(raw, dict):
        items = raw.get(loc[0])
        entry = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        ident = entry.get("id") if isinstance(entry, dict) else None
        word = ITEM_WORDS[loc[0]]
        return (f"{word} {ident}" if ident else f"{word} #{loc[1] + 1}"), loc[2:]
    if len(loc) >= 2 and loc[0] == "scoring":
        return f"scoring of {loc[1]}", loc[2:]
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


def schema_problems(shown: str, raw: Any, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Every pydantic error as a Problem, with a suggestion for unknown keys."""
    problems: dict[tuple[str, str, str], Problem] = {}
    for err in _merge_branches(error.errors(include_url=False)):
        item, rest = _item_label(raw, tuple(err["loc"]))
        if not item and model is Scenario and isinstance(raw.get("id"), str):
            item = f"scenario {raw['id']}"  # as the compiler names it
        rest = _clean(rest)
        message = err["msg"].removeprefix("Value error, ") + _shown_input(err)
        suggestion = None
        if err["type"] == "extra_forbidden" and rest:
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
        key = (model, shown, path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        key = None
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
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return None, raw, [Problem(shown, "", "", f"expected a mapping of keys at the top, found {type(raw).__name__}")]
    try:
        return model.model_validate(raw), raw, []
    except ValidationError as exc:
        return None, raw, schema_problems(shown, raw, exc, model)


@dataclass
class Pack:
    """The content of one pack: every item with the file it came from."""

    name: str
    root: Path
    files: list[Path] = field(default_factory=list)
    content: dict[str, list] = field(default_factory=dict)  # list key -> models, in file order
    origin: dict[tuple[str, str], str] = field(default_factory=dict)  # (list key, id) -> shown file

    def items(self, key: str) -> list:
        return self.content.get(key, [])


def pack_files(root: Path) -> list[Path]:
    """The YAML files of a pack, in a stable order."""
    return sorted(p for p in root.rglob("*.yaml") if p.is_file())


def pack_root(name: str, scenario_dir: Path | None = None) -> Path:
    """A pack's folder: a shipped pack by name, or a folder relative to the scenario file."""
    if scenario_dir is not None and ("/" in name or name.startswith(".")):
        return (scenario_dir / name).resolve()
    return CONTENT_ROOT / name


def read_pack(name: str, scenario_dir: Path | None = None) -> tuple[Pack, list[Problem]]:
    """Read every file of a content pack, collecting all schema problems."""
    root = pack_root(name, scenario_dir)
    pack = Pack(name, root)
    problems: list[Problem] = []
    if not root.is_dir():
        known = sorted(p.name for p in CONTENT_ROOT.iterdir() if p.is_dir())
        return pack, [Problem(name, "", "content", f"unknown content pack {name!r}", did_you_mean(name, known))]
    for path in pack_files(root):
        pack.files.append(path)
        model, _, found = read_model(path, ContentFile)
        problems += found
        if model is None:
            continue
        shown = display_path(path)
        for key in ContentFile.model_fields:
            for item in getattr(model, key):
                pack.content.setdefault(key, []).append(item)
                pack.origin.setdefault((key, item.id), shown)
    return pack, problems


def read_scenario(path: Path) -> tuple[Scenario | None, list[Problem]]:
    """Read a scenario file (schema only)."""
    model, _, problems = read_model(path, Scenario)
    return model, problems


def content_hash(paths: list[Path]) -> str:
    """sha256 over the files' names and bytes: a save names the exact content it was played with."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
