"""Reading content and scenario YAML files into models, turning every schema error into a Problem."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from game.rules.problems import Problem, did_you_mean, field_path
from game.rules.schema import ContentFile, Scenario

CONTENT_ROOT = Path(__file__).parent / "content"
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
    "scoring": "scoring of",
}
# parts of a pydantic location that name a union branch rather than a field
_BRANCH_PARTS = {"add", "set", "end_game", "float", "str", "int", "constrained-str", "list[str]", "str-pattern"}


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
        return yaml.safe_load(text), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(shown, "", "", f"malformed YAML{where}: {reason}")]


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
    kept = []
    for i, part in enumerate(loc):
        is_last = i == len(loc) - 1
        if isinstance(part, str) and (part in _BRANCH_PARTS or "[" in part) and not is_last:
            continue
        if isinstance(part, str) and ("[" in part or part in ("float", "str", "constrained-str")):
            continue
        kept.append(part)
    return tuple(kept)


def schema_problems(shown: str, raw: Any, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Every pydantic error as a Problem, with a suggestion for unknown keys."""
    problems: dict[tuple[str, str, str], Problem] = {}
    for err in error.errors(include_url=False):
        item, rest = _item_label(raw, tuple(err["loc"]))
        rest = _clean(rest)
        message = err["msg"]
        suggestion = None
        if err["type"] == "extra_forbidden" and rest:
            key = str(rest[-1])
            suggestion = did_you_mean(key, _known_keys(model, raw, err["loc"]))
            message = f"unknown key {key!r}"
        elif err["type"] == "missing":
            message = "required field is missing"
        elif err["type"].startswith("string_pattern") and "input" in err:
            message = f"{err['input']!r} is not a valid id (lowercase letters, digits, _ and dots)"
        problem = Problem(shown, item, field_path(rest), message, suggestion)
        # a union reports each branch; keep one message per place
        problems.setdefault((item, problem.field, message), problem)
    return list(problems.values())


def _known_keys(model: type[BaseModel], raw: Any, loc: tuple) -> list[str]:
    """Field names of every model, a generous pool for did-you-mean on unknown keys."""
    from game.rules import schema

    names: set[str] = set()
    for value in vars(schema).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            names.update(value.model_fields)
    return sorted(names)


def read_model(path: Path, model: type[M]) -> tuple[M | None, Any, list[Problem]]:
    """Load a YAML file as `model`: (model or None, the raw data, problems)."""
    shown = display_path(path)
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
