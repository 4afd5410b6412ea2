"""Turn report headlines: the event, crises, a change of government, joint moves, big core changes, score changes."""

import re

from game.ai import play_bot_seats
from game.session.game import Game
from game.session.report import CORE_GROUPS
from game.testing import scenario

ID = re.compile(r"\b[a-z_]+\.[a-z_.]+\b")  # an internal id such as jp.stability
TWO_DECIMALS = re.compile(r"\d\.\d\d")


def assert_words(texts):
    """Players' words: no internal id, no number with more than one decimal."""
    for text in texts:
        assert not ID.search(text), text
        assert not TWO_DECIMALS.search(text), text


def election_won_by_the_opposition(seed=0):
    """Crossroads with the election this turn and a government in trouble: the opposition takes power."""
    game = scenario("crossroads_2025", seed=seed, event="ev.jp_election")
    return game.set({"jp.opposition": 95.0, "jp.stability": 20.0, "jp.insecurity": 80.0})


def test_a_change_of_government_is_a_headline_from_the_tracks_announce_text():
    game = election_won_by_the_opposition()
    turn = game.play()
    assert game.track("jp.opposition_led") == 1
    items = [i for i in turn.report.summary if i.kind == "government"]
    assert [i.text for i in items] == [
        "Change of government in Tokyo: the opposition takes power and puts welfare before defense"]
    assert turn.report.summary[0].text == "Event: Japanese national election"
    game.set({"jp.mandate": 90.0, "jp.opposition": 20.0, "jp.stability": 80.0, "jp.insecurity": 20.0}).event("ev.jp_election")
    back = game.play()
    assert game.track("jp.opposition_led") == 0
    assert [i.text for i in back.report.summary if i.kind == "government"] == [
        "Change of government in Tokyo: the ruling party takes power back from the opposition"]


def test_no_government_headline_when_the_government_stays():
    game = scenario("crossroads_2025", seed=0, event="ev.jp_election")
    turn = game.play()
    assert game.track("jp.opposition_led") == 0
    assert not [i for i in turn.report.summary if i.kind == "government"]


def test_joint_moves_done_and_failed_name_the_partners():
    game = scenario("crossroads_2025", seed=2)
    turn = game.play(us=["joint.trusted_partners@vietnam", "joint.infra_finance@india"],
                     jp=["joint.trusted_partners@vietnam"])
    joint = [i.text for i in turn.report.summary if i.kind == "joint"]
    assert joint == [
        "Joint move done: Trusted-partner trade framework in Vietnam (United States and Japan)",
        "Joint move failed: Coordinated infrastructure finance in India — United States ordered it, Japan did not",
    ]


def test_every_faction_gets_its_score_change():
    game = scenario("crossroads_2025", seed=2)
    before = game.scores()
    turn = game.play(us=["us.press_defense"])
    after = game.scores()
    scores = [i.text for i in turn.report.summary if i.kind == "score"]
    assert len(scores) == 3
    assert scores[0].startswith("United States score ") and scores[1].startswith("Japan score ")
    assert scores[2].startswith("China score ")
    assert (turn.report.scores_before, turn.report.scores_after) == (before, after)


def test_headline_changes_are_the_largest_core_changes_with_causes_and_leave_budgets_out():
    game = Game.new("crossroads_2025", seed=5, seats={f: "random" for f in ("us", "jp", "cn")})
    play_bot_seats(game)
    report = game.resolve()
    rules = game.rules
    budgets = {f.budget_track for f in rules.factions}
    assert any(c.track in budgets for c in report.changes), "every turn's income changes the budgets"
    core = sorted((c for c in report.changes if rules.tracks[rules.track_index[c.track]].group in CORE_GROUPS
                   and c.track not in budgets), key=lambda c: -abs(c.delta))
    shown = [i.text for i in report.summary if i.kind == "change"]
    assert 5 <= len(shown) <= 8
    assert [t.split(" → ")[0].rsplit(" ", 1)[0] for t in shown] == [c.name for c in core[:len(shown)]]
    assert all(": mainly " in t for t in shown[:3])


def test_changes_split_into_major_and_one_folded_line():
    game = Game.new("crossroads_2025", seed=5, seats={f: "random" for f in ("us", "jp", "cn")})
    play_bot_seats(game)
    report = game.resolve()
    major, folded = report.split_changes()
    assert all(abs(c.delta) >= 0.5 for c in major)
    assert len(major) + folded.count == len(report.changes) and folded.count > 0
    small = [c for c in report.changes if abs(c.delta) < 0.5]
    assert abs(folded.total - sum(abs(c.delta) for c in small)) < 1e-9


def test_summary_in_json_and_in_players_words_over_whole_games():
    for scenario_id, seed in (("crossroads_2025", 1), ("article_ii_2018", 2), ("tutorial", 3)):
        game = Game.new(scenario_id, seed, seats={f: "random" for f in ("us", "jp", "cn")})
        while not game.is_over:
            play_bot_seats(game)
            report = game.resolve()
            assert report.to_json()["summary"] == [{"kind": i.kind, "text": i.text} for i in report.summary]
            assert_words(i.text for i in report.summary)
    game = election_won_by_the_opposition()
    assert_words(i.text for i in game.play().report.summary)
