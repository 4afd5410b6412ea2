"""The setup screen's personality figures (game/scenarios/balance.json) are current with the content, cheaply: the
table names the content hash each scenario was measured with (`python tools/balance_table.py --write` remakes it)."""

import pytest

from game.scenarios import load_rules
from game.session.expectations import expectation, expectation_line, read_table

SCENARIOS = ("crossroads_2025", "article_ii_2018")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_table_was_measured_with_the_shipped_content(scenario):
    kept = read_table()["scenarios"][scenario]
    assert kept["content_hash"] == load_rules(scenario).content_hash, (
        f"game/scenarios/balance.json is stale for {scenario}: run `python tools/balance_table.py --write` and commit it")
    for mix in kept["mixes"].values():
        assert abs(sum(mix["win_share"].values()) + mix["war_rate"] - 1) < 1e-3


def test_an_america_first_seat_tells_the_others_what_to_expect():
    rules = load_rules("crossroads_2025")
    found = expectation(rules, "us", "doctrine:america_first")
    kept = read_table()["scenarios"]["crossroads_2025"]["mixes"]["us=doctrine:america_first"]
    assert found is not None and found.win_share == kept["win_share"]
    line = expectation_line(rules, found)
    assert line.startswith(f"Against America First (United States), in {kept['games']} test games with the other "
                           "seats' default bots: Japan won ")
    assert f"Japan won {kept['win_share']['jp']:.0%}" in line and f"China won {kept['win_share']['cn']:.0%}" in line


def test_no_line_for_a_default_seat_or_for_other_content():
    rules = load_rules("crossroads_2025")
    assert expectation(rules, "us", "doctrine") is None and expectation(rules, "us", "greedy") is None
    stale = {"scenarios": {"crossroads_2025": {"content_hash": "other", "mixes": {}}}}
    assert expectation(rules, "us", "doctrine:america_first", stale) is None
