"""A scenario's `content:` is confined to its own folder and the installed packs, refused at once otherwise."""

from __future__ import annotations

import time

import pytest

from fuzz.conftest import link, mini_copy, within
from game.rules.files import display_path
from game.rules.problems import ContentError
from game.scenarios import load_rules


def with_content(tmp_path, content: str):
    scenario, _ = mini_copy(tmp_path)
    text = scenario.read_text(encoding="utf-8").replace("content: ./mini", f"content: {content!r}")
    scenario.write_text(text, encoding="utf-8")
    return scenario


def refusal(scenario) -> str:
    started = time.perf_counter()
    with within(10, "compiling"), pytest.raises(ContentError) as info:
        load_rules(scenario)
    assert time.perf_counter() - started < 2, "the refusal was not immediate"
    assert len(info.value.problems) == 1, info.value
    return str(info.value.problems[0])


@pytest.mark.parametrize("content", ["/", "/etc", "/tmp/../etc", "~/packs"])
def test_absolute_content_is_refused_at_once(tmp_path, content):
    scenario = with_content(tmp_path, content)
    assert refusal(scenario) == (f"{display_path(scenario)}: scenario mini, content: {content!r} is an absolute path or "
                                 "a home folder: name an installed pack or a folder beside the scenario file (like "
                                 "./my_pack)")


@pytest.mark.parametrize("content", ["..", "../..", "./mini/../..", "mini/../../x"])
def test_content_leading_out_of_the_scenario_folder_is_refused(tmp_path, content):
    scenario = with_content(tmp_path / "s", content)
    assert refusal(scenario) == (f"{display_path(scenario)}: scenario mini, content: {content!r} leads outside the "
                                 f"scenario's folder ({display_path(tmp_path / 's')}); a pack must lie in it or below it")


def test_a_link_out_of_the_scenario_folder_is_refused(tmp_path):
    scenario = with_content(tmp_path / "s", "./elsewhere")
    link(tmp_path / "s" / "elsewhere", tmp_path)
    assert "content: './elsewhere' leads outside the scenario's folder" in refusal(scenario)


def test_a_content_link_loop_is_refused(tmp_path):
    scenario = with_content(tmp_path, "./loop")
    link(tmp_path / "loop", "loop")
    assert refusal(scenario) == f"{display_path(scenario)}: scenario mini, content: './loop' is a symbolic link loop"


def test_a_pack_file_linking_outside_the_pack_is_refused(tmp_path):
    scenario, content = mini_copy(tmp_path / "s")
    outside = tmp_path / "secret.yaml"
    outside.write_text("tracks: []\n", encoding="utf-8")
    inside = link(content.parent / "secret.yaml", outside)
    assert refusal(scenario) == f"{display_path(inside)}: links outside the pack's folder ({display_path(content.parent)})"


def test_links_to_folders_inside_a_pack_are_not_followed(tmp_path):
    scenario, content = mini_copy(tmp_path)
    link(content.parent / "up", "..")
    link(content.parent / "root", "/")
    with within(10, "compiling a pack with links to folders"):
        rules = load_rules(scenario)
    assert rules.pack.files == [content]


def test_a_folder_below_the_scenario_and_a_shipped_pack_are_allowed(tmp_path):
    scenario = with_content(tmp_path, "mini/../mini")
    assert load_rules(scenario).pack.root == (tmp_path / "mini").resolve()
    assert load_rules("tutorial").pack.name == "base"


def with_parent(tmp_path, extends: str):
    """The mini scenario on a pack in `tmp_path/s` whose pack.yaml extends `extends`."""
    scenario, content = mini_copy(tmp_path / "s")
    (content.parent / "pack.yaml").write_text(f"extends: {extends!r}\n", encoding="utf-8")
    return scenario, content.parent / "pack.yaml"


@pytest.mark.parametrize("extends, words", [
    pytest.param("/", "'/' is an absolute path or a home folder", id="root"),
    pytest.param("~/packs", "'~/packs' is an absolute path or a home folder", id="home"),
    pytest.param("../..", "'../..' leads outside the scenario's folder", id="up"),
    pytest.param("x" * 201, "String should have at most 200 characters", id="long"),
])
def test_a_pack_extending_a_path_out_of_bounds_is_refused_at_once(tmp_path, extends, words):
    scenario, pack_file = with_parent(tmp_path, extends)
    message = refusal(scenario)
    assert message.startswith(f"{display_path(pack_file)}: extends: ") and words in message


def test_a_pack_extending_a_link_out_of_the_scenario_folder(tmp_path):
    scenario, pack_file = with_parent(tmp_path, "../elsewhere")
    link(tmp_path / "s" / "elsewhere", tmp_path)
    assert refusal(scenario).startswith(f"{display_path(pack_file)}: extends: '../elsewhere' leads outside the scenario's "
                                        "folder")


def test_a_pack_extending_itself(tmp_path):
    scenario, pack_file = with_parent(tmp_path, ".")
    assert "extends: '.' leads back to this pack" in refusal(scenario)
