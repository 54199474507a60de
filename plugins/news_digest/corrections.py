"""Editorial corrections: load the hand-written corrections file and apply it.

The file (``seeds/corrections.yml`` by default) is written by people and never
by the digest, so regeneration can never lose it. It is configuration: any
mistake in it stops the run with a message naming the file and the entry.

Headline and date corrections change the Document before tagging (so the
tagger sees the corrected headline); entity additions, removals and the global
stop list change the tagger's result afterwards.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .models import ENTITY_KINDS, AnnotatedDocument, Document, Entity, EntityKind, Mention, TaggedEntity
from .slugs import article_slug
from .text import slugify
from .yamlfiles import ConfigError, load_yaml

logger = logging.getLogger(__name__)

_TOP_KEYS = ("articles", "stop")
_ARTICLE_KEYS = ("title", "date", "slug", "add", "drop")
# An entity an editor adds is central enough to be named, but no more central
# than what the tagger measured for the rest; a middle value says that.
ADDED_RELEVANCE = 0.5


class KnowledgeLookup(Protocol):
    def find(self, kind: EntityKind, name: str) -> Entity | None: ...


@dataclass(frozen=True)
class ArticleCorrection:
    """What an editor changed for one seed."""

    title: str | None = None
    date: dt.date | None = None
    slug: str | None = None
    add: tuple[tuple[EntityKind, str], ...] = ()
    drop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Corrections:
    """Every correction: per-seed entries and the global stop list."""

    articles: Mapping[str, ArticleCorrection] = field(default_factory=dict)
    stop: tuple[str, ...] = ()
    source: str = ""

    def get(self, seed: str) -> ArticleCorrection | None:
        return self.articles.get(seed)

    def fingerprint(self, seed: str) -> str:
        """Hash of everything that can change this seed's article (its entry and the stop list)."""
        entry = self.articles.get(seed)
        data = {"entry": dataclasses.asdict(entry) if entry else None, "stop": list(self.stop)}
        encoded = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()


def _fail(path: Path, where: str, reason: str) -> ConfigError:
    return ConfigError(str(path), where, reason)


def _names(path: Path, where: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, where, f"expected a list of names, got {value!r}")
    return tuple(v.strip() for v in value)


def _date(path: Path, where: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail(path, where, f"expected a date like 2014-05-15, got {value!r}")


def _article(path: Path, seed: str, raw: Any) -> ArticleCorrection:
    where = f"articles: {seed}"
    if not isinstance(raw, dict):
        raise _fail(path, where, f"expected keys {', '.join(_ARTICLE_KEYS)}, got {raw!r}")
    unknown = sorted(str(key) for key in raw if key not in _ARTICLE_KEYS)
    if unknown:
        raise _fail(path, where, f"unknown key(s) {', '.join(unknown)}; known: {', '.join(_ARTICLE_KEYS)}")
    values: dict[str, Any] = {}
    if "title" in raw:
        if not isinstance(raw["title"], str) or not raw["title"].strip():
            raise _fail(path, f"{where}: title", "expected a non-empty headline")
        values["title"] = " ".join(raw["title"].split())
    if "date" in raw:
        values["date"] = _date(path, f"{where}: date", raw["date"])
    if "slug" in raw:
        slug = raw["slug"]
        if not isinstance(slug, str) or article_slug(slug) != slug:
            raise _fail(
                path, f"{where}: slug", f"expected lower-case letters, digits and dashes, got {slug!r}"
            )
        values["slug"] = slug
    if "add" in raw:
        add = raw["add"]
        if not isinstance(add, dict):
            raise _fail(path, f"{where}: add", f"expected kind: [names], got {add!r}")
        pairs: list[tuple[EntityKind, str]] = []
        for kind, names in add.items():
            if kind not in ENTITY_KINDS:
                raise _fail(path, f"{where}: add", f"unknown kind {kind!r}; known: {', '.join(ENTITY_KINDS)}")
            pairs.extend((kind, name) for name in _names(path, f"{where}: add: {kind}", names))
        values["add"] = tuple(pairs)
    if "drop" in raw:
        values["drop"] = _names(path, f"{where}: drop", raw["drop"])
    return ArticleCorrection(**values)


def load_corrections(path: Path) -> Corrections:
    """Read and validate a corrections file; a missing file means no corrections."""
    if not path.is_file():
        return Corrections(source=str(path))
    try:
        raw = load_yaml(path)
    except ConfigError as error:
        raise ConfigError(str(path), "", f"cannot be read: {error.__cause__ or error.reason}") from error
    if raw is None:
        return Corrections(source=str(path))
    if not isinstance(raw, dict):
        raise _fail(path, "top level", f"expected the keys {', '.join(_TOP_KEYS)}")
    unknown = sorted(str(key) for key in raw if key not in _TOP_KEYS)
    if unknown:
        raise _fail(path, "top level", f"unknown key(s) {', '.join(unknown)}; known: {', '.join(_TOP_KEYS)}")
    articles_raw = raw.get("articles") or {}
    if not isinstance(articles_raw, dict):
        raise _fail(path, "articles", "expected seed file names as keys")
    articles: dict[str, ArticleCorrection] = {}
    for seed, entry in articles_raw.items():
        if not isinstance(seed, str):
            raise _fail(path, f"articles: {seed!r}", "expected a seed file name such as 000_x.txt")
        articles[seed] = _article(path, seed, entry)
        same_slug = [
            other
            for other, c in articles.items()
            if other != seed and c.slug and c.slug == articles[seed].slug
        ]
        if same_slug:
            raise _fail(
                path,
                f"articles: {seed}: slug",
                f"{articles[seed].slug!r} is already pinned for {same_slug[0]}",
            )
    stop = _names(path, "stop", raw["stop"]) if raw.get("stop") is not None else ()
    return Corrections(articles=dict(sorted(articles.items())), stop=stop, source=str(path))


def correct_document(document: Document, corrections: Corrections) -> Document:
    """Apply an entry's headline and date; a corrected date counts as a sources date."""
    entry = corrections.get(document.seed)
    if entry is None:
        return document
    changes: dict[str, Any] = {}
    if entry.title is not None:
        changes["title"] = entry.title
    if entry.date is not None:
        changes["date"] = entry.date
        changes["date_source"] = "sources"
    return dataclasses.replace(document, **changes) if changes else document


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _names_of(entity: Entity) -> set[str]:
    return {_fold(n) for n in (entity.name, *entity.aliases, *entity.demonyms)} | {entity.key.casefold()}


def _find_mentions(text: str, entity: Entity, taken: Sequence[Mention]) -> tuple[Mention, ...]:
    """Where an added entity's name or aliases appear as whole words, clear of other mentions."""
    spellings = sorted(
        {n for n in (entity.name, *entity.aliases, *entity.demonyms) if n.strip()}, key=lambda n: (-len(n), n)
    )
    if not spellings:
        return ()
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in spellings) + r")(?!\w)")
    found: list[Mention] = []
    for match in pattern.finditer(text):
        if all(match.end() <= m.start or m.end <= match.start() for m in (*taken, *found)):
            found.append(Mention(match.group(), match.start(), match.end()))
    return tuple(found)


def _order(tagged: TaggedEntity) -> tuple[int, float, str]:
    return (ENTITY_KINDS.index(tagged.entity.kind), -tagged.relevance, tagged.entity.name.casefold())


def apply_corrections(
    annotated: AnnotatedDocument, corrections: Corrections, kb: KnowledgeLookup
) -> AnnotatedDocument:
    """Apply the stop list and the seed's ``drop`` and ``add`` entries to the tagger's result."""
    document = annotated.document
    entry = corrections.get(document.seed) or ArticleCorrection()
    stop = {_fold(name) for name in corrections.stop}
    entities: list[TaggedEntity] = []
    for tagged in annotated.entities:
        if _fold(tagged.entity.name) in stop:
            continue
        mentions = tuple(m for m in tagged.mentions if _fold(m.text) not in stop)
        if tagged.mentions and not mentions:
            continue
        entities.append(dataclasses.replace(tagged, mentions=mentions))

    for name in entry.drop:
        wanted = _fold(name)
        kept = [t for t in entities if wanted not in _names_of(t.entity)]
        if len(kept) == len(entities):
            logger.warning(
                "%s: %s: drop %r matches no entity of the article", corrections.source, document.seed, name
            )
        entities = kept

    changed = False
    for kind, name in entry.add:
        entity = kb.find(kind, name) or Entity(
            id=slugify(name), kind=kind, name=name, known=False
        )
        if any(t.entity.key == entity.key for t in entities):
            continue
        taken = [m for t in entities for m in t.mentions]
        mentions = _find_mentions(document.text, entity, taken)
        entities.append(TaggedEntity(entity=entity, mentions=mentions, relevance=ADDED_RELEVANCE))
        changed = True
    if changed:
        entities.sort(key=_order)
    if tuple(entities) == annotated.entities:
        return annotated
    return dataclasses.replace(annotated, entities=tuple(entities))
