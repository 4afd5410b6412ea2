"""Nothing lost by a stray key: leaving a game asks first and says what the autosave keeps; a resumed
game goes on with the next faction that has not committed, its orders still secret; the last ten games
are autosaved; the load screen tells saves apart; a quick double Space does not skip a cover; a finished
game offers its debrief; the window keeps drawing while a game's rules are prepared and while the bots
choose; a bot's failure loses nothing; the hand-off carries the public news and no faction's orders.

Driven only by posted events through `App.frame`, under SDL's dummy driver.
"""

import json
import os
import threading
import time

import pygame
import pytest

from game.ai import play_bot_seats
from game.ai.search import SearchBot
from game.session import saves
from game.session.game import Game
from game.session.orders import Order
from game.ui.app import App
from game.ui.scenes import menu
from game.ui.scenes.menu import LoadScene, SetupScene, TitleScene, open_game
from game.ui.scenes.play import READY_DELAY, HandoffScene, OrdersScene
from game.ui.scenes.preparing import PreparingScene
from game.ui.scenes.thinking import ThinkingScene
from game.ui.scenes.report import DebriefScene, ReportScene
from game.ui.settings import AUTOSAVES_KEPT, Settings, Store

SIZE = (1280, 800)
HUMANS = {"us": "human", "jp": "human", "cn": "human"}


def post(app, event, frames=2, settle=True):
    """Post an event and run frames; then (with `settle`) wait until no game is being prepared."""
    pygame.event.post(event)
    for _ in range(frames):
        app.frame()
    while settle and isinstance(app.scene, PreparingScene):
        app.scene.thread.join(120)
        assert app.scene.finished, "the game was still being prepared after two minutes"
        app.frame(events=[])


def key(app, k, frames=2, settle=True):
    post(app, pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0), frames, settle)


def cover_ready(app):
    """Let the hand-off cover be shown long enough to take its key."""
    app.frame(events=[], dt=READY_DELAY)


def screen_text(app) -> str:
    app.frame(events=[])
    return "\n".join(app.drawn + app.widget_texts())


def order_first(app) -> Order:
    """On an orders screen: order the first available move (with its first usable target)."""
    scene = app.scene
    desk = scene.desk
    for move in scene.moves:
        if scene.status(move) is None:
            targets = move.target.options if move.target else [None]
            for target in targets:
                order = Order(move.id, target)
                if desk.refusal(order) is None:
                    scene.game.submit(scene.faction, order)
                    app.rebuild()
                    return order
    raise AssertionError("no move is available")


def own_move_names(scene) -> list[str]:
    """The names of the faction's pending orders that only it can order (a joint move's name is public)."""
    rules = scene.rules
    moves = [rules.moves[rules.move_index[o.move]] for o in scene.view.own_orders]
    return [m.name for m in moves if len(m.partners) == 1]


def start(app, seed=7, seats=HUMANS) -> Game:
    game = Game(app.rules("tutorial"), seed, dict(seats))
    open_game(app, game)
    return game


def to_japans_orders(app):
    """A new game: the United States orders one move and commits, then Japan orders one move."""
    game = start(app)
    cover_ready(app)
    key(app, pygame.K_SPACE)
    assert isinstance(app.scene, OrdersScene) and app.scene.faction == "us"
    order_first(app)
    us_names = own_move_names(app.scene)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, HandoffScene) and app.scene.faction == "jp"
    cover_ready(app)
    key(app, pygame.K_SPACE)
    order_first(app)
    return game, us_names


# ------------------------------------------------------------------ leaving asks, and says what is kept


def test_esc_on_orders_asks_says_what_is_kept_and_cancel_keeps_the_game(app):
    game, _ = to_japans_orders(app)
    key(app, pygame.K_ESCAPE)
    assert app.dialog is not None, "Esc on the orders screen asks first"
    text = screen_text(app)
    assert "Leave this game?" in text
    assert ("This game has no resolved turn yet. The United States' committed orders for 2025 H1 and Japan's 1 "
            "pending order will be kept in the autosave") in " ".join(text.split("\n"))
    assert "Leave (Enter)" in text and "Stay (Esc)" in text
    key(app, pygame.K_ESCAPE)
    assert app.dialog is None and app.running, "a second Esc answers the question: it never quits"
    assert isinstance(app.scene, OrdersScene) and app.scene.faction == "jp"
    assert len(game.orders_of("jp")) == 1 and game.committed == {"us"}, "staying keeps the game as it was"
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_n)
    assert app.dialog is None and isinstance(app.scene, OrdersScene), "N stays too"


def test_confirming_leaves_and_the_autosave_keeps_the_committed_orders(app):
    game, _ = to_japans_orders(app)
    us_orders = [str(o) for o in game.orders_of("us")]
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, TitleScene) and app.dialog is None
    (path,) = app.store.autosave_files()
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["pending"]["committed"] == ["us"]
    assert doc["pending"]["orders"]["us"] == us_orders and len(doc["pending"]["orders"]["jp"]) == 1
    assert path.name.endswith("-tutorial.json") and path.parent == app.store.autosaves_dir


def test_clicks_behind_the_dialog_reach_nothing(app):
    to_japans_orders(app)
    commit = app.scene.commit_button.rect.center
    key(app, pygame.K_ESCAPE)
    for kind in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, pos=commit, button=1, rel=(0, 0), buttons=(0, 0, 0)))
    for _ in range(3):
        app.frame()
    assert app.dialog is not None and app.scene.faction == "jp" and "jp" not in app.scene.game.committed
    button = app.dialog.no.rect.center
    for kind in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, pos=button, button=1, rel=(0, 0), buttons=(0, 0, 0)))
    for _ in range(3):
        app.frame()
    assert app.dialog is None and isinstance(app.scene, OrdersScene), "the Stay button answers by mouse"


def test_a_new_game_with_nothing_done_says_leaving_loses_it(app):
    start(app)
    key(app, pygame.K_ESCAPE)
    assert "This game has no resolved turn yet: leaving loses it." in screen_text(app)
    key(app, pygame.K_y)
    assert isinstance(app.scene, TitleScene) and app.store.autosave_files() == []


def test_esc_on_a_report_says_the_resolved_turns_are_kept(app):
    start(app, seats={"us": "human", "jp": "random", "cn": "random"})
    cover_ready(app)
    key(app, pygame.K_SPACE)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, ReportScene)
    key(app, pygame.K_ESCAPE)
    assert "The resolved turn will be kept in the autosave; Resume on the title screen continues the game." in \
        " ".join(screen_text(app).split("\n"))


def test_closing_the_window_asks_and_quits_only_when_confirmed(app):
    to_japans_orders(app)
    post(app, pygame.event.Event(pygame.QUIT))
    assert app.running and app.dialog is not None and "Quit this game?" in screen_text(app)
    post(app, pygame.event.Event(pygame.QUIT))
    assert app.running and app.dialog is not None, "closing again still waits for the answer"
    key(app, pygame.K_ESCAPE)
    assert app.running and app.dialog is None and isinstance(app.scene, OrdersScene)
    post(app, pygame.event.Event(pygame.QUIT))
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="", scancode=0))
    app.frame()
    assert not app.running
    (path,) = app.store.autosave_files()
    assert json.loads(path.read_text(encoding="utf-8"))["pending"]["committed"] == ["us"]


def test_the_title_screen_quits_without_asking(app):
    post(app, pygame.event.Event(pygame.QUIT))
    assert not app.running and app.dialog is None


def test_the_dialog_fits_at_200_percent(store):
    window = App(store=store, size=SIZE, settings=Settings(ui_scale=200, window=SIZE))
    try:
        window.switch(TitleScene(window))
        to_japans_orders(window)
        key(window, pygame.K_ESCAPE)
        dialog = window.dialog
        screen = pygame.Rect((0, 0), SIZE)
        assert screen.contains(dialog.panel)
        for button in (dialog.yes, dialog.no):
            assert dialog.panel.contains(button.rect)
            assert button.font.size(button.text)[0] <= button.rect.width - 2, f"{button.text!r} is cut"
        assert not dialog.yes.rect.colliderect(dialog.no.rect)
        widest = max(window.font(17).size(line)[0] for line in dialog.lines)
        assert widest <= dialog.panel.width - 2 * window.px(20)
    finally:
        pygame.quit()


# ------------------------------------------------------------------ resume


def test_resume_continues_with_the_next_uncommitted_human_and_reveals_nothing(store):
    first = App(store=store, size=SIZE, settings=Settings(window=SIZE))
    try:
        first.switch(TitleScene(first))
        start(first, seed=11)
        cover_ready(first)
        key(first, pygame.K_SPACE)
        order_first(first)
        secret = own_move_names(first.scene)
        assert secret, "the test needs an order only the United States can give"
        key(first, pygame.K_RETURN)  # the U.S. commits; the window is then killed on Japan's cover
        assert isinstance(first.scene, HandoffScene) and first.scene.faction == "jp"
    finally:
        pygame.quit()
    second = App(store=store, size=SIZE, settings=Settings(window=SIZE))
    try:
        second.switch(TitleScene(second))
        assert "Resume: Tutorial: pressure or partnership?, turn 1 of 3" in screen_text(second)
        key(second, pygame.K_2)
        assert isinstance(second.scene, HandoffScene) and second.scene.faction == "jp"
        assert second.scene.flow.game.committed == {"us"}
        while not isinstance(second.scene, ReportScene):
            text = screen_text(second)
            for name in secret:
                assert name not in text, f"the United States' pending order {name!r} is shown on " \
                                         f"{type(second.scene).__name__}"
            if isinstance(second.scene, HandoffScene):
                assert second.scene.faction != "us", "a faction that committed is not asked again"
                cover_ready(second)
                key(second, pygame.K_SPACE)
            else:
                key(second, pygame.K_RETURN)
        text = screen_text(second)
        assert all(name in text for name in secret), "the report reveals the saved orders"
    finally:
        pygame.quit()


# ------------------------------------------------------------------ ten autosaves


def test_the_eleventh_game_removes_the_oldest_autosave(app):
    written = []
    for k in range(AUTOSAVES_KEPT + 1):
        start(app, seed=100 + k)
        flow = app.scene.flow
        flow.advance()
        flow.game.commit("us")
        flow.advance()  # the commit is autosaved (and the store prunes)
        written.append(flow.autosave)
        os.utime(flow.autosave, (time.time() - 100 + k, time.time() - 100 + k))  # played one after another
    files = app.store.autosave_files()
    assert len(files) == AUTOSAVES_KEPT
    assert written[0] not in files and set(files) == set(written[1:])
    assert len(set(written)) == AUTOSAVES_KEPT + 1, "games started in the same second get files of their own"


def test_prune_never_removes_the_game_being_played(store):
    store.autosaves_dir.mkdir(parents=True)
    paths = [store.autosaves_dir / f"2025010{k}-tutorial.json" for k in range(3)]
    for k, path in enumerate(paths):
        path.write_text("{}", encoding="utf-8")
        os.utime(path, (1000 + k, 1000 + k))
    assert store.prune_autosaves(spare=paths[0], keep=2) == [paths[1]]
    assert set(store.autosave_files()) == {paths[0], paths[2]}


# ------------------------------------------------------------------ the load screen


def test_load_screen_rows_show_scenario_turn_date_and_seats(app):
    game = Game(app.rules("tutorial"), 5, {"jp": "greedy"})
    play_bot_seats(game)
    game.play_turn({})
    named = saves.save(game, app.store.saves_dir / "class-3b.json")
    auto = saves.save(Game(app.rules("tutorial"), 6, {"cn": "search:normal"}), app.store.autosaves_dir / "a.json")
    os.utime(named, (time.time() - 60, time.time() - 60))
    app.switch(LoadScene(app))
    text = screen_text(app)
    stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(named.stat().st_mtime))
    assert (f"Tutorial: pressure or partnership? · turn 2 of 3 · {stamp} · U.S. human · Japan greedy · China human"
            in text)
    assert "turn 1 of 3" in text and "China search (normal) · autosave" in text
    assert app.scene.summaries[0].path == auto, "the most recent save is listed first"
    key(app, pygame.K_DOWN)
    key(app, pygame.K_DOWN)
    assert "Saved game, saved " + stamp in screen_text(app), "the cursor's save is described in full below"


def test_a_damaged_file_is_listed_with_the_reason(app):
    app.store.saves_dir.mkdir(parents=True)
    (app.store.saves_dir / "broken.json").write_text('{"format": "pacific-trilemma-save", "version": 2, "seed": -1}',
                                                     encoding="utf-8")
    (app.store.saves_dir / "notes.json").write_bytes(b"\xff\xfe\x00")
    app.switch(LoadScene(app))
    text = screen_text(app)
    assert "Cannot be loaded: broken.json is damaged or hand-edited" in text
    assert "Cannot be loaded: notes.json is not a save: it is not text" in text
    rows = [found.path.name for found in app.scene.summaries]
    key(app, pygame.K_1 + rows.index("broken.json"))
    assert isinstance(app.scene, LoadScene) and "seed: Input should be greater than or equal to 0" in app.scene.error


# ------------------------------------------------------------------ the hand-off cover


def test_a_quick_double_space_does_not_skip_the_next_cover(app):
    start(app)
    key(app, pygame.K_SPACE)
    assert isinstance(app.scene, HandoffScene), "the cover takes no key before it has been shown"
    assert not app.scene.show.is_enabled and "One moment…" in screen_text(app)
    cover_ready(app)
    assert app.scene.show.is_enabled and "Ready" in screen_text(app)
    key(app, pygame.K_SPACE)
    assert isinstance(app.scene, OrdersScene)
    order_first(app)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_SPACE, frames=1)  # the committing key, pressed twice
    key(app, pygame.K_SPACE, frames=1)
    assert isinstance(app.scene, HandoffScene) and app.scene.faction == "jp", "Japan's cover is still up"


# ------------------------------------------------------------------ a finished game


def test_a_finished_game_offers_view_the_debrief_not_resume(app):
    game = Game(app.rules("tutorial"), 9, {"us": "random", "jp": "random", "cn": "random"})
    while not game.is_over:
        play_bot_seats(game)
        game.resolve()
    saves.save(game, app.store.autosaves_dir / "20250101-120000-tutorial.json")
    app.switch(TitleScene(app))
    text = screen_text(app)
    assert "2   View the debrief: Tutorial: pressure or partnership?" in text and "Resume" not in text
    assert "Keys: 1-5 choose" in text, "the hint names only the keys there are"
    key(app, pygame.K_2)
    assert isinstance(app.scene, DebriefScene)


def test_the_title_hint_counts_only_the_buttons_there_are(app):
    text = screen_text(app)
    assert "Keys: 1-4 choose" in text and "4   Quit" in text
    key(app, pygame.K_5)
    assert app.running and isinstance(app.scene, TitleScene), "5 does nothing with four buttons"


# ------------------------------------------------------------------ preparing a game


def test_the_preparing_screen_draws_while_the_rules_compile(app, monkeypatch):
    release = threading.Event()
    real = menu.warmed

    def slow(game):
        assert release.wait(60), "the test never let the preparation finish"
        return real(game)

    monkeypatch.setattr(menu, "warmed", slow)
    app.switch(SetupScene(app, "tutorial"))
    key(app, pygame.K_RETURN, frames=1, settle=False)
    assert isinstance(app.scene, PreparingScene)
    for _ in range(5):
        app.frame(events=[], dt=0.5)
    text = screen_text(app)
    assert "Preparing Tutorial: pressure or partnership?" in text and "3 s · Esc goes back" in text
    before = pygame.image.tobytes(app.screen, "RGB")
    app.frame(events=[], dt=0.3)
    assert pygame.image.tobytes(app.screen, "RGB") != before, "the bar keeps moving while the work goes on"
    release.set()
    app.scene.thread.join(60)
    app.frame(events=[])
    assert isinstance(app.scene, HandoffScene)


def test_a_failure_while_preparing_is_reported_on_the_setup_screen(app, monkeypatch):
    def broken(game):
        raise ValueError("the tutorial's native code could not be built (out of memory)")

    monkeypatch.setattr(menu, "warmed", broken)
    app.switch(SetupScene(app, "tutorial"))
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, SetupScene)
    assert ("Cannot start the game: the tutorial's native code could not be built (out of memory)"
            in screen_text(app))


# ------------------------------------------------------------------ the settings screen


@pytest.mark.parametrize("size, scale", [((1280, 800), 100), ((1280, 800), 200), ((1920, 1080), 200)])
def test_the_settings_note_is_text_without_an_empty_box_and_clear_of_back(store, size, scale):
    from pygame_gui.elements import UITextBox

    from game.ui.scenes.menu import SettingsScene

    window = App(store=store, size=size, settings=Settings(ui_scale=scale, window=size))
    try:
        window.switch(SettingsScene(window))
        window.frame(events=[])
        scene = window.scene
        assert not any(isinstance(e, UITextBox) for e in window.manager.get_sprite_group().sprites())
        x, y = scene.note_at
        widest = max(window.font(16).size(line)[0] for line in scene.note)
        note = pygame.Rect(x, y, widest, len(scene.note) * window.px(24))
        assert not note.colliderect(scene.back_button.rect), "the note runs into the Back button"
        assert pygame.Rect((0, 0), size).contains(note)
        assert "so no information rests on colour alone." in " ".join(window.drawn)
    finally:
        pygame.quit()


# ------------------------------------------------------------------ the bots think in a worker thread


def held_search(monkeypatch, fail: str | None = None) -> threading.Event:
    """Make the search bot wait for the returned event before it chooses nothing (or raises `fail`)."""
    release = threading.Event()

    def choose(self, view, desk):
        assert release.wait(60), "the test never let the bot finish"
        if fail is not None:
            raise RuntimeError(fail)
        return [], "held by the test"

    monkeypatch.setattr(SearchBot, "choose", choose)
    return release


def to_thinking(app, seats) -> Game:
    """A new game: the United States orders one move and commits; the bots begin to choose."""
    game = start(app, seats=seats)
    cover_ready(app)
    key(app, pygame.K_SPACE)
    order_first(app)
    key(app, pygame.K_RETURN, frames=1, settle=False)
    assert isinstance(app.scene, ThinkingScene)
    return game


def test_the_window_keeps_drawing_while_the_bots_choose_and_the_report_follows(app, monkeypatch):
    release = held_search(monkeypatch)
    game = to_thinking(app, {"us": "human", "jp": "random", "cn": "search:normal"})
    started = time.perf_counter()
    for _ in range(8):
        app.frame(events=[], dt=0.5)
    assert time.perf_counter() - started < 5, "frames ran while the bot was still choosing"
    text = screen_text(app)
    assert "Bots are choosing — China (search, normal)…" in text
    assert "Japan (random): done" in text and "China (search, normal): choosing…" in text
    assert "4 s · Esc leaves the game" in text
    assert "later turns are quicker." in " ".join(text.split("\n")), "a long wait says why"
    before = pygame.image.tobytes(app.screen, "RGB")
    app.frame(events=[], dt=0.3)
    assert pygame.image.tobytes(app.screen, "RGB") != before, "the bar keeps moving"
    assert isinstance(app.scene, ThinkingScene) and not game.history
    release.set()
    app.scene.thread.join(60)
    app.frame(events=[])
    assert isinstance(app.scene, ReportScene)
    assert app.scene.report.bot_reasons["cn"] == "held by the test"
    (path,) = app.store.autosave_files()
    assert len(json.loads(path.read_text(encoding="utf-8"))["turns"]) == 1, "the turn is autosaved"


def test_a_bot_that_fails_loses_nothing_and_the_last_team_commits_again(app, monkeypatch):
    release = held_search(monkeypatch, fail="the search ran out of memory")
    game = to_thinking(app, {"us": "human", "jp": "random", "cn": "search:normal"})
    us_orders = game.orders_of("us")
    release.set()
    app.scene.thread.join(60)
    app.frame(events=[])
    assert isinstance(app.scene, HandoffScene) and app.scene.faction == "us"
    text = " ".join(screen_text(app).split("\n"))
    assert "The bots could not finish the turn: the search ran out of memory" in text
    assert "Nothing is lost: every order is kept. Show the orders again and commit" in text
    assert game.orders_of("us") == us_orders and not game.history
    assert game.committed == set() and game.orders_of("jp") == (), "the bot that had chosen is taken back too"
    (path,) = app.store.autosave_files()
    assert json.loads(path.read_text(encoding="utf-8"))["pending"]["orders"]["us"] == [str(o) for o in us_orders]
    monkeypatch.undo()  # the search works again
    monkeypatch.setattr(SearchBot, "choose", lambda self, view, desk: ([], "working again"))
    cover_ready(app)
    key(app, pygame.K_SPACE)
    assert isinstance(app.scene, OrdersScene) and app.scene.view.own_orders == us_orders
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, ReportScene)
    assert app.scene.report.orders["us"] == us_orders and app.scene.report.bot_reasons["cn"] == "working again"


def test_esc_while_the_bots_choose_asks_and_leaving_keeps_the_last_commit(app, monkeypatch):
    release = held_search(monkeypatch)
    game = to_thinking(app, {"us": "human", "jp": "search:normal", "cn": "random"})
    (path,) = app.store.autosave_files()
    saved = path.read_text(encoding="utf-8")
    key(app, pygame.K_ESCAPE, settle=False)
    text = " ".join(screen_text(app).split("\n"))
    assert "Leave this game?" in text
    assert ("The United States' committed orders for 2025 H1 will be kept in the autosave; Resume on the title "
            "screen continues the game. The bots' choices for this turn are not kept: they choose again.") in text
    key(app, pygame.K_ESCAPE, settle=False)
    assert app.dialog is None and isinstance(app.scene, ThinkingScene), "Stay goes on waiting"
    key(app, pygame.K_ESCAPE, settle=False)
    release.set()
    app.scene.thread.join(60)
    app.frame(events=[])
    assert isinstance(app.scene, ThinkingScene) and app.dialog is not None, "the report waits for the answer"
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, TitleScene)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert len(game.history) == 1 and len(doc["turns"]) == 1 and path.read_text() != saved, \
        "a turn the bots had finished is kept too"


def test_leaving_before_the_bots_finish_leaves_the_autosave_as_it_was(app, monkeypatch):
    release = held_search(monkeypatch)
    to_thinking(app, {"us": "human", "jp": "search:normal", "cn": "random"})
    (path,) = app.store.autosave_files()
    saved = path.read_text(encoding="utf-8")
    key(app, pygame.K_ESCAPE, settle=False)
    key(app, pygame.K_RETURN, settle=False)
    assert isinstance(app.scene, TitleScene)
    worker = [t for t in threading.enumerate() if t.name == "bots-think"]
    release.set()
    for thread in worker:
        thread.join(60)
    app.frame(events=[])
    assert path.read_text(encoding="utf-8") == saved, "the dropped worker writes nothing"
    assert "Resume: Tutorial: pressure or partnership?, turn 1 of 3" in screen_text(app)


# ------------------------------------------------------------------ the hand-off carries the news


def test_the_hand_off_shows_the_change_of_government_and_the_event_never_orders(app):
    from game.testing import RulesGame

    rules = app.rules("crossroads_2025")
    forced = RulesGame(Game(rules, 1, dict(HUMANS))).event("ev.jp_election")
    forced.set({"jp.opposition": 75, "jp.stability": 30, "jp.mandate": 30})
    forced.play(us=["us.press_defense"], jp=["jp.anti_inflation"])
    game = forced.game
    banner = game.view("us").briefing.banner
    assert banner and banner.startswith("Change of government in Tokyo")
    event = game.view("us").briefing.event
    open_game(app, game)
    for faction in ("us", "jp", "cn"):
        assert isinstance(app.scene, HandoffScene) and app.scene.faction == faction
        text = " ".join(screen_text(app).split("\n"))
        assert f"News: {banner}" in text, f"{faction}'s cover carries the news"
        if event is not None:
            assert event.name in text
        for other in ("us", "jp", "cn"):
            for order in game.orders_of(other):
                name = rules.moves[rules.move_index[order.move]].name
                assert name not in text, f"{other}'s order {name!r} is shown on {faction}'s cover"
        cover_ready(app)
        key(app, pygame.K_SPACE)
        order_first(app)
        assert game.orders_of(faction)
        key(app, pygame.K_RETURN)
    assert isinstance(app.scene, ReportScene)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, HandoffScene) and "News:" not in screen_text(app), "the news is for one turn"


# ------------------------------------------------------------------ handing a seat to its bot mid-turn


def test_b_on_orders_asks_then_the_bot_replaces_the_pending_orders_and_commits(app):
    game, _ = to_japans_orders(app)
    assert "Bot plays (B)" in screen_text(app)
    key(app, pygame.K_b)
    text = " ".join(screen_text(app).split("\n"))
    assert "Let the bot play Japan's turn?" in text
    assert ("The greedy bot chooses and commits Japan's orders for 2025 H1. Its orders replace the 1 order Japan has "
            "given so far. Japan plays again from the next turn.") in text
    key(app, pygame.K_ESCAPE)
    assert app.dialog is None and isinstance(app.scene, OrdersScene) and app.scene.faction == "jp"
    assert len(game.pending["jp"]) == 1 and game.committed == {"us"}, "keeping on playing changes nothing"
    key(app, pygame.K_b)
    key(app, pygame.K_RETURN)
    assert app.dialog is None and isinstance(app.scene, HandoffScene) and app.scene.faction == "cn"
    assert game.committed == {"us", "jp"} and game.pending["jp"], "the bot's orders are Japan's, committed"
    assert game.seats["jp"] == "human", "only this turn is the bot's"
    (path,) = app.store.autosave_files()
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["pending"]["committed"] == ["us", "jp"]
    assert doc["pending"]["orders"]["jp"] == [str(o) for o in game.pending["jp"]]


def test_b_on_a_cover_lets_the_bot_play_an_absent_faction_and_the_turn_goes_on(app):
    game = start(app, seats={"us": "human", "jp": "greedy", "cn": "human"})
    cover_ready(app)
    key(app, pygame.K_SPACE)
    order_first(app)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, HandoffScene) and app.scene.faction == "cn"
    assert "China is away: let the bot play this turn (B)" in screen_text(app)
    cover_ready(app)
    key(app, pygame.K_b)
    assert "Let the bot play China's turn?" in screen_text(app)
    assert "China has given so far" not in screen_text(app), "no orders yet: nothing is replaced"
    key(app, pygame.K_RETURN)
    scene = app.scene
    if isinstance(scene, ThinkingScene):
        scene.thread.join(120)
        app.frame(events=[])
    assert isinstance(app.scene, ReportScene)
    report = game.reports()[-1]
    assert {"jp", "cn"} <= set(app.scene.report.bot_reasons), "the stand-in's reason is reported like a bot's"
    assert report.turn == 1 and game.seats["cn"] == "human"
    while isinstance(app.scene, ReportScene):
        key(app, pygame.K_SPACE)  # the first press ends the report's animation
    assert isinstance(app.scene, HandoffScene) and app.scene.faction == "us"


def test_a_refused_bot_turn_changes_nothing_and_says_why(app, monkeypatch):
    import game.ai as ai

    game, _ = to_japans_orders(app)
    mine = list(game.pending["jp"])

    class Twice:
        def choose(self, view, desk):
            return [mine[0], mine[0]], "twice"

    monkeypatch.setattr(ai, "make_bot", lambda spec, rules, faction: Twice())
    key(app, pygame.K_b)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, OrdersScene) and app.scene.faction == "jp"
    assert game.pending["jp"] == mine and game.committed == {"us"}, "a refusal changes nothing"
    text = " ".join(screen_text(app).split("\n"))
    assert "The bot could not play Japan's turn (" in text and "already among this turn's orders" in text
    assert "nothing was changed: the orders given so far stay." in text


def test_hand_to_bot_only_at_the_factions_own_step(app):
    from game.session.orders import SessionError
    from game.ui.flow import HotSeat

    flow = HotSeat(Game(app.rules("tutorial"), 7, dict(HUMANS)))
    with pytest.raises(SessionError) as info:
        flow.hand_to_bot("jp")
    assert str(info.value) == "jp can be handed to a bot only at its own cover or orders, not at handoff for us"


def test_handing_the_united_states_to_its_bot_reads_as_english(app):
    start(app)
    cover_ready(app)
    key(app, pygame.K_SPACE)
    order_first(app)
    key(app, pygame.K_b)
    text = " ".join(screen_text(app).split("\n"))
    assert "Let the bot play the United States' turn?" in text
    assert ("The greedy bot chooses and commits the United States' orders for 2025 H1. Its orders replace the 1 order "
            "the United States has given so far. The United States plays again from the next turn.") in text
