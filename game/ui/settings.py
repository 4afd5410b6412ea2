"""The window's settings, remembered between runs in the user's settings folder.

    settings = Store.default().load_settings()     # defaults if there is no file yet
    settings.ui_scale = 150
    store.save_settings(settings)

The folder is platformdirs' user config folder for "pacific-trilemma" (`~/.config/pacific-trilemma`
on Linux); the environment variable PACIFIC_TRILEMMA_HOME puts settings and saves under one other
folder instead (tests and portable installs use it). A damaged settings file is not fatal: the game
starts with the defaults, says what was wrong, and overwrites the file only when settings change. The file
is read with the saves' limits (a regular file of at most SETTINGS_BYTES, JSON nested at most
saves.MAX_DEPTH deep, numbers of at most saves.MAX_DIGITS digits) and strict types (`"1"` is not a number,
`1` is not true); the window's size is at least MIN_WINDOW and at most MAX_WINDOW.

Named saves (Ctrl+S) go in `saves/`; every game played in the window autosaves to its own file in
`saves/autosaves/` (`<started-at>-<scenario>.json`), and only the last AUTOSAVES_KEPT games are kept.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError

from game.i18n import LANGUAGES, _
from game.session import saves

APP = "pacific-trilemma"
HOME_VARIABLE = "PACIFIC_TRILEMMA_HOME"
SCALES = (100, 125, 150, 175, 200)  # UI scale steps, percent: 200% is for a classroom projector
AUTOSAVES_KEPT = 10  # games whose autosave is kept; the least recently played beyond this are removed
MIN_WINDOW = (800, 560)  # the smallest window the screens are laid out for (the app keeps it at least this)
MAX_WINDOW = (16384, 16384)  # beyond any display
SETTINGS_BYTES = 64_000  # a settings file is about 100 bytes
SHOWN_PROBLEMS = 10  # problems of one file listed in the notice; the rest are counted


class Settings(BaseModel):
    """What the player chose in the settings screen."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    ui_scale: Annotated[int, Strict()] = Field(100, ge=100, le=200, description="text and widget size, percent")
    patterns: Annotated[bool, Strict()] = Field(True, description="colour-blind-safe mode: hatch patterns on the map "
                                                "and charts")
    fullscreen: Annotated[bool, Strict()] = False
    language: Literal[LANGUAGES] | None = Field(None, description="the window's language; None: the system's "
                                                "(then English)")
    window: tuple[Annotated[int, Strict(), Field(ge=MIN_WINDOW[0], le=MAX_WINDOW[0])],
                  Annotated[int, Strict(), Field(ge=MIN_WINDOW[1], le=MAX_WINDOW[1])]] = \
        Field((1280, 800), description="window size when not fullscreen")

    def next_scale(self, step: int) -> int:
        """The scale `step` notches up (+1) or down (-1) from the current one, within 100..200."""
        below = [s for s in SCALES if s <= self.ui_scale]
        k = SCALES.index(below[-1]) if below else 0
        return SCALES[max(0, min(len(SCALES) - 1, k + step))]


@dataclass
class Store:
    """Where settings, saves and the autosave live."""

    root: Path
    problems: list[str] = field(default_factory=list)  # what was wrong with a file that was read

    @classmethod
    def default(cls) -> "Store":
        home = os.environ.get(HOME_VARIABLE)
        return cls(Path(home) if home else Path(platformdirs.user_config_dir(APP)))

    @property
    def settings_path(self) -> Path:
        return self.root / "settings.json"

    @property
    def saves_dir(self) -> Path:
        return self.root / "saves"

    @property
    def autosaves_dir(self) -> Path:
        return self.saves_dir / "autosaves"

    def new_autosave_path(self, scenario: str, started: float | None = None) -> Path:
        """The autosave file of a game started at `started` (default now): `<YYYYmmdd-HHMMSS>-<scenario>.json`,
        with a number added if a game started in the same second already has that name."""
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if started is None else started))
        path = self.autosaves_dir / f"{stamp}-{scenario}.json"
        k = 2
        while path.exists():
            path = self.autosaves_dir / f"{stamp}-{scenario}-{k}.json"
            k += 1
        return path

    def autosave_files(self) -> list[Path]:
        """Every game's autosave, the most recently written first."""
        return _newest_first(self.autosaves_dir)

    def prune_autosaves(self, spare: Path | None = None, keep: int = AUTOSAVES_KEPT) -> list[Path]:
        """Remove the autosaves beyond the `keep` most recent (never `spare`, the game being played); returns
        the files removed. A file that cannot be removed is noted in `problems`."""
        files = [p for p in self.autosave_files() if p != spare]
        removed = []
        for path in files[keep - (1 if spare is not None else 0):]:
            try:
                path.unlink()
                removed.append(path)
            except OSError as exc:
                self.problems.append(_("cannot remove the old autosave {path}: {why}", path=path,
                                       why=exc.strerror or exc))
        return removed

    def load_settings(self) -> Settings:
        """The saved settings, or the defaults (with the reason in `problems`) if the file is damaged."""
        path = self.settings_path
        if not os.path.lexists(path):
            return Settings()
        try:
            raw = saves.parse_json(saves.read_limited(path, SETTINGS_BYTES, "settings file"), "settings file", str(path))
            return Settings.model_validate(raw)
        except saves.SaveError as exc:
            self.problems.append(_("{problem}; using the defaults", problem=saves.shorten(str(exc), 300)))
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            for err in errors[:SHOWN_PROBLEMS]:
                where = ".".join(str(p) for p in err["loc"]) or "(file)"
                self.problems.append(_("{path}: {where}: {problem}; using the defaults", path=path, where=where,
                                       problem=err["msg"]))
            if len(errors) > SHOWN_PROBLEMS:
                self.problems.append(_("…and {n} more problems in {path}", n=format(len(errors) - SHOWN_PROBLEMS, ","),
                                       path=path))
        return Settings()

    def clean_leftovers(self) -> list[Path]:
        """Remove the temporary files that interrupted saves of settings and games left behind (at start)."""
        return [p for folder in (self.root, self.saves_dir, self.autosaves_dir) for p in saves.clean_leftovers(folder)]

    def save_settings(self, settings: Settings) -> None:
        """Write atomically (a failed write keeps the previous file); a failure is noted in `problems`."""
        try:
            saves.write_atomic(self.settings_path, settings.model_dump_json(indent=1))
        except saves.SaveError as exc:
            self.problems.append(str(exc))

    def save_files(self) -> list[Path]:
        """The saved games, named saves and autosaves together, the most recently written first."""
        files = _newest_first(self.saves_dir) + self.autosave_files()
        return sorted(files, key=_mtime, reverse=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0  # removed while listing: sorts last, and the load screen says it cannot be read


def _newest_first(folder: Path) -> list[Path]:
    """The .json files directly in `folder`, the most recently written first."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob("*.json") if p.is_file()), key=_mtime, reverse=True)
