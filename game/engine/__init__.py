"""The engine: batch state and the numba kernel that resolves turns.

numba's on-disk cache notices when a function's own file changes, but not when a constant it
imports from another file does (table layout, opcodes). Before anything here is compiled or
loaded, the sources the kernel is built from are hashed; if they differ from the hash the cache
was built with, the package's cached machine code is discarded.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

_HERE = Path(__file__).parent
_SOURCES = ("kernel.py", "policies.py", "doctrine.py", "search.py", "seats.py", "vm.py", "native.py", "rng.py", "tables.py", "layout.py",
            "../rules/expressions.py")


def _guard_cache(cache: Path = _HERE / "__pycache__") -> None:
    """Discard numba's cached machine code in `cache` unless it was built from the current sources."""
    digest = hashlib.sha256()
    for name in _SOURCES:
        digest.update((_HERE / name).read_bytes())
    stamp = cache / "kernel-sources.sha256"
    key = digest.hexdigest()
    try:
        if stamp.read_text() == key:
            return
    except OSError:
        pass
    try:
        cache.mkdir(exist_ok=True)
        for stale in list(cache.glob("*.nbi")) + list(cache.glob("*.nbc")):
            stale.unlink(missing_ok=True)
        stamp.write_text(key)
    except OSError:
        pass  # a read-only install: numba then compiles in memory without caching


_guard_cache()
