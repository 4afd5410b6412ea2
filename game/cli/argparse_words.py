"""argparse's own words — "usage:", "options", its error messages — in the language in use.

argparse looks every message up through the gettext functions it imported (`argparse._` and
`argparse.ngettext`), as a program using its own catalogs is meant to. `translated()` points them at
the game's catalogs while a command line is read, so `main.py --lang ja play --bogus` says why in
Japanese, not only in the parts the game wrote. `WORDS` lists the messages a user of main.py can meet,
so the catalogs carry them.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from game import i18n
from game.i18n import N_

WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("optional arguments"),  # before Python 3.10
    N_("show this help message and exit"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("%(prog)s: error: %(message)s\n"),
)


def _gettext(message: str) -> str:
    return i18n.translations(i18n.current()).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.translations(i18n.current()).ngettext(singular, plural, n)


@contextmanager
def translated() -> Iterator[None]:
    """argparse speaks the language in use (`game.i18n.use`) inside this block, and as before after it."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class LiteralHelp(argparse.HelpFormatter):
    """Help texts printed as written: a "%" in them ("30% of --games", "（%、100〜200）") is a percent sign.

    argparse expands every help text with `%` formatting; the game's help texts name their defaults in
    words, so nothing in them is a placeholder and a translator never has to double a percent sign.
    """

    def _expand_help(self, action: argparse.Action) -> str:
        return self._get_help_string(action)
