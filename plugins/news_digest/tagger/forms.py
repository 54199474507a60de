"""How a listed name is written and compared: alias forms, their case rules, variant keys, initials."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .tokens import YEAR_RE, alias_tokens, plain, token_key


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


def alias_keys(text: str, common_words: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The token keys an alias matches, a leading "the" dropped unless that leaves a common word."""
    keys = tuple(token_key(t) for t in alias_tokens(text))
    if len(keys) > 1 and keys[0] == "the" and (len(keys) > 2 or keys[1] not in common_words):
        keys = keys[1:]
    return keys


def make_form(
    text: str, entity: str | None, ambiguous: bool, common_words: frozenset[str], demonym: bool = False
) -> AliasForm | None:
    """Compile one alias into the form the tagger compares tokens with."""
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
    elif tokens[0][0].isupper() and not (len(tokens) > 1 and tokens[1][:1].isdigit()):
        case = "initial"  # but "section 115A", "article 17", "law 5651": writers lowercase the word
    else:
        case = "any"
    return AliasForm(entity, keys, case, exact, title_variant, ambiguous, text, demonym)


def case_fit(form: AliasForm, texts: Sequence[str], i: int) -> int:
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


def variant_key(keys: Sequence[str], kind: str) -> tuple[str, ...]:
    """A name's key without what varies between mentions of one law or body.

    Years ("Act 2010", "Act, 1957", "Act of 1998"), commas and a leading "the" go,
    and a bill is the act it becomes ("Digital Economy Bill" ~ "Digital Economy Act");
    so does the issuer in brackets before a law's number ("Regulation (EU) 2019/1150").
    """
    result: list[str] = []
    skip = 0
    for at, key in enumerate(keys):
        if skip:
            skip -= 1
            continue
        if key == "(" and kind == "legal_instrument" and _issuer_before_number(keys, at):
            skip = 2
            continue
        if key == ",":
            continue
        if YEAR_RE.fullmatch(key):
            if result and result[-1] == "of":
                result.pop()
            continue
        result.append(key)
    if len(result) > 1 and result[0] == "the":
        result = result[1:]
    if kind == "legal_instrument":
        result = ["act" if key == "bill" else key for key in result]
    return tuple(result)


def _issuer_before_number(keys: Sequence[str], at: int) -> bool:
    """ "( eu ) 2019/1150": one word in brackets, then a number with a slash."""
    return at + 3 < len(keys) and keys[at + 2] == ")" and "/" in keys[at + 3]


# A word of a name, camel-case parts apart: "TorrentFreak" -> "Torrent", "Freak".
NAME_WORD_RE = re.compile(r"[^\W\d_][^\W\d_A-Z]*")
# Small words an acronym leaves out.
_INITIALS_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "de", "la", "du"})


def initials(name: str) -> str | None:
    """ "Consumer Electronics Association" -> "cea": the first letters of a name's words, lowercased.

    Small words ("of", "the") are left out; None for a name of fewer than two other words.
    """
    words = [w.casefold() for w in NAME_WORD_RE.findall(name)]
    significant = [w for w in words if w not in _INITIALS_SKIP]
    return "".join(w[0] for w in significant) if len(significant) >= 2 else None
