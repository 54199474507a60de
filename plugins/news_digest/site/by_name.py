"""Entities of an article without a trusted annotation record, read from its metadata names and body links.

A hand-written article (or a generated one an editor has changed since) names
its entities in the Countries/Organisations/Legal_instruments lines and links
their mentions in its body; this is the only place that turns names back into
entities. Generated articles are read by key from their record (records.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from ..models import ENTITY_KINDS, AnnotatedDocument, Block, Document, Entity, EntityKind, Mention, TaggedEntity
from ..text import slugify
from .body import Link
from .facts import SeenMention

# The metadata line that lists each kind's canonical names, most relevant first.
KIND_FIELDS: dict[EntityKind, str] = {
    "country": "countries",
    "organisation": "organisations",
    "legal_instrument": "legal_instruments",
}
# Relevance assumed for an entity the Relevance line does not score (hand-written articles).
DEFAULT_RELEVANCE = 0.5

Finder = Callable[[str, str], Entity | None]


def as_list(value: object) -> tuple[str, ...]:
    """A metadata value that may be missing, one string or a list (repeated key) -> strings."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    return tuple(str(item) for item in value if str(item).strip())


def split_names(value: object) -> tuple[str, ...]:
    """``Canada; Sweden; United States`` -> the names, in order, without repeats."""
    names: list[str] = []
    for line in as_list(value):
        for part in line.split(";"):
            name = " ".join(part.split())
            if name and name not in names:
                names.append(name)
    return tuple(names)


def parse_relevance(value: object) -> dict[str, float]:
    """``country/canada 0.93; organisation/x 0.71`` -> {key: score}; malformed parts are ignored."""
    scores: dict[str, float] = {}
    for line in as_list(value):
        for part in line.split(";"):
            pieces = part.split()
            if len(pieces) != 2 or "/" not in pieces[0]:
                continue
            try:
                score = float(pieces[1])
            except ValueError:
                continue
            if 0.0 <= score <= 1.0:
                scores[pieces[0]] = score
    return scores


def resolve_entities(
    names: Mapping[EntityKind, Sequence[str]],
    relevance: Mapping[str, float],
    find: Finder,
    descriptions: Mapping[str, str] | None = None,
) -> tuple[tuple[Entity, float], ...]:
    """Canonical names per kind -> entities with their relevance, in the article's order.

    A name the knowledge base knows resolves to that entity. Any other becomes an
    unknown entity (known=False) whose id is the one the tagger gave it: the
    Relevance line lists each kind's keys in the same order as that kind's names,
    so when both have as many entries, the key at the name's position gives the
    id; otherwise the slug of the name does. Its description, if any, comes from
    its mention links.
    """
    descriptions = descriptions or {}
    resolved: list[tuple[Entity, float]] = []
    seen: set[str] = set()
    for kind in ENTITY_KINDS:
        kind_names = names.get(kind, ())
        keyed = [key for key in relevance if key.startswith(f"{kind}/")]
        positional = keyed if len(keyed) == len(kind_names) else [None] * len(kind_names)
        for name, key in zip(kind_names, positional, strict=True):
            entity = find(kind, name)
            if entity is None:
                entity_id = key.split("/", 1)[1] if key else slugify(name)
                entity = Entity(
                    id=entity_id,
                    kind=kind,
                    name=name,
                    description=descriptions.get(f"{kind}/{entity_id}", ""),
                    known=False,
                )
            if entity.key in seen:
                continue
            seen.add(entity.key)
            resolved.append((entity, relevance.get(entity.key, DEFAULT_RELEVANCE)))
    return tuple(resolved)


def annotate(
    document: Document,
    blocks: Sequence[Block],
    links: Sequence[Link],
    entities: Sequence[tuple[Entity, float]],
    find_key: Callable[[str], Entity | None] | None = None,
) -> tuple[AnnotatedDocument, tuple[SeenMention, ...]]:
    """A published article -> the AnnotatedDocument its page shows, and its mention links.

    ``document`` carries the metadata; ``blocks`` and ``links`` come from
    read_body, and mention offsets index into the rebuilt ``Document.text``.
    Title mentions are not links in the body, so they are not recovered here.
    An entity linked in the body but missing from the metadata (a hand-written
    or hand-edited article) is added after the others, resolved by ``find_key``
    or named by the linked words, so that its link always has a page to open.
    """
    document = replace(document, blocks=tuple(blocks))
    starts = document.block_starts
    seen = tuple(
        SeenMention(link.key, blocks[link.block].text[link.start : link.end], link.description) for link in links
    )
    listed = {entity.key for entity, _ in entities}
    found: dict[str, tuple[Entity, float]] = {}
    for link in links:
        if link.key in listed or link.key in found:
            continue
        kind, entity_id = link.key.split("/", 1)
        entity = find_key(link.key) if find_key else None
        if entity is None:
            name = blocks[link.block].text[link.start : link.end]
            entity = Entity(
                id=entity_id, kind=kind, name=name, description=link.description, known=False  # type: ignore[arg-type]
            )
        found[link.key] = (entity, DEFAULT_RELEVANCE)
    extra = sorted(found.values(), key=lambda pair: (ENTITY_KINDS.index(pair[0].kind), pair[0].name))
    entities = sorted([*entities, *extra], key=lambda pair: ENTITY_KINDS.index(pair[0].kind))
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for link in links:
        text = blocks[link.block].text[link.start : link.end]
        by_key[link.key].append(Mention(text, starts[link.block] + link.start, starts[link.block] + link.end))
    tagged = tuple(
        TaggedEntity(entity=entity, mentions=tuple(by_key.get(entity.key, ())), relevance=relevance)
        for entity, relevance in entities
    )
    return AnnotatedDocument(document=document, entities=tagged), seen
