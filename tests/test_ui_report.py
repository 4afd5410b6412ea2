"""The report, the debrief and the reference pages as players read them: the ledger folds the small changes,
no internal id or long decimal is drawn, sources carry their labels, the sources and glossary pages open and
close by key, the debrief leaves flat tracks out, and the timeline names crises and changes of government."""

import re
import sys
import types
from html import escape

import pygame
import pygame_gui
import pytest

from game.rules.concepts import ARTICLES, CONCEPTS
from game.rules.glossary import load_glossary
from game.rules.problems import ContentError
from game.session.game import Game
from game.testing import RulesGame
from game.ui.app import App
from game.ui.flow import HotSeat, Phase, Step
from game.ui.scenes.reference import GlossaryScene, SourcesScene
from game.session.debrief import debrief
from game.session.words import from_to, number
from game.ui.scenes.report import (ANIMATION, SHOWN, SMALL, DebriefScene, ReportScene, drawable, fold, headlines,
                                   report_html, timeline_html)
from game.ui.settings import Settings, Store

SIZE = (1280, 800)
ID = re.compile(r"\b[a-z_]+\.[a-z_.]+\b")
LONG = re.compile(r"\d\.\d\d")
GREEDY = {"us": "greedy", "jp": "greedy", "cn": "greedy"}
HUMANS = {"us": "human", "jp": "human", "cn": "human"}  # a HotSeat of these waits on turn 2


def forced_game(seats=None) -> Game:
    """Crossroads, turn 1 an election with the opposition strong and the U.S. pressing a weak government: the
    opposition takes power and the backlash crisis is triggered."""
    from game.scenarios import load_rules

    rules = load_rules("crossroads_2025")
    game = RulesGame(Game(rules, 1, seats or HUMANS)).event("ev.jp_election")
    game.set({"jp.opposition": 75, "jp.stability": 30, "jp.mandate": 30})
    game.play(us=["us.press_defense"], jp=["jp.anti_inflation"])
    return game.game


@pytest.fixture
def window(tmp_path):
    app = App(store=Store(tmp_path / "home"), size=SIZE, settings=Settings(window=SIZE))
    yield app
    pygame.quit()


def on_report(app, game: Game) -> ReportScene:
    """The window on the report of the game's last resolved turn, its animation done."""
    flow = HotSeat(game)
    flow.step = Step(Phase.REPORT, report=game.history[-1].report)
    app.switch(ReportScene(app, flow))
    app.scene.elapsed = ANIMATION
    app.frame(events=[])
    return app.scene


def on_debrief(app, game: Game) -> DebriefScene:
    flow = HotSeat(game)
    while flow.step.phase != Phase.DEBRIEF:
        flow.advance()
    app.switch(DebriefScene(app, flow))
    app.frame(events=[])
    return app.scene


def key(app, k, frames=2):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
    for _ in range(frames):
        app.frame()


def shown(app) -> list[str]:
    app.frame(events=[])
    return app.drawn + app.widget_texts()


def unreadable(texts: list[str]) -> list[str]:
    return [m for t in texts for m in ID.findall(t) + LONG.findall(t)]


def test_the_ledger_folds_changes_under_half_a_point_and_a_key_or_the_link_unfolds_them(window):
    scene = on_report(window, forced_game())
    report, rules = scene.report, scene.rules
    listed, smaller = fold(report.changes)
    assert listed and smaller, "a turn with big and small changes"
    assert all(abs(c.delta) >= SMALL for c in listed) and all(SHOWN <= abs(c.delta) < SMALL for c in smaller)
    text = scene.text_box.html_text
    assert f"+ {len(smaller)} smaller changes (under 0.5) — show (M)" in text
    line = lambda c: f"<b>{escape(c.name)}</b> {number(c.before)} to {number(c.after)}"  # noqa: E731
    assert all(line(c) in text for c in listed) and not any(line(c) in text for c in smaller)
    key(window, pygame.K_m)
    text = window.scene.text_box.html_text
    assert window.scene.expanded and f"− {len(smaller)} smaller changes (under 0.5) — hide (M)" in text
    assert all(line(c) in text for c in smaller)
    window.frame(events=[pygame.event.Event(pygame_gui.UI_TEXT_BOX_LINK_CLICKED, link_target="smaller")])
    assert not window.scene.expanded and "— show (M)" in window.scene.text_box.html_text
    assert report_html(rules, report).count("smaller changes") == 1


def test_sources_are_shown_with_their_labels(window):
    scene = on_report(window, forced_game())
    text = scene.text_box.html_text
    assert "S0-17 · U.S. pressure on defense spending can backfire" in text
    assert not re.search(r"\[S\d-", text), "no bare list of source codes"


def test_no_id_or_long_decimal_is_drawn_on_the_report_or_the_debrief(window):
    scene = on_report(window, forced_game())
    texts = shown(window)
    key(window, pygame.K_m)
    texts += shown(window)
    assert not unreadable(texts), unreadable(texts)
    debrief = on_debrief(window, forced_game(GREEDY))
    texts = []
    for section in ("core", "more"):
        for _ in range(debrief.pages()):
            texts += shown(window)
            key(window, pygame.K_RIGHT, frames=1)
        key(window, pygame.K_m, frames=1)
    assert not unreadable(texts), unreadable(texts)


def test_bot_reasons_and_notes_are_put_in_players_words(window):
    game = Game.new("crossroads_2025", 1, GREEDY)
    flow = HotSeat(game)
    flow.advance()  # the bots choose and the turn resolves
    text = report_html(game.rules, flow.step.report)
    assert "bot: greedy" in text and not unreadable([text])
    assert any(LONG.search(r) for r in flow.step.report.bot_reasons.values()), \
        "the bots' own reasons have two decimals; the window shows one"


def test_a_change_of_government_gets_the_banner_and_the_crisis_a_tag(window):
    scene = on_report(window, forced_game())
    assert scene.banner == ("Change of government in Tokyo: the opposition takes power and puts welfare before "
                            "defense")
    assert scene.banner in shown(window)
    text = scene.text_box.html_text
    assert text.index("CRISIS</b></font> Backlash against U.S. pressure") < text.index("<b>Orders</b>")
    assert text.index("EVENT</b></font> Japanese national election") < text.index("<b>Orders</b>")
    assert "Crisis: " not in text and "Event: " not in text, "the tag says it once"


def test_the_summary_comes_first_with_every_factions_score_change_before_the_big_changes(window):
    game = forced_game()
    report = game.history[-1].report
    items = headlines(game.rules, report)
    kinds = [h.kind for h in items]
    assert kinds[0] == "event" and kinds.count("score") == 3
    assert max(k for k, kind in enumerate(kinds) if kind == "score") < min(k for k, kind in enumerate(kinds)
                                                                            if kind == "change")
    text = report_html(game.rules, report)
    assert text.startswith("<font color='#56B4E9'><b>EVENT</b></font> Japanese national election")
    for f in game.rules.factions:
        line = f"{f.name} {drawable(from_to(report.scores_before[f.id], report.scores_after[f.id]))}"
        assert f"SCORE</b></font> {line}" in text
    assert text.index("SCORE") < text.index("<b>Orders</b>")
    assert "→" not in text, "the window's font has no arrow"


def test_the_sources_page_lists_every_concept_and_esc_returns(window):
    report = on_report(window, forced_game())
    key(window, pygame.K_r)
    assert isinstance(window.scene, SourcesScene)
    text = "\n".join(shown(window))
    for code, title in ARTICLES.items():
        assert title in text
    for concept, label in CONCEPTS.items():
        assert f"<b>{concept}</b> · " in text, concept
    assert "— in this game: " in text and " moves" in text
    bar = window.scene.text_box.scroll_bar
    key(window, pygame.K_PAGEDOWN)
    assert bar.start_percentage > 0
    pygame.mouse.set_pos((2, 2))
    before = bar.start_percentage
    window.frame(events=[pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False)])
    assert bar.start_percentage > before, "the wheel scrolls the page"
    key(window, pygame.K_ESCAPE)
    assert window.scene is report


def test_the_glossary_loads_and_each_entry_has_a_term_and_text():
    terms = load_glossary()
    names = {t.term.lower() for t in terms}
    for word in ("trilemma", "mandate", "friction", "leverage", "influence channels", "alliance strength",
                 "stability", "tension", "joint move", "action points", "budget"):
        assert word in names, word
    for entry in terms:
        assert entry.term.strip() and entry.text.strip()
        assert entry.text.rstrip().endswith("."), entry.term


def test_a_bad_glossary_is_refused_naming_the_entry(tmp_path):
    bad = tmp_path / "glossary.yaml"
    bad.write_text("terms:\n  - term: Mandate\n    text: ''\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"terms\[0\]\.text.*at least 1 character"):
        load_glossary(bad)
    bad.write_text("terms:\n  - {term: Mandate, text: A.}\n  - {term: mandate, text: B.}\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"term 'mandate', terms\[1\]\.term: is listed twice"):
        load_glossary(bad)


def test_in_japanese_the_glossary_page_has_no_english():
    from game.i18n import use
    from game.ui.scenes.reference import glossary_html
    from i18n_kit import assert_no_english

    with use("ja"):
        terms, page = load_glossary(), glossary_html()
    assert len(terms) == len(load_glossary()) and terms[0].term == "トリレンマ"
    assert_no_english(page.replace("<br>", " ").replace("<b>", " ").replace("</b>", " "), "the Japanese glossary")
    assert load_glossary()[0].term == "Trilemma", "English is unchanged outside the block"


def test_a_damaged_japanese_glossary_is_refused_naming_the_file_entry_and_field(tmp_path):
    bad = tmp_path / "glossary.ja.yaml"
    bad.write_text("terms:\n  - term: 政権基盤\n    text: ''\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"glossary\.ja\.yaml.*terms\[0\]\.text.*at least 1 character"):
        load_glossary(bad)
    bad.write_text("terms:\n  - {term: 政権基盤, text: 統治の権威です。}\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"glossary\.ja\.yaml.*lists 1 terms; the English glossary\.yaml lists 11"):
        load_glossary(bad)


@pytest.mark.parametrize("start", ["report", "debrief"])
def test_each_reference_page_opens_and_closes_by_key(window, start):
    scene = on_report(window, forced_game()) if start == "report" else on_debrief(window, forced_game(GREEDY))
    for k, page in ((pygame.K_g, GlossaryScene), (pygame.K_r, SourcesScene)):
        key(window, k)
        assert isinstance(window.scene, page)
        if page is GlossaryScene:
            assert "Trilemma" in "\n".join(shown(window))
        key(window, pygame.K_ESCAPE)
        assert window.scene is scene


def test_the_debrief_leaves_flat_tracks_out_and_more_charts_has_the_rest(window):
    scene = on_debrief(window, Game.new("crossroads_2025", 1, GREEDY))
    titles = [title for title, _ in scene.page_charts()]
    assert titles[:3] == ["Alliance and Japanese stability", "Regional influence", "Sea tension"]
    flat = scene.flat_tracks()
    assert flat, "some tracks barely move in a game"
    assert all(not scene.moved(t) for t in flat)
    core = {t for _, ts in scene.core for t in ts}
    assert {"alliance", "jp.stability", "us.influence", "jp.influence", "cn.influence"} <= core
    charted = set()
    key(window, pygame.K_m)
    assert scene.section == "more" and scene.page == 0
    for _ in range(scene.pages()):
        charted |= {s.name for _, series in scene.page_charts() for s in series}
        key(window, pygame.K_RIGHT, frames=1)
    names = {t.id: t.name for t in scene.rules.tracks}
    rest = {names[t.id] for t in scene.rules.tracks if t.id not in core and t.id not in flat}
    assert charted == rest
    assert not charted & {names[t] for t in flat}
    key(window, pygame.K_m)
    assert scene.section == "core"


def test_the_timeline_names_crises_and_changes_of_government(window):
    game = forced_game(GREEDY)
    text = timeline_html(game.rules, debrief(game))
    assert "CRISIS</b></font> Backlash against U.S. pressure" in text
    assert "Change of government in Tokyo: the opposition takes power" in text
    assert "event: Japanese national election" in text
    scene = on_debrief(window, game)
    assert "Change of government in Tokyo" in scene.text_box.html_text


def test_the_debriefs_first_page_shows_winner_scores_by_term_causes_and_key_events(window):
    game = forced_game(GREEDY)
    scene = on_debrief(window, game)
    facts = scene.facts
    assert facts == debrief(game)
    texts = shown(window)
    rules = game.rules
    winner = rules.factions[rules.faction_index[facts.winner]].name
    assert any(t.startswith(f"Debrief — {winner} wins with ") for t in texts)
    box = scene.text_box.html_text
    assert len(facts.causes) >= 3 and all(escape(c) in box for c in facts.causes)
    for faction, lines in facts.breakdown.items():
        name = rules.factions[rules.faction_index[faction]].name
        assert f"<b>{name}: {number(facts.scores[faction])} points (" in box
        for line in lines:
            assert f"{escape(line.term)} <font color='#AEB8CC'>at {number(line.value)}:</font> " \
                   f"<b>{number(line.points)}</b>" in box, line.term
    government = "Change of government in Tokyo: the opposition takes power and puts welfare before defense"
    assert f"<b>2025 H1</b> <font color='#D55E00'><b>GOVERNMENT</b></font> {government}" in box
    assert "CRISIS</b></font> Backlash against U.S. pressure" in box
    assert "Key events" in texts and "2025 H1: Crisis: Backlash against U.S. pressure" in texts, "the spare cell"
    assert [title for title, _ in scene.page_charts()] == ["Alliance and Japanese stability", "Regional influence",
                                                           "Sea tension"]
    assert box.index("What decided the game") < box.index("Key events") < box.index("Scores by term") \
        < box.index("Timeline")


def test_a_war_heads_the_debrief_and_nobody_wins(window):
    from test_debrief import war_game

    scene = on_debrief(window, war_game())
    assert scene.title_variants()[-1] == "War — everyone loses"
    assert any(t.startswith("Debrief — The game ended in war in ") for t in shown(window))
    assert "WAR</b></font>" in scene.text_box.html_text
    assert not unreadable(shown(window)), unreadable(shown(window))


def test_the_debriefs_text_scrolls_by_keys(window):
    scene = on_debrief(window, forced_game(GREEDY))
    bar = scene.text_box.scroll_bar
    assert bar is not None, "the facts are longer than the box"
    key(window, pygame.K_PAGEDOWN)
    assert bar.start_percentage > 0
    key(window, pygame.K_END)
    assert bar.start_percentage == pytest.approx(1 - bar.visible_percentage, abs=1e-3)
    key(window, pygame.K_HOME)
    assert bar.start_percentage == 0
    key(window, pygame.K_PAGEDOWN)
    where = window.scene.text_box.scroll_bar.start_percentage
    for keys in ((pygame.K_m,), (pygame.K_RIGHT,), (pygame.K_r, pygame.K_ESCAPE)):  # a page, and back from one
        for k in keys:
            key(window, k)
        assert window.scene is scene and scene.text_box.scroll_bar.start_percentage == pytest.approx(where, abs=1e-3)


FROM_TO = re.compile(r"(-?[\d.]+) to (-?[\d.]+) \(([+-]?[\d.]+)\)")


def test_every_change_shown_is_the_difference_of_the_values_shown(window):
    game = forced_game(GREEDY)
    checked = 0
    for report in game.reports():
        for text in (report_html(game.rules, report, expanded=True), *(h.text for h in headlines(game.rules, report))):
            for before, after, delta in FROM_TO.findall(text):
                assert float(after) - float(before) == pytest.approx(float(delta), abs=1e-9), (before, after, delta)
                checked += 1
    assert checked > 50
