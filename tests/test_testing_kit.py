"""The rules-testing kit refuses what it cannot answer (unknown tracks, moves, events; values of the wrong type),
each with a message naming the method, the thing and, where it can, the closest known name."""

from __future__ import annotations

import inspect

import pytest

import game.testing as kit
from game.session.orders import IllegalOrderError
from game.testing import KitError, UnknownName, scenario


@pytest.fixture(scope="module")
def played():
    game = scenario("crossroads_2025").set({"jp.mandate": 30})
    return game, game.play(us=["us.press_defense"])


def test_a_correct_test_still_reads_its_figures(played):
    _, turn = played
    assert turn.delta("jp.stability") < 0
    assert turn.caused("jp.stability", by="us.press_defense") < 0
    assert turn.caused("jp.stability", by="Press Japan to spend more on defense") == turn.caused(
        "jp.stability", by="us.press_defense"), "a display name works as well as the id"
    assert turn.caused("jp.stability", by="us.universal_tariff") == 0.0, "a known move that did nothing gives 0"
    assert turn.causes("jp.stability") and turn.causes("us.tariff") == []
    assert turn.delta("us.tariff") == 0.0
    assert turn.event is None and "ev.defense_backlash" in turn.triggered


def test_a_misspelt_move_in_caused_raises_instead_of_giving_zero(played):
    _, turn = played
    with pytest.raises(UnknownName, match=r"^caused: unknown move, event or rule 'us\.press_defence' — did you mean "
                                          r"'us\.press_defense'\?$"):
        turn.caused("jp.stability", by="us.press_defence")
    with pytest.raises(KeyError, match=r"^caused: unknown move, event or rule 'us\.peninsula_envoi'$"):
        turn.caused("jp.stability", by="us.peninsula_envoi")


@pytest.mark.parametrize("method", ["delta", "causes", "caused"])
def test_turn_methods_refuse_an_unknown_track_with_a_did_you_mean(played, method):
    _, turn = played
    args = {"by": "us.press_defense"} if method == "caused" else {}
    with pytest.raises(UnknownName, match=rf"^{method}: unknown track 'jp.stabilty' — did you mean 'jp.stability'\?$"):
        getattr(turn, method)("jp.stabilty", **args)
    with pytest.raises(UnknownName, match=rf"^{method}: a track is given by its id, a text, not 3$"):
        getattr(turn, method)(3, **args)


def test_set_refuses_unknown_tracks_and_wrong_values_and_sets_nothing_then():
    game = scenario("crossroads_2025")
    before = game.track("alliance")
    with pytest.raises(UnknownName, match=r"^set: unknown track 'aliance' — did you mean 'alliance'\?$"):
        game.set({"alliance": 70, "aliance": 60})
    assert game.track("alliance") == before, "all or nothing"
    with pytest.raises(KitError, match=r"^set: the value of x must be a number, not 'sixty'$"):
        game.set({"x": "sixty"})
    with pytest.raises(KitError, match=r"^set: unknown track 'x'$"):
        game.set({"x": 60})
    with pytest.raises(KitError, match=r"^set: the value of alliance must be a number, not 'sixty'$"):
        game.set({"alliance": "sixty"})
    with pytest.raises(KitError, match=r"^set: the value of alliance must be a number, not True$"):
        game.set(alliance=True)
    with pytest.raises(KitError, match=r"^set: the value of alliance must be a finite number, not nan$"):
        game.set(alliance=float("nan"))
    with pytest.raises(KitError, match=r"^set: alliance = 120 is outside its bounds \[0, 100\]$"):
        game.set(alliance=120)
    with pytest.raises(KitError, match=r"^set: vietnam\.us is derived from other tracks; set its inputs instead$"):
        game.set({"vietnam.us": 40})
    with pytest.raises(KitError, match=r"^set: the values are a mapping of track id to number, not \['alliance'\]$"):
        game.set(["alliance"])
    assert game.set(alliance=61).track("alliance") == 61


def test_unknown_events_are_refused_by_scenario_and_event():
    with pytest.raises(UnknownName, match=r"^scenario: unknown event 'ev\.taiwan_crises' — did you mean "
                                          r"'ev\.taiwan_crisis'\?$"):
        scenario("crossroads_2025", event="ev.taiwan_crises")
    with pytest.raises(UnknownName, match=r"^event: unknown event 'ev\.typo'$"):
        scenario("crossroads_2025").event("ev.typo")
    assert scenario("crossroads_2025", event="ev.inflation_shock").play().event == "ev.inflation_shock"


def test_play_and_track_refuse_what_they_cannot_use():
    game = scenario("crossroads_2025")
    with pytest.raises(KitError, match=r"^play: the orders of us are a list such as \['us\.press_defense'\], not "
                                       r"'us\.press_defense'$"):
        game.play(us="us.press_defense")
    with pytest.raises(IllegalOrderError):
        game.play(us=["us.press_defence"])
    with pytest.raises(UnknownName, match=r"^track: unknown track 'alliances' — did you mean 'alliance'\?$"):
        game.track("alliances")


def test_every_public_method_is_documented_with_what_it_returns():
    """The module docstring names every method, and each method's docstring says what it returns."""
    for cls in (kit.RulesGame, kit.Turn):
        for name, member in vars(cls).items():
            if name.startswith("_"):
                continue
            assert f"{cls.__name__}.{name}" in kit.__doc__, f"{cls.__name__}.{name} is missing from the kit's docstring"
            doc = inspect.getdoc(member.fget if isinstance(member, property) else member)
            assert doc and "Returns" in doc, f"{cls.__name__}.{name}'s docstring does not say what it returns"
    assert "scenario(ref, seed=0, event=None) -> RulesGame" in kit.__doc__
