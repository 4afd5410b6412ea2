"""Helpers for the classroom tests: a real server on 127.0.0.1 in a thread, and websocket devices that keep
every message they receive and check that seq counts up by one."""

from __future__ import annotations

import asyncio
import json
import socket
from contextlib import contextmanager

import websockets

from game.classroom.room import Room
from game.classroom.server import bind, make_app, serve_in_thread

WAIT = 20.0  # seconds a test waits for a message before it fails


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@contextmanager
def running(room: Room, clock=None, record: bool = False):
    """Serve `room` on a free port of 127.0.0.1; yields (base URL, app)."""
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    room.join_url = f"http://127.0.0.1:{port}/"
    app = make_app(room, record, clock) if clock is not None else make_app(room, record)
    server, thread = serve_in_thread(app, sock)
    try:
        yield f"127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Device:
    """One browser's websocket: every message it got, in order, with seq checked."""

    def __init__(self, address: str, name: str = ""):
        self.address = address
        self.name = name
        self.messages: list[dict] = []
        self.raw: list[str] = []
        self.reports: list[dict] = []  # the resolved turns' reports, each sent once (a state counts them)
        self.ws = None

    async def open(self, hello: dict, welcome: bool = True) -> "Device":
        self.ws = await websockets.connect(f"ws://{self.address}/ws", max_size=2**24)
        await self.ws.send(json.dumps(hello))
        if welcome:
            got = await self.next()
            assert got["type"] == "welcome", got
            await self.state()
        return self

    async def next(self, timeout: float = WAIT) -> dict:
        text = await asyncio.wait_for(self.ws.recv(), timeout)
        message = json.loads(text)
        expected = self.messages[-1]["seq"] + 1 if self.messages else 1
        assert message["seq"] == expected, f"{self.name}: seq {message['seq']} after {expected - 1}"
        self.messages.append(message)
        self.raw.append(text)
        if message["type"] == "report":
            assert message["index"] <= len(self.reports), f"{self.name}: report {message['index']} out of order"
            del self.reports[message["index"]:]
            self.reports.append(message["report"])
        if message["type"] == "state":  # the views as a device puts them together: with every report it has
            assert len(self.reports) >= message["reports"], f"{self.name}: a state counts reports it never got"
            del self.reports[message["reports"]:]
            for part in ("view", "public"):
                if part in message:
                    message[part]["history"] = list(self.reports)
        return message

    async def state(self, until=lambda s: True, timeout: float = WAIT) -> dict:
        """The first state message (from now) for which `until(state)` holds."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while True:
            message = await self.next(max(0.01, end - loop.time()))
            assert message["type"] != "error", f"{self.name}: {message}"
            if message["type"] == "state" and until(message):
                return message

    async def now(self, until=lambda s: True, timeout: float = WAIT) -> dict:
        """The latest state if `until` holds for it, else the next one for which it does."""
        last = self.last_state()
        return last if until(last) else await self.state(until, timeout)

    def last_state(self) -> dict:
        return next(m for m in reversed(self.messages) if m["type"] == "state")

    async def send(self, message: dict) -> None:
        await self.ws.send(json.dumps(message))

    async def error(self, message: dict | str, timeout: float = WAIT) -> dict:
        """Send a message and return the error it gets (states in between are kept)."""
        await self.ws.send(message if isinstance(message, str) else json.dumps(message))
        while True:
            got = await self.next(timeout)
            if got["type"] == "error":
                return got

    async def close(self) -> None:
        await self.ws.close()


def phase(name: str):
    return lambda s: s["room"]["phase"] == name


def run(coro):
    return asyncio.run(coro)
