"""Dated events an article mentions: "enacting the Copyright Modernization Act in 2012".

Pure functions. A sentence holding a year (1900-2099, alone with a cue word such
as "in" or "since", or in a full date) and a mention of a legal instrument or an
organisation that undergoes a verb of the vocabulary becomes an event of that
year, labelled by the entity and the verb ("Copyright Modernization Act
enacted"); a sentence where no verb says what happened makes no event. Each
event remembers every entity its sentence names, so a filter by a country finds
that country's laws. ``merge_events`` joins the same event (same entity, year
and verb) told by several articles. These are dates the text talks about,
distinct from the article's own publication date. The vocabulary is data
(rules/events.yml).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .models import ENTITY_KINDS, AnnotatedDocument, Entity
from .yamlfiles import ConfigError

DEFAULT_VOCABULARY = Path(__file__).parent / "rules" / "events.yml"
# Longest excerpt, in words, when a sentence becomes a label.
EXCERPT_WORDS = 20
# An entity dates from a year only when they are this close (in words between them),
# or when a verb of the vocabulary stands between them.
NEAR_WORDS = 4

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
            ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
            ("September", "Sep", "Sept"), ("October", "Oct"), ("November", "Nov"), ("December", "Dec"),
        ),  # fmt: skip
        start=1,
    )
    for name in names
}
# The full name of each month: the longest of its spellings above.
_MONTH_NAMES = tuple(
    max((name for name, number in _MONTHS.items() if number == month), key=len) for month in range(1, 13)
)
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19|20)\d\d"
# A year standing alone: not part of a longer number, a code like 2001/29/EC or a decade like 1990s.
_LONE_YEAR = re.compile(rf"(?<![\w/.,:\-–])({_YEAR})(?![\w/]|[.,:]\d|[-–]\d)")
_FULL_DATES = (
    re.compile(rf"(?<!\w)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\s*,?\s+(?P<year>{_YEAR})(?!\w)"),
    re.compile(rf"(?<!\w)(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(?P<year>{_YEAR})(?!\w)"),
    re.compile(rf"(?<![\w/-])(?P<year>{_YEAR})-(?P<month>\d\d)-(?P<day>\d\d)(?![\w/-])"),
)
_MONTH_YEAR = re.compile(rf"(?<!\w)(?:{_MONTH})\s+({_YEAR})(?!\w)")
_WORD_BEFORE = re.compile(r"([\w-]+)[\s(]*$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_PASSIVE = re.compile(r"\b(?:was|were|been|being|be|is|are|got|get|gets)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# "Taringa, founded in 2004": a participle set off by a comma describes the name before it.
_APPOSITIVE = re.compile(r"^\s*,\s*(?:\w+ly\s+)?$")


@dataclass(frozen=True)
class Vocabulary:
    """What makes a dated sentence an event: entity kinds, year cues and verbs."""

    kinds: frozenset[str]
    cues: frozenset[str]
    # (form in lower case, label) pairs, longest form first so "came into force" beats "came".
    verbs: tuple[tuple[str, str], ...]
    abbreviations: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Event:
    """One dated thing an article says happened (or will happen) to an entity."""

    year: int
    entity: Entity
    label: str
    excerpt: str
    date: dt.date | None = None
    verb: str | None = None
    # Keys of every entity the sentence names (the event's own entity included), sorted.
    names: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple:
        day = self.date.toordinal() if self.date else dt.date(self.year, 1, 1).toordinal()
        return (self.year, day, self.entity.name.casefold(), self.label)


@dataclass(frozen=True)
class EventSource:
    """One article that mentions an event: its URL from the site root and its words."""

    url: str
    excerpt: str
    date: dt.date | None = None


@dataclass(frozen=True)
class MergedEvent:
    """One event as the timeline shows it, with every article that mentions it."""

    year: int
    entity: Entity
    verb: str
    date: dt.date | None
    sources: tuple[EventSource, ...]
    names: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.entity.name} {self.verb}"

    @property
    def date_text(self) -> str:
        """"1 October 2011", or the year alone; English names, the same on every machine."""
        if self.date is None:
            return str(self.year)
        return f"{self.date.day} {_MONTH_NAMES[self.date.month - 1]} {self.date.year}"

    @property
    def month(self) -> int | None:
        return self.date.month if self.date else None

    @property
    def anchor(self) -> str:
        verb = re.sub(r"[^a-z0-9]+", "-", self.verb.lower()).strip("-")
        return f"e{self.year}-{self.entity.kind}-{self.entity.id}-{verb}"

    @property
    def sort_key(self) -> tuple:
        day = self.date.toordinal() if self.date else dt.date(self.year, 1, 1).toordinal()
        return (self.year, day, self.entity.name.casefold(), self.entity.key, self.verb)


def merge_events(found: Iterable[tuple[str, Event]]) -> tuple[MergedEvent, ...]:
    """(article URL, event) pairs -> one event per entity, year and verb, listing every article.

    The full date is the one most of its articles give (the earliest on a tie), or
    None when none gives one. Articles are listed in the order given, each once.
    """
    groups: dict[tuple[int, str, str], list[tuple[str, Event]]] = defaultdict(list)
    for url, event in found:
        if event.verb:
            groups[(event.year, event.entity.key, event.verb)].append((url, event))
    merged = []
    for (year, _key, verb), items in groups.items():
        dates = Counter(event.date for _, event in items if event.date)
        date = min(dates, key=lambda day: (-dates[day], day)) if dates else None
        sources: dict[str, EventSource] = {}
        for url, event in items:
            sources.setdefault(url, EventSource(url, event.excerpt, event.date))
        names = sorted({name for _, event in items for name in event.names} | {items[0][1].entity.key})
        merged.append(MergedEvent(year, items[0][1].entity, verb, date, tuple(sources.values()), tuple(names)))
    return tuple(sorted(merged, key=lambda event: event.sort_key))


def _strings(value: object, path: Path, entry: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ConfigError(str(path), entry, "must be a list of non-empty strings")
    return [" ".join(item.lower().split()) for item in value]


def load_vocabulary(path: Path = DEFAULT_VOCABULARY) -> Vocabulary:
    """Read and check the vocabulary; any problem raises ConfigError naming file and entry."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(str(path), "", f"cannot read: {error}") from error
    if not isinstance(data, dict):
        raise ConfigError(str(path), "", "expected a mapping with kinds, cues and verbs")
    unknown = sorted(set(data) - {"kinds", "cues", "verbs", "abbreviations"})
    if unknown:
        raise ConfigError(str(path), "", f"unknown key(s) {', '.join(map(str, unknown))}")
    kinds = _strings(data.get("kinds"), path, "kinds")
    bad_kinds = sorted(set(kinds) - set(ENTITY_KINDS))
    if bad_kinds:
        raise ConfigError(str(path), "kinds", f"unknown kind(s) {', '.join(bad_kinds)}")
    cues = _strings(data.get("cues"), path, "cues")
    verbs_data = data.get("verbs")
    if not isinstance(verbs_data, dict) or not verbs_data:
        raise ConfigError(str(path), "verbs", "must map each label to its forms")
    owner: dict[str, str] = {}
    for label, forms in verbs_data.items():
        if not isinstance(label, str) or not label.strip():
            raise ConfigError(str(path), "verbs", f"label {label!r} must be a non-empty string")
        for form in _strings(forms, path, f"verbs: {label}"):
            if form in owner:
                raise ConfigError(
                    str(path), f"verbs: {label}", f"{form!r} is listed under both {owner[form]!r} and {label!r}"
                )
            owner[form] = label
    abbreviations = _strings(data.get("abbreviations", []), path, "abbreviations")
    verbs = tuple(sorted(owner.items(), key=lambda item: (-len(item[0]), item[0])))
    return Vocabulary(frozenset(kinds), frozenset(cues), verbs, frozenset(abbreviations))


def _sentences(text: str, protected: Sequence[tuple[int, int]], abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of each sentence; never splits inside a mention such as "U.S."."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        stop = match.start()
        if any(a <= stop < b for a, b in protected):
            continue
        word = re.search(r"([\w.]+)$", text[start : stop])
        if word and (word.group(1).lower() in abbreviations or re.fullmatch(r"[A-Z]", word.group(1))):
            continue
        spans.append((start, stop + 1))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _years(sentence: str, cues: frozenset[str]) -> list[tuple[int, int, int, dt.date | None]]:
    """(year, start, end, full date or None) for each year the sentence states as a date."""
    found: dict[int, tuple[int, int, int, dt.date | None]] = {}
    for pattern in _FULL_DATES:
        for match in pattern.finditer(sentence):
            month = match.group("month").rstrip(".")
            number = _MONTHS.get(month) or (int(month) if month.isdigit() else 0)
            try:
                date = dt.date(int(match.group("year")), number, int(match.group("day")))
            except ValueError:
                continue
            year_start = match.start("year")
            found[year_start] = (date.year, year_start, match.end("year"), date)
    for match in _MONTH_YEAR.finditer(sentence):
        found.setdefault(match.start(1), (int(match.group(1)), match.start(1), match.end(1), None))
    for match in _LONE_YEAR.finditer(sentence):
        if match.start(1) in found:
            continue
        before = _WORD_BEFORE.search(sentence[: match.start(1)])
        after = sentence[match.end(1) : match.end(1) + 2]
        cued = bool(before and before.group(1).lower() in cues)
        bracketed = sentence[match.start(1) - 1 : match.start(1)] == "(" and sentence[match.end(1) : match.end(1) + 1] == ")"
        possessive = after in {"'s", "’s"}
        if cued or bracketed or possessive:
            found[match.start(1)] = (int(match.group(1)), match.start(1), match.end(1), None)
    return [found[key] for key in sorted(found)]


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def _excerpt(sentence: str, around: int) -> str:
    words = list(re.finditer(r"\S+", sentence))
    if len(words) <= EXCERPT_WORDS:
        return sentence.strip()
    centre = next((i for i, word in enumerate(words) if word.end() > around), len(words) - 1)
    first = max(0, min(centre - EXCERPT_WORDS // 2, len(words) - EXCERPT_WORDS))
    chosen = words[first : first + EXCERPT_WORDS]
    text = sentence[chosen[0].start() : chosen[-1].end()]
    return ("… " if first > 0 else "") + text + (" …" if first + EXCERPT_WORDS < len(words) else "")


def _verbs(sentence: str, vocabulary: Vocabulary) -> list[tuple[int, int, str]]:
    lowered = sentence.lower()
    taken: list[tuple[int, int, str]] = []
    for form, label in vocabulary.verbs:
        if form not in lowered:
            continue  # most forms are in no given sentence: skip the regular expression
        for match in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", lowered):
            if not any(_distance((s, e), match.span()) == 0 for s, e, _ in taken):
                taken.append((match.start(), match.end(), label))
    return sorted(taken)


def _label(sentence: str, entity: Entity, where: tuple[int, int], verb: tuple[int, int, str] | None) -> str | None:
    """"<name> <verb>" when the entity undergoes the verb; None when it is the actor or no verb fits."""
    if verb is None:
        return None
    start, end, label = verb
    if entity.kind == "legal_instrument":
        return f"{entity.name} {label}"
    if where[0] >= end:  # the organisation comes after the verb: its object, unless the agent ("by X")
        between = sentence[end : where[0]].lower()
        return None if re.search(r"\bby\b", between) else f"{entity.name} {label}"
    if _PASSIVE.search(sentence[:start]) or _APPOSITIVE.match(sentence[where[1] : start]):
        return f"{entity.name} {label}"
    return None


def _near(sentence: str, span: tuple[int, int], year: tuple[int, int], verbs: Sequence[tuple[int, int, str]]) -> bool:
    """Whether an entity and a year are close enough for the year to date the entity."""
    gap = (min(span[1], year[1]), max(span[0], year[0]))
    if re.search(r"[;:]", sentence[gap[0] : gap[1]]):
        return False  # another clause
    if any(gap[0] <= start and end <= gap[1] for start, end, _ in verbs):
        return True
    return len(sentence[gap[0] : gap[1]].split()) <= NEAR_WORDS


def _sentence_events(
    sentence: str,
    inside: Sequence[tuple[int, int, Entity]],
    named: tuple[str, ...],
    vocabulary: Vocabulary,
) -> list[Event]:
    """The events of one sentence: for each year it states, the first near entity a verb happens to."""
    verbs = _verbs(sentence, vocabulary)
    if not verbs:
        return []
    found = []
    for year, year_start, year_end, date in _years(sentence, vocabulary.cues):
        span = (year_start, year_end)
        if any(s <= year_start and year_end <= e for s, e, _ in inside):
            continue  # a year inside a name ("Copyright Act 1968") names, it does not date
        near = [item for item in inside if _near(sentence, item[:2], span, verbs)]
        # An instrument is what a dated sentence is usually about; else the nearest organisation.
        # The first of them that undergoes a verb makes the event.
        near.sort(key=lambda item: (item[2].kind != "legal_instrument", _distance(item[:2], span), item[0]))
        for s, e, entity in near:
            verb = min(verbs, key=lambda v: (_distance(v[:2], (s, e)) + _distance(v[:2], span), v[0]))
            label = _label(sentence, entity, (s, e), verb)
            if label is not None:
                excerpt = _excerpt(sentence, year_start)
                found.append(Event(year, entity, label, excerpt, date=date, verb=verb[2], names=named))
                break
    return found


def find_events(annotated: AnnotatedDocument, vocabulary: Vocabulary) -> tuple[Event, ...]:
    """Every dated event in the article's text, in date order, each entity and label once per year.

    Only events a verb of the vocabulary labels: a year and a name alone do not say what happened.
    """
    document = annotated.document
    mentions = sorted(
        (mention.start, mention.end, tagged.entity)
        for tagged in annotated.entities
        for mention in tagged.mentions
    )
    pieces = [(0, document.title)] + [
        (start, block.text) for start, block in zip(document.block_starts, document.blocks, strict=True)
    ]
    events: dict[tuple[int, str, str], Event] = {}
    for offset, text in pieces:
        local = [(s - offset, e - offset, entity) for s, e, entity in mentions if offset <= s and e <= offset + len(text)]
        protected = [(s, e) for s, e, _ in local]
        for start, end in _sentences(text, protected, vocabulary.abbreviations):
            named = tuple(sorted({entity.key for s, e, entity in local if start <= s and e <= end}))
            inside = [
                (s - start, e - start, entity)
                for s, e, entity in local
                if start <= s and e <= end and entity.kind in vocabulary.kinds
            ]
            if inside:
                for event in _sentence_events(text[start:end], inside, named, vocabulary):
                    events.setdefault((event.year, event.entity.key, event.label), event)
    return tuple(sorted(events.values(), key=lambda event: event.sort_key))
