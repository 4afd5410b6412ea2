"""Hot-seat play: which scene shows the flow's step, the hand-off cover, saving; the orders are in orders.py.

Only the faction at the screen is ever shown its pending orders: the orders scene reads the game
through that faction's View, and the hand-off shows nothing of the game but whose turn it is and the
public news from its briefing (the turn's event, a change of government in the last resolved turn) and how
many proposals wait for the faction's answer, and from whom (never what they are: the room sees it). The
hand-off takes no key until it has been shown for READY_DELAY seconds, so a quick double Space that
commits one faction's orders never skips the next faction's cover.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel

from game.ai import DEFAULT_STAND_IN
from game.i18n import _, current, ngettext
from game.session import saves
from game.ui.app import ACCENT, BACKGROUND, MUTED, WARN, Scene
from game.ui.board import faction_colours, faction_names, place_name
from game.ui.fit import first_fit, text_width
from game.ui.flow import HotSeat, Phase, possessive
from game.ui.map_view import MapView, load_asset
from game.ui.proposals import cover_text
from game.ui.scenes.orders import OrdersScene

__all__ = ["HandoffScene", "OrdersScene", "scene_for", "advance", "offer_bot", "save_game", "make_map", "map_tooltip"]

READY_DELAY = 0.6  # seconds a hand-off cover is shown before it takes the key that shows the orders


def scene_for(app, flow: HotSeat) -> Scene:
    """The scene that shows the flow's current step."""
    from game.ui.scenes.report import DebriefScene, ReportScene
    from game.ui.scenes.thinking import ThinkingScene

    step = flow.step
    if step.phase == Phase.HANDOFF:
        return HandoffScene(app, flow)
    if step.phase == Phase.ORDERS:
        return OrdersScene(app, flow)
    if step.phase == Phase.BOTS:
        return ThinkingScene(app, flow)
    if step.phase == Phase.REPORT:
        return ReportScene(app, flow)
    return DebriefScene(app, flow)


def advance(app, flow: HotSeat) -> None:
    flow.advance()
    app.switch(scene_for(app, flow))


def offer_bot(app, flow: HotSeat, faction: str, failed: Callable[[str], None]) -> None:
    """B on a faction's cover or orders: ask, then let the stand-in bot play its turn (all or nothing: if the
    bot's orders are refused, `failed(message)` is told and the faction's orders are as they were)."""
    game = flow.game
    name = faction_names(game.rules)[faction]
    subject = f"the {name}" if name.endswith("s") and current() == "en" else name  # "the United States"
    count = len(game.pending[faction])
    turn = game.rules.turn_label(game.turn)
    fields = dict(bot=DEFAULT_STAND_IN, possessive=possessive(name), name=name, turn=turn, subject=subject,
                  Subject=subject[:1].upper() + subject[1:])
    if count:
        text = ngettext("The {bot} bot chooses and commits {possessive} orders for {turn}. Its orders replace the "
                        "{n} order {subject} has given so far. {Subject} plays again from the next turn.",
                        "The {bot} bot chooses and commits {possessive} orders for {turn}. Its orders replace the "
                        "{n} orders {subject} has given so far. {Subject} plays again from the next turn.",
                        count, **fields)
    else:
        text = _("The {bot} bot chooses and commits {possessive} orders for {turn}. {Subject} plays again from the "
                 "next turn.", **fields)

    def hand() -> None:
        try:
            flow.hand_to_bot(faction)
        except Exception as exc:  # any refusal of the bot's orders: nothing was changed
            failed(_("The bot could not play {possessive} turn ({why}); nothing was changed: the orders given so "
                     "far stay.", possessive=possessive(name), name=name, why=exc))
            return
        app.switch(scene_for(app, flow))

    app.ask(_("Let the bot play {possessive} turn?", possessive=possessive(name), name=name), text,
            _("Let the bot play"), _("Keep playing"), hand)


def save_game(app, flow: HotSeat) -> str:
    """Ctrl+S: save the game (its resolved turns) under a new name; returns what to tell the players."""
    game = flow.game
    name = f"{game.rules.id}-turn{game.turn}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    try:
        path = saves.save(game, app.store.saves_dir / name)
    except saves.SaveError as exc:
        return _("Not saved: {why}", why=exc)
    return _("Saved to {path} (turns resolved so far; orders not yet committed are not saved)", path=path)


def make_map(app, rules) -> MapView | None:
    try:
        view = MapView(load_asset(), colours=faction_colours(rules), names=faction_names(rules),
                       patterns=app.settings.patterns)
        view.text_scale = app.scale  # the map's print grows with the UI
        shapes = list(view.asset.regions) + list(view.asset.seas)
        view.place_names = {sid: place_name(rules, sid) for sid in shapes if rules.target_name(sid) != sid}
        return view
    except (OSError, ValueError):
        return None


def map_tooltip(app, view: MapView, rules, state, surface: pygame.Surface, extra: list[str] | None = None) -> None:
    """The hovered region's leaders and channels, or the hovered sea's tension, beside the pointer: the whole
    story of a place whose map label was shortened or left out for room."""
    hover = view.hover
    if hover in state.influence:
        lines = view.influence_lines(state.influence[hover]) + (extra or [])
    elif hover in state.tensions:
        lines = [_("Tension {value} of 100", value=round(state.tensions[hover]))]
    else:
        return
    title = place_name(rules, hover)
    view.draw_tooltip(surface, pygame.mouse.get_pos(), title, lines)
    app.drawn += [title, *lines]


# ------------------------------------------------------------------------------------------ hand-off


class HandoffScene(Scene):
    """Covers the screen between two factions' secret orders; shows only public news (a change of government,
    the turn's event) and why the bots' step failed, if it did: never anything a faction ordered."""

    def __init__(self, app, flow: HotSeat):
        super().__init__(app)
        self.flow = flow
        self.faction = flow.step.faction
        self.name = faction_names(flow.game.rules)[self.faction]
        self.shown = 0.0  # seconds the cover has been on the screen
        brief = flow.game.view(self.faction).briefing  # public: what every faction learns before ordering
        self.banner = brief.banner
        self.event = brief.event.name if brief.event is not None else None
        self.news: list[tuple[str, tuple[int, int, int], bool]] = []  # (line, colour, bold), laid out by build()
        self.message: str | None = None  # why the bot could not play this faction's turn (B)
        self.waiting = cover_text(flow.game, self.faction)  # "1 proposal from the United States is waiting …"

    @property
    def ready(self) -> bool:
        """Whether the cover has been shown long enough to take the key (a double press is not a look)."""
        return self.shown >= READY_DELAY

    def news_lines(self, width: int) -> list[tuple[str, tuple[int, int, int], bool]]:
        """The cover's news and problems, wrapped to width: the bots' failure, the change of government."""
        app, lines = self.app, []
        if self.message:
            for line in app.wrap(self.message, 17, width):
                lines.append((line, WARN, True))
        if self.flow.problem:
            for line in app.wrap(_("The bots could not finish the turn: {why}", why=self.flow.problem), 17, width):
                lines.append((line, WARN, True))
            for line in app.wrap(_("Nothing is lost: every order is kept. Show the orders again and commit to let the "
                                   "bots try again."), 17, width):
                lines.append((line, MUTED, False))
        if self.banner:
            for line in app.wrap(_("News: {news}", news=self.banner), 17, width, bold=True):
                lines.append((line, WARN, True))
        if self.waiting:
            for line in app.wrap(self.waiting, 17, width, bold=True):
                lines.append((line, ACCENT, True))
        return lines

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        game = self.flow.game
        label = game.rules.turn_label(game.turn)
        room = width - px(40)
        self.news = self.news_lines(min(room, px(760)))
        news_height = len(self.news) * px(26) + (px(24) if self.news else 0)
        top = max(px(20), height // 2 - px(150) - news_height // 2)  # the cover and its news, centred together
        UILabel(pygame.Rect(0, top, width, px(60)), _("Pass to {faction}", faction=self.name), app.manager,
                object_id=ObjectID(class_id="@cover"))
        UILabel(pygame.Rect(0, top + px(70), width, px(34)),
                first_fit(app, [_("Press Space when only the players of {faction} are looking", faction=self.name),
                                _("Space: only {faction} may look", faction=self.name)], room), app.manager,
                object_id=ObjectID(class_id="@centre"))
        turn = _("Turn {turn} of {turns} · {label}", turn=game.turn, turns=game.rules.n_turns, label=label)
        options = [_("{turn} · Event: {event}", turn=turn, event=self.event), f"{turn} · {self.event}"] \
            if self.event else []
        UILabel(pygame.Rect(0, top + px(108), width, px(30)), first_fit(app, options + [turn], room),
                app.manager, object_id=ObjectID(class_id="@hint"))
        text = first_fit(app, [_("I am {faction}: show my orders (Space)", faction=self.name),
                               _("Show my orders (Space)")],
                         room - px(40), bold=True)
        w = min(room, max(px(420), text_width(app, text, bold=True) + px(40)))
        self.show = UIButton(pygame.Rect((width - w) // 2, top + px(160), w, px(52)), text, app.manager,
                             object_id=ObjectID(class_id="@primary"))
        self.state = UILabel(pygame.Rect(0, top + px(220), width, px(30)), self.state_text(), app.manager,
                             object_id=ObjectID(class_id="@hint"))
        text = first_fit(app, [_("{faction} is away: let the bot play this turn (B)", faction=self.name),
                               _("Let the bot play (B)")],
                         room - px(40))
        w = min(room, text_width(app, text) + px(40))
        self.bot_button = UIButton(pygame.Rect((width - w) // 2, top + px(258), w, px(40)), text, app.manager)
        self.news_top = top + px(324)
        if not self.ready:
            self.show.disable()
            self.bot_button.disable()

    def state_text(self) -> str:
        return _("Ready") if self.ready else _("One moment…")

    def update(self, dt: float) -> None:
        was = self.ready
        self.shown += dt
        if self.ready and not was:
            self.show.enable()
            self.bot_button.enable()
            self.state.set_text(self.state_text())

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        colour = faction_colours(self.flow.game.rules)[self.faction]
        pygame.draw.rect(surface, colour, pygame.Rect(0, 0, surface.get_width(), self.app.px(10)))
        y = self.news_top
        for line, ink, bold in self.news:
            self.app.text(surface, line, 17, (surface.get_width() // 2, y), ink, anchor="midtop", bold=bold)
            y += self.app.px(26)

    def handle(self, event: pygame.event.Event) -> None:
        if not self.ready:
            return  # the key that committed the last faction's orders, pressed twice
        if (event.type == pygame.KEYDOWN and event.key == pygame.K_SPACE) or \
                (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.show):
            advance(self.app, self.flow)
        elif (event.type == pygame.KEYDOWN and event.key == pygame.K_b) or \
                (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.bot_button):
            offer_bot(self.app, self.flow, self.faction, self.refused)

    def refused(self, message: str) -> None:
        self.message = message
        self.app.rebuild()
