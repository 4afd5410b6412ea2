"""The language machinery: which language is in use (per thread and task), how it is chosen, and the fallbacks."""

import asyncio
import threading

import pytest

from game import i18n
from game.i18n import LanguageError, _, join, ngettext, number, turn_label, use


def test_english_is_the_default_and_use_sets_the_language_for_the_block_only():
    assert i18n.current() == "en"
    with use("ja"):
        assert i18n.current() == "ja"
        with use("en"):
            assert i18n.current() == "en"
        assert i18n.current() == "ja"
    assert i18n.current() == "en"


def test_use_is_per_thread():
    seen = []
    with use("ja"):
        worker = threading.Thread(target=lambda: seen.append((i18n.current(), turn_label(2025, 1))))
        worker.start()
        worker.join()
        assert i18n.current() == "ja"
    assert seen == [("en", "2025 H1")]


def test_use_is_per_asyncio_task():
    async def page(lang: str, ready: asyncio.Event, other: asyncio.Event) -> str:
        with use(lang):
            ready.set()
            await other.wait()  # the other task sets its own language meanwhile
            return turn_label(2025, 2)

    async def both():
        a, b = asyncio.Event(), asyncio.Event()
        return await asyncio.gather(page("ja", a, b), page("en", b, a))

    assert asyncio.run(both()) == ["2025年下半期", "2025 H2"]


def test_resolve_takes_the_option_then_the_settings_then_the_system_locale():
    japanese, german = {"LANG": "ja_JP.UTF-8"}, {"LANG": "de_DE.UTF-8"}
    assert i18n.resolve("en", "ja", japanese) == "en"
    assert i18n.resolve(None, "en", japanese) == "en"
    assert i18n.resolve(None, None, japanese) == "ja"
    assert i18n.resolve(None, None, german) == "en"
    assert i18n.resolve(None, None, {}) == "en"
    assert i18n.resolve(None, None, {"LC_ALL": "ja_JP.eucJP", "LANG": "en_US.UTF-8"}) == "ja"  # LC_ALL wins
    assert i18n.resolve(None, None, {"LANGUAGE": "fr:ja", "LANG": "en_US"}) == "ja"  # a list of choices
    assert i18n.resolve(None, None, {"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}) == "en"


def test_an_unknown_language_is_refused_listing_the_choices():
    with pytest.raises(LanguageError) as caught:
        i18n.resolve("fr")
    assert str(caught.value) == "unknown language 'fr': choose one of en, ja"
    with pytest.raises(LanguageError, match="unknown language 'jp': choose one of en, ja"):
        i18n.resolve(None, "jp")
    with pytest.raises(LanguageError, match="'de'"):
        with use("de"):
            pass


def test_turn_labels_in_both_languages():
    assert [turn_label(2025, 1), turn_label(2025, 2)] == ["2025 H1", "2025 H2"]
    with use("ja"):
        assert [turn_label(2025, 1), turn_label(2031, 2)] == ["2025年上半期", "2031年下半期"]
    with pytest.raises(ValueError, match="a turn's half is 1 or 2, not 3"):
        turn_label(2025, 3)


def test_lists_and_numbers_in_both_languages():
    assert [join([]), join(["a"]), join(["a", "b"]), join(["a", "b", "c"])] == ["", "a", "a and b", "a, b and c"]
    with use("ja"):
        assert [join(["米国", "日本"]), join(["米国", "日本", "中国"])] == ["米国、日本", "米国、日本、中国"]
        assert [number(41.54), number(40.0), number(-0.01)] == ["41.5", "40", "0"]
    assert [number(41.54), number(-3.0), number(-0.04)] == ["41.5", "-3", "0"]


def test_a_message_without_a_translation_is_shown_in_english_with_its_fields():
    with use("ja"):
        assert _("no such message {n} here", n=3) == "no such message 3 here"
        assert _("braces {kept} without fields") == "braces {kept} without fields"
        assert ngettext("{n} turn", "{n} turns", 1) == "1 turn"
        assert ngettext("{n} turn", "{n} turns", 2) == "2 turns"
        assert _("") == ""


def test_a_translation_naming_a_field_it_is_not_given_falls_back_to_the_english(tmp_path, monkeypatch):
    folder = tmp_path / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "test.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "{who} wins"\nmsgstr "{whom}の勝ち"\n\n'
        'msgid "{n} seat"\nmsgid_plural "{n} seats"\nmsgstr[0] "{n}席"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.reload()
    try:
        with use("ja"):
            assert _("{who} wins", who="日本") == "日本 wins"
            assert ngettext("{n} seat", "{n} seats", 1) == "1席"
            assert ngettext("{n} seat", "{n} seats", 3) == "3席"
    finally:
        monkeypatch.undo()
        i18n.reload()


def test_a_catalog_that_does_not_parse_is_named_with_its_line(tmp_path):
    broken = tmp_path / "broken.po"
    broken.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n\nmsgid "c"\nnonsense here\n', encoding="utf-8")
    with pytest.raises(i18n.CatalogError) as caught:
        i18n.read_catalog(broken)
    assert str(caught.value) == f"{broken}: line 8: unknown or misformatted keyword: nonsense here"


def test_the_languages_are_those_with_catalogs():
    assert i18n.LANGUAGES == ("en", "ja")
    assert "cli.po" in [p.name for p in i18n.catalog_files("ja")]


def test_the_command_lines_own_words_follow_the_language(capsys):
    import argparse

    from game.cli.commands import main

    with pytest.raises(SystemExit):
        main(["--lang", "ja", "play", "--seed", "x"])
    err = capsys.readouterr().err
    assert "使い方: main.py play" in err and "エラー: 引数 --seed: int として読めない値です: 'x'" in err
    with pytest.raises(SystemExit):
        main(["play", "--seed", "x"])
    err = capsys.readouterr().err
    assert "usage: main.py play" in err and "error: argument --seed: invalid int value: 'x'" in err
    with pytest.raises(SystemExit):
        main(["--lang", "ja", "play", "--help"])
    assert "オプション:" in capsys.readouterr().out
    assert argparse._("usage: ") == "usage: "  # argparse is as it was outside a command line
