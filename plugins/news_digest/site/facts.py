"""What the site knows about one published article (ArticleFacts) and how it shows the article's date.

Plain frozen values, no Pelican: readback.py makes them, the catalogue and every
page and file read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from ..models import AnnotatedDocument, EntityKind, TaggedEntity

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
    """One mention of an entity in an article's body: which entity, in which words."""

    key: str
    text: str
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
