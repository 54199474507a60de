"""Find candidate entity mentions in a text: tokens, known aliases and discovery patterns.

The matcher is compiled once, when the knowledge base loads (``knowledge.load_knowledge``), and
then used on many documents. It works on tokens, never on raw characters:

* ``tokenize`` splits a text into word and punctuation tokens with their offsets,
  keeping "U.S.", "Sparvar.org" and "2001/29/EC" whole; a blank line is a token of
  its own so that nothing ever matches across two blocks.
* Every token gets a one-character *class* ("C" capitalised word, "H" head word of an
  organisation name, "w" lowercase word...). The discovery patterns of
  ``patterns.yml`` are regular expressions over that class string, so the tagger's
  rules for names nobody listed are data, like spaCy's rule-based Matcher.
* Known aliases are found through an index keyed by their first token: most tokens
  miss with one dictionary lookup.

Nothing here decides which candidate wins or what the final entities are: that is
``tag.py``'s job. The compiled matcher keeps memos (what it decided about each
distinct token and the tokens of each space-free chunk of text, the short form inside each shape of listed name, the listed names
each found name is a variant of, which words are a typo apart): internal caches
that never change a result.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress
from operator import attrgetter, itemgetter
from typing import Any

from .models import EntityKind

# One token: horizontal space, then a line break, dotted initials, a numbered code,
# a word (dots inside it kept, as in domains and decimals) or one punctuation mark.
# The first branch is only a shortcut for the commonest token, a plain word that no
# other branch could extend (no dot, slash or word character after it): tried first,
# it spares the engine three failing branches on most tokens; its ASCII half comes first
# because a character set is a cheaper test than the Unicode word category. Possessive
# (++, *+) where giving characters back could never lead to a match.
_TOKEN_RE = re.compile(
    r"""[^\S\n]*+(?:
        [a-zA-Z0-9]++(?![\w./])
      | \w++(?![\w./])
      | [^\w\s]
      | \n\s*
      | (?:[^\W\d_]\.)+[^\W\d_]\.?(?!\w)
      | \d+(?:/\w+)+
      | \w+(?:\.\w+)*
    )""",
    re.VERBOSE,
)
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]\.?")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_CODE_RE = re.compile(r"\d+(?:/\w+)+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-"})

# Token classes: one character each. patterns.yml names them in braces, e.g. {cap}.
CLASS_NAMES: Mapping[str, str] = {
    "break": "\n",
    "stop": ".",
    "comma": ",",
    "open": "(",
    "close": ")",
    "hyphen": "-",
    "apostrophe": "'",
    "quote": '"',
    "punct": "#",
    "the": "TE",
    "the_cap": "E",
    "indef": "i",
    "of": "c",
    "and": "a",
    "conn": "p",
    "desc": "d",
    "role": "r",
    "naming": "v",
    "poss_noun": "P",
    "poss": "z",
    "number_word": "n",
    "lower": "w",
    "cap": "CP",
    "function": "f",
    "org_head": "H",
    "generic_head": "J",
    "company_head": "M",
    "suffix": "X",
    "inst_head": "A",
    "inst_prefix": "B",
    "letter": "U",
    "number": "N",
    "year": "Y",
    "domain": "D",
    "code": "Q",
    "country": "G",
    "org": "R",
    "instrument": "L",
}
_ALL_CLASSES = frozenset("".join(CLASS_NAMES.values()))
KNOWN_CLASS: Mapping[str, str] = {"country": "G", "organisation": "R", "legal_instrument": "L"}

# Word lists patterns.yml must define, and the class each gives a token.
WORD_LIST_CLASSES: Mapping[str, str] = {
    "number_words": "n",
    "org_heads": "H",
    "generic_heads": "J",
    "company_heads": "M",
    "company_suffixes": "X",
    "instrument_heads": "A",
    "instrument_prefixes": "B",
    "descriptors": "d",
    "roles": "r",
    "naming_words": "v",
    "connectors": "p",
    "possessive_nouns": "P",
    "function_words": "f",
    "tlds": "",
    "legislature_words": "",
    "renaming_phrases": "",
    "nickname_words": "",
    "instrument_nouns": "",
    "section_words": "",
}
_PUNCT_CLASS = {
    ".": ".", "!": ".", "?": ".", ";": ".", ":": ".", "…": ".",
    ",": ",", "(": "(", "[": "(", ")": ")", "]": ")",
    "-": "-", "‐": "-", "‑": "-", "–": ",", "—": ",",
    "'": "'", "’": "'", '"': '"', "“": '"', "”": '"', "‘": '"', "«": '"', "»": '"',
    "&": "a",
}
_MEMO_LIMIT = 200_000
# Near-spellings: a word this long may differ from a name by one edit, twice as long by two.
NEAR_MIN_LENGTH = 5
NEAR_TWO_EDITS_LENGTH = 10
_CLASS, _KEY, _STARTS, _TEXT, _CAPITAL, _LENGTH = map(itemgetter, range(6))
# What the tokenizer remembers of a token with its leading space: class, key, whether a listed
# name may start there, text, whether it is capitalised, length with the space.
_TokenInfo = tuple[str, str, bool, str, bool, int]
# Longest space-free chunk whose tokens are remembered whole.
_CHUNK_LIMIT = 64
# Classes of tokens that can be capitalised words of a name (or start one).
_CAPITAL_CLASSES = frozenset("CUPHJMXABEfnNYQDcap")


class PatternError(ValueError):
    """A discovery pattern or word list that cannot be compiled."""


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a token, used as its matching key."""
    text = text.translate(_APOSTROPHES).casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def token_key(token: str) -> str:
    """The key a token matches by: folded, and initials without their dots ("U.S." -> "us")."""
    if "." in token and _INITIALS_RE.fullmatch(token):
        token = token.replace(".", "")
    return fold(token)


def plain(token: str) -> str:
    """A token as written, but initials without dots: how case-sensitive aliases compare."""
    if "." in token and _INITIALS_RE.fullmatch(token):
        return token.replace(".", "")
    return token


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
        return a[p + 2 :] == b[p + 2 :] and a[p : p + 1] == b[p + 1 : p + 2] and a[p + 1 : p + 2] == b[p : p + 1]
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


@dataclass(frozen=True)
class Tokens:
    """A text cut into tokens: text, key and class of each, and where each ends.

    ``classes`` is one string, a character per token, so that the discovery patterns
    and ``str.find`` run over it directly.
    """

    text: str
    texts: list[str]
    keys: list[str]
    ends: list[int]
    classes: str
    alias_starts: list[int]  # tokens where a listed alias may start
    capitals: list[int]  # tokens of a name-like class that start with a capital or a digit

    def start(self, index: int) -> int:
        return self.ends[index] - len(self.texts[index])

    def __len__(self) -> int:
        return len(self.texts)


@dataclass(frozen=True)
class AliasForm:
    """One way of writing one entity (or a stop phrase, when ``entity`` is None)."""

    entity: str | None
    keys: tuple[str, ...]
    case: str  # "exact" | "acronym" | "initial" | "any"
    exact: tuple[str, ...]
    title_variant: str | None
    ambiguous: bool
    text: str
    demonym: bool = False


@dataclass(frozen=True)
class Pattern:
    """A discovery pattern: a regex over token classes that finds a name nobody listed."""

    id: str
    kind: EntityKind
    regex: re.Pattern[str]
    description: str
    site: bool = False
    headline: bool = False  # its matches are whole names even in a title-case headline ("Bill C-32")
    # every token class the regex mentions: a span with any other class cannot match all of it
    alphabet: frozenset[str] = frozenset()
    # a match holds one class of each of these sets: a text lacking a set is skipped
    needs: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class AmbiguityRules:
    """Context words that let an ambiguous alias ("Jordan", "Cox") count as the entity."""

    before: Mapping[str, frozenset[str]]
    after: Mapping[str, frozenset[str]]


@dataclass(slots=True, eq=False)
class Candidate:
    """A possible mention: a token span and what it would refer to."""

    start: int
    end: int
    char_start: int
    char_end: int
    kind: EntityKind | None
    ref: str | int | None  # entity key (known), group number (discovered) or None (stop phrase)
    source: str  # "stop" | "known" | "pattern" | "context" | "local" | "near"
    ambiguous: bool = False
    variant: bool = False  # matched an all-caps alias written in title case ("Acta" for ACTA)
    demonym: bool = False  # matched a country's adjective or people noun ("Swedish")
    options: tuple[str, ...] = ()  # entities a contextual name may stand for ("Senate")
    pattern: Pattern | None = None
    short: tuple[int, int] | None = None  # token span of the pattern's short form

    @property
    def length(self) -> int:
        return self.char_end - self.char_start


_START = attrgetter("start")
_SOURCE_RANK = {"stop": 0, "known": 1, "pattern": 2, "context": 3, "local": 4, "near": 5}


def resolve(candidates: Iterable[Candidate], size: int) -> list[Candidate]:
    """Keep non-overlapping candidates: longest first, then leftmost. Returns them by position."""
    taken = bytearray(size)
    chosen = []
    rank = _SOURCE_RANK
    candidates = list(candidates)
    # one integer per candidate, compared like (-length, start, rank); sorting positions by a
    # list lookup calls no Python function per candidate
    order = [((c.char_start - c.char_end) << 40) + (c.char_start << 3) + rank[c.source] for c in candidates]
    for position in sorted(range(len(candidates)), key=order.__getitem__):
        candidate = candidates[position]
        start, end = candidate.start, candidate.end
        if end - start == 1:
            if taken[start]:
                continue
            taken[start] = 1
        else:
            if taken.find(1, start, end) >= 0:
                continue
            taken[start:end] = b"\x01" * (end - start)
        chosen.append(candidate)
    chosen.sort(key=_START)
    return chosen


@dataclass(frozen=True, eq=False)
class Matcher:
    """Everything the tagger needs, compiled from the knowledge base once."""

    first_index: Mapping[str, tuple[AliasForm, ...]]
    # first key -> (one-token forms, the longer names as a tree of their next keys, contextual names);
    # a tree maps a key to (forms that end there, the tree of the keys after it or None)
    scan_index: Mapping[
        str,
        tuple[
            tuple[AliasForm, ...],
            Mapping[str, Any] | None,
            tuple[tuple[tuple[str, ...], tuple[str, ...]], ...],
        ],
    ]
    compact_index: Mapping[str, str]
    single_keys: Mapping[str, tuple[str, ...]]  # entity key -> its one-token alias keys
    entity_kinds: Mapping[str, EntityKind]
    word_classes: Mapping[str, str]  # exact text -> class
    lower_classes: Mapping[str, str]  # lowercase word -> class
    tlds: frozenset[str]
    common_words: frozenset[str]
    patterns: tuple[Pattern, ...]
    ambiguity: AmbiguityRules
    language: AmbiguityRules  # words around a demonym that make it a language ("in Swedish")
    entity_country: Mapping[str, str]  # entity key -> ISO code (countries: their own)
    variants: Mapping[tuple[str, ...], tuple[tuple[str, bool], ...]]  # variant key -> (entity, needs country)
    context_index: Mapping[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]  # first key -> forms
    multi_keys: Mapping[str, tuple[tuple[str, ...], ...]]  # entity key -> its aliases of several tokens
    near_names: Mapping[str, tuple[str, ...]]  # entity key -> every alias as one string of keys
    renaming_phrases: tuple[tuple[str, ...], ...]  # "formerly known as", longest first
    nickname_words: frozenset[str]  # "nicknamed"
    section_words: frozenset[str]  # "section", "article": a part of a law named before "of the ..."
    technical_terms: frozenset[str]  # "dns", "isp": never a name alone unless listed
    given_names: frozenset[str]  # "peter", "maria": a name after one is a person's
    never_near: frozenset[str]  # common words, technical terms, given names: never a typo of a name
    entity_category: Mapping[str, str]  # entity key -> the knowledge file that lists it (its field)
    entity_year: Mapping[str, int]  # entity key -> the year in its name ("Copyright Act 1968")
    instrument_nouns: frozenset[str]  # "law", "bill": what a nickname after them names
    initials: Mapping[str, str]  # organisation or instrument key -> its name's initials ("cea")
    listed_keys: frozenset[tuple[str, ...]]  # the keys of every listed name, alias and stop phrase
    _memo: dict[str, _TokenInfo] = field(default_factory=dict, repr=False)
    _chunks: dict[str, tuple[_TokenInfo, ...]] = field(default_factory=dict, repr=False)
    _counting: list[int] = field(default_factory=list, repr=False)
    _shorts: dict[str, tuple[int, int] | None] = field(default_factory=dict, repr=False)
    _variants_memo: dict[tuple[str, ...], tuple[tuple[str, bool], ...]] = field(default_factory=dict, repr=False)
    _near_memo: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False)

    def near(self, a: str, b: str) -> bool:
        """A typo apart: same first letter, one edit (two for long words), both long enough."""
        if a == b or a[:1] != b[:1]:
            return False
        shortest = min(len(a), len(b))
        if shortest < NEAR_MIN_LENGTH:
            return False
        pair = (a, b)
        known = self._near_memo.get(pair)
        if known is None:
            known = within_one_edit(a, b) if shortest < NEAR_TWO_EDITS_LENGTH else edit_distance(a, b, 2) <= 2
            if len(self._near_memo) > _MEMO_LIMIT:
                self._near_memo.clear()
            self._near_memo[pair] = known
        return known

    # --- tokens ---------------------------------------------------------------------------

    def tokenize(self, text: str) -> Tokens:
        """Cut text into tokens and give each its key and context-free class."""
        if len(self._memo) > _MEMO_LIMIT:
            self._memo.clear()
        if len(self._chunks) > _MEMO_LIMIT:
            self._chunks.clear()
        infos = None
        # A break followed by a space takes the space into the break token, and a run of
        # spaces belongs to the next token: such texts are cut as a whole.
        if "  " not in text and "\n " not in text and text[:1] != " ":
            infos = self._chunked_infos(text)
        if infos is None:
            infos = self._piece_infos(_TOKEN_RE.findall(text))
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

        News text repeats its words with their punctuation ("court.", "Canada's"), so
        most chunks were cut before: one lookup instead of the regex. A chunk after a
        space is cut with that space, exactly as the regex cuts it inside the whole text
        (its first token is "spaced"). None when a chunk is not covered by its tokens
        (a tab at its end belongs to the next token), so the caller cuts the whole text.
        """
        chunks = text.split(" ")
        first = chunks[0]
        pieces = _TOKEN_RE.findall(first)
        if sum(map(len, pieces)) != len(first):
            return None
        parts = list(map(self._chunks.get, chunks))
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
        pieces = _TOKEN_RE.findall(spaced)
        if sum(map(len, pieces)) != len(spaced):
            return None
        infos = tuple(self._piece_infos(pieces))
        if len(chunk) <= _CHUNK_LIMIT:  # a long run without spaces (a URL, unspaced script) is rarely seen twice
            self._chunks[chunk] = infos
        return infos

    def _remember(self, piece: str) -> _TokenInfo:
        """What the tokenizer keeps of one token, decided once per distinct token (with its space)."""
        token = piece.lstrip()
        key = token_key(token) if token else ""
        cls = self.classify(token, spaced=len(token) != len(piece))
        # Most tokens cannot start a listed alias
        forms = self.first_index.get(key, ())
        starts = any(form.case == "any" or token[0].isupper() or token[0].isdigit() for form in forms)
        starts = starts or (key in self.context_index and token[0].isupper())
        capital = cls in _CAPITAL_CLASSES and (token[:1].isupper() or token[:1].isdigit())
        info = (cls, key, starts, token, capital, len(piece))
        self._memo[piece] = info
        return info

    def classify(self, token: str, spaced: bool = False) -> str:
        """The class of one token, from its shape and the word lists alone."""
        if not token or token[0] == "\n":
            return "\n"
        first = token[0]
        if not (first.isalnum() or first == "_"):
            if spaced and token == "-":
                return ","  # a spaced hyphen is a dash, not a joiner
            return _PUNCT_CLASS.get(token, "#")
        if token == "s" and not spaced:
            return "z"  # the "s" of a possessive
        if token in self.word_classes:
            return self.word_classes[token]
        if token.isdigit():
            return "Y" if _YEAR_RE.fullmatch(token) else "N"
        if _CODE_RE.fullmatch(token):
            return "Q"
        if "." in token and not _INITIALS_RE.fullmatch(token):
            head, _, tld = token.rpartition(".")
            if tld.casefold() in self.tlds and any(ch.isalpha() for ch in head):
                return "D"
            if tld.isdigit():
                return "N"
        stripped = plain(token)
        if stripped in self.word_classes:
            return self.word_classes[stripped]
        if first.isdigit():
            return "N"
        if first.isupper():
            if len(stripped) == 1:
                return "U"
            if token.casefold() == "the":
                return "E"
            return "C"
        if any(ch.isupper() for ch in token[1:]):
            return "C"  # "isoHunt", "eBay": lowercase first letter, still a name
        return self.lower_classes.get(token.casefold(), "w")

    def short_span(self, classes: str) -> tuple[int, int] | None:
        """Where the short form is in a name whose token classes are ``classes``, if a pattern marks one.

        The span is relative to the name and never the whole of it ("C-32" in "Bill C-32").
        """
        if classes in self._shorts:
            return self._shorts[classes]
        found = None
        for pattern in self.patterns:
            if "short" not in pattern.regex.groupindex or not pattern.alphabet.issuperset(classes):
                continue
            match = pattern.regex.fullmatch(classes)
            if match and match.start("short") >= 0 and match.span("short") != (0, len(classes)):
                found = match.span("short")
                break
        if len(self._shorts) > _MEMO_LIMIT:
            self._shorts.clear()
        self._shorts[classes] = found
        return found

    # --- known aliases -----------------------------------------------------------------------

    def known_candidates(self, tokens: Tokens) -> list[Candidate]:
        """Every place a listed alias (or stop phrase) matches, with its case rule met."""
        return self.listed_candidates(tokens)[0]

    def contextual_candidates(self, tokens: Tokens) -> list[Candidate]:
        """Names that stand for an entity of the article's own country ("Senate", "Parliament")."""
        return self.listed_candidates(tokens)[1]

    def listed_candidates(self, tokens: Tokens) -> tuple[list[Candidate], list[Candidate]]:
        """``known_candidates`` and ``contextual_candidates`` in one pass over the tokens."""
        keys, texts, ends, index = tokens.keys, tokens.texts, tokens.ends, self.scan_index
        kinds = self.entity_kinds
        found = []
        contextual = []
        size = len(keys)
        for i in tokens.alias_starts:
            entry = index.get(keys[i])
            if entry is None:
                continue
            alone, tree, context = entry
            forms: Sequence[AliasForm] = alone
            if tree is not None:
                # follow the text down the tree of longer names: one lookup per token
                ending: list[tuple[AliasForm, ...]] = []
                j = i + 1
                while tree is not None and j < size:
                    step = tree.get(keys[j])
                    if step is None:
                        break
                    if step[0]:
                        ending.append(step[0])
                    tree = step[1]
                    j += 1
                if ending:
                    forms = [form for group in reversed(ending) for form in group] + list(alone)
            for form in forms:
                n = len(form.keys)
                case = form.case
                if case == "initial":
                    if not texts[i][0].isupper():
                        continue
                    fit = 1
                elif case == "any":
                    fit = 1
                else:
                    fit = _case_fit(form, texts, i)
                    if not fit:
                        continue
                entity = form.entity
                # positional: this runs for every alias found, and keywords cost more
                found.append(
                    Candidate(
                        i, i + n, ends[i] - len(texts[i]), ends[i + n - 1],
                        None if entity is None else kinds[entity], entity, "known" if entity else "stop",
                        form.ambiguous, fit == 2, form.demonym,
                    )
                )
            for form_keys, options in context:
                n = len(form_keys)
                if tuple(keys[i : i + n]) == form_keys:
                    contextual.append(
                        Candidate(i, i + n, ends[i] - len(texts[i]), ends[i + n - 1],
                                  kinds[options[0]], None, "context", options=options)
                    )
                    break
        classes = tokens.classes
        i = classes.find("D")
        while i >= 0:
            entity = self.compact_index.get(site_base(keys[i]))
            if entity is not None:
                found.append(
                    Candidate(i, i + 1, tokens.start(i), tokens.ends[i], self.entity_kinds[entity], entity, "known")
                )
            i = classes.find("D", i + 1)
        return found, contextual

    def variant_options(self, keys: Sequence[str], kind: EntityKind) -> tuple[tuple[str, bool], ...]:
        """Listed entities a found name is a variant of ("Digital Economy Bill" -> the 2010 Act)."""
        memo_key = (kind, *keys)
        options = self._variants_memo.get(memo_key)
        if options is None:
            found = self.variants.get(variant_key(keys, kind), ())
            options = tuple(option for option in found if self.entity_kinds[option[0]] == kind)
            if len(self._variants_memo) > _MEMO_LIMIT:
                self._variants_memo.clear()
            self._variants_memo[memo_key] = options
        return options

    # --- discovery ---------------------------------------------------------------------------

    def discover(self, tokens: Tokens, classes: str) -> list[Candidate]:
        """Names nobody listed, found by the patterns over the token classes.

        A candidate spans the pattern's ``name`` group: "private site Swepiracy" names
        Swepiracy, and only that word is the mention.
        """
        found = []
        for pattern in self.patterns:
            if not all(any(ch in classes for ch in chars) for chars in pattern.needs):
                continue
            for match in pattern.regex.finditer(classes):
                start, end = match.span()
                if start == end:
                    continue
                groups = pattern.regex.groupindex
                if "name" in groups and match.start("name") >= 0:
                    name_start, name_end = match.span("name")
                else:
                    name_start, name_end = start, end
                if name_start == name_end:
                    continue
                found.append(
                    Candidate(
                        start=name_start,
                        end=name_end,
                        char_start=tokens.start(name_start),
                        char_end=tokens.ends[name_end - 1],
                        kind=pattern.kind,
                        ref=None,
                        source="pattern",
                        pattern=pattern,
                        short=match.span("short") if "short" in groups and match.start("short") >= 0 else None,
                    )
                )
        return found


# A word of a name, camel-case parts apart: "TorrentFreak" -> "Torrent", "Freak".
_NAME_WORD_RE = re.compile(r"[^\W\d_][^\W\d_A-Z]*")
# Small words an acronym leaves out.
_INITIALS_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "de", "la", "du"})


def initials(name: str) -> str | None:
    """"Consumer Electronics Association" -> "cea": the first letters of a name's words, lowercased.

    Small words ("of", "the") are left out; None for a name of fewer than two other words.
    """
    words = [w.casefold() for w in _NAME_WORD_RE.findall(name)]
    significant = [w for w in words if w not in _INITIALS_SKIP]
    return "".join(w[0] for w in significant) if len(significant) >= 2 else None


def variant_key(keys: Sequence[str], kind: str) -> tuple[str, ...]:
    """A name's key without what varies between mentions of one law or body.

    Years ("Act 2010", "Act, 1957", "Act of 1998"), commas and a leading "the" go,
    and a bill is the act it becomes ("Digital Economy Bill" ~ "Digital Economy Act").
    """
    result: list[str] = []
    for key in keys:
        if key == ",":
            continue
        if _YEAR_RE.fullmatch(key):
            if result and result[-1] == "of":
                result.pop()
            continue
        result.append(key)
    if len(result) > 1 and result[0] == "the":
        result = result[1:]
    if kind == "legal_instrument":
        result = ["act" if key == "bill" else key for key in result]
    return tuple(result)


def site_base(key: str) -> str:
    """"www.sparvar.org" -> "sparvar": the name part of a domain, as a key."""
    key = key.removeprefix("www.")
    return key.split(".", 1)[0]


def _case_fit(form: AliasForm, texts: Sequence[str], i: int) -> int:
    """0: the case rule fails; 1: it holds; 2: it holds only as the title-case variant ("Acta")."""
    if form.case == "initial":
        return int(texts[i][0].isupper())
    if form.case == "any":
        return 1
    n = len(form.exact)
    written = tuple(plain(t) for t in texts[i : i + n])
    if written == form.exact:
        return 1
    return 2 if form.case == "acronym" and written[0] == form.title_variant else 0


# --- compiling ------------------------------------------------------------------------------


def alias_tokens(text: str) -> list[str]:
    """The tokens of an alias as written (no blank-line breaks in an alias)."""
    return [piece.strip() for piece in _TOKEN_RE.findall(text) if piece.strip()]


def alias_keys(text: str, common_words: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The token keys an alias matches, a leading "the" dropped unless that leaves a common word."""
    keys = tuple(token_key(t) for t in alias_tokens(text))
    if len(keys) > 1 and keys[0] == "the" and (len(keys) > 2 or keys[1] not in common_words):
        keys = keys[1:]
    return keys


def make_form(
    text: str, entity: str | None, ambiguous: bool, common_words: frozenset[str], demonym: bool = False
) -> AliasForm | None:
    """Compile one alias into the form the matcher compares tokens with."""
    tokens = alias_tokens(text)
    keys = alias_keys(text, common_words)
    if not keys:
        return None
    tokens = tokens[len(tokens) - len(keys) :]
    letters = [ch for ch in "".join(tokens) if ch.isalpha()]
    exact = tuple(plain(t) for t in tokens)
    title_variant = None
    if letters and not any(ch.islower() for ch in letters):
        case = "exact"
        if len(tokens) == 1 and len(letters) >= 4 and exact[0].isalpha():
            variant = exact[0].capitalize()
            if variant.casefold() not in common_words:
                case, title_variant = "acronym", variant
    elif tokens[0][0].isupper():
        case = "initial"
    else:
        case = "any"
    return AliasForm(entity, keys, case, exact, title_variant, ambiguous, text, demonym)


def compile_patterns(
    raw_patterns: Sequence[Mapping[str, object]], macros: Mapping[str, str]
) -> tuple[Pattern, ...]:
    """Turn patterns.yml's patterns (regexes over {class} names and {macros}) into Patterns."""
    expanded_macros = _expand_macros(macros)
    compiled = []
    for raw in raw_patterns:
        pattern_id = str(raw["id"])
        source = _expand(str(raw["match"]), expanded_macros, f"pattern {pattern_id}")
        try:
            regex = re.compile(source, re.VERBOSE)
        except re.error as error:
            raise PatternError(f"pattern {pattern_id}: bad regular expression: {error}") from error
        firsts, needs, alphabet = speedups(source)
        if firsts:
            # The same matches, found faster. The engine tries a pattern at every token, and
            # most tokens cannot start it: a one-character look-ahead turns those away at once.
            # Where the pattern never takes a lowercase word, a second look-ahead runs along
            # the capitalised words ahead for a class every match needs (its head word), so a
            # run of words without one is given up in one sweep instead of token by token.
            ahead = f"(?=[{_char_set(firsts)}])"
            if alphabet is not None and CLASS_NAMES["lower"] not in alphabet:
                ahead += "".join(f"(?=[{_char_set(alphabet)}]*?[{_char_set(chars)}])" for chars in needs if not chars <= firsts)
            regex = re.compile(f"{ahead}(?:{source})", re.VERBOSE)
        compiled.append(
            Pattern(
                id=pattern_id,
                kind=raw["kind"],  # type: ignore[arg-type]
                regex=regex,
                description=str(raw["description"]),
                site=bool(raw.get("site", False)),
                headline=bool(raw.get("headline", False)),
                alphabet=frozenset(ch for ch in source if ch in _ALL_CLASSES) | ({"\n"} if "\\n" in source else set()),
                needs=needs,
            )
        )
    return tuple(compiled)


def _parse(source: str) -> tuple[Any, Any] | None:
    """The standard library's parse tree of a regex and its opcodes; None where unavailable."""
    try:
        from re import _constants as opcodes, _parser as parser  # type: ignore[attr-defined]

        return parser.parse(source, re.VERBOSE), opcodes
    except (ImportError, AttributeError, re.error):
        return None


def _first(items: Iterable[tuple[Any, Any]], sre: Any) -> tuple[set[str] | None, bool]:
    """(characters a match of this sequence can start with, or None for any; can it be empty)."""
    found: set[str] = set()
    for op, av in items:
        chars, nullable = _first_of_item(op, av, sre)
        if chars is None:
            return None, False
        found |= chars
        if not nullable:
            return found, False
    return found, True


def _first_of_item(op: Any, av: Any, sre: Any) -> tuple[set[str] | None, bool]:
    if op is sre.LITERAL:
        return {chr(av)}, False
    if op is sre.IN:
        chars: set[str] = set()
        for inner, value in av:
            if inner is sre.LITERAL:
                chars.add(chr(value))
            elif inner is sre.RANGE and value[1] - value[0] < 256:
                chars.update(chr(code) for code in range(value[0], value[1] + 1))
            else:
                return None, False  # negated sets, categories, huge ranges
        return chars, False
    if op is sre.SUBPATTERN:
        return _first(av[3], sre)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        chars, nullable = _first(av[2], sre)
        return chars, nullable or av[0] == 0
    if op is sre.ATOMIC_GROUP:
        return _first(av, sre)
    if op is sre.BRANCH:
        union: set[str] = set()
        empty = False
        for branch in av[1]:
            chars, nullable = _first(branch, sre)
            if chars is None:
                return None, False
            union |= chars
            empty = empty or nullable
        return union, empty
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return set(), True  # takes no character: the next item decides
    return None, False


def _mandatory(items: Iterable[tuple[Any, Any]], sre: Any) -> list[set[str]]:
    """Sets of characters of which every match holds at least one (one set per required item)."""
    found = []
    for op, av in items:
        if op is sre.SUBPATTERN:
            found += _mandatory(av[3], sre)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            found += _mandatory(av[2], sre)
        else:
            chars, nullable = _first_of_item(op, av, sre)
            if chars and not nullable:
                found.append(chars)
    return found


def speedups(
    source: str,
) -> tuple[frozenset[str] | None, tuple[frozenset[str], ...], frozenset[str] | None]:
    """What lets a pattern skip work without changing its matches.

    Returns the characters a match can start with (None when any, or when the regex
    already starts with a fixed character, which the engine looks for by itself),
    small sets of characters of which every match holds one each (a text lacking any
    of them cannot match), and every character a match can hold (None when unknown).
    All are read from the regex's parse tree; anything unknown only costs speed.
    """
    parsed = _parse(source)
    if parsed is None:
        return None, (), None
    tree, sre = parsed
    items = list(tree)
    while items and items[0][0] is sre.SUBPATTERN:
        items = list(items[0][1][3])
    starts_fixed = bool(items) and (items[0][0] is sre.LITERAL or (items[0][0] is sre.IN and _first(items[:1], sre)[0]))
    chars, nullable = _first(tree, sre)
    firsts = None if starts_fixed or chars is None or nullable or not chars else frozenset(chars)
    needed: list[frozenset[str]] = []
    for chars in _mandatory(tree, sre):
        if len(chars) <= 2 and frozenset(chars) not in needed:
            needed.append(frozenset(chars))
    alphabet: set[str] | None = set()
    try:
        _collect_alphabet(tree, sre, alphabet)
    except ValueError:
        alphabet = None
    return firsts, tuple(needed), None if alphabet is None else frozenset(alphabet)


def _collect_alphabet(items: Iterable[tuple[Any, Any]], sre: Any, into: set[str]) -> None:
    """Add every character the regex items can take (look-arounds included: more is safe)."""
    for op, av in items:
        if op is sre.LITERAL:
            into.add(chr(av))
        elif op is sre.IN:
            chars, _ = _first_of_item(op, av, sre)
            if chars is None:
                raise ValueError("a set this cannot list")
            into |= chars
        elif op is sre.SUBPATTERN:
            _collect_alphabet(av[3], sre, into)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            _collect_alphabet(av[2], sre, into)
        elif op is sre.ATOMIC_GROUP:
            _collect_alphabet(av, sre, into)
        elif op is sre.BRANCH:
            for branch in av[1]:
                _collect_alphabet(branch, sre, into)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            _collect_alphabet(av[1], sre, into)
        elif op is not sre.AT:
            raise ValueError(f"cannot list the characters of {op}")


def _char_set(chars: Iterable[str]) -> str:
    """The inside of a regex character set holding exactly ``chars``, escaped."""
    return "".join(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}" for ch in sorted(chars))


_PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")


def _expand_macros(macros: Mapping[str, str]) -> dict[str, str]:
    """Every macro as a regex group, macros inside macros expanded first, in any order."""
    expanded: dict[str, str] = {}
    for name in macros:
        if name in CLASS_NAMES:
            raise PatternError(f"macro {name}: the name of a token class cannot be a macro's")

    def expand(name: str, trail: tuple[str, ...]) -> str:
        if name in expanded:
            return expanded[name]
        if name in trail:
            raise PatternError(f"macro {name}: defined in terms of itself ({' -> '.join((*trail, name))})")
        needed = {m for m in _PLACEHOLDER_RE.findall(macros[name]) if m in macros}
        done = {m: expand(m, (*trail, name)) for m in needed}
        expanded[name] = "(?:" + _expand(str(macros[name]), done, f"macro {name}") + ")"
        return expanded[name]

    for name in macros:
        expand(name, ())
    return expanded


def _expand(source: str, macros: Mapping[str, str], where: str) -> str:
    """Replace {class} names by their characters and {macro} names by their regex.

    A class of several characters ({the}: "the" or "The") becomes a character set,
    or just its characters when it is already inside one ("[{indef}{the}]").
    """
    out: list[str] = []
    in_set = False
    position = 0
    while position < len(source):
        char = source[position]
        match = _PLACEHOLDER_RE.match(source, position)
        if match:
            name = match.group(1)
            if name in CLASS_NAMES:
                chars = "".join(r"\n" if c == "\n" else re.escape(c) for c in CLASS_NAMES[name])
                out.append(chars if in_set or len(CLASS_NAMES[name]) == 1 else f"[{chars}]")
            elif name in macros:
                if in_set:
                    raise PatternError(f"{where}: macro {{{name}}} cannot be used inside [...]")
                out.append(macros[name])
            else:
                raise PatternError(f"{where}: unknown class or macro {{{name}}}")
            position = match.end()
            continue
        if char == "\\":
            out.append(source[position : position + 2])
            position += 2
            continue
        if char == "[" and not in_set:
            in_set = True
        elif char == "]" and in_set:
            in_set = False
        out.append(char)
        position += 1
    return "".join(out)


def build_word_classes(
    words: Mapping[str, Sequence[str]],
) -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """Exact-text and lowercase-word class tables from the word lists, and the TLDs."""
    exact: dict[str, str] = {}
    lower: dict[str, str] = {"the": "T", "of": "c", "and": "a", "a": "i", "an": "i"}
    for list_name, cls in WORD_LIST_CLASSES.items():
        if not cls:
            continue
        for word in words.get(list_name, ()):
            if word[0].islower():
                lower.setdefault(word, cls)
                if list_name in ("connectors", "descriptors", "naming_words", "roles"):
                    continue
            exact.setdefault(word, cls)
    for word, cls in list(lower.items()):
        if cls in ("c", "a", "p"):
            exact.setdefault(word.capitalize(), cls)
    tlds = frozenset(t.casefold() for t in words.get("tlds", ()))
    return exact, lower, tlds
