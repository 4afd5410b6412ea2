"""The game window: one App owns the display, the settings, the pygame_gui manager and the current scene.

The loop is events -> scene.handle -> scene.update -> scene.draw -> manager.draw_ui -> flip. A scene
builds its widgets in `build()`; the app calls it again whenever the window size or the UI scale
changes, so every layout is computed from the current size and scale. Keys that work everywhere:
F11 toggles fullscreen, Ctrl+= and Ctrl+- change the UI scale, Esc goes back (the title screen quits).

Nothing is lost by a stray key: leaving a scene (Esc, the window's close button, Quit) first asks the
scene's `leave_warning()`; if it says something, a confirmation dialog (game.ui.dialog) shows it, and
only a yes leaves, after the scene's game has written its autosave.

`App.frame(events)` runs one frame with the events given (tests post their own); `run_app()` is the
entry point of `python main.py`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.assets import find_asset
from game.session.saves import shorten
from game import i18n
from game.i18n import _
from game.ui import textbox
from game.ui.fonts import LANGUAGE_FONTS, THEME_FONTS, font_file
from game.ui.linebreak import pieces
from game.ui.settings import MIN_WINDOW, Settings, Store

if TYPE_CHECKING:
    from game.ui.dialog import Confirm
    from game.ui.flow import HotSeat

THEME = find_asset("ui/theme.json")
FONTS = LANGUAGE_FONTS["en"]  # English's (Noto Sans); App.font takes the language's

BACKGROUND = (16, 24, 40)
PANEL = (24, 34, 54)
INK = (235, 238, 245)
MUTED = (174, 184, 204)
ACCENT = (86, 180, 233)  # Okabe-Ito sky blue
WARN = (230, 159, 0)  # Okabe-Ito orange
MIN_SIZE = MIN_WINDOW
NOTICE_CHARS = 1500  # the title screen's notice (a text box of megabytes would freeze the window)
# theme lengths that grow with the UI scale, like the fonts (a list row must stay taller than its text)
SCALED_MISC = ("shape_corner_radius", "list_item_height", "text_horiz_alignment_padding", "padding")


def scaled_theme(scale: float, language: str = "en") -> dict:
    """The JSON theme with every font size (and corner radius) multiplied by scale, in the language's font."""
    theme = json.loads(THEME.read_text(encoding="utf-8"))
    for block in theme.values():
        font = block.get("font")
        if font and "size" in font:
            font["size"] = str(round(int(font["size"]) * scale))
        if font and font.get("name") == THEME_FONTS["en"]:
            font["name"] = THEME_FONTS.get(language, THEME_FONTS["en"])
        misc = block.get("misc", {})
        for key in SCALED_MISC:
            if key in misc:
                misc[key] = ",".join(str(round(int(v) * scale)) for v in misc[key].split(","))
    return theme


def theme_fonts(theme: dict) -> list[dict]:
    """The text boxes' font in italic and bold italic (the buttons load bold), for pygame_gui to load up
    front: a text box's <i> would otherwise load a font in the middle of a frame."""
    size = int(theme["text_box"]["font"]["size"])
    name = theme["text_box"]["font"]["name"]
    return [{"name": name, "point_size": size, "style": style, "antialiased": "1"}
            for style in ("italic", "bold_italic")]


class Scene:
    """A screen. Subclasses build widgets into app.manager, react to events, and draw under the widgets."""

    flow: "HotSeat | None" = None  # the hot-seat game this scene shows, if any

    def __init__(self, app: "App"):
        self.app = app

    def build(self) -> None:
        """Create this scene's widgets for the current window size and scale (the manager is empty)."""

    def handle(self, event: pygame.event.Event) -> None:
        """A pygame or pygame_gui event."""

    def update(self, dt: float) -> None:
        """Advance animations by dt seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)

    def leave_warning(self) -> str | None:
        """What leaving this scene would lose (or keep only in the autosave), or None to leave without asking.
        A scene of a game asks its flow."""
        return self.flow.leave_warning() if self.flow is not None else None

    def keep(self) -> None:
        """The players are leaving (they confirmed, if asked): a scene of a game has its flow write the autosave."""
        if self.flow is not None:
            self.flow.keep()

    def escape_field(self) -> bool:
        """Esc while a text field has the keyboard: True if the scene took it (by default the field just lets go)."""
        return False

    def back(self) -> None:
        """Esc: by default back to the title screen (asking first if the scene's game would lose something)."""
        from game.ui.scenes.menu import TitleScene

        self.app.leave(lambda: self.app.switch(TitleScene(self.app)))


class App:
    """The window and everything that lives as long as it does."""

    def __init__(self, store: Store | None = None, size: tuple[int, int] | None = None,
                 settings: Settings | None = None, lang: str | None = None):
        pygame.init()
        textbox.install()  # pygame_gui's text boxes break Japanese lines between characters
        self.store = store or Store.default()
        self.store.clean_leftovers()  # temporary files of saves a crash or a kill interrupted
        mark = len(self.store.problems)
        self.settings = settings or self.store.load_settings()
        # --lang, then the settings, then the system locale; everything the window shows is in this language
        self.language = i18n.resolve(lang, self.settings.language)
        if settings is None and len(self.store.problems) > mark and self.language != i18n.current():
            del self.store.problems[mark:]  # a damaged settings file: said again in the window's language
            with i18n.use(self.language):
                self.store.load_settings()
        self.notice: str | None = shorten("\n".join(self.store.problems), NOTICE_CHARS) or None  # on the title screen
        self.running = True
        self.drawn: list[str] = []  # every string drawn by App.text this frame (tests read it)
        self._fonts: dict[tuple[int, bool, str], pygame.font.Font] = {}
        self._rules: dict[str, object] = {}
        self.screen = self._open(size)
        self.manager = self._manager()
        self.scene: Scene = Scene(self)
        self.dialog: "Confirm | None" = None  # a question over the scene; it gets every event while open
        self._dialog_manager: pygame_gui.UIManager | None = None
        self.clock = pygame.time.Clock()

    # ------------------------------------------------------------------ window

    def _open(self, size: tuple[int, int] | None) -> pygame.Surface:
        if self.settings.fullscreen and size is None:
            surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            surface = pygame.display.set_mode(size or self.settings.window, pygame.RESIZABLE)
        pygame.display.set_caption(_("Pacific Trilemma"))
        return surface

    def _manager(self) -> pygame_gui.UIManager:
        theme = scaled_theme(self.scale, self.language)
        manager = pygame_gui.UIManager(self.screen.get_size(), None, enable_live_theme_updates=False,
                                       starting_language=self.language)
        for lang, name in THEME_FONTS.items():  # every language's font, for a button naming a language in itself
            fonts = LANGUAGE_FONTS[lang]
            manager.add_font_paths(name, str(fonts[False]), str(fonts[True]))
        manager.get_theme().load_theme(theme)
        manager.preload_fonts(theme_fonts(theme))
        return manager

    @property
    def size(self) -> tuple[int, int]:
        return self.screen.get_size()

    @property
    def scale(self) -> float:
        return self.settings.ui_scale / 100

    def px(self, value: float) -> int:
        """A length in pixels at the current UI scale."""
        return max(1, round(value * self.scale))

    def font(self, size: float, bold: bool = False) -> pygame.font.Font:
        """The language's Noto Sans (pygame_gui's own fonts; Noto Sans JP in Japanese) at size × UI scale pixels."""
        px = self.px(size)
        key = (px, bold, self.language)
        if key not in self._fonts:
            self._fonts[key] = pygame.font.Font(str(font_file(bold, self.language)), px)
        return self._fonts[key]

    def text(self, surface: pygame.Surface, text: str, size: float, pos: tuple[int, int],
             colour=INK, anchor: str = "topleft", bold: bool = False) -> pygame.Rect:
        """Draw one line of text; returns its rectangle. Recorded in `drawn` for tests."""
        self.drawn.append(text)
        image = self.font(size, bold).render(text, True, colour)
        rect = image.get_rect(**{anchor: pos})
        surface.blit(image, rect)
        return rect

    def wrap(self, text: str, size: float, width: int, bold: bool = False) -> list[str]:
        """Split text into lines no wider than width pixels at this size: at spaces, and in Japanese between
        characters where game.ui.linebreak allows it (a piece wider than width alone keeps its own line)."""
        font = self.font(size, bold)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split():
                for k, piece in enumerate(pieces(word)):
                    trial = (line + piece) if k else f"{line} {piece}".strip()
                    if font.size(trial)[0] <= width or not line:
                        line = trial
                    else:
                        lines.append(line)
                        line = piece
            lines.append(line)
        return lines

    def rules(self, scenario: str):
        """A scenario's compiled rules, compiled once per window."""
        from game.scenarios import load_rules

        if scenario not in self._rules:
            self._rules[scenario] = load_rules(scenario)
        return self._rules[scenario]

    # ------------------------------------------------------------------ scenes

    def switch(self, scene: Scene) -> None:
        self.scene = scene
        self.dialog = None  # a question belongs to the scene it was asked over
        self.rebuild()

    def rebuild(self) -> None:
        """Recreate the current scene's widgets (after a switch, a resize, a new scale or language), and the dialog's."""
        with i18n.use(self.language):
            self.manager.clear_and_reset()
            self.manager.set_window_resolution(self.size)
            self.scene.build()
            self._build_dialog()

    def _build_dialog(self) -> None:
        if self.dialog is None and self._dialog_manager is None:
            return  # no dialog has been asked yet: no manager to clear
        manager = self.dialog_manager()
        manager.clear_and_reset()
        manager.set_window_resolution(self.size)
        if self.dialog is not None:
            self.dialog.build(manager)

    def dialog_manager(self) -> pygame_gui.UIManager:
        """The dialog's own widget manager (made on first use, and again after a scale change)."""
        if self._dialog_manager is None:
            self._dialog_manager = self._manager()
        return self._dialog_manager

    def ask(self, title: str, text: str, yes: str, no: str, on_yes: Callable[[], None]) -> None:
        """Put a yes/no question over the current scene; `on_yes` runs only if the players confirm."""
        from game.ui.dialog import Confirm

        self.manager.set_focus_set(None)  # no text field behind the dialog keeps the keyboard
        self.dialog = Confirm(self, title, text, yes, no, on_yes)
        self._build_dialog()

    def leave(self, then: Callable[[], None], verb: str = "Leave") -> None:
        """Leave the current scene by `then`: at once if its leave_warning() is None, else once the players
        confirm the warning; either way the scene keeps what it can first (its game writes its autosave)."""
        scene = self.scene
        warning = scene.leave_warning()

        def go() -> None:
            scene.keep()
            then()

        if warning is None:
            go()
        else:
            if verb == "Quit":
                self.ask(_("Quit this game?"), warning, _("Quit"), _("Stay"), go)
            else:
                self.ask(_("Leave this game?"), warning, _("Leave"), _("Stay"), go)

    def quit(self) -> None:
        """Close the window (after asking, if the scene's game would lose something)."""
        self.leave(self._stop, verb="Quit")

    def _stop(self) -> None:
        self.running = False

    def set_scale(self, percent: int) -> None:
        self.settings.ui_scale = percent
        self.store.save_settings(self.settings)
        self._fonts.clear()
        self.manager = self._manager()
        self._dialog_manager = None
        self.rebuild()

    def set_language(self, choice: str | None) -> None:
        """Show the window in `choice` ("en", "ja", or None: the system's) from now on, remembered in the settings;
        the current scene is built again in it (every other scene is built in it when it is shown)."""
        self.settings.language = choice
        self.store.save_settings(self.settings)
        self.language = i18n.resolve(None, choice)
        pygame.display.set_caption(self.t("Pacific Trilemma"))
        self._fonts.clear()
        self.manager = self._manager()
        self._dialog_manager = None
        self.rebuild()

    def t(self, message: str, **fields) -> str:
        """`message` in the window's language (for code that runs outside a frame)."""
        with i18n.use(self.language):
            return _(message, **fields)

    def toggle_fullscreen(self) -> None:
        self.settings.fullscreen = not self.settings.fullscreen
        self.store.save_settings(self.settings)
        self.screen = self._open(None)
        self.rebuild()

    def resize(self, size: tuple[int, int]) -> None:
        size = (max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]))
        if size == self.size:
            return
        self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        if not self.settings.fullscreen:
            self.settings.window = size
            self.store.save_settings(self.settings)
        self.rebuild()

    # ------------------------------------------------------------------ loop

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            if self.dialog is None:  # closing again while the question is open still waits for its answer
                self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self.resize(event.size)
            return
        if event.type == pygame.KEYDOWN:
            ctrl = event.mod & pygame.KMOD_CTRL
            if event.key == pygame.K_F11:
                self.toggle_fullscreen()
                return
            if ctrl and event.key in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS):
                self.set_scale(self.settings.next_scale(+1))
                return
            if ctrl and event.key in (pygame.K_MINUS, pygame.K_KP_MINUS):
                self.set_scale(self.settings.next_scale(-1))
                return
        if self.dialog is not None:
            self._handle_dialog(event)
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.typing():
            if not self.scene.escape_field():
                self.manager.set_focus_set(None)  # Esc lets go of the field; a second Esc is the scene's
            return
        consumed = self.manager.process_events(event)
        if event.type == pygame.KEYDOWN and (consumed or self.typing()):
            return  # keys typed into a text field are not shortcuts
        if consumed and event.type == pygame.MOUSEBUTTONDOWN:
            return  # a widget took the click
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.scene.back()
            return
        self.scene.handle(event)

    def _handle_dialog(self, event: pygame.event.Event) -> None:
        """Every event goes to the open dialog; nothing reaches the scene behind it."""
        dialog = self.dialog
        self.dialog_manager().process_events(event)
        answer = dialog.handle(event)
        if answer is None:
            return
        self.dialog = None
        self._build_dialog()
        if answer:
            dialog.on_yes()

    def typing(self) -> bool:
        """Whether a text field has the keyboard focus."""
        focused = self.manager.get_focus_set()
        return any(isinstance(e, pygame_gui.elements.UITextEntryLine) for e in focused or ())

    def frame(self, events: list[pygame.event.Event] | None = None, dt: float = 1 / 60) -> None:
        """One frame: handle events (default: the queue's), update, draw, flip, all in the window's language."""
        with i18n.use(self.language):
            self._frame(events, dt)

    def _frame(self, events: list[pygame.event.Event] | None, dt: float) -> None:
        for event in pygame.event.get() if events is None else events:
            self.handle(event)
            if not self.running:
                return
        self.scene.update(dt)
        self.manager.update(dt)
        if self.dialog is not None:
            self.dialog_manager().update(dt)
        self.draw()
        pygame.display.flip()

    def draw(self) -> None:
        self.drawn = []
        self.scene.draw(self.screen)
        self.manager.draw_ui(self.screen)
        if self.dialog is not None:
            self.dialog.draw(self.screen)
            self.dialog_manager().draw_ui(self.screen)

    def widget_texts(self) -> list[str]:
        """The text of every live widget (labels, buttons, text boxes, list items), for tests."""
        texts = []
        managers = [self.manager] + ([self.dialog_manager()] if self.dialog is not None else [])
        for element in (e for m in managers for e in m.get_sprite_group().sprites()):
            for attr in ("text", "html_text"):
                value = getattr(element, attr, None)
                if isinstance(value, str) and value:
                    texts.append(value)
            for item in getattr(element, "item_list", None) or ():
                texts.append(str(item.get("text", "")) if isinstance(item, dict) else str(item))
        return texts

    def run(self, max_frames: int | None = None) -> int:
        frames = 0
        while self.running and (max_frames is None or frames < max_frames):
            dt = self.clock.tick(60) / 1000
            self.frame(dt=min(dt, 0.1))
            frames += 1
        return 0


def run_app(scenario: str | None = None, max_frames: int | None = None, size: tuple[int, int] | None = None,
            store: Store | None = None, lang: str | None = None) -> int:
    """Open the window on the title screen (or the setup screen of `scenario`, an id or a scenario file) and run
    until it is closed; raises UnknownScenarioError before opening anything if there is no such scenario.
    `lang` is `--lang` ("en"/"ja"; None: the settings' language, else the system's)."""
    started = time.perf_counter()
    if scenario is not None:
        from game.scenarios import find_scenario

        find_scenario(scenario)  # `play --scenario bogus` is refused, not silently the tutorial
    app = App(store=store, size=size, lang=lang)
    try:
        from game.ui.scenes.menu import SetupScene, TitleScene

        with i18n.use(app.language):
            app.switch(SetupScene(app, scenario) if scenario else TitleScene(app))
        app.frame()
        app.first_frame_seconds = time.perf_counter() - started
        return app.run(None if max_frames is None else max(0, max_frames - 1))
    finally:
        pygame.quit()
