"""Hot-seat play: the hand-off cover and a faction's secret orders.

Only the faction at the screen is ever shown its pending orders: the orders scene reads the game
through that faction's View, and the hand-off shows nothing of the game but whose turn it is.
"""

from __future__ import annotations

import time

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.rules.concepts import CONCEPTS
from game.session import saves
from game.session.orders import IllegalOrderError, Order
from game.ui.app import BACKGROUND, WARN, Scene
from game.ui.board import (faction_colours, faction_names, history, map_state, order_label, place_name,
                            start_values)
from game.ui.dashboard import Dashboard
from game.ui.flow import HotSeat, Phase
from game.ui.map_view import MapView, load_asset

CATEGORY_ORDER = {"economic": 0, "security": 1, "diplomatic": 2}


def scene_for(app, flow: HotSeat) -> Scene:
    """The scene that shows the flow's current step."""
    from game.ui.scenes.report import DebriefScene, ReportScene

    step = flow.step
    if step.phase == Phase.HANDOFF:
        return HandoffScene(app, flow)
    if step.phase == Phase.ORDERS:
        return OrdersScene(app, flow)
    if step.phase == Phase.REPORT:
        return ReportScene(app, flow)
    return DebriefScene(app, flow)


def advance(app, flow: HotSeat) -> None:
    flow.advance()
    app.switch(scene_for(app, flow))


def save_game(app, flow: HotSeat) -> str:
    """Ctrl+S: save the game (its resolved turns) under a new name; returns what to tell the players."""
    game = flow.game
    name = f"{game.rules.id}-turn{game.turn}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    try:
        path = saves.save(game, app.store.saves_dir / name)
    except saves.SaveError as exc:
        return f"Not saved: {exc}"
    return f"Saved to {path} (turns resolved so far; orders not yet committed are not saved)"


def make_map(app, rules) -> MapView | None:
    try:
        view = MapView(load_asset(), colours=faction_colours(rules), names=faction_names(rules),
                       patterns=app.settings.patterns)
        view.text_scale = min(1.6, 1.25 * app.scale)  # the map's own small print, readable on a projector
        return view
    except (OSError, ValueError):
        return None


# ------------------------------------------------------------------------------------------ hand-off


class HandoffScene(Scene):
    """Covers the screen between two factions' secret orders."""

    def __init__(self, app, flow: HotSeat):
        super().__init__(app)
        self.flow = flow
        self.faction = flow.step.faction
        self.name = faction_names(flow.game.rules)[self.faction]

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        game = self.flow.game
        label = game.rules.turn_label(game.turn)
        UILabel(pygame.Rect(0, height // 2 - px(120), width, px(60)), f"Pass to {self.name}", app.manager,
                object_id=ObjectID(class_id="@cover"))
        UILabel(pygame.Rect(0, height // 2 - px(50), width, px(34)),
                f"Press Space when only {self.name}'s players are looking", app.manager)
        UILabel(pygame.Rect(0, height // 2 - px(12), width, px(30)), f"Turn {game.turn} of {game.rules.n_turns} · "
                f"{label}", app.manager, object_id=ObjectID(class_id="@muted"))
        w = min(width - px(40), px(420))
        self.show = UIButton(pygame.Rect((width - w) // 2, height // 2 + px(40), w, px(52)),
                             f"I am {self.name}: show my orders (Space)", app.manager,
                             object_id=ObjectID(class_id="@primary"))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        colour = faction_colours(self.flow.game.rules)[self.faction]
        pygame.draw.rect(surface, colour, pygame.Rect(0, 0, surface.get_width(), self.app.px(10)))

    def handle(self, event: pygame.event.Event) -> None:
        if (event.type == pygame.KEYDOWN and event.key == pygame.K_SPACE) or \
                (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.show):
            advance(self.app, self.flow)


# ------------------------------------------------------------------------------------------ orders


class OrdersScene(Scene):
    """One faction's orders: moves it can afford, why others are unavailable, sources, expected effects."""

    def __init__(self, app, flow: HotSeat):
        super().__init__(app)
        self.flow = flow
        self.game = flow.game
        self.rules = flow.game.rules
        self.faction = flow.step.faction
        self.names = faction_names(self.rules)
        mine = [m for m in self.rules.moves if self.faction in m.partners]
        self.moves = sorted(mine, key=lambda m: (len(m.partners) > 1, CATEGORY_ORDER[m.category], m.name))
        self.page = 0
        self.focus = self.moves[0] if self.moves else None  # the move the detail box explains
        self.picking = None  # a move waiting for its target
        self.message: str | None = None
        self.map = make_map(app, self.rules)
        self.dashboard = Dashboard(app, self.rules)
        self.buttons: dict[int, object] = {}
        self._per_page = 9
        self.show_map = True  # on a small window at a big scale, the map or the dashboard (Tab)
        self.compact = False
        self._preview_cache: dict[tuple, dict[str, float]] = {}
        self._board_cache: tuple | None = None

    # -------------------------------------------------------------- data

    @property
    def view(self):
        return self.game.view(self.faction)

    def per_page(self) -> int:
        """Moves per page: up to 9 (one per number key), fewer if the window is short for the UI scale."""
        return self._per_page

    def page_moves(self) -> list:
        n = self.per_page()
        return self.moves[self.page * n:(self.page + 1) * n]

    def pages(self) -> int:
        return max(1, -(-len(self.moves) // self.per_page()))

    def status(self, move) -> str | None:
        """None if some target (or no target) of the move can be ordered now, else the reason it cannot."""
        view = self.view
        targets = move.target.options if move.target else [None]
        reasons = [view.refusal(Order(move.id, t)) for t in targets]
        if any(r is None for r in reasons):
            return None
        return reasons[0]

    def preview(self, order: Order) -> dict[str, float]:
        key = (order.move, order.target, self.view.own_orders)
        if key not in self._preview_cache:
            self._preview_cache[key] = self.view.preview(order)
        return self._preview_cache[key]

    # -------------------------------------------------------------- layout

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = px(12)
        view = self.view
        fac = self.rules.factions[self.rules.faction_index[self.faction]]
        spent_ap = sum(self.rules.moves[self.rules.move_index[o.move]].cost.ap for o in view.own_orders)
        spent = sum(self.rules.moves[self.rules.move_index[o.move]].cost.budget for o in view.own_orders)
        budget = view.tracks.get(fac.budget_track, 0.0)
        head = f"{self.names[self.faction]} — orders for {view.label} (turn {view.turn} of {self.rules.n_turns})"
        compact = width / app.scale < 1100  # a big UI scale on a small window: buttons go below the heading
        shift = px(60) if compact else 0
        UILabel(pygame.Rect(m, m, width - 2 * m - (0 if compact else 3 * px(158)), px(34)), head, app.manager,
                object_id=ObjectID(class_id="@heading"))
        UILabel(pygame.Rect(m, m + px(34), width // 2, px(26)),
                f"Action points {fac.action_points - spent_ap} of {fac.action_points} left · "
                f"budget {budget - spent:g} of {budget:g} left", app.manager, object_id=ObjectID(class_id="@muted"))
        bw, bh = px(150), px(44)
        x = width - m - bw
        self.commit_button = UIButton(pygame.Rect(x, m + shift, bw, bh), "Commit (Enter)", app.manager,
                                      object_id=ObjectID(class_id="@primary"))
        self.undo_button = UIButton(pygame.Rect(x - bw - px(8), m + shift, bw, bh), "Undo (Ctrl+Z)", app.manager)
        self.save_button = UIButton(pygame.Rect(x - 2 * (bw + px(8)), m + shift, bw, bh), "Save (Ctrl+S)",
                                    app.manager)
        top = m + px(66) + shift
        self._per_page = max(3, min(9, int((height - top) * 0.6) // px(40) - 1))
        self.page = min(self.page, self.pages() - 1)
        left_w = max(px(360), int(width * 0.36))
        left_w = min(left_w, width // 2)
        self.buttons = {}
        y = top
        row_h = px(40)
        if self.picking is None:
            title = f"Moves, page {self.page + 1} of {self.pages()} (Left/Right)" if self.pages() > 1 else "Moves"
            UILabel(pygame.Rect(m, y, left_w, px(26)), f"{title} · number key or click to order",
                    app.manager, object_id=ObjectID(class_id="@muted"))
            y += px(28)
            for k, move in enumerate(self.page_moves()):
                why = self.status(move)
                cost = f"{move.cost.ap} AP, {move.cost.budget:g} budget"
                joint = " · joint" if len(move.partners) > 1 else ""
                text = f"{k + 1}  {move.name} · {cost}{joint}" + ("  (unavailable)" if why else "")
                self.buttons[k] = UIButton(pygame.Rect(m, y, left_w, row_h - px(4)), text, app.manager,
                                           object_id=ObjectID(class_id="@move_unavailable" if why else "@move"))
                y += row_h
        else:
            move = self.picking
            UILabel(pygame.Rect(m, y, left_w, px(26)), f"Target for {move.name}: number key or click the map "
                    "(Esc: cancel)", app.manager, object_id=ObjectID(class_id="@muted"))
            y += px(28)
            for k, target in enumerate(move.target.options[:9]):
                why = self.view.refusal(Order(move.id, target))
                label = place_name(self.rules, target)
                text = f"{k + 1}  {label}" + ("  (unavailable)" if why else "")
                self.buttons[k] = UIButton(pygame.Rect(m, y, left_w, row_h - px(4)), text, app.manager,
                                           object_id=ObjectID(class_id="@move_unavailable" if why else "@move"))
                y += row_h
        detail_top = y + px(6)
        self.detail = UITextBox(self.detail_html(), pygame.Rect(m, detail_top, left_w, height - detail_top - m),
                                app.manager)
        right = pygame.Rect(m * 2 + left_w, top, width - left_w - 3 * m, height - top - m)
        orders_h = px(64)
        if compact:  # no room for both: the map or the dashboard, Tab switches
            UILabel(pygame.Rect(right.x, right.y, right.width, px(26)), "Tab: map / dashboard", app.manager,
                    object_id=ObjectID(class_id="@muted"))
            area = pygame.Rect(right.x, right.y + px(28), right.width, right.height - orders_h - m - px(28))
            self.map_rect = area if self.show_map else pygame.Rect(area.x, area.y, 0, 0)
            self.dash_rect = pygame.Rect(area.x, area.y, area.width, 0 if self.show_map else area.height)
        else:
            dash_h = min(px(30) * 6 + px(12), right.height // 3)
            self.map_rect = pygame.Rect(right.x, right.y, right.width, right.height - dash_h - orders_h - 2 * m)
            self.dash_rect = pygame.Rect(right.x, self.map_rect.bottom + m, right.width, dash_h)
        self.compact = compact
        pending = ", ".join(order_label(self.rules, o) for o in view.own_orders) or "none yet"
        note = f"<br><font color='#E69F00'>{self.message}</font>" if self.message else ""
        self.orders_box = UITextBox(f"<b>Your orders this turn:</b> {pending}{note}",
                                    pygame.Rect(right.x, right.bottom - orders_h, right.width, orders_h),
                                    app.manager)
        if self.map is not None:
            self.map.patterns = app.settings.patterns
            self.map.text_scale = min(1.6, 1.25 * app.scale)
            self.map.layout(self.map_rect)

    def detail_html(self) -> str:
        move = self.picking or self.focus
        if move is None:
            return "This faction has no moves in this scenario."
        partners = [self.names[p] for p in move.partners if p != self.faction]
        kind = move.category + (f", joint with {', '.join(partners)}" if partners else "")
        lines = [f"<b>{move.name}</b>  <i>({kind})</i>",
                 f"Cost: {move.cost.ap} action point{'s' if move.cost.ap != 1 else ''}, {move.cost.budget:g} budget"]
        if move.target:
            lines.append("Target: " + ", ".join(place_name(self.rules, t) for t in move.target.options))
        if move.text:
            lines.append(move.text)
        why = self.status(move)
        if why:
            lines.append(f"<font color='#E69F00'><b>Unavailable:</b> {why}</font>")
        elif move.requires_text:
            lines.append(f"<i>Requires: {move.requires_text}</i>")
        target = None if move.target is None else next(
            (t for t in move.target.options if self.view.refusal(Order(move.id, t)) is None), move.target.options[0])
        if not why:
            effect = self.preview(Order(move.id, target))
            top = sorted(effect.items(), key=lambda kv: -abs(kv[1]))[:6]
            if top:
                where = f" (target {place_name(self.rules, target)})" if target else ""
                parts = ", ".join(f"{self.track_label(t)} {d:+.1f}" for t, d in top)
                lines.append(f"<b>Expected effect this turn{where}:</b> {parts}")
        sources = ", ".join(f"{s} {CONCEPTS.get(s, '')}".strip() for s in move.sources)
        lines.append(f"<i>Sources: {sources}</i>")
        return "<br>".join(lines)

    def track_label(self, track: str) -> str:
        return self.rules.tracks[self.rules.track_index[track]].name

    # -------------------------------------------------------------- actions

    def order(self, move, target: str | None = None) -> None:
        """Add an order (asking for a target first if the move needs one)."""
        self.focus = move
        if move.target is not None and target is None:
            usable = [t for t in move.target.options if self.view.refusal(Order(move.id, t)) is None]
            if not usable:
                self.message = self.status(move)
            elif len(usable) == 1:
                return self.order(move, usable[0])
            else:
                self.picking, self.message = move, None
            self.app.rebuild()
            return
        try:
            self.game.submit(self.faction, Order(move.id, target))
            self.message = None
        except IllegalOrderError as exc:
            self.message = str(exc).removeprefix(f"{self.faction}: ")
        self.picking = None
        self.app.rebuild()

    def undo(self) -> None:
        try:
            undone = self.game.undo(self.faction)
            self.message = f"Taken back: {order_label(self.rules, undone)}"
        except IllegalOrderError as exc:
            self.message = str(exc).removeprefix(f"{self.faction}: ")
        self.app.rebuild()

    def save(self) -> None:
        self.message = save_game(self.app, self.flow)
        self.app.rebuild()

    def commit(self) -> None:
        self.game.commit(self.faction)
        advance(self.app, self.flow)

    def choose(self, k: int) -> None:
        if self.picking is not None:
            options = self.picking.target.options
            if k < len(options):
                self.order(self.picking, options[k])
            return
        moves = self.page_moves()
        if k < len(moves):
            self.order(moves[k])

    def back(self) -> None:
        if self.picking is not None:
            self.picking = None
            self.app.rebuild()
            return
        super().back()

    def handle(self, event: pygame.event.Event) -> None:
        if self.map is not None and event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            picked = self.map.handle_event(event)
            if picked and self.picking is not None and picked in self.picking.target.options:
                self.order(self.picking, picked)
                return
        self.dashboard.handle(event)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.commit_button:
                self.commit()
            elif event.ui_element is self.undo_button:
                self.undo()
            elif event.ui_element is self.save_button:
                self.save()
            else:
                for k, button in self.buttons.items():
                    if event.ui_element is button:
                        self.choose(k)
                        return
        elif event.type == pygame_gui.UI_BUTTON_ON_HOVERED and self.picking is None:
            for k, button in self.buttons.items():
                if event.ui_element is button and k < len(self.page_moves()):
                    move = self.page_moves()[k]
                    if move is not self.focus:
                        self.focus = move
                        self.detail.set_text(self.detail_html())
        elif event.type == pygame.KEYDOWN:
            ctrl = event.mod & pygame.KMOD_CTRL
            if ctrl and event.key == pygame.K_z:
                self.undo()
            elif ctrl and event.key == pygame.K_s:
                self.save()
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.commit()
            elif event.key == pygame.K_TAB and self.compact:
                self.show_map = not self.show_map
                self.app.rebuild()
            elif pygame.K_1 <= event.key <= pygame.K_9:
                self.choose(event.key - pygame.K_1)
            elif pygame.K_KP1 <= event.key <= pygame.K_KP9:
                self.choose(event.key - pygame.K_KP1)
            elif event.key in (pygame.K_RIGHT, pygame.K_PAGEDOWN) and self.picking is None:
                self.page = (self.page + 1) % self.pages()
                self.app.rebuild()
            elif event.key in (pygame.K_LEFT, pygame.K_PAGEUP) and self.picking is None:
                self.page = (self.page - 1) % self.pages()
                self.app.rebuild()

    # -------------------------------------------------------------- drawing

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        view, state, histories, changes = self._board()
        if self.map is not None and self.map_rect.width > 0 and self.map_rect.height > 0:
            self.map.set_fills(state.fills)
            self.map.set_tensions(state.tensions)
            self.map.draw(surface, self.map_rect)
            hover = self.map.hover
            if hover and hover in state.influence:
                region = place_name(self.rules, hover)
                lines = self.map.influence_lines(state.influence[hover])
                if self.picking is not None and hover in self.picking.target.options:
                    lines.append("Click to target this region")
                self.map.draw_tooltip(surface, pygame.mouse.get_pos(), region, lines)
                self.app.drawn += [region, *lines]
        if self.dash_rect.height > 0:
            self.dashboard.draw(surface, self.dash_rect, view.tracks, histories, changes)
        if self.flow.save_problem:
            self.app.text(surface, f"Autosave failed: {self.flow.save_problem}", 12,
                          (self.app.px(12), surface.get_height() - self.app.px(4)), WARN, anchor="bottomleft")

    def _board(self):
        """The view, map state, histories and last changes: fixed while this faction gives orders, so read once."""
        if self._board_cache is None:
            view = self.view
            start = start_values(self.rules, self.game.seed)
            histories = {t: history(self.rules, start, self.game.history, t) for t in view.tracks
                         if t in self.dashboard.headline or t in self.dashboard.support}
            last = self.game.history[-1].report if self.game.history else None
            changes = {c.track: c.delta for c in last.changes} if last else {}
            self._board_cache = (view, map_state(self.rules, view.tracks), histories, changes)
        return self._board_cache
