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
