"""Step 1: listed names. Every alias of the knowledge base, found with its case rule met, judged in context.

A country adjective used as a language ("in English", "its Portuguese name",
"Spanish-language") is not the country. An alias marked ambiguous in the data
("Jordan", "Cox") counts only with context: a preposition before it, a telling word
after it, a list of its own kind, or an unambiguous mention of the same entity; never
inside a longer capitalised name ("Michael Jordan"). In an all-capitals block, "US" may be
the word "us".
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .article import Article
from .forms import AliasForm, case_fit
from .index import Index
from .spans import Candidate
from .tokens import (
    APOSTROPHE,
    BREAK,
    CLOSE,
    COMMA,
    DESC,
    DOMAIN,
    NAME_WORD,
    PUNCT,
    QUOTE,
    STOP,
    Tokens,
    site_base,
)

# What may follow a country adjective used as a language: "in Swedish.", "in Swedish, ..."
_AFTER_A_LANGUAGE = STOP + COMMA + CLOSE + BREAK + QUOTE + APOSTROPHE + PUNCT
_JOINERS = (",", "and", "or", "&")


@dataclass(frozen=True)
class ListedNames:
    """What step 1 found: listed names kept, country adjectives used as languages, contextual names."""

    known: list[Candidate]
    languages: list[Candidate]
    contextual: list[Candidate]  # names that may stand for a body of the article's country ("Senate")


def find(article: Article) -> ListedNames:
    """Listed aliases with their case rule met, minus what reads as a sentence's first word or a language."""
    listed, contextual = candidates(article.tokens, article.index)
    free, keys, common = article.free, article.keys, article.index.common_words
    # "Acta" for ACTA, but not "Case" opening a sentence or a title-case headline word
    known = [c for c in listed if not c.variant or (free[c.start] and not article.sentence_start(c.start))]
    shouting: list[tuple[list[int], list[bool]]] = []
    known = [
        c
        for c in known
        if c.end - c.start != 1
        or c.kind is None
        or keys[c.start] not in common
        or not _shouted_word(article, c, shouting)
    ]
    demonyms = {c.end - 1: c.start for c in known if c.demonym}
    languages = [c for c in known if c.demonym and _language(article, c, demonyms)]
    if languages:
        language_ids = {id(c) for c in languages}
        known = [c for c in known if id(c) not in language_ids]
    return ListedNames(known, languages, contextual)


def candidates(tokens: Tokens, index: Index) -> tuple[list[Candidate], list[Candidate]]:
    """Every place a listed alias (or stop phrase) matches, and every contextual name, in one pass."""
    keys, texts, ends, scan = tokens.keys, tokens.texts, tokens.ends, index.scan_index
    kinds, refs = index.entity_kinds, index.refs
    found = []
    contextual = []
    size = len(keys)
    for i in tokens.alias_starts:
        entry = scan.get(keys[i])
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
                fit = case_fit(form, texts, i)
                if not fit:
                    continue
            entity = form.entity
            # positional: this runs for every alias found, and keywords cost more
            found.append(
                Candidate(
                    i, i + n, ends[i] - len(texts[i]), ends[i + n - 1],
                    None if entity is None else kinds[entity], None if entity is None else refs[entity],
                    "known" if entity else "stop", form.ambiguous, fit == 2, form.demonym,
                )
            )  # fmt: skip
        for form_keys, options in context:
            n = len(form_keys)
            if tuple(keys[i : i + n]) == form_keys:
                contextual.append(
                    Candidate(i, i + n, ends[i] - len(texts[i]), ends[i + n - 1],
                              kinds[options[0]], None, "context", options=options)
                )  # fmt: skip
                break
    found.extend(_sites(tokens, index))
    return found, contextual


def _sites(tokens: Tokens, index: Index) -> list[Candidate]:
    """Domains whose name part is a listed name squeezed to its letters ("thepiratebay.org")."""
    found = []
    keys, ends, classes = tokens.keys, tokens.ends, tokens.classes
    kinds, refs = index.entity_kinds, index.refs
    i = classes.find(DOMAIN)
    while i >= 0:
        entity = index.compact_index.get(site_base(keys[i]))
        if entity is not None:
            found.append(Candidate(i, i + 1, tokens.start(i), ends[i], kinds[entity], refs[entity], "known"))
        i = classes.find(DOMAIN, i + 1)
    return found


def _shouted_word(article: Article, candidate: Candidate, memo: list[tuple[list[int], list[bool]]]) -> bool:
    """ "WHAT IT MEANS FOR US": in an all-capitals block, "US" may be the word "us"."""
    if (
        candidate.end - candidate.start != 1
        or article.keys[candidate.start] not in article.index.common_words
    ):
        return False
    if candidate.kind is None:
        return False
    if not memo:
        memo.append(_shouting_blocks(article))
    starts, shouting = memo[0]
    index = bisect_right(starts, candidate.char_start) - 1
    return index >= 0 and shouting[index]


def _shouting_blocks(article: Article) -> tuple[list[int], list[bool]]:
    """Start offsets of the headline and blocks, and whether each is written in capitals only."""
    document = article.document
    starts = [0, *article.block_starts]
    texts = [document.title, *(b.text for b in document.blocks)]
    return starts, [any(ch.isalpha() for ch in t) and not any(ch.islower() for ch in t) for t in texts]


def _language(article: Article, candidate: Candidate, demonyms: dict[int, int]) -> bool:
    """Whether a country adjective names a language here ("in English and Swedish")."""
    keys, classes, size = article.keys, article.classes, article.size
    rules = article.index.language
    after = candidate.end
    if after < size:
        following = keys[after + 1] if keys[after] == "-" and after + 1 < size else keys[after]
        if following in rules.after["country"]:
            return True
    if after < size and classes[after] not in _AFTER_A_LANGUAGE and keys[after] not in ("and", "or"):
        return False  # "in Swedish court": an adjective before a noun
    before = candidate.start - 1
    # walk back over a list of languages: "in English, French and Swedish"
    while before >= 1 and keys[before] in (",", "and", "or") and before - 1 in demonyms:
        before = demonyms[before - 1] - 1
    return before >= 0 and keys[before] in rules.before["country"]


def with_context(article: Article, known: list[Candidate], window: int) -> list[Candidate]:
    """The listed names, ambiguous ones only where their context vouches for them.

    ``window``: how far apart (in tokens) an ambiguous name and one of its kind count as one list.
    """
    sure = {c.ref for c in known if c.ref is not None and not c.ambiguous}
    accepted = [c for c in known if c.ref is not None and not c.ambiguous]
    waiting = [c for c in known if c.ambiguous]
    while waiting:  # one accepted name can vouch for the next in a list: "Google, Universal and Warner"
        by_end = {c.end: c for c in accepted}
        by_start = {c.start: c for c in accepted}
        now = [c for c in waiting if _context_ok(article, c, sure, by_end, by_start, window)]
        if not now:
            break
        accepted.extend(now)
        now_ids = {id(c) for c in now}
        waiting = [c for c in waiting if id(c) not in now_ids]
    rejected = {id(c) for c in waiting}
    return [c for c in known if id(c) not in rejected]


def _context_ok(
    article: Article,
    candidate: Candidate,
    sure: set,
    by_end: dict[int, Candidate],
    by_start: dict[int, Candidate],
    window: int,
) -> bool:
    keys, classes, size = article.keys, article.classes, article.size
    before = candidate.start - 1
    after = candidate.end
    rules = article.index.ambiguity
    # Part of a longer capitalised name ("Michael Jordan", "Jordan Peterson"): not the entity;
    # a capitalised context word or technical term before it is no name ("ISPs Bell, Rogers and Telus")
    if (
        before >= 0
        and classes[before] in NAME_WORD
        and not article.sentence_start(before)
        and keys[before] not in article.index.technical_terms
        and keys[before] not in rules.before.get(candidate.kind or "", ())
    ):
        return False
    # a capitalised word after it is a longer name ("Jordan Peterson"), unless a country's
    # telling word ("Polish MEPs", "Polish Government": the country's own body)
    telling = rules.after["country"] if candidate.kind == "country" else ()
    if after < size and classes[after] in NAME_WORD and keys[after] not in telling:
        return False
    if candidate.ref in sure:
        return True
    if before >= 0 and keys[before] == "the":
        before -= 1
    if before >= 0 and keys[before] in rules.before.get(candidate.kind or "", ()):
        return True
    if before >= 0 and classes[before] == DESC and candidate.kind != "country":
        return True  # "the free-expression organisation Article 19", "the ISP Cox"
    if after + 1 < size and keys[after] == "'":
        after += 2 if keys[after + 1] == "s" else 1  # "Bell's network", "Rogers' customers"
    if after < size and keys[after] in rules.after.get(candidate.kind or "", ()):
        return True
    # a list of its own kind: "Iraq, Chad and Niger", "EMI, Universal and Warner"
    left = candidate.start
    while left > 0 and candidate.start - left < window and keys[left - 1] in _JOINERS:
        left -= 1
        if _same_list(article, candidate, by_end.get(left)):
            return True
    right = candidate.end
    while right < size and right - candidate.end < window and keys[right] in _JOINERS:
        right += 1
        if _same_list(article, candidate, by_start.get(right)):
            return True
    return False


def _same_list(article: Article, candidate: Candidate, neighbour: Candidate | None) -> bool:
    """Whether a listed name next to an ambiguous one in a list vouches for it.

    It must be of the same kind; for an alias that is also a common word ("Free",
    "Choice") it must also come from the same knowledge file, the same field
    ("Orange, SFR and Free" are operators; "Telstra, Optus and Choice" are not one list).
    """
    if neighbour is None or neighbour.kind != candidate.kind:
        return False
    if candidate.end - candidate.start == 1 and article.keys[candidate.start] in article.index.common_words:
        category = article.index.entity_category
        return category.get(neighbour.listed or "") == category.get(candidate.listed or "")
    return True


def shorts_of_listed(
    article: Article, spans: dict[tuple[int, int], str]
) -> list[tuple[tuple[str, ...], str]]:
    """ "Bill C-32" is listed, but the short form a pattern marks in it ("C-32") is still worth knowing."""
    classes, keys = article.classes, article.keys
    short_span = article.matcher.short_span
    shorts = []
    for (start, end), key in spans.items():
        span = short_span(classes[start:end])
        if span is not None:
            shorts.append((tuple(keys[start + span[0] : start + span[1]]), key))
    return shorts
