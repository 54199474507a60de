"""A law's title cut short or misspelt.

Articles name a long statute in full once, then by its last words, or by the words in
its brackets: "Copyright Amendment (Online Infringement) Act" is then "the Online
Infringement Act". A found law whose title (year and "the" aside) is the end of a longer
law's title in the same article, three words or more, is that law. Two words ("Copyright
Act") are too common a title to join: the article's country decides those (``country.py``).
A found title a letter or two from a listed law's ("Digital Millenium Copyright Act") is
that law.
"""

from __future__ import annotations

from collections.abc import Sequence

from .article import Article
from .forms import variant_key
from .groups import Groups
from .spans import Candidate, Found

_SHORTEST = 3  # tokens of a cut title that may join a longer one


def join_cut_titles(article: Article, first: list[Candidate], groups: Groups) -> None:
    """Record each found law named by the end of a longer law's title as that law."""
    laws = [c for c in first if c.kind == "legal_instrument" and c.ref is not None]
    if len(laws) < 2 or not any(isinstance(c.ref, Found) and c.end - c.start >= _SHORTEST for c in laws):
        return
    titles = [(c, variant_key(article.keys[c.start : c.end], "legal_instrument")) for c in laws]
    for short, short_title in titles:
        if not isinstance(short.ref, Found) or len(short_title) < _SHORTEST:
            continue
        longer = [
            (len(title), long)
            for long, title in titles
            if len(title) > len(short_title) and any(_ends(form, short_title) for form in _forms(title))
        ]
        if longer:
            groups.same(max(longer, key=lambda pair: pair[0])[1], short)


def _forms(title: tuple[str, ...]) -> list[Sequence[str]]:
    """A title, and the words of its last brackets with what follows them ("online infringement act")."""
    if "(" not in title or ")" not in title:
        return [title]
    opening = len(title) - 1 - title[::-1].index("(")
    closing = title.index(")", opening) if ")" in title[opening:] else -1
    if closing < 0:
        return [title]
    return [title, (*title[opening + 1 : closing], *title[closing + 1 :])]


def _ends(title: Sequence[str], short: tuple[str, ...]) -> bool:
    return len(title) >= len(short) and tuple(title[-len(short) :]) == short


def misspelt_law(article: Article, candidate: Candidate, countries: set[str]) -> str | None:
    """The listed law a found title is a typo of: "Digital Millenium Copyright Act".

    Only titles of three words or more and no number (a number or year is never a typo),
    compared with the listed titles one or two letters away (``near`` in ``tuning.yml``), of
    a country the article names (any country when it names none); exactly one must fit.
    """
    keys = article.keys[candidate.start : candidate.end]
    words = [key for key in keys if key[:1].isalpha()]
    if len(words) < _SHORTEST or any(key[:1].isdigit() for key in keys):
        return None
    title = " ".join(variant_key(keys, "legal_instrument"))
    index, near = article.index, article.matcher.near
    allowed = countries | {""}
    fits = {
        entity
        for name, entity in index.law_titles.get(title[:1], ())
        if abs(len(name) - len(title)) <= 2
        and (not countries or index.entity_country.get(entity, "") in allowed)
        and near(title, name)
    }
    return fits.pop() if len(fits) == 1 else None
