"""Seed bytes -> Document: decode, normalise, and separate the article from the page around it.

``ingest()`` is the list of steps; each step is a module that explains its rules:

    decode.py         bytes -> clean lines, with warnings (encodings, control characters)
    scrape_markup.py  a page scrape's Markdown or link markers -> the text a reader saw
    furniture.py      which single lines are boilerplate, navigation, list headings
    headline.py       which line is the headline, and which lines repeat it
    body.py           the lines after it -> pieces of text, related headlines
    structure.py      pieces -> paragraphs, subheadings, update notes
    dates.py          datelines, and which date the article gets (sources.yml first)
    wire.py           a wire dateline opening the first paragraph ("JAKARTA, Dec 23 (Reuters) -")

The rules they apply are data (boilerplate.py loads rules/boilerplate.yml);
sources.py reads sources.yml; lines.py holds the tests of a line's shape they
share, errors.py the one error, SeedError. Every pattern is tried only on lines
of at most ``pattern_line_chars`` characters, so reading time grows linearly
with the size of the seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from ..models import Document, SourceInfo
from .body import read_body
from .boilerplate import BoilerplateRules, load_rules
from .dates import DatelineWatch, resolve_date
from .decode import decode, normalise
from .errors import SeedError
from .furniture import navigation_lines
from .headline import find_headline, from_headline, without_label
from .lines import group_blocks
from .scrape_markup import read_scrape
from .structure import leading_dateline, rejoined, strip_category_label, to_blocks
from .wire import cut_wire_dateline

__all__ = ["SeedError", "ingest"]


def ingest(
    name: str, data: bytes, source: SourceInfo | None = None, rules: BoilerplateRules | None = None
) -> Document:
    """Read one seed (file ``name``, raw ``data``); raise SeedError when it holds no article."""
    if not data.strip():
        raise SeedError("empty file")
    rules = rules if rules is not None else load_rules()
    source = source or SourceInfo()
    text, decode_warnings = decode(data)
    lines, clean_warnings = normalise(text)
    scrape = read_scrape(lines, rules)
    navigation = navigation_lines(scrape, rules)
    headings = frozenset(line.text for line in scrape.lines if line.heading)
    limits = rules.limits
    datelines = DatelineWatch(rules.dateline_parts.regex, limits.dateline_chars, limits.dateline_lines)
    blocks = group_blocks(from_headline(scrape, rules, navigation, datelines))
    if not blocks:
        raise SeedError("empty file")
    title, updated, rest = find_headline(blocks, rules, navigation, headings, datelines)
    if scrape.markdown or scrape.link_list:
        title = without_label(title, rules)
    body = read_body(rest, title, rules, navigation, headings, datelines)
    article = to_blocks(rejoined(body.pieces), rules)
    if datelines.date is None:
        article = leading_dateline(article, rules, datelines)
    article = cut_wire_dateline(article, rules.lead_labels, datelines, source)
    article = strip_category_label(article, rules)
    if not article:
        raise SeedError("no article text after removing boilerplate")
    date, date_source = resolve_date(source.published, datelines.date)
    warnings = [*decode_warnings, *clean_warnings, *datelines.warnings]
    if date_source == "sources" and datelines.date not in (None, date):
        warnings.append(f"the dateline says {datelines.date}, sources.yml says {date}; using sources.yml")
    return Document(
        seed=name,
        seed_hash="sha256:" + hashlib.sha256(data).hexdigest(),
        title=body.title,
        blocks=tuple(article),
        date=date,
        date_source=date_source,
        source_url=source.url,
        updated=updated,
        related=_unique(body.related),
        warnings=tuple(warnings),
    )


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))
