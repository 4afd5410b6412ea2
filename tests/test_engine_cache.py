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


def test_a_changed_bot_policy_discards_the_machine_code_of_both_packages(tmp_path, monkeypatch):
    engine_dir, bots_dir = tmp_path / "engine", tmp_path / "ai"
    engine_dir.mkdir()
    bots_dir.mkdir()
    (engine_dir / "jitted.py").write_text("from numba import njit\n")
    policy = bots_dir / "policy.py"
    policy.write_text("from numba import njit\nWEIGHT = 1\n")
    monkeypatch.setattr(engine_pkg, "_JITTED", (engine_dir, bots_dir))
    monkeypatch.setattr(engine_pkg, "_GAME", tmp_path)
    caches = (tmp_path / "engine-cache", tmp_path / "ai-cache")
    for cache in caches:
        cache.mkdir()
    engine_pkg._guard_cache(*caches)
    stale = [cache / "f-1.py311.nbi" for cache in caches]
    for file in stale:
        file.write_bytes(b"old")
    engine_pkg._guard_cache(*caches)
    assert all(file.exists() for file in stale), "unchanged sources keep both caches"
    policy.write_text("from numba import njit\nWEIGHT = 2\n")
    engine_pkg._guard_cache(*caches)
    assert not any(file.exists() for file in stale), "a bot's changed policy discards both"


def test_the_sources_that_invalidate_the_cache_are_found_from_the_kernels_imports(tmp_path, monkeypatch):
    names = {p.relative_to(engine_pkg._GAME).as_posix() for p in engine_pkg.kernel_sources()}
    assert {"engine/kernel.py", "engine/native.py", "engine/tables.py", "engine/margins.py", "engine/native_calls.py",
            "rules/expressions.py"} <= names, "jitted modules, a module they import without numba, the opcodes"
    assert {"ai/batch.py", "ai/random_bot.py", "ai/greedy.py", "ai/doctrine.py", "ai/search.py"} <= names, \
        "every bot's kernel policy and the batch dispatch that calls them"
    assert not names & {"engine/__init__.py", "ai/__init__.py", "rules/compiler.py"}
    assert not any(n.startswith(("session/", "ui/", "cli/", "analysis/")) for n in names), \
        "the adapters' session imports are not machine-code sources"
    (tmp_path / "jitted.py").write_text("from numba import njit\nfrom game.engine import layout, rng\n"
                                        "def f():\n    from game.rules.expressions import (\n        Op,  # opcodes\n    )\n")
    (tmp_path / "plain.py").write_text("import numpy\nfrom game.rules import compiler\n")
    monkeypatch.setattr(engine_pkg, "_JITTED", (tmp_path,))
    found = {p.relative_to(engine_pkg._GAME).as_posix() if p.is_relative_to(engine_pkg._GAME) else p.name
             for p in engine_pkg.kernel_sources()}
    # ... and what expressions.py itself imports
    assert found == {"jitted.py", "engine/layout.py", "engine/rng.py", "rules/expressions.py", "rules/limits.py"}


def test_a_planted_object_file_is_compiled_again_not_run(tmp_path, monkeypatch, native_loader):
    import hashlib

    from game.engine import native

    cache = tmp_path / "cache"
    monkeypatch.setenv("PACIFIC_TRILEMMA_CACHE", str(cache))
    load, compiled = native_loader
    first = load()
    key = native.key_path()
    assert key.parent == tmp_path / "config" and not key.is_relative_to(cache), "the key is not in the cache"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    assert load() == first and len(compiled) == 1, "a file signed with the key is loaded"
    cached = next(cache.glob("*.o"))
    body = cached.read_bytes()[32:]
    cached.write_bytes(hashlib.sha256(body).digest() + body)  # what the old, unkeyed check accepted
    assert load() == first and len(compiled) == 2, "a file not signed with the key is compiled again"
    assert load() == first and len(compiled) == 2, "and the recompiled file is signed"
    key.write_bytes(b"k" * 32)  # another user's key, or a new one: every old file fails the check
    assert load() == first and len(compiled) == 3


def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path, monkeypatch, native_loader, capsys):
    cache = tmp_path / "shared-cache"
    cache.mkdir()
    cache.chmod(0o777)
    monkeypatch.setenv("PACIFIC_TRILEMMA_CACHE", str(cache))
    load, compiled = native_loader
    first = load()
    assert load() == first and len(compiled) == 2, "compiled each time, never cached"
    assert not list(cache.iterdir())
    err = capsys.readouterr().err
    assert err == (f"pacific-trilemma: compiled rules are not cached: the cache folder {cache} "
                   "is writable by others (mode 777)\n"), "said once"


def test_a_key_file_others_can_read_is_not_used(tmp_path, monkeypatch, native_loader, capsys):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PACIFIC_TRILEMMA_CACHE", str(cache))
    load, compiled = native_loader
    load()
    from game.engine import native

    native.key_path().chmod(0o644)
    load()
    assert len(compiled) == 2
    assert capsys.readouterr().err == (f"pacific-trilemma: compiled rules are not cached: the key file "
                                       f"{native.key_path()} is readable by others (mode 644)\n")
