"""events.py: dated events found in an article's sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from news_digest.events import find_events, load_vocabulary, merge_events
from news_digest.models import AnnotatedDocument, Block, Document, Entity, Mention, TaggedEntity
from news_digest.yamlfiles import ConfigError

ACT = Entity(id="copyright-modernization-act", kind="legal_instrument", name="Copyright Modernization Act")
ACTA = Entity(id="acta", kind="legal_instrument", name="Anti-Counterfeiting Trade Agreement")
PARLIAMENT = Entity(id="european-parliament", kind="organisation", name="European Parliament")
BREIN = Entity(id="brein", kind="organisation", name="BREIN")
PRQ = Entity(id="prq", kind="organisation", name="PRQ")
CANADA = Entity(id="canada", kind="country", name="Canada")
OLD_ACT = Entity(id="copyright-act-1968", kind="legal_instrument", name="Copyright Act 1968")
DIRECTIVE = Entity(id="directive-2001-29-ec", kind="legal_instrument", name="Directive 2001/29/EC")


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary()


def annotated(paragraphs: list[str], surfaces: dict[str, Entity], title: str = "A headline") -> AnnotatedDocument:
    """A document whose every occurrence of each surface form is a mention of its entity."""
    document = Document(
        seed="x.txt", seed_hash="sha256:0", title=title, blocks=tuple(Block("paragraph", p) for p in paragraphs)
    )
    text = document.text
    mentions: dict[str, list[Mention]] = {}
    for surface, entity in surfaces.items():
        start = text.find(surface)
        while start >= 0:
            mentions.setdefault(entity.key, []).append(Mention(surface, start, start + len(surface)))
            start = text.find(surface, start + len(surface))
    entities = {entity.key: entity for entity in surfaces.values()}
    return AnnotatedDocument(
        document,
        tuple(TaggedEntity(entities[key], tuple(found), 0.5) for key, found in sorted(mentions.items())),
    )


def labels(events) -> list[tuple[int, str]]:
    return [(event.year, event.label) for event in events]


def test_enacting_an_act_in_a_year_becomes_an_enacted_event(vocabulary) -> None:
    article = annotated(
        [
            "Canada has been paying more attention to IP issues in recent years, enacting the Copyright "
            "Modernization Act in 2012 and subsequently introducing a bill designed to strengthen IP enforcement."
        ],
        {"Canada": CANADA, "Copyright Modernization Act": ACT},
    )
    events = find_events(article, vocabulary)
    assert labels(events) == [(2012, "Copyright Modernization Act enacted")]
    assert events[0].entity == ACT
    assert "enacting the Copyright Modernization Act in 2012" in events[0].excerpt


def test_each_year_of_a_sentence_gets_the_verb_nearest_to_it(vocabulary) -> None:
    article = annotated(
        ["The Anti-Counterfeiting Trade Agreement was signed in 2011 and rejected by the European Parliament in 2012."],
        {"Anti-Counterfeiting Trade Agreement": ACTA, "European Parliament": PARLIAMENT},
    )
    assert labels(find_events(article, vocabulary)) == [
        (2011, "Anti-Counterfeiting Trade Agreement signed"),
        (2012, "Anti-Counterfeiting Trade Agreement rejected"),
    ]


def test_an_organisation_that_undergoes_the_verb_is_labelled_with_it(vocabulary) -> None:
    article = annotated(["PRQ was raided in 2006 as well. Police raided PRQ again in 2010."], {"PRQ": PRQ})
    assert labels(find_events(article, vocabulary)) == [(2006, "PRQ raided"), (2010, "PRQ raided")]


def test_an_organisation_that_acts_makes_no_event_without_a_verb_for_it(vocabulary) -> None:
    # "BREIN sued" would read as if BREIN had been sued: no label says what happened, so no event.
    article = annotated(["On 14 May 2014 BREIN sued the operator of the site."], {"BREIN": BREIN})
    assert find_events(article, vocabulary) == ()


def test_every_event_label_is_the_entity_and_a_verb(vocabulary) -> None:
    article = annotated(
        [
            "In 2001 the World Trade Organization met in Doha.",
            "PRQ was raided in 2006. In 2010 BREIN sued the operator of the site.",
        ],
        {"World Trade Organization": Entity(id="wto", kind="organisation", name="World Trade Organization"),
         "PRQ": PRQ, "BREIN": BREIN},
    )
    events = find_events(article, vocabulary)
    assert labels(events) == [(2006, "PRQ raided")]
    assert all(event.label == f"{event.entity.name} {event.verb}" for event in events)


def test_an_event_remembers_every_entity_its_sentence_names(vocabulary) -> None:
    article = annotated(
        ["Canada has been busy, enacting the Copyright Modernization Act in 2012."],
        {"Canada": CANADA, "Copyright Modernization Act": ACT},
    )
    (event,) = find_events(article, vocabulary)
    assert event.names == ("country/canada", "legal_instrument/copyright-modernization-act")


def test_the_same_event_from_two_articles_is_merged_listing_both(vocabulary) -> None:
    first = annotated(["The Anti-Counterfeiting Trade Agreement was signed on 1 October 2011 in Tokyo."], {
        "Anti-Counterfeiting Trade Agreement": ACTA})
    second = annotated(["Canada signed the Anti-Counterfeiting Trade Agreement in 2011."], {
        "Anti-Counterfeiting Trade Agreement": ACTA, "Canada": CANADA})
    third = annotated(["The Anti-Counterfeiting Trade Agreement was rejected in 2012."], {
        "Anti-Counterfeiting Trade Agreement": ACTA})
    pairs = [(url, event) for url, doc in (("a.html", first), ("b.html", second), ("c.html", third))
             for event in find_events(doc, vocabulary)]
    merged = merge_events(pairs)
    assert [(event.year, event.label) for event in merged] == [
        (2011, "Anti-Counterfeiting Trade Agreement signed"),
        (2012, "Anti-Counterfeiting Trade Agreement rejected"),
    ]
    signed = merged[0]
    assert [source.url for source in signed.sources] == ["a.html", "b.html"]
    assert signed.date == dt.date(2011, 10, 1)  # the one full date given
    assert "country/canada" in signed.names  # Canada's filter finds the treaty it signed
    assert merged[1].sources[0].url == "c.html" and merged[1].date is None


def test_full_dates_in_several_formats(vocabulary) -> None:
    article = annotated(
        [
            "PRQ was raided on May 31, 2006.",
            "The Anti-Counterfeiting Trade Agreement was signed on 2011-10-01.",
            "The Copyright Modernization Act came into force on 7th November 2012.",
        ],
        {"PRQ": PRQ, "Anti-Counterfeiting Trade Agreement": ACTA, "Copyright Modernization Act": ACT},
    )
    events = find_events(article, vocabulary)
    assert [(e.date, e.label) for e in events] == [
        (dt.date(2006, 5, 31), "PRQ raided"),
        (dt.date(2011, 10, 1), "Anti-Counterfeiting Trade Agreement signed"),
        (dt.date(2012, 11, 7), "Copyright Modernization Act came into force"),
    ]


def test_numbers_that_are_not_years_make_no_event(vocabulary) -> None:
    article = annotated(
        [
            "With 10,000 members, PRQ hosted 2000 sites and the 1990s were quiet.",
            "Directive 2001/29/EC was adopted after much debate.",
            "The Copyright Act 1968 was amended.",
        ],
        {"PRQ": PRQ, "Directive 2001/29/EC": DIRECTIVE, "Copyright Act 1968": OLD_ACT},
    )
    assert find_events(article, vocabulary) == ()


def test_an_impossible_date_keeps_only_its_month_and_year(vocabulary) -> None:
    (event,) = find_events(annotated(["PRQ was raided on 31 February 2012."], {"PRQ": PRQ}), vocabulary)
    assert (event.year, event.date, event.label) == (2012, None, "PRQ raided")


def test_a_year_needs_an_instrument_or_organisation_in_its_sentence(vocabulary) -> None:
    article = annotated(
        ["Canada changed a lot in 2012. The Copyright Modernization Act is long."],
        {"Canada": CANADA, "Copyright Modernization Act": ACT},
    )
    assert find_events(article, vocabulary) == ()


def test_sentences_split_but_not_at_abbreviations_or_dotted_names(vocabulary) -> None:
    us = Entity(id="united-states", kind="country", name="United States")
    article = annotated(
        ["Mr. Smith said the U.S. Trade body was fine. The Copyright Modernization Act was passed in 2012."],
        {"U.S.": us, "Copyright Modernization Act": ACT},
    )
    (event,) = find_events(article, vocabulary)
    assert event.excerpt == "The Copyright Modernization Act was passed in 2012."
    assert event.label == "Copyright Modernization Act passed"


def test_the_same_event_twice_in_an_article_is_listed_once(vocabulary) -> None:
    article = annotated(
        ["PRQ was raided in 2006.", "Again: PRQ was raided in 2006."], {"PRQ": PRQ}
    )
    assert labels(find_events(article, vocabulary)) == [(2006, "PRQ raided")]


def test_long_sentences_are_cut_around_the_year(vocabulary) -> None:
    filler = " ".join(f"word{i}" for i in range(40))
    article = annotated([f"{filler} PRQ was raided in 2006 {filler}."], {"PRQ": PRQ})
    (event,) = find_events(article, vocabulary)
    assert event.excerpt.startswith("… ") and event.excerpt.endswith(" …")
    assert "2006" in event.excerpt and len(event.excerpt.split()) <= 32


def test_a_year_far_from_the_entity_dates_something_else(vocabulary) -> None:
    article = annotated(
        [
            "The minister signed the Copyright Modernization Act, replacing rules that had stood unchanged since 1968.",
            "PRQ grew quickly; the old hosting market had collapsed in 2001.",
        ],
        {"Copyright Modernization Act": ACT, "PRQ": PRQ},
    )
    assert find_events(article, vocabulary) == ()


def test_a_participle_after_a_comma_describes_the_name_before_it(vocabulary) -> None:
    article = annotated(["PRQ, founded in 2004 by two activists, hosts many sites."], {"PRQ": PRQ})
    assert labels(find_events(article, vocabulary)) == [(2004, "PRQ founded")]


def test_vocabulary_errors_name_the_file_and_entry(tmp_path: Path) -> None:
    bad = tmp_path / "events.yml"
    bad.write_text("kinds: [legal_instrument]\ncues: [in]\nverbs:\n  passed: [passed]\n  signed: [passed]\n")
    with pytest.raises(ConfigError, match=r"events\.yml.*'passed' is listed under both") as raised:
        load_vocabulary(bad)
    assert (raised.value.file, raised.value.entry) == (str(bad), "verbs: signed")
    bad.write_text("kinds: [planet]\ncues: [in]\nverbs: {passed: [passed]}\n")
    with pytest.raises(ConfigError, match="unknown kind") as raised:
        load_vocabulary(bad)
    assert raised.value.entry == "kinds"
    bad.write_text("kinds: [country]\ncues: [in]\nverbs: {passed: [passed]}\nextra: 1\n")
    with pytest.raises(ConfigError, match="unknown key"):
        load_vocabulary(bad)
    bad.write_text("kinds: [\n")
    with pytest.raises(ConfigError, match="cannot read"):
        load_vocabulary(bad)
