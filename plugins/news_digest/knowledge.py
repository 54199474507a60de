"""Load and validate the knowledge base once: entities, discovery patterns and stop lists.

The knowledge base is data (``knowledge/``): entity files (``entities/*.yml``), the
tagger's discovery patterns (``patterns.yml``) and the phrases and common words it
never tags (``stoplist.yml``), plus any extra files or folders named in
``NEWS_DIGEST["knowledge"]``. Every problem fails fast with a ``KnowledgeError``
naming the file, the entry and the reason. The result is a frozen ``KnowledgeBase``
holding the compiled matcher (kept out of its equality).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .matcher import (
    WORD_LIST_CLASSES,
    AliasForm,
    AmbiguityRules,
    Matcher,
    PatternError,
    alias_keys,
    alias_tokens,
    build_word_classes,
    compile_patterns,
    initials,
    make_form,
    token_key,
    variant_key,
)
from .models import ENTITY_KINDS, Entity, EntityKind

logger = logging.getLogger(__name__)

KNOWLEDGE_ROOT = Path(__file__).resolve().parent / "knowledge"
ENTITY_FIELDS = frozenset({"id", "name", "aliases", "demonyms", "ambiguous", "country", "description", "wikidata"})
MAX_DESCRIPTION = 160
PATTERN_FIELDS = frozenset({"id", "kind", "match", "description", "site", "headline"})
PATTERN_KINDS = ("organisation", "legal_instrument")

# libyaml's loader when PyYAML was built with it: the same safe subset, several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_COUNTRY_RE = re.compile(r"[A-Z]{2}")
_WIKIDATA_RE = re.compile(r"Q[1-9][0-9]*")
# A year in a law's name: "Copyright Act 1968", "Copyright Act 98 of 1978".
_NAME_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


class KnowledgeError(ValueError):
    """A knowledge file that cannot be used; says which file, which entry and why."""

    def __init__(self, file: str, entry: str, reason: str) -> None:
        super().__init__(f"{file}: {entry}: {reason}" if entry else f"{file}: {reason}")
        self.file = file
        self.entry = entry
        self.reason = reason


@dataclass(frozen=True)
class KnowledgeBase:
    """Every known entity, plus what the tagger needs to find them and names nobody listed."""

    entities: tuple[Entity, ...]
    fingerprint: str
    ambiguous: frozenset[tuple[str, str]] = frozenset()  # (entity key, alias) pairs
    stop_phrases: tuple[str, ...] = ()
    common_words: frozenset[str] = frozenset()
    matcher: Matcher | None = field(default=None, compare=False, repr=False)
    _by_key: Mapping[str, Entity] = field(default_factory=dict, compare=False, repr=False)
    _by_form: Mapping[tuple[str, tuple[str, ...]], Entity] = field(
        default_factory=dict, compare=False, repr=False
    )

    def get(self, key: str) -> Entity | None:
        """The entity with this "kind/id" key, or None."""
        return self._by_key.get(key)

    def find(self, kind: EntityKind, name_or_alias: str) -> Entity | None:
        """The entity of this kind called name_or_alias (any listed spelling, any case), or None."""
        return self._by_form.get((kind, alias_keys(_normalise(name_or_alias), self.common_words)))


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- reading files ------------------------------------------------------------------------------


@dataclass
class _Collected:
    entities: list[tuple[str, Entity, tuple[str, ...]]] = field(default_factory=list)
    words: dict[str, list[str]] = field(default_factory=dict)
    macros: dict[str, str] = field(default_factory=dict)
    patterns: list[dict[str, Any]] = field(default_factory=list)
    context: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    language: dict[str, list[str]] = field(default_factory=dict)
    phrases: list[tuple[str, str]] = field(default_factory=list)
    common_words: set[str] = field(default_factory=set)
    technical_terms: set[str] = field(default_factory=set)
    given_names: set[str] = field(default_factory=set)
    seen_patterns: set[str] = field(default_factory=set)


def _files(root: Path, extra: Sequence[Path], builtin_entities: bool) -> list[tuple[str, Path]]:
    """(label, path) of every knowledge file in load order; labels are root-relative."""
    found: list[tuple[str, Path]] = []
    if builtin_entities:
        found += [(p.relative_to(root).as_posix(), p) for p in sorted((root / "entities").glob("*.yml"))]
    for name in ("patterns.yml", "stoplist.yml"):
        path = root / name
        if not path.is_file():
            raise KnowledgeError(name, "", f"missing from the knowledge folder {root}")
        found.append((name, path))
    for number, item in enumerate(extra, 1):
        item = Path(item)
        if item.is_dir():
            found += [
                (f"extra-{number}/{p.relative_to(item).as_posix()}", p) for p in sorted(item.rglob("*.yml"))
            ]
        elif item.is_file():
            found.append((f"extra-{number}/{item.name}", item))
        else:
            raise KnowledgeError(str(item), "", "extra knowledge path does not exist")
    return found


def load_knowledge(
    extra: Sequence[Path] = (), *, root: Path | None = None, builtin_entities: bool = True
) -> KnowledgeBase:
    """Load, validate and compile the knowledge base (built-in files, then the extras).

    ``builtin_entities=False`` loads only the built-in patterns and stop list, so that
    tests can pair them with a small entity file of their own.
    """
    root = root or KNOWLEDGE_ROOT
    collected = _Collected()
    digest = hashlib.sha256()
    for label, path in _files(root, extra, builtin_entities):
        data = path.read_bytes()
        digest.update(label.encode("utf-8") + b"\0" + data + b"\0")
        try:
            content = yaml.load(data.decode("utf-8"), Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise KnowledgeError(label, "", f"not valid YAML: {error}") from error
        _read(label, content, collected)
    return _build(collected, "sha256:" + digest.hexdigest())


def _read(label: str, content: Any, collected: _Collected) -> None:
    if not isinstance(content, dict):
        raise KnowledgeError(label, "", "the file must be a mapping (kind/entities, patterns or phrases)")
    keys = set(content)
    if keys & {"kind", "entities"}:
        _read_entities(label, content, collected)
    elif keys & {"patterns", "words", "macros", "ambiguous_context", "language_context"}:
        _read_patterns(label, content, collected)
    elif keys & {"phrases", "common_words", "technical_terms", "given_names"}:
        _read_stoplist(label, content, collected)
    else:
        raise KnowledgeError(label, "", f"unknown kind of knowledge file (keys: {', '.join(sorted(map(str, keys)))})")


def _string_list(label: str, entry: str, name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise KnowledgeError(label, entry, f"{name} must be a list of strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            hint = " (quote words YAML reads as true/false, like \"no\" or \"on\")" if isinstance(item, bool) else ""
            raise KnowledgeError(label, entry, f"{name} must hold non-empty strings, not {item!r}{hint}")
    return tuple(_normalise(v) for v in value)


def _read_entities(label: str, content: dict[str, Any], collected: _Collected) -> None:
    unknown = set(content) - {"kind", "entities"}
    if unknown:
        raise KnowledgeError(label, "", f"unknown top-level field(s): {', '.join(sorted(map(str, unknown)))}")
    kind = content.get("kind")
    if kind not in ENTITY_KINDS:
        raise KnowledgeError(label, "", f"kind must be one of {', '.join(ENTITY_KINDS)}, got {kind!r}")
    entries = content.get("entities")
    if not isinstance(entries, list):
        raise KnowledgeError(label, "", "entities must be a list")
    for number, raw in enumerate(entries, 1):
        where = f"entry {number}"
        if not isinstance(raw, dict):
            raise KnowledgeError(label, where, "each entity must be a mapping")
        if isinstance(raw.get("id"), str):
            where = f"entity {raw['id']!r}"
        unknown = set(raw) - ENTITY_FIELDS
        if unknown:
            raise KnowledgeError(label, where, f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
        for required in ("id", "name", "description"):
            if not isinstance(raw.get(required), str) or not raw[required].strip():
                raise KnowledgeError(label, where, f"missing or empty {required}")
        entity_id = raw["id"]
        if not _ID_RE.fullmatch(entity_id):
            raise KnowledgeError(label, where, "id must be lowercase words joined by hyphens, like rights-alliance")
        name = _normalise(raw["name"])
        aliases = _string_list(label, where, "aliases", raw.get("aliases"))
        demonyms = _string_list(label, where, "demonyms", raw.get("demonyms"))
        ambiguous = _string_list(label, where, "ambiguous", raw.get("ambiguous"))
        if demonyms and kind != "country":
            raise KnowledgeError(label, where, "only countries have demonyms")
        for form in (name, *aliases, *demonyms):
            if ";" in form:
                raise KnowledgeError(label, where, f"{form!r}: names and aliases must not contain ';'")
        forms = {f.casefold() for f in (name, *aliases, *demonyms)}
        for form in ambiguous:
            if form.casefold() not in forms:
                raise KnowledgeError(label, where, f"ambiguous {form!r} is not its name, an alias or a demonym")
        description = " ".join(raw["description"].split())
        if len(description) > MAX_DESCRIPTION:
            raise KnowledgeError(label, where, f"description longer than {MAX_DESCRIPTION} characters")
        country = raw.get("country")
        if country is not None and not (isinstance(country, str) and _COUNTRY_RE.fullmatch(country)):
            raise KnowledgeError(label, where, "country must be an ISO 3166-1 alpha-2 code such as SE")
        wikidata = raw.get("wikidata")
        if wikidata is not None and not (isinstance(wikidata, str) and _WIKIDATA_RE.fullmatch(wikidata)):
            raise KnowledgeError(label, where, "wikidata must be an id such as Q42")
        entity = Entity(
            id=entity_id,
            kind=kind,
            name=name,
            aliases=aliases,
            demonyms=demonyms,
            description=description,
            country=country,
            wikidata=wikidata,
        )
        collected.entities.append((label, entity, ambiguous))


def _read_patterns(label: str, content: dict[str, Any], collected: _Collected) -> None:
    unknown = set(content) - {"words", "macros", "patterns", "ambiguous_context", "language_context"}
    if unknown:
        raise KnowledgeError(label, "", f"unknown top-level field(s): {', '.join(sorted(map(str, unknown)))}")
    words = content.get("words") or {}
    if not isinstance(words, dict):
        raise KnowledgeError(label, "words", "must be a mapping of word-list names to lists")
    for name, values in words.items():
        if name not in WORD_LIST_CLASSES:
            raise KnowledgeError(label, f"words.{name}", f"unknown word list; known: {', '.join(WORD_LIST_CLASSES)}")
        collected.words.setdefault(name, []).extend(_string_list(label, f"words.{name}", "the list", values))
    macros = content.get("macros") or {}
    if not isinstance(macros, dict) or not all(isinstance(v, str) for v in macros.values()):
        raise KnowledgeError(label, "macros", "must be a mapping of names to pattern text")
    for name, body in macros.items():
        if name in collected.macros:
            raise KnowledgeError(label, f"macros.{name}", "defined twice")
        collected.macros[name] = body
    patterns = content.get("patterns") or []
    if not isinstance(patterns, list):
        raise KnowledgeError(label, "patterns", "must be a list")
    for number, raw in enumerate(patterns, 1):
        where = f"pattern {raw.get('id', number)!r}" if isinstance(raw, dict) else f"pattern {number}"
        if not isinstance(raw, dict):
            raise KnowledgeError(label, where, "each pattern must be a mapping")
        unknown = set(raw) - PATTERN_FIELDS
        if unknown:
            raise KnowledgeError(label, where, f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
        for required in ("id", "kind", "match", "description"):
            if not isinstance(raw.get(required), str) or not raw[required].strip():
                raise KnowledgeError(label, where, f"missing or empty {required}")
        if raw["kind"] not in PATTERN_KINDS:
            raise KnowledgeError(label, where, f"kind must be one of {', '.join(PATTERN_KINDS)}")
        if raw["id"] in collected.seen_patterns:
            raise KnowledgeError(label, where, "duplicate pattern id")
        collected.seen_patterns.add(raw["id"])
        collected.patterns.append(dict(raw, _file=label))
    language = content.get("language_context") or {}
    if not isinstance(language, dict) or set(language) - {"before", "after"}:
        raise KnowledgeError(label, "language_context", "must have before/after word lists")
    for side, values in language.items():
        target = collected.language.setdefault(side, [])
        target.extend(_string_list(label, f"language_context.{side}", "the list", values))
    context = content.get("ambiguous_context") or {}
    if not isinstance(context, dict):
        raise KnowledgeError(label, "ambiguous_context", "must map a kind to before/after word lists")
    for kind, lists in context.items():
        if kind not in ENTITY_KINDS or not isinstance(lists, dict) or set(lists) - {"before", "after"}:
            raise KnowledgeError(label, f"ambiguous_context.{kind}", "must be a kind with before/after lists")
        for side, values in lists.items():
            target = collected.context.setdefault(kind, {}).setdefault(side, [])
            target.extend(_string_list(label, f"ambiguous_context.{kind}.{side}", "the list", values))


def _read_stoplist(label: str, content: dict[str, Any], collected: _Collected) -> None:
    unknown = set(content) - {"phrases", "common_words", "technical_terms", "given_names"}
    if unknown:
        raise KnowledgeError(label, "", f"unknown top-level field(s): {', '.join(sorted(map(str, unknown)))}")
    for phrase in _string_list(label, "phrases", "phrases", content.get("phrases")):
        collected.phrases.append((label, phrase))
    words = _string_list(label, "common_words", "common_words", content.get("common_words"))
    for word in words:
        if word != word.casefold() or " " in word:
            raise KnowledgeError(label, "common_words", f"{word!r}: common words are single lowercase words")
    collected.common_words.update(words)
    for name in ("technical_terms", "given_names"):
        for word in _string_list(label, name, name, content.get(name)):
            keys = alias_keys(word)
            if len(keys) != 1 or not keys[0][:1].isalnum():
                raise KnowledgeError(label, name, f"{word!r}: must be one word")
            getattr(collected, name).add(keys[0])


# --- building ------------------------------------------------------------------------------------


def _build(collected: _Collected, fingerprint: str) -> KnowledgeBase:
    common = frozenset(collected.common_words)
    by_key: dict[str, Entity] = {}
    owner: dict[tuple[str, ...], tuple[str, str]] = {}  # alias keys -> (entity key, file)
    by_form: dict[tuple[str, tuple[str, ...]], Entity] = {}
    forms: list[AliasForm] = []
    ambiguous_pairs: set[tuple[str, str]] = set()
    for label, entity, ambiguous in collected.entities:
        where = f"entity {entity.id!r}"
        if entity.key in by_key:
            raise KnowledgeError(label, where, f"duplicate id: another {entity.kind} is already called {entity.id!r}")
        by_key[entity.key] = entity
        ambiguous_folded = {a.casefold() for a in ambiguous}
        ambiguous_pairs.update((entity.key, a) for a in ambiguous)
        seen_here: set[str] = set()
        for text in (entity.name, *entity.aliases, *entity.demonyms):
            folded = text.casefold()
            if text in seen_here:
                raise KnowledgeError(label, where, f"{text!r} is listed twice")
            seen_here.add(text)
            keys = alias_keys(text, common)
            if not keys:
                raise KnowledgeError(label, where, f"{text!r} has no letters or digits to match")
            previous = owner.get(keys)
            if previous is not None and previous[0] != entity.key:
                raise KnowledgeError(
                    label, where, f"duplicate alias {text!r}: already a name, alias or demonym of "
                    f"{previous[0]} ({previous[1]})"
                )
            owner[keys] = (entity.key, label)
            by_form[(entity.kind, keys)] = entity
            form = make_form(text, entity.key, folded in ambiguous_folded, common, text in entity.demonyms)
            if form is not None:
                forms.append(form)
    for label, phrase in collected.phrases:
        keys = alias_keys(phrase, common)
        if keys in owner:
            raise KnowledgeError(label, "phrases", f"{phrase!r} is an alias of {owner[keys][0]}; a phrase never tagged cannot be one")
        form = make_form(phrase, None, False, common)
        if form is not None:
            forms.append(form)
    entities = tuple(sorted(by_key.values(), key=lambda e: (ENTITY_KINDS.index(e.kind), e.id)))
    try:
        matcher = _compile(entities, forms, collected, common, owner)
    except PatternError as error:
        raise KnowledgeError("patterns", "", str(error)) from error
    return KnowledgeBase(
        entities=entities,
        fingerprint=fingerprint,
        ambiguous=frozenset(ambiguous_pairs),
        stop_phrases=tuple(phrase for _, phrase in collected.phrases),
        common_words=common,
        matcher=matcher,
        _by_key=by_key,
        _by_form=by_form,
    )


def _compile(
    entities: Sequence[Entity],
    forms: Sequence[AliasForm],
    collected: _Collected,
    common: frozenset[str],
    owner: Mapping[tuple[str, ...], tuple[str, str]],
) -> Matcher:
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
    words = {name: list(values) for name, values in collected.words.items()}
    exact, lower, tlds = build_word_classes(words)
    try:
        patterns = compile_patterns(collected.patterns, collected.macros)
    except PatternError as error:
        files = sorted({str(raw["_file"]) for raw in collected.patterns}) or ["patterns.yml"]
        raise KnowledgeError(", ".join(files), "", str(error)) from error
    context = collected.context
    ambiguity = AmbiguityRules(
        before={kind: frozenset(w.casefold() for w in lists.get("before", ())) for kind, lists in context.items()},
        after={kind: frozenset(w.casefold() for w in lists.get("after", ())) for kind, lists in context.items()},
    )
    language = AmbiguityRules(
        before={"country": frozenset(w.casefold() for w in collected.language.get("before", ()))},
        after={"country": frozenset(w.casefold() for w in collected.language.get("after", ()))},
    )
    variants, context_index = _derived_names(entities, forms, words, common, owner)
    scan_index = _scan_index(first_index, context_index)
    return Matcher(
        first_index={key: tuple(bucket) for key, bucket in first_index.items()},
        scan_index=scan_index,
        compact_index={key: value for key, value in compact.items() if value is not None},
        single_keys={key: tuple(sorted(values)) for key, values in single.items()},
        entity_kinds={e.key: e.kind for e in entities},
        word_classes=exact,
        lower_classes=lower,
        tlds=tlds,
        common_words=common,
        patterns=patterns,
        ambiguity=ambiguity,
        language=language,
        entity_country={e.key: e.country for e in entities if e.country},
        variants=variants,
        context_index=context_index,
        multi_keys={key: tuple(sorted(values)) for key, values in multi.items()},
        near_names={
            key: tuple(sorted({*single.get(key, ()), *(" ".join(keys) for keys in multi.get(key, ()))}))
            for key in {*single, *multi}
        },
        renaming_phrases=tuple(
            sorted({_raw_keys(p)[0] for p in words.get("renaming_phrases", ())}, key=lambda k: (-len(k), k))
        ),
        nickname_words=frozenset(w.casefold() for w in words.get("nickname_words", ())),
        section_words=frozenset(alias_keys(w)[0] for w in words.get("section_words", ())),
        technical_terms=frozenset(collected.technical_terms),
        given_names=frozenset(collected.given_names),
        never_near=common | collected.given_names | collected.technical_terms,
        entity_category={entity.key: label for label, entity, _ in collected.entities},
        entity_year={e.key: int(found[-1]) for e in entities if (found := _NAME_YEAR_RE.findall(e.name))},
        instrument_nouns=frozenset(w.casefold() for w in words.get("instrument_nouns", ())),
        listed_keys=frozenset(form.keys for form in forms),
        initials={
            e.key: letters for e in entities if e.kind != "country" and (letters := initials(e.name)) is not None
        },
    )


def _scan_index(
    first_index: Mapping[str, Sequence[AliasForm]],
    context_index: Mapping[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]],
) -> dict[str, tuple[tuple[AliasForm, ...], dict[str, Any] | None, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]]:
    """Listed names as a tree of their keys, by first key: (one-token forms, longer names, contextual names).

    The longer names are nested mappings, next key -> (forms ending there, mapping of
    the keys after them or None), so the matcher follows the text one token at a time.
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
        return {key: (tuple(forms), freeze(children)) for key, (forms, children) in node.items()} if node else None

    return {
        key: (tuple(alone.get(key, ())), freeze(trees.get(key, {})), context_index.get(key, ()))
        for key in {*first_index, *context_index}
    }


def _derived_names(
    entities: Sequence[Entity],
    forms: Sequence[AliasForm],
    words: Mapping[str, Sequence[str]],
    common: frozenset[str],
    owner: Mapping[tuple[str, ...], tuple[str, str]],
) -> tuple[
    dict[tuple[str, ...], tuple[tuple[str, bool], ...]],
    dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]],
]:
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
        entity = by_key.get(form.entity or "")
        if entity is None or entity.kind == "country" or form.demonym:
            continue
        options = variants.setdefault(variant_key(form.keys, entity.kind), {})
        options[entity.key] = False
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
