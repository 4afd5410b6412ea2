"""Classroom load benchmark: 30 devices (10 per team) and the facilitator through a whole game.

    python benchmarks/classroom.py [--scenario crossroads_2025] [--devices 10] [--orders 3] [--json]

Runs `main.py classroom --headless` as its own process on a free port of 127.0.0.1 and connects
every device over a real websocket. Each turn the three teams order at the same time, one order
each per round, from a different device each time; the time from a team's order to every device
of that team showing it is measured for each device. Every device checks that seq counts up by
one (no lost or out-of-order message), and at the end of each turn that it shows the same state as
the rest of its team. Prints the median and p95 (target: p95 ≤ 100 ms on this machine).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parent.parent


class Device:
    """A websocket reading every message as it comes, checking seq; `wait(pred)` returns when a state fits."""

    def __init__(self, address: str, hello: dict):
        self.address, self.hello = address, hello
        self.last: dict | None = None
        self.seq = 0
        self.problems: list[str] = []
        self.changed = asyncio.Event()

    async def open(self) -> None:
        self.ws = await websockets.connect(f"ws://{self.address}/ws", max_size=2**24)
        await self.ws.send(json.dumps(self.hello))
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for text in self.ws:
                message = json.loads(text)
                if message["seq"] != self.seq + 1:
                    self.problems.append(f"seq {message['seq']} after {self.seq}")
                self.seq = message["seq"]
                if message["type"] == "error":
                    self.problems.append(message["message"])
                if message["type"] == "state":
                    self.last = message
                    self.changed.set()
        except websockets.ConnectionClosed:
            pass

    async def wait(self, pred, timeout: float = 60.0) -> float:
        """The time.perf_counter() at which the latest state first satisfied `pred`."""
        deadline = time.perf_counter() + timeout
        while not (self.last is not None and pred(self.last)):
            self.changed.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("a device never showed the expected state")
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except asyncio.TimeoutError:
                pass
        return time.perf_counter()

    async def send(self, message: dict) -> None:
        await self.ws.send(json.dumps(message))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(scenario: str, folder: Path) -> tuple[subprocess.Popen, str, dict]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "main.py", "classroom", "--headless", "--scenario", scenario,
                             "--seed", "1", "--port", str(port), "--codes", str(folder / "codes.json"),
                             "--autosave", str(folder / "autosave.json")], cwd=ROOT, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the classroom server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise SystemExit("the classroom server did not start within 120 s")
    return proc, f"127.0.0.1:{port}", json.loads((folder / "codes.json").read_text())


def pick(state: dict, k: int) -> str | None:
    """The k-th available move (first usable target) of a team's menu, not yet ordered."""
    usable = [m for m in state["moves"] if m["available"] and not m["ordered"]]
    if not usable:
        return None
    move = usable[k % len(usable)]
    target = next((t["id"] for t in move["targets"] or [] if t["available"]), None)
    return move["move"] + (f"@{target}" if target else "")


async def play(address: str, codes: dict, per_team: int, orders: int) -> dict:
    factions = [f for f in codes if f != "facilitator"]
    fac = Device(address, {"type": "hello", "code": codes["facilitator"]})
    teams = {f: [Device(address, {"type": "hello", "code": codes[f]}) for _ in range(per_team)] for f in factions}
    devices = [fac] + [d for group in teams.values() for d in group]
    for device in devices:
        await device.open()
    await fac.wait(lambda s: all(t["devices"] == per_team for t in s["room"]["teams"].values()))
    await fac.send({"type": "start"})
    latencies, turns, rnd = [], 0, 0
    while True:
        await fac.wait(lambda s: s["room"]["phase"] in ("orders", "over"))
        if fac.last["room"]["phase"] == "over":
            break
        turn = fac.last["room"]["turn"]
        for group in teams.values():
            for device in group:
                await device.wait(lambda s: s["room"]["turn"] == turn and s["room"]["phase"] == "orders")
        for k in range(orders):
            sends = {}
            for faction, group in teams.items():
                sender = group[rnd % per_team]
                order = pick(sender.last, k)
                if order is None:
                    continue
                count = len(sender.last["view"]["own_orders"])
                sends[faction] = (time.perf_counter(), count + 1)
                await sender.send({"type": "order", "order": order})
            rnd += 1
            for faction, (sent, count) in sends.items():
                shown = await asyncio.gather(*(d.wait(lambda s, c=count: len(s["view"]["own_orders"]) == c)
                                               for d in teams[faction]))
                latencies.extend(t - sent for t in shown)
        for faction, group in teams.items():
            bodies = {json.dumps({**d.last, "seq": 0, "room": None}, sort_keys=True) for d in group}
            if len(bodies) != 1:
                group[0].problems.append(f"{faction}'s devices show {len(bodies)} different states on turn {turn}")
            await group[turn % per_team].send({"type": "commit"})
        await fac.wait(lambda s: s["room"]["phase"] == "report")
        turns += 1
        print(f"turn {turn} resolved", file=sys.stderr, flush=True)
        await fac.send({"type": "next"})
    problems = [p for d in devices for p in d.problems]
    messages = sum(d.seq for d in devices)
    for device in devices:
        await device.ws.close()
    return {"latencies": latencies, "turns": turns, "problems": problems, "messages": messages,
            "devices": len(devices) - 1}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="crossroads_2025")
    parser.add_argument("--devices", type=int, default=10, help="devices per team (default 10)")
    parser.add_argument("--orders", type=int, default=3, help="orders per team per turn (default 3)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        proc, address, codes = start_server(args.scenario, Path(folder))
        try:
            started = time.perf_counter()
            result = asyncio.run(play(address, codes, args.devices, args.orders))
            wall = time.perf_counter() - started
        finally:
            proc.terminate()
            proc.wait(20)
    ms = sorted(1000 * t for t in result["latencies"])
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    summary = {"scenario": args.scenario, "devices": result["devices"], "turns": result["turns"],
               "samples": len(ms), "median_ms": round(statistics.median(ms), 1), "p95_ms": round(p95, 1),
               "max_ms": round(ms[-1], 1), "messages": result["messages"], "problems": result["problems"],
               "seconds": round(wall, 1)}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"{summary['devices']} devices, {summary['turns']} turns of {args.scenario}, {summary['messages']} "
              f"messages in {summary['seconds']} s")
        print(f"order -> every device of the team showing it: median {summary['median_ms']} ms, "
              f"p95 {summary['p95_ms']} ms, max {summary['max_ms']} ms over {len(ms)} device updates "
              f"(target p95 <= 100 ms)")
        print("lost or out-of-order updates: " + ("none" if not result["problems"] else
                                                   f"{len(result['problems'])}: {result['problems'][:5]}"))
    return 0 if not result["problems"] else 1


if __name__ == "__main__":
    sys.exit(main())
