"""The tags pages, split so that none grows with the number of entities in the digest.

tags.html (by article count) and tags-by-name.html are overviews: each kind's
first OVERVIEW_LIMIT entities in that order, and, when a kind has more, a link
to that kind's own pages. A kind's pages (tags-organisation.html,
tags-organisation-2.html, ... by count; tags-organisation-by-name.html, ... by
name) hold PAGE_SIZE entities each, with page links that say which names or
counts each page covers. A digest with few entities gets the two overviews
only, listing everything, as before. Pure functions over the entity views the
site model holds (anything with ``kind``, ``name`` and ``count``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Sort = Literal["count", "name"]

OVERVIEW = {"count": "tags.html", "name": "tags-by-name.html"}
# Entities of each kind an overview lists: at about 200 bytes a line, three kinds stay near 60 KB.
OVERVIEW_LIMIT = 100
# Entities on each page of one kind: about 100 KB of HTML.
PAGE_SIZE = 500


def kind_page_url(kind: str, sort: Sort, number: int = 1) -> str:
    """tags-country.html, tags-country-2.html; tags-country-by-name.html, tags-country-by-name-2.html."""
    stem = f"tags-{kind}" + ("-by-name" if sort == "name" else "")
    return f"{stem}.html" if number == 1 else f"{stem}-{number}.html"


@dataclass(frozen=True)
class TagGroup:
    """The entities of one kind a tags page lists, out of ``total``; ``more_url`` lists them all."""

    kind: str
    label: str
    entities: tuple[Any, ...]
    total: int
    more_url: str | None = None


@dataclass(frozen=True)
class PageLink:
    """A link to one page of a kind: its number, address and what it covers ("Aa – Ch", "40-12 articles")."""

    number: int
    url: str
    covers: str


@dataclass(frozen=True)
class TagPage:
    """One tags page: an overview (``kind`` None) or one page of one kind's entities."""

    url: str
    sort: Sort
    groups: tuple[TagGroup, ...]
    kind: str | None = None
    label: str = ""
    number: int = 1
    links: tuple[PageLink, ...] = ()

    @property
    def page_name(self) -> str:
        return self.url.removesuffix(".html")

    @property
    def page_count(self) -> int:
        return len(self.links)

    @property
    def previous(self) -> PageLink | None:
        return self.links[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> PageLink | None:
        return self.links[self.number] if self.number < len(self.links) else None

    @property
    def overview_url(self) -> str:
        return OVERVIEW[self.sort]

    def sort_url(self, sort: Sort) -> str:
        """The same page in the other order (a kind's first page: the order changes what is on page n)."""
        if self.kind is None:
            return OVERVIEW[sort]
        return kind_page_url(self.kind, sort, self.number if sort == self.sort else 1)


def _covers(chunk: Sequence[Any], sort: Sort) -> str:
    first, last = chunk[0], chunk[-1]
    if sort == "name":
        return first.name if first is last else f"{first.name} – {last.name}"
    if first.count == last.count:
        return f"{first.count} {'article' if first.count == 1 else 'articles'} each"
    return f"{first.count} to {last.count} articles"


def tag_pages(
    groups: dict[Sort, Sequence[Any]],
    overview_limit: int = OVERVIEW_LIMIT,
    page_size: int = PAGE_SIZE,
) -> tuple[TagPage, ...]:
    """Every tags page from each order's kind groups (``kind``, ``label``, ``entities`` in that order)."""
    found: list[TagPage] = []
    sorts: tuple[Sort, ...] = ("count", "name")
    for sort in sorts:
        overview: list[TagGroup] = []
        kind_pages: list[TagPage] = []
        for group in groups[sort]:
            entities = tuple(group.entities)
            split = len(entities) > overview_limit
            overview.append(
                TagGroup(
                    group.kind, group.label, entities[:overview_limit] if split else entities, len(entities),
                    kind_page_url(group.kind, sort) if split else None,
                )
            )
            if not split:
                continue
            chunks = [entities[start : start + page_size] for start in range(0, len(entities), page_size)]
            links = tuple(
                PageLink(number, kind_page_url(group.kind, sort, number), _covers(chunk, sort))
                for number, chunk in enumerate(chunks, start=1)
            )
            kind_pages += [
                TagPage(
                    url=link.url, sort=sort, kind=group.kind, label=group.label, number=link.number, links=links,
                    groups=(TagGroup(group.kind, group.label, chunk, len(entities)),),
                )
                for link, chunk in zip(links, chunks, strict=True)
            ]
        found += [TagPage(url=OVERVIEW[sort], sort=sort, groups=tuple(overview)), *kind_pages]
    return tuple(found)
