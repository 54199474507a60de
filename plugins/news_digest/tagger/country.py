"""Steps 3 and 4: the article's country, and the names that mean a body or law of it.

A bare "Senate", "Parliament" or "Copyright Act" is that entity of the country the
article names most (or names right before it: "India's Parliament"); a found
"Digital Economy Bill" is the listed Digital Economy Act 2010; a "Copyright Act" of no
country the article names is a generic phrase, like "copyright law".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..models import EntityKind
from . import titles
from .article import Article
from .groups import Groups
from .spans import Candidate, Listed, resolve
from .tokens import YEAR

_BODY_KINDS = frozenset({"organisation", "legal_instrument"})


@dataclass(frozen=True)
class Countries:
    """Where the article names countries, and the one (or two) it names most."""

    at: dict[int, str]  # end token of a country mention -> its ISO code
    top: frozenset[str]

    def before(self, article: Article, start: int) -> str | None:
        """The country named right before a token: "India's Parliament", "the Australian Senate"."""
        keys = article.keys
        end = start - 1
        if end >= 1 and keys[end] == "s" and keys[end - 1] == "'":
            end -= 2
        return self.at.get(end)


@dataclass(frozen=True)
class Named:
    """What the article's listed names tell the later steps: its countries, the entities it names in full."""

    countries: Countries
    listed: frozenset[str]  # listed entities the article names by a listed alias
    # laws named only by an ambiguous part ("Article 13") its context did not vouch for:
    # a hint between laws one short name may mean ("the Copyright Directive" of 2017)
    hinted: frozenset[str] = frozenset()


def count(article: Article, known: list[Candidate], max_top: int) -> Countries:
    """Count country mentions; more than ``max_top`` tied for the most: no country of its own."""
    counts: Counter[str] = Counter()
    at: dict[int, str] = {}
    for candidate in known:
        ref = candidate.ref
        if candidate.kind == "country" and not candidate.ambiguous and isinstance(ref, Listed):
            code = article.index.entity_country.get(ref.key)
            if code:
                counts[code] += 1
                at[candidate.end - 1] = code
    top: frozenset[str] = frozenset()
    if counts:
        most = max(counts.values())
        top = frozenset(code for code, number in counts.items() if number == most)
        # a story naming five countries once each is about none of them in particular
        top = top if len(top) <= max_top else frozenset()
    return Countries(at, top)


def without_other_countries(
    article: Article, known: list[Candidate], countries: Countries
) -> list[Candidate]:
    """A listed body of one country after another country's name is not it.

    "Kenya Copyright Board" is not the (Canadian) Copyright Board.
    """
    if not countries.at:
        return known
    at = countries.at  # a country right before: "Kenya Copyright Board", "Kenya's Copyright Board"
    return [
        c
        for c in known
        if c.kind not in _BODY_KINDS
        or (c.start - 1 not in at and c.start - 3 not in at)
        or not _other_country(article, c, countries)
    ]


def _other_country(article: Article, candidate: Candidate, countries: Countries) -> bool:
    key = candidate.listed
    if candidate.kind in (None, "country") or key is None:
        return False
    own = article.index.entity_country.get(key)
    named = countries.before(article, candidate.start)
    return bool(own and named and named != own)


def name_found(article: Article, first: list[Candidate], groups: Groups, named: Named) -> list[Candidate]:
    """Each found name is a listed entity it is a variant of, a generic phrase, or a found name of its own."""
    result = []
    for candidate in first:
        if candidate.source == "pattern":
            listed = listed_variant(article, candidate, named)
            if listed is None and candidate.kind == "legal_instrument":
                listed = titles.misspelt_law(article, candidate, set(named.countries.at.values()))
            if listed is None and candidate.kind == "legal_instrument" and _generic(article, candidate):
                # "the Copyright Act" of no country the article names: a generic phrase, like "copyright law"
                candidate = candidate._replace(source="stop", ref=None)
            else:
                candidate = candidate._replace(
                    ref=article.index.refs[listed] if listed else groups.group_for(candidate)
                )
        result.append(candidate)
    return result


def redated(article: Article, first: list[Candidate], named: Named) -> list[Candidate]:
    """An ambiguous listed short name dated by a year before it that is another law's.

    "the 2019 Copyright Directive" is not the 2001 directive the article names in full
    elsewhere, whose "Copyright Directive" the context vouched for.
    """
    result = []
    for candidate in first:
        if candidate.ambiguous and candidate.kind == "legal_instrument" and isinstance(candidate.ref, Listed):
            start = candidate.start
            if start > 0 and article.classes[start - 1] == YEAR:
                other = listed_variant(article, candidate._replace(source="pattern"), named)
                if other is not None and other != candidate.ref.key:
                    candidate = candidate._replace(ref=article.index.refs[other])
        result.append(candidate)
    return result


def add_contextual(
    article: Article, first: list[Candidate], contextual: list[Candidate], named: Named
) -> list[Candidate]:
    """Contextual names not inside another name, where the article's country decides what they are."""
    covered = bytearray(article.size)
    for candidate in first:
        covered[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    added = []
    for candidate in contextual:
        if any(covered[candidate.start : candidate.end]):
            continue
        key = choose(article, named, candidate.options, candidate.start)
        if key is not None:
            added.append(
                candidate._replace(ref=article.index.refs[key], kind=article.index.entity_kinds[key])
            )
    return resolve([*first, *added], article.size) if added else first


def listed_variant(article: Article, candidate: Candidate, named: Named) -> str | None:
    """The listed entity a found name is a variant of, if exactly one fits the article."""
    if candidate.kind is None:
        return None
    start = candidate.start
    # a year right before the name dates it too: "the 2019 Copyright Directive"
    before = article.keys[start - 1] if start > 0 and article.classes[start - 1] == YEAR else None
    keys = [before, *article.keys[start : candidate.end]] if before else article.keys[start : candidate.end]
    options = _options(article, keys, candidate.kind)
    if not options:
        return None
    if len(options) == 1 and not options[0][1]:
        return options[0][0]
    entities = tuple(entity for entity, _ in options)
    dated = _nearest_year(article, entities, keys)
    if dated is not None:
        return dated
    chosen = choose(article, named, entities, candidate.start)
    if chosen is None and not any(needs for _, needs in options) and len(_countries(article, entities)) == 1:
        # "the Digital Economy Act": one country's laws of that name, the latest by the article's date
        chosen = _latest(article, entities)
    return chosen


def _options(article: Article, keys: Sequence[str], kind: EntityKind) -> tuple[tuple[str, bool], ...]:
    """The listed entities a found name may be a variant of, less those its written year rules out.

    "Copyright Amendment Act 2024" is not the listed Copyright Amendment Act 2006: a law
    of the same title from another year is another law. A bill's year may be one short of
    its act's ("Digital Economy Bill 2009" became the 2010 act): ``bill_year_gap``.
    """
    options = article.index.variant_options(keys, kind)
    written = _written_year(keys)
    if written is None or not options:
        return options
    years, gap = article.index.entity_year, article.index.tuning.bill_year_gap
    return tuple(
        (entity, needs) for entity, needs in options if abs(years.get(entity, written) - written) <= gap
    )


def _written_year(keys: Sequence[str]) -> int | None:
    """The last year a name gives ("Copyright Act 1968", "Act of 1998"), if any."""
    written = [int(key) for key in keys if len(key) == 4 and key.isdigit() and key[:2] in ("19", "20")]
    return written[-1] if written else None


def _nearest_year(article: Article, entities: Sequence[str], keys: Sequence[str]) -> str | None:
    """Of laws of one name, the one whose year is nearest the year the found name gives.

    "Copyright Amendment (Online Infringement) Bill 2015" is the 2015 bill, not the
    2018 act of the same name; "Digital Economy Bill 2009" the act of 2010, not 2017.
    None when the name has no year or two are equally near.
    """
    written = _written_year(keys)
    years = article.index.entity_year
    dated = [entity for entity in entities if entity in years]
    if written is None or not dated:
        return None
    distance = {entity: abs(years[entity] - written) for entity in dated}
    nearest = min(distance.values())
    picks = [entity for entity in dated if distance[entity] == nearest]
    return picks[0] if len(picks) == 1 else None


def _generic(article: Article, candidate: Candidate) -> bool:
    """Whether a found name is what several countries call their own law ("Copyright Act").

    Such a name means a law only through the article's country (``choose``); when no
    country decides, it is a generic phrase, like "copyright law".
    """
    if candidate.kind is None:
        return False
    keys = article.keys[candidate.start : candidate.end]
    if _written_year(keys) is not None:
        return False  # "Copyright Act 2030" is one law, whatever the article's country
    options = article.index.variant_options(keys, candidate.kind)
    if not options:
        return False
    return (
        any(needs for _, needs in options) or len(_countries(article, (entity for entity, _ in options))) > 1
    )


def _countries(article: Article, entities: Iterable[str]) -> set[str | None]:
    country = article.index.entity_country
    return {country.get(entity) for entity in entities}


def choose(article: Article, named: Named, options: Sequence[str], start: int) -> str | None:
    """Of several entities a name may stand for, the one the article names in full, or of its country.

    Of several of that country (the Copyright Acts of 1909 and of 1976), the latest by
    the article's date.
    """
    for names in (named.listed, named.hinted):
        named_in_full = [entity for entity in options if entity in names]
        if len(named_in_full) == 1:
            return named_in_full[0]
    country = article.index.entity_country
    before = named.countries.before(article, start)
    wanted = {before} if before else named.countries.top or _bodies_country(article, named)
    picks = [entity for entity in options if country.get(entity) in wanted]
    if len(picks) > 1:
        return _latest(article, picks)
    return picks[0] if picks else None


def _bodies_country(article: Article, named: Named) -> frozenset[str]:
    """In an article that names no country, the one country most of its listed bodies and laws are of.

    "Ofcom published guidance under the Online Safety Act": the UK's act, as Ofcom is the UK's.
    """
    if named.countries.at:
        return frozenset()
    counts = Counter(code for key in named.listed if (code := article.index.entity_country.get(key)))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return frozenset()
    return frozenset({ranked[0][0]})


def _latest(article: Article, entities: Sequence[str]) -> str | None:
    """The entity with the latest year in its name, not after the article's year; None if any has none."""
    years = article.index.entity_year
    if not all(entity in years for entity in entities):
        return None
    date = article.document.date
    eligible = [entity for entity in entities if date is None or years[entity] <= date.year]
    if not eligible:
        return None
    latest = max(years[entity] for entity in eligible)
    newest = [entity for entity in eligible if years[entity] == latest]
    return newest[0] if len(newest) == 1 else None
