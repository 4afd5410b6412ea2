"""Title, new-game setup, settings and load screens."""

from __future__ import annotations

import json
import random

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import (UIButton, UIDropDownMenu, UILabel, UISelectionList, UITextBox,
                                 UITextEntryLine)

from game.ai import BOTS
from game.scenarios import list_scenarios
from game.session import saves
from game.session.game import HUMAN, Game
from game.ui.app import BACKGROUND, Scene
from game.ui.map_view import MapView, load_asset
from game.ui.settings import SCALES

HUMAN_LABEL = "Human"
SEED_LIMIT = 2**63 - 1


def bot_label(name: str) -> str:
    return f"Bot: {name}"


def seat_options() -> list[str]:
    return [HUMAN_LABEL] + [bot_label(name) for name in sorted(BOTS)]


def seat_of(label: str) -> str:
    return HUMAN if label == HUMAN_LABEL else label.removeprefix("Bot: ")


def label_of(seat: str) -> str:
    return HUMAN_LABEL if seat == HUMAN else bot_label(seat)


class Backdrop:
    """The map behind the menus, veiled so text on it stays readable."""

    def __init__(self):
        try:
            self.map: MapView | None = MapView(load_asset(), patterns=False, labels=False, legend=False)
        except (OSError, ValueError):
            self.map = None  # a missing asset only costs the backdrop
        self._veil: pygame.Surface | None = None

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        if self.map is None:
            return
        self.map.draw(surface)
        if self._veil is None or self._veil.get_size() != surface.get_size():
            self._veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            self._veil.fill((*BACKGROUND, 190))
        surface.blit(self._veil, (0, 0))


def open_game(app, game: Game) -> None:
    """Start playing a game in the window: its hot-seat flow, autosaved after every turn."""
    from game.ui.flow import HotSeat
    from game.ui.scenes.play import scene_for

    flow = HotSeat(game, autosave=app.store.autosave_path)
    app.switch(scene_for(app, flow))


def autosave_summary(app) -> str | None:
    """'Crossroads (2025), after turn 3' if there is an autosave of an unfinished game, else None."""
    path = app.store.autosave_path
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("turns"), list):
        return None
    titles = {e.id: e.title for e in list_scenarios()}
    scenario = str(doc.get("scenario", "?"))
    return f"{titles.get(scenario, scenario)}, after turn {len(doc['turns'])}"


# ------------------------------------------------------------------------------------------ title


class TitleScene(Scene):
    """New game, resume the autosave, load, settings, quit."""

    def __init__(self, app):
        super().__init__(app)
        self.backdrop = Backdrop()
        self.buttons: dict[str, UIButton] = {}

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        UILabel(pygame.Rect(0, px(40), width, px(70)), "Pacific Trilemma", app.manager,
                object_id=ObjectID(class_id="@title"))
        UILabel(pygame.Rect(0, px(110), width, px(30)), "The United States, Japan and China in the Indo-Pacific",
                app.manager, object_id=ObjectID(class_id="@subtitle"))
        resume = autosave_summary(app)
        items = [("new", "1   New game"), ("resume", f"2   Resume: {resume}" if resume else None),
                 ("load", "3   Load a saved game"), ("settings", "4   Settings"), ("quit", "5   Quit")]
        w, h = min(width - px(40), px(460)), px(46)
        x, y = (width - w) // 2, max(px(170), height // 2 - px(130))
        self.buttons = {}
        for key, text in items:
            if text is None:
                continue
            self.buttons[key] = UIButton(pygame.Rect(x, y, w, h), text, app.manager,
                                         object_id=ObjectID(class_id="@primary" if key == "new" else "@move"))
            y += h + px(10)
        hint = "Keys: 1-5 choose · F11 fullscreen · Ctrl+= / Ctrl+- text size · Esc quits"
        UILabel(pygame.Rect(0, height - px(40), width, px(28)), hint, app.manager,
                object_id=ObjectID(class_id="@hint"))
        if app.notice:
            UITextBox(app.notice.replace("\n", "<br>"), pygame.Rect(px(20), y + px(10), width - px(40),
                      max(px(60), height - px(60) - y - px(10))), app.manager)

    def choose(self, key: str) -> None:
        app = self.app
        if key == "new":
            app.switch(SetupScene(app))
        elif key == "resume":
            try:
                game = saves.load(app.store.autosave_path)
            except saves.SaveError as exc:
                app.notice = f"Cannot resume the autosave: {exc}"
                app.rebuild()
                return
            app.notice = None
            open_game(app, game)
        elif key == "load":
            app.switch(LoadScene(app))
        elif key == "settings":
            app.switch(SettingsScene(app))
        elif key == "quit":
            app.running = False

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for key, button in self.buttons.items():
                if event.ui_element is button:
                    self.choose(key)
                    return
        if event.type == pygame.KEYDOWN:
            keys = {pygame.K_1: "new", pygame.K_n: "new", pygame.K_2: "resume", pygame.K_r: "resume",
                    pygame.K_3: "load", pygame.K_l: "load", pygame.K_4: "settings", pygame.K_s: "settings",
                    pygame.K_5: "quit", pygame.K_q: "quit"}
            key = keys.get(event.key)
            if key in self.buttons:
                self.choose(key)

    def draw(self, surface: pygame.Surface) -> None:
        self.backdrop.draw(surface)

    def back(self) -> None:
        self.app.running = False


# ------------------------------------------------------------------------------------------ setup


def heading(app, text: str) -> int:
    """A menu screen's heading at the top left; returns the page margin."""
    m = app.px(24)
    UILabel(pygame.Rect(m, m, app.size[0] - 2 * m, app.px(40)), text, app.manager,
            object_id=ObjectID(class_id="@heading"))
    return m


def back_button(app) -> UIButton:
    m = app.px(24)
    return UIButton(pygame.Rect(m, app.size[1] - m - app.px(46), app.px(170), app.px(46)), "Back (Esc)", app.manager)


class SetupScene(Scene):
    """Choose a scenario, who sits in each seat, and the seed."""

    def __init__(self, app, scenario: str | None = None):
        super().__init__(app)
        self.entries = list_scenarios()
        ids = [e.id for e in self.entries]
        self.selected = ids.index(scenario) if scenario in ids else 0
        self.seed = random.randrange(1, 1_000_000)
        self.seats: dict[str, str] = {}
        self.error: str | None = None
        self._reset_seats()

    def _reset_seats(self) -> None:
        """The chosen scenario's factions, each in the seat the scenario gives it (human unless it says a bot)."""
        if not self.entries:
            self.factions, self.seats = [], {}
            return
        entry = self.entries[self.selected]
        self.factions = [(f.id, f.name) for f in self.app.rules(entry.id).factions]
        self.seats = {f: entry.seats.get(f, HUMAN) for f, _ in self.factions}

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = heading(app, "New game")
        left_w = (width - 3 * m) // 2
        top = m + px(50)
        titles = [f"{e.title}  ({e.turns} turns)" for e in self.entries]
        list_h = px(34) * max(3, len(titles)) + px(8)
        self.list = UISelectionList(pygame.Rect(m, top, left_w, list_h), titles, app.manager,
                                    default_selection=titles[self.selected] if titles else None)
        entry = self.entries[self.selected] if self.entries else None
        self.about = UITextBox(entry.description if entry else "No scenarios found.",
                               pygame.Rect(m, top + list_h + px(10), left_w, height - top - list_h - px(100)),
                               app.manager)
        x = m * 2 + left_w
        y = top
        self.dropdowns: dict[str, UIDropDownMenu] = {}
        options = seat_options()
        for k, (faction, name) in enumerate(self.factions):
            UILabel(pygame.Rect(x, y, px(200), px(36)), f"{k + 1}  {name}", app.manager)
            self.dropdowns[faction] = UIDropDownMenu(options, label_of(self.seats[faction]),
                                                     pygame.Rect(x + px(210), y, left_w - px(210), px(36)),
                                                     app.manager)
            y += px(46)
        y += px(10)
        UILabel(pygame.Rect(x, y, px(200), px(36)), "Seed", app.manager)
        self.seed_box = UITextEntryLine(pygame.Rect(x + px(210), y, left_w - px(210) - px(130), px(36)), app.manager)
        self.seed_box.set_allowed_characters("numbers")
        self.seed_box.set_text(str(self.seed))
        self.reseed = UIButton(pygame.Rect(x + left_w - px(120), y, px(120), px(36)), "New seed", app.manager)
        y += px(46)
        UITextBox("The same scenario, seats and seed replay the same game: give the seed to another class to "
                  "compare choices. Bots play their seats without a hand-off.",
                  pygame.Rect(x, y, left_w, px(90)), app.manager, object_id=ObjectID(class_id="@muted"))
        if self.error:
            UITextBox(f"<font color='#E69F00'>{self.error}</font>", pygame.Rect(x, y + px(100), left_w, px(90)),
                      app.manager)
        bw, bh = px(170), px(46)
        UILabel(pygame.Rect(m + bw, height - m - bh, width - 2 * m - 2 * bw - px(40), bh),
                "Up/Down: scenario · 1-3: change a seat · Enter: start", app.manager,
                object_id=ObjectID(class_id="@hint"))
        self.back_button = back_button(app)
        self.start_button = UIButton(pygame.Rect(width - m - bw - px(40), height - m - bh, bw + px(40), bh),
                                     "Start (Enter)", app.manager, object_id=ObjectID(class_id="@primary"))

    def _read_seed(self) -> int | None:
        text = self.seed_box.get_text().strip()
        if not text.isdigit() or int(text) > SEED_LIMIT:
            self.error = f"The seed must be a whole number from 0 to {SEED_LIMIT:,}; got {text or 'nothing'}."
            return None
        return int(text)

    def _keep_seed(self) -> None:
        """Remember the typed seed across a rebuild of the screen (a bad one stays shown with its error)."""
        text = self.seed_box.get_text().strip()
        if text.isdigit() and int(text) <= SEED_LIMIT:
            self.seed = int(text)

    def start(self) -> None:
        seed = self._read_seed()
        if seed is None or not self.entries:
            self.app.rebuild()
            return
        entry = self.entries[self.selected]
        game = Game(self.app.rules(entry.id), seed, dict(self.seats))
        open_game(self.app, game)

    def pick(self, index: int) -> None:
        if 0 <= index < len(self.entries) and index != self.selected:
            self._keep_seed()
            self.selected = index
            self._reset_seats()
            self.app.rebuild()

    def cycle_seat(self, k: int) -> None:
        if k >= len(self.factions):
            return
        faction = self.factions[k][0]
        options = [seat_of(o) for o in seat_options()]
        self.seats[faction] = options[(options.index(self.seats[faction]) + 1) % len(options)]
        self._keep_seed()
        self.app.rebuild()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            titles = [f"{e.title}  ({e.turns} turns)" for e in self.entries]
            self.pick(titles.index(event.text))
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            for faction, menu in self.dropdowns.items():
                if event.ui_element is menu:
                    self.seats[faction] = seat_of(event.text)
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.seed_box:
            self.error = None
        elif event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.start_button:
                self.start()
            elif event.ui_element is self.back_button:
                self.back()
            elif event.ui_element is self.reseed:
                self.seed = random.randrange(1, 1_000_000)
                self.seed_box.set_text(str(self.seed))
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.start()
            elif event.key == pygame.K_DOWN:
                self.pick(self.selected + 1)
            elif event.key == pygame.K_UP:
                self.pick(self.selected - 1)
            elif pygame.K_1 <= event.key <= pygame.K_9:
                self.cycle_seat(event.key - pygame.K_1)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)


# ------------------------------------------------------------------------------------------ settings


class SettingsScene(Scene):
    """UI scale, colour-blind-safe patterns, fullscreen; saved as soon as they change."""

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = heading(app, "Settings")
        y = m + px(70)
        UILabel(pygame.Rect(m, y, px(320), px(40)), "Text and widget size (+ / -)", app.manager)
        self.scale_buttons: dict[int, UIButton] = {}
        x = m + px(330)
        bw = min(px(90), (width - x - m) // len(SCALES) - px(6))
        for s in SCALES:
            mark = "● " if s == app.settings.ui_scale else ""
            self.scale_buttons[s] = UIButton(pygame.Rect(x, y, bw, px(40)), f"{mark}{s}%", app.manager)
            x += bw + px(6)
        y += px(56)
        on_off = {True: "on", False: "off"}
        UILabel(pygame.Rect(m, y, px(320), px(40)), "Colour-blind-safe patterns (P)", app.manager)
        self.patterns = UIButton(pygame.Rect(m + px(330), y, px(120), px(40)), on_off[app.settings.patterns],
                                 app.manager)
        y += px(56)
        UILabel(pygame.Rect(m, y, px(320), px(40)), "Fullscreen (F11)", app.manager)
        self.fullscreen = UIButton(pygame.Rect(m + px(330), y, px(120), px(40)), on_off[app.settings.fullscreen],
                                   app.manager)
        y += px(70)
        UITextBox(f"Settings are kept in {app.store.settings_path}. 150–200% suits a classroom projector; "
                  "patterns add a hatch to every faction's colour on the map, so no information rests on colour "
                  "alone.", pygame.Rect(m, y, width - 2 * m, px(110)), app.manager,
                  object_id=ObjectID(class_id="@muted"))
        self.back_button = back_button(app)

    def handle(self, event: pygame.event.Event) -> None:
        app = self.app
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for s, button in self.scale_buttons.items():
                if event.ui_element is button:
                    app.set_scale(s)
                    return
            if event.ui_element is self.patterns:
                self.toggle_patterns()
            elif event.ui_element is self.fullscreen:
                app.toggle_fullscreen()
            elif event.ui_element is self.back_button:
                self.back()
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
                app.set_scale(app.settings.next_scale(+1))
            elif event.key in (pygame.K_MINUS, pygame.K_KP_MINUS):
                app.set_scale(app.settings.next_scale(-1))
            elif event.key == pygame.K_p:
                self.toggle_patterns()
            elif event.key == pygame.K_f:
                app.toggle_fullscreen()

    def toggle_patterns(self) -> None:
        self.app.settings.patterns = not self.app.settings.patterns
        self.app.store.save_settings(self.app.settings)
        self.app.rebuild()


# ------------------------------------------------------------------------------------------ load


class LoadScene(Scene):
    """Pick a saved game; a save that cannot be loaded says exactly why."""

    def __init__(self, app):
        super().__init__(app)
        self.files = app.store.save_files()
        self.error: str | None = None

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = heading(app, "Load a saved game")
        names = [f"{k + 1}  {p.name}" for k, p in enumerate(self.files)]
        top = m + px(56)
        box_h = height - top - px(180)
        self.list = UISelectionList(pygame.Rect(m, top, width - 2 * m, box_h), names or ["(no saved games yet)"],
                                    app.manager)
        message = self.error or (f"Saves are kept in {app.store.saves_dir}. Ctrl+S saves during a game; the "
                                 "autosave is written after every turn.")
        colour = "#E69F00" if self.error else "#AEB8CC"
        UITextBox(f"<font color='{colour}'>{message}</font>", pygame.Rect(m, top + box_h + px(8), width - 2 * m,
                  px(100)), app.manager)
        self.back_button = back_button(app)

    def load(self, index: int) -> None:
        if not 0 <= index < len(self.files):
            return
        try:
            game = saves.load(self.files[index])
        except saves.SaveError as exc:
            self.error = str(exc)
            self.app.rebuild()
            return
        open_game(self.app, game)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            number = event.text.split()[0]
            if number.isdigit():
                self.load(int(number) - 1)
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.back_button:
            self.back()
        elif event.type == pygame.KEYDOWN and pygame.K_1 <= event.key <= pygame.K_9:
            self.load(event.key - pygame.K_1)

