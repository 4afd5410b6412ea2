"""`main.py analyze` and the game.analysis API: outcome figures, forced orders, A/B on the same seeds,
the balance table, and every refusal of a bad request."""

import json

import numpy as np
import pytest

from game.analysis import AnalysisError, balance, compare, run
from game.cli.commands import main
from game.engine import state as engine
from game.engine.layout import STATUS, Status
from tests.conftest import MINI

GAMES = 60


def analyze(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["analyze", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def analyze_json(capsys, *argv: str) -> dict:
    status, out, err = analyze(capsys, "--scenario", str(MINI), "--games", str(GAMES), "--json", *argv)
    assert status == 0, err
    return json.loads(out)


def check_figures(doc: dict, rules) -> None:
    assert doc["games"] == GAMES
    assert set(doc["win_share"]) == {"us", "jp", "cn"}
    assert all(0 <= s <= 1 for s in doc["win_share"].values())
    assert sum(doc["win_share"].values()) + doc["war_rate"] == pytest.approx(1), "every game is won or ends in war"
    assert 0 <= doc["crisis_rate"] <= 1 and doc["crisis_definition"]
    assert set(doc["crises"]) == set(rules.crisis_events)
    assert max(doc["crises"].values()) <= doc["crisis_rate"] <= min(1, sum(doc["crises"].values()))
    assert set(doc["tracks"]) == {t.id for t in rules.tracks}
    for track in rules.tracks:
        s = doc["tracks"][track.id]
        assert track.min <= s["p10"] <= s["p50"] <= s["p90"] <= track.max
        assert track.min <= s["mean"] <= track.max


# ---- figures --------------------------------------------------------------------------------------


def test_json_has_the_figures_and_they_are_sane(capsys, mini_rules):
    doc = analyze_json(capsys, "--seats", "us=greedy,jp=random")
    assert {"games", "win_share", "war_rate", "crisis_rate", "tracks", "seats", "seed", "force"} <= set(doc)
    assert doc["seats"] == {"us": "greedy", "jp": "random", "cn": "random"}
    assert (doc["scenario"], doc["seed"], doc["force"]) == ("mini", 0, [])
    check_figures(doc, mini_rules)


def test_the_same_request_gives_the_same_figures_and_another_seed_others(capsys):
    one = analyze_json(capsys, "--seats", "cn=greedy", "--seed", "3")
    assert one == analyze_json(capsys, "--seats", "cn=greedy", "--seed", "3")
    assert one["tracks"] != analyze_json(capsys, "--seats", "cn=greedy", "--seed", "4")["tracks"]


def test_wins_wars_and_crises_follow_the_games_own_rules(mini_rules):
    """All-random analysis without proposals equals a kernel rollout of the same seeds, judged by Game.winner's rule."""
    outcome = run(mini_rules, GAMES, seed=40, proposals=False)  # random seats that do not negotiate
    state = engine.new_state(mini_rules, np.arange(40, 40 + GAMES))
    engine.rollout(mini_rules, state)
    scores = engine.scores(mini_rules, state)
    finished = state.ints[:, STATUS] == Status.FINISHED
    for k, f in enumerate(mini_rules.factions):
        won = finished & (scores.argmax(axis=1) == k)
        assert outcome.win_share[f.id] == won.mean()
    assert outcome.war_rate == (state.ints[:, STATUS] == Status.WAR).mean()
    crisis = mini_rules.event_index["ev.crisis"]
    assert outcome.triggered["ev.crisis"] == (state.ints[:, 3 + crisis] > 0).mean()
    assert np.array_equal(outcome.final, state.x)


def test_text_output_names_its_figures(capsys):
    status, out, err = analyze(capsys, "--scenario", str(MINI), "--games", str(GAMES), "--seats", "jp=greedy")
    assert status == 0 and err == ""
    assert f"Mini test scenario (mini): {GAMES} games, seeds 0..{GAMES - 1}, seats us=random,jp=greedy,cn=random" in out
    assert "wins:   United States" in out and "| war " in out
    assert "crisis rate" in out and "share of games in which at least one crisis event" in out
    assert "  alliance " in out and "  ecs.tension " in out
    assert "vietnam.us.trade" not in out, "channel tracks only with --all-tracks"
    status, out, _ = analyze(capsys, "--scenario", str(MINI), "--games", "5", "--all-tracks")
    assert status == 0 and "  vietnam.us.trade " in out


# ---- forced orders and A/B ----------------------------------------------------------------------------


def test_a_forced_order_is_given_in_every_game_where_it_is_legal(mini_rules):
    """The U.S. big push costs both its action points: forced every turn, it is all the U.S. orders."""
    force = [f"us:us.big_push@{t}" for t in range(1, mini_rules.n_turns + 1)]
    outcome = run(mini_rules, GAMES, {"us": "greedy"}, force=force)
    assert all(r.applied == GAMES and r.illegal == 0 for r in outcome.forces)
    soft = outcome.tracks["us.soft_power"]
    assert soft.p10 == soft.p90 == 50 + 5 * mini_rules.n_turns


def test_an_illegal_forced_order_is_skipped_and_counted(capsys):
    doc = analyze_json(capsys, "--force", "cn:cn.bid@1", "--force", "cn:bid@1")
    first, second = doc["force"]
    assert (first["applied"], first["illegal"]) == (GAMES, 0)
    assert (second["applied"], second["illegal"], second["illegal_reasons"]) == (0, GAMES, {"duplicate": GAMES})
    assert second["spec"] == "cn:cn.bid@1", "a move may be named without its faction's prefix"
    status, out, _ = analyze(capsys, "--scenario", str(MINI), "--games", "10", "--force", "cn:bid@1",
                             "--force", "cn:bid@1")
    assert status == 0
    assert "forced cn:cn.bid@1: applied in 0, illegal (skipped) in 10 (duplicate 10)" in out


def test_a_b_runs_both_arms_on_the_same_seeds(capsys, mini_rules):
    same = analyze_json(capsys, "--force", "us:us.press_defense@1", "--against", "us:us.press_defense@1")
    assert {"a", "b", "difference", "games"} <= set(same)
    assert same["a"]["tracks"] == same["b"]["tracks"], "identical arms on the same seeds are identical"
    assert all(d == {"mean": 0, "se": 0} for d in same["difference"]["tracks"].values())
    doc = analyze_json(capsys, "--against", "us:us.big_push@1")
    check_figures(doc["a"], mini_rules)
    check_figures(doc["b"], mini_rules)
    assert doc["a"]["force"] == [] and doc["b"]["force"][0]["applied"] == GAMES
    for t, d in doc["difference"]["tracks"].items():
        assert d["mean"] == pytest.approx(doc["b"]["tracks"][t]["mean"] - doc["a"]["tracks"][t]["mean"], abs=1e-9)
    for f, d in doc["difference"]["win_share"].items():
        assert d == pytest.approx(doc["b"]["win_share"][f] - doc["a"]["win_share"][f])
    assert doc["difference"]["tracks"]["us.soft_power"]["mean"] > 0


def test_a_b_text_shows_both_arms_and_the_difference(capsys):
    status, out, _ = analyze(capsys, "--scenario", str(MINI), "--games", "20", "--force", "us:press_defense@1",
                             "--against", "us:big_push@1")
    assert status == 0
    assert "arm A: us:us.press_defense@1" in out and "arm B: us:us.big_push@1" in out
    assert "== arm A ==" in out and "== arm B ==" in out and "== B − A (same seeds" in out


def test_the_python_api_compares_on_the_same_seeds(mini_rules):
    cmp = compare(str(MINI), 30, {"cn": "greedy"}, seed=9, a=[], b=["us:us.big_push@2"])
    assert cmp.a.seed == cmp.b.seed == 9 and cmp.a.games == cmp.b.games == 30
    i = mini_rules.track_index["us.soft_power"]
    assert cmp.tracks["us.soft_power"].mean == pytest.approx((cmp.b.final[:, i] - cmp.a.final[:, i]).mean())


# ---- balance ----------------------------------------------------------------------------------------------


def test_balance_table(capsys):
    doc = analyze_json(capsys, "--balance")
    assert {"random", "greedy", "flags", "games"} <= set(doc)
    for arm in ("random", "greedy"):
        assert set(doc[arm]["win_share"]) == {"us", "jp", "cn"}
        assert 0 <= doc[arm]["war_rate"] <= 1 and 0 <= doc[arm]["crisis_rate"] <= 1
    for faction, moves in doc["greedy"]["winner_moves"].items():
        assert len(moves) <= 5 and all(m.startswith((faction + ".", "joint.")) for m in moves)
        assert list(moves.values()) == sorted(moves.values(), reverse=True)
    names = {"us": "United States", "jp": "Japan", "cn": "China"}
    for arm in ("random", "greedy"):
        for faction, share in doc[arm]["win_share"].items():
            flagged = any(f.startswith(f"{arm}: {names[faction]} wins ") for f in doc["flags"])
            assert flagged == (not 0.2 <= share <= 0.5)
        war_flagged = any(f.startswith(f"{arm}: war in ") for f in doc["flags"])
        assert war_flagged == (not 0 < doc[arm]["war_rate"] <= 0.5)
    status, out, _ = analyze(capsys, "--scenario", str(MINI), "--games", "20", "--balance")
    assert status == 0 and "Balance of Mini test scenario (mini)" in out and "Greedy winners' orders" in out


def test_balance_flags_name_the_faction_the_band_and_a_dominant_move(mini_rules):
    """The mini fixture is lopsided: the U.S. always wins, and greedy U.S. only ever presses Japan."""
    result = balance(mini_rules, 20, seed=1)
    assert result.random.games == result.greedy.games == 20
    assert "greedy: United States wins 100.0% of games, outside 20%–50%" in result.flags
    assert "greedy: Japan wins 0.0% of games, outside 20%–50%" in result.flags
    assert ("greedy: us.press_defense is 100.0% of the orders United States gave in the games it won, above 60%"
            in result.flags)
    assert "greedy: war in none of the 20 games" in result.flags


# ---- bad requests -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv, message", [
    (["--seats", "uss=greedy"], "seat uss=greedy: unknown faction 'uss' — did you mean 'us'? (factions: us, jp, cn)"),
    (["--seats", "us=gredy"], "seat us=gredy: unknown bot 'gredy' — did you mean 'greedy'? (bots: doctrine, "
     "greedy, random, search, or 'human' for a person)"),
    (["--seats", "us=human"], "seat us=human: a person cannot play a batch of games; choose a bot (random, greedy, "
     "doctrine, search)"),
    (["--seats", "us"], "bad seat 'us': write faction=player, e.g. us=random"),
    (["--force", "uss:us.press_defense@1"], "force 'uss:us.press_defense@1': unknown faction 'uss' — did you mean "
                                            "'us'?"),
    (["--force", "us:us.press_defence@1"], "force 'us:us.press_defence@1': unknown move 'us.press_defence' — did "
                                           "you mean 'us.press_defense'?"),
    (["--force", "us:cn.patrol@1"], "force 'us:cn.patrol@1': Patrol is a move of China, not United States"),
    (["--force", "us:us.trade_deal@1"], "force 'us:us.trade_deal@1': Trade deal needs a region target, one of "
                                        "Vietnam (got no target); write us:us.trade_deal@TARGET@1"),
    (["--force", "us:us.trade_deal@vietnm@1"], "force 'us:us.trade_deal@vietnm@1': unknown target 'vietnm' for "
                                               "Trade deal — did you mean 'vietnam'? (one of Vietnam)"),
    (["--force", "us:us.press_defense@vietnam@1"], "Press Japan on defense takes no target (got 'vietnam')"),
    (["--force", "us:us.press_defense@5"], "force 'us:us.press_defense@5': turn 5 is out of range: mini has turns "
                                           "1 to 4"),
    (["--force", "us:us.press_defense@x"], "'x' is not a turn number (write FACTION:MOVE[@TARGET]@TURN"),
    (["--force", "us:us.press_defense"], "force 'us:us.press_defense': write FACTION:MOVE[@TARGET]@TURN, e.g. "),
    (["--force", "us.press_defense@1"], "force 'us.press_defense@1': name the faction first — did you mean "
                                        "'us:us.press_defense@1'?"),
    (["--against", "jp:jp.reforms@2"], "against 'jp:jp.reforms@2': unknown move 'jp.reforms' — did you mean "
                                       "'jp.reform'?"),
    (["--games", "0"], "--games 0 is out of range: one batch is 1 to 100,000 games"),
    (["--seed", "-1"], "seed: -1 is out of range"),
    (["--balance", "--seats", "us=greedy"], "--balance plays whole games with its own seats and forces nothing"),
    (["--turns", "9"], "turns: 9 is out of range: mini has turns 1 to 4"),
])
def test_bad_requests_are_refused_with_the_bad_part_named(capsys, argv, message):
    status, out, err = analyze(capsys, "--scenario", str(MINI), "--games", "5", *argv)
    assert status == 2 and out == ""
    assert err.startswith("analyze: ") and message in err, err


def test_turns_stops_the_games_early_with_no_winner_yet(capsys, mini_rules):
    status, out, _ = analyze(capsys, "--scenario", str(MINI), "--games", "20", "--turns", "2", "--json")
    doc = json.loads(out)
    assert status == 0 and doc["turns"] == 2 and sum(doc["win_share"].values()) == 0
    status, out, _ = analyze(capsys, "--scenario", str(MINI), "--games", "20", "--turns", "2")
    assert "stopped after turn 2 of 4 (no winner yet)" in out
    assert json.loads(analyze(capsys, "--scenario", str(MINI), "--games", "20", "--json")[1])["turns"] == 4


def test_unknown_or_missing_scenario(capsys):
    status, _, err = analyze(capsys, "--scenario", "crossroads_2052")
    assert status == 2 and "analyze: unknown scenario 'crossroads_2052' — did you mean 'crossroads_2025'?" in err
    status, _, err = analyze(capsys)
    assert status == 2 and "analyze: give --scenario ID" in err


def test_the_api_raises_analysis_error(mini_rules):
    with pytest.raises(AnalysisError, match="unknown bot 'minimax'"):
        run(mini_rules, 5, {"us": "minimax"})
    with pytest.raises(AnalysisError, match="turn 9 is out of range"):
        compare(mini_rules, 5, b=["us:us.press_defense@9"])


# ---- rules faults: NaN or infinity at run time ----------------------------------------------------

FAULT = ("turn 2 cannot be resolved: track 'alliance' became nan, from rule 'rule.blowup' (Blow-up) ('when: turn >= 2'; "
         "'add: (1e308 * 1e308 - 1e308 * 1e308) if jp.stability > 40 else 0') added nan; an expression overflows or "
         "divides infinities — fix the rule (`validate --warnings` flags expressions that can overflow)")


def test_faulted_games_are_counted_named_and_left_out_of_every_figure(capsys, tmp_path):
    from tests.conftest import overflowing_copy

    scenario = overflowing_copy(tmp_path, rule="(1e308 * 1e308 - 1e308 * 1e308) if jp.stability > 40 else 0")
    status, out, err = analyze(capsys, "--scenario", str(scenario), "--games", "200", "--json")
    assert status == 0, err
    doc = json.loads(out, parse_constant=lambda word: pytest.fail(f"{word} in --json"))
    outcome = run(scenario, 200)
    assert 0 < doc["faulted"] == outcome.faulted < 200
    assert doc["fault"] == outcome.fault and outcome.fault.endswith(FAULT) and outcome.fault.startswith("game ")
    assert sum(doc["win_share"].values()) + doc["war_rate"] == pytest.approx(1), "shares of the scored games"
    assert len(outcome.winner) == len(outcome.final) == 200 - outcome.faulted
    assert np.isfinite(outcome.final).all()
    status, out, _ = analyze(capsys, "--scenario", str(scenario), "--games", "200")
    assert f"\n{outcome.faulted} of them faulted and are left out of every figure below: game " in out


def test_a_batch_whose_every_game_faults_is_refused_with_the_fault(tmp_path, overflowing):
    with pytest.raises(AnalysisError, match="^every game of the batch faulted, so there is nothing to report: game 0: "
                       "turn 2 cannot be resolved: track 'alliance' became nan, from rule 'rule.blowup'"):
        run(overflowing, 20)
    with pytest.raises(AnalysisError, match="^every game of the batch faulted"):
        compare(overflowing, 20)


def test_a_batch_in_chunks_gives_the_same_figures_and_reports_progress(mini_rules):
    calls = []
    whole = run(mini_rules, 25, {"us": "greedy"}, 4, chunk=25)
    chunked = run(mini_rules, 25, {"us": "greedy"}, 4, chunk=10, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(10, 25), (20, 25), (25, 25)]
    assert whole.to_json() == chunked.to_json() and np.array_equal(whole.final, chunked.final)


# ---- moves per game -------------------------------------------------------------------------------


def test_move_counts_count_a_completed_joint_move_once_and_a_lone_one_as_unmatched(mini_rules):
    from game.analysis.outcome import MoveCount, move_counts
    from game.engine.layout import EMPTY
    joint = mini_rules.action_index[("joint.framework", None)]
    own = next(a for a, mask in enumerate(mini_rules.tables.act_partners) if bin(mask).count("1") == 1)
    owner = int(mini_rules.tables.act_partners[own]).bit_length() - 1
    us, jp = mini_rules.faction_index["us"], mini_rules.faction_index["jp"]
    history = np.full((2, 2, len(mini_rules.factions), mini_rules.max_orders), EMPTY, dtype=np.int64)
    history[0, 0, us, 0] = history[0, 0, jp, 1] = joint  # both allies: one completed joint move
    history[1, 1, jp, 0] = joint  # Japan alone: unmatched
    history[1, 0, owner, 1] = history[1, 1, owner, 1] = own
    counts = move_counts(mini_rules, history)
    assert counts == {"joint.framework": MoveCount(0.5, 0.5), mini_rules.actions[own].move.id: MoveCount(1.0, 0.0)}


def test_json_moves_and_the_text_line_on_joint_moves(capsys, mini_rules):
    doc = analyze_json(capsys)
    moves = {m.id for m in mini_rules.moves}
    assert doc["moves"] and set(doc["moves"]) <= moves
    for move, fig in doc["moves"].items():
        assert set(fig) == {"orders_per_game", "unmatched_per_game"}
        assert fig["orders_per_game"] >= 0 and fig["unmatched_per_game"] >= 0
        if move != "joint.framework":
            assert fig["unmatched_per_game"] == 0
    total = sum(f["orders_per_game"] for m, f in doc["moves"].items() if m != "joint.framework")
    assert 0 < total <= mini_rules.n_turns * 3 * mini_rules.max_orders
    status, out, _err = analyze(capsys, "--scenario", str(MINI), "--games", str(GAMES))
    joint = doc["moves"].get("joint.framework", {"orders_per_game": 0.0, "unmatched_per_game": 0.0})
    assert (f"joint moves per game: {joint['orders_per_game']:.2f} completed, {joint['unmatched_per_game']:.2f} "
            "unmatched (ordered by one ally only)") in out


def test_compare_arms_count_moves_and_doctrine_allies_order_joint_moves_only_by_agreement():
    seats = {"us": "doctrine", "jp": "doctrine", "cn": "doctrine"}
    on = run("crossroads_2025", 30, seats)
    off = compare("crossroads_2025", 30, seats, proposals=False)
    rules_joint = [m for m in on.moves if m.startswith("joint.")]
    assert sum(on.moves[m].orders for m in rules_joint) >= 1  # issue 13: at least one completed a game
    assert all(on.moves[m].unmatched == 0 for m in rules_joint)
    assert off.a.moves == off.b.moves and off.to_json()["a"]["moves"]["joint.settle_friction"]["unmatched_per_game"] > 0
