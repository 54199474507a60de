"""A published Pelican article (and its annotation record, if any) -> the site's ArticleFacts.

The article's metadata gives the headline, date, source and related reading;
its body HTML gives the text every mention offset indexes into. Its entities
come, for a generated article whose file is as the converter wrote it, from its
record in annotations.json, by key (records.py); for any other article (written
or edited by hand) from the names in its metadata and the links in its body
(by_name.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from markupsafe import Markup

from ..models import AnnotatedDocument, Block, Document
from ..settings import DigestSettings
from ..sync import State, inspect
from . import by_name, records
from .body import Link, read_body
from .facts import ArticleFacts, SeenMention


def plain(value: object) -> str:
    """Metadata text that Pelican holds as HTML (titles) -> the words a reader sees."""
    return " ".join(Markup(str(value)).striptags().split()) if value is not None else ""


def _html_text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def _summary_text(article: Any, blocks: Sequence[Block], max_words: int) -> str:
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


def seed_name(article: Any) -> str:
    """The seed an article was made from (its Seed line), or its file's name for one written by hand."""
    return str(article.metadata.get("seed") or Path(article.source_path).name)


def record_for(article: Any, records_by_seed: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The converter's record of ``article``, when its file is still exactly what the converter wrote.

    A file edited by hand is kept by the converter as it is, so its record (made from the
    seed) may no longer describe it; such a file, like one written by hand, has none.
    """
    record = records_by_seed.get(seed_name(article)) if article.metadata.get("seed") else None
    if record is None or inspect(Path(article.source_path)).state is not State.INTACT:
        return None
    return record


def _document(article: Any) -> Document:
    metadata = article.metadata
    undated = is_undated(article)
    return Document(
        seed=seed_name(article),
        seed_hash=str(metadata.get("seed_hash") or ""),
        title=plain(article.title),
        blocks=(),
        date=None if undated else article.date.date(),
        date_source=str(metadata.get("date_source") or ("none" if undated else "sources")),  # type: ignore[arg-type]
        source_url=safe_source(metadata.get("source")),
        updated=str(metadata.get("updated", "")).strip().lower() in {"yes", "true"},
        # Related headlines are written as plain text (not HTML): shown as they are, escaped.
        related=tuple(" ".join(line.split()) for line in by_name.as_list(metadata.get("related"))),
    )


def _by_name(
    article: Any, document: Document, links: Sequence[Link], kb: Any
) -> tuple[AnnotatedDocument, tuple[SeenMention, ...]]:
    """Entities from the metadata's names and the body's links (articles without a trusted record)."""
    metadata = article.metadata
    descriptions = {link.key: link.description for link in links if link.description}
    names = {kind: by_name.split_names(metadata.get(field)) for kind, field in by_name.KIND_FIELDS.items()}
    resolved = by_name.resolve_entities(
        names, by_name.parse_relevance(metadata.get("relevance")), kb.find, descriptions
    )
    return by_name.annotate(document, document.blocks, links, resolved, kb.get)


def article_facts(
    article: Any, kb: Any, settings: DigestSettings, record: Mapping[str, Any] | None = None
) -> ArticleFacts:
    """One Pelican article -> its facts; ``record`` is its trusted annotation record (see record_for)."""
    metadata = article.metadata
    blocks, links = read_body(article.content)
    document = replace(_document(article), blocks=blocks)
    entities = records.entities_by_key(record, article.slug, document, kb.get) if record is not None else None
    if entities is not None:
        annotated = AnnotatedDocument(document=document, entities=entities)
        seen = records.seen_mentions(annotated)
    else:
        annotated, seen = _by_name(article, document, links, kb)
    source = document.source_url
    site = (metadata.get("source_site") or (urlsplit(source).hostname or "").removeprefix("www.")) if source else None
    return ArticleFacts(
        slug=article.slug,
        url=article.url,
        annotated=annotated,
        summary=_summary_text(article, blocks, settings.summary_words),
        source_site=str(site) if site else None,
        mentions=seen,
    )
