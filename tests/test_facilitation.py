"""The facilitator's actions: inject, assume, seat, undo a turn — refused with reasons, recorded, saved and replayed."""

import json

import numpy as np
import pytest

from game.ai import play_bot_seats
from game.session import saves
from game.session.facilitation import InterventionError
from game.session.game import Game
from game.session.view import View


def bots(game: Game, spec: str = "greedy") -> Game:
    game.seats = {f: spec for f in game.factions}
    return game


def resolve(game: Game):
    play_bot_seats(game, factions=[f for f in game.factions if f not in game.committed])
    return game.resolve()


def same_game(a: Game, b: Game) -> bool:
    return (np.array_equal(a.state.x, b.state.x) and np.array_equal(a.state.ints, b.state.ints)
            and a.interventions == b.interventions and a.pending == b.pending and a.committed == b.committed)


def test_an_inject_replaces_the_turns_event_is_announced_and_headlines_the_report():
    game = Game.new("crossroads_2025", 4)
    assert game.rules.injects == ["ev.inject_allied_tariff", "ev.inject_snap_election"]
    record = game.inject("ev.inject_allied_tariff", "as in the news this week")
    assert game.event.id == "ev.inject_allied_tariff"
    assert record.words == "Inject by the facilitator: Washington announces tariffs on allies' cars (as in the news this week)"
    assert [i.words for i in game.view("cn").interventions] == [record.words]
    assert game.public_view().interventions == (record,)
    friction = game.track("friction")
    report = game.play_turn({})
    assert report.summary[0].kind == "facilitator" and report.summary[0].text == record.words
    assert report.event.id == "ev.inject_allied_tariff"
    assert report.change("friction").after > friction
    assert game.view("us").interventions == ()  # the next turn has none yet


def test_the_kernel_never_plays_an_inject_by_itself():
    game = bots(Game.new("crossroads_2025", 11))
    while not game.is_over:
        resolve(game)
    counters = game.state.ints[0]
    from game.engine.layout import FIRED
    assert all(counters[FIRED + game.rules.event_index[e]] == 0 for e in game.rules.injects)


def test_refused_facilitator_actions_say_why_and_change_nothing():
    game = Game.new("crossroads_2025", 2)
    before = game.state.copy()
    cases = {
        ("inject", "ev.inject_snap_electon"): "unknown event 'ev.inject_snap_electon' — did you mean 'ev.inject_snap_election'?",
        ("assume", "jp.stabilty", 40, "x"): "unknown track 'jp.stabilty' — did you mean 'jp.stability'?",
        ("assume", "jp.stability", 140, "x"): "Japanese domestic stability runs from 0 to 100; 140 is outside",
        ("assume", "jp.stability", True, "x"): "a value for Japanese domestic stability is a number, not True",
        ("assume", "jp.stability", float("nan"), "x"): "a value for Japanese domestic stability is a number, not nan",
        ("assume", "jp.stability", 40, "  "): "say why Japanese domestic stability changes: an assumption is reported "
                                               "with its reason",
        ("assume", "jp.stability", 40, "x" * 301): "a reason has at most 300 characters, not 301",
        ("set_seat", "us", ""): "a seat is 'human' or a bot's name, not ''",
        ("undo_turn",): "no turn has been resolved yet, so there is none to take back",
    }
    for (method, *args), message in cases.items():
        with pytest.raises(InterventionError) as caught:
            getattr(game, method)(*args)
        assert str(caught.value) == message
    derived = next(t for t in game.rules.tracks if t.derived)
    with pytest.raises(InterventionError) as caught:
        game.assume(derived.id, 50, "x")
    assert str(caught.value) == f"{derived.name} is worked out from other tracks each turn; set one of those instead"
    assert np.array_equal(game.state.x, before.x) and np.array_equal(game.state.ints, before.ints)
    assert game.interventions == []


def test_in_japanese_the_refusals_have_no_english():
    from game.i18n import use
    from i18n_kit import assert_no_english

    game = Game.new("crossroads_2025", 2)
    derived = next(t for t in game.rules.tracks if t.derived)
    costly = next(o for o in game.legal_orders("jp")
                  if game.rules.moves[game.rules.move_index[o.move]].cost.budget > 0)
    game.submit("jp", costly)
    cases = [("inject", "ev.inject_snap_electon"), ("assume", "jp.stability", 140, "x"),
             ("assume", "jp.stability", True, "x"), ("assume", "jp.stability", 40, "  "),
             ("assume", "jp.stability", 40, "x" * 301), ("assume", derived.id, 50, "x"), ("set_seat", "us", ""),
             ("undo_turn",), ("assume", "jp.budget", 0, "予算凍結")]
    with use("ja"):
        for method, *args in cases:
            with pytest.raises(InterventionError) as caught:
                getattr(game, method)(*args)
            assert_no_english(str(caught.value), f"{method}{tuple(args)!r}", allow=["human", "True", "inject", "snap",
                                                                                      "electon", "election"])
        with pytest.raises(InterventionError, match="想定の変更は理由とともに報告されます"):
            game.assume("jp.stability", 40, "")
        assert str(game_over_refusal(game)) == "ゲームは終了しているため、状況付与はできません"


def game_over_refusal(game: Game) -> Exception:
    """The refusal of an inject once the game is over (the game is played out by bots first)."""
    game.pending["jp"] = []
    while not game.is_over:
        play_bot_seats(game)
        for f in game.factions:
            game.commit(f)
        game.resolve()
    with pytest.raises(InterventionError) as caught:
        game.inject("ev.inject_snap_election")
    return caught.value


def test_an_action_that_would_make_a_pending_order_illegal_is_refused_whole():
    game = Game.new("crossroads_2025", 2)
    costly = next(o for o in game.legal_orders("jp")
                  if game.rules.moves[game.rules.move_index[o.move]].cost.budget > 0)
    game.submit("jp", costly)
    budget = game.track("jp.budget")
    with pytest.raises(InterventionError) as caught:
        game.assume("jp.budget", 0, "a budget freeze")
    name = game.rules.action_name(game.rules.action_index[(costly.move, costly.target)])
    assert str(caught.value).startswith(f"Assumption: Japanese budget set to 0 (a budget freeze) would make Japan's "
                                        f"order {name!r} illegal (")
    assert str(caught.value).endswith("; that team should take the order back first")
    assert game.track("jp.budget") == budget and game.interventions == [] and game.pending["jp"] == [costly]


def test_an_assumption_sets_the_track_for_the_rest_of_the_game_and_derived_tracks_follow():
    game = Game.new("crossroads_2025", 2)
    record = game.assume("jp.stability", 20, "the coalition partner walks out")
    assert game.track("jp.stability") == 20
    assert record.words == "Assumption: Japanese domestic stability set to 20 (the coalition partner walks out)"
    fresh = Game.new("crossroads_2025", 2)
    fresh.state.x[0, fresh.rules.track_index["jp.stability"]] = 20
    fresh.engine.derive(fresh.state)
    assert np.array_equal(game.state.x, fresh.state.x)
    report = game.play_turn({})
    assert report.interventions == (record,)


def test_undoing_a_turn_reopens_it_with_its_orders_pending_and_undoes_later_actions():
    game = bots(Game.new("crossroads_2025", 8))
    resolve(game)
    x, ints = game.state.x.copy(), game.state.ints.copy()
    play_bot_seats(game)
    orders = {f: list(game.pending[f]) for f in game.factions}
    game.resolve()
    game.inject("ev.inject_snap_election")  # during turn 3: goes with the undo of turn 2
    record = game.undo_turn("Japan pressed the wrong key")
    assert record.words == "Turn 2 taken back by the facilitator: its orders are open again (Japan pressed the wrong key)"
    assert game.turn == 2 and len(game.history) == 1
    assert np.array_equal(game.state.x, x) and np.array_equal(game.state.ints, ints)
    assert game.pending == orders and game.committed == set()
    assert [(i.kind, i.turn, i.undone) for i in game.interventions] == [("inject", 3, True), ("undo", 2, False)]
    report = resolve(game)
    assert report.summary[0].text == record.words


def test_a_facilitated_game_saves_and_replays_exactly_with_its_pending_orders(tmp_path):
    game = bots(Game.new("crossroads_2025", 5))
    game.inject("ev.inject_allied_tariff")
    resolve(game)
    game.assume("jp.stability", 38, "a scandal")
    resolve(game)
    game.undo_turn()
    game.assume("us.polarization", 70, "a contested election")
    resolve(game)
    game.set_seat("us", "human", "the U.S. team is back")
    game.inject("ev.inject_snap_election")
    game.submit("us", game.legal_orders("us")[0])
    game.commit("cn")
    path = saves.save(game, tmp_path / "class.json", pending=True)
    loaded = saves.load(path)
    assert same_game(loaded, game) and loaded.seats == game.seats
    assert [r.report.summary for r in loaded.history] == [r.report.summary for r in game.history]
    assert json.loads(path.read_text())["version"] == 5


def test_damaged_interventions_in_a_save_are_refused_with_the_reason(tmp_path):
    game = Game.new("tutorial", 1)
    game.inject("ev.inject_allied_tariff")
    doc = saves.to_json(game, pending=True)
    cases = [
        (lambda d: d["interventions"][0].update(kind="teleport"),
         "save: interventions[0]: kind 'teleport' is not one of inject, assume, seat, undo (the save is damaged or "
         "hand-edited)"),
        (lambda d: d["interventions"][0].update(subject="ev.nothing"),
         "save: interventions[0] names 'ev.nothing', which scenario 'tutorial' does not have (the save is damaged or "
         "hand-edited)"),
        (lambda d: d["interventions"][0].update(turn="1"),
         "save: interventions[0]: turn must be a whole number of at least 1, not '1' (the save is damaged or "
         "hand-edited)"),
        (lambda d: d.update(version=2),
         "save is damaged or hand-edited: save format 2 has no facilitator actions (they came with format 3)"),
    ]
    for change, message in cases:
        broken = json.loads(json.dumps(doc))
        change(broken)
        with pytest.raises(saves.SaveError) as caught:
            saves.from_json(broken)
        assert str(caught.value) == message


def test_the_public_view_has_no_orders_no_private_tracks_and_no_bot_seed():
    game = Game.new("crossroads_2025", 3)
    for faction in game.factions:
        game.submit(faction, game.legal_orders(faction)[0])
    game.commit("us")
    view = game.public_view()
    assert view.public and view.own_orders == () and view.partner_orders == {} and view.bot_seed == 0
    assert view.committed == {"us"}
    assert all(game.rules.tracks[game.rules.track_index[t]].public for t in view.tracks)
    assert View.from_json(json.loads(json.dumps(view.to_json()))) == view
    text = json.dumps(view.to_json())
    assert not any(str(o) in text for f in game.factions for o in game.pending[f])


def test_a_bot_handed_a_seat_mid_turn_replaces_its_orders_or_changes_nothing():
    game = Game.new("crossroads_2025", 6)
    game.submit("jp", game.legal_orders("jp")[0])
    game.set_seat("jp", "greedy")
    reasons = play_bot_seats(game, factions=["jp"])
    assert "jp" in reasons and "jp" in game.committed

    class Refused:
        def choose(self, view, desk):
            return [desk.legal_orders()[0]] * 2, "twice the same"  # the second is refused as a duplicate

    game = Game.new("crossroads_2025", 6)
    kept = game.legal_orders("us")[0]
    game.submit("us", kept)
    with pytest.raises(Exception, match="already among this turn's orders"):
        play_bot_seats(game, bots={"us": Refused()}, factions=["us"])
    assert game.pending["us"] == [kept] and "us" not in game.committed


def test_a_scenario_file_defines_its_own_injects_and_duplicates_are_problems(tmp_path):
    from game.rules.compiler import check_paths
    from game.scenarios import SCENARIO_DIR

    text = (SCENARIO_DIR / "tutorial.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "dup.yaml"
    copy.write_text(text.replace("id: ev.inject_allied_tariff", "id: ev.inflation_shock", 1).replace(
        "id: tutorial", "id: dup_tutorial", 1), encoding="utf-8")
    problems, _ = check_paths([copy])
    assert any("duplicate event id 'ev.inflation_shock' (an inject needs an id no other event has)" in str(p)
               for p in problems), problems
