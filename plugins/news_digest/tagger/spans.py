"""Candidates (possible mentions), what they refer to, and the one overlap rule.

A candidate is immutable (a named tuple: as cheap to make as a mutable object, and
the tagger makes hundreds per article): a step that narrows or names one makes a new
one (``candidate._replace``). It refers to a ``Listed`` entity (the knowledge base's key),
to a ``Found`` name (a group of pattern finds, numbered per article), or to nothing
(a stop phrase, or a name not yet decided).

Overlaps resolve by one rule everywhere, the tagger's candidates and the rendered
links alike: the longest wins, then the leftmost (``longest_then_leftmost``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import NamedTuple

from ..models import EntityKind
from .patterns import Pattern


# References are named tuples: hashed and compared in C, and the tagger puts them in
# sets and dicts at every step. A Listed never equals a Found (a key is no number).
class Listed(NamedTuple):
    """A reference to an entity of the knowledge base, by its "kind/id" key."""

    key: str


class Found(NamedTuple):
    """A reference to a name found by the patterns: its group number in this article."""

    group: int


Ref = Listed | Found

# Where a candidate came from; on equal spans the earlier source wins.
SOURCES = ("stop", "known", "pattern", "context", "local", "near")
_SOURCE_RANK = {source: rank for rank, source in enumerate(SOURCES)}


class Candidate(NamedTuple):
    """A possible mention: a token span and what it would refer to."""

    start: int
    end: int
    char_start: int
    char_end: int
    kind: EntityKind | None
    ref: Ref | None
    source: str  # one of SOURCES
    ambiguous: bool = False
    variant: bool = False  # matched an all-caps alias written in title case ("Acta" for ACTA)
    demonym: bool = False  # matched a country's adjective or people noun ("Swedish")
    options: tuple[str, ...] = ()  # listed entities a contextual name may stand for ("Senate")
    pattern: Pattern | None = None
    short: tuple[int, int] | None = None  # token span of the pattern's short form

    @property
    def length(self) -> int:
        return self.char_end - self.char_start

    @property
    def listed(self) -> str | None:
        """The listed entity's key, when the candidate refers to one."""
        ref = self.ref
        return ref.key if isinstance(ref, Listed) else None


_START, _END = attrgetter("start"), attrgetter("end")


def overlap_key(start: int, end: int, rank: int) -> int:
    """The overlap rule's order as one integer: longer first, then leftmost, then by ``rank``.

    Compares like (start - end, start, rank) for offsets below 2**40 and ranks below 2**24;
    sorting by one integer from a list calls no Python function per item.
    """
    return ((start - end) << 64) + (start << 24) + rank


def longest_then_leftmost(
    keys: Sequence[int], starts: Sequence[int], ends: Sequence[int], size: int
) -> list[int]:
    """The overlap rule: which of several spans to keep, longest first, then leftmost.

    ``keys`` orders the items (``overlap_key`` of each as it is measured: characters);
    ``starts`` and ``ends`` give the span each occupies in units of ``size`` (characters
    or tokens). An item is kept unless a kept one occupies any of its span. Returns the
    kept items' indices, in the order they were kept.
    """
    occupied = bytearray(size)
    kept = []
    for position in sorted(range(len(keys)), key=keys.__getitem__):
        start, end = starts[position], ends[position]
        if end - start == 1:
            if occupied[start]:
                continue
            occupied[start] = 1
        else:
            if occupied.find(1, start, end) >= 0:
                continue
            occupied[start:end] = b"\x01" * (end - start)
        kept.append(position)
    return kept


def resolve(candidates: Iterable[Candidate], size: int) -> list[Candidate]:
    """Keep non-overlapping candidates (``longest_then_leftmost``); returns them by position."""
    candidates = list(candidates)
    rank = _SOURCE_RANK
    # overlap_key(c.char_start, c.char_end, rank), written out: this runs for every candidate
    keys = [((c.char_start - c.char_end) << 64) + (c.char_start << 24) + rank[c.source] for c in candidates]
    kept = longest_then_leftmost(keys, list(map(_START, candidates)), list(map(_END, candidates)), size)
    chosen = [candidates[position] for position in kept]
    chosen.sort(key=_START)
    return chosen
