"""Parts of laws: "Section 115A of the Copyright Act 1968" is that act; "Article 13" is its law.

The guidelines record "Section 512 of the DMCA" as the DMCA. A listed alias that is a
section of one law ("Section 115A", added by a 2015 amendment act) names that amendment
only when no law follows it: "of the Copyright Act 1968" says which law the text means.
An ambiguous part ("Article 13") counts when the article names its law, even by a
short name the tagger found ("the Copyright Directive").
"""

from __future__ import annotations

from .article import Article
from .spans import Candidate, Listed, resolve


def hinted(article: Article, unchecked: list[Candidate]) -> frozenset[str]:
    """Laws an ambiguous part names ("Article 13"), though its context did not vouch for it."""
    keys, sections = article.keys, article.index.section_words
    parts = [c for c in unchecked if c.ambiguous and c.kind == "legal_instrument"]
    return frozenset(c.ref.key for c in parts if isinstance(c.ref, Listed) and keys[c.start] in sections)


def with_parts_of_named_laws(
    article: Article, first: list[Candidate], unchecked: list[Candidate]
) -> list[Candidate]:
    """Ambiguous aliases of a law ("Article 13") the article names otherwise, if only by a variant.

    "Critics say the Copyright Directive ... Article 13": the found short name is the DSM
    directive, which vouches for its Article 13 as a full name would have.
    """
    laws = {c.ref for c in first if c.kind == "legal_instrument" and c.ref is not None}
    taken = {(c.start, c.end) for c in first}
    added = [
        c
        for c in unchecked
        if c.ambiguous and c.kind == "legal_instrument" and c.ref in laws and (c.start, c.end) not in taken
    ]
    return resolve([*first, *added], article.size) if added else first


def without_parts_of_other_laws(article: Article, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates less section aliases the text places in another law, wherever it writes them.

    "section 92A of the Copyright Act 1994" places section 92A in that act, so a later
    "section 92A" alone is a part of it too, not the amendment act that added it.
    """
    keys, sections = article.keys, article.index.section_words
    most = article.index.tuning.max_reference_tokens
    law_at = {c.start: c for c in candidates if c.kind == "legal_instrument"}
    parts: set[tuple[str, ...]] = set()
    for candidate in candidates:
        if candidate.kind == "legal_instrument" and keys[candidate.start] in sections:
            at = _after_subdivisions(keys, candidate.end, min(article.size, candidate.end + most))
            if at < article.size and keys[at] == "of":
                at += 1 + (at + 1 < article.size and keys[at + 1] == "the")
                law = law_at.get(at)
                if law is not None and law.ref != candidate.ref:
                    parts.add(tuple(keys[candidate.start : candidate.end]))
    if not parts:
        return candidates
    return [
        c
        for c in candidates
        if c.kind != "legal_instrument" or tuple(keys[c.start : c.end]) not in parts
    ]

def _after_subdivisions(keys: list[str], at: int, limit: int) -> int:
    """Where the text goes on after bracketed subsection numbers: "(2)(b)"."""
    while at < limit and keys[at] == "(":
        close = at + 1
        while close < limit and keys[close] != ")":
            close += 1
        if close >= limit:
            break
        at = close + 1
    return at
