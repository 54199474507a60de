"""Step 5: names valid in this article only, learnt from what it found and what it defines.

Every found name, a site's bare name ("Sparvar" after "Sparvar.org"), the short form a
pattern marks ("Netelligent" after "Netelligent Hosting Services", "C-32" after "Bill
C-32"), initialisms ("the CEA" after "the Consumer Electronics Association"), names
defined in brackets ("... Alliance (IIPA)", "Sparvar.org (Sparrows)"), after
"formerly known as", and nicknames ("the law, nicknamed "Skynet""). These tag the
headline too. A name that is a listed name of something else is that something else.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from ..models import EntityKind
from .article import Article
from .defined import defined_aliases, distinctive
from .forms import initials
from .groups import Groups
from .spans import Candidate, Found, Listed, Ref
from .tokens import CAP, DOMAIN, OPEN, site_base

LocalForms = dict[tuple[str, ...], Ref]


def learn(
    article: Article,
    first: list[Candidate],
    shorts: list[tuple[tuple[str, ...], str]],
    groups: Groups,
    reach: tuple[int, int],
) -> tuple[LocalForms, list[Candidate]]:
    """The article's own names and where they occur (``reach``: nickname reach, longest defined alias)."""
    local = _forms(article, first, shorts, groups)
    local_found = None
    if _defines_names(article):
        # names defined around later mentions ("Scarlet, formerly known as ...") need those mentions
        local_found = match(article, local, groups)
        mentioned = sorted([*first, *local_found], key=lambda c: c.start)
        for start, end, name in defined_aliases(article, mentioned, reach):
            keys = tuple(article.keys[start:end])
            if keys not in article.index.listed_keys and keys not in local and name.ref is not None:
                local[keys] = name.ref
                local_found = None  # a new name: match them all again
    if local_found is None:
        local_found = match(article, local, groups)
    return local, local_found


def _forms(
    article: Article, first: list[Candidate], shorts: list[tuple[tuple[str, ...], str]], groups: Groups
) -> LocalForms:
    """Aliases valid in this article only (see the module docstring)."""
    keys_of, classes = article.keys, article.classes
    forms: LocalForms = {}
    for keys, key in shorts:
        if distinctive(article, keys):
            forms.setdefault(keys, article.index.refs[key])
    for candidate in first:
        if candidate.source != "pattern":
            continue
        ref = candidate.ref
        if isinstance(ref, Listed):
            # a found variant of a listed name ("Digital Economy Bill") names it everywhere else too
            forms.setdefault(tuple(keys_of[candidate.start : candidate.end]), ref)
        if not isinstance(ref, Found):
            continue
        pattern = candidate.pattern
        assert pattern is not None
        group = Found(groups.find(ref.group))
        # the name found once names the entity wherever else it appears, headline included
        name_keys = tuple(keys_of[candidate.start : candidate.end])
        if len(name_keys) > 1 or distinctive(article, name_keys):
            forms.setdefault(name_keys, group)
        if pattern.site and classes[candidate.start] == DOMAIN:
            bare = site_base(keys_of[candidate.start])
            if distinctive(article, (bare,)):
                forms.setdefault((bare,), group)
        if candidate.short is not None:
            keys = tuple(keys_of[slice(*candidate.short)])
            if distinctive(article, keys):
                forms.setdefault(keys, group)
    forms.update((keys, ref) for keys, ref in _initialisms(article, first, groups) if keys not in forms)
    # an alias that is a listed name of something else is that something else
    return {k: ref for k, ref in forms.items() if k not in article.index.listed_keys}


def _initialisms(
    article: Article, first: list[Candidate], groups: Groups
) -> list[tuple[tuple[str, ...], Ref]]:
    """ "the CEA" after "the Consumer Electronics Association": exactly its words' initials."""
    texts = article.tokens.texts
    acronyms = [
        i
        for i in article.class_positions(CAP)
        if 2 <= len(texts[i]) <= 8 and texts[i].isupper() and texts[i].isalpha()
    ]
    if not acronyms:
        return []
    # ``first`` is resolved: sorted and without overlaps, so the one that may cover i starts last before it
    starts = [c.start for c in first]
    uncovered = []
    for i in acronyms:
        at = bisect_right(starts, i) - 1
        if at < 0 or first[at].end <= i:
            uncovered.append(i)  # most are listed aliases, already found
    if not uncovered:
        return []
    wanted = {texts[i].casefold() for i in uncovered}
    by_initials: dict[str, set[Ref]] = {}
    seen: set[Ref] = set()
    listed_initials = article.index.initials
    for candidate in first:
        ref = candidate.ref
        if candidate.kind in (None, "country") or ref is None or ref in seen:
            continue
        if isinstance(ref, Listed):
            letters = listed_initials.get(ref.key)
        elif candidate.source == "pattern":
            letters = initials(article.text[candidate.char_start : candidate.char_end])
        else:
            continue
        seen.add(ref)
        if letters in wanted:
            by_initials.setdefault(letters, set()).add(ref)
    found: list[tuple[tuple[str, ...], Ref]] = []
    for i in uncovered:
        refs = {groups.canonical(r) for r in by_initials.get(texts[i].casefold(), ())}
        if len(refs) == 1:
            found.append(((article.keys[i],), refs.pop()))
    return found


def _defines_names(article: Article) -> bool:
    """Whether the text has brackets, "formerly known as" or a nickname word at all."""
    index = article.index
    words = {phrase[0] for phrase in index.renaming_phrases} | index.nickname_words
    return bool(article.class_positions(OPEN)) or bool(article.where(words, capitalised=False))


def match(article: Article, forms: LocalForms, groups: Groups) -> list[Candidate]:
    """Where the article's own names occur, capitalised, longest first."""
    if not forms:
        return []
    tokens = article.tokens
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for keys in sorted(forms, key=len, reverse=True):
        firsts.setdefault(keys[0], []).append(keys)
    found = []
    texts = tokens.texts
    for i in article.where(firsts):
        if not (texts[i][0].isupper() or texts[i][0].isdigit()):
            continue
        for keys in firsts[tokens.keys[i]]:
            n = len(keys)
            if tuple(tokens.keys[i : i + n]) != keys:
                continue
            ref = forms[keys]
            kind: EntityKind = groups.kind(ref)
            found.append(Candidate(i, i + n, tokens.start(i), tokens.ends[i + n - 1], kind, ref, "local"))
            break
    return found


def covered(article: Article, candidates: Iterable[Candidate]) -> bytearray:
    """1 for every token inside one of the candidates."""
    taken = bytearray(article.size)
    for candidate in candidates:
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    return taken
