"""Pieces of body text -> the article's blocks: paragraphs, subheadings, update notes.

1. A paragraph split in two by a removed line ("Advertisement") is joined again
   when its first part does not end a sentence and its second part starts in
   lower case.
2. Each remaining piece becomes a block:
   - text starting "Update:" (update_paragraph rules) is an update note; a line
     that is only the label joins the paragraph after it;
   - a Markdown heading ("## Section") is a subheading, whatever its length,
     when prose follows it; with none after it, it headed a sidebar or footer
     box ("## Categories") and is dropped;
   - prose (anything not title-like, lines.title_like) is a paragraph;
   - a title-like piece is, in order: a list item, kept as a paragraph, when it
     follows a lead-in ending with ":"; a caption or label, dropped, when it is a
     single word ("Neteligent", "Piracy"); a caption, dropped, when it stands
     next to another title-like piece after the article has begun (an image's
     alt text, caption and credit come in runs, a subheading stands alone); a
     subheading when it stands alone between two pieces of prose; else (before
     the first or after the last prose) a paragraph, so that a standfirst or a
     sign-off is not lost.
   Captions that are noun phrases standing alone between paragraphs
   ("Netelligent servers" without its companion line) cannot be told from
   subheadings this way and become subheadings.
3. A dateline glued to the start of the first paragraph ("LONDON, 6 March 2012 -
   ...") dates the article when no dateline line did, and is removed.
4. A section label glued to the first paragraph ("Piracy With ACTA
   negotiators...") is removed by the category_labels rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Block, BlockKind
from .body import Piece
from .boilerplate import BoilerplateRules
from .dates import DatelineWatch, split_leading_dateline
from .lines import ends_sentence, title_like


def rejoined(pieces: Sequence[Piece]) -> list[Piece]:
    """The pieces, with paragraphs that a removed line had split joined again."""
    joined: list[Piece] = []
    for piece in pieces:
        if (
            piece.after_boilerplate
            and joined
            and not joined[-1].heading
            and not piece.heading
            and not ends_sentence(joined[-1].text)
            and piece.text[:1].islower()
        ):
            joined[-1] = Piece(f"{joined[-1].text} {piece.text}")
        else:
            joined.append(piece)
    return joined


def to_blocks(pieces: Sequence[Piece], rules: BoilerplateRules) -> list[Block]:
    """Each piece as a block, or dropped (a caption, a heading of nothing)."""
    texts = [piece.text for piece in pieces]
    headings = [piece.heading for piece in pieces]
    titles = [title_like(text, rules.limits) and not heading for text, heading in zip(texts, headings)]
    prose_before, prose_after = _prose_around(titles, headings)
    prose = [index for index, title in enumerate(titles) if not title]
    first_prose = prose[0] if prose else len(texts)
    blocks: list[Block] = []
    skip_next = False
    for index, text in enumerate(texts):
        if skip_next:
            skip_next = False
            continue
        update = rules.update_paragraph.prefix(text)
        if update:
            if not text[update.end() :].strip() and index + 1 < len(texts):
                text = f"{text} {texts[index + 1]}"
                skip_next = True
            blocks.append(Block("update", text))
        elif headings[index]:
            # A Markdown heading heads the prose after it; with none after it, it
            # headed a sidebar or footer box ("## Categories") and is dropped.
            if prose_after[index]:
                blocks.append(Block("subheading", text))
        elif not titles[index]:
            blocks.append(Block("paragraph", text))
        else:
            kind = _title_kind(index, texts, titles, first_prose, prose_before[index])
            if kind is not None:
                blocks.append(Block(kind, text))
    return blocks


def _prose_around(titles: Sequence[bool], headings: Sequence[bool]) -> tuple[list[int], list[bool]]:
    """For each piece, the index of the last prose piece before it (-1 if none), and whether
    any prose follows it; each in one pass (walking back from every title-like piece made a
    seed of many short pieces take quadratic time)."""
    prose_before: list[int] = []
    last_prose = -1
    for index, title in enumerate(titles):
        prose_before.append(last_prose)
        if not title:
            last_prose = index
    prose_after = [False] * len(titles)
    for index in range(len(titles) - 2, -1, -1):
        following = index + 1
        prose_after[index] = prose_after[following] or not (titles[following] or headings[following])
    return prose_before, prose_after


def _title_kind(
    index: int, texts: Sequence[str], titles: Sequence[bool], first_prose: int, before: int
) -> BlockKind | None:
    """What a title-like piece is: "subheading", "paragraph", or None for a dropped caption;
    ``before`` is the index of the last prose piece before it, -1 when there is none."""
    if before >= 0 and texts[before].endswith(":"):
        return "paragraph"  # an item of a list that the prose before it announced
    if len(texts[index].split()) == 1:
        return None
    in_run = (index > 0 and titles[index - 1]) or (index + 1 < len(texts) and titles[index + 1])
    if in_run and index > first_prose:
        return None
    if not in_run and index > first_prose and index + 1 < len(texts):
        return "subheading"
    return "paragraph"


def leading_dateline(blocks: list[Block], rules: BoilerplateRules, datelines: DatelineWatch) -> list[Block]:
    """A dateline glued to the start of the first paragraph ("LONDON, 6 March 2012 - ...")."""
    if not blocks or blocks[0].kind != "paragraph":
        return blocks
    found = split_leading_dateline(blocks[0].text, rules.dateline_parts.regex, rules.limits.dateline_chars)
    if found is None:
        return blocks
    dateline, rest = found
    datelines.take(dateline)
    return [Block("paragraph", rest), *blocks[1:]]


def strip_category_label(blocks: list[Block], rules: BoilerplateRules) -> list[Block]:
    """The blocks without a section label glued to the first paragraph."""
    if not blocks or blocks[0].kind != "paragraph":
        return blocks
    match = rules.category_labels.prefix(blocks[0].text)
    rest = blocks[0].text[match.end() :].strip() if match else ""
    if not rest:
        return blocks
    return [Block("paragraph", rest), *blocks[1:]]
