"""Content translations: reading and checking lang/<language>.yaml, the loader the front ends use, and --lang."""

import io
import json
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from game.cli.commands import main
from game.i18n import content, use
from game.rules import translations
from game.rules.files import CONTENT_ROOT, content_hash, pack_files
from game.rules.problems import Problem
from game.scenarios import SCENARIO_DIR, load_rules

BASE = CONTENT_ROOT / "base"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A scenario folder: the tutorial on a pack `./mine` that extends base, each with an empty lang/ folder."""
    pack = tmp_path / "mine"
    (pack / "lang").mkdir(parents=True)
    (pack / "pack.yaml").write_text("extends: base\n", encoding="utf-8")
    text = (SCENARIO_DIR / "tutorial.yaml").read_text(encoding="utf-8").replace("content: base", "content: ./mine")
    (tmp_path / "tutorial.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "lang").mkdir()
    monkeypatch.chdir(tmp_path)  # messages name files relative to the working directory
    monkeypatch.setattr(content, "RECHECK", 0.0)  # look at the files' times on every call
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    return [str(p) for p in translations.check_translation_files([path])]


def validate(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


# ---- checking ---------------------------------------------------------------------------------------


def test_the_shipped_translations_check_clean():
    for path in (BASE / "lang" / "ja.yaml", SCENARIO_DIR / "lang" / "ja.yaml", translations.RULES_DIR / "lang" / "ja.yaml"):
        assert problems_of(path) == []


def test_an_item_id_that_does_not_exist_is_named_with_a_suggestion(folder):
    path = write(folder / "mine" / "lang" / "ja.yaml", "language: ja\nitems:\n  us.universal_tarif:\n    name: 関税\n")
    assert problems_of(path) == ["mine/lang/ja.yaml: us.universal_tarif: no item 'us.universal_tarif' in pack ./mine"
                                 " — did you mean 'us.universal_tariff'?"]


def test_a_field_the_item_does_not_have_is_named_with_its_fields(folder):
    path = write(folder / "mine" / "lang" / "ja.yaml", "language: ja\nitems:\n  jp:\n    nmae: 日本\n"
                 "  ev.senkaku_incident:\n    effects.9.note: 注\n")
    assert problems_of(path) == [
        "mine/lang/ja.yaml: faction jp, nmae: faction jp has no text field 'nmae' (its text fields: adjective, name, "
        "text) — did you mean 'name'?",
        "mine/lang/ja.yaml: event ev.senkaku_incident, effects.9.note: event ev.senkaku_incident has no text field "
        "'effects.9.note' (its text fields: effects.0.note, effects.1.note, effects.2.note, name, text) — did you "
        "mean 'effects.2.note'?"]


def test_scenario_items_injects_and_concepts_are_checked_against_their_own_content(folder):
    path = write(folder / "lang" / "ja.yaml", "language: ja\nitems:\n  tutorial:\n    title: 入門\n"
                 "    scoring.us.0.name: 同盟\n    scoring.us.9.name: 無い\n  us:\n    name: 米国\n")
    assert problems_of(path) == [
        f"lang/ja.yaml: scenario tutorial, scoring.us.9.name: scenario tutorial has no text field 'scoring.us.9.name' "
        f"(its text fields: {', '.join(sorted(translations.source_of(folder).items['tutorial'][1]))})"
        " — did you mean 'scoring.us.4.name'?",
        f"lang/ja.yaml: us: no item 'us' in the scenarios of {folder}"]
    concepts = translations.source_of(translations.RULES_DIR)
    assert concepts.items["S0-17"][1] == {"label": "U.S. pressure on defense spending can backfire"}
    assert concepts.items["S2"][1]["title"] == "The Article II Mandate (CSIS, 2018)"


def test_a_damaged_translation_file_is_named_with_its_line(folder):
    path = write(folder / "mine" / "lang" / "ja.yaml", "language: ja\nitems:\n  us:\n    name: [米国\n")
    [problem] = problems_of(path)
    assert problem.startswith("mine/lang/ja.yaml: malformed YAML at line 5, column 1: ")


def test_schema_mistakes_name_the_item_and_field(folder):
    path = write(folder / "mine" / "lang" / "ja.yaml", "language: ja\nitems:\n  Bad Id:\n    name: x\n  us:\n"
                 "    Nm: y\n    text: ''\n    adjective: 3\n  jp: 5\ntranslator: me\n")
    assert problems_of(path) == [
        "mine/lang/ja.yaml: Bad Id: 'Bad Id' is not an item id",
        "mine/lang/ja.yaml: us, Nm: 'Nm' is not a field name like 'name' or 'effects.0.note'",
        "mine/lang/ja.yaml: us, text: the text is empty: leave the field out to show the English",
        "mine/lang/ja.yaml: us, adjective: a text is expected, not int 3 (quote it)",
        "mine/lang/ja.yaml: jp: expected the item's fields (name: …, text: …), found int",
        "mine/lang/ja.yaml: unknown key 'translator' (a translation file has `language:` and `items:`)"]


def test_the_language_must_match_the_file_name_and_placeholders_stay(folder):
    path = write(folder / "mine" / "lang" / "ja.yaml", "language: ko\nitems: {}\n")
    assert problems_of(path) == ["mine/lang/ja.yaml: language: says 'ko' but the file is named ja.yaml: name it "
                                 "ko.yaml, or correct `language:`"]
    write(folder / "mine" / "moves.yaml", "moves:\n- id: us.visit\n  name: Visit {target}\n  faction: us\n"
          "  category: diplomatic\n  target: {kind: region, options: [vietnam]}\n"
          "  effects: [{track: alliance, add: 1}]\n  sources: [S0-19]\n")
    write(path, "language: ja\nitems:\n  us.visit:\n    name: 訪問\n")
    assert problems_of(path) == ["mine/lang/ja.yaml: move us.visit, name: the English has {target}, which the game "
                                 "fills in; keep it in the translation, as written"]


def test_a_pack_without_a_pack_file_that_a_scenario_beside_it_names_is_a_pack(tmp_path, monkeypatch):
    """A copy of base beside its scenario (`content: ./copy`, no pack.yaml) may carry its own translations."""
    shutil.copytree(BASE, tmp_path / "copy")
    text = (SCENARIO_DIR / "tutorial.yaml").read_text(encoding="utf-8").replace("content: base", "content: ./copy")
    write(tmp_path / "tutorial.yaml", text)
    monkeypatch.chdir(tmp_path)
    assert translations.is_pack(tmp_path / "copy")
    assert problems_of(tmp_path / "copy" / "lang" / "ja.yaml") == []
    path = write(tmp_path / "copy" / "lang" / "ja.yaml", "language: ja\nitems:\n  us.universal_tarif:\n    name: 関税\n")
    assert problems_of(path) == ["copy/lang/ja.yaml: us.universal_tarif: no item 'us.universal_tarif' in pack ./copy"
                                 " — did you mean 'us.universal_tariff'?"]


def test_a_lang_folder_outside_a_pack_or_scenario_folder_is_refused(tmp_path):
    path = tmp_path / "loose" / "lang" / "ja.yaml"
    path.parent.mkdir(parents=True)
    write(path, "language: ja\nitems: {}\n")
    [problem] = translations.check_translation_files([path])
    assert problem.message.startswith("is in a lang/ folder, but not one of a content pack, a scenario folder or "
                                      "game/rules")


def test_validate_reports_a_damaged_translation_file_and_fails(folder):
    write(folder / "mine" / "lang" / "ja.yaml", "language: ja\nitems:\n  jp:\n    nmae: 日本\n")
    status, out, err = validate("validate", str(folder))
    assert status == 1
    assert out.splitlines() == ["mine/lang/ja.yaml: faction jp, nmae: faction jp has no text field 'nmae' (its text "
                                "fields: adjective, name, text) — did you mean 'name'?"]
    assert err == "1 problem in 3 files\n"
    status, out, err = validate("--lang", "ja", "validate", str(folder))
    assert status == 1 and err == "3ファイルに問題1件\n"


def test_validate_untranslated_lists_the_items_and_counts_them(folder):
    write(folder / "mine" / "lang" / "ja.yaml", "language: ja\nitems:\n  us:\n    name: 米国\n")
    status, out, _ = validate("validate", str(folder / "mine"), "--untranslated", "ja")
    lines = out.splitlines()
    assert status == 0 and lines[-1] == "ok: 2 files checked, no problems"
    assert "untranslated: mine/lang/ja.yaml: faction us: adjective, text" in lines
    assert not any(line.startswith("untranslated: mine/lang/ja.yaml: faction jp: ") and "name" not in line
                   for line in lines)
    pack = [u for u in translations.untranslated(folder / "mine", "ja")]
    concepts = translations.untranslated(translations.RULES_DIR, "ja")
    texts = sum(len(u.fields) for u in pack + concepts)
    assert lines[-2] == f"ja: {len(pack) + len(concepts)} items leave {texts} texts untranslated"
    assert validate("validate", "--untranslated", "en")[0] == 2


def test_the_shipped_content_leaves_nothing_untranslated_in_japanese():
    status, out, _ = validate("validate", "--untranslated", "ja")
    assert status == 0 and out.splitlines()[-2:] == ["ja: 0 items leave 0 texts untranslated",
                                                     "ok: 17 files checked, no problems"]


# ---- not rules ----------------------------------------------------------------------------------------


def test_translations_are_outside_the_pack_files_and_the_content_hash(folder):
    rules = load_rules(folder / "tutorial.yaml")
    before = rules.content_hash
    assert all("lang" not in p.parts for p in pack_files(folder / "mine"))
    write(folder / "mine" / "lang" / "ja.yaml", "language: ja\nitems:\n  us:\n    name: 米国\n")
    assert load_rules(folder / "tutorial.yaml") is rules  # not compiled again
    assert content_hash([rules.scenario_path, *pack_files(folder / "mine")]) == before


# ---- the loader ----------------------------------------------------------------------------------------


def test_names_in_the_language_in_use_with_english_for_what_is_missing(folder):
    rules = load_rules(folder / "tutorial.yaml")
    write(folder / "mine" / "lang" / "ja.yaml", "language: ja\nitems:\n  us:\n    name: 合衆国\n")
    assert content.name(rules, "us") == "United States"
    with use("ja"):
        assert content.name(rules, "us") == "合衆国"  # the pack's own file wins over its parent's
        assert content.name(rules, "jp") == "日本"  # from base's file
        assert content.name(rules, "us.universal_tariff", "requires_text").startswith("米国の平均関税率")
        assert content.name(rules, "tutorial", "title") == "Tutorial: pressure or partnership?"  # no scenario file
        assert content.name(rules, "ecs.tension") == "東シナ海・尖閣諸島の緊張"  # made from its parts
        assert content.name(None, "S0-17", "label") != "U.S. pressure on defense spending can backfire"
    with pytest.raises(KeyError, match="unknown item 'us.nothing'"):
        content.name(rules, "us.nothing")
    with pytest.raises(KeyError, match="faction us has no text field 'title'"):
        content.name(rules, "us", "title")
    with pytest.raises(KeyError, match=r"unknown item 'us' \(without rules: concepts only\)"):
        content.name(None, "us")


def test_an_edited_file_is_read_again_and_a_damaged_one_shows_english(folder):
    rules = load_rules(folder / "tutorial.yaml")
    path = write(folder / "lang" / "ja.yaml", "language: ja\nitems:\n  tutorial:\n    title: 入門\n")
    with use("ja"):
        assert content.name(rules, "tutorial", "title") == "入門"
        write(path, "language: ja\nitems:\n  tutorial:\n    title: 入門編だよ\n")
        os.utime(path, ns=(os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns + 10**9))
        assert content.name(rules, "tutorial", "title") == "入門編だよ"
        write(path, "language: ja\nitems: [\n")
        assert content.name(rules, "tutorial", "title") == "Tutorial: pressure or partnership?"
        assert content.texts(rules, "ja")["us"]["name"] == "米国"
    assert content.texts(rules, "en") == {}


def test_the_scenario_list_title_before_compiling(folder):
    write(folder / "lang" / "ja.yaml", "language: ja\nitems:\n  tutorial:\n    title: 入門\n")
    with use("ja"):
        assert content.scenario_text(folder / "tutorial.yaml", "tutorial", "title", "Tutorial") == "入門"
        assert content.scenario_text(folder / "tutorial.yaml", "other", "title", "Other") == "Other"
    assert content.scenario_text(folder / "tutorial.yaml", "tutorial", "title", "Tutorial") == "Tutorial"


# ---- --lang ---------------------------------------------------------------------------------------------


def test_lang_before_or_after_the_command(monkeypatch, tmp_path):
    monkeypatch.setenv("PACIFIC_TRILEMMA_HOME", str(tmp_path))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    english = validate("scenarios")[1].splitlines()
    assert english[0] == "tutorial\tTutorial: pressure or partnership?\t3 turns"
    japanese = validate("--lang", "ja", "scenarios")[1].splitlines()
    assert japanese[0] == "tutorial\tチュートリアル：圧力か、パートナーシップか\t全3ターン"
    assert validate("scenarios", "--lang", "ja")[1].splitlines() == japanese
    assert validate("scenarios", "--lang=ja")[1].splitlines() == japanese
    status, _, err = validate("--lang", "fr", "scenarios")
    assert status == 2 and err == "main.py: --lang: unknown language 'fr': choose one of en, ja\n"


def test_the_default_language_comes_from_the_settings_then_the_system(monkeypatch, tmp_path):
    monkeypatch.setenv("PACIFIC_TRILEMMA_HOME", str(tmp_path))
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    assert validate("scenarios")[1].endswith("全8ターン\n")  # the system's
    (tmp_path / "settings.json").write_text(json.dumps({"language": "en"}), encoding="utf-8")
    assert validate("scenarios")[1].endswith("8 turns\n")  # the settings win over the system
    assert validate("--lang", "ja", "scenarios")[1].endswith("全8ターン\n")  # --lang wins over both
    (tmp_path / "settings.json").write_text("{" * 5000, encoding="utf-8")  # damaged: the window says why
    assert validate("scenarios")[1].endswith("全8ターン\n")
