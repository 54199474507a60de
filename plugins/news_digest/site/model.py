"""The site model: every article's facts -> the SiteView and each article's ArticleView.

Pure functions over ArticleFacts and the (opaque) Pelican articles they describe,
keyed by URL: the hooks hand them in and attach what comes out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from .. import timeline as time_axis
from ..events import Event, merge_events
from ..models import ENTITY_KINDS, Entity
from ..settings import DigestSettings
from . import catalogue
from .catalogue import EntitySummary
from .facts import KIND_LABELS, ArticleFacts
from .views import ArticleView, EntityPage, EntityPart, EntityView, KindGroup, SiteView, TimelineView

RELATED_LIMIT = 5
# A card (front page, lists) shows this many of an article's entities, the most relevant,
# and "+N more" for the rest; the article page lists them all.
CARD_CHIPS = 5


def part_url(url: str, number: int) -> str:
    """Page ``number`` of the entity page at ``url``: canada.html, canada.page-2.html, ...

    The dot keeps the name apart from every entity id (ids are letters, digits and hyphens).
    """
    return url if number == 1 else f"{url.removesuffix('.html')}.page-{number}.html"


def entity_parts(url: str, articles: Sequence[Any], dates: Sequence[dt.date | None], size: int) -> tuple[EntityPart, ...]:
    """Split ``articles`` (in page order, with their dates) into pages of ``size``, each grouped by year."""
    parts = []
    for start in range(0, max(len(articles), 1), size):
        years: dict[str, list[Any]] = defaultdict(list)
        for article, date in zip(articles[start : start + size], dates[start : start + size]):
            years[str(date.year) if date else "Undated"].append(article)
        number = start // size + 1
        parts.append(EntityPart(number, part_url(url, number), tuple((y, tuple(items)) for y, items in years.items())))
    return tuple(parts)


def _view(entity: Entity, pattern: str, relevance: float = 0.0, count: int = 0) -> EntityView:
    return EntityView(entity, catalogue.entity_url(pattern, entity), relevance, count)


def _kind_groups(summaries: Sequence[EntitySummary], pattern: str, key: Any) -> tuple[KindGroup, ...]:
    grouped: dict[str, list[EntityView]] = defaultdict(list)
    for summary in sorted(summaries, key=key):
        grouped[summary.entity.kind].append(_view(summary.entity, pattern, count=len(summary.articles)))
    return tuple(
        KindGroup(kind, KIND_LABELS[kind][1], tuple(grouped[kind])) for kind in ENTITY_KINDS if grouped[kind]
    )


def _entity_pages(
    summaries: Sequence[EntitySummary], pelican_articles: Mapping[str, Any], pattern: str, feeds: bool, size: int
) -> tuple[EntityPage, ...]:
    pages = []
    for summary in summaries:
        # Newest first, undated last, as on the front page: page 1 holds the latest news.
        members = sorted(summary.articles, key=catalogue.newest_first_key)
        listed = tuple(pelican_articles[fact.url] for fact in members)
        url = catalogue.entity_url(pattern, summary.entity)
        pages.append(
            EntityPage(
                view=_view(summary.entity, pattern, count=len(summary.articles)),
                feed_url=catalogue.feed_url(pattern, summary.entity) if feeds else "",
                articles=listed,
                parts=entity_parts(url, listed, [fact.date for fact in members], size),
                spellings=summary.spellings,
                companions=tuple(_view(entity, pattern, count=count) for entity, count in summary.companions),
            )
        )
    return tuple(pages)


def build_site(
    facts: Sequence[ArticleFacts],
    pelican_articles: Mapping[str, Any],
    pattern: str,
    events: Mapping[str, tuple[Event, ...]],
    feeds: bool = False,
    entity_page_size: int = DigestSettings.entity_page_size,
    records: Mapping[str, dict] | None = None,
) -> SiteView:
    """The site model from every article's facts; ``pelican_articles`` and ``events`` are keyed by url.

    ``feeds``: whether entity feeds are made (only when their absolute address is known).
    """
    ordered = tuple(sorted(facts, key=catalogue.newest_first_key))
    summaries = catalogue.entity_summaries(ordered)
    line = catalogue.timeline(ordered)
    # Oldest article first, so a merged event lists the articles that mention it in reading order.
    merged = merge_events(
        (fact.url, event)
        for fact in sorted(ordered, key=catalogue.oldest_first_key)
        for event in events[fact.url]
    )
    return SiteView(
        articles=tuple(pelican_articles[fact.url] for fact in ordered),
        entity_pages=_entity_pages(summaries, pelican_articles, pattern, feeds, entity_page_size),
        by_count=_kind_groups(summaries, pattern, catalogue.by_count_key),
        by_name=_kind_groups(summaries, pattern, catalogue.entity_sort_key),
        timeline=TimelineView(
            years=tuple(
                (year, tuple((month, tuple(pelican_articles[f.url] for f in month.articles)) for month in year.months))
                for year in line.years
            ),
            undated=tuple(pelican_articles[fact.url] for fact in line.undated),
        ),
        facts=ordered,
        summaries=summaries,
        entity_url=pattern,
        time_axis=time_axis.build_timeline(ordered, merged),
        records=dict(records or {}),
    )


def article_view(
    fact: ArticleFacts,
    pattern: str,
    related: Sequence[tuple[Any, float, tuple[str, ...]]] = (),
    previous: Any = None,
    following: Any = None,
) -> ArticleView:
    """What one article's templates show: its chips by kind, date, source and neighbours."""
    groups: dict[str, list[EntityView]] = defaultdict(list)
    for tagged in fact.entities:
        groups[tagged.entity.kind].append(_view(tagged.entity, pattern, relevance=tagged.relevance))
    entity_groups = tuple(
        KindGroup(kind, KIND_LABELS[kind][1], tuple(groups[kind])) for kind in ENTITY_KINDS if groups[kind]
    )
    # The most relevant few for cards, still grouped by kind (the order of kinds and, within
    # a kind, the article's own order); ties keep the article's order.
    ranked = sorted(fact.entities, key=lambda tagged: -tagged.relevance)[:CARD_CHIPS]
    chosen = {tagged.entity.key for tagged in ranked}
    document = fact.annotated.document
    return ArticleView(
        title=fact.title,
        summary=fact.summary,
        date_label=fact.date_label,
        entity_groups=entity_groups,
        card_groups=tuple(
            KindGroup(group.kind, group.label, tuple(view for view in group.entities if view.key in chosen))
            for group in entity_groups
            if any(view.key in chosen for view in group.entities)
        ),
        more_entities=len(fact.entities) - len(ranked),
        entity_keys=" ".join(fact.entity_keys),
        source_link=document.source_url,
        source_site=fact.source_site,
        is_updated=document.updated,
        related_reading=document.related,
        related=tuple(related),
        previous=previous,
        next=following,
    )


def article_views(site: SiteView, pelican_articles: Mapping[str, Any]) -> dict[str, ArticleView]:
    """Every article's view by URL, with its related articles and its neighbours in reading order."""
    related = catalogue.related_articles(site.facts, RELATED_LIMIT)
    # Reading order for previous/next: undated first, then oldest to newest.
    chronological = sorted(site.facts, key=catalogue.oldest_first_key)
    views = {}
    for index, fact in enumerate(chronological):
        keys = set(fact.entity_keys)
        shared = [
            (pelican_articles[other.url], score, tuple(t.entity.name for t in other.entities if t.entity.key in keys))
            for other, score in related[fact.slug]
        ]
        previous = pelican_articles[chronological[index - 1].url] if index > 0 else None
        following = pelican_articles[chronological[index + 1].url] if index + 1 < len(chronological) else None
        views[fact.url] = article_view(fact, site.entity_url, shared, previous, following)
    return views
