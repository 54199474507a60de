"""The site's catalogue: what spans the published articles, derived from their ArticleFacts.

Pure functions over plain values (no Pelican): the order articles are listed
in, related articles, one summary per entity (its articles, spellings and
companions), the timeline's groups by year and month, where an entity's page and
feed live, and the words around an entity's first mention. readback.py makes the
facts; model.py and the page writers hand the results to the templates.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..models import BLOCK_SEPARATOR, ENTITY_KINDS, Entity
from .facts import MONTHS, ArticleFacts

__all__ = [
    "ArticleFacts", "EntitySummary", "MonthGroup", "Timeline", "YearGroup", "by_count_key", "entity_sort_key",
    "entity_summaries", "entity_url", "feed_url", "mention_quote", "newest_first_key", "oldest_first_key",
    "related_articles", "timeline",
]  # fmt: skip


@dataclass(frozen=True)
class EntitySummary:
    """One entity across the site: its articles, spellings and companions."""

    entity: Entity
    articles: tuple[ArticleFacts, ...]
    spellings: tuple[tuple[str, int], ...] = ()
    companions: tuple[tuple[Entity, int], ...] = ()

    @property
    def key(self) -> str:
        return self.entity.key


@dataclass(frozen=True)
class MonthGroup:
    year: int
    month: int
    articles: tuple[ArticleFacts, ...]

    @property
    def name(self) -> str:
        return MONTHS[self.month - 1]

    @property
    def anchor(self) -> str:
        return f"y{self.year}-{self.month:02d}"


@dataclass(frozen=True)
class YearGroup:
    year: int
    months: tuple[MonthGroup, ...]

    @property
    def anchor(self) -> str:
        return f"y{self.year}"

    @property
    def count(self) -> int:
        return sum(len(month.articles) for month in self.months)


@dataclass(frozen=True)
class Timeline:
    years: tuple[YearGroup, ...] = ()
    undated: tuple[ArticleFacts, ...] = field(default=())


def newest_first_key(article: ArticleFacts) -> tuple:
    """Front-page order: newest first, undated last, then by title and slug."""
    ordinal = article.date.toordinal() if article.date else 0
    return (-ordinal, article.title.casefold(), article.slug)


def oldest_first_key(article: ArticleFacts) -> tuple:
    """Timeline order: oldest first, then by title and slug (undated kept apart)."""
    ordinal = article.date.toordinal() if article.date else 0
    return (ordinal, article.title.casefold(), article.slug)


# An entity more articles name than this (a common country, say) acts like a stop word for
# related articles: it brings in only its this-many most central articles as candidates, not
# all of them, so the work per article stays bounded however large the digest grows. Below
# it (nearly every entity at a few thousand articles) every article naming it is compared.
RELATED_CANDIDATES = 100


def _related_candidates(
    articles: Sequence[ArticleFacts], order: Mapping[str, tuple], cap: int
) -> dict[str, list[tuple[str, float]]]:
    """Entity key -> (slug, relevance) of the articles naming it; only the ``cap`` most relevant
    (ties newest first) of an entity named by more than ``cap`` articles."""
    by_entity: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for article in articles:
        for key, score in article.relevance().items():
            by_entity[key].append((article.slug, score))
    for key, members in by_entity.items():
        if len(members) > cap:
            by_entity[key] = heapq.nsmallest(cap, members, key=lambda item: (-item[1], order[item[0]]))
    return by_entity


def related_articles(
    articles: Sequence[ArticleFacts], limit: int = 5
) -> dict[str, tuple[tuple[ArticleFacts, float], ...]]:
    """For each article, the others sharing its entities, best first.

    A shared entity counts the product of its relevance in both articles, so two
    stories centred on the same law rank above two that only mention a country.
    An entity named by more than RELATED_CANDIDATES articles offers only its most
    central ones as candidates (see _related_candidates): near-linear work at any size.
    """
    by_slug = {article.slug: article for article in articles}
    # Each article's place in the order, once: the tie-break of every ranking below.
    order = {slug: newest_first_key(article) for slug, article in by_slug.items()}
    by_entity = _related_candidates(articles, order, RELATED_CANDIDATES)
    related: dict[str, tuple[tuple[ArticleFacts, float], ...]] = {}
    for article in articles:
        scores: dict[str, float] = defaultdict(float)
        for key, score in article.relevance().items():
            for slug, other_score in by_entity[key]:
                scores[slug] += score * other_score
        scores.pop(article.slug, None)  # not its own relative; the others keep their order
        # The same as sorting and keeping the first ``limit`` (ties keep their order), without the full sort.
        ranked = heapq.nsmallest(limit, scores.items(), key=lambda item: (-round(item[1], 6), order[item[0]]))
        related[article.slug] = tuple((by_slug[slug], round(score, 3)) for slug, score in ranked if score > 0)
    return related


def entity_summaries(articles: Iterable[ArticleFacts], companions: int = 10) -> tuple[EntitySummary, ...]:
    """One summary per entity named by any article, sorted by kind then name."""
    entities: dict[str, Entity] = {}
    members: dict[str, list[ArticleFacts]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        keys = set()
        for tagged in article.entities:
            entity = tagged.entity
            # The first article that describes an entity lends its description to the page.
            if entity.key not in entities or (not entities[entity.key].description and entity.description):
                entities[entity.key] = entity
            keys.add(entity.key)
            members[entity.key].append(article)
        for mention in article.mentions:
            if mention.key in keys:
                spellings[mention.key][mention.text] += 1
                if not entities[mention.key].description and mention.description:
                    entities[mention.key] = replace(entities[mention.key], description=mention.description)
    summaries = []
    for key, entity in entities.items():
        together: Counter[str] = Counter()
        for article in members[key]:
            together.update(other for other in article.entity_keys if other != key)
        ranked = sorted(together.items(), key=lambda item: (-item[1], entities[item[0]].name.casefold(), item[0]))
        summaries.append(
            EntitySummary(
                entity=entity,
                articles=tuple(sorted(members[key], key=lambda a: (a.date is None, oldest_first_key(a)))),
                spellings=tuple(sorted(spellings[key].items(), key=lambda item: (-item[1], item[0]))),
                companions=tuple((entities[other], count) for other, count in ranked[:companions]),
            )
        )
    return tuple(sorted(summaries, key=entity_sort_key))


def entity_sort_key(summary: EntitySummary) -> tuple:
    entity = summary.entity
    return (ENTITY_KINDS.index(entity.kind), entity.name.casefold(), entity.id)


def by_count_key(summary: EntitySummary) -> tuple:
    entity = summary.entity
    return (ENTITY_KINDS.index(entity.kind), -len(summary.articles), entity.name.casefold(), entity.id)


def timeline(articles: Iterable[ArticleFacts]) -> Timeline:
    """Articles oldest first, grouped by year and month; undated ones apart."""
    dated = sorted((a for a in articles if a.date is not None), key=oldest_first_key)
    undated = sorted((a for a in articles if a.date is None), key=oldest_first_key)
    years: list[YearGroup] = []
    by_year: dict[int, dict[int, list[ArticleFacts]]] = defaultdict(lambda: defaultdict(list))
    for article in dated:
        assert article.date is not None
        by_year[article.date.year][article.date.month].append(article)
    for year in sorted(by_year):
        months = tuple(MonthGroup(year, month, tuple(items)) for month, items in sorted(by_year[year].items()))
        years.append(YearGroup(year, months))
    return Timeline(tuple(years), tuple(undated))


def entity_url(pattern: str, entity: Entity) -> str:
    """Where an entity's page lives, relative to the site root."""
    return pattern.format(kind=entity.kind, id=entity.id)


def feed_url(pattern: str, entity: Entity) -> str:
    """The entity's Atom feed, next to its page."""
    return entity_url(pattern, entity).removesuffix(".html") + ".atom.xml"


# Words either side of a mention in an entity page's quote.
QUOTE_WORDS = 8


def mention_quote(article: ArticleFacts, key: str, words: int = QUOTE_WORDS) -> tuple[str, str, str] | None:
    """The first mention of an entity in the article's body, with a few words either side.

    (before, mention, after), each plain text; "…" marks a cut. None when the body never names it.
    """
    document = article.annotated.document
    text = document.text
    body_start = len(document.title)
    mention = next(
        (
            found
            for tagged in article.entities
            if tagged.entity.key == key
            for found in sorted(tagged.mentions, key=lambda m: m.start)
            if found.start > body_start
        ),
        None,
    )
    if mention is None:
        return None
    block_start = text.rfind(BLOCK_SEPARATOR, 0, mention.start)
    block_end = text.find(BLOCK_SEPARATOR, mention.end)
    block_start = 0 if block_start < 0 else block_start + len(BLOCK_SEPARATOR)
    block_end = len(text) if block_end < 0 else block_end
    before = text[block_start : mention.start].split()
    after = text[mention.end : block_end].split()
    lead = ("… " if len(before) > words else "") + " ".join(before[-words:])
    tail = " ".join(after[:words]) + (" …" if len(after) > words else "")
    space_before = " " if before and text[mention.start - 1 : mention.start].isspace() else ""
    space_after = " " if after and text[mention.end : mention.end + 1].isspace() else ""
    return (lead + space_before, mention.text, space_after + tail)
