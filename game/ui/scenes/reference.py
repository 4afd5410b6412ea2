"""Reference pages reached from the report and the debrief: the sources (the two articles and every concept
the game models, with the items that model it) and the glossary of the game's words. Esc or the Back button
returns to the scene they were opened from, as it was."""

from __future__ import annotations

from html import escape

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.i18n import N_, _, content, ngettext
from game.rules.concepts import ARTICLES, CONCEPTS, acting_items, concept_index
from game.rules.glossary import load_glossary
from game.ui.app import Scene
from game.ui.fit import first_fit, scroll_text, text_width

SCROLL_KEYS = {pygame.K_UP: -0.25, pygame.K_DOWN: 0.25, pygame.K_PAGEUP: -1, pygame.K_PAGEDOWN: 1,
               pygame.K_HOME: -1000, pygame.K_END: 1000}  # pages of the text box's height
READING_WIDTH = 960  # the text's greatest width in pixels at 100%
WHEEL_STEP = 0.15  # pages scrolled per wheel notch when the pointer is outside the text
ABOUT = {  # what each article is, in a line, under its title
    "S0": N_("A Japanese student's view of the U.S. in Trump's second term, framed by Rodrik's political-economy "
             "trilemma."),
    "S2": N_("The CSIS brief on U.S.–Japan economic cooperation in third countries of the Indo-Pacific."),
}


def article_of(concept: str) -> str:
    """The article a concept id comes from: "S0-17" -> "S0"."""
    return concept.split("-", 1)[0]


def modelled_by(items: list[str]) -> str:
    """How many moves, events, rules... model a concept, in words ("2 moves, 1 event")."""
    counts: dict[str, int] = {}
    for item in acting_items(items):
        kind = item.split(" ", 1)[0]
        counts[kind] = counts.get(kind, 0) + 1
    return _(", ").join(item_count(k, n) for k, n in counts.items())


def item_count(kind: str, n: int) -> str:
    """"2 moves", "1 event" (the kinds of item that model a concept)."""
    if kind == "move":
        return ngettext("{n} move", "{n} moves", n)
    if kind == "event":
        return ngettext("{n} event", "{n} events", n)
    if kind == "rule":
        return ngettext("{n} rule", "{n} rules", n)
    if kind == "score":
        return ngettext("{n} scoring term", "{n} scoring terms", n)
    if kind == "region":
        return ngettext("{n} region", "{n} regions", n)
    return f"{n} {kind}"


def sources_html(rules=None) -> str:
    """Both articles' titles, then every concept by article: its id and label (and, given a scenario's rules,
    what in that scenario models it)."""
    index = concept_index(rules) if rules is not None else {}
    titles = {code: content.name(None, code, "title") for code in ARTICLES}
    out = ["<b>" + _("The game is built from two articles:") + "</b>"]
    out += [_("<b>{code}</b> — <i>{title}</i>. {about}", code=escape(code), title=escape(title),
              about=escape(_(ABOUT[code]) if code in ABOUT else "")) for code, title in titles.items()]
    for code, title in titles.items():
        out.append("<br><b>" + escape(_("From {article}, {title}", article=code, title=title)) + "</b>")
        for concept in CONCEPTS:
            if article_of(concept) != code:
                continue
            line = f"<b>{escape(concept)}</b> · {escape(content.name(None, concept, 'label'))}"
            where = modelled_by(index.get(concept, []))
            if where:
                line += " <font color='#AEB8CC'>" + escape(_("— in this game: {items}", items=where)) + "</font>"
            out.append(line)
    return "<br>".join(out)


def glossary_html() -> str:
    """Every glossary term in bold with its definition."""
    return "<br><br>".join(f"<b>{escape(t.term)}</b><br>{escape(t.text)}" for t in load_glossary())


class ReadingScene(Scene):
    """A page of text to read: a title, a Back button, and one scrollable text box."""

    title = ""

    def __init__(self, app, previous: Scene):
        super().__init__(app)
        self.previous = previous

    def html(self) -> str:
        raise NotImplementedError

    def build(self) -> None:
        app, px = self.app, self.app.px
        width, height = app.size
        m = px(12)
        label = _("Back (Esc)")
        bw = text_width(app, label, bold=True) + px(32)
        self.back_button = UIButton(pygame.Rect(width - m - bw, m, bw, px(44)), label, app.manager,
                                    object_id=ObjectID(class_id="@primary"))
        room = width - 3 * m - bw
        UILabel(pygame.Rect(m, m, room, px(40)), first_fit(app, [_(self.title)], room, 24, bold=True), app.manager,
                object_id=ObjectID(class_id="@heading"))
        top = m + px(56)
        hint = _("Up/Down, PgUp/PgDn, Home/End or the mouse wheel: scroll · Esc: back")
        UILabel(pygame.Rect(m, top, width - 2 * m, px(26)), first_fit(app, [hint, _("Esc: back")], width - 2 * m),
                app.manager, object_id=ObjectID(class_id="@muted"))
        top += px(30)
        text_w = min(width - 2 * m, px(READING_WIDTH))  # lines a reader's eye can follow, on a wide window too
        self.text_box = UITextBox(self.html(), pygame.Rect(m, top, text_w, height - top - m), app.manager)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.back_button:
            self.back()
        elif event.type == pygame.KEYDOWN and event.key in SCROLL_KEYS:
            scroll_text(self.text_box, SCROLL_KEYS[event.key])
        elif event.type == pygame.MOUSEWHEEL and not self.text_box.rect.collidepoint(pygame.mouse.get_pos()):
            scroll_text(self.text_box, -event.y * WHEEL_STEP)  # over the text, its own scroll bar takes the wheel

    def back(self) -> None:
        self.app.switch(self.previous)


class SourcesScene(ReadingScene):
    """The two source articles and every concept of theirs, with what in the game models it."""

    title = N_("Sources: the two articles and their ideas")

    def html(self) -> str:
        return sources_html(getattr(self.previous, "rules", None))


class GlossaryScene(ReadingScene):
    """The game's words in plain language."""

    title = N_("Glossary")

    def html(self) -> str:
        return glossary_html()


def open_sources(app, back_scene: Scene) -> None:
    """Show the sources page; Esc returns to back_scene."""
    app.switch(SourcesScene(app, back_scene))


def open_glossary(app, back_scene: Scene) -> None:
    """Show the glossary page; Esc returns to back_scene."""
    app.switch(GlossaryScene(app, back_scene))
