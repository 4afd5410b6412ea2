"""Which tracks the screens list: the dashboard's headline rows, then the supporting ones (plain data, any front end)."""

from __future__ import annotations

from game.rules.compiled import Rules


def dashboard_tracks(rules: Rules) -> tuple[list[str], list[str]]:
    """(headline, supporting): the content's headline tracks and each faction's influence track (what every
    faction's previews always show), then the seas' tension and every other core track."""
    headline = [t.id for t in rules.tracks if t.headline]
    headline += [f.influence_track for f in rules.factions if f.influence_track and f.influence_track not in headline]
    support = [t.id for t in rules.tracks if t.group == "tension"]
    support += [t.id for t in rules.tracks if t.group == "core" and t.id not in headline]
    return headline, support
