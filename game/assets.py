"""Where the game's data files (the map, the window theme) are, in a checkout and in an installed wheel.

In a checkout (or an editable install) they are the repository's `assets/` folder. A wheel cannot
carry files from outside its packages, so pyproject.toml's `data-files` installs the same files under
`<prefix>/share/pacific-trilemma/` (prefix: the environment's, or the user base for `pip install
--user`); `find_asset` looks in the checkout first, then there.

    THEME = find_asset("ui/theme.json")
"""

from __future__ import annotations

import site
import sys
import sysconfig
from pathlib import Path

APP = "pacific-trilemma"
CHECKOUT = Path(__file__).resolve().parents[1] / "assets"


def asset_roots() -> list[Path]:
    """The folders that may hold the assets, in the order they are searched."""
    roots = [CHECKOUT]
    prefixes = [sysconfig.get_path("data"), sys.prefix, getattr(site, "USER_BASE", None)]
    try:
        prefixes.append(sysconfig.get_path("data", sysconfig.get_preferred_scheme("user")))
    except (KeyError, AttributeError):  # an interpreter without a user scheme
        pass
    for prefix in prefixes:
        if prefix:
            root = Path(prefix) / "share" / APP
            if root not in roots:
                roots.append(root)
    return roots


def find_asset(relative: str) -> Path:
    """The first existing `relative` file under the asset roots; if none has it, the checkout's path
    (so that reading it fails with an error naming that path)."""
    for root in asset_roots():
        path = root / relative
        if path.is_file():
            return path
    return CHECKOUT / relative
