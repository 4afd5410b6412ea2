"""The engine: batch state and the numba kernel that resolves turns.

numba's on-disk cache notices when a function's own file changes, but not when a constant it
imports from another file does (table layout, opcodes), nor when a function it calls from another
file does (a bot's kernel policy called by the batch dispatch). Before anything here is compiled or
loaded, the sources the kernel is built from (found from the imports of the modules with jitted
code here and in `game.ai`, `kernel_sources`) are hashed; if they differ from the hash the cache
was built with, the cached machine code of both packages is discarded.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

_HERE = Path(__file__).parent
_GAME = _HERE.parent
_BOTS = _GAME / "ai"  # the bots' kernel policies and the batch dispatch are jitted too
_JITTED = (_HERE, _BOTS)  # the folders whose modules may hold jitted code
# Layers no jitted code reads: a bot module's adapter imports the session, and the session's files are not
# what its machine code is built from.
_NOT_KERNEL = ("game.session.", "game.ui.", "game.cli.", "game.analysis.", "game.classroom.", "game.export.")


_FROM = re.compile(r"^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.M)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w., \t]+)", re.M)


def _imports(path: Path) -> set[str]:
    """Every module a file imports (and every name it imports from one), at the top or inside a function.

    Read with regular expressions, not `ast`: this runs on every start and parsing the engine takes 150 ms.
    """
    text = path.read_text(encoding="utf-8")
    names = set()
    for module, imported in _FROM.findall(text):
        names.add(module)
        names |= {f"{module}.{word.split()[0]}" for word in imported.strip("()").replace("\n", " ").split(",")
                  if word.split() and not word.strip().startswith("#")}
    for listed in _IMPORT.findall(text):
        names |= {word.split()[0] for word in listed.split(",") if word.split()}
    return names


def _game_file(module: str) -> Path | None:
    """The file of a `game` module, None for anything else (or for a name imported from a module)."""
    if not module.startswith("game.") or module.startswith(_NOT_KERNEL):
        return None
    file = _GAME.joinpath(*module.split(".")[1:]).with_suffix(".py")
    return file if file.is_file() else None


def kernel_sources() -> list[Path]:
    """The files the kernel's machine code is built from: every engine and bot module that uses numba, and every
    module of `game` below the session they import, directly or through one another."""
    imports = {p: _imports(p) for folder in _JITTED for p in folder.glob("*.py")}
    todo = [p for p, names in imports.items() if any(n == "numba" or n.startswith("numba.") for n in names)]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path not in seen:
            seen.add(path)
            names = imports.get(path) or _imports(path)
            todo += [f for f in map(_game_file, names) if f is not None and f not in seen]
    return sorted(seen)


def _guard_cache(*caches: Path) -> None:
    """Discard numba's cached machine code in `caches` (default: the engine's and the bots') unless it was built
    from the current sources; the stamp of the sources is kept in the first."""
    caches = caches or tuple(folder / "__pycache__" for folder in _JITTED)
    cache = caches[0]
    digest = hashlib.sha256()
    for path in kernel_sources():
        digest.update(path.relative_to(_GAME).as_posix().encode() + b"\0" + path.read_bytes())
    stamp = cache / "kernel-sources.sha256"
    key = digest.hexdigest()
    try:
        if stamp.read_text() == key:
            return
    except OSError:
        pass
    try:
        cache.mkdir(exist_ok=True)
        for folder in caches:
            for stale in list(folder.glob("*.nbi")) + list(folder.glob("*.nbc")):
                stale.unlink(missing_ok=True)
        stamp.write_text(key)
    except OSError:
        pass  # a read-only install: numba then compiles in memory without caching


_guard_cache()
