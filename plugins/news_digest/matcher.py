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
``tag.py``'s job. The compiled matcher keeps a memo of token classes, an internal
cache that never changes a result.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from .models import EntityKind

# One token: horizontal space, then a line break, dotted initials, a numbered code,
# a word (dots inside it kept, as in domains and decimals) or one punctuation mark.
_TOKEN_RE = re.compile(
    r"""[^\S\n]*(?:
        \n\s*
      | (?:[^\W\d_]\.)+[^\W\d_]\.?(?!\w)
      | \d+(?:/\w+)+
      | \w+(?:\.\w+)*
      | [^\w\s]
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
    "the": "T",
    "of": "c",
    "and": "a",
    "conn": "p",
    "desc": "d",
    "naming": "v",
    "lower": "w",
    "cap": "C",
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
KNOWN_CLASS: Mapping[str, str] = {"country": "G", "organisation": "R", "legal_instrument": "L"}

# Word lists patterns.yml must define, and the class each gives a token.
WORD_LIST_CLASSES: Mapping[str, str] = {
    "org_heads": "H",
    "generic_heads": "J",
    "company_heads": "M",
    "company_suffixes": "X",
    "instrument_heads": "A",
    "instrument_prefixes": "B",
    "descriptors": "d",
    "naming_words": "v",
    "connectors": "p",
    "function_words": "f",
    "tlds": "",
}
_PUNCT_CLASS = {
    ".": ".", "!": ".", "?": ".", ";": ".", ":": ".", "…": ".",
    ",": ",", "(": "(", "[": "(", ")": ")", "]": ")",
    "-": "-", "‐": "-", "‑": "-", "–": ",", "—": ",",
    "'": "'", "’": "'", '"': '"', "“": '"', "”": '"', "‘": '"', "«": '"', "»": '"',
    "&": "a",
}
_MEMO_LIMIT = 200_000


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
    return previous[-1]


@dataclass(frozen=True)
class Tokens:
    """A text cut into tokens: text, key and class of each, and where each ends."""

    text: str
    texts: list[str]
    keys: list[str]
    ends: list[int]
    classes: list[str]
    alias_starts: list[int]  # tokens where a listed alias may start

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


@dataclass(frozen=True)
class Pattern:
    """A discovery pattern: a regex over token classes that finds a name nobody listed."""

    id: str
    kind: EntityKind
    regex: re.Pattern[str]
    description: str
    site: bool = False


@dataclass(frozen=True)
class AmbiguityRules:
    """Context words that let an ambiguous alias ("Jordan", "Cox") count as the entity."""

    before: Mapping[str, frozenset[str]]
    after: Mapping[str, frozenset[str]]


@dataclass
class Candidate:
    """A possible mention: a token span and what it would refer to."""

    start: int
    end: int
    char_start: int
    char_end: int
    kind: EntityKind | None
    ref: str | int | None  # entity key (known), group number (discovered) or None (stop phrase)
    source: str  # "stop" | "known" | "pattern" | "local" | "near"
    ambiguous: bool = False
    variant: bool = False  # matched an all-caps alias written in title case ("Acta" for ACTA)
    pattern: Pattern | None = None
    short: tuple[int, int] | None = None  # token span of the pattern's short form

    @property
    def length(self) -> int:
        return self.char_end - self.char_start


_SOURCE_RANK = {"stop": 0, "known": 1, "pattern": 2, "local": 3, "near": 4}


def resolve(candidates: Iterable[Candidate], size: int) -> list[Candidate]:
    """Keep non-overlapping candidates: longest first, then leftmost. Returns them by position."""
    taken = bytearray(size)
    chosen = []
    ordered = sorted(candidates, key=lambda c: (-c.length, c.char_start, _SOURCE_RANK[c.source]))
    for candidate in ordered:
        span = taken[candidate.start : candidate.end]
        if any(span):
            continue
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
        chosen.append(candidate)
    chosen.sort(key=lambda c: c.start)
    return chosen


@dataclass(frozen=True, eq=False)
class Matcher:
    """Everything the tagger needs, compiled from the knowledge base once."""

    first_index: Mapping[str, tuple[AliasForm, ...]]
    compact_index: Mapping[str, str]
    single_keys: Mapping[str, tuple[str, ...]]  # entity key -> its one-token alias keys
    entity_kinds: Mapping[str, EntityKind]
    word_classes: Mapping[str, str]  # exact text -> class
    lower_classes: Mapping[str, str]  # lowercase word -> class
    tlds: frozenset[str]
    common_words: frozenset[str]
    patterns: tuple[Pattern, ...]
    ambiguity: AmbiguityRules
    _memo: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    # --- tokens ---------------------------------------------------------------------------

    def tokenize(self, text: str) -> Tokens:
        """Cut text into tokens and give each its key and context-free class."""
        pieces = _TOKEN_RE.findall(text)
        memo = self._memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        infos = [memo.get(piece) or self._remember(piece) for piece in pieces]
        return Tokens(
            text=text,
            texts=list(map(str.lstrip, pieces)),
            keys=[info[1] for info in infos],
            ends=list(accumulate(map(len, pieces))),
            classes=[info[0] for info in infos],
            alias_starts=[i for i, info in enumerate(infos) if info[2]],
        )

    def _remember(self, piece: str) -> tuple[str, str, bool]:
        token = piece.lstrip()
        key = token_key(token) if token else ""
        # Most tokens cannot start a listed alias: decide that once per distinct token.
        forms = self.first_index.get(key, ())
        starts = any(form.case == "any" or token[0].isupper() or token[0].isdigit() for form in forms)
        info = (self.classify(token, spaced=len(token) != len(piece)), key, starts)
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
                return "T"
            return "C"
        if any(ch.isupper() for ch in token[1:]):
            return "C"  # "isoHunt", "eBay": lowercase first letter, still a name
        return self.lower_classes.get(token.casefold(), "w")

    # --- known aliases -----------------------------------------------------------------------

    def known_candidates(self, tokens: Tokens) -> list[Candidate]:
        """Every place a listed alias (or stop phrase) matches, with its case rule met."""
        keys, texts, index = tokens.keys, tokens.texts, self.first_index
        found = []
        for i in tokens.alias_starts:
            for form in index[keys[i]]:
                n = len(form.keys)
                if n > 1 and (keys[i + 1 : i + 2] != [form.keys[1]] or tuple(keys[i : i + n]) != form.keys):
                    continue
                fit = _case_fit(form, texts, i)
                if not fit:
                    continue
                kind = None if form.entity is None else self.entity_kinds[form.entity]
                found.append(
                    Candidate(
                        start=i,
                        end=i + n,
                        char_start=tokens.start(i),
                        char_end=tokens.ends[i + n - 1],
                        kind=kind,
                        ref=form.entity,
                        source="known" if form.entity else "stop",
                        ambiguous=form.ambiguous,
                        variant=fit == 2,
                    )
                )
        classes = "".join(tokens.classes)
        i = classes.find("D")
        while i >= 0:
            entity = self.compact_index.get(site_base(keys[i]))
            if entity is not None:
                found.append(
                    Candidate(i, i + 1, tokens.start(i), tokens.ends[i], self.entity_kinds[entity], entity, "known")
                )
            i = classes.find("D", i + 1)
        return found

    # --- discovery ---------------------------------------------------------------------------

    def discover(self, tokens: Tokens, classes: str) -> list[Candidate]:
        """Names nobody listed, found by the patterns over the token classes.

        A candidate spans the pattern's ``name`` group: "private site Swepiracy" names
        Swepiracy, and only that word is the mention.
        """
        found = []
        for pattern in self.patterns:
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


def _alias_tokens(text: str) -> list[str]:
    return [piece.strip() for piece in _TOKEN_RE.findall(text) if piece.strip()]


def alias_keys(text: str, common_words: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The token keys an alias matches, a leading "the" dropped unless that leaves a common word."""
    keys = tuple(token_key(t) for t in _alias_tokens(text))
    if len(keys) > 1 and keys[0] == "the" and (len(keys) > 2 or keys[1] not in common_words):
        keys = keys[1:]
    return keys


def make_form(
    text: str, entity: str | None, ambiguous: bool, common_words: frozenset[str]
) -> AliasForm | None:
    """Compile one alias into the form the matcher compares tokens with."""
    tokens = _alias_tokens(text)
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
    return AliasForm(entity, keys, case, exact, title_variant, ambiguous, text)


def compile_patterns(
    raw_patterns: Sequence[Mapping[str, object]], macros: Mapping[str, str]
) -> tuple[Pattern, ...]:
    """Turn patterns.yml's patterns (regexes over {class} names and {macros}) into Patterns."""
    expanded_macros: dict[str, str] = {}
    for name, body in macros.items():
        expanded_macros[name] = "(?:" + _expand(str(body), expanded_macros, f"macro {name}") + ")"
    compiled = []
    for raw in raw_patterns:
        pattern_id = str(raw["id"])
        source = _expand(str(raw["match"]), expanded_macros, f"pattern {pattern_id}")
        try:
            regex = re.compile(source, re.VERBOSE)
        except re.error as error:
            raise PatternError(f"pattern {pattern_id}: bad regular expression: {error}") from error
        compiled.append(
            Pattern(
                id=pattern_id,
                kind=raw["kind"],  # type: ignore[arg-type]
                regex=regex,
                description=str(raw["description"]),
                site=bool(raw.get("site", False)),
            )
        )
    return tuple(compiled)


_PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")


def _expand(source: str, macros: Mapping[str, str], where: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in CLASS_NAMES:
            return re.escape(CLASS_NAMES[name]) if CLASS_NAMES[name] != "\n" else r"\n"
        if name in macros:
            return macros[name]
        raise PatternError(f"{where}: unknown class or macro {{{name}}}")

    return _PLACEHOLDER_RE.sub(replace, source)


def build_word_classes(
    words: Mapping[str, Sequence[str]],
) -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """Exact-text and lowercase-word class tables from the word lists, and the TLDs."""
    exact: dict[str, str] = {}
    lower: dict[str, str] = {"the": "T", "of": "c", "and": "a"}
    for list_name, cls in WORD_LIST_CLASSES.items():
        if not cls:
            continue
        for word in words.get(list_name, ()):
            if word[0].islower():
                lower.setdefault(word, cls)
                if list_name in ("connectors", "descriptors", "naming_words"):
                    continue
            exact.setdefault(word, cls)
    for word, cls in list(lower.items()):
        if cls in ("c", "a", "p"):
            exact.setdefault(word.capitalize(), cls)
    tlds = frozenset(t.casefold() for t in words.get("tlds", ()))
    return exact, lower, tlds
