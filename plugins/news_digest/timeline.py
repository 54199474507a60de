"""The timeline's pages: an overview of every year and one page per year, on one time axis.

Pure functions over the catalogue's ArticleFacts and the merged events. The
overview (timeline.html) has a slot for every year from the first to the last,
empty or not, so its spacing follows time; each year with articles or events
gets its own page (timeline-2012.html) with a slot for every month; a busy
year's months get pages of their own (timeline_pages.py), and undated articles
go PAGE_ITEMS a page, so no page grows with the digest. Events sit on the same
axis as the articles: in their month when the text gives a full date, else at the head of
their year. For the entity filter, each entity gets a tiny script with its
counts per year (timeline/<kind>/<id>.js), which the overview loads only when
a reader picks that entity; it assigns data, so it works from file://.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup

from .site.catalogue import ArticleFacts, MonthGroup, oldest_first_key
from .charts import Bar, density_chart
from .events import MergedEvent
from .timeline_pages import PAGE_ITEMS, SlotPage, slot_url, split_year

OVERVIEW = "timeline.html"
UNDATED = "timeline-undated.html"
ENTITY_DATA = "timeline/{key}.js"
# How many of a year's events the overview names (those most articles mention).
OVERVIEW_EVENTS = 3
# The entities the overview's filter offers: the most named of each kind (any other still
# filters from an address with ?entity=, as its entity page's chart links give).
OVERVIEW_FILTER = 150


def year_url(year: int) -> str:
    return f"timeline-{year}.html"


def undated_url(number: int = 1) -> str:
    return UNDATED if number == 1 else f"timeline-undated-{number}.html"


def entity_data_url(key: str) -> str:
    return ENTITY_DATA.format(key=key)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class MonthSlot(MonthGroup):
    """One month of a year page: its articles (named and anchored as the archives' months) and its events."""

    events: tuple[MergedEvent, ...]
    url: str = ""  # its own page when its year is split, "" when it is a section of the year page

    @property
    def empty(self) -> bool:
        return not self.articles and not self.events

    @property
    def href(self) -> str:
        """Where the year's chart and month list lead: its page, or its section of the year page."""
        return self.url or f"#{self.anchor}"


@dataclass(frozen=True)
class YearPage:
    """One year's page: twelve month slots, and the events known only by their year."""

    year: int
    months: tuple[MonthSlot, ...]
    year_events: tuple[MergedEvent, ...]
    previous: int | None = None
    next: int | None = None
    # A busy year's own pages (months and their parts); () when the year page lists everything.
    slot_pages: tuple[SlotPage, ...] = field(default=())

    @property
    def split(self) -> bool:
        return bool(self.slot_pages)

    @property
    def during_url(self) -> str:
        return slot_url(self.year, None) if self.split and self.year_events else ""

    @property
    def url(self) -> str:
        return year_url(self.year)

    @property
    def anchor(self) -> str:
        return f"y{self.year}"

    @property
    def article_count(self) -> int:
        return sum(len(month.articles) for month in self.months)

    @property
    def event_count(self) -> int:
        return len(self.year_events) + sum(len(month.events) for month in self.months)

    @cached_property
    def entity_keys(self) -> frozenset[str]:
        """Every entity its articles or its events' sentences name: the filter's choices (a set: the
        template tests each entity of the site against it)."""
        keys = {key for month in self.months for fact in month.articles for key in fact.entity_keys}
        keys.update(name for event in self.events for name in event.names)
        return frozenset(keys)

    @property
    def events(self) -> tuple[MergedEvent, ...]:
        return self.year_events + tuple(event for month in self.months for event in month.events)

    @property
    def chart(self) -> Markup:
        bars = [
            Bar(
                label=month.name[:3],
                value=len(month.articles),
                marks=len(month.events),
                name=f"{month.name} {self.year}: {_plural(len(month.articles), 'article', 'articles')}, "
                f"{_plural(len(month.events), 'event', 'events')} mentioned",
                href=month.href,
            )
            for month in self.months
        ]
        return density_chart(
            bars, chart_id=f"chart-{self.year}", title=f"Articles and events mentioned per month of {self.year}"
        )


@dataclass(frozen=True)
class YearRow:
    """One line of the overview: a year with content, or a run of empty years (first..last)."""

    first: int
    last: int
    articles: int = 0
    events: int = 0
    top_events: tuple[MergedEvent, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.articles and not self.events

    @property
    def span(self) -> int:
        return self.last - self.first + 1

    @property
    def url(self) -> str | None:
        return None if self.empty else year_url(self.first)


@dataclass(frozen=True)
class TimelineModel:
    """Everything the timeline pages show."""

    pages: tuple[YearPage, ...]
    rows: tuple[YearRow, ...]
    undated: tuple[ArticleFacts, ...]
    # entity key -> (((year, articles, events), ...), its undated articles), in key order
    entity_counts: Mapping[str, tuple[tuple[tuple[int, int, int], ...], int]]
    page_items: int = PAGE_ITEMS

    @property
    def undated_urls(self) -> tuple[str, ...]:
        """The undated articles' pages, PAGE_ITEMS a page."""
        return tuple(undated_url(n) for n in range(1, math.ceil(len(self.undated) / self.page_items) + 1))

    def undated_part(self, number: int) -> tuple[ArticleFacts, ...]:
        return self.undated[(number - 1) * self.page_items : number * self.page_items]

    def undated_keys(self, number: int) -> frozenset[str]:
        return frozenset(key for fact in self.undated_part(number) for key in fact.entity_keys)

    @cached_property
    def filter_keys(self) -> frozenset[str]:
        """The entities the overview's filter offers: the OVERVIEW_FILTER most named of each kind."""
        totals: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for key, (years, undated) in self.entity_counts.items():
            named = sum(articles + events for _year, articles, events in years) + undated
            totals[key.split("/", 1)[0]].append((-named, key))
        return frozenset(key for ranked in totals.values() for _, key in sorted(ranked)[:OVERVIEW_FILTER])

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(page.year for page in self.pages)

    @property
    def article_count(self) -> int:
        return sum(page.article_count for page in self.pages) + len(self.undated)

    @property
    def event_count(self) -> int:
        return sum(page.event_count for page in self.pages)

    @property
    def chart(self) -> Markup:
        bars = []
        for row in self.rows:
            for year in range(row.first, row.last + 1):
                bars.append(
                    Bar(
                        label=str(year),
                        value=row.articles,
                        marks=row.events,
                        name=f"{year}: {_plural(row.articles, 'article', 'articles')}, "
                        f"{_plural(row.events, 'event', 'events')} mentioned",
                        href=row.url,
                    )
                )
        first = self.rows[0].first if self.rows else 0
        last = self.rows[-1].last if self.rows else 0
        return density_chart(bars, chart_id="chart-years", title=f"Articles and events mentioned per year, {first} to {last}")


def build_timeline(
    facts: Iterable[ArticleFacts], events: Sequence[MergedEvent], page_items: int = PAGE_ITEMS
) -> TimelineModel:
    """The timeline of these articles and events; years run from the earliest to the latest of either."""
    ordered = sorted(facts, key=oldest_first_key)
    undated = tuple(fact for fact in ordered if fact.date is None)
    articles: dict[int, dict[int, list[ArticleFacts]]] = defaultdict(lambda: defaultdict(list))
    for fact in ordered:
        if fact.date is not None:
            articles[fact.date.year][fact.date.month].append(fact)
    dated_events: dict[int, dict[int, list[MergedEvent]]] = defaultdict(lambda: defaultdict(list))
    year_events: dict[int, list[MergedEvent]] = defaultdict(list)
    for event in sorted(events, key=lambda item: item.sort_key):
        if event.month:
            dated_events[event.year][event.month].append(event)
        else:
            year_events[event.year].append(event)
    years = sorted(set(articles) | set(dated_events) | set(year_events))
    pages = []
    for index, year in enumerate(years):
        months = tuple(
            MonthSlot(year, month, tuple(articles[year][month]), tuple(dated_events[year][month]))
            for month in range(1, 13)
        )
        page = YearPage(
            year,
            months,
            tuple(year_events[year]),
            previous=years[index - 1] if index > 0 else None,
            next=years[index + 1] if index + 1 < len(years) else None,
        )
        pages.append(split_year(page, page_items))
    rows: list[YearRow] = []
    for page in pages:
        if rows and page.year > rows[-1].last + 1:
            rows.append(YearRow(rows[-1].last + 1, page.year - 1))
        top = sorted(page.events, key=lambda event: (-len(event.sources), event.sort_key))[:OVERVIEW_EVENTS]
        rows.append(
            YearRow(page.year, page.year, page.article_count, page.event_count, tuple(sorted(top, key=lambda e: e.sort_key)))
        )
    return TimelineModel(tuple(pages), tuple(rows), undated, _entity_counts(ordered, events), page_items)


def _entity_counts(
    facts: Sequence[ArticleFacts], events: Sequence[MergedEvent]
) -> dict[str, tuple[tuple[tuple[int, int, int], ...], int]]:
    per_year: dict[str, Counter[int]] = defaultdict(Counter)
    per_year_events: dict[str, Counter[int]] = defaultdict(Counter)
    undated: Counter[str] = Counter()
    for fact in facts:
        for key in fact.entity_keys:
            if fact.date is None:
                undated[key] += 1
            else:
                per_year[key][fact.date.year] += 1
    for event in events:
        for key in event.names:
            per_year_events[key][event.year] += 1
    keys = sorted(set(per_year) | set(per_year_events) | set(undated))
    return {
        key: (
            tuple(
                (year, per_year[key][year], per_year_events[key][year])
                for year in sorted(set(per_year[key]) | set(per_year_events[key]))
            ),
            undated[key],
        )
        for key in keys
    }


def entity_chart(model: TimelineModel, key: str, name: str, root: str = "") -> Markup | None:
    """One entity's articles (and the events naming it) per year, every year from its first to its last.

    Each bar opens that year's timeline page filtered to the entity. None when it has no dated article or event.
    """
    years, _undated = model.entity_counts.get(key, ((), 0))
    if not years:
        return None
    counts = {year: (articles, events) for year, articles, events in years}
    pages = set(model.years)
    bars = []
    for year in range(years[0][0], years[-1][0] + 1):
        articles, events = counts.get(year, (0, 0))
        bars.append(
            Bar(
                label=str(year),
                value=articles,
                marks=events,
                name=f"{year}: {_plural(articles, 'article', 'articles')}, "
                f"{_plural(events, 'event', 'events')} mentioned naming {name}",
                href=f"{root}{year_url(year)}?entity={key}" if (articles or events) and year in pages else None,
            )
        )
    return density_chart(bars, chart_id="entity-chart", title=f"Articles naming {name} per year")


def entity_script(key: str, years: Sequence[tuple[int, int, int]], undated: int) -> str:
    """The script the overview's filter loads for one entity: its counts, handed to the page."""
    data = {"key": key, "years": {str(year): [count, events] for year, count, events in years}, "undated": undated}
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    # "</" can never end a script element it is pasted into, and U+2028 never breaks the line.
    text = text.replace("</", "<\\/")
    return f"window.newsDigestTimeline && window.newsDigestTimeline({text});\n"


def names_for(keys: Iterable[str], views: Mapping[str, object]) -> tuple[object, ...]:
    """The entity views of these keys that have a page, ordered as the views are."""
    wanted = set(keys)
    return tuple(view for key, view in views.items() if key in wanted)
