"""Step 6: found names of one entity, merged; and pairs of names the text equates.

Every pattern find starts a group of its own, keyed by its variant key; groups merge
when the text equates two names ("Name (Other Name)", "Name, the Other Name"), when
two are a typo apart, and a group that turns out to be a listed entity is redirected to
it. ``Groups`` is this article's union-find: the one piece of state the later steps
change, passed to them explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from ..models import EntityKind
from .article import Article
from .forms import variant_key
from .spans import Candidate, Found, Listed, Ref
from .tokens import (
    CLOSE,
    COMMA,
    DOMAIN,
    GENERIC_HEAD,
    NAME_END,
    NAME_WORD,
    ORG_HEAD,
    QUOTE,
    SENTENCE_END,
    site_base,
)

_DASHES = frozenset({"-", "–", "—"})


def _bracket(between: list[str]) -> bool:
    """Whether the words between two names put the second in brackets after the first.

    "Name (Other Name)", "Act 2019 (the Short Act)", and a gloss with the acronym between
    it and the original: "Broadcasting Office – BO (Bureau de radiodiffusion)".
    """
    if between in (["("], ["(", "the"], ["(", '"'], ["(", "the", '"']):
        return True  # also quoted: 'Act 2019 (the "Short Act")'
    return (
        len(between) == 3
        and between[0] in _DASHES
        and between[2] == "("
        and 2 <= len(between[1]) <= 6
        and between[1].isalpha()
    )


def unrelated_names(article: Article) -> frozenset[str]:
    """Keys of the names (and sites' bare names) in sentences that call two names unrelated."""
    phrases = article.index.unrelated_phrases
    if not phrases:
        return frozenset()
    keys, classes, size = article.keys, article.classes, article.size
    names: set[str] = set()
    for at in article.where({phrase[0] for phrase in phrases}, capitalised=False):
        if not any(tuple(keys[at : at + len(phrase)]) == phrase for phrase in phrases):
            continue
        start, end = at, at
        while start > 0 and classes[start - 1] not in SENTENCE_END:
            start -= 1
        while end < size and classes[end] not in SENTENCE_END:
            end += 1
        for i in range(start, end):
            if classes[i] == DOMAIN:
                names.update((keys[i], site_base(keys[i])))
            elif article.capitalised(i) and classes[i] in NAME_WORD:
                names.add(keys[i])
    return frozenset(names)


@dataclass
class Group:
    """A discovered entity: every pattern match that names it."""

    kind: EntityKind
    description: str
    site: bool
    keys: set[str] = field(default_factory=set)
    secondary: set[str] = field(default_factory=set)  # names only ever seen as a bracketed alias


class Groups:
    """The found names of one article, merged as the steps learn which are one entity."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.groups: list[Group] = []
        self.parent: list[int] = []
        self.group_of: dict[tuple[EntityKind, str], int] = {}  # (kind, name key) -> group
        self.redirect: dict[int, Listed] = {}  # found group -> the listed entity it turned out to be
        self.same_as: dict[str, str] = {}  # listed entity -> the listed entity the article equates it with
        self._keys: dict[tuple[int, int, bool], str] = {}
        # names in a sentence that says two names are unrelated: never a typo or site of another
        self.apart: frozenset[str] = unrelated_names(article)

    def group_for(self, candidate: Candidate) -> Found:
        """The group of a pattern find, a new one unless a find of the same key has one."""
        pattern = candidate.pattern
        assert pattern is not None
        key = self.key(candidate)
        number = self.group_of.get((pattern.kind, key))
        if number is not None:
            return Found(self.find(number))
        self.groups.append(Group(pattern.kind, pattern.description, pattern.site, {key}))
        self.parent.append(len(self.groups) - 1)
        self.group_of[(pattern.kind, key)] = len(self.groups) - 1
        return Found(len(self.groups) - 1)

    def key(self, candidate: Candidate) -> str:
        """The key that makes two finds one name: a site's bare name, else the variant key."""
        span = (candidate.start, candidate.end, candidate.pattern is not None and candidate.pattern.site)
        key = self._keys.get(span)
        if key is None:
            keys = self.article.keys
            if span[2] and self.article.classes[candidate.start] == DOMAIN:
                key = keys[candidate.start]
                key = key if key in self.apart else site_base(key)  # "Kino.de" is not "Kino.to"
            else:
                # a found bill and the act it became are one law: the variant key of the find's kind
                kind = candidate.pattern.kind if candidate.pattern is not None else "organisation"
                key = " ".join(variant_key(keys[candidate.start : candidate.end], kind))
            self._keys[span] = key
        return key

    def find(self, number: int) -> int:
        while self.parent[number] != number:
            self.parent[number] = self.parent[self.parent[number]]
            number = self.parent[number]
        return number

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            low, high = min(a, b), max(a, b)
            self.parent[high] = low
            self.groups[low].keys |= self.groups[high].keys
            self.groups[low].secondary |= self.groups[high].secondary
            self.groups[low].site = self.groups[low].site or self.groups[high].site
            if high in self.redirect and low not in self.redirect:
                self.redirect[low] = self.redirect.pop(high)

    def canonical(self, ref: Ref) -> Ref:
        """What a reference stands for now: a group's root (or the listed entity it is), or a listed equal."""
        if isinstance(ref, Found):
            root = self.find(ref.group)
            ref = self.redirect.get(root, Found(root))
        while isinstance(ref, Listed) and ref.key in self.same_as:
            ref = self.article.index.refs[self.same_as[ref.key]]
        return ref

    def kind(self, ref: Ref) -> EntityKind:
        ref = self.canonical(ref)
        return (
            self.groups[ref.group].kind
            if isinstance(ref, Found)
            else self.article.index.entity_kinds[ref.key]
        )

    def same(self, named: Candidate, alias: Candidate) -> None:
        """Record that ``alias`` names the same entity as ``named`` (the name that stays)."""
        assert named.ref is not None and alias.ref is not None
        a, b = self.canonical(named.ref), self.canonical(alias.ref)
        if a == b:
            return
        if isinstance(a, Found) and isinstance(b, Found):
            self.groups[b.group].secondary.add(self.key(alias))
            self.union(a.group, b.group)
        elif isinstance(b, Found):
            assert isinstance(a, Listed)
            self.redirect[self.find(b.group)] = a
        elif isinstance(a, Found):
            self.redirect[self.find(a.group)] = b
        else:
            # "Bill C-32, the Copyright Modernization Act": the one named in words stays
            numbered_a, numbered_b = (any(ch.isdigit() for ch in self.name_of(r.key)) for r in (a, b))
            if numbered_a != numbered_b:
                kept, dropped = (b, a) if numbered_a else (a, b)
                self.same_as[dropped.key] = kept.key

    def name_of(self, key: str) -> str:
        entity = self.article.kb.get(key)
        return entity.name if entity else ""

    def link_pairs(self, first: list[Candidate]) -> None:
        """ "Name (Other Name)" and "Name, the Other Name": two names of one entity."""
        article = self.article
        classes, keys, size = article.classes, article.keys, article.size
        for left, right in pairwise(first):
            if left.kind != right.kind or left.ref is None or right.ref is None or left.kind == "country":
                continue
            if right.start - left.end > 3:
                continue  # every link below has one to three tokens between the names
            between = keys[left.end : right.start]
            bracket = (_bracket(between) and self._bracket_ends(right.end)) or self._dash_acronym(
                between, right
            )
            apposition = (
                between in ([",", "the"], [","])
                and (right.end >= size or classes[right.end] in NAME_END)
                and not (between == [","] and self._list_goes_on(right.end))
            )
            if bracket or apposition:
                self.same(left, right)
            elif between in (["for", "the"], ["of", "the"], ["for"], ["of"]) and self._cut_short(left, right):
                # "U.S. District Court for the Southern District of New York": one listed name
                self.same(right, left)

    def link_tails(self, first: list[Candidate]) -> None:
        """ "The Court of Appeals" after "the Ninth Circuit Court of Appeals": one body.

        A found name that is the end of an organisation's name written before it, from a head
        word on ("Court of Appeals", "Commission of Inquiry"), is that organisation.
        """
        keys, classes = self.article.keys, self.article.classes
        heads = ORG_HEAD + GENERIC_HEAD
        tails: dict[tuple[str, ...], Candidate] = {}  # ends of names written so far -> the name
        for candidate in first:  # in the text's order
            if candidate.kind != "organisation" or candidate.ref is None:
                continue
            start, end = candidate.start, candidate.end
            name = tuple(keys[start:end])
            earlier = tails.get(name)
            if earlier is not None and candidate.source == "pattern" and isinstance(candidate.ref, Found):
                self.same(earlier, candidate)
                continue
            for at in range(start + 1, end - 2):
                if classes[at] in heads:
                    tails.setdefault(name[at - start :], candidate)

    def _dash_acronym(self, between: list[str], right: Candidate) -> bool:
        """ "Gloss – ACR (Original)" with ACR listed: the acronym, then its name in brackets."""
        article = self.article
        return (
            len(between) == 1
            and between[0] in _DASHES
            and right.end - right.start == 1
            and right.end < article.size
            and article.keys[right.end] == "("
            and article.tokens.texts[right.start].isupper()
        )

    def _list_goes_on(self, at: int) -> bool:
        """Whether a comma and another name follow: "A, B, C" is a list, not B naming A."""
        article = self.article
        return at + 1 < article.size and article.keys[at] == "," and article.capitalised(at + 1)

    def _bracket_ends(self, at: int) -> bool:
        """Whether a bracket closes at ``at``, or after a short second name ("(Original, ACR)")."""
        classes, size = self.article.classes, self.article.size
        if at + 1 < size and classes[at] == QUOTE and classes[at + 1] == CLOSE:
            return True  # '(the "Short Act")'
        if at < size and classes[at] == CLOSE:
            return True
        return at + 2 < size and classes[at] == COMMA and CLOSE in classes[at + 2 : at + 4]

    def _cut_short(self, left: Candidate, right: Candidate) -> bool:
        """Whether a found name is the start of the listed name right after it."""
        if left.source != "pattern" or right.listed is None:
            return False
        keys = self.article.keys
        head = keys[left.end - 1]
        return head in variant_key(keys[left.start : left.end], "organisation") and (
            head in self.name_of(right.listed).casefold().split()
        )
