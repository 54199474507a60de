"""Seed bytes -> Document: what a reader of the digest sees of a scraped page, and what it never sees."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import hashlib
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from news_digest.models import Block, Document, SourceInfo
from news_digest.reading import SeedError, ingest
from news_digest.reading.boilerplate import load_rules
from news_digest.reading.sources import load_sources

RULES = load_rules()
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
BODY = "The court ruled against the site on Monday, ordering it to close within a week."
OTHER = "The operators said they would appeal the decision at the first opportunity."


def read(text: str, source: SourceInfo | None = None) -> Document:
    return ingest("test.txt", text.encode("utf-8"), source, RULES)


def seed(name: str) -> Document:
    sources = load_sources(SEEDS / "sources.yml")
    return ingest(name, (SEEDS / name).read_bytes(), sources.get(name), RULES)


def fixture(name: str) -> Document:
    return ingest(name, (FIXTURES / name).read_bytes(), None, RULES)


def kinds(document: Document) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in document.blocks]


# -- the two real seeds ---------------------------------------------------------


@pytest.mark.parametrize("name", ["000_52cd81008fab5fa3.txt", "002_80d39e8c1e91e9ca.txt"])
def test_real_seeds_lose_their_page_furniture(name: str) -> None:
    document = seed(name)
    for furniture in ("Home > News >", "Sponsors", "Popular Posts", "From 2 Years ago", "Further readings"):
        assert furniture not in document.text
    lines = document.text.split("\n\n")
    assert "Netelligent servers" not in lines
    assert "Neteligent" not in lines
    assert document.warnings == ()


def test_seed_000_is_an_updated_story_with_two_update_notes() -> None:
    document = seed("000_52cd81008fab5fa3.txt")
    assert document.title == "Canadian Police Raid BitTorrent Tracker, Confiscate Server"
    assert document.updated is True
    updates = [block.text for block in document.blocks if block.kind == "update"]
    assert len(updates) == 2
    assert updates[0].startswith("Update: Netelligent confirm action against Sparvar’s server")
    assert updates[1].startswith("Update: TorrentFreak has been informed by Netelligent president")
    assert document.blocks[0].text.startswith("In somewhat of a surprise move, Canadian police")
    assert document.blocks[-1].text.startswith("A separate source familiar with the case")
    assert (document.date, document.date_source) == (dt.date(2014, 5, 14), "sources")
    assert document.source_url and document.source_url.startswith("http://torrentfreak.com/")


def test_seed_002_keeps_its_further_readings_apart() -> None:
    document = seed("002_80d39e8c1e91e9ca.txt")
    assert document.title == "Cops in Europe take down the Jolly Roger"
    assert document.updated is False
    assert document.related == (
        "Treaty Negotiators Turn to ‘ACTA Lite’ in Hopes of Closure",
        "Swedish press release on raids",
        "Where Will We Download ‘Mad Men’ Now?",
    )
    for headline in document.related:
        assert headline not in document.text
    assert document.blocks[-1].text.startswith("Odds are the operators will calm down")
    assert (document.date, document.date_source) == (dt.date(2010, 9, 8), "sources")


def test_seed_002_loses_the_section_label_glued_to_its_first_paragraph() -> None:
    first = seed("002_80d39e8c1e91e9ca.txt").blocks[0].text
    assert first.startswith("With ACTA negotiators closing in on a final deal")


def test_seed_hash_is_the_sha256_of_the_raw_bytes() -> None:
    data = (SEEDS / "000_52cd81008fab5fa3.txt").read_bytes()
    assert seed("000_52cd81008fab5fa3.txt").seed_hash == "sha256:" + hashlib.sha256(data).hexdigest()


def test_ingesting_twice_gives_the_same_document() -> None:
    assert seed("000_52cd81008fab5fa3.txt") == seed("000_52cd81008fab5fa3.txt")


# -- fixture seeds from other kinds of sites -----------------------------------


def test_a_blog_post_with_breadcrumbs_buttons_an_image_and_comments() -> None:
    document = fixture("wordpress_blog.txt")
    assert document.title == "Dutch Court Orders ISPs to Block Torrent Index"
    assert (document.date, document.date_source) == (dt.date(2012, 3, 6), "dateline")
    assert ("subheading", "What happens next?") in kinds(document)
    assert document.related == (
        "Swedish Prosecutors Appeal Tracker Verdict",
        "Music Industry Targets Cyberlockers in New Campaign",
    )
    for gone in (
        "Home »",
        "Posted on",
        "Share",
        "Tweet",
        "[Image",
        "Advertisement",
        "Leave a Reply",
        "Pieter says",
    ):
        assert gone not in document.text
    # A hard-wrapped paragraph becomes one line.
    assert document.blocks[-1].text.endswith("would go back to court against those that did not.")


def test_a_newspaper_page_with_byline_captions_update_and_footer() -> None:
    document = fixture("newspaper_weekday.txt")
    assert (document.date, document.date_source) == (dt.date(2006, 5, 31), "dateline")
    assert [kind for kind, _ in kinds(document)] == ["paragraph", "paragraph", "paragraph", "update"]
    # The paragraph that an advertisement had split is whole again.
    assert document.blocks[2].text.startswith("The tracker's operators said on an alternate site that")
    assert (
        document.blocks[3].text
        == "Update (June 1): The tracker is back online, now hosted in the Netherlands."
    )
    assert document.related == (
        "Record Labels Sue File-Sharing Network",
        "Minister Defends New Copyright Bill",
    )
    for gone in (
        "Wednesday",
        "By Erik Lund",
        "Photo:",
        "Server room",
        "Hosting company",
        "©",
        "You may also like",
    ):
        assert gone not in document.text


def test_a_press_release_with_a_glued_dateline_a_list_and_a_contact_block() -> None:
    document = fixture("press_release.txt")
    assert (document.date, document.date_source) == (dt.date(2012, 3, 6), "dateline")
    assert document.blocks[0].text.startswith("A coalition of film and music producers today welcomed")
    texts = [block.text for block in document.blocks]
    # Short lines announced by a colon are a list, not captions.
    assert texts[2:6] == ["The rules cover:", "Streaming portals", "Torrent indexes", "Cyberlockers"]
    assert "Media contact" not in document.text and "About the coalition" not in document.text


def test_hard_wrapped_prose_loses_no_line_that_starts_like_boilerplate() -> None:
    document = fixture("wrapped_newsletter.txt")
    raw = (FIXTURES / "wrapped_newsletter.txt").read_text("utf-8").split("\n\n")
    assert (document.date, document.date_source) == (dt.date(2019, 11, 4), "dateline")
    assert [block.text for block in document.blocks] == [" ".join(part.split()) for part in raw[1:4]]
    assert "Anna" not in document.text


def test_a_windows_file_with_bom_crlf_and_an_updated_prefix() -> None:
    document = fixture("bom_crlf.txt")
    assert document.title == "Copyright Levy on Blank Media Raised Again"
    assert document.updated is True
    assert (document.date, document.date_source) == (dt.date(2012, 3, 6), "dateline")
    assert document.related == ("Levy Reform Stalls in Parliament",)
    assert "\r" not in document.text and "\ufeff" not in document.text
    assert "You are here" not in document.text and "Tags:" not in document.text
    assert document.blocks[0].text.startswith(
        "The government has raised the private copying levy on blank media"
    )


def test_a_windows_1252_file_keeps_its_curly_quotes_with_a_warning() -> None:
    document = fixture("cp1252.txt")
    assert document.title == "Minister’s “Three Strikes” Plan Draws Criticism"
    assert document.blocks[1].text == "“Disconnection is a punishment out of all proportion,” one group said."
    assert "–" in document.blocks[0].text
    assert document.warnings == ("not valid UTF-8; read as Windows-1252",)
    assert (document.date, document.date_source) == (dt.date(2012, 10, 1), "dateline")


def test_a_utf16_file_with_bom_is_read() -> None:
    document = fixture("utf16.txt")
    assert document.title == "Café Owners Fined for Playing Radio Music"
    assert document.date == dt.date(2020, 7, 2)
    assert document.warnings == ()


def test_a_portal_page_with_a_cookie_banner_scripts_a_sponsored_block_and_widgets() -> None:
    document = fixture("portal_with_widgets.txt")
    # The cookie banner above the headline is not the headline.
    assert document.title == "Lisbon court orders ISPs to block streaming portals"
    assert (document.date, document.date_source) == (dt.date(2015, 3, 12), "dateline")
    assert [block.text[:40] for block in document.blocks] == [
        "A court in Lisbon has ordered the countr",
        "The case was brought by a coalition of f",
        "Judges rejected the providers' argument ",
    ]
    # The sponsored teasers are not related reading; the "Also read" link is.
    assert document.related == ("Spanish regulator targets football streams",)
    for gone in ("cookies", "Partilhar", "dataLayer", "googletag", "_pageConfig", "gadget", "broadband",
                 "inbox", "email address", "Sign up", "site blocking", "WhatsApp", "comment"):
        assert gone not in document.text, gone


def test_a_blog_page_with_a_share_bar_style_lines_and_a_comment_form() -> None:
    document = fixture("blog_with_widgets.txt")
    assert document.title == "Hamburg court fines uploader over leaked album"
    assert (document.date, document.date_source) == (dt.date(2019, 11, 4), "dateline")
    assert [block.kind for block in document.blocks] == ["paragraph"] * 3
    # A hard-wrapped sentence stays whole.
    assert document.blocks[0].text.endswith("ordering him to pay the record label's legal costs as well.")
    assert document.related == ("Labels Sue Over Pre-Release Leaks",)
    for gone in ("Teilen", "Drucken", "display", "@media", "energy supplier", "sleep", "cookies",
                 "Music", "Filed under", "Cancel reply", "will not be published", "Klaus"):
        assert gone not in document.text, gone


def test_a_file_of_only_boilerplate_is_refused() -> None:
    with pytest.raises(SeedError, match="^no article text after removing boilerplate$"):
        fixture("only_boilerplate.txt")


# -- decoding and bad input -------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + "Café raid\n\nPolice came.\n".encode(),
        "Café raid\n\nPolice came.\n".encode("utf-16"),
        codecs.BOM_UTF16_BE + "Café raid\n\nPolice came.\n".encode("utf-16-be"),
        "Café raid\n\nPolice came.\n".encode("utf-32"),
    ],
)
def test_unicode_files_with_a_byte_order_mark_are_read(encoded: bytes) -> None:
    document = ingest("x.txt", encoded, rules=RULES)
    assert (document.title, document.blocks) == ("Café raid", (Block("paragraph", "Police came."),))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n  \n", "empty file"),
        (codecs.BOM_UTF8 + b"\n\n", "empty file"),
        ("\u00a0\u3000\n".encode(), "empty file"),
        (b"Headline\x00\n\nText with a NUL byte.\n", "binary file (contains NUL bytes)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image)"),
        (b"PK\x03\x04\x14\x00\x00\x00", "binary file (ZIP archive)"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "binary file (PDF document)"),
        (bytes(range(1, 9)) * 20 + b"Headline\n\nText.", "binary file (many control characters)"),
        (
            b"Headline\n\nBad bytes \x81\x8d here and \xff.",
            "undecodable text: neither UTF-8 nor Windows-1252",
        ),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "undecodable text: not valid UTF-16 despite its byte order mark"),
        (b"Just a headline\n", "no article text after removing boilerplate"),
        (b"Home > News >\n\nAdvertisement\n", "no article text after removing boilerplate"),
    ],
)
def test_bad_input_is_refused_with_a_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(SeedError) as error:
        ingest("bad.txt", data, rules=RULES)
    assert str(error.value) == reason


def test_windows_1252_is_only_a_fallback() -> None:
    document = ingest("x.txt", "Naïve “quotes”\n\nText.".encode(), rules=RULES)
    assert document.title == "Naïve “quotes”" and document.warnings == ()


def test_a_stray_byte_in_utf8_text_does_not_garble_the_rest() -> None:
    # One damaged byte must not turn every accented letter into mojibake ("CafÃ©").
    data = "Café owners sue “pirates”\n\nThe café’s owners… sued in Zürich".encode() + b"\xff today.\n"
    document = ingest("x.txt", data, rules=RULES)
    assert document.title == "Café owners sue “pirates”"
    assert document.blocks == (Block("paragraph", "The café’s owners… sued in Zürichÿ today."),)
    assert document.warnings == ("read as UTF-8 but 1 byte(s) not valid UTF-8, read as Windows-1252",)


def test_each_stray_byte_in_utf8_text_is_read_as_windows_1252() -> None:
    # A UTF-8 page with a Windows-1252 sentence pasted in: every character comes out right.
    data = "Zürich court rules\n\nA court in Zürich ruled on the café’s case.".encode()
    data += " It fined the owners €5,000 – less than asked.\n".encode("cp1252")
    document = ingest("x.txt", data, rules=RULES)
    assert document.blocks[0].text == (
        "A court in Zürich ruled on the café’s case. It fined the owners €5,000 – less than asked."
    )
    assert document.warnings == ("read as UTF-8 but 2 byte(s) not valid UTF-8, read as Windows-1252",)


def test_windows_1252_text_with_an_accidental_utf8_pair_is_still_windows_1252() -> None:
    # "É’" happens to be valid UTF-8 (U+0252), but the many curly quotes around it are not.
    text = "CAFÉ’S “PIRATES” WIN\n\nThe “café” owners’ case – and their “appeal” – failed.\n"
    document = ingest("x.txt", text.encode("cp1252"), rules=RULES)
    assert document.title == "CAFÉ’S “PIRATES” WIN"
    assert document.blocks == (Block("paragraph", "The “café” owners’ case – and their “appeal” – failed."),)
    assert document.warnings == ("not valid UTF-8; read as Windows-1252",)


# -- normalisation -------------------------------------------------------------


def test_line_endings_spaces_and_unicode_are_normalised() -> None:
    raw = "Cafe\u0301  raid\r\n\r\nPolice\tcame\u00a0at   dawn,\rand\u2028left.\r\n"
    document = read(raw)
    assert document.title == "Café raid"
    assert unicodedata.is_normalized("NFC", document.title)
    assert document.blocks == (Block("paragraph", "Police came at dawn, and left."),)


def test_control_and_invisible_characters_are_removed_with_a_warning() -> None:
    raw = f"Head\x07line\n\nPo\u200blice\u202e came\x1b \ufdd0and\u00ad left.\ufffe\n\n{BODY}\n\n{OTHER}\n"
    document = read(raw)
    assert document.title == "Headline"
    assert document.blocks[0].text == "Police came and left."
    assert document.warnings == ("removed 4 control character(s)",)


def test_markup_in_a_seed_is_kept_as_text() -> None:
    text = "<script>alert(1)</script> and *stars* and [a](http://x) and &amp; stay as written."
    document = read(f"Head <b>line</b>\n\n{text}")
    assert document.title == "Head <b>line</b>"
    assert document.blocks[0].text == text


# -- headline --------------------------------------------------------------------


@pytest.mark.parametrize(
    "headline",
    [
        "Updated: Police Raid Tracker",
        "UPDATED: Police Raid Tracker",
        "updated: Police Raid Tracker",
        "UPDATED - Police Raid Tracker",
        "Update: Police Raid Tracker",
        "Update 2: Police Raid Tracker",
        "[Updated] Police Raid Tracker",
    ],
)
def test_an_updated_prefix_leaves_the_headline_and_marks_the_story(headline: str) -> None:
    document = read(f"{headline}\n\n{BODY}")
    assert (document.title, document.updated) == ("Police Raid Tracker", True)


@pytest.mark.parametrize("headline", ["Updated Copyright Law Passes Senate", "Update-Free Software Sold Out"])
def test_a_headline_merely_starting_with_the_word_is_left_alone(headline: str) -> None:
    document = read(f"{headline}\n\n{BODY}")
    assert (document.title, document.updated) == (headline, False)


def test_page_furniture_before_the_headline_is_skipped() -> None:
    document = read(f"Home > News >\nAdvertisement\n6 March 2012\n\nPolice Raid Tracker\n\n{BODY}")
    assert document.title == "Police Raid Tracker"
    assert document.date == dt.date(2012, 3, 6)


# -- dates -----------------------------------------------------------------------


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


# -- subheadings, captions, lists ------------------------------------------------


def test_a_short_line_between_paragraphs_is_a_subheading() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nWhat the ruling means\n\n{OTHER}")
    assert kinds(document) == [
        ("paragraph", BODY),
        ("subheading", "What the ruling means"),
        ("paragraph", OTHER),
    ]


def test_a_question_can_be_a_subheading() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nWill the block work?\n\n{OTHER}")
    assert ("subheading", "Will the block work?") in kinds(document)


def test_image_captions_between_paragraphs_are_dropped() -> None:
    # An image's alt text and its caption come as a run of short lines.
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nNetelligent servers\n\nNeteligent\n\n{OTHER}")
    assert kinds(document) == [("paragraph", BODY), ("paragraph", OTHER)]


def test_a_one_word_caption_or_label_is_dropped() -> None:
    document = read(f"Police Raid Tracker\n\nPiracy\n\n{BODY}\n\nNeteligent\n\n{OTHER}")
    assert kinds(document) == [("paragraph", BODY), ("paragraph", OTHER)]


def test_a_sentence_is_never_a_subheading() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nFour people were detained.\n\n{OTHER}")
    assert kinds(document)[1] == ("paragraph", "Four people were detained.")


def test_a_standfirst_before_the_first_paragraph_is_kept() -> None:
    document = read(f"Police Raid Tracker\n\nServers seized in a dawn raid\n\n{BODY}")
    assert kinds(document) == [("paragraph", "Servers seized in a dawn raid"), ("paragraph", BODY)]


def test_short_items_announced_by_a_colon_are_kept() -> None:
    document = read(f"Police Raid Tracker\n\nThe blocked sites are:\n\nThe Pirate Bay\n\nKickass\n\n{OTHER}")
    assert [text for _, text in kinds(document)] == [
        "The blocked sites are:",
        "The Pirate Bay",
        "Kickass",
        OTHER,
    ]


# -- updates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "note",
    [
        "Update: The site is back online.",
        "UPDATE: The site is back online.",
        "Update (May 15): The site is back online.",
        "Updated May 15, 2014: The site is back online.",
        "UPDATE - The site is back online.",
        "Update 2: The site is back online.",
    ],
)
def test_update_notes_become_update_blocks_with_their_label(note: str) -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\n{note}\n\n{OTHER}")
    assert kinds(document) == [("paragraph", BODY), ("update", note), ("paragraph", OTHER)]


def test_an_update_label_on_its_own_line_joins_its_paragraph() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nUpdate (May 15):\n\n{OTHER}")
    assert kinds(document) == [("paragraph", BODY), ("update", f"Update (May 15): {OTHER}")]


@pytest.mark.parametrize(
    "text", ["Updates to the law were announced on Monday.", "Updated figures show a rise."]
)
def test_paragraphs_merely_starting_with_the_word_are_not_updates(text: str) -> None:
    assert read(f"Police Raid Tracker\n\n{BODY}\n\n{text}").blocks[1].kind == "paragraph"


# -- boilerplate in the body -----------------------------------------------------


@pytest.mark.parametrize(
    "furniture",
    [
        "Home > News >",
        "Home » Web TV »",
        "You are here: News » Piracy",
        "Share this article",
        "Share on Facebook",
        "Share on Twitter",
        "Advertisement",
        "Sponsors",
        "Tweet",
        "Email",
        "Print",
        "Comments (3)",
        "Read more",
        "Subscribe to our newsletter",
        "© 2014 Example News. All rights reserved.",
        "[Image: Police at the data centre]",
        "Photo: Police at the data centre",
        "(Photo credit: Jane Doe)",
        "From 2 Years ago…",
        "Tweet | Facebook | E-Mail",
    ],
)
def test_each_kind_of_boilerplate_is_removed_from_the_body(furniture: str) -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\n{furniture}\n\n{OTHER}")
    assert [text for _, text in kinds(document)] == [BODY, OTHER]


def test_boilerplate_inside_a_block_is_removed_line_by_line() -> None:
    document = read(f"Police Raid Tracker\n\nShare this article\nTweet\n{BODY}\n\n{OTHER}\nAdvertisement")
    assert [text for _, text in kinds(document)] == [BODY, OTHER]


@pytest.mark.parametrize(
    "heading",
    [
        "Popular Posts",
        "Related:",
        "Related articles",
        "Further readings:",
        "Read more:",
        "See also",
        "More from Example News",
        "You may also like",
    ],
)
def test_headlines_after_a_related_heading_go_to_related(heading: str) -> None:
    document = read(
        f"Police Raid Tracker\n\n{BODY}\n\n{heading}\nCourt Blocks Tracker\n\n• Minister Backs Bill"
    )
    assert document.related == ("Court Blocks Tracker", "Minister Backs Bill")
    assert [text for _, text in kinds(document)] == [BODY]


def test_a_related_headline_on_the_heading_line_is_kept_apart() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nRelated: Court Blocks Tracker in Sweden\n\n{OTHER}")
    assert document.related == ("Court Blocks Tracker in Sweden",)
    assert [text for _, text in kinds(document)] == [BODY, OTHER]


def test_a_one_line_related_link_does_not_take_the_subheading_after_it() -> None:
    text = f"Police Raid Tracker\n\n{BODY}\n\nRelated: Court Blocks Tracker\n\nWhat happens next\n\n{OTHER}"
    document = read(text)
    assert document.related == ("Court Blocks Tracker",)
    assert kinds(document) == [("paragraph", BODY), ("subheading", "What happens next"), ("paragraph", OTHER)]


def test_a_headline_with_the_site_name_after_a_bar_is_kept_whole() -> None:
    assert read(f"Police Raid Tracker | Example News\n\n{BODY}").title == "Police Raid Tracker | Example News"


def test_a_line_of_labels_under_the_headline_is_dropped() -> None:
    document = read(f"Police Raid Tracker\n\nBy Jane Doe | Amsterdam\n\nTechnology | Netherlands\n\n{BODY}")
    assert [text for _, text in kinds(document)] == [BODY]


def test_prose_after_a_related_box_resumes_the_article() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nRelated articles\nCourt Blocks Tracker\n\n{OTHER}")
    assert document.related == ("Court Blocks Tracker",)
    assert [text for _, text in kinds(document)] == [BODY, OTHER]


def test_comments_after_the_article_are_dropped() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nLeave a Reply\n\nJoe says: {OTHER}")
    assert [text for _, text in kinds(document)] == [BODY]


# A long article: the near-the-top allowances (datelines, label rows) are used up by then.
LEAD = "\n\n".join(f"{BODY} ({n})" for n in range(7))


def body_texts(furniture: str) -> list[str]:
    document = read(f"Police Raid Tracker\n\n{LEAD}\n\n{furniture}\n\n{OTHER}")
    assert document.related == ()
    return [text for _, text in kinds(document)][7:]


@pytest.mark.parametrize(
    "furniture",
    [
        "We use cookies to give you the best experience on our site. Accept",
        "This site uses cookies. By continuing to browse it you agree to our use of cookies.\n"
        "Accept | Manage preferences",
        "This site uses cookies.\nOK",
        "Login to post a comment",
        "Log in to comment",
        "5 comments",
        "Be the first to comment",
        "Partilhar: Facebook | Twitter | Email",
        "Compartir",
        "Teilen: Facebook · Twitter · E-Mail",
        "Facebook • Twitter • WhatsApp • Print",
        "Facebook Twitter WhatsApp Email",
        "Sponsored",
        "var slot = 'article-top';",
        "window.dataLayer = window.dataLayer || [];",
        "(function() { var s = document.createElement('script'); })();",
        "googletag.cmd.push(function() {\ngoogletag.display('ad-1');\n});",
        ".ad-box{display:none}",
        "Get the week's top stories delivered to your inbox\nEnter your email address\nSign up",
        "Tags: streaming, copyright",
        "Filed under: Legal",
    ],
)
def test_other_kinds_of_page_furniture_are_removed_from_the_body(furniture: str) -> None:
    assert body_texts(furniture) == [OTHER]


@pytest.mark.parametrize(
    "block",
    [
        "Sponsored content\nThe gadget every commuter wants this year\nCompare broadband deals near you",
        "Promoted\n\nHow to cut your energy bill\n\nThe hotel deals everyone is booking",
        "Paid content\nWhy investors like this fund",
        "Advertisement feature\nFive tips for a better night's sleep",
        "Sponsored: The gadget every commuter wants this year",
    ],
)
def test_a_sponsored_block_is_neither_body_nor_related_reading(block: str) -> None:
    assert body_texts(block) == [OTHER]


@pytest.mark.parametrize(
    "tags",
    [
        "Tags:\nstreaming, site blocking, Portugal",
        "Tags\n\nStreaming\n\nSite blocking",
        "Filed under:\nMusic\nCopyright",
    ],
)
def test_a_tag_list_under_its_label_is_dropped(tags: str) -> None:
    assert body_texts(tags) == [OTHER]


def test_a_sponsored_block_does_not_swallow_the_article_after_it() -> None:
    sponsored = "Sponsored\nThe gadget everyone wants"
    document = read(f"Police Raid Tracker\n\n{BODY}\n\n{sponsored}\n\n{OTHER}\n\nFour people were detained.")
    assert [text for _, text in kinds(document)] == [BODY, OTHER, "Four people were detained."]


def test_a_paragraph_split_by_a_sponsored_block_is_joined_again() -> None:
    text = (
        "The operators said on an alternate site that\n\n"
        "Sponsored\nThe gadget everyone wants\n\n"
        "they would be back within days."
    )
    document = read(f"Police Raid Tracker\n\n{BODY}\n\n{text}")
    assert [text for _, text in kinds(document)] == [
        BODY,
        "The operators said on an alternate site that they would be back within days.",
    ]


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        ("Also Read: Court Blocks Tracker In Sweden", "Court Blocks Tracker In Sweden"),
        ("Also read: Court blocks tracker in Sweden", "Court blocks tracker in Sweden"),
        ("ALSO READ | Court Blocks Tracker In Sweden", "Court Blocks Tracker In Sweden"),
        ("Also Read - Court Blocks Tracker In Sweden", "Court Blocks Tracker In Sweden"),
        ("Lesen Sie auch: Gericht sperrt Tracker", "Gericht sperrt Tracker"),
    ],
)
def test_an_also_read_line_inside_the_body_is_related_reading(line: str, headline: str) -> None:
    document = read(f"Police Raid Tracker\n\n{LEAD}\n\n{line}\n\n{OTHER}")
    assert document.related == (headline,)
    assert [text for _, text in kinds(document)][7:] == [OTHER]


@pytest.mark.parametrize(
    "line",
    [
        "More from the minister: she said the law would be reviewed next year.",
        "More from the minister: She said the law would be reviewed next year.",
    ],
)
def test_a_related_heading_followed_by_prose_on_its_line_is_kept(line: str) -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\n{line}")
    assert document.related == ()
    assert [text for _, text in kinds(document)] == [BODY, line]


def test_a_tag_line_with_its_items_does_not_take_the_line_under_it() -> None:
    document = read(f"Police Raid Tracker\n\nFiled under: Legal\nServers seized in a dawn raid\n\n{BODY}")
    assert [text for _, text in kinds(document)] == ["Servers seized in a dawn raid", BODY]


def test_a_long_line_of_page_script_is_dropped_whatever_its_length() -> None:
    script = "var config = {" + ", ".join(f'"slot{n}": [300, 250]' for n in range(40)) + "};"
    assert len(script) > RULES.limits.pattern_line_chars
    assert body_texts(script) == [OTHER]


@pytest.mark.parametrize("widget", ["Leave a reply", "Comments", "3 comments", "Log in to comment"])
def test_a_comment_link_above_the_headline_is_not_the_headline(widget: str) -> None:
    document = read(f"{widget}\n\nPolice Raid Tracker\n\n{BODY}\n\n{OTHER}")
    assert document.title == "Police Raid Tracker"
    assert [text for _, text in kinds(document)] == [BODY, OTHER]


def test_a_cookie_banner_above_the_headline_is_not_the_headline() -> None:
    banner = "We use cookies to improve your experience. By using this site you agree to our cookie policy."
    document = read(f"{banner}\nAccept | Reject\n\nPolice Raid Tracker\n\n{BODY}")
    assert document.title == "Police Raid Tracker"
    assert [text for _, text in kinds(document)] == [BODY]


@pytest.mark.parametrize(
    "prose",
    [
        "We use cookies only where the law allows it, the company's lawyer told the court.",
        "This site uses cookies to follow visitors across the web, the regulator found.",
        "Accept that the law has changed, the minister told critics.",
        "Login details of 2,000 users were leaked after the raid.",
        "Sponsored by a coalition of film studios, the bill passed the Senate.",
        "Promoted by the music industry, the law was criticised by digital rights groups.",
        "Facebook and Twitter both removed the video after the order.",
        "Tags on the uploaded files identified the release group.",
        "Filed under seal, the documents were released in 2014.",
        "Window dressing, critics called the new rules.",
        "Get ready for more blocking orders, one lawyer warned.",
    ],
)
def test_prose_that_starts_like_the_new_kinds_of_furniture_is_kept(prose: str) -> None:
    assert body_texts(prose) == [prose, OTHER]


@pytest.mark.parametrize("word", ["print", "share", "accept", "sponsored", "tags", "newsletter", "loading"])
def test_a_wrapped_line_of_one_lower_case_word_is_prose_not_a_button(word: str) -> None:
    paragraph = f"The court ruled that the operators should stop and\n{word}\nno more files, the judge said."
    document = read(f"Police Raid Tracker\n\n{BODY}\n\n{paragraph}")
    assert document.blocks[-1].text == " ".join(paragraph.split())


def test_a_comments_link_at_the_top_does_not_swallow_the_article() -> None:
    document = read(f"Police Raid Tracker\n\nComments\n\n{BODY}")
    assert [text for _, text in kinds(document)] == [BODY]


# -- properties ------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_document_or_a_seed_error(data: bytes) -> None:
    try:
        ingest("any.txt", data, rules=RULES)
    except SeedError as error:
        assert str(error)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_block_texts_are_clean_single_lines(text: str) -> None:
    try:
        document = read(text)
    except SeedError:
        return
    for piece in (document.title, *(block.text for block in document.blocks), *document.related):
        assert piece and piece == piece.strip()
        assert "\n" not in piece and "\t" not in piece and "  " not in piece
        assert unicodedata.is_normalized("NFC", piece)
        assert not any(unicodedata.category(char) == "Cc" for char in piece)


_LINES = st.sampled_from(
    [
        BODY,
        OTHER,
        "What the ruling means",
        "Neteligent",
        "Netelligent servers",
        "Update: It is back.",
        "Update (May 15):",
        "Related:",
        "Popular Posts",
        "Court Blocks Tracker",
        "Advertisement",
        "Sponsors",
        "Home > News >",
        "6 March 2012",
        "31 February 2012",
        "By Jane Doe | Amsterdam",
        "Leave a Reply",
        "The blocked sites are:",
        "Photo: the court",
        "Piracy With ACTA talks closing, police acted.",
        "STOCKHOLM, March 6, 2012 - Police raided a data centre.",
        "Updated: Police Raid Tracker",
        "",
        "and the ruling",
        "Tweet | Facebook",
    ]
)


def _words_in_order(part: str, source_words: list[str]) -> bool:
    remaining = iter(source_words)
    return all(word in remaining for word in part.split())


_VISIBLE = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn"))


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINES | st.text(_VISIBLE, max_size=40), max_size=25), st.sampled_from(["\n", "\n\n"]))
def test_ingest_only_removes_text_never_invents_or_reorders_it(lines: list[str], joiner: str) -> None:
    try:
        document = read(joiner.join(lines))
    except SeedError:
        return
    source_words = unicodedata.normalize("NFC", " ".join(lines)).split()
    assert _words_in_order(document.title, source_words)
    body = " ".join(block.text for block in document.blocks)
    assert _words_in_order(body, source_words)
    for headline in document.related:
        assert _words_in_order(headline, source_words)


# -- growth ------------------------------------------------------------------------


def _best_time(data: bytes, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(SeedError):
            ingest("big.txt", data, rules=RULES)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(
    "make",
    [
        # Many short lines that look almost like boilerplate, dates and headings.
        lambda n: (
            "Headline\n\n" + "Posted on 6 March 2012 by Home > News\nShare this article now\nPhoto:\n\n" * n
        ),
        # One very long line of near-misses for the patterns.
        lambda n: "Headline\n\n" + "Home > (Photo credit © 2012 Related: 6 March 2012 " * (4 * n),
        # Near-misses for the cookie, script, share-row and list rules, in one block and apart.
        lambda n: (
            "Headline\n\n"
            + "We use cookies and cookies and cookies to, Facebook Twitter Email Print Share,\n"
            "window.a.b.c.d.e.f.g.h.i.j.k.l.m Tags:\nSponsored\nThe gadget everyone wants\n\n" * n
        ),
        # Page-scrape markup and near-misses for it: menus, headings, emphasis, images, escapes.
        lambda n: (
            "# Headline\n\n"
            + "* [Item](https://site.example/a) | [x](/y)\n# Headline\n## Sub *em* **b** _u_ \\*\n"
            "![i](/z.png) [unclosed](https://a.example [a] [b][c] *open **open __ ~~\n\n" * n
        ),
        # One very long line of links, emphasis and brackets.
        lambda n: "# Headline\n\n" + "[a](/b) *c* [d](e ![f](/g) **h ((( [[ ]] " * (4 * n),
        # A text-browser dump: link markers and the numbered list of addresses.
        lambda n: (
            "Headline\n\n" + "* [1]News [2]Sport\n[3]A linked headline here\nprose that [4]runs on\n\n" * n
            + "References\n\n" + "1. https://site.example/a\n" * n
        ),
    ],
    ids=["many-lines", "one-long-line", "new-kinds", "markdown-scrape", "markdown-long-line", "link-list-dump"],
)
def test_ingest_time_grows_linearly_with_seed_size(make) -> None:
    small, large = make(500).encode(), make(2000).encode()
    _best_time(small, runs=1)  # warm caches before measuring
    ratio = _best_time(large) / _best_time(small)
    # 4x the input; quadratic work would take about 16x.
    assert ratio < 10, f"4x input took {ratio:.1f}x the time"


# -- page scrapes: Markdown-style and text-browser dumps ---------------------------------------------

# Everything a reader of a scraped page never sees as article text: addresses, host names (of
# linked sites and of the source's own domain), link and image syntax, menus, share rows.
SCRAPE_FURNITURE = (
    "http", "://", "www.", ".example", "mailto", "](", "![", "[1", "#main", "Skip to",
    "Log in", "Subscribe", "About us", "Contact", "Privacy", "Facebook", "Twitter", "LinkedIn",
    "Instagram", "Share", "Follow us", "Tags", "©", "Wayback", "Donate", "Home", "logo",
)
SCRAPES = {
    "markdown_blog_scrape.txt": dict(
        title="Court orders providers to block streaming portal",
        date=dt.date(2024, 12, 21),
        blocks=[
            ("paragraph", "The district court in Rotterdam ordered four internet providers on Friday to block a "
             "popular streaming portal, the anti-piracy group that brought the case said in a statement."),
            ("paragraph", "The judges found that the portal had made thousands of films available without "
             "permission, and that blocking was proportionate."),
            ("subheading", "What the providers said"),
            ("paragraph", "Two of the providers said they would comply with the order within ten days. A third "
             "said it would study the ruling with its lawyers before deciding whether to appeal."),
            ("paragraph", '"We will respect the decision of the court," a spokesperson said.'),
        ],
        related=("Appeals court upholds blocking order against torrent index",
                 "Providers fight new site-blocking law in parliament"),
        gone=("Maria Lindqvist", "Technology", "News", "server rack"),
    ),
    "markdown_news_portal.txt": dict(
        title="Regulator fines broadband firm over hidden throttling",
        date=dt.date(2019, 3, 3),
        blocks=[
            ("paragraph", "The national telecoms regulator has fined a broadband provider for slowing down "
             "video traffic without telling its customers, in the first penalty of its kind under the "
             "country's net neutrality rules."),
            ("paragraph", "The provider throttled streaming services at peak hours for more than a year, the "
             "regulator found after a complaint from a consumer group. It must now refund affected customers "
             "and publish its traffic management rules, according to the decision."),
            ("subheading", "A test case for the rules"),
            ("paragraph", 'Lawyers said the case would be watched closely by other providers. "This shows the '
             'rules have teeth," said one, who asked not to be named because she advises several operators.'),
            ("paragraph", "The provider said it would appeal, arguing that the measures protected the network "
             "during unusual peaks in demand."),
        ],
        related=("Broadband speeds fall short of advertised figures, survey finds",
                 "Parliament approves new copyright rules after late-night vote",
                 "Streaming prices rise for the third time this year"),
        gone=("Northgate Courier", "Tomasz Wrona", "Fibre cables", "Courier archive", "net neutrality |",
              "Most read", "Cookie"),
    ),
    "markdown_web_archive.txt": dict(
        title="Supreme court limits how long providers keep customer data",
        date=dt.date(2021, 5, 4),
        blocks=[
            ("paragraph", "The supreme court ruled on Tuesday that internet providers may keep their customers' "
             "connection records for no longer than six months, striking down a law that required them to "
             "store the data for two years."),
            # Escaped stars were stars on the page: they stay.
            ("paragraph", "The court said the longer period was *disproportionate* and that the law failed to "
             "say who could ask for the records and why. Prosecutors had used the data in a growing number "
             "of copyright cases, including one against the operator of a file-sharing site."),
            ("subheading", "What changes for providers"),
            ("paragraph", "Providers must delete older records within three months. The ministry of justice "
             "said it would present a new bill before the summer."),
        ],
        related=("Providers ask parliament to rethink data retention", "Court hears appeal in file-sharing case"),
        gone=("Kaja Tamm", "Podcasts", "Opinion", "===", "---", "* * *", "archive.org"),
    ),
    "link_list_dump.txt": dict(
        title="Police seize servers of subtitle site",
        date=dt.date(2017, 6, 14),
        blocks=[
            ("paragraph", "Police in Oslo have seized the servers of a popular subtitle site after a complaint "
             "from film distributors, the site's operators said on Wednesday."),
            ("paragraph", "The operators, two students, said they had never made money from the site and that "
             "the subtitles were written by volunteers. A lawyer for the distributors said subtitles were "
             "derivative works and needed permission."),
            ("subheading", "What happens next"),
            ("paragraph", "Prosecutors have not yet decided whether to bring charges. The students' lawyer said "
             "they would fight any case in court."),
        ],
        related=("Film distributors send warning letters to downloaders", "Court rules on linking to pirated films"),
        gone=("Fjord Post", "Ingrid Solberg", "[IMG]", "References", "Economy", "Advertise", "E-mail"),
    ),
}


# Scrapes from other tools, checked by headline, date, first words, subheadings and related list.
MORE_SCRAPES = {
    # A reader tool's output: "Title:", "URL Source:", "Published Time:", "Markdown Content:".
    "markdown_reader_tool.txt": ("Anatel expands crackdown on unlicensed TV boxes", dt.date(2023, 3, 14),
                                 "Brazil's telecoms regulator said on Tuesday", [], ()),
    # A blogging platform: "Open in app", author card with "7 min read · Jun 2, 2022", "Listen", "Share".
    "markdown_blog_platform.txt": ("Why a small ISP fought a blocking order for five years", dt.date(2022, 6, 2),
                                   "When a court first told a small cooperative", ["A question of cost"], ()),
    # A site's name as a setext "===" heading linking home, the headline as a "---" heading.
    "markdown_wordpress_setext.txt": ("BREIN reaches deal with Usenet provider", dt.date(2016, 3, 9),
                                      "The Dutch anti-piracy foundation BREIN has reached", [], ()),
    # Related headlines as thumbnail links broken over two lines by a hard break.
    "markdown_thumbnail_links.txt": (
        "Latvian police shut down pirate IPTV service with 50,000 subscribers", dt.date(2019, 3, 3),
        "Police in Latvia have shut down", [],
        ("Europol targets illegal streaming networks", "Court upholds fine for selling pirate set-top boxes"),
    ),
    # An author card ("#### [Sam Okafor](...)", "Oct 2, 2018 • 4 min read") under the headline and its image.
    "markdown_author_card.txt": (
        "Canada's regulator turns down website-blocking plan", dt.date(2018, 10, 2),
        "Canada's telecoms regulator has rejected", [],
        ("ISPs and broadcasters propose national blocking agency", "Copyright review begins with hearings in Ottawa"),
    ),
}


@pytest.mark.parametrize("name", sorted(MORE_SCRAPES))
def test_scrapes_of_other_tools_read_as_their_articles(name: str) -> None:
    title, date, opening, subheadings, related = MORE_SCRAPES[name]
    document = fixture(name)
    assert document.title == title
    assert (document.date, document.date_source) == (date, "dateline")
    assert document.blocks[0].kind == "paragraph" and document.blocks[0].text.startswith(opening)
    assert [block.text for block in document.blocks if block.kind == "subheading"] == subheadings
    assert document.related == related
    seen = "\n".join((document.text, *document.related))
    for furniture in (*SCRAPE_FURNITURE, "Open in app", "Sign in", "min read", "Listen", "Title:", "Source",
                      "Markdown Content", "--", "Lowlands Digital", "Sam Okafor", "Ana Ribeiro", "Privacy",
                      "Terms of use", "Comments", "Jan", "WordPress"):
        assert furniture not in seen, furniture
    assert document.text.count(title) == 1


def test_a_plain_page_dump_loses_its_addresses_and_keeps_its_text() -> None:
    document = fixture("plain_page_dump_with_addresses.txt")
    assert document.title == "Dutch ISPs ordered to block file-sharing site"
    assert (document.date, document.date_source) == (dt.date(2012, 1, 11), "dateline")
    assert "polder-post" not in document.text and "www." not in document.text
    assert document.blocks[-2].text.endswith("users could easily find ways around it.")
    assert document.blocks[-1].text == "The judge said the order was proportionate and gave the providers ten days to comply."


@pytest.mark.parametrize("name", sorted(SCRAPES))
def test_a_page_scrape_reads_as_its_article(name: str) -> None:
    expected = SCRAPES[name]
    document = fixture(name)
    assert document.title == expected["title"]
    assert kinds(document) == expected["blocks"]
    assert document.related == expected["related"]
    assert document.warnings == ()


@pytest.mark.parametrize("name", sorted(SCRAPES))
def test_a_page_scrape_is_dated_from_its_byline(name: str) -> None:
    document = fixture(name)
    assert (document.date, document.date_source) == (SCRAPES[name]["date"], "dateline")


@pytest.mark.parametrize("name", sorted(SCRAPES))
def test_no_menu_image_address_or_byline_of_a_scrape_reaches_the_text(name: str) -> None:
    document = fixture(name)
    seen = "\n".join((document.text, *document.related))
    for furniture in (*SCRAPE_FURNITURE, *SCRAPES[name]["gone"]):
        assert furniture not in seen, furniture
    # The headline appears once: never again as the summary's first paragraph or a subheading.
    assert document.text.count(document.title) == 1


def test_sources_yml_still_wins_over_a_scrapes_byline() -> None:
    data = (FIXTURES / "markdown_blog_scrape.txt").read_bytes()
    document = ingest("x.txt", data, SourceInfo(published=dt.date(2024, 12, 22)), RULES)
    assert (document.date, document.date_source) == (dt.date(2024, 12, 22), "sources")
    assert "the dateline says 2024-12-21" in " ".join(document.warnings)


MENU = "* [Home](https://site.example/)\n* [News](https://site.example/news/)\n\n"


def test_a_markdown_scrape_keeps_the_text_of_emphasis_and_links_but_not_their_syntax() -> None:
    document = read(
        f"{MENU}# A headline\n\nThe *court* ruled that **the site** must close, [the agency](/press/1) "
        "and __its lawyers__ said.\n"
    )
    assert document.title == "A headline"
    assert kinds(document) == [("paragraph", "The court ruled that the site must close, the agency and its lawyers said.")]


@pytest.mark.parametrize(
    "text",
    [
        "The fine was 2*3*4 times the profit, the court said, citing file_name_here and snake_case.",
        "A link that is no scrape's [click](javascript:alert(1)) stays, as does <b>markup</b>.",
        "Prices rose by 5 * 3 per cent * 2, it said, and the table (* marks estimates) was corrected.",
    ],
)
def test_text_that_is_no_scrape_markup_stays_literal_even_in_a_markdown_scrape(text: str) -> None:
    document = read(f"{MENU}# A headline\n\n{text}\n")
    assert kinds(document) == [("paragraph", text)]


def test_a_plain_seed_keeps_markdown_syntax_literally() -> None:
    text = "# Not a heading, and *stars* and [one link](https://site.example/a) stay as written."
    document = read(f"Head line\n\n{text}\n\nAnother paragraph, with __underscores__ and ## hashes.\n")
    assert kinds(document) == [
        ("paragraph", text),
        ("paragraph", "Another paragraph, with __underscores__ and ## hashes."),
    ]


def test_markdown_headings_are_subheadings_and_a_trailing_sidebar_heading_goes() -> None:
    long_heading = "Why the providers say the order goes further than any court has gone before in Europe"
    document = read(
        f"{MENU}# A headline\n\n{BODY}\n\n## {long_heading}\n\n{OTHER}\n\n## Short one\n\n{BODY}\n\n"
        "## Categories\n\n* [Piracy](/c/piracy)\n* [Courts](/c/courts)\n"
    )
    assert kinds(document) == [
        ("paragraph", BODY), ("subheading", long_heading), ("paragraph", OTHER),
        ("subheading", "Short one"), ("paragraph", BODY),
    ]


@pytest.mark.parametrize(
    "byline",
    [
        "By [Jane Doe](https://site.example/author/jane)",
        "by [Jane Doe](/author/jane) and [John Roe](/author/john)",
        "Author: [Jane Doe](/author/jane)",
        "*By [Jane Doe](/author/jane)*",
    ],
)
def test_a_byline_whose_author_is_a_link_is_dropped_not_a_subheading(byline: str) -> None:
    document = read(f"{MENU}# A headline\n\n{byline}\n\n{BODY}\n\n{OTHER}\n")
    assert kinds(document) == [("paragraph", BODY), ("paragraph", OTHER)]


@pytest.mark.parametrize(
    ("byline", "date"),
    [
        ("December 21, 2024 by [Maria Lindqvist](https://site.example/author/maria/)", dt.date(2024, 12, 21)),
        ("[December 21, 2024](https://site.example/2024/12/21/) by [Maria](/author/maria)", dt.date(2024, 12, 21)),
        ("By [Jane Doe](/author/jane) | March 3, 2019", dt.date(2019, 3, 3)),
        ("_Published: 2021-05-04 10:22_", dt.date(2021, 5, 4)),
        ("Posted on **6 March 2012** by [Jane](/author/jane)", dt.date(2012, 3, 6)),
        ("Updated: 4 May 2021 | Published: [3 May 2021](/2021/05/03/)", dt.date(2021, 5, 3)),
    ],
)
def test_a_linked_byline_with_a_date_is_the_dateline(byline: str, date: dt.date) -> None:
    document = read(f"{MENU}# A headline\n\n{byline}\n\n{BODY}\n")
    assert (document.date, document.date_source) == (date, "dateline")
    assert kinds(document) == [("paragraph", BODY)]


def test_the_headline_of_a_scrape_is_the_repeated_title_not_the_sites_name() -> None:
    document = read(
        "# Example Times\n\n[Home](/) | [World](/world)\n\n# Police raid tracker\n\n"
        "[Home](/) > [News](/news) > Police raid tracker\n\n# Police raid tracker\n\n"
        f"{BODY}\n\n{OTHER}\n"
    )
    assert document.title == "Police raid tracker"
    assert kinds(document) == [("paragraph", BODY), ("paragraph", OTHER)]


def test_a_scrape_without_a_repeated_title_takes_its_last_top_heading() -> None:
    document = read(f"# Example Times\n\n{MENU}# Police raid tracker\n\n{BODY}\n")
    assert document.title == "Police raid tracker"
    assert kinds(document) == [("paragraph", BODY)]


def test_a_linked_headline_is_still_the_headline() -> None:
    document = read(f"{MENU}# [Police raid tracker](https://site.example/2014/05/police-raid)\n\n{BODY}\n")
    assert document.title == "Police raid tracker"


def test_a_headline_repeated_in_a_plain_dump_is_not_the_summary() -> None:
    document = read(f"Anatel starts cutting off pirate TV boxes\n\nAnatel starts cutting off pirate TV boxes\n\n{BODY}\n")
    assert kinds(document) == [("paragraph", BODY)]


def test_a_page_title_with_the_sites_name_gives_way_to_the_headline() -> None:
    document = read(f"Police raid tracker in Montreal | Example Times\n\nPolice raid tracker in Montreal\n\n{BODY}\n")
    assert document.title == "Police raid tracker in Montreal"
    assert kinds(document) == [("paragraph", BODY)]


def test_a_short_line_never_takes_the_place_of_a_headline_with_a_dash() -> None:
    document = read(f"Sweden - the new pirate haven\n\nSweden\n\n{BODY}\n")
    assert document.title == "Sweden - the new pirate haven"


def test_images_and_their_captions_go_and_the_text_around_them_stays() -> None:
    document = read(
        f"{MENU}# A headline\n\n{BODY}\n\n![The court building](https://cdn.site.example/court.jpg)\n"
        "*The court building in The Hague. Photo: Jane Doe*\n\n"
        f"[![](https://cdn.site.example/ad.gif)](https://ads.example/click)\n\n{OTHER}\n"
    )
    assert kinds(document) == [("paragraph", BODY), ("paragraph", OTHER)]


def test_addresses_never_reach_the_text_the_tagger_sees() -> None:
    document = read(
        f"A headline\n\n{BODY} (https://www.bbc.example/news/123)\n\nhttps://www.riaa.example/press/2014\n\n"
        "The statement <https://www.ifpi.example/statement> was short.\n"
    )
    assert "example" not in document.text
    assert kinds(document) == [("paragraph", BODY), ("paragraph", "The statement was short.")]


def test_a_markdown_link_whose_text_is_an_address_leaves_nothing() -> None:
    document = read(
        f"{MENU}# A headline\n\n{BODY} See [https://www.court.example/ruling.pdf](https://www.court.example/ruling.pdf)\n"
    )
    assert "court.example" not in document.text


def test_a_breadcrumb_naming_the_sources_own_domain_is_dropped() -> None:
    document = read(
        f"# Police raid tracker\n\n[torrentnews.example](https://torrentnews.example/) > [News](/news/)\n\n"
        f"[Piracy](/piracy/) › Police raid tracker\n\n{BODY}\n\n{OTHER}\n"
    )
    assert "torrentnews" not in document.text and "Piracy" not in document.text
    assert kinds(document) == [("paragraph", BODY), ("paragraph", OTHER)]


def test_a_related_list_takes_linked_headlines_but_not_a_footer_menu() -> None:
    document = read(
        f"{MENU}# A headline\n\n{BODY}\n\n### Related posts\n\n"
        "* [Court fines tracker operator](/2024/01/fine)\n* [ISP appeals blocking order](/2024/02/appeal)\n\n"
        "[About](/about) | [Contact](/contact) | [Jobs](/jobs)\n"
    )
    assert document.related == ("Court fines tracker operator", "ISP appeals blocking order")
    assert kinds(document) == [("paragraph", BODY)]



_SCRAPE_LINES = st.sampled_from(
    [
        BODY,
        OTHER,
        "# Court Blocks Tracker",
        "## What the ruling means",
        "* [Home](https://site.example/)",
        "[Home](/) > [News](/news/) > Court Blocks Tracker",
        "![logo](/logo.png)",
        "*A caption under the logo*",
        "December 21, 2024 by [Jane Doe](/author/jane)",
        "The *court* said [the site](https://site.example/a) must **close** within __ten__ days.",
        "Share: [Facebook](https://facebook.example/share) [X](https://x.example/share)",
        "### Related posts",
        "* [Another court blocks a tracker](/2024/01/other)",
        "[About](/about) | [Contact](/contact)",
        "2*3*4 and snake_case_name and [x](javascript:alert(1))",
        "===",
        "* * *",
        "",
    ]
)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(_SCRAPE_LINES, min_size=1, max_size=25), joiner=st.sampled_from(["\n", "\n\n"]))
def test_reading_a_scrape_only_removes_markup_and_furniture(lines: list[str], joiner: str) -> None:
    # Behind a menu of two links, as page scrapes are: a seed with fewer is no Markdown scrape.
    try:
        document = read(MENU + joiner.join(lines))
    except SeedError:
        return
    source = " ".join(lines)
    for piece in (document.title, *(block.text for block in document.blocks), *document.related):
        # Every word shown was in the seed (links and emphasis give their text, never their syntax)...
        assert all(word in source for word in piece.split()), piece
        # ...and no scraped address or link syntax is shown.
        assert "https://" not in piece and "](/" not in piece and "![" not in piece, piece


def test_a_reader_tools_title_label_is_not_part_of_the_headline() -> None:
    document = read(
        "Title: Regulator fines broadband firm\n\nURL Source: https://site.example/a\n\n"
        "Published Time: 2019-03-03T09:30:00Z\n\nMarkdown Content:\n"
        f"{BODY} It cited [the law](https://site.example/law) and [a ruling](https://site.example/r).\n"
    )
    assert document.title == "Regulator fines broadband firm"
    assert (document.date, document.date_source) == (dt.date(2019, 3, 3), "dateline")
    assert kinds(document) == [("paragraph", f"{BODY} It cited the law and a ruling.")]


def test_a_plain_seeds_headline_keeps_a_title_label() -> None:
    assert read(f"Title: A headline\n\n{BODY}\n").title == "Title: A headline"
