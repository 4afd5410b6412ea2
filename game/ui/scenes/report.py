"""After a turn: the report (the headlines with each faction's score change, every order revealed, every change of
half a point or more with its causes and sources, the smaller ones folded into one line; animated on the map and
the dashboard); after the last turn: the debrief (the outcome, what decided it, the key events and the scores by
term beside the core measures' charts, the other tracks that moved behind "More charts", and the timeline)."""

from __future__ import annotations

from collections import defaultdict
from html import escape

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.session.debrief import Debrief, core_tracks, debrief, moved_tracks, start_values
from game.session.report import SummaryItem, TurnReport
from game.session.scoring import score_rank
from game.i18n import N_, _, join, ngettext
from game.session.words import faction_name, from_to, number, plain, signed, sources_text, track_name
from game.ui.app import BACKGROUND, INK, MUTED, PANEL, Scene
from game.ui.board import dashboard_tracks, faction_colours, history, map_state, order_label
from game.ui.charts import MARKERS, Series, line_chart
from game.ui.dashboard import Dashboard
from game.ui.fit import first_fit, fit_lines, scroll_text, shorten, text_width
from game.ui.flow import HotSeat
from game.ui.fonts import has_glyph
from game.ui.scenes.play import advance, make_map, map_tooltip, save_game
from game.ui.scenes.reference import open_glossary, open_sources

ANIMATION = 1.2  # seconds for the map and the dashboard to go from before to after
TEXT_KEYS = {pygame.K_UP: -0.25, pygame.K_DOWN: 0.25, pygame.K_PAGEUP: -1, pygame.K_PAGEDOWN: 1,
             pygame.K_HOME: -1000, pygame.K_END: 1000}  # scroll text by pages of its box
CAUSES_SHOWN = 4  # causes listed per track change (the largest)
SMALL = 0.5  # changes smaller than this fold into one line of the report
SHOWN = 0.05  # a change smaller than this reads 0 with one decimal: not a change to a player
FOLD_LINK = "smaller"  # the link target of the folded line
HEADER_LABELS = ((N_("Save (Ctrl+S)"), N_("Glossary (G)"), N_("Sources (R)")), (N_("Save (Ctrl+S)"), N_("Glossary"), N_("Sources")),
                 (N_("Save"), N_("Glossary"), N_("Sources")))  # the report's header buttons, longest wording first
BANNER = (213, 94, 0)  # Okabe-Ito vermillion, the government tag's colour
FLAT = 1.0  # a track whose lowest and highest values over the game are no further apart gets no debrief chart
KIND_TAGS = {"event": (N_("EVENT"), "#56B4E9"), "crisis": (N_("CRISIS"), "#E69F00"),
             "government": (N_("GOVERNMENT"), "#D55E00"), "milestone": (N_("MILESTONE"), "#56B4E9"),
             "joint": (N_("JOINT"), "#009E73"), "score": (N_("SCORE"), "#F0E442"), "change": (N_("CHANGE"), "#CC79A7"),
             "war": (N_("WAR"), "#D55E00"), "proposal": (N_("PROPOSAL"), "#0072B2")}  # Okabe-Ito colours
HEADLINE_ORDER = ("event", "crisis", "government", "war", "milestone", "joint", "proposal", "score", "change")  # scores high up
MUTED_HEX = "#AEB8CC"
KEYS_HINT = N_("Up/Down, PgUp/PgDn: scroll · M: folded changes · [ and ]: more dashboard rows · L: map legend · "
             "R: sources · G: glossary")  # under the headlines, which come first
DEBRIEF_LABELS = ((N_("Save (Ctrl+S)"), N_("Export report (E)"), N_("What if…? (W)")),
                  (N_("Save"), N_("Export report"), N_("What if…?")), (N_("Save"), N_("Export"), N_("What if")))  # the debrief's header buttons, longest wording first
CHART_GRIDS = ((2, 2), (1, 2), (1, 1))  # (columns, rows) of charts on a debrief page, most first
CHART_MIN = (300, 200)  # a debrief chart's least size in pixels at 100% (times the UI scale)
WIDE = 1200  # a window at least this wide at 100% (width / UI scale) gives the charts most of the debrief
CORE_CHART_TITLES = (N_("Alliance and Japanese stability"), N_("Regional influence"), N_("Sea tension"))
GROUP_TITLES = {"core": N_("Politics, economy and power"), "influence": N_("Influence by region"),
                "channel": N_("Influence channels"), "institution": N_("Institutions"), "membership": N_("Memberships")}


def drawable(text: str) -> str:
    """Text the window's font can draw: Noto Sans has no arrow, so "52 → 55" reads "52 to 55" (Noto Sans JP keeps
    the arrow)."""
    if has_glyph("→"):
        return text
    return text.replace(" → ", " to ").replace("→", "to")


def shown(rules, text: str) -> str:
    """The session's or a bot's text as the window draws it: in players' words, with glyphs its font has."""
    return drawable(plain(rules, text))


# --- the report's parts ---------------------------------------------------------------------------


def headlines(rules, report: TurnReport) -> list[SummaryItem]:
    """The session's summary of the turn, as the window shows it: in players' words, the event, crises, the
    government, war and joint moves first, then every faction's score change, then the big changes."""
    items = [SummaryItem(item.kind, shown(rules, item.text)) for item in report.summary]
    rank = {kind: k for k, kind in enumerate(HEADLINE_ORDER)}
    return sorted(items, key=lambda item: rank.get(item.kind, len(rank)))


def headline_html(items: list[SummaryItem]) -> str:
    """The headline items (but government changes, which get the banner) as lines with a coloured kind tag; a
    prefix the tag already says ("Crisis: ") is left out."""
    out = []
    for item in items:
        if item.kind == "government":
            continue
        word, colour, text = headline_parts(item)
        out.append(f"<font color='{colour}'><b>{escape(word)}</b></font> {escape(text)}")
    return "<br>".join(out)


def headline_parts(item: SummaryItem) -> tuple[str, str, str]:
    """(tag, its colour, text) of a headline item: the kind's tag in the language shown, and the text without the
    prefix the tag already says ("Crisis: ", "Event: "; a score's " score ": "SCORE Japan 52.2 to 54.2 (+2)")."""
    word, colour = KIND_TAGS.get(item.kind, (item.kind.upper(), MUTED_HEX))
    text = item.text.removeprefix(f"{word.capitalize()}: ")  # "Crisis: ", "War: " in English
    word = _(word) if item.kind in KIND_TAGS else word
    # the session's own prefixes, in the language shown
    war = _("War: {cause} ends the game, and every faction loses", cause="\0").split("\0")[0]
    text = text.removeprefix(_("Crisis: {event}", event="")).removeprefix(_("Event: {event}", event=""))
    text = text.removeprefix(war) if item.kind == "war" else text
    if item.kind == "score":
        middle = _("{faction} score {change}", faction="\0", change="\1").split("\0")[-1].split("\1")[0]
        text = text.replace(middle, " ", 1)
    return word, colour, text


def banner_text(items: list[SummaryItem]) -> str | None:
    """The text of the banner across the report's top: the change of government, if any."""
    return next((item.text for item in items if item.kind == "government"), None)


def fold(changes) -> tuple[list, list]:
    """(listed, smaller): the changes of at least SMALL, and those under it that still show as 0.1 or more."""
    listed = [c for c in changes if abs(c.delta) >= SMALL]
    smaller = [c for c in changes if SHOWN <= abs(c.delta) < SMALL]
    return listed, smaller


def change_line(change) -> str:
    """One track's change: its name, before and after, then its largest causes with their sources, a line each."""
    telling = sorted((c for c in change.causes if abs(c.amount) >= SHOWN), key=lambda c: -abs(c.amount))
    causes = telling[:CAUSES_SHOWN]
    lines = [f"<b>{escape(change.name)}</b> {drawable(from_to(change.before, change.after))}"]
    lines += [f"    · {escape(c.cause)} {signed(c.amount)}"
              + (f" <font color='{MUTED_HEX}'>({escape(sources_text(c.sources))})</font>" if c.sources else "")
              for c in causes]
    more = len(telling) - len(causes)
    if more > 0:
        lines.append("    · <i>" + escape(_("and {n} more", n=more)) + "</i>")
    return "<br>".join(lines)


def report_html(rules, report: TurnReport, expanded: bool = False, hint: str | None = None) -> str:
    """The whole report as pygame_gui HTML: the headlines, the keys `hint`, the orders, then every change of at least
    SMALL with its causes and sources; the smaller changes fold into one line (a link) unless `expanded`."""
    hint = _(KEYS_HINT) if hint is None else hint
    out = [headline_html(headlines(rules, report)), f"<font color='{MUTED_HEX}'>{hint}</font>", "",
           "<b>" + _("Orders") + "</b>"]
    for faction, orders in report.orders.items():
        given = _(", ").join(escape(order_label(rules, o)) for o in orders) or _("no orders")
        reason = report.bot_reasons.get(faction)
        out.append(_("<b>{faction}:</b> {orders}", faction=escape(faction_name(rules, faction)), orders=given)
                   + (" <i>" + escape(_("(bot: {reason})", reason=shown(rules, reason))) + "</i>" if reason else ""))
    out.append("<br><b>" + _("What changed, and why") + "</b>")
    changes = sorted(report.changes, key=lambda c: (rules.tracks[rules.track_index[c.track]].group != "core",
                                                    -abs(c.delta)))
    listed, smaller = fold(changes)
    out += [change_line(c) for c in listed] or [
        "<i>" + _("No track changed by {small} or more.", small=number(SMALL)) + "</i>"]
    if smaller:
        if expanded:
            out.append(f"<a href='{FOLD_LINK}'>" + ngettext(
                "− {n} smaller change (under {small}) — hide (M)", "− {n} smaller changes (under {small}) — hide (M)",
                len(smaller), small=number(SMALL)) + "</a>")
            out += [change_line(c) for c in smaller]
        else:
            out.append(f"<a href='{FOLD_LINK}'>" + ngettext(
                "+ {n} smaller change (under {small}) — show (M)", "+ {n} smaller changes (under {small}) — show (M)",
                len(smaller), small=number(SMALL)) + "</a>")
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
        self.start = game_start(flow.game)
        self._maps: dict[str, pygame.Surface] = {}
        self._after_state = None  # the map's state after the turn, for the tooltip (read when first pointed at)
        self.expanded = False  # whether the changes under SMALL are listed
        self._scroll_to: int | None = None  # the text's scroll offset in pixels to restore after a rebuild
        self.banner: str | None = None
        self.banner_lines: list[str] = []
        self.banner_rect = pygame.Rect(0, 0, 0, 0)

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = px(12)
        game = self.flow.game
        bh = px(44)
        label = _("Debrief (Space)") if game.is_over else _("Continue (Space)")
        bw = text_width(app, label, bold=True) + px(32)
        self.next_button = UIButton(pygame.Rect(width - m - bw, m, bw, bh), label, app.manager,
                                    object_id=ObjectID(class_id="@primary"))
        fields = dict(label=self.report.label, k=self.report.turn, n=self.rules.n_turns)
        turn = _("{label} (turn {k} of {n})", **fields)
        tiny = _("{label}, {k}/{n}", **fields)
        least = text_width(app, tiny, 24, bold=True)
        for labels in HEADER_LABELS:  # with their keys if the title keeps room, else shorter
            labels = [_(t) for t in labels]
            if self.next_button.rect.x - sum(text_width(app, t) + px(40) for t in labels) - px(12) - m >= least:
                break
        x = self.next_button.rect.x
        self.save_button, x = header_button(app, labels[0], x)
        self.glossary_button, x = header_button(app, labels[1], x)
        self.sources_button, x = header_button(app, labels[2], x)
        room = x - px(12) - m
        UILabel(pygame.Rect(m, m, room, px(36)),
                first_fit(app, [_("Report: {turn} — the game is over", turn=turn) if game.is_over
                                else _("Report: {turn}", turn=turn), _("Report: {turn}", turn=turn), turn, tiny],
                          room, 24, bold=True),
                app.manager, object_id=ObjectID(class_id="@heading"))
        top = m + px(56)
        items = headlines(self.rules, self.report)
        self.banner = banner_text(items)
        self.banner_lines = fit_lines(app, self.banner, width - 2 * m - px(24), 16, bold=True) if self.banner else []
        line = app.font(16, bold=True).get_linesize()
        self.banner_rect = pygame.Rect(m, top, width - 2 * m, len(self.banner_lines) * line + px(12) if self.banner
                                       else 0)
        if self.banner:
            top = self.banner_rect.bottom + m
        left_w = min(width // 2, max(px(420), int(width * 0.45)))
        text = report_html(self.rules, self.report, self.expanded)
        if self.message:
            text = f"<font color='#E69F00'>{escape(self.message)}</font><br>" + text
        if self.flow.save_problem:
            text = ("<font color='#E69F00'>" + escape(_("Autosave failed: {why}", why=self.flow.save_problem))
                    + "</font><br>" + text)
        self.text_box = UITextBox(text, pygame.Rect(m, top, left_w, height - top - m), app.manager)
        if self._scroll_to is not None:  # the same line stays in view when the smaller changes fold or unfold
            keep_scroll(self.text_box, self._scroll_to)
            self._scroll_to = None
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
        if self.banner:
            draw_banner(self.app, surface, self.banner_rect, self.banner_lines)
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
        if map_event(self.map, event):
            self._maps = {}  # the legend opened or closed: the cached map frames are stale
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.next_button:
                self.elapsed = ANIMATION
                advance(self.app, self.flow)
            elif event.ui_element is self.save_button:
                self.save()
            elif event.ui_element is self.sources_button:
                open_sources(self.app, self)
            elif event.ui_element is self.glossary_button:
                open_glossary(self.app, self)
        elif event.type == pygame_gui.UI_TEXT_BOX_LINK_CLICKED and event.link_target == FOLD_LINK:
            self.toggle_smaller()
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER):
                self.next()
            elif event.key == pygame.K_s and event.mod & pygame.KMOD_CTRL:
                self.save()
            elif event.key == pygame.K_m:
                self.toggle_smaller()
            elif event.key == pygame.K_r:
                open_sources(self.app, self)
            elif event.key == pygame.K_g:
                open_glossary(self.app, self)
            elif event.key in TEXT_KEYS:
                scroll_text(self.text_box, TEXT_KEYS[event.key])
            elif event.key == pygame.K_l and self.map is not None:
                self.map.toggle_legend()
                self._maps = {}

    def toggle_smaller(self) -> None:
        """List the changes under SMALL, or fold them into one line again."""
        self.expanded = not self.expanded
        self._scroll_to = scroll_offset(self.text_box)
        self.app.rebuild()

    def save(self) -> None:
        self.message = save_game(self.app, self.flow)
        self.app.rebuild()


def map_event(map_view, event: pygame.event.Event) -> bool:
    """Pass a pointer event to a report's map (if it has one); whether its legend opened or closed."""
    if map_view is None or event.type not in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
        return False
    opened = map_view.legend_opened
    map_view.handle_event(event)
    return map_view.legend_opened != opened


def header_button(app, label: str, right: int) -> tuple[UIButton, int]:
    """A plain button in the header row ending `right`'s gap to the left; returns it and its left edge."""
    px = app.px
    width = text_width(app, label) + px(32)
    button = UIButton(pygame.Rect(right - px(8) - width, px(12), width, px(44)), label, app.manager)
    return button, button.rect.x


def draw_banner(app, surface: pygame.Surface, rect: pygame.Rect, lines: list[str]) -> None:
    """A strip across the top in the government tag's colour, its lines (fit_lines) in dark bold."""
    pygame.draw.rect(surface, BANNER, rect, border_radius=app.px(4))
    step = app.font(16, bold=True).get_linesize()
    y = rect.centery - step * len(lines) // 2
    for line in lines:
        app.text(surface, line, 16, (rect.x + app.px(12), y), colour=BACKGROUND, bold=True)
        y += step


def scroll_offset(box) -> int | None:
    """How far down a text box is scrolled, in pixels of its text (None: it has no scroll bar)."""
    bar = getattr(box, "scroll_bar", None)
    if bar is None:
        return None
    return round(bar.start_percentage * box.text_box_layout.layout_rect.height)


def keep_scroll(box, offset: int | None) -> None:
    """Scroll a (new) text box to `offset` pixels of its text."""
    bar = getattr(box, "scroll_bar", None)
    height = box.text_box_layout.layout_rect.height if bar is not None else 0
    if offset is None or bar is None or height <= 0:
        return
    bar.set_scroll_from_start_percentage(max(0.0, min(1.0 - bar.visible_percentage, offset / height)))


# ------------------------------------------------------------------------------------------ debrief


def game_start(game) -> dict[str, float]:
    """Every track's value as the game began (the session's start values), by track id."""
    return {t.id: float(v) for t, v in zip(game.rules.tracks, start_values(game))}


def tag(kind: str) -> str:
    """A kind's coloured tag, as in the report's headlines."""
    word, colour = KIND_TAGS.get(kind, (kind.upper(), MUTED_HEX))
    return f"<font color='{colour}'><b>{escape(_(word))}</b></font>"


def decided_html(rules, facts: Debrief) -> str:
    """What decided the game (the session's decisive causes) and the key events with their turns."""
    out = ["<b>" + _("What decided the game") + "</b>"]
    out += [f"· {escape(shown(rules, cause))}" for cause in facts.causes] or ["<i>" + _("No turn was played.") + "</i>"]
    out.append("<br><b>" + _("Key events") + "</b>")
    out += [f"· <b>{escape(e.label)}</b> {tag(e.kind)} {escape(shown(rules, e.text))}" for e in facts.key_events]
    if not facts.key_events:
        out.append("<i>" + _("No change of government, crisis or war.") + "</i>")
    return "<br>".join(out)


def scores_html(rules, facts: Debrief) -> str:
    """Each faction's score by term, best first: its total and place, then each term's value and points."""
    ranks = score_rank(facts.scores)
    out = ["<b>" + _("Scores by term") + f"</b> <font color='{MUTED_HEX}'>"
           + _("(each term's value, and the points it gives)") + "</font>"]
    for faction in sorted(facts.scores, key=lambda f: -facts.scores[f]):
        out.append("<b>" + escape(_("{faction}: {points} points ({rank})", faction=faction_name(rules, faction),
                                    points=number(facts.scores[faction]), rank=ranks[faction])) + "</b>")
        out += [f"    {escape(line.term)} <font color='{MUTED_HEX}'>" + _("at {value}:", value=number(line.value))
                + f"</font> <b>{number(line.points)}</b>" for line in facts.breakdown[faction]]
    return "<br>".join(out)


def timeline_html(rules, facts: Debrief) -> str:
    """Per turn: the event, triggered events, any change of government and war, then each faction's orders and
    the largest changes those orders made."""
    wars = {e.turn: e.text for e in facts.key_events if e.kind == "war"}
    out = []
    for turn in facts.timeline:
        event = " " + escape(_("— event: {event}", event=turn.event)) if turn.event else ""
        out.append(f"<b>{escape(turn.label)}</b>{event}")
        out += [f"  {tag('crisis' if name in turn.crises else 'event')} {escape(name)}" for name in turn.triggered]
        out += [f"  {tag('government')} {escape(shown(rules, text))}" for text in turn.government]
        for faction, orders in turn.orders.items():
            given = _(", ").join(escape(o) for o in orders) or _("no orders")
            effects = _("; ").join(f"{escape(t)} {signed(a)}" for t, a in turn.effects.get(faction, ()))
            out.append("  " + escape(_("{faction}:", faction=faction)) + f" {given}"
                       + (f" <i>— {effects}</i>" if effects else ""))
        if turn.turn in wars:
            out.append(f"  {tag('war')} {escape(shown(rules, wars[turn.turn]))}")
    return "<br>".join(out)


def facts_html(rules, facts: Debrief) -> str:
    """The debrief's text column: what decided the game, the key events, the scores by term, the timeline."""
    hint = f"<font color='{MUTED_HEX}'>" + _("Up/Down, PgUp/PgDn, Home/End: scroll") + "</font>"
    timeline = ("<b>" + _("Timeline: each faction's orders and their biggest effects") + "</b><br>"
                + timeline_html(rules, facts))
    return "<br><br>".join([hint + "<br>" + decided_html(rules, facts), scores_html(rules, facts), timeline])


def headline_charts(rules) -> list[tuple[str, list[str]]]:
    """The core measures' charts as (title, tracks): the dashboard's headline measures, their regional influence
    apart, and the seas' tension."""
    measures = dashboard_tracks(rules)[0]
    influence = [t for t in measures if t.endswith(".influence")]
    charts = zip(CORE_CHART_TITLES, ([t for t in measures if t not in influence], influence,
                                     [t.id for t in rules.tracks if t.group == "tension"]))
    return [(_(title), tracks) for title, tracks in charts if tracks]


class DebriefScene(Scene):
    """The outcome and the scores; the core measures' charts (the other tracks that moved behind "More charts");
    beside them what decided the game, the key events, the scores by term and the timeline, in one box that
    scrolls by keys."""

    def __init__(self, app, flow: HotSeat):
        super().__init__(app)
        self.flow = flow
        self.game = flow.game
        self.rules = flow.game.rules
        self.start = game_start(self.game)
        self.page = 0
        self.per_page = 4  # charts on a page; build() sets it from the window and the UI scale
        self.message: str | None = None
        self.facts = debrief(self.game)
        self.moving = set(moved_tracks(self.game, FLAT))
        self.core, self.more = self._chart_groups()
        self.section = "core"  # or "more": the other tracks' charts
        self._scroll_to: int | None = None  # the text's scroll offset in pixels to restore after a rebuild

    @property
    def charts(self) -> list[tuple[str, list[str]]]:
        """The charts of the section shown, as (title, tracks)."""
        return self.core if self.section == "core" else self.more

    def moved(self, track: str) -> bool:
        """Whether a track's lowest and highest values over the game are more than FLAT apart."""
        return track in self.moving

    def _chart_groups(self) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
        """(core, more) charts as (title, tracks): the core measures, always; then every other track that moved,
        a few per chart, the session's core tracks first."""
        core = headline_charts(self.rules)
        used = {t for _, ts in core for t in ts}
        first = set(core_tracks(self.rules))
        tracks = sorted((t for t in self.rules.tracks if t.id not in used and t.id in self.moving),
                        key=lambda t: t.id not in first)
        by_group: dict[str, list[str]] = defaultdict(list)
        for track in tracks:
            by_group[track.group].append(track.id)
        more = []
        for group, ids in by_group.items():
            for k in range(0, len(ids), 4):
                title = _(GROUP_TITLES[group]) if group in GROUP_TITLES else group.capitalize()
                more.append((_("{title} ({k})", title=title, k=k // 4 + 1) if len(ids) > 4 else title, ids[k:k + 4]))
        return core, more

    def flat_tracks(self) -> list[str]:
        """The tracks left out of the charts: not core, and they barely moved."""
        charted = {t for _, ts in self.core + self.more for t in ts}
        return [t.id for t in self.rules.tracks if t.id not in charted]

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

    def title_variants(self) -> list[str]:
        """The heading, longest first: the session's outcome, then shorter ones."""
        facts, rules = self.facts, self.rules
        if facts.war:
            short = _("War — everyone loses")
        elif facts.tied:
            short = _("Tied: {factions}", factions=join([faction_name(rules, f) for f in facts.tied]))
        elif facts.winner:
            short = _("{faction} wins", faction=faction_name(rules, facts.winner))
        else:
            short = _("The game is over")
        outcome = drawable(facts.outcome)
        return [_("Debrief — {outcome}", outcome=outcome), outcome, _("Debrief — {outcome}", outcome=short), short]

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = px(12)
        bw, bh = text_width(app, _("Main menu (Esc)"), bold=True) + px(32), px(44)
        fits = [(title, [_(t) for t in labels]) for title in self.title_variants()
                for labels in DEBRIEF_LABELS]  # the longest title first, then the longest buttons beside it
        two_rows = False
        for title, labels in fits:
            widths = [text_width(app, t) + px(32) for t in labels]
            if width - 2 * m - bw - sum(widths) - px(8) * len(labels) - px(12) >= text_width(app, title, 24, True):
                break
        else:  # not even the shortest outcome beside them (a projector's scale): Export and What if go below
            two_rows, labels = True, [_(t) for t in DEBRIEF_LABELS[1]]
            widths = [text_width(app, t) + px(32) for t in labels]
        x = width - m - bw - px(8)
        self.header_buttons: dict[str, UIButton] = {}
        for key, label, w in zip(("save", "export", "whatif"), labels, widths):
            if two_rows and key != "save":
                if key == "export":
                    x = width - m
                x -= w
                self.header_buttons[key] = UIButton(pygame.Rect(x, m + bh + px(6), w, px(32)), label, app.manager)
                x -= px(8)
                continue
            x -= w
            self.header_buttons[key] = UIButton(pygame.Rect(x, m, w, bh), label, app.manager)
            x -= px(8)
            title_end = x
        self.save_button = self.header_buttons["save"]
        room = title_end - m - px(4)
        line_room = (x if two_rows else width - m) - m  # the scores line, left of Export and What if if below
        UILabel(pygame.Rect(m, m, room, px(40)), first_fit(app, self.title_variants(), room, 24, bold=True),
                app.manager, object_id=ObjectID(class_id="@heading"))
        scores = self.facts.scores
        ranked = sorted(scores, key=lambda f: -scores[f])
        line = _("Scores: {scores}", scores=" · ".join(f"{faction_name(self.rules, f)} {number(scores[f])}"
                                                        for f in ranked))
        if self.message:
            line += "   " + _("({note})", note=self.message)
        line_y = m + bh + px(8) if two_rows else m + px(40)  # beside Export and What if when they are below
        UILabel(pygame.Rect(m, line_y, line_room, px(28)), shorten(app, line, line_room), app.manager)
        self.menu_button = UIButton(pygame.Rect(width - m - bw, m, bw, bh), _("Main menu (Esc)"), app.manager,
                                    object_id=ObjectID(class_id="@primary"))
        top = m + bh + px(46) if two_rows else m + px(76)
        share = 0.62 if width / app.scale >= WIDE else 0.5  # a big scale on a small window: room for the text
        chart_w = int((width - 3 * m) * share)
        self.chart_rect = pygame.Rect(m, top + px(38), chart_w, height - top - px(38) - m)
        self.cells = self.chart_cells(self.chart_rect)
        first = self.page * self.per_page  # keep the first chart shown when the charts per page change
        self.per_page = len(self.cells)
        self.page = min(first // self.per_page, self.pages() - 1)
        self.prev_button = UIButton(pygame.Rect(m, top, px(40), px(30)), "<", app.manager)
        self.next_button = UIButton(pygame.Rect(m + px(44), top, px(40), px(30)), ">", app.manager)
        other = _("More charts ({n}) (M)", n=len(self.more)) if self.section == "core" else _("Main charts (M)")
        short = _("More (M)") if self.section == "core" else _("Main (M)")
        label = first_fit(app, [other, short], max(px(60), chart_w // 3))
        ow = text_width(app, label) + px(24)
        self.more_button = UIButton(pygame.Rect(m + chart_w - ow, top, ow, px(30)), label, app.manager)
        if not self.more and self.section == "core":
            self.more_button.disable()
        x, end = m + px(92), self.more_button.rect.x - px(8)
        where = _("page {k} of {n}", k=self.page + 1, n=self.pages())
        what = _("The core measures") if self.section == "core" else _("Every other track that moved")
        left_out = len(self.flat_tracks())
        variants = [_("{what} — {where} (Left/Right)", what=what, where=where),
                    _("{what} — {where}", what=what, where=where), f"{self.page + 1}/{self.pages()}"]
        if self.section == "more" and left_out:
            variants.insert(0, ngettext("{what} — {where} (Left/Right); {n} flat track left out",
                                        "{what} — {where} (Left/Right); {n} flat tracks left out", left_out,
                                        what=what, where=where))
        UILabel(pygame.Rect(x, top, max(1, end - x), px(30)), first_fit(app, variants, max(1, end - x)),
                app.manager, object_id=ObjectID(class_id="@muted"))
        right = pygame.Rect(2 * m + chart_w, top, width - chart_w - 3 * m, height - top - m)
        glossary, sources = _("Glossary (G)"), _("Sources (R)")
        if text_width(app, glossary) + text_width(app, sources) + px(72) > right.width:
            glossary, sources = _("Glossary"), _("Sources")
        gw = text_width(app, glossary) + px(32)
        self.glossary_button = UIButton(pygame.Rect(right.right - gw, top, gw, px(30)), glossary, app.manager)
        rw = text_width(app, sources) + px(32)
        self.sources_button = UIButton(pygame.Rect(right.right - gw - px(8) - rw, top, rw, px(30)), sources,
                                       app.manager)
        right.y, right.height = top + px(38), right.height - px(38)
        text = facts_html(self.rules, self.facts)
        if self.message:  # whole here (a report's path is longer than the scores line keeps)
            text = f"<font color='#E69F00'>{escape(self.message)}</font><br>" + text
        self.text_box = UITextBox(text, right, app.manager)
        keep_scroll(self.text_box, self._scroll_to)
        self._scroll_to = None

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        font = self.app.font(12)
        charts = self.page_charts()
        for cell, (title, series) in zip(self.cells, charts):
            pygame.draw.rect(surface, PANEL, cell, border_radius=self.app.px(4))
            self.app.drawn += line_chart(surface, self.plot_rect(cell), title, series, font)
        if len(charts) < len(self.cells):  # a spare cell says where the other charts are
            self.draw_note(surface, self.cells[len(charts)])

    def draw_note(self, surface: pygame.Surface, cell: pygame.Rect) -> None:
        """In a spare cell: the key events on the core page (also in the text beside), then where the charts not
        on this page are: behind More charts, or left out for barely moving."""
        flat = len(self.flat_tracks())
        if self.section == "core":
            text = ngettext("{n} more chart of the other tracks that moved: More charts (M).",
                            "{n} more charts of the other tracks that moved: More charts (M).", len(self.more))
        else:
            text = _("The core measures: Main charts (M).")
        if flat:
            text += " " + ngettext("{n} track that moved {flat} point or less over the game has no chart.",
                                   "{n} tracks that moved {flat} point or less over the game have no chart.", flat,
                                   flat=number(FLAT))
        lines: list[tuple[str, bool, tuple]] = []  # (text, bold, colour)
        box = self.plot_rect(cell)
        if self.section == "core":
            lines.append((_("Key events"), True, INK))
            events = [_("{turn}: Crisis: {text}", turn=e.label, text=shown(self.rules, e.text)) if e.kind == "crisis"
                      else _("{turn}: {text}", turn=e.label, text=shown(self.rules, e.text))
                      for e in self.facts.key_events]
            for event in events or [_("No change of government, crisis or war.")]:
                lines += [(line, False, INK) for line in self.app.wrap(event, 14, box.width)]
            lines.append(("", False, MUTED))
        lines += [(line, False, MUTED) for line in self.app.wrap(text, 14, box.width)]
        y, step = box.y, self.app.font(14).get_linesize()
        for line, bold, colour in lines:
            if y + step > box.bottom:
                break
            if line:
                self.app.text(surface, line, 14, (box.x, y), colour=colour, bold=bold)
            y += step

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
                values = history(self.rules, self.start, self.game.history, track)
                series.append(Series(track_name(self.rules, track), values, colour, MARKERS[k % len(MARKERS)],
                                     dashed=k % 2 == 1))
            charts.append((title, series))
        return charts

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.menu_button:
                self.back()
            elif event.ui_element is self.save_button:
                self.save()
            elif event.ui_element is self.header_buttons["export"]:
                self.export()
            elif event.ui_element is self.header_buttons["whatif"]:
                self.what_if()
            elif event.ui_element in (self.prev_button, self.next_button):
                self.turn_page(-1 if event.ui_element is self.prev_button else +1)
            elif event.ui_element is self.more_button:
                self.switch_section()
            elif event.ui_element is self.sources_button:
                self.open(open_sources)
            elif event.ui_element is self.glossary_button:
                self.open(open_glossary)
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_RIGHT:
                self.turn_page(+1)
            elif event.key == pygame.K_LEFT:
                self.turn_page(-1)
            elif event.key == pygame.K_s and event.mod & pygame.KMOD_CTRL:
                self.save()
            elif event.key == pygame.K_e:
                self.export()
            elif event.key == pygame.K_w:
                self.what_if()
            elif event.key == pygame.K_m:
                self.switch_section()
            elif event.key == pygame.K_r:
                self.open(open_sources)
            elif event.key == pygame.K_g:
                self.open(open_glossary)
            elif event.key in TEXT_KEYS:
                scroll_text(self.text_box, TEXT_KEYS[event.key])

    def turn_page(self, step: int) -> None:
        self.page = (self.page + step) % self.pages()
        self.rebuild()

    def switch_section(self) -> None:
        """From the core charts to the other tracks' charts, or back; either opens on its first page."""
        if self.section == "core" and not self.more:
            return
        self.section = "more" if self.section == "core" else "core"
        self.page = 0
        self.rebuild()

    def save(self) -> None:
        self.message = save_game(self.app, self.flow)
        self.rebuild()

    def export(self) -> None:
        """E: the game's report (with the what-ifs asked about it) as an HTML file; the message says where."""
        from game.ui.export import export_report

        self.message = export_report(self.app.store, self.flow.autosave, game=self.game)[1]
        self.rebuild()

    def what_if(self) -> None:
        """W: what if a faction had ordered otherwise on a turn of this game (asked of the game's autosave)."""
        from game.session.replay import Replay
        from game.session.saves import SaveError
        from game.ui.scenes.whatif import WhatIfScene

        path = self.flow.autosave
        if path is None or not path.is_file():
            self.message = _("What if needs the game's autosave, and this game has none")
            self.rebuild()
            return
        try:
            replay = Replay.open(path)
        except (SaveError, ValueError, OSError) as exc:
            self.message = _("What if cannot read the autosave: {why}", why=exc)
            self.rebuild()
            return
        if not replay.turns:
            return
        self._scroll_to = scroll_offset(self.text_box)
        self.app.switch(WhatIfScene(self.app, replay, 1, back=lambda: self.app.switch(self)))

    def rebuild(self) -> None:
        """Lay the scene out again (a page turned, a message), the text where the reader left it."""
        self._scroll_to = scroll_offset(self.text_box)
        self.app.rebuild()

    def open(self, page) -> None:
        """A reference page (open_sources, open_glossary); back from it, the text is where the reader left it."""
        self._scroll_to = scroll_offset(self.text_box)
        page(self.app, self)
