"""Players' words: one decimal at most, changes that agree with the values shown, text from elsewhere made plain."""

import pytest

from game.scenarios import load_rules
from game.session.words import from_to, names_list, number, plain, shown_delta, signed, source_label


def test_numbers_have_one_decimal_at_most_and_no_minus_zero():
    assert [number(v) for v in (41.54, 40.0, -3.0, -0.04, 0.05)] == ["41.5", "40", "-3", "0", "0.1"]
    assert [signed(v) for v in (2.0, -1.46, 0.01)] == ["+2", "-1.5", "0"]


def test_a_change_is_the_difference_of_the_rounded_values():
    assert from_to(54.24, 50.66) == "54.2 → 50.7 (-3.5)", "not the raw -3.58, which reads -3.6"
    assert from_to(9.96, 10.04) == "10 → 10 (0)"
    assert shown_delta(0.04, 0.06) == pytest.approx(0.1)
    for before, after in ((54.24, 50.66), (1.05, 2.149), (-3.25, 7.35), (33.333, 33.349), (0.06, -0.04)):
        b, rest = from_to(before, after).split(" → ")
        a, d = rest.rstrip(")").split(" (")
        assert float(a) - float(b) == pytest.approx(float(d)), (before, after)


def test_plain_names_tracks_and_rounds_long_decimals():
    rules = load_rules("crossroads_2025")
    assert plain(rules, "jp.stability fell 2.345 points, alliance -0.437") == \
        "Japanese domestic stability fell 2.3 points, alliance -0.4"
    assert plain(rules, "no.such.id stays, as does 1.5") == "no.such.id stays, as does 1.5"
    assert plain(rules, "-0.04 is no change") == "0 is no change"


def test_unknown_names_are_refused_naming_them():
    with pytest.raises(KeyError, match="unknown concept 'S9-99'"):
        source_label("S9-99")
    assert names_list(["a", "b", "c"]) == "a, b and c"
