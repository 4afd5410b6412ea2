"""Where a line of text may break: at spaces, and in Japanese between any two characters, with kinsoku.

Japanese puts no spaces between words, so a line may end after any kana or kanji, except that no line
starts with closing punctuation, small kana or the long-vowel mark (、。」）ー っ …) and no line ends with
an opening bracket (「（ …). A number stays with the counter after it (2025年, 30%). `break_points(text)` lists
the places; `pieces(word)` cuts a space-free word at them. No pygame here: the window's wrap
(game.ui.app.App.wrap) and pygame_gui's text boxes (game.ui.textbox) both measure with it.
"""

from __future__ import annotations

# no line starts with these (closing brackets and punctuation, small kana, iteration and prolonged sound marks)
NO_START = set("、。，．・：；？！）」』】〕〉》］｝〙〗ー～〜…‥々ゝゞヽヾ"
               "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
               ",.:;?!)]}%％")
# no line ends with these (opening brackets)
NO_END = set("（「『【〔〈《［｛〘〖([{")


def is_wide(char: str) -> bool:
    """Whether char is Japanese (kana, kanji, CJK punctuation or a full-width form): a line may break beside it."""
    code = ord(char)
    return (0x3000 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
            or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or 0x31F0 <= code <= 0x31FF)


def may_break(before: str, after: str) -> bool:
    """Whether a line may end between the characters `before` and `after` (neither a space)."""
    if after in NO_START or before in NO_END:
        return False
    if before.isdigit() and before.isascii():
        return False  # 2025年, 30%: a number stays with its counter
    return is_wide(before) or is_wide(after)


def break_points(text: str) -> list[int]:
    """Every index p (0 < p < len(text)) where a line may break before text[p]: after a space, or between two
    characters where `may_break` allows it."""
    points = []
    for p in range(1, len(text)):
        before, after = text[p - 1], text[p]
        if before == " ":
            points.append(p)
        elif after != " " and may_break(before, after):
            points.append(p)
    return points


def pieces(word: str) -> list[str]:
    """A word without spaces cut at its break points (an English word stays whole)."""
    cuts = [0] + break_points(word) + [len(word)]
    return [word[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]
