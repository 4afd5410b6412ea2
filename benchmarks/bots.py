"""Bot benchmark: decision latency of every bot and level, and the search's rollouts per second.

    python benchmarks/bots.py [--scenario ID] [--positions N] [--json]

Each bot decides for every faction in N positions of one game (turn 1, then the positions after
random play), through the same `Bot.choose(view, desk)` a seat calls. The search runs its whole
sample budget (its time budget is set out of reach here, so every decision does the same
work); rollouts per second count the search's rollouts of every length. A batch figure plays
`search:normal` in one seat of 64 games at once, as `main.py analyze --strength` does. Negotiation
times: each bot's `propose(view, desk)` for every faction with a partner, and its `answer` to the
partner's first legal joint move proposed to it, in the same positions.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.ai import make_bot, play_bot_seats, seat_choices, seat_policy  # noqa: E402
from game.ai.batch import Policy, policy_orders  # noqa: E402
from game.ai.search import LEVELS, Search, SearchBot  # noqa: E402
from game.engine.state import new_state, resolve  # noqa: E402
from game.scenarios import load_rules  # noqa: E402
from game.session.game import Game  # noqa: E402

BATCH = 64


def positions(scenario: str, n: int) -> list[Game]:
    """Game positions to decide in: turn 1 of seed 1, then turns further on in other seeds' random play."""
    games = []
    rules = load_rules(scenario)
    for k in range(n):
        game = Game(rules, 1 + k, {f.id: "random" for f in rules.factions})
        for _ in range(min(k * 2, rules.n_turns - 1)):
            play_bot_seats(game)
            game.resolve()
        games.append(game)
    return games


def latency(spec: str, games: list[Game]) -> dict:
    """Median and worst time of one decision by the bot a seat spec names, over every faction of every position."""
    times = []
    for game in games:
        for faction in game.factions:
            bot = make(spec, game, faction)
            start = time.perf_counter()
            bot.choose(game.view(faction), game.desk(faction))
            times.append(time.perf_counter() - start)
    return {"median_ms": 1000 * float(np.median(times)), "max_ms": 1000 * float(np.max(times)),
            "decisions": len(times)}


def make(spec: str, game: Game, faction: str):
    """The bot a seat spec names (the search with its clock standing still: every decision its whole budget)."""
    return SearchBot(spec.partition(":")[2], clock=lambda: 0.0) if spec.startswith("search") else \
        make_bot(spec, game.rules, faction)


def talk_latency(spec: str, games: list[Game]) -> dict:
    """Median and worst time of the bot's proposal and of its answer to its partner's first legal joint move, for
    every faction with a partner in every position."""
    proposing, answering = [], []
    for game in games:
        rules = game.rules
        for faction in game.factions:
            f = rules.faction_index[faction]
            masks = [int(m) for m in rules.tables.act_partners if (int(m) >> f) & 1 and int(m) != 1 << f]
            partners = [g for g in game.factions if g != faction and any(m >> rules.faction_index[g] & 1 for m in masks)]
            if not partners or game.is_over:
                continue
            bot = make(spec, game, faction)
            start = time.perf_counter()
            bot.propose(game.view(faction), game.desk(faction))
            proposing.append(time.perf_counter() - start)
            partner = partners[0]
            trial = copy.deepcopy(game)  # the position stays as it was for the other bots
            offer = next((o for o in trial.legal_orders(partner)
                          if int(rules.tables.act_partners[rules.action_index[(o.move, o.target)]]) >> f & 1), None)
            if offer is None:
                continue
            proposal = trial.propose(partner, offer)
            start = time.perf_counter()
            bot.answer(trial.view(faction), trial.desk(faction), proposal)
            answering.append(time.perf_counter() - start)

    def figures(times: list[float]) -> dict:
        return {"median_ms": 1000 * float(np.median(times)) if times else 0.0,
                "max_ms": 1000 * float(np.max(times)) if times else 0.0, "decisions": len(times)}
    return {"propose": figures(proposing), "answer": figures(answering)}


def rollouts_per_second(level: str, games: list[Game]) -> dict:
    """The search's own rate: rollouts played per second of iterating (candidates listed beforehand)."""
    lv = LEVELS[level]
    played, spent = 0, 0.0
    for game in games:
        look = game.desk(game.factions[0]).lookahead()
        search = Search(look.rules, look.x, look.ints, look.seed, 0, lv.seeds, lv.horizon, look.slots)
        start = time.perf_counter()
        search.step(lv.samples)
        spent += time.perf_counter() - start
        played += search.result().rollouts
    return {"rollouts_per_s": played / spent, "rollouts": played}


def batch_decisions(scenario: str) -> dict:
    """search:normal in China's seat of BATCH games at once (the analysis path): decisions per second."""
    rules = load_rules(scenario)
    state = new_state(rules, np.arange(BATCH, dtype=np.uint64))
    chosen = [Policy.KEEP] * (len(rules.factions) - 1) + [seat_policy("search:normal", rules, rules.factions[-1].id)]
    start = time.perf_counter()
    orders = policy_orders(rules, state, chosen)
    spent = time.perf_counter() - start
    resolve(rules, state, orders)
    return {"games": BATCH, "seconds": spent, "decisions_per_s": BATCH / spent}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="crossroads_2025")
    parser.add_argument("--positions", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    games = positions(args.scenario, args.positions)
    rules = games[0].rules
    warm = make_bot("search:easy", rules, rules.factions[0].id)
    first = rules.factions[0].id
    warm.choose(games[0].view(first), games[0].desk(first))  # loads the kernel: not part of any figure
    specs = sorted({spec.partition(":")[0] if spec.startswith("doctrine") else spec
                    for f in rules.factions for spec, _ in seat_choices(rules, f.id)})
    result = {"scenario": args.scenario, "latency": {spec: latency(spec, games) for spec in specs},
              "negotiation": {spec: talk_latency(spec, games) for spec in specs},
              "rollouts": {level: rollouts_per_second(level, games) for level in LEVELS},
              "batch": batch_decisions(args.scenario)}
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    n = result["latency"][specs[0]]["decisions"]
    print(f"Bots on {args.scenario}: {n} decisions each ({args.positions} positions x {len(rules.factions)} factions)")
    print(f"  {'bot':<16}{'median':>10}{'worst':>10}")
    for spec, fig in result["latency"].items():
        print(f"  {spec:<16}{fig['median_ms']:>8.1f} ms{fig['max_ms']:>8.1f} ms")
    print("Negotiation: a proposal, and an answer to the partner's proposal (median / worst):")
    for spec, fig in result["negotiation"].items():
        p, a = fig["propose"], fig["answer"]
        print(f"  {spec:<16}propose {p['median_ms']:>7.1f} / {p['max_ms']:>7.1f} ms   "
              f"answer {a['median_ms']:>7.1f} / {a['max_ms']:>7.1f} ms   ({p['decisions']} and {a['decisions']})")
    print("Search rollouts per second (iterating only):")
    for level, fig in result["rollouts"].items():
        lv = LEVELS[level]
        print(f"  {level:<8}{fig['rollouts_per_s']:>12,.0f}/s   ({lv.samples} dice samples, {lv.horizon} turns deep "
              f"at most, budget {lv.seconds:g} s)")
    b = result["batch"]
    print(f"Batch: search:normal in one seat of {b['games']} games: {b['seconds']:.2f} s, "
          f"{b['decisions_per_s']:.0f} decisions/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
