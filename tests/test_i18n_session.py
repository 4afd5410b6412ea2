"""The session in Japanese: a whole crossroads game's briefings, reports, bots' reasons, debrief and exported
report carry no English words but proper names and ids; the report says lang="ja" and lists Japanese fonts;
refusals and turn labels are Japanese; English stays as it was."""

import re

import pytest

from game.ai import play_bot_seats
from game.export.report import report_html
from game.i18n import use
from game.session.briefing import briefing
from game.session.debrief import debrief
from game.session.game import Game
from game.session.menu import menu
from game.session.orders import Order
from tests.i18n_kit import assert_no_english, english_words

SEATS = {"us": "greedy", "jp": "doctrine", "cn": "search:easy"}
BOTS = {"greedy", "doctrine", "search", "random", "easy", "normal", "hard"}  # seat specs as typed (saves.seat_words)


@pytest.fixture(scope="module")
def played() -> tuple[Game, list[str], str]:
    """A whole crossroads game played by bots in Japanese: every text it showed, and its exported report."""
    with use("ja"):
        game = Game.new("crossroads_2025", seed=7, seats=SEATS)
        texts: list[str] = []
        while not game.is_over:
            b = briefing(game)
            texts += [b.label, b.effect, b.banner or "", b.upcoming.text if b.upcoming else ""]
            texts += [e["why"] or "" for e in menu(game.rules, game.desk("jp"))]
            texts += [" ".join(e["effect"]) for e in menu(game.rules, game.desk("us"))]
            texts += play_bot_seats(game).values()
            report = game.resolve()
            texts += [i.text for i in report.summary] + list(report.notes)
            texts += [c.cause for change in report.changes for c in change.causes] + [c.name for c in report.changes]
        d = debrief(game)
        texts += [d.outcome, *d.causes, *(k.text for k in d.key_events)]
        html = report_html(game)
    return game, texts, html


def test_a_japanese_game_shows_no_english(played):
    _, texts, _ = played
    assert_no_english("\n".join(texts), "the session's texts", allow=BOTS)


def test_the_exported_report_is_japanese(played):
    _, _, html = played
    assert '<html lang="ja">' in html
    assert '"Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif' in html
    body = re.sub(r"<style>.*?</style>|<[^>]+>", " ", html, flags=re.S)
    assert_no_english(body, "the exported report", allow=BOTS)
    assert "振り返りレポート" in body and "2025年上半期" in body


def test_the_english_report_is_unchanged():
    game = Game.new("tutorial", seed=4, seats={"us": "greedy", "jp": "greedy", "cn": "random"})
    play_bot_seats(game)
    game.resolve()
    html = report_html(game)
    assert '<html lang="en">' in html and "Debrief report — " in html and "Noto Sans JP" not in html
    assert "2025 H1" in html


def test_refusals_and_menus_in_japanese():
    game = Game.new("crossroads_2025", seed=1)
    with use("ja"):
        desk = game.desk("jp")
        assert desk.refusal(Order("no_such_move")).startswith("'no_such_move'という施策はありません")
        others = [m.id for m in game.rules.moves if "jp" not in m.partners]
        refused = desk.refusal(Order(others[0]))
        assert "の施策で、日本の施策ではありません" in refused and not english_words(refused)
        entries = menu(game.rules, desk)
        assert all(not english_words(e["cost_text"]) for e in entries)
        assert all(not english_words(" ".join(e["effect"])) for e in entries)
    assert game.desk("jp").refusal(Order("no_such_move")).startswith("unknown move 'no_such_move'")


def test_action_points_refusal_in_both_languages():
    game = Game.new("crossroads_2025", seed=1)
    desk = game.desk("jp")
    chosen: list[Order] = []
    while (legal := desk.legal_orders(chosen)):
        chosen.append(legal[0])
    for order in chosen:
        game.submit("jp", order)
    blocked = next(Order(a.move.id, a.target) for a in game.rules.actions
                   if "jp" in a.move.partners and a.move.cost.ap >= 1
                   and "action point" in (game.desk("jp").refusal(Order(a.move.id, a.target)) or ""))
    english = game.desk("jp").refusal(blocked)
    assert re.search(r"costs \d action points? but only \d of \d are left this turn$", english)
    with use("ja"):
        japanese = game.desk("jp").refusal(blocked)
    assert re.search(r"行動ポイントが\d必要ですが、このターンは\dのうち\dしか残っていません$", japanese)


def test_the_kit_finds_english():
    assert english_words("日米同盟の強さ jp.stability CPTPP search:normal") == []
    assert english_words("日米同盟 the alliance") == ["the", "alliance"]
    with pytest.raises(AssertionError, match="English left in a text .*'alliance'"):
        assert_no_english("同盟 alliance", "a text")
