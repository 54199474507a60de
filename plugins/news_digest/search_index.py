"""The offline search index: every article's words, split into small scripts a query loads on demand.

Browsers block fetch() from file://, so every part of the index is a classic
script holding one JSON value. ``search-index.js`` (the manifest, assigned to
``window.NEWS_DIGEST_SEARCH``) says how the rest is split; every other part
calls ``window.NEWS_DIGEST_SEARCH_PART({...})`` when search.js adds it to the page:

- ``search/meta.js``: each article's year and entities, and the entity table
  (name, kind, every spelling seen), for the filters and the matching entities;
- ``search/t<i>.js``: postings of one alphabetical run of words (the manifest
  lists each run's first word, so a word or a prefix maps to one or a few
  shards), each word's articles with a precomputed BM25-like weight (title and
  entity matches above body ones);
- ``search/p<i>.js``: which articles hold each pair of adjacent common words,
  by the pair's CRC-32 (shard = hash modulo the shard count), so that a quoted
  phrase loads one small file per word pair (a pair with a rare word is checked
  in the text of the few articles holding that word);
- ``search/d<i>.js``: the article store (title, URL, date, entities, cleaned
  text) in chunks, loaded only for the results on screen, for their snippets.

A query thus loads the manifest, the meta file, one shard per word and the
chunks of the results shown. Folding and tokenising here and in search.js must
agree: the fold table travels in the manifest, and the word pattern is the same
("letters or digits"). Pure functions; pages.py writes the files.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .site.catalogue import ArticleFacts, EntitySummary
from .models import ENTITY_KINDS

GLOBAL_NAME = "NEWS_DIGEST_SEARCH"
PART_FUNCTION = "NEWS_DIGEST_SEARCH_PART"
INDEX_FILE = "search-index.js"
PARTS_DIR = "search"
FORMAT_VERSION = 2

# Letters that Unicode decomposition leaves alone but a reader types without their accent.
FOLDS: Mapping[str, str] = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l",
    "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ŀ": "l",
}  # fmt: skip
_WORD = re.compile(r"[^\W_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
MAX_WORD = 40  # longer "words" are URLs or junk; nobody types them
MIN_PREFIX = 3  # a word being typed matches longer words from three letters on
SHARD_BYTES = 100_000
DOC_CHUNK = 2  # a page of 20 results loads at most 20 small files
PAIR_SHARD_BYTES = 80_000
PAIR_MIN_DOCS = 10  # pairs with a word in this many articles or fewer are checked in the text
# ... or in this share of the articles, if more: in a large digest, most words pass any fixed
# count and the pair index grew faster than the digest (41 MB of 84 at 10,000 articles). A
# phrase then reads the text of at most this many articles (1 in 300: 33 at 10,000).
PAIR_MIN_SHARE = 1 / 300

# Ranking: BM25 saturation of the body's term frequency, plus fixed boosts for the title
# and for the entities the article names (scaled by how central the entity is to the
# article and by how much of the entity's name the word is).
K1 = 1.2
B = 0.75
TITLE_BOOST = 1.5
ENTITY_BOOST = 1.5
WEIGHT_SCALE = 16  # weights are stored as small integers

# Varint digits: 64 characters that never need escaping in JSON or HTML.
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


def fold(text: str) -> str:
    """Lower case without accents: "Rättighetsalliansen" -> "rattighetsalliansen"."""
    return _NON_ASCII.sub(_fold_char, unicodedata.normalize("NFKD", text).lower())


def _fold_char(match: re.Match[str]) -> str:
    char = match.group()
    return "" if unicodedata.category(char).startswith("M") else FOLDS.get(char, char)


def tokens(text: str) -> list[str]:
    """The searchable words of a text, folded, in order (hyphens and apostrophes split words)."""
    return [word for word in _WORD.findall(fold(text)) if len(word) <= MAX_WORD]


def _varint(number: int) -> str:
    out = []
    while number >= 32:
        out.append(DIGITS[32 + (number & 31)])
        number >>= 5
    out.append(DIGITS[number])
    return "".join(out)


_SMALL = tuple(_varint(number) for number in range(1024))  # most numbers written are small


def encode(numbers: Iterable[int]) -> str:
    """Non-negative integers as little-endian base-32 varints over DIGITS (5 bits a character)."""
    return "".join(_SMALL[number] if number < 1024 else _varint(number) for number in numbers)


def decode(text: str) -> list[int]:
    """encode()'s inverse (search.js has the same loop)."""
    numbers, value, shift = [], 0, 0
    for char in text:
        digit = DIGITS.index(char)
        if digit >= 32:
            value += (digit - 32) << shift
            shift += 5
        else:
            numbers.append(value + (digit << shift))
            value, shift = 0, 0
    return numbers


def pair_hash(pair: str) -> int:
    """CRC-32 of the UTF-8 of "word word" (search.js computes the same)."""
    return zlib.crc32(pair.encode("utf-8"))


@dataclass(frozen=True)
class SearchDoc:
    """One article as the index sees it: display fields and the words of each field."""

    title: str
    url: str
    date: str  # ISO date, "" when undated
    year: int  # 0 when undated
    entities: tuple[tuple[int, float], ...]  # (entity index, relevance), most relevant first
    text: str  # the cleaned body, paragraphs separated by "\n"


def _spellings(summary: EntitySummary) -> list[str]:
    """Every way the site writes an entity: name, aliases, demonyms and each spelling seen."""
    entity = summary.entity
    names = [entity.name, *entity.aliases, *entity.demonyms, *(text for text, _count in summary.spellings)]
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(fold(" ".join(name.split())), " ".join(name.split()))
    return [name for key, name in sorted(seen.items()) if key]


def _name_words(names: Iterable[str]) -> dict[str, float]:
    """Each word of an entity's spellings, with the largest share of a spelling it makes up:
    "canada" is all of "Canada" but a fifth of "United States-Mexico-Canada Agreement", so an
    article about the agreement ranks below one about Canada for the query "canada"."""
    shares: dict[str, float] = {}
    for name in names:
        words = tokens(name)
        for word in words:
            shares[word] = max(shares.get(word, 0.0), 1 / len(words))
    return shares


def _weights(
    doc: SearchDoc,
    body: Sequence[str],
    entity_words: Mapping[int, Mapping[str, float]],
    average_length: float,
) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for word in body:
        counts[word] += 1
    norm = 1 - B + B * (len(body) / average_length if average_length else 1)
    title = set(tokens(doc.title))
    entity_relevance: dict[str, float] = defaultdict(float)
    for index, relevance in doc.entities:
        for word, share in entity_words[index].items():
            entity_relevance[word] = max(entity_relevance[word], relevance * share)
    weights = {}
    # No need to sort: each word's postings are in article order whatever the order here.
    for word in set(counts) | title | set(entity_relevance):
        frequency = counts.get(word, 0) / norm
        score = frequency / (K1 + frequency)
        score += TITLE_BOOST if word in title else 0.0
        score += ENTITY_BOOST * entity_relevance.get(word, 0.0)
        weights[word] = max(1, round(score * WEIGHT_SCALE))
    return weights


def _pairs(lines: Iterable[Sequence[str]], common: set[str]) -> set[int]:
    """Hashes of the adjacent pairs of common words in lines of words (title, paragraphs, names)."""
    pairs = set()
    for words in lines:
        pairs.update(
            pair_hash(f"{a} {b}")
            for a, b in zip(words, words[1:], strict=False)
            if a in common and b in common
        )
    return pairs


def _postings(docs: Sequence[int], weights: Sequence[int] | None = None) -> str:
    numbers = []
    previous = -1
    for position, doc in enumerate(docs):
        numbers.append(doc - previous - 1)
        if weights is not None:
            numbers.append(weights[position])
        previous = doc
    return encode(numbers)


def js_order(word: str) -> bytes:
    """Sort key matching JavaScript's string comparison (by UTF-16 code unit)."""
    return word.encode("utf-16-be")


def _shards(terms: Mapping[str, str], limit: int) -> list[dict[str, str]]:
    """Consecutive runs of the sorted words, each under ``limit`` bytes (a word never splits)."""
    shards: list[dict[str, str]] = [{}]
    size = 0
    for term in sorted(terms, key=js_order):
        cost = len(term) + len(terms[term]) + 6
        if shards[-1] and size + cost > limit:
            shards.append({})
            size = 0
        shards[-1][term] = terms[term]
        size += cost
    return shards


def render_part(data: dict) -> str:
    """One index part as a script calling the part function."""
    return f"window.{PART_FUNCTION}({_json(data)});\n"


def render_manifest(data: dict) -> str:
    return f"window.{GLOBAL_NAME} = {_json(data)};\n"


def _json(data: object) -> str:
    """ASCII JSON with "<" written as \\u003c: no seed text can end the script element,
    and U+2028/U+2029 (line ends in old JavaScript) are escaped like every non-ASCII character."""
    return json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")


def search_docs(
    articles: Sequence[ArticleFacts], entities: Sequence[EntitySummary]
) -> tuple[SearchDoc, ...]:
    """The articles in the site's order (newest first: ties rank newest first) as SearchDocs."""
    position = {summary.entity.key: index for index, summary in enumerate(entities)}
    docs = []
    for article in articles:
        document = article.annotated.document
        docs.append(
            SearchDoc(
                title=article.title,
                url=article.url,
                date=article.date.isoformat() if article.date else "",
                year=article.date.year if article.date else 0,
                entities=tuple(
                    (position[tagged.entity.key], tagged.relevance)
                    for tagged in sorted(
                        article.entities, key=lambda t: (-t.relevance, t.entity.name, t.entity.key)
                    )
                    if tagged.entity.key in position
                ),
                text="\n".join(" ".join(block.text.split()) for block in document.blocks),
            )
        )
    return tuple(docs)


def pair_threshold(articles: int) -> int:
    """A phrase's word in at most this many articles is checked in their text, not the pair index."""
    return max(PAIR_MIN_DOCS, int(articles * PAIR_MIN_SHARE))


def _pair_groups(
    docs: Sequence[Any], lines: list[list[list[str]]], name_lines: list[list[list[str]]],
    postings: Mapping[str, list[tuple[int, int]]], min_docs: int,
) -> list[dict[str, str]]:
    """The phrase-pair index in shards: pair hash (hex) -> postings, a pair in shard ``hash % shards``.

    Where one word of a phrase is in few articles, search.js reads those articles' text
    instead, so only pairs of two common words are indexed (most pairs hold a rare word:
    this keeps the pair index a fraction of its full size). Pairs are keyed by their hash:
    a phrase then also finds the articles of a pair with the same 32-bit hash, and only
    those that hold both words.
    """
    common = {word for word, entries in postings.items() if len(entries) > min_docs}
    pair_docs: dict[int, list[int]] = defaultdict(list)
    for number, doc in enumerate(docs):
        names = (words for index, _ in doc.entities for words in name_lines[index])
        for key in _pairs([*lines[number], *names], common):
            pair_docs[key].append(number)
    encoded_pairs = {key: _postings(numbers) for key, numbers in pair_docs.items()}
    pair_bytes = sum(len(value) + 12 for value in encoded_pairs.values())
    pair_shards = max(1, math.ceil(pair_bytes / PAIR_SHARD_BYTES))
    pair_groups: list[dict[str, str]] = [{} for _ in range(pair_shards)]
    for key in sorted(encoded_pairs):
        pair_groups[key % pair_shards][format(key, "x")] = encoded_pairs[key]
    return pair_groups


def _meta_part(docs: Sequence[Any], entities: Sequence[EntitySummary], spellings: list[Any]) -> str:
    """meta.js: each article's year and entities, and each entity's kind, id, name, count and spellings."""
    years = sorted({doc.year for doc in docs if doc.year})
    first_year = years[0] - 1 if years else 0
    return render_part(
        {
            "part": "meta",
            "firstYear": first_year,
            # per article: year - firstYear (0 if undated), then its entities' indexes
            "docs": [
                encode([doc.year - first_year if doc.year else 0, *(index for index, _ in doc.entities)])
                for doc in docs
            ],
            "entities": [
                [ENTITY_KINDS.index(summary.entity.kind), summary.entity.id, summary.entity.name,
                 len(summary.articles), names]
                for summary, names in zip(entities, spellings, strict=True)
            ],
        }
    )


def index_files(
    articles: Sequence[ArticleFacts],
    entities: Sequence[EntitySummary],
    url_pattern: str,
    shard_bytes: int = SHARD_BYTES,
    doc_chunk: int = DOC_CHUNK,
) -> dict[str, str]:
    """Every file of the index, path (from the site root) -> script text. Same input, same bytes."""
    docs = search_docs(articles, entities)
    spellings = [_spellings(summary) for summary in entities]
    entity_words = [_name_words(names) for names in spellings]
    # Words of each line: the title, then each paragraph.
    lines = [[tokens(line) for line in (doc.title, *doc.text.split("\n"))] for doc in docs]
    bodies = [[word for paragraph in doc_lines[1:] for word in paragraph] for doc_lines in lines]
    name_lines = [[tokens(name) for name in names] for names in spellings]
    average = sum(map(len, bodies)) / len(bodies) if bodies else 0.0

    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, doc in enumerate(docs):
        for word, weight in _weights(doc, bodies[number], entity_words, average).items():
            postings[word].append((number, weight))
    shards = _shards({word: _postings([d for d, _ in entries], [w for _, w in entries])
                      for word, entries in postings.items()}, shard_bytes)

    pair_min_docs = pair_threshold(len(docs))
    pair_groups = _pair_groups(docs, lines, name_lines, postings, pair_min_docs)
    pair_shards = len(pair_groups)
    files = {
        INDEX_FILE: render_manifest(
            {
                "version": FORMAT_VERSION,
                "count": len(docs),
                # the first word of each postings shard, in JavaScript's string order
                "shards": [min(terms, key=js_order) if terms else "" for terms in shards],
                "pairShards": pair_shards,
                "pairMinDocs": pair_min_docs,
                "docChunk": doc_chunk,
                "entityUrl": url_pattern,
                "kinds": list(ENTITY_KINDS),
                "fold": dict(FOLDS),
                "digits": DIGITS,
                "maxWord": MAX_WORD,
                "minPrefix": MIN_PREFIX,
            }
        ),
        f"{PARTS_DIR}/meta.js": _meta_part(docs, entities, spellings),
    }
    for number, terms in enumerate(shards):
        files[f"{PARTS_DIR}/t{number}.js"] = render_part({"part": f"t{number}", "terms": terms})
    for number, group in enumerate(pair_groups):
        files[f"{PARTS_DIR}/p{number}.js"] = render_part({"part": f"p{number}", "pairs": group})
    files.update(_doc_parts(docs, doc_chunk))
    return files


def _doc_parts(docs: Sequence[Any], doc_chunk: int) -> dict[str, str]:
    """d<n>.js: the articles' titles, addresses, dates, entities and text, ``doc_chunk`` a file."""
    parts = {}
    for start in range(0, len(docs), doc_chunk):
        chunk = docs[start : start + doc_chunk]
        parts[f"{PARTS_DIR}/d{start // doc_chunk}.js"] = render_part(
            {
                "part": f"d{start // doc_chunk}",
                "docs": [
                    [doc.title, doc.url, doc.date, [index for index, _ in doc.entities], doc.text]
                    for doc in chunk
                ],
            }
        )
    return parts
