"""The typed values templates read: ``article.digest`` (ArticleView) and ``context["digest"]`` (SiteView).

Templates only display: every label, group, link target and figure is computed
here or in model.py, never in a template.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .. import charts
from .. import timeline as time_axis
from ..models import Entity
from .catalogue import EntitySummary, mention_quote
from .facts import KIND_LABELS, ArticleFacts, DateLabel

_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")


@dataclass(frozen=True)
class EntityView:
    """An entity as a page shows it: the entity, its page's URL from the root, and a figure."""

    entity: Entity
    url: str
    relevance: float = 0.0
    count: int = 0

    @property
    def name(self) -> str:
        return self.entity.name

    @property
    def kind(self) -> str:
        return self.entity.kind

    @property
    def key(self) -> str:
        return self.entity.key

    @property
    def description(self) -> str:
        return self.entity.description

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.entity.kind][0]

    @property
    def wikidata_url(self) -> str | None:
        qid = self.entity.wikidata
        return f"https://www.wikidata.org/wiki/{qid}" if qid and _WIKIDATA_ID.fullmatch(qid) else None


@dataclass(frozen=True)
class KindGroup:
    """Entities of one kind, e.g. ("country", "Countries", (...))."""

    kind: str
    label: str
    entities: tuple[EntityView, ...]


@dataclass(frozen=True)
class ArticleView:
    """What an article's page and every card or line about it show (``article.digest``).

    ``related`` holds (Pelican article, score, names of the shared entities), best first;
    ``previous`` and ``next`` are the neighbouring Pelican articles in reading order.
    """

    title: str
    summary: str
    date_label: DateLabel
    entity_groups: tuple[KindGroup, ...]
    card_groups: tuple[KindGroup, ...]  # the most relevant few, for cards
    more_entities: int  # how many the card leaves out
    entity_keys: str  # space-separated, for the timeline's filters
    source_link: str | None
    source_site: str | None
    is_updated: bool
    related_reading: tuple[str, ...]
    related: tuple[tuple[Any, float, tuple[str, ...]], ...] = ()
    previous: Any = None
    next: Any = None

    @property
    def is_undated(self) -> bool:
        return self.date_label.iso is None


@dataclass(frozen=True)
class EntityPart:
    """One page of an entity's article list: its number (from 1), address and articles by year."""

    number: int
    url: str
    years: tuple[tuple[str, tuple[Any, ...]], ...]  # ("2014", articles) ... ("Undated", ...)


@dataclass(frozen=True)
class EntityPage:
    """Everything an entity's page shows; a long article list is split into parts, one file each."""

    view: EntityView
    feed_url: str  # "" when the build makes no feeds (no absolute SITEURL to give them)
    articles: tuple[Any, ...]  # Pelican articles, newest first, undated last
    parts: tuple[EntityPart, ...]
    spellings: tuple[tuple[str, int], ...]
    companions: tuple[EntityView, ...]

    @property
    def years(self) -> tuple[tuple[str, tuple[Any, ...]], ...]:
        """The first page's articles by year."""
        return self.parts[0].years

    @property
    def page_urls(self) -> tuple[str, ...]:
        return tuple(part.url for part in self.parts)


@dataclass(frozen=True)
class TimelineView:
    years: tuple[tuple[Any, tuple[tuple[Any, tuple[Any, ...]], ...]], ...]  # (YearGroup, ((MonthGroup, articles)...))
    undated: tuple[Any, ...]


@dataclass(frozen=True)
class SiteView:
    """The whole digest as the templates see it (context["digest"])."""

    articles: tuple[Any, ...]
    entity_pages: tuple[EntityPage, ...]
    by_count: tuple[KindGroup, ...]
    by_name: tuple[KindGroup, ...]
    timeline: TimelineView
    facts: tuple[ArticleFacts, ...]
    summaries: tuple[EntitySummary, ...]
    entity_url: str
    # The timeline pages (overview, one per year) with the merged events; see timeline.py.
    time_axis: time_axis.TimelineModel | None = None
    # The converter's annotations.json records, by seed, of the articles they still describe (the data export).
    records: Mapping[str, dict] = field(default_factory=dict)

    @functools.cached_property
    def entity_views(self) -> dict[str, EntityView]:
        """Every entity's view by key, in kind then name order (the filters' choices)."""
        return {page.view.key: page.view for page in self.entity_pages}

    def entity_chart(self, key: str, root: str = "") -> Markup | None:
        """The entity page's chart of its articles per year; ``root`` leads from the page to the site root."""
        view = self.entity_views.get(key)
        if self.time_axis is None or view is None:
            return None
        return time_axis.entity_chart(self.time_axis, key, view.name, root)

    @functools.cached_property
    def facts_by_url(self) -> dict[str, ArticleFacts]:
        return {fact.url: fact for fact in self.facts}

    def mention_quote(self, key: str, url: str) -> tuple[str, str, str] | None:
        """How the article at ``url`` names the entity: (words before, the mention, words after)."""
        fact = self.facts_by_url.get(url)
        return mention_quote(fact, key) if fact else None

    def companion_chart(self, page: EntityPage, root: str = "") -> Markup | None:
        """The entity page's bars of the entities most often named in the same articles."""
        if not page.companions:
            return None
        return charts.share_chart(
            [charts.ShareBar(other.name, root + other.url, other.count, other.kind) for other in page.companions],
            page.view.count,
            chart_id="companion-chart",
            title=f"Entities most often named in the same articles as {page.view.name}",
        )

    @property
    def entity_count(self) -> int:
        return len(self.entity_pages)
