"""Document + KnowledgeBase -> AnnotatedDocument: decide which entities an article names, and where.

The steps, each a general rule (nothing here knows any entity by name):

1. Known aliases (``matcher.known_candidates``); an alias marked ambiguous in the
   data ("Jordan", "Cox") counts only with context (see ``_context_ok``).
2. Discovery patterns (``patterns.yml``) find names nobody listed, in paragraphs and
   update notes only: headlines and subheadings capitalise every word. A discovered
   name never overrides a listed organisation or instrument it overlaps.
3. Overlaps resolve by one rule: longest, then leftmost (``matcher.resolve``). So
   "Canadian police" is Canada, but "Swedish Police Authority" is one organisation.
4. Article-local knowledge, from what was found: a site's bare name ("Sparvar" after
   "Sparvar.org"), the short form a pattern marks ("Netelligent" after "Netelligent
   Hosting Services"), names defined in brackets ("International Intellectual Property
   Alliance (IIPA)", "Sparvar.org (Sparrows)"), and near-spellings of names found in
   the article ("Neteligent"). These also tag the headline.
5. Discovered names that are one entity are merged (same name, a name and its
   bracketed alias, near-spellings of each other) under the most complete form; a
   site is named by its bare name when the article uses it bare.
6. Relevance from headline and lead presence, mention count and first position.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .knowledge import KnowledgeBase
from .matcher import (
    KNOWN_CLASS,
    AliasForm,
    Candidate,
    Matcher,
    Tokens,
    edit_distance,
    within_one_edit,
    plain,
    resolve,
    site_base,
)
from .models import ENTITY_KINDS, AnnotatedDocument, Document, Entity, EntityKind, Mention, TaggedEntity

logger = logging.getLogger(__name__)

# Near-spellings: a word this long may differ from a name by one edit, twice as long by two.
NEAR_MIN_LENGTH = 6
NEAR_TWO_EDITS_LENGTH = 10
# How far apart (in tokens) an ambiguous country and another country count as one list.
LIST_WINDOW = 3
_NAME_CLASSES = frozenset("CU")
_WORD_CLASSES = frozenset("CUDfHJMXABGRL")


def tag(document: Document, kb: KnowledgeBase) -> AnnotatedDocument:
    """Find the article's entities, each with its mentions (offsets into ``document.text``)."""
    if kb.matcher is None:
        raise ValueError("the knowledge base has no compiled matcher; load it with load_knowledge()")
    return _Tagging(document, kb, kb.matcher).run()


@dataclass
class _Group:
    """A discovered entity: every pattern match that names it."""

    kind: EntityKind
    description: str
    site: bool
    keys: set[str] = field(default_factory=set)
    secondary: set[str] = field(default_factory=set)  # names only ever seen as a bracketed alias


class _Tagging:
    """One document being tagged; holds the intermediate results of the steps above."""

    def __init__(self, document: Document, kb: KnowledgeBase, matcher: Matcher) -> None:
        self.document = document
        self.kb = kb
        self.matcher = matcher
        self.text = document.text
        self.tokens: Tokens = matcher.tokenize(self.text)
        self.size = len(self.tokens)
        self.groups: list[_Group] = []
        self.parent: list[int] = []

    # --- the steps --------------------------------------------------------------------------

    def run(self) -> AnnotatedDocument:
        tokens = self.tokens
        free = self._discovery_allowed()
        # "Acta" for ACTA, but not "Case" opening a sentence or a title-case headline word
        known = [
            c
            for c in self.matcher.known_candidates(tokens)
            if not c.variant or (free[c.start] and not self._sentence_start(c.start))
        ]
        classes = list(tokens.classes)
        vetoed = bytearray(self.size)
        for candidate in known:
            if candidate.ref is not None and not candidate.ambiguous:
                classes[candidate.start : candidate.end] = [KNOWN_CLASS[candidate.kind]] * (
                    candidate.end - candidate.start
                )
                if candidate.kind != "country":
                    vetoed[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
        known = self._with_context(known)
        discovered = [
            c
            for c in self.matcher.discover(tokens, "".join(classes))
            if free[c.start] and not any(vetoed[c.start : c.end]) and self._name_ok(c)
        ]
        first = resolve([*known, *discovered], self.size)
        found = [c for c in first if c.source == "pattern"]
        for candidate in found:
            candidate.ref = self._group_for(candidate)
        local = self._local_forms(first)
        local_found = self._match_local(local)
        covered = bytearray(self.size)
        for candidate in [*first, *local_found]:
            covered[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
        self._merge_near_groups()
        near = self._near_spellings(first, local, covered)
        final = resolve([c for c in first if c.source != "stop" and c.ref is not None] + local_found + near, self.size)
        final = self._merge_brackets(final)
        return self._assemble(final)

    # --- step 1: ambiguous aliases ----------------------------------------------------------

    def _with_context(self, known: list[Candidate]) -> list[Candidate]:
        sure = {c.ref for c in known if c.ref is not None and not c.ambiguous}
        countries = [c for c in known if c.kind == "country" and not c.ambiguous]
        return [c for c in known if not c.ambiguous or self._context_ok(c, sure, countries)]

    def _context_ok(self, candidate: Candidate, sure: set[str | int | None], countries: list[Candidate]) -> bool:
        tokens, classes = self.tokens, self.tokens.classes
        before = candidate.start - 1
        after = candidate.end
        # Part of a longer capitalised name ("Michael Jordan", "Jordan Peterson"): not the entity.
        if before >= 0 and classes[before] in _NAME_CLASSES and not self._sentence_start(before):
            return False
        if after < self.size and classes[after] in _NAME_CLASSES:
            return False
        if candidate.ref in sure:
            return True
        rules = self.matcher.ambiguity
        if before >= 0 and tokens.keys[before] == "the":
            before -= 1
        if before >= 0 and tokens.keys[before] in rules.before.get(candidate.kind, ()):
            return True
        if after < self.size and tokens.keys[after] in rules.after.get(candidate.kind, ()):
            return True
        if candidate.kind == "country":
            for other in countries:
                gap = (
                    range(other.end, candidate.start) if other.end <= candidate.start else range(candidate.end, other.start)
                )
                if len(gap) <= LIST_WINDOW and all(tokens.keys[i] in (",", "and", "or", "&") for i in gap):
                    return True
        return False

    def _sentence_start(self, index: int) -> bool:
        classes = self.tokens.classes
        index -= 1
        while index >= 0 and classes[index] in "\"'(":
            index -= 1
        return index < 0 or classes[index] in ".\n"

    # --- step 2: discovery --------------------------------------------------------------------

    def _discovery_allowed(self) -> bytearray:
        """1 for tokens of paragraphs and update notes; 0 for the headline and subheadings."""
        allowed = bytearray(self.size)
        ends = self.tokens.ends
        for block, start in zip(self.document.blocks, self.document.block_starts):
            if block.kind == "subheading":
                continue
            first = bisect_right(ends, start)
            last = bisect_right(ends, start + len(block.text))
            allowed[first : last + 1] = b"\x01" * (min(last + 1, self.size) - first)
        return allowed

    def _name_ok(self, candidate: Candidate) -> bool:
        keys = self.tokens.keys[candidate.start : candidate.end]
        words = [k for k in keys if k[:1].isalnum()]
        if not words:
            return False
        if len(words) == 1 and (words[0] in self.kb.common_words or len(words[0]) < 2):
            return False
        return True

    # --- step 4: article-local aliases --------------------------------------------------------

    def _group_for(self, candidate: Candidate) -> int:
        pattern = candidate.pattern
        assert pattern is not None
        key = self._group_key(candidate)
        for number, group in enumerate(self.groups):
            if group.kind == pattern.kind and key in group.keys:
                return self._find(number)
        self.groups.append(_Group(pattern.kind, pattern.description, pattern.site, {key}))
        self.parent.append(len(self.groups) - 1)
        return len(self.groups) - 1

    def _group_key(self, candidate: Candidate) -> str:
        keys = self.tokens.keys
        classes = self.tokens.classes
        if candidate.pattern is not None and candidate.pattern.site and classes[candidate.start] == "D":
            return site_base(keys[candidate.start])
        words = list(range(candidate.start, candidate.end))
        while words and classes[words[-1]] in "Yc":
            words.pop()  # "Digital Economy Act 2010" and "Digital Economy Act" are one law
        return " ".join(keys[i] for i in words)

    def _find(self, number: int) -> int:
        while self.parent[number] != number:
            self.parent[number] = self.parent[self.parent[number]]
            number = self.parent[number]
        return number

    def _union(self, a: int, b: int) -> None:
        a, b = self._find(a), self._find(b)
        if a != b:
            low, high = min(a, b), max(a, b)
            self.parent[high] = low
            self.groups[low].keys |= self.groups[high].keys
            self.groups[low].secondary |= self.groups[high].secondary
            self.groups[low].site = self.groups[low].site or self.groups[high].site

    def _local_forms(self, first: list[Candidate]) -> dict[tuple[str, ...], str | int]:
        """Aliases valid in this article only: bare site names, marked short forms, bracketed names."""
        tokens, matcher = self.tokens, self.matcher
        forms: dict[tuple[str, ...], str | int] = {}
        for candidate in first:
            if candidate.source != "pattern":
                continue
            pattern = candidate.pattern
            assert pattern is not None
            group = self._find(int(candidate.ref))  # type: ignore[arg-type]
            # the name found once names the entity wherever else it appears, headline included
            name_keys = tuple(tokens.keys[candidate.start : candidate.end])
            if len(name_keys) > 1 or self._distinctive(name_keys):
                forms.setdefault(name_keys, group)
            if pattern.site and tokens.classes[candidate.start] == "D":
                bare = site_base(tokens.keys[candidate.start])
                if self._distinctive((bare,)):
                    forms.setdefault((bare,), group)
            if "short" in pattern.regex.groupindex:
                short = candidate.short
                if short is not None:
                    span = range(*short)
                    keys = tuple(tokens.keys[i] for i in span)
                    if self._distinctive(keys):
                        forms.setdefault(keys, group)
        for outer, inner in self._brackets(first):
            if inner.ref is None:
                continue
            keys = tuple(tokens.keys[i] for i in range(outer.start, outer.end))
            if self._defines(inner, outer.start, outer.end):
                forms.setdefault(keys, inner.ref)
        # an alias that is a listed name of something else is that something else
        return {k: ref for k, ref in forms.items() if not self._listed(k)}

    def _listed(self, keys: tuple[str, ...]) -> bool:
        return any(form.keys == keys for form in self.matcher.first_index.get(keys[0], ()))

    def _distinctive(self, keys: tuple[str, ...]) -> bool:
        if not keys or not keys[0][:1].isalnum():
            return False
        if len(keys) == 1:
            key = keys[0]
            return len(key) >= 3 and key not in self.kb.common_words and not key.isdigit()
        return True

    def _brackets(self, found: list[Candidate]) -> Iterable[tuple[Candidate, Candidate]]:
        """(bracketed span as a pseudo-candidate, the name next to it) for "Name (X)" and "X (Name)"."""
        tokens = self.tokens
        by_end = {c.end: c for c in found}
        by_start = {c.start: c for c in found}
        classes = tokens.classes
        for open_at, cls in enumerate(classes):
            if cls != "(":
                continue
            close_at = open_at + 1
            while close_at < self.size and close_at - open_at <= 5 and classes[close_at] not in ")\n":
                close_at += 1
            if close_at >= self.size or classes[close_at] != ")" or close_at == open_at + 1:
                continue
            inside = (open_at + 1, close_at)
            name = by_end.get(open_at)
            if name is not None and inside[0] not in by_start:
                yield Candidate(inside[0], inside[1], 0, 0, name.kind, None, "local"), name
            # "ACRONYM (Long Name)"
            long_name = by_start.get(open_at + 1)
            if long_name is not None and long_name.end == close_at and open_at > 0 and (open_at - 1) not in by_end:
                yield Candidate(open_at - 1, open_at, 0, 0, long_name.kind, None, "local"), long_name

    def _defines(self, name: Candidate, start: int, end: int) -> bool:
        """Whether tokens start:end can be a short name for ``name`` ("IIPA", "Sparrows")."""
        tokens = self.tokens
        classes = "".join(tokens.classes[start:end])
        if not classes or any(c not in "CU-D" for c in classes) or classes[0] not in "CUD":
            return False
        written = "".join(plain(t) for t in tokens.texts[start:end])
        letters = [ch for ch in written if ch.isalpha()]
        if len(letters) >= 2 and written.isupper() and len(written) <= 10:
            return _initials_fit(written.casefold(), self._name_initials(name))
        # a one-word translation or nickname of a name found by pattern or listed
        return end - start == 1 and self._distinctive((tokens.keys[start],)) and not self._sentence_start(start)

    def _name_initials(self, name: Candidate) -> str:
        tokens = self.tokens
        initials = []
        start, end = name.start, name.end
        for i in range(start, end):
            word = tokens.texts[i]
            if word[:1].isalpha():
                initials.append(word[0].casefold())
                initials.extend(ch.casefold() for ch in word[1:] if ch.isupper())
        if name.source == "known" and isinstance(name.ref, str):
            entity = self.kb.get(name.ref)
            if entity is not None:
                for word in re.findall(r"[^\W\d_]+", entity.name):
                    initials.append(word[0].casefold())
        return "".join(initials)

    def _match_local(self, forms: dict[tuple[str, ...], str | int]) -> list[Candidate]:
        if not forms:
            return []
        tokens = self.tokens
        firsts: dict[str, list[tuple[str, ...]]] = {}
        for keys in sorted(forms, key=len, reverse=True):
            firsts.setdefault(keys[0], []).append(keys)
        found = []
        for i, key in enumerate(tokens.keys):
            options = firsts.get(key)
            if options is None or not tokens.texts[i][0].isupper() and not tokens.texts[i][0].isdigit():
                continue
            for keys in options:
                n = len(keys)
                if tuple(tokens.keys[i : i + n]) != keys:
                    continue
                ref = forms[keys]
                kind = self.groups[self._find(ref)].kind if isinstance(ref, int) else self.matcher.entity_kinds[ref]
                found.append(
                    Candidate(i, i + n, tokens.start(i), tokens.ends[i + n - 1], kind, ref, "local")
                )
                break
        return found

    # --- near-spellings -------------------------------------------------------------------------

    def _near_targets(self, first: list[Candidate], local: dict[tuple[str, ...], str | int]) -> list[tuple[str, str | int]]:
        targets: list[tuple[str, str | int]] = []
        for keys, ref in local.items():
            if len(keys) == 1:
                targets.append((keys[0], ref))
        for candidate in first:
            if candidate.source == "known" and isinstance(candidate.ref, str):
                targets.extend((key, candidate.ref) for key in self.matcher.single_keys.get(candidate.ref, ()))
            elif candidate.source == "pattern" and candidate.end - candidate.start == 1:
                key = self.tokens.keys[candidate.start]
                if self.tokens.classes[candidate.start] == "D":
                    key = site_base(key)
                targets.append((key, candidate.ref))  # type: ignore[arg-type]
        return targets

    def _near_spellings(
        self, first: list[Candidate], local: dict[tuple[str, ...], str | int], covered: bytearray
    ) -> list[Candidate]:
        by_letter: dict[str, list[tuple[str, str | int]]] = {}
        for target, ref in self._near_targets(first, local):
            if len(target) >= NEAR_MIN_LENGTH:
                by_letter.setdefault(target[0], []).append((target, ref))
        if not by_letter:
            return []
        tokens, kb = self.tokens, self.kb
        decided: dict[str, str | int | None] = {}
        found = []
        for i, cls in enumerate(tokens.classes):
            if cls != "C" or covered[i]:
                continue
            key = tokens.keys[i]
            if key not in decided:
                decided[key] = None
                options = by_letter.get(key[0])
                if options and len(key) >= NEAR_MIN_LENGTH and key not in kb.common_words:
                    if key not in self.matcher.first_index:
                        refs = {self._canonical_ref(ref) for target, ref in options if _near(key, target)}
                        if len(refs) == 1:
                            decided[key] = refs.pop()
            ref = decided[key]
            if ref is not None:
                kind = self.groups[ref].kind if isinstance(ref, int) else self.matcher.entity_kinds[ref]
                found.append(Candidate(i, i + 1, tokens.start(i), tokens.ends[i], kind, ref, "near"))
        return found

    def _canonical_ref(self, ref: str | int) -> str | int:
        return self._find(ref) if isinstance(ref, int) else ref

    def _merge_near_groups(self) -> None:
        """Discovered names within a typo of each other ("Spavar.org", "Sparvar.org") are one entity."""
        for a in range(len(self.groups)):
            for b in range(a + 1, len(self.groups)):
                ga, gb = self.groups[a], self.groups[b]
                if ga.kind != gb.kind or self._find(a) == self._find(b):
                    continue
                if any(_near(x, y) for x in ga.keys for y in gb.keys):
                    self._union(a, b)

    def _merge_brackets(self, final: list[Candidate]) -> list[Candidate]:
        """"Copyright Modernization Act (Bill C-11)": two discovered names of one entity."""
        classes = self.tokens.classes
        for left, right in zip(final, final[1:]):
            if (
                right.start == left.end + 1
                and classes[left.end] == "("
                and right.end < self.size
                and classes[right.end] == ")"
                and left.kind == right.kind
                and isinstance(left.ref, int)
                and isinstance(right.ref, int)
            ):
                # the bracketed name is the alias; the one before it stays the entity's name
                self.groups[self._find(right.ref)].secondary.add(self._group_key(right))
                self._union(left.ref, right.ref)
        return final

    # --- step 5 and 6: entities ---------------------------------------------------------------------

    def _assemble(self, final: list[Candidate]) -> AnnotatedDocument:
        by_ref: dict[str | int, list[Candidate]] = {}
        for candidate in final:
            by_ref.setdefault(self._canonical_ref(candidate.ref), []).append(candidate)  # type: ignore[arg-type]
        tagged = []
        lead = self._lead()
        used_ids: set[str] = set()
        for ref in sorted(by_ref, key=lambda r: (isinstance(r, int), str(r))):
            candidates = by_ref[ref]
            if isinstance(ref, str):
                entity = self.kb.get(ref)
                assert entity is not None
            else:
                entity = self._discovered_entity(ref, candidates, used_ids)
            used_ids.add(entity.key)
            mentions = tuple(
                Mention(self.text[c.char_start : c.char_end], c.char_start, c.char_end)
                for c in sorted(candidates, key=lambda c: c.start)
            )
            tagged.append(TaggedEntity(entity, mentions, self._relevance(mentions, lead)))
        merged = _merge_same_entity(tagged)
        merged.sort(key=lambda t: (ENTITY_KINDS.index(t.entity.kind), -t.relevance, t.entity.name.casefold(), t.entity.id))
        return AnnotatedDocument(document=self.document, entities=tuple(merged))

    def _discovered_entity(self, ref: int, candidates: list[Candidate], used: set[str]) -> Entity:
        group = self.groups[ref]
        tokens = self.tokens
        name = None
        if group.site:
            bare = [
                tokens.texts[c.start]
                for c in candidates
                if c.source in ("local", "near") and c.end - c.start == 1 and tokens.keys[c.start] in group.keys
            ]
            if bare:
                name = Counter(bare).most_common(1)[0][0]
        if name is None:
            naming = [c for c in candidates if c.source == "pattern"] or candidates
            primary = [c for c in naming if self._group_key(c) not in group.secondary]
            naming = primary or naming
            written = Counter()
            order: dict[str, tuple[int, int]] = {}
            for c in naming:
                start, end = c.start, c.end
                text = " ".join(self.text[tokens.start(start) : tokens.ends[end - 1]].split())
                if group.site and tokens.classes[start] == "D":
                    text = text.removeprefix("www.")
                written[text] += 1
                order.setdefault(text, (end - start, -c.start))
            name = max(written, key=lambda t: (order[t][0], written[t], len(t), order[t][1]))
        slug = slugify(name)
        entity_id = slug
        if self.kb.get(f"{group.kind}/{slug}") is not None or f"{group.kind}/{slug}" in used:
            entity_id = f"{slug}-unlisted"
        return Entity(id=entity_id, kind=group.kind, name=name, description=group.description, known=False)

    def _lead(self) -> tuple[int, int]:
        """Where the first paragraph is in the text ((0, 0) when there is none)."""
        for block, start in zip(self.document.blocks, self.document.block_starts):
            if block.kind == "paragraph":
                return (start, start + len(block.text))
        return (0, 0)

    def _relevance(self, mentions: tuple[Mention, ...], lead: tuple[int, int]) -> float:
        """Headline 0.3, lead paragraph 0.2, mentions (up to 6) 0.3, how early the first is 0.2."""
        title_end = len(self.document.title)
        in_title = any(m.start < title_end for m in mentions)
        in_lead = any(lead[0] <= m.start < lead[1] for m in mentions)
        first = mentions[0].start / max(len(self.text), 1)
        count = min(len(mentions), 6) / 6
        score = 0.3 * in_title + 0.2 * in_lead + 0.3 * count + 0.2 * (1 - first)
        return round(min(max(score, 0.0), 1.0), 3)


def _merge_same_entity(tagged: list[TaggedEntity]) -> list[TaggedEntity]:
    """Two discovered groups that ended up with one name are one entity."""
    by_key: dict[str, TaggedEntity] = {}
    for item in tagged:
        previous = by_key.get(item.entity.key)
        if previous is None:
            by_key[item.entity.key] = item
            continue
        mentions = tuple(sorted({*previous.mentions, *item.mentions}, key=lambda m: m.start))
        by_key[item.entity.key] = TaggedEntity(previous.entity, mentions, max(previous.relevance, item.relevance))
    return list(by_key.values())


def _initials_fit(acronym: str, initials: str) -> bool:
    """Whether the acronym's letters appear, in order, among the name's initials."""
    position = 0
    for letter in (ch for ch in acronym if ch.isalpha()):
        position = initials.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def _near(a: str, b: str) -> bool:
    """A typo apart: same first letter, one edit (two for long words), both long enough."""
    if a == b or a[:1] != b[:1]:
        return False
    shortest = min(len(a), len(b))
    if shortest < NEAR_MIN_LENGTH:
        return False
    if shortest < NEAR_TWO_EDITS_LENGTH:
        return within_one_edit(a, b)
    return edit_distance(a, b, 2) <= 2


def slugify(name: str) -> str:
    """"Netelligent Hosting Services" -> "netelligent-hosting-services"; accents dropped."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "entity"
