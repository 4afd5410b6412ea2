"""Engine benchmark: single-game turn latency, batch throughput, rule compile time, peak memory.

    python benchmarks/engine.py [--scenario ID] [--json] [--quick]

Batch figures use random legal orders chosen by the kernel each turn. Two ways are measured:
`turn by turn` (choose orders for the whole batch, then resolve the batch: what a front end or
an experiment stepping turn by turn pays) and `rollout` (each game plays its turns in one pass
while its row stays in cache: what bots' rollouts and Monte-Carlo analysis use).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.engine import state as engine  # noqa: E402
from game.rules.compiler import compile_file  # noqa: E402
from game.scenarios import find_scenario  # noqa: E402
from game.session.game import Game  # noqa: E402


def median_us(samples_ns: list[int]) -> float:
    return float(np.median(samples_ns)) / 1000.0


def single_turn(rules, explain: bool, calls: int) -> float:
    """Median microseconds of one kernel call resolving one game's turn (turns 1..n, random legal orders)."""
    start = engine.new_state(rules, np.arange(64))
    cases = []
    state = start.copy()
    for _ in range(rules.n_turns):
        orders = engine.random_orders(rules, state)
        cases.append((state.copy(), orders))
        engine.resolve(rules, state, orders)
    single = engine.SingleGame(rules)
    game = engine.new_state(rules, [0])
    samples = []
    for i in range(calls):
        snapshot, orders = cases[i % len(cases)]
        k = (i // len(cases)) % snapshot.games
        game.x[0] = snapshot.x[k]
        game.ints[0] = snapshot.ints[k]
        game.seeds[0] = snapshot.seeds[k]
        one = orders[k : k + 1]
        t0 = time.perf_counter_ns()
        single.resolve(game, one, explain=explain)
        samples.append(time.perf_counter_ns() - t0)
    return median_us(samples)


def session_turn(rules, calls: int) -> float:
    """Median microseconds of Game.resolve (kernel + explanation decoding into a TurnReport)."""
    samples = []
    for i in range(calls):
        game = Game(rules, i)
        for _ in range(i % rules.n_turns):
            if game.is_over:
                break
            game.play_turn({})
        if game.is_over:
            continue
        for f in game.factions:
            game.commit(f)
        t0 = time.perf_counter_ns()
        game.resolve()
        samples.append(time.perf_counter_ns() - t0)
    return median_us(samples)


def batch_turn_by_turn(rules, games: int, min_seconds: float) -> float:
    """Game-turns per second choosing random legal orders and resolving, one turn of the batch at a time."""
    total_turns, elapsed = 0, 0.0
    seed0 = 0
    while elapsed < min_seconds:
        state = engine.new_state(rules, np.arange(seed0, seed0 + games))
        seed0 += games
        orders = engine.empty_orders(rules, games)
        t0 = time.perf_counter()
        for _ in range(rules.n_turns):
            running = int((state.ints[:, 1] == 0).sum())
            engine.kernel.random_orders_batch(rules.ti, rules.tf, state.x, state.ints, state.seeds, orders)
            engine.resolve(rules, state, orders)
            total_turns += running
        elapsed += time.perf_counter() - t0
    return total_turns / elapsed


def batch_rollout(rules, games: int, min_seconds: float) -> float:
    """Game-turns per second playing whole games of random legal orders in one kernel pass per game."""
    total_turns, elapsed = 0, 0.0
    seed0 = 10**9
    while elapsed < min_seconds:
        state = engine.new_state(rules, np.arange(seed0, seed0 + games))
        seed0 += games
        t0 = time.perf_counter()
        total_turns += engine.rollout(rules, state)
        elapsed += time.perf_counter() - t0
    return total_turns / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="crossroads_2025")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (for a smoke run)")
    args = parser.parse_args()
    path = find_scenario(args.scenario)

    t0 = time.perf_counter()
    rules = compile_file(path)
    first_compile_s = time.perf_counter() - t0
    compile_times = []
    for _ in range(3 if args.quick else 7):
        t0 = time.perf_counter()
        compile_file(path)
        compile_times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    engine.rollout(rules, engine.new_state(rules, np.arange(4)))  # load (or build) the kernel's machine code
    kernel_load_s = time.perf_counter() - t0

    calls = 2000 if args.quick else 20000
    figures = {
        "scenario": rules.id,
        "tracks": len(rules.tracks),
        "actions": len(rules.actions),
        "effects": len(rules.effects),
        "compile_rules_ms": round(1000 * float(np.median(compile_times)), 1),
        "first_compile_ms": round(1000 * first_compile_s, 1),
        "kernel_load_ms": round(1000 * kernel_load_s, 1),
        "single_turn_us": round(single_turn(rules, False, calls), 2),
        "single_turn_explained_us": round(single_turn(rules, True, calls), 2),
        "session_turn_us": round(session_turn(rules, 200 if args.quick else 1000), 1),
        "batch_game_turns_per_s": {},
        "rollout_game_turns_per_s": {},
    }
    seconds = 0.3 if args.quick else 2.0
    for games in (1, 1000, 100_000):
        figures["batch_game_turns_per_s"][str(games)] = round(batch_turn_by_turn(rules, games, seconds))
        figures["rollout_game_turns_per_s"][str(games)] = round(batch_rollout(rules, games, seconds))
    figures["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    if args.json:
        print(json.dumps(figures, indent=1))
        return 0
    print(f"scenario {figures['scenario']}: {figures['tracks']} tracks, {figures['actions']} actions, "
          f"{figures['effects']} effect rows")
    print(f"compile rules (YAML -> tables): {figures['compile_rules_ms']} ms median "
          f"(first, with imports: {figures['first_compile_ms']} ms); kernel load: {figures['kernel_load_ms']} ms")
    print(f"single-game turn, kernel: {figures['single_turn_us']} us median; "
          f"with explanations: {figures['single_turn_explained_us']} us")
    print(f"single-game turn through the session (kernel + TurnReport): {figures['session_turn_us']} us median")
    print("batch throughput, random legal orders (game-turns per second):")
    print(f"  {'games':>8}  {'turn by turn':>14}  {'rollout':>14}")
    for games in ("1", "1000", "100000"):
        print(f"  {games:>8}  {figures['batch_game_turns_per_s'][games]:>14,}  {figures['rollout_game_turns_per_s'][games]:>14,}")
    print(f"peak memory: {figures['peak_memory_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
