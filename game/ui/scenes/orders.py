"""A faction's secret orders: its moves (paged, one number key each), why some are unavailable, the
focused move explained, the map (click a region to target it) and the dashboard.

Every action has a key and a button: 1-9 or a click orders a move (or picks a target), Up/Down and
Space read and order the move under the keyboard cursor, Left/Right or the arrow buttons turn the page,
Esc or Cancel leaves target picking, Tab or its button switches map and dashboard on a small screen.
Pointing at a move explains it once the pointer pauses on it for HOVER_DELAY seconds: pygame_gui lays
the detail box out again on every change (10-20 ms), which would stutter while the pointer sweeps the
list; a key shows the move at once.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.session.orders import IllegalOrderError, Order
from game.ui.app import BACKGROUND, WARN, Scene
from game.ui.board import faction_names, history, map_state, order_label, place_name, start_values
from game.ui.dashboard import Dashboard
from game.ui.fit import first_fit, inner_width, text_width
from game.ui.flow import HotSeat
from game.ui.move_detail import detail_html, move_status

CATEGORY_ORDER = {"economic": 0, "security": 1, "diplomatic": 2}
HOVER_DELAY = 0.15  # seconds the pointer stays still on a move before the detail box shows it


def compact_layout(app) -> bool:
    """A big UI scale on a small window: fewer, stacked rows, and the map or the dashboard (Tab)."""
    return app.size[0] / app.scale < 1100


class OrdersScene(Scene):
    """One faction's orders: moves it can afford, why others are unavailable, sources, expected effects."""

    def __init__(self, app, flow: HotSeat):
        from game.ui.scenes.play import make_map

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
        self.cursor: int | None = None  # the row under the keyboard cursor (Up/Down, Space)
        self.picking = None  # a move waiting for its target
        self.move_page = 0  # the moves' page to return to after picking a target
        self.message: str | None = None
        self.map = make_map(app, self.rules)
        self.dashboard = Dashboard(app, self.rules)
        self.buttons: dict[int, UIButton] = {}
        self._per_page = 9
        self.show_map = True  # on a small window at a big scale, the map or the dashboard (Tab)
        self.compact = False
        self.hovering: tuple[object, float] | None = None  # (move under the pointer, seconds resting)
        self._preview_cache: dict[tuple, dict[str, float]] = {}
        self._board_cache: tuple | None = None

    # -------------------------------------------------------------- data

    @property
    def view(self):
        return self.game.view(self.faction)

    def per_page(self) -> int:
        """Rows per page: up to 9 (one per number key), fewer if the window is short for the UI scale."""
        return self._per_page

    def rows(self) -> list:
        """What the list offers: the moves, or the picked move's targets."""
        return list(self.picking.target.options) if self.picking is not None else self.moves

    def page_rows(self) -> list:
        n = self.per_page()
        return self.rows()[self.page * n:(self.page + 1) * n]

    def page_moves(self) -> list:
        return [] if self.picking is not None else self.page_rows()

    def pages(self) -> int:
        return max(1, -(-len(self.rows()) // self.per_page()))

    def status(self, move) -> str | None:
        return move_status(self.view, move)

    def preview(self, order: Order) -> dict[str, float]:
        key = (order.move, order.target, self.view.own_orders)
        if key not in self._preview_cache:
            self._preview_cache[key] = self.view.preview(order)
        return self._preview_cache[key]

    def detail_html(self) -> str:
        move = self.picking or self.focus
        if move is None:
            return "This faction has no moves in this scenario."
        return detail_html(self.rules, self.view, self.faction, self.names, move, self.preview)

    def move_label(self, k: int, move, width: int) -> str:
        """The longest wording of a move's row that fits its button; the detail box has all of it."""
        why = self.status(move)
        cost = f" · {move.cost.ap} AP, {move.cost.budget:g} budget"
        joint = " · joint" if len(move.partners) > 1 else ""
        off, short = ("  (unavailable)", " (n/a)") if why else ("", "")
        name = f"{k + 1}  {move.name}"
        return first_fit(self.app, [name + cost + joint + off, name + joint + off, name + off, name + short],
                         width)

    # -------------------------------------------------------------- layout

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = px(12)
        self.compact = compact = compact_layout(app)
        top = self._header(m)
        row_h = px(36) if compact else px(40)
        self._per_page = max(3, min(9, (int((height - top) * (0.7 if compact else 0.62)) - px(34)) // row_h))
        self.page = min(self.page, self.pages() - 1)
        left_w = min(width - px(240), max(int(width * 0.58), px(360))) if compact else \
            min(width // 2, max(px(360), int(width * 0.36)))
        y = self._pager(pygame.Rect(m, top, left_w, px(30)))
        self.buttons = {}
        for k, row in enumerate(self.page_rows()):
            rect = pygame.Rect(m, y, left_w, row_h - px(4))
            if self.picking is None:
                why, text = self.status(row), self.move_label(k, row, inner_width(app, left_w))
            else:
                why = self.view.refusal(Order(self.picking.id, row))
                text = first_fit(app, [f"{k + 1}  {place_name(self.rules, row)}" + ("  (unavailable)" if why else ""),
                                       f"{k + 1}  {place_name(self.rules, row)}" + (" (n/a)" if why else "")],
                                 inner_width(app, left_w))
            self.buttons[k] = UIButton(rect, text, app.manager,
                                       object_id=ObjectID(class_id="@move_unavailable" if why else "@move"))
            y += row_h
        if self.cursor is not None:
            self.cursor = min(self.cursor, len(self.buttons) - 1) if self.buttons else None
            if self.cursor is not None:
                self.buttons[self.cursor].select()
        detail_top = y + px(6)
        self.detail = UITextBox(self.detail_html(), pygame.Rect(m, detail_top, left_w, height - detail_top - m),
                                app.manager)
        self.hovering = None
        self._right(pygame.Rect(m * 2 + left_w, top, width - left_w - 3 * m, height - top - m))

    def _header(self, m: int) -> int:
        """Heading, what is left to spend, and Save / Undo / Commit; returns where the columns start."""
        app, px = self.app, self.app.px
        width = app.size[0]
        view = self.view
        fac = self.rules.factions[self.rules.faction_index[self.faction]]
        spent_ap = sum(self.rules.moves[self.rules.move_index[o.move]].cost.ap for o in view.own_orders)
        spent = sum(self.rules.moves[self.rules.move_index[o.move]].cost.budget for o in view.own_orders)
        budget = view.tracks.get(fac.budget_track, 0.0)
        name, turn = self.names[self.faction], f"turn {view.turn} of {self.rules.n_turns}"
        heads = [f"{name} — orders for {view.label} ({turn})", f"{name} — {view.label} ({turn})",
                 f"{name} — {view.label}"]
        left = f"Action points {fac.action_points - spent_ap} of {fac.action_points} left · " \
               f"budget {budget - spent:g} of {budget:g} left"
        labels = [("save", "Save (Ctrl+S)", "Save"), ("undo", "Undo (Ctrl+Z)", "Undo"),
                  ("commit", "Commit (Enter)", "Commit")]
        gap, pad = px(8), px(28)
        full = sum(text_width(app, long, bold=key == "commit") + pad + gap for key, long, _ in labels)
        if self.compact:  # heading alone on the first row; what is left and the buttons on the second
            UILabel(pygame.Rect(m, m, width - 2 * m, px(34)), first_fit(app, heads, width - 2 * m, 24, True),
                    app.manager, object_id=ObjectID(class_id="@heading"))
            row_y, bh = m + px(38), px(38)
            room = width - 2 * m - text_width(app, left) - px(16)
            use_long = full <= room
            UILabel(pygame.Rect(m, row_y, width - 2 * m, bh), left, app.manager, object_id=ObjectID(class_id="@muted"))
            top = row_y + bh + px(8)
        else:
            UILabel(pygame.Rect(m, m, width - 2 * m - full, px(34)),
                    first_fit(app, heads, width - 2 * m - full, 24, True), app.manager,
                    object_id=ObjectID(class_id="@heading"))
            UILabel(pygame.Rect(m, m + px(34), width // 2, px(26)), left, app.manager,
                    object_id=ObjectID(class_id="@muted"))
            row_y, bh, use_long = m, px(44), True
            top = m + px(66)
        self.short_commands = not use_long
        x = width - m
        made = {}
        for key, long, short in reversed(labels):
            text = long if use_long else short
            bw = text_width(app, text, bold=key == "commit") + pad
            x -= bw
            made[key] = UIButton(pygame.Rect(x, row_y, bw, bh), text, app.manager,
                                 object_id=ObjectID(class_id="@primary") if key == "commit" else None)
            x -= gap
        self.save_button, self.undo_button, self.commit_button = made["save"], made["undo"], made["commit"]
        return top

    def _pager(self, rect: pygame.Rect) -> int:
        """The list's title row: page arrows (if more than one page), what to do, Cancel while picking."""
        app, px = self.app, self.app.px
        self.prev_button = self.next_button = self.cancel_button = None
        x = rect.x
        if self.pages() > 1:
            self.prev_button = UIButton(pygame.Rect(x, rect.y, px(40), rect.height), "<", app.manager)
            self.next_button = UIButton(pygame.Rect(x + px(44), rect.y, px(40), rect.height), ">", app.manager)
            x += px(92)
        right = rect.right
        if self.picking is not None:
            text = "Cancel (Esc)"
            bw = text_width(app, text) + px(24)
            self.cancel_button = UIButton(pygame.Rect(right - bw, rect.y, bw, rect.height), text, app.manager)
            right -= bw + px(8)
            name = self.picking.name
            variants = [f"Target for {name}: number key or click the map", f"Target for {name}", "Target"]
        else:
            where = f"page {self.page + 1} of {self.pages()}"
            keys = f"1-{len(self.page_rows())}"
            variants = [f"Moves, {where} (Left/Right) · number key or click to order",
                        f"Moves, {where} (Left/Right) · {keys} orders", f"Moves {self.page + 1}/{self.pages()} · "
                        f"{keys} orders", f"Moves {self.page + 1}/{self.pages()}"]
        if self.pages() > 1 and self.picking is not None:
            variants = [v.replace("Target", f"Page {self.page + 1}/{self.pages()}: target", 1) for v in variants]
        UILabel(pygame.Rect(x, rect.y, right - x, rect.height), first_fit(app, variants, right - x - px(4)),
                app.manager, object_id=ObjectID(class_id="@muted"))
        return rect.bottom + px(4)

    def _right(self, right: pygame.Rect) -> None:
        """The map and the dashboard (one of them, with a switch, in the compact layout), then the orders."""
        app, px, m = self.app, self.app.px, self.app.px(12)
        orders_h = px(84) if self.compact else px(64)
        self.view_button = None
        if self.compact:
            text = "Show the dashboard (Tab)" if self.show_map else "Show the map (Tab)"
            bw = min(right.width, text_width(app, text) + px(24))
            self.view_button = UIButton(pygame.Rect(right.x, right.y, bw, px(30)), text, app.manager)
            area = pygame.Rect(right.x, right.y + px(34), right.width, right.height - orders_h - m - px(34))
            self.map_rect = area if self.show_map else pygame.Rect(area.x, area.y, 0, 0)
            self.dash_rect = pygame.Rect(area.x, area.y, area.width, 0 if self.show_map else area.height)
        else:
            dash_h = min(px(30) * 6 + px(12), right.height // 3)
            self.map_rect = pygame.Rect(right.x, right.y, right.width, right.height - dash_h - orders_h - 2 * m)
            self.dash_rect = pygame.Rect(right.x, self.map_rect.bottom + m, right.width, dash_h)
        view = self.view
        pending = ", ".join(order_label(self.rules, o) for o in view.own_orders) or "none yet"
        note = f"<br><font color='#E69F00'>{self.message}</font>" if self.message else ""
        if self.short_commands:  # the command buttons have no room for their keys: name them here
            note += "<br><font color='#AEB8CC'>Keys: Enter commits, Ctrl+Z undoes, Ctrl+S saves</font>"
        self.orders_box = UITextBox(f"<b>Your orders this turn:</b> {pending}{note}",
                                    pygame.Rect(right.x, right.bottom - orders_h, right.width, orders_h),
                                    app.manager)
        if self.map is not None:
            self.map.patterns = app.settings.patterns
            self.map.text_scale = app.scale
            self.map.layout(self.map_rect)

    # -------------------------------------------------------------- actions

    def show(self, move) -> None:
        """Explain `move` in the detail box."""
        if move is not self.focus:
            self.focus = move
            self.detail.set_text(self.detail_html())

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
                self.picking, self.message, self.move_page, self.page, self.cursor = move, None, self.page, 0, None
            self.app.rebuild()
            return
        try:
            self.game.submit(self.faction, Order(move.id, target))
            self.message = None
        except IllegalOrderError as exc:
            self.message = str(exc).removeprefix(f"{self.faction}: ")
        self.stop_picking()
        self.app.rebuild()

    def stop_picking(self) -> None:
        if self.picking is not None:
            self.picking, self.page, self.cursor = None, self.move_page, None

    def undo(self) -> None:
        try:
            undone = self.game.undo(self.faction)
            self.message = f"Taken back: {order_label(self.rules, undone)}"
        except IllegalOrderError as exc:
            self.message = str(exc).removeprefix(f"{self.faction}: ")
        self.app.rebuild()

    def save(self) -> None:
        from game.ui.scenes.play import save_game

        self.message = save_game(self.app, self.flow)
        self.app.rebuild()

    def commit(self) -> None:
        from game.ui.scenes.play import advance

        self.game.commit(self.faction)
        advance(self.app, self.flow)

    def choose(self, k: int) -> None:
        rows = self.page_rows()
        if k >= len(rows):
            return
        if self.picking is not None:
            self.order(self.picking, rows[k])
        else:
            self.order(rows[k])

    def turn_page(self, step: int) -> None:
        self.page = (self.page + step) % self.pages()
        self.cursor = None
        self.app.rebuild()

    def move_cursor(self, step: int) -> None:
        """Up/Down: put the keyboard cursor on the next row and explain its move at once."""
        if not self.buttons:
            return
        k = 0 if self.cursor is None else (self.cursor + step) % len(self.buttons)
        for button in self.buttons.values():
            button.unselect()
        self.cursor = k
        self.buttons[k].select()
        if self.picking is None:
            self.hovering = None
            self.show(self.page_rows()[k])

    def toggle_view(self) -> None:
        if self.compact:
            self.show_map = not self.show_map
            self.app.rebuild()

    def back(self) -> None:
        if self.picking is not None:
            self.stop_picking()
            self.app.rebuild()
            return
        super().back()

    def update(self, dt: float) -> None:
        if self.hovering is not None:
            move, rested = self.hovering
            self.hovering = (move, rested + dt)
            if rested + dt >= HOVER_DELAY:
                self.hovering = None
                self.show(move)

    def handle(self, event: pygame.event.Event) -> None:
        if self.map is not None and event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            picked = self.map.handle_event(event)
            if picked and self.picking is not None and picked in self.picking.target.options:
                self.order(self.picking, picked)
                return
        self.dashboard.handle(event)
        if event.type == pygame.MOUSEMOTION and self.hovering is not None:
            self.hovering = (self.hovering[0], 0.0)  # still moving: the pointer has not paused yet
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            self._pressed(event.ui_element)
        elif event.type == pygame_gui.UI_BUTTON_ON_HOVERED and self.picking is None:
            for k, button in self.buttons.items():
                if event.ui_element is button and k < len(self.page_rows()):
                    self.hovering = (self.page_rows()[k], 0.0)
        elif event.type == pygame_gui.UI_BUTTON_ON_UNHOVERED and self.hovering is not None:
            self.hovering = None
        elif event.type == pygame.KEYDOWN:
            self._key(event)

    def _pressed(self, element) -> None:
        actions = {self.commit_button: self.commit, self.undo_button: self.undo, self.save_button: self.save,
                   self.prev_button: lambda: self.turn_page(-1), self.next_button: lambda: self.turn_page(+1),
                   self.cancel_button: self.back, self.view_button: self.toggle_view}
        actions.pop(None, None)
        if element in actions:
            actions[element]()
            return
        for k, button in self.buttons.items():
            if element is button:
                self.choose(k)
                return

    def _key(self, event: pygame.event.Event) -> None:
        ctrl = event.mod & pygame.KMOD_CTRL
        if ctrl and event.key == pygame.K_z:
            self.undo()
        elif ctrl and event.key == pygame.K_s:
            self.save()
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.commit()
        elif event.key == pygame.K_TAB:
            self.toggle_view()
        elif event.key == pygame.K_l and self.map is not None:
            self.map.toggle_legend()
        elif pygame.K_1 <= event.key <= pygame.K_9:
            self.choose(event.key - pygame.K_1)
        elif pygame.K_KP1 <= event.key <= pygame.K_KP9:
            self.choose(event.key - pygame.K_KP1)
        elif event.key in (pygame.K_RIGHT, pygame.K_PAGEDOWN):
            self.turn_page(+1)
        elif event.key in (pygame.K_LEFT, pygame.K_PAGEUP):
            self.turn_page(-1)
        elif event.key in (pygame.K_DOWN, pygame.K_UP):
            self.move_cursor(+1 if event.key == pygame.K_DOWN else -1)
        elif event.key == pygame.K_SPACE and self.cursor is not None:
            self.choose(self.cursor)

    # -------------------------------------------------------------- drawing

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        view, state, histories, changes = self._board()
        if self.map is not None and self.map_rect.width > 0 and self.map_rect.height > 0:
            self.map.set_fills(state.fills)
            self.map.set_tensions(state.tensions)
            self.map.draw(surface, self.map_rect)
            from game.ui.scenes.play import map_tooltip

            hover = self.map.hover
            target = self.picking is not None and hover in self.picking.target.options
            map_tooltip(self.app, self.map, self.rules, state, surface, ["Click to target this region"] if target else [])
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
