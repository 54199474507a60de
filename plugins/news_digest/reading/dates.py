"""Datelines and date provenance: read a date as news sites write it, and pick the article's date.

A *dateline* is a short line near the top of a scraped article that carries the
publication date and little else: "6 March 2012", "Wednesday, May 31, 2006",
"1 October 2012 | Copyright", "Posted on 6 March 2012 by Jane", "By Jane Doe -
6 Mar 2012". When a dateline gives both an update's date and the publication's
("Updated: 4 May 2021 | Published: 3 May 2021"), the publication's is read.
The date grammar (English month and weekday names, ordinal suffixes, ISO
numbers) lives here; the words that may stand beside a date
("Posted on", "by <name>", times, comment counts) are boilerplate data, passed
in as one compiled pattern.

A line is a dateline when, after taking out the date, everything left splits at
separators (| , - / ( ) and dashes) into pieces that are either empty, allowed
dateline words, or - when set apart from the date by a separator - short labels
of at most four words (an author, a place, a category). So "On 6 March 2012 the
court ruled" is not a dateline: "the court ruled" touches the date and is not a
dateline word.

Numeric dates: year first ("2012-03-06", "2012/03/06") and day first with dots
("06.03.2012", as written across Europe) are read. With slashes, whether the
day or the month comes first depends on the site: "14/04/2011" can only be
14 April, but "06/03/2012" is ambiguous and gives no date (a wrong guess is
worse than none); its line is still recognised as a dateline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..models import DateSource

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun"
)
# Longest names first so that "sept" wins over "sep" and "march" over "mar".
MONTH_NAMES = "|".join(sorted(MONTHS, key=lambda name: (-len(name), name)))
_ORDINAL = r"(?:st|nd|rd|th)?"

_DATE = re.compile(
    rf"(?<![\w/.-])(?:(?:{_WEEKDAYS})\.?,?\s+)?"
    r"(?:"
    rf"(?P<dmy_day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<dmy_month>{MONTH_NAMES})\.?,?\s+(?P<dmy_year>\d{{4}})"
    rf"|(?P<mdy_month>{MONTH_NAMES})\.?\s+(?P<mdy_day>\d{{1,2}}){_ORDINAL},?\s+(?P<mdy_year>\d{{4}})"
    r"|(?P<iso_year>\d{4})-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2})"
    r"|(?P<slash_year>\d{4})/(?P<slash_month>\d{1,2})/(?P<slash_day>\d{1,2})"
    r"|(?P<dot_day>\d{1,2})\.(?P<dot_month>\d{1,2})\.(?P<dot_year>\d{4})"
    r"|(?P<either_first>\d{1,2})/(?P<either_second>\d{1,2})/(?P<either_year>\d{4})"
    r")"
    # An ISO date may run straight into its time ("2012-03-06T10:00").
    r"(?:(?=T\d)|(?![\w/-]))",
    re.IGNORECASE,
)
# What separates the parts of a dateline: bars, bullets, commas, dashes with
# spaces around them, slashes and brackets.
_SEPARATOR = re.compile(r"\s*(?:[|•·,/()\[\]–—]|\s-{1,2}\s|^-{1,2}\s|\s-{1,2}$)\s*")
_SENTENCE_END = re.compile(r"[.!?;:]$")
# The label of an update's date, right before it ("Updated: ", "Last modified on ").
_UPDATED_LABEL = re.compile(r"(?:updated|modified|edited|revised)(?: on| at)?\s*:?\s*$", re.IGNORECASE)
# A dash that ends a dateline glued to the start of a paragraph.
_LEAD_DASH = re.compile(r"\s(?:-{1,2}|–|—)\s")

_FORMS = ("dmy", "mdy", "iso", "slash", "dot", "either")
EARLIEST_YEAR = 1900
LATEST_YEAR = 2099
LABEL_WORDS = 4
LABEL_CHARS = 40


@dataclass(frozen=True)
class Dateline:
    """A dateline found in a line; without ``date`` when the written date is impossible or ambiguous."""

    date: dt.date | None
    written: str
    problem: str | None = None  # "impossible" or "ambiguous" when there is no date


def _date_of(match: re.Match[str]) -> tuple[dt.date | None, str | None]:
    """The matched date, or None and why not."""
    year = next(int(match.group(f"{form}_year")) for form in _FORMS if match.group(f"{form}_year"))
    if match.group("either_year"):
        first, second = int(match.group("either_first")), int(match.group("either_second"))
        if first <= 12 and second <= 12 and first != second:
            return None, "ambiguous"
        day, month = (first, second) if first > 12 or first == second else (second, first)
    else:
        form = next(form for form in _FORMS if match.group(f"{form}_year"))
        month_text = match.group(f"{form}_month")
        month = MONTHS.get(month_text.lower()) or int(month_text)
        day = int(match.group(f"{form}_day"))
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None, "impossible"
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, "impossible"


def parse_date(text: str) -> dt.date | None:
    """The date that ``text`` is, in any form read here; None if it is none, impossible or ambiguous."""
    match = _DATE.fullmatch(text.strip())
    return _date_of(match)[0] if match else None


def _is_dateline_part(piece: str, parts: re.Pattern[str] | None, beside_date: bool) -> bool:
    if not piece:
        return True
    if parts is not None and parts.fullmatch(piece):
        return True
    if beside_date:
        return False
    # Set apart by a separator, a short label is fine: an author, a place, a section.
    return len(piece) <= LABEL_CHARS and len(piece.split()) <= LABEL_WORDS and not _SENTENCE_END.search(piece)


def _rest_is_furniture(rest: str, parts: re.Pattern[str] | None, date_side: int) -> bool:
    """Whether ``rest`` (the line before or after the date) holds only dateline parts."""
    pieces = [piece.strip() for piece in _SEPARATOR.split(rest)]
    beside = len(pieces) - 1 if date_side < 0 else 0
    return all(_is_dateline_part(piece, parts, index == beside) for index, piece in enumerate(pieces))


def parse_dateline(line: str, parts: re.Pattern[str] | None = None, max_chars: int = 150) -> Dateline | None:
    """Read ``line`` as a dateline, or return None when it is something else.

    ``parts`` matches (in full, case-insensitively) the words allowed next to the
    date, such as "Posted on" or "by Jane Doe"; ``max_chars`` bounds the line so
    that the check stays cheap and prose is never mistaken for a dateline.
    """
    line = line.strip()
    if not line or len(line) > max_chars:
        return None
    found: Dateline | None = None
    for match in _DATE.finditer(line):
        before, after = line[: match.start()], line[match.end() :]
        if _rest_is_furniture(before, parts, -1) and _rest_is_furniture(after, parts, 0):
            date, problem = _date_of(match)
            dateline = Dateline(date, match.group(0).strip(), problem)
            # "Updated: 4 May 2021 | Published: 3 May 2021": the publication date, not the update's.
            if not _UPDATED_LABEL.search(before):
                return dateline
            found = found or dateline
    return found


def split_leading_dateline(
    paragraph: str, parts: re.Pattern[str] | None = None, max_chars: int = 150
) -> tuple[Dateline, str] | None:
    """Split "STOCKHOLM, 6 March 2012 - Police raided..." into its dateline and its text.

    Only a dateline closed by a spaced dash and followed by the start of a
    sentence counts, so that a sentence which merely starts with a date ("6 March
    2012 was the day...", "6 March 2012 - a day to remember - saw...") is left whole.
    """
    head = paragraph[: max_chars + 4]
    for dash in _LEAD_DASH.finditer(head):
        rest = paragraph[dash.end() :].strip()
        if not (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "\"“‘'"):
            continue
        dateline = parse_dateline(paragraph[: dash.start()], parts, max_chars)
        if dateline is not None:
            return dateline, rest
    return None


def resolve_date(published: dt.date | None, dateline: dt.date | None) -> tuple[dt.date | None, DateSource]:
    """The article's date and where it came from: sources.yml wins over the dateline."""
    if published is not None:
        return published, "sources"
    if dateline is not None:
        return dateline, "dateline"
    return None, "none"


class DatelineWatch:
    """One seed's dateline: the first dated dateline near its top, and a warning for each undated one.

    ``budget`` is how many more body lines count as "near the top"; the body reader spends it.
    """

    def __init__(self, parts: re.Pattern[str] | None, max_chars: int, lines: int) -> None:
        self.parts = parts
        self.max_chars = max_chars
        self.budget = lines
        self.date: dt.date | None = None
        self.warnings: list[str] = []

    def try_line(self, line: str) -> bool:
        """Take ``line`` as a dateline when it is one near the top; True when taken."""
        if self.budget <= 0 or len(line) > self.max_chars:
            return False
        dateline = parse_dateline(line, self.parts, self.max_chars)
        if dateline is None:
            return False
        self.take(dateline)
        return True

    def take(self, dateline: Dateline) -> None:
        """The first dateline with a date dates the article; one without says why in a warning."""
        if dateline.date is None:
            self.warnings.append(f"{dateline.problem} date in dateline: {dateline.written!r}")
        elif self.date is None:
            self.date = dateline.date
