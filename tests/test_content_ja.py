"""The Japanese texts of the shipped content: every item and field translated, none empty or left in English,
every id real, the numbers and the glossary's terms kept (docs/glossary-ja.md)."""

import re
from pathlib import Path

import pytest
import yaml

from i18n_kit import assert_no_english

from game import i18n
from game.i18n import content
from game.rules.files import CONTENT_ROOT
from game.rules.translations import RULES_DIR, check_translation_files, lang_file, source_of, untranslated
from game.scenarios import SCENARIO_DIR, list_scenarios, load_rules

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary-ja.md"
# every folder that ships translations: the concepts, each pack, the scenarios
OWNERS = [RULES_DIR, *sorted(p for p in CONTENT_ROOT.iterdir() if p.is_dir()), SCENARIO_DIR]
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # kana and kanji
# texts that are the same in Japanese policy writing (a proper name written in Latin letters)
PROPER_NAMES = {"G7"}
# acronyms and names the Japanese texts keep in Latin letters, besides those tests/i18n_kit.py allows
KEPT_NAMES = ("ADB", "KORUS", "TIFA", "Boix")
# English numbers a natural translation writes otherwise: (item, field) -> English number -> the Japanese one
CONVERTED = {("jp.defense_spending", "text"): {"68": "680"}}  # "$68bn" is 680億ドル
# English wording -> the term the Japanese must use wherever the English says it (docs/glossary-ja.md)
TERMS = {
    r"U\.S\.[–-]Japan alliance": "日米同盟",
    r"defen[cs]e (spending|budget)": "防衛",
    r"(?<!ethnic-)\bminority\b": "少数与党",  # an ethnic-minority state: 少数民族州
    r"no-confidence": "内閣不信任",
    r"Comprehensive and Progressive Agreement": "環太平洋パートナーシップに関する包括的及び先進的な協定",
    r"Free and Open Indo-Pacific": "自由で開かれたインド太平洋",
    r"Belt[- ]and[- ]Road": "一帯一路",
    r"(?<!geo-)economic coercion": "経済的威圧",  # geo-economic coercion: 地経学的な威圧
    r"coercion": "威圧",
    r"Senkaku": "尖閣諸島",
    r"Taiwan Strait": "台湾海峡",
    r"\bQUAD\b": "クアッド",
    r"\bDiet\b": "国会",
    r"quality[- ]infrastructure": "質の高いインフラ",
}
# words a careless translation uses where Japanese policy writing says otherwise
AVOIDED = {"米日同盟": "日米同盟", "少数政府": "少数与党", "尖閣列島": "尖閣諸島", "強制": "威圧 (coercion)",
           "国防費": "防衛費"}


def translations(owner: Path) -> dict[str, dict[str, str]]:
    """The Japanese file of a folder, read as plain YAML (item id -> field -> text)."""
    return yaml.safe_load(lang_file(owner, "ja").read_text(encoding="utf-8"))["items"]


def english_texts(owner: Path) -> dict[tuple[str, str], str]:
    """(item id, field) -> English text, for every non-empty text field of a folder's items."""
    return {(ident, name): text for ident, (_label, fields) in source_of(owner).items.items()
            for name, text in fields.items() if text.strip()}


def japanese_texts(owner: Path) -> dict[tuple[str, str], str]:
    return {(ident, name): text for ident, fields in translations(owner).items() for name, text in fields.items()}


def every_pair() -> list[tuple[tuple[str, str], str, str]]:
    """((item, field), English, Japanese) for every translated text of the shipped content."""
    pairs = []
    for owner in OWNERS:
        english, japanese = english_texts(owner), japanese_texts(owner)
        pairs += [(key, english[key], text) for key, text in japanese.items() if key in english]
    return pairs


@pytest.mark.parametrize("owner", OWNERS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_item_and_field_of_the_shipped_content_has_japanese(owner):
    assert lang_file(owner, "ja").is_file(), f"{owner} has no lang/ja.yaml"
    missing = untranslated(owner, "ja")
    assert missing == [], "untranslated: " + "; ".join(f"{m.item}: {', '.join(m.fields)}" for m in missing)
    # the same, read without the loader: every English text field has a Japanese one
    assert sorted(set(english_texts(owner)) - set(japanese_texts(owner))) == []


@pytest.mark.parametrize("owner", OWNERS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_translated_id_and_field_exists(owner):
    extra = sorted(set(japanese_texts(owner)) - set(english_texts(owner)))
    assert extra == [], f"translated, but no such item or text field in English: {extra}"
    assert check_translation_files([lang_file(owner, "ja")]) == []


def test_no_japanese_text_is_empty_or_still_english():
    for (ident, name), english, text in every_pair():
        assert text.strip(), f"{ident} {name} is empty"
        if text in PROPER_NAMES:
            continue
        assert JAPANESE.search(text), f"{ident} {name} has no Japanese: {text!r}"
        assert text != english, f"{ident} {name} is still the English"
        # no English word left beside the proper names and acronyms Japanese writing keeps (tests/i18n_kit.py)
        # a `{track}` placeholder is the track's value when shown, not a word
        assert_no_english(re.sub(r"\{[^{}]*\}", " ", text), f"{ident} {name}", allow=KEPT_NAMES)


def test_no_space_between_japanese_words():
    # YAML folds a line break in a `>-` text into a space; Japanese puts none between words
    for (ident, name), _english, text in every_pair():
        assert not re.search(r"[^\x00-\x7f] +[^\x00-\x7f]", text), f"{ident} {name} has a space: {text!r}"
        assert text == text.strip(), f"{ident} {name} starts or ends with a space"


def test_numbers_of_the_english_are_kept():
    # thresholds in requires_text and doctrines' reasons are rules a teacher reads: they must say the same number
    for (ident, name), english, text in every_pair():
        converted = CONVERTED.get((ident, name), {})
        numbers = [converted.get(n, n) for n in re.findall(r"\d+(?:\.\d+)?", english)]
        found = re.findall(r"\d+(?:\.\d+)?", text)
        assert [n for n in numbers if n not in found] == [], f"{ident} {name}: {english!r} -> {text!r}"


def test_the_glossary_terms_are_used_wherever_the_english_says_them():
    for (ident, name), english, text in every_pair():
        for wording, term in TERMS.items():
            if re.search(wording, english, re.IGNORECASE):
                assert term in text, f"{ident} {name} says {wording!r} in English but not {term} in Japanese: {text!r}"
        for avoided, instead in AVOIDED.items():
            assert avoided not in text, f"{ident} {name} writes {avoided}; Japanese policy writing says {instead}"


def test_the_glossary_lists_the_required_terms_and_how_to_validate():
    glossary = GLOSSARY.read_text(encoding="utf-8")
    for term in ("日米同盟", "防衛費", "少数与党", "内閣不信任", "環太平洋パートナーシップに関する包括的及び先進的な協定（CPTPP）",
                 "自由で開かれたインド太平洋", "一帯一路", "経済的威圧", "尖閣諸島", "台湾海峡", "東南アジア諸国連合（ASEAN）"):
        assert term in glossary, term
    assert "python main.py validate --untranslated ja" in glossary


def test_every_region_and_faction_has_its_usual_japanese_name():
    pack = translations(CONTENT_ROOT / "base")
    usual = {"us": "米国", "jp": "日本", "cn": "中国", "south_korea": "韓国", "vietnam": "ベトナム", "myanmar": "ミャンマー",
             "india": "インド", "australia": "オーストラリア", "philippines": "フィリピン", "taiwan": "台湾",
             "taiwan_strait": "台湾海峡", "scs": "南シナ海", "ecs": "東シナ海・尖閣諸島", "south_america": "南米"}
    assert {ident: pack[ident]["name"] for ident in usual} == usual


@pytest.mark.parametrize("scenario", [entry.id for entry in list_scenarios()])
def test_a_compiled_scenario_shows_every_declared_item_in_japanese(scenario):
    rules = load_rules(scenario)
    made = {t.id for t in rules.tracks if t.group in ("tension", "influence", "channel", "institution", "membership")}
    with i18n.use("ja"):
        for ident, (label, fields) in content.english(rules).items.items():
            if ident in made:
                continue
            for name, english in fields.items():
                if not english.strip():
                    continue
                shown = content.name(rules, ident, name)
                assert shown in PROPER_NAMES or JAPANESE.search(shown), f"{label} {name} shows {shown!r}"
    with i18n.use("en"):
        assert content.name(rules, "alliance") == "U.S.–Japan alliance strength"
    with i18n.use("ja"):
        assert content.name(rules, "alliance") == "日米同盟の強さ"
        assert content.name(rules, rules.id, "title") == translations(SCENARIO_DIR)[rules.id]["title"]


def test_the_tracks_the_compiler_makes_are_named_in_japanese():
    # their names are composed from the translated region, faction, channel and institution names (game.i18n)
    rules = load_rules("crossroads_2025")
    made = [t for t in rules.tracks if t.group in ("tension", "influence", "channel", "institution", "membership")]
    assert made
    with i18n.use("ja"):
        for track in made:
            shown = content.name(rules, track.id)
            assert JAPANESE.search(shown) and not re.search(r"\b(in|tension|strength|influence)\b", shown), \
                f"{track.id} shows {shown!r}"
        assert "ベトナム" in content.name(rules, "vietnam.us.trade") and "貿易" in content.name(rules, "vietnam.us.trade")


def test_concept_labels_and_article_titles_show_in_japanese_without_rules():
    from game.rules.concepts import ARTICLES, CONCEPTS
    with i18n.use("ja"):
        labels = {ident: content.name(None, ident, "label") for ident in CONCEPTS}
        titles = {ident: content.name(None, ident, "title") for ident in ARTICLES}
    assert [i for i, text in labels.items() if not JAPANESE.search(text)] == []
    assert titles == {"S0": "岐路に立つ米国（トリレンマの視点から）", "S2": "第2条の使命（CSIS、2018年）"}
    assert labels["S0-14"] == "日本の与党が過半数を失う"
    with i18n.use("en"):
        assert content.name(None, "S0-14", "label") == CONCEPTS["S0-14"]
