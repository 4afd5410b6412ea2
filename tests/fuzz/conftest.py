"""Shared helpers of the hostile-input suite: copies of the test pack, hostile files, a hang guard, the long profile.

`python -m pytest tests/fuzz` runs the CI-sized profile; `python -m pytest -m fuzz tests/fuzz` runs the
long one (tests marked `fuzz`, skipped otherwise).
"""

from __future__ import annotations

import os
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "mini_scenario.yaml"
LONG = "the long profile: python -m pytest -m fuzz tests/fuzz"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"fuzz: {LONG}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "fuzz" in (config.getoption("-m") or ""):
        return
    for item in items:
        if item.get_closest_marker("fuzz"):
            item.add_marker(pytest.mark.skip(reason=LONG))


@contextmanager
def within(seconds: float, what: str):
    """Fail (instead of hanging) when the block takes longer than `seconds`: a blocking read is interrupted too."""

    def expire(signum, frame):
        raise TimeoutError(f"{what} took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def mini_copy(folder: Path) -> tuple[Path, Path]:
    """An editable copy of the mini scenario and its pack in `folder`: (scenario file, the pack's content file)."""
    shutil.copytree(FIXTURES / "mini", folder / "mini")
    scenario = folder / "mini_scenario.yaml"
    shutil.copy(MINI, scenario)
    return scenario, folder / "mini" / "content.yaml"


def write_rules(path: Path, first: int, count: int) -> None:
    """`count` small valid rules (ids from `first`) in one file, one line each."""
    lines = ["rules:"] + [f"  - {{id: r{i}, name: R, effects: [{{track: alliance, add: 0}}], sources: [S0-17]}}"
                          for i in range(first, first + count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def fifo(path: Path) -> Path:
    """A named pipe at `path` (nothing ever writes to it: a blocking read would wait forever)."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("this system has no named pipes")
    os.mkfifo(path)
    return path


def link(path: Path, target: str | Path) -> Path:
    """A symbolic link at `path` to `target`."""
    try:
        path.symlink_to(target)
    except OSError as exc:
        pytest.skip(f"cannot make a symbolic link here: {exc}")
    return path


def problem_texts(problems) -> str:
    """All problems as the lines `validate` prints."""
    return "\n".join(str(p) for p in problems)
