"""Which entities appear together: a matrix of the digest's most-named entities.

Pure function over the catalogue's ArticleFacts. Rows and columns are the
entities named by the most articles; each cell counts the articles naming
both, the diagonal each entity's own articles. Shading steps are computed here
so the template only displays.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from .facts import ArticleFacts

SIZE = 16
STEPS = 5


@dataclass(frozen=True)
class Cell:
    count: int
    step: int  # 0 (none) .. STEPS


@dataclass(frozen=True)
class Matrix:
    entities: tuple[Any, ...]  # entity views, most articles first
    rows: tuple[tuple[Cell, ...], ...]


def _step(count: int, most: int) -> int:
    if count <= 0:
        return 0
    if most <= 1:
        return STEPS
    return 1 + min(STEPS - 1, int((STEPS - 1) * math.log(count) / math.log(most) + 1e-9))


def cooccurrence(facts: Iterable[ArticleFacts], views: Mapping[str, Any], size: int = SIZE) -> Matrix:
    """The matrix of the ``size`` entities named by the most articles (ties by name)."""
    facts = tuple(facts)
    own: Counter[str] = Counter(key for fact in facts for key in set(fact.entity_keys))
    ranked = sorted((key for key in own if key in views), key=lambda key: (-own[key], views[key].name.casefold(), key))
    chosen = ranked[:size]
    index = {key: position for position, key in enumerate(chosen)}
    pairs: Counter[tuple[int, int]] = Counter()
    for fact in facts:
        present = sorted({index[key] for key in fact.entity_keys if key in index})
        pairs.update(combinations(present, 2))
    most = max(pairs.values(), default=0)
    rows = []
    for i, key in enumerate(chosen):
        row = []
        for j in range(len(chosen)):
            if i == j:
                row.append(Cell(own[key], -1))
            else:
                count = pairs[(min(i, j), max(i, j))]
                row.append(Cell(count, _step(count, most)))
        rows.append(tuple(row))
    return Matrix(tuple(views[key] for key in chosen), tuple(rows))
