"""Step 2: names nobody listed, found by the discovery patterns of ``patterns.yml``.

The patterns run over the token classes, listed names marked in them, in paragraphs and
update notes only (headlines and subheadings capitalise every word; a headline name
counts when the body writes it too, or it is a variant of a listed name the article
names). A found name never overrides a listed organisation or instrument it overlaps,
is not a person's name ("Hans Andersson") and does not start at "Section 512 of the".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import repeated
from .article import Article
from .country import Named, listed_variant
from .index import Index
from .spans import Candidate, Listed
from .tokens import (
    AND,
    CAP,
    CLOSE,
    CODE,
    COMMA,
    COMPANY_HEAD,
    CONN,
    DOMAIN,
    GENERIC_HEAD,
    HYPHEN,
    INST_HEAD,
    INST_PREFIX,
    KNOWN_CLASS,
    LETTER,
    LOWER,
    NAME_WORD,
    NUMBER,
    OPEN,
    ORG,
    ORG_HEAD,
    SUFFIX,
    THE_CAP,
    YEAR,
    token_key,
)

# Token classes of a section number: numbers, codes, letters, hyphens, brackets, "and", "to".
_REFERENCE_CLASSES = frozenset(NUMBER + YEAR + CODE + LETTER + HYPHEN + OPEN + CLOSE + COMMA + AND + CONN)
# Token classes that make a found name a body's or a law's, not a person's.
_HEAD_CLASSES = frozenset(
    ORG_HEAD + GENERIC_HEAD + COMPANY_HEAD + SUFFIX + INST_HEAD + INST_PREFIX + DOMAIN + CODE
)


@dataclass(frozen=True)
class Marked:
    """The token classes with listed names marked in them, and where found names may not go."""

    classes: str
    vetoed: bytes  # 1 where a listed organisation or instrument is
    spans: dict[tuple[int, int], str]  # token span -> the listed entity there


def mark_listed(article: Article, known: list[Candidate], languages: list[Candidate]) -> Marked:
    """Mark listed names in the class string ({country}, {org}, {instrument}) for the patterns."""
    classes = list(article.classes)
    vetoed = bytearray(article.size)
    spans = {}
    for candidate in [*known, *languages]:  # a language is still not a name for the patterns
        ref = candidate.ref
        if isinstance(ref, Listed) and not candidate.ambiguous and candidate.kind is not None:
            start, end = candidate.start, candidate.end
            classes[start:end] = KNOWN_CLASS[candidate.kind] * (end - start)
            spans[(start, end)] = ref.key
            if candidate.kind != "country":
                vetoed[start:end] = b"\x01" * (end - start)
    return Marked("".join(classes), bytes(vetoed), spans)


def find(
    article: Article, marked: Marked, named: Named, max_reference: int, contextual: Sequence[Candidate] = ()
) -> list[Candidate]:
    """Pattern finds that are names (``max_reference``: the most tokens a section number takes).

    A repeated capitalised name (``repeated.py``) is never one inside a found name or a
    contextual listed one (``contextual``: "Attorney-General's Department").
    """
    free, vetoed = article.free, marked.vetoed
    found, runs = [], []
    for candidate in matches(article, marked.classes):
        pattern = candidate.pattern
        if pattern is not None and pattern.repeated:
            runs.append(candidate)
            continue
        if not free[candidate.start]:
            if candidate.start < article.headline_size and not any(vetoed[candidate.start : candidate.end]):
                headline = _headline_name(article, candidate, named)
                if headline is not None:
                    found.append(headline)
            continue
        if not _name_ok(article, candidate):
            continue
        if _vetoed(article, candidate, vetoed):
            whole = _holding_listed(article, candidate, marked)
            if whole is not None:
                found.append(whole)
            continue
        if _person(article, candidate) or _place(article, candidate):
            continue
        opened = _without_sentence_the(article, _before_and(article, candidate))
        opened = _without_sentence_opener(article, opened)
        trimmed = _without_section_reference(article, opened, max_reference)
        if trimmed is not None:
            found.append(trimmed)
    pattern = article.index.repeated_pattern
    if pattern is None:
        return found
    return [*found, *repeated.confirmed(article, marked.classes, pattern, runs, [*found, *contextual])]


def _holding_listed(article: Article, candidate: Candidate, marked: Marked) -> Candidate | None:
    """A match of an ``over_listed`` or ``extends_listed`` pattern that holds listed names whole.

    "Hangzhou Alibaba Advertising Co." and "BBC iPlayer" (a service word last) are names of
    their own; "Court of Appeals for the Second Circuit" is the listed Second Circuit, whole.
    None when the pattern may not hold listed names or the match cuts one.
    """
    pattern = candidate.pattern
    if pattern is None or not (pattern.over_listed or pattern.extends_listed):
        return None
    start, end = candidate.start, candidate.end
    kinds = article.index.entity_kinds
    inside = [
        (span, key) for span, key in marked.spans.items()
        if start <= span[0] < end and kinds.get(key) != "country"
    ]  # fmt: skip
    if any(span[1] > end for span, _ in inside) or sum(e - s for (s, e), _ in inside) != sum(
        marked.vetoed[start:end]
    ):
        return None  # a listed name only partly inside
    if pattern.extends_listed:
        if len(inside) != 1:
            return None
        key = inside[0][1]
        entity = article.kb.get(key)
        if entity is None or article.keys[start] not in entity.name.casefold().split():
            return None  # "Court of Appeal against the Pirate Bay": the listed name is no court
        return candidate._replace(ref=article.index.refs[key], kind=kinds[key], source="known", pattern=None)
    if pattern.service:
        return candidate if _service_word(article.tokens.texts[end - 1], article.index) else None
    classes, first = article.classes, start
    while first > 0 and start - first < 2 and classes[first - 1] in NAME_WORD:
        first -= 1  # "Hangzhou Alibaba Advertising Co."
    if first > 0 and classes[first - 1] in NAME_WORD + HYPHEN + ORG:
        return None  # a longer run of capitalised words: not one name
    return candidate._replace(start=first, char_start=article.tokens.start(first))


def _service_word(text: str, index: Index) -> bool:
    """ "Hub", "Play" (service_words), or a word with a capital inside ("iPlayer")."""
    return token_key(text) in index.name_words.get("service_words", ()) or (
        text[:1].islower() and any(ch.isupper() for ch in text[1:])
    )


def _vetoed(article: Article, candidate: Candidate, vetoed: bytes) -> bool:
    """Whether a find overlaps a listed organisation or instrument.

    A law's number may hold its issuer in brackets: "Regulation (EU) 2019/1150" is one
    law, the listed "EU" inside it no veto.
    """
    start, end = candidate.start, candidate.end
    if not any(vetoed[start:end]):
        return False
    if candidate.kind != "legal_instrument":
        return True
    classes = article.classes
    return any(
        vetoed[at] and not (classes[at - 1] == OPEN and at + 1 < end and classes[at + 1] == CLOSE)
        for at in range(start, end)
    )


def matches(article: Article, classes: str) -> list[Candidate]:
    """Every match of every pattern over ``classes``: the span of its ``name`` group, else the whole match.

    "private site Swepiracy" names Swepiracy, and only that word is the mention.
    """
    tokens = article.tokens
    found = []
    present = set(classes)  # once: each pattern asks which classes the text has
    for pattern in article.index.patterns:
        if not all(present.intersection(chars) for chars in pattern.needs):
            continue
        groups = pattern.regex.groupindex
        for match in pattern.regex.finditer(classes):
            start, end = match.span()
            if start == end:
                continue
            if "name" in groups and match.start("name") >= 0:
                start, end = match.span("name")
            if start == end:
                continue
            short = match.span("short") if "short" in groups and match.start("short") >= 0 else None
            found.append(Candidate(start, end, tokens.start(start), tokens.ends[end - 1], pattern.kind, None,
                                   "pattern", pattern=pattern, short=short))  # fmt: skip
    return found


def words_ok(article: Article, candidate: Candidate) -> bool:
    """Whether a found name has a word of its own: not only "the", a common word or a technical term."""
    keys = article.keys[candidate.start : candidate.end]
    words = [k for k in keys if k[:1].isalnum() and k != "the"]
    if not words:
        return False
    index = article.index
    return not (
        len(words) == 1
        and (words[0] in index.common_words or len(words[0]) < 2 or words[0] in index.technical_terms)
    )


def _name_ok(article: Article, candidate: Candidate) -> bool:
    if not words_ok(article, candidate):
        return False
    pattern = candidate.pattern
    if pattern is not None and pattern.mid_sentence and candidate.end - candidate.start == 1:
        # "Fans, Optus and Telstra", "Peter, Optus and Telstra": any word opens a sentence
        key = article.keys[candidate.start]
        if article.sentence_start(candidate.start) or key in article.index.given_names:
            return False
    # a name that stops before another capitalised word is part of a longer one
    if candidate.end < article.size and article.classes[candidate.end] in NAME_WORD:
        return article.classes[candidate.end - 1] == DOMAIN
    return True


def _headline_name(article: Article, candidate: Candidate, named: Named) -> Candidate | None:
    """A name found in the title-case headline, if it is one: see patterns.yml on headlines.

    The match may begin with title-case words that are not part of the name ("Police
    Raid Nordic Film Alliance"), so it is tried from each capitalised word on: the
    longest end of it that the paragraphs also write, or that is a variant of a listed
    entity the article names, is the name.
    """
    pattern = candidate.pattern
    if pattern is None or _person(article, candidate):
        return None
    if pattern.headline:
        return candidate if words_ok(article, candidate) else None
    tokens = article.tokens
    for start in range(candidate.start, candidate.end):
        if not article.capitalised(start):
            continue
        short = candidate.short if candidate.short and candidate.short[0] >= start else None
        trial = candidate._replace(start=start, char_start=tokens.start(start), short=short)
        if not words_ok(article, trial):
            continue
        if _written_in_paragraphs(article, article.keys[start : candidate.end]):
            return trial
        if listed_variant(article, trial, named) in named.listed:
            return trial
    return None


def _written_in_paragraphs(article: Article, keys: list[str]) -> bool:
    """Whether the body writes these keys too, starting with a capital."""
    size, all_keys = len(keys), article.keys
    return any(
        at >= article.headline_size and all_keys[at : at + size] == keys for at in article.where((keys[0],))
    )


def _before_and(article: Article, candidate: Candidate) -> Candidate:
    """A site's or service's name ends before a word "and": "the sites Zorbex and Quillo".

    "&" stays inside a name: "the publisher Quill & Barrow".
    """
    if candidate.pattern is None or not candidate.pattern.site:
        return candidate
    texts = article.tokens.texts
    for at in range(candidate.start + 1, candidate.end - 1):
        if texts[at].casefold() == "and":
            return candidate._replace(end=at, char_end=article.tokens.ends[at - 1], short=None)
    return candidate


def _without_sentence_the(article: Article, candidate: Candidate) -> Candidate:
    """ "The Vault AG" keeps its "The" mid-sentence; at a sentence start it may be any "The"."""
    if article.classes[candidate.start] == THE_CAP and article.sentence_start(candidate.start):
        start = candidate.start + 1
        return candidate._replace(start=start, char_start=article.tokens.start(start))
    return candidate


def _without_sentence_opener(article: Article, candidate: Candidate) -> Candidate:
    """ "Critics of the Online Safety Act" at a sentence's start: the law starts after "of the".

    Only for laws, and only after a plural common word ("Critics", "Supporters", "Parts").
    """
    start, keys = candidate.start, article.keys
    if candidate.kind != "legal_instrument" or not article.sentence_start(start):
        return candidate
    word = keys[start]
    plural = word.endswith("s") and word in article.index.common_words
    if not plural or keys[start + 1 : start + 3] != ["of", "the"]:
        return candidate
    if start + 3 >= candidate.end:
        return candidate
    return candidate._replace(start=start + 3, char_start=article.tokens.start(start + 3), short=None)


def _without_section_reference(article: Article, candidate: Candidate, most: int) -> Candidate | None:
    """ "Section 193DDA of the Copyright Act" names the Copyright Act: the found name starts after "of the".

    None when nothing is left after the reference (of at most ``most`` tokens).
    """
    keys, sections = article.keys, article.index.section_words
    start = candidate.start
    if keys[start] in sections:
        reference = start + 1
    elif _reference_like(article, start):
        # the pattern began at the number: "193DDA of the Copyright Act", "4 of the Act" in "Sections 3 and 4"
        back = start
        # back to the section word, which a lowercase "section" also is to _reference_like
        while back > 0 and start - back < most and keys[back - 1] not in sections:
            if not _reference_like(article, back - 1):
                break
            back -= 1
        if back == 0 or keys[back - 1] not in sections:
            return candidate
        reference = start
    else:
        return candidate
    at = reference
    while at < candidate.end and at - reference < most and _reference_like(article, at):
        at += 1
    if at == reference or at >= candidate.end or keys[at] != "of":
        return candidate  # "Section" without a number, or no "of": not a reference to a law
    at += 1
    if at < candidate.end and keys[at] == "the":
        at += 1
    if at >= candidate.end:
        return None
    short = None if candidate.short is not None and candidate.short[0] < at else candidate.short
    return candidate._replace(start=at, char_start=article.tokens.start(at), short=short)


def _reference_like(article: Article, index: int) -> bool:
    """A token of a section number: "512", "193DDA", "(c)", "II", "bis", "3 and 4"."""
    cls = article.classes[index]
    if cls in _REFERENCE_CLASSES:
        return True
    text = article.tokens.texts[index]
    return (cls == CAP and len(text) <= 5 and text.isupper()) or (cls == LOWER and len(text) <= 8)


def _place(article: Article, candidate: Candidate) -> bool:
    """A name after "in", "near" (``place_words``) with no head word is a place's: "In New York, the site"."""
    start = candidate.start
    if start == 0 or article.keys[start - 1] not in article.index.name_words.get("place_words", ()):
        return False
    return not any(cls in _HEAD_CLASSES for cls in article.classes[start : candidate.end])


def _person(article: Article, candidate: Candidate) -> bool:
    """A person's name found by a pattern: a given name before a capitalised word, and no head word.

    "Hans Andersson, a Swedish service provider" names Hans Andersson, not a company;
    "Jonas Brothers Records" keeps its head word and stays a name.
    """
    names = article.index.given_names
    keys, classes = article.keys, article.classes
    start, end = candidate.start, candidate.end
    if any(cls in _HEAD_CLASSES for cls in classes[start:end]):
        return False
    if (
        start > 0
        and keys[start - 1] in names
        and classes[start - 1] in NAME_WORD
        and classes[start] in NAME_WORD
    ):
        return True  # the pattern found the surname: "Hans [Andersson]"
    return any(
        keys[at] in names and classes[at + 1] in NAME_WORD and classes[at] in NAME_WORD
        for at in range(start, end - 1)
    )
