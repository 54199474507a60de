"""Wire-service datelines opening the first paragraph: cut from the text and the summary, dated
only when a year is known."""

from __future__ import annotations

import datetime as dt

import pytest

from news_digest.models import SourceInfo
from news_digest.reading.wire import split_wire_dateline, year_in_url
from reading_helpers import OTHER, RULES, read

LEAD = "Police raided the offices of a streaming service on Monday, seizing twelve servers."


def first_paragraph(opening: str, source: SourceInfo | None = None) -> str:
    return read(f"Police raid streaming service\n\n{opening}\n\n{OTHER}\n", source).blocks[0].text


@pytest.mark.parametrize(
    "dateline",
    [
        "JAKARTA, Dec 23 (Some Wire) -",
        "ATHENS --",
        "LONDON (Reuters) —",
        "SAN FRANCISCO, March 3 /PRNewswire/ --",
        "BRUSSELS, 12 May (AFP) –",
        "Kuala Lumpur:",
        "NEW DELHI, Dec 3:",
        "PORTLAND, Ore., March 3 (AP) —",
        "WASHINGTON, D.C. --",
        "Dar es Salaam, Jan. 5 -",
        "RIO DE JANEIRO, 4th June (Agência Brasil) -",
        "NEW YORK, Jan. 5, 2012 /PRNewswire/ --",
        "WASHINGTON (AP) _",
        "LONDON/PARIS (Reuters) -",
    ],
)
def test_a_wire_dateline_leaves_the_first_paragraph_and_the_summary(dateline: str) -> None:
    assert first_paragraph(f"{dateline} {LEAD}") == LEAD


def test_a_quotation_after_the_dateline_is_kept_whole() -> None:
    quote = '"We will not give up," the operators said after the raid.'
    assert first_paragraph(f"BERLIN (dpa) - {quote}") == quote


@pytest.mark.parametrize(
    "paragraph",
    [
        "WASHINGTON state lawmakers passed a bill on Monday that would let courts block piracy sites.",
        "Apple said on Monday it would appeal the ruling against its music service.",
        "Apple - the company that makes the iPhone - said it would appeal.",
        "Microsoft, Google and Apple - The three firms said they would appeal.",
        "Update: the site came back online on Tuesday.",
        "Editor's note: This story was first published in 2012.",
        "EXCLUSIVE - The operators of the site spoke to us before the raid.",
        "Background: The law was passed in 2012 after a long debate.",
        "Q: What did the court decide?",
        "John Smith: We will appeal this ruling as soon as we can.",
        "Sponsors: The bill's backers met on Monday to plan their next step.",
        "Key facts: The site had ten million users a month before the raid.",
        "The court - The judge said the site had to close.",
        "In 2012 - The year the law passed - nobody expected a raid.",
    ],
)
def test_a_first_sentence_that_merely_looks_like_one_stays(paragraph: str) -> None:
    assert first_paragraph(paragraph) == paragraph


def test_a_month_and_day_take_their_year_from_the_source_address() -> None:
    source = SourceInfo(url="https://news.example.org/2012/12/23/raid.html")
    document = read(f"Police raid streaming service\n\nJAKARTA, Dec 23 (Some Wire) - {LEAD}\n", source)
    assert (document.date, document.date_source) == (dt.date(2012, 12, 23), "dateline")
    assert document.warnings == ()


def test_a_month_and_day_with_no_year_known_give_no_date_and_say_so() -> None:
    document = read(f"Police raid streaming service\n\nJAKARTA, Dec 23 (Some Wire) - {LEAD}\n")
    assert (document.date, document.date_source) == (None, "none")
    assert document.blocks[0].text == LEAD
    assert any("gives no year" in warning for warning in document.warnings)


def test_sources_yml_wins_over_a_wire_dateline_without_a_year() -> None:
    source = SourceInfo(url="https://news.example.org/2012/raid.html", published=dt.date(2012, 12, 24))
    document = read(f"Police raid streaming service\n\nJAKARTA, Dec 23 (Some Wire) - {LEAD}\n", source)
    assert (document.date, document.date_source) == (dt.date(2012, 12, 24), "sources")
    assert document.warnings == ()


def test_a_dateline_line_above_wins_over_the_wire_dateline() -> None:
    document = read(f"Police raid streaming service\n\n6 March 2012\n\nATHENS, Dec 23 (Some Wire) - {LEAD}\n")
    assert (document.date, document.date_source) == (dt.date(2012, 3, 6), "dateline")
    assert document.blocks[0].text == LEAD


def test_a_wire_dateline_with_its_own_year_dates_the_article() -> None:
    document = read(f"Police raid streaming service\n\nBRUSSELS, 12 May 2011 (AFP) – {LEAD}\n")
    assert (document.date, document.date_source) == (dt.date(2011, 5, 12), "dateline")


def test_an_impossible_wire_date_gives_no_date_and_a_warning() -> None:
    source = SourceInfo(url="https://news.example.org/2012/02/raid.html")
    document = read(f"Police raid streaming service\n\nSTOCKHOLM, Feb 30 (TT) - {LEAD}\n", source)
    assert document.date is None
    assert any("impossible" in warning for warning in document.warnings)


def test_the_dateline_names_its_place_and_agency() -> None:
    found = split_wire_dateline(f"SAN FRANCISCO, March 3 /PRNewswire/ -- {LEAD}", RULES.lead_labels)
    assert found is not None
    dateline, rest = found
    assert (dateline.place, dateline.agency, dateline.month, dateline.day, dateline.year) == (
        "SAN FRANCISCO", "PRNewswire", 3, 3, None
    )
    assert rest == LEAD


@pytest.mark.parametrize(
    ("url", "year"),
    [
        ("https://news.example.org/2012/12/23/raid.html", 2012),
        ("https://news.example.org/world/2009/raid", 2009),
        ("https://news.example.org/raid-20121223.html", None),
        ("https://news.example.org/books/1984-review/", None),
        ("https://news.example.org/story/1999999/", None),
        (None, None),
    ],
)
def test_only_a_year_folder_of_the_address_gives_a_year(url: str | None, year: int | None) -> None:
    assert year_in_url(url) == year


def test_a_dateline_standing_as_its_own_paragraph_goes() -> None:
    document = read(f"Police raid streaming service\n\nLONDON, Dec 23 (Reuters)\n\n{LEAD}\n\n{OTHER}\n")
    assert [block.text for block in document.blocks] == [LEAD, OTHER]


def test_a_place_alone_as_a_paragraph_is_not_taken_for_a_dateline() -> None:
    document = read(f"Police raid streaming service\n\nNEW YORK\n\n{LEAD}\n\n{OTHER}\n")
    assert document.blocks[0].text == "NEW YORK"


def test_a_dateline_after_a_standfirst_goes() -> None:
    standfirst = "Twelve servers seized in a dawn raid on the country's biggest pirate site."
    document = read(f"Police raid streaming service\n\n{standfirst}\n\nATHENS -- {LEAD}\n\n{OTHER}\n")
    assert [block.text for block in document.blocks] == [standfirst, LEAD, OTHER]


def test_a_dateline_further_down_is_prose() -> None:
    later = "ATHENS -- A second raid followed on Tuesday."
    document = read(f"Police raid streaming service\n\n{LEAD}\n\n{OTHER}\n\n{later}\n")
    assert document.blocks[-1].text == later


def test_a_title_case_name_and_colon_further_down_is_a_label_not_a_dateline() -> None:
    label = "Partnerships: The site had deals with three studios before the raid."
    document = read(f"Police raid streaming service\n\n{LEAD}\n\n{label}\n\n{OTHER}\n")
    assert document.blocks[1].text == label
