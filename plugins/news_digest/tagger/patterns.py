"""patterns.yml's discovery patterns -> compiled regular expressions over token classes.

A pattern is written with class names in braces (``{cap}+ {org_head}``) and macros
(``{name_words}``); compiling replaces each by its characters or regex. ``find`` runs
them over an article's class string: the names nobody listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..models import EntityKind
from ..yamlfiles import ConfigError
from .regex_shape import shape
from .tokens import ALL_CLASSES, BREAK, CLASS_NAMES, LOWER


@dataclass(frozen=True)
class Pattern:
    """A discovery pattern: a regex over token classes that finds a name nobody listed."""

    id: str
    kind: EntityKind
    regex: re.Pattern[str]
    description: str
    site: bool = False
    headline: bool = False  # its matches are whole names even in a title-case headline ("Bill C-32")
    # a one-word match is a name only mid-sentence and when no given name ("Fans, Optus and ...")
    mid_sentence: bool = False
    # its matches may hold a listed organisation: a longer name of another one ("Hangzhou
    # Alibaba Advertising Co.", "BBC iPlayer"); with ``service`` its last word is a service word
    over_listed: bool = False
    service: bool = False
    # its matches hold one listed organisation and only its own words: that organisation, whole
    # ("Court of Appeals for the Second Circuit")
    extends_listed: bool = False
    # a match counts only where the text repeats it and its context says organisation (repeated.py)
    repeated: bool = False
    # every token class the regex mentions: a span with any other class cannot match all of it
    alphabet: frozenset[str] = frozenset()
    # a match holds one class of each of these sets: a text lacking a set is skipped
    needs: tuple[frozenset[str], ...] = ()


def compile_patterns(
    raw_patterns: Sequence[Mapping[str, object]], macros: Mapping[str, str], label: str = "patterns.yml"
) -> tuple[Pattern, ...]:
    """Turn patterns.yml's patterns (regexes over {class} names and {macros}) into Patterns.

    A pattern that cannot be compiled is a ConfigError of ``label`` (the patterns' files).
    """
    expanded_macros = _expand_macros(macros, label)
    compiled = []
    for raw in raw_patterns:
        pattern_id = str(raw["id"])
        source = _expand(str(raw["match"]), expanded_macros, label, f"pattern {pattern_id}")
        try:
            regex = re.compile(source, re.VERBOSE)
        except re.error as error:
            raise ConfigError(label, f"pattern {pattern_id}", f"bad regular expression: {error}") from error
        firsts, needs, alphabet = shape(source)
        if firsts:
            # The same matches, found faster. The engine tries a pattern at every token, and
            # most tokens cannot start it: a one-character look-ahead turns those away at once.
            # Where the pattern never takes a lowercase word, a second look-ahead runs along
            # the capitalised words ahead for a class every match needs (its head word), so a
            # run of words without one is given up in one sweep instead of token by token.
            ahead = f"(?=[{_char_set(firsts)}])"
            if alphabet is not None and LOWER not in alphabet:
                ahead += "".join(
                    f"(?=[{_char_set(alphabet)}]*?[{_char_set(chars)}])"
                    for chars in needs
                    if not chars <= firsts
                )
            regex = re.compile(f"{ahead}(?:{source})", re.VERBOSE)
        kind: EntityKind = "legal_instrument" if raw["kind"] == "legal_instrument" else "organisation"
        compiled.append(
            Pattern(
                id=pattern_id,
                kind=kind,
                regex=regex,
                description=str(raw["description"]),
                site=bool(raw.get("site", False)),
                headline=bool(raw.get("headline", False)),
                mid_sentence=bool(raw.get("mid_sentence", False)),
                over_listed=bool(raw.get("over_listed", False)),
                service=bool(raw.get("service", False)),
                extends_listed=bool(raw.get("extends_listed", False)),
                repeated=bool(raw.get("repeated", False)),
                alphabet=frozenset(ch for ch in source if ch in ALL_CLASSES)
                | ({BREAK} if "\\n" in source else set()),
                needs=needs,
            )
        )
    return tuple(compiled)


def short_span(patterns: Iterable[Pattern], classes: str) -> tuple[int, int] | None:
    """Where the short form is in a name whose token classes are ``classes``, if a pattern marks one.

    The span is relative to the name and never the whole of it ("C-32" in "Bill C-32").
    """
    for pattern in patterns:
        if "short" not in pattern.regex.groupindex or not pattern.alphabet.issuperset(classes):
            continue
        match = pattern.regex.fullmatch(classes)
        if match and match.start("short") >= 0 and match.span("short") != (0, len(classes)):
            return match.span("short")
    return None


def _char_set(chars: Iterable[str]) -> str:
    """The inside of a regex character set holding exactly ``chars``, escaped."""
    return "".join(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}" for ch in sorted(chars))


_PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")


def _expand_macros(macros: Mapping[str, str], label: str) -> dict[str, str]:
    """Every macro as a regex group, macros inside macros expanded first, in any order."""
    expanded: dict[str, str] = {}
    for name in macros:
        if name in CLASS_NAMES:
            raise ConfigError(label, f"macro {name}", "the name of a token class cannot be a macro's")

    def expand(name: str, trail: tuple[str, ...]) -> str:
        if name in expanded:
            return expanded[name]
        if name in trail:
            raise ConfigError(
                label, f"macro {name}", f"defined in terms of itself ({' -> '.join((*trail, name))})"
            )
        needed = {m for m in _PLACEHOLDER_RE.findall(macros[name]) if m in macros}
        done = {m: expand(m, (*trail, name)) for m in needed}
        expanded[name] = "(?:" + _expand(str(macros[name]), done, label, f"macro {name}") + ")"
        return expanded[name]

    for name in macros:
        expand(name, ())
    return expanded


def _expand(source: str, macros: Mapping[str, str], label: str, where: str) -> str:
    """Replace {class} names by their characters and {macro} names by their regex.

    A class of several characters ({the}: "the" or "The") becomes a character set,
    or just its characters when it is already inside one ("[{indef}{the}]").
    """
    out: list[str] = []
    in_set = False
    position = 0
    while position < len(source):
        char = source[position]
        match = _PLACEHOLDER_RE.match(source, position)
        if match:
            name = match.group(1)
            if name in CLASS_NAMES:
                chars = "".join(r"\n" if c == BREAK else re.escape(c) for c in CLASS_NAMES[name])
                out.append(chars if in_set or len(CLASS_NAMES[name]) == 1 else f"[{chars}]")
            elif name in macros:
                if in_set:
                    raise ConfigError(label, where, f"macro {{{name}}} cannot be used inside [...]")
                out.append(macros[name])
            else:
                raise ConfigError(label, where, f"unknown class or macro {{{name}}}")
            position = match.end()
            continue
        if char == "\\":
            out.append(source[position : position + 2])
            position += 2
            continue
        if char == "[" and not in_set:
            in_set = True
        elif char == "]" and in_set:
            in_set = False
        out.append(char)
        position += 1
    return "".join(out)
