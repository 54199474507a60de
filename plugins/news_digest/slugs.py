"""Stable names: article slugs from headlines, and safe file names from seed names.

Both must stay the same when other seeds are added, so that a published link
or a generated file never moves because of an unrelated article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_FILE = re.compile(r"[^a-z0-9_-]+")
# Long headlines make unwieldy addresses; cut at a word boundary near this length.
MAX_SLUG_LENGTH = 80


def _fold(text: str) -> str:
    """Lower-case ASCII approximation: accents dropped, other scripts removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """``Canadian Police Raid!`` -> ``canadian-police-raid``; may return ``""``."""
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


def assign_slugs(titles: Mapping[str, str], pinned: Mapping[str, str] | None = None) -> dict[str, str]:
    """Give every seed a unique slug from its title; ``titles`` maps seed name -> title.

    Titles that share a slug are told apart by the seed's own name: the seed
    whose file name sorts first keeps the plain slug and the others get
    ``-<seed name>``. Seed files are numbered in the order they are added, so
    a new seed with an old headline never renames the older page. ``pinned``
    slugs (from editorial corrections) are used as they are.
    """
    pinned = dict(pinned or {})
    taken: set[str] = set(pinned.values())
    result: dict[str, str] = dict(pinned)
    wanted: dict[str, list[str]] = {}
    for seed in sorted(titles):
        if seed in pinned:
            continue
        base = slugify(titles[seed]) or "article"
        wanted.setdefault(base, []).append(seed)

    later: list[tuple[str, str]] = []
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
    by_name = f"{base}-{slugify(_stem(seed), 40) or 'seed'}"
    if by_name not in taken:
        return by_name
    return f"{by_name}-{short_hash(seed)}"
