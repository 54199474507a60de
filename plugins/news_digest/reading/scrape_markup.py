"""Markdown-style page scrapes: read the markup that scraping tools and web archives leave in a seed.

Tools that save a web page as "Markdown" keep the page's links and images as
``[text](https://...)`` and ``![alt](https://...)``, its headings as ``# Title``
and ``## Section``, and emphasis as ``*italics*`` / ``**bold**``. This module
turns each line of such a seed into what a reader of the page saw: a link
becomes its text (its target is never kept, so no host name reaches the
tagger), an image disappears, heading hashes and emphasis markers go. It also
records the *shape* of each line, with every link written as ``LINK``
(a control character, which no normalised seed line holds), so that the
link-line rules in rules/boilerplate.yml can recognise menus, breadcrumbs,
share rows and link-only bylines.

The Markdown grammar lives here; what counts as furniture is data: which link
targets mark a scraped link (``link_targets``), which line shapes are
navigation (``link_lines``), and how many scraped links make a seed a Markdown
scrape (``limits.markdown_links``).

Seed text is data: only constructs that are certainly scrape markup change.
A link or image is read only when its target is a web address, a path or an
anchor (``link_targets``), so ``[x](javascript:...)`` stays literal. Heading
hashes, emphasis, block quotes, escapes and horizontal rules are read only in
a seed that is a Markdown scrape (at least ``markdown_links`` scraped links or
images, or a ``# Title`` heading that the page repeats); in any other seed,
``# Heading`` and ``*stars*`` appear literally, as before, except that a
seed's first line ``# Headline`` is its headline without the hash. A URL in brackets
("(https://...)", "<https://...>") is a citation and is dropped in any seed.

Under an image, a wholly emphasised line ("*The court building. Photo: ...*")
is its caption and goes with it. Text-browser dumps ("link-list scrapes":
"[12]News" before each link, and the numbered list of the links' addresses at
the end) lose their markers; a line of such links gets one LINK per link in
its shape, unless it runs on into the next line as wrapped prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .boilerplate import BoilerplateRules

# Stands for one link in a line's shape: a control character, which decode.normalise removes
# from every seed line, so seed text can never forge it.
LINK = "\x01"

# A link's target in brackets: an address with at most one level of balanced brackets
# (Wikipedia's "Foo_(bar)"), optionally in <...>, then an optional "title".
_TARGET = (
    r"<?(?P<target>(?:[^()\s<>]|\([^()\s]{0,200}\)){1,2000})>?"
    r"(?: {1,3}(?:\"[^\"\n]{0,300}\"|'[^'\n]{0,300}'))?"
)
_IMAGE = re.compile(r"!\[(?P<text>[^\[\]\n]{0,500})\]\( ?" + _TARGET + r" ?\)")
_LINK = re.compile(r"\[(?P<text>[^\[\]\n]{0,500})\]\( ?" + _TARGET + r" ?\)")
# Reference-style links: "[text][ref]" with "[ref]: https://..." on a line of its own.
_REFERENCE_LINK = re.compile(r"\[(?P<text>[^\[\]\n]{1,500})\] ?\[(?P<ref>[^\[\]\n]{0,100})\]")
_REFERENCE_DEFINITION = re.compile(r" {0,3}\[(?P<ref>[^\[\]\n]{1,100})\]: ?" + _TARGET + r" ?")
# Citations: an address in brackets, with the space before it.
_BRACKETED_URL = re.compile(
    r" ?(?<!\])(?:\((?:https?|ftp)://[^\s()<>]{1,2000}\)|<(?:https?|ftp)://[^\s<>]{1,2000}>)"
)
_HOME = re.compile(r"(?:(?:https?:)?//[^/\s]{1,253})?/?(?:index\.\w{2,5})?|#", re.IGNORECASE)
_URL_TEXT = re.compile(r"(?:https?|ftp)://\S{1,2000}|www\.\S{1,2000}", re.IGNORECASE)

_ATX_HEADING = re.compile(r"(?P<hashes>#{1,6}) +(?P<text>.*?)(?: +#+)?")
_SETEXT_UNDERLINE = re.compile(r"(?P<mark>=|-)(?P=mark){2,}")
_RULE = re.compile(r"(?:(?:\* ?){3,}|(?:- ?){3,}|(?:_ ?){3,})")
_QUOTE = re.compile(r"(?:> ?){1,6}")
# Emphasis: markers that open before a non-space and close after one, not inside a word
# (so "2*3*4" and snake_case_names stay).
_STRONG = re.compile(r"(?<![\w*])(\*\*|__)(?=\S)(?P<text>[^\n]{1,500}?)(?<=\S)\1(?![\w*])")
_EMPHASIS = re.compile(r"(?<![\w*\\])(\*|_)(?=[^\s*_])(?P<text>[^\n*_]{1,500}?)(?<=[^\s\\])\1(?![\w*])")
_STRIKE = re.compile(r"~~(?=\S)(?P<text>[^\n~]{1,500}?)(?<=\S)~~")
# Text-browser dumps ("link-list scrapes"): each link is marked "[12]" before its text, and
# the page ends with the numbered list of the links' addresses ("12. https://...").
_LINK_MARKER = re.compile(r"\[(?P<number>\d{1,4})\](?=[^\s(:\[\]])")
_LINK_MARKER_ANYWHERE = re.compile(r"\[\d{1,4}\](?=[^\s(:\[\]])")
_NUMBERED_ADDRESS = re.compile(r"\d{1,4}\. ?(?:https?|ftp|file)://\S{1,2000}")
_DUMP_IMAGE = re.compile(r" ?\[(?:IMG|INLINE|[\w.-]{1,100}\.(?:png|jpe?g|gif|svg|webp))\] ?", re.IGNORECASE)
_DUMP_BULLET = re.compile(r"(?:[*+o•·-]|\d{1,3}\.) ")
_DUMP_SEPARATORS = " |•·*/-–—>»›"
_DUMP_LABEL_WORDS = 4
# A line that is wholly emphasised: under an image, its caption.
_CAPTION = re.compile(r"(\*{1,2}|_{1,2})(?=\S)[^\n]{1,500}(?<=\S)\1")
_ESCAPE = re.compile(r"\\(?P<char>[\\`*_{}\[\]()#+\-.!>|~])")


@dataclass(frozen=True)
class ScrapeLine:
    """One seed line as a reader saw it (``text``), with its ``shape`` for the link-line rules.

    ``links`` counts the scraped links read on the line; ``heading`` is the
    Markdown heading level (1-6), 0 for a line that is no heading;
    ``home_link`` is true for a line that is one link to a site's home page
    (a heading that is one is the site's name, not the headline).
    """

    text: str
    shape: str
    links: int = 0
    heading: int = 0
    home_link: bool = False


@dataclass(frozen=True)
class ScrapeMarkup:
    """A seed's lines read as a page: whether it is a Markdown scrape, and each line."""

    markdown: bool
    lines: tuple[ScrapeLine, ...]
    link_list: bool = False


def _is_target(rules: BoilerplateRules, target: str) -> bool:
    return rules.link_targets.fullmatch(target)


def _is_url_text(text: str) -> bool:
    """Link text that is itself an address ("https://example.org/page"): never prose."""
    return _URL_TEXT.fullmatch(text.strip()) is not None


def _count_links(lines: Sequence[str], rules: BoilerplateRules) -> int:
    count = 0
    for line in lines:
        if "](" in line:
            count += sum(1 for m in _LINK.finditer(line) if _is_target(rules, m.group("target")))
    return count


def _repeated_title(lines: Sequence[str]) -> bool:
    """Whether the first line is a "# Title" heading that the page repeats (as a heading or a line)."""
    first = next((line for line in lines if line), "")
    match = _ATX_HEADING.fullmatch(first)
    if not match or len(match.group("hashes")) != 1:
        return False
    title = headline_key(match.group("text"))
    seen = 0
    for line in lines:
        heading = _ATX_HEADING.fullmatch(line)
        seen += headline_key(heading.group("text") if heading else line) == title
        if seen > 1:
            return True
    return False


def headline_key(text: str) -> str:
    """What two spellings of one headline share: case, emphasis and trailing marks aside."""
    return " ".join(text.replace("*", "").replace("_", " ").casefold().split()).rstrip(" .:")


def same_headline(text: str, title: str) -> bool:
    """Whether ``text`` repeats the headline ``title``."""
    return bool(title) and headline_key(text) == headline_key(title)


def _unmark(text: str) -> str:
    """Emphasis markers and escapes of a Markdown scrape removed: what the reader saw."""
    if "~~" in text:
        text = _STRIKE.sub(r"\g<text>", text)
    if "*" in text or "_" in text:
        text = _STRONG.sub(r"\g<text>", text)
        text = _EMPHASIS.sub(r"\g<text>", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\g<char>", text)
    return text


def _is_link_list_dump(lines: Sequence[str], rules: BoilerplateRules) -> bool:
    """Whether the seed is a text-browser dump: link markers, and the numbered list of their addresses."""
    markers = sum(len(_LINK_MARKER_ANYWHERE.findall(line)) for line in lines if "]" in line)
    return markers >= rules.limits.markdown_links and any(_NUMBERED_ADDRESS.fullmatch(line) for line in lines)


def _read_dump_links(line: str, following: str | None) -> tuple[str, str, int]:
    """A text-browser dump's line: markers removed; a line of links (a menu, a linked headline)
    gets one LINK per link in its shape. A line that starts with a link but runs on into
    the next line (wrapped prose) is prose."""
    line = _DUMP_IMAGE.sub(" ", line).strip()
    if "[" not in line:
        return line, line, 0
    bullet = _DUMP_BULLET.match(line)
    body = line[bullet.end() :] if bullet else line
    if _LINK_MARKER.match(body):
        segments = [segment.strip(_DUMP_SEPARATORS) for segment in _LINK_MARKER.split(body)[2::2]]
        runs_on = (following or "")[:1].islower()
        short = all(len(segment.split()) <= _DUMP_LABEL_WORDS for segment in segments)
        if segments and all(segments) and not runs_on and (short or len(segments) == 1):
            return " ".join(segments), " ".join(LINK for _ in segments), len(segments)
    text = " ".join(_LINK_MARKER_ANYWHERE.sub("", line).split())
    return text, text, 0


def _read_links(
    line: str, rules: BoilerplateRules, references: dict[str, str], markdown: bool
) -> tuple[str, str, int, list[str]]:
    """``line`` with scraped images dropped and links reduced to their text (in a Markdown
    scrape), and cited addresses dropped; its shape; its link count; the links' targets."""
    if "](" not in line and "://" not in line and not (references and "]" in line):
        return line, line, 0, []  # nothing to read: most lines of most seeds
    text_parts: list[str] = []
    shape_parts: list[str] = []
    links = 0
    if markdown and "](" in line:
        # Images first, so that a linked image "[![logo](a.png)](/)" leaves an empty link.
        line = _IMAGE.sub(lambda m: "" if _is_target(rules, m.group("target")) else m.group(0), line)
    position = 0
    finders: list[tuple[int, int, str, str]] = []
    targets: list[str] = []
    if markdown and "](" in line:
        finders.extend(
            (m.start(), m.end(), m.group("text"), m.group("target"))
            for m in _LINK.finditer(line)
            if _is_target(rules, m.group("target"))
        )
    if markdown and references and ("][" in line or "] [" in line):
        finders.extend(
            (m.start(), m.end(), m.group("text"), references[(m.group("ref") or m.group("text")).casefold()])
            for m in _REFERENCE_LINK.finditer(line)
            if (m.group("ref") or m.group("text")).casefold() in references
        )
    for start, end, text, target in sorted(finders):
        if start < position:
            continue
        text_parts.append(line[position:start])
        shape_parts.append(line[position:start])
        shown = "" if _is_url_text(text) else text.strip()
        text_parts.append(shown)
        shape_parts.append(LINK)
        targets.append(target)
        links += 1
        position = end
    text_parts.append(line[position:])
    shape_parts.append(line[position:])
    text = "".join(text_parts)
    shape = "".join(shape_parts)
    if "://" in text:
        text = _BRACKETED_URL.sub("", text)
        shape = _BRACKETED_URL.sub("", shape)
    return " ".join(text.split()), " ".join(shape.split()), links, targets


def _join_hard_breaks(lines: list[str | None]) -> list[str | None]:
    """Lines ending in a Markdown hard break ("\\") joined to the next: a scraper writes a
    line break inside a link's text so ("[![](thumb.jpg)\\" + newline + "Headline](/story)")."""
    joined: list[str | None] = []
    carry = ""
    for line in lines:
        if line is None:
            joined.append(None)
            continue
        if carry:
            line = f"{carry} {line}" if line else carry
            carry = ""
        if line.endswith("\\") and not line.endswith("\\\\"):
            carry = line[:-1].rstrip()
            continue
        joined.append(line)
    if carry:
        joined.append(carry)
    return joined


def _split_references(lines: Sequence[str], rules: BoilerplateRules) -> tuple[dict[str, str], list[str | None]]:
    """Reference definitions ("[1]: https://...") by reference, and the lines with each one as None."""
    references: dict[str, str] = {}
    kept_lines: list[str | None] = []
    for line in lines:
        definition = _REFERENCE_DEFINITION.fullmatch(line) if line.startswith(("[", " [")) else None
        if definition and _is_target(rules, definition.group("target")):
            references[definition.group("ref").casefold()] = definition.group("target")
            kept_lines.append(None)
        else:
            kept_lines.append(line)
    return references, kept_lines


def _markdown_heading(line: str, following: str | None, after_heading: bool) -> tuple[str, int] | None:
    """A Markdown scrape's line without its quote marker, with its heading level (0: not one).

    None for a horizontal rule or a setext heading's underline, which hold no text.
    """
    if _RULE.fullmatch(line) or (_SETEXT_UNDERLINE.fullmatch(line) and after_heading):
        return None
    quote = _QUOTE.match(line)
    if quote and quote.end() < len(line):
        line = line[quote.end() :]
    match = _ATX_HEADING.fullmatch(line)
    if match and match.group("text"):
        return match.group("text"), len(match.group("hashes"))
    if following and _SETEXT_UNDERLINE.fullmatch(following) and (following.startswith("=") or line[-1:] not in ".!?"):
        # "Title" over "===" or "---"; a sentence over "---" is a paragraph and a rule.
        return line, 1 if following.startswith("=") else 2
    return line, 0


def read_scrape(lines: Sequence[str], rules: BoilerplateRules) -> ScrapeMarkup:
    """Each of ``lines`` (normalised seed lines) as a reader of the scraped page saw it."""
    references, kept_lines = _split_references(lines, rules)
    markdown = _count_links([line for line in kept_lines if line], rules) + len(
        references
    ) >= rules.limits.markdown_links or _repeated_title(lines)
    dump = not markdown and _is_link_list_dump(lines, rules)
    if markdown:
        kept_lines = _join_hard_breaks(kept_lines)
    read: list[ScrapeLine] = []
    after_image = False
    seen_text = False
    for index, line in enumerate(kept_lines):
        if line is None:
            if markdown:
                continue  # a reference definition is never text
            line = lines[index]
        if not line:
            read.append(ScrapeLine("", ""))
            after_image = False
            continue
        if after_image and _CAPTION.fullmatch(line):
            after_image = False
            continue  # an image's caption, emphasised on the line right under it
        heading = 0
        if markdown:
            following = kept_lines[index + 1] if index + 1 < len(kept_lines) else None
            marked = _markdown_heading(line, following, bool(read and read[-1].heading))
            if marked is None:
                read.append(ScrapeLine("", ""))  # a horizontal rule or a heading's underline
                continue
            line, heading = marked
        targets: list[str] = []
        if dump:
            following = kept_lines[index + 1] if index + 1 < len(kept_lines) else None
            text, shape, links = _read_dump_links(line, following)
        else:
            text, shape, links, targets = _read_links(line, rules, references, markdown)
        if markdown:
            text, shape = _unmark(text), _unmark(shape)
            if text and not any(char.isalnum() for char in text):
                text = ""  # a separator left between page widgets ("·", "--")
        elif not seen_text:
            # A seed's first line "# Headline" is a headline saved as Markdown, in any seed.
            first = _ATX_HEADING.fullmatch(text)
            if first and len(first.group("hashes")) == 1 and first.group("text"):
                text, heading = first.group("text"), 1
        if not text and (links or line != text):
            after_image = markdown and "![" in line
            continue  # only images, or links without text (logos): nothing a reader could read
        after_image = False
        home = links == 1 and shape == LINK and _HOME.fullmatch(targets[0] if targets else "x") is not None
        read.append(ScrapeLine(text, shape, links, heading, home))
        seen_text = True
    return ScrapeMarkup(markdown, tuple(read), dump)
