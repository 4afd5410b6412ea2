"""What a seat can expect against a personality: the test games' win shares kept beside the scenarios.

`balance.json` is written by `python tools/balance_table.py --write` from `analyze --balance`'s personality
mixes (one faction's non-default doctrine, every other seat its default doctrine) and names the content hash
each scenario's figures were measured with, so a test can tell a stale table without replaying it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from game.i18n import _, content
from game.rules.compiled import Rules
from game.scenarios import SCENARIO_DIR
from game.session.words import faction_name

TABLE = SCENARIO_DIR / "balance.json"


@dataclass(frozen=True)
class Expectation:
    """The win shares of the test games in which `faction` played `doctrine` against the default doctrines."""

    faction: str
    doctrine: str
    games: int
    win_share: dict[str, float]
    war_rate: float


def read_table(path: Path = TABLE) -> dict:
    """The balance table as written (an empty table if there is none)."""
    if not path.exists():
        return {"scenarios": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def expectation(rules: Rules, faction: str, seat: str, table: dict | None = None) -> Expectation | None:
    """The figures for `faction` seated as `seat` (`doctrine:america_first`) in these rules; None when the table has
    none for them or was measured with other content (a changed scenario or pack)."""
    kept = (read_table() if table is None else table)["scenarios"].get(rules.id)
    if not kept or kept.get("content_hash") != rules.content_hash:
        return None
    mix = kept["mixes"].get(f"{faction}={seat}")
    if mix is None or mix.get("personality") != faction:
        return None
    return Expectation(faction, seat.partition(":")[2], int(mix["games"]), dict(mix["win_share"]),
                       float(mix["war_rate"]))


def expectation_line(rules: Rules, found: Expectation) -> str:
    """The setup screen's line: "Against America First (United States), in 300 test games with the other seats'
    default bots: Japan won 24%, China 75%"."""
    doctrine = content.name(rules, f"{found.faction}.{found.doctrine}")
    others = _(", ").join(_("{faction} won {share:.0%}", faction=faction_name(rules, f), share=s)
                          for f, s in found.win_share.items() if f != found.faction)
    return _("Against {doctrine} ({faction}), in {n} test games with the other seats' default bots: {others}",
             doctrine=doctrine, faction=faction_name(rules, found.faction), n=found.games, others=others)
