"""The site's catalogue: published articles' metadata and HTML -> what every page shows.

Pure functions over plain values (no Pelican): reading the generated metadata
lines back into entities, reading an article body's mention links back into an
AnnotatedDocument, and the derived views the theme displays - related articles,
one summary per entity, the timeline's groups, date labels. pages.py feeds
Pelican's articles in and hands the results to the templates.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from bs4 import BeautifulSoup, NavigableString, Tag

from .models import (
    BLOCK_SEPARATOR,
    ENTITY_KINDS,
    AnnotatedDocument,
    Block,
    Document,
    Entity,
    EntityKind,
    Mention,
    TaggedEntity,
)
from .text import slugify

# The metadata line that lists each kind's canonical names, most relevant first.
KIND_FIELDS: dict[EntityKind, str] = {
    "country": "countries",
    "organisation": "organisations",
    "legal_instrument": "legal_instruments",
}
KIND_LABELS: dict[EntityKind, tuple[str, str]] = {
    "country": ("Country", "Countries"),
    "organisation": ("Organisation", "Organisations"),
    "legal_instrument": ("Legal instrument", "Legal instruments"),
}
# English month names, fixed here so that output never depends on the machine's locale.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Relevance assumed for an entity the Relevance line does not score (hand-written articles).
DEFAULT_RELEVANCE = 0.5

Finder = Callable[[str, str], Entity | None]


@dataclass(frozen=True)
class DateLabel:
    """How a page shows an article's date: "Published 14 May 2014", with where it came from."""

    iso: str | None  # None when undated
    text: str  # "14 May 2014", or "Undated"
    lead: str = ""  # "Published", "Dated"
    note: str = ""  # provenance when it is not the source listing's publication date

    def __str__(self) -> str:
        return f"{self.lead} {self.text}".strip()


@dataclass(frozen=True)
class SeenMention:
    """One mention link in an article body: which entity, in which words."""

    key: str
    text: str
    description: str


@dataclass(frozen=True)
class Link:
    """A mention link in the body: offsets into one block's text, and its entity key."""

    block: int
    start: int
    end: int
    key: str
    description: str


@dataclass(frozen=True)
class ArticleFacts:
    """Everything the site knows about one published article."""

    slug: str
    url: str
    annotated: AnnotatedDocument
    summary: str = ""
    source_site: str | None = None
    mentions: tuple[SeenMention, ...] = ()

    @property
    def title(self) -> str:
        return self.annotated.document.title

    @property
    def date(self) -> dt.date | None:
        return self.annotated.document.date

    @property
    def entities(self) -> tuple[TaggedEntity, ...]:
        return self.annotated.entities

    @cached_property
    def entity_keys(self) -> tuple[str, ...]:
        # Read for every pair of entities on entity pages and related articles: computed once.
        return tuple(sorted(tagged.entity.key for tagged in self.entities))

    @property
    def date_label(self) -> DateLabel:
        return date_label(self.date, self.annotated.document.date_source)

    def relevance(self) -> dict[str, float]:
        return {tagged.entity.key: tagged.relevance for tagged in self.entities}


@dataclass(frozen=True)
class EntitySummary:
    """One entity across the site: its articles, spellings and companions."""

    entity: Entity
    articles: tuple[ArticleFacts, ...]
    spellings: tuple[tuple[str, int], ...] = ()
    companions: tuple[tuple[Entity, int], ...] = ()

    @property
    def key(self) -> str:
        return self.entity.key


@dataclass(frozen=True)
class MonthGroup:
    year: int
    month: int
    articles: tuple[ArticleFacts, ...]

    @property
    def name(self) -> str:
        return MONTHS[self.month - 1]

    @property
    def anchor(self) -> str:
        return f"y{self.year}-{self.month:02d}"


@dataclass(frozen=True)
class YearGroup:
    year: int
    months: tuple[MonthGroup, ...]

    @property
    def anchor(self) -> str:
        return f"y{self.year}"

    @property
    def count(self) -> int:
        return sum(len(month.articles) for month in self.months)


@dataclass(frozen=True)
class Timeline:
    years: tuple[YearGroup, ...] = ()
    undated: tuple[ArticleFacts, ...] = field(default=())


# --- reading metadata -------------------------------------------------------------


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


# --- reading the body's HTML --------------------------------------------------------


def _block_kind(element: Tag) -> str:
    if element.name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        return "subheading"
    if element.name == "aside" and "update" in (element.get("class") or []):
        return "update"
    return "paragraph"


def _walk(node: Tag, pieces: list[str], spans: list[tuple[int, int, Tag]], offset: list[int]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is not NavigableString:  # comments, CDATA, doctype: not text
                continue
            text = str(child).replace("\n", " ").replace("\t", " ").replace("\r", " ")
            pieces.append(text)
            offset[0] += len(text)
        elif isinstance(child, Tag):
            start = offset[0]
            _walk(child, pieces, spans, offset)
            classes = child.get("class") or []
            # A linked mention, or a later mention of the same entity in the block, left unlinked.
            if (child.name == "a" and "mention" in classes) or (child.name == "span" and "mention-again" in classes):
                spans.append((start, offset[0], child))


def _collapse_spaces(text: str) -> tuple[str, list[int]]:
    """``text`` with runs of spaces made one and trimmed, and where each old offset lands."""
    kept: list[str] = []
    new_index = [0] * (len(text) + 1)
    previous_space = True  # drops leading spaces
    for index, char in enumerate(text):
        new_index[index] = len(kept)
        if char == " ":
            if previous_space:
                continue
            previous_space = True
        else:
            previous_space = False
        kept.append(char)
    new_index[len(text)] = len(kept)
    return "".join(kept).rstrip(" "), new_index


def _collapse(text: str, spans: list[tuple[int, int, Tag]]) -> tuple[str, list[tuple[int, int, Tag]]]:
    """Collapse runs of spaces and trim, moving the span offsets with the text."""
    new_index: Sequence[int]
    if "  " not in text and not text.startswith(" ") and not text.endswith(" "):
        # Nothing to collapse (the usual case): offsets stay, no walk over every character.
        trimmed, new_index = text, range(len(text) + 1)
    else:
        trimmed, new_index = _collapse_spaces(text)
    moved = []
    for start, end, tag in spans:
        start, end = min(new_index[start], len(trimmed)), min(new_index[end], len(trimmed))
        while start < end and trimmed[start] == " ":
            start += 1
        while end > start and trimmed[end - 1] == " ":
            end -= 1
        if start < end:
            moved.append((start, end, tag))
    return trimmed, moved


def read_body(html: str) -> tuple[tuple[Block, ...], tuple[Link, ...]]:
    """An article's body HTML -> its blocks and its mentions (``<a class="mention">``, ``<span class="mention-again">``)."""
    soup = BeautifulSoup(html, "html.parser")
    blocks: list[Block] = []
    mentions: list[Link] = []
    for element in soup.children:
        if not isinstance(element, Tag):
            continue
        pieces: list[str] = []
        spans: list[tuple[int, int, Tag]] = []
        _walk(element, pieces, spans, [0])
        text, spans = _collapse("".join(pieces), spans)
        if not text:
            continue
        index = len(blocks)
        blocks.append(Block(_block_kind(element), text))  # type: ignore[arg-type]
        for start, end, tag in sorted(spans, key=lambda span: (span[0], span[1])):
            kind, entity_id = tag.get("data-kind"), tag.get("data-entity")
            if isinstance(kind, str) and isinstance(entity_id, str) and kind in ENTITY_KINDS and entity_id:
                description = tag.get("data-desc")
                mentions.append(
                    Link(index, start, end, f"{kind}/{entity_id}", description if isinstance(description, str) else "")
                )
    return tuple(blocks), tuple(mentions)


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


# --- views -------------------------------------------------------------------------


def format_date(date: dt.date) -> str:
    """``14 May 2014``, the same on every machine."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def date_label(date: dt.date | None, date_source: str) -> DateLabel:
    """The date as shown, and a note when it is not the publication date from the listing."""
    if date is None or date_source == "none":
        return DateLabel(None, "Undated", "", "The source gives no date for this article.")
    text = format_date(date)
    if date_source == "dateline":
        return DateLabel(date.isoformat(), text, "Dated", "Date from the article's dateline")
    if date_source == "correction":
        return DateLabel(date.isoformat(), text, "Published", "Date set by an editorial correction")
    return DateLabel(date.isoformat(), text, "Published", "")


def newest_first_key(article: ArticleFacts) -> tuple:
    """Front-page order: newest first, undated last, then by title and slug."""
    ordinal = article.date.toordinal() if article.date else 0
    return (-ordinal, article.title.casefold(), article.slug)


def oldest_first_key(article: ArticleFacts) -> tuple:
    """Timeline order: oldest first, then by title and slug (undated kept apart)."""
    ordinal = article.date.toordinal() if article.date else 0
    return (ordinal, article.title.casefold(), article.slug)


def related_articles(
    articles: Sequence[ArticleFacts], limit: int = 5
) -> dict[str, tuple[tuple[ArticleFacts, float], ...]]:
    """For each article, the others sharing its entities, best first.

    A shared entity counts the product of its relevance in both articles, so two
    stories centred on the same law rank above two that only mention a country.
    """
    by_entity: dict[str, list[tuple[str, float]]] = defaultdict(list)
    by_slug = {article.slug: article for article in articles}
    for article in articles:
        for key, score in article.relevance().items():
            by_entity[key].append((article.slug, score))
    related: dict[str, tuple[tuple[ArticleFacts, float], ...]] = {}
    # Each article's place in the order, once: an entity most articles name makes every
    # article compare with nearly all the others.
    order = {slug: newest_first_key(article) for slug, article in by_slug.items()}
    for article in articles:
        scores: dict[str, float] = defaultdict(float)
        for key, score in article.relevance().items():
            for slug, other_score in by_entity[key]:
                scores[slug] += score * other_score
        scores.pop(article.slug, None)  # not its own relative; the others keep their order
        # The same as sorting and keeping the first ``limit`` (ties keep their order), without the full sort.
        ranked = heapq.nsmallest(limit, scores.items(), key=lambda item: (-round(item[1], 6), order[item[0]]))
        related[article.slug] = tuple((by_slug[slug], round(score, 3)) for slug, score in ranked if score > 0)
    return related


def entity_summaries(articles: Iterable[ArticleFacts], companions: int = 10) -> tuple[EntitySummary, ...]:
    """One summary per entity named by any article, sorted by kind then name."""
    entities: dict[str, Entity] = {}
    members: dict[str, list[ArticleFacts]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        keys = set()
        for tagged in article.entities:
            entity = tagged.entity
            # The first article that describes an entity lends its description to the page.
            if entity.key not in entities or (not entities[entity.key].description and entity.description):
                entities[entity.key] = entity
            keys.add(entity.key)
            members[entity.key].append(article)
        for mention in article.mentions:
            if mention.key in keys:
                spellings[mention.key][mention.text] += 1
                if not entities[mention.key].description and mention.description:
                    entities[mention.key] = replace(entities[mention.key], description=mention.description)
    summaries = []
    for key, entity in entities.items():
        together: Counter[str] = Counter()
        for article in members[key]:
            together.update(other for other in article.entity_keys if other != key)
        ranked = sorted(together.items(), key=lambda item: (-item[1], entities[item[0]].name.casefold(), item[0]))
        summaries.append(
            EntitySummary(
                entity=entity,
                articles=tuple(sorted(members[key], key=lambda a: (a.date is None, oldest_first_key(a)))),
                spellings=tuple(sorted(spellings[key].items(), key=lambda item: (-item[1], item[0]))),
                companions=tuple((entities[other], count) for other, count in ranked[:companions]),
            )
        )
    return tuple(sorted(summaries, key=entity_sort_key))


def entity_sort_key(summary: EntitySummary) -> tuple:
    entity = summary.entity
    return (ENTITY_KINDS.index(entity.kind), entity.name.casefold(), entity.id)


def by_count_key(summary: EntitySummary) -> tuple:
    entity = summary.entity
    return (ENTITY_KINDS.index(entity.kind), -len(summary.articles), entity.name.casefold(), entity.id)


def timeline(articles: Iterable[ArticleFacts]) -> Timeline:
    """Articles oldest first, grouped by year and month; undated ones apart."""
    dated = sorted((a for a in articles if a.date is not None), key=oldest_first_key)
    undated = sorted((a for a in articles if a.date is None), key=oldest_first_key)
    years: list[YearGroup] = []
    by_year: dict[int, dict[int, list[ArticleFacts]]] = defaultdict(lambda: defaultdict(list))
    for article in dated:
        assert article.date is not None
        by_year[article.date.year][article.date.month].append(article)
    for year in sorted(by_year):
        months = tuple(MonthGroup(year, month, tuple(items)) for month, items in sorted(by_year[year].items()))
        years.append(YearGroup(year, months))
    return Timeline(tuple(years), tuple(undated))


def entity_url(pattern: str, entity: Entity) -> str:
    """Where an entity's page lives, relative to the site root."""
    return pattern.format(kind=entity.kind, id=entity.id)


def feed_url(pattern: str, entity: Entity) -> str:
    """The entity's Atom feed, next to its page."""
    return entity_url(pattern, entity).removesuffix(".html") + ".atom.xml"


# Words either side of a mention in an entity page's quote.
QUOTE_WORDS = 8


def mention_quote(article: ArticleFacts, key: str, words: int = QUOTE_WORDS) -> tuple[str, str, str] | None:
    """The first mention of an entity in the article's body, with a few words either side.

    (before, mention, after), each plain text; "…" marks a cut. None when the body never names it.
    """
    document = article.annotated.document
    text = document.text
    body_start = len(document.title)
    mention = next(
        (
            found
            for tagged in article.entities
            if tagged.entity.key == key
            for found in sorted(tagged.mentions, key=lambda m: m.start)
            if found.start > body_start
        ),
        None,
    )
    if mention is None:
        return None
    block_start = text.rfind(BLOCK_SEPARATOR, 0, mention.start)
    block_end = text.find(BLOCK_SEPARATOR, mention.end)
    block_start = 0 if block_start < 0 else block_start + len(BLOCK_SEPARATOR)
    block_end = len(text) if block_end < 0 else block_end
    before = text[block_start : mention.start].split()
    after = text[mention.end : block_end].split()
    lead = ("… " if len(before) > words else "") + " ".join(before[-words:])
    tail = " ".join(after[:words]) + (" …" if len(after) > words else "")
    space_before = " " if before and text[mention.start - 1 : mention.start].isspace() else ""
    space_after = " " if after and text[mention.end : mention.end + 1].isspace() else ""
    return (lead + space_before, mention.text, space_after + tail)
