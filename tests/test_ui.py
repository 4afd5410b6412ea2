"""The game window under SDL's dummy driver, driven only by posted keyboard and mouse events.

A scripted hot-seat game goes from the title screen through setup, every hand-off, orders and report
to the debrief; a privacy check reads every string drawn and every widget's text on each orders
screen; the autosave resumes a game after the window is killed; a monkey test throws random events
at every scene; settings survive a restart and a damaged settings file is reported, not fatal.
"""

import json
import random

import pygame
import pytest

from game.session.orders import Order
from game.ui.app import App, run_app
from game.ui.flow import Phase
from game.ui.scenes.menu import LoadScene, SettingsScene, SetupScene, TitleScene
from game.ui.scenes.play import READY_DELAY, HandoffScene, OrdersScene
from game.ui.scenes.preparing import PreparingScene
from game.ui.scenes.report import DebriefScene, ReportScene
from game.ui.settings import Settings, Store

SIZE = (1280, 800)


def key(app, k, mod=0, frames=2):
    """Post a key press (and release) and run frames until pygame_gui's own events are handled (and a game
    being prepared is ready). Space on a hand-off waits first until the cover takes the key."""
    if k == pygame.K_SPACE and isinstance(app.scene, HandoffScene):
        app.frame(events=[], dt=READY_DELAY)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode="", scancode=0))
    for _ in range(frames):
        app.frame()
    settle(app)


def settle(app, timeout=120):
    """Run frames until no game is being prepared in the background."""
    while isinstance(app.scene, PreparingScene):
        app.scene.thread.join(timeout)
        assert app.scene.finished, "the game was still being prepared after two minutes"
        app.frame(events=[])


def click(app, pos, frames=3):
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    for _ in range(frames):
        app.frame()


def screen_text(app) -> str:
    app.frame(events=[])
    return "\n".join(app.drawn + app.widget_texts())


def give_first_order(app):
    """On an orders screen: order the first available move (and its first available target) by keyboard."""
    scene = app.scene
    for k, move in enumerate(scene.page_moves()):
        if scene.status(move) is None:
            key(app, pygame.K_1 + k)
            if isinstance(app.scene, OrdersScene) and app.scene.picking is not None:
                options = app.scene.picking.target.options
                usable = [i for i, t in enumerate(options) if scene.desk.refusal(Order(move.id, t)) is None]
                key(app, pygame.K_1 + usable[0])
            return move
    return None


def play_to_debrief(app, seed="4242"):
    """From the title screen: a new tutorial game, every seat human, played to the debrief by keys alone."""
    key(app, pygame.K_1)
    assert isinstance(app.scene, SetupScene)
    assert app.scene.entries[app.scene.selected].id == "tutorial"
    app.scene.seed_box.set_text(seed)
    key(app, pygame.K_RETURN)
    flow = app.scene.flow
    seen = []
    for _ in range(200):
        scene = app.scene
        if isinstance(scene, HandoffScene):
            seen.append(("handoff", scene.faction))
            text = screen_text(app)
            assert f"Pass to {scene.name}" in text
            key(app, pygame.K_SPACE)
        elif isinstance(scene, OrdersScene):
            seen.append(("orders", scene.faction))
            give_first_order(app)
            assert app.scene.view.own_orders, "the first move was not ordered"
            key(app, pygame.K_RETURN)
        elif isinstance(scene, ReportScene):
            seen.append(("report", scene.report.turn))
            key(app, pygame.K_SPACE)  # finishes the animation
            key(app, pygame.K_SPACE)
        elif isinstance(scene, DebriefScene):
            return flow, seen
    raise AssertionError(f"the game never reached the debrief: {seen[-6:]}")


def test_window_opens_and_quits(store, monkeypatch):
    monkeypatch.setenv("PACIFIC_TRILEMMA_HOME", str(store.root))
    assert run_app(max_frames=3, size=SIZE) == 0


def test_a_scripted_hot_seat_game_from_title_to_debrief(app):
    flow, seen = play_to_debrief(app)
    factions = ["us", "jp", "cn"]
    for turn in (1, 2, 3):
        for faction in factions:
            assert ("handoff", faction) in seen and ("orders", faction) in seen
        assert ("report", turn) in seen
    assert seen[:2] == [("handoff", "us"), ("orders", "us")], "a hand-off comes before each faction's orders"
    assert flow.game.is_over and len(flow.game.history) == 3
    assert all(len(orders) >= 1 for record in flow.game.history for orders in record.orders.values())
    text = screen_text(app)
    assert "Debrief" in text and "Scores:" in text and "Timeline" in text
    assert len(app.store.autosave_files()) == 1, "the game was autosaved after its turns, in a file of its own"
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, TitleScene)


def test_no_other_factions_pending_orders_are_ever_shown(app):
    """Orders of a faction that committed this turn must not appear on any later screen until the report."""
    key(app, pygame.K_1)
    app.scene.seed_box.set_text("7")
    key(app, pygame.K_RETURN)
    committed: dict[str, list[str]] = {}
    while not isinstance(app.scene, ReportScene):
        scene = app.scene
        text = screen_text(app)
        for other, names in committed.items():
            for name in names:
                assert name not in text, f"{other}'s pending order {name!r} is visible on {type(scene).__name__}"
        if isinstance(scene, HandoffScene):
            key(app, pygame.K_SPACE)
        else:
            give_first_order(app)
            rules = scene.rules
            own_only = [rules.moves[rules.move_index[o.move]] for o in scene.view.own_orders]
            committed[scene.faction] = [m.name for m in own_only if len(m.partners) == 1]
            key(app, pygame.K_RETURN)
    text = screen_text(app)
    for names in committed.values():
        for name in names:
            assert name in text, "the report reveals every order"


def test_resume_after_the_window_is_killed(store):
    first = App(store=store, size=SIZE, settings=Settings(window=SIZE))
    first.switch(TitleScene(first))
    key(first, pygame.K_1)
    first.scene.seed_box.set_text("99")
    key(first, pygame.K_RETURN)
    while not isinstance(first.scene, ReportScene):  # play turn 1
        if isinstance(first.scene, HandoffScene):
            key(first, pygame.K_SPACE)
        else:
            give_first_order(first)
            key(first, pygame.K_RETURN)
    turn_one = {f: list(o) for f, o in first.scene.flow.game.history[0].orders.items()}
    pygame.quit()  # the window dies without going back to the menu
    second = App(store=store, size=SIZE, settings=Settings(window=SIZE))
    second.switch(TitleScene(second))
    try:
        assert "resume" in second.scene.buttons and "Resume: Tutorial: pressure or partnership?, turn 2 of 3" in screen_text(second)
        key(second, pygame.K_2)
        assert isinstance(second.scene, HandoffScene)
        game = second.scene.flow.game
        assert game.turn == 2 and {f: list(o) for f, o in game.history[0].orders.items()} == turn_one
    finally:
        pygame.quit()


def test_a_damaged_autosave_is_refused_with_the_reason(app):
    folder = app.store.autosaves_dir
    folder.mkdir(parents=True)
    (folder / "20250101-090000-tutorial.json").write_text('{"format": "pacific-trilemma-save", "turns": []',
                                                          encoding="utf-8")
    app.switch(TitleScene(app))
    assert "resume" not in app.scene.buttons, "an unreadable autosave offers no resume"
    stale = {"format": "pacific-trilemma-save", "version": 2, "scenario": "tutorial", "scenario_file": "tutorial.yaml",
             "content_hash": "0" * 64, "seed": 1, "seats": {}, "turns": []}
    (folder / "20250101-100000-tutorial.json").write_text(json.dumps(stale), encoding="utf-8")
    app.switch(TitleScene(app))
    assert "resume" in app.scene.buttons, "a save that reads well is offered; only replaying it shows the fault"
    key(app, pygame.K_2)
    text = screen_text(app)
    assert isinstance(app.scene, TitleScene) and "Cannot open the autosave" in text and "different rules" in text


def test_settings_are_remembered_and_a_damaged_file_is_reported(store):
    app = App(store=store, size=SIZE, settings=Settings(window=SIZE))
    app.switch(SettingsScene(app))
    try:
        key(app, pygame.K_EQUALS)
        key(app, pygame.K_EQUALS)
        key(app, pygame.K_p)
        assert app.settings.ui_scale == 150 and not app.settings.patterns
    finally:
        pygame.quit()
    again = Store(store.root).load_settings()
    assert again.ui_scale == 150 and again.patterns is False
    store.settings_path.write_text('{"ui_scale": 900, "colour": 1}', encoding="utf-8")
    damaged = Store(store.root)
    assert damaged.load_settings() == Settings()
    assert any("ui_scale" in p and "less than or equal to 200" in p for p in damaged.problems)
    assert any("colour" in p for p in damaged.problems)


def test_undo_and_refusals_are_shown(app):
    key(app, pygame.K_1)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_SPACE)
    scene = app.scene
    assert isinstance(scene, OrdersScene)
    move = give_first_order(app)
    assert len(app.scene.view.own_orders) == 1
    key(app, pygame.K_z, mod=pygame.KMOD_CTRL)
    assert app.scene.view.own_orders == () and f"Taken back: {move.name}" in screen_text(app)
    give_first_order(app)
    again = app.scene.page_moves().index(move) if move.target is None else None
    if again is not None:  # ordering the same move twice is refused, with the session's reason
        key(app, pygame.K_1 + again)
        assert "already among this turn's orders" in screen_text(app)


@pytest.mark.slow
def test_monkey_random_events_across_scenes_raise_nothing(store):
    rng = random.Random(2026)
    app = App(store=store, size=SIZE, settings=Settings(window=SIZE))
    app.switch(TitleScene(app))
    keys = [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6, pygame.K_9, pygame.K_RETURN,
            pygame.K_SPACE, pygame.K_ESCAPE, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN,
            pygame.K_z, pygame.K_s, pygame.K_p, pygame.K_EQUALS, pygame.K_MINUS, pygame.K_TAB, pygame.K_a]
    scenes = set()
    try:
        for n in range(10_000):
            if not app.running:  # Esc on the title screen quits: open it again
                app.running = True
                app.switch(TitleScene(app))
            width, height = app.size
            roll = rng.random()
            if roll < 0.45:
                k = rng.choice(keys)
                mod = pygame.KMOD_CTRL if rng.random() < 0.1 else 0
                if k == pygame.K_s and mod:
                    mod = 0  # saving is tested elsewhere; thousands of save files would only slow this down
                pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
            elif roll < 0.9:
                pos = (rng.randrange(width), rng.randrange(height))
                pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
                pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
                pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
            elif roll < 0.95:
                pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice((-1, 1)), flipped=False))
            elif roll < 0.98:
                size = (rng.randrange(800, 1921), rng.randrange(560, 1081))
                pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
            else:
                app.set_scale(rng.choice((100, 125, 150, 175, 200)))
            if n % 4 == 0:
                app.frame()
            scenes.add(type(app.scene).__name__)
    finally:
        pygame.quit()
    assert {"TitleScene", "SetupScene", "HandoffScene", "OrdersScene"} <= scenes, scenes


@pytest.mark.parametrize("scene", ["menu", "setup", "settings", "load", "handoff", "orders", "report", "debrief"])
def test_screenshot_renders_every_scene(tmp_path, scene):
    from game.ui.screenshot import screenshot

    out = screenshot(scene, tmp_path / f"{scene}.png", "tutorial", 3, (1280, 800), 200 if scene == "orders" else 100)
    image = pygame.image.load(str(out))
    assert image.get_size() == (1280, 800)
    colours = {image.get_at((x, y))[:3] for x in range(0, 1280, 40) for y in range(0, 800, 40)}
    assert len(colours) > 2, f"the {scene} screenshot is nearly blank"


def test_screenshot_command_refuses_bad_requests(capsys):
    from game.cli.commands import main

    assert main(["screenshot", "--scene", "menu", "--out", "x.png", "--size", "big"]) == 2
    assert "--size must look like 1280x800" in capsys.readouterr().err
    assert main(["screenshot", "--scene", "menu", "--out", "x.png", "--scale", "300"]) == 2
    assert "--scale must be from 100 to 200" in capsys.readouterr().err


def test_flow_phases_without_a_window():
    from game.session.game import Game
    from game.ui.flow import HotSeat

    flow = HotSeat(Game.new("tutorial", 5, seats={"us": "human", "jp": "greedy", "cn": "random"}))
    assert flow.step.phase == Phase.HANDOFF and flow.step.faction == "us"
    assert flow.advance().phase == Phase.ORDERS
    with pytest.raises(Exception, match="has not committed"):
        flow.advance()
    flow.game.commit("us")
    assert flow.advance().phase == Phase.BOTS, "the bots' step comes once the last human has committed"
    step = flow.advance()
    assert step.phase == Phase.REPORT and set(step.report.orders) == {"us", "jp", "cn"}
    assert step.report.bot_reasons.keys() == {"jp", "cn"}


def test_load_scene_lists_saves_and_explains_a_bad_one(app):
    app.store.saves_dir.mkdir(parents=True)
    (app.store.saves_dir / "broken.json").write_text("not a save", encoding="utf-8")
    app.switch(LoadScene(app))
    assert "broken.json" in screen_text(app)
    key(app, pygame.K_1)
    assert "is not a save" in screen_text(app)


def test_a_bad_seed_is_refused_with_the_reason(app):
    key(app, pygame.K_1)
    for text, shown in (("", "got nothing"), ("99999999999999999999", "got 99999999999999999999")):
        app.scene.seed_box.set_text(text)
        key(app, pygame.K_RETURN)
        assert isinstance(app.scene, SetupScene), "no game starts with a bad seed"
        message = screen_text(app)
        assert "The seed must be a whole number from 0 to 9,223,372,036,854,775,807" in message and shown in message


# ------------------------------------------------------------------ layout at every scale, and both input paths


def orders_app(store, size=SIZE, scale=100, scenario="crossroads_2025"):
    """A window on the first human faction's orders screen."""
    from game.ui.screenshot import build_scene

    window = App(store=store, size=size, settings=Settings(ui_scale=scale, window=size))
    build_scene(window, "orders", scenario, 1)
    window.frame(events=[])
    return window


def label_fits(window, button) -> bool:
    """Whether a button's text fits inside it (borders and the list's left padding taken off), measured
    with pygame_gui's own font for that button."""
    return button.font.size(button.text)[0] <= button.rect.width - 2 - window.px(8)


@pytest.mark.parametrize("size,scale", [((1280, 800), 200), ((1280, 800), 100), ((1920, 1080), 200),
                                        ((800, 560), 150)])
def test_no_move_label_is_cut_at_the_button_edge(store, size, scale):
    from pygame_gui.elements import UIButton

    window = orders_app(store, size, scale)
    try:
        scene = window.scene
        for page in range(scene.pages()):
            for button in scene.buttons.values():
                assert label_fits(window, button), f"cut at {size} {scale}%: {button.text!r}"
                assert "…" not in button.text or scale > 100, button.text
            scene.turn_page(+1)
        for element in window.manager.get_sprite_group().sprites():
            if isinstance(element, UIButton) and len(element.text) > 1:  # not a scroll bar's arrow
                assert label_fits(window, element), f"cut at {size} {scale}%: {element.text!r}"
    finally:
        pygame.quit()


@pytest.mark.parametrize("scene", ["menu", "setup", "settings", "load", "handoff", "orders", "report", "debrief"])
def test_no_label_overflows_at_200_percent(tmp_path, scene, recwarn):
    """pygame_gui warns when a label's text is wider than its rectangle: no scene may cause that."""
    from game.ui.screenshot import screenshot

    for size in ((1280, 800), (1920, 1080)):
        screenshot(scene, tmp_path / f"{scene}.png", "crossroads_2025", 1, size, 200)
    cut = [str(w.message) for w in recwarn if "too small for text" in str(w.message)]
    assert not cut, cut


def test_long_seat_choices_fit_their_dropdown(app, monkeypatch):
    """The seat list may grow (search and doctrine bots): the longest choice still fits at every scale."""
    from game.ui.scenes import menu

    long = ["Human", "Bot: search (normal)", "Bot: doctrine: Cautious Minority Government"]
    monkeypatch.setattr(menu, "seat_options", lambda rules, faction: [(label, label) for label in long])
    for scale in (100, 150, 200):
        app.set_scale(scale)
        app.switch(SetupScene(app, "crossroads_2025"))
        for dropdown in app.scene.dropdowns.values():
            width = app.font(16).size(long[-1])[0]
            assert width <= dropdown.rect.width - app.px(40), (scale, dropdown.rect.width, width)


def test_setup_offers_each_bot_at_each_level_for_each_faction(app):
    """Seats list the faction's own doctrines and the search levels; a choice by mouse or key becomes the seat."""
    import pygame_gui

    app.switch(SetupScene(app, "crossroads_2025"))
    scene = app.scene
    us = scene.dropdowns["us"].options_list
    labels = [o[0] if isinstance(o, tuple) else o for o in us]
    assert "Bot: doctrine (Alliance Builder)" in labels and "Bot: doctrine (America First)" in labels
    assert {"Bot: search (easy)", "Bot: search (normal)", "Bot: search (hard)"} <= set(labels)
    cn = [o[0] if isinstance(o, tuple) else o for o in scene.dropdowns["cn"].options_list]
    assert "Bot: doctrine (Coercive)" in cn and "Bot: doctrine (America First)" not in cn
    pygame.event.post(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, {
        "ui_element": scene.dropdowns["jp"], "text": "Bot: search (hard)"}))
    app.frame()
    assert scene.seats["jp"] == "search:hard"
    key(app, pygame.K_3)  # cycles China's seat: human, then the first bot
    assert app.scene.seats["cn"] == "random"


def test_the_detail_box_waits_for_the_pointer_but_not_for_the_keyboard(store):
    from pygame_gui import UI_BUTTON_ON_HOVERED, UI_BUTTON_ON_UNHOVERED

    from game.ui.scenes.orders import HOVER_DELAY

    window = orders_app(store)
    try:
        scene = window.scene
        first, second = scene.page_moves()[:2]
        assert scene.focus is first
        hover = pygame.event.Event(UI_BUTTON_ON_HOVERED, ui_element=scene.buttons[1])
        window.frame(events=[hover], dt=HOVER_DELAY / 3)
        assert scene.focus is first, "a pointer passing over a move must not rebuild the detail box"
        window.frame(events=[pygame.event.Event(UI_BUTTON_ON_UNHOVERED, ui_element=scene.buttons[1])], dt=1)
        assert scene.focus is first
        window.frame(events=[hover], dt=0.0)
        window.frame(events=[], dt=HOVER_DELAY)
        assert scene.focus is second and second.name in scene.detail.html_text
        key(window, pygame.K_DOWN, frames=1)  # the keyboard cursor explains its move at once
        assert scene.cursor == 0 and scene.focus is first and first.name in scene.detail.html_text
        key(window, pygame.K_DOWN, frames=1)
        assert scene.focus is second
        available = next(k for k, m in enumerate(scene.page_moves()) if scene.status(m) is None)
        for _ in range((available - scene.cursor) % len(scene.buttons)):
            key(window, pygame.K_DOWN, frames=1)
        key(window, pygame.K_SPACE)  # Space orders the move under the cursor
        assert window.scene.picking is not None or window.scene.view.own_orders
    finally:
        pygame.quit()


def test_orders_pages_cancel_and_map_switch_by_mouse(store):
    window = orders_app(store, (1280, 800), 200)
    try:
        scene = window.scene
        assert scene.compact and scene.pages() > 1
        click(window, scene.next_button.rect.center)
        assert scene.page == 1
        click(window, scene.prev_button.rect.center)
        assert scene.page == 0
        assert scene.dash_rect.height == 0
        click(window, scene.tab_buttons["dashboard"].rect.center)  # the mouse's Tab
        assert scene.dash_rect.height > 0 and scene.map_rect.width == 0
        key(window, pygame.K_TAB)  # on to the goals, then back to the map
        assert scene.goals_box is not None and scene.dash_rect.height == 0
        key(window, pygame.K_TAB)
        assert scene.map_rect.width > 0
        targeted = next(m for m in scene.moves if m.target and len(m.target.options) > 1 and scene.status(m) is None)
        scene.order(targeted)
        assert scene.picking is targeted and scene.cancel_button is not None
        click(window, scene.cancel_button.rect.center)
        assert scene.picking is None and window.scene is scene
    finally:
        pygame.quit()


def test_dashboard_rows_scroll_by_keys(store):
    window = orders_app(store)
    try:
        dashboard = window.scene.dashboard
        key(window, pygame.K_RIGHTBRACKET)
        assert dashboard.scroll == 1
        key(window, pygame.K_LEFTBRACKET)
        assert dashboard.scroll == 0
    finally:
        pygame.quit()


def test_setup_seed_by_keyboard_and_new_seed_by_key(app):
    key(app, pygame.K_1)
    scene = app.scene
    before = scene.seed_box.get_text()
    for _ in range(5):
        key(app, pygame.K_n)
        if scene.seed_box.get_text() != before:
            break
    assert scene.seed_box.get_text() != before, "N draws a new seed"
    key(app, pygame.K_TAB)
    assert app.typing(), "Tab puts the cursor in the seed field"
    key(app, pygame.K_RETURN)
    assert not app.typing() and isinstance(app.scene, SetupScene), "Enter ends the typing, not the screen"


def test_load_scene_reaches_a_tenth_save_by_keys(app):
    import os
    import time

    app.store.saves_dir.mkdir(parents=True)
    now = time.time()
    for k in range(11):
        path = app.store.saves_dir / f"bad{k:02d}.json"
        path.write_text("not a save", encoding="utf-8")
        os.utime(path, (now - k, now - k))
    app.switch(LoadScene(app))
    for _ in range(10):
        key(app, pygame.K_DOWN, frames=1)
    assert app.scene.cursor == 9
    key(app, pygame.K_RETURN)
    assert "bad09.json" in app.scene.error


def test_debrief_pages_by_buttons_and_report_scrolls_by_keys(store):
    from game.ui.screenshot import build_scene

    window = App(store=store, size=SIZE, settings=Settings(window=SIZE))
    try:
        build_scene(window, "report", "tutorial", 3)
        window.frame(events=[])
        bar = window.scene.text_box.scroll_bar
        assert bar is not None
        key(window, pygame.K_PAGEDOWN)
        assert bar.start_percentage > 0
        build_scene(window, "debrief", "tutorial", 3)
        window.frame(events=[])
        scene = window.scene
        click(window, scene.more_button.rect.center)  # the core charts fit one page; the others page on
        assert window.scene.section == "more" and window.scene.pages() > 1
        click(window, scene.next_button.rect.center)
        assert window.scene.page == 1
        click(window, window.scene.prev_button.rect.center)
        assert window.scene.page == 0
    finally:
        pygame.quit()


def test_assets_are_found_in_the_checkout_and_in_an_install_prefix(tmp_path, monkeypatch):
    from game import assets

    assert assets.find_asset("ui/theme.json") == assets.CHECKOUT / "ui" / "theme.json"
    installed = tmp_path / "share" / assets.APP / "ui"
    installed.mkdir(parents=True)
    (installed / "theme.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(assets, "CHECKOUT", tmp_path / "no-checkout")
    monkeypatch.setattr(assets.sys, "prefix", str(tmp_path))
    assert assets.find_asset("ui/theme.json") == installed / "theme.json"


# ------------------------------------------------------------------ nothing cut, covered or overlapping on a projector


def scene_app(store, scene, size=SIZE, scale=100, scenario="crossroads_2025"):
    """A window on `scene`, reached through the real flow (the report with its animation finished)."""
    from game.ui.screenshot import build_scene

    window = App(store=store, size=size, settings=Settings(ui_scale=scale, window=size))
    build_scene(window, scene, scenario, 1)
    window.frame(events=[])
    return window


@pytest.mark.parametrize("scene", ["orders", "report"])
@pytest.mark.parametrize("scenario", ["crossroads_2025", "tutorial", "article_ii_2018"])
def test_no_dashboard_name_is_shortened_at_100_percent(store, scene, scenario):
    from game.ui.board import track_name

    window = scene_app(store, scene, scenario=scenario)
    try:
        dashboard = window.scene.dashboard
        for _ in range(len(dashboard.support)):  # every supporting row, scrolled into view in turn
            window.frame(events=[])
            for row in dashboard.rows:
                name = track_name(window.scene.rules, row.track)
                assert not row.shortened and " ".join(row.lines) == name, (row.lines, name)
                font = window.font(14, row.track in dashboard.headline)
                assert all(font.size(line)[0] <= dashboard.widths(row.rect.width)[0] for line in row.lines)
            key(window, pygame.K_RIGHTBRACKET, frames=1)
    finally:
        pygame.quit()


@pytest.mark.parametrize("scene,size,scale", [("report", (1280, 800), 200), ("report", (1920, 1080), 200),
                                              ("orders", (1280, 800), 100), ("report", (800, 560), 150)])
def test_dashboard_rows_stay_inside_the_panel_and_shortened_names_have_a_tooltip(store, scene, size, scale):
    from game.ui.board import track_name

    window = scene_app(store, scene, size, scale)
    try:
        scene = window.scene
        if scene.dash_rect.height == 0:
            key(window, pygame.K_TAB)
        dashboard = scene.dashboard
        assert dashboard.rows, "the dashboard shows some rows"
        for row in dashboard.rows:
            assert dashboard.rect.contains(row.rect), f"{row.track} at {row.rect} outside {dashboard.rect}"
        for row in [r for r in dashboard.rows if r.shortened]:
            window.frame(events=[pygame.event.Event(pygame.MOUSEMOTION, pos=row.rect.center, rel=(0, 0),
                                                    buttons=(0, 0, 0))])
            whole = " ".join(window.drawn)
            assert track_name(scene.rules, row.track) in whole or all(
                word in whole for word in track_name(scene.rules, row.track).split()), row.track
    finally:
        pygame.quit()


def debrief_app(store, size, scale, scenario="crossroads_2025"):
    return scene_app(store, "debrief", size, scale, scenario)


@pytest.mark.parametrize("size,scale", [((1280, 800), 100), ((1280, 800), 200), ((1920, 1080), 200),
                                        ((1920, 1080), 100)])
def test_every_chart_legend_name_is_drawn_whole_inside_its_panel(store, size, scale):
    from game.ui.charts import legend_lines

    window = debrief_app(store, size, scale)
    try:
        scene = window.scene
        font = window.font(12)
        for page in range(scene.pages()):
            scene.page = page
            for cell, (title, series) in zip(scene.cells, scene.page_charts()):
                rect = scene.plot_rect(cell)
                lines = legend_lines(series, font, rect.width)
                assert " ".join(text for text, _ in lines) == " ".join(one.name for one in series), title
                for text, right in lines:
                    assert right <= rect.width, f"{text!r} ends at {right} in a chart {rect.width} wide ({title})"
                assert cell.contains(rect)
    finally:
        pygame.quit()


@pytest.mark.parametrize("size,scale,most", [((1280, 800), 200, 1), ((1280, 800), 150, 2), ((1920, 1080), 200, 2),
                                             ((1280, 800), 100, 4)])
def test_big_scales_on_small_windows_show_fewer_charts_a_page(store, size, scale, most):
    window = debrief_app(store, size, scale)
    try:
        scene = window.scene
        assert 1 <= len(scene.cells) <= most and scene.per_page == len(scene.cells)
        assert scene.pages() == -(-len(scene.charts) // scene.per_page)
        shown = set()
        for _ in range(scene.pages()):
            shown.update(title for title, _ in scene.page_charts())
            key(window, pygame.K_RIGHT, frames=1)
        assert shown == {title for title, _ in scene.charts}, "paging reaches every chart"
    finally:
        pygame.quit()


def map_masks(view, ids):
    """A mask of these regions' polygons in window pixels."""
    surface = pygame.Surface(view._rect.size)
    surface.fill((0, 0, 0))
    for rid in ids:
        for poly in view._regions[rid].polygons:
            pygame.draw.polygon(surface, (255, 255, 255), poly)
    surface.set_colorkey((0, 0, 0))
    return pygame.mask.from_surface(surface)


@pytest.mark.parametrize("scene,size,scale", [("orders", (1280, 800), 100), ("orders", (1280, 800), 200),
                                              ("report", (1280, 800), 100), ("report", (1280, 800), 200),
                                              ("orders", (1920, 1080), 200), ("report", (1920, 1080), 100)])
def test_the_map_legend_hides_no_region_and_labels_do_not_overlap(store, scene, size, scale):
    from game.ui.map_labels import HALO, line_rect

    window = scene_app(store, scene, size, scale)
    try:
        view = window.scene.map
        legend = view.legend_rect
        assert legend.width > 0 and window.scene.map_rect.contains(legend)
        local = legend.move(-view._rect.x, -view._rect.y)
        regions = map_masks(view, view.asset.regions)
        india = map_masks(view, ["india"])
        cover = pygame.mask.Mask(local.size, fill=True)
        assert india.overlap_area(cover, local.topleft) == 0, f"the legend at {legend} covers India"
        assert regions.overlap_area(cover, local.topleft) == 0, f"the legend at {legend} covers a region"
        bounds = pygame.Rect((0, 0), view._rect.size).inflate(-2, -2)
        boxes = []
        for label, k in view.placed_labels:
            for line in label.wordings[k]:
                boxes.append((line.text, line_rect(line, view.font(line.px).size(line.text), bounds)))
        assert len(view.placed_labels) >= 6, "most labels still fit"
        for n, (text, box) in enumerate(boxes):
            assert not box.colliderect(local), f"{text!r} under the legend"
            for other, second in boxes[n + 1:]:
                assert not box.inflate(HALO, HALO).colliderect(second.inflate(HALO, HALO)), (text, other)
    finally:
        pygame.quit()


def test_the_folded_legend_opens_by_key_and_by_click(store):
    window = scene_app(store, "report", (1280, 800), 200)
    try:
        view = window.scene.map
        assert not view.legend_opened, "a small map folds its legend"
        key(window, pygame.K_l)
        assert view.legend_opened
        click(window, view.legend_rect.center)
        assert not view.legend_opened
    finally:
        pygame.quit()


def test_a_region_or_sea_whose_label_was_left_out_has_a_tooltip(store):
    from game.ui.board import place_name

    window = scene_app(store, "report", (800, 600), 200)  # a map of about 330x200: too small for every name
    try:
        view = window.scene.map
        placed = {label.key for label, _ in view.placed_labels}
        left_out = [rid for rid in list(view.asset.regions) + list(view.asset.seas)
                    if rid not in placed and (view._regions.get(rid) or view._seas.get(rid)).boxes]
        assert left_out, "at 200% on 800x600 some labels make room"
        for rid in left_out:
            shape = view._regions.get(rid) or view._seas.get(rid)
            box = shape.boxes[0]
            spot = next(((x + view._rect.x, y + view._rect.y) for x in range(box.left, box.right, 2)
                         for y in range(box.top, box.bottom, 2) if view.region_at((x + view._rect.x,
                                                                                    y + view._rect.y)) == rid), None)
            if spot is None:
                continue
            pygame.mouse.set_pos(spot)
            window.frame(events=[pygame.event.Event(pygame.MOUSEMOTION, pos=spot, rel=(0, 0), buttons=(0, 0, 0))])
            name = place_name(window.scene.rules, rid)  # the rules' full name, fuller than the map's label
            assert name in window.drawn, f"pointing at {rid} names it"
    finally:
        pygame.quit()
