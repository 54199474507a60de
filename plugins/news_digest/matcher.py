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
from itertools import accumulate, compress
from operator import itemgetter

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
}
_PUNCT_CLASS = {
    ".": ".", "!": ".", "?": ".", ";": ".", ":": ".", "…": ".",
    ",": ",", "(": "(", "[": "(", ")": ")", "]": ")",
    "-": "-", "‐": "-", "‑": "-", "–": ",", "—": ",",
    "'": "'", "’": "'", '"': '"', "“": '"', "”": '"', "‘": '"', "«": '"', "»": '"',
    "&": "a",
}
_MEMO_LIMIT = 200_000
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)


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
    demonym: bool = False


@dataclass(frozen=True)
class Pattern:
    """A discovery pattern: a regex over token classes that finds a name nobody listed."""

    id: str
    kind: EntityKind
    regex: re.Pattern[str]
    description: str
    site: bool = False
    # every token class the regex mentions: a span with any other class cannot match all of it
    alphabet: frozenset[str] = frozenset()


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


_SOURCE_RANK = {"stop": 0, "known": 1, "pattern": 2, "context": 3, "local": 4, "near": 5}


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
    scan_index: Mapping[str, Mapping[str, tuple[AliasForm, ...]]]  # first key -> second key ("" if none) -> forms
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
    instrument_nouns: frozenset[str]  # "law", "bill": what a nickname after them names
    _memo: dict[str, tuple[str, str, bool]] = field(default_factory=dict, repr=False)

    # --- tokens ---------------------------------------------------------------------------

    def tokenize(self, text: str) -> Tokens:
        """Cut text into tokens and give each its key and context-free class."""
        pieces = _TOKEN_RE.findall(text)
        memo = self._memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        # C-level passes (map, itemgetter, compress): most tokens were seen before, in the memo
        infos = list(map(memo.get, pieces))
        if None in infos:
            infos = [info or self._remember(piece) for info, piece in zip(infos, pieces)]
        return Tokens(
            text=text,
            texts=list(map(str.lstrip, pieces)),
            keys=list(map(_SECOND, infos)),
            ends=list(accumulate(map(len, pieces))),
            classes=list(map(_FIRST, infos)),
            alias_starts=list(compress(range(len(infos)), map(_THIRD, infos))),
        )

    def _remember(self, piece: str) -> tuple[str, str, bool]:
        token = piece.lstrip()
        key = token_key(token) if token else ""
        # Most tokens cannot start a listed alias: decide that once per distinct token.
        forms = self.first_index.get(key, ())
        starts = any(form.case == "any" or token[0].isupper() or token[0].isdigit() for form in forms)
        starts = starts or (key in self.context_index and token[0].isupper())
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

    # --- known aliases -----------------------------------------------------------------------

    def known_candidates(self, tokens: Tokens) -> list[Candidate]:
        """Every place a listed alias (or stop phrase) matches, with its case rule met."""
        keys, texts, index = tokens.keys, tokens.texts, self.scan_index
        last = len(keys) - 1
        found = []
        for i in tokens.alias_starts:
            by_second = index.get(keys[i])
            if by_second is None:
                continue
            longer = by_second.get(keys[i + 1], ()) if i < last else ()
            for form in (*longer, *by_second.get("", ())):
                n = len(form.keys)
                if n > 2 and tuple(keys[i : i + n]) != form.keys:
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
                        demonym=form.demonym,
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

    def contextual_candidates(self, tokens: Tokens) -> list[Candidate]:
        """Names that stand for an entity of the article's own country ("Senate", "Parliament")."""
        keys = tokens.keys
        found = []
        for i in tokens.alias_starts:
            for form_keys, options in self.context_index.get(keys[i], ()):
                n = len(form_keys)
                if tuple(keys[i : i + n]) == form_keys:
                    found.append(
                        Candidate(i, i + n, tokens.start(i), tokens.ends[i + n - 1],
                                  self.entity_kinds[options[0]], None, "context", options=options)
                    )
                    break
        return found

    def variant_options(self, keys: Sequence[str], kind: EntityKind) -> tuple[tuple[str, bool], ...]:
        """Listed entities a found name is a variant of ("Digital Economy Bill" -> the 2010 Act)."""
        options = self.variants.get(variant_key(keys, kind), ())
        return tuple(option for option in options if self.entity_kinds[option[0]] == kind)

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
        compiled.append(
            Pattern(
                id=pattern_id,
                kind=raw["kind"],  # type: ignore[arg-type]
                regex=regex,
                description=str(raw["description"]),
                site=bool(raw.get("site", False)),
                alphabet=frozenset(ch for ch in source if ch in _ALL_CLASSES) | ({"\n"} if "\\n" in source else set()),
            )
        )
    return tuple(compiled)


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
