"""The window's settings, remembered between runs in the user's settings folder.

    settings = Store.default().load_settings()     # defaults if there is no file yet
    settings.ui_scale = 150
    store.save_settings(settings)

The folder is platformdirs' user config folder for "pacific-trilemma" (`~/.config/pacific-trilemma`
on Linux); the environment variable PACIFIC_TRILEMMA_HOME puts settings and saves under one other
folder instead (tests and portable installs use it). A damaged settings file is not fatal: the game
starts with the defaults, says what was wrong, and overwrites the file only when settings change.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.session import saves

APP = "pacific-trilemma"
HOME_VARIABLE = "PACIFIC_TRILEMMA_HOME"
SCALES = (100, 125, 150, 175, 200)  # UI scale steps, percent: 200% is for a classroom projector


class Settings(BaseModel):
    """What the player chose in the settings screen."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    ui_scale: int = Field(100, ge=100, le=200, description="text and widget size, percent")
    patterns: bool = Field(True, description="colour-blind-safe mode: hatch patterns on the map and charts")
    fullscreen: bool = False
    window: tuple[int, int] = Field((1280, 800), description="window size when not fullscreen")

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
    def autosave_path(self) -> Path:
        return self.saves_dir / "autosave.json"

    def load_settings(self) -> Settings:
        """The saved settings, or the defaults (with the reason in `problems`) if the file is damaged."""
        path = self.settings_path
        if not path.exists():
            return Settings()
        try:
            return Settings.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            self.problems.append(f"{path}: cannot read the settings ({exc}); using the defaults")
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or "(file)"
                self.problems.append(f"{path}: {where}: {err['msg']}; using the defaults")
        return Settings()

    def save_settings(self, settings: Settings) -> None:
        """Write atomically (a failed write keeps the previous file); a failure is noted in `problems`."""
        try:
            saves.write_atomic(self.settings_path, settings.model_dump_json(indent=1))
        except saves.SaveError as exc:
            self.problems.append(str(exc))

    def save_files(self) -> list[Path]:
        """The saved games, newest first (the autosave included)."""
        if not self.saves_dir.is_dir():
            return []
        files = [p for p in self.saves_dir.glob("*.json") if p.is_file()]
        return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)
