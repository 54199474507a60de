"""One article as every step sees it: its document, tokens and the lookups over them.

Built once per article by ``tag()`` and read by every step; it holds no decision of any
step (those are passed from step to step explicitly). The lookups it remembers
(positions of a class, the set of keys) are facts of the text alone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..models import Document
from .index import Index
from .masks import mask_addresses
from .speedups import Matcher
from .tokens import OPENING_MARKS, SENTENCE_END, Tokens

if TYPE_CHECKING:
    from ..knowledge import KnowledgeBase


class Article:
    """The tokens of one document, with where its headline, paragraphs and blocks are."""

    def __init__(self, document: Document, kb: KnowledgeBase, matcher: Matcher) -> None:
        self.document = document
        self.kb = kb
        self.matcher = matcher
        self.index: Index = matcher.index
        # addresses masked (same length): every step reads this text, never the raw one
        self.text = mask_addresses(document.text)
        self.block_starts = document.block_starts  # computed by the document on each call: once here
        self.tokens: Tokens = matcher.tokenize(self.text)
        self.keys = self.tokens.keys
        self.classes = self.tokens.classes
        self.size = len(self.tokens)
        self.headline_size = bisect_right(self.tokens.ends, len(document.title))  # tokens of the headline
        self.free = self._discovery_allowed()
        self._positions: dict[str, list[int]] = {}
        self._key_set: set[str] | None = None

    def _discovery_allowed(self) -> bytearray:
        """1 for tokens of paragraphs and update notes; 0 for the headline and subheadings."""
        allowed = bytearray(self.size)
        ends = self.tokens.ends
        for block, start in zip(self.document.blocks, self.block_starts, strict=True):
            if block.kind == "subheading":
                continue
            first = bisect_right(ends, start)
            last = min(bisect_right(ends, start + len(block.text)), self.size - 1)
            allowed[first : last + 1] = b"\x01" * (last + 1 - first)
        return allowed

    def where(self, wanted: Iterable[str], capitalised: bool = True) -> list[int]:
        """Every token whose key is one of ``wanted``, in order; only capitalised ones by default.

        Whole-text Python loops are what the tagger spends its time on, so the
        capitalised tokens are found once, by the tokenizer.
        """
        wanted = wanted if isinstance(wanted, (set, frozenset, dict)) else set(wanted)
        if not wanted:
            return []
        keys = self.keys
        if capitalised:
            return [index for index in self.tokens.capitals if keys[index] in wanted]
        if self._key_set is None:
            self._key_set = set(keys)
        found = []
        for key in self._key_set.intersection(wanted):
            at = -1
            try:
                while True:
                    at = keys.index(key, at + 1)
                    found.append(at)
            except ValueError:
                pass
        return sorted(found)

    def class_positions(self, cls: str) -> list[int]:
        """Tokens of one class (as the tokenizer classed them)."""
        found = self._positions.get(cls)
        if found is None:
            found = []
            at = self.classes.find(cls)
            while at >= 0:
                found.append(at)
                at = self.classes.find(cls, at + 1)
            self._positions[cls] = found
        return found

    def sentence_start(self, index: int) -> bool:
        """Whether the token opens a sentence or block (quotes and brackets before it aside)."""
        classes = self.classes
        index -= 1
        while index >= 0 and classes[index] in OPENING_MARKS:
            index -= 1
        return index < 0 or classes[index] in SENTENCE_END

    def capitalised(self, index: int) -> bool:
        """Whether the token starts with a capital letter or a digit."""
        first = self.tokens.texts[index][:1]
        return first.isupper() or first.isdigit()

    def lead(self) -> tuple[int, int]:
        """Where the first paragraph is in the text ((0, 0) when there is none)."""
        for block, start in zip(self.document.blocks, self.block_starts, strict=True):
            if block.kind == "paragraph":
                return (start, start + len(block.text))
        return (0, 0)
