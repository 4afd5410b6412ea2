"""The map's colours stay apart for normal vision and under the three common colour-vision deficiencies.

Method: each colour is simulated as seen with protanopia, deuteranopia and tritanopia (colorspacious'
"sRGB1+CVD" space: Machado, Oliveira and Fernandes 2009 at severity 100, i.e. the full dichromacy), and
with normal vision, and every pair must differ by more than THRESHOLD in CAM02-UCS (colorspacious'
deltaE, Luo et al. 2006). A difference of about 1 is the smallest one can see side by side; 20 is a
difference that reads at a glance across a classroom on a washed-out projector.

The pairs: the three faction colours with each other; each faction colour with the sea-tension shade at
low, middle and high tension (0, 50, 100); and low tension with high tension.
"""

import itertools

import colorspacious  # in the test extra (pyproject.toml)
import numpy as np

from game.ui.map_view import FACTION_COLOURS, TENSION, tension_colour

THRESHOLD = 20.0
VISION = [None, "protanomaly", "deuteranomaly", "tritanomaly"]  # colorspacious' names; severity 100 = -anopia
NAMES = {None: "normal vision", "protanomaly": "protanopia", "deuteranomaly": "deuteranopia",
         "tritanomaly": "tritanopia"}
LEVELS = (0, 50, 100)


def seen(colour: tuple[int, int, int], cvd: str | None) -> np.ndarray:
    """An sRGB colour (0..255) as seen with this deficiency, in sRGB 0..1."""
    rgb = np.asarray(colour, dtype=float) / 255
    if cvd is None:
        return rgb
    space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
    return np.clip(colorspacious.cspace_convert(rgb, space, "sRGB1"), 0, 1)


def difference(a, b, cvd: str | None) -> float:
    return float(colorspacious.deltaE(seen(a, cvd), seen(b, cvd), input_space="sRGB1"))


def pairs(factions: dict[str, tuple[int, int, int]]) -> list[tuple[str, tuple, str, tuple]]:
    """(name, colour, name, colour) for every pair the map must keep apart."""
    shades = {f"tension {t}": tension_colour(t) for t in LEVELS}
    out = [(a, factions[a], b, factions[b]) for a, b in itertools.combinations(sorted(factions), 2)]
    out += [(f, factions[f], s, c) for f in sorted(factions) for s, c in shades.items()]
    out.append(("tension 0", shades["tension 0"], "tension 100", shades["tension 100"]))
    return out


def distinct_problems(factions) -> list[str]:
    """Every pair closer than THRESHOLD under some vision, named, with its difference."""
    return [f"{a} vs {b} under {NAMES[cvd]}: {d:.1f} <= {THRESHOLD}"
            for cvd in VISION for a, ca, b, cb in pairs(factions)
            if (d := difference(ca, cb, cvd)) <= THRESHOLD]


def test_the_simulation_is_real():
    """Full protanopia and deuteranopia confuse the red-green pair the palette avoids; tritanopia does not."""
    red, green = (200, 60, 40), (110, 110, 40)
    assert difference(red, green, None) > 30
    assert difference(red, green, "deuteranomaly") < difference(red, green, None) / 2
    assert difference(red, green, "protanomaly") < difference(red, green, None) / 2
    blue, teal = (40, 60, 200), (40, 110, 120)
    assert difference(blue, teal, "tritanomaly") < difference(blue, teal, None) / 2


def test_every_pair_is_distinct_under_each_vision():
    assert set(FACTION_COLOURS) == {"us", "jp", "cn"}
    assert len(pairs(FACTION_COLOURS)) == 3 + 9 + 1
    assert distinct_problems(FACTION_COLOURS) == []


def test_the_check_catches_the_old_gold_ramp(monkeypatch):
    """The gold tension ramp (Okabe-Ito orange) the map had sat on top of Japan's vermillion."""
    import game.ui.map_view as map_view

    monkeypatch.setattr(map_view, "TENSION", (230, 159, 0))
    problems = distinct_problems(FACTION_COLOURS)
    assert "jp vs tension 100 under deuteranopia" in " ".join(problems)
    assert TENSION != (230, 159, 0)


def test_the_check_catches_the_old_china_purple():
    """Okabe-Ito's reddish purple for China was too near the U.S. blue under protanopia."""
    old = {**FACTION_COLOURS, "cn": (204, 121, 167)}
    assert any(p.startswith("cn vs us under protanopia") for p in distinct_problems(old))

