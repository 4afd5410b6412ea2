"""The terminal front end: `main.py play --headless`, `scenarios`, and their refusals of bad input.

Commands run in-process through `game.cli.commands.main`; one test runs `python main.py` itself to
check the entry point and its exit status.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

from game.cli import play
from game.cli.commands import COMMANDS, main
from game.scenarios import list_scenarios

ROOT = Path(__file__).parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini_scenario.yaml"
MINI_TURNS = 4


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def play_json(capsys, *argv: str) -> dict:
    status, out, err = run(capsys, "play", "--headless", "--json", *argv)
    assert status == 0, err
    return json.loads(out)


# ---- play ------------------------------------------------------------------------------------------


def test_headless_text_explains_every_turn(capsys):
    status, out, err = run(capsys, "play", "--headless", "--scenario", str(MINI), "--seed", "3")
    assert status == 0 and err == ""
    assert "== Turn 1 (2025 H1) ==" in out
    assert out.count("== Turn ") == MINI_TURNS or "ended in war" in out
    assert "Orders:\n  United States (random): " in out and "  Japan (random): " in out
    assert "Changes:\n" in out
    cause = re.search(r"^  Alliance (\S+) -> (\S+) \(([+-]\S+)\): .*\[S\d-\w+\]", out, re.MULTILINE)
    assert cause, "a change lists its track by name and its causes with their source ids"
    assert "== Game over ==" in out
    assert re.search(r"^Winner: (United States|Japan|China)$|^Winner: none — the game ended in war", out, re.MULTILINE)


def test_json_document(capsys):
    doc = play_json(capsys, "--scenario", str(MINI), "--seed", "3")
    assert {"scenario", "seed", "seats", "turns", "status", "scores", "winner"} <= set(doc)
    assert (doc["scenario"], doc["seed"]) == ("mini", 3)
    assert doc["seats"] == {"us": "random", "jp": "random", "cn": "random"}
    assert [t["turn"] for t in doc["turns"]] == list(range(1, len(doc["turns"]) + 1))
    if doc["status"] == "war":
        assert doc["winner"] is None and doc["turns"][-1]["war"]
    else:
        assert doc["status"] == "finished" and len(doc["turns"]) == MINI_TURNS
        assert doc["winner"] == max(doc["scores"], key=doc["scores"].get)
    assert set(doc["scores"]) == {"us", "jp", "cn"}
    assert all(isinstance(v, (int, float)) for v in doc["scores"].values())
    first = doc["turns"][0]
    assert {"turn", "event", "orders", "changes", "notes", "war"} <= set(first)
    assert all({"track", "before", "after", "delta", "causes"} <= set(c) for c in first["changes"])


def test_same_seed_gives_the_same_game_and_another_seed_another(capsys):
    one = run(capsys, "play", "--headless", "--json", "--scenario", str(MINI), "--seed", "8")[1]
    two = run(capsys, "play", "--headless", "--json", "--scenario", str(MINI), "--seed", "8")[1]
    other = run(capsys, "play", "--headless", "--json", "--scenario", str(MINI), "--seed", "9")[1]
    assert one == two
    assert json.loads(one)["turns"] != json.loads(other)["turns"]


def test_save_then_load_continues_to_the_end(capsys, tmp_path):
    path = tmp_path / "game.json"
    first = play_json(capsys, "--scenario", str(MINI), "--seed", "5", "--save", str(path), "--turns", "2")
    assert [t["turn"] for t in first["turns"]] == [1, 2] and first["status"] == "running"
    assert first["winner"] is None
    rest = play_json(capsys, "--load", str(path))
    whole = play_json(capsys, "--scenario", str(MINI), "--seed", "5")
    assert rest["turns"][:2] == first["turns"], "a load prints the turns the save had resolved first"
    turns = rest["turns"]
    assert [t["turn"] for t in turns] == [t["turn"] for t in whole["turns"]]
    if rest["status"] != "war":
        assert len(turns) == MINI_TURNS
    assert turns == whole["turns"], "a saved and resumed game is the game played straight through"
    assert (rest["scores"], rest["winner"]) == (whole["scores"], whole["winner"])


def test_loading_a_finished_game_plays_no_more_turns(capsys, tmp_path):
    path = tmp_path / "game.json"
    play_json(capsys, "--scenario", str(MINI), "--seed", "5", "--save", str(path))
    whole = play_json(capsys, "--scenario", str(MINI), "--seed", "5")
    doc = play_json(capsys, "--load", str(path))
    assert doc["turns"] == whole["turns"] and doc["status"] in ("finished", "war")


def test_a_failed_save_stops_with_status_1(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    status, out, err = run(capsys, "play", "--headless", "--scenario", str(MINI), "--save", str(blocker / "game.json"))
    assert status == 1
    assert err.startswith(f"play: cannot save to {blocker / 'game.json'}: ")
    assert err.rstrip().endswith("; stopping after turn 1")
    assert out.count("== Turn ") == 1 and "== Stopped before turn 2 ==" in out


# ---- scenarios ---------------------------------------------------------------------------------------


def test_scenarios_lists_one_line_per_shipped_scenario(capsys):
    entries = list_scenarios()
    if not entries:
        pytest.skip("no shipped scenario yet (game/scenarios/*.yaml is being written)")
    status, out, err = run(capsys, "scenarios")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == len(entries)
    for line, entry in zip(lines, entries):
        assert line == f"{entry.id}\t{entry.title}\t{entry.turns} turns"
        assert re.match(r"^[a-z][a-z0-9_]*\t", line)


# ---- refusals -----------------------------------------------------------------------------------------


def _first_shipped() -> str:
    entries = list_scenarios()
    return entries[0].id if entries else "crossroads_2025"


@pytest.mark.parametrize("argv, message", [
    pytest.param(["--scenario", "mini_scenari"], "play: unknown scenario 'mini_scenari'", id="unknown-scenario"),
    pytest.param(["--scenario", "nowhere.yaml"], "play: no scenario file at 'nowhere.yaml'", id="missing-file"),
    pytest.param(["--scenario", str(MINI), "--seats", "us"], "play: bad seat 'us': write faction=player, e.g. us=random",
                 id="seat-without-player"),
    pytest.param(["--scenario", str(MINI), "--seats", "us=random,=human"], "play: bad seat '=human'", id="seat-no-faction"),
    pytest.param(["--scenario", str(MINI), "--seats", "xx=random"], "play: unknown faction 'xx' (factions: us, jp, cn)",
                 id="unknown-faction"),
    pytest.param(["--scenario", str(MINI), "--seats", "us=randon"],
                 "play: unknown bot 'randon' — did you mean 'random'? (bots: doctrine, greedy, random, search, or "
                 "'human' for a person)",
                 id="unknown-bot"),
    pytest.param(["--load", "no_such_save.json"], "play: cannot read save no_such_save.json: No such file or directory",
                 id="missing-save"),
    pytest.param([], "play: give --scenario ID (see `python main.py scenarios`) or --load FILE", id="nothing-to-play"),
])
def test_bad_input_exits_2_with_the_message_on_stderr(capsys, argv, message):
    status, out, err = run(capsys, "play", "--headless", *argv)
    assert status == 2
    assert out == ""
    assert err.startswith(message), err


def test_unknown_scenario_id_suggests_the_shipped_one(capsys):
    if not list_scenarios():
        pytest.skip("no shipped scenario yet")
    shipped = _first_shipped()
    misspelt = shipped[:-1] + ("x" if shipped[-1] != "x" else "y")
    status, _, err = run(capsys, "play", "--headless", "--scenario", misspelt)
    assert status == 2
    assert f"play: unknown scenario {misspelt!r} — did you mean {shipped!r}?" in err


def test_seats_given_with_load_are_checked(capsys, tmp_path):
    path = tmp_path / "game.json"
    play_json(capsys, "--scenario", str(MINI), "--save", str(path), "--turns", "1")
    status, out, err = run(capsys, "play", "--headless", "--load", str(path), "--seats", "zz=human")
    assert (status, out) == (2, "")
    assert err.strip() == "play: unknown faction 'zz' (factions: us, jp, cn)"


def test_broken_save_exits_2(capsys, tmp_path):
    path = tmp_path / "game.json"
    play_json(capsys, "--scenario", str(MINI), "--save", str(path), "--turns", "1")
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 3], encoding="utf-8")
    status, _, err = run(capsys, "play", "--headless", "--load", str(path))
    assert status == 2
    assert err.startswith(f"play: {path} is truncated or corrupted: invalid JSON at line ")


def test_broken_scenario_exits_2_listing_its_problems(capsys, tmp_path):
    broken = tmp_path / "broken.yaml"
    shutil.copytree(MINI.parent / "mini", tmp_path / "mini")  # a scenario's pack lies in its own folder
    broken.write_text(MINI.read_text(encoding="utf-8").replace("turns: 4", "turns: four"), encoding="utf-8")
    status, out, err = run(capsys, "play", "--headless", "--scenario", str(broken))
    assert (status, out) == (2, "")
    assert err.startswith("play: 1 problem in content:\n")
    assert "scenario mini, turns: Input should be a valid integer" in err and "(got 'four')" in err


# ---- a human seat in the terminal -----------------------------------------------------------------------


def human_args(**changes) -> argparse.Namespace:
    args = dict(headless=True, scenario=str(MINI), seed=1, seats="us=human", load=None, save=None, turns=1, json=False)
    args.update(changes)
    return argparse.Namespace(**args)


def test_human_orders_by_number_and_id_refusals_and_undo(capsys):
    out = StringIO()
    lines = ["jp.reform",  # Japan's move
             "us.nuke",  # no such move
             "undo",  # nothing to undo yet
             "us.trade_deal@laos",  # not one of its targets
             "us.big_push", "us.press_defense",  # the second is over the action points
             "undo", "us.trade_deal@vietnam", "1", ""]
    status = play.run(human_args(), out=out, inp=StringIO("\n".join(lines) + "\n"))
    assert status == 0
    text = out.getvalue()
    assert "-- United States, turn 1: enter orders by number or id" in text
    menu = [line.strip() for line in text.splitlines() if line.strip()[:3].strip().rstrip(".").isdigit()]
    assert menu and all(" — " in line and " AP" in line and "[S" in line for line in menu), menu[:3]
    refused = [line.strip() for line in text.splitlines() if line.strip().startswith("refused:")]
    assert refused == [
        "refused: United States: Reform is a move of Japan, not United States",
        "refused: United States: unknown move 'us.nuke'",
        "refused: United States: no order to undo",
        "refused: United States: unknown target 'laos' for Trade deal (one of Vietnam)",
        "refused: United States: Press Japan on defense costs 1 action point but only 0 of 2 are left this turn",
    ]
    assert "   your orders: us.big_push\n" in text
    assert "   your orders: us.trade_deal @ vietnam\n" in text
    assert re.search(r"^  United States \(human\): Trade deal in Vietnam; \S", text, re.MULTILINE), "orders by name"
    assert "== Stopped before turn 2 ==" in text
    assert capsys.readouterr().err == ""


def test_bot_hands_the_turn_to_the_stand_in_replacing_the_typed_orders(capsys):
    from game.ai import DEFAULT_STAND_IN, make_bot
    from game.session.game import Game

    out = StringIO()
    status = play.run(human_args(turns=1), out=out, inp=StringIO("us.big_push\nbot\n"))
    assert status == 0
    text = out.getvalue()
    # what the stand-in bot would choose from the start of the turn, with no typed order
    game = Game.new(str(MINI), 1, {"us": "human", "jp": "random", "cn": "random"})
    chosen, reason = make_bot(DEFAULT_STAND_IN, game.rules, "us").choose(game.view("us"), game.desk("us"))
    ids = ", ".join(str(o) for o in chosen)
    assert f"   the {DEFAULT_STAND_IN} bot plays this turn (replacing the 1 order typed): {ids}\n" in text
    assert f"   its reason: {reason}\n" in text
    assert "us.big_push" not in ids and f"United States (human): " in text and f" — {reason}" in text
    assert text.count("-- United States, turn") == 1  # the turn was committed by the bot, no second prompt
    assert "'bot' to let the greedy bot play this turn instead" in text
    assert capsys.readouterr().err == ""


def test_bot_is_documented_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["play", "--help"])
    text = " ".join(re.sub(r"-\n\s*", "-", capsys.readouterr().out).split())  # argparse wraps at hyphens
    assert "'bot' to let the stand-in bot (greedy) play that turn, its orders replacing those typed" in text


def test_human_seat_at_end_of_input_stops_with_status_1(capsys):
    out = StringIO()
    status = play.run(human_args(), out=out, inp=StringIO("us.press_defense\n"))
    assert status == 1
    assert capsys.readouterr().err.strip() == "play: no more input for us's orders; stopping before turn 1"
    assert "== Turn 1" not in out.getvalue() and "== Stopped before turn 1 ==" in out.getvalue()


def test_human_seat_with_json_output_at_end_of_input(capsys):
    out = StringIO()
    status = play.run(human_args(json=True), out=out, inp=StringIO(""))
    assert status == 1
    text = out.getvalue()
    doc = json.loads(text[text.index("\n{") + 1:])  # the prompt comes first, then the document
    assert doc["turns"] == [] and doc["status"] == "running"


# ---- the entry point ---------------------------------------------------------------------------------------


def test_main_py_exit_status(tmp_path):
    """One real process: `python main.py play` with a bad seat exits 2 and says why on stderr."""
    done = subprocess.run([sys.executable, "main.py", "play", "--headless", "--scenario", str(MINI), "--seats", "us=bogus"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "play: unknown bot 'bogus'" in done.stderr


def test_a_reader_that_stops_early_gets_no_traceback():
    done = subprocess.run(f"{sys.executable} main.py concepts | head -2", shell=True, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.count("\n") == 2 and "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_headless_text_prints_the_briefing_before_each_turns_orders(capsys):
    status, out, err = run(capsys, "play", "--headless", "--scenario", "crossroads_2025", "--seed", "3", "--turns", "2")
    assert status == 0 and err == ""
    first, second = out.index("== Briefing, turn 1 (2025 H1) =="), out.index("== Briefing, turn 2 (2025 H2) ==")
    assert first < out.index("== Turn 1 (2025 H1) ==") < second < out.index("== Turn 2 (2025 H2) ==")
    assert "Next turn (2025 H2): Japanese national election" in out[first:second]
    assert "Headlines:\n" in out and "  United States score " in out
    assert not re.search(r"^  [a-z_]+\.[a-z_.]+ \S+ -> ", out, re.MULTILINE), "changes name tracks, not ids"
    assert "Why:\n" not in out, "no debrief before the game is over"


def test_json_has_briefings_summaries_and_the_score_breakdown(capsys):
    doc = play_json(capsys, "--scenario", "crossroads_2025", "--seed", "3")
    for turn in doc["turns"]:
        assert {"event", "upcoming"} <= set(turn["briefing"])
        event = turn["briefing"]["event"]
        assert event is None or {"id", "name", "text"} <= set(event)
        assert turn["summary"] and all(set(item) == {"kind", "text"} for item in turn["summary"])
    assert doc["turns"][0]["briefing"]["upcoming"]["event"]["id"] == "ev.jp_election"
    assert set(doc["score_breakdown"]) == {"us", "jp", "cn"}
    for faction, lines in doc["score_breakdown"].items():
        assert all(set(line) == {"term", "value", "points"} for line in lines)
        assert abs(sum(line["points"] for line in lines) - doc["scores"][faction]) < 0.01
    assert doc["debrief"]["winner"] == doc["winner"]


def test_validate_warnings_flags_expressions_that_can_overflow(tmp_path, capsys):
    from tests.conftest import OVERFLOW, overflowing_copy

    scenario = overflowing_copy(tmp_path, rule=OVERFLOW)
    content = tmp_path / "mini" / "content.yaml"
    content.write_text(content.read_text().replace('derive: "100 - ecs.tension"', 'derive: "100 - ecs.tension * 1e200"'))
    assert main(["validate", str(scenario)]) == 0
    assert capsys.readouterr().out == "ok: 1 file checked, no problems\n", "warnings only when asked for"
    assert main(["validate", "--warnings", str(scenario)]) == 0
    out, err = capsys.readouterr()
    shown = str(content) if not content.is_relative_to(Path.cwd()) else str(content.relative_to(Path.cwd()))
    assert out.splitlines() == [
        f"warning: {shown}: track calm, derive: can yield NaN or infinity: it multiplies by 1e+200, above 1e+154: "
        "the product overflows to infinity for a factor of that size",
        f"warning: {shown}: rule rule.blowup, effects[0].add: can yield NaN or infinity: a constant part of it "
        "evaluates to nan",
        "ok: 1 file checked, no problems"]
    assert err == "2 warnings\n"
    assert main(["validate", "--warnings"]) == 0
    assert "warning" not in capsys.readouterr().out, "the shipped scenarios cannot overflow by these checks"


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_prints_its_help(command, lang, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--lang", lang, command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert f"main.py {command}" in out and ("options:" in out or "オプション:" in out)
