"""Fingerprints of seeded batch games of every shipped scenario, to show a change to the engine alters no result.

    python tools/batch_digest.py                    # print one digest per scenario and way of playing
    python tools/batch_digest.py --write FILE       # keep them (JSON)
    python tools/batch_digest.py --compare FILE     # exit 1 naming every digest that differs

Each scenario is played three ways from the same seeds: random legal orders in one kernel pass per
game (`rollout`), random legal orders chosen and resolved a turn of the batch at a time, and every
seat greedy, turn by turn (fewer games: a greedy turn looks ahead). A digest is the sha256 of the
final track values, integer columns and scores, so one differing bit in any game changes it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.engine import state as engine  # noqa: E402
from game.engine.play import Policy, policy_orders  # noqa: E402
from game.scenarios import list_scenarios, load_rules  # noqa: E402


def _digest(rules, state: engine.BatchState) -> str:
    digest = hashlib.sha256()
    for arr in (state.x, state.ints, engine.scores(rules, state)):
        digest.update(np.ascontiguousarray(arr).tobytes())
    return digest.hexdigest()


def digests(games: int = 3000, greedy_games: int = 200) -> dict[str, str]:
    """`scenario/way` -> digest of the final arrays."""
    out: dict[str, str] = {}
    for entry in list_scenarios():
        rules = load_rules(entry.path)
        state = engine.new_state(rules, np.arange(games))
        engine.rollout(rules, state)
        out[f"{rules.id}/rollout"] = _digest(rules, state)
        state = engine.new_state(rules, np.arange(games, 2 * games))
        for _ in range(rules.n_turns):
            engine.resolve(rules, state, engine.random_orders(rules, state))
        out[f"{rules.id}/turn_by_turn"] = _digest(rules, state)
        state = engine.new_state(rules, np.arange(greedy_games))
        every = [Policy.GREEDY] * len(rules.factions)
        for _ in range(rules.n_turns):
            engine.resolve(rules, state, policy_orders(rules, state, every))
        out[f"{rules.id}/greedy"] = _digest(rules, state)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="keep the digests in this JSON file")
    parser.add_argument("--compare", type=Path, help="compare with digests kept earlier; exit 1 if any differs")
    parser.add_argument("--games", type=int, default=3000)
    parser.add_argument("--greedy-games", type=int, default=200)
    args = parser.parse_args()
    found = digests(args.games, args.greedy_games)
    for key, value in found.items():
        print(f"{key}\t{value}")
    if args.write:
        args.write.write_text(json.dumps(found, indent=1) + "\n")
    if args.compare:
        kept = json.loads(args.compare.read_text())
        differ = sorted(k for k in kept.keys() | found.keys() if kept.get(k) != found.get(k))
        for key in differ:
            print(f"differs: {key}", file=sys.stderr)
        if differ:
            return 1
        print(f"all {len(found)} digests match {args.compare}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
