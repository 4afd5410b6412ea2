"""The window in Japanese: line breaking with kinsoku, the language setting switched without a restart, and
the translated screens rendered at 100% and 200% on 1280x800 and 1920x1080 with no label cut, no missing glyph
and no English word left in what is drawn; worker threads (preparing, the bots' thinking, a what-if) work in
the window's language."""

import html
import re
import threading
import time
from types import SimpleNamespace

import pygame
import pytest

from game import i18n
from game.i18n import content
from game.ui.app import App
from game.ui.linebreak import break_points, pieces
from game.ui.settings import Settings
from game.ui.textbox import split_points

# words a Japanese frame may show in Latin letters: keys, units, language names, file paths and ids
ALLOWED = {"F11", "Ctrl", "Esc", "Enter", "Space", "Tab", "Shift", "PgUp", "PgDn", "English", "AP", "N", "L",
           "P", "B", "E", "G", "R", "S", "Z", "json", "tmp", "settings", "ASEAN", "TIFA", "KORUS", "CPTPP", "H1",
           "H2", "home"}


def english_words(texts) -> list[str]:
    """Latin words of two or more letters that are not in ALLOWED (and not part of a path)."""
    found = []
    for text in texts:
        text = re.sub(r"\S*/\S*", "", text)  # a folder's path is the player's own
        found += [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED]
    return found


def test_japanese_breaks_between_characters_with_kinsoku():
    text = "日米同盟は「自由で開かれたインド太平洋」を支える。"
    parts = pieces(text)
    assert "".join(parts) == text
    assert all(not p.startswith(("」", "。", "、", "ー", "っ")) for p in parts), parts
    assert all(not p.endswith("「") for p in parts), parts
    assert "2025年" in pieces("2025年上半期"), "a number stays with its counter"
    assert pieces("Belt-and-Road") == ["Belt-and-Road"], "an English word stays whole"
    assert break_points("a b") == [2]


def test_text_box_split_points_keep_english_and_add_japanese():
    assert split_points("one two three ") == [4, 8, 14]
    assert split_points("防衛費を増やす") == break_points("防衛費を増やす")


def test_wrap_fits_japanese_in_the_width(store):
    window = App(store=store, size=(1280, 800), settings=Settings(language="ja"))
    try:
        text = "経済的威圧と一帯一路の融資が、東南アジアでの影響力をめぐる競争を激しくしている。" * 3
        lines = window.wrap(text, 16, 300)
        assert len(lines) > 3 and "".join(lines) == text
        assert all(window.font(16).size(line)[0] <= 300 for line in lines)
        assert not any(line.startswith(("、", "。")) for line in lines)
    finally:
        pygame.quit()


def test_language_setting_is_kept_and_an_unknown_one_refused(store):
    settings = Settings(language="ja")
    store.save_settings(settings)
    assert store.load_settings().language == "ja"
    with pytest.raises(ValueError, match="language"):
        Settings(language="fr")
    assert Settings().language is None


def test_switching_language_in_settings_rebuilds_the_screen_at_once(store):
    from game.ui.scenes.menu import SettingsScene, TitleScene

    window = App(store=store, size=(1280, 800), settings=Settings(language="en"))
    try:
        window.switch(SettingsScene(window))
        window.frame(events=[])
        assert "Settings" in window.widget_texts()
        window.set_language("ja")
        window.frame(events=[])
        assert "設定" in window.widget_texts() and "Settings" not in window.widget_texts()
        assert store.load_settings().language == "ja", "the choice is kept with the other settings"
        with i18n.use(window.language):
            window.switch(TitleScene(window))
        window.frame(events=[])
        assert any("新しいゲーム" in t for t in window.widget_texts())
        window.set_language("en")
        window.frame(events=[])
        assert any("New game" in t for t in window.widget_texts())
    finally:
        pygame.quit()


def missing_glyphs(window) -> list[str]:
    """Drawn strings and widget texts with a character the window's font has no glyph for."""
    from game.ui.fonts import missing_glyphs as missing

    return [t for t in window.drawn + window.widget_texts() if missing(t, window.language)]


def test_missing_glyphs_finds_what_the_font_lacks():
    from game.ui.fonts import has_glyph, missing_glyphs as missing

    assert missing("日本の防衛費 → 2%", "en") == "日本の防衛費→"
    assert missing("日本の防衛費 → 2%", "ja") == ""
    assert has_glyph("→", "ja") and not has_glyph("→", "en")


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("scale", [100, 200])
@pytest.mark.parametrize("scene", ["menu", "setup", "settings", "load", "handoff", "orders"])
def test_japanese_scenes_fit_and_show_no_missing_glyph(store, recwarn, scene, size, scale):
    from game.ui.screenshot import build_scene

    window = App(store=store, size=size, settings=Settings(ui_scale=scale, window=size, language="ja"))
    try:
        with i18n.use("ja"):
            build_scene(window, scene, "crossroads_2025", 1)
        for _ in range(2):
            window.frame(events=[])
        cut = [str(w.message) for w in recwarn if "too small for text" in str(w.message)]
        assert not cut, cut
        assert not missing_glyphs(window)
        if scene in ("menu", "settings", "handoff"):  # screens whose every word is the window's own
            assert not english_words(window.drawn + window.widget_texts()), english_words(
                window.drawn + window.widget_texts())
    finally:
        pygame.quit()


# ------------------------------------------------------------------ the rest of the window

# Latin words a Japanese frame may show besides tests/i18n_kit.py's proper names: keys, the bots' names (ids a
# player types in `--seat`), units and the game's file names
KIT_ALLOWED = {"Ctrl", "Esc", "Enter", "Space", "Tab", "Shift", "PgUp", "PgDn", "Home", "End", "Left", "Right",
               "greedy", "doctrine", "search", "random", "json", "png", "html", "http", "English", "Boix"}
SIZES = [(1280, 800), (1920, 1080)]
SCALES = [100, 200]
URL = "http://192.168.1.23:8000/"


def visible_text(window) -> str:
    """What a player reads: the drawn strings and the widgets' texts without their HTML tags."""
    texts = window.drawn + [html.unescape(re.sub(r"<[^>]+>", " ", t)) for t in window.widget_texts()]
    return re.sub(r"https?://\S+|[A-Za-z0-9_.-]+\.(?:json|html|png)(?![A-Za-z0-9])", " ", "\n".join(texts))  # addresses, files


def check_frame(window, recwarn, where: str, theirs: tuple[str, ...] = ()) -> None:
    """No label too small for its text, no glyph the font lacks, no English word left (but in `theirs`: words
    another part writes, shown as given)."""
    from i18n_kit import assert_no_english

    cut = [str(w.message) for w in recwarn if "too small for text" in str(w.message)]
    assert not cut, f"{where}: {cut}"
    assert not missing_glyphs(window), f"{where}: {missing_glyphs(window)}"
    text = visible_text(window)
    for words in sorted(theirs, key=len, reverse=True):  # a placement names an arm: the longer words first
        text = text.replace(words, " ")
    assert_no_english(text, where, allow=KIT_ALLOWED)


@pytest.fixture(scope="module")
def tutorial():
    from game.scenarios import load_rules

    return load_rules("tutorial")


BOTS = ["doctrine", "greedy", "greedy"]


def bot_flow(rules, to: str):
    """A tutorial game of bots in Japanese, on its first report ("report") or its debrief ("debrief")."""
    from game.session.game import Game
    from game.ui.flow import HotSeat, Phase

    with i18n.use("ja"):
        flow = HotSeat(Game(rules, 1, {f.id: BOTS[k % 3] for k, f in enumerate(rules.factions)}))
        flow.advance()
        while to == "debrief" and flow.step.phase != Phase.DEBRIEF:
            flow.advance()
    return flow


@pytest.fixture(scope="module")
def finished(tutorial, tmp_path_factory):
    """A finished tutorial game saved to a file, and a 20-game what-if on its turn 1 (worked out in Japanese)."""
    from game.analysis.requests import Force
    from game.analysis.whatif import what_if
    from game.session import saves

    flow = bot_flow(tutorial, "debrief")
    path = saves.save(flow.game, tmp_path_factory.mktemp("saves") / "tutorial-seed1.json")
    from game.session.replay import Replay

    replay = Replay.open(path)
    faction = tutorial.factions[0].id
    played = set(replay.frame(1).orders.get(faction, ()))
    order = next(o for o in replay.game_before(1).legal_orders(faction) if o not in played)
    with i18n.use("ja"):
        result = what_if(path, 1, 20, force=[Force(faction, order.move, order.target, 1)])
    return path, result


def ja_window(store, size, scale) -> App:
    return App(store=store, size=size, settings=Settings(ui_scale=scale, window=size, language="ja"))


def settle(window, frames: int = 2) -> None:
    for _frame in range(frames):
        window.frame(events=[])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("scene", ["report", "debrief"])
def test_report_and_debrief_in_japanese(store, recwarn, tutorial, scene, size, scale):
    from game.ui.scenes.play import scene_for
    from game.ui.scenes.report import ANIMATION

    flow = bot_flow(tutorial, scene)
    window = ja_window(store, size, scale)
    try:
        with i18n.use("ja"):
            window.switch(scene_for(window, flow))
        if scene == "report":
            window.scene.elapsed = ANIMATION
        settle(window)
        check_frame(window, recwarn, f"{scene} {size} {scale}%")
        text = visible_text(window)
        assert ("指示" in text and "何が変わり" in text) if scene == "report" else ("勝敗を決めたもの" in text and "得点" in text)
        if scene == "debrief":  # the other charts' page too
            window.frame(events=[pygame.event.Event(pygame.KEYDOWN, key=pygame.K_m, mod=0, unicode="m", scancode=0)])
            settle(window)
            check_frame(window, recwarn, f"debrief, more charts {size} {scale}%")
    finally:
        pygame.quit()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("scene", ["replay", "whatif", "whatif-ask", "branch"])
def test_replay_and_what_if_in_japanese(store, recwarn, finished, scene, size, scale):
    from game.session.replay import Replay
    from game.ui.scenes.replay import ReplayScene
    from game.ui.scenes.whatif import BranchScene, WhatIfScene

    path, result = finished
    window = ja_window(store, size, scale)
    try:
        with i18n.use("ja"):  # as the window opens a save (in a frame): the replay's reports are worded then
            replay = Replay.open(path)
            if scene == "replay":
                window.switch(ReplayScene(window, replay, turn=2))
            elif scene == "branch":
                window.switch(BranchScene(window, replay, 2, back=lambda: None))
            else:
                asking = WhatIfScene(window, replay, 1, back=lambda: None)
                if scene == "whatif":
                    asking.result, asking.phase = result, "done"
                window.switch(asking)
        settle(window)
        # game.analysis words its arms, notes and placements in English only (not the window's catalog): the rest
        # of the answer must be Japanese; the arm's label may be cut to the heading's width
        theirs = (*result.labels, *result.notes, *result.placements) if scene == "whatif" else ()
        theirs += tuple(label[:n] for label in result.labels for n in range(len(label) - 1, 8, -1)) if theirs else ()
        check_frame(window, recwarn, f"{scene} {size} {scale}%", theirs)
    finally:
        pygame.quit()


def test_a_what_if_charts_the_score_and_the_headline_measures_and_lists_the_rest(store, finished, tutorial):
    from game.session.replay import Replay
    from game.session.tracks import dashboard_tracks
    from game.ui.scenes.whatif import WhatIfScene

    path, result = finished
    window = App(store=store, size=(1280, 800), settings=Settings(window=(1280, 800)))
    try:
        scene = WhatIfScene(window, Replay.open(path), 1, back=lambda: None)
        scene.result, scene.phase = result, "done"
        window.switch(scene)
        charted = [metric for metric, _label in scene.charted()]
        headline = dashboard_tracks(tutorial)[0]
        assert charted == [f"score:{tutorial.factions[0].id}", *headline]
        assert 6 <= len(charted) <= 8
        others = [label for metric, label in scene.metrics() if metric not in charted]
        assert others, "the other core tracks are in the answer"
        text = scene.answer_html()
        assert "Without a chart" in text and all(html.escape(label) in text for label in others)
        assert scene.pages() == -(-len(charted) // scene.per_page)
    finally:
        pygame.quit()


def test_a_what_if_worker_works_in_the_windows_language(store, finished, tutorial):
    """The worker thread starts in the window's language, not the default one: the arms' words say 2025年上半期."""
    from game.session.replay import Replay
    from game.ui.scenes.whatif import WhatIfScene

    path, _result = finished
    window = ja_window(store, (1280, 800), 100)
    try:
        scene = WhatIfScene(window, Replay.open(path), 1, back=lambda: None)
        window.switch(scene)
        scene.games_text = "20"
        assert i18n.current() == "en", "the test's own thread is in English"
        scene.run()
        deadline = time.monotonic() + 120
        while scene.phase == "running" and time.monotonic() < deadline:
            window.frame(events=[])
            time.sleep(0.02)
        assert scene.phase == "done", scene.error
        assert "2025年上半期" in scene.result.labels[0], scene.result.labels
    finally:
        pygame.quit()


def test_the_preparing_worker_works_in_the_windows_language(store):
    from game.ui.scenes.preparing import PreparingScene

    window = ja_window(store, (1280, 800), 100)
    got = []
    try:
        scene = PreparingScene(window, "チュートリアル", lambda: i18n.current(), done=got.append, failed=got.append,
                               back=lambda: None)
        window.switch(scene)
        scene.thread.join(10)
        window.frame(events=[])
        assert got == ["ja"]
    finally:
        pygame.quit()


def test_the_bots_think_in_the_windows_language(store, tutorial):
    """The bots choose in a worker thread: their reasons in the report are in Japanese."""
    from i18n_kit import english_words

    from game.session.game import Game
    from game.ui.flow import HotSeat
    from game.ui.scenes.play import scene_for
    from game.ui.scenes.report import ReportScene
    from game.ui.scenes.thinking import ThinkingScene

    window = ja_window(store, (1280, 800), 100)
    try:
        flow = HotSeat(Game(tutorial, 1, {f.id: BOTS[k % 3] for k, f in enumerate(tutorial.factions)}))
        with i18n.use("ja"):
            window.switch(scene_for(window, flow))
        assert isinstance(window.scene, ThinkingScene)
        deadline = time.monotonic() + 120
        while not isinstance(window.scene, ReportScene) and time.monotonic() < deadline:
            window.frame(events=[])
            time.sleep(0.02)
        reasons = window.scene.report.bot_reasons
        assert reasons and all(not english_words(r, KIT_ALLOWED) for r in reasons.values()), reasons
    finally:
        pygame.quit()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", SCALES)
def test_thinking_preparing_and_reference_in_japanese(store, recwarn, tutorial, size, scale):
    from game.session.game import Game
    from game.ui.flow import HotSeat
    from game.ui.scenes.preparing import PreparingScene
    from game.ui.scenes.reference import GlossaryScene, SourcesScene
    from game.ui.scenes.thinking import ThinkingScene

    window = ja_window(store, size, scale)
    release = threading.Event()
    try:
        with i18n.use("ja"):
            window.switch(PreparingScene(window, content.name(tutorial, tutorial.id, "title"), lambda: release.wait(10),
                                         done=lambda _r: None,
                                         failed=lambda _r: None, back=lambda: None))
        window.scene.elapsed = 5
        settle(window)
        check_frame(window, recwarn, f"preparing {size} {scale}%")
        release.set()
        flow = HotSeat(Game(tutorial, 1, {f.id: BOTS[k % 3] for k, f in enumerate(tutorial.factions)}))
        with i18n.use("ja"):
            thinking = ThinkingScene(window, flow)
            window.switch(thinking)
        thinking.elapsed = 5  # with the note on a first turn's native code
        thinking.update = lambda dt: None  # the screen as it is while the bots choose
        settle(window)
        check_frame(window, recwarn, f"thinking {size} {scale}%")
        thinking.thread.join(120)
        with i18n.use("ja"):  # from a screen of the tutorial: each concept says what in it models the concept
            window.switch(SourcesScene(window, SimpleNamespace(rules=tutorial)))
        settle(window)
        check_frame(window, recwarn, f"sources {size} {scale}%")
        with i18n.use("ja"):
            window.switch(GlossaryScene(window, thinking))
        settle(window)
        cut = [str(w.message) for w in recwarn if "too small for text" in str(w.message)]
        assert not cut and not missing_glyphs(window)
    finally:
        pygame.quit()


def projector_room(rules):
    from game.classroom.room import Room

    room = Room(rules, 7, join_url=URL, lang="ja")
    room.attach("us")
    room.attach("jp")
    return room


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", SCALES)
def test_projector_in_japanese(store, recwarn, tutorial, size, scale):
    from game.ui.scenes.projector import POLL, ProjectorScene

    room = projector_room(tutorial)
    window = ja_window(store, size, scale)
    try:
        with i18n.use("ja"):
            window.switch(ProjectorScene(window, room, URL))
        settle(window)
        check_frame(window, recwarn, f"projector lobby {size} {scale}%")
        assert "ゲームに参加する" in visible_text(window)
        room.act({"type": "timer", "seconds": 300, "on_expiry": "commit"})
        room.act({"type": "start"})
        window.frame(events=[], dt=POLL)
        settle(window)
        check_frame(window, recwarn, f"projector orders {size} {scale}%")
        for faction in ("us", "jp"):
            room.team_act(faction, {"type": "commit"})
        window.frame(events=[], dt=POLL)
        for _frame in range(3):
            window.frame(events=[], dt=1.0)
        check_frame(window, recwarn, f"projector report {size} {scale}%")
        window.frame(events=[pygame.event.Event(pygame.KEYDOWN, key=pygame.K_t, mod=0, unicode="t", scancode=0)])
        check_frame(window, recwarn, f"projector timer menu {size} {scale}%")
        window.scene.menu = None
        while room.phase != "over":
            if room.phase == "report":
                room.act({"type": "next"})
            else:
                for faction in ("us", "jp"):
                    if faction not in room.game.committed:
                        room.team_act(faction, {"type": "commit"})
        window.frame(events=[], dt=POLL)
        settle(window)
        check_frame(window, recwarn, f"projector debrief {size} {scale}%")
        assert "点" in visible_text(window)
    finally:
        pygame.quit()


@pytest.mark.parametrize("lang,expected", [
    ("en", [("WAR", "X ends the game, and every faction loses"), ("CRISIS", "E"), ("SCORE", "F 1 → 2")]),
    ("ja", [("戦争", "Xによりゲームは終わり、すべての陣営が敗北します"), ("危機", "E"), ("得点", "F 1 → 2")])])
def test_a_headline_tag_is_not_said_again_by_its_text(lang, expected):
    from game.session.report import SummaryItem
    from game.ui.scenes.report import headline_parts

    with i18n.use(lang):
        items = [SummaryItem("war", i18n._("War: {cause} ends the game, and every faction loses", cause="X")),
                 SummaryItem("crisis", i18n._("Crisis: {event}", event="E")),
                 SummaryItem("score", i18n._("{faction} score {change}", faction="F", change="1 → 2"))]
        assert [headline_parts(item)[::2] for item in items] == expected


def test_the_setup_and_load_screens_name_scenarios_in_japanese(store, recwarn, tutorial):
    """The scenario list, its description and a save's title come from the scenarios' translation file."""
    from game.session import saves
    from game.session.game import Game
    from game.ui.screenshot import build_scene

    store.saves_dir.mkdir(parents=True, exist_ok=True)
    saves.save(Game(tutorial, 3, {"us": "human", "jp": "human", "cn": "human"}), store.saves_dir / "class-1.json")
    for scene in ("setup", "load"):
        window = App(store=store, size=(1280, 800), settings=Settings(ui_scale=100, window=(1280, 800), language="ja"))
        try:
            with i18n.use("ja"):
                build_scene(window, scene, "crossroads_2025", 1)
            for _ in range(2):
                window.frame(events=[])
            text = visible_text(window)
            assert "チュートリアル：圧力か、パートナーシップか" in text, (scene, text[:400])
            assert "Tutorial" not in text and "Crossroads" not in text, scene
            if scene == "setup":
                check_frame(window, recwarn, "setup")
        finally:
            pygame.quit()
