"""The lines after the headline -> pieces of body text, related headlines, and the final headline.

Every line is looked at alone (blank lines separate blocks, and a block's lines
are joined into one piece afterwards; the rules quoted here are data, in
rules/boilerplate.yml):

- a line that starts like page script or style ("var x =", ".ad{display:none}")
  is removed, however long;
- end headings ("Leave a Reply") drop the rest of the seed once some article
  text has been read;
- related-list headings ("Popular Posts", "Further readings:", "Also read: A
  headline") send the headline-like lines that follow to Document.related until
  a line of prose resumes the article; dropped-list headings ("Tags:") and
  sponsor headings ("Sponsored", "Sponsors", "Partner content") remove the
  headline-like lines and short label lists that follow, in the same way, and an
  ad marker ("ADVERTISEMENT") those of its own block;
- drop-line and caption patterns remove the line, and so does a row made only of
  buttons ("Facebook | Twitter", "Facebook Twitter Email"); one of the first
  ``dateline_lines`` lines that reads as a dateline (dates.py) gives the date and
  is removed, and so does a line of short labels there ("By Jane Doe | Amsterdam");
- a line whose shape matches the ``link_lines`` rules (scrape_markup.py) is
  navigation and is removed, unless it is a linked headline of a related list;
- the headline repeated is removed; a page title "Headline | Site" above gives
  way to the headline when that follows near the top;
- a Markdown heading ("## Section") is a piece of its own, whatever its length.

A lower-case line that carries on an unfinished line of the same block is
wrapped prose and is kept, whatever word it starts with ("print", "share").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .boilerplate import BoilerplateRules
from .dates import DatelineWatch
from .furniture import headline_like, is_boilerplate, is_meta_line, is_script, label_list, list_heading
from .headline import repeats_headline, title_parts
from .lines import ends_sentence, strip_bullet


@dataclass(frozen=True)
class Piece:
    """Body text between blank lines, before it is classified; ``after_boilerplate``
    when a removed line stood between it and the piece before."""

    text: str
    after_boilerplate: bool = False
    heading: bool = False


@dataclass(frozen=True)
class Body:
    """What the body reader found: the pieces in order, related headlines, and the headline
    (the page's own, when a page title "Headline | Site" gave way to it)."""

    pieces: tuple[Piece, ...]
    related: tuple[str, ...]
    title: str


def read_body(
    blocks: list[list[str]],
    title: str,
    rules: BoilerplateRules,
    navigation: Mapping[str, int],
    headings: frozenset[str],
    datelines: DatelineWatch,
) -> Body:
    """Read the ``blocks`` after headline ``title``; ``navigation`` maps the texts of link lines
    that are navigation to their number of links, ``headings`` holds the Markdown headings."""
    reader = _BodyReader(title, rules, navigation, headings, datelines)
    reader.read(blocks)
    return Body(tuple(reader.pieces), tuple(reader.related), reader.title)


class _BodyReader:
    """The state of reading one seed's body; used once, by ``read_body``."""

    def __init__(
        self,
        title: str,
        rules: BoilerplateRules,
        navigation: Mapping[str, int],
        headings: frozenset[str],
        datelines: DatelineWatch,
    ) -> None:
        self.title = title
        self.rules = rules
        self.limits = rules.limits
        self.navigation = navigation
        self.headings = headings
        self.datelines = datelines
        self.pieces: list[Piece] = []
        self.related: list[str] = []
        # After a list heading, where its items go: to Document.related ("related", after
        # "Popular Posts") or nowhere ("drop", after "Sponsored" or "Tags:"); and how far the
        # list runs: not at all (None), to the end of the block ("block", after "Related: A
        # headline"), or until a line of prose resumes the article ("list").
        self.list_target = "related"
        self.list_scope: str | None = None
        self.ended = False
        self.gap = False

    def read(self, blocks: list[list[str]]) -> None:
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

    def _flush(self, kept: list[str]) -> None:
        if kept:
            self.pieces.append(Piece(" ".join(kept), after_boilerplate=self.gap))
            self.gap = False
            kept.clear()

    def _start_list(self, target: str, item: str, kept: list[str], scope: str = "list") -> None:
        if target == "drop":
            # Like a dropped line: prose on either side may be one paragraph split by the block.
            # "Tags: a, b" holds its whole list; only a bare heading has items on the next lines.
            self.gap = True
            if not item:
                self.list_target, self.list_scope = target, scope
            return
        self._flush(kept)
        self.list_target = target
        self.list_scope = "block" if item else "list"
        if item:
            self.related.append(item)

    def _list_item(self, line: str) -> bool:
        """Take ``line`` as an item of the open list when it is one; True when taken."""
        if self.list_target == "related":
            if not headline_like(line, self.limits):
                return False
            self.related.append(strip_bullet(line))
            return True
        if not (headline_like(line, self.limits) or label_list(line, self.limits)):
            return False
        self.gap = True
        return True

    def _read_line(self, line: str, kept: list[str]) -> None:
        if is_script(line, self.rules):
            self.gap = True
            return
        # A lower-case line after an unfinished one in the same block carries on its sentence
        # (hard-wrapped prose): never furniture, whatever word it starts with ("print", "share").
        continues = bool(kept) and line[:1].islower() and not ends_sentence(kept[-1])
        if not continues and self._furniture(line, kept):
            return
        self.datelines.budget -= 1
        if self.list_scope is not None:
            if not continues and self._list_item(line):
                return
            self.list_scope = None
        if line in self.headings:
            # A Markdown heading is a piece of its own, whatever its length.
            self._flush(kept)
            self.pieces.append(Piece(line, after_boilerplate=self.gap, heading=True))
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
        item = list_heading(line, self.rules.related_headings)
        if item is not None and (not item or headline_like(item, self.limits)):
            self._start_list("related", item, kept)
            return True
        item = list_heading(line, self.rules.dropped_list_headings)
        if item is not None:
            self._start_list("drop", item, kept)
            return True
        if self._sponsor_heading(line, kept):
            return True
        if (
            is_boilerplate(line, self.rules)
            or self.datelines.try_line(line)
            or (self.datelines.budget > 0 and is_meta_line(line, self.rules))
        ):
            self.gap = True
            return True
        if line in self.navigation:
            if self._related_link(line):
                return False
            self.gap = True
            return True
        return self._repeats_title(line)

    def _sponsor_heading(self, line: str, kept: list[str]) -> bool:
        """Start dropping a sponsor block or an ad's lines when ``line`` heads one; True when it
        did. "Sponsored: Acme VPN" on one line is dropped; "Sponsors: the bill's backers
        said ..." is prose and stays."""
        for group, scope in ((self.rules.sponsor_headings, "list"), (self.rules.ad_markers, "block")):
            item = list_heading(line, group)
            if item is None:
                continue
            if item and not (headline_like(item, self.limits) or label_list(item, self.limits)):
                continue
            # An ad marker's own lines are the ad; after a blank line the article's own
            # subheading may follow, so its list ends with the block.
            self._start_list("drop", item, kept, scope=scope)
            return True
        return False

    def _related_link(self, line: str) -> bool:
        """Whether navigation ``line`` is a linked headline of an open related list; a row of
        links, or a link of a word or three ("Privacy", "Terms of use"), is a menu."""
        return (
            self.list_scope is not None
            and self.list_target == "related"
            and self.navigation[line] == 1
            and len(strip_bullet(line).split()) >= self.limits.related_link_words
            and headline_like(line, self.limits)
        )

    def _repeats_title(self, line: str) -> bool:
        """Drop ``line`` when it repeats the headline; True when it did."""
        if repeats_headline(line, self.title):
            # The page repeating its headline ("# Title" above and below the menu, or as
            # the last step of a breadcrumb): never the summary or a paragraph.
            self.gap = True
            return True
        near_top = self.datelines.budget > 0
        if near_top and any(repeats_headline(line, part) for part in title_parts(self.title)):
            # The page's <title> ("Police seize servers | The Fjord Post") came first and the
            # article's own headline follows it near the top: the headline is the article's.
            self.title = line
            self.gap = True
            return True
        return False
