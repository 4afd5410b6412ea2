"""Title, new-game setup, settings and load screens."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from html import escape
from collections.abc import Callable
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import (UIButton, UIDropDownMenu, UILabel, UISelectionList, UITextBox,
                                 UITextEntryLine)

from game.ai import UnknownBotError, check_level, check_seat, seat_choices, split_spec
from game.scenarios import ScenarioEntry, UnknownScenarioError, find_scenario, list_scenarios, scenario_entry
from game.session.expectations import expectation, expectation_line
from game.rules.compiled import Rules
from game.session import saves
from game.session.game import HUMAN, Game
from game.session.words import faction_name
from game.i18n import LANGUAGES, _
from game.i18n.content import scenario_text
from game.ui.app import BACKGROUND, MUTED, Scene
from game.ui.fit import first_fit, inner_width, text_width
from game.ui.fonts import font_file
from game.ui.map_view import MapView, load_asset
from game.ui.settings import SCALES

HUMAN_LABEL = "Human"  # English; human_label() is the shown text
SEED_LIMIT = 2**63 - 1


def bot_label(name: str) -> str:
    return _("Bot: {name}", name=name)


def seat_options(rules: Rules, faction: str) -> list[tuple[str, str]]:
    """(label, seat) for each player a faction's seat can have: a person, or each bot at each level."""
    return [(_("Human"), HUMAN)] + [(bot_label(saves.seat_words(spec, rules, faction)), spec)
                                    for spec, _label in seat_choices(rules, faction)]


def full_seat(rules: Rules, faction: str, seat: str) -> str:
    """A seat with its bot's level spelled out (`search` -> `search:normal`), as the dropdowns list it."""
    if seat == HUMAN:
        return seat
    try:
        level = check_level(seat, rules, faction)
    except UnknownBotError:
        return seat
    return f"{split_spec(seat)[0]}:{level}" if level else split_spec(seat)[0]


def seat_of(options: list[tuple[str, str]], label: str) -> str:
    return dict(options).get(label, HUMAN)


def label_of(options: list[tuple[str, str]], seat: str) -> str:
    """The label of a seat (a bot named without its level, `search`, shows as its default level)."""
    for label, spec in options:
        if spec == seat:
            return label
    return bot_label(seat)


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


def open_game(app, game: Game, autosave: Path | None = None) -> None:
    """Start playing a game in the window: its hot-seat flow, autosaved after every commit and turn to
    `autosave` (a game resumed from its autosave goes on in the same file) or to a new file of its own."""
    from game.ui.flow import HotSeat
    from game.ui.scenes.play import scene_for

    store = app.store
    path = autosave if autosave is not None else store.new_autosave_path(game.rules.id)
    flow = HotSeat(game, autosave=path, after_save=lambda written: store.prune_autosaves(spare=written))
    app.switch(scene_for(app, flow))


def prepare(app, what: str, work: Callable[[], Game], failed: Callable[[str], None],
            autosave: Path | None = None) -> None:
    """Make a game ready on the preparing screen (compiling its rules may take seconds), then open it; on a
    failure, `failed(reason)` takes the players back to where they were."""
    from game.ui.scenes.preparing import PreparingScene

    back = app.scene
    app.switch(PreparingScene(app, what, work, done=lambda game: open_game(app, game, autosave), failed=failed,
                              back=lambda: app.switch(back)))


def warmed(game: Game) -> Game:
    """The game after a first legality check of a human seat's orders, which loads the rest of the native code
    (the orders screen would otherwise pause on its first frame)."""
    humans = [f for f in game.factions if game.seats[f] == HUMAN]
    if humans and not game.is_over:
        game.legal_orders(humans[0])
    return game


SHOWN_CHARS = 600  # characters of a refusal shown on the title or load screen (a text box of megabytes freezes)


def shown_entry(entry: ScenarioEntry) -> ScenarioEntry:
    """A scenario's list entry with its title and description in the language shown."""
    return replace(entry, title=scenario_text(entry.path, entry.id, "title", entry.title),
                   description=scenario_text(entry.path, entry.id, "description", entry.description))


def loaded(path: Path) -> Game:
    """A saved game ready to open: loaded, every seat checked to be a person or a bot of this game (a save may name
    a bot this version does not have), the native code warmed; raises SaveError with the reason."""
    game = saves.load(path)
    for faction in game.factions:
        try:
            check_seat(game.seats[faction], game.rules, faction)
        except UnknownBotError as exc:
            name = game.rules.factions[game.rules.faction_index[faction]].name
            raise saves.SaveError(_("{file}: the seat of {name} is {seat}, which this version cannot play: {why}",
                                    file=path.name, name=name, seat=saves.quote(game.seats[faction]),
                                    why=exc)) from None
    return warmed(game)


def autosave_choices(app) -> tuple[saves.SaveSummary | None, saves.SaveSummary | None]:
    """(the newest unfinished autosave to resume, the newest autosave if that game is finished); damaged
    autosaves are passed over (the load screen lists them with the reason)."""
    resume = latest = None
    for path in app.store.autosave_files():
        found = saves.summary(path)
        if found.problem is not None:
            continue
        latest = latest or found
        if not found.finished:
            resume = found
            break
    return resume, latest if latest is not None and latest.finished else None


def describe(found: saves.SaveSummary) -> str:
    """'Crossroads (2025), turn 4 of 8' (or 'finished', 'ended in war')."""
    return _("{title}, {progress}", title=found.title, progress=found.progress())


# ------------------------------------------------------------------------------------------ title


class TitleScene(Scene):
    """New game, resume the newest unfinished game, view the newest finished one's debrief, load, settings, quit."""

    LETTERS = {"new": pygame.K_n, "resume": pygame.K_r, "debrief": pygame.K_d, "load": pygame.K_l,
               "settings": pygame.K_s, "quit": pygame.K_q}

    def __init__(self, app):
        super().__init__(app)
        self.backdrop = Backdrop()
        self.buttons: dict[str, UIButton] = {}
        self.resume, self.finished = autosave_choices(app)

    def items(self) -> list[tuple[str, str]]:
        """(key, text) of each button, numbered in order: only the choices there are now."""
        items = [("new", _("New game")),
                 ("resume", _("Resume: {game}", game=describe(self.resume)) if self.resume else None),
                 ("debrief", _("View the debrief: {title}", title=self.finished.title) if self.finished else None),
                 ("load", _("Load a saved game")), ("settings", _("Settings")), ("quit", _("Quit"))]
        return [(key, f"{k + 1}   {text}") for k, (key, text) in enumerate((i for i in items if i[1] is not None))]

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        UILabel(pygame.Rect(0, px(40), width, px(70)), _("Pacific Trilemma"), app.manager,
                object_id=ObjectID(class_id="@title"))
        UILabel(pygame.Rect(0, px(110), width, px(30)),
                first_fit(app, [_("The United States, Japan and China in the Indo-Pacific"),
                                _("The U.S., Japan and China in the Indo-Pacific")], width - px(20), 18),
                app.manager, object_id=ObjectID(class_id="@subtitle"))
        items = self.items()
        hint_y = height - px(40)
        w = min(width - px(40), max(px(460), max(text_width(app, t) for _, t in items) + px(40)))
        y = max(px(160), height // 2 - px(130))
        gap = px(10)  # the buttons share the room between the subtitle and the key hint
        h = min(px(46), (hint_y - px(8) - y - gap * (len(items) - 1)) // len(items))
        x = (width - w) // 2
        self.buttons = {}
        for key, text in items:
            text = first_fit(app, [text], inner_width(app, w))
            self.buttons[key] = UIButton(pygame.Rect(x, y, w, h), text, app.manager,
                                         object_id=ObjectID(class_id="@primary" if key == "new" else "@move"))
            y += h + gap
        n = len(items)
        hint = first_fit(app, [_("Keys: 1-{n} choose · F11 fullscreen · Ctrl+= / Ctrl+- text size · Esc quits", n=n),
                               _("1-{n} choose · F11 fullscreen · Ctrl+= / Ctrl+- size · Esc quits", n=n),
                               f"1-{n} · F11 · Ctrl+= / Ctrl+- · Esc"], width - px(20))
        UILabel(pygame.Rect(0, hint_y, width, px(28)), hint, app.manager, object_id=ObjectID(class_id="@hint"))
        if app.notice:
            UITextBox(app.notice.replace("\n", "<br>"), pygame.Rect(px(20), y + px(10), width - px(40),
                      max(px(60), height - px(60) - y - px(10))), app.manager)

    def choose(self, key: str) -> None:
        app = self.app
        if key == "new":
            app.switch(SetupScene(app))
        elif key in ("resume", "debrief"):
            found = self.resume if key == "resume" else self.finished
            app.notice = None
            prepare(app, found.title, lambda: loaded(found.path), autosave=found.path,
                    failed=lambda reason: self.refused(_("Cannot open the autosave: {why}", why=reason)))
        elif key == "load":
            app.switch(LoadScene(app))
        elif key == "settings":
            app.switch(SettingsScene(app))
        elif key == "quit":
            app.quit()

    def refused(self, reason: str) -> None:
        self.app.notice = saves.shorten(reason, SHOWN_CHARS)
        self.app.switch(TitleScene(self.app))

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for key, button in self.buttons.items():
                if event.ui_element is button:
                    self.choose(key)
                    return
        if event.type == pygame.KEYDOWN:
            keys = {pygame.K_1 + k: key for k, (key, _t) in enumerate(self.items())}
            keys.update({letter: key for key, letter in self.LETTERS.items()})
            key = keys.get(event.key)
            if key in self.buttons:
                self.choose(key)

    def draw(self, surface: pygame.Surface) -> None:
        self.backdrop.draw(surface)

    def back(self) -> None:
        self.app.quit()


# ------------------------------------------------------------------------------------------ setup


def heading(app, text: str) -> int:
    """A menu screen's heading at the top left; returns the page margin."""
    m = app.px(24)
    UILabel(pygame.Rect(m, m, app.size[0] - 2 * m, app.px(40)), text, app.manager,
            object_id=ObjectID(class_id="@heading"))
    return m


def back_button(app) -> UIButton:
    m, text = app.px(24), _("Back (Esc)")
    w = max(app.px(120), text_width(app, text) + app.px(40))
    return UIButton(pygame.Rect(m, app.size[1] - m - app.px(46), w, app.px(46)), text, app.manager)


class SetupScene(Scene):
    """Choose a scenario, who sits in each seat, and the seed."""

    def __init__(self, app, scenario: str | None = None):
        super().__init__(app)
        self.entries = [shown_entry(e) for e in list_scenarios()]
        ids = [e.id for e in self.entries]
        if scenario is not None and scenario not in ids:  # a scenario file given by path: listed first, chosen
            entry = scenario_entry(find_scenario(scenario))
            entry = shown_entry(entry) if entry is not None else None
            if entry is None:
                raise UnknownScenarioError(_("{path} does not read as a scenario file (see `python main.py "
                                             "validate {path}`)", path=scenario))
            self.entries.insert(0, entry)
            ids.insert(0, scenario)
        self.selected = ids.index(scenario) if scenario in ids else 0
        self.seed = random.randrange(1, 1_000_000)
        self.seats: dict[str, str] = {}
        self.error: str | None = None
        self._titles: list[str] = []
        self._reset_seats()

    def _reset_seats(self) -> None:
        """The chosen scenario's factions, each in the seat the scenario gives it (human unless it says a bot)."""
        if not self.entries:
            self.factions, self.seats = [], {}
            return
        entry = self.entries[self.selected]
        rules = self.app.rules(str(entry.path))
        self.factions = [(f.id, faction_name(rules, f.id)) for f in rules.factions]
        self.seats = {f: full_seat(rules, f, entry.seats.get(f, HUMAN)) for f, _n in self.factions}

    def expectations(self, rules: Rules | None) -> list[str]:
        """What the other seats can expect against each chosen personality, from the test games' table."""
        if rules is None:
            return []
        found = [expectation(rules, f, self.seats[f]) for f, _n in self.factions
                 if self.seats[f].startswith("doctrine:")]
        return [expectation_line(rules, e) for e in found if e is not None]

    def titles(self, width: int | None = None) -> list[str]:
        """Each scenario's list row: its title and length, or only the title if the row is too narrow (the
        description says the length too)."""
        if width is None:
            return self._titles
        self._titles = [first_fit(self.app, [_("{title}  ({turns} turns)", title=e.title, turns=e.turns), e.title],
                                  width) for e in self.entries]
        return self._titles

    def build(self) -> None:
        """Two columns (scenarios | seats and seed); on a small window at a big scale, the scenarios and
        their description side by side, every seat across the whole width below, the seed in the bottom row."""
        app, px = self.app, self.app.px
        width, height = app.size
        m = heading(app, _("New game"))
        compact = width / app.scale < 1100
        top = m + px(50)
        col_w = (width - 3 * m) // 2
        titles = self.titles(inner_width(app, col_w, 12))
        entry = self.entries[self.selected] if self.entries else None
        seed_note = _("The same scenario, seats and seed replay the same game: give the seed to another class to "
                      "compare choices. Bots play their seats without a hand-off.")
        expected = self.expectations(app.rules(str(entry.path)) if entry else None)
        if expected:  # a personality the sources make weak (or strong) on purpose: say what the others can expect
            seed_note = "<br>".join(f"<font color='#E69F00'>{escape(line)}</font>" for line in expected) + \
                "<br>" + seed_note
        about = _("<b>{title}</b> ({turns} turns)<br>{description}", title=entry.title, turns=entry.turns,
                  description=entry.description) if entry else _("No scenarios found.")
        error = f"<font color='#E69F00'>{self.error}</font>" if self.error else ""
        bh = px(46)
        self.back_button = back_button(app)
        start = _("Start (Enter)")
        start_w = text_width(app, start, bold=True) + px(40)
        self.start_button = UIButton(pygame.Rect(width - m - start_w, height - m - bh, start_w, bh), start,
                                     app.manager, object_id=ObjectID(class_id="@primary"))
        hints = [_("Up/Down: scenario · 1-3: change a seat · Tab: type the seed · N: new seed"),
                 _("Up/Down scenario · 1-3 seats · Tab seed · N new seed"), _("Up/Down · 1-3 · Tab · N")]
        bar = pygame.Rect(self.back_button.rect.right + px(10), height - m - bh,
                          self.start_button.rect.left - self.back_button.rect.right - px(20), bh)
        pitch = px(40) if compact else px(46)
        if compact:  # the key hint beside the heading, the seed between Back and Start
            hint_x = m + text_width(app, _("New game"), 24, bold=True) + px(24)
            UILabel(pygame.Rect(hint_x, m, width - m - hint_x, px(40)), first_fit(app, hints, width - m - hint_x),
                    app.manager, object_id=ObjectID(class_id="@hint"))
            seats_top = bar.y - px(8) - pitch * len(self.factions)
            list_h = seats_top - px(8) - top
            list_rect = pygame.Rect(m, top, col_w, list_h)
            about_rect = pygame.Rect(2 * m + col_w, top, col_w, list_h)
            about = (error + "<br>" if error else "") + about + f"<br><br><font color='#AEB8CC'>{seed_note}</font>"
            x, y, row_w = m, seats_top, width - 2 * m
        else:
            UILabel(bar, first_fit(app, hints, bar.width), app.manager, object_id=ObjectID(class_id="@hint"))
            list_h = px(34) * max(3, len(titles)) + px(8)
            list_rect = pygame.Rect(m, top, col_w, list_h)
            about_rect = pygame.Rect(m, top + list_h + px(10), col_w, bar.y - px(10) - top - list_h - px(10))
            x, y, row_w = 2 * m + col_w, top, col_w
        self.list = UISelectionList(list_rect, titles, app.manager,
                                    default_selection=titles[self.selected] if titles else None)
        self.about = UITextBox(about, about_rect, app.manager)
        labels = [f"{k + 1}  {name}" for k, (_f, name) in enumerate(self.factions)] + [_("Seed")]
        label_w = max(text_width(app, t) for t in labels) + px(16)
        self.dropdowns: dict[str, UIDropDownMenu] = {}
        rules = app.rules(str(self.entries[self.selected].path)) if self.entries else None
        for k, (faction, name) in enumerate(self.factions):
            options = seat_options(rules, faction)
            UILabel(pygame.Rect(x, y, label_w, pitch - px(6)), labels[k], app.manager)
            self.dropdowns[faction] = UIDropDownMenu(
                [label for label, _s in options], label_of(options, self.seats[faction]),
                pygame.Rect(x + label_w, y, row_w - label_w, pitch - px(6)),
                app.manager, expansion_height_limit=max(pitch * 3, height - y - pitch - m))
            y += pitch
        reseed = _("New seed (N)")
        reseed_w = text_width(app, reseed) + px(24)
        if compact:
            seed_w = text_width(app, _("Seed")) + px(12)
            row = pygame.Rect(bar.x, bar.y + (bh - px(40)) // 2, bar.width, px(40))
        else:
            seed_w = label_w
            row = pygame.Rect(x, y, row_w, px(36))
        UILabel(pygame.Rect(row.x, row.y, seed_w, row.height), _("Seed"), app.manager)
        self.seed_box = UITextEntryLine(pygame.Rect(row.x + seed_w, row.y, row.width - seed_w - reseed_w - px(10),
                                                    row.height), app.manager)
        self.seed_box.set_allowed_characters("numbers")
        self.seed_box.set_text(str(self.seed))
        self.reseed = UIButton(pygame.Rect(row.right - reseed_w, row.y, reseed_w, row.height), reseed, app.manager)
        if not compact:
            y += px(46)
            note_h = px(90) + px(60) * len(expected)
            UITextBox(seed_note, pygame.Rect(x, y, row_w, note_h), app.manager, object_id=ObjectID(class_id="@muted"))
            if error:
                UITextBox(error, pygame.Rect(x, y + note_h + px(10), row_w, px(90)), app.manager)

    def _read_seed(self) -> int | None:
        text = self.seed_box.get_text().strip()
        if not text.isdigit() or int(text) > SEED_LIMIT:
            self.error = _("The seed must be a whole number from 0 to {limit}; got {text}.", limit=f"{SEED_LIMIT:,}",
                           text=text) if text else \
                _("The seed must be a whole number from 0 to {limit}; got nothing.", limit=f"{SEED_LIMIT:,}")
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
        app, entry, seats = self.app, self.entries[self.selected], dict(self.seats)
        prepare(app, entry.title, lambda: warmed(Game(app.rules(str(entry.path)), seed, seats)), failed=self.refused)

    def refused(self, reason: str) -> None:
        """The game could not be made ready: back on this screen, saying why."""
        self.error = _("Cannot start the game: {why}", why=reason)
        self.app.switch(self)

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
        options = seat_options(self.app.rules(str(self.entries[self.selected].path)), faction)
        current = seat_of(options, label_of(options, self.seats[faction]))
        specs = [spec for _l, spec in options]
        self.seats[faction] = specs[(specs.index(current) + 1) % len(specs)]
        self._keep_seed()
        self.app.rebuild()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            self.pick(self.titles().index(event.text))
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            for faction, menu in self.dropdowns.items():
                if event.ui_element is menu:
                    rules = self.app.rules(str(self.entries[self.selected].path))
                    self.seats[faction] = seat_of(seat_options(rules, faction), event.text)
                    self._keep_seed()
                    self.app.rebuild()  # the note says what the others can expect against a personality
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.seed_box:
            self.error = None
        elif event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.start_button:
                self.start()
            elif event.ui_element is self.back_button:
                self.back()
            elif event.ui_element is self.reseed:
                self.new_seed()
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.seed_box:
            self.app.manager.set_focus_set(None)  # Enter in the seed field: back to the screen's keys
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.start()
            elif event.key == pygame.K_DOWN:
                self.pick(self.selected + 1)
            elif event.key == pygame.K_UP:
                self.pick(self.selected - 1)
            elif pygame.K_1 <= event.key <= pygame.K_9:
                self.cycle_seat(event.key - pygame.K_1)
            elif event.key == pygame.K_n:
                self.new_seed()
            elif event.key == pygame.K_TAB:
                self.app.manager.set_focus_set(self.seed_box)  # type the seed; Enter ends the typing

    def new_seed(self) -> None:
        self.seed = random.randrange(1, 1_000_000)
        self.seed_box.set_text(str(self.seed))
        self.error = None

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)


# ------------------------------------------------------------------------------------------ settings


def note_lines(app, text: str, width: int) -> list[str]:
    """text wrapped to width; a word too long for any line (a deep folder's path) keeps its end, the file's name."""
    lines = []
    for line in app.wrap(text, 16, width):
        while len(line) > 1 and text_width(app, line) > width:
            line = "…" + line[2:]
        lines.append(line)
    return lines


def language_choices() -> list[tuple[str | None, str]]:
    """(setting, button text) of each language the window can show, and the system's; each language is named in
    itself, so a player who cannot read the current one still finds their own."""
    own = {"en": "English", "ja": "日本語"}
    return [(None, _("System"))] + [(lang, own.get(lang, lang)) for lang in LANGUAGES]


class SettingsScene(Scene):
    """UI scale, colour-blind-safe patterns, fullscreen, language; saved as soon as they change."""

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = heading(app, _("Settings"))
        on_off = {True: _("on"), False: _("off")}
        labels = [_("Text and widget size: {percent}% (+ / -)", percent=app.settings.ui_scale),
                  _("Colour-blind-safe patterns (P)"), _("Fullscreen (F11)"), _("Language (L)")]
        label_w = max(text_width(app, t) for t in labels[:3]) + px(16)
        scale_w = [text_width(app, f"{s}%") + px(24) for s in SCALES]
        x = m + label_w
        if x + sum(scale_w) + px(6) * len(SCALES) > width - m:  # no room beside: the buttons go below
            x = m
        y = m + px(60)
        UILabel(pygame.Rect(m, y, label_w, px(40)), labels[0], app.manager)
        if x == m:
            y += px(46)
        self.scale_buttons: dict[int, UIButton] = {}
        for s, bw in zip(SCALES, scale_w):
            self.scale_buttons[s] = UIButton(pygame.Rect(x, y, bw, px(40)), f"{s}%", app.manager)
            if s == app.settings.ui_scale:
                self.scale_buttons[s].select()  # the label says the current size in words too
            x += bw + px(6)
        x = m + label_w if m + label_w + px(120) <= width - m else m
        y += px(52)
        UILabel(pygame.Rect(m, y, label_w, px(40)), labels[1], app.manager)
        self.patterns = UIButton(pygame.Rect(x, y, px(120), px(40)), on_off[app.settings.patterns], app.manager)
        y += px(52)
        UILabel(pygame.Rect(m, y, label_w, px(40)), labels[2], app.manager)
        self.fullscreen = UIButton(pygame.Rect(x, y, px(120), px(40)), on_off[app.settings.fullscreen],
                                   app.manager)
        self._languages(m, labels[3])
        # the note is text under the rows (a box around it would be mostly empty); if it would run into the Back
        # button it goes in the column beside the button, and if it is too long even there, without the folder
        self.back_button = back_button(app)
        about = _("150–200% suits a classroom projector; patterns add a hatch to every faction's colour on the map, "
                  "so no information rests on colour alone.")
        top, back = y + px(60), self.back_button.rect
        beside = back.right + px(16)
        places = [(m, top, width - 2 * m, back.top - px(8)), (beside, min(top, back.top), width - m - beside, height - m)]
        for text in (_("Settings are kept in {path}. {about}", path=app.store.settings_path, about=about), about):
            for x, y0, room, bottom in places:
                lines = note_lines(app, text, room)
                if y0 + len(lines) * px(24) <= bottom:
                    self.note_at, self.note = (x, y0), lines
                    return
        self.note_at, self.note = (beside, places[1][1]), lines

    def _languages(self, m: int, label: str) -> None:
        """The language buttons at the right of the heading's row (each language named in itself, so measured
        and drawn in a font that has its letters)."""
        app, px = self.app, self.app.px
        widths = [pygame.font.Font(str(font_file(False, lang or app.language)), px(16)).size(text)[0] + px(24)
                  for lang, text in language_choices()]
        gap = px(6)
        x = app.size[0] - m - sum(widths) - gap * (len(widths) - 1)
        label_w = text_width(app, label) + px(12)
        UILabel(pygame.Rect(x - label_w, m, label_w, px(40)), label, app.manager)
        self.language_buttons: dict[str | None, UIButton] = {}
        for (choice, text), bw in zip(language_choices(), widths):
            own = ObjectID(class_id=f"@in_{choice}") if choice is not None and choice != app.language else None
            self.language_buttons[choice] = UIButton(pygame.Rect(x, m, bw, px(40)), text, app.manager, object_id=own)
            if choice == app.settings.language:
                self.language_buttons[choice].select()
            x += bw + gap

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        x, y = self.note_at
        for line in self.note:
            self.app.text(surface, line, 16, (x, y), MUTED)
            y += self.app.px(24)

    def handle(self, event: pygame.event.Event) -> None:
        app = self.app
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for s, button in self.scale_buttons.items():
                if event.ui_element is button:
                    app.set_scale(s)
                    return
            for choice, button in self.language_buttons.items():
                if event.ui_element is button:
                    app.set_language(choice)
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
            elif event.key == pygame.K_l:
                choices = [choice for choice, _t in language_choices()]
                app.set_language(choices[(choices.index(app.settings.language) + 1) % len(choices)])

    def toggle_patterns(self) -> None:
        self.app.settings.patterns = not self.app.settings.patterns
        self.app.store.save_settings(self.app.settings)
        self.app.rebuild()


# ------------------------------------------------------------------------------------------ load


def when(found: saves.SaveSummary) -> str:
    """When a save was written, as '2025-03-14 09:30'."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(found.saved_at))


class LoadScene(Scene):
    """Pick a saved game from a list of every save and autosave with its scenario, turn, date and seats;
    a save that cannot be loaded is listed with the reason, and says exactly why if chosen. A click or Up/Down
    chooses a save; Load (Enter, a double click, its number key) plays it on, Replay (P) opens the replay viewer."""

    def __init__(self, app):
        super().__init__(app)
        self.files = app.store.save_files()
        self.summaries = [saves.summary(p) for p in self.files]  # no replay: the screen opens at once
        self.error: str | None = None
        self.cursor: int | None = None  # the save under the keyboard cursor (Up/Down, Enter loads it)

    def is_autosave(self, found: saves.SaveSummary) -> bool:
        return found.path.parent == self.app.store.autosaves_dir

    def row(self, k: int, found: saves.SaveSummary, width: int) -> str:
        """A save's list row: the longest wording that fits (the box under the list has all of it)."""
        number = f"{k + 1}  "
        if found.problem is not None:
            return first_fit(self.app, [number + _("Cannot be loaded: {why}", why=found.problem)], width)
        kind = _(" · autosave") if self.is_autosave(found) else ""
        short_seats = " · ".join(f"{name} {seat.partition(':')[0]}" for name, seat in found.seats)
        head = f"{number}{found.title} · {found.progress()} · {when(found)}"
        return first_fit(self.app, [f"{head} · {found.seats_text()}{kind}", f"{head} · {short_seats}{kind}",
                                    f"{head}{kind}", head], width)

    def details(self, found: saves.SaveSummary) -> str:
        """Everything about one save, for the box under the list."""
        if found.problem is not None:
            return f"<font color='#E69F00'>{escape(saves.shorten(found.problem, SHOWN_CHARS))}</font>"
        kind = _("Autosave") if self.is_autosave(found) else _("Saved game")
        return _("<b>{title}</b> · {progress} · {kind}, saved {when}<br>Seats: {seats}<br>"
                 "<font color='#AEB8CC'>{path}</font>", title=escape(found.title), progress=found.progress(),
                 kind=kind, when=when(found), seats=escape(found.seats_text()), path=escape(str(found.path)))

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = heading(app, _("Load a saved game"))
        top = m + px(56)
        self.back_button = back_button(app)
        bottom = self.back_button.rect.y - px(10)
        box_h = max(px(34) * 2 + px(8), bottom - top - px(108))  # the box below holds three lines: the list gets the rest
        room = inner_width(app, width - 2 * m) - px(24)  # the list's scroll bar takes some of the row
        self.names = [self.row(k, found, room) for k, found in enumerate(self.summaries)]
        chosen = self.names[self.cursor] if self.cursor is not None else None
        self.list = UISelectionList(pygame.Rect(m, top, width - 2 * m, box_h), self.names or [_("(no saved games yet)")],
                                    app.manager, default_selection=chosen)
        keys = _("Keys: 1-9 load, or Up/Down to choose, then Enter to load or P to replay.")
        if self.error:
            message = f"<font color='#E69F00'>{escape(self.error)}</font>"
        elif self.cursor is not None:
            message = self.details(self.summaries[self.cursor])
        else:
            message = "<font color='#AEB8CC'>" + _(
                "Saves are kept in {folder}. Ctrl+S saves during a game; the last ten games are autosaved after every "
                "commit and every turn. {keys}", folder=escape(str(app.store.saves_dir)), keys=keys) + "</font>"
        UITextBox(message, pygame.Rect(m, top + box_h + px(8), width - 2 * m, bottom - top - box_h - px(8)),
                  app.manager)
        bh, x = self.back_button.rect.height, width - m
        self.action_buttons: dict[str, UIButton] = {}
        for key, text in (("load", _("Load (Enter)")), ("replay", _("Replay (P)"))):  # the chosen save: play on, or watch
            w = text_width(app, text, bold=key == "load") + px(36)
            x -= w
            self.action_buttons[key] = UIButton(pygame.Rect(x, self.back_button.rect.y, w, bh), text, app.manager,
                                                object_id=ObjectID(class_id="@primary") if key == "load" else None)
            x -= px(10)
            if self.cursor is None or self.summaries[self.cursor].problem is not None:
                self.action_buttons[key].disable()

    def chosen(self, index: int):
        """The summary of save number `index` if it can be opened; None (its problem shown) otherwise."""
        if not 0 <= index < len(self.files):
            return None
        found = self.summaries[index]
        if found.problem is not None:
            self.error = saves.shorten(found.problem, SHOWN_CHARS)
            self.app.rebuild()
            return None
        return found

    def replay(self, index: int) -> None:
        """Open a save in the replay viewer (its turns as they were played; Esc comes back here)."""
        from game.session.replay import Replay
        from game.ui.scenes.replay import ReplayScene

        found = self.chosen(index)
        if found is None:
            return
        try:
            replay = Replay.open(found.path)
        except (saves.SaveError, ValueError, OSError) as exc:
            self.refused(_("Cannot replay {file}: {why}", file=found.path.name, why=exc))
            return
        self.app.switch(ReplayScene(self.app, replay, back=lambda: self.app.switch(self)))

    def load(self, index: int) -> None:
        found = self.chosen(index)
        if found is None:
            return
        autosave = found.path if self.is_autosave(found) else None  # a named save starts an autosave of its own
        prepare(self.app, found.title, lambda: loaded(found.path), autosave=autosave, failed=self.refused)

    def refused(self, reason: str) -> None:
        self.error = saves.shorten(reason, SHOWN_CHARS)
        self.app.switch(self)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type in (pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
                          pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION) and event.ui_element is self.list:
            number = event.text.split()[0]
            if number.isdigit() and event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION:
                self.load(int(number) - 1)
            elif number.isdigit():  # a click chooses the save: Load or Replay below act on it
                self.cursor, self.error = int(number) - 1, None
                self.app.rebuild()
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.back_button:
            self.back()
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and self.cursor is not None and \
                event.ui_element in self.action_buttons.values():
            (self.load if event.ui_element is self.action_buttons["load"] else self.replay)(self.cursor)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_p and self.cursor is not None:
            self.replay(self.cursor)
        elif event.type == pygame.KEYDOWN and pygame.K_1 <= event.key <= pygame.K_9:
            self.load(event.key - pygame.K_1)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_DOWN) and self.files:
            step = 1 if event.key == pygame.K_DOWN else -1  # past the ninth save, where number keys end
            self.cursor = 0 if self.cursor is None else (self.cursor + step) % len(self.files)
            self.error = None
            self.app.rebuild()
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and \
                self.cursor is not None:
            self.load(self.cursor)
