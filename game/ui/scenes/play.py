"""Hot-seat play: which scene shows the flow's step, the hand-off cover, saving; the orders are in orders.py.

Only the faction at the screen is ever shown its pending orders: the orders scene reads the game
through that faction's View, and the hand-off shows nothing of the game but whose turn it is.
"""

from __future__ import annotations

import time

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel

from game.session import saves
from game.ui.app import BACKGROUND, Scene
from game.ui.board import faction_colours, faction_names, place_name
from game.ui.fit import first_fit, text_width
from game.ui.flow import HotSeat, Phase
from game.ui.map_view import MapView, load_asset
from game.ui.scenes.orders import OrdersScene

__all__ = ["HandoffScene", "OrdersScene", "scene_for", "advance", "save_game", "make_map", "map_tooltip"]


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
        view.text_scale = app.scale  # the map's print grows with the UI
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
        lines = [f"Tension {round(state.tensions[hover])} of 100"]
    else:
        return
    title = place_name(rules, hover)
    view.draw_tooltip(surface, pygame.mouse.get_pos(), title, lines)
    app.drawn += [title, *lines]


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
        room = width - px(40)
        UILabel(pygame.Rect(0, height // 2 - px(50), width, px(34)),
                first_fit(app, [f"Press Space when only the players of {self.name} are looking",
                                f"Space: only {self.name} may look"], room), app.manager,
                object_id=ObjectID(class_id="@centre"))
        UILabel(pygame.Rect(0, height // 2 - px(12), width, px(30)), f"Turn {game.turn} of {game.rules.n_turns} · "
                f"{label}", app.manager, object_id=ObjectID(class_id="@hint"))
        text = first_fit(app, [f"I am {self.name}: show my orders (Space)", "Show my orders (Space)"],
                         room - px(40), bold=True)
        w = min(room, max(px(420), text_width(app, text, bold=True) + px(40)))
        self.show = UIButton(pygame.Rect((width - w) // 2, height // 2 + px(40), w, px(52)), text, app.manager,
                             object_id=ObjectID(class_id="@primary"))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        colour = faction_colours(self.flow.game.rules)[self.faction]
        pygame.draw.rect(surface, colour, pygame.Rect(0, 0, surface.get_width(), self.app.px(10)))

    def handle(self, event: pygame.event.Event) -> None:
        if (event.type == pygame.KEYDOWN and event.key == pygame.K_SPACE) or \
                (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.show):
            advance(self.app, self.flow)
