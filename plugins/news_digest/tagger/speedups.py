"""The compiled tagger and the memos that make it fast: results are the same without them.

``Matcher`` pairs the frozen ``Index`` with what it remembers across articles: what it
decided about each distinct token (with its leading space), the tokens of each space-free
chunk of text (news repeats "court." and "Canada's"), the short form inside each shape of
listed name, and which words are a typo apart. Each memo is bounded and is cleared
when full. It is the one mutable object of the tagger, and says so: not a dataclass.
(The look-aheads added to the discovery patterns are the other speed trick: ``patterns.py``.)
"""

from __future__ import annotations

import re

from itertools import accumulate, chain, compress
from operator import itemgetter
from typing import Any

from .index import Index
from .patterns import short_span
from .tokens import CAPITAL_CLASSES, TOKEN_RE, Tokens, token_key

_MEMO_LIMIT = 200_000
_BREAK_THEN_SPACE = re.compile(r"\n[^\S ]* ")
# Longest space-free chunk whose tokens are remembered whole.
_CHUNK_LIMIT = 64
_CLASS, _KEY, _STARTS, _TEXT, _CAPITAL, _LENGTH = map(itemgetter, range(6))
# What the tokenizer remembers of a token with its leading space: class, key, whether a listed
# name may start there, text, whether it is capitalised, length with the space.
_TokenInfo = tuple[str, str, bool, str, bool, int]


class Matcher:
    """The knowledge base's compiled ``index`` and the tagger's memos (see the module docstring)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._memo: dict[str, _TokenInfo] = {}
        self._chunks: dict[str, tuple[_TokenInfo, ...]] = {}
        self._counting: list[int] = []
        self._shorts: dict[str, tuple[int, int] | None] = {}
        self._near_memo: dict[tuple[str, str], bool] = {}

    def classify(self, token: str, spaced: bool = False) -> str:
        """The class of one token, from its shape and the word lists alone."""
        return self.index.word_classes.classify(token, spaced)

    def tokenize(self, text: str) -> Tokens:
        """Cut text into tokens and give each its key and context-free class."""
        if len(self._memo) > _MEMO_LIMIT:
            self._memo.clear()
        if len(self._chunks) > _MEMO_LIMIT:
            self._chunks.clear()
        infos = None
        # A break takes the whitespace after it, spaces too ("\n\t a"), and a run of
        # spaces belongs to the next token: such texts are cut as a whole.
        if "  " not in text and text[:1] != " " and not ("\n" in text and _BREAK_THEN_SPACE.search(text)):
            infos = self._chunked_infos(text)
        if infos is None:
            infos = self._piece_infos(TOKEN_RE.findall(text))
        # 0, 1, 2... made once and reused: compress() over a range would make an int per token
        positions = self._counting
        if len(positions) < len(infos):
            positions.extend(range(len(positions), len(infos)))
        # C-level passes (map, itemgetter, compress) over the tokens' remembered facts
        return Tokens(
            text=text,
            texts=list(map(_TEXT, infos)),
            keys=list(map(_KEY, infos)),
            ends=list(accumulate(map(_LENGTH, infos))),
            classes="".join(map(_CLASS, infos)),
            alias_starts=list(compress(positions, map(_STARTS, infos))),
            capitals=list(compress(positions, map(_CAPITAL, infos))),
        )

    def _piece_infos(self, pieces: list[str]) -> list[_TokenInfo]:
        memo = self._memo
        try:
            return list(map(memo.__getitem__, pieces))
        except KeyError:
            return [memo.get(piece) or self._remember(piece) for piece in pieces]

    def _chunked_infos(self, text: str) -> list[_TokenInfo] | None:
        """The tokens of a text cut at its spaces, each space-free chunk's tokens remembered.

        A chunk after a space is cut with that space, exactly as the regex cuts it inside
        the whole text (its first token is "spaced"). None when a chunk is not covered by
        its tokens (a tab at its end belongs to the next token): the caller cuts the whole text.
        """
        chunks = text.split(" ")
        first = chunks[0]
        pieces = TOKEN_RE.findall(first)
        if sum(map(len, pieces)) != len(first):
            return None
        parts: list[Any] = list(map(self._chunks.get, chunks))
        parts[0] = self._piece_infos(pieces)  # the first chunk has no space before it
        missing = -1
        try:
            while True:  # list.index finds the few chunks not seen before without a Python loop over all
                missing = parts.index(None, missing + 1)
                part = self._remember_chunk(chunks[missing])
                if part is None:
                    return None
                parts[missing] = part
        except ValueError:
            pass
        return list(chain.from_iterable(parts))

    def _remember_chunk(self, chunk: str) -> tuple[_TokenInfo, ...] | None:
        spaced = " " + chunk
        pieces = TOKEN_RE.findall(spaced)
        if sum(map(len, pieces)) != len(spaced):
            return None
        infos = tuple(self._piece_infos(pieces))
        if (
            len(chunk) <= _CHUNK_LIMIT
        ):  # a long run without spaces (a URL, unspaced script) is rarely seen twice
            self._chunks[chunk] = infos
        return infos

    def _remember(self, piece: str) -> _TokenInfo:
        """What the tokenizer keeps of one token, decided once per distinct token (with its space)."""
        token = piece.lstrip()
        key = token_key(token) if token else ""
        cls = self.index.word_classes.classify(token, spaced=len(token) != len(piece))
        # Most tokens cannot start a listed alias
        forms = self.index.first_index.get(key, ())
        starts = any(form.case == "any" or token[0].isupper() or token[0].isdigit() for form in forms)
        starts = starts or (key in self.index.context_index and token[0].isupper())
        capital = cls in CAPITAL_CLASSES and (token[:1].isupper() or token[:1].isdigit())
        info = (cls, key, starts, token, capital, len(piece))
        self._memo[piece] = info
        return info

    def short_span(self, classes: str) -> tuple[int, int] | None:
        """``patterns.short_span``, remembered per shape of name."""
        if classes in self._shorts:
            return self._shorts[classes]
        found = short_span(self.index.patterns, classes)
        if len(self._shorts) > _MEMO_LIMIT:
            self._shorts.clear()
        self._shorts[classes] = found
        return found

    def near(self, a: str, b: str) -> bool:
        """A typo apart: same first letter, one edit (two for long words), both long enough (tuning.yml)."""
        if a == b or a[:1] != b[:1]:
            return False
        shortest = min(len(a), len(b))
        tuning = self.index.tuning
        if shortest < tuning.near_min_length:
            return False
        pair = (a, b)
        known = self._near_memo.get(pair)
        if known is None:
            known = (
                within_one_edit(a, b)
                if shortest < tuning.near_two_edits_length
                else edit_distance(a, b, 2) <= 2
            )
            if len(self._near_memo) > _MEMO_LIMIT:
                self._near_memo.clear()
            self._near_memo[pair] = known
        return known


def within_one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by at most one insertion, deletion, substitution or swap."""
    if abs(len(a) - len(b)) > 1:
        return False
    p = 0
    shortest = min(len(a), len(b))
    while p < shortest and a[p] == b[p]:
        p += 1
    if len(a) == len(b):
        if a[p + 1 :] == b[p + 1 :]:
            return True
        return (
            a[p + 2 :] == b[p + 2 :] and a[p : p + 1] == b[p + 1 : p + 2] and a[p + 1 : p + 2] == b[p : p + 1]
        )
    if len(a) < len(b):
        return a[p:] == b[p + 1 :]
    return a[p + 1 :] == b[p:]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance between a and b, or limit + 1 when it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    # What both share at the start and the end costs nothing; only the middles need the table.
    start = 0
    shortest = min(len(a), len(b))
    while start < shortest and a[start] == b[start]:
        start += 1
    end = 0
    while end < shortest - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    if not a or not b:
        return len(a) + len(b) if len(a) + len(b) <= limit else limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)
