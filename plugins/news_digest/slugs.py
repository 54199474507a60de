"""Stable names: article slugs from headlines, and safe file names from seed names.

Both must stay the same when other seeds are added, so that a published link
or a generated file never moves because of an unrelated article. Slugs that
hand-written articles already take (as Pelican will give them) are avoided,
since two articles with one slug stop Pelican's build.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping

from unidecode import unidecode

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_FILE = re.compile(r"[^a-z0-9_-]+")
# Long headlines make unwieldy addresses; cut at a word boundary near this length.
MAX_SLUG_LENGTH = 80

# Python-Markdown's meta extension, which Pelican reads Markdown metadata with.
_META_BEGIN = re.compile(r"-{3}(\s.*)?")
_META_END = re.compile(r"(-{3}|\.{3})(\s.*)?")
_META_LINE = re.compile(r"[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"[ ]{4,}(?P<value>.*)")
# Pelican's default SLUG_REGEX_SUBSTITUTIONS, which its slugify applies to titles.
_PELICAN_SUBSTITUTIONS = (
    (re.compile(r"[^\w\s-]"), ""),
    (re.compile(r"\A\s*"), ""),
    (re.compile(r"\s*\Z"), ""),
    (re.compile(r"[-\s]+"), "-"),
)


def _fold(text: str) -> str:
    """Lower-case ASCII approximation: accents dropped, other scripts removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def article_slug(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """``Canadian Police Raid!`` -> ``canadian-police-raid``; may return ``""``.

    The slug of a generated article, from its headline: cut near ``max_length`` at a
    word boundary. Entity ids are ``text.slugify``'s (never cut, "ß" -> "ss"); the
    articles Pelican names itself (hand-written ones) get ``pelican_slugify``, which
    must match Pelican's own. Changing this one moves published article addresses.
    """
    slug = _NOT_SLUG.sub("-", _fold(text)).strip("-")
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > 0 else max_length].strip("-")
    return slug


def short_hash(text: str) -> str:
    """Eight hex digits that tell two different names apart."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _stem(seed: str) -> str:
    return seed[: -len(".txt")] if seed.lower().endswith(".txt") else seed


def article_filename(seed: str) -> str:
    """Output file name for a seed: ``000_ab.txt`` -> ``000_ab.md``.

    A name that is already lower-case ASCII letters, digits, ``_`` and ``-``
    is kept; any other (spaces, accents, leading dots, capitals, which collide
    on case-insensitive disks) is cleaned and gets a hash of the original
    name, so two seeds never share an output file.
    """
    stem = _stem(seed)
    if stem and stem[0].isalnum() and not _NOT_FILE.search(stem):
        return stem + ".md"
    cleaned = _NOT_FILE.sub("-", _fold(stem)).strip("-_.")[:60].strip("-_")
    return f"{cleaned or 'seed'}-{short_hash(seed)}.md"


def title_slug(title: str) -> str:
    """The slug a seed wants for its title, before it is made unique."""
    return article_slug(title) or "article"


def assign_slugs(
    titles: Mapping[str, str], pinned: Mapping[str, str] | None = None, reserved: Iterable[str] = ()
) -> dict[str, str]:
    """Give every seed a unique slug from its title; ``titles`` maps seed name -> title.

    Titles that share a slug are told apart by the seed's own name: the seed
    whose file name sorts first keeps the plain slug and the others get
    ``-<seed name>``. Seed files are numbered in the order they are added, so
    a new seed with an old headline never renames the older page. ``pinned``
    slugs (from editorial corrections) are used as they are, unless they are
    ``reserved`` (taken by pages we do not write): a seed whose slug is
    reserved gets ``-<seed name>`` too.
    """
    pinned = dict(pinned or {})
    taken: set[str] = set(reserved)
    result: dict[str, str] = {}
    later: list[tuple[str, str]] = []
    for seed, slug in pinned.items():
        if slug in taken:
            later.append((slug, seed))
        else:
            result[seed] = slug
    taken.update(result.values())
    wanted: dict[str, list[str]] = {}
    for seed in sorted(titles):
        if seed in pinned:
            continue
        wanted.setdefault(title_slug(titles[seed]), []).append(seed)

    for base, seeds in sorted(wanted.items()):
        first, *rest = seeds
        if base in taken:
            later.append((base, first))
        else:
            result[first] = base
            taken.add(base)
        later.extend((base, seed) for seed in rest)

    for base, seed in sorted(later, key=lambda item: item[1]):
        slug = _unique(base, seed, taken)
        result[seed] = slug
        taken.add(slug)
    return result


def _unique(base: str, seed: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    by_name = f"{base}-{article_slug(_stem(seed), 40) or 'seed'}"
    if by_name not in taken:
        return by_name
    return f"{by_name}-{short_hash(seed)}"


def markdown_metadata(text: str) -> dict[str, str]:
    """The metadata of a Markdown file as Pelican reads it: lower-case key -> its first value."""
    lines = text.removeprefix("\ufeff").splitlines()
    if lines and _META_BEGIN.match(lines[0]):
        lines = lines[1:]
    metadata: dict[str, str] = {}
    key = None
    for line in lines:
        if not line.strip() or _META_END.match(line):
            break
        match = _META_LINE.match(line)
        if match:
            key = match["key"].lower()
            metadata.setdefault(key, match["value"].strip())
        elif not (key and _META_MORE.match(line)):
            break
    return metadata


def _strip_tags(text: str) -> str:
    """Text without its HTML tags and comments; an unclosed one keeps the rest, as in MarkupSafe."""
    parts: list[str] = []
    position = 0
    while (start := text.find("<", position)) != -1:
        close = "-->" if text.startswith("<!--", start) else ">"
        end = text.find(close, start + 4 if close == "-->" else start)
        if end == -1:
            break
        parts.append(text[position:start])
        position = end + len(close)
    return "".join(parts) + text[position:]


def pelican_slugify(title: str) -> str:
    """The slug Pelican's default settings make of a title (``It's <em>Straße</em>`` -> ``its-strasse``).

    Pelican transliterates with Unidecode where our own slugify drops what has no
    accent-free form, so the two differ on "ß" or "Ø": a collision check must use this one.
    """
    text = html.unescape(" ".join(_strip_tags(title).split()))
    text = unidecode(unicodedata.normalize("NFKC", text))
    for pattern, replacement in _PELICAN_SUBSTITUTIONS:
        text = pattern.sub(replacement, text)
    return text.lower().strip()


def handwritten_slug(text: str, stem: str) -> str:
    """The slug Pelican gives the Markdown article ``text`` (file name ``stem``), lower-cased.

    Its ``Slug:``, else its title slugified, else its file name: lower-cased
    because two pages that differ only in case are one file on some disks.
    """
    metadata = markdown_metadata(text)
    slug = metadata.get("slug") or pelican_slugify(metadata.get("title", "")) or pelican_slugify(stem)
    return slug.lower()
