"""Seed bytes -> Document: decode, normalise, and separate the article from the page around it.

Reading
    UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM, else Windows-1252
    with a warning; but text that is mostly UTF-8 with a few stray bytes is
    read as UTF-8, each stray byte as Windows-1252, with a warning. Known
    binary signatures, NUL bytes or many control characters mean "binary
    file". Line endings and Unicode (NFC) are normalised; control characters,
    noncharacters and invisible format characters are removed; tabs and odd
    spaces become plain spaces, runs of spaces one space. Typographic quotes stay as they are.

Page scrapes (scrape_markup.py; which targets and line shapes count is data)
    A seed with at least ``markdown_links`` links or images to web addresses
    ("[text](https://...)", "![logo](/logo.png)") is a Markdown-style page
    scrape: links become their text (their targets are dropped, and a link
    whose text is an address leaves nothing), images and the emphasised
    caption under one are dropped, "# Heading" and setext headings lose their
    marks, emphasis markers, block-quote marks, escapes and horizontal rules
    go. A text-browser dump (link markers "[12]News" and the numbered list of
    addresses it ends with) loses its markers. In any other seed all of this
    is left as written. Addresses in brackets ("(https://...)") are dropped in
    every seed. A line whose shape (each link written as one mark) matches
    the ``link_lines`` rules is navigation: a menu, a share row, a breadcrumb,
    a byline whose author is a link; it is dropped like boilerplate, unless it
    is a one-link headline under a related-list heading (Document.related) or
    a dateline near the top.

Structure (the rules quoted here are data, in rules/boilerplate.yml)
    1. The headline is the first line that is not boilerplate, page script,
       navigation or a dateline; in a Markdown scrape, the "# Title" heading
       that the page repeats, else the last level-1 heading above the first
       paragraph (the site's name may be one before it), and a dateline above
       it still counts. An "Updated:" prefix is removed and sets
       Document.updated. The headline repeated below it (as a heading, a
       line, or the end of a breadcrumb) is dropped; a page title "Headline |
       Site" gives way to the headline when that follows on its own near the
       top.
    2. Every other line is looked at alone (blank lines separate blocks, and a
       block's lines are joined into one paragraph afterwards): a line that
       starts like page script or style ("var x =", ".ad{display:none}") is
       removed, however long; end headings ("Leave a Reply") drop the rest of
       the seed once some article text has been read; related-list headings
       ("Popular Posts", "Further readings:", "Also read: A headline") send the
       headline-like lines that follow to Document.related until a line of
       prose resumes the article; dropped-list headings ("Sponsored", "Tags:")
       remove the headline-like lines and short label lists that follow, in
       the same way; drop-line and caption patterns remove the line, and so
       does a row made only of buttons ("Facebook | Twitter", "Facebook
       Twitter Email"); one of the first ``dateline_lines`` lines that reads
       as a dateline (dates.py) gives the date and is removed. A lower-case
       line that carries on an unfinished line of the same block is wrapped
       prose and is kept, whatever word it starts with ("print", "share").
    3. A paragraph split in two by a removed line ("Advertisement") is joined
       again when its first part does not end a sentence and its second part
       starts in lower case.
    4. Each remaining piece becomes a block:
       - text starting "Update:" (update_paragraph rules) is an update note; a
         line that is only the label joins the paragraph after it;
       - a Markdown heading ("## Section") is a subheading, whatever its
         length, when prose follows it; with none after it, it headed a
         sidebar or footer box ("## Categories") and is dropped;
       - prose (anything not title-like) is a paragraph;
       - a *title-like* piece (at most ``short_line_words`` words and
         ``short_line_chars`` characters, starting with a capital or a digit,
         not ending like a sentence or a lead-in: . , ; : ...) is, in order:
         a list item, kept as a paragraph, when it follows a lead-in ending
         with ":"; a caption or label, dropped, when it is a single word
         ("Neteligent", "Piracy"); a caption, dropped, when it stands next to
         another title-like piece after the article has begun (an image's alt
         text, caption and credit come in runs, a subheading stands alone); a
         subheading when it stands alone between two pieces of prose; else
         (before the first or after the last prose) a paragraph, so that a
         standfirst or a sign-off is not lost.
       Captions that are noun phrases standing alone between paragraphs
       ("Netelligent servers" without its companion line) cannot be told from
       subheadings this way and become subheadings.
    5. A section label glued to the first paragraph ("Piracy With ACTA
       negotiators...") is removed by the category_labels rules.

Every pattern is tried only on lines of at most ``pattern_line_chars``
characters (page-script patterns only on a line's first ``pattern_line_chars``
characters), so ingestion time grows linearly with the size of the seed.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .boilerplate import BoilerplateRules, RuleGroup, load_rules
from .dates import LABEL_CHARS, LABEL_WORDS, Dateline, parse_dateline, resolve_date, split_leading_dateline
from .models import Block, Document, SourceInfo
from .scrape_markup import ScrapeMarkup, headline_key, read_scrape, same_headline


class SeedError(ValueError):
    """A seed that cannot become an article; the message says why, in a few lower-case words."""


_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)
# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

# Decoding with "surrogateescape" turns each byte that is not part of valid UTF-8
# into the lone surrogate U+DC00 + byte; this reads such a byte as Windows-1252
# instead. The five bytes Windows-1252 leaves undefined become C1 controls, which
# _normalise removes (and counts) like any other control character.
_STRAY_BYTES = re.compile("[\udc80-\udcff]")
_STRAY_AS_CP1252 = MappingProxyType(
    {0xDC00 + byte: bytes([byte]).decode("cp1252", "ignore") or chr(byte) for byte in range(0x80, 0x100)}
)
# Text is taken as UTF-8 with stray bytes when it holds at least one valid
# multi-byte character for every this many stray bytes. Genuine Windows-1252
# text rarely forms a valid UTF-8 pair (it needs two adjacent non-ASCII
# characters such as "É’"), while a damaged UTF-8 file has many valid characters
# and few strays; and the per-byte fallback reads a Windows-1252 file taken for
# UTF-8 almost as well as a whole-file fallback would.
_STRAYS_PER_CHARACTER = 2

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)
)
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028]")
# Control characters (C0 but tab and newline, DEL, C1) and noncharacters: never text.
_CONTROLS = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x9f{_NONCHARACTERS}]")
# Invisible format characters: soft hyphen, zero-width space, word joiner, stray
# BOMs, and bidirectional overrides that could make shown text differ from read text.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
_ODD_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUNS = re.compile(" {2,}")
# More than one control character in this many characters means a binary file
# (random bytes hold about one in ten; a damaged text file, a few strays).
_CONTROL_DENSITY = 20
_CONTROL_ALLOWANCE = 3

# What separates the items of a row of links or labels.
_ROW_SEPARATOR = re.compile(r" ?(?:\||•|·) ?")
# What separates a list heading from the one item on its line: "Also read: A headline",
# "ALSO READ | A headline", "See also - A headline".
_HEADING_SEPARATOR = re.compile(r" ?: ?| (?:\||-|–|—|»|›) ")
# What separates the labels of a tag list: "piracy, copyright; Canada".
_LABEL_SEPARATOR = re.compile(r" ?[,;|•·/] ?")
_BULLET = re.compile(r"(?:[-–—•·*>»›▪■●◦]|\d{1,2}[.)])\s")
# Closing quotes and brackets, looked through to find how a text really ends.
_CLOSERS = "\"'”’»)]"


@dataclass(frozen=True)
class _Piece:
    """Body text between blank lines, before it is classified; ``after_boilerplate``
    when a removed line stood between it and the piece before."""

    text: str
    after_boilerplate: bool = False
    heading: bool = False


def _decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    for signature, label in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise SeedError(f"binary file ({label})")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), ()
            except UnicodeDecodeError:
                raise SeedError(f"undecodable text: not valid {label} despite its byte order mark") from None
    if b"\x00" in data:
        raise SeedError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    repaired = _utf8_with_strays(data)
    if repaired is not None:
        return repaired
    try:
        return data.decode("cp1252"), ("not valid UTF-8; read as Windows-1252",)
    except UnicodeDecodeError:
        raise SeedError("undecodable text: neither UTF-8 nor Windows-1252") from None


def _utf8_with_strays(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """Mostly-UTF-8 ``data`` with its stray bytes read as Windows-1252; None when it is not mostly UTF-8.

    A whole-file Windows-1252 reading would turn every accented letter of a UTF-8
    file with one damaged byte into mojibake ("CafÃ©").
    """
    text = data.decode("utf-8", "surrogateescape")
    strays = len(_STRAY_BYTES.findall(text))
    characters = len(text) - len(text.encode("ascii", "ignore")) - strays
    if not characters or strays > characters * _STRAYS_PER_CHARACTER:
        return None
    warning = f"read as UTF-8 but {strays} byte(s) not valid UTF-8, read as Windows-1252"
    return text.translate(_STRAY_AS_CP1252), (warning,)


def _normalise(text: str) -> tuple[list[str], tuple[str, ...]]:
    """The text's lines, cleaned; and a warning when control characters were removed."""
    text = _LINE_BREAKS.sub("\n", text).replace("\u2029", "\n\n")
    text, controls = _CONTROLS.subn("", text)
    if controls > _CONTROL_ALLOWANCE and controls * _CONTROL_DENSITY > len(text) + controls:
        raise SeedError("binary file (many control characters)")
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", _ODD_SPACES.sub(" ", text))
    lines = [line.strip(" ") for line in _SPACE_RUNS.sub(" ", text).split("\n")]
    warnings = (f"removed {controls} control character(s)",) if controls else ()
    return lines, warnings


def _blocks(lines: Iterable[str]) -> list[list[str]]:
    """Lines grouped into blocks at blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _last_char(text: str) -> str:
    return (text.rstrip(_CLOSERS) or text)[-1:]


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence or announces what follows (so nothing continues it)."""
    return _last_char(text) in ".!?…:;"


def _strip_bullet(line: str) -> str:
    match = _BULLET.match(line)
    return line[match.end() :] if match else line


def _starts_capitalised(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


class _Reader:
    """The state of reading one seed's lines; used once, by ``ingest``."""

    def __init__(
        self,
        rules: BoilerplateRules,
        link_lines: Mapping[str, int] = MappingProxyType({}),
        headings: frozenset[str] = frozenset(),
    ) -> None:
        self.rules = rules
        # Texts of the lines that scrape markup showed to be navigation (menus, share rows,
        # breadcrumbs: rules' link_lines) with their number of links, and of Markdown
        # headings ("## Section").
        self.link_lines = link_lines
        self.headings = headings
        self.title = ""
        self.limits = rules.limits
        self.pieces: list[_Piece] = []
        self.related: list[str] = []
        self.warnings: list[str] = []
        self.dateline_date: dt.date | None = None
        self.dateline_budget = self.limits.dateline_lines
        # After a list heading, where its items go: to Document.related ("related", after
        # "Popular Posts") or nowhere ("drop", after "Sponsored" or "Tags:"); and how far the
        # list runs: not at all (None), to the end of the block ("block", after "Related: A
        # headline"), or until a line of prose resumes the article ("list").
        self.list_target = "related"
        self.list_scope: str | None = None
        self.ended = False
        self.gap = False

    # -- single lines --------------------------------------------------------

    def _is_row_item(self, text: str) -> bool:
        return self.rules.drop_lines.fullmatch(text) or self.rules.row_items.fullmatch(text)

    def _is_boilerplate(self, line: str) -> bool:
        rules = self.rules
        if (
            self._is_row_item(line)
            or rules.captions.fullmatch(line)
            or rules.dropped_list_headings.fullmatch(line)
        ):
            return True
        # A row of buttons or links: "Tweet | Facebook | E-Mail", "Partilhar: Facebook · Email".
        parts = _ROW_SEPARATOR.split(line)
        if len(parts) > 1:
            return all(self._is_row_item(part) for part in parts if part)
        # The same row without separators: "Facebook Twitter WhatsApp". Each word a capitalised
        # button, so that a wrapped line of prose ("like email") is never one.
        words = line.split(" ")
        return len(words) > 1 and all(
            not word[:1].islower() and rules.row_items.fullmatch(word) for word in words
        )

    def _is_script(self, line: str) -> bool:
        """A line of page script or style ("var x = 1;", ".ad{display:none}"), however long:
        only its start is looked at, so a long minified line costs no more than a short one."""
        return self.rules.script_lines.prefix(line[: self.limits.pattern_line_chars]) is not None

    def _is_meta_line(self, line: str) -> bool:
        """A line of short labels near the top: "By Jane Doe | Amsterdam", "Technology | Ireland"."""
        if self.dateline_budget <= 0:
            return False
        parts = _ROW_SEPARATOR.split(line)
        return len(parts) > 1 and all(
            self._is_row_item(part) or (len(part.split()) <= LABEL_WORDS and not _ends_sentence(part))
            for part in parts
        )

    def _list_heading(self, line: str, headings: RuleGroup) -> str | None:
        """None when ``line`` is none of ``headings``, else the item on its line ("" for none):
        "Popular Posts" gives "", "Also read: A headline" gives "A headline"."""
        if headings.fullmatch(line.rstrip(" :")):
            return ""
        separator = _HEADING_SEPARATOR.search(line)
        if separator is None or not _starts_capitalised(line):
            return None
        item = line[separator.end() :].strip()
        if item and headings.fullmatch(line[: separator.start()].strip()):
            return item
        return None

    def _label_list(self, line: str) -> bool:
        """Whether ``line`` is a list of short labels, as tags are: "piracy, file sharing, Canada"."""
        if len(line) > self.limits.related_item_chars or _ends_sentence(line):
            return False
        return all(
            part and len(part) <= LABEL_CHARS and len(part.split()) <= LABEL_WORDS
            for part in _LABEL_SEPARATOR.split(line)
        )

    def _headline_like(self, line: str) -> bool:
        """Whether ``line`` can be another article's headline in a related list."""
        if len(line) > self.limits.related_item_chars or len(line.split()) > self.limits.related_item_words:
            return False
        if "://" in line:
            return False
        body = _strip_bullet(line).lstrip(_CLOSERS + "“‘")
        return (
            bool(body)
            and not body[:1].islower()
            and not (line.endswith((".", ",", ";", ":")) and not line.endswith("..."))
        )

    def _is_top_furniture(self, line: str) -> bool:
        """Whether ``line``, above a scrape's headline, is boilerplate or a dateline (nothing is taken)."""
        if len(line) > self.limits.pattern_line_chars:
            return False
        return self._is_boilerplate(line) or (
            len(line) <= self.limits.dateline_chars
            and parse_dateline(line, self.rules.dateline_parts.regex, self.limits.dateline_chars) is not None
        )

    def _try_dateline(self, line: str) -> bool:
        """Take ``line`` as a dateline when it is one near the top; True when taken."""
        if self.dateline_budget <= 0 or len(line) > self.limits.dateline_chars:
            return False
        dateline = parse_dateline(line, self.rules.dateline_parts.regex, self.limits.dateline_chars)
        if dateline is None:
            return False
        self.take_dateline(dateline)
        return True

    def take_dateline(self, dateline: Dateline) -> None:
        """The first dateline with a date dates the article; one without says why in a warning."""
        if dateline.date is None:
            self.warnings.append(f"{dateline.problem} date in dateline: {dateline.written!r}")
        elif self.dateline_date is None:
            self.dateline_date = dateline.date

    def headline(self, blocks: list[list[str]]) -> tuple[str, bool, list[list[str]]]:
        """The headline, whether it was marked updated, and the blocks after it."""
        updated = False
        for index, block in enumerate(blocks):
            for position, line in enumerate(block):
                # Not meta lines here: a headline may well be "Police Raid Tracker | Site Name".
                # Above the headline, an end heading ("Leave a reply", "Comments") is a link.
                if self._is_script(line) or (
                    len(line) <= self.limits.pattern_line_chars
                    and (
                        self._is_boilerplate(line)
                        or self.rules.end_headings.fullmatch(line)
                        or self._try_dateline(line)
                    )
                ):
                    continue
                # A menu or a linked site name above the headline; a heading that is a
                # link ("# [Title](/2024/12/title)") is still the headline.
                if line in self.link_lines and line not in self.headings:
                    continue
                title = line
                while match := self.rules.updated_headline.prefix(title):
                    if not match.end():
                        break
                    title = title[match.end() :].strip()
                    updated = True
                if title:
                    self.title = title
                    rest = block[position + 1 :]
                    return title, updated, ([rest] if rest else []) + blocks[index + 1 :]
        raise SeedError("no article text after removing boilerplate")

    # -- the body --------------------------------------------------------------

    def _flush(self, kept: list[str]) -> None:
        if kept:
            self.pieces.append(_Piece(" ".join(kept), after_boilerplate=self.gap))
            self.gap = False
            kept.clear()

    def _start_list(self, target: str, item: str, kept: list[str]) -> None:
        if target == "drop":
            # Like a dropped line: prose on either side may be one paragraph split by the block.
            # "Tags: a, b" holds its whole list; only a bare heading has items on the next lines.
            self.gap = True
            if not item:
                self.list_target, self.list_scope = target, "list"
            return
        self._flush(kept)
        self.list_target = target
        self.list_scope = "block" if item else "list"
        if item:
            self.related.append(item)

    def _list_item(self, line: str) -> bool:
        """Take ``line`` as an item of the open list when it is one; True when taken."""
        if self.list_target == "related":
            if not self._headline_like(line):
                return False
            self.related.append(_strip_bullet(line))
            return True
        if not (self._headline_like(line) or self._label_list(line)):
            return False
        self.gap = True
        return True

    def _read_line(self, line: str, kept: list[str]) -> None:
        if self._is_script(line):
            self.gap = True
            return
        # A lower-case line after an unfinished one in the same block carries on its sentence
        # (hard-wrapped prose): never furniture, whatever word it starts with ("print", "share").
        continues = bool(kept) and line[:1].islower() and not _ends_sentence(kept[-1])
        if not continues and self._furniture(line, kept):
            return
        self.dateline_budget -= 1
        if self.list_scope is not None:
            if not continues and self._list_item(line):
                return
            self.list_scope = None
        if line in self.headings:
            # A Markdown heading is a piece of its own, whatever its length.
            self._flush(kept)
            self.pieces.append(_Piece(line, after_boilerplate=self.gap, heading=True))
            self.gap = False
            return
        kept.append(line)

    def _furniture(self, line: str, kept: list[str]) -> bool:
        """Deal with ``line`` when it is page furniture or a list heading; True when it was."""
        if len(line) > self.limits.pattern_line_chars:
            return False
        if self.rules.end_headings.fullmatch(line):
            if self.pieces or kept:
                self.ended = True
            self.gap = True
            return True
        item = self._list_heading(line, self.rules.related_headings)
        if item is not None and (not item or self._headline_like(item)):
            self._start_list("related", item, kept)
            return True
        item = self._list_heading(line, self.rules.dropped_list_headings)
        if item is not None:
            self._start_list("drop", item, kept)
            return True
        if self._is_boilerplate(line) or self._try_dateline(line) or self._is_meta_line(line):
            self.gap = True
            return True
        if line in self.link_lines:
            if (
                self.list_scope is not None
                and self.list_target == "related"
                and self.link_lines[line] == 1
                and len(_strip_bullet(line).split()) >= self.limits.related_link_words
                and self._headline_like(line)
            ):
                # A linked headline of a related list; a row of links, or a link of a word or
                # three ("Privacy", "Terms of use"), is a menu.
                return False
            self.gap = True
            return True
        if self._repeats_headline(line, self.title):
            # The page repeating its headline ("# Title" above and below the menu, or as
            # the last step of a breadcrumb): never the summary or a paragraph.
            self.gap = True
            return True
        if self.dateline_budget > 0 and any(
            self._repeats_headline(line, part) for part in _title_parts(self.title)
        ):
            # The page's <title> ("Police seize servers | The Fjord Post") came first and the
            # article's own headline follows it near the top: the headline is the article's.
            self.title = line
            self.gap = True
            return True
        return False

    @staticmethod
    def _repeats_headline(line: str, title: str) -> bool:
        # Lengths first: only a line about as long as the headline can repeat it, and this is
        # asked of every line.
        return len(title) <= len(line) + 2 <= 2 * len(title) + 12 and same_headline(line, title)

    def body(self, blocks: list[list[str]]) -> None:
        for block in blocks:
            kept: list[str] = []
            for line in block:
                self._read_line(line, kept)
                if self.ended:
                    self._flush(kept)
                    return
            self._flush(kept)
            if self.list_scope == "block":
                self.list_scope = None

    # -- pieces into blocks ----------------------------------------------------

    def _title_like(self, text: str) -> bool:
        return (
            len(text) <= self.limits.short_line_chars
            and len(text.split()) <= self.limits.short_line_words
            and _starts_capitalised(text)
            # A question or exclamation can be a heading; a sentence, a lead-in or a teaser is not.
            and _last_char(text) not in ".,;:…"
        )

    def _rejoined(self) -> list[_Piece]:
        """The pieces, with paragraphs that a removed line had split joined again."""
        pieces: list[_Piece] = []
        for piece in self.pieces:
            if (
                piece.after_boilerplate
                and pieces
                and not pieces[-1].heading
                and not piece.heading
                and not _ends_sentence(pieces[-1].text)
                and piece.text[:1].islower()
            ):
                pieces[-1] = _Piece(f"{pieces[-1].text} {piece.text}")
            else:
                pieces.append(piece)
        return pieces

    def blocks(self) -> list[Block]:
        pieces = self._rejoined()
        texts = [piece.text for piece in pieces]
        headings = [piece.heading for piece in pieces]
        titles = [self._title_like(text) and not heading for text, heading in zip(texts, headings)]
        prose = [index for index, title in enumerate(titles) if not title]
        first_prose = prose[0] if prose else len(texts)
        # The last prose piece before each piece (-1 if none), in one pass: walking back from
        # every title-like piece made a seed of many short pieces take quadratic time.
        prose_before: list[int] = []
        last_prose = -1
        for index, title in enumerate(titles):
            prose_before.append(last_prose)
            if not title:
                last_prose = index
        # Whether any prose follows each piece, in one backward pass (asked of every heading).
        prose_after = [False] * len(texts)
        for index in range(len(texts) - 2, -1, -1):
            following = index + 1
            prose_after[index] = prose_after[following] or not (titles[following] or headings[following])
        blocks: list[Block] = []
        skip_next = False
        for index, text in enumerate(texts):
            if skip_next:
                skip_next = False
                continue
            update = self.rules.update_paragraph.prefix(text)
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
                kind = self._title_kind(index, texts, titles, first_prose, prose_before[index])
                if kind is not None:
                    blocks.append(Block(kind, text))
        return blocks

    def _title_kind(
        self, index: int, texts: list[str], titles: list[bool], first_prose: int, before: int
    ) -> str | None:
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


def _strip_category_label(blocks: list[Block], rules: BoilerplateRules) -> list[Block]:
    if not blocks or blocks[0].kind != "paragraph":
        return blocks
    match = rules.category_labels.prefix(blocks[0].text)
    rest = blocks[0].text[match.end() :].strip() if match else ""
    if not rest:
        return blocks
    return [Block("paragraph", rest), *blocks[1:]]


def _leading_dateline(blocks: list[Block], reader: _Reader) -> list[Block]:
    """A dateline glued to the start of the first paragraph ("LONDON, 6 March 2012 - ...")."""
    if not blocks or blocks[0].kind != "paragraph":
        return blocks
    found = split_leading_dateline(
        blocks[0].text, reader.rules.dateline_parts.regex, reader.limits.dateline_chars
    )
    if found is None:
        return blocks
    dateline, rest = found
    reader.take_dateline(dateline)
    return [Block("paragraph", rest), *blocks[1:]]


_TITLE_SEPARATOR = re.compile(r" (?:\||-|–|—|::|·|•) ")


def _title_parts(title: str) -> list[str]:
    """The headline part of a page title that joins it with the site's name ("Headline | Site"):
    the longest part, of at least three words, so that "Sweden - the new pirate haven" never
    gives way to a line "Sweden"."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return []
    longest = max(parts, key=len)
    return [longest] if len(longest.split()) >= 3 else []


def _scrape_sets(scrape: ScrapeMarkup, rules: BoilerplateRules) -> tuple[Mapping[str, int], frozenset[str]]:
    """The texts of the seed's link lines (navigation, by the link_lines rules) with their
    number of links, and the texts of its headings."""
    limit = rules.limits.pattern_line_chars
    link_lines: dict[str, int] = {}
    for line in scrape.lines:
        if line.links and len(line.shape) <= limit and rules.link_lines.fullmatch(line.shape):
            link_lines[line.text] = max(link_lines.get(line.text, 0), line.links)
    headings = frozenset(line.text for line in scrape.lines if line.heading)
    return MappingProxyType(link_lines), headings


def _from_headline(scrape: ScrapeMarkup, reader: _Reader) -> list[str]:
    """The seed's lines, from the headline on when a Markdown scrape shows which line it is.

    A page scrape's headline is its "# Title" heading: the one the page repeats, else
    the last level-1 heading before the first paragraph of prose (a site's name may be
    a level-1 heading above it). The lines above it are menus, logos and breadcrumbs;
    a dateline among them still dates the article.
    """
    lines = [line.text for line in scrape.lines]
    if not scrape.markdown:
        return lines
    candidates: list[int] = []
    for index, line in enumerate(scrape.lines):
        if line.heading and not line.home_link:
            candidates.append(index)
        elif (
            line.text
            and not line.heading
            and line.text not in reader.link_lines
            and not reader._title_like(line.text)
            and not reader._is_top_furniture(line.text)
        ):
            break  # the first paragraph of prose
    if not candidates:
        return lines
    # The top level among them: "# Title" over "## Section"; a site's name that links to its
    # home page is no candidate, so a page whose title is a "##" heading under it still has one.
    top = min(scrape.lines[index].heading for index in candidates)
    candidates = [index for index in candidates if scrape.lines[index].heading == top]
    counts = Counter(headline_key(line.text) for line in scrape.lines if line.text)
    repeated = [index for index in candidates if counts[headline_key(lines[index])] > 1]
    chosen = repeated[0] if repeated else candidates[-1]
    for line in lines[:chosen]:
        if line and len(line) <= reader.limits.dateline_chars:
            reader._try_dateline(line)
    return lines[chosen:]


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def ingest(
    name: str, data: bytes, source: SourceInfo | None = None, rules: BoilerplateRules | None = None
) -> Document:
    """Read one seed (file ``name``, raw ``data``); raise SeedError when it holds no article."""
    if not data.strip():
        raise SeedError("empty file")
    rules = rules if rules is not None else load_rules()
    source = source or SourceInfo()
    text, decode_warnings = _decode(data)
    lines, clean_warnings = _normalise(text)
    scrape = read_scrape(lines, rules)
    reader = _Reader(rules, *_scrape_sets(scrape, rules))
    lines = _from_headline(scrape, reader)
    blocks = _blocks(lines)
    if not blocks:
        raise SeedError("empty file")
    title, updated, rest = reader.headline(blocks)
    if scrape.markdown or scrape.link_list:
        label = rules.headline_labels.prefix(title)
        if label and title[label.end() :].strip():
            title = reader.title = title[label.end() :].strip()
    reader.body(rest)
    title = reader.title or title
    body = reader.blocks()
    if reader.dateline_date is None:
        body = _leading_dateline(body, reader)
    body = _strip_category_label(body, rules)
    if not body:
        raise SeedError("no article text after removing boilerplate")
    date, date_source = resolve_date(source.published, reader.dateline_date)
    warnings = [*decode_warnings, *clean_warnings, *reader.warnings]
    if date_source == "sources" and reader.dateline_date not in (None, date):
        warnings.append(
            f"the dateline says {reader.dateline_date}, sources.yml says {date}; using sources.yml"
        )
    return Document(
        seed=name,
        seed_hash="sha256:" + hashlib.sha256(data).hexdigest(),
        title=title,
        blocks=tuple(body),
        date=date,
        date_source=date_source,
        source_url=source.url,
        updated=updated,
        related=_unique(reader.related),
        warnings=tuple(warnings),
    )
