"""Pelican side of the site pages: enrich articles for the theme, then write the digest's pages.

``enrich_articles`` (on article_generator_finalized) reads every published
article back into catalogue values, resolves its entity names through the
knowledge base, orders the articles and attaches what the templates display
(entity chips, date with provenance, related articles, previous and next).
``SitePagesGenerator`` then writes one page and one Atom feed per entity,
tags.html (by count) and tags-by-name.html, the timeline (timeline.html, one
page per year and each entity's filter counts, see timeline.py) with the events
the articles mention, search-index.js and the data export. Templates only display.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import logging
import os
import pickle
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from feedgenerator import Atom1Feed
from markupsafe import Markup
from pelican.generators import Generator

from . import catalogue, charts, connections, export, search_index
from . import timeline as time_axis
from . import worldmap
from .catalogue import KIND_FIELDS, KIND_LABELS, ArticleFacts, DateLabel, EntitySummary, Timeline
from .events import Event, Vocabulary, find_events, load_vocabulary, merge_events
from .models import ENTITY_KINDS, Document, Entity
from .settings import DigestSettings, build_knowledge, build_settings

logger = logging.getLogger(__name__)

# Where the site model lives in Pelican's shared template context.
CONTEXT_KEY = "digest"
TAGS_BY_COUNT = "tags.html"
TAGS_BY_NAME = "tags-by-name.html"
TIMELINE = "timeline.html"
WORLD_MAP = "map.html"
CONNECTIONS = "connections.html"
RELATED_LIMIT = 5
# A card (front page, lists) shows this many of an article's entities, the most relevant,
# and "+N more" for the rest; the article page lists them all.
CARD_CHIPS = 5
# What each article's page facts are, read back from its HTML, kept between builds in CACHE_PATH.
FACTS_CACHE = "news-digest-facts.pickle"
FACTS_CACHE_FORMAT = 2
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
        return catalogue.mention_quote(fact, key) if fact else None

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


# --- settings and knowledge --------------------------------------------------------


def digest_settings(pelican_settings: Any) -> DigestSettings:
    """This build's NEWS_DIGEST (parsed once per build, in settings.py)."""
    return build_settings(pelican_settings)


# --- reading Pelican articles ------------------------------------------------------


def plain(value: object) -> str:
    """Metadata text that Pelican holds as HTML (titles) -> the words a reader sees."""
    return " ".join(Markup(str(value)).striptags().split()) if value is not None else ""


def _html_text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def _summary_text(article: Any, blocks: Sequence[Any], max_words: int) -> str:
    summary = article.metadata.get("summary")
    if summary:
        return _html_text(str(summary))
    lead = next((block.text for block in blocks if block.kind == "paragraph"), "")
    words = lead.split()
    return " ".join(words[:max_words]) + ("…" if len(words) > max_words else "")


def safe_source(value: object) -> str | None:
    """Only an http(s) address may become the source link."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    parts = urlsplit(url)
    return url if parts.scheme in {"http", "https"} and parts.hostname and " " not in url else None


def is_undated(article: Any) -> bool:
    metadata = article.metadata
    return bool(metadata.get("undated")) or metadata.get("date_source") == "none"


def article_facts(article: Any, kb: Any, settings: DigestSettings) -> ArticleFacts:
    """One Pelican article -> its catalogue facts (entities resolved, body read back)."""
    metadata = article.metadata
    undated = is_undated(article)
    date = None if undated else article.date.date()
    date_source = str(metadata.get("date_source") or ("none" if undated else "sources"))
    source = safe_source(metadata.get("source"))
    blocks, links = catalogue.read_body(article.content)
    descriptions = {link.key: link.description for link in links if link.description}
    names = {kind: catalogue.split_names(metadata.get(field)) for kind, field in KIND_FIELDS.items()}
    resolved = catalogue.resolve_entities(
        names, catalogue.parse_relevance(metadata.get("relevance")), kb.find, descriptions
    )
    document = Document(
        seed=str(metadata.get("seed") or Path(article.source_path).name),
        seed_hash=str(metadata.get("seed_hash") or ""),
        title=plain(article.title),
        blocks=(),
        date=date,
        date_source=date_source,  # type: ignore[arg-type]
        source_url=source,
        updated=str(metadata.get("updated", "")).strip().lower() in {"yes", "true"},
        # Related headlines are written as plain text (not HTML): shown as they are, escaped.
        related=tuple(" ".join(line.split()) for line in catalogue.as_list(metadata.get("related"))),
    )
    annotated, seen = catalogue.annotate(document, blocks, links, resolved, kb.get)
    site = (metadata.get("source_site") or (urlsplit(source).hostname or "").removeprefix("www.")) if source else None
    return ArticleFacts(
        slug=article.slug,
        url=article.url,
        annotated=annotated,
        summary=_summary_text(article, blocks, settings.summary_words),
        source_site=str(site) if site else None,
        mentions=seen,
    )


# --- building the site model ---------------------------------------------------------


def _view(entity: Entity, pattern: str, relevance: float = 0.0, count: int = 0) -> EntityView:
    return EntityView(entity, catalogue.entity_url(pattern, entity), relevance, count)


def _kind_groups(summaries: Sequence[EntitySummary], pattern: str, key: Any) -> tuple[KindGroup, ...]:
    grouped: dict[str, list[EntityView]] = defaultdict(list)
    for summary in sorted(summaries, key=key):
        grouped[summary.entity.kind].append(_view(summary.entity, pattern, count=len(summary.articles)))
    return tuple(
        KindGroup(kind, KIND_LABELS[kind][1], tuple(grouped[kind])) for kind in ENTITY_KINDS if grouped[kind]
    )


def build_site(
    facts: Sequence[ArticleFacts],
    pelican_articles: Mapping[str, Any],
    pattern: str,
    events: Mapping[str, tuple[Event, ...]],
    feeds: bool = False,
    entity_page_size: int = DigestSettings.entity_page_size,
) -> SiteView:
    """The site model from every article's facts; ``pelican_articles`` and ``events`` are keyed by url.

    ``feeds``: whether entity feeds are made (only when their absolute address is known).
    """
    ordered = tuple(sorted(facts, key=catalogue.newest_first_key))
    summaries = catalogue.entity_summaries(ordered)
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
                parts=entity_parts(url, listed, [fact.date for fact in members], entity_page_size),
                spellings=summary.spellings,
                companions=tuple(_view(entity, pattern, count=count) for entity, count in summary.companions),
            )
        )
    line: Timeline = catalogue.timeline(ordered)
    # Oldest article first, so a merged event lists the articles that mention it in reading order.
    events = merge_events(
        (fact.url, event)
        for fact in sorted(ordered, key=catalogue.oldest_first_key)
        for event in events[fact.url]
    )
    return SiteView(
        articles=tuple(pelican_articles[fact.url] for fact in ordered),
        entity_pages=tuple(pages),
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
        time_axis=time_axis.build_timeline(ordered, events),
    )


def _attach(article: Any, fact: ArticleFacts, pattern: str, related: Sequence[tuple[Any, float, tuple[str, ...]]]) -> None:
    """Give one Pelican article what its templates show."""
    groups: dict[str, list[EntityView]] = defaultdict(list)
    for tagged in fact.entities:
        groups[tagged.entity.kind].append(_view(tagged.entity, pattern, relevance=tagged.relevance))
    article.entity_groups = tuple(
        KindGroup(kind, KIND_LABELS[kind][1], tuple(groups[kind])) for kind in ENTITY_KINDS if groups[kind]
    )
    # The most relevant few for cards, still grouped by kind (the order of kinds and, within
    # a kind, the article's own order); ties keep the article's order.
    ranked = sorted(fact.entities, key=lambda tagged: -tagged.relevance)[:CARD_CHIPS]
    chosen = {tagged.entity.key for tagged in ranked}
    article.card_groups = tuple(
        KindGroup(group.kind, group.label, tuple(view for view in group.entities if view.key in chosen))
        for group in article.entity_groups
        if any(view.key in chosen for view in group.entities)
    )
    article.more_entities = len(fact.entities) - len(ranked)
    article.entity_keys = " ".join(fact.entity_keys)
    article.date_label = fact.date_label
    article.is_undated = fact.date is None
    article.plain_title = fact.title
    article.plain_summary = fact.summary
    article.source_link = fact.annotated.document.source_url
    article.source_site = fact.source_site
    article.is_updated = fact.annotated.document.updated
    article.related_reading = fact.annotated.document.related
    article.related_articles = tuple(related)


def _facts_key(article: Any, shared: str) -> str:
    """The hash of everything article_facts reads of ``article`` (body, metadata, address)."""
    digest = hashlib.sha256(shared.encode("utf-8"))
    metadata = sorted((str(key), str(value)) for key, value in article.metadata.items())
    for part in (article.content, repr(metadata), article.url, article.slug, str(article.title), str(article.date),
                 Path(article.source_path).name):
        digest.update(b"\0" + str(part).encode("utf-8"))
    return digest.hexdigest()


def _vocabulary_key(vocabulary: Vocabulary) -> str:
    # Sorted: a frozenset's repr changes order between processes.
    return repr((sorted(vocabulary.kinds), sorted(vocabulary.cues), vocabulary.verbs, sorted(vocabulary.abbreviations)))


FactsEntry = tuple[ArticleFacts, tuple[Event, ...]]


def _load_facts(path: Path | None) -> dict[str, FactsEntry]:
    if path is None:
        return {}
    try:
        with path.open("rb") as handle:
            version, entries = pickle.load(handle)
        return entries if version == FACTS_CACHE_FORMAT and isinstance(entries, dict) else {}
    except Exception:  # noqa: BLE001 - a missing, old or damaged cache is only slower
        return {}


def _save_facts(path: Path | None, entries: dict[str, FactsEntry], before: Mapping[str, FactsEntry]) -> None:
    if path is None or (entries.keys() == before.keys() and path.is_file()):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as handle:
        pickle.dump((FACTS_CACHE_FORMAT, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)


def all_facts(
    articles: Sequence[Any], kb: Any, settings: DigestSettings, vocabulary: Vocabulary, cache: Path | None
) -> tuple[list[ArticleFacts], dict[str, tuple[Event, ...]]]:
    """article_facts of every article and its events by url; with a ``cache`` file, unchanged articles
    are neither read back nor searched for events again.

    An article's entry is keyed by the hash of its body, metadata and address, the knowledge
    base, the event vocabulary, the settings and the plugin's code, so a kept entry is what reading gives.
    """
    from .sync import converter_version

    # Every module of the plugin, not only the converter's (converter_version's default):
    # this module and catalogue.py decide what the facts are.
    code = converter_version(files=("**/*.py",))
    shared = "\0".join((code, str(getattr(kb, "fingerprint", "")), _vocabulary_key(vocabulary), repr(settings)))
    before = _load_facts(cache)
    entries: dict[str, FactsEntry] = {}
    facts = []
    events: dict[str, tuple[Event, ...]] = {}
    for article in articles:
        key = _facts_key(article, shared)
        entry = before.get(key)
        if entry is None:
            fact = article_facts(article, kb, settings)
            entry = (fact, find_events(fact.annotated, vocabulary))
        entries[key] = entry
        facts.append(entry[0])
        events[entry[0].url] = entry[1]
    _save_facts(cache, entries, before)
    return facts, events


def enrich_articles(generator: Any) -> None:
    """article_generator_finalized: resolve entities, order articles, attach the theme's data."""
    settings = digest_settings(generator.settings)
    kb = build_knowledge(generator.settings)  # the one the converter loaded
    vocabulary = load_vocabulary()
    pattern = settings.entity_url
    articles = list(generator.articles)
    for article in articles:
        # Pelican formats Content.url from the settings on every read (tens of thousands on
        # entity pages and cards); its own override attribute pins the value it gives now.
        article.override_url = article.url
    by_url = {article.url: article for article in articles}
    cache = Path(generator.settings["CACHE_PATH"]) / FACTS_CACHE if generator.settings.get("CACHE_CONTENT") else None
    facts, events = all_facts(articles, kb, settings, vocabulary, cache)
    site = build_site(
        facts, by_url, pattern, events, feeds=bool(_feed_base(generator.settings)),
        entity_page_size=settings.entity_page_size,
    )

    related = catalogue.related_articles(site.facts, RELATED_LIMIT)
    for fact in site.facts:
        keys = set(fact.entity_keys)
        _attach(
            by_url[fact.url],
            fact,
            pattern,
            [
                (by_url[other.url], score, tuple(t.entity.name for t in other.entities if t.entity.key in keys))
                for other, score in related[fact.slug]
            ],
        )
    # Reading order for previous/next: undated first, then oldest to newest.
    chronological = sorted(site.facts, key=catalogue.oldest_first_key)
    for index, fact in enumerate(chronological):
        article = by_url[fact.url]
        article.previous_article = by_url[chronological[index - 1].url] if index > 0 else None
        article.next_article = by_url[chronological[index + 1].url] if index + 1 < len(chronological) else None

    # The front page, archives and feed list articles in the same order as the model.
    rank = {fact.url: index for index, fact in enumerate(site.facts)}
    generator.articles.sort(key=lambda article: rank[article.url])
    generator.dates.sort(key=lambda article: rank[article.url])
    generator.context[CONTEXT_KEY] = site


# --- writing -----------------------------------------------------------------------------


def _feed_base(settings: Mapping[str, Any]) -> str:
    """The public address feeds link to; "" when there is none, and then no feeds are made.

    Atom readers need absolute addresses, and an offline build has none to give.
    """
    for key in ("FEED_DOMAIN", "SITEURL"):
        value = str(settings.get(key) or "")
        if value.startswith(("http://", "https://")):
            return value.rstrip("/")
    return ""


def _as_datetime(date: dt.date | None) -> dt.datetime:
    # Undated articles carry the same sentinel date Pelican was given.
    day = date or dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def entity_feed(page: EntityPage, facts: Mapping[str, ArticleFacts], site_name: str, base: str) -> Atom1Feed:
    """The Atom feed of one entity's articles, newest first; deterministic (no clock)."""

    def link(target: str) -> str:
        return f"{base}/{target}"

    feed = Atom1Feed(
        title=f"{site_name} - {page.view.name}",
        link=link(page.view.url),
        description=page.view.description,
        language="en",
        feed_url=link(page.feed_url),
        feed_guid=link(page.feed_url),
    )
    for article in sorted(page.articles, key=lambda a: catalogue.newest_first_key(facts[a.url])):
        fact = facts[article.url]
        feed.add_item(
            title=fact.title,
            link=link(fact.url),
            # Atom marks the summary type="html", so a feed reader would run plain text as markup.
            description=html.escape(fact.summary, quote=False),
            unique_id=link(fact.url),
            pubdate=_as_datetime(fact.date),
        )
    return feed


def map_countries(site: SiteView) -> tuple[worldmap.MapCountry, ...]:
    """Every country with an ISO code that the articles name, most articles first."""
    found = [
        worldmap.MapCountry(page.view.entity.country, page.view.name, page.view.url, page.view.count)
        for page in site.entity_pages
        if page.view.kind == "country" and page.view.entity.country
    ]
    return tuple(sorted(found, key=lambda country: (-country.count, country.name.casefold(), country.code)))


def picture_pages(site: SiteView) -> list[str]:
    """The pages the timeline, map and connections add besides timeline.html (for the sitemap)."""
    names = [name for name, _, _ in timeline_pages(site) if name != TIMELINE]
    if map_countries(site):
        names.append(WORLD_MAP)
    if site.entity_pages:
        names.append(CONNECTIONS)
    return names


def timeline_pages(site: SiteView) -> list[tuple[str, str, dict[str, Any]]]:
    """(file name, template, template values) of every timeline page: overview, years, undated."""
    model = site.time_axis
    if model is None:
        return []
    common = {
        "timeline": model,
        "timeline_articles": {article.url: article for article in site.articles},
        "timeline_entities": site.entity_views,
    }
    found = [(TIMELINE, "timeline", common)]
    found += [(page.url, "timeline_year", {**common, "year_page": page}) for page in model.pages]
    if model.undated:
        found.append((time_axis.UNDATED, "timeline_undated", common))
    return found


class SitePagesGenerator(Generator):
    """Writes the digest's own pages from context["digest"], built by enrich_articles."""

    def generate_context(self) -> None:
        pass

    def _write(self, writer: Any, name: str, template: str, **kwargs: Any) -> None:
        writer.write_file(
            name,
            self.get_template(template),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False),
            page_name=name.removesuffix(".html"),
            **kwargs,
        )

    def _write_text(self, name: str, text: str) -> None:
        path = Path(self.output_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8", newline="\n")
        logger.info("Writing %s", path)

    def _write_map(self, writer: Any, site: SiteView) -> None:
        """map.html: the countries the articles name on a world map, each linked to its page."""
        covered = map_countries(site)
        if not covered:
            return
        shapes = worldmap.load_shapes()
        most = max(country.count for country in covered)
        self._write(
            writer,
            WORLD_MAP,
            "map",
            world_map=worldmap.world_map(shapes, covered),  # map.html is at the root: links as they are
            map_countries=covered,
            map_steps=worldmap.step_ranges(most),
        )

    def _write_timeline(self, writer: Any, site: SiteView) -> None:
        """The overview, one page per year, the undated articles, and each entity's filter counts."""
        for name, template, kwargs in timeline_pages(site):
            self._write(writer, name, template, **kwargs)
        if site.time_axis is not None:
            for key, (years, undated) in site.time_axis.entity_counts.items():
                self._write_text(time_axis.entity_data_url(key), time_axis.entity_script(key, years, undated))

    def generate_output(self, writer: Any) -> None:
        site: SiteView | None = self.context.get(CONTEXT_KEY)
        if site is None:
            logger.warning("no digest data: was enrich_articles connected? entity pages not written")
            return
        facts = {fact.url: fact for fact in site.facts}
        base = _feed_base(self.settings)
        for page in site.entity_pages:
            for part in page.parts:
                self._write(writer, part.url, "entity", entity_page=page, entity_part=part)
            if not page.feed_url:
                continue
            feed = entity_feed(page, facts, str(self.settings.get("SITENAME", "")), base)
            path = Path(self.output_path) / page.feed_url
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                feed.write(handle, "utf-8")
        self._write(writer, TAGS_BY_COUNT, "tags", tag_sort="count", tag_groups=site.by_count)
        self._write(writer, TAGS_BY_NAME, "tags", tag_sort="name", tag_groups=site.by_name)
        self._write_timeline(writer, site)
        self._write_map(writer, site)
        matrix = connections.cooccurrence(site.facts, site.entity_views)
        if matrix.entities:
            self._write(writer, CONNECTIONS, "connections", matrix=matrix)
        for name, text in search_index.index_files(site.facts, site.summaries, site.entity_url).items():
            self._write_text(name, text)
        settings = digest_settings(self.settings)
        pipeline = export.load_pipeline_records(
            Path(self.settings["PATH"]) / settings.articles_dir / "annotations.json"
        )
        self._write_text(export.ANNOTATIONS_FILE, export.dumps_annotations(export.site_annotations(site.facts, pipeline)))
        self._write_text(export.ENTITIES_FILE, export.entities_csv(site.summaries))


def get_generators(pelican: Any) -> type[Generator]:
    """get_generators: add the digest's page writer."""
    return SitePagesGenerator
