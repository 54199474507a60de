"""tagger/: how the tagger holds up on text nobody wrote for it (issue 12).

URLs and e-mail addresses left in prose, domains with hyphens, demonyms the data marks
ambiguous, glosses, and names nobody listed. The sentences are invented for each rule.
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
    return load_knowledge(
        [FIXTURES / "knowledge", FIXTURES / "knowledge-unseen"], builtin_entities=False
    )


def run(kb, *paragraphs: str, title: str = "News") -> AnnotatedDocument:
    blocks = tuple(Block("paragraph", p) for p in paragraphs)
    return tag(Document(seed="t.txt", seed_hash="sha256:0", title=title, blocks=blocks, related=()), kb)


def names(annotated: AnnotatedDocument, kind: str | None = None) -> list[str]:
    return sorted(t.entity.name for t in annotated.entities if kind is None or t.entity.kind == kind)


def mention_texts(annotated: AnnotatedDocument) -> list[str]:
    return sorted(m.text for t in annotated.entities for m in t.mentions)


# --- 1. URLs and e-mail addresses -------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Details are at https://www.fjordnet.com/Canada/press-release today.",
        "Details are at http://Netelligent-Hosting.net/Dutch/info.html, the page says.",
        "Details are at www.fjordnet.org/Canada/news for readers.",
        "Details are at fjordnet.co.uk/Iran/news for readers.",
        "Write to press@Fjordnet.com or legal@canada.example.org for comment.",
    ],
)
def test_nothing_is_found_inside_a_url_or_address(kb, sentence: str) -> None:
    assert names(run(kb, sentence)) == []


def test_names_around_a_url_are_still_found(kb) -> None:
    result = run(kb, "Canadian police said (https://example.com/a) that Fjordnet AB was raided.")
    assert names(result, "country") == ["Canada"]
    assert "Fjordnet AB" in names(result, "organisation")
    assert not any("example" in text for text in mention_texts(result))


def test_a_bare_domain_is_still_a_site(kb) -> None:
    result = run(kb, "The site Quiltra.org went offline, and Quiltra.org said it would return.")
    assert names(result, "organisation") == ["Quiltra.org"]


# --- 2. domains kept whole ----------------------------------------------------------------------


@pytest.mark.parametrize("domain", ["Stream-Box.uk", "quilt-King.co.uk", "Media.Quiltra.co.uk"])
def test_hyphenated_and_multi_dot_domains_are_one_site(kb, domain: str) -> None:
    text = f"The operators of {domain} closed it after a letter. Visitors of {domain} saw a notice."
    result = run(kb, text)
    assert names(result, "organisation") == [domain]
    assert mention_texts(result) == [domain, domain]


def test_hyphenated_words_are_still_split(kb) -> None:
    result = run(kb, "A Canada-based host and a Dutch-made player.")
    assert names(result, "country") == ["Canada", "Netherlands"]


# --- 3. ambiguous demonyms in a national context -----------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Polish MEPs voted against the plan.",
        "The Polish government rejected it.",
        "Polish lawmakers objected.",
    ],
)
def test_an_ambiguous_demonym_before_a_national_body_is_the_country(kb, sentence: str) -> None:
    assert names(run(kb, sentence), "country") == ["Poland"]


@pytest.mark.parametrize(
    "sentence", ["A Polish translation was released.", "They polish the shoes.", "Polish Petersen spoke."]
)
def test_an_ambiguous_demonym_without_national_context_is_not(kb, sentence: str) -> None:
    assert names(run(kb, sentence), "country") == []


# --- 4. glosses, bracketed definitions, typos, "unrelated to" ---------------------------------


def entity_mentions(annotated: AnnotatedDocument, kind: str) -> list[list[str]]:
    return sorted(sorted(m.text for m in t.mentions) for t in annotated.entities if t.entity.kind == kind)


def test_a_gloss_with_a_dash_and_the_original_in_brackets_is_one_body(kb) -> None:
    result = run(
        kb,
        "The Broadcasting Standards Office – BSO (Bureau des normes de radiodiffusion) fined the channel.",
    )
    assert len(entity_mentions(result, "organisation")) == 1
    (found,) = entity_mentions(result, "organisation")
    assert "Broadcasting Standards Office" in found and "Bureau des normes de radiodiffusion" in found


def test_an_english_gloss_before_the_original_and_its_acronym_is_one_body(kb) -> None:
    result = run(
        kb,
        "A complaint by the Society for Fair Film Rights (Gesellschaft für faire Filmrechte, GFF) "
        "started it. The GFF said more raids would follow.",
    )
    (found,) = entity_mentions(result, "organisation")
    assert "Society for Fair Film Rights" in found and "GFF" in found


def test_a_long_statute_is_one_law_with_the_short_name_it_defines(kb) -> None:
    result = run(
        kb,
        "Parliament passed the Protection of Creative Works and Neighbouring Rights Act 2019 "
        "(the Creative Works Act) in May. Critics say the Creative Works Act goes too far.",
    )
    (found,) = entity_mentions(result, "legal_instrument")
    assert found[0].startswith("Creative Works Act") or "Protection of Creative Works" in found[0]
    assert any(text.startswith("Protection of Creative Works") for text in found)
    assert found.count("Creative Works Act") == 2


def test_a_swapped_letter_in_a_found_site_is_the_same_site(kb) -> None:
    result = run(kb, "Police closed Quiltra.to on Monday. Qulitra.to, as readers spelt it, had many users.")
    assert entity_mentions(result, "organisation") == [["Quiltra.to", "Qulitra.to"]]


def test_a_swapped_letter_in_a_listed_site_is_that_site(kb) -> None:
    result = run(kb, "Police closed Filmo.to on Monday. Flimo.to, as readers spelt it, had many users.")
    assert names(result, "organisation") == ["Filmo.to"]
    assert mention_texts(result) == ["Filmo.to", "Flimo.to"]


def test_a_site_with_a_letter_more_is_another_site(kb) -> None:
    result = run(kb, "Police closed Filmo.to on Monday. Copies appeared as Filmox.to within days.")
    assert names(result, "organisation") == ["Filmo.to", "Filmox.to"]


@pytest.mark.parametrize("phrase", ["is unrelated to", "is not affiliated with", "has no connection to"])
def test_a_look_alike_the_text_calls_unrelated_stays_apart(kb, phrase: str) -> None:
    result = run(
        kb,
        f"Police closed Quiltra.to on Monday. The ticket shop Quiltra.de says it {phrase} Quiltra.to.",
    )
    assert names(result, "organisation") == ["Quiltra.de", "Quiltra.to"]


def test_a_look_alike_of_a_listed_site_the_text_calls_unrelated_stays_apart(kb) -> None:
    result = run(kb, "Police closed Filmo.to. The shop Filmos.to says it is unrelated to Filmo.to.")
    assert names(result, "organisation") == ["Filmo.to", "Filmos.to"]


# --- 6. names nobody listed ---------------------------------------------------------------------


def test_names_in_a_list_beside_listed_organisations_are_organisations(kb) -> None:
    result = run(kb, "The order binds Telstra, Optus, Quorvel, Tindrak and several smaller providers.")
    assert {"Quorvel", "Tindrak"} <= set(names(result, "organisation"))


def test_names_in_a_list_before_listed_organisations_are_organisations(kb) -> None:
    result = run(kb, "Customers of Quorvel, Tindrak, Telstra and Optus lost access.")
    assert {"Quorvel", "Tindrak"} <= set(names(result, "organisation"))


def test_people_and_places_in_a_list_are_not_taken(kb) -> None:
    result = run(kb, "Executives from Telstra met Anna Lindqvist, Peter Holm and Optus in Sydney.")
    assert names(result, "organisation") == ["Optus", "Telstra"]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The court told Marlow Digital to stop running its Quill Share service at once.", "Quill Share"),
        ("The regulator admitted that its Lantern Guard platform blocked an address.", "Lantern Guard"),
    ],
)
def test_a_name_between_its_owner_and_a_descriptor_is_an_organisation(kb, sentence: str, name: str) -> None:
    assert name in names(run(kb, sentence), "organisation")


def test_a_common_word_between_its_owner_and_a_descriptor_is_not_a_name(kb) -> None:
    result = run(kb, "The company said its Android app and its new site would close.")
    assert names(result, "organisation") == []


def test_a_gloss_of_a_listed_body_with_its_acronym_and_name_is_that_body(kb) -> None:
    result = run(
        kb,
        "The complaint came from the Global Creative Property Alliance – IIPA "
        "(International Intellectual Property Alliance), which lobbies for studios.",
    )
    assert names(result, "organisation") == ["International Intellectual Property Alliance"]


@pytest.mark.parametrize("opener", ["such as", "including", "like"])
def test_names_in_a_list_after_their_kind_are_organisations(kb, opener: str) -> None:
    result = run(kb, f"Torrent sites {opener} Zorbex, Quillo and Marvane were blocked on Friday.")
    assert names(result, "organisation") == ["Marvane", "Quillo", "Zorbex"]


def test_a_list_after_a_word_that_is_not_a_kind_is_not_taken(kb) -> None:
    result = run(kb, "Fans in cities such as Arvika, Molde and Tromsoe watched it.")
    assert names(result, "organisation") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Fans, Telstra and Optus reacted.",
        "He met Peter, Telstra and Optus staff.",
        "Users, Optus and Telstra agreed.",
    ],
)
def test_a_list_member_that_opens_a_sentence_or_is_a_given_name_is_not_taken(kb, sentence: str) -> None:
    assert names(run(kb, sentence), "organisation") == ["Optus", "Telstra"]
