"""A busy year's timeline pages: its months (and its year-only events) split into pages of their own.

A year page lists every article and event of its year while they number at most
PAGE_ITEMS; past that, split_year gives each month its own page
(timeline-2012-03.html), in parts of PAGE_ITEMS when a month alone has more
(timeline-2012-03-2.html), and the events known only by their year theirs
(timeline-2012-during.html), each linked to the page before and after it in the
year's order. Pure functions over timeline.py's values (its YearPage and MonthSlot).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from .site.catalogue import ArticleFacts, MonthGroup
from .events import MergedEvent

# Articles plus events one timeline page lists at most: a year with more is split by month,
# and a month with more into parts. An article line is 1.5 KB on average and up to 2.5 KB
# (its entity keys, for the filter), an event ~1 KB, and the filter lists the page's
# entities (~0.6 KB an article): at 10,000 articles, 200 undated articles made 425 KB.
# 100 keeps a page near 220 KB.
PAGE_ITEMS = 100


def slot_url(year: int, month: int | None, number: int = 1) -> str:
    """A busy year's month page: timeline-2012-03.html, its part 2 timeline-2012-03-2.html;
    ``month`` None: the events known only by their year, timeline-2012-during.html."""
    stem = f"timeline-{year}-" + (f"{month:02d}" if month else "during")
    return f"{stem}.html" if number == 1 else f"{stem}-{number}.html"


@dataclass(frozen=True)
class SlotPage:
    """One page of a busy year: a month's articles and events (or the year-only events), or part of them."""

    year: int
    month: int | None  # None: the events known only by their year
    articles: tuple[ArticleFacts, ...]
    events: tuple[MergedEvent, ...]
    number: int = 1
    count: int = 1
    previous: str | None = None  # the page before, in the year's order
    next: str | None = None
    previous_title: str = ""
    next_title: str = ""

    @property
    def url(self) -> str:
        return slot_url(self.year, self.month, self.number)

    @property
    def title(self) -> str:
        return f"{MonthGroup(self.year, self.month, ()).name} {self.year}" if self.month else f"During {self.year}"

    @property
    def anchor(self) -> str:
        return MonthGroup(self.year, self.month, ()).anchor if self.month else f"during-{self.year}"

    @property
    def part_urls(self) -> tuple[str, ...]:
        return tuple(slot_url(self.year, self.month, number) for number in range(1, self.count + 1))

    @cached_property
    def entity_keys(self) -> frozenset[str]:
        keys = {key for fact in self.articles for key in fact.entity_keys}
        keys.update(name for event in self.events for name in event.names)
        return frozenset(keys)


def _parts(
    year: int, month: int | None, articles: Sequence[ArticleFacts], events: Sequence[MergedEvent], size: int
) -> list[SlotPage]:
    """One month's (or the year-only events') pages of at most ``size`` items: articles first, then events."""
    items: list[tuple[str, object]] = [("article", fact) for fact in articles] + [("event", e) for e in events]
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    return [
        SlotPage(
            year,
            month,
            tuple(item for kind, item in chunk if kind == "article"),  # type: ignore[misc]
            tuple(item for kind, item in chunk if kind == "event"),  # type: ignore[misc]
            number=number,
            count=len(chunks),
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


def split_year(page: Any, page_items: int = PAGE_ITEMS) -> Any:
    """The year page as it is when it lists at most ``page_items`` articles and events; else the
    same year with its months (and its year-only events) on pages of their own, linked in order."""
    if page.article_count + page.event_count <= page_items:
        return page
    slots = _parts(page.year, None, (), page.year_events, page_items)
    months = []
    for month in page.months:
        parts = _parts(page.year, month.month, month.articles, month.events, page_items)
        slots += parts
        months.append(replace(month, url=parts[0].url) if parts else month)
    linked = []
    for index, slot in enumerate(slots):
        before = slots[index - 1] if index > 0 else None
        after = slots[index + 1] if index + 1 < len(slots) else None
        linked.append(
            replace(
                slot,
                previous=before.url if before else None,
                next=after.url if after else None,
                previous_title=_part_title(before),
                next_title=_part_title(after),
            )
        )
    return replace(page, months=tuple(months), slot_pages=tuple(linked))


def _part_title(slot: SlotPage | None) -> str:
    if slot is None:
        return ""
    return slot.title + (f", part {slot.number}" if slot.count > 1 else "")
