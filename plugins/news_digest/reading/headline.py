"""Which line of a seed is its headline, and which later lines only repeat it.

The headline is the first line that is not boilerplate, page script, navigation
or a dateline; in a Markdown scrape, the "# Title" heading that the page repeats,
else the last level-1 heading above the first paragraph (the site's name may be
one before it), and a dateline above it still counts. An "Updated:" prefix is
removed and marks the article updated; in a scrape, a reader tool's "Title:"
label is removed. The headline repeated below it (as a heading, a line, or the
end of a breadcrumb) is dropped by the body reader (``repeats_headline``); a page
title "Headline | Site" gives way to the headline when that follows on its own
near the top (``title_parts``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from .boilerplate import BoilerplateRules
from .dates import DatelineWatch
from .errors import SeedError
from .furniture import is_boilerplate, is_script, is_top_furniture
from .lines import title_like
from .scrape_markup import ScrapeMarkup, headline_key, same_headline

_TITLE_SEPARATOR = re.compile(r" (?:\||-|–|—|::|·|•) ")


def from_headline(
    scrape: ScrapeMarkup, rules: BoilerplateRules, navigation: Mapping[str, int], datelines: DatelineWatch
) -> list[str]:
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
            and line.text not in navigation
            and not title_like(line.text, rules.limits)
            and not is_top_furniture(line.text, rules)
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
    for text in lines[:chosen]:
        if text and len(text) <= rules.limits.dateline_chars:
            datelines.try_line(text)
    return lines[chosen:]


def find_headline(
    blocks: list[list[str]],
    rules: BoilerplateRules,
    navigation: Mapping[str, int],
    headings: frozenset[str],
    datelines: DatelineWatch,
) -> tuple[str, bool, list[list[str]]]:
    """The headline, whether it was marked updated, and the blocks after it."""
    limit = rules.limits.pattern_line_chars
    # A line that is only "Updated:" marks the headline after it updated.
    updated = False
    for index, block in enumerate(blocks):
        for position, line in enumerate(block):
            # Not meta lines here: a headline may well be "Police Raid Tracker | Site Name".
            # Above the headline, an end heading ("Leave a reply", "Comments") is a link.
            if is_script(line, rules) or (
                len(line) <= limit
                and (
                    is_boilerplate(line, rules)
                    or rules.end_headings.fullmatch(line)
                    or datelines.try_line(line)
                )
            ):
                continue
            # A menu or a linked site name above the headline; a heading that is a
            # link ("# [Title](/2024/12/title)") is still the headline.
            if line in navigation and line not in headings:
                continue
            title, marked = _without_updated(line, rules)
            updated = updated or marked
            if title:
                rest = block[position + 1 :]
                return title, updated, ([rest] if rest else []) + blocks[index + 1 :]
    raise SeedError("no article text after removing boilerplate")


def _without_updated(line: str, rules: BoilerplateRules) -> tuple[str, bool]:
    """``line`` without its "Updated:" prefixes, and whether it had any."""
    title, updated = line, False
    while match := rules.updated_headline.prefix(title):
        if not match.end():
            break
        title = title[match.end() :].strip()
        updated = True
    return title, updated


def without_label(title: str, rules: BoilerplateRules) -> str:
    """A scraped headline without a reader tool's label ("Title: Police raid tracker")."""
    label = rules.headline_labels.prefix(title)
    if label and title[label.end() :].strip():
        return title[label.end() :].strip()
    return title


def repeats_headline(line: str, title: str) -> bool:
    """Whether ``line`` is headline ``title`` again (as a heading, or a breadcrumb's last step)."""
    # Lengths first: only a line about as long as the headline can repeat it, and this is
    # asked of every line.
    return len(title) <= len(line) + 2 <= 2 * len(title) + 12 and same_headline(line, title)


def title_parts(title: str) -> list[str]:
    """The headline part of a page title that joins it with the site's name ("Headline | Site"):
    the longest part, of at least three words, so that "Sweden - the new pirate haven" never
    gives way to a line "Sweden"."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return []
    longest = max(parts, key=len)
    return [longest] if len(longest.split()) >= 3 else []
