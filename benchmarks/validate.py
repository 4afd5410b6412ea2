"""Validate benchmark: how long `python main.py validate` takes an author, warm and after editing a move.

    python benchmarks/validate.py [--runs N] [--json] [--check]

`warm` runs `python main.py validate` on every shipped scenario and pack, as it is, after one
run to warm the interpreter's caches. `after an edit` copies the shipped scenarios and the base
pack to a temporary folder (the scenarios naming the copy), then before each run changes one
number in the copy's `moves/us.yaml` (a move's budget cost) and validates the copy: what an
author pays after saving a change. Each figure is the wall time of the whole command, as a new
process; the median and the best of the runs are shown (on a shared machine other work only ever
slows a run down). `--check` exits 1 when a median is over the targets (1 s warm, 1.5 s after an edit).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "game" / "scenarios"
BASE = ROOT / "game" / "rules" / "content" / "base"
TARGETS = {"warm_s": 1.0, "after_edit_s": 1.5}
_BUDGET = re.compile(r"budget: (\d+)\}")


def _validate(*paths: Path) -> float:
    """Seconds `python main.py validate PATHS` takes; fails unless it finds no problems."""
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "main.py", "validate", *map(str, paths)], cwd=ROOT, capture_output=True,
                          text=True)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0 or not done.stdout.startswith("ok:"):
        raise SystemExit(f"validate failed:\n{done.stdout}{done.stderr}")
    return elapsed


def _copy(folder: Path) -> tuple[Path, Path]:
    """The shipped scenarios and base pack copied into `folder`, the scenarios using the copy (a pack beside a
    scenario, in its folder: `content:` may not lead out of it)."""
    scenarios = folder / "scenarios"
    pack = scenarios / "edited_base"
    shutil.copytree(BASE, pack)
    for path in sorted(SCENARIOS.glob("*.yaml")):
        text = re.sub(r"(?m)^content: base$", "content: ./edited_base", path.read_text(encoding="utf-8"))
        (scenarios / path.name).write_text(text, encoding="utf-8")
    return scenarios, pack


def _edit(moves: Path, run: int) -> None:
    """Change the first move's budget cost in the file (a different number on each run)."""
    text = moves.read_text(encoding="utf-8")
    match = _BUDGET.search(text)
    assert match is not None, f"no budget cost in {moves}"
    value = 2 + run % 2 if match.group(1) in ("2", "3") else int(match.group(1)) + 1
    moves.write_text(text[: match.start(1)] + str(value) + text[match.end(1):], encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--check", action="store_true", help="exit 1 if a median is over its target")
    args = parser.parse_args()

    _validate()  # warm the interpreter's bytecode caches
    warm = [_validate() for _ in range(args.runs)]
    with tempfile.TemporaryDirectory(prefix="pt-validate-") as tmp:
        scenarios, pack = _copy(Path(tmp))
        _validate(scenarios, pack)
        edited = []
        for run in range(args.runs):
            _edit(pack / "moves" / "us.yaml", run)
            edited.append(_validate(scenarios, pack))
    figures = {"warm_s": round(float(np.median(warm)), 3), "warm_best_s": round(min(warm), 3),
               "after_edit_s": round(float(np.median(edited)), 3), "after_edit_best_s": round(min(edited), 3),
               "runs": args.runs}
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print(f"validate, every shipped scenario and pack, warm: {figures['warm_s']} s median "
              f"(best {figures['warm_best_s']} s; target {TARGETS['warm_s']} s)")
        print(f"validate after editing one number in moves/us.yaml: {figures['after_edit_s']} s median "
              f"(best {figures['after_edit_best_s']} s; target {TARGETS['after_edit_s']} s)")
    over = [key for key, limit in TARGETS.items() if figures[key] > limit]
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
