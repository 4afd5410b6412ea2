"""Export report (the debrief's and the replay viewer's button): the game's HTML report, with the what-ifs run on it,
written to the `reports` folder inside the saves folder, so a teacher finds it beside the class's saves.

One file per save (`<save name>-report.html`), written again by each export (the latest what-ifs included); a game
without a save file (never autosaved) exports from the game itself, without what-ifs. The message says where the
report went, or why it could not be written; nothing here draws.
"""

from __future__ import annotations

from pathlib import Path

from game.i18n import _
from game.session.saves import SaveError, shorten

REPORTS = "reports"  # the folder inside the saves folder
SHOWN_CHARS = 300  # characters of a failure's reason in the message


def report_path(store, name: str) -> Path:
    """Where the report of the save (or game) called `name` goes: `<saves>/reports/<name>-report.html`."""
    return store.saves_dir / REPORTS / f"{Path(name).stem}-report.html"


def export_report(store, save: Path | None, game=None) -> tuple[Path | None, str]:
    """Write the report of `save` (with its recorded what-ifs), or of `game` if there is no save file; returns
    (the file written or None, what to tell the players)."""
    try:
        from game.analysis.whatif import recorded
        from game.export.report import write_report
    except ImportError as exc:  # a build without the report writer: say so rather than fail
        return None, _("The report could not be written: this version cannot export reports ({why}).", why=exc)
    source = save if save is not None and save.is_file() else game
    if source is None:
        return None, _("The report could not be written: the game has no save to export.")
    name = save.name if save is not None else f"{game.rules.id}-seed{game.seed}"
    out = report_path(store, name)
    try:
        what_ifs = recorded(save) if isinstance(source, Path) else []
        out.parent.mkdir(parents=True, exist_ok=True)
        written = write_report(source, out, what_ifs)
    except (SaveError, OSError, ValueError) as exc:
        return None, _("The report could not be written: {why}", why=shorten(str(exc) or type(exc).__name__,
                                                                              SHOWN_CHARS))
    return Path(written), _("Report written to {path} (open it in a browser to read or print it).", path=written)
