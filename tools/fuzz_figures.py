"""Run the hostile-input and fault-injection suite (tests/fuzz) and count its figures per kind of input.

    python tools/fuzz_figures.py            # the long profile: every class, the long generators, 120 kills
    python tools/fuzz_figures.py --ci       # the CI-sized profile (12 kills, short generators)
    python tools/fuzz_figures.py --json     # the figures as one JSON object

Each test case of tests/fuzz is one class of input (a parametrized case is a class of its own), asserting
the message a bad input gets. A failed case is counted as a **traceback** when an exception other than a
failed assertion escaped (the input reached the user as a traceback, or a RecursionError, MemoryError …),
a **hang** when the suite's hang guard (tests/fuzz/conftest.py `within`) stopped it, a **silent acceptance**
when a refusal was expected and none came (`DID NOT RAISE`, or an assertion that the input was refused),
and a **wrong message** otherwise (refused, but not as the test asserts). Cases the system cannot run (no
tmpfs to mount, running as root) are counted as skipped, with their reasons. The kill -9 trials are read
from the line the save-loop tests print. Exit status 1 if any case failed.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "tests" / "fuzz"
KINDS = {  # test module -> the kind of input it attacks
    "test_cli_fuzz": "CLI and API", "test_api_fuzz": "CLI and API", "test_window_fuzz": "CLI and API",
    "test_saves_fuzz": "saves", "test_saves_faults": "disk faults",
    "test_content_files": "content", "test_content_limits": "content", "test_content_mutations": "content",
    "test_content_paths": "content",
}
COLUMNS = ("classes", "passed", "tracebacks", "hangs", "silent", "wrong message", "skipped")
KILLS = re.compile(r"kill -9 during saves: (\{.*\})")


def kind_of(nodeid: str) -> str:
    return KINDS.get(Path(nodeid.split("::")[0]).stem, "other")


def failure_kind(report: pytest.TestReport) -> str:
    """How a failed case failed: traceback, hangs, silent or wrong message."""
    text = str(report.longrepr)
    crash = getattr(report.longrepr, "reprcrash", None)
    message = crash.message if crash is not None else text.splitlines()[-1] if text else ""
    if "TimeoutError" in message and "took more than" in message:
        return "hangs"
    if "DID NOT RAISE" in message or re.search(r"\b(accepted|silently)\b", message):
        return "silent"
    if not message.startswith(("AssertionError", "assert ", "Failed")) or "Traceback" in message:
        return "tracebacks"
    return "wrong message"


class Figures:
    """A pytest plugin that counts each case's outcome by kind, and the kill trials printed."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.failed: list[tuple[str, str, str]] = []
        self.skips: Counter = Counter()
        self.kills: Counter = Counter()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        kind = kind_of(report.nodeid)
        if report.when == "call" or (report.when == "setup" and not report.passed):
            if report.skipped:
                self.counts[kind]["skipped"] += 1
                reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
                self.skips[f"{kind}: {reason.removeprefix('Skipped: ')}"] += 1
                return
            self.counts[kind]["classes"] += 1
            if report.passed:
                self.counts[kind]["passed"] += 1
            else:
                how = failure_kind(report)
                self.counts[kind][how] += 1
                self.failed.append((report.nodeid, how, str(report.longrepr).splitlines()[-1][:200]))
        if report.when == "call":
            for found in KILLS.finditer(report.capstdout or ""):
                self.kills.update(ast.literal_eval(found[1]))

    def to_json(self) -> dict:
        return {"kinds": {k: {c: self.counts[k][c] for c in COLUMNS} for k in sorted(self.counts)},
                "kill_9": dict(self.kills), "skipped": dict(self.skips),
                "failed": [{"case": n, "as": how, "message": m} for n, how, m in self.failed]}


def table(figures: Figures) -> list[str]:
    widths = [14] + [max(8, len(c)) for c in COLUMNS]
    lines = ["  ".join(f"{h:>{w}}" if k else f"{h:<{w}}" for k, (h, w) in enumerate(zip(("kind",) + COLUMNS, widths)))]
    total: Counter = Counter()
    for kind in sorted(figures.counts):
        row = figures.counts[kind]
        total.update(row)
        lines.append("  ".join([f"{kind:<{widths[0]}}"] + [f"{row[c]:>{w}}" for c, w in zip(COLUMNS, widths[1:])]))
    lines.append("  ".join([f"{'all':<{widths[0]}}"] + [f"{total[c]:>{w}}" for c, w in zip(COLUMNS, widths[1:])]))
    k = figures.kills
    if k:
        lines.append(f"kill -9 during a save loop: {k['trials']} trials, {k['old or new']} left the old or the new "
                     f"save whole and loadable, {k['left temporaries']} left a temporary file, all "
                     f"{k['cleaned by the next save']} removed by the next save")
    for reason, n in sorted(figures.skips.items()):
        lines.append(f"skipped ({n}): {reason}")
    for nodeid, how, message in figures.failed:
        lines.append(f"FAILED as {how}: {nodeid}: {message}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ci", action="store_true", help="the CI-sized profile instead of the long one")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("pytest_args", nargs="*", help="more arguments for pytest (e.g. -k saves)")
    args = parser.parse_args(argv)
    figures = Figures()
    select = [] if args.ci else ["-m", "fuzz or not fuzz"]  # a -m naming fuzz turns the long profile on
    status = pytest.main([str(SUITE), *select, "-q", "-p", "no:cacheprovider", *args.pytest_args], plugins=[figures])
    print(json.dumps(figures.to_json(), indent=1) if args.json else "\n".join(table(figures)))
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
