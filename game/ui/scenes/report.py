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
from game.ui.scenes.play import advance, make_map, map_tooltip, save_game

ANIMATION = 1.2  # seconds for the map and the dashboard to go from before to after
TEXT_KEYS = {pygame.K_UP: -0.25, pygame.K_DOWN: 0.25, pygame.K_PAGEUP: -1, pygame.K_PAGEDOWN: 1}  # scroll text
CAUSES_SHOWN = 4  # causes listed per track change (the largest)
CHART_GRIDS = ((2, 2), (1, 2), (1, 1))  # (columns, rows) of charts on a debrief page, most first
CHART_MIN = (300, 200)  # a debrief chart's least size in pixels at 100% (times the UI scale)
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
        self._after_state = None  # the map's state after the turn, for the tooltip (read when first pointed at)

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
        text = "<font color='#AEB8CC'>Up/Down, PgUp/PgDn: scroll · [ and ]: more dashboard rows · L: map legend</font><br>" + \
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
            self.map.layout(self.map_rect)  # in place on the window, so the pointer finds its regions
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
            self.map.draw_overlays(surface)
            if self.map.hover is not None:
                self._after_state = self._after_state or map_state(self.rules, self.after)
                map_tooltip(self.app, self.map, self.rules, self._after_state, surface)
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
        if self.map is not None and event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            opened = self.map.legend_opened
            self.map.handle_event(event)
            if self.map.legend_opened != opened:
                self._maps = {}
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
            elif event.key == pygame.K_l and self.map is not None:
                self.map.toggle_legend()
                self._maps = {}

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
        self.per_page = 4  # charts on a page; build() sets it from the window and the UI scale
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
        return max(1, -(-len(self.charts) // self.per_page))

    def chart_cells(self, rect: pygame.Rect) -> list[pygame.Rect]:
        """Where a page's charts go: 2x2 if each would be at least CHART_MIN (times the UI scale), else two
        stacked, else one, so a big scale on a small window shows fewer, readable charts per page."""
        px, gap = self.app.px, self.app.px(10)
        min_w, min_h = px(CHART_MIN[0]), px(CHART_MIN[1])
        for columns, rows in CHART_GRIDS:
            w, h = (rect.width - gap * (columns - 1)) // columns, (rect.height - gap * (rows - 1)) // rows
            if (w >= min_w and h >= min_h) or (columns, rows) == CHART_GRIDS[-1]:
                return [pygame.Rect(rect.x + c * (w + gap), rect.y + r * (h + gap), w, h)
                        for r in range(rows) for c in range(columns)]
        return []

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
        self.cells = self.chart_cells(self.chart_rect)
        first = self.page * self.per_page  # keep the first chart shown when the charts per page change
        self.per_page = len(self.cells)
        self.page = min(first // self.per_page, self.pages() - 1)
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
        font = self.app.font(12)
        for cell, (title, series) in zip(self.cells, self.page_charts()):
            pygame.draw.rect(surface, PANEL, cell, border_radius=self.app.px(4))
            self.app.drawn += line_chart(surface, self.plot_rect(cell), title, series, font)

    def plot_rect(self, cell: pygame.Rect) -> pygame.Rect:
        return cell.inflate(-self.app.px(8), -self.app.px(8))

    def page_charts(self) -> list[tuple[str, list[Series]]]:
        """This page's charts as (title, series)."""
        colours = faction_colours(self.rules)
        palette = [(86, 180, 233), (230, 159, 0), (0, 158, 115), (240, 228, 66), (213, 94, 0)]
        charts = []
        for title, tracks in self.charts[self.page * self.per_page:(self.page + 1) * self.per_page]:
            series = []
            for k, track in enumerate(tracks):
                owner = track.split(".")[0]
                colour = colours.get(owner) if owner in colours and track.endswith("influence") else palette[k % 5]
                series.append(Series(track_name(self.rules, track), history(self.rules, self.start, self.game.history,
                                                                            track), colour, MARKERS[k % len(MARKERS)],
                                     dashed=k % 2 == 1))
            charts.append((title, series))
        return charts

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


