"""Document + KnowledgeBase -> AnnotatedDocument: decide which entities an article names, and where.

The steps, each a general rule (nothing here knows any entity by name):

1. Listed aliases (``matcher.listed_candidates``). A country adjective used as a
   language ("in English", "its Portuguese name", "Spanish-language") is not the
   country. An alias marked ambiguous in the data ("Jordan", "Cox") counts only with
   context: a preposition before it, a telling word after it, a list of its own kind,
   or an unambiguous mention of the same entity; never inside a longer capitalised
   name ("Michael Jordan").
2. Discovery patterns (``patterns.yml``) find names nobody listed, in paragraphs and
   update notes only: headlines and subheadings capitalise every word. A found name
   never overrides a listed organisation or instrument it overlaps, and one that is a
   variant of a listed name ("Digital Economy Bill" for the Digital Economy Act 2010)
   is that entity.
3. Overlaps resolve by one rule: longest, then leftmost (``matcher.resolve``). So
   "Canadian police" is Canada, but "Swedish Police Authority" is one organisation.
4. Names that stand for an entity of the article's own country ("Senate",
   "Parliament", "Copyright Act"): the country named most often in the article, or
   the one right before the name ("India's Parliament"), decides.
5. Article-local knowledge from what was found: every found name, a site's bare name
   ("Sparvar" after "Sparvar.org"), the short form a pattern marks ("Netelligent" after
   "Netelligent Hosting Services", "C-32" after "Bill C-32"), names defined in brackets
   ("... Alliance (IIPA)", "Sparvar.org (Sparrows)", "Pirate Party (Piratenpartij)"),
   after "formerly known as", and nicknames ("the law, nicknamed "Skynet""); then
   near-spellings of names found in the article ("Neteligent", "Deutsche Telecom").
   These also tag the headline.
6. Found names of one entity are merged under the most complete form; a site is
   named by its bare name when the article uses it bare.
7. Relevance from headline and lead presence, mention count and first position.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .knowledge import KnowledgeBase
from .matcher import (
    KNOWN_CLASS,
    Candidate,
    Matcher,
    Tokens,
    NEAR_MIN_LENGTH,
    initials,
    plain,
    resolve,
    site_base,
    variant_key,
)
from .models import ENTITY_KINDS, AnnotatedDocument, Document, Entity, EntityKind, Mention, TaggedEntity

logger = logging.getLogger(__name__)

# More found names than this with one first letter are compared for typos no more.
NEAR_GROUP_LIMIT = 100
# More countries than this tied for the most mentions: the article has no country of its own.
MAX_TOP_COUNTRIES = 2
# How far apart (in tokens) an ambiguous name and one of its kind count as one list.
LIST_WINDOW = 3
# How far back (in tokens) a nickname looks for the law or body it names.
NICKNAME_REACH = 200
# The longest alias taken from "formerly known as ..." or a nickname, in tokens.
ALIAS_TOKENS = 6
_NAME_CLASSES = frozenset("CUP")
# Token classes of a section number: numbers, codes, letters, hyphens, brackets, "and", "to".
_REFERENCE_CLASSES = frozenset("NYQU-(),ap")
# The most tokens a section number takes: "Section 512(c)(3)".
MAX_REFERENCE_TOKENS = 8
# Token classes that make a found name a body's or a law's, not a person's.
_HEAD_CLASSES = frozenset("HJMXABDQ")
_BODY_KINDS = frozenset({"organisation", "legal_instrument"})
_RUN_CLASSES = frozenset("CUGRLHJMXDPNE-")
_Ref = str | int
_NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")
# A word of a name, camel-case parts apart: "TorrentFreak" -> "Torrent", "Freak".
_WORD_RE = re.compile(r"[^\W\d_][^\W\d_A-Z]*")


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
        self.block_starts = document.block_starts
        self.tokens: Tokens = matcher.tokenize(self.text)
        self.headline_size = bisect_right(self.tokens.ends, len(document.title))  # tokens of the headline
        self.size = len(self.tokens)
        self.groups: list[_Group] = []
        self.parent: list[int] = []
        self.group_of: dict[tuple[EntityKind, str], int] = {}  # (kind, name key) -> group
        self.redirect: dict[int, str] = {}  # discovered group -> the listed entity it turned out to be
        self.same_as: dict[str, str] = {}  # listed entity -> the listed entity the article equates it with
        self.country_at: dict[int, str] = {}  # end token of a country mention -> its ISO code
        self.top_countries: frozenset[str] = frozenset()
        self.known_shorts: list[tuple[tuple[str, ...], str]] = []
        self.listed_here: set[_Ref | None] = set()  # listed entities the article names by a listed alias
        self.shouting: tuple[list[int], list[bool]] | None = None  # blocks in capitals only, when asked
        self._group_keys: dict[tuple[int, int, bool], str] = {}
        self.class_string = self.tokens.classes
        self._positions: dict[str, list[int]] = {}
        self._listed_found: tuple[list[Candidate], list[str]] | None = None
        self._key_set: set[str] | None = None
        self.contextual: list[Candidate] = []  # names that may stand for a body of the article's country

    def where(self, wanted: Iterable[str], capitalised: bool = True) -> list[int]:
        """Every token whose key is one of ``wanted``, in order; only capitalised ones by default.

        Whole-text Python loops are what this module spends its time on, so the
        capitalised tokens are found once, by a regex over the class string.
        """
        wanted = wanted if isinstance(wanted, (set, frozenset, dict)) else set(wanted)
        if not wanted:
            return []
        keys = self.tokens.keys
        if capitalised:
            return [index for index in self.tokens.capitals if keys[index] in wanted]
        if self._key_set is None:
            self._key_set = set(keys)
        found = []
        for key in self._key_set.intersection(wanted):
            at = -1
            try:
                while True:
                    at = keys.index(key, at + 1)
                    found.append(at)
            except ValueError:
                pass
        return sorted(found)

    def class_positions(self, cls: str) -> list[int]:
        """Tokens of one class (as the tokenizer classed them)."""
        found = self._positions.get(cls)
        if found is None:
            found = []
            at = self.class_string.find(cls)
            while at >= 0:
                found.append(at)
                at = self.class_string.find(cls, at + 1)
            self._positions[cls] = found
        return found

    # --- the steps --------------------------------------------------------------------------

    def run(self) -> AnnotatedDocument:
        tokens, matcher = self.tokens, self.matcher
        free = self._discovery_allowed()
        # "Acta" for ACTA, but not "Case" opening a sentence or a title-case headline word
        listed, self.contextual = matcher.listed_candidates(tokens)
        known = [c for c in listed if not c.variant or (free[c.start] and not self._sentence_start(c.start))]
        keys, common = tokens.keys, self.kb.common_words
        known = [
            c
            for c in known
            if c.end - c.start != 1 or c.kind is None or keys[c.start] not in common or not self._shouted_word(c)
        ]
        demonyms = {c.end - 1: c.start for c in known if c.demonym}
        languages = [c for c in known if c.demonym and self._language(c, demonyms)]
        if languages:
            language_ids = {id(c) for c in languages}
            known = [c for c in known if id(c) not in language_ids]
        self._count_countries(known)
        if self.country_at:
            # "Kenya Copyright Board" is not the (Canadian) Copyright Board; "Swedish Pirate Party" is Sweden's
            at = self.country_at  # a country right before: "Kenya Copyright Board", "Kenya's Copyright Board"
            known = [
                c
                for c in known
                if c.kind not in _BODY_KINDS
                or (c.start - 1 not in at and c.start - 3 not in at)
                or not self._other_country(c)
            ]
        classes = list(tokens.classes)
        vetoed = bytearray(self.size)
        spans = {}
        for candidate in [*known, *languages]:  # a language is still not a name for the patterns
            if candidate.ref is not None and not candidate.ambiguous:
                start, end = candidate.start, candidate.end
                classes[start:end] = KNOWN_CLASS[candidate.kind] * (end - start)
                spans[(start, end)] = candidate.ref
                if candidate.kind != "country":
                    vetoed[start:end] = b"\x01" * (end - start)
        known = self._with_context(known)
        self.listed_here = {c.ref for c in known if isinstance(c.ref, str)}
        self._shorts_of_listed(spans)
        discovered = []
        for candidate in matcher.discover(tokens, "".join(classes)):
            if not free[candidate.start]:
                if candidate.start < self.headline_size and not any(vetoed[candidate.start : candidate.end]):
                    headline = self._headline_name(candidate)
                    if headline is not None:
                        discovered.append(headline)
                continue
            if not self._name_ok(candidate):
                continue
            if any(vetoed[candidate.start : candidate.end]) or self._person(candidate):
                continue
            trimmed = self._without_section_reference(self._without_sentence_the(candidate))
            if trimmed is not None:
                discovered.append(trimmed)
        first = resolve([*known, *discovered], self.size)
        for candidate in first:
            if candidate.source == "pattern":
                listed = self._listed_variant(candidate)
                if listed is None and candidate.kind == "legal_instrument" and self._generic(candidate):
                    # "the Copyright Act" of no country the article names: a generic phrase, like "copyright law"
                    candidate.source, candidate.ref = "stop", None
                else:
                    candidate.ref = listed or self._group_for(candidate)
        first = self._add_contextual(first)
        self._link_pairs(first)
        local = self._local_forms(first)
        local_found = None
        if self._defines_names():
            # names defined around later mentions ("Scarlet, formerly known as ...") need those mentions
            local_found = self._match_local(local)
            mentioned = sorted([*first, *local_found], key=lambda c: c.start)
            for start, end, name in self._defined_aliases(mentioned):
                keys = tuple(tokens.keys[start:end])
                if not self._listed(keys) and keys not in local:
                    local[keys] = name.ref  # type: ignore[assignment]
                    local_found = None  # a new name: match them all again
        if local_found is None:
            local_found = self._match_local(local)
        covered = bytearray(self.size)
        for candidate in [*first, *local_found]:
            covered[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
        self._merge_near_groups()
        self._near_listed_groups(first)
        near = self._near_spellings(first, local, covered) + self._near_phrases(first, local, covered)
        final = resolve([c for c in first if c.source != "stop" and c.ref is not None] + local_found + near, self.size)
        return self._assemble(final)

    # --- step 1: listed aliases in context ------------------------------------------------------

    def _other_country(self, candidate: Candidate) -> bool:
        """Whether a listed body or law of one country follows the name of another country."""
        if candidate.kind in (None, "country") or not isinstance(candidate.ref, str):
            return False
        own = self.matcher.entity_country.get(candidate.ref)
        named = self._country_before(candidate.start)
        return bool(own and named and named != own)

    def _shouted_word(self, candidate: Candidate) -> bool:
        """"WHAT IT MEANS FOR US": in an all-capitals block, "US" may be the word "us"."""
        if candidate.end - candidate.start != 1 or self.tokens.keys[candidate.start] not in self.kb.common_words:
            return False
        if candidate.kind is None:
            return False
        if self.shouting is None:
            self.shouting = self._shouting_blocks()
        index = bisect_right(self.shouting[0], candidate.char_start) - 1
        return index >= 0 and self.shouting[1][index]

    def _shouting_blocks(self) -> tuple[list[int], list[bool]]:
        """Start offsets of the headline and blocks, and whether each is written in capitals only."""
        starts = [0, *self.block_starts]
        texts = [self.document.title, *(b.text for b in self.document.blocks)]
        return starts, [any(ch.isalpha() for ch in t) and not any(ch.islower() for ch in t) for t in texts]

    def _language(self, candidate: Candidate, demonyms: dict[int, int]) -> bool:
        """Whether a country adjective names a language here ("in English and Swedish")."""
        keys, classes = self.tokens.keys, self.tokens.classes
        rules = self.matcher.language
        after = candidate.end
        if after < self.size:
            following = keys[after + 1] if keys[after] == "-" and after + 1 < self.size else keys[after]
            if following in rules.after["country"]:
                return True
        if after < self.size and classes[after] not in ".,)\n\"'#" and keys[after] not in ("and", "or"):
            return False  # "in Swedish court": an adjective before a noun
        before = candidate.start - 1
        # walk back over a list of languages: "in English, French and Swedish"
        while before >= 1 and keys[before] in (",", "and", "or") and before - 1 in demonyms:
            before = demonyms[before - 1] - 1
        return before >= 0 and keys[before] in rules.before["country"]

    def _count_countries(self, known: list[Candidate]) -> None:
        counts: Counter[str] = Counter()
        for candidate in known:
            if candidate.kind == "country" and not candidate.ambiguous and isinstance(candidate.ref, str):
                code = self.matcher.entity_country.get(candidate.ref)
                if code:
                    counts[code] += 1
                    self.country_at[candidate.end - 1] = code
        if counts:
            most = max(counts.values())
            top = frozenset(code for code, count in counts.items() if count == most)
            # a story naming five countries once each is about none of them in particular
            self.top_countries = top if len(top) <= MAX_TOP_COUNTRIES else frozenset()

    def _with_context(self, known: list[Candidate]) -> list[Candidate]:
        sure = {c.ref for c in known if c.ref is not None and not c.ambiguous}
        accepted = [c for c in known if c.ref is not None and not c.ambiguous]
        waiting = [c for c in known if c.ambiguous]
        while waiting:  # one accepted name can vouch for the next in a list: "Google, Universal and Warner"
            by_end = {c.end: c for c in accepted}
            by_start = {c.start: c for c in accepted}
            now = [c for c in waiting if self._context_ok(c, sure, by_end, by_start)]
            if not now:
                break
            accepted.extend(now)
            now_ids = {id(c) for c in now}
            waiting = [c for c in waiting if id(c) not in now_ids]
        rejected = {id(c) for c in waiting}
        return [c for c in known if id(c) not in rejected]

    def _context_ok(
        self, candidate: Candidate, sure: set[_Ref | None], by_end: dict[int, Candidate], by_start: dict[int, Candidate]
    ) -> bool:
        tokens, classes = self.tokens, self.tokens.classes
        before = candidate.start - 1
        after = candidate.end
        rules = self.matcher.ambiguity
        # Part of a longer capitalised name ("Michael Jordan", "Jordan Peterson"): not the entity;
        # a capitalised context word or technical term before it is no name ("ISPs Bell, Rogers and Telus")
        if (
            before >= 0
            and classes[before] in _NAME_CLASSES
            and not self._sentence_start(before)
            and tokens.keys[before] not in self.matcher.technical_terms
            and tokens.keys[before] not in rules.before.get(candidate.kind, ())
        ):
            return False
        if after < self.size and classes[after] in _NAME_CLASSES:
            return False
        if candidate.ref in sure:
            return True
        if before >= 0 and tokens.keys[before] == "the":
            before -= 1
        if before >= 0 and tokens.keys[before] in rules.before.get(candidate.kind, ()):
            return True
        if before >= 0 and classes[before] == "d" and candidate.kind != "country":
            return True  # "the free-expression organisation Article 19", "the ISP Cox"
        if after + 1 < self.size and tokens.keys[after] == "'":
            after += 2 if tokens.keys[after + 1] == "s" else 1  # "Bell's network", "Rogers' customers"
        if after < self.size and tokens.keys[after] in rules.after.get(candidate.kind, ()):
            return True
        # a list of its own kind: "Iraq, Chad and Niger", "EMI, Universal and Warner"
        joiners = (",", "and", "or", "&")
        left = candidate.start
        while left > 0 and candidate.start - left < LIST_WINDOW and tokens.keys[left - 1] in joiners:
            left -= 1
            if self._same_list(candidate, by_end.get(left)):
                return True
        right = candidate.end
        while right < self.size and right - candidate.end < LIST_WINDOW and tokens.keys[right] in joiners:
            right += 1
            if self._same_list(candidate, by_start.get(right)):
                return True
        return False

    def _same_list(self, candidate: Candidate, neighbour: Candidate | None) -> bool:
        """Whether a listed name next to an ambiguous one in a list vouches for it.

        It must be of the same kind; for an alias that is also a common word ("Free",
        "Choice") it must also come from the same knowledge file, the same field
        ("Orange, SFR and Free" are operators; "Telstra, Optus and Choice" are not one list).
        """
        if neighbour is None or neighbour.kind != candidate.kind:
            return False
        if candidate.end - candidate.start == 1 and self.tokens.keys[candidate.start] in self.kb.common_words:
            category = self.matcher.entity_category
            return category.get(neighbour.ref) == category.get(candidate.ref)  # type: ignore[arg-type]
        return True

    def _country_before(self, start: int) -> str | None:
        """The country named right before a token: "India's Parliament", "the Australian Senate"."""
        keys = self.tokens.keys
        end = start - 1
        if end >= 1 and keys[end] == "s" and keys[end - 1] == "'":
            end -= 2
        return self.country_at.get(end)

    def _sentence_start(self, index: int) -> bool:
        classes = self.tokens.classes
        index -= 1
        while index >= 0 and classes[index] in "\"'(":
            index -= 1
        return index < 0 or classes[index] in ".\n"

    def _shorts_of_listed(self, spans: dict[tuple[int, int], _Ref | None]) -> None:
        """"Bill C-32" is listed, but the short form a pattern marks in it ("C-32") is still worth knowing."""
        classes, keys = self.tokens.classes, self.tokens.keys
        short_span = self.matcher.short_span
        for (start, end), ref in spans.items():
            if not isinstance(ref, str):
                continue
            span = short_span(classes[start:end])
            if span is not None:
                self.known_shorts.append((tuple(keys[start + span[0] : start + span[1]]), ref))

    # --- step 2: discovery --------------------------------------------------------------------

    def _discovery_allowed(self) -> bytearray:
        """1 for tokens of paragraphs and update notes; 0 for the headline and subheadings."""
        allowed = bytearray(self.size)
        ends = self.tokens.ends
        for block, start in zip(self.document.blocks, self.block_starts):
            if block.kind == "subheading":
                continue
            first = bisect_right(ends, start)
            last = min(bisect_right(ends, start + len(block.text)), self.size - 1)
            allowed[first : last + 1] = b"\x01" * (last + 1 - first)
        return allowed

    def _words_ok(self, candidate: Candidate) -> bool:
        """Whether a found name has a word of its own: not only "the", a common word or a technical term."""
        keys = self.tokens.keys[candidate.start : candidate.end]
        words = [k for k in keys if k[:1].isalnum() and k != "the"]
        if not words:
            return False
        return not (
            len(words) == 1
            and (words[0] in self.kb.common_words or len(words[0]) < 2 or words[0] in self.matcher.technical_terms)
        )

    def _name_ok(self, candidate: Candidate) -> bool:
        if not self._words_ok(candidate):
            return False
        # a name that stops before another capitalised word is part of a longer one
        if candidate.end < self.size and self.tokens.classes[candidate.end] in _NAME_CLASSES:
            return self.tokens.classes[candidate.end - 1] == "D"
        return True

    def _headline_name(self, candidate: Candidate) -> Candidate | None:
        """A name found in the title-case headline, if it is one: see patterns.yml on headlines.

        The match may begin with title-case words that are not part of the name ("Police
        Raid Nordic Film Alliance"), so it is tried from each capitalised word on: the
        longest end of it that the paragraphs also write, or that is a variant of a listed
        entity the article names, is the name.
        """
        pattern = candidate.pattern
        if pattern is None or self._person(candidate):
            return None
        if pattern.headline:
            return candidate if self._words_ok(candidate) else None
        tokens = self.tokens
        for start in range(candidate.start, candidate.end):
            if not (tokens.texts[start][:1].isupper() or tokens.texts[start][:1].isdigit()):
                continue
            trial = Candidate(
                start, candidate.end, tokens.start(start), candidate.char_end, candidate.kind, None, "pattern",
                pattern=pattern, short=candidate.short if candidate.short and candidate.short[0] >= start else None,
            )
            if not self._words_ok(trial):
                continue
            if self._written_in_paragraphs(tokens.keys[start : candidate.end]):
                return trial
            if self._listed_variant(trial) in self.listed_here:
                return trial
        return None

    def _written_in_paragraphs(self, keys: list[str]) -> bool:
        """Whether the body writes these keys too, starting with a capital."""
        size, all_keys = len(keys), self.tokens.keys
        return any(
            at >= self.headline_size and all_keys[at : at + size] == keys
            for at in self.where((keys[0],))
        )

    def _without_sentence_the(self, candidate: Candidate) -> Candidate:
        """"The Vault AG" keeps its "The" mid-sentence; at a sentence start it may be any "The"."""
        if self.tokens.classes[candidate.start] == "E" and self._sentence_start(candidate.start):
            candidate.start += 1
            candidate.char_start = self.tokens.start(candidate.start)
        return candidate

    def _listed_variant(self, candidate: Candidate) -> str | None:
        """The listed entity a found name is a variant of, if exactly one fits the article."""
        keys = self.tokens.keys[candidate.start : candidate.end]
        options = self.matcher.variant_options(keys, candidate.kind)  # type: ignore[arg-type]
        if not options:
            return None
        if len(options) == 1 and not options[0][1]:
            return options[0][0]
        entities = tuple(entity for entity, _ in options)
        dated = self._nearest_year(entities, keys)
        if dated is not None:
            return dated
        chosen = self._choose(entities, candidate.start)
        if chosen is None and not any(needs for _, needs in options) and len(self._countries(entities)) == 1:
            # "the Digital Economy Act": one country's laws of that name, the latest by the article's date
            chosen = self._latest(entities)
        return chosen

    def _nearest_year(self, entities: Sequence[str], keys: Sequence[str]) -> str | None:
        """Of laws of one name, the one whose year is nearest the year the found name gives.

        "Copyright Amendment (Online Infringement) Bill 2015" is the 2015 bill, not the
        2018 act of the same name; "Digital Economy Bill 2009" the act of 2010, not 2017.
        None when the name has no year or two are equally near.
        """
        written = [int(key) for key in keys if len(key) == 4 and key.isdigit() and key[:2] in ("19", "20")]
        years = self.matcher.entity_year
        dated = [entity for entity in entities if entity in years]
        if not written or not dated:
            return None
        distance = {entity: abs(years[entity] - written[-1]) for entity in dated}
        nearest = min(distance.values())
        picks = [entity for entity in dated if distance[entity] == nearest]
        return picks[0] if len(picks) == 1 else None

    def _generic(self, candidate: Candidate) -> bool:
        """Whether a found name is what several countries call their own law ("Copyright Act").

        Such a name means a law only through the article's country (``_choose``); when no
        country decides, it is a generic phrase, like "copyright law".
        """
        keys = self.tokens.keys[candidate.start : candidate.end]
        options = self.matcher.variant_options(keys, candidate.kind)  # type: ignore[arg-type]
        if not options:
            return False
        return any(needs for _, needs in options) or len(self._countries(entity for entity, _ in options)) > 1

    def _countries(self, entities: Iterable[str]) -> set[str | None]:
        country = self.matcher.entity_country
        return {country.get(entity) for entity in entities}

    def _choose(self, options: Sequence[str], start: int) -> str | None:
        """Of several entities a name may stand for, the one the article names in full, or of its country.

        Of several of that country (the Copyright Acts of 1909 and of 1976), the latest by
        the article's date.
        """
        named_in_full = [entity for entity in options if entity in self.listed_here]
        if len(named_in_full) == 1:
            return named_in_full[0]
        country = self.matcher.entity_country
        named = self._country_before(start)
        wanted = {named} if named else self.top_countries
        picks = [entity for entity in options if country.get(entity) in wanted]
        if len(picks) > 1:
            return self._latest(picks)
        return picks[0] if picks else None

    def _latest(self, entities: Sequence[str]) -> str | None:
        """The entity with the latest year in its name, not after the article's year; None if any has none."""
        years = self.matcher.entity_year
        if not all(entity in years for entity in entities):
            return None
        date = self.document.date
        eligible = [entity for entity in entities if date is None or years[entity] <= date.year]
        if not eligible:
            return None
        latest = max(years[entity] for entity in eligible)
        newest = [entity for entity in eligible if years[entity] == latest]
        return newest[0] if len(newest) == 1 else None

    def _without_section_reference(self, candidate: Candidate) -> Candidate | None:
        """"Section 193DDA of the Copyright Act" names the Copyright Act: the found name starts after "of the".

        None when nothing is left after the reference.
        """
        keys, sections = self.tokens.keys, self.matcher.section_words
        start = candidate.start
        if keys[start] in sections:
            reference = start + 1
        elif self._reference_like(start):
            # the pattern began at the number: "193DDA of the Copyright Act", "4 of the Act" in "Sections 3 and 4"
            back = start
            while back > 0 and start - back < MAX_REFERENCE_TOKENS and self._reference_like(back - 1):
                back -= 1
            if back == 0 or keys[back - 1] not in sections:
                return candidate
            reference = start
        else:
            return candidate
        at = reference
        while at < candidate.end and at - reference < MAX_REFERENCE_TOKENS and self._reference_like(at):
            at += 1
        if at == reference or at >= candidate.end or keys[at] != "of":
            return candidate  # "Section" without a number, or no "of": not a reference to a law
        at += 1
        if at < candidate.end and keys[at] == "the":
            at += 1
        if at >= candidate.end:
            return None
        candidate.start = at
        candidate.char_start = self.tokens.start(at)
        if candidate.short is not None and candidate.short[0] < at:
            candidate.short = None
        return candidate

    def _reference_like(self, index: int) -> bool:
        """A token of a section number: "512", "193DDA", "(c)", "II", "bis", "3 and 4"."""
        cls = self.tokens.classes[index]
        if cls in _REFERENCE_CLASSES:
            return True
        text = self.tokens.texts[index]
        return (cls == "C" and len(text) <= 5 and text.isupper()) or (cls == "w" and len(text) <= 8)

    def _person(self, candidate: Candidate) -> bool:
        """A person's name found by a pattern: a given name before a capitalised word, and no head word.

        "Hans Andersson, a Swedish service provider" names Hans Andersson, not a company;
        "Jonas Brothers Records" keeps its head word and stays a name.
        """
        names = self.matcher.given_names
        keys, classes = self.tokens.keys, self.tokens.classes
        start, end = candidate.start, candidate.end
        if any(cls in _HEAD_CLASSES for cls in classes[start:end]):
            return False
        if start > 0 and keys[start - 1] in names and classes[start - 1] in _NAME_CLASSES and classes[start] in _NAME_CLASSES:
            return True  # the pattern found the surname: "Hans [Andersson]"
        return any(
            keys[at] in names and classes[at + 1] in _NAME_CLASSES and classes[at] in _NAME_CLASSES
            for at in range(start, end - 1)
        )

    # --- step 4: contextual names ---------------------------------------------------------------

    def _add_contextual(self, first: list[Candidate]) -> list[Candidate]:
        covered = bytearray(self.size)
        for candidate in first:
            covered[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
        added = []
        for candidate in self.contextual:
            if any(covered[candidate.start : candidate.end]):
                continue
            candidate.ref = self._choose(candidate.options, candidate.start)
            if candidate.ref is not None:
                candidate.kind = self.matcher.entity_kinds[candidate.ref]
                added.append(candidate)
        return resolve([*first, *added], self.size) if added else first

    # --- step 5: article-local aliases ------------------------------------------------------------

    def _group_for(self, candidate: Candidate) -> int:
        pattern = candidate.pattern
        assert pattern is not None
        key = self._group_key(candidate)
        number = self.group_of.get((pattern.kind, key))
        if number is not None:
            return self._find(number)
        self.groups.append(_Group(pattern.kind, pattern.description, pattern.site, {key}))
        self.parent.append(len(self.groups) - 1)
        self.group_of[(pattern.kind, key)] = len(self.groups) - 1
        return len(self.groups) - 1

    def _group_key(self, candidate: Candidate) -> str:
        span = (candidate.start, candidate.end, candidate.pattern is not None and candidate.pattern.site)
        key = self._group_keys.get(span)
        if key is None:
            keys = self.tokens.keys
            if span[2] and self.tokens.classes[candidate.start] == "D":
                key = site_base(keys[candidate.start])
            else:
                key = " ".join(variant_key(keys[candidate.start : candidate.end], "organisation"))
            self._group_keys[span] = key
        return key

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
            if high in self.redirect and low not in self.redirect:
                self.redirect[low] = self.redirect.pop(high)

    def _canonical_ref(self, ref: _Ref) -> _Ref:
        if isinstance(ref, int):
            root = self._find(ref)
            ref = self.redirect.get(root, root)
        while isinstance(ref, str) and ref in self.same_as:
            ref = self.same_as[ref]
        return ref

    def _same(self, named: Candidate, alias: Candidate) -> None:
        """Record that ``alias`` names the same entity as ``named`` (the name that stays)."""
        a, b = self._canonical_ref(named.ref), self._canonical_ref(alias.ref)  # type: ignore[arg-type]
        if a == b:
            return
        if isinstance(a, int) and isinstance(b, int):
            self.groups[b].secondary.add(self._group_key(alias))
            self._union(a, b)
        elif isinstance(b, int):
            self.redirect[self._find(b)] = a  # type: ignore[assignment]
        elif isinstance(a, int):
            self.redirect[self._find(a)] = b
        else:
            # "Bill C-32, the Copyright Modernization Act": the one named in words stays
            numbered_a, numbered_b = (any(ch.isdigit() for ch in self._name_of(r)) for r in (a, b))
            if numbered_a != numbered_b:
                kept, dropped = (b, a) if numbered_a else (a, b)
                self.same_as[dropped] = kept

    def _name_of(self, ref: str) -> str:
        entity = self.kb.get(ref)
        return entity.name if entity else ""

    def _link_pairs(self, first: list[Candidate]) -> None:
        """"Name (Other Name)" and "Name, the Other Name": two names of one entity."""
        classes, keys = self.tokens.classes, self.tokens.keys
        for left, right in zip(first, first[1:]):
            if left.kind != right.kind or left.ref is None or right.ref is None or left.kind == "country":
                continue
            if right.start - left.end > 2:
                continue  # every link below has one or two tokens between the names
            between = keys[left.end : right.start]
            bracket = between == ["("] and right.end < self.size and classes[right.end] == ")"
            apposition = between in ([",", "the"], [","]) and (right.end >= self.size or classes[right.end] in ".,)\n")
            if bracket or apposition:
                self._same(left, right)
            elif between in (["for", "the"], ["of", "the"], ["for"], ["of"]) and self._cut_short(left, right):
                # "U.S. District Court for the Southern District of New York": one listed name
                self._same(right, left)

    def _cut_short(self, left: Candidate, right: Candidate) -> bool:
        """Whether a found name is the start of the listed name right after it."""
        if left.source != "pattern" or not isinstance(right.ref, str):
            return False
        head = self.tokens.keys[left.end - 1]
        return head in variant_key(self.tokens.keys[left.start : left.end], "organisation") and (
            head in self._name_of(right.ref).casefold().split()
        )

    def _local_forms(self, first: list[Candidate]) -> dict[tuple[str, ...], _Ref]:
        """Aliases valid in this article only (see step 5 in the module docstring)."""
        tokens = self.tokens
        forms: dict[tuple[str, ...], _Ref] = {}
        for keys, ref in self.known_shorts:
            if self._distinctive(keys):
                forms.setdefault(keys, ref)
        for candidate in first:
            if candidate.source == "pattern" and isinstance(candidate.ref, str):
                # a found variant of a listed name ("Digital Economy Bill") names it everywhere else too
                forms.setdefault(tuple(tokens.keys[candidate.start : candidate.end]), candidate.ref)
            if candidate.source != "pattern" or not isinstance(candidate.ref, int):
                continue
            pattern = candidate.pattern
            assert pattern is not None
            group = self._find(candidate.ref)
            # the name found once names the entity wherever else it appears, headline included
            name_keys = tuple(tokens.keys[candidate.start : candidate.end])
            if len(name_keys) > 1 or self._distinctive(name_keys):
                forms.setdefault(name_keys, group)
            if pattern.site and tokens.classes[candidate.start] == "D":
                bare = site_base(tokens.keys[candidate.start])
                if self._distinctive((bare,)):
                    forms.setdefault((bare,), group)
            if candidate.short is not None:
                keys = tuple(tokens.keys[slice(*candidate.short)])
                if self._distinctive(keys):
                    forms.setdefault(keys, group)
        forms.update((keys, ref) for keys, ref in self._initialisms(first) if keys not in forms)
        # an alias that is a listed name of something else is that something else
        return {k: ref for k, ref in forms.items() if not self._listed(k)}

    def _initialisms(self, first: list[Candidate]) -> list[tuple[tuple[str, ...], _Ref]]:
        """"the CEA" after "the Consumer Electronics Association": exactly its words' initials."""
        texts = self.tokens.texts
        acronyms = [
            i for i in self.class_positions("C") if 2 <= len(texts[i]) <= 8 and texts[i].isupper() and texts[i].isalpha()
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
        by_initials: dict[str, set[_Ref]] = {}
        seen: set[_Ref] = set()
        listed_initials = self.matcher.initials
        for candidate in first:
            ref = candidate.ref
            if candidate.kind in (None, "country") or ref is None or ref in seen:
                continue
            if isinstance(ref, str):
                letters = listed_initials.get(ref)
            elif candidate.source == "pattern":
                letters = initials(self.text[candidate.char_start : candidate.char_end])
            else:
                continue
            seen.add(ref)
            if letters in wanted:
                by_initials.setdefault(letters, set()).add(ref)
        found = []
        for i in uncovered:
            refs = {self._canonical_ref(r) for r in by_initials.get(texts[i].casefold(), ())}
            if len(refs) == 1:
                found.append(((self.tokens.keys[i],), refs.pop()))
        return found

    def _listed(self, keys: tuple[str, ...]) -> bool:
        return keys in self.matcher.listed_keys

    def _distinctive(self, keys: tuple[str, ...]) -> bool:
        if not keys or not keys[0][:1].isalnum():
            return False
        if len(keys) == 1:
            key = keys[0]
            return (
                len(key) >= 3
                and key not in self.kb.common_words
                and key not in self.matcher.technical_terms
                and not key.isdigit()
            )
        return True

    def _defined_aliases(self, found: list[Candidate]) -> Iterable[tuple[int, int, Candidate]]:
        """(start, end, entity's candidate) of names the text defines for something it found."""
        tokens, classes, keys = self.tokens, self.tokens.classes, self.tokens.keys
        by_end = {c.end: c for c in found if c.ref is not None}
        by_start = {c.start: c for c in found if c.ref is not None}
        for open_at in self.class_positions("("):
            close_at = open_at + 1
            while close_at < self.size and close_at - open_at <= 5 and classes[close_at] not in ")\n":
                close_at += 1
            if close_at >= self.size or classes[close_at] != ")" or close_at == open_at + 1:
                continue
            name = by_end.get(open_at)
            if name is not None and open_at + 1 not in by_start and self._defines(name, open_at + 1, close_at):
                yield open_at + 1, close_at, name  # "Long Name (LN)", "Sparvar.org (Sparrows)"
            long_name = by_start.get(open_at + 1)
            if (
                long_name is not None
                and long_name.end == close_at
                and open_at > 0
                and (open_at - 1) not in by_end
                and self._defines(long_name, open_at - 1, open_at)
            ):
                yield open_at - 1, open_at, long_name  # "LN (Long Name)"
        for marker in self._renamings(found):
            yield marker
        for nickname in self._nicknames(found):
            yield nickname

    def _defines_names(self) -> bool:
        """Whether the text has brackets, "formerly known as" or a nickname word at all."""
        words = {phrase[0] for phrase in self.matcher.renaming_phrases} | self.matcher.nickname_words
        return bool(self.class_positions("(")) or bool(self.where(words, capitalised=False))

    def _renamings(self, found: list[Candidate]) -> Iterable[tuple[int, int, Candidate]]:
        """"Scarlet, formerly known as Tiscali Belgium": the older name is an alias."""
        keys = self.tokens.keys
        phrases = self.matcher.renaming_phrases
        starts = {phrase[0] for phrase in phrases}
        for candidate in found:
            if candidate.kind == "country" or candidate.ref is None:
                continue
            at = candidate.end
            if at < self.size and keys[at] in (",", "("):
                at += 1
            if at >= self.size or keys[at] not in starts:
                continue
            for phrase in phrases:
                if tuple(keys[at : at + len(phrase)]) == phrase:
                    end = self._name_run(at + len(phrase))
                    if end > at + len(phrase):
                        yield at + len(phrase), end, candidate
                    break

    def _nicknames(self, found: list[Candidate]) -> Iterable[tuple[int, int, Candidate]]:
        """"The law, quickly nicknamed "Skynet"": the nickname of the nearest law named before."""
        keys, classes = self.tokens.keys, self.tokens.classes
        for at in self.where(self.matcher.nickname_words, capitalised=False):
            start = at + 1
            while start < self.size and classes[start] == '"':
                start += 1
            end = self._name_run(start, limit=3)
            if end == start or (end < self.size and classes[end] not in "\".,)\n'"):
                continue
            kind = self._noun_kind_before(at)
            if kind is None:
                continue
            previous = [c for c in found if c.kind == kind and c.end <= at and at - c.end <= NICKNAME_REACH]
            if previous:
                yield start, end, previous[-1]

    def _noun_kind_before(self, at: int) -> EntityKind | None:
        """The kind of thing a sentence is about, from a noun before ``at`` ("the law, nicknamed")."""
        keys, classes = self.tokens.keys, self.tokens.classes
        index = at - 1
        while index >= 0 and classes[index] not in ".\n":
            if keys[index] in self.matcher.instrument_nouns:
                return "legal_instrument"
            if classes[index] == "d":
                return "organisation"
            index -= 1
        return None

    def _name_run(self, start: int, limit: int = ALIAS_TOKENS) -> int:
        """End of the capitalised name starting at ``start`` (``start`` when there is none)."""
        classes = self.tokens.classes
        end = start
        while end < self.size and end - start < limit and classes[end] in _RUN_CLASSES:
            end += 1
        while end > start and classes[end - 1] == "-":
            end -= 1
        if end > start and not (self.tokens.texts[start][:1].isupper() or self.tokens.texts[start][:1].isdigit()):
            return start
        return end

    def _defines(self, name: Candidate, start: int, end: int) -> bool:
        """Whether tokens start:end can be a short name for ``name`` ("IIPA", "Sparrows")."""
        tokens = self.tokens
        classes = tokens.classes[start:end]
        if not classes or any(c not in "CU-D" for c in classes) or classes[0] not in "CUD":
            return False
        written = "".join(plain(t) for t in tokens.texts[start:end])
        letters = [ch for ch in written if ch.isalpha()]
        if len(letters) >= 2 and written.isupper() and len(written) <= 10:
            return _acronym_fits("".join(letters).casefold(), self._name_words(name))
        # a one-word translation or nickname of a name found by pattern or listed
        return end - start == 1 and self._distinctive((tokens.keys[start],)) and not self._sentence_start(start)

    def _name_words(self, name: Candidate) -> list[list[str]]:
        """The words of a name (as written, and the listed name's), camel-case parts split, lowercased."""
        texts = [self.tokens.texts[i] for i in range(name.start, name.end)]
        spellings = [" ".join(texts)]
        if isinstance(name.ref, str):
            entity = self.kb.get(name.ref)
            if entity is not None:
                spellings.append(entity.name)
        return [[part.casefold() for part in _WORD_RE.findall(spelling)] for spelling in spellings]

    def _match_local(self, forms: dict[tuple[str, ...], _Ref]) -> list[Candidate]:
        if not forms:
            return []
        tokens = self.tokens
        firsts: dict[str, list[tuple[str, ...]]] = {}
        for keys in sorted(forms, key=len, reverse=True):
            firsts.setdefault(keys[0], []).append(keys)
        found = []
        texts = tokens.texts
        for i in self.where(firsts):
            if not (texts[i][0].isupper() or texts[i][0].isdigit()):
                continue
            for keys in firsts[tokens.keys[i]]:
                n = len(keys)
                if tuple(tokens.keys[i : i + n]) != keys:
                    continue
                ref = forms[keys]
                found.append(Candidate(i, i + n, tokens.start(i), tokens.ends[i + n - 1], self._kind(ref), ref, "local"))
                break
        return found

    def _kind(self, ref: _Ref) -> EntityKind:
        ref = self._canonical_ref(ref)
        return self.groups[ref].kind if isinstance(ref, int) else self.matcher.entity_kinds[ref]

    # --- near-spellings -------------------------------------------------------------------------

    def _listed_refs(self, first: list[Candidate]) -> list[str]:
        """Each listed entity found in the article, once, in a fixed order."""
        if self._listed_found is None or self._listed_found[0] is not first:
            refs = sorted({c.ref for c in first if c.source in ("known", "context") and isinstance(c.ref, str)})
            self._listed_found = (first, refs)  # type: ignore[assignment]
        return self._listed_found[1]

    def _near_targets(self, first: list[Candidate], local: dict[tuple[str, ...], _Ref]) -> dict[str, list[tuple[str, int, _Ref]]]:
        """One-word names found in the article, long enough for a typo, by first letter (with their length)."""
        targets: dict[str, list[tuple[str, int, _Ref]]] = {}
        found: list[tuple[str, _Ref]] = [(keys[0], ref) for keys, ref in local.items() if len(keys) == 1]
        single_keys = self.matcher.single_keys
        for ref in self._listed_refs(first):
            found.extend((key, ref) for key in single_keys.get(ref, ()))
        for candidate in first:
            if candidate.source == "pattern" and candidate.end - candidate.start == 1:
                key = self.tokens.keys[candidate.start]
                if self.tokens.classes[candidate.start] == "D":
                    key = site_base(key)
                found.append((key, candidate.ref))  # type: ignore[arg-type]
        for key, ref in found:
            if len(key) >= NEAR_MIN_LENGTH:
                targets.setdefault(key[0], []).append((key, len(key), ref))
        return targets

    def _near_spellings(
        self, first: list[Candidate], local: dict[tuple[str, ...], _Ref], covered: bytearray
    ) -> list[Candidate]:
        targets = self._near_targets(first, local)
        if not targets:
            return []
        tokens, kb = self.tokens, self.kb
        decided: dict[str, _Ref | None] = {}
        found = []
        classes, keys = tokens.classes, tokens.keys
        # common words, technical terms and given names ("Nicole" is not the site Nicola) are never typos
        first_index, common, near = self.matcher.first_index, self.matcher.never_near, self.matcher.near
        for i in self.class_positions("C"):
            key = keys[i]
            ref = decided.get(key, False)
            if ref is False:
                ref = None
                size = len(key)
                options = targets.get(key[0])
                if options and size >= NEAR_MIN_LENGTH and key not in common and key not in first_index:
                    # a typo changes the length by two at most
                    refs = {
                        self._canonical_ref(target_ref)
                        for target, length, target_ref in options
                        if -3 < length - size < 3 and near(key, target)
                    }
                    if len(refs) == 1:
                        ref = refs.pop()
                decided[key] = ref
            if ref is None or covered[i]:
                continue
            if (i + 1 < self.size and classes[i + 1] in _NAME_CLASSES) or (
                i > 0 and classes[i - 1] in _NAME_CLASSES and not self._sentence_start(i - 1)
            ):
                continue  # part of a longer name, such as a person's: "Franck Riester" is not France
            found.append(Candidate(i, i + 1, tokens.start(i), tokens.ends[i], self._kind(ref), ref, "near"))
        return found

    def _near_phrases(
        self, first: list[Candidate], local: dict[tuple[str, ...], _Ref], covered: bytearray
    ) -> list[Candidate]:
        """"Recording Industry Assocation of Japan": a multi-word name with a typo in it.

        The names are those of entities found in the article: its own multi-word names
        first, then the listed entities' (in a fixed order), by first word.
        """
        phrases: dict[str, list[tuple[tuple[str, ...], _Ref]]] = {}
        for keys, ref in local.items():
            if len(keys) > 1:
                phrases.setdefault(keys[0], []).append((keys, ref))
        multi_keys = self.matcher.multi_keys
        for ref in self._listed_refs(first):
            for keys in multi_keys.get(ref, ()):
                phrases.setdefault(keys[0], []).append((keys, ref))
        if not phrases:
            return []
        tokens = self.tokens
        size = self.size
        found = []
        for i in self.where(phrases):
            if not tokens.texts[i][:1].isupper():
                continue
            for keys, ref in phrases[tokens.keys[i]]:
                n = len(keys)
                if i + n > size or covered.find(0, i, i + n) < 0:
                    continue
                # one word of the name misspelt, the others as listed
                differing = [(a, b) for a, b in zip(tokens.keys[i : i + n], keys) if a != b]
                if len(differing) == 1 and self.matcher.near(*differing[0]):
                    found.append(Candidate(i, i + n, tokens.start(i), tokens.ends[i + n - 1], self._kind(ref), ref, "near"))
                    break
        return found

    def _merge_near_groups(self) -> None:
        """Discovered names within a typo of each other ("Spavar.org", "Sparvar.org") are one entity."""
        by_letter: dict[tuple[EntityKind, str], list[tuple[str, int]]] = {}
        for (kind, key), number in self.group_of.items():
            by_letter.setdefault((kind, key[:1]), []).append((key, number))
        for bucket in by_letter.values():
            if len(bucket) > NEAR_GROUP_LIMIT:
                continue  # a listing of hundreds of names, not an article with a typo in one
            for i, (a_key, a) in enumerate(bucket):
                for b_key, b in bucket[i + 1 :]:
                    if self._find(a) != self._find(b) and self.matcher.near(a_key, b_key):
                        self._union(a, b)

    def _near_listed_groups(self, first: list[Candidate]) -> None:
        """A discovered name a typo away from a listed name in the article ("Deutsche Telecom") is it."""
        if not self.groups:
            return
        letters = {key[:1] for group in self.groups for key in group.keys}
        by_shape: dict[tuple[str, int], list[tuple[str, str]]] = {}
        near_names = self.matcher.near_names
        for ref in self._listed_refs(first):
            for name in near_names.get(ref, ()):
                if name[:1] in letters and len(name) >= NEAR_MIN_LENGTH:
                    by_shape.setdefault((name[0], len(name)), []).append((name, ref))
        if not by_shape:
            return
        kinds = self.matcher.entity_kinds
        for number, group in enumerate(self.groups):
            root = self._find(number)
            if root != number or root in self.redirect:
                continue
            refs = {
                ref
                for key in group.keys
                for length in range(len(key) - 2, len(key) + 3)
                for name, ref in by_shape.get((key[:1], length), ())
                if kinds[ref] == group.kind and self.matcher.near(key, name)
            }
            if len(refs) == 1:
                self.redirect[root] = refs.pop()

    # --- step 6 and 7: entities -------------------------------------------------------------------

    def _assemble(self, final: list[Candidate]) -> AnnotatedDocument:
        by_ref: dict[_Ref, list[Candidate]] = {}
        same_as = self.same_as
        for candidate in final:
            ref = candidate.ref
            if not isinstance(ref, str) or ref in same_as:
                ref = self._canonical_ref(ref)  # type: ignore[arg-type]
            by_ref.setdefault(ref, []).append(candidate)
        tagged = []
        lead_start, lead_end = self._lead()
        title_end = len(self.document.title)
        text = self.text
        text_length = max(len(text), 1)
        used_ids: set[str] = set()
        for ref in sorted(by_ref, key=lambda r: (isinstance(r, int), str(r))):
            candidates = by_ref[ref]
            if isinstance(ref, str):
                entity = self.kb.get(ref)
                assert entity is not None
            else:
                entity = self._discovered_entity(ref, candidates, used_ids)
            used_ids.add(entity.key)
            # ``final`` is in text order, so each entity's candidates are too
            mentions = tuple([Mention(text[c.char_start : c.char_end], c.char_start, c.char_end) for c in candidates])
            first = candidates[0].char_start
            in_lead = False
            for c in candidates:
                if lead_start <= c.char_start < lead_end:
                    in_lead = True
                    break
            tagged.append(TaggedEntity(entity, mentions, _relevance(first < title_end, in_lead, len(mentions), first / text_length)))
        merged = _merge_same_entity(tagged)
        merged.sort(key=lambda t: (ENTITY_KINDS.index(t.entity.kind), -t.relevance, t.entity.name.casefold(), t.entity.id))
        return AnnotatedDocument(document=self.document, entities=tuple(merged))

    def _discovered_entity(self, ref: int, candidates: list[Candidate], used: set[str]) -> Entity:
        group = self.groups[ref]
        tokens = self.tokens
        name = None
        if group.site:
            bare: dict[str, int] = {}
            for c in candidates:
                if c.source in ("local", "near") and c.end - c.start == 1 and tokens.keys[c.start] in group.keys:
                    bare[tokens.texts[c.start]] = bare.get(tokens.texts[c.start], 0) + 1
            if bare:
                name = max(bare, key=bare.__getitem__)  # the commonest, the first seen of a tie
        if name is None:
            naming = [c for c in candidates if c.source == "pattern"] or candidates
            if group.secondary:
                naming = [c for c in naming if self._group_key(c) not in group.secondary] or naming
            written: dict[str, int] = {}
            order: dict[str, tuple[int, int]] = {}
            for c in naming:
                text = " ".join(self.text[c.char_start : c.char_end].split())
                if group.site and tokens.classes[c.start] == "D":
                    text = text.removeprefix("www.")
                written[text] = written.get(text, 0) + 1
                if text not in order:
                    order[text] = (sum(1 for k in tokens.keys[c.start : c.end] if k[:1].isalnum()), -c.start)
            name = max(written, key=lambda t: (order[t][0], written[t], len(t), order[t][1]))
        slug = slugify(name)
        entity_id = slug
        if self.kb.get(f"{group.kind}/{slug}") is not None or f"{group.kind}/{slug}" in used:
            entity_id = f"{slug}-unlisted"
        return Entity(id=entity_id, kind=group.kind, name=name, description=group.description, known=False)

    def _lead(self) -> tuple[int, int]:
        """Where the first paragraph is in the text ((0, 0) when there is none)."""
        for block, start in zip(self.document.blocks, self.block_starts):
            if block.kind == "paragraph":
                return (start, start + len(block.text))
        return (0, 0)


def _relevance(in_title: bool, in_lead: bool, mentions: int, first: float) -> float:
    """Headline 0.3, lead paragraph 0.2, mentions (up to 6) 0.3, how early the first is 0.2.

    ``first`` is where the first mention starts, as a fraction of the text.
    """
    count = min(mentions, 6) / 6
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


def _acronym_fits(acronym: str, spellings: list[list[str]]) -> bool:
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
            while length <= len(current) and at + length <= len(acronym) and current[:length] == acronym[at : at + length]:
                if fits(words, at + length, index + 1):
                    return True
                length += 1
        return False

    return any(fits(words, 0, 0) for words in spellings if words)


def slugify(name: str) -> str:
    """"Netelligent Hosting Services" -> "netelligent-hosting-services"; accents dropped."""
    if name.isascii():
        ascii_text = name.casefold()
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NOT_SLUG_RE.sub("-", ascii_text).strip("-") or "entity"
