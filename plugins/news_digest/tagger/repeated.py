"""Step 2, continued: capitalised names of several words the text repeats, in an organisation's context.

No head word, no list and no descriptor names "Silver Lantern", but a reader knows it is a
company when the article writes it twice and says "Silver Lantern sued", "a spokesperson for
Silver Lantern" or "Silver Lantern's customers". The ``repeated-name`` pattern of
``patterns.yml`` finds every run of two to four capitalised words; a run is kept when:

- the text writes it at least twice, in the paragraphs, or in the headline and the paragraphs;
- one mention is mid-sentence or in the headline, or its first word is no common word (a
  capital at a sentence's start says little); a run that begins a longer one is a mention of it;
- it is not a person's: no given name or title inside it but last, no title just before a
  mention ("Judge", from ``person_words``), no "he", "she", "who" right after one, and its
  last word is not used alone elsewhere ("Rasmus Fleischer ... Fleischer said");
- it is not a place's: no "in", "near" just before a mention, no "-based" after, no place word last;
- a mention has an organisation's context (``organisation_verbs`` after it, ``organisation_nouns``
  after it or its possessive, or before "for", "of", "at" it).
The word lists are ``patterns.yml``'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .article import Article
from .forms import initials
from .patterns import Pattern
from .spans import Candidate
from .tokens import APOSTROPHE, CAP, CLOSE, HYPHEN, NAME_WORD, OPEN, POSS, SENTENCE_END

# How many tokens after a mention a pronoun still tells a person ("Anna Berg said she ...").
_PRONOUN_REACH = 4
# Classes beside a word that make it part of a longer name, or a name defined in brackets.
_BESIDE_BEFORE = frozenset(NAME_WORD + OPEN)
_BESIDE_AFTER = frozenset(NAME_WORD + CLOSE)
# Words between an organisation noun and the name: "a spokesperson for X", "the CEO of X".
_NOUN_LINKS = frozenset({"for", "of", "at"})


def confirmed(
    article: Article, classes: str, pattern: Pattern, runs: Sequence[Candidate], found: Sequence[Candidate]
) -> list[Candidate]:
    """The mentions of every repeated name that is an organisation's (none inside a found name).

    ``classes``: the token classes with listed names marked; ``runs``: the matches of
    ``pattern``, the repeated-name pattern (the single words' mentions are its too).
    """
    taken = bytearray(article.size)
    for candidate in found:
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    model = Candidate(0, 0, 0, 0, pattern.kind, None, "pattern", pattern=pattern)
    words = _single_words(article, classes, model, taken)
    if words:
        # "AFL" after "Australian Football League" is its acronym (local_names), not a name of its own
        text = article.text
        acronyms = {initials(text[c.char_start : c.char_end]) for c in found if c.end - c.start > 1}
        words = [m for m in words if article.keys[m.start] not in acronyms]
    return [*_runs(article, runs, taken), *words]


def _runs(article: Article, runs: Sequence[Candidate], taken: bytearray) -> list[Candidate]:
    """Names of two to four words."""
    by_keys: dict[tuple[str, ...], list[Candidate]] = {}
    free = article.free
    for whole in runs:
        for run in _split_at_and(article, whole):
            if free[run.start] and not any(taken[run.start : run.end]):
                by_keys.setdefault(tuple(article.keys[run.start : run.end]), []).append(run)
    kept: list[Candidate] = []
    words, common = article.index.name_words, article.index.common_words
    in_headline = set(article.keys[: article.headline_size])
    for keys, mentions in _with_shorter_forms(by_keys).items():
        if (len(mentions) < 2 and keys[0] not in in_headline) or keys in article.index.listed_keys:
            continue
        headline = _in_headline(article, keys, mentions[0]) if keys[0] in in_headline else []
        if len(mentions) + len(headline) < 2:
            continue
        if not headline and keys[0] in common and all(article.sentence_start(m.start) for m in mentions):
            continue  # "Silver Lantern" only ever opening a sentence: maybe "Silver" is any word
        if _person_or_place(article, keys, mentions, words) or _surname_alone(article, keys, mentions):
            continue
        if any(_organisation_context(article, m, words) for m in mentions):
            kept.extend(_whole(article, keys, [*headline, *mentions]))
    return kept


def _single_words(article: Article, classes: str, model: Candidate, taken: bytearray) -> list[Candidate]:
    """One capitalised word the text repeats: "Quorvel said", "a spokesperson for Quorvel".

    Stricter than a longer name: at least one mention mid-sentence, never written next to
    another capitalised word (a surname is: "Rasmus Fleischer ... Fleischer said") or a
    bracket (a name the article defines: "(..., GFF)"), no common word, given name, technical
    term or listed name, three letters or more, and a verb after a mention or an organisation
    noun before "for", "of", "at" it. The context is looked for first: most capitalised words
    have none, and no loop should visit them.
    """
    index, keys, raw, size = article.index, article.keys, article.classes, article.size
    words = index.name_words
    verbs, nouns = words.get("organisation_verbs", frozenset()), words.get("organisation_nouns", frozenset())
    capitals = article.class_positions(CAP)
    last = size - 1
    named = {
        keys[at]
        for at in capitals
        if (at < last and keys[at + 1] in verbs)
        or (at > 1 and keys[at - 1] in _NOUN_LINKS and keys[at - 2] in nouns)
    }
    never, listed = index.never_near, index.listed_keys
    named = {k for k in named if len(k) > 2 and k not in never and (k,) not in listed}
    if not named:
        return []
    positions: dict[str, list[int]] = {}
    joined: set[str] = set()
    for at in [at for at in capitals if keys[at] in named]:
        key = keys[at]
        before, after = raw[at - 1] if at else OPEN, raw[at + 1] if at + 1 < size else CLOSE
        if before in _BESIDE_BEFORE or after in _BESIDE_AFTER or taken[at]:
            joined.add(key)  # part of a longer or found name, or defined in brackets
        elif classes[at] == CAP and article.free[at]:
            positions.setdefault(key, []).append(at)
    tokens, kept = article.tokens, []
    in_headline = set(keys[: article.headline_size])
    for key, places in positions.items():
        if key in joined or len(places) + (key in in_headline) < 2:
            continue
        if all(article.sentence_start(at) for at in places):
            continue
        mentions = [
            model._replace(start=at, end=at + 1, char_start=tokens.start(at), char_end=tokens.ends[at])
            for at in places
        ]
        if _person_or_place(article, (key,), mentions, words):
            continue
        if any(
            (m.end < size and keys[m.end] in verbs) or _after_noun(article, m.start, words) for m in mentions
        ):
            kept.extend([*_in_headline(article, (key,), mentions[0]), *mentions])
    return kept


def _after_noun(article: Article, start: int, words: Mapping[str, frozenset[str]]) -> bool:
    """ "a spokesperson for X", "the CEO of X"."""
    keys = article.keys
    nouns = words.get("organisation_nouns", frozenset())
    return start >= 2 and keys[start - 1] in _NOUN_LINKS and keys[start - 2] in nouns


def _whole(article: Article, keys: tuple[str, ...], mentions: list[Candidate]) -> list[Candidate]:
    """The mentions of the whole name, each with the shorter form the text uses as its short form.

    The shorter form's own mentions are then found by ``local_names`` like any found short form.
    """
    size = len(keys)
    whole = [m for m in mentions if m.end - m.start == size]
    shorter = min((m.end - m.start for m in mentions), default=size)
    if shorter == size:
        return whole
    return [m._replace(short=(m.start, m.start + shorter)) for m in whole]


def _split_at_and(article: Article, run: Candidate) -> list[Candidate]:
    """ "Silver Lantern and Blue Orchard": two runs ("&" joins one name: "Quill & Barrow")."""
    tokens = article.tokens
    cuts = [at for at in range(run.start + 1, run.end - 1) if tokens.texts[at].casefold() == "and"]
    if not cuts:
        return [run]
    pieces, start = [], run.start
    for end in [*cuts, run.end]:
        if end - start >= 2:
            pieces.append(run._replace(start=start, end=end, char_start=tokens.start(start),
                                       char_end=tokens.ends[end - 1]))  # fmt: skip
        start = end + 1
    return pieces


def _with_shorter_forms(
    by_keys: dict[tuple[str, ...], list[Candidate]],
) -> dict[tuple[str, ...], list[Candidate]]:
    """Runs that begin a longer run ("Blue Orchard" of "Blue Orchard Capital") counted as its mentions."""
    merged: dict[tuple[str, ...], list[Candidate]] = {}
    by_first: dict[str, list[tuple[str, ...]]] = {}  # first key -> the longer runs kept so far
    for keys in sorted(by_keys, key=len, reverse=True):
        size = len(keys)
        others = by_first.setdefault(keys[0], [])
        longer = next((other for other in others if len(other) > size and other[:size] == keys), None)
        if longer is None:
            merged[keys] = list(by_keys[keys])
            others.append(keys)
        else:
            merged[longer].extend(by_keys[keys])
    return merged


def _in_headline(article: Article, keys: tuple[str, ...], model: Candidate) -> list[Candidate]:
    """The name written in the title-case headline, as mentions like ``model``."""
    tokens, size = article.tokens, len(keys)
    return [
        model._replace(
            start=at, end=at + size, char_start=tokens.start(at), char_end=tokens.ends[at + size - 1]
        )
        for at in article.where((keys[0],))
        if at + size <= article.headline_size and tuple(article.keys[at : at + size]) == keys
    ]


def _person_or_place(
    article: Article,
    keys: tuple[str, ...],
    mentions: Sequence[Candidate],
    words: Mapping[str, frozenset[str]],
) -> bool:
    """Whether anything says the name is a person's or a place's."""
    person, place = words.get("person_words", frozenset()), words.get("place_words", frozenset())
    given = article.index.given_names
    if keys[-1] in place or any(key in person or key in given for key in keys[:-1]):
        return True  # "Anna Berglund", "Attorney-General George Brandis", "Silver Lake"
    all_keys, classes = article.keys, article.classes
    for mention in mentions:
        start, end = mention.start, mention.end
        before = all_keys[start - 1] if start > 0 else ""
        if before in person or before in place:
            return True
        if end + 1 < article.size and classes[end] == HYPHEN and all_keys[end + 1] in place:
            return True  # "Silver Lake-based"
        after = end
        while after < min(article.size, end + _PRONOUN_REACH) and classes[after] not in SENTENCE_END:
            if all_keys[after] in person:
                return True
            after += 1
    return False


def _surname_alone(article: Article, keys: tuple[str, ...], mentions: Sequence[Candidate]) -> bool:
    """Whether the name's last word stands alone elsewhere, as a person's surname does ("Fleischer said")."""
    inside = {at for m in mentions for at in range(m.start, m.end)}
    classes, size = article.classes, article.size
    for at in article.where((keys[-1],)):
        if at in inside or at < article.headline_size:
            continue
        alone_before = at == 0 or classes[at - 1] not in NAME_WORD
        if alone_before and (at + 1 >= size or classes[at + 1] not in NAME_WORD):
            return True
    return False


def _organisation_context(article: Article, mention: Candidate, words: Mapping[str, frozenset[str]]) -> bool:
    """ "X sued", "X's customers", "X spokesperson", "a spokesperson for X".

    Not "X, which": films, products and places take it as often.
    """
    keys, classes, size = article.keys, article.classes, article.size
    verbs, nouns = words.get("organisation_verbs", frozenset()), words.get("organisation_nouns", frozenset())
    after = mention.end
    if after + 1 < size and classes[after] == APOSTROPHE:  # "X's customers", "X' lawyers"
        after += 2 if classes[after + 1] == POSS else 1
        if after < size and keys[after] in nouns:
            return True
    elif after < size and (keys[after] in verbs or keys[after] in nouns):
        return True
    return _after_noun(article, mention.start, words)
