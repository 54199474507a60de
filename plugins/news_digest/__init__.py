"""News Digest: the Pelican plugin's entry module; register() connects signals."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path
from typing import Any

from pelican import signals

from .annotate_cache import CACHE_FILE
from .pages import enrich_articles, get_generators
from .pipeline import annotate_folder
from .publishing import get_generators as publishing_generators
from .settings import build_knowledge, build_settings

# Pelican drops an article without a date; undated ones get this and `undated`.
UNDATED_SENTINEL = dt.datetime(1970, 1, 1)


def annotate_seeds(pelican) -> None:
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


def date_undated(generator, metadata: dict[str, Any]) -> None:
    """Give an article whose Date_source is none the sentinel date, marked ``undated``."""
    if "date" not in metadata and metadata.get("date_source") == "none":
        metadata["date"] = UNDATED_SENTINEL
        metadata["undated"] = True


def register() -> None:
    signals.initialized.connect(annotate_seeds)
    signals.article_generator_context.connect(date_undated)
    signals.article_generator_finalized.connect(enrich_articles)
    signals.get_generators.connect(get_generators)
    signals.get_generators.connect(publishing_generators)
