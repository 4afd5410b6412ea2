"""The shipped scenarios (YAML files beside this module) and how to find and compile one."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from game.rules import compiler
from game.rules.compiled import Rules
from game.rules.compiler import compile_file
from game.rules import limits, translations
from game.rules.files import files_to_check, pack_files, read_yaml
from game.rules.problems import Problem, did_you_mean

SCENARIO_DIR = Path(__file__).parent


class UnknownScenarioError(LookupError):
    """No shipped scenario has that id and no such file exists."""


@dataclass(frozen=True)
class ScenarioEntry:
    id: str
    title: str
    turns: int
    path: Path
    description: str = ""
    seats: dict[str, str] = field(default_factory=dict)  # the scenario's default seats (others: human)


def scenario_entry(path: Path) -> ScenarioEntry | None:
    """The list entry of one scenario file (None if it does not read as a scenario)."""
    raw, problems = read_yaml(path)
    if problems or not isinstance(raw, dict):
        return None
    ident, turns = raw.get("id", path.stem), raw.get("turns", 0)
    if not isinstance(ident, str) or not isinstance(turns, int) or isinstance(turns, bool):
        return None  # `validate` names what is wrong with it
    seats = raw.get("seats") if isinstance(raw.get("seats"), dict) else {}
    return ScenarioEntry(ident, str(raw.get("title", "")), turns, path,
                         " ".join(str(raw.get("description", "")).split()), {str(k): str(v) for k, v in seats.items()})


def list_scenarios() -> list[ScenarioEntry]:
    """Every shipped scenario, ordered by length then id (the tutorial first); an unreadable file is left out."""
    entries = [e for e in map(scenario_entry, sorted(SCENARIO_DIR.glob("*.yaml"))) if e is not None]
    return sorted(entries, key=lambda e: (e.turns, e.id))


def _shown(ref: str) -> str:
    """A reference as quoted in messages: whole up to 80 characters, else its start and its length."""
    return repr(ref) if len(ref) <= 80 else f"{ref[:60]!r}… ({len(ref):,} characters)"


def find_scenario(ref: str | Path) -> Path:
    """The file of a scenario given its id or a path to a YAML file; raises UnknownScenarioError with the reason."""
    text = str(ref)
    if len(text) > limits.REF_CHARS:
        raise UnknownScenarioError(f"scenario {_shown(text)} is over the limit of {limits.REF_CHARS:,} characters "
                                   "for a scenario id or path")
    if "\0" in text:
        raise UnknownScenarioError(f"scenario {_shown(text)} holds a NUL character")
    path = Path(ref)
    if path.suffix in (".yaml", ".yml"):
        try:
            info = os.stat(path)
        except (OSError, ValueError) as exc:
            reason = "no such file" if isinstance(exc, FileNotFoundError) else getattr(exc, "strerror", None) or str(exc)
            raise UnknownScenarioError(f"no scenario file at {_shown(text)}: {reason}") from None
        if not stat.S_ISREG(info.st_mode):
            raise UnknownScenarioError(f"no scenario file at {_shown(text)}: it is "
                                       f"{'a folder' if stat.S_ISDIR(info.st_mode) else 'not a regular file'}")
        return path
    entries = {e.id: e.path for e in list_scenarios()}
    if text in entries:
        return entries[text]
    hint = did_you_mean(text, entries) if len(text) <= limits.ID_CHARS else None
    known = ", ".join(sorted(entries)) or "none"
    raise UnknownScenarioError(
        f"unknown scenario {_shown(text)}" + (f" — did you mean {hint!r}?" if hint else "") + f" (shipped: {known})"
    )


_cache: dict[str, tuple[tuple, Rules]] = {}


def _stamp(scenario_path: Path, pack_root: Path) -> tuple:
    """Name, modification time and size of the scenario and every file its pack has now."""
    files = [scenario_path, *pack_files(pack_root)]
    try:
        return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    except OSError:
        return ()


def load_rules(ref: str | Path) -> Rules:
    """Compiled rules of a scenario by id or path; raises UnknownScenarioError or ContentError.

    Compiled rules are cached and recompiled when the scenario or any file of its pack changes,
    appears or disappears.
    """
    path = find_scenario(ref).resolve()
    cached = _cache.get(str(path))
    if cached is not None and cached[0] == _stamp(path, cached[1].pack.root):
        return cached[1]
    rules = compile_file(path)
    _cache[str(path)] = (_stamp(path, rules.pack.root), rules)
    return rules


def check_paths(paths: list[Path], warnings: list[Problem] | None = None) -> tuple[list[Problem], int]:
    """Every problem in the given scenario, content or translation files, a shipped pack's files checked through
    every shipped scenario that uses it (`game.rules.compiler.check_paths`), a translation file (in a `lang/`
    folder) against the content it translates (`game.rules.translations`); warnings go to `warnings`."""
    files, problems = files_to_check(paths)
    translated = [p for p in files if translations.is_translation_file(p)]
    rules_files = [p for p in files if not translations.is_translation_file(p)]
    found, count = (compiler.check_paths(rules_files, [entry.path for entry in list_scenarios()], warnings)
                    if rules_files else ([], 0))
    problems += found + translations.check_translation_files(translated)
    return list(dict.fromkeys(problems)), count + len(translated)
