"""The orders screen at each window size and UI scale a classroom uses, measured on real frames: moves a
page with their costs, the orders box whole, the detail box whole, the map beside the dashboard, every
scrolling area by keys, the briefing strip, the goals panel and the preview following the pointer."""

import pygame
import pytest
from pygame_gui import UI_BUTTON_ON_HOVERED

from game.session.orders import Order
from game.ui.app import App
from game.ui.board import order_label, place_name
from game.ui.move_detail import cost_text
from game.ui.settings import Settings, Store

SIZES = [((1280, 800), 100), ((1920, 1080), 100), ((1280, 800), 200), ((1920, 1080), 200)]
MOVES_A_PAGE = {((1280, 800), 100): 7, ((1920, 1080), 100): 7, ((1280, 800), 200): 5, ((1920, 1080), 200): 7}


def key(app, k, mod=0, frames=2):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode="", scancode=0))
    for _ in range(frames):
        app.frame()


@pytest.fixture
def orders(tmp_path):
    """A factory of windows on the first human faction's orders screen (closed after the test)."""
    from game.ui.screenshot import build_scene

    def make(size=(1280, 800), scale=100, scenario="crossroads_2025"):
        window = App(store=Store(tmp_path / "home"), size=size, settings=Settings(ui_scale=scale, window=size))
        build_scene(window, "orders", scenario, 1)
        for _ in range(2):
            window.frame(events=[])
        return window

    yield make
    pygame.quit()


def fits(element, text=None) -> bool:
    """Whether an element's text is drawn whole inside it, measured with its own font."""
    return element.font.size(text or element.text)[0] <= element.rect.width - 2


def give_three_orders(scene):
    """Three orders, by the scene's own actions (the first usable target where one is needed)."""
    for move in scene.moves:
        if len(scene.view.own_orders) == 3:
            break
        if scene.status(move) is None:
            target = None if move.target is None else next(
                t for t in move.target.options if scene.desk.refusal(Order(move.id, t)) is None)
            scene.order(move, target)
    assert len(scene.view.own_orders) == 3


@pytest.mark.parametrize("size,scale", SIZES)
def test_moves_a_page_show_their_whole_costs(orders, size, scale):
    window = orders(size, scale)
    scene = window.scene
    assert scene.per_page() >= MOVES_A_PAGE[(size, scale)]
    screen = window.screen.get_rect()
    for _ in range(scene.pages()):
        assert len(scene.costs) == len(scene.buttons) == len(scene.page_rows())
        for k, move in enumerate(scene.page_moves()):
            cost = scene.costs[k]
            assert cost.text in (cost_text(move), cost_text(move, short=True)), cost.text
            assert fits(cost), f"cost cut at {size} {scale}%: {cost.text!r}"
            assert screen.contains(cost.rect) and not cost.rect.colliderect(scene.buttons[k].rect)
            assert fits(scene.buttons[k], scene.buttons[k].text + " " * 0), scene.buttons[k].text
        scene.turn_page(+1)
    assert f"{scene.moves[0].cost.ap} AP" in scene.costs[0].text


@pytest.mark.parametrize("size,scale", SIZES)
def test_three_orders_and_the_taken_back_message_fit_the_orders_box(orders, size, scale):
    window = orders(size, scale)
    scene = window.scene
    give_three_orders(scene)
    window.frame(events=[])
    box = scene.orders_box
    assert window.screen.get_rect().contains(box.rect)
    assert box.scroll_bar is None, f"the orders box scrolls at {size} {scale}%"
    for order in scene.view.own_orders:
        assert order_label(scene.rules, order) in box.html_text
    last = order_label(scene.rules, scene.view.own_orders[-1])
    key(window, pygame.K_z, pygame.KMOD_CTRL)
    box = window.scene.orders_box
    assert f"Taken back: {last}" in box.html_text and box.scroll_bar is None
    assert "0 of 3 AP" not in box.html_text and "1 of 3 AP" in box.html_text


@pytest.mark.parametrize("size,scale", SIZES)
def test_map_and_dashboard_are_on_screen_together_when_wide(orders, size, scale):
    window = orders(size, scale)
    scene = window.scene
    if size == (1280, 800) and scale == 200:  # compact: one panel at a time, by tab
        assert scene.compact and scene.map_rect.width > 0 and scene.dash_rect.height == 0
        key(window, pygame.K_TAB)
        assert scene.dash_rect.height > 0 and scene.map_rect.width == 0 and scene.dashboard.rows
        return
    screen = window.screen.get_rect()
    assert not scene.compact
    assert scene.map_rect.width > 0 and scene.dash_rect.height > 0
    assert screen.contains(scene.map_rect) and screen.contains(scene.dash_rect)
    assert not scene.map_rect.colliderect(scene.dash_rect)
    assert not scene.map_rect.colliderect(scene.detail.rect) and not scene.dash_rect.colliderect(scene.detail.rect)
    assert scene.dashboard.rows, "the dashboard shows some rows"


def test_at_200_percent_on_1920x1080_every_headline_row_shows_beside_a_useful_map(orders):
    window = orders((1920, 1080), 200)
    scene = window.scene
    dashboard = scene.dashboard
    shown = [row.track for row in dashboard.rows]
    assert shown[:len(dashboard.headline)] == dashboard.headline, f"headline rows shown: {shown}"
    assert all(scene.dash_rect.contains(row.rect) for row in dashboard.rows)
    assert scene.map_rect.width >= 560 and scene.map_rect.height >= 300, scene.map_rect
    assert not scene.map_rect.colliderect(scene.dash_rect) and scene.detail.scroll_bar is None
    key(window, pygame.K_RIGHTBRACKET)  # the compact rows still scroll to the supporting tracks
    assert dashboard.rows[0].track == dashboard.headline[1] and dashboard.scroll == 1


def test_the_dashboard_takes_its_compact_form_only_when_the_headline_rows_do_not_fit(orders):
    window = orders((1920, 1080), 100)
    dashboard = window.scene.dashboard
    assert not dashboard.compact and all(row.size == 14 for row in dashboard.rows)
    tracks, height = set(dashboard.headline) | set(dashboard.support), dashboard.headline_height(400)
    rows, note = dashboard.layout(pygame.Rect(0, 0, 400, height), tracks)
    assert dashboard.compact and [r.track for r in rows] == dashboard.headline
    assert note.startswith(f"1–{len(dashboard.headline)} of {len(tracks)} tracks")
    rows, _ = dashboard.layout(pygame.Rect(0, 0, 400, height - 2), tracks)
    assert len(rows) == len(dashboard.headline) - 1


@pytest.mark.parametrize("size,scale", [((1920, 1080), 200), ((1920, 1080), 100), ((1280, 800), 100)])
def test_the_detail_box_shows_a_typical_move_whole(orders, size, scale):
    window = orders(size, scale)
    scene = window.scene
    first = scene.moves[0]
    assert scene.focus is first and first.text in scene.detail.html_text
    assert "Expected effect this turn" in scene.detail.html_text
    assert scene.detail.scroll_bar is None, f"{first.name} needs scrolling at {size} {scale}%"


def test_keyboard_scrolls_the_detail_the_orders_and_the_dashboard(orders):
    window = orders((1280, 800), 200)
    scene = window.scene
    bar = scene.detail.scroll_bar
    assert bar is not None and bar.start_percentage == 0
    key(window, pygame.K_PAGEDOWN)
    assert bar.start_percentage > 0, "PageDown scrolls the detail box"
    key(window, pygame.K_PAGEUP)
    assert bar.start_percentage == 0
    scene.message = "A long message. " * 40  # more than the orders box holds
    window.rebuild()
    window.frame(events=[])
    scene = window.scene
    bar = scene.orders_box.scroll_bar
    assert bar is not None
    key(window, pygame.K_PAGEDOWN, pygame.KMOD_SHIFT)
    assert bar.start_percentage > 0, "Shift+PageDown scrolls the orders box"
    assert scene.detail.scroll_bar.start_percentage == 0, "and leaves the detail box"
    key(window, pygame.K_TAB)  # the dashboard
    key(window, pygame.K_RIGHTBRACKET)
    assert scene.dashboard.scroll == 1
    key(window, pygame.K_TAB)  # the goals
    assert scene.goals_box is not None
    hint = scene.hint_label.text
    assert "PgUp/PgDn detail" in hint and "Shift+PgUp/PgDn orders" in hint and "[ ] goals" in hint
    window.frame(events=[])
    bar = scene.goals_box.scroll_bar
    assert bar is not None
    key(window, pygame.K_RIGHTBRACKET)
    assert bar.start_percentage > 0, "] scrolls the goals"


@pytest.mark.parametrize("size,scale", SIZES)
def test_the_briefing_strip_names_the_event_and_opens_by_key_and_click(orders, size, scale):
    window = orders(size, scale)
    scene = window.scene
    event = scene.view.event
    assert event is not None and scene.brief_label.text.startswith(f"Event: {event.name}")
    assert fits(scene.brief_label)
    key(window, pygame.K_e)
    assert scene.brief_box is not None and event.text in scene.brief_box.html_text
    assert scene.brief_box.scroll_bar is None
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=scene.brief_button.rect.center, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=scene.brief_button.rect.center, button=1))
    for _ in range(3):
        window.frame()
    assert scene.brief_box is None and scene.brief_label is not None


def test_the_briefing_strip_reads_the_views_briefing():
    from game.session.briefing import Briefing, Upcoming
    from game.session.report import EventInfo
    from game.ui.briefing import briefing_lines, one_line

    event = EventInfo("ev.x", "Typhoon", "Ports close.", ())
    nxt = EventInfo("ev.y", "Japanese election", "", ())
    briefing = Briefing(3, "2026 H1", event, "raises sea tension by 5", Upcoming(4, "2026 H2", nxt),
                        "A new government in Tokyo")
    lines = briefing_lines(briefing)
    assert [(line.label, line.text) for line in lines] == [
        ("Government", "A new government in Tokyo"), ("Event", "Typhoon — Ports close."),
        ("What it will do", "raises sea tension by 5"), ("Next turn", "Japanese election (2026 H2)")]
    assert lines[0].warn and not any(line.warn for line in lines[1:])
    assert one_line(briefing_lines(Briefing(3, "2026 H1", None, "", None, None))) == "No event this turn"
    assert one_line(briefing_lines(Briefing(3, "2026 H1", event, "", None, None))) == "Event: Typhoon — Ports close."


def test_the_strip_shows_the_sessions_effect_and_next_turn_on_screen(orders):
    window = orders((1920, 1080), 100)
    scene = window.scene
    briefing = scene.view.briefing
    assert briefing.effect and briefing.upcoming is not None
    key(window, pygame.K_e)
    text = scene.brief_box.html_text
    assert f"What it will do:</b> {briefing.effect}" in text
    assert f"Next turn:</b> {briefing.upcoming.event.name} ({briefing.upcoming.label})" in text


@pytest.mark.parametrize("size,scale", [((1280, 800), 100), ((1280, 800), 200)])
def test_the_goals_panel_shows_every_term_and_the_rank(orders, size, scale):
    from game.session.words import number, signed

    window = orders(size, scale)
    scene = window.scene
    button = scene.tab_buttons["goals"]
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=button.rect.center, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=button.rect.center, button=1))
    for _ in range(3):
        window.frame()
    text = scene.goals_box.html_text.replace("&amp;", "&")
    view = scene.view
    terms = view.score_breakdown[scene.faction]
    assert [t.name for f, t in scene.rules.score_terms if f == scene.faction] == [line.term for line in terms]
    for line in terms:
        assert f"{line.term}: {number(line.value)}, giving <b>{signed(line.points)}</b> points" in text
    assert f"{view.rank[scene.faction].removeprefix('tied ')} of 3" in text
    assert all(f"{scene.names[f]} {number(s)} ({view.rank[f]})" in text for f, s in view.scores.items())


def test_rank_says_tied_for_a_lead_of_nothing():
    from game.session.scoring import score_rank
    from game.ui.goals import rank_text

    names = {"us": "United States", "jp": "Japan", "cn": "China"}
    for scores, faction, words in [
            ({"us": 50.0, "jp": 50.04, "cn": 40.0}, "us", "tied for 1st of 3"),  # a lead of +0 as players read it
            ({"us": 50.0, "jp": 50.04, "cn": 40.0}, "jp", "tied for 1st of 3"),
            ({"us": 50.0, "jp": 50.0, "cn": 40.0}, "jp", "tied for 1st of 3"),
            ({"us": 52.0, "jp": 50.0, "cn": 40.0}, "us", "1st of 3, leading Japan by +2"),
            ({"us": 52.0, "jp": 50.0, "cn": 40.0}, "cn", "3rd of 3; United States leads by 12"),
            ({"us": 52.0, "jp": 50.25, "cn": 40.0}, "jp", "2nd of 3; United States leads by 1.8")]:
        assert rank_text(faction, scores, score_rank(scores), names) == words


def test_the_preview_follows_the_hovered_target_row_the_cursor_and_the_map(orders):
    from game.ui.scenes.orders import HOVER_DELAY

    window = orders((1920, 1080), 100)
    scene = window.scene
    move = next(m for m in scene.moves if m.target and scene.status(m) is None and sum(
        scene.desk.refusal(Order(m.id, t)) is None for t in m.target.options) >= 3)
    scene.order(move)
    scene = window.scene
    assert scene.picking is move
    usable = [k for k, t in enumerate(scene.page_rows()) if scene.desk.refusal(Order(move.id, t)) is None]
    first, other = scene.page_rows()[usable[0]], scene.page_rows()[usable[2]]
    assert f"(target {place_name(scene.rules, first)})" in scene.detail.html_text
    hover = pygame.event.Event(UI_BUTTON_ON_HOVERED, ui_element=scene.buttons[usable[2]])
    window.frame(events=[hover], dt=0.0)
    window.frame(events=[], dt=HOVER_DELAY)
    assert f"(target {place_name(scene.rules, other)})" in scene.detail.html_text
    for _ in range(usable[1] + 1):
        key(window, pygame.K_DOWN, frames=1)
    assert f"(target {place_name(scene.rules, scene.page_rows()[usable[1]])})" in scene.detail.html_text
    view = scene.map
    region = next(t for t in move.target.options if t in view._regions and t != scene.target
                  and scene.desk.refusal(Order(move.id, t)) is None)
    box = view._regions[region].boxes[0]
    spot = next((x + view._rect.x, y + view._rect.y) for x in range(box.left, box.right, 2)
                for y in range(box.top, box.bottom, 2) if view.region_at((x + view._rect.x, y + view._rect.y)) == region)
    pygame.mouse.set_pos(spot)
    window.frame(events=[pygame.event.Event(pygame.MOUSEMOTION, pos=spot, rel=(0, 0), buttons=(0, 0, 0))], dt=0.0)
    window.frame(events=[], dt=HOVER_DELAY)
    assert f"(target {place_name(scene.rules, region)})" in scene.detail.html_text


@pytest.mark.parametrize("size,scale", SIZES)
def test_no_label_or_button_is_cut(orders, size, scale, recwarn):
    from pygame_gui.elements import UIButton, UILabel

    window = orders(size, scale)
    scene = window.scene
    for tab in scene.tabs():
        scene.switch_tab(tab)
        window.frame(events=[])
        for element in window.manager.get_sprite_group().sprites():
            if isinstance(element, (UIButton, UILabel)) and len(element.text) > 1:
                assert window.screen.get_rect().contains(element.rect), element.text
                assert fits(element), f"cut at {size} {scale}%: {element.text!r}"
    cut = [str(w.message) for w in recwarn if "too small for text" in str(w.message)]
    assert not cut, cut


@pytest.mark.parametrize("how", ["key", "button"])
def test_glossary_and_sources_come_back_to_the_same_orders_screen(orders, how):
    from game.ui.scenes.reference import GlossaryScene, SourcesScene

    window = orders((1920, 1080), 200)
    scene = window.scene
    assert "G glossary" in scene.hint_label.text and "R sources" in scene.hint_label.text
    move = next(m for m in scene.moves if m.target and scene.status(m) is None and sum(
        scene.desk.refusal(Order(m.id, t)) is None for t in m.target.options) >= 2)
    scene.order(move)
    scene = window.scene
    page, picking = scene.page, scene.picking
    for k, page_type in ((pygame.K_g, GlossaryScene), (pygame.K_r, SourcesScene)):
        if how == "key":
            key(window, k)
        else:
            button = scene.help_buttons["glossary" if k == pygame.K_g else "sources"]
            assert fits(button) and window.screen.get_rect().contains(button.rect)
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=button.rect.center, button=1))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=button.rect.center, button=1))
            for _ in range(3):
                window.frame()
        assert isinstance(window.scene, page_type)
        key(window, pygame.K_ESCAPE)
        assert window.scene is scene and scene.picking is picking and scene.page == page
        assert scene.buttons[0].text.startswith(f"1  {place_name(scene.rules, scene.page_rows()[0])}")


INTERNAL_ID = r"\b[a-z][a-z_]*\.[a-z_.]+\b"
NOT_IDS = {"e.g.", "i.e.", "U.S.", "etc."}


def drawn_strings(window) -> list[str]:
    """Every string the orders screen shows: labels, buttons, text boxes (tags stripped), map labels, tooltip."""
    import re

    from pygame_gui.elements import UIButton, UILabel, UITextBox

    scene, out = window.scene, []
    for element in window.manager.get_sprite_group().sprites():
        if isinstance(element, (UIButton, UILabel)):
            out.append(element.text)
        elif isinstance(element, UITextBox):
            out.append(re.sub(r"<[^>]+>", "", element.html_text).replace("&amp;", "&"))
    if scene.map is not None:  # the map's region names and the leaders under them
        out += [place_name(scene.rules, r) for r in getattr(scene.map, "_regions", {})]
    out += [" ".join(row.lines) for row in scene.dashboard.rows]
    return out


def missing_glyphs(texts) -> set[str]:
    """The characters of `texts` that the window's font cannot draw (they render as its empty box)."""
    from game.ui.app import FONTS

    pygame.font.init()
    font = pygame.font.Font(str(FONTS[False]), 20)

    def picture(char: str) -> bytes:
        return pygame.image.tobytes(font.render(char, True, (255, 255, 255)), "RGB")

    box = picture("\ue000")  # a private-use character: no font has it
    arrows = {"\u25b2", "\u25bc", "\u25c0", "\u25b6"}  # pygame_gui's scroll-bar buttons draw these themselves
    chars = {c for text in texts for c in text if not c.isascii()} - arrows
    return {c for c in chars if picture(c) == box}


def test_the_glyph_check_finds_a_character_the_font_lacks():
    assert missing_glyphs(["52 \u2192 55"]) == {"\u2192"}
    assert missing_glyphs(["U.S.\u2013Japan \u00b7 50 \u2014 tied \u2026"]) == set()


@pytest.mark.parametrize("scenario", ["crossroads_2025", "tutorial"])
@pytest.mark.parametrize("scale", [100, 200])
def test_no_internal_id_or_long_decimal_is_drawn_on_the_orders_screen(orders, scenario, scale):
    import re

    from game.ui.flow import Phase, Step
    from game.ui.scenes.orders import OrdersScene

    window = orders((1280, 800), scale, scenario)
    flow, seen = window.scene.flow, []
    for faction in [f.id for f in window.scene.rules.factions]:
        flow.step = Step(Phase.ORDERS, faction)  # each faction's own screen, on the same turn
        window.switch(OrdersScene(window, flow))
        scene = window.scene
        window.frame(events=[])
        scene.toggle_briefing()
        for tab in scene.tabs():
            scene.switch_tab(tab)
            for move in scene.moves[:12]:
                scene.show(move)
                window.frame(events=[])
                seen += drawn_strings(window)
    assert seen
    assert not missing_glyphs(seen), f"characters the font cannot draw: {missing_glyphs(seen)}"
    for text in set(seen):
        ids = [m for m in re.findall(INTERNAL_ID, text) if m not in NOT_IDS and not m.endswith(".")]
        assert not ids, f"internal id {ids} in {text!r}"
        assert not re.search(r"\d\.\d\d", text), f"a number with two decimals in {text!r}"
