"""The classroom's web server: Starlette routes for the pages, the map and the QR code, and one websocket `/ws`.

Every connection says hello with a code (or as the public screen) and then gets a `state` message
whenever what its role may see changes: a room change wakes one broadcaster task, which builds each
audience's state once (a team's from its own View and desk, the facilitator's and the public's from
the public View) and hands it to every connection of that audience. Each connection has its own
sender: a slow device only delays itself (a newer state replaces one it has not taken yet, and
`seq` is given as a message is sent, so it always counts up by one), and one that floods gets
errors and is then closed, without slowing anyone else.

Each device reads its own language: its hello says which (`lang`, else the room's), and everything the server
composes for it — states, reports, refusals — is composed inside `game.i18n.use(lang)`. A state is built once
per audience and language, a report once per turn and language, whatever the number of devices. The pages'
own fixed words come from `/static/i18n/<lang>.json`, made from the classroom catalog when first asked for.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import logging
import math
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, quote

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from babel import Locale

from game import i18n
from game.assets import find_asset
from game.classroom import qr
from game.classroom.codes import FACILITATOR, Throttle
from game.classroom.room import Room
from game.i18n import _, use

STATIC = Path(__file__).with_name("static")
log = logging.getLogger("game.classroom")
MAX_MESSAGE = 16 * 1024  # bytes of one message from a client
WS_LIMIT = 64 * 1024  # past this the websocket layer itself closes the connection
OUTBOX = 32  # replies (errors, pongs) a connection may have waiting before it counts as not reading
BURST, RATE = 20, 10.0  # a connection's messages: a burst of 20, then 10 a second
FLOOD_CLOSE = 50  # messages refused for flooding before the connection is closed
HELLO_TIMEOUT = 15.0  # seconds a new connection has to say hello
TICK = 0.2  # seconds between looks at the turn timer
LANG_COOKIE = "pacific_trilemma_lang"  # the pages set it beside localStorage, so HTTP answers speak it too
CATALOG = "classroom.po"  # the pages' words, and the server's own


def wrong_code() -> str:
    return _("that code is not one of this game's codes; check it with your teacher")


def slow_down(wait: float) -> str:
    return _("too many wrong codes from this address; try again in {seconds} seconds", seconds=math.ceil(wait))


def page_catalog(lang: str) -> dict:
    """The classroom catalog of `lang` as the pages read it: `{"lang", "messages": {English: translation, or
    [forms] for a plural}}`, the untranslated and fuzzy left out (the pages show those in English). Read from
    the .po file when it changes; raises LanguageError for a language the game does not have."""
    i18n.check(lang)
    path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / CATALOG
    stamp = path.stat().st_mtime_ns if path.is_file() else None
    cached = _CATALOGS.get(lang)
    if cached is None or cached[0] != stamp:
        messages: dict[str, str | list[str]] = {}
        if stamp is not None:
            for message in i18n.read_catalog(path):
                if not message.id or message.fuzzy:
                    continue
                if isinstance(message.id, tuple):
                    forms = [str(form) for form in message.string]
                    if all(forms):
                        messages[message.id[0]] = forms
                elif message.string:
                    messages[message.id] = message.string
        cached = _CATALOGS[lang] = (stamp, {"lang": lang, "messages": messages})
    return cached[1]


_CATALOGS: dict[str, tuple[int | None, dict]] = {}


FONTS = ("NotoSansJP-Regular.otf", "NotoSansJP-Bold.otf")  # Japanese for a device without a Japanese font


def font_file(name: str) -> Path | None:
    """One of FONTS from pygame_gui's data (the window's own Japanese font), found without importing pygame."""
    spec = importlib.util.find_spec("pygame_gui")
    if name not in FONTS or spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / name
    return path if path.is_file() else None


def language_names() -> dict[str, str]:
    """Each language the game has, named in itself (English, 日本語) for the pages' switch."""
    return {lang: Locale.parse(lang).get_display_name(lang) for lang in i18n.LANGUAGES}


def _asked_language(text: str | None) -> str | None:
    """The language a (small, JSON) hello asks for, if it names one the game has."""
    if text is None or len(text) > MAX_MESSAGE:
        return None
    try:
        message = json.loads(text)
    except json.JSONDecodeError:
        return None
    lang = message.get("lang") if isinstance(message, dict) else None
    return lang if lang in i18n.LANGUAGES else None


class Connection:
    """One websocket: its audience, its seq, and a sender task fed by a bounded outbox and a latest-state slot."""

    def __init__(self, websocket: WebSocket):
        self.ws = websocket
        self.audience: tuple[str, ...] | None = None  # ("team", faction), ("facilitator",) or ("public",)
        self.lang = "en"  # the language its hello asked for (the room's until then)
        self.seq = 0
        self.outbox: deque[dict] = deque()
        self.state: tuple[str, str] | None = None  # (key, body) of the newest state not yet sent
        self.sent_key: str | None = None
        self.reports: list[int] = []  # the stamps of the reports this device has, in order (Room.reports)
        self.report_bodies: deque[str] = deque()  # reports to send before the next state
        self.wake = asyncio.Event()
        self.closed = False
        self.tokens, self.stamp, self.flooded = float(BURST), 0.0, 0
        self.sent: list[str] | None = None  # every message sent, when the server records them (tests)

    def reply(self, message: dict) -> bool:
        """Queue a message for this connection only; False if it has stopped reading (too many waiting)."""
        if len(self.outbox) >= OUTBOX:
            return False
        self.outbox.append(message)
        self.wake.set()
        return True

    def offer(self, key: str, body: str, reports: list[tuple[int, str]]) -> None:
        """The newest state for this connection (its JSON without seq), after the reports it does not have yet
        (each sent once: a state only counts them); the state replaces one not yet sent."""
        stamps = [stamp for stamp, _ in reports]
        same = next((k for k, (a, b) in enumerate(zip(self.reports, stamps)) if a != b),
                    min(len(self.reports), len(stamps)))
        if same < len(stamps):
            self.report_bodies.extend(text for _, text in reports[same:])
        self.reports = stamps
        if key == self.sent_key:
            self.state = None  # the device already has this
            return
        self.state = (key, body)
        self.wake.set()

    def allow(self, now: float) -> bool:
        """A token bucket: True if this message is within the connection's rate."""
        self.tokens = min(BURST, self.tokens + (now - self.stamp) * RATE)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    async def _send(self, text: str) -> None:
        if self.sent is not None:
            self.sent.append(text)
        await self.ws.send_text(text)

    async def run_sender(self) -> None:
        try:
            while not self.closed:
                await self.wake.wait()
                self.wake.clear()
                while self.outbox or self.report_bodies or self.state is not None:
                    if self.outbox:
                        message = self.outbox.popleft()
                        self.seq += 1
                        await self._send(json.dumps({**message, "seq": self.seq}))
                    elif self.report_bodies:
                        body = self.report_bodies.popleft()
                        self.seq += 1
                        await self._send(f'{{"seq": {self.seq}, {body[1:]}')
                    else:
                        key, body = self.state
                        self.state = None
                        self.seq += 1
                        self.sent_key = key
                        await self._send(f'{{"seq": {self.seq}, {body[1:]}')
        except (WebSocketDisconnect, RuntimeError, OSError):
            self.closed = True


class Classroom:
    """The server's side of a room: its connections, the broadcaster, the timer task and the code throttle."""

    def __init__(self, room: Room, record: bool = False, clock: Callable[[], float] = time.monotonic):
        self.room = room
        self.throttle = Throttle(clock)
        self.connections: set[Connection] = set()
        self.record = record
        self.recorded: list[tuple[tuple[str, ...], list[str]]] = []  # (audience, messages) per closed connection
        self._changed: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: list[asyncio.Task] = []

    # ---- lifecycle -------------------------------------------------------------------------

    async def startup(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Event()
        self.room.listen(self._poke)
        self._tasks = [asyncio.create_task(self._broadcaster()), asyncio.create_task(self._ticker())]

    async def shutdown(self) -> None:
        for task in self._tasks:
            task.cancel()

    def _poke(self) -> None:
        """Called by the room (from any thread) after a change."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._changed.set)

    async def _ticker(self) -> None:
        while True:
            await asyncio.sleep(TICK)
            try:
                await asyncio.to_thread(self.room.tick)
            except Exception:  # a bot that fails must not stop the clock for the rest of the lesson
                log.exception("classroom: the turn timer's expiry failed")

    async def _broadcaster(self) -> None:
        while True:
            try:
                await self._broadcast()
            except Exception:  # one bad build must not stop every later update
                log.exception("classroom: sending the new state failed")
                await asyncio.sleep(TICK)

    async def _broadcast(self) -> None:
        while True:
            await self._changed.wait()
            self._changed.clear()
            dirty = self.room.take_dirty()
            wanted = {(c.audience, c.lang) for c in self.connections if c.audience is not None}
            if dirty is not None:
                wanted = {(audience, lang) for audience, lang in wanted if audience in dirty}
            if not wanted:
                continue
            built, reports = self._build(wanted)  # on the loop: a worker thread would only trade the GIL
            for conn in list(self.connections):
                if (conn.audience, conn.lang) in built:
                    conn.offer(*built[conn.audience, conn.lang], reports[conn.lang])

    def _build(self, wanted: set[tuple[tuple[str, ...], str]]) -> tuple[dict[tuple[tuple[str, ...], str],
                                                                             tuple[str, str]],
                                                                        dict[str, list[tuple[int, str]]]]:
        """Each (audience, language)'s state as (key, JSON without seq), and per language the reports those states
        count; the key leaves out the timer's ticking seconds. One hold of the room's lock: no turn resolves
        between the two. Each is composed once, in its language, whatever the number of devices."""
        out, reports = {}, {}
        with self.room.lock:
            for audience, lang in wanted:
                with use(lang):
                    out[audience, lang] = self._state(audience)
                    if lang not in reports:
                        reports[lang] = self.room.reports()
        return out, reports

    def _state(self, audience: tuple[str, ...]) -> tuple[str, str]:
        """An audience's state in the language in use, as (key, body)."""
        if audience[0] == "team":
            state = self.room.team_state(audience[1], history=False)
        elif audience[0] == "facilitator":
            state = self.room.facilitator_state(history=False)
        else:
            state = self.room.snapshot_public(history=False)
        body = json.dumps(state, ensure_ascii=i18n.current() == i18n.SOURCE)  # Japanese as UTF-8, not \u escapes
        timer = state["room"]["timer"]
        key = body
        if timer is not None and timer["left"] is not None:  # the one json.dumps of the timer inside the body
            key = body.replace(json.dumps(timer), json.dumps({**timer, "left": None}), 1)
        return key, body

    # ---- HTTP ------------------------------------------------------------------------------

    def _address(self, request: Request | WebSocket) -> str:
        return request.client.host if request.client else "unknown"

    def _check_code(self, address: str, code: str) -> tuple[str | None, float]:
        """(role or None, seconds to wait): a wrong code counts against the address; a waiting address is not looked at."""
        wait = self.throttle.wait(address)
        if wait > 0:
            return None, wait
        role = self.room.role_of(code)
        if role is None:
            self.throttle.wrong(address)
        else:
            self.throttle.right(address)
        return role, 0.0

    def _http_lang(self, request: Request, body: object = None) -> str:
        """The language of an HTTP answer: the body's `lang`, else the pages' cookie, else the room's."""
        for lang in (body.get("lang") if isinstance(body, dict) else None, request.cookies.get(LANG_COOKIE)):
            if lang in i18n.LANGUAGES:
                return lang
        return self.room.lang

    async def join(self, request: Request) -> Response:
        if request.headers.get("content-type", "").startswith("application/json"):
            try:
                body = await request.json()
            except (json.JSONDecodeError, UnicodeDecodeError):
                with use(self._http_lang(request)):
                    return JSONResponse({"error": _("the request is not JSON")}, 400)
        else:  # a plain HTML form (urlencoded; read here, so no form-parsing library is needed)
            fields = parse_qs((await request.body()).decode("utf-8", "replace"))
            body = {key: values[0] for key, values in fields.items()}
        with use(self._http_lang(request, body)):
            return self._join(request, body)

    def _join(self, request: Request, body: object) -> Response:
        code = body.get("code") if isinstance(body, dict) else None
        if not isinstance(code, str) or not code.strip():
            return JSONResponse({"error": _("type the code your teacher gave your team")}, 400)
        role, wait = self._check_code(self._address(request), code)
        if wait:
            return JSONResponse({"error": slow_down(wait)}, 429, headers={"Retry-After": str(math.ceil(wait))})
        if role is None:
            return JSONResponse({"error": wrong_code()}, 403)
        code = self.room.codes.by_role[role]
        if role == FACILITATOR:
            return JSONResponse({"role": "facilitator", "faction": None, "url": f"/console/{code}"})
        return JSONResponse({"role": "team", "faction": role, "url": f"/team/{code}"})

    def _page(self, name: str) -> Response:
        path = STATIC / name
        if not path.is_file():
            return Response(_("{file} is missing from the game's files", file=name), 500, media_type="text/plain")
        return FileResponse(path, headers={"Cache-Control": "no-cache"})

    def _refuse_page(self, message: str) -> Response:
        return RedirectResponse("/?error=" + quote(message), 303)

    async def page_for_code(self, request: Request, want: str) -> Response:
        with use(self._http_lang(request)):
            role, wait = self._check_code(self._address(request), request.path_params["code"])
            if wait:
                return self._refuse_page(slow_down(wait))
            if role is None or (role == FACILITATOR) != (want == FACILITATOR):
                if role is None:
                    return self._refuse_page(wrong_code())
                return self._refuse_page(_("that is the facilitator's code: open the console") if role == FACILITATOR
                                         else _("that is a team's code: open the team page"))
            return self._page("console.html" if want == FACILITATOR else "team.html")

    async def team_page(self, request: Request) -> Response:
        return await self.page_for_code(request, "team")

    async def console_page(self, request: Request) -> Response:
        return await self.page_for_code(request, FACILITATOR)

    async def languages(self, request: Request) -> Response:
        """The languages the pages can show, each named in itself, and the room's (`--lang`)."""
        return JSONResponse({"default": self.room.lang, "languages": language_names(), "cookie": LANG_COOKIE})

    async def catalog(self, request: Request) -> Response:
        """A language's catalog for the pages (`page_catalog`); 404 naming the languages for another."""
        lang = request.path_params["lang"]
        try:
            return JSONResponse(page_catalog(lang), headers={"Cache-Control": "no-cache"})
        except i18n.LanguageError as exc:
            return JSONResponse({"error": str(exc)}, 404)
        except i18n.CatalogError as exc:  # a damaged catalog: the pages fall back to English and say why
            log.error("classroom: %s", exc)
            return JSONResponse({"error": str(exc)}, 500)

    async def font(self, request: Request) -> Response:
        path = font_file(request.path_params["name"])
        if path is None:
            return Response(_("no such font: the pages use {fonts}", fonts=", ".join(FONTS)), 404,
                            media_type="text/plain")
        return FileResponse(path, media_type="font/otf", headers={"Cache-Control": "public, max-age=86400"})

    async def index(self, request: Request) -> Response:
        return self._page("join.html")

    async def public(self, request: Request) -> Response:
        return self._page("public.html")

    async def map_json(self, request: Request) -> Response:
        return FileResponse(find_asset("map/indo_pacific.json"), media_type="application/json")

    async def qr_svg(self, request: Request) -> Response:
        return Response(qr.svg(self.room.join_url or str(request.base_url)), media_type="image/svg+xml")

    async def health(self, request: Request) -> Response:
        return JSONResponse({"ok": True, "phase": self.room.phase, "connections": len(self.connections)})

    # ---- the websocket ---------------------------------------------------------------------

    async def websocket(self, ws: WebSocket) -> None:
        await ws.accept()
        conn = Connection(ws)
        conn.lang = self.room.lang
        if self.record:
            conn.sent = []
        sender = asyncio.create_task(conn.run_sender())
        self.connections.add(conn)
        try:
            await self._serve(conn)
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass
        finally:
            self.connections.discard(conn)
            conn.closed = True
            conn.wake.set()
            await asyncio.wait([sender], timeout=2.0)
            if conn.audience and conn.audience[0] == "team":
                await asyncio.to_thread(self.room.detach, conn.audience[1])
            if self.record:
                self.recorded.append((conn.audience or ("none",), conn.sent))

    def _error(self, conn: Connection, about: object, message: str) -> bool:
        return conn.reply({"type": "error", "about": about if isinstance(about, str) else None, "message": message})

    @staticmethod
    async def _receive(conn: Connection, timeout: float | None = None) -> str | None:
        """The next text message (None for a binary one); raises WebSocketDisconnect when the device goes."""
        message = await asyncio.wait_for(conn.ws.receive(), timeout)
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
        return message.get("text")

    async def _close(self, conn: Connection, code: int) -> None:
        conn.closed = True
        conn.wake.set()
        await asyncio.sleep(0.1)  # let the sender pass on the error first
        await conn.ws.close(code)

    async def _serve(self, conn: Connection) -> None:
        """Wait for the hello, then carry out the device's messages; everything it is told is in its language."""
        while conn.audience is None:
            try:
                text = await self._receive(conn, HELLO_TIMEOUT)
            except asyncio.TimeoutError:
                with use(conn.lang):
                    self._error(conn, "hello", _("say hello with a code within {seconds} seconds",
                                                 seconds=format(HELLO_TIMEOUT, "g")))
                await self._close(conn, 1008)
                return
            conn.lang = _asked_language(text) or conn.lang  # a hello's language holds for its refusals too
            with use(conn.lang):
                message, problem = self._parse(text)
                if problem is None and message["type"] != "hello":
                    problem = _("say hello first, with your code (not {kind})", kind=repr(message["type"]))
                if problem is None:
                    problem = await self._hello(conn, message)
                    if problem is None:
                        break
                    if problem.startswith("!"):  # a refused code: say why, then close
                        self._error(conn, "hello", problem[1:])
                        await self._close(conn, 4003)
                        return
                self._error(conn, message.get("type") if isinstance(message, dict) else None, problem)
        with use(conn.lang):  # this task's language, and so of the room's threads it calls (to_thread copies it)
            await self._serve_messages(conn)

    async def _serve_messages(self, conn: Connection) -> None:
        loop = asyncio.get_running_loop()
        while True:
            text = await self._receive(conn)
            if not conn.allow(loop.time()):
                conn.flooded += 1
                if conn.flooded > FLOOD_CLOSE or not self._error(conn, None, _("too many messages: slow down")):
                    await self._close(conn, 1008)
                    return
                continue
            message, problem = self._parse(text)
            if problem is None:
                problem = await self._handle(conn, message)
            if problem is not None:
                about = message.get("type") if isinstance(message, dict) else None
                if not self._error(conn, about, problem):
                    await self._close(conn, 1008)  # it does not read its replies: stop serving it
                    return

    @staticmethod
    def _parse(text: str | None) -> tuple[dict | None, str | None]:
        if text is None:
            return None, _("a message is JSON text, not binary data")
        if len(text.encode("utf-8")) > MAX_MESSAGE:
            return None, _("a message may have at most {kb} KB ({most} bytes); this one has {size} bytes",
                           kb=MAX_MESSAGE // 1024, most=MAX_MESSAGE, size=len(text.encode("utf-8")))
        try:
            message = json.loads(text)
        except json.JSONDecodeError:
            return None, _("a message is JSON, and this one is not")
        if not isinstance(message, dict):
            return None, _("a message is a JSON object, not {kind}", kind=type(message).__name__)
        if not isinstance(message.get("type"), str):
            return message, _("a message needs a 'type'")
        return message, None

    async def _hello(self, conn: Connection, message: dict) -> str | None:
        """Join the connection to its audience; a problem's text, '!'-prefixed if the connection is to be closed."""
        lang = message.get("lang", self.room.lang)
        if lang not in i18n.LANGUAGES:
            return _("hello: 'lang' must be one of {choices}, not {value}", choices=", ".join(i18n.LANGUAGES),
                     value=repr(lang))
        if message.get("role") == "public" and "code" not in message:
            conn.audience, role, faction = ("public",), "public", None
        else:
            code = message.get("code")
            if not isinstance(code, str):
                return _("hello needs a 'code' (or \"role\": \"public\")")
            role, wait = self._check_code(self._address(conn.ws), code)
            if wait:
                return "!" + slow_down(wait)
            if role is None:
                return "!" + wrong_code()
            if role == FACILITATOR:
                conn.audience, role, faction = ("facilitator",), "facilitator", None
            else:
                conn.audience, role, faction = ("team", role), "team", role
        conn.lang = lang
        conn.reply({"type": "welcome", "role": role, "faction": faction, "lang": lang})
        if role == "team":
            await asyncio.to_thread(self.room.attach, faction)  # the room's change sends everyone the new state
        built, reports = await asyncio.to_thread(self._build, {(conn.audience, lang)})
        conn.offer(*built[conn.audience, lang], reports[lang])
        return None

    async def _handle(self, conn: Connection, message: dict) -> str | None:
        kind = message["type"]
        if kind == "ping":
            conn.reply({"type": "pong"})
            return None
        if kind == "hello":
            return _("this connection has already said hello")
        if conn.audience[0] == "public":
            return _("the public screen only watches: it sends nothing but ping")
        if conn.audience[0] == "team":
            return await asyncio.to_thread(self.room.team_act, conn.audience[1], message)
        return await asyncio.to_thread(self.room.act, message)


def make_app(room: Room, record: bool = False, clock: Callable[[], float] = time.monotonic) -> Starlette:
    """The Starlette app serving `room`; `record` keeps every message sent (for the privacy test); `clock` is the
    code throttle's."""
    classroom = Classroom(room, record, clock)
    routes = [
        Route("/", classroom.index),
        Route("/join", classroom.join, methods=["POST"]),
        Route("/team/{code}", classroom.team_page),
        Route("/console/{code}", classroom.console_page),
        Route("/public", classroom.public),
        Route("/map.json", classroom.map_json),
        Route("/qr.svg", classroom.qr_svg),
        Route("/health", classroom.health),
        Route("/languages.json", classroom.languages),
        Route("/static/i18n/{lang}.json", classroom.catalog),
        Route("/fonts/{name}", classroom.font),
        WebSocketRoute("/ws", classroom.websocket),
    ]
    if STATIC.is_dir():
        routes.append(Mount("/static", StaticFiles(directory=STATIC), name="static"))
    @contextlib.asynccontextmanager
    async def lifespan(app):
        await classroom.startup()
        yield
        await classroom.shutdown()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.classroom = classroom
    return app


class PortInUse(OSError):
    """The port is taken by another program."""


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free one); raises PortInUse naming the port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise PortInUse(f"port {port} on {host} is already in use; pick another with --port") from None
        raise
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def make_server(app: Starlette, sock: socket.socket) -> uvicorn.Server:
    host, port = sock.getsockname()[:2]
    # no per-message compression: on a school network a state (about 60 KB) goes out faster as it is than
    # compressed once for each of thirty devices (benchmarks/classroom.py: p95 110 ms compressed, 88 ms not)
    config = uvicorn.Config(app, host=host, port=port, ws="websockets-sansio", ws_max_size=WS_LIMIT,
                            ws_per_message_deflate=False, log_level="warning",
                            access_log=False, lifespan="on")
    return uvicorn.Server(config)


def serve_in_thread(app: Starlette, sock: socket.socket) -> tuple[uvicorn.Server, threading.Thread]:
    """Run uvicorn on `sock` in a daemon thread; returns once it accepts connections."""
    server = make_server(app, sock)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="classroom-server", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the classroom server stopped while starting")
        threading.Event().wait(0.02)
    return server, thread
