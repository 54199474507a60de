"""Keeps the search index between builds: the same inputs give the files of the last build back.

search_index.index_files reads every article's words, so it costs about 3 s of CPU
per 1,000 articles on every build, even when nothing changed. Its result depends
only on what search_docs keeps of each article, on each entity (names, spellings,
article count), on the entity URL pattern and on search_index.py itself; the hash
of those keys a pickle in the build's cache folder, and a build whose hash matches
reads the files back instead. Same inputs, same bytes, whether read or made.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path

from . import search_index
from .site.catalogue import ArticleFacts, EntitySummary

CACHE_FILE = "news-digest-search-index.pickle"
CACHE_FORMAT = 1


def inputs_key(articles: Sequence[ArticleFacts], entities: Sequence[EntitySummary], url_pattern: str) -> str:
    """The hash of everything index_files reads of its arguments, and of its own code."""
    digest = hashlib.sha256(Path(search_index.__file__).read_bytes())
    digest.update(url_pattern.encode("utf-8"))
    for doc in search_index.search_docs(articles, entities):
        digest.update(b"\0" + repr(doc).encode("utf-8"))
    for summary in entities:
        digest.update(b"\1" + repr((summary.entity, summary.spellings, len(summary.articles))).encode("utf-8"))
    return digest.hexdigest()


def index_files(
    cache_dir: Path | None,
    articles: Sequence[ArticleFacts],
    entities: Sequence[EntitySummary],
    url_pattern: str,
) -> dict[str, str]:
    """search_index.index_files, kept in ``cache_dir`` (None: always made afresh)."""
    if cache_dir is None:
        return search_index.index_files(articles, entities, url_pattern)
    key = inputs_key(articles, entities, url_pattern)
    path = cache_dir / CACHE_FILE
    try:
        with path.open("rb") as handle:
            version, kept_key, files = pickle.load(handle)
        if version == CACHE_FORMAT and kept_key == key and isinstance(files, dict):
            return files
    except Exception:  # noqa: BLE001 - a missing, old or damaged cache is only slower
        pass
    files = search_index.index_files(articles, entities, url_pattern)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as handle:
        pickle.dump((CACHE_FORMAT, key, files), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)
    return files
