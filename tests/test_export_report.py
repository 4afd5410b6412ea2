"""The exported debrief report: one self-contained HTML file with every turn, every faction's score by term,
inline SVG charts, what-ifs and discussion questions per team, for finished and unfinished games; no external
reference of any kind; written atomically and refused with the reason where it cannot be written. Also
`main.py report`, `play --headless --load SAVE --json`, and the report opened in headless Chromium, on screen
and printed to A4 and Letter."""

import base64
import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from game.ai import play_bot_seats
from game.cli.commands import main
from game.export.report import report_html, write_report
from game.session import saves
from game.session.game import Game
from game.session.scoring import score_breakdown
from game.session.words import plain
from game.rules.concepts import CONCEPTS

SEATS = {"us": "greedy", "jp": "random", "cn": "greedy"}


class Page(HTMLParser):
    """The parts of the report a test reads: every tag with its attributes, the text, the style sheets."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.text).append(data)

    def all(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> tuple[Game, Path]:
    game = Game.new("crossroads_2025", seed=7, seats=SEATS)
    while not game.is_over:
        if game.turn == 3:
            game.assume("us.polarization", 72, "a contested election")
        play_bot_seats(game)
        game.resolve()
    return game, saves.save(game, tmp_path_factory.mktemp("saves") / "final.json")


@pytest.fixture
def unfinished(tmp_path) -> tuple[Game, Path]:
    game = Game.new("tutorial", seed=4, seats={"us": "human", "jp": "greedy", "cn": "random"})
    for _ in range(2):
        play_bot_seats(game)
        game.submit("us", game.legal_orders("us")[0])
        game.commit("us")
        game.resolve()
    play_bot_seats(game)
    game.submit("us", "us.press_defense")
    return game, saves.save(game, tmp_path / "auto.json", pending=True)


def assert_self_contained(text: str, page: Page) -> None:
    for tag, attrs in page.tags:
        for name in ("src", "href", "xlink:href", "action", "data", "poster", "srcset"):
            assert name not in attrs, f"<{tag} {name}={attrs[name]!r}> refers outside the file"
        assert tag not in ("script", "link", "img", "iframe", "object", "embed"), f"<{tag}> in the report"
    styles = "\n".join(page.styles) + " ".join(a.get("style", "") for _, a in page.tags)
    assert "@import" not in styles and "url(" not in styles
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:|file:|//)", text, re.I)


def test_a_finished_games_report_has_every_turn_score_and_chart(finished):
    game, path = finished
    text = report_html(path)
    page = Page(text)
    assert_self_contained(text, page)
    turns = [int(a["data-turn"]) for a in page.all("article") if "data-turn" in a]
    assert turns == list(range(1, game.rules.n_turns + 1))
    assert game.status.name == "FINISHED"
    words = page.words
    assert "The game is finished: all 8 turns were played." in words
    winner = game.winner()
    assert f"{game.rules.factions[game.rules.faction_index[winner]].name} wins with" in words
    scored = [a["data-faction"] for a in page.all("div") if "score" in a.get("class", "")]
    assert sorted(scored) == sorted(game.factions)
    for faction, lines in score_breakdown(game).items():
        for line in lines:
            assert line.term in words, f"{faction}'s term {line.term!r} is missing"
    assert len(page.all("svg")) >= 3 and all(a.get("viewbox") for a in page.all("svg"))
    assert "Headline tracks" in words and "Scores" in words
    assert "Decision timeline" in words and "The decisive causes" in words
    for record in game.history:
        assert set(record.report.bot_reasons) == set(game.factions)
        for reason in record.report.bot_reasons.values():
            assert f"Bot's reason: {plain(game.rules, reason)}" in words
    assert "Assumption: U.S. polarization set to 72 (a contested election)" in words
    biggest = max(game.history[0].report.changes, key=lambda c: abs(c.delta) if c.causes else 0)
    cited = next(s for c in sorted(biggest.causes, key=lambda c: -abs(c.amount)) for s in c.sources)
    assert f"{cited} {CONCEPTS[cited]}" in words, "a headline change's source concept is named with its label"
    assert "Articles: S0 The U.S. at a crossroads (trilemma view)" in words
    questions = [a["data-faction"] for a in page.all("section") if "questions" in a.get("class", "")]
    assert questions == game.factions
    assert text.count("Your government chose") >= len(game.factions)
    assert page.all("section", id="concepts")
    assert "@media print" in text and "@page" in text and "break-before: page" in text


def test_an_unfinished_games_report_says_where_it_stopped_and_shows_nothing_pending(unfinished):
    game, path = unfinished
    page = Page(report_html(path))
    words = page.words
    assert "The game stopped after turn 2 of 3; there is no winner." in words
    assert " wins with " not in words and "leads with" in words
    assert [int(a["data-turn"]) for a in page.all("article") if "data-turn" in a] == [1, 2]
    assert "Turn 3" not in words
    earlier = {r for record in game.history for r in record.report.bot_reasons.values()}
    pending = [plain(game.rules, r) for r in game.reasons.values() if r not in earlier]
    assert pending and not any(r in words for r in pending), "the pending turn's bots' reasons are left out"
    assert all(plain(game.rules, r) in words for r in earlier if r)
    same = Page(report_html(game))  # from the game itself: the same pages, the pending turn left out too
    assert [a["data-turn"] for a in same.all("article") if "data-turn" in a] == ["1", "2"]


def test_a_game_with_no_resolved_turn_reports_so(tmp_path):
    path = saves.save(Game.new("tutorial", 2), tmp_path / "new.json")
    words = Page(report_html(path)).words
    assert "The game stopped before its first turn was resolved (of 3); there is no winner." in words
    assert "No turn was resolved, so there is nothing to chart yet." in words


class FakeWhatIf:
    """The shape game.analysis.whatif.WhatIf has, for the report's what-if section."""

    source, turn, games = "final.json", 3, 4
    labels = ("Japan: Anti-inflation package in 2026 H1", "as played")
    placements = ("United States' score of 83 is in the bottom 20% of the continuations.",)
    notes = ("Facilitator actions after turn 3 are not replayed.",)

    def metrics(self):
        return [("alliance", "U.S.–Japan alliance strength"), ("score:us", "United States score")]

    def values(self, metric):
        return np.array([50.0, 52, 55, 61]), np.array([48.0, 49, 60, 62])

    def played(self, metric):
        return 57.0


def test_what_ifs_are_charted_with_their_placements(finished):
    _, path = finished
    text = report_html(path, [FakeWhatIf()])
    page = Page(text)
    assert_self_contained(text, page)
    words = page.words
    assert "What-if comparisons" in words and "Japan: Anti-inflation package in 2026 H1 vs as played" in words
    assert "bottom 20% of the continuations" in words and "played: 57" in words
    assert "United States score" in words and "above: Japan: Anti-inflation package in 2026 H1 (4 games)" in words


def test_write_report_is_atomic_and_refuses_what_cannot_be_written(finished, tmp_path):
    _, path = finished
    out = write_report(path, tmp_path / "r.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert out.stat().st_mode & 0o044, "a new report is readable by others, as a new file is"
    with pytest.raises(saves.SaveError, match=r"cannot write the report to .*: it is a folder; a report is written "
                                              "only to regular files"):
        write_report(path, tmp_path)
    with pytest.raises(saves.SaveError, match=r"the folder .*nowhere does not exist; nothing was written"):
        write_report(path, tmp_path / "nowhere" / "r.html")
    locked = tmp_path / "locked.html"
    locked.write_text("old")
    os.chmod(locked, 0o444)
    with pytest.raises(saves.SaveError, match="the file is read-only"):
        write_report(path, locked)
    assert locked.read_text() == "old"
    before = path.read_bytes()
    with pytest.raises(saves.SaveError, match="that is the save it reports on"):
        write_report(path, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked.html", "r.html"], "no partial file is left"


def test_saves_that_cannot_be_replayed_are_refused(finished, tmp_path):
    _, path = finished
    doc = json.loads(path.read_text())
    bad = tmp_path / "newer.json"
    bad.write_text(json.dumps({**doc, "version": 7}))
    with pytest.raises(saves.SaveError, match=r"newer version of the game \(save format 7"):
        write_report(bad, tmp_path / "r.html")
    bad.write_text(json.dumps({**doc, "content_hash": "2" * 64}))
    with pytest.raises(saves.SaveError, match="content hash differs"):
        write_report(bad, tmp_path / "r.html")
    bad.write_text(path.read_text()[:300])
    with pytest.raises(saves.SaveError, match="is truncated or corrupted"):
        write_report(bad, tmp_path / "r.html")
    assert not (tmp_path / "r.html").exists()


def test_the_report_command(finished, tmp_path, capsys):
    _, path = finished
    out = tmp_path / "report.html"
    assert main(["report", str(path), "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}: the debrief report of {path}\n"
    assert out.exists()
    assert main(["report", str(path), "--out", str(tmp_path / "no" / "r.html")]) == 2
    assert "report: cannot write the report to" in capsys.readouterr().err


def test_play_json_after_a_load_prints_every_resolved_turn(unfinished, capsys):
    game, path = unfinished
    assert main(["play", "--headless", "--load", str(path), "--json", "--seats", "us=random"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [t["turn"] for t in doc["turns"]] == [1, 2, 3]
    assert doc["turns"][0]["bot_reasons"] == game.history[0].report.bot_reasons
    assert doc["turns"][0]["briefing"]["turn"] == 1
    assert doc["turns"][1]["orders"] == game.history[1].report.to_json()["orders"]


# ---- in a real browser --------------------------------------------------------------------------------------

PAPERS = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}


def test_the_report_in_headless_chromium_on_screen_and_printed(finished, tmp_path):
    from tests.browser import Browser, chromium_path

    if chromium_path() is None:
        pytest.skip("chromium is not installed (apt-get install chromium), so the report is not opened in a browser")
    game, path = finished
    out = write_report(path, tmp_path / "report.html")
    with Browser() as browser:
        page = browser.page()
        page.viewport(1280, 2000)
        page.navigate(out.resolve().as_uri())
        shot = page.screenshot(tmp_path / "screen.png")
        assert shot.stat().st_size > 10_000
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate("document.querySelectorAll('article[data-turn]').length") == game.rules.n_turns
        page.call("Emulation.setEmulatedMedia", media="print")
        for paper, (width, height) in PAPERS.items():
            # every chart fits the printable width of the paper (less the @page margins)
            page.viewport(int((width - 26 / 25.4) * 96), 1200)
            assert page.evaluate("[...document.querySelectorAll('svg')].every(s => s.getBoundingClientRect().right "
                                 "<= document.documentElement.clientWidth + 1)"), f"a chart is cut on {paper}"
            data = page.call("Page.printToPDF", paperWidth=width, paperHeight=height, printBackground=True)["data"]
            pdf = tmp_path / f"report-{paper}.pdf"
            pdf.write_bytes(base64.b64decode(data))
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
            sections = 5 + game.rules.n_turns + len(game.factions)  # outcome, charts, timeline, turns, questions...
            assert pages >= sections, f"{paper}: {pages} pages; each section starts on its own page"
        assert page.errors == []
    if subprocess.run(["which", "gs"], capture_output=True).returncode == 0:
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=png16m", "-r40", "-dFirstPage=1",
                        "-dLastPage=2", f"-sOutputFile={tmp_path}/page-%02d.png", str(tmp_path / "report-A4.pdf")],
                       check=True, timeout=120)
        assert (tmp_path / "page-01.png").stat().st_size > 5_000
