"""Single rules of "Crossroads" (2025), written with the authors' kit `game.testing`."""

import pytest

from game.engine.layout import Status
from game.testing import scenario

pytestmark = pytest.mark.filterwarnings("ignore")
CROSSROADS = "crossroads_2025"


def test_pressing_a_weak_government_costs_more_stability_than_a_strong_one():
    weak = scenario(CROSSROADS).set({"jp.mandate": 30}).play(us=["us.press_defense"])
    strong = scenario(CROSSROADS).set({"jp.mandate": 70}).play(us=["us.press_defense"])
    assert weak.caused("alliance", by="us.press_defense") > 0
    assert weak.caused("jp.stability", by="us.press_defense") < strong.caused("jp.stability", by="us.press_defense") <= 0


def test_multilateral_security_builds_the_alliance_at_less_domestic_cost_than_pressure():
    start = {"jp.mandate": 35, "jp.stability": 45}
    pressed = scenario(CROSSROADS).set(start).play(us=["us.press_defense"])
    quad = scenario(CROSSROADS).set(start).play(us=["us.quad_exercise"])
    assert pressed.caused("alliance", by="us.press_defense") > 0
    assert quad.caused("alliance", by="us.quad_exercise") > 0
    assert pressed.caused("jp.stability", by="us.press_defense") < quad.caused("jp.stability", by="us.quad_exercise")


def test_settling_friction_makes_joint_moves_stronger():
    def joint_alliance_gain(friction: float) -> float:
        game = scenario(CROSSROADS).set({"friction": friction})
        turn = game.play(us=["joint.economic_dialogue"], jp=["joint.economic_dialogue"])
        return turn.caused("alliance", by="joint.economic_dialogue")

    assert joint_alliance_gain(10) > joint_alliance_gain(80) > 0


def test_coordinated_infrastructure_finance_blunts_coercion():
    turn = scenario(CROSSROADS).play(us=["joint.infra_finance@vietnam"], jp=["joint.infra_finance@vietnam"])
    assert turn.caused("cn.leverage", by="joint.infra_finance") < 0


def test_a_universal_tariff_raises_trade_friction_with_japan():
    turn = scenario(CROSSROADS).play(us=["us.universal_tariff"])
    assert turn.caused("friction", by="us.universal_tariff") > 0


def test_the_japanese_election_is_held_on_its_scheduled_turn():
    game = scenario(CROSSROADS)
    turns = [game.play() for _ in range(game.rules.n_turns)]
    elections = [t.report.turn for t in turns if t.event == "ev.jp_election"]
    assert elections, "the scenario schedules a Japanese election"
    assert all(game.rules.events[game.rules.event_index["ev.jp_election"]].kind == "scheduled" for _ in elections)


def test_war_ends_the_game_and_everyone_loses():
    """At peak tension the war event fires every time; whether deterrence holds is a roll (seeded)."""
    for seed in range(40):
        game = scenario(CROSSROADS, seed).set({"taiwan_strait.tension": 100, "ecs.tension": 100, "scs.tension": 100})
        turn = game.play(cn=["cn.taiwan_pressure"])
        assert "ev.war" in turn.triggered
        if game.status == Status.WAR:
            break
    assert game.status == Status.WAR and game.winner() is None
    with pytest.raises(Exception, match="the game is over"):
        game.play(us=["us.press_defense"])


def test_an_election_can_hand_the_government_to_the_opposition_and_back():
    lost = scenario(CROSSROADS, event="ev.jp_election").set({"jp.opposition": 70, "jp.stability": 30, "jp.mandate": 25})
    lost.play()
    assert lost.track("jp.opposition_led") == 1
    regained = scenario(CROSSROADS, event="ev.jp_election").set(
        {"jp.opposition_led": 1, "jp.opposition": 40, "jp.mandate": 50, "jp.stability": 60})
    regained.play()
    assert regained.track("jp.opposition_led") == 0
    held = scenario(CROSSROADS, event="ev.jp_election").play()  # the 2025 minority cabinet survives a close vote
    assert held.game.track("jp.opposition_led") == 0


def test_an_opposition_cabinet_turns_joint_work_into_less_trust_and_pressure_into_more_backlash():
    def gains(opposition_led: float) -> tuple[float, float]:
        joint = scenario(CROSSROADS).set({"jp.opposition_led": opposition_led}).play(
            us=["joint.trusted_partners@vietnam"], jp=["joint.trusted_partners@vietnam"])
        pressed = scenario(CROSSROADS).set({"jp.opposition_led": opposition_led}).play(us=["us.press_defense"])
        return joint.caused("alliance", by="joint.trusted_partners"), pressed.caused("jp.stability", by="us.press_defense")

    (joint_ruling, pressed_ruling), (joint_opposition, pressed_opposition) = gains(0), gains(1)
    assert 0 < joint_opposition < joint_ruling
    assert pressed_opposition < pressed_ruling < 0
