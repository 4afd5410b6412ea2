"""Monte-Carlo analysis: many games of a scenario as one batch, summarized for teachers and designers.

    from game.analysis import run, compare, balance

    outcome = run("crossroads_2025", 1000, seats={"us": "greedy"}, seed=0,
                  force=["us:us.universal_tariff@1"])
    outcome.win_share, outcome.war_rate, outcome.crisis_rate, outcome.tracks["alliance"].mean

    ab = compare("crossroads_2025", 1000, a=["us:us.universal_tariff@1"], b=["us:us.friendshoring@vietnam@1"])
    ab.tracks["alliance"].mean          # B − A, over the same seeds

    balance("crossroads_2025", 500).flags

Seats are bots that can play a batch ("random", "greedy"); a seat not named is random. Forced
orders are `FACTION:MOVE[@TARGET]@TURN`, given in every game where they are legal on that turn.
A bad request raises AnalysisError naming the bad part. Pure Python and numpy over the engine.

From a played game (game.analysis.whatif): `what_if("class.json", 3, 500, force=["jp:...@3"])` plays
continuations from the state before turn 3, arm A with the forced order and arm B as played, and places the
played game's outcome in each; `record`/`recorded` keep them beside the save for the report.
"""

from game.analysis.compare import Balance, Comparison, Difference, Mix, balance, compare
from game.analysis.outcome import CRISIS_DEFINITION, ForceResult, MoveCount, Outcome, TrackStats
from game.analysis.requests import AnalysisError, Force, parse_force
from game.analysis.runner import Start, Stopped, run
from game.analysis.whatif import WhatIf, record, recorded, start_of, what_if

__all__ = ["run", "compare", "balance", "Outcome", "Comparison", "Balance", "Mix", "Difference", "TrackStats", "ForceResult",
           "MoveCount",
           "Force", "parse_force", "AnalysisError", "CRISIS_DEFINITION", "Start", "Stopped", "WhatIf", "start_of", "what_if",
           "record", "recorded"]
