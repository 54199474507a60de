"""The plugin's Pelican hooks: the only code that takes Pelican's objects and hands them to the plugin.

By phase: ``annotate_seeds`` (initialized) converts the seeds into Markdown
articles; ``date_undated`` (article_generator_context) dates an undated article;
``enrich_articles`` (article_generator_finalized) reads every article into facts,
builds the site model and attaches each article's view as ``article.digest``;
``get_generators`` adds the writer of the digest's own pages.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path
from typing import Any

from pelican.generators import Generator
from pelican.urlwrappers import Category

from .annotate_cache import CACHE_FILE
from .annotations import FILE_NAME as ANNOTATIONS_FILE
from .events import load_vocabulary
from .pipeline import annotate_folder
from .settings import build_knowledge, build_settings
from .site import model
from .site.export import load_pipeline_records
from .site.facts_cache import FACTS_CACHE, all_facts
from .site.feeds import feed_base
from .site.generator import CONTEXT_KEY, SitePagesGenerator
from .site.readback import article_facts, record_for

# Pelican drops an article without a date; undated ones get this and `undated`.
UNDATED_SENTINEL = dt.datetime(1970, 1, 1)


def annotate_seeds(pelican: Any) -> None:
    """Before Pelican reads content, turn the seeds into Markdown articles.

    Relative NEWS_DIGEST paths are taken from the current directory. A
    configuration error, or a skipped seed in strict mode, fails the build.
    """
    settings = build_settings(pelican.settings)
    if not settings.annotate_on_build:
        return
    article_dir = posixpath.dirname(pelican.settings.get("ARTICLE_URL", "articles/{slug}.html"))
    out = Path(pelican.settings["PATH"]) / settings.articles_dir
    kb = build_knowledge(pelican.settings)  # loaded once: the site's pages use it too
    # With Pelican's content cache on, unchanged seeds' annotations are kept next to it.
    caching = pelican.settings.get("CACHE_CONTENT")
    cache = Path(pelican.settings["CACHE_PATH"]) / CACHE_FILE if caching else None
    annotate_folder(settings.seeds, out, settings, article_dir=article_dir, kb=kb, cache_file=cache)


def date_undated(generator: Any, metadata: dict[str, Any]) -> None:
    """Give an article whose Date_source is none the sentinel date, marked ``undated``."""
    if "date" not in metadata and metadata.get("date_source") == "none":
        metadata["date"] = UNDATED_SENTINEL
        metadata["undated"] = True


def enrich_articles(generator: Any) -> None:
    """article_generator_finalized: read the articles, order them, attach each one's ``digest`` view."""
    settings = build_settings(generator.settings)
    kb = build_knowledge(generator.settings)  # the one the converter loaded
    records = load_pipeline_records(Path(generator.settings["PATH"]) / settings.articles_dir / ANNOTATIONS_FILE)
    articles = list(generator.articles)
    for article in articles:
        # Pelican formats Content.url from the settings on every read (tens of thousands on
        # entity pages and cards); its own override attribute pins the value it gives now.
        article.override_url = article.url
    by_url = {article.url: article for article in articles}
    caching = generator.settings.get("CACHE_CONTENT")
    cache = Path(generator.settings["CACHE_PATH"]) / FACTS_CACHE if caching else None
    # Only a record that still describes its article's page is read (and exported) for it.
    trusted = {article.url: record_for(article, records) for article in articles}
    facts, events = all_facts(articles, kb, settings, load_vocabulary(), cache, trusted)
    site = model.build_site(
        facts, by_url, settings.entity_url, events, feeds=bool(feed_base(generator.settings)),
        entity_page_size=settings.entity_page_size,
        records={record["seed"]: record for record in trusted.values() if record is not None},
    )
    for url, view in model.article_views(site, by_url).items():
        by_url[url].digest = view
    # A draft is no part of the site (no entity page lists it) but its page shows its own facts.
    for draft in (*getattr(generator, "drafts", ()), *getattr(generator, "drafts_translations", ())):
        fact = article_facts(draft, kb, settings, record_for(draft, records))
        draft.digest = model.article_view(fact, settings.entity_url)
        # The site writes no category pages, so Pelican gives no article a category, yet its
        # draft writer reads one unguarded; without this a single draft stops the build.
        if not hasattr(draft, "category"):
            draft.category = Category(generator.settings["DEFAULT_CATEGORY"], generator.settings)
    # The front page, archives and feed list articles in the same order as the model.
    rank = {fact.url: index for index, fact in enumerate(site.facts)}
    generator.articles.sort(key=lambda article: rank[article.url])
    generator.dates.sort(key=lambda article: rank[article.url])
    generator.context[CONTEXT_KEY] = site


def get_generators(pelican: Any) -> type[Generator]:
    """get_generators: add the digest's page writer."""
    return SitePagesGenerator
