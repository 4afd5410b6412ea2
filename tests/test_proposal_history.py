"""Proposals in the game's history: the turn report's lines for every standing, its JSON, saves (format 5, the
autosave's turn in progress, damaged proposals refused with their place), replay and branch."""

import json

import numpy as np
import pytest

from game.session import saves
from game.session.branch import branch
from game.session.game import Game
from game.session.proposals import Standing
from game.session.replay import Replay
from game.session.report_json import ReportFormatError, report_from_json, report_to_json
from game.session.view import View

PEOPLE = {"us": "human", "jp": "human", "cn": "human"}


def joints(game, faction="us"):
    """One legal joint order per joint move, in the order the game lists them."""
    seen, found = set(), []
    for order in game.legal_orders(faction):
        if order.move.startswith("joint.") and order.move not in seen:
            seen.add(order.move)
            found.append(order)
    return found


def negotiated_game() -> Game:
    """Three resolved turns with a proposal of every standing (each turn's orders besides are none)."""
    game = Game.new("crossroads_2025", 3, PEOPLE)
    a, b = joints(game)[:2]
    game.propose("us", a, "shore up the alliance")
    game.answer("jp", 1, "accept")
    game.propose("jp", b, "our firms are ready")
    game.answer("us", 2, "decline", "with discontent at 60 Congress won't fund it")
    game.play_turn({})
    a, b = joints(game)[:2]
    game.propose("us", a)
    game.answer("jp", 1, "counter", "rather this", b)
    game.commit("us")  # Japan's counter lapses when the U.S. commits without answering it
    game.play_turn({})
    a, b, c = joints(game)[:3]
    game.propose("us", a)
    game.answer("jp", 1, "accept")
    game.withdraw("us", 1, "new instructions")
    game.propose("jp", b)
    game.withdraw("jp", 2, "")
    game.propose("jp", c)  # never answered: lapses when the U.S. commits
    game.play_turn({})
    return game


@pytest.fixture(scope="module")
def played() -> Game:
    return negotiated_game()


def lines(report, kinds=("joint", "proposal")):
    return [i.text for i in report.summary if i.kind in kinds]


def test_the_report_says_how_each_proposal_ended(played):
    one, two, three = played.reports()
    assert lines(one) == [
        "United States and Japan agreed on Trusted-partner trade framework in South Korea (proposed by United States)",
        "United States declined Japan's proposal of Coordinated infrastructure finance in Philippines: with discontent "
        "at 60 Congress won't fund it"]
    assert lines(two) == [
        "Japan countered United States' proposal of Trusted-partner trade framework in South Korea with Coordinated "
        "infrastructure finance in Philippines: rather this",
        "Japan's proposal of Coordinated infrastructure finance in Philippines got no answer before United States "
        "committed"]
    assert lines(three) == [
        "United States withdrew from its agreement with Japan on Trusted-partner trade framework in South Korea: new "
        "instructions",
        "Japan withdrew its proposal of Coordinated infrastructure finance in Philippines to United States",
        "Japan's proposal of Settle bilateral trade disputes got no answer before United States committed"]
    assert [p.standing for p in three.negotiation] == [Standing.WITHDRAWN, Standing.WITHDRAWN, Standing.LAPSED]
    assert not any("Joint move done" in t for r in played.reports() for t in lines(r))


def test_a_joint_move_ordered_without_a_proposal_keeps_its_plain_headline_and_the_unmatched_note():
    game = Game.new("crossroads_2025", 3, PEOPLE)
    a, b = joints(game)[:2]
    report = game.play_turn({"us": [a, b], "jp": [a]})
    assert lines(report)[0].startswith("Joint move done: ") and lines(report)[1].startswith("Joint move failed: ")
    assert any("Japan did not" in n for n in report.notes) and report.negotiation == ()


def test_the_reports_negotiation_round_trips_and_reaches_every_view(played):
    for report in played.reports():
        assert report_from_json(json.loads(json.dumps(report_to_json(report)))) == report
        assert report.to_json()["negotiation"] == [p.to_json() for p in report.negotiation]
    seen = View.from_json(played.view("cn").to_json()).history
    assert seen[0].negotiation == played.reports()[0].negotiation, "public once the turn has resolved"
    doc = report_to_json(played.reports()[0])
    doc["negotiation"][1]["standing"] = "maybe"
    with pytest.raises(ReportFormatError, match=r"negotiation\[1\]: standing 'maybe' is not one of open, accepted"):
        report_from_json(doc)


def test_a_save_keeps_every_turns_proposals_and_loads_them_back(played, tmp_path):
    path = saves.save(played, tmp_path / "game.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == 5 and [len(t.get("negotiation", [])) for t in doc["turns"]] == [2, 2, 3]
    loaded = saves.load(path)
    assert [r.negotiation for r in loaded.history] == [r.negotiation for r in played.history]
    assert loaded.reports() == played.reports()


def test_an_autosave_mid_turn_restores_open_proposals_and_agreements_with_their_orders(played, tmp_path):
    game = saves.load(saves.save(played, tmp_path / "g.json"))
    a, b = joints(game)[:2]
    game.propose("us", a, "again")
    game.answer("jp", 1, "accept")
    game.propose("jp", b, "and this")
    game.commit("cn")
    loaded = saves.load(saves.save(game, tmp_path / "auto.json", pending=True))
    assert tuple(loaded.negotiation) == tuple(game.negotiation) and loaded.pending == game.pending
    assert loaded.pending["us"] == [a] and loaded.pending["jp"] == [a, b] and loaded.committed == {"cn"}
    loaded.answer("us", 2, "accept")  # the open proposal can still be answered, the agreement still holds
    with pytest.raises(ValueError, match="Japan: Coordinated infrastructure finance in Philippines is its agreement with United States; withdraw"):
        loaded.undo("jp")
    report = loaded.play_turn({})
    assert [p.standing for p in report.negotiation] == [Standing.ACCEPTED, Standing.ACCEPTED]


def test_an_old_format_loads_with_no_proposals_and_cannot_claim_any(tmp_path):
    game = Game.new("crossroads_2025", 3, PEOPLE)
    game.play_turn({})
    doc = saves.to_json(game)
    doc["version"] = 4
    old = saves.from_json(doc)
    assert old.history[0].negotiation == () and old.history[0].report.negotiation == ()
    played = negotiated_game()
    doc = saves.to_json(played)
    doc["version"] = 4
    with pytest.raises(saves.SaveError, match="save format 4 has no proposals between allies"):
        saves.from_json(doc, "old.json")


def test_a_damaged_proposal_is_refused_with_every_problem_and_where_it_is(played, tmp_path):
    doc = saves.to_json(played)
    doc["turns"][0]["negotiation"][0]["order"] = "joint.no_such_move@vietnam"
    doc["turns"][0]["negotiation"][1]["by"] = "ru"
    doc["turns"][2]["negotiation"][2]["standing"] = "open"
    with pytest.raises(saves.SaveError) as caught:
        saves.from_json(doc, "class.json")
    message = str(caught.value)
    assert message.startswith("class.json is damaged or hand-edited: ")
    assert "turns[0].negotiation[0] (turn 1).order: 'joint.no_such_move@vietnam' is not a move" in message
    assert "turns[0].negotiation[1] (turn 1).by: unknown faction 'ru'" in message
    assert "turns[2].negotiation[2] (turn 3).standing: 'open' in a resolved turn" in message
    doc = saves.to_json(played)
    doc["turns"][1]["negotiation"][0]["number"] = "1"
    del doc["turns"][1]["negotiation"][1]["reason"]
    with pytest.raises(saves.SaveError) as caught:
        saves.from_json(doc, "class.json")
    assert "turns[1].negotiation[0].number: Input should be a valid integer" in str(caught.value)
    assert "turns[1].negotiation[1].reason: Field required" in str(caught.value)


def test_an_agreement_whose_order_is_missing_from_the_turns_orders_is_refused(played):
    doc = saves.to_json(played)
    doc["turns"][0]["orders"]["jp"] = []
    with pytest.raises(saves.SaveError, match=r"turns\[0\].negotiation\[0\] \(turn 1\): 'joint.trusted_partners @ "
                       r"south_korea' is agreed but not among jp's orders of the turn"):
        saves.from_json(doc, "class.json")


def test_a_pending_open_proposal_to_a_faction_that_committed_is_refused(played):
    game = saves.from_json(saves.to_json(played))
    game.propose("us", joints(game)[0])
    doc = saves.to_json(game, pending=True)
    doc["pending"]["committed"] = ["jp"]
    with pytest.raises(saves.SaveError, match=r"pending.negotiation\[0\] \(turn 4\).standing: 'open', but jp has "
                       r"committed without answering"):
        saves.from_json(doc, "auto.json")


def test_replay_frames_have_each_turns_proposals_and_never_the_pending_turns(played, tmp_path):
    game = saves.load(saves.save(played, tmp_path / "g.json"))
    game.propose("us", joints(game)[0], "the secret offer")
    path = saves.save(game, tmp_path / "auto.json", pending=True)
    assert "the secret offer" in path.read_text(encoding="utf-8"), "the autosave keeps the turn in progress"
    replay = Replay.open(path)
    assert [f.negotiation for f in replay.frames()] == [r.negotiation for r in played.history]
    assert all(f.report.negotiation == f.negotiation for f in replay.frames())
    assert len(replay.final().negotiation) == 0 and len(replay.game_before(4).negotiation) == 0
    assert all("the secret offer" not in json.dumps(report_to_json(f.report)) for f in replay.frames())


def test_a_branch_that_replays_the_originals_orders_is_bit_for_bit(played, tmp_path):
    path = saves.save(played, tmp_path / "g.json")
    game = branch(path, 1)
    for record in played.history:
        game.negotiation.proposals = list(record.negotiation)  # the agreed orders are among the orders replayed
        game.play_turn({f: list(o) for f, o in record.orders.items()})
    for mine, theirs in zip(game.history, played.history):
        assert np.array_equal(mine.x, theirs.x) and np.array_equal(mine.ints, theirs.ints)
        assert mine.negotiation == theirs.negotiation


# ---- terminal play ---------------------------------------------------------------------------------------


def terminal(lines, **changes):
    import argparse
    from io import StringIO

    from game.cli import play

    args = dict(headless=True, scenario="crossroads_2025", seed=3, seats="us=human,jp=human", load=None, save=None,
                turns=1, json=False)
    args.update(changes)
    out = StringIO()
    status = play.run(argparse.Namespace(**args), out=out, inp=StringIO("\n".join(lines) + "\n"))
    return status, out.getvalue()


def test_a_person_proposes_and_the_partner_answers_in_the_terminal(capsys):
    status, text = terminal([
        "propose joint.trusted_partners@south_korea shore up the alliance",
        "accept 1",  # the U.S. cannot answer its own proposal
        "withdraw 9",
        "decline x",
        "propose joint.trusted_partners@south_korea again",  # already among its orders
        "",  # the U.S. commits; Japan's turn
        "accept 1",
        "undo",  # an agreement is not dropped by undo
        "propose joint.infra_finance@philippines our firms are ready",
        "counter 2 joint.settle_friction rather this",  # Japan cannot counter its own proposal
        "withdraw 2 not now",
        "",
    ])
    assert status == 0, text
    refused = [line.strip() for line in text.splitlines() if line.strip().startswith("refused:")]
    assert refused == [
        "refused: United States: no open proposal 1 waits for its answer (none is open)",
        "refused: United States: no proposal 9 this turn that it is party to",
        "refused: write 'decline N [reason]' with the number of the proposal",
        "refused: United States: Trusted-partner trade framework is already among this turn's orders",
        "refused: Japan: Trusted-partner trade framework in South Korea is its agreement with United States; withdraw "
        "the agreement to drop it",
        "refused: Japan: United States has already committed its orders this turn, so it cannot answer a proposal",
        "refused: Japan: no open proposal 2 waits for its answer (none is open)",
        "refused: Japan: no proposal 2 this turn that it is party to",
    ]
    assert "   proposal 1: United States' proposal of Trusted-partner trade framework in South Korea is waiting for an " \
           "answer from Japan\n      Proposed because: shore up the alliance\n" in text
    assert "  United States and Japan agreed on Trusted-partner trade framework in South Korea (proposed by United " \
           "States)\n" in text


def test_a_bot_partner_answers_a_persons_proposal_at_once_and_the_json_has_it(capsys):
    import json as json_

    status, text = terminal(["propose joint.trusted_partners@south_korea shore up", ""], seats="us=human,jp=random",
                            json=True)
    assert status == 0
    start = text.index("{\n")
    doc = json_.loads(text[start:])
    (proposal,) = doc["turns"][0]["negotiation"]
    assert (proposal["by"], proposal["standing"], proposal["answered_by"]) == ("us", "declined", "jp")
    assert proposal["answer_reason"] and proposal["reason"] == "shore up"
    assert any(i["kind"] == "proposal" and i["text"].startswith("Japan declined United States' proposal of ")
               for i in doc["turns"][0]["summary"])


# ---- debrief and the exported report ---------------------------------------------------------------------


def test_the_debrief_counts_each_factions_agreements_declined_and_lapsed_proposals(played):
    from game.session.debrief import debrief

    facts = debrief(played)
    counts = {f: n.to_json() for f, n in facts.negotiation.items()}
    assert counts == {"us": {"agreements": 1, "declined": 0, "lapsed": 2},
                      "jp": {"agreements": 1, "declined": 1, "lapsed": 0},
                      "cn": {"agreements": 0, "declined": 0, "lapsed": 0}}
    assert facts.to_json()["negotiation"] == counts


def test_the_exported_report_has_each_turns_proposals_and_questions_from_them(played):
    from html import unescape

    from game.export.questions import questions
    from game.export.report import report_html

    text = unescape(report_html(played))
    assert "Proposals between allies" in text
    assert ("Proposal 2: United States declined Japan's proposal of Coordinated infrastructure finance in Philippines: "
            "with discontent at 60 Congress won't fund it") in text
    assert "Proposed because: shore up the alliance" in text
    assert "got no answer before United States committed" in text
    label = played.reports()[0].label
    assert (f"You declined Japan's proposal of Coordinated infrastructure finance in Philippines in {label}. What would "
            "have changed if you had accepted?") in questions(played, "us")
    assert (f"United States declined your proposal of Coordinated infrastructure finance in Philippines in {label} "
            "(“with discontent at 60 Congress won't fund it”). What could you have offered that it would accept?") \
        in questions(played, "jp")
    assert not any("proposal" in q for q in questions(played, "cn"))
