"""Crises are the events the content flags `crisis: true`: the analysis counts only those, and the turn report,
the debrief and the analysis text call only those crises; every other triggered event is still reported, as an event."""

from __future__ import annotations

import numpy as np
import pytest

from game.analysis import run
from game.cli.analysis_text import outcome_lines
from game.engine import state as engine
from game.engine.layout import FIRED
from game.rules.schema import Event
from game.scenarios import load_rules
from game.session.debrief import debrief
from game.testing import scenario

GAMES = 400


@pytest.fixture(scope="module")
def rules():
    return load_rules("crossroads_2025")


def test_the_flag_defaults_to_no_crisis_and_is_read_from_the_content(rules):
    event = Event(id="ev.x", name="X", kind="drawn", sources=["S0-18"], effects=[{"track": "alliance", "add": 1}])
    assert event.crisis is False
    assert rules.is_crisis("ev.taiwan_crisis") and rules.is_crisis("ev.no_confidence") and rules.is_crisis("ev.war")
    assert not rules.is_crisis("ev.china_joins_cptpp") and not rules.is_crisis("ev.us_joins_cptpp")
    assert not rules.is_crisis("ev.no_such_event")
    assert rules.crisis_events == tuple(e.id for e in rules.events if e.crisis)
    assert "ev.taiwan_crisis" in rules.crisis_events and "ev.china_joins_cptpp" not in rules.crisis_events


def test_the_crisis_rate_counts_crisis_events_only_and_every_triggered_event_stays_listed(rules):
    outcome = run(rules, GAMES, seed=0, proposals=False)  # the kernel's random orders, as the rollout below plays
    state = engine.new_state(rules, np.arange(GAMES))
    engine.rollout(rules, state)
    fired = state.ints[:, FIRED:FIRED + len(rules.events)] > 0
    crisis = fired[:, [rules.event_index[e] for e in rules.crisis_events]].any(axis=1)
    assert np.array_equal(outcome.crisis, crisis) and outcome.crisis_rate == crisis.mean()
    cptpp = fired[:, rules.event_index["ev.china_joins_cptpp"]]
    assert (cptpp & ~crisis).any(), "some game has China join the CPTPP and no crisis: it must not count"
    assert set(outcome.crises) == set(rules.crisis_events)
    assert set(outcome.triggered) == {e.id for e in rules.events if e.kind == "triggered"}
    assert outcome.triggered["ev.china_joins_cptpp"] == cptpp.mean() and "ev.china_joins_cptpp" not in outcome.crises
    assert outcome.crises["ev.taiwan_crisis"] == fired[:, rules.event_index["ev.taiwan_crisis"]].mean()
    doc = outcome.to_json()
    assert doc["crises"] == outcome.crises and doc["triggered"] == outcome.triggered
    assert "crisis: true" in doc["crisis_definition"]
    text = "\n".join(outcome_lines(rules, outcome, all_tracks=False))
    assert "  by crisis: " in text and "ev.china_joins_cptpp" not in text.split("  by crisis: ")[1].split("\n")[0]
    assert f"  other triggered events (not crises): ev.china_joins_cptpp {100 * cptpp.mean():.1f}%" in text


def test_a_cptpp_accession_is_headlined_as_an_event_and_the_taiwan_crisis_as_a_crisis():
    game = scenario("crossroads_2025").set({"cptpp.member.cn": 1})
    turn = game.play()
    assert "ev.china_joins_cptpp" in turn.triggered
    summary = [(i.kind, i.text) for i in turn.report.summary]
    assert ("event", "Event: China joins the CPTPP") in summary
    assert not any(kind == "crisis" for kind, _ in summary)

    game = scenario("crossroads_2025").set({"taiwan_strait.tension": 80, "alliance": 40})
    turn = game.play()
    assert "ev.taiwan_crisis" in turn.triggered
    assert ("crisis", "Crisis: Taiwan Strait crisis") in [(i.kind, i.text) for i in turn.report.summary]


def test_the_debrief_names_only_crisis_events_crises():
    game = scenario("crossroads_2025").set({"cptpp.member.cn": 1, "taiwan_strait.tension": 80, "alliance": 40})
    game.play()
    facts = debrief(game.game)
    kinds = {e.text: e.kind for e in facts.key_events}
    assert kinds["China joins the CPTPP"] == "event" and kinds["Taiwan Strait crisis"] == "crisis"
    first = facts.timeline[0]
    assert "China joins the CPTPP" in first.triggered and "Taiwan Strait crisis" in first.crises
    assert "China joins the CPTPP" not in first.crises and first.to_json()["crises"] == list(first.crises)
