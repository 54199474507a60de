"""Wire-service datelines at the start of the first paragraph: "JAKARTA, Dec 23 (Reuters) - ...".

Agencies and the papers that reprint them open a story with where it was filed,
often when, and by whom, then a dash: ``JAKARTA, Dec 23 (Some Wire) -``,
``ATHENS --``, ``LONDON (Reuters) —``, ``SAN FRANCISCO, March 3 /PRNewswire/ --``,
``BRUSSELS, 12 May (AFP) –``, ``NEW DELHI, Dec 3:``, ``Kuala Lumpur:``. None of it
is the story's first sentence, so it is cut from the paragraph (and so from the
summary). The grammar, in order:

- a place: one to four words in capitals ("SAN FRANCISCO", "ST. LOUIS") or in
  title case ("Kuala Lumpur", "Rio de Janeiro"), optionally with a region after
  a comma ("WASHINGTON, D.C.", "PORTLAND, Ore.");
- optionally a month and day ("Dec 23", "12 May", "March 3rd"), with or without
  a year;
- optionally an agency in brackets or slashes ("(AFP)", "/PRNewswire/");
- a spaced dash (AP's old "_" too), or a colon right after the place or date;
  then a sentence starting with a capital, a digit or a quote. A dateline with a
  date or an agency may also stand as a paragraph of its own.

It is looked for in the first paragraph, and in the second when the first is a
standfirst (there not in its weakest form, "Kuala Lumpur:", see below).

So that a first sentence is never eaten, a place in title case needs a date,
an agency or a colon ("Apple - the company said" stays, "WASHINGTON state
lawmakers" has no dash), and a label before the colon or dash ("Update:",
"Editor's note:", "EXCLUSIVE -") is not a place: those are the ``lead_labels``
rules (data). A name before a colon that opens a speaker's words ("John Smith:
We will appeal", "Jane Doe: \"...\"") is not a place either; one before any other
sentence reads like a place and is cut, as a transcript rarely opens an article.

A month and day without a year ("Dec 23") date the article only when the year
is known from elsewhere: the source address's year folder ("/2012/12/23/" or
"/2012/"). A year is never guessed; with none known the date stays unknown and a
warning says so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..models import Block, SourceInfo
from .boilerplate import RuleGroup
from .dates import EARLIEST_YEAR, LATEST_YEAR, MONTH_NAMES, MONTHS, Dateline, DatelineWatch

# Case matters: a place in capitals or in title case is what sets a dateline apart from prose.
_CAPS_WORD = r"[A-Z][A-Z.'’&-]*[A-Z.]"
_TITLE_WORD = r"[A-Z][a-z'’.-]*[a-z.]"
_CONNECTOR = r"(?:de|da|do|dos|das|del|della|di|du|des|es|el|la|le|al|am|an|upon|sur|of)"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:[ /]{_CAPS_WORD}){{0,3}}"
_TITLE_PLACE = rf"{_TITLE_WORD}(?: (?:{_CONNECTOR} )?{_TITLE_WORD}){{0,3}}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_MONTH = rf"(?i:{MONTH_NAMES})\.?"
_LEAD = re.compile(
    rf"(?P<place>(?P<caps>{_CAPS_PLACE})|(?P<title>{_TITLE_PLACE}))"
    rf"(?:, (?:{_CAPS_PLACE}|{_TITLE_PLACE}))??"
    rf"(?P<date>,? (?:(?P<md_month>{_MONTH}) (?P<md_day>{_DAY})|(?P<dm_day>{_DAY}) (?P<dm_month>{_MONTH}))"
    r"(?:,? (?P<year>\d{4}))?)?"
    r"(?P<agency> ?(?:\([^()]{1,40}\)|/[^/ ][^/]{0,39}/))?"
    # AP's old texts mark the dash with an underscore ("WASHINGTON (AP) _ ...").
    r"(?:(?P<sep> ?:| (?:-{1,2}|–|—|_)) +|(?P<alone>$))"
)
# A year folder in a source address: "/2012/", "/2012/12/23/".
_URL_YEAR = re.compile(r"/((?:19|20)\d{2})(?=/)")
_HEAD_CHARS = 160
# What a speaker's words start with, after "Name:" in a transcript.
_SPEAKS = re.compile(r"(?:I|I'm|I’m|We|We're|We’re|You|My|Our|Yes|No|Well)\b|[\"“‘']")


@dataclass(frozen=True)
class WireDateline:
    """A wire dateline cut from a paragraph: its words, place, agency, and the month and day
    it gives (with the year when it gives one)."""

    written: str
    place: str
    agency: str | None
    month: int | None
    day: int | None
    year: int | None

    def date(self, year: int | None) -> dt.date | None:
        """The date it gives, with ``year`` when it names none; None when no year is known
        or the date is impossible."""
        year = self.year or year
        if year is None or self.month is None or self.day is None:
            return None
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            return None
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None


def split_wire_dateline(
    paragraph: str, labels: RuleGroup, first: bool = True
) -> tuple[WireDateline, str] | None:
    """Split "JAKARTA, Dec 23 (Some Wire) - Police raided..." into its dateline and its text;
    None when the paragraph does not open with one. The weakest form, a place in title case
    and a colon ("Kuala Lumpur: ..."), counts only in the ``first`` paragraph, as later on
    "Sponsors: ..." or "Partners: ..." is more likely a label than a place."""
    match = _LEAD.match(paragraph[:_HEAD_CHARS])
    if match is None:
        return None
    rest = paragraph[match.end() :]
    told = bool(match.group("date") or match.group("agency"))
    if match.group("alone") is not None:
        # A dateline standing as a paragraph of its own ("LONDON, Dec 23 (Reuters)") needs a
        # date or an agency: a place name alone may be a label or a caption.
        if len(paragraph) > _HEAD_CHARS or not told:
            return None
    elif not (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "\"“‘'"):
        return None
    place = match.group("place")
    colon = (match.group("sep") or "").strip() == ":"
    if match.group("title") and not told and not (colon and first):
        return None
    if labels.fullmatch(place):
        return None
    if colon and match.group("title") and not match.group("date") and _SPEAKS.match(rest):
        return None  # "John Smith: We will appeal" is a speaker, not a place
    agency = match.group("agency")
    month_text = match.group("md_month") or match.group("dm_month")
    day_text = match.group("md_day") or match.group("dm_day")
    dateline = WireDateline(
        written=paragraph[: match.end()].strip(),
        place=place,
        agency=agency.strip(" ()/") if agency else None,
        month=MONTHS[month_text.rstrip(".").lower()] if month_text else None,
        day=int(day_text.rstrip("stndrh")) if day_text else None,
        year=int(match.group("year")) if match.group("year") else None,
    )
    return dateline, rest


def year_in_url(url: str | None) -> int | None:
    """The year of a source address's year folder ("/2012/12/23/story"), if it has one."""
    if not url:
        return None
    match = _URL_YEAR.search(urlsplit(url).path + "/")
    return int(match.group(1)) if match else None


def cut_wire_dateline(
    blocks: list[Block], labels: RuleGroup, datelines: DatelineWatch, source: SourceInfo
) -> list[Block]:
    """The blocks without a wire dateline opening the first paragraph (or the second, after a
    standfirst); its date (a year of its own, or the source address's) dates the article
    when nothing before did."""
    for index, block in enumerate(blocks[:2]):
        found = split_wire_dateline(block.text, labels, index == 0) if block.kind == "paragraph" else None
        if found is not None:
            dateline, rest = found
            _date_from(dateline, datelines, source)
            kept = [Block("paragraph", rest)] if rest else []
            return [*blocks[:index], *kept, *blocks[index + 1 :]]
    return blocks


def _date_from(dateline: WireDateline, datelines: DatelineWatch, source: SourceInfo) -> None:
    """Date the article from a wire dateline's month and day when nothing before did."""
    if dateline.month is not None and datelines.date is None and source.published is None:
        known_year = dateline.year or year_in_url(source.url)
        date = dateline.date(known_year)
        if date is not None:
            datelines.take(Dateline(date, dateline.written))
        elif known_year is None:
            datelines.warnings.append(
                f"the dateline {dateline.written!r} gives no year and none is known; the article stays"
                " undated (give it `published` in sources.yml)"
            )
        else:
            datelines.take(Dateline(None, dateline.written, "impossible"))
