"""Engine benchmark: single-game turn latency, batch throughput, rule compile time, peak memory.

    python benchmarks/engine.py [--scenario ID] [--json] [--quick]

Batch figures use random legal orders chosen by the kernel each turn. Two ways are measured:
`turn by turn` (choose orders for the whole batch, then resolve the batch: what a front end or
an experiment stepping turn by turn pays) and `rollout` (each game plays its turns in one pass
while its row stays in cache: what bots' rollouts and Monte-Carlo analysis use). The last figures
play every seat with a bot's kernel policy, turn by turn, as `main.py analyze` does: random and the
greedy one-turn lookahead, each with proposals off (the seats fill alone) and on (the bots'
negotiation round first, what analyze does by default).
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

from game.engine import native  # noqa: E402
from game.engine import state as engine  # noqa: E402
from game.engine.tables import HEADER, lowered, native_source  # noqa: E402
from game.ai.batch import Policy, policy_orders  # noqa: E402
from game.rules.compiler import compile_file  # noqa: E402
from game.scenarios import find_scenario  # noqa: E402
from game.session.game import Game  # noqa: E402


GREEDY_GAMES = 1000  # batch size of the greedy figures
POLICY_GAMES = 100_000  # batch size of the random-policy figures


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


def turn_by_turn_pass(rules, games: int, seed0: int) -> tuple[int, float]:
    """One batch played to the end choosing random legal orders and resolving, a turn of the batch at a
    time: (game-turns, seconds)."""
    state = engine.new_state(rules, np.arange(seed0, seed0 + games))
    orders = engine.empty_orders(rules, games)
    turns = 0
    t0 = time.perf_counter()
    for _ in range(rules.n_turns):
        turns += int((state.ints[:, 1] == 0).sum())
        engine.kernel.random_orders_batch(*lowered(rules), state.x, state.ints, state.seeds, orders)
        engine.resolve(rules, state, orders)
    return turns, time.perf_counter() - t0


def policy_pass(policy: Policy, proposals: bool):
    """A pass of one batch played to the end with every seat `policy`, a turn of the batch at a time, the bots
    negotiating first when `proposals`: play(rules, games, seed0) -> (game-turns, seconds)."""
    def play(rules, games: int, seed0: int) -> tuple[int, float]:
        state = engine.new_state(rules, np.arange(seed0, seed0 + games))
        every = [policy] * len(rules.factions)
        turns = 0
        t0 = time.perf_counter()
        for _ in range(rules.n_turns):
            turns += int((state.ints[:, 1] == 0).sum())
            engine.resolve(rules, state, policy_orders(rules, state, every, proposals=proposals))
        return turns, time.perf_counter() - t0
    return play




def rollout_pass(rules, games: int, seed0: int) -> tuple[int, float]:
    """One batch played to the end in one kernel pass per game: (game-turns, seconds)."""
    state = engine.new_state(rules, np.arange(seed0, seed0 + games))
    t0 = time.perf_counter()
    turns = engine.rollout(rules, state)
    return turns, time.perf_counter() - t0


def throughput(play, rules, games: int, reps: int) -> tuple[float, float]:
    """(median, best) game-turns per second over `reps` repetitions of at least 0.2 s of play each.

    On a shared machine other work only ever slows a repetition down, so the best one shows what
    the engine can do and the median what a run typically gets.
    """
    rates, seed0 = [], 0
    for _ in range(reps):
        turns, elapsed = 0, 0.0
        while elapsed < 0.2:
            t, e = play(rules, games, seed0)
            seed0 += games
            turns, elapsed = turns + t, elapsed + e
        rates.append(turns / elapsed)
    return float(np.median(rates)), max(rates)


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
    src = native_source(rules.tables, lowered(rules).ti[:HEADER])
    t0 = time.perf_counter()
    native.object_code(src, native._machine())  # what a scenario's first run pays, before its rules are cached
    native_compile_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    engine.rollout(rules, engine.new_state(rules, np.arange(4)))  # load (or build) the kernel's machine code
    policy_pass(Policy.GREEDY, True)(rules, 1, 0)  # and the bots' policies'
    kernel_load_s = time.perf_counter() - t0

    calls = 2000 if args.quick else 20000
    figures = {
        "scenario": rules.id,
        "tracks": len(rules.tracks),
        "actions": len(rules.actions),
        "effects": len(rules.effects),
        "compile_rules_ms": round(1000 * float(np.median(compile_times)), 1),
        "native_compile_ms": round(1000 * native_compile_s, 1),
        "first_compile_ms": round(1000 * first_compile_s, 1),
        "kernel_load_ms": round(1000 * kernel_load_s, 1),
        "single_turn_us": round(single_turn(rules, False, calls), 2),
        "single_turn_explained_us": round(single_turn(rules, True, calls), 2),
        "session_turn_us": round(session_turn(rules, 200 if args.quick else 1000), 1),
        "batch_game_turns_per_s": {},  # median of the repetitions
        "batch_game_turns_per_s_best": {},
        "rollout_game_turns_per_s": {},
        "rollout_game_turns_per_s_best": {},
    }
    reps = 2 if args.quick else 7
    for games in (1, 1000, 100_000):
        for key, play in (("batch_game_turns_per_s", turn_by_turn_pass), ("rollout_game_turns_per_s", rollout_pass)):
            median, best = throughput(play, rules, games, reps)
            figures[key][str(games)] = round(median)
            figures[key + "_best"][str(games)] = round(best)
    greedy_reps = 1 if args.quick else 3  # a greedy pass over 1,000 games takes seconds, not milliseconds
    for name, policy, games, n in (("random", Policy.RANDOM, POLICY_GAMES, reps),
                                   ("greedy", Policy.GREEDY, GREEDY_GAMES, greedy_reps)):
        for proposals in (False, True):
            median, best = throughput(policy_pass(policy, proposals), rules, games, n)
            key = f"{name}_game_turns_per_s" + ("" if proposals else "_no_proposals")
            figures[key] = {str(games): round(median)}
            figures[key + "_best"] = {str(games): round(best)}
    figures["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    if args.json:
        print(json.dumps(figures, indent=1))
        return 0
    print(f"scenario {figures['scenario']}: {figures['tracks']} tracks, {figures['actions']} actions, "
          f"{figures['effects']} effect rows")
    print(f"compile rules (YAML -> tables): {figures['compile_rules_ms']} ms median "
          f"(first, with imports: {figures['first_compile_ms']} ms); kernel load: {figures['kernel_load_ms']} ms")
    print(f"rules to machine code, uncached (a scenario's first run): {figures['native_compile_ms']} ms")
    print(f"single-game turn, kernel: {figures['single_turn_us']} us median; "
          f"with explanations: {figures['single_turn_explained_us']} us")
    print(f"single-game turn through the session (kernel + TurnReport): {figures['session_turn_us']} us median")
    print(f"batch throughput, random legal orders (game-turns per second; median and best of {reps} repetitions):")
    print(f"  {'games':>8}  {'turn by turn':>25}  {'rollout':>25}")
    for games in ("1", "1000", "100000"):
        cells = [f"{figures[key][games]:>11,} / {figures[key + '_best'][games]:>11,}"
                 for key in ("batch_game_turns_per_s", "rollout_game_turns_per_s")]
        print(f"  {games:>8}  {cells[0]:>25}  {cells[1]:>25}")
    print("every seat one bot's kernel policy, turn by turn (game-turns per second, median / best; proposals off, on):")
    for name, games, n in (("random", POLICY_GAMES, reps), ("greedy", GREEDY_GAMES, greedy_reps)):
        g, key = str(games), f"{name}_game_turns_per_s"
        off, on = figures[key + "_no_proposals"][g], figures[key][g]
        print(f"  {name:<7} {games:>8,} games: off {off:>11,} / {figures[key + '_no_proposals_best'][g]:>11,}   "
              f"on {on:>11,} / {figures[key + '_best'][g]:>11,}   ({100 * (on / off - 1):+.0f}%, {n} repetitions)")
    print(f"peak memory: {figures['peak_memory_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
