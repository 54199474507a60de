"""Which single lines are page furniture: boilerplate, button rows, page script, list headings, labels.

Each question looks at one line alone and asks the boilerplate rules (data, in
rules/boilerplate.yml) or its shape; deciding what to do with the line, given the
lines around it, is the body reader's job (body.py). Every pattern is tried only on
lines of at most ``pattern_line_chars`` characters (page-script patterns only on a
line's first ``pattern_line_chars`` characters), so reading time grows linearly with
the size of the seed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from .boilerplate import BoilerplateRules, Limits, RuleGroup
from .dates import LABEL_CHARS, LABEL_WORDS, parse_dateline
from .lines import CLOSERS, ends_sentence, starts_capitalised, strip_bullet
from .scrape_markup import ScrapeMarkup

# What separates the items of a row of links or labels.
_ROW_SEPARATOR = re.compile(r" ?(?:\||•|·) ?")
# What separates a list heading from the one item on its line: "Also read: A headline",
# "ALSO READ | A headline", "See also - A headline".
_HEADING_SEPARATOR = re.compile(r" ?: ?| (?:\||-|–|—|»|›) ")
# What separates the labels of a tag list: "piracy, copyright; Canada".
_LABEL_SEPARATOR = re.compile(r" ?[,;|•·/] ?")
# What separates names that each end with a full stop: "NordVPN. Surfshark. ExpressVPN."
_NAME_STOP = re.compile(r"\. ")


def _is_row_item(text: str, rules: BoilerplateRules) -> bool:
    return rules.drop_lines.fullmatch(text) or rules.row_items.fullmatch(text)


def is_boilerplate(line: str, rules: BoilerplateRules) -> bool:
    """A dropped line, caption or dropped-list heading, or a row of buttons or links."""
    if (
        _is_row_item(line, rules)
        or rules.captions.fullmatch(line)
        or rules.dropped_list_headings.fullmatch(line)
        or rules.sponsor_headings.fullmatch(line)
        or rules.ad_markers.fullmatch(line)
    ):
        return True
    # A row of buttons or links: "Tweet | Facebook | E-Mail", "Partilhar: Facebook · Email".
    parts = _ROW_SEPARATOR.split(line)
    if len(parts) > 1:
        return all(_is_row_item(part, rules) for part in parts if part)
    # The same row without separators: "Facebook Twitter WhatsApp". Each word a capitalised
    # button, so that a wrapped line of prose ("like email") is never one.
    words = line.split(" ")
    return len(words) > 1 and all(
        not word[:1].islower() and rules.row_items.fullmatch(word) for word in words
    )


def is_script(line: str, rules: BoilerplateRules) -> bool:
    """A line of page script or style ("var x = 1;", ".ad{display:none}"), however long:
    only its start is looked at, so a long minified line costs no more than a short one."""
    return rules.script_lines.prefix(line[: rules.limits.pattern_line_chars]) is not None


def is_meta_line(line: str, rules: BoilerplateRules) -> bool:
    """A line of short labels ("By Jane Doe | Amsterdam", "Technology | Ireland"); only near
    the top is it furniture, which the caller judges."""
    parts = _ROW_SEPARATOR.split(line)
    return len(parts) > 1 and all(
        _is_row_item(part, rules) or (len(part.split()) <= LABEL_WORDS and not ends_sentence(part))
        for part in parts
    )


def list_heading(line: str, headings: RuleGroup) -> str | None:
    """None when ``line`` is none of ``headings``, else the item on its line ("" for none):
    "Popular Posts" gives "", "Also read: A headline" gives "A headline"."""
    if headings.fullmatch(line.rstrip(" :")):
        return ""
    separator = _HEADING_SEPARATOR.search(line)
    if separator is None or not starts_capitalised(line):
        return None
    item = line[separator.end() :].strip()
    if item and headings.fullmatch(line[: separator.start()].strip()):
        return item
    return None


def label_list(line: str, limits: Limits) -> bool:
    """Whether ``line`` is a list of short labels, as tags are: "piracy, file sharing, Canada";
    or of names each closed by a full stop, as sponsor boxes list brands: "NordVPN. Surfshark."."""
    if len(line) > limits.related_item_chars:
        return False
    if ends_sentence(line):
        names = _NAME_STOP.split(line.rstrip("."))
        return (
            line.endswith(".")
            and len(names) > 1
            and all(starts_capitalised(name) and _short_label(name) for name in names)
        )
    return all(_short_label(part) for part in _LABEL_SEPARATOR.split(line))


def _short_label(part: str) -> bool:
    return bool(part) and len(part) <= LABEL_CHARS and len(part.split()) <= LABEL_WORDS


def headline_like(line: str, limits: Limits) -> bool:
    """Whether ``line`` can be another article's headline in a related list."""
    if len(line) > limits.related_item_chars or len(line.split()) > limits.related_item_words:
        return False
    if "://" in line:
        return False
    body = strip_bullet(line).lstrip(CLOSERS + "“‘")
    return (
        bool(body)
        and not body[:1].islower()
        and not (line.endswith((".", ",", ";", ":")) and not line.endswith("..."))
    )


def is_top_furniture(line: str, rules: BoilerplateRules) -> bool:
    """Whether ``line``, above a scrape's headline, is boilerplate or a dateline (nothing is taken)."""
    limits = rules.limits
    if len(line) > limits.pattern_line_chars:
        return False
    return is_boilerplate(line, rules) or (
        len(line) <= limits.dateline_chars
        and parse_dateline(line, rules.dateline_parts.regex, limits.dateline_chars) is not None
    )


def navigation_lines(scrape: ScrapeMarkup, rules: BoilerplateRules) -> Mapping[str, int]:
    """The texts of the seed's link lines that are navigation (menus, share rows, breadcrumbs:
    the link_lines rules), each with its number of links."""
    limit = rules.limits.pattern_line_chars
    link_lines: dict[str, int] = {}
    for line in scrape.lines:
        if line.links and len(line.shape) <= limit and rules.link_lines.fullmatch(line.shape):
            link_lines[line.text] = max(link_lines.get(line.text, 0), line.links)
    return MappingProxyType(link_lines)
