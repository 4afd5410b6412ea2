"""The replay viewer: a save's resolved turns, one at a time, as everyone at the screen saw them.

For turn K it shows the briefing the teams read before ordering (as the orders screen has it), who held each seat,
the facilitator's actions, and the report (the headlines, every faction's orders with the bots' reasons, every
change with its causes; the same parts as the report screen), beside the map and the dashboard before or after the
turn (T). Left/Right and PgUp/PgDn step, Home/End go to the first and last turn; B branches a new game from the
state before turn K, W asks what if a faction had ordered otherwise, E exports the report. Everything comes from
game.session.replay, which never includes an unresolved turn's pending orders; Esc goes back where it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.session.briefing import briefing
from game.session.game import HUMAN
from game.i18n import N_, _
from game.session.words import faction_name
from game.ui.app import BACKGROUND, MUTED, Scene
from game.ui.board import history, map_state
from game.ui.briefing import briefing_lines
from game.ui.dashboard import Dashboard
from game.ui.export import export_report
from game.ui.fit import first_fit, fit_lines, scroll_text, shorten, text_width
from game.ui.scenes.play import make_map, map_tooltip
from game.ui.scenes.reference import open_glossary, open_sources
from game.ui.scenes.report import (FOLD_LINK, MUTED_HEX, banner_text, draw_banner, game_start, headlines, map_event,
                                   keep_scroll, report_html, scroll_offset, shown)

STEP_KEYS = {pygame.K_LEFT: -1, pygame.K_RIGHT: +1, pygame.K_PAGEUP: -1, pygame.K_PAGEDOWN: +1,
             pygame.K_HOME: -10**6, pygame.K_END: 10**6}  # turns stepped by each key
SCROLL_KEYS = {pygame.K_UP: -0.25, pygame.K_DOWN: 0.25}  # the text scrolls by quarter pages
REPLAY_HINT = N_("Left/Right, PgUp/PgDn: turn · Home/End: first/last · Up/Down: scroll · T: map before/after · "
               "M: folded changes · B: branch here · W: what if · E: export report")
WARN_HEX = "#E69F00"


def seat_words(rules, faction: str, seat: str) -> str:
    """Who held a seat, in words: "a team" or "bot: search (normal)"."""
    from game.ui.scenes.menu import full_seat, label_of, seat_options

    if seat == HUMAN:
        return _("a team")
    return label_of(seat_options(rules, faction), full_seat(rules, faction, seat)).replace("Bot: ", "bot: ")


class ReplayScene(Scene):
    """Turn K of a saved game; `back` is where Esc goes (the load screen, or closing the window)."""

    def __init__(self, app, replay, back: Callable[[], None] | None = None, turn: int = 1):
        super().__init__(app)
        self.replay = replay
        self.rules = replay.rules
        self.final = replay.final()  # every resolved turn, never a pending order
        self.start = game_start(self.final)
        self._back = back
        self.turn = max(1, min(turn, replay.turns)) if replay.turns else 0
        self.side = "after"  # the map and the dashboard as they were "before" or "after" the turn
        self.expanded = False
        self.message: str | None = None
        self.map = make_map(app, self.rules)
        self.dashboard = Dashboard(app, self.rules)
        self._before: dict[int, object] = {}  # turn -> the game before its orders (replayed once)
        self._maps: dict[tuple, pygame.Surface] = {}
        self._scroll_to: int | None = None
        self._state = None
        self.banner: str | None = None
        self.banner_lines: list[str] = []
        self.banner_rect = pygame.Rect(0, 0, 0, 0)

    # ------------------------------------------------------------------ what the turn was

    @property
    def name(self) -> str:
        return Path(self.replay.path).name

    def game_before(self, turn: int):
        """The game as it stood before `turn`'s orders (replayed once per turn)."""
        if turn not in self._before:
            self._before[turn] = self.replay.game_before(turn)
        return self._before[turn]

    def values(self, side: str) -> dict[str, float]:
        """Every track before or after the shown turn (before: as it was resolved, facilitator actions included)."""
        record = self.final.history[self.turn - 1]
        after = {t.id: float(v) for t, v in zip(self.rules.tracks, record.x)}
        if side == "after":
            return after
        if record.x_before is not None:
            return {t.id: float(v) for t, v in zip(self.rules.tracks, record.x_before)}
        before = dict(after)
        for change in record.report.changes:
            before[change.track] = change.before
        return before

    def title_variants(self) -> list[str]:
        n, k = self.replay.turns, self.turn
        if not n:
            return [_("Replay: {name} — no turn resolved yet", name=self.name), _("Replay: no turn resolved yet")]
        fields = dict(name=self.name, k=k, n=n, label=self.rules.turn_label(k))
        return [_("Replay: {name} — turn {k} of {n} ({label})", **fields), _("Replay: {name} — turn {k} of {n}", **fields),
                _("Replay — turn {k} of {n}", **fields), _("Turn {k}/{n}", **fields)]

    def subtitle(self) -> str:
        """The provenance, if the game was branched, and how far the game went."""
        replay, rules = self.replay, self.rules
        parts = []
        if replay.provenance:
            parts.append(replay.provenance[:1].upper() + replay.provenance[1:])
        if replay.finished:
            winner = self.final.winner()
            parts.append(_("the game is over: {faction} won", faction=faction_name(rules, winner)) if winner
                         else _("the game is over"))
        else:
            parts.append(_("the game stopped after turn {k} of {n}", k=replay.turns, n=rules.n_turns))
        text = _("; ").join(parts)
        return text[:1].upper() + text[1:]

    def text_html(self) -> str:
        """The turn's briefing, seats and facilitator actions, then the report as the report screen shows it."""
        rules = self.rules
        if not self.replay.turns:
            return ("<i>" + _("No turn of this game has been resolved yet, so there is nothing to replay: the orders "
                              "given so far are secret until the turn resolves.") + "</i>")
        frame = self.replay.frame(self.turn)
        out = []
        if self.message:
            out.append(f"<font color='{WARN_HEX}'>{escape(self.message)}</font>")
        out.append("<b>" + _("Briefing") + "</b>")
        lines = briefing_lines(briefing(self.game_before(self.turn)))
        out += [_("<b>{label}:</b> {text}", label=escape(line.label), text=escape(shown(rules, line.text)))
                for line in lines] or ["<i>" + _("No event this turn.") + "</i>"]
        seats = " · ".join(escape(_("{faction}: {seat}", faction=faction_name(rules, f), seat=seat_words(rules, f, s)))
                           for f, s in frame.seats.items())
        out.append(_("<b>Seats:</b> {seats}", seats=seats))
        if frame.interventions:
            out.append("<br><b>" + _("The facilitator") + "</b>")
            for action in frame.interventions:
                undone = f" <font color='{MUTED_HEX}'>" + _("(later undone)") + "</font>" if action.undone else ""
                out.append(f"· {escape(shown(rules, action.words or action.text(rules)))}{undone}")
        out.append("<br><b>" + _("Report") + "</b>")
        out.append(report_html(rules, frame.report, self.expanded, hint=_(REPLAY_HINT)))
        return "<br>".join(out)

    # ------------------------------------------------------------------ layout

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m, bh = px(12), px(40)
        back = first_fit(app, [_("Back (Esc)"), _("Back")], width // 4)
        bw = text_width(app, back) + px(32)
        self.back_button = UIButton(pygame.Rect(width - m - bw, m, bw, px(44)), back, app.manager)
        room = self.back_button.rect.x - 2 * m
        UILabel(pygame.Rect(m, m, room, px(36)), first_fit(app, self.title_variants(), room, 24, bold=True),
                app.manager, object_id=ObjectID(class_id="@heading"))
        UILabel(pygame.Rect(m, m + px(38), width - 2 * m, px(30)), shorten(app, self.subtitle(), width - 2 * m - px(8)),
                app.manager, object_id=ObjectID(class_id="@muted"))
        y = m + px(70)
        self.buttons: dict[str, UIButton] = {}
        side = _("after") if self.side == "after" else _("before")
        row = [("prev", [_("< Previous (Left)"), _("< Prev"), "<", "<"]),
               ("next", [_("Next (Right) >"), _("Next >"), ">", ">"]),
               ("side", [_("Map: {side} (T)", side=side), _("Map: {side}", side=side), _("Map: {side}", side=side),
                         side[:1].upper() + side[1:]]),
               ("branch", [_("Branch here (B)"), _("Branch here"), _("Branch here"), _("Branch")]),
               ("whatif", [_("What if…? (W)"), _("What if…?"), _("What if…?"), _("What if")]),
               ("export", [_("Export report (E)"), _("Export report"), _("Export"), _("Export")])]
        gap = px(8)
        for level in range(4):  # the longest wordings that fit the row
            widths = [text_width(app, variants[level]) + px(28) for _key, variants in row]
            if sum(widths) + gap * (len(row) + 1) <= width - 2 * m or level == 3:
                break
        x, right = m, width - m
        for k, ((key, variants), w) in enumerate(zip(row, widths)):
            text = variants[level]
            if key in ("branch", "whatif", "export"):  # the actions on the right, the stepping on the left
                continue
            self.buttons[key] = UIButton(pygame.Rect(x, y, w, bh), text, app.manager)
            x += w + gap
        for (key, variants), w in reversed(list(zip(row, widths))[3:]):
            right -= w
            self.buttons[key] = UIButton(pygame.Rect(right, y, w, bh), variants[level],
                                         app.manager, object_id=ObjectID(class_id="@primary") if key == "branch"
                                         else None)
            right -= gap
        n = self.replay.turns
        if self.turn <= 1:
            self.buttons["prev"].disable()
        if self.turn >= n:
            self.buttons["next"].disable()
        if not n:
            for key in ("side", "branch", "whatif"):
                self.buttons[key].disable()
        top = y + bh + m
        items = headlines(self.rules, self.replay.frame(self.turn).report) if n else []
        self.banner = banner_text(items)
        self.banner_lines = fit_lines(app, self.banner, width - 2 * m - px(24), 16, bold=True) if self.banner else []
        line = app.font(16, bold=True).get_linesize()
        self.banner_rect = pygame.Rect(m, top, width - 2 * m, len(self.banner_lines) * line + px(12)
                                       if self.banner else 0)
        if self.banner:
            top = self.banner_rect.bottom + m
        left_w = min(width // 2, max(px(420), int(width * 0.45)))
        if width - left_w - 3 * m < px(240):  # a big scale on a small window: the text first
            left_w = width - 2 * m
        self.text_box = UITextBox(self.text_html(), pygame.Rect(m, top, left_w, height - top - m), app.manager)
        keep_scroll(self.text_box, self._scroll_to)
        self._scroll_to = None
        right_rect = pygame.Rect(2 * m + left_w, top, max(0, width - left_w - 3 * m), height - top - m)
        dash_h = min(px(30) * 8 + px(12), right_rect.height // 2)
        self.map_rect = pygame.Rect(right_rect.x, right_rect.y, right_rect.width, right_rect.height - dash_h - m)
        self.dash_rect = pygame.Rect(right_rect.x, self.map_rect.bottom + m, right_rect.width, dash_h)
        self._maps = {}
        self._state = None
        if self.map is not None:
            self.map.patterns = app.settings.patterns
            self.map.legend = True

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        if self.banner:
            draw_banner(self.app, surface, self.banner_rect, self.banner_lines)
        if not self.replay.turns or self.map_rect.width <= 0:
            return
        values = self.values(self.side)
        if self.map is not None and self.map_rect.height > 0:
            key = (self.turn, self.side, self.map_rect.size)
            if key not in self._maps:
                state = map_state(self.rules, values)
                self.map.set_fills(state.fills)
                self.map.set_tensions(state.tensions)
                self.map.layout(self.map_rect)
                self._maps = {key: self.map.render(self.map_rect.size, like=self.app.screen)}
                self._state = state
            surface.blit(self._maps[key], self.map_rect)
            self.map.draw_overlays(surface)
            if self.map.hover is not None and self._state is not None:
                map_tooltip(self.app, self.map, self.rules, self._state, surface)
            label = self.rules.turn_label(self.turn)
            self.app.text(surface, _("Before {turn}", turn=label) if self.side == "before"
                          else _("After {turn}", turn=label), 14, (self.map_rect.x + self.app.px(8),
                          self.map_rect.y + self.app.px(6)), MUTED, bold=True)
        records = self.final.history[:self.turn]
        tracks = set(self.dashboard.headline) | set(self.dashboard.support)
        histories = {k: history(self.rules, self.start, records, k) for k in tracks}
        if self.side == "before":
            histories = {k: v[:-1] for k, v in histories.items()}
            changes = {}
        else:
            changes = {c.track: c.delta for c in records[-1].report.changes}
        self.dashboard.draw(surface, self.dash_rect, values, histories, changes)

    # ------------------------------------------------------------------ actions

    def step(self, by: int) -> None:
        """Go `by` turns forward (negative: back), within the resolved turns."""
        n = self.replay.turns
        turn = max(1, min(n, self.turn + by)) if n else 0
        if turn != self.turn:
            self.turn, self.message, self.expanded = turn, None, False
            self.app.rebuild()

    def toggle_side(self) -> None:
        if self.replay.turns:
            self.side = "before" if self.side == "after" else "after"
            self.rebuild()

    def toggle_smaller(self) -> None:
        self.expanded = not self.expanded
        self.rebuild()

    def rebuild(self) -> None:
        """Lay the scene out again with the text where the reader left it."""
        self._scroll_to = scroll_offset(self.text_box)
        self.app.rebuild()

    def branch(self) -> None:
        if self.replay.turns:
            from game.ui.scenes.whatif import BranchScene

            self.app.switch(BranchScene(self.app, self.replay, self.turn, back=lambda: self.app.switch(self)))

    def what_if(self) -> None:
        if self.replay.turns:
            from game.ui.scenes.whatif import WhatIfScene

            self.app.switch(WhatIfScene(self.app, self.replay, self.turn, back=lambda: self.app.switch(self),
                                        game=self.game_before(self.turn)))

    def export(self) -> None:
        self.message = export_report(self.app.store, Path(self.replay.path))[1]
        self.rebuild()

    def handle(self, event: pygame.event.Event) -> None:
        self.dashboard.handle(event)
        if map_event(self.map, event):
            self._maps = {}  # the legend opened or closed: the cached map frames are stale
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            actions = {"prev": lambda: self.step(-1), "next": lambda: self.step(+1), "side": self.toggle_side,
                       "branch": self.branch, "whatif": self.what_if, "export": self.export}
            for key, button in self.buttons.items():
                if event.ui_element is button:
                    actions[key]()
                    return
            if event.ui_element is self.back_button:
                self.back()
        elif event.type == pygame_gui.UI_TEXT_BOX_LINK_CLICKED and event.link_target == FOLD_LINK:
            self.toggle_smaller()
        elif event.type == pygame.KEYDOWN:
            keys = {pygame.K_t: self.toggle_side, pygame.K_m: self.toggle_smaller, pygame.K_b: self.branch,
                    pygame.K_w: self.what_if, pygame.K_e: self.export,
                    pygame.K_r: lambda: open_sources(self.app, self), pygame.K_g: lambda: open_glossary(self.app, self)}
            if event.key in STEP_KEYS:
                self.step(STEP_KEYS[event.key])
            elif event.key in SCROLL_KEYS:
                scroll_text(self.text_box, SCROLL_KEYS[event.key])
            elif event.key == pygame.K_l and self.map is not None:
                self.map.toggle_legend()
                self._maps = {}
            elif event.key in keys:
                keys[event.key]()

    def back(self) -> None:
        if self._back is not None:
            self._back()
        else:
            super().back()
