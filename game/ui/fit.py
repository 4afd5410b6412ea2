"""Text that fits its widget: measure in the window's own font (Noto Sans, as pygame_gui draws it) and
pick the longest wording that fits, so no label is ever cut off at a widget's edge."""

from __future__ import annotations

from game.ui.linebreak import is_wide

ELLIPSIS = "…"
BORDER = 1  # the theme's border width, unscaled
LINE_SPACING = 1.1  # the "@panel" text boxes' line spacing (assets/ui/theme.json)
CORNERS = 2  # what a text box's rounded corners (radius 2) take from its height: one pixel at top and bottom


def text_width(app, text: str, size: float = 16, bold: bool = False) -> int:
    """Width in pixels of one line of text at size × UI scale."""
    return app.font(size, bold).size(text)[0]


def inner_width(app, width: int, padding: float = 8) -> int:
    """The room for text inside a button `width` pixels wide with `padding` (unscaled) each side."""
    return width - 2 * BORDER - 2 * app.px(padding)


def shorten(app, text: str, width: int, size: float = 16, bold: bool = False) -> str:
    """text, cut at a word (or at worst a letter) and ended with an ellipsis, to fit width."""
    if text_width(app, text, size, bold) <= width:
        return text
    words = text.split(" ") if not any(is_wide(c) for c in text) else []  # Japanese: cut at a letter, not a space
    while len(words) > 1:
        words.pop()
        trial = " ".join(words).rstrip(" ·,:;—-") + ELLIPSIS
        if text_width(app, trial, size, bold) <= width:
            return trial
    trial = text
    while len(trial) > 1 and text_width(app, trial + ELLIPSIS, size, bold) > width:
        trial = trial[:-1]
    return trial + ELLIPSIS


def first_fit(app, variants: list[str], width: int, size: float = 16, bold: bool = False) -> str:
    """The first of variants (longest wording first) that fits width; else the last one shortened."""
    for text in variants:
        if text_width(app, text, size, bold) <= width:
            return text
    return shorten(app, variants[-1], width, size, bold)


def scroll_text(box, pages: float) -> None:
    """Scroll a pygame_gui text box by `pages` of its own height (negative: up); the keyboard's way to
    read what its scroll bar (the mouse's way) would show."""
    bar = getattr(box, "scroll_bar", None)
    if bar is None:
        return
    start = bar.start_percentage + pages * 0.8 * bar.visible_percentage
    bar.set_scroll_from_start_percentage(max(0.0, min(1.0 - bar.visible_percentage, start)))


def fit_lines(app, text: str, width: int, size: float = 16, bold: bool = False, most: int = 2) -> list[str]:
    """text wrapped at words into at most `most` lines of width; if it needs more, the last line is shortened
    with an ellipsis (a caller that gets one should offer the whole text another way, such as a tooltip)."""
    lines = app.wrap(text, size, width, bold)
    if len(lines) > most:
        lines = lines[:most - 1] + [" ".join(lines[most - 1:])]
    return [shorten(app, line, width, size, bold) for line in lines]


def fit_parts(app, parts: list[tuple[int, str]], width: int, size: float = 16, sep: str = " · ") -> str:
    """The parts (rank, text) that fit width together, taken by rank (0 first) and shown in their order."""
    chosen: set[int] = set()
    for k in sorted(range(len(parts)), key=lambda k: parts[k][0]):
        trial = sep.join(text for j, (_, text) in enumerate(parts) if j in chosen or j == k)
        if text_width(app, trial, size) <= width:
            chosen.add(k)
    return sep.join(text for j, (_, text) in enumerate(parts) if j in chosen)


def text_box_height(app, lines: list[str], width: int, bold: bool = False, spacing: float = LINE_SPACING,
                    small: list[str] = (), small_size: float = 13) -> int:
    """The height a "@panel" text box `width` wide needs to show these lines (each wrapped), and the `small`
    lines in `small_size`, without scrolling."""
    font = app.font(16, bold)
    inner = width - 2 * BORDER - 2 * app.px(8)
    rows = sum(len(app.wrap(line, 16, inner, bold)) for line in lines) or 1
    small_rows = sum(len(app.wrap(line, small_size, inner)) for line in small)
    small_step = round(app.font(small_size).get_linesize() * spacing)
    return ((rows - 1) * round(font.get_linesize() * spacing) + font.get_linesize() + small_rows * small_step
            + 2 * app.px(6) + 2 * BORDER + CORNERS + app.px(4))
