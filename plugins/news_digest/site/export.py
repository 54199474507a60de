"""The site's data export: data/annotations.json and data/entities.csv.

annotations.json follows the annotate command's contract for every published
article: seed, slug, title, date, date_source, then each entity with kind, id,
name, its mentions (text, start, end into the cleaned text) and relevance. The
pipeline's own record of a seed is used when it matches the published page
(it also holds the headline's mentions); any other article (written by hand, or edited by hand since)
is described from its page. entities.csv lists every entity of the site. Pure
functions returning text; byte-identical for the same input.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..annotations import article_record
from .catalogue import ArticleFacts, EntitySummary, entity_sort_key

logger = logging.getLogger(__name__)

ANNOTATIONS_FILE = "data/annotations.json"
ENTITIES_FILE = "data/entities.csv"
CSV_COLUMNS = ("kind", "id", "name", "articles", "description", "wikidata")


def load_pipeline_records(path: Path) -> dict[str, dict]:
    """The annotate step's annotations.json by seed; missing or unreadable -> {} (logged)."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
        return {record["seed"]: record for record in data["articles"] if isinstance(record.get("seed"), str)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        logger.warning("ignored %s (its articles are read from their pages): %s", path, error)
        return {}


def site_annotations(articles: Sequence[ArticleFacts], pipeline: Mapping[str, dict] | None = None) -> dict:
    """Every published article's annotation, sorted by seed (then slug for articles without one)."""
    pipeline = pipeline or {}
    records = []
    for article in articles:
        seed = article.annotated.document.seed
        record = pipeline.get(seed)
        if not (record and record.get("slug") == article.slug):
            record = article_record(article.slug, article.annotated)
        records.append(record)
    records.sort(key=lambda record: (record.get("seed") or "", record.get("slug") or ""))
    return {"articles": records}


def dumps_annotations(data: dict) -> str:
    """The contract's layout: indent 2, UTF-8 text as is, trailing newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def entities_csv(summaries: Sequence[EntitySummary]) -> str:
    """kind, id, name, articles, description, wikidata; one row per entity, by kind then id."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for summary in sorted(summaries, key=lambda s: (entity_sort_key(s)[0], s.entity.id)):
        entity = summary.entity
        writer.writerow(
            (entity.kind, entity.id, entity.name, len(summary.articles), entity.description, entity.wikidata or "")
        )
    return buffer.getvalue()
