"""The annotate step's memory between runs: what an unchanged seed was made into last time.

A seed's key hashes everything its annotation is made from (its bytes, its
sources.yml entry and corrections, and what every seed shares: the converter's
code as ``sync.converter_version`` covers it, the knowledge base, the boilerplate
rules, the size limit). A seed whose key is unchanged is not read, tagged or
rendered again: its annotation and its annotations.json piece come from the cache,
and its intact article file is kept as it is. The cache lives in Pelican's
CACHE_PATH (or the project's cache/ folder for ``./dev annotate``); it is written
atomically, and one that cannot be read (missing, damaged, of an older format) is
ignored, which is only slower.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .annotations import record_text
from .models import AnnotatedDocument
from .seedfiles import seed_target, undecodable_name
from .sync import State, inspect

CACHE_FILE = "news-digest-annotations.pickle"
CACHE_FORMAT = 1

# seed -> (key, slug, its annotations.json piece)
Records = Mapping[str, tuple[str | None, str, str]]


@dataclass(frozen=True)
class AnnotationCache:
    """Annotations of earlier runs, each under the key of everything it was made from."""

    path: Path
    entries: Mapping[str, tuple[str, AnnotatedDocument]]
    records: Records = dataclasses.field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> AnnotationCache:
        try:
            with path.open("rb") as handle:
                version, entries, records = pickle.load(handle)
            if version != CACHE_FORMAT or not isinstance(entries, dict) or not isinstance(records, dict):
                entries, records = {}, {}
        except Exception:  # noqa: BLE001 - a missing, old or damaged cache is only slower
            entries, records = {}, {}
        return cls(path, entries, records)

    def get(self, seed: str, key: str | None) -> AnnotatedDocument | None:
        entry = self.entries.get(seed)
        return entry[1] if key is not None and entry is not None and entry[0] == key else None

    def record(self, seed: str, key: str | None, slug: str) -> str | None:
        entry = self.records.get(seed)
        return entry[2] if key is not None and entry is not None and entry[:2] == (key, slug) else None

    def save(
        self, converted: Mapping[str, AnnotatedDocument], keys: Mapping[str, str | None], records: Records
    ) -> None:
        """Keep this run's annotations (those with a key); the file is rewritten only when they changed."""
        entries = {seed: (key, annotated) for seed, annotated in converted.items() if (key := keys.get(seed))}
        records = {seed: record for seed, record in records.items() if record[0] is not None}
        if (
            self.path.is_file()
            and entries.keys() == self.entries.keys()
            and records == self.records
            and all(entries[seed][0] == self.entries[seed][0] for seed in entries)
        ):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        with partial.open("wb") as handle:
            pickle.dump((CACHE_FORMAT, entries, records), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.path)


def records_for(
    cache: AnnotationCache | None,
    converted: Mapping[str, AnnotatedDocument],
    slugs: Mapping[str, str],
    keys: Mapping[str, str | None],
) -> dict[str, tuple[str | None, str, str]]:
    """Each article's annotations.json piece: the cached one when its key and slug are unchanged."""
    records = {}
    for seed, annotated in converted.items():
        key, slug = keys.get(seed), slugs[seed]
        piece = cache.record(seed, key, slug) if cache is not None else None
        records[seed] = (key, slug, piece if piece is not None else record_text(slug, annotated))
    return records


def seed_key(path: Path, root: Path, tools: Any, shared: str, max_bytes: int) -> str | None:
    """The hash of everything seed ``path``'s annotation is made from; None if it cannot be read.

    ``shared`` is what every seed's annotation depends on (see the module docstring);
    ``tools`` is the run's Toolkit (its sources, corrections and seed error).
    """
    try:
        target = seed_target(path, root, tools.seed_error)
        if target.stat().st_size > max_bytes or undecodable_name(path.name):
            return None
        data = target.read_bytes()
    except Exception:  # noqa: BLE001 - converting it will say what is wrong
        return None
    digest = hashlib.sha256(shared.encode("utf-8"))
    source = tools.sources.get(path.name)
    own = (
        path.name,
        repr(dataclasses.asdict(source)) if dataclasses.is_dataclass(source) else repr(source),
        tools.corrections.fingerprint(path.name),
    )
    for part in own:
        digest.update(b"\0" + part.encode("utf-8"))
    digest.update(b"\0" + data)
    return digest.hexdigest()


def unchanged_article(path: Path, inputs_hash: str) -> str | None:
    """The text of ``path`` if it is our intact article made from ``inputs_hash``, else None.

    Such a file is exactly what rendering its annotation again would give.
    """
    info = inspect(path)
    if info.state is not State.INTACT or info.inputs != inputs_hash:
        return None
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
