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


def record_text(slug: str, annotated: AnnotatedDocument) -> str:
    """One article's entry as it appears in the file (indented for its place in the list).

    The file is these pieces joined by ``join_records``, so a run can keep the piece of
    an unchanged article instead of encoding it again (json's indenting encoder is slow).
    """
    text = json.dumps(article_record(slug, annotated), ensure_ascii=False, indent=2)
    return "\n".join("    " + line for line in text.split("\n"))


def join_records(pieces: Iterable[tuple[str, str]]) -> str:
    """The whole file from ``(seed, record_text)`` pairs: the same bytes as json.dumps of the records."""
    ordered = [text for _seed, text in sorted(pieces, key=lambda piece: piece[0])]
    if not ordered:
        return json.dumps({"articles": []}, indent=2) + "\n"
    return '{\n  "articles": [\n' + ",\n".join(ordered) + "\n  ]\n}\n"


def dumps(articles: Iterable[tuple[str, AnnotatedDocument]]) -> str:
    """The whole annotations.json text for ``(slug, annotated)`` pairs."""
    return join_records((annotated.document.seed, record_text(slug, annotated)) for slug, annotated in articles)
