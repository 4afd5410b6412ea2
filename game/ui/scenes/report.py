"""After a turn: the report (every order revealed, every change with its causes and sources, animated on
the map and the dashboard); after the last turn: the debrief (scores, charts of every track, a timeline
of each faction's decisions and their biggest consequences)."""

from __future__ import annotations

from collections import defaultdict
from html import escape

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.session.report import TurnReport
from game.ui.app import BACKGROUND, PANEL, Scene
from game.ui.board import (faction_colours, faction_names, history, map_state, order_label, start_values,
                            track_name)
from game.ui.charts import MARKERS, Series, line_chart
from game.ui.dashboard import Dashboard
from game.ui.fit import first_fit, scroll_text, text_width
from game.ui.flow import HotSeat
from game.ui.scenes.play import advance, make_map, save_game

ANIMATION = 1.2  # seconds for the map and the dashboard to go from before to after
TEXT_KEYS = {pygame.K_UP: -0.25, pygame.K_DOWN: 0.25, pygame.K_PAGEUP: -1, pygame.K_PAGEDOWN: 1}  # scroll text
CAUSES_SHOWN = 4  # causes listed per track change (the largest)
GROUP_TITLES = {"core": "Politics, economy and power", "influence": "Influence by region", "channel": "Influence channels",
                "institution": "Institutions", "membership": "Memberships"}


def report_html(rules, report: TurnReport) -> str:
    """The whole report as pygame_gui HTML: orders, events, notes, then every change with causes and sources."""
    names = faction_names(rules)
    out = ["<b>Orders</b>"]
    for faction, orders in report.orders.items():
        given = ", ".join(escape(order_label(rules, o)) for o in orders) or "no orders"
        reason = report.bot_reasons.get(faction)
        out.append(f"<b>{names[faction]}:</b> {given}" + (f" <i>(bot: {escape(reason)})</i>" if reason else ""))
    for label, event in (("Event", report.event), *(("Triggered", e) for e in report.triggered)):
        if event is not None:
            out.append(f"<br><b>{label}: {escape(event.name)}</b> — {escape(event.text)} "
                       f"<i>({', '.join(event.sources)})</i>")
    if report.war:
        out.append("<br><font color='#E69F00'><b>War. The game is over and everyone loses.</b></font>")
    for note in report.notes:
        out.append(f"<i>{escape(note)}</i>")
    out.append("<br><b>What changed, and why</b>")
    changes = sorted(report.changes, key=lambda c: (rules.tracks[rules.track_index[c.track]].group != "core",
                                                    -abs(c.delta)))
    for change in changes:
        if abs(change.delta) < 0.05:
            continue
        causes = sorted(change.causes, key=lambda c: -abs(c.amount))[:CAUSES_SHOWN]
        why = "; ".join(f"{escape(c.cause)} {c.amount:+.1f}" + (f" [{', '.join(c.sources)}]" if c.sources else "")
                        for c in causes)
        more = len(change.causes) - len(causes)
        out.append(f"<b>{escape(change.name)}</b> {change.before:.1f} to {change.after:.1f} "
                   f"({change.delta:+.1f}): {why}" + (f"; and {more} more" if more > 0 else ""))
    return "<br>".join(out)


class ReportScene(Scene):
    """The turn just resolved, for everyone at the screen."""

    def __init__(self, app, flow: HotSeat):
        super().__init__(app)
        self.flow = flow
        self.rules = flow.game.rules
        self.report = flow.step.report
        self.map = make_map(app, self.rules)
        self.dashboard = Dashboard(app, self.rules)
        self.elapsed = 0.0
        self.message: str | None = None
        record = flow.game.history[-1]
        self.after = {t.id: float(v) for t, v in zip(self.rules.tracks, record.x)}
        self.before = dict(self.after)
        for change in self.report.changes:
            self.before[change.track] = change.before
        self.start = start_values(self.rules, flow.game.seed)
        self._maps: dict[str, pygame.Surface] = {}

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = px(12)
        game = self.flow.game
        status = " — the game is over" if game.is_over else ""
        bh = px(44)
        label = "Debrief (Space)" if game.is_over else "Continue (Space)"
        bw = text_width(app, label, bold=True) + px(32)
        self.next_button = UIButton(pygame.Rect(width - m - bw, m, bw, bh), label, app.manager,
                                    object_id=ObjectID(class_id="@primary"))
        sw = text_width(app, "Save (Ctrl+S)") + px(32)
        self.save_button = UIButton(pygame.Rect(width - m - bw - px(8) - sw, m, sw, bh), "Save (Ctrl+S)",
                                    app.manager)
        room = self.save_button.rect.x - px(12) - m
        turn = f"{self.report.label} (turn {self.report.turn} of {self.rules.n_turns})"
        UILabel(pygame.Rect(m, m, room, px(36)),
                first_fit(app, [f"Report: {turn}{status}", f"Report: {turn}", turn,
                                f"{self.report.label}, {self.report.turn}/{self.rules.n_turns}"], room, 24, bold=True),
                app.manager, object_id=ObjectID(class_id="@heading"))
        top = m + px(56)
        left_w = min(width // 2, max(px(420), int(width * 0.45)))
        text = "<font color='#AEB8CC'>Up/Down, PgUp/PgDn: scroll · [ and ]: more dashboard rows</font><br>" + \
            report_html(self.rules, self.report)
        if self.message:
            text = f"<font color='#E69F00'>{escape(self.message)}</font><br>" + text
        if self.flow.save_problem:
            text = f"<font color='#E69F00'>Autosave failed: {escape(self.flow.save_problem)}</font><br>" + text
        self.text_box = UITextBox(text, pygame.Rect(m, top, left_w, height - top - m), app.manager)
        right = pygame.Rect(2 * m + left_w, top, width - left_w - 3 * m, height - top - m)
        dash_h = min(px(30) * 8 + px(12), right.height // 2)
        self.map_rect = pygame.Rect(right.x, right.y, right.width, right.height - dash_h - m)
        self.dash_rect = pygame.Rect(right.x, self.map_rect.bottom + m, right.width, dash_h)
        self._maps = {}
        if self.map is not None:
            self.map.patterns = app.settings.patterns
            self.map.legend = True

    def _map_surface(self, which: str, size: tuple[int, int]) -> pygame.Surface:
        """The map before or after the turn, rendered once per layout (cross-faded while animating)."""
        if which not in self._maps or self._maps[which].get_size() != size:
            state = map_state(self.rules, self.before if which == "before" else self.after)
            self.map.set_fills(state.fills)
            self.map.set_tensions(state.tensions)
            self.map.layout(pygame.Rect((0, 0), size))
            self._maps[which] = self.map.render(size, like=self.app.screen)
        return self._maps[which]

    def update(self, dt: float) -> None:
        self.elapsed += dt

    def progress(self) -> float:
        t = min(1.0, self.elapsed / ANIMATION)
        return t * t * (3 - 2 * t)  # ease in and out

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        t = self.progress()
        if self.map is not None:
            after = self._map_surface("after", self.map_rect.size)
            if t < 1:
                before = self._map_surface("before", self.map_rect.size)
                surface.blit(before, self.map_rect)
                after.set_alpha(round(255 * t))
                surface.blit(after, self.map_rect)
                after.set_alpha(None)
            else:
                surface.blit(after, self.map_rect)
        values = {k: self.before[k] + (self.after[k] - self.before[k]) * t for k in self.after}
        tracks = set(self.dashboard.headline) | set(self.dashboard.support)
        histories = {k: history(self.rules, self.start, self.flow.game.history, k) for k in tracks}
        if t < 1:
            for k in histories:
                histories[k] = histories[k][:-1] + [values[k]]
        changes = {c.track: c.delta * t for c in self.report.changes}
        self.dashboard.draw(surface, self.dash_rect, values, histories, changes)

    def next(self) -> None:
        if self.elapsed < ANIMATION:
            self.elapsed = ANIMATION  # the first press finishes the animation
            return
        advance(self.app, self.flow)

    def handle(self, event: pygame.event.Event) -> None:
        self.dashboard.handle(event)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.next_button:
                self.elapsed = ANIMATION
                advance(self.app, self.flow)
            elif event.ui_element is self.save_button:
                self.save()
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER):
                self.next()
            elif event.key == pygame.K_s and event.mod & pygame.KMOD_CTRL:
                self.save()
            elif event.key in TEXT_KEYS:
                scroll_text(self.text_box, TEXT_KEYS[event.key])

    def save(self) -> None:
        self.message = save_game(self.app, self.flow)
        self.app.rebuild()


# ------------------------------------------------------------------------------------------ debrief


def timeline_html(rules, reports: list[TurnReport], biggest: int = 3) -> str:
    """Per turn and faction: the orders, then the largest changes those orders caused."""
    names = faction_names(rules)
    out = []
    for report in reports:
        out.append(f"<b>{report.label}</b>" + (f" — event: {escape(report.event.name)}" if report.event else ""))
        by_faction: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for change in report.changes:
            for cause in change.causes:
                if cause.kind == "order" and cause.faction:
                    by_faction[cause.faction][change.name] += cause.amount
        for faction, orders in report.orders.items():
            given = ", ".join(escape(order_label(rules, o)) for o in orders) or "no orders"
            effects = sorted(by_faction[faction].items(), key=lambda kv: -abs(kv[1]))[:biggest]
            shown = "; ".join(f"{escape(name)} {amount:+.1f}" for name, amount in effects)
            out.append(f"  {names[faction]}: {given}" + (f" <i>— {shown}</i>" if shown else ""))
        if report.war:
            out.append("<font color='#E69F00'>War broke out.</font>")
    return "<br>".join(out)


class DebriefScene(Scene):
    """Scores and winner, charts of every track over the game, and the decisions' timeline."""

    def __init__(self, app, flow: HotSeat):
        super().__init__(app)
        self.flow = flow
        self.game = flow.game
        self.rules = flow.game.rules
        self.start = start_values(self.rules, self.game.seed)
        self.page = 0
        self.message: str | None = None
        self.charts = self._chart_groups()

    def _chart_groups(self) -> list[tuple[str, list[str]]]:
        """Charts as (title, tracks): the core measures first, then every other track, a few per chart."""
        rules = self.rules
        names = [t.id for t in rules.tracks]
        groups = [("Alliance and Japanese stability", [t for t in ("alliance", "jp.stability") if t in names]),
                  ("Regional influence", [t for t in ("us.influence", "jp.influence", "cn.influence") if t in names]),
                  ("Sea tension", [t.id for t in rules.tracks if t.group == "tension"])]
        used = {t for _, ts in groups for t in ts}
        rest = [t for t in rules.tracks if t.id not in used]
        by_group: dict[str, list] = defaultdict(list)
        for track in rest:
            by_group[track.group].append(track.id)
        for group, tracks in by_group.items():
            for k in range(0, len(tracks), 4):
                chunk = tracks[k:k + 4]
                groups.append((f"{GROUP_TITLES.get(group, group.capitalize())} ({k // 4 + 1})", chunk))
        return [(title, tracks) for title, tracks in groups if tracks]

    def pages(self) -> int:
        return max(1, -(-len(self.charts) // 4))

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = px(12)
        game = self.game
        names = faction_names(self.rules)
        scores = game.scores()
        winner = game.winner()
        if winner:
            head = f"{names[winner]} wins"
        elif game.status.name == "WAR":
            head = "War: everyone loses"
        else:
            head = "The game is over"
        bw, bh = text_width(app, "Main menu (Esc)", bold=True) + px(32), px(44)
        sw = text_width(app, "Save (Ctrl+S)") + px(32)
        room = width - 2 * m - bw - sw - px(20)
        UILabel(pygame.Rect(m, m, room, px(40)), first_fit(app, [f"Debrief — {head}", head], room, 24, bold=True),
                app.manager, object_id=ObjectID(class_id="@heading"))
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        UILabel(pygame.Rect(m, m + px(40), width - 2 * m, px(28)),
                "Scores: " + " · ".join(f"{names[f]} {s:.1f}" for f, s in ranked)
                + (f"   ({self.message})" if self.message else ""), app.manager)
        self.menu_button = UIButton(pygame.Rect(width - m - bw, m, bw, bh), "Main menu (Esc)", app.manager,
                                    object_id=ObjectID(class_id="@primary"))
        self.save_button = UIButton(pygame.Rect(width - m - bw - px(8) - sw, m, sw, bh), "Save (Ctrl+S)",
                                    app.manager)
        top = m + px(76)
        chart_w = int((width - 3 * m) * 0.62)
        self.chart_rect = pygame.Rect(m, top + px(30), chart_w, height - top - px(30) - m)
        self.prev_button = UIButton(pygame.Rect(m, top, px(40), px(28)), "<", app.manager)
        self.next_button = UIButton(pygame.Rect(m + px(44), top, px(40), px(28)), ">", app.manager)
        x = m + px(92)
        where = f"page {self.page + 1} of {self.pages()}"
        UILabel(pygame.Rect(x, top, m + chart_w - x, px(28)),
                first_fit(app, [f"Every track over the game — {where} (Left/Right)", f"Every track, {where}",
                                f"{self.page + 1}/{self.pages()}"], m + chart_w - x),
                app.manager, object_id=ObjectID(class_id="@muted"))
        timeline = timeline_html(self.rules, game.reports())
        self.timeline = UITextBox("<b>Timeline: each faction's decisions and their biggest consequences</b><br><font "
                                  "color='#AEB8CC'>Up/Down, PgUp/PgDn: scroll</font><br>" + timeline,
                  pygame.Rect(2 * m + chart_w, top, width - chart_w - 3 * m, height - top - m), app.manager)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        rect = self.chart_rect
        gap = self.app.px(10)
        cells = [pygame.Rect(rect.x + (k % 2) * (rect.width + gap) // 2, rect.y + (k // 2) * (rect.height + gap) // 2,
                             (rect.width - gap) // 2, (rect.height - gap) // 2) for k in range(4)]
        colours = faction_colours(self.rules)
        palette = [(86, 180, 233), (230, 159, 0), (0, 158, 115), (240, 228, 66), (213, 94, 0)]
        font = self.app.font(12)
        for cell, (title, tracks) in zip(cells, self.charts[self.page * 4:(self.page + 1) * 4]):
            pygame.draw.rect(surface, PANEL, cell, border_radius=self.app.px(4))
            series = []
            for k, track in enumerate(tracks):
                owner = track.split(".")[0]
                colour = colours.get(owner) if owner in colours and track.endswith("influence") else palette[k % 5]
                series.append(Series(track_name(self.rules, track), history(self.rules, self.start, self.game.history,
                                                                            track), colour, MARKERS[k % len(MARKERS)],
                                     dashed=k % 2 == 1))
            self.app.drawn += line_chart(surface, cell.inflate(-self.app.px(8), -self.app.px(8)), title, series, font)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.menu_button:
                self.back()
            elif event.ui_element is self.save_button:
                self.save()
            elif event.ui_element in (self.prev_button, self.next_button):
                self.turn_page(-1 if event.ui_element is self.prev_button else +1)
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_RIGHT:
                self.turn_page(+1)
            elif event.key == pygame.K_LEFT:
                self.turn_page(-1)
            elif event.key == pygame.K_s and event.mod & pygame.KMOD_CTRL:
                self.save()
            elif event.key in TEXT_KEYS:
                scroll_text(self.timeline, TEXT_KEYS[event.key])

    def turn_page(self, step: int) -> None:
        self.page = (self.page + step) % self.pages()
        self.app.rebuild()

    def save(self) -> None:
        self.message = save_game(self.app, self.flow)
        self.app.rebuild()


