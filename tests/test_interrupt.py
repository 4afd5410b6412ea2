"""Ctrl-C, as a real SIGINT to a real process: every long command stops with one line and the partial results it has.

Each test starts `main.py` in a child process, waits for a line that shows the command is under way (a progress
line, a prompt, a file of the command held open), sends SIGINT and checks the one closing line, the partial
figures, exit status 130 and that no traceback reached the user.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import MINI

ROOT = Path(__file__).parent.parent
WAIT = 300  # seconds for a line to come (a cold rules cache compiles first)
if sys.platform == "win32":
    pytest.skip("SIGINT to a child process is a POSIX signal", allow_module_level=True)


class Child:
    """`main.py ARGS` running, its stdout and stderr read line by line as they come."""

    def __init__(self, tmp_path: Path, *argv: str, stdin: str | None = None):
        env = dict(os.environ, PACIFIC_TRILEMMA_LOGS=str(tmp_path / "logs"), SDL_VIDEODRIVER="dummy",
                   SDL_AUDIODRIVER="dummy", PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, "main.py", *argv], cwd=ROOT, env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if stdin is not None:
            self.proc.stdin.write(stdin)
            self.proc.stdin.flush()  # kept open: a prompt waits for more
        self.lines = {"out": [], "err": []}
        self.threads = [threading.Thread(target=self._read, args=(name, stream), daemon=True)
                        for name, stream in (("out", self.proc.stdout), ("err", self.proc.stderr))]
        for thread in self.threads:
            thread.start()

    def _read(self, name: str, stream) -> None:
        for line in stream:
            self.lines[name].append(line)

    def wait_for(self, pattern: str, stream: str = "err") -> re.Match:
        """The first line of `stream` matching `pattern`; fails if the process ends or WAIT passes first."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for line in list(self.lines[stream]):
                found = re.search(pattern, line)
                if found:
                    return found
            if self.proc.poll() is not None:
                time.sleep(0.2)  # the readers may still be catching up
                if not any(re.search(pattern, line) for line in self.lines[stream]):
                    pytest.fail(f"the command ended before {pattern!r}: {''.join(self.lines['err'])[-2000:]}")
            time.sleep(0.02)
        pytest.fail(f"no line matching {pattern!r} within {WAIT} s")

    def interrupt(self, within: float = 60) -> tuple[str, str, float]:
        """Send SIGINT; (stdout, stderr, seconds it took to stop), after checking status 130 and no traceback."""
        sent = time.monotonic()
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=within)
        took = time.monotonic() - sent
        for thread in self.threads:
            thread.join(timeout=10)
        out, err = "".join(self.lines["out"]), "".join(self.lines["err"])
        assert self.proc.returncode == 130, (self.proc.returncode, err[-2000:])
        assert "Traceback" not in err and "Traceback" not in out, err[-2000:]
        return out, err, took


class FileOpens:
    """The files opened in a folder, as the kernel reports them (inotify): no opening is missed however brief.

    Sampling a process's open descriptors can miss every one of hundreds of short reads; inotify queues each
    opening until it is read. Where inotify is missing (not Linux) it falls back to watching the files' access
    times.
    """

    IN_OPEN = 0x20

    def __init__(self, folder: Path):
        self.folder = folder
        self.fd = -1

    def __enter__(self) -> "FileOpens":
        import ctypes
        import ctypes.util

        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            self.fd = libc.inotify_init1(os.O_NONBLOCK)
            if self.fd >= 0 and libc.inotify_add_watch(self.fd, str(self.folder).encode(), self.IN_OPEN) < 0:
                os.close(self.fd)
                self.fd = -1
        except (OSError, AttributeError):
            self.fd = -1
        return self

    def __exit__(self, *exc) -> None:
        if self.fd >= 0:
            os.close(self.fd)

    def wait_for_scenario(self, proc: subprocess.Popen) -> None:
        """Return once a `.yaml` file directly in the folder has been opened; fail if `proc` ends first."""
        import select
        import struct

        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and proc.poll() is None:
            if self.fd < 0:
                if any(p.stat().st_atime_ns > p.stat().st_mtime_ns for p in self.folder.glob("*.yaml")):
                    return
                time.sleep(0.005)
                continue
            if not select.select([self.fd], [], [], 0.05)[0]:
                continue
            data = os.read(self.fd, 65536)
            while data:
                _wd, _mask, _cookie, size = struct.unpack_from("iIII", data)
                name = data[16:16 + size].rstrip(b"\0")
                if name.endswith(b".yaml"):
                    return
                data = data[16 + size:]
        pytest.fail("validate ended before it opened a scenario file" if proc.poll() is not None
                    else f"validate opened no scenario file within {WAIT} s")


def last_line(err: str) -> str:
    return err.strip().splitlines()[-1]


def progress(games: str) -> str:
    return rf"^analyze: [\d,]+ of {games} games played \(Ctrl-C stops and reports those\)$"


MIX = ["--seats", "us=greedy,jp=greedy,cn=greedy"]  # greedy seats: slow enough that a signal comes mid-batch


def test_plain_analyze_prints_the_games_done(tmp_path):
    child = Child(tmp_path, "analyze", "--scenario", str(MINI), "--games", "60000", *MIX)
    child.wait_for(progress("60,000"))
    out, err, _ = child.interrupt()
    stop = re.fullmatch(r"analyze: stopped \(Ctrl-C\) after ([\d,]+) of 60,000 games; the figures above cover those "
                        r"only", last_line(err))
    assert stop, last_line(err)
    done = int(stop[1].replace(",", ""))
    assert 100 <= done < 60_000  # whole chunks: the first has 100 games, later ones are sized by time
    assert f"): {done:,} games, seeds 0..{done - 1}, seats " in out  # the figures of those games
    assert "Win share" in out or "wins" in out.lower()


def test_plain_analyze_json_is_valid_and_says_stopped(tmp_path):
    child = Child(tmp_path, "analyze", "--scenario", str(MINI), "--games", "60000", "--json", *MIX)
    child.wait_for(progress("60,000"))
    out, err, _ = child.interrupt()
    doc = json.loads(out)
    assert doc["stopped"] is True and doc["requested"] == 60_000
    assert 100 <= doc["games"] < 60_000
    assert last_line(err) == (f"analyze: stopped (Ctrl-C) after {doc['games']:,} of 60,000 games; the figures above "
                              "cover those only")


def test_against_keeps_both_arms_paired(tmp_path):
    child = Child(tmp_path, "analyze", "--scenario", str(MINI), "--games", "60000", "--json", *MIX,
                  "--force", "us:us.press_defense@1", "--against", "us:us.trade_deal@vietnam@1")
    child.wait_for(r"^analyze: [\d,]+ of 60,000 games of each arm played")
    out, err, _ = child.interrupt()
    doc = json.loads(out)
    done = doc["games"]
    assert doc["stopped"] is True and doc["requested"] == 60_000
    assert doc["a"]["games"] == doc["b"]["games"] == done and 100 <= done < 60_000
    assert last_line(err) == (f"analyze: stopped (Ctrl-C) after {done:,} of 60,000 games in each arm; the figures "
                              "above cover those, paired")


STOPPED_MIX = (r"analyze: stopped \(Ctrl-C\) in mix (\d+) of (\d+) \((.+)\), after ([\d,]+) of its games; the mixes "
               r"before it are complete, those after it were not played")


def test_balance_keeps_the_mix_finished_and_the_one_under_way(tmp_path):
    child = Child(tmp_path, "analyze", "--scenario", "crossroads_2025", "--games", "3000", "--balance",
                  "--search-games", "0")
    # crossroads' greedy lookahead takes seconds a chunk, so its mix is under way long enough; a line past the random
    # mix's 3,000 games: the greedy mix is under way
    found = None
    deadline = time.monotonic() + WAIT
    while found is None and time.monotonic() < deadline:
        done = child.wait_for(r"^analyze: ([\d,]+) of ([\d,]+) games of the seat mixes played")
        lines = [re.match(r"^analyze: ([\d,]+) of", line) for line in child.lines["err"]]
        found = next((m for m in lines if m and int(m[1].replace(",", "")) > 3000), None)
        if found is None:
            assert child.proc.poll() is None, "the balance ended before its greedy mix was under way"
            time.sleep(0.2)
    assert done and found
    out, err, _ = child.interrupt()
    stop = re.fullmatch(STOPPED_MIX, last_line(err))
    assert stop and int(stop[1]) >= 2, last_line(err)
    assert "random" in out


def test_balance_json_says_how_many_games_each_mix_covers(tmp_path):
    child = Child(tmp_path, "analyze", "--scenario", str(MINI), "--games", "8000", "--balance", "--json")
    child.wait_for(r"^analyze: [\d,]+ of [\d,]+ games of the seat mixes played")
    out, err, _ = child.interrupt()
    doc = json.loads(out)
    assert doc["stopped"] is True and doc["requested"] == 8000
    *done, under_way = doc["mixes"]
    assert all(m["games"] == 8000 for m in done if m["mix"] != "search:normal") and 1 <= under_way["games"]
    assert re.fullmatch(STOPPED_MIX, last_line(err)), last_line(err)


def test_strength_keeps_the_pairings_done(tmp_path):
    child = Child(tmp_path, "analyze", "--scenario", str(MINI), "--games", "20000", "--strength", "random,greedy",
                  "--strength", "greedy,random", "--json")
    child.wait_for(r"^analyze: [\d,]+ of 80,000 games of pairing 2 of 2 \(greedy,random\) played")
    out, err, _ = child.interrupt()
    doc = json.loads(out)
    assert doc["stopped"] is True and doc["requested_pairings"] == 2
    assert [(p["bot"], p["against"], p["games"]) for p in doc["pairings"]] == [("random", "greedy", 20000)]
    assert last_line(err) == "analyze: stopped (Ctrl-C) after 1 of 2 pairings; those above are complete"


def test_a_search_bot_batch_stops_between_chunks(tmp_path):
    # one kernel call cannot stop for a signal: the batch is played in chunks, and the stop comes after one
    child = Child(tmp_path, "analyze", "--scenario", str(MINI), "--games", "20000", "--seats", "us=search:easy")
    child.wait_for(progress("20,000"))
    out, err, took = child.interrupt()
    assert took < 30, f"{took:.1f} s from the signal to the stop"
    stop = re.fullmatch(r"analyze: stopped \(Ctrl-C\) after ([\d,]+) of 20,000 games; the figures above cover those "
                        r"only", last_line(err))
    assert stop, last_line(err)
    assert "seats us=search:easy" in out


def test_a_search_strength_pairing_stops_between_chunks(tmp_path):
    child = Child(tmp_path, "analyze", "--scenario", str(MINI), "--games", "20000", "--strength",
                  "search:easy,random")
    child.wait_for(r"^analyze: [\d,]+ of 80,000 games of pairing 1 of 1")
    out, err, took = child.interrupt()
    assert took < 30, f"{took:.1f} s from the signal to the stop"
    assert out == ""
    assert last_line(err) == ("analyze: stopped (Ctrl-C) during the first pairing; a pairing half played has no "
                              "result, nothing to report")


def test_play_headless_prints_the_turns_played(tmp_path):
    save = tmp_path / "class.json"
    child = Child(tmp_path, "play", "--headless", "--scenario", str(MINI), "--seats", "us=human", "--save", str(save),
                  stdin="1\n\n")  # turn 1: one order, committed; then the prompt of turn 2 waits
    child.wait_for(r"^-- United States, turn 2: ", "out")
    out, err, _ = child.interrupt()
    assert "== Turn 1 (" in out and "== Turn 2 (" not in out
    assert "== Stopped before turn 2 ==" in out  # the result lines: scores after the turn played
    assert last_line(err) == (f"play: stopped (Ctrl-C) before turn 2 was resolved; the turns played are above; {save} "
                              "holds the game as of the last turn played")
    from game.session import saves

    assert saves.load(save).turn == 2


def test_play_headless_json_says_stopped(tmp_path):
    child = Child(tmp_path, "play", "--headless", "--json", "--scenario", str(MINI), "--seats", "us=human",
                  stdin="\n")
    child.wait_for(r"^-- United States, turn 2: ", "out")
    out, err, _ = child.interrupt()
    doc = json.loads(out[out.index("\n{") + 1:])  # after the prompts a person reads
    assert doc["stopped"] is True and len(doc["turns"]) == 1 and doc["status"] == "running"
    assert last_line(err) == "play: stopped (Ctrl-C) before turn 2 was resolved; the turns played are above"


def test_validate_is_one_line(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    import shutil

    shutil.copytree(MINI.parent / "mini", folder / "mini")
    text = MINI.read_text(encoding="utf-8")
    for k in range(400):
        (folder / f"s{k:03}.yaml").write_text(text.replace("id: mini\n", f"id: mini_{k}\n"), encoding="utf-8")
    with FileOpens(folder) as opens:
        child = Child(tmp_path, "validate", str(folder))
        opens.wait_for_scenario(child.proc)  # under way once it has opened one of the scenario files
    assert child.proc.poll() is None, "validate ended before the signal"
    out, err, _ = child.interrupt()
    assert out == "" and err.strip() == "validate: stopped (Ctrl-C)"
