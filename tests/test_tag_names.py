"""tagger/discovery.py, tagger/repeated.py: organisations nobody listed, kept whole (issue 12).

Names that hold a listed one ("Hangzhou Google Advertising Co.", a broadcaster's service),
courts named with their circuit, bodies joined by "and the", and capitalised names the text
repeats in an organisation's context. The sentences and names are invented for each rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from news_digest.knowledge import load_knowledge
from news_digest.models import AnnotatedDocument, Block, Document
from news_digest.tagger import tag

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge([FIXTURES / "knowledge", FIXTURES / "knowledge-unseen"], builtin_entities=False)


def run(kb, *paragraphs: str, title: str = "News") -> AnnotatedDocument:
    blocks = tuple(Block("paragraph", p) for p in paragraphs)
    return tag(Document(seed="t.txt", seed_hash="sha256:0", title=title, blocks=blocks, related=()), kb)


def names(annotated: AnnotatedDocument, kind: str = "organisation") -> list[str]:
    return sorted(t.entity.name for t in annotated.entities if t.entity.kind == kind)


def mentions(annotated: AnnotatedDocument, name: str) -> list[str]:
    (tagged,) = [t for t in annotated.entities if t.entity.name == name]
    return [m.text for m in tagged.mentions]


# --- 1. names kept whole ----------------------------------------------------------------------


def test_a_company_whose_name_holds_a_listed_one_is_kept_whole(kb) -> None:
    result = run(kb, "The contract went to Hangzhou Google Advertising Co. in March, the filing says.")
    assert names(result) == ["Hangzhou Google Advertising Co"]


@pytest.mark.parametrize("sentence", ["Google Inc. said it would appeal.", "Telstra Corp. said nothing."])
def test_a_listed_company_with_only_its_legal_form_stays_that_company(kb, sentence: str) -> None:
    assert names(run(kb, sentence)) == [sentence.split()[0]]


@pytest.mark.parametrize(
    ("sentence", "service"),
    [
        ("Viewers can stream the match on Telstra TV from Friday.", "Telstra TV"),
        ("The app was pulled from Google Play after the complaint.", "Google Play"),
        ("Fans watched it on Optus iStream, which the regulator cleared.", "Optus iStream"),
    ],
)
def test_a_listed_companys_service_is_a_service_of_its_own(kb, sentence: str, service: str) -> None:
    assert names(run(kb, sentence)) == [service]


def test_a_listed_company_before_an_ordinary_capitalised_word_stays_itself(kb) -> None:
    assert names(run(kb, "Shoppers asked Telstra Support for help.")) == ["Telstra"]


@pytest.mark.parametrize(
    "court",
    [
        "Court of Appeals for the Federal Circuit",
        "Court of Appeals for the Second Circuit",
        "Court of Appeal of England and Wales",
    ],
)
def test_a_court_is_kept_with_its_circuit_or_country(kb, court: str) -> None:
    result = run(kb, f"The {court} dismissed the appeal on Tuesday.")
    assert names(result) == [court]


def test_a_court_is_not_joined_to_a_listed_name_it_rules_against(kb) -> None:
    result = run(kb, "The studios went to the Federal Court against the Pirate Bay on Monday.")
    assert "The Pirate Bay" in names(result)
    assert all("Court" not in text for text in mentions(result, "The Pirate Bay"))


def test_the_country_before_a_court_of_appeals_is_still_the_country(kb) -> None:
    result = run(kb, "The US Court of Appeals for the Federal Circuit dismissed the appeal.")
    assert names(result, "country") == ["United States"]
    assert names(result) == ["Court of Appeals for the Federal Circuit"]


def test_the_end_of_a_courts_name_written_after_it_is_that_court(kb) -> None:
    result = run(
        kb, "The Eleventh Circuit Court of Appeals upheld it. Later, the Court of Appeals said it was clear."
    )
    assert names(result) == ["Eleventh Circuit Court of Appeals"]
    assert mentions(result, "Eleventh Circuit Court of Appeals") == [
        "Eleventh Circuit Court of Appeals",
        "Court of Appeals",
    ]


def test_two_bodies_joined_by_and_the_are_two_bodies(kb) -> None:
    result = run(
        kb,
        "The Coalition for Online Fairness and the Computer & Communications Industry Association objected.",
    )
    assert names(result) == [
        "Coalition for Online Fairness",
        "Computer & Communications Industry Association",
    ]


def test_and_the_inside_one_bodys_name_keeps_it_whole(kb) -> None:
    result = run(kb, "The Ministry of Culture and the Arts objected.")
    assert names(result) == ["Ministry of Culture and the Arts"]


@pytest.mark.parametrize(
    "body",
    ["Law Reform Commission", "Internet Service Providers' Association", "Cinema Exhibitors' Association"],
)
def test_a_body_whose_name_holds_a_laws_head_word_or_a_trade_possessive_is_kept_whole(kb, body: str) -> None:
    assert names(run(kb, f"The {body} published its report on Tuesday.")) == [body]


@pytest.mark.parametrize("body", ["Bank of Narnland", "Quill Computer Club", "Harbour Stock Exchange"])
def test_banks_clubs_and_exchanges_are_bodies(kb, body: str) -> None:
    assert names(run(kb, f"The {body} objected to the plan.")) == [body]


def test_a_region_named_like_a_bank_is_no_body(kb) -> None:
    assert names(run(kb, "Settlers in the West Bank were not affected.")) == []


def test_an_ampersand_joins_one_name_and_and_two(kb) -> None:
    assert names(run(kb, "The publisher Quill & Barrow sued the archive.")) == ["Quill & Barrow"]
    assert names(run(kb, "The sites Zorbex and Quillo went dark.")) == ["Zorbex"]


# --- 2. names the text repeats --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Silver Lantern sued the site on Monday. A spokesperson for Silver Lantern said the case was strong.",
        "The studio Kestrel Vale lost. Critics say Kestrel Vale's customers were never told.",
        "Investors backed Moor Signal, which runs the tracker. Later, Moor Signal denied any wrongdoing.",
        "Police said Copper Finch had ignored notices. Lawyers for Copper Finch disagreed.",
    ],
)
def test_a_repeated_name_in_an_organisations_context_is_an_organisation(kb, text: str) -> None:
    result = run(kb, text)
    (name,) = names(result)
    assert len(mentions(result, name)) == 2


def test_a_name_in_the_headline_that_the_body_confirms_is_an_organisation(kb) -> None:
    result = run(
        kb,
        "The film outfit filed its complaint on Friday. Later, Quantum Ridge said the site ignored notices.",
        title="Quantum Ridge Sues Pirate Site",
    )
    assert names(result) == ["Quantum Ridge"]
    assert mentions(result, "Quantum Ridge") == ["Quantum Ridge", "Quantum Ridge"]


def test_two_repeated_names_joined_by_and_are_two_organisations(kb) -> None:
    result = run(
        kb,
        "Later, Silver Lantern and Blue Orchard sued the site. "
        "Lawyers for Silver Lantern and Blue Orchard said the case was strong.",
    )
    assert names(result) == ["Blue Orchard", "Silver Lantern"]


def test_a_shorter_form_of_a_repeated_name_is_one_of_its_mentions(kb) -> None:
    result = run(kb, "Blue Orchard Capital bought the tracker. The seller said Blue Orchard paid well.")
    assert names(result) == ["Blue Orchard Capital"]
    assert mentions(result, "Blue Orchard Capital") == ["Blue Orchard Capital", "Blue Orchard"]


@pytest.mark.parametrize(
    "text",
    [
        # people: a given name, a title, a pronoun, a surname used alone
        "Later, Anna Berglund sued the site. A lawyer for Anna Berglund said the case was strong.",
        "Later, Judge Ormond Thale ruled. The ruling by Ormond Thale said the case was weak.",
        "Later, Ormond Thale said he would appeal. Critics of Ormond Thale said nothing.",
        "Later, Ormond Thale sued the site. Thale said the case was strong, and Ormond Thale agreed.",
        # places: a preposition of place, a place word last, "-based"
        "Police in Kestrel Vale said the site closed. Lawyers in Kestrel Vale agreed.",
        "Later, Cedar Valley said nothing. Police in the area said Cedar Valley residents complained.",
        "The Kestrel Vale-based firm sued. Later, Kestrel Vale said it would appeal.",
        # named once, or repeated with no organisation's context
        "Later, Silver Lantern sued the site on Monday.",
        "Fans loved Silver Lantern on stage. Critics hated Silver Lantern at first.",
        # a film's title: "which" after it says nothing
        "Pirates shared Moonfall Rising, which premiered in May. Later, Moonfall Rising topped the chart.",
    ],
)
def test_repeated_names_of_people_and_places_or_without_context_are_not_organisations(kb, text: str) -> None:
    assert names(run(kb, text)) == []


def test_a_name_only_ever_opening_a_sentence_with_a_common_first_word_is_not_taken(kb) -> None:
    assert names(run(kb, "Market Lantern sued the site. Market Lantern said it would win.")) == []


def test_a_place_before_a_described_site_is_not_the_site(kb) -> None:
    assert names(run(kb, "In Kestrel Vale, the site closed on Monday.")) == []


# --- 3. one word the text repeats -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Later, Quorvel said the site was down. A spokesperson for Quorvel added more.", "Quorvel"),
        ("Later, NORDIX said the ISP had to block. Lawyers for NORDIX said the case was clear.", "NORDIX"),
    ],
)
def test_a_repeated_word_in_an_organisations_context_is_an_organisation(kb, text: str, name: str) -> None:
    result = run(kb, text)
    assert names(result) == [name]
    assert mentions(result, name) == [name, name]


@pytest.mark.parametrize(
    "text",
    [
        # a surname: the full name is written too
        "Rasmus Fleischer wrote the report. Critics said Fleischer was wrong, and Fleischer said so.",
        # a place
        "Fans in Molde said the site was down. Police in Molde said nothing.",
        # the acronym of a name the article writes out
        "The Nordic Film League objected. Later, NFL said the site must close; critics said NFL was wrong.",
        # only ever opening a sentence
        "Quorvel said the site was down. Quorvel added that users were told.",
    ],
)
def test_repeated_words_of_people_places_and_acronyms_are_not_new_organisations(kb, text: str) -> None:
    assert [n for n in names(run(kb, text)) if n != "Nordic Film League"] == []
