"""The annotations.json contract: every converted article's entities, for other programs.

    {"articles": [{"seed": "000_x.txt", "slug": "...", "title": "...",
                   "date": "2014-05-14" or null, "date_source": "sources|dateline|none",
                   "entities": [{"kind": "...", "id": "...", "name": "...",
                                 "mentions": [{"text": "...", "start": 0, "end": 8}],
                                 "relevance": 0.93}]}]}

Keys appear in exactly this order; articles are sorted by seed file name and
entities keep the tagger's order (kind, then relevance, then name). Mention
offsets index the article's cleaned text: headline, blank line, blocks
separated by blank lines. The text is UTF-8, indented by two spaces, ends with
a newline and is byte-identical for the same inputs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .models import AnnotatedDocument, TaggedEntity

FILE_NAME = "annotations.json"
# Enough to order entities; fewer digits keep float noise out of the file.
RELEVANCE_DIGITS = 4


def _entity(tagged: TaggedEntity) -> dict[str, Any]:
    return {
        "kind": tagged.entity.kind,
        "id": tagged.entity.id,
        "name": tagged.entity.name,
        "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in tagged.mentions],
        "relevance": round(float(tagged.relevance), RELEVANCE_DIGITS),
    }


def article_record(slug: str, annotated: AnnotatedDocument) -> dict[str, Any]:
    """One article's entry, keys in contract order."""
    document = annotated.document
    return {
        "seed": document.seed,
        "slug": slug,
        "title": document.title,
        "date": document.date.isoformat() if document.date else None,
        "date_source": document.date_source,
        "entities": [_entity(tagged) for tagged in annotated.entities],
    }


def dumps(articles: Iterable[tuple[str, AnnotatedDocument]]) -> str:
    """The whole annotations.json text for ``(slug, annotated)`` pairs."""
    records = sorted(
        (article_record(slug, annotated) for slug, annotated in articles), key=lambda r: r["seed"]
    )
    return json.dumps({"articles": records}, ensure_ascii=False, indent=2) + "\n"
