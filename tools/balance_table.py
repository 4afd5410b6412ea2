"""The personality figures the setup screen shows, measured by `analyze --balance` and kept beside the scenarios.

    python tools/balance_table.py            # print the table it would write
    python tools/balance_table.py --write    # write game/scenarios/balance.json

Each full scenario's balance is played (every mix but the search's, which the setup line does not need), and the
content hash it was played with is kept, so tests/test_balance_table.py can tell a stale table cheaply.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.analysis import balance  # noqa: E402
from game.scenarios import load_rules  # noqa: E402
from game.session.expectations import TABLE  # noqa: E402

SCENARIOS = ("crossroads_2025", "article_ii_2018")  # the full scenarios (the tutorial has no personalities to test)
GAMES = 500


def table(games: int = GAMES, seed: int = 0) -> dict:
    """Every full scenario's mixes (win shares, war) with the content hash they were measured with."""
    scenarios = {}
    for sid in SCENARIOS:
        rules = load_rules(sid)
        result = balance(rules, games, seed, search_games=0)
        scenarios[sid] = {"content_hash": rules.content_hash, "mixes": {
            m.label: {"personality": m.personality or None, "games": m.outcome.games,
                      "win_share": {f: round(s, 4) for f, s in m.outcome.win_share.items()},
                      "war_rate": round(m.outcome.war_rate, 4)} for m in result.mixes}}
    return {"about": "written by python tools/balance_table.py --write; do not edit", "games": games, "seed": seed,
            "proposals": True, "scenarios": scenarios}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {TABLE.name} beside the scenarios")
    parser.add_argument("--games", type=int, default=GAMES)
    args = parser.parse_args()
    text = json.dumps(table(args.games), indent=1, ensure_ascii=False) + "\n"
    if args.write:
        TABLE.write_text(text, encoding="utf-8")
        print(f"wrote {TABLE}")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
