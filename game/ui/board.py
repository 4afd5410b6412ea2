"""What the screens show, read from a game's tracks: map fills, sea tensions, tooltips, dashboard rows.

Plain data, no pygame: the scenes hand it to the map view and the dashboard. The UI computes no rule;
this only reads the tracks the engine keeps (each region's influence total per faction and its
channels, each sea's tension, the core tracks).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.rules.compiled import Rules
from game.i18n import _
from game.session.words import faction_name, move_name
from game.session.words import track_name  # noqa: F401  (the screens' one way to name a track)
from game.session.menu import place_name  # noqa: F401 (the window's screens import it from here)
from game.session.tracks import dashboard_tracks  # noqa: F401 (the window's screens import it from here)


@dataclass(frozen=True)
class MapState:
    fills: dict[str, tuple[str | None, float]]  # region -> (leading faction or None, lead in points)
    tensions: dict[str, float]  # sea -> tension
    influence: dict[str, dict[str, tuple[float, dict[str, float]]]]  # region -> faction -> (total, channels)


def contested_regions(rules: Rules) -> list:
    return [r for r in rules.pack.items("regions") if r.contested]


def sea_zones(rules: Rules) -> list:
    return [r for r in rules.pack.items("regions") if r.kind == "sea"]


def map_state(rules: Rules, tracks: dict[str, float]) -> MapState:
    """Fills, tensions and per-region influence from the current track values."""
    factions = [f.id for f in rules.factions]
    fills, influence = {}, {}
    for region in contested_regions(rules):
        per = {}
        for f in factions:
            total = tracks.get(f"{region.id}.{f}")
            if total is None:
                continue
            prefix = f"{region.id}.{f}."
            channels = {t[len(prefix):]: v for t, v in tracks.items() if t.startswith(prefix)}
            per[f] = (total, channels)
        influence[region.id] = per
        ranked = sorted(per.items(), key=lambda kv: -kv[1][0])
        if not ranked:
            continue
        lead = ranked[0][1][0] - (ranked[1][1][0] if len(ranked) > 1 else 0.0)
        fills[region.id] = (ranked[0][0] if lead > 0.05 else None, max(0.0, lead))
    tensions = {sea.id: tracks[f"{sea.id}.tension"] for sea in sea_zones(rules) if f"{sea.id}.tension" in tracks}
    return MapState(fills, tensions, influence)


def faction_names(rules: Rules) -> dict[str, str]:
    return {f.id: faction_name(rules, f.id) for f in rules.factions}


def faction_colours(rules: Rules) -> dict[str, tuple[int, int, int]]:
    return {f.id: tuple(int(f.colour[k:k + 2], 16) for k in (1, 3, 5)) for f in rules.factions}


def order_label(rules: Rules, order) -> str:
    """`Move name (Target)` for an Order."""
    name = move_name(rules, order.move)
    return _("{move} ({target})", move=name, target=place_name(rules, order.target)) if order.target else name


def start_values(rules: Rules, seed: int) -> dict[str, float]:
    """Every track's value at the start of a game with this seed (before turn 1)."""
    from game.engine.state import new_state

    return {t.id: float(v) for t, v in zip(rules.tracks, new_state(rules, [seed]).x[0])}


def history(rules: Rules, start: dict[str, float], records, track: str) -> list[float]:
    """A track's value at the start and after each resolved turn (records: Game.history)."""
    i = rules.track_index[track]
    return [start[track]] + [float(r.x[i]) for r in records]
