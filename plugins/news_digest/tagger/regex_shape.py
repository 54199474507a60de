"""What a discovery pattern's matches can start with, must hold and may hold, read from its parse tree;
and whether a boilerplate rule's regex could backtrack badly.

The only module that reads CPython's private regex parser (``re._parser``): the public
API offers no parse tree. Every answer of ``shape`` only lets a pattern skip work
(``patterns.py`` adds look-aheads, the tagger skips texts and names); where the parser
is unavailable or a construct is unknown the answers are "anything", which costs speed
and never changes a match. ``unsafe_construct`` guards the boilerplate rules
(``reading/boilerplate.py``), which run on untrusted text; where the parser is
unavailable it cannot tell and finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def _parse(source: str, flags: int = re.VERBOSE) -> tuple[Any, Any] | None:
    """The standard library's parse tree of a regex and its opcodes; None where unavailable."""
    try:
        from re import _constants as opcodes  # type: ignore[attr-defined]
        from re import _parser as parser

        return parser.parse(source, flags), opcodes
    except (ImportError, AttributeError, re.error):
        return None


def _first(items: Iterable[tuple[Any, Any]], sre: Any) -> tuple[set[str] | None, bool]:
    """(characters a match of this sequence can start with, or None for any; can it be empty)."""
    found: set[str] = set()
    for op, av in items:
        chars, nullable = _first_of_item(op, av, sre)
        if chars is None:
            return None, False
        found |= chars
        if not nullable:
            return found, False
    return found, True


def _first_of_item(op: Any, av: Any, sre: Any) -> tuple[set[str] | None, bool]:
    if op is sre.LITERAL:
        return {chr(av)}, False
    if op is sre.IN:
        chars: set[str] = set()
        for inner, value in av:
            if inner is sre.LITERAL:
                chars.add(chr(value))
            elif inner is sre.RANGE and value[1] - value[0] < 256:
                chars.update(chr(code) for code in range(value[0], value[1] + 1))
            else:
                return None, False  # negated sets, categories, huge ranges
        return chars, False
    if op is sre.SUBPATTERN:
        return _first(av[3], sre)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        repeated, nullable = _first(av[2], sre)
        return repeated, nullable or av[0] == 0
    if op is sre.ATOMIC_GROUP:
        return _first(av, sre)
    if op is sre.BRANCH:
        union: set[str] = set()
        empty = False
        for branch in av[1]:
            starts, nullable = _first(branch, sre)
            if starts is None:
                return None, False
            union |= starts
            empty = empty or nullable
        return union, empty
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return set(), True  # takes no character: the next item decides
    return None, False


def _mandatory(items: Iterable[tuple[Any, Any]], sre: Any) -> list[set[str]]:
    """Sets of characters of which every match holds at least one (one set per required item)."""
    found = []
    for op, av in items:
        if op is sre.SUBPATTERN:
            found += _mandatory(av[3], sre)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            found += _mandatory(av[2], sre)
        else:
            chars, nullable = _first_of_item(op, av, sre)
            if chars and not nullable:
                found.append(chars)
    return found


def shape(
    source: str,
) -> tuple[frozenset[str] | None, tuple[frozenset[str], ...], frozenset[str] | None]:
    """What lets a pattern skip work without changing its matches.

    Returns the characters a match can start with (None when any, or when the regex
    already starts with a fixed character, which the engine looks for by itself),
    small sets of characters of which every match holds one each (a text lacking any
    of them cannot match), and every character a match can hold (None when unknown).
    """
    parsed = _parse(source)
    if parsed is None:
        return None, (), None
    tree, sre = parsed
    items = list(tree)
    while items and items[0][0] is sre.SUBPATTERN:
        items = list(items[0][1][3])
    starts_fixed = bool(items) and (
        items[0][0] is sre.LITERAL or (items[0][0] is sre.IN and _first(items[:1], sre)[0])
    )
    chars, nullable = _first(tree, sre)
    firsts = None if starts_fixed or chars is None or nullable or not chars else frozenset(chars)
    needed: list[frozenset[str]] = []
    for required in _mandatory(tree, sre):
        if len(required) <= 2 and frozenset(required) not in needed:
            needed.append(frozenset(required))
    alphabet: set[str] = set()
    try:
        _collect_alphabet(tree, sre, alphabet)
    except ValueError:
        return firsts, tuple(needed), None
    return firsts, tuple(needed), frozenset(alphabet)


def _collect_alphabet(items: Iterable[tuple[Any, Any]], sre: Any, into: set[str]) -> None:
    """Add every character the regex items can take (look-arounds included: more is safe)."""
    for op, av in items:
        if op is sre.LITERAL:
            into.add(chr(av))
        elif op is sre.IN:
            chars, _ = _first_of_item(op, av, sre)
            if chars is None:
                raise ValueError("a set this cannot list")
            into |= chars
        elif op is sre.SUBPATTERN:
            _collect_alphabet(av[3], sre, into)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            _collect_alphabet(av[2], sre, into)
        elif op is sre.ATOMIC_GROUP:
            _collect_alphabet(av, sre, into)
        elif op is sre.BRANCH:
            for branch in av[1]:
                _collect_alphabet(branch, sre, into)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            _collect_alphabet(av[1], sre, into)
        elif op is not sre.AT:
            raise ValueError(f"cannot list the characters of {op}")


def unsafe_construct(source: str, flags: int = 0) -> str | None:
    """Why regex ``source`` (compiled with ``flags``) could backtrack badly on hostile text, or None.

    Refused: nested quantifiers, alternatives inside a repeat, capturing groups (write
    ``(?:...)``) and backreferences. None too where the parser is unavailable or
    ``source`` does not parse (compiling it says why).
    """
    parsed = _parse(source, flags)
    if parsed is None:
        return None
    tree, sre = parsed
    return _unsafe_items(tree, sre, inside_repeat=False)


def _unsafe_items(items: Iterable[tuple[Any, Any]], sre: Any, inside_repeat: bool) -> str | None:
    for op, av in items:
        problem = _unsafe_item(op, av, sre, inside_repeat)
        if problem:
            return problem
    return None


def _unsafe_item(op: Any, av: Any, sre: Any, inside_repeat: bool) -> str | None:
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        _low, high, sub = av
        repeats = high is sre.MAXREPEAT or high > 1
        if repeats and inside_repeat:
            return "nested quantifiers"
        return _unsafe_items(sub, sre, inside_repeat or repeats)
    if op is sre.BRANCH:
        if inside_repeat:
            return "alternatives inside a repeat"
        return next((p for p in (_unsafe_items(b, sre, inside_repeat) for b in av[1]) if p), None)
    if op is sre.SUBPATTERN:
        if av[0] is not None:
            return "a capturing group (write (?:...) instead)"
        return _unsafe_items(av[3], sre, inside_repeat)
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return _unsafe_items(av[1], sre, inside_repeat)
    if op is sre.ATOMIC_GROUP:
        return _unsafe_items(av, sre, inside_repeat)
    if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
        return "a backreference"
    return None
