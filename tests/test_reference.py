"""The authors' reference pages are generated from the code and current; their examples parse; and no code,
README or doc points to a file the repository does not have."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from game.rules import expressions, limits, schema
from game.rules.concepts import CONCEPTS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import build_reference  # noqa: E402


@pytest.fixture(scope="module")
def pages() -> dict[Path, str]:
    return build_reference.pages()


def test_the_generated_pages_are_current(pages):
    for path, text in pages.items():
        name = path.relative_to(ROOT).as_posix()
        assert path.exists() and path.read_text(encoding="utf-8") == text, (
            f"{name} is out of date with the code: run `python tools/build_reference.py` and commit it")


def test_the_reference_lists_every_item_type_and_key_with_the_expression_language(pages):
    text = pages[build_reference.REFERENCE]
    for model in build_reference.model_order():
        section = text.split(f"### {model.__name__}\n", 1)[1].split("\n### ", 1)[0]
        for key in model.model_fields:
            assert f"| `{key}` |" in section, f"{model.__name__}.{key} is missing from the reference"
    for model in (schema.Faction, schema.Track, schema.Move, schema.Event, schema.Rule, schema.Scenario,
                  schema.Doctrine, schema.Target, schema.Cost, schema.AddEffect, schema.Inject):
        assert f"### {model.__name__}\n" in text
    assert "| `crisis` | true or false | `false` |" in text
    for fn in expressions.FUNCTIONS:
        assert f"`{build_reference.FUNCTION_HELP[fn][0]}`" in text
    assert f"at most **{limits.EXPR_CHARS} characters**" in text
    for words in ("*replaces*", "`disable:`", "`region`, `institution`, `faction`", "Joint moves", "`once: true`",
                  "`chance:`", "Derived tracks", "`end_game: war`", "`economic`, `security`, `diplomatic`"):
        assert words in text, words


def test_every_example_parses_with_the_schema(pages):
    text = pages[build_reference.REFERENCE]
    found = re.findall(r"<!-- example: (\w+) -->\n```yaml\n(.*?)\n```", text, flags=re.S)
    models = build_reference.example_models()
    assert {name for name, _ in found} >= {"Faction", "Track", "Region", "Institution", "Move", "Event", "Rule",
                                           "Doctrine", "Scenario"}
    for name, body in found:
        data = yaml.safe_load(body)
        parsed = models[name].model_validate(data)
        if models[name] is schema.ContentFile:
            (items,) = [v for v in parsed.model_dump(exclude_defaults=True).values()]
            assert len(items) == 1, f"a {name} example holds one item"


def test_the_concepts_page_lists_every_concept_with_what_models_it(pages):
    text = pages[build_reference.CONCEPTS_PAGE]
    for concept, label in CONCEPTS.items():
        assert f"| `{concept}` | {label} |" in text
    assert "`event ev.taiwan_crisis`" in text.split("| `S0-18` |")[1].split("\n")[0]


def test_the_kit_page_lists_every_function_and_method(pages):
    import game.testing as kit

    text = pages[build_reference.KIT_PAGE]
    assert "### `scenario(ref: str | Path, seed: int = 0, event: str | None = None) -> RulesGame`" in text
    for cls in (kit.RulesGame, kit.Turn):
        for name in vars(cls):
            if not name.startswith("_"):
                assert f"`{cls.__name__}.{name}" in text, f"{cls.__name__}.{name}"
    assert "- `Turn.caused(track: str, by: str) -> float`: Returns" in text


# ---- references to files ------------------------------------------------------------------------------------

# paths a user chooses (saves, codes, their own scenarios and packs) and examples of names, not files of the repository
USER_PATHS = {"game.json", "codes.json", "my_class.yaml", "orders.png", "before.json", "SAVE.json", "cn.yaml",
              "test_*.py", "scenario.yaml", "my_pack/", "pack.yaml"}
PATH = re.compile(r"`([\w./*-]+\.(?:md|yaml|py))`|\]\(([\w./-]+\.(?:md|yaml|py))(?:#[\w-]*)?\)")
SEARCHED = ("", "game/rules/content/base", "game/rules/content/base/moves", "game/scenarios", "docs")


def referenced_paths() -> list[tuple[str, str]]:
    """(file, path) for every path of a .md, .yaml or .py file written in backticks or as a link."""
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "game").rglob("*.py"))]
    found = []
    for file in files:
        for a, b in PATH.findall(file.read_text(encoding="utf-8")):
            found.append((file.relative_to(ROOT).as_posix(), a or b))
    return found


def exists(source: str, path: str) -> bool:
    if "*" in path:
        return any(ROOT.glob(path)) or any((ROOT / d).glob(path) for d in SEARCHED)
    here = (ROOT / source).parent
    return (here / path).exists() or any((ROOT / d / path).exists() for d in SEARCHED)


def test_no_code_or_doc_points_to_a_file_the_repository_does_not_have():
    found = referenced_paths()
    assert len(found) > 20, "the scan finds the references there are"
    missing = sorted({f"{source}: {path}" for source, path in found if path not in USER_PATHS and not exists(source, path)})
    assert not missing, "references to files that do not exist:\n" + "\n".join(missing)


def test_the_scan_catches_a_missing_file(tmp_path):
    assert not exists("README.md", "CONTENT.md") and not exists("docs/limits.md", "../shared/notes.md")
    assert PATH.findall("see `CONTENT.md` and [the notes](../shared/x.md)") == [("CONTENT.md", ""), ("", "../shared/x.md")]
