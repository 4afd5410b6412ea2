"""The classroom pages' own words, as the catalog holds them: what the scripts look up with `t(...)` and
`tn(...)` (static/*.js, found with Babel's JavaScript extractor) and what the HTML marks with `data-i18n` (an
element's text) or `data-i18n-attrs` (the named attributes' values). The catalog check and whoever keeps
classroom.po read them here; the pages themselves look them up at run time (`app.js`)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from babel.messages.extract import extract_from_file

STATIC = Path(__file__).with_name("static")
KEYWORDS = {"t": None, "tn": (1, 2)}  # app.js: t(message, fields), tn(singular, plural, n, fields)

Message = str | tuple[str, str]  # a message, or a plural's (singular, plural)


class _Marked(HTMLParser):
    """The texts an HTML page marks for translation, with their lines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._open: list[tuple[str, int, list[str]]] = []  # marked elements whose text is being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        line = self.getpos()[0]
        for name in (values.get("data-i18n-attrs") or "").split():
            if values.get(name):
                self.found.append((line, values[name]))
        if "data-i18n" in values:
            self._open.append((tag, line, []))

    def handle_data(self, data: str) -> None:
        for _tag, _line, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _tag, line, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if text:
                self.found.append((line, text))


def page_messages(static: Path = STATIC) -> dict[Message, list[str]]:
    """Every message of the pages -> where it is used (`game/classroom/static/team.js:40`)."""
    found: dict[Message, list[str]] = {}
    root = static.parent.parent.parent
    for path in sorted(static.glob("*.js")):
        for line, message, _comments, _context in extract_from_file("javascript", path, keywords=KEYWORDS):
            if isinstance(message, tuple):
                message = (message[0], message[1])
            found.setdefault(message, []).append(f"{path.relative_to(root)}:{line}")
    for path in sorted(static.glob("*.html")):
        parser = _Marked()
        parser.feed(path.read_text(encoding="utf-8"))
        for line, message in parser.found:
            found.setdefault(message, []).append(f"{path.relative_to(root)}:{line}")
    return found
