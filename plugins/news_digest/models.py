"""The small frozen dataclasses that the pipeline's stages pass to each other.

seed bytes --ingest--> Document --tag--> AnnotatedDocument --render--> Markdown text

Offsets of mentions always index into ``Document.text``: the headline, a blank
line, then the body blocks separated by blank lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "subheading", "update"]
DateSource = Literal["sources", "dateline", "none"]
EntityKind = Literal["country", "organisation", "legal_instrument"]

ENTITY_KINDS: tuple[EntityKind, ...] = ("country", "organisation", "legal_instrument")
BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Block:
    """One piece of article body: a paragraph, a subheading or an update note."""

    kind: BlockKind
    text: str


@dataclass(frozen=True)
class SourceInfo:
    """What ``sources.yml`` says about one seed."""

    url: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class Document:
    """A seed after ingestion: the article's own words, boilerplate removed."""

    seed: str
    seed_hash: str
    title: str
    blocks: tuple[Block, ...]
    date: dt.date | None = None
    date_source: DateSource = "none"
    source_url: str | None = None
    updated: bool = False
    related: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The cleaned text that mention offsets refer to."""
        return BLOCK_SEPARATOR.join((self.title, *(block.text for block in self.blocks)))

    @property
    def block_starts(self) -> tuple[int, ...]:
        """Offset in ``text`` where each block starts (the headline starts at 0)."""
        starts = []
        position = len(self.title) + len(BLOCK_SEPARATOR)
        for block in self.blocks:
            starts.append(position)
            position += len(block.text) + len(BLOCK_SEPARATOR)
        return tuple(starts)


@dataclass(frozen=True)
class Entity:
    """One real-world entity of the knowledge base (or found by a pattern)."""

    id: str
    kind: EntityKind
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    description: str = ""
    country: str | None = None
    wikidata: str | None = None
    known: bool = True

    @property
    def key(self) -> str:
        """Unique across kinds, e.g. ``country/canada``."""
        return f"{self.kind}/{self.id}"


@dataclass(frozen=True)
class Mention:
    """One span of ``Document.text`` that names an entity."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class TaggedEntity:
    """An entity of one article with every mention of it and how central it is."""

    entity: Entity
    mentions: tuple[Mention, ...]
    relevance: float


@dataclass(frozen=True)
class AnnotatedDocument:
    """A document with its entities, ordered by kind, then relevance, then name."""

    document: Document
    entities: tuple[TaggedEntity, ...] = field(default=())

    def by_kind(self, kind: EntityKind) -> tuple[TaggedEntity, ...]:
        return tuple(tagged for tagged in self.entities if tagged.entity.kind == kind)
