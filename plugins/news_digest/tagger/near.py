"""Step 5, last: near-spellings of names the article found ("Neteligent", "Deutsche Telecom").

A capitalised word a typo away from a one-word name found in the article, a multi-word
name with one word misspelt, and found names a typo apart from each other or from a
listed name the article names, are that entity. Common words, technical terms and given
names are never typos ("Nicole" is not the site Nicola).
"""

from __future__ import annotations

from ..models import EntityKind
from .article import Article
from .groups import Groups
from .local_names import LocalForms
from .spans import Candidate, Listed, Ref
from .tokens import CAP, DOMAIN, NAME_WORD, site_base


def listed_keys(first: list[Candidate]) -> list[str]:
    """Each listed entity found in the article, once, in a fixed order."""
    return sorted(
        {c.ref.key for c in first if c.source in ("known", "context") and isinstance(c.ref, Listed)}
    )


def merge_found(article: Article, groups: Groups, limit: int) -> None:
    """Found names within a typo of each other ("Spavar.org", "Sparvar.org") are one entity.

    ``limit``: more found names than this with one first letter are compared no more.
    """
    by_letter: dict[tuple[EntityKind, str], list[tuple[str, int]]] = {}
    for (kind, key), number in groups.group_of.items():
        by_letter.setdefault((kind, key[:1]), []).append((key, number))
    near, apart = article.matcher.near, groups.apart
    for bucket in by_letter.values():
        if len(bucket) > limit:
            continue  # a listing of hundreds of names, not an article with a typo in one
        for i, (a_key, a) in enumerate(bucket):
            if a_key in apart:
                continue
            for b_key, b in bucket[i + 1 :]:
                if b_key in apart or groups.find(a) == groups.find(b):
                    continue
                sites = groups.groups[a].site and groups.groups[b].site
                if near(a_key, b_key) or (sites and swapped(a_key, b_key)):
                    groups.union(a, b)


def swapped(a: str, b: str) -> bool:
    """Two neighbouring letters swapped ("Knio" for "Kino"): a typo even in a short site name."""
    if len(a) != len(b) or len(a) < 4 or a[0] != b[0] or a == b:
        return False
    differ = [i for i in range(len(a)) if a[i] != b[i]]
    if len(differ) != 2 or differ[1] != differ[0] + 1:
        return False
    first, second = differ
    return a[first] == b[second] and a[second] == b[first]


def redirect_to_listed(article: Article, groups: Groups, listed: list[str]) -> None:
    """A found name a typo away from a listed name in the article ("Deutsche Telecom") is it."""
    if not groups.groups:
        return
    letters = {key[:1] for group in groups.groups for key in group.keys}
    by_shape: dict[tuple[str, int], list[tuple[str, str]]] = {}
    near_names, shortest = article.index.near_names, article.index.tuning.near_min_length
    for key in listed:
        for name in near_names.get(key, ()):
            if name[:1] in letters and len(name) >= shortest:
                by_shape.setdefault((name[0], len(name)), []).append((name, key))
    if not by_shape:
        return
    kinds, near = article.index.entity_kinds, article.matcher.near
    for number, group in enumerate(groups.groups):
        root = groups.find(number)
        if root != number or root in groups.redirect or not group.keys.isdisjoint(groups.apart):
            continue
        keys = {
            key
            for name_key in group.keys
            for length in range(len(name_key) - 2, len(name_key) + 3)
            for name, key in by_shape.get((name_key[:1], length), ())
            if kinds[key] == group.kind and near(name_key, name)
        }
        if not keys and group.site:
            keys = _swapped_sites(article, group.keys, listed)
        if len(keys) == 1:
            groups.redirect[root] = article.index.refs[keys.pop()]


def _swapped_sites(article: Article, group_keys: set[str], listed: list[str]) -> set[str]:
    """Listed sites in the article whose bare name is a found site's with two letters swapped."""
    near_names, kinds = article.index.near_names, article.index.entity_kinds
    return {
        key
        for key in listed
        if kinds[key] == "organisation"
        for name in near_names.get(key, ())
        if "." in name and " " not in name
        for found in group_keys
        if swapped(found, site_base(name))
    }


def find(
    article: Article,
    first: list[Candidate],
    local: LocalForms,
    covered: bytearray,
    groups: Groups,
    listed: list[str],
) -> list[Candidate]:
    """Near-spellings of one-word names, then of multi-word names, where nothing was found yet."""
    return _spellings(article, first, local, covered, groups, listed) + _phrases(
        article, local, covered, groups, listed
    )


def _targets(
    article: Article, first: list[Candidate], local: LocalForms, listed: list[str]
) -> dict[str, list[tuple[str, int, Ref]]]:
    """One-word names found in the article, long enough for a typo, by first letter (with their length)."""
    targets: dict[str, list[tuple[str, int, Ref]]] = {}
    found: list[tuple[str, Ref]] = [(keys[0], ref) for keys, ref in local.items() if len(keys) == 1]
    single_keys, refs = article.index.single_keys, article.index.refs
    for key in listed:
        found.extend((alias, refs[key]) for alias in single_keys.get(key, ()))
    for candidate in first:
        if (
            candidate.source == "pattern"
            and candidate.end - candidate.start == 1
            and candidate.ref is not None
        ):
            key = article.keys[candidate.start]
            if article.classes[candidate.start] == DOMAIN:
                key = site_base(key)
            found.append((key, candidate.ref))
    shortest = article.index.tuning.near_min_length
    for key, ref in found:
        if len(key) >= shortest:
            targets.setdefault(key[0], []).append((key, len(key), ref))
    return targets


def _spellings(
    article: Article,
    first: list[Candidate],
    local: LocalForms,
    covered: bytearray,
    groups: Groups,
    listed: list[str],
) -> list[Candidate]:
    targets = _targets(article, first, local, listed)
    if not targets:
        return []
    tokens, size = article.tokens, article.size
    decided: dict[str, Ref | None] = {}
    found = []
    classes, keys = tokens.classes, tokens.keys
    first_index, never, near = article.index.first_index, article.index.never_near, article.matcher.near
    shortest = article.index.tuning.near_min_length
    for i in article.class_positions(CAP):
        key = keys[i]
        if key in decided:
            ref = decided[key]
        else:
            ref = None
            options = targets.get(key[0])
            if (
                options
                and len(key) >= shortest
                and key not in never
                and key not in first_index
                and key not in groups.apart
            ):
                # a typo changes the length by two at most
                refs = {
                    groups.canonical(target_ref)
                    for target, length, target_ref in options
                    if -3 < length - len(key) < 3 and near(key, target)
                }
                if len(refs) == 1:
                    ref = refs.pop()
            decided[key] = ref
        if ref is None or covered[i]:
            continue
        if (i + 1 < size and classes[i + 1] in NAME_WORD) or (
            i > 0 and classes[i - 1] in NAME_WORD and not article.sentence_start(i - 1)
        ):
            continue  # part of a longer name, such as a person's: "Franck Riester" is not France
        found.append(Candidate(i, i + 1, tokens.start(i), tokens.ends[i], groups.kind(ref), ref, "near"))
    return found


def _phrases(
    article: Article, local: LocalForms, covered: bytearray, groups: Groups, listed: list[str]
) -> list[Candidate]:
    """ "Recording Industry Assocation of Japan": a multi-word name with a typo in it.

    The names are those of entities found in the article: its own multi-word names
    first, then the listed entities' (in a fixed order), by first word.
    """
    phrases: dict[str, list[tuple[tuple[str, ...], Ref]]] = {}
    for keys, ref in local.items():
        if len(keys) > 1:
            phrases.setdefault(keys[0], []).append((keys, ref))
    multi_keys, refs = article.index.multi_keys, article.index.refs
    for key in listed:
        for keys in multi_keys.get(key, ()):
            phrases.setdefault(keys[0], []).append((keys, refs[key]))
    if not phrases:
        return []
    tokens, size, near = article.tokens, article.size, article.matcher.near
    found = []
    for i in article.where(phrases):
        if not tokens.texts[i][:1].isupper():
            continue
        for keys, ref in phrases[tokens.keys[i]]:
            n = len(keys)
            if i + n > size or covered.find(0, i, i + n) < 0:
                continue
            # one word of the name misspelt, the others as listed
            differing = [(a, b) for a, b in zip(tokens.keys[i : i + n], keys, strict=True) if a != b]
            if len(differing) == 1 and near(*differing[0]):
                found.append(
                    Candidate(
                        i, i + n, tokens.start(i), tokens.ends[i + n - 1], groups.kind(ref), ref, "near"
                    )
                )
                break
    return found
