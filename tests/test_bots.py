"""The bots: the registry and its seat specs, doctrines as content, fairness, determinism, the search's time
budget, explanations, and that every bot only ever gives legal orders in every shipped scenario."""

from __future__ import annotations

import re

import numpy as np
import pytest
import yaml

from game.ai import BOTS, UnknownBotError, check_seat, make_bot, play_bot_seats, seat_choices, seat_policy
from game.ai.batch import Policy, policy_orders
from game.ai.search import LEVELS, SearchBot
from game.analysis import AnalysisError, run
from game.analysis.strength import strength
from game.engine.state import BatchState
from game.scenarios import list_scenarios, load_rules
from game.session.game import Game
from game.session.orders import Order
from tests.test_content_errors import PackCopy

SCENARIOS = [s.id for s in list_scenarios()]


@pytest.fixture(scope="module")
def crossroads():
    return load_rules("crossroads_2025")


# ---- the registry -----------------------------------------------------------------------------


def test_registry_has_the_three_kinds_and_their_levels(crossroads):
    assert {"random", "doctrine", "search"} <= set(BOTS)
    us = dict(seat_choices(crossroads, "us"))
    assert us["doctrine:alliance_builder"] == "doctrine (Alliance Builder)"
    assert us["doctrine:america_first"] == "doctrine (America First)"
    assert {"search:easy", "search:normal", "search:hard"} <= set(us)
    jp = dict(seat_choices(crossroads, "jp"))
    assert "doctrine:cautious_minority" in jp and "doctrine:proactive_leader" in jp
    cn = dict(seat_choices(crossroads, "cn"))
    assert "doctrine:coercive" in cn and "doctrine:charm_offensive" in cn
    assert "doctrine:coercive" not in us  # a doctrine belongs to its faction


def test_every_personality_cites_sources_and_explains_its_rules(crossroads):
    for doctrine in crossroads.doctrines:
        assert doctrine.sources and doctrine.text
        assert all(rule.why for rule in doctrine.rules)
    defaults = [d.faction for d in crossroads.doctrines if d.default]
    assert sorted(defaults) == sorted(f.id for f in crossroads.factions)


@pytest.mark.parametrize("spec, message", [
    ("serach:normal", "unknown bot 'serach' — did you mean 'search'?"),
    ("search:nromal", "search has no level 'nromal' for us — did you mean search:normal? (levels: easy, normal, hard)"),
    ("doctrine:coercive", "doctrine has no level 'coercive' for us"),
    ("random:hard", "bot 'random' has no levels; write just 'random'"),
])
def test_a_bad_seat_is_refused_with_the_reason(crossroads, spec, message):
    with pytest.raises(UnknownBotError) as info:
        check_seat(spec, crossroads, "us")
    assert message in str(info.value)


def test_seats_map_to_batch_policies(crossroads):
    assert seat_policy("doctrine", crossroads, "cn") == (Policy.DOCTRINE, 4)  # China's default, Charm Offensive
    assert crossroads.doctrines[4].id == "cn.charm_offensive"
    level = LEVELS["normal"]
    assert seat_policy("search", crossroads, "jp") == (Policy.SEARCH, level.seeds, level.samples, level.horizon,
                                                       level.model)


def test_analysis_seats_take_any_bot_and_refuse_bad_ones(crossroads):
    outcome = run(crossroads, 8, seats={"us": "search:easy", "jp": "doctrine:proactive_leader", "cn": "doctrine"})
    assert outcome.games == 8
    with pytest.raises(AnalysisError) as info:
        run(crossroads, 8, seats={"cn": "doctrine:alliance_builder"})
    assert "seat cn=doctrine:alliance_builder: doctrine has no level 'alliance_builder' for cn" in str(info.value)


# ---- doctrines as content -----------------------------------------------------------------------


def test_broken_doctrines_are_refused_with_every_problem(tmp_path):
    pack = PackCopy(tmp_path)
    pack.content["doctrines"] = [
        {"id": "us.hawk", "name": "Hawk", "faction": "us", "default": True, "sources": ["S0-17"],
         "weights": {"us.press_defence": 5, "jp.reform": 2, "us.trade_deal@vietnm": 3},
         "rules": [{"when": "aliance < 50", "moves": ["us.press_defense"], "add": 2, "why": "weak alliance"}]},
        {"id": "us.dove", "name": "Dove", "faction": "us", "default": True, "sources": ["S0-19"]},
        {"id": "jp.hawk", "name": "Hawk", "faction": "cn", "sources": ["S0-13"]},
    ]
    problems = {(p.item, p.field): p for p in pack.problems()}
    assert problems[("doctrine us.hawk", "weights.us.press_defence")].message == "unknown move 'us.press_defence'"
    assert problems[("doctrine us.hawk", "weights.us.press_defence")].suggestion == "us.press_defense"
    assert problems[("doctrine us.hawk", "weights.jp.reform")].message == "jp.reform is not a move us can order"
    assert problems[("doctrine us.hawk", "rules[0].when")].message == "unknown track 'aliance'"
    bad_target = problems[("doctrine us.hawk", "weights.us.trade_deal@vietnm")]
    assert bad_target.message == "us.trade_deal@vietnm: the move has no target 'vietnm'"
    assert bad_target.suggestion == "vietnam"
    assert problems[("doctrine us.dove", "default")].message == "us already has a default doctrine, us.hawk"
    assert problems[("doctrine jp.hawk", "id")].message == "a cn doctrine's id starts with 'cn.'"
    assert all(p.file == pack.content_file for p in problems.values())


def test_a_doctrine_schema_error_names_the_field(tmp_path):
    pack = PackCopy(tmp_path)
    pack.content["doctrines"] = [{"id": "us.hawk", "name": "Hawk", "faction": "us", "sources": ["S0-17"],
                                  "rules": [{"moves": ["us.press_defense"], "add": 2}]}]
    problem = pack.problem()
    assert problem.item == "doctrine us.hawk" and "why" in problem.field


def test_doctrine_rules_shift_weights_with_the_state(crossroads):
    from game.ai.doctrine import doctrine_choice
    from game.engine.state import new_state

    state = new_state(crossroads, [3])
    d = [doc.id for doc in crossroads.doctrines].index("jp.cautious_minority")
    jp = crossroads.faction_index["jp"]
    calm = doctrine_choice(crossroads, state.x[0], state.ints[0], 11, jp, d)
    x = state.x[0].copy()
    x[crossroads.track_index["jp.stability"]] = 30.0  # below the doctrine's 45
    shaken = doctrine_choice(crossroads, x, state.ints[0], 11, jp, d)
    deal = crossroads.action_index[("jp.coalition_deal", None)]
    assert shaken.weights[deal] == calm.weights[deal] + 3
    assert 0 in shaken.held and 0 not in calm.held


# ---- fairness ------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["doctrine", "search:easy", "greedy"])
def test_a_bot_never_sees_other_factions_pending_orders(spec):
    plain = Game.new("crossroads_2025", 21)
    busy = Game.new("crossroads_2025", 21)
    busy.submit("us", Order("us.press_defense"))
    busy.submit("cn", Order("cn.coast_guard"))
    busy.commit("cn")
    bot = make_bot(spec, plain.rules, "jp")
    assert bot.choose(plain.view("jp"), plain.desk("jp")) == bot.choose(busy.view("jp"), busy.desk("jp"))


@pytest.mark.parametrize("spec", ["doctrine", "search:easy"])
def test_a_bot_never_sees_the_games_future_dice(spec, monkeypatch):
    """Two games in the same visible state whose own seeds (and so every future event and chance roll) differ:
    given the same bot seeds, a bot chooses the same orders."""
    import game.session.desk as desk_module

    first, second = Game.new("crossroads_2025", 5), Game.new("crossroads_2025", 6)
    second.state = BatchState(first.state.x.copy(), first.state.ints.copy(), second.state.seeds.copy())
    assert first.seed != second.seed
    fixed = desk_module.lookahead_seed(first.seed, first.rules.faction_index["us"])
    monkeypatch.setattr(desk_module, "lookahead_seed", lambda seed, faction: fixed)
    bot = make_bot(spec, first.rules, "us")
    view_a, view_b = first.view("us"), second.view("us")
    object.__setattr__(view_b, "bot_seed", view_a.bot_seed)
    assert bot.choose(view_a, first.desk("us")) == bot.choose(view_b, second.desk("us"))


# ---- determinism and agreement with the batch -----------------------------------------------------


def _play(seed: int, seats: dict[str, str], turns: int) -> list:
    game = Game.new("crossroads_2025", seed, seats)
    log = []
    for _ in range(turns):
        log.append(play_bot_seats(game))
        log.append(game.resolve().orders)
    return log


def test_bots_replay_exactly_from_the_seed():
    seats = {"us": "search:easy", "jp": "doctrine:proactive_leader", "cn": "search:normal"}
    assert _play(9, seats, 2) == _play(9, seats, 2)


def test_a_saved_game_with_bots_goes_on_exactly_as_it_would_have(tmp_path):
    from game.session import saves

    seats = {"us": "search:normal", "jp": "doctrine", "cn": "greedy"}
    straight = Game.new("tutorial", 31, seats)
    while not straight.is_over:
        play_bot_seats(straight)
        straight.resolve()
    half = Game.new("tutorial", 31, seats)
    play_bot_seats(half)
    half.resolve()
    resumed = saves.load(saves.save(half, tmp_path / "game.json"))
    while not resumed.is_over:
        play_bot_seats(resumed)
        resumed.resolve()
    assert [r.orders for r in resumed.reports()] == [r.orders for r in straight.reports()]
    assert np.array_equal(resumed.state.x, straight.state.x)


def test_the_search_bot_chooses_what_the_batch_policy_chooses(crossroads):
    game = Game.new("crossroads_2025", 13)
    orders, _ = SearchBot("normal").choose(game.view("cn"), game.desk("cn"))
    level = LEVELS["normal"]
    chosen = [(Policy.SEARCH, level.seeds, level.samples, level.horizon, level.model) if f.id == "cn" else Policy.KEEP
              for f in crossroads.factions]
    batch = policy_orders(crossroads, game.state.copy(), chosen)
    cn = crossroads.faction_index["cn"]
    assert [Order(crossroads.actions[a].move.id, crossroads.actions[a].target) for a in batch[0, cn] if a >= 0] \
        == orders



def test_the_registry_drives_the_batch_dispatch():
    from game.ai.batch import BATCH_BOTS

    assert [p.name for p in Policy] == ["KEEP"] + [kind.name.upper() for kind in BATCH_BOTS]
    assert [int(kind.code) for kind in BATCH_BOTS] == list(range(1, len(BATCH_BOTS) + 1))
    assert {name for name, kind in BOTS.items() if kind.kernel is not None} == {kind.name for kind in BATCH_BOTS}


@pytest.mark.parametrize("spec", ["greedy", "doctrine:alliance_builder", "doctrine:america_first", "search:easy"])
def test_every_batch_bot_plays_in_a_batch_what_it_chooses_alone(crossroads, spec):
    for seed in (2, 9):
        game = Game.new("crossroads_2025", seed)
        for turn in range(2):  # the second turn starts from a state the first turn's bots made
            orders, _ = make_bot(spec, crossroads, "us").choose(game.view("us"), game.desk("us"))
            chosen = [seat_policy(spec, crossroads, "us")] + [Policy.KEEP] * 2
            batch = policy_orders(crossroads, game.state.copy(), chosen)
            assert [Order(crossroads.actions[a].move.id, crossroads.actions[a].target) for a in batch[0, 0]
                    if a >= 0] == orders, (spec, seed, turn)
            assert (batch[0, 1:] == -1).all(), "a KEEP seat's empty orders stay empty"
            game.play_turn({"us": orders})


def test_a_batch_of_random_seats_draws_what_the_kernel_draws(crossroads):
    from game.engine.state import new_state, random_orders

    state = new_state(crossroads, np.arange(70))  # more than one parallel block
    assert np.array_equal(policy_orders(crossroads, state, [seat_policy("random", crossroads, f.id)
                                                            for f in crossroads.factions], proposals=False),
                          random_orders(crossroads, state))


def test_a_bad_policy_row_is_refused_by_its_bot(crossroads):
    from game.engine.state import new_state

    state = new_state(crossroads, [0])
    with pytest.raises(ValueError, match=r"doctrine index out of range in \[9\] \(6 doctrines\)"):
        policy_orders(crossroads, state, [(Policy.DOCTRINE, 9), Policy.KEEP, Policy.KEEP])
    with pytest.raises(ValueError, match="a search needs samples >= 0, a horizon of at least 1 turn and a model of "
                                         "samples >= 0"):
        policy_orders(crossroads, state, [(Policy.SEARCH, 2, 5, 0), Policy.KEEP, Policy.KEEP])
    with pytest.raises(ValueError, match=r"unknown policy code in \[9, 0, 0\]"):
        policy_orders(crossroads, state, [9, Policy.KEEP, Policy.KEEP])

# ---- the time budget ------------------------------------------------------------------------------


class SteppingClock:
    """A clock that moves `step` seconds each time it is read."""

    def __init__(self, step: float):
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_the_search_stops_at_its_time_budget():
    game = Game.new("crossroads_2025", 4)
    orders, reason = SearchBot("normal", clock=SteppingClock(0.3)).choose(game.view("us"), game.desk("us"))
    # reads at 0.3 (start), 0.6, 0.9, 1.2: three samples fit in the 1 s budget
    assert f"It stopped at its time budget of 1 s after 3 of {LEVELS['normal'].samples} dice samples" in reason
    for order in orders:
        game.submit("us", order)  # still legal


def test_the_search_with_no_time_left_still_orders_legally():
    game = Game.new("crossroads_2025", 4)
    orders, reason = SearchBot("hard", clock=SteppingClock(100.0)).choose(game.view("jp"), game.desk("jp"))
    assert f"after 0 of {LEVELS['hard'].samples} dice samples" in reason
    for order in orders:
        game.submit("jp", order)


def test_the_search_finishes_its_budget_when_time_allows():
    game = Game.new("crossroads_2025", 4)
    _, reason = SearchBot("easy", clock=SteppingClock(0.0)).choose(game.view("cn"), game.desk("cn"))
    assert "time budget" not in reason  # not cut short
    assert re.search(rf"in \d+ rollouts {LEVELS['easy'].horizon} turns deep", reason)


# ---- explanations ----------------------------------------------------------------------------------


def test_reasons_are_plain_words_in_the_report_and_headless_output(capsys):
    from game.cli.commands import main

    code = main(["play", "--headless", "--scenario", "tutorial", "--seed", "2", "--turns", "1",
                 "--seats", "us=doctrine:alliance_builder,jp=search:easy,cn=doctrine:coercive"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Alliance Builder: " in out and "Coercive: " in out
    assert "search (easy): " in out and "It expects United States: " in out


def test_reasons_are_in_the_json_output(capsys):
    import json

    from game.cli.commands import main

    main(["play", "--headless", "--json", "--scenario", "tutorial", "--seed", "2", "--turns", "1",
          "--seats", "us=doctrine,jp=search:easy,cn=random"])
    reasons = json.loads(capsys.readouterr().out)["turns"][0]["bot_reasons"]
    assert reasons["us"].startswith("Alliance Builder: ")
    assert reasons["jp"].startswith("search (easy): ")
    assert reasons["cn"] == "random legal orders"


def test_a_doctrine_reason_names_the_rule_that_raised_a_move():
    game = Game.new("crossroads_2025", 3)
    game.state.x[0, game.rules.track_index["jp.stability"]] = 30.0
    orders, reason = make_bot("doctrine:cautious_minority", game.rules, "jp").choose(game.view("jp"), game.desk("jp"))
    # the doctrine's variety draws among the moves near its top weight: the first is one of the two the rule raised
    assert reason.startswith(("Cautious Minority Government: Anti-inflation package (stability is below 45",
                              "Cautious Minority Government: Deal with opposition parties (stability is below 45"))


# ---- legal orders everywhere -------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_bot_gives_only_legal_orders_in_every_shipped_scenario(scenario):
    """Every bot at every level, in every seat, plays a whole game; the session refuses any illegal order."""
    rules = load_rules(scenario)
    specs = {f.id: [spec for spec, _ in seat_choices(rules, f.id) if spec != "search:hard"] for f in rules.factions}
    rounds = max(len(s) for s in specs.values())
    for k in range(rounds):
        seats = {f: s[k % len(s)] for f, s in specs.items()}
        game = Game(rules, 100 + k, seats)
        while not game.is_over:
            play_bot_seats(game)  # Game.submit raises IllegalOrderError on an illegal order
            game.resolve()


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_hard_search_gives_only_legal_orders(scenario):
    rules = load_rules(scenario)
    game = Game(rules, 77, {f.id: "search:hard" for f in rules.factions})
    while not game.is_over:
        play_bot_seats(game)
        game.resolve()


def test_bots_play_a_pack_without_doctrines(mini_rules):
    """The search models factions without doctrines by random play; a doctrine seat there is refused."""
    with pytest.raises(UnknownBotError) as info:
        check_seat("doctrine", mini_rules, "us")
    assert str(info.value) == ("doctrine cannot play us in mini: its content pack writes no doctrine for it "
                               "(add one to a doctrines list)")
    assert not [spec for spec, _ in seat_choices(mini_rules, "us") if spec.startswith("doctrine")]
    game = Game(mini_rules, 1, {"us": "search:normal", "jp": "search:easy", "cn": "random"})
    while not game.is_over:
        play_bot_seats(game)
        game.resolve()


# ---- strength ----------------------------------------------------------------------------------------


def test_the_doctrine_beats_random_and_the_search_beats_the_doctrine():
    """A small, seeded version of the strength table in the README (the full one plays 1,000 seeds a seat)."""
    assert strength("crossroads_2025", "doctrine", "random", games=60).overall >= 0.75
    assert strength("crossroads_2025", "search:easy", "doctrine", games=20).overall >= 0.65


def test_the_doctrine_file_is_safe_yaml():
    from game.rules.files import CONTENT_ROOT

    raw = yaml.safe_load((CONTENT_ROOT / "base" / "doctrines.yaml").read_text(encoding="utf-8"))
    assert {d["faction"] for d in raw["doctrines"]} == {"us", "jp", "cn"}
    assert np.all([len(d["sources"]) > 0 for d in raw["doctrines"]])


def test_analyze_prints_the_strength_table(capsys):
    from game.cli.commands import main

    code = main(["analyze", "--scenario", "tutorial", "--games", "30", "--strength", "doctrine,random"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Strength on Tutorial: pressure or partnership? (tutorial): 30 seeds a seat (from 0).")
    row = next(line for line in out.splitlines() if line.strip().startswith("doctrine vs random") and "%" in line)
    assert row.count("%") == 5  # three seats, all seats, and the standard error


@pytest.mark.parametrize("argv, message", [
    (["--strength", "doctrine"], "analyze: strength 'doctrine': write BOT,OTHER, e.g. search:normal,doctrine"),
    (["--strength", "doctrine,randon"], "analyze: seat us=randon: unknown bot 'randon' — did you mean 'random'?"),
    (["--strength", "doctrine,random", "--balance"], "analyze: --strength seats its own bots and plays whole games"),
])
def test_a_bad_strength_request_is_refused(capsys, argv, message):
    from game.cli.commands import main

    assert main(["analyze", "--scenario", "tutorial", "--games", "5", *argv]) == 2
    assert capsys.readouterr().err.startswith(message)
