"""Scores by term: start() in scoring terms, the engine's per-term values summing to the scores, places and ties."""

import pytest

from game.ai import play_bot_seats
from game.scenarios import list_scenarios
from game.session.game import Game
from game.session.scoring import score_breakdown, score_rank
from game.testing import scenario

SHIPPED = [entry.id for entry in list_scenarios()]


def test_every_shipped_scenario_is_checked():
    assert {"crossroads_2025", "article_ii_2018", "tutorial"} <= set(SHIPPED)


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_breakdown_sums_to_the_scores_and_start_terms_count_the_gain_at_every_turn(scenario_id):
    game = Game.new(scenario_id, seed=4, seats={"us": "random", "jp": "random", "cn": "random"})
    start = {f: game.track(f"{f}.influence") for f in game.factions}
    gain_terms = {f: [k for k, (faction, term) in enumerate(t for t in game.rules.score_terms if t[0] == f)
                      if term.expr == f"{f}.influence - start({f}.influence)"] for f in game.factions}
    assert all(len(v) == 1 for v in gain_terms.values()), "each faction scores its influence gain with start()"
    while True:
        lines, scores = score_breakdown(game), game.scores()
        assert set(lines) == set(scores)
        for faction, terms in lines.items():
            assert sum(line.points for line in terms) == pytest.approx(scores[faction], abs=0.01)
            assert all(line.points == pytest.approx(line.value * line.weight) for line in terms)
            gain = terms[gain_terms[faction][0]]
            assert gain.value == pytest.approx(game.track(f"{faction}.influence") - start[faction], abs=1e-9)
        if game.is_over:
            break
        play_bot_seats(game)
        game.resolve()


def test_start_is_the_value_on_the_first_turn_not_today():
    game = scenario("crossroads_2025", seed=1)
    lines = score_breakdown(game.game)
    seas = next(line for line in lines["cn"] if line.term.startswith("Claims pressed"))
    assert seas.value == 0.0, "on the start state a gain since the start is exactly zero"
    tensions = ("ecs.tension", "taiwan_strait.tension", "scs.tension")
    before = sum(game.track(t) for t in tensions) / 3
    game.set({"ecs.tension": 85.0})
    seas = next(line for line in score_breakdown(game.game)["cn"] if line.term.startswith("Claims pressed"))
    assert seas.value == pytest.approx(sum(game.track(t) for t in tensions) / 3 - before)
    assert seas.value == pytest.approx(10.0)  # (85 - 55) / 3


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_start_values_computed_without_the_engine_equal_the_engines_start_state_to_the_bit(scenario_id):
    """The compiler computes start() in Python; a term `e - start(e)` on the engine's start state is exactly 0."""
    from game.engine.state import SingleGame

    game = Game.new(scenario_id, seed=2)
    values = SingleGame(game.rules).score_terms(game.state)
    gains = [k for k, (_, term) in enumerate(game.rules.score_terms)
             if " - start(" in term.expr and term.expr == f"{term.expr.split(' - start(')[0]} - start({term.expr.split(' - start(')[0]})"]
    assert gains, "every shipped scenario scores a gain since the start"
    assert [float(values[k]) for k in gains] == [0.0] * len(gains)


def test_ranks_name_places_and_ties():
    assert score_rank({"us": 50.0, "jp": 55.5, "cn": 40.0}) == {"jp": "1st", "us": "2nd", "cn": "3rd"}
    assert score_rank({"us": 50.0, "jp": 50.0, "cn": 40.0}) == {"us": "tied 1st", "jp": "tied 1st", "cn": "3rd"}
    assert score_rank({"us": 60.0, "jp": 50.0, "cn": 50.0 + 1e-12}) == {"us": "1st", "jp": "tied 2nd",
                                                                        "cn": "tied 2nd"}


def test_score_lines_in_json_keep_full_floats():
    game = Game.new("crossroads_2025", seed=0)
    line = score_breakdown(game)["us"][0]
    assert line.to_json() == {"term": line.term, "value": line.value, "weight": line.weight, "points": line.points}
