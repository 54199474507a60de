"""AnnotatedDocument -> the Markdown text of one article (metadata header and body).

Seed text is data, never markup: every piece of it is escaped so that, once
Pelican's Python-Markdown has converted it, a reader sees exactly the seed's
words. The first mention of each entity in a paragraph (or subheading, or
update note) becomes an ``<a class="mention">`` link to its entity page; later
mentions in the same block stay plain text for the reader, marked by a
``<span class="mention-again">`` with the same data attributes, so that the
site can still read every mention back (spellings, events).
The ``Generator`` line is not written here: sync.py adds it, since it owns the
hashes that protect hand edits.
"""

from __future__ import annotations

import html
import logging
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from urllib.parse import quote, urlsplit

from .models import AnnotatedDocument, Block, Entity, Mention
from .tagger.spans import longest_then_leftmost, overlap_key

logger = logging.getLogger(__name__)

# Characters Python-Markdown gives meaning anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
# What Python-Markdown reads as block syntax at the start of a line: headings,
# list items ("-", "+", "1.") and rules ("---"). Paragraphs are single lines, so
# setext underlines ("===") never follow a line they could apply to.
_LINE_START = re.compile(r"^(?:[#+-]|\d+(?=\.))")
# Python-Markdown stashes raw HTML behind \x02...\x03 placeholders, so control
# characters must never reach it; they are invisible anyway.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)")

ELLIPSIS = "…"
LIST_SEPARATOR = "; "
METADATA_KINDS = (
    ("country", "Countries"),
    ("organisation", "Organisations"),
    ("legal_instrument", "Legal_instruments"),
)


def clean_text(text: str) -> str:
    """The text a reader will see: control characters gone, whitespace runs one space."""
    return _SPACES.sub(" ", _CONTROL.sub("", text)).strip()


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", _CONTROL.sub("", text))


def escape_inline(text: str) -> str:
    """Escape part of a line so Markdown shows it literally (HTML and Markdown syntax)."""
    return _INLINE_SPECIAL.sub(r"\\\1", html.escape(_one_line(text), quote=False))


def escape_line_start(escaped: str) -> str:
    """Escape block syntax that only counts at the start of a line (already inline-escaped)."""
    line = escaped.lstrip(" ")
    match = _LINE_START.match(line)
    if not match:
        return line
    if match.group().isdigit():
        return match.group() + "\\" + line[match.end() :]
    return "\\" + line


def _escape_heading(text: str) -> str:
    # Escaped "#" keeps closing hashes from being read as heading syntax.
    return escape_inline(text).replace("#", "\\#")


def escape_markdown(text: str) -> str:
    """A whole one-line Markdown paragraph that displays ``text`` literally."""
    return escape_line_start(escape_inline(clean_text(text)))


def escape_html(text: str) -> str:
    """One line of HTML-escaped text, for titles and raw HTML blocks."""
    return html.escape(clean_text(text), quote=False)


# Python-Markdown reads code spans, backslash escapes and links before it sets
# raw HTML aside, so those characters must not appear raw even in attributes.
_ATTRIBUTE_EXTRA = str.maketrans({"`": "&#96;", "\\": "&#92;", "[": "&#91;", "]": "&#93;"})


def _attribute(value: str) -> str:
    return html.escape(_one_line(value), quote=True).translate(_ATTRIBUTE_EXTRA)


def _link_open(entity: Entity, href: str) -> str:
    # The tooltip is for readers: a name found only by a pattern has no description to show
    # yet (its pattern's note says how it was found, which is for editors).
    description = entity.description if entity.known else ""
    return (
        f'<a class="mention" href="{_attribute(href)}" data-name="{_attribute(entity.name)}" '
        f'data-kind="{_attribute(entity.kind)}" '
        f'data-entity="{_attribute(entity.id)}" data-desc="{_attribute(description)}">'
    )


def _again_open(entity: Entity) -> str:
    return f'<span class="mention-again" data-kind="{_attribute(entity.kind)}" data-entity="{_attribute(entity.id)}">'


def mention_link(entity: Entity, text_html: str, href: str) -> str:
    """The inline link the theme styles and scripts; ``text_html`` is already escaped."""
    return f"{_link_open(entity, href)}{text_html}</a>"


def _block_mentions(annotated: AnnotatedDocument) -> list[tuple[Mention, Entity]]:
    """Every usable mention, without overlaps: longest wins, then leftmost."""
    text = annotated.document.text
    found: list[tuple[Mention, Entity]] = []
    for tagged in annotated.entities:
        for mention in tagged.mentions:
            if not 0 <= mention.start < mention.end <= len(text):
                logger.warning(
                    "%s: mention %r is outside the text; not linked", annotated.document.seed, mention.text
                )
            elif text[mention.start : mention.end] != mention.text:
                logger.warning(
                    "%s: mention %r does not match the text at %d; not linked",
                    annotated.document.seed,
                    mention.text,
                    mention.start,
                )
            else:
                found.append((mention, tagged.entity))
    starts = [mention.start for mention, _ in found]
    ends = [mention.end for mention, _ in found]
    keys = [overlap_key(start, end, rank) for rank, (start, end) in enumerate(zip(starts, ends, strict=True))]
    kept = longest_then_leftmost(keys, starts, ends, len(text))
    return sorted((found[position] for position in kept), key=lambda item: item[0].start)


def _render_block_text(
    block: Block,
    start: int,
    mentions: Sequence[tuple[Mention, Entity]],
    opening: Callable[[Entity], str],
    escape: Callable[[str], str],
) -> str:
    """A block's text, escaped by ``escape``, with its mentions (sorted, inside it) as links."""
    pieces: list[str] = []
    position = start
    linked: set[str] = set()
    for mention, entity in mentions:
        pieces.append(escape(block.text[position - start : mention.start - start]))
        if entity.key in linked:  # one link per entity per block: the rest reads as plain text
            pieces.append(f"{_again_open(entity)}{escape(mention.text)}</span>")
        else:
            linked.add(entity.key)
            pieces.append(f"{opening(entity)}{escape(mention.text)}</a>")
        position = mention.end
    pieces.append(escape(block.text[position - start :]))
    return "".join(pieces)


# Python-Markdown's inline pass takes time of about (escapes x length) per paragraph, so a
# scraped blob of punctuation (a minified script, ASCII art) took minutes; a paragraph with
# more escapes than this is written as a raw HTML block, which Markdown passes through as is.
RAW_PARAGRAPH_ESCAPES = 500
_NEEDS_ESCAPE = re.compile(r"[\\`*_\[\]&<>]")


def _escape_update(text: str) -> str:
    # Update notes are raw HTML blocks, which Markdown leaves alone: HTML escaping only.
    return html.escape(_one_line(text), quote=False)


def render_body(annotated: AnnotatedDocument, entity_href: Callable[[Entity], str]) -> str:
    """The article body: paragraphs, ``##`` subheadings and update notes, mentions linked."""
    document = annotated.document
    mentions = _block_mentions(annotated)
    starts = [mention.start for mention, _ in mentions]
    openings: dict[str, str] = {}

    def opening(entity: Entity) -> str:
        if entity.key not in openings:
            openings[entity.key] = _link_open(entity, entity_href(entity))
        return openings[entity.key]

    out: list[str] = []
    for block, start in zip(document.blocks, document.block_starts, strict=True):
        if not clean_text(block.text):
            continue
        end = start + len(block.text)
        inside = [
            m for m in mentions[bisect_left(starts, start) : bisect_left(starts, end)] if m[0].end <= end
        ]
        if block.kind == "update":
            inner = _render_block_text(block, start, inside, opening, _escape_update).strip(" ")
            out.append(f'<aside class="update">\n<p>{inner}</p>\n</aside>')
        elif block.kind == "subheading":
            out.append("## " + _render_block_text(block, start, inside, opening, _escape_heading).strip(" "))
        elif len(_NEEDS_ESCAPE.findall(block.text)) > RAW_PARAGRAPH_ESCAPES:
            out.append(f"<p>{_render_block_text(block, start, inside, opening, _escape_update).strip(' ')}</p>")
        else:
            out.append(
                escape_line_start(_render_block_text(block, start, inside, opening, escape_inline).strip(" "))
            )
    return "\n\n".join(out)


def summarise(document_blocks: Sequence[Block], max_words: int) -> str:
    """The lead: the first paragraph, cut to ``max_words`` words.

    When the lead is longer, it is cut after the last sentence that fits
    (if that keeps at least 40% of the allowance), else after ``max_words``
    words; either way an ellipsis shows that it was cut.
    """
    lead = next(
        (clean_text(b.text) for b in document_blocks if b.kind == "paragraph" and clean_text(b.text)), ""
    )
    words = lead.split(" ")
    if len(words) <= max_words:
        return lead
    allowed = " ".join(words[:max_words])
    ends = [m.end() for m in _SENTENCE_END.finditer(allowed + " ")]
    if ends and len(allowed[: ends[-1]].split()) * 5 >= max_words * 2:
        return allowed[: ends[-1]] + " " + ELLIPSIS
    return allowed.rstrip(",;:-–—") + ELLIPSIS


def safe_url(url: str | None) -> str | None:
    """An http(s) address fit for a metadata line and an href, or None."""
    if not url:
        return None
    url = url.strip()
    if _SPACES.search(url) or _CONTROL.search(url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    # Percent-encode what may not appear raw in an address (quotes, <, >, non-ASCII).
    return quote(url, safe="!#$%&'()*+,-./:;=?@[]~_")


def source_site(url: str) -> str:
    """``http://www.torrentfreak.com/x`` -> ``torrentfreak.com``."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _names(annotated: AnnotatedDocument, kind: str) -> str:
    return LIST_SEPARATOR.join(
        _one_line(t.entity.name).replace(";", ",").strip()
        for t in annotated.entities
        if t.entity.kind == kind
    )


def render(
    annotated: AnnotatedDocument,
    slug: str,
    entity_href: Callable[[Entity], str],
    *,
    summary_words: int = 50,
) -> str:
    """The whole article file except its Generator line, ending with a newline."""
    document = annotated.document
    meta: list[tuple[str, str]] = [("Title", escape_html(document.title))]
    if document.date is not None:
        meta.append(("Date", document.date.isoformat()))
    meta.append(("Slug", slug))
    summary = summarise(document.blocks, summary_words)
    if summary:
        meta.append(("Summary", escape_markdown(summary)))
    url = safe_url(document.source_url)
    if url:
        meta.append(("Source", url))
        meta.append(("Source_site", source_site(url)))
    meta.append(("Seed", _one_line(document.seed)))
    meta.append(("Seed_hash", document.seed_hash))
    meta.append(("Date_source", document.date_source))
    if document.updated:
        meta.append(("Updated", "yes"))
    for kind, key in METADATA_KINDS:
        names = _names(annotated, kind)
        if names:
            meta.append((key, names))
    if annotated.entities:
        meta.append(
            (
                "Relevance",
                LIST_SEPARATOR.join(f"{t.entity.key} {t.relevance:.2f}" for t in annotated.entities),
            )
        )
    for headline in document.related:
        if clean_text(headline):
            meta.append(("Related", clean_text(headline)))
    header = "\n".join(f"{key}: {value}" for key, value in meta if value.strip())
    body = render_body(annotated, entity_href)
    return header + "\n\n" + body + "\n" if body else header + "\n"
