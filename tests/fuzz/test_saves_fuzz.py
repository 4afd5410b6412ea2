"""Hostile save documents: truncations, bit flips, type swaps, nesting, huge numbers, files that are not files.

Every case must be refused with a message of ours that names the file (never a traceback, never Python's
wording), or load the very game that was saved. The default run is CI-sized; `python -m pytest -m fuzz
tests/fuzz` runs every truncation and many more flips and swaps.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from pathlib import Path

import pytest

from fuzz.conftest import fifo, within
from game.ai import UnknownBotError, check_seat
from game.session import saves
from game.session.game import Game

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "mini_scenario.yaml"
LONG = "the long profile: python -m pytest -m fuzz tests/fuzz"
TURNS = [{"us": ["us.press_defense"], "jp": ["jp.reform"], "cn": ["cn.patrol"]},
         {"us": ["us.big_push"], "jp": ["jp.lobby"], "cn": []}]


def long_run(request) -> bool:
    return "fuzz" in (request.config.getoption("-m") or "")


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> tuple[Game, Path, bytes]:
    """A game of two fixed turns, its save and the save's bytes."""
    game = Game.new(MINI, seed=4)
    for orders in TURNS:
        game.play_turn(orders)
    path = saves.save(game, tmp_path_factory.mktemp("saves") / "game.json")
    return game, path, path.read_bytes()


def outcome(path: Path) -> str | None:
    """None if the save loads, else its refusal (which must be a SaveError naming the file, and short)."""
    try:
        saves.load(path)
        return None
    except saves.SaveError as exc:
        message = str(exc)
    assert str(path) in message or path.name in message, message
    assert len(message) <= saves.MESSAGE_CHARS + 100, len(message)
    assert "Traceback" not in message and "Exceeds the limit" not in message, message
    return message


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def edited(saved, folder: Path, edit) -> Path:
    doc = json.loads(saved[2])
    edit(doc)
    return write(folder, "edited.json", json.dumps(doc))


# ---- truncations and bit flips ----------------------------------------------------------------------


def truncations(data: bytes, step: int) -> int:
    return len(range(0, len(data), step))


def check_truncations(saved, folder: Path, step: int) -> int:
    _, _, data = saved
    for cut in range(0, len(data), step):
        message = outcome(write(folder, "cut.json", data[:cut]))
        assert message is not None, f"a save cut at byte {cut} of {len(data)} loaded"
        assert "truncated or corrupted" in message or "is not a save" in message or "damaged" in message, message
    return truncations(data, step)


def test_every_truncation_is_refused_as_truncated(saved, tmp_path):
    assert check_truncations(saved, tmp_path, step=max(1, len(saved[2]) // 150)) >= 100


@pytest.mark.fuzz
def test_every_truncation_long(saved, tmp_path, request):
    if not long_run(request):
        pytest.skip(LONG)
    check_truncations(saved, tmp_path, step=1)


def check_flips(saved, folder: Path, count: int, seed: int) -> dict[str, int]:
    game, _, data = saved
    rng = random.Random(seed)
    seen = {"refused": 0, "loaded": 0}
    for _ in range(count):
        flipped = bytearray(data)
        k = rng.randrange(len(flipped))
        flipped[k] ^= 1 << rng.randrange(8)
        message = outcome(write(folder, "flip.json", bytes(flipped)))
        if message is None:  # a flip in a space may still be the same game; one in a seat names another player
            loaded = saves.load(folder / "flip.json")
            assert loaded.tracks() == game.tracks(), f"flip at {k} changed the game"
            for faction, seat in loaded.seats.items():
                if seat != game.seats[faction]:  # the front ends check seats (bots live above the session)
                    with pytest.raises(UnknownBotError):
                        check_seat(seat, loaded.rules, faction)
            seen["loaded"] += 1
        else:
            seen["refused"] += 1
    return seen


def test_bit_flips_are_refused_or_load_the_same_game(saved, tmp_path):
    seen = check_flips(saved, tmp_path, count=150, seed=16)
    assert seen["refused"] > 100


@pytest.mark.fuzz
def test_bit_flips_long(saved, tmp_path, request):
    if not long_run(request):
        pytest.skip(LONG)
    check_flips(saved, tmp_path, count=2500, seed=1616)


# ---- type swaps ----------------------------------------------------------------------------------------

SWAPS = [None, True, False, "1", 1, 1.0, -1, [], {}, "x" * 5000, 10**30, [[[]]], {"a": 1}]


def fields(doc, prefix=()):
    """Every (path) to a value of the document, nested ones included."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield (*prefix, key)
            yield from fields(value, (*prefix, key))
    elif isinstance(doc, list):
        for k, value in enumerate(doc[:3]):
            yield (*prefix, k)
            yield from fields(value, (*prefix, k))


def swapped(doc, where, value):
    copy = json.loads(json.dumps(doc))
    target = copy
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    return copy


def check_swaps(saved, folder: Path, limit: int | None) -> int:
    doc = json.loads(saved[2])
    cases = [(where, value) for where in fields(doc) for value in SWAPS]
    random.Random(7).shuffle(cases)
    tried = 0
    for where, value in cases[:limit]:
        original = swapped(doc, where, value)
        target = doc
        for key in where:
            target = target[key]
        if type(target) is type(value) and target == value:
            continue
        path = write(folder, "swap.json", json.dumps(original))
        tried += 1
        if outcome(path) is None:  # a swap to another type is refused; one to another value may be a real game
            assert type(value) is type(target), f"{'.'.join(map(str, where))} = {value!r:.40} loaded"
            if where[0] == "seats" and len(where) == 2:  # a seat is checked by the front ends (bots live above the
                # session); `seats: {}` as a whole is a save that names no seats, read as the scenario's defaults
                with pytest.raises(UnknownBotError):
                    check_seat(value, saved[0].rules, where[1])
    return tried


def test_type_swaps_are_refused_naming_the_field(saved, tmp_path):
    assert check_swaps(saved, tmp_path, limit=120) >= 100


@pytest.mark.fuzz
def test_type_swaps_long(saved, tmp_path, request):
    if not long_run(request):
        pytest.skip(LONG)
    check_swaps(saved, tmp_path, limit=None)


@pytest.mark.parametrize("field, value, words", [
    ("version", "1", "version: the save format is a whole number, not '1'"),
    ("version", True, "version: the save format is a whole number, not True"),
    ("version", 1.0, "version: the save format is a whole number, not 1.0"),
    ("seed", True, "seed: Input should be a valid integer"),
    ("seed", "4", "seed: Input should be a valid integer"),
    ("seed", 4.0, "seed: Input should be a valid integer"),
])
def test_version_and_seed_are_strictly_typed(saved, tmp_path, field, value, words):
    message = outcome(edited(saved, tmp_path, lambda d: d.__setitem__(field, value)))
    assert message is not None and words in message, message


def test_a_track_value_given_as_text_is_refused(saved, tmp_path):
    message = outcome(edited(saved, tmp_path, lambda d: d["turns"][0]["tracks"].__setitem__(0, "55")))
    assert "turns[0].tracks[0]: Input should be a valid number" in message


# ---- limits ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("opening", ["[", "{\"a\":"])
def test_deep_nesting_inside_a_field_is_refused_with_the_limit(saved, tmp_path, opening):
    doc = saved[2].decode()
    closing = "]" if opening == "[" else "}"
    text = doc.replace('"seats":', f'"deep": {opening * 100_000}1{closing * 100_000}, "seats":', 1)
    started = time.perf_counter()
    message = outcome(write(tmp_path, "deep.json", text))
    assert f"its lists and objects nest 100,001 deep (a save nests at most {saves.MAX_DEPTH} deep)" in message
    assert time.perf_counter() - started < 5


def test_a_5000_digit_number_is_refused_in_our_words(saved, tmp_path):
    text = saved[2].decode().replace('"seed": 4', '"seed": ' + "7" * 5000, 1)
    message = outcome(write(tmp_path, "digits.json", text))
    assert f"a number has 5,000 digits (at most {saves.MAX_DIGITS} are allowed)" in message


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(saved, tmp_path, constant):
    text = saved[2].decode().replace('"seed": 4', f'"seed": {constant}', 1)
    assert f"{constant} is not a number a file of the game holds" in outcome(write(tmp_path, "nan.json", text))


def test_a_save_bigger_than_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.write(b"{")
        handle.truncate(saves.MAX_SAVE_BYTES + 1000)  # sparse: no disk used
    message = outcome(path)
    assert f"is too big for a save: a save is at most {saves.MAX_SAVE_BYTES:,} bytes (20 MB)" in message


def test_messages_never_quote_megabytes(saved, tmp_path):
    huge = "atlantis" * 250_000

    def edit(doc):
        doc["scenario"] = huge[:saves.NAME_CHARS]
        doc["scenario_file"] = "/nowhere/x.yaml"
        doc["turns"][0]["orders"]["us"] = ["us." + "m" * 1_000_000]

    message = outcome(edited(saved, tmp_path, edit))
    assert "String should have at most 400 characters" in message
    doc = json.loads(saved[2])
    doc["scenario"] = "z" * 300
    message = outcome(write(tmp_path, "long-id.json", json.dumps(doc)))
    assert f"'{'z' * 79}… (302 characters)" in message and len(message) < 400


def test_a_save_with_hundreds_of_problems_lists_ten_and_counts_the_rest(saved, tmp_path):
    message = outcome(edited(saved, tmp_path, lambda d: d.update({f"extra{k}": k for k in range(800)})))
    assert message.count("Extra inputs are not permitted") == saves.SHOWN_ERRORS
    assert "…and 790 more" in message


# ---- files that are not save files --------------------------------------------------------------------


def test_a_fifo_is_refused_at_once(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("this system has no named pipes")
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    started = time.perf_counter()
    assert "is not a save: it is a named pipe (FIFO), not a regular file" in outcome(path)
    assert saves.summary(path).problem.endswith("is not a save: it is a named pipe (FIFO), not a regular file")
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("target, words", [("/dev/zero", "it is a device"), ("/dev/null", "it is a device"),
                                           (".", "it is a folder")])
def test_a_link_to_a_device_or_a_folder_is_refused(tmp_path, target, words):
    if not Path(target).exists():
        pytest.skip(f"{target} does not exist here")
    path = tmp_path / "link.json"
    path.symlink_to(Path(target).resolve())
    assert f"is not a save: {words}, not a regular file" in outcome(path)


# ---- writing --------------------------------------------------------------------------------------------


def test_saving_to_a_folder_a_device_or_a_fifo_is_refused(saved, tmp_path):
    game = saved[0]
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(saves.SaveError) as info:
        saves.save(game, folder)
    assert str(info.value) == f"cannot save to {folder}: it is a folder; the game saves only to regular files"
    with pytest.raises(saves.SaveError) as info:
        saves.save(game, "/dev/null")
    assert str(info.value) == "cannot save to /dev/null: it is a device; the game saves only to regular files"
    assert Path("/dev/null").is_char_device(), "/dev/null is still the device"
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.json")
        with pytest.raises(saves.SaveError, match="it is a named pipe \\(FIFO\\); the game saves only to regular"):
            saves.save(game, tmp_path / "pipe.json")


def test_saving_through_links(saved, tmp_path):
    game = saved[0]
    to_null = tmp_path / "null.json"
    to_null.symlink_to("/dev/null")
    with pytest.raises(saves.SaveError) as info:
        saves.save(game, to_null)
    assert str(info.value) == (f"cannot save to {to_null}: it is a symbolic link to /dev/null, which is a device; "
                               "the game saves only to regular files")
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere" / "x.json")
    with pytest.raises(saves.SaveError, match="which does not lead to a file"):
        saves.save(game, dangling)
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    saves.save(game, link)
    assert link.is_symlink(), "the link stays a link"
    assert saves.load(real).turn == game.turn, "and its target holds the save"


def test_a_read_only_save_is_not_overwritten(saved, tmp_path):
    game, path, data = saved
    copy = tmp_path / "kept.json"
    shutil.copy(path, copy)
    copy.chmod(0o444)
    try:
        with pytest.raises(saves.SaveError) as info:
            saves.save(game, copy)
        assert str(info.value) == (f"cannot save to {copy}: the file is read-only, so the game leaves it as it is "
                                   "(save under another name, or make it writable)")
        assert copy.read_bytes() == data
    finally:
        copy.chmod(0o644)


def test_a_short_write_is_never_renamed(saved, tmp_path, monkeypatch):
    game, path, data = saved
    copy = tmp_path / "game.json"
    shutil.copy(path, copy)
    game2 = Game.new(MINI, seed=4)
    real_fdopen = os.fdopen

    class Short:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)

        def write(self, chunk):
            return self.handle.write(chunk[: len(chunk) // 2])  # a file-size limit cuts the write short

        def __getattr__(self, name):
            return getattr(self.handle, name)

    monkeypatch.setattr(saves.os, "fdopen", lambda *a, **k: Short(real_fdopen(*a, **k)))
    with pytest.raises(saves.SaveError) as info:
        saves.save(game2, copy)
    assert "bytes were written; the previous save is untouched" in str(info.value)
    assert copy.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["game.json"]


def test_leftovers_of_interrupted_saves_are_removed_by_the_next_save(saved, tmp_path):
    game = saved[0]
    ours = [tmp_path / ".game.json.abcd1234.tmp", tmp_path / ".game.json.zz_9yy8x.tmp"]
    others = [tmp_path / ".other.json.abcd1234.tmp", tmp_path / "notes.tmp", tmp_path / ".game.json.tmp"]
    for path in ours + others:
        path.write_text("partial", encoding="utf-8")
    saves.save(game, tmp_path / "game.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["game.json", *(p.name for p in others)])


# ---- a customised scenario that keeps a shipped id ---------------------------------------------------


def customised(folder: Path, scenario_id: str, start: int) -> Path:
    """A copy of the mini scenario (and its pack) that says it is `scenario_id`, with its own start."""
    shutil.copytree(FIXTURES / "mini", folder / "mini")
    text = MINI.read_text(encoding="utf-8").replace("id: mini", f"id: {scenario_id}", 1)
    path = folder / "custom.yaml"
    path.write_text(text.replace("start: {alliance: 55}", f"start: {{alliance: {start}}}"), encoding="utf-8")
    return path


def test_a_customised_scenario_with_a_shipped_id_reloads_from_its_own_file(tmp_path):
    path = customised(tmp_path, "tutorial", 61)
    game = Game.new(path, seed=3)
    game.play_turn({})
    saved = saves.save(game, tmp_path / "class.json")
    loaded = saves.load(saved)
    assert loaded.rules.id == "tutorial" and loaded.rules.scenario_path.resolve() == path.resolve()
    assert loaded.tracks() == game.tracks()
    assert saves.summary(saved).title == "Mini test scenario"


def test_a_load_screen_summary_never_blocks_on_a_fifo_or_walks_a_refused_content_folder(tmp_path, monkeypatch):
    path = customised(tmp_path, "tutorial", 61)
    game = Game.new(path, seed=3)
    saved = saves.save(game, tmp_path / "class.json")
    fifo(tmp_path / "mini" / "factions.yaml")  # a pack file that is a named pipe: a blocking read waits forever
    saves._scenario_facts.cache_clear()
    with within(10, "summarising a save whose pack holds a FIFO"):
        found = saves.summary(saved)
    assert found.problem is None and found.title == "Mini test scenario"
    assert [name for name, _ in found.seats] == ["U.S.", "Japan", "China"]
    walked: list[Path] = []
    monkeypatch.setattr(saves, "pack_files", lambda root: walked.append(root) or [])
    for content in ("/", "../.."):
        path.write_text(path.read_text(encoding="utf-8").replace("content: ./mini", f"content: {content}", 1)
                        .replace("content: /\n", f"content: {content}\n"), encoding="utf-8")
        saves._scenario_facts.cache_clear()
        with within(10, f"summarising a save whose scenario says content: {content}"):
            found = saves.summary(saved)
        assert found.title == "Mini test scenario" and [name for name, _ in found.seats] == ["us", "jp", "cn"]
        assert saves._hash_of(path) is None
    assert walked == []


def test_a_save_cannot_make_the_game_read_a_file_that_is_not_a_scenario(saved, tmp_path):
    content = FIXTURES / "mini" / "content.yaml"
    if not content.exists():
        content = next((FIXTURES / "mini").glob("*.yaml"))

    def edit(doc):
        doc["scenario"] = "nowhere"
        doc["scenario_file"] = str(content)

    message = outcome(edited(saved, tmp_path, edit))
    assert message.endswith("is a game of scenario 'nowhere', which is not installed")
    assert saves.scenario_file_of("nowhere", str(content)) is None
    assert saves.scenario_file_of("mini", "/etc/passwd") is None
    assert saves.scenario_file_of("mini", str(MINI)) == MINI
