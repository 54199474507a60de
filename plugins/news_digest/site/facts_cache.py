"""Every article's facts and events, kept between builds so unchanged articles are not read again.

With Pelican's content cache on, a pickle in CACHE_PATH maps the hash of all an
article's facts are made from (its body, metadata, address, annotation record,
the knowledge base, the event vocabulary, the settings and the plugin's code) to
its facts and events. A missing, old or damaged cache only makes the build slower.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..events import Event, Vocabulary, find_events
from ..settings import DigestSettings
from .facts import ArticleFacts
from .readback import article_facts

FACTS_CACHE = "news-digest-facts.pickle"
FACTS_CACHE_FORMAT = 3

FactsEntry = tuple[ArticleFacts, tuple[Event, ...]]


def _facts_key(article: Any, record: Mapping[str, Any] | None, shared: str) -> str:
    """The hash of everything article_facts reads of ``article`` (body, metadata, address, record)."""
    digest = hashlib.sha256(shared.encode("utf-8"))
    metadata = sorted((str(key), str(value)) for key, value in article.metadata.items())
    for part in (article.content, repr(metadata), article.url, article.slug, str(article.title), str(article.date),
                 Path(article.source_path).name, json.dumps(record, sort_keys=True, ensure_ascii=False)):
        digest.update(b"\0" + str(part).encode("utf-8"))
    return digest.hexdigest()


def _vocabulary_key(vocabulary: Vocabulary) -> str:
    # Sorted: a frozenset's repr changes order between processes.
    return repr((sorted(vocabulary.kinds), sorted(vocabulary.cues), vocabulary.verbs, sorted(vocabulary.abbreviations)))


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
    articles: Sequence[Any],
    kb: Any,
    settings: DigestSettings,
    vocabulary: Vocabulary,
    cache: Path | None,
    records: Mapping[str, Mapping[str, Any] | None] | None = None,
) -> tuple[list[ArticleFacts], dict[str, tuple[Event, ...]]]:
    """article_facts of every article and its events by url; with a ``cache`` file, unchanged articles
    are neither read back nor searched for events again.

    ``records``: by article url, the converter's annotations.json record of each generated
    article whose file is intact (readback.record_for), which is then read by key.
    """
    from ..sync import converter_version

    # Every module of the plugin, not only the converter's (converter_version's default):
    # the site's modules decide what the facts are.
    code = converter_version(files=("**/*.py",))
    shared = "\0".join((code, str(getattr(kb, "fingerprint", "")), _vocabulary_key(vocabulary), repr(settings)))
    before = _load_facts(cache)
    entries: dict[str, FactsEntry] = {}
    facts = []
    events: dict[str, tuple[Event, ...]] = {}
    for article in articles:
        record = (records or {}).get(article.url)
        key = _facts_key(article, record, shared)
        entry = before.get(key)
        if entry is None:
            fact = article_facts(article, kb, settings, record)
            entry = (fact, find_events(fact.annotated, vocabulary))
        entries[key] = entry
        facts.append(entry[0])
        events[entry[0].url] = entry[1]
    _save_facts(cache, entries, before)
    return facts, events
