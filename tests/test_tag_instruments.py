"""tagger/: legal instruments on text nobody wrote for the tagger (issue 12).

Titles reused from year to year and country to country, numbers that start with a year,
section references. The laws are invented (tests/fixtures/knowledge-instruments) and so
are the sentences, one per rule.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from news_digest.knowledge import load_knowledge
from news_digest.models import AnnotatedDocument, Block, Document
from news_digest.tagger import tag

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(
        [FIXTURES / "knowledge", FIXTURES / "knowledge-instruments"], builtin_entities=False
    )


def run(kb, *paragraphs: str) -> AnnotatedDocument:
    blocks = tuple(Block("paragraph", p) for p in paragraphs)
    return tag(Document(seed="t.txt", seed_hash="sha256:0", title="News", blocks=blocks, related=()), kb)


def laws(annotated: AnnotatedDocument) -> dict[str, list[str]]:
    """Each instrument tagged -> the texts of its mentions."""
    return {
        t.entity.name: [m.text for m in t.mentions]
        for t in annotated.entities
        if t.entity.kind == "legal_instrument"
    }


# --- a title and its year ---------------------------------------------------------------------


def test_a_law_of_a_listed_title_but_another_year_is_another_law(kb) -> None:
    result = run(kb, "The Content Amendment Act 2024 was passed by the Australian Parliament.")
    assert laws(result) == {"Content Amendment Act 2024": ["Content Amendment Act 2024"]}


def test_a_bill_dated_a_year_before_its_act_is_that_act(kb) -> None:
    result = run(kb, "The Content Amendment Bill 2005 was debated in Australia for months.")
    assert laws(result) == {"Content Amendment Act 2006": ["Content Amendment Bill 2005"]}


def test_a_found_bill_and_the_act_it_became_are_one_law(kb) -> None:
    result = run(
        kb,
        "Parliament passed the Harbour Rights (Amendment) Act 2030 in May.",
        "The Harbour Rights (Amendment) Bill 2030 had been debated for two years.",
    )
    assert list(laws(result)) == ["Harbour Rights (Amendment) Act 2030"]  # the act's name, not the bill's
    assert sorted(next(iter(laws(result).values()))) == [
        "Harbour Rights (Amendment) Act 2030",
        "Harbour Rights (Amendment) Bill 2030",
    ]


def test_another_countrys_bill_of_that_title_is_not_taken(kb) -> None:
    # The listed Mexican bill has no year; in an Australian story the dated bill is a law of its own.
    result = run(kb, "Australia's Screen Rights Amendment Bill 2031 goes to the Senate next week.")
    assert laws(result) == {"Screen Rights Amendment Bill 2031": ["Screen Rights Amendment Bill 2031"]}


def test_a_dated_title_is_a_law_even_when_no_country_decides(kb) -> None:
    result = run(kb, "Critics say the Content Amendment Act 2024 goes too far.")
    assert list(laws(result)) == ["Content Amendment Act 2024"]


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["Law No. 2021-1382", "Law No. 2019-775", "Law 2020-1266"])
def test_a_law_number_that_starts_with_a_year_is_a_law(kb, number: str) -> None:
    result = run(kb, f"The French parliament passed {number}, which merged the two regulators.")
    assert laws(result) == {number: [number]}


@pytest.mark.parametrize(
    "number", ["Legislative Decree No. 177/2021", "Decree-Law No. 47/2019", "Act No. 2 of 2024"]
)
def test_numbered_decrees_and_acts_are_kept_whole(kb, number: str) -> None:
    assert laws(run(kb, f"Portugal adopted {number} on copyright.")) == {number: [number]}


def test_a_regulation_number_holds_its_issuer_in_brackets(kb) -> None:
    result = run(kb, "Regulation (EU) 2019/1150 applies from July. Regulation 2019/1150 covers platforms.")
    mentions = ["Regulation (EU) 2019/1150", "Regulation 2019/1150"]
    assert laws(result) == {"Regulation (EU) 2019/1150": mentions}


def test_statutory_regulations_in_the_plural_are_a_law(kb) -> None:
    law = "Harbour Regulations, 2031"
    assert laws(run(kb, f"The {law} set out how royalties are shared.")) == {law: [law]}


@pytest.mark.parametrize("law", ["Law of 12 June 2009", "Act of 2 May 2031"])
def test_a_law_named_by_its_date_is_a_law(kb, law: str) -> None:
    assert laws(run(kb, f"The court applied the Belgian {law} to the site.")) == {law: [law]}


def test_a_bare_year_after_law_is_no_law_number(kb) -> None:
    assert laws(run(kb, "Under the law 2021 was a quiet year for the regulator.")) == {}


# --- section references -----------------------------------------------------------------------


@pytest.mark.parametrize("section", ["section 193DDA", "Section 193DDA", "section 77(1)(b)"])
def test_a_section_of_a_law_is_that_law(kb, section: str) -> None:
    result = run(kb, f"The studios sued under {section} of the Harbour Protection Act in Australia.")
    assert laws(result) == {"Harbour Protection Act": ["Harbour Protection Act"]}


# --- one short title, two countries -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "law"),
    [
        ("The British regulator enforces the Online Harbour Act.", "Online Harbour Act 2023"),
        ("The Australian regulator enforces the Online Harbour Act.", "Online Harbour Act 2021"),
        # no country named: the country of the bodies the article names decides
        ("Telstra and Optus must comply with the Online Harbour Act.", "Online Harbour Act 2021"),
    ],
)
def test_a_short_title_two_countries_use_is_the_articles_countrys_law(kb, sentence: str, law: str) -> None:
    assert list(laws(run(kb, sentence))) == [law]


# --- a section of one law that another law added ------------------------------------------------


@pytest.mark.parametrize("section", ["Section 77B", "section 77B", "section 77B(2)(b)"])
def test_a_section_placed_in_a_law_is_that_law_not_the_act_that_added_it(kb, section: str) -> None:
    result = run(kb, f"The studios applied under {section} of the Screen Act 1968 in Australia.")
    assert laws(result) == {"Screen Act 1968": ["Screen Act 1968"]}


def test_the_same_section_alone_later_is_still_part_of_that_law(kb) -> None:
    result = run(
        kb,
        "The studios applied under section 77B of the Screen Act 1968 in Australia.",
        "Critics say section 77B goes too far.",
    )
    assert list(laws(result)) == ["Screen Act 1968"]


@pytest.mark.parametrize("section", ["Section 77B", "section 77B"])
def test_a_section_alone_is_the_law_the_data_gives_it(kb, section: str) -> None:
    result = run(kb, f"Australian rights holders use {section} to get sites blocked.")
    assert laws(result) == {"Screen Access Act 2015": [section]}


# --- one short name, two laws of different years -----------------------------------------------


def dated(kb, year: int, *paragraphs: str) -> AnnotatedDocument:
    blocks = tuple(Block("paragraph", p) for p in paragraphs)
    document = Document(seed="t.txt", seed_hash="sha256:0", title="News", blocks=blocks, related=(),
                        date=datetime.date(year, 6, 1))  # fmt: skip
    return tag(document, kb)


@pytest.mark.parametrize(
    ("year", "law"),
    [(2012, "Directive 2001/77/EC"), (2020, "Directive on Harbours in the Digital Single Market")],
)
def test_a_short_name_two_laws_share_is_the_one_in_force_at_the_articles_date(
    kb, year: int, law: str
) -> None:
    # "EU Harbour Directive" is the newer law's alias; "the Harbour Directive" names either.
    result = dated(kb, year, "Critics say the Harbour Directive will change how ports work in the EU.")
    assert list(laws(result)) == [law]


# --- numbered bills ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bill",
    ["House Bill 7600", "Senate Bill 1234", "Assembly Bill 602", "Bill No. 2630", "House Bill No. 7600"],
)
def test_a_bill_number_keeps_the_chamber_that_numbers_it(kb, bill: str) -> None:
    result = run(kb, f"Lawmakers approved {bill}, which would let the regulator block sites.")
    assert laws(result) == {bill: [bill]}


def test_an_ambiguous_article_of_a_law_counts_when_a_short_name_names_the_law(kb) -> None:
    vote = "Ports voted against Article 9 on Tuesday."
    result = dated(kb, 2020, vote, "Critics say the Harbour Directive goes too far.")
    newer = "Directive on Harbours in the Digital Single Market"
    assert laws(result) == {newer: ["Article 9", "Harbour Directive"]}


def test_an_ambiguous_article_alone_is_no_law(kb) -> None:
    assert laws(dated(kb, 2020, "Ports voted against Article 9 on Tuesday.")) == {}


# --- long titles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Harbour and Other Legislation Amendment Bill 2031",
        "Harbour Amendment (Disability Access and Other Measures) Act 2031",
    ],
)
def test_and_other_inside_a_statutes_title_keeps_the_title_whole(kb, title: str) -> None:
    assert laws(run(kb, f"The {title} was introduced in the Australian Parliament.")) == {title: [title]}


# --- shaped like a law's name, but no law ---------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The parties signed a Settlement Agreement in March.",
        "Users must accept the Terms of Service Agreement before downloading.",
        "The ruling set a precedent under Common Law in the UK.",
        "In a Balancing Act, the court weighed free speech against copyright.",
        "Every peer has an Internet Protocol address.",
        "The ISPs signed a Memorandum of Understanding with the studios.",
        "The Democratic National Convention was held in Chicago.",
        "Sweden's new copyright law takes effect on Monday.",
        "The Act came into force on 1 April, and the Act allows courts to block sites.",
    ],
)
def test_contracts_doctrines_protocols_and_generic_laws_are_no_instruments(kb, sentence: str) -> None:
    assert laws(run(kb, sentence)) == {}


def test_a_long_title_then_its_last_words_is_one_law(kb) -> None:
    result = run(
        kb,
        "Parliament passed the Enhancing Online Harbour Safety for Children Act 2031 in March.",
        "Critics of the Online Harbour Safety for Children Act say it goes too far.",
    )
    assert laws(result) == {
        "Enhancing Online Harbour Safety for Children Act 2031": [
            "Enhancing Online Harbour Safety for Children Act 2031",
            "Online Harbour Safety for Children Act",
        ]
    }


def test_a_title_then_the_words_of_its_brackets_is_one_law(kb) -> None:
    text = "The Content Amendment (Harbour Infringement) Act 2031 passed. The Harbour Infringement Act works."
    result = run(kb, text)
    assert list(laws(result)) == ["Content Amendment (Harbour Infringement) Act 2031"]


def test_a_short_name_defined_in_quotes_in_brackets_is_the_law(kb) -> None:
    result = run(
        kb,
        'The Harbour Content Protection and Online Enforcement Act of 2031 (the "Enforcement Act") passed.',
        "The Enforcement Act lets courts block sites.",
    )
    assert list(laws(result)) == ["Harbour Content Protection and Online Enforcement Act of 2031"]


def test_two_laws_sharing_only_a_two_word_title_end_stay_apart(kb) -> None:
    result = run(kb, "The Harbour Privacy Act 2031 and the Dock Privacy Act 2031 both passed in May.")
    assert sorted(laws(result)) == ["Dock Privacy Act 2031", "Harbour Privacy Act 2031"]


# --- the built-in knowledge: laws readers expect by the names the news uses ------------------------


@pytest.fixture(scope="module")
def builtin():
    return load_knowledge()


@pytest.mark.parametrize(
    ("year", "sentence", "law"),
    [
        (2020, "The CRTC said the Telecommunications Act gives it no say over Canadian copyright.",
         "Telecommunications Act"),
        (2020, "The FCC said the Telecommunications Act covers cable in the United States.",
         "Telecommunications Act of 1996"),
        (2011, "A Finnish court applied the Copyright Directive to the tracker.", "Directive 2001/29/EC"),
        (2019, "Critics say the Copyright Directive will bring upload filters to the EU.",
         "Directive on Copyright in the Digital Single Market"),
        (2022, "The Urheberrechtsgesetz was amended to implement the directive in Germany.",
         "German Copyright Act"),
        (2022, "Arcom was created by Law No. 2021-1382 in France.", "Law No. 2021-1382"),
        (2019, "The High Court in Singapore ordered a block under section 193DDA of the Copyright Act.",
         "Copyright Act of Singapore"),
        (2015, "Spain's Ley Lassalle introduced fines for sites linking to pirated content.", "Lasalle law"),
        (2010, "The Digital Millenium Copyright Act protects hosts in the United States.",
         "Digital Millennium Copyright Act"),
        (2012, "The Stop Online Privacy Act was shelved in the United States.", "Stop Online Piracy Act"),
        (2015, "The site ignored a DCMA notice from the studio.", "Digital Millennium Copyright Act"),
        (2020, "The Swiss parliament revised the Federal Act on Copyright and Related Rights.",
         "Swiss Copyright Act"),
        (2012, "Megaupload's operators were charged under RICO in the United States.",
         "Racketeer Influenced and Corrupt Organizations Act"),
    ],
)  # fmt: skip
def test_the_laws_the_news_names_are_known(builtin, year: int, sentence: str, law: str) -> None:
    assert list(laws(dated(builtin, year, sentence))) == [law]


def test_an_article_of_the_newer_law_decides_a_short_name_before_that_law_was_passed(kb) -> None:
    # 2017: the older directive is the one in force, but the article's "Article 9" is the newer one's
    result = dated(kb, 2017, "Ports debated Article 9 of the Harbour Directive on Tuesday.")
    assert list(laws(result)) == ["Directive on Harbours in the Digital Single Market"]
    older = dated(kb, 2017, "Ports say the Harbour Directive goes too far.")
    assert list(laws(older)) == ["Directive 2001/77/EC"]


def test_a_year_before_a_short_name_dates_it(kb) -> None:
    result = dated(kb, 2020, "The 2019 Harbour Directive replaced parts of Directive 2001/77/EC.")
    assert laws(result) == {
        "Directive on Harbours in the Digital Single Market": ["Harbour Directive"],
        "Directive 2001/77/EC": ["Directive 2001/77/EC"],
    }


def test_a_title_a_letter_from_a_listed_laws_is_that_law(kb) -> None:
    result = run(kb, "The British regulator enforces the Online Harbor Act.")
    assert laws(result) == {"Online Harbour Act 2023": ["Online Harbor Act"]}


def test_a_title_a_letter_from_another_countrys_law_stays_its_own(kb) -> None:
    result = run(kb, "The Canadian regulator enforces the Online Harbor Act.")
    assert laws(result) == {"Online Harbor Act": ["Online Harbor Act"]}
