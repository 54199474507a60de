"""Small SVG charts drawn at build time: counts over time, as bars that link to their period.

Pure functions returning SVG markup for inline use in a page, so a chart shows
from disk and without JavaScript. Colours come from the stylesheet's classes
(light and dark); every bar also has a shape, a position and a visible or
spoken count, so nothing is told by colour alone. Every shape has an accessible
name (its <title> and aria-label). Numbers are rounded to one decimal, so the
same counts always give the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

# Geometry in viewBox units; the stylesheet scales the picture to its column.
BAR_WIDTH = 24
GAP = 4
TOP = 16  # room for the count above the tallest bar
BAND = 90  # height of the articles band
AXIS_LABELS = 18
EVENT_BAND = 30  # height of the events band below the axis
LEFT = 4
MOST_AXIS_LABELS = 14
# Drawn size in CSS pixels, as a percentage of the viewBox: a wide span scrolls rather than shrinks.
SCALE = 125


@dataclass(frozen=True)
class Bar:
    """One period: its axis label, its counts, where it links and its spoken name."""

    label: str  # "2012", "Mar"
    value: int  # articles
    name: str  # "2012: 14 articles, 3 events mentioned"
    href: str | None = None
    marks: int = 0  # events mentioned in the period


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _every(count: int) -> int:
    """Label every n-th bar so the axis never holds more than MOST_AXIS_LABELS labels."""
    step = 1
    while count / step > MOST_AXIS_LABELS:
        step += 1 if step < 2 else (3 if step == 2 else 5)
    return step


def density_chart(bars: Sequence[Bar], *, chart_id: str, title: str, mark_name: str = "events mentioned") -> Markup:
    """Bars of articles per period over an axis, with the events mentioned as a second band below.

    Every period has its slot, empty or not, so the spacing follows time.
    """
    count = len(bars)
    width = LEFT * 2 + count * (BAR_WIDTH + GAP)
    has_marks = any(bar.marks for bar in bars)
    axis_y = TOP + BAND
    height = axis_y + AXIS_LABELS + (EVENT_BAND + 4 if has_marks else 0)
    most = max((bar.value for bar in bars), default=0) or 1
    most_marks = max((bar.marks for bar in bars), default=0) or 1
    step = _every(count)
    parts = [
        f'<svg class="chart" id="{_attr(chart_id)}" viewBox="0 0 {width} {height}" '
        f'width="{width * SCALE // 100}" height="{height * SCALE // 100}" aria-labelledby="{_attr(chart_id)}-title" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{_attr(chart_id)}-title">{html.escape(title)}</title>',
        f'<line class="chart-axis" x1="0" y1="{axis_y}" x2="{width}" y2="{axis_y}"/>',
    ]
    for index, bar in enumerate(bars):
        x = LEFT + index * (BAR_WIDTH + GAP)
        centre = x + BAR_WIDTH / 2
        tall = BAND * bar.value / most
        shapes = [f"<title>{html.escape(bar.name)}</title>"]
        # A hit area the whole height of the slot, so a thin bar is still easy to click or tap.
        shapes.append(
            f'<rect class="chart-slot" x="{x}" y="0" width="{BAR_WIDTH}" height="{height}"/>'
        )
        if bar.value:
            shapes.append(
                f'<rect class="chart-bar" x="{x}" y="{_number(axis_y - tall)}" width="{BAR_WIDTH}" '
                f'height="{_number(tall)}"/>'
            )
            shapes.append(
                f'<text class="chart-count" x="{_number(centre)}" y="{_number(axis_y - tall - 3)}" '
                f'text-anchor="middle" aria-hidden="true">{bar.value}</text>'
            )
        if bar.marks:
            deep = max(4.0, EVENT_BAND * bar.marks / most_marks)
            top = axis_y + AXIS_LABELS
            shapes.append(
                f'<rect class="chart-mark" x="{x + 4}" y="{top}" width="{BAR_WIDTH - 8}" height="{_number(deep)}"/>'
            )
        if index % step == 0:
            shapes.append(
                f'<text class="chart-label" x="{_number(centre)}" y="{axis_y + 13}" '
                f'text-anchor="middle" aria-hidden="true">{html.escape(bar.label)}</text>'
            )
        inner = "".join(shapes)
        if bar.href:
            parts.append(f'<a href="{_attr(bar.href)}" aria-label="{_attr(bar.name)}">{inner}</a>')
        else:
            parts.append(f'<g role="img" aria-label="{_attr(bar.name)}">{inner}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def chart_legend(mark_name: str = "Events the articles mention", *, marks: bool = True) -> Markup:
    """The key that tells the two bands apart by shape and place, not by colour alone."""
    items = [
        '<li><svg class="legend-swatch" viewBox="0 0 12 12" aria-hidden="true"><rect class="chart-bar" '
        'x="1" y="1" width="10" height="10"/></svg> Articles published (solid bars above the axis)</li>'
    ]
    if marks:
        items.append(
            '<li><svg class="legend-swatch" viewBox="0 0 12 12" aria-hidden="true"><rect class="chart-mark" '
            f'x="2" y="1" width="8" height="10"/></svg> {html.escape(mark_name)} (outlined bars below)</li>'
        )
    return Markup('<ul class="chart-legend">' + "".join(items) + "</ul>")


@dataclass(frozen=True)
class ShareBar:
    """One companion entity: its name, page, and in how many of the subject's articles it appears."""

    name: str
    href: str
    count: int
    kind: str


def share_chart(bars: Sequence[ShareBar], total: int, *, chart_id: str, title: str) -> Markup:
    """Horizontal bars: for each entity, the share of ``total`` articles that also name it."""
    row = 22
    label_width = 230
    bar_space = 220
    width = label_width + bar_space + 70
    height = row * len(bars) + 4
    parts = [
        f'<svg class="chart share-chart" id="{_attr(chart_id)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{_attr(chart_id)}-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{_attr(chart_id)}-title">{html.escape(title)}</title>',
    ]
    for index, bar in enumerate(bars):
        y = 2 + index * row
        long = bar_space * bar.count / total if total else 0
        name = f"{bar.name}: named in {bar.count} of these {total} articles"
        label = bar.name if len(bar.name) <= 34 else bar.name[:33] + "…"
        parts.append(
            f'<a href="{_attr(bar.href)}" aria-label="{_attr(name)}"><title>{html.escape(name)}</title>'
            f'<rect class="chart-slot" x="0" y="{y}" width="{width}" height="{row - 2}"/>'
            f'<text class="share-label" x="{label_width - 6}" y="{y + 14}" text-anchor="end" aria-hidden="true">'
            f"{html.escape(label)}</text>"
            f'<rect class="chart-bar share-bar share-bar--{_attr(bar.kind)}" x="{label_width}" y="{y + 3}" '
            f'width="{_number(max(long, 1.5))}" height="{row - 8}"/>'
            f'<text class="chart-count" x="{_number(label_width + long + 5)}" y="{y + 14}" aria-hidden="true">'
            f"{bar.count}</text></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
