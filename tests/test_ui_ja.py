"""The window in Japanese: line breaking with kinsoku, the language setting switched without a restart, and
the translated screens rendered at 100% and 200% on 1280x800 and 1920x1080 with no label cut, no missing glyph
and no English word left in what is drawn."""

import re

import pygame
import pytest

from game import i18n
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
    """Drawn strings with a character the window's font has no glyph for."""
    font = window.font(16)
    return [t for t in window.drawn if any(m is None for m in font.metrics(t))]


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
