"""Cut a text into tokens with offsets, a matching key and a named token class each.

Every token gets a one-character class; ``patterns.yml`` names the classes in braces
(``{cap}``, ``{org_head}``) and the Python code uses the constants below, named the same.
The discovery patterns are regular expressions over the string of classes, like spaCy's
rule-based Matcher. A blank line is a token of its own, so nothing matches across blocks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..text import fold

# --- the token classes, one character each, named as patterns.yml names them --------------------
BREAK, STOP, COMMA, OPEN, CLOSE, HYPHEN, APOSTROPHE, QUOTE, PUNCT = (
    "\n",
    ".",
    ",",
    "(",
    ")",
    "-",
    "'",
    '"',
    "#",
)
THE, THE_CAP, INDEF, OF, AND, CONN, OWNER, LISTING = "T", "E", "i", "c", "a", "p", "o", "k"
DESC, ROLE, NAMING, POSS_NOUN, POSS, NUMBER_WORD, LOWER, CAP, FUNCTION = (
    "d",
    "r",
    "v",
    "P",
    "z",
    "n",
    "w",
    "C",
    "f",
)
ORG_HEAD, GENERIC_HEAD, COMPANY_HEAD, SUFFIX, INST_HEAD, INST_PREFIX = "H", "J", "M", "X", "A", "B"
LETTER, NUMBER, YEAR, DOMAIN, CODE = "U", "N", "Y", "D", "Q"
COUNTRY, ORG, INSTRUMENT = "G", "R", "L"  # listed names, marked before the patterns run

CLASS_NAMES: Mapping[str, str] = {
    "break": BREAK, "stop": STOP, "comma": COMMA, "open": OPEN, "close": CLOSE, "hyphen": HYPHEN,
    "apostrophe": APOSTROPHE, "quote": QUOTE, "punct": PUNCT,
    "the": THE + THE_CAP, "the_cap": THE_CAP, "indef": INDEF, "of": OF, "and": AND, "conn": CONN,
    "owner": OWNER, "listing": LISTING,
    "desc": DESC, "role": ROLE, "naming": NAMING, "poss_noun": POSS_NOUN, "poss": POSS,
    "number_word": NUMBER_WORD, "lower": LOWER, "cap": CAP + POSS_NOUN, "function": FUNCTION,
    "org_head": ORG_HEAD, "generic_head": GENERIC_HEAD, "company_head": COMPANY_HEAD, "suffix": SUFFIX,
    "inst_head": INST_HEAD, "inst_prefix": INST_PREFIX, "letter": LETTER, "number": NUMBER, "year": YEAR,
    "domain": DOMAIN, "code": CODE, "country": COUNTRY, "org": ORG, "instrument": INSTRUMENT,
}  # fmt: skip
ALL_CLASSES = frozenset("".join(CLASS_NAMES.values()))
KNOWN_CLASS: Mapping[str, str] = {"country": COUNTRY, "organisation": ORG, "legal_instrument": INSTRUMENT}

# Groups of classes the steps ask about.
NAME_WORD = LETTER + CAP + POSS_NOUN  # a capitalised word of a name
SENTENCE_END = STOP + BREAK
OPENING_MARKS = QUOTE + APOSTROPHE + OPEN  # what may stand between a sentence's end and its first word
NAME_END = STOP + COMMA + CLOSE + BREAK  # what may follow a name that ends a phrase
# Classes that can be capitalised words of a name (or start one).
CAPITAL_CLASSES = frozenset(
    NAME_WORD
    + ORG_HEAD
    + GENERIC_HEAD
    + COMPANY_HEAD
    + SUFFIX
    + INST_HEAD
    + INST_PREFIX
    + THE_CAP
    + FUNCTION
    + NUMBER_WORD
    + NUMBER
    + YEAR
    + CODE
    + DOMAIN
    + OF
    + AND
    + CONN
)

# Word lists patterns.yml must define, and the class each gives a token ("" for none).
WORD_LIST_CLASSES: Mapping[str, str] = {
    "number_words": NUMBER_WORD, "org_heads": ORG_HEAD, "generic_heads": GENERIC_HEAD,
    "company_heads": COMPANY_HEAD, "company_suffixes": SUFFIX, "instrument_heads": INST_HEAD,
    "instrument_prefixes": INST_PREFIX, "descriptors": DESC, "roles": ROLE, "naming_words": NAMING,
    "connectors": CONN, "possessive_nouns": POSS_NOUN, "function_words": FUNCTION, "owner_words": OWNER,
    "listing_words": LISTING,
    "tlds": "", "legislature_words": "", "renaming_phrases": "", "nickname_words": "",
    "instrument_nouns": "", "section_words": "", "unrelated_phrases": "",
    # organisation discovery (discovery.py, repeated.py)
    "service_words": "", "organisation_verbs": "", "organisation_nouns": "", "person_words": "",
    "place_words": "",
}  # fmt: skip
PUNCT_CLASS: Mapping[str, str] = {
    ".": STOP, "!": STOP, "?": STOP, ";": STOP, ":": STOP, "…": STOP,
    ",": COMMA, "(": OPEN, "[": OPEN, ")": CLOSE, "]": CLOSE,
    "-": HYPHEN, "‐": HYPHEN, "‑": HYPHEN, "–": COMMA, "—": COMMA,
    "'": APOSTROPHE, "’": APOSTROPHE,
    '"': QUOTE, "“": QUOTE, "”": QUOTE, "‘": QUOTE, "«": QUOTE, "»": QUOTE,
    "&": AND,
}  # fmt: skip

# One token: horizontal space, then a line break, dotted initials, a numbered code,
# a domain with hyphens ("IP-TV.uk", "my-site.co.uk": one name, where a hyphen elsewhere
# joins two words), a word (dots inside it kept, as in domains and decimals) or one
# punctuation mark.
# The first branch is only a shortcut for the commonest token, a plain word that no
# other branch could extend (no dot, slash or word character after it): tried first,
# it spares the engine three failing branches on most tokens; its ASCII half comes first
# because a character set is a cheaper test than the Unicode word category. Possessive
# (++, *+) where giving characters back could never lead to a match.
TOKEN_RE = re.compile(
    r"""[^\S\n]*+(?:
        [a-zA-Z0-9]++(?![\w./-])
      | \w++(?![\w./-])
      | [^\w\s]
      | \n\s*
      | (?:[^\W\d_]\.)+[^\W\d_]\.?(?!\w)
      | \d+(?:/\w+)+
      | \w+(?:-\w+)+(?:\.\w+)*\.(?:[a-z]{2,}|[A-Z]{2,})(?![\w-]|\.\w)
      | \w+(?:\.\w+)*
    )""",
    re.VERBOSE,
)
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]\.?")
YEAR_RE = re.compile(r"(?:19|20)\d\d")
_CODE_RE = re.compile(r"\d+(?:/\w+)+")


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


def site_base(key: str) -> str:
    """ "www.sparvar.org" -> "sparvar": the name part of a domain, as a key."""
    key = key.removeprefix("www.")
    return key.split(".", 1)[0]


def alias_tokens(text: str) -> list[str]:
    """The tokens of an alias as written (no blank-line breaks in an alias)."""
    return [piece.strip() for piece in TOKEN_RE.findall(text) if piece.strip()]


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
class WordClasses:
    """The word lists as class tables: exact text -> class, lowercase word -> class, and the TLDs."""

    exact: Mapping[str, str]
    lower: Mapping[str, str]
    tlds: frozenset[str]

    def classify(self, token: str, spaced: bool = False) -> str:
        """The class of one token, from its shape and the word lists alone."""
        if not token or token[0] == BREAK:
            return BREAK
        first = token[0]
        if not (first.isalnum() or first == "_"):
            if spaced and token == "-":
                return COMMA  # a spaced hyphen is a dash, not a joiner
            return PUNCT_CLASS.get(token, PUNCT)
        if token == "s" and not spaced:
            return POSS  # the "s" of a possessive
        if token in self.exact:
            return self.exact[token]
        if token.isdigit():
            return YEAR if YEAR_RE.fullmatch(token) else NUMBER
        if _CODE_RE.fullmatch(token):
            return CODE
        if "." in token and not _INITIALS_RE.fullmatch(token):
            head, _, tld = token.rpartition(".")
            if tld.casefold() in self.tlds and any(ch.isalpha() for ch in head):
                return DOMAIN
            if tld.isdigit():
                return NUMBER
        stripped = plain(token)
        if stripped in self.exact:
            return self.exact[stripped]
        if first.isdigit():
            return NUMBER
        if first.isupper():
            if len(stripped) == 1:
                return LETTER
            if token.casefold() == "the":
                return THE_CAP
            return CAP
        if any(ch.isupper() for ch in token[1:]):
            return CAP  # "isoHunt", "eBay": lowercase first letter, still a name
        return self.lower.get(token.casefold(), LOWER)


def build_word_classes(words: Mapping[str, Sequence[str]]) -> WordClasses:
    """Exact-text and lowercase-word class tables from the word lists, and the TLDs."""
    exact: dict[str, str] = {}
    lower: dict[str, str] = {"the": THE, "of": OF, "and": AND, "a": INDEF, "an": INDEF}
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
        if cls in (OF, AND, CONN):
            exact.setdefault(word.capitalize(), cls)
    tlds = frozenset(t.casefold() for t in words.get("tlds", ()))
    return WordClasses(exact, lower, tlds)
