"""Load and validate the knowledge base once: entities, discovery patterns and stop lists.

The knowledge base is data (``knowledge/``): entity files (``entities/*.yml``), the
tagger's discovery patterns (``patterns.yml``) and the phrases and common words it
never tags (``stoplist.yml``), plus any extra files or folders named in
``NEWS_DIGEST["knowledge"]``. Every problem fails fast with a ``ConfigError``
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

from .models import ENTITY_KINDS, Entity, EntityKind
from .tagger.forms import AliasForm, alias_keys, make_form
from .tagger.index import Vocabulary, build_index
from .tagger.patterns import compile_patterns
from .tagger.speedups import Matcher
from .tagger.tokens import WORD_LIST_CLASSES
from .tagger.tuning import load_tuning
from .yamlfiles import ConfigError, parse_yaml

logger = logging.getLogger(__name__)

KNOWLEDGE_ROOT = Path(__file__).resolve().parent / "knowledge"
ENTITY_FIELDS = frozenset({"id", "name", "aliases", "demonyms", "ambiguous", "country", "description", "wikidata"})
MAX_DESCRIPTION = 160
PATTERN_FIELDS = frozenset(
    {"id", "kind", "match", "description", "site", "headline", "mid_sentence"}
    | {"over_listed", "extends_listed", "service", "repeated"}  # organisation discovery (issue 12)
)
PATTERN_KINDS = ("organisation", "legal_instrument")

_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_COUNTRY_RE = re.compile(r"[A-Z]{2}")
_WIKIDATA_RE = re.compile(r"Q[1-9][0-9]*")


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
            raise ConfigError(name, "", f"missing from the knowledge folder {root}")
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
            raise ConfigError(str(item), "", "extra knowledge path does not exist")
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
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ConfigError(label, "", f"not valid YAML: {error}") from error
        content = parse_yaml(text, label)
        _read(label, content, collected)
    return _build(collected, "sha256:" + digest.hexdigest())


def _read(label: str, content: Any, collected: _Collected) -> None:
    if not isinstance(content, dict):
        raise ConfigError(label, "", "the file must be a mapping (kind/entities, patterns or phrases)")
    keys = set(content)
    if keys & {"kind", "entities"}:
        _read_entities(label, content, collected)
    elif keys & {"patterns", "words", "macros", "ambiguous_context", "language_context"}:
        _read_patterns(label, content, collected)
    elif keys & {"phrases", "common_words", "technical_terms", "given_names"}:
        _read_stoplist(label, content, collected)
    else:
        raise ConfigError(label, "", f"unknown kind of knowledge file (keys: {', '.join(sorted(map(str, keys)))})")


def _string_list(label: str, entry: str, name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ConfigError(label, entry, f"{name} must be a list of strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            hint = " (quote words YAML reads as true/false, like \"no\" or \"on\")" if isinstance(item, bool) else ""
            raise ConfigError(label, entry, f"{name} must hold non-empty strings, not {item!r}{hint}")
    return tuple(_normalise(v) for v in value)


def _read_entities(label: str, content: dict[str, Any], collected: _Collected) -> None:
    unknown = set(content) - {"kind", "entities"}
    if unknown:
        raise ConfigError(label, "", f"unknown top-level field(s): {', '.join(sorted(map(str, unknown)))}")
    kind = content.get("kind")
    if kind not in ENTITY_KINDS:
        raise ConfigError(label, "", f"kind must be one of {', '.join(ENTITY_KINDS)}, got {kind!r}")
    entries = content.get("entities")
    if not isinstance(entries, list):
        raise ConfigError(label, "", "entities must be a list")
    for number, raw in enumerate(entries, 1):
        where = f"entry {number}"
        if not isinstance(raw, dict):
            raise ConfigError(label, where, "each entity must be a mapping")
        if isinstance(raw.get("id"), str):
            where = f"entity {raw['id']!r}"
        unknown = set(raw) - ENTITY_FIELDS
        if unknown:
            raise ConfigError(label, where, f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
        for required in ("id", "name", "description"):
            if not isinstance(raw.get(required), str) or not raw[required].strip():
                raise ConfigError(label, where, f"missing or empty {required}")
        entity_id = raw["id"]
        if not _ID_RE.fullmatch(entity_id):
            raise ConfigError(label, where, "id must be lowercase words joined by hyphens, like rights-alliance")
        name = _normalise(raw["name"])
        aliases = _string_list(label, where, "aliases", raw.get("aliases"))
        demonyms = _string_list(label, where, "demonyms", raw.get("demonyms"))
        ambiguous = _string_list(label, where, "ambiguous", raw.get("ambiguous"))
        if demonyms and kind != "country":
            raise ConfigError(label, where, "only countries have demonyms")
        for form in (name, *aliases, *demonyms):
            if ";" in form:
                raise ConfigError(label, where, f"{form!r}: names and aliases must not contain ';'")
        forms = {f.casefold() for f in (name, *aliases, *demonyms)}
        for form in ambiguous:
            if form.casefold() not in forms:
                raise ConfigError(label, where, f"ambiguous {form!r} is not its name, an alias or a demonym")
        description = " ".join(raw["description"].split())
        if len(description) > MAX_DESCRIPTION:
            raise ConfigError(label, where, f"description longer than {MAX_DESCRIPTION} characters")
        country = raw.get("country")
        if country is not None and not (isinstance(country, str) and _COUNTRY_RE.fullmatch(country)):
            raise ConfigError(label, where, "country must be an ISO 3166-1 alpha-2 code such as SE")
        wikidata = raw.get("wikidata")
        if wikidata is not None and not (isinstance(wikidata, str) and _WIKIDATA_RE.fullmatch(wikidata)):
            raise ConfigError(label, where, "wikidata must be an id such as Q42")
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
        raise ConfigError(label, "", f"unknown top-level field(s): {', '.join(sorted(map(str, unknown)))}")
    words = content.get("words") or {}
    if not isinstance(words, dict):
        raise ConfigError(label, "words", "must be a mapping of word-list names to lists")
    for name, values in words.items():
        if name not in WORD_LIST_CLASSES:
            raise ConfigError(label, f"words.{name}", f"unknown word list; known: {', '.join(WORD_LIST_CLASSES)}")
        collected.words.setdefault(name, []).extend(_string_list(label, f"words.{name}", "the list", values))
    macros = content.get("macros") or {}
    if not isinstance(macros, dict) or not all(isinstance(v, str) for v in macros.values()):
        raise ConfigError(label, "macros", "must be a mapping of names to pattern text")
    for name, body in macros.items():
        if name in collected.macros:
            raise ConfigError(label, f"macros.{name}", "defined twice")
        collected.macros[name] = body
    patterns = content.get("patterns") or []
    if not isinstance(patterns, list):
        raise ConfigError(label, "patterns", "must be a list")
    for number, raw in enumerate(patterns, 1):
        where = f"pattern {raw.get('id', number)!r}" if isinstance(raw, dict) else f"pattern {number}"
        if not isinstance(raw, dict):
            raise ConfigError(label, where, "each pattern must be a mapping")
        unknown = set(raw) - PATTERN_FIELDS
        if unknown:
            raise ConfigError(label, where, f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
        for required in ("id", "kind", "match", "description"):
            if not isinstance(raw.get(required), str) or not raw[required].strip():
                raise ConfigError(label, where, f"missing or empty {required}")
        if raw["kind"] not in PATTERN_KINDS:
            raise ConfigError(label, where, f"kind must be one of {', '.join(PATTERN_KINDS)}")
        if raw["id"] in collected.seen_patterns:
            raise ConfigError(label, where, "duplicate pattern id")
        collected.seen_patterns.add(raw["id"])
        collected.patterns.append(dict(raw, _file=label))
    language = content.get("language_context") or {}
    if not isinstance(language, dict) or set(language) - {"before", "after"}:
        raise ConfigError(label, "language_context", "must have before/after word lists")
    for side, values in language.items():
        target = collected.language.setdefault(side, [])
        target.extend(_string_list(label, f"language_context.{side}", "the list", values))
    context = content.get("ambiguous_context") or {}
    if not isinstance(context, dict):
        raise ConfigError(label, "ambiguous_context", "must map a kind to before/after word lists")
    for kind, lists in context.items():
        if kind not in ENTITY_KINDS or not isinstance(lists, dict) or set(lists) - {"before", "after"}:
            raise ConfigError(label, f"ambiguous_context.{kind}", "must be a kind with before/after lists")
        for side, values in lists.items():
            target = collected.context.setdefault(kind, {}).setdefault(side, [])
            target.extend(_string_list(label, f"ambiguous_context.{kind}.{side}", "the list", values))


def _read_stoplist(label: str, content: dict[str, Any], collected: _Collected) -> None:
    unknown = set(content) - {"phrases", "common_words", "technical_terms", "given_names"}
    if unknown:
        raise ConfigError(label, "", f"unknown top-level field(s): {', '.join(sorted(map(str, unknown)))}")
    for phrase in _string_list(label, "phrases", "phrases", content.get("phrases")):
        collected.phrases.append((label, phrase))
    words = _string_list(label, "common_words", "common_words", content.get("common_words"))
    for word in words:
        if word != word.casefold() or " " in word:
            raise ConfigError(label, "common_words", f"{word!r}: common words are single lowercase words")
    collected.common_words.update(words)
    for name in ("technical_terms", "given_names"):
        for word in _string_list(label, name, name, content.get(name)):
            keys = alias_keys(word)
            if len(keys) != 1 or not keys[0][:1].isalnum():
                raise ConfigError(label, name, f"{word!r}: must be one word")
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
            raise ConfigError(label, where, f"duplicate id: another {entity.kind} is already called {entity.id!r}")
        by_key[entity.key] = entity
        ambiguous_folded = {a.casefold() for a in ambiguous}
        ambiguous_pairs.update((entity.key, a) for a in ambiguous)
        seen_here: set[str] = set()
        for text in (entity.name, *entity.aliases, *entity.demonyms):
            folded = text.casefold()
            if text in seen_here:
                raise ConfigError(label, where, f"{text!r} is listed twice")
            seen_here.add(text)
            keys = alias_keys(text, common)
            if not keys:
                raise ConfigError(label, where, f"{text!r} has no letters or digits to match")
            previous = owner.get(keys)
            if previous is not None and previous[0] != entity.key:
                raise ConfigError(
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
            raise ConfigError(label, "phrases", f"{phrase!r} is an alias of {owner[keys][0]}; a phrase never tagged cannot be one")
        form = make_form(phrase, None, False, common)
        if form is not None:
            forms.append(form)
    entities = tuple(sorted(by_key.values(), key=lambda e: (ENTITY_KINDS.index(e.kind), e.id)))
    matcher = _compile(entities, forms, collected, common, owner)
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
    """The tagger's lookup indexes for these entities and patterns, built once."""
    files = sorted({str(raw["_file"]) for raw in collected.patterns}) or ["patterns.yml"]
    patterns = compile_patterns(collected.patterns, collected.macros, ", ".join(files))
    vocabulary = Vocabulary(
        words={name: list(values) for name, values in collected.words.items()},
        context=collected.context,
        language=collected.language,
        common_words=common,
        technical_terms=frozenset(collected.technical_terms),
        given_names=frozenset(collected.given_names),
    )
    category = {entity.key: label for label, entity, _ in collected.entities}
    return Matcher(build_index(entities, forms, patterns, vocabulary, owner, category, load_tuning()))
