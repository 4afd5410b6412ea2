"""Layers point one way: the rules layer imports nothing above it, and validating content never loads the engine."""

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
RULES = ROOT / "game" / "rules"
ABOVE_RULES = ("game.engine", "game.scenarios", "game.session", "game.ai", "game.analysis", "game.cli", "game.ui",
               "game.testing")
MACHINE_CODE = ("game.engine", "numba", "llvmlite")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_no_rules_module_imports_the_engine_or_anything_above_it():
    offending = {f"{path.name} imports {name}" for path in sorted(RULES.glob("*.py")) for name in _imports(path)
                 if name.startswith(ABOVE_RULES)}
    assert offending == set()


def _loaded_after(code: str) -> list[str]:
    """The machine-code modules loaded in a fresh interpreter after running `code`."""
    probe = code + (f"\nimport json, sys\nprint(json.dumps(sorted(m for m in sys.modules"
                    f" if m.split('.')[0] in {('numba', 'llvmlite')!r} or m.startswith('game.engine'))))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_every_rules_module_and_compiling_every_scenario_loads_no_engine():
    code = ("import importlib, pkgutil, game.rules\n"
            "for m in pkgutil.iter_modules(game.rules.__path__): importlib.import_module('game.rules.' + m.name)\n"
            "from game.rules.compiler import compile_file\n"
            "from game.scenarios import SCENARIO_DIR\n"
            "rules = [compile_file(p) for p in sorted(SCENARIO_DIR.glob('*.yaml'))]\n"
            "assert len(rules) == 3 and all(len(r.tables.score_prog) for r in rules)")
    assert _loaded_after(code) == []


def test_validate_command_loads_no_engine():
    code = ("import io, contextlib\n"
            "from game.cli.commands import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out: status = main(['validate'])\n"
            "assert status == 0 and out.getvalue().startswith('ok:'), out.getvalue()")
    assert _loaded_after(code) == []


def test_the_probe_sees_the_engine_when_it_is_loaded():
    assert "game.engine.kernel" in _loaded_after("import game.engine.kernel")


GAME = ROOT / "game"
SHARED = GAME / "engine" / "margins.py"


def test_the_engine_imports_no_bot():
    offending = {f"{path.name} imports {name}" for path in sorted((GAME / "engine").glob("*.py"))
                 for name in _imports(path) if name.startswith("game.ai")}
    assert offending == set()


def test_the_bots_shared_arithmetic_has_one_definition():
    """Ties, the value of a war, margins over the best rival and an order's fit are defined in margins.py alone."""
    import re

    shared_names = r"TIE|WAR_LOSS|WAR_MARGIN|SEARCH_WAR_MARGIN"
    defined = re.compile(rf"^(?:{shared_names})\s*=", re.M)
    helper = re.compile(r"^\s*def\s+_?(?:\w*margins?\w*|committed|fits)\s*\(", re.M)
    best_rival = re.compile(r"rival\s*=\s*-np\.inf|np\.delete\([^)]*\)\.max\(")
    found = []
    for path in sorted(GAME.rglob("*.py")):
        if path == SHARED or "ui" in path.relative_to(GAME).parts:  # the window's label layout has its own `_fits`
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)} defines {m.group(0).strip()}" for m in defined.finditer(text)]
        found += [f"{path.relative_to(ROOT)} defines {m.group(0).strip()}" for m in helper.finditer(text)
                  # greedy's lookahead and the caches of its margins call margins.py; they define no arithmetic
                  if not m.group(0).strip().startswith(("def lookahead_margin(", "def margins(",
                                                        "def single_margins(", "def deal_margins(", "def plan_margin(",
                                                        "def orders_margin("))]
        found += [f"{path.relative_to(ROOT)} computes a best rival itself" for _ in best_rival.finditer(text)]
    assert found == []
    text = SHARED.read_text(encoding="utf-8")
    for name in ("TIE", "WAR_LOSS", "SEARCH_WAR_MARGIN"):
        assert re.search(rf"^{name} = ", text, re.M), name
    for name in ("committed", "fits", "margin_over_rival", "margins_over_rivals"):
        assert re.search(rf"^def {name}\(", text, re.M), name
