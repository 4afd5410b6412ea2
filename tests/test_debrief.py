"""The debrief: outcome, scores by term, decisive causes, key events and timeline; core and moved tracks."""

from game.ai import play_bot_seats
from game.session.debrief import core_tracks, debrief, moved_tracks
from game.session.game import Game
from game.session.scoring import score_breakdown
from game.testing import scenario
from test_summary import assert_words, election_won_by_the_opposition


def finished(scenario_id="crossroads_2025", seed=3) -> Game:
    game = Game.new(scenario_id, seed, seats={f: "random" for f in ("us", "jp", "cn")})
    while not game.is_over:
        play_bot_seats(game)
        game.resolve()
    return game


def test_winner_scores_by_term_and_decisive_causes():
    game = finished()
    facts = debrief(game)
    assert not facts.war and game.status.name == "FINISHED"
    assert facts.winner == game.winner()
    name = game.rules.factions[game.rules.faction_index[facts.winner]].name
    assert facts.outcome.startswith(f"{name} wins with ")
    assert facts.breakdown == score_breakdown(game) and facts.scores == game.scores()
    assert 3 <= len(facts.causes) <= 5
    assert all(" points for " in c and " over the game" in c for c in facts.causes)
    assert any("its tracks moved mainly by " in c for c in facts.causes)


def test_timeline_names_every_turns_orders():
    game = finished()
    facts = debrief(game)
    assert [t.turn for t in facts.timeline] == [r.turn for r in game.history]
    first = facts.timeline[0]
    assert set(first.orders) == {"United States", "Japan", "China"}
    assert len(first.orders["Japan"]) == len(game.history[0].orders["jp"])
    rules = game.rules
    assert first.orders["Japan"][0] == rules.action_name(rules.action_index[(game.history[0].orders["jp"][0].move,
                                                                             game.history[0].orders["jp"][0].target)])


def test_key_events_carry_the_government_change_with_its_turn_label():
    game = election_won_by_the_opposition().game
    game.play_turn({})
    facts = debrief(game)
    assert [(e.label, e.kind) for e in facts.key_events if e.kind == "government"] == [("2025 H1", "government")]
    assert facts.timeline[0].government == (
        "Change of government in Tokyo: the opposition takes power and puts welfare before defense",)
    assert facts.winner is None and facts.outcome.split(" leads with ")[0] in {"United States", "Japan", "China"}


def war_game() -> Game:
    """A crossroads game kept at the brink (every sea at 100, a divided alliance) until the war roll hits;
    seeds are searched in order, so the test is deterministic."""
    for seed in range(40):
        game = scenario("crossroads_2025", seed=seed)
        while not game.is_over:
            game.set({"ecs.tension": 100.0, "taiwan_strait.tension": 100.0, "scs.tension": 100.0, "alliance": 30.0})
            game.play()
        if game.status.name == "WAR":
            return game.game
    raise AssertionError("no seed of 40 ended in war")


def test_a_war_is_the_outcome_and_a_key_event():
    game = war_game()
    facts = debrief(game)
    assert facts.war and facts.winner is None
    assert facts.outcome == f"The game ended in war in {game.history[-1].report.label}: every faction loses"
    wars = [e for e in facts.key_events if e.kind == "war"]
    assert len(wars) == 1 and wars[0].label == game.history[-1].report.label
    assert "every faction loses" in wars[0].text
    assert_words([facts.outcome, wars[0].text])


def test_core_and_moved_tracks():
    game = finished()
    rules = game.rules
    core = core_tracks(rules)
    assert "alliance" in core and "us.influence" in core and "ecs.tension" in core
    assert not [t for t in core if rules.tracks[rules.track_index[t]].group in ("channel", "membership")]
    moved = moved_tracks(game, 1.0)
    start = {c.track: c.before for c in game.history[0].report.changes}
    for t in rules.tracks:
        values = [start.get(t.id, game.history[0].x[rules.track_index[t.id]])]
        values += [r.x[rules.track_index[t.id]] for r in game.history]
        assert (t.id in moved) == (max(values) - min(values) > 1.0), t.id
    assert 0 < len(moved) < len(rules.tracks)
    assert "jp.opposition_led" not in moved_tracks(game, 1.0), "a 0/1 track moves by at most 1"
    assert set(moved_tracks(game, 1000.0)) == set()


def test_json_and_players_words():
    for scenario_id, seed in (("crossroads_2025", 3), ("article_ii_2018", 1)):
        facts = debrief(finished(scenario_id, seed))
        raw = facts.to_json()
        assert {"outcome", "winner", "breakdown", "causes", "key_events", "timeline"} <= set(raw)
        texts = [facts.outcome, *facts.causes, *(e.text for e in facts.key_events)]
        texts += [o for t in facts.timeline for orders in t.orders.values() for o in orders]
        assert_words(texts)


def test_timeline_turns_carry_the_event_and_each_factions_biggest_effects():
    game = finished()
    facts = debrief(game)
    rules = game.rules
    for turn, record in zip(facts.timeline, game.history):
        report = record.report
        assert turn.event == (report.event.name if report.event else None)
        for faction, effects in turn.effects.items():
            assert faction in turn.orders and 1 <= len(effects) <= 3
            amounts = [abs(a) for _, a in effects]
            assert amounts == sorted(amounts, reverse=True) and min(amounts) >= 0.05
            fid = next(f.id for f in rules.factions if f.name == faction)
            name, amount = effects[0]
            made = sum(c.amount for ch in report.changes if ch.name == name for c in ch.causes
                       if c.kind == "order" and c.faction == fid)
            assert made == amount
    assert any(t.effects for t in facts.timeline)
    raw = facts.to_json()["timeline"][0]
    assert raw["event"] == facts.timeline[0].event and set(raw["effects"]) == set(facts.timeline[0].effects)
