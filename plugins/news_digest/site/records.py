"""A generated article's entities by key, from the record the converter wrote in annotations.json.

The converter writes each article's entities once, by key, with their kinds,
names, relevance and mention offsets (annotations.py). The site reads a
generated article's entities from there instead of matching the names in its
metadata back to keys. A record is used only when it still describes the page:
the article file is as the converter wrote it, the slug and headline agree, and
every mention's words are found at its offsets in the text read back from the
page; otherwise the article is read like a hand-written one (by_name.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from ..models import ENTITY_KINDS, AnnotatedDocument, Document, Entity, Mention, TaggedEntity
from .facts import SeenMention

logger = logging.getLogger(__name__)

# The precision of the articles' Relevance line: a generated article ranks the same whether its
# record is trusted or it has been edited by hand and is read from its metadata.
RELEVANCE_DIGITS = 2

KeyFinder = Callable[[str], Entity | None]


def _mentions(raw: Any, text: str) -> tuple[Mention, ...] | None:
    """The record's mentions of one entity, or None when one is not where the record says."""
    mentions = []
    for item in raw:
        mention = Mention(str(item["text"]), int(item["start"]), int(item["end"]))
        if not (0 <= mention.start < mention.end <= len(text)) or text[mention.start : mention.end] != mention.text:
            return None
        mentions.append(mention)
    return tuple(mentions)


def _tagged(item: Mapping[str, Any], text: str, get: KeyFinder) -> TaggedEntity | None:
    kind, entity_id, name = str(item["kind"]), str(item["id"]), str(item["name"])
    relevance = float(item["relevance"])
    mentions = _mentions(item["mentions"], text)
    if kind not in ENTITY_KINDS or not entity_id or mentions is None or not 0.0 <= relevance <= 1.0:
        return None
    entity = get(f"{kind}/{entity_id}") or Entity(id=entity_id, kind=kind, name=name, known=False)  # type: ignore[arg-type]
    return TaggedEntity(entity=entity, mentions=mentions, relevance=round(relevance, RELEVANCE_DIGITS))


def entities_by_key(
    record: Mapping[str, Any], slug: str, document: Document, get: KeyFinder
) -> tuple[TaggedEntity, ...] | None:
    """The record's entities, each the knowledge base's entity of its key (or an unlisted one of that key).

    None when the record does not describe ``document`` published as ``slug``.
    """
    if record.get("slug") != slug or record.get("title") != document.title:
        return None
    text = document.text
    tagged: list[TaggedEntity] = []
    seen: set[str] = set()
    try:
        for item in record["entities"]:
            entity = _tagged(item, text, get)
            if entity is None or entity.entity.key in seen:
                return None
            seen.add(entity.entity.key)
            tagged.append(entity)
    except (KeyError, TypeError, ValueError):
        return None
    return tuple(tagged)


def seen_mentions(annotated: AnnotatedDocument) -> tuple[SeenMention, ...]:
    """The body's mentions in reading order (the headline's are not in the body), as its links show them."""
    body_start = annotated.document.block_starts[0] if annotated.document.blocks else len(annotated.document.text)
    found = sorted([
        (mention.start, mention.end, tagged.entity)
        for tagged in annotated.entities
        for mention in tagged.mentions
        if mention.start >= body_start
    ], key=lambda found: found[:2])
    text = annotated.document.text
    # A link's tooltip describes listed entities only (render.py), so only they lend a description.
    return tuple(
        SeenMention(entity.key, text[start:end], entity.description if entity.known else "")
        for start, end, entity in found
    )
