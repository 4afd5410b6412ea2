"""The kernel's on-disk cache is discarded when any source it is built from changes."""

import game.engine as engine_pkg


def test_stale_machine_code_is_discarded_when_the_sources_change(tmp_path):
    engine_pkg._guard_cache(tmp_path)
    stamp = tmp_path / "kernel-sources.sha256"
    key = stamp.read_text()
    assert key == (engine_pkg._HERE / "__pycache__" / "kernel-sources.sha256").read_text()
    stale = tmp_path / "kernel.resolve_game-1.py311.nbi"
    stale.write_bytes(b"old")
    engine_pkg._guard_cache(tmp_path)
    assert stale.exists(), "an unchanged source set keeps the cache"
    stamp.write_text("a different build")
    engine_pkg._guard_cache(tmp_path)
    assert not stale.exists(), "changed sources discard the cache"
    assert stamp.read_text() == key


def test_the_sources_that_invalidate_the_cache_are_found_from_the_kernels_imports(tmp_path, monkeypatch):
    names = {p.relative_to(engine_pkg._GAME).as_posix() for p in engine_pkg.kernel_sources()}
    assert {"engine/kernel.py", "engine/native.py", "engine/tables.py", "engine/doctrine.py",
            "rules/expressions.py"} <= names, "jitted modules, a module they import without numba, the opcodes"
    assert not names & {"engine/state.py", "engine/play.py", "engine/__init__.py", "rules/compiler.py"}
    (tmp_path / "jitted.py").write_text("from numba import njit\nfrom game.engine import layout, rng\n"
                                        "def f():\n    from game.rules.expressions import (\n        Op,  # opcodes\n    )\n")
    (tmp_path / "plain.py").write_text("import numpy\nfrom game.rules import compiler\n")
    monkeypatch.setattr(engine_pkg, "_HERE", tmp_path)
    found = {p.relative_to(engine_pkg._GAME).as_posix() if p.is_relative_to(engine_pkg._GAME) else p.name
             for p in engine_pkg.kernel_sources()}
    # ... and what expressions.py itself imports
    assert found == {"jitted.py", "engine/layout.py", "engine/rng.py", "rules/expressions.py", "rules/limits.py"}
