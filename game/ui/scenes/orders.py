"""A faction's secret orders: the turn's briefing, its moves (paged, one number key each) with their costs,
why some are unavailable, the focused move explained, what it has ordered, and the map, the dashboard
and its goals and score.

Two layouts, from the window's size in UI-scaled pixels. Wide: the moves over the orders in the left
column; on the right the detail box over the map beside (or over) the dashboard or the goals. Compact (a
big UI scale on a small window): the moves over the detail on the left; on the right one of map,
dashboard and goals (tabs) over the orders.

Every action has a key and a button: 1-9 or a click orders a move (or picks a target), Up/Down and
Space read and order the row under the keyboard cursor, Left/Right or the arrow buttons turn the page,
Esc or Cancel leaves target picking, Tab or the tab buttons switch the panel, E or More/Less opens the
briefing, G and R (or their buttons) the glossary and the sources, which come back here as it was, B (after a
confirmation) lets the stand-in bot play this turn in place of the orders given so far. Every scrolling area has keys too: PageUp/PageDown the detail box, Shift+PageUp/PageDown the
orders, [ and ] the dashboard or the goals. The hint line at the bottom names them.
A faction with joint moves has a "Propose to …" button over the detail box (P: the focused or cursor
move, its target picked as for an order) and a proposals panel (N, or the Proposals button; it opens by
itself when the turn has proposals for this faction) in the place of the map: game.ui.proposals. The
orders box marks the orders a proposal or an agreement holds.
Pointing at a move (or, while picking, at a target row or a region on the map) explains it once the
pointer pauses for HOVER_DELAY seconds: pygame_gui lays the detail box out again on every change
(10-20 ms), which would stutter while the pointer sweeps the list; a key shows it at once.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.i18n import N_, _, join, ngettext
from game.session.orders import IllegalOrderError, Order
from game.session.preview import Preview
from game.ui.app import BACKGROUND, Scene
from game.ui.board import faction_names, history, map_state, order_label, place_name, start_values
from game.ui.briefing import briefing_lines, one_line
from game.ui.dashboard import Dashboard
from game.ui.fit import BORDER, first_fit, fit_parts, inner_width, scroll_text, text_box_height, text_width
from game.ui.flow import HotSeat
from game.ui.goals import escape, goals_html
from game.session.words import move_name, number, track_name
from game.ui.fonts import theme_font
from game.ui.move_detail import cost_text, detail_html, move_status, plain_lines
from game.ui.proposals import ProposalsPanel, partner_words, waiting

CATEGORY_ORDER = {"economic": 0, "security": 1, "diplomatic": 2}
HOVER_DELAY = 0.15  # seconds the pointer stays still on a move before the detail box shows it
TAB_NAMES = {"map": (N_("Map"),), "dashboard": (N_("Dashboard"), N_("Board")),
             "goals": (N_("Goals & score"), N_("Goals"))}  # long, short; translated where shown
HELP_PAGES = (("glossary", N_("Glossary (G)")), ("sources", N_("Sources (R)")))  # reference pages, back to this screen
HELP_KEYS = {pygame.K_g: "glossary", pygame.K_r: "sources"}
PANEL_SCROLL = {pygame.K_LEFTBRACKET: -0.5, pygame.K_RIGHTBRACKET: 0.5}  # the goals text, like the dashboard
# a typical line of smaller changes, for sizing the detail box before any preview is computed (eight named)
ALSO_ALLOWANCE = "Also: " + ", ".join(["U.S. investment in South Korea +3"] * 8)
PANEL = ObjectID(class_id="@panel")
SOURCES_SIZE = 13  # the detail box's targets, smaller changes and sources, smaller than its text (times the UI scale)
SHORT_BODY = 560  # a body (unscaled) lower than this is short: a narrower moves' column, the map beside the dashboard
LEFT_PANEL = 150  # the least room (unscaled) under the orders for the dashboard or the goals in the moves' column
MAP_LEAST = 150  # the map's least height (unscaled) under the detail box
TAB_ROW = 30  # the tab row's height (unscaled)


def compact_layout(app) -> bool:
    """A big UI scale on a small window: the moves over the detail, and one of map, dashboard, goals (Tab)."""
    return app.size[0] / app.scale < 900 or app.size[1] / app.scale < 500


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
        self.target: str | None = None  # while picking: the target the detail box previews (None: first usable)
        self.cursor: int | None = None  # the row under the keyboard cursor (Up/Down, Space)
        self.picking = None  # a move waiting for its target
        self.move_page = 0  # the moves' page to return to after picking a target
        self.message: str | None = None
        self.map = make_map(app, self.rules)
        self.dashboard = Dashboard(app, self.rules)
        self.buttons: dict[int, UIButton] = {}
        self.costs: dict[int, UILabel] = {}  # each move row's cost, beside its button
        self.tab_buttons: dict[str, UIButton] = {}
        self.help_buttons: dict[str, UIButton] = {}
        self._per_page = 9
        self.tab = "map"  # the panel shown: the map, the dashboard or the goals (the map is always shown when wide)
        self.compact = False
        self.short = False  # wide but short for the UI scale: the detail without its list of targets
        self.brief_open = False  # the briefing strip shows every line whole (E)
        self.goals_box: UITextBox | None = None
        self.hovering: tuple[object, float] | None = None  # (row under the pointer, seconds resting)
        self._preview_cache: dict[tuple, Preview] = {}
        self._view: tuple | None = None  # (turn, own orders, committed) and the view made for them
        self._board_cache: tuple | None = None
        self._detail_room: dict[tuple, int] = {}
        self.panel = ProposalsPanel(self)
        self.proposing = False  # the target being picked is for a proposal, not an order
        self.propose_button: UIButton | None = None
        self.proposals_button: UIButton | None = None
        # the panel is shown at once when the turn already has proposals for this faction (the bots' ones)
        self.negotiating = bool(self.partners()) and bool(self.game.proposals(self.faction))

    # -------------------------------------------------------------- data

    @property
    def view(self):
        """The faction's view, made again only when the turn, its orders or who has committed change: the
        session computes the briefing and the score breakdown on every call (partners' orders are in the key
        for the joint moves' previews)."""
        game = self.game
        key = (game.turn, tuple((f, tuple(o)) for f, o in game.pending.items()), frozenset(game.committed))
        if self._view is None or self._view[0] != key:
            self._view = (key, game.view(self.faction))
        return self._view[1]

    @property
    def desk(self):
        return self.game.desk(self.faction)

    def partners(self) -> list[str]:
        """The names of the factions this one shares joint moves with (none: no proposals panel)."""
        ids = {p for m in self.moves if len(m.partners) > 1 for p in m.partners if p != self.faction}
        return [self.names[f] for f in self.game.factions if f in ids]

    def propose_target(self):
        """The joint move P proposes: the move being picked, the row under the cursor, or the focused one."""
        if self.picking is not None:
            return self.picking
        if self.cursor is not None and self.cursor < len(self.page_rows()):
            return self.page_rows()[self.cursor]
        return self.focus

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
        return move_status(self.desk, move)

    def preview(self, order: Order) -> Preview:
        """The expected effect of adding `order`: the screen's one call into the session's preview, cached for
        this faction's current orders and its partners' joint orders."""
        view = self.view
        key = (order.move, order.target, view.own_orders, repr(view.partner_orders))
        if key not in self._preview_cache:
            self._preview_cache[key] = self.desk.preview(order)
        return self._preview_cache[key]

    def detail_html(self) -> str:
        move = self.picking or self.focus
        if move is None:
            return _("This faction has no moves in this scenario.")
        target = self.target if self.picking is not None else None
        return detail_html(self.rules, self.desk, self.faction, self.names, move, self.preview, target,
                           self.app.px(SOURCES_SIZE), targets=not self.short)

    def tabs(self) -> tuple[str, ...]:
        """The panels the tab row offers: all three when compact; beside the map, the dashboard or the goals."""
        return tuple(TAB_NAMES) if self.compact else ("dashboard", "goals")

    def shown_tab(self) -> str:
        return self.tab if self.tab in self.tabs() else self.tabs()[0]

    def move_label(self, k: int, move, width: int) -> str:
        """The longest wording of a move's row that fits its button; the detail box has all of it."""
        why = self.status(move)
        joint = _(" · joint") if len(move.partners) > 1 else ""
        off = _("  (unavailable)") if why else ""
        name = f"{k + 1}  {move_name(self.rules, move.id)}"
        return first_fit(self.app, [name + joint + off, name + off, name + (_(" (n/a)") if why else ""), name], width)

    # -------------------------------------------------------------- layout

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = px(12)
        self.compact = compact = compact_layout(app)
        fonts = app.manager.get_theme().get_font_dictionary()
        for style, italic in (("italic", True), ("regular", False)):
            if not fonts.check_font_preloaded(fonts.create_font_id(px(SOURCES_SIZE), theme_font(), False, italic, True)):
                # the detail's small sizes, loaded now rather than in the middle of a frame
                app.manager.preload_fonts([{"name": theme_font(), "point_size": px(SOURCES_SIZE), "style": style,
                                            "antialiased": "1"}])
        top = self._header(m)
        top = self._briefing(m, top)
        bottom = self._hint(m)
        body = pygame.Rect(m, top, width - 2 * m, bottom - top)
        self.short = short = not compact and body.height < px(SHORT_BODY)
        left = pygame.Rect(body.x, body.y, self._list_width(body.width, short), body.height)
        right = pygame.Rect(left.right + m, body.y, body.right - left.right - m, body.height)
        orders_w = right.width if compact else left.width
        orders_h = min(self._orders_height(orders_w), int(body.height * (0.72 if compact else 0.45)))
        row_h, pager_h = px(32), px(30)
        if compact:
            rows_bottom = left.bottom - text_box_height(app, ["-"] * 2, left.width) - px(6)
        else:
            rows_bottom = left.bottom - orders_h - px(6)
        self._per_page = max(3, min(9, (rows_bottom - left.y - pager_h - px(4)) // row_h))
        self.page = min(self.page, self.pages() - 1)
        y = self._pager(pygame.Rect(left.x, left.y, left.width, pager_h))
        y = self._rows(left.x, y, left.width, row_h)
        if compact:
            orders = pygame.Rect(right.x, right.bottom - orders_h, right.width, orders_h)
            detail = pygame.Rect(left.x, y + px(2), left.width, left.bottom - y - px(2))
            area = pygame.Rect(right.x, right.y, right.width, orders.top - m - right.y)
            if self.negotiating:
                self._proposals_panel(area)
            else:
                self._panels(area)
        else:
            # the orders right under a full page of moves; what the column has left takes the dashboard or
            # the goals if it is enough for a few rows, so the map has the room under the detail box
            rows_end = left.y + pager_h + px(4) + self._per_page * row_h
            orders = pygame.Rect(left.x, rows_end + px(2), left.width, orders_h)
            under = pygame.Rect(left.x, orders.bottom + m, left.width, left.bottom - orders.bottom - m)
            beside = under.height >= px(LEFT_PANEL)
            room = min(self._detail_height(right.width), int(right.height * (0.6 if beside else 0.7)))
            gap = m if beside else px(4)
            if not beside:  # the map and every headline row of the dashboard under the detail: a longer move scrolls
                room = min(room, right.height - gap - self._band_height(right.width))
            detail = pygame.Rect(right.x, right.y, right.width, room)
            area = pygame.Rect(right.x, detail.bottom + gap, right.width, right.bottom - detail.bottom - gap)
            if self.negotiating and beside:  # the dashboard stays in the moves' column; the panel has the map's place
                self._panels(under, area)
                self._proposals_panel(area, keep_dashboard=True)
            elif self.negotiating:
                self._proposals_panel(area)
            else:
                self._panels(under if beside else area, area if beside else None)
        self.detail = UITextBox(self.detail_html(), detail, app.manager, object_id=PANEL)
        self.orders_box = UITextBox(self._orders_html(), orders, app.manager, object_id=PANEL)
        self.hovering = None

    def _propose_button(self, rect: pygame.Rect) -> int:
        """The "Propose to …" button at the right of the list's title row (`rect`); returns where it starts."""
        app, px = self.app, self.app.px
        to = join(self.partners())
        text = first_fit(app, [_("Propose to {partners} (P)", partners=to), _("Propose (P)")], rect.width // 2 - px(24))
        width = text_width(app, text) + px(24)
        self.propose_button = UIButton(pygame.Rect(rect.right - width, rect.y, width, rect.height), text, app.manager)
        self._propose_label()
        return rect.right - width

    def _propose_label(self) -> None:
        """The propose button is enabled while the move P would propose is a joint move that can be ordered."""
        button = self.propose_button
        if button is None:
            return
        move = self.propose_target()
        if move is not None and len(move.partners) > 1 and self.status(move) is None:
            button.enable()
        else:
            button.disable()

    def _proposals_panel(self, area: pygame.Rect, keep_dashboard: bool = False) -> None:
        """The proposals panel in `area`, in the place of the map (and of the dashboard or goals sharing it)."""
        self.map_rect = pygame.Rect(area.x, area.y, 0, 0)
        if not keep_dashboard:
            self.dash_rect = pygame.Rect(area.x, area.y, area.width, 0)
            self.tab_buttons, self.goals_box = {}, None
        self.panel.build(area)

    def _list_width(self, room: int, short: bool = False) -> int:
        """The moves' column: as wide as the longest name with its cost, within a share of the window (a
        smaller one when the window is short for the UI scale: the detail box needs the width to stay low
        enough to leave the map and the dashboard room under it; the longest names are shortened)."""
        app, px = self.app, self.app.px
        names = max((text_width(app, f"9  {move_name(self.rules, m.id)}") for m in self.moves), default=px(200))
        costs = max((text_width(app, cost_text(m, short)) for m in self.moves), default=0)
        need = names + 2 * BORDER + 2 * px(8) + px(8) + costs + px(8)
        share = 0.54 if self.compact else 0.36 if short else 0.46
        return max(min(px(300), room // 2), min(need, int(room * share)))

    def _header(self, m: int) -> int:
        """Heading and Bot / Save / Undo / Commit, on one row if they fit; returns where the briefing starts."""
        app, px = self.app, self.app.px
        width = app.size[0]
        view = self.view
        name, turn = self.names[self.faction], _("turn {turn} of {turns}", turn=view.turn, turns=self.rules.n_turns)
        heads = [_("{faction} — orders for {label} ({turn})", faction=name, label=view.label, turn=turn),
                 f"{name} — {view.label} ({turn})", f"{name} — {view.label}", name]
        labels = [("bot", _("Bot plays (B)"), _("Bot")), ("save", _("Save (Ctrl+S)"), _("Save")),
                  ("undo", _("Undo (Ctrl+Z)"), _("Undo")), ("commit", _("Commit (Enter)"), _("Commit"))]
        gap, pad, bh = px(8), px(28), px(36)

        def span(long: bool) -> int:
            return sum(text_width(app, lbl[1 if long else 2], bold=lbl[0] == "commit") + pad + gap for lbl in labels)

        shortest = text_width(app, heads[-2], 24, True)
        use_long = width - 2 * m - span(True) - px(12) >= shortest
        one_row = use_long or width - 2 * m - span(False) - px(12) >= shortest
        room = width - 2 * m - (span(use_long) + px(12) if one_row else 0)
        UILabel(pygame.Rect(m, m, room, bh), first_fit(app, heads, room - px(4), 24, True), app.manager,
                object_id=ObjectID(class_id="@heading"))
        row_y = m if one_row else m + bh
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
        self.bot_button = made["bot"]
        return row_y + bh + px(6)

    def _briefing(self, m: int, top: int) -> int:
        """The turn's briefing: one line, or (E, More) every line whole; returns where the columns start."""
        app, px = self.app, self.app.px
        width, height = app.size
        lines = briefing_lines(self.view.briefing)
        self.brief_lines = lines
        self.brief_button = self.brief_box = self.brief_label = None
        strip_h = px(30)
        text = _("Less (E)") if self.brief_open else _("More (E)")
        x = width - m
        self.help_buttons = {}
        self.proposals_button = None
        for page, label in reversed(HELP_PAGES):  # the glossary and the sources, at the strip's right end
            label = _(label)
            bw = text_width(app, label) + px(24)
            x -= bw
            self.help_buttons[page] = UIButton(pygame.Rect(x, top, bw, strip_h), label, app.manager)
            x -= px(8)
        if self.partners() and not compact_layout(app):  # compact: the button is in the tab row
            # the strip keeps room for the event's name before the button says how many wait
            keep = min(text_width(app, one_line(lines)), px(300)) + text_width(app, text) + px(40)
            x = self._proposals_toggle(pygame.Rect(m, top, x - m, strip_h), x - m - keep) - px(8)
        bw = text_width(app, text) + px(24)
        room = x - m - (bw + px(8) if lines else 0)
        if lines:
            self.brief_button = UIButton(pygame.Rect(x - bw, top, bw, strip_h), text, app.manager)
        if self.brief_open and lines:
            # open for a moment: under the strip's buttons, the whole width and up to half the height
            full = width - 2 * m
            plain = [_("{label}: {text}", label=line.label, text=line.text) for line in lines]  # measured bold
            h = max(strip_h, min(text_box_height(app, plain, full, bold=True), height // 2))
            html = "<br>".join((f"<font color='#E69F00'>" if line.warn else "<font color='#EBEEF5'>") +
                               _("<b>{label}:</b> {text}", label=escape(line.label), text=escape(line.text)) + "</font>"
                               for line in lines)
            UILabel(pygame.Rect(m, top, room, strip_h), _("Briefing"), app.manager,
                    object_id=ObjectID(class_id="@muted"))
            top += strip_h + px(4)
            self.brief_box = UITextBox(html, pygame.Rect(m, top, full, h), app.manager, object_id=PANEL)
            return top + h + px(6)
        warn = bool(lines) and lines[0].warn
        self.brief_label = UILabel(pygame.Rect(m, top, room, strip_h),
                                   first_fit(app, [one_line(lines)], room - px(6)), app.manager,
                                   object_id=ObjectID(class_id="@warn" if warn else None))
        return top + strip_h + px(4)

    def _proposals_toggle(self, row: pygame.Rect, room: int, need: bool = True) -> int:
        """The proposals panel's button at the right of `row`, saying how many proposals wait (within `room` if it
        can; without `need`, no button if even the shortest does not fit: N still opens the panel); returns where
        it starts."""
        app, px = self.app, self.app.px
        count = len(waiting(self.game, self.faction))
        variants = ([ngettext("Proposals: {n} waiting (N)", "Proposals: {n} waiting (N)", count),
                     _("Proposals: {n} (N)", n=count)] if count else []) + [_("Proposals (N)")]
        label = next((v for v in variants if text_width(app, v) + px(24) <= room), None if not need else variants[-1])
        if label is None:
            return row.right
        bw = min(row.width, text_width(app, label) + px(24))
        self.proposals_button = UIButton(pygame.Rect(row.right - bw, row.y, bw, row.height), label, app.manager,
                                         object_id=ObjectID(class_id="@primary") if count else None)
        if self.negotiating:
            self.proposals_button.select()
        return row.right - bw

    def _hint(self, m: int) -> int:
        """The keys, on a line at the bottom (most needed first when they do not all fit); returns its top."""
        app, px = self.app, self.app.px
        width, height = app.size
        panel = "goals" if self.shown_tab() == "goals" else "dashboard"
        commands = 0 if self.short_commands else 3
        panel = _("goals") if panel == "goals" else _("dashboard")
        parts = [(2, _("1-9 order")), (2, _("Up/Down, Space")), (2, _("Left/Right pages")),
                 (0, _("PgUp/PgDn detail")), (0, _("Shift+PgUp/PgDn orders")), (0, f"[ ] {panel}"),
                 (1, _("Tab panels")), (1, _("E event")), (1, _("G glossary")), (1, _("R sources")), (4, _("L legend")),
                 (commands, _("Enter commits")), (commands, _("Ctrl+Z undo")), (commands, _("Ctrl+S save")),
                 (commands, _("B bot plays")), (5, _("Esc back"))]
        if self.partners():
            parts[3:3] = [(1, _("P propose")), (1, _("N proposals"))]
            if self.negotiating:
                parts[:0] = [(0, _("A/D/C/W accept, decline, counter, withdraw"))]
        keys = _("Keys: ")
        h, low = px(20), px(6)  # the line sits lower than the margin: its small text needs little room
        self.hint_label = UILabel(pygame.Rect(m, height - low - h, width - 2 * m, h),
                                  keys + fit_parts(app, parts, width - 2 * m - px(6) - text_width(app, keys, 13),
                                                       13), app.manager,
                                  object_id=ObjectID(class_id="@small"))
        return height - low - h - px(4)

    def _rows(self, x: int, y: int, width: int, row_h: int) -> int:
        """The page's move (or target) buttons, each move with its cost beside it; returns where they end."""
        app, px = self.app, self.app.px
        self.buttons, self.costs = {}, {}
        short = False
        cost_w = 0
        if self.picking is None and self.moves:
            names = max(text_width(app, f"9  {move_name(self.rules, m.id)}") for m in self.moves) + 2 * BORDER + 2 * px(8)
            long_w = max(text_width(app, cost_text(m)) for m in self.moves) + px(8)
            short = width - long_w - px(6) < names
            cost_w = max(text_width(app, cost_text(m, short)) for m in self.moves) + px(8)
        for k, row in enumerate(self.page_rows()):
            bw = width - (cost_w + px(6) if cost_w else 0)
            rect = pygame.Rect(x, y, bw, row_h - px(4))
            if self.picking is None:
                why, text = self.status(row), self.move_label(k, row, inner_width(app, bw))
            else:
                why = self.desk.refusal(Order(self.picking.id, row))
                text = first_fit(app, [f"{k + 1}  {place_name(self.rules, row)}" + (_("  (unavailable)") if why else ""),
                                       f"{k + 1}  {place_name(self.rules, row)}" + (_(" (n/a)") if why else "")],
                                 inner_width(app, bw))
            self.buttons[k] = UIButton(rect, text, app.manager,
                                       object_id=ObjectID(class_id="@move_unavailable" if why else "@move"))
            if cost_w:
                self.costs[k] = UILabel(pygame.Rect(rect.right + px(6), y, cost_w, row_h - px(4)),
                                        cost_text(row, short), app.manager,
                                        object_id=ObjectID(class_id="@muted" if why else None))
            y += row_h
        if self.cursor is not None:
            self.cursor = min(self.cursor, len(self.buttons) - 1) if self.buttons else None
            if self.cursor is not None:
                self.buttons[self.cursor].select()
        return y

    def _detail_height(self, width: int) -> int:
        """Room for the whole detail of a typical move (three in four of this faction's moves fit whole, with
        an expected effect on its headline tracks and a line of smaller changes); a longer one scrolls
        (PageUp/PageDown)."""
        key = (width, self.app.scale, self.short)
        if key not in self._detail_room:
            rules, faction = self.rules, self.faction
            heads = [track_name(rules, t) for t in rules.headline_tracks(faction)] + \
                [_("{faction} score", faction=self.names[faction])]
            effect = _("Expected effect this turn (target {target}): {changes}", target=_("Rest of ASEAN"),
                       changes=_(", ").join(f"{h} +0.5" for h in heads))
            needs = []
            for move in self.moves:
                lines, small = plain_lines(rules, faction, self.names, move, targets=not self.short)
                needs.append(text_box_height(self.app, lines + [effect], width, small=small + [ALSO_ALLOWANCE],
                                             small_size=SOURCES_SIZE))
            needs = sorted(needs) or [self.app.px(80)]
            self._detail_room[key] = needs[(len(needs) * 3) // 4 - (len(needs) % 4 == 0)]
        return self._detail_room[key]

    def _band_height(self, width: int) -> int:
        """The least height of the band under the detail box: a map of useful size, or the tab row over a
        dashboard (at most half the band's width) showing all its headline rows, whichever is higher."""
        px = self.app.px
        dash_w = width - px(12) - (width - px(12)) // 2
        return max(px(MAP_LEAST), px(TAB_ROW) + px(4) + self.dashboard.headline_height(dash_w))

    def _orders_lines(self) -> list[tuple[str, str]]:
        """The orders box's lines as (html, plain): what is left to spend, each order, the last message."""
        view, rules = self.view, self.rules
        fac = rules.factions[rules.faction_index[self.faction]]
        moves = [rules.moves[rules.move_index[o.move]] for o in view.own_orders]
        budget = view.tracks.get(fac.budget_track, 0.0)
        ap_left, budget_left = fac.action_points - sum(m.cost.ap for m in moves), budget - sum(m.cost.budget for m in moves)
        left = _("{ap} of {ap_total} AP, {budget} of {budget_total} budget left", ap=ap_left, ap_total=fac.action_points,
                 budget=number(budget_left), budget_total=number(budget))
        lines = [(_("<b>Your orders</b> · {left}", left=left), _("Your orders · {left}", left=left))]
        given = [f"{k}. {order_label(rules, order)}" + self._held_mark(order)
                 + ("" if self.compact else f" — {cost_text(move)}")
                 for k, (order, move) in enumerate(zip(view.own_orders, moves), 1)]
        if self.compact and given:  # a narrow box: the orders run on as one paragraph
            given = ["; ".join(given)]
        lines += [(escape(text), text) for text in given] or [("<i>" + _("none yet") + "</i>", _("none yet"))]
        for note in (self.message, self.flow.save_problem and _("Autosave failed: {why}", why=self.flow.save_problem)):
            if note:
                lines.append((f"<font color='#E69F00'>{escape(note)}</font>", note))
        return lines

    def _held_mark(self, order: Order) -> str:
        """" · proposed to Japan", " · agreed with Japan": what holds an order in place (withdraw to drop it)."""
        held = self.game.negotiation.holding(self.faction, order)
        if held is None:
            return ""
        others = join([self.names[p] for p in held.parties if p != self.faction])
        if held.standing.value == "accepted":
            return _(" · agreed with {partners}", partners=others)
        if held.by == self.faction:
            return _(" · proposed to {partners}", partners=others)
        return _(" · accepted, waiting for {partners}", partners=others)

    def _orders_html(self) -> str:
        return "<br>".join(html for html, _ in self._orders_lines())

    def _orders_height(self, width: int) -> int:
        """Room for every line of the orders box, and for as many orders as there are action points, so the
        layout does not jump as orders are given (a message takes a line more)."""
        fac = self.rules.factions[self.rules.faction_index[self.faction]]
        plain = [text for _, text in self._orders_lines()]
        spare = max(0, 1 + (1 if self.compact else fac.action_points) - len(plain))
        return text_box_height(self.app, plain + ["-"] * spare, width, bold=True)

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
        self.propose_button = None
        if self.picking is None and self.partners():
            right = self._propose_button(pygame.Rect(x, rect.y, right - x, rect.height)) - px(8)
        if self.picking is not None:
            text = _("Cancel (Esc)")
            bw = text_width(app, text) + px(24)
            self.cancel_button = UIButton(pygame.Rect(right - bw, rect.y, bw, rect.height), text, app.manager)
            right -= bw + px(8)
            name = move_name(self.rules, self.picking.id)
            if self.pages() > 1:
                page = _("Page {page}/{pages}", page=self.page + 1, pages=self.pages())
                variants = [_("{page}: target for {move}: number key or click the map", page=page, move=name),
                            _("{page}: target for {move}", page=page, move=name), _("{page}: target", page=page)]
            else:
                variants = [_("Target for {move}: number key or click the map", move=name),
                            _("Target for {move}", move=name), _("Target")]
        else:
            where = _("page {page} of {pages}", page=self.page + 1, pages=self.pages())
            keys = f"1-{len(self.page_rows())}"
            short = f"{self.page + 1}/{self.pages()}"
            variants = [_("Moves, {where} (Left/Right) · number key or click to order · cost", where=where),
                        _("Moves, {where} (Left/Right) · {keys} orders", where=where, keys=keys),
                        _("Moves {page} · {keys} orders", page=short, keys=keys), _("Moves {page}", page=short)]
        UILabel(pygame.Rect(x, rect.y, right - x, rect.height), first_fit(app, variants, right - x - px(4)),
                app.manager, object_id=ObjectID(class_id="@muted"))
        return rect.bottom + px(4)

    def _panels(self, area: pygame.Rect, map_area: pygame.Rect | None = None) -> None:
        """The tab row and the map, the dashboard or the goals in `area` (wide: the map beside or over the rest,
        or in `map_area` when it has its own)."""
        app, px, m = self.app, self.app.px, self.app.px(12)
        tab_h = px(TAB_ROW)
        shown = self.shown_tab()
        if self.compact or map_area is not None:
            tabs_at = pygame.Rect(area.x, area.y, area.width, tab_h)
            panel = pygame.Rect(area.x, area.y + tab_h + px(4), area.width, area.height - tab_h - px(4))
            self.map_rect = map_area or (panel if shown == "map" else pygame.Rect(panel.x, panel.y, 0, 0))
        elif area.width >= 2 * area.height:  # a wide band: the map beside the dashboard
            map_w = min(int(area.height * 1.9), (area.width - m) // 2)
            self.map_rect = pygame.Rect(area.x, area.y, map_w, area.height)
            tabs_at = pygame.Rect(self.map_rect.right + m, area.y, area.right - self.map_rect.right - m, tab_h)
            panel = pygame.Rect(tabs_at.x, tabs_at.bottom + px(4), tabs_at.width, area.bottom - tabs_at.bottom - px(4))
        else:  # a tall one: the map over the dashboard
            map_h = min(int(area.width / 1.8), int((area.height - tab_h) * 0.6))
            self.map_rect = pygame.Rect(area.x, area.y, area.width, map_h)
            tabs_at = pygame.Rect(area.x, self.map_rect.bottom + px(6), area.width, tab_h)
            panel = pygame.Rect(area.x, tabs_at.bottom + px(4), area.width, area.bottom - tabs_at.bottom - px(4))
        self.tab_buttons = {}
        x, gap = tabs_at.x, px(6)
        if self.compact and self.partners():  # the proposals panel's button ends the tab row, if the tabs leave room
            tabs = sum(text_width(app, _(TAB_NAMES[t][-1])) + px(24) + gap for t in self.tabs())
            tabs_at = pygame.Rect(tabs_at.x, tabs_at.y, self._proposals_toggle(tabs_at, tabs_at.width - tabs, False)
                                  - gap - tabs_at.x, tabs_at.height)
        long = sum(text_width(app, _(TAB_NAMES[t][0])) + px(24) + gap for t in self.tabs()) <= tabs_at.width + gap
        for tab in self.tabs():
            text = _(TAB_NAMES[tab][0 if long else -1])
            bw = min(tabs_at.right - x, text_width(app, text) + px(24))
            self.tab_buttons[tab] = UIButton(pygame.Rect(x, tabs_at.y, bw, tab_h), text, app.manager)
            if tab == shown:
                self.tab_buttons[tab].select()
            x += bw + gap
        self.dash_rect = panel if shown == "dashboard" else pygame.Rect(panel.x, panel.y, panel.width, 0)
        self.goals_box = None
        if shown == "goals":
            self.goals_box = UITextBox(goals_html(self.faction, self.names, self.view), panel, app.manager, object_id=PANEL)
        if self.map is not None and self.map_rect.width > 0:
            self.map.patterns = app.settings.patterns
            self.map.text_scale = app.scale
            self.map.layout(self.map_rect)

    # -------------------------------------------------------------- actions

    def show(self, move) -> None:
        """Explain `move` in the detail box."""
        if move is not self.focus:
            self.focus = move
            self.detail.set_text(self.detail_html())
            self._propose_label()

    def show_target(self, target: str) -> None:
        """While picking: preview the picked move on `target` in the detail box."""
        if target != self.target:
            self.target = target
            self.detail.set_text(self.detail_html())

    def show_row(self, row) -> None:
        """Explain the row under the pointer or the cursor: a move, or (while picking) a target."""
        if self.picking is not None:
            self.show_target(row)
        else:
            self.show(row)

    def order(self, move, target: str | None = None) -> None:
        """Add an order (asking for a target first if the move needs one)."""
        self.focus = move
        if move.target is not None and target is None:
            usable = [t for t in move.target.options if self.desk.refusal(Order(move.id, t)) is None]
            if not usable:
                self.message = self.status(move)
            elif len(usable) == 1:
                return self.order(move, usable[0])
            else:
                self.picking, self.message, self.move_page, self.page, self.cursor = move, None, self.page, 0, None
                self.target = None
            if self.picking is None:
                self.proposing = False
            self.app.rebuild()
            return
        if self.proposing:  # the proposal waits for its reason in the panel; nothing is ordered until then
            self.panel.propose(Order(move.id, target))
            self.negotiating = True
            self.message = None
        else:
            try:
                self.game.submit(self.faction, Order(move.id, target))
                self.message = None
            except IllegalOrderError as exc:
                self.message = str(exc).removeprefix(f"{self.names[self.faction]}: ")
        self.stop_picking()
        self.app.rebuild()

    def propose(self, move=None) -> None:
        """P or the Propose button: propose a joint move to its partners (its target picked first, as for an
        order; then the panel asks for the reason, and the proposal places the order)."""
        move = move or self.propose_target()
        if move is None or self.game.is_over:
            return
        if len(move.partners) < 2:
            self.message = _("{move} is not a joint move; only joint moves are proposed to partners",
                             move=move_name(self.rules, move.id))
            self.app.rebuild()
            return
        self.stop_picking()
        self.proposing = True
        self.order(move)

    def toggle_proposals(self) -> None:
        """N or the Proposals button: show the proposals panel in the map's place, or the map again."""
        if not self.partners():
            return
        if self.negotiating:
            self.panel.cancel()
        self.negotiating = not self.negotiating
        self.app.rebuild()

    def escape_field(self) -> bool:
        """Esc in the reason field cancels the request it is for."""
        return self.panel.cancel()

    def stop_picking(self) -> None:
        self.proposing = False
        if self.picking is not None:
            self.picking, self.page, self.cursor, self.target = None, self.move_page, None, None

    def undo(self) -> None:
        try:
            undone = self.game.undo(self.faction)
            self.message = _("Taken back: {order}", order=order_label(self.rules, undone))
        except IllegalOrderError as exc:
            self.message = str(exc).removeprefix(f"{self.names[self.faction]}: ")
        self.app.rebuild()

    def save(self) -> None:
        from game.ui.scenes.play import save_game

        self.message = save_game(self.app, self.flow)
        self.app.rebuild()

    def commit(self) -> None:
        from game.ui.scenes.play import advance

        self.game.commit(self.faction)
        advance(self.app, self.flow)

    def hand_to_bot(self) -> None:
        """B: ask, then let the stand-in bot play this faction's turn, replacing its pending orders."""
        from game.ui.scenes.play import offer_bot

        def refused(message: str) -> None:
            self.message = message
            self.app.rebuild()

        offer_bot(self.app, self.flow, self.faction, refused)

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
        """Up/Down: put the keyboard cursor on the next row and explain it at once."""
        if not self.buttons:
            return
        k = 0 if self.cursor is None else (self.cursor + step) % len(self.buttons)
        for button in self.buttons.values():
            button.unselect()
        self.cursor = k
        self.buttons[k].select()
        self.hovering = None
        self.show_row(self.page_rows()[k])
        self._propose_label()

    def switch_tab(self, tab: str | None = None) -> None:
        """Show `tab` (default: the next one) in the panel."""
        tabs = self.tabs()
        self.tab = tab if tab is not None else tabs[(tabs.index(self.shown_tab()) + 1) % len(tabs)]
        self.app.rebuild()

    def toggle_briefing(self) -> None:
        if self.brief_lines:
            self.brief_open = not self.brief_open
            self.app.rebuild()

    def open_help(self, page: str) -> None:
        """The glossary or the sources page; Esc there comes back to this screen as it was (this scene, kept
        whole: the target being picked, the page, the focused move)."""
        from game.ui.scenes.reference import open_glossary, open_sources

        (open_glossary if page == "glossary" else open_sources)(self.app, self)

    def back(self) -> None:
        if self.panel.cancel():  # the counter picker, or a request waiting for its reason
            return
        if self.picking is not None:
            self.stop_picking()
            self.app.rebuild()
            return
        super().back()

    def update(self, dt: float) -> None:
        if self.hovering is not None:
            row, rested = self.hovering
            self.hovering = (row, rested + dt)
            if rested + dt >= HOVER_DELAY:
                self.hovering = None
                self.show_row(row)

    def handle(self, event: pygame.event.Event) -> None:
        if self.map is not None and self.map_rect.width > 0 and event.type in (pygame.MOUSEMOTION,
                                                                                pygame.MOUSEBUTTONDOWN):
            before = self.map.hover
            picked = self.map.handle_event(event)
            if picked and self.picking is not None and picked in self.picking.target.options:
                self.order(self.picking, picked)
                return
            hover = self.map.hover
            if self.picking is not None and hover != before and hover in self.picking.target.options:
                self.hovering = (hover, 0.0)  # a region to target: previewed once the pointer rests on it
                return
        if event.type != pygame.KEYDOWN or self.dash_rect.height > 0:
            self.dashboard.handle(event)
        if event.type == pygame.MOUSEMOTION and self.hovering is not None:
            self.hovering = (self.hovering[0], 0.0)  # still moving: the pointer has not paused yet
        if event.type in (pygame_gui.UI_TEXT_ENTRY_CHANGED, pygame_gui.UI_TEXT_ENTRY_FINISHED) and self.negotiating:
            self.panel.text_event(event)
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            self._pressed(event.ui_element)
        elif event.type == pygame_gui.UI_BUTTON_ON_HOVERED:
            for k, button in self.buttons.items():
                if event.ui_element is button and k < len(self.page_rows()):
                    self.hovering = (self.page_rows()[k], 0.0)
        elif event.type == pygame_gui.UI_BUTTON_ON_UNHOVERED and self.hovering is not None:
            self.hovering = None
        elif event.type == pygame.KEYDOWN:
            self._key(event)

    def _pressed(self, element) -> None:
        actions = {self.commit_button: self.commit, self.undo_button: self.undo, self.save_button: self.save,
                   self.bot_button: self.hand_to_bot,
                   self.prev_button: lambda: self.turn_page(-1), self.next_button: lambda: self.turn_page(+1),
                   self.cancel_button: self.back, self.brief_button: self.toggle_briefing}
        actions.update({button: (lambda tab=tab: self.switch_tab(tab)) for tab, button in self.tab_buttons.items()})
        actions.update({button: (lambda page=page: self.open_help(page)) for page, button in self.help_buttons.items()})
        actions.update({self.propose_button: self.propose, self.proposals_button: self.toggle_proposals})
        actions.pop(None, None)
        if self.negotiating and self.panel.pressed(element):
            return
        if element in actions:
            actions[element]()
            return
        for k, button in self.buttons.items():
            if element is button:
                self.choose(k)
                return

    def _key(self, event: pygame.event.Event) -> None:
        ctrl, shift = event.mod & pygame.KMOD_CTRL, event.mod & pygame.KMOD_SHIFT
        if self.negotiating and self.panel.key(event):
            return
        if event.key == pygame.K_n and not ctrl:
            self.toggle_proposals()
        elif event.key == pygame.K_p and not ctrl and self.partners():
            self.propose()
        elif ctrl and event.key == pygame.K_z:
            self.undo()
        elif ctrl and event.key == pygame.K_s:
            self.save()
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.commit()
        elif event.key == pygame.K_TAB:
            self.switch_tab()
        elif event.key == pygame.K_e:
            self.toggle_briefing()
        elif event.key in HELP_KEYS:
            self.open_help(HELP_KEYS[event.key])
        elif event.key == pygame.K_b:
            self.hand_to_bot()
        elif event.key == pygame.K_l and self.map is not None:
            self.map.toggle_legend()
        elif pygame.K_1 <= event.key <= pygame.K_9:
            self.choose(event.key - pygame.K_1)
        elif pygame.K_KP1 <= event.key <= pygame.K_KP9:
            self.choose(event.key - pygame.K_KP1)
        elif event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            pages = 1 if event.key == pygame.K_PAGEDOWN else -1
            scroll_text(self.orders_box if shift else self.detail, pages)
        elif event.key in PANEL_SCROLL and self.goals_box is not None:
            scroll_text(self.goals_box, PANEL_SCROLL[event.key])
        elif event.key == pygame.K_RIGHT:
            self.turn_page(+1)
        elif event.key == pygame.K_LEFT:
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
            map_tooltip(self.app, self.map, self.rules, state, surface, [_("Click to target this region")] if target else [])
        if self.dash_rect.height > 0:
            self.dashboard.draw(surface, self.dash_rect, view.tracks, histories, changes)

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
