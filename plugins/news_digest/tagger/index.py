"""KnowledgeBase data -> the lookup indexes the tagger finds names with, built once per knowledge base.

What an entity *is* lives in ``knowledge.py``; this module is *how it is found*: listed
names as a tree of token keys, variants, contextual names ("Senate" for an article's
country), word classes, and per-entity facts the steps look up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import Entity, EntityKind
from .forms import AliasForm, alias_keys, initials, variant_key
from .patterns import Pattern
from .spans import Listed
from .tokens import WordClasses, alias_tokens, build_word_classes, token_key
from .tuning import Tuning

# A year in a law's name: "Copyright Act 1968", "Copyright Act 98 of 1978".
_NAME_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
_Contextual = tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (name keys, entities it may stand for)

# patterns.yml's word lists for organisation discovery, kept as keys in ``Index.name_words``
_NAME_WORD_LISTS = (
    "service_words", "organisation_verbs", "organisation_nouns", "person_words", "place_words",
)  # fmt: skip


@dataclass(frozen=True)
class AmbiguityRules:
    """Context words that let an ambiguous alias ("Jordan", "Cox") count as the entity."""

    before: Mapping[str, frozenset[str]]
    after: Mapping[str, frozenset[str]]


@dataclass(frozen=True, eq=False)
class Index:
    """Everything the tagger looks names up in, compiled from the knowledge base once; never changes."""

    first_index: Mapping[str, tuple[AliasForm, ...]]
    # first key -> (one-token forms, the longer names as a tree of their next keys, contextual names);
    # a tree maps a key to (forms that end there, the tree of the keys after it or None)
    scan_index: Mapping[str, tuple[tuple[AliasForm, ...], Mapping[str, Any] | None, _Contextual]]
    compact_index: Mapping[str, str]
    single_keys: Mapping[str, tuple[str, ...]]  # entity key -> its one-token alias keys
    entity_kinds: Mapping[str, EntityKind]
    refs: Mapping[str, Listed]  # entity key -> its reference, made once
    word_classes: WordClasses
    common_words: frozenset[str]
    patterns: tuple[Pattern, ...]
    ambiguity: AmbiguityRules
    language: AmbiguityRules  # words around a demonym that make it a language ("in Swedish")
    entity_country: Mapping[str, str]  # entity key -> ISO code (countries: their own)
    # (kind, variant key) -> (entity, needs the article's country)
    variants: Mapping[tuple[str, tuple[str, ...]], tuple[tuple[str, bool], ...]]
    context_index: Mapping[str, _Contextual]  # first key -> contextual names
    multi_keys: Mapping[str, tuple[tuple[str, ...], ...]]  # entity key -> its aliases of several tokens
    near_names: Mapping[str, tuple[str, ...]]  # entity key -> every alias as one string of keys
    # first letter -> (alias as one string of keys, law) of every law's alias: typos of a title
    law_titles: Mapping[str, tuple[tuple[str, str], ...]]
    renaming_phrases: tuple[tuple[str, ...], ...]  # "formerly known as", longest first
    unrelated_phrases: tuple[tuple[str, ...], ...]  # "unrelated to": names that are not one another
    nickname_words: frozenset[str]  # "nicknamed"
    section_words: frozenset[str]  # "section", "article": a part of a law named before "of the ..."
    technical_terms: frozenset[str]  # "dns", "isp": never a name alone unless listed
    given_names: frozenset[str]  # "peter", "maria": a name after one is a person's
    never_near: frozenset[str]  # common words, technical terms, given names: never a typo of a name
    entity_category: Mapping[str, str]  # entity key -> the knowledge file that lists it (its field)
    entity_year: Mapping[str, int]  # entity key -> the year in its name ("Copyright Act 1968")
    instrument_nouns: frozenset[str]  # "law", "bill": what a nickname after them names
    initials: Mapping[str, str]  # organisation or instrument key -> its name's initials ("cea")
    listed_keys: frozenset[tuple[str, ...]]  # the keys of every listed name, alias and stop phrase
    tuning: Tuning  # distances, limits and relevance weights (tuning.yml)
    # organisation discovery's word lists, as keys: service_words, organisation_verbs,
    # organisation_nouns, person_words, place_words (patterns.yml)
    name_words: Mapping[str, frozenset[str]] = field(default_factory=dict)
    repeated_pattern: Pattern | None = None  # the pattern whose matches count only when repeated

    def variant_options(self, keys: Sequence[str], kind: EntityKind) -> tuple[tuple[str, bool], ...]:
        """Listed entities a found name is a variant of ("Digital Economy Bill" -> the 2010 Act)."""
        return self.variants.get((kind, variant_key(keys, kind)), ())


@dataclass(frozen=True)
class Vocabulary:
    """The knowledge files' word lists and context words, as ``knowledge.py`` read them."""

    words: Mapping[str, Sequence[str]]
    context: Mapping[str, Mapping[str, Sequence[str]]]
    language: Mapping[str, Sequence[str]]
    common_words: frozenset[str]
    technical_terms: frozenset[str]
    given_names: frozenset[str]


def build_index(
    entities: Sequence[Entity],
    forms: Sequence[AliasForm],
    patterns: tuple[Pattern, ...],
    vocabulary: Vocabulary,
    owner: Mapping[tuple[str, ...], tuple[str, str]],
    entity_category: Mapping[str, str],
    tuning: Tuning,
) -> Index:
    """Compile the lookup indexes (``owner``: alias keys -> (entity key, file) of every listed name)."""
    first_index = _first_index(forms)
    compact, single, multi = _entity_keys(forms)
    near_names = _near_names(single, multi)
    words, common = vocabulary.words, vocabulary.common_words
    kinds = {e.key: e.kind for e in entities}
    variants, context_index = _derived_names(entities, forms, words, owner)
    return Index(
        first_index={key: tuple(bucket) for key, bucket in first_index.items()},
        scan_index=_scan_index(first_index, context_index),
        compact_index={key: value for key, value in compact.items() if value is not None},
        single_keys={key: tuple(sorted(values)) for key, values in single.items()},
        entity_kinds=kinds,
        refs={e.key: Listed(e.key) for e in entities},
        word_classes=build_word_classes(words),
        common_words=common,
        patterns=patterns,
        ambiguity=_rules(vocabulary.context),
        language=_rules({"country": vocabulary.language}),
        entity_country={e.key: e.country for e in entities if e.country},
        variants=_by_kind(variants, kinds),
        context_index=context_index,
        multi_keys={key: tuple(sorted(values)) for key, values in multi.items()},
        near_names=near_names,
        law_titles=_law_titles(near_names, kinds),
        renaming_phrases=tuple(
            sorted({_raw_keys(p)[0] for p in words.get("renaming_phrases", ())}, key=lambda k: (-len(k), k))
        ),
        unrelated_phrases=tuple(sorted({_raw_keys(p)[0] for p in words.get("unrelated_phrases", ())})),
        nickname_words=frozenset(w.casefold() for w in words.get("nickname_words", ())),
        section_words=frozenset(alias_keys(w)[0] for w in words.get("section_words", ())),
        technical_terms=vocabulary.technical_terms,
        given_names=vocabulary.given_names,
        never_near=common | vocabulary.given_names | vocabulary.technical_terms,
        entity_category=dict(entity_category),
        entity_year={e.key: year for e in entities if (year := _entity_year(e)) is not None},
        instrument_nouns=frozenset(w.casefold() for w in words.get("instrument_nouns", ())),
        listed_keys=frozenset(form.keys for form in forms),
        repeated_pattern=next((p for p in patterns if p.repeated), None),
        name_words={
            name: frozenset(token_key(w) for w in words.get(name, ()))
            for name in _NAME_WORD_LISTS
        },
        initials={
            e.key: letters
            for e in entities
            if e.kind != "country" and (letters := initials(e.name)) is not None
        },
        tuning=tuning,
    )


def _near_names(
    single: Mapping[str, set[str]], multi: Mapping[str, set[tuple[str, ...]]]
) -> dict[str, tuple[str, ...]]:
    """Each entity's aliases as strings of keys: what a near-spelling is compared with."""
    return {
        key: tuple(sorted({*single.get(key, ()), *(" ".join(keys) for keys in multi.get(key, ()))}))
        for key in {*single, *multi}
    }


def _law_titles(
    near_names: Mapping[str, tuple[str, ...]], kinds: Mapping[str, EntityKind]
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Every law's aliases as strings of keys, by first letter, in a stable order."""
    titles: dict[str, list[tuple[str, str]]] = {}
    for entity, names in sorted(near_names.items()):
        if kinds.get(entity) == "legal_instrument":
            for name in names:
                titles.setdefault(name[:1], []).append((name, entity))
    return {letter: tuple(pairs) for letter, pairs in titles.items()}


def _entity_year(entity: Entity) -> int | None:
    """The year in a law's name ("Copyright Act 1968"), else the one year all its dated aliases give.

    "Copyright Act of Singapore" (alias "Singapore Copyright Act 1987") is of 1987; an entity
    whose aliases give several years has none.
    """
    found = _NAME_YEAR_RE.findall(entity.name)
    if found:
        return int(found[-1])
    years = {found[-1] for alias in entity.aliases if (found := _NAME_YEAR_RE.findall(alias))}
    return int(years.pop()) if len(years) == 1 else None


def _first_index(forms: Sequence[AliasForm]) -> dict[str, list[AliasForm]]:
    """Each distinct form by its first key, the longest first."""
    first_index: dict[str, list[AliasForm]] = {}
    seen: set[tuple[str | None, tuple[str, ...], str]] = set()
    for form in forms:
        signature = (form.entity, form.keys, form.case)
        if signature in seen:
            continue
        seen.add(signature)
        first_index.setdefault(form.keys[0], []).append(form)
    for bucket in first_index.values():
        bucket.sort(key=lambda f: -len(f.keys))
    return first_index


def _rules(context: Mapping[str, Mapping[str, Sequence[str]]]) -> AmbiguityRules:
    """Context words by kind and side, folded."""
    return AmbiguityRules(
        before={
            kind: frozenset(w.casefold() for w in lists.get("before", ())) for kind, lists in context.items()
        },
        after={
            kind: frozenset(w.casefold() for w in lists.get("after", ())) for kind, lists in context.items()
        },
    )


def _by_kind(
    variants: Mapping[tuple[str, ...], tuple[tuple[str, bool], ...]], kinds: Mapping[str, EntityKind]
) -> dict[tuple[str, tuple[str, ...]], tuple[tuple[str, bool], ...]]:
    """Variants by (kind, variant key): a found name is only ever a variant of an entity of its kind."""
    return {
        (kind, key): options
        for key, all_options in variants.items()
        for kind in ("organisation", "legal_instrument", "country")
        if (options := tuple(option for option in all_options if kinds[option[0]] == kind))
    }


def _entity_keys(
    forms: Sequence[AliasForm],
) -> tuple[dict[str, str | None], dict[str, set[str]], dict[str, set[tuple[str, ...]]]]:
    """Each name squeezed to its letters (a site's "sparvar.org"), each entity's one- and multi-token keys."""
    compact: dict[str, str | None] = {}
    single: dict[str, set[str]] = {}
    multi: dict[str, set[tuple[str, ...]]] = {}
    for form in forms:
        if form.entity is None:
            continue
        squeezed = "".join(k for k in form.keys if k[0].isalnum())
        for variant in {squeezed, "the" + squeezed}:
            if compact.get(variant, form.entity) != form.entity:
                compact[variant] = None  # two entities squeeze to the same letters: use neither
            else:
                compact.setdefault(variant, form.entity)
        if len(form.keys) == 1:
            single.setdefault(form.entity, set()).add(form.keys[0])
        elif not form.demonym:
            multi.setdefault(form.entity, set()).add(form.keys)
    return compact, single, multi


def _scan_index(
    first_index: Mapping[str, Sequence[AliasForm]], context_index: Mapping[str, _Contextual]
) -> dict[str, tuple[tuple[AliasForm, ...], dict[str, Any] | None, _Contextual]]:
    """Listed names as a tree of their keys, by first key: (one-token forms, longer names, contextual names).

    The longer names are nested mappings, next key -> (forms ending there, mapping of
    the keys after them or None), so the tagger follows the text one token at a time.
    """
    trees: dict[str, dict[str, Any]] = {}
    alone: dict[str, list[AliasForm]] = {}
    for key, bucket in first_index.items():
        for form in bucket:
            if len(form.keys) == 1:
                alone.setdefault(key, []).append(form)
                continue
            node = trees.setdefault(key, {})
            for depth, next_key in enumerate(form.keys[1:], 2):
                here = node.setdefault(next_key, [[], {}])
                if depth == len(form.keys):
                    here[0].append(form)
                node = here[1]

    def freeze(node: dict[str, Any]) -> dict[str, Any] | None:
        return (
            {key: (tuple(forms), freeze(children)) for key, (forms, children) in node.items()}
            if node
            else None
        )

    return {
        key: (tuple(alone.get(key, ())), freeze(trees.get(key, {})), context_index.get(key, ()))
        for key in {*first_index, *context_index}
    }


def _derived_names(
    entities: Sequence[Entity],
    forms: Sequence[AliasForm],
    words: Mapping[str, Sequence[str]],
    owner: Mapping[tuple[str, ...], tuple[str, str]],
) -> tuple[dict[tuple[str, ...], tuple[tuple[str, bool], ...]], dict[str, _Contextual]]:
    """Names the data implies without listing them, for organisations and instruments.

    * variants: a name without its year, its commas, or "Bill" for "Act", so a found
      "Digital Economy Bill" is the listed "Digital Economy Act 2010";
    * contextual names: a name without its country ("Senate" from "Australian Senate",
      "Parliament" from "Parliament of India", "Copyright Act" from "Copyright Act of
      Japan"), which stand for that entity only in an article about that country; an
      ambiguous alias of an entity that has a country is one too ("Congress").
    """
    by_key = {e.key: e for e in entities}
    country_forms: dict[str, list[tuple[str, ...]]] = {}
    for entity in entities:
        if entity.kind == "country" and entity.country:
            for text in (entity.name, *entity.aliases, *entity.demonyms):
                country_forms.setdefault(entity.country, []).append(_raw_keys(text)[0])
    legislatures = {w.casefold() for w in words.get("legislature_words", ())}
    ambiguous_keys = {form.keys for form in forms if form.ambiguous}
    variants: dict[tuple[str, ...], dict[str, bool]] = {}
    contextual: dict[tuple[str, ...], set[str]] = {}
    for form in forms:
        owning = by_key.get(form.entity or "")
        if owning is None or owning.kind == "country" or form.demonym:
            continue
        entity = owning
        _add_variants(variants, form, entity, owner)
        if not entity.country:
            continue
        if form.ambiguous and (len(form.keys) > 1 or form.keys[0] in legislatures):
            # "Congress" in a US story; but "Cox" alone is too often a person to trust the country
            contextual.setdefault(form.keys, set()).add(entity.key)
        keys, texts = _raw_keys(form.text)
        for rest, rest_texts in _without_country(keys, texts, country_forms.get(entity.country, ())):
            if not rest_texts or not (rest_texts[0][:1].isupper() or rest_texts[0][:1].isdigit()):
                continue
            if len(rest) == 1 and rest[0] not in legislatures:
                continue  # one word alone ("Heritage" from "Canadian Heritage") is too loose, bar "Senate"
            if rest in owner and rest not in ambiguous_keys:
                continue  # a listed name of its own always means what the list says
            contextual.setdefault(rest, set()).add(entity.key)
            variants.setdefault(variant_key(rest, entity.kind), {}).setdefault(entity.key, True)
    index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for keys, owners in contextual.items():
        index.setdefault(keys[0], []).append((keys, tuple(sorted(owners))))
    for bucket in index.values():
        bucket.sort(key=lambda item: -len(item[0]))
    return (
        {key: tuple(sorted(options.items())) for key, options in variants.items()},
        {key: tuple(bucket) for key, bucket in index.items()},
    )


def _add_variants(
    variants: dict[tuple[str, ...], dict[str, bool]],
    form: AliasForm,
    entity: Entity,
    owner: Mapping[tuple[str, ...], tuple[str, str]],
) -> None:
    """A form's variant key, and for a law the variant without the body that issued it in front.

    An ambiguous alias of a country's entity ("Copyright Amendment Bill") needs that country
    in the article, as a found variant of it ("... Act 2024") does too. "EU Copyright
    Directive" is also found as "Copyright Directive", "WIPO Copyright Treaty" as
    "Copyright Treaty": variants an article's date or country decides between.
    """
    options = variants.setdefault(variant_key(form.keys, entity.kind), {})
    needs = form.ambiguous and bool(entity.country)
    options[entity.key] = needs and options.get(entity.key, True)
    if entity.kind != "legal_instrument" or len(form.keys) < 3:
        return
    words = form.text.split()
    issuer = owner.get(form.keys[:1]) if words[0].isupper() else None  # "EU", "WIPO": not "Universal"
    if issuer is not None and issuer[0].startswith("organisation/") and words[1][:1].isupper():
        variants.setdefault(variant_key(form.keys[1:], entity.kind), {}).setdefault(entity.key, needs)


def _raw_keys(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    texts = tuple(alias_tokens(text))
    return tuple(token_key(t) for t in texts), texts


def _without_country(
    keys: tuple[str, ...], texts: tuple[str, ...], countries: Sequence[tuple[str, ...]]
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The name with its country taken off the front ("Australian Senate") or the end ("... of India")."""
    found = []
    if keys[:1] == ("the",):
        keys, texts = keys[1:], texts[1:]
    for country in countries:
        n = len(country)
        if n < len(keys) and keys[:n] == country:
            start = n
            while start < len(keys) and keys[start] in ("-", "'", "s"):
                start += 1
            found.append((keys[start:], texts[start:]))
        if n < len(keys) and keys[-n:] == country:
            end = len(keys) - n
            while end > 0 and keys[end - 1] in ("of", "the", "in", ","):
                end -= 1
            found.append((keys[:end], texts[:end]))
    return [(k, t) for k, t in found if k]
