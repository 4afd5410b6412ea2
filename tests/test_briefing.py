"""The briefing: the event revealed with its effect in words, what is scheduled next, news of a new government."""

from game.ai import play_bot_seats
from game.session.briefing import Briefing, briefing
from game.session.game import Game
from game.testing import scenario
from test_summary import assert_words, election_won_by_the_opposition


def test_event_and_its_effect_in_words():
    game = scenario("crossroads_2025", seed=0, event="ev.inflation_shock")
    brief = briefing(game.game)
    assert (brief.turn, brief.label) == (1, "2025 H1")
    assert (brief.event.id, brief.event.name) == ("ev.inflation_shock", "Inflation shock")
    assert brief.effect == ("raises Japanese economic insecurity by 8; raises U.S. economic insecurity by 5; "
                            "lowers Japanese domestic stability by 2")


def test_conditional_amounts_are_given_on_todays_values():
    game = scenario("crossroads_2025", seed=0, event="ev.senkaku_incident").set(alliance=60.0)
    effect = briefing(game.game).effect
    assert effect.startswith("raises East China Sea & Senkakus tension by 8; raises Public support")
    assert effect.endswith("raises U.S.–Japan alliance strength by 2 on today's values")
    game.set(alliance=40.0)
    assert briefing(game.game).effect.endswith("lowers U.S.–Japan alliance strength by 2 on today's values")


def test_no_event_and_the_election_scheduled_next_turn():
    game = scenario("crossroads_2025", seed=0)
    brief = briefing(game.game)
    assert brief.event is None and brief.effect == ""
    assert brief.upcoming.turn == 2 and brief.upcoming.event.id == "ev.jp_election"
    assert brief.upcoming.text == "Next turn (2025 H2): Japanese national election"
    game.play()
    assert briefing(game.game).upcoming is None, "nothing is scheduled for turn 3"


def test_banner_after_a_change_of_government_only():
    game = election_won_by_the_opposition()
    assert briefing(game.game).banner is None
    game.play()
    assert briefing(game.game).banner == ("Change of government in Tokyo: the opposition takes power and puts "
                                          "welfare before defense")
    game.play()
    assert briefing(game.game).banner is None, "the news is the last turn's only"


def test_json_round_trip_and_players_words_over_a_game():
    game = Game.new("crossroads_2025", seed=6, seats={f: "random" for f in ("us", "jp", "cn")})
    while not game.is_over:
        brief = briefing(game)
        raw = brief.to_json()
        assert {"event", "upcoming", "effect", "banner"} <= set(raw)
        assert Briefing.from_json(raw) == brief
        assert_words([brief.effect, brief.banner or "", brief.upcoming.text if brief.upcoming else ""])
        play_bot_seats(game)
        game.resolve()
    over = briefing(game)
    assert over.event is None and over.upcoming is None
