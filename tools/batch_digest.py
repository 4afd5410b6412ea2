"""Fingerprints of seeded batch games of every shipped scenario, to show a change to the engine alters no result.

    python tools/batch_digest.py                    # print one digest per scenario and way of playing
    python tools/batch_digest.py --write FILE       # keep them (JSON)
    python tools/batch_digest.py --compare FILE     # exit 1 naming every digest that differs
    python tools/batch_digest.py --no-proposals ... # the bots do not negotiate (as before they could)

Each scenario is played several ways from the same seeds: random legal orders in one kernel pass per
game (`rollout`), random legal orders chosen and resolved a turn of the batch at a time, every
seat greedy, turn by turn (fewer games: a greedy turn looks ahead), every combination of the
factions' doctrines, every seat `search:easy` (fewer games still) and one seat of each kind side by
side. The seats are the registry's (`game.ai.seat_policy`), so a bot's batch policy is what is
fingerprinted. A digest is the sha256 of the final track values, integer columns and scores, so one
differing bit in any game changes it.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.ai import seat_policy  # noqa: E402
from game.ai.batch import Policy, policy_orders  # noqa: E402
from game.engine import state as engine  # noqa: E402
from game.scenarios import list_scenarios, load_rules  # noqa: E402


def _digest(rules, state: engine.BatchState) -> str:
    digest = hashlib.sha256()
    for arr in (state.x, state.ints, engine.scores(rules, state)):
        digest.update(np.ascontiguousarray(arr).tobytes())
    return digest.hexdigest()


def _seated(rules, specs: list[str], seeds: np.ndarray, proposals: bool = True) -> engine.BatchState:
    """A batch played to its end with one bot seat spec per faction."""
    chosen = [seat_policy(spec, rules, f.id) for spec, f in zip(specs, rules.factions)]
    state = engine.new_state(rules, seeds)
    for _ in range(rules.n_turns):
        engine.resolve(rules, state, policy_orders(rules, state, chosen, proposals=proposals))
    return state


def digests(games: int = 3000, greedy_games: int = 200, search_games: int = 20,
            proposals: bool = True) -> dict[str, str]:
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
            engine.resolve(rules, state, policy_orders(rules, state, every, proposals=proposals))
        out[f"{rules.id}/greedy"] = _digest(rules, state)
        each = [[f"doctrine:{d.id.removeprefix(f.id + '.')}" for d in rules.doctrines_of(f.id)] for f in rules.factions]
        for specs in itertools.product(*each):
            state = _seated(rules, list(specs), np.arange(2 * games, 3 * games), proposals)
            out[f"{rules.id}/{'+'.join(specs)}"] = _digest(rules, state)
        state = _seated(rules, ["search:easy"] * len(rules.factions), np.arange(search_games), proposals)
        out[f"{rules.id}/search:easy"] = _digest(rules, state)
        mixed = (["search:easy", "greedy", "doctrine", "random"] * len(rules.factions))[: len(rules.factions)]
        state = _seated(rules, mixed, np.arange(search_games, 2 * search_games), proposals)
        out[f"{rules.id}/{'+'.join(mixed)}"] = _digest(rules, state)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="keep the digests in this JSON file")
    parser.add_argument("--compare", type=Path, help="compare with digests kept earlier; exit 1 if any differs")
    parser.add_argument("--games", type=int, default=3000)
    parser.add_argument("--greedy-games", type=int, default=200)
    parser.add_argument("--search-games", type=int, default=20)
    parser.add_argument("--no-proposals", action="store_true", help="the bots do not negotiate joint moves")
    args = parser.parse_args()
    found = digests(args.games, args.greedy_games, args.search_games, not args.no_proposals)
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
