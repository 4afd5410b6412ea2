"""Proposals in the window: the orders screen's Propose button and key, the proposals panel (accept, decline,
counter, withdraw, with reasons), the marks in the order list, the hand-off cover that names no move, a person
completing a joint move with a bot, keys that never lose orders, and every label whole at the classroom's sizes
in English and Japanese."""

import pygame
import pytest

from game.session.game import Game
from game.session.orders import Order
from game.session.proposals import Answer, Reply, Standing
from game.ui.app import App
from game.ui.board import order_label
from game.ui.flow import HotSeat, Phase
from game.ui.scenes.preparing import PreparingScene
from game.ui.settings import Settings, Store
from bot_kit import Scripted

PEOPLE = {"us": "human", "jp": "human", "cn": "human"}
SIZES = [((1280, 800), 100), ((1920, 1080), 100), ((1280, 800), 200), ((1920, 1080), 200)]


@pytest.fixture
def window(tmp_path):
    """A factory of windows showing a flow's current step (closed after the test)."""

    def make(flow, size=(1280, 800), scale=100, language="en"):
        from game.ui.scenes.play import READY_DELAY, scene_for

        app = App(store=Store(tmp_path / "home"), size=size,
                  settings=Settings(ui_scale=scale, window=size, language=language))
        app.switch(scene_for(app, flow))
        if flow.step.phase == Phase.HANDOFF:
            app.scene.update(READY_DELAY)
        for _ in range(2):
            app.frame(events=[])
        return app

    yield make
    pygame.quit()


def orders_flow(seats=PEOPLE, bots=None, seed=3) -> HotSeat:
    flow = HotSeat(Game.new("crossroads_2025", seed, dict(seats)), bots=bots)
    assert flow.step == flow.step.__class__(Phase.HANDOFF, "us")
    flow.advance()
    return flow


def joint(game, faction="us", k=0, target=True):
    """The k-th legal joint order of `faction` (with a target, or with none)."""
    orders = [o for o in game.legal_orders(faction) if o.move.startswith("joint.") and (o.target is not None) == target]
    return orders[k]


def move_of(scene, order):
    return next(m for m in scene.moves if m.id == order.move)


def key(app, k, mod=0, frames=2):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode="", scancode=0))
    for _ in range(frames):
        app.frame()


def click(app, element, frames=3):
    pos = element.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    for _ in range(frames):
        app.frame()


def fits(element, text=None) -> bool:
    return element.font.size(text or element.text)[0] <= element.rect.width - 2


def test_propose_with_the_key_asks_the_reason_then_places_the_order(window):
    flow = orders_flow()
    app = window(flow)
    scene = app.scene
    order = joint(flow.game, target=False)
    assert not scene.negotiating and "P propose" in scene.hint_label.text
    scene.show(move_of(scene, order))
    assert scene.propose_button.text.endswith("to Japan (P)") and scene.propose_button.is_enabled
    key(app, pygame.K_p)
    assert scene.negotiating and scene.panel.ask is not None and flow.game.pending["us"] == []  # not yet
    scene.panel.entry.set_text("  share the  load ")
    key(app, pygame.K_RETURN, frames=3)  # Enter in the reason field proposes; it does not commit
    made = flow.game.negotiation.get(1)
    assert made.standing == Standing.OPEN and made.order == order and made.reason == "share the load"
    assert flow.game.pending["us"] == [order] and "us" not in flow.game.committed
    assert f"{order_label(flow.game.rules, order)} · proposed to Japan" in scene.orders_box.html_text
    assert "You proposed" in scene.panel.box.html_text and "share the load" in scene.panel.box.html_text
    key(app, pygame.K_z, pygame.KMOD_CTRL)  # removing it says to withdraw instead, in the game's words
    assert flow.game.pending["us"] == [order]
    assert "is its proposal to Japan; withdraw the proposal to drop it" in scene.orders_box.html_text


def test_propose_with_the_mouse_picks_the_target_first(window):
    flow = orders_flow()
    app = window(flow)
    scene = app.scene
    order = joint(flow.game, target=True)
    scene.show(move_of(scene, order))
    click(app, scene.propose_button)
    assert scene.picking is not None and scene.proposing
    k = scene.page_rows().index(order.target)
    click(app, scene.buttons[k])
    assert scene.picking is None and scene.panel.ask.order == order and flow.game.pending["us"] == []
    click(app, scene.panel.confirm_button)
    assert flow.game.pending["us"] == [order] and flow.game.negotiation.get(1).by == "us"


def test_accept_places_the_order_and_marks_the_agreement(window):
    flow = orders_flow()
    order = joint(flow.game, "jp", 2)
    flow.game.propose("jp", order, "we share the cost of the port")
    app = window(flow)
    scene = app.scene
    assert scene.negotiating, "the panel opens by itself when a proposal waits"
    assert "Japan proposes" in scene.panel.box.html_text and "we share the cost of the port" in scene.panel.box.html_text
    assert scene.proposals_button.text == "Proposals: 1 waiting (N)"
    key(app, pygame.K_a)
    assert flow.game.negotiation.get(1).standing == Standing.ACCEPTED and flow.game.pending["us"] == [order]
    assert f"{order_label(flow.game.rules, order)} · agreed with Japan" in scene.orders_box.html_text
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    assert "its agreement with Japan; withdraw the agreement to drop it" in scene.orders_box.html_text
    assert flow.game.pending["us"] == [order]


def test_decline_asks_an_optional_reason_and_esc_cancels_it(window):
    flow = orders_flow()
    order = joint(flow.game, "jp", 2)
    flow.game.propose("jp", order)
    app = window(flow)
    scene = app.scene
    key(app, pygame.K_d)
    assert scene.panel.ask.kind == "decline" and app.typing()
    key(app, pygame.K_ESCAPE)  # in the reason field, Esc cancels the decline
    assert scene.panel.ask is None and flow.game.negotiation.get(1).standing == Standing.OPEN
    key(app, pygame.K_d)
    scene.panel.entry.set_text("not this turn")
    click(app, scene.panel.confirm_button)
    done = flow.game.negotiation.get(1)
    assert done.standing == Standing.DECLINED and done.answer_reason == "not this turn"
    assert flow.game.pending["jp"] == [] and "You declined" in scene.panel.box.html_text


def test_counter_picks_another_joint_move_and_esc_closes_the_picker(window):
    flow = orders_flow()
    proposed = joint(flow.game, "jp", 2)
    flow.game.propose("jp", proposed)
    app = window(flow)
    scene = app.scene
    key(app, pygame.K_c)
    assert scene.panel.countering is not None and scene.panel.picks
    key(app, pygame.K_ESCAPE)
    assert scene.panel.countering is None and flow.game.negotiation.get(1).standing == Standing.OPEN
    assert scene.negotiating and app.scene is scene, "Esc closed the picker, not the screen"
    click(app, scene.panel.rows[0][1]["counter"])
    items = scene.panel.page_items()
    key(app, pygame.K_1)  # the first move; then its first target, if it has several
    if scene.panel.countering is not None:
        key(app, pygame.K_1)
    offer = scene.panel.ask.order
    assert offer.move == items[0][1].id and offer != proposed
    key(app, pygame.K_RETURN, frames=3)
    counter = flow.game.negotiation.get(2)
    assert (counter.by, counter.order, counter.counters) == ("us", offer, 1)
    assert flow.game.negotiation.get(1).standing == Standing.COUNTERED and flow.game.pending["us"] == [offer]


def test_withdraw_an_agreement_drops_it_for_both(window):
    flow = orders_flow()
    order = joint(flow.game, "jp", 2)
    flow.game.propose("jp", order)
    flow.game.answer("us", 1, Answer.ACCEPT)
    app = window(flow)
    scene = app.scene
    assert "Agreed with Japan" in scene.panel.box.html_text
    key(app, pygame.K_w)
    assert scene.panel.ask.kind == "withdraw" and flow.game.pending["us"] == [order]
    scene.panel.entry.set_text("new instructions")
    key(app, pygame.K_RETURN, frames=3)
    done = flow.game.negotiation.get(1)
    assert done.standing == Standing.WITHDRAWN and done.answer_reason == "new instructions"
    assert flow.game.pending == {"us": [], "jp": [], "cn": []}


def test_no_stray_key_orders_commits_or_drops_anything_while_the_panel_asks(window):
    flow = orders_flow()
    order = joint(flow.game, "jp", 2)
    flow.game.propose("jp", order)
    app = window(flow)
    scene = app.scene
    key(app, pygame.K_c)  # the picker takes the keys: no order, no bot, no undo
    key(app, pygame.K_b)
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    assert app.dialog is None and flow.game.pending == {"us": [], "jp": [order], "cn": []}
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_w)  # nothing of the faction's to withdraw: nothing happens
    assert scene.panel.ask is None
    key(app, pygame.K_d)
    scene.panel.entry.unfocus()
    for k in (pygame.K_1, pygame.K_b, pygame.K_a, pygame.K_TAB, pygame.K_n):
        key(app, k)
    assert app.dialog is None and flow.game.pending == {"us": [], "jp": [order], "cn": []}
    assert scene.panel.ask is not None and "us" not in flow.game.committed
    key(app, pygame.K_ESCAPE)
    assert scene.panel.ask is None and flow.game.negotiation.get(1).standing == Standing.OPEN


def test_a_refused_action_shows_the_games_message(window):
    flow = orders_flow()
    flow.game.propose("jp", joint(flow.game, "jp", 2))
    app = window(flow)
    scene = app.scene
    for _ in range(3):  # spend every action point first
        move = next(m for m in scene.moves if len(m.partners) == 1 and m.target is None and scene.status(m) is None)
        scene.order(move)
    key(app, pygame.K_a)
    assert flow.game.negotiation.get(1).standing == Standing.OPEN
    assert "action point" in scene.panel.box.html_text.lower() or "AP" in scene.panel.box.html_text


def test_the_cover_says_a_proposal_waits_and_never_what_it_is(window):
    offer = None

    class Proposing(Scripted):
        def propose(self, view, desk):
            return offer

    jp = Proposing()
    game = Game.new("crossroads_2025", 3, {"us": "human", "jp": "greedy", "cn": "human"})
    offer = (joint(game, "jp", 2), "a port for the region")
    flow = HotSeat(game, bots={"jp": jp, "cn": Scripted()})
    assert flow.step.phase == Phase.HANDOFF and flow.step.faction == "us"
    assert [p.by for p in game.negotiation] == ["jp"], "the bots' proposals are waiting at the turn's start"
    app = window(flow)
    cover = app.scene
    news = [line for line, _, _ in cover.news]
    assert "1 proposal from Japan is waiting for your answer" in news
    seen = " ".join(app.widget_texts() + app.drawn + news)
    assert order_label(game.rules, offer[0]) not in seen and "port" not in seen
    key(app, pygame.K_SPACE)
    scene = app.scene
    assert scene.negotiating and order_label(game.rules, offer[0]) in scene.panel.box.html_text


def test_the_cover_counts_and_names_the_senders(window):
    flow = HotSeat(Game.new("crossroads_2025", 3, dict(PEOPLE)))
    flow.game.propose("us", joint(flow.game, "us", 0))
    flow.game.commit("us")
    flow.advance()
    flow.advance()  # the hand-off of Japan
    assert flow.step == flow.step.__class__(Phase.HANDOFF, "jp")
    app = window(flow)
    assert ("1 proposal from the United States is waiting for your answer", ) == tuple(
        line for line, _, _ in app.scene.news if "proposal" in line)


def test_a_person_and_a_bot_complete_a_joint_move(window):
    jp = Scripted(reply=Reply(Answer.ACCEPT, "a good use of our budget"))
    flow = orders_flow({"us": "human", "jp": "greedy", "cn": "greedy"}, bots={"jp": jp, "cn": Scripted()})
    app = window(flow)
    scene = app.scene
    order = joint(flow.game, target=False)
    scene.show(move_of(scene, order))
    key(app, pygame.K_p)
    key(app, pygame.K_RETURN, frames=3)
    assert jp.asked == [1], "the bot answered at once"
    assert flow.game.negotiation.get(1).standing == Standing.ACCEPTED
    assert "Agreed with Japan" in scene.panel.box.html_text
    assert flow.game.pending["jp"] == [order]
    scene.commit()  # the bots choose and the turn resolves on the thinking screen's thread
    while isinstance(app.scene, PreparingScene):
        app.scene.thread.join(120)
        assert app.scene.finished, "the bots were still choosing after two minutes"
        app.frame(events=[])
    record = flow.game.history[-1]
    assert order in record.orders["us"] and order in record.orders["jp"]
    assert not any("did not" in note for note in record.report.notes), record.report.notes


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("size,scale", SIZES)
def test_no_label_of_the_panel_is_cut(window, size, scale, language):
    from pygame_gui.elements import UIButton, UILabel

    flow = orders_flow()
    flow.game.propose("jp", joint(flow.game, "jp", 2), "we share the cost of the port")
    flow.game.propose("us", joint(flow.game, "us", 0, target=False))
    app = window(flow, size, scale, language)
    scene = app.scene
    screen = app.screen.get_rect()

    def check(where):
        app.frame(events=[])
        shown = [e for e in app.manager.get_sprite_group().sprites() if isinstance(e, (UIButton, UILabel))]
        for element in shown:
            assert fits(element), f"{where}: cut at {size} {scale}% {language}: {element.text!r}"
            assert screen.contains(element.rect), f"{where}: off screen: {element.text!r}"
        box = scene.panel.box
        assert box is None or screen.contains(box.rect)

    check("the panel")
    assert scene.propose_button is not None and fits(scene.propose_button)
    key(app, pygame.K_c)
    check("the counter picker")
    key(app, pygame.K_1)
    if scene.panel.countering is not None:
        check("the picker's targets")
        key(app, pygame.K_1)
    check("the reason")
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_ESCAPE)
    check("the panel again")
