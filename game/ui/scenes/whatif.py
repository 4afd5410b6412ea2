"""Branch here and What if…?: a new game from a past turn of a save, and the lab's answer to "what if a faction had
ordered otherwise on that turn", from the replay viewer and the debrief.

Branch here chooses who sits in each seat (as the setup screen offers them) and starts the new game from the state
before turn K's orders (game.session.branch), autosaved to a new file; the original save is never written.

What if…? chooses the turn, the faction and the order it gives instead (from that faction's legal orders then), and
how many games; game.analysis.what_if plays them in a worker thread while the window draws the progress. Esc
cancels: the progress callback, called between chunks of games, raises `Cancelled`, which ends the run after the
chunk under way (nothing is kept). The worker runs in the window's language, so the words it makes (the arms, the
notes, where the played game falls) are in it. The answer charts the faction's score and the dashboard's headline
measures as two distributions each (arm A, the order given instead, in filled bars; arm B, the turn as played, in
outlined bars); the A − B differences list every measure, charted or not, and where the played game's outcome
falls; it is recorded beside the save for the exported report.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from html import escape
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UISelectionList, UITextBox, UITextEntryLine

from game import i18n
from game.i18n import _
from game.session.words import faction_name, number, signed, track_name
from game.ui.app import ACCENT, BACKGROUND, INK, MUTED, PANEL, WARN, Scene
from game.ui.board import dashboard_tracks, order_label
from game.ui.charts import Series, distribution_chart
from game.ui.fit import first_fit, scroll_text, shorten, text_width
from game.ui.scenes.menu import heading, label_of, seat_of, seat_options, full_seat

GAMES = (20, 200, 2000)  # the least, the default and the most games of a what-if
ARM_STYLES = ((ACCENT, "circle", False), (WARN, "square", True))  # arm A filled, arm B outlined: never colour alone
CHART_GRIDS = ((2, 2), (1, 2), (1, 1))
CHART_MIN = (280, 180)  # a chart's least size at 100% (times the UI scale)
WARN_HEX = "#E69F00"
MUTED_HEX = "#AEB8CC"


class Cancelled(Exception):
    """Raised from the progress callback when the players pressed Esc: what_if stops after the chunk under way."""


def _bottom_buttons(app, labels: list[str]) -> list[UIButton]:
    """Buttons in the bottom row from the right (the first label rightmost, in the primary style)."""
    px, (width, height) = app.px, app.size
    m, bh = px(24), px(46)
    x, out = width - m, []
    for k, label in enumerate(labels):
        w = text_width(app, label, bold=k == 0) + px(36)
        x -= w
        out.append(UIButton(pygame.Rect(x, height - m - bh, w, bh), label, app.manager,
                            object_id=ObjectID(class_id="@primary") if k == 0 else None))
        x -= px(10)
    return out


# ------------------------------------------------------------------------------------------ branch here


class BranchScene(Scene):
    """Who sits in each seat of a new game branched from the state before turn K of a save."""

    def __init__(self, app, replay, turn: int, back: Callable[[], None]):
        super().__init__(app)
        self.replay, self.turn, self._back = replay, turn, back
        self.rules = replay.rules
        seats = replay.frame(turn).seats if turn <= replay.turns else replay.seats
        self.seats = {f: full_seat(self.rules, f, seats.get(f, replay.seats[f])) for f in
                      (x.id for x in self.rules.factions)}
        self.error: str | None = None

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        name = Path(self.replay.path).name
        label = self.rules.turn_label(self.turn)
        fields = dict(name=name, k=self.turn, label=label)
        m = heading(app, first_fit(app, [_("Branch {name} at turn {k} ({label})", **fields),
                                         _("Branch at turn {k} ({label})", **fields), _("Branch at turn {k}", **fields)],
                                   width - 2 * px(24), 24, bold=True))
        self.start_button, self.cancel_button = _bottom_buttons(app, [_("Start the branch (Enter)"), _("Cancel (Esc)")])
        y = m + px(56)
        label_w = max(text_width(app, faction_name(self.rules, f)) for f in self.seats) + px(24)
        row_w = min(width - 2 * m, px(720))
        self.dropdowns: dict[str, UIDropDownMenu] = {}
        for k, faction in enumerate(self.seats):
            UILabel(pygame.Rect(m, y, label_w, px(40)), f"{faction_name(self.rules, faction)}", app.manager)
            options = seat_options(self.rules, faction)
            self.dropdowns[faction] = UIDropDownMenu(
                [text for text, _seat in options], label_of(options, self.seats[faction]),
                pygame.Rect(m + label_w, y, row_w - label_w, px(40)), app.manager)
            y += px(48)
        played = " · ".join(_("{faction}: {seat}", faction=faction_name(self.rules, f),
                               seat=_("a team") if s == "human" else s) for f, s in self.replay.seats.items())
        earlier = {1: _("no turn before it"), 2: _("turn 1 as it was played")}.get(
            self.turn, _("turns 1 to {k} as they were played", k=self.turn - 1))
        about = (escape(_("A new game starts from the state before the orders of {turn}: the same seed, {earlier}, "
                          "these seats. It is autosaved as a new game; {name} is not changed.", turn=label,
                          earlier=earlier, name=name))
                 + f"<br><font color='{MUTED_HEX}'>" + escape(_("The save's seats: {seats}", seats=played)) + "</font>")
        if self.error:
            about = f"<font color='{WARN_HEX}'>{escape(self.error)}</font><br>" + about
        box_h = self.start_button.rect.y - px(10) - y - px(8)
        if box_h > px(40):
            UITextBox(about, pygame.Rect(m, y + px(8), width - 2 * m, box_h), app.manager)

    def start(self) -> None:
        from game.session.branch import branch
        from game.ui.scenes.menu import prepare, warmed

        app, path, turn, seats = self.app, Path(self.replay.path), self.turn, dict(self.seats)
        out = app.store.new_autosave_path(self.rules.id)

        def work():
            out.parent.mkdir(parents=True, exist_ok=True)  # the first game of a new home has no autosaves folder
            return warmed(branch(path, turn, seats, out=out))

        prepare(app, _("the branch at turn {k}", k=turn), work, failed=self.refused, autosave=out)

    def refused(self, reason: str) -> None:
        self.error = _("Cannot branch the game: {why}", why=reason)
        self.app.switch(self)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            for faction, menu in self.dropdowns.items():
                if event.ui_element is menu:
                    self.seats[faction] = seat_of(seat_options(self.rules, faction), event.text)
        elif event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.start_button:
                self.start()
            elif event.ui_element is self.cancel_button:
                self.back()
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.start()

    def back(self) -> None:
        self._back()


# ------------------------------------------------------------------------------------------ what if


def chart_cells(app, rect: pygame.Rect) -> list[pygame.Rect]:
    """2x2 charts if each is at least CHART_MIN (times the UI scale), else two stacked, else one."""
    px, gap = app.px, app.px(10)
    for columns, rows in CHART_GRIDS:
        w, h = (rect.width - gap * (columns - 1)) // columns, (rect.height - gap * (rows - 1)) // rows
        if (w >= px(CHART_MIN[0]) and h >= px(CHART_MIN[1])) or (columns, rows) == CHART_GRIDS[-1]:
            return [pygame.Rect(rect.x + c * (w + gap), rect.y + r * (h + gap), w, h)
                    for r in range(rows) for c in range(columns)]
    return []


class WhatIfScene(Scene):
    """Ask (turn, faction, the order instead, games), run with a progress bar, then the two distributions."""

    def __init__(self, app, replay, turn: int, back: Callable[[], None], game=None):
        super().__init__(app)
        self.replay, self._back = replay, back
        self.rules = replay.rules
        self.turn = max(1, min(turn, replay.turns))
        self._games: dict[int, object] = {turn: game} if game is not None else {}
        self.faction = self.rules.factions[0].id
        self.choice = 0  # the order chosen, an index into options()
        self.games_text = str(GAMES[1])
        self.phase = "ask"  # then "running", then "done"
        self.error: str | None = None
        self.message: str | None = None
        self.done, self.total = 0, 0
        self.result = None
        self.result_faction = self.asked = self.faction
        self.page = 0
        self.per_page = 4
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._outcome: tuple[object, str | None] | None = None  # (result, error) handed over by the worker

    # ------------------------------------------------------------------ the question

    def game_before(self):
        if self.turn not in self._games:
            self._games[self.turn] = self.replay.game_before(self.turn)
        return self._games[self.turn]

    def options(self) -> list:
        """The faction's legal orders before the turn (what it could have ordered instead)."""
        return self.game_before().legal_orders(self.faction)

    def played(self) -> str:
        orders = self.replay.frame(self.turn).orders.get(self.faction, ())
        return _(", ").join(order_label(self.rules, o) for o in orders) or _("no orders")

    def _read_games(self) -> int | None:
        text = self.games_text.strip()
        if not text.isdigit() or not GAMES[0] <= int(text) <= GAMES[2]:
            self.error = (_("The number of games must be a whole number from {least} to {most}; got {text}.",
                            least=GAMES[0], most=GAMES[2], text=text) if text else
                          _("The number of games must be a whole number from {least} to {most}; got nothing.",
                            least=GAMES[0], most=GAMES[2]))
            return None
        return int(text)

    # ------------------------------------------------------------------ layout

    def build(self) -> None:
        {"ask": self._build_ask, "running": self._build_running, "done": self._build_done}[self.phase]()

    def _build_ask(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        name = Path(self.replay.path).name
        m = heading(app, first_fit(app, [_("What if…? — {name}", name=name), _("What if…?")], width - 2 * px(24), 24,
                                   bold=True))
        self.run_button, self.back_button = _bottom_buttons(app, [_("Run (Enter)"), _("Back (Esc)")])
        rh, gap = px(38), px(8)
        y = m + px(50)
        label_w = max(text_width(app, t) for t in (_("Turn"), _("Faction"), _("Games"))) + px(20)
        UILabel(pygame.Rect(m, y, label_w, rh), _("Turn"), app.manager)
        self.turn_prev = UIButton(pygame.Rect(m + label_w, y, px(40), rh), "<", app.manager)
        turn_text = first_fit(app, [_("{label} (turn {k} of {n})", label=self.rules.turn_label(self.turn), k=self.turn,
                                      n=self.replay.turns),
                                    f"{self.rules.turn_label(self.turn)}", f"{self.turn}"],
                              px(260))
        tw = text_width(app, turn_text) + px(24)
        UILabel(pygame.Rect(m + label_w + px(44), y, tw, rh), turn_text, app.manager)
        self.turn_next = UIButton(pygame.Rect(m + label_w + px(48) + tw, y, px(40), rh), ">", app.manager)
        if self.turn <= 1:
            self.turn_prev.disable()
        if self.turn >= self.replay.turns:
            self.turn_next.disable()
        y += rh + gap
        UILabel(pygame.Rect(m, y, label_w, rh), _("Faction"), app.manager)
        x = m + label_w
        self.faction_buttons: dict[str, UIButton] = {}
        for k, f in enumerate(x.id for x in self.rules.factions):
            text = f"{k + 1} {faction_name(self.rules, f)}"
            w = text_width(app, text) + px(28)
            self.faction_buttons[f] = UIButton(pygame.Rect(x, y, w, rh), text, app.manager)
            if f == self.faction:
                self.faction_buttons[f].select()
            x += w + gap
        y += rh + gap
        UILabel(pygame.Rect(m, y, width - 2 * m, px(28)),
                shorten(app, _("Played that turn: {orders}. Instead (Up/Down):", orders=self.played()),
                        width - 2 * m - px(8)),
                app.manager, object_id=ObjectID(class_id="@muted"))
        y += px(30)
        bottom = self.run_button.rect.y - px(10)
        games_y = bottom - rh
        note_h = px(30)
        list_h = max(px(60), games_y - gap - note_h - y)
        labels = [f"{order_label(self.rules, o)}" for o in self.options()]
        self.choice = min(self.choice, max(0, len(labels) - 1))
        self.labels = [f"{k + 1}. {text}" for k, text in enumerate(labels)]
        self.list = UISelectionList(pygame.Rect(m, y, width - 2 * m, list_h), self.labels or [_("(no legal order)")],
                                    app.manager, default_selection=self.labels[self.choice] if self.labels else None)
        y += list_h + gap // 2
        note = self.error or _("Arm A: this order instead on {turn}; arm B: the turn as played. The turns after it are "
                               "played by bots, each game with its own seed.", turn=self.rules.turn_label(self.turn))
        UILabel(pygame.Rect(m, y, width - 2 * m, note_h), shorten(app, note, width - 2 * m - px(8)), app.manager,
                object_id=ObjectID(class_id="@muted"))
        UILabel(pygame.Rect(m, games_y, label_w, rh), _("Games"), app.manager)
        self.games_box = UITextEntryLine(pygame.Rect(m + label_w, games_y, px(110), rh), app.manager)
        self.games_box.set_allowed_characters("numbers")
        self.games_box.set_text(self.games_text)
        UILabel(pygame.Rect(m + label_w + px(120), games_y, max(1, self.back_button.rect.x - m - label_w - px(130)),
                            rh), first_fit(app, [_("{least} to {most} (Tab to type)", least=GAMES[0], most=GAMES[2]),
                                f"{GAMES[0]}–{GAMES[2]}"],
                                           max(1, self.back_button.rect.x - m - label_w - px(140))),
                app.manager, object_id=ObjectID(class_id="@muted"))
        if not self.labels:
            self.run_button.disable()

    def _build_running(self) -> None:
        self.cancel_button = _bottom_buttons(self.app, [_("Cancel (Esc)")])[0]

    def _build_done(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = px(12)
        result = self.result
        self.back_button, self.again_button = _bottom_buttons(app, [_("Back (Esc)"), _("Ask another (N)")])
        for button in (self.back_button, self.again_button):  # the bottom row at this screen's margin
            button.set_relative_position((button.rect.x + px(12), height - m - button.rect.height))
        title = [_("What if: {order}", order=result.labels[0]), _("What if…?")]
        UILabel(pygame.Rect(m, m, width - 2 * m, px(36)), first_fit(app, title, width - 2 * m, 22, bold=True),
                app.manager, object_id=ObjectID(class_id="@heading"))
        sub = _("Against: {played} · {n} games from {turn}", played=result.labels[1], n=result.games,
                turn=self.rules.turn_label(result.turn))
        UILabel(pygame.Rect(m, m + px(36), width - 2 * m, px(30)), shorten(app, sub, width - 2 * m - px(8)),
                app.manager, object_id=ObjectID(class_id="@muted"))
        top = m + px(68)
        bottom = self.back_button.rect.y - m
        share = 0.62 if width / app.scale >= 1100 else 0.55
        chart_w = int((width - 3 * m) * share)
        self.prev_button = UIButton(pygame.Rect(m, top, px(40), px(30)), "<", app.manager)
        self.next_button = UIButton(pygame.Rect(m + px(44), top, px(40), px(30)), ">", app.manager)
        chart_bottom = height - m  # the buttons beside the charts, or under them if they reach into the charts
        if self.again_button.rect.x < m + chart_w + m:
            chart_bottom = self.again_button.rect.y - m
        self.chart_rect = pygame.Rect(m, top + px(38), chart_w, chart_bottom - top - px(38))
        self.cells = chart_cells(app, self.chart_rect)
        self.per_page = len(self.cells)
        pages = self.pages()
        self.page = min(self.page, pages - 1)
        where = first_fit(app, [_("Charts, page {k} of {n} (Left/Right)", k=self.page + 1, n=pages),
                                f"{self.page + 1}/{pages}"], chart_w - px(100))
        UILabel(pygame.Rect(m + px(92), top, chart_w - px(92), px(30)), where, app.manager,
                object_id=ObjectID(class_id="@muted"))
        right = pygame.Rect(2 * m + chart_w, top, width - chart_w - 3 * m, bottom - top)
        self.text_box = UITextBox(self.answer_html(), right, app.manager)

    def metrics(self) -> list[tuple[str, str]]:
        """The measures of the answer: the chosen faction's score, the dashboard's headline measures, then the other
        core tracks (other factions' scores are left out: the question is about this faction); tracks named in the
        window's language."""
        faction = self.result_faction
        headline = dashboard_tracks(self.rules)[0]
        rank = {metric: k for k, metric in enumerate([f"score:{faction}", *headline])}
        chosen = [(metric, self.metric_label(metric, label)) for metric, label in self.result.metrics()
                  if not metric.startswith("score:") or metric == f"score:{faction}"]
        return sorted(chosen, key=lambda item: rank.get(item[0], len(rank)))

    def metric_label(self, metric: str, label: str) -> str:
        """A measure's name in the window's language: a track's own name; a score as the analysis words it in
        English (game.analysis writes English only), else "{faction}の得点"."""
        if metric in self.rules.track_index:
            return track_name(self.rules, metric)
        faction = metric.partition(":")[2]
        if not metric.startswith("score:") or faction not in self.rules.faction_index or i18n.current() == i18n.SOURCE:
            return label
        return _("{faction} score", faction=faction_name(self.rules, faction))

    def charted(self) -> list[tuple[str, str]]:
        """The measures with a chart: the faction's score and the dashboard's headline measures (the other core
        tracks are only in the differences beside the charts)."""
        first = {f"score:{self.result_faction}", *dashboard_tracks(self.rules)[0]}
        return [(metric, label) for metric, label in self.metrics() if metric in first]

    def pages(self) -> int:
        return max(1, -(-len(self.charted()) // max(1, self.per_page)))

    def answer_html(self) -> str:
        """What the arms are, the A − B difference of each measure's mean, and where the played game falls."""
        from game.analysis.compare import paired

        result = self.result
        hexes = ("#56B4E9", "#E69F00")
        out = []
        if self.message:
            out.append(f"<font color='{WARN_HEX}'>{escape(self.message)}</font><br>")
        out.append(f"<font color='{hexes[0]}'><b>A</b></font> "
                   + escape(_("(filled bars, circle): {arm}", arm=result.labels[0])))
        out.append(f"<font color='{hexes[1]}'><b>B</b></font> "
                   + escape(_("(outlined bars, square): {arm}", arm=result.labels[1])))
        out += [f"<font color='{MUTED_HEX}'>" + escape(_("Note: {note}", note=note)) + "</font>" for note in result.notes]
        if result.finished:
            out.append(f"<font color='{MUTED_HEX}'>" + _("The dotted line is the played game's final value; each "
                                                          "arm's mean is the line with its marker.") + "</font>")
        out.append("<br><b>" + _("A − B, the difference of the means") + "</b> <font color='" + MUTED_HEX + "'>"
                   + _("(± twice its standard error; the games are paired by seed)") + "</font>")
        charted = {metric for metric, _label in self.charted()}
        rest = False
        for metric, label in self.metrics():
            a, b = result.values(metric)
            if len(a) and len(b):
                if metric not in charted and not rest:  # the measures without a chart follow under their heading
                    out.append("<br><b>" + _("Without a chart") + "</b>")
                    rest = True
                d = paired(b, a)
                out.append(escape(_("{measure}:", measure=label)) + f" <b>{signed(d.mean)}</b> "
                           + escape(_("(± {twice_se}); A {a}, B {b}", twice_se=number(2 * d.se),
                                      a=number(float(a.mean())), b=number(float(b.mean())))))
        if result.placements:
            out.append("<br><b>" + _("Where the played game falls") + "</b>")
            out += [f"· {escape(p)}" for p in result.placements]
        return "<br>".join(out)

    # ------------------------------------------------------------------ running

    def run(self) -> None:
        from game.analysis.requests import Force
        from game.analysis.whatif import what_if

        games = self._read_games()
        options = self.options()
        if games is None or not options:
            self.app.rebuild()
            return
        order = options[self.choice]
        force = Force(self.faction, order.move, order.target, self.turn)
        self.asked = self.faction  # the faction of the question under way (its score is charted)
        self.games_total, self.done, self.total = games, 0, games
        self.error, self.message, self.page = None, None, 0
        self._cancel.clear()
        self._outcome = None
        self.phase = "running"
        source, turn, cancel = Path(self.replay.path), self.turn, self._cancel
        chunk = max(GAMES[0], min(100, games // 10))  # about ten steps of the bar (the results do not depend on it)

        def progress(done: int, total: int) -> None:
            self.done, self.total = done, total
            if cancel.is_set():
                raise Cancelled()

        def work() -> None:  # run in the window's language (the thread would start in the default one)
            try:
                outcome = (what_if(source, turn, games, force=[force], progress=progress, chunk=chunk), None)
            except Cancelled:
                outcome = (None, "cancelled")
            except Exception as exc:  # any refusal reaches the players, in words
                outcome = (None, str(exc) or type(exc).__name__)
            self._outcome = outcome

        language = self.app.language

        def in_language() -> None:
            with i18n.use(language):
                work()

        self._thread = threading.Thread(target=contextvars.copy_context().run, args=(in_language,), name="what-if",
                                        daemon=True)
        self._thread.start()
        self.app.rebuild()

    def update(self, dt: float) -> None:
        if self.phase != "running" or self._outcome is None:
            return
        result, error = self._outcome
        self._outcome, self._thread = None, None
        if error is not None:
            self.phase = "ask"
            self.error = (_("Cancelled after {done} of {total} games; nothing was kept.", done=self.done,
                            total=self.total) if error == "cancelled" else _("The what-if could not run: {why}", why=error))
            self.app.rebuild()
            return
        self.result, self.phase, self.result_faction = result, "done", self.asked
        self.message = self.keep(result)
        self.app.rebuild()

    def keep(self, result) -> str | None:
        """Record the answer beside the save for the report; a failure to record is said, the answer stays shown."""
        from game.analysis.whatif import record

        try:
            record(self.replay.path, result)
        except Exception as exc:  # the file could not be written: the players still see the answer
            return _("Not kept for the report: {why}", why=exc)
        return None

    def cancel(self) -> None:
        self._cancel.set()

    # ------------------------------------------------------------------ drawing

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        if self.phase == "running":
            self._draw_progress(surface)
        elif self.phase == "done":
            font = self.app.font(12)
            for cell, (metric, label) in zip(self.cells, self.charted()[self.page * self.per_page:]):
                pygame.draw.rect(surface, PANEL, cell, border_radius=self.app.px(4))
                a, b = self.result.values(metric)
                arms = [Series(_("{arm} ({mean} on average)", arm=name, mean=number(float(v.mean()))) if len(v) else name,
                               list(v), colour,
                               marker, dashed=hollow)
                        for name, v, (colour, marker, hollow) in zip(("A", "B"), (a, b), ARM_STYLES)]
                self.app.drawn += distribution_chart(surface, cell.inflate(-self.app.px(8), -self.app.px(8)), label,
                                                     arms, font, played=self.result.played(metric))

    def _draw_progress(self, surface: pygame.Surface) -> None:
        app, px = self.app, self.app.px
        width, height = surface.get_size()
        cx, y = width // 2, height // 2 - px(80)
        title = first_fit(app, [_("Playing the continuations…"), _("Playing…")], width - px(40), 28, bold=True)
        app.text(surface, title, 28, (cx, y), anchor="midtop", bold=True)
        y += px(52)
        for line in app.wrap(_("{done} of {total} games from {turn}. Esc cancels after the games under way.",
                               done=self.done, total=self.total, turn=self.rules.turn_label(self.turn)), 17,
                             min(width - px(40), px(720))):
            app.text(surface, line, 17, (cx, y), MUTED, anchor="midtop")
            y += px(26)
        bar = pygame.Rect(0, 0, min(width - px(80), px(520)), px(18))
        bar.midtop = (cx, y + px(12))
        pygame.draw.rect(surface, PANEL, bar, border_radius=px(9))
        done = bar.copy()
        done.width = round(bar.width * self.done / max(1, self.total))
        if done.width > 0:
            pygame.draw.rect(surface, ACCENT, done, border_radius=px(9))
        if self._cancel.is_set():
            app.text(surface, _("Cancelling…"), 17, (cx, bar.bottom + px(14)), INK, anchor="midtop")

    # ------------------------------------------------------------------ events

    def handle(self, event: pygame.event.Event) -> None:
        {"ask": self._handle_ask, "running": self._handle_running, "done": self._handle_done}[self.phase](event)

    def _handle_ask(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            if event.text in self.labels:
                self.choice = self.labels.index(event.text)
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.games_box:
            self.games_text, self.error = self.games_box.get_text(), None
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.games_box:
            self.app.manager.set_focus_set(None)
        elif event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.run_button:
                self.run()
            elif event.ui_element is self.back_button:
                self.back()
            elif event.ui_element in (self.turn_prev, self.turn_next):
                self.set_turn(self.turn + (1 if event.ui_element is self.turn_next else -1))
            else:
                for faction, button in self.faction_buttons.items():
                    if event.ui_element is button:
                        self.set_faction(faction)
        elif event.type == pygame.KEYDOWN:
            factions = [f.id for f in self.rules.factions]
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.run()
            elif pygame.K_1 <= event.key < pygame.K_1 + len(factions):
                self.set_faction(factions[event.key - pygame.K_1])
            elif event.key in (pygame.K_UP, pygame.K_DOWN) and self.labels:
                self.choice = (self.choice + (1 if event.key == pygame.K_DOWN else -1)) % len(self.labels)
                self.app.rebuild()
            elif event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.set_turn(self.turn + (1 if event.key == pygame.K_RIGHT else -1))
            elif event.key == pygame.K_TAB:
                self.app.manager.set_focus_set(self.games_box)

    def set_turn(self, turn: int) -> None:
        if 1 <= turn <= self.replay.turns and turn != self.turn:
            self.turn, self.choice, self.error = turn, 0, None
            self.app.rebuild()

    def set_faction(self, faction: str) -> None:
        if faction != self.faction:
            self.faction, self.choice, self.error = faction, 0, None
            self.app.rebuild()

    def _handle_running(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.cancel_button:
            self.cancel()

    def _handle_done(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back_button:
                self.back()
            elif event.ui_element is self.again_button:
                self.ask_again()
            elif event.ui_element in (self.prev_button, self.next_button):
                self.turn_page(-1 if event.ui_element is self.prev_button else 1)
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.turn_page(-1 if event.key == pygame.K_LEFT else 1)
            elif event.key == pygame.K_n:
                self.ask_again()
            elif event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                step = {pygame.K_UP: -0.25, pygame.K_DOWN: 0.25, pygame.K_PAGEUP: -1, pygame.K_PAGEDOWN: 1}
                scroll_text(self.text_box, step[event.key])

    def turn_page(self, step: int) -> None:
        self.page = (self.page + step) % self.pages()
        self.app.rebuild()

    def ask_again(self) -> None:
        self.phase, self.result, self.message = "ask", None, None
        self.app.rebuild()

    def back(self) -> None:
        """Esc: while running, cancel (the answer is dropped); else back where the what-if was opened from."""
        if self.phase == "running":
            self.cancel()
        else:
            self._back()
