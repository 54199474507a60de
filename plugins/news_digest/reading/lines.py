"""How a line of seed text starts and ends: the small tests of shape every reading step shares.

Whether a text ends a sentence, starts with a capital, carries a list bullet or is
*title-like* (short, capitalised, not ending like a sentence or a lead-in); and the
grouping of a seed's lines into blocks at blank lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .boilerplate import Limits

_BULLET = re.compile(r"(?:[-–—•·*>»›▪■●◦]|\d{1,2}[.)])\s")
# Closing quotes and brackets, looked through to find how a text really ends.
CLOSERS = "\"'”’»)]"


def group_blocks(lines: Iterable[str]) -> list[list[str]]:
    """Lines grouped into blocks at blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def last_char(text: str) -> str:
    return (text.rstrip(CLOSERS) or text)[-1:]


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence or announces what follows (so nothing continues it)."""
    return last_char(text) in ".!?…:;"


def strip_bullet(line: str) -> str:
    match = _BULLET.match(line)
    return line[match.end() :] if match else line


def starts_capitalised(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


def title_like(text: str, limits: Limits) -> bool:
    """Whether ``text`` could be a heading or a caption: at most ``short_line_words`` words and
    ``short_line_chars`` characters, starting with a capital or a digit, not ending like a
    sentence or a lead-in."""
    return (
        len(text) <= limits.short_line_chars
        and len(text.split()) <= limits.short_line_words
        and starts_capitalised(text)
        # A question or exclamation can be a heading; a sentence, a lead-in or a teaser is not.
        and last_char(text) not in ".,;:…"
    )
