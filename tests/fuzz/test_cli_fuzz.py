"""Hostile command lines: each known class of bad argument gets its own message and status 2; random command
lines from a grammar of hostile values never give a traceback (status 3) or a silent success; Ctrl-C, a full
stdout and an unexpected error each end in one line or one paragraph.

The commands run in-process through `game.cli.commands.main`, except where a signal or a device is the point.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import commands, play
from game.cli.commands import main

ROOT = Path(__file__).parent.parent.parent
FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = str(FIXTURES / "mini_scenario.yaml")
LONG = "the long profile: python -m pytest -m fuzz tests/fuzz"
LONG_NAME = "x" * 1000


def long_run(request) -> bool:
    return "fuzz" in (request.config.getoption("-m") or "")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exc:  # argparse's own refusals
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


CASES = [
    (["concepts", "--scenario", "bogus"], "concepts: unknown scenario 'bogus' (shipped: "),
    (["concepts", "--scenario", LONG_NAME], f"concepts: unknown scenario '{'x' * 60}'… (1,000 characters)"),
    (["play", "--headless", "--scenario", LONG_NAME], f"play: unknown scenario '{'x' * 60}'… (1,000 characters)"),
    (["play", "--headless", "--scenario", LONG_NAME + ".yaml"], "play: no scenario file at 'xxxx"),
    (["analyze", "--scenario", LONG_NAME, "--games", "2"], "analyze: unknown scenario 'xxx"),
    (["play", "--headless", "--scenario", MINI, "--turns", "0"],
     "play: --turns 0 is out of range: mini has 4 turns, so give 1 to 4"),
    (["play", "--headless", "--scenario", MINI, "--turns", "-5"], "play: --turns -5 is out of range"),
    (["play", "--headless", "--scenario", MINI, "--turns", str(10**30)],
     "play: --turns 100000000000… (31 digits) is out of range"),
    (["play", "--headless", "--scenario", MINI, "--seed", str(10**30)], "play: seed must be a whole number"),
    (["play", "--headless", "--scenario", MINI, "--seats", "us=alien"], "play: "),
    (["play", "--headless", "--load", "/dev/zero"], "play: /dev/zero is not a save: it is a device"),
    (["play", "--headless", "--load", "/"], "play: / is not a save: it is a folder"),
    (["play", "--headless", "--scenario", MINI, "--save", "/dev/null", "--turns", "1"],
     "play: cannot save to /dev/null: it is a device; the game saves only to regular files; stopping after turn 1"),
    (["analyze", "--scenario", MINI, "--force", "us:us.press_defense@²"],
     "analyze: force 'us:us.press_defense@²': '²' is not a turn number"),
    (["analyze", "--scenario", MINI, "--games", "1000000"],
     "analyze: --games 1000000 is out of range: one batch is 1 to 100,000 games"),
    (["analyze", "--scenario", MINI, "--games", "2", "--turns", "0"], "analyze: turns: 0 is out of range"),
    (["screenshot", "--scene", "menu", "--out", "/tmp"], "screenshot: --out /tmp is a folder; give a file name"),
    (["screenshot", "--scene", "menu", "--out", "x.png", "--size", "16384x16384"],
     "screenshot: --size '16384x16384' is too big: at most 7680x4320"),
    (["screenshot", "--scene", "menu", "--out", "x.png", "--size", "１２８０x８００"], "screenshot: --size must look like"),
]


@pytest.mark.parametrize("argv, message", CASES, ids=[" ".join(a)[:60] for a, _ in CASES])
def test_each_known_bad_request_has_its_own_message(capsys, argv, message, monkeypatch, tmp_path):
    monkeypatch.setenv(commands.LOGS_VARIABLE, str(tmp_path / "logs"))
    status, out, err = run(capsys, *argv)
    assert status in (1, 2), (status, err)
    assert err.startswith(message) or message in err, err
    assert "Traceback" not in err and "unexpected error" not in err
    assert len(err) < 3000


def test_the_window_refuses_an_unknown_scenario_before_opening(capsys):
    status, out, err = run(capsys, "play", "--scenario", "bogus")
    assert status == 2
    assert err.startswith("play: unknown scenario 'bogus' (shipped: ")


# ---- typed input in the terminal game ----------------------------------------------------------------


def human(**changes) -> argparse.Namespace:
    args = dict(headless=True, scenario=MINI, seed=1, seats="us=human", load=None, save=None, turns=1, json=False)
    args.update(changes)
    return argparse.Namespace(**args)


def test_typed_input_is_refused_with_a_hint(capsys):
    lines = ["²", "１２", "٣", "99", "x" * 5000, "us.\u202etrade", "0", "1", ""]
    out = StringIO()
    status = play.run(human(), out=out, inp=StringIO("\n".join(lines) + "\n"))
    assert status == 0
    refused = [line.strip() for line in out.getvalue().splitlines() if line.strip().startswith("refused:")]
    assert refused[0].startswith("refused: '²' is not a number of the list: type digits 0-9 (1 to ")
    assert refused[1].startswith("refused: '１２' is not a number of the list")
    assert refused[2].startswith("refused: '٣' is not a number of the list")
    assert refused[3].startswith("refused: 99 is not in the list: type 1 to ")
    assert refused[4] == (f"refused: a line of orders has at most {play.LINE_CHARS} characters; type a number from "
                          "the list or an order id (move@target)")
    assert refused[5].startswith("refused: the line holds control characters") or "is not an order" in refused[5]
    assert refused[6].startswith("refused: 0 is not in the list")
    assert len(refused) == 7, refused
    assert "== Stopped before turn 2 ==" in out.getvalue()


# ---- random command lines -----------------------------------------------------------------------------

HOSTILE = st.sampled_from(["", "0", "-1", "-5", "2", str(10**30), "²", "１２", "nan", "1e9", "x" * 300, "../../etc",
                           "/dev/zero", "/", "us=alien", "us", "us:", "@", "us:us.press_defense@1", "bogus",
                           "\u202e", "a,b", "random,random"])
OPTIONS = {
    "play": ["--seed", "--seats", "--turns", "--load", "--scenario"],
    "analyze": ["--games", "--seed", "--seats", "--force", "--against", "--turns", "--strength", "--scenario"],
    "concepts": ["--scenario"],
}  # (validate's arguments are content files: tests/fuzz/test_content_* attack those)


@st.composite
def command_lines(draw) -> list[str]:
    command = draw(st.sampled_from(sorted(OPTIONS)))
    argv = [command]
    if command == "play":
        argv += ["--headless", "--scenario", MINI, "--turns", "1"]
    elif command == "analyze":
        argv += ["--scenario", MINI, "--games", "3"]
    else:
        argv += ["--scenario", MINI]  # (every shipped scenario takes seconds: the hostile values are the point)
    for _ in range(draw(st.integers(0, 3))):
        argv += [draw(st.sampled_from(OPTIONS[command])), draw(HOSTILE)]
    return argv


def check_command_line(capsys, argv: list[str]) -> None:
    status, out, err = run(capsys, *argv)
    assert status != commands.CRASHED and "Traceback" not in err, (argv, err)
    assert status in (0, 1, 2), (argv, status)
    if status != 0:
        assert err.strip(), f"{argv} failed without saying why"
    assert len(err) < 20_000, (argv, len(err))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # capsys is read each time
@given(command_lines())
def test_random_hostile_command_lines_never_crash(capsys, argv):
    check_command_line(capsys, argv)


@pytest.mark.fuzz
def test_random_hostile_command_lines_long(capsys, request):
    if not long_run(request):
        pytest.skip(LONG)

    @settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(command_lines())
    def many(argv):
        check_command_line(capsys, argv)

    many()


# ---- the top-level handler ------------------------------------------------------------------------------


def test_an_unexpected_error_is_one_paragraph_with_a_log(capsys, monkeypatch, tmp_path):
    logs = tmp_path / "logs"
    monkeypatch.setenv(commands.LOGS_VARIABLE, str(logs))

    def broken(args):
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setitem(commands.COMMANDS, "scenarios", (*commands.COMMANDS["scenarios"][:2], broken))
    status, out, err = run(capsys, "scenarios")
    assert status == 3
    log = next(logs.glob("crash-*.log"))
    assert err.strip() == (f"scenarios: an unexpected error stopped the command (ZeroDivisionError: a bug of ours). "
                           f"The input was: main.py scenarios. This is a fault of the game, not of the input; the "
                           f"details are in {log} — please send that file with a report.")
    text = log.read_text(encoding="utf-8")
    assert text.startswith("command: main.py scenarios\n") and "Traceback" in text and "a bug of ours" in text


def test_ctrl_c_is_one_line_and_status_130(capsys, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(commands.COMMANDS, "validate", (*commands.COMMANDS["validate"][:2], interrupted))
    status, out, err = run(capsys, "validate")
    assert status == 130 and err.strip() == "validate: stopped (Ctrl-C)"


def test_ctrl_c_during_analyze_in_a_real_process(tmp_path):
    env = dict(os.environ, PACIFIC_TRILEMMA_LOGS=str(tmp_path))
    # a signal after a fixed delay, wherever the command is (loading, compiling or between chunks): always one
    # line; tests/test_interrupt.py sends it once progress shows and checks the partial figures
    child = subprocess.Popen([sys.executable, "main.py", "analyze", "--scenario", MINI, "--games", "100000",
                              "--seats", "us=greedy,jp=greedy,cn=greedy"],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 130, (child.returncode, err)
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert (last in ("analyze: stopped (Ctrl-C) before the first chunk of games finished; nothing to report yet",
                     "main.py: stopped (Ctrl-C)", "analyze: stopped (Ctrl-C)")
            or re.fullmatch(r"analyze: stopped \(Ctrl-C\) after [\d,]+ of 100,000 games; the figures above cover "
                            r"those only", last)), last


def test_a_full_stdout_is_one_line(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "main.py", "scenarios"], cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, env=dict(os.environ, PACIFIC_TRILEMMA_LOGS=str(tmp_path)))
    assert done.returncode == 1
    assert done.stderr.strip() == "scenarios: cannot write the output: No space left on device"


def test_crash_log_folder_defaults_to_the_users_cache(monkeypatch):
    monkeypatch.delenv(commands.LOGS_VARIABLE, raising=False)
    assert commands.logs_dir().parts[-2:] == ("pacific-trilemma", "logs")


def test_a_json_document_never_holds_nan(capsys):
    status, out, err = run(capsys, "play", "--headless", "--json", "--scenario", MINI, "--turns", "1")
    assert status == 0
    json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in --json output"))
