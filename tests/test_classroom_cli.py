"""`main.py classroom --headless` as a subprocess: codes file, a taken port, killing it mid-turn and `--resume`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from classroom_kit import Device, free_port, phase, run

from game.cli.classroom import addresses

ROOT = Path(__file__).resolve().parents[1]


def start(tmp_path: Path, port: int, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "main.py", "classroom", "--headless", "--port", str(port),
               "--autosave", str(tmp_path / "autosave.json"), *extra]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"classroom exited {proc.returncode}: {proc.stderr.read()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("classroom did not start within 60 s")


def test_kill_mid_turn_and_resume_with_the_same_codes_orders_and_timer(tmp_path):
    port = free_port()
    proc = start(tmp_path, port, "--scenario", "tutorial", "--seed", "7", "--codes", str(tmp_path / "codes.json"))
    codes = json.loads((tmp_path / "codes.json").read_text())
    assert set(codes) == {"us", "jp", "cn", "facilitator"}
    try:
        taken = subprocess.run([sys.executable, "main.py", "classroom", "--headless", "--scenario", "tutorial",
                                "--port", str(port), "--autosave", str(tmp_path / "other.json")],
                               cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert taken.returncode == 2
        assert taken.stderr.strip() == f"classroom: port {port} on 127.0.0.1 is already in use; pick another with --port"
        address = f"127.0.0.1:{port}"

        async def first_half():
            fac = await Device(address).open({"type": "hello", "code": codes["facilitator"]})
            us = await Device(address).open({"type": "hello", "code": codes["us"]})
            jp = await Device(address).open({"type": "hello", "code": codes["jp"]})
            await fac.state(lambda s: s["room"]["teams"]["jp"]["devices"] == 1)
            await fac.send({"type": "timer", "seconds": 120, "on_expiry": "commit"})
            await fac.send({"type": "start"})
            state = await us.state(phase("orders"))
            await us.send({"type": "order", "order": "us.worker_relief"})
            await us.send({"type": "commit"})
            await jp.state(phase("orders"))
            await jp.send({"type": "order", "order": "jp.anti_inflation"})
            await jp.state(lambda s: s["view"]["own_orders"] == ["jp.anti_inflation"])
            await fac.state(lambda s: s["room"]["teams"]["us"]["status"] == "committed")
            return state
        run(first_half())
    finally:
        proc.kill()  # no goodbye: as if the laptop's power went
        proc.wait(10)
    out = proc.stdout.read()
    assert "Listening on this computer only (127.0.0.1)" in out and codes["facilitator"] in out

    port = free_port()
    proc = start(tmp_path, port, "--resume")
    try:
        address = f"127.0.0.1:{port}"

        async def second_half():
            us = await Device(address).open({"type": "hello", "code": codes["us"]})
            jp = await Device(address).open({"type": "hello", "code": codes["jp"]})
            state = jp.last_state()
            assert state["room"]["phase"] == "orders" and state["room"]["turn"] == 1
            assert state["view"]["own_orders"] == ["jp.anti_inflation"]
            assert {f: t["status"] for f, t in state["room"]["teams"].items()} == {
                "us": "committed", "jp": "choosing", "cn": "bot"}
            timer = state["room"]["timer"]
            assert timer["running"] and timer["on_expiry"] == "commit" and 90 < timer["left"] < 120
            assert us.last_state()["view"]["own_orders"] == ["us.worker_relief"]
            await jp.send({"type": "commit"})
            state = await us.state(phase("report"))
            assert state["public"]["history"][0]["orders"]["us"] == ["us.worker_relief"]
            assert state["public"]["history"][0]["orders"]["jp"] == ["jp.anti_inflation"]
        run(second_half())
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        assert proc.wait(20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "resumed in the orders phase at turn 1" in proc.stdout.read()


def test_lan_addresses_are_printed_for_every_interface():
    assert addresses("127.0.0.1", 8000) == ["http://127.0.0.1:8000/"]
    assert all(url.startswith("http://") and url.endswith(":8000/") for url in addresses("0.0.0.0", 8000))
    assert addresses("::1", 9) == ["http://[::1]:9/"]


def test_resume_without_an_autosave_says_so(tmp_path):
    done = subprocess.run([sys.executable, "main.py", "classroom", "--headless", "--resume", "--port", "0",
                           "--autosave", str(tmp_path / "none.json")], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={**os.environ})
    assert done.returncode == 2
    assert done.stderr.strip() == f"classroom: no classroom autosave at {tmp_path / 'none.json'} to resume"
