"""The offline search index: articles and entities as a .js file that assigns a global.

A browser cannot fetch() a JSON file from file://, but it can run a script, so
the index is JSON wrapped in one assignment (``window.NEWS_DIGEST_SEARCH = ...``).
The data is theme-independent: plain text and URLs relative to the site root.
Pure functions; pages.py writes the result to output/search-index.js.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .catalogue import ArticleFacts, EntitySummary, entity_url

GLOBAL_NAME = "NEWS_DIGEST_SEARCH"
INDEX_FILE = "search-index.js"
FORMAT_VERSION = 1


def index_data(
    articles: Sequence[ArticleFacts], entities: Sequence[EntitySummary], url_pattern: str
) -> dict:
    """What can be searched: every article (newest first) and every entity (by kind, name)."""
    return {
        "version": FORMAT_VERSION,
        "articles": [
            {
                "title": article.title,
                "url": article.url,
                "date": article.date.isoformat() if article.date else None,
                "summary": article.summary,
                "source": article.source_site,
                "entities": [tagged.entity.name for tagged in article.entities],
            }
            for article in articles
        ],
        "entities": [
            {
                "name": summary.entity.name,
                "kind": summary.entity.kind,
                "url": entity_url(url_pattern, summary.entity),
                "articles": len(summary.articles),
                # Other spellings let "Canadian" find Canada.
                "also": sorted(
                    {text for text, _count in summary.spellings if text.casefold() != summary.entity.name.casefold()}
                    | {alias for alias in summary.entity.aliases}
                ),
                "description": summary.entity.description,
            }
            for summary in entities
        ],
    }


def render_index(data: dict) -> str:
    """The index as JavaScript; ASCII only, so the page's encoding never matters.

    "<" is written as \\u003c, so the text could even sit inside a <script> element
    without a headline like "</script>" ending it.
    """
    payload = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.{GLOBAL_NAME} = {payload};\n"
