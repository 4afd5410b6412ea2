"""Balance of the full scenarios for the seat mixes the setup offers, with the allies negotiating as they do in play
(issue criterion: each faction wins 20–50% under a uniform mix, 10–70% against a personality, war comes in some
random and greedy games but not most, no move is more than 60% of a greedy winner's orders). The full table is
`python main.py analyze --balance`; this test plays the first 1,000 seeds, where the shares must already sit inside
the band with a small margin for the smaller sample."""

import pytest

from game.analysis import balance

GAMES = 1000
MARGIN = 0.02  # 1,000 games: a share's standard error is at most 1.6 points
# Personalities the sources make lose on purpose, so their rows are what the setup screen tells a seat to expect,
# not a band to keep: America First (S0-03, S0-06, S0-17) and Coercive China against the united default allies
# (S0-18).
WEAK_ON_PURPOSE = ("us=doctrine:america_first", "cn=doctrine:coercive")


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["crossroads_2025", "article_ii_2018"])
def test_the_seat_mixes_share_the_wins_and_war_comes_sometimes(scenario):
    result = balance(scenario, GAMES, search_games=0)  # the search mix is measured by analyze --balance
    for mix in result.mixes:
        if mix.label in WEAK_ON_PURPOSE:
            continue
        low, high = mix.band
        for faction, share in mix.outcome.win_share.items():
            assert low - MARGIN <= share <= high + MARGIN, f"{scenario} {mix.label}: {faction} wins {share:.1%}"
    for arm in (result.mix("random"), result.mix("greedy")):
        assert 0 < arm.war_rate <= 0.5, f"{scenario}: war in {arm.war_rate:.1%} of games"
    for faction, moves in result.mix("greedy").winner_moves.items():
        top = max(moves.values(), default=0.0)
        assert top <= 0.6, f"{scenario}: one move is {top:.1%} of {faction}'s winning orders"
