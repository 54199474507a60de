"""An article's body HTML, as Pelican rendered it, read back into blocks of text and mention links.

Every article's text comes from here (mention offsets index into it); which
entity a link names is read from it only for articles without a trusted
annotation record (hand-written or hand-edited ones, see readback.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag

from ..models import ENTITY_KINDS, Block


@dataclass(frozen=True)
class Link:
    """A mention link in the body: offsets into one block's text, and its entity key."""

    block: int
    start: int
    end: int
    key: str
    description: str


def _block_kind(element: Tag) -> str:
    if element.name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        return "subheading"
    if element.name == "aside" and "update" in (element.get("class") or []):
        return "update"
    return "paragraph"


def _walk(node: Tag, pieces: list[str], spans: list[tuple[int, int, Tag]], offset: list[int]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is not NavigableString:  # comments, CDATA, doctype: not text
                continue
            text = str(child).replace("\n", " ").replace("\t", " ").replace("\r", " ")
            pieces.append(text)
            offset[0] += len(text)
        elif isinstance(child, Tag):
            start = offset[0]
            _walk(child, pieces, spans, offset)
            classes = child.get("class") or []
            # A linked mention, or a later mention of the same entity in the block, left unlinked.
            if (child.name == "a" and "mention" in classes) or (child.name == "span" and "mention-again" in classes):
                spans.append((start, offset[0], child))


def _collapse_spaces(text: str) -> tuple[str, list[int]]:
    """``text`` with runs of spaces made one and trimmed, and where each old offset lands."""
    kept: list[str] = []
    new_index = [0] * (len(text) + 1)
    previous_space = True  # drops leading spaces
    for index, char in enumerate(text):
        new_index[index] = len(kept)
        if char == " ":
            if previous_space:
                continue
            previous_space = True
        else:
            previous_space = False
        kept.append(char)
    new_index[len(text)] = len(kept)
    return "".join(kept).rstrip(" "), new_index


def _collapse(text: str, spans: list[tuple[int, int, Tag]]) -> tuple[str, list[tuple[int, int, Tag]]]:
    """Collapse runs of spaces and trim, moving the span offsets with the text."""
    new_index: Sequence[int]
    if "  " not in text and not text.startswith(" ") and not text.endswith(" "):
        # Nothing to collapse (the usual case): offsets stay, no walk over every character.
        trimmed, new_index = text, range(len(text) + 1)
    else:
        trimmed, new_index = _collapse_spaces(text)
    moved = []
    for start, end, tag in spans:
        start, end = min(new_index[start], len(trimmed)), min(new_index[end], len(trimmed))
        while start < end and trimmed[start] == " ":
            start += 1
        while end > start and trimmed[end - 1] == " ":
            end -= 1
        if start < end:
            moved.append((start, end, tag))
    return trimmed, moved


def read_body(html: str) -> tuple[tuple[Block, ...], tuple[Link, ...]]:
    """An article's body HTML -> its blocks and its mentions (``<a class="mention">``, ``<span class="mention-again">``)."""
    soup = BeautifulSoup(html, "html.parser")
    blocks: list[Block] = []
    mentions: list[Link] = []
    for element in soup.children:
        if not isinstance(element, Tag):
            continue
        pieces: list[str] = []
        spans: list[tuple[int, int, Tag]] = []
        _walk(element, pieces, spans, [0])
        text, spans = _collapse("".join(pieces), spans)
        if not text:
            continue
        index = len(blocks)
        blocks.append(Block(_block_kind(element), text))  # type: ignore[arg-type]
        for start, end, tag in sorted(spans, key=lambda span: (span[0], span[1])):
            kind, entity_id = tag.get("data-kind"), tag.get("data-entity")
            if isinstance(kind, str) and isinstance(entity_id, str) and kind in ENTITY_KINDS and entity_id:
                description = tag.get("data-desc")
                mentions.append(
                    Link(index, start, end, f"{kind}/{entity_id}", description if isinstance(description, str) else "")
                )
    return tuple(blocks), tuple(mentions)
