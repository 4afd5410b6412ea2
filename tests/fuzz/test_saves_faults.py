"""Faults while saving: a file-size limit, a read-only folder, a full disk, kill -9 in the middle of a save loop.

Each fault must leave the previous save byte for byte (or, after a kill, the old or the new save whole), say so
in the refusal, and leave no temporary file once the next save has run. A fault this machine cannot make (no
tmpfs mount without privileges, root ignoring a read-only folder) is skipped with the reason.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.session import saves
from game.session.game import Game

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "mini_scenario.yaml"
LONG = "the long profile: python -m pytest -m fuzz tests/fuzz"


def long_run(request) -> bool:
    return "fuzz" in (request.config.getoption("-m") or "")


def games() -> tuple[Game, Game]:
    """Two different games of the mini scenario (turn 2 and turn 4): the save loop writes them in turn."""
    short, longer = Game.new(MINI, seed=5), Game.new(MINI, seed=5)
    short.play_turn({})
    for _ in range(3):
        longer.play_turn({})
    return short, longer


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_file_size_limit_keeps_the_previous_save(tmp_path):
    first, second = games()
    path = saves.save(first, tmp_path / "game.json")
    before = path.read_bytes()
    limit = len(before) // 2  # the new save (two turns more) cannot be written whole
    script = (f"import resource, sys; sys.path.insert(0, {str(Path.cwd())!r})\n"
              "from game.session import saves\nfrom game.session.game import Game\n"
              f"g = Game.new({str(MINI)!r}, seed=5)\n"
              "for _ in range(3): g.play_turn({})\n"
              f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
              f"try:\n    saves.save(g, {str(path)!r})\nexcept saves.SaveError as exc:\n    print(exc)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"cannot save to {path}: File too large; the previous save is untouched"
    assert path.read_bytes() == before
    assert temporaries(tmp_path) == []


def test_a_read_only_folder_keeps_the_previous_save(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root, which writes into read-only folders anyway")
    first, second = games()
    folder = tmp_path / "saves"
    path = saves.save(first, folder / "game.json")
    before = path.read_bytes()
    folder.chmod(0o555)
    try:
        with pytest.raises(saves.SaveError) as info:
            saves.save(second, path)
        assert str(info.value) == f"cannot save to {path}: Permission denied"
        assert path.read_bytes() == before
    finally:
        folder.chmod(0o755)


@pytest.fixture
def small_tmpfs(tmp_path):
    """A 64 KB tmpfs, where this process may mount one (else the test is skipped saying why)."""
    mount = tmp_path / "small"
    mount.mkdir()
    if not shutil.which("mount"):
        pytest.skip("no mount command here")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or 'mount failed'})")
    yield mount
    subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_keeps_the_previous_save(small_tmpfs):
    first, second = games()
    path = saves.save(first, small_tmpfs / "game.json")
    before = path.read_bytes()
    filler = small_tmpfs / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)  # fill what is left, so the next save cannot be written whole
    try:
        while os.write(fd, b"\0" * 1024):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    with pytest.raises(saves.SaveError) as info:
        saves.save(second, path)
    assert str(info.value) == f"cannot save to {path}: No space left on device; the previous save is untouched"
    assert path.read_bytes() == before
    assert temporaries(small_tmpfs) == []


# ---- kill -9 during a save loop ---------------------------------------------------------------------


def kill_trials(folder: Path, trials: int, seed: int) -> dict[str, int]:
    """Fork a process that saves two games in turn to one file, kill -9 it at a random moment, and check that
    the file is always one of the two saves whole; returns the counts."""
    first, second = games()
    path = folder / "game.json"
    expected = {saves.save(g, folder / f"{k}.json").read_bytes() for k, g in enumerate((first, second))}
    saves.save(first, path)
    rng = random.Random(seed)
    seen = {"trials": 0, "old or new": 0, "left temporaries": 0}
    for _ in range(trials):
        pid = os.fork()
        if pid == 0:  # the child: save forever, until killed
            try:
                k = 0
                while True:
                    saves.save((first, second)[k % 2], path)
                    k += 1
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.002, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        seen["trials"] += 1
        assert path.read_bytes() in expected, "after a kill the save is the old or the new one, whole"
        saves.load(path)
        seen["old or new"] += 1
        seen["left temporaries"] += bool(temporaries(folder))
    saves.save(first, path)  # the next save removes what the kills left
    assert temporaries(folder) == []
    seen["cleaned by the next save"] = seen["left temporaries"]
    print(f"kill -9 during saves: {seen}")  # tools/fuzz_figures.py counts these
    return seen


def test_kill_9_during_saves_leaves_the_old_or_the_new_save(tmp_path):
    if not hasattr(os, "fork"):
        pytest.skip("this system cannot fork")
    seen = kill_trials(tmp_path, trials=12, seed=9)
    assert seen["old or new"] == seen["trials"] == 12


@pytest.mark.fuzz
def test_kill_9_during_saves_long(tmp_path, request):
    if not long_run(request):
        pytest.skip(LONG)
    seen = kill_trials(tmp_path, trials=120, seed=99)
    assert seen["old or new"] == 120


def test_leftovers_are_removed_when_the_window_starts(tmp_path):
    from game.ui.settings import Store

    store = Store(tmp_path / "home")
    store.autosaves_dir.mkdir(parents=True)
    left = [store.root / ".settings.json.abcdefgh.tmp", store.saves_dir / ".mine.json.12345678.tmp",
            store.autosaves_dir / ".20250101-000000-tutorial.json.a_b_c_d_.tmp"]
    kept = store.saves_dir / "notes.tmp"
    for path in [*left, kept]:
        path.write_text("partial", encoding="utf-8")
    assert sorted(store.clean_leftovers()) == sorted(left)
    assert kept.exists() and not any(p.exists() for p in left)
