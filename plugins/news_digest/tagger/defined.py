"""Names an article defines for something it found: brackets, renamings and nicknames.

"International Intellectual Property Alliance (IIPA)", "Sparvar.org (Sparrows)",
"LN (Long Name)", "Scarlet, formerly known as Tiscali Belgium", "the law, quickly
nicknamed "Skynet"". An acronym must be made of the starts of the name's words.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import EntityKind
from .article import Article
from .forms import NAME_WORD_RE
from .spans import Candidate
from .tokens import (
    AND,
    APOSTROPHE,
    BREAK,
    CAP,
    CLOSE,
    COMMA,
    COMPANY_HEAD,
    CONN,
    COUNTRY,
    DESC,
    DOMAIN,
    GENERIC_HEAD,
    HYPHEN,
    INSTRUMENT,
    LETTER,
    LOWER,
    NUMBER,
    OF,
    ORG,
    ORG_HEAD,
    POSS_NOUN,
    QUOTE,
    SENTENCE_END,
    STOP,
    SUFFIX,
    THE,
    THE_CAP,
    plain,
)

# Classes a defined name runs over ("Tiscali Belgium", "Pirate Bay-2").
_RUN_CLASSES = frozenset(
    CAP
    + LETTER
    + COUNTRY
    + ORG
    + INSTRUMENT
    + ORG_HEAD
    + GENERIC_HEAD
    + COMPANY_HEAD
    + SUFFIX
    + DOMAIN
    + POSS_NOUN
    + NUMBER
    + THE_CAP
    + HYPHEN
)
_SHORT_NAME = CAP + LETTER + HYPHEN + DOMAIN  # what a bracketed short name is made of
_NICKNAME_END = QUOTE + STOP + COMMA + CLOSE + BREAK + APOSTROPHE
# A name in another language in brackets: its words, what it may end with, what it must hold.
_GLOSS_END = CAP + ORG_HEAD + COMPANY_HEAD + GENERIC_HEAD + LOWER + COUNTRY + ORG
_GLOSS_CLASSES = frozenset(_GLOSS_END + CONN + OF + THE + AND + APOSTROPHE + HYPHEN)
_GLOSS_JOINERS = CONN + OF + APOSTROPHE
_GLOSS_LONGEST = 8  # tokens
_DASHES = frozenset({"-", "–", "—"})


def defined_aliases(
    article: Article, found: list[Candidate], reach: tuple[int, int]
) -> Iterable[tuple[int, int, Candidate]]:
    """(start, end, entity's candidate) of names the text defines for something it found.

    ``reach``: how far back (in tokens) a nickname looks for what it names, and the
    longest alias (in tokens) taken from "formerly known as ..." or a nickname.
    """
    classes, size = article.classes, article.size
    by_end = {c.end: c for c in found if c.ref is not None}
    by_start = {c.start: c for c in found if c.ref is not None}
    for open_at in article.class_positions("("):
        close_at = open_at + 1
        while close_at < size and close_at - open_at <= 5 and classes[close_at] not in CLOSE + BREAK:
            close_at += 1
        if close_at >= size or classes[close_at] != CLOSE or close_at == open_at + 1:
            continue
        name = by_end.get(open_at)
        if (
            name is not None
            and open_at + 1 not in by_start
            and _defines(article, name, open_at + 1, close_at)
        ):
            yield open_at + 1, close_at, name  # "Long Name (LN)", "Sparvar.org (Sparrows)"
        long_name = by_start.get(open_at + 1)
        if (
            long_name is not None
            and long_name.end == close_at
            and open_at > 0
            and (open_at - 1) not in by_end
            and _defines(article, long_name, open_at - 1, open_at)
        ):
            yield open_at - 1, open_at, long_name  # "LN (Long Name)"
    nickname_reach, longest = reach
    yield from _glosses(article, by_end, by_start)
    yield from _renamings(article, found, longest)
    yield from _nicknames(article, found, nickname_reach)


def _glosses(
    article: Article, by_end: dict[int, Candidate], by_start: dict[int, Candidate]
) -> Iterable[tuple[int, int, Candidate]]:
    """A name in another language in brackets after its gloss, and the acronym with it.

    "Society for Fair Film Rights (Gesellschaft für faire Filmrechte, GFF)", "Broadcasting
    Office – BO (Bureau de radiodiffusion)". The bracketed name has a connector ("für",
    "de"), which an English remark in brackets ("Reuters reported") has not.
    """
    keys, classes, size = article.keys, article.classes, article.size
    for open_at in article.class_positions("("):
        name = by_end.get(open_at)
        if name is None and open_at >= 2 and keys[open_at - 2] in _DASHES:
            name = by_end.get(open_at - 2)  # "Name – ACR (Original)"
            if name is not None and _acronym(article, open_at - 1):
                yield open_at - 1, open_at, name
        if name is None or name.kind == "country" or open_at + 1 in by_start:
            continue
        end = open_at + 1
        while end < size and end - open_at <= _GLOSS_LONGEST and classes[end] in _GLOSS_CLASSES:
            end += 1
        while end > open_at + 1 and classes[end - 1] not in _GLOSS_END:
            end -= 1
        if end - open_at < 3 or not article.capitalised(open_at + 1) or end >= size:
            continue
        if not any(classes[i] in _GLOSS_JOINERS for i in range(open_at + 1, end)):
            continue
        if classes[end] == CLOSE:
            yield open_at + 1, end, name
        elif classes[end] == COMMA and end + 2 < size and classes[end + 2] == CLOSE:
            yield open_at + 1, end, name
            if _acronym(article, end + 1):
                yield end + 1, end + 2, name


def _acronym(article: Article, at: int) -> bool:
    """Whether one token is an acronym: two to six capital letters."""
    text = article.tokens.texts[at]
    return 2 <= len(text) <= 6 and text.isalpha() and text.isupper()


def _renamings(
    article: Article, found: list[Candidate], longest: int
) -> Iterable[tuple[int, int, Candidate]]:
    """ "Scarlet, formerly known as Tiscali Belgium": the older name is an alias."""
    keys, size = article.keys, article.size
    phrases = article.index.renaming_phrases
    starts = {phrase[0] for phrase in phrases}
    for candidate in found:
        if candidate.kind == "country" or candidate.ref is None:
            continue
        at = candidate.end
        if at < size and keys[at] in (",", "("):
            at += 1
        if at >= size or keys[at] not in starts:
            continue
        for phrase in phrases:
            if tuple(keys[at : at + len(phrase)]) == phrase:
                start = at + len(phrase)
                while start < size and (keys[start] == "the" or article.classes[start] == QUOTE):
                    start += 1  # 'also known as the "Harbour Act"'
                end = _name_run(article, start, longest)
                if end > start:
                    yield start, end, candidate
                break


def _nicknames(article: Article, found: list[Candidate], reach: int) -> Iterable[tuple[int, int, Candidate]]:
    """ "The law, quickly nicknamed "Skynet"": the nickname of the nearest law named before."""
    classes, size = article.classes, article.size
    for at in article.where(article.index.nickname_words, capitalised=False):
        start = at + 1
        while start < size and classes[start] == QUOTE:
            start += 1
        end = _name_run(article, start, limit=3)
        if end == start or (end < size and classes[end] not in _NICKNAME_END):
            continue
        kind = _noun_kind_before(article, at)
        if kind is None:
            continue
        previous = [c for c in found if c.kind == kind and c.end <= at and at - c.end <= reach]
        if previous:
            yield start, end, previous[-1]


def _noun_kind_before(article: Article, at: int) -> EntityKind | None:
    """The kind of thing a sentence is about, from a noun before ``at`` ("the law, nicknamed")."""
    keys, classes = article.keys, article.classes
    index = at - 1
    while index >= 0 and classes[index] not in SENTENCE_END:
        if keys[index] in article.index.instrument_nouns:
            return "legal_instrument"
        if classes[index] == DESC:
            return "organisation"
        index -= 1
    return None


def _name_run(article: Article, start: int, limit: int) -> int:
    """End of the capitalised name starting at ``start`` (``start`` when there is none)."""
    classes, size = article.classes, article.size
    end = start
    while end < size and end - start < limit and classes[end] in _RUN_CLASSES:
        end += 1
    while end > start and classes[end - 1] == HYPHEN:
        end -= 1
    if end > start and not article.capitalised(start):
        return start
    return end


def _defines(article: Article, name: Candidate, start: int, end: int) -> bool:
    """Whether tokens start:end can be a short name for ``name`` ("IIPA", "Sparrows")."""
    tokens = article.tokens
    classes = tokens.classes[start:end]
    if not classes or any(c not in _SHORT_NAME for c in classes) or classes[0] not in CAP + LETTER + DOMAIN:
        return False
    written = "".join(plain(t) for t in tokens.texts[start:end])
    letters = [ch for ch in written if ch.isalpha()]
    if len(letters) >= 2 and written.isupper() and len(written) <= 10:
        return acronym_fits("".join(letters).casefold(), _name_words(article, name))
    # a one-word translation or nickname of a name found by pattern or listed
    return (
        end - start == 1 and distinctive(article, (tokens.keys[start],)) and not article.sentence_start(start)
    )


def distinctive(article: Article, keys: tuple[str, ...]) -> bool:
    """Whether keys can name something alone: not punctuation, a common word, a technical term or a number."""
    if not keys or not keys[0][:1].isalnum():
        return False
    if len(keys) == 1:
        key = keys[0]
        index = article.index
        return (
            len(key) >= 3
            and key not in index.common_words
            and key not in index.technical_terms
            and not key.isdigit()
        )
    return True


def _name_words(article: Article, name: Candidate) -> list[list[str]]:
    """The words of a name (as written, and the listed name's), camel-case parts split, lowercased."""
    texts = [article.tokens.texts[i] for i in range(name.start, name.end)]
    spellings = [" ".join(texts)]
    if name.listed is not None:
        entity = article.kb.get(name.listed)
        if entity is not None:
            spellings.append(entity.name)
    return [[part.casefold() for part in NAME_WORD_RE.findall(spelling)] for spelling in spellings]


def acronym_fits(acronym: str, spellings: list[list[str]]) -> bool:
    """Whether the acronym is made of the starts of the name's words, in order.

    "IIPA" from International Intellectual Property Alliance, "KECOBO" from KEnya
    COpyright BOard, "TF" from TorrentFreak; words may be skipped ("of", "the").
    """

    def fits(words: list[str], at: int, word: int) -> bool:
        if at == len(acronym):
            return True
        for index in range(word, len(words)):
            current = words[index]
            length = 1
            while (
                length <= len(current)
                and at + length <= len(acronym)
                and current[:length] == acronym[at : at + length]
            ):
                if fits(words, at + length, index + 1):
                    return True
                length += 1
        return False

    return any(fits(words, 0, 0) for words in spellings if words)
