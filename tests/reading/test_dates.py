"""Datelines as news sites write them, and which date an article gets."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from news_digest.models import Block, SourceInfo
from news_digest.reading.boilerplate import load_rules
from news_digest.reading.dates import parse_date, parse_dateline, resolve_date, split_leading_dateline
from reading_helpers import BODY, OTHER, read

PARTS = load_rules().dateline_parts.regex


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("6 March 2012", dt.date(2012, 3, 6)),
        ("6 Mar 2012", dt.date(2012, 3, 6)),
        ("Wednesday, May 31, 2006", dt.date(2006, 5, 31)),
        ("Wed 31 May 2006", dt.date(2006, 5, 31)),
        ("Tuesday 23 June 2015", dt.date(2015, 6, 23)),
        ("July 02, 2020", dt.date(2020, 7, 2)),
        ("1 October 2012 | Copyright", dt.date(2012, 10, 1)),
        ("2012-03-06", dt.date(2012, 3, 6)),
        ("2012/03/06", dt.date(2012, 3, 6)),
        ("March 6th, 2012", dt.date(2012, 3, 6)),
        ("1st March 2012", dt.date(2012, 3, 1)),
        ("March 22nd, 2012", dt.date(2012, 3, 22)),
        ("3rd of March, 2012", dt.date(2012, 3, 3)),
        ("Sept. 8, 2010", dt.date(2010, 9, 8)),
        ("Jan. 11, 2012", dt.date(2012, 1, 11)),
        ("11.06.2009 - 09:15", dt.date(2009, 6, 11)),
        ("14/04/2011", dt.date(2011, 4, 14)),
        ("Posted on 6 March 2012 by Jane Doe", dt.date(2012, 3, 6)),
        ("Posted on Tuesday 15 February 2011 by M. Ortega", dt.date(2011, 2, 15)),
        ("By Jane Doe - 6 Mar 2012", dt.date(2012, 3, 6)),
        ("By Jane Doe | 6 March 2012 | 3 Comments", dt.date(2012, 3, 6)),
        ("Published: 8 September 2010 10:32 GMT", dt.date(2010, 9, 8)),
        ("Last updated: 2012/03/06", dt.date(2012, 3, 6)),
        ("May 31, 2006, 10:32 AM EST", dt.date(2006, 5, 31)),
        ("10 Feb 2010, 14:05 CET", dt.date(2010, 2, 10)),
        ("2012-03-06T14:05:00Z", dt.date(2012, 3, 6)),
        ("(6 March 2012)", dt.date(2012, 3, 6)),
        ("01.08.2013 | Moscow", dt.date(2013, 8, 1)),
        ("Posted 14/04/2011 5:12pm", dt.date(2011, 4, 14)),
        ("MARCH 6, 2012", dt.date(2012, 3, 6)),
        # Bylines of page scrapes, once their links are read as text.
        ("December 21, 2024 by Maria Lindqvist", dt.date(2024, 12, 21)),
        ("By Jane Doe | March 3, 2019", dt.date(2019, 3, 3)),
        ("Published: 2021-05-04 10:22", dt.date(2021, 5, 4)),
        ("Posted by Jane Doe on December 21, 2024 at 10:22 am", dt.date(2024, 12, 21)),
        ("Jane Doe · 5 min read · Dec 21, 2024", dt.date(2024, 12, 21)),
        ("Published 14.06.2017 08:15", dt.date(2017, 6, 14)),
    ],
)
def test_datelines_in_common_forms_give_their_date(line: str, expected: dt.date) -> None:
    dateline = parse_dateline(line, PARTS)
    assert dateline is not None and dateline.date == expected


@pytest.mark.parametrize(
    "line",
    [
        "On 6 March 2012 the court ruled in favour of the studios.",
        "6 March 2012 was the day the site went dark",
        "The court will rule by March 2012",
        "March 2012",
        "Police raided the site on 6 March 2012 and seized servers.",
        "The ruling | 6 March 2012 | was appealed by the defendants who said it was wrong.",
        "Room 6 March 2012 Building",
        "",
    ],
)
def test_prose_that_mentions_a_date_is_not_a_dateline(line: str) -> None:
    assert parse_dateline(line, PARTS) is None


def test_a_long_line_is_never_a_dateline() -> None:
    line = "6 March 2012 | " + "Copyright | " * 20
    assert parse_dateline(line, PARTS, max_chars=150) is None


@pytest.mark.parametrize(
    "text",
    ["31 February 2012", "February 29, 2011", "2012-13-01", "30.02.2012", "6 March 1812", "0 March 2012"],
)
def test_impossible_dates_are_not_accepted(text: str) -> None:
    assert parse_date(text) is None
    dateline = parse_dateline(text, PARTS)
    assert dateline is not None and dateline.date is None and dateline.problem == "impossible"


def test_a_leap_day_is_a_date() -> None:
    assert parse_date("February 29, 2012") == dt.date(2012, 2, 29)


def test_a_slashed_date_that_could_be_either_way_round_gives_no_date() -> None:
    dateline = parse_dateline("06/03/2012", PARTS)
    assert dateline is not None and dateline.date is None and dateline.problem == "ambiguous"
    assert parse_date("04/14/2011") == dt.date(2011, 4, 14)
    assert parse_date("05/05/2011") == dt.date(2011, 5, 5)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_written_form_of_a_date_reads_back_as_that_date(date: dt.date) -> None:
    day = date.day
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    forms = [
        f"{day} {date:%B %Y}",
        f"{date:%A}, {date:%B} {day}, {date.year}",
        f"{date:%B} {day}{suffix}, {date.year}",
        f"{date:%a} {day} {date:%b %Y}",
        date.isoformat(),
        f"{date:%d.%m.%Y}",
    ]
    for form in forms:
        assert parse_date(form) == date, form


def test_a_dateline_glued_to_the_first_paragraph_is_split_off() -> None:
    found = split_leading_dateline(
        "STOCKHOLM, March 6, 2012 /Newswire/ -- Police raided a data centre.", PARTS
    )
    assert found is not None
    dateline, rest = found
    assert dateline.date == dt.date(2012, 3, 6)
    assert rest == "Police raided a data centre."


@pytest.mark.parametrize(
    "paragraph",
    [
        "6 March 2012 was the day the site went dark - and it never came back.",
        "Police raided a data centre on 6 March 2012 - the third raid this year.",
        "STOCKHOLM - Police raided a data centre.",
        "6 March 2012 - a day the industry will remember - saw the biggest raid yet.",
    ],
)
def test_a_paragraph_merely_mentioning_a_date_keeps_it(paragraph: str) -> None:
    assert split_leading_dateline(paragraph, PARTS) is None


def test_sources_yml_date_wins_over_the_dateline() -> None:
    assert resolve_date(dt.date(2014, 5, 14), dt.date(2014, 5, 13)) == (dt.date(2014, 5, 14), "sources")
    assert resolve_date(None, dt.date(2014, 5, 13)) == (dt.date(2014, 5, 13), "dateline")
    assert resolve_date(None, None) == (None, "none")


@pytest.mark.parametrize(
    "line",
    [
        "Updated: 4 May 2021, 10:22 | Published: 3 May 2021",
        "Published 3 May 2021, updated 4 May 2021",
        "Updated 4 May 2021 | Published 3 May 2021",
    ],
)
def test_a_dateline_with_an_update_gives_the_publication_date(line: str) -> None:
    dateline = parse_dateline(line, PARTS)
    assert dateline is not None and dateline.date == dt.date(2021, 5, 3)


def test_an_update_date_alone_still_dates_the_article() -> None:
    dateline = parse_dateline("Last updated: 4 May 2021", PARTS)
    assert dateline is not None and dateline.date == dt.date(2021, 5, 4)


# -- datelines in a seed ----------------------------------------------------------


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("6 March 2012", dt.date(2012, 3, 6)),
        ("Wednesday, May 31, 2006", dt.date(2006, 5, 31)),
        ("July 02, 2020", dt.date(2020, 7, 2)),
        ("1 October 2012 | Copyright", dt.date(2012, 10, 1)),
        ("2012-03-06", dt.date(2012, 3, 6)),
        ("March 6th, 2012", dt.date(2012, 3, 6)),
        ("Posted on 6 March 2012 by Jane Doe", dt.date(2012, 3, 6)),
        ("By Jane Doe - 6 Mar 2012", dt.date(2012, 3, 6)),
    ],
)
def test_a_dateline_dates_the_article_and_leaves_the_body(dateline: str, expected: dt.date) -> None:
    document = read(f"Police Raid Tracker\n\n{dateline}\n\n{BODY}\n\n{OTHER}")
    assert (document.date, document.date_source) == (expected, "dateline")
    assert [block.text for block in document.blocks] == [BODY, OTHER]


def test_a_dateline_on_the_line_under_the_headline_counts() -> None:
    document = read(f"Police Raid Tracker\n6 March 2012\n{BODY}")
    assert document.date == dt.date(2012, 3, 6)
    assert document.blocks == (Block("paragraph", BODY),)


def test_sources_yml_wins_over_the_dateline_and_a_disagreement_is_reported() -> None:
    source = SourceInfo("http://example.org/story", dt.date(2012, 3, 7))
    document = read(f"Police Raid Tracker\n\n6 March 2012\n\n{BODY}", source)
    assert (document.date, document.date_source) == (dt.date(2012, 3, 7), "sources")
    assert document.source_url == "http://example.org/story"
    assert any("2012-03-06" in warning and "sources.yml" in warning for warning in document.warnings)


def test_an_impossible_dateline_gives_no_date_and_a_warning() -> None:
    document = read(f"Police Raid Tracker\n\n31 February 2012\n\n{BODY}")
    assert (document.date, document.date_source) == (None, "none")
    assert document.warnings == ("impossible date in dateline: '31 February 2012'",)
    assert "February" not in document.text


def test_without_sources_or_dateline_the_article_is_undated() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}")
    assert (document.date, document.date_source) == (None, "none")


def test_a_date_deep_in_the_article_is_not_a_dateline() -> None:
    paragraphs = "\n\n".join(f"{BODY} ({n})" for n in range(8))
    document = read(f"Police Raid Tracker\n\n{paragraphs}\n\n6 March 2012\n\n{OTHER}")
    assert document.date is None
    assert "6 March 2012" in document.text
