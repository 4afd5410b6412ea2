"""The classroom's projector: the public screen in the window, and the facilitator's keys.

The scene reads the room's public `state` message only (`room.snapshot_public()`: ROOM and the public
View, which holds no team's orders; game.ui.classroom.public_view refuses any other view), polling it a
few times a second and laying the screen out again only when it changed. It shows the map, the
briefing, the core tracks, each team's status (never what it chose), the timer, the join address and
its QR code; after a resolution the report's headlines with the map and the dashboard moving from before
to after; at the end the debrief. Team codes show in the lobby only, when the facilitator asks (C).

Keys send the facilitator's messages with `room.act(message)`; a refusal's text shows as a toast and
changes nothing. Undo and End ask first (the app's dialog); the timer (T) and the seats (B) open a small
menu that sends nothing until Enter. `run_projector(room, url)` opens the window on this scene.
"""

from __future__ import annotations

import time

import pygame

from game.ai import seat_choices
from game import i18n
from game.i18n import N_, _, content, ngettext
from game.session.words import faction_name, number
from game.ui.app import ACCENT, BACKGROUND, INK, MUTED, PANEL, WARN, App, Scene
from game.ui.board import dashboard_tracks, faction_colours, map_state
from game.ui.briefing import briefing_lines
from game.ui.charts import MARKERS, Series, line_chart
from game.ui.classroom import (STATUS_WORDS, NotPublicError, before_after, between, hint_parts, public_view,
                               spaced, status_text, timer_face, track_histories)
from game.ui.dashboard import Dashboard
from game.ui.map_view import wrap
from game.ui.fit import first_fit, fit_lines, fit_parts, shorten
from game.ui.scenes.play import make_map
from game.ui.scenes.report import headline_charts, headline_parts, headlines, shown

POLL = 0.25  # seconds between two reads of the room's state (and at once after a key's message)
ANIMATION = 2.0  # seconds for the map and the dashboard to go from before the turn to after
KEYFRAMES = 6  # the map is drawn at this many steps of the animation and cross-faded between them
TOAST = 6.0  # seconds a refusal stays on the screen
GREEN = (0, 158, 115)  # Okabe-Ito bluish green: committed
STATUS_INK = {"not joined": MUTED, "choosing": ACCENT, "committed": GREEN, "bot": INK}
TIMER_STEP = 60  # seconds per + or - in the timer menu
TIMER_DEFAULT = 300
MIN_TIMER, MAX_TIMER = 60, 4 * 3600
PHASE_LINES = {"lobby": N_("Waiting for the teams to join"), "orders": N_("The teams are choosing their orders"),
               "report": N_("The turn's report"), "over": N_("The game is over")}


def qr_matrix(url: str) -> list[list[bool]]:
    """The join address's QR modules (True: dark), without the quiet zone."""
    from game.classroom.qr import matrix

    return matrix(url)


def draw_qr(surface: pygame.Surface, rect: pygame.Rect, modules: list[list[bool]]) -> pygame.Rect:
    """The QR code, black on white with its 4-module quiet zone, as big as whole pixels per module allow in
    rect (centred on its top); returns where it went."""
    n = len(modules)
    if not n:
        return pygame.Rect(rect.topleft, (0, 0))
    cell = max(1, min(rect.width, rect.height) // (n + 8))
    side = cell * (n + 8)
    box = pygame.Rect(rect.centerx - side // 2, rect.y, side, side)
    pygame.draw.rect(surface, (255, 255, 255), box)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                surface.fill((0, 0, 0), (box.x + (x + 4) * cell, box.y + (y + 4) * cell, cell, cell))
    return box


class ProjectorScene(Scene):
    """The public screen of a classroom game; the facilitator's keys drive the room."""

    def __init__(self, app, room, url: str = ""):
        super().__init__(app)
        self.room = room
        self.url = url
        self.now = 0.0  # seconds since the scene began (advanced by update, so tests control it)
        self.state: dict | None = None
        self.view = None
        self.rules = None
        self.problem: str | None = None  # a state the screen refused to show, and why
        self.taken = 0.0  # when the state was read (for the timer's countdown)
        self._key: object = None
        self._polled = -POLL
        self.show_codes = False
        self.chart_page = 0  # the debrief's page of charts, when they do not all fit
        self.chart_pages = 1
        self.toast: tuple[str, float] | None = None  # (text, until)
        self.menu: str | None = None  # "timer" or "seats" while one is open
        self.timer_seconds = TIMER_DEFAULT
        self.timer_expiry = "commit"
        self.seat_row = 0
        self.seat_pick: dict[str, int] = {}
        self._seats: dict[str, list[tuple[str, str]]] = {}
        self.map = None
        self.dashboard = None
        self.elapsed = ANIMATION  # the report's animation time (ANIMATION: still)
        self._reports = -1  # how many resolved turns the screen knows of
        self._frames: dict[int, pygame.Surface] = {}
        self._qr: tuple[str, list[list[bool]]] | None = None
        self.refresh()

    # ------------------------------------------------------------------ the room's state

    def refresh(self) -> None:
        """Read the room's public state; lay the screen out again if anything but the clock changed."""
        self._polled = self.now
        state = self.room.snapshot_public()
        room = state["room"]
        timer = dict(room["timer"]) if room.get("timer") else None
        key = (repr({**room, "timer": timer and {**timer, "left": None}}), repr(state.get("public")),
               repr(state.get("debrief")))
        self.taken = self.now
        if key == self._key:
            self.state = state  # the timer's time left
            return
        self._key = key
        try:
            view = public_view(state)
        except (NotPublicError, ValueError) as exc:
            self.problem = _("Not shown: {why}", why=exc)
            self.relayout()
            return
        self.problem = None
        if self.rules is None or self.rules.id != room["scenario"]:
            self.rules = self.app.rules(room["scenario"])
            self.map = make_map(self.app, self.rules)
            self.dashboard = Dashboard(self.app, self.rules)
        self.state, self.view = state, view
        if room["phase"] != "lobby":
            self.show_codes = False  # codes are for the lobby only
        if len(view.history) != self._reports:
            if self._reports >= 0 and len(view.history) > self._reports:
                self.elapsed = 0.0  # a new report: the map moves from before to after
            self._reports = len(view.history)
            self._frames = {}
        self.relayout()

    def relayout(self) -> None:
        """Lay the screen out again (once the app shows this scene; switching to it builds it anyway)."""
        if self.app.scene is self:
            self.app.rebuild()

    @property
    def phase(self) -> str:
        return self.state["room"]["phase"] if self.state else "lobby"

    def act(self, message: dict) -> None:
        """Send a facilitator's message; a refusal shows as a toast. The state is read again at once."""
        error = self.room.act(message)
        if error:
            self.toast = (error, self.now + TOAST)
        else:
            self.toast = None
        self.refresh()

    # ------------------------------------------------------------------ layout

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = px(14)
        self.m = m
        self.header = pygame.Rect(m, m, width - 2 * m, px(66))
        top = self.header.bottom + px(6)
        self.banner_lines: list[str] = []
        banner = self.banner_text()
        if banner:
            self.banner_lines = app.wrap(banner, 20, width - 2 * m - px(24), bold=True)[:2]
            line = app.font(20, True).get_linesize()
            self.banner = pygame.Rect(m, top, width - 2 * m, line * len(self.banner_lines) + px(12))
            top = self.banner.bottom + px(8)
        else:
            self.banner = pygame.Rect(m, top, 0, 0)
        self.footer = pygame.Rect(m, height - m - px(24), width - 2 * m, px(24))
        body = pygame.Rect(m, top, width - 2 * m, self.footer.y - px(6) - top)
        self.body = body
        side_w = max(px(330), int(body.width * 0.36))
        side_w = min(side_w, body.width - px(260))
        self.side = pygame.Rect(body.right - side_w, body.y, side_w, body.height)
        self.main = pygame.Rect(body.x, body.y, body.width - side_w - m, body.height)
        self._frames = {}
        if self.map is not None:
            self.map.text_scale = app.scale
            self.map.patterns = app.settings.patterns
            self.map.legend = True

    def banner_text(self) -> str | None:
        if self.problem:
            return self.problem
        if not self.state:
            return None
        room = self.state["room"]
        message = room.get("message")
        if room.get("paused"):
            if message and message not in ("Paused by the facilitator", _("Paused by the facilitator")):
                return _("Paused — {note}", note=message)
            return _("Paused")
        return message

    # ------------------------------------------------------------------ time

    def update(self, dt: float) -> None:
        self.now += dt
        self.elapsed = min(ANIMATION, self.elapsed + dt)
        if self.now - self._polled >= POLL:
            self.refresh()
        if self.toast and self.now >= self.toast[1]:
            self.toast = None

    def progress(self) -> float:
        t = min(1.0, self.elapsed / ANIMATION)
        return t * t * (3 - 2 * t)  # ease in and out

    # ------------------------------------------------------------------ drawing

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        if self.state is None or self.view is None:
            self.app.text(surface, self.problem or _("Waiting for the classroom…"), 24, surface.get_rect().center,
                          MUTED, anchor="center")
            return
        self.draw_header(surface)
        if self.banner.height:
            pygame.draw.rect(surface, WARN, self.banner, border_radius=self.app.px(4))
            y = self.banner.y + self.app.px(6)
            for line in self.banner_lines:
                self.app.text(surface, line, 20, (self.banner.x + self.app.px(12), y), BACKGROUND, bold=True)
                y += self.app.font(20, True).get_linesize()
        if self.phase == "over":
            self.draw_debrief(surface, self.body)
        elif self.phase == "lobby":
            self.draw_lobby(surface, self.body)
        else:
            self.draw_map(surface, self.main)
            self.draw_side(surface, self.side)
        self.draw_footer(surface)
        if self.menu == "timer":
            self.draw_timer_menu(surface)
        elif self.menu == "seats":
            self.draw_seat_menu(surface)
        if self.toast:
            self.draw_toast(surface, self.toast[0])

    def draw_header(self, surface: pygame.Surface) -> None:
        app, px = self.app, self.app.px
        room, rect = self.state["room"], self.header
        figure, under = timer_face(room, self.now - self.taken) if room["phase"] != "over" else ("", "")
        timer_w = 0
        if figure or under:
            timer_w = max(app.font(44, True).size(figure or "0:00")[0], app.font(15).size(under)[0]) + px(8)
            colour = WARN if room.get("paused") else INK
            app.text(surface, figure, 44, (rect.right, rect.y - px(6)), colour, anchor="topright", bold=True)
            app.text(surface, under, 15, (rect.right, rect.bottom), MUTED, anchor="bottomright")
        room_w = rect.width - timer_w - px(16)
        app.text(surface, first_fit(app, [room["title"], content.name(self.rules, self.rules.id, "title")], room_w, 26,
                                   True),
                 26, rect.topleft, bold=True)
        turn, label = min(room["turn"], room["n_turns"]), room["label"]
        if room["phase"] in ("report", "over") and self.view.history:
            turn, label = self.view.history[-1].turn, self.view.history[-1].label  # the turn just resolved
        where = _("Turn {k} of {n} · {label}", k=turn, n=room["n_turns"], label=label)
        phase = _(PHASE_LINES[room["phase"]]) if room["phase"] in PHASE_LINES else room["phase"]
        app.text(surface, first_fit(app, [_("{where} · {phase}", where=where, phase=phase), where], room_w, 20), 20,
                 (rect.x, rect.bottom), MUTED, anchor="bottomleft")

    def draw_footer(self, surface: pygame.Surface) -> None:
        room = self.state["room"]
        parts = hint_parts(room["phase"], bool(room.get("paused")), self.show_codes)
        text = fit_parts(self.app, parts, self.footer.width, 15)
        self.app.text(surface, text, 15, self.footer.midleft, MUTED, anchor="midleft")

    def draw_toast(self, surface: pygame.Surface, text: str) -> None:
        app, px = self.app, self.app.px
        width = min(self.footer.width, px(760))
        lines = app.wrap(text, 18, width - px(24))[:3]
        step = app.font(18).get_linesize()
        box = pygame.Rect(0, 0, width, step * len(lines) + px(16))
        box.midbottom = (surface.get_width() // 2, self.footer.y - px(8))
        pygame.draw.rect(surface, (60, 20, 10), box, border_radius=px(6))
        pygame.draw.rect(surface, WARN, box, width=px(2), border_radius=px(6))
        for k, line in enumerate(lines):
            app.text(surface, line, 18, (box.x + px(12), box.y + px(8) + k * step), INK)

    # ---- the map

    def draw_map(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        if self.map is None or rect.width < 20 or rect.height < 20:
            return
        if self.phase == "report" and self.elapsed < ANIMATION:
            t = self.progress() * KEYFRAMES
            low = int(t)
            surface.blit(self._keyframe(low, rect), rect)
            if low < KEYFRAMES:
                top = self._keyframe(low + 1, rect)
                top.set_alpha(round(255 * (t - low)))
                surface.blit(top, rect)
                top.set_alpha(None)
            return
        state = map_state(self.rules, self.view.tracks)
        self.map.set_fills(state.fills)
        self.map.set_tensions(state.tensions)
        self.map.draw(surface, rect)

    def _keyframe(self, k: int, rect: pygame.Rect) -> pygame.Surface:
        """The map k/KEYFRAMES of the way from before the last turn to after it (drawn once per report)."""
        if k not in self._frames or self._frames[k].get_size() != rect.size:
            before, after = before_after(self.view)
            state = map_state(self.rules, between(before, after, k / KEYFRAMES))
            self.map.set_fills(state.fills)
            self.map.set_tensions(state.tensions)
            self.map.layout(rect)
            self._frames[k] = self.map.render(rect.size, like=self.app.screen)
        return self._frames[k]

    # ---- the side column

    def draw_lobby(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Before the start: the join address and a big QR code on the left; the teams (with their codes, when
        shown) and the first turn's briefing on the right."""
        px = self.app.px
        left = pygame.Rect(rect.x, rect.y, (rect.width - self.m) // 2, rect.height)
        right = pygame.Rect(left.right + self.m, rect.y, rect.right - left.right - self.m, rect.height)
        self.draw_join(surface, left, big=True)
        y = self.draw_teams(surface, right)
        if right.bottom - y >= px(80):
            self.draw_briefing(surface, pygame.Rect(right.x, y + px(6), right.width, right.bottom - y - px(6)))

    def draw_side(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        app, px = self.app, self.app.px
        y = rect.y
        if self.phase == "report":
            room = rect.height
            if self.dashboard is not None and rect.height >= px(420):
                room = rect.height - self.dashboard.headline_height(rect.width) - px(8)
            y = self.draw_headlines(surface, pygame.Rect(rect.x, y, rect.width, room))
        else:
            y = self.draw_teams(surface, pygame.Rect(rect.x, y, rect.width, rect.height))
            y = self.draw_briefing(surface, pygame.Rect(rect.x, y, rect.width, rect.height // 3))
        rest = pygame.Rect(rect.x, y + px(6), rect.width, rect.bottom - y - px(6))
        join_h = px(96)
        if rest.height >= join_h + px(120):
            self.draw_join(surface, pygame.Rect(rest.x, rest.bottom - join_h, rest.width, join_h), big=False)
            rest.height -= join_h + px(8)
        if self.dashboard is not None and rest.height >= self.dashboard.headline_height(rest.width):
            self.draw_dashboard(surface, rest)

    def heading(self, surface: pygame.Surface, text: str, x: int, y: int) -> int:
        rect = self.app.text(surface, text, 20, (x, y), ACCENT, bold=True)
        return rect.bottom + self.app.px(2)

    def draw_teams(self, surface: pygame.Surface, rect: pygame.Rect) -> int:
        """Each team's name and status (and its code, in the lobby, when asked); returns the bottom."""
        app, px = self.app, self.app.px
        room = self.state["room"]
        y = self.heading(surface, _("Teams"), rect.x, rect.y)
        step = app.font(22, True).get_linesize() + px(4)
        labels = {}
        for faction, team in room["teams"].items():
            if y + step > rect.bottom:
                break
            if team["status"] == "bot":
                labels = dict(self.seat_options(faction))
            colour = tuple(int(team["colour"][k:k + 2], 16) for k in (1, 3, 5))
            swatch = pygame.Rect(rect.x, y + step // 2 - px(9), px(18), px(18))
            pygame.draw.rect(surface, colour, swatch, border_radius=px(3))
            ink = STATUS_INK.get(team["status"], INK)
            if room["phase"] == "lobby" and team["status"] != "not joined" and team["status"] != "bot":
                ink = GREEN
            name_w = min(app.font(22, True).size(team["name"])[0], rect.width - px(26) - rect.width // 3)
            name = app.text(surface, shorten(app, team["name"], name_w, 22, True), 22,
                            (swatch.right + px(8), y + step // 2), INK, anchor="midleft", bold=True)
            variants = [status_text(room["phase"], team, labels.get(team["seat"])),
                        status_text(room["phase"], {**team, "devices": 0}, labels.get(team["seat"])),
                        _(STATUS_WORDS[team["status"]]) if team["status"] in STATUS_WORDS else team["status"]]
            status = first_fit(app, variants, rect.right - name.right - px(12), 20)
            app.text(surface, status, 20, (rect.right, y + step // 2), ink, anchor="midright")
            y += step
            if self.show_codes and room["phase"] == "lobby":
                code = self.codes().get(faction)
                if code and y + step <= rect.bottom:
                    app.text(surface, f"code  {spaced(code)}", 24, (swatch.right + px(8), y + step // 2), WARN,
                             anchor="midleft", bold=True)
                    y += step
        return y + px(6)

    def codes(self) -> dict[str, str]:
        """The teams' join codes (not the facilitator's), read from the room only when the facilitator shows them."""
        codes = getattr(self.room, "codes", None)
        by_role = codes.to_json() if codes is not None else {}
        return {f: c for f, c in by_role.items() if f in self.state["room"]["teams"]}

    def draw_join(self, surface: pygame.Surface, rect: pygame.Rect, big: bool) -> int:
        """The join address and its QR code (big in the lobby, small beside the address later); returns the bottom."""
        app, px = self.app, self.app.px
        url = self.state["room"].get("join_url") or self.url
        if not url:
            return rect.y
        if self._qr is None or self._qr[0] != url:
            self._qr = (url, qr_matrix(url))
        modules = self._qr[1]
        if big:
            y = self.heading(surface, _("Join the game"), rect.x, rect.y)
            size = next((size for size in (30, 26, 22, 18) if app.font(size, True).size(url)[0] <= rect.width), 18)
            for line in wrap(app.font(size, True), url, rect.width)[:3]:  # an address too long is cut, not hidden
                y = app.text(surface, line, size, (rect.x, y), INK, bold=True).bottom
            for line in app.wrap(_("Open it on a phone, tablet or laptop and type your team's code."), 18, rect.width):
                y = app.text(surface, line, 18, (rect.x, y), MUTED).bottom
            y += px(10)
            side = min(rect.width, rect.bottom - y)
            box = draw_qr(surface, pygame.Rect(rect.x, y, side, side), modules)
            return box.bottom + px(12)
        side = rect.height
        box = draw_qr(surface, pygame.Rect(rect.x, rect.y, side, side), modules)
        x = box.right + px(12)
        room = rect.right - x
        app.text(surface, _("Join at"), 15, (x, rect.y + px(6)), MUTED)
        lines = wrap(app.font(20, True), url, room)[:2]
        for k, line in enumerate(lines):
            app.text(surface, line, 20,
                     (x, rect.y + px(26) + k * app.font(20, True).get_linesize()), INK, bold=True)
        return rect.bottom

    def draw_briefing(self, surface: pygame.Surface, rect: pygame.Rect) -> int:
        """The turn's briefing (event, what it will do, what is next, a change of government); returns the bottom."""
        app, px = self.app, self.app.px
        lines = briefing_lines(self.view.briefing)
        y = self.heading(surface, _("Briefing"), rect.x, rect.y)
        step = app.font(17).get_linesize()
        wrapped: list[tuple[str, tuple]] = []
        for line in lines or []:
            for text in app.wrap(_("{label}: {text}", label=line.label, text=shown(self.rules, line.text)), 17,
                                 rect.width):
                wrapped.append((text, WARN if line.warn else INK))
        if not wrapped:
            wrapped = [(_("No event this turn"), MUTED)]
        room = max(1, (rect.bottom - y) // step)
        if len(wrapped) > room:
            wrapped = wrapped[:room]
            wrapped[-1] = (shorten(app, wrapped[-1][0] + " …", rect.width, 17), wrapped[-1][1])
        for text, ink in wrapped:
            app.text(surface, text, 17, (rect.x, y), ink)
            y += step
        return y + px(6)

    def draw_headlines(self, surface: pygame.Surface, rect: pygame.Rect) -> int:
        """The report's headline summary, each with its coloured kind tag, as many as fit; returns the bottom."""
        app, px = self.app, self.app.px
        report = self.view.history[-1] if self.view.history else None
        y = self.heading(surface, _("Report: {turn}", turn=report.label) if report else _("Report"), rect.x, rect.y)
        if report is None:
            return y
        step = app.font(18).get_linesize()
        items = headlines(self.rules, report)
        for n, item in enumerate(items):
            word, colour, text = headline_parts(item)
            ink = tuple(int(colour[k:k + 2], 16) for k in (1, 3, 5))
            tag_w = app.font(16, True).size(word)[0] + px(10)
            lines = app.wrap(text, 18, rect.width - tag_w)
            room = (rect.bottom - y) // step - (1 if n + 1 < len(items) else 0)  # a line for "and N more"
            if len(lines) > room:
                if room >= 1 and n == 0:  # the first headline always shows, shortened to the room there is
                    lines = fit_lines(app, text, rect.width - tag_w, 18, most=room)
                else:
                    if y + step <= rect.bottom:
                        app.text(surface, _("and {n} more in the teams' reports", n=len(items) - n), 16,
                                 (rect.x, y), MUTED)
                        y += step
                    break
            app.text(surface, word, 16, (rect.x, y + px(2)), ink, bold=True)
            for line in lines:
                app.text(surface, line, 18, (rect.x + tag_w, y), INK)
                y += step
            y += px(3)
        return y + px(6)

    def draw_dashboard(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The core tracks: the dashboard's headline measures and the seas' tension (moving with the map)."""
        headline = dashboard_tracks(self.rules)[0]
        tension = [t.id for t in self.rules.tracks if t.group == "tension"]
        shown_tracks = [t for t in headline + tension if t in self.view.tracks]
        before, after = before_after(self.view)
        t = self.progress() if self.phase == "report" else 1.0
        values = between({k: before[k] for k in shown_tracks}, {k: after[k] for k in shown_tracks}, t)
        histories = track_histories(self.view, shown_tracks)
        if t < 1:
            for k in histories:
                histories[k] = histories[k][:-1] + [values[k]]
        changes = {}
        if self.phase == "report" and self.view.history:
            changes = {c.track: c.delta * t for c in self.view.history[-1].changes if c.track in values}
        rows, note = self.dashboard.layout(rect, set(values))
        if rows and note is None:  # every row shows: the panel ends under them (room kept for the note line)
            bottom = max(row.rect.bottom for row in rows) + self.app.px(26)
            rect = pygame.Rect(rect.x, rect.y, rect.width, min(rect.height, bottom - rect.y))
        self.dashboard.draw(surface, rect, values, histories, changes)

    # ---- the debrief

    def draw_debrief(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The outcome and the final scores beside the core measures' charts over the whole game."""
        app, px = self.app, self.app.px
        view, rules = self.view, self.rules
        facts = (self.state or {}).get("debrief")
        text_w = max(px(320), int(rect.width * 0.36))
        text = pygame.Rect(rect.right - text_w, rect.y, text_w, rect.height)
        charts = pygame.Rect(rect.x, rect.y, rect.width - text_w - self.m, rect.height)
        y = text.y
        ranked = sorted(view.scores, key=lambda f: -view.scores[f])
        if facts and facts.get("outcome"):
            outcome = shown(rules, facts["outcome"])
        elif view.status == "war":
            outcome = _("The game ended in war: every faction loses")
        else:
            outcome = _("Final scores")
        for line in app.wrap(outcome, 26, text.width, bold=True)[:3]:
            y = app.text(surface, line, 26, (text.x, y), INK, bold=True).bottom
        y += px(8)
        colours = faction_colours(rules)
        step = app.font(22, True).get_linesize()
        for faction in ranked:
            pygame.draw.rect(surface, colours.get(faction, INK),
                             (text.x, y + step // 2 - px(9), px(18), px(18)), border_radius=px(3))
            points = app.text(surface, _("{points} points", points=number(view.scores[faction])), 22, (text.right, y + step // 2),
                              INK, anchor="midright")
            name = f"{view.rank.get(faction, '')}  {faction_name(rules, faction)}"
            app.text(surface, shorten(app, name, points.x - text.x - px(38), 22, True), 22,
                     (text.x + px(26), y + step // 2), INK, anchor="midleft", bold=True)
            y += step
        y += px(10)
        lines: list[tuple[str, bool]] = []
        if facts and facts.get("causes"):
            lines.append((_("What decided the game"), True))
            lines += [(f"· {shown(rules, c)}", False) for c in facts["causes"]]
        events = [(r.label, item.text) for r in view.history for item in r.summary
                  if item.kind in ("government", "crisis", "war")]
        if facts and facts.get("key_events") is not None:
            events = [(e["label"], _("Crisis: {event}", event=e["text"]) if e["kind"] == "crisis" else e["text"])
                      for e in facts["key_events"]]
        lines.append((_("Key events"), True))
        lines += [("· " + _("{label}: {text}", label=label, text=shown(rules, t)), False) for label, t in events] or [
            (_("No change of government, crisis or war."), False)]
        small = app.font(17).get_linesize()
        for line, bold in lines:
            for part in app.wrap(line, 17, text.width, bold):
                if y + small > text.bottom:
                    break
                app.text(surface, part, 17, (text.x, y), ACCENT if bold else INK, bold=bold)
                y += small
        self.draw_charts(surface, charts)

    def draw_charts(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        app, px = self.app, self.app.px
        groups = headline_charts(self.rules)
        if not groups or rect.width < px(120):
            return
        gap = px(10)
        columns = 2 if rect.width >= 2 * px(300) and len(groups) > 1 else 1
        rows = -(-len(groups) // columns)
        while rows > 1 and (rect.height - gap * (rows - 1)) // rows < px(160):
            rows -= 1
        per_page = rows * columns
        pages = -(-len(groups) // per_page)
        self.chart_pages = pages
        page = self.chart_page % pages
        if pages > 1:  # a big scale on a small window: a page of charts at a time, Left/Right for the others
            note = _("Charts {k} of {n} · Left/Right: the others", k=page + 1, n=pages)
            self.app.text(surface, shorten(app, note, rect.width, 15), 15, rect.bottomleft, MUTED, anchor="bottomleft")
            rect = pygame.Rect(rect.x, rect.y, rect.width, rect.height - px(24))
        groups = groups[page * per_page:(page + 1) * per_page]
        w, h = (rect.width - gap * (columns - 1)) // columns, (rect.height - gap * (rows - 1)) // rows
        colours = faction_colours(self.rules)
        palette = [(86, 180, 233), (230, 159, 0), (0, 158, 115), (240, 228, 66), (213, 94, 0)]
        histories = track_histories(self.view, [t for _title, ts in groups for t in ts])
        font = app.font(14)
        for n, (title, tracks) in enumerate(groups):
            cell = pygame.Rect(rect.x + (n % columns) * (w + gap), rect.y + (n // columns) * (h + gap), w, h)
            pygame.draw.rect(surface, PANEL, cell, border_radius=px(4))
            series = []
            for k, track in enumerate(t for t in tracks if t in histories):
                owner = track.split(".")[0]
                colour = colours[owner] if owner in colours and track.endswith("influence") else palette[k % 5]
                series.append(Series(shown(self.rules, self.track_name(track)), histories[track], colour,
                                     MARKERS[k % len(MARKERS)], dashed=k % 2 == 1))
            app.drawn += line_chart(surface, cell.inflate(-px(8), -px(8)), title, series, font)

    def track_name(self, track: str) -> str:
        from game.session.words import track_name

        return track_name(self.rules, track)

    # ---- the menus

    def panel(self, surface: pygame.Surface, width: int, lines: int) -> pygame.Rect:
        px = self.app.px
        box = pygame.Rect(0, 0, min(surface.get_width() - 2 * self.m, width),
                          px(56) + lines * self.app.font(20).get_linesize() + px(20))
        box.center = surface.get_rect().center
        pygame.draw.rect(surface, PANEL, box, border_radius=px(6))
        pygame.draw.rect(surface, ACCENT, box, width=px(2), border_radius=px(6))
        return box

    def draw_timer_menu(self, surface: pygame.Surface) -> None:
        app, px = self.app, self.app.px
        box = self.panel(surface, px(640), 5)
        x, y = box.x + px(20), box.y + px(16)
        app.text(surface, _("Turn timer"), 24, (x, y), bold=True)
        y += px(44)
        step = app.font(20).get_linesize()
        figure = (_("no timer") if self.timer_seconds is None
                  else ngettext("{n} minute a turn", "{n} minutes a turn", self.timer_seconds // 60))
        expiry = {"commit": _("each team's orders so far are committed"),
                  "bot": _("a bot plays each team that has not committed")}[self.timer_expiry]
        width = box.width - px(40)
        for text, ink, bold in ((figure, INK, True),
                                (shorten(app, _("When time is up: {expiry}", expiry=expiry), width, 20), INK, False),
                                ("", INK, False),
                                (first_fit(app, [_("+ and -: a minute more or less · 0: no timer · O: when time is up"),
                                                 _("+/-: minutes · 0: none · O: on expiry")], width, 20), MUTED, False)):
            app.text(surface, text, 20, (x, y), ink, bold=bold)
            y += step
        keys = [_("Enter: set the timer · Esc: leave it as it is"), _("Enter: set · Esc: cancel")]
        app.text(surface, first_fit(app, keys, width, 20), 20, (x, y), ACCENT)

    def seat_options(self, faction: str) -> list[tuple[str, str]]:
        """Who may take a faction's seat, as (spec, label): the team first, then every bot (asked once)."""
        if faction not in self._seats:
            self._seats[faction] = [("human", _("the team"))] + seat_choices(self.rules, faction)
        return self._seats[faction]

    def draw_seat_menu(self, surface: pygame.Surface) -> None:
        app, px = self.app, self.app.px
        teams = self.state["room"]["teams"]
        box = self.panel(surface, px(720), len(teams) + 2)
        x, y = box.x + px(20), box.y + px(16)
        app.text(surface, _("Who plays each team"), 24, (x, y), bold=True)
        y += px(44)
        step = app.font(20).get_linesize()
        width = box.width - px(40)
        for k, (faction, team) in enumerate(teams.items()):
            options = self.seat_options(faction)
            pick = self.seat_pick.get(faction, self.seat_index(faction))
            label = options[pick][1]
            mark = "> " if k == self.seat_row else "   "
            ink = ACCENT if k == self.seat_row else INK
            line = (_("{team}: {seat} (now)", team=team["name"], seat=label) if options[pick][0] == team["seat"]
                    else _("{team}: {seat}", team=team["name"], seat=label))
            app.text(surface, shorten(app, mark + line, width, 20), 20, (x, y), ink,
                     bold=k == self.seat_row)
            y += step
        y += step // 2
        app.text(surface, first_fit(app, [_("Up/Down or B: team · Left/Right: who · Enter: seat · Esc: close"),
                                          _("B: team · Left/Right: who · Enter · Esc")], width, 18), 18, (x, y), MUTED)

    def seat_index(self, faction: str) -> int:
        seat = self.state["room"]["teams"][faction]["seat"]
        specs = [spec for spec, _ in self.seat_options(faction)]
        return specs.index(seat) if seat in specs else 0

    # ------------------------------------------------------------------ keys

    def handle(self, event: pygame.event.Event) -> None:
        if self.dashboard is not None:
            self.dashboard.handle(event)
        if event.type != pygame.KEYDOWN or self.state is None:
            return
        if self.menu == "timer":
            self.timer_key(event)
            return
        if self.menu == "seats":
            self.seat_key(event)
            return
        key, room = event.key, self.state["room"]
        if key == pygame.K_s:
            self.start()
        elif key == pygame.K_n:
            self.act({"type": "next"})
        elif key == pygame.K_p:
            self.act({"type": "resume" if room.get("paused") else "pause"})
        elif key == pygame.K_t:
            timer = room.get("timer")
            self.timer_seconds = int(timer["seconds"]) if timer else TIMER_DEFAULT
            self.timer_expiry = timer["on_expiry"] if timer else "commit"
            self.menu = "timer"
        elif key == pygame.K_b:
            self.menu, self.seat_row, self.seat_pick = "seats", 0, {}
        elif key == pygame.K_u:
            self.undo_turn()
        elif key == pygame.K_e:
            self.end()
        elif key in (pygame.K_LEFT, pygame.K_RIGHT) and room["phase"] == "over":
            self.chart_page = (self.chart_page + (1 if key == pygame.K_RIGHT else -1)) % self.chart_pages
        elif key == pygame.K_l and self.map is not None:
            self.map.toggle_legend()
            self._frames = {}
        elif key == pygame.K_c:
            if room["phase"] != "lobby":
                self.toast = (_("Codes show only in the lobby: the projector is public once the game runs."),
                              self.now + TOAST)
            else:
                self.show_codes = not self.show_codes

    def start(self) -> None:
        room = self.state["room"]
        absent = [t["name"] for t in room["teams"].values() if t["status"] == "not joined"]
        if room["phase"] != "lobby" or not absent:
            self.act({"type": "start"})
            return
        text = ngettext("No device has joined for {names}: a bot will play it. You can hand a seat back with B.",
                        "No device has joined for {names}: a bot will play them. You can hand a seat back with B.",
                        len(absent), names=", ".join(absent))
        self.app.ask(_("Start the game?"), text, _("Start"), _("Wait"), lambda: self.act({"type": "start"}))

    def undo_turn(self) -> None:
        if not self.view.history:
            self.act({"type": "undo_turn"})  # nothing to take back: the room says so
            return
        last = self.view.history[-1]
        self.app.ask(_("Take back the last turn?"),
                     _("{label} (turn {k}) is undone on every screen: its orders go back to the teams as pending, "
                       "uncommitted.", label=last.label, k=last.turn), _("Undo the turn"), _("Keep it"),
                     lambda: self.act({"type": "undo_turn"}))

    def end(self) -> None:
        if self.phase == "over":
            self.act({"type": "end"})  # the room says it is over already
            return
        self.app.ask(_("End the game now?"), _("Every screen shows the debrief. The turns resolved so far are kept; "
                                               "U can take back the last one."), _("End the game"), _("Keep playing"),
                     lambda: self.act({"type": "end"}))

    def timer_key(self, event: pygame.event.Event) -> None:
        key = event.key
        if key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS, pygame.K_UP, pygame.K_RIGHT):
            self.timer_seconds = min(MAX_TIMER, (self.timer_seconds or 0) + TIMER_STEP)
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS, pygame.K_DOWN, pygame.K_LEFT):
            if self.timer_seconds is not None:
                self.timer_seconds = max(MIN_TIMER, self.timer_seconds - TIMER_STEP)
        elif key in (pygame.K_0, pygame.K_KP0):
            self.timer_seconds = None
        elif key == pygame.K_o:
            self.timer_expiry = "bot" if self.timer_expiry == "commit" else "commit"
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.menu = None
            self.act({"type": "timer", "seconds": self.timer_seconds, "on_expiry": self.timer_expiry})
        elif key == pygame.K_t:
            self.menu = None

    def seat_key(self, event: pygame.event.Event) -> None:
        teams = list(self.state["room"]["teams"])
        key, faction = event.key, teams[self.seat_row]
        options = self.seat_options(faction)
        pick = self.seat_pick.get(faction, self.seat_index(faction))
        if key in (pygame.K_DOWN, pygame.K_b, pygame.K_TAB):
            self.seat_row = (self.seat_row + 1) % len(teams)
        elif key == pygame.K_UP:
            self.seat_row = (self.seat_row - 1) % len(teams)
        elif key in (pygame.K_RIGHT, pygame.K_SPACE):
            self.seat_pick[faction] = (pick + 1) % len(options)
        elif key == pygame.K_LEFT:
            self.seat_pick[faction] = (pick - 1) % len(options)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            who = options[pick][0]
            if who == self.state["room"]["teams"][faction]["seat"]:
                self.toast = (_("{team} is already played by {seat}", team=self.state["room"]["teams"][faction]["name"],
                                seat=options[pick][1]), self.now + TOAST)
                return
            self.seat_pick.pop(faction, None)
            self.act({"type": "seat", "faction": faction, "who": who})

    def back(self) -> None:
        """Esc: closes an open menu; else asks before closing the projector."""
        if self.menu is not None:
            self.menu = None
            return
        self.app.quit()

    def leave_warning(self) -> str | None:
        return _("Closing the projector stops the classroom: the teams' pages lose their connection. The game is in "
                 "the classroom's autosave; python main.py classroom --resume carries on with the same codes.")


def run_projector(room, url: str, max_frames: int | None = None, size: tuple[int, int] | None = None,
                  store=None, lang: str | None = None) -> int:
    """Open the window on the classroom's public screen and run until it is closed (the caller's server keeps
    running in its own thread meanwhile). `lang` is `--lang` (None: the settings' language, else the system's)."""
    app = App(store=store, size=size, lang=lang)
    try:
        with i18n.use(app.language):
            app.switch(ProjectorScene(app, room, url))
            pygame.display.set_caption(_("Pacific Trilemma — classroom — {url}", url=url) if url
                                       else _("Pacific Trilemma — classroom"))
        return app.run(max_frames)
    finally:
        pygame.quit()
