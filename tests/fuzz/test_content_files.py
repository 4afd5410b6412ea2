"""Hostile content and scenario files: wrong encodings, files that are not files, too big, too deep.

Each is refused through the one reader every command uses (game.rules.files), with the file and the
reason or limit in the message, at once: a FIFO or a device is never read.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz.conftest import fifo, link, mini_copy, problem_texts, within
from game.cli.commands import main
from game.rules import limits
from game.rules.compiler import check_paths
from game.rules.files import display_path, read_yaml
from game.rules.problems import ContentError
from game.scenarios import UnknownScenarioError, load_rules


def refusal(path: Path) -> str:
    """What `validate` says about one file (it must finish within seconds)."""
    with within(10, f"validate {path}"):
        problems, _ = check_paths([path])
    assert problems, f"{path} was accepted"
    return problem_texts(problems)


def compile_refusal(scenario: Path) -> str:
    """What compiling a scenario (play, analyze, concepts) says, within seconds."""
    with within(10, f"compiling {scenario}"), pytest.raises(ContentError) as info:
        load_rules(scenario)
    return str(info.value)


# ---- encodings ----------------------------------------------------------------------------------

def test_latin1_pack_file_is_refused_with_the_byte_position(tmp_path):
    scenario, content = mini_copy(tmp_path)
    text = content.read_text(encoding="utf-8").replace("name: Vietnam", "name: Việt Nam")
    content.write_bytes(text.encode("cp1258", errors="replace").replace("Vi?t".encode(), b"Vi\xea\xf2t"))
    position = content.read_bytes().index(b"\xea")
    message = f"{display_path(content)}: is not UTF-8 text: byte 0xea at position {position:,} cannot be decoded; " \
              "save it as UTF-8"
    assert message in refusal(content)
    assert message in compile_refusal(scenario)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_scenario_with_a_byte_order_mark_is_refused(tmp_path, encoding):
    scenario, _ = mini_copy(tmp_path)
    scenario.write_bytes(scenario.read_text(encoding="utf-8").encode(encoding if encoding != "utf-16-be" else "utf-16")
                         if encoding != "utf-16-be" else b"\xfe\xff" + scenario.read_text().encode("utf-16-be"))
    expected = f"{display_path(scenario)}: is UTF-16 or UTF-32 text (it starts with a byte-order mark); save it as UTF-8"
    assert expected in refusal(scenario)
    assert expected in compile_refusal(scenario)


def test_utf16_without_a_byte_order_mark_is_refused_at_its_first_nul(tmp_path):
    scenario, _ = mini_copy(tmp_path)
    scenario.write_bytes(scenario.read_text(encoding="utf-8").encode("utf-16-le"))
    assert (f"{display_path(scenario)}: is not UTF-8 text: a NUL byte at position 1 (UTF-16 text or a binary file?); "
            "save it as UTF-8") in refusal(scenario)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    scenario, _ = mini_copy(tmp_path)
    scenario.write_bytes(b"\xef\xbb\xbf" + scenario.read_bytes())
    assert check_paths([scenario])[0] == []


def test_validate_bin_ls_says_it_is_not_text(capsys):
    binary = Path("/bin/ls")
    if not binary.is_file():
        pytest.skip("no /bin/ls here")
    with within(10, "validate /bin/ls"):
        status = main(["validate", str(binary)])
    out = capsys.readouterr().out
    assert status == 1
    assert out.startswith("/bin/ls: is not UTF-8 text: byte 0x")
    assert "(it has NUL bytes: UTF-16 text or a binary file?); save it as UTF-8" in out


# ---- things that are not files --------------------------------------------------------------------

def test_fifo_is_refused_at_once_in_validate_and_in_a_pack(tmp_path):
    alone = fifo(tmp_path / "pipe.yaml")
    assert f"{display_path(alone)}: is a FIFO (named pipe), not a file" in refusal(alone)
    scenario, content = mini_copy(tmp_path / "s")
    inside = fifo(content.parent / "more.yaml")
    assert f"{display_path(inside)}: is a FIFO (named pipe), not a file" in compile_refusal(scenario)


def test_fifo_as_the_scenario_is_refused_by_find_scenario(tmp_path):
    pipe = fifo(tmp_path / "game.yaml")
    with within(10, "loading a FIFO"), pytest.raises(UnknownScenarioError) as info:
        load_rules(pipe)
    assert str(info.value) == f"no scenario file at {str(pipe)!r}: it is not a regular file"


def test_symlink_to_dev_zero_is_refused_without_reading(tmp_path):
    zero = link(tmp_path / "zero.yaml", "/dev/zero")
    assert f"{display_path(zero)}: is a character device, not a file" in refusal(zero)
    scenario, content = mini_copy(tmp_path / "s")
    link(content.parent / "zero.yaml", "/dev/zero")
    assert "zero.yaml: is a character device, not a file" in compile_refusal(scenario)


def test_folder_named_like_a_scenario_file(tmp_path):
    folder = tmp_path / "game.yaml"
    folder.mkdir()
    with pytest.raises(UnknownScenarioError) as info:
        load_rules(folder)
    assert str(info.value) == f"no scenario file at {str(folder)!r}: it is a folder"
    assert read_yaml(folder)[1][0].message == "is a folder, not a file"


def test_folder_without_yaml_files_given_to_validate(tmp_path, capsys):
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    (folder / "notes.txt").write_text("not content\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    assert capsys.readouterr().out == f"{display_path(folder)}: is a folder with no YAML files in it\n"


def test_dev_null_given_to_validate_is_not_content(capsys):
    with within(10, "validate /dev/null"):
        assert main(["validate", "/dev/null"]) == 1
    assert capsys.readouterr().out == "/dev/null: is a character device, not a file\n"


FOLDER_RULE = (f"(validate searches a folder at most {limits.FOLDER_DEPTH} levels deep, through "
               f"{limits.FOLDER_ENTRIES:,} files and folders, for {limits.FOLDER_FILES:,} YAML files); name a pack or "
               f"scenario folder, or the files\n")


def test_validate_the_root_folder_is_refused_after_a_bounded_look(capsys):
    with within(10, "validate /"):
        assert main(["validate", "/"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("/: is not a pack or scenario folder: it holds more than ")
    assert out.endswith(FOLDER_RULE)
    assert out.count("\n") == 1  # nothing in it was checked


def test_folder_deeper_than_the_limit_is_refused(tmp_path, capsys):
    deep = tmp_path.joinpath(*[f"d{k}" for k in range(limits.FOLDER_DEPTH + 1)])
    deep.mkdir(parents=True)
    (deep / "x.yaml").write_text("rules: 5\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().out == (f"{display_path(tmp_path)}: is not a pack or scenario folder: it has folders "
                                       f"more than {limits.FOLDER_DEPTH} levels deep (like {display_path(deep)}) "
                                       + FOLDER_RULE)
    assert [p.message for p in check_paths([deep.parent])[0]] == ["Input should be a valid list (got 5)"]  # one up


def test_folder_with_too_many_entries_or_yaml_files_is_refused(tmp_path, capsys):
    many = tmp_path / "many"
    many.mkdir()
    for k in range(limits.FOLDER_ENTRIES + 1):
        (many / f"{k}.txt").touch()
    yamls = tmp_path / "yamls"
    yamls.mkdir()
    for k in range(limits.FOLDER_FILES + 1):
        (yamls / f"{k}.yaml").touch()
    assert main(["validate", str(many), str(yamls)]) == 1
    assert capsys.readouterr().out == (
        f"{display_path(many)}: is not a pack or scenario folder: it holds more than {limits.FOLDER_ENTRIES:,} files "
        f"and folders " + FOLDER_RULE +
        f"{display_path(yamls)}: is not a pack or scenario folder: it holds more than {limits.FOLDER_FILES:,} YAML "
        f"files " + FOLDER_RULE)


def test_subfolder_that_cannot_be_listed_is_named(tmp_path, capsys):
    if os.geteuid() == 0:
        pytest.skip("root can list any folder")
    (tmp_path / "a.yaml").write_text("rules: []\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0)
    try:
        assert main(["validate", str(tmp_path)]) == 1
    finally:
        locked.chmod(0o755)
    assert capsys.readouterr().out == f"{display_path(locked)}: cannot search folder: Permission denied\n"


def test_symlink_loop_given_to_validate(tmp_path):
    loop = link(tmp_path / "loop.yaml", "loop.yaml")
    assert f"{display_path(loop)}: cannot read file: Too many levels of symbolic links" in refusal(loop)


def test_long_file_name_is_refused_not_raised(tmp_path, capsys):
    name = "x" * 1_000 + ".yaml"
    with pytest.raises(UnknownScenarioError) as info:
        load_rules(name)
    assert str(info.value) == f"no scenario file at {name[:60]!r}… (1,005 characters): File name too long"
    status = main(["validate", name])
    assert status == 1 and "cannot read file: File name too long" in capsys.readouterr().out


# ---- size and nesting ---------------------------------------------------------------------------------

def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    scenario, _ = mini_copy(tmp_path)
    scenario.write_text(scenario.read_text(encoding="utf-8") + "#" * (2 * limits.MIB) + "\n", encoding="utf-8")
    size = scenario.stat().st_size
    expected = f"{display_path(scenario)}: is {size:,} bytes, over the limit of 1,048,576 bytes for a content or " \
               "scenario file"
    started = time.perf_counter()
    assert expected in refusal(scenario)
    assert expected in compile_refusal(scenario)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("text", [
    pytest.param("[" * 100_000, id="flow-lists"),
    pytest.param("{a: " * 100_000, id="flow-mappings"),
    pytest.param("- " * 100_000 + "1\n", id="block-lists"),
    pytest.param("".join(" " * i + "a:\n" for i in range(40)) + " " * 40 + "b: 1\n", id="block-mappings"),
])
def test_deep_yaml_is_refused_quickly(tmp_path, text):
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    found = refusal(path)
    assert time.perf_counter() - started < 2, "refusing deep YAML took too long"
    assert "deep.yaml: " in found and "nested more than 32 levels deep (the limit) (at line " in found


def test_alias_bomb_is_refused_by_the_value_count(tmp_path):
    path = tmp_path / "laughs.yaml"
    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with within(5, "the alias bomb"):
        raw, problems = read_yaml(path)
    assert raw is None
    assert str(problems[0]) == (f"{display_path(path)}: a4: more than 100,000 values (the limit; each use of an alias counts "
                                "every value it stands for) (at line 5)")


def test_value_containing_itself_is_refused(tmp_path):
    path = tmp_path / "self.yaml"
    path.write_text("tracks: &t [*t]\n", encoding="utf-8")
    assert str(read_yaml(path)[1][0]) == f"{display_path(path)}: tracks: the alias *t stands for a value that contains it (at line 1)"


# ---- any bytes at all ---------------------------------------------------------------------------------

@settings(max_examples=150)
@given(st.binary(max_size=300))
def test_any_bytes_give_problems_never_an_exception(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "any.yaml"
    path.write_bytes(data)
    raw, problems = read_yaml(path)
    assert all(p.file.endswith("any.yaml") and p.message for p in problems)
    if not problems:
        check_paths([path])  # whatever parsed is then checked against the schema without raising


@settings(max_examples=150)
@given(st.text(alphabet="[]{}:,-&*!|>'\"#% \n\tab1.", max_size=200))
def test_any_yaml_punctuation_gives_problems_never_an_exception(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("punct") / "punct.yaml"
    path.write_text(text, encoding="utf-8")
    problems, _ = check_paths([path])
    assert all(p.file.endswith("punct.yaml") and p.message for p in problems)
