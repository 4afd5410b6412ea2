"""The shipped scenarios (YAML files beside this module) and how to find and compile one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.rules import compiler
from game.rules.compiled import Rules
from game.rules.compiler import compile_file
from game.rules.files import pack_files, read_yaml
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
    seats = raw.get("seats") if isinstance(raw.get("seats"), dict) else {}
    turns = raw.get("turns") if isinstance(raw.get("turns"), int) and not isinstance(raw.get("turns"), bool) else 0
    return ScenarioEntry(str(raw.get("id", path.stem)), str(raw.get("title", "")), turns, path,
                         " ".join(str(raw.get("description", "")).split()), {str(k): str(v) for k, v in seats.items()})


def list_scenarios() -> list[ScenarioEntry]:
    """Every shipped scenario, ordered by length then id (the tutorial first)."""
    entries = [e for e in map(scenario_entry, sorted(SCENARIO_DIR.glob("*.yaml"))) if e is not None]
    return sorted(entries, key=lambda e: (e.turns, e.id))


SHOWN = 80  # characters of a scenario reference quoted in a refusal


def _shown(ref: str) -> str:
    text = repr(ref)
    return text if len(text) <= SHOWN else f"{text[:SHOWN]}… ({len(ref):,} characters)"


def find_scenario(ref: str | Path) -> Path:
    """The file of a scenario given its id or a path to a YAML file."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml"):
        try:
            if path.is_file():
                return path
        except OSError as exc:  # a name too long for the file system, a folder that cannot be read
            raise UnknownScenarioError(f"no scenario file at {_shown(str(path))}: {exc.strerror or exc}") from None
        raise UnknownScenarioError(f"no scenario file at {_shown(str(path))}")
    entries = {e.id: e.path for e in list_scenarios()}
    if str(ref) in entries:
        return entries[str(ref)]
    hint = did_you_mean(str(ref), entries)
    known = ", ".join(sorted(entries)) or "none"
    raise UnknownScenarioError(
        f"unknown scenario {_shown(str(ref))}" + (f" — did you mean {hint!r}?" if hint else "") + f" (shipped: {known})"
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


def check_paths(paths: list[Path]) -> tuple[list[Problem], int]:
    """Every problem in the given scenario or content files, a shipped pack's files checked through
    every shipped scenario that uses it (`game.rules.compiler.check_paths`)."""
    return compiler.check_paths(paths, [entry.path for entry in list_scenarios()])
